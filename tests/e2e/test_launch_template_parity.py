"""Parity of aws_launch_template with hashicorp/aws 5.100.0, one terraform
run per provider for what were two: the configurations of
test_launch_template.py (the common arguments, a network interface, tags,
default version) and test_launch_template_blocks.py (the less common blocks:
capacity_reservation_specification, credit_specification,
elastic_gpu_specifications, instance_market_options, instance_requirements,
the interfaces' connection tracking and ENA Express), each a module of one
root configuration.

Each provider, on its own emulator: the create planned (-out, plan JSON) and
applied, a clean re-plan, what was stored in the emulator read back, every
module updated (a new version; planned, applied, clean re-plan), the blocks'
templates imported by id and planned clean, the other provider planning the
state clean, destroy to an empty emulator.  Equal to hashicorp's, modulo
the ids the emulator generates: the plans (values, unknowns, actions) and
states of every aws_launch_template after the create and after the update,
the blocks' imported states and stored launch template data; and our
values of the blocks as written.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \\
     /usr/bin/python3 -m pytest tests/e2e/test_launch_template_parity.py
"""
import netkit
import tfharness
from netkit import NetEnv
from paritykit import in_module, plan_json, state_values, write_modules

import test_launch_template as lt
import test_launch_template_blocks as blocks

STEPS = {
    'create': {'lt': lt.config(), 'blocks': blocks.LT % blocks.V1},
    'update': {'lt': lt.config(**lt.UPDATED), 'blocks': blocks.LT % blocks.V2},
}
BLOCKS = ['module.blocks.aws_launch_template.' + n for n in blocks.NAMES]


def run(tmp_path, which):
    """Plans, states and emulator data of the lifecycle with one provider."""
    out = {}
    env = NetEnv(tmp_path / which)
    try:
        tf = env.terraform(which, '')   # (init before the modules exist)
        for step in STEPS:
            write_modules(tf, STEPS[step], root=step == 'create')
            if step == 'create':
                tf.run('get')
            out['plan ' + step] = plan_json(tf)
            tf.run('apply', '-input=false', 'p.tfplan')
            out['state ' + step] = state_values(tf)
            tf.assert_clean()
            if step == 'create':
                ids = {n: out['state create'][a]['id'] for n, a in zip(blocks.NAMES, BLOCKS)}
                out['data create'] = {
                    n: env.ec2('DescribeLaunchTemplateVersions', LaunchTemplateId=ids[n],
                               Versions=['$Latest'])['LaunchTemplateVersions'][0][
                                   'LaunchTemplateData']
                    for n in blocks.NAMES}
        for n, addr in zip(blocks.NAMES, BLOCKS):
            tf.state_rm(addr)
            tf.import_(addr, ids[n])
        out['state import'] = {a: v for a, v in state_values(tf).items() if a in BLOCKS}
        tf.assert_clean()
        tf.use('ours' if which == 'hashicorp' else 'hashicorp')
        tf.assert_clean()
        tf.use(which)
        tf.destroy()
        env.assert_empty()
    finally:
        env.close()
    return out


def generic(addr, value, plan=False):
    """Each test's own normalisation: test_launch_template's for its module,
    test_launch_template_blocks' for the blocks (set-like lists sorted in
    states and stored data)."""
    value = netkit.normalise(value, {})
    if addr.startswith('module.lt.'):
        return lt.generic(value)
    value = blocks.generic(value)
    return value if plan else blocks.sets_sorted(value)


def test_parity(tmp_path):
    tfharness.require_hashicorp()
    ref = run(tmp_path, 'hashicorp')
    ours = run(tmp_path, 'ours')

    # test_launch_template_blocks: our values of the blocks as written
    st = in_module(ours['state create'], 'blocks')
    a, t, r = (st['aws_launch_template.' + n] for n in blocks.NAMES)
    assert a['credit_specification'] == [{'cpu_credits': 'unlimited'}]
    assert a['elastic_gpu_specifications'] == [{'type': 'eg1.medium'}]
    assert a['instance_market_options'][0]['spot_options'][0]['valid_until'] == \
        '2030-01-02T03:04:05Z'
    eni = a['network_interfaces'][0]
    assert eni['connection_tracking_specification'][0]['tcp_established_timeout'] == 120
    assert eni['ena_srd_specification'][0]['ena_srd_udp_specification'] == \
        [{'ena_srd_udp_enabled': False}]
    assert t['capacity_reservation_specification'][0]['capacity_reservation_target'][0][
        'capacity_reservation_resource_group_arn'].endswith(':group/crg')
    req = r['instance_requirements'][0]
    assert req['memory_gib_per_vcpu'] == [{'min': 0.5, 'max': 4}]
    assert req['baseline_ebs_bandwidth_mbps'] == [{'min': 0, 'max': 10000}]
    data = ours['data create']
    assert data['all']['CreditSpecification'] == {'CpuCredits': 'unlimited'}
    assert data['req']['InstanceRequirements']['VCpuCount'] == {'Min': 2, 'Max': 8}
    upd = in_module(ours['state update'], 'blocks')
    assert upd['aws_launch_template.req']['instance_requirements'][0][
        'memory_gib_per_vcpu'] == [{'min': 0.5, 'max': 8.25}]
    assert upd['aws_launch_template.all']['latest_version'] == 2

    problems = []
    for key in ('state create', 'state update', 'state import', 'data create'):
        addrs = [a for a in sorted(ref[key])
                 if not key.startswith('state') or '.aws_launch_template.' in a]
        assert len(addrs) == (3 if key in ('state import', 'data create') else 5), addrs
        for addr in addrs:
            problems += netkit.diff(generic(addr, ours[key].get(addr)),
                                    generic(addr, ref[key][addr]), '%s %s' % (key, addr))
    for key in ('plan create', 'plan update'):
        addrs = [a for a in sorted(ref[key]) if '.aws_launch_template.' in a]
        assert len(addrs) == 5, sorted(ref[key])
        for addr in addrs:
            for part in ('after', 'after_unknown', 'actions'):
                problems += netkit.diff(generic(addr, ours[key][addr][part], plan=True),
                                        generic(addr, ref[key][addr][part], plan=True),
                                        '%s %s %s' % (key, addr, part))
    assert not problems, '\n'.join(problems)

"""Parity of the ELBv2 family with hashicorp/aws 5.100.0, one terraform run
per provider for what were three: the configurations of test_elbv2.py
(aws_lb/aws_alb, target groups, listeners: the PARITY configuration),
test_elbv2_extras.py (listener rules, certificates, attachments, data
aws_ecs_task_definition) and its source_ip stickiness target group, each a
module of one root configuration.  hashicorp/aws waits a minute for every
load balancer it creates (30 s before its first look, twice), so one apply
instead of three (test_elbv2's applied twice) saves minutes too.

Each provider, on its own emulator: the create planned (-out, plan JSON) and
applied, the emulator's objects checked (test_elbv2_extras.check_applied),
a refresh (-refresh-only), a clean re-plan, the other provider planning the
state clean, destroy to an empty emulator.  Compared with hashicorp's,
modulo the ids the emulator generates:

  elbv2   the state after the apply and the refreshed state of every
          aws_lb/aws_alb* resource;
  extras  the create plan and the state after the apply of its types, and
          the data source;
  sticky  the source_ip group's stickiness after the refresh.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \\
     /usr/bin/python3 -m pytest tests/e2e/test_elbv2_parity.py
"""
import re

import netkit
from netkit import NetEnv
from paritykit import in_module, plan_json, state_values, write_modules

import test_elbv2 as elbv2
import test_elbv2_extras as extras

MODULES = {'elbv2': elbv2.PARITY, 'extras': extras.config(), 'sticky': extras.SOURCE_IP_TG}


def run(tmp_path, which):
    env = NetEnv(tmp_path / which)
    try:
        tf = env.terraform(which, '')   # (init before the modules exist)
        write_modules(tf, MODULES, root=True)
        tf.run('get')
        out = {'plan': plan_json(tf)}
        tf.run('apply', '-input=false', 'p.tfplan')
        out['applied'] = state_values(tf)
        extras.check_applied(env, in_module(out['applied'], 'extras'))
        tf.run('apply', '-refresh-only', '-auto-approve', '-input=false')
        out['refreshed'] = state_values(tf)
        tf.assert_clean()
        tf.use('ours' if which == 'hashicorp' else 'hashicorp')
        tf.assert_clean()
        tf.use(which)
        tf.destroy()
        env.assert_empty()
        return out
    finally:
        env.close()


def test_parity(tmp_path):
    netkit.require('hashicorp')
    netkit.require('ours')
    ref = run(tmp_path, 'hashicorp')
    ours = run(tmp_path, 'ours')
    problems = []

    # test_elbv2: the state of the load balancer types written by the apply
    # (what hashicorp's create reads back: an application load balancer's
    # enable_cross_zone_load_balancing true) and after the refresh
    for when in ('applied', 'refreshed'):
        want = {a: elbv2._normalise(v) for a, v in in_module(ref[when], 'elbv2').items()}
        got = {a: elbv2._normalise(v) for a, v in in_module(ours[when], 'elbv2').items()}
        addrs = [a for a in sorted(want) if re.match(r'aws_(a?lb|alb)[._]', a)]
        assert len(addrs) == 7, sorted(want)
        for addr in addrs:
            problems += netkit.diff(got.get(addr, {}), want[addr], 'elbv2 %s %s' % (when, addr))
    assert in_module(ours['applied'], 'elbv2')['aws_lb.gen']['enable_cross_zone_load_balancing']

    # test_elbv2_extras: the create plan and the applied state of its types,
    # the data source
    def mine(values):
        return {a: extras.normal(v) for a, v in in_module(values, 'extras').items()
                if a.split('.')[0] in extras.TYPES}
    problems += netkit.diff(mine(ours['plan']), mine(ref['plan']), 'extras plan')
    problems += netkit.diff(mine(ours['applied']), mine(ref['applied']), 'extras state')
    ds = 'data.aws_ecs_task_definition.td'
    problems += netkit.diff(extras.normal(in_module(ours['applied'], 'extras')[ds]),
                            extras.normal(in_module(ref['applied'], 'extras')[ds]),
                            'extras data')

    # the source_ip target group: no cookie, as hashicorp/aws reads it
    tg = 'module.sticky.aws_lb_target_group.t'
    assert ours['refreshed'][tg]['stickiness'] == [{
        'cookie_duration': 0, 'cookie_name': '', 'enabled': True, 'type': 'source_ip'}]
    problems += netkit.diff(ours['refreshed'][tg]['stickiness'],
                            ref['refreshed'][tg]['stickiness'], 'sticky')
    assert not problems, '\n'.join(problems)

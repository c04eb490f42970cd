"""Parity of the Auto Scaling family with hashicorp/aws 5.100.0, one
terraform run per provider for what were three: the configurations of
test_autoscaling_blocks.py (mixed_instances_policy, warm_pool, traffic
sources...), test_autoscaling_policy.py (every policy type) and
test_autoscaling_lt.py (a group on launch templates), each a module of one
root configuration, so hashicorp/aws starts a third as often.

Each provider, on its own emulator: the create planned (-out, plan JSON) and
applied, a clean re-plan, every module updated (planned, applied, clean
re-plan), the other provider planning the state clean, destroy to an empty
emulator.  Compared with hashicorp's, modulo the ids the emulator generates:

  blocks  plan (actions, after, after_unknown) and state of both groups,
          after the create and after the update;
  policy  plan and state of every aws_autoscaling_policy, create and update;
  lt      the group's create plan (after, after_unknown) and its state after
          the update (the switch to a template by name).

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \\
     /usr/bin/python3 -m pytest tests/e2e/test_autoscaling_parity.py
"""
import json
import re

import netkit
from netkit import NetEnv
from paritykit import plan_json, state_values, write_modules

import test_autoscaling_blocks as blocks
import test_autoscaling_lt as lt
import test_autoscaling_policy as policy

STEPS = {
    'create': {'blocks': blocks.config(), 'policy': policy.config(), 'lt': lt.config()},
    'update': {'blocks': blocks.config(**blocks.UPDATED),
               'policy': policy.config(**policy.UPDATED),
               'lt': lt.config(itype='t3.small', lt=lt.LT_NAME)},
}


def run(tmp_path, which):
    env = NetEnv(tmp_path / which)
    try:
        tf = env.terraform(which, '')   # (init before the modules exist)
        plans, states = {}, {}
        for step in STEPS:
            write_modules(tf, STEPS[step], root=step == 'create')
            if step == 'create':
                tf.run('get')
            plans[step] = plan_json(tf)
            tf.run('apply', '-input=false', 'p.tfplan')
            states[step] = state_values(tf)
            tf.assert_clean()
        tf.use('ours' if which == 'hashicorp' else 'hashicorp')
        tf.assert_clean()
        tf.use(which)
        tf.destroy()
        blocks.wait_empty(env)
        return plans, states
    finally:
        env.close()


def policy_generic(value):
    return json.loads(re.sub(r'scalingPolicy:[0-9a-f-]{36}', 'scalingPolicy:<uuid>',
                             json.dumps(netkit.normalise(value, {}))))


def test_parity(tmp_path):
    netkit.require('hashicorp')
    ref_plans, ref_states = run(tmp_path, 'hashicorp')
    plans, states = run(tmp_path, 'ours')
    problems = []

    # test_autoscaling_blocks: both groups, plan and state, create and update
    for step in STEPS:
        for name in ('mixed', 'warm'):
            addr = 'module.blocks.aws_autoscaling_group.' + name
            problems += netkit.diff(blocks.generic(states[step][addr]),
                                    blocks.generic(ref_states[step][addr]),
                                    '%s state %s' % (step, addr))
            for part in ('actions', 'after', 'after_unknown'):
                problems += netkit.diff(blocks.generic(plans[step][addr][part]),
                                        blocks.generic(ref_plans[step][addr][part]),
                                        '%s plan %s %s' % (step, addr, part))

    # test_autoscaling_policy: every policy, plan and state, create and update
    for step in STEPS:
        addrs = [a for a in sorted(ref_states[step])
                 if a.startswith('module.policy.aws_autoscaling_policy.')]
        assert len(addrs) == 6, sorted(ref_states[step])
        for addr in addrs:
            problems += netkit.diff(policy_generic(states[step].get(addr)),
                                    policy_generic(ref_states[step][addr]),
                                    'state %s %s' % (step, addr))
            for part in ('after', 'after_unknown', 'actions'):
                problems += netkit.diff(policy_generic(plans[step][addr][part]),
                                        policy_generic(ref_plans[step][addr][part]),
                                        'plan %s %s %s' % (step, addr, part))

    # test_autoscaling_lt: the group's create plan, its state after the update
    addr = 'module.lt.aws_autoscaling_group.g'
    ours, ref = lt.generic(states['update'][addr]), lt.generic(ref_states['update'][addr])
    for k in lt.KNOWN_GROUP_DIFFERENCES:
        assert not ours.get(k) and not ref.get(k), (k, ours.get(k), ref.get(k))
        ours.pop(k, None), ref.pop(k, None)
    problems += netkit.diff(ours, ref, 'lt state ' + addr)
    for part in ('after', 'after_unknown'):
        problems += netkit.diff(lt.generic(plans['create'][addr][part]),
                                lt.generic(ref_plans['create'][addr][part]),
                                'lt plan %s' % part)
    assert not problems, '\n'.join(problems)

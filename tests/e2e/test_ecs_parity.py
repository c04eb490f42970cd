"""Parity of the ECS family with hashicorp/aws 5.100.0, one terraform run per
provider for what were three: test_ecs.py's deployment (cluster, task
definition, service: its state after a refresh, and hashicorp's state planned
clean by ours) and test_ecs_capacity.py's (capacity providers on Auto Scaling
groups, the service's strategy, Application Auto Scaling target and
policies: plans and state), each a module of one root configuration.

Each provider, on its own emulator: the create planned (-out, plan JSON) and
applied, a refresh (-refresh-only), the capacity module's update and its
move to a launch type planned (plan JSON, not applied), the other provider
planning the state clean, destroy to an empty emulator.  Compared with
hashicorp's, modulo generated ids and revisions:

  ecs       the state after the apply and the refreshed state of every
            resource (all but `revision`);
  capacity  the create plan, the refreshed state (of the service only the
            strategy: test_ecs compares the rest), the update plan and the
            launch type plan of its types.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \\
     /usr/bin/python3 -m pytest tests/e2e/test_ecs_parity.py
"""
import json
import re

import netkit
from netkit import NetEnv
from paritykit import in_module, plan_json, state_values, write_modules

import test_ecs as ecs
import test_ecs_capacity as capacity

ECS = ecs.full(1)
STEPS = {
    'create': capacity.config(),
    'update': capacity.config(target_capacity=90, min_capacity=2, max_capacity=6,
                              target_value=70, step_cooldown=90, weight=2),
    'switch': capacity.config(placement='  launch_type = "EC2"'),
}


def capacity_plan(tf):
    """test_ecs_capacity.plan_json's view of the capacity module's plan."""
    return {a: {'actions': c['actions'], 'after': c['after'],
                'after_unknown': c['after_unknown'], 'replace_paths': c.get('replace_paths')}
            for a, c in in_module(plan_json(tf), 'capacity').items()
            if a.startswith(capacity.MINE)}


def run(tmp_path, which):
    env = NetEnv(tmp_path / which)
    try:
        tf = env.terraform(which, '')   # (init before the modules exist)
        write_modules(tf, {'ecs': ECS, 'capacity': STEPS['create']}, root=True)
        tf.run('get')
        out = {'create plan': capacity_plan(tf)}
        tf.run('apply', '-input=false', 'p.tfplan')
        out['applied'] = state_values(tf)
        tf.apply('-refresh-only')
        out['refreshed'] = state_values(tf)
        for step in ('update', 'switch'):
            write_modules(tf, {'capacity': STEPS[step]})
            out[step + ' plan'] = capacity_plan(tf)
        write_modules(tf, {'capacity': STEPS['create']})
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

    # test_ecs: the state written by the apply (what hashicorp's create
    # reads back: propagate_tags "NONE", container_definitions in AWS's
    # form) and the refreshed state, revisions differing only by number
    def strip(v):
        return json.loads(re.sub(r'demo-wp:\d+', 'demo-wp:N', json.dumps(v)))
    diffs = []
    for when in ('applied', 'refreshed'):
        o_all, r_all = in_module(ours[when], 'ecs'), in_module(ref[when], 'ecs')
        assert len(r_all) == 3, sorted(r_all)
        for addr in sorted(set(o_all) | set(r_all)):
            o, r = strip(o_all.get(addr, {})), strip(r_all.get(addr, {}))
            for k in sorted(set(o) | set(r)):
                if k == 'revision':
                    continue
                if o.get(k, '<missing>') != r.get(k, '<missing>'):
                    diffs.append('ecs %s %s.%s: ours %r, hashicorp %r'
                                 % (when, addr, k, o.get(k), r.get(k)))
    applied = in_module(ours['applied'], 'ecs')
    assert applied['aws_ecs_service.s']['propagate_tags'] == 'NONE'
    # AWS's form: lists the configuration left out, which the plan's lacks
    assert '"volumesFrom":[]' in applied['aws_ecs_task_definition.t']['container_definitions']
    assert not diffs, '\n'.join(diffs)

    # test_ecs_capacity: plans and the refreshed state of its types
    problems = []
    for what in ('create plan', 'state', 'update plan', 'switch plan'):
        if what == 'state':
            r_all = capacity.generic(in_module(ref['refreshed'], 'capacity'))
            o_all = capacity.generic(in_module(ours['refreshed'], 'capacity'))
        else:
            r_all, o_all = capacity.generic(ref[what]), capacity.generic(ours[what])
        addrs = [a for a in sorted(set(r_all) | set(o_all)) if a.startswith(capacity.MINE)]
        assert len(addrs) >= 8, (what, addrs)
        for addr in addrs:
            r, o = r_all.get(addr, {}), o_all.get(addr, {})
            if what == 'state' and addr.startswith('aws_ecs_service.'):
                # Compared in test_ecs.py; only the strategy matters here.
                r = {k: r.get(k) for k in ('capacity_provider_strategy', 'launch_type')}
                o = {k: o.get(k) for k in ('capacity_provider_strategy', 'launch_type')}
            if what != 'state' and addr.startswith('aws_ecs_service.'):
                keep = ('capacity_provider_strategy', 'launch_type')
                r = {k: v for k, v in r.items() if k != 'after'} | {
                    k: (r.get('after') or {}).get(k) for k in keep}
                o = {k: v for k, v in o.items() if k != 'after'} | {
                    k: (o.get('after') or {}).get(k) for k in keep}
            problems += netkit.diff(o, r, '%s %s' % (what, addr))
    assert not problems, '\n'.join(problems)

"""The project's own form of terraform-aws-modules/alb's examples/complete-nlb
(fixtures/nlb-complete/main.tf: the same types and arguments, no module
trees): against one emulator holding the public hosted zone the certificate
is validated in, hashicorp/aws 5.100.0's plan and ours are equal (addresses,
actions, values, unknowns), then ours applies it, plans nothing more and
destroys it, leaving the emulator as it was.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \\
     /usr/bin/python3 -m pytest tests/e2e/test_nlb_complete.py
"""
import json
import os
import re

import netkit
import paritykit
from netkit import NetEnv

FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures', 'nlb-complete',
                       'main.tf')
DOMAIN = 'nlb-ci.example.com'

ID_RE = re.compile(r'\b([a-z][a-z0-9]*(?:-[a-z]+)*)-([0-9a-f]{8,17})\b')
ACCOUNT_RE = re.compile(r'\b\d{12}\b')


def normalise(v):
    """AWS ids and account numbers out; lists compared as multisets (sets
    come out in either provider's order)."""
    if isinstance(v, dict):
        return {k: normalise(x) for k, x in v.items()}
    if isinstance(v, list):
        return sorted((normalise(x) for x in v), key=lambda e: json.dumps(e, sort_keys=True))
    if isinstance(v, str):
        return ACCOUNT_RE.sub('<account>', ID_RE.sub(lambda m: '<%s-id>' % m.group(1), v))
    return v


def plan_of(tf):
    return {a: normalise({k: c.get(k) for k in ('actions', 'after', 'after_unknown')})
            for a, c in paritykit.plan_json(tf).items()}


def held(state):
    """The emulator's objects: service -> kind -> sorted ids."""
    return json.dumps(state.get('services', state), sort_keys=True)


def test_nlb_complete(tmp_path):
    netkit.require('ours')
    with open(FIXTURE) as f:
        config = f.read()
    env = NetEnv(tmp_path)
    try:
        env.emu._control('POST', 'service/route53/seed-zone', {'name': DOMAIN})
        before = held(env.state())
        ours = env.terraform('ours', config, name='ours')
        mine = plan_of(ours)
        # 32 resources, and the 5 policy documents read once the bucket exists
        assert len(mine) == 37, sorted(mine)
        assert sum(c['actions'] == ['read'] for c in mine.values()) == 5
        assert mine['aws_lb.this']['actions'] == ['create']
        if netkit.tfharness.hashicorp_missing() is None:
            ref = plan_of(env.terraform('hashicorp', config, name='hashicorp'))
            assert sorted(mine) == sorted(ref)
            diffs = [line for a in sorted(ref) for line in netkit.diff(mine[a], ref[a], a)]
            assert not diffs, '\n'.join(diffs)

        ours.run('apply', '-input=false', 'p.tfplan')
        state = ours.resources()
        lb = state['aws_lb.this']
        assert lb['load_balancer_type'] == 'network'
        assert sorted(m['allocation_id'] for m in lb['subnet_mapping']) == \
            sorted(state['aws_eip.this[%d]' % i]['id'] for i in range(2))
        assert lb['access_logs'][0]['bucket'] == state['aws_s3_bucket.logs']['id']
        tls = state['aws_lb_listener.this["ex-four"]']
        assert tls['certificate_arn'] == state['aws_acm_certificate.this']['arn']
        assert tls['ssl_policy'] == 'ELBSecurityPolicy-TLS13-1-2-Res-2021-06'
        assert state['aws_lb_listener.this["ex-three"]']['tcp_idle_timeout_seconds'] == 60
        four = state['aws_lb_target_group.this["ex-target-four"]']
        assert four['target_health_state'] == [{'enable_unhealthy_connection_termination': False,
                                                'unhealthy_draining_interval': 600}]
        assert state['aws_lb_target_group_attachment.this["ex-target-three"]']['target_id'] == \
            state['aws_instance.this']['private_ip']
        assert state['aws_acm_certificate_validation.this']['certificate_arn'] == tls['certificate_arn']
        ours.assert_clean()

        ours.destroy()
        assert held(env.state()) == before
    finally:
        env.close()

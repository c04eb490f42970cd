"""Our AWS client (C) against the emulator, which verifies every signature.

tests/aws/aws_smoke.c makes the calls the seed deployment needs across the
three protocols (ec2, query, json); here it runs against a fresh emulator
and the emulator's call log must show each operation answered 200 — an
unsigned or badly signed request would have been refused.
"""
import os
import subprocess

import tfharness

REPO = tfharness.REPO


def smoke_bin():
    return os.environ.get('TFP_AWS_SMOKE', os.path.join(REPO, 'build', 'tests', 'aws_smoke'))


def run_smoke(emu, secret):
    return subprocess.run([smoke_bin(), '--endpoint', emu.url, '--access-key', emu.access_key,
                           '--secret-key', secret, '--region', emu.region],
                          capture_output=True, text=True, timeout=120)


def test_client_calls_are_accepted(emulator):
    r = run_smoke(emulator, emulator.secret_key)
    assert r.returncode == 0, r.stdout + r.stderr
    ops = emulator.operations()
    assert {'GetCallerIdentity'} <= ops.get('sts', set())
    assert {'DescribeAvailabilityZones', 'CreateVpc', 'DescribeVpcs', 'DeleteVpc'} <= ops.get('ec2', set())
    assert {'CreateCluster', 'DeleteCluster', 'ListClusters'} <= ops.get('ecs', set())
    assert 'DescribeLoadBalancers' in ops.get('elasticloadbalancing', set()) | ops.get('elbv2', set())
    assert 'DescribeAutoScalingGroups' in ops.get('autoscaling', set())
    assert emulator.state()['empty']


def test_wrong_secret_is_refused(emulator):
    r = run_smoke(emulator, 'not-the-secret')
    assert r.returncode != 0
    assert 'SignatureDoesNotMatch' in r.stdout + r.stderr
    # nothing was created with a bad signature
    assert emulator.state()['empty']


"""State parity for aws_security_group: the seed deployment's two security
groups (terraform/alb.tf and terraform/autoscaling.tf, taken verbatim, with
the VPC made by a signed EC2 call) applied once with hashicorp/aws 5.100.0
and once with our provider, each against a fresh emulator; the states must
be equal attribute by attribute once AWS-generated ids are normalised.  A
state written by one provider must also plan clean with the other, and an
import must give both providers the same state.

Run: TFP_PROVIDER_BIN=<build>/terraform-provider-aws \\
     /usr/bin/python3 -m pytest tests/e2e/test_net_parity_sg.py
"""
import json
import os
import re

import pytest

import netkit
import tfharness
from paritykit import state_values

SEED = os.path.join(tfharness.REPO, 'terraform')
SEED_SGS = ('aws_security_group.ecs-lb-sg', 'aws_security_group.ecs-ec2-sg')


def seed_block(path, head):
    """The text of one top-level block of a seed file, e.g.
    head='resource "aws_security_group" "ecs-lb-sg"'."""
    with open(os.path.join(SEED, path)) as f:
        text = f.read()
    m = re.search(r'^%s \{\n.*?^\}\n' % re.escape(head), text, re.S | re.M)
    assert m, 'no %s in %s' % (head, path)
    return m.group(0)


def seed_config(vpc):
    text = '\n'.join([seed_block('variables.tf', 'variable "name"'),
                      seed_block('variables.tf', 'variable "vpc_cidr"'),
                      seed_block('alb.tf', 'resource "aws_security_group" "ecs-lb-sg"'),
                      seed_block('autoscaling.tf', 'resource "aws_security_group" "ecs-ec2-sg"')])
    assert 'aws_vpc.ecs-vpc.id' in text
    return text.replace('aws_vpc.ecs-vpc.id', '"%s"' % vpc)


def apply_seed(tmp_path, which):
    """(env, tf, vpc id, state) with the seed's groups applied by `which`."""
    netkit.require(which)
    (tmp_path / which).mkdir()
    env = netkit.NetEnv(tmp_path / which)
    vpc = env.ec2('CreateVpc', CidrBlock='10.0.0.0/16')['Vpc']['VpcId']
    tf = env.terraform(which, seed_config(vpc))
    tf.apply()
    tf.assert_clean()
    return env, tf, vpc, state_values(tf)


def normalised(state):
    ids = {}
    return {addr: netkit.normalise(state[addr], ids) for addr in SEED_SGS}


@pytest.fixture(scope='module')
def both(tmp_path_factory):
    """One apply per provider for the module's tests (hashicorp/aws takes
    seconds of CPU to start): they leave the state as they found it, but
    test_import_equal, last, which re-imports the groups."""
    tmp_path = tmp_path_factory.mktemp('both')
    made = []
    try:
        for which in ('hashicorp', 'ours'):
            made.append(apply_seed(tmp_path, which))
        yield {'hashicorp': made[0], 'ours': made[1]}
    finally:
        for env, tf, vpc, _ in made:
            try:
                tf.destroy()
                env.ec2('DeleteVpc', VpcId=vpc)
            finally:
                env.close()


def report(diffs):
    for d in diffs:
        print('  ' + d)
    return diffs


def test_states_equal(both):
    ours, ref = normalised(both['ours'][3]), normalised(both['hashicorp'][3])
    assert report(netkit.diff(ours, ref)) == []
    # the seed's rules really are there, and nothing else
    lb = both['ours'][3]['aws_security_group.ecs-lb-sg']
    assert [r['from_port'] for r in lb['ingress']] == [80]
    assert [r['protocol'] for r in lb['egress']] == ['-1']


def test_state_switches_provider(both):
    """hashicorp's state plans clean with ours, ours with hashicorp's."""
    for writer, reader in (('hashicorp', 'ours'), ('ours', 'hashicorp')):
        tf = both[writer][1]
        tf.use(reader)
        code, out = tf.plan()
        assert code == 0, '%s state planned by %s:\n%s' % (writer, reader, out)
        tf.use(writer)


def test_import_equal(both):
    imported = {}
    for which in ('hashicorp', 'ours'):
        tf, state = both[which][1], both[which][3]
        for addr in SEED_SGS:
            tf.state_rm(addr)
            tf.import_(addr, state[addr]['id'])
        imported[which] = normalised(state_values(tf))
    assert report(netkit.diff(imported['ours'], imported['hashicorp'])) == []
    print(json.dumps(imported['ours'], indent=1, sort_keys=True)[:2000])

"""State parity for aws_internet_gateway, aws_route_table and
aws_route_table_association: the same configuration (a VPC, an internet
gateway, a route table with a default route through it, two subnets and
their associations, plus a gateway association) applied with hashicorp/aws
5.100.0 and with our provider, each against a fresh emulator, must give the
same state attribute by attribute once AWS-generated ids are normalised.
Imports must reproduce it too, and a state written by one provider must
plan clean with the other, both ways.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \
     /usr/bin/python3 -m pytest tests/e2e/test_net_parity_routes.py
"""

import netkit
from netkit import NetEnv
from paritykit import state_values

CONFIG = '''
resource "aws_vpc" "main" {
  cidr_block = "10.20.0.0/16"
  tags = { Name = "parity" }
}

resource "aws_internet_gateway" "gw" {
  vpc_id = aws_vpc.main.id
  tags = { Name = "parity-gw" }
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.gw.id
  }
  tags = { Name = "parity-public" }
}

resource "aws_route_table" "edge" {
  vpc_id = aws_vpc.main.id
}

resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.20.1.0/24"
  availability_zone = "us-east-1a"
}

resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.20.2.0/24"
  availability_zone = "us-east-1b"
}

resource "aws_route_table_association" "a" {
  subnet_id      = aws_subnet.a.id
  route_table_id = aws_route_table.public.id
}

resource "aws_route_table_association" "b" {
  subnet_id      = aws_subnet.b.id
  route_table_id = aws_route_table.public.id
}

resource "aws_route_table_association" "edge" {
  gateway_id     = aws_internet_gateway.gw.id
  route_table_id = aws_route_table.edge.id
}
'''

MINE = ('aws_internet_gateway', 'aws_route_table', 'aws_route_table_association')


def applied(tmp_path, which):
    env = NetEnv(tmp_path / which)
    tf = env.terraform(which, CONFIG)
    p = tf.run('apply', '-auto-approve', '-input=false', ok=None)
    assert p.returncode == 0, p.stdout[-4000:] + p.stderr[-4000:]
    return env, tf


def mine(resources):
    return {k: v for k, v in resources.items() if k.split('.')[0] in MINE}


def test_parity_import_and_switch(tmp_path):
    netkit.require('hashicorp')
    netkit.require('ours')
    envs = []
    try:
        ref_env, ref = applied(tmp_path, 'hashicorp')
        envs.append(ref_env)
        our_env, ours = applied(tmp_path, 'ours')
        envs.append(our_env)
        check_parity(ref, ours)
        check_imports(ours)
        ours.destroy()
        our_env.assert_empty()
        check_switch(ref)
        ref.destroy()
        ref_env.assert_empty()
    finally:
        for e in envs:
            e.close()


def check_parity(ref, ours):
    want = netkit.normalise(mine(state_values(ref)), {})
    got = netkit.normalise(mine(state_values(ours)), {})
    assert sorted(got) == sorted(want)
    problems = netkit.diff(got, want)
    assert not problems, '\n'.join(problems)
    ours.assert_clean()
    ref.assert_clean()


def check_imports(ours):
    """Imports reproduce the applied state."""
    before = ours.resources()
    ids = {
        'aws_internet_gateway.gw': before['aws_internet_gateway.gw']['id'],
        'aws_route_table.public': before['aws_route_table.public']['id'],
        'aws_route_table_association.a': '%s/%s' % (before['aws_subnet.a']['id'],
                                                    before['aws_route_table.public']['id']),
        'aws_route_table_association.edge': '%s/%s' % (before['aws_internet_gateway.gw']['id'],
                                                       before['aws_route_table.edge']['id']),
    }
    for addr, rid in ids.items():
        ours.state_rm(addr)
        ours.import_(addr, rid)
        assert ours.resources()[addr] == before[addr], addr
    ours.assert_clean()


def check_switch(ref):
    """A state written by hashicorp/aws plans clean with ours, and back."""
    ref.use('ours')
    ref.assert_clean()
    ref.run('apply', '-auto-approve', '-input=false', '-refresh-only')
    ref.use('hashicorp')
    ref.assert_clean()

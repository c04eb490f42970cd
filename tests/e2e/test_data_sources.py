"""data "aws_vpc", "aws_subnets", "aws_subnet", "aws_security_group" and
"aws_prefix_list" end to end against one
emulator: lookups by tags, by attribute (id, name, vpc_id) and by filter
blocks, the errors for no match and several matches, and the same
configuration read by hashicorp/aws 5.100.0 giving the same state
(skipped without the mirror).

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \\
     /usr/bin/python3 -m pytest tests/e2e/test_data_sources.py
"""
import netkit
import tfharness
from netkit import NetEnv  # noqa: F401

NETWORK = '''
resource "aws_vpc" "v" {
  cidr_block           = "10.50.0.0/16"
  enable_dns_hostnames = true
  tags = {
    Name = "ds-vpc"
  }
}

resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.v.id
  cidr_block        = "10.50.1.0/24"
  availability_zone = "us-east-1a"
  tags = {
    Tier = "private"
  }
}

resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.v.id
  cidr_block        = "10.50.2.0/24"
  availability_zone = "us-east-1b"
  tags = {
    Tier = "public"
  }
}

resource "aws_security_group" "g" {
  name        = "ds-group"
  description = "looked up"
  vpc_id      = aws_vpc.v.id
  tags = {
    Role = "web"
  }
}
'''

LOOKUPS = '''
data "aws_subnets" "vpc" {
  filter {
    name   = "vpc-id"
    values = [aws_vpc.v.id]
  }
  filter {
    name   = "subnet-id"
    values = [aws_subnet.a.id, aws_subnet.b.id]
  }
}

data "aws_subnets" "private" {
  filter {
    name   = "vpc-id"
    values = [aws_vpc.v.id]
  }
  tags = {
    Tier = aws_subnet.a.tags["Tier"]
  }
}

data "aws_subnets" "none" {
  filter {
    name   = "vpc-id"
    values = [aws_vpc.v.id]
  }
  tags = {
    Tier = "nowhere"
  }
}

data "aws_security_group" "by_id" {
  id = aws_security_group.g.id
}

data "aws_security_group" "by_name" {
  name   = aws_security_group.g.name
  vpc_id = aws_vpc.v.id
}

data "aws_security_group" "by_tag" {
  tags = {
    Role = aws_security_group.g.tags["Role"]
  }
  filter {
    name   = "vpc-id"
    values = [aws_vpc.v.id]
  }
}

data "aws_subnet" "by_id" {
  id = aws_subnet.a.id
}

data "aws_subnet" "by_cidr" {
  vpc_id     = aws_vpc.v.id
  cidr_block = aws_subnet.b.cidr_block
}

data "aws_subnet" "by_tag" {
  tags = {
    Tier = aws_subnet.a.tags["Tier"]
  }
  filter {
    name   = "vpc-id"
    values = [aws_vpc.v.id]
  }
}

data "aws_vpc" "by_id" {
  id = aws_vpc.v.id
}

data "aws_vpc" "by_tag" {
  tags = {
    Name = aws_vpc.v.tags["Name"]
  }
}

data "aws_vpc" "by_cidr" {
  cidr_block = aws_vpc.v.cidr_block
  state      = "available"
}

data "aws_prefix_list" "s3" {
  name = "com.amazonaws.us-east-1.s3"
}

data "aws_prefix_list" "by_id" {
  prefix_list_id = data.aws_prefix_list.s3.id
}

data "aws_prefix_list" "by_filter" {
  filter {
    name   = "prefix-list-name"
    values = ["com.amazonaws.us-east-1.dynamodb"]
  }
}

output "prefix_lists" {
  value = [data.aws_prefix_list.s3, data.aws_prefix_list.by_id, data.aws_prefix_list.by_filter]
}

output "vpcs" {
  value = [data.aws_vpc.by_id, data.aws_vpc.by_tag, data.aws_vpc.by_cidr]
}

output "subnets" {
  value = [data.aws_subnet.by_id, data.aws_subnet.by_cidr, data.aws_subnet.by_tag]
}

output "vpc_subnets" {
  value = sort(data.aws_subnets.vpc.ids)
}

output "private_subnets" {
  value = data.aws_subnets.private.ids
}

output "no_subnets" {
  value = data.aws_subnets.none.ids
}

output "groups" {
  value = [for g in [data.aws_security_group.by_id, data.aws_security_group.by_name,
    data.aws_security_group.by_tag] : {
    id = g.id, arn = g.arn, name = g.name, description = g.description, vpc_id = g.vpc_id,
    tags = g.tags
  }]
}
'''

BAD = '''
data "aws_security_group" "missing" {
  name = "no-such-group"
}

data "aws_security_group" "many" {
  vpc_id = aws_vpc.v.id
}

data "aws_prefix_list" "missing" {
  name = "com.amazonaws.us-east-1.nothing"
}

data "aws_prefix_list" "many" {
  filter {
    name   = "prefix-list-name"
    values = ["com.amazonaws.us-east-1.s3", "com.amazonaws.us-east-1.dynamodb"]
  }
}

data "aws_vpc" "missing" {
  cidr_block = "10.99.0.0/16"
}

data "aws_subnet" "missing" {
  vpc_id     = aws_vpc.v.id
  cidr_block = "10.50.9.0/24"
}

data "aws_subnet" "many" {
  vpc_id = aws_vpc.v.id
}
'''


def outputs(tf):
    import json
    return {k: v['value'] for k, v in json.loads(tf.run('output', '-json').stdout).items()}


def run(env, which):
    tf = env.terraform(which, NETWORK + LOOKUPS, name=which)
    tf.apply()
    tf.assert_clean()
    out = outputs(tf)
    st = tf.resources()
    a, b = st['aws_subnet.a']['id'], st['aws_subnet.b']['id']
    g = st['aws_security_group.g']
    assert out['vpc_subnets'] == sorted([a, b])
    assert out['private_subnets'] == [a]
    assert out['no_subnets'] == []
    want = {'id': g['id'], 'arn': g['arn'], 'name': 'ds-group', 'description': 'looked up',
            'vpc_id': g['vpc_id'], 'tags': {'Role': 'web'}}
    assert out['groups'] == [want] * 3, out['groups']
    vpcs = [dict(v, cidr_block=None, state=None, tags=None) for v in out['vpcs']]
    assert [v['state'] for v in out['vpcs']] == [None, None, 'available']
    assert vpcs[0] == vpcs[1] == vpcs[2], vpcs
    v = out['vpcs'][0]
    assert v['id'] == st['aws_vpc.v']['id'] and v['enable_dns_hostnames'] is True
    assert v['main_route_table_id'] == st['aws_vpc.v']['main_route_table_id']
    assert [c['cidr_block'] for c in v['cidr_block_associations']] == ['10.50.0.0/16']
    s3, s3_by_id, ddb = out['prefix_lists']
    assert s3['id'].startswith('pl-') and s3_by_id['id'] == s3['id'] and s3['cidr_blocks']
    assert s3_by_id['name'] == 'com.amazonaws.us-east-1.s3' and s3_by_id['cidr_blocks'] == \
        s3['cidr_blocks']
    assert ddb['name'] == 'com.amazonaws.us-east-1.dynamodb' and ddb['id'] != s3['id']
    by_id, by_cidr, by_tag = out['subnets']
    assert dict(by_id, filter=None) == dict(by_tag, filter=None)
    assert by_id['id'] == a and by_cidr['id'] == b
    assert by_id['cidr_block'] == '10.50.1.0/24' and by_id['tags'] == {'Tier': 'private'}
    assert by_id['state'] == 'available' and by_id['availability_zone'] == 'us-east-1a'
    # No match and several matches are errors (the VPC has its default
    # group besides ds-group).
    tf.write(NETWORK + LOOKUPS + BAD)
    p = tf.run('plan', '-input=false', ok=(1,))
    assert 'no matching EC2 Security Group found' in p.stderr, p.stderr
    assert 'multiple EC2 Security Groups matched' in p.stderr, p.stderr
    assert 'no matching EC2 Subnet found' in p.stderr, p.stderr
    assert 'no matching EC2 VPC found' in p.stderr, p.stderr
    assert 'no matching EC2 Prefix List found' in p.stderr, p.stderr
    assert 'multiple EC2 Prefix Lists matched' in p.stderr, p.stderr
    assert 'multiple EC2 Subnets matched' in p.stderr, p.stderr
    tf.write(NETWORK + LOOKUPS)
    tf.destroy()
    env.assert_empty()
    return out


def test_data_sources(tmp_path):
    netkit.require('ours')
    env = NetEnv(tmp_path / 'ours')
    try:
        run(env, 'ours')
    finally:
        env.close()


def test_data_sources_parity_with_hashicorp(tmp_path):
    """hashicorp/aws reads the same values from its own emulator (ids
    normalised), and fails on the same two lookups."""
    netkit.require('ours')
    tfharness.require_hashicorp()
    got = {}
    for which in ('hashicorp', 'ours'):
        env = NetEnv(tmp_path / which)
        try:
            out = run(env, which)
            for v in out['vpcs']:
                for c in v['cidr_block_associations']:
                    assert c['association_id'].startswith('vpc-cidr-assoc-')
                    c['association_id'] = '<assoc>'
            got[which] = netkit.normalise(out, {})
            got[which]['vpc_subnets'].sort()
        finally:
            env.close()
    assert got['ours'] == got['hashicorp'], netkit.diff(got['ours'], got['hashicorp'])

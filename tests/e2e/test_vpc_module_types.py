"""Types the community VPC module creates, end to end: aws_route, aws_eip,
aws_nat_gateway, aws_egress_only_internet_gateway.

The VPC, its internet gateway and a subnet are made with signed EC2 calls and
handed to the configuration as a variable.

  * ours: apply (an Elastic IP, a public NAT gateway on it and a private
    one, an egress-only gateway; an IPv4 route to the internet gateway, one
    to the NAT gateway, an IPv6 route to the egress-only gateway), clean
    re-plan, the NAT route retargeted in place (ReplaceRoute) and tags
    changed in place, import of the whole set with import blocks in one run
    (routes by `<table>_<destination>`) and a clean plan after, drift (a
    route deleted, tags changed behind Terraform's back), destroy leaving
    only the VPC; bad input (two targets, a malformed CIDR, no destination,
    an unknown EIP domain) refused at the attribute.
  * parity: the same configuration applied with hashicorp/aws 5.100.0
    against a fresh emulator gives the same state, attribute by attribute,
    and the same plan JSON for the routes.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \\
     /usr/bin/python3 -m pytest tests/e2e/test_vpc_module_types.py
"""
import json
import os
import time
import zlib

import netkit
from netkit import NetEnv

ROUTES = ('aws_route.v4', 'aws_route.nat', 'aws_route.v6')


def config(nat_target, tag='a'):
    return '''
variable "t" {
  type = map(string)
}

resource "aws_eip" "nat" {
  domain = "vpc"
  tags = {
    Name = "nat-%s"
  }
}

resource "aws_nat_gateway" "this" {
  allocation_id = aws_eip.nat.id
  subnet_id     = var.t.subnet
  tags = {
    Name = "nat-%s"
  }
}

resource "aws_nat_gateway" "private" {
  connectivity_type = "private"
  subnet_id         = var.t.subnet
}

resource "aws_egress_only_internet_gateway" "this" {
  vpc_id = var.t.vpc
  tags = {
    Name = "eigw-%s"
  }
}

resource "aws_route_table" "rt" {
  vpc_id = var.t.vpc
}

resource "aws_route" "v4" {
  route_table_id         = aws_route_table.rt.id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = var.t.igw
}

resource "aws_route" "nat" {
  route_table_id         = aws_route_table.rt.id
  destination_cidr_block = "10.99.0.0/16"
  %s
}

resource "aws_route" "v6" {
  route_table_id              = aws_route_table.rt.id
  destination_ipv6_cidr_block = "::/0"
  egress_only_gateway_id      = aws_egress_only_internet_gateway.this.id
}
''' % (tag, tag, tag, nat_target)


CONFIG = config('nat_gateway_id = aws_nat_gateway.this.id')
UPDATED = config('gateway_id = var.t.igw', tag='b')
OTHERS = ('aws_eip.nat', 'aws_egress_only_internet_gateway.this', 'aws_nat_gateway.this',
          'aws_nat_gateway.private')


def wait_for(fn, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not fn():
        assert time.monotonic() < deadline, 'timed out waiting for %s' % fn
        time.sleep(0.1)


def targets(env):
    """A dual-stack VPC with an internet gateway and a subnet."""
    ec2 = env.ec2
    t = {}
    t['vpc'] = ec2('CreateVpc', CidrBlock='10.30.0.0/16',
                   AmazonProvidedIpv6CidrBlock=True)['Vpc']['VpcId']
    t['igw'] = ec2('CreateInternetGateway')['InternetGateway']['InternetGatewayId']
    ec2('AttachInternetGateway', InternetGatewayId=t['igw'], VpcId=t['vpc'])
    t['subnet'] = ec2('CreateSubnet', VpcId=t['vpc'], CidrBlock='10.30.1.0/24',
                      AvailabilityZone='us-east-1a')['Subnet']['SubnetId']
    return t


def write_vars(tf, t):
    with open(tf.dir + '/terraform.tfvars.json', 'w') as f:
        json.dump({'t': t}, f)


def remote_routes(env, rtb):
    table = env.ec2('DescribeRouteTables', RouteTableIds=[rtb])['RouteTables'][0]
    return {r.get('DestinationCidrBlock') or r.get('DestinationIpv6CidrBlock'): r
            for r in table['Routes']}


def route_id(rtb, dest):
    return 'r-%s%d' % (rtb, zlib.crc32(dest.encode()))


def check_ids(res):
    for addr in ROUTES:
        r = res[addr]
        dest = r['destination_cidr_block'] or r['destination_ipv6_cidr_block']
        assert r['id'] == route_id(r['route_table_id'], dest), addr


def plan_json(tf):
    tf.run('plan', '-input=false', '-out=plan.bin')
    shown = json.loads(tf.run('show', '-json', 'plan.bin').stdout)
    return {c['address']: c['change'] for c in shown['resource_changes']
            if c['type'] in ('aws_route', 'aws_eip', 'aws_egress_only_internet_gateway',
                             'aws_nat_gateway')}


GENERATED = ('id', 'allocation_id', 'arn', 'public_ip', 'public_dns', 'route_table_id',
             'egress_only_gateway_id', 'nat_gateway_id', 'association_id', 'private_ip',
             'private_dns', 'network_interface_id', 'network_interface')


def comparable(res, t):
    """The state with the ids of this emulator's objects named and the
    values it generates (ids, addresses) reduced to whether they are set."""
    names = {v: '<%s>' % k for k, v in t.items()}
    out = {}
    for addr in ROUTES + OTHERS:
        v = dict(res[addr])
        for k in GENERATED:
            if isinstance(v.get(k), str) and v[k]:
                v[k] = '<set>'
        out[addr] = {k: names.get(x, x) if isinstance(x, str) else x for k, x in v.items()}
    return out


def prepared(tmp_path, which):
    env = NetEnv(tmp_path / which)
    t = targets(env)
    tf = env.terraform(which, CONFIG)
    write_vars(tf, t)
    return env, t, tf


def test_routes_lifecycle_and_parity(tmp_path):
    netkit.require('ours')
    envs = []
    try:
        env, t, tf = prepared(tmp_path, 'ours')
        envs.append(env)
        ours_plan = plan_json(tf)
        tf.apply()
        res = tf.resources()
        check_ids(res)
        rtb = res['aws_route_table.rt']['id']
        remote = remote_routes(env, rtb)
        assert remote['0.0.0.0/0']['GatewayId'] == t['igw']
        nat = res['aws_nat_gateway.this']
        assert remote['10.99.0.0/16']['NatGatewayId'] == nat['id']
        eigw = res['aws_egress_only_internet_gateway.this']['id']
        assert remote['::/0']['EgressOnlyInternetGatewayId'] == eigw
        eip = res['aws_eip.nat']
        addr = env.ec2('DescribeAddresses', AllocationIds=[eip['id']])['Addresses'][0]
        assert eip['public_ip'] == addr['PublicIp'] and eip['allocation_id'] == eip['id']
        assert eip['domain'] == 'vpc' and eip['vpc'] is True
        assert eip['public_dns'] == 'ec2-%s.compute-1.amazonaws.com' % (
            addr['PublicIp'].replace('.', '-'))
        assert {x['Key']: x['Value'] for x in addr['Tags']} == {'Name': 'nat-a'}
        gw = env.ec2('DescribeNatGateways', NatGatewayIds=[nat['id']])['NatGateways'][0]
        assert gw['State'] == 'available' and gw['ConnectivityType'] == 'public'
        assert nat['allocation_id'] == eip['id'] and nat['public_ip'] == eip['public_ip']
        assert nat['network_interface_id'].startswith('eni-') and nat['private_ip']
        addr = env.ec2('DescribeAddresses', AllocationIds=[eip['id']])['Addresses'][0]
        assert nat['association_id'] == addr['AssociationId']
        priv = res['aws_nat_gateway.private']
        assert priv['connectivity_type'] == 'private' and priv['public_ip'] == ''
        assert res['aws_route.nat']['nat_gateway_id'] == nat['id']
        assert res['aws_route.nat']['gateway_id'] == ''
        assert res['aws_route.nat']['origin'] == 'CreateRoute'
        assert res['aws_route.nat']['state'] == 'active'
        tf.assert_clean()
        applied = res

        # parity with hashicorp/aws 5.100.0: plan and state
        if netkit.tfharness.hashicorp_missing() is None:
            ref_env, ref_t, ref = prepared(tmp_path, 'hashicorp')
            envs.append(ref_env)
            assert normal_plan(plan_json(ref), ref_t) == normal_plan(ours_plan, t)
            ref.apply()
            ref_res = ref.resources()
            check_ids(ref_res)
            problems = netkit.diff(comparable(res, t), comparable(ref_res, ref_t))
            assert not problems, '\n'.join(problems)
            ref.assert_clean()
            ref.destroy()

        # retargeted in place
        tf.write(UPDATED)
        code, out = tf.plan()
        assert code == 2 and '4 to change, 0 to destroy' in out, out
        tf.apply()
        remote = remote_routes(env, rtb)
        assert remote['10.99.0.0/16']['GatewayId'] == t['igw']
        assert 'NatGatewayId' not in remote['10.99.0.0/16']
        res = tf.resources()
        assert res['aws_route.nat']['gateway_id'] == t['igw']
        assert res['aws_route.nat']['nat_gateway_id'] == ''
        addr = env.ec2('DescribeAddresses', AllocationIds=[eip['id']])['Addresses'][0]
        assert {x['Key']: x['Value'] for x in addr['Tags']} == {'Name': 'nat-b'}
        gw = env.ec2('DescribeEgressOnlyInternetGateways', EgressOnlyInternetGatewayIds=[eigw])[
            'EgressOnlyInternetGateways'][0]
        assert {x['Key']: x['Value'] for x in gw['Tags']} == {'Name': 'eigw-b'}
        assert res['aws_eip.nat']['id'] == eip['id']
        gw = env.ec2('DescribeNatGateways', NatGatewayIds=[nat['id']])['NatGateways'][0]
        assert {x['Key']: x['Value'] for x in gw['Tags']} == {'Name': 'nat-b'}
        tf.assert_clean()

        # import blocks for the whole set in one run
        tf.state_rm(*ROUTES, *OTHERS)
        ids = dict(zip(ROUTES, ('%s_%s' % (rtb, d) for d in ('0.0.0.0/0', '10.99.0.0/16',
                                                             '::/0'))))
        ids.update({a: res[a]['id'] for a in OTHERS})
        tf.write('\n'.join('import {\n  to = %s\n  id = "%s"\n}' % kv for kv in ids.items()),
                 name='imports.tf', provider_block=False)
        tf.apply()
        imported = tf.resources()
        for addr in ROUTES + OTHERS:
            want = dict(res[addr])
            if 'timeouts' in want:
                want['timeouts'] = None
            assert imported[addr] == want, (addr, imported[addr], want)
        tf.assert_clean()
        del applied

        # drift: a route deleted and tags changed behind Terraform's back
        env.ec2('DeleteRoute', RouteTableId=rtb, DestinationCidrBlock='0.0.0.0/0')
        env.ec2('CreateTags', Resources=[eip['id'], eigw], Tags=[{'Key': 'Name', 'Value': 'x'}])
        code, out = tf.plan()
        assert code == 2 and 'aws_route.v4 will be created' in out, out
        assert 'aws_eip.nat will be updated in-place' in out, out
        assert 'aws_egress_only_internet_gateway.this will be updated in-place' in out, out
        tf.apply()
        assert remote_routes(env, rtb)['0.0.0.0/0']['GatewayId'] == t['igw']

        # bad input, at the attribute
        tf.write(BAD, name='bad.tf', provider_block=False)
        p = tf.run('validate', ok=(1,))
        err = p.stderr
        assert 'Invalid combination of arguments' in err, err
        assert 'with aws_route.two_targets' in err and 'nat_gateway_id' in err, err
        assert 'with aws_route.bad_cidr' in err and 'destination_cidr_block' in err, err
        assert 'with aws_route.no_destination' in err, err
        assert 'with aws_eip.bad_domain' in err and 'classic' in err, err
        os.remove(tf.dir + '/bad.tf')

        tf.destroy()
        tables = env.ec2('DescribeRouteTables', Filters=[
            {'Name': 'vpc-id', 'Values': [t['vpc']]}])['RouteTables']
        assert [x['RouteTableId'] for x in tables if x['RouteTableId'] == rtb] == []
        assert env.ec2('DescribeAddresses')['Addresses'] == []
        assert {g['State'] for g in env.ec2('DescribeNatGateways')['NatGateways']} <= {
            'deleted'}
        assert env.ec2('DescribeEgressOnlyInternetGateways')['EgressOnlyInternetGateways'] == []
    finally:
        for e in envs:
            e.close()


def normal_plan(changes, t):
    names = {v: '<%s>' % k for k, v in t.items()}

    def norm(x):
        if isinstance(x, dict):
            return {k: norm(v) for k, v in x.items()}
        if isinstance(x, list):
            return [norm(v) for v in x]
        return names.get(x, x) if isinstance(x, str) else x
    return norm(changes)


BAD = '''
resource "aws_route" "two_targets" {
  route_table_id         = "rtb-0123456789abcdef0"
  destination_cidr_block = "10.1.0.0/16"
  gateway_id             = "igw-0123456789abcdef0"
  nat_gateway_id         = "nat-0123456789abcdef0"
}

resource "aws_route" "bad_cidr" {
  route_table_id         = "rtb-0123456789abcdef0"
  destination_cidr_block = "10.1.0.1/16"
  gateway_id             = "igw-0123456789abcdef0"
}

resource "aws_eip" "bad_domain" {
  domain = "classic"
}

resource "aws_route" "no_destination" {
  route_table_id = "rtb-0123456789abcdef0"
  gateway_id     = "igw-0123456789abcdef0"
}
'''

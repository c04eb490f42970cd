"""Types the community VPC module creates, end to end: aws_route (so far).

The route targets (internet, NAT and egress-only gateways) are made with
signed EC2 calls and handed to the configuration as a variable, so that the
routes are the only objects of these types under test.

  * ours: apply (an IPv4 route to an internet gateway, one to a NAT
    gateway, an IPv6 route to an egress-only gateway), clean re-plan, the
    NAT route retargeted in place (ReplaceRoute), import of every route by
    `<table>_<destination>` with import blocks in one run and a clean plan
    after, a route deleted behind Terraform's back planned for creation,
    destroy leaving only the targets; bad input (two targets, a malformed
    CIDR, no destination) refused at the attribute.
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


def config(nat_target):
    return '''
variable "t" {
  type = map(string)
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
  egress_only_gateway_id      = var.t.eigw
}
''' % nat_target


CONFIG = config('nat_gateway_id = var.t.nat')
UPDATED = config('gateway_id = var.t.igw')


def wait_for(fn, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not fn():
        assert time.monotonic() < deadline, 'timed out waiting for %s' % fn
        time.sleep(0.1)


def targets(env):
    """A dual-stack VPC with an internet, a NAT and an egress-only gateway."""
    ec2 = env.ec2
    t = {}
    t['vpc'] = ec2('CreateVpc', CidrBlock='10.30.0.0/16',
                   AmazonProvidedIpv6CidrBlock=True)['Vpc']['VpcId']
    t['igw'] = ec2('CreateInternetGateway')['InternetGateway']['InternetGatewayId']
    ec2('AttachInternetGateway', InternetGatewayId=t['igw'], VpcId=t['vpc'])
    t['subnet'] = ec2('CreateSubnet', VpcId=t['vpc'], CidrBlock='10.30.1.0/24',
                      AvailabilityZone='us-east-1a')['Subnet']['SubnetId']
    t['eip'] = ec2('AllocateAddress', Domain='vpc')['AllocationId']
    t['nat'] = ec2('CreateNatGateway', SubnetId=t['subnet'], AllocationId=t['eip'])[
        'NatGateway']['NatGatewayId']
    t['eigw'] = ec2('CreateEgressOnlyInternetGateway', VpcId=t['vpc'])[
        'EgressOnlyInternetGateway']['EgressOnlyInternetGatewayId']
    wait_for(lambda: ec2('DescribeNatGateways', NatGatewayIds=[t['nat']])[
        'NatGateways'][0]['State'] == 'available')
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
            if c['type'] == 'aws_route'}


def comparable(res, t):
    """The routes' state with the ids of this emulator's objects named."""
    names = {v: '<%s>' % k for k, v in t.items()}
    out = {}
    for addr in ROUTES:
        v = dict(res[addr])
        v['id'] = 'checked'
        out[addr] = {k: names.get(x, x) if isinstance(x, str) else x for k, x in v.items()}
        out[addr]['route_table_id'] = '<rtb>'
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
        assert remote['10.99.0.0/16']['NatGatewayId'] == t['nat']
        assert remote['::/0']['EgressOnlyInternetGatewayId'] == t['eigw']
        assert res['aws_route.nat']['nat_gateway_id'] == t['nat']
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
        assert code == 2 and '1 to change, 0 to destroy' in out, out
        tf.apply()
        remote = remote_routes(env, rtb)
        assert remote['10.99.0.0/16']['GatewayId'] == t['igw']
        assert 'NatGatewayId' not in remote['10.99.0.0/16']
        res = tf.resources()
        assert res['aws_route.nat']['gateway_id'] == t['igw']
        assert res['aws_route.nat']['nat_gateway_id'] == ''
        tf.assert_clean()

        # import blocks for every route in one run
        tf.state_rm(*ROUTES)
        tf.write('\n'.join('import {\n  to = %s\n  id = "%s_%s"\n}' % (a, rtb, d)
                           for a, d in zip(ROUTES, ('0.0.0.0/0', '10.99.0.0/16', '::/0'))),
                 name='imports.tf', provider_block=False)
        tf.apply()
        imported = tf.resources()
        for addr in ROUTES:
            want = dict(res[addr], timeouts=None)
            assert imported[addr] == want, (addr, imported[addr], want)
        tf.assert_clean()
        del applied

        # drift: a route deleted behind Terraform's back is planned again
        env.ec2('DeleteRoute', RouteTableId=rtb, DestinationCidrBlock='0.0.0.0/0')
        code, out = tf.plan()
        assert code == 2 and 'aws_route.v4 will be created' in out, out
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
        os.remove(tf.dir + '/bad.tf')

        tf.destroy()
        tables = env.ec2('DescribeRouteTables', Filters=[
            {'Name': 'vpc-id', 'Values': [t['vpc']]}])['RouteTables']
        assert [x['RouteTableId'] for x in tables if x['RouteTableId'] == rtb] == []
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

resource "aws_route" "no_destination" {
  route_table_id = "rtb-0123456789abcdef0"
  gateway_id     = "igw-0123456789abcdef0"
}
'''

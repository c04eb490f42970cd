"""aws_vpc_endpoint and data "aws_vpc_endpoint_service", end to end, used as
the vpc module's vpc-endpoints submodule uses them: the service looked up by
short name or full name with a service-type filter, a Gateway endpoint (S3)
on route tables with a policy, an Interface endpoint (ECS) in two subnets
with subnet configurations (fixed IPv4 addresses), a security group,
private DNS and timeouts, and an S3 Interface endpoint with dns_options.
The VPC, subnets, route tables and groups are made with signed EC2 calls
and handed to the configuration as a variable.

  * ours: apply (what EC2 holds: routes to the S3 prefix list, interfaces at
    the configured addresses), clean re-plan, an in-place update (tags,
    policy, a route table added, the security group swapped), drift (a tag
    changed and a route table dropped behind Terraform's back: the plan puts
    them back), import with import blocks and a clean plan after, a bad
    endpoint type refused at the attribute, destroy leaving no endpoint.
  * parity: the same configuration planned and applied with hashicorp/aws
    5.100.0 against a fresh emulator gives the same plan (values and
    unknowns) and the same state; the updates (a subnet less, then tags,
    policy, route tables and groups; private_dns_enabled set on the Gateway
    endpoint) plan the same.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \\
     /usr/bin/python3 -m pytest tests/e2e/test_vpc_endpoints.py
"""
import json
import re
import zlib

import netkit
from netkit import NetEnv

ADDRS = ('aws_vpc_endpoint.gateway', 'aws_vpc_endpoint.interface',
         'aws_vpc_endpoint.s3_interface')
DATA = ('data.aws_vpc_endpoint_service.s3', 'data.aws_vpc_endpoint_service.ecs',
        'data.aws_vpc_endpoint_service.rds')


def config(tag='a', sg='sg1', rtbs='[var.t.rtb_a]', sid='AllowAll', extra='', gw_extra='', one_subnet=False):
    return '''
variable "t" {
  type = map(string)
}

data "aws_vpc_endpoint_service" "s3" {
  service = "s3"
  filter {
    name   = "service-type"
    values = ["Gateway"]
  }
}

data "aws_vpc_endpoint_service" "ecs" {
  service = "ecs"
  filter {
    name   = "service-type"
    values = ["Interface"]
  }
}

data "aws_vpc_endpoint_service" "rds" {
  service_name = "com.amazonaws.us-east-1.rds"
}

resource "aws_vpc_endpoint" "gateway" {
  vpc_id          = var.t.vpc
  service_name    = data.aws_vpc_endpoint_service.s3.service_name
  route_table_ids = %(rtbs)s%(gw_extra)s
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "%(sid)s"
      Effect    = "Allow"
      Principal = "*"
      Action    = "s3:*"
      Resource  = "*"
    }]
  })
  tags = {
    Name = "gw-%(tag)s"
  }
}

resource "aws_vpc_endpoint" "interface" {
  vpc_id              = var.t.vpc
  service_name        = data.aws_vpc_endpoint_service.ecs.service_name
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  security_group_ids  = [var.t.%(sg)s]
  subnet_ids          = %(subnets)s
  subnet_configuration {
    ipv4      = "10.0.1.10"
    subnet_id = var.t.subnet_a
  }%(conf_b)s
  tags = {
    Name = "if-%(tag)s"
  }
  timeouts {
    create = "10m"
    update = "10m"
    delete = "10m"
  }
}

resource "aws_vpc_endpoint" "s3_interface" {
  vpc_id              = var.t.vpc
  service_name        = "com.amazonaws.us-east-1.s3"
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = false
  subnet_ids          = [var.t.subnet_a]
  dns_options {
    private_dns_only_for_inbound_resolver_endpoint = false
  }
}
%(extra)s''' % dict(tag=tag, sg=sg, rtbs=rtbs, sid=sid, extra=extra, gw_extra=gw_extra,
           subnets='[var.t.subnet_a]' if one_subnet else '[var.t.subnet_a, var.t.subnet_b]',
           conf_b='' if one_subnet else CONF_B)


CONF_B = '''
  subnet_configuration {
    ipv4      = "10.0.2.10"
    subnet_id = var.t.subnet_b
  }'''

CONFIG = config()
UPDATED = config(tag='b', sg='sg2', rtbs='[var.t.rtb_a, var.t.rtb_b]', sid='AllowAllV2')

BAD = '''
resource "aws_vpc_endpoint" "bad" {
  vpc_id            = "vpc-0123456789abcdef0"
  service_name      = "com.amazonaws.us-east-1.s3"
  vpc_endpoint_type = "Tunnel"
}
'''


def targets(env):
    ec2 = env.ec2
    t = {'vpc': ec2('CreateVpc', CidrBlock='10.0.0.0/16')['Vpc']['VpcId']}
    for attr in ('EnableDnsSupport', 'EnableDnsHostnames'):
        ec2('ModifyVpcAttribute', VpcId=t['vpc'], **{attr: {'Value': True}})
    for key, cidr, zone in (('subnet_a', '10.0.1.0/24', 'us-east-1a'),
                            ('subnet_b', '10.0.2.0/24', 'us-east-1b')):
        t[key] = ec2('CreateSubnet', VpcId=t['vpc'], CidrBlock=cidr,
                     AvailabilityZone=zone)['Subnet']['SubnetId']
    for key in ('rtb_a', 'rtb_b'):
        t[key] = ec2('CreateRouteTable', VpcId=t['vpc'])['RouteTable']['RouteTableId']
    for key in ('sg1', 'sg2'):
        t[key] = ec2('CreateSecurityGroup', VpcId=t['vpc'], GroupName='vpce-' + key,
                     Description='endpoints')['GroupId']
    t['default_sg'] = ec2('DescribeSecurityGroups', Filters=[
        {'Name': 'vpc-id', 'Values': [t['vpc']]},
        {'Name': 'group-name', 'Values': ['default']}])['SecurityGroups'][0]['GroupId']
    return t


def prepared(tmp_path, which):
    env = NetEnv(tmp_path / which)
    t = targets(env)
    tf = env.terraform(which, CONFIG)
    with open(tf.dir + '/terraform.tfvars.json', 'w') as f:
        json.dump({'t': t}, f)
    return env, t, tf


def plan_json(tf):
    tf.run('plan', '-input=false', '-out=plan.bin')
    shown = json.loads(tf.run('show', '-json', 'plan.bin').stdout)
    return {c['address']: c['change'] for c in shown['resource_changes']}


def data_state(tf):
    shown = json.loads(tf.run('show', '-json').stdout)
    return {r['address']: r['values'] for r in shown['values']['root_module']['resources']
            if r['mode'] == 'data'}


def comparable(x, t):
    """x with the given objects named, generated ids and DNS suffixes masked
    and string lists sorted (sets come out in value order)."""
    names = {v: '<%s>' % k for k, v in t.items()}

    def norm(y):
        if isinstance(y, dict):
            return {k: norm(v) for k, v in y.items()}
        if isinstance(y, list):
            # sets, and dns_entry (in the order of the subnets, which is
            # the SDK's set order of their generated ids)
            return sorted((norm(v) for v in y), key=lambda v: json.dumps(v, sort_keys=True))
        if isinstance(y, str):
            y = names.get(y, y)
            y = re.sub(r'\b(vpce|eni)-[0-9a-f]{17}(-[0-9a-f]{8})?', r'<\1>', y)
        return y
    return norm(x)


def endpoint(env, eid):
    return env.ec2('DescribeVpcEndpoints', VpcEndpointIds=[eid])['VpcEndpoints'][0]


def check_applied(env, t, res, data):
    assert data['data.aws_vpc_endpoint_service.s3']['service_type'] == 'Gateway'
    assert data['data.aws_vpc_endpoint_service.s3']['id'] == str(
        zlib.crc32(b'com.amazonaws.us-east-1.s3'))
    rds = data['data.aws_vpc_endpoint_service.rds']
    assert rds['private_dns_name'] == 'rds.us-east-1.amazonaws.com'
    assert rds['arn'].endswith(':vpc-endpoint-service/' + rds['service_id'])
    gw = res['aws_vpc_endpoint.gateway']
    assert gw['vpc_endpoint_type'] == 'Gateway' and gw['state'] == 'available'
    assert gw['prefix_list_id'].startswith('pl-') and gw['cidr_blocks']
    assert gw['arn'].endswith(':vpc-endpoint/' + gw['id'])
    table = env.ec2('DescribeRouteTables', RouteTableIds=[t['rtb_a']])['RouteTables'][0]
    assert {'DestinationPrefixListId': gw['prefix_list_id'], 'GatewayId': gw['id']} in [
        {k: r.get(k) for k in ('DestinationPrefixListId', 'GatewayId')} for r in table['Routes']]
    assert json.loads(gw['policy'])['Statement'][0]['Sid'] == 'AllowAll'
    itf = res['aws_vpc_endpoint.interface']
    assert sorted(itf['subnet_ids']) == sorted([t['subnet_a'], t['subnet_b']])
    assert len(itf['network_interface_ids']) == 2 and itf['private_dns_enabled'] is True
    enis = env.ec2('DescribeNetworkInterfaces', NetworkInterfaceIds=itf['network_interface_ids'])
    assert sorted(n['PrivateIpAddress'] for n in enis['NetworkInterfaces']) == [
        '10.0.1.10', '10.0.2.10']
    assert sorted(c['ipv4'] for c in itf['subnet_configuration']) == ['10.0.1.10', '10.0.2.10']
    s3i = res['aws_vpc_endpoint.s3_interface']
    assert s3i['dns_options'][0]['private_dns_only_for_inbound_resolver_endpoint'] is False


def test_vpc_endpoints_lifecycle_and_parity(tmp_path):
    netkit.require('ours')
    envs = []
    try:
        env, t, tf = prepared(tmp_path, 'ours')
        envs.append(env)
        ours_plan = plan_json(tf)
        tf.apply()
        res, data = tf.resources(), data_state(tf)
        check_applied(env, t, res, data)
        tf.assert_clean()

        # parity with hashicorp/aws 5.100.0: plan and state, then the update's plan
        ref = ref_t = ref_env = None
        if netkit.tfharness.hashicorp_missing() is None:
            ref_env, ref_t, ref = prepared(tmp_path, 'hashicorp')
            envs.append(ref_env)
            ref_plan = plan_json(ref)
            problems = netkit.diff(comparable(ours_plan, t), comparable(ref_plan, ref_t))
            assert not problems, '\n'.join(problems)
            ref.apply()
            ref_res, ref_data = ref.resources(), data_state(ref)
            check_applied(ref_env, ref_t, ref_res, ref_data)
            for a, b, tt, rt in ((res, ref_res, t, ref_t), (data, ref_data, t, ref_t)):
                problems = netkit.diff(comparable(a, tt), comparable(b, rt))
                assert not problems, '\n'.join(problems)
            ref.assert_clean()

        # in-place update: tags, policy, one more route table, another group
        tf.write(UPDATED)
        upd_plan = plan_json(tf)
        for a in ADDRS[:2]:
            assert upd_plan[a]['actions'] == ['update'], (a, upd_plan[a]['actions'])
        if ref is not None:
            ref.write(UPDATED)
            ref_upd = plan_json(ref)
            mine = {a: upd_plan[a] for a in ADDRS}
            theirs = {a: ref_upd[a] for a in ADDRS}
            problems = netkit.diff(comparable(mine, t), comparable(theirs, ref_t))
            assert not problems, '\n'.join(problems)
        # private_dns_enabled on a Gateway endpoint: planned in place by
        # 5.100.0 (the replacement is a later version's CustomizeDiff)
        dns = config(gw_extra='\n  private_dns_enabled = true')
        tf.write(dns)
        replace = plan_json(tf)['aws_vpc_endpoint.gateway']
        assert replace['actions'] == ['update'], replace['actions']
        if ref is not None:
            ref.write(dns)
            ref_replace = plan_json(ref)['aws_vpc_endpoint.gateway']
            problems = netkit.diff(comparable(replace, t), comparable(ref_replace, ref_t))
            assert not problems, '\n'.join(problems)
        # one subnet less: planned as hashicorp/aws plans it
        fewer = config(one_subnet=True)
        tf.write(fewer)
        mine = plan_json(tf)['aws_vpc_endpoint.interface']
        assert mine['actions'] == ['update'], mine['actions']
        if ref is not None:
            ref.write(fewer)
            theirs = plan_json(ref)['aws_vpc_endpoint.interface']
            problems = netkit.diff(comparable(mine, t), comparable(theirs, ref_t))
            assert not problems, '\n'.join(problems)
        tf.apply()
        itf = endpoint(env, res['aws_vpc_endpoint.interface']['id'])
        assert itf['SubnetIds'] == [t['subnet_a']] and len(itf['NetworkInterfaceIds']) == 1
        tf.assert_clean()
        tf.write(UPDATED)
        ids = {a: res[a]['id'] for a in ADDRS}
        tf.apply()
        res = tf.resources()
        assert {a: res[a]['id'] for a in ADDRS} == ids
        gw = endpoint(env, ids['aws_vpc_endpoint.gateway'])
        assert sorted(gw['RouteTableIds']) == sorted([t['rtb_a'], t['rtb_b']])
        assert json.loads(gw['PolicyDocument'])['Statement'][0]['Sid'] == 'AllowAllV2'
        assert {x['Key']: x['Value'] for x in gw['Tags']} == {'Name': 'gw-b'}
        itf = endpoint(env, ids['aws_vpc_endpoint.interface'])
        assert [g['GroupId'] for g in itf['Groups']] == [t['sg2']]
        assert sorted(itf['SubnetIds']) == sorted([t['subnet_a'], t['subnet_b']])
        tf.assert_clean()

        # drift: a tag and a route table changed behind Terraform's back
        env.ec2('CreateTags', Resources=[ids['aws_vpc_endpoint.gateway']],
                Tags=[{'Key': 'Name', 'Value': 'drifted'}])
        env.ec2('ModifyVpcEndpoint', VpcEndpointId=ids['aws_vpc_endpoint.gateway'],
                RemoveRouteTableIds=[t['rtb_b']])
        code, out = tf.plan()
        assert code == 2 and 'drifted' in out and t['rtb_b'] in out, out
        tf.apply()
        assert sorted(endpoint(env, ids['aws_vpc_endpoint.gateway'])['RouteTableIds']) == \
            sorted([t['rtb_a'], t['rtb_b']])
        tf.assert_clean()

        # import: forget the endpoints, take them back with import blocks
        tf.state_rm(*ADDRS)
        blocks = ''.join('import {\n  to = %s\n  id = "%s"\n}\n' % (a, ids[a]) for a in ADDRS)
        tf.write(config(tag='b', sg='sg2', rtbs='[var.t.rtb_a, var.t.rtb_b]',
                        sid='AllowAllV2', extra=blocks))
        # the imported state has no timeouts: the interface endpoint's
        # configured block is the one change (as with hashicorp/aws)
        code, out = tf.plan()
        assert 'Plan: 3 to import, 0 to add, 1 to change, 0 to destroy.' in out, out
        changed = re.findall(r'^\s+[~+-] (\w+)', out.split('will be imported')[-1], re.M)
        assert set(changed) <= {'timeouts', 'create', 'update', 'delete'}, out
        out = tf.run('apply', '-input=false', '-auto-approve').stdout
        assert 'Resources: 3 imported, 0 added, 1 changed, 0 destroyed' in out, out
        tf.assert_clean()

        # bad input: refused at the attribute, as hashicorp's validator does
        bad = env.terraform('ours', BAD, name='bad')
        p = bad.run('validate', ok=(1,))
        assert 'vpc_endpoint_type' in p.stderr and 'Tunnel' in p.stderr, p.stderr

        tf.destroy()
        left = env.ec2('DescribeVpcEndpoints').get('VpcEndpoints', [])
        assert [e['VpcEndpointId'] for e in left if e['State'] != 'deleted'] == []
        if ref is not None:
            ref.destroy()
    finally:
        for e in envs:
            e.close()

"""The VPC's extras the community VPC and security-group modules create, end
to end: aws_vpc_dhcp_options (+ _association), aws_vpc_ipv4_cidr_block_association,
aws_flow_log (CloudWatch Logs with a role, and S3), aws_vpn_gateway
(+ _attachment, _route_propagation), aws_customer_gateway and
aws_ec2_managed_prefix_list, used with the arguments the modules pass.

The VPCs and a route table are made with signed EC2 calls and handed to the
configuration as a variable.

  * ours: apply, clean re-plan, an in-place update of every type that has
    one (tags, the options set of the association, the VPN gateway moved to
    another VPC, the prefix list's name, entries and max_entries), import
    of every importable object with import blocks (the association by VPC
    id) and a clean plan after, import refused for the two types
    hashicorp/aws cannot import, drift (propagation disabled, the VPC put
    back on the default options, a prefix list entry removed, tags changed
    behind Terraform's back), bad input refused at the attribute (the same
    blocks and messages as hashicorp/aws), destroy leaving only the VPCs
    (on "default" options).
  * parity: the same configuration planned and applied with hashicorp/aws
    5.100.0 against a fresh emulator gives the same plan (values and
    unknowns) and the same state, attribute by attribute; each provider's
    state plans clean with the other; the in-place update plans the same.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \\
     /usr/bin/python3 -m pytest tests/e2e/test_net_vpc_extras.py
"""
import json
import os
import re
import zlib

import netkit
from netkit import NetEnv
from test_vpc_module_types import normal_plan as named

ROLE_POLICY = json.dumps({'Version': '2012-10-17', 'Statement': [{
    'Effect': 'Allow', 'Action': 'sts:AssumeRole',
    'Principal': {'Service': 'vpc-flow-logs.amazonaws.com'}}]})


def config(tag='a', dopt='this', vgw_vpc='vpc', pl_name='extras-pl', pl_max=5,
           pl_entries=(('10.0.0.0/16', 'primary'), ('10.1.0.0/16', None))):
    entries = ''.join('''
  entry {
    cidr = "%s"%s
  }
''' % (c, '\n    description = "%s"' % d if d else '') for c, d in pl_entries)
    return '''
variable "t" {
  type = map(string)
}

resource "aws_vpc_dhcp_options" "this" {
  domain_name          = "service.consul"
  domain_name_servers  = ["127.0.0.1", "10.10.0.2"]
  ntp_servers          = ["10.10.0.3"]
  netbios_name_servers = ["10.10.0.4"]
  netbios_node_type    = "2"
  tags = {
    Name = "extras-%(tag)s"
  }
}

resource "aws_vpc_dhcp_options" "other" {
  domain_name_servers               = ["AmazonProvidedDNS"]
  ipv6_address_preferred_lease_time = "3600"
}

resource "aws_vpc_dhcp_options_association" "this" {
  vpc_id          = var.t.vpc
  dhcp_options_id = aws_vpc_dhcp_options.%(dopt)s.id
}

resource "aws_vpc_ipv4_cidr_block_association" "this" {
  vpc_id     = var.t.vpc
  cidr_block = "10.1.0.0/16"
}

resource "aws_customer_gateway" "this" {
  bgp_asn     = 65112
  ip_address  = "49.33.1.162"
  device_name = "edge-1"
  type        = "ipsec.1"
  tags = {
    Name = "extras-%(tag)s"
  }
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpn_gateway" "this" {
  vpc_id          = var.t.%(vgw_vpc)s
  amazon_side_asn = "64620"
  tags = {
    Name = "extras-%(tag)s"
  }
}

resource "aws_vpn_gateway" "detached" {
  availability_zone = "us-east-1a"
}

resource "aws_vpn_gateway_attachment" "this" {
  vpc_id         = var.t.vpc3
  vpn_gateway_id = aws_vpn_gateway.detached.id
}

resource "aws_vpn_gateway_route_propagation" "private" {
  route_table_id = var.t.rtb3
  vpn_gateway_id = aws_vpn_gateway_attachment.this.vpn_gateway_id
}

resource "aws_cloudwatch_log_group" "flow" {
  name              = "/aws/vpc-flow-log/extras"
  retention_in_days = 7
}

resource "aws_iam_role" "flow" {
  name               = "extras-flow-log"
  assume_role_policy = %(role_policy)s
}

resource "aws_flow_log" "cwl" {
  log_destination_type     = "cloud-watch-logs"
  log_destination          = aws_cloudwatch_log_group.flow.arn
  iam_role_arn             = aws_iam_role.flow.arn
  traffic_type             = "ALL"
  vpc_id                   = var.t.vpc
  max_aggregation_interval = 60
  tags = {
    Name = "extras-%(tag)s"
  }
}

resource "aws_flow_log" "s3" {
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::extras-flow-logs/vpc/"
  traffic_type         = "REJECT"
  subnet_id            = var.t.subnet
  destination_options {
    file_format                = "parquet"
    hive_compatible_partitions = false
    per_hour_partition         = true
  }
}

resource "aws_ec2_managed_prefix_list" "this" {
  name           = "%(pl_name)s"
  address_family = "IPv4"
  max_entries    = %(pl_max)d
%(entries)s
  tags = {
    Name = "extras-%(tag)s"
  }
}
''' % dict(tag=tag, dopt=dopt, vgw_vpc=vgw_vpc, pl_name=pl_name, pl_max=pl_max,
           entries=entries, role_policy=json.dumps(ROLE_POLICY))


CONFIG = config()
UPDATED = config(tag='b', dopt='other', vgw_vpc='vpc2', pl_name='extras-pl-2', pl_max=6,
                 pl_entries=(('10.0.0.0/16', 'primary v2'), ('10.2.0.0/16', 'new')))

MINE = ('aws_vpc_dhcp_options.this', 'aws_vpc_dhcp_options.other',
        'aws_vpc_dhcp_options_association.this', 'aws_vpc_ipv4_cidr_block_association.this',
        'aws_customer_gateway.this', 'aws_vpn_gateway.this', 'aws_vpn_gateway.detached',
        'aws_vpn_gateway_attachment.this', 'aws_vpn_gateway_route_propagation.private',
        'aws_flow_log.cwl', 'aws_flow_log.s3', 'aws_ec2_managed_prefix_list.this')
IMPORTABLE = tuple(a for a in MINE if not a.startswith(('aws_vpn_gateway_attachment',
                                                        'aws_vpn_gateway_route_propagation')))
TYPES = {a.split('.')[0] for a in MINE}


def targets(env):
    ec2 = env.ec2
    t = {}
    for key, cidr in (('vpc', '10.0.0.0/16'), ('vpc2', '10.20.0.0/16'),
                      ('vpc3', '10.30.0.0/16')):
        t[key] = ec2('CreateVpc', CidrBlock=cidr)['Vpc']['VpcId']
    t['subnet'] = ec2('CreateSubnet', VpcId=t['vpc'], CidrBlock='10.0.1.0/24',
                      AvailabilityZone='us-east-1a')['Subnet']['SubnetId']
    t['rtb3'] = ec2('CreateRouteTable', VpcId=t['vpc3'])['RouteTable']['RouteTableId']
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
    return {c['address']: c['change'] for c in shown['resource_changes'] if c['type'] in TYPES}


# values the emulator generates: compared as "set" or not
GENERATED = ('id', 'arn', 'owner_id', 'dhcp_options_id', 'vpn_gateway_id', 'log_destination',
             'iam_role_arn')


def comparable(res, t):
    out = {}
    for addr in MINE:
        v = dict(res[addr])
        for k in GENERATED:
            if isinstance(v.get(k), str) and v[k] and v[k] not in t.values():
                v[k] = '<set>'
        out[addr] = named(v, t)
    return out


def translated(x, ref_res, res, ref_t, t):
    """x (from the hashicorp run) with its generated ids and the VPCs it
    was given replaced by ours."""
    m = {ref_t[k]: t[k] for k in t}
    for addr, v in ref_res.items():
        for k in ('id', 'arn'):
            if isinstance(v.get(k), str) and v[k] != res[addr][k]:
                m[v[k]] = res[addr][k]

    def tr(y):
        if isinstance(y, dict):
            return {k: tr(z) for k, z in y.items()}
        if isinstance(y, list):
            return [tr(z) for z in y]
        return m.get(y, y) if isinstance(y, str) else y
    return tr(x)


def check_ids(res, t):
    """The ids the state compare masks, in hashicorp's formats."""
    dopt = res['aws_vpc_dhcp_options.this']['id']
    assert res['aws_vpc_dhcp_options_association.this']['id'] == '%s-%s' % (dopt, t['vpc'])
    vgw = res['aws_vpn_gateway.detached']['id']
    assert res['aws_vpn_gateway_attachment.this']['id'] == 'vpn-attachment-%x' % zlib.crc32(
        ('%s-%s' % (t['vpc3'], vgw)).encode())
    assert res['aws_vpn_gateway_route_propagation.private']['id'] == '%s_%s' % (vgw, t['rtb3'])
    for addr, prefix in (('aws_vpc_dhcp_options.this', 'dopt-'),
                         ('aws_vpc_ipv4_cidr_block_association.this', 'vpc-cidr-assoc-'),
                         ('aws_customer_gateway.this', 'cgw-'), ('aws_vpn_gateway.this', 'vgw-'),
                         ('aws_flow_log.cwl', 'fl-'), ('aws_ec2_managed_prefix_list.this', 'pl-')):
        assert res[addr]['id'].startswith(prefix), (addr, res[addr]['id'])
    for addr, kind in (('aws_vpc_dhcp_options.this', 'dhcp-options'),
                       ('aws_customer_gateway.this', 'customer-gateway'),
                       ('aws_vpn_gateway.this', 'vpn-gateway'),
                       ('aws_flow_log.cwl', 'vpc-flow-log'),
                       ('aws_ec2_managed_prefix_list.this', 'prefix-list')):
        assert res[addr]['arn'].endswith(':%s/%s' % (kind, res[addr]['id'])), res[addr]['arn']


def tags_of(env, op, key, ident, **kw):
    item = env.ec2(op, **kw)[key][0]
    return {x['Key']: x['Value'] for x in item.get('Tags') or []}


def test_vpc_extras_lifecycle_and_parity(tmp_path):
    netkit.require('ours')
    envs = []
    ref_err = None
    try:
        env, t, tf = prepared(tmp_path, 'ours')
        envs.append(env)
        ours_plan = plan_json(tf)
        tf.apply()
        res = tf.resources()
        ec2 = env.ec2

        # what AWS holds
        dopt = res['aws_vpc_dhcp_options.this']
        assert dopt['id'].startswith('dopt-') and dopt['owner_id']
        assert dopt['arn'].endswith(':dhcp-options/' + dopt['id'])
        assert ec2('DescribeVpcs', VpcIds=[t['vpc']])['Vpcs'][0]['DhcpOptionsId'] == dopt['id']
        assert res['aws_vpc_dhcp_options_association.this']['id'] == '%s-%s' % (dopt['id'],
                                                                                 t['vpc'])
        assoc = res['aws_vpc_ipv4_cidr_block_association.this']
        blocks = {b['CidrBlock']: b for b in ec2('DescribeVpcs', VpcIds=[t['vpc']])[
            'Vpcs'][0]['CidrBlockAssociationSet']}
        assert blocks['10.1.0.0/16']['AssociationId'] == assoc['id']
        assert blocks['10.1.0.0/16']['CidrBlockState']['State'] == 'associated'
        cgw = res['aws_customer_gateway.this']
        got = ec2('DescribeCustomerGateways', CustomerGatewayIds=[cgw['id']])[
            'CustomerGateways'][0]
        assert got['State'] == 'available' and got['BgpAsn'] == '65112' == cgw['bgp_asn']
        vgw = res['aws_vpn_gateway.this']
        got = ec2('DescribeVpnGateways', VpnGatewayIds=[vgw['id']])['VpnGateways'][0]
        assert got['VpcAttachments'] == [{'State': 'attached', 'VpcId': t['vpc']}]
        assert vgw['vpc_id'] == t['vpc'] and vgw['amazon_side_asn'] == '64620'
        det = res['aws_vpn_gateway.detached']
        assert det['availability_zone'] == 'us-east-1a' and det['vpc_id'] == ''
        att = res['aws_vpn_gateway_attachment.this']
        assert att['id'].startswith('vpn-attachment-')
        table = ec2('DescribeRouteTables', RouteTableIds=[t['rtb3']])['RouteTables'][0]
        assert table['PropagatingVgws'] == [{'GatewayId': det['id']}]
        check_ids(res, t)
        fl = res['aws_flow_log.cwl']
        got = ec2('DescribeFlowLogs', FlowLogIds=[fl['id']])['FlowLogs'][0]
        assert got['LogGroupName'] == '/aws/vpc-flow-log/extras' == fl['log_group_name']
        assert got['MaxAggregationInterval'] == 60 and got['ResourceId'] == t['vpc']
        assert fl['iam_role_arn'] == res['aws_iam_role.flow']['arn']
        s3 = res['aws_flow_log.s3']
        assert s3['subnet_id'] == t['subnet'] and s3['destination_options'] == [{
            'file_format': 'parquet', 'hive_compatible_partitions': False,
            'per_hour_partition': True}]
        pl = res['aws_ec2_managed_prefix_list.this']
        assert pl['version'] == 1 and pl['max_entries'] == 5
        got = ec2('GetManagedPrefixListEntries', PrefixListId=pl['id'])['Entries']
        assert got == [{'Cidr': '10.0.0.0/16', 'Description': 'primary'},
                       {'Cidr': '10.1.0.0/16'}]
        tf.assert_clean()

        # parity with hashicorp/aws 5.100.0: plan and state
        if netkit.tfharness.hashicorp_missing() is None:
            ref_env, ref_t, ref = prepared(tmp_path, 'hashicorp')
            envs.append(ref_env)
            ref_plan = plan_json(ref)
            problems = netkit.diff(named(ours_plan, t), named(ref_plan, ref_t))
            assert not problems, '\n'.join(problems)
            ref.apply()
            ref_res = ref.resources()
            check_ids(ref_res, ref_t)
            problems = netkit.diff(comparable(res, t), comparable(ref_res, ref_t))
            assert not problems, '\n'.join(problems)
            ref.assert_clean()
            # a state written by either provider plans clean with the other
            ref.use('ours')
            ref.assert_clean()
            ref.use('hashicorp')
            tf.use('hashicorp')
            tf.assert_clean()
            tf.use('ours')
            # the in-place update plans the same (ids and VPCs translated)
            tf.write(UPDATED)
            ref.write(UPDATED)
            problems = netkit.diff(plan_json(tf),
                                   translated(plan_json(ref), ref_res, res, ref_t, t))
            assert not problems, '\n'.join(problems)
            tf.write(CONFIG)
            ref.write(CONFIG)
            # its diagnostics for bad input, compared below
            ref.write(BAD, name='bad.tf', provider_block=False)
            ref_err = ref.run('validate', ok=(1,)).stderr
            os.remove(ref.dir + '/bad.tf')
            # hashicorp/aws has no importer for these two
            for addr in ('aws_vpn_gateway_attachment.this',
                         'aws_vpn_gateway_route_propagation.private'):
                ref.state_rm(addr)
                p = ref.run('import', '-input=false', addr, 'x', ok=(1,))
                assert "doesn't support import" in p.stderr, p.stderr
            ref_env.close()
            envs.remove(ref_env)

        # in place: tags, the association's options set, the VPN gateway
        # moved to another VPC, the prefix list's name, entries and size
        tf.write(UPDATED)
        code, out = tf.plan()
        assert code == 2 and '0 to add, ' in out and ' 0 to destroy' in out, out
        tf.apply()
        res = tf.resources()
        other = res['aws_vpc_dhcp_options.other']['id']
        assert ec2('DescribeVpcs', VpcIds=[t['vpc']])['Vpcs'][0]['DhcpOptionsId'] == other
        assert res['aws_vpc_dhcp_options_association.this']['id'] == '%s-%s' % (other, t['vpc'])
        got = ec2('DescribeVpnGateways', VpnGatewayIds=[vgw['id']])['VpnGateways'][0]
        assert got['VpcAttachments'] == [{'State': 'attached', 'VpcId': t['vpc2']}]
        assert res['aws_vpn_gateway.this']['vpc_id'] == t['vpc2']
        pl2 = res['aws_ec2_managed_prefix_list.this']
        assert pl2['id'] == pl['id'] and pl2['name'] == 'extras-pl-2'
        assert pl2['max_entries'] == 6 and pl2['version'] == 2
        got = ec2('GetManagedPrefixListEntries', PrefixListId=pl['id'])['Entries']
        assert got == [{'Cidr': '10.0.0.0/16', 'Description': 'primary v2'},
                       {'Cidr': '10.2.0.0/16', 'Description': 'new'}]
        assert tags_of(env, 'DescribeCustomerGateways', 'CustomerGateways', None,
                       CustomerGatewayIds=[cgw['id']]) == {'Name': 'extras-b'}
        assert tags_of(env, 'DescribeFlowLogs', 'FlowLogs', None,
                       FlowLogIds=[fl['id']]) == {'Name': 'extras-b'}
        assert tags_of(env, 'DescribeDhcpOptions', 'DhcpOptions', None,
                       DhcpOptionsIds=[dopt['id']]) == {'Name': 'extras-b'}
        tf.assert_clean()

        # import blocks for every importable object, in one run
        applied = tf.resources()
        tf.state_rm(*IMPORTABLE)
        ids = {a: applied[a]['id'] for a in IMPORTABLE}
        ids['aws_vpc_dhcp_options_association.this'] = t['vpc']
        tf.write('\n'.join('import {\n  to = %s\n  id = "%s"\n}' % kv for kv in ids.items()),
                 name='imports.tf', provider_block=False)
        tf.apply()
        imported = tf.resources()
        for addr in IMPORTABLE:
            want = dict(applied[addr])
            if 'timeouts' in want:
                want['timeouts'] = None
            assert imported[addr] == want, (addr, imported[addr], want)
        tf.assert_clean()
        os.remove(tf.dir + '/imports.tf')
        for addr in ('aws_vpn_gateway_attachment.this',
                     'aws_vpn_gateway_route_propagation.private'):
            p = tf.run('import', '-input=false', addr, 'x', ok=(1,))
            assert "doesn't support import" in p.stderr, p.stderr

        # drift behind Terraform's back
        det_id = applied['aws_vpn_gateway.detached']['id']
        ec2('DisableVgwRoutePropagation', RouteTableId=t['rtb3'], GatewayId=det_id)
        ec2('AssociateDhcpOptions', DhcpOptionsId='default', VpcId=t['vpc'])
        pl_version = ec2('DescribeManagedPrefixLists', PrefixListIds=[pl['id']])[
            'PrefixLists'][0]['Version']
        ec2('ModifyManagedPrefixList', PrefixListId=pl['id'], CurrentVersion=pl_version,
            RemoveEntries=[{'Cidr': '10.2.0.0/16'}])
        ec2('CreateTags', Resources=[cgw['id'], vgw['id']],
            Tags=[{'Key': 'Name', 'Value': 'x'}])
        code, out = tf.plan()
        assert code == 2, out
        for line in ('aws_vpn_gateway_route_propagation.private will be created',
                     'aws_vpc_dhcp_options_association.this will be created',
                     'aws_ec2_managed_prefix_list.this will be updated in-place',
                     'aws_customer_gateway.this will be updated in-place',
                     'aws_vpn_gateway.this will be updated in-place'):
            assert line in out, out
        tf.apply()
        tf.assert_clean()

        # bad input, at the attribute
        tf.write(BAD, name='bad.tf', provider_block=False)
        p = tf.run('validate', ok=(1,))
        err = p.stderr
        for where in ('with aws_customer_gateway.bad_asn', 'with aws_vpn_gateway.bad_asn',
                      'with aws_flow_log.no_target', 'with aws_vpc_dhcp_options.empty',
                      'with aws_ec2_managed_prefix_list.bad_family',
                      'with aws_vpc_ipv4_cidr_block_association.bad_cidr',
                      'with aws_flow_log.bad_interval'):
            assert where in err, (where, err)
        assert 'bgp_asn' in err and 'amazon_side_asn' in err and 'IPv5' in err, err
        if ref_err is not None:
            def where(text):
                return set(re.findall(r'with (aws_[a-z0-9_]+\.[a-z_]+)', text))
            assert where(err) == where(ref_err), (err, ref_err)
            for said in ('"bgp_asn" ("not-a-number") must be a 64-bit integer',
                         '"amazon_side_asn" ("100") must be 7224, 9059, 10124 or 17493',
                         'expected max_aggregation_interval to be one of [60 600], got 30',
                         'expected address_family to be one of ["IPv4" "IPv6"], got IPv5'):
                flat = ' '.join(err.split())
                assert said in flat and said in ' '.join(ref_err.split()), (said, err, ref_err)
        os.remove(tf.dir + '/bad.tf')

        tf.destroy()
        assert env.ec2('DescribeFlowLogs')['FlowLogs'] == []
        assert env.ec2('DescribeVpnGateways')['VpnGateways'] == []
        assert {g['State'] for g in env.ec2('DescribeCustomerGateways')[
            'CustomerGateways']} <= {'deleted'}
        left = env.state()['services']['ec2']
        assert left['dhcp_options'] == [] and left['managed_prefix_lists'] == []
        assert left['vpc_ipv4_cidr_block_associations'] == []
        for key in ('vpc', 'vpc2', 'vpc3'):
            assert ec2('DescribeVpcs', VpcIds=[t[key]])['Vpcs'][0]['DhcpOptionsId'] in (
                'default', left['_implicit']['default_dhcp_options'][0])
    finally:
        for e in envs:
            e.close()


BAD = '''
resource "aws_customer_gateway" "bad_asn" {
  bgp_asn    = "not-a-number"
  ip_address = "49.33.1.162"
  type       = "ipsec.1"
}

resource "aws_vpn_gateway" "bad_asn" {
  amazon_side_asn = "100"
}

resource "aws_flow_log" "no_target" {
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::b"
  traffic_type         = "ALL"
}

resource "aws_flow_log" "bad_interval" {
  log_destination_type     = "s3"
  log_destination          = "arn:aws:s3:::b"
  traffic_type             = "ALL"
  vpc_id                   = "vpc-0123456789abcdef0"
  max_aggregation_interval = 30
}

resource "aws_vpc_dhcp_options" "empty" {
  tags = {
    Name = "x"
  }
}

resource "aws_ec2_managed_prefix_list" "bad_family" {
  name           = "x"
  address_family = "IPv5"
  max_entries    = 1
}

resource "aws_vpc_ipv4_cidr_block_association" "bad_cidr" {
  vpc_id     = "vpc-0123456789abcdef0"
  cidr_block = "10.1.0.0/8"
}
'''

"""The VPC's default objects and network ACLs, end to end:
aws_default_network_acl, aws_default_route_table, aws_default_security_group,
aws_network_acl (inline rules, subnet_ids) and aws_network_acl_rule, used with
the arguments the terraform-aws-modules/vpc module (v5.21.0) gives them:
dynamic ingress/egress blocks with lookup(..., null) fields, subnet_ids = null
under ignore_changes, a default route table with timeouts, per-rule
aws_network_acl_rule resources on a dedicated ACL.

The VPC, its internet gateway and two subnets are made with signed EC2 calls
and handed to the configuration as a variable, so that destroy can be checked
to leave the default objects in the VPC.

  * ours: apply (the default ACL's rules replaced by the configured ones,
    the default group's rules revoked but the configured one, the main
    table's routes reset, a dedicated ACL holding a subnet, rules on it),
    clean re-plan, in-place update of every type (rules, routes, tags, a
    subnet moved between ACLs), import of the set with import blocks in
    hashicorp's ID formats and a clean plan after, drift (entries added and
    removed behind Terraform's back), bad input at the attribute, destroy
    (the defaults stay, with the last configured rules; the dedicated ACL is
    gone and its subnet is back in the default ACL).
  * parity: the same configuration with hashicorp/aws 5.100.0 against a
    fresh emulator gives the same plan JSON (values and unknowns) and the
    same state as the apply writes it, attribute by attribute.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \\
     /usr/bin/python3 -m pytest tests/e2e/test_net_defaults_nacl.py
"""
import json
import os

import netkit
from netkit import NetEnv

TYPES = ('aws_default_network_acl', 'aws_default_route_table', 'aws_default_security_group',
         'aws_network_acl', 'aws_network_acl_rule')


def config(extra_in='', tag='a', route='', moved=False, inline_port=80):
    return '''
variable "t" {
  type = map(string)
}

variable "default_network_acl_ingress" {
  type = list(map(string))
  default = [
    {
      rule_no    = 100
      action     = "allow"
      from_port  = 0
      to_port    = 0
      protocol   = "-1"
      cidr_block = "0.0.0.0/0"
    },
    {
      rule_no         = 101
      action          = "allow"
      from_port       = 0
      to_port         = 0
      protocol        = "-1"
      ipv6_cidr_block = "::/0"
    },%s
  ]
}

variable "default_network_acl_egress" {
  type = list(map(string))
  default = [
    {
      rule_no    = 100
      action     = "allow"
      from_port  = 0
      to_port    = 0
      protocol   = "-1"
      cidr_block = "0.0.0.0/0"
    },
  ]
}

variable "public_inbound_acl_rules" {
  type = list(map(string))
  default = [
    {
      rule_number = 100
      rule_action = "allow"
      from_port   = 443
      to_port     = 443
      protocol    = "tcp"
      cidr_block  = "0.0.0.0/0"
    },
    {
      rule_number = 110
      rule_action = "deny"
      icmp_type   = 8
      icmp_code   = 0
      protocol    = "icmp"
      cidr_block  = "10.0.0.0/8"
    },
  ]
}

resource "aws_default_network_acl" "this" {
  default_network_acl_id = var.t.default_acl
  subnet_ids             = null

  dynamic "ingress" {
    for_each = var.default_network_acl_ingress
    content {
      action          = ingress.value.action
      cidr_block      = lookup(ingress.value, "cidr_block", null)
      from_port       = ingress.value.from_port
      icmp_code       = lookup(ingress.value, "icmp_code", null)
      icmp_type       = lookup(ingress.value, "icmp_type", null)
      ipv6_cidr_block = lookup(ingress.value, "ipv6_cidr_block", null)
      protocol        = ingress.value.protocol
      rule_no         = ingress.value.rule_no
      to_port         = ingress.value.to_port
    }
  }
  dynamic "egress" {
    for_each = var.default_network_acl_egress
    content {
      action          = egress.value.action
      cidr_block      = lookup(egress.value, "cidr_block", null)
      from_port       = egress.value.from_port
      icmp_code       = lookup(egress.value, "icmp_code", null)
      icmp_type       = lookup(egress.value, "icmp_type", null)
      ipv6_cidr_block = lookup(egress.value, "ipv6_cidr_block", null)
      protocol        = egress.value.protocol
      rule_no         = egress.value.rule_no
      to_port         = egress.value.to_port
    }
  }

  tags = {
    Name = "default-acl-%s"
  }

  lifecycle {
    ignore_changes = [subnet_ids]
  }
}

resource "aws_default_route_table" "this" {
  default_route_table_id = var.t.main_rtb

  dynamic "route" {
    for_each = %s
    content {
      cidr_block      = route.value.cidr_block
      ipv6_cidr_block = lookup(route.value, "ipv6_cidr_block", null)
      gateway_id      = lookup(route.value, "gateway_id", null)
    }
  }

  timeouts {
    create = "5m"
    update = "5m"
  }

  tags = {
    Name = "default-rt-%s"
  }
}

resource "aws_default_security_group" "this" {
  vpc_id = var.t.vpc

  ingress {
    protocol  = "-1"
    self      = true
    from_port = 0
    to_port   = 0
  }

  tags = {
    Name = "default-sg-%s"
  }
}

resource "aws_network_acl" "public" {
  vpc_id     = var.t.vpc
  subnet_ids = %s

  tags = {
    Name = "public-%s"
  }
}

resource "aws_network_acl_rule" "public_inbound" {
  count = length(var.public_inbound_acl_rules)

  network_acl_id = aws_network_acl.public.id

  egress          = false
  rule_number     = var.public_inbound_acl_rules[count.index]["rule_number"]
  rule_action     = var.public_inbound_acl_rules[count.index]["rule_action"]
  from_port       = lookup(var.public_inbound_acl_rules[count.index], "from_port", null)
  to_port         = lookup(var.public_inbound_acl_rules[count.index], "to_port", null)
  icmp_code       = lookup(var.public_inbound_acl_rules[count.index], "icmp_code", null)
  icmp_type       = lookup(var.public_inbound_acl_rules[count.index], "icmp_type", null)
  protocol        = var.public_inbound_acl_rules[count.index]["protocol"]
  cidr_block      = lookup(var.public_inbound_acl_rules[count.index], "cidr_block", null)
  ipv6_cidr_block = lookup(var.public_inbound_acl_rules[count.index], "ipv6_cidr_block", null)
}

resource "aws_network_acl_rule" "public_outbound_v6" {
  network_acl_id  = aws_network_acl.public.id
  egress          = true
  rule_number     = 100
  rule_action     = "allow"
  protocol        = "-1"
  ipv6_cidr_block = "::/0"
}

resource "aws_network_acl" "inline" {
  vpc_id = var.t.vpc

  ingress = [{
    protocol        = "tcp"
    rule_no         = 100
    action          = "allow"
    cidr_block      = "10.0.0.0/8"
    from_port       = %d
    to_port         = %d
    icmp_code       = null
    icmp_type       = null
    ipv6_cidr_block = null
  }]

  egress {
    protocol   = "udp"
    rule_no    = 200
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 53
    to_port    = 53
  }
}
''' % (extra_in, tag, route or '[]', tag, tag,
       '[var.t.public, var.t.private]' if moved else '[var.t.public]', tag,
       inline_port, inline_port)


CONFIG = config()
UPDATED = config(extra_in='''
    {
      rule_no    = 120
      action     = "deny"
      from_port  = 22
      to_port    = 22
      protocol   = "tcp"
      cidr_block = "192.0.2.0/24"
    },''', tag='b', route='[{ cidr_block = "0.0.0.0/0", gateway_id = var.t.igw }]', moved=True,
    inline_port=8080)

BAD = '''
resource "aws_network_acl_rule" "both_cidrs" {
  network_acl_id  = "acl-0123456789abcdef0"
  rule_number     = 10
  rule_action     = "allow"
  protocol        = "tcp"
  cidr_block      = "10.0.0.0/8"
  ipv6_cidr_block = "::/0"
}

resource "aws_network_acl_rule" "bad_action" {
  network_acl_id = "acl-0123456789abcdef0"
  rule_number    = 11
  rule_action    = "permit"
  protocol       = "tcp"
  cidr_block     = "10.0.0.0/8"
}

resource "aws_network_acl_rule" "bad_protocol" {
  network_acl_id = "acl-0123456789abcdef0"
  rule_number    = 12
  rule_action    = "allow"
  protocol       = "bogus"
  cidr_block     = "10.0.0.0/8"
}

resource "aws_default_network_acl" "bad_rule_no" {
  default_network_acl_id = "acl-0123456789abcdef0"
  ingress {
    protocol   = "-1"
    rule_no    = 0
    action     = "allow"
    cidr_block = "0.0.0.0/0"
    from_port  = 0
    to_port    = 0
  }
}
'''


def targets(env):
    """A dual-stack VPC with an internet gateway and two subnets; the main
    route table gets a route the default table resource must remove."""
    ec2 = env.ec2
    t = {}
    vpc = ec2('CreateVpc', CidrBlock='10.40.0.0/16', AmazonProvidedIpv6CidrBlock=True)['Vpc']
    t['vpc'] = vpc['VpcId']
    t['igw'] = ec2('CreateInternetGateway')['InternetGateway']['InternetGatewayId']
    ec2('AttachInternetGateway', InternetGatewayId=t['igw'], VpcId=t['vpc'])
    t['public'] = ec2('CreateSubnet', VpcId=t['vpc'], CidrBlock='10.40.1.0/24',
                      AvailabilityZone='us-east-1a')['Subnet']['SubnetId']
    t['private'] = ec2('CreateSubnet', VpcId=t['vpc'], CidrBlock='10.40.2.0/24',
                       AvailabilityZone='us-east-1b')['Subnet']['SubnetId']
    vpc_filter = [{'Name': 'vpc-id', 'Values': [t['vpc']]}]
    t['default_acl'] = ec2('DescribeNetworkAcls', Filters=vpc_filter + [
        {'Name': 'default', 'Values': ['true']}])['NetworkAcls'][0]['NetworkAclId']
    t['main_rtb'] = ec2('DescribeRouteTables', Filters=vpc_filter + [
        {'Name': 'association.main', 'Values': ['true']}])['RouteTables'][0]['RouteTableId']
    t['default_sg'] = ec2('DescribeSecurityGroups', Filters=vpc_filter + [
        {'Name': 'group-name', 'Values': ['default']}])['SecurityGroups'][0]['GroupId']
    ec2('CreateRoute', RouteTableId=t['main_rtb'], DestinationCidrBlock='10.99.0.0/16',
        GatewayId=t['igw'])
    return t


def prepared(tmp_path, which):
    env = NetEnv(tmp_path / which)
    t = targets(env)
    tf = env.terraform(which, CONFIG)
    with open(tf.dir + '/terraform.tfvars.json', 'w') as f:
        json.dump({'t': t}, f)
    return env, t, tf


def acl(env, acl_id):
    return env.ec2('DescribeNetworkAcls', NetworkAclIds=[acl_id])['NetworkAcls'][0]


def entries(env, acl_id):
    """(egress, rule number) -> entry, the catch-alls left out."""
    return {(e['Egress'], e['RuleNumber']): e for e in acl(env, acl_id)['Entries']
            if e['RuleNumber'] < 32767}


def subnets_of(env, acl_id):
    return sorted(a['SubnetId'] for a in acl(env, acl_id)['Associations'])


def sg_rules(env, sg):
    rules = env.ec2('DescribeSecurityGroupRules', Filters=[
        {'Name': 'group-id', 'Values': [sg]}])['SecurityGroupRules']
    return sorted((r['IsEgress'], r['IpProtocol'], r.get('CidrIpv4') or r.get('CidrIpv6')
                   or r.get('ReferencedGroupInfo', {}).get('GroupId')) for r in rules)


def routes(env, rtb):
    table = env.ec2('DescribeRouteTables', RouteTableIds=[rtb])['RouteTables'][0]
    return sorted((r.get('DestinationCidrBlock') or r.get('DestinationIpv6CidrBlock'),
                   r.get('GatewayId')) for r in table['Routes'])


def plan_json(tf):
    tf.run('plan', '-input=false', '-out=plan.bin')
    shown = json.loads(tf.run('show', '-json', 'plan.bin').stdout)
    return {c['address']: c['change'] for c in shown['resource_changes'] if c['type'] in TYPES}


def ours_state(tf):
    return {a: v for a, v in tf.resources().items() if a.split('.')[0] in TYPES}


def comparable(x, t):
    """Values with this emulator's ids replaced by their role (or kind)."""
    names = {v: '<%s>' % k for k, v in t.items()}
    ids = {}

    def norm(v):
        if isinstance(v, dict):
            return {k: norm(x) for k, x in v.items()}
        if isinstance(v, list):
            return sorted((norm(x) for x in v), key=lambda e: json.dumps(e, sort_keys=True))
        if isinstance(v, str) and v in names:
            return names[v]
        return netkit.normalise(v, ids) if isinstance(v, str) else v
    out = norm(x)
    # a rule's id hashes its ACL's id, which differs between emulators
    for addr, vals in out.items():
        for part in (vals, vals.get('after') if isinstance(vals, dict) else None):
            if isinstance(part, dict) and str(part.get('id', '')).startswith('nacl-'):
                part['id'] = '<nacl-rule-id>'
    return out


PROTOCOLS = {'tcp': '6', 'udp': '17', 'icmp': '1', 'all': '-1'}


def canon(v):
    """A NACL rule (inline or aws_network_acl_rule) as the set hash sees it."""
    if isinstance(v, dict):
        out = {k: canon(x) for k, x in v.items()}
        if 'protocol' in out and ('rule_no' in out or 'rule_number' in out):
            out['protocol'] = PROTOCOLS.get(out['protocol'], out['protocol'])
            for k, zero in (('icmp_code', 0), ('icmp_type', 0), ('cidr_block', ''),
                            ('ipv6_cidr_block', '')):
                if k in out and out[k] is None:
                    out[k] = zero
        return out
    if isinstance(v, list):
        return sorted((canon(x) for x in v), key=lambda e: json.dumps(e, sort_keys=True))
    return v


def test_defaults_and_nacls(tmp_path):
    netkit.require('ours')
    envs = []
    try:
        env, t, tf = prepared(tmp_path, 'ours')
        envs.append(env)
        ours_plan = plan_json(tf)
        tf.apply()
        res = tf.resources()
        dacl = res['aws_default_network_acl.this']
        assert dacl['id'] == t['default_acl'] and dacl['vpc_id'] == t['vpc']
        assert subnets_of(env, t['default_acl']) == [t['private']]
        got = entries(env, t['default_acl'])
        assert sorted(got) == [(False, 100), (False, 101), (True, 100)], got
        assert got[(False, 101)]['Ipv6CidrBlock'] == '::/0'
        assert {x['Key']: x['Value'] for x in acl(env, t['default_acl'])['Tags']} == {
            'Name': 'default-acl-a'}
        # the main table's extra route is gone, the local one stays
        assert routes(env, t['main_rtb']) == [('10.40.0.0/16', 'local')]
        assert res['aws_default_route_table.this']['route'] == []
        # the default group keeps only the configured self rule
        assert sg_rules(env, t['default_sg']) == [(False, '-1', t['default_sg'])]
        assert res['aws_default_security_group.this']['name'] == 'default'
        pub = res['aws_network_acl.public']
        assert subnets_of(env, pub['id']) == [t['public']]
        got = entries(env, pub['id'])
        assert got[(False, 100)]['Protocol'] == '6'
        assert got[(False, 100)]['PortRange'] == {'From': 443, 'To': 443}
        assert got[(False, 110)]['IcmpTypeCode'] == {'Type': 8, 'Code': 0}
        assert got[(True, 100)]['Ipv6CidrBlock'] == '::/0'
        # the state written by the apply holds what the read after create
        # finds, as hashicorp/aws's: the rule's protocol number, the
        # subnets of the default ACL whose subnet_ids is null in config
        rule = res['aws_network_acl_rule.public_inbound[0]']
        assert rule['id'].startswith('nacl-') and rule['protocol'] == '6'
        assert res['aws_network_acl_rule.public_inbound[1]']['protocol'] == '1'
        assert dacl['subnet_ids'] == [t['private']]
        inline = res['aws_network_acl.inline']
        assert sorted(entries(env, inline['id'])) == [(False, 100), (True, 200)]
        tf.assert_clean()

        # parity with hashicorp/aws 5.100.0: plan and state
        if netkit.tfharness.hashicorp_missing() is None:
            ref_env, ref_t, ref = prepared(tmp_path, 'hashicorp')
            envs.append(ref_env)
            ref_plan = plan_json(ref)
            problems = netkit.diff(comparable(ours_plan, t), comparable(ref_plan, ref_t))
            assert not problems, '\n'.join(problems)
            ref.apply()
            # the state each apply wrote, before any refresh: hashicorp's
            # holds what its create reads back (the protocol numbers, the
            # default ACL's subnets), as ours
            ref_applied = ours_state(ref)
            assert ref_applied['aws_network_acl_rule.public_inbound[0]']['protocol'] == '6'
            assert ref_applied['aws_default_network_acl.this']['subnet_ids'] == [ref_t['private']]
            problems = netkit.diff(comparable(ours_state(tf), t),
                                   comparable(ref_applied, ref_t))
            assert not problems, '\n'.join(problems)
            ref.assert_clean()
            ref.destroy()

        # in place: rules, routes, tags, a subnet moved into the dedicated ACL
        tf.write(UPDATED)
        code, out = tf.plan()
        assert code == 2 and '0 to add, 5 to change, 0 to destroy' in out, out
        tf.apply()
        got = entries(env, t['default_acl'])
        assert got[(False, 120)]['RuleAction'] == 'deny'
        assert got[(False, 120)]['PortRange'] == {'From': 22, 'To': 22}
        assert ('0.0.0.0/0', t['igw']) in routes(env, t['main_rtb'])
        assert subnets_of(env, pub['id']) == sorted([t['public'], t['private']])
        assert subnets_of(env, t['default_acl']) == []
        assert entries(env, inline['id'])[(False, 100)]['PortRange'] == {'From': 8080,
                                                                          'To': 8080}
        sg = env.ec2('DescribeSecurityGroups', GroupIds=[t['default_sg']])['SecurityGroups'][0]
        assert {x['Key']: x['Value'] for x in sg['Tags']} == {'Name': 'default-sg-b'}
        tf.assert_clean()
        res = tf.resources()
        # the default ACL's subnet_ids the plan knew (ignore_changes: the
        # refreshed [private]) is stored as planned whatever the read after
        # the update finds (private moved to the dedicated ACL meanwhile), as
        # SDKv2 keeps a wholly known planned set
        assert res['aws_default_network_acl.this']['subnet_ids'] == [t['private']]

        # import blocks in hashicorp's ID formats
        addrs = sorted(a for a in res if a.split('.')[0] in TYPES)
        ids = {}
        for a in addrs:
            v = res[a]
            if a.startswith('aws_network_acl_rule.'):
                # the protocol as configured: it is hashed into the id
                names = {n: k for k, n in PROTOCOLS.items() if k != 'all'}
                ids[a] = '%s:%d:%s:%s' % (v['network_acl_id'], v['rule_number'],
                                          names.get(v['protocol'], v['protocol']),
                                          str(v['egress']).lower())
            elif a.startswith('aws_default_route_table.'):
                ids[a] = t['vpc']
            else:
                ids[a] = v['id']
        tf.state_rm(*addrs)
        tf.write('\n'.join('import {\n  to = %s\n  id = "%s"\n}' % kv for kv in ids.items()),
                 name='imports.tf', provider_block=False)
        tf.apply()
        imported = tf.resources()
        for a in addrs:
            want = dict(res[a])
            if a.startswith('aws_default_network_acl.'):
                # subnet_ids is read back whatever the lifecycle ignores
                want['subnet_ids'] = imported[a]['subnet_ids']
            if a.startswith('aws_default_security_group.'):
                # not read: an import leaves it null, the default applies
                want['revoke_rules_on_delete'] = imported[a]['revoke_rules_on_delete']
            # an import stores rules as EC2 reports them (protocol numbers,
            # 0 for unset ICMP fields), equal to the configured ones as
            # hashicorp's set hash sees them: the plan after is clean
            assert canon(imported[a]) == canon(want), (a, imported[a], want)
        tf.assert_clean()
        os.remove(tf.dir + '/imports.tf')

        # drift: entries added and removed behind Terraform's back
        env.ec2('CreateNetworkAclEntry', NetworkAclId=t['default_acl'], RuleNumber=300,
                Protocol='-1', RuleAction='deny', Egress=False, CidrBlock='198.51.100.0/24')
        env.ec2('DeleteNetworkAclEntry', NetworkAclId=pub['id'], RuleNumber=100, Egress=False)
        env.ec2('AuthorizeSecurityGroupIngress', GroupId=t['default_sg'], IpPermissions=[
            {'IpProtocol': 'tcp', 'FromPort': 22, 'ToPort': 22,
             'IpRanges': [{'CidrIp': '203.0.113.0/24'}]}])
        code, out = tf.plan()
        assert code == 2, out
        assert 'aws_default_network_acl.this will be updated in-place' in out, out
        assert 'aws_network_acl_rule.public_inbound[0] will be created' in out, out
        assert 'aws_default_security_group.this will be updated in-place' in out, out
        tf.apply()
        assert (False, 300) not in entries(env, t['default_acl'])
        assert (False, 100) in entries(env, pub['id'])
        tf.assert_clean()

        # bad input, at the attribute
        tf.write(BAD, name='bad.tf', provider_block=False)
        err = tf.run('validate', ok=(1,)).stderr
        assert 'Invalid combination of arguments' in err, err
        assert 'with aws_network_acl_rule.both_cidrs' in err, err
        assert 'with aws_network_acl_rule.bad_action' in err and 'permit' in err, err
        assert 'with aws_network_acl_rule.bad_protocol' in err, err
        assert 'unsupported NACL protocol: bogus' in err, err
        assert 'with aws_default_network_acl.bad_rule_no' in err and 'rule_no' in err, err
        os.remove(tf.dir + '/bad.tf')

        # destroy: the defaults stay as last configured, the rest is gone
        tf.destroy()
        got = entries(env, t['default_acl'])
        assert sorted(got) == [(False, 100), (False, 101), (False, 120), (True, 100)], got
        assert subnets_of(env, t['default_acl']) == sorted([t['public'], t['private']])
        assert sg_rules(env, t['default_sg']) == [(False, '-1', t['default_sg'])]
        assert ('0.0.0.0/0', t['igw']) in routes(env, t['main_rtb'])
        left = env.ec2('DescribeNetworkAcls', Filters=[
            {'Name': 'vpc-id', 'Values': [t['vpc']]}])['NetworkAcls']
        assert [a['NetworkAclId'] for a in left] == [t['default_acl']]
    finally:
        for e in envs:
            e.close()


DEFAULT_VPC = '''
resource "aws_default_vpc" "this" {
  enable_dns_support   = true
  enable_dns_hostnames = %s
  force_destroy        = %s

  tags = {
    Name = "%s"
  }
}
'''


def default_vpc_env(tmp_path, label, which, existing=True):
    env = NetEnv(tmp_path / ('vpc-' + label))
    if existing:
        env.emu._control('POST', 'service/ec2/ensure-default-vpc', {})
    return env, env.terraform(which, DEFAULT_VPC % ('true', 'false', 'default'), name=label)


def default_vpcs(env):
    return env.ec2('DescribeVpcs', Filters=[{'Name': 'is-default', 'Values': ['true']}])['Vpcs']


def test_default_vpc(tmp_path):
    """aws_default_vpc: adopted (existing_default_vpc) or made with
    CreateDefaultVpc, updated in place, imported, left by destroy unless
    force_destroy; plan and state compared with hashicorp/aws."""
    netkit.require('ours')
    envs = []
    try:
        env, tf = default_vpc_env(tmp_path, 'ours', 'ours')
        envs.append(env)
        (vpc,) = default_vpcs(env)
        ours_plan = plan_json_all(tf)
        tf.apply()
        res = tf.resources()['aws_default_vpc.this']
        assert res['id'] == vpc['VpcId'] and res['existing_default_vpc'] is True
        assert res['cidr_block'] == '172.31.0.0/16' and res['enable_dns_hostnames'] is True
        assert {x['Key']: x['Value'] for x in default_vpcs(env)[0]['Tags']} == {
            'Name': 'default'}
        tf.assert_clean()

        if netkit.tfharness.hashicorp_missing() is None:
            ref_env, ref = default_vpc_env(tmp_path, 'hashicorp', 'hashicorp')
            envs.append(ref_env)
            problems = netkit.diff(comparable(ours_plan, {}), comparable(plan_json_all(ref), {}))
            assert not problems, '\n'.join(problems)
            ref.apply()
            problems = netkit.diff(
                comparable({'v': res}, {}),
                comparable({'v': ref.resources()['aws_default_vpc.this']}, {}))
            assert not problems, '\n'.join(problems)
            ref.assert_clean()
            ref.destroy()
            assert len(default_vpcs(ref_env)) == 1

        # in place: host names off, tags
        tf.write(DEFAULT_VPC % ('false', 'false', 'changed'))
        code, out = tf.plan()
        assert code == 2 and '1 to change' in out, out
        tf.apply()
        attr = env.ec2('DescribeVpcAttribute', VpcId=vpc['VpcId'],
                       Attribute='enableDnsHostnames')
        assert attr['EnableDnsHostnames']['Value'] is False
        tf.assert_clean()

        # import by id, clean plan after
        before = tf.resources()['aws_default_vpc.this']
        tf.state_rm('aws_default_vpc.this')
        tf.write('import {\n  to = aws_default_vpc.this\n  id = "%s"\n}\n' % vpc['VpcId'],
                 name='imports.tf', provider_block=False)
        tf.apply()
        after = tf.resources()['aws_default_vpc.this']
        for k in before:
            # set only by create, and a default no read reports
            if k not in ('existing_default_vpc', 'force_destroy'):
                assert after[k] == before[k], (k, after[k], before[k])
        tf.assert_clean()
        os.remove(tf.dir + '/imports.tf')

        # destroy leaves it (no force_destroy)
        tf.destroy()
        assert [v['VpcId'] for v in default_vpcs(env)] == [vpc['VpcId']]

        # a region without one: CreateDefaultVpc; force_destroy deletes it
        # once what it holds is gone
        env2, tf2 = default_vpc_env(tmp_path, 'made', 'ours', existing=False)
        envs.append(env2)
        tf2.write(DEFAULT_VPC % ('true', 'true', 'made'))
        assert default_vpcs(env2) == []
        tf2.apply()
        made = tf2.resources()['aws_default_vpc.this']
        assert made['existing_default_vpc'] is False
        assert [v['VpcId'] for v in default_vpcs(env2)] == [made['id']]
        tf2.assert_clean()
        subnets = env2.ec2('DescribeSubnets', Filters=[
            {'Name': 'vpc-id', 'Values': [made['id']]}])['Subnets']
        for s in subnets:
            env2.ec2('DeleteSubnet', SubnetId=s['SubnetId'])
        for g in env2.ec2('DescribeInternetGateways', Filters=[
                {'Name': 'attachment.vpc-id', 'Values': [made['id']]}])['InternetGateways']:
            env2.ec2('DetachInternetGateway', InternetGatewayId=g['InternetGatewayId'],
                     VpcId=made['id'])
            env2.ec2('DeleteInternetGateway', InternetGatewayId=g['InternetGatewayId'])
        tf2.destroy()
        assert default_vpcs(env2) == []
    finally:
        for e in envs:
            e.close()


def plan_json_all(tf):
    tf.run('plan', '-input=false', '-out=plan.bin')
    shown = json.loads(tf.run('show', '-json', 'plan.bin').stdout)
    return {c['address']: c['change'] for c in shown['resource_changes']}

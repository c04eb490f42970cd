"""aws_security_group end to end with our provider against the emulator, in
the style of terraform-provider-aws's acceptance tests: lifecycle (rules
changed in place by revoke/authorize deltas, tags, a name change forcing
replacement), two groups referring to each other, import, drift made behind
Terraform's back, DependencyViolation on delete and revoke_rules_on_delete.

The VPC is made with a signed EC2 call, so these tests need only
aws_security_group from our provider.

Run: TFP_PROVIDER_BIN=<build>/terraform-provider-aws \\
     /usr/bin/python3 -m pytest tests/e2e/test_net_security_group.py
"""
import json
import os

import tfharness

from netkit import AwsCallError, netenv  # noqa: F401  (fixture)

# Generated or refreshed by nature, or not read back by an import (the SDK
# leaves arguments that Read does not set null: revoke_rules_on_delete).
IMPORT_IGNORE = {'revoke_rules_on_delete', 'timeouts'}


def config(vpc, name='life-a', tag='one', web_rules=None, extra=''):
    web_rules = web_rules if web_rules is not None else '''
  ingress {
    from_port   = 80
    to_port     = 80
    protocol    = "6"
    cidr_blocks = ["10.0.0.0/8", "192.168.0.0/16"]
  }'''
    return '''
resource "aws_security_group" "a" {
  name        = "%(name)s"
  description = "lifecycle test"
  vpc_id      = "%(vpc)s"
%(web)s
  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "ALL"
    self        = true
    description = "from itself"
  }
  egress {
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }
  tags = { Name = "%(tag)s" }

  # b refers to a: a replaced a must exist before the old one can go
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_security_group" "b" {
  name_prefix = "life-b-"
  vpc_id      = "%(vpc)s"
  ingress {
    from_port       = 22
    to_port         = 22
    protocol        = "tcp"
    security_groups = [aws_security_group.a.id]
  }
}
%(extra)s''' % {'name': name, 'vpc': vpc, 'tag': tag, 'web': web_rules, 'extra': extra}


def make_vpc(env):
    return env.ec2('CreateVpc', CidrBlock='10.0.0.0/16')['Vpc']['VpcId']


def rules_of(env, gid):
    """(egress, protocol, from, to, source, description) -> rule id."""
    out = {}
    for r in env.ec2('DescribeSecurityGroupRules',
                     Filters=[{'Name': 'group-id', 'Values': [gid]}])['SecurityGroupRules']:
        src = (r.get('CidrIpv4') or r.get('CidrIpv6') or r.get('PrefixListId')
               or r.get('ReferencedGroupInfo', {}).get('GroupId'))
        key = (r['IsEgress'], r['IpProtocol'], r['FromPort'], r['ToPort'], src,
               r.get('Description'))
        out[key] = r['SecurityGroupRuleId']
    return out


def finish(env, tf, vpc):
    tf.destroy()
    env.ec2('DeleteVpc', VpcId=vpc)
    env.assert_empty()


def test_lifecycle(netenv):
    env = netenv
    vpc = make_vpc(env)
    tf = env.terraform('ours', config(vpc))
    tf.apply()
    tf.assert_clean()
    st = tf.resources()
    a, b = st['aws_security_group.a'], st['aws_security_group.b']
    assert a['name'] == 'life-a' and a['name_prefix'] == ''
    assert b['name'].startswith('life-b-') and len(b['name']) == len('life-b-') + 26
    assert b['name_prefix'] == 'life-b-'
    assert b['description'] == 'Managed by Terraform'
    assert a['arn'] == 'arn:aws:ec2:us-east-1:%s:security-group/%s' % (a['owner_id'], a['id'])
    assert a['tags'] == {'Name': 'one'} and a['tags_all'] == {'Name': 'one'}
    assert b['tags'] is None and b['tags_all'] == {}
    # protocol "6" and "ALL" are planned and stored the way the SDK's
    # StateFunc writes them
    assert sorted(r['protocol'] for r in a['ingress']) == ['-1', 'tcp']
    selfrule = [r for r in a['ingress'] if r['self']][0]
    assert selfrule['description'] == 'from itself' and selfrule['cidr_blocks'] == []
    assert b['ingress'][0]['security_groups'] == [a['id']]
    # the default allow-all egress is gone where the config has no egress
    assert b['egress'] == []
    rules_b = rules_of(env, b['id'])
    assert not any(k[0] for k in rules_b), rules_b
    rules_a = rules_of(env, a['id'])
    assert (False, 'tcp', 80, 80, '10.0.0.0/8', None) in rules_a
    assert (True, '-1', -1, -1, '::/0', None) in rules_a

    # in place: one CIDR removed, one rule added, tag changed; the rules
    # that stay are not revoked and re-authorized
    tf.write(config(vpc, tag='two', web_rules='''
  ingress {
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
  ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
    description = "https"
  }'''))
    code, out = tf.plan()
    assert code == 2 and 'update in-place' in out and 'must be replaced' not in out, out
    tf.apply()
    tf.assert_clean()
    after = rules_of(env, a['id'])
    for key in [(False, 'tcp', 80, 80, '10.0.0.0/8', None), (True, '-1', -1, -1, '::/0', None),
                (True, '-1', -1, -1, '0.0.0.0/0', None)]:
        assert after[key] == rules_a[key], 'rule %s was replaced' % (key,)
    assert (False, 'tcp', 80, 80, '192.168.0.0/16', None) not in after
    assert (False, 'tcp', 443, 443, '10.0.0.0/8', 'https') in after
    a2 = tf.resources()['aws_security_group.a']
    assert a2['id'] == a['id'] and a2['tags'] == {'Name': 'two'}
    assert env.ec2('DescribeSecurityGroups', GroupIds=[a['id']])['SecurityGroups'][0]['Tags'] \
        == [{'Key': 'Name', 'Value': 'two'}]

    # `ingress = []` removes every ingress rule
    tf.write(config(vpc, tag='two', web_rules='').replace(
        '''  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "ALL"
    self        = true
    description = "from itself"
  }''', '  ingress = []'))
    tf.apply()
    tf.assert_clean()
    assert not any(not k[0] for k in rules_of(env, a['id']))

    # a new name replaces the group (b, which refers to it, is updated in
    # between: create_before_destroy)
    tf.write(config(vpc, name='life-renamed', tag='two'))
    code, out = tf.plan()
    assert code == 2 and 'must be replaced' in out and 'forces replacement' in out, out
    tf.apply()
    tf.assert_clean()
    st = tf.resources()
    assert st['aws_security_group.a']['id'] != a['id']
    assert st['aws_security_group.b']['ingress'][0]['security_groups'] == \
        [st['aws_security_group.a']['id']]
    finish(env, tf, vpc)


def test_import_reproduces_state(netenv):
    env = netenv
    vpc = make_vpc(env)
    tf = env.terraform('ours', config(vpc))
    tf.apply()
    # Compare with the state as a refresh reads it: like hashicorp/aws, an
    # untagged object has tags = null right after create and {} once read.
    tf.apply('-refresh-only')
    before = tf.resources()
    for addr in ('aws_security_group.a', 'aws_security_group.b'):
        tf.state_rm(addr)
        tf.import_(addr, before[addr]['id'])
    after = tf.resources()
    for addr in before:
        want = {k: v for k, v in before[addr].items() if k not in IMPORT_IGNORE}
        got = {k: v for k, v in after[addr].items() if k not in IMPORT_IGNORE}
        assert got == want, '%s:\n%s\n%s' % (addr, json.dumps(got, sort_keys=True),
                                             json.dumps(want, sort_keys=True))
    code, out = tf.plan()
    # only revoke_rules_on_delete, which Read never sets, may show up
    assert 'must be replaced' not in out and 'ingress' not in out.split('Terraform will')[-1], out
    tf.state_rm('aws_security_group.a')
    p = tf.run('import', 'aws_security_group.a', 'sg-00000000000000000', ok=(1,))
    assert 'Cannot import non-existent remote object' in p.stderr or \
        'InvalidGroup.NotFound' in p.stderr, p.stderr
    tf.import_('aws_security_group.a', before['aws_security_group.a']['id'])
    finish(env, tf, vpc)


def test_drift(netenv):
    env = netenv
    vpc = make_vpc(env)
    tf = env.terraform('ours', config(vpc))
    tf.apply()
    a = tf.resources()['aws_security_group.a']
    env.ec2('AuthorizeSecurityGroupIngress', GroupId=a['id'], IpPermissions=[{
        'IpProtocol': 'tcp', 'FromPort': 8443, 'ToPort': 8443,
        'IpRanges': [{'CidrIp': '172.16.0.0/12', 'Description': 'behind your back'}]}])
    code, out = tf.plan()
    assert code == 2 and '172.16.0.0/12' in out and 'behind your back' in out, out
    env.ec2('CreateTags', Resources=[a['id']], Tags=[{'Key': 'Name', 'Value': 'drifted'}])
    code, out = tf.plan()
    assert code == 2 and 'drifted' in out, out
    tf.apply()
    tf.assert_clean()
    assert not any(k[4] == '172.16.0.0/12' for k in rules_of(env, a['id']))

    # deleted behind Terraform's back: planned again as a new group
    b = tf.resources()['aws_security_group.b']
    env.ec2('DeleteSecurityGroup', GroupId=b['id'])
    code, out = tf.plan()
    assert code == 2 and 'aws_security_group.b will be created' in out, out
    tf.apply()
    tf.assert_clean()
    finish(env, tf, vpc)


def test_dependency_violation_and_revoke_on_delete(netenv):
    env = netenv
    vpc = make_vpc(env)
    base = '''
resource "aws_security_group" "held" {
  name                   = "held"
  vpc_id                 = "%s"
  revoke_rules_on_delete = %s
  timeouts {
    delete = "2s"
  }
}
'''
    tf = env.terraform('ours', base % (vpc, 'false'))
    tf.apply()
    held = tf.resources()['aws_security_group.held']['id']
    other = env.ec2('CreateSecurityGroup', GroupName='outsider', Description='x',
                    VpcId=vpc)['GroupId']
    env.ec2('AuthorizeSecurityGroupIngress', GroupId=other, IpPermissions=[{
        'IpProtocol': 'tcp', 'FromPort': 5432, 'ToPort': 5432,
        'UserIdGroupPairs': [{'GroupId': held}]}])
    p = tf.run('destroy', '-auto-approve', '-input=false', ok=(1,))
    assert 'DependencyViolation' in p.stderr and held in p.stderr, p.stderr
    assert 'still failing after retrying' in p.stderr, p.stderr
    assert tf.resources()['aws_security_group.held']['id'] == held

    # revoke_rules_on_delete: the outsider's rule referring to the group is
    # revoked first, so the delete goes through
    tf.write(base % (vpc, 'true'))
    tf.apply()
    tf.assert_clean()
    tf.destroy()
    assert not any(k[4] == held for k in rules_of(env, other))
    env.ec2('DeleteSecurityGroup', GroupId=other)
    env.ec2('DeleteVpc', VpcId=vpc)
    env.assert_empty()


def test_not_found_on_create_reference(netenv):
    """A bad VPC id fails the create cleanly, with AWS's error."""
    env = netenv
    tf = env.terraform('ours', '''
resource "aws_security_group" "x" {
  vpc_id = "vpc-0123456789abcdef0"
}
''')
    p = tf.run('apply', '-auto-approve', '-input=false', ok=(1,))
    assert 'InvalidVpcID.NotFound' in p.stderr and 'creating Security Group' in p.stderr, p.stderr
    assert tf.resources() == {}
    env.assert_empty()


def test_example(netenv):
    """examples/aws_security_group applies, re-plans clean, destroys to nothing."""
    folder = os.path.join(tfharness.REPO, 'examples', 'aws_security_group')
    assert os.path.isfile(os.path.join(folder, 'README.md'))
    with open(os.path.join(folder, 'main.tf')) as f:
        text = f.read()
    tf = netenv.terraform('ours', text, provider_block=False)
    tf.apply()
    listed = tf.run('state', 'list').stdout.split()
    assert 'aws_security_group.lb' in listed and 'aws_security_group.instances' in listed
    tf.assert_clean()
    tf.destroy()
    netenv.assert_empty()

"""aws_internet_gateway end to end with our provider against the emulator,
in the style of Terraform's acceptance tests: create detached and attached,
re-plan clean, move between VPCs in place, detach, retag, import, destroy,
and nothing left behind.  VPCs are made with signed EC2 calls so that this
test does not depend on aws_vpc.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \
     /usr/bin/python3 -m pytest tests/e2e/test_net_igw.py
"""
from netkit import netenv  # noqa: F401  (fixture)


def gw_tf(vpc=None, tags=None, extra=''):
    lines = ['resource "aws_internet_gateway" "gw" {']
    if vpc:
        lines.append('  vpc_id = "%s"' % vpc)
    if tags:
        lines.append('  tags = {%s}' % ', '.join('%s = "%s"' % kv for kv in tags.items()))
    lines.append(extra)
    lines.append('}')
    return '\n'.join(lines) + '\n'


def attachments(env, gw_id):
    g = env.ec2('DescribeInternetGateways', InternetGatewayIds=[gw_id])['InternetGateways'][0]
    return [a['VpcId'] for a in g.get('Attachments') or []]


def test_igw_lifecycle(netenv):
    env = netenv
    v1 = env.ec2('CreateVpc', CidrBlock='10.0.0.0/16')['Vpc']['VpcId']
    v2 = env.ec2('CreateVpc', CidrBlock='10.1.0.0/16')['Vpc']['VpcId']

    # detached, untagged
    tf = env.terraform('ours', gw_tf())
    tf.apply()
    gw = tf.resources()['aws_internet_gateway.gw']
    assert gw['id'].startswith('igw-')
    assert gw['vpc_id'] == ''
    assert gw['arn'] == 'arn:aws:ec2:us-east-1:%s:internet-gateway/%s' % (gw['owner_id'],
                                                                         gw['id'])
    assert gw['tags'] is None and gw['tags_all'] == {}
    tf.assert_clean()
    gid = gw['id']

    # attach in place, with tags and timeouts
    tf.write(gw_tf(v1, {'Name': 'a'}, '  timeouts {\n    create = "5m"\n    update = "5m"\n  }'))
    code, out = tf.plan()
    assert code == 2 and 'update in-place' in out and 'must be replaced' not in out
    tf.apply()
    gw = tf.resources()['aws_internet_gateway.gw']
    assert gw['id'] == gid and gw['vpc_id'] == v1
    assert gw['tags'] == {'Name': 'a'} and gw['tags_all'] == {'Name': 'a'}
    assert gw['timeouts'] == {'create': '5m', 'update': '5m', 'delete': None}
    assert attachments(env, gid) == [v1]
    tf.assert_clean()

    # move to another VPC and retag, in place
    tf.write(gw_tf(v2, {'Name': 'b', 'Env': 'test'}))
    tf.apply()
    gw = tf.resources()['aws_internet_gateway.gw']
    assert gw['id'] == gid and gw['vpc_id'] == v2
    assert gw['tags'] == {'Name': 'b', 'Env': 'test'}
    assert attachments(env, gid) == [v2]
    tf.assert_clean()

    # import reproduces the same state (timeouts are not imported)
    before = tf.resources()['aws_internet_gateway.gw']
    tf.state_rm('aws_internet_gateway.gw')
    tf.import_('aws_internet_gateway.gw', gid)
    after = tf.resources()['aws_internet_gateway.gw']
    assert after == before
    tf.assert_clean()

    # default_tags end up in tags_all only
    tf.write(gw_tf(v2, {'Name': 'b'}))
    with open(tf.dir + '/main.tf') as f:
        text = f.read()
    with open(tf.dir + '/main.tf', 'w') as f:
        f.write(text.replace('region = "us-east-1"',
                             'region = "us-east-1"\n  default_tags {\n    tags = {Team = "net"}\n  }'))
    tf.apply()
    gw = tf.resources()['aws_internet_gateway.gw']
    assert gw['tags'] == {'Name': 'b'} and gw['tags_all'] == {'Name': 'b', 'Team': 'net'}
    tf.assert_clean()

    tf.destroy()
    env.ec2('DeleteVpc', VpcId=v1)
    env.ec2('DeleteVpc', VpcId=v2)
    env.assert_empty()


def test_igw_deleted_outside_is_recreated(netenv):
    env = netenv
    vpc = env.ec2('CreateVpc', CidrBlock='10.0.0.0/16')['Vpc']['VpcId']
    tf = env.terraform('ours', gw_tf(vpc))
    tf.apply()
    gid = tf.resources()['aws_internet_gateway.gw']['id']
    env.ec2('DetachInternetGateway', InternetGatewayId=gid, VpcId=vpc)
    env.ec2('DeleteInternetGateway', InternetGatewayId=gid)
    code, out = tf.plan()
    assert code == 2 and 'will be created' in out
    tf.apply()
    assert tf.resources()['aws_internet_gateway.gw']['id'] != gid
    tf.assert_clean()
    tf.destroy()
    env.ec2('DeleteVpc', VpcId=vpc)
    env.assert_empty()


def test_igw_attach_to_missing_vpc_keeps_id(netenv):
    """A failure half-way through create returns the partial state with
    the id, so the gateway is not orphaned."""
    env = netenv
    tf = env.terraform('ours', gw_tf('vpc-0123456789abcdef0', extra=(
        '  timeouts {\n    create = "2s"\n  }')))
    p = tf.run('apply', '-auto-approve', '-input=false', ok=(1,))
    assert 'attaching EC2 Internet Gateway' in p.stdout + p.stderr
    gw = tf.resources()['aws_internet_gateway.gw']
    assert gw['id'].startswith('igw-')
    code, out = tf.plan()
    assert code == 2 and 'tainted' in out
    tf.write(gw_tf())
    tf.destroy()
    env.assert_empty()

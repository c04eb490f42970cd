"""aws_route_table_association end to end with our provider against the
emulator: subnet and gateway associations, route_table_id changed in place
(ReplaceRouteTableAssociation, the id changes), subnet_id forcing
replacement, import by `subnet-xxx/rtb-xxx` and `igw-xxx/rtb-xxx`, an
association removed behind Terraform's back, destroy.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \
     /usr/bin/python3 -m pytest tests/e2e/test_net_rta.py
"""
from netkit import netenv  # noqa: F401  (fixture)


def network(env):
    vpc = env.ec2('CreateVpc', CidrBlock='10.0.0.0/16')['Vpc']['VpcId']
    igw = env.ec2('CreateInternetGateway')['InternetGateway']['InternetGatewayId']
    env.ec2('AttachInternetGateway', InternetGatewayId=igw, VpcId=vpc)
    s1 = env.ec2('CreateSubnet', VpcId=vpc, CidrBlock='10.0.1.0/24')['Subnet']['SubnetId']
    s2 = env.ec2('CreateSubnet', VpcId=vpc, CidrBlock='10.0.2.0/24')['Subnet']['SubnetId']
    return dict(vpc=vpc, igw=igw, s1=s1, s2=s2)


def drop_network(env, n):
    env.ec2('DeleteSubnet', SubnetId=n['s1'])
    env.ec2('DeleteSubnet', SubnetId=n['s2'])
    env.ec2('DetachInternetGateway', InternetGatewayId=n['igw'], VpcId=n['vpc'])
    env.ec2('DeleteInternetGateway', InternetGatewayId=n['igw'])
    env.ec2('DeleteVpc', VpcId=n['vpc'])


def config(n, subnet, gw_table, subnet_table):
    return '''
resource "aws_route_table" "a" {
  vpc_id = "%(vpc)s"
}
resource "aws_route_table" "b" {
  vpc_id = "%(vpc)s"
}
resource "aws_route_table_association" "subnet" {
  subnet_id      = "%(subnet)s"
  route_table_id = aws_route_table.%(subnet_table)s.id
}
resource "aws_route_table_association" "gw" {
  gateway_id     = "%(igw)s"
  route_table_id = aws_route_table.%(gw_table)s.id
}
''' % dict(n, subnet=subnet, gw_table=gw_table, subnet_table=subnet_table)


def assoc_of(env, rtb):
    t = env.ec2('DescribeRouteTables', RouteTableIds=[rtb])['RouteTables'][0]
    return {a['RouteTableAssociationId']: a.get('SubnetId') or a.get('GatewayId')
            for a in t.get('Associations') or []}


def test_rta_lifecycle(netenv):
    env = netenv
    n = network(env)
    tf = env.terraform('ours', config(n, n['s1'], 'a', 'a'))
    tf.apply()
    res = tf.resources()
    a, b = res['aws_route_table.a']['id'], res['aws_route_table.b']['id']
    sub, gw = res['aws_route_table_association.subnet'], res['aws_route_table_association.gw']
    assert sub['id'].startswith('rtbassoc-')
    assert sub['subnet_id'] == n['s1'] and sub['gateway_id'] == ''
    assert sub['route_table_id'] == a
    assert gw['gateway_id'] == n['igw'] and gw['subnet_id'] == ''
    assert assoc_of(env, a) == {sub['id']: n['s1'], gw['id']: n['igw']}
    tf.assert_clean()

    # imports reproduce the state
    for addr, rid in (('aws_route_table_association.subnet', '%s/%s' % (n['s1'], a)),
                      ('aws_route_table_association.gw', '%s/%s' % (n['igw'], a))):
        before = tf.resources()[addr]
        tf.state_rm(addr)
        tf.import_(addr, rid)
        assert tf.resources()[addr] == before
    tf.assert_clean()

    # moving to another table is an in-place update with a new id
    tf.write(config(n, n['s1'], 'b', 'b'))
    code, out = tf.plan()
    assert code == 2 and 'update in-place' in out and 'must be replaced' not in out
    tf.apply()
    res = tf.resources()
    sub2, gw2 = res['aws_route_table_association.subnet'], res['aws_route_table_association.gw']
    assert sub2['route_table_id'] == b and sub2['id'] != sub['id']
    assert gw2['route_table_id'] == b and gw2['id'] != gw['id']
    assert assoc_of(env, a) == {}
    assert assoc_of(env, b) == {sub2['id']: n['s1'], gw2['id']: n['igw']}
    tf.assert_clean()

    # another subnet forces replacement
    tf.write(config(n, n['s2'], 'b', 'b'))
    code, out = tf.plan()
    assert code == 2 and 'must be replaced' in out
    tf.apply()
    sub3 = tf.resources()['aws_route_table_association.subnet']
    assert sub3['subnet_id'] == n['s2'] and sub3['id'] != sub2['id']
    tf.assert_clean()

    # removed behind Terraform's back: planned again
    env.ec2('DisassociateRouteTable', AssociationId=sub3['id'])
    code, out = tf.plan()
    assert code == 2 and 'aws_route_table_association.subnet will be created' in out
    tf.apply()
    tf.assert_clean()

    tf.destroy()
    drop_network(env, n)
    env.assert_empty()


def test_rta_import_errors(netenv):
    env = netenv
    n = network(env)
    tf = env.terraform('ours', config(n, n['s1'], 'a', 'a'))
    tf.apply()
    a = tf.resources()['aws_route_table.a']['id']
    tf.state_rm('aws_route_table_association.subnet')
    p = tf.run('import', '-input=false', 'aws_route_table_association.subnet', 'garbage', ok=(1,))
    assert 'Unexpected format for import' in p.stdout + p.stderr
    p = tf.run('import', '-input=false', 'aws_route_table_association.subnet',
               '%s/%s' % (n['s2'], a), ok=(1,))
    assert 'No association found' in p.stdout + p.stderr
    tf.import_('aws_route_table_association.subnet', '%s/%s' % (n['s1'], a))
    tf.assert_clean()
    tf.destroy()
    drop_network(env, n)
    env.assert_empty()

"""Drift: changes made in the emulator behind Terraform's back (signed EC2
calls) show up in the next plan of our provider, and applying puts things
back: a route deleted from a route table, a tag changed on an internet
gateway, a subnet deleted (planned to be created again, with its route
table association).

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \
     /usr/bin/python3 -m pytest tests/e2e/test_net_drift.py
"""
from netkit import netenv  # noqa: F401  (fixture)

CONFIG = '''
resource "aws_vpc" "main" {
  cidr_block = "10.30.0.0/16"
}

resource "aws_internet_gateway" "gw" {
  vpc_id = aws_vpc.main.id
  tags = { Name = "drift-gw" }
}

resource "aws_route_table" "public" {
  vpc_id = aws_vpc.main.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.gw.id
  }
}

resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.main.id
  cidr_block        = "10.30.1.0/24"
  availability_zone = "us-east-1a"
}

resource "aws_route_table_association" "a" {
  subnet_id      = aws_subnet.a.id
  route_table_id = aws_route_table.public.id
}
'''


def applied(env):
    tf = env.terraform('ours', CONFIG)
    p = tf.run('apply', '-auto-approve', '-input=false', ok=None)
    assert p.returncode == 0, p.stdout[-4000:] + p.stderr[-4000:]
    tf.assert_clean()
    return tf, tf.resources()


def finish(env, tf):
    tf.apply()
    tf.assert_clean()
    tf.destroy()
    env.assert_empty()


def test_route_deleted_outside(netenv):
    env = netenv
    tf, res = applied(env)
    rtb = res['aws_route_table.public']['id']
    env.ec2('DeleteRoute', RouteTableId=rtb, DestinationCidrBlock='0.0.0.0/0')
    code, out = tf.plan()
    assert code == 2
    assert 'aws_route_table.public will be updated in-place' in out
    assert '0.0.0.0/0' in out
    tf.apply()
    routes = env.ec2('DescribeRouteTables', RouteTableIds=[rtb])['RouteTables'][0]['Routes']
    assert any(r.get('DestinationCidrBlock') == '0.0.0.0/0' for r in routes)
    finish(env, tf)


def test_igw_tag_changed_outside(netenv):
    env = netenv
    tf, res = applied(env)
    gw = res['aws_internet_gateway.gw']['id']
    env.ec2('CreateTags', Resources=[gw], Tags=[{'Key': 'Name', 'Value': 'hand-edited'},
                                                 {'Key': 'Extra', 'Value': 'x'}])
    code, out = tf.plan()
    assert code == 2
    assert 'aws_internet_gateway.gw will be updated in-place' in out
    assert '"hand-edited" -> "drift-gw"' in out
    assert '"Extra"' in out
    tf.apply()
    tags = env.ec2('DescribeInternetGateways', InternetGatewayIds=[gw])['InternetGateways'][0][
        'Tags']
    assert tags == [{'Key': 'Name', 'Value': 'drift-gw'}]
    finish(env, tf)


def test_subnet_deleted_outside(netenv):
    env = netenv
    tf, res = applied(env)
    subnet = res['aws_subnet.a']['id']
    env.ec2('DeleteSubnet', SubnetId=subnet)
    code, out = tf.plan()
    assert code == 2
    assert 'aws_subnet.a will be created' in out
    assert 'aws_route_table_association.a will be created' in out
    tf.apply()
    res = tf.resources()
    assert res['aws_subnet.a']['id'] != subnet
    assert res['aws_route_table_association.a']['subnet_id'] == res['aws_subnet.a']['id']
    finish(env, tf)

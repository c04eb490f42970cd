"""Switching providers under an existing state: a VPC and subnets created
by hashicorp/aws 5.100.0 plan clean with our provider, which can then
update them, and the state our provider wrote plans clean with hashicorp/aws
again.  Both register as registry.terraform.io/hashicorp/aws, so only the
CLI configuration changes (mirror <-> dev_overrides).

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \\
     /usr/bin/python3 -m pytest tests/e2e/test_net_migration.py
"""
from netkit import netenv  # noqa: F401  (fixture)

MIGRATION_TF = '''
data "aws_availability_zones" "az" {}

resource "aws_vpc" "v" {
  cidr_block = "10.40.0.0/16"
  tags = {
    Name = "%s"
  }
}

resource "aws_subnet" "a" {
  vpc_id                  = aws_vpc.v.id
  cidr_block              = "10.40.1.0/24"
  availability_zone       = data.aws_availability_zones.az.names[0]
  map_public_ip_on_launch = true
}

resource "aws_subnet" "b" {
  vpc_id     = aws_vpc.v.id
  cidr_block = "10.40.2.0/24"
  tags = {
    Name = "%s"
  }
}
'''


def test_hashicorp_state_to_ours_and_back(netenv):
    env = netenv
    tf = env.terraform('hashicorp', MIGRATION_TF % ('one', 'one'), name='mig')
    tf.apply()
    refresh = ('apply', '-refresh-only', '-auto-approve', '-input=false')
    tf.run(*refresh)    # the state as hashicorp/aws reads it back
    before = tf.resources()

    tf.use('ours')
    tf.assert_clean()
    # a refresh by our provider leaves hashicorp's state as it was
    tf.run(*refresh)
    assert tf.resources() == before

    tf.write(MIGRATION_TF % ('two', 'two'))
    code, out = tf.plan()
    assert code == 2 and 'update in-place' in out and 'must be replaced' not in out
    tf.apply()
    tf.run(*refresh)
    after = tf.resources()
    assert after['aws_vpc.v']['id'] == before['aws_vpc.v']['id']
    assert after['aws_subnet.b']['tags'] == {'Name': 'two'}
    tf.assert_clean()

    tf.use('hashicorp')
    tf.assert_clean()
    tf.run(*refresh)
    assert tf.resources() == after
    tf.destroy()
    env.assert_empty()

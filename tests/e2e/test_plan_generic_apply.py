"""What the generic planner (provider/plan.c) plans the SDKv2 way must also
apply: each shape below is planned by hashicorp/aws differently from the
configuration (test_plan_parity_more.py compares the plans), so Terraform
only accepts it under legacy_type_system.  Each is applied with our
provider against the emulator, must re-plan with no changes (with and
without refresh), and must leave the state hashicorp/aws leaves.

  empty collections   `tags = {}`, `ingress = []`, `security_groups = []`...
                      on create: sets and maps planned null (unknown when
                      Computed)
  changed set block   a subnet_mapping added to an NLB: the kept mappings'
                      unset optional strings are planned null, not ""
  changed set(object) an ingress rule added to a security group: the kept
                      rule's unset description is planned null

(The third rule, null for the unset Optional+Computed fields of a list
block element added on update, has no case here that AWS accepts and this
provider implements; test_plan_parity_more.py's listener_action_type and
tests/provider/test_plan.c cover it.)

Run: TFP_PROVIDER_BIN=<build>/terraform-provider-aws \\
     /usr/bin/python3 -m pytest tests/e2e/test_plan_generic_apply.py
"""
import netkit
from netkit import netenv  # noqa: F401  (fixture)

NETWORK = '''
resource "aws_vpc" "v" {
  cidr_block = "10.40.0.0/16"
  tags       = {}
}
resource "aws_internet_gateway" "g" {
  vpc_id = aws_vpc.v.id
}
resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.v.id
  cidr_block        = "10.40.1.0/24"
  availability_zone = "us-east-1a"
}
resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.v.id
  cidr_block        = "10.40.2.0/24"
  availability_zone = "us-east-1b"
}
resource "aws_subnet" "c" {
  vpc_id            = aws_vpc.v.id
  cidr_block        = "10.40.3.0/24"
  availability_zone = "us-east-1c"
}
'''

EMPTY = '''
resource "aws_security_group" "g" {
  name    = "generic-empty"
  vpc_id  = aws_vpc.v.id
  tags    = {}
  ingress = []
  egress  = []
}
resource "aws_launch_configuration" "lc" {
  name            = "generic-empty-lc"
  image_id        = "ami-0a9e8b4c3d2f1e0a7"
  instance_type   = "t3.micro"
  security_groups = []
}
resource "aws_autoscaling_group" "g" {
  name                      = "generic-empty-asg"
  launch_configuration      = aws_launch_configuration.lc.name
  availability_zones        = ["us-east-1a"]
  min_size                  = 0
  max_size                  = 1
  enabled_metrics           = []
  load_balancers            = []
  wait_for_capacity_timeout = "0"
}
resource "aws_ecs_task_definition" "td" {
  family                   = "generic-empty"
  requires_compatibilities = []
  tags                     = {}
  container_definitions = jsonencode([{
    name = "web", image = "nginx", essential = true, memory = 128
  }])
}
'''

# The attributes each shape is about, compared with hashicorp/aws's state.
EMPTY_ATTRS = {
    'aws_vpc.v': ['tags', 'tags_all'],
    'aws_security_group.g': ['tags', 'tags_all', 'ingress', 'egress'],
    'aws_launch_configuration.lc': ['security_groups'],
    'aws_autoscaling_group.g': ['enabled_metrics', 'load_balancers'],
    'aws_ecs_task_definition.td': ['requires_compatibilities', 'tags', 'tags_all'],
}

NLB = '''
resource "aws_lb" "n" {
  name               = "generic-nlb"
  load_balancer_type = "network"
  subnet_mapping {
    subnet_id = aws_subnet.a.id
  }
  subnet_mapping {
    subnet_id = aws_subnet.b.id
  }
  %s
  depends_on = [aws_internet_gateway.g]
}
'''
THIRD_MAPPING = '''subnet_mapping {
    subnet_id = aws_subnet.c.id
  }'''


SG = '''
resource "aws_security_group" "r" {
  name   = "generic-rules"
  vpc_id = aws_vpc.v.id
  ingress {
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }
  %s
}
'''
SECOND_RULE = '''ingress {
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }'''


def assert_stable(tf):
    tf.assert_clean()
    code, out = tf.plan('-refresh=false')
    assert code == 0, 'expected an empty plan without refresh, got:\n' + out


def run_steps(env, which, steps):
    """Applies each configuration in turn (each must re-plan clean); returns
    the final state."""
    tf = env.terraform(which, steps[0])
    for i, text in enumerate(steps):
        if i:
            tf.write(text)
        tf.apply()
        assert_stable(tf)
    state = tf.resources()
    tf.destroy()
    env.assert_empty()
    return state


def compare(ours, ref, attrs):
    differences = []
    for addr, names in attrs.items():
        got = netkit.normalise({k: ours[addr].get(k) for k in names}, {})
        want = netkit.normalise({k: ref[addr].get(k) for k in names}, {})
        differences += netkit.diff(got, want, addr)
    assert differences == [], '\n'.join(differences)


def both(netenv, tmp_path, steps):
    ours = run_steps(netenv, 'ours', steps)
    netkit.require('hashicorp')
    ref_env = netkit.NetEnv(tmp_path / 'hashicorp')
    try:
        ref = run_steps(ref_env, 'hashicorp', steps)
    finally:
        ref_env.close()
    return ours, ref


def test_empty_collections_apply(netenv, tmp_path):
    ours, ref = both(netenv, tmp_path, [NETWORK + EMPTY])
    compare(ours, ref, EMPTY_ATTRS)
    assert ours['aws_security_group.g']['ingress'] == []
    assert ours['aws_security_group.g']['egress'] == []


def test_changed_set_block_apply(netenv, tmp_path):
    ours, ref = both(netenv, tmp_path, [NETWORK + NLB % '', NETWORK + NLB % THIRD_MAPPING])
    compare(ours, ref, {'aws_lb.n': ['subnet_mapping', 'subnets']})
    assert len(ours['aws_lb.n']['subnet_mapping']) == 3


def test_changed_object_set_apply(netenv, tmp_path):
    ours, ref = both(netenv, tmp_path, [NETWORK + SG % '', NETWORK + SG % SECOND_RULE])
    compare(ours, ref, {'aws_security_group.r': ['ingress', 'egress']})
    assert sorted(r['from_port'] for r in ours['aws_security_group.r']['ingress']) == [80, 443]

"""Plan parity beyond the seed deployment, for the load balancing, ECS and
Auto Scaling types: what hashicorp/aws 5.100.0 decides in its
DiffSuppressFuncs, StateFuncs and CustomizeDiffs must be what ours plans.

fixtures/lbecs/main.tf exercises many arguments of these types (network
and gateway load balancers, every kind of listener default action, target
group health checks and stickiness, cluster settings, task definitions
whose container JSON hashicorp/aws normalises, services with deployment
settings, Auto Scaling groups with tags and instance refresh); it is
planned for creation by both providers and compared.

Updates are compared as in test_plan_parity.py: UPDATE_BASE is planned by
hashicorp/aws, turned into a state (with STATE_OVERRIDES for what a real
read would report), and each variant is planned against it by both.  One
variant changes several resources at once, each in its own way.

Environment and running: as test_plan_parity.py.
"""
import os

import pytest

import test_plan_parity as parity
from ourprovider import Workdir

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, 'fixtures', 'lbecs')

UPDATE_BASE = """
resource "aws_lb" "nlb" {
  name               = "nlb"
  load_balancer_type = "network"
  subnet_mapping {
    subnet_id = "subnet-1"
  }
  subnet_mapping {
    subnet_id = "subnet-2"
  }
  tags = { Name = "nlb" }
}
resource "aws_lb" "alb" {
  name            = "alb"
  subnets         = ["subnet-1", "subnet-2"]
  security_groups = ["sg-1"]
  idle_timeout    = 60
  access_logs {
    bucket  = "b"
    enabled = false
  }
}
resource "aws_lb_target_group" "tcp" {
  name     = "tcp"
  port     = 443
  protocol = "TCP"
  vpc_id   = "vpc-1"
  stickiness {
    type = "source_ip"
  }
}
resource "aws_ecs_task_definition" "td" {
  family       = "td"
  network_mode = "awsvpc"
  container_definitions = jsonencode([
    { name = "b", image = "nginx", portMappings = [{ containerPort = 80 }],
      environment = [{ name = "Y", value = "1" }, { name = "X", value = "2" }] },
    { name = "a", image = "busybox", essential = false }
  ])
}
resource "aws_ecs_service" "s" {
  name            = "s"
  cluster         = "c"
  task_definition = "td:1"
  desired_count   = 1
  triggers        = { a = "1" }
  ordered_placement_strategy {
    type  = "binpack"
    field = "memory"
  }
  capacity_provider_strategy {
    capacity_provider = "FARGATE"
    weight            = 1
  }
}
resource "aws_launch_configuration" "lc" {
  name          = "lc"
  image_id      = "ami-1"
  instance_type = "t2.micro"
  user_data     = "echo hi"
}
resource "aws_lb_listener" "l" {
  load_balancer_arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/a/1"
  port              = 80
  protocol          = "HTTP"
  default_action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/t/1"
  }
}
resource "aws_autoscaling_group" "g" {
  name               = "g"
  availability_zones = ["us-east-1a"]
  min_size           = 0
  max_size           = 1
  launch_template {
    name = "tmpl"
  }
}
"""

_MAPPING = {'allocation_id': '', 'ipv6_address': '', 'private_ipv4_address': '',
            'outpost_id': ''}

# What reading the base objects back from AWS would give where the create
# plan left values unknown.
STATE_OVERRIDES = {
    'aws_lb.nlb': {
        'subnets': ['subnet-1', 'subnet-2'], 'ip_address_type': 'ipv4', 'name_prefix': '',
        'enforce_security_group_inbound_rules_on_private_link_traffic': '',
        'subnet_mapping.0': {'outpost_id': ''}, 'subnet_mapping.1': {'outpost_id': ''},
    },
    'aws_lb.alb': {
        'ip_address_type': 'ipv4', 'name_prefix': '',
        'enforce_security_group_inbound_rules_on_private_link_traffic': None,
        'subnet_mapping': [dict(_MAPPING, subnet_id='subnet-1'),
                           dict(_MAPPING, subnet_id='subnet-2')],
        'access_logs.0': {'prefix': ''},
    },
    'aws_lb_target_group.tcp': {
        'protocol_version': '', 'ip_address_type': 'ipv4',
        'load_balancing_algorithm_type': 'round_robin',
        'load_balancing_anomaly_mitigation': 'off',
        'load_balancing_cross_zone_enabled': 'use_load_balancer_configuration',
        'preserve_client_ip': 'true', 'name_prefix': '', 'connection_termination': False,
    },
    'aws_ecs_service.s': {'iam_role': '', 'launch_type': '', 'platform_version': 'LATEST',
                          'capacity_provider_strategy.0': {'base': 0}},
    'aws_launch_configuration.lc': {'name_prefix': '', 'key_name': ''},
}

# name -> (replacements applied to UPDATE_BASE, what hashicorp/aws plans)
UPDATE_VARIANTS = {
    'unchanged': ([], 'no changes'),
    'suppressed': ([
        ('load_balancer_type = "network"',
         'load_balancer_type = "network"\n  idle_timeout = 30\n  enable_http2 = false'),
        ('bucket  = "b"', 'bucket  = "c"'),
        ('type = "source_ip"', 'type = "source_ip"\n    cookie_duration = 100'),
        ('{ name = "b", image = "nginx", portMappings = [{ containerPort = 80 }],',
         '{ name = "a", image = "busybox", essential = false },\n'
         '    { name = "b", image = "nginx", essential = true,\n'
         '      portMappings = [{ containerPort = 80, hostPort = 80, protocol = "tcp" }],'),
        ('environment = [{ name = "Y", value = "1" }, { name = "X", value = "2" }] },\n'
         '    { name = "a", image = "busybox", essential = false }',
         'environment = [{ name = "X", value = "2" }, { name = "Y", value = "1" }] }'),
        ('field = "memory"', 'field = "MEMORY"'),
        ('triggers        = { a = "1" }', 'triggers        = { a = "2" }'),
        ('user_data     = "echo hi"', 'user_data     = base64encode("echo hi")'),
        ('protocol          = "HTTP"', 'protocol          = "http"\n  tcp_idle_timeout_seconds = 100'),
    ], 'ignored arguments, equivalent containers, same user data: no changes'),
    'in_place': ([
        ('subnets         = ["subnet-1", "subnet-2"]',
         'subnets         = ["subnet-1", "subnet-2", "subnet-3"]\n  tags = { Team = "" }'),
        ('idle_timeout    = 60', 'idle_timeout    = 90'),
        ('triggers        = { a = "1" }',
         'triggers        = { a = "2" }\n  force_new_deployment = true\n  tags = { A = "b" }'),
        ('tags = { Name = "nlb" }', 'tags = { Name = "nlb2" }'),
        ('name = "tmpl"', 'name = "tmpl2"'),
    ], 'added ALB subnets in place, other attribute and tag changes, another launch template'),
    'listener_action_type': ([
        ('type             = "forward"\n    target_group_arn',
         'type             = "fixed-response"\n    fixed_response {\n'
         '      content_type = "text/plain"\n    }\n    target_group_arn'),
    ], 'another default action type: the forward target group is ignored'),
    'nlb_added_mapping': ([
        ('subnet_id = "subnet-2"\n  }', 'subnet_id = "subnet-2"\n  }\n'
         '  subnet_mapping {\n    subnet_id = "subnet-3"\n  }'),
    ], 'subnet mapping added to an NLB in place, subnets unknown'),
    'replace': ([
        ('subnet_mapping {\n    subnet_id = "subnet-2"\n  }\n', ''),
        ('image = "nginx"', 'image = "nginx:2"'),
        ('weight            = 1', 'weight            = 2'),
        ('user_data     = "echo hi"', 'user_data     = "echo bye"'),
        ('port     = 443', 'port     = 8443'),
        ('subnets         = ["subnet-1", "subnet-2"]', 'subnets         = ["subnet-1"]'),
    ], 'removed NLB subnet, new containers, capacity providers, user data, port; '
       'ALB subnet removed in place'),
    'replace_more': ([
        ('load_balancer_type = "network"',
         'load_balancer_type = "network"\n  security_groups = ["sg-1"]'),
        ('weight            = 1', 'weight            = 2\n  }\n  capacity_provider_strategy {\n'
         '    capacity_provider = "FARGATE_SPOT"\n    weight = 1'),
        ('desired_count   = 1', 'desired_count   = 1\n  force_new_deployment = true'),
    ], 'security groups added to an NLB; capacity providers changed with force_new_deployment'),
}


@pytest.fixture(scope='module')
def hashicorp_plan(tmp_path_factory):
    parity._require('hashicorp')
    with open(os.path.join(FIXTURE, 'main.tf')) as f:
        files = {'main.tf': f.read()}
    _, plan = parity.make_plan(tmp_path_factory.mktemp('more-hashicorp'), 'hashicorp', files)
    return plan


def test_lbecs_plan_matches_hashicorp(tmp_path, hashicorp_plan):
    parity._require('ours')
    with open(os.path.join(FIXTURE, 'main.tf')) as f:
        files = {'main.tf': f.read()}
    output, ours = parity.make_plan(tmp_path, 'ours', files)
    assert 'to add' in output, output[-3000:]
    assert len(ours['resource_changes']) == len(hashicorp_plan['resource_changes'])
    differences = parity.plan_differences(ours, hashicorp_plan)
    print('lbecs plan differences: %d' % len(differences))
    for d in differences:
        print('  ' + d)
    assert len(differences) == 0


@pytest.fixture(scope='module')
def update_state(tmp_path_factory, monkeypatch_module):
    parity._require('hashicorp')
    files = {'main.tf': parity.UPDATE_PROVIDER + UPDATE_BASE}
    root = tmp_path_factory.mktemp('more-update-base')
    _, plan = parity.make_plan(root, 'hashicorp', files)
    wd = Workdir(str(root), 'hashicorp', {})
    schemas = parity.json.loads(wd.run('providers', 'schema', '-json').stdout)
    schemas = schemas['provider_schemas']['registry.terraform.io/hashicorp/aws']
    monkeypatch_module.setattr(parity, 'STATE_OVERRIDES', STATE_OVERRIDES)
    state = parity.state_from_create_plan(plan, schemas['resource_schemas'])
    out, _ = parity.make_plan(tmp_path_factory.mktemp('more-update-check'), 'hashicorp',
                              files, state)
    assert 'No changes.' in out, out[-3000:]
    return state


@pytest.fixture(scope='module')
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


@pytest.mark.parametrize('variant', sorted(UPDATE_VARIANTS))
def test_lbecs_update_plan_matches_hashicorp(tmp_path, update_state, variant):
    parity._require('ours')
    config = UPDATE_BASE
    for old, new in UPDATE_VARIANTS[variant][0]:
        assert old in config, old
        config = config.replace(old, new, 1)
    files = {'main.tf': parity.UPDATE_PROVIDER + config}
    _, ref = parity.make_plan(tmp_path / 'ref', 'hashicorp', files, update_state)
    _, ours = parity.make_plan(tmp_path / 'ours', 'ours', files, update_state)
    differences = parity.plan_differences(ours, ref)
    print('%s (%s): %d plan differences' % (variant, UPDATE_VARIANTS[variant][1],
                                            len(differences)))
    for d in differences:
        print('  ' + d)
    assert len(differences) == 0


# Empty collections in config, as hashicorp/aws plans them for a new object:
# sets and maps become null (unknown when Computed), lists stay empty.
EMPTY_COLLECTIONS = """
resource "aws_launch_configuration" "lc" {
  name            = "lc"
  image_id        = "ami-1"
  instance_type   = "t2.micro"
  security_groups = []
}
resource "aws_autoscaling_group" "g" {
  name                 = "g"
  availability_zones   = ["us-east-1a"]
  launch_configuration = "lc"
  min_size             = 0
  max_size             = 1
  termination_policies = []
  enabled_metrics      = []
  load_balancers       = []
}
resource "aws_ecs_task_definition" "td" {
  family                   = "f"
  container_definitions    = "[]"
  requires_compatibilities = []
  tags                     = {}
}
resource "aws_ecs_service" "s" {
  name     = "s"
  triggers = {}
  tags     = { A = "" }
}
"""


def test_empty_collections_match_hashicorp(tmp_path):
    parity._require('hashicorp')
    parity._require('ours')
    files = {'main.tf': parity.UPDATE_PROVIDER + EMPTY_COLLECTIONS}
    _, ref = parity.make_plan(tmp_path / 'ref', 'hashicorp', files)
    _, ours = parity.make_plan(tmp_path / 'ours', 'ours', files)
    differences = parity.plan_differences(ours, ref)
    print('empty collections: %d plan differences' % len(differences))
    for d in differences:
        print('  ' + d)
    assert len(differences) == 0

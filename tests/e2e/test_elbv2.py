"""aws_lb, aws_lb_target_group and aws_lb_listener (and their aws_alb*
aliases) end to end with our provider against the emulator: lifecycle
(apply, clean re-plan, in-place update, import reproducing the state,
destroy to an empty emulator), drift, the examples.  Parity of the state
with hashicorp/aws 5.100.0 (PARITY below) is in test_elbv2_parity.py, one
run for the family.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \
     /usr/bin/python3 -m pytest tests/e2e/test_elbv2.py
"""
import json
import os
import re

import pytest

import netkit
import tfharness
from netkit import netenv  # noqa: F401  (fixture)

NETWORK = '''
resource "aws_vpc" "v" {
  cidr_block = "10.20.0.0/16"
}
resource "aws_internet_gateway" "g" {
  vpc_id = aws_vpc.v.id
}
resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.v.id
  cidr_block        = "10.20.1.0/24"
  availability_zone = "us-east-1a"
}
resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.v.id
  cidr_block        = "10.20.2.0/24"
  availability_zone = "us-east-1b"
}
resource "aws_security_group" "lb" {
  name   = "elbv2-lb-sg"
  vpc_id = aws_vpc.v.id
}
'''

# The seed deployment's shape: aws_alb* names, forward listener.
LB = '''
resource "aws_alb" "lb" {
  name               = "elbv2-alb"
  internal           = false
  load_balancer_type = "application"
  security_groups    = [aws_security_group.lb.id]
  subnets            = [aws_subnet.a.id, aws_subnet.b.id]
  idle_timeout       = %(idle)d
  depends_on         = [aws_internet_gateway.g]
  tags = {
    Name = "elbv2-alb"
    %(extra_tag)s
  }
}
'''

TG = '''
resource "aws_lb_target_group" "tg" {
  name                 = "elbv2-tg"
  port                 = 80
  protocol             = "HTTP"
  target_type          = "instance"
  vpc_id               = aws_vpc.v.id
  deregistration_delay = %(dereg)d
  health_check {
    path                = "/"
    matcher             = "200-399"
    interval            = %(interval)d
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }
  %(stickiness)s
  tags = {
    Name = "elbv2-tg"
  }
}
'''

STICKY = '''stickiness {
    type            = "lb_cookie"
    cookie_duration = 3600
  }'''

LISTENER = '''
resource "aws_alb_listener" "l" {
  load_balancer_arn = aws_alb.lb.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    %(action)s
  }
}
'''

FORWARD = '''type             = "forward"
    target_group_arn = aws_lb_target_group.tg.arn'''
FIXED = '''type = "fixed-response"
    fixed_response {
      content_type = "text/plain"
      message_body = "hello"
      status_code  = "200"
    }'''
REDIRECT = '''type = "redirect"
    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }'''


def lb_tf(idle=60, extra_tag=''):
    return LB % {'idle': idle, 'extra_tag': extra_tag}


def tg_tf(dereg=30, interval=30, stickiness=''):
    return TG % {'dereg': dereg, 'interval': interval, 'stickiness': stickiness}


def listener_tf(action):
    return LISTENER % {'action': action}


def check_import(tf, addr, ignore=()):
    """state rm + terraform import of addr reproduce its state and plan
    clean."""
    tf.run('apply', '-refresh-only', '-auto-approve', '-input=false')
    before = tf.resources()[addr]
    tf.state_rm(addr)
    tf.import_(addr, before['id'])
    after = tf.resources()[addr]
    for k in ignore:
        before.pop(k, None)
        after.pop(k, None)
    assert netkit.diff(after, before, addr) == []
    tf.assert_clean()


def test_lb_lifecycle(netenv):
    tf = netenv.terraform('ours', NETWORK + lb_tf())
    tf.apply()
    tf.assert_clean()
    lb = tf.resources()['aws_alb.lb']
    assert lb['arn'] == lb['id'] and lb['arn_suffix'].startswith('app/elbv2-alb/')
    assert lb['idle_timeout'] == 60 and lb['internal'] is False
    assert len(lb['subnets']) == 2 and lb['dns_name'] and lb['zone_id']
    # In place: an attribute and a tag.
    tf.write(NETWORK + lb_tf(idle=120, extra_tag='Env = "test"'))
    code, out = tf.plan()
    assert code == 2 and 'update in-place' in out and 'must be replaced' not in out
    tf.apply()
    tf.assert_clean()
    lb2 = tf.resources()['aws_alb.lb']
    assert lb2['id'] == lb['id'] and lb2['idle_timeout'] == 120
    assert lb2['tags_all'] == {'Name': 'elbv2-alb', 'Env': 'test'}
    attrs = netenv.client.call('elasticloadbalancing', 'DescribeLoadBalancerAttributes',
                               LoadBalancerArn=lb['id'])
    assert 'idle_timeout.timeout_seconds' in json.dumps(attrs)
    check_import(tf, 'aws_alb.lb')
    tf.destroy()
    netenv.assert_empty()


def test_lb_generated_name_and_replace(netenv):
    gen = '''
resource "aws_lb" "gen" {
  name_prefix = "gen-"
  internal    = %s
  subnets     = [aws_subnet.a.id, aws_subnet.b.id]
  depends_on  = [aws_internet_gateway.g]
}
'''
    tf = netenv.terraform('ours', NETWORK + gen % 'true')
    tf.apply()
    tf.assert_clean()
    lb = tf.resources()['aws_lb.gen']
    assert lb['name'].startswith('gen-') and len(lb['name']) == 4 + 26
    assert lb['name_prefix'] == 'gen-' and lb['internal'] is True
    assert lb['dns_name'].startswith('internal-')
    tf.write(NETWORK + gen % 'false')
    code, out = tf.plan()
    assert code == 2 and 'must be replaced' in out
    tf.apply()
    tf.assert_clean()
    assert tf.resources()['aws_lb.gen']['id'] != lb['id']
    tf.destroy()
    netenv.assert_empty()


def test_target_group_lifecycle(netenv):
    tf = netenv.terraform('ours', NETWORK + tg_tf())
    tf.apply()
    tf.assert_clean()
    tg = tf.resources()['aws_lb_target_group.tg']
    assert tg['arn_suffix'].startswith('targetgroup/elbv2-tg/')
    assert tg['deregistration_delay'] == '30'
    assert tg['health_check'][0]['matcher'] == '200-399'
    assert tg['stickiness'][0]['enabled'] is False
    tf.write(NETWORK + tg_tf(dereg=60, interval=20, stickiness=STICKY))
    code, out = tf.plan()
    assert code == 2 and 'update in-place' in out and 'must be replaced' not in out
    tf.apply()
    tf.assert_clean()
    tg2 = tf.resources()['aws_lb_target_group.tg']
    assert tg2['id'] == tg['id'] and tg2['deregistration_delay'] == '60'
    assert tg2['health_check'][0]['interval'] == 20
    assert tg2['stickiness'][0] == {'cookie_duration': 3600, 'cookie_name': '',
                                    'enabled': True, 'type': 'lb_cookie'}
    # (what AWS does not report for an HTTP group is imported null, as
    # hashicorp/aws imports it)
    check_import(tf, 'aws_lb_target_group.tg',
                 ignore=('lambda_multi_value_headers_enabled', 'proxy_protocol_v2'))
    tg3 = tf.resources()['aws_lb_target_group.tg']
    assert tg3['proxy_protocol_v2'] is None and tg3['lambda_multi_value_headers_enabled'] is None
    # stickiness is Optional+Computed: leaving the block out keeps what AWS
    # has; turning it off takes enabled = false.
    tf.write(NETWORK + tg_tf(dereg=60, interval=20))
    tf.assert_clean()
    tf.write(NETWORK + tg_tf(dereg=60, interval=20, stickiness=STICKY.replace(
        'type ', 'enabled         = false\n    type ')))
    tf.apply()
    tf.assert_clean()
    attrs = netenv.client.call('elasticloadbalancing', 'DescribeTargetGroupAttributes',
                               TargetGroupArn=tg['id'])
    assert {'Key': 'stickiness.enabled', 'Value': 'false'} in attrs['Attributes']
    tf.destroy()
    netenv.assert_empty()


def test_listener_lifecycle_and_drift(netenv):
    base = NETWORK + lb_tf() + tg_tf()
    tf = netenv.terraform('ours', base + listener_tf(FORWARD))
    tf.apply()
    tf.assert_clean()
    ls = tf.resources()['aws_alb_listener.l']
    tg = tf.resources()['aws_lb_target_group.tg']
    assert ls['default_action'][0]['target_group_arn'] == tg['id']
    assert ls['default_action'][0]['order'] == 1 and ls['default_action'][0]['forward'] == []
    for action, kind in ((FIXED, 'fixed-response'), (REDIRECT, 'redirect')):
        tf.write(base + listener_tf(action))
        code, out = tf.plan()
        assert code == 2 and 'update in-place' in out and 'must be replaced' not in out
        tf.apply()
        tf.assert_clean()
        now = tf.resources()['aws_alb_listener.l']
        assert now['id'] == ls['id'] and now['default_action'][0]['type'] == kind
    assert now['default_action'][0]['redirect'][0]['host'] == '#{host}'
    check_import(tf, 'aws_alb_listener.l')
    # Drift: the listener deleted behind Terraform's back is planned again.
    netenv.client.call('elasticloadbalancing', 'DeleteListener', ListenerArn=ls['id'])
    code, out = tf.plan()
    assert code == 2 and 'aws_alb_listener.l will be created' in out
    tf.apply()
    tf.assert_clean()
    tf.destroy()
    netenv.assert_empty()


def test_target_group_in_use_delete_waits(netenv):
    """Destroying a group and its listener together succeeds (the group's
    delete is retried while AWS still reports it in use)."""
    tf = netenv.terraform('ours', NETWORK + lb_tf() + tg_tf() + listener_tf(FORWARD))
    tf.apply()
    tf.write(NETWORK + lb_tf())
    tf.apply()
    assert 'aws_lb_target_group.tg' not in tf.resources()
    tf.destroy()
    netenv.assert_empty()


@pytest.mark.parametrize('type_name', ('aws_lb', 'aws_lb_listener', 'aws_lb_target_group'))
def test_example(netenv, type_name):
    folder = os.path.join(tfharness.REPO, 'examples', type_name)
    assert os.path.isfile(os.path.join(folder, 'README.md'))
    with open(os.path.join(folder, 'main.tf')) as f:
        text = f.read()
    tf = netenv.terraform('ours', text, provider_block=False)
    tf.apply()
    assert any(addr.startswith(type_name + '.') for addr in tf.resources())
    tf.assert_clean()
    tf.destroy()
    netenv.assert_empty()


PARITY = NETWORK + lb_tf() + tg_tf(stickiness=STICKY) + listener_tf(FORWARD) + '''
resource "aws_lb" "gen" {
  name_prefix  = "gen-"
  internal     = true
  subnets      = [aws_subnet.a.id, aws_subnet.b.id]
  idle_timeout = 120
  depends_on   = [aws_internet_gateway.g]
}
resource "aws_alb_target_group" "gen" {
  port     = 8080
  protocol = "HTTP"
  vpc_id   = aws_vpc.v.id
}
resource "aws_lb_listener" "fixed" {
  load_balancer_arn = aws_lb.gen.arn
  port              = 81
  protocol          = "HTTP"
  default_action {
''' + FIXED + '''
  }
}
resource "aws_lb_listener" "redir" {
  load_balancer_arn = aws_lb.gen.arn
  port              = 82
  protocol          = "HTTP"
  default_action {
''' + REDIRECT + '''
  }
}
'''


def _normalise(values):
    text = json.dumps(values, sort_keys=True)
    # ARN ids and hashes, generated names, DNS numbers.
    text = re.sub(r'(loadbalancer|targetgroup|listener)/([a-z]+/)?[-A-Za-z0-9]+(/[0-9a-f]{16})+',
                  r'\1/<id>', text)
    text = re.sub(r'[0-9]{18}[0-9a-f]{8}', '<unique>', text)
    text = re.sub(r'/[0-9a-f]{16}(?=["/])', '/<hash>', text)
    text = re.sub(r'-[0-9]{6,12}\.us-east-1', '-<n>.us-east-1', text)
    return netkit.normalise(json.loads(text), {})


def test_network_lb_tcp_listener(netenv):
    """A network load balancer with a TCP target group and listener: the
    NLB-only attributes are written and read, the ALB-only ones ignored."""
    nlb = '''
resource "aws_lb" "n" {
  name                             = "elbv2-nlb"
  load_balancer_type               = "network"
  internal                         = true
  subnets                          = [aws_subnet.a.id, aws_subnet.b.id]
  enable_cross_zone_load_balancing = %s
}
resource "aws_lb_target_group" "t" {
  name     = "elbv2-tcp"
  port     = 6000
  protocol = "TCP"
  vpc_id   = aws_vpc.v.id
}
resource "aws_lb_listener" "t" {
  load_balancer_arn = aws_lb.n.arn
  port              = 6000
  protocol          = "TCP"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.t.arn
  }
}
'''
    tf = netenv.terraform('ours', NETWORK + nlb % 'true')
    tf.apply()
    tf.assert_clean()
    res = tf.resources()
    assert res['aws_lb.n']['enable_cross_zone_load_balancing'] is True
    assert res['aws_lb.n']['dns_record_client_routing_policy'] == 'any_availability_zone'
    assert res['aws_lb_listener.t']['tcp_idle_timeout_seconds'] == 350
    assert res['aws_lb_target_group.t']['preserve_client_ip'] == 'true'
    tf.write(NETWORK + nlb % 'false')
    code, out = tf.plan()
    assert code == 2 and 'must be replaced' not in out
    tf.apply()
    tf.assert_clean()
    assert tf.resources()['aws_lb.n']['enable_cross_zone_load_balancing'] is False
    tf.destroy()
    netenv.assert_empty()


def test_unsupported_argument_is_refused(netenv):
    """An argument this provider does not implement fails clearly instead of
    being ignored, and nothing is left behind."""
    tf = netenv.terraform('ours', NETWORK + '''
resource "aws_lb" "cap" {
  name       = "elbv2-cap"
  subnets    = [aws_subnet.a.id, aws_subnet.b.id]
  depends_on = [aws_internet_gateway.g]
  minimum_load_balancer_capacity {
    capacity_units = 100
  }
}
''')
    p = tf.run('apply', '-auto-approve', '-input=false', ok=(1,))
    assert 'does not support minimum_load_balancer_capacity' in p.stderr
    tf.destroy()
    netenv.assert_empty()

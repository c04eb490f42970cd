"""The ALB module's other types, end to end: aws_lb_listener_rule (and
aws_alb_listener_rule), aws_lb_listener_certificate, aws_lb_target_group_attachment
(and the aws_alb_ aliases), and data aws_ecs_task_definition.

One emulator for our provider, one for hashicorp/aws 5.100.0:

  * ours: apply (rules with every condition kind, forward with weights and
    stickiness, redirect and fixed-response actions, a priority chosen by
    the provider, a second certificate on an HTTPS listener, IP targets
    with and without a port, a task definition read back by family), clean
    re-plan, an in-place update (priority, weights, conditions, actions,
    tags; the other types replace), import blocks for the rules and the
    certificate with a clean plan after (the attachment refuses import as
    hashicorp's does), drift (a rule deleted, a rule's conditions changed,
    a target deregistered, a certificate removed behind Terraform's back),
    bad input at the attribute, destroy to an empty emulator;
  * parity (test_elbv2_parity.py, one run for the family): the create plan
    (values and unknowns) and the state after apply equal hashicorp/aws
    5.100.0's, modulo the ids the emulator generates.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \\
     /usr/bin/python3 -m pytest tests/e2e/test_elbv2_extras.py
"""
import json
import os
import re

import netkit
from netkit import NetEnv

CERT1 = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555'
CERT2 = 'arn:aws:acm:us-east-1:123456789012:certificate/66666666-7777-8888-9999-000000000000'

BASE = '''
resource "aws_vpc" "v" {
  cidr_block = "10.40.0.0/16"
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
resource "aws_lb" "lb" {
  name       = "extras"
  subnets    = [aws_subnet.a.id, aws_subnet.b.id]
  depends_on = [aws_internet_gateway.g]
}
resource "aws_lb_target_group" "a" {
  name        = "extras-a"
  port        = 80
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = aws_vpc.v.id
}
resource "aws_lb_target_group" "b" {
  name        = "extras-b"
  port        = 8080
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = aws_vpc.v.id
}
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.lb.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    type = "fixed-response"
    fixed_response {
      content_type = "text/plain"
      status_code  = "404"
    }
  }
}
resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.lb.arn
  port              = 443
  protocol          = "HTTPS"
  certificate_arn   = "%(cert1)s"
  default_action {
    type = "forward"
    forward {
      target_group {
        arn = aws_lb_target_group.a.arn
      }
    }
  }
}
resource "aws_ecs_task_definition" "td" {
  family                = "extras"
  container_definitions = jsonencode([{ name = "web", image = "nginx", memory = 128, essential = true }])
}
data "aws_ecs_task_definition" "td" {
  task_definition = aws_ecs_task_definition.td.family
}
'''


def config(v=1):
    """The types under test; v=2 is the in-place update."""
    one = v == 1
    return BASE % {'cert1': CERT1} + '''
resource "aws_lb_listener_rule" "fwd" {
  listener_arn = aws_lb_listener.http.arn
  priority     = %(prio)d
  action {
    type = "forward"
    forward {
      target_group {
        arn    = aws_lb_target_group.a.arn
        weight = %(wa)d
      }
      target_group {
        arn    = aws_lb_target_group.b.arn
        weight = 30
      }
      stickiness {
        enabled  = true
        duration = %(sticky)d
      }
    }
  }
  condition {
    path_pattern {
      values = [%(paths)s]
    }
  }
  condition {
    host_header {
      values = ["example.com"]
    }
  }
}

resource "aws_lb_listener_rule" "auto" {
  listener_arn = aws_lb_listener.http.arn
  depends_on   = [aws_lb_listener_rule.fwd]
  action {
    type = "redirect"
    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "%(redirect)s"
    }
  }
  condition {
    http_header {
      http_header_name = "X-Forwarded-For"
      values           = ["192.168.1.*"]
    }
  }
  condition {
    query_string {
      key   = "health"
      value = "check"
    }
    query_string {
      value = "bar"
    }
  }
  condition {
    http_request_method {
      values = ["GET"]
    }
  }
  condition {
    source_ip {
      values = ["10.0.0.0/8"]
    }
  }
}

resource "aws_alb_listener_rule" "fixed" {
  listener_arn = aws_lb_listener.https.arn
  priority     = 5
  action {
    type = "fixed-response"
    fixed_response {
      content_type = "text/plain"
      message_body = "%(body)s"
      status_code  = "503"
    }
  }
  condition {
    path_pattern {
      values = ["/maintenance"]
    }
  }
  tags = {
    Name = "%(tag)s"
  }
}

# A forward block without stickiness: AWS reports it disabled, the plan
# keeps what AWS reports (no perpetual diff).
resource "aws_lb_listener_rule" "plain" {
  listener_arn = aws_lb_listener.https.arn
  priority     = 7
  action {
    type = "forward"
    forward {
      target_group {
        arn = aws_lb_target_group.b.arn
      }
    }
  }
  condition {
    host_header {
      values = ["plain.example.com"]
    }
  }
}

# Authentication before forwarding (OIDC, whose secret AWS never returns)
# and before a fixed response (Cognito, its defaults from AWS).
resource "aws_lb_listener_rule" "oidc" {
  listener_arn = aws_lb_listener.https.arn
  priority     = 8
  action {
    type = "authenticate-oidc"
    authenticate_oidc {
      authorization_endpoint              = "https://idp.example.com/auth"
      client_id                           = "client"
      client_secret                       = "%(secret)s"
      issuer                              = "https://idp.example.com"
      token_endpoint                      = "https://idp.example.com/token"
      user_info_endpoint                  = "https://idp.example.com/userinfo"
      authentication_request_extra_params = { prompt = "login" }
    }
  }
  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.b.arn
  }
  condition {
    path_pattern {
      values = ["/private/*"]
    }
  }
}

resource "aws_lb_listener_rule" "cognito" {
  listener_arn = aws_lb_listener.https.arn
  priority     = 9
  action {
    type = "authenticate-cognito"
    authenticate_cognito {
      user_pool_arn       = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abcdefghi"
      user_pool_client_id = "client"
      user_pool_domain    = "auth-example"
      session_timeout     = 3600
    }
  }
  action {
    type = "fixed-response"
    fixed_response {
      content_type = "text/plain"
      message_body = "hello"
      status_code  = "200"
    }
  }
  condition {
    path_pattern {
      values = ["/me"]
    }
  }
}

resource "aws_lb_listener_certificate" "extra" {
  listener_arn    = aws_lb_listener.https.arn
  certificate_arn = "%(cert2)s"
}

resource "aws_lb_target_group_attachment" "ip" {
  target_group_arn = aws_lb_target_group.a.arn
  target_id        = "10.40.1.10"
  port             = %(port)d
}

resource "aws_alb_target_group_attachment" "ip2" {
  target_group_arn = aws_lb_target_group.b.arn
  target_id        = "10.40.2.10"
}
''' % {'prio': 10 if one else 20, 'wa': 70 if one else 40, 'sticky': 600 if one else 900,
       'paths': '"/api/*"' if one else '"/api/*", "/v2/*"',
       'redirect': 'HTTP_301' if one else 'HTTP_302', 'body': 'down' if one else 'back soon',
       'tag': 'fixed' if one else 'fixed-2', 'cert2': CERT2, 'port': 8080 if one else 9090,
       'secret': 'secret-1' if one else 'secret-2'}


RULES = ('aws_lb_listener_rule.fwd', 'aws_lb_listener_rule.auto', 'aws_alb_listener_rule.fixed',
         'aws_lb_listener_rule.oidc')
TYPES = ('aws_lb_listener_rule', 'aws_alb_listener_rule', 'aws_lb_listener_certificate',
         'aws_lb_target_group_attachment', 'aws_alb_target_group_attachment')

BAD = '''
resource "aws_lb_listener_rule" "bad_priority" {
  listener_arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/x/0123456789abcdef/0123456789abcdef"
  priority     = 0
  action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/x/0123456789abcdef"
  }
  condition {
    path_pattern {
      values = ["/"]
    }
  }
}
resource "aws_lb_listener_rule" "two_kinds" {
  listener_arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/x/0123456789abcdef/0123456789abcdef"
  action {
    type = "redirect"
  }
  condition {
    path_pattern {
      values = ["/"]
    }
    host_header {
      values = ["a.example"]
    }
  }
}
resource "aws_lb_listener_rule" "bad_values" {
  listener_arn = "not-an-arn"
  action {
    type = "fixed-response"
    fixed_response {
      content_type = "text/xml"
    }
  }
  condition {
    source_ip {
      values = ["10.0.0.1/8"]
    }
  }
}
resource "aws_lb_listener_certificate" "bad" {
  listener_arn    = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/x/0123456789abcdef/0123456789abcdef"
  certificate_arn = "cert"
}
'''


def elb(env, op, **params):
    return env.client.call('elasticloadbalancing', op, **params)


def normal(x):
    """Emulator-generated parts (ARN hashes, the attachment id's suffix, the
    account) replaced by placeholders, so two emulators compare."""
    if isinstance(x, dict):
        return {k: normal(v) for k, v in x.items()}
    if isinstance(x, list):
        return [normal(v) for v in x]
    if isinstance(x, str):
        x = re.sub(r'/[0-9a-f]{16}(?![0-9a-f])', '/<hex>', x)
        x = re.sub(r'-\d{18}[0-9a-f]{8}$', '-<unique>', x)
        x = re.sub(r'\b(vpc|subnet)-[0-9a-f]{8,17}\b', r'<\1>', x)
    return x


def rules_of(env, listener):
    return {r['Priority']: r for r in elb(env, 'DescribeRules', ListenerArn=listener)['Rules']}


def check_applied(env, res):
    http = res['aws_lb_listener.http']['arn']
    https = res['aws_lb_listener.https']['arn']
    rules = rules_of(env, http)
    assert sorted(rules) == ['10', '11', 'default'], rules
    fwd = res['aws_lb_listener_rule.fwd']
    assert fwd['arn'] == fwd['id'] == rules['10']['RuleArn']
    assert fwd['listener_arn'] == http and fwd['priority'] == 10
    groups = rules['10']['Actions'][0]['ForwardConfig']['TargetGroups']
    assert {g['Weight'] for g in groups} == {70, 30}
    auto = res['aws_lb_listener_rule.auto']
    assert auto['priority'] == 11, 'the next free priority after 10'
    assert {c['Field'] for c in rules['11']['Conditions']} == {
        'http-header', 'query-string', 'http-request-method', 'source-ip'}
    fixed = res['aws_alb_listener_rule.fixed']
    assert fixed['listener_arn'] == https and fixed['tags_all'] == {'Name': 'fixed'}
    https_rules = rules_of(env, https)
    oidc = https_rules['8']['Actions'][0]['AuthenticateOidcConfig']
    assert oidc['ClientId'] == 'client' and 'ClientSecret' not in oidc
    assert oidc['AuthenticationRequestExtraParams'] == {'prompt': 'login'}
    assert res['aws_lb_listener_rule.oidc']['action'][0]['authenticate_oidc'][0][
        'client_secret'] == 'secret-1'
    cog = res['aws_lb_listener_rule.cognito']['action'][0]['authenticate_cognito'][0]
    assert cog['session_timeout'] == 3600 and cog['scope'] == 'openid'
    assert cog['on_unauthenticated_request'] == 'authenticate'
    plain = res['aws_lb_listener_rule.plain']['action'][0]['forward'][0]
    assert plain['stickiness'] == [{'enabled': False, 'duration': 0}], plain
    certs = elb(env, 'DescribeListenerCertificates', ListenerArn=https)['Certificates']
    assert {(c['CertificateArn'], c['IsDefault']) for c in certs} == {(CERT1, True),
                                                                      (CERT2, False)}
    assert res['aws_lb_listener_certificate.extra']['id'] == '%s_%s' % (https, CERT2)
    att = res['aws_lb_target_group_attachment.ip']
    assert att['id'].startswith(res['aws_lb_target_group.a']['arn'] + '-')
    health = elb(env, 'DescribeTargetHealth', TargetGroupArn=att['target_group_arn'])
    assert [(t['Target']['Id'], t['Target']['Port'])
            for t in health['TargetHealthDescriptions']] == [('10.40.1.10', 8080)]
    ds = res.get('data.aws_ecs_task_definition.td')
    td = res['aws_ecs_task_definition.td']
    return ds, td


def data_source(tf):
    shown = json.loads(tf.run('show', '-json').stdout)
    for r in shown['values']['root_module']['resources']:
        if r['address'] == 'data.aws_ecs_task_definition.td':
            return r['values']
    raise AssertionError('no data source in the state')


def prepared(tmp_path, which):
    env = NetEnv(tmp_path / which)
    return env, env.terraform(which, config())


def test_elbv2_extras(tmp_path):
    netkit.require('ours')
    envs = []
    try:
        env, tf = prepared(tmp_path, 'ours')
        envs.append(env)
        tf.apply()
        res = tf.resources()
        check_applied(env, res)
        ds = data_source(tf)
        td = res['aws_ecs_task_definition.td']
        assert ds['id'] == ds['arn'] == td['arn'] and ds['family'] == 'extras'
        assert ds['revision'] == td['revision'] and ds['status'] == 'ACTIVE'
        assert ds['arn_without_revision'] == td['arn_without_revision']
        assert json.loads(ds['container_definitions'])[0]['image'] == 'nginx'
        tf.assert_clean()

        # in place: priority, weights, stickiness, conditions, actions, tags;
        # the certificate and attachments replace (the attachment's port).
        tf.write(config(2))
        code, out = tf.plan()
        assert code == 2, out
        for addr in RULES:
            assert '%s will be updated in-place' % addr in out, out
        assert 'aws_lb_target_group_attachment.ip must be replaced' in out, out
        assert '1 to add, 4 to change, 1 to destroy' in out, out
        tf.apply()
        res = tf.resources()
        http = res['aws_lb_listener.http']['arn']
        rules = rules_of(env, http)
        assert sorted(rules) == ['11', '20', 'default'], rules
        fwd = rules['20']
        assert {g['Weight'] for g in fwd['Actions'][0]['ForwardConfig']['TargetGroups']} == {
            40, 30}
        assert fwd['Actions'][0]['ForwardConfig']['TargetGroupStickinessConfig'] == {
            'Enabled': True, 'DurationSeconds': 900}
        paths = [c for c in fwd['Conditions'] if c['Field'] == 'path-pattern'][0]
        assert sorted(paths['PathPatternConfig']['Values']) == ['/api/*', '/v2/*']
        assert rules['11']['Actions'][0]['RedirectConfig']['StatusCode'] == 'HTTP_302'
        assert res['aws_lb_listener_rule.fwd']['id'] == fwd['RuleArn']
        assert res['aws_alb_listener_rule.fixed']['tags_all'] == {'Name': 'fixed-2'}
        health = elb(env, 'DescribeTargetHealth',
                     TargetGroupArn=res['aws_lb_target_group.a']['arn'])
        live = [(t['Target']['Id'], t['Target'].get('Port'))
                for t in health['TargetHealthDescriptions']
                if t['TargetHealth'].get('Reason') != 'Target.DeregistrationInProgress']
        assert live == [('10.40.1.10', 9090)], health
        tf.assert_clean()

        # import blocks: the rules by ARN, the certificate by
        # <listener>_<certificate>; the attachment has no import.
        # (not the OIDC rule: AWS never returns its client secret, so an
        # import cannot reproduce it, with hashicorp/aws either)
        imported = RULES[:3] + ('aws_lb_listener_certificate.extra',)
        tf.state_rm(*imported)
        tf.write('\n'.join('import {\n  to = %s\n  id = "%s"\n}' % (a, res[a]['id'])
                           for a in imported), name='imports.tf', provider_block=False)
        tf.apply()
        again = tf.resources()
        for addr in imported:
            assert again[addr] == res[addr], (addr, again[addr], res[addr])
        tf.assert_clean()
        os.remove(tf.dir + '/imports.tf')
        p = tf.run('import', '-input=false', 'aws_lb_target_group_attachment.ip',
                   res['aws_lb_target_group_attachment.ip']['id'], ok=(1,))
        assert "doesn't support import" in p.stderr, p.stderr

        # drift behind Terraform's back
        https = res['aws_lb_listener.https']['arn']
        elb(env, 'DeleteRule', RuleArn=res['aws_alb_listener_rule.fixed']['id'])
        elb(env, 'ModifyRule', RuleArn=res['aws_lb_listener_rule.auto']['id'],
            Conditions=[{'Field': 'path-pattern', 'PathPatternConfig': {'Values': ['/x']}}])
        elb(env, 'RemoveListenerCertificates', ListenerArn=https,
            Certificates=[{'CertificateArn': CERT2}])
        elb(env, 'DeregisterTargets', TargetGroupArn=res['aws_lb_target_group.b']['arn'],
            Targets=[{'Id': '10.40.2.10'}])
        code, out = tf.plan()
        assert code == 2, out
        assert 'aws_alb_listener_rule.fixed will be created' in out, out
        assert 'aws_lb_listener_rule.auto will be updated in-place' in out, out
        assert 'aws_lb_listener_certificate.extra will be created' in out, out
        assert 'aws_alb_target_group_attachment.ip2 will be created' in out, out
        tf.apply()
        tf.assert_clean()
        assert sorted(rules_of(env, https)) == ['5', '7', '8', '9', 'default']

        # bad input, at the attribute
        tf.write(BAD, name='bad.tf', provider_block=False)
        err = ' '.join(tf.run('validate', ok=(1,)).stderr.split())   # unwrapped
        assert 'with aws_lb_listener_rule.bad_priority' in err, err
        assert '"priority" must be in the range 1-50000 for normal rule or 99999' in err, err
        assert 'with aws_lb_listener_rule.two_kinds' in err, err
        assert ('Only one of host_header, http_header, http_request_method, path_pattern, '
                'query_string or source_ip can be set in a condition block') in err, err
        assert 'action[0].redirect' in err, err
        assert 'with aws_lb_listener_rule.bad_values' in err, err
        assert 'text/xml' in err and '10.0.0.1/8' in err and 'not-an-arn' in err, err
        assert 'with aws_lb_listener_certificate.bad' in err, err
        os.remove(tf.dir + '/bad.tf')

        tf.destroy()
        env.assert_empty()
    finally:
        for e in envs:
            e.close()


EXAMPLES = {
    'aws_lb_listener_rule': ('aws_lb_listener_rule',),
    'aws_lb_listener_certificate': ('aws_lb_listener_certificate',),
    'aws_lb_target_group_attachment': ('aws_lb_target_group_attachment',),
    'data_aws_ecs_task_definition': ('data.aws_ecs_task_definition',),
}


def test_examples(tmp_path):
    """Every example applies, re-plans clean and destroys to nothing: one
    configuration calling each example folder as a module, so one apply."""
    netkit.require('ours')
    env = NetEnv(tmp_path)
    try:
        root = netkit.tfharness.REPO
        calls = ''.join('module "%s" {\n  source = "%s"\n}\n'
                        % (f, os.path.join(root, 'examples', f)) for f in EXAMPLES)
        for f in EXAMPLES:
            assert os.path.isfile(os.path.join(root, 'examples', f, 'README.md')), f
        tf = env.terraform('ours', calls, provider_block=False)
        tf.run('get')  # the modules only: no provider to install under dev_overrides
        tf.apply()
        listed = tf.run('state', 'list').stdout.split()
        for folder, types in EXAMPLES.items():
            for t in types:
                assert any(a.startswith('module.%s.%s.' % (folder, t)) for a in listed), (
                    t, listed)
        rules = [a for a in listed if a.split('.')[2] == 'aws_lb_listener_rule']
        assert len(rules) == 3, listed
        tf.assert_clean()
        tf.destroy()
        env.assert_empty()
    finally:
        env.close()


SOURCE_IP_TG = '''
resource "aws_vpc" "v" {
  cidr_block = "10.9.0.0/16"
}
resource "aws_lb_target_group" "t" {
  name_prefix = "t1-"
  protocol    = "TCP_UDP"
  port        = 81
  target_type = "ip"
  vpc_id      = aws_vpc.v.id
  stickiness {
    type = "source_ip"
  }
}
'''


def test_source_ip_stickiness_reads_as_hashicorp(tmp_path):
    """A target group sticking by source address has no cookie: after a
    refresh its cookie_duration is 0 and cookie_name "" (as hashicorp/aws
    reads them, compared in test_elbv2_parity.py; the alb module's
    complete-nlb example showed ours reading 86400), its (TCP_UDP)
    target_health_state is not read, and the plan stays clean."""
    netkit.require('ours')
    env = NetEnv(tmp_path)
    try:
        tf = env.terraform('ours', SOURCE_IP_TG)
        tf.apply()
        tf.run('apply', '-refresh-only', '-auto-approve', '-input=false')
        tg = tf.resources()['aws_lb_target_group.t']
        assert tg['stickiness'] == [{
            'cookie_duration': 0, 'cookie_name': '', 'enabled': True, 'type': 'source_ip'}]
        # target_health_state is read only for TCP and TLS groups: a TCP_UDP
        # group's block holds nulls, as hashicorp/aws 5.100.0's state after
        # applying the complete-nlb example (ours read true and 0)
        assert tg['target_health_state'] == [{
            'enable_unhealthy_connection_termination': None, 'unhealthy_draining_interval': None}]
        tf.assert_clean()
        tf.destroy()
    finally:
        env.close()

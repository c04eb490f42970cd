"""aws_cloudwatch_log_group, aws_cloudwatch_metric_alarm, data "aws_ssm_parameter"
and data "aws_ami" end to end against the emulator.

test_lifecycle (our provider, one emulator): apply, clean re-plan, retention
and alarm threshold updated in place, a retention changed behind Terraform's
back detected and restored, import of the log group (by name) and the alarm
(by alarm_name) with a clean plan after, destroy to an empty emulator, and
the AMI chained from the SSM parameter.

test_parity: the same configuration planned and applied by hashicorp/aws
5.100.0 and by ours against two emulators, plans (values, unknowns,
sensitivity) and states compared value by value, each state re-planned
clean by the other provider, and bad input (retention_in_days = 2, ...)
refused by both with the same detail at the same attribute.

test_example: examples/observability applies, re-plans clean and destroys.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \
     /usr/bin/python3 -m pytest tests/e2e/test_cloudwatch.py
"""
import json
import os
import re

import netkit
import tfharness
from netkit import NetEnv, netenv  # noqa: F401  (fixture)

POLICY = ('arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:0b5f3c3e-1111-2222-3333-'
          '444455556666:autoScalingGroupName/web:policyName/scale-up')
AL2023 = '/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id'

CONFIG = '''
resource "aws_cloudwatch_log_group" "app" {
  name              = "/ecs/app"
  retention_in_days = %(retention)d
  kms_key_id        = %(kms)s
  tags = {
    env = "%(env)s"
  }
}

resource "aws_cloudwatch_log_group" "gen" {
  name_prefix = "gen-"
}

resource "aws_cloudwatch_metric_alarm" "cpu" {
  alarm_name          = "web-cpu-high"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 2
  metric_name         = "CPUUtilization"
  namespace           = "AWS/EC2"
  period              = 120
  statistic           = "Average"
  threshold           = %(threshold)d
  alarm_description   = "scale up"
  alarm_actions       = ["%(policy)s"]
  dimensions = {
    AutoScalingGroupName = "web"
  }
  tags = {
    team = "%(team)s"
  }
}

resource "aws_cloudwatch_metric_alarm" "anomaly" {
  alarm_name          = "cpu-anomaly"
  comparison_operator = "GreaterThanUpperThreshold"
  evaluation_periods  = 2
  threshold_metric_id = "e1"
  metric_query {
    id          = "e1"
    expression  = "ANOMALY_DETECTION_BAND(m1)"
    label       = "CPUUtilization (Expected)"
    return_data = true
  }
  metric_query {
    id          = "m1"
    return_data = true
    metric {
      metric_name = "CPUUtilization"
      namespace   = "AWS/EC2"
      period      = 120
      stat        = "Average"
      dimensions = {
        AutoScalingGroupName = "web"
      }
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "p99" {
  alarm_name          = "latency-p99"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 3
  datapoints_to_alarm = 2
  metric_name         = "TargetResponseTime"
  namespace           = "AWS/ApplicationELB"
  period              = 60
  extended_statistic  = "p99"
  threshold           = 0.5
  treat_missing_data  = "notBreaching"
  unit                = "Seconds"
}

resource "aws_cloudwatch_metric_alarm" "math" {
  alarm_name          = "error-rate"
  comparison_operator = "GreaterThanThreshold"
  evaluation_periods  = 1
  threshold           = 5
  metric_query {
    id          = "e1"
    expression  = "100 * m1 / m2"
    label       = "Error rate"
    return_data = true
  }
  metric_query {
    id = "m1"
    metric {
      metric_name = "HTTPCode_Target_5XX_Count"
      namespace   = "AWS/ApplicationELB"
      period      = 60
      stat        = "Sum"
      dimensions = {
        LoadBalancer = "app/web/123"
      }
    }
  }
  metric_query {
    id = "m2"
    metric {
      metric_name = "RequestCount"
      namespace   = "AWS/ApplicationELB"
      period      = 60
      stat        = "p90"
      unit        = "Count"
    }
  }
}

data "aws_ssm_parameter" "ecs_ami" {
  name = "%(al2023)s"
}

data "aws_ami" "ecs" {
  owners = ["amazon"]
  filter {
    name   = "image-id"
    values = [data.aws_ssm_parameter.ecs_ami.insecure_value]
  }
}

data "aws_ami" "latest" {
  most_recent = true
  owners      = ["amazon"]
  name_regex  = "^amzn2-ami-ecs-hvm-.*-x86_64-ebs$"
}

output "ami" {
  value = data.aws_ami.ecs
}

output "latest" {
  value = data.aws_ami.latest.id
}

output "ssm" {
  value     = data.aws_ssm_parameter.ecs_ami
  sensitive = true
}

data "aws_ssm_parameter" "secret" {
  name = "/app/db/password"
}

data "aws_ssm_parameter" "secret_raw" {
  name            = "/app/db/password"
  with_decryption = false
}

output "secret" {
  value     = data.aws_ssm_parameter.secret
  sensitive = true
}

output "secret_raw" {
  value     = data.aws_ssm_parameter.secret_raw
  sensitive = true
}
'''

BAD = '''
resource "aws_cloudwatch_log_group" "bad" {
  name              = "bad name"
  retention_in_days = 2
}

resource "aws_cloudwatch_metric_alarm" "bad" {
  alarm_name          = "bad"
  comparison_operator = "Bigger"
  evaluation_periods  = 0
  metric_name         = "CPUUtilization"
  namespace           = "AWS/EC2"
  period              = 45
  statistic           = "Average"
  extended_statistic  = "p99"
  treat_missing_data  = "sometimes"
}
'''


AMI_EDGE = '''
data "aws_ami" "unfiltered" {
  most_recent = true
  name_regex  = "^amzn2-ami-ecs-hvm-.*-x86_64-ebs$"
}

data "aws_ami" "none" {
  owners     = ["amazon"]
  name_regex = "^nothing-matches$"
}
'''


KMS_KEY = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'


def config(retention=14, threshold=80, kms=None, env='dev', team='ops'):
    return CONFIG % dict(retention=retention, threshold=threshold, policy=POLICY,
                         al2023=AL2023, kms='"%s"' % kms if kms else 'null', env=env,
                         team=team)


def put_secret(env):
    """A SecureString parameter the configuration reads (made outside Terraform)."""
    env.client.call('ssm', 'PutParameter', Name='/app/db/password', Value='s3cret',
                    Type='SecureString')


def control(env, service, action, body):
    """A test hook of the emulator (a change made outside Terraform)."""
    return env.emu._control('POST', 'service/%s/%s' % (service, action), body)


def outputs(tf):
    return json.loads(tf.run('output', '-json').stdout)


def test_lifecycle(tmp_path):
    env = NetEnv(tmp_path)
    try:
        put_secret(env)
        tf = env.terraform('ours', config())
        tf.apply()
        tf.assert_clean()
        st = tf.resources()
        app = st['aws_cloudwatch_log_group.app']
        assert app['arn'] == 'arn:aws:logs:us-east-1:123456789012:log-group:/ecs/app'
        assert app['retention_in_days'] == 14 and app['log_group_class'] == 'STANDARD'
        gen = st['aws_cloudwatch_log_group.gen']
        assert gen['name'].startswith('gen-') and gen['name_prefix'] == 'gen-'
        cpu = st['aws_cloudwatch_metric_alarm.cpu']
        assert cpu['alarm_actions'] == [POLICY] and cpu['treat_missing_data'] == 'missing'
        assert cpu['dimensions'] == {'AutoScalingGroupName': 'web'} and cpu['id'] == 'web-cpu-high'
        assert cpu['arn'] == 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:web-cpu-high'
        math = st['aws_cloudwatch_metric_alarm.math']
        assert sorted(q['id'] for q in math['metric_query']) == ['e1', 'm1', 'm2']
        out = outputs(tf)
        ssm = out['ssm']
        assert ssm['sensitive'] and ssm['value']['type'] == 'String'
        assert out['ami']['value']['id'] == ssm['value']['value'] == ssm['value']['insecure_value']
        assert out['ami']['value']['name'].startswith('al2023-ami-ecs-hvm-')
        assert out['latest']['value'] == 'ami-0a9e8b4c3d2f1e0a7'
        secret, raw = out['secret']['value'], out['secret_raw']['value']
        assert secret['value'] == 's3cret' and secret['insecure_value'] == ''
        assert secret['type'] == 'SecureString' and secret['version'] == 1
        assert secret['arn'] == 'arn:aws:ssm:us-east-1:123456789012:parameter/app/db/password'
        assert raw['value'] not in ('', 's3cret') and raw['with_decryption'] is False

        # In place: retention, KMS key and tags of the log group, threshold and
        # tags of the alarm.
        tf.write(config(retention=30, threshold=90, kms=KMS_KEY, env='prod', team='sre'))
        code, text = tf.plan()
        assert code == 2 and 'must be replaced' not in text, text
        assert '2 to change' in text, text
        tf.apply()
        tf.assert_clean()
        group = env.client.call('logs', 'DescribeLogGroups',
                                logGroupNamePrefix='/ecs/app')['logGroups'][0]
        assert group['retentionInDays'] == 30 and group['kmsKeyId'] == KMS_KEY
        assert env.client.call('logs', 'ListTagsForResource', resourceArn=app['arn'])['tags'] \
            == {'env': 'prod'}
        alarm = env.client.call('monitoring', 'DescribeAlarms',
                                AlarmNames=['web-cpu-high'])['MetricAlarms'][0]
        assert alarm['Threshold'] == 90.0
        assert env.client.call('monitoring', 'ListTagsForResource', ResourceARN=cpu['arn'])[
            'Tags'] == [{'Key': 'team', 'Value': 'sre'}]

        # Drift: retention changed outside Terraform is detected and restored.
        env.client.call('logs', 'PutRetentionPolicy', logGroupName='/ecs/app',
                        retentionInDays=7)
        code, text = tf.plan()
        assert code == 2 and re.search(r'retention_in_days\s+= 7 -> 30', text), text
        tf.apply()
        tf.assert_clean()
        groups = env.client.call('logs', 'DescribeLogGroups', logGroupNamePrefix='/ecs/app')
        assert groups['logGroups'][0]['retentionInDays'] == 30
        # ... and an alarm changed outside Terraform too.
        control(env, 'monitoring', 'set-threshold', {'name': 'web-cpu-high', 'threshold': 1})
        code, text = tf.plan()
        assert code == 2 and re.search(r'threshold\s+= 1 -> 90', text), text

        # Import: log group by name, alarms by alarm_name.
        before = tf.resources()
        for addr, rid in (('aws_cloudwatch_log_group.app', '/ecs/app'),
                          ('aws_cloudwatch_metric_alarm.math', 'error-rate'),
                          ('aws_cloudwatch_metric_alarm.cpu', 'web-cpu-high')):
            tf.state_rm(addr)
            tf.import_(addr, rid)
        after = tf.resources()
        for addr in ('aws_cloudwatch_log_group.app', 'aws_cloudwatch_metric_alarm.math'):
            assert after[addr] == before[addr], (addr, after[addr], before[addr])
        assert after['aws_cloudwatch_metric_alarm.cpu']['threshold'] == 1
        tf.apply()
        tf.assert_clean()

        # Deleted outside Terraform: planned for creation again.
        gen = tf.resources()['aws_cloudwatch_log_group.gen']['name']
        env.client.call('logs', 'DeleteLogGroup', logGroupName=gen)
        env.client.call('monitoring', 'DeleteAlarms', AlarmNames=['latency-p99'])
        code, text = tf.plan()
        assert code == 2 and 'aws_cloudwatch_log_group.gen will be created' in text, text
        assert 'aws_cloudwatch_metric_alarm.p99 will be created' in text, text

        tf.destroy()
        env.client.call('ssm', 'DeleteParameter', Name='/app/db/password')
        env.assert_empty()
    finally:
        env.close()


def normalise(value):
    """Generated name suffixes (a timestamp and a counter) replaced."""
    return json.loads(re.sub(r'\b(gen-)\d{18}[0-9a-f]{8}\b', r'\1<suffix>', json.dumps(value)))


def plan_changes(tf):
    tf.run('plan', '-input=false', '-out=plan.bin')
    shown = json.loads(tf.run('show', '-json', 'plan.bin').stdout)
    out = {}
    for rc in shown.get('resource_changes', []):
        ch = rc['change']
        out[rc['address']] = {k: ch.get(k) for k in ('actions', 'after', 'after_unknown',
                                                     'after_sensitive')}
    return out


def diagnostics(tf):
    """(summary, detail, attribute address) of every error of `terraform validate`."""
    p = tf.run('validate', '-json', ok=(0, 1))
    found = set()
    for d in json.loads(p.stdout).get('diagnostics', []):
        rng = d.get('range') or {}
        snippet = (d.get('snippet') or {}).get('code', '').strip()
        found.add((d['severity'], d['summary'], d.get('detail', ''), rng.get('start', {}).get(
            'line'), snippet))
    return found


def plan_diagnostics(tf):
    """(severity, summary, detail, line) of a plan's diagnostics, without the
    development-override warning."""
    p = tf.run('plan', '-input=false', '-json', ok=(0, 1))
    found = set()
    for line in p.stdout.splitlines():
        msg = json.loads(line)
        d = msg.get('diagnostic')
        if msg.get('type') != 'diagnostic' or 'overrides' in d['summary']:
            continue
        found.add((d['severity'], d['summary'], d.get('detail', ''),
                   (d.get('range') or {}).get('start', {}).get('line')))
    return found


def test_parity(tmp_path):
    plans, states, outs, diags, ami_diags = {}, {}, {}, {}, {}
    for which in ('hashicorp', 'ours'):
        env = NetEnv(tmp_path / which)
        try:
            bad = env.terraform(which, BAD, name=which + '-bad')
            diags[which] = diagnostics(bad)
            bad.write(AMI_EDGE)
            ami_diags[which] = plan_diagnostics(bad)
            put_secret(env)
            tf = env.terraform(which, config())
            plans[which] = plan_changes(tf)
            tf.apply()
            states[which] = tf.resources()
            outs[which] = outputs(tf)
            tf.assert_clean()
            other = 'hashicorp' if which == 'ours' else 'ours'
            tf.use(other)
            tf.assert_clean()
            tf.use(which)
            tf.destroy()
            env.client.call('ssm', 'DeleteParameter', Name='/app/db/password')
            env.assert_empty()
        finally:
            env.close()
    problems = []
    for addr in sorted(set(plans['hashicorp']) | set(plans['ours'])):
        problems += netkit.diff(normalise(plans['ours'].get(addr)),
                                normalise(plans['hashicorp'].get(addr)), 'plan ' + addr)
    for addr in sorted(set(states['hashicorp']) | set(states['ours'])):
        problems += netkit.diff(normalise(states['ours'].get(addr)),
                                normalise(states['hashicorp'].get(addr)), 'state ' + addr)
    problems += netkit.diff(outs['ours'], outs['hashicorp'], 'outputs')
    assert not problems, '\n'.join(problems)

    # Bad input: every error hashicorp/aws gives, we give at the same line, with
    # the same text (hashicorp's validators put it in the summary, ours in the
    # detail under "Invalid value for ...").
    ours_errors = [o for o in diags['ours'] if o[0] == 'error']
    for d in diags['hashicorp']:
        assert any(o[3] == d[3] and ((o[1], o[2]) == (d[1], d[2]) or (not d[2] and o[2] == d[1]))
                   for o in ours_errors), (d, sorted(ours_errors, key=str))
    assert len(ours_errors) == len(diags['hashicorp']), sorted(ours_errors, key=str)
    assert any('retention_in_days' in o[4] and 'expected retention_in_days to be one of' in o[2]
               and ', got 2' in o[2] for o in ours_errors), ours_errors
    # data "aws_ami": the unfiltered most_recent warning and the no-result error.
    assert ami_diags['ours'] == ami_diags['hashicorp'], (ami_diags['ours'], ami_diags['hashicorp'])
    assert {d[1] for d in ami_diags['ours']} == {
        'Most Recent Image Not Filtered',
        'Your query returned no results. Please change your search criteria and try again.'}


def test_example(netenv):  # noqa: F811
    folder = os.path.join(tfharness.REPO, 'examples', 'observability')
    assert os.path.isfile(os.path.join(folder, 'README.md'))
    with open(os.path.join(folder, 'main.tf')) as f:
        text = f.read()
    tf = netenv.terraform('ours', text, provider_block=False)
    tf.apply()
    listed = tf.run('state', 'list').stdout.split()
    for t in ('aws_cloudwatch_log_group.', 'aws_cloudwatch_metric_alarm.',
              'data.aws_ssm_parameter.', 'data.aws_ami.'):
        assert any(a.startswith(t) for a in listed), listed
    assert outputs(tf)['ecs_ami']['value']['id'] == 'ami-0c2d3e4f5a6b7c8d9'
    tf.assert_clean()
    tf.destroy()
    netenv.assert_empty()

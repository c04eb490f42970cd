"""ECS capacity on an Auto Scaling group and Application Auto Scaling of the
service that uses it, end to end against the emulator: aws_ecs_capacity_provider,
aws_ecs_cluster_capacity_providers, aws_ecs_service's capacity_provider_strategy,
aws_appautoscaling_target and aws_appautoscaling_policy (target tracking on
the service's CPU, on a customized metric and on metric math, and step
scaling).

One setup (VPC, subnets, launch configuration, Auto Scaling group, cluster,
capacity provider, service, scaling target and policies) serves every check:
apply, clean re-plan, in-place updates (target capacity, min/max capacity,
target value, the service's strategy with a new deployment), import with a
clean plan after, drift made through the AWS APIs, destroy leaving nothing,
bad input.  The state and plans of hashicorp/aws 5.100.0 for the same
configuration (config(), an update, a move to a launch type) are compared in
test_ecs_parity.py, one run for the family.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \\
     /usr/bin/python3 -m pytest tests/e2e/test_ecs_capacity.py
"""
import json
import os
import re

import pytest

import netkit
import tfharness
from netkit import NetEnv

STRATEGY = '''  capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.cp.name
    weight            = %d
  }'''

BASE = dict(target_capacity=80, min_capacity=1, max_capacity=4, target_value=60,
            weight=1, fnd='true', step_cooldown=60, team='infra', placement=None)

CONFIG = '''
resource "aws_vpc" "v" {
  cidr_block = "10.40.0.0/16"
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

resource "aws_launch_configuration" "lc" {
  name          = "cap-lc"
  image_id      = "ami-0a9e8b4c3d2f1e0a7"
  instance_type = "t3.micro"
}

resource "aws_autoscaling_group" "g" {
  name                      = "cap-asg"
  launch_configuration      = aws_launch_configuration.lc.name
  vpc_zone_identifier       = [aws_subnet.a.id, aws_subnet.b.id]
  min_size                  = 0
  max_size                  = 2
  desired_capacity          = 0
  wait_for_capacity_timeout = "0"
}

resource "aws_ecs_capacity_provider" "cp" {
  name = "cap-provider"
  auto_scaling_group_provider {
    auto_scaling_group_arn = aws_autoscaling_group.g.arn
    managed_draining       = "ENABLED"
    managed_scaling {
      status                    = "ENABLED"
      target_capacity           = %(target_capacity)d
      maximum_scaling_step_size = 2
    }
  }
  tags = {
    team = "%(team)s"
  }
}

resource "aws_ecs_capacity_provider" "plain" {
  name = "cap-plain"
  auto_scaling_group_provider {
    auto_scaling_group_arn = aws_autoscaling_group.h.arn
  }
}

resource "aws_autoscaling_group" "h" {
  name                      = "cap-asg-plain"
  launch_configuration      = aws_launch_configuration.lc.name
  vpc_zone_identifier       = [aws_subnet.a.id]
  min_size                  = 0
  max_size                  = 1
  wait_for_capacity_timeout = "0"
}

resource "aws_ecs_cluster" "c" {
  name = "cap-cluster"
}

resource "aws_ecs_cluster_capacity_providers" "c" {
  cluster_name       = aws_ecs_cluster.c.name
  capacity_providers = [aws_ecs_capacity_provider.cp.name, aws_ecs_capacity_provider.plain.name]
  default_capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.cp.name
    base              = 1
    weight            = 100
  }
}

resource "aws_ecs_task_definition" "web" {
  family = "cap-web"
  container_definitions = jsonencode([{
    name      = "web"
    image     = "nginx:latest"
    memory    = 128
    essential = true
  }])
}

resource "aws_ecs_service" "web" {
  name                 = "cap-web"
  cluster              = aws_ecs_cluster.c.id
  task_definition      = aws_ecs_task_definition.web.arn
  desired_count        = 1
  force_new_deployment = %(fnd)s
%(placement)s
  depends_on = [aws_ecs_cluster_capacity_providers.c]
  lifecycle {
    ignore_changes = [desired_count]
  }
}

resource "aws_appautoscaling_target" "t" {
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.c.name}/${aws_ecs_service.web.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = %(min_capacity)d
  max_capacity       = %(max_capacity)d
  tags = {
    team = "%(team)s"
  }
}

resource "aws_appautoscaling_policy" "cpu" {
  name               = "cap-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.t.service_namespace
  resource_id        = aws_appautoscaling_target.t.resource_id
  scalable_dimension = aws_appautoscaling_target.t.scalable_dimension
  target_tracking_scaling_policy_configuration {
    target_value       = %(target_value)d
    scale_in_cooldown  = 120
    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

resource "aws_appautoscaling_policy" "custom" {
  name               = "cap-custom"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.t.service_namespace
  resource_id        = aws_appautoscaling_target.t.resource_id
  scalable_dimension = aws_appautoscaling_target.t.scalable_dimension
  target_tracking_scaling_policy_configuration {
    target_value = 100
    customized_metric_specification {
      metric_name = "MemoryUtilization"
      namespace   = "AWS/ECS"
      statistic   = "Maximum"
      unit        = "Percent"
      dimensions {
        name  = "ClusterName"
        value = aws_ecs_cluster.c.name
      }
      dimensions {
        name  = "ServiceName"
        value = aws_ecs_service.web.name
      }
    }
  }
}

resource "aws_appautoscaling_policy" "math" {
  name               = "cap-math"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.t.service_namespace
  resource_id        = aws_appautoscaling_target.t.resource_id
  scalable_dimension = aws_appautoscaling_target.t.scalable_dimension
  target_tracking_scaling_policy_configuration {
    target_value = 50
    customized_metric_specification {
      metrics {
        id          = "cpu"
        label       = "CPU of the service"
        return_data = false
        metric_stat {
          stat = "Average"
          metric {
            metric_name = "CPUUtilization"
            namespace   = "AWS/ECS"
            dimensions {
              name  = "ClusterName"
              value = aws_ecs_cluster.c.name
            }
          }
        }
      }
      metrics {
        id          = "half"
        expression  = "cpu / 2"
        return_data = true
      }
    }
  }
}

resource "aws_appautoscaling_policy" "step" {
  name               = "cap-step"
  service_namespace  = aws_appautoscaling_target.t.service_namespace
  resource_id        = aws_appautoscaling_target.t.resource_id
  scalable_dimension = aws_appautoscaling_target.t.scalable_dimension
  step_scaling_policy_configuration {
    adjustment_type         = "ChangeInCapacity"
    cooldown                = %(step_cooldown)d
    metric_aggregation_type = "Average"
    step_adjustment {
      metric_interval_lower_bound = "0"
      metric_interval_upper_bound = "10.5"
      scaling_adjustment          = 1
    }
    step_adjustment {
      metric_interval_lower_bound = "10.5"
      scaling_adjustment          = 2
    }
  }
}
'''


def config(**kw):
    args = dict(BASE, **kw)
    if args['placement'] is None:
        args['placement'] = STRATEGY % args['weight']
    return CONFIG % args


MINE = ('aws_ecs_capacity_provider.', 'aws_ecs_cluster_capacity_providers.',
        'aws_appautoscaling_target.', 'aws_appautoscaling_policy.', 'aws_ecs_service.')
TARGET_ID = 'ecs/service/cap-cluster/cap-web/ecs:service:DesiredCount'
IMPORTS = {
    'aws_ecs_capacity_provider.cp': 'cap-provider',
    'aws_ecs_capacity_provider.plain': 'cap-plain',
    'aws_ecs_cluster_capacity_providers.c': 'cap-cluster',
    'aws_appautoscaling_target.t': TARGET_ID,
    'aws_appautoscaling_policy.cpu': TARGET_ID + '/cap-cpu',
    'aws_appautoscaling_policy.step': TARGET_ID + '/cap-step',
}


def aas(env, op, **params):
    return env.client.call('application-autoscaling', op, **params)


def scalable_target(env):
    out = aas(env, 'DescribeScalableTargets', ServiceNamespace='ecs',
              ResourceIds=['service/cap-cluster/cap-web'])
    return out['ScalableTargets'][0]


def capacity_provider(env, name='cap-provider'):
    out = env.client.call('ecs', 'DescribeCapacityProviders', capacityProviders=[name])
    return out['capacityProviders'][0]


def policy(env, name):
    out = aas(env, 'DescribeScalingPolicies', ServiceNamespace='ecs', PolicyNames=[name],
              ResourceId='service/cap-cluster/cap-web')
    return out['ScalingPolicies'][0]


def service(env):
    out = env.client.call('ecs', 'DescribeServices', cluster='cap-cluster', services=['cap-web'])
    return out['services'][0]


def test_lifecycle(tmp_path):
    env = NetEnv(tmp_path)
    try:
        tf = env.terraform('ours', config())
        tf.apply()
        tf.assert_clean()
        st = tf.resources()
        cp = st['aws_ecs_capacity_provider.cp']
        assert cp['id'] == cp['arn'] == \
            'arn:aws:ecs:us-east-1:123456789012:capacity-provider/cap-provider'
        ms = cp['auto_scaling_group_provider'][0]['managed_scaling'][0]
        assert ms['target_capacity'] == 80 and ms['maximum_scaling_step_size'] == 2
        assert cp['tags_all'] == {'team': 'infra'}
        plain = st['aws_ecs_capacity_provider.plain']['auto_scaling_group_provider'][0]
        assert plain['managed_scaling'][0]['status'] == 'DISABLED'
        assert plain['managed_termination_protection'] == 'DISABLED'
        ccp = st['aws_ecs_cluster_capacity_providers.c']
        assert ccp['id'] == 'cap-cluster'
        assert sorted(ccp['capacity_providers']) == ['cap-plain', 'cap-provider']
        assert ccp['default_capacity_provider_strategy'] == [
            {'base': 1, 'capacity_provider': 'cap-provider', 'weight': 100}]
        svc = st['aws_ecs_service.web']
        assert [(i['capacity_provider'], i['weight'])
                for i in svc['capacity_provider_strategy']] == [('cap-provider', 1)]
        assert svc['launch_type'] == ''
        t = st['aws_appautoscaling_target.t']
        assert t['id'] == 'service/cap-cluster/cap-web'
        assert (t['min_capacity'], t['max_capacity']) == (1, 4)
        assert t['role_arn'].endswith('/AWSServiceRoleForApplicationAutoScaling_ECSService')
        cpu = st['aws_appautoscaling_policy.cpu']
        assert cpu['id'] == 'cap-cpu' and len(cpu['alarm_arns']) == 2
        tt = cpu['target_tracking_scaling_policy_configuration'][0]
        assert tt['target_value'] == 60 and tt['scale_in_cooldown'] == 120
        custom = st['aws_appautoscaling_policy.custom'][
            'target_tracking_scaling_policy_configuration'][0]
        assert custom['predefined_metric_specification'] == []
        cms = custom['customized_metric_specification'][0]
        assert (cms['metric_name'], cms['namespace'], cms['statistic'], cms['unit'],
                cms['metrics']) == ('MemoryUtilization', 'AWS/ECS', 'Maximum', 'Percent', [])
        assert sorted((d['name'], d['value']) for d in cms['dimensions']) == [
            ('ClusterName', 'cap-cluster'), ('ServiceName', 'cap-web')]
        sent = policy(env, 'cap-custom')['TargetTrackingScalingPolicyConfiguration'][
            'CustomizedMetricSpecification']
        assert sorted(sent) == ['Dimensions', 'MetricName', 'Namespace', 'Statistic', 'Unit']
        math = st['aws_appautoscaling_policy.math'][
            'target_tracking_scaling_policy_configuration'][0]['customized_metric_specification'][0]
        assert (math['metric_name'], math['namespace'], math['statistic'], math['unit'],
                math['dimensions']) == ('', '', '', '', [])
        queries = {q['id']: q for q in math['metrics']}
        assert queries['half'] == {'id': 'half', 'expression': 'cpu / 2', 'label': '',
                                   'return_data': True, 'metric_stat': []}
        cpu_q = queries['cpu']
        assert (cpu_q['expression'], cpu_q['label'], cpu_q['return_data']) == (
            '', 'CPU of the service', False)
        assert cpu_q['metric_stat'] == [{'stat': 'Average', 'unit': '', 'metric': [{
            'metric_name': 'CPUUtilization', 'namespace': 'AWS/ECS',
            'dimensions': [{'name': 'ClusterName', 'value': 'cap-cluster'}]}]}]
        sent = policy(env, 'cap-math')['TargetTrackingScalingPolicyConfiguration'][
            'CustomizedMetricSpecification']
        assert list(sent) == ['Metrics'], sent
        assert sorted((q['Id'], q['ReturnData'], 'MetricStat' in q) for q in sent['Metrics']) \
            == [('cpu', False, True), ('half', True, False)]
        step = st['aws_appautoscaling_policy.step']
        assert step['policy_type'] == 'StepScaling'
        bounds = sorted((s['metric_interval_lower_bound'], s['metric_interval_upper_bound'])
                        for s in step['step_scaling_policy_configuration'][0]['step_adjustment'])
        assert bounds == [('0', '10.5'), ('10.5', '')]
        first_deployment = service(env)['deployments'][0]['id']

        # In place: target capacity, min/max capacity, target value, step
        # cooldown, and the service's strategy (a new deployment).
        tf.write(config(target_capacity=90, min_capacity=2, max_capacity=6, target_value=70,
                        step_cooldown=90, weight=2, team='platform'))
        code, out = tf.plan()
        assert code == 2 and 'must be replaced' not in out, out
        assert '5 to change' in out, out
        tf.apply()
        tf.assert_clean()
        assert capacity_provider(env)['autoScalingGroupProvider']['managedScaling'][
            'targetCapacity'] == 90
        target = scalable_target(env)
        assert (target['MinCapacity'], target['MaxCapacity']) == (2, 6)
        assert policy(env, 'cap-cpu')['TargetTrackingScalingPolicyConfiguration'][
            'TargetValue'] == 70
        assert policy(env, 'cap-step')['StepScalingPolicyConfiguration']['Cooldown'] == 90
        svc = service(env)
        assert [(i['capacityProvider'], i['weight'])
                for i in svc['capacityProviderStrategy']] == [('cap-provider', 2)]
        assert svc['deployments'][0]['id'] != first_deployment
        cp_tags = env.client.call('ecs', 'DescribeCapacityProviders',
                                  capacityProviders=['cap-provider'],
                                  include=['TAGS'])['capacityProviders'][0]['tags']
        assert cp_tags == [{'key': 'team', 'value': 'platform'}]
        assert aas(env, 'ListTagsForResource', ResourceARN=target['ScalableTargetARN'])[
            'Tags'] == {'team': 'platform'}
        args = dict(target_capacity=90, min_capacity=2, max_capacity=6, target_value=70,
                    step_cooldown=90, weight=2, team='platform')

        # Without force_new_deployment a strategy change replaces the service.
        tf.write(config(**dict(args, weight=3, fnd='false')))
        code, out = tf.plan()
        assert code == 2 and 'aws_ecs_service.web must be replaced' in out, out
        # Nor can a service move between a launch type and a strategy in place.
        tf.write(config(**dict(args, placement='  launch_type = "EC2"')))
        code, out = tf.plan()
        assert code == 2 and 'aws_ecs_service.web must be replaced' in out, out
        assert '+ launch_type' in out and 'forces replacement' in out, out
        tf.write(config(**args))

        # Drift: minimum capacity and target capacity changed behind Terraform's back.
        aas(env, 'RegisterScalableTarget', ServiceNamespace='ecs',
            ResourceId='service/cap-cluster/cap-web',
            ScalableDimension='ecs:service:DesiredCount', MinCapacity=3)
        env.client.call('ecs', 'UpdateCapacityProvider', name='cap-provider',
                        autoScalingGroupProvider={'managedScaling': {'targetCapacity': 50}})
        code, out = tf.plan()
        assert code == 2, out
        assert 'min_capacity       = 3 -> 2' in out.replace('  ', ' ') or \
            'min_capacity' in out, out
        assert 'target_capacity' in out and '50 -> 90' in out, out
        tf.apply()
        tf.assert_clean()
        assert scalable_target(env)['MinCapacity'] == 2

        # Import: the same state, and a clean plan after.
        before = tf.resources()
        for addr, rid in IMPORTS.items():
            tf.state_rm(addr)
            tf.import_(addr, rid)
        after = tf.resources()
        for addr in IMPORTS:
            for k in before[addr]:
                assert after[addr][k] == before[addr][k], (addr, k, after[addr][k],
                                                           before[addr][k])
        tf.assert_clean()

        # Bad input is refused at the attribute.
        tf.write(config(**dict(args, target_capacity=101)))
        p = tf.run('plan', '-input=false', ok=(1,))
        assert 'target_capacity' in p.stderr and '101' in p.stderr, p.stderr
        tf.write(config(**args))
        tf.state_rm('aws_appautoscaling_policy.step')
        p = tf.run('import', '-input=false', 'aws_appautoscaling_policy.step', 'ecs/cap-step',
                   ok=(1,))
        assert 'expected <service-namespace>/<resource-id>/<scalable-dimension>/' \
            '<policy-name>' in p.stderr.replace('\n', ' '), p.stderr
        tf.import_('aws_appautoscaling_policy.step', IMPORTS['aws_appautoscaling_policy.step'])

        # A policy deleted behind Terraform's back is planned for creation.
        aas(env, 'DeleteScalingPolicy', PolicyName='cap-step', ServiceNamespace='ecs',
            ResourceId='service/cap-cluster/cap-web',
            ScalableDimension='ecs:service:DesiredCount')
        code, out = tf.plan()
        assert code == 2 and 'aws_appautoscaling_policy.step will be created' in out, out

        tf.destroy()
        env.assert_empty()
    finally:
        env.close()


def generic(value):
    """Generated parts of ARNs and names replaced by placeholders."""
    text = json.dumps(value)
    text = re.sub(r'autoScalingGroup:[0-9a-f-]{36}:', 'autoScalingGroup:<uuid>:', text)
    text = re.sub(r'scalingPolicy:[0-9a-f-]{36}:', 'scalingPolicy:<uuid>:', text)
    text = re.sub(r'scalable-target/[0-9a-f]+', 'scalable-target/<id>', text)
    text = re.sub(r'-(AlarmHigh|AlarmLow)-[0-9a-f-]{36}', r'-\1-<uuid>', text)
    text = re.sub(r'cap-web:\d+', 'cap-web:N', text)
    return json.loads(text)


# Every kind of failure after acting, as test_create_once_faults.py runs
# the 17 resources with (eventual consistency left out: hashicorp/aws does
# not wait for a new capacity provider to be visible to
# PutClusterCapacityProviders either).
FAULTS = {'throttle': 0.20, 'error500': 0.05, 'error500_after': 0.05, 'drop_after': 0.05,
          'slow': 0.05, 'slow_ms': 2500, 'seed': int(os.environ.get('TFP_FAULT_SEED', '4'))}
NO_FAULTS = {'throttle': 0, 'error500': 0, 'error500_after': 0, 'drop_after': 0, 'slow': 0}
OUR_ENV = {'TFP_RETRY_BASE_DELAY_MS': '100', 'TFP_RETRY_MAX_BACKOFF_MS': '2000',
           'TFP_HTTP_TIMEOUT_MS': '1500'}
FAULT_OBJECTS = {'ecs/capacity_providers': 2, 'ecs/clusters': 1, 'ecs/services': 1,
                 'application-autoscaling/scalable_targets': 1,
                 'application-autoscaling/scaling_policies': 4}


def test_creates_once_under_faults(tmp_path):
    """Apply, re-plan and destroy while AWS throttles, fails and drops
    answers after acting: every object is made exactly once."""
    env = NetEnv(tmp_path)
    try:
        tf = env.terraform('ours', config())
        tf.tfenv.update(OUR_ENV)
        env.emu.faults(FAULTS)
        tf.apply()
        tf.assert_clean()
        tf.destroy()
        env.emu.faults(NO_FAULTS)
        objects = env.emu._control('GET', 'objects')
        for kind, n in FAULT_OBJECTS.items():
            assert objects.get(kind, {}).get('ever') == n, (kind, objects.get(kind))
            assert objects[kind]['peak'] == n, (kind, objects[kind])
        calls = env.emu.calls()
        print({c['operation']: c['error_code'] for c in calls
               if c.get('error_code') and c.get('operation') in (
                   'CreateCapacityProvider', 'PutClusterCapacityProviders',
                   'RegisterScalableTarget', 'PutScalingPolicy')})
        assert any(c['error_code'] == 'ConnectionDropped' for c in calls)
        assert any(c['error_code'] == 'InternalFailure' for c in calls)
        env.assert_empty()
    finally:
        env.close()


BAD = '''
resource "aws_ecs_capacity_provider" "c" {
  name = "bad"
  auto_scaling_group_provider {
    auto_scaling_group_arn = "not-an-arn"
    managed_draining       = "MAYBE"
    managed_scaling {
      target_capacity        = 101
      instance_warmup_period = 20000
      status                 = "on"
    }
  }
}

resource "aws_ecs_cluster_capacity_providers" "c" {
  cluster_name = "bad name"
  default_capacity_provider_strategy {
    capacity_provider = "x"
    weight            = 2000
  }
}

resource "aws_appautoscaling_target" "t" {
  service_namespace  = "ecs"
  resource_id        = "service/c/s"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = 1
  max_capacity       = 2
  role_arn           = "not-checked-by-hashicorp"
}

resource "aws_appautoscaling_policy" "p" {
  name               = "%s"
  policy_type        = "NotCheckedEither"
  service_namespace  = "ecs"
  resource_id        = "service/c/s"
  scalable_dimension = "ecs:service:DesiredCount"
  step_scaling_policy_configuration {
    adjustment_type         = "Nope"
    metric_aggregation_type = "Nope"
  }
}
''' % ('n' * 256)


def error_lines(text):
    """The configuration lines terraform's errors point at."""
    return sorted(int(m) for m in re.findall(r'on main\.tf line (\d+)', text))


def test_bad_input_like_hashicorp(tmp_path):
    """The same arguments are refused, at the same lines, as by hashicorp/aws."""
    netkit.require('hashicorp')
    env = NetEnv(tmp_path)
    try:
        lines = {}
        for which in ('hashicorp', 'ours'):
            tf = env.terraform(which, BAD, name=which)
            p = tf.run('validate', ok=(1,))
            lines[which] = error_lines(p.stdout + p.stderr)
        # An error inside a set element (weight) is shown by hashicorp/aws at
        # the resource's first line (the SDK has no path into sets); we point
        # at the argument itself.
        text = (netkit.PROVIDER_TF + BAD).split('\n')
        res = text.index('resource "aws_ecs_cluster_capacity_providers" "c" {') + 1
        weight = [i for i, t in enumerate(text) if 'weight            = 2000' in t][0] + 1
        expected = sorted([w for w in lines['hashicorp'] if w != res] + [weight])
        assert len(lines['hashicorp']) == 8 and res in lines['hashicorp'], json.dumps(lines)
        assert lines['ours'] == expected, json.dumps(lines)
    finally:
        env.close()


@pytest.mark.parametrize('example', ('ecs_capacity_provider', 'appautoscaling'))
def test_example(tmp_path, example):
    folder = os.path.join(tfharness.REPO, 'examples', example)
    assert os.path.isfile(os.path.join(folder, 'README.md'))
    with open(os.path.join(folder, 'main.tf')) as f:
        text = f.read()
    env = NetEnv(tmp_path)
    try:
        tf = env.terraform('ours', text, provider_block=False)
        tf.apply()
        tf.assert_clean()
        tf.destroy()
        env.assert_empty()
    finally:
        env.close()

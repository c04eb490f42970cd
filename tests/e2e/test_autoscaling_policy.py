"""aws_autoscaling_policy end to end against the emulator: the three policy
types (SimpleScaling, StepScaling, TargetTrackingScaling with a predefined
and with a customized metric) applied, re-planned clean, updated in place,
imported by `<group>/<policy>`, changed and deleted behind Terraform's back
(drift), destroyed to an empty emulator, and PredictiveScaling (predefined
load metric with customized scaling metric data queries, buffers, mode) and
target tracking on metric math (`metrics`);
hashicorp's apply-time checks of which arguments a policy type takes and
the plan-time diagnostics.  Parity with hashicorp/aws 5.100.0 (plan JSON and
state of the create and of the update, each provider planning the other's
state clean) is in test_autoscaling_parity.py, one run for the family.

The example (examples/aws_autoscaling_policy) applies, re-plans clean and
destroys to an empty emulator.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \
     /usr/bin/python3 -m pytest tests/e2e/test_autoscaling_policy.py
"""
import os

import tfharness
from netkit import NetEnv, netenv  # noqa: F401  (fixture)

GROUP = '''
resource "aws_launch_configuration" "lc" {
  name          = "t-pol-lc"
  image_id      = "ami-0a9e8b4c3d2f1e0a7"
  instance_type = "t3.micro"
}

resource "aws_autoscaling_group" "g" {
  name                 = "t-pol-asg"
  launch_configuration = aws_launch_configuration.lc.name
  availability_zones   = ["us-east-1a"]
  min_size             = 0
  max_size             = 4
  desired_capacity     = 0
  # set explicitly: our aws_autoscaling_group plans hashicorp's ["Default"]
  # read-back away when left out (see the module docstring of test_parity)
  termination_policies = ["Default"]
}
'''

POLICIES = '''
resource "aws_autoscaling_policy" "simple" {
  name                   = "t-simple"
  autoscaling_group_name = aws_autoscaling_group.g.name
  adjustment_type        = "ChangeInCapacity"
  scaling_adjustment     = %(adj)d
  cooldown               = 120
}

resource "aws_autoscaling_policy" "step" {
  name                      = "t-step"
  autoscaling_group_name    = aws_autoscaling_group.g.name
  policy_type               = "StepScaling"
  adjustment_type           = "PercentChangeInCapacity"
  min_adjustment_magnitude  = 1
  estimated_instance_warmup = 60
  step_adjustment {
    scaling_adjustment          = 10
    metric_interval_lower_bound = "0"
    metric_interval_upper_bound = "%(upper)s"
  }
  step_adjustment {
    scaling_adjustment          = 30
    metric_interval_lower_bound = "%(upper)s"
  }
}

resource "aws_autoscaling_policy" "cpu" {
  name                   = "t-cpu"
  autoscaling_group_name = aws_autoscaling_group.g.name
  policy_type            = "TargetTrackingScaling"
  target_tracking_configuration {
    target_value = %(target)s
    predefined_metric_specification {
      predefined_metric_type = "ASGAverageCPUUtilization"
    }
  }
}

resource "aws_autoscaling_policy" "custom" {
  name                   = "t-custom"
  autoscaling_group_name = aws_autoscaling_group.g.name
  policy_type            = "TargetTrackingScaling"
  enabled                = false
  target_tracking_configuration {
    target_value     = 100
    disable_scale_in = true
    customized_metric_specification {
      metric_name = "QueueDepth"
      namespace   = "App"
      statistic   = "Average"
      unit        = "Count"
      metric_dimension {
        name  = "Queue"
        value = "jobs"
      }
    }
  }
}
'''

MATH = '''
resource "aws_autoscaling_policy" "math" {
  name                   = "t-math"
  autoscaling_group_name = aws_autoscaling_group.g.name
  policy_type            = "TargetTrackingScaling"
  target_tracking_configuration {
    target_value = %(target)s
    customized_metric_specification {
      metrics {
        id          = "m1"
        return_data = false
        metric_stat {
          stat   = "Sum"
          period = 60
          metric {
            metric_name = "RequestCount"
            namespace   = "AWS/ApplicationELB"
            dimensions {
              name  = "LoadBalancer"
              value = "app/t-pol/0123456789abcdef"
            }
          }
        }
      }
      metrics {
        id         = "e1"
        expression = "m1 / 2"
        label      = "requests per instance"
      }
    }
  }
}
'''

PREDICTIVE = '''
resource "aws_autoscaling_policy" "predictive" {
  name                   = "t-predictive"
  autoscaling_group_name = aws_autoscaling_group.g.name
  policy_type            = "PredictiveScaling"
  predictive_scaling_configuration {
    mode                         = "%(mode)s"
    scheduling_buffer_time       = "300"
    max_capacity_breach_behavior = "IncreaseMaxCapacity"
    max_capacity_buffer          = "10"
    metric_specification {
      target_value = %(target)s
      predefined_load_metric_specification {
        predefined_metric_type = "ASGTotalCPUUtilization"
      }
      customized_scaling_metric_specification {
        metric_data_queries {
          id = "scaling"
          metric_stat {
            metric {
              metric_name = "CPUUtilization"
              namespace   = "AWS/EC2"
              dimensions {
                name  = "AutoScalingGroupName"
                value = "t-pol-asg"
              }
            }
            stat = "Average"
          }
        }
      }
    }
  }
}
'''

BASE = dict(adj=1, upper='10.5', target='50', mode='ForecastOnly')
UPDATED = dict(adj=2, upper='20', target='60.5', mode='ForecastAndScale')


def config(**kw):
    return GROUP + (POLICIES + PREDICTIVE + MATH) % dict(BASE, **kw)


def policies(env):
    out = env.client.call('autoscaling', 'DescribePolicies', AutoScalingGroupName='t-pol-asg')
    return {p['PolicyName']: p for p in out.get('ScalingPolicies', [])}


def test_lifecycle(tmp_path):
    env = NetEnv(tmp_path)
    try:
        tf = env.terraform('ours', config())
        tf.apply()
        tf.assert_clean()
        st = tf.resources()
        assert st['aws_autoscaling_policy.simple']['id'] == 't-simple'
        assert st['aws_autoscaling_policy.step']['metric_aggregation_type'] == 'Average'
        assert {'scaling_adjustment': 10, 'metric_interval_lower_bound': '0',
                'metric_interval_upper_bound': '10.5'} in \
            st['aws_autoscaling_policy.step']['step_adjustment']
        remote = policies(env)
        assert remote['t-simple']['Cooldown'] == 120
        assert remote['t-custom']['Enabled'] is False
        assert remote['t-custom']['TargetTrackingConfiguration'][
            'CustomizedMetricSpecification']['Dimensions'] == [{'Name': 'Queue', 'Value': 'jobs'}]
        arn = st['aws_autoscaling_policy.cpu']['arn']
        pred = remote['t-predictive']['PredictiveScalingConfiguration']
        assert pred['Mode'] == 'ForecastOnly' and pred['SchedulingBufferTime'] == 300
        assert pred['MaxCapacityBuffer'] == 10
        spec = pred['MetricSpecifications'][0]
        assert spec['TargetValue'] == 50 and spec['PredefinedLoadMetricSpecification'] == {
            'PredefinedMetricType': 'ASGTotalCPUUtilization'}
        query = spec['CustomizedScalingMetricSpecification']['MetricDataQueries'][0]
        assert query['Id'] == 'scaling' and query['ReturnData'] is True
        assert query['MetricStat']['Metric']['Dimensions'] == [
            {'Name': 'AutoScalingGroupName', 'Value': 't-pol-asg'}]
        math = remote['t-math']['TargetTrackingConfiguration']['CustomizedMetricSpecification']
        assert set(math) == {'Metrics'}, math
        by_id = {m['Id']: m for m in math['Metrics']}
        assert by_id['m1']['MetricStat']['Period'] == 60 and by_id['m1']['ReturnData'] is False
        assert by_id['e1'] == {'Id': 'e1', 'Expression': 'm1 / 2',
                               'Label': 'requests per instance', 'ReturnData': True}
        ps = st['aws_autoscaling_policy.predictive']['predictive_scaling_configuration'][0]
        assert ps['max_capacity_buffer'] == '10' and ps['scheduling_buffer_time'] == '300'
        assert ps['metric_specification'][0]['predefined_load_metric_specification'] == [
            {'predefined_metric_type': 'ASGTotalCPUUtilization', 'resource_label': ''}]

        # In place (PutScalingPolicy again), the ARN kept.
        tf.write(config(**UPDATED))
        code, out = tf.plan()
        assert code == 2 and 'must be replaced' not in out and '5 to change' in out, out
        tf.apply()
        tf.assert_clean()
        st = tf.resources()
        assert st['aws_autoscaling_policy.cpu']['arn'] == arn
        assert st['aws_autoscaling_policy.cpu']['target_tracking_configuration'][0][
            'target_value'] == 60.5
        assert policies(env)['t-simple']['ScalingAdjustment'] == 2
        assert policies(env)['t-predictive']['PredictiveScalingConfiguration'][
            'Mode'] == 'ForecastAndScale'

        # Drift: changed, and deleted, behind Terraform's back.
        env.client.call('autoscaling', 'PutScalingPolicy', AutoScalingGroupName='t-pol-asg',
                        PolicyName='t-simple', AdjustmentType='ExactCapacity',
                        ScalingAdjustment=3)
        env.client.call('autoscaling', 'DeletePolicy', AutoScalingGroupName='t-pol-asg',
                        PolicyName='t-cpu')
        code, out = tf.plan()
        assert code == 2 and '"ExactCapacity" -> "ChangeInCapacity"' in out, out
        assert 'aws_autoscaling_policy.cpu will be created' in out, out
        tf.apply()
        tf.assert_clean()

        # Import by <group>/<policy>.
        for addr in ('aws_autoscaling_policy.simple', 'aws_autoscaling_policy.step',
                     'aws_autoscaling_policy.custom', 'aws_autoscaling_policy.predictive',
                     'aws_autoscaling_policy.math'):
            before = tf.resources()[addr]
            tf.state_rm(addr)
            tf.import_(addr, 't-pol-asg/' + before['name'])
            assert tf.resources()[addr] == before, addr
        tf.assert_clean()
        tf.state_rm('aws_autoscaling_policy.simple')
        p = tf.run('import', '-input=false', 'aws_autoscaling_policy.simple', 't-simple',
                   ok=(1,))
        assert 'unexpected format ("t-simple"), expected <asg-name>/<policy-name>' in \
            p.stderr.replace('\n', ' '), p.stderr
        tf.import_('aws_autoscaling_policy.simple', 't-pol-asg/t-simple')
        tf.assert_clean()

        tf.destroy()
        env.assert_empty()
    finally:
        env.close()


BAD_APPLY = '''
resource "aws_autoscaling_policy" "bad" {
  name                   = "t-bad"
  autoscaling_group_name = aws_autoscaling_group.g.name
  policy_type            = "StepScaling"
  adjustment_type        = "ChangeInCapacity"
  cooldown               = 30
  step_adjustment {
    scaling_adjustment          = 1
    metric_interval_lower_bound = "0"
  }
}
'''

BAD_PLAN = '''
resource "aws_autoscaling_policy" "later" {
  name                   = "t-later"
  autoscaling_group_name = "t-pol-asg"
  policy_type            = "PredictiveScaling"
  predictive_scaling_configuration {
    mode = "Sometimes"
    metric_specification {
      target_value = 40
      predefined_metric_pair_specification {
        predefined_metric_type = "ASGCPUUtilization"
      }
    }
  }
}

resource "aws_autoscaling_policy" "typo" {
  name                   = "t-typo"
  autoscaling_group_name = "t-pol-asg"
  policy_type            = "Simple"
}
'''


def test_diagnostics(tmp_path):
    env = NetEnv(tmp_path)
    try:
        tf = env.terraform('ours', BAD_PLAN)
        err = tf.run('plan', '-input=false', ok=(1,)).stderr
        assert 'mode = "Sometimes"' in err and 'ForecastAndScale' in err, err
        assert 'policy_type' in err and 'Simple' in err, err
        tf.write(GROUP + BAD_APPLY)
        err = tf.run('apply', '-auto-approve', '-input=false', ok=(1,)).stderr
        assert 'cooldown is only supported for policy type SimpleScaling' in err, err
        tf.destroy()
        env.assert_empty()
    finally:
        env.close()


def test_example(netenv):  # noqa: F811
    folder = os.path.join(tfharness.REPO, 'examples', 'aws_autoscaling_policy')
    assert os.path.isfile(os.path.join(folder, 'README.md'))
    with open(os.path.join(folder, 'main.tf')) as f:
        text = f.read()
    tf = netenv.terraform('ours', text, provider_block=False)
    tf.apply()
    assert 'aws_autoscaling_policy.cpu' in tf.resources()
    tf.assert_clean()
    tf.destroy()
    netenv.assert_empty()

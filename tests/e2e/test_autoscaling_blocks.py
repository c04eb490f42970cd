"""aws_autoscaling_group's blocks with their own Auto Scaling calls, end to end
against the emulator: mixed_instances_policy (instances_distribution, launch
template specification, overrides by instance type and by
instance_requirements), initial_lifecycle_hook (PutLifecycleHook between a
create at size 0 and the real capacity), availability zone distribution and
capacity reservation preference, traffic_source
(Attach/DetachTrafficSources with their waits), instance_maintenance_policy
and warm_pool (PutWarmPool; drained, deleted and waited for on removal and on
destroy).  Apply, re-plan clean, in-place update of each block, drift made
through the API, import with a clean plan, bad input pointing at the
attribute, destroy to an empty emulator.  Parity with hashicorp/aws 5.100.0
(plan JSON and state after create and after the update; each provider plans
the other's state clean) is in test_autoscaling_parity.py, one run for the
family.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \
     /usr/bin/python3 -m pytest tests/e2e/test_autoscaling_blocks.py
"""
import json
import re
import time

import netkit
from netkit import NetEnv

IMAGE = 'ami-0a9e8b4c3d2f1e0a7'

CONFIG = '''
resource "aws_vpc" "v" {
  cidr_block = "10.51.0.0/16"
}

resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.v.id
  cidr_block        = "10.51.1.0/24"
  availability_zone = "us-east-1a"
}

resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.v.id
  cidr_block        = "10.51.2.0/24"
  availability_zone = "us-east-1b"
}

resource "aws_launch_template" "lt" {
  name          = "t-asg-blocks"
  image_id      = "%(image)s"
  instance_type = "t3.micro"
}

resource "aws_lb_target_group" "one" {
  name     = "t-asg-blocks-one"
  port     = 80
  protocol = "HTTP"
  vpc_id   = aws_vpc.v.id
}

resource "aws_lb_target_group" "two" {
  name     = "t-asg-blocks-two"
  port     = 8080
  protocol = "HTTP"
  vpc_id   = aws_vpc.v.id
}

resource "aws_autoscaling_group" "mixed" {
  name                = "t-asg-mixed"
  vpc_zone_identifier = [aws_subnet.a.id, aws_subnet.b.id]
  min_size            = 1
  max_size            = 3
  desired_capacity    = 1

  mixed_instances_policy {
    instances_distribution {
      on_demand_percentage_above_base_capacity = %(pct)s
      spot_allocation_strategy                 = "price-capacity-optimized"
    }
    launch_template {
      launch_template_specification {
        launch_template_id = aws_launch_template.lt.id
      }
      override {
        instance_type     = "t3.small"
        weighted_capacity = "%(weight)s"
      }
      override {
        instance_requirements {
          vcpu_count {
            min = 1
            max = 4
          }
          memory_mib {
            min = 512
          }
          memory_gib_per_vcpu {
            min = 0.5
            max = 4
          }
          cpu_manufacturers    = ["intel", "amd"]
          burstable_performance = "included"
        }
      }
    }
  }

  initial_lifecycle_hook {
    name                 = "launching"
    lifecycle_transition = "autoscaling:EC2_INSTANCE_LAUNCHING"
    default_result       = "CONTINUE"
    heartbeat_timeout    = 60
  }

  traffic_source {
    identifier = aws_lb_target_group.%(tg)s.arn
    type       = "elbv2"
  }

  instance_maintenance_policy {
    min_healthy_percentage = %(minhp)s
    max_healthy_percentage = 120
  }
}

resource "aws_autoscaling_group" "warm" {
  name                = "t-asg-warm"
  vpc_zone_identifier = [aws_subnet.a.id]
  min_size            = 1
  max_size            = 3
  desired_capacity    = 1
  termination_policies = ["OldestInstance"]

  availability_zone_distribution {
    capacity_distribution_strategy = "%(azd)s"
  }
  capacity_reservation_specification {
    capacity_reservation_preference = "none"
  }

  launch_template {
    id      = aws_launch_template.lt.id
    version = "$Latest"
  }
  %(warm)s
}
'''

WARM = '''warm_pool {
    pool_state                  = "%s"
    min_size                    = %d
    max_group_prepared_capacity = 2
    instance_reuse_policy {
      reuse_on_scale_in = true
    }
  }'''


def config(pct=50, weight='2', tg='one', minhp=90, warm=WARM % ('Stopped', 1),
           azd='balanced-only'):
    return CONFIG % dict(image=IMAGE, pct=pct, weight=weight, tg=tg, minhp=minhp, warm=warm,
                         azd=azd)


UPDATED = dict(pct=100, weight='3', tg='two', minhp=80, warm=WARM % ('Running', 2),
               azd='balanced-best-effort')


def asg(env, op, **params):
    return env.client.call('autoscaling', op, **params)


def group(env, name):
    out = asg(env, 'DescribeAutoScalingGroups', AutoScalingGroupNames=[name])
    return out['AutoScalingGroups'][0] if out['AutoScalingGroups'] else None


def wait_empty(env):
    for _ in range(100):
        if env.state().get('empty'):
            break
        time.sleep(0.1)
    env.assert_empty()


def test_lifecycle(tmp_path):
    env = NetEnv(tmp_path)
    try:
        tf = env.terraform('ours', config())
        tf.apply()
        tf.assert_clean()
        st = tf.resources()
        lt_id = st['aws_launch_template.lt']['id']
        tg_one = st['aws_lb_target_group.one']['arn']
        tg_two = st['aws_lb_target_group.two']['arn']

        m = group(env, 't-asg-mixed')
        mip = m['MixedInstancesPolicy']
        assert mip['InstancesDistribution']['OnDemandPercentageAboveBaseCapacity'] == 50
        assert mip['InstancesDistribution']['SpotAllocationStrategy'] == \
            'price-capacity-optimized'
        spec = mip['LaunchTemplate']['LaunchTemplateSpecification']
        assert spec['LaunchTemplateId'] == lt_id and spec['Version'] == '$Default'
        over = mip['LaunchTemplate']['Overrides']
        assert over[0] == {'InstanceType': 't3.small', 'WeightedCapacity': '2'}
        req = over[1]['InstanceRequirements']
        assert req['VCpuCount'] == {'Min': 1, 'Max': 4} and req['MemoryMiB'] == {'Min': 512}
        assert req['MemoryGiBPerVCpu'] == {'Min': 0.5, 'Max': 4.0}
        assert sorted(req['CpuManufacturers']) == ['amd', 'intel']
        assert m['TrafficSources'] == [{'Identifier': tg_one, 'Type': 'elbv2'}]
        assert m['InstanceMaintenancePolicy'] == {'MinHealthyPercentage': 90,
                                                  'MaxHealthyPercentage': 120}
        hooks = asg(env, 'DescribeLifecycleHooks',
                    AutoScalingGroupName='t-asg-mixed')['LifecycleHooks']
        assert [(h['LifecycleHookName'], h['DefaultResult'], h['HeartbeatTimeout'])
                for h in hooks] == [('launching', 'CONTINUE', 60)]
        assert m['MinSize'] == 1 and m['DesiredCapacity'] == 1

        wg = group(env, 't-asg-warm')
        assert wg['AvailabilityZoneDistribution'] == {
            'CapacityDistributionStrategy': 'balanced-only'}
        assert wg['CapacityReservationSpecification'] == {'CapacityReservationPreference': 'none'}
        w = asg(env, 'DescribeWarmPool', AutoScalingGroupName='t-asg-warm')
        assert w['WarmPoolConfiguration'] == {'MaxGroupPreparedCapacity': 2, 'MinSize': 1,
                                              'PoolState': 'Stopped',
                                              'InstanceReusePolicy': {'ReuseOnScaleIn': True}}
        gs = tf.resources()
        mixed = gs['aws_autoscaling_group.mixed']
        assert mixed['mixed_instances_policy'][0]['instances_distribution'] == [{
            'on_demand_allocation_strategy': 'prioritized', 'on_demand_base_capacity': 0,
            'on_demand_percentage_above_base_capacity': 50,
            'spot_allocation_strategy': 'price-capacity-optimized', 'spot_instance_pools': 0,
            'spot_max_price': ''}]
        assert mixed['traffic_source'] == [{'identifier': tg_one, 'type': 'elbv2'}]
        assert mixed['initial_lifecycle_hook'] == [{
            'name': 'launching', 'lifecycle_transition': 'autoscaling:EC2_INSTANCE_LAUNCHING',
            'default_result': 'CONTINUE', 'heartbeat_timeout': 60, 'notification_metadata': '',
            'notification_target_arn': '', 'role_arn': ''}]
        assert gs['aws_autoscaling_group.warm']['warm_pool'] == [{
            'pool_state': 'Stopped', 'min_size': 1, 'max_group_prepared_capacity': 2,
            'instance_reuse_policy': [{'reuse_on_scale_in': True}]}]
        assert gs['aws_autoscaling_group.warm']['warm_pool_size'] == 1

        # In place: every block changed.
        tf.write(config(**UPDATED))
        code, out = tf.plan()
        assert code == 2 and '2 to change' in out and 'must be replaced' not in out, out
        tf.apply()
        tf.assert_clean()
        m = group(env, 't-asg-mixed')
        assert m['MixedInstancesPolicy']['InstancesDistribution'][
            'OnDemandPercentageAboveBaseCapacity'] == 100
        assert m['MixedInstancesPolicy']['LaunchTemplate']['Overrides'][0][
            'WeightedCapacity'] == '3'
        assert m['TrafficSources'] == [{'Identifier': tg_two, 'Type': 'elbv2'}]
        assert m['InstanceMaintenancePolicy']['MinHealthyPercentage'] == 80
        assert group(env, 't-asg-warm')['AvailabilityZoneDistribution'] == {
            'CapacityDistributionStrategy': 'balanced-best-effort'}
        w = asg(env, 'DescribeWarmPool', AutoScalingGroupName='t-asg-warm')
        assert w['WarmPoolConfiguration']['PoolState'] == 'Running'
        assert w['WarmPoolConfiguration']['MinSize'] == 2

        # Drift through the API: the plan puts it back.
        asg(env, 'PutWarmPool', AutoScalingGroupName='t-asg-warm', MinSize=0,
            MaxGroupPreparedCapacity=2, PoolState='Stopped')
        asg(env, 'AttachTrafficSources', AutoScalingGroupName='t-asg-mixed',
            TrafficSources=[{'Identifier': tg_one, 'Type': 'elbv2'}])
        code, out = tf.plan()
        assert code == 2 and 'warm_pool' in out and 'traffic_source' in out, out
        assert '"Stopped" -> "Running"' in out, out
        tf.apply()
        tf.assert_clean()
        assert group(env, 't-asg-mixed')['TrafficSources'] == [
            {'Identifier': tg_two, 'Type': 'elbv2'}]

        # Import by name: the same state, a clean plan (the warm group; the
        # mixed group's initial_lifecycle_hook is configuration-only, which
        # hashicorp/aws plans as a replacement after import too).
        # The arguments that live only in Terraform are imported null, as
        # hashicorp/aws imports them; the next apply sets them, calling AWS
        # for nothing.
        local = ('force_delete', 'force_delete_warm_pool', 'ignore_failed_scaling_activities',
                 'wait_for_capacity_timeout')
        before = tf.resources()['aws_autoscaling_group.warm']
        tf.state_rm('aws_autoscaling_group.warm')
        tf.import_('aws_autoscaling_group.warm', 't-asg-warm')
        after = tf.resources()['aws_autoscaling_group.warm']
        assert all(after[k] is None for k in local), after
        assert {k: v for k, v in after.items() if k not in local} == \
            {k: v for k, v in before.items() if k not in local}, \
            [(k, before[k], after.get(k)) for k in before if before[k] != after.get(k)]
        code, out = tf.plan()
        assert code == 2 and '1 to change' in out and 'wait_for_capacity_timeout' in out, out
        calls = len(env.emu.calls())
        tf.apply()
        assert not [c for c in env.emu.calls()[calls:]
                    if c['service'] == 'autoscaling' and not
                    c['operation'].startswith('Describe')], \
            env.emu.calls()[calls:]
        tf.assert_clean()

        # Removing the warm pool drains and deletes it.
        tf.write(config(**dict(UPDATED, warm='')))
        tf.apply()
        tf.assert_clean()
        assert 'WarmPoolConfiguration' not in asg(env, 'DescribeWarmPool',
                                                  AutoScalingGroupName='t-asg-warm')
        assert tf.resources()['aws_autoscaling_group.warm']['warm_pool'] == []

        # Bad input is diagnosed at the attribute.
        tf.write(config(warm=WARM % ('Frozen', 1)).replace('heartbeat_timeout    = 60',
                                                          'heartbeat_timeout    = 10'))
        p = tf.run('plan', '-input=false', ok=(1,))
        assert 'heartbeat_timeout' in p.stderr and 'line ' in p.stderr, p.stderr
        assert 'pool_state' in p.stderr and 'Frozen' in p.stderr, p.stderr

        tf.write(config(**dict(UPDATED, warm=WARM % ('Stopped', 1))))
        tf.apply()
        tf.destroy()
        wait_empty(env)
    finally:
        env.close()


def generic(value):
    text = json.dumps(netkit.normalise(value, {}))
    text = re.sub(r'lt-[0-9a-f]{17}', '<lt>', text)
    text = re.sub(r'autoScalingGroup:[0-9a-f-]{36}', 'autoScalingGroup:<uuid>', text)
    text = re.sub(r'targetgroup/([a-z0-9-]+)/[0-9a-f]{16}', r'targetgroup/\1/<id>', text)
    return json.loads(text)

"""Tests of svc_autoscaling_blocks (warm pools, lifecycle hooks, traffic sources)
on the fake EC2 with a settable clock, and of mixed instances policies over the
wire against the whole emulator (launch templates live in its EC2).

Run: /usr/bin/python3 -m pytest tests/emulator/test_svc_autoscaling_blocks.py
"""

import pytest

import svc_autoscaling
import svc_elbv2
from awsclient import AwsCallError, Client
from svc_testkit import SG, SUBNET_A, SUBNET_B, VPC, Driver, FakeEmu, expect_error

AK = 'AKIATESTASGBLOCKS001'
SK = 'test/asg-blocks/secret'
IMAGE = 'ami-0a9e8b4c3d2f1e0a7'


@pytest.fixture
def env():
    emu = FakeEmu()
    asg = emu.add(svc_autoscaling.Service)
    elb = emu.add(svc_elbv2.Service)
    call = Driver(asg)
    call('CreateLaunchConfiguration', LaunchConfigurationName='lc', ImageId='ami-12345678',
         InstanceType='t3.micro', SecurityGroups=[SG])
    call('CreateAutoScalingGroup', AutoScalingGroupName='g', LaunchConfigurationName='lc',
         MinSize=1, MaxSize=4, DesiredCapacity=1,
         VPCZoneIdentifier='%s,%s' % (SUBNET_A, SUBNET_B))
    return emu, asg, call, Driver(elb)


def group(call, name='g'):
    out = call('DescribeAutoScalingGroups', AutoScalingGroupNames=[name])['AutoScalingGroups']
    return out[0] if out else None


def warm(call):
    return call('DescribeWarmPool', AutoScalingGroupName='g')


def test_warm_pool_sizes_drain_and_delete(env):
    emu, asg, call, _ = env
    out = warm(call)
    assert out == {'Instances': []} and 'WarmPoolConfiguration' not in group(call)
    expect_error(lambda: call('DeleteWarmPool', AutoScalingGroupName='g'), 'ValidationError',
                 'No warm pool found')
    call('PutWarmPool', AutoScalingGroupName='g', MinSize=1, PoolState='Stopped',
         InstanceReusePolicy={'ReuseOnScaleIn': True})
    out = warm(call)
    # max_size 4 - desired 1 = 3 prepared, at least MinSize
    assert out['WarmPoolConfiguration'] == {'MaxGroupPreparedCapacity': -1, 'MinSize': 1,
                                            'PoolState': 'Stopped',
                                            'InstanceReusePolicy': {'ReuseOnScaleIn': True}}
    assert [i['LifecycleState'] for i in out['Instances']] == ['Warmed:Pending'] * 3
    emu.advance(2)
    assert [i['LifecycleState'] for i in warm(call)['Instances']] == ['Warmed:Stopped'] * 3
    g = group(call)
    assert g['WarmPoolSize'] == 3 and g['WarmPoolConfiguration']['PoolState'] == 'Stopped'
    # the warm instances are EC2 instances of the group
    assert len(asg.snapshot()['instances']) == 4
    # a fixed prepared capacity and a new pool state
    call('PutWarmPool', AutoScalingGroupName='g', MaxGroupPreparedCapacity=2, MinSize=0,
         PoolState='Running')
    emu.advance(2)
    out = warm(call)
    assert [i['LifecycleState'] for i in out['Instances']] == ['Warmed:Running']
    expect_error(lambda: call('PutWarmPool', AutoScalingGroupName='g',
                              MaxGroupPreparedCapacity=1, MinSize=2), 'ValidationError')
    # hashicorp's drain: capacity 0, wait for no instances, delete, wait for none
    call('PutWarmPool', AutoScalingGroupName='g', MaxGroupPreparedCapacity=0, MinSize=0)
    assert [i['LifecycleState'] for i in warm(call)['Instances']] == ['Warmed:Terminating']
    emu.advance(2)
    assert warm(call)['Instances'] == []
    call('DeleteWarmPool', AutoScalingGroupName='g')
    assert 'WarmPoolConfiguration' not in warm(call)
    # delete with instances: PendingDelete until they are gone
    call('PutWarmPool', AutoScalingGroupName='g', MinSize=1)
    emu.advance(2)
    call('DeleteWarmPool', AutoScalingGroupName='g', ForceDelete=True)
    assert warm(call)['WarmPoolConfiguration']['Status'] == 'PendingDelete'
    expect_error(lambda: call('PutWarmPool', AutoScalingGroupName='g'), 'ValidationError',
                 'being deleted')
    emu.advance(2)
    assert warm(call) == {'Instances': []}
    assert len(asg.snapshot()['instances']) == 1


def test_group_delete_takes_its_warm_pool(env):
    emu, asg, call, _ = env
    call('PutWarmPool', AutoScalingGroupName='g', MinSize=2)
    emu.advance(2)
    call('DeleteAutoScalingGroup', AutoScalingGroupName='g', ForceDelete=True)
    emu.advance(2)
    assert group(call) is None
    assert asg.snapshot()['instances'] == []


def test_lifecycle_hooks(env):
    _, _, call, _ = env
    assert call('DescribeLifecycleHooks', AutoScalingGroupName='g') == {'LifecycleHooks': []}
    call('PutLifecycleHook', AutoScalingGroupName='g', LifecycleHookName='launch',
         LifecycleTransition='autoscaling:EC2_INSTANCE_LAUNCHING')
    call('PutLifecycleHook', AutoScalingGroupName='g', LifecycleHookName='term',
         LifecycleTransition='autoscaling:EC2_INSTANCE_TERMINATING', HeartbeatTimeout=60,
         DefaultResult='CONTINUE', NotificationMetadata='{"a":1}',
         NotificationTargetARN='arn:aws:sqs:us-east-1:123456789012:q',
         RoleARN='arn:aws:iam::123456789012:role/hook')
    hooks = call('DescribeLifecycleHooks', AutoScalingGroupName='g')['LifecycleHooks']
    assert hooks[0] == {'LifecycleHookName': 'launch', 'AutoScalingGroupName': 'g',
                        'LifecycleTransition': 'autoscaling:EC2_INSTANCE_LAUNCHING',
                        'HeartbeatTimeout': 3600, 'GlobalTimeout': 172800,
                        'DefaultResult': 'ABANDON'}
    assert hooks[1]['HeartbeatTimeout'] == 60 and hooks[1]['GlobalTimeout'] == 6000
    assert hooks[1]['RoleARN'].endswith(':role/hook')
    only = call('DescribeLifecycleHooks', AutoScalingGroupName='g',
                LifecycleHookNames=['term'])['LifecycleHooks']
    assert [h['LifecycleHookName'] for h in only] == ['term']
    expect_error(lambda: call('PutLifecycleHook', AutoScalingGroupName='g',
                              LifecycleHookName='x'), 'ValidationError', 'LifecycleTransition')
    expect_error(lambda: call('PutLifecycleHook', AutoScalingGroupName='g',
                              LifecycleHookName='x', LifecycleTransition='autoscaling:NOPE'),
                 'ValidationError', 'Invalid Lifecycle Transition')
    expect_error(lambda: call('PutLifecycleHook', AutoScalingGroupName='nope',
                              LifecycleHookName='x'), 'ValidationError', 'not found')
    call('DeleteLifecycleHook', AutoScalingGroupName='g', LifecycleHookName='launch')
    expect_error(lambda: call('DeleteLifecycleHook', AutoScalingGroupName='g',
                              LifecycleHookName='launch'), 'ValidationError', 'No Lifecycle Hook')
    assert len(call('DescribeLifecycleHooks', AutoScalingGroupName='g')['LifecycleHooks']) == 1


def test_traffic_sources(env):
    emu, _, call, elb = env
    tg = elb('CreateTargetGroup', Name='web', Protocol='HTTP', Port=80,
             VpcId=VPC)['TargetGroups'][0]['TargetGroupArn']
    assert call('DescribeTrafficSources', AutoScalingGroupName='g') == {'TrafficSources': []}
    expect_error(lambda: call('AttachTrafficSources', AutoScalingGroupName='g',
                              TrafficSources=[{'Identifier': tg + 'x', 'Type': 'elbv2'}]),
                 'ValidationError')
    call('AttachTrafficSources', AutoScalingGroupName='g',
         TrafficSources=[{'Identifier': tg, 'Type': 'elbv2'}])
    out = call('DescribeTrafficSources', AutoScalingGroupName='g')['TrafficSources']
    assert out == [{'TrafficSource': tg, 'Identifier': tg, 'Type': 'elbv2', 'State': 'Adding'}]
    assert group(call)['TrafficSources'] == [{'Identifier': tg, 'Type': 'elbv2'}]
    assert group(call)['TargetGroupARNs'] == []
    emu.advance(3)
    group(call)
    # the group's InService instance is registered with the target group
    health = elb('DescribeTargetHealth', TargetGroupArn=tg)['TargetHealthDescriptions']
    assert len(health) == 1
    out = call('DescribeTrafficSources', AutoScalingGroupName='g',
               TrafficSourceType='elbv2')['TrafficSources']
    assert out[0]['State'] in ('Added', 'InService')
    assert call('DescribeTrafficSources', AutoScalingGroupName='g',
                TrafficSourceType='vpc-lattice') == {'TrafficSources': []}
    call('DetachTrafficSources', AutoScalingGroupName='g',
         TrafficSources=[{'Identifier': tg, 'Type': 'elbv2'}])
    out = call('DescribeTrafficSources', AutoScalingGroupName='g')['TrafficSources']
    assert [s['State'] for s in out] == ['Removing']
    assert group(call)['TrafficSources'] == []
    emu.advance(1)
    assert call('DescribeTrafficSources', AutoScalingGroupName='g') == {'TrafficSources': []}
    # at create
    call('CreateAutoScalingGroup', AutoScalingGroupName='t', LaunchConfigurationName='lc',
         MinSize=0, MaxSize=1, VPCZoneIdentifier=SUBNET_A,
         TrafficSources=[{'Identifier': tg, 'Type': 'elbv2'}])
    assert group(call, 't')['TrafficSources'] == [{'Identifier': tg, 'Type': 'elbv2'}]


# -- mixed instances policies, over the wire ----------------------------------------------

@pytest.fixture
def c(running):
    running[0].reset()
    running[0].services['autoscaling'].launch_seconds = 0.0
    return Client(running[1], AK, SK)


def test_mixed_instances_policy(c):
    vpc = c.call('ec2', 'CreateVpc', CidrBlock='10.9.0.0/16')['Vpc']['VpcId']
    sub = c.call('ec2', 'CreateSubnet', VpcId=vpc, CidrBlock='10.9.1.0/24',
                 AvailabilityZone='us-east-1a')['Subnet']['SubnetId']
    lt = c.call('ec2', 'CreateLaunchTemplate', LaunchTemplateName='mixed', LaunchTemplateData={
        'ImageId': IMAGE, 'InstanceType': 't3.small'})['LaunchTemplate']
    spec = {'LaunchTemplateName': 'mixed'}
    c.call('autoscaling', 'CreateAutoScalingGroup', AutoScalingGroupName='m', MinSize=1,
           MaxSize=2, VPCZoneIdentifier=sub, MixedInstancesPolicy={
               'InstancesDistribution': {'OnDemandBaseCapacity': 1, 'SpotMaxPrice': ''},
               'LaunchTemplate': {'LaunchTemplateSpecification': spec, 'Overrides': [
                   {'InstanceType': 'c5.large', 'WeightedCapacity': '2'},
                   {'InstanceRequirements': {'VCpuCount': {'Min': 2, 'Max': 4},
                                             'MemoryMiB': {'Min': 2048},
                                             'CpuManufacturers': ['intel']}}]}})
    g = c.call('autoscaling', 'DescribeAutoScalingGroups',
               AutoScalingGroupNames=['m'])['AutoScalingGroups'][0]
    mip = g['MixedInstancesPolicy']
    # AWS fills the distribution's defaults and drops an empty Spot price
    assert mip['InstancesDistribution'] == {
        'OnDemandAllocationStrategy': 'prioritized', 'OnDemandBaseCapacity': 1,
        'OnDemandPercentageAboveBaseCapacity': 100, 'SpotAllocationStrategy': 'lowest-price',
        'SpotInstancePools': 2}
    assert mip['LaunchTemplate']['LaunchTemplateSpecification'] == {
        'LaunchTemplateId': lt['LaunchTemplateId'], 'LaunchTemplateName': 'mixed'}
    over = mip['LaunchTemplate']['Overrides']
    assert over[0] == {'InstanceType': 'c5.large', 'WeightedCapacity': '2'}
    assert over[1]['InstanceRequirements']['VCpuCount'] == {'Min': 2, 'Max': 4}
    assert over[1]['InstanceRequirements']['CpuManufacturers'] == ['intel']
    with pytest.raises(AwsCallError) as ei:
        c.call('autoscaling', 'PutWarmPool', AutoScalingGroupName='m')
    assert 'mixed instances policy' in ei.value.message
    with pytest.raises(AwsCallError) as ei:
        c.call('autoscaling', 'UpdateAutoScalingGroup', AutoScalingGroupName='m',
               MixedInstancesPolicy={'InstancesDistribution': {
                   'SpotAllocationStrategy': 'cheapest'},
                   'LaunchTemplate': {'LaunchTemplateSpecification': spec}})
    assert ei.value.code == 'ValidationError' and 'SpotAllocationStrategy' in ei.value.message
    with pytest.raises(AwsCallError) as ei:
        c.call('autoscaling', 'UpdateAutoScalingGroup', AutoScalingGroupName='m',
               MixedInstancesPolicy={'LaunchTemplate': {
                   'LaunchTemplateSpecification': spec, 'Overrides': [
                       {'InstanceType': 'c5.large',
                        'InstanceRequirements': {'VCpuCount': {'Min': 1},
                                                 'MemoryMiB': {'Min': 1}}}]}})
    assert 'not both' in ei.value.message
    c.call('autoscaling', 'DeleteAutoScalingGroup', AutoScalingGroupName='m', ForceDelete=True)

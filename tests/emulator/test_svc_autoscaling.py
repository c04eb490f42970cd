"""Unit tests of the Auto Scaling service, driven directly with boto3-style params."""

import json
import re

import pytest

import svc_autoscaling
import svc_elbv2
from errors import AwsError
from svc_testkit import (SG, SUBNET_A, SUBNET_B, SUBNET_OTHER_VPC, VPC, Driver, FakeEmu,
                         expect_error)


@pytest.fixture
def env():
    emu = FakeEmu()
    asg = emu.add(svc_autoscaling.Service)
    elb = emu.add(svc_elbv2.Service)
    call = Driver(asg)
    call('CreateLaunchConfiguration', LaunchConfigurationName='ecs-lc', ImageId='ami-12345678',
         InstanceType='t3.micro', SecurityGroups=[SG], UserData='ZWNobyBoaQ==')
    return emu, asg, call, Driver(elb)


def make_group(call, name='ecs-asg', **extra):
    params = dict(AutoScalingGroupName=name, LaunchConfigurationName='ecs-lc', MinSize=1,
                  MaxSize=4, DesiredCapacity=2, VPCZoneIdentifier='%s,%s' % (SUBNET_A, SUBNET_B))
    params.update(extra)
    call('CreateAutoScalingGroup', **params)
    return describe(call, name)


def describe(call, name='ecs-asg'):
    groups = call('DescribeAutoScalingGroups', AutoScalingGroupNames=[name])['AutoScalingGroups']
    return groups[0] if groups else None


def states(group):
    return sorted(i['LifecycleState'] for i in group['Instances'])


# -- launch configurations --------------------------------------------------------------

def test_launch_configuration_defaults(env):
    emu, _, call, _ = env
    lc = call('DescribeLaunchConfigurations',
              LaunchConfigurationNames=['ecs-lc'])['LaunchConfigurations'][0]
    assert re.fullmatch(r'arn:aws:autoscaling:us-east-1:123456789012:launchConfiguration:'
                        r'[0-9a-f-]{36}:launchConfigurationName/ecs-lc',
                        lc['LaunchConfigurationARN'])
    assert lc['ImageId'] == 'ami-12345678' and lc['InstanceType'] == 't3.micro'
    assert lc['KeyName'] == '' and lc['KernelId'] == '' and lc['RamdiskId'] == ''
    assert lc['UserData'] == 'ZWNobyBoaQ==' and lc['SecurityGroups'] == [SG]
    assert lc['InstanceMonitoring'] == {'Enabled': True} and lc['EbsOptimized'] is False
    assert lc['BlockDeviceMappings'] == [] and 'AssociatePublicIpAddress' not in lc
    assert lc['LaunchConfigurationARN'] in emu.created
    assert call('DescribeLaunchConfigurations',
                LaunchConfigurationNames=['missing'])['LaunchConfigurations'] == []


def test_launch_configuration_errors(env):
    emu, _, call, _ = env
    expect_error(lambda: call('CreateLaunchConfiguration', LaunchConfigurationName='ecs-lc',
                              ImageId='ami-1', InstanceType='t3.micro'),
                 'AlreadyExists', 'ecs-lc')
    expect_error(lambda: call('CreateLaunchConfiguration', LaunchConfigurationName='x',
                              InstanceType='t3.micro'), 'ValidationError')
    expect_error(lambda: call('DeleteLaunchConfiguration', LaunchConfigurationName='nope'),
                 'ValidationError', 'Launch configuration name not found')
    lc = call('DescribeLaunchConfigurations')['LaunchConfigurations'][0]
    emu.hidden_ids.add(lc['LaunchConfigurationARN'])
    assert call('DescribeLaunchConfigurations')['LaunchConfigurations'] == []


# -- groups ------------------------------------------------------------------------------

def test_create_group_launches_instances(env):
    emu, asg, call, _ = env
    g = make_group(call, Tags=[{'Key': 'Name', 'Value': 'ecs', 'PropagateAtLaunch': True},
                               {'Key': 'team', 'Value': 'x', 'PropagateAtLaunch': False}])
    assert re.fullmatch(r'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:'
                        r'[0-9a-f-]{36}:autoScalingGroupName/ecs-asg', g['AutoScalingGroupARN'])
    assert g['MinSize'] == 1 and g['MaxSize'] == 4 and g['DesiredCapacity'] == 2
    assert g['DefaultCooldown'] == 300 and g['HealthCheckType'] == 'EC2'
    assert g['AvailabilityZones'] == ['us-east-1a', 'us-east-1b']
    assert g['VPCZoneIdentifier'] == '%s,%s' % (SUBNET_A, SUBNET_B)
    assert g['TerminationPolicies'] == ['Default'] and 'Status' not in g
    assert g['Tags'][0] == {'ResourceId': 'ecs-asg', 'ResourceType': 'auto-scaling-group',
                            'Key': 'Name', 'Value': 'ecs', 'PropagateAtLaunch': True}
    assert states(g) == ['Pending', 'Pending']
    assert sorted(i['AvailabilityZone'] for i in g['Instances']) == ['us-east-1a', 'us-east-1b']
    assert all(i['LaunchConfigurationName'] == 'ecs-lc' for i in g['Instances'])
    launches = emu.services['ec2'].launches
    assert len(launches) == 2
    first = launches[0]
    assert (first['image'], first['type'], first['sgs'], first['user_data']) == (
        'ami-12345678', 't3.micro', [SG], 'ZWNobyBoaQ==')
    assert first['tags'] == {'aws:autoscaling:groupName': 'ecs-asg', 'Name': 'ecs'}
    assert first['key_name'] is None and first['profile'] is None
    assert {launches[0]['subnet'], launches[1]['subnet']} == {SUBNET_A, SUBNET_B}
    emu.advance(2)
    g = describe(call)
    assert states(g) == ['InService', 'InService']
    acts = call('DescribeScalingActivities', AutoScalingGroupName='ecs-asg')['Activities']
    assert len(acts) == 2 and all(a['StatusCode'] == 'Successful' for a in acts)
    assert acts[0]['Description'].startswith('Launching a new EC2 instance: i-')
    assert 'a user request created an AutoScalingGroup' in acts[0]['Cause']
    assert json.loads(acts[0]['Details'])['Availability Zone'] in ('us-east-1a', 'us-east-1b')
    assert asg.snapshot()['auto_scaling_groups'] == ['ecs-asg']
    assert len(asg.snapshot()['instances']) == 2


def test_create_group_validation(env):
    _, _, call, _ = env
    base = dict(AutoScalingGroupName='g', MinSize=1, MaxSize=2, VPCZoneIdentifier=SUBNET_A)
    expect_error(lambda: call('CreateAutoScalingGroup', **base), 'ValidationError',
                 'Valid requests must contain either LaunchTemplate, LaunchConfigurationName')
    base['LaunchConfigurationName'] = 'ecs-lc'
    expect_error(lambda: call('CreateAutoScalingGroup', **dict(base,
                                                             LaunchConfigurationName='nope')),
                 'ValidationError', 'Launch configuration name not found')
    expect_error(lambda: call('CreateAutoScalingGroup', **dict(base, MinSize=3)),
                 'ValidationError', 'Max bound, 2, must be greater than or equal to min bound, 3')
    expect_error(lambda: call('CreateAutoScalingGroup', **dict(base, DesiredCapacity=5)),
                 'ValidationError', 'Desired capacity:5 must be between the specified min size:1 '
                                    'and max size:2')
    expect_error(lambda: call('CreateAutoScalingGroup', **dict(base, VPCZoneIdentifier=
                                                             'subnet-0000000000000bad0')),
                 'ValidationError', 'subnet-0000000000000bad0')
    expect_error(lambda: call('CreateAutoScalingGroup', **dict(
        base, VPCZoneIdentifier='%s,%s' % (SUBNET_A, SUBNET_OTHER_VPC))), 'ValidationError')
    no_zone = dict(base)
    del no_zone['VPCZoneIdentifier']
    expect_error(lambda: call('CreateAutoScalingGroup', **no_zone), 'ValidationError',
                 'At least one Availability Zone or VPC Subnet is required.')
    expect_error(lambda: call('CreateAutoScalingGroup', **dict(
        base, TargetGroupARNs=['arn:aws:elasticloadbalancing:us-east-1:123456789012:'
                               'targetgroup/x/0123456789abcdef'])),
        'ValidationError', 'Provided Target Groups may not be valid')
    expect_error(lambda: call('CreateAutoScalingGroup', **dict(base, HealthCheckType='HTTP')),
                 'ValidationError')
    call('CreateAutoScalingGroup', **base)
    assert describe(call, 'g')['DesiredCapacity'] == 1
    expect_error(lambda: call('CreateAutoScalingGroup', **base), 'AlreadyExists',
                 'AutoScalingGroup by this name already exists')


def test_describe_groups_missing_filters_and_hidden(env):
    emu, _, call, _ = env
    g = make_group(call, Tags=[{'Key': 'env', 'Value': 'prod'}])
    make_group(call, name='other')
    assert call('DescribeAutoScalingGroups',
                AutoScalingGroupNames=['missing'])['AutoScalingGroups'] == []
    found = call('DescribeAutoScalingGroups',
                 Filters=[{'Name': 'tag:env', 'Values': ['prod']}])['AutoScalingGroups']
    assert [x['AutoScalingGroupName'] for x in found] == ['ecs-asg']
    page = call('DescribeAutoScalingGroups', MaxRecords=1)
    assert len(page['AutoScalingGroups']) == 1 and page['NextToken']
    rest = call('DescribeAutoScalingGroups', NextToken=page['NextToken'])['AutoScalingGroups']
    assert [x['AutoScalingGroupName'] for x in rest] == ['other']
    expect_error(lambda: call('DescribeAutoScalingGroups', NextToken='garbage!'),
                 'InvalidNextToken')
    emu.hidden_ids.add(g['AutoScalingGroupARN'])
    assert describe(call) is None


def test_scale_up_and_down(env):
    emu, _, call, _ = env
    make_group(call)
    emu.advance(2)
    call('UpdateAutoScalingGroup', AutoScalingGroupName='ecs-asg', DesiredCapacity=4)
    g = describe(call)
    assert states(g) == ['InService', 'InService', 'Pending', 'Pending']
    zones = sorted(i['AvailabilityZone'] for i in g['Instances'])
    assert zones == ['us-east-1a', 'us-east-1a', 'us-east-1b', 'us-east-1b']
    emu.advance(2)
    call('UpdateAutoScalingGroup', AutoScalingGroupName='ecs-asg', MaxSize=1)
    g = describe(call)
    assert g['DesiredCapacity'] == 1 and g['MaxSize'] == 1
    assert states(g) == ['InService', 'Terminating', 'Terminating', 'Terminating']
    emu.advance(2)
    g = describe(call)
    assert states(g) == ['InService']
    ec2 = emu.services['ec2']
    terminated = [i for i, rec in ec2.instances.items() if rec['State']['Name'] == 'terminated']
    assert len(terminated) == 3
    acts = call('DescribeScalingActivities', AutoScalingGroupName='ecs-asg')['Activities']
    assert acts[0]['Description'].startswith('Terminating EC2 instance: i-')
    assert 'shrinking the capacity from 4 to 1' in acts[0]['Cause']
    expect_error(lambda: call('UpdateAutoScalingGroup', AutoScalingGroupName='ecs-asg',
                              DesiredCapacity=3), 'ValidationError', 'Desired capacity:3')
    expect_error(lambda: call('UpdateAutoScalingGroup', AutoScalingGroupName='nope',
                              DesiredCapacity=1),
                 'ValidationError', 'AutoScalingGroup name not found - AutoScalingGroup nope '
                                    'not found')


def test_scale_in_protection(env):
    emu, _, call, _ = env
    g = make_group(call)
    emu.advance(2)
    ids = [i['InstanceId'] for i in g['Instances']]
    call('SetInstanceProtection', AutoScalingGroupName='ecs-asg', InstanceIds=ids[:1],
         ProtectedFromScaleIn=True)
    call('UpdateAutoScalingGroup', AutoScalingGroupName='ecs-asg', MinSize=0, DesiredCapacity=0)
    g = describe(call)
    by_id = {i['InstanceId']: i for i in g['Instances']}
    assert by_id[ids[0]]['LifecycleState'] == 'InService'
    assert by_id[ids[0]]['ProtectedFromScaleIn'] is True
    assert by_id[ids[1]]['LifecycleState'] == 'Terminating'
    expect_error(lambda: call('SetInstanceProtection', AutoScalingGroupName='ecs-asg',
                              InstanceIds=['i-0000000000000beef'], ProtectedFromScaleIn=False),
                 'ValidationError', 'is not part of Auto Scaling group ecs-asg')
    call('SetInstanceProtection', AutoScalingGroupName='ecs-asg', InstanceIds=ids[:1],
         ProtectedFromScaleIn=False)
    g = describe(call)
    assert {i['InstanceId']: i['LifecycleState'] for i in g['Instances']}[ids[0]] == \
        'Terminating'


def test_delete_group_drain_then_delete(env):
    emu, asg, call, _ = env
    make_group(call)
    expect_error(lambda: call('DeleteAutoScalingGroup', AutoScalingGroupName='ecs-asg'),
                 'ScalingActivityInProgress')
    emu.advance(2)
    expect_error(lambda: call('DeleteAutoScalingGroup', AutoScalingGroupName='ecs-asg'),
                 'ResourceInUse')
    call('UpdateAutoScalingGroup', AutoScalingGroupName='ecs-asg', MinSize=0, MaxSize=0,
         DesiredCapacity=0)
    emu.advance(2)
    assert describe(call)['Instances'] == []
    call('DeleteAutoScalingGroup', AutoScalingGroupName='ecs-asg')
    assert describe(call)['Status'] == 'Delete in progress'
    expect_error(lambda: call('DeleteLaunchConfiguration', LaunchConfigurationName='ecs-lc'),
                 'ResourceInUse', 'attached to AutoScalingGroup ecs-asg')
    emu.advance(2)
    assert describe(call) is None
    expect_error(lambda: call('DeleteAutoScalingGroup', AutoScalingGroupName='ecs-asg'),
                 'ValidationError', 'AutoScalingGroup name not found')
    assert call('DescribeScalingActivities', AutoScalingGroupName='ecs-asg')['Activities'] == []
    old = call('DescribeScalingActivities', AutoScalingGroupName='ecs-asg',
               IncludeDeletedGroups=True)['Activities']
    assert old and all(a['AutoScalingGroupState'] == 'Deleted' for a in old)
    call('DeleteLaunchConfiguration', LaunchConfigurationName='ecs-lc')
    assert asg.snapshot() == {'launch_configurations': [], 'auto_scaling_groups': [],
                              'instances': []}


def test_force_delete_terminates_instances(env):
    emu, _, call, _ = env
    g = make_group(call)
    call('DeleteAutoScalingGroup', AutoScalingGroupName='ecs-asg', ForceDelete=True)
    g = describe(call)
    assert g['Status'] == 'Delete in progress' and states(g) == ['Terminating', 'Terminating']
    ec2 = emu.services['ec2']
    assert all(rec['State']['Name'] == 'terminated' for rec in ec2.instances.values())
    expect_error(lambda: call('UpdateAutoScalingGroup', AutoScalingGroupName='ecs-asg',
                              DesiredCapacity=1), 'ValidationError')
    emu.advance(2)
    assert describe(call) is None


def test_failed_launch_is_recorded_and_retried(env):
    emu, asg, call, _ = env
    ec2 = emu.services['ec2']
    ec2.fail_launch = AwsError('InvalidAMIID.NotFound', "The image id '[ami-12345678]' does "
                                                        "not exist")
    g = make_group(call, DesiredCapacity=1)
    assert g['Instances'] == []
    act = call('DescribeScalingActivities', AutoScalingGroupName='ecs-asg')['Activities'][0]
    assert act['StatusCode'] == 'Failed' and 'ami-12345678' in act['StatusMessage']
    ec2.fail_launch = None
    emu.advance(1)
    assert describe(call)['Instances'] == []      # still waiting before the retry
    emu.advance(asg.retry_seconds)
    assert states(describe(call)) == ['Pending']


def test_target_group_registration(env):
    emu, _, call, elb = env
    tg = elb('CreateTargetGroup', Name='ecs', Protocol='HTTP', Port=80,
             VpcId=VPC)['TargetGroups'][0]['TargetGroupArn']
    lb = elb('CreateLoadBalancer', Name='alb', Subnets=[SUBNET_A, SUBNET_B],
             SecurityGroups=[SG])['LoadBalancers'][0]['LoadBalancerArn']
    elb('CreateListener', LoadBalancerArn=lb, Port=80, Protocol='HTTP',
        DefaultActions=[{'Type': 'forward', 'TargetGroupArn': tg}])
    g = make_group(call, TargetGroupARNs=[tg])
    assert g['TargetGroupARNs'] == [tg]
    assert g['TrafficSources'] == [{'Identifier': tg, 'Type': 'elbv2'}]
    assert elb('DescribeTargetHealth', TargetGroupArn=tg)['TargetHealthDescriptions'] == []
    states_ = call('DescribeLoadBalancerTargetGroups',
                   AutoScalingGroupName='ecs-asg')['LoadBalancerTargetGroups']
    assert states_ == [{'LoadBalancerTargetGroupARN': tg, 'State': 'Added'}]
    emu.advance(2)
    describe(call)              # the group moves instances to InService and registers them
    health = elb('DescribeTargetHealth', TargetGroupArn=tg)['TargetHealthDescriptions']
    assert sorted(h['Target']['Id'] for h in health) == sorted(
        i['InstanceId'] for i in describe(call)['Instances'])
    emu.advance(2)
    states_ = call('DescribeLoadBalancerTargetGroups',
                   AutoScalingGroupName='ecs-asg')['LoadBalancerTargetGroups']
    assert states_[0]['State'] == 'InService'
    call('DetachLoadBalancerTargetGroups', AutoScalingGroupName='ecs-asg', TargetGroupARNs=[tg])
    assert describe(call)['TargetGroupARNs'] == []
    health = elb('DescribeTargetHealth', TargetGroupArn=tg)['TargetHealthDescriptions']
    assert {h['TargetHealth']['State'] for h in health} == {'draining'}
    call('AttachLoadBalancerTargetGroups', AutoScalingGroupName='ecs-asg', TargetGroupARNs=[tg])
    emu.advance(5)
    health = elb('DescribeTargetHealth', TargetGroupArn=tg)['TargetHealthDescriptions']
    assert len(health) == 2 and {h['TargetHealth']['State'] for h in health} == {'healthy'}
    expect_error(lambda: call('AttachLoadBalancerTargetGroups', AutoScalingGroupName='ecs-asg',
                              TargetGroupARNs=[tg + '0']), 'ValidationError')


def test_tags(env):
    _, _, call, _ = env
    make_group(call)
    make_group(call, name='other')
    call('CreateOrUpdateTags', Tags=[
        {'ResourceId': 'ecs-asg', 'ResourceType': 'auto-scaling-group', 'Key': 'a',
         'Value': '1', 'PropagateAtLaunch': True},
        {'ResourceId': 'other', 'ResourceType': 'auto-scaling-group', 'Key': 'b', 'Value': '2'}])
    assert [t['Key'] for t in describe(call)['Tags']] == ['a']
    tags = call('DescribeTags', Filters=[{'Name': 'auto-scaling-group',
                                          'Values': ['other']}])['Tags']
    assert tags == [{'ResourceId': 'other', 'ResourceType': 'auto-scaling-group', 'Key': 'b',
                     'Value': '2', 'PropagateAtLaunch': False}]
    assert len(call('DescribeTags')['Tags']) == 2
    assert call('DescribeTags', Filters=[{'Name': 'propagate-at-launch',
                                          'Values': ['true']}])['Tags'][0]['Key'] == 'a'
    call('DeleteTags', Tags=[{'ResourceId': 'ecs-asg', 'ResourceType': 'auto-scaling-group',
                              'Key': 'a'}])
    assert describe(call)['Tags'] == []
    expect_error(lambda: call('CreateOrUpdateTags', Tags=[
        {'ResourceId': 'nope', 'ResourceType': 'auto-scaling-group', 'Key': 'a'}]),
        'ValidationError', 'AutoScalingGroup name not found')
    expect_error(lambda: call('CreateOrUpdateTags', Tags=[
        {'ResourceId': 'ecs-asg', 'ResourceType': 'auto-scaling-group', 'Key': 'k%d' % i}
        for i in range(51)]), 'LimitExceeded')


def test_suspend_resume_and_metrics(env):
    emu, _, call, _ = env
    make_group(call, DesiredCapacity=1)
    call('SuspendProcesses', AutoScalingGroupName='ecs-asg', ScalingProcesses=['Launch'])
    g = describe(call)
    assert [p['ProcessName'] for p in g['SuspendedProcesses']] == ['Launch']
    assert g['SuspendedProcesses'][0]['SuspensionReason'].startswith('User suspended at ')
    call('UpdateAutoScalingGroup', AutoScalingGroupName='ecs-asg', DesiredCapacity=3)
    assert len(describe(call)['Instances']) == 1
    call('ResumeProcesses', AutoScalingGroupName='ecs-asg')
    assert describe(call)['SuspendedProcesses'] == [] and len(describe(call)['Instances']) == 3
    expect_error(lambda: call('SuspendProcesses', AutoScalingGroupName='ecs-asg',
                              ScalingProcesses=['Nap']), 'ValidationError')
    call('EnableMetricsCollection', AutoScalingGroupName='ecs-asg', Granularity='1Minute',
         Metrics=['GroupMinSize', 'GroupMaxSize'])
    assert describe(call)['EnabledMetrics'] == [
        {'Metric': 'GroupMinSize', 'Granularity': '1Minute'},
        {'Metric': 'GroupMaxSize', 'Granularity': '1Minute'}]
    call('DisableMetricsCollection', AutoScalingGroupName='ecs-asg', Metrics=['GroupMinSize'])
    assert [m['Metric'] for m in describe(call)['EnabledMetrics']] == ['GroupMaxSize']
    expect_error(lambda: call('EnableMetricsCollection', AutoScalingGroupName='ecs-asg',
                              Granularity='5Minute'), 'ValidationError')
    call('EnableMetricsCollection', AutoScalingGroupName='ecs-asg', Granularity='1Minute')
    assert len(describe(call)['EnabledMetrics']) == 20


def test_lifecycle_hooks_and_warm_pool(env):
    _, _, call, _ = env
    make_group(call)
    assert call('DescribeLifecycleHooks', AutoScalingGroupName='ecs-asg') == {
        'LifecycleHooks': []}
    assert call('DescribeWarmPool', AutoScalingGroupName='ecs-asg') == {'Instances': []}
    expect_error(lambda: call('DescribeWarmPool', AutoScalingGroupName='nope'),
                 'ValidationError', 'AutoScalingGroup name not found')


def test_unknown_operation_and_reset(env):
    _, asg, call, _ = env
    expect_error(lambda: asg.handle('PutScheduledUpdateGroupAction', {}), 'InvalidAction')
    make_group(call)
    asg.reset()
    assert asg.snapshot() == {'launch_configurations': [], 'auto_scaling_groups': [],
                              'instances': []}


# -- scaling policies --------------------------------------------------------------------------

def test_scaling_policies(env):
    _, _, call, _ = env
    make_group(call, 'pol-g', MinSize=0, DesiredCapacity=0)

    def err(**kw):
        with pytest.raises(AwsError) as ei:
            call('PutScalingPolicy', AutoScalingGroupName='pol-g', **kw)
        assert ei.value.code == 'ValidationError'
        return ei.value.message

    assert 'ScalingAdjustment is required' in err(PolicyName='s')
    assert 'Cooldown is not supported' in err(PolicyName='s', PolicyType='StepScaling',
                                              Cooldown=30)
    assert 'StepAdjustments is required' in err(PolicyName='s', PolicyType='StepScaling',
                                                AdjustmentType='ChangeInCapacity')
    assert 'TargetTrackingConfiguration is required' in err(
        PolicyName='s', PolicyType='TargetTrackingScaling')
    simple = call('PutScalingPolicy', AutoScalingGroupName='pol-g', PolicyName='up',
                  AdjustmentType='ChangeInCapacity', ScalingAdjustment=1, Cooldown=60)
    assert re.fullmatch(r'arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:'
                        r'[0-9a-f-]{36}:autoScalingGroupName/pol-g:policyName/up',
                        simple['PolicyARN'])
    call('PutScalingPolicy', AutoScalingGroupName='pol-g', PolicyName='step',
         PolicyType='StepScaling', AdjustmentType='ChangeInCapacity',
         StepAdjustments=[{'MetricIntervalLowerBound': 0.0, 'ScalingAdjustment': 1}])
    tt = call('PutScalingPolicy', AutoScalingGroupName='pol-g', PolicyName='cpu',
              PolicyType='TargetTrackingScaling',
              TargetTrackingConfiguration={
                  'PredefinedMetricSpecification': {
                      'PredefinedMetricType': 'ASGAverageCPUUtilization'},
                  'TargetValue': 50.0})
    assert len(tt['Alarms']) == 2
    out = call('DescribePolicies', AutoScalingGroupName='pol-g')
    by = {x['PolicyName']: x for x in out['ScalingPolicies']}
    assert by['up']['ScalingAdjustment'] == 1 and by['up']['Cooldown'] == 60
    assert by['up']['PolicyARN'] == simple['PolicyARN'] and by['up']['Enabled'] is True
    assert by['step']['MetricAggregationType'] == 'Average'
    assert by['cpu']['TargetTrackingConfiguration']['TargetValue'] == 50.0
    assert by['cpu']['TargetTrackingConfiguration']['DisableScaleIn'] is False
    # replaced in place, same ARN
    call('PutScalingPolicy', AutoScalingGroupName='pol-g', PolicyName='up',
         AdjustmentType='ChangeInCapacity', ScalingAdjustment=2)
    out = call('DescribePolicies', AutoScalingGroupName='pol-g', PolicyNames=['up'])
    assert out['ScalingPolicies'][0]['ScalingAdjustment'] == 2
    assert out['ScalingPolicies'][0]['PolicyARN'] == simple['PolicyARN']
    assert [x['PolicyName'] for x in call('DescribePolicies', PolicyTypes=['StepScaling'])[
        'ScalingPolicies']] == ['step']
    call('DeletePolicy', AutoScalingGroupName='pol-g', PolicyName='up')
    with pytest.raises(AwsError) as ei:
        call('DeletePolicy', AutoScalingGroupName='pol-g', PolicyName='up')
    assert 'not found' in ei.value.message
    call('DeletePolicy', PolicyName=by['step']['PolicyARN'])
    assert [x['PolicyName'] for x in call('DescribePolicies', AutoScalingGroupName='pol-g')[
        'ScalingPolicies']] == ['cpu']
    with pytest.raises(AwsError) as ei:
        call('DescribePolicies', AutoScalingGroupName='nope')
    assert 'not found' in ei.value.message


# -- instance refreshes ------------------------------------------------------------------------

def test_instance_refreshes(env):
    emu, asg, call, _ = env
    make_group(call, 'ref-g', MinSize=0, DesiredCapacity=0)
    asg.refresh_seconds = 60.0
    rid = call('StartInstanceRefresh', AutoScalingGroupName='ref-g', Strategy='Rolling',
               Preferences={'MinHealthyPercentage': 90, 'SkipMatching': False})['InstanceRefreshId']
    expect_error(lambda: call('StartInstanceRefresh', AutoScalingGroupName='ref-g'),
                 'InstanceRefreshInProgress')
    out = call('DescribeInstanceRefreshes', AutoScalingGroupName='ref-g')['InstanceRefreshes']
    assert [(r['InstanceRefreshId'], r['Status']) for r in out] == [(rid, 'InProgress')]
    assert out[0]['Preferences']['MinHealthyPercentage'] == 90
    assert call('CancelInstanceRefresh', AutoScalingGroupName='ref-g')['InstanceRefreshId'] == rid
    expect_error(lambda: call('CancelInstanceRefresh', AutoScalingGroupName='ref-g'),
                 'ActiveInstanceRefreshNotFound')
    asg.refresh_seconds = 0.0
    rid2 = call('StartInstanceRefresh', AutoScalingGroupName='ref-g')['InstanceRefreshId']
    out = call('DescribeInstanceRefreshes', AutoScalingGroupName='ref-g')['InstanceRefreshes']
    assert [(r['InstanceRefreshId'], r['Status']) for r in out] == [(rid2, 'Successful'),
                                                                    (rid, 'Cancelled')]
    assert out[0]['Strategy'] == 'Rolling'

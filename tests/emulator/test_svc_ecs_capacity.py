"""Unit tests of ECS capacity providers (on an Auto Scaling group of svc_autoscaling),
cluster capacity providers, services on them, and Application Auto Scaling
targets and policies of those services."""

import pytest

import svc_application_autoscaling
import svc_autoscaling
import svc_ecs
from svc_testkit import SG, SUBNET_A, SUBNET_B, Driver, FakeEmu, expect_error

RID = 'service/c1/web'
DIM = 'ecs:service:DesiredCount'


@pytest.fixture
def env():
    emu = FakeEmu()
    ecs = emu.add(svc_ecs.Service)
    asg = emu.add(svc_autoscaling.Service)
    aas = emu.add(svc_application_autoscaling.Service)
    acall = Driver(asg)
    acall('CreateLaunchConfiguration', LaunchConfigurationName='lc', ImageId='ami-12345678',
          InstanceType='t3.micro', SecurityGroups=[SG])
    acall('CreateAutoScalingGroup', AutoScalingGroupName='g1', LaunchConfigurationName='lc',
          MinSize=0, MaxSize=2, VPCZoneIdentifier='%s,%s' % (SUBNET_A, SUBNET_B))
    arn = acall('DescribeAutoScalingGroups', AutoScalingGroupNames=['g1'])[
        'AutoScalingGroups'][0]['AutoScalingGroupARN']
    return emu, ecs, Driver(ecs), Driver(aas), arn


def test_capacity_provider_lifecycle(env):
    emu, ecs, call, _, asg_arn = env
    out = call('CreateCapacityProvider', name='cp1', tags=[{'key': 'k', 'value': 'v'}],
               autoScalingGroupProvider={'autoScalingGroupArn': asg_arn,
                                         'managedScaling': {'targetCapacity': 80}})
    cp = out['capacityProvider']
    assert cp['status'] == 'ACTIVE' and cp['name'] == 'cp1'
    ms = cp['autoScalingGroupProvider']['managedScaling']
    assert ms == {'status': 'ENABLED', 'targetCapacity': 80, 'minimumScalingStepSize': 1,
                  'maximumScalingStepSize': 10000, 'instanceWarmupPeriod': 300}
    assert cp['autoScalingGroupProvider']['managedTerminationProtection'] == 'DISABLED'
    assert cp['autoScalingGroupProvider']['managedDraining'] == 'ENABLED'
    expect_error(lambda: call('CreateCapacityProvider', name='cp1',
                              autoScalingGroupProvider={'autoScalingGroupArn': asg_arn}),
                 'ClientException', 'already exists')
    expect_error(lambda: call('CreateCapacityProvider', name='cp2',
                              autoScalingGroupProvider={'autoScalingGroupArn': asg_arn}),
                 'ClientException', 'already being used')
    expect_error(lambda: call('CreateCapacityProvider', name='ecs-x',
                              autoScalingGroupProvider={'autoScalingGroupArn': asg_arn}),
                 'ClientException', 'cannot begin')
    expect_error(lambda: call('CreateCapacityProvider', name='cp3',
                              autoScalingGroupProvider={'autoScalingGroupArn': asg_arn + 'x'}),
                 'ClientException', 'does not exist')
    d = call('DescribeCapacityProviders', capacityProviders=[cp['capacityProviderArn']],
             include=['TAGS'])['capacityProviders'][0]
    assert d['tags'] == [{'key': 'k', 'value': 'v'}]
    # Update: in progress for a moment, then complete.
    call('UpdateCapacityProvider', name='cp1',
         autoScalingGroupProvider={'managedScaling': {'targetCapacity': 90}})
    d = call('DescribeCapacityProviders', capacityProviders=['cp1'])['capacityProviders'][0]
    assert d['updateStatus'] == 'UPDATE_IN_PROGRESS'
    assert d['autoScalingGroupProvider']['managedScaling']['targetCapacity'] == 90
    expect_error(lambda: call('UpdateCapacityProvider', name='cp1',
                              autoScalingGroupProvider={'managedDraining': 'DISABLED'}),
                 'UpdateInProgressException')
    emu.advance(1)
    d = call('DescribeCapacityProviders', capacityProviders=['cp1'])['capacityProviders'][0]
    assert d['updateStatus'] == 'UPDATE_COMPLETE'
    expect_error(lambda: call('UpdateCapacityProvider', name='cp1',
                              autoScalingGroupProvider={'managedScaling': {
                                  'minimumScalingStepSize': 5, 'maximumScalingStepSize': 2}}),
                 'InvalidParameterException')
    # Model limits: target capacity 1..100.
    assert call.svc.handle  # the Driver refuses what the model refuses:
    with pytest.raises(AssertionError):
        call('UpdateCapacityProvider', name='cp1',
             autoScalingGroupProvider={'managedScaling': {'targetCapacity': 101}})
    # Delete: DELETE_IN_PROGRESS, then INACTIVE.
    call('DeleteCapacityProvider', capacityProvider='cp1')
    emu.advance(2)
    d = call('DescribeCapacityProviders', capacityProviders=['cp1'])['capacityProviders'][0]
    assert d['status'] == 'INACTIVE'
    assert ecs.snapshot()['capacity_providers'] == []
    expect_error(lambda: call('DeleteCapacityProvider', capacityProvider='cp1'),
                 'ClientException', 'does not exist')


def test_cluster_providers_and_service_strategy(env):
    emu, ecs, call, _, asg_arn = env
    call('CreateCapacityProvider', name='cp1',
         autoScalingGroupProvider={'autoScalingGroupArn': asg_arn})
    call('CreateCluster', clusterName='c1')
    out = call('PutClusterCapacityProviders', cluster='c1', capacityProviders=['cp1', 'FARGATE'],
               defaultCapacityProviderStrategy=[{'capacityProvider': 'cp1', 'weight': 1,
                                                 'base': 1}])
    assert out['cluster']['capacityProviders'] == ['cp1', 'FARGATE']
    expect_error(lambda: call('DeleteCapacityProvider', capacityProvider='cp1'),
                 'ClientException', 'in use')
    call('RegisterTaskDefinition', family='web', containerDefinitions=[
        {'name': 'web', 'image': 'nginx', 'memory': 128}])
    svc = call('CreateService', cluster='c1', serviceName='web', taskDefinition='web',
               desiredCount=1,
               capacityProviderStrategy=[{'capacityProvider': 'cp1', 'weight': 1}])['service']
    assert svc['capacityProviderStrategy'] == [{'capacityProvider': 'cp1', 'weight': 1}]
    assert 'launchType' not in svc
    expect_error(lambda: call('PutClusterCapacityProviders', cluster='c1',
                              capacityProviders=['FARGATE'],
                              defaultCapacityProviderStrategy=[]),
                 'ResourceInUseException')
    first = svc['deployments'][0]['id']
    svc = call('UpdateService', cluster='c1', service='web', forceNewDeployment=True,
               capacityProviderStrategy=[{'capacityProvider': 'cp1', 'weight': 2}])['service']
    assert svc['capacityProviderStrategy'][0]['weight'] == 2
    assert svc['deployments'][0]['id'] != first


def test_scalable_target_and_policies(env):
    emu, ecs, call, aas, _ = env
    expect_error(lambda: aas('RegisterScalableTarget', ServiceNamespace='ecs', ResourceId=RID,
                             ScalableDimension=DIM, MinCapacity=1, MaxCapacity=3),
                 'ValidationException', "doesn't exist")
    call('CreateCluster', clusterName='c1')
    call('RegisterTaskDefinition', family='web', containerDefinitions=[
        {'name': 'web', 'image': 'nginx', 'memory': 128}])
    call('CreateService', cluster='c1', serviceName='web', taskDefinition='web', desiredCount=1)
    expect_error(lambda: aas('RegisterScalableTarget', ServiceNamespace='ecs', ResourceId=RID,
                             ScalableDimension=DIM, MinCapacity=4, MaxCapacity=3),
                 'ValidationException', 'greater')
    expect_error(lambda: aas('RegisterScalableTarget', ServiceNamespace='ecs',
                             ResourceId='cluster/c1', ScalableDimension=DIM, MinCapacity=1,
                             MaxCapacity=3), 'ValidationException')
    arn = aas('RegisterScalableTarget', ServiceNamespace='ecs', ResourceId=RID,
              ScalableDimension=DIM, MinCapacity=1, MaxCapacity=3,
              Tags={'a': 'b'})['ScalableTargetARN']
    t = aas('DescribeScalableTargets', ServiceNamespace='ecs', ResourceIds=[RID])[
        'ScalableTargets'][0]
    assert (t['MinCapacity'], t['MaxCapacity']) == (1, 3)
    assert t['RoleARN'].endswith('AWSServiceRoleForApplicationAutoScaling_ECSService')
    assert t['SuspendedState'] == {'DynamicScalingInSuspended': False,
                                   'DynamicScalingOutSuspended': False,
                                   'ScheduledScalingSuspended': False}
    assert aas('ListTagsForResource', ResourceARN=arn)['Tags'] == {'a': 'b'}
    # An upsert changes only what it names.
    assert aas('RegisterScalableTarget', ServiceNamespace='ecs', ResourceId=RID,
               ScalableDimension=DIM, MaxCapacity=5)['ScalableTargetARN'] == arn
    t = aas('DescribeScalableTargets', ServiceNamespace='ecs')['ScalableTargets'][0]
    assert (t['MinCapacity'], t['MaxCapacity']) == (1, 5)
    out = aas('PutScalingPolicy', PolicyName='cpu', ServiceNamespace='ecs', ResourceId=RID,
              ScalableDimension=DIM, PolicyType='TargetTrackingScaling',
              TargetTrackingScalingPolicyConfiguration={
                  'TargetValue': 60.0, 'PredefinedMetricSpecification': {
                      'PredefinedMetricType': 'ECSServiceAverageCPUUtilization'}})
    assert len(out['Alarms']) == 2 and 'AlarmHigh' in out['Alarms'][0]['AlarmName']
    expect_error(lambda: aas('PutScalingPolicy', PolicyName='bad', ServiceNamespace='ecs',
                             ResourceId=RID, ScalableDimension=DIM,
                             PolicyType='TargetTrackingScaling',
                             TargetTrackingScalingPolicyConfiguration={
                                 'TargetValue': 60.0, 'PredefinedMetricSpecification': {
                                     'PredefinedMetricType': 'DynamoDBReadCapacityUtilization'}}),
                 'ValidationException', 'Unsupported metric')

    def custom(name, spec):
        return aas('PutScalingPolicy', PolicyName=name, ServiceNamespace='ecs',
                   ResourceId=RID, ScalableDimension=DIM, PolicyType='TargetTrackingScaling',
                   TargetTrackingScalingPolicyConfiguration={
                       'TargetValue': 50.0, 'CustomizedMetricSpecification': spec})
    plain = {'MetricName': 'MemoryUtilization', 'Namespace': 'AWS/ECS', 'Statistic': 'Average',
             'Dimensions': [{'Name': 'ClusterName', 'Value': 'c1'}]}
    custom('mem', plain)
    stat = {'Metric': {'MetricName': 'CPUUtilization', 'Namespace': 'AWS/ECS'},
            'Stat': 'Average'}
    math = {'Metrics': [{'Id': 'm1', 'MetricStat': stat, 'ReturnData': False},
                        {'Id': 'e1', 'Expression': 'm1 / 2', 'ReturnData': True}]}
    custom('math', math)
    got = {p['PolicyName']: p['TargetTrackingScalingPolicyConfiguration']
           for p in aas('DescribeScalingPolicies', ServiceNamespace='ecs',
                        PolicyNames=['mem', 'math'])['ScalingPolicies']}
    assert got['mem']['CustomizedMetricSpecification'] == plain
    assert got['math']['CustomizedMetricSpecification'] == math
    expect_error(lambda: custom('bad', {'MetricName': 'X', 'Namespace': 'Y'}),
                 'ValidationException', 'Statistic must be specified')
    expect_error(lambda: custom('bad', dict(math, MetricName='X')),
                 'ValidationException', 'cannot be specified with Metrics')
    # ReturnData is true when left out: one metric alone is the metric.
    custom('math', {'Metrics': [{'Id': 'm1', 'MetricStat': stat}]})
    expect_error(lambda: custom('bad', {'Metrics': [{'Id': 'm1', 'MetricStat': stat,
                                                     'Expression': 'm1'}]}),
                 'ValidationException', 'exactly one of Expression and MetricStat')
    expect_error(lambda: custom('bad', {'Metrics': [
        {'Id': 'm1', 'MetricStat': stat}, {'Id': 'e1', 'Expression': 'm1 * 2'}]}),
                 'ValidationException', 'exactly one of Metrics must have ReturnData true')
    for name in ('mem', 'math'):
        aas('DeleteScalingPolicy', PolicyName=name, ServiceNamespace='ecs', ResourceId=RID,
            ScalableDimension=DIM)
    aas('PutScalingPolicy', PolicyName='step', ServiceNamespace='ecs', ResourceId=RID,
        ScalableDimension=DIM, StepScalingPolicyConfiguration={
            'AdjustmentType': 'ChangeInCapacity', 'Cooldown': 60,
            'StepAdjustments': [{'MetricIntervalLowerBound': 0.0, 'ScalingAdjustment': 1}]})
    pols = aas('DescribeScalingPolicies', ServiceNamespace='ecs', ResourceId=RID)[
        'ScalingPolicies']
    assert sorted(p['PolicyType'] for p in pols) == ['StepScaling', 'TargetTrackingScaling']
    aas('DeleteScalingPolicy', PolicyName='step', ServiceNamespace='ecs', ResourceId=RID,
        ScalableDimension=DIM)
    expect_error(lambda: aas('DeleteScalingPolicy', PolicyName='step', ServiceNamespace='ecs',
                             ResourceId=RID, ScalableDimension=DIM), 'ObjectNotFoundException')
    aas('DeregisterScalableTarget', ServiceNamespace='ecs', ResourceId=RID,
        ScalableDimension=DIM)
    assert aas('DescribeScalingPolicies', ServiceNamespace='ecs')['ScalingPolicies'] == []
    expect_error(lambda: aas('DeregisterScalableTarget', ServiceNamespace='ecs', ResourceId=RID,
                             ScalableDimension=DIM), 'ObjectNotFoundException')

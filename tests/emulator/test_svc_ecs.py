"""Unit tests of the ECS service, driven directly with boto3-style params."""

import pytest

import svc_ecs
import svc_elbv2
from svc_testkit import SG, SUBNET_A, SUBNET_B, VPC, Driver, FakeEmu, expect_error

ARN = 'arn:aws:ecs:us-east-1:123456789012:'


@pytest.fixture
def env():
    emu = FakeEmu()
    ecs = emu.add(svc_ecs.Service)
    elb = emu.add(svc_elbv2.Service)
    return emu, ecs, Driver(ecs), Driver(elb)


def wordpress(**extra):
    c = {'name': 'wordpress', 'image': 'wordpress:latest', 'memory': 256,
         'portMappings': [{'containerPort': 80}]}
    c.update(extra)
    return c


def register(call, family='wordpress', containers=None, **extra):
    return call('RegisterTaskDefinition', family=family,
                containerDefinitions=containers or [wordpress()], **extra)


def target_group(elb, target_type='instance', attached=True, name='ecs-tg'):
    tg = elb('CreateTargetGroup', Name=name, Protocol='HTTP', Port=80, VpcId=VPC,
             TargetType=target_type)['TargetGroups'][0]
    if attached:
        lb = elb('CreateLoadBalancer', Name='alb-' + name, Subnets=[SUBNET_A, SUBNET_B],
                 SecurityGroups=[SG])['LoadBalancers'][0]
        elb('CreateListener', LoadBalancerArn=lb['LoadBalancerArn'], Port=80, Protocol='HTTP',
            DefaultActions=[{'Type': 'forward', 'TargetGroupArn': tg['TargetGroupArn']}])
    return tg['TargetGroupArn']


# -- clusters ------------------------------------------------------------------------

def test_create_cluster(env):
    emu, _, call, _ = env
    c = call('CreateCluster', clusterName='wp-ecs',
             settings=[{'name': 'containerInsights', 'value': 'enabled'}],
             tags=[{'key': 'env', 'value': 'test'}])['cluster']
    assert c['clusterArn'] == ARN + 'cluster/wp-ecs' and c['status'] == 'ACTIVE'
    assert c['settings'] == [{'name': 'containerInsights', 'value': 'enabled'}]
    assert c['tags'] == [{'key': 'env', 'value': 'test'}]
    assert c['activeServicesCount'] == 0 and c['capacityProviders'] == []
    assert c['clusterArn'] in emu.created
    again = call('CreateCluster', clusterName='wp-ecs')['cluster']
    assert again['clusterArn'] == c['clusterArn']


def test_describe_clusters_include_and_failures(env):
    emu, _, call, _ = env
    call('CreateCluster', clusterName='a', tags=[{'key': 'k', 'value': 'v'}],
         configuration={'executeCommandConfiguration': {'logging': 'DEFAULT'}})
    plain = call('DescribeClusters', clusters=['a'])['clusters'][0]
    assert 'settings' not in plain and 'tags' not in plain and 'configuration' not in plain
    full = call('DescribeClusters', clusters=[ARN + 'cluster/a', 'b'],
                include=['TAGS', 'SETTINGS', 'CONFIGURATIONS'])
    c = full['clusters'][0]
    assert c['settings'] == [{'name': 'containerInsights', 'value': 'disabled'}]
    assert c['tags'] == [{'key': 'k', 'value': 'v'}]
    assert c['configuration'] == {'executeCommandConfiguration': {'logging': 'DEFAULT'}}
    assert full['failures'] == [{'arn': ARN + 'cluster/b', 'reason': 'MISSING'}]
    emu.hidden_ids.add(ARN + 'cluster/a')
    assert call('DescribeClusters', clusters=['a'])['failures'][0]['reason'] == 'MISSING'


def test_update_cluster_and_settings(env):
    _, _, call, _ = env
    call('CreateCluster', clusterName='a')
    out = call('UpdateClusterSettings', cluster='a',
               settings=[{'name': 'containerInsights', 'value': 'enhanced'}])['cluster']
    assert out['settings'] == [{'name': 'containerInsights', 'value': 'enhanced'}]
    out = call('UpdateCluster', cluster='a', serviceConnectDefaults={'namespace': 'local'})
    ns = out['cluster']['serviceConnectDefaults']['namespace']
    assert ns.startswith('arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-')
    expect_error(lambda: call('UpdateClusterSettings', cluster='a',
                              settings=[{'name': 'containerInsights', 'value': 'maybe'}]),
                 'InvalidParameterException')
    expect_error(lambda: call('UpdateCluster', cluster='zzz',
                              settings=[{'name': 'containerInsights', 'value': 'enabled'}]),
                 'ClusterNotFoundException')


def test_capacity_providers(env):
    _, _, call, _ = env
    call('CreateCluster', clusterName='a')
    out = call('PutClusterCapacityProviders', cluster='a', capacityProviders=['FARGATE'],
               defaultCapacityProviderStrategy=[{'capacityProvider': 'FARGATE', 'weight': 1}])
    assert out['cluster']['capacityProviders'] == ['FARGATE']
    expect_error(lambda: call('PutClusterCapacityProviders', cluster='a',
                              capacityProviders=['FARGATE'],
                              defaultCapacityProviderStrategy=[
                                  {'capacityProvider': 'FARGATE_SPOT'}]),
                 'InvalidParameterException')
    expect_error(lambda: call('PutClusterCapacityProviders', cluster='a',
                              capacityProviders=['my-asg-provider'],
                              defaultCapacityProviderStrategy=[]),
                 'InvalidParameterException')


def test_delete_cluster_and_list(env):
    _, ecs, call, _ = env
    call('CreateCluster', clusterName='a')
    call('CreateCluster', clusterName='b')
    assert call('ListClusters')['clusterArns'] == [ARN + 'cluster/a', ARN + 'cluster/b']
    page = call('ListClusters', maxResults=1)
    assert page['clusterArns'] == [ARN + 'cluster/a']
    assert call('ListClusters', nextToken=page['nextToken'])['clusterArns'] == [ARN + 'cluster/b']
    out = call('DeleteCluster', cluster='a')['cluster']
    assert out['status'] == 'INACTIVE'
    d = call('DescribeClusters', clusters=['a'])['clusters'][0]
    assert d['status'] == 'INACTIVE'
    assert ecs.snapshot()['clusters'] == [ARN + 'cluster/b']
    expect_error(lambda: call('DeleteCluster', cluster='a'), 'ClusterNotFoundException')
    assert call('CreateCluster', clusterName='a')['cluster']['status'] == 'ACTIVE'


# -- task definitions ------------------------------------------------------------------

def test_register_task_definition_defaults(env):
    _, _, call, _ = env
    out = register(call, containers=[wordpress(healthCheck={'command': ['CMD', 'true']}),
                                     {'name': 'db', 'image': 'mysql', 'memoryReservation': 128,
                                      'essential': False}],
                   tags=[{'key': 't', 'value': '1'}])
    td = out['taskDefinition']
    assert td['taskDefinitionArn'] == ARN + 'task-definition/wordpress:1'
    assert td['revision'] == 1 and td['status'] == 'ACTIVE' and td['networkMode'] == 'bridge'
    assert td['volumes'] == [] and td['placementConstraints'] == []
    assert td['compatibilities'] == ['EXTERNAL', 'EC2']
    wp, db = td['containerDefinitions']
    assert wp['essential'] is True and wp['cpu'] == 0
    assert wp['portMappings'] == [{'containerPort': 80, 'hostPort': 0, 'protocol': 'tcp'}]
    for key in ('environment', 'mountPoints', 'volumesFrom', 'systemControls'):
        assert wp[key] == [], key
    assert wp['healthCheck'] == {'command': ['CMD', 'true'], 'interval': 30, 'timeout': 5,
                                 'retries': 3}
    assert db['essential'] is False
    assert out['tags'] == [{'key': 't', 'value': '1'}]
    assert register(call)['taskDefinition']['revision'] == 2


def test_register_awsvpc_fargate(env):
    _, _, call, _ = env
    td = register(call, family='fg', networkMode='awsvpc', requiresCompatibilities=['FARGATE'],
                  cpu='0.25 vCPU', memory='0.5 GB',
                  containers=[{'name': 'app', 'image': 'nginx',
                               'portMappings': [{'containerPort': 8080}]}])['taskDefinition']
    assert td['cpu'] == '256' and td['memory'] == '512'
    assert td['compatibilities'] == ['EC2', 'FARGATE']
    assert td['requiresCompatibilities'] == ['FARGATE']
    assert td['containerDefinitions'][0]['portMappings'][0]['hostPort'] == 8080
    assert {'name': 'ecs.capability.task-eni'} in td['requiresAttributes']
    expect_error(lambda: register(call, family='fg', requiresCompatibilities=['FARGATE'],
                                  cpu='256', memory='512'), 'ClientException', 'awsvpc')
    expect_error(lambda: register(call, family='fg', networkMode='awsvpc',
                                  requiresCompatibilities=['FARGATE'], memory='512'),
                 'ClientException', "'cpu'")
    expect_error(lambda: register(call, family='fg', networkMode='awsvpc', containers=[
        wordpress(portMappings=[{'containerPort': 80, 'hostPort': 81}])]),
        'ClientException', 'must match')


def test_register_validation(env):
    _, _, call, _ = env
    expect_error(lambda: register(call, containers=[{'name': 'x', 'image': 'y'}]),
                 'ClientException', "'memory' or 'memoryReservation'")
    expect_error(lambda: register(call, containers=[{'name': 'x', 'memory': 1}]),
                 'ClientException', 'image')
    expect_error(lambda: register(call, containers=[wordpress(), wordpress()]),
                 'ClientException', 'unique')
    expect_error(lambda: register(call, family='bad family'), 'ClientException')
    # Task-level memory makes container memory optional.
    register(call, containers=[{'name': 'x', 'image': 'y'}], memory='512')


def test_describe_deregister_delete_task_definition(env):
    emu, ecs, call, _ = env
    register(call, tags=[{'key': 'k', 'value': 'v'}])
    register(call)
    latest = call('DescribeTaskDefinition', taskDefinition='wordpress')['taskDefinition']
    assert latest['revision'] == 2
    first = call('DescribeTaskDefinition', taskDefinition='wordpress:1', include=['TAGS'])
    assert first['taskDefinition']['revision'] == 1
    assert first['tags'] == [{'key': 'k', 'value': 'v'}]
    by_arn = call('DescribeTaskDefinition', taskDefinition=ARN + 'task-definition/wordpress:2')
    assert by_arn['taskDefinition'] == latest
    expect_error(lambda: call('DescribeTaskDefinition', taskDefinition='nope'),
                 'ClientException', 'Unable to describe task definition.')
    out = call('DeregisterTaskDefinition', taskDefinition='wordpress:2')['taskDefinition']
    assert out['status'] == 'INACTIVE' and 'deregisteredAt' in out
    assert call('DescribeTaskDefinition', taskDefinition='wordpress')['taskDefinition'][
        'revision'] == 1
    assert call('DescribeTaskDefinition', taskDefinition='wordpress:2')['taskDefinition'][
        'status'] == 'INACTIVE'
    assert call('ListTaskDefinitions')['taskDefinitionArns'] == [
        ARN + 'task-definition/wordpress:1']
    assert call('ListTaskDefinitions', status='INACTIVE')['taskDefinitionArns'] == [
        ARN + 'task-definition/wordpress:2']
    res = call('DeleteTaskDefinitions', taskDefinitions=['wordpress:1', 'wordpress:2'])
    assert [t['status'] for t in res['taskDefinitions']] == ['DELETE_IN_PROGRESS']
    assert 'ACTIVE status' in res['failures'][0]['reason']
    emu.advance(5)
    expect_error(lambda: call('DescribeTaskDefinition', taskDefinition='wordpress:2'),
                 'ClientException')
    assert ecs.snapshot()['task_definitions'] == [ARN + 'task-definition/wordpress:1']
    # A deleted revision number is never handed out again.
    call('DeregisterTaskDefinition', taskDefinition='wordpress:1')
    assert register(call)['taskDefinition']['revision'] == 3
    emu.hidden_ids.add(ARN + 'task-definition/wordpress:3')
    expect_error(lambda: call('DescribeTaskDefinition', taskDefinition='wordpress:3'),
                 'ClientException')


# -- services ----------------------------------------------------------------------------

def test_create_service_with_load_balancer(env):
    emu, _, call, elb = env
    call('CreateCluster', clusterName='wp')
    register(call)
    tg = target_group(elb)
    svc = call('CreateService', cluster='wp', serviceName='wordpress',
               taskDefinition='wordpress', desiredCount=2, role='ecsServiceRole',
               loadBalancers=[{'targetGroupArn': tg, 'containerName': 'wordpress',
                               'containerPort': 80}])['service']
    assert svc['serviceArn'] == ARN + 'service/wp/wordpress'
    assert svc['clusterArn'] == ARN + 'cluster/wp'
    assert svc['status'] == 'ACTIVE' and svc['desiredCount'] == 2 and svc['runningCount'] == 0
    assert svc['taskDefinition'] == ARN + 'task-definition/wordpress:1'
    assert svc['launchType'] == 'EC2' and svc['schedulingStrategy'] == 'REPLICA'
    assert svc['roleArn'] == 'arn:aws:iam::123456789012:role/ecsServiceRole'
    assert svc['healthCheckGracePeriodSeconds'] == 0
    assert svc['deploymentConfiguration'] == {
        'deploymentCircuitBreaker': {'enable': False, 'rollback': False},
        'maximumPercent': 200, 'minimumHealthyPercent': 100}
    assert svc['deploymentController'] == {'type': 'ECS'}
    dep = svc['deployments'][0]
    assert dep['status'] == 'PRIMARY' and dep['desiredCount'] == 2
    assert dep['rolloutState'] == 'IN_PROGRESS' and dep['id'].startswith('ecs-svc/')
    assert 'No Container Instances were found' in svc['events'][0]['message']
    assert svc['serviceArn'] in emu.created
    c = call('DescribeClusters', clusters=['wp'])['clusters'][0]
    assert c['activeServicesCount'] == 1


def test_create_service_errors(env):
    _, _, call, elb = env
    register(call)
    expect_error(lambda: call('CreateService', serviceName='s', taskDefinition='wordpress'),
                 'ClusterNotFoundException')
    call('CreateCluster', clusterName='wp')
    expect_error(lambda: call('CreateService', cluster='wp', serviceName='s',
                              taskDefinition='nope', desiredCount=1),
                 'InvalidParameterException', 'TaskDefinition not found')
    lonely = target_group(elb, attached=False, name='lonely')
    expect_error(lambda: call('CreateService', cluster='wp', serviceName='s',
                              taskDefinition='wordpress', desiredCount=1,
                              loadBalancers=[{'targetGroupArn': lonely,
                                              'containerName': 'wordpress',
                                              'containerPort': 80}]),
                 'InvalidParameterException',
                 'The target group with targetGroupArn %s does not have an associated load '
                 'balancer.' % lonely)
    tg = target_group(elb)
    expect_error(lambda: call('CreateService', cluster='wp', serviceName='s',
                              taskDefinition='wordpress', desiredCount=1,
                              loadBalancers=[{'targetGroupArn': tg, 'containerName': 'nginx',
                                              'containerPort': 80}]),
                 'InvalidParameterException', 'does not exist in the task definition')
    expect_error(lambda: call('CreateService', cluster='wp', serviceName='s',
                              taskDefinition='wordpress', desiredCount=1,
                              loadBalancers=[{'targetGroupArn': tg, 'containerName': 'wordpress',
                                              'containerPort': 8080}]),
                 'InvalidParameterException', 'container port 8080')
    expect_error(lambda: call('CreateService', cluster='wp', serviceName='s',
                              taskDefinition='wordpress', launchType='EC2',
                              capacityProviderStrategy=[{'capacityProvider': 'FARGATE'}]),
                 'InvalidParameterException', 'both a launch type')
    call('CreateService', cluster='wp', serviceName='s', taskDefinition='wordpress',
         desiredCount=0)
    expect_error(lambda: call('CreateService', cluster='wp', serviceName='s',
                              taskDefinition='wordpress', desiredCount=1),
                 'InvalidParameterException', 'not idempotent')


def test_awsvpc_service_checks(env):
    _, _, call, elb = env
    call('CreateCluster', clusterName='wp')
    register(call, family='fg', networkMode='awsvpc', requiresCompatibilities=['FARGATE'],
             cpu='256', memory='512',
             containers=[{'name': 'app', 'image': 'nginx', 'portMappings': [
                 {'containerPort': 80}]}])
    instance_tg = target_group(elb)
    expect_error(lambda: call('CreateService', cluster='wp', serviceName='s',
                              taskDefinition='fg', desiredCount=1, launchType='FARGATE'),
                 'InvalidParameterException', 'Network Configuration must be provided')
    net = {'awsvpcConfiguration': {'subnets': [SUBNET_A], 'securityGroups': [SG]}}
    expect_error(lambda: call('CreateService', cluster='wp', serviceName='s',
                              taskDefinition='fg', desiredCount=1, launchType='FARGATE',
                              networkConfiguration={'awsvpcConfiguration': {
                                  'subnets': ['subnet-0000000000000bad0']}}),
                 'InvalidParameterException', 'subnet-0000000000000bad0')
    expect_error(lambda: call('CreateService', cluster='wp', serviceName='s',
                              taskDefinition='fg', desiredCount=1, launchType='FARGATE',
                              networkConfiguration=net,
                              loadBalancers=[{'targetGroupArn': instance_tg,
                                              'containerName': 'app', 'containerPort': 80}]),
                 'InvalidParameterException', 'incompatible with the awsvpc')
    svc = call('CreateService', cluster='wp', serviceName='s', taskDefinition='fg',
               desiredCount=1, launchType='FARGATE', networkConfiguration=net)['service']
    assert svc['networkConfiguration']['awsvpcConfiguration']['assignPublicIp'] == 'DISABLED'
    assert svc['platformVersion'] == 'LATEST'


def test_fargate_service_reaches_steady_state(env):
    emu, _, call, _ = env
    call('CreateCluster', clusterName='wp')
    register(call, family='fg', networkMode='awsvpc', requiresCompatibilities=['FARGATE'],
             cpu='256', memory='512', containers=[{'name': 'app', 'image': 'nginx'}])
    net = {'awsvpcConfiguration': {'subnets': [SUBNET_A]}}
    call('CreateService', cluster='wp', serviceName='s', taskDefinition='fg', desiredCount=2,
         launchType='FARGATE', networkConfiguration=net)
    s = call('DescribeServices', cluster='wp', services=['s'])['services'][0]
    assert s['runningCount'] == 0
    emu.advance(3)
    s = call('DescribeServices', cluster='wp', services=['s'])['services'][0]
    assert s['runningCount'] == 2 and s['deployments'][0]['rolloutState'] == 'COMPLETED'
    assert s['events'][0]['message'] == '(service s) has reached a steady state.'
    c = call('DescribeClusters', clusters=['wp'])['clusters'][0]
    assert c['runningTasksCount'] == 2


def test_describe_services_and_list(env):
    emu, _, call, _ = env
    call('CreateCluster', clusterName='wp')
    register(call)
    call('CreateService', cluster='wp', serviceName='a', taskDefinition='wordpress',
         desiredCount=0, tags=[{'key': 'k', 'value': 'v'}])
    out = call('DescribeServices', cluster=ARN + 'cluster/wp',
               services=['a', ARN + 'service/wp/a', 'b'], include=['TAGS'])
    assert [s['serviceName'] for s in out['services']] == ['a', 'a']
    assert out['services'][0]['tags'] == [{'key': 'k', 'value': 'v'}]
    assert out['failures'] == [{'arn': ARN + 'service/wp/b', 'reason': 'MISSING'}]
    assert call('ListServices', cluster='wp')['serviceArns'] == [ARN + 'service/wp/a']
    expect_error(lambda: call('DescribeServices', cluster='nope', services=['a']),
                 'ClusterNotFoundException')
    emu.hidden_ids.add(ARN + 'service/wp/a')
    assert call('DescribeServices', cluster='wp', services=['a'])['failures'][0]['reason'] \
        == 'MISSING'


def test_update_service(env):
    _, _, call, _ = env
    call('CreateCluster', clusterName='wp')
    register(call)
    first = call('CreateService', cluster='wp', serviceName='a', taskDefinition='wordpress',
                 desiredCount=1)['service']
    out = call('UpdateService', cluster='wp', service='a', desiredCount=3)['service']
    assert out['desiredCount'] == 3
    assert out['deployments'][0]['id'] == first['deployments'][0]['id']
    register(call)
    out = call('UpdateService', cluster='wp', service='a', taskDefinition='wordpress:2',
               deploymentConfiguration={'maximumPercent': 150})['service']
    assert out['taskDefinition'] == ARN + 'task-definition/wordpress:2'
    assert len(out['deployments']) == 1
    assert out['deployments'][0]['id'] != first['deployments'][0]['id']
    assert out['deploymentConfiguration']['maximumPercent'] == 150
    assert out['deploymentConfiguration']['minimumHealthyPercent'] == 100
    forced = call('UpdateService', cluster='wp', service='a', forceNewDeployment=True)['service']
    assert forced['deployments'][0]['id'] != out['deployments'][0]['id']
    expect_error(lambda: call('UpdateService', cluster='wp', service='zz', desiredCount=1),
                 'ServiceNotFoundException')


def test_delete_service_lifecycle(env):
    emu, ecs, call, _ = env
    call('CreateCluster', clusterName='wp')
    register(call)
    call('CreateService', cluster='wp', serviceName='a', taskDefinition='wordpress',
         desiredCount=1)
    expect_error(lambda: call('DeleteService', cluster='wp', service='a'),
                 'InvalidParameterException', 'scaled above 0')
    expect_error(lambda: call('DeleteCluster', cluster='wp'), 'ClusterContainsServicesException')
    call('UpdateService', cluster='wp', service='a', desiredCount=0)
    out = call('DeleteService', cluster='wp', service='a')['service']
    assert out['status'] == 'DRAINING'
    expect_error(lambda: call('DeleteCluster', cluster='wp'), 'ClusterContainsServicesException')
    expect_error(lambda: call('UpdateService', cluster='wp', service='a', desiredCount=1),
                 'ServiceNotActiveException')
    emu.advance(2)
    s = call('DescribeServices', cluster='wp', services=['a'])['services'][0]
    assert s['status'] == 'INACTIVE'
    assert call('ListServices', cluster='wp')['serviceArns'] == []
    assert ecs.snapshot()['services'] == []
    call('DeleteCluster', cluster='wp')
    # force deletes a scaled-up service straight away.
    call('CreateCluster', clusterName='wp')
    call('CreateService', cluster='wp', serviceName='b', taskDefinition='wordpress',
         desiredCount=2)
    assert call('DeleteService', cluster='wp', service='b', force=True)['service'][
        'desiredCount'] == 0


def test_tags(env):
    _, _, call, _ = env
    call('CreateCluster', clusterName='wp')
    td_arn = register(call)['taskDefinition']['taskDefinitionArn']
    call('CreateService', cluster='wp', serviceName='a', taskDefinition='wordpress')
    for arn in (ARN + 'cluster/wp', ARN + 'service/wp/a', td_arn):
        call('TagResource', resourceArn=arn, tags=[{'key': 'a', 'value': '1'},
                                                   {'key': 'b', 'value': '2'}])
        call('UntagResource', resourceArn=arn, tagKeys=['a'])
        assert call('ListTagsForResource', resourceArn=arn)['tags'] == [
            {'key': 'b', 'value': '2'}]
    expect_error(lambda: call('TagResource', resourceArn=ARN + 'cluster/none',
                              tags=[{'key': 'a', 'value': '1'}]), 'ClusterNotFoundException')
    expect_error(lambda: call('ListTagsForResource', resourceArn=ARN + 'service/wp/none'),
                 'ResourceNotFoundException')
    expect_error(lambda: call('TagResource', resourceArn=ARN + 'cluster/wp',
                              tags=[{'key': 'k%d' % i, 'value': ''} for i in range(50)]),
                 'InvalidParameterException')


def test_unknown_operation_and_reset(env):
    _, ecs, call, _ = env
    expect_error(lambda: ecs.handle('RunTask', {}), 'InvalidAction')
    call('CreateCluster', clusterName='wp')
    ecs.reset()
    assert ecs.snapshot() == {'clusters': [], 'services': [], 'task_definitions': [],
                              'capacity_providers': []}

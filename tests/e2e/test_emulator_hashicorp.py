"""The emulator is realistic enough for the official provider.

The seed deployment (terraform/) is applied, re-planned and destroyed with the
real `terraform` and the real hashicorp/aws 5.100.0 against the emulator.
hashicorp/aws is the reference client: if it can run the whole lifecycle
with a clean re-plan and leave nothing behind, the emulator answers the way
AWS does for everything the deployment touches, and can then judge our own
provider.

Run: /usr/bin/python3 -m pytest tests/e2e/test_emulator_hashicorp.py
"""

import os
import sys

import pytest

import tfharness

sys.path.insert(0, os.path.join(tfharness.REPO, 'tests', 'emulator'))
from awsclient import Client  # noqa: E402

CONFIG = os.path.join(tfharness.REPO, 'terraform')

SEED_RESOURCES = {
    'aws_vpc.ecs-vpc', 'aws_internet_gateway.ecs-igw', 'aws_route_table.ecs-public',
    'aws_route_table_association.ecs-public', 'aws_route_table_association.ecs-public-2',
    'aws_subnet.ecs-public-1', 'aws_subnet.ecs-public-2', 'aws_alb.ecs-alb',
    'aws_alb_listener.front_end', 'aws_alb_target_group.ecs', 'aws_security_group.ecs-ec2-sg',
    'aws_security_group.ecs-lb-sg', 'aws_ecs_cluster.wp-ecs', 'aws_ecs_service.wordpress',
    'aws_ecs_task_definition.wordpress', 'aws_autoscaling_group.ecs',
    'aws_launch_configuration.ecs',
}

# What hashicorp/aws 5.100.0 calls over plan, apply, re-plan and destroy of the seed.
HASHICORP_OPERATIONS = {
    'autoscaling': {'CreateAutoScalingGroup', 'CreateLaunchConfiguration',
                    'DeleteAutoScalingGroup', 'DeleteLaunchConfiguration',
                    'DescribeAutoScalingGroups', 'DescribeLaunchConfigurations',
                    'DescribeScalingActivities', 'UpdateAutoScalingGroup'},
    'ec2': {'AssociateRouteTable', 'AttachInternetGateway', 'AuthorizeSecurityGroupEgress',
            'AuthorizeSecurityGroupIngress', 'CreateInternetGateway', 'CreateRoute',
            'CreateRouteTable', 'CreateSecurityGroup', 'CreateSubnet', 'CreateVpc',
            'DeleteInternetGateway', 'DeleteRouteTable', 'DeleteSecurityGroup', 'DeleteSubnet',
            'DeleteVpc', 'DescribeAvailabilityZones', 'DescribeImages',
            'DescribeInternetGateways', 'DescribeNetworkAcls', 'DescribeNetworkInterfaces',
            'DescribeRouteTables', 'DescribeSecurityGroups', 'DescribeSubnets',
            'DescribeVpcAttribute', 'DescribeVpcs', 'DetachInternetGateway',
            'DisassociateRouteTable', 'ModifyVpcAttribute', 'RevokeSecurityGroupEgress'},
    'ecs': {'CreateCluster', 'CreateService', 'DeleteCluster', 'DeleteService',
            'DeregisterTaskDefinition', 'DescribeClusters', 'DescribeServices',
            'DescribeTaskDefinition', 'RegisterTaskDefinition', 'UpdateService'},
    'elasticloadbalancing': {'CreateListener', 'CreateLoadBalancer', 'CreateTargetGroup',
                             'DeleteListener', 'DeleteLoadBalancer', 'DeleteTargetGroup',
                             'DescribeCapacityReservation', 'DescribeListenerAttributes',
                             'DescribeListeners', 'DescribeLoadBalancerAttributes',
                             'DescribeLoadBalancers', 'DescribeTags',
                             'DescribeTargetGroupAttributes', 'DescribeTargetGroups',
                             'DescribeTargetHealth', 'ModifyLoadBalancerAttributes',
                             'ModifyTargetGroupAttributes'},
}

# Answers that mean the emulator did not serve an operation at all.
NOT_SERVED = {'InvalidAction', 'UnknownOperationException', 'InternalFailure', 'InternalError'}


def test_hashicorp_list_has_64_operations():
    assert sum(len(v) for v in HASHICORP_OPERATIONS.values()) == 64


@pytest.fixture(scope='module')
def deployment(module_emulator, cli_config, make_terraform):
    """The seed applied with hashicorp/aws; yields (terraform, timings)."""
    client = Client(module_emulator.url, module_emulator.access_key,
                    module_emulator.secret_key)
    images = client.call('ec2', 'DescribeImages', Owners=['amazon'], Filters=[
        {'Name': 'name', 'Values': ['amzn2-ami-ecs-hvm-*-x86_64-ebs']}])['Images']
    assert images, 'the emulator serves no ECS-optimized AMI'
    tf = make_terraform(CONFIG, module_emulator, cli_config,
                        tfvars={'ami_id': images[0]['ImageId']})
    timings = {}
    for step in (('init', '-no-color', '-input=false'),
                 ('apply', '-auto-approve', '-no-color', '-input=false')):
        proc = tf.run(*step, timeout=240)
        timings[step[0]] = proc.elapsed
    yield tf, timings
    if not module_emulator.state()['empty']:     # leave nothing behind after a failure
        tf.run('destroy', '-auto-approve', '-no-color', '-input=false', timeout=240,
               check=False)
    print('\nterraform timings (s): %s' % ', '.join('%s %.1f' % kv for kv in timings.items()))


def test_apply_creates_the_seed(deployment, module_emulator):
    tf, _ = deployment
    listed = set(tf.run('state', 'list').stdout.split())
    assert listed - {'data.aws_availability_zones.available'} == SEED_RESOURCES
    state = module_emulator.state()['services']
    ec2 = state['ec2']
    assert len(ec2['vpcs']) == 1 and len(ec2['subnets']) == 2
    assert len(ec2['internet_gateways']) == 1 and len(ec2['route_tables']) == 1
    assert len(ec2['security_groups']) == 2
    assert ec2['instances'], 'the Auto Scaling group launched no instance'
    out = tf.output()
    assert out['vpc_id'] == ec2['vpcs'][0]
    assert out['cluster_name'] == 'wp-ecs-cluster'
    assert out['alb_dns_name'].endswith('.elb.amazonaws.com')
    assert out['url'] == 'http://%s/' % out['alb_dns_name']


def test_replan_is_clean(deployment):
    tf, timings = deployment
    proc = tf.run('plan', '-detailed-exitcode', '-no-color', '-input=false', timeout=120,
                  ok_codes=(0,))
    timings['plan'] = proc.elapsed
    assert 'No changes.' in proc.stdout


def test_destroy_leaves_nothing(deployment, module_emulator):
    tf, timings = deployment
    proc = tf.run('destroy', '-auto-approve', '-no-color', '-input=false', timeout=240)
    timings['destroy'] = proc.elapsed
    assert 'Destroy complete! Resources: 17 destroyed.' in proc.stdout
    state = module_emulator.state()
    assert state['empty'], state


def test_operations_cover_what_hashicorp_uses(deployment, module_emulator):
    served = {}
    for call in module_emulator.calls():
        if call['error_code'] not in NOT_SERVED:
            served.setdefault(call['service'], set()).add(call['operation'])
    missing = {svc: sorted(ops - served.get(svc, set()))
               for svc, ops in HASHICORP_OPERATIONS.items()}
    assert not any(missing.values()), missing
    errors = [c for c in module_emulator.calls() if c['error_code'] in NOT_SERVED]
    assert not errors, errors

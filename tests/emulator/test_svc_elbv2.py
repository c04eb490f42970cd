"""Unit tests of the ELBv2 service, driven directly with boto3-style params."""

import re

import pytest

import svc_elbv2
from svc_testkit import (DEFAULT_SG, SG, SG2, SG_OTHER_VPC, SUBNET_A, SUBNET_A2, SUBNET_B,
                         SUBNET_C, SUBNET_OTHER_VPC, VPC, Driver, FakeEmu, expect_error)


@pytest.fixture
def env():
    emu = FakeEmu()
    svc = emu.add(svc_elbv2.Service)
    return emu, svc, Driver(svc)


def make_alb(call, name='web', **extra):
    params = dict(Name=name, Subnets=[SUBNET_A, SUBNET_B], SecurityGroups=[SG])
    params.update(extra)
    return call('CreateLoadBalancer', **params)['LoadBalancers'][0]


def make_tg(call, name='web-tg', **extra):
    params = dict(Name=name, Protocol='HTTP', Port=80, VpcId=VPC)
    params.update(extra)
    return call('CreateTargetGroup', **params)['TargetGroups'][0]


def make_listener(call, lb, tg, port=80, **extra):
    params = dict(LoadBalancerArn=lb['LoadBalancerArn'], Port=port, Protocol='HTTP',
                  DefaultActions=[{'Type': 'forward', 'TargetGroupArn': tg['TargetGroupArn']}])
    params.update(extra)
    return call('CreateListener', **params)['Listeners'][0]


def attrs(items):
    return {a['Key']: a['Value'] for a in items}


# -- load balancers ------------------------------------------------------------

def test_create_alb_shape_and_names(env):
    emu, _, call = env
    lb = make_alb(call, Tags=[{'Key': 'env', 'Value': 'test'}])
    assert re.fullmatch(r'arn:aws:elasticloadbalancing:us-east-1:123456789012:'
                        r'loadbalancer/app/web/[0-9a-f]{16}', lb['LoadBalancerArn'])
    assert re.fullmatch(r'web-\d+\.us-east-1\.elb\.amazonaws\.com', lb['DNSName'])
    assert lb['CanonicalHostedZoneId'] == 'Z35SXDOTRQ7X7K'
    assert lb['Scheme'] == 'internet-facing' and lb['Type'] == 'application'
    assert lb['IpAddressType'] == 'ipv4' and lb['VpcId'] == VPC
    assert lb['SecurityGroups'] == [SG]
    assert lb['State'] == {'Code': 'provisioning'}
    assert [z['SubnetId'] for z in lb['AvailabilityZones']] == [SUBNET_A, SUBNET_B]
    assert [z['ZoneName'] for z in lb['AvailabilityZones']] == ['us-east-1a', 'us-east-1b']
    assert lb['LoadBalancerArn'] in emu.created


def test_alb_becomes_active_after_provisioning(env):
    emu, _, call = env
    lb = make_alb(call)
    arn = lb['LoadBalancerArn']
    state = call('DescribeLoadBalancers', LoadBalancerArns=[arn])['LoadBalancers'][0]['State']
    assert state['Code'] == 'provisioning'
    emu.advance(2)
    state = call('DescribeLoadBalancers', LoadBalancerArns=[arn])['LoadBalancers'][0]['State']
    assert state['Code'] == 'active'


def test_internal_alb_dns_and_default_security_group(env):
    _, _, call = env
    lb = call('CreateLoadBalancer', Name='inner', Subnets=[SUBNET_A, SUBNET_B],
              Scheme='internal')['LoadBalancers'][0]
    assert lb['DNSName'].startswith('internal-inner-')
    assert lb['SecurityGroups'] == [DEFAULT_SG]


def test_nlb_shape(env):
    _, _, call = env
    lb = call('CreateLoadBalancer', Name='net', Type='network',
              SubnetMappings=[{'SubnetId': SUBNET_A}])['LoadBalancers'][0]
    assert '/net/net/' in lb['LoadBalancerArn']
    assert re.fullmatch(r'net-[0-9a-f]{16}\.elb\.us-east-1\.amazonaws\.com', lb['DNSName'])
    assert lb['CanonicalHostedZoneId'] == 'Z26RNL4JYFTOTI'
    assert 'SecurityGroups' not in lb


def test_alb_needs_two_zones_and_existing_subnets(env):
    _, _, call = env
    expect_error(lambda: call('CreateLoadBalancer', Name='a', Subnets=[SUBNET_A]),
                 'ValidationError', 'two different Availability Zones')
    expect_error(lambda: call('CreateLoadBalancer', Name='a', Subnets=[SUBNET_A, SUBNET_A2]),
                 'InvalidConfigurationRequest', 'same Availability Zone')
    expect_error(lambda: call('CreateLoadBalancer', Name='a',
                              Subnets=[SUBNET_A, 'subnet-0badbadbadbadbad0']),
                 'SubnetNotFound', 'subnet-0badbadbadbadbad0')
    expect_error(lambda: call('CreateLoadBalancer', Name='a',
                              Subnets=[SUBNET_B, SUBNET_OTHER_VPC]),
                 'InvalidConfigurationRequest', 'same VPC')
    expect_error(lambda: make_alb(call, SecurityGroups=['sg-0000000000000bad0']),
                 'InvalidSecurityGroup')
    expect_error(lambda: make_alb(call, SecurityGroups=[SG_OTHER_VPC]), 'InvalidSecurityGroup')
    assert call('DescribeLoadBalancers')['LoadBalancers'] == []


def test_lb_name_rules(env):
    _, _, call = env
    expect_error(lambda: make_alb(call, name='x' * 33), 'ValidationError', "'32' characters")
    expect_error(lambda: make_alb(call, name='bad_name'), 'ValidationError', 'alphanumeric')
    expect_error(lambda: make_alb(call, name='-web'), 'ValidationError', "'-'")
    expect_error(lambda: make_alb(call, name='internal-web'), 'ValidationError', 'internal-')


def test_duplicate_name(env):
    _, _, call = env
    lb = make_alb(call)
    again = make_alb(call)      # identical request: AWS answers with the same LB
    assert again['LoadBalancerArn'] == lb['LoadBalancerArn']
    expect_error(lambda: make_alb(call, Subnets=[SUBNET_A, SUBNET_C]),
                 'DuplicateLoadBalancerName', "'web'")


def test_describe_by_name_arn_and_not_found(env):
    emu, _, call = env
    lb = make_alb(call)
    assert call('DescribeLoadBalancers', Names=['web'])['LoadBalancers'][0]['LoadBalancerArn'] \
        == lb['LoadBalancerArn']
    expect_error(lambda: call('DescribeLoadBalancers', Names=['nope']),
                 'LoadBalancerNotFound', 'nope')
    missing = lb['LoadBalancerArn'][:-1] + ('0' if lb['LoadBalancerArn'][-1] != '0' else '1')
    expect_error(lambda: call('DescribeLoadBalancers', LoadBalancerArns=[missing]),
                 'LoadBalancerNotFound')
    expect_error(lambda: call('DescribeLoadBalancers', LoadBalancerArns=['garbage']),
                 'ValidationError', 'not a valid load balancer ARN')
    emu.hidden_ids.add(lb['LoadBalancerArn'])
    expect_error(lambda: call('DescribeLoadBalancers', LoadBalancerArns=[lb['LoadBalancerArn']]),
                 'LoadBalancerNotFound')


def test_describe_pagination(env):
    _, _, call = env
    for i in range(3):
        make_alb(call, name='lb%d' % i)
    first = call('DescribeLoadBalancers', PageSize=2)
    assert len(first['LoadBalancers']) == 2 and first['NextMarker']
    second = call('DescribeLoadBalancers', PageSize=2, Marker=first['NextMarker'])
    assert [lb['LoadBalancerName'] for lb in second['LoadBalancers']] == ['lb2']
    assert 'NextMarker' not in second


def test_delete_lb_removes_listeners_and_is_idempotent(env):
    _, svc, call = env
    lb, tg = make_alb(call), make_tg(call)
    make_listener(call, lb, tg)
    call('DeleteLoadBalancer', LoadBalancerArn=lb['LoadBalancerArn'])
    assert svc.snapshot() == {'load_balancers': [], 'target_groups': [tg['TargetGroupArn']],
                              'listeners': [], 'rules': [],
                              'listener_certificates': []}
    call('DeleteLoadBalancer', LoadBalancerArn=lb['LoadBalancerArn'])
    tg_now = call('DescribeTargetGroups', TargetGroupArns=[tg['TargetGroupArn']])
    assert tg_now['TargetGroups'][0]['LoadBalancerArns'] == []


def test_lb_attributes_default_set_and_modify(env):
    _, _, call = env
    lb = make_alb(call)
    arn = lb['LoadBalancerArn']
    a = attrs(call('DescribeLoadBalancerAttributes', LoadBalancerArn=arn)['Attributes'])
    assert a['idle_timeout.timeout_seconds'] == '60'
    assert a['deletion_protection.enabled'] == 'false'
    assert a['routing.http2.enabled'] == 'true'
    assert a['routing.http.desync_mitigation_mode'] == 'defensive'
    assert a['routing.http.xff_header_processing.mode'] == 'append'
    assert a['client_keep_alive.seconds'] == '3600'
    for key in ('access_logs.s3.enabled', 'connection_logs.s3.enabled',
                'health_check_logs.s3.enabled', 'waf.fail_open.enabled',
                'zonal_shift.config.enabled', 'routing.http.preserve_host_header.enabled',
                'routing.http.xff_client_port.enabled',
                'routing.http.drop_invalid_header_fields.enabled',
                'routing.http.x_amzn_tls_version_and_cipher_suite.enabled'):
        assert a[key] == 'false', key
    assert 'dns_record.client_routing_policy' not in a
    out = call('ModifyLoadBalancerAttributes', LoadBalancerArn=arn,
               Attributes=[{'Key': 'idle_timeout.timeout_seconds', 'Value': '120'},
                           {'Key': 'deletion_protection.enabled', 'Value': 'true'}])
    assert attrs(out['Attributes'])['idle_timeout.timeout_seconds'] == '120'
    assert len(out['Attributes']) == len(a)
    expect_error(lambda: call('DeleteLoadBalancer', LoadBalancerArn=arn),
                 'OperationNotPermitted', 'deletion protection')


def test_lb_attribute_errors(env):
    _, _, call = env
    alb = make_alb(call)['LoadBalancerArn']
    nlb = call('CreateLoadBalancer', Name='net', Type='network',
               Subnets=[SUBNET_A])['LoadBalancers'][0]['LoadBalancerArn']
    na = attrs(call('DescribeLoadBalancerAttributes', LoadBalancerArn=nlb)['Attributes'])
    assert na['dns_record.client_routing_policy'] == 'any_availability_zone'
    assert na['load_balancing.cross_zone.enabled'] == 'false'
    assert 'idle_timeout.timeout_seconds' not in na
    expect_error(lambda: call('ModifyLoadBalancerAttributes', LoadBalancerArn=alb,
                              Attributes=[{'Key': 'no.such.key', 'Value': '1'}]),
                 'ValidationError', 'is not recognized')
    expect_error(lambda: call('ModifyLoadBalancerAttributes', LoadBalancerArn=nlb,
                              Attributes=[{'Key': 'routing.http2.enabled', 'Value': 'true'}]),
                 'InvalidConfigurationRequest', 'not supported')
    expect_error(lambda: call('ModifyLoadBalancerAttributes', LoadBalancerArn=alb,
                              Attributes=[{'Key': 'idle_timeout.timeout_seconds',
                                           'Value': '0'}]),
                 'InvalidConfigurationRequest')
    expect_error(lambda: call('ModifyLoadBalancerAttributes', LoadBalancerArn=alb,
                              Attributes=[{'Key': 'access_logs.s3.enabled', 'Value': 'true'}]),
                 'InvalidConfigurationRequest', 'access_logs.s3.bucket')
    # A rejected request changes nothing.
    a = attrs(call('DescribeLoadBalancerAttributes', LoadBalancerArn=alb)['Attributes'])
    assert a['access_logs.s3.enabled'] == 'false'


def test_set_security_groups_subnets_ip_type(env):
    _, _, call = env
    arn = make_alb(call)['LoadBalancerArn']
    out = call('SetSecurityGroups', LoadBalancerArn=arn, SecurityGroups=[SG, SG2])
    assert out == {'SecurityGroupIds': [SG, SG2]}
    out = call('SetSubnets', LoadBalancerArn=arn, Subnets=[SUBNET_B, SUBNET_C])
    assert [z['SubnetId'] for z in out['AvailabilityZones']] == [SUBNET_B, SUBNET_C]
    assert call('SetIpAddressType', LoadBalancerArn=arn,
                IpAddressType='dualstack') == {'IpAddressType': 'dualstack'}
    lb = call('DescribeLoadBalancers', LoadBalancerArns=[arn])['LoadBalancers'][0]
    assert lb['SecurityGroups'] == [SG, SG2] and lb['IpAddressType'] == 'dualstack'
    assert [z['ZoneName'] for z in lb['AvailabilityZones']] == ['us-east-1b', 'us-east-1c']
    a = attrs(call('DescribeLoadBalancerAttributes', LoadBalancerArn=arn)['Attributes'])
    assert a['ipv6.deny_all_igw_traffic'] == 'false'
    expect_error(lambda: call('SetSubnets', LoadBalancerArn=arn, Subnets=[SUBNET_B]),
                 'ValidationError')


def test_nlb_without_security_groups_cannot_get_them(env):
    _, _, call = env
    arn = call('CreateLoadBalancer', Name='net', Type='network',
               Subnets=[SUBNET_A])['LoadBalancers'][0]['LoadBalancerArn']
    expect_error(lambda: call('SetSecurityGroups', LoadBalancerArn=arn, SecurityGroups=[SG]),
                 'InvalidConfigurationRequest')


def test_capacity_reservation(env):
    _, _, call = env
    arn = make_alb(call)['LoadBalancerArn']
    out = call('DescribeCapacityReservation', LoadBalancerArn=arn)
    assert out['CapacityReservationState'] == []
    assert 'MinimumLoadBalancerCapacity' not in out


# -- target groups ---------------------------------------------------------------

def test_target_group_defaults(env):
    _, _, call = env
    tg = make_tg(call)
    assert re.fullmatch(r'arn:aws:elasticloadbalancing:us-east-1:123456789012:'
                        r'targetgroup/web-tg/[0-9a-f]{16}', tg['TargetGroupArn'])
    assert tg['HealthCheckProtocol'] == 'HTTP' and tg['HealthCheckPath'] == '/'
    assert tg['HealthCheckPort'] == 'traffic-port'
    assert tg['HealthCheckIntervalSeconds'] == 30 and tg['HealthCheckTimeoutSeconds'] == 5
    assert tg['HealthyThresholdCount'] == 5 and tg['UnhealthyThresholdCount'] == 2
    assert tg['Matcher'] == {'HttpCode': '200'} and tg['HealthCheckEnabled'] is True
    assert tg['TargetType'] == 'instance' and tg['ProtocolVersion'] == 'HTTP1'
    assert tg['IpAddressType'] == 'ipv4' and tg['LoadBalancerArns'] == []


def test_tcp_target_group_defaults(env):
    _, _, call = env
    tg = make_tg(call, name='tcp', Protocol='TCP', Port=22)
    assert tg['HealthCheckProtocol'] == 'TCP' and tg['HealthCheckTimeoutSeconds'] == 10
    assert 'HealthCheckPath' not in tg and 'Matcher' not in tg and 'ProtocolVersion' not in tg
    a = attrs(call('DescribeTargetGroupAttributes',
                   TargetGroupArn=tg['TargetGroupArn'])['Attributes'])
    assert a['stickiness.type'] == 'source_ip' and a['preserve_client_ip.enabled'] == 'true'
    assert a['proxy_protocol_v2.enabled'] == 'false'


def test_lambda_target_group(env):
    _, _, call = env
    tg = call('CreateTargetGroup', Name='fn', TargetType='lambda')['TargetGroups'][0]
    assert 'Port' not in tg and 'Protocol' not in tg and 'VpcId' not in tg
    assert tg['HealthCheckEnabled'] is False
    expect_error(lambda: call('CreateTargetGroup', Name='fn2', TargetType='lambda', Port=80),
                 'ValidationError')


def test_target_group_validation(env):
    _, _, call = env
    expect_error(lambda: call('CreateTargetGroup', Name='t', Protocol='HTTP', VpcId=VPC),
                 'ValidationError', 'port')
    expect_error(lambda: call('CreateTargetGroup', Name='t', Protocol='HTTP', Port=80),
                 'ValidationError', 'VPC')
    expect_error(lambda: make_tg(call, VpcId='vpc-0000000000000bad0'), 'ValidationError',
                 'vpc-0000000000000bad0')
    expect_error(lambda: make_tg(call, name='t_t'), 'ValidationError', 'alphanumeric')
    expect_error(lambda: make_tg(call, HealthCheckIntervalSeconds=10,
                                 HealthCheckTimeoutSeconds=10),
                 'ValidationError', 'interval')


def test_target_group_duplicate_and_idempotent(env):
    _, _, call = env
    tg = make_tg(call)
    assert make_tg(call)['TargetGroupArn'] == tg['TargetGroupArn']
    expect_error(lambda: make_tg(call, Port=8080), 'DuplicateTargetGroupName', "'web-tg'")


def test_target_group_attributes(env):
    _, _, call = env
    arn = make_tg(call)['TargetGroupArn']
    a = attrs(call('DescribeTargetGroupAttributes', TargetGroupArn=arn)['Attributes'])
    assert a['deregistration_delay.timeout_seconds'] == '300'
    assert a['stickiness.enabled'] == 'false' and a['stickiness.type'] == 'lb_cookie'
    assert a['stickiness.lb_cookie.duration_seconds'] == '86400'
    assert a['load_balancing.algorithm.type'] == 'round_robin'
    assert a['slow_start.duration_seconds'] == '0'
    assert a['load_balancing.cross_zone.enabled'] == 'use_load_balancer_configuration'
    out = call('ModifyTargetGroupAttributes', TargetGroupArn=arn,
               Attributes=[{'Key': 'deregistration_delay.timeout_seconds', 'Value': '30'},
                           {'Key': 'stickiness.enabled', 'Value': 'true'}])
    b = attrs(out['Attributes'])
    assert b['deregistration_delay.timeout_seconds'] == '30' and b['stickiness.enabled'] == 'true'
    expect_error(lambda: call('ModifyTargetGroupAttributes', TargetGroupArn=arn,
                              Attributes=[{'Key': 'stickiness.type', 'Value': 'source_ip'}]),
                 'InvalidConfigurationRequest', 'Stickiness')
    expect_error(lambda: call('ModifyTargetGroupAttributes', TargetGroupArn=arn,
                              Attributes=[{'Key': 'proxy_protocol_v2.enabled',
                                           'Value': 'true'}]),
                 'InvalidConfigurationRequest')
    expect_error(lambda: call('ModifyTargetGroupAttributes', TargetGroupArn=arn,
                              Attributes=[{'Key': 'bogus', 'Value': 'true'}]),
                 'ValidationError', 'not recognized')
    expect_error(lambda: call('ModifyTargetGroupAttributes', TargetGroupArn=arn,
                              Attributes=[{'Key': 'slow_start.duration_seconds',
                                           'Value': '10'}]),
                 'InvalidConfigurationRequest')


def test_modify_target_group_health_check(env):
    _, _, call = env
    arn = make_tg(call)['TargetGroupArn']
    out = call('ModifyTargetGroup', TargetGroupArn=arn, HealthCheckPath='/health',
               HealthyThresholdCount=3, Matcher={'HttpCode': '200-299'})
    tg = out['TargetGroups'][0]
    assert tg['HealthCheckPath'] == '/health' and tg['HealthyThresholdCount'] == 3
    assert tg['Matcher'] == {'HttpCode': '200-299'} and tg['HealthCheckIntervalSeconds'] == 30


def test_describe_target_groups_filters(env):
    emu, _, call = env
    lb, tg = make_alb(call), make_tg(call)
    other = make_tg(call, name='other')
    make_listener(call, lb, tg)
    by_lb = call('DescribeTargetGroups', LoadBalancerArn=lb['LoadBalancerArn'])
    assert [t['TargetGroupArn'] for t in by_lb['TargetGroups']] == [tg['TargetGroupArn']]
    assert by_lb['TargetGroups'][0]['LoadBalancerArns'] == [lb['LoadBalancerArn']]
    by_name = call('DescribeTargetGroups', Names=['other'])
    assert by_name['TargetGroups'][0]['TargetGroupArn'] == other['TargetGroupArn']
    expect_error(lambda: call('DescribeTargetGroups', Names=['missing']), 'TargetGroupNotFound')
    emu.hidden_ids.add(other['TargetGroupArn'])
    expect_error(lambda: call('DescribeTargetGroups', TargetGroupArns=[other['TargetGroupArn']]),
                 'TargetGroupNotFound')


def test_delete_target_group_in_use(env):
    _, _, call = env
    lb, tg = make_alb(call), make_tg(call)
    ls = make_listener(call, lb, tg)
    expect_error(lambda: call('DeleteTargetGroup', TargetGroupArn=tg['TargetGroupArn']),
                 'ResourceInUse', 'is currently in use by a listener or a rule')
    call('DeleteListener', ListenerArn=ls['ListenerArn'])
    call('DeleteTargetGroup', TargetGroupArn=tg['TargetGroupArn'])
    expect_error(lambda: call('DescribeTargetGroups', TargetGroupArns=[tg['TargetGroupArn']]),
                 'TargetGroupNotFound')


# -- targets -------------------------------------------------------------------------

def test_target_health_lifecycle(env):
    emu, _, call = env
    ec2 = emu.services['ec2']
    iid = ec2.run_instances_internal('ami-1', 't3.micro', SUBNET_A, [], None, {})
    lb, tg = make_alb(call), make_tg(call)
    arn = tg['TargetGroupArn']
    call('RegisterTargets', TargetGroupArn=arn, Targets=[{'Id': iid}])
    h = call('DescribeTargetHealth', TargetGroupArn=arn)['TargetHealthDescriptions'][0]
    assert h['Target'] == {'Id': iid, 'Port': 80} and h['HealthCheckPort'] == '80'
    assert h['TargetHealth']['State'] == 'unused'
    assert h['TargetHealth']['Reason'] == 'Target.NotInUse'
    make_listener(call, lb, tg)
    h = call('DescribeTargetHealth', TargetGroupArn=arn)['TargetHealthDescriptions'][0]
    assert h['TargetHealth']['State'] == 'initial'
    emu.advance(5)
    h = call('DescribeTargetHealth', TargetGroupArn=arn)['TargetHealthDescriptions'][0]
    assert h['TargetHealth'] == {'State': 'healthy'}
    call('DeregisterTargets', TargetGroupArn=arn, Targets=[{'Id': iid}])
    h = call('DescribeTargetHealth', TargetGroupArn=arn)['TargetHealthDescriptions'][0]
    assert h['TargetHealth']['State'] == 'draining'
    emu.advance(5)
    assert call('DescribeTargetHealth', TargetGroupArn=arn)['TargetHealthDescriptions'] == []
    h = call('DescribeTargetHealth', TargetGroupArn=arn,
             Targets=[{'Id': iid}])['TargetHealthDescriptions'][0]
    assert h['TargetHealth']['Reason'] == 'Target.NotRegistered'


def test_register_invalid_targets(env):
    _, _, call = env
    arn = make_tg(call)['TargetGroupArn']
    expect_error(lambda: call('RegisterTargets', TargetGroupArn=arn,
                              Targets=[{'Id': 'i-0000000000000dead'}]), 'InvalidTarget')
    expect_error(lambda: call('RegisterTargets', TargetGroupArn=arn,
                              Targets=[{'Id': '10.0.0.1'}]), 'InvalidTarget')
    ip_tg = make_tg(call, name='ips', TargetType='ip')['TargetGroupArn']
    call('RegisterTargets', TargetGroupArn=ip_tg, Targets=[{'Id': '10.0.0.1', 'Port': 8080}])
    h = call('DescribeTargetHealth', TargetGroupArn=ip_tg)['TargetHealthDescriptions'][0]
    assert h['Target'] == {'Id': '10.0.0.1', 'Port': 8080}
    expect_error(lambda: call('DeregisterTargets', TargetGroupArn=ip_tg,
                              Targets=[{'Id': '10.0.0.2'}]), 'InvalidTarget')


# -- listeners -------------------------------------------------------------------------

def test_listener_create_and_describe(env):
    emu, _, call = env
    lb, tg = make_alb(call), make_tg(call)
    ls = make_listener(call, lb, tg, Tags=[{'Key': 'a', 'Value': 'b'}])
    suffix = lb['LoadBalancerArn'].split(':loadbalancer/')[1]
    assert re.fullmatch(r'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/'
                        + re.escape(suffix) + r'/[0-9a-f]{16}', ls['ListenerArn'])
    assert ls['DefaultActions'] == [{
        'Type': 'forward', 'TargetGroupArn': tg['TargetGroupArn'],
        'ForwardConfig': {'TargetGroups': [{'TargetGroupArn': tg['TargetGroupArn'],
                                            'Weight': 1}],
                          'TargetGroupStickinessConfig': {'Enabled': False}}}]
    assert ls['ListenerArn'] in emu.created
    by_lb = call('DescribeListeners', LoadBalancerArn=lb['LoadBalancerArn'])['Listeners']
    assert [x['ListenerArn'] for x in by_lb] == [ls['ListenerArn']]
    by_arn = call('DescribeListeners', ListenerArns=[ls['ListenerArn']])['Listeners'][0]
    assert by_arn == ls
    expect_error(lambda: call('DescribeListeners'), 'ValidationError')
    expect_error(lambda: call('DescribeListeners', ListenerArns=[ls['ListenerArn'] + '0']),
                 'ListenerNotFound')


def test_listener_errors(env):
    _, _, call = env
    lb, tg = make_alb(call), make_tg(call)
    make_listener(call, lb, tg)
    expect_error(lambda: make_listener(call, lb, tg), 'DuplicateListener')
    expect_error(lambda: make_listener(call, lb, tg, port=81, Protocol='TCP'),
                 'ValidationError', "must be one of")
    expect_error(lambda: make_listener(call, lb, tg, port=443, Protocol='HTTPS'),
                 'CertificateNotFound')
    tcp = make_tg(call, name='tcp', Protocol='TCP', Port=22)
    expect_error(lambda: make_listener(call, lb, tcp, port=82), 'IncompatibleProtocols')
    lb2 = make_alb(call, name='second')
    expect_error(lambda: make_listener(call, lb2, tg), 'TargetGroupAssociationLimit')
    gone = tg['TargetGroupArn'][:-1] + ('0' if tg['TargetGroupArn'][-1] != '0' else '1')
    expect_error(lambda: call('CreateListener', LoadBalancerArn=lb['LoadBalancerArn'], Port=83,
                              Protocol='HTTP',
                              DefaultActions=[{'Type': 'forward', 'TargetGroupArn': gone}]),
                 'TargetGroupNotFound')


def test_https_listener_and_attributes(env):
    _, _, call = env
    lb, tg = make_alb(call), make_tg(call)
    cert = 'arn:aws:acm:us-east-1:123456789012:certificate/abc'
    ls = make_listener(call, lb, tg, port=443, Protocol='HTTPS',
                       Certificates=[{'CertificateArn': cert}])
    assert ls['SslPolicy'] == 'ELBSecurityPolicy-2016-08'
    assert ls['Certificates'] == [{'CertificateArn': cert}]
    assert ls['MutualAuthentication'] == {'Mode': 'off'}
    a = attrs(call('DescribeListenerAttributes', ListenerArn=ls['ListenerArn'])['Attributes'])
    assert a['routing.http.response.server.enabled'] == 'true'
    assert a['routing.http.request.x_amzn_tls_version.header_name'] == 'X-Amzn-Tls-Version'
    out = call('ModifyListenerAttributes', ListenerArn=ls['ListenerArn'],
               Attributes=[{'Key': 'routing.http.response.server.enabled', 'Value': 'false'}])
    assert attrs(out['Attributes'])['routing.http.response.server.enabled'] == 'false'
    expect_error(lambda: call('ModifyListenerAttributes', ListenerArn=ls['ListenerArn'],
                              Attributes=[{'Key': 'tcp.idle_timeout.seconds',
                                           'Value': '100'}]),
                 'InvalidConfigurationRequest')


def test_redirect_and_fixed_response_actions(env):
    _, _, call = env
    lb = make_alb(call)
    ls = call('CreateListener', LoadBalancerArn=lb['LoadBalancerArn'], Port=80, Protocol='HTTP',
              DefaultActions=[{'Type': 'redirect', 'Order': 1,
                               'RedirectConfig': {'Protocol': 'HTTPS', 'Port': '443',
                                                  'StatusCode': 'HTTP_301'}}])['Listeners'][0]
    assert ls['DefaultActions'] == [{'Type': 'redirect', 'Order': 1, 'RedirectConfig': {
        'Protocol': 'HTTPS', 'Port': '443', 'Host': '#{host}', 'Path': '/#{path}',
        'Query': '#{query}', 'StatusCode': 'HTTP_301'}}]
    out = call('ModifyListener', ListenerArn=ls['ListenerArn'], DefaultActions=[
        {'Type': 'fixed-response', 'FixedResponseConfig': {'StatusCode': '404',
                                                           'ContentType': 'text/plain'}}])
    assert out['Listeners'][0]['DefaultActions'][0]['FixedResponseConfig']['StatusCode'] == '404'


def test_modify_listener_switches_target_group(env):
    _, _, call = env
    lb, tg1, tg2 = make_alb(call), make_tg(call, name='one'), make_tg(call, name='two')
    ls = make_listener(call, lb, tg1)
    out = call('ModifyListener', ListenerArn=ls['ListenerArn'], Port=8080,
               DefaultActions=[{'Type': 'forward', 'TargetGroupArn': tg2['TargetGroupArn']}])
    assert out['Listeners'][0]['Port'] == 8080
    assert out['Listeners'][0]['DefaultActions'][0]['TargetGroupArn'] == tg2['TargetGroupArn']
    d = call('DescribeTargetGroups', TargetGroupArns=[tg1['TargetGroupArn'],
                                                      tg2['TargetGroupArn']])['TargetGroups']
    assert d[0]['LoadBalancerArns'] == [] and d[1]['LoadBalancerArns'] == [lb['LoadBalancerArn']]
    call('DeleteTargetGroup', TargetGroupArn=tg1['TargetGroupArn'])


def test_describe_rules_default_rule(env):
    _, _, call = env
    lb, tg = make_alb(call), make_tg(call)
    ls = make_listener(call, lb, tg)
    rules = call('DescribeRules', ListenerArn=ls['ListenerArn'])['Rules']
    assert len(rules) == 1 and rules[0]['IsDefault'] is True and rules[0]['Priority'] == 'default'
    assert rules[0]['Actions'] == ls['DefaultActions'] and rules[0]['Conditions'] == []
    assert ':listener-rule/app/web/' in rules[0]['RuleArn']
    again = call('DescribeRules', RuleArns=[rules[0]['RuleArn']])['Rules']
    assert again == rules


# -- tags --------------------------------------------------------------------------------

def test_tags(env):
    _, _, call = env
    lb, tg = make_alb(call, Tags=[{'Key': 'Name', 'Value': 'web'}]), make_tg(call)
    arns = [lb['LoadBalancerArn'], tg['TargetGroupArn']]
    call('AddTags', ResourceArns=arns, Tags=[{'Key': 'team', 'Value': 'x'}])
    d = call('DescribeTags', ResourceArns=arns)['TagDescriptions']
    assert d[0]['Tags'] == [{'Key': 'Name', 'Value': 'web'}, {'Key': 'team', 'Value': 'x'}]
    assert d[1]['Tags'] == [{'Key': 'team', 'Value': 'x'}]
    call('RemoveTags', ResourceArns=[lb['LoadBalancerArn']], TagKeys=['Name'])
    d = call('DescribeTags', ResourceArns=[lb['LoadBalancerArn']])['TagDescriptions']
    assert d[0]['Tags'] == [{'Key': 'team', 'Value': 'x'}]
    expect_error(lambda: call('DescribeTags', ResourceArns=arns * 11), 'ValidationError', '20')
    expect_error(lambda: call('AddTags', ResourceArns=arns,
                              Tags=[{'Key': 'k', 'Value': '1'}, {'Key': 'k', 'Value': '2'}]),
                 'DuplicateTagKeys')
    expect_error(lambda: call('AddTags', ResourceArns=[lb['LoadBalancerArn']],
                              Tags=[{'Key': 'k%d' % i, 'Value': ''} for i in range(50)]),
                 'TooManyTags')
    bad_tg = tg['TargetGroupArn'].replace('web-tg', 'nope')
    expect_error(lambda: call('DescribeTags', ResourceArns=[bad_tg]), 'TargetGroupNotFound')


def test_unknown_operation_and_reset(env):
    _, svc, call = env
    expect_error(lambda: svc.handle('CreateRuleOfTheWorld', {}), 'InvalidAction')
    make_alb(call)
    svc.reset()
    assert svc.snapshot() == {'load_balancers': [], 'target_groups': [], 'listeners': [],
                              'rules': [], 'listener_certificates': []}


def test_internal_api_for_other_services(env):
    emu, svc, call = env
    ec2 = emu.services['ec2']
    iid = ec2.run_instances_internal('ami-1', 't3.micro', SUBNET_A, [], None, {})
    lb, tg = make_alb(call), make_tg(call)
    make_listener(call, lb, tg)
    found = svc.find_target_group_internal(tg['TargetGroupArn'])
    assert found['LoadBalancerArns'] == [lb['LoadBalancerArn']]
    assert svc.find_target_group_internal(tg['TargetGroupArn'] + 'x') is None
    svc.register_targets_internal(tg['TargetGroupArn'], [iid])
    emu.advance(5)
    assert svc.target_states_internal(tg['TargetGroupArn']) == {iid: 'healthy'}
    svc.deregister_targets_internal(tg['TargetGroupArn'], [iid])
    assert svc.target_states_internal(tg['TargetGroupArn']) == {iid: 'draining'}


def test_load_balancer_network_interfaces(env):
    emu, _, call = env
    ec2 = emu.services['ec2']
    lb = make_alb(call)
    suffix = lb['LoadBalancerArn'].split(':loadbalancer/')[1]
    enis = sorted(ec2.enis.values(), key=lambda e: e['SubnetId'])
    assert [e['SubnetId'] for e in enis] == [SUBNET_A, SUBNET_B]
    assert all(e['Description'] == 'ELB ' + suffix and e['Groups'] == [SG]
               and e['RequesterId'] == 'amazon-elb' and e['PublicIp'] for e in enis)
    call('SetSubnets', LoadBalancerArn=lb['LoadBalancerArn'], Subnets=[SUBNET_B, SUBNET_C])
    assert sorted(e['SubnetId'] for e in ec2.enis.values()) == [SUBNET_B, SUBNET_C]
    call('SetSecurityGroups', LoadBalancerArn=lb['LoadBalancerArn'], SecurityGroups=[SG2])
    assert all(e['Groups'] == [SG2] for e in ec2.enis.values()) and len(ec2.enis) == 2
    expect_error(lambda: call('SetSubnets', LoadBalancerArn=lb['LoadBalancerArn'],
                              Subnets=[SUBNET_A, 'subnet-0000000000000bad0']), 'SubnetNotFound')
    assert len(ec2.enis) == 2          # a refused change leaves the interfaces alone
    call('DeleteLoadBalancer', LoadBalancerArn=lb['LoadBalancerArn'])
    assert ec2.enis == {}


def test_register_terminated_or_foreign_instance(env):
    emu, _, call = env
    ec2 = emu.services['ec2']
    arn = make_tg(call)['TargetGroupArn']
    dead = ec2.run_instances_internal('ami-1', 't3.micro', SUBNET_A, [], None, {})
    ec2.terminate_instances_internal([dead])
    expect_error(lambda: call('RegisterTargets', TargetGroupArn=arn, Targets=[{'Id': dead}]),
                 'InvalidTarget', 'not in a running state')
    foreign = ec2.run_instances_internal('ami-1', 't3.micro', SUBNET_OTHER_VPC, [], None, {})
    expect_error(lambda: call('RegisterTargets', TargetGroupArn=arn, Targets=[{'Id': foreign}]),
                 'InvalidTarget', 'target group VPC')


# -- listener rules ---------------------------------------------------------------

def make_rule(call, ls, tg, priority=10, conditions=None, **extra):
    params = dict(ListenerArn=ls['ListenerArn'], Priority=priority,
                  Conditions=conditions or [{'Field': 'path-pattern',
                                             'PathPatternConfig': {'Values': ['/api/*']}}],
                  Actions=[{'Type': 'forward', 'TargetGroupArn': tg['TargetGroupArn']}])
    params.update(extra)
    return call('CreateRule', **params)['Rules'][0]


def test_rules_lifecycle(env):
    _, svc, call = env
    lb, tg = make_alb(call), make_tg(call)
    ls = make_listener(call, lb, tg)
    rule = make_rule(call, ls, tg, Tags=[{'Key': 'k', 'Value': 'v'}])
    assert rule['RuleArn'].startswith(
        ls['ListenerArn'].replace(':listener/', ':listener-rule/') + '/')
    assert rule['Priority'] == '10' and rule['IsDefault'] is False
    assert rule['Conditions'] == [{'Field': 'path-pattern', 'Values': ['/api/*'],
                                   'PathPatternConfig': {'Values': ['/api/*']}}]
    assert rule['Actions'][0]['ForwardConfig']['TargetGroups'] == [
        {'TargetGroupArn': tg['TargetGroupArn'], 'Weight': 1}]
    second = make_rule(call, ls, tg, priority=5, conditions=[
        {'Field': 'http-header', 'HttpHeaderConfig': {'HttpHeaderName': 'X-A', 'Values': ['1']}},
        {'Field': 'query-string', 'QueryStringConfig': {'Values': [{'Key': 'a', 'Value': 'b'}]}},
        {'Field': 'source-ip', 'SourceIpConfig': {'Values': ['10.0.0.0/8']}},
        {'Field': 'http-request-method', 'HttpRequestMethodConfig': {'Values': ['GET']}}])
    assert 'Values' not in second['Conditions'][0]
    rules = call('DescribeRules', ListenerArn=ls['ListenerArn'])['Rules']
    assert [r['Priority'] for r in rules] == ['5', '10', 'default']
    expect_error(lambda: make_rule(call, ls, tg, priority=5), 'PriorityInUse')
    call('SetRulePriorities', RulePriorities=[{'RuleArn': rule['RuleArn'], 'Priority': 1}])
    got = call('DescribeRules', RuleArns=[rule['RuleArn']])['Rules'][0]
    assert got['Priority'] == '1'
    expect_error(lambda: call('SetRulePriorities', RulePriorities=[
        {'RuleArn': rule['RuleArn'], 'Priority': 5}]), 'PriorityInUse')
    call('ModifyRule', RuleArn=rule['RuleArn'],
         Conditions=[{'Field': 'host-header', 'HostHeaderConfig': {'Values': ['a.example']}}],
         Actions=[{'Type': 'fixed-response',
                   'FixedResponseConfig': {'ContentType': 'text/plain', 'StatusCode': '404'}}])
    got = call('DescribeRules', RuleArns=[rule['RuleArn']])['Rules'][0]
    assert got['Conditions'][0]['Field'] == 'host-header'
    assert got['Actions'][0]['Type'] == 'fixed-response'
    assert call('DescribeTags', ResourceArns=[rule['RuleArn']])['TagDescriptions'][0][
        'Tags'] == [{'Key': 'k', 'Value': 'v'}]
    default = rules[-1]['RuleArn']
    expect_error(lambda: call('DeleteRule', RuleArn=default), 'OperationNotPermitted')
    expect_error(lambda: call('DeleteTargetGroup', TargetGroupArn=tg['TargetGroupArn']),
                 'ResourceInUse')
    call('DeleteRule', RuleArn=rule['RuleArn'])
    expect_error(lambda: call('DeleteRule', RuleArn=rule['RuleArn']), 'RuleNotFound')
    expect_error(lambda: call('DescribeRules', RuleArns=[rule['RuleArn']]), 'RuleNotFound')
    call('DeleteListener', ListenerArn=ls['ListenerArn'])
    assert svc.snapshot()['rules'] == []


def test_rule_condition_checks(env):
    _, _, call = env
    lb, tg = make_alb(call), make_tg(call)
    ls = make_listener(call, lb, tg)
    two = {'Field': 'host-header', 'HostHeaderConfig': {'Values': ['a']},
           'PathPatternConfig': {'Values': ['/']}}
    expect_error(lambda: make_rule(call, ls, tg, conditions=[two]), 'ValidationError')
    expect_error(lambda: make_rule(call, ls, tg, conditions=[
        {'Field': 'source-ip', 'SourceIpConfig': {'Values': ['10.0.0.1/8']}}]),
        'ValidationError')
    expect_error(lambda: make_rule(call, ls, tg, conditions=[
        {'Field': 'path-pattern', 'PathPatternConfig': {'Values': ['/a']}},
        {'Field': 'path-pattern', 'PathPatternConfig': {'Values': ['/b']}}]),
        'ValidationError')
    expect_error(lambda: make_rule(call, ls, tg, conditions=[
        {'Field': 'path-pattern', 'PathPatternConfig': {'Values': ['/%d' % i for i in range(6)]}}]),
        'TooManyConditionValues')
    legacy = make_rule(call, ls, tg, conditions=[{'Field': 'host-header', 'Values': ['x.y']}])
    assert legacy['Conditions'][0]['HostHeaderConfig'] == {'Values': ['x.y']}


def test_listener_certificates(env):
    _, svc, call = env
    lb, tg = make_alb(call), make_tg(call)
    cert = 'arn:aws:acm:us-east-1:123456789012:certificate/one'
    extra = 'arn:aws:iam::123456789012:server-certificate/two'
    http = make_listener(call, lb, tg)
    https = make_listener(call, lb, tg, port=443, Protocol='HTTPS',
                          Certificates=[{'CertificateArn': cert}])
    expect_error(lambda: call('AddListenerCertificates', ListenerArn=http['ListenerArn'],
                              Certificates=[{'CertificateArn': extra}]),
                 'InvalidConfigurationRequest')
    expect_error(lambda: call('AddListenerCertificates', ListenerArn=https['ListenerArn'],
                              Certificates=[{'CertificateArn': 'nope'}]), 'CertificateNotFound')
    call('AddListenerCertificates', ListenerArn=https['ListenerArn'],
         Certificates=[{'CertificateArn': extra}])
    got = call('DescribeListenerCertificates', ListenerArn=https['ListenerArn'])['Certificates']
    assert got == [{'CertificateArn': cert, 'IsDefault': True},
                   {'CertificateArn': extra, 'IsDefault': False}]
    assert svc.snapshot()['listener_certificates'] == ['%s_%s' % (https['ListenerArn'], extra)]
    expect_error(lambda: call('RemoveListenerCertificates', ListenerArn=https['ListenerArn'],
                              Certificates=[{'CertificateArn': cert}]), 'OperationNotPermitted')
    call('RemoveListenerCertificates', ListenerArn=https['ListenerArn'],
         Certificates=[{'CertificateArn': extra}])
    got = call('DescribeListenerCertificates', ListenerArn=https['ListenerArn'])['Certificates']
    assert got == [{'CertificateArn': cert, 'IsDefault': True}]

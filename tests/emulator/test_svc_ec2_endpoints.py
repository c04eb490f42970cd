"""Tests of svc_ec2_endpoints: the endpoint service catalog
(DescribeVpcEndpointServices) and an endpoint's subnet configurations and
DNS options.  Calls go over the wire, validated against the EC2 model.

Run: /usr/bin/python3 -m pytest tests/emulator/test_svc_ec2_endpoints.py
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from test_svc_ec2_gateways import (  # noqa: E402,F401
    AK, SK, c, call, emu, error_of, shaped)


def test_endpoint_services_catalog(c, emu):
    r = emu.region
    out = shaped(emu, 'DescribeVpcEndpointServices', ServiceNames=['com.amazonaws.%s.s3' % r])
    kinds = sorted(d['ServiceType'][0]['ServiceType'] for d in out['ServiceDetails'])
    assert kinds == ['Gateway', 'Interface']
    out = call(c, 'DescribeVpcEndpointServices', ServiceNames=['com.amazonaws.%s.rds' % r],
               Filters=[{'Name': 'service-type', 'Values': ['Interface']}])
    [d] = out['ServiceDetails']
    assert d['PrivateDnsName'] == 'rds.%s.amazonaws.com' % r and d['Owner'] == 'amazon'
    assert d['ServiceRegion'] == r and d['SupportedIpAddressTypes'] == ['ipv4']
    out = call(c, 'DescribeVpcEndpointServices', ServiceNames=['com.amazonaws.%s.rds' % r],
               Filters=[{'Name': 'service-type', 'Values': ['Gateway']}])
    assert out.get('ServiceDetails', []) == []
    assert error_of(c, 'DescribeVpcEndpointServices',
                    ServiceNames=['com.amazonaws.%s.nope' % r]).code == 'InvalidServiceName'


def test_subnet_configuration_and_dns_options(c, emu):
    r = emu.region
    v = call(c, 'CreateVpc', CidrBlock='10.0.0.0/16')['Vpc']['VpcId']
    for attr in ('EnableDnsSupport', 'EnableDnsHostnames'):
        call(c, 'ModifyVpcAttribute', VpcId=v, **{attr: {'Value': True}})
    s = call(c, 'CreateSubnet', VpcId=v, CidrBlock='10.0.1.0/24',
             AvailabilityZone=r + 'a')['Subnet']['SubnetId']
    assert error_of(c, 'CreateVpcEndpoint', VpcId=v, VpcEndpointType='Interface',
                    ServiceName='com.amazonaws.%s.ecs' % r,
                    SubnetConfigurations=[{'SubnetId': s, 'Ipv4': '10.0.2.10'}]).code == \
        'InvalidParameter'
    assert error_of(c, 'CreateVpcEndpoint', VpcId=v, VpcEndpointType='Interface',
                    ServiceName='com.amazonaws.%s.ecs' % r, SubnetIds=[s],
                    DnsOptions={'PrivateDnsOnlyForInboundResolverEndpoint': False}).code == \
        'InvalidParameter'
    assert call(c, 'DescribeNetworkInterfaces').get('NetworkInterfaces', []) == []
    e = call(c, 'CreateVpcEndpoint', VpcId=v, VpcEndpointType='Interface',
             ServiceName='com.amazonaws.%s.ecs' % r, SubnetIds=[s],
             SubnetConfigurations=[{'SubnetId': s, 'Ipv4': '10.0.1.10'}])['VpcEndpoint']
    [eni] = e['NetworkInterfaceIds']
    ni = call(c, 'DescribeNetworkInterfaces', NetworkInterfaceIds=[eni])['NetworkInterfaces'][0]
    assert ni['PrivateIpAddress'] == '10.0.1.10' and ni['SubnetId'] == s
    e = call(c, 'CreateVpcEndpoint', VpcId=v, VpcEndpointType='Interface',
             ServiceName='com.amazonaws.%s.s3' % r, SubnetIds=[s],
             DnsOptions={'PrivateDnsOnlyForInboundResolverEndpoint': False})['VpcEndpoint']
    d = shaped(emu, 'DescribeVpcEndpoints', VpcEndpointIds=[e['VpcEndpointId']])
    assert d['VpcEndpoints'][0]['DnsOptions']['PrivateDnsOnlyForInboundResolverEndpoint'] is False


def test_modify_applies_subnet_configurations(c, emu):
    r = emu.region
    v = call(c, 'CreateVpc', CidrBlock='10.0.0.0/16')['Vpc']['VpcId']
    a = call(c, 'CreateSubnet', VpcId=v, CidrBlock='10.0.1.0/24',
             AvailabilityZone=r + 'a')['Subnet']['SubnetId']
    b = call(c, 'CreateSubnet', VpcId=v, CidrBlock='10.0.2.0/24',
             AvailabilityZone=r + 'b')['Subnet']['SubnetId']
    e = call(c, 'CreateVpcEndpoint', VpcId=v, VpcEndpointType='Interface',
             ServiceName='com.amazonaws.%s.ssm' % r, PrivateDnsEnabled=False,
             SubnetIds=[a])['VpcEndpoint']
    call(c, 'ModifyVpcEndpoint', VpcEndpointId=e['VpcEndpointId'], AddSubnetIds=[b],
         SubnetConfigurations=[{'SubnetId': a, 'Ipv4': '10.0.1.20'},
                               {'SubnetId': b, 'Ipv4': '10.0.2.20'}])
    e = call(c, 'DescribeVpcEndpoints', VpcEndpointIds=[e['VpcEndpointId']])['VpcEndpoints'][0]
    nis = call(c, 'DescribeNetworkInterfaces',
               NetworkInterfaceIds=e['NetworkInterfaceIds'])['NetworkInterfaces']
    assert sorted(n['PrivateIpAddress'] for n in nis) == ['10.0.1.20', '10.0.2.20']
    assert error_of(c, 'ModifyVpcEndpoint', VpcEndpointId=e['VpcEndpointId'],
                    SubnetConfigurations=[{'SubnetId': a, 'Ipv4': '10.9.0.1'}]).code == \
        'InvalidParameter'

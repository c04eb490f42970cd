"""Tests of svc_ec2_vpc_extras and svc_ec2_vpn: DHCP options and their
association, secondary IPv4 blocks, customer gateways, flow logs, VPN
gateways with attachment states and route propagation.  Calls go over the
wire (signed, validated against the EC2 model, parsed by the model's output
shape); Describe answers are also checked against the model.

Run: /usr/bin/python3 -m pytest tests/emulator/test_svc_ec2_vpc_extras.py
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

# the fixtures (emu with state changes at the next request, a client signing
# with the gateways' tests' keys) and call helpers of the gateways' tests
from test_svc_ec2_gateways import (  # noqa: E402,F401
    AK, SK, assert_empty, c, call, emu, error_of, shaped)


def vpc(c, cidr='10.0.0.0/16'):
    return call(c, 'CreateVpc', CidrBlock=cidr)['Vpc']['VpcId']


def test_dhcp_options_lifecycle_and_association(c, emu):
    v = vpc(c)
    default = call(c, 'DescribeVpcs', VpcIds=[v])['Vpcs'][0]['DhcpOptionsId']
    d = shaped(emu, 'DescribeDhcpOptions', DhcpOptionsIds=[default])['DhcpOptions'][0]
    assert {x['Key'] for x in d['DhcpConfigurations']} == {'domain-name',
                                                           'domain-name-servers'}
    out = call(c, 'CreateDhcpOptions', DhcpConfigurations=[
        {'Key': 'domain-name', 'Values': ['service.consul']},
        {'Key': 'domain-name-servers', 'Values': ['127.0.0.1', '10.10.0.2']},
        {'Key': 'netbios-node-type', 'Values': ['2']}],
        TagSpecifications=[{'ResourceType': 'dhcp-options',
                            'Tags': [{'Key': 'Name', 'Value': 'x'}]}])['DhcpOptions']
    did = out['DhcpOptionsId']
    assert did.startswith('dopt-')
    d = shaped(emu, 'DescribeDhcpOptions', DhcpOptionsIds=[did])['DhcpOptions'][0]
    conf = {x['Key']: [y['Value'] for y in x['Values']] for x in d['DhcpConfigurations']}
    assert conf == {'domain-name': ['service.consul'],
                    'domain-name-servers': ['127.0.0.1', '10.10.0.2'],
                    'netbios-node-type': ['2']}
    assert d['Tags'] == [{'Key': 'Name', 'Value': 'x'}]
    call(c, 'AssociateDhcpOptions', DhcpOptionsId=did, VpcId=v)
    assert call(c, 'DescribeVpcs', VpcIds=[v])['Vpcs'][0]['DhcpOptionsId'] == did
    found = call(c, 'DescribeVpcs', Filters=[{'Name': 'dhcp-options-id', 'Values': [did]}])
    assert [x['VpcId'] for x in found['Vpcs']] == [v]
    assert error_of(c, 'DeleteDhcpOptions', DhcpOptionsId=did).code == 'DependencyViolation'
    call(c, 'AssociateDhcpOptions', DhcpOptionsId='default', VpcId=v)
    assert call(c, 'DescribeVpcs', VpcIds=[v])['Vpcs'][0]['DhcpOptionsId'] == 'default'
    call(c, 'DeleteDhcpOptions', DhcpOptionsId=did)
    assert error_of(c, 'DescribeDhcpOptions', DhcpOptionsIds=[did]).code == \
        'InvalidDhcpOptionID.NotFound'
    assert error_of(c, 'AssociateDhcpOptions', DhcpOptionsId=did, VpcId=v).code == \
        'InvalidDhcpOptionID.NotFound'
    # bad values are refused as EC2 refuses them
    for conf in ([{'Key': 'netbios-node-type', 'Values': ['3']}],
                 [{'Key': 'bogus', 'Values': ['x']}],
                 [{'Key': 'domain-name-servers', 'Values': ['not-an-ip']}],
                 [{'Key': 'ipv6-address-preferred-lease-time', 'Values': ['10']}]):
        assert error_of(c, 'CreateDhcpOptions', DhcpConfigurations=conf).code == \
            'InvalidParameterValue'
    call(c, 'DeleteVpc', VpcId=v)
    assert_empty(emu)


def test_secondary_ipv4_blocks(c, emu):
    v = vpc(c, '10.0.0.0/16')
    out = call(c, 'AssociateVpcCidrBlock', VpcId=v, CidrBlock='10.1.0.0/16')
    a = out['CidrBlockAssociation']
    assert a['CidrBlockState']['State'] == 'associating'
    got = shaped(emu, 'DescribeVpcs', VpcIds=[v])['Vpcs'][0]['CidrBlockAssociationSet']
    assert {x['CidrBlock']: x['CidrBlockState']['State'] for x in got} == {
        '10.0.0.0/16': 'associated', '10.1.0.0/16': 'associated'}
    flt = call(c, 'DescribeVpcs', Filters=[{'Name': 'cidr-block-association.association-id',
                                            'Values': [a['AssociationId']]}])['Vpcs']
    assert [x['VpcId'] for x in flt] == [v]
    assert error_of(c, 'AssociateVpcCidrBlock', VpcId=v, CidrBlock='10.1.128.0/17').code == \
        'InvalidVpc.Range'
    assert error_of(c, 'AssociateVpcCidrBlock', VpcId=v, CidrBlock='10.2.0.0/29').code == \
        'InvalidVpc.Range'
    s = call(c, 'CreateSubnet', VpcId=v, CidrBlock='10.1.1.0/24')['Subnet']['SubnetId']
    assert error_of(c, 'DisassociateVpcCidrBlock', AssociationId=a['AssociationId']).code == \
        'InvalidCidrBlock.InUse'
    call(c, 'DeleteSubnet', SubnetId=s)
    primary = got[0]['AssociationId']
    assert error_of(c, 'DisassociateVpcCidrBlock', AssociationId=primary).code == \
        'OperationNotPermitted'
    out = call(c, 'DisassociateVpcCidrBlock', AssociationId=a['AssociationId'])
    assert out['CidrBlockAssociation']['CidrBlockState']['State'] == 'disassociating'
    got = call(c, 'DescribeVpcs', VpcIds=[v])['Vpcs'][0]['CidrBlockAssociationSet']
    assert [x['CidrBlock'] for x in got] == ['10.0.0.0/16']
    assert error_of(c, 'DisassociateVpcCidrBlock', AssociationId=a['AssociationId']).code == \
        'InvalidVpcCidrBlockAssociationID.NotFound'
    call(c, 'DeleteVpc', VpcId=v)
    assert_empty(emu)


def test_customer_gateway_lifecycle(c, emu):
    out = call(c, 'CreateCustomerGateway', Type='ipsec.1', BgpAsn=65112,
               IpAddress='49.33.1.162', DeviceName='edge',
               TagSpecifications=[{'ResourceType': 'customer-gateway',
                                   'Tags': [{'Key': 'Name', 'Value': 'cg'}]}])
    g = out['CustomerGateway']
    assert g['State'] == 'pending' and g['BgpAsn'] == '65112'
    got = shaped(emu, 'DescribeCustomerGateways', CustomerGatewayIds=[
        g['CustomerGatewayId']])['CustomerGateways'][0]
    assert got['State'] == 'available' and got['IpAddress'] == '49.33.1.162'
    assert got['DeviceName'] == 'edge' and got['Tags'] == [{'Key': 'Name', 'Value': 'cg'}]
    ext = call(c, 'CreateCustomerGateway', Type='ipsec.1', BgpAsnExtended=2147483648,
               IpAddress='49.33.1.163')['CustomerGateway']
    assert ext['BgpAsnExtended'] == '2147483648' and 'BgpAsn' not in ext
    assert error_of(c, 'CreateCustomerGateway', Type='ipsec.1', BgpAsn=65000,
                    BgpAsnExtended=2147483648, IpAddress='1.2.3.4').code == \
        'InvalidParameterCombination'
    assert error_of(c, 'CreateCustomerGateway', Type='ipsec.1', BgpAsn=65000,
                    IpAddress='1.2.3').code == 'InvalidParameterValue'
    for gid in (g['CustomerGatewayId'], ext['CustomerGatewayId']):
        call(c, 'DeleteCustomerGateway', CustomerGatewayId=gid)
    got = call(c, 'DescribeCustomerGateways', CustomerGatewayIds=[g['CustomerGatewayId']])
    assert got['CustomerGateways'][0]['State'] in ('deleting', 'deleted')
    got = call(c, 'DescribeCustomerGateways', CustomerGatewayIds=[g['CustomerGatewayId']])
    assert got['CustomerGateways'][0]['State'] == 'deleted'
    assert_empty(emu)


def test_flow_logs(c, emu):
    v = vpc(c)
    role = 'arn:aws:iam::123456789012:role/flow'
    token = 'tok-1'
    out = call(c, 'CreateFlowLogs', ResourceIds=[v], ResourceType='VPC', TrafficType='ALL',
               LogDestinationType='cloud-watch-logs',
               LogDestination='arn:aws:logs:us-east-1:123456789012:log-group:/fl/x',
               DeliverLogsPermissionArn=role, MaxAggregationInterval=60, ClientToken=token,
               TagSpecifications=[{'ResourceType': 'vpc-flow-log',
                                   'Tags': [{'Key': 'k', 'Value': 'v'}]}])
    fid = out['FlowLogIds'][0]
    again = call(c, 'CreateFlowLogs', ResourceIds=[v], ResourceType='VPC', TrafficType='ALL',
                 LogDestinationType='cloud-watch-logs',
                 LogDestination='arn:aws:logs:us-east-1:123456789012:log-group:/fl/x',
                 DeliverLogsPermissionArn=role, MaxAggregationInterval=60, ClientToken=token)
    assert again['FlowLogIds'] == [fid]
    f = shaped(emu, 'DescribeFlowLogs', FlowLogIds=[fid])['FlowLogs'][0]
    assert f['LogGroupName'] == '/fl/x' and f['DeliverLogsPermissionArn'] == role
    assert f['MaxAggregationInterval'] == 60 and f['ResourceId'] == v
    assert f['LogFormat'].startswith('${version} ${account-id}')
    assert f['Tags'] == [{'Key': 'k', 'Value': 'v'}]
    s3 = call(c, 'CreateFlowLogs', ResourceIds=[v], ResourceType='VPC', TrafficType='REJECT',
              LogDestinationType='s3', LogDestination='arn:aws:s3:::my-bucket/logs/',
              DestinationOptions={'FileFormat': 'parquet', 'PerHourPartition': True})
    f2 = shaped(emu, 'DescribeFlowLogs', FlowLogIds=s3['FlowLogIds'])['FlowLogs'][0]
    assert f2['DestinationOptions'] == {'FileFormat': 'parquet',
                                        'HiveCompatiblePartitions': False,
                                        'PerHourPartition': True}
    assert 'LogGroupName' not in f2
    missing = call(c, 'CreateFlowLogs', ResourceIds=['vpc-0123456789abcdef0'],
                   ResourceType='VPC', TrafficType='ALL', LogDestinationType='s3',
                   LogDestination='arn:aws:s3:::my-bucket')
    assert missing['FlowLogIds'] == [] and missing['Unsuccessful'][0]['Error']['Code'] == \
        'InvalidVpcID.NotFound'
    assert error_of(c, 'CreateFlowLogs', ResourceIds=[v], ResourceType='VPC',
                    TrafficType='ALL', LogGroupName='g').code == 'InvalidParameter'
    assert error_of(c, 'CreateFlowLogs', ResourceIds=[v], ResourceType='VPC',
                    TrafficType='ALL', LogDestinationType='s3',
                    LogDestination='arn:aws:logs:us-east-1:123456789012:log-group:g').code == \
        'InvalidParameter'
    # the model refuses a bad enum before the service sees it
    assert error_of(c, 'CreateFlowLogs', ResourceIds=[v], ResourceType='Vpc',
                    TrafficType='ALL', LogGroupName='g').code in ('ValidationError',
                                                                  'InvalidParameterValue')
    out = call(c, 'DeleteFlowLogs', FlowLogIds=[fid, 'fl-0123456789abcdef0'])
    assert [u['ResourceId'] for u in out['Unsuccessful']] == ['fl-0123456789abcdef0']
    call(c, 'DeleteVpc', VpcId=v)
    assert call(c, 'DescribeFlowLogs')['FlowLogs'] == []
    assert_empty(emu)


def test_vpn_gateway_states_and_propagation(c, emu):
    v = vpc(c)
    rtb = call(c, 'CreateRouteTable', VpcId=v)['RouteTable']['RouteTableId']
    g = call(c, 'CreateVpnGateway', Type='ipsec.1', AmazonSideAsn=64520,
             AvailabilityZone='us-east-1a')['VpnGateway']
    assert g['State'] == 'pending' and g['AvailabilityZone'] == 'us-east-1a'
    gid = g['VpnGatewayId']
    got = shaped(emu, 'DescribeVpnGateways', VpnGatewayIds=[gid])['VpnGateways'][0]
    assert got['State'] == 'available' and got['AmazonSideAsn'] == 64520
    out = call(c, 'AttachVpnGateway', VpnGatewayId=gid, VpcId=v)
    assert out['VpcAttachment']['State'] == 'attaching'
    assert error_of(c, 'DeleteVpnGateway', VpnGatewayId=gid).code == 'IncorrectState'
    got = call(c, 'DescribeVpnGateways', VpnGatewayIds=[gid])['VpnGateways'][0]
    assert got['VpcAttachments'] == [{'State': 'attached', 'VpcId': v}]
    call(c, 'EnableVgwRoutePropagation', RouteTableId=rtb, GatewayId=gid)
    t = call(c, 'DescribeRouteTables', RouteTableIds=[rtb])['RouteTables'][0]
    assert t['PropagatingVgws'] == [{'GatewayId': gid}]
    call(c, 'DisableVgwRoutePropagation', RouteTableId=rtb, GatewayId=gid)
    t = call(c, 'DescribeRouteTables', RouteTableIds=[rtb])['RouteTables'][0]
    assert not t.get('PropagatingVgws')
    call(c, 'DetachVpnGateway', VpnGatewayId=gid, VpcId=v)
    got = call(c, 'DescribeVpnGateways', VpnGatewayIds=[gid])['VpnGateways'][0]
    assert got['VpcAttachments'] == [{'State': 'detached', 'VpcId': v}]
    assert error_of(c, 'EnableVgwRoutePropagation', RouteTableId=rtb,
                    GatewayId=gid).code == 'Gateway.NotAttached'
    assert error_of(c, 'CreateVpnGateway', Type='ipsec.1', AmazonSideAsn=100).code == \
        'InvalidParameterValue'
    call(c, 'DeleteVpnGateway', VpnGatewayId=gid)
    call(c, 'DeleteRouteTable', RouteTableId=rtb)
    call(c, 'DeleteVpc', VpcId=v)
    assert_empty(emu)

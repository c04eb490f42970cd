"""Tests of svc_ec2_gateways: the route targets besides internet and VPN
gateways (NAT, egress-only, peering, transit, endpoints, carrier, local,
core network), Elastic IPs, managed prefix lists, and IPv6-only subnets.
Calls go over the wire (signed, parsed by the model's output shape); the
shape of every Describe answer is also checked against the model.

Run: /usr/bin/python3 -m pytest tests/emulator/test_svc_ec2_gateways.py
"""

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from awsclient import AwsCallError, Client  # noqa: E402
from svc_testkit import check_output  # noqa: E402

AK = 'AKIATESTGATEWAYS0001'
SK = 'test/gateways/secret'


@pytest.fixture
def emu(running):
    running[0].reset()
    ec2 = running[0].services['ec2']
    ec2.gw_delay = 0.0        # state changes happen at the next request
    yield running[0]
    ec2.gw_delay = type(ec2).gw_delay


@pytest.fixture
def c(running, emu):
    return Client(running[1], AK, SK)


def call(c, op, **params):
    return c.call('ec2', op, **params)


def error_of(c, op, **params):
    with pytest.raises(AwsCallError) as ei:
        c.call('ec2', op, **params)
    return ei.value


def _drop_none(v):
    """None members are left out of the wire answer."""
    if isinstance(v, dict):
        return {k: _drop_none(x) for k, x in v.items() if x is not None}
    if isinstance(v, list):
        return [_drop_none(x) for x in v]
    return v


def shaped(emu, op, **params):
    """A read-only call made directly, its answer checked against the model
    (VPC endpoint states are lower case on the wire, unlike the enum)."""
    out = emu.services['ec2'].handle(op, params)
    probe = _drop_none(out)
    if 'VpcEndpoints' in probe:
        probe['VpcEndpoints'] = [dict(e, State=e['State'].capitalize())
                                 for e in probe['VpcEndpoints']]
    check_output('ec2', op, probe)
    return out


def network(c, cidr='10.0.0.0/16', igw=True, ipv6=False):
    kw = {'AmazonProvidedIpv6CidrBlock': True} if ipv6 else {}
    vpc = call(c, 'CreateVpc', CidrBlock=cidr, **kw)['Vpc']['VpcId']
    out = {'vpc': vpc, 'cidr': cidr}
    if igw:
        out['igw'] = call(c, 'CreateInternetGateway')['InternetGateway']['InternetGatewayId']
        call(c, 'AttachInternetGateway', InternetGatewayId=out['igw'], VpcId=vpc)
    base = cidr.split('.0.0/')[0]
    out['subnets'] = [call(c, 'CreateSubnet', VpcId=vpc, CidrBlock='%s.%d.0/24' % (base, i + 1),
                           AvailabilityZone=az)['Subnet']['SubnetId']
                      for i, az in enumerate(('us-east-1a', 'us-east-1b'))]
    out['rtb'] = call(c, 'CreateRouteTable', VpcId=vpc)['RouteTable']['RouteTableId']
    return out


def routes(c, rtb):
    return {r.get('DestinationCidrBlock') or r.get('DestinationIpv6CidrBlock')
            or r.get('DestinationPrefixListId'): r
            for r in call(c, 'DescribeRouteTables', RouteTableIds=[rtb])['RouteTables'][0][
                'Routes']}


def drop_network(c, n):
    call(c, 'DeleteRouteTable', RouteTableId=n['rtb'])
    for s in n['subnets']:
        call(c, 'DeleteSubnet', SubnetId=s)
    if n.get('igw'):
        call(c, 'DetachInternetGateway', InternetGatewayId=n['igw'], VpcId=n['vpc'])
        call(c, 'DeleteInternetGateway', InternetGatewayId=n['igw'])
    call(c, 'DeleteVpc', VpcId=n['vpc'])


def assert_empty(emu):
    st = emu.state()
    assert st['empty'], st


# -- Elastic IPs and NAT gateways ------------------------------------------------------------

def test_nat_gateway_lifecycle_routes_and_dependencies(c, emu):
    n = network(c)
    eip = call(c, 'AllocateAddress', Domain='vpc')
    assert eip['AllocationId'].startswith('eipalloc-') and eip['Domain'] == 'vpc'
    nat = call(c, 'CreateNatGateway', SubnetId=n['subnets'][0], AllocationId=eip['AllocationId'],
               TagSpecifications=[{'ResourceType': 'natgateway',
                                   'Tags': [{'Key': 'Name', 'Value': 'nat'}]}])['NatGateway']
    gid = nat['NatGatewayId']
    assert gid.startswith('nat-') and nat['State'] == 'pending'
    assert nat['ConnectivityType'] == 'public' and nat['VpcId'] == n['vpc']
    addr = nat['NatGatewayAddresses'][0]
    assert addr['AllocationId'] == eip['AllocationId'] and addr['PublicIp'] == eip['PublicIp']
    eni = addr['NetworkInterfaceId']

    got = shaped(emu, 'DescribeNatGateways', NatGatewayIds=[gid])['NatGateways'][0]
    assert got['State'] == 'available' and got['Tags'] == [{'Key': 'Name', 'Value': 'nat'}]
    assert call(c, 'DescribeNatGateways', Filter=[
        {'Name': 'vpc-id', 'Values': [n['vpc']]}, {'Name': 'state', 'Values': ['available']},
        {'Name': 'tag:Name', 'Values': ['nat']}])['NatGateways'][0]['NatGatewayId'] == gid
    e = call(c, 'DescribeNetworkInterfaces', NetworkInterfaceIds=[eni])['NetworkInterfaces'][0]
    assert e['InterfaceType'] == 'nat_gateway' and e['RequesterManaged'] is True
    a = shaped(emu, 'DescribeAddresses', AllocationIds=[eip['AllocationId']])['Addresses'][0]
    assert a['NetworkInterfaceId'] == eni and a['AssociationId'].startswith('eipassoc-')
    assert error_of(c, 'ReleaseAddress',
                    AllocationId=eip['AllocationId']).code == 'InvalidIPAddress.InUse'
    # the gateway's association ends with the gateway, not before
    assert error_of(c, 'DisassociateAddress',
                    AssociationId=a['AssociationId']).code == 'InvalidIPAddress.InUse'
    assert error_of(c, 'DisassociateAddress').code == 'MissingParameter'
    assert error_of(c, 'DeleteSubnet', SubnetId=n['subnets'][0]).code == 'DependencyViolation'

    call(c, 'CreateRoute', RouteTableId=n['rtb'], DestinationCidrBlock='0.0.0.0/0',
         NatGatewayId=gid)
    call(c, 'CreateRoute', RouteTableId=n['rtb'], DestinationIpv6CidrBlock='64:ff9b::/96',
         NatGatewayId=gid)
    r = routes(c, n['rtb'])['0.0.0.0/0']
    assert r == {'DestinationCidrBlock': '0.0.0.0/0', 'NatGatewayId': gid,
                 'Origin': 'CreateRoute', 'State': 'active'}
    assert call(c, 'DescribeRouteTables', Filters=[
        {'Name': 'route.nat-gateway-id', 'Values': [gid]}])['RouteTables'][0][
        'RouteTableId'] == n['rtb']

    other = network(c, '10.9.0.0/16', igw=False)
    assert error_of(c, 'CreateRoute', RouteTableId=other['rtb'], DestinationCidrBlock='0.0.0.0/0',
                    NatGatewayId=gid).code == 'InvalidParameterValue'
    assert error_of(c, 'CreateRoute', RouteTableId=n['rtb'], DestinationCidrBlock='1.0.0.0/8',
                    NatGatewayId='nat-0123456789abcdef0').code == 'InvalidNatGatewayID.NotFound'

    assert call(c, 'DeleteNatGateway', NatGatewayId=gid) == {'NatGatewayId': gid}
    got = call(c, 'DescribeNatGateways', NatGatewayIds=[gid])['NatGateways'][0]
    assert got['State'] == 'deleted' and 'DeleteTime' in got
    assert routes(c, n['rtb'])['0.0.0.0/0']['State'] == 'blackhole'
    assert error_of(c, 'ReplaceRoute', RouteTableId=n['rtb'], DestinationCidrBlock='0.0.0.0/0',
                    NatGatewayId=gid).code == 'InvalidNatGatewayID.NotFound'
    assert 'AssociationId' not in call(c, 'DescribeAddresses')['Addresses'][0]
    assert error_of(c, 'DisassociateAddress', AssociationId=a['AssociationId']).code == \
        'InvalidAssociationID.NotFound'
    call(c, 'ReleaseAddress', AllocationId=eip['AllocationId'])
    assert error_of(c, 'DescribeAddresses',
                    AllocationIds=[eip['AllocationId']]).code == 'InvalidAllocationID.NotFound'
    assert error_of(c, 'DescribeNatGateways',
                    NatGatewayIds=['nat-0123456789abcdef0']).code == 'NatGatewayNotFound'
    call(c, 'DeleteRoute', RouteTableId=n['rtb'], DestinationCidrBlock='0.0.0.0/0')
    call(c, 'DeleteRoute', RouteTableId=n['rtb'], DestinationIpv6CidrBlock='64:ff9b::/96')
    drop_network(c, n)
    drop_network(c, other)
    assert_empty(emu)


def test_nat_gateway_needs_an_address_and_an_internet_gateway(c, emu):
    n = network(c, igw=False)
    sub = n['subnets'][0]
    assert error_of(c, 'CreateNatGateway', SubnetId=sub).code == 'MissingParameter'
    assert error_of(c, 'CreateNatGateway', SubnetId=sub,
                    AllocationId='eipalloc-0123456789abcdef0').code == \
        'InvalidAllocationID.NotFound'
    eip = call(c, 'AllocateAddress')['AllocationId']
    assert error_of(c, 'CreateNatGateway', SubnetId=sub, AllocationId=eip,
                    ConnectivityType='private').code == 'InvalidParameterCombination'
    gid = call(c, 'CreateNatGateway', SubnetId=sub, AllocationId=eip)['NatGateway'][
        'NatGatewayId']
    got = call(c, 'DescribeNatGateways', NatGatewayIds=[gid])['NatGateways'][0]
    assert (got['State'], got['FailureCode']) == ('failed', 'Gateway.NotAttached')
    assert n['vpc'] in got['FailureMessage']
    # a failed gateway gives its address and interface back
    call(c, 'ReleaseAddress', AllocationId=eip)
    private = call(c, 'CreateNatGateway', SubnetId=sub, ConnectivityType='private',
                   PrivateIpAddress='10.0.1.77')['NatGateway']
    assert private['NatGatewayAddresses'][0]['PrivateIp'] == '10.0.1.77'
    assert call(c, 'DescribeNatGateways', NatGatewayIds=[private['NatGatewayId']])[
        'NatGateways'][0]['State'] == 'available'
    call(c, 'DeleteNatGateway', NatGatewayId=private['NatGatewayId'])
    drop_network(c, n)
    assert_empty(emu)


# -- egress-only internet gateways ------------------------------------------------------------

def test_egress_only_gateway_takes_ipv6_routes(c, emu):
    n = network(c, ipv6=True)
    eigw = call(c, 'CreateEgressOnlyInternetGateway', VpcId=n['vpc'])[
        'EgressOnlyInternetGateway']
    gid = eigw['EgressOnlyInternetGatewayId']
    assert gid.startswith('eigw-')
    assert eigw['Attachments'] == [{'State': 'attached', 'VpcId': n['vpc']}]
    shaped(emu, 'DescribeEgressOnlyInternetGateways', EgressOnlyInternetGatewayIds=[gid])
    assert error_of(c, 'CreateRoute', RouteTableId=n['rtb'], DestinationCidrBlock='0.0.0.0/0',
                    EgressOnlyInternetGatewayId=gid).code == 'InvalidParameterValue'
    call(c, 'CreateRoute', RouteTableId=n['rtb'], DestinationIpv6CidrBlock='::/0',
         EgressOnlyInternetGatewayId=gid)
    assert routes(c, n['rtb'])['::/0'] == {
        'DestinationIpv6CidrBlock': '::/0', 'EgressOnlyInternetGatewayId': gid,
        'Origin': 'CreateRoute', 'State': 'active'}
    other = network(c, '10.9.0.0/16', igw=False)
    assert error_of(c, 'CreateRoute', RouteTableId=other['rtb'], DestinationIpv6CidrBlock='::/0',
                    EgressOnlyInternetGatewayId=gid).code == 'InvalidParameterValue'
    drop_network(c, other)
    assert error_of(c, 'DeleteVpc', VpcId=n['vpc']).code == 'DependencyViolation'
    assert call(c, 'DeleteEgressOnlyInternetGateway',
                EgressOnlyInternetGatewayId=gid) == {'ReturnCode': True}
    assert routes(c, n['rtb'])['::/0']['State'] == 'blackhole'
    assert error_of(c, 'DeleteEgressOnlyInternetGateway',
                    EgressOnlyInternetGatewayId=gid).code == 'InvalidGatewayID.NotFound'
    call(c, 'DeleteRoute', RouteTableId=n['rtb'], DestinationIpv6CidrBlock='::/0')
    drop_network(c, n)
    assert_empty(emu)


# -- VPC peering --------------------------------------------------------------------------------

def test_peering_connection_lifecycle(c, emu):
    a = network(c, '10.1.0.0/16', igw=False)
    b = network(c, '10.2.0.0/16', igw=False)
    third = network(c, '10.3.0.0/16', igw=False)
    pcx = call(c, 'CreateVpcPeeringConnection', VpcId=a['vpc'], PeerVpcId=b['vpc'])[
        'VpcPeeringConnection']
    pid = pcx['VpcPeeringConnectionId']
    assert pid.startswith('pcx-') and pcx['Status']['Code'] == 'initiating-request'
    assert pcx['RequesterVpcInfo']['CidrBlock'] == '10.1.0.0/16'
    got = shaped(emu, 'DescribeVpcPeeringConnections', VpcPeeringConnectionIds=[pid])[
        'VpcPeeringConnections'][0]
    assert got['Status']['Code'] == 'pending-acceptance' and 'ExpirationTime' in got
    # a route to a connection not yet accepted is there but goes nowhere
    call(c, 'CreateRoute', RouteTableId=a['rtb'], DestinationCidrBlock='10.2.0.0/16',
         VpcPeeringConnectionId=pid)
    assert routes(c, a['rtb'])['10.2.0.0/16']['State'] == 'blackhole'
    call(c, 'AcceptVpcPeeringConnection', VpcPeeringConnectionId=pid)
    assert error_of(c, 'AcceptVpcPeeringConnection',
                    VpcPeeringConnectionId=pid).code == 'InvalidStateTransition'
    got = call(c, 'DescribeVpcPeeringConnections', Filters=[
        {'Name': 'accepter-vpc-info.vpc-id', 'Values': [b['vpc']]},
        {'Name': 'status-code', 'Values': ['active']}])['VpcPeeringConnections']
    assert [x['VpcPeeringConnectionId'] for x in got] == [pid]
    assert got[0]['AccepterVpcInfo']['CidrBlockSet'] == [{'CidrBlock': '10.2.0.0/16'}]
    assert routes(c, a['rtb'])['10.2.0.0/16'] == {
        'DestinationCidrBlock': '10.2.0.0/16', 'VpcPeeringConnectionId': pid,
        'Origin': 'CreateRoute', 'State': 'active'}
    call(c, 'CreateRoute', RouteTableId=b['rtb'], DestinationCidrBlock='10.1.0.0/16',
         VpcPeeringConnectionId=pid)
    assert error_of(c, 'CreateRoute', RouteTableId=third['rtb'],
                    DestinationCidrBlock='10.1.0.0/16',
                    VpcPeeringConnectionId=pid).code == 'InvalidParameterValue'
    assert error_of(c, 'CreateRoute', RouteTableId=a['rtb'], DestinationCidrBlock='10.7.0.0/16',
                    VpcPeeringConnectionId='pcx-0123456789abcdef0').code == \
        'InvalidVpcPeeringConnectionID.NotFound'
    # overlapping networks cannot be peered
    clash = network(c, '10.1.0.0/16', igw=False)
    bad = call(c, 'CreateVpcPeeringConnection', VpcId=a['vpc'], PeerVpcId=clash['vpc'])[
        'VpcPeeringConnection']
    assert bad['Status']['Code'] == 'failed'
    call(c, 'DeleteVpcPeeringConnection', VpcPeeringConnectionId=pid)
    assert call(c, 'DescribeVpcPeeringConnections', VpcPeeringConnectionIds=[pid])[
        'VpcPeeringConnections'][0]['Status']['Code'] == 'deleted'
    assert routes(c, a['rtb'])['10.2.0.0/16']['State'] == 'blackhole'
    assert error_of(c, 'ReplaceRoute', RouteTableId=a['rtb'], DestinationCidrBlock='10.2.0.0/16',
                    VpcPeeringConnectionId=pid).code == \
        'InvalidVpcPeeringConnectionID.NotFound'
    # deleting a VPC deletes its live peering connections
    live = call(c, 'CreateVpcPeeringConnection', VpcId=third['vpc'], PeerVpcId=b['vpc'])[
        'VpcPeeringConnection']['VpcPeeringConnectionId']
    for net in (a, b):
        call(c, 'DeleteRoute', RouteTableId=net['rtb'],
             DestinationCidrBlock='10.2.0.0/16' if net is a else '10.1.0.0/16')
    for net in (a, b, third, clash):
        drop_network(c, net)
    assert call(c, 'DescribeVpcPeeringConnections', VpcPeeringConnectionIds=[live])[
        'VpcPeeringConnections'][0]['Status']['Code'] == 'deleted'
    assert_empty(emu)


# -- transit gateways -----------------------------------------------------------------------------

def test_transit_gateway_routes_need_an_attachment(c, emu):
    n = network(c)
    tgw = call(c, 'CreateTransitGateway', Description='hub',
               Options={'AmazonSideAsn': 64600})['TransitGateway']
    tid = tgw['TransitGatewayId']
    assert tgw['State'] == 'pending' and tgw['Options']['AmazonSideAsn'] == 64600
    assert tgw['TransitGatewayArn'].endswith(':transit-gateway/' + tid)
    got = shaped(emu, 'DescribeTransitGateways', TransitGatewayIds=[tid])['TransitGateways'][0]
    assert got['State'] == 'available'
    assert error_of(c, 'CreateRoute', RouteTableId=n['rtb'], DestinationCidrBlock='10.8.0.0/16',
                    TransitGatewayId=tid).code == 'InvalidTransitGatewayID.NotFound'
    extra = call(c, 'CreateSubnet', VpcId=n['vpc'], CidrBlock='10.0.9.0/24',
                 AvailabilityZone='us-east-1a')['Subnet']['SubnetId']
    assert error_of(c, 'CreateTransitGatewayVpcAttachment', TransitGatewayId=tid, VpcId=n['vpc'],
                    SubnetIds=[n['subnets'][0], extra]).code == 'DuplicateSubnetsInSameZone'
    att = call(c, 'CreateTransitGatewayVpcAttachment', TransitGatewayId=tid, VpcId=n['vpc'],
               SubnetIds=n['subnets'])['TransitGatewayVpcAttachment']
    aid = att['TransitGatewayAttachmentId']
    assert aid.startswith('tgw-attach-') and att['State'] == 'pending'
    assert error_of(c, 'CreateTransitGatewayVpcAttachment', TransitGatewayId=tid,
                    VpcId=n['vpc'], SubnetIds=[extra]).code == \
        'DuplicateTransitGatewayAttachment'
    shaped(emu, 'DescribeTransitGatewayVpcAttachments', TransitGatewayAttachmentIds=[aid])
    call(c, 'CreateRoute', RouteTableId=n['rtb'], DestinationCidrBlock='10.8.0.0/16',
         TransitGatewayId=tid)
    assert routes(c, n['rtb'])['10.8.0.0/16']['State'] == 'active'
    assert error_of(c, 'DeleteSubnet', SubnetId=n['subnets'][0]).code == 'DependencyViolation'
    assert error_of(c, 'DeleteTransitGateway', TransitGatewayId=tid).code == 'IncorrectState'
    call(c, 'DeleteTransitGatewayVpcAttachment', TransitGatewayAttachmentId=aid)
    assert call(c, 'DescribeTransitGatewayVpcAttachments', Filters=[
        {'Name': 'transit-gateway-id', 'Values': [tid]}])['TransitGatewayVpcAttachments'][0][
        'State'] == 'deleted'
    assert routes(c, n['rtb'])['10.8.0.0/16']['State'] == 'blackhole'
    call(c, 'DeleteTransitGateway', TransitGatewayId=tid)
    assert error_of(c, 'ReplaceRoute', RouteTableId=n['rtb'], DestinationCidrBlock='10.8.0.0/16',
                    TransitGatewayId=tid).code == 'InvalidTransitGatewayID.NotFound'
    call(c, 'DeleteRoute', RouteTableId=n['rtb'], DestinationCidrBlock='10.8.0.0/16')
    call(c, 'DeleteSubnet', SubnetId=extra)
    drop_network(c, n)
    assert_empty(emu)


# -- VPC endpoints -------------------------------------------------------------------------------

S3 = 'com.amazonaws.us-east-1.s3'
GWLB = 'com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718'


def test_gateway_endpoint_adds_prefix_list_routes(c, emu):
    n = network(c)
    ep = call(c, 'CreateVpcEndpoint', VpcId=n['vpc'], ServiceName=S3, VpcEndpointType='Gateway',
              RouteTableIds=[n['rtb']])['VpcEndpoint']
    eid = ep['VpcEndpointId']
    assert ep['State'] == 'pending' and ep['RouteTableIds'] == [n['rtb']]
    assert '"Allow"' in ep['PolicyDocument']
    r = routes(c, n['rtb'])['pl-63a5400a']
    assert r == {'DestinationPrefixListId': 'pl-63a5400a', 'GatewayId': eid,
                 'Origin': 'CreateRoute', 'State': 'active'}
    got = shaped(emu, 'DescribeVpcEndpoints', VpcEndpointIds=[eid])['VpcEndpoints'][0]
    assert got['State'] == 'available'
    assert error_of(c, 'DeleteVpc', VpcId=n['vpc']).code == 'DependencyViolation'
    call(c, 'ModifyVpcEndpoint', VpcEndpointId=eid, RemoveRouteTableIds=[n['rtb']])
    assert 'pl-63a5400a' not in routes(c, n['rtb'])
    call(c, 'ModifyVpcEndpoint', VpcEndpointId=eid, AddRouteTableIds=[n['rtb']])
    out = call(c, 'DeleteVpcEndpoints', VpcEndpointIds=[eid, 'vpce-0123456789abcdef0'])
    assert [u['ResourceId'] for u in out['Unsuccessful']] == ['vpce-0123456789abcdef0']
    assert 'pl-63a5400a' not in routes(c, n['rtb'])
    assert error_of(c, 'CreateVpcEndpoint', VpcId=n['vpc'], ServiceName='com.amazonaws.nope',
                    VpcEndpointType='Gateway').code == 'InvalidServiceName'
    assert error_of(c, 'CreateVpcEndpoint', VpcId=n['vpc'],
                    ServiceName='com.amazonaws.us-east-1.ec2',
                    VpcEndpointType='Gateway').code == 'InvalidParameter'
    drop_network(c, n)
    assert_empty(emu)


def test_interface_endpoint_subnets_and_dependencies(c, emu):
    n = network(c)
    ssm = 'com.amazonaws.us-east-1.ssm'
    e = error_of(c, 'CreateVpcEndpoint', VpcId=n['vpc'], ServiceName=ssm,
                 VpcEndpointType='Interface', SubnetIds=n['subnets'][:1])
    assert e.code == 'InvalidParameter' and 'enableDnsHostnames' in e.message
    ep = call(c, 'CreateVpcEndpoint', VpcId=n['vpc'], ServiceName=ssm,
              VpcEndpointType='Interface', SubnetIds=n['subnets'][:1], PrivateDnsEnabled=False,
              TagSpecifications=[{'ResourceType': 'vpc-endpoint',
                                  'Tags': [{'Key': 'app', 'Value': 'x'}]}])['VpcEndpoint']
    eid = ep['VpcEndpointId']
    assert len(ep['NetworkInterfaceIds']) == 1 and ep['Groups'][0]['GroupName'] == 'default'
    assert ep['DnsEntries'][0]['DnsName'].startswith(eid)
    call(c, 'ModifyVpcEndpoint', VpcEndpointId=eid, AddSubnetIds=n['subnets'][1:])
    got = shaped(emu, 'DescribeVpcEndpoints', Filters=[
        {'Name': 'service-name', 'Values': [ssm]}, {'Name': 'vpc-id', 'Values': [n['vpc']]},
        {'Name': 'tag:app', 'Values': ['x']},
        {'Name': 'vpc-endpoint-state', 'Values': ['available']}])['VpcEndpoints']
    assert [x['VpcEndpointId'] for x in got] == [eid]
    assert sorted(got[0]['SubnetIds']) == sorted(n['subnets'])
    assert len(got[0]['NetworkInterfaceIds']) == 2
    assert call(c, 'DescribeVpcEndpoints', Filters=[
        {'Name': 'tag:app', 'Values': ['y']}])['VpcEndpoints'] == []
    assert error_of(c, 'DeleteSubnet', SubnetId=n['subnets'][1]).code == 'DependencyViolation'
    call(c, 'ModifyVpcEndpoint', VpcEndpointId=eid, RemoveSubnetIds=n['subnets'][1:])
    call(c, 'DeleteSubnet', SubnetId=n['subnets'][1])
    n['subnets'] = n['subnets'][:1]
    assert error_of(c, 'DeleteSubnet', SubnetId=n['subnets'][0]).code == 'DependencyViolation'
    assert error_of(c, 'CreateRoute', RouteTableId=n['rtb'], DestinationCidrBlock='0.0.0.0/0',
                    VpcEndpointId=eid).code == 'InvalidParameterValue'
    call(c, 'DeleteVpcEndpoints', VpcEndpointIds=[eid])
    assert error_of(c, 'DescribeVpcEndpoints',
                    VpcEndpointIds=['vpce-0123456789abcdef0']).code == \
        'InvalidVpcEndpointId.NotFound'
    drop_network(c, n)
    assert_empty(emu)


def test_gateway_load_balancer_endpoint_is_a_route_target(c, emu):
    n = network(c)
    assert error_of(c, 'CreateVpcEndpoint', VpcId=n['vpc'], ServiceName=GWLB,
                    VpcEndpointType='GatewayLoadBalancer',
                    SubnetIds=n['subnets']).code == 'InvalidParameter'
    ep = call(c, 'CreateVpcEndpoint', VpcId=n['vpc'], ServiceName=GWLB,
              VpcEndpointType='GatewayLoadBalancer', SubnetIds=n['subnets'][:1])['VpcEndpoint']
    eid = ep['VpcEndpointId']
    assert 'PolicyDocument' not in ep
    call(c, 'CreateRoute', RouteTableId=n['rtb'], DestinationCidrBlock='0.0.0.0/0',
         VpcEndpointId=eid)
    # EC2 shows the endpoint as the route's gateway
    assert routes(c, n['rtb'])['0.0.0.0/0'] == {
        'DestinationCidrBlock': '0.0.0.0/0', 'GatewayId': eid, 'Origin': 'CreateRoute',
        'State': 'active'}
    other = network(c, '10.9.0.0/16', igw=False)
    assert error_of(c, 'CreateRoute', RouteTableId=other['rtb'], DestinationCidrBlock='0.0.0.0/0',
                    VpcEndpointId=eid).code == 'InvalidParameterValue'
    drop_network(c, other)
    call(c, 'DeleteVpcEndpoints', VpcEndpointIds=[eid])
    assert routes(c, n['rtb'])['0.0.0.0/0']['State'] == 'blackhole'
    assert error_of(c, 'ReplaceRoute', RouteTableId=n['rtb'], DestinationCidrBlock='0.0.0.0/0',
                    VpcEndpointId=eid).code == 'InvalidVpcEndpointId.NotFound'
    call(c, 'DeleteRoute', RouteTableId=n['rtb'], DestinationCidrBlock='0.0.0.0/0')
    drop_network(c, n)
    assert_empty(emu)


# -- carrier, local gateways, core networks --------------------------------------------------------

def test_carrier_gateway(c, emu):
    n = network(c, igw=False)
    g = call(c, 'CreateCarrierGateway', VpcId=n['vpc'])['CarrierGateway']
    gid = g['CarrierGatewayId']
    assert gid.startswith('cagw-') and g['State'] == 'pending'
    assert shaped(emu, 'DescribeCarrierGateways', CarrierGatewayIds=[gid])['CarrierGateways'][0][
        'State'] == 'available'
    assert error_of(c, 'CreateCarrierGateway', VpcId=n['vpc']).code == \
        'CarrierGatewayLimitExceeded'
    call(c, 'CreateRoute', RouteTableId=n['rtb'], DestinationCidrBlock='0.0.0.0/0',
         CarrierGatewayId=gid)
    assert routes(c, n['rtb'])['0.0.0.0/0']['CarrierGatewayId'] == gid
    assert error_of(c, 'DeleteVpc', VpcId=n['vpc']).code == 'DependencyViolation'
    call(c, 'DeleteCarrierGateway', CarrierGatewayId=gid)
    assert error_of(c, 'DescribeCarrierGateways', CarrierGatewayIds=[gid]).code == \
        'InvalidCarrierGatewayID.NotFound'
    assert routes(c, n['rtb'])['0.0.0.0/0']['State'] == 'blackhole'
    call(c, 'DeleteRoute', RouteTableId=n['rtb'], DestinationCidrBlock='0.0.0.0/0')
    drop_network(c, n)
    assert_empty(emu)


def test_local_gateway_is_seeded_and_needs_an_association(c, emu):
    n = network(c, igw=False)
    lgws = shaped(emu, 'DescribeLocalGateways')['LocalGateways']
    assert [g['LocalGatewayId'] for g in lgws] == ['lgw-0a1b2c3d4e5f60718']
    rtb = shaped(emu, 'DescribeLocalGatewayRouteTables')['LocalGatewayRouteTables'][0]
    lgw = lgws[0]['LocalGatewayId']
    assert rtb['LocalGatewayId'] == lgw
    assert error_of(c, 'CreateRoute', RouteTableId=n['rtb'], DestinationCidrBlock='0.0.0.0/0',
                    LocalGatewayId=lgw).code == 'InvalidParameterValue'
    assoc = call(c, 'CreateLocalGatewayRouteTableVpcAssociation', VpcId=n['vpc'],
                 LocalGatewayRouteTableId=rtb['LocalGatewayRouteTableId'])[
        'LocalGatewayRouteTableVpcAssociation']
    aid = assoc['LocalGatewayRouteTableVpcAssociationId']
    shaped(emu, 'DescribeLocalGatewayRouteTableVpcAssociations',
           LocalGatewayRouteTableVpcAssociationIds=[aid])
    call(c, 'CreateRoute', RouteTableId=n['rtb'], DestinationCidrBlock='0.0.0.0/0',
         LocalGatewayId=lgw)
    assert routes(c, n['rtb'])['0.0.0.0/0'] == {
        'DestinationCidrBlock': '0.0.0.0/0', 'LocalGatewayId': lgw, 'Origin': 'CreateRoute',
        'State': 'active'}
    assert error_of(c, 'CreateRoute', RouteTableId=n['rtb'], DestinationCidrBlock='1.0.0.0/8',
                    LocalGatewayId='lgw-0123456789abcdef0').code == \
        'InvalidLocalGatewayID.NotFound'
    assert error_of(c, 'DeleteVpc', VpcId=n['vpc']).code == 'DependencyViolation'
    call(c, 'DeleteLocalGatewayRouteTableVpcAssociation',
         LocalGatewayRouteTableVpcAssociationId=aid)
    assert routes(c, n['rtb'])['0.0.0.0/0']['State'] == 'blackhole'
    call(c, 'DeleteRoute', RouteTableId=n['rtb'], DestinationCidrBlock='0.0.0.0/0')
    drop_network(c, n)
    assert_empty(emu)


def test_core_network_arn_is_checked_for_shape_only(c, emu):
    n = network(c, igw=False)
    arn = 'arn:aws:networkmanager::123456789012:core-network/core-network-0fab62fe438d94db6'
    call(c, 'CreateRoute', RouteTableId=n['rtb'], DestinationCidrBlock='0.0.0.0/0',
         CoreNetworkArn=arn)
    assert routes(c, n['rtb'])['0.0.0.0/0'] == {
        'DestinationCidrBlock': '0.0.0.0/0', 'CoreNetworkArn': arn, 'Origin': 'CreateRoute',
        'State': 'active'}
    for bad in ('arn:aws:ec2::123456789012:core-network/core-network-0fab62fe438d94db6',
                'arn:aws:networkmanager::123456789012:global-network/global-network-0fab62fe'):
        assert error_of(c, 'CreateRoute', RouteTableId=n['rtb'], DestinationCidrBlock='1.0.0.0/8',
                        CoreNetworkArn=bad).code == 'InvalidParameterValue'
    call(c, 'DeleteRoute', RouteTableId=n['rtb'], DestinationCidrBlock='0.0.0.0/0')
    drop_network(c, n)
    assert_empty(emu)


# -- managed prefix lists ------------------------------------------------------------------------

def test_managed_prefix_lists_versions_and_routes(c, emu):
    n = network(c)
    seeded = shaped(emu, 'DescribeManagedPrefixLists', Filters=[
        {'Name': 'owner-id', 'Values': ['AWS']}])['PrefixLists']
    assert {x['PrefixListName'] for x in seeded} == {'com.amazonaws.us-east-1.s3',
                                                     'com.amazonaws.us-east-1.dynamodb'}
    assert error_of(c, 'CreateManagedPrefixList', PrefixListName='com.amazonaws.mine',
                    AddressFamily='IPv4', MaxEntries=5).code == 'InvalidParameterValue'
    assert error_of(c, 'CreateManagedPrefixList', PrefixListName='x', AddressFamily='IPv4',
                    MaxEntries=5, Entries=[{'Cidr': '2001:db8::/32'}]).code == \
        'InvalidParameterValue'
    pl = call(c, 'CreateManagedPrefixList', PrefixListName='offices', AddressFamily='IPv4',
              MaxEntries=5, Entries=[{'Cidr': '192.0.2.0/24', 'Description': 'hq'}],
              TagSpecifications=[{'ResourceType': 'prefix-list',
                                  'Tags': [{'Key': 'k', 'Value': 'v'}]}])['PrefixList']
    pid = pl['PrefixListId']
    assert pl['State'] == 'create-in-progress' and pl['Version'] == 1
    assert pl['PrefixListArn'] == 'arn:aws:ec2:us-east-1:123456789012:prefix-list/' + pid
    got = shaped(emu, 'DescribeManagedPrefixLists', PrefixListIds=[pid])['PrefixLists'][0]
    assert got['State'] == 'create-complete' and got['OwnerId'] == '123456789012'
    call(c, 'ModifyManagedPrefixList', PrefixListId=pid, CurrentVersion=1,
         AddEntries=[{'Cidr': '198.51.100.0/24'}])
    assert error_of(c, 'ModifyManagedPrefixList', PrefixListId=pid, CurrentVersion=1,
                    AddEntries=[{'Cidr': '203.0.113.0/24'}]).code == 'PrefixListVersionMismatch'
    entries = shaped(emu, 'GetManagedPrefixListEntries', PrefixListId=pid)['Entries']
    assert [e['Cidr'] for e in entries] == ['192.0.2.0/24', '198.51.100.0/24']
    assert call(c, 'GetManagedPrefixListEntries', PrefixListId=pid, TargetVersion=1)[
        'Entries'] == [{'Cidr': '192.0.2.0/24', 'Description': 'hq'}]

    call(c, 'CreateRoute', RouteTableId=n['rtb'], DestinationPrefixListId=pid,
         GatewayId=n['igw'])
    assert routes(c, n['rtb'])[pid] == {'DestinationPrefixListId': pid, 'GatewayId': n['igw'],
                                        'Origin': 'CreateRoute', 'State': 'active'}
    assert error_of(c, 'CreateRoute', RouteTableId=n['rtb'],
                    DestinationPrefixListId='pl-63a5400a',
                    GatewayId=n['igw']).code == 'InvalidParameterValue'
    assert error_of(c, 'CreateRoute', RouteTableId=n['rtb'],
                    DestinationPrefixListId='pl-0123456789abcdef0',
                    GatewayId=n['igw']).code == 'InvalidPrefixListID.NotFound'
    assert error_of(c, 'DeleteManagedPrefixList',
                    PrefixListId=pid).code == 'InvalidPrefixListModification'
    assert error_of(c, 'DeleteManagedPrefixList',
                    PrefixListId='pl-63a5400a').code == 'InvalidParameterValue'
    call(c, 'DeleteRoute', RouteTableId=n['rtb'], DestinationPrefixListId=pid)
    assert call(c, 'DeleteManagedPrefixList', PrefixListId=pid)['PrefixList'][
        'State'] == 'delete-in-progress'
    assert error_of(c, 'DescribeManagedPrefixLists',
                    PrefixListIds=[pid]).code == 'InvalidPrefixListID.NotFound'
    drop_network(c, n)
    assert_empty(emu)


# -- tags, IPv6-only subnets ----------------------------------------------------------------------

def test_new_objects_take_tags(c, emu):
    n = network(c, ipv6=True)
    gid = call(c, 'CreateEgressOnlyInternetGateway', VpcId=n['vpc'])[
        'EgressOnlyInternetGateway']['EgressOnlyInternetGatewayId']
    call(c, 'CreateTags', Resources=[gid], Tags=[{'Key': 'Name', 'Value': 'out'}])
    got = call(c, 'DescribeEgressOnlyInternetGateways', Filters=[
        {'Name': 'tag:Name', 'Values': ['out']}])['EgressOnlyInternetGateways']
    assert [g['EgressOnlyInternetGatewayId'] for g in got] == [gid]
    call(c, 'DeleteTags', Resources=[gid], Tags=[{'Key': 'Name'}])
    assert call(c, 'DescribeEgressOnlyInternetGateways', Filters=[
        {'Name': 'tag-key', 'Values': ['Name']}])['EgressOnlyInternetGateways'] == []
    call(c, 'DeleteEgressOnlyInternetGateway', EgressOnlyInternetGatewayId=gid)
    drop_network(c, n)
    assert_empty(emu)


def test_ipv6_only_subnet(c, emu):
    plain = call(c, 'CreateVpc', CidrBlock='10.4.0.0/16')['Vpc']['VpcId']
    assert error_of(c, 'CreateSubnet', VpcId=plain, Ipv6Native=True,
                    Ipv6CidrBlock='2600:1f18::/64').code == 'InvalidParameterValue'
    vpc = call(c, 'CreateVpc', CidrBlock='10.5.0.0/16', AmazonProvidedIpv6CidrBlock=True)['Vpc']
    block = vpc['Ipv6CidrBlockAssociationSet'][0]['Ipv6CidrBlock']
    v6 = block.replace('00::/56', '01::/64')
    assert error_of(c, 'CreateSubnet', VpcId=vpc['VpcId'], Ipv6Native=True).code == \
        'MissingParameter'
    assert error_of(c, 'CreateSubnet', VpcId=vpc['VpcId'], Ipv6Native=True, Ipv6CidrBlock=v6,
                    CidrBlock='10.5.1.0/24').code == 'InvalidParameterCombination'
    sub = call(c, 'CreateSubnet', VpcId=vpc['VpcId'], Ipv6Native=True, Ipv6CidrBlock=v6)[
        'Subnet']
    sid = sub['SubnetId']
    assert 'CidrBlock' not in sub and sub['Ipv6Native'] is True
    assert sub['AssignIpv6AddressOnCreation'] is True
    assert sub['PrivateDnsNameOptionsOnLaunch']['HostnameType'] == 'resource-name'
    assert sub['Ipv6CidrBlockAssociationSet'][0]['Ipv6CidrBlock'] == v6
    # a dual-stack subnet next to it is fine
    call(c, 'CreateSubnet', VpcId=vpc['VpcId'], CidrBlock='10.5.2.0/24')
    got = shaped(emu, 'DescribeSubnets', Filters=[
        {'Name': 'ipv6-native', 'Values': ['true']}])['Subnets']
    assert [s['SubnetId'] for s in got] == [sid] and got[0].get('CidrBlock') is None
    call(c, 'ModifySubnetAttribute', SubnetId=sid, EnableDns64={'Value': True})
    call(c, 'ModifySubnetAttribute', SubnetId=sid,
         EnableResourceNameDnsAAAARecordOnLaunch={'Value': True})
    for kw in ({'MapPublicIpOnLaunch': {'Value': True}},
               {'EnableResourceNameDnsARecordOnLaunch': {'Value': True}},
               {'AssignIpv6AddressOnCreation': {'Value': False}},
               {'PrivateDnsHostnameTypeOnLaunch': 'ip-name'}):
        assert error_of(c, 'ModifySubnetAttribute', SubnetId=sid, **kw).code == \
            'InvalidParameterValue', kw
    got = call(c, 'DescribeSubnets', SubnetIds=[sid])['Subnets'][0]
    assert got['EnableDns64'] is True
    assert got['PrivateDnsNameOptionsOnLaunch']['EnableResourceNameDnsAAAARecord'] is True
    assert error_of(c, 'DisassociateSubnetCidrBlock', AssociationId=got[
        'Ipv6CidrBlockAssociationSet'][0]['AssociationId']).code == 'InvalidParameterValue'
    assert error_of(c, 'CreateNatGateway', SubnetId=sid,
                    ConnectivityType='private').code == 'InvalidSubnet'
    tgw = call(c, 'CreateTransitGateway')['TransitGateway']['TransitGatewayId']
    call(c, 'DescribeTransitGateways', TransitGatewayIds=[tgw])
    assert error_of(c, 'CreateTransitGatewayVpcAttachment', TransitGatewayId=tgw,
                    VpcId=vpc['VpcId'], SubnetIds=[sid]).code == 'InvalidSubnet'
    call(c, 'DeleteTransitGateway', TransitGatewayId=tgw)
    call(c, 'DescribeTransitGateways', TransitGatewayIds=[tgw])
    for s in call(c, 'DescribeSubnets', Filters=[
            {'Name': 'vpc-id', 'Values': [vpc['VpcId']]}])['Subnets']:
        call(c, 'DeleteSubnet', SubnetId=s['SubnetId'])
    call(c, 'DeleteVpc', VpcId=vpc['VpcId'])
    call(c, 'DeleteVpc', VpcId=plain)
    assert_empty(emu)


def test_outpost_subnet(c, emu):
    outpost = 'arn:aws:outposts:us-east-1:%s:outpost/op-0a1b2c3d4e5f60718' % \
        emu.services['ec2'].account
    vpc = call(c, 'CreateVpc', CidrBlock='10.6.0.0/16')['Vpc']['VpcId']
    # the Outpost lives in the region's first zone only
    assert error_of(c, 'CreateSubnet', VpcId=vpc, CidrBlock='10.6.1.0/24', OutpostArn=outpost,
                    AvailabilityZone='us-east-1b').code == 'InvalidParameterValue'
    assert error_of(c, 'CreateSubnet', VpcId=vpc, CidrBlock='10.6.1.0/24',
                    OutpostArn=outpost.replace('op-0a', 'op-0b')).code == \
        'InvalidParameterValue'
    sub = call(c, 'CreateSubnet', VpcId=vpc, CidrBlock='10.6.1.0/24', OutpostArn=outpost,
               AvailabilityZone='us-east-1a')['Subnet']
    sid = sub['SubnetId']
    assert sub['OutpostArn'] == outpost and sub['MapCustomerOwnedIpOnLaunch'] is False
    assert 'CustomerOwnedIpv4Pool' not in sub and 'EnableLniAtDeviceIndex' not in sub
    plain = call(c, 'CreateSubnet', VpcId=vpc, CidrBlock='10.6.2.0/24')['Subnet']['SubnetId']
    for kw in ({'MapCustomerOwnedIpOnLaunch': {'Value': True},
                'CustomerOwnedIpv4Pool': 'ipv4pool-coip-0a1b2c3d4e5f60718'},
               {'EnableLniAtDeviceIndex': 1}):
        assert error_of(c, 'ModifySubnetAttribute', SubnetId=plain, **kw).code == \
            'InvalidParameterValue', kw
    assert error_of(c, 'ModifySubnetAttribute', SubnetId=sid,
                    MapCustomerOwnedIpOnLaunch={'Value': True},
                    CustomerOwnedIpv4Pool='ipv4pool-coip-0000000000000000f').code == \
        'InvalidCoipPoolId.NotFound'
    call(c, 'ModifySubnetAttribute', SubnetId=sid, MapCustomerOwnedIpOnLaunch={'Value': True},
         CustomerOwnedIpv4Pool='ipv4pool-coip-0a1b2c3d4e5f60718')
    call(c, 'ModifySubnetAttribute', SubnetId=sid, EnableLniAtDeviceIndex=1)
    got = shaped(emu, 'DescribeSubnets', SubnetIds=[sid])['Subnets'][0]
    assert got['OutpostArn'] == outpost and got['MapCustomerOwnedIpOnLaunch'] is True
    assert got['CustomerOwnedIpv4Pool'] == 'ipv4pool-coip-0a1b2c3d4e5f60718'
    assert got['EnableLniAtDeviceIndex'] == 1

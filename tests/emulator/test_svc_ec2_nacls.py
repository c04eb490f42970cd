"""Tests of svc_ec2_nacls (network ACLs) and svc_ec2_defaults (the default
VPC), over the wire: signed calls, inputs checked against the EC2 model.

Run: /usr/bin/python3 -m pytest tests/emulator/test_svc_ec2_nacls.py
"""

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from awsclient import AwsCallError, Client  # noqa: E402

AK = 'AKIATESTNACLS0000001'
SK = 'test/nacls/secret'


@pytest.fixture
def c(running):
    running[0].reset()
    return Client(running[1], AK, SK)


def call(c, op, **params):
    return c.call('ec2', op, **params)


def code_of(c, op, **params):
    with pytest.raises(AwsCallError) as ei:
        c.call('ec2', op, **params)
    return ei.value.code


def entries(acl):
    return sorted((e['RuleNumber'], e['Egress'], e['RuleAction'], e.get('CidrBlock'),
                   e.get('Ipv6CidrBlock')) for e in acl['Entries'])


def acl_of(c, acl_id):
    return call(c, 'DescribeNetworkAcls', NetworkAclIds=[acl_id])['NetworkAcls'][0]


def test_default_acl_rules_and_associations(c):
    vpc = call(c, 'CreateVpc', CidrBlock='10.0.0.0/16')['Vpc']['VpcId']
    sub = call(c, 'CreateSubnet', VpcId=vpc, CidrBlock='10.0.1.0/24')['Subnet']['SubnetId']
    (acl,) = call(c, 'DescribeNetworkAcls', Filters=[
        {'Name': 'vpc-id', 'Values': [vpc]}, {'Name': 'default', 'Values': ['true']}])[
        'NetworkAcls']
    assert acl['IsDefault'] is True
    assert entries(acl) == [(100, False, 'allow', '0.0.0.0/0', None),
                            (100, True, 'allow', '0.0.0.0/0', None),
                            (32767, False, 'deny', '0.0.0.0/0', None),
                            (32767, True, 'deny', '0.0.0.0/0', None)]
    assert [a['SubnetId'] for a in acl['Associations']] == [sub]
    # an IPv6 block brings the IPv6 rules
    call(c, 'AssociateVpcCidrBlock', VpcId=vpc, AmazonProvidedIpv6CidrBlock=True)
    got = entries(acl_of(c, acl['NetworkAclId']))
    assert (101, True, 'allow', None, '::/0') in got and (32768, False, 'deny', None, '::/0') in got
    assert code_of(c, 'DeleteNetworkAcl', NetworkAclId=acl['NetworkAclId']) == (
        'Client.CannotDelete')


def test_custom_acl_lifecycle(c):
    vpc = call(c, 'CreateVpc', CidrBlock='10.0.0.0/16')['Vpc']['VpcId']
    sub = call(c, 'CreateSubnet', VpcId=vpc, CidrBlock='10.0.1.0/24')['Subnet']['SubnetId']
    out = call(c, 'CreateNetworkAcl', VpcId=vpc, ClientToken='tok-1', TagSpecifications=[
        {'ResourceType': 'network-acl', 'Tags': [{'Key': 'Name', 'Value': 'x'}]}])
    acl = out['NetworkAcl']
    # the same token answers with the same ACL
    again = call(c, 'CreateNetworkAcl', VpcId=vpc, ClientToken='tok-1')['NetworkAcl']
    assert again['NetworkAclId'] == acl['NetworkAclId']
    assert acl['IsDefault'] is False and acl['Tags'] == [{'Key': 'Name', 'Value': 'x'}]
    assert entries(acl) == [(32767, False, 'deny', '0.0.0.0/0', None),
                            (32767, True, 'deny', '0.0.0.0/0', None)]
    aid = acl['NetworkAclId']
    call(c, 'CreateNetworkAclEntry', NetworkAclId=aid, RuleNumber=100, Protocol='6',
         RuleAction='allow', Egress=False, CidrBlock='10.0.0.0/8',
         PortRange={'From': 443, 'To': 443})
    call(c, 'CreateNetworkAclEntry', NetworkAclId=aid, RuleNumber=110, Protocol='1',
         RuleAction='deny', Egress=True, Ipv6CidrBlock='::/0',
         IcmpTypeCode={'Type': -1, 'Code': -1})
    # an identical repeat is accepted, a different one refused
    call(c, 'CreateNetworkAclEntry', NetworkAclId=aid, RuleNumber=100, Protocol='6',
         RuleAction='allow', Egress=False, CidrBlock='10.0.0.0/8',
         PortRange={'From': 443, 'To': 443})
    assert code_of(c, 'CreateNetworkAclEntry', NetworkAclId=aid, RuleNumber=100, Protocol='-1',
                   RuleAction='deny', Egress=False, CidrBlock='0.0.0.0/0') == (
        'NetworkAclEntryAlreadyExists')
    assert code_of(c, 'CreateNetworkAclEntry', NetworkAclId=aid, RuleNumber=32767,
                   Protocol='-1', RuleAction='deny', Egress=False,
                   CidrBlock='0.0.0.0/0') == 'InvalidParameterValue'
    assert code_of(c, 'CreateNetworkAclEntry', NetworkAclId=aid, RuleNumber=5, Protocol='6',
                   RuleAction='deny', Egress=False, CidrBlock='0.0.0.0/0') == (
        'InvalidParameterValue')
    got = {(e['RuleNumber'], e['Egress']): e for e in acl_of(c, aid)['Entries']}
    assert got[(100, False)]['PortRange'] == {'From': 443, 'To': 443}
    assert got[(110, True)]['IcmpTypeCode'] == {'Type': -1, 'Code': -1}
    assert 'PortRange' not in got[(110, True)]
    call(c, 'ReplaceNetworkAclEntry', NetworkAclId=aid, RuleNumber=100, Protocol='17',
         RuleAction='deny', Egress=False, CidrBlock='10.0.0.0/8',
         PortRange={'From': 53, 'To': 53})
    got = {(e['RuleNumber'], e['Egress']): e for e in acl_of(c, aid)['Entries']}
    assert got[(100, False)]['Protocol'] == '17' and got[(100, False)]['RuleAction'] == 'deny'
    call(c, 'DeleteNetworkAclEntry', NetworkAclId=aid, RuleNumber=110, Egress=True)
    assert code_of(c, 'DeleteNetworkAclEntry', NetworkAclId=aid, RuleNumber=110,
                   Egress=True) == 'InvalidNetworkAclEntry.NotFound'
    # the subnet moves in and back out
    (dflt,) = call(c, 'DescribeNetworkAcls', Filters=[
        {'Name': 'association.subnet-id', 'Values': [sub]}])['NetworkAcls']
    assoc = dflt['Associations'][0]['NetworkAclAssociationId']
    new = call(c, 'ReplaceNetworkAclAssociation', AssociationId=assoc,
               NetworkAclId=aid)['NewAssociationId']
    assert new != assoc and acl_of(c, aid)['Associations'][0]['SubnetId'] == sub
    assert code_of(c, 'DeleteNetworkAcl', NetworkAclId=aid) == 'DependencyViolation'
    assert code_of(c, 'DeleteVpc', VpcId=vpc) == 'DependencyViolation'
    call(c, 'ReplaceNetworkAclAssociation', AssociationId=new,
         NetworkAclId=dflt['NetworkAclId'])
    call(c, 'DeleteNetworkAcl', NetworkAclId=aid)
    assert code_of(c, 'DescribeNetworkAcls', NetworkAclIds=[aid]) == (
        'InvalidNetworkAclID.NotFound')
    # the model rejects a call without its required members
    assert code_of(c, 'CreateNetworkAclEntry', NetworkAclId=dflt['NetworkAclId'],
                   RuleNumber=1, Protocol='-1', Egress=False) != ''


def test_default_vpc(c, running):
    assert call(c, 'DescribeVpcs', Filters=[{'Name': 'is-default', 'Values': ['true']}])[
        'Vpcs'] == []
    vpc = call(c, 'CreateDefaultVpc')['Vpc']
    assert vpc['IsDefault'] is True and vpc['CidrBlock'] == '172.31.0.0/16'
    assert code_of(c, 'CreateDefaultVpc') == 'DefaultVpcAlreadyExists'
    subs = call(c, 'DescribeSubnets', Filters=[
        {'Name': 'default-for-az', 'Values': ['true']}])['Subnets']
    assert len(subs) >= 3 and all(s['MapPublicIpOnLaunch'] and s['VpcId'] == vpc['VpcId']
                                  for s in subs)
    (rtb,) = call(c, 'DescribeRouteTables', Filters=[
        {'Name': 'vpc-id', 'Values': [vpc['VpcId']]}])['RouteTables']
    assert any(r.get('DestinationCidrBlock') == '0.0.0.0/0' and r['GatewayId'].startswith('igw-')
               for r in rtb['Routes'])
    hook = running[0].services['ec2'].control_ensure_default_vpc({})
    assert hook['VpcId'] == vpc['VpcId'] and len(hook['SubnetIds']) == len(subs)

"""Tests of svc_ec2's UpdateSecurityGroupRuleDescriptions{Ingress,Egress}
(what aws_security_group_rule changes a description with), over the wire.

Run: /usr/bin/python3 -m pytest tests/emulator/test_svc_ec2_sg_rule_descriptions.py
"""

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from awsclient import AwsCallError, Client  # noqa: E402

AK = 'AKIATESTSGRULEDESC01'
SK = 'test/sgrules/secret'


@pytest.fixture
def c(running):
    running[0].reset()
    return Client(running[1], AK, SK)


def call(c, op, **params):
    return c.call('ec2', op, **params)


def test_update_rule_descriptions(c):
    vpc = call(c, 'CreateVpc', CidrBlock='10.7.0.0/16')['Vpc']['VpcId']
    gid = call(c, 'CreateSecurityGroup', GroupName='d', Description='d', VpcId=vpc)['GroupId']
    perm = {'IpProtocol': 'tcp', 'FromPort': 443, 'ToPort': 443,
            'IpRanges': [{'CidrIp': '10.0.0.0/8', 'Description': 'old'}]}
    call(c, 'AuthorizeSecurityGroupIngress', GroupId=gid, IpPermissions=[perm])
    perm['IpRanges'][0]['Description'] = 'new'
    assert call(c, 'UpdateSecurityGroupRuleDescriptionsIngress', GroupId=gid,
                IpPermissions=[perm])['Return'] is True
    rules = call(c, 'DescribeSecurityGroupRules',
                 Filters=[{'Name': 'group-id', 'Values': [gid]}])['SecurityGroupRules']
    mine = [r for r in rules if not r['IsEgress']]
    assert [r['Description'] for r in mine] == ['new']
    # no description: removed
    del perm['IpRanges'][0]['Description']
    call(c, 'UpdateSecurityGroupRuleDescriptionsIngress', GroupId=gid, IpPermissions=[perm])
    sg = call(c, 'DescribeSecurityGroups', GroupIds=[gid])['SecurityGroups'][0]
    assert 'Description' not in sg['IpPermissions'][0]['IpRanges'][0]
    # a rule the group does not have, and the wrong direction
    other = dict(perm, FromPort=80, ToPort=80)
    for op, p in (('UpdateSecurityGroupRuleDescriptionsIngress', other),
                  ('UpdateSecurityGroupRuleDescriptionsEgress', perm)):
        with pytest.raises(AwsCallError) as ei:
            call(c, op, GroupId=gid, IpPermissions=[p])
        assert ei.value.code == 'InvalidPermission.NotFound'


def test_modify_security_group_rules_in_place(c):
    vpc = call(c, 'CreateVpc', CidrBlock='10.8.0.0/16')['Vpc']['VpcId']
    gid = call(c, 'CreateSecurityGroup', GroupName='m', Description='m', VpcId=vpc)['GroupId']
    out = call(c, 'AuthorizeSecurityGroupIngress', GroupId=gid, IpPermissions=[
        {'IpProtocol': 'tcp', 'FromPort': 80, 'ToPort': 80,
         'IpRanges': [{'CidrIp': '10.0.0.0/8'}, {'CidrIp': '10.1.0.0/16'}]}],
        TagSpecifications=[{'ResourceType': 'security-group-rule',
                            'Tags': [{'Key': 'k', 'Value': 'v'}]}])
    rid, rid2 = [r['SecurityGroupRuleId'] for r in out['SecurityGroupRules']]
    call(c, 'ModifySecurityGroupRules', GroupId=gid, SecurityGroupRules=[
        {'SecurityGroupRuleId': rid, 'SecurityGroupRule': {
            'IpProtocol': 'udp', 'FromPort': 53, 'ToPort': 53, 'CidrIpv4': '172.16.0.0/12',
            'Description': 'dns'}}])
    r = call(c, 'DescribeSecurityGroupRules', SecurityGroupRuleIds=[rid])['SecurityGroupRules'][0]
    assert (r['IpProtocol'], r['FromPort'], r['ToPort'], r['CidrIpv4'], r['Description']) == \
        ('udp', 53, 53, '172.16.0.0/12', 'dns')
    assert r['Tags'] == [{'Key': 'k', 'Value': 'v'}]
    for rule, code in (
            ({'IpProtocol': 'tcp', 'FromPort': 80, 'ToPort': 80, 'CidrIpv4': '10.1.0.0/16'},
             'InvalidPermission.Duplicate'),
            ({'IpProtocol': 'tcp', 'FromPort': 80, 'ToPort': 80}, 'InvalidParameterValue')):
        with pytest.raises(AwsCallError) as ei:
            call(c, 'ModifySecurityGroupRules', GroupId=gid, SecurityGroupRules=[
                {'SecurityGroupRuleId': rid, 'SecurityGroupRule': rule}])
        assert ei.value.code == code
    with pytest.raises(AwsCallError) as ei:
        call(c, 'ModifySecurityGroupRules', GroupId=gid, SecurityGroupRules=[
            {'SecurityGroupRuleId': 'sgr-0123456789abcdef0', 'SecurityGroupRule': {
                'IpProtocol': 'tcp', 'FromPort': 1, 'ToPort': 1, 'CidrIpv4': '10.9.0.0/16'}}])
    assert ei.value.code == 'InvalidSecurityGroupRuleId.NotFound'
    assert rid2

"""Tests of svc_elasticache and svc_redshift: subnet groups (create,
describe, modify, delete, their errors) and tags, over the wire against the
services' models.

Run: /usr/bin/python3 -m pytest tests/emulator/test_svc_subnet_groups.py
"""

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from test_svc_ec2_gateways import AK, SK, c, emu  # noqa: E402,F401
from awsclient import AwsCallError  # noqa: E402


def err(c, svc, op, **p):
    with pytest.raises(AwsCallError) as ei:
        c.call(svc, op, **p)
    return ei.value.code


def subnets(c):
    v = c.call('ec2', 'CreateVpc', CidrBlock='10.0.0.0/16')['Vpc']['VpcId']
    out = [c.call('ec2', 'CreateSubnet', VpcId=v, CidrBlock='10.0.%d.0/24' % i,
                  AvailabilityZone='us-east-1' + 'ab'[i])['Subnet']['SubnetId'] for i in (0, 1)]
    v2 = c.call('ec2', 'CreateVpc', CidrBlock='10.1.0.0/16')['Vpc']['VpcId']
    other = c.call('ec2', 'CreateSubnet', VpcId=v2, CidrBlock='10.1.0.0/24')['Subnet']['SubnetId']
    return v, out, other


def test_elasticache_subnet_group(c, emu):
    v, (a, b), other = subnets(c)
    g = c.call('elasticache', 'CreateCacheSubnetGroup', CacheSubnetGroupName='My-Cache',
               CacheSubnetGroupDescription='d', SubnetIds=[a],
               Tags=[{'Key': 'k', 'Value': 'v'}])['CacheSubnetGroup']
    assert g['CacheSubnetGroupName'] == 'my-cache' and g['VpcId'] == v
    assert g['ARN'].endswith(':subnetgroup:my-cache')
    assert err(c, 'elasticache', 'CreateCacheSubnetGroup', CacheSubnetGroupName='my-cache',
               CacheSubnetGroupDescription='d', SubnetIds=[a]) == 'CacheSubnetGroupAlreadyExists'
    assert err(c, 'elasticache', 'CreateCacheSubnetGroup', CacheSubnetGroupName='x',
               CacheSubnetGroupDescription='d', SubnetIds=[a, other]) == 'InvalidParameterValue'
    assert err(c, 'elasticache', 'CreateCacheSubnetGroup', CacheSubnetGroupName='x',
               CacheSubnetGroupDescription='d',
               SubnetIds=['subnet-0123456789abcdef0']) == 'InvalidSubnet'
    c.call('elasticache', 'ModifyCacheSubnetGroup', CacheSubnetGroupName='my-cache',
           CacheSubnetGroupDescription='e', SubnetIds=[a, b])
    [g] = c.call('elasticache', 'DescribeCacheSubnetGroups',
                 CacheSubnetGroupName='MY-CACHE')['CacheSubnetGroups']
    assert g['CacheSubnetGroupDescription'] == 'e'
    assert sorted(s['SubnetIdentifier'] for s in g['Subnets']) == sorted([a, b])
    c.call('elasticache', 'AddTagsToResource', ResourceName=g['ARN'],
           Tags=[{'Key': 'x', 'Value': 'y'}])
    c.call('elasticache', 'RemoveTagsFromResource', ResourceName=g['ARN'], TagKeys=['k'])
    tags = c.call('elasticache', 'ListTagsForResource', ResourceName=g['ARN'])['TagList']
    assert tags == [{'Key': 'x', 'Value': 'y'}]
    c.call('elasticache', 'DeleteCacheSubnetGroup', CacheSubnetGroupName='my-cache')
    assert err(c, 'elasticache', 'DescribeCacheSubnetGroups',
               CacheSubnetGroupName='my-cache') == 'CacheSubnetGroupNotFoundFault'


def test_redshift_subnet_group(c, emu):
    v, (a, b), other = subnets(c)
    g = c.call('redshift', 'CreateClusterSubnetGroup', ClusterSubnetGroupName='rs',
               Description='d', SubnetIds=[a, b],
               Tags=[{'Key': 'k', 'Value': 'v'}])['ClusterSubnetGroup']
    assert g['VpcId'] == v and g['Tags'] == [{'Key': 'k', 'Value': 'v'}]
    assert err(c, 'redshift', 'CreateClusterSubnetGroup', ClusterSubnetGroupName='Bad',
               Description='d', SubnetIds=[a]) == 'InvalidParameterValue'
    arn = 'arn:aws:redshift:us-east-1:%s:subnetgroup:rs' % emu.account_id
    c.call('redshift', 'CreateTags', ResourceName=arn, Tags=[{'Key': 'x', 'Value': 'y'}])
    c.call('redshift', 'DeleteTags', ResourceName=arn, TagKeys=['k'])
    c.call('redshift', 'ModifyClusterSubnetGroup', ClusterSubnetGroupName='rs',
           Description='e', SubnetIds=[a])
    [g] = c.call('redshift', 'DescribeClusterSubnetGroups',
                 ClusterSubnetGroupName='rs')['ClusterSubnetGroups']
    assert g['Description'] == 'e' and [s['SubnetIdentifier'] for s in g['Subnets']] == [a]
    assert g['Tags'] == [{'Key': 'x', 'Value': 'y'}]
    c.call('redshift', 'DeleteClusterSubnetGroup', ClusterSubnetGroupName='rs')
    assert err(c, 'redshift', 'DeleteClusterSubnetGroup',
               ClusterSubnetGroupName='rs') == 'ClusterSubnetGroupNotFoundFault'

"""Tests of svc_ec2_launch_templates: launch templates and their versions,
over the wire (signed, parsed by the model's output shape); Describe answers
are also checked against the model's output shape.

Run: /usr/bin/python3 -m pytest tests/emulator/test_svc_ec2_launch_templates.py
"""

import base64
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from awsclient import AwsCallError, Client  # noqa: E402
from svc_testkit import check_output  # noqa: E402

AK = 'AKIATESTLAUNCHTPL001'
SK = 'test/launch-templates/secret'

IMAGE = 'ami-0a9e8b4c3d2f1e0a7'


@pytest.fixture
def emu(running):
    running[0].reset()
    return running[0]


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
    if isinstance(v, dict):
        return {k: _drop_none(x) for k, x in v.items() if x is not None}
    if isinstance(v, list):
        return [_drop_none(x) for x in v]
    return v


def shaped(emu, op, **params):
    out = emu.services['ec2'].handle(op, params)
    check_output('ec2', op, _drop_none(out))
    return out


DATA = {
    'ImageId': IMAGE, 'InstanceType': 't3.micro', 'KeyName': 'deployer',
    'UserData': base64.b64encode(b'#!/bin/sh\necho hi\n').decode(),
    'MetadataOptions': {'HttpTokens': 'required', 'HttpPutResponseHopLimit': 2},
    'IamInstanceProfile': {'Name': 'ecs-instance'},
    'Monitoring': {'Enabled': True},
    'BlockDeviceMappings': [{'DeviceName': '/dev/xvda',
                             'Ebs': {'VolumeSize': 30, 'VolumeType': 'gp3',
                                     'DeleteOnTermination': True, 'Encrypted': True}}],
    'NetworkInterfaces': [{'DeviceIndex': 0, 'AssociatePublicIpAddress': False,
                           'Groups': ['sg-0123456789abcdef0']}],
    'TagSpecifications': [{'ResourceType': 'instance', 'Tags': [{'Key': 'Role', 'Value': 'ecs'}]}],
}


def test_create_describe_versions_default_delete(c, emu):
    out = call(c, 'CreateLaunchTemplate', LaunchTemplateName='web', VersionDescription='one',
               LaunchTemplateData=DATA, ClientToken='tok-1',
               TagSpecifications=[{'ResourceType': 'launch-template',
                                   'Tags': [{'Key': 'Name', 'Value': 'web'}]}])
    lt = out['LaunchTemplate']
    lt_id = lt['LaunchTemplateId']
    assert lt_id.startswith('lt-') and len(lt_id) == 20
    assert (lt['DefaultVersionNumber'], lt['LatestVersionNumber']) == (1, 1)
    assert lt['Tags'] == [{'Key': 'Name', 'Value': 'web'}]
    assert 'Warning' not in out
    # the same client token answers the same template
    again = call(c, 'CreateLaunchTemplate', LaunchTemplateName='web', LaunchTemplateData=DATA,
                 ClientToken='tok-1')
    assert again['LaunchTemplate']['LaunchTemplateId'] == lt_id
    assert error_of(c, 'CreateLaunchTemplate', LaunchTemplateName='web',
                    LaunchTemplateData=DATA).code == \
        'InvalidLaunchTemplateName.AlreadyExistsException'

    v1 = call(c, 'DescribeLaunchTemplateVersions', LaunchTemplateId=lt_id,
              Versions=['$Latest'])['LaunchTemplateVersions'][0]
    assert v1['VersionNumber'] == 1 and v1['DefaultVersion'] is True
    assert v1['VersionDescription'] == 'one'
    d = v1['LaunchTemplateData']
    assert d['ImageId'] == IMAGE and d['UserData'] == DATA['UserData']
    assert d['MetadataOptions'] == {'HttpTokens': 'required', 'HttpPutResponseHopLimit': 2,
                                    'HttpEndpoint': 'enabled', 'HttpProtocolIpv6': 'disabled',
                                    'InstanceMetadataTags': 'disabled', 'State': 'applied'}
    assert d['BlockDeviceMappings'][0]['Ebs']['VolumeSize'] == 30
    assert d['NetworkInterfaces'][0]['Groups'] == ['sg-0123456789abcdef0']
    assert d['IamInstanceProfile'] == {'Name': 'ecs-instance'}
    assert d['TagSpecifications'][0]['Tags'] == [{'Key': 'Role', 'Value': 'ecs'}]

    v2 = call(c, 'CreateLaunchTemplateVersion', LaunchTemplateId=lt_id,
              LaunchTemplateData={'ImageId': IMAGE, 'InstanceType': 't3.small'})
    assert v2['LaunchTemplateVersion']['VersionNumber'] == 2
    assert v2['LaunchTemplateVersion']['DefaultVersion'] is False
    got = call(c, 'DescribeLaunchTemplates', LaunchTemplateIds=[lt_id])['LaunchTemplates'][0]
    assert (got['DefaultVersionNumber'], got['LatestVersionNumber']) == (1, 2)
    # a version based on another keeps what it does not override
    v3 = call(c, 'CreateLaunchTemplateVersion', LaunchTemplateName='web', SourceVersion='1',
              LaunchTemplateData={'InstanceType': 't3.large'})['LaunchTemplateVersion']
    assert v3['LaunchTemplateData']['KeyName'] == 'deployer'
    assert v3['LaunchTemplateData']['InstanceType'] == 't3.large'

    call(c, 'ModifyLaunchTemplate', LaunchTemplateId=lt_id, SetDefaultVersion='$Latest')
    got = call(c, 'DescribeLaunchTemplates', LaunchTemplateNames=['web'])['LaunchTemplates'][0]
    assert got['DefaultVersionNumber'] == 3
    assert error_of(c, 'ModifyLaunchTemplate', LaunchTemplateId=lt_id,
                    SetDefaultVersion='9').code == 'InvalidLaunchTemplateId.VersionNotFound'
    vs = shaped(emu, 'DescribeLaunchTemplateVersions', LaunchTemplateId=lt_id)
    assert [v['VersionNumber'] for v in vs['LaunchTemplateVersions']] == [1, 2, 3]
    assert [v['DefaultVersion'] for v in vs['LaunchTemplateVersions']] == [False, False, True]
    shaped(emu, 'DescribeLaunchTemplates')

    dv = call(c, 'DeleteLaunchTemplateVersions', LaunchTemplateId=lt_id, Versions=['2', '3'])
    assert [x['VersionNumber'] for x in dv['SuccessfullyDeletedLaunchTemplateVersions']] == [2]
    assert dv['UnsuccessfullyDeletedLaunchTemplateVersions'][0]['ResponseError']['Code'] == \
        'launchTemplateVersionIsDefault'

    assert emu.services['ec2'].snapshot()['launch_templates'] == [lt_id]
    call(c, 'DeleteLaunchTemplate', LaunchTemplateId=lt_id)
    assert error_of(c, 'DescribeLaunchTemplates', LaunchTemplateIds=[lt_id]).code == \
        'InvalidLaunchTemplateId.NotFound'
    assert error_of(c, 'DeleteLaunchTemplate', LaunchTemplateId=lt_id).code == \
        'InvalidLaunchTemplateId.NotFound'
    assert emu.state()['empty']


def test_errors_tags_and_warnings(c, emu):
    assert error_of(c, 'CreateLaunchTemplate', LaunchTemplateName='a!',
                    LaunchTemplateData={'InstanceType': 't3.micro'}).code == 'InvalidLaunchTemplateName.MalformedException'
    # the model requires LaunchTemplateData
    assert error_of(c, 'CreateLaunchTemplate', LaunchTemplateName='abc').code == \
        'MissingParameter'
    assert error_of(c, 'DescribeLaunchTemplates', LaunchTemplateIds=['lt-1']).code == \
        'InvalidLaunchTemplateId.Malformed'
    assert error_of(c, 'DescribeLaunchTemplates', LaunchTemplateNames=['nope']).code == \
        'InvalidLaunchTemplateName.NotFoundException'
    assert error_of(c, 'CreateLaunchTemplateVersion',
                    LaunchTemplateData={'InstanceType': 't3.micro'}).code == 'MissingParameter'
    # an unknown image is a warning, not an error, as on AWS
    out = call(c, 'CreateLaunchTemplate', LaunchTemplateName='warned',
               LaunchTemplateData={'ImageId': 'ami-0123456789abcdef0'})
    assert out['Warning']['Errors'][0]['Code'] == 'InvalidAMIID.NotFound'
    lt_id = out['LaunchTemplate']['LaunchTemplateId']
    call(c, 'CreateTags', Resources=[lt_id], Tags=[{'Key': 'env', 'Value': 'test'}])
    got = call(c, 'DescribeLaunchTemplates', Filters=[{'Name': 'tag:env', 'Values': ['test']}])
    assert [x['LaunchTemplateId'] for x in got['LaunchTemplates']] == [lt_id]
    call(c, 'DeleteTags', Resources=[lt_id], Tags=[{'Key': 'env'}])
    got = call(c, 'DescribeLaunchTemplates', Filters=[{'Name': 'tag:env', 'Values': ['test']}])
    assert got.get('LaunchTemplates', []) == []
    call(c, 'DeleteLaunchTemplate', LaunchTemplateName='warned')


def test_instance_profile_check_for_consumers(c, emu):
    ec2 = emu.services['ec2']
    assert ec2.instance_profile_usable(None)
    if 'iam' in emu.services and hasattr(emu.services['iam'], 'profile_usable'):
        assert not ec2.instance_profile_usable({'Name': 'missing'})


# -- Auto Scaling groups launching from a template ----------------------------------------

def _network(c):
    vpc = call(c, 'CreateVpc', CidrBlock='10.8.0.0/16')['Vpc']['VpcId']
    sub = call(c, 'CreateSubnet', VpcId=vpc, CidrBlock='10.8.1.0/24',
               AvailabilityZone='us-east-1a')['Subnet']['SubnetId']
    sg = call(c, 'CreateSecurityGroup', VpcId=vpc, GroupName='lt-asg',
              Description='x')['GroupId']
    return vpc, sub, sg


def _asg(c, op, **params):
    return c.call('autoscaling', op, **params)


def _wait_instances(c, name, n):
    import time
    for _ in range(100):
        g = _asg(c, 'DescribeAutoScalingGroups',
                 AutoScalingGroupNames=[name])['AutoScalingGroups'][0]
        if len(g.get('Instances') or []) >= n:
            return g
        time.sleep(0.05)
    return g


def test_group_launches_from_template(c, emu):
    emu.services['autoscaling'].launch_seconds = 0.0
    _, sub, sg = _network(c)
    lt = call(c, 'CreateLaunchTemplate', LaunchTemplateName='asg-lt', LaunchTemplateData={
        'ImageId': IMAGE, 'InstanceType': 't3.small', 'SecurityGroupIds': [sg],
        'UserData': 'ZWNobyBoaQ=='})['LaunchTemplate']
    call(c, 'CreateLaunchTemplateVersion', LaunchTemplateId=lt['LaunchTemplateId'],
         SourceVersion='1', LaunchTemplateData={'InstanceType': 't3.large'})
    # unknown templates and versions are refused as AWS refuses them
    with pytest.raises(AwsCallError) as ei:
        _asg(c, 'CreateAutoScalingGroup', AutoScalingGroupName='g', MinSize=0, MaxSize=1,
             VPCZoneIdentifier=sub, LaunchTemplate={'LaunchTemplateName': 'nope'})
    assert ei.value.code == 'ValidationError' and 'does not exist' in ei.value.message
    with pytest.raises(AwsCallError) as ei:
        _asg(c, 'CreateAutoScalingGroup', AutoScalingGroupName='g', MinSize=0, MaxSize=1,
             VPCZoneIdentifier=sub, LaunchTemplate={'LaunchTemplateName': 'asg-lt',
                                                    'Version': '9'})
    assert ei.value.code == 'ValidationError'
    _asg(c, 'CreateAutoScalingGroup', AutoScalingGroupName='g', MinSize=1, MaxSize=2,
         DesiredCapacity=1, VPCZoneIdentifier=sub,
         LaunchTemplate={'LaunchTemplateName': 'asg-lt', 'Version': '$Latest'})
    g = _wait_instances(c, 'g', 1)
    assert g['LaunchTemplate'] == {'LaunchTemplateId': lt['LaunchTemplateId'],
                                   'LaunchTemplateName': 'asg-lt', 'Version': '$Latest'}
    assert g['Instances'][0]['InstanceType'] == 't3.large'
    iid = g['Instances'][0]['InstanceId']
    inst = emu.services['ec2'].instances[iid]
    assert inst['ImageId'] == IMAGE and inst['_groups'] == [sg]

    # mixed instances policy: the first override's type
    _asg(c, 'CreateAutoScalingGroup', AutoScalingGroupName='m', MinSize=1, MaxSize=2,
         DesiredCapacity=1, VPCZoneIdentifier=sub, MixedInstancesPolicy={
             'LaunchTemplate': {
                 'LaunchTemplateSpecification': {'LaunchTemplateId': lt['LaunchTemplateId']},
                 'Overrides': [{'InstanceType': 'm5.large'}, {'InstanceType': 'm6i.large'}]}})
    m = _wait_instances(c, 'm', 1)
    assert m['Instances'][0]['InstanceType'] == 'm5.large'
    assert m['MixedInstancesPolicy']['LaunchTemplate']['LaunchTemplateSpecification'][
        'LaunchTemplateName'] == 'asg-lt'

    # an instance profile IAM does not know fails the launch, as on AWS
    bad = call(c, 'CreateLaunchTemplate', LaunchTemplateName='bad-profile', LaunchTemplateData={
        'ImageId': IMAGE, 'InstanceType': 't3.small', 'SecurityGroupIds': [sg],
        'IamInstanceProfile': {'Name': 'missing-profile'}})['LaunchTemplate']
    _asg(c, 'CreateAutoScalingGroup', AutoScalingGroupName='p', MinSize=1, MaxSize=1,
         VPCZoneIdentifier=sub, LaunchTemplate={'LaunchTemplateId': bad['LaunchTemplateId']})
    acts = _asg(c, 'DescribeScalingActivities', AutoScalingGroupName='p')['Activities']
    if 'iam' in emu.services:
        assert acts and acts[0]['StatusCode'] == 'Failed', acts
        assert 'Invalid IAM Instance Profile' in acts[0]['StatusMessage'], acts
    for name in ('g', 'm', 'p'):
        _asg(c, 'DeleteAutoScalingGroup', AutoScalingGroupName=name, ForceDelete=True)

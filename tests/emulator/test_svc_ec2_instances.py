"""Tests of svc_ec2_instances: RunInstances and what aws_instance calls
around it, over the wire (signed, parsed by the model), Describe answers
checked against the EC2 model's output shapes.

Run: /usr/bin/python3 -m pytest tests/emulator/test_svc_ec2_instances.py
"""

import base64
import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from awsclient import AwsCallError, Client  # noqa: E402
from svc_testkit import check_output  # noqa: E402

AK = 'AKIATESTINSTANCES001'
SK = 'test/instances/secret'

AL2 = 'ami-0e1f2a3b4c5d6e7f8'        # amzn2-ami-hvm x86_64, 8 GiB root
AL2023_ARM = 'ami-02b3c4d5e6f7a8b9c'


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
        call(c, op, **params)
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


@pytest.fixture
def net(c):
    vpc = call(c, 'CreateVpc', CidrBlock='10.1.0.0/16')['Vpc']['VpcId']
    subnet = call(c, 'CreateSubnet', VpcId=vpc, CidrBlock='10.1.1.0/24',
                  AvailabilityZone='us-east-1a')['Subnet']['SubnetId']
    sg = call(c, 'CreateSecurityGroup', VpcId=vpc, GroupName='app',
              Description='app')['GroupId']
    return {'vpc': vpc, 'subnet': subnet, 'sg': sg}


def run(c, net, **extra):
    params = dict(ImageId=AL2, InstanceType='t3.nano', MinCount=1, MaxCount=1,
                  SubnetId=net['subnet'])
    params.update(extra)
    return call(c, 'RunInstances', **params)['Instances'][0]


def describe(c, iid):
    return call(c, 'DescribeInstances', InstanceIds=[iid])['Reservations'][0]['Instances'][0]


def test_run_with_client_token_is_idempotent(c, emu, net):
    first = run(c, net, ClientToken='tok-1')
    again = run(c, net, ClientToken='tok-1')
    assert first['InstanceId'] == again['InstanceId'] and first['State']['Name'] == 'pending'
    assert len(emu.state()['services']['ec2']['instances']) == 1
    other = run(c, net, ClientToken='tok-2')
    assert other['InstanceId'] != first['InstanceId']
    got = call(c, 'DescribeInstances', Filters=[{'Name': 'client-token', 'Values': ['tok-2']}])
    assert [i['InstanceId'] for r in got['Reservations'] for i in r['Instances']] == \
        [other['InstanceId']]


def test_launch_defaults_and_descriptions_fit_the_model(c, emu, net):
    iid = run(c, net, TagSpecifications=[
        {'ResourceType': 'instance', 'Tags': [{'Key': 'Name', 'Value': 'web'}]},
        {'ResourceType': 'volume', 'Tags': [{'Key': 'Disk', 'Value': 'root'}]}])['InstanceId']
    inst = shaped(emu, 'DescribeInstances', InstanceIds=[iid])['Reservations'][0]['Instances'][0]
    assert inst['State']['Name'] == 'running' and inst['CpuOptions'] == \
        {'CoreCount': 1, 'ThreadsPerCore': 2}
    assert inst['MetadataOptions']['HttpTokens'] == 'optional'
    assert inst['PrivateDnsName'].endswith('.ec2.internal')
    assert [g['GroupName'] for g in inst['SecurityGroups']] == ['default']
    vid = inst['BlockDeviceMappings'][0]['Ebs']['VolumeId']
    vol = shaped(emu, 'DescribeVolumes', VolumeIds=[vid])['Volumes'][0]
    assert (vol['Size'], vol['VolumeType'], vol['Iops'], vol['State']) == (8, 'gp2', 100, 'in-use')
    assert vol['Attachments'][0]['InstanceId'] == iid
    assert vol['Tags'] == [{'Key': 'Disk', 'Value': 'root'}]
    by_filter = call(c, 'DescribeVolumes', Filters=[
        {'Name': 'attachment.instance-id', 'Values': [iid]}])['Volumes']
    assert [v['VolumeId'] for v in by_filter] == [vid]
    tags = call(c, 'DescribeTags', Filters=[{'Name': 'resource-id', 'Values': [vid]}])['Tags']
    assert tags == [{'ResourceId': vid, 'ResourceType': 'volume', 'Key': 'Disk',
                     'Value': 'root'}]
    for attr in ('disableApiTermination', 'disableApiStop', 'instanceInitiatedShutdownBehavior',
                 'userData', 'instanceType', 'groupSet', 'sourceDestCheck', 'ebsOptimized'):
        shaped(emu, 'DescribeInstanceAttribute', InstanceId=iid, Attribute=attr)
    credits = shaped(emu, 'DescribeInstanceCreditSpecifications', InstanceIds=[iid])
    assert credits['InstanceCreditSpecifications'] == [{'InstanceId': iid,
                                                        'CpuCredits': 'unlimited'}]


def test_launch_arguments(c, net):
    ud = base64.b64encode(b'#!/bin/sh\necho hi\n').decode()
    iid = run(c, net, SecurityGroupIds=[net['sg']], PrivateIpAddress='10.1.1.50', UserData=ud,
              DisableApiTermination=True, DisableApiStop=True,
              InstanceInitiatedShutdownBehavior='terminate', Monitoring={'Enabled': True},
              MetadataOptions={'HttpTokens': 'required', 'HttpPutResponseHopLimit': 3},
              CreditSpecification={'CpuCredits': 'standard'},
              BlockDeviceMappings=[{'DeviceName': '/dev/xvda',
                                    'Ebs': {'VolumeSize': 20, 'VolumeType': 'gp3',
                                            'DeleteOnTermination': False}}])['InstanceId']
    inst = describe(c, iid)
    assert inst['PrivateIpAddress'] == '10.1.1.50' and inst['Monitoring']['State'] == 'enabled'
    assert [g['GroupId'] for g in inst['SecurityGroups']] == [net['sg']]
    assert inst['MetadataOptions']['HttpPutResponseHopLimit'] == 3
    attr = call(c, 'DescribeInstanceAttribute', InstanceId=iid, Attribute='userData')
    assert attr['UserData']['Value'] == ud
    assert call(c, 'DescribeInstanceAttribute', InstanceId=iid,
                Attribute='instanceInitiatedShutdownBehavior')[
        'InstanceInitiatedShutdownBehavior']['Value'] == 'terminate'
    vid = inst['BlockDeviceMappings'][0]['Ebs']['VolumeId']
    vol = call(c, 'DescribeVolumes', VolumeIds=[vid])['Volumes'][0]
    assert (vol['Size'], vol['VolumeType'], vol['Iops'], vol['Throughput']) == (20, 'gp3', 3000,
                                                                                 125)
    # protections: no stop, no termination until lifted
    assert error_of(c, 'StopInstances', InstanceIds=[iid]).code == 'OperationNotPermitted'
    assert error_of(c, 'TerminateInstances', InstanceIds=[iid]).code == 'OperationNotPermitted'
    call(c, 'ModifyInstanceAttribute', InstanceId=iid, DisableApiTermination={'Value': False})
    call(c, 'TerminateInstances', InstanceIds=[iid])
    assert describe(c, iid)['State']['Name'] == 'terminated'
    # DeleteOnTermination false: the volume stays, detached
    vol = call(c, 'DescribeVolumes', VolumeIds=[vid])['Volumes'][0]
    assert vol['State'] == 'available' and vol['Attachments'] == []


def test_bad_launches(c, net):
    assert error_of(c, 'RunInstances', ImageId='ami-0123456789abcdef0', InstanceType='t3.nano',
                    MinCount=1, MaxCount=1, SubnetId=net['subnet']).code == 'InvalidAMIID.NotFound'
    e = error_of(c, 'RunInstances', ImageId=AL2023_ARM, InstanceType='t3.nano', MinCount=1,
                 MaxCount=1, SubnetId=net['subnet'])
    assert e.code == 'InvalidParameterValue' and 'architecture' in e.message
    e = error_of(c, 'RunInstances', ImageId=AL2, InstanceType='m5.large', MinCount=1,
                 MaxCount=1, SubnetId=net['subnet'], CreditSpecification={'CpuCredits': 'standard'})
    assert e.code == 'InvalidParameterCombination'
    e = error_of(c, 'RunInstances', ImageId=AL2, InstanceType='t3.nano', MinCount=1, MaxCount=1,
                 SubnetId=net['subnet'], PrivateIpAddress='10.9.9.9')
    assert e.code == 'InvalidParameterValue'
    e = error_of(c, 'RunInstances', ImageId=AL2, InstanceType='t3.nano', MinCount=1, MaxCount=1,
                 SubnetId=net['subnet'], BlockDeviceMappings=[
                     {'DeviceName': '/dev/xvda', 'Ebs': {'VolumeSize': 4}}])
    assert e.code == 'InvalidBlockDeviceMapping'
    e = error_of(c, 'RunInstances', ImageId=AL2, InstanceType='t3.nanoo', MinCount=1, MaxCount=1,
                 SubnetId=net['subnet'])
    assert e.status == 400


def test_type_and_user_data_change_only_while_stopped(c, net):
    iid = run(c, net)['InstanceId']
    e = error_of(c, 'ModifyInstanceAttribute', InstanceId=iid, InstanceType={'Value': 't3.micro'})
    assert e.code == 'IncorrectInstanceState'
    out = call(c, 'StopInstances', InstanceIds=[iid])['StoppingInstances'][0]
    assert out['PreviousState']['Name'] == 'running'
    assert describe(c, iid)['State']['Name'] == 'stopped'
    call(c, 'ModifyInstanceAttribute', InstanceId=iid, InstanceType={'Value': 't3.micro'})
    # UserData is a blob: the wire carries its base64, EC2 describes it base64-encoded
    call(c, 'ModifyInstanceAttribute', InstanceId=iid, UserData={'Value': b'echo two'})
    call(c, 'StartInstances', InstanceIds=[iid])
    inst = describe(c, iid)
    assert inst['State']['Name'] == 'running' and inst['InstanceType'] == 't3.micro'
    attr = call(c, 'DescribeInstanceAttribute', InstanceId=iid, Attribute='userData')
    assert base64.b64decode(attr['UserData']['Value']) == b'echo two'
    e = error_of(c, 'ModifyInstanceAttribute', InstanceId=iid,
                 InstanceInitiatedShutdownBehavior={'Value': 'reboot'})
    assert e.code == 'InvalidParameterValue'


def test_in_place_modifications(c, net):
    iid = run(c, net)['InstanceId']
    inst = describe(c, iid)
    eni = inst['NetworkInterfaces'][0]['NetworkInterfaceId']
    call(c, 'ModifyNetworkInterfaceAttribute', NetworkInterfaceId=eni, Groups=[net['sg']])
    assert [g['GroupId'] for g in describe(c, iid)['SecurityGroups']] == [net['sg']]
    call(c, 'ModifyInstanceMetadataOptions', InstanceId=iid, HttpTokens='required',
         HttpPutResponseHopLimit=2)
    md = describe(c, iid)['MetadataOptions']
    assert (md['HttpTokens'], md['HttpPutResponseHopLimit']) == ('required', 2)
    out = call(c, 'ModifyInstanceCreditSpecification', InstanceCreditSpecifications=[
        {'InstanceId': iid, 'CpuCredits': 'standard'}])
    assert out['SuccessfulInstanceCreditSpecifications'] == [{'InstanceId': iid}]
    assert call(c, 'DescribeInstanceCreditSpecifications', InstanceIds=[iid])[
        'InstanceCreditSpecifications'][0]['CpuCredits'] == 'standard'
    call(c, 'MonitorInstances', InstanceIds=[iid])
    assert describe(c, iid)['Monitoring']['State'] == 'enabled'
    call(c, 'UnmonitorInstances', InstanceIds=[iid])
    assert describe(c, iid)['Monitoring']['State'] == 'disabled'
    vid = describe(c, iid)['BlockDeviceMappings'][0]['Ebs']['VolumeId']
    call(c, 'ModifyVolume', VolumeId=vid, Size=16, VolumeType='gp3')
    vol = call(c, 'DescribeVolumes', VolumeIds=[vid])['Volumes'][0]
    assert (vol['Size'], vol['VolumeType'], vol['Iops']) == (16, 'gp3', 3000)
    assert error_of(c, 'ModifyVolume', VolumeId=vid, Size=10).code == 'InvalidParameterValue'
    call(c, 'CreateTags', Resources=[vid], Tags=[{'Key': 'k', 'Value': 'v'}])
    assert call(c, 'DescribeVolumes', VolumeIds=[vid])['Volumes'][0]['Tags'] == [
        {'Key': 'k', 'Value': 'v'}]
    # DeleteOnTermination changed in place; terminate: the volume goes with the instance
    call(c, 'ModifyInstanceAttribute', InstanceId=iid, BlockDeviceMappings=[
        {'DeviceName': '/dev/xvda', 'Ebs': {'DeleteOnTermination': False}}])
    assert describe(c, iid)['BlockDeviceMappings'][0]['Ebs']['DeleteOnTermination'] is False
    e = error_of(c, 'ModifyInstanceAttribute', InstanceId=iid, BlockDeviceMappings=[
        {'DeviceName': '/dev/sdz', 'Ebs': {'DeleteOnTermination': True}}])
    assert e.code == 'InvalidInstanceAttributeValue'
    call(c, 'ModifyInstanceAttribute', InstanceId=iid, BlockDeviceMappings=[
        {'DeviceName': '/dev/xvda', 'Ebs': {'DeleteOnTermination': True}}])
    call(c, 'TerminateInstances', InstanceIds=[iid])
    assert error_of(c, 'DescribeVolumes', VolumeIds=[vid]).code == 'InvalidVolume.NotFound'
    assert error_of(c, 'StartInstances', InstanceIds=[iid]).code == 'IncorrectInstanceState'


def test_instance_profile_associations(c, emu, net):
    iid = run(c, net, IamInstanceProfile={'Name': 'first'})['InstanceId']
    got = shaped(emu, 'DescribeIamInstanceProfileAssociations',
                 Filters=[{'Name': 'instance-id', 'Values': [iid]}])
    assoc = got['IamInstanceProfileAssociations'][0]
    assert assoc['IamInstanceProfile']['Arn'].endswith(':instance-profile/first')
    out = call(c, 'ReplaceIamInstanceProfileAssociation', AssociationId=assoc['AssociationId'],
               IamInstanceProfile={'Name': 'second'})['IamInstanceProfileAssociation']
    assert describe(c, iid)['IamInstanceProfile']['Arn'].endswith(':instance-profile/second')
    e = error_of(c, 'AssociateIamInstanceProfile', InstanceId=iid,
                 IamInstanceProfile={'Name': 'third'})
    assert e.code == 'IncorrectState'
    call(c, 'DisassociateIamInstanceProfile', AssociationId=out['AssociationId'])
    assert 'IamInstanceProfile' not in describe(c, iid)
    assert call(c, 'DescribeIamInstanceProfileAssociations', Filters=[
        {'Name': 'instance-id', 'Values': [iid]}])['IamInstanceProfileAssociations'] == []
    e = error_of(c, 'DisassociateIamInstanceProfile', AssociationId=out['AssociationId'])
    assert e.code == 'InvalidAssociationID.NotFound'
    call(c, 'AssociateIamInstanceProfile', InstanceId=iid, IamInstanceProfile={'Name': 'third'})
    assert describe(c, iid)['IamInstanceProfile']['Arn'].endswith(':instance-profile/third')

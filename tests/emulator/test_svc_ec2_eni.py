"""Network interfaces in the EC2 emulator: the ones AWS services leave in a
customer's subnets (Lambda, Comprehend, DMS), their attachments, detaching,
the filters clients find them with, and the deletes they block.

Run: /usr/bin/python3 -m pytest tests/emulator/test_svc_ec2_eni.py
"""

import json
import os
import sys
import time
import urllib.error
import urllib.request

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from awsclient import AwsCallError, Client  # noqa: E402

AK = 'AKIATESTENI000000001'
SK = 'test/eni/secret'


@pytest.fixture
def url(running):
    running[0].reset()
    return running[1]


@pytest.fixture
def c(url):
    return Client(url, AK, SK)


def control(url, what, body):
    req = urllib.request.Request(url + '/__emulator/' + what, data=json.dumps(body).encode(),
                                 method='POST')
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def plant(url, **body):
    status, out = control(url, 'service/ec2/plant-network-interface', body)
    assert status == 200, out
    return out


def error_of(fn, *a, **kw):
    with pytest.raises(AwsCallError) as ei:
        fn(*a, **kw)
    return ei.value


@pytest.fixture
def net(c):
    """A VPC with one subnet and one security group."""
    vpc = c.call('ec2', 'CreateVpc', CidrBlock='10.0.0.0/16')['Vpc']['VpcId']
    subnet = c.call('ec2', 'CreateSubnet', VpcId=vpc, CidrBlock='10.0.1.0/24',
                    AvailabilityZone='us-east-1a')['Subnet']['SubnetId']
    sg = c.call('ec2', 'CreateSecurityGroup', GroupName='g', Description='d',
                VpcId=vpc)['GroupId']
    return {'vpc': vpc, 'subnet': subnet, 'sg': sg}


def filter_name(key):
    """attachment_instance_owner_id -> attachment.instance-owner-id"""
    if key.startswith('attachment_'):
        return 'attachment.' + key[len('attachment_'):].replace('_', '-')
    return key.replace('_', '-')


def describe(c, *ids, **filters):
    kw = {}
    if ids:
        kw['NetworkInterfaceIds'] = list(ids)
    if filters:
        kw['Filters'] = [{'Name': filter_name(k), 'Values': v if isinstance(v, list) else [v]}
                         for k, v in filters.items()]
    return c.call('ec2', 'DescribeNetworkInterfaces', **kw)['NetworkInterfaces']


def test_lambda_interface_blocks_deletes_until_lambda_releases_it(url, c, net):
    eni = plant(url, kind='lambda', subnet_id=net['subnet'], group_ids=[net['sg']],
                name='fn', release_after_describes=2)
    eid = eni['NetworkInterfaceId']
    assert eni['Status'] == 'in-use' and eni['AttachmentId'].startswith('ela-attach-')

    # held: the interface, its group and its subnet cannot go
    assert error_of(c.call, 'ec2', 'DeleteNetworkInterface',
                    NetworkInterfaceId=eid).code == 'InvalidNetworkInterface.InUse'
    assert error_of(c.call, 'ec2', 'DeleteSecurityGroup',
                    GroupId=net['sg']).code == 'DependencyViolation'
    assert error_of(c.call, 'ec2', 'DeleteSubnet',
                    SubnetId=net['subnet']).code == 'DependencyViolation'
    # only Lambda may let go of its attachment
    assert error_of(c.call, 'ec2', 'DetachNetworkInterface', AttachmentId=eni['AttachmentId'],
                    Force=True).code == 'OperationNotPermitted'

    first = describe(c, eid)[0]
    assert first['Status'] == 'in-use' and first['RequesterManaged'] is True
    assert first['Description'].startswith('AWS Lambda VPC ENI-fn-')
    assert first['InterfaceType'] == 'lambda'
    assert first['Groups'] == [{'GroupId': net['sg'], 'GroupName': 'g'}]
    att = first['Attachment']
    assert att['InstanceOwnerId'] == 'amazon-aws' and att['Status'] == 'attached'
    assert att['AttachmentId'] == eni['AttachmentId'] and 'InstanceId' not in att
    assert describe(c, eid)[0]['Status'] == 'in-use'      # the second look
    released = describe(c, eid)[0]
    assert released['Status'] == 'available' and 'Attachment' not in released

    c.call('ec2', 'DeleteNetworkInterface', NetworkInterfaceId=eid)
    assert describe(c, subnet_id=net['subnet']) == []
    c.call('ec2', 'DeleteSecurityGroup', GroupId=net['sg'])
    c.call('ec2', 'DeleteSubnet', SubnetId=net['subnet'])
    c.call('ec2', 'DeleteVpc', VpcId=net['vpc'])


def test_lambda_release_after_seconds(url, c, net):
    eid = plant(url, kind='lambda', subnet_id=net['subnet'],
                release_after_seconds=0.3)['NetworkInterfaceId']
    assert describe(c, eid)[0]['Status'] == 'in-use'
    time.sleep(0.4)
    assert describe(c, eid)[0]['Status'] == 'available'
    # planted without a release: in use for good
    held = plant(url, kind='lambda', subnet_id=net['subnet'])['NetworkInterfaceId']
    for _ in range(3):
        assert describe(c, held)[0]['Status'] == 'in-use'
    # or planted already released
    free = plant(url, kind='lambda', subnet_id=net['subnet'], attached=False)
    assert free['Status'] == 'available' and free['AttachmentId'] is None


@pytest.mark.parametrize('kind', ['comprehend', 'dms'])
def test_detach_then_delete(url, c, net, kind):
    eni = plant(url, kind=kind, subnet_id=net['subnet'], group_ids=[net['sg']],
                detach_seconds=0.3)
    eid, aid = eni['NetworkInterfaceId'], eni['AttachmentId']
    assert aid.startswith('eni-attach-')
    d = describe(c, eid)[0]
    if kind == 'comprehend':
        assert d['RequesterId'].endswith(':Comprehend')
    else:
        assert d['Description'] == 'DMSNetworkInterface'
    assert d['Attachment']['Status'] == 'attached'
    assert d['Attachment']['InstanceOwnerId'] not in ('amazon-aws', '123456789012')

    assert c.call('ec2', 'DetachNetworkInterface', AttachmentId=aid, Force=True) == {}
    d = describe(c, attachment_attachment_id=aid)[0]
    assert d['Attachment']['Status'] == 'detaching' and d['Status'] == 'in-use'
    # detaching again is accepted; deleting is not, yet
    c.call('ec2', 'DetachNetworkInterface', AttachmentId=aid)
    assert error_of(c.call, 'ec2', 'DeleteNetworkInterface',
                    NetworkInterfaceId=eid).code == 'InvalidNetworkInterface.InUse'
    time.sleep(0.35)
    # a finished detachment is reported as such, found by its id
    d = describe(c, attachment_attachment_id=aid)[0]
    assert d['Attachment']['Status'] == 'detached' and d['Status'] == 'available'
    assert error_of(c.call, 'ec2', 'DetachNetworkInterface',
                    AttachmentId=aid).code == 'InvalidAttachmentID.NotFound'
    assert error_of(c.call, 'ec2', 'DeleteSecurityGroup',
                    GroupId=net['sg']).code == 'DependencyViolation'
    c.call('ec2', 'DeleteNetworkInterface', NetworkInterfaceId=eid)
    c.call('ec2', 'DeleteSecurityGroup', GroupId=net['sg'])
    assert error_of(c.call, 'ec2', 'DeleteNetworkInterface',
                    NetworkInterfaceId=eid).code == 'InvalidNetworkInterfaceID.NotFound'


def test_filters_find_each_kind(url, c, net):
    other = c.call('ec2', 'CreateSubnet', VpcId=net['vpc'], CidrBlock='10.0.2.0/24',
                   AvailabilityZone='us-east-1b')['Subnet']['SubnetId']
    lam = plant(url, kind='lambda', subnet_id=net['subnet'], group_ids=[net['sg']])
    com = plant(url, kind='comprehend', subnet_id=net['subnet'])
    dms = plant(url, kind='dms', subnet_id=other, group_ids=[net['sg']])
    free = plant(url, kind='lambda', subnet_id=other, attached=False)
    mine = c.call('ec2', 'CreateNetworkInterface', SubnetId=net['subnet'], Groups=[net['sg']],
                  Description='mine')['NetworkInterface']['NetworkInterfaceId']

    def ids(**f):
        return sorted(e['NetworkInterfaceId'] for e in describe(c, **f))
    L, C, D, F = (x['NetworkInterfaceId'] for x in (lam, com, dms, free))
    assert ids(group_id=net['sg']) == sorted([L, D, mine])
    assert ids(group_name='g') == sorted([L, D, mine])
    assert ids(subnet_id=net['subnet']) == sorted([L, C, mine])
    assert ids(vpc_id=net['vpc']) == sorted([L, C, D, F, mine])
    assert ids(description='AWS Lambda VPC ENI*') == sorted([L, F])
    assert ids(description='DMSNetworkInterface') == [D]
    assert ids(description='AWS Lambda VPC ENI?fn*') == []
    assert ids(requester_id='*:Comprehend') == [C]
    assert ids(requester_managed='true') == sorted([L, C, D, F])
    assert ids(status='available') == sorted([F, mine])
    assert ids(status='in-use') == sorted([L, C, D])
    assert ids(attachment_instance_owner_id='amazon-aws') == [L]
    assert ids(attachment_status='attached') == sorted([L, C, D])
    assert ids(attachment_attachment_id=com['AttachmentId']) == [C]
    assert ids(interface_type='lambda') == sorted([L, F])
    # filters AND together
    assert ids(subnet_id=net['subnet'], status='in-use', description='AWS*') == [L]
    assert error_of(describe, c, attachment_nonsense='x').code == 'InvalidParameterValue'


def test_state_lists_planted_interfaces(url, c, net, running):
    eid = plant(url, kind='dms', subnet_id=net['subnet'], attached=False)['NetworkInterfaceId']
    st = running[0].state()
    assert eid in st['services']['ec2']['network_interfaces'] and not st['empty']
    c.call('ec2', 'DeleteNetworkInterface', NetworkInterfaceId=eid)
    for op, kw in (('DeleteSecurityGroup', {'GroupId': net['sg']}),
                   ('DeleteSubnet', {'SubnetId': net['subnet']}),
                   ('DeleteVpc', {'VpcId': net['vpc']})):
        c.call('ec2', op, **kw)
    assert running[0].state()['empty']


def test_other_attachments_unchanged(url, c, net, running):
    # an instance's primary interface cannot be detached
    inst = c.call('ec2', 'RunInstances', ImageId='ami-0a9e8b4c3d2f1e0a7', InstanceType='t3.micro',
                  MinCount=1, MaxCount=1, SubnetId=net['subnet'])['Instances'][0]
    att = inst['NetworkInterfaces'][0]['Attachment']
    assert error_of(c.call, 'ec2', 'DetachNetworkInterface',
                    AttachmentId=att['AttachmentId']).code == 'OperationNotPermitted'
    # a load balancer's interface: in use, the service's to remove
    ec2 = running[0].services['ec2']
    lb = ec2.create_network_interface_internal(net['subnet'], [net['sg']], 'ELB app/x/1',
                                               requester_id='amazon-elb')
    d = describe(c, lb)[0]
    assert d['Status'] == 'in-use' and d['Attachment']['InstanceOwnerId'] == 'amazon-elb'
    assert error_of(c.call, 'ec2', 'DeleteNetworkInterface',
                    NetworkInterfaceId=lb).code == 'InvalidNetworkInterface.InUse'
    assert error_of(c.call, 'ec2', 'DetachNetworkInterface',
                    AttachmentId=d['Attachment']['AttachmentId']).code == 'OperationNotPermitted'
    ec2.delete_network_interface_internal(lb)
    assert error_of(c.call, 'ec2', 'DetachNetworkInterface',
                    AttachmentId='eni-attach-0123456789abcdef0').code == \
        'InvalidAttachmentID.NotFound'


def test_control_hook_errors(url, net):
    assert control(url, 'service/ec2/plant-network-interface',
                   {'kind': 'rds', 'subnet_id': net['subnet']})[0] == 400
    assert control(url, 'service/ec2/plant-network-interface', {'kind': 'dms'})[0] == 400
    status, out = control(url, 'service/ec2/plant-network-interface',
                          {'kind': 'dms', 'subnet_id': 'subnet-0123456789abcdef0'})
    assert status == 400 and out['code'] == 'InvalidSubnetID.NotFound'
    assert control(url, 'service/ec2/no-such-hook', {})[0] == 404
    assert control(url, 'service/nosvc/plant-network-interface', {})[0] == 404

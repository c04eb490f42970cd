"""Fakes and checks for the unit tests of svc_elbv2, svc_ecs and svc_autoscaling.

The services are driven directly with boto3-style dicts, against a fake
emulator (settable clock, eventual-consistency hooks) and a fake EC2 that
knows a VPC with three subnets in three zones.  `check_output` walks an
answer against the operation's output shape in the AWS model, so a test
fails when a service returns a member the core's serializer would drop or a
value of the wrong type.
"""

import datetime
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import model  # noqa: E402  (the core's model loader)
from errors import AwsError  # noqa: E402

ACCOUNT = '123456789012'
REGION = 'us-east-1'
VPC = 'vpc-0123456789abcdef0'
OTHER_VPC = 'vpc-0fedcba9876543210'
SUBNETS = {
    'subnet-00000000000000001': 'us-east-1a',
    'subnet-00000000000000002': 'us-east-1b',
    'subnet-00000000000000003': 'us-east-1c',
}
SUBNET_A, SUBNET_B, SUBNET_C = sorted(SUBNETS)
SUBNET_A2 = 'subnet-000000000000000a2'      # a second subnet in us-east-1a
SUBNET_OTHER_VPC = 'subnet-0000000000000000f'
SG = 'sg-00000000000000001'
SG2 = 'sg-00000000000000002'
DEFAULT_SG = 'sg-0000000000000000d'
SG_OTHER_VPC = 'sg-0000000000000000f'


class FakeEC2:
    """Just enough EC2 for the services: lookups and instance launch/terminate."""

    def __init__(self):
        self.vpcs = {VPC: {'VpcId': VPC, 'CidrBlock': '10.0.0.0/16', 'State': 'available'},
                     OTHER_VPC: {'VpcId': OTHER_VPC, 'CidrBlock': '10.1.0.0/16',
                                 'State': 'available'}}
        self.subnets = {}
        for i, (sid, az) in enumerate(sorted(SUBNETS.items())):
            self.subnets[sid] = {'SubnetId': sid, 'VpcId': VPC, 'AvailabilityZone': az,
                                 'CidrBlock': '10.0.%d.0/24' % i, 'State': 'available'}
        self.subnets[SUBNET_A2] = {'SubnetId': SUBNET_A2, 'VpcId': VPC,
                                   'AvailabilityZone': 'us-east-1a',
                                   'CidrBlock': '10.0.9.0/24', 'State': 'available'}
        self.subnets[SUBNET_OTHER_VPC] = {'SubnetId': SUBNET_OTHER_VPC, 'VpcId': OTHER_VPC,
                                          'AvailabilityZone': 'us-east-1a',
                                          'CidrBlock': '10.1.0.0/24', 'State': 'available'}
        self.sgs = {sg: {'GroupId': sg, 'VpcId': VPC, 'GroupName': sg} for sg in (SG, SG2)}
        self.sgs[DEFAULT_SG] = {'GroupId': DEFAULT_SG, 'VpcId': VPC, 'GroupName': 'default'}
        self.sgs[SG_OTHER_VPC] = {'GroupId': SG_OTHER_VPC, 'VpcId': OTHER_VPC,
                                  'GroupName': 'other'}
        self.instances = {}
        self.enis = {}
        self.launches = []          # one dict of run_instances_internal arguments per launch
        self.fail_launch = None     # an AwsError to raise from run_instances_internal
        self._n = 0

    def get_vpc(self, vpc_id):
        if vpc_id not in self.vpcs:
            raise AwsError('InvalidVpcID.NotFound', "The vpc ID '%s' does not exist" % vpc_id)
        return self.vpcs[vpc_id]

    def get_subnet(self, subnet_id):
        if subnet_id not in self.subnets:
            raise AwsError('InvalidSubnetID.NotFound',
                           "The subnet ID '%s' does not exist" % subnet_id)
        return self.subnets[subnet_id]

    def get_security_group(self, sg_id):
        if sg_id not in self.sgs:
            raise AwsError('InvalidGroup.NotFound',
                           "The security group '%s' does not exist" % sg_id)
        return self.sgs[sg_id]

    def handle(self, op, params):
        """The one public EC2 operation the services call (default SG lookup)."""
        assert op == 'DescribeSecurityGroups', op
        groups = list(self.sgs.values())
        for f in params.get('Filters') or []:
            key = {'vpc-id': 'VpcId', 'group-name': 'GroupName'}[f['Name']]
            groups = [g for g in groups if g[key] in f['Values']]
        return {'SecurityGroups': groups}

    def describe_instance_internal(self, instance_id):
        return self.instances.get(instance_id)

    def run_instances_internal(self, image_id, instance_type, subnet_id, security_group_ids,
                               user_data=None, tags=None, key_name=None,
                               iam_instance_profile=None):
        if self.fail_launch is not None:
            raise self.fail_launch
        self._n += 1
        iid = 'i-%017x' % self._n
        self.instances[iid] = {'InstanceId': iid, 'SubnetId': subnet_id,
                               'VpcId': self.subnets[subnet_id]['VpcId'],
                               'ImageId': image_id, 'InstanceType': instance_type,
                               'State': {'Name': 'running'}}
        self.launches.append({'image': image_id, 'type': instance_type, 'subnet': subnet_id,
                              'sgs': list(security_group_ids or []), 'user_data': user_data,
                              'tags': dict(tags or {}), 'key_name': key_name,
                              'profile': iam_instance_profile})
        return iid

    def terminate_instances_internal(self, ids):
        for i in ids:
            if i in self.instances:
                self.instances[i]['State'] = {'Name': 'terminated'}

    def create_network_interface_internal(self, subnet_id, security_group_ids, description,
                                          interface_type='interface', requester_id=None,
                                          public_ip=False, tags=None):
        self.get_subnet(subnet_id)
        self._n += 1
        eni = 'eni-%017x' % self._n
        self.enis[eni] = {'SubnetId': subnet_id, 'Groups': list(security_group_ids),
                          'Description': description, 'RequesterId': requester_id,
                          'InterfaceType': interface_type, 'PublicIp': public_ip}
        return eni

    def delete_network_interface_internal(self, eni_id):
        self.enis.pop(eni_id, None)


class FakeEmu:
    """The slice of the emulator core that services use."""

    def __init__(self):
        self.account_id = ACCOUNT
        self.region = REGION
        self.clock = 1700000000.0
        self.services = {'ec2': FakeEC2()}
        self.created = []
        self.hidden_ids = set()

    def now(self):
        # The core answers with an aware datetime; services must accept it.
        return datetime.datetime.fromtimestamp(self.clock, datetime.timezone.utc)

    def advance(self, seconds):
        self.clock += seconds

    def note_created(self, resource_id):
        self.created.append(resource_id)

    def hidden(self, resource_id):
        return resource_id in self.hidden_ids

    def add(self, svc_cls):
        """Instantiate a service and register it by signing name, as the core does."""
        svc = svc_cls(self)
        self.services[svc.signing_name] = svc
        return svc


def expect_error(fn, code, message_part=None):
    """Call fn(); it must raise AwsError `code` (and mention message_part)."""
    try:
        fn()
    except AwsError as e:
        assert e.code == code, 'expected %s, got %s: %s' % (code, e.code, e.message)
        if message_part is not None:
            assert message_part in e.message, '%r not in %r' % (message_part, e.message)
        return e
    raise AssertionError('expected AwsError %s, nothing raised' % code)


# -- output shape check --------------------------------------------------------

def check_output(model_name, op, output):
    """Raise AssertionError if `output` does not fit op's output shape exactly."""
    m = model.load(model_name)
    shape = m.output_shape(op)
    if shape is None:
        assert not output, '%s has no output shape but returned %r' % (op, output)
        return
    _walk(m, shape, output, [op])


def _walk(m, shape_name, value, path):
    shape = m.shapes[shape_name]
    kind = shape['type']
    where = '.'.join(str(p) for p in path)
    assert value is not None, 'None value at %s' % where
    if kind == 'structure':
        assert isinstance(value, dict), '%s: expected structure, got %r' % (where, value)
        for k, v in value.items():
            member = shape['members'].get(k)
            assert member is not None, '%s: member %s not in shape %s' % (where, k, shape_name)
            _walk(m, member['shape'], v, path + [k])
    elif kind == 'list':
        assert isinstance(value, list), '%s: expected list, got %r' % (where, value)
        for i, v in enumerate(value):
            _walk(m, shape['member']['shape'], v, path + [i])
    elif kind == 'map':
        assert isinstance(value, dict), '%s: expected map, got %r' % (where, value)
        for k, v in value.items():
            assert isinstance(k, str), '%s: map key %r' % (where, k)
            _walk(m, shape['value']['shape'], v, path + [k])
    elif kind == 'string':
        assert isinstance(value, str), '%s: expected string, got %r' % (where, value)
        if 'enum' in shape:
            assert value in shape['enum'], '%s: %r not in enum %s' % (where, value, shape['enum'])
    elif kind in ('integer', 'long'):
        assert isinstance(value, int) and not isinstance(value, bool), \
            '%s: expected %s, got %r' % (where, kind, value)
    elif kind in ('double', 'float'):
        assert isinstance(value, (int, float)) and not isinstance(value, bool), \
            '%s: expected %s, got %r' % (where, kind, value)
    elif kind == 'boolean':
        assert isinstance(value, bool), '%s: expected boolean, got %r' % (where, value)
    elif kind == 'timestamp':
        assert isinstance(value, datetime.datetime) and value.tzinfo is not None, \
            '%s: expected aware datetime, got %r' % (where, value)


class Driver:
    """Calls a service like the core does and checks every answer's shape."""

    def __init__(self, svc):
        self.svc = svc

    def __call__(self, op, **params):
        m = model.load(self.svc.model_name)
        bad = m.validate(op, params)
        assert not bad, 'test sent input AWS would refuse: %r' % bad
        out = self.svc.handle(op, params)
        check_output(self.svc.model_name, op, out)
        return out

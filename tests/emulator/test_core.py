"""Tests of the emulator core: protocols, validation, SigV4, faults, control API,
and the EC2/STS behaviour that clients rely on.

Run: /usr/bin/python3 -m pytest tests/emulator/test_core.py
"""

import datetime
import json
import os
import sys
import time
import urllib.request

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import model  # noqa: E402
import protocols  # noqa: E402
import sigv4  # noqa: E402
from awsclient import AwsCallError, Client  # noqa: E402

AK = 'AKIATESTCORE00000001'
SK = 'test/core/secret'


@pytest.fixture
def emu(running):
    running[0].reset()
    return running[0]


@pytest.fixture
def url(running, emu):
    return running[1]


@pytest.fixture
def c(url):
    return Client(url, AK, SK)


def error_of(fn, *a, **kw):
    with pytest.raises(AwsCallError) as ei:
        fn(*a, **kw)
    return ei.value


def control(url, method, what, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url + '/__emulator/' + what, data=data, method=method)
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


# -- request parsing and validation, per protocol ------------------------------------

def test_ec2_form_parsing_builds_typed_nested_params():
    m = model.load('ec2')
    pairs = [('Filter.1.Name', 'vpc-id'), ('Filter.1.Value.1', 'vpc-1'),
             ('Filter.1.Value.2', 'vpc-2'), ('Filter.2.Name', 'tag:Name'),
             ('Filter.2.Value.1', 'x'), ('MaxResults', '10'), ('DryRun', 'false')]
    r = protocols.parse_form(m, 'DescribeVpcs', pairs)
    assert r.violations == []
    assert r.params == {'Filters': [{'Name': 'vpc-id', 'Values': ['vpc-1', 'vpc-2']},
                                    {'Name': 'tag:Name', 'Values': ['x']}],
                        'MaxResults': 10, 'DryRun': False}


def test_scalar_where_list_expected_is_refused():
    m = model.load('ec2')
    r = protocols.parse_form(m, 'DescribeVpcs', [('VpcId', 'vpc-1')])
    err = protocols.validation_error(m, 'DescribeVpcs', r.violations)
    assert err.code == 'InvalidParameterValue' and 'VpcId' in err.message
    q = model.load('elbv2')
    r = protocols.parse_form(q, 'DescribeLoadBalancers', [('Names', '')])
    assert r.violations == [] and r.params == {'Names': []}    # `Names=` = empty list


def test_query_form_parsing_uses_member_lists():
    m = model.load('elbv2')
    pairs = [('Name', 'lb'), ('Subnets.member.1', 'subnet-1'), ('Subnets.member.2', 'subnet-2'),
             ('Tags.member.1.Key', 'k'), ('Tags.member.1.Value', 'v')]
    r = protocols.parse_form(m, 'CreateLoadBalancer', pairs)
    assert r.violations == []
    assert r.params == {'Name': 'lb', 'Subnets': ['subnet-1', 'subnet-2'],
                        'Tags': [{'Key': 'k', 'Value': 'v'}]}


def test_ec2_unknown_parameter(c):
    e = error_of(c.call, 'ec2', 'DescribeVpcs', Bogus='1')
    assert (e.status, e.code) == (400, 'UnknownParameter')
    assert 'Bogus' in e.message


def test_ec2_missing_parameter(c):
    e = error_of(c.call, 'ec2', 'CreateSecurityGroup', GroupName='x')
    assert (e.status, e.code) == (400, 'MissingParameter')
    assert 'GroupDescription' in e.message


def test_ec2_bad_enum_and_bad_type(c):
    e = error_of(c.call, 'ec2', 'CreateVpc', CidrBlock='10.0.0.0/16', InstanceTenancy='shared')
    assert e.code == 'InvalidParameterValue' and 'shared' in e.message
    body = b'Action=DescribeVpcs&Version=2016-11-15&MaxResults=lots'
    status, _, data = c.raw('ec2', body, {'Content-Type': 'application/x-www-form-urlencoded'})
    assert status == 400 and b'InvalidParameterValue' in data


def test_query_validation_error_lists_every_violation(c):
    e = error_of(c.call, 'sts', 'AssumeRole')
    assert (e.status, e.code) == (400, 'ValidationError')
    assert e.message.startswith('2 validation errors detected')
    assert "Value null at 'roleArn' failed to satisfy constraint: Member must not be null" \
        in e.message


def test_query_bad_enum_and_length():
    m = model.load('elbv2')
    r = protocols.parse_form(m, 'CreateTargetGroup', [('Name', 'tg'), ('Protocol', 'GOPHER')])
    v = r.violations or m.validate('CreateTargetGroup', r.params)
    err = protocols.validation_error(m, 'CreateTargetGroup', v)
    assert err.code == 'ValidationError'
    assert "Value 'GOPHER' at 'protocol' failed to satisfy constraint: Member must satisfy " \
        "enum value set" in err.message


def test_query_unknown_parameter_rejected():
    m = model.load('autoscaling')
    r = protocols.parse_form(m, 'DescribeAutoScalingGroups', [('Bogus', '1')])
    err = protocols.validation_error(m, 'DescribeAutoScalingGroups', r.violations)
    assert err.code == 'ValidationError' and 'bogus' in err.message


def test_json_validation_missing_enum_type_unknown():
    m = model.load('ecs')
    r = protocols.parse_json(m, 'DescribeServices', b'{}')
    err = protocols.validation_error(m, 'DescribeServices', m.validate('DescribeServices',
                                                                       r.params))
    assert err.code == 'ValidationException'
    assert "Value null at 'services'" in err.message
    r = protocols.parse_json(m, 'DescribeClusters', b'{"include": ["NOPE"]}')
    err = protocols.validation_error(m, 'DescribeClusters',
                                     m.validate('DescribeClusters', r.params))
    assert err.code == 'ValidationException' and 'enum value set' in err.message
    r = protocols.parse_json(m, 'CreateCluster', b'{"clusterName": 5}')
    assert protocols.validation_error(m, 'CreateCluster', r.violations).code == \
        'SerializationException'
    r = protocols.parse_json(m, 'CreateCluster', b'{"clusterName": "a", "bogus": 1}')
    assert protocols.validation_error(m, 'CreateCluster', r.violations).code == \
        'SerializationException'


def test_json_malformed_body_is_serialization_exception():
    m = model.load('ecs')
    with pytest.raises(Exception) as ei:
        protocols.parse_json(m, 'CreateCluster', b'{not json')
    assert ei.value.code == 'SerializationException'


def test_invalid_action_and_json_unknown_operation(c):
    status, _, data = c.raw('ec2', b'Action=LaunchRockets&Version=2016-11-15',
                            {'Content-Type': 'application/x-www-form-urlencoded'})
    assert status == 400 and b'<Code>InvalidAction</Code>' in data
    status, _, data = c.raw('ecs', b'{}', {'Content-Type': 'application/x-amz-json-1.1',
                                           'X-Amz-Target':
                                           'AmazonEC2ContainerServiceV20141113.Nope'})
    assert status == 400 and json.loads(data)['__type'] == 'UnknownOperationException'


def test_ec2_dry_run(c):
    e = error_of(c.call, 'ec2', 'CreateVpc', CidrBlock='10.0.0.0/16', DryRun=True)
    assert (e.status, e.code) == (412, 'DryRunOperation')


def test_error_body_formats(c):
    status, _, data = c.raw('ec2', b'Action=DescribeVpcs&Version=2016-11-15&VpcId.1=vpc-'
                            b'0123456789abcdef0',
                            {'Content-Type': 'application/x-www-form-urlencoded'})
    text = data.decode()
    assert status == 400
    assert text.startswith('<?xml') and '<Response><Errors><Error><Code>InvalidVpcID.NotFound' \
        '</Code>' in text and '<RequestID>' in text
    status, headers, data = c.raw('sts', b'Action=AssumeRole&Version=2011-06-15',
                                  {'Content-Type': 'application/x-www-form-urlencoded'})
    text = data.decode()
    assert '<ErrorResponse' in text and '<Type>Sender</Type>' in text and '<RequestId>' in text
    assert headers.get('x-amzn-RequestId')


# -- SigV4 ------------------------------------------------------------------------------

SUITE = os.path.join(model.reference_dir(), 'aws-sigv4-testsuite')
SUITE_CASES = ['get-vanilla', 'get-vanilla-query', 'get-vanilla-query-order-key-case',
               'get-vanilla-query-unreserved', 'get-utf8', 'get-vanilla-utf8-query',
               'post-vanilla', 'post-vanilla-query', 'post-x-www-form-urlencoded',
               'post-x-www-form-urlencoded-parameters', 'post-header-key-sort',
               'post-header-value-case', 'get-header-value-trim', 'get-vanilla-empty-query-key']


def _suite_case(name):
    base = os.path.join(SUITE, name, name)
    with open(base + '.req', 'rb') as f:
        raw = f.read().decode('utf-8')
    head, _, body = raw.partition('\n\n')
    lines = head.split('\n')
    method, rest = lines[0].split(' ', 1)
    target = rest.rsplit(' ', 1)[0]
    path, _, query = target.partition('?')
    headers = []
    for line in lines[1:]:
        k, _, v = line.partition(':')
        headers.append((k, v))
    with open(base + '.authz') as f:
        authz = f.read().strip()
    with open(base + '.creq') as f:
        creq = f.read()
    return method, path, query, headers, body.encode(), authz, creq


@pytest.mark.parametrize('name', SUITE_CASES)
def test_sigv4_testsuite(name):
    method, path, query, headers, body, authz, creq = _suite_case(name)
    _, signed, _ = sigv4.parse_authorization(authz)
    mine = sigv4.canonical_request(method, path, query, headers, signed.split(';'),
                                   sigv4._sha256(body))
    assert mine == creq
    now = datetime.datetime(2015, 8, 30, 12, 36, tzinfo=datetime.timezone.utc)
    cred = sigv4.verify(method, path, query, headers + [('Authorization', authz)], body,
                        lambda ak: ('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', None, None),
                        now=now)
    assert cred.service == 'service' and cred.region == 'us-east-1'


def test_sigv4_rejects_tampered_request():
    method, path, query, headers, body, authz, _ = _suite_case('post-x-www-form-urlencoded')
    now = datetime.datetime(2015, 8, 30, 12, 36, tzinfo=datetime.timezone.utc)
    with pytest.raises(sigv4.SigError) as ei:
        sigv4.verify(method, path, query, headers + [('Authorization', authz)], body + b'x',
                     lambda ak: ('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', None, None),
                     now=now)
    assert ei.value.kind == 'mismatch'


@pytest.mark.parametrize('service,op,code,status', [
    ('ec2', 'DescribeVpcs', 'AuthFailure', 401),
    ('sts', 'GetCallerIdentity', 'InvalidClientTokenId', 403),
    ('ecs', 'ListClusters', 'UnrecognizedClientException', 400),
])
def test_unknown_access_key(url, service, op, code, status):
    bad = Client(url, 'AKIAUNKNOWN000000000', 'x')
    e = error_of(bad.call, service, op)
    assert (e.status, e.code) == (status, code)


@pytest.mark.parametrize('service,op,code,status', [
    ('ec2', 'DescribeVpcs', 'SignatureDoesNotMatch', 403),
    ('sts', 'GetCallerIdentity', 'SignatureDoesNotMatch', 403),
    ('ecs', 'ListClusters', 'InvalidSignatureException', 400),
])
def test_wrong_secret(url, service, op, code, status):
    bad = Client(url, AK, 'wrong-secret')
    e = error_of(bad.call, service, op)
    assert (e.status, e.code) == (status, code)


def test_missing_authentication(c):
    body, headers = c.request('ec2', 'DescribeVpcs', {})
    status, _, data = c.raw('ec2', body, headers, sign=False)
    assert status == 401 and b'MissingAuthenticationToken' in data
    body, headers = c.request('sts', 'GetCallerIdentity', {})
    status, _, data = c.raw('sts', body, headers, sign=False)
    assert status == 403 and b'MissingAuthenticationToken' in data


def test_clock_skew(c):
    body, headers = c.request('ec2', 'DescribeVpcs', {})
    now = datetime.datetime.now(datetime.timezone.utc)
    status, _, _ = c.raw('ec2', body, headers, now=now - datetime.timedelta(minutes=10))
    assert status == 200
    status, _, data = c.raw('ec2', body, headers, now=now - datetime.timedelta(minutes=20))
    assert status == 400 and b'RequestExpired' in data
    body, headers = c.request('sts', 'GetCallerIdentity', {})
    status, _, data = c.raw('sts', body, headers, now=now + datetime.timedelta(minutes=20))
    assert status == 403 and b'Signature not yet current' in data


def test_wrong_region_scope(url):
    other = Client(url, AK, SK, region='eu-west-1')
    assert error_of(other.call, 'ec2', 'DescribeVpcs').code == 'AuthFailure'


def test_assumed_role_credentials_are_accepted(url, c):
    creds = c.call('sts', 'AssumeRole', RoleArn='arn:aws:iam::123456789012:role/deployer',
                   RoleSessionName='tests')['Credentials']
    assert creds['AccessKeyId'].startswith('ASIA')
    temp = Client(url, creds['AccessKeyId'], creds['SecretAccessKey'],
                  session_token=creds['SessionToken'])
    ident = temp.call('sts', 'GetCallerIdentity')
    assert ident['Arn'] == 'arn:aws:sts::123456789012:assumed-role/deployer/tests'
    no_token = Client(url, creds['AccessKeyId'], creds['SecretAccessKey'])
    assert error_of(no_token.call, 'sts', 'GetCallerIdentity').code == 'InvalidClientTokenId'


def test_web_identity_is_unsigned_and_gives_credentials(url, c):
    out = c.call('sts', 'AssumeRoleWithWebIdentity', _sign=False,
                 RoleArn='arn:aws:iam::123456789012:role/ci', RoleSessionName='ci-run',
                 WebIdentityToken='anything.at.all')
    creds = out['Credentials']
    temp = Client(url, creds['AccessKeyId'], creds['SecretAccessKey'],
                  session_token=creds['SessionToken'])
    assert temp.call('ec2', 'DescribeVpcs') == {'Vpcs': []}


def test_caller_identity(c):
    ident = c.call('sts', 'GetCallerIdentity')
    assert ident['Account'] == '123456789012'
    assert ident['Arn'] == 'arn:aws:iam::123456789012:user/emulator'
    assert c.call('iam', 'GetUser')['User']['UserName'] == 'emulator'


# -- faults -----------------------------------------------------------------------------

def test_throttle_fault(url, c):
    assert control(url, 'POST', 'faults', {'throttle': 1.0, 'seed': 3})[0] == 200
    e = error_of(c.call, 'ec2', 'DescribeVpcs')
    assert (e.status, e.code) == (503, 'RequestLimitExceeded')
    e = error_of(c.call, 'sts', 'GetCallerIdentity')
    assert (e.status, e.code) == (400, 'Throttling')


def test_error500_fault_and_share(url, c):
    control(url, 'POST', 'faults', {'error500': 0.5, 'seed': 7})
    codes = []
    for _ in range(40):
        try:
            c.call('ec2', 'DescribeVpcs')
            codes.append(200)
        except AwsCallError as e:
            assert (e.status, e.code) == (500, 'InternalError')
            codes.append(500)
    assert 8 <= codes.count(500) <= 32


def test_latency_fault(url, c):
    control(url, 'POST', 'faults', {'latency_ms': 150})
    t = time.monotonic()
    c.call('ec2', 'DescribeVpcs')
    assert time.monotonic() - t >= 0.15


def test_eventual_consistency(url, c):
    control(url, 'POST', 'faults', {'eventual_consistency_ms': 400})
    vpc = c.call('ec2', 'CreateVpc', CidrBlock='10.1.0.0/16')['Vpc']['VpcId']
    assert error_of(c.call, 'ec2', 'DescribeVpcs', VpcIds=[vpc]).code == 'InvalidVpcID.NotFound'
    assert c.call('ec2', 'DescribeVpcs')['Vpcs'] == []
    time.sleep(0.45)
    assert c.call('ec2', 'DescribeVpcs', VpcIds=[vpc])['Vpcs'][0]['VpcId'] == vpc


def test_bad_fault_config(url):
    status, body = control(url, 'POST', 'faults', {'throttle': 2})
    assert status == 400
    status, body = control(url, 'POST', 'faults', {'meteor': 1})
    assert status == 400 and 'meteor' in body['error']


# -- control API --------------------------------------------------------------------------

def test_state_reset_and_calls(url, c):
    status, state = control(url, 'GET', 'state')
    assert status == 200 and state['empty'] is True
    c.call('ec2', 'CreateVpc', CidrBlock='10.2.0.0/16')
    state = control(url, 'GET', 'state')[1]
    assert state['empty'] is False and len(state['services']['ec2']['vpcs']) == 1
    calls = control(url, 'GET', 'calls')[1]
    assert {'service': 'ec2', 'operation': 'CreateVpc', 'status': 200,
            'error_code': None} in calls
    assert control(url, 'POST', 'reset', {})[0] == 200
    assert control(url, 'GET', 'state')[1]['empty'] is True
    assert control(url, 'GET', 'calls')[1] == []
    assert control(url, 'GET', 'health')[1]['ok'] is True
    assert control(url, 'GET', 'nothing')[0] == 404


def test_server_starts_fast_and_writes_port_file(tmp_path):
    # Wall-clock time depends on how busy the machine is; the work done to
    # start (CPU time) does not, so that is what must stay well under 2 s.
    import subprocess
    port_file = tmp_path / 'port'
    t = time.monotonic()
    proc = subprocess.Popen(['/usr/bin/python3', os.path.join(HERE, 'server.py'), '--port', '0',
                             '--port-file', str(port_file), '--access-key', AK,
                             '--secret-key', SK])
    try:
        while not port_file.exists() and time.monotonic() - t < 10:
            time.sleep(0.02)
        assert port_file.exists()
        port = int(port_file.read_text())
        with urllib.request.urlopen('http://127.0.0.1:%d/__emulator/health' % port) as r:
            assert json.loads(r.read())['ok']
    finally:
        proc.terminate()
        _, _, usage = os.wait4(proc.pid, 0)
    assert usage.ru_utime + usage.ru_stime < 1.5


# -- EC2 behaviour ----------------------------------------------------------------------------

def _vpc(c, cidr='10.0.0.0/16'):
    return c.call('ec2', 'CreateVpc', CidrBlock=cidr)['Vpc']['VpcId']


def test_create_vpc_creates_main_table_default_group_and_acl(c):
    vpc = _vpc(c)
    f = [{'Name': 'vpc-id', 'Values': [vpc]}]
    rtbs = c.call('ec2', 'DescribeRouteTables',
                  Filters=f + [{'Name': 'association.main', 'Values': ['true']}])['RouteTables']
    assert len(rtbs) == 1
    assert rtbs[0]['Routes'] == [{'DestinationCidrBlock': '10.0.0.0/16', 'GatewayId': 'local',
                                  'Origin': 'CreateRouteTable', 'State': 'active'}]
    sgs = c.call('ec2', 'DescribeSecurityGroups',
                 Filters=f + [{'Name': 'group-name', 'Values': ['default']}])['SecurityGroups']
    assert len(sgs) == 1
    sg = sgs[0]
    assert sg['IpPermissions'][0]['UserIdGroupPairs'][0]['GroupId'] == sg['GroupId']
    assert sg['IpPermissionsEgress'][0]['IpRanges'] == [{'CidrIp': '0.0.0.0/0'}]
    acls = c.call('ec2', 'DescribeNetworkAcls',
                  Filters=f + [{'Name': 'default', 'Values': ['true']}])['NetworkAcls']
    assert len(acls) == 1 and acls[0]['IsDefault'] is True
    attr = c.call('ec2', 'DescribeVpcAttribute', VpcId=vpc, Attribute='enableDnsSupport')
    assert attr['EnableDnsSupport'] == {'Value': True}


def test_vpc_cidr_rules(c):
    assert error_of(c.call, 'ec2', 'CreateVpc', CidrBlock='10.0.0.0/8').code == \
        'InvalidVpc.Range'
    assert error_of(c.call, 'ec2', 'CreateVpc', CidrBlock='10.0.0.1/16').code == \
        'InvalidParameterValue'


def test_delete_vpc_dependency_violation_then_success(c):
    vpc = _vpc(c)
    sub = c.call('ec2', 'CreateSubnet', VpcId=vpc, CidrBlock='10.0.1.0/24',
                 AvailabilityZone='us-east-1a')['Subnet']
    assert sub['AvailabilityZoneId'] == 'use1-az1'
    igw = c.call('ec2', 'CreateInternetGateway')['InternetGateway']['InternetGatewayId']
    c.call('ec2', 'AttachInternetGateway', InternetGatewayId=igw, VpcId=vpc)
    assert error_of(c.call, 'ec2', 'DeleteVpc', VpcId=vpc).code == 'DependencyViolation'
    c.call('ec2', 'DeleteSubnet', SubnetId=sub['SubnetId'])
    assert error_of(c.call, 'ec2', 'DeleteVpc', VpcId=vpc).code == 'DependencyViolation'
    assert error_of(c.call, 'ec2', 'DeleteInternetGateway',
                    InternetGatewayId=igw).code == 'DependencyViolation'
    c.call('ec2', 'DetachInternetGateway', InternetGatewayId=igw, VpcId=vpc)
    c.call('ec2', 'DeleteInternetGateway', InternetGatewayId=igw)
    c.call('ec2', 'DeleteVpc', VpcId=vpc)
    assert error_of(c.call, 'ec2', 'DescribeVpcs', VpcIds=[vpc]).code == 'InvalidVpcID.NotFound'
    assert error_of(c.call, 'ec2', 'DescribeVpcs', VpcIds=['vpc-zz']).code == \
        'InvalidVpcID.Malformed'


def test_subnet_rules(c):
    vpc = _vpc(c)
    c.call('ec2', 'CreateSubnet', VpcId=vpc, CidrBlock='10.0.1.0/24')
    assert error_of(c.call, 'ec2', 'CreateSubnet', VpcId=vpc,
                    CidrBlock='10.0.1.128/25').code == 'InvalidSubnet.Conflict'
    assert error_of(c.call, 'ec2', 'CreateSubnet', VpcId=vpc,
                    CidrBlock='10.9.0.0/24').code == 'InvalidSubnet.Range'
    assert error_of(c.call, 'ec2', 'CreateSubnet', VpcId=vpc, CidrBlock='10.0.2.0/24',
                    AvailabilityZone='us-east-1z').code == 'InvalidParameterValue'
    assert error_of(c.call, 'ec2', 'DeleteSubnet',
                    SubnetId='subnet-0123456789abcdef0').code == 'InvalidSubnetID.NotFound'


def test_routes_and_associations(c):
    vpc = _vpc(c)
    sub = c.call('ec2', 'CreateSubnet', VpcId=vpc, CidrBlock='10.0.1.0/24')['Subnet']['SubnetId']
    rtb = c.call('ec2', 'CreateRouteTable', VpcId=vpc)['RouteTable']['RouteTableId']
    igw = c.call('ec2', 'CreateInternetGateway')['InternetGateway']['InternetGatewayId']
    e = error_of(c.call, 'ec2', 'CreateRoute', RouteTableId=rtb,
                 DestinationCidrBlock='0.0.0.0/0', GatewayId=igw)
    assert e.code == 'InvalidParameterValue'       # gateway not in this VPC yet
    c.call('ec2', 'AttachInternetGateway', InternetGatewayId=igw, VpcId=vpc)
    c.call('ec2', 'CreateRoute', RouteTableId=rtb, DestinationCidrBlock='0.0.0.0/0',
           GatewayId=igw)
    assert error_of(c.call, 'ec2', 'CreateRoute', RouteTableId=rtb,
                    DestinationCidrBlock='0.0.0.0/0', GatewayId=igw).code == 'RouteAlreadyExists'
    assoc = c.call('ec2', 'AssociateRouteTable', RouteTableId=rtb, SubnetId=sub)['AssociationId']
    found = c.call('ec2', 'DescribeRouteTables', Filters=[
        {'Name': 'association.route-table-association-id', 'Values': [assoc]}])['RouteTables']
    assert [t['RouteTableId'] for t in found] == [rtb]
    assert error_of(c.call, 'ec2', 'AssociateRouteTable', RouteTableId=rtb,
                    SubnetId=sub).code == 'Resource.AlreadyAssociated'
    assert error_of(c.call, 'ec2', 'DeleteRouteTable',
                    RouteTableId=rtb).code == 'DependencyViolation'
    c.call('ec2', 'DetachInternetGateway', InternetGatewayId=igw, VpcId=vpc)
    routes = c.call('ec2', 'DescribeRouteTables', RouteTableIds=[rtb])['RouteTables'][0]['Routes']
    assert [r['State'] for r in routes] == ['active', 'blackhole']
    c.call('ec2', 'DisassociateRouteTable', AssociationId=assoc)
    assert error_of(c.call, 'ec2', 'DisassociateRouteTable',
                    AssociationId=assoc).code == 'InvalidAssociationID.NotFound'
    assert error_of(c.call, 'ec2', 'DeleteRoute', RouteTableId=rtb,
                    DestinationCidrBlock='10.0.0.0/16').code == 'InvalidParameterValue'
    c.call('ec2', 'DeleteRoute', RouteTableId=rtb, DestinationCidrBlock='0.0.0.0/0')
    assert error_of(c.call, 'ec2', 'DeleteRoute', RouteTableId=rtb,
                    DestinationCidrBlock='0.0.0.0/0').code == 'InvalidRoute.NotFound'
    c.call('ec2', 'DeleteRouteTable', RouteTableId=rtb)
    assert error_of(c.call, 'ec2', 'DescribeRouteTables',
                    RouteTableIds=[rtb]).code == 'InvalidRouteTableID.NotFound'


def test_security_group_rules(c):
    vpc = _vpc(c)
    lb = c.call('ec2', 'CreateSecurityGroup', GroupName='lb', Description='lb',
                VpcId=vpc)['GroupId']
    app = c.call('ec2', 'CreateSecurityGroup', GroupName='app', Description='app',
                 VpcId=vpc)['GroupId']
    assert error_of(c.call, 'ec2', 'CreateSecurityGroup', GroupName='lb', Description='x',
                    VpcId=vpc).code == 'InvalidGroup.Duplicate'
    g = c.call('ec2', 'DescribeSecurityGroups', GroupIds=[lb])['SecurityGroups'][0]
    assert g['IpPermissionsEgress'] == [{'IpProtocol': '-1', 'IpRanges': [{'CidrIp': '0.0.0.0/0'}],
                                         'Ipv6Ranges': [], 'PrefixListIds': [],
                                         'UserIdGroupPairs': []}]
    c.call('ec2', 'RevokeSecurityGroupEgress', GroupId=lb, IpPermissions=[
        {'IpProtocol': '-1', 'IpRanges': [{'CidrIp': '0.0.0.0/0'}]}])
    e = error_of(c.call, 'ec2', 'RevokeSecurityGroupEgress', GroupId=lb, IpPermissions=[
        {'IpProtocol': '-1', 'Ipv6Ranges': [{'CidrIpv6': '::/0'}]}])
    assert e.code == 'InvalidPermission.NotFound'
    perm = {'IpProtocol': 'tcp', 'FromPort': 80, 'ToPort': 80,
            'IpRanges': [{'CidrIp': '0.0.0.0/0', 'Description': 'web'}]}
    out = c.call('ec2', 'AuthorizeSecurityGroupIngress', GroupId=lb, IpPermissions=[perm])
    assert out['Return'] is True and out['SecurityGroupRules'][0]['CidrIpv4'] == '0.0.0.0/0'
    assert error_of(c.call, 'ec2', 'AuthorizeSecurityGroupIngress', GroupId=lb,
                    IpPermissions=[perm]).code == 'InvalidPermission.Duplicate'
    c.call('ec2', 'AuthorizeSecurityGroupIngress', GroupId=app, IpPermissions=[
        {'IpProtocol': '6', 'FromPort': 32768, 'ToPort': 65535,
         'UserIdGroupPairs': [{'GroupId': lb}]}])
    g = c.call('ec2', 'DescribeSecurityGroups', GroupIds=[app])['SecurityGroups'][0]
    assert g['IpPermissions'][0]['IpProtocol'] == 'tcp'
    assert g['IpPermissions'][0]['UserIdGroupPairs'][0]['GroupId'] == lb
    rules = c.call('ec2', 'DescribeSecurityGroupRules',
                   Filters=[{'Name': 'group-id', 'Values': [app]}])['SecurityGroupRules']
    assert sorted(r['IsEgress'] for r in rules) == [False, True]
    assert error_of(c.call, 'ec2', 'DeleteSecurityGroup', GroupId=lb).code == \
        'DependencyViolation'
    c.call('ec2', 'DeleteSecurityGroup', GroupId=app)
    c.call('ec2', 'DeleteSecurityGroup', GroupId=lb)
    assert error_of(c.call, 'ec2', 'DeleteSecurityGroup', GroupId=lb).code == \
        'InvalidGroup.NotFound'
    default = c.call('ec2', 'DescribeSecurityGroups', Filters=[
        {'Name': 'vpc-id', 'Values': [vpc]}])['SecurityGroups'][0]['GroupId']
    assert error_of(c.call, 'ec2', 'DeleteSecurityGroup', GroupId=default).code == 'CannotDelete'


def test_filters_wildcards_tags_and_errors(c):
    a = c.call('ec2', 'CreateVpc', CidrBlock='10.0.0.0/16', TagSpecifications=[
        {'ResourceType': 'vpc', 'Tags': [{'Key': 'Name', 'Value': 'alpha'}]}])['Vpc']['VpcId']
    b = _vpc(c, '10.1.0.0/16')
    c.call('ec2', 'CreateTags', Resources=[b], Tags=[{'Key': 'Name', 'Value': 'beta'}])
    ids = lambda f: sorted(v['VpcId'] for v in c.call('ec2', 'DescribeVpcs', Filters=f)['Vpcs'])
    assert ids([{'Name': 'tag:Name', 'Values': ['alpha']}]) == [a]
    assert ids([{'Name': 'tag:Name', 'Values': ['*ta']}]) == [b]
    assert ids([{'Name': 'tag:Name', 'Values': ['alpha', 'beta']}]) == sorted([a, b])
    assert ids([{'Name': 'tag:Name', 'Values': ['alpha']},
                {'Name': 'cidr', 'Values': ['10.1.0.0/16']}]) == []
    assert ids([{'Name': 'tag-key', 'Values': ['Name']}]) == sorted([a, b])
    assert error_of(ids, [{'Name': 'flavour', 'Values': ['x']}]).code == 'InvalidParameterValue'
    tags = c.call('ec2', 'DescribeTags', Filters=[{'Name': 'resource-id', 'Values': [b]}])
    assert tags['Tags'] == [{'Key': 'Name', 'ResourceId': b, 'ResourceType': 'vpc',
                             'Value': 'beta'}]
    c.call('ec2', 'DeleteTags', Resources=[b], Tags=[{'Key': 'Name', 'Value': 'other'}])
    assert ids([{'Name': 'tag:Name', 'Values': ['beta']}]) == [b]
    c.call('ec2', 'DeleteTags', Resources=[b], Tags=[{'Key': 'Name'}])
    assert ids([{'Name': 'tag:Name', 'Values': ['beta']}]) == []
    assert error_of(c.call, 'ec2', 'CreateTags', Resources=[a],
                    Tags=[{'Key': 'aws:x', 'Value': '1'}]).code == 'InvalidParameterValue'


def test_pagination(c):
    for i in range(5):
        _vpc(c, '10.%d.0.0/16' % i)
    seen, token = [], None
    while True:
        kw = {'MaxResults': 5}
        if token:
            kw['NextToken'] = token
        page = c.call('ec2', 'DescribeSecurityGroups', **kw)
        seen += [g['GroupId'] for g in page['SecurityGroups']]
        token = page.get('NextToken')
        if not token:
            break
    assert len(seen) == len(set(seen)) == 5


def test_availability_zones_images_and_account(c):
    zones = c.call('ec2', 'DescribeAvailabilityZones', Filters=[
        {'Name': 'state', 'Values': ['available']}])['AvailabilityZones']
    assert [(z['ZoneName'], z['ZoneId']) for z in zones][:2] == [('us-east-1a', 'use1-az1'),
                                                                 ('us-east-1b', 'use1-az2')]
    assert len(zones) == 6
    every = c.call('ec2', 'DescribeAvailabilityZones', AllAvailabilityZones=True)
    assert len(every['AvailabilityZones']) > 6
    assert error_of(c.call, 'ec2', 'DescribeAvailabilityZones',
                    ZoneNames=['us-east-1q']).code == 'InvalidParameterValue'
    imgs = c.call('ec2', 'DescribeImages', Owners=['amazon'], Filters=[
        {'Name': 'name', 'Values': ['amzn2-ami-ecs-hvm-*-x86_64-ebs']}])['Images']
    assert len(imgs) == 1 and imgs[0]['RootDeviceName'] == '/dev/xvda'
    assert error_of(c.call, 'ec2', 'DescribeImages',
                    ImageIds=['ami-0123456789abcdef0']).code == 'InvalidAMIID.NotFound'
    attrs = c.call('ec2', 'DescribeAccountAttributes', AttributeNames=['supported-platforms'])
    assert attrs['AccountAttributes'][0]['AttributeValues'] == [{'AttributeValue': 'VPC'}]
    assert c.call('ec2', 'DescribeVpcEndpoints')['VpcEndpoints'] == []
    assert c.call('ec2', 'DescribePrefixLists')['PrefixLists']


def test_instances_use_subnet_addresses_and_block_deletes(emu, c):
    vpc = _vpc(c)
    sub = c.call('ec2', 'CreateSubnet', VpcId=vpc, CidrBlock='10.0.1.0/24')['Subnet']['SubnetId']
    c.call('ec2', 'ModifySubnetAttribute', SubnetId=sub, MapPublicIpOnLaunch={'Value': True})
    igw = c.call('ec2', 'CreateInternetGateway')['InternetGateway']['InternetGatewayId']
    c.call('ec2', 'AttachInternetGateway', InternetGatewayId=igw, VpcId=vpc)
    image = 'ami-0a9e8b4c3d2f1e0a7'
    res = c.call('ec2', 'RunInstances', ImageId=image, InstanceType='t3.small', MinCount=1,
                 MaxCount=1, SubnetId=sub)
    inst = res['Instances'][0]
    assert inst['PrivateIpAddress'] == '10.0.1.4' and inst['PublicIpAddress']
    internal = emu.services['ec2'].run_instances_internal(image, 't3.small', sub, [], None,
                                                          {'Name': 'asg'})
    assert error_of(c.call, 'ec2', 'DeleteSubnet', SubnetId=sub).code == 'DependencyViolation'
    assert error_of(c.call, 'ec2', 'DetachInternetGateway', InternetGatewayId=igw,
                    VpcId=vpc).code == 'DependencyViolation'
    enis = c.call('ec2', 'DescribeNetworkInterfaces', Filters=[
        {'Name': 'subnet-id', 'Values': [sub]}])['NetworkInterfaces']
    assert len(enis) == 2
    out = c.call('ec2', 'TerminateInstances', InstanceIds=[inst['InstanceId']])
    assert out['TerminatingInstances'][0]['CurrentState']['Name'] == 'terminated'
    emu.services['ec2'].terminate_instances_internal([internal])
    running = c.call('ec2', 'DescribeInstances', Filters=[
        {'Name': 'instance-state-name', 'Values': ['running']}])['Reservations']
    assert running == []
    c.call('ec2', 'DetachInternetGateway', InternetGatewayId=igw, VpcId=vpc)
    c.call('ec2', 'DeleteSubnet', SubnetId=sub)


def test_eventual_consistency_spares_what_aws_serves_consistently():
    import faults
    f = faults.Faults()
    f.configure({'eventual_consistency_ms': 10000})
    lc = ('arn:aws:autoscaling:us-east-1:123456789012:launchConfiguration:'
          '0e8c9f7a-1b2c-4d3e-8f90-123456789abc:launchConfigurationName/lc')
    td = 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:1'
    for rid in (lc, td, 'vpc-0123456789abcdef0'):
        f.note_created(rid)
    assert not f.hidden(lc) and not f.hidden(td)
    assert f.hidden('vpc-0123456789abcdef0')


def test_sdk_retry_of_an_answered_call_gets_the_same_answer(c, url):
    """An SDK retry (same amz-sdk-invocation-id, attempt > 1) of a call that
    was answered is answered the same, without acting twice."""
    body, headers = c.request('ec2', 'CreateVpc', {'CidrBlock': '10.9.0.0/16'})
    h1 = dict(headers, **{'amz-sdk-invocation-id': 'inv-1', 'amz-sdk-request': 'attempt=1; max=3'})
    s1, _, out1 = c.raw('ec2', body, h1)
    h2 = dict(headers, **{'amz-sdk-invocation-id': 'inv-1', 'amz-sdk-request': 'attempt=2; max=3'})
    s2, _, out2 = c.raw('ec2', body, h2)
    assert s1 == s2 == 200
    assert out1 == out2
    vpcs = [v for v in c.call('ec2', 'DescribeVpcs')['Vpcs'] if v['CidrBlock'] == '10.9.0.0/16']
    assert len(vpcs) == 1
    # A first attempt with the same id is a new call, not a replay.
    h3 = dict(headers, **{'amz-sdk-invocation-id': 'inv-1', 'amz-sdk-request': 'attempt=1; max=3'})
    s3, _, out3 = c.raw('ec2', body, h3)
    assert s3 == 200 and out3 != out1

"""The emulator's faults that leave a client not knowing whether AWS acted,
and the per-type object counters that catch a client creating twice."""

import http.client
import json
import os
import sys
import time
import urllib.request

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import faults  # noqa: E402
from awsclient import AwsCallError, Client  # noqa: E402

AK = 'AKIATESTFAULTS000001'
SK = 'test/faults/secret'


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


def control(url, method, what, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url + '/__emulator/' + what, data=data, method=method)
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def vpcs(c, cidr):
    return [v['VpcId'] for v in c.call('ec2', 'DescribeVpcs')['Vpcs'] if v['CidrBlock'] == cidr]


def test_error500_does_not_act(url, c):
    control(url, 'POST', 'faults', {'error500': 1.0})
    with pytest.raises(AwsCallError) as ei:
        c.call('ec2', 'CreateVpc', CidrBlock='10.1.0.0/16')
    assert (ei.value.status, ei.value.code) == (500, 'InternalError')
    control(url, 'POST', 'faults', {'error500': 0})
    assert vpcs(c, '10.1.0.0/16') == []


@pytest.mark.parametrize('service,op,params,code', [
    ('ec2', 'CreateVpc', {'CidrBlock': '10.2.0.0/16'}, 'InternalError'),
    ('ecs', 'CreateCluster', {'clusterName': 'after500'}, 'InternalFailure'),
])
def test_error500_after_acts_then_fails(url, c, service, op, params, code):
    control(url, 'POST', 'faults', {'error500_after': 1.0})
    with pytest.raises(AwsCallError) as ei:
        c.call(service, op, **params)
    assert (ei.value.status, ei.value.code) == (500, code)
    control(url, 'POST', 'faults', {'error500_after': 0})
    if service == 'ec2':
        assert len(vpcs(c, '10.2.0.0/16')) == 1
    else:
        assert len(c.call('ecs', 'ListClusters')['clusterArns']) == 1


def test_drop_after_acts_then_closes_without_answer(url, c):
    control(url, 'POST', 'faults', {'drop_after': 1.0})
    body, headers = c.request('ec2', 'CreateVpc', {'CidrBlock': '10.3.0.0/16'})
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError,
                        http.client.IncompleteRead)):
        c.raw('ec2', body, headers)
    control(url, 'POST', 'faults', {'drop_after': 0})
    assert len(vpcs(c, '10.3.0.0/16')) == 1
    calls = [x for x in control(url, 'GET', 'calls')[1] if x['operation'] == 'CreateVpc']
    assert calls[-1]['error_code'] == 'ConnectionDropped'


def test_slow_acts_then_answers_late(url, c):
    control(url, 'POST', 'faults', {'slow': 1.0, 'slow_ms': 300})
    t = time.monotonic()
    c.call('ec2', 'CreateVpc', CidrBlock='10.4.0.0/16')
    assert time.monotonic() - t >= 0.3
    control(url, 'POST', 'faults', {'slow': 0})
    assert len(vpcs(c, '10.4.0.0/16')) == 1


def test_shares_are_drawn_in_proportion_and_reproducibly(url, c):
    def run():
        control(url, 'POST', 'faults', {'throttle': 0.2, 'error500': 0.1,
                                        'error500_after': 0.1, 'seed': 11})
        seen = []
        for _ in range(60):
            try:
                c.call('ec2', 'DescribeVpcs')
                seen.append(200)
            except AwsCallError as e:
                seen.append(e.code)
        control(url, 'POST', 'faults', {'throttle': 0, 'error500': 0, 'error500_after': 0})
        return seen
    first = run()
    assert run() == first
    assert 4 <= first.count('RequestLimitExceeded') <= 24
    assert 4 <= first.count('InternalError') <= 24
    assert 24 <= first.count(200) <= 52


def test_bad_fault_shares(url):
    assert control(url, 'POST', 'faults', {'drop_after': -0.1})[0] == 400
    status, body = control(url, 'POST', 'faults', {'throttle': 0.6, 'error500_after': 0.6})
    assert status == 400 and 'more than 1' in body['error']
    assert control(url, 'POST', 'faults', {'slow_ms': -1})[0] == 400


def test_objects_count_every_id_ever_held_and_the_peak(url, c):
    a = c.call('ec2', 'CreateVpc', CidrBlock='10.5.0.0/16')['Vpc']['VpcId']
    b = c.call('ec2', 'CreateVpc', CidrBlock='10.6.0.0/16')['Vpc']['VpcId']
    c.call('ec2', 'DeleteVpc', VpcId=a)
    objs = control(url, 'GET', 'objects')[1]
    assert objs['ec2/vpcs'] == {'ever': 2, 'peak': 2, 'live': 1}
    c.call('ec2', 'DeleteVpc', VpcId=b)
    c.call('ec2', 'CreateVpc', CidrBlock='10.7.0.0/16')
    assert control(url, 'GET', 'objects')[1]['ec2/vpcs'] == {'ever': 3, 'peak': 2, 'live': 1}
    control(url, 'POST', 'reset', {})
    assert control(url, 'GET', 'objects')[1] == {}


def test_faults_unit_sequence():
    f = faults.Faults()
    f.configure({'error500_after': 0.5, 'drop_after': 0.5, 'seed': 1})
    afters = {f.before_call('ec2') for _ in range(50)}
    assert afters == {faults.AFTER_500, faults.AFTER_DROP}
    with pytest.raises(faults.DropConnection):
        f.after_call('ec2', faults.AFTER_DROP)
    f.after_call('ec2', None)


def test_create_route_table_client_token_answers_a_repeat_with_the_first_table(c):
    vpc = c.call('ec2', 'CreateVpc', CidrBlock='10.8.0.0/16')['Vpc']['VpcId']
    other = c.call('ec2', 'CreateVpc', CidrBlock='10.9.0.0/16')['Vpc']['VpcId']
    first = c.call('ec2', 'CreateRouteTable', VpcId=vpc, ClientToken='tok-1')
    again = c.call('ec2', 'CreateRouteTable', VpcId=vpc, ClientToken='tok-1')
    assert again['RouteTable']['RouteTableId'] == first['RouteTable']['RouteTableId']
    assert again['ClientToken'] == 'tok-1'
    with pytest.raises(AwsCallError) as ei:
        c.call('ec2', 'CreateRouteTable', VpcId=other, ClientToken='tok-1')
    assert ei.value.code == 'IdempotentParameterMismatch'
    fresh = c.call('ec2', 'CreateRouteTable', VpcId=vpc, ClientToken='tok-2')
    assert fresh['RouteTable']['RouteTableId'] != first['RouteTable']['RouteTableId']
    tables = c.call('ec2', 'DescribeRouteTables', Filters=[
        {'Name': 'vpc-id', 'Values': [vpc]}, {'Name': 'association.main', 'Values': ['false']}])
    assert len(tables['RouteTables']) == 2


def test_operations_limits_the_faults(url, c):
    status, desc = control(url, 'POST', 'faults', {'error500': 1.0, 'operations': ['CreateVpc']})
    assert status == 200 and desc['operations'] == ['CreateVpc']
    c.call('ec2', 'DescribeVpcs')          # not named: answered normally
    with pytest.raises(AwsCallError) as ei:
        c.call('ec2', 'CreateVpc', CidrBlock='10.7.0.0/16')
    assert ei.value.status == 500
    assert control(url, 'POST', 'faults', {'operations': 'CreateVpc'})[0] == 400
    control(url, 'POST', 'faults', {'error500': 0, 'operations': None})
    assert vpcs(c, '10.7.0.0/16') == []


def test_refuse_answers_a_400_without_acting(url, c):
    status, desc = control(url, 'POST', 'faults', {'refuse': {'CreateVpc': 'InjectedFailure'}})
    assert status == 200 and desc['refuse'] == {'CreateVpc': 'InjectedFailure'}
    c.call('ec2', 'DescribeVpcs')          # not named: answered normally
    with pytest.raises(AwsCallError) as ei:
        c.call('ec2', 'CreateVpc', CidrBlock='10.6.0.0/16')
    assert ei.value.status == 400 and ei.value.code == 'InjectedFailure'
    assert vpcs(c, '10.6.0.0/16') == []
    assert control(url, 'POST', 'faults', {'refuse': ['CreateVpc']})[0] == 400
    assert control(url, 'POST', 'faults', {'refuse': {'CreateVpc': ''}})[0] == 400
    control(url, 'POST', 'faults', {'refuse': {}})
    c.call('ec2', 'CreateVpc', CidrBlock='10.6.0.0/16')
    assert len(vpcs(c, '10.6.0.0/16')) == 1


def test_refuse_after_an_action_succeeded(url, c):
    status, desc = control(url, 'POST', 'faults', {'refuse': {
        'DescribeVpcs': {'code': 'InjectedFailure', 'after': 'CreateVpc'}}})
    assert status == 200
    assert desc['refuse']['DescribeVpcs'] == {'code': 'InjectedFailure', 'after': ['CreateVpc'],
                                              'armed': False}
    c.call('ec2', 'DescribeVpcs')          # before any CreateVpc: answered
    c.call('ec2', 'CreateVpc', CidrBlock='10.5.0.0/16')
    with pytest.raises(AwsCallError) as ei:
        c.call('ec2', 'DescribeVpcs')
    assert ei.value.status == 400 and ei.value.code == 'InjectedFailure'
    assert control(url, 'POST', 'faults', {'refuse': {'DescribeVpcs': {'code': 'X',
                                                                      'when': 'y'}}})[0] == 400
    control(url, 'POST', 'faults', {'refuse': {}})
    assert len(vpcs(c, '10.5.0.0/16')) == 1

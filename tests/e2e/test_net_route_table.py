"""aws_route_table end to end with our provider against the emulator:
inline routes through each target the emulator serves (internet gateway,
virtual private gateway, network interface), propagating_vgws, routes
added, retargeted and removed in place, `route` omitted (kept) versus
`route = []` (all removed), adopting the local route, replacement on a
new VPC, import, destroy.  The VPC and its gateways are made with signed
EC2 calls so that only aws_route_table is under test.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \
     /usr/bin/python3 -m pytest tests/e2e/test_net_route_table.py
"""
from netkit import netenv  # noqa: F401  (fixture)

EMPTY_ROUTE = {k: '' for k in (
    'carrier_gateway_id', 'cidr_block', 'core_network_arn', 'destination_prefix_list_id',
    'egress_only_gateway_id', 'gateway_id', 'ipv6_cidr_block', 'local_gateway_id',
    'nat_gateway_id', 'network_interface_id', 'transit_gateway_id', 'vpc_endpoint_id',
    'vpc_peering_connection_id')}


def route(**kw):
    r = dict(EMPTY_ROUTE)
    r.update(kw)
    return r


def key(r):
    return sorted(r.items())


def same_routes(got, want):
    return sorted(map(key, got)) == sorted(map(key, want))


def network(env, cidr='10.0.0.0/16'):
    """A VPC with an attached internet gateway and VPN gateway, a subnet and
    an interface in it."""
    vpc = env.ec2('CreateVpc', CidrBlock=cidr)['Vpc']['VpcId']
    igw = env.ec2('CreateInternetGateway')['InternetGateway']['InternetGatewayId']
    env.ec2('AttachInternetGateway', InternetGatewayId=igw, VpcId=vpc)
    vgw = env.ec2('CreateVpnGateway', Type='ipsec.1')['VpnGateway']['VpnGatewayId']
    env.ec2('AttachVpnGateway', VpnGatewayId=vgw, VpcId=vpc)
    subnet = env.ec2('CreateSubnet', VpcId=vpc,
                     CidrBlock=cidr.replace('0.0/16', '1.0/24'))['Subnet']['SubnetId']
    eni = env.ec2('CreateNetworkInterface', SubnetId=subnet)['NetworkInterface'][
        'NetworkInterfaceId']
    return dict(vpc=vpc, igw=igw, vgw=vgw, subnet=subnet, eni=eni, cidr=cidr)


def drop_network(env, n):
    env.ec2('DeleteNetworkInterface', NetworkInterfaceId=n['eni'])
    env.ec2('DeleteSubnet', SubnetId=n['subnet'])
    env.ec2('DetachVpnGateway', VpnGatewayId=n['vgw'], VpcId=n['vpc'])
    env.ec2('DeleteVpnGateway', VpnGatewayId=n['vgw'])
    env.ec2('DetachInternetGateway', InternetGatewayId=n['igw'], VpcId=n['vpc'])
    env.ec2('DeleteInternetGateway', InternetGatewayId=n['igw'])
    env.ec2('DeleteVpc', VpcId=n['vpc'])


def rt_tf(vpc, routes=None, vgws=None, tags=None, extra=''):
    """routes: None (omitted), a list of dicts written as blocks, or the
    string '[]'."""
    out = ['resource "aws_route_table" "rt" {', '  vpc_id = "%s"' % vpc]
    if routes == '[]':
        out.append('  route = []')
    else:
        for r in routes or []:
            out.append('  route {')
            out += ['    %s = "%s"' % kv for kv in r.items()]
            out.append('  }')
    if vgws is not None:
        out.append('  propagating_vgws = [%s]' % ', '.join('"%s"' % v for v in vgws))
    if tags:
        out.append('  tags = {%s}' % ', '.join('%s = "%s"' % kv for kv in tags.items()))
    out.append(extra)
    out.append('}')
    return '\n'.join(out) + '\n'


def table(env, rtb):
    return env.ec2('DescribeRouteTables', RouteTableIds=[rtb])['RouteTables'][0]


def test_route_table_lifecycle(netenv):
    env = netenv
    n = network(env)
    n2 = network(env, '10.5.0.0/16')

    routes = [{'cidr_block': '0.0.0.0/0', 'gateway_id': n['igw']},
              {'cidr_block': '192.168.0.0/16', 'network_interface_id': n['eni']}]
    tf = env.terraform('ours', rt_tf(n['vpc'], routes, [n['vgw']], {'Name': 'rt'}))
    tf.apply()
    rt = tf.resources()['aws_route_table.rt']
    rid = rt['id']
    assert rid.startswith('rtb-')
    assert rt['arn'] == 'arn:aws:ec2:us-east-1:%s:route-table/%s' % (rt['owner_id'], rid)
    assert rt['vpc_id'] == n['vpc']
    assert rt['propagating_vgws'] == [n['vgw']]
    assert same_routes(rt['route'], [route(**r) for r in routes])
    assert rt['tags'] == {'Name': 'rt'} and rt['tags_all'] == {'Name': 'rt'}
    remote = table(env, rid)
    assert [v['GatewayId'] for v in remote['PropagatingVgws']] == [n['vgw']]
    assert {r.get('DestinationCidrBlock') for r in remote['Routes']} == {
        '0.0.0.0/0', '192.168.0.0/16', n['cidr']}
    tf.assert_clean()

    # retarget one route (ReplaceRoute), drop one, add one; vgw off; retag
    routes = [{'cidr_block': '0.0.0.0/0', 'network_interface_id': n['eni']},
              {'cidr_block': '172.16.0.0/12', 'gateway_id': n['vgw']}]
    tf.write(rt_tf(n['vpc'], routes, [], {'Name': 'rt2'}))
    code, out = tf.plan()
    assert code == 2 and 'update in-place' in out and 'must be replaced' not in out
    tf.apply()
    rt = tf.resources()['aws_route_table.rt']
    assert rt['id'] == rid
    assert same_routes(rt['route'], [route(**r) for r in routes])
    assert rt['propagating_vgws'] == []
    assert rt['tags'] == {'Name': 'rt2'}
    remote = table(env, rid)
    assert {r.get('DestinationCidrBlock') for r in remote['Routes']} == {
        '0.0.0.0/0', '172.16.0.0/12', n['cidr']}
    assert remote['PropagatingVgws'] == [] or remote['PropagatingVgws'] is None
    tf.assert_clean()

    # `route` left out: Optional+Computed keeps what is there
    tf.write(rt_tf(n['vpc'], None, None, {'Name': 'rt2'}))
    tf.assert_clean()

    # import reproduces the state (no timeouts in either)
    before = tf.resources()['aws_route_table.rt']
    tf.state_rm('aws_route_table.rt')
    tf.import_('aws_route_table.rt', rid)
    assert tf.resources()['aws_route_table.rt'] == before
    tf.assert_clean()

    # `route = []` removes every route
    tf.write(rt_tf(n['vpc'], '[]', None, {'Name': 'rt2'}))
    code, out = tf.plan()
    assert code == 2 and 'update in-place' in out
    tf.apply()
    assert tf.resources()['aws_route_table.rt']['route'] == []
    assert [r.get('DestinationCidrBlock') for r in table(env, rid)['Routes']] == [n['cidr']]
    tf.assert_clean()

    # a new VPC forces replacement
    tf.write(rt_tf(n2['vpc'], [{'cidr_block': '0.0.0.0/0', 'gateway_id': n2['igw']}],
                   extra='  timeouts {\n    create = "3m"\n  }'))
    code, out = tf.plan()
    assert code == 2 and 'must be replaced' in out
    tf.apply()
    rt = tf.resources()['aws_route_table.rt']
    assert rt['id'] != rid and rt['vpc_id'] == n2['vpc']
    assert rt['tags'] is None and rt['tags_all'] == {}
    assert rt['timeouts'] == {'create': '3m', 'update': None, 'delete': None}
    tf.assert_clean()

    tf.destroy()
    drop_network(env, n)
    drop_network(env, n2)
    env.assert_empty()


def test_route_table_adopts_local_route(netenv):
    env = netenv
    n = network(env)
    routes = [{'cidr_block': n['cidr'], 'gateway_id': 'local'},
              {'cidr_block': '0.0.0.0/0', 'gateway_id': n['igw']}]
    tf = env.terraform('ours', rt_tf(n['vpc'], routes))
    tf.apply()
    rt = tf.resources()['aws_route_table.rt']
    assert same_routes(rt['route'], [route(**r) for r in routes])
    tf.assert_clean()
    # retarget the local route to an interface, in place
    routes[0] = {'cidr_block': n['cidr'], 'network_interface_id': n['eni']}
    tf.write(rt_tf(n['vpc'], routes))
    tf.apply()
    local = [r for r in table(env, rt['id'])['Routes']
             if r.get('DestinationCidrBlock') == n['cidr']]
    assert local[0].get('NetworkInterfaceId') == n['eni']
    tf.assert_clean()
    tf.destroy()
    drop_network(env, n)
    env.assert_empty()


def test_route_table_invalid_route_is_an_error(netenv):
    env = netenv
    n = network(env)
    tf = env.terraform('ours', rt_tf(n['vpc'], [{'cidr_block': '0.0.0.0/0'}]))
    p = tf.run('apply', '-auto-approve', '-input=false', ok=(1,))
    assert 'exactly one of' in p.stdout + p.stderr
    # the table itself was created and is kept in state (tainted)
    assert tf.resources()['aws_route_table.rt']['id'].startswith('rtb-')
    tf.destroy()
    drop_network(env, n)
    env.assert_empty()

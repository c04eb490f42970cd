"""Every kind of `route` target of aws_route_table end to end: NAT gateway,
egress-only internet gateway (IPv6 destinations), VPC peering connection,
transit gateway, Gateway Load Balancer endpoint, carrier gateway, local
gateway and Cloud WAN core network, plus a managed prefix list as the
destination.  The targets are not ours to manage (other resource types),
so they are made with signed EC2 calls and handed to the configuration as
a variable.  Also an IPv6-only aws_subnet (ipv6_native).

  * ours: apply, clean re-plan, a gateway endpoint's prefix-list route
    (not the table's to manage) leaves the plan clean, three routes
    retargeted in place (ReplaceRoute, nothing deleted), clean re-plan,
    import reproduces the state, a target deleted behind Terraform's back
    blackholes its route without a diff, destroy leaves no route table.
  * ours: the IPv6-only subnet's lifecycle (apply, clean re-plan, update in
    place, import, destroy).
  * parity: the same configuration applied with hashicorp/aws 5.100.0 and
    with ours, each against a fresh emulator, gives the same state once
    ids are normalised, and again after the same three routes are
    retargeted; each plans clean, destroys, and the state written by
    hashicorp/aws plans clean with ours.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \\
     /usr/bin/python3 -m pytest tests/e2e/test_net_route_targets.py
"""
import ipaddress
import json
import os
import re
import time
from concurrent.futures import ThreadPoolExecutor

import netkit
from netkit import AwsCallError, NetEnv, netenv  # noqa: F401  (fixture)

EMPTY_ROUTE = {k: '' for k in (
    'carrier_gateway_id', 'cidr_block', 'core_network_arn', 'destination_prefix_list_id',
    'egress_only_gateway_id', 'gateway_id', 'ipv6_cidr_block', 'local_gateway_id',
    'nat_gateway_id', 'network_interface_id', 'transit_gateway_id', 'vpc_endpoint_id',
    'vpc_peering_connection_id')}

CORE_NETWORK = ('arn:aws:networkmanager::123456789012:core-network/'
                'core-network-0fab62fe438d94db6')
GWLB_SERVICE = 'com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718'


# -- the targets, made behind Terraform's back --------------------------------------------------

def wait_for(fn, timeout=10.0):
    """Calls fn until it returns something true without an AWS error (the
    objects involved change state a moment after the call); returns that."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            got = fn()
            if got:
                return got
        except AwsCallError:
            if time.monotonic() > deadline:
                raise
        if time.monotonic() > deadline:
            raise AssertionError('timed out waiting for %s' % fn)
        time.sleep(0.1)


def targets(env):
    """A dual-stack VPC with one object of every target kind, and a peer VPC."""
    ec2 = env.ec2
    t = {}
    vpc = ec2('CreateVpc', CidrBlock='10.30.0.0/16', AmazonProvidedIpv6CidrBlock=True)['Vpc']
    t['vpc'] = vpc['VpcId']
    t['vpc_ipv6'] = vpc['Ipv6CidrBlockAssociationSet'][0]['Ipv6CidrBlock']
    t['tgw'] = ec2('CreateTransitGateway', Description='hub')['TransitGateway'][
        'TransitGatewayId']
    t['igw'] = ec2('CreateInternetGateway')['InternetGateway']['InternetGatewayId']
    ec2('AttachInternetGateway', InternetGatewayId=t['igw'], VpcId=t['vpc'])
    t['subnet_a'] = ec2('CreateSubnet', VpcId=t['vpc'], CidrBlock='10.30.1.0/24',
                        AvailabilityZone='us-east-1a')['Subnet']['SubnetId']
    t['subnet_b'] = ec2('CreateSubnet', VpcId=t['vpc'], CidrBlock='10.30.2.0/24',
                        AvailabilityZone='us-east-1b')['Subnet']['SubnetId']
    t['eip'] = ec2('AllocateAddress', Domain='vpc')['AllocationId']
    t['nat'] = ec2('CreateNatGateway', SubnetId=t['subnet_a'], AllocationId=t['eip'])[
        'NatGateway']['NatGatewayId']
    t['eigw'] = ec2('CreateEgressOnlyInternetGateway', VpcId=t['vpc'])[
        'EgressOnlyInternetGateway']['EgressOnlyInternetGatewayId']
    t['peer_vpc'] = ec2('CreateVpc', CidrBlock='10.31.0.0/16')['Vpc']['VpcId']
    t['pcx'] = ec2('CreateVpcPeeringConnection', VpcId=t['vpc'], PeerVpcId=t['peer_vpc'])[
        'VpcPeeringConnection']['VpcPeeringConnectionId']
    t['gwlbe'] = ec2('CreateVpcEndpoint', VpcId=t['vpc'], ServiceName=GWLB_SERVICE,
                     VpcEndpointType='GatewayLoadBalancer', SubnetIds=[t['subnet_b']])[
        'VpcEndpoint']['VpcEndpointId']
    t['cagw'] = ec2('CreateCarrierGateway', VpcId=t['vpc'])['CarrierGateway']['CarrierGatewayId']
    t['lgw'] = ec2('DescribeLocalGateways')['LocalGateways'][0]['LocalGatewayId']
    lgw_rtb = ec2('DescribeLocalGatewayRouteTables')['LocalGatewayRouteTables'][0][
        'LocalGatewayRouteTableId']
    t['lgw_assoc'] = ec2('CreateLocalGatewayRouteTableVpcAssociation', VpcId=t['vpc'],
                         LocalGatewayRouteTableId=lgw_rtb)[
        'LocalGatewayRouteTableVpcAssociation']['LocalGatewayRouteTableVpcAssociationId']
    t['pl'] = ec2('CreateManagedPrefixList', PrefixListName='offices', AddressFamily='IPv4',
                  MaxEntries=4, Entries=[{'Cidr': '192.0.2.0/24'}])['PrefixList'][
        'PrefixListId']
    t['core'] = CORE_NETWORK
    # what has to be ready before a route can use it
    wait_for(lambda: ec2('DescribeTransitGateways', TransitGatewayIds=[t['tgw']])[
        'TransitGateways'][0]['State'] == 'available')
    t['tgw_attach'] = ec2('CreateTransitGatewayVpcAttachment', TransitGatewayId=t['tgw'],
                          VpcId=t['vpc'], SubnetIds=[t['subnet_a']])[
        'TransitGatewayVpcAttachment']['TransitGatewayAttachmentId']
    ec2('AcceptVpcPeeringConnection', VpcPeeringConnectionId=t['pcx'])
    wait_for(lambda: ec2('DescribeManagedPrefixLists', PrefixListIds=[t['pl']])[
        'PrefixLists'][0]['State'] == 'create-complete')
    wait_for(lambda: ec2('DescribeTransitGatewayVpcAttachments',
                         TransitGatewayAttachmentIds=[t['tgw_attach']])[
        'TransitGatewayVpcAttachments'][0]['State'] == 'available')
    return t


def drop_targets(env, t):
    ec2 = env.ec2
    ec2('DeleteVpcEndpoints', VpcEndpointIds=[t['gwlbe']])
    ec2('DeleteNatGateway', NatGatewayId=t['nat'])
    ec2('DeleteTransitGatewayVpcAttachment', TransitGatewayAttachmentId=t['tgw_attach'])
    ec2('DeleteEgressOnlyInternetGateway', EgressOnlyInternetGatewayId=t['eigw'])
    if t.get('gone') != 'cagw':
        ec2('DeleteCarrierGateway', CarrierGatewayId=t['cagw'])
    ec2('DeleteLocalGatewayRouteTableVpcAssociation',
        LocalGatewayRouteTableVpcAssociationId=t['lgw_assoc'])
    ec2('DeleteVpcPeeringConnection', VpcPeeringConnectionId=t['pcx'])
    ec2('DeleteManagedPrefixList', PrefixListId=t['pl'])
    # the interfaces of the NAT gateway, attachment and endpoint go when they do
    wait_for(lambda: ec2('DeleteTransitGateway', TransitGatewayId=t['tgw']) or True)
    wait_for(lambda: ec2('ReleaseAddress', AllocationId=t['eip']) or True)
    for s in ('subnet_a', 'subnet_b'):
        wait_for(lambda: ec2('DeleteSubnet', SubnetId=t[s]) or True)
    ec2('DetachInternetGateway', InternetGatewayId=t['igw'], VpcId=t['vpc'])
    ec2('DeleteInternetGateway', InternetGatewayId=t['igw'])
    ec2('DeleteVpc', VpcId=t['vpc'])
    ec2('DeleteVpc', VpcId=t['peer_vpc'])
    wait_for(lambda: env.state().get('empty'))


# -- configuration --------------------------------------------------------------------------------

VARIABLES = 'variable "t" {\n  type = map(string)\n}\n'

# destination attribute, destination, target attribute, target (a key of var.t)
ROUTES = [
    ('cidr_block', '0.0.0.0/0', 'nat_gateway_id', 'nat'),
    ('ipv6_cidr_block', '::/0', 'egress_only_gateway_id', 'eigw'),
    # not EC2's spelling: kept as written, compared in canonical form
    ('ipv6_cidr_block', '2001:DB8:1234:0::/48', 'egress_only_gateway_id', 'eigw'),
    ('cidr_block', '10.31.0.0/16', 'vpc_peering_connection_id', 'pcx'),
    ('cidr_block', '10.40.0.0/16', 'transit_gateway_id', 'tgw'),
    ('cidr_block', '10.50.0.0/16', 'vpc_endpoint_id', 'gwlbe'),
    ('cidr_block', '10.60.0.0/16', 'carrier_gateway_id', 'cagw'),
    ('cidr_block', '10.70.0.0/16', 'local_gateway_id', 'lgw'),
    ('cidr_block', '10.80.0.0/16', 'core_network_arn', 'core'),
    ('destination_prefix_list_id', 'pl', 'gateway_id', 'igw'),
]

# three routes given other targets, in place
RETARGETED = {'0.0.0.0/0': ('transit_gateway_id', 'tgw'),
              '10.40.0.0/16': ('nat_gateway_id', 'nat'),
              'pl': ('nat_gateway_id', 'nat')}


def retargeted(canonical=False):
    """ROUTES with three targets changed; canonical: every destination in
    EC2's spelling (hashicorp/aws cannot update a table whose state and
    configuration spell an IPv6 block differently: it matches destinations
    as text, re-creates the route and fails with RouteAlreadyExists)."""
    out = [(da, d) + RETARGETED.get(d, (ta, tk)) for da, d, ta, tk in ROUTES]
    if canonical:
        out = [(da, str(ipaddress.ip_network(d)) if da == 'ipv6_cidr_block' else d, ta, tk)
               for da, d, ta, tk in out]
    return out


def rt_tf(routes):
    out = ['resource "aws_route_table" "rt" {', '  vpc_id = var.t["vpc"]']
    for da, d, ta, tk in routes:
        dest = 'var.t["pl"]' if da == 'destination_prefix_list_id' else json.dumps(d)
        out += ['  route {', '    %s = %s' % (da, dest), '    %s = var.t["%s"]' % (ta, tk),
                '  }']
    out += ['  tags = {', '    Name = "targets"', '  }', '}', '']
    return '\n'.join(out)


def state_routes(routes, t):
    out = []
    for da, d, ta, tk in routes:
        r = dict(EMPTY_ROUTE)
        r[da] = t['pl'] if da == 'destination_prefix_list_id' else d
        r[ta] = t[tk]
        out.append(r)
    return out


def unset_is_empty(routes):
    """Route fields left unset read as "" after a create but null in the
    routes an update kept (hashicorp/aws does both); alike here."""
    return [{k: '' if v is None else v for k, v in r.items()} for r in routes]


def same_routes(got, want):
    def key(r):
        return sorted(r.items())
    return sorted(map(key, unset_is_empty(got))) == sorted(map(key, unset_is_empty(want)))


def write_config(tf, t, routes, extra=''):
    tf.write(VARIABLES + rt_tf(routes) + extra)
    tf.write(json.dumps({'t': t}), name='terraform.tfvars.json', provider_block=False)


def remote_routes(env, rtb):
    table = env.ec2('DescribeRouteTables', RouteTableIds=[rtb])['RouteTables'][0]
    return {r.get('DestinationCidrBlock') or r.get('DestinationIpv6CidrBlock')
            or r.get('DestinationPrefixListId'): r for r in table['Routes']}


def calls_since(env, n):
    return [(c['operation'], c['status']) for c in env.emu.calls()[n:]]


# -- our provider --------------------------------------------------------------------------------

def test_route_targets_lifecycle(netenv):
    env = netenv
    t = targets(env)
    tf = env.terraform('ours', '')
    write_config(tf, t, ROUTES)
    tf.apply()
    rt = tf.resources()['aws_route_table.rt']
    rid = rt['id']
    assert rt['vpc_id'] == t['vpc'] and rt['tags'] == {'Name': 'targets'}
    assert same_routes(rt['route'], state_routes(ROUTES, t)), rt['route']
    # EC2's view: each target in its own field (the load balancer endpoint
    # as a gateway), every route active
    remote = remote_routes(env, rid)
    want = {'0.0.0.0/0': ('NatGatewayId', t['nat']),
            '::/0': ('EgressOnlyInternetGatewayId', t['eigw']),
            '2001:db8:1234::/48': ('EgressOnlyInternetGatewayId', t['eigw']),
            '10.31.0.0/16': ('VpcPeeringConnectionId', t['pcx']),
            '10.40.0.0/16': ('TransitGatewayId', t['tgw']),
            '10.50.0.0/16': ('GatewayId', t['gwlbe']),
            '10.60.0.0/16': ('CarrierGatewayId', t['cagw']),
            '10.70.0.0/16': ('LocalGatewayId', t['lgw']),
            '10.80.0.0/16': ('CoreNetworkArn', t['core']),
            t['pl']: ('GatewayId', t['igw'])}
    for dest, (field, value) in want.items():
        r = remote[dest]
        assert r[field] == value and r['State'] == 'active' and r['Origin'] == 'CreateRoute', r
    assert remote['10.30.0.0/16']['GatewayId'] == 'local'
    tf.assert_clean()

    # an S3 gateway endpoint's route is the endpoint's, not the table's
    vpce = env.ec2('CreateVpcEndpoint', VpcId=t['vpc'], VpcEndpointType='Gateway',
                   ServiceName='com.amazonaws.us-east-1.s3', RouteTableIds=[rid])[
        'VpcEndpoint']['VpcEndpointId']
    assert remote_routes(env, rid)['pl-63a5400a']['GatewayId'] == vpce
    tf.assert_clean()
    env.ec2('DeleteVpcEndpoints', VpcEndpointIds=[vpce])

    # three routes retargeted in place: ReplaceRoute, nothing deleted
    write_config(tf, t, retargeted())
    code, out = tf.plan()
    assert code == 2 and 'update in-place' in out and 'must be replaced' not in out, out
    n = len(env.emu.calls())
    tf.apply()
    ops = [op for op, status in calls_since(env, n) if status == 200]
    assert ops.count('ReplaceRoute') == 3 and 'DeleteRoute' not in ops
    assert 'CreateRoute' not in ops, ops
    rt = tf.resources()['aws_route_table.rt']
    assert rt['id'] == rid
    assert same_routes(rt['route'], state_routes(retargeted(), t)), rt['route']
    remote = remote_routes(env, rid)
    assert remote['0.0.0.0/0']['TransitGatewayId'] == t['tgw']
    assert remote['10.40.0.0/16']['NatGatewayId'] == t['nat']
    assert remote[t['pl']]['NatGatewayId'] == t['nat']
    tf.assert_clean()

    # a refresh takes EC2's spelling of the IPv6 block and plans nothing;
    # import reproduces the refreshed state
    tf.run('apply', '-auto-approve', '-input=false', '-refresh-only')
    before = tf.resources()['aws_route_table.rt']
    assert {r['ipv6_cidr_block'] for r in before['route']} == {'', '::/0', '2001:db8:1234::/48'}
    tf.assert_clean()
    tf.state_rm('aws_route_table.rt')
    tf.import_('aws_route_table.rt', rid)
    assert tf.resources()['aws_route_table.rt'] == before
    tf.assert_clean()

    # a target deleted behind Terraform's back: the route stays, blackholed,
    # with the same target, so there is nothing to plan
    env.ec2('DeleteCarrierGateway', CarrierGatewayId=t['cagw'])
    t['gone'] = 'cagw'
    wait_for(lambda: remote_routes(env, rid)['10.60.0.0/16']['State'] == 'blackhole')
    tf.assert_clean()

    tf.destroy()
    assert env.state()['services']['ec2']['route_tables'] == []
    drop_targets(env, t)


SUBNET_TF = '''
resource "aws_vpc" "v6" {
  cidr_block                       = "10.90.0.0/16"
  assign_generated_ipv6_cidr_block = true
}

resource "aws_subnet" "v6only" {
  vpc_id                                         = aws_vpc.v6.id
  availability_zone                              = "us-east-1a"
  ipv6_native                                    = true
  ipv6_cidr_block                                = cidrsubnet(aws_vpc.v6.ipv6_cidr_block, 8, 3)
  assign_ipv6_address_on_creation                = true
  enable_dns64                                   = %s
  enable_resource_name_dns_aaaa_record_on_launch = true
  private_dns_hostname_type_on_launch            = "resource-name"
  tags = {
    Name = "%s"
  }
}
'''


def test_ipv6_only_subnet_lifecycle(netenv):
    env = netenv
    tf = env.terraform('ours', SUBNET_TF % ('true', 'v6only'))
    tf.apply()
    s = tf.resources()['aws_subnet.v6only']
    assert s['ipv6_native'] is True and s['cidr_block'] == ''
    assert s['ipv6_cidr_block'].endswith('::/64')
    assert s['enable_dns64'] is True and s['assign_ipv6_address_on_creation'] is True
    assert s['enable_resource_name_dns_aaaa_record_on_launch'] is True
    assert s['enable_resource_name_dns_a_record_on_launch'] is False
    assert s['private_dns_hostname_type_on_launch'] == 'resource-name'
    got = env.ec2('DescribeSubnets', SubnetIds=[s['id']])['Subnets'][0]
    assert got['Ipv6Native'] is True and 'CidrBlock' not in got
    tf.assert_clean()

    tf.write(SUBNET_TF % ('false', 'renamed'))
    code, out = tf.plan()
    assert code == 2 and 'update in-place' in out and 'must be replaced' not in out, out
    tf.apply()
    s2 = tf.resources()['aws_subnet.v6only']
    assert s2['id'] == s['id'] and s2['enable_dns64'] is False
    assert s2['tags'] == {'Name': 'renamed'}
    assert env.ec2('DescribeSubnets', SubnetIds=[s['id']])['Subnets'][0]['EnableDns64'] is False
    tf.assert_clean()

    tf.state_rm('aws_subnet.v6only')
    tf.import_('aws_subnet.v6only', s['id'])
    assert tf.resources()['aws_subnet.v6only'] == s2
    tf.assert_clean()

    tf.destroy()
    env.assert_empty()


# -- parity with hashicorp/aws --------------------------------------------------------------------

# the IPv6-only subnet again, in the targets' VPC (hashicorp/aws waits 10 s
# after a VPC's IPv6 block is associated; this spares that wait)
PARITY_SUBNET_TF = '''
resource "aws_subnet" "v6only" {
  vpc_id                                         = var.t["vpc"]
  availability_zone                              = "us-east-1c"
  ipv6_native                                    = true
  ipv6_cidr_block                                = cidrsubnet(var.t["vpc_ipv6"], 8, 3)
  assign_ipv6_address_on_creation                = true
  enable_dns64                                   = true
  enable_resource_name_dns_aaaa_record_on_launch = true
  private_dns_hostname_type_on_launch            = "resource-name"
}
'''


def labelled(value, t):
    """The state with every target id replaced by its name in var.t, the
    remaining AWS ids normalised, IPv6 blocks reduced to their last
    hextets, route sets sorted."""
    text = json.dumps(value)
    for k, v in sorted(t.items(), key=lambda kv: -len(kv[1])):
        if k not in ('core', 'vpc_ipv6'):
            text = text.replace(v, '<%s>' % k)
    text = re.sub(r'\b(vpc|subnet)-cidr-assoc-[0-9a-f]{17}\b', r'<\1-cidr-assoc>', text)
    text = re.sub(r'2600:1f18:[0-9a-f]{1,4}:[0-9a-f]{0,2}([0-9a-f]{2})::', r'<v6>:\1::', text)
    value = netkit.normalise(json.loads(text), {})

    def sort_sets(v):
        if isinstance(v, dict):
            return {k: sort_sets(x) for k, x in v.items()}
        if isinstance(v, list):
            items = [sort_sets(x) for x in v]
            return sorted(items, key=json.dumps) if all(isinstance(x, dict) for x in items) \
                else items
        return v
    return sort_sets(value)


def applied(tmp_path, which):
    env = NetEnv(tmp_path / which)
    try:
        t = targets(env)
        tf = env.terraform(which, '')
        write_config(tf, t, ROUTES, PARITY_SUBNET_TF)
        p = tf.run('apply', '-auto-approve', '-input=false', ok=None)
        assert p.returncode == 0, p.stdout[-4000:] + p.stderr[-4000:]
    except BaseException:
        env.close()
        raise
    return env, tf, t


def destroyed(env, tf, t):
    tf.destroy()
    ec2 = env.state()['services']['ec2']
    assert ec2['route_tables'] == []
    assert sorted(ec2['subnets']) == sorted([t['subnet_a'], t['subnet_b']])
    drop_targets(env, t)


def state_values(tf):
    """address -> attributes, read from the state file (what `terraform
    show -json` gives, without starting hashicorp/aws for its schema)."""
    with open(os.path.join(tf.dir, 'terraform.tfstate')) as f:
        state = json.load(f)
    return {'%s.%s' % (r['type'], r['name']): r['instances'][0]['attributes']
            for r in state['resources'] if r['mode'] == 'managed'}


def compare(ref, ref_t, ours, our_t, unset_alike=False):
    want = labelled(state_values(ref), ref_t)
    got = labelled(state_values(ours), our_t)
    if unset_alike:
        for state in (want, got):
            rt = state['aws_route_table.rt']
            rt['route'] = sorted(unset_is_empty(rt['route']), key=json.dumps)
    assert sorted(got) == sorted(want)
    problems = netkit.diff(got, want)
    assert not problems, '\n'.join(problems)
    return got


def test_parity_with_hashicorp(tmp_path):
    """Both providers run side by side (separate emulators), since
    hashicorp/aws spends most of its time in its waiters' delays."""
    netkit.require('hashicorp')
    netkit.require('ours')
    envs = []
    with ThreadPoolExecutor(2) as pool:
        try:
            jobs = [pool.submit(applied, tmp_path, w) for w in ('hashicorp', 'ours')]
            results = []
            for j in jobs:
                try:
                    results.append(j.result())
                    envs.append(results[-1][0])
                except Exception:
                    for k in jobs:
                        if k is not j and k.exception() is None:
                            envs.append(k.result()[0])
                    raise
            (ref_env, ref, ref_t), (our_env, ours, our_t) = results
            got = compare(ref, ref_t, ours, our_t)
            s = got['aws_subnet.v6only']
            assert s['ipv6_native'] is True and s['cidr_block'] == ''
            assert '2001:DB8:1234:0::/48' in {r['ipv6_cidr_block']
                                              for r in got['aws_route_table.rt']['route']}
            ours.assert_clean()

            # three routes retargeted in place, by both
            for tf, t in ((ref, ref_t), (ours, our_t)):
                write_config(tf, t, retargeted(canonical=True), PARITY_SUBNET_TF)
            jobs = [pool.submit(tf.apply) for tf in (ref, ours)]
            for j in jobs:
                j.result()
            compare(ref, ref_t, ours, our_t, unset_alike=True)
            ref_plan = pool.submit(ref.assert_clean)
            ours.assert_clean()
            ref_plan.result()
            # the state hashicorp/aws wrote plans clean with ours
            ref.use('ours')
            ref.assert_clean()
            ref.use('hashicorp')
            jobs = [pool.submit(destroyed, ref_env, ref, ref_t),
                    pool.submit(destroyed, our_env, ours, our_t)]
            for j in jobs:
                j.result()
        finally:
            for e in envs:
                e.close()


def test_labels_cover_every_id():
    """The parity comparison would be vacuous if a target id escaped the
    labelling; this checks the labelling itself."""
    t = {'nat': 'nat-0123456789abcdef0', 'pl': 'pl-0123456789abcdef0', 'core': CORE_NETWORK,
         'vpc_ipv6': '2600:1f18:4b60:6000::/56'}
    got = labelled({'a': [{'x': 'nat-0123456789abcdef0'}, {'x': 'pl-0123456789abcdef0'}],
                    'b': '2600:1f18:4b60:6003::/64', 'c': 'subnet-cidr-assoc-0123456789abcdef0'},
                   t)
    assert got == {'a': [{'x': '<nat>'}, {'x': '<pl>'}], 'b': '<v6>:03::/64',
                   'c': '<subnet-cidr-assoc>'}
    assert not re.search(r'\b(nat|pl)-[0-9a-f]{17}\b', json.dumps(got))

"""EC2: the objects a route can lead to besides internet and VPN gateways,
instances and interfaces.  A mixin of svc_ec2.Service, which calls in at a
few points (reset, snapshot, each request, route targets, route output,
DeleteVpc, tags); everything else about these objects lives here.

  Elastic IPs           AllocateAddress / DescribeAddresses / ReleaseAddress /
                        DisassociateAddress (refused while a NAT gateway holds it)
  NAT gateways          Create / Describe / Delete.  A public one takes an
                        Elastic IP and fails (State `failed`, FailureCode
                        Gateway.NotAttached) when its VPC has no internet
                        gateway, as AWS does; pending -> available,
                        deleting -> deleted.  Its interface lives in the
                        subnet, so the subnet cannot go before it.
  egress-only internet gateways   Create / Describe / Delete (IPv6 only)
  VPC peering connections         Create / Accept / Describe / Delete, one
                        account and one region; pending-acceptance until
                        accepted, `failed` when the two VPCs overlap.
  transit gateways and their VPC attachments: a route to a transit gateway
                        needs an available attachment in the table's VPC.
  VPC endpoints         Gateway (S3, DynamoDB: prefix-list routes in the
                        tables given), Interface (an interface per subnet,
                        one subnet per zone) and GatewayLoadBalancer (one
                        subnet; the only kind a route may target).  The
                        services known are listed in _SERVICES; the load
                        balancer endpoint service is one fixed name, as if
                        another account offered an appliance.
  carrier gateways      Create / Describe / Delete
  local gateways        AWS makes them with an Outpost, never through the
                        API: one fixed local gateway (and its route table) is
                        there after every reset.  A route to it needs the
                        VPC associated with that route table
                        (CreateLocalGatewayRouteTableVpcAssociation).
  core networks         Cloud WAN belongs to the networkmanager API, which
                        the emulator does not serve.  A route accepts any
                        CoreNetworkArn of the shape
                        arn:aws:networkmanager::<account>:core-network/core-network-<hex>
                        and reports it active; nothing else is checked.
  managed prefix lists  Create / Describe / GetEntries / Modify / Delete,
                        with versions; the AWS-managed S3 and DynamoDB lists
                        are always there (owner `AWS`) but a route may only
                        use a customer-managed list.

VPC endpoint states are lower case (`available`), as EC2 sends them,
although the model's enum spells them `Available`.

Routes keep the target they were given; a target that goes away (or is not
usable: peering not active, attachment gone...) makes them `blackhole`.
Endpoints, egress-only and carrier gateways, attachments and local gateway
associations keep DeleteVpc from succeeding (DependencyViolation); an
active or pending peering connection is deleted with either VPC.

State changes that take time on AWS (pending -> available, deleting ->
deleted) happen `gw_delay` seconds after the call, checked at every
request (gw_tick).
"""

import datetime
import ipaddress
import re

import store
from errors import AwsError

# S3 and DynamoDB: the same ids svc_ec2.DescribePrefixLists serves.
_AWS_LISTS = (
    ('pl-63a5400a', 's3', ['3.5.0.0/19', '52.216.0.0/15', '54.231.0.0/16']),
    ('pl-02cd2c6b', 'dynamodb', ['3.218.182.0/24', '52.94.0.0/22']),
)

# service suffix -> endpoint types it offers
_SERVICES = {
    's3': ('Gateway', 'Interface'),
    'dynamodb': ('Gateway', 'Interface'),
    'ec2': ('Interface',),
    'ec2messages': ('Interface',),
    'ssm': ('Interface',),
    'ssmmessages': ('Interface',),
    'logs': ('Interface',),
    'sts': ('Interface',),
    'ecr.api': ('Interface',),
    'ecr.dkr': ('Interface',),
    'secretsmanager': ('Interface',),
    'kms': ('Interface',),
    'elasticloadbalancing': ('Interface',),
    'ecs': ('Interface',),
    # GuardDuty runtime monitoring makes this endpoint itself, tagged
    # GuardDutyManaged=true (tests plant it through the API)
    'guardduty-data': ('Interface',),
}
# the gateway load balancer endpoint service offered to this account
_GWLB_SERVICE_ID = 'vpce-svc-0a1b2c3d4e5f60718'

_LOCAL_GATEWAY = 'lgw-0a1b2c3d4e5f60718'
_LOCAL_GATEWAY_RTB = 'lgw-rtb-0a1b2c3d4e5f60718'
_OUTPOST = 'op-0a1b2c3d4e5f60718'

_CORE_NETWORK_RE = re.compile(
    r'^arn:aws:networkmanager::\d{12}:core-network/core-network-[0-9a-f]{8,17}$')

_DEFAULT_POLICY = ('{"Version":"2008-10-17","Statement":[{"Effect":"Allow","Principal":"*",'
                   '"Action":"*","Resource":"*"}]}')

# AWS accounts that own the interfaces of managed services
_NAT_REQUESTER = '754344448648'
_ENDPOINT_REQUESTER = '727180483921'
_TGW_REQUESTER = '979446425581'


def _tags(d):
    return store.tags_to_list(d['_tags']) or None


def _filters(p):
    return p.get('Filters') or p.get('Filter')


class GatewaysMixin:
    """Route targets for svc_ec2.Service (see the module docstring)."""

    gw_delay = 0.5          # seconds a state change takes

    # -- state -----------------------------------------------------------------------

    def gw_reset(self):
        self.eips = {}
        self.natgws = {}
        self.eigws = {}
        self.pcxs = {}
        self.tgws = {}
        self.tgw_attachments = {}
        self.vpces = {}
        self.cagws = {}
        self.lgw_assocs = {}
        self.pls = {}
        self._eip_counter = 0
        for pid, svc, cidrs in _AWS_LISTS:
            self.pls[pid] = {
                'PrefixListId': pid, 'PrefixListName': 'com.amazonaws.%s.%s' % (self.region, svc),
                'AddressFamily': 'IPv4', 'OwnerId': 'AWS', '_aws': True, '_tags': {},
                'PrefixListArn': store.arn('ec2', self.region, 'aws', 'prefix-list/' + pid),
                'MaxEntries': None, '_versions': {1: [{'Cidr': c} for c in cidrs]},
                'Version': 1, '_state': 'create-complete', '_since': None}
        self.lgws = {_LOCAL_GATEWAY: {
            'LocalGatewayId': _LOCAL_GATEWAY, 'OwnerId': self.account, 'State': 'available',
            'OutpostArn': store.arn('outposts', self.region, self.account,
                                    'outpost/' + _OUTPOST), '_tags': {}}}
        self.lgw_rtbs = {_LOCAL_GATEWAY_RTB: {
            'LocalGatewayRouteTableId': _LOCAL_GATEWAY_RTB, 'LocalGatewayId': _LOCAL_GATEWAY,
            'LocalGatewayRouteTableArn': self._arn('local-gateway-route-table',
                                                   _LOCAL_GATEWAY_RTB),
            'OutpostArn': self.lgws[_LOCAL_GATEWAY]['OutpostArn'], 'OwnerId': self.account,
            'State': 'available', 'Mode': 'direct-vpc-routing', '_tags': {}}}

    def gw_snapshot(self):
        live_pcx = ('initiating-request', 'pending-acceptance', 'active', 'provisioning')
        return {
            'elastic_ips': sorted(self.eips),
            'nat_gateways': sorted(k for k, g in self.natgws.items()
                                   if g['State'] not in ('deleted', 'failed')),
            'egress_only_internet_gateways': sorted(self.eigws),
            'vpc_peering_connections': sorted(k for k, c in self.pcxs.items()
                                              if c['_status'] in live_pcx),
            'transit_gateways': sorted(k for k, g in self.tgws.items()
                                       if g['State'] != 'deleted'),
            'transit_gateway_attachments': sorted(k for k, a in self.tgw_attachments.items()
                                                  if a['State'] != 'deleted'),
            'vpc_endpoints': sorted(k for k, e in self.vpces.items()
                                    if e['State'] != 'deleted'),
            'carrier_gateways': sorted(self.cagws),
            'local_gateway_route_table_vpc_associations': sorted(self.lgw_assocs),
            'managed_prefix_lists': sorted(k for k, x in self.pls.items() if not x['_aws']),
        }

    def gw_implicit(self):
        return {'local_gateways': sorted(self.lgws),
                'aws_managed_prefix_lists': sorted(k for k, x in self.pls.items() if x['_aws'])}

    def _gw_due(self, since):
        return (self.emu.now() - since).total_seconds() >= self.gw_delay

    def gw_tick(self):
        """Moves every object whose state change is due to its next state."""
        for g in self.natgws.values():
            if g['State'] == 'pending' and self._gw_due(g['_since']):
                vpc = g['VpcId']
                if g['ConnectivityType'] == 'public' and not any(
                        i['_vpc'] == vpc for i in self.igws.values()):
                    g.update(State='failed', FailureCode='Gateway.NotAttached',
                             FailureMessage='Network %s has no Internet gateway attached' % vpc)
                    self._nat_release(g)
                else:
                    g['State'] = 'available'
            elif g['State'] == 'deleting' and self._gw_due(g['_since']):
                g['State'] = 'deleted'
                g['DeleteTime'] = self.emu.now()
                self._nat_release(g)
        for c in self.pcxs.values():
            if c['_status'] == 'initiating-request':
                c['_status'] = 'pending-acceptance'
        for t in self.tgws.values():
            if t['State'] in ('pending', 'deleting') and self._gw_due(t['_since']):
                t['State'] = 'available' if t['State'] == 'pending' else 'deleted'
        for a in self.tgw_attachments.values():
            if a['State'] == 'pending' and self._gw_due(a['_since']):
                a['State'] = 'available'
            elif a['State'] == 'deleting' and self._gw_due(a['_since']):
                a['State'] = 'deleted'
                self._drop_enis(a)
        for e in self.vpces.values():
            if e['State'] == 'pending' and self._gw_due(e['_since']):
                e['State'] = 'available'
            elif e['State'] == 'deleting' and self._gw_due(e['_since']):
                e['State'] = 'deleted'
                self._drop_enis(e)
        for cid in [k for k, g in self.cagws.items()
                    if g['State'] == 'deleting' and self._gw_due(g['_since'])]:
            del self.cagws[cid]
        for g in self.cagws.values():
            if g['State'] == 'pending' and self._gw_due(g['_since']):
                g['State'] = 'available'
        for x in self.pls.values():
            if x['_state'].endswith('-in-progress') and self._gw_due(x['_since']):
                x['_state'] = x['_state'].replace('-in-progress', '-complete')
        for aid in [k for k, a in self.pls.items() if a['_state'] == 'delete-complete']:
            del self.pls[aid]

    # -- shared helpers ------------------------------------------------------------------

    def _gw_get(self, coll, rid, code, noun):
        item = getattr(self, coll).get(rid) if isinstance(rid, str) else None
        if item is None or self.emu.hidden(rid):
            raise AwsError(code, "The %s '%s' does not exist" % (noun, rid))
        return item

    def _gw_visible(self, coll):
        return [x for k, x in getattr(self, coll).items() if not self.emu.hidden(k)]

    def _gw_list(self, p, ids_key, coll, code, noun, fields):
        from svc_ec2 import apply_filters
        if p.get(ids_key):
            items = [self._gw_get(coll, i, code, noun) for i in p[ids_key]]
        else:
            items = self._gw_visible(coll)
        items = apply_filters(items, _filters(p), fields)
        return self._page(items, p)

    def _drop_enis(self, obj):
        for eni in obj.get('_enis') or []:
            self.delete_network_interface_internal(eni)
        obj['_enis'] = []

    def _subnet_v4(self, sid):
        s = self._find('subnet', sid)
        if s.get('_net') is None:
            raise AwsError('InvalidSubnet', 'Subnet %s has no IPv4 CIDR block' % sid)
        return s

    def _one_per_zone(self, subnets):
        zones = {}
        for s in subnets:
            if s['AvailabilityZone'] in zones:
                raise AwsError('DuplicateSubnetsInSameZone',
                               'Found another subnet in zone %s: %s and %s'
                               % (s['AvailabilityZone'], zones[s['AvailabilityZone']],
                                  s['SubnetId']))
            zones[s['AvailabilityZone']] = s['SubnetId']

    def gw_any_resource(self, rid):
        """(tag resource type, object) for CreateTags/DeleteTags, or None."""
        for prefix, coll, rtype in (
                ('eipalloc-', 'eips', 'elastic-ip'), ('nat-', 'natgws', 'natgateway'),
                ('eigw-', 'eigws', 'egress-only-internet-gateway'),
                ('pcx-', 'pcxs', 'vpc-peering-connection'),
                ('tgw-attach-', 'tgw_attachments', 'transit-gateway-attachment'),
                ('tgw-', 'tgws', 'transit-gateway'), ('vpce-', 'vpces', 'vpc-endpoint'),
                ('cagw-', 'cagws', 'carrier-gateway'), ('pl-', 'pls', 'prefix-list'),
                ('lgw-vpc-assoc-', 'lgw_assocs', 'local-gateway-route-table-vpc-association'),
                ('lgw-rtb-', 'lgw_rtbs', 'local-gateway-route-table'),
                ('lgw-', 'lgws', 'local-gateway')):
            if rid.startswith(prefix):
                item = getattr(self, coll).get(rid)
                if item is None or self.emu.hidden(rid):
                    raise AwsError('InvalidID', "The ID '%s' is not valid" % rid)
                return rtype, item
        return None

    def gw_vpc_dependencies(self, vpc_id):
        """What keeps DeleteVpc from succeeding, among these objects."""
        return ([e for e in self.vpces.values()
                 if e['VpcId'] == vpc_id and e['State'] != 'deleted']
                + [g for g in self.eigws.values() if g['_vpc'] == vpc_id]
                + [g for g in self.cagws.values() if g['VpcId'] == vpc_id]
                + [a for a in self.tgw_attachments.values()
                   if a['VpcId'] == vpc_id and a['State'] != 'deleted']
                + [a for a in self.lgw_assocs.values() if a['VpcId'] == vpc_id])

    def gw_vpc_deleted(self, vpc_id):
        """A deleted VPC takes its live peering connections with it."""
        for c in self.pcxs.values():
            if vpc_id in (c['_requester'], c['_accepter']) and c['_status'] in (
                    'initiating-request', 'pending-acceptance', 'active', 'provisioning'):
                c['_status'] = 'deleted'
                c['_message'] = 'Deleted'

    # -- Elastic IPs -------------------------------------------------------------------

    def _eip_out(self, e):
        out = {'AllocationId': e['AllocationId'], 'PublicIp': e['PublicIp'], 'Domain': 'vpc',
               'NetworkBorderGroup': self.region, 'PublicIpv4Pool': 'amazon',
               'Tags': _tags(e)}
        if e['_assoc']:
            out.update(e['_assoc'])
        return out

    def op_AllocateAddress(self, p):
        if p.get('Domain', 'vpc') != 'vpc':
            raise AwsError('InvalidParameterValue', 'EC2-Classic addresses do not exist any more')
        for k in ('Address', 'CustomerOwnedIpv4Pool', 'IpamPoolId'):
            if p.get(k):
                raise AwsError('InvalidParameterValue',
                               'The emulator only hands out addresses from the Amazon pool')
        if p.get('PublicIpv4Pool', 'amazon') != 'amazon':
            raise AwsError('InvalidPublicIpv4PoolID.NotFound',
                           "The pool ID '%s' does not exist" % p['PublicIpv4Pool'])
        if len(self.eips) >= 5:
            raise AwsError('AddressLimitExceeded',
                           'The maximum number of addresses has been reached.')
        self._eip_counter += 1
        n = int(store.hex_digits(4), 16)
        ip = '54.%d.%d.%d' % (80 + n % 100, self._eip_counter // 250, 1 + self._eip_counter % 250)
        aid = store.new_id('eipalloc')
        self.eips[aid] = {'AllocationId': aid, 'PublicIp': ip, '_assoc': None,
                          '_tags': self._tags_from_specs(p, 'elastic-ip')}
        self._created(aid)
        return {'AllocationId': aid, 'PublicIp': ip, 'Domain': 'vpc',
                'NetworkBorderGroup': self.region, 'PublicIpv4Pool': 'amazon'}

    def _eip(self, aid):
        return self._gw_get('eips', aid, 'InvalidAllocationID.NotFound', 'allocation ID')

    def op_DescribeAddresses(self, p):
        from svc_ec2 import apply_filters
        items = self._gw_visible('eips')
        if p.get('AllocationIds'):
            items = [self._eip(a) for a in p['AllocationIds']]
        if p.get('PublicIps'):
            by_ip = {e['PublicIp']: e for e in self.eips.values()}
            for ip in p['PublicIps']:
                if ip not in by_ip:
                    raise AwsError('InvalidAddress.NotFound',
                                   "Address '%s' not found." % ip)
            items = [e for e in items if e['PublicIp'] in p['PublicIps']]
        items = apply_filters(items, p.get('Filters'), {
            'allocation-id': lambda e: e['AllocationId'],
            'public-ip': lambda e: e['PublicIp'],
            'domain': lambda e: 'vpc',
            'association-id': lambda e: (e['_assoc'] or {}).get('AssociationId'),
            'network-interface-id': lambda e: (e['_assoc'] or {}).get('NetworkInterfaceId'),
            'private-ip-address': lambda e: (e['_assoc'] or {}).get('PrivateIpAddress'),
            'network-border-group': lambda e: self.region,
            'public-ipv4-pool': lambda e: 'amazon',
        })
        return {'Addresses': [self._eip_out(e) for e in items]}

    def op_ReleaseAddress(self, p):
        if not p.get('AllocationId'):
            raise AwsError('MissingParameter',
                           'The request must contain the parameter AllocationId')
        e = self._eip(p['AllocationId'])
        if e['_assoc']:
            raise AwsError('InvalidIPAddress.InUse',
                           'Address %s is in use.' % e['PublicIp'])
        del self.eips[e['AllocationId']]
        return {}

    def op_DisassociateAddress(self, p):
        """Only by AssociationId (VPC addresses).  The association a NAT
        gateway holds ends with the gateway; until then it is refused."""
        aid = p.get('AssociationId')
        if not aid:
            raise AwsError('MissingParameter',
                           'The request must contain the parameter AssociationId')
        for e in self.eips.values():
            if e['_assoc'] and e['_assoc'].get('AssociationId') == aid:
                for g in self.natgws.values():
                    if g.get('_eip_assoc') == aid and g['State'] in ('pending', 'available',
                                                                     'deleting'):
                        raise AwsError('InvalidIPAddress.InUse',
                                       'Address %s is in use by %s.'
                                       % (e['PublicIp'], g['NatGatewayId']))
                e['_assoc'] = None
                return {}
        raise AwsError('InvalidAssociationID.NotFound',
                       "The association ID '%s' does not exist" % aid)

    # -- NAT gateways --------------------------------------------------------------------

    def _nat(self, gid):
        return self._gw_get('natgws', gid, 'InvalidNatGatewayID.NotFound', 'natGateway ID')

    def _nat_release(self, g):
        if g.get('_eip') and g['_eip'] in self.eips:
            self.eips[g['_eip']]['_assoc'] = None
        self._drop_enis(g)

    def _nat_out(self, g):
        addr = {'PrivateIp': g['_private_ip'], 'IsPrimary': True}
        if g['_eni']:
            addr['NetworkInterfaceId'] = g['_eni']
        if g['_eip']:
            addr['AllocationId'] = g['_eip']
            eip = self.eips.get(g['_eip'])
            if eip is not None:
                addr['PublicIp'] = eip['PublicIp']
            if g['State'] in ('pending', 'available'):
                addr['AssociationId'] = g['_eip_assoc']
        addr['Status'] = {'pending': 'associating', 'available': 'succeeded',
                          'deleting': 'disassociating', 'deleted': 'succeeded',
                          'failed': 'failed'}[g['State']]
        out = {'NatGatewayId': g['NatGatewayId'], 'SubnetId': g['SubnetId'],
               'VpcId': g['VpcId'], 'State': g['State'], 'CreateTime': g['CreateTime'],
               'ConnectivityType': g['ConnectivityType'], 'AvailabilityMode': 'zonal',
               'NatGatewayAddresses': [addr], 'Tags': _tags(g)}
        for k in ('DeleteTime', 'FailureCode', 'FailureMessage'):
            if g.get(k):
                out[k] = g[k]
        return out

    def op_CreateNatGateway(self, p):
        if p.get('AvailabilityMode', 'zonal') != 'zonal':
            raise AwsError('InvalidParameterValue',
                           'The emulator only creates zonal NAT gateways')
        if not p.get('SubnetId'):
            raise AwsError('MissingParameter', 'The request must contain the parameter SubnetId')
        for k in ('SecondaryAllocationIds', 'SecondaryPrivateIpAddresses',
                  'SecondaryPrivateIpAddressCount'):
            if p.get(k):
                raise AwsError('InvalidParameterValue',
                               'The emulator does not give NAT gateways secondary addresses')
        subnet = self._subnet_v4(p['SubnetId'])
        kind = p.get('ConnectivityType', 'public')
        eip = None
        if kind == 'public':
            if not p.get('AllocationId'):
                raise AwsError('MissingParameter',
                               'The request must contain the parameter AllocationId')
            eip = self._eip(p['AllocationId'])
            if eip['_assoc']:
                raise AwsError('Resource.AlreadyAssociated',
                               'Elastic IP address [%s] is already associated'
                               % eip['AllocationId'])
        elif p.get('AllocationId'):
            raise AwsError('InvalidParameterCombination',
                           'A private NAT gateway cannot have an Elastic IP address')
        gid = store.new_id('nat')
        eni_id = self.create_network_interface_internal(
            subnet['SubnetId'], [], 'Interface for NAT Gateway %s' % gid,
            interface_type='nat_gateway', requester_id=_NAT_REQUESTER)
        eni = self.enis[eni_id]
        if p.get('PrivateIpAddress'):
            ip = p['PrivateIpAddress']
            try:
                inside = ipaddress.ip_address(ip) in subnet['_net']
            except ValueError:
                inside = False
            if not inside:
                self.delete_network_interface_internal(eni_id)
                raise AwsError('InvalidParameterValue',
                               'Address %s is not in subnet %s' % (ip, subnet['SubnetId']))
            eni['PrivateIpAddress'] = ip
        g = {'NatGatewayId': gid, 'SubnetId': subnet['SubnetId'], 'VpcId': subnet['VpcId'],
             'State': 'pending', 'CreateTime': self.emu.now().replace(microsecond=0),
             'ConnectivityType': kind, '_eni': eni_id, '_enis': [eni_id],
             '_private_ip': eni['PrivateIpAddress'], '_eip': eip and eip['AllocationId'],
             '_eip_assoc': store.new_id('eipassoc') if eip else None,
             '_since': self.emu.now(), '_tags': self._tags_from_specs(p, 'natgateway')}
        if eip is not None:
            eip['_assoc'] = {'AssociationId': g['_eip_assoc'], 'NetworkInterfaceId': eni_id,
                             'NetworkInterfaceOwnerId': self.account,
                             'PrivateIpAddress': eni['PrivateIpAddress'],
                             'SubnetId': subnet['SubnetId']}
        self.natgws[gid] = g
        self._created(gid)
        return {'NatGateway': self._nat_out(g), 'ClientToken': p.get('ClientToken')}

    def op_DescribeNatGateways(self, p):
        page, nxt = self._gw_list(p, 'NatGatewayIds', 'natgws', 'NatGatewayNotFound',
                                  'NAT gateway', {
                                      'nat-gateway-id': lambda g: g['NatGatewayId'],
                                      'state': lambda g: g['State'],
                                      'subnet-id': lambda g: g['SubnetId'],
                                      'vpc-id': lambda g: g['VpcId'],
                                  })
        return {'NatGateways': [self._nat_out(g) for g in page], 'NextToken': nxt}

    def op_DeleteNatGateway(self, p):
        g = self._gw_get('natgws', p['NatGatewayId'], 'NatGatewayNotFound', 'NAT gateway')
        if g['State'] in ('pending', 'available'):
            g['State'] = 'deleting'
            g['_since'] = self.emu.now()
        return {'NatGatewayId': g['NatGatewayId']}

    # -- egress-only internet gateways ---------------------------------------------------

    def _eigw(self, gid):
        return self._gw_get('eigws', gid, 'InvalidGatewayID.NotFound', 'gateway ID')

    def _eigw_out(self, g):
        return {'EgressOnlyInternetGatewayId': g['EgressOnlyInternetGatewayId'],
                'Attachments': [{'State': 'attached', 'VpcId': g['_vpc']}], 'Tags': _tags(g)}

    def op_CreateEgressOnlyInternetGateway(self, p):
        vpc = self._find('vpc', p['VpcId'])
        gid = store.new_id('eigw')
        self.eigws[gid] = {'EgressOnlyInternetGatewayId': gid, '_vpc': vpc['VpcId'],
                           '_tags': self._tags_from_specs(p, 'egress-only-internet-gateway')}
        self._created(gid)
        return {'EgressOnlyInternetGateway': self._eigw_out(self.eigws[gid]),
                'ClientToken': p.get('ClientToken')}

    def op_DescribeEgressOnlyInternetGateways(self, p):
        page, nxt = self._gw_list(p, 'EgressOnlyInternetGatewayIds', 'eigws',
                                  'InvalidGatewayID.NotFound', 'gateway ID', {})
        return {'EgressOnlyInternetGateways': [self._eigw_out(g) for g in page],
                'NextToken': nxt}

    def op_DeleteEgressOnlyInternetGateway(self, p):
        g = self._eigw(p['EgressOnlyInternetGatewayId'])
        del self.eigws[g['EgressOnlyInternetGatewayId']]
        return {'ReturnCode': True}

    # -- VPC peering connections ---------------------------------------------------------

    def _pcx(self, cid):
        return self._gw_get('pcxs', cid, 'InvalidVpcPeeringConnectionID.NotFound',
                            'vpcPeeringConnection ID')

    def _pcx_side(self, c, vpc_id, active):
        out = {'OwnerId': self.account, 'VpcId': vpc_id, 'Region': self.region}
        vpc = self.vpcs.get(vpc_id)
        if vpc is not None and active:
            out['CidrBlock'] = vpc['CidrBlock']
            out['CidrBlockSet'] = [{'CidrBlock': vpc['CidrBlock']}]
            v6 = [a['Ipv6CidrBlock'] for a in vpc.get('_ipv6', [])]
            if v6:
                out['Ipv6CidrBlockSet'] = [{'Ipv6CidrBlock': b} for b in v6]
            out['PeeringOptions'] = {'AllowDnsResolutionFromRemoteVpc': False,
                                     'AllowEgressFromLocalClassicLinkToRemoteVpc': False,
                                     'AllowEgressFromLocalVpcToRemoteClassicLink': False}
        elif vpc is not None and c['_requester'] == vpc_id:
            out['CidrBlock'] = vpc['CidrBlock']
            out['CidrBlockSet'] = [{'CidrBlock': vpc['CidrBlock']}]
        return out

    def _pcx_out(self, c):
        active = c['_status'] == 'active'
        messages = {'initiating-request': 'Initiating Request to %s' % self.account,
                    'pending-acceptance': 'Pending Acceptance by %s' % self.account,
                    'active': 'Active', 'deleted': 'Deleted'}
        out = {'VpcPeeringConnectionId': c['VpcPeeringConnectionId'],
               'RequesterVpcInfo': self._pcx_side(c, c['_requester'], active),
               'AccepterVpcInfo': self._pcx_side(c, c['_accepter'], active),
               'Status': {'Code': c['_status'],
                          'Message': c.get('_message') or messages.get(c['_status'], '')},
               'Tags': _tags(c)}
        if c['_status'] == 'pending-acceptance':
            out['ExpirationTime'] = c['_expires']
        return out

    def op_CreateVpcPeeringConnection(self, p):
        vpc = self._find('vpc', p['VpcId'])
        if not p.get('PeerVpcId'):
            raise AwsError('MissingParameter', 'The request must contain the parameter PeerVpcId')
        if p.get('PeerOwnerId', self.account) != self.account:
            raise AwsError('InvalidParameterValue',
                           'The emulator peers VPCs of its own account only')
        if p.get('PeerRegion', self.region) != self.region:
            raise AwsError('InvalidParameterValue',
                           'The emulator peers VPCs of its own region only')
        peer = self._find('vpc', p['PeerVpcId'])
        if peer['VpcId'] == vpc['VpcId']:
            raise AwsError('InvalidParameterValue',
                           'A VPC cannot be peered with itself (%s)' % vpc['VpcId'])
        cid = store.new_id('pcx')
        c = {'VpcPeeringConnectionId': cid, '_requester': vpc['VpcId'],
             '_accepter': peer['VpcId'], '_status': 'initiating-request',
             '_expires': self.emu.now().replace(microsecond=0) + datetime.timedelta(days=7),
             '_tags': self._tags_from_specs(p, 'vpc-peering-connection')}
        if vpc['_net'].overlaps(peer['_net']):
            c['_status'] = 'failed'
            c['_message'] = 'Overlapping CIDR range'
        self.pcxs[cid] = c
        self._created(cid)
        return {'VpcPeeringConnection': self._pcx_out(c)}

    def op_AcceptVpcPeeringConnection(self, p):
        c = self._pcx(p['VpcPeeringConnectionId'])
        if c['_status'] != 'pending-acceptance':
            raise AwsError('InvalidStateTransition',
                           'Invalid state transition for pcx %s, attempted to transition from '
                           '%s to active' % (c['VpcPeeringConnectionId'], c['_status']))
        c['_status'] = 'active'
        return {'VpcPeeringConnection': self._pcx_out(c)}

    def op_DeleteVpcPeeringConnection(self, p):
        c = self._pcx(p['VpcPeeringConnectionId'])
        if c['_status'] not in ('initiating-request', 'pending-acceptance', 'active'):
            raise AwsError('InvalidStateTransition',
                           'Invalid state transition for pcx %s, attempted to transition from '
                           '%s to deleted' % (c['VpcPeeringConnectionId'], c['_status']))
        c['_status'] = 'deleted'
        c['_message'] = 'Deleted by %s' % self.account
        return {'Return': True}

    def op_DescribeVpcPeeringConnections(self, p):
        def side(key, which):
            def get(c):
                vpc = self.vpcs.get(c[which])
                if key == 'vpc-id':
                    return c[which]
                if key == 'owner-id':
                    return self.account
                return vpc['CidrBlock'] if vpc else None
            return get
        fields = {
            'vpc-peering-connection-id': lambda c: c['VpcPeeringConnectionId'],
            'status-code': lambda c: c['_status'],
            'status-message': lambda c: self._pcx_out(c)['Status']['Message'],
            'expiration-time': lambda c: c['_expires'].strftime('%Y-%m-%dT%H:%M:%S.000Z'),
        }
        for which, prefix in (('_requester', 'requester-vpc-info'),
                              ('_accepter', 'accepter-vpc-info')):
            for key in ('vpc-id', 'owner-id', 'cidr-block'):
                fields['%s.%s' % (prefix, key)] = side(key, which)
        page, nxt = self._gw_list(p, 'VpcPeeringConnectionIds', 'pcxs',
                                  'InvalidVpcPeeringConnectionID.NotFound',
                                  'vpcPeeringConnection ID', fields)
        return {'VpcPeeringConnections': [self._pcx_out(c) for c in page], 'NextToken': nxt}

    # -- transit gateways ----------------------------------------------------------------

    def _tgw(self, tid):
        t = self._gw_get('tgws', tid, 'InvalidTransitGatewayID.NotFound', 'transitGateway ID')
        if t['State'] == 'deleted':
            raise AwsError('InvalidTransitGatewayID.NotFound',
                           "The transitGateway ID '%s' does not exist" % tid)
        return t

    def _tgw_out(self, t):
        return {'TransitGatewayId': t['TransitGatewayId'],
                'TransitGatewayArn': self._arn('transit-gateway', t['TransitGatewayId']),
                'State': t['State'], 'OwnerId': self.account, 'Description': t['Description'],
                'CreationTime': t['CreationTime'], 'Options': dict(t['Options']),
                'Tags': _tags(t)}

    def op_CreateTransitGateway(self, p):
        req = p.get('Options') or {}
        asn = req.get('AmazonSideAsn', 64512)
        if not (64512 <= asn <= 65534 or 4200000000 <= asn <= 4294967294):
            raise AwsError('InvalidParameterValue',
                           'Value (%s) for parameter amazonSideAsn is invalid.' % asn)
        tid = store.new_id('tgw')
        opts = {'AmazonSideAsn': asn,
                'AutoAcceptSharedAttachments': req.get('AutoAcceptSharedAttachments', 'disable'),
                'DefaultRouteTableAssociation': req.get('DefaultRouteTableAssociation',
                                                        'enable'),
                'DefaultRouteTablePropagation': req.get('DefaultRouteTablePropagation',
                                                        'enable'),
                'DnsSupport': req.get('DnsSupport', 'enable'),
                'VpnEcmpSupport': req.get('VpnEcmpSupport', 'enable'),
                'MulticastSupport': req.get('MulticastSupport', 'disable'),
                'SecurityGroupReferencingSupport': req.get('SecurityGroupReferencingSupport',
                                                           'disable')}
        for c in req.get('TransitGatewayCidrBlocks') or []:
            try:
                ipaddress.ip_network(c)
            except ValueError:
                raise AwsError('InvalidParameterValue', 'Invalid CIDR block %s' % c)
        if req.get('TransitGatewayCidrBlocks'):
            opts['TransitGatewayCidrBlocks'] = list(req['TransitGatewayCidrBlocks'])
        default_rtb = store.new_id('tgw-rtb')
        if opts['DefaultRouteTableAssociation'] == 'enable':
            opts['AssociationDefaultRouteTableId'] = default_rtb
        if opts['DefaultRouteTablePropagation'] == 'enable':
            opts['PropagationDefaultRouteTableId'] = default_rtb
        self.tgws[tid] = {'TransitGatewayId': tid, 'State': 'pending',
                          'Description': p.get('Description', ''),
                          'CreationTime': self.emu.now().replace(microsecond=0),
                          'Options': opts, '_since': self.emu.now(),
                          '_tags': self._tags_from_specs(p, 'transit-gateway')}
        self._created(tid)
        return {'TransitGateway': self._tgw_out(self.tgws[tid])}

    def op_DescribeTransitGateways(self, p):
        page, nxt = self._gw_list(p, 'TransitGatewayIds', 'tgws',
                                  'InvalidTransitGatewayID.NotFound', 'transitGateway ID', {
                                      'transit-gateway-id': lambda t: t['TransitGatewayId'],
                                      'state': lambda t: t['State'],
                                      'owner-id': lambda t: self.account,
                                      'options.amazon-side-asn':
                                          lambda t: t['Options']['AmazonSideAsn'],
                                  })
        return {'TransitGateways': [self._tgw_out(t) for t in page], 'NextToken': nxt}

    def op_DeleteTransitGateway(self, p):
        t = self._tgw(p['TransitGatewayId'])
        if any(a['TransitGatewayId'] == t['TransitGatewayId'] and a['State'] != 'deleted'
               for a in self.tgw_attachments.values()):
            raise AwsError('IncorrectState',
                           '%s has non-deleted Transit Gateway Attachments'
                           % t['TransitGatewayId'])
        if t['State'] != 'available':
            raise AwsError('IncorrectState', 'tgw %s is in invalid state' % t['TransitGatewayId'])
        t['State'] = 'deleting'
        t['_since'] = self.emu.now()
        return {'TransitGateway': self._tgw_out(t)}

    def _tgw_attachment(self, aid):
        a = self._gw_get('tgw_attachments', aid, 'InvalidTransitGatewayAttachmentID.NotFound',
                         'transitGatewayAttachment ID')
        if a['State'] == 'deleted':
            raise AwsError('InvalidTransitGatewayAttachmentID.NotFound',
                           "The transitGatewayAttachment ID '%s' does not exist" % aid)
        return a

    def _tgw_attachment_out(self, a):
        return {'TransitGatewayAttachmentId': a['TransitGatewayAttachmentId'],
                'TransitGatewayId': a['TransitGatewayId'], 'VpcId': a['VpcId'],
                'VpcOwnerId': self.account, 'State': a['State'],
                'SubnetIds': list(a['SubnetIds']), 'CreationTime': a['CreationTime'],
                'Options': dict(a['Options']), 'Tags': _tags(a)}

    def op_CreateTransitGatewayVpcAttachment(self, p):
        t = self._tgw(p['TransitGatewayId'])
        vpc = self._find('vpc', p['VpcId'])
        if t['State'] != 'available':
            raise AwsError('IncorrectState',
                           'tgw %s is in invalid state' % t['TransitGatewayId'])
        if not p['SubnetIds']:
            raise AwsError('MissingParameter', 'The request must contain the parameter SubnetIds')
        # the attachment's interfaces need IPv4 addresses from the emulator
        subnets = [self._subnet_v4(s) for s in p['SubnetIds']]
        for s in subnets:
            if s['VpcId'] != vpc['VpcId']:
                raise AwsError('InvalidParameterValue',
                               'Subnet %s does not belong to %s' % (s['SubnetId'], vpc['VpcId']))
        self._one_per_zone(subnets)
        if any(a['TransitGatewayId'] == t['TransitGatewayId'] and a['VpcId'] == vpc['VpcId']
               and a['State'] != 'deleted' for a in self.tgw_attachments.values()):
            raise AwsError('DuplicateTransitGatewayAttachment',
                           '%s has non-deleted Transit Gateway Attachments with same VPC ID.'
                           % t['TransitGatewayId'])
        req = p.get('Options') or {}
        opts = {'DnsSupport': req.get('DnsSupport', 'enable'),
                'Ipv6Support': req.get('Ipv6Support', 'disable'),
                'ApplianceModeSupport': req.get('ApplianceModeSupport', 'disable'),
                'SecurityGroupReferencingSupport': req.get('SecurityGroupReferencingSupport',
                                                           'disable')}
        aid = store.new_id('tgw-attach')
        enis = [self.create_network_interface_internal(
            s['SubnetId'], [], 'Network Interface for Transit Gateway Attachment %s' % aid,
            interface_type='transit_gateway', requester_id=_TGW_REQUESTER) for s in subnets]
        self.tgw_attachments[aid] = {
            'TransitGatewayAttachmentId': aid, 'TransitGatewayId': t['TransitGatewayId'],
            'VpcId': vpc['VpcId'], 'State': 'pending',
            'SubnetIds': [s['SubnetId'] for s in subnets], 'Options': opts,
            'CreationTime': self.emu.now().replace(microsecond=0), '_since': self.emu.now(),
            '_enis': enis, '_tags': self._tags_from_specs(p, 'transit-gateway-attachment')}
        self._created(aid)
        return {'TransitGatewayVpcAttachment':
                self._tgw_attachment_out(self.tgw_attachments[aid])}

    def op_DescribeTransitGatewayVpcAttachments(self, p):
        page, nxt = self._gw_list(p, 'TransitGatewayAttachmentIds', 'tgw_attachments',
                                  'InvalidTransitGatewayAttachmentID.NotFound',
                                  'transitGatewayAttachment ID', {
                                      'transit-gateway-attachment-id':
                                          lambda a: a['TransitGatewayAttachmentId'],
                                      'transit-gateway-id': lambda a: a['TransitGatewayId'],
                                      'vpc-id': lambda a: a['VpcId'],
                                      'state': lambda a: a['State'],
                                  })
        return {'TransitGatewayVpcAttachments': [self._tgw_attachment_out(a) for a in page],
                'NextToken': nxt}

    def op_DeleteTransitGatewayVpcAttachment(self, p):
        a = self._tgw_attachment(p['TransitGatewayAttachmentId'])
        if a['State'] in ('pending', 'available'):
            a['State'] = 'deleting'
            a['_since'] = self.emu.now()
        return {'TransitGatewayVpcAttachment': self._tgw_attachment_out(a)}

    # -- VPC endpoints --------------------------------------------------------------------

    def _service(self, name):
        """The endpoint types a service name offers, or None."""
        prefix = 'com.amazonaws.%s.' % self.region
        if name == 'com.amazonaws.vpce.%s.%s' % (self.region, _GWLB_SERVICE_ID):
            return ('GatewayLoadBalancer',)
        if name.startswith(prefix):
            return _SERVICES.get(name[len(prefix):])
        return None

    def _vpce(self, eid):
        return self._gw_get('vpces', eid, 'InvalidVpcEndpointId.NotFound', 'Vpc Endpoint Id')

    def _vpce_out(self, e):
        out = {'VpcEndpointId': e['VpcEndpointId'], 'VpcEndpointType': e['VpcEndpointType'],
               'VpcId': e['VpcId'], 'ServiceName': e['ServiceName'], 'State': e['State'],
               'CreationTimestamp': e['CreationTimestamp'], 'OwnerId': self.account,
               'RequesterManaged': False, 'IpAddressType': e['IpAddressType'],
               'RouteTableIds': [r for r in e['_rtbs'] if r in self.rtbs],
               'SubnetIds': list(e['_subnets']), 'NetworkInterfaceIds': list(e['_enis']),
               'Groups': [{'GroupId': g, 'GroupName': self.sgs[g]['GroupName']}
                          for g in e['_groups'] if g in self.sgs],
               'PrivateDnsEnabled': e['PrivateDnsEnabled'], 'DnsEntries': [],
               'Tags': _tags(e)}
        if e['PolicyDocument'] is not None:
            out['PolicyDocument'] = e['PolicyDocument']
        if e['VpcEndpointType'] == 'Interface':
            svc = e['ServiceName'].split('.', 3)[-1]
            host = '%s-%s.%s.%s.vpce.amazonaws.com' % (e['VpcEndpointId'], e['_dns_suffix'],
                                                       svc, self.region)
            out['DnsEntries'] = [{'DnsName': host, 'HostedZoneId': 'Z7HUB22UULQXV'}]
            for s in e['_subnets']:
                zone = self.subnets[s]['AvailabilityZone'] if s in self.subnets else ''
                out['DnsEntries'].append({'DnsName': '%s-%s-%s.%s.%s.vpce.amazonaws.com' % (
                    e['VpcEndpointId'], e['_dns_suffix'], zone, svc, self.region),
                    'HostedZoneId': 'Z7HUB22UULQXV'})
            if e['PrivateDnsEnabled']:
                out['DnsEntries'].append({'DnsName': '%s.%s.amazonaws.com' % (svc, self.region),
                                          'HostedZoneId': 'Z0123456789ABCDEFGHIJ'})
            out['DnsOptions'] = {'DnsRecordIpType': 'ipv4',
                                 'PrivateDnsOnlyForInboundResolverEndpoint': False}
        return out

    def _vpce_route_tables(self, e, ids, add):
        vpc_id = e['VpcId']
        pl = self._gateway_list(e['ServiceName'])
        for rid in ids:
            t = self._find('rtb', rid)
            if t['VpcId'] != vpc_id:
                raise AwsError('InvalidParameter',
                               'Route table %s does not belong to %s' % (rid, vpc_id))
        for rid in ids:
            t = self.rtbs[rid]
            t['_routes'] = [r for r in t['_routes']
                            if not (r.get('DestinationPrefixListId') == pl
                                    and r.get('GatewayId') == e['VpcEndpointId'])]
            if add:
                if any(r.get('DestinationPrefixListId') == pl for r in t['_routes']):
                    raise AwsError('RouteAlreadyExists',
                                   'route table %s already has a route with destination-prefix-'
                                   'list-id %s' % (rid, pl))
                t['_routes'].append({'DestinationPrefixListId': pl,
                                     'GatewayId': e['VpcEndpointId'], 'Origin': 'CreateRoute'})
                if rid not in e['_rtbs']:
                    e['_rtbs'].append(rid)
            elif rid in e['_rtbs']:
                e['_rtbs'].remove(rid)

    def _gateway_list(self, service_name):
        """The AWS-managed prefix list of a gateway endpoint's service."""
        for x in self.pls.values():
            if x['_aws'] and x['PrefixListName'] == service_name:
                return x['PrefixListId']
        return None

    def _vpce_subnets(self, e, ids):
        subnets = [self._subnet_v4(s) for s in ids]
        for s in subnets:
            if s['VpcId'] != e['VpcId']:
                raise AwsError('InvalidParameter',
                               'Subnet %s does not belong to %s' % (s['SubnetId'], e['VpcId']))
        return subnets

    def _vpce_add_subnets(self, e, subnets):
        existing = [self.subnets[s] for s in e['_subnets'] if s in self.subnets]
        self._one_per_zone(existing + [s for s in subnets if s['SubnetId'] not in e['_subnets']])
        kind = ('vpc_endpoint' if e['VpcEndpointType'] == 'Interface'
                else 'gateway_load_balancer_endpoint')
        for s in subnets:
            if s['SubnetId'] in e['_subnets']:
                continue
            eni = self.create_network_interface_internal(
                s['SubnetId'], e['_groups'],
                'VPC Endpoint Interface %s' % e['VpcEndpointId'], interface_type=kind,
                requester_id=_ENDPOINT_REQUESTER)
            e['_subnets'].append(s['SubnetId'])
            e['_enis'].append(eni)
            e['_eni_of'][s['SubnetId']] = eni

    def op_CreateVpcEndpoint(self, p):
        vpc = self._find('vpc', p['VpcId'])
        kind = p.get('VpcEndpointType', 'Gateway')
        if kind not in ('Gateway', 'Interface', 'GatewayLoadBalancer'):
            raise AwsError('InvalidParameterValue',
                           'The emulator does not create %s endpoints' % kind)
        name = p.get('ServiceName')
        if not name:
            raise AwsError('MissingParameter',
                           'The request must contain the parameter ServiceName')
        kinds = self._service(name)
        if kinds is None:
            raise AwsError('InvalidServiceName',
                           "The Vpc Endpoint Service '%s' does not exist" % name)
        if kind not in kinds:
            raise AwsError('InvalidParameter',
                           'The Vpc Endpoint Service \'%s\' does not support endpoint type %s'
                           % (name, kind))
        if kind == 'Gateway' and (p.get('SubnetIds') or p.get('SecurityGroupIds')):
            raise AwsError('InvalidParameter',
                           'Subnets and security groups are not used by Gateway endpoints')
        if kind != 'Gateway' and p.get('RouteTableIds'):
            raise AwsError('InvalidParameter',
                           'Route tables can only be given to Gateway endpoints')
        if kind == 'GatewayLoadBalancer':
            if len(p.get('SubnetIds') or []) != 1:
                raise AwsError('InvalidParameter',
                               'A Gateway Load Balancer endpoint needs exactly one subnet')
            if p.get('SecurityGroupIds') or p.get('PolicyDocument'):
                raise AwsError('InvalidParameter', 'Gateway Load Balancer endpoints take no '
                               'security groups and no policy')
        if p.get('IpAddressType', 'ipv4') != 'ipv4':
            raise AwsError('InvalidParameter', 'The emulator only serves ipv4 endpoints')
        private_dns = False
        if kind == 'Interface':
            private_dns = p.get('PrivateDnsEnabled', True)
            attrs = vpc['_attrs']
            if private_dns and not (attrs['enableDnsSupport'] and attrs['enableDnsHostnames']):
                raise AwsError('InvalidParameter',
                               'Enabling private DNS requires both enableDnsSupport and '
                               'enableDnsHostnames VPC attributes set to true for %s'
                               % vpc['VpcId'])
        groups = list(p.get('SecurityGroupIds') or [])
        for g in groups:
            if self._find('sg', g)['VpcId'] != vpc['VpcId']:
                raise AwsError('InvalidParameter',
                               'Security group %s does not belong to %s' % (g, vpc['VpcId']))
        if kind == 'Interface' and not groups:
            groups = [vpc['_default_sg']]
        eid = store.new_id('vpce')
        e = {'VpcEndpointId': eid, 'VpcEndpointType': kind, 'VpcId': vpc['VpcId'],
             'ServiceName': name, 'State': 'pending',
             'CreationTimestamp': self.emu.now(), 'IpAddressType': 'ipv4',
             'PolicyDocument': (None if kind == 'GatewayLoadBalancer'
                                else p.get('PolicyDocument') or _DEFAULT_POLICY),
             'PrivateDnsEnabled': bool(private_dns), '_groups': groups, '_subnets': [],
             '_enis': [], '_eni_of': {}, '_rtbs': [], '_since': self.emu.now(),
             '_dns_suffix': store.hex_digits(8),
             '_tags': self._tags_from_specs(p, 'vpc-endpoint')}
        if kind == 'Gateway':
            self._vpce_route_tables(e, p.get('RouteTableIds') or [], True)
        else:
            subnets = self._vpce_subnets(e, p.get('SubnetIds') or [])
            self._vpce_add_subnets(e, subnets)
        self.vpces[eid] = e
        self._created(eid)
        return {'VpcEndpoint': self._vpce_out(e), 'ClientToken': p.get('ClientToken')}

    def op_DescribeVpcEndpoints(self, p):
        page, nxt = self._gw_list(p, 'VpcEndpointIds', 'vpces', 'InvalidVpcEndpointId.NotFound',
                                  'Vpc Endpoint Id', {
                                      'service-name': lambda e: e['ServiceName'],
                                      'vpc-id': lambda e: e['VpcId'],
                                      'vpc-endpoint-id': lambda e: e['VpcEndpointId'],
                                      'vpc-endpoint-state': lambda e: e['State'],
                                      'vpc-endpoint-type': lambda e: e['VpcEndpointType'],
                                      'ip-address-type': lambda e: e['IpAddressType'],
                                  })
        return {'VpcEndpoints': [self._vpce_out(e) for e in page], 'NextToken': nxt}

    def op_ModifyVpcEndpoint(self, p):
        e = self._vpce(p['VpcEndpointId'])
        if e['State'] in ('deleting', 'deleted'):
            raise AwsError('IncorrectState', 'Endpoint %s is being deleted' % e['VpcEndpointId'])
        kind = e['VpcEndpointType']
        if (p.get('AddRouteTableIds') or p.get('RemoveRouteTableIds')) and kind != 'Gateway':
            raise AwsError('InvalidParameter',
                           'Route tables can only be given to Gateway endpoints')
        if (p.get('AddSubnetIds') or p.get('RemoveSubnetIds')) and kind == 'Gateway':
            raise AwsError('InvalidParameter', 'Gateway endpoints have no subnets')
        if p.get('AddSecurityGroupIds') or p.get('RemoveSecurityGroupIds'):
            if kind != 'Interface':
                raise AwsError('InvalidParameter',
                               'Only Interface endpoints have security groups')
        if p.get('AddRouteTableIds'):
            self._vpce_route_tables(e, p['AddRouteTableIds'], True)
        if p.get('RemoveRouteTableIds'):
            self._vpce_route_tables(e, p['RemoveRouteTableIds'], False)
        if p.get('RemoveSubnetIds'):
            for sid in p['RemoveSubnetIds']:
                if sid not in e['_subnets']:
                    raise AwsError('InvalidParameter',
                                   'Subnet %s is not used by %s' % (sid, e['VpcEndpointId']))
            if kind == 'GatewayLoadBalancer' and not p.get('AddSubnetIds'):
                raise AwsError('InvalidParameter',
                               'A Gateway Load Balancer endpoint needs exactly one subnet')
            for sid in p['RemoveSubnetIds']:
                e['_subnets'].remove(sid)
                eni = e['_eni_of'].pop(sid)
                e['_enis'].remove(eni)
                self.delete_network_interface_internal(eni)
        if p.get('AddSubnetIds'):
            subnets = self._vpce_subnets(e, p['AddSubnetIds'])
            if kind == 'GatewayLoadBalancer' and len(e['_subnets']) + len(subnets) != 1:
                raise AwsError('InvalidParameter',
                               'A Gateway Load Balancer endpoint needs exactly one subnet')
            self._vpce_add_subnets(e, subnets)
        for g in p.get('AddSecurityGroupIds') or []:
            if self._find('sg', g)['VpcId'] != e['VpcId']:
                raise AwsError('InvalidParameter',
                               'Security group %s does not belong to %s' % (g, e['VpcId']))
            if g not in e['_groups']:
                e['_groups'].append(g)
        for g in p.get('RemoveSecurityGroupIds') or []:
            if g in e['_groups']:
                e['_groups'].remove(g)
        for eni in e['_enis']:
            if eni in self.enis:
                self.enis[eni]['_groups'] = list(e['_groups'])
        if p.get('ResetPolicy'):
            e['PolicyDocument'] = _DEFAULT_POLICY
        elif p.get('PolicyDocument'):
            if kind == 'GatewayLoadBalancer':
                raise AwsError('InvalidParameter',
                               'Gateway Load Balancer endpoints take no policy')
            e['PolicyDocument'] = p['PolicyDocument']
        if 'PrivateDnsEnabled' in p:
            if kind != 'Interface':
                raise AwsError('InvalidParameter', 'Only Interface endpoints have private DNS')
            e['PrivateDnsEnabled'] = bool(p['PrivateDnsEnabled'])
        return {'Return': True}

    def op_DeleteVpcEndpoints(self, p):
        failed = []
        for eid in p['VpcEndpointIds']:
            e = self.vpces.get(eid)
            if e is None or e['State'] == 'deleted' or self.emu.hidden(eid):
                failed.append({'ResourceId': eid, 'Error': {
                    'Code': 'InvalidVpcEndpoint.NotFound',
                    'Message': "The Vpc Endpoint Id '%s' does not exist" % eid}})
                continue
            if e['State'] == 'deleting':
                continue
            if e['VpcEndpointType'] == 'Gateway':
                self._vpce_route_tables(e, [r for r in e['_rtbs'] if r in self.rtbs], False)
            e['State'] = 'deleting'
            e['_since'] = self.emu.now()
        return {'Unsuccessful': failed}

    # -- carrier gateways ----------------------------------------------------------------

    def _cagw(self, gid):
        return self._gw_get('cagws', gid, 'InvalidCarrierGatewayID.NotFound',
                            'carrierGateway ID')

    def _cagw_out(self, g):
        return {'CarrierGatewayId': g['CarrierGatewayId'], 'VpcId': g['VpcId'],
                'State': g['State'], 'OwnerId': self.account, 'Tags': _tags(g)}

    def op_CreateCarrierGateway(self, p):
        vpc = self._find('vpc', p['VpcId'])
        if any(g['VpcId'] == vpc['VpcId'] for g in self.cagws.values()):
            raise AwsError('CarrierGatewayLimitExceeded',
                           'VPC %s already has a carrier gateway' % vpc['VpcId'])
        gid = store.new_id('cagw')
        self.cagws[gid] = {'CarrierGatewayId': gid, 'VpcId': vpc['VpcId'], 'State': 'pending',
                           '_since': self.emu.now(),
                           '_tags': self._tags_from_specs(p, 'carrier-gateway')}
        self._created(gid)
        return {'CarrierGateway': self._cagw_out(self.cagws[gid])}

    def op_DescribeCarrierGateways(self, p):
        page, nxt = self._gw_list(p, 'CarrierGatewayIds', 'cagws',
                                  'InvalidCarrierGatewayID.NotFound', 'carrierGateway ID', {
                                      'carrier-gateway-id': lambda g: g['CarrierGatewayId'],
                                      'state': lambda g: g['State'],
                                      'owner-id': lambda g: self.account,
                                      'vpc-id': lambda g: g['VpcId'],
                                  })
        return {'CarrierGateways': [self._cagw_out(g) for g in page], 'NextToken': nxt}

    def op_DeleteCarrierGateway(self, p):
        g = self._cagw(p['CarrierGatewayId'])
        if g['State'] != 'deleting':
            g['State'] = 'deleting'
            g['_since'] = self.emu.now()
        return {'CarrierGateway': self._cagw_out(g)}

    # -- local gateways (seeded) ----------------------------------------------------------

    def op_DescribeLocalGateways(self, p):
        page, nxt = self._gw_list(p, 'LocalGatewayIds', 'lgws',
                                  'InvalidLocalGatewayID.NotFound', 'localGateway ID', {
                                      'local-gateway-id': lambda g: g['LocalGatewayId'],
                                      'outpost-arn': lambda g: g['OutpostArn'],
                                      'owner-id': lambda g: g['OwnerId'],
                                      'state': lambda g: g['State'],
                                  })
        return {'LocalGateways': [dict({k: v for k, v in g.items() if k != '_tags'},
                                       Tags=_tags(g)) for g in page], 'NextToken': nxt}

    def op_DescribeLocalGatewayRouteTables(self, p):
        page, nxt = self._gw_list(p, 'LocalGatewayRouteTableIds', 'lgw_rtbs',
                                  'InvalidLocalGatewayRouteTableID.NotFound',
                                  'localGatewayRouteTable ID', {
                                      'local-gateway-route-table-id':
                                          lambda t: t['LocalGatewayRouteTableId'],
                                      'local-gateway-id': lambda t: t['LocalGatewayId'],
                                      'outpost-arn': lambda t: t['OutpostArn'],
                                      'state': lambda t: t['State'],
                                  })
        return {'LocalGatewayRouteTables': [
            dict({k: v for k, v in t.items() if k != '_tags'}, Tags=_tags(t)) for t in page],
            'NextToken': nxt}

    def _lgw_assoc_out(self, a):
        t = self.lgw_rtbs[a['LocalGatewayRouteTableId']]
        return {'LocalGatewayRouteTableVpcAssociationId':
                a['LocalGatewayRouteTableVpcAssociationId'],
                'LocalGatewayRouteTableId': t['LocalGatewayRouteTableId'],
                'LocalGatewayRouteTableArn': t['LocalGatewayRouteTableArn'],
                'LocalGatewayId': t['LocalGatewayId'], 'VpcId': a['VpcId'],
                'OwnerId': self.account, 'State': 'associated', 'Tags': _tags(a)}

    def op_CreateLocalGatewayRouteTableVpcAssociation(self, p):
        t = self._gw_get('lgw_rtbs', p['LocalGatewayRouteTableId'],
                         'InvalidLocalGatewayRouteTableID.NotFound', 'localGatewayRouteTable ID')
        vpc = self._find('vpc', p['VpcId'])
        if any(a['VpcId'] == vpc['VpcId'] and
               a['LocalGatewayRouteTableId'] == t['LocalGatewayRouteTableId']
               for a in self.lgw_assocs.values()):
            raise AwsError('LocalGatewayRouteTableVpcAssociationAlreadyExists',
                           'VPC %s is already associated with %s'
                           % (vpc['VpcId'], t['LocalGatewayRouteTableId']))
        aid = store.new_id('lgw-vpc-assoc')
        self.lgw_assocs[aid] = {'LocalGatewayRouteTableVpcAssociationId': aid,
                                'LocalGatewayRouteTableId': t['LocalGatewayRouteTableId'],
                                'VpcId': vpc['VpcId'],
                                '_tags': self._tags_from_specs(
                                    p, 'local-gateway-route-table-vpc-association')}
        self._created(aid)
        return {'LocalGatewayRouteTableVpcAssociation': self._lgw_assoc_out(self.lgw_assocs[aid])}

    def op_DescribeLocalGatewayRouteTableVpcAssociations(self, p):
        page, nxt = self._gw_list(p, 'LocalGatewayRouteTableVpcAssociationIds', 'lgw_assocs',
                                  'InvalidLocalGatewayRouteTableVpcAssociationID.NotFound',
                                  'localGatewayRouteTableVpcAssociation ID', {
                                      'local-gateway-route-table-vpc-association-id':
                                          lambda a: a['LocalGatewayRouteTableVpcAssociationId'],
                                      'local-gateway-route-table-id':
                                          lambda a: a['LocalGatewayRouteTableId'],
                                      'vpc-id': lambda a: a['VpcId'],
                                      'state': lambda a: 'associated',
                                  })
        return {'LocalGatewayRouteTableVpcAssociations': [self._lgw_assoc_out(a) for a in page],
                'NextToken': nxt}

    def op_DeleteLocalGatewayRouteTableVpcAssociation(self, p):
        a = self._gw_get('lgw_assocs', p['LocalGatewayRouteTableVpcAssociationId'],
                         'InvalidLocalGatewayRouteTableVpcAssociationID.NotFound',
                         'localGatewayRouteTableVpcAssociation ID')
        out = dict(self._lgw_assoc_out(a), State='disassociated')
        del self.lgw_assocs[a['LocalGatewayRouteTableVpcAssociationId']]
        return {'LocalGatewayRouteTableVpcAssociation': out}

    # -- managed prefix lists -------------------------------------------------------------

    def _pl(self, pid):
        x = self._gw_get('pls', pid, 'InvalidPrefixListID.NotFound', 'prefix list ID')
        if x['_state'].startswith('delete'):
            raise AwsError('InvalidPrefixListID.NotFound',
                           "The prefix list ID '%s' does not exist" % pid)
        return x

    def _pl_out(self, x):
        out = {'PrefixListId': x['PrefixListId'], 'PrefixListName': x['PrefixListName'],
               'AddressFamily': x['AddressFamily'], 'State': x['_state'],
               'PrefixListArn': x['PrefixListArn'], 'OwnerId': x['OwnerId'],
               'Version': x['Version'], 'Tags': _tags(x)}
        if x['MaxEntries'] is not None:
            out['MaxEntries'] = x['MaxEntries']
            out['IpamPrefixListResolverSyncEnabled'] = False
        return out

    def _pl_entries(self, family, entries):
        out = []
        for ent in entries or []:
            try:
                net = ipaddress.ip_network(ent['Cidr'], strict=True)
            except ValueError:
                raise AwsError('InvalidParameterValue',
                               'The CIDR %s is not valid' % ent['Cidr'])
            if (net.version == 6) != (family == 'IPv6'):
                raise AwsError('InvalidParameterValue',
                               'The CIDR %s does not belong to address family %s'
                               % (ent['Cidr'], family))
            if any(o['Cidr'] == str(net) for o in out):
                raise AwsError('InvalidRequest', 'Duplicate CIDR %s' % net)
            e = {'Cidr': str(net)}
            if ent.get('Description'):
                e['Description'] = ent['Description']
            out.append(e)
        return out

    def op_CreateManagedPrefixList(self, p):
        family = p['AddressFamily']
        if family not in ('IPv4', 'IPv6'):
            raise AwsError('InvalidParameterValue',
                           'Value (%s) for parameter AddressFamily is invalid.' % family)
        name = p['PrefixListName']
        if not name or len(name) > 255 or name.lower().startswith('com.amazonaws'):
            raise AwsError('InvalidParameterValue',
                           'Value (%s) for parameter PrefixListName is invalid.' % name)
        if not 1 <= p['MaxEntries'] <= 1000:
            raise AwsError('InvalidParameterValue',
                           'Value (%s) for parameter MaxEntries is invalid.' % p['MaxEntries'])
        entries = self._pl_entries(family, p.get('Entries'))
        if len(entries) > p['MaxEntries']:
            raise AwsError('InvalidParameterValue',
                           'The number of entries exceeds MaxEntries (%d)' % p['MaxEntries'])
        pid = store.new_id('pl')
        self.pls[pid] = {'PrefixListId': pid, 'PrefixListName': name, 'AddressFamily': family,
                         'OwnerId': self.account, '_aws': False,
                         'PrefixListArn': self._arn('prefix-list', pid),
                         'MaxEntries': p['MaxEntries'], '_versions': {1: entries},
                         'Version': 1, '_state': 'create-in-progress', '_since': self.emu.now(),
                         '_tags': self._tags_from_specs(p, 'prefix-list')}
        self._created(pid)
        return {'PrefixList': self._pl_out(self.pls[pid])}

    def op_DescribeManagedPrefixLists(self, p):
        page, nxt = self._gw_list(p, 'PrefixListIds', 'pls', 'InvalidPrefixListID.NotFound',
                                  'prefix list ID', {
                                      'prefix-list-id': lambda x: x['PrefixListId'],
                                      'prefix-list-name': lambda x: x['PrefixListName'],
                                      'owner-id': lambda x: x['OwnerId'],
                                  })
        return {'PrefixLists': [self._pl_out(x) for x in page], 'NextToken': nxt}

    def op_GetManagedPrefixListEntries(self, p):
        x = self._pl(p['PrefixListId'])
        version = p.get('TargetVersion') or x['Version']
        if version not in x['_versions']:
            raise AwsError('InvalidParameterValue',
                           'Version %s of prefix list %s does not exist'
                           % (version, x['PrefixListId']))
        entries = sorted(x['_versions'][version], key=lambda e: e['Cidr'])
        page, nxt = self._page([dict(e) for e in entries], p)
        return {'Entries': page, 'NextToken': nxt}

    def op_ModifyManagedPrefixList(self, p):
        x = self._pl(p['PrefixListId'])
        if x['_aws']:
            raise AwsError('InvalidParameterValue',
                           'AWS-managed prefix lists cannot be modified')
        if x['_state'].endswith('-in-progress'):
            raise AwsError('IncorrectState',
                           'The prefix list %s is in state %s' % (x['PrefixListId'],
                                                                  x['_state']))
        if p.get('CurrentVersion') is not None and p['CurrentVersion'] != x['Version']:
            raise AwsError('PrefixListVersionMismatch',
                           'The prefix list %s has version %d, not %d'
                           % (x['PrefixListId'], x['Version'], p['CurrentVersion']))
        changes_entries = p.get('AddEntries') or p.get('RemoveEntries')
        if changes_entries and p.get('CurrentVersion') is None:
            raise AwsError('MissingParameter',
                           'The request must contain the parameter CurrentVersion')
        if p.get('PrefixListName'):
            x['PrefixListName'] = p['PrefixListName']
        if p.get('MaxEntries') is not None:
            if p['MaxEntries'] < len(x['_versions'][x['Version']]):
                raise AwsError('InvalidParameterValue',
                               'MaxEntries is smaller than the number of entries')
            x['MaxEntries'] = p['MaxEntries']
        if changes_entries:
            current = {e['Cidr']: e for e in x['_versions'][x['Version']]}
            for e in self._pl_entries(x['AddressFamily'], p.get('AddEntries')):
                current[e['Cidr']] = e
            for r in p.get('RemoveEntries') or []:
                cidr = str(ipaddress.ip_network(r['Cidr'], strict=False))
                if cidr not in current:
                    raise AwsError('InvalidRequest',
                                   'The CIDR %s is not in prefix list %s'
                                   % (r['Cidr'], x['PrefixListId']))
                del current[cidr]
            if len(current) > x['MaxEntries']:
                raise AwsError('PrefixListMaxEntriesExceeded',
                               'The prefix list %s can hold %d entries'
                               % (x['PrefixListId'], x['MaxEntries']))
            x['Version'] += 1
            x['_versions'][x['Version']] = list(current.values())
        x['_state'] = 'modify-in-progress'
        x['_since'] = self.emu.now()
        return {'PrefixList': self._pl_out(x)}

    def op_DeleteManagedPrefixList(self, p):
        x = self._pl(p['PrefixListId'])
        if x['_aws']:
            raise AwsError('InvalidParameterValue',
                           'AWS-managed prefix lists cannot be deleted')
        users = [t['RouteTableId'] for t in self.rtbs.values()
                 if any(r.get('DestinationPrefixListId') == x['PrefixListId']
                        for r in t['_routes'])]
        users += [r['group'] for r in self.rules.values()
                  if r['kind'] == 'pl' and r['source'] == x['PrefixListId']]
        if users:
            raise AwsError('InvalidPrefixListModification',
                           'The prefix list %s is referenced by %s'
                           % (x['PrefixListId'], ', '.join(sorted(set(users)))))
        x['_state'] = 'delete-in-progress'
        x['_since'] = self.emu.now()
        return {'PrefixList': self._pl_out(x)}

    # -- routes ---------------------------------------------------------------------------

    def _same_network(self, t, vpc_id, target):
        if vpc_id != t['VpcId']:
            raise AwsError('InvalidParameterValue',
                           'route table %s and network gateway %s belong to different '
                           'networks' % (t['RouteTableId'], target))

    def gw_route_destination(self, p):
        """Checks a route's prefix list destination (any target); returns
        the list, or None for a CIDR destination."""
        pl_id = p.get('DestinationPrefixListId')
        if not pl_id:
            return None
        pl = self._pl(pl_id)
        if pl['_aws']:
            raise AwsError('InvalidParameterValue',
                           'AWS-managed prefix list %s cannot be used as a route '
                           'destination' % pl_id)
        if pl['_state'] == 'create-in-progress':
            raise AwsError('IncorrectState',
                           'The prefix list %s is in state %s' % (pl_id, pl['_state']))
        return pl

    def gw_route_target(self, t, p, key, val):
        """Checks a CreateRoute/ReplaceRoute target served by this module;
        returns the (key, value) stored in the route."""
        v6 = bool(p.get('DestinationIpv6CidrBlock'))
        if p.get('DestinationPrefixListId'):
            v6 = self.gw_route_destination(p)['AddressFamily'] == 'IPv6'
        if key == 'NatGatewayId':
            g = self._nat(val)
            if g['State'] in ('deleting', 'deleted', 'failed'):
                raise AwsError('InvalidNatGatewayID.NotFound',
                               "The natGateway ID '%s' does not exist" % val)
            self._same_network(t, g['VpcId'], val)
        elif key == 'EgressOnlyInternetGatewayId':
            g = self._eigw(val)
            self._same_network(t, g['_vpc'], val)
            if not v6:
                raise AwsError('InvalidParameterValue',
                               'An egress-only internet gateway only takes IPv6 routes')
        elif key == 'VpcPeeringConnectionId':
            c = self._pcx(val)
            if c['_status'] not in ('pending-acceptance', 'active', 'initiating-request'):
                raise AwsError('InvalidVpcPeeringConnectionID.NotFound',
                               "The vpcPeeringConnection ID '%s' does not exist" % val)
            if t['VpcId'] not in (c['_requester'], c['_accepter']):
                raise AwsError('InvalidParameterValue',
                               'route table %s and peering connection %s belong to different '
                               'networks' % (t['RouteTableId'], val))
        elif key == 'TransitGatewayId':
            self._tgw(val)
            if not any(a['TransitGatewayId'] == val and a['VpcId'] == t['VpcId']
                       and a['State'] == 'available' for a in self.tgw_attachments.values()):
                raise AwsError('InvalidTransitGatewayID.NotFound',
                               "The transitGateway ID '%s' does not exist" % val)
        elif key == 'VpcEndpointId' or (key == 'GatewayId' and val.startswith('vpce-')):
            e = self._vpce(val)
            if e['State'] in ('deleting', 'deleted'):
                raise AwsError('InvalidVpcEndpointId.NotFound',
                               "The Vpc Endpoint Id '%s' does not exist" % val)
            if e['VpcEndpointType'] != 'GatewayLoadBalancer':
                raise AwsError('InvalidParameterValue',
                               'Route target %s is not a Gateway Load Balancer endpoint' % val)
            self._same_network(t, e['VpcId'], val)
            key = 'VpcEndpointId'
        elif key == 'CarrierGatewayId':
            g = self._cagw(val)
            if g['State'] == 'deleting':
                raise AwsError('InvalidCarrierGatewayID.NotFound',
                               "The carrierGateway ID '%s' does not exist" % val)
            self._same_network(t, g['VpcId'], val)
            if v6:
                raise AwsError('InvalidParameterValue',
                               'A carrier gateway only takes IPv4 routes')
        elif key == 'LocalGatewayId':
            g = self._gw_get('lgws', val, 'InvalidLocalGatewayID.NotFound', 'localGateway ID')
            rtbs = {r for r, x in self.lgw_rtbs.items() if x['LocalGatewayId'] == val}
            if not any(a['VpcId'] == t['VpcId'] and a['LocalGatewayRouteTableId'] in rtbs
                       for a in self.lgw_assocs.values()):
                raise AwsError('InvalidParameterValue',
                               'The local gateway %s is not associated with %s'
                               % (g['LocalGatewayId'], t['VpcId']))
        elif key == 'CoreNetworkArn':
            if not _CORE_NETWORK_RE.match(val):
                raise AwsError('InvalidParameterValue',
                               'Value (%s) for parameter coreNetworkArn is invalid.' % val)
        else:
            raise AwsError('InvalidParameterValue',
                           'The emulator does not serve %s route targets' % key)
        return key, val

    def gw_route_out(self, vpc_id, r, out):
        """Fills a route's DescribeRouteTables item: State, and the field
        EC2 shows the target in (a load balancer endpoint is a GatewayId)."""
        if 'VpcEndpointId' in out:
            out['GatewayId'] = out.pop('VpcEndpointId')
        usable = True
        if r.get('InstanceId') and r['InstanceId'] in self.instances:
            out.setdefault('NetworkInterfaceId', self.instances[r['InstanceId']]['_eni'])
            out['InstanceOwnerId'] = self.account
        elif r.get('NetworkInterfaceId') and (self.enis.get(r['NetworkInterfaceId']) or {}).get(
                '_instance'):
            out['InstanceId'] = self.enis[r['NetworkInterfaceId']]['_instance']
            out['InstanceOwnerId'] = self.account
        if r.get('NatGatewayId'):
            g = self.natgws.get(r['NatGatewayId'])
            usable = g is not None and g['State'] in ('pending', 'available')
        elif r.get('EgressOnlyInternetGatewayId'):
            usable = r['EgressOnlyInternetGatewayId'] in self.eigws
        elif r.get('VpcPeeringConnectionId'):
            c = self.pcxs.get(r['VpcPeeringConnectionId'])
            usable = c is not None and c['_status'] == 'active'
        elif r.get('TransitGatewayId'):
            tid = r['TransitGatewayId']
            usable = any(a['TransitGatewayId'] == tid and a['VpcId'] == vpc_id
                         and a['State'] == 'available' for a in self.tgw_attachments.values())
        elif r.get('VpcEndpointId') or (r.get('GatewayId') or '').startswith('vpce-'):
            e = self.vpces.get(r.get('VpcEndpointId') or r['GatewayId'])
            usable = e is not None and e['State'] in ('pending', 'available')
        elif r.get('CarrierGatewayId'):
            g = self.cagws.get(r['CarrierGatewayId'])
            usable = g is not None and g['State'] != 'deleting'
        elif r.get('LocalGatewayId'):
            usable = any(a['VpcId'] == vpc_id for a in self.lgw_assocs.values())
        elif r.get('GatewayId', '').startswith('vgw-'):
            g = self.vgws.get(r['GatewayId'])
            usable = g is not None and g['_vpc'] == vpc_id
        elif r.get('InstanceId'):
            i = self.instances.get(r['InstanceId'])
            usable = i is not None and i['_state'] in ('pending', 'running')
        elif r.get('NetworkInterfaceId'):
            usable = r['NetworkInterfaceId'] in self.enis
        else:
            return out
        out['State'] = 'active' if usable else 'blackhole'
        return out

    def gw_rtb_fields(self):
        def routes(key):
            return lambda t: [r.get(key) for r in t['_routes']]
        return {
            'route.destination-ipv6-cidr-block': routes('DestinationIpv6CidrBlock'),
            'route.destination-prefix-list-id': routes('DestinationPrefixListId'),
            'route.egress-only-internet-gateway-id': routes('EgressOnlyInternetGatewayId'),
            'route.nat-gateway-id': routes('NatGatewayId'),
            'route.transit-gateway-id': routes('TransitGatewayId'),
            'route.vpc-peering-connection-id': routes('VpcPeeringConnectionId'),
            'route.instance-id': routes('InstanceId'),
        }

"""EC2: the VPC's extras.  A mixin of svc_ec2.Service, which calls in at a
few points (reset, snapshot, each request, tags, VPC output and filters,
CreateSubnet's range check, AssociateVpcCidrBlock for IPv4 blocks).

  DHCP options sets     Create / Describe / Delete / AssociateDhcpOptions.
                        The account's default set (domain-name
                        <region>.compute.internal or ec2.internal,
                        AmazonProvidedDNS) is there after every reset and is
                        what a new VPC uses; `default` as an id means "no
                        options".  A set used by a VPC cannot be deleted
                        (DependencyViolation).
  secondary IPv4 blocks AssociateVpcCidrBlock with CidrBlock (or an IPAM pool
                        and netmask length) / DisassociateVpcCidrBlock:
                        associating -> associated, disassociating -> gone, at
                        most 5 blocks, no overlap, /16../28; a block still
                        holding a subnet cannot go (InvalidCidrBlock.InUse),
                        nor can the primary block.
  customer gateways     Create / Describe / Delete: pending -> available,
                        deleting -> deleted (then gone).
  flow logs             Create (ClientToken: a repeat returns the first
                        result) / Describe / Delete.  CloudWatch Logs
                        delivery needs DeliverLogsPermissionArn; an S3
                        destination must be a bucket ARN.  A resource id that
                        does not exist is reported in Unsuccessful, as AWS
                        does, not as an error.

State changes take `gw_delay` seconds (the gateways mixin's), checked at
every request (vx_tick).
"""

import ipaddress
import re

import store
from errors import AwsError

_DHCP_KEYS = ('domain-name', 'domain-name-servers', 'ntp-servers', 'netbios-name-servers',
              'netbios-node-type', 'ipv6-address-preferred-lease-time')

_DEFAULT_LOG_FORMAT = ('${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} '
                       '${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} '
                       '${end} ${action} ${log-status}')

_FLOW_RESOURCE_PREFIX = {'VPC': 'vpc-', 'Subnet': 'subnet-', 'NetworkInterface': 'eni-',
                         'TransitGateway': 'tgw-', 'TransitGatewayAttachment': 'tgw-attach-'}

_S3_ARN_RE = re.compile(r'^arn:aws[a-z-]*:s3:::[a-z0-9.-]{3,63}(/.*)?$')
_LOGS_ARN_RE = re.compile(r'^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:([^:*]+)(:\*)?$')
_ROLE_ARN_RE = re.compile(r'^arn:aws[a-z-]*:iam::\d{12}:role/.+$')


def _tags(d):
    return store.tags_to_list(d['_tags']) or None


class VpcExtrasMixin:
    """DHCP options, secondary IPv4 blocks, customer gateways and flow logs
    for svc_ec2.Service (see the module docstring)."""

    # -- state -----------------------------------------------------------------------

    def vx_reset(self):
        self.cgws = {}
        self.flow_logs = {}
        self.fl_tokens = {}
        self.v4_assocs = {}
        domain = 'ec2.internal' if self.region == 'us-east-1' else (
            '%s.compute.internal' % self.region)
        self.dopts[self.default_dopt]['_config'] = {
            'domain-name': [domain], 'domain-name-servers': ['AmazonProvidedDNS']}

    def vx_snapshot(self):
        return {
            'dhcp_options': sorted(k for k in self.dopts if k != self.default_dopt),
            'customer_gateways': sorted(k for k, g in self.cgws.items()
                                        if g['State'] != 'deleted'),
            'flow_logs': sorted(self.flow_logs),
            'vpc_ipv4_cidr_block_associations': sorted(self.v4_assocs),
        }

    def vx_implicit(self):
        return {'default_dhcp_options': [self.default_dopt]}

    def vx_tick(self):
        for g in self.cgws.values():
            if g['State'] == 'pending' and self._gw_due(g['_since']):
                g['State'] = 'available'
            elif g['State'] == 'deleting' and self._gw_due(g['_since']):
                g['State'] = 'deleted'
        for aid, a in list(self.v4_assocs.items()):
            if a['State'] == 'associating' and self._gw_due(a['_since']):
                a['State'] = 'associated'
            elif a['State'] == 'disassociating' and self._gw_due(a['_since']):
                del self.v4_assocs[aid]
        for g in self.vgws.values():
            if g.get('State') == 'pending' and self._gw_due(g['_since']):
                g['State'] = 'available'
            att = g.get('_att')
            if att and att['State'] == 'attaching' and self._gw_due(att['_since']):
                att['State'] = 'attached'
            elif att and att['State'] == 'detaching' and self._gw_due(att['_since']):
                att['State'] = 'detached'
                g['_vpc'] = None

    def vx_any_resource(self, rid):
        """(tag resource type, object) for CreateTags/DeleteTags, or None."""
        for prefix, coll, rtype in (('cgw-', 'cgws', 'customer-gateway'),
                                    ('fl-', 'flow_logs', 'vpc-flow-log')):
            if rid.startswith(prefix):
                item = getattr(self, coll).get(rid)
                if item is None or self.emu.hidden(rid) or item.get('State') == 'deleted':
                    raise AwsError('InvalidID', "The ID '%s' is not valid" % rid)
                return rtype, item
        return None

    # -- DHCP options ------------------------------------------------------------------

    def _dopt_out(self, d):
        config = d.get('_config', {})
        return {'DhcpOptionsId': d['DhcpOptionsId'], 'OwnerId': self.account,
                'DhcpConfigurations': [{'Key': k, 'Values': [{'Value': v} for v in config[k]]}
                                       for k in sorted(config)],
                'Tags': _tags(d)}

    def op_CreateDhcpOptions(self, p):
        config = {}
        for c in p['DhcpConfigurations']:
            key = c.get('Key')
            values = [v for v in c.get('Values') or []]
            if key not in _DHCP_KEYS:
                raise AwsError('InvalidParameterValue',
                               'Value (%s) for parameter key is invalid. Unknown DHCP option'
                               % key)
            if not values:
                raise AwsError('InvalidParameterValue',
                               'Value for parameter %s must not be empty' % key)
            if key in config:
                raise AwsError('InvalidParameterValue',
                               'Duplicate DHCP option %s' % key)
            if key in ('domain-name-servers', 'ntp-servers', 'netbios-name-servers') and \
                    len(values) > 4:
                raise AwsError('InvalidParameterValue',
                               'A maximum of 4 values is allowed for %s' % key)
            if key == 'netbios-node-type' and values != [] and (
                    len(values) != 1 or values[0] not in ('1', '2', '4', '8')):
                raise AwsError('InvalidParameterValue',
                               'Value (%s) for parameter netbios-node-type is invalid. '
                               'Valid values are 1, 2, 4 and 8.' % ','.join(values))
            if key == 'ipv6-address-preferred-lease-time':
                if len(values) != 1 or not values[0].isdigit() or not (
                        140 <= int(values[0]) <= 2147483647):
                    raise AwsError('InvalidParameterValue',
                                   'Value (%s) for parameter '
                                   'ipv6-address-preferred-lease-time is invalid.'
                                   % ','.join(values))
            if key == 'domain-name-servers':
                for v in values:
                    if v != 'AmazonProvidedDNS':
                        try:
                            ipaddress.ip_address(v)
                        except ValueError:
                            raise AwsError('InvalidParameterValue',
                                           'Value (%s) for parameter domain-name-servers is '
                                           'invalid.' % v)
            config[key] = values
        did = store.new_id('dopt')
        self.dopts[did] = {'DhcpOptionsId': did, '_config': config,
                           '_tags': self._tags_from_specs(p, 'dhcp-options')}
        self._created(did)
        return {'DhcpOptions': self._dopt_out(self.dopts[did])}

    def op_DescribeDhcpOptions(self, p):
        from svc_ec2 import apply_filters
        items = (self._find_many('dopt', p['DhcpOptionsIds']) if p.get('DhcpOptionsIds')
                 else self._visible('dopts'))
        items = apply_filters(items, p.get('Filters'), {
            'dhcp-options-id': lambda d: d['DhcpOptionsId'],
            'key': lambda d: sorted(d.get('_config', {})),
            'value': lambda d: [v for vs in d.get('_config', {}).values() for v in vs],
            'owner-id': lambda d: self.account,
        })
        page, nxt = self._page(items, p)
        return {'DhcpOptions': [self._dopt_out(d) for d in page], 'NextToken': nxt}

    def op_DeleteDhcpOptions(self, p):
        d = self._find('dopt', p['DhcpOptionsId'])
        users = sorted(v['VpcId'] for v in self.vpcs.values()
                       if self.vx_dopt_of(v) == d['DhcpOptionsId'])
        if users:
            raise AwsError('DependencyViolation',
                           "The dhcpOptions '%s' has dependencies and cannot be deleted."
                           % d['DhcpOptionsId'])
        del self.dopts[d['DhcpOptionsId']]
        return {}

    def op_AssociateDhcpOptions(self, p):
        vpc = self._find('vpc', p['VpcId'])
        did = p['DhcpOptionsId']
        if did != 'default':
            self._find('dopt', did)
        vpc['_dopt'] = did
        return {}

    def vx_dopt_of(self, vpc):
        return vpc.get('_dopt', self.default_dopt)

    # -- secondary IPv4 blocks ---------------------------------------------------------

    def vx_vpc_nets(self, vpc):
        """The IPv4 networks of a VPC a subnet may be carved from."""
        return [vpc['_net']] + [a['_net'] for a in self.v4_assocs.values()
                                if a['VpcId'] == vpc['VpcId'] and a['State'] == 'associated']

    def vx_cidr_associations(self, vpc):
        return [{'AssociationId': a['AssociationId'], 'CidrBlock': a['CidrBlock'],
                 'CidrBlockState': {'State': a['State']}}
                for a in self.v4_assocs.values() if a['VpcId'] == vpc['VpcId']]

    def vx_associate_ipv4(self, vpc, p):
        if p.get('Ipv4IpamPoolId'):
            pool = self._ipam_pool(p['Ipv4IpamPoolId'], 'ipv4')
            net = self._ipam_pick(pool, p.get('CidrBlock'), p.get('Ipv4NetmaskLength'))
        else:
            pool = None
            try:
                net = ipaddress.ip_network(p['CidrBlock'], strict=True)
            except ValueError:
                raise AwsError('InvalidParameterValue',
                               "Value (%s) for parameter cidrBlock is invalid. This is not a "
                               "valid CIDR block." % p['CidrBlock'])
            if net.version != 4:
                raise AwsError('InvalidParameterValue',
                               "Value (%s) for parameter cidrBlock is invalid." % p['CidrBlock'])
        if not 16 <= net.prefixlen <= 28:
            raise AwsError('InvalidVpc.Range', "The CIDR '%s' is invalid." % net)
        mine = [a for a in self.v4_assocs.values() if a['VpcId'] == vpc['VpcId']]
        if len(mine) + 1 >= 5:
            raise AwsError('CidrLimitExceeded',
                           "This network '%s' has met its maximum number of allowed CIDRs: 5"
                           % vpc['VpcId'])
        for other in [vpc['_net']] + [a['_net'] for a in mine]:
            if other.overlaps(net):
                raise AwsError('InvalidVpc.Range',
                               "The CIDR '%s' conflicts with another subnet" % net)
        aid = store.new_id('vpc-cidr-assoc')
        self.v4_assocs[aid] = {'AssociationId': aid, 'VpcId': vpc['VpcId'],
                               'CidrBlock': str(net), '_net': net, 'State': 'associating',
                               '_since': self.emu.now()}
        if pool is not None:
            self._ipam_allocate(pool, net, vpc['VpcId'])
        return {'VpcId': vpc['VpcId'], 'CidrBlockAssociation': {
            'AssociationId': aid, 'CidrBlock': str(net),
            'CidrBlockState': {'State': 'associating'}}}

    def vx_disassociate_ipv4(self, aid):
        """The answer for an IPv4 association id, or None when it is not one."""
        for vpc in self.vpcs.values():
            if vpc['_cidr_assoc'] == aid:
                raise AwsError('OperationNotPermitted',
                               'The vpc CIDR block with association ID %s may not be '
                               'disassociated. It is the primary IPv4 CIDR block of the VPC'
                               % aid)
        a = self.v4_assocs.get(aid)
        if a is None or a['State'] not in ('associating', 'associated'):
            return None
        if any(s['VpcId'] == a['VpcId'] and s.get('_net') is not None
               and s['_net'].subnet_of(a['_net']) for s in self.subnets.values()):
            raise AwsError('InvalidCidrBlock.InUse',
                           'The vpc CIDR block %s is in use by a subnet' % a['CidrBlock'])
        a['State'] = 'disassociating'
        a['_since'] = self.emu.now()
        return {'VpcId': a['VpcId'], 'CidrBlockAssociation': {
            'AssociationId': aid, 'CidrBlock': a['CidrBlock'],
            'CidrBlockState': {'State': 'disassociating'}}}

    def vx_vpc_deleted(self, vpc_id):
        for aid in [k for k, a in self.v4_assocs.items() if a['VpcId'] == vpc_id]:
            del self.v4_assocs[aid]
        for fid in [k for k, f in self.flow_logs.items() if f['ResourceId'] == vpc_id]:
            del self.flow_logs[fid]

    # -- customer gateways -------------------------------------------------------------

    def _cgw(self, gid):
        g = self.cgws.get(gid)
        if g is None or self.emu.hidden(gid):
            raise AwsError('InvalidCustomerGatewayID.NotFound',
                           "The customerGateway ID '%s' does not exist" % gid)
        return g

    def _cgw_out(self, g):
        out = {'CustomerGatewayId': g['CustomerGatewayId'], 'State': g['State'],
               'Type': g['Type'], 'IpAddress': g.get('IpAddress'),
               'BgpAsn': g.get('BgpAsn'), 'BgpAsnExtended': g.get('BgpAsnExtended'),
               'CertificateArn': g.get('CertificateArn'), 'DeviceName': g.get('DeviceName'),
               'Tags': _tags(g)}
        return {k: v for k, v in out.items() if v is not None}

    def op_CreateCustomerGateway(self, p):
        if p['Type'] != 'ipsec.1':
            raise AwsError('InvalidParameterValue',
                           'Value (%s) for parameter type is invalid.' % p['Type'])
        if p.get('BgpAsn') is not None and p.get('BgpAsnExtended') is not None:
            raise AwsError('InvalidParameterCombination',
                           'Only one of BgpAsn and BgpAsnExtended may be specified')
        asn = p.get('BgpAsn')
        if asn is not None and not 1 <= asn <= 2147483647:
            raise AwsError('InvalidParameterValue',
                           'Value (%s) for parameter BgpAsn is invalid.' % asn)
        ext = p.get('BgpAsnExtended')
        if ext is not None and not 2147483648 <= ext <= 4294967295:
            raise AwsError('InvalidParameterValue',
                           'Value (%s) for parameter BgpAsnExtended is invalid.' % ext)
        if asn is None and ext is None:
            asn = 65000
        ip = p.get('IpAddress') or p.get('PublicIp')
        if ip is None and not p.get('CertificateArn'):
            raise AwsError('MissingParameter',
                           'The request must contain the parameter ipAddress or '
                           'certificateArn')
        if ip is not None:
            try:
                ipaddress.IPv4Address(ip)
            except ValueError:
                raise AwsError('InvalidParameterValue',
                               'Value (%s) for parameter ipAddress is invalid.' % ip)
        gid = store.new_id('cgw')
        self.cgws[gid] = {'CustomerGatewayId': gid, 'State': 'pending', 'Type': p['Type'],
                          'IpAddress': ip,
                          'BgpAsn': str(asn) if asn is not None else None,
                          'BgpAsnExtended': str(ext) if ext is not None else None,
                          'CertificateArn': p.get('CertificateArn'),
                          'DeviceName': p.get('DeviceName'), '_since': self.emu.now(),
                          '_tags': self._tags_from_specs(p, 'customer-gateway')}
        self._created(gid)
        return {'CustomerGateway': self._cgw_out(self.cgws[gid])}

    def op_DescribeCustomerGateways(self, p):
        from svc_ec2 import apply_filters
        if p.get('CustomerGatewayIds'):
            items = [self._cgw(i) for i in p['CustomerGatewayIds']]
        else:
            items = [g for k, g in self.cgws.items() if not self.emu.hidden(k)]
        items = apply_filters(items, p.get('Filters'), {
            'customer-gateway-id': lambda g: g['CustomerGatewayId'],
            'bgp-asn': lambda g: g.get('BgpAsn'),
            'ip-address': lambda g: g.get('IpAddress'),
            'state': lambda g: g['State'],
            'type': lambda g: g['Type'],
        })
        return {'CustomerGateways': [self._cgw_out(g) for g in items]}

    def op_DeleteCustomerGateway(self, p):
        g = self._cgw(p['CustomerGatewayId'])
        if g['State'] in ('deleting', 'deleted'):
            return {}
        g['State'] = 'deleting'
        g['_since'] = self.emu.now()
        return {}

    # -- flow logs ---------------------------------------------------------------------

    def _fl_out(self, f):
        out = {k: v for k, v in f.items() if not k.startswith('_') and v is not None}
        out['Tags'] = _tags(f)
        return out

    def _fl_resource_exists(self, rtype, rid):
        try:
            if rtype == 'VPC':
                self._find('vpc', rid)
            elif rtype == 'Subnet':
                self._find('subnet', rid)
            elif rtype == 'NetworkInterface':
                self._find('eni', rid)
            elif rtype == 'TransitGateway':
                self._tgw(rid)
            else:
                self._tgw_attachment(rid)
        except AwsError as e:
            return e
        return None

    def op_CreateFlowLogs(self, p):
        token = p.get('ClientToken')
        if token and token in self.fl_tokens:
            return dict(self.fl_tokens[token])
        rtype = p['ResourceType']
        if rtype not in _FLOW_RESOURCE_PREFIX:
            raise AwsError('InvalidParameterValue',
                           'Value (%s) for parameter ResourceType is invalid.' % rtype)
        dtype = p.get('LogDestinationType') or 'cloud-watch-logs'
        if dtype not in ('cloud-watch-logs', 's3', 'kinesis-data-firehose'):
            raise AwsError('InvalidParameterValue',
                           'Value (%s) for parameter LogDestinationType is invalid.' % dtype)
        traffic = p.get('TrafficType')
        if traffic is not None and traffic not in ('ACCEPT', 'REJECT', 'ALL'):
            raise AwsError('InvalidParameterValue',
                           'Value (%s) for parameter TrafficType is invalid.' % traffic)
        if traffic is None and rtype not in ('TransitGateway', 'TransitGatewayAttachment'):
            raise AwsError('InvalidParameter',
                           'TrafficType must be specified for resource type %s' % rtype)
        interval = p.get('MaxAggregationInterval')
        if interval is None:
            interval = 600
        if interval not in (60, 600):
            raise AwsError('InvalidParameter',
                           'MaxAggregationInterval must be 60 or 600')
        dest = p.get('LogDestination')
        group = p.get('LogGroupName')
        role = p.get('DeliverLogsPermissionArn')
        options = None
        if dtype == 'cloud-watch-logs':
            if dest and group:
                raise AwsError('InvalidParameter',
                               'Please only provide LogGroupName or only provide '
                               'LogDestination.')
            if not dest and not group:
                raise AwsError('InvalidParameter',
                               'LogDestination or LogGroupName is required for '
                               'cloud-watch-logs')
            if dest:
                m = _LOGS_ARN_RE.match(dest)
                if not m:
                    raise AwsError('InvalidParameter',
                                   'LogDestination %s is not a log group ARN' % dest)
                group = m.group(1)
            else:
                dest = store.arn('logs', self.region, self.account, 'log-group:' + group)
            if not role:
                raise AwsError('InvalidParameter',
                               'DeliverLogsPermissionArn must be provided for '
                               'cloud-watch-logs')
            if not _ROLE_ARN_RE.match(role):
                raise AwsError('InvalidParameter',
                               'DeliverLogsPermissionArn %s is not a role ARN' % role)
        elif dtype == 's3':
            if group or not dest or not _S3_ARN_RE.match(dest):
                raise AwsError('InvalidParameter',
                               'LogDestination must be an S3 bucket ARN for s3 destinations')
            if role:
                raise AwsError('InvalidParameter',
                               'DeliverLogsPermissionArn is not applicable for s3 delivery')
            opts = p.get('DestinationOptions') or {}
            fmt = opts.get('FileFormat') or 'plain-text'
            if fmt not in ('plain-text', 'parquet'):
                raise AwsError('InvalidParameterValue',
                               'Value (%s) for parameter FileFormat is invalid.' % fmt)
            options = {'FileFormat': fmt,
                       'HiveCompatiblePartitions': bool(opts.get('HiveCompatiblePartitions')),
                       'PerHourPartition': bool(opts.get('PerHourPartition'))}
        else:
            if not dest:
                raise AwsError('InvalidParameter', 'LogDestination is required')
        fmt = p.get('LogFormat') or _DEFAULT_LOG_FORMAT
        if '${' not in fmt:
            raise AwsError('InvalidParameter', 'LogFormat %s is invalid' % fmt)
        ids, unsuccessful = [], []
        tags = self._tags_from_specs(p, 'vpc-flow-log')
        for rid in p['ResourceIds']:
            err = self._fl_resource_exists(rtype, rid)
            if err is not None:
                unsuccessful.append({'ResourceId': rid, 'Error': {
                    'Code': err.code, 'Message': err.message}})
                continue
            if any(f['ResourceId'] == rid and f['LogDestinationType'] == dtype
                   and f.get('LogDestination') == dest and f.get('TrafficType') == traffic
                   for f in self.flow_logs.values()):
                unsuccessful.append({'ResourceId': rid, 'Error': {
                    'Code': 'FlowLogAlreadyExists',
                    'Message': 'There is an existing Flow Log with the same configuration '
                               'and log destination.'}})
                continue
            fid = store.new_id('fl')
            self.flow_logs[fid] = {
                'FlowLogId': fid, 'CreationTime': self.emu.now(),
                'DeliverLogsStatus': 'SUCCESS', 'FlowLogStatus': 'ACTIVE',
                'ResourceId': rid, 'TrafficType': traffic,
                'LogDestinationType': dtype, 'LogDestination': dest,
                'LogGroupName': group if dtype == 'cloud-watch-logs' else None,
                'DeliverLogsPermissionArn': role,
                'DeliverCrossAccountRole': p.get('DeliverCrossAccountRole'),
                'LogFormat': fmt, 'MaxAggregationInterval': interval,
                'DestinationOptions': options, '_tags': dict(tags)}
            self._created(fid)
            ids.append(fid)
        out = {'FlowLogIds': ids, 'Unsuccessful': unsuccessful or None,
               'ClientToken': token}
        if token:
            self.fl_tokens[token] = out
        return out

    def op_DescribeFlowLogs(self, p):
        from svc_ec2 import apply_filters
        items = [f for k, f in self.flow_logs.items() if not self.emu.hidden(k)]
        if p.get('FlowLogIds'):
            items = [f for f in items if f['FlowLogId'] in p['FlowLogIds']]
        items = apply_filters(items, p.get('Filter') or p.get('Filters'), {
            'flow-log-id': lambda f: f['FlowLogId'],
            'resource-id': lambda f: f['ResourceId'],
            'traffic-type': lambda f: f['TrafficType'],
            'log-destination-type': lambda f: f['LogDestinationType'],
            'log-group-name': lambda f: f.get('LogGroupName'),
            'deliver-log-status': lambda f: f['DeliverLogsStatus'],
        })
        page, nxt = self._page(items, p)
        return {'FlowLogs': [self._fl_out(f) for f in page], 'NextToken': nxt}

    def op_DeleteFlowLogs(self, p):
        unsuccessful = []
        for fid in p['FlowLogIds']:
            if fid in self.flow_logs and not self.emu.hidden(fid):
                del self.flow_logs[fid]
            else:
                unsuccessful.append({'ResourceId': fid, 'Error': {
                    'Code': 'InvalidFlowLogId.NotFound',
                    'Message': 'These flow log ids in the input list are not found: '
                               '[TotalCount: 1] %s' % fid}})
        return {'Unsuccessful': unsuccessful or None}

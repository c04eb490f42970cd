"""EC2: the AWS services a VPC endpoint can reach, and the parts of an
endpoint's request the gateways mixin (svc_ec2_gateways, which keeps the
endpoints themselves) leaves aside.  A mixin of svc_ec2.Service, placed
before GatewaysMixin so its CreateVpcEndpoint wraps that one.

  DescribeVpcEndpointServices  the AWS services of the region (the catalog
                        below: Gateway and/or Interface), ServiceNames,
                        ServiceRegions and filters (service-name,
                        service-type, service-region, owner, tag:<k>); an
                        unknown name is InvalidServiceName, as AWS answers.
  CreateVpcEndpoint     SubnetConfigurations: the interface of each named
                        subnet gets the requested IPv4 address (it must lie
                        in the subnet); DnsOptions: DnsRecordIpType (ipv4
                        only here) and PrivateDnsOnlyForInboundResolverEndpoint,
                        which AWS accepts only for S3 Interface endpoints
                        with private DNS.
  ModifyVpcEndpoint     DnsOptions and SubnetConfigurations likewise (the
                        addresses of the endpoint's interfaces in those
                        subnets, new or kept).
"""

import ipaddress
import zlib

from errors import AwsError

# service -> endpoint types, as AWS lists them for a commercial region
CATALOG = {
    's3': ('Gateway', 'Interface'),
    'dynamodb': ('Gateway', 'Interface'),
    'ec2': ('Interface',), 'ec2messages': ('Interface',), 'ssm': ('Interface',),
    'ssmmessages': ('Interface',), 'logs': ('Interface',), 'sts': ('Interface',),
    'ecr.api': ('Interface',), 'ecr.dkr': ('Interface',), 'secretsmanager': ('Interface',),
    'kms': ('Interface',), 'elasticloadbalancing': ('Interface',), 'ecs': ('Interface',),
    'ecs-agent': ('Interface',), 'ecs-telemetry': ('Interface',), 'lambda': ('Interface',),
    'sqs': ('Interface',), 'sns': ('Interface',), 'rds': ('Interface',),
    'monitoring': ('Interface',), 'events': ('Interface',), 'elasticache': ('Interface',),
    'redshift': ('Interface',), 'autoscaling': ('Interface',),
    'guardduty-data': ('Interface',),
}


class EndpointsMixin:
    """VPC endpoint services and endpoint options (see the module docstring)."""

    def _service(self, name):
        """The endpoint types a service name offers, or None (the gateways
        mixin's own list, widened by the catalog)."""
        kinds = super()._service(name)
        prefix = 'com.amazonaws.%s.' % self.region
        if kinds is None and name.startswith(prefix):
            kinds = CATALOG.get(name[len(prefix):])
        return kinds

    def _ep_service_details(self):
        out = []
        for svc, kinds in sorted(CATALOG.items()):
            for kind in kinds:
                name = 'com.amazonaws.%s.%s' % (self.region, svc)
                host = '%s.%s.amazonaws.com' % (svc, self.region)
                d = {'ServiceName': name,
                     'ServiceId': 'vpce-svc-%016x' % zlib.crc32(
                         ('%s/%s' % (name, kind)).encode()),
                     'ServiceType': [{'ServiceType': kind}],
                     'ServiceRegion': self.region,
                     'AvailabilityZones': [z for z, _ in self.zones[:3]],
                     'Owner': 'amazon',
                     'BaseEndpointDnsNames': [host],
                     'VpcEndpointPolicySupported': True,
                     'AcceptanceRequired': False,
                     'ManagesVpcEndpoints': False,
                     'SupportedIpAddressTypes': ['ipv4'],
                     '_tags': {}}
                if kind == 'Interface':
                    d['BaseEndpointDnsNames'] = ['%s.vpce.amazonaws.com' % host]
                    d['PrivateDnsName'] = host
                    d['PrivateDnsNames'] = [{'PrivateDnsName': host}]
                    d['PrivateDnsNameVerificationState'] = 'verified'
                out.append(d)
        return out

    def op_DescribeVpcEndpointServices(self, p):
        from svc_ec2 import apply_filters
        details = self._ep_service_details()
        names = p.get('ServiceNames') or []
        known = {d['ServiceName'] for d in details}
        for n in names:
            if n not in known:
                raise AwsError('InvalidServiceName',
                               "The Vpc Endpoint Service '%s' does not exist" % n)
        if names:
            details = [d for d in details if d['ServiceName'] in names]
        regions = p.get('ServiceRegions') or []
        if regions:
            details = [d for d in details if d['ServiceRegion'] in regions]
        details = apply_filters(details, p.get('Filters'), {
            'service-name': lambda d: d['ServiceName'],
            'service-type': lambda d: d['ServiceType'][0]['ServiceType'],
            'service-region': lambda d: d['ServiceRegion'],
            'owner': lambda d: d['Owner'],
            'supported-ip-address-types': lambda d: d['SupportedIpAddressTypes'],
        })
        page, nxt = self._page(details, p)
        out = []
        for d in page:
            d = {k: v for k, v in d.items() if not k.startswith('_')}
            out.append(d)
        return {'ServiceDetails': out,
                'ServiceNames': sorted({d['ServiceName'] for d in page}), 'NextToken': nxt}

    def _ep_dns_options(self, e, opts, private_dns):
        if not opts:
            return
        ip_type = opts.get('DnsRecordIpType')
        if ip_type is not None and ip_type != 'ipv4':
            raise AwsError('InvalidParameter',
                           'DnsRecordIpType %s needs an %s endpoint; the emulator serves ipv4'
                           % (ip_type, ip_type))
        only = opts.get('PrivateDnsOnlyForInboundResolverEndpoint')
        if only is not None:
            svc = e['ServiceName'].split('.', 3)[-1]
            if svc != 's3' or e['VpcEndpointType'] != 'Interface':
                raise AwsError('InvalidParameter', 'PrivateDnsOnlyForInboundResolverEndpoint is '
                               'only supported for Amazon S3 Interface endpoints')
            if only and not private_dns:
                raise AwsError('InvalidParameter', 'PrivateDnsOnlyForInboundResolverEndpoint '
                               'requires private DNS to be enabled')
            e['_dns_inbound_only'] = bool(only)

    def op_CreateVpcEndpoint(self, p):
        confs = p.get('SubnetConfigurations') or []
        subnet_ids = list(p.get('SubnetIds') or [])
        self._ep_check_confs(confs)
        for c in confs:
            if c['SubnetId'] not in subnet_ids:
                subnet_ids.append(c['SubnetId'])
        if confs:
            p = dict(p, SubnetIds=subnet_ids)
        out = super().op_CreateVpcEndpoint(p)
        e = self.vpces[out['VpcEndpoint']['VpcEndpointId']]
        try:
            self._ep_dns_options(e, p.get('DnsOptions'), e['PrivateDnsEnabled'])
        except AwsError:
            self._ep_undo(e)
            raise
        self._ep_apply_confs(e, confs)
        out['VpcEndpoint'] = self._vpce_out(e)
        return out

    def _ep_undo(self, e):
        for eni in e['_enis']:
            self.delete_network_interface_internal(eni)
        if e['VpcEndpointType'] == 'Gateway':
            self._vpce_route_tables(e, [r for r in e['_rtbs'] if r in self.rtbs], False)
        del self.vpces[e['VpcEndpointId']]

    def _ep_check_confs(self, confs):
        for c in confs:
            sid = c.get('SubnetId')
            if not sid:
                raise AwsError('InvalidParameter', 'A subnet configuration needs a SubnetId')
            if c.get('Ipv6'):
                raise AwsError('InvalidParameter', 'The emulator serves ipv4 endpoints only')
            if c.get('Ipv4'):
                s = self._find('subnet', sid)
                try:
                    ok = ipaddress.ip_address(c['Ipv4']) in ipaddress.ip_network(s['CidrBlock'])
                except ValueError:
                    ok = False
                if not ok:
                    raise AwsError('InvalidParameter', 'The IPv4 address %s is not in subnet %s'
                                   % (c['Ipv4'], sid))

    def _ep_apply_confs(self, e, confs):
        for c in confs:
            eni = e['_eni_of'].get(c['SubnetId'])
            if c.get('Ipv4') and eni in self.enis:
                self.enis[eni]['PrivateIpAddress'] = c['Ipv4']

    def op_ModifyVpcEndpoint(self, p):
        e = self._vpce(p['VpcEndpointId'])
        private_dns = p.get('PrivateDnsEnabled', e['PrivateDnsEnabled'])
        self._ep_dns_options(dict(e), p.get('DnsOptions'), private_dns)
        confs = p.get('SubnetConfigurations') or []
        self._ep_check_confs(confs)
        out = super().op_ModifyVpcEndpoint(p)
        self._ep_dns_options(e, p.get('DnsOptions'), e['PrivateDnsEnabled'])
        self._ep_apply_confs(e, confs)
        return out

    def _vpce_out(self, e):
        out = super()._vpce_out(e)
        if 'DnsOptions' in out:
            out['DnsOptions']['PrivateDnsOnlyForInboundResolverEndpoint'] = bool(
                e.get('_dns_inbound_only', False))
        return out

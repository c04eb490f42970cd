"""Elastic Load Balancing v2 (ALB/NLB): load balancers, target groups, listeners.

The one idea: every object is a plain record, and everything AWS derives
(an LB's `provisioning`/`active` state, a target group's LoadBalancerArns, a
target's health, the listener's default rule) is computed from the records and
the emulator clock when it is described.  Nothing moves on its own, so a test
with a fake clock sees exactly what a client polling AWS would see.

Other services use a small internal API (find_target_group_internal,
register_targets_internal, deregister_targets_internal, target_states_internal)
instead of going through the wire.
"""

import base64
import copy
import datetime
import ipaddress
import re
import threading

import store
from errors import AwsError, ServiceBase

# Route 53 hosted zones AWS uses for load balancer DNS names, per region.
_ALB_ZONES = {
    'us-east-1': 'Z35SXDOTRQ7X7K', 'us-east-2': 'Z3AADJGX6KTTL2',
    'us-west-1': 'Z368ELLRRE2KJ0', 'us-west-2': 'Z1H1FL5HABSF5',
    'eu-west-1': 'Z32O12XQLNTSW2', 'eu-central-1': 'Z215JYRZR1TBD5',
}
_NLB_ZONES = {
    'us-east-1': 'Z26RNL4JYFTOTI', 'us-east-2': 'ZLMOA37VPKANP',
    'us-west-1': 'Z24FKFUX50B4VW', 'us-west-2': 'Z18D5FSROUN65G',
    'eu-west-1': 'Z2IFOLAFXWLO4F', 'eu-central-1': 'Z3F0SRJ5LGBH90',
}

_TYPE_SHORT = {'application': 'app', 'network': 'net', 'gateway': 'gwy'}

# Default attributes, in the order AWS lists them, per load balancer type.
_LB_ATTRS = {
    'application': [
        ('access_logs.s3.enabled', 'false'), ('access_logs.s3.bucket', ''),
        ('access_logs.s3.prefix', ''), ('idle_timeout.timeout_seconds', '60'),
        ('deletion_protection.enabled', 'false'), ('routing.http2.enabled', 'true'),
        ('routing.http.drop_invalid_header_fields.enabled', 'false'),
        ('routing.http.xff_client_port.enabled', 'false'),
        ('routing.http.preserve_host_header.enabled', 'false'),
        ('routing.http.xff_header_processing.mode', 'append'),
        ('load_balancing.cross_zone.enabled', 'true'),
        ('routing.http.desync_mitigation_mode', 'defensive'),
        ('client_keep_alive.seconds', '3600'), ('waf.fail_open.enabled', 'false'),
        ('routing.http.x_amzn_tls_version_and_cipher_suite.enabled', 'false'),
        ('zonal_shift.config.enabled', 'false'),
        ('connection_logs.s3.enabled', 'false'), ('connection_logs.s3.bucket', ''),
        ('connection_logs.s3.prefix', ''),
        ('health_check_logs.s3.enabled', 'false'), ('health_check_logs.s3.bucket', ''),
        ('health_check_logs.s3.prefix', ''),
    ],
    'network': [
        ('access_logs.s3.enabled', 'false'), ('access_logs.s3.bucket', ''),
        ('access_logs.s3.prefix', ''), ('deletion_protection.enabled', 'false'),
        ('load_balancing.cross_zone.enabled', 'false'),
        ('dns_record.client_routing_policy', 'any_availability_zone'),
        ('zonal_shift.config.enabled', 'false'),
        ('secondary_ips.auto_assigned.per_subnet', '0'),
    ],
    'gateway': [
        ('deletion_protection.enabled', 'false'),
        ('load_balancing.cross_zone.enabled', 'false'),
    ],
}
_LB_ALL_KEYS = ({k for attrs in _LB_ATTRS.values() for k, _ in attrs}
                | {'ipv6.deny_all_igw_traffic'})
_LB_ENUMS = {
    'routing.http.desync_mitigation_mode': ('monitor', 'defensive', 'strictest'),
    'routing.http.xff_header_processing.mode': ('append', 'preserve', 'remove'),
    'dns_record.client_routing_policy': ('availability_zone_affinity',
                                         'partial_availability_zone_affinity',
                                         'any_availability_zone'),
}
_LB_RANGES = {
    'idle_timeout.timeout_seconds': (1, 4000),
    'client_keep_alive.seconds': (60, 604800),
    'secondary_ips.auto_assigned.per_subnet': (0, 7),
}

_TG_HEALTH_ATTRS = [
    ('target_group_health.dns_failover.minimum_healthy_targets.count', '1'),
    ('target_group_health.dns_failover.minimum_healthy_targets.percentage', 'off'),
    ('target_group_health.unhealthy_state_routing.minimum_healthy_targets.count', '1'),
    ('target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage', 'off'),
]
_TG_ALL_KEYS = {
    'deregistration_delay.timeout_seconds', 'deregistration_delay.connection_termination.enabled',
    'stickiness.enabled', 'stickiness.type', 'stickiness.lb_cookie.duration_seconds',
    'stickiness.app_cookie.cookie_name', 'stickiness.app_cookie.duration_seconds',
    'slow_start.duration_seconds', 'load_balancing.algorithm.type',
    'load_balancing.algorithm.anomaly_mitigation', 'load_balancing.cross_zone.enabled',
    'proxy_protocol_v2.enabled', 'preserve_client_ip.enabled',
    'lambda.multi_value_headers.enabled', 'target_failover.on_deregistration',
    'target_failover.on_unhealthy',
    'target_health_state.unhealthy.connection_termination.enabled',
    'target_health_state.unhealthy.draining_interval_seconds',
} | {k for k, _ in _TG_HEALTH_ATTRS}
_TG_RANGES = {
    'deregistration_delay.timeout_seconds': (0, 3600),
    'stickiness.lb_cookie.duration_seconds': (1, 604800),
    'stickiness.app_cookie.duration_seconds': (1, 604800),
    'target_health_state.unhealthy.draining_interval_seconds': (0, 360000),
}
_TG_ENUMS = {
    'load_balancing.algorithm.type': ('round_robin', 'least_outstanding_requests',
                                      'weighted_random'),
    'load_balancing.algorithm.anomaly_mitigation': ('on', 'off'),
    'load_balancing.cross_zone.enabled': ('true', 'false', 'use_load_balancer_configuration'),
    'target_failover.on_deregistration': ('rebalance', 'no_rebalance'),
    'target_failover.on_unhealthy': ('rebalance', 'no_rebalance'),
}
_STICKINESS_TYPES = {
    'http': ('lb_cookie', 'app_cookie'),
    'l4': ('source_ip',),
    'geneve': ('source_ip_dest_ip', 'source_ip_dest_ip_proto'),
}

_HTTP_RESPONSE_HEADERS = [
    'routing.http.response.server.enabled',
    'routing.http.response.strict_transport_security.header_value',
    'routing.http.response.access_control_allow_origin.header_value',
    'routing.http.response.access_control_allow_methods.header_value',
    'routing.http.response.access_control_allow_headers.header_value',
    'routing.http.response.access_control_allow_credentials.header_value',
    'routing.http.response.access_control_expose_headers.header_value',
    'routing.http.response.access_control_max_age.header_value',
    'routing.http.response.content_security_policy.header_value',
    'routing.http.response.x_content_type_options.header_value',
    'routing.http.response.x_frame_options.header_value',
]
_HTTPS_REQUEST_HEADERS = [
    ('routing.http.request.x_amzn_mtls_clientcert_serial_number.header_name',
     'X-Amzn-Mtls-Clientcert-Serial-Number'),
    ('routing.http.request.x_amzn_mtls_clientcert_issuer.header_name',
     'X-Amzn-Mtls-Clientcert-Issuer'),
    ('routing.http.request.x_amzn_mtls_clientcert_subject.header_name',
     'X-Amzn-Mtls-Clientcert-Subject'),
    ('routing.http.request.x_amzn_mtls_clientcert_validity.header_name',
     'X-Amzn-Mtls-Clientcert-Validity'),
    ('routing.http.request.x_amzn_mtls_clientcert_leaf.header_name',
     'X-Amzn-Mtls-Clientcert-Leaf'),
    ('routing.http.request.x_amzn_mtls_clientcert.header_name', 'X-Amzn-Mtls-Clientcert'),
    ('routing.http.request.x_amzn_tls_version.header_name', 'X-Amzn-Tls-Version'),
    ('routing.http.request.x_amzn_tls_cipher_suite.header_name', 'X-Amzn-Tls-Cipher-Suite'),
]
_LISTENER_ALL_KEYS = (set(_HTTP_RESPONSE_HEADERS) | {k for k, _ in _HTTPS_REQUEST_HEADERS}
                      | {'tcp.idle_timeout.seconds'})

_ALB_PROTOCOLS = ('HTTP', 'HTTPS')
_NLB_PROTOCOLS = ('TCP', 'TLS', 'UDP', 'TCP_UDP', 'QUIC', 'TCP_QUIC')
_DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-2016-08'
_NAME_RE = re.compile(r'^[A-Za-z0-9-]+$')
_MAX_TAGS = 50


def _err(code, message):
    return AwsError(code, message)


def _validation(message):
    return AwsError('ValidationError', message)


def _to_datetime(t):
    return datetime.datetime.fromtimestamp(t, datetime.timezone.utc)


def _bool_str(v):
    return v in ('true', 'false')


def _page(items, marker, size, limit=400):
    """One page of `items` and the marker of the next (ELB style paging)."""
    start = 0
    if marker:
        try:
            start = int(base64.b64decode(marker.encode()).decode())
        except (ValueError, UnicodeDecodeError):
            raise _validation('Invalid Marker')
        if start < 0 or start > len(items):
            raise _validation('Invalid Marker')
    size = size or limit
    chunk = items[start:start + size]
    nxt = None
    if start + size < len(items):
        nxt = base64.b64encode(str(start + size).encode()).decode()
    return chunk, nxt


def _check_name(kind, name):
    """AWS's naming rule for load balancers and target groups."""
    if len(name) > 32:
        raise _validation("%s name '%s' cannot be longer than '32' characters" % (kind, name))
    if not name or not _NAME_RE.match(name):
        raise _validation("%s name '%s' can only contain characters that are alphanumeric "
                          "characters or hyphens(-)" % (kind, name))
    if name.startswith('-') or name.endswith('-'):
        raise _validation("%s name '%s' cannot begin or end with '-' character" % (kind, name))


def _arn_kind(arn):
    """'loadbalancer', 'targetgroup', 'listener', 'listener-rule' or None."""
    parts = arn.split(':', 5)
    if len(parts) != 6 or parts[0] != 'arn' or parts[2] != 'elasticloadbalancing':
        return None
    res = parts[5]
    for kind in ('listener-rule', 'listener', 'loadbalancer', 'targetgroup'):
        if res.startswith(kind + '/'):
            return kind
    return None


class Service(ServiceBase):
    signing_name = 'elasticloadbalancing'
    model_name = 'elbv2'

    # Seconds of emulated time; class attributes so tests and the core can tune them.
    provision_seconds = 1.5   # provisioning -> active
    health_seconds = 1.0      # initial -> healthy
    drain_seconds = 1.0       # upper bound of the draining state

    def __init__(self, emu):
        self.emu = emu
        self._lock = threading.RLock()
        self.reset()

    def reset(self):
        with self._lock:
            self.lbs = {}
            self.tgs = {}
            self.listeners = {}
            self.rules = {}
            self.tags = {}

    def snapshot(self):
        with self._lock:
            return {
                'load_balancers': sorted(self.lbs),
                'target_groups': sorted(self.tgs),
                'listeners': sorted(self.listeners),
                'rules': sorted(self.rules),
                'listener_certificates': sorted(
                    '%s_%s' % (ls['arn'], c) for ls in self.listeners.values()
                    for c in ls.get('extra_certs', [])),
            }

    def handle(self, op, params):
        with self._lock:
            self._prune_drained()
            return super().handle(op, params or {})

    # -- plumbing ------------------------------------------------------------

    def _now(self):
        t = self.emu.now()
        if isinstance(t, datetime.datetime):
            return t.timestamp()
        return float(t)

    def _arn(self, resource):
        return store.arn('elasticloadbalancing', self.emu.region, self.emu.account_id,
                         resource)

    def _visible(self, arn):
        return not self.emu.hidden(arn)

    def _ec2(self):
        return self.emu.services['ec2']

    def _created(self, arn, tags):
        self.tags[arn] = dict((t['Key'], t.get('Value', '')) for t in tags or [])
        self.emu.note_created(arn)

    @staticmethod
    def _check_new_tags(tags):
        keys = [t['Key'] for t in tags or []]
        dup = sorted({k for k in keys if keys.count(k) > 1})
        if dup:
            raise _err('DuplicateTagKeys', 'Tag key(s) %s are duplicated' % ', '.join(dup))
        if len(keys) > _MAX_TAGS:
            raise _err('TooManyTags', 'Too many tags; the limit is %d' % _MAX_TAGS)

    # -- lookups ---------------------------------------------------------------

    def _lb(self, arn):
        lb = self.lbs.get(arn)
        if lb is None or not self._visible(arn):
            raise _err('LoadBalancerNotFound', "Load balancer '%s' not found" % arn)
        return lb

    def _tg(self, arn):
        tg = self.tgs.get(arn)
        if tg is None or not self._visible(arn):
            raise _err('TargetGroupNotFound', "Target groups '%s' not found" % arn)
        return tg

    def _listener(self, arn):
        ls = self.listeners.get(arn)
        if ls is None or not self._visible(arn):
            raise _err('ListenerNotFound', "Listener '%s' not found" % arn)
        return ls

    @staticmethod
    def _require_arn(arn, kind, label):
        if _arn_kind(arn) != kind:
            raise _validation("'%s' is not a valid %s ARN" % (arn, label))

    def _tg_forwarding_lbs(self, tg_arn):
        """Load balancers with a listener forwarding to the target group."""
        out = []
        for ls in self.listeners.values():
            if tg_arn in _action_target_groups(ls['actions']) and ls['lb'] not in out:
                out.append(ls['lb'])
        for rule in self.rules.values():
            lb = self.listeners[rule['listener']]['lb']
            if tg_arn in _action_target_groups(rule['actions']) and lb not in out:
                out.append(lb)
        return out

    # -- load balancers -------------------------------------------------------

    def _resolve_subnets(self, params, lb_type, vpc_expected=None):
        """Subnet records (dict per subnet, in request order) from Subnets/SubnetMappings."""
        ids = list(params.get('Subnets') or [])
        mappings = list(params.get('SubnetMappings') or [])
        if ids and mappings:
            raise _validation('You cannot specify both subnets and subnet mappings')
        if not ids:
            ids = [m.get('SubnetId') for m in mappings]
            if any(not i for i in ids):
                raise _validation('A subnet ID must be specified for each subnet mapping')
        by_id = {m.get('SubnetId'): m for m in mappings}
        if lb_type == 'application' and len(set(ids)) < 2:
            raise _validation('At least two subnets in two different Availability Zones '
                              'must be specified')
        if not ids:
            raise _validation('At least one subnet must be specified')
        subnets, zones, vpc = [], set(), vpc_expected
        for sid in ids:
            try:
                sub = self._ec2().get_subnet(sid)
            except AwsError:
                raise _err('SubnetNotFound', "The subnet ID '%s' is not valid" % sid)
            if vpc is None:
                vpc = sub['VpcId']
            elif sub['VpcId'] != vpc:
                raise _err('InvalidConfigurationRequest',
                           'The subnets must all belong to the same VPC')
            zone = sub['AvailabilityZone']
            if zone in zones:
                raise _err('InvalidConfigurationRequest',
                           'A load balancer cannot be attached to multiple subnets in the '
                           'same Availability Zone')
            zones.add(zone)
            addresses = []
            m = by_id.get(sid) or {}
            if m.get('AllocationId') or m.get('PrivateIPv4Address') or m.get('IPv6Address'):
                addr = {}
                for k in ('AllocationId', 'PrivateIPv4Address', 'IPv6Address'):
                    if m.get(k):
                        addr[k] = m[k]
                addresses.append(addr)
            subnets.append({'ZoneName': zone, 'SubnetId': sid,
                            'LoadBalancerAddresses': addresses})
        if lb_type == 'application' and len(zones) < 2:
            raise _validation('At least two subnets in two different Availability Zones '
                              'must be specified')
        return subnets, vpc

    def _resolve_security_groups(self, sg_ids, vpc):
        for sg in sg_ids:
            try:
                rec = self._ec2().get_security_group(sg)
            except AwsError:
                raise _err('InvalidSecurityGroup', "Security group '%s' does not exist" % sg)
            if rec.get('VpcId') and rec['VpcId'] != vpc:
                raise _err('InvalidSecurityGroup',
                           "Security group '%s' does not belong to VPC '%s'" % (sg, vpc))
        return list(dict.fromkeys(sg_ids))

    def _default_security_group(self, vpc):
        """The VPC's default security group (an ALB created without groups gets it)."""
        try:
            out = self._ec2().handle('DescribeSecurityGroups', {'Filters': [
                {'Name': 'vpc-id', 'Values': [vpc]},
                {'Name': 'group-name', 'Values': ['default']}]})
        except AwsError:
            return []
        return [g['GroupId'] for g in out.get('SecurityGroups') or []][:1]

    def _attach_enis(self, lb, subnet_ids):
        """One requester-managed ENI per subnet, as ELB creates; they hold the subnet and
        security groups, so EC2 refuses to delete those while the load balancer exists."""
        suffix = lb['arn'].split(':loadbalancer/', 1)[1]
        for sid in subnet_ids:
            lb['enis'][sid] = self._ec2().create_network_interface_internal(
                sid, lb['sgs'] or [], 'ELB %s' % suffix, interface_type='interface',
                requester_id='amazon-elb', public_ip=lb['scheme'] == 'internet-facing')

    def _detach_enis(self, lb, subnet_ids):
        for sid in subnet_ids:
            eni = lb['enis'].pop(sid, None)
            if eni is not None:
                self._ec2().delete_network_interface_internal(eni)

    @staticmethod
    def _same_request(lb, p, lb_type, scheme):
        """Whether a create request repeats an existing LB's settings (AWS then answers
        with that LB instead of DuplicateLoadBalancerName)."""
        subnets = p.get('Subnets') or [m.get('SubnetId') for m in p.get('SubnetMappings') or []]
        sgs = p.get('SecurityGroups')
        return (lb['type'] == lb_type and lb['scheme'] == scheme
                and sorted(z['SubnetId'] for z in lb['azs']) == sorted(subnets)
                and (sgs is None or sorted(sgs) == sorted(lb['sgs'] or [])))

    def op_CreateLoadBalancer(self, p):
        name = p['Name']
        lb_type = p.get('Type') or 'application'
        scheme = p.get('Scheme') or 'internet-facing'
        _check_name('Load balancer', name)
        if name.startswith('internal-'):
            raise _validation("Load balancer name '%s' cannot begin with 'internal-'" % name)
        for lb in self.lbs.values():
            if lb['name'] == name:
                if self._same_request(lb, p, lb_type, scheme):
                    return {'LoadBalancers': [self._lb_out(lb)]}
                raise _err('DuplicateLoadBalancerName',
                           "A load balancer with the same name '%s' exists, but with "
                           "different settings" % name)
        if lb_type == 'gateway' and p.get('SecurityGroups'):
            raise _err('InvalidConfigurationRequest',
                       'Security groups are not supported for load balancers with type '
                       "'gateway'")
        self._check_new_tags(p.get('Tags'))
        azs, vpc = self._resolve_subnets(p, lb_type)
        sgs = None
        if lb_type == 'application':
            sgs = self._resolve_security_groups(p.get('SecurityGroups') or [], vpc)
            if not sgs:
                sgs = self._default_security_group(vpc)
        elif lb_type == 'network' and p.get('SecurityGroups'):
            sgs = self._resolve_security_groups(p['SecurityGroups'], vpc)
        lb_id = store.hex_digits(16)
        short = _TYPE_SHORT[lb_type]
        arn = self._arn('loadbalancer/%s/%s/%s' % (short, name, lb_id))
        region = self.emu.region
        prefix = 'internal-' if scheme == 'internal' and lb_type == 'application' else ''
        if lb_type == 'application':
            dns = '%s%s-%d.%s.elb.amazonaws.com' % (prefix, name,
                                                    10**8 + int(store.hex_digits(8), 16) % (10**10 - 10**8),
                                                    region)
            zone = _ALB_ZONES.get(region, _ALB_ZONES['us-east-1'])
        else:
            dns = '%s-%s.elb.%s.amazonaws.com' % (name, store.hex_digits(16), region)
            zone = _NLB_ZONES.get(region, _NLB_ZONES['us-east-1'])
        ip_type = p.get('IpAddressType') or 'ipv4'
        attrs = dict(_LB_ATTRS[lb_type])
        if ip_type != 'ipv4' and lb_type != 'gateway':
            attrs['ipv6.deny_all_igw_traffic'] = 'true' if scheme == 'internal' else 'false'
        lb = {
            'arn': arn, 'name': name, 'type': lb_type, 'scheme': scheme, 'vpc': vpc,
            'azs': azs, 'sgs': sgs, 'ip_type': ip_type, 'dns': dns, 'zone': zone,
            'created': self._now(), 'attrs': attrs,
            'enforce_sg': 'on' if lb_type == 'network' and sgs else None,
            'coip': p.get('CustomerOwnedIpv4Pool'), 'ipam': p.get('IpamPools'),
            'prefix_nat': p.get('EnablePrefixForIpv6SourceNat'), 'enis': {},
        }
        self._attach_enis(lb, [z['SubnetId'] for z in azs])
        self.lbs[arn] = lb
        self._created(arn, p.get('Tags'))
        return {'LoadBalancers': [self._lb_out(lb)]}

    def _lb_state(self, lb):
        if self._now() - lb['created'] < self.provision_seconds:
            return 'provisioning'
        return 'active'

    def _lb_out(self, lb):
        out = {
            'LoadBalancerArn': lb['arn'],
            'DNSName': lb['dns'],
            'CanonicalHostedZoneId': lb['zone'],
            'CreatedTime': _to_datetime(lb['created']),
            'LoadBalancerName': lb['name'],
            'Scheme': lb['scheme'],
            'VpcId': lb['vpc'],
            'State': {'Code': self._lb_state(lb)},
            'Type': lb['type'],
            'AvailabilityZones': copy.deepcopy(lb['azs']),
            'IpAddressType': lb['ip_type'],
        }
        if lb['sgs'] is not None:
            out['SecurityGroups'] = list(lb['sgs'])
        if lb['enforce_sg']:
            out['EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic'] = lb['enforce_sg']
        if lb['coip']:
            out['CustomerOwnedIpv4Pool'] = lb['coip']
        if lb['ipam']:
            out['IpamPools'] = dict(lb['ipam'])
        if lb['prefix_nat']:
            out['EnablePrefixForIpv6SourceNat'] = lb['prefix_nat']
        return out

    def op_DescribeLoadBalancers(self, p):
        arns, names = p.get('LoadBalancerArns'), p.get('Names')
        if arns and names:
            raise _validation('Load balancer names and load balancer ARNs cannot be '
                              'specified at the same time')
        if arns:
            for a in arns:
                self._require_arn(a, 'loadbalancer', 'load balancer')
            missing = [a for a in arns if a not in self.lbs or not self._visible(a)]
            if missing:
                raise _err('LoadBalancerNotFound', 'One or more load balancers not found')
            found = [self.lbs[a] for a in dict.fromkeys(arns)]
        elif names:
            by_name = {lb['name']: lb for lb in self.lbs.values() if self._visible(lb['arn'])}
            missing = [n for n in names if n not in by_name]
            if missing:
                raise _err('LoadBalancerNotFound',
                           "Load balancers '[%s]' not found" % ', '.join(missing))
            found = [by_name[n] for n in dict.fromkeys(names)]
        else:
            found = [lb for lb in self.lbs.values() if self._visible(lb['arn'])]
        page, nxt = _page(found, p.get('Marker'), p.get('PageSize'))
        out = {'LoadBalancers': [self._lb_out(lb) for lb in page]}
        if nxt:
            out['NextMarker'] = nxt
        return out

    def op_DeleteLoadBalancer(self, p):
        arn = p['LoadBalancerArn']
        self._require_arn(arn, 'loadbalancer', 'load balancer')
        lb = self.lbs.get(arn)
        if lb is None:
            return {}   # AWS: deleting a missing load balancer succeeds
        if lb['attrs'].get('deletion_protection.enabled') == 'true':
            raise _err('OperationNotPermitted',
                       "Load balancer '%s' cannot be deleted because deletion protection "
                       "is enabled" % arn)
        for larn in [a for a, ls in self.listeners.items() if ls['lb'] == arn]:
            self._drop_listener(larn)
        self._detach_enis(lb, list(lb['enis']))
        del self.lbs[arn]
        self.tags.pop(arn, None)
        return {}

    def _lb_attrs_out(self, lb):
        return [{'Key': k, 'Value': v} for k, v in lb['attrs'].items()]

    def op_DescribeLoadBalancerAttributes(self, p):
        self._require_arn(p['LoadBalancerArn'], 'loadbalancer', 'load balancer')
        return {'Attributes': self._lb_attrs_out(self._lb(p['LoadBalancerArn']))}

    def op_ModifyLoadBalancerAttributes(self, p):
        self._require_arn(p['LoadBalancerArn'], 'loadbalancer', 'load balancer')
        lb = self._lb(p['LoadBalancerArn'])
        changes = {}
        for a in p['Attributes']:
            key, value = a.get('Key') or '', a.get('Value')
            value = '' if value is None else value
            if key not in _LB_ALL_KEYS:
                raise _validation("Load balancer attribute key '%s' is not recognized" % key)
            if key not in lb['attrs'] and not (key == 'ipv6.deny_all_igw_traffic'
                                               and lb['type'] != 'gateway'):
                raise _err('InvalidConfigurationRequest',
                           "Load balancer attribute key '%s' is not supported on load "
                           "balancers with type '%s'" % (key, lb['type']))
            self._check_lb_value(lb, key, value)
            changes[key] = value
        merged = dict(lb['attrs'], **changes)
        for kind in ('access_logs', 'connection_logs', 'health_check_logs'):
            if merged.get(kind + '.s3.enabled') == 'true' and not merged.get(kind + '.s3.bucket'):
                raise _err('InvalidConfigurationRequest',
                           "The value of '%s.s3.bucket' cannot be empty when %s are enabled"
                           % (kind, kind.replace('_', ' ')))
        lb['attrs'] = merged
        return {'Attributes': self._lb_attrs_out(lb)}

    @staticmethod
    def _check_lb_value(lb, key, value):
        bad = False
        if key.endswith('.enabled'):
            bad = not _bool_str(value)
        elif key in _LB_ENUMS:
            bad = value not in _LB_ENUMS[key]
        elif key in _LB_RANGES:
            lo, hi = _LB_RANGES[key]
            bad = not value.isdigit() or not lo <= int(value) <= hi
        if bad:
            raise _err('InvalidConfigurationRequest',
                       "'%s' is not a valid value for load balancer attribute key '%s'"
                       % (value, key))
        if (key == 'load_balancing.cross_zone.enabled' and lb['type'] == 'application'
                and value == 'false'):
            raise _err('InvalidConfigurationRequest',
                       'Cross-zone load balancing cannot be disabled for Application Load '
                       'Balancers')

    def op_SetSecurityGroups(self, p):
        self._require_arn(p['LoadBalancerArn'], 'loadbalancer', 'load balancer')
        lb = self._lb(p['LoadBalancerArn'])
        if lb['type'] == 'gateway':
            raise _err('InvalidConfigurationRequest',
                       "Security groups are not supported for load balancers with type "
                       "'gateway'")
        sgs = self._resolve_security_groups(p['SecurityGroups'], lb['vpc'])
        if lb['type'] == 'network' and not lb['sgs'] and sgs:
            raise _err('InvalidConfigurationRequest',
                       'You cannot set security groups on a Network Load Balancer which was '
                       'created without any security groups.')
        if lb['type'] == 'application' and not sgs:
            raise _validation('At least one security group must be specified')
        if p.get('EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic') and \
                lb['type'] != 'network':
            raise _err('InvalidConfigurationRequest',
                       'EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic is only '
                       'supported for Network Load Balancers')
        lb['sgs'] = sgs
        subnets = list(lb['enis'])
        self._detach_enis(lb, subnets)
        self._attach_enis(lb, subnets)
        if p.get('EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic'):
            lb['enforce_sg'] = p['EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic']
        out = {'SecurityGroupIds': list(sgs)}
        if lb['enforce_sg']:
            out['EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic'] = lb['enforce_sg']
        return out

    def op_SetSubnets(self, p):
        self._require_arn(p['LoadBalancerArn'], 'loadbalancer', 'load balancer')
        lb = self._lb(p['LoadBalancerArn'])
        azs, _ = self._resolve_subnets(p, lb['type'], vpc_expected=lb['vpc'])
        if lb['type'] == 'network':
            old = {z['SubnetId'] for z in lb['azs']}
            if not old <= {z['SubnetId'] for z in azs}:
                raise _err('InvalidConfigurationRequest',
                           'Subnets cannot be removed from a Network Load Balancer')
        new_ids = [z['SubnetId'] for z in azs]
        self._detach_enis(lb, [sid for sid in lb['enis'] if sid not in new_ids])
        self._attach_enis(lb, [sid for sid in new_ids if sid not in lb['enis']])
        lb['azs'] = azs
        if p.get('IpAddressType'):
            lb['ip_type'] = p['IpAddressType']
        if p.get('EnablePrefixForIpv6SourceNat'):
            lb['prefix_nat'] = p['EnablePrefixForIpv6SourceNat']
        out = {'AvailabilityZones': copy.deepcopy(azs), 'IpAddressType': lb['ip_type']}
        if lb['prefix_nat']:
            out['EnablePrefixForIpv6SourceNat'] = lb['prefix_nat']
        return out

    def op_SetIpAddressType(self, p):
        self._require_arn(p['LoadBalancerArn'], 'loadbalancer', 'load balancer')
        lb = self._lb(p['LoadBalancerArn'])
        ip_type = p['IpAddressType']
        if ip_type == 'dualstack-without-public-ipv4' and (
                lb['type'] != 'application' or lb['scheme'] != 'internet-facing'):
            raise _err('InvalidConfigurationRequest',
                       "IP address type 'dualstack-without-public-ipv4' is only supported "
                       'for internet-facing Application Load Balancers')
        lb['ip_type'] = ip_type
        if ip_type == 'ipv4':
            lb['attrs'].pop('ipv6.deny_all_igw_traffic', None)
        elif lb['type'] != 'gateway':
            lb['attrs'].setdefault('ipv6.deny_all_igw_traffic',
                                   'true' if lb['scheme'] == 'internal' else 'false')
        return {'IpAddressType': ip_type}

    def op_DescribeCapacityReservation(self, p):
        self._require_arn(p['LoadBalancerArn'], 'loadbalancer', 'load balancer')
        lb = self._lb(p['LoadBalancerArn'])
        if lb['type'] == 'gateway':
            raise _err('OperationNotPermitted',
                       'Capacity reservations are not supported for Gateway Load Balancers')
        return {'CapacityReservationState': [], 'DecreaseRequestsRemaining': 6}

    # -- target groups --------------------------------------------------------

    def _hc_defaults(self, protocol, target_type, protocol_version):
        if target_type == 'lambda':
            return {'HealthCheckEnabled': False, 'HealthCheckIntervalSeconds': 35,
                    'HealthCheckTimeoutSeconds': 30, 'HealthyThresholdCount': 5,
                    'UnhealthyThresholdCount': 2, 'HealthCheckPath': '/',
                    'Matcher': {'HttpCode': '200'}}
        if protocol in _ALB_PROTOCOLS:
            hc = {'HealthCheckEnabled': True, 'HealthCheckProtocol': protocol,
                  'HealthCheckPort': 'traffic-port', 'HealthCheckIntervalSeconds': 30,
                  'HealthCheckTimeoutSeconds': 5, 'HealthyThresholdCount': 5,
                  'UnhealthyThresholdCount': 2, 'HealthCheckPath': '/',
                  'Matcher': {'HttpCode': '200'}}
            if protocol_version == 'GRPC':
                hc['HealthCheckPath'] = '/AWS.ALB/healthcheck'
                hc['Matcher'] = {'GrpcCode': '12'}
            return hc
        if protocol == 'GENEVE':
            return {'HealthCheckEnabled': True, 'HealthCheckProtocol': 'TCP',
                    'HealthCheckPort': '80', 'HealthCheckIntervalSeconds': 10,
                    'HealthCheckTimeoutSeconds': 5, 'HealthyThresholdCount': 5,
                    'UnhealthyThresholdCount': 2}
        return {'HealthCheckEnabled': True, 'HealthCheckProtocol': 'TCP',
                'HealthCheckPort': 'traffic-port', 'HealthCheckIntervalSeconds': 30,
                'HealthCheckTimeoutSeconds': 10, 'HealthyThresholdCount': 5,
                'UnhealthyThresholdCount': 2}

    @staticmethod
    def _apply_hc(hc, p, l4):
        """Overlay the request's health check fields on `hc` (defaults or current)."""
        for key in ('HealthCheckEnabled', 'HealthCheckProtocol', 'HealthCheckPort',
                    'HealthCheckIntervalSeconds', 'HealthCheckTimeoutSeconds',
                    'HealthyThresholdCount', 'UnhealthyThresholdCount', 'HealthCheckPath'):
            if p.get(key) is not None:
                hc[key] = p[key]
        if p.get('Matcher'):
            hc['Matcher'] = dict(p['Matcher'])
        proto = hc.get('HealthCheckProtocol')
        if l4 and proto in _ALB_PROTOCOLS:
            hc.setdefault('HealthCheckPath', '/')
            hc.setdefault('Matcher', {'HttpCode': '200-399'})
            if p.get('HealthCheckTimeoutSeconds') is None and hc['HealthCheckTimeoutSeconds'] == 10:
                hc['HealthCheckTimeoutSeconds'] = 6
        if l4 and proto not in _ALB_PROTOCOLS:
            if p.get('HealthCheckPath') or p.get('Matcher'):
                raise _validation('Health check path and matcher are only supported for '
                                  'HTTP and HTTPS health checks')
            hc.pop('HealthCheckPath', None)
            hc.pop('Matcher', None)
        port = hc.get('HealthCheckPort')
        if port and port != 'traffic-port' and not (port.isdigit() and 1 <= int(port) <= 65535):
            raise _validation("Health check port '%s' is not valid" % port)
        if hc['HealthCheckTimeoutSeconds'] >= hc['HealthCheckIntervalSeconds'] and not l4:
            raise _validation('Health check interval must be greater than the timeout.')
        return hc

    def _tg_attr_defaults(self, family, target_type, protocol):
        if target_type == 'lambda':
            return [('lambda.multi_value_headers.enabled', 'false')]
        if family == 'http':
            return [
                ('stickiness.enabled', 'false'), ('deregistration_delay.timeout_seconds', '300'),
                ('stickiness.app_cookie.cookie_name', ''), ('stickiness.type', 'lb_cookie'),
                ('stickiness.lb_cookie.duration_seconds', '86400'),
                ('slow_start.duration_seconds', '0'),
                ('stickiness.app_cookie.duration_seconds', '86400'),
                ('load_balancing.algorithm.type', 'round_robin'),
                ('load_balancing.algorithm.anomaly_mitigation', 'off'),
                ('load_balancing.cross_zone.enabled', 'use_load_balancer_configuration'),
            ] + _TG_HEALTH_ATTRS
        if family == 'geneve':
            return [
                ('deregistration_delay.timeout_seconds', '300'), ('stickiness.enabled', 'false'),
                ('stickiness.type', 'source_ip_dest_ip_proto'),
                ('target_failover.on_deregistration', 'no_rebalance'),
                ('target_failover.on_unhealthy', 'no_rebalance'),
                ('load_balancing.cross_zone.enabled', 'use_load_balancer_configuration'),
            ] + _TG_HEALTH_ATTRS
        preserve = 'true'
        if target_type == 'ip' and protocol in ('TCP', 'TLS', 'QUIC', 'TCP_QUIC'):
            preserve = 'false'
        out = []
        if protocol in ('TCP', 'TLS', 'TCP_QUIC'):
            out.append(('proxy_protocol_v2.enabled', 'false'))
        out += [
            ('preserve_client_ip.enabled', preserve), ('stickiness.enabled', 'false'),
            ('deregistration_delay.timeout_seconds', '300'), ('stickiness.type', 'source_ip'),
            ('deregistration_delay.connection_termination.enabled', 'false'),
            ('load_balancing.cross_zone.enabled', 'use_load_balancer_configuration'),
        ] + _TG_HEALTH_ATTRS + [
            ('target_health_state.unhealthy.connection_termination.enabled', 'true'),
            ('target_health_state.unhealthy.draining_interval_seconds', '0'),
        ]
        return out

    @staticmethod
    def _family(protocol, target_type):
        if target_type == 'lambda':
            return 'lambda'
        if protocol in _ALB_PROTOCOLS:
            return 'http'
        if protocol == 'GENEVE':
            return 'geneve'
        return 'l4'

    def op_CreateTargetGroup(self, p):
        name = p['Name']
        _check_name('Target group', name)
        target_type = p.get('TargetType') or 'instance'
        protocol, port, vpc = p.get('Protocol'), p.get('Port'), p.get('VpcId')
        if target_type == 'lambda':
            if protocol or port or vpc:
                raise _validation('Protocol, port and VPC ID cannot be specified for target '
                                  "groups with target type 'lambda'")
        else:
            if not protocol:
                raise _validation('A protocol must be specified')
            if port is None:
                raise _validation('A port must be specified')
            if not vpc:
                raise _validation('A VPC ID must be specified')
            try:
                self._ec2().get_vpc(vpc)
            except AwsError:
                raise _validation("The VPC ID '%s' is not found" % vpc)
        if target_type == 'alb' and protocol not in ('TCP', 'TLS'):
            raise _validation("Target type 'alb' requires the TCP or TLS protocol")
        version = p.get('ProtocolVersion')
        if version and protocol not in _ALB_PROTOCOLS:
            raise _validation('A protocol version can only be specified for HTTP and HTTPS '
                              'target groups')
        if version and version.upper() not in ('HTTP1', 'HTTP2', 'GRPC'):
            raise _validation("Protocol version '%s' is not valid" % version)
        if protocol in _ALB_PROTOCOLS and not version:
            version = 'HTTP1'
        family = self._family(protocol, target_type)
        hc = self._hc_defaults(protocol, target_type, (version or '').upper())
        hc = self._apply_hc(hc, p, family in ('l4', 'geneve'))
        ip_type = p.get('IpAddressType') or ('ipv4' if target_type != 'lambda' else None)
        settings = {'protocol': protocol, 'port': port, 'vpc': vpc, 'target_type': target_type,
                    'version': version.upper() if version else None, 'hc': hc,
                    'ip_type': ip_type}
        for tg in self.tgs.values():
            if tg['name'] == name:
                same = all(tg[k] == v for k, v in settings.items())
                if same:
                    return {'TargetGroups': [self._tg_out(tg)]}
                raise _err('DuplicateTargetGroupName',
                           "A target group with the same name '%s' exists, but with "
                           "different settings" % name)
        self._check_new_tags(p.get('Tags'))
        arn = self._arn('targetgroup/%s/%s' % (name, store.hex_digits(16)))
        tg = dict(settings, arn=arn, name=name, family=family, created=self._now(),
                  attrs=dict(self._tg_attr_defaults(family, target_type, protocol)),
                  targets={}, control_port=p.get('TargetControlPort'))
        self.tgs[arn] = tg
        self._created(arn, p.get('Tags'))
        return {'TargetGroups': [self._tg_out(tg)]}

    def _tg_out(self, tg):
        out = {'TargetGroupArn': tg['arn'], 'TargetGroupName': tg['name'],
               'TargetType': tg['target_type']}
        if tg['protocol']:
            out['Protocol'] = tg['protocol']
        if tg['port'] is not None:
            out['Port'] = tg['port']
        if tg['vpc']:
            out['VpcId'] = tg['vpc']
        out.update(copy.deepcopy(tg['hc']))
        out['LoadBalancerArns'] = self._tg_forwarding_lbs(tg['arn'])
        if tg['version']:
            out['ProtocolVersion'] = tg['version']
        if tg['ip_type']:
            out['IpAddressType'] = tg['ip_type']
        if tg['control_port'] is not None:
            out['TargetControlPort'] = tg['control_port']
        return out

    def op_DescribeTargetGroups(self, p):
        arns, names, lb_arn = p.get('TargetGroupArns'), p.get('Names'), p.get('LoadBalancerArn')
        if sum(1 for x in (arns, names, lb_arn) if x) > 1:
            raise _validation('Only one of load balancer ARN, target group ARNs or target '
                              'group names can be specified')
        if arns:
            for a in arns:
                self._require_arn(a, 'targetgroup', 'target group')
            if any(a not in self.tgs or not self._visible(a) for a in arns):
                raise _err('TargetGroupNotFound', 'One or more target groups not found')
            found = [self.tgs[a] for a in dict.fromkeys(arns)]
        elif names:
            by_name = {tg['name']: tg for tg in self.tgs.values() if self._visible(tg['arn'])}
            missing = [n for n in names if n not in by_name]
            if missing:
                raise _err('TargetGroupNotFound',
                           "Target groups '[%s]' not found" % ', '.join(missing))
            found = [by_name[n] for n in dict.fromkeys(names)]
        elif lb_arn:
            self._require_arn(lb_arn, 'loadbalancer', 'load balancer')
            self._lb(lb_arn)
            found = [tg for tg in self.tgs.values()
                     if lb_arn in self._tg_forwarding_lbs(tg['arn']) and self._visible(tg['arn'])]
        else:
            found = [tg for tg in self.tgs.values() if self._visible(tg['arn'])]
        page, nxt = _page(found, p.get('Marker'), p.get('PageSize'))
        out = {'TargetGroups': [self._tg_out(tg) for tg in page]}
        if nxt:
            out['NextMarker'] = nxt
        return out

    def op_ModifyTargetGroup(self, p):
        self._require_arn(p['TargetGroupArn'], 'targetgroup', 'target group')
        tg = self._tg(p['TargetGroupArn'])
        if tg['target_type'] == 'lambda' and p.get('HealthCheckProtocol'):
            raise _validation("Health check protocol cannot be specified for target groups "
                              "with target type 'lambda'")
        tg['hc'] = self._apply_hc(copy.deepcopy(tg['hc']), p, tg['family'] in ('l4', 'geneve'))
        return {'TargetGroups': [self._tg_out(tg)]}

    def op_DeleteTargetGroup(self, p):
        arn = p['TargetGroupArn']
        self._require_arn(arn, 'targetgroup', 'target group')
        if arn not in self.tgs:
            return {}
        if self._tg_forwarding_lbs(arn):
            raise _err('ResourceInUse', "Target group '%s' is currently in use by a listener "
                       "or a rule" % arn)
        del self.tgs[arn]
        self.tags.pop(arn, None)
        return {}

    def _tg_attrs_out(self, tg):
        return [{'Key': k, 'Value': v} for k, v in tg['attrs'].items()]

    def op_DescribeTargetGroupAttributes(self, p):
        self._require_arn(p['TargetGroupArn'], 'targetgroup', 'target group')
        return {'Attributes': self._tg_attrs_out(self._tg(p['TargetGroupArn']))}

    def op_ModifyTargetGroupAttributes(self, p):
        self._require_arn(p['TargetGroupArn'], 'targetgroup', 'target group')
        tg = self._tg(p['TargetGroupArn'])
        changes = {}
        for a in p['Attributes']:
            key, value = a.get('Key') or '', a.get('Value')
            value = '' if value is None else value
            if key not in _TG_ALL_KEYS:
                raise _validation("Target group attribute key '%s' is not recognized" % key)
            if key not in tg['attrs']:
                raise _err('InvalidConfigurationRequest',
                           "Target group attribute key '%s' is not supported on target groups "
                           "with the '%s' protocol" % (key, tg['protocol'] or 'lambda'))
            self._check_tg_value(tg, key, value)
            changes[key] = value
        tg['attrs'].update(changes)
        return {'Attributes': self._tg_attrs_out(tg)}

    @staticmethod
    def _check_tg_value(tg, key, value):
        bad = False
        if key.endswith('.enabled') and key != 'load_balancing.cross_zone.enabled':
            bad = not _bool_str(value)
        elif key in _TG_ENUMS:
            bad = value not in _TG_ENUMS[key]
        elif key in _TG_RANGES:
            lo, hi = _TG_RANGES[key]
            bad = not value.isdigit() or not lo <= int(value) <= hi
        elif key == 'slow_start.duration_seconds':
            bad = not value.isdigit() or not (int(value) == 0 or 30 <= int(value) <= 900)
        if bad:
            raise _err('InvalidConfigurationRequest',
                       "'%s' is not a valid value for target group attribute key '%s'"
                       % (value, key))
        if key == 'stickiness.type' and value not in _STICKINESS_TYPES.get(tg['family'], ()):
            raise _err('InvalidConfigurationRequest',
                       "Stickiness type '%s' is not supported for target groups with the %s "
                       "protocol" % (value, tg['protocol'] or 'lambda'))

    # -- targets -------------------------------------------------------------

    def _check_target(self, tg, target):
        tid = target['Id']
        if tg['target_type'] == 'instance':
            inst = self._ec2().describe_instance_internal(tid) if tid.startswith('i-') else None
            if inst is None:
                raise _err('InvalidTarget', "Instance ID '%s' is not valid" % tid)
            if (inst.get('State') or {}).get('Name') not in ('running', 'pending', None):
                raise _err('InvalidTarget', "The following targets are not in a running state "
                           "and cannot be registered: '%s'" % tid)
            if inst.get('VpcId') and inst['VpcId'] != tg['vpc']:
                raise _err('InvalidTarget', "The following targets are not in the target "
                           "group VPC '%s': '%s'" % (tg['vpc'], tid))
        elif tg['target_type'] == 'ip':
            try:
                ipaddress.ip_address(tid)
            except ValueError:
                raise _err('InvalidTarget', "The IP address '%s' is not a valid IP address"
                           % tid)
        if tg['target_type'] != 'lambda' and target.get('Port') is None and tg['port'] is None:
            raise _validation('A port must be specified for target %s' % tid)

    def _register(self, tg, targets):
        now = self._now()
        for t in targets:
            port = t.get('Port', tg['port'])
            rec = {'Id': t['Id'], 'registered': now, 'deregistered': None}
            if port is not None:
                rec['Port'] = port
            if t.get('AvailabilityZone'):
                rec['AvailabilityZone'] = t['AvailabilityZone']
            tg['targets'][(t['Id'], port)] = rec

    def _deregister(self, tg, targets):
        now = self._now()
        for t in targets:
            key = (t['Id'], t.get('Port', tg['port']))
            rec = tg['targets'].get(key)
            if rec is not None and rec['deregistered'] is None:
                rec['deregistered'] = now

    def _drain_time(self, tg):
        try:
            delay = float(tg['attrs'].get('deregistration_delay.timeout_seconds', '0'))
        except ValueError:
            delay = 0.0
        return min(delay, self.drain_seconds)

    def _prune_drained(self):
        now = self._now()
        for tg in self.tgs.values():
            limit = self._drain_time(tg)
            gone = [k for k, r in tg['targets'].items()
                    if r['deregistered'] is not None and now - r['deregistered'] >= limit]
            for k in gone:
                del tg['targets'][k]

    def op_RegisterTargets(self, p):
        self._require_arn(p['TargetGroupArn'], 'targetgroup', 'target group')
        tg = self._tg(p['TargetGroupArn'])
        for t in p['Targets']:
            self._check_target(tg, t)
        self._register(tg, p['Targets'])
        return {}

    def op_DeregisterTargets(self, p):
        self._require_arn(p['TargetGroupArn'], 'targetgroup', 'target group')
        tg = self._tg(p['TargetGroupArn'])
        for t in p['Targets']:
            key = (t['Id'], t.get('Port', tg['port']))
            if key not in tg['targets']:
                raise _err('InvalidTarget', "The following targets are not registered in "
                           "target group '%s': '%s'" % (tg['arn'], t['Id']))
        self._deregister(tg, p['Targets'])
        return {}

    def _health(self, tg, rec):
        if rec['deregistered'] is not None:
            return {'State': 'draining', 'Reason': 'Target.DeregistrationInProgress',
                    'Description': 'Target deregistration is in progress'}
        lbs = self._tg_forwarding_lbs(tg['arn'])
        if not lbs:
            return {'State': 'unused', 'Reason': 'Target.NotInUse',
                    'Description': 'Target group is not configured to receive traffic from '
                                   'the load balancer'}
        if tg['target_type'] == 'lambda' or not tg['hc'].get('HealthCheckEnabled', True):
            return {'State': 'unavailable', 'Reason': 'Target.HealthCheckDisabled',
                    'Description': 'Health checks are disabled for the target group'}
        attached = max(o['created'] for o in list(self.listeners.values())
                       + list(self.rules.values())
                       if tg['arn'] in _action_target_groups(o['actions']))
        since = self._now() - max(rec['registered'], attached)
        if since < self.health_seconds / 2:
            return {'State': 'initial', 'Reason': 'Elb.RegistrationInProgress',
                    'Description': 'Target registration is in progress'}
        if since < self.health_seconds:
            return {'State': 'initial', 'Reason': 'Elb.InitialHealthChecking',
                    'Description': 'Initial health checks in progress'}
        return {'State': 'healthy'}

    def _health_port(self, tg, rec):
        port = tg['hc'].get('HealthCheckPort')
        if port in (None, 'traffic-port'):
            return str(rec['Port']) if rec.get('Port') is not None else None
        return port

    def op_DescribeTargetHealth(self, p):
        self._require_arn(p['TargetGroupArn'], 'targetgroup', 'target group')
        tg = self._tg(p['TargetGroupArn'])
        out = []
        if p.get('Targets'):
            for t in p['Targets']:
                key = (t['Id'], t.get('Port', tg['port']))
                rec = tg['targets'].get(key)
                if rec is None:
                    desc = {'Id': t['Id']}
                    if key[1] is not None:
                        desc['Port'] = key[1]
                    out.append({'Target': desc,
                                'TargetHealth': {'State': 'unused',
                                                 'Reason': 'Target.NotRegistered',
                                                 'Description': 'Target is not registered '
                                                                'to the target group'}})
                else:
                    out.append(self._health_out(tg, rec))
        else:
            out = [self._health_out(tg, rec) for rec in tg['targets'].values()]
        return {'TargetHealthDescriptions': out}

    def _health_out(self, tg, rec):
        target = {k: rec[k] for k in ('Id', 'Port', 'AvailabilityZone') if k in rec}
        item = {'Target': target, 'TargetHealth': self._health(tg, rec)}
        port = self._health_port(tg, rec)
        if port is not None:
            item['HealthCheckPort'] = port
        return item

    # -- listeners -------------------------------------------------------------

    def _normalise_actions(self, lb, actions):
        """Validate DefaultActions and return them as AWS describes them."""
        out = []
        for a in actions:
            kind = a['Type']
            act = {'Type': kind}
            if a.get('Order') is not None:
                act['Order'] = a['Order']
            if kind == 'forward':
                act.update(self._forward_action(lb, a))
            elif kind == 'redirect':
                cfg = a.get('RedirectConfig')
                if not cfg:
                    raise _validation('A redirect configuration must be specified')
                full = {'Protocol': '#{protocol}', 'Port': '#{port}', 'Host': '#{host}',
                        'Path': '/#{path}', 'Query': '#{query}'}
                full.update({k: v for k, v in cfg.items() if v is not None})
                act['RedirectConfig'] = full
            elif kind == 'fixed-response':
                cfg = a.get('FixedResponseConfig')
                if not cfg:
                    raise _validation('A fixed response configuration must be specified')
                act['FixedResponseConfig'] = dict(cfg)
            elif kind == 'authenticate-oidc':
                cfg = dict(a.get('AuthenticateOidcConfig') or {})
                if not cfg:
                    raise _validation('An OIDC configuration must be specified')
                cfg.pop('ClientSecret', None)
                cfg.pop('UseExistingClientSecret', None)
                self._auth_defaults(cfg)
                act['AuthenticateOidcConfig'] = cfg
            elif kind == 'authenticate-cognito':
                cfg = dict(a.get('AuthenticateCognitoConfig') or {})
                if not cfg:
                    raise _validation('A Cognito configuration must be specified')
                self._auth_defaults(cfg)
                act['AuthenticateCognitoConfig'] = cfg
            elif kind == 'jwt-validation':
                if not a.get('JwtValidationConfig'):
                    raise _validation('A JWT validation configuration must be specified')
                act['JwtValidationConfig'] = copy.deepcopy(a['JwtValidationConfig'])
            if kind != 'forward' and lb['type'] != 'application':
                raise _err('InvalidLoadBalancerAction',
                           "Action type '%s' is only supported by Application Load Balancers"
                           % kind)
            out.append(act)
        if not any(a['Type'] in ('forward', 'redirect', 'fixed-response') for a in out):
            raise _err('InvalidLoadBalancerAction',
                       'A forward, redirect or fixed-response action must be specified')
        return out

    @staticmethod
    def _auth_defaults(cfg):
        cfg.setdefault('Scope', 'openid')
        cfg.setdefault('SessionCookieName', 'AWSELBAuthSessionCookie')
        cfg.setdefault('SessionTimeout', 604800)
        cfg.setdefault('OnUnauthenticatedRequest', 'authenticate')

    def _forward_action(self, lb, a):
        arns = []
        if a.get('TargetGroupArn'):
            arns.append((a['TargetGroupArn'], 1))
        cfg = a.get('ForwardConfig') or {}
        for t in cfg.get('TargetGroups') or []:
            if not t.get('TargetGroupArn'):
                raise _validation('A target group ARN must be specified')
            weight = t.get('Weight')
            arns.append((t['TargetGroupArn'], 1 if weight is None else weight))
        if not arns:
            raise _validation('A target group ARN must be specified for forward actions')
        unique = list(dict.fromkeys(arn for arn, _ in arns))
        if a.get('TargetGroupArn') and cfg.get('TargetGroups') and (
                len(unique) != 1 or len(cfg['TargetGroups']) != 1):
            raise _validation('You cannot specify both a target group ARN and a forward '
                              'configuration with other target groups')
        for arn in unique:
            self._require_arn(arn, 'targetgroup', 'target group')
            if arn not in self.tgs:
                raise _err('TargetGroupNotFound', "Target groups '%s' not found" % arn)
            self._check_tg_fits(lb, self.tgs[arn])
        sticky = dict(cfg.get('TargetGroupStickinessConfig') or {'Enabled': False})
        sticky.setdefault('Enabled', False)
        weights = dict(arns)
        fwd = {'ForwardConfig': {
            'TargetGroups': [{'TargetGroupArn': arn, 'Weight': weights[arn]} for arn in unique],
            'TargetGroupStickinessConfig': sticky}}
        if len(unique) == 1:
            fwd['TargetGroupArn'] = unique[0]
        return fwd

    def _check_tg_fits(self, lb, tg):
        if tg['vpc'] and tg['vpc'] != lb['vpc']:
            raise _err('InvalidConfigurationRequest',
                       "The VPC ID '%s' of target group '%s' does not match the VPC ID '%s' of "
                       "the load balancer" % (tg['vpc'], tg['arn'], lb['vpc']))
        ok = {'application': ('http', 'lambda'), 'network': ('l4',),
              'gateway': ('geneve',)}[lb['type']]
        if tg['family'] not in ok:
            raise _err('IncompatibleProtocols',
                       "The target group '%s' uses protocol '%s', which is not supported by a "
                       "load balancer of type '%s'" % (tg['arn'], tg['protocol'] or 'lambda',
                                                       lb['type']))
        others = [x for x in self._tg_forwarding_lbs(tg['arn']) if x != lb['arn']]
        if others:
            raise _err('TargetGroupAssociationLimit',
                       'The following target groups cannot be associated with more than one '
                       'load balancer: %s' % tg['arn'])

    def _check_listener_protocol(self, lb, protocol, port, certificates):
        if lb['type'] == 'gateway':
            if protocol or port:
                raise _validation('Protocol and port cannot be specified for Gateway Load '
                                  'Balancer listeners')
            return
        allowed = _ALB_PROTOCOLS if lb['type'] == 'application' else _NLB_PROTOCOLS
        if protocol not in allowed:
            raise _validation("Listener protocol '%s' must be one of '%s'"
                              % (protocol, ', '.join(allowed)))
        if port is None:
            raise _validation('A listener port must be specified')
        if protocol in ('HTTPS', 'TLS') and not certificates:
            raise _err('CertificateNotFound',
                       'A certificate must be specified for %s listeners' % protocol)

    def _listener_attr_defaults(self, protocol):
        if protocol == 'HTTP':
            return [(k, 'true' if k.endswith('server.enabled') else '')
                    for k in _HTTP_RESPONSE_HEADERS]
        if protocol == 'HTTPS':
            return ([(k, 'true' if k.endswith('server.enabled') else '')
                     for k in _HTTP_RESPONSE_HEADERS] + list(_HTTPS_REQUEST_HEADERS))
        if protocol in ('TCP', 'GENEVE') or protocol is None:
            return [('tcp.idle_timeout.seconds', '350')]
        return []

    def op_CreateListener(self, p):
        lb_arn = p['LoadBalancerArn']
        self._require_arn(lb_arn, 'loadbalancer', 'load balancer')
        lb = self._lb(lb_arn)
        protocol = p.get('Protocol')
        if protocol is None and lb['type'] != 'gateway':
            protocol = 'HTTPS' if p.get('Certificates') and lb['type'] == 'application' else (
                'HTTP' if lb['type'] == 'application' else None)
            if protocol is None:
                raise _validation('A listener protocol must be specified')
        port = p.get('Port')
        self._check_listener_protocol(lb, protocol, port, p.get('Certificates'))
        for ls in self.listeners.values():
            if ls['lb'] == lb_arn and ls['port'] == port:
                raise _err('DuplicateListener',
                           "A listener already exists on this port for this load balancer "
                           "'%s'" % lb_arn)
        actions = self._normalise_actions(lb, p['DefaultActions'])
        self._check_new_tags(p.get('Tags'))
        lid = store.hex_digits(16)
        suffix = lb_arn.split(':loadbalancer/', 1)[1]
        arn = self._arn('listener/%s/%s' % (suffix, lid))
        ls = {
            'arn': arn, 'lb': lb_arn, 'port': port, 'protocol': protocol,
            'actions': actions, 'created': self._now(),
            'rule': self._arn('listener-rule/%s/%s/%s' % (suffix, lid, store.hex_digits(16))),
            'ssl_policy': None, 'certificates': None, 'alpn': None, 'mtls': None,
            'attrs': dict(self._listener_attr_defaults(protocol)),
        }
        self._apply_tls(ls, p)
        self.listeners[arn] = ls
        self._created(arn, p.get('Tags'))
        return {'Listeners': [self._listener_out(ls)]}

    @staticmethod
    def _apply_tls(ls, p):
        if ls['protocol'] in ('HTTPS', 'TLS'):
            if p.get('Certificates'):
                ls['certificates'] = [{'CertificateArn': c['CertificateArn']}
                                      for c in p['Certificates'] if c.get('CertificateArn')]
            ls['ssl_policy'] = p.get('SslPolicy') or ls['ssl_policy'] or _DEFAULT_SSL_POLICY
            if p.get('AlpnPolicy') is not None:
                if ls['protocol'] != 'TLS':
                    raise _err('ALPNPolicyNotFound',
                               'ALPN policies are only supported for TLS listeners')
                ls['alpn'] = list(p['AlpnPolicy'])
            if p.get('MutualAuthentication') and ls['protocol'] == 'HTTPS':
                ls['mtls'] = dict(p['MutualAuthentication'])
        else:
            if p.get('SslPolicy') or p.get('Certificates'):
                raise _validation('SSL policies and certificates are only supported for '
                                  'HTTPS and TLS listeners')
            ls['ssl_policy'] = ls['certificates'] = ls['alpn'] = None
            ls['mtls'] = None

    def _listener_out(self, ls):
        out = {'ListenerArn': ls['arn'], 'LoadBalancerArn': ls['lb'],
               'DefaultActions': copy.deepcopy(ls['actions'])}
        if ls['port'] is not None:
            out['Port'] = ls['port']
        if ls['protocol']:
            out['Protocol'] = ls['protocol']
        if ls['certificates']:
            out['Certificates'] = copy.deepcopy(ls['certificates'])
        if ls['ssl_policy']:
            out['SslPolicy'] = ls['ssl_policy']
        if ls['alpn']:
            out['AlpnPolicy'] = list(ls['alpn'])
        if ls['protocol'] == 'HTTPS':
            out['MutualAuthentication'] = dict(ls['mtls'] or {'Mode': 'off'})
        return out

    def op_DescribeListeners(self, p):
        arns, lb_arn = p.get('ListenerArns'), p.get('LoadBalancerArn')
        if arns and lb_arn:
            raise _validation('Listener ARNs and a load balancer ARN cannot be specified at '
                              'the same time')
        if not arns and not lb_arn:
            raise _validation('You must specify either listener ARNs or a load balancer ARN')
        if arns:
            for a in arns:
                self._require_arn(a, 'listener', 'listener')
            if any(a not in self.listeners or not self._visible(a) for a in arns):
                raise _err('ListenerNotFound', 'One or more listeners not found')
            found = [self.listeners[a] for a in dict.fromkeys(arns)]
        else:
            self._require_arn(lb_arn, 'loadbalancer', 'load balancer')
            self._lb(lb_arn)
            found = [ls for ls in self.listeners.values()
                     if ls['lb'] == lb_arn and self._visible(ls['arn'])]
        page, nxt = _page(found, p.get('Marker'), p.get('PageSize'))
        out = {'Listeners': [self._listener_out(ls) for ls in page]}
        if nxt:
            out['NextMarker'] = nxt
        return out

    def op_ModifyListener(self, p):
        self._require_arn(p['ListenerArn'], 'listener', 'listener')
        ls = self._listener(p['ListenerArn'])
        lb = self.lbs[ls['lb']]
        protocol = p.get('Protocol') or ls['protocol']
        port = p.get('Port', ls['port'])
        certificates = p.get('Certificates') or ls['certificates']
        if protocol != ls['protocol'] or port != ls['port'] or p.get('Certificates'):
            self._check_listener_protocol(lb, protocol, port, certificates)
        if port != ls['port']:
            for other in self.listeners.values():
                if other['lb'] == ls['lb'] and other['port'] == port:
                    raise _err('DuplicateListener',
                               "A listener already exists on this port for this load balancer "
                               "'%s'" % ls['lb'])
        actions = ls['actions']
        if p.get('DefaultActions'):
            # Re-validating against the listener's own LB must not count this listener as
            # "another" user of its target groups, so take it out while checking.
            held = self.listeners.pop(ls['arn'])
            try:
                actions = self._normalise_actions(lb, p['DefaultActions'])
            finally:
                self.listeners[held['arn']] = held
        if protocol != ls['protocol']:
            old = ls['attrs']
            ls['attrs'] = dict(self._listener_attr_defaults(protocol))
            for k in ls['attrs']:
                if k in old:
                    ls['attrs'][k] = old[k]
            ls['protocol'] = protocol
        ls['port'] = port
        if actions is not ls['actions']:
            ls['actions'] = actions
            ls['created'] = self._now()
        self._apply_tls(ls, p)
        return {'Listeners': [self._listener_out(ls)]}

    def _drop_listener(self, arn):
        self.listeners.pop(arn, None)
        self.tags.pop(arn, None)
        for rarn in [r for r, rule in self.rules.items() if rule['listener'] == arn]:
            self.rules.pop(rarn)
            self.tags.pop(rarn, None)

    def op_DeleteListener(self, p):
        self._require_arn(p['ListenerArn'], 'listener', 'listener')
        if p['ListenerArn'] not in self.listeners:
            raise _err('ListenerNotFound', "Listener '%s' not found" % p['ListenerArn'])
        self._drop_listener(p['ListenerArn'])
        return {}

    def op_DescribeListenerAttributes(self, p):
        self._require_arn(p['ListenerArn'], 'listener', 'listener')
        ls = self._listener(p['ListenerArn'])
        return {'Attributes': [{'Key': k, 'Value': v} for k, v in ls['attrs'].items()]}

    def op_ModifyListenerAttributes(self, p):
        self._require_arn(p['ListenerArn'], 'listener', 'listener')
        ls = self._listener(p['ListenerArn'])
        changes = {}
        for a in p['Attributes']:
            key, value = a.get('Key') or '', a.get('Value')
            value = '' if value is None else value
            if key not in _LISTENER_ALL_KEYS:
                raise _validation("Listener attribute key '%s' is not recognized" % key)
            if key not in ls['attrs']:
                raise _err('InvalidConfigurationRequest',
                           "Listener attribute key '%s' is not supported on listeners with "
                           "the '%s' protocol" % (key, ls['protocol']))
            if key == 'tcp.idle_timeout.seconds' and not (
                    value.isdigit() and 60 <= int(value) <= 6000):
                raise _err('InvalidConfigurationRequest',
                           "'%s' is not a valid value for listener attribute key '%s'"
                           % (value, key))
            if key == 'routing.http.response.server.enabled' and not _bool_str(value):
                raise _err('InvalidConfigurationRequest',
                           "'%s' is not a valid value for listener attribute key '%s'"
                           % (value, key))
            changes[key] = value
        ls['attrs'].update(changes)
        return {'Attributes': [{'Key': k, 'Value': v} for k, v in ls['attrs'].items()]}

    # -- rules -----------------------------------------------------------------
    #
    # A listener's default rule is the record of the listener itself; the other
    # rules live in self.rules: {'arn', 'listener', 'priority' (int),
    # 'conditions' (as AWS describes them), 'actions', 'created'}.

    _CONDITION_CONFIGS = {
        'host-header': 'HostHeaderConfig', 'path-pattern': 'PathPatternConfig',
        'http-header': 'HttpHeaderConfig', 'http-request-method': 'HttpRequestMethodConfig',
        'query-string': 'QueryStringConfig', 'source-ip': 'SourceIpConfig',
    }
    # Fields whose condition AWS also reports with the legacy Values list.
    _LEGACY_VALUES = ('host-header', 'path-pattern')
    # At most one condition of each of these kinds per rule.
    _ONCE_PER_RULE = ('host-header', 'path-pattern', 'http-request-method', 'source-ip')
    _MAX_CONDITION_VALUES = 5

    def _normalise_conditions(self, conditions):
        """Validate Conditions and return them as AWS describes them."""
        out, values, seen = [], 0, []
        for c in conditions:
            given = [f for f, key in self._CONDITION_CONFIGS.items() if c.get(key)]
            field = c.get('Field')
            if len(given) > 1 or (given and field and field != given[0]):
                raise _validation('A condition can have only one field and one configuration')
            if field is None:
                if not given:
                    raise _validation('A condition field must be specified')
                field = given[0]
            if field not in self._CONDITION_CONFIGS:
                raise _validation("Condition field '%s' must be one of [%s]"
                                  % (field, ', '.join(self._CONDITION_CONFIGS)))
            key = self._CONDITION_CONFIGS[field]
            cfg = copy.deepcopy(c.get(key) or {})
            if not cfg:
                if c.get('Values') and field in self._LEGACY_VALUES:
                    cfg = {'Values': list(c['Values'])}
                else:
                    raise _validation("A '%s' condition must have a %s" % (field, key))
            vals = cfg.get('Values') or []
            if not vals:
                raise _validation("A '%s' condition must have at least one value" % field)
            if field == 'http-header' and not cfg.get('HttpHeaderName'):
                raise _validation('An HTTP header condition must have a header name')
            if field == 'source-ip':
                for v in vals:
                    try:
                        ipaddress.ip_network(v, strict=True)
                    except ValueError:
                        raise _validation("'%s' is not a valid CIDR block" % v)
            if field in self._ONCE_PER_RULE and field in seen:
                raise _validation("A rule can only have one '%s' condition" % field)
            seen.append(field)
            values += len(vals)
            item = {'Field': field, key: cfg}
            if field in self._LEGACY_VALUES:
                item['Values'] = list(vals)
            out.append(item)
        if values > self._MAX_CONDITION_VALUES:
            raise _err('TooManyConditionValues',
                       'A rule can have a maximum of %d condition values'
                       % self._MAX_CONDITION_VALUES)
        return out

    def _rule(self, arn):
        self._require_arn(arn, 'listener-rule', 'rule')
        rule = self.rules.get(arn)
        if rule is None or not self._visible(arn):
            raise _err('RuleNotFound', "Rule '%s' not found" % arn)
        return rule

    def _default_rule_listener(self, arn):
        for ls in self.listeners.values():
            if ls['rule'] == arn:
                return ls
        return None

    def _check_priority_free(self, listener_arn, priority, but=None):
        for r in self.rules.values():
            if r['listener'] == listener_arn and r['priority'] == priority and r['arn'] != but:
                raise _err('PriorityInUse', "Priority '%d' is currently in use" % priority)

    def _rule_actions(self, ls, actions):
        if not actions:
            raise _validation('At least one action must be specified')
        return self._normalise_actions(self.lbs[ls['lb']], actions)

    def op_CreateRule(self, p):
        self._require_arn(p['ListenerArn'], 'listener', 'listener')
        ls = self._listener(p['ListenerArn'])
        if self.lbs[ls['lb']]['type'] != 'application':
            raise _err('InvalidConfigurationRequest',
                       'Rules are only supported by Application Load Balancer listeners')
        self._check_priority_free(ls['arn'], p['Priority'])
        conditions = self._normalise_conditions(p['Conditions'])
        actions = self._rule_actions(ls, p['Actions'])
        self._check_new_tags(p.get('Tags'))
        prefix = ls['arn'].replace(':listener/', ':listener-rule/', 1)
        arn = '%s/%s' % (prefix, store.hex_digits(16))
        rule = {'arn': arn, 'listener': ls['arn'], 'priority': p['Priority'],
                'conditions': conditions, 'actions': actions, 'created': self._now()}
        self.rules[arn] = rule
        self._created(arn, p.get('Tags'))
        return {'Rules': [self._rule_out(rule)]}

    @staticmethod
    def _rule_out(rule):
        return {'RuleArn': rule['arn'], 'Priority': str(rule['priority']),
                'Conditions': copy.deepcopy(rule['conditions']),
                'Actions': copy.deepcopy(rule['actions']), 'IsDefault': False}

    @staticmethod
    def _default_rule_out(ls):
        return {'RuleArn': ls['rule'], 'Priority': 'default', 'Conditions': [],
                'Actions': copy.deepcopy(ls['actions']), 'IsDefault': True}

    def op_DescribeRules(self, p):
        larn, rule_arns = p.get('ListenerArn'), p.get('RuleArns')
        if not larn and not rule_arns:
            raise _validation('You must specify either listener ARN or rule ARNs')
        if larn and rule_arns:
            raise _validation('Listener ARN and rule ARNs cannot be specified at the same time')
        if larn:
            self._require_arn(larn, 'listener', 'listener')
            ls = self._listener(larn)
            mine = sorted((r for r in self.rules.values()
                           if r['listener'] == larn and self._visible(r['arn'])),
                          key=lambda r: r['priority'])
            found = [self._rule_out(r) for r in mine] + [self._default_rule_out(ls)]
        else:
            found = []
            for r in dict.fromkeys(rule_arns):
                self._require_arn(r, 'listener-rule', 'rule')
                ls = self._default_rule_listener(r)
                if ls is not None:
                    found.append(self._default_rule_out(ls))
                elif r in self.rules and self._visible(r):
                    found.append(self._rule_out(self.rules[r]))
                else:
                    raise _err('RuleNotFound', 'One or more rules not found')
        page, nxt = _page(found, p.get('Marker'), p.get('PageSize'))
        out = {'Rules': page}
        if nxt:
            out['NextMarker'] = nxt
        return out

    def op_ModifyRule(self, p):
        arn = p['RuleArn']
        ls = self._default_rule_listener(arn) if _arn_kind(arn) == 'listener-rule' else None
        if ls is not None:
            if p.get('Conditions'):
                raise _err('OperationNotPermitted',
                           'The conditions of a default rule cannot be modified')
            if p.get('Actions'):
                ls['actions'] = self._rule_actions(ls, p['Actions'])
            return {'Rules': [self._default_rule_out(ls)]}
        rule = self._rule(arn)
        ls = self.listeners[rule['listener']]
        conditions = rule['conditions']
        if p.get('Conditions'):
            conditions = self._normalise_conditions(p['Conditions'])
        actions = rule['actions']
        if p.get('Actions'):
            actions = self._rule_actions(ls, p['Actions'])
        rule['conditions'] = conditions
        if actions is not rule['actions']:
            rule['actions'] = actions
            rule['created'] = self._now()
        return {'Rules': [self._rule_out(rule)]}

    def op_SetRulePriorities(self, p):
        pairs = p['RulePriorities']
        rules = []
        for pair in pairs:
            arn = pair.get('RuleArn') or ''
            if _arn_kind(arn) == 'listener-rule' and self._default_rule_listener(arn):
                raise _err('OperationNotPermitted',
                           'The priority of a default rule cannot be changed')
            rules.append((self._rule(arn), pair.get('Priority')))
        for rule, prio in rules:
            if prio is None:
                raise _validation('A priority must be specified')
            moving = {r['arn'] for r, _ in rules}
            for other in self.rules.values():
                if (other['listener'] == rule['listener'] and other['priority'] == prio
                        and other['arn'] not in moving):
                    raise _err('PriorityInUse', "Priority '%d' is currently in use" % prio)
        for rule, prio in rules:
            rule['priority'] = prio
        return {'Rules': [self._rule_out(r) for r, _ in rules]}

    def op_DeleteRule(self, p):
        arn = p['RuleArn']
        self._require_arn(arn, 'listener-rule', 'rule')
        if self._default_rule_listener(arn):
            raise _err('OperationNotPermitted', 'A default rule cannot be deleted')
        self._rule(arn)
        del self.rules[arn]
        self.tags.pop(arn, None)
        return {}

    # -- listener certificates ---------------------------------------------------
    #
    # The default certificate is the listener's (Certificates of Create/
    # ModifyListener); the others, in ls['extra_certs'], serve SNI.

    @staticmethod
    def _check_certificate_arn(arn):
        parts = (arn or '').split(':', 5)
        if (len(parts) != 6 or parts[0] != 'arn' or parts[2] not in ('acm', 'iam')
                or not parts[5].startswith(('certificate/', 'server-certificate/'))):
            raise _err('CertificateNotFound', "Certificate '%s' not found" % arn)

    def _cert_listener(self, arn):
        self._require_arn(arn, 'listener', 'listener')
        ls = self._listener(arn)
        if ls['protocol'] not in ('HTTPS', 'TLS'):
            raise _err('InvalidConfigurationRequest',
                       "Certificates are only supported on HTTPS and TLS listeners, not '%s'"
                       % ls['protocol'])
        return ls

    def op_AddListenerCertificates(self, p):
        ls = self._cert_listener(p['ListenerArn'])
        certs = p['Certificates']
        for c in certs:
            self._check_certificate_arn(c.get('CertificateArn'))
        extra = ls.setdefault('extra_certs', [])
        for c in certs:
            if c['CertificateArn'] not in extra:
                extra.append(c['CertificateArn'])
        return {'Certificates': [{'CertificateArn': c['CertificateArn'], 'IsDefault': False}
                                 for c in certs]}

    def op_DescribeListenerCertificates(self, p):
        self._require_arn(p['ListenerArn'], 'listener', 'listener')
        ls = self._listener(p['ListenerArn'])
        found = [{'CertificateArn': c['CertificateArn'], 'IsDefault': True}
                 for c in ls['certificates'] or []]
        found += [{'CertificateArn': c, 'IsDefault': False} for c in ls.get('extra_certs', [])]
        page, nxt = _page(found, p.get('Marker'), p.get('PageSize'))
        out = {'Certificates': page}
        if nxt:
            out['NextMarker'] = nxt
        return out

    def op_RemoveListenerCertificates(self, p):
        self._require_arn(p['ListenerArn'], 'listener', 'listener')
        ls = self._listener(p['ListenerArn'])
        default = {c['CertificateArn'] for c in ls['certificates'] or []}
        for c in p['Certificates']:
            if c.get('CertificateArn') in default:
                raise _err('OperationNotPermitted',
                           'Default certificate cannot be removed')
        extra = ls.get('extra_certs', [])
        for c in p['Certificates']:
            if c.get('CertificateArn') in extra:
                extra.remove(c['CertificateArn'])
        return {}

    # -- tags ------------------------------------------------------------------

    def _tagged(self, arn):
        """The tag dict of an existing resource, or the NotFound error its kind uses."""
        kind = _arn_kind(arn)
        if kind is None:
            raise _validation("'%s' is not a valid resource ARN" % arn)
        if kind == 'listener-rule':
            if self._default_rule_listener(arn) is not None or (
                    arn in self.rules and self._visible(arn)):
                return self.tags.setdefault(arn, {})
            raise _err('RuleNotFound', "Rule '%s' not found" % arn)
        table, code, label = {
            'loadbalancer': (self.lbs, 'LoadBalancerNotFound', 'Load balancer'),
            'targetgroup': (self.tgs, 'TargetGroupNotFound', 'Target group'),
            'listener': (self.listeners, 'ListenerNotFound', 'Listener'),
        }[kind]
        if arn not in table or not self._visible(arn):
            raise _err(code, "%s '%s' not found" % (label, arn))
        return self.tags.setdefault(arn, {})

    @staticmethod
    def _check_arn_count(arns):
        if len(arns) > 20:
            raise _validation("1 validation error detected: Value '%s' at 'resourceArns' "
                              "failed to satisfy constraint: Member must have length less "
                              "than or equal to 20" % arns)

    def op_AddTags(self, p):
        self._check_arn_count(p['ResourceArns'])
        keys = [t['Key'] for t in p['Tags']]
        if len(keys) != len(set(keys)):
            raise _err('DuplicateTagKeys', 'Tag keys must be unique')
        targets = [self._tagged(a) for a in p['ResourceArns']]
        for tags in targets:
            merged = dict(tags)
            merged.update((t['Key'], t.get('Value', '')) for t in p['Tags'])
            if len(merged) > _MAX_TAGS:
                raise _err('TooManyTags', 'Too many tags; the limit is %d' % _MAX_TAGS)
        for tags in targets:
            tags.update((t['Key'], t.get('Value', '')) for t in p['Tags'])
        return {}

    def op_RemoveTags(self, p):
        self._check_arn_count(p['ResourceArns'])
        targets = [self._tagged(a) for a in p['ResourceArns']]
        for tags in targets:
            for k in p['TagKeys']:
                tags.pop(k, None)
        return {}

    def op_DescribeTags(self, p):
        self._check_arn_count(p['ResourceArns'])
        out = []
        for arn in p['ResourceArns']:
            tags = self._tagged(arn)
            out.append({'ResourceArn': arn,
                        'Tags': [{'Key': k, 'Value': v} for k, v in tags.items()]})
        return {'TagDescriptions': out}

    # -- internal API for ecs and autoscaling ----------------------------------

    def find_target_group_internal(self, arn):
        """The target group as DescribeTargetGroups shows it, or None."""
        with self._lock:
            tg = self.tgs.get(arn)
            return self._tg_out(tg) if tg is not None else None

    def register_targets_internal(self, arn, instance_ids):
        """Register instances (at the group's port), as Auto Scaling does."""
        with self._lock:
            tg = self.tgs.get(arn)
            if tg is not None:
                self._register(tg, [{'Id': i} for i in instance_ids])

    def deregister_targets_internal(self, arn, instance_ids):
        with self._lock:
            tg = self.tgs.get(arn)
            if tg is not None:
                self._deregister(tg, [{'Id': i} for i in instance_ids])

    def target_states_internal(self, arn):
        """{target id: health state} of a target group ({} when it does not exist)."""
        with self._lock:
            tg = self.tgs.get(arn)
            if tg is None:
                return {}
            return {rec['Id']: self._health(tg, rec)['State'] for rec in tg['targets'].values()}


def _action_target_groups(actions):
    """Every target group ARN a list of (normalised) actions forwards to."""
    out = []
    for a in actions:
        if a['Type'] != 'forward':
            continue
        for t in a.get('ForwardConfig', {}).get('TargetGroups', []):
            out.append(t['TargetGroupArn'])
    return out

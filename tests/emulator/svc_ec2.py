"""EC2: VPC networking, security groups, images and instances, with state.

What makes this faithful rather than a stub is the bookkeeping AWS does
behind each call, because clients (hashicorp/aws, our provider) depend on it:

  * CreateVpc also creates the VPC's main route table (with its `local`
    route), its default security group (ingress from itself, egress to
    anywhere) and its default network ACL; they go away with the VPC.
  * Deletes check dependencies the way AWS does (DependencyViolation while
    subnets, attached gateways, extra groups or tables remain, while a group
    is referenced by another group's rule, while an interface uses a subnet).
  * Security group rules are stored one source per rule (as
    DescribeSecurityGroupRules shows them) and regrouped into IpPermissions.
  * Describe* calls apply `Filter.N` the way EC2 does: filters AND together,
    values OR together, `*` and `?` wildcards, `tag:Key` filters.
  * Errors use EC2's codes: InvalidVpcID.NotFound, InvalidPermission.Duplicate...

Other services reach EC2 state through get_vpc / get_subnet /
get_security_group / run_instances_internal / terminate_instances_internal /
create_network_interface_internal / delete_network_interface_internal.
"""

import base64
import ipaddress
import re
import threading
import time

import store
from errors import AwsError, ServiceBase
from svc_ec2_gateways import GatewaysMixin
from svc_ec2_launch_templates import LaunchTemplatesMixin
from svc_ec2_vpc_extras import VpcExtrasMixin
from svc_ec2_vpn import VpnMixin
from svc_ec2_defaults import DefaultVpcMixin
from svc_ec2_nacls import NetworkAclsMixin
from svc_ec2_endpoints import EndpointsMixin
from svc_ec2_instances import InstancesMixin

_ID_RE = re.compile(r'^[a-z]+-(?:[0-9a-f]{8}|[0-9a-f]{17})$')

# id prefix -> (collection attribute, NotFound code, noun in messages, tag resource type,
#               Malformed code or None)
_KINDS = {
    'vpc': ('vpcs', 'InvalidVpcID.NotFound', 'vpc ID', 'vpc', 'InvalidVpcID.Malformed'),
    'subnet': ('subnets', 'InvalidSubnetID.NotFound', 'subnet ID', 'subnet',
               'InvalidSubnetID.Malformed'),
    'igw': ('igws', 'InvalidInternetGatewayID.NotFound', 'internetGateway ID',
            'internet-gateway', None),
    'rtb': ('rtbs', 'InvalidRouteTableID.NotFound', 'routeTable ID', 'route-table',
            'InvalidRouteTableId.Malformed'),
    'sg': ('sgs', 'InvalidGroup.NotFound', 'security group', 'security-group',
           'InvalidGroupId.Malformed'),
    'acl': ('acls', 'InvalidNetworkAclID.NotFound', 'networkAcl ID', 'network-acl', None),
    'eni': ('enis', 'InvalidNetworkInterfaceID.NotFound', 'networkInterface ID',
            'network-interface', None),
    'i': ('instances', 'InvalidInstanceID.NotFound', 'instance ID', 'instance',
          'InvalidInstanceID.Malformed'),
    'sgr': ('rules', 'InvalidSecurityGroupRuleId.NotFound', 'security group rule ID',
            'security-group-rule', None),
    'ami': ('images', 'InvalidAMIID.NotFound', 'image id', 'image', 'InvalidAMIID.Malformed'),
    'dopt': ('dopts', 'InvalidDhcpOptionID.NotFound', 'dhcpOption ID', 'dhcp-options', None),
    'vgw': ('vgws', 'InvalidVpnGatewayID.NotFound', 'vpnGateway ID', 'vpn-gateway', None),
}

_PROTOCOLS = {'tcp': 'tcp', '6': 'tcp', 'udp': 'udp', '17': 'udp', 'icmp': 'icmp', '1': 'icmp',
              '-1': '-1', 'all': '-1', 'icmpv6': 'icmpv6', '58': 'icmpv6'}

# A few Amazon ECS-optimized AMIs (names as Amazon publishes them).
_IMAGES = [
    ('ami-0a9e8b4c3d2f1e0a7', 'amzn2-ami-ecs-hvm-2.0.20240312-x86_64-ebs', 'x86_64',
     '2024-03-13T00:12:45.000Z',
     'Amazon Linux AMI 2.0.20240312 x86_64 ECS HVM GP2'),
    ('ami-0b1c2d3e4f5a6b7c8', 'amzn2-ami-ecs-hvm-2.0.20240312-arm64-ebs', 'arm64',
     '2024-03-13T00:14:02.000Z',
     'Amazon Linux AMI 2.0.20240312 arm64 ECS HVM GP2'),
    ('ami-0c2d3e4f5a6b7c8d9', 'al2023-ami-ecs-hvm-2023.0.20240312-kernel-6.1-x86_64',
     'x86_64', '2024-03-13T01:02:11.000Z',
     'Amazon Linux AMI 2023.0.20240312 x86_64 ECS HVM EBS'),
    ('ami-0d3e4f5a6b7c8d9e0', 'amzn-ami-2018.03.20231218-amazon-ecs-optimized', 'x86_64',
     '2023-12-19T18:30:55.000Z',
     'Amazon Linux AMI 2018.03.20231218 x86_64 ECS HVM GP2'),
    # The plain Amazon Linux images of SSM's /aws/service/ami-amazon-linux-latest/.
    ('ami-0e1f2a3b4c5d6e7f8', 'amzn2-ami-hvm-2.0.20240306.2-x86_64-gp2', 'x86_64',
     '2024-03-07T21:11:49.000Z', 'Amazon Linux 2 AMI 2.0.20240306.2 x86_64 HVM gp2'),
    ('ami-0f2a3b4c5d6e7f809', 'amzn2-ami-hvm-2.0.20240306.2-arm64-gp2', 'arm64',
     '2024-03-07T21:13:02.000Z', 'Amazon Linux 2 LTS Arm64 AMI 2.0.20240306.2 arm64 HVM gp2'),
    ('ami-01a2b3c4d5e6f7a8b', 'al2023-ami-2023.3.20240312.0-kernel-6.1-x86_64', 'x86_64',
     '2024-03-12T22:40:13.000Z', 'Amazon Linux 2023 AMI 2023.3.20240312.0 x86_64 HVM kernel-6.1'),
    ('ami-02b3c4d5e6f7a8b9c', 'al2023-ami-2023.3.20240312.0-kernel-6.1-arm64', 'arm64',
     '2024-03-12T22:41:30.000Z', 'Amazon Linux 2023 AMI 2023.3.20240312.0 arm64 HVM kernel-6.1'),
]
# Root volume size (GiB) of an image, where it is not the ECS images' 30.
_IMAGE_VOLUME_SIZE = {'ami-0e1f2a3b4c5d6e7f8': 8, 'ami-0f2a3b4c5d6e7f809': 8,
                      'ami-01a2b3c4d5e6f7a8b': 8, 'ami-02b3c4d5e6f7a8b9c': 8}
AMAZON_OWNER = '591542846629'


def _b(v):
    return 'true' if v else 'false'


def _wild(pattern):
    """EC2 filter values: `*` any run, `?` one character, `\\` escapes."""
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == '\\' and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        out.append('.*' if c == '*' else '.' if c == '?' else re.escape(c))
        i += 1
    return re.compile('^' + ''.join(out) + '$', re.S)


def _as_list(v):
    if v is None:
        return []
    if isinstance(v, (list, tuple, set)):
        return [x for x in v if x is not None]
    return [v]


def _str(v):
    return _b(v) if isinstance(v, bool) else str(v)


def apply_filters(items, filters, fields):
    """Keep items matching every filter. fields: name -> fn(item) -> value(s)."""
    for f in filters or []:
        name = f.get('Name')
        values = f.get('Values') or []
        if name is None:
            raise AwsError('InvalidParameterValue', 'The filter \'null\' is invalid')
        if name.startswith('tag:'):
            key = name[4:]

            def get(item, key=key):
                t = item['_tags']
                return [t[key]] if key in t else []
        elif name == 'tag-key':
            def get(item):
                return list(item['_tags'])
        elif name == 'tag-value':
            def get(item):
                return list(item['_tags'].values())
        elif name in fields:
            get = fields[name]
        else:
            raise AwsError('InvalidParameterValue', "The filter '%s' is invalid" % name)
        pats = [_wild(v) for v in values]
        items = [it for it in items
                 if any(p.match(_str(x)) for x in _as_list(get(it)) for p in pats)]
    return items


def _tag_list(tags):
    return store.tags_to_list(tags)


def _cidr(text, param, v6=False):
    try:
        net = ipaddress.ip_network(text, strict=True)
    except ValueError:
        raise AwsError('InvalidParameterValue',
                       'Value (%s) for parameter %s is invalid. This is not a valid CIDR block.'
                       % (text, param))
    if (net.version == 6) != v6:
        raise AwsError('InvalidParameterValue',
                       'Value (%s) for parameter %s is invalid. This is not a valid CIDR block.'
                       % (text, param))
    return net


def _zone_abbrev(region):
    # us-east-1 -> use1, eu-west-2 -> euw2, ap-southeast-1 -> apse1
    parts = region.split('-')
    if len(parts) < 3:
        return region
    mid = {'east': 'e', 'west': 'w', 'north': 'n', 'south': 's', 'central': 'c',
           'northeast': 'ne', 'southeast': 'se', 'northwest': 'nw', 'southwest': 'sw'}
    return parts[0] + mid.get(parts[1], parts[1][:2]) + parts[2]


class Service(InstancesMixin, EndpointsMixin, GatewaysMixin, LaunchTemplatesMixin, VpcExtrasMixin, VpnMixin, NetworkAclsMixin,
              DefaultVpcMixin, ServiceBase):
    signing_name = 'ec2'
    model_name = 'ec2'

    def __init__(self, emu):
        self.emu = emu
        self._lock = threading.RLock()
        self.account = emu.account_id
        self.region = emu.region
        abbrev = _zone_abbrev(self.region)
        self.zones = [('%s%s' % (self.region, c), '%s-az%d' % (abbrev, i + 1))
                      for i, c in enumerate('abcdef')]
        self.reset()

    # -- state -------------------------------------------------------------------

    def reset(self):
        with self._lock:
            self.vpcs = {}
            self.subnets = {}
            self.igws = {}
            self.vgws = {}
            self.rtbs = {}
            self.rtb_tokens = {}
            self.sgs = {}
            self.rules = {}
            self.acl_reset()
            self.enis = {}
            self.inst_reset()
            self.images = {}
            for image_id, name, arch, created, desc in _IMAGES:
                self.images[image_id] = {
                    'ImageId': image_id, 'Name': name, 'Architecture': arch,
                    'CreationDate': created, 'Description': desc, '_tags': {},
                    'OwnerId': AMAZON_OWNER, 'ImageOwnerAlias': 'amazon'}
            dopt = store.new_id('dopt')
            self.dopts = {dopt: {'DhcpOptionsId': dopt, '_tags': {}}}
            self.default_dopt = dopt
            self._ip_counter = {}
            self.ipams = {}
            self.ipam_pools = {}
            self.gw_reset()
            self.lt_reset()
            self.vx_reset()

    def snapshot(self):
        with self._lock:
            self.gw_tick()
            self.vx_tick()
            return dict(self.gw_snapshot(), **self.lt_snapshot(), **self.vx_snapshot(),
                        **self.inst_snapshot(), **{
                'vpcs': sorted(self.vpcs),
                'subnets': sorted(self.subnets),
                'internet_gateways': sorted(self.igws),
                'vpn_gateways': sorted(self.vgws),
                'route_tables': sorted(r for r, t in self.rtbs.items() if not t['_main']),
                'security_groups': sorted(g for g, s in self.sgs.items() if not s['_default']),
                'network_interfaces': sorted(self.enis),
                'ipams': sorted(self.ipams),
                'ipam_pools': sorted(self.ipam_pools),
                '_implicit': {
                    'main_route_tables': sorted(r for r, t in self.rtbs.items() if t['_main']),
                    'default_security_groups': sorted(g for g, s in self.sgs.items()
                                                      if s['_default']),
                    'network_acls': sorted(self.acls),
                    **self.gw_implicit(),
                    **self.vx_implicit(),
                },
            })

    def handle(self, op, params):
        with self._lock:
            self.gw_tick()
            self.vx_tick()
            return ServiceBase.handle(self, op, params)

    # -- lookups -------------------------------------------------------------------

    def _find(self, kind, rid, hidden_ok=False):
        coll, code, noun, _, malformed = _KINDS[kind]
        if malformed and not (rid.startswith(kind + '-') and _ID_RE.match(rid)):
            raise AwsError(malformed, 'Invalid id: "%s"' % rid)
        item = getattr(self, coll).get(rid)
        if item is None or (not hidden_ok and self.emu.hidden(rid)):
            raise AwsError(code, "The %s '%s' does not exist" % (noun, rid))
        return item

    def _find_many(self, kind, ids):
        return [self._find(kind, i) for i in ids]

    def _visible(self, coll):
        return [x for k, x in getattr(self, coll).items() if not self.emu.hidden(k)]

    def _any_resource(self, rid):
        found = (self.gw_any_resource(rid) or self.lt_any_resource(rid)
                 or self.vx_any_resource(rid) or self.inst_any_resource(rid))
        if found is not None:
            return found
        prefix = rid.split('-', 1)[0]
        if prefix not in _KINDS or '-' not in rid:
            raise AwsError('InvalidID', 'The ID \'%s\' is not valid' % rid)
        return _KINDS[prefix][3], self._find(prefix, rid)

    def _tags_from_specs(self, params, resource_type):
        tags = {}
        for spec in params.get('TagSpecifications') or []:
            rtype = spec.get('ResourceType')
            if rtype is None:
                raise AwsError('InvalidParameterValue',
                               'Tag specification resource type must have a value')
            if rtype != resource_type:
                continue
            tags.update(self._check_tags(spec.get('Tags') or []))
        return tags

    @staticmethod
    def _check_tags(tag_list):
        out = {}
        for t in tag_list:
            key = t.get('Key')
            if key is None or key == '':
                raise AwsError('InvalidParameterValue', 'Tag key cannot be null or empty')
            if key.lower().startswith('aws:'):
                raise AwsError('InvalidParameterValue',
                               'Tag keys starting with \'aws:\' are reserved for internal use')
            if len(key) > 128:
                raise AwsError('InvalidParameterValue',
                               'Tag key exceeds the maximum length of 128 characters')
            value = t.get('Value') or ''
            if len(value) > 256:
                raise AwsError('InvalidParameterValue',
                               'Tag value exceeds the maximum length of 256 characters')
            out[key] = value
        if len(out) > 50:
            raise AwsError('TagLimitExceeded', 'The maximum number of tags is 50')
        return out

    def _created(self, rid):
        self.emu.note_created(rid)

    @staticmethod
    def _page(items, params):
        start = 0
        token = params.get('NextToken')
        if token:
            try:
                start = int(base64.b64decode(token).decode())
            except ValueError:
                raise AwsError('InvalidParameterValue', 'Invalid value for NextToken: %s' % token)
        mr = params.get('MaxResults')
        if not mr:
            return items[start:], None
        end = start + mr
        nxt = base64.b64encode(str(end).encode()).decode() if end < len(items) else None
        return items[start:end], nxt

    def _arn(self, kind, rid):
        return store.arn('ec2', self.region, self.account, '%s/%s' % (kind, rid))

    # -- helpers for other services --------------------------------------------------

    def get_vpc(self, vpc_id):
        with self._lock:
            return self._vpc_out(self._find('vpc', vpc_id))

    def get_subnet(self, subnet_id):
        with self._lock:
            return self._subnet_out(self._find('subnet', subnet_id))

    def get_security_group(self, sg_id):
        with self._lock:
            return self._sg_out(self._find('sg', sg_id))

    def vpc_has_internet_gateway(self, vpc_id):
        with self._lock:
            return any(g['_vpc'] == vpc_id for g in self.igws.values())

    def get_image(self, image_id):
        with self._lock:
            return self._image_out(self._find('ami', image_id))

    def create_network_interface_internal(self, subnet_id, security_group_ids, description,
                                          interface_type='interface', requester_id=None,
                                          public_ip=False, tags=None):
        """An ENI another service owns (load balancer, ECS task...); returns its id."""
        with self._lock:
            subnet = self._find('subnet', subnet_id, hidden_ok=True)
            for g in security_group_ids or []:
                self._find('sg', g, hidden_ok=True)
            eni = self._new_eni(subnet, security_group_ids or [], description,
                                interface_type, requester_id, public_ip)
            eni['_tags'].update(tags or {})
            return eni['NetworkInterfaceId']

    def delete_network_interface_internal(self, eni_id):
        with self._lock:
            self.enis.pop(eni_id, None)

    def run_instances_internal(self, image_id, instance_type, subnet_id, security_group_ids,
                               user_data=None, tags=None, key_name=None,
                               iam_instance_profile=None):
        """Launch one instance (Auto Scaling uses this); returns its id."""
        with self._lock:
            res = self._launch(image_id, instance_type, subnet_id, security_group_ids or [],
                               user_data, dict(tags or {}), key_name, 1,
                               iam_instance_profile=iam_instance_profile, hidden_ok=True)
            return res['Instances'][0]

    def terminate_instances_internal(self, ids):
        with self._lock:
            for i in ids:
                inst = self.instances.get(i)
                if inst is not None:
                    self._terminate(inst)

    def describe_instance_internal(self, instance_id):
        with self._lock:
            inst = self.instances.get(instance_id)
            return self._instance_out(inst) if inst else None

    # -- VPCs ----------------------------------------------------------------------

    def _vpc_out(self, v):
        return {
            'VpcId': v['VpcId'], 'OwnerId': self.account, 'State': 'available',
            'CidrBlock': v['CidrBlock'], 'DhcpOptionsId': self.vx_dopt_of(v),
            'InstanceTenancy': v['InstanceTenancy'], 'IsDefault': v.get('_is_default', False),
            'CidrBlockAssociationSet': [{
                'AssociationId': v['_cidr_assoc'], 'CidrBlock': v['CidrBlock'],
                'CidrBlockState': {'State': 'associated'}}] + self.vx_cidr_associations(v),
            'Ipv6CidrBlockAssociationSet': [dict(a) for a in v.get('_ipv6', [])],
            'Tags': _tag_list(v['_tags']) or None,
            'BlockPublicAccessStates': {'InternetGatewayBlockMode': 'off'},
        }

    def _amazon_ipv6(self, vpc, border_group=None):
        """An Amazon-provided /56 for the VPC (only one at a time here)."""
        if any(a['Ipv6CidrBlockState']['State'] == 'associated' for a in vpc.get('_ipv6', [])):
            raise AwsError('CidrLimitExceeded',
                           'This network \'%s\' has met its maximum number of allowed '
                           'CIDRs: 1' % vpc['VpcId'])
        n = int(store.hex_digits(4), 16)
        assoc = {'AssociationId': store.new_id('vpc-cidr-assoc'),
                 'Ipv6CidrBlock': '2600:1f18:%x:%x00::/56' % (n, n % 256),
                 'Ipv6CidrBlockState': {'State': 'associated'},
                 'NetworkBorderGroup': border_group or self.region, 'Ipv6Pool': 'Amazon'}
        vpc.setdefault('_ipv6', []).append(assoc)
        self.acl_vpc_ipv6_added(vpc['VpcId'])
        return assoc

    def op_AssociateVpcCidrBlock(self, p):
        vpc = self._find('vpc', p['VpcId'])
        if p.get('CidrBlock') or p.get('Ipv4IpamPoolId'):
            return self.vx_associate_ipv4(vpc, p)
        if not p.get('AmazonProvidedIpv6CidrBlock'):
            raise AwsError('InvalidParameterValue',
                           'The emulator only associates Amazon-provided IPv6 blocks')
        assoc = self._amazon_ipv6(vpc, p.get('Ipv6CidrBlockNetworkBorderGroup'))
        return {'VpcId': vpc['VpcId'], 'Ipv6CidrBlockAssociation': dict(assoc)}

    def op_DisassociateVpcCidrBlock(self, p):
        out = self.vx_disassociate_ipv4(p['AssociationId'])
        if out is not None:
            return out
        for vpc in self.vpcs.values():
            for a in vpc.get('_ipv6', []):
                if a['AssociationId'] == p['AssociationId']:
                    vpc['_ipv6'].remove(a)
                    out = dict(a, Ipv6CidrBlockState={'State': 'disassociating'})
                    return {'VpcId': vpc['VpcId'], 'Ipv6CidrBlockAssociation': out}
        raise AwsError('InvalidVpcCidrBlockAssociationID.NotFound',
                       "The vpc CIDR block association ID '%s' does not exist"
                       % p['AssociationId'])

    def op_CreateVpc(self, p):
        if 'CidrBlock' not in p and 'Ipv4IpamPoolId' not in p:
            raise AwsError('MissingParameter',
                           'Either \'cidrBlock\' or \'ipv4IpamPoolId\' should be provided.')
        pool4 = pool6 = None
        if p.get('Ipv4IpamPoolId'):
            pool4 = self._ipam_pool(p['Ipv4IpamPoolId'], 'ipv4')
            net = self._ipam_pick(pool4, p.get('CidrBlock'), p.get('Ipv4NetmaskLength'))
        else:
            net = _cidr(p['CidrBlock'], 'cidrBlock')
        if not 16 <= net.prefixlen <= 28:
            raise AwsError('InvalidVpc.Range', "The CIDR '%s' is invalid." % net)
        if p.get('Ipv6CidrBlock') and not p.get('Ipv6IpamPoolId'):
            raise AwsError('InvalidParameterValue',
                           'BYOIP IPv6 pools are not supported by the emulator')
        if p.get('Ipv6IpamPoolId'):
            pool6 = self._ipam_pool(p['Ipv6IpamPoolId'], 'ipv6')
            net6 = self._ipam_pick(pool6, p.get('Ipv6CidrBlock'), p.get('Ipv6NetmaskLength'))
        tenancy = p.get('InstanceTenancy', 'default')
        if tenancy == 'host':
            raise AwsError('InvalidParameterValue',
                           'Value (host) for parameter instanceTenancy is invalid.')
        vpc_id = store.new_id('vpc')
        vpc = {'VpcId': vpc_id, 'CidrBlock': str(net), 'InstanceTenancy': tenancy,
               '_cidr_assoc': store.new_id('vpc-cidr-assoc'),
               '_tags': self._tags_from_specs(p, 'vpc'), '_net': net,
               '_attrs': {'enableDnsSupport': True, 'enableDnsHostnames': False,
                          'enableNetworkAddressUsageMetrics': False}}
        self.vpcs[vpc_id] = vpc
        # the objects AWS creates with every VPC
        rtb = self._new_rtb(vpc, main=True)
        vpc['_main_rtb'] = rtb['RouteTableId']
        sg = self._new_sg(vpc_id, 'default', 'default VPC security group', {}, default=True)
        self._add_rule(sg, False, '-1', None, None, 'group', sg['GroupId'], None)
        self._add_rule(sg, True, '-1', None, None, 'cidr4', '0.0.0.0/0', None)
        vpc['_default_sg'] = sg['GroupId']
        vpc['_default_acl'] = self.acl_new(vpc, default=True)['NetworkAclId']
        if p.get('AmazonProvidedIpv6CidrBlock'):
            self._amazon_ipv6(vpc, p.get('Ipv6CidrBlockNetworkBorderGroup'))
        if pool4 is not None:
            self._ipam_allocate(pool4, net, vpc_id)
        if pool6 is not None:
            self._ipam_allocate(pool6, net6, vpc_id)
            # EC2 names no pool for an IPAM allocation, only "IPAM Managed"
            vpc.setdefault('_ipv6', []).append({
                'AssociationId': store.new_id('vpc-cidr-assoc'), 'Ipv6CidrBlock': str(net6),
                'Ipv6CidrBlockState': {'State': 'associated'},
                'NetworkBorderGroup': self.region, 'Ipv6Pool': 'IPAM Managed'})
            self.acl_vpc_ipv6_added(vpc_id)
        self._created(vpc_id)
        return {'Vpc': self._vpc_out(vpc)}

    def _vpc_fields(self):
        return {
            'vpc-id': lambda v: v['VpcId'],
            'cidr': lambda v: v['CidrBlock'],
            'cidr-block-association.cidr-block':
                lambda v: [v['CidrBlock']] + [a['CidrBlock']
                                              for a in self.vx_cidr_associations(v)],
            'cidr-block-association.association-id':
                lambda v: [v['_cidr_assoc']] + [a['AssociationId']
                                                for a in self.vx_cidr_associations(v)],
            'cidr-block-association.state':
                lambda v: ['associated'] + [a['CidrBlockState']['State']
                                            for a in self.vx_cidr_associations(v)],
            'dhcp-options-id': lambda v: self.vx_dopt_of(v),
            'is-default': lambda v: v.get('_is_default', False),
            # hashicorp/aws filters on `isDefault`, which EC2 accepts too
            'isDefault': lambda v: v.get('_is_default', False),
            'owner-id': lambda v: self.account,
            'state': lambda v: 'available',
            'instance-tenancy': lambda v: v['InstanceTenancy'],
            'ipv6-cidr-block-association.association-id':
                lambda v: [a['AssociationId'] for a in v.get('_ipv6', [])],
            'ipv6-cidr-block-association.ipv6-cidr-block':
                lambda v: [a['Ipv6CidrBlock'] for a in v.get('_ipv6', [])],
            'ipv6-cidr-block-association.ipv6-pool':
                lambda v: [a['Ipv6Pool'] for a in v.get('_ipv6', [])],
            'ipv6-cidr-block-association.state':
                lambda v: [a['Ipv6CidrBlockState']['State'] for a in v.get('_ipv6', [])],
        }

    def op_DescribeVpcs(self, p):
        items = (self._find_many('vpc', p['VpcIds']) if p.get('VpcIds')
                 else self._visible('vpcs'))
        items = apply_filters(items, p.get('Filters'), self._vpc_fields())
        page, nxt = self._page(items, p)
        return {'Vpcs': [self._vpc_out(v) for v in page], 'NextToken': nxt}

    def op_DeleteVpc(self, p):
        vpc = self._find('vpc', p['VpcId'])
        vid = vpc['VpcId']
        deps = ([s for s in self.subnets.values() if s['VpcId'] == vid]
                + [g for g in self.igws.values() if g['_vpc'] == vid]
                + [g for g in self.vgws.values() if g['_vpc'] == vid]
                + [g for g in self.sgs.values() if g['VpcId'] == vid and not g['_default']]
                + [r for r in self.rtbs.values() if r['VpcId'] == vid and not r['_main']]
                + [e for e in self.enis.values() if e['VpcId'] == vid]
                + self.gw_vpc_dependencies(vid) + self.acl_vpc_dependencies(vid))
        if deps:
            raise AwsError('DependencyViolation',
                           "The vpc '%s' has dependencies and cannot be deleted." % vid)
        for rid in [r for r, t in self.rtbs.items() if t['VpcId'] == vid]:
            del self.rtbs[rid]
        for gid in [g for g, s in self.sgs.items() if s['VpcId'] == vid]:
            self._drop_sg(gid)
        for aid in [a for a, n in self.acls.items() if n['VpcId'] == vid]:
            del self.acls[aid]
        for pool in self.ipam_pools.values():
            pool['_allocs'] = [x for x in pool['_allocs'] if x['ResourceId'] != vid]
        del self.vpcs[vid]
        self.gw_vpc_deleted(vid)
        self.vx_vpc_deleted(vid)
        return {}

    def op_DescribeVpcAttribute(self, p):
        vpc = self._find('vpc', p['VpcId'])
        attr = p['Attribute']
        key = attr[0].upper() + attr[1:]
        return {'VpcId': vpc['VpcId'], key: {'Value': vpc['_attrs'][attr]}}

    def op_ModifyVpcAttribute(self, p):
        vpc = self._find('vpc', p['VpcId'])
        given = [k for k in ('EnableDnsHostnames', 'EnableDnsSupport',
                             'EnableNetworkAddressUsageMetrics') if k in p]
        if len(given) != 1:
            if not given:
                raise AwsError('MissingParameter',
                               'The request must contain the parameter attribute')
            raise AwsError('InvalidParameterCombination',
                           'Fields for multiple attribute types specified: %s'
                           % ', '.join(g[0].lower() + g[1:] for g in given))
        key = given[0]
        value = p[key].get('Value')
        if value is None:
            raise AwsError('MissingParameter', 'The request must contain the parameter value')
        attr = key[0].lower() + key[1:]
        if attr == 'enableDnsHostnames' and value and not vpc['_attrs']['enableDnsSupport']:
            raise AwsError('InvalidParameterValue',
                           'Cannot enable DNS hostnames when DNS support is disabled')
        vpc['_attrs'][attr] = value
        return {}

    def op_ModifyVpcTenancy(self, p):
        # AWS only lets a dedicated VPC go to default tenancy, never back
        vpc = self._find('vpc', p['VpcId'])
        if p['InstanceTenancy'] != 'default':
            raise AwsError('InvalidParameterValue',
                           'Value (%s) for parameter instanceTenancy is invalid.'
                           % p['InstanceTenancy'])
        vpc['InstanceTenancy'] = 'default'
        return {'ReturnValue': True}

    # -- IPAM (one default private scope; pools hand out VPC blocks) ---------------------

    def op_CreateIpam(self, p):
        ipam_id = store.new_id('ipam')
        regions = [{'RegionName': r.get('RegionName')} for r in p.get('OperatingRegions') or []]
        self.ipams[ipam_id] = {
            'IpamId': ipam_id, 'IpamArn': store.arn('ec2', '', self.account, 'ipam/' + ipam_id),
            'IpamRegion': self.region, 'OwnerId': self.account, 'State': 'create-complete',
            'Description': p.get('Description'), 'Tier': p.get('Tier', 'advanced'),
            'PrivateDefaultScopeId': store.new_id('ipam-scope'),
            'PublicDefaultScopeId': store.new_id('ipam-scope'), 'ScopeCount': 2,
            'OperatingRegions': regions or [{'RegionName': self.region}],
            '_tags': self._tags_from_specs(p, 'ipam')}
        return {'Ipam': self._ipam_out(self.ipams[ipam_id])}

    def _ipam_out(self, i):
        return dict({k: v for k, v in i.items() if not k.startswith('_')},
                    Tags=_tag_list(i['_tags']) or None)

    def _find_ipam(self, ipam_id):
        if ipam_id not in self.ipams:
            raise AwsError('InvalidIpamId.NotFound', "The ipam ID '%s' does not exist" % ipam_id)
        return self.ipams[ipam_id]

    def op_DeleteIpam(self, p):
        ipam = self._find_ipam(p['IpamId'])
        pools = [q for q in self.ipam_pools.values() if q['_ipam'] == ipam['IpamId']]
        if pools and not p.get('Cascade'):
            raise AwsError('InvalidIpamState',
                           'The IPAM %s still has pools; delete them first' % ipam['IpamId'])
        for q in pools:
            self._ipam_pool_drop(q, True)
        del self.ipams[ipam['IpamId']]
        return {'Ipam': dict(self._ipam_out(ipam), State='delete-in-progress')}

    def op_CreateIpamPool(self, p):
        scope = p.get('IpamScopeId')
        ipam = next((i for i in self.ipams.values()
                     if scope in (i['PrivateDefaultScopeId'], i['PublicDefaultScopeId'])), None)
        if ipam is None:
            raise AwsError('InvalidIpamScopeId.NotFound',
                           "The ipam scope ID '%s' does not exist" % scope)
        family = p.get('AddressFamily')
        if family not in ('ipv4', 'ipv6'):
            raise AwsError('InvalidParameterValue',
                           'Value (%s) for parameter addressFamily is invalid.' % family)
        pool_id = store.new_id('ipam-pool')
        pool = {'IpamPoolId': pool_id, 'AddressFamily': family,
                'IpamPoolArn': store.arn('ec2', '', self.account, 'ipam-pool/' + pool_id),
                'IpamArn': ipam['IpamArn'], 'IpamRegion': self.region,
                'IpamScopeArn': store.arn('ec2', '', self.account, 'ipam-scope/' + scope),
                'IpamScopeType': 'private' if scope == ipam['PrivateDefaultScopeId'] else 'public',
                'Locale': p.get('Locale') or 'None', 'OwnerId': self.account, 'PoolDepth': 1,
                'State': 'create-complete', 'Description': p.get('Description'),
                'AutoImport': bool(p.get('AutoImport')),
                'AllocationDefaultNetmaskLength': p.get('AllocationDefaultNetmaskLength'),
                'AllocationMinNetmaskLength': p.get('AllocationMinNetmaskLength'),
                'AllocationMaxNetmaskLength': p.get('AllocationMaxNetmaskLength'),
                '_ipam': ipam['IpamId'], '_cidrs': [], '_allocs': [],
                '_tags': self._tags_from_specs(p, 'ipam-pool')}
        self.ipam_pools[pool_id] = pool
        return {'IpamPool': self._ipam_out(pool)}

    def _ipam_pool(self, pool_id, family=None):
        pool = self.ipam_pools.get(pool_id)
        if pool is None:
            raise AwsError('InvalidIpamPoolId.NotFound',
                           "The ipam pool ID '%s' does not exist" % pool_id)
        if family and pool['AddressFamily'] != family:
            raise AwsError('InvalidParameterValue',
                           'The IPAM pool %s is not an %s pool' % (pool_id, family))
        return pool

    def op_DescribeIpamPools(self, p):
        items = ([self._ipam_pool(i) for i in p['IpamPoolIds']] if p.get('IpamPoolIds')
                 else list(self.ipam_pools.values()))
        items = apply_filters(items, p.get('Filters'), {
            'ipam-pool-id': lambda q: q['IpamPoolId'],
            'address-family': lambda q: q['AddressFamily'],
            'state': lambda q: q['State']})
        page, nxt = self._page(items, p)
        return {'IpamPools': [self._ipam_out(q) for q in page], 'NextToken': nxt}

    def op_ProvisionIpamPoolCidr(self, p):
        pool = self._ipam_pool(p['IpamPoolId'])
        if not p.get('Cidr'):
            raise AwsError('MissingParameter', 'The request must contain the parameter cidr')
        net = _cidr(p['Cidr'], 'cidr', v6=pool['AddressFamily'] == 'ipv6')
        if any(net.overlaps(c) for c in pool['_cidrs']):
            raise AwsError('InvalidParameterValue',
                           'The CIDR %s overlaps a CIDR already in the pool' % net)
        pool['_cidrs'].append(net)
        return {'IpamPoolCidr': {'Cidr': str(net), 'State': 'provisioned',
                                 'IpamPoolCidrId': store.new_id('ipam-pool-cidr'),
                                 'NetmaskLength': net.prefixlen}}

    def op_GetIpamPoolAllocations(self, p):
        pool = self._ipam_pool(p['IpamPoolId'])
        items = [x for x in pool['_allocs']
                 if p.get('IpamPoolAllocationId') in (None, x['IpamPoolAllocationId'])]
        items = apply_filters(items, p.get('Filters'), {
            'resource-id': lambda x: x['ResourceId'],
            'resource-type': lambda x: x['ResourceType'],
            'cidr': lambda x: x['Cidr']})
        page, nxt = self._page(items, p)
        return {'IpamPoolAllocations': [dict(x) for x in page], 'NextToken': nxt}

    def _ipam_pool_drop(self, pool, cascade):
        if pool['_allocs'] and not cascade:
            raise AwsError('IncorrectState',
                           'The pool %s has allocations' % pool['IpamPoolId'])
        del self.ipam_pools[pool['IpamPoolId']]

    def op_DeleteIpamPool(self, p):
        pool = self._ipam_pool(p['IpamPoolId'])
        self._ipam_pool_drop(pool, p.get('Cascade'))
        return {'IpamPool': dict(self._ipam_out(pool), State='delete-in-progress')}

    def _ipam_pick(self, pool, cidr, netmask):
        """The block to allocate: the given one if it is free in the pool,
        else the first free block of the netmask length."""
        v6 = pool['AddressFamily'] == 'ipv6'
        used = [ipaddress.ip_network(x['Cidr']) for x in pool['_allocs']]
        if cidr:
            net = _cidr(cidr, 'cidrBlock', v6=v6)
            if (not any(net.subnet_of(c) for c in pool['_cidrs'])
                    or any(net.overlaps(u) for u in used)):
                raise AwsError('InvalidParameterValue',
                               'The CIDR %s is not available in pool %s'
                               % (cidr, pool['IpamPoolId']))
            return net
        length = netmask or pool.get('AllocationDefaultNetmaskLength')
        if not length:
            raise AwsError('MissingParameter',
                           'A netmask length is required when the pool has no default')
        for c in pool['_cidrs']:
            if length < c.prefixlen:
                continue
            for net in c.subnets(new_prefix=length):
                if not any(net.overlaps(u) for u in used):
                    return net
        raise AwsError('InsufficientCidrBlocks',
                       'The pool %s has no free /%d' % (pool['IpamPoolId'], length))

    def _ipam_allocate(self, pool, net, resource_id):
        pool['_allocs'].append({
            'IpamPoolAllocationId': store.new_id('ipam-pool-alloc'), 'Cidr': str(net),
            'ResourceId': resource_id, 'ResourceType': 'vpc', 'ResourceOwner': self.account,
            'ResourceRegion': self.region})

    # -- subnets -------------------------------------------------------------------

    def _subnet_out(self, s):
        used = sum(1 for e in self.enis.values() if e['SubnetId'] == s['SubnetId'])
        return {
            'SubnetId': s['SubnetId'], 'VpcId': s['VpcId'], 'State': 'available',
            'CidrBlock': s['CidrBlock'], 'AvailabilityZone': s['AvailabilityZone'],
            'AvailabilityZoneId': s['AvailabilityZoneId'],
            'AvailableIpAddressCount': (s['_net'].num_addresses - 5 - used
                                        if s['_net'] is not None else 0),
            'DefaultForAz': s.get('_default_for_az', False),
            'MapPublicIpOnLaunch': s['_map_public'],
            'MapCustomerOwnedIpOnLaunch': s.get('_map_coip', False), 'OwnerId': self.account,
            # the Outpost fields appear only on a subnet made on the Outpost
            'OutpostArn': s.get('_outpost'), 'CustomerOwnedIpv4Pool': s.get('_coip_pool'),
            'EnableLniAtDeviceIndex': s.get('_lni'),
            'AssignIpv6AddressOnCreation': s['_assign6'],
            'Ipv6CidrBlockAssociationSet': [dict(a) for a in s['_ipv6']],
            'SubnetArn': self._arn('subnet', s['SubnetId']), 'EnableDns64': s['_dns64'],
            'Ipv6Native': s.get('_native', False),
            'PrivateDnsNameOptionsOnLaunch': {
                'HostnameType': s['_hostname_type'],
                'EnableResourceNameDnsARecord': s['_dns_a'],
                'EnableResourceNameDnsAAAARecord': s['_dns_aaaa']},
            'BlockPublicAccessStates': {'InternetGatewayBlockMode': 'off'},
            'Tags': _tag_list(s['_tags']) or None,
        }

    def op_CreateSubnet(self, p):
        vpc = self._find('vpc', p['VpcId'])
        native = bool(p.get('Ipv6Native'))
        net = None
        if native:
            # IPv6-only: an IPv6 block and no IPv4 one
            if 'CidrBlock' in p:
                raise AwsError('InvalidParameterCombination',
                               'An IPv6-only subnet cannot have an IPv4 CIDR block')
            if not p.get('Ipv6CidrBlock'):
                raise AwsError('MissingParameter',
                               'The request must contain the parameter ipv6CidrBlock')
            if not vpc.get('_ipv6'):
                raise AwsError('InvalidParameterValue',
                               'The VPC %s has no IPv6 CIDR block for an IPv6-only subnet'
                               % vpc['VpcId'])
        elif 'CidrBlock' not in p:
            raise AwsError('MissingParameter', 'The request must contain the parameter cidrBlock')
        else:
            net = _cidr(p['CidrBlock'], 'cidrBlock')
            if not 16 <= net.prefixlen <= 28 or not any(
                    net.subnet_of(n) for n in self.vx_vpc_nets(vpc)):
                raise AwsError('InvalidSubnet.Range',
                               "The CIDR '%s' is invalid." % p['CidrBlock'])
        for other in self.subnets.values():
            if (net is not None and other['VpcId'] == vpc['VpcId']
                    and other['_net'] is not None and other['_net'].overlaps(net)):
                raise AwsError('InvalidSubnet.Conflict',
                               "The CIDR '%s' conflicts with another subnet" % p['CidrBlock'])
        names = [z[0] for z in self.zones]
        if p.get('AvailabilityZone'):
            zone = next((z for z in self.zones if z[0] == p['AvailabilityZone']), None)
            if zone is None:
                raise AwsError('InvalidParameterValue',
                               'Value (%s) for parameter availabilityZone is invalid. Subnets '
                               'can currently only be created in the following availability '
                               'zones: %s.' % (p['AvailabilityZone'], ', '.join(names)))
        elif p.get('AvailabilityZoneId'):
            zone = next((z for z in self.zones if z[1] == p['AvailabilityZoneId']), None)
            if zone is None:
                raise AwsError('InvalidParameterValue',
                               'Value (%s) for parameter availabilityZoneId is invalid.'
                               % p['AvailabilityZoneId'])
        else:
            zone = self.zones[len(self.subnets) % len(self.zones)]
        outpost = p.get('OutpostArn')
        if outpost is not None:
            zone = self._outpost_zone(outpost, zone, bool(p.get('AvailabilityZone')
                                                          or p.get('AvailabilityZoneId')))
        net6 = (self._subnet_ipv6_net(vpc, None, p['Ipv6CidrBlock'])
                if p.get('Ipv6CidrBlock') else None)
        sid = store.new_id('subnet')
        self.subnets[sid] = {
            'SubnetId': sid, 'VpcId': vpc['VpcId'], 'CidrBlock': str(net) if net else None,
            '_net': net, '_native': native,
            'AvailabilityZone': zone[0], 'AvailabilityZoneId': zone[1], '_map_public': False,
            # an IPv6-only subnet names instances after themselves and gives
            # every interface an IPv6 address
            '_hostname_type': 'resource-name' if native else 'ip-name', '_dns_a': False,
            '_dns_aaaa': False, '_assign6': native, '_dns64': False, '_ipv6': [],
            '_tags': self._tags_from_specs(p, 'subnet'), '_outpost': outpost}
        if net6 is not None:
            self.subnets[sid]['_ipv6'].append(self._subnet_ipv6_assoc(net6))
        # every subnet belongs to its VPC's default network ACL until told otherwise
        acl = self.acls[vpc['_default_acl']]
        acl['_assoc'][sid] = store.new_id('aclassoc')
        self._created(sid)
        return {'Subnet': self._subnet_out(self.subnets[sid])}

    # The one Outpost of this account (the local gateway's, see
    # svc_ec2_gateways) is anchored in the region's first zone, "a" (use1-az1
    # in us-east-1); its customer-owned IPv4 pool is fixed as well.
    OUTPOST_ID = 'op-0a1b2c3d4e5f60718'
    COIP_POOL_ID = 'ipv4pool-coip-0a1b2c3d4e5f60718'

    def _outpost_arn(self):
        return store.arn('outposts', self.region, self.account, 'outpost/' + self.OUTPOST_ID)

    def _outpost_zone(self, arn, zone, zone_given):
        """The zone of a subnet created on the Outpost `arn`: the Outpost's
        own; another zone asked for explicitly is refused."""
        if arn != self._outpost_arn():
            raise AwsError('InvalidParameterValue',
                           'Value (%s) for parameter outpostArn is invalid. No Outpost with '
                           'this ARN exists in this account.' % arn)
        home = self.zones[0]
        if zone_given and zone != home:
            raise AwsError('InvalidParameterValue',
                           'Outpost %s is not in availability zone %s; its zone is %s.'
                           % (self.OUTPOST_ID, zone[0], home[0]))
        return home

    def _subnet_fields(self):
        return {
            'subnet-id': lambda s: s['SubnetId'],
            'vpc-id': lambda s: s['VpcId'],
            'cidr-block': lambda s: s['CidrBlock'],
            'cidr': lambda s: s['CidrBlock'],
            'cidrBlock': lambda s: s['CidrBlock'],
            'availability-zone': lambda s: s['AvailabilityZone'],
            'availabilityZone': lambda s: s['AvailabilityZone'],
            'availability-zone-id': lambda s: s['AvailabilityZoneId'],
            'default-for-az': lambda s: s.get('_default_for_az', False),
            'defaultForAz': lambda s: False,
            'map-public-ip-on-launch': lambda s: s['_map_public'],
            'owner-id': lambda s: self.account,
            'state': lambda s: 'available',
            'subnet-arn': lambda s: self._arn('subnet', s['SubnetId']),
            'ipv6-native': lambda s: s.get('_native', False),
            'ipv6-cidr-block-association.ipv6-cidr-block':
                lambda s: [a['Ipv6CidrBlock'] for a in s['_ipv6']],
            'ipv6-cidr-block-association.association-id':
                lambda s: [a['AssociationId'] for a in s['_ipv6']],
            'ipv6-cidr-block-association.state':
                lambda s: [a['Ipv6CidrBlockState']['State'] for a in s['_ipv6']],
        }

    def op_DescribeSubnets(self, p):
        items = (self._find_many('subnet', p['SubnetIds']) if p.get('SubnetIds')
                 else self._visible('subnets'))
        items = apply_filters(items, p.get('Filters'), self._subnet_fields())
        page, nxt = self._page(items, p)
        return {'Subnets': [self._subnet_out(s) for s in page], 'NextToken': nxt}

    def op_ModifySubnetAttribute(self, p):
        s = self._find('subnet', p['SubnetId'])
        if s.get('_native'):
            # what an IPv6-only subnet cannot do without IPv4
            for param, bad in (('MapPublicIpOnLaunch', True),
                               ('EnableResourceNameDnsARecordOnLaunch', True),
                               ('AssignIpv6AddressOnCreation', False)):
                if param in p and bool(p[param].get('Value')) == bad:
                    raise AwsError('InvalidParameterValue',
                                   'Invalid value for %s: subnet %s is IPv6-only'
                                   % (param[0].lower() + param[1:], s['SubnetId']))
            if p.get('PrivateDnsHostnameTypeOnLaunch') == 'ip-name':
                raise AwsError('InvalidParameterValue',
                               'Hostname type ip-name is not supported by IPv6-only subnet %s'
                               % s['SubnetId'])
        if 'MapPublicIpOnLaunch' in p:
            s['_map_public'] = bool(p['MapPublicIpOnLaunch'].get('Value'))
        if 'PrivateDnsHostnameTypeOnLaunch' in p:
            s['_hostname_type'] = p['PrivateDnsHostnameTypeOnLaunch']
        if 'EnableResourceNameDnsARecordOnLaunch' in p:
            s['_dns_a'] = bool(p['EnableResourceNameDnsARecordOnLaunch'].get('Value'))
        # the IPv6 settings need an IPv6 block to be turned on
        for param, key in (('AssignIpv6AddressOnCreation', '_assign6'),
                           ('EnableDns64', '_dns64'),
                           ('EnableResourceNameDnsAAAARecordOnLaunch', '_dns_aaaa')):
            if param not in p:
                continue
            value = bool(p[param].get('Value'))
            if value and not s['_ipv6']:
                raise AwsError('InvalidParameterValue',
                               'Subnet %s has no IPv6 CIDR block' % s['SubnetId'])
            s[key] = value
        # customer-owned addresses and local network interfaces exist on an
        # Outpost only
        outpost_only = [k for k in ('CustomerOwnedIpv4Pool', 'EnableLniAtDeviceIndex')
                        if k in p]
        if p.get('MapCustomerOwnedIpOnLaunch', {}).get('Value'):
            outpost_only.append('MapCustomerOwnedIpOnLaunch')
        if outpost_only and not s.get('_outpost'):
            raise AwsError('InvalidParameterValue',
                           '%s is only supported for subnets on an Outpost; subnet %s is not'
                           % (outpost_only[0], s['SubnetId']))
        if 'MapCustomerOwnedIpOnLaunch' in p:
            on = bool(p['MapCustomerOwnedIpOnLaunch'].get('Value'))
            pool = p.get('CustomerOwnedIpv4Pool') or s.get('_coip_pool')
            if on and not pool:
                raise AwsError('InvalidParameterValue',
                               'A customer-owned IPv4 pool is required to map customer-owned '
                               'IP addresses on launch')
            s['_map_coip'] = on
        if 'CustomerOwnedIpv4Pool' in p:
            pool = p['CustomerOwnedIpv4Pool']
            if pool and pool != self.COIP_POOL_ID:
                raise AwsError('InvalidCoipPoolId.NotFound',
                               "The pool ID '%s' does not exist" % pool)
            s['_coip_pool'] = pool or None
        if 'EnableLniAtDeviceIndex' in p:
            index = int(p['EnableLniAtDeviceIndex'])
            if index < 1:
                raise AwsError('InvalidParameterValue',
                               'Invalid value for enableLniAtDeviceIndex: %d' % index)
            s['_lni'] = index
        if p.get('DisableLniAtDeviceIndex', {}).get('Value'):
            s['_lni'] = None
        return {}

    def _subnet_ipv6_net(self, vpc, subnet, text):
        """Checks an IPv6 block for a subnet: a /64 inside one of the VPC's
        associated IPv6 blocks, overlapping no other subnet's."""
        net = _cidr(text, 'ipv6CidrBlock', v6=True)
        vpc_nets = [ipaddress.ip_network(a['Ipv6CidrBlock']) for a in vpc.get('_ipv6', [])
                    if a['Ipv6CidrBlockState']['State'] == 'associated']
        if net.prefixlen != 64 or not any(net.subnet_of(v) for v in vpc_nets):
            raise AwsError('InvalidSubnet.Range', "The IPv6 CIDR '%s' is invalid." % text)
        for other in self.subnets.values():
            if other['VpcId'] != vpc['VpcId'] or other is subnet:
                continue
            if any(ipaddress.ip_network(a['Ipv6CidrBlock']).overlaps(net)
                   for a in other['_ipv6']):
                raise AwsError('InvalidSubnet.Conflict',
                               "The CIDR '%s' conflicts with another subnet" % text)
        return net

    @staticmethod
    def _subnet_ipv6_assoc(net):
        return {'AssociationId': store.new_id('subnet-cidr-assoc'),
                'Ipv6CidrBlock': str(net), 'Ipv6CidrBlockState': {'State': 'associated'},
                'IpSource': 'amazon', 'Ipv6AddressAttribute': 'public'}

    def op_AssociateSubnetCidrBlock(self, p):
        s = self._find('subnet', p['SubnetId'])
        if p.get('Ipv6IpamPoolId'):
            raise AwsError('InvalidParameterValue',
                           'The emulator does not allocate subnet blocks from IPAM pools')
        if 'Ipv6CidrBlock' not in p:
            raise AwsError('MissingParameter',
                           'The request must contain the parameter ipv6CidrBlock')
        if s['_ipv6']:
            raise AwsError('CidrLimitExceeded',
                           "This network '%s' has met its maximum number of allowed CIDRs: 1"
                           % s['SubnetId'])
        net = self._subnet_ipv6_net(self.vpcs[s['VpcId']], s, p['Ipv6CidrBlock'])
        assoc = self._subnet_ipv6_assoc(net)
        s['_ipv6'].append(assoc)
        return {'SubnetId': s['SubnetId'],
                'Ipv6CidrBlockAssociation': dict(assoc,
                                                 Ipv6CidrBlockState={'State': 'associating'})}

    def op_DisassociateSubnetCidrBlock(self, p):
        for s in self.subnets.values():
            for a in s['_ipv6']:
                if a['AssociationId'] == p['AssociationId']:
                    if s.get('_native'):
                        raise AwsError('InvalidParameterValue',
                                       'The only CIDR block of IPv6-only subnet %s cannot be '
                                       'disassociated' % s['SubnetId'])
                    s['_ipv6'].remove(a)
                    # what needed the block goes with it
                    s['_assign6'] = s['_dns64'] = s['_dns_aaaa'] = False
                    out = dict(a, Ipv6CidrBlockState={'State': 'disassociating'})
                    return {'SubnetId': s['SubnetId'], 'Ipv6CidrBlockAssociation': out}
        raise AwsError('InvalidSubnetCidrBlockAssociationID.NotFound',
                       "The subnet CIDR block association ID '%s' does not exist"
                       % p['AssociationId'])

    def op_DeleteSubnet(self, p):
        s = self._find('subnet', p['SubnetId'])
        sid = s['SubnetId']
        if any(e['SubnetId'] == sid for e in self.enis.values()):
            raise AwsError('DependencyViolation',
                           "The subnet '%s' has dependencies and cannot be deleted." % sid)
        for rtb in self.rtbs.values():
            rtb['_assoc'] = [a for a in rtb['_assoc'] if a.get('SubnetId') != sid]
        for acl in self.acls.values():
            acl['_assoc'].pop(sid, None)
        del self.subnets[sid]
        return {}

    # -- internet gateways ------------------------------------------------------------

    def _igw_out(self, g):
        return {'InternetGatewayId': g['InternetGatewayId'], 'OwnerId': self.account,
                'Attachments': ([{'State': 'available', 'VpcId': g['_vpc']}]
                                if g['_vpc'] else []),
                'Tags': _tag_list(g['_tags']) or None}

    def op_CreateInternetGateway(self, p):
        gid = store.new_id('igw')
        self.igws[gid] = {'InternetGatewayId': gid, '_vpc': None,
                          '_tags': self._tags_from_specs(p, 'internet-gateway')}
        self._created(gid)
        return {'InternetGateway': self._igw_out(self.igws[gid])}

    def op_AttachInternetGateway(self, p):
        g = self._find('igw', p['InternetGatewayId'])
        vpc = self._find('vpc', p['VpcId'])
        if g['_vpc'] is not None:
            raise AwsError('Resource.AlreadyAssociated',
                           'resource %s is already attached to network %s'
                           % (g['InternetGatewayId'], g['_vpc']))
        if any(o['_vpc'] == vpc['VpcId'] for o in self.igws.values()):
            raise AwsError('InvalidParameterValue',
                           'Network %s already has an internet gateway attached' % vpc['VpcId'])
        g['_vpc'] = vpc['VpcId']
        return {}

    def op_DetachInternetGateway(self, p):
        g = self._find('igw', p['InternetGatewayId'])
        vpc = self._find('vpc', p['VpcId'])
        if g['_vpc'] != vpc['VpcId']:
            raise AwsError('Gateway.NotAttached',
                           'resource %s is not attached to network %s'
                           % (g['InternetGatewayId'], vpc['VpcId']))
        if any(e['VpcId'] == vpc['VpcId'] and e['_public_ip'] for e in self.enis.values()):
            raise AwsError('DependencyViolation',
                           'Network %s has some mapped public address(es). Please unmap those '
                           'public address(es) before detaching the gateway.' % vpc['VpcId'])
        g['_vpc'] = None
        return {}

    def op_DeleteInternetGateway(self, p):
        g = self._find('igw', p['InternetGatewayId'])
        if g['_vpc'] is not None:
            raise AwsError('DependencyViolation',
                           "The internetGateway '%s' has dependencies and cannot be deleted."
                           % g['InternetGatewayId'])
        del self.igws[g['InternetGatewayId']]
        return {}

    def op_DescribeInternetGateways(self, p):
        items = (self._find_many('igw', p['InternetGatewayIds'])
                 if p.get('InternetGatewayIds') else self._visible('igws'))
        items = apply_filters(items, p.get('Filters'), {
            'internet-gateway-id': lambda g: g['InternetGatewayId'],
            'attachment.vpc-id': lambda g: g['_vpc'],
            'attachment.state': lambda g: 'available' if g['_vpc'] else None,
            'owner-id': lambda g: self.account,
        })
        page, nxt = self._page(items, p)
        return {'InternetGateways': [self._igw_out(g) for g in page], 'NextToken': nxt}

    # -- route tables -------------------------------------------------------------------

    def _new_rtb(self, vpc, main=False, tags=None):
        rid = store.new_id('rtb')
        rtb = {'RouteTableId': rid, 'VpcId': vpc['VpcId'], '_main': main, '_tags': tags or {},
               '_routes': [{'DestinationCidrBlock': vpc['CidrBlock'], 'GatewayId': 'local',
                            'Origin': 'CreateRouteTable'}],
               '_assoc': []}
        if main:
            rtb['_assoc'].append({'RouteTableAssociationId': store.new_id('rtbassoc'),
                                  'Main': True})
        self.rtbs[rid] = rtb
        return rtb

    def _route_out(self, vpc_id, r):
        out = dict(r)
        gw = r.get('GatewayId')
        state = 'active'
        if gw and gw.startswith('igw-'):
            g = self.igws.get(gw)
            if g is None or g['_vpc'] != vpc_id:
                state = 'blackhole'
        out['State'] = state
        return self.gw_route_out(vpc_id, r, out)

    def _rtb_out(self, t):
        return {
            'RouteTableId': t['RouteTableId'], 'VpcId': t['VpcId'], 'OwnerId': self.account,
            'Routes': [self._route_out(t['VpcId'], r) for r in t['_routes']],
            'Associations': [dict(a, RouteTableId=t['RouteTableId'],
                                  AssociationState={'State': 'associated'})
                             for a in t['_assoc']],
            'PropagatingVgws': [{'GatewayId': g} for g in t.get('_vgws', [])],
            'Tags': _tag_list(t['_tags']) or None,
        }

    def op_CreateRouteTable(self, p):
        # EC2's idempotency: a repeated ClientToken gets the first answer.
        token = p.get('ClientToken')
        tokens = self.rtb_tokens
        if token and token in tokens:
            first_vpc, rid = tokens[token]
            if first_vpc != p['VpcId']:
                raise AwsError('IdempotentParameterMismatch',
                               'The client token %s was used with different parameters.' % token)
            if rid in self.rtbs:
                return {'RouteTable': self._rtb_out(self.rtbs[rid]), 'ClientToken': token}
        vpc = self._find('vpc', p['VpcId'])
        rtb = self._new_rtb(vpc, tags=self._tags_from_specs(p, 'route-table'))
        if token:
            tokens[token] = (p['VpcId'], rtb['RouteTableId'])
        self._created(rtb['RouteTableId'])
        return {'RouteTable': self._rtb_out(rtb), 'ClientToken': p.get('ClientToken')}

    def _rtb_fields(self):
        def assoc(key):
            return lambda t: [a.get(key) for a in t['_assoc']]
        return {
            'route-table-id': lambda t: t['RouteTableId'],
            'vpc-id': lambda t: t['VpcId'],
            'owner-id': lambda t: self.account,
            'association.main': lambda t: [a.get('Main', False) for a in t['_assoc']]
            or [False],
            'association.route-table-association-id': assoc('RouteTableAssociationId'),
            'association.route-table-id': lambda t: [t['RouteTableId'] for _ in t['_assoc']],
            'association.subnet-id': assoc('SubnetId'),
            'association.gateway-id': assoc('GatewayId'),
            'route.destination-cidr-block': lambda t: [r.get('DestinationCidrBlock')
                                                       for r in t['_routes']],
            'route.gateway-id': lambda t: [r.get('GatewayId') for r in t['_routes']],
            'route.origin': lambda t: [r.get('Origin') for r in t['_routes']],
            'route.state': lambda t: [self._route_out(t['VpcId'], r)['State']
                                      for r in t['_routes']],
            **self.gw_rtb_fields(),
        }

    def op_DescribeRouteTables(self, p):
        items = (self._find_many('rtb', p['RouteTableIds']) if p.get('RouteTableIds')
                 else self._visible('rtbs'))
        items = apply_filters(items, p.get('Filters'), self._rtb_fields())
        page, nxt = self._page(items, p)
        return {'RouteTables': [self._rtb_out(t) for t in page], 'NextToken': nxt}

    def op_DeleteRouteTable(self, p):
        t = self._find('rtb', p['RouteTableId'])
        if t['_assoc']:
            raise AwsError('DependencyViolation',
                           "The routeTable '%s' has dependencies and cannot be deleted."
                           % t['RouteTableId'])
        del self.rtbs[t['RouteTableId']]
        return {}

    _TARGETS = ('GatewayId', 'NatGatewayId', 'InstanceId', 'NetworkInterfaceId',
                'VpcPeeringConnectionId', 'TransitGatewayId', 'EgressOnlyInternetGatewayId',
                'LocalGatewayId', 'CarrierGatewayId', 'VpcEndpointId', 'CoreNetworkArn')

    def _route_spec(self, t, p):
        dests = [k for k in ('DestinationCidrBlock', 'DestinationIpv6CidrBlock',
                             'DestinationPrefixListId') if p.get(k)]
        if len(dests) != 1:
            raise AwsError('InvalidParameterCombination' if dests else 'MissingParameter',
                           'The request must contain exactly one of: destinationCidrBlock, '
                           'destinationIpv6CidrBlock, destinationPrefixListId')
        dest_key = dests[0]
        dest = p[dest_key]
        if dest_key == 'DestinationCidrBlock':
            dest = str(_cidr(dest, 'destinationCidrBlock'))
        elif dest_key == 'DestinationIpv6CidrBlock':
            dest = str(_cidr(dest, 'destinationIpv6CidrBlock', v6=True))
        return dest_key, dest

    def _route_target(self, t, p):
        targets = [k for k in self._TARGETS if p.get(k)]
        if len(targets) != 1:
            raise AwsError('InvalidParameterCombination' if targets else 'MissingParameter',
                           'The request must contain exactly one route target')
        key = targets[0]
        val = p[key]
        self.gw_route_destination(p)
        if key == 'GatewayId':
            if val == 'local':
                raise AwsError('InvalidParameterValue', 'cannot create a route to local')
            if val.startswith('vpce-'):
                return self.gw_route_target(t, p, key, val)
            if val.startswith('vgw-'):
                g = self._find('vgw', val)
                if g['_vpc'] != t['VpcId']:
                    raise AwsError('InvalidParameterValue',
                                   'route table %s and network gateway %s belong to different '
                                   'networks' % (t['RouteTableId'], val))
                return key, val
            if not val.startswith('igw-'):
                raise AwsError('InvalidGatewayID.NotFound',
                               "The gateway ID '%s' does not exist" % val)
            g = self.igws.get(val)
            if g is None or self.emu.hidden(val):
                raise AwsError('InvalidGatewayID.NotFound',
                               "The gateway ID '%s' does not exist" % val)
            if g['_vpc'] != t['VpcId']:
                raise AwsError('InvalidParameterValue',
                               'route table %s and network gateway %s belong to different '
                               'networks' % (t['RouteTableId'], val))
        elif key in ('InstanceId', 'NetworkInterfaceId'):
            self._find('i' if key == 'InstanceId' else 'eni', val)
        else:
            return self.gw_route_target(t, p, key, val)
        return key, val

    def op_CreateRoute(self, p):
        t = self._find('rtb', p['RouteTableId'])
        dest_key, dest = self._route_spec(t, p)
        tkey, tval = self._route_target(t, p)
        if any(r.get(dest_key) == dest for r in t['_routes']):
            raise AwsError('RouteAlreadyExists',
                           'The route identified by %s already exists.' % dest)
        t['_routes'].append({dest_key: dest, tkey: tval, 'Origin': 'CreateRoute'})
        return {'Return': True}

    def op_ReplaceRoute(self, p):
        t = self._find('rtb', p['RouteTableId'])
        dest_key, dest = self._route_spec(t, p)
        route = next((r for r in t['_routes'] if r.get(dest_key) == dest), None)
        if route is None:
            raise AwsError('InvalidParameterValue',
                           "There is no route defined for '%s' in the route table. Please use "
                           "AWS CreateRoute instead." % dest)
        if p.get('LocalTarget'):
            tkey, tval = 'GatewayId', 'local'
        else:
            tkey, tval = self._route_target(t, p)
        route.clear()
        route.update({dest_key: dest, tkey: tval, 'Origin': 'CreateRoute'})
        return {}

    def op_DeleteRoute(self, p):
        t = self._find('rtb', p['RouteTableId'])
        dest_key, dest = self._route_spec(t, p)
        route = next((r for r in t['_routes'] if r.get(dest_key) == dest), None)
        if route is None:
            name = {'DestinationCidrBlock': 'destination-cidr-block',
                    'DestinationIpv6CidrBlock': 'destination-ipv6-cidr-block',
                    'DestinationPrefixListId': 'destination-prefix-list-id'}[dest_key]
            raise AwsError('InvalidRoute.NotFound',
                           'no route with %s %s in route table %s'
                           % (name, dest, t['RouteTableId']))
        if route.get('GatewayId') == 'local':
            raise AwsError('InvalidParameterValue',
                           'cannot remove local route %s in route table %s'
                           % (dest, t['RouteTableId']))
        t['_routes'].remove(route)
        return {}

    def _find_assoc(self, assoc_id):
        for t in self.rtbs.values():
            for a in t['_assoc']:
                if a['RouteTableAssociationId'] == assoc_id:
                    return t, a
        raise AwsError('InvalidAssociationID.NotFound',
                       "The association ID '%s' does not exist" % assoc_id)

    def op_AssociateRouteTable(self, p):
        t = self._find('rtb', p['RouteTableId'])
        if bool(p.get('SubnetId')) == bool(p.get('GatewayId')):
            raise AwsError('InvalidParameterCombination' if p.get('SubnetId') else
                           'MissingParameter',
                           'The request must contain exactly one of: subnetId, gatewayId')
        if p.get('SubnetId'):
            s = self._find('subnet', p['SubnetId'])
            key, val, vpc_id = 'SubnetId', s['SubnetId'], s['VpcId']
        else:
            g = self._find('igw', p['GatewayId'])
            key, val, vpc_id = 'GatewayId', g['InternetGatewayId'], g['_vpc']
        if vpc_id != t['VpcId']:
            raise AwsError('InvalidParameterValue',
                           'Route table %s and %s %s belong to different networks'
                           % (t['RouteTableId'], 'subnet' if key == 'SubnetId' else 'gateway',
                              val))
        for other in self.rtbs.values():
            for a in other['_assoc']:
                if a.get(key) == val:
                    raise AwsError('Resource.AlreadyAssociated',
                                   'the specified association for route table %s conflicts '
                                   'with an existing association' % t['RouteTableId'])
        aid = store.new_id('rtbassoc')
        t['_assoc'].append({'RouteTableAssociationId': aid, 'Main': False, key: val})
        self._created(aid)
        return {'AssociationId': aid, 'AssociationState': {'State': 'associated'}}

    def op_DisassociateRouteTable(self, p):
        t, a = self._find_assoc(p['AssociationId'])
        if a.get('Main'):
            raise AwsError('InvalidParameterValue',
                           'cannot disassociate the main route table association %s'
                           % p['AssociationId'])
        t['_assoc'].remove(a)
        return {}

    def op_ReplaceRouteTableAssociation(self, p):
        t, a = self._find_assoc(p['AssociationId'])
        new = self._find('rtb', p['RouteTableId'])
        if new['VpcId'] != t['VpcId']:
            raise AwsError('InvalidParameterValue',
                           'Route table %s and association %s belong to different networks'
                           % (new['RouteTableId'], p['AssociationId']))
        t['_assoc'].remove(a)
        na = dict(a, RouteTableAssociationId=store.new_id('rtbassoc'))
        new['_assoc'].append(na)
        if a.get('Main'):
            t['_main'], new['_main'] = False, True
            self.vpcs[t['VpcId']]['_main_rtb'] = new['RouteTableId']
        return {'NewAssociationId': na['RouteTableAssociationId'],
                'AssociationState': {'State': 'associated'}}

    # -- virtual private gateways and route propagation: svc_ec2_vpn.py ----------------

    # -- network interfaces made by users -----------------------------------------------

    def op_CreateNetworkInterface(self, p):
        subnet = self._find('subnet', p['SubnetId'])
        groups = list(p.get('Groups') or [])
        for g in groups:
            self._find('sg', g)
        eni = self._new_eni(subnet, groups, p.get('Description'), 'interface', None, False)
        eni['_tags'].update(self._tags_from_specs(p, 'network-interface'))
        self._created(eni['NetworkInterfaceId'])
        return {'NetworkInterface': self._eni_out(eni)}

    def op_DeleteNetworkInterface(self, p):
        e = self._find('eni', p['NetworkInterfaceId'])
        if self._eni_status(e) != 'available':
            raise AwsError('InvalidNetworkInterface.InUse',
                           "The networkInterface ID '%s' is currently in use."
                           % e['NetworkInterfaceId'])
        del self.enis[e['NetworkInterfaceId']]
        return {}

    def op_DetachNetworkInterface(self, p):
        aid = p['AttachmentId']
        e = next((x for x in self.enis.values()
                  if (self._eni_attachment(x) or {}).get('AttachmentId') == aid
                  and not self.emu.hidden(x['NetworkInterfaceId'])), None)
        att = self._eni_attachment(e) if e is not None else None
        if att is None or att['Status'] == 'detached':
            raise AwsError('InvalidAttachmentID.NotFound',
                           "The attachment ID '%s' does not exist" % aid)
        if aid.startswith('ela-attach-'):
            # interfaces a service attached (load balancers, Lambda) are the
            # service's to release
            raise AwsError('OperationNotPermitted',
                           "You are not allowed to manage 'ela-attach' attachments.")
        if e['_instance']:
            raise AwsError('OperationNotPermitted',
                           'The network interface at device index 0 cannot be detached.')
        if att['Status'] != 'detaching':
            e['_att']['Status'] = 'detaching'
            e['_att']['_done_at'] = time.monotonic() + e['_att'].get('_detach_s', 0.0)
        return {}

    # -- security groups ------------------------------------------------------------------

    def _new_sg(self, vpc_id, name, description, tags, default=False):
        gid = store.new_id('sg')
        sg = {'GroupId': gid, 'GroupName': name, 'Description': description, 'VpcId': vpc_id,
              '_default': default, '_tags': tags, '_rules': []}
        self.sgs[gid] = sg
        return sg

    def _add_rule(self, sg, egress, proto, from_port, to_port, kind, source, description):
        rid = store.new_id('sgr')
        rule = {'id': rid, 'group': sg['GroupId'], 'egress': egress, 'proto': proto,
                'from': from_port, 'to': to_port, 'kind': kind, 'source': source,
                'description': description, '_tags': {}}
        self.rules[rid] = rule
        sg['_rules'].append(rid)
        return rule

    def _drop_sg(self, gid):
        for rid in self.sgs[gid]['_rules']:
            self.rules.pop(rid, None)
        del self.sgs[gid]

    def _permissions(self, sg, egress):
        groups = {}
        order = []
        for rid in sg['_rules']:
            r = self.rules[rid]
            if r['egress'] != egress:
                continue
            key = (r['proto'], r['from'], r['to'])
            if key not in groups:
                perm = {'IpProtocol': r['proto'], 'IpRanges': [], 'Ipv6Ranges': [],
                        'PrefixListIds': [], 'UserIdGroupPairs': []}
                if r['proto'] != '-1':
                    perm['FromPort'] = r['from']
                    perm['ToPort'] = r['to']
                groups[key] = perm
                order.append(key)
            perm = groups[key]
            d = {'Description': r['description']} if r['description'] is not None else {}
            if r['kind'] == 'cidr4':
                perm['IpRanges'].append(dict(CidrIp=r['source'], **d))
            elif r['kind'] == 'cidr6':
                perm['Ipv6Ranges'].append(dict(CidrIpv6=r['source'], **d))
            elif r['kind'] == 'pl':
                perm['PrefixListIds'].append(dict(PrefixListId=r['source'], **d))
            else:
                perm['UserIdGroupPairs'].append(dict(GroupId=r['source'], UserId=self.account,
                                                     **d))
        return [groups[k] for k in order]

    def _sg_out(self, sg):
        return {'GroupId': sg['GroupId'], 'GroupName': sg['GroupName'],
                'Description': sg['Description'], 'VpcId': sg['VpcId'],
                'OwnerId': self.account,
                'SecurityGroupArn': self._arn('security-group', sg['GroupId']),
                'IpPermissions': self._permissions(sg, False),
                'IpPermissionsEgress': self._permissions(sg, True),
                'Tags': _tag_list(sg['_tags']) or None}

    def _rule_out(self, r):
        out = {'SecurityGroupRuleId': r['id'], 'GroupId': r['group'],
               'GroupOwnerId': self.account, 'IsEgress': r['egress'],
               'IpProtocol': r['proto'],
               'FromPort': -1 if r['from'] is None else r['from'],
               'ToPort': -1 if r['to'] is None else r['to'],
               'SecurityGroupRuleArn': self._arn('security-group-rule', r['id']),
               'Tags': _tag_list(r['_tags'])}
        if r['description'] is not None:
            out['Description'] = r['description']
        if r['kind'] == 'cidr4':
            out['CidrIpv4'] = r['source']
        elif r['kind'] == 'cidr6':
            out['CidrIpv6'] = r['source']
        elif r['kind'] == 'pl':
            out['PrefixListId'] = r['source']
        else:
            out['ReferencedGroupInfo'] = {'GroupId': r['source'], 'UserId': self.account}
        return out

    def op_CreateSecurityGroup(self, p):
        name = p['GroupName']
        if not p.get('VpcId'):
            raise AwsError('VPCIdNotSpecified', 'No default VPC for this user')
        vpc = self._find('vpc', p['VpcId'])
        if name == '' or len(name) > 255:
            raise AwsError('InvalidParameterValue',
                           'Value (%s) for parameter groupName is invalid.' % name)
        if name.startswith('sg-'):
            raise AwsError('InvalidParameterValue',
                           "Value (%s) for parameter groupName is invalid. Group names may "
                           "not be in the format sg-*." % name)
        if len(p['Description']) > 255:
            raise AwsError('InvalidParameterValue',
                           'Value for parameter groupDescription is invalid: too long')
        if any(g['VpcId'] == vpc['VpcId'] and g['GroupName'] == name for g in self.sgs.values()):
            raise AwsError('InvalidGroup.Duplicate',
                           "The security group '%s' already exists for VPC '%s'"
                           % (name, vpc['VpcId']))
        sg = self._new_sg(vpc['VpcId'], name, p['Description'],
                          self._tags_from_specs(p, 'security-group'))
        # every new group allows all outbound traffic until told otherwise
        self._add_rule(sg, True, '-1', None, None, 'cidr4', '0.0.0.0/0', None)
        self._created(sg['GroupId'])
        return {'GroupId': sg['GroupId'],
                'SecurityGroupArn': self._arn('security-group', sg['GroupId']),
                'Tags': _tag_list(sg['_tags']) or None}

    def _sg_fields(self):
        def perm_rules(egress):
            return lambda g: [self.rules[r] for r in g['_rules']
                              if self.rules[r]['egress'] == egress]
        ingress, egress = perm_rules(False), perm_rules(True)
        return {
            'group-id': lambda g: g['GroupId'],
            'group-name': lambda g: g['GroupName'],
            'description': lambda g: g['Description'],
            'vpc-id': lambda g: g['VpcId'],
            'owner-id': lambda g: self.account,
            'ip-permission.protocol': lambda g: [r['proto'] for r in ingress(g)],
            'ip-permission.from-port': lambda g: [r['from'] for r in ingress(g)],
            'ip-permission.to-port': lambda g: [r['to'] for r in ingress(g)],
            'ip-permission.cidr': lambda g: [r['source'] for r in ingress(g)
                                             if r['kind'] == 'cidr4'],
            'ip-permission.group-id': lambda g: [r['source'] for r in ingress(g)
                                                 if r['kind'] == 'group'],
            'egress.ip-permission.protocol': lambda g: [r['proto'] for r in egress(g)],
            'egress.ip-permission.cidr': lambda g: [r['source'] for r in egress(g)
                                                    if r['kind'] == 'cidr4'],
            'egress.ip-permission.group-id': lambda g: [r['source'] for r in egress(g)
                                                        if r['kind'] == 'group'],
        }

    def op_DescribeSecurityGroups(self, p):
        if p.get('GroupIds'):
            items = self._find_many('sg', p['GroupIds'])
        else:
            items = self._visible('sgs')
        if p.get('GroupNames'):
            # names only address groups of the default VPC, and there is none
            raise AwsError('InvalidGroup.NotFound',
                           "The security group '%s' does not exist in default VPC 'none'"
                           % p['GroupNames'][0])
        items = apply_filters(items, p.get('Filters'), self._sg_fields())
        page, nxt = self._page(items, p)
        return {'SecurityGroups': [self._sg_out(g) for g in page], 'NextToken': nxt}

    def op_DeleteSecurityGroup(self, p):
        if p.get('GroupId'):
            sg = self._find('sg', p['GroupId'])
        elif p.get('GroupName'):
            raise AwsError('InvalidGroup.NotFound',
                           "The security group '%s' does not exist in default VPC 'none'"
                           % p['GroupName'])
        else:
            raise AwsError('MissingParameter',
                           'The request must contain the parameter groupName or groupId')
        gid = sg['GroupId']
        if sg['_default']:
            raise AwsError('CannotDelete',
                           'the specified group: "%s" name: "default" cannot be deleted by a '
                           'user' % gid)
        referenced = any(r['kind'] == 'group' and r['source'] == gid and r['group'] != gid
                         for r in self.rules.values())
        in_use = any(gid in e['_groups'] for e in self.enis.values())
        if referenced or in_use:
            raise AwsError('DependencyViolation',
                           'resource %s has a dependent object' % gid)
        self._drop_sg(gid)
        return {'Return': True, 'GroupId': gid}

    def _normalize_protocol(self, proto):
        if proto is None:
            raise AwsError('MissingParameter', 'The request must contain the parameter ipProtocol')
        low = proto.lower()
        if low in _PROTOCOLS:
            return _PROTOCOLS[low]
        if low.isdigit() and 0 <= int(low) <= 255:
            return low
        raise AwsError('InvalidParameterValue',
                       'Invalid value \'%s\' for IP protocol. Unknown protocol.' % proto)

    def _expand(self, sg, p):
        """The single-source rules an Authorize/Revoke request names."""
        perms = list(p.get('IpPermissions') or [])
        if p.get('IpProtocol') or p.get('CidrIp') or p.get('SourceSecurityGroupName'):
            legacy = {'IpProtocol': p.get('IpProtocol', '-1'),
                      'FromPort': p.get('FromPort'), 'ToPort': p.get('ToPort')}
            if p.get('CidrIp'):
                legacy['IpRanges'] = [{'CidrIp': p['CidrIp']}]
            if p.get('SourceSecurityGroupName'):
                raise AwsError('InvalidParameterValue',
                               'SourceSecurityGroupName needs a default VPC; use IpPermissions')
            perms.append(legacy)
        if not perms:
            raise AwsError('MissingParameter',
                           'The request must contain the parameter ipPermissions')
        out = []
        for perm in perms:
            proto = self._normalize_protocol(perm.get('IpProtocol'))
            fp, tp = perm.get('FromPort'), perm.get('ToPort')
            if proto == '-1' or (proto.isdigit() and proto not in ('1', '6', '17', '58')):
                fp = tp = None
            elif proto in ('tcp', 'udp'):
                if fp is None or tp is None:
                    raise AwsError('InvalidParameterValue',
                                   'Invalid value \'null\' for %s. Ports must be specified for '
                                   'protocol %s' % ('fromPort' if fp is None else 'toPort',
                                                    proto))
                if not (0 <= fp <= 65535 and 0 <= tp <= 65535) or fp > tp:
                    raise AwsError('InvalidParameterValue',
                                   'Invalid TCP/UDP port range %s-%s' % (fp, tp))
            else:  # icmp: type and code, -1 = all
                fp = -1 if fp is None else fp
                tp = -1 if tp is None else tp
            sources = []
            for r in perm.get('IpRanges') or []:
                sources.append(('cidr4', str(_cidr(r.get('CidrIp', ''), 'cidrIp')),
                                r.get('Description')))
            for r in perm.get('Ipv6Ranges') or []:
                sources.append(('cidr6', str(_cidr(r.get('CidrIpv6', ''), 'cidrIpv6', v6=True)),
                                r.get('Description')))
            for r in perm.get('PrefixListIds') or []:
                sources.append(('pl', r.get('PrefixListId'), r.get('Description')))
            for r in perm.get('UserIdGroupPairs') or []:
                gid = r.get('GroupId')
                if not gid:
                    raise AwsError('InvalidParameterValue',
                                   'UserIdGroupPairs need a GroupId in a VPC')
                other = self._find('sg', gid)
                if other['VpcId'] != sg['VpcId']:
                    raise AwsError('InvalidGroup.NotFound',
                                   "You have specified two resources that belong to different "
                                   "networks.")
                sources.append(('group', gid, r.get('Description')))
            if not sources:
                raise AwsError('InvalidParameterValue',
                               'The request must contain at least one source or destination')
            for kind, src, desc in sources:
                out.append((proto, fp, tp, kind, src, desc))
        return out

    def _match_rule(self, sg, egress, proto, fp, tp, kind, src):
        for rid in sg['_rules']:
            r = self.rules[rid]
            if (r['egress'], r['proto'], r['from'], r['to'], r['kind'], r['source']) == \
                    (egress, proto, fp, tp, kind, src):
                return r
        return None

    @staticmethod
    def _rule_text(proto, fp, tp, kind, src, egress):
        return ('peer: %s, %s, from port: %s, to port: %s, ALLOW'
                % (src, proto.upper() if proto != '-1' else 'ALL', fp, tp))

    def _authorize(self, p, egress):
        sg = self._find('sg', p['GroupId']) if p.get('GroupId') else None
        if sg is None:
            raise AwsError('MissingParameter', 'The request must contain the parameter groupId')
        wanted = self._expand(sg, p)
        seen = set()
        for proto, fp, tp, kind, src, _ in wanted:
            key = (proto, fp, tp, kind, src)
            if key in seen or self._match_rule(sg, egress, proto, fp, tp, kind, src):
                raise AwsError('InvalidPermission.Duplicate',
                               'the specified rule "%s" already exists'
                               % self._rule_text(proto, fp, tp, kind, src, egress))
            seen.add(key)
        tags = self._tags_from_specs(p, 'security-group-rule')
        created = []
        for proto, fp, tp, kind, src, desc in wanted:
            r = self._add_rule(sg, egress, proto, fp, tp, kind, src, desc)
            r['_tags'] = dict(tags)
            created.append(self._rule_out(r))
        return {'Return': True, 'SecurityGroupRules': created}

    def op_AuthorizeSecurityGroupIngress(self, p):
        return self._authorize(p, False)

    def op_AuthorizeSecurityGroupEgress(self, p):
        return self._authorize(p, True)

    def _revoke(self, p, egress):
        if not p.get('GroupId'):
            raise AwsError('MissingParameter', 'The request must contain the parameter groupId')
        sg = self._find('sg', p['GroupId'])
        matched, unknown = [], []
        if p.get('SecurityGroupRuleIds'):
            for rid in p['SecurityGroupRuleIds']:
                r = self.rules.get(rid)
                if r is None or r['group'] != sg['GroupId'] or r['egress'] != egress:
                    raise AwsError('InvalidSecurityGroupRuleId.NotFound',
                                   "The security group rule ID '%s' does not exist" % rid)
                matched.append(r)
        else:
            for proto, fp, tp, kind, src, _ in self._expand(sg, p):
                r = self._match_rule(sg, egress, proto, fp, tp, kind, src)
                if r is None:
                    unknown.append((proto, fp, tp, kind, src))
                else:
                    matched.append(r)
        if not matched:
            raise AwsError('InvalidPermission.NotFound',
                           'The specified rule does not exist in this security group.')
        revoked = []
        for r in matched:
            sg['_rules'].remove(r['id'])
            del self.rules[r['id']]
            out = {'SecurityGroupRuleId': r['id'], 'GroupId': r['group'],
                   'IsEgress': r['egress'], 'IpProtocol': r['proto'],
                   'FromPort': -1 if r['from'] is None else r['from'],
                   'ToPort': -1 if r['to'] is None else r['to']}
            if r['description'] is not None:
                out['Description'] = r['description']
            key = {'cidr4': 'CidrIpv4', 'cidr6': 'CidrIpv6', 'pl': 'PrefixListId',
                   'group': 'ReferencedGroupId'}[r['kind']]
            out[key] = r['source']
            revoked.append(out)
        res = {'Return': True, 'RevokedSecurityGroupRules': revoked}
        if unknown:
            res['UnknownIpPermissions'] = [self._perm_of(*u) for u in unknown]
        return res

    def _perm_of(self, proto, fp, tp, kind, src):
        perm = {'IpProtocol': proto}
        if fp is not None:
            perm['FromPort'], perm['ToPort'] = fp, tp
        if kind == 'cidr4':
            perm['IpRanges'] = [{'CidrIp': src}]
        elif kind == 'cidr6':
            perm['Ipv6Ranges'] = [{'CidrIpv6': src}]
        elif kind == 'pl':
            perm['PrefixListIds'] = [{'PrefixListId': src}]
        else:
            perm['UserIdGroupPairs'] = [{'GroupId': src, 'UserId': self.account}]
        return perm

    def op_RevokeSecurityGroupIngress(self, p):
        return self._revoke(p, False)

    def op_RevokeSecurityGroupEgress(self, p):
        return self._revoke(p, True)

    def _update_descriptions(self, p, egress):
        """UpdateSecurityGroupRuleDescriptions{Ingress,Egress}: every source
        of IpPermissions must already be a rule of the group; each gets the
        description given with it (none removes it)."""
        if not p.get('GroupId'):
            raise AwsError('MissingParameter', 'The request must contain the parameter groupId')
        sg = self._find('sg', p['GroupId'])
        found = []
        for proto, fp, tp, kind, src, desc in self._expand(sg, p):
            r = self._match_rule(sg, egress, proto, fp, tp, kind, src)
            if r is None:
                raise AwsError('InvalidPermission.NotFound',
                               'The specified rule does not exist in this security group.')
            found.append((r, desc))
        for r, desc in found:
            r['description'] = desc
        return {'Return': True}

    def op_UpdateSecurityGroupRuleDescriptionsIngress(self, p):
        return self._update_descriptions(p, False)

    def op_UpdateSecurityGroupRuleDescriptionsEgress(self, p):
        return self._update_descriptions(p, True)

    def op_ModifySecurityGroupRules(self, p):
        """Replaces rules in place, keeping their ids and tags: each update
        names one rule of the group and gives the whole new rule (one
        source)."""
        sg = self._find('sg', p['GroupId'])
        changes = []
        for u in p['SecurityGroupRules']:
            rid = u['SecurityGroupRuleId']
            r = self.rules.get(rid)
            if r is None or r['group'] != sg['GroupId']:
                raise AwsError('InvalidSecurityGroupRuleId.NotFound',
                               "The security group rule ID '%s' does not exist" % rid)
            req = u.get('SecurityGroupRule') or {}
            perm = {'IpProtocol': req.get('IpProtocol'), 'FromPort': req.get('FromPort'),
                    'ToPort': req.get('ToPort')}
            d = {'Description': req['Description']} if req.get('Description') else {}
            srcs = [k for k in ('CidrIpv4', 'CidrIpv6', 'PrefixListId', 'ReferencedGroupId')
                    if req.get(k)]
            if len(srcs) != 1 or not req.get('IpProtocol'):
                raise AwsError('InvalidParameterValue',
                               'A security group rule needs a protocol and exactly one source')
            k = srcs[0]
            if k == 'CidrIpv4':
                perm['IpRanges'] = [dict(CidrIp=req[k], **d)]
            elif k == 'CidrIpv6':
                perm['Ipv6Ranges'] = [dict(CidrIpv6=req[k], **d)]
            elif k == 'PrefixListId':
                perm['PrefixListIds'] = [dict(PrefixListId=req[k], **d)]
            else:
                perm['UserIdGroupPairs'] = [dict(GroupId=req[k], **d)]
            (proto, fp, tp, kind, src, desc), = self._expand(sg, {'IpPermissions': [perm]})
            other = self._match_rule(sg, r['egress'], proto, fp, tp, kind, src)
            if other is not None and other is not r:
                raise AwsError('InvalidPermission.Duplicate',
                               'the specified rule "%s" already exists'
                               % self._rule_text(proto, fp, tp, kind, src, r['egress']))
            changes.append((r, dict(proto=proto, **{'from': fp, 'to': tp}, kind=kind,
                                    source=src, description=desc)))
        for r, new in changes:
            r.update(new)
        return {'Return': True}

    def op_DescribeSecurityGroupRules(self, p):
        if p.get('SecurityGroupRuleIds'):
            items = []
            for rid in p['SecurityGroupRuleIds']:
                if rid not in self.rules:
                    raise AwsError('InvalidSecurityGroupRuleId.NotFound',
                                   "The security group rule ID '%s' does not exist" % rid)
                items.append(self.rules[rid])
        else:
            items = [self.rules[rid] for g in self._visible('sgs') for rid in g['_rules']]
        items = apply_filters(items, p.get('Filters'), {
            'group-id': lambda r: r['group'],
            'security-group-rule-id': lambda r: r['id'],
        })
        page, nxt = self._page(items, p)
        return {'SecurityGroupRules': [self._rule_out(r) for r in page], 'NextToken': nxt}

    # -- network ACLs and interfaces ---------------------------------------------------

    def _next_ip(self, subnet):
        net = subnet['_net']
        if net is None:
            # IPv6-only subnet: the emulator hands out IPv4 addresses only
            raise AwsError('InvalidParameterCombination',
                           'The emulator cannot place a network interface in the IPv6-only '
                           'subnet %s' % subnet['SubnetId'])
        used = {e['PrivateIpAddress'] for e in self.enis.values()
                if e['SubnetId'] == subnet['SubnetId']}
        for i in range(4, net.num_addresses - 1):   # AWS reserves .0-.3 and the last
            ip = str(net.network_address + i)
            if ip not in used:
                return ip
        raise AwsError('InsufficientFreeAddressesInSubnet',
                       'There are not enough free addresses in subnet \'%s\' to satisfy the '
                       'requested number of instances.' % subnet['SubnetId'])

    def _new_eni(self, subnet, groups, description, interface_type, requester_id, public_ip,
                 instance_id=None):
        eid = store.new_id('eni')
        ip = self._next_ip(subnet)
        pub = None
        if public_ip:
            n = int(store.hex_digits(4), 16)
            pub = '3.%d.%d.%d' % (80 + n % 100, (n >> 4) % 256, 1 + n % 254)
        eni = {'NetworkInterfaceId': eid, 'SubnetId': subnet['SubnetId'],
               'VpcId': subnet['VpcId'], 'AvailabilityZone': subnet['AvailabilityZone'],
               'PrivateIpAddress': ip, '_groups': list(groups), 'Description': description or '',
               'InterfaceType': interface_type, 'RequesterId': requester_id,
               '_public_ip': pub, '_instance': instance_id, '_tags': {}, '_att': None,
               'MacAddress': '0e:%s' % ':'.join(store.hex_digits(2) for _ in range(5))}
        if requester_id and not instance_id:
            # a service's interface (a load balancer's...) hangs on an instance of
            # the owning service; only that service can let go of it
            eni['_att'] = self._service_attachment(eid, 'ela-attach', requester_id)
        self.enis[eid] = eni
        return eni

    def _service_attachment(self, eni_id, prefix, owner):
        return {'AttachmentId': '%s-%s' % (prefix, eni_id[4:]), 'DeleteOnTermination': False,
                'DeviceIndex': 1, 'InstanceOwnerId': owner, 'Status': 'attached',
                'AttachTime': self.emu.now().replace(microsecond=0)}

    def _eni_advance(self, e):
        """Applies the changes that happen by themselves with time: a detach
        finishing, a service (Lambda) releasing its interface."""
        att = e['_att']
        if att is None:
            return
        now = time.monotonic()
        if att['Status'] == 'detaching' and now >= att.get('_done_at', 0):
            # EC2 goes on reporting a finished detachment as 'detached'
            att['Status'] = 'detached'
            for k in [k for k in att if k.startswith('_')]:
                del att[k]
        elif att.get('_release_at') is not None and now >= att['_release_at']:
            e['_att'] = None

    def _eni_status(self, e):
        if e['_instance']:
            return 'in-use'
        self._eni_advance(e)
        att = e['_att']
        return 'in-use' if att is not None and att['Status'] != 'detached' else 'available'

    def _eni_out(self, e):
        out = {'NetworkInterfaceId': e['NetworkInterfaceId'], 'SubnetId': e['SubnetId'],
               'VpcId': e['VpcId'], 'AvailabilityZone': e['AvailabilityZone'],
               'Description': e['Description'], 'InterfaceType': e['InterfaceType'],
               'MacAddress': e['MacAddress'], 'OwnerId': self.account,
               'PrivateIpAddress': e['PrivateIpAddress'],
               'PrivateDnsName': 'ip-%s.ec2.internal' % e['PrivateIpAddress'].replace('.', '-'),
               'PrivateIpAddresses': [{'Primary': True,
                                       'PrivateIpAddress': e['PrivateIpAddress']}],
               'Groups': [{'GroupId': g, 'GroupName': self.sgs[g]['GroupName']}
                          for g in e['_groups'] if g in self.sgs],
               'RequesterManaged': e['RequesterId'] is not None,
               'SourceDestCheck': True, 'Status': self._eni_status(e),
               'Ipv6Addresses': [], 'TagSet': _tag_list(e['_tags'])}
        if e['RequesterId']:
            out['RequesterId'] = e['RequesterId']
        if e['_public_ip']:
            out['Association'] = {'IpOwnerId': 'amazon', 'PublicIp': e['_public_ip']}
        att = self._eni_attachment(e)
        if att:
            out['Attachment'] = att
        return out

    def _eni_attachment(self, e):
        """The interface's attachment as EC2 reports it, or None."""
        if e['_instance']:
            return {'AttachmentId': 'eni-attach-' + e['NetworkInterfaceId'][4:],
                    'DeleteOnTermination': True, 'DeviceIndex': 0,
                    'InstanceId': e['_instance'], 'InstanceOwnerId': self.account,
                    'Status': 'attached'}
        self._eni_advance(e)
        if e['_att'] is None:
            return None
        return {k: v for k, v in e['_att'].items() if not k.startswith('_')}

    def op_DescribeNetworkInterfaces(self, p):
        items = (self._find_many('eni', p['NetworkInterfaceIds'])
                 if p.get('NetworkInterfaceIds') else self._visible('enis'))

        def att(key):
            return lambda e: (self._eni_attachment(e) or {}).get(key)
        items = apply_filters(items, p.get('Filters'), {
            'network-interface-id': lambda e: e['NetworkInterfaceId'],
            'subnet-id': lambda e: e['SubnetId'],
            'vpc-id': lambda e: e['VpcId'],
            'group-id': lambda e: e['_groups'],
            'group-name': lambda e: [self.sgs[g]['GroupName'] for g in e['_groups']
                                     if g in self.sgs],
            'description': lambda e: e['Description'],
            'interface-type': lambda e: e['InterfaceType'],
            'requester-id': lambda e: e['RequesterId'],
            'requester-managed': lambda e: e['RequesterId'] is not None,
            'attachment.instance-id': att('InstanceId'),
            'attachment.instance-owner-id': att('InstanceOwnerId'),
            'attachment.attachment-id': att('AttachmentId'),
            'attachment.status': att('Status'),
            'attachment.device-index': att('DeviceIndex'),
            'attachment.delete-on-termination': att('DeleteOnTermination'),
            'mac-address': lambda e: e['MacAddress'],
            'association.public-ip': lambda e: e['_public_ip'],
            'private-dns-name': lambda e: 'ip-%s.ec2.internal' % e['PrivateIpAddress'].replace(
                '.', '-'),
            'status': self._eni_status,
            'availability-zone': lambda e: e['AvailabilityZone'],
            'private-ip-address': lambda e: e['PrivateIpAddress'],
            'owner-id': lambda e: self.account,
        })
        page, nxt = self._page(items, p)
        out = [self._eni_out(e) for e in page]
        for e in page:
            # a service releasing its interface after being seen N more times
            a = e['_att']
            if a is not None and a.get('_release_describes') is not None:
                a['_release_describes'] -= 1
                if a['_release_describes'] <= 0:
                    e['_att'] = None
        return {'NetworkInterfaces': out, 'NextToken': nxt}

    # -- interfaces AWS services leave behind (test control) ------------------------------

    # kind -> (description, interface type, requester id, attachment id prefix,
    #          attachment owner).  Lambda's hyperplane interfaces hang on an
    #          instance of "amazon-aws" and only Lambda can release them;
    #          Comprehend's and DMS's are attached in a way the account may undo.
    _SERVICE_ENIS = {
        'lambda': ('AWS Lambda VPC ENI-{name}-0f7e3c9a-1b2d-4e5f-8a9b-{suffix}', 'lambda',
                   'AROAEMULATORLAMBDA0001:awslambda_{suffix}', 'ela-attach', 'amazon-aws'),
        'comprehend': ('ENI for Amazon Comprehend job {name}', 'interface',
                       'AROAEMULATORCOMPREHEND1:Comprehend', 'eni-attach', '887656732109'),
        'dms': ('DMSNetworkInterface', 'interface', 'AROAEMULATORDMS0000001:dms-{name}',
                'eni-attach', '523486211072'),
        'plain': ('{name}', 'interface', None, 'eni-attach', '523486211072'),
    }

    def control_plant_network_interface(self, body):
        """Creates an interface the way an AWS service leaves it in a customer's
        subnet.  body: subnet_id, kind (lambda | comprehend | dms | plain),
        group_ids, name, description (overrides the kind's), attached (default
        true), release_after_seconds / release_after_describes (Lambda: the
        attachment goes away and the interface becomes available, as when
        Lambda lets go of it some time after its function is gone),
        detach_seconds (how long a DetachNetworkInterface takes, default 0.3)."""
        kind = body.get('kind', 'lambda')
        if kind not in self._SERVICE_ENIS:
            raise ValueError('kind must be one of %s' % ', '.join(sorted(self._SERVICE_ENIS)))
        if 'subnet_id' not in body:
            raise ValueError('subnet_id is required')
        desc, itype, requester, prefix, owner = self._SERVICE_ENIS[kind]
        with self._lock:
            subnet = self._find('subnet', body['subnet_id'], hidden_ok=True)
            groups = list(body.get('group_ids') or [])
            for g in groups:
                self._find('sg', g, hidden_ok=True)
            suffix = store.hex_digits(12)
            fill = {'name': body.get('name', kind + '-emulated'), 'suffix': suffix}
            eni = self._new_eni(subnet, groups,
                                body.get('description', desc.format(**fill)), itype, None, False)
            eni['RequesterId'] = requester.format(**fill) if requester else None
            if body.get('attached', True):
                att = self._service_attachment(eni['NetworkInterfaceId'], prefix, owner)
                att['_detach_s'] = float(body.get('detach_seconds', 0.3))
                if body.get('release_after_seconds') is not None:
                    att['_release_at'] = time.monotonic() + float(body['release_after_seconds'])
                if body.get('release_after_describes') is not None:
                    att['_release_describes'] = int(body['release_after_describes'])
                eni['_att'] = att
            out = self._eni_out(eni)
            return {'NetworkInterfaceId': eni['NetworkInterfaceId'],
                    'AttachmentId': (out.get('Attachment') or {}).get('AttachmentId'),
                    'Status': out['Status']}

    # -- regions, zones, images, account ------------------------------------------------

    def _zone_list(self, everything):
        out = []
        for name, zid in self.zones:
            out.append({'ZoneName': name, 'ZoneId': zid, 'State': 'available',
                        'OptInStatus': 'opt-in-not-required', 'Messages': [],
                        'RegionName': self.region, 'GroupName': self.region,
                        'NetworkBorderGroup': self.region, 'ZoneType': 'availability-zone',
                        'GroupLongName': self.region})
        if everything:
            abbrev = _zone_abbrev(self.region)
            for city, n in (('bos', 1), ('mia', 2)):
                group = '%s-%s-1' % (self.region, city)
                out.append({'ZoneName': group + 'a', 'ZoneId': '%s-%s-lz%d' % (abbrev, city, n),
                            'State': 'available', 'OptInStatus': 'not-opted-in',
                            'Messages': [], 'RegionName': self.region, 'GroupName': group,
                            'NetworkBorderGroup': group, 'ZoneType': 'local-zone',
                            'ParentZoneName': self.zones[0][0],
                            'ParentZoneId': self.zones[0][1]})
        return out

    def op_DescribeAvailabilityZones(self, p):
        zones = self._zone_list(p.get('AllAvailabilityZones'))
        for key, field in (('ZoneNames', 'ZoneName'), ('ZoneIds', 'ZoneId')):
            if p.get(key):
                known = {z[field] for z in zones}
                bad = [z for z in p[key] if z not in known]
                if bad:
                    raise AwsError('InvalidParameterValue',
                                   'Invalid availability zone: [%s]' % ', '.join(bad))
                zones = [z for z in zones if z[field] in p[key]]
        for z in zones:
            z['_tags'] = {}
        zones = apply_filters(zones, p.get('Filters'), {
            'zone-name': lambda z: z['ZoneName'],
            'zone-id': lambda z: z['ZoneId'],
            'state': lambda z: z['State'],
            'region-name': lambda z: z['RegionName'],
            'opt-in-status': lambda z: z['OptInStatus'],
            'zone-type': lambda z: z['ZoneType'],
            'group-name': lambda z: z['GroupName'],
            'group-long-name': lambda z: z['GroupLongName'] if 'GroupLongName' in z else None,
            'network-border-group': lambda z: z['NetworkBorderGroup'],
            'parent-zone-name': lambda z: z.get('ParentZoneName'),
            'parent-zone-id': lambda z: z.get('ParentZoneId'),
            'message': lambda z: [],
        })
        for z in zones:
            del z['_tags']
        return {'AvailabilityZones': zones}

    def _image_out(self, i):
        return {'ImageId': i['ImageId'], 'Name': i['Name'], 'Description': i['Description'],
                'Architecture': i['Architecture'], 'CreationDate': i['CreationDate'],
                'ImageLocation': 'amazon/' + i['Name'], 'ImageOwnerAlias': 'amazon',
                'ImageType': 'machine', 'OwnerId': i['OwnerId'], 'Public': True,
                'State': 'available', 'RootDeviceName': '/dev/xvda', 'RootDeviceType': 'ebs',
                'VirtualizationType': 'hvm', 'Hypervisor': 'xen', 'EnaSupport': True,
                'SriovNetSupport': 'simple', 'PlatformDetails': 'Linux/UNIX',
                'UsageOperation': 'RunInstances', 'BootMode': 'uefi-preferred',
                'BlockDeviceMappings': [{
                    'DeviceName': '/dev/xvda',
                    'Ebs': {'DeleteOnTermination': True, 'Encrypted': False,
                            'SnapshotId': 'snap-' + i['ImageId'][4:],
                            'VolumeSize': _IMAGE_VOLUME_SIZE.get(i['ImageId'], 30),
                            'VolumeType': 'gp2'}}],
                'Tags': _tag_list(i['_tags']) or None}

    def op_DescribeImages(self, p):
        if p.get('ImageIds'):
            items = []
            for iid in p['ImageIds']:
                if not _ID_RE.match(iid) or not iid.startswith('ami-'):
                    raise AwsError('InvalidAMIID.Malformed', 'Invalid id: "%s"' % iid)
                if iid not in self.images:
                    raise AwsError('InvalidAMIID.NotFound',
                                   "The image id '[%s]' does not exist" % iid)
                items.append(self.images[iid])
        else:
            items = list(self.images.values())
        owners = p.get('Owners')
        if owners:
            items = [i for i in items
                     if any(o in ('amazon', i['OwnerId']) for o in owners)]
        items = apply_filters(items, p.get('Filters'), {
            'image-id': lambda i: i['ImageId'],
            'name': lambda i: i['Name'],
            'description': lambda i: i['Description'],
            'architecture': lambda i: i['Architecture'],
            'owner-id': lambda i: i['OwnerId'],
            'owner-alias': lambda i: 'amazon',
            'state': lambda i: 'available',
            'is-public': lambda i: True,
            'image-type': lambda i: 'machine',
            'root-device-type': lambda i: 'ebs',
            'root-device-name': lambda i: '/dev/xvda',
            'virtualization-type': lambda i: 'hvm',
            'hypervisor': lambda i: 'xen',
            'platform-details': lambda i: 'Linux/UNIX',
            'ena-support': lambda i: True,
        })
        page, nxt = self._page(items, p)
        return {'Images': [self._image_out(i) for i in page], 'NextToken': nxt}

    def op_DescribeAccountAttributes(self, p):
        dflt = self._default_vpc()
        attrs = {'supported-platforms': ['VPC'],
                 'default-vpc': [dflt['VpcId'] if dflt else 'none'],
                 'max-instances': ['20'], 'vpc-max-security-groups-per-interface': ['5'],
                 'max-elastic-ips': ['5'], 'vpc-max-elastic-ips': ['5']}
        names = p.get('AttributeNames') or list(attrs)
        return {'AccountAttributes': [
            {'AttributeName': n, 'AttributeValues': [{'AttributeValue': v} for v in attrs[n]]}
            for n in names if n in attrs]}

    def op_DescribePrefixLists(self, p):
        lists = [
            {'PrefixListId': 'pl-63a5400a', 'PrefixListName': 'com.amazonaws.%s.s3' % self.region,
             'Cidrs': ['52.216.0.0/15', '3.5.0.0/19', '54.231.0.0/16'], '_tags': {}},
            {'PrefixListId': 'pl-02cd2c6b',
             'PrefixListName': 'com.amazonaws.%s.dynamodb' % self.region,
             'Cidrs': ['3.218.182.0/24', '52.94.0.0/22'], '_tags': {}},
        ]
        if p.get('PrefixListIds'):
            known = {x['PrefixListId'] for x in lists}
            for pid in p['PrefixListIds']:
                if pid not in known:
                    raise AwsError('InvalidPrefixListID.NotFound',
                                   "The prefix list ID '%s' does not exist" % pid)
            lists = [x for x in lists if x['PrefixListId'] in p['PrefixListIds']]
        lists = apply_filters(lists, p.get('Filters'), {
            'prefix-list-id': lambda x: x['PrefixListId'],
            'prefix-list-name': lambda x: x['PrefixListName'],
        })
        return {'PrefixLists': [{k: v for k, v in x.items() if k != '_tags'} for x in lists]}

    # -- tags -----------------------------------------------------------------------------

    def op_CreateTags(self, p):
        tags = self._check_tags(p['Tags'])
        targets = [self._any_resource(r)[1] for r in p['Resources']]
        for item in targets:
            if len(set(item['_tags']) | set(tags)) > 50:
                raise AwsError('TagLimitExceeded', 'The maximum number of tags is 50')
        for item in targets:
            item['_tags'].update(tags)
        return {}

    def op_DeleteTags(self, p):
        targets = [self._any_resource(r)[1] for r in p['Resources']]
        for item in targets:
            if not p.get('Tags'):
                item['_tags'].clear()
                continue
            for t in p['Tags']:
                k = t.get('Key')
                if k in item['_tags'] and ('Value' not in t or t['Value'] is None
                                           or item['_tags'][k] == t['Value']):
                    del item['_tags'][k]
        return {}

    def op_DescribeTags(self, p):
        rows = []
        for prefix, (coll, _, _, rtype, _) in _KINDS.items():
            if coll in ('images', 'rules'):
                continue
            for rid, item in getattr(self, coll).items():
                for k, v in item['_tags'].items():
                    rows.append({'ResourceId': rid, 'ResourceType': rtype, 'Key': k,
                                 'Value': v, '_tags': {}})
        for rid, item in self.volumes.items():
            for k, v in item['_tags'].items():
                rows.append({'ResourceId': rid, 'ResourceType': 'volume', 'Key': k,
                             'Value': v, '_tags': {}})
        rows = apply_filters(rows, p.get('Filters'), {
            'resource-id': lambda r: r['ResourceId'],
            'resource-type': lambda r: r['ResourceType'],
            'key': lambda r: r['Key'],
            'value': lambda r: r['Value'],
        })
        page, nxt = self._page(rows, p)
        return {'Tags': [{k: v for k, v in r.items() if k != '_tags'} for r in page],
                'NextToken': nxt}

    # -- instances: svc_ec2_instances.py -------------------------------------------------

"""EC2: network ACLs.  A mixin of svc_ec2.Service.

Every VPC gets a default ACL (svc_ec2.CreateVpc calls acl_new): rule 100
allows all traffic in each direction, and the catch-all rule 32767 denies
the rest; a VPC with an IPv6 block also gets 101 (allow ::/0) and 32768
(deny ::/0), added when the block is associated.  Every subnet starts in its
VPC's default ACL and moves with ReplaceNetworkAclAssociation (a new
association id each time).  A new ACL (CreateNetworkAcl, idempotent on
ClientToken) has only the catch-all rules.

  CreateNetworkAcl / DeleteNetworkAcl (not the default, not while subnets
      are associated: DependencyViolation)
  CreateNetworkAclEntry / ReplaceNetworkAclEntry / DeleteNetworkAclEntry
      (rules 1-32766; the catch-alls cannot be touched)
  ReplaceNetworkAclAssociation, DescribeNetworkAcls (ids, filters, pages)

As EC2 reports them, an entry of protocol -1 (or any protocol but TCP, UDP,
ICMP and ICMPv6) has no PortRange, ICMP entries carry IcmpTypeCode and no
PortRange, and protocols are given back as numbers.
"""

import ipaddress

import store
from errors import AwsError

# the rules AWS puts at the end of every ACL; users cannot change them
_CATCH_ALL = {32767: '0.0.0.0/0', 32768: '::/0'}


def _tag_list(tags):
    return [{'Key': k, 'Value': v} for k, v in sorted(tags.items())]


def _entry(number, egress, action, cidr=None, cidr6=None, protocol='-1'):
    e = {'RuleNumber': number, 'Egress': egress, 'RuleAction': action, 'Protocol': protocol}
    if cidr:
        e['CidrBlock'] = cidr
    if cidr6:
        e['Ipv6CidrBlock'] = cidr6
    return e


class NetworkAclsMixin:
    """Network ACLs for svc_ec2.Service (see the module docstring)."""

    def acl_reset(self):
        self.acls = {}
        self.acl_tokens = {}

    def acl_new(self, vpc, default=False, tags=None):
        acl_id = store.new_id('acl')
        entries = []
        for egress in (True, False):
            if default:
                entries.append(_entry(100, egress, 'allow', cidr='0.0.0.0/0'))
            entries.append(_entry(32767, egress, 'deny', cidr='0.0.0.0/0'))
        acl = {'NetworkAclId': acl_id, 'VpcId': vpc['VpcId'], '_default': default,
               '_tags': tags or {}, '_assoc': {}, '_entries': entries}
        self.acls[acl_id] = acl
        if vpc.get('_ipv6'):
            self._acl_add_ipv6(acl)
        return acl

    def _acl_add_ipv6(self, acl):
        have = {(e['RuleNumber'], e['Egress']) for e in acl['_entries']}
        for egress in (True, False):
            if acl['_default'] and (101, egress) not in have:
                acl['_entries'].append(_entry(101, egress, 'allow', cidr6='::/0'))
            if (32768, egress) not in have:
                acl['_entries'].append(_entry(32768, egress, 'deny', cidr6='::/0'))

    def acl_vpc_ipv6_added(self, vpc_id):
        """An IPv6 block was associated with the VPC: its ACLs gain the IPv6 rules."""
        for acl in self.acls.values():
            if acl['VpcId'] == vpc_id:
                self._acl_add_ipv6(acl)

    def acl_vpc_dependencies(self, vpc_id):
        return [a for a in self.acls.values() if a['VpcId'] == vpc_id and not a['_default']]

    def _acl_out(self, a):
        entries = sorted(a['_entries'], key=lambda e: (not e['Egress'], e['RuleNumber']))
        return {'NetworkAclId': a['NetworkAclId'], 'VpcId': a['VpcId'],
                'IsDefault': a['_default'], 'OwnerId': self.account,
                'Entries': [dict(e) for e in entries],
                'Associations': [{'NetworkAclAssociationId': aid,
                                  'NetworkAclId': a['NetworkAclId'], 'SubnetId': sid}
                                 for sid, aid in a['_assoc'].items()],
                'Tags': _tag_list(a['_tags'])}

    def op_DescribeNetworkAcls(self, p):
        from svc_ec2 import apply_filters
        items = (self._find_many('acl', p['NetworkAclIds']) if p.get('NetworkAclIds')
                 else self._visible('acls'))

        def entries(field):
            return lambda a: [str(e.get(field, '')) for e in a['_entries']]
        items = apply_filters(items, p.get('Filters'), {
            'network-acl-id': lambda a: a['NetworkAclId'],
            'vpc-id': lambda a: a['VpcId'],
            'default': lambda a: a['_default'],
            'owner-id': lambda a: self.account,
            'association.subnet-id': lambda a: list(a['_assoc']),
            'association.association-id': lambda a: list(a['_assoc'].values()),
            'association.network-acl-id': lambda a: [a['NetworkAclId'] for _ in a['_assoc']],
            'entry.cidr': entries('CidrBlock'),
            'entry.ipv6-cidr': entries('Ipv6CidrBlock'),
            'entry.egress': lambda a: [e['Egress'] for e in a['_entries']],
            'entry.protocol': entries('Protocol'),
            'entry.rule-action': entries('RuleAction'),
            'entry.rule-number': entries('RuleNumber'),
        })
        page, nxt = self._page(items, p)
        return {'NetworkAcls': [self._acl_out(a) for a in page], 'NextToken': nxt}

    def op_CreateNetworkAcl(self, p):
        token = p.get('ClientToken')
        if token and token in self.acl_tokens:
            first_vpc, acl_id = self.acl_tokens[token]
            if first_vpc != p['VpcId']:
                raise AwsError('IdempotentParameterMismatch',
                               'The client token %s was used with different parameters.' % token)
            if acl_id in self.acls:
                return {'NetworkAcl': self._acl_out(self.acls[acl_id]), 'ClientToken': token}
        vpc = self._find('vpc', p['VpcId'])
        acl = self.acl_new(vpc, tags=self._tags_from_specs(p, 'network-acl'))
        if token:
            self.acl_tokens[token] = (p['VpcId'], acl['NetworkAclId'])
        self._created(acl['NetworkAclId'])
        return {'NetworkAcl': self._acl_out(acl), 'ClientToken': token}

    def op_DeleteNetworkAcl(self, p):
        acl = self._find('acl', p['NetworkAclId'])
        if acl['_default']:
            raise AwsError('Client.CannotDelete',
                           "The network ACL '%s' is the default of its VPC and cannot be "
                           "deleted" % acl['NetworkAclId'])
        if acl['_assoc']:
            raise AwsError('DependencyViolation',
                           "The networkAcl '%s' has dependencies and cannot be deleted."
                           % acl['NetworkAclId'])
        del self.acls[acl['NetworkAclId']]
        return {}

    # -- entries ---------------------------------------------------------------------

    @staticmethod
    def _acl_rule_number(p):
        n = p['RuleNumber']
        if n in _CATCH_ALL:
            raise AwsError('InvalidParameterValue',
                           'The rule number %d is reserved for the default rule' % n)
        if not 1 <= n <= 32766:
            raise AwsError('InvalidParameterValue',
                           "Value (%d) for parameter ruleNumber is invalid. Valid values are "
                           "1-32766." % n)
        return n

    def _acl_entry_from(self, p):
        n = self._acl_rule_number(p)
        action = p['RuleAction']
        if action not in ('allow', 'deny'):
            raise AwsError('InvalidParameterValue',
                           'Value (%s) for parameter ruleAction is invalid.' % action)
        cidr, cidr6 = p.get('CidrBlock'), p.get('Ipv6CidrBlock')
        if bool(cidr) == bool(cidr6):
            raise AwsError('InvalidParameterCombination' if cidr else 'MissingParameter',
                           'Either cidrBlock or ipv6CidrBlock must be specified, not both'
                           if cidr else 'The request must contain the parameter cidrBlock or '
                           'ipv6CidrBlock')
        try:
            net = (ipaddress.IPv4Network(cidr, strict=False) if cidr
                   else ipaddress.IPv6Network(cidr6, strict=False))
        except ValueError:
            raise AwsError('InvalidParameterValue',
                           "Value (%s) for parameter %s is invalid."
                           % (cidr or cidr6, 'cidrBlock' if cidr else 'ipv6CidrBlock'))
        proto = str(p['Protocol']).lower()
        names = {'tcp': '6', 'udp': '17', 'icmp': '1', 'icmpv6': '58', 'all': '-1'}
        proto = names.get(proto, proto)
        if proto != '-1' and not (proto.isdigit() and 0 <= int(proto) <= 255):
            raise AwsError('InvalidParameterValue',
                           'Invalid value for parameter protocol: %s' % p['Protocol'])
        e = _entry(n, bool(p['Egress']), action, cidr=str(net) if cidr else None,
                   cidr6=str(net) if cidr6 else None, protocol=proto)
        if proto in ('6', '17'):
            pr = p.get('PortRange')
            if not pr or 'From' not in pr or 'To' not in pr:
                raise AwsError('InvalidParameterValue',
                               'TCP and UDP rules need a port range (portRange.from and to)')
            if not (0 <= pr['From'] <= 65535 and 0 <= pr['To'] <= 65535):
                raise AwsError('InvalidParameterValue', 'Invalid port range %d-%d'
                               % (pr['From'], pr['To']))
            e['PortRange'] = {'From': pr['From'], 'To': pr['To']}
        elif proto in ('1', '58'):
            ic = p.get('IcmpTypeCode')
            if not ic or 'Type' not in ic or 'Code' not in ic:
                raise AwsError('InvalidParameterValue',
                               'ICMP rules need an ICMP type and code (icmpTypeCode)')
            e['IcmpTypeCode'] = {'Type': ic['Type'], 'Code': ic['Code']}
        return e

    def _acl_find_entry(self, acl, number, egress):
        for e in acl['_entries']:
            if e['RuleNumber'] == number and e['Egress'] == egress:
                return e
        return None

    def op_CreateNetworkAclEntry(self, p):
        acl = self._find('acl', p['NetworkAclId'])
        e = self._acl_entry_from(p)
        old = self._acl_find_entry(acl, e['RuleNumber'], e['Egress'])
        if old is not None:
            if old == e:
                return {}       # EC2 accepts an identical repeat
            raise AwsError('NetworkAclEntryAlreadyExists',
                           'The network acl entry identified by %d already exists.'
                           % e['RuleNumber'])
        acl['_entries'].append(e)
        return {}

    def op_ReplaceNetworkAclEntry(self, p):
        acl = self._find('acl', p['NetworkAclId'])
        e = self._acl_entry_from(p)
        old = self._acl_find_entry(acl, e['RuleNumber'], e['Egress'])
        if old is None:
            raise AwsError('InvalidNetworkAclEntry.NotFound',
                           'The network acl entry identified by %d does not exist.'
                           % e['RuleNumber'])
        acl['_entries'][acl['_entries'].index(old)] = e
        return {}

    def op_DeleteNetworkAclEntry(self, p):
        acl = self._find('acl', p['NetworkAclId'])
        n = self._acl_rule_number(p)
        old = self._acl_find_entry(acl, n, bool(p['Egress']))
        if old is None:
            raise AwsError('InvalidNetworkAclEntry.NotFound',
                           'The network acl entry identified by %d does not exist.' % n)
        acl['_entries'].remove(old)
        return {}

    def op_ReplaceNetworkAclAssociation(self, p):
        acl = self._find('acl', p['NetworkAclId'])
        for other in self.acls.values():
            for sid, aid in list(other['_assoc'].items()):
                if aid != p['AssociationId']:
                    continue
                if self.subnets[sid]['VpcId'] != acl['VpcId']:
                    raise AwsError('InvalidParameterValue',
                                   "Network ACL '%s' and subnet '%s' belong to different "
                                   "networks" % (acl['NetworkAclId'], sid))
                del other['_assoc'][sid]
                new = store.new_id('aclassoc')
                acl['_assoc'][sid] = new
                return {'NewAssociationId': new}
        raise AwsError('InvalidAssociationID.NotFound',
                       "The association ID '%s' does not exist" % p['AssociationId'])

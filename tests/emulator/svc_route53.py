"""Route 53 (REST-XML): hosted zones, their record sets, changes and tags.

Requests are routed, parsed and answered by restxml.py from the model (the
server hands them to `handle_http`).  What is modelled:

- Hosted zones: CreateHostedZone (CallerReference unique per account: a
  repeat is HostedZoneAlreadyExists), Get/List/ListByName/Delete (only an
  empty zone: HostedZoneNotEmpty), UpdateHostedZoneComment, VPC association
  of private zones, GetDNSSEC (NOT_SIGNING; private zones refuse it).  A new
  zone holds its SOA and NS records; public zones have a delegation set of
  four name servers.
- Record sets: ChangeResourceRecordSets applies a batch atomically (CREATE of
  an existing set, DELETE of a missing or different one, a name outside the
  zone, CNAME beside other data, records without TTL ... are
  InvalidChangeBatch); ListResourceRecordSets in Route 53's order (names by
  reversed labels, then type) with its start name/type/identifier paging.
- Changes: every change is PENDING when made; GetChange answers INSYNC from
  the (pending_polls+1)-th poll on (pending_polls 0 by default, the hook
  `settings` sets it).
- Tags: Change/ListTagsForResource(s) for hostedzone and healthcheck ids.

Store (engineer C's ACM reads it): self.zones[zone_id] = {'Id', 'Name'
('example.com.', lower case), 'CallerReference', 'Config': {'Comment',
'PrivateZone'}, 'VPCs', 'records': {(name, type, set_identifier or ''):
ResourceRecordSet dict as the API shows it ({'Name', 'Type', 'TTL',
'ResourceRecords': [{'Value'}], 'AliasTarget', ...})}, 'tags': {k: v}}.
`find_record_values(name, type)` gives the values of every zone's set of
that name and type (names compared without the trailing dot, any case).

Seeding: the environment variable TFP_EMULATOR_ROUTE53_ZONES
("example.com,other.org") makes public zones at start and after a reset;
the hook `seed-zone` ({"name": ..., "private": false}) makes one on request
(and answers the existing one when the name is already seeded).
Drift: the hook `set-record` ({"zone_id", "name", "type", "ttl", "values"},
or "delete": true) changes a record set behind the API's back.
"""

import os
import re
import threading

import faults as faults_mod
import protocols
import restxml
import store
from errors import AwsError

ZONE_ENV = 'TFP_EMULATOR_ROUTE53_ZONES'
_RRTYPES = ('SOA', 'A', 'TXT', 'NS', 'CNAME', 'MX', 'NAPTR', 'PTR', 'SRV', 'SPF', 'AAAA',
            'CAA', 'DS', 'TLSA', 'SSHFP', 'SVCB', 'HTTPS')
_ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'


def _fqdn(name):
    name = (name or '').strip()
    return name if name.endswith('.') else name + '.'


def _escape_name(name):
    """Route 53's API form of a name: lower case, characters other than
    a-z 0-9 - _ . as \\ooo octal escapes (a '*' label is \\052)."""
    out = []
    i = 0
    name = name.lower()
    while i < len(name):
        ch = name[i]
        if ch == '\\' and re.match(r'\\[0-7]{3}', name[i:i + 4]):
            out.append(name[i:i + 4])
            i += 4
            continue
        if re.match(r'[a-z0-9_\-.]', ch):
            out.append(ch)
        else:
            out.append('\\%03o' % ord(ch))
        i += 1
    return ''.join(out)


def _plain(name):
    """For comparisons: escapes decoded, no trailing dot, lower case."""
    name = re.sub(r'\\([0-7]{3})', lambda m: chr(int(m.group(1), 8)), name or '')
    return name.rstrip('.').lower()


def _sort_key(name):
    return list(reversed(_plain(name).split('.')))


def _clean_id(value, prefix):
    value = value or ''
    for p in ('/%s/' % prefix, '%s/' % prefix):
        if value.startswith(p):
            return value[len(p):]
    return value


def _new_id(prefix):
    """Route 53's ids: a letter and 20 upper-case letters and digits."""
    n = int(store.hex_digits(26), 16)
    out = []
    for _ in range(20):
        n, r = divmod(n, 36)
        out.append(_ID_CHARS[r])
    return prefix + ''.join(out)


def _max_items(p, default):
    v = p.get('MaxItems')
    if v is None:
        return default
    try:
        n = int(v)
    except ValueError:
        raise AwsError('InvalidInput', "1 validation error detected: Value '%s' at 'maxItems' "
                                       "failed to satisfy constraint: Member must be a number" % v)
    if n < 1:
        raise AwsError('InvalidInput', 'maxitems must be at least 1')
    return min(n, default)


def _no_zone(zid):
    return AwsError('NoSuchHostedZone', 'No hosted zone found with ID: %s' % zid, 404)


def _batch_error(messages):
    err = AwsError('InvalidChangeBatch', '[%s]' % ', '.join(messages))
    err.messages = messages
    return err


class Service:
    signing_name = 'route53'
    model_name = 'route53'

    def __init__(self, emu):
        self.emu = emu
        self._lock = threading.RLock()
        self.rest = None
        self.pending_polls = 0
        self.reset()

    # -- lifecycle ------------------------------------------------------------

    def reset(self):
        with self._lock:
            self.zones = {}
            self.changes = {}
            self.health_check_tags = {}
            self.pending_polls = 0
            for name in (os.environ.get(ZONE_ENV) or '').split(','):
                if name.strip():
                    self._make_zone(name.strip(), 'seed-%s' % name.strip(), 'Seeded by the emulator',
                                    False, None)

    def snapshot(self):
        with self._lock:
            return {'hosted_zones': sorted(self.zones),
                    'record_sets': sorted('%s/%s/%s/%s' % (z['Id'], k[0], k[1], k[2])
                                          for z in self.zones.values()
                                          for k in z['records']
                                          if not (k[1] in ('SOA', 'NS') and k[0] == z['Name']))}

    def _model(self):
        if self.rest is None:
            self.rest = restxml.RestXml(self.emu.models['route53'])
        return self.rest

    # -- the wire -------------------------------------------------------------

    def handle_http(self, method, raw_path, raw_query, headers, body, request_id):
        rest = self._model()
        op = None
        try:
            op, uri_vals = rest.route(method, raw_path, raw_query)
            # the SDKs cut "/hostedzone/" (and "/change/") from ids they put in a URI
            uri_vals = {k: _clean_id(_clean_id(_clean_id(v, 'hostedzone'), 'change'),
                                     'delegationset') for k, v in uri_vals.items()}
            after = self.emu.faults.before_call('query', op)
            params, violations = rest.parse(op, uri_vals, raw_query, headers, body)
            violations = violations or self.emu.models['route53'].validate(op, params)
            if violations:
                raise restxml.validation_error(violations)
            fn = getattr(self, 'op_' + op, None)
            if fn is None:
                raise AwsError('InvalidAction', 'The action %s is not valid for this web service.'
                               % op)
            with self._lock:
                output = fn(params)
            self.emu.faults.acted(op)
            result = rest.serialize(op, output, request_id)
            self.emu._count_objects('route53', op)
            if after == faults_mod.AFTER_DROP:
                self.emu._record('route53', op, 0, 'ConnectionDropped',
                                 'acted, then dropped the connection')
            elif after != faults_mod.AFTER_500:  # that one is recorded as the 500
                self.emu._record('route53', op, result[0], None)
            self.emu.faults.after_call('query', after)
            return result
        except AwsError as err:
            self.emu._record('route53', op or '?', err.status, err.code, err.message)
            return self.error(err, request_id, method)
        except Exception:  # an emulator bug: answered as AWS would, the server goes on
            import traceback
            traceback.print_exc()
            err = AwsError('InternalFailure', 'emulator bug: %s'
                           % traceback.format_exc().splitlines()[-1], 500, sender=False)
            self.emu._record('route53', op or '?', err.status, err.code)
            return self.error(err, request_id, method)

    def error(self, err, request_id, method=None):
        rest = self._model()
        if getattr(err, 'messages', None):
            # InvalidChangeBatch carries <Messages><Message>... as AWS sends it
            from xml.sax.saxutils import escape
            body = ('<?xml version="1.0"?>\n<InvalidChangeBatch xmlns="%s"><Messages>%s'
                    '</Messages><RequestId>%s</RequestId></InvalidChangeBatch>'
                    % (rest.namespace,
                       ''.join('<Message>%s</Message>' % escape(m) for m in err.messages),
                       request_id))
            return err.status, {'Content-Type': 'text/xml', 'x-amzn-RequestId': request_id}, \
                body.encode()
        return rest.error(err, request_id, method)

    # -- helpers --------------------------------------------------------------

    def _zone(self, zid):
        zid = _clean_id(zid, 'hostedzone')
        z = self.zones.get(zid)
        if z is None or self.emu.hidden(zid):
            raise _no_zone(zid)
        return z

    def _change(self, comment=None):
        cid = _new_id('C')
        c = {'Id': '/change/%s' % cid, 'Status': 'PENDING', 'SubmittedAt': self.emu.now(),
             '_polls': 0}
        if comment:
            c['Comment'] = comment
        self.changes[cid] = c
        return {k: v for k, v in c.items() if not k.startswith('_')}

    def _name_servers(self, zid):
        n = int(store.hex_digits(4), 16)
        return ['ns-%d.awsdns-%02d.com' % (n % 2048, n % 64),
                'ns-%d.awsdns-%02d.net' % ((n + 512) % 2048, (n + 1) % 64),
                'ns-%d.awsdns-%02d.org' % ((n + 1024) % 2048, (n + 2) % 64),
                'ns-%d.awsdns-%02d.co.uk' % ((n + 1536) % 2048, (n + 3) % 64)]

    def _make_zone(self, name, caller_ref, comment, private, vpc):
        zid = _new_id('Z')
        zname = _escape_name(_fqdn(name))
        ns = [] if private else self._name_servers(zid)
        z = {'Id': zid, 'Name': zname, 'CallerReference': caller_ref,
             'Config': {'Comment': comment, 'PrivateZone': bool(private)} if comment is not None
             else {'PrivateZone': bool(private)},
             'VPCs': [vpc] if vpc else [], 'NameServers': ns, 'records': {}, 'tags': {},
             'DelegationSetId': None}
        servers = ns or ['ns-0.awsdns-00.com']
        z['records'][(zname, 'SOA', '')] = {
            'Name': zname, 'Type': 'SOA', 'TTL': 900,
            'ResourceRecords': [{'Value': '%s. awsdns-hostmaster.amazon.com. 1 7200 900 '
                                          '1209600 86400' % servers[0]}]}
        # a private zone's NS record names Route 53's placeholder servers
        z['records'][(zname, 'NS', '')] = {
            'Name': zname, 'Type': 'NS', 'TTL': 172800,
            'ResourceRecords': [{'Value': s + '.'} for s in (ns or [
                'ns-0.awsdns-00.com', 'ns-512.awsdns-00.net', 'ns-1024.awsdns-00.org',
                'ns-1536.awsdns-00.co.uk'])]}
        self.zones[zid] = z
        self.emu.note_created(zid)
        return z

    @staticmethod
    def _zone_out(z):
        out = {'Id': '/hostedzone/%s' % z['Id'], 'Name': z['Name'],
               'CallerReference': z['CallerReference'], 'Config': dict(z['Config']),
               'ResourceRecordSetCount': len(z['records'])}
        return out

    def _zone_detail(self, z):
        out = {'HostedZone': self._zone_out(z)}
        if z['Config']['PrivateZone']:
            out['VPCs'] = [dict(v) for v in z['VPCs']]
        else:
            ds = {'NameServers': list(z['NameServers'])}
            if z.get('DelegationSetId'):
                ds['Id'] = '/delegationset/%s' % z['DelegationSetId']
            out['DelegationSet'] = ds
        return out

    def _sorted_zones(self):
        return sorted((z for z in self.zones.values() if not self.emu.hidden(z['Id'])),
                      key=lambda z: (_sort_key(z['Name']), z['Id']))

    # -- hosted zones ---------------------------------------------------------

    def op_CreateHostedZone(self, p):
        name = p['Name']
        if not re.match(r'^[A-Za-z0-9_\-.*\\]+\.?$', name) or '..' in name or \
                len(name.rstrip('.')) > 253:
            raise AwsError('InvalidDomainName', '%s is not a valid domain name.' % name)
        for z in self.zones.values():
            if z['CallerReference'] == p['CallerReference']:
                raise AwsError('HostedZoneAlreadyExists',
                               'A hosted zone has already been created with the specified '
                               'caller reference.', 409)
        cfg = p.get('HostedZoneConfig') or {}
        vpc = p.get('VPC')
        private = bool(cfg.get('PrivateZone')) or vpc is not None
        if private and not vpc:
            raise AwsError('InvalidInput', 'When you\'re creating a private hosted zone, you '
                                           'must specify a VPC.')
        if vpc is not None:
            vpc = {'VPCRegion': vpc.get('VPCRegion') or self.emu.region, 'VPCId': vpc.get('VPCId')}
            ec2 = self.emu.services.get('ec2')
            vpcs = getattr(ec2, 'vpcs', None)
            if isinstance(vpcs, dict) and vpc['VPCId'] not in vpcs:
                raise AwsError('InvalidVPCId', 'The VPC ID \'%s\' is not valid.' % vpc['VPCId'])
        if private and p.get('DelegationSetId'):
            raise AwsError('InvalidInput', 'A delegation set cannot be used with a private zone.')
        z = self._make_zone(name, p['CallerReference'], cfg.get('Comment'), private, vpc)
        if p.get('DelegationSetId'):
            z['DelegationSetId'] = p['DelegationSetId']
        out = self._zone_detail(z)
        out['ChangeInfo'] = self._change()
        out['Location'] = 'https://route53.amazonaws.com/2013-04-01/hostedzone/%s' % z['Id']
        if vpc:
            out['VPC'] = dict(vpc)
        return out

    def op_GetHostedZone(self, p):
        return self._zone_detail(self._zone(p['Id']))

    def op_ListHostedZones(self, p):
        zones = self._sorted_zones()
        if p.get('HostedZoneType') == 'PrivateHostedZone':
            zones = [z for z in zones if z['Config']['PrivateZone']]
        start = 0
        if p.get('Marker'):
            ids = [z['Id'] for z in zones]
            if p['Marker'] not in ids:
                raise AwsError('InvalidInput', 'Invalid marker: %s' % p['Marker'])
            start = ids.index(p['Marker'])
        n = _max_items(p, 100)
        page = zones[start:start + n]
        out = {'HostedZones': [self._zone_out(z) for z in page], 'MaxItems': n,
               'IsTruncated': start + n < len(zones)}
        if p.get('Marker'):
            out['Marker'] = p['Marker']
        if out['IsTruncated']:
            out['NextMarker'] = zones[start + n]['Id']
        return out

    def op_ListHostedZonesByName(self, p):
        zones = self._sorted_zones()
        start = 0
        if p.get('DNSName'):
            key = (_sort_key(p['DNSName']), _clean_id(p.get('HostedZoneId'), 'hostedzone'))
            while start < len(zones) and (_sort_key(zones[start]['Name']), zones[start]['Id']) < key:
                start += 1
        elif p.get('HostedZoneId'):
            raise AwsError('InvalidInput', 'HostedZoneId requires DNSName.')
        n = _max_items(p, 100)
        page = zones[start:start + n]
        out = {'HostedZones': [self._zone_out(z) for z in page], 'MaxItems': n,
               'IsTruncated': start + n < len(zones)}
        if p.get('DNSName'):
            out['DNSName'] = p['DNSName']
        if p.get('HostedZoneId'):
            out['HostedZoneId'] = p['HostedZoneId']
        if out['IsTruncated']:
            out['NextDNSName'] = zones[start + n]['Name']
            out['NextHostedZoneId'] = zones[start + n]['Id']
        return out

    def op_DeleteHostedZone(self, p):
        z = self._zone(p['Id'])
        extra = [k for k in z['records'] if not (k[0] == z['Name'] and k[1] in ('SOA', 'NS'))]
        if extra:
            raise AwsError('HostedZoneNotEmpty',
                           'The specified hosted zone contains non-required resource record '
                           'sets  and so cannot be deleted.')
        del self.zones[z['Id']]
        return {'ChangeInfo': self._change()}

    def op_UpdateHostedZoneComment(self, p):
        z = self._zone(p['Id'])
        if p.get('Comment') is None:
            z['Config'].pop('Comment', None)
        else:
            z['Config']['Comment'] = p['Comment']
        return {'HostedZone': self._zone_out(z)}

    def op_AssociateVPCWithHostedZone(self, p):
        z = self._zone(p['HostedZoneId'])
        if not z['Config']['PrivateZone']:
            raise AwsError('PublicZoneVPCAssociation',
                           'Public hosted zones cannot be associated with a VPC.')
        vpc = {'VPCRegion': p['VPC'].get('VPCRegion') or self.emu.region,
               'VPCId': p['VPC'].get('VPCId')}
        if any(v['VPCId'] == vpc['VPCId'] for v in z['VPCs']):
            raise AwsError('ConflictingDomainExists', 'The VPC is already associated.')
        z['VPCs'].append(vpc)
        return {'ChangeInfo': self._change(p.get('Comment'))}

    def op_DisassociateVPCFromHostedZone(self, p):
        z = self._zone(p['HostedZoneId'])
        vid = p['VPC'].get('VPCId')
        if not any(v['VPCId'] == vid for v in z['VPCs']):
            raise AwsError('VPCAssociationNotFound', 'The VPC %s is not associated.' % vid, 404)
        if len(z['VPCs']) == 1:
            raise AwsError('LastVPCAssociation', 'The last VPC cannot be disassociated.')
        z['VPCs'] = [v for v in z['VPCs'] if v['VPCId'] != vid]
        return {'ChangeInfo': self._change(p.get('Comment'))}

    def op_GetDNSSEC(self, p):
        z = self._zone(p['HostedZoneId'])
        if z['Config']['PrivateZone']:
            raise AwsError('InvalidArgument', 'Operation is unsupported for private hosted zones.')
        return {'Status': {'ServeSignature': 'NOT_SIGNING'}, 'KeySigningKeys': []}

    # -- record sets ----------------------------------------------------------

    def _check_set(self, z, rr, msgs):
        name = rr['Name']
        plain = _plain(name)
        zplain = _plain(z['Name'])
        where = "[name='%s', type='%s'%s]" % (
            _escape_name(_fqdn(name)), rr['Type'],
            (", set-identifier='%s'" % rr['SetIdentifier']) if rr.get('SetIdentifier') else '')
        if not (plain == zplain or plain.endswith('.' + zplain)):
            msgs.append('RRSet with DNS name %s is not permitted in zone %s'
                        % (_fqdn(name), z['Name']))
            return where
        alias = rr.get('AliasTarget')
        if alias and rr.get('ResourceRecords'):
            msgs.append('Tried to create resource record set %s with both alias target and '
                        'resource records' % where)
        if not alias and not rr.get('ResourceRecords'):
            msgs.append('Tried to create resource record set %s without resource records or '
                        'alias target' % where)
        if not alias and rr.get('TTL') is None and rr.get('ResourceRecords'):
            msgs.append('Invalid Resource Record: FATAL problem: TTL not specified %s' % where)
        if alias and rr.get('TTL') is not None:
            msgs.append('Tried to create an alias resource record set %s with a TTL' % where)
        if rr['Type'] == 'CNAME' and plain == zplain:
            msgs.append('RRSet of type CNAME with DNS name %s is not permitted at apex in zone %s'
                        % (_fqdn(name), z['Name']))
        if rr['Type'] == 'CNAME' and len(rr.get('ResourceRecords') or []) > 1:
            msgs.append('RRSet of type CNAME with DNS name %s is not permitted because a '
                        'CNAME may only have one value' % _fqdn(name))
        for r in rr.get('ResourceRecords') or []:
            v = r.get('Value', '')
            if rr['Type'] == 'A' and not re.match(r'^\d{1,3}(\.\d{1,3}){3}$', v):
                msgs.append('Invalid Resource Record: FATAL problem: ARRTypeNotIPv4Address '
                            '(Value is not a valid IPv4 address) encountered with \'%s\'' % v)
            if rr['Type'] in ('TXT', 'SPF') and not (v.startswith('"') and v.endswith('"')):
                msgs.append('Invalid Resource Record: FATAL problem: InvalidCharacterString '
                            '(Value should be enclosed in quotation marks) encountered with '
                            '\'%s\'' % v)
        if rr.get('SetIdentifier') is None and any(
                rr.get(k) is not None for k in ('Weight', 'Region', 'Failover', 'GeoLocation',
                                                'MultiValueAnswer', 'CidrRoutingConfig',
                                                'GeoProximityLocation')):
            msgs.append('Invalid request: Missing field \'SetIdentifier\' in Change with '
                        '[Action=CREATE, Name=%s, Type=%s]' % (_fqdn(name), rr['Type']))
        return where

    @staticmethod
    def _stored(rr):
        out = {k: v for k, v in rr.items() if v is not None}
        out['Name'] = _escape_name(_fqdn(rr['Name']))
        if out.get('AliasTarget'):
            a = dict(out['AliasTarget'])
            a['DNSName'] = _escape_name(_fqdn(a.get('DNSName', '')))
            out['AliasTarget'] = a
        return out

    @staticmethod
    def _same(a, b):
        keys = set(a) | set(b)
        return all(a.get(k) == b.get(k) for k in keys if k != 'Name') and \
            _plain(a['Name']) == _plain(b['Name'])

    def op_ChangeResourceRecordSets(self, p):
        z = self._zone(p['HostedZoneId'])
        batch = p['ChangeBatch']
        records = dict(z['records'])
        msgs = []
        for ch in batch['Changes']:
            rr = self._stored(ch['ResourceRecordSet'])
            action = ch['Action']
            key = (rr['Name'], rr['Type'], rr.get('SetIdentifier') or '')
            where = self._check_set(z, rr, msgs) if action != 'DELETE' else \
                "[name='%s', type='%s'%s]" % (rr['Name'], rr['Type'], (
                    ", set-identifier='%s'" % rr['SetIdentifier']) if rr.get('SetIdentifier')
                    else '')
            if action == 'CREATE':
                if key in records:
                    msgs.append('Tried to create resource record set %s but it already exists'
                                % where)
                    continue
            if action in ('CREATE', 'UPSERT'):
                others = [k for k in records if _plain(k[0]) == _plain(rr['Name']) and k != key]
                if rr['Type'] == 'CNAME' and any(k[1] != 'CNAME' for k in others) or \
                        rr['Type'] != 'CNAME' and any(k[1] == 'CNAME' for k in others):
                    msgs.append('RRSet of type %s with DNS name %s is not permitted as it '
                                'conflicts with other records with the same DNS name in zone %s'
                                % (rr['Type'], rr['Name'], z['Name']))
                    continue
                records[key] = rr
            elif action == 'DELETE':
                cur = records.get(key)
                if cur is None:
                    msgs.append('Tried to delete resource record set %s but it was not found'
                                % where)
                    continue
                if not self._same(cur, rr):
                    msgs.append('Tried to delete resource record set %s but the values provided '
                                'do not match the current values' % where)
                    continue
                if key[0] == z['Name'] and key[1] in ('SOA', 'NS'):
                    msgs.append('A HostedZone must contain at least one NS record for the zone '
                                'itself.' if key[1] == 'NS' else
                                'A HostedZone must contain exactly one SOA record.')
                    continue
                del records[key]
        if msgs:
            raise _batch_error(msgs)
        z['records'] = records
        return {'ChangeInfo': self._change(batch.get('Comment'))}

    def _sorted_records(self, z):
        return sorted(z['records'].values(),
                      key=lambda r: (_sort_key(r['Name']), r['Type'], r.get('SetIdentifier', '')))

    def op_ListResourceRecordSets(self, p):
        z = self._zone(p['HostedZoneId'])
        recs = self._sorted_records(z)
        if p.get('StartRecordType') and not p.get('StartRecordName'):
            raise AwsError('InvalidInput', 'The input is not valid: StartRecordType requires '
                                           'StartRecordName.')
        start = 0
        if p.get('StartRecordName'):
            key = (_sort_key(p['StartRecordName']), p.get('StartRecordType') or '',
                   p.get('StartRecordIdentifier') or '')
            while start < len(recs) and (_sort_key(recs[start]['Name']), recs[start]['Type'],
                                         recs[start].get('SetIdentifier', '')) < key:
                start += 1
        n = _max_items(p, 300)
        page = recs[start:start + n]
        out = {'ResourceRecordSets': [dict(r) for r in page], 'MaxItems': n,
               'IsTruncated': start + n < len(recs)}
        if out['IsTruncated']:
            nxt = recs[start + n]
            out['NextRecordName'] = nxt['Name']
            out['NextRecordType'] = nxt['Type']
            if nxt.get('SetIdentifier'):
                out['NextRecordIdentifier'] = nxt['SetIdentifier']
        return out

    def op_GetChange(self, p):
        cid = _clean_id(p['Id'], 'change')
        c = self.changes.get(cid)
        if c is None:
            raise AwsError('NoSuchChange', 'A change with the specified change ID does not '
                                           'exist.', 404)
        c['_polls'] += 1
        if c['_polls'] > self.pending_polls:
            c['Status'] = 'INSYNC'
        return {'ChangeInfo': {k: v for k, v in c.items() if not k.startswith('_')}}

    # -- tags -----------------------------------------------------------------

    def _tags_of(self, rtype, rid):
        if rtype == 'hostedzone':
            return self._zone(rid)['tags']
        return self.health_check_tags.setdefault(rid, {})

    def op_ChangeTagsForResource(self, p):
        tags = self._tags_of(p['ResourceType'], p['ResourceId'])
        for k in p.get('RemoveTagKeys') or []:
            tags.pop(k, None)
        for t in p.get('AddTags') or []:
            tags[t['Key']] = t.get('Value', '')
        if len(tags) > 50:
            raise AwsError('InvalidInput', 'Too many tags: at most 50.')
        return {}

    def op_ListTagsForResource(self, p):
        tags = self._tags_of(p['ResourceType'], p['ResourceId'])
        return {'ResourceTagSet': {'ResourceType': p['ResourceType'],
                                   'ResourceId': p['ResourceId'],
                                   'Tags': [{'Key': k, 'Value': v} for k, v in tags.items()]}}

    def op_ListTagsForResources(self, p):
        return {'ResourceTagSets': [
            {'ResourceType': p['ResourceType'], 'ResourceId': rid,
             'Tags': [{'Key': k, 'Value': v}
                      for k, v in self._tags_of(p['ResourceType'], rid).items()]}
            for rid in p['ResourceIds']]}

    # -- for other services and tests -----------------------------------------

    def find_record_values(self, name, rtype):
        """Values of every record set named name (any zone) of type rtype."""
        with self._lock:
            out = []
            for z in self.zones.values():
                for (n, t, _), rr in z['records'].items():
                    if t == rtype and _plain(n) == _plain(name):
                        out += [r['Value'] for r in rr.get('ResourceRecords') or []]
            return out

    def control_seed_zone(self, body):
        name = body.get('name')
        if not name:
            raise AwsError('InvalidInput', 'name is required')
        with self._lock:
            for z in self.zones.values():
                if _plain(z['Name']) == _plain(name) and \
                        z['Config']['PrivateZone'] == bool(body.get('private')):
                    return {'zone_id': z['Id'], 'name': z['Name'], 'created': False}
            vpc = {'VPCRegion': self.emu.region, 'VPCId': body['vpc_id']} \
                if body.get('private') else None
            z = self._make_zone(name, 'seed-%s' % store.hex_digits(8), body.get('comment'),
                                bool(body.get('private')), vpc)
            return {'zone_id': z['Id'], 'name': z['Name'], 'created': True}

    def control_set_record(self, body):
        with self._lock:
            z = self._zone(body['zone_id'])
            name = _escape_name(_fqdn(body['name']))
            key = (name, body['type'], body.get('set_identifier') or '')
            if body.get('delete'):
                z['records'].pop(key, None)
            else:
                z['records'][key] = {'Name': name, 'Type': body['type'], 'TTL': body['ttl'],
                                     'ResourceRecords': [{'Value': v} for v in body['values']]}
            return {'ok': True}

    def control_settings(self, body):
        with self._lock:
            if 'pending_polls' in body:
                self.pending_polls = int(body['pending_polls'])
            return {'pending_polls': self.pending_polls}

    def control_zones(self, body):
        with self._lock:
            return {'zones': [{'zone_id': z['Id'], 'name': z['Name'], 'tags': dict(z['tags']),
                               'records': [dict(r) for r in self._sorted_records(z)]}
                              for z in self.zones.values()]}


# parse_scalar is reached through restxml; keep the import visible to linters
_ = protocols

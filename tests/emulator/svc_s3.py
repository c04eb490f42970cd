"""S3: buckets, their configuration sub-resources, and objects (REST-XML).

What the s3-bucket module (and hashicorp/aws's aws_s3_bucket read) needs:
CreateBucket / HeadBucket / DeleteBucket / ListBuckets, the bucket's ACL,
policy, ownership controls, public access block, tagging, versioning and
the read-only "not configured" answers of CORS, website, lifecycle,
replication, object lock, logging, accelerate and request payment, the
default encryption every new bucket has (SSE-S3, AES256), and enough of
objects (PutObject, ListObjectsV2, ListObjectVersions, DeleteObject(s)) for
force_destroy.

The protocol is REST-XML with path-style addressing (the endpoint is an IP
address, so SDKs cannot put the bucket in the host name): the operation is
found from the method, the path and the sub-resource query keys of the
model's request URIs (e.g. `PUT /{Bucket}?acl`); input members come from the
URI, query string, headers and the XML (or raw) payload, are validated
against the model, and the output is written back the same way.  The server
hands S3 requests to `Service.handle_http` (it owns the wire format); errors
are S3's `<Error><Code>` documents, and a HEAD error has no body.
"""

import hashlib
import re
import threading
import urllib.parse
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

import faults as faults_mod
import protocols
import store
from errors import AwsError

S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/'
XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance'
LOG_DELIVERY = 'http://acs.amazonaws.com/groups/s3/LogDelivery'
ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers'
AUTH_USERS = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers'

CANNED_ACLS = ('private', 'public-read', 'public-read-write', 'authenticated-read',
               'aws-exec-read', 'bucket-owner-read', 'bucket-owner-full-control',
               'log-delivery-write')
OWNERSHIPS = ('BucketOwnerPreferred', 'ObjectWriter', 'BucketOwnerEnforced')
PERMISSIONS = ('FULL_CONTROL', 'WRITE', 'WRITE_ACP', 'READ', 'READ_ACP')

# Root element of an output that has no payload member.
_ROOTS = {
    'GetBucketAcl': 'AccessControlPolicy', 'ListBuckets': 'ListAllMyBucketsResult',
    'GetBucketVersioning': 'VersioningConfiguration', 'GetBucketTagging': 'Tagging',
    'GetBucketAccelerateConfiguration': 'AccelerateConfiguration',
    'GetBucketRequestPayment': 'RequestPaymentConfiguration',
    'GetBucketLogging': 'BucketLoggingStatus', 'GetBucketLocation': 'LocationConstraint',
    'ListObjectsV2': 'ListBucketResult', 'ListObjectVersions': 'ListVersionsResult',
    'DeleteObjects': 'DeleteResult', 'GetBucketCors': 'CORSConfiguration',
    'GetBucketWebsite': 'WebsiteConfiguration',
    'GetBucketLifecycleConfiguration': 'LifecycleConfiguration',
}

# S3 answers these 204 No Content although the model does not say so.
_NO_CONTENT = {'PutBucketPolicy': 204, 'PutBucketTagging': 204}

_BUCKET_NAME = re.compile(r'^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$')


def canonical_user_id(account_id):
    """The 64-hex canonical user id of an account (stable per account)."""
    return hashlib.sha256(('canonical:' + account_id).encode()).hexdigest()


class _Route:
    def __init__(self, op, http):
        self.op = op
        self.method = http['method']
        uri = http.get('requestUri', '/')
        path, _, query = uri.partition('?')
        self.segments = [s for s in path.split('/') if s]
        self.query = {}
        for part in query.split('&'):
            if part:
                k, _, v = part.partition('=')
                self.query[k] = v if '=' in part else None
        self.status = http.get('responseCode', 200)

    def match(self, method, segs, query):
        if method != self.method:
            return None
        vals = {}
        i = 0
        for j, seg in enumerate(self.segments):
            m = re.match(r'^\{(\w+)(\+?)\}$', seg)
            if m:
                if m.group(2):
                    if i >= len(segs):
                        return None
                    vals[m.group(1)] = '/'.join(segs[i:])
                    i = len(segs)
                    continue
                if i >= len(segs):
                    return None
                vals[m.group(1)] = segs[i]
                i += 1
            else:
                if i >= len(segs) or segs[i] != seg:
                    return None
                i += 1
        if i != len(segs):
            return None
        for k, v in self.query.items():
            if k not in query or (v is not None and query[k] != v):
                return None
        return vals


class Service:
    signing_name = 's3'
    model_name = 's3'

    def __init__(self, emu):
        self.emu = emu
        self._lock = threading.RLock()
        self.buckets = {}
        self.model = None
        self._routes = None

    # -- emulator plumbing ---------------------------------------------------

    def reset(self):
        with self._lock:
            self.buckets = {}

    def snapshot(self):
        with self._lock:
            return {'buckets': sorted(self.buckets),
                    'objects': sorted('%s/%s' % (b, k) for b, bk in self.buckets.items()
                                      for k, vs in bk['objects'].items() if vs)}

    def operations(self):
        return sorted(n[3:] for n in dir(self) if n.startswith('op_'))

    def handle(self, op, params):
        fn = getattr(self, 'op_' + op, None)
        if fn is None:
            raise AwsError('NotImplemented',
                           'A header you provided implies functionality that is not implemented',
                           501)
        with self._lock:
            return fn(params) or {}

    def _model(self):
        if self.model is None:
            self.model = self.emu.models['s3']
            ops = self.model.operations
            self._routes = [_Route(op, o['http']) for op, o in ops.items()]
            # most literal query keys first (?acl beats the bare /{Bucket}); of two
            # operations on one URI (GetBucketLifecycle and ...Configuration) the
            # deprecated one loses
            self._routes.sort(key=lambda r: (-len(r.query), -len(r.segments),
                                             bool(ops[r.op].get('deprecated'))))
        return self.model

    def _has_required(self, op, query, headers):
        """Whether the request carries the operation's required query/header members
        (what tells UploadPart from PutObject, CopyObject's x-amz-copy-source...)."""
        shape_name = self.model.input_shape(op)
        if not shape_name:
            return True
        shape = self.model.shapes[shape_name]
        for req in shape.get('required', []):
            member = shape['members'][req]
            wire = member.get('locationName', req)
            if member.get('location') == 'querystring' and wire not in query:
                return False
            if member.get('location') == 'header' and wire.lower() not in headers:
                return False
        return True

    def route(self, method, path, query, headers=None):
        """(operation, uri values, http status) of a request, or an AwsError."""
        self._model()
        segs = [urllib.parse.unquote(s) for s in path.split('/') if s]
        if path.endswith('/') and len(segs) > 1:
            segs[-1] += '/'
        for r in self._routes:
            vals = r.match(method, segs, query)
            if vals is not None and self._has_required(r.op, query, headers or {}):
                return r.op, vals, r.status
        raise AwsError('MethodNotAllowed',
                       'The specified method is not allowed against this resource.', 405)

    # -- wire: request -------------------------------------------------------

    def parse(self, op, uri_vals, query, headers, body):
        m = self._model()
        shape_name = m.input_shape(op)
        params = {}
        if not shape_name:
            return params
        shape = m.shapes[shape_name]
        payload = shape.get('payload')
        for mname, member in shape['members'].items():
            loc = member.get('location')
            kind = m.shapes[member['shape']]['type']
            wire = member.get('locationName', mname)
            raw = None
            if loc == 'uri':
                raw = uri_vals.get(wire)
            elif loc == 'querystring':
                raw = query.get(wire)
            elif loc == 'header':
                raw = headers.get(wire.lower())
            elif loc == 'headers':
                pre = wire.lower()
                got = {k[len(pre):]: v for k, v in headers.items() if k.startswith(pre)}
                if got:
                    params[mname] = got
                continue
            elif mname == payload:
                if kind in ('blob', 'string'):
                    if body:
                        params[mname] = body if kind == 'blob' else body.decode('utf-8')
                    continue
                if body:
                    try:
                        root = ET.fromstring(body)
                    except ET.ParseError:
                        raise AwsError('MalformedXML',
                                       'The XML you provided was not well-formed or did not '
                                       'validate against our published schema')
                    if _local(root.tag) != wire:
                        raise AwsError('MalformedXML',
                                       'The XML you provided was not well-formed or did not '
                                       'validate against our published schema')
                    params[mname] = self._xml_value(member['shape'], root)
                continue
            if raw is None:
                continue
            try:
                params[mname] = protocols.parse_scalar(kind, raw) if kind != 'string' else raw
            except (ValueError, TypeError):
                raise AwsError('InvalidArgument', 'Invalid value for %s: %s' % (wire, raw))
        return params

    def _xml_value(self, shape_name, el):
        m = self.model
        shape = m.shapes[shape_name]
        kind = shape['type']
        if kind == 'structure':
            out = {}
            children = list(el)
            for mname, member in shape['members'].items():
                wire = member.get('locationName', mname)
                if member.get('xmlAttribute'):
                    local = wire.split(':', 1)[-1]
                    for k, v in el.attrib.items():
                        if _local(k) == local:
                            out[mname] = v
                    continue
                mshape = m.shapes[member['shape']]
                if mshape['type'] == 'list' and mshape.get('flattened'):
                    items = [c for c in children if _local(c.tag) == wire]
                    if items:
                        out[mname] = [self._xml_value(mshape['member']['shape'], c)
                                      for c in items]
                    continue
                for c in children:
                    if _local(c.tag) == wire:
                        out[mname] = self._xml_value(member['shape'], c)
                        break
            known = set()
            for mname, member in shape['members'].items():
                known.add(member.get('locationName', mname))
            for c in children:
                if _local(c.tag) not in known:
                    raise AwsError('MalformedXML',
                                   'The XML you provided was not well-formed or did not '
                                   'validate against our published schema')
            return out
        if kind == 'list':
            iname = shape['member'].get('locationName', 'member')
            return [self._xml_value(shape['member']['shape'], c) for c in el
                    if _local(c.tag) == iname]
        text = (el.text or '').strip() if kind != 'string' else (el.text or '')
        if kind == 'string':
            return text
        try:
            return protocols.parse_scalar(kind, text)
        except (ValueError, TypeError):
            raise AwsError('MalformedXML',
                           'The XML you provided was not well-formed or did not '
                           'validate against our published schema')

    # -- wire: answer ------------------------------------------------------------

    def serialize(self, op, output, status, request_id):
        m = self._model()
        headers = {'x-amz-request-id': request_id, 'x-amz-id-2': request_id}
        shape_name = m.output_shape(op)
        if not shape_name:
            return status, headers, b''
        shape = m.shapes[shape_name]
        payload = shape.get('payload')
        body_members = {}
        for mname, member in shape['members'].items():
            val = (output or {}).get(mname)
            if val is None:
                continue
            loc = member.get('location')
            kind = m.shapes[member['shape']]['type']
            if loc == 'header':
                headers[member.get('locationName', mname)] = protocols._xml_scalar(kind, val)
            elif loc == 'headers':
                for k, v in val.items():
                    headers[member.get('locationName', mname) + k] = v
            elif loc == 'statusCode':
                status = val
            else:
                body_members[mname] = val
        for k in (output or {}):
            if k not in shape['members']:
                self.emu.log('s3: output member %s not in shape %s' % (k, shape_name))
        if payload:
            member = shape['members'][payload]
            val = body_members.get(payload)
            if val is None:
                return status, headers, b''
            kind = m.shapes[member['shape']]['type']
            if kind in ('string', 'blob'):
                headers['Content-Type'] = 'application/json' if op == 'GetBucketPolicy' \
                    else 'binary/octet-stream'
                return status, headers, val.encode() if isinstance(val, str) else val
            parts = []
            self._element(member['shape'], member.get('locationName', payload), val, parts,
                          root=True)
        else:
            if op == 'GetBucketLocation':
                # <LocationConstraint>region</LocationConstraint>: the member is the root
                lc = body_members.get('LocationConstraint') or ''
                parts = ['<LocationConstraint xmlns="%s">%s</LocationConstraint>'
                         % (S3_NS, escape(lc))]
            else:
                parts = ['<%s xmlns="%s">' % (_ROOTS.get(op, op + 'Result'), S3_NS)]
                self._members(shape_name, body_members, parts)
                parts.append('</%s>' % _ROOTS.get(op, op + 'Result'))
        headers['Content-Type'] = 'application/xml'
        body = '<?xml version="1.0" encoding="UTF-8"?>\n' + ''.join(parts)
        return status, headers, body.encode()

    def _members(self, shape_name, value, parts):
        m = self.model
        for mname, member in m.shapes[shape_name]['members'].items():
            if member.get('xmlAttribute') or value.get(mname) is None:
                continue
            mshape = m.shapes[member['shape']]
            tag = member.get('locationName', mname)
            if mshape['type'] == 'list' and mshape.get('flattened'):
                for item in value[mname]:
                    self._element(mshape['member']['shape'], tag, item, parts)
            else:
                self._element(member['shape'], tag, value[mname], parts)

    def _element(self, shape_name, tag, value, parts, root=False):
        m = self.model
        shape = m.shapes[shape_name]
        kind = shape['type']
        if kind == 'structure':
            attrs = ' xmlns="%s"' % S3_NS if root else ''
            for mname, member in shape['members'].items():
                if member.get('xmlAttribute') and value.get(mname) is not None:
                    attrs += ' xmlns:xsi="%s" %s="%s"' % (
                        XSI_NS, member.get('locationName', mname), escape(value[mname]))
            parts.append('<%s%s>' % (tag, attrs))
            self._members(shape_name, value, parts)
            parts.append('</%s>' % tag)
        elif kind == 'list':
            iname = shape['member'].get('locationName', 'member')
            parts.append('<%s>' % tag)
            for item in value:
                self._element(shape['member']['shape'], iname, item, parts)
            parts.append('</%s>' % tag)
        else:
            parts.append('<%s>%s</%s>' % (tag, escape(protocols._xml_scalar(kind, value)), tag))

    def error(self, err, request_id, method, bucket=None):
        headers = {'x-amz-request-id': request_id, 'x-amz-id-2': request_id}
        if method == 'HEAD':
            return err.status, headers, b''
        extra = '<BucketName>%s</BucketName>' % escape(bucket) if bucket and \
            err.code in ('NoSuchBucket', 'BucketAlreadyOwnedByYou', 'BucketAlreadyExists',
                         'BucketNotEmpty') else ''
        body = ('<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>%s</Code>'
                '<Message>%s</Message>%s<RequestId>%s</RequestId><HostId>%s</HostId></Error>'
                % (escape(err.code), escape(err.message), extra, request_id, request_id))
        headers['Content-Type'] = 'application/xml'
        return err.status, headers, body.encode()

    def validation_error(self, violations):
        v = violations[0]
        name = '.'.join(str(p) for p in v.path)
        if v.kind == 'missing':
            if len(v.path) == 1:
                return AwsError('MissingParameter' if name != 'Bucket' else 'InvalidBucketName',
                                'The request is missing %s' % name)
            return AwsError('MalformedXML',
                            'The XML you provided was not well-formed or did not validate '
                            'against our published schema')
        return AwsError('InvalidArgument', 'Invalid %s: %r' % (name, v.value))

    # -- helpers ------------------------------------------------------------------

    def _owner(self):
        return {'ID': canonical_user_id(self.emu.account_id), 'DisplayName': 'emulator'}

    def _bucket(self, params):
        name = params.get('Bucket')
        b = self.buckets.get(name)
        if b is None:
            raise AwsError('NoSuchBucket', 'The specified bucket does not exist', 404)
        owner = params.get('ExpectedBucketOwner')
        if owner and owner != self.emu.account_id:
            raise AwsError('AccessDenied', 'Access Denied', 403)
        return b

    def _canned(self, acl):
        owner = self._owner()
        grants = [{'Grantee': dict(owner, Type='CanonicalUser'), 'Permission': 'FULL_CONTROL'}]

        def group(uri, perm):
            grants.append({'Grantee': {'Type': 'Group', 'URI': uri}, 'Permission': perm})
        if acl == 'public-read':
            group(ALL_USERS, 'READ')
        elif acl == 'public-read-write':
            group(ALL_USERS, 'READ')
            group(ALL_USERS, 'WRITE')
        elif acl == 'authenticated-read':
            group(AUTH_USERS, 'READ')
        elif acl == 'log-delivery-write':
            group(LOG_DELIVERY, 'WRITE')
            group(LOG_DELIVERY, 'READ_ACP')
        return grants

    @staticmethod
    def _acl_allowed(b, acl, grants=None):
        """With BucketOwnerEnforced, only 'private' (or the owner-only policy) is accepted."""
        if b['ownership'] != 'BucketOwnerEnforced':
            return
        if acl in (None, 'private', 'bucket-owner-full-control'):
            if grants is None or all(g['Grantee'].get('Type') == 'CanonicalUser'
                                     for g in grants):
                return
        raise AwsError('AccessControlListNotSupported', 'The bucket does not allow ACLs')

    # -- buckets --------------------------------------------------------------------

    def op_ListBuckets(self, params):
        return {'Buckets': [{'Name': n, 'CreationDate': b['created'],
                             'BucketRegion': b['region']}
                            for n, b in sorted(self.buckets.items())],
                'Owner': self._owner()}

    def op_CreateBucket(self, params):
        name = params['Bucket']
        if not _BUCKET_NAME.match(name) or '..' in name or \
                re.match(r'^\d+\.\d+\.\d+\.\d+$', name):
            raise AwsError('InvalidBucketName', 'The specified bucket is not valid.')
        conf = params.get('CreateBucketConfiguration') or {}
        lc = conf.get('LocationConstraint')
        region = self.emu.region
        if region == 'us-east-1':
            if lc not in (None, ''):
                raise AwsError('InvalidLocationConstraint',
                               'The specified location-constraint is not valid')
        elif lc != region:
            if lc in (None, ''):
                raise AwsError('IllegalLocationConstraintException',
                               'The unspecified location constraint is incompatible for the '
                               'region specific endpoint this request was sent to.')
            raise AwsError('IllegalLocationConstraintException',
                           'The %s location constraint is incompatible for the region '
                           'specific endpoint this request was sent to.' % lc)
        if name in self.buckets:
            raise AwsError('BucketAlreadyOwnedByYou',
                           'Your previous request to create the named bucket succeeded and '
                           'you already own it.', 409)
        ownership = params.get('ObjectOwnership') or 'BucketOwnerEnforced'
        if ownership not in OWNERSHIPS:
            raise AwsError('InvalidArgument', 'Invalid x-amz-object-ownership header')
        acl = params.get('ACL')
        if acl is not None and acl not in CANNED_ACLS:
            raise AwsError('InvalidArgument', 'Invalid canned ACL %s' % acl)
        b = {'name': name, 'region': region, 'created': self.emu.now().replace(microsecond=0),
             'ownership': ownership, 'grants': None, 'policy': None, 'tags': None,
             'pab': {'BlockPublicAcls': True, 'IgnorePublicAcls': True,
                     'BlockPublicPolicy': True, 'RestrictPublicBuckets': True},
             'versioning': None, 'mfa_delete': None,
             'encryption': {'Rules': [{'ApplyServerSideEncryptionByDefault':
                                       {'SSEAlgorithm': 'AES256'},
                                       'BucketKeyEnabled': False}]},
             'object_lock': bool(params.get('ObjectLockEnabledForBucket')),
             'objects': {}}
        if acl not in (None, 'private'):
            try:
                self._acl_allowed(b, acl)
            except AwsError:
                raise AwsError('InvalidBucketAclWithObjectOwnership',
                               'Bucket cannot have ACLs set with ObjectOwnership\'s '
                               'BucketOwnerEnforced setting')
        b['grants'] = self._canned(acl or 'private')
        if b['object_lock']:
            b['versioning'] = 'Enabled'
        self.buckets[name] = b
        self.emu.note_created(name)
        return {'Location': '/' + name}

    def op_HeadBucket(self, params):
        b = self._bucket(params)
        return {'BucketRegion': b['region'], 'AccessPointAlias': False}

    def op_GetBucketLocation(self, params):
        b = self._bucket(params)
        return {'LocationConstraint': '' if b['region'] == 'us-east-1' else b['region']}

    def op_DeleteBucket(self, params):
        b = self._bucket(params)
        if any(b['objects'].values()):
            raise AwsError('BucketNotEmpty',
                           'The bucket you tried to delete is not empty', 409)
        del self.buckets[b['name']]

    # -- ACL ------------------------------------------------------------------------------

    def op_GetBucketAcl(self, params):
        b = self._bucket(params)
        return {'Owner': self._owner(), 'Grants': [dict(g) for g in b['grants']]}

    def op_PutBucketAcl(self, params):
        b = self._bucket(params)
        acl = params.get('ACL')
        policy = params.get('AccessControlPolicy')
        if acl is not None and policy is not None:
            raise AwsError('UnexpectedContent',
                           'This request does not support content')
        if acl is None and policy is None:
            raise AwsError('MissingSecurityHeader',
                           'Your request was missing a required header')
        if acl is not None:
            if acl not in CANNED_ACLS:
                raise AwsError('InvalidArgument', 'Invalid canned ACL')
            self._acl_allowed(b, acl)
            b['grants'] = self._canned(acl)
            return {}
        grants = policy.get('Grants') or []
        owner = policy.get('Owner') or {}
        if owner.get('ID') != self._owner()['ID']:
            raise AwsError('AccessDenied', 'Access Denied', 403)
        out = []
        for g in grants:
            grantee = dict(g.get('Grantee') or {})
            perm = g.get('Permission')
            if perm not in PERMISSIONS or grantee.get('Type') not in (
                    'CanonicalUser', 'AmazonCustomerByEmail', 'Group'):
                raise AwsError('MalformedACLError',
                               'The XML you provided was not well-formed or did not '
                               'validate against our published schema')
            if grantee['Type'] == 'CanonicalUser':
                if not grantee.get('ID'):
                    raise AwsError('InvalidArgument', 'Invalid id')
                if grantee['ID'] == self._owner()['ID']:
                    grantee['DisplayName'] = self._owner()['DisplayName']
            if grantee['Type'] == 'Group' and not grantee.get('URI'):
                raise AwsError('InvalidArgument', 'Invalid group uri')
            out.append({'Grantee': grantee, 'Permission': perm})
        self._acl_allowed(b, None, out)
        b['grants'] = out

    # -- policy ---------------------------------------------------------------------------

    def op_GetBucketPolicy(self, params):
        b = self._bucket(params)
        if b['policy'] is None:
            raise AwsError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404)
        return {'Policy': b['policy']}

    def op_PutBucketPolicy(self, params):
        import json
        b = self._bucket(params)
        text = params.get('Policy') or ''
        try:
            doc = json.loads(text)
        except ValueError:
            raise AwsError('MalformedPolicy', 'Policies must be valid JSON and the first '
                           'byte must be \'{\'')
        if not isinstance(doc, dict) or not doc.get('Statement'):
            raise AwsError('MalformedPolicy', 'Missing required field Statement')
        stmts = doc['Statement'] if isinstance(doc['Statement'], list) else [doc['Statement']]
        arn = 'arn:aws:s3:::%s' % b['name']
        for s in stmts:
            res = s.get('Resource', [])
            for r in res if isinstance(res, list) else [res]:
                if r != arn and not r.startswith(arn + '/'):
                    raise AwsError('MalformedPolicy',
                                   'Policy has invalid resource')
            if b['pab'].get('BlockPublicPolicy') and s.get('Effect') == 'Allow' and \
                    s.get('Principal') in ('*', {'AWS': '*'}) and not s.get('Condition'):
                raise AwsError('AccessDenied', 'User is not authorized to perform: '
                               's3:PutBucketPolicy because public policies are blocked by '
                               'the BlockPublicPolicy block public access setting.', 403)
        b['policy'] = text

    def op_DeleteBucketPolicy(self, params):
        self._bucket(params)['policy'] = None
        return {}

    def op_GetBucketPolicyStatus(self, params):
        b = self._bucket(params)
        if b['policy'] is None:
            raise AwsError('NoSuchBucketPolicy', 'The bucket policy does not exist', 404)
        return {'PolicyStatus': {'IsPublic': False}}

    # -- ownership controls / public access block --------------------------------------------

    def op_GetBucketOwnershipControls(self, params):
        b = self._bucket(params)
        if b['ownership'] is None:
            raise AwsError('OwnershipControlsNotFoundError',
                           'The bucket ownership controls were not found', 404)
        return {'OwnershipControls': {'Rules': [{'ObjectOwnership': b['ownership']}]}}

    def op_PutBucketOwnershipControls(self, params):
        b = self._bucket(params)
        rules = params['OwnershipControls'].get('Rules') or []
        if len(rules) != 1 or rules[0].get('ObjectOwnership') not in OWNERSHIPS:
            raise AwsError('MalformedXML',
                           'The XML you provided was not well-formed or did not validate '
                           'against our published schema')
        own = rules[0]['ObjectOwnership']
        if own == 'BucketOwnerEnforced' and any(
                g['Grantee'].get('Type') != 'CanonicalUser' for g in b['grants']):
            raise AwsError('InvalidBucketAclWithObjectOwnership',
                           'Bucket cannot have ACLs set with ObjectOwnership\'s '
                           'BucketOwnerEnforced setting')
        b['ownership'] = own

    def op_DeleteBucketOwnershipControls(self, params):
        b = self._bucket(params)
        if b['ownership'] is None:
            raise AwsError('OwnershipControlsNotFoundError',
                           'The bucket ownership controls were not found', 404)
        b['ownership'] = None

    def op_GetPublicAccessBlock(self, params):
        b = self._bucket(params)
        if b['pab'] is None:
            raise AwsError('NoSuchPublicAccessBlockConfiguration',
                           'The public access block configuration was not found', 404)
        return {'PublicAccessBlockConfiguration': dict(b['pab'])}

    def op_PutPublicAccessBlock(self, params):
        b = self._bucket(params)
        conf = params['PublicAccessBlockConfiguration']
        b['pab'] = {k: bool(conf.get(k, False)) for k in
                    ('BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy',
                     'RestrictPublicBuckets')}

    def op_DeletePublicAccessBlock(self, params):
        self._bucket(params)['pab'] = None

    # -- tagging ---------------------------------------------------------------------------

    def op_GetBucketTagging(self, params):
        b = self._bucket(params)
        if not b['tags']:
            raise AwsError('NoSuchTagSet', 'The TagSet does not exist', 404)
        return {'TagSet': [{'Key': k, 'Value': v} for k, v in b['tags'].items()]}

    def op_PutBucketTagging(self, params):
        b = self._bucket(params)
        tags = {}
        for t in params['Tagging'].get('TagSet') or []:
            k, v = t.get('Key'), t.get('Value')
            if k is None or v is None:
                raise AwsError('MalformedXML', 'The XML you provided was not well-formed')
            if k in tags:
                raise AwsError('InvalidTag', 'Cannot provide multiple Tags with the same key')
            if k.startswith('aws:'):
                raise AwsError('InvalidTag', 'System tags cannot be added/updated by requester')
            tags[k] = v
        if len(tags) > 50:
            raise AwsError('BadRequest', 'Object tags cannot be greater than 50')
        b['tags'] = tags

    def op_DeleteBucketTagging(self, params):
        self._bucket(params)['tags'] = None

    # -- configurations a bucket may lack ------------------------------------------------------

    def op_GetBucketVersioning(self, params):
        b = self._bucket(params)
        out = {}
        if b['versioning']:
            out['Status'] = b['versioning']
        if b['mfa_delete']:
            out['MFADelete'] = b['mfa_delete']
        return out

    def op_PutBucketVersioning(self, params):
        b = self._bucket(params)
        conf = params['VersioningConfiguration']
        status = conf.get('Status')
        if status not in (None, 'Enabled', 'Suspended'):
            raise AwsError('MalformedXML', 'The XML you provided was not well-formed')
        if status == 'Suspended' and b['object_lock']:
            raise AwsError('InvalidBucketState',
                           'An Object Lock configuration is present on this bucket, so the '
                           'versioning state cannot be changed.', 409)
        if status:
            b['versioning'] = status
        if conf.get('MFADelete'):
            b['mfa_delete'] = conf['MFADelete']

    def op_GetBucketEncryption(self, params):
        b = self._bucket(params)
        if b['encryption'] is None:
            raise AwsError('ServerSideEncryptionConfigurationNotFoundError',
                           'The server side encryption configuration was not found', 404)
        return {'ServerSideEncryptionConfiguration': b['encryption']}

    def op_GetBucketCors(self, params):
        self._bucket(params)
        raise AwsError('NoSuchCORSConfiguration', 'The CORS configuration does not exist', 404)

    def op_GetBucketWebsite(self, params):
        self._bucket(params)
        raise AwsError('NoSuchWebsiteConfiguration',
                       'The specified bucket does not have a website configuration', 404)

    def op_GetBucketLifecycleConfiguration(self, params):
        self._bucket(params)
        raise AwsError('NoSuchLifecycleConfiguration',
                       'The lifecycle configuration does not exist', 404)

    def op_GetBucketReplication(self, params):
        self._bucket(params)
        raise AwsError('ReplicationConfigurationNotFoundError',
                       'The replication configuration was not found', 404)

    def op_GetObjectLockConfiguration(self, params):
        b = self._bucket(params)
        if not b['object_lock']:
            raise AwsError('ObjectLockConfigurationNotFoundError',
                           'Object Lock configuration does not exist for this bucket', 404)
        return {'ObjectLockConfiguration': {'ObjectLockEnabled': 'Enabled'}}

    def op_GetBucketLogging(self, params):
        self._bucket(params)
        return {}

    def op_GetBucketAccelerateConfiguration(self, params):
        self._bucket(params)
        return {}

    def op_GetBucketRequestPayment(self, params):
        self._bucket(params)
        return {'Payer': 'BucketOwner'}

    # -- objects (enough for force_destroy) -------------------------------------------------------

    def op_PutObject(self, params):
        b = self._bucket(params)
        key = params['Key']
        body = params.get('Body') or b''
        versions = b['objects'].setdefault(key, [])
        vid = store.hex_digits(32) if b['versioning'] == 'Enabled' else 'null'
        if vid == 'null':
            versions[:] = [v for v in versions if v['VersionId'] != 'null']
        etag = '"%s"' % hashlib.md5(body if isinstance(body, bytes) else body.encode()).hexdigest()
        versions.append({'VersionId': vid, 'ETag': etag, 'Size': len(body),
                         'LastModified': self.emu.now().replace(microsecond=0),
                         'marker': False})
        out = {'ETag': etag}
        if vid != 'null':
            out['VersionId'] = vid
        return out

    def op_ListObjectsV2(self, params):
        b = self._bucket(params)
        prefix = params.get('Prefix') or ''
        contents = []
        for key in sorted(b['objects']):
            vs = b['objects'][key]
            if vs and not vs[-1]['marker'] and key.startswith(prefix):
                v = vs[-1]
                contents.append({'Key': key, 'ETag': v['ETag'], 'Size': v['Size'],
                                 'LastModified': v['LastModified'], 'StorageClass': 'STANDARD'})
        return {'Name': b['name'], 'Prefix': prefix, 'KeyCount': len(contents),
                'MaxKeys': 1000, 'IsTruncated': False, 'Contents': contents or None}

    def op_ListObjectVersions(self, params):
        b = self._bucket(params)
        prefix = params.get('Prefix') or ''
        versions, markers = [], []
        for key in sorted(b['objects']):
            if not key.startswith(prefix):
                continue
            vs = b['objects'][key]
            for i, v in enumerate(reversed(vs)):
                item = {'Key': key, 'VersionId': v['VersionId'], 'IsLatest': i == 0,
                        'LastModified': v['LastModified'], 'Owner': self._owner()}
                if v['marker']:
                    markers.append(item)
                else:
                    item.update({'ETag': v['ETag'], 'Size': v['Size'],
                                 'StorageClass': 'STANDARD'})
                    versions.append(item)
        return {'Name': b['name'], 'Prefix': prefix, 'MaxKeys': 1000, 'IsTruncated': False,
                'KeyMarker': '', 'VersionIdMarker': '',
                'Versions': versions or None, 'DeleteMarkers': markers or None}

    def _delete(self, b, key, version_id):
        vs = b['objects'].get(key)
        if version_id:
            if vs:
                vs[:] = [v for v in vs if v['VersionId'] != version_id]
                if not vs:
                    del b['objects'][key]
            return {'Key': key, 'VersionId': version_id}
        if b['versioning'] in ('Enabled', 'Suspended'):
            vid = store.hex_digits(32)
            b['objects'].setdefault(key, []).append(
                {'VersionId': vid, 'marker': True,
                 'LastModified': self.emu.now().replace(microsecond=0)})
            return {'Key': key, 'DeleteMarker': True, 'DeleteMarkerVersionId': vid}
        b['objects'].pop(key, None)
        return {'Key': key}

    def op_DeleteObject(self, params):
        b = self._bucket(params)
        d = self._delete(b, params['Key'], params.get('VersionId'))
        out = {}
        if d.get('DeleteMarker'):
            out = {'DeleteMarker': True, 'VersionId': d['DeleteMarkerVersionId']}
        return out

    def op_DeleteObjects(self, params):
        b = self._bucket(params)
        objs = params['Delete'].get('Objects') or []
        if len(objs) > 1000:
            raise AwsError('MalformedXML', 'The XML you provided was not well-formed')
        deleted = [self._delete(b, o['Key'], o.get('VersionId')) for o in objs]
        return {'Deleted': None if params['Delete'].get('Quiet') else deleted}

    def check_checksum(self, op, headers, body):
        """Operations whose model requires a request checksum (PutBucketAcl,
        PutBucketOwnershipControls, DeleteObjects, ...) are refused without
        Content-MD5 or an x-amz-checksum-* header when they carry a body, and a
        wrong MD5 is refused."""
        import base64
        md5 = headers.get('content-md5')
        if md5 is not None:
            want = base64.b64encode(hashlib.md5(body or b'').digest()).decode()
            if md5 != want:
                raise AwsError('BadDigest', 'The Content-MD5 you specified did not match what '
                               'we received.')
            return
        required = self.model.operations[op].get('httpChecksum', {}).get(
            'requestChecksumRequired')
        if required and body and not any(k.startswith('x-amz-checksum-') for k in headers):
            raise AwsError('InvalidRequest',
                           'Missing required header for this request: Content-MD5')

    def handle_http(self, method, raw_path, raw_query, hdr, body, request_id):
        return handle_http(self.emu, self, method, raw_path, raw_query, hdr, body, request_id)

    # -- test hooks -------------------------------------------------------------------------------

    def control_put_object(self, body):
        """Plant an object: {"bucket", "key", "body"} (as PutObject would)."""
        with self._lock:
            b = self._bucket({'Bucket': body['bucket']})
            return self.op_PutObject({'Bucket': b['name'], 'Key': body['key'],
                                      'Body': body.get('body', '').encode()})

    def control_delete_bucket(self, body):
        """Delete a bucket and whatever it holds behind Terraform's back: {"bucket"}."""
        with self._lock:
            b = self._bucket({'Bucket': body['bucket']})
            del self.buckets[b['name']]
            return {'ok': True}

    def control_set(self, body):
        """Change a bucket behind Terraform's back: {"bucket", "policy"?, "ownership"?,
        "acl"?, "tags"?, "public_access_block"?} (null deletes)."""
        with self._lock:
            b = self._bucket({'Bucket': body['bucket']})
            if 'policy' in body:
                b['policy'] = body['policy']
            if 'ownership' in body:
                b['ownership'] = body['ownership']
            if 'acl' in body:
                b['grants'] = self._canned(body['acl'])
            if 'tags' in body:
                b['tags'] = body['tags']
            if 'public_access_block' in body:
                b['pab'] = body['public_access_block']
            return {'ok': True}


def _local(tag):
    return tag.rsplit('}', 1)[-1]


def handle_http(emu, svc, method, raw_path, raw_query, hdr, body, request_id):
    """Serve one S3 request already authenticated: (status, headers, body)."""
    query = {}
    for k, v in urllib.parse.parse_qsl(raw_query or '', keep_blank_values=True):
        query.setdefault(k, v)
    bucket = None
    op = '?'
    try:
        op, uri_vals, status = svc.route(method, raw_path, query, hdr)
        bucket = uri_vals.get('Bucket')
        # faults as for the other services (their query-protocol codes, in
        # S3's words below)
        after = emu.faults.before_call('query', op)
        svc.check_checksum(op, hdr, body)
        params = svc.parse(op, uri_vals, query, hdr, body)
        violations = svc.model.validate(op, params)
        if violations:
            raise svc.validation_error(violations)
        output = svc.handle(op, params)
        emu.faults.acted(op)
        status = _NO_CONTENT.get(op, status)
        result = svc.serialize(op, output, status, request_id)
        emu._count_objects('s3', op)
        if after == faults_mod.AFTER_DROP:
            emu._record('s3', op, 0, 'ConnectionDropped', 'acted, then dropped the connection')
        elif after != faults_mod.AFTER_500:
            emu._record('s3', op, status, None)
        emu.faults.after_call('query', after)
        return result
    except AwsError as err:
        if err.code == 'Throttling':
            err = AwsError('SlowDown', 'Please reduce your request rate.', 503, sender=False)
        elif err.code == 'InternalFailure':
            err = AwsError('InternalError', 'We encountered an internal error. Please try '
                           'again.', 500, sender=False)
        emu._record('s3', op, err.status, err.code, err.message)
        return svc.error(err, request_id, method, bucket)

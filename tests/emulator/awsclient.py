"""A small signed AWS client for tests of the emulator.

It serializes boto3-style parameters the way the AWS SDKs do (ec2 and query
form bodies, json 1.1), signs with SigV4, and parses the answer back into a
boto3-style dict using the model's output shape, so tests can say

    c = Client('http://127.0.0.1:PORT', 'AKID', 'SECRET')
    vpc = c.call('ec2', 'CreateVpc', CidrBlock='10.0.0.0/16')['Vpc']

and get AwsCallError(code, message, status) for an error answer.  It is
independent of the server code on purpose (only the model loader is shared)
so that it checks the server's wire format rather than mirroring it.
"""

import base64
import datetime
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import model as model_mod  # noqa: E402
import sigv4  # noqa: E402

# signing name -> model directory
MODELS = {'ec2': 'ec2', 'sts': 'sts', 'iam': 'iam', 'elasticloadbalancing': 'elbv2',
          'ecs': 'ecs', 'autoscaling': 'autoscaling', 'logs': 'logs',
          'monitoring': 'cloudwatch', 'ssm': 'ssm',
          'application-autoscaling': 'application-autoscaling',
          'secretsmanager': 'secretsmanager', 'elasticache': 'elasticache',
          'redshift': 'redshift', 'acm': 'acm'}


class AwsCallError(Exception):
    def __init__(self, status, code, message, body):
        super().__init__('%s %s: %s' % (status, code, message))
        self.status = status
        self.code = code
        self.message = message
        self.body = body


def _scalar_text(kind, v):
    if kind == 'boolean':
        return 'true' if v else 'false'
    if kind == 'timestamp':
        if isinstance(v, datetime.datetime):
            return v.strftime('%Y-%m-%dT%H:%M:%SZ')
        return str(v)
    if kind == 'blob':
        return base64.b64encode(v if isinstance(v, bytes) else v.encode()).decode()
    return str(v)


def serialize_form(m, op, params):
    """boto3-style params -> list of form pairs (ec2 or query rules)."""
    out = [('Action', op), ('Version', m.api_version)]
    ec2 = m.protocol == 'ec2'

    def name_of(mname, member):
        if ec2:
            if 'queryName' in member:
                return member['queryName']
            if 'locationName' in member:
                return member['locationName'][:1].upper() + member['locationName'][1:]
            return mname
        return member.get('locationName', mname)

    def walk(shape_name, value, prefix):
        shape = m.shapes[shape_name]
        kind = shape['type']
        if kind == 'structure':
            for k, v in value.items():
                member = shape['members'].get(k)
                if member is None:    # let tests send unknown members verbatim
                    out.append((prefix + k, str(v)))
                    continue
                walk(member['shape'], v, prefix + name_of(k, member) + '.')
        elif kind == 'list':
            base = prefix[:-1]
            if not value:
                if not ec2:
                    out.append((base, ''))
                return
            if ec2 or shape.get('flattened'):
                items = base
            else:
                items = base + '.' + shape['member'].get('locationName', 'member')
            for i, v in enumerate(value, 1):
                walk(shape['member']['shape'], v, '%s.%d.' % (items, i))
        elif kind == 'map':
            base = prefix[:-1] + '.entry'
            for i, (k, v) in enumerate(value.items(), 1):
                walk(shape['key']['shape'], k, '%s.%d.key.' % (base, i))
                walk(shape['value']['shape'], v, '%s.%d.value.' % (base, i))
        else:
            out.append((prefix[:-1], _scalar_text(kind, value)))

    shape = m.input_shape(op)
    if shape:
        walk(shape, params, '')
    return out


def _json_in(m, shape_name, value):
    shape = m.shapes[shape_name]
    kind = shape['type']
    if kind == 'structure' and isinstance(value, dict):
        return {k: (_json_in(m, shape['members'][k]['shape'], v) if k in shape['members'] else v)
                for k, v in value.items()}
    if kind == 'list' and isinstance(value, list):
        return [_json_in(m, shape['member']['shape'], v) for v in value]
    if kind == 'timestamp' and isinstance(value, datetime.datetime):
        return value.timestamp()
    if kind == 'blob' and isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return value


def _strip(tag):
    return tag.split('}', 1)[1] if '}' in tag else tag


def _xml_value(m, shape_name, elem, ec2):
    shape = m.shapes[shape_name]
    kind = shape['type']
    if kind == 'structure':
        out = {}
        children = {}
        for c in elem:
            children.setdefault(_strip(c.tag), []).append(c)
        for mname, member in shape['members'].items():
            tag = member.get('locationName', mname)
            mshape = m.shapes[member['shape']]
            if mshape['type'] == 'list' and mshape.get('flattened'):
                if tag in children:
                    out[mname] = [_xml_value(m, mshape['member']['shape'], c, ec2)
                                  for c in children[tag]]
            elif tag in children:
                out[mname] = _xml_value(m, member['shape'], children[tag][0], ec2)
        return out
    if kind == 'list':
        return [_xml_value(m, shape['member']['shape'], c, ec2) for c in elem]
    if kind == 'map':
        res = {}
        kname = shape['key'].get('locationName', 'key')
        vname = shape['value'].get('locationName', 'value')
        for entry in elem:
            k = v = None
            for c in entry:
                if _strip(c.tag) == kname:
                    k = c.text or ''
                elif _strip(c.tag) == vname:
                    v = _xml_value(m, shape['value']['shape'], c, ec2)
            res[k] = v
        return res
    text = elem.text or ''
    if kind in ('integer', 'long'):
        return int(text)
    if kind in ('double', 'float'):
        return float(text)
    if kind == 'boolean':
        return text == 'true'
    if kind == 'timestamp':
        return datetime.datetime.fromisoformat(text.replace('Z', '+00:00'))
    if kind == 'blob':
        return base64.b64decode(text)
    return text


def _json_out(m, shape_name, value):
    shape = m.shapes[shape_name]
    kind = shape['type']
    if value is None:
        return None
    if kind == 'structure':
        return {k: _json_out(m, shape['members'][k]['shape'], v)
                for k, v in value.items() if k in shape['members']}
    if kind == 'list':
        return [_json_out(m, shape['member']['shape'], v) for v in value]
    if kind == 'map':
        return {k: _json_out(m, shape['value']['shape'], v) for k, v in value.items()}
    if kind == 'timestamp':
        return datetime.datetime.fromtimestamp(value, datetime.timezone.utc)
    return value


class Client:
    def __init__(self, endpoint, access_key, secret_key, region='us-east-1',
                 session_token=None):
        self.endpoint = endpoint.rstrip('/') + '/'
        self.access_key = access_key
        self.secret_key = secret_key
        self.region = region
        self.session_token = session_token

    def raw(self, service, body, headers, sign=True, now=None, secret=None, access_key=None):
        """POST body to the endpoint; returns (status, headers, body bytes)."""
        if sign:
            headers = sigv4.sign('POST', self.endpoint, headers, body,
                                 access_key or self.access_key, secret or self.secret_key,
                                 self.region, service, self.session_token, now=now)
        req = urllib.request.Request(self.endpoint, data=body, headers=headers, method='POST')
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

    def request(self, service, op, params):
        """Serialized request (body, headers) for an operation."""
        m = model_mod.load(MODELS[service])
        if m.protocol == 'json':
            shape = m.input_shape(op)
            body = json.dumps(_json_in(m, shape, params) if shape else params).encode()
            headers = {'Content-Type': 'application/x-amz-json-1.1',
                       'X-Amz-Target': '%s.%s' % (m.target_prefix, op)}
        else:
            body = urllib.parse.urlencode(serialize_form(m, op, params)).encode()
            headers = {'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8'}
        return body, headers

    def call(self, service, op, _sign=True, **params):
        m = model_mod.load(MODELS[service])
        body, headers = self.request(service, op, params)
        status, rheaders, data = self.raw(service, body, headers, sign=_sign)
        if status >= 300:
            raise self.error(m.protocol, status, data)
        shape = m.output_shape(op)
        if m.protocol == 'json':
            return _json_out(m, shape, json.loads(data or b'{}')) if shape else {}
        root = ET.fromstring(data)
        if m.protocol == 'query':
            wrapper = m.result_wrapper(op)
            found = [c for c in root if _strip(c.tag) == wrapper]
            if not shape or not found:
                return {}
            root = found[0]
        return _xml_value(m, shape, root, m.protocol == 'ec2') if shape else {}

    @staticmethod
    def error(protocol, status, data):
        if protocol == 'json':
            doc = json.loads(data or b'{}')
            code = doc.get('__type', '').split('#')[-1]
            return AwsCallError(status, code, doc.get('message') or doc.get('Message'), data)
        root = ET.fromstring(data)
        code = root.find('.//{*}Code')
        if code is None:
            code = root.find('.//Code')
        msg = root.find('.//{*}Message')
        if msg is None:
            msg = root.find('.//Message')
        return AwsCallError(status, code.text if code is not None else None,
                            msg.text if msg is not None else None, data)

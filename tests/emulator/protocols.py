"""Wire protocols: requests in, responses and errors out.

Three protocols cover the services the emulator serves:

  ec2    form-encoded body (`Action=CreateVpc&CidrBlock=...`), lists always
         flattened with 1-based indexes (`Filter.1.Value.1`), member names
         taken from queryName / capitalised locationName; XML responses with
         `<item>` list elements.
  query  form-encoded body, lists as `Name.member.N`, maps as
         `Name.entry.N.key`; XML responses wrapped in `<XResult>` plus
         `<ResponseMetadata>`.
  json   JSON 1.1 body, operation in the `X-Amz-Target` header; JSON
         responses; errors carry `__type`.

Parsing is driven by the operation's input shape, so every key in a request
is either consumed by a model member or reported as unknown, and every value
gets the Python type the model asks for (boto3 style: dicts, lists, int, bool,
datetime).
"""

import base64
import datetime
import json
import math
from xml.sax.saxutils import escape

from errors import AwsError
from model import Violation

EC2_NAMESPACE = 'http://ec2.amazonaws.com/doc/2016-11-15/'


class ParseResult:
    def __init__(self, params, violations):
        self.params = params
        self.violations = violations


# -- form (ec2 / query) parsing -------------------------------------------------

def _form_trie(pairs):
    """['A.1.B', 'x'] pairs -> nested dicts; a node's own value sits under ''."""
    root = {}
    for key, value in pairs:
        node = root
        for part in key.split('.'):
            node = node.setdefault(part, {})
        node[''] = value
    return root


def _ec2_name(mname, member):
    if 'queryName' in member:
        return member['queryName']
    if 'locationName' in member:
        loc = member['locationName']
        return loc[:1].upper() + loc[1:]
    return mname


def _query_name(mname, member):
    return member.get('locationName', mname)


class _FormParser:
    def __init__(self, model):
        self.model = model
        self.ec2 = model.protocol == 'ec2'
        self.violations = []

    def _leftovers(self, node, wire):
        for key, child in node.items():
            if key == '':
                continue
            self._unknown(child, wire + [key])

    def _unknown(self, node, wire):
        # report each leaf key once, with its full dotted name
        if '' in node:
            self.violations.append(_wire_violation('unknown', wire, node['']))
        for key, child in node.items():
            if key != '':
                self._unknown(child, wire + [key])

    def parse_struct(self, shape_name, node, path, wire):
        shape = self.model.shapes[shape_name]
        out = {}
        name_of = _ec2_name if self.ec2 else _query_name
        for mname, member in shape['members'].items():
            key = name_of(mname, member)
            if key not in node:
                continue
            child = node.pop(key)
            value = self.parse(member['shape'], child, path + [mname], wire + [key])
            if value is not None:
                out[mname] = value
        if '' in node and node[''] != '':
            self.violations.append(_wire_violation('type', wire, node[''], 'structure'))
        self._leftovers(node, wire)
        return out

    def parse(self, shape_name, node, path, wire):
        shape = self.model.shapes[shape_name]
        kind = shape['type']
        if kind == 'structure':
            return self.parse_struct(shape_name, node, path, wire)
        if kind == 'list':
            return self._parse_list(shape, node, path, wire)
        if kind == 'map':
            return self._parse_map(shape, node, path, wire)
        value = node.pop('', None)
        self._leftovers(node, wire)
        if value is None:
            return None
        return self._scalar(kind, value, path, wire)

    def _indexed(self, node, wire):
        items = []
        for key in list(node):
            if key.isdigit() and int(key) >= 1:
                items.append((int(key), node.pop(key)))
        items.sort(key=lambda kv: kv[0])
        return items

    def _parse_list(self, shape, node, path, wire):
        member = shape['member']
        if '' in node and node[''] == '' and len(node) == 1:
            return []                           # `Name=` is an empty list
        scalar = node.pop('', None)
        if scalar:                              # `Name=x` where `Name.1=x` was due
            self.violations.append(_wire_violation('type', wire, scalar, 'list'))
        if self.ec2 or shape.get('flattened'):
            container, cwire = node, wire
        else:
            inner = member.get('locationName', 'member')
            container = node.pop(inner, {})
            cwire = wire + [inner]
            self._leftovers(node, wire)
        items = self._indexed(container, cwire)
        self._leftovers(container, cwire)
        out = []
        for idx, child in items:
            value = self.parse(member['shape'], child, path + [idx], cwire + [str(idx)])
            if value is not None:
                out.append(value)
        return out

    def _parse_map(self, shape, node, path, wire):
        node.pop('', None)
        if shape.get('flattened'):
            container, cwire = node, wire
        else:
            container = node.pop('entry', {})
            cwire = wire + ['entry']
            self._leftovers(node, wire)
        kname = shape['key'].get('locationName', 'key')
        vname = shape['value'].get('locationName', 'value')
        out = {}
        for idx, child in self._indexed(container, cwire):
            ew = cwire + [str(idx)]
            k = self.parse(shape['key']['shape'], child.pop(kname, {}), path + [idx], ew + [kname])
            v = self.parse(shape['value']['shape'], child.pop(vname, {}), path + [idx], ew + [vname])
            self._leftovers(child, ew)
            if k is not None:
                out[k] = v
        self._leftovers(container, cwire)
        return out

    def _scalar(self, kind, value, path, wire):
        try:
            return parse_scalar(kind, value)
        except ValueError:
            v = Violation('type', path, value, kind)
            v.wire = '.'.join(wire)
            self.violations.append(v)
            return None


def _wire_violation(kind, wire, value, limit=None):
    v = Violation(kind, [], value, limit)
    v.wire = '.'.join(wire)
    v.path = list(wire)
    return v


def parse_scalar(kind, text):
    """Text from a form body -> the Python value for model type `kind`."""
    if kind == 'string':
        return text
    if kind in ('integer', 'long'):
        return int(text.strip())
    if kind in ('double', 'float'):
        f = float(text)
        if math.isnan(f) or math.isinf(f):
            raise ValueError(text)
        return f
    if kind == 'boolean':
        low = text.strip().lower()
        if low in ('true', 'false'):
            return low == 'true'
        raise ValueError(text)
    if kind == 'timestamp':
        return parse_timestamp(text)
    if kind == 'blob':
        return base64.b64decode(text, validate=True)
    return text


def parse_timestamp(text):
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return datetime.datetime.fromtimestamp(text, datetime.timezone.utc)
    t = str(text).strip()
    try:
        return datetime.datetime.fromtimestamp(float(t), datetime.timezone.utc)
    except ValueError:
        pass
    if t.endswith('Z'):
        t = t[:-1] + '+00:00'
    d = datetime.datetime.fromisoformat(t)
    if d.tzinfo is None:
        d = d.replace(tzinfo=datetime.timezone.utc)
    return d


def parse_form(model, op, pairs):
    """Form pairs (without Action/Version) -> ParseResult for operation op."""
    parser = _FormParser(model)
    trie = _form_trie(pairs)
    shape = model.input_shape(op)
    if shape is None:
        parser._leftovers(trie, [])
        return ParseResult({}, parser.violations)
    params = parser.parse_struct(shape, trie, [], [])
    return ParseResult(params, parser.violations)


# -- json parsing ---------------------------------------------------------------

def parse_json(model, op, body):
    """A JSON 1.1 request body -> ParseResult."""
    violations = []
    text = body.decode('utf-8') if isinstance(body, bytes) else body
    if text.strip() == '':
        data = {}
    else:
        try:
            data = json.loads(text)
        except ValueError as e:
            raise AwsError('SerializationException', 'Malformed JSON: %s' % e)
    if not isinstance(data, dict):
        raise AwsError('SerializationException',
                       'Start of structure or map expected')
    shape = model.input_shape(op)
    if shape is None:
        for k in data:
            violations.append(Violation('unknown', [k], data[k]))
        return ParseResult({}, violations)
    params = _json_value(model, shape, data, [], violations)
    return ParseResult(params, violations)


def _json_value(model, shape_name, value, path, violations):
    if value is None:
        return None
    shape = model.shapes[shape_name]
    kind = shape['type']
    bad = False
    if kind == 'structure':
        if not isinstance(value, dict):
            bad = True
        else:
            out = {}
            for k, v in value.items():
                member = shape['members'].get(k)
                if member is None:
                    violations.append(Violation('unknown', path + [k], v))
                    continue
                pv = _json_value(model, member['shape'], v, path + [k], violations)
                if pv is not None:
                    out[k] = pv
            return out
    elif kind == 'list':
        if not isinstance(value, list):
            bad = True
        else:
            return [_json_value(model, shape['member']['shape'], v, path + [i], violations)
                    for i, v in enumerate(value, 1)]
    elif kind == 'map':
        if not isinstance(value, dict):
            bad = True
        else:
            return {k: _json_value(model, shape['value']['shape'], v, path + [k], violations)
                    for k, v in value.items()}
    elif kind == 'string':
        bad = not isinstance(value, str)
    elif kind in ('integer', 'long'):
        bad = isinstance(value, bool) or not isinstance(value, int)
    elif kind in ('double', 'float'):
        bad = isinstance(value, bool) or not isinstance(value, (int, float))
    elif kind == 'boolean':
        bad = not isinstance(value, bool)
    elif kind == 'timestamp':
        try:
            return parse_timestamp(value)
        except (ValueError, TypeError, OverflowError):
            bad = True
    elif kind == 'blob':
        try:
            return base64.b64decode(value, validate=True)
        except (ValueError, TypeError):
            bad = True
    if bad:
        violations.append(Violation('type', path, value, kind))
        return None
    return value


# -- validation errors per protocol ---------------------------------------------

def _lower_first(s):
    return s[:1].lower() + s[1:] if isinstance(s, str) else s


def _coral_path(path):
    parts = []
    for p in path:
        if isinstance(p, int):
            parts.append('%d.member' % p)
        else:
            parts.append(_lower_first(p))
    return '.'.join(parts) or 'input'


def _coral_value(v):
    if v is None:
        return 'null'
    if isinstance(v, bool):
        return 'true' if v else 'false'
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, (list, tuple)):
        return '[' + ', '.join(str(x) for x in v) + ']'
    if isinstance(v, dict):
        return '{' + ', '.join('%s=%s' % kv for kv in v.items()) + '}'
    return "'%s'" % v


def _constraint(v):
    if v.kind == 'missing':
        return 'Member must not be null'
    if v.kind == 'enum':
        return 'Member must satisfy enum value set: [%s]' % ', '.join(v.limit)
    if v.kind == 'min_length':
        return 'Member must have length greater than or equal to %s' % v.limit
    if v.kind == 'max_length':
        return 'Member must have length less than or equal to %s' % v.limit
    if v.kind == 'min_value':
        return 'Member must have value greater than or equal to %s' % v.limit
    if v.kind == 'max_value':
        return 'Member must have value less than or equal to %s' % v.limit
    if v.kind == 'type':
        return 'Member must be of type %s' % v.limit
    return 'Member is not recognized'


def _coral_message(violations):
    n = len(violations)
    head = '%d validation error%s detected: ' % (n, '' if n == 1 else 's')
    return head + '; '.join(
        'Value %s at \'%s\' failed to satisfy constraint: %s'
        % (_coral_value(v.value), _coral_path(v.path), _constraint(v))
        for v in violations)


def ec2_wire_path(model, shape_name, path):
    """Member path ['Filters', 1, 'Name'] -> 'Filter.1.Name' as EC2 names it."""
    parts = []
    shape = model.shapes.get(shape_name) if shape_name else None
    for p in path:
        if shape is None:
            parts.append(str(p))
            continue
        if shape['type'] == 'structure' and p in shape['members']:
            member = shape['members'][p]
            parts.append(_ec2_name(p, member))
            shape = model.shapes[member['shape']]
        elif shape['type'] == 'list':
            parts.append(str(p))
            shape = model.shapes[shape['member']['shape']]
        else:
            parts.append(str(p))
            shape = None
    return '.'.join(parts)


def validation_error(model, op, violations):
    """The AwsError AWS sends for these violations in model's protocol."""
    assert violations
    proto = model.protocol
    if proto == 'ec2':
        v = violations[0]
        wire = getattr(v, 'wire', None) or ec2_wire_path(model, model.input_shape(op), v.path)
        if v.kind == 'missing':
            return AwsError('MissingParameter',
                            'The request must contain the parameter %s' % wire)
        if v.kind == 'unknown':
            return AwsError('UnknownParameter',
                            'The parameter %s is not recognized' % wire)
        if v.kind == 'enum':
            return AwsError('InvalidParameterValue',
                            'Value (%s) for parameter %s is invalid. Valid values: %s'
                            % (v.value, wire, ', '.join(v.limit)))
        if v.kind == 'type':
            return AwsError('InvalidParameterValue',
                            "Invalid value '%s' for %s" % (v.value, wire))
        return AwsError('InvalidParameterValue',
                        'Value (%s) for parameter %s is invalid. %s'
                        % (v.value, wire, _constraint(v).replace('Member', 'It')))
    if proto == 'json':
        if any(v.kind in ('type', 'unknown') for v in violations):
            v = next(v for v in violations if v.kind in ('type', 'unknown'))
            if v.kind == 'unknown':
                return AwsError('SerializationException',
                                'Unrecognized field "%s"' % v.path[-1])
            return AwsError('SerializationException',
                            'Cannot deserialize value at %s as %s'
                            % (_coral_path(v.path), v.limit))
        return AwsError('ValidationException', _coral_message(violations))
    # query
    return AwsError('ValidationError', _coral_message(violations))


# -- output serialization -------------------------------------------------------

def format_timestamp_iso(value):
    if isinstance(value, (int, float)):
        value = datetime.datetime.fromtimestamp(value, datetime.timezone.utc)
    if isinstance(value, str):
        return value
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    value = value.astimezone(datetime.timezone.utc)
    return value.strftime('%Y-%m-%dT%H:%M:%S.') + '%03dZ' % (value.microsecond // 1000)


def _epoch(value):
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        value = parse_timestamp(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=datetime.timezone.utc)
    return round(value.timestamp(), 3)


def _xml_scalar(kind, value):
    if kind == 'boolean':
        return 'true' if value else 'false'
    if kind == 'timestamp':
        return format_timestamp_iso(value)
    if kind == 'blob':
        if isinstance(value, str):
            value = value.encode()
        return base64.b64encode(value).decode()
    if kind in ('double', 'float'):
        if isinstance(value, float) and value.is_integer():
            return repr(value)
        return str(value)
    return str(value)


class _XmlWriter:
    def __init__(self, model, warn):
        self.model = model
        self.ec2 = model.protocol == 'ec2'
        self.parts = []
        self.warn = warn

    def struct_members(self, shape_name, value):
        shape = self.model.shapes[shape_name]
        members = shape['members']
        for key in value:
            if key not in members:
                self.warn('output member %s not in shape %s' % (key, shape_name))
        for mname, member in members.items():
            if mname not in value or value[mname] is None:
                continue
            tag = member.get('locationName', mname)
            self.element(member['shape'], tag, value[mname])

    def element(self, shape_name, tag, value):
        shape = self.model.shapes[shape_name]
        kind = shape['type']
        if kind == 'structure':
            self.parts.append('<%s>' % tag)
            self.struct_members(shape_name, value)
            self.parts.append('</%s>' % tag)
        elif kind == 'list':
            member = shape['member']
            if shape.get('flattened'):
                itag = member.get('locationName', tag)
                for item in value:
                    self.element(member['shape'], itag, item)
                return
            itag = member.get('locationName', 'item' if self.ec2 else 'member')
            self.parts.append('<%s>' % tag)
            for item in value:
                self.element(member['shape'], itag, item)
            self.parts.append('</%s>' % tag)
        elif kind == 'map':
            kname = shape['key'].get('locationName', 'key')
            vname = shape['value'].get('locationName', 'value')
            self.parts.append('<%s>' % tag)
            for k, v in value.items():
                self.parts.append('<entry>')
                self.element(shape['key']['shape'], kname, k)
                self.element(shape['value']['shape'], vname, v)
                self.parts.append('</entry>')
            self.parts.append('</%s>' % tag)
        else:
            self.parts.append('<%s>%s</%s>' % (tag, escape(_xml_scalar(kind, value)), tag))


def _json_out(model, shape_name, value, warn):
    if value is None:
        return None
    shape = model.shapes[shape_name]
    kind = shape['type']
    if kind == 'structure':
        out = {}
        for k, v in value.items():
            member = shape['members'].get(k)
            if member is None:
                warn('output member %s not in shape %s' % (k, shape_name))
                continue
            if v is not None:
                out[k] = _json_out(model, member['shape'], v, warn)
        return out
    if kind == 'list':
        return [_json_out(model, shape['member']['shape'], v, warn) for v in value]
    if kind == 'map':
        return {k: _json_out(model, shape['value']['shape'], v, warn) for k, v in value.items()}
    if kind == 'timestamp':
        return _epoch(value)
    if kind == 'blob':
        if isinstance(value, str):
            value = value.encode()
        return base64.b64encode(value).decode()
    return value


def _no_warn(_msg):
    pass


def serialize_response(model, op, output, request_id, warn=_no_warn):
    """(status, headers, body bytes) of a successful answer."""
    shape = model.output_shape(op)
    proto = model.protocol
    if proto == 'json':
        body = _json_out(model, shape, output or {}, warn) if shape else {}
        return 200, {'Content-Type': 'application/x-amz-json-1.1',
                     'x-amzn-RequestId': request_id}, json.dumps(body).encode()
    w = _XmlWriter(model, warn)
    if proto == 'ec2':
        w.parts.append('<?xml version="1.0" encoding="UTF-8"?>\n<%sResponse xmlns="%s">'
                       % (op, EC2_NAMESPACE))
        w.parts.append('<requestId>%s</requestId>' % request_id)
        if shape:
            w.struct_members(shape, output or {})
        w.parts.append('</%sResponse>' % op)
    else:
        w.parts.append('<%sResponse xmlns="%s">' % (op, model.xml_namespace))
        wrapper = model.result_wrapper(op)
        if shape and wrapper:
            w.parts.append('<%s>' % wrapper)
            w.struct_members(shape, output or {})
            w.parts.append('</%s>' % wrapper)
        w.parts.append('<ResponseMetadata><RequestId>%s</RequestId></ResponseMetadata>'
                       % request_id)
        w.parts.append('</%sResponse>' % op)
    return 200, {'Content-Type': 'text/xml;charset=UTF-8',
                 'x-amzn-RequestId': request_id}, ''.join(w.parts).encode()


def serialize_error(protocol, err, request_id, namespace=''):
    """(status, headers, body bytes) of an error answer in `protocol`."""
    code, msg = escape(err.code), escape(err.message)
    if protocol == 'json':
        body = json.dumps({'__type': err.code, 'message': err.message}).encode()
        return err.status, {'Content-Type': 'application/x-amz-json-1.1',
                            'x-amzn-RequestId': request_id,
                            'x-amzn-ErrorType': err.code}, body
    if protocol == 'ec2':
        body = ('<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error>'
                '<Code>%s</Code><Message>%s</Message></Error></Errors>'
                '<RequestID>%s</RequestID></Response>' % (code, msg, request_id))
        return err.status, {'Content-Type': 'text/xml;charset=UTF-8'}, body.encode()
    body = ('<ErrorResponse xmlns="%s"><Error><Type>%s</Type><Code>%s</Code>'
            '<Message>%s</Message></Error><RequestId>%s</RequestId></ErrorResponse>'
            % (namespace, 'Sender' if err.sender else 'Receiver', code, msg, request_id))
    return err.status, {'Content-Type': 'text/xml;charset=UTF-8',
                        'x-amzn-RequestId': request_id}, body.encode()

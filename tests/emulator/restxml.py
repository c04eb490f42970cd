"""The REST-XML protocol (Route 53), driven by the service model.

A request is routed by its method and path against each operation's
`http.requestUri` template ("/2013-04-01/hostedzone/{Id}/rrset/": literal
segments must match, `{Label}` takes one segment, `{Label+}` the rest; a
"?key" in the template must be among the query keys).  Its input comes from
the URI labels, the query string, the headers and the XML body, each member
where the model's `location` puts it; the values are typed as the model says
and checked with Model.validate.  The output goes back the same way: members
with `location: header` as headers, the rest as XML under the output shape's
name, and `http.responseCode` as the status.
"""

import urllib.parse
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

import protocols
from errors import AwsError


def _local(tag):
    return tag.rsplit('}', 1)[-1]


class Route:
    def __init__(self, op, http):
        self.op = op
        self.method = http['method']
        uri = http['requestUri']
        path, _, q = uri.partition('?')
        self.query_keys = [k.split('=', 1)[0] for k in q.split('&') if k]
        self.segs = [s for s in path.strip('/').split('/') if s != '']
        self.literals = sum(1 for s in self.segs if not s.startswith('{'))

    def match(self, method, segs, query_keys):
        if method != self.method:
            return None
        if any(k not in query_keys for k in self.query_keys):
            return None
        vals = {}
        i = 0
        for j, t in enumerate(self.segs):
            if t.startswith('{') and t.endswith('+}'):
                if i >= len(segs):
                    return None
                vals[t[1:-2]] = '/'.join(segs[i:])
                i = len(segs)
                if j != len(self.segs) - 1:
                    return None
                return vals
            if i >= len(segs):
                return None
            if t.startswith('{'):
                vals[t[1:-1]] = segs[i]
            elif t != segs[i]:
                return None
            i += 1
        return vals if i == len(segs) else None


class RestXml:
    """Routing, parsing and serialisation of one REST-XML model."""

    def __init__(self, model):
        self.model = model
        self.routes = sorted((Route(op, o['http']) for op, o in model.operations.items()),
                             key=lambda r: (-len(r.query_keys), -r.literals))
        self.namespace = 'https://%s.amazonaws.com/doc/%s/' % (
            model.metadata.get('endpointPrefix'), model.api_version)

    # -- routing --------------------------------------------------------------

    def route(self, method, raw_path, raw_query):
        """(op, uri label values) or raises the AwsError AWS would send."""
        segs = [urllib.parse.unquote(s) for s in raw_path.strip('/').split('/') if s != '']
        keys = [k for k, _ in urllib.parse.parse_qsl(raw_query or '', keep_blank_values=True)]
        path_ok = False
        for r in self.routes:
            vals = r.match(method, segs, keys)
            if vals is not None:
                return r.op, vals
            if r.match(r.method, segs, keys) is not None:
                path_ok = True
        if path_ok:
            raise AwsError('MethodNotAllowed',
                           'The specified method is not allowed against this resource.', 405)
        raise AwsError('UnknownOperationException',
                       'No operation for %s %s' % (method, raw_path), 404)

    # -- input ----------------------------------------------------------------

    def parse(self, op, uri_vals, raw_query, headers, body):
        """(params, violations) of op's input."""
        m = self.model
        name = m.input_shape(op)
        params, violations = {}, []
        if name is None:
            return params, violations
        shape = m.shape(name)
        query = urllib.parse.parse_qs(raw_query or '', keep_blank_values=True)
        hdr = {k.lower(): v for k, v in headers.items()}
        body_members = {}
        for mname, member in shape['members'].items():
            loc = member.get('location')
            wire = member.get('locationName', mname)
            kind = m.shape(member['shape'])['type']
            raw = None
            if loc == 'uri':
                raw = uri_vals.get(wire)
            elif loc == 'querystring':
                vals = query.get(wire)
                if vals is not None:
                    if kind == 'list':
                        params[mname] = vals
                        continue
                    raw = vals[0]
            elif loc == 'header':
                raw = hdr.get(wire.lower())
            else:
                body_members[mname] = member
                continue
            if raw is None:
                continue
            try:
                params[mname] = protocols.parse_scalar(kind, raw)
            except (ValueError, TypeError):
                violations.append(protocols._wire_violation('type', [wire], raw, kind))
        payload = shape.get('payload')
        if body_members and body and body.strip():
            try:
                root = ET.fromstring(body)
            except ET.ParseError as e:
                raise AwsError('InvalidInput', 'Could not parse the request body: %s' % e)
            if payload:
                member = shape['members'][payload]
                params[payload] = self._from_xml(member['shape'], root, [payload], violations)
            else:
                got = self._from_xml(name, root, [], violations, only=body_members)
                params.update(got)
        return params, violations

    def _from_xml(self, shape_name, el, path, violations, only=None):
        m = self.model
        shape = m.shape(shape_name)
        kind = shape['type']
        if kind == 'structure':
            out = {}
            members = only if only is not None else shape['members']
            by_wire = {mem.get('locationName', mn): mn for mn, mem in members.items()}
            for child in el:
                tag = _local(child.tag)
                mn = by_wire.get(tag)
                if mn is None:
                    violations.append(protocols._wire_violation('unknown', path + [tag],
                                                                child.text))
                    continue
                out[mn] = self._from_xml(members[mn]['shape'], child, path + [mn], violations)
            return out
        if kind == 'list':
            item = shape['member']
            wire = item.get('locationName', 'member')
            return [self._from_xml(item['shape'], c, path + [i], violations)
                    for i, c in enumerate((c for c in el if _local(c.tag) == wire), 1)]
        if kind == 'map':
            out = {}
            for entry in el:
                k = v = None
                for c in entry:
                    if _local(c.tag) == shape['key'].get('locationName', 'key'):
                        k = c.text or ''
                    elif _local(c.tag) == shape['value'].get('locationName', 'value'):
                        v = self._from_xml(shape['value']['shape'], c, path + [k], violations)
                if k is not None:
                    out[k] = v
            return out
        text = el.text or ''
        try:
            return protocols.parse_scalar(kind, text)
        except (ValueError, TypeError):
            violations.append(protocols._wire_violation('type', path, text, kind))
            return None

    # -- output ---------------------------------------------------------------

    def serialize(self, op, output, request_id):
        """(status, headers, body bytes) of op's output."""
        m = self.model
        status = m.operations[op]['http'].get('responseCode', 200)
        headers = {'Content-Type': 'text/xml', 'x-amzn-RequestId': request_id}
        name = m.output_shape(op)
        if name is None:
            return status, headers, b''
        shape = m.shape(name)
        parts = []
        for mname, member in shape['members'].items():
            val = (output or {}).get(mname)
            if val is None:
                continue
            if member.get('location') == 'header':
                headers[member.get('locationName', mname)] = str(val)
                continue
            self._to_xml(member['shape'], member.get('locationName', mname), val, parts)
        body = '<?xml version="1.0"?>\n<%s xmlns="%s">%s</%s>' % (
            name, self.namespace, ''.join(parts), name)
        return status, headers, body.encode()

    def _to_xml(self, shape_name, tag, value, parts):
        shape = self.model.shape(shape_name)
        kind = shape['type']
        if kind == 'structure':
            parts.append('<%s>' % tag)
            for mname, member in shape['members'].items():
                v = value.get(mname)
                if v is not None:
                    self._to_xml(member['shape'], member.get('locationName', mname), v, parts)
            parts.append('</%s>' % tag)
        elif kind == 'list':
            item = shape['member']
            wire = item.get('locationName', 'member')
            parts.append('<%s>' % tag)
            for v in value:
                self._to_xml(item['shape'], wire, v, parts)
            parts.append('</%s>' % tag)
        else:
            parts.append('<%s>%s</%s>' % (tag, escape(protocols._xml_scalar(kind, value)), tag))

    def error(self, err, request_id, method=None):
        """(status, headers, body) of an error: <ErrorResponse><Error>."""
        if method == 'HEAD':
            return err.status, {'x-amzn-RequestId': request_id}, b''
        body = ('<?xml version="1.0"?>\n<ErrorResponse xmlns="%s"><Error><Type>%s</Type>'
                '<Code>%s</Code><Message>%s</Message></Error><RequestId>%s</RequestId>'
                '</ErrorResponse>' % (self.namespace, 'Sender' if err.sender else 'Receiver',
                                      escape(err.code), escape(err.message), request_id))
        return err.status, {'Content-Type': 'text/xml', 'x-amzn-RequestId': request_id}, \
            body.encode()


def validation_error(violations):
    """Route 53's answer for input the model rejects: InvalidInput."""
    msgs = []
    for v in violations[:5]:
        where = '.'.join(str(p) for p in (getattr(v, 'path', None) or []))
        if v.kind == 'missing':
            msgs.append('%s is required' % where)
        elif v.kind == 'unknown':
            msgs.append('%s is not a recognized member' % where)
        elif v.kind == 'enum':
            msgs.append("Value '%s' at '%s' failed to satisfy constraint: Member must "
                        "satisfy enum value set: [%s]" % (v.value, where, ', '.join(v.limit)))
        else:
            msgs.append("Value '%s' at '%s' failed to satisfy constraint (%s %s)"
                        % (v.value, where, v.kind, v.limit))
    return AwsError('InvalidInput', '%d validation error%s detected: %s' % (
        len(violations), '' if len(violations) == 1 else 's', '; '.join(msgs)))

"""AWS service models: loading, input validation and output shaping.

The botocore `service-2.json` files say, for every operation, which members
its input has, which are required, their types, enums and length/range
limits.  AWS checks requests against the same model before an operation
runs, so the emulator does too: a request that AWS would refuse is refused
here with the error the protocol uses, which is what makes the emulator
useful for testing a client.

Validation yields protocol-neutral `Violation`s; protocols.py turns them into
the error each protocol sends (ec2 `MissingParameter`, query `ValidationError`,
json `ValidationException`...).
"""

import json
import os
import threading


def reference_dir():
    """The repository's reference data (env TFP_REFERENCE, default <repo>/reference)."""
    env = os.environ.get('TFP_REFERENCE')
    if env:
        return env
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.join(os.path.dirname(os.path.dirname(here)), 'reference')


def models_dir():
    return os.path.join(reference_dir(), 'aws-models')


class Violation:
    """One way a request breaks its operation's input shape.

    kind  -- 'missing', 'unknown', 'type', 'enum', 'min_length', 'max_length',
             'min_value', 'max_value'
    path  -- list of member names / list indexes (1-based) from the input root
    value -- the offending value (None for 'missing')
    limit -- the bound or the enum list the value broke
    """

    def __init__(self, kind, path, value=None, limit=None):
        self.kind = kind
        self.path = list(path)
        self.value = value
        self.limit = limit

    def __repr__(self):
        return 'Violation(%s, %s, %r, %r)' % (self.kind, self.path, self.value,
                                             self.limit)


class Model:
    """One service model (e.g. ec2 2016-11-15)."""

    def __init__(self, name, data):
        self.name = name
        self.data = data
        self.metadata = data['metadata']
        self.protocol = self.metadata['protocol']
        # Served protocols are ec2, query and json.  A service whose model
        # prefers another (CloudWatch: smithy-rpc-v2-cbor) but still lists
        # awsQuery is served in awsQuery, what the clients we test send.
        if self.protocol not in ('ec2', 'query', 'json') and \
                'query' in self.metadata.get('protocols', ()):
            self.protocol = 'query'
        self.operations = data['operations']
        self.shapes = data['shapes']
        self.api_version = self.metadata['apiVersion']
        self.target_prefix = self.metadata.get('targetPrefix')
        ns = self.metadata.get('xmlNamespace', '')
        # EC2 answers with a trailing slash although the model omits it.
        if ns and not ns.endswith('/'):
            ns += '/'
        self.xml_namespace = ns

    def shape(self, name):
        return self.shapes[name]

    def input_shape(self, op):
        inp = self.operations[op].get('input')
        return inp['shape'] if inp else None

    def output_shape(self, op):
        out = self.operations[op].get('output')
        return out['shape'] if out else None

    def result_wrapper(self, op):
        out = self.operations[op].get('output')
        return out.get('resultWrapper') if out else None

    # -- validation ----------------------------------------------------------

    def validate(self, op, params):
        """Check already-typed params against the input shape's constraints.

        Returns a list of Violations (empty when valid).  Type and unknown
        member problems are found while parsing (protocols.py); this checks
        what the model states: required, enum, length and range.
        """
        out = []
        name = self.input_shape(op)
        if name is not None:
            self._check(name, params, [], out)
        return out

    def _check(self, shape_name, value, path, out):
        shape = self.shapes[shape_name]
        kind = shape['type']
        if kind == 'structure':
            if not isinstance(value, dict):
                out.append(Violation('type', path, value, 'structure'))
                return
            for req in shape.get('required', []):
                if value.get(req) is None:
                    out.append(Violation('missing', path + [req]))
            for mname, mval in value.items():
                member = shape['members'].get(mname)
                if member is None:
                    out.append(Violation('unknown', path + [mname], mval))
                elif mval is not None:
                    self._check(member['shape'], mval, path + [mname], out)
        elif kind == 'list':
            if not isinstance(value, list):
                out.append(Violation('type', path, value, 'list'))
                return
            self._check_length(shape, len(value), value, path, out)
            for i, item in enumerate(value, 1):
                self._check(shape['member']['shape'], item, path + [i], out)
        elif kind == 'map':
            if not isinstance(value, dict):
                out.append(Violation('type', path, value, 'map'))
                return
            self._check_length(shape, len(value), value, path, out)
            for k, v in value.items():
                self._check(shape['key']['shape'], k, path + [k], out)
                self._check(shape['value']['shape'], v, path + [k], out)
        elif kind == 'string':
            if not isinstance(value, str):
                out.append(Violation('type', path, value, 'string'))
                return
            if 'enum' in shape and value not in shape['enum']:
                out.append(Violation('enum', path, value, shape['enum']))
            self._check_length(shape, len(value), value, path, out)
        elif kind in ('integer', 'long'):
            if isinstance(value, bool) or not isinstance(value, int):
                out.append(Violation('type', path, value, kind))
                return
            self._check_range(shape, value, path, out)
        elif kind in ('double', 'float'):
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                out.append(Violation('type', path, value, kind))
                return
            self._check_range(shape, value, path, out)
        elif kind == 'boolean':
            if not isinstance(value, bool):
                out.append(Violation('type', path, value, kind))
        elif kind == 'blob':
            if not isinstance(value, (bytes, str)):
                out.append(Violation('type', path, value, kind))
            else:
                self._check_length(shape, len(value), value, path, out)
        # timestamps and documents: parsing already checked the form

    @staticmethod
    def _check_length(shape, n, value, path, out):
        if 'min' in shape and n < shape['min']:
            out.append(Violation('min_length', path, value, shape['min']))
        if 'max' in shape and n > shape['max']:
            out.append(Violation('max_length', path, value, shape['max']))

    @staticmethod
    def _check_range(shape, value, path, out):
        if 'min' in shape and value < shape['min']:
            out.append(Violation('min_value', path, value, shape['min']))
        if 'max' in shape and value > shape['max']:
            out.append(Violation('max_value', path, value, shape['max']))


_cache = {}
_cache_lock = threading.Lock()


def load(name, directory=None):
    """Load (once per process) the newest model of service `name` ('ec2')."""
    directory = directory or models_dir()
    key = (name, directory)
    with _cache_lock:
        if key in _cache:
            return _cache[key]
        base = os.path.join(directory, name)
        versions = sorted(v for v in os.listdir(base)
                          if os.path.isfile(os.path.join(base, v, 'service-2.json')))
        if not versions:
            raise FileNotFoundError('no service-2.json under %s' % base)
        with open(os.path.join(base, versions[-1], 'service-2.json')) as f:
            m = Model(name, json.load(f))
        _cache[key] = m
        return m

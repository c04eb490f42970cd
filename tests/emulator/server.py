#!/usr/bin/python3
"""The AWS emulator: one loopback HTTP endpoint for EC2, ELBv2, ECS, Auto
Scaling, STS and IAM.

A request is routed by the service named in its SigV4 credential scope (the
same way one `AWS_ENDPOINT_URL` serves every service for an SDK), checked
the way AWS checks it (signature, operation, input shape), passed through
fault injection, handed to that service's `Service.handle(op, params)`, and
the result is written in the service's wire protocol.

Start-up:
  /usr/bin/python3 server.py --port 0 --port-file /tmp/x.port \
      --access-key AKIA... --secret-key ... [--region us-east-1] \
      [--account-id 123456789012] [--verbose]

Control API (unauthenticated JSON under /__emulator/): reset, state, calls,
objects (per type: ids ever seen, most alive at once), faults, health, and
service/<name>/<action> for a service's test-only hooks.
"""

import argparse
import datetime
import importlib
import json
import os
import socket
import sys
import threading
import traceback
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import faults as faults_mod  # noqa: E402
import model as model_mod  # noqa: E402
import protocols  # noqa: E402
import sigv4  # noqa: E402
import store  # noqa: E402
from errors import AwsError  # noqa: E402

# Service modules in load order: ec2 first, the others may look it up.
SERVICE_MODULES = ('svc_ec2', 'svc_sts', 'svc_iam', 'svc_elbv2', 'svc_ecs', 'svc_autoscaling',
                   'svc_logs', 'svc_cloudwatch', 'svc_ssm', 'svc_application_autoscaling',
                   'svc_secretsmanager', 'svc_elasticache', 'svc_redshift',
                   'svc_acm', 'svc_s3', 'svc_route53')

# Signature problems -> (code, HTTP status) per protocol, as AWS answers them.
_AUTH_ERRORS = {
    'missing': {'ec2': ('MissingAuthenticationToken', 401),
                'query': ('MissingAuthenticationToken', 403),
                'json': ('MissingAuthenticationTokenException', 400)},
    'incomplete': {'ec2': ('IncompleteSignature', 401),
                   'query': ('IncompleteSignature', 403),
                   'json': ('IncompleteSignatureException', 400)},
    'unknown_key': {'ec2': ('AuthFailure', 401),
                    'query': ('InvalidClientTokenId', 403),
                    'json': ('UnrecognizedClientException', 400)},
    'bad_token': {'ec2': ('AuthFailure', 401),
                  'query': ('InvalidClientTokenId', 403),
                  'json': ('UnrecognizedClientException', 400)},
    'mismatch': {'ec2': ('SignatureDoesNotMatch', 403),
                 'query': ('SignatureDoesNotMatch', 403),
                 'json': ('InvalidSignatureException', 400)},
    'bad_scope': {'ec2': ('AuthFailure', 401),
                  'query': ('SignatureDoesNotMatch', 403),
                  'json': ('InvalidSignatureException', 400)},
    'expired_request': {'ec2': ('RequestExpired', 400),
                        'query': ('SignatureDoesNotMatch', 403),
                        'json': ('InvalidSignatureException', 400)},
    'expired_token': {'ec2': ('RequestExpired', 400),
                      'query': ('ExpiredToken', 403),
                      'json': ('ExpiredTokenException', 400)},
}

_EC2_AUTH_MESSAGE = 'AWS was not able to validate the provided access credentials'

# Operations AWS serves without a signature.
_UNSIGNED = {('sts', 'AssumeRoleWithWebIdentity'), ('sts', 'AssumeRoleWithSAML')}

GLOBAL_SERVICES = ('iam', 'sts', 'route53')


class Emulator:
    """All state of one emulator instance (services, credentials, faults)."""

    def __init__(self, access_key, secret_key, region='us-east-1',
                 account_id='123456789012', verbose=False, models_dir=None):
        self.region = region
        self.account_id = account_id
        self.verbose = verbose
        self.faults = faults_mod.Faults()
        self.models_dir = models_dir or model_mod.models_dir()
        self._lock = threading.Lock()
        self._tls = threading.local()
        self._root = (access_key, secret_key)
        self._creds = {}
        self._calls = []
        self._objects = {}
        self.services = {}
        self.models = {}
        self._reset_credentials()
        for name in SERVICE_MODULES:
            try:
                mod = importlib.import_module(name)
            except ModuleNotFoundError as e:
                if e.name != name:
                    raise
                self.log('service module %s not present, skipped' % name)
                continue
            svc = mod.Service(self)
            self.services[svc.signing_name] = svc
            self.models[svc.signing_name] = model_mod.load(svc.model_name, self.models_dir)

    # -- helpers for services ---------------------------------------------------

    def now(self):
        return datetime.datetime.now(datetime.timezone.utc)

    def note_created(self, resource_id):
        self.faults.note_created(resource_id)

    def hidden(self, resource_id):
        return self.faults.hidden(resource_id)

    def log(self, msg):
        if self.verbose:
            stamp = datetime.datetime.now().strftime('%H:%M:%S.%f')[:-3]
            sys.stderr.write('%s emulator: %s\n' % (stamp, msg))
            sys.stderr.flush()

    def root_arn(self):
        return 'arn:aws:iam::%s:root' % self.account_id

    def _reset_credentials(self):
        with self._lock:
            ak, sk = self._root
            self._creds = {ak: {'secret': sk, 'token': None, 'expires': None,
                                'arn': 'arn:aws:iam::%s:user/emulator' % self.account_id,
                                'user_id': 'AIDA' + store.hex_digits(17).upper()}}

    def add_credentials(self, access_key, secret, token, expires, arn, user_id):
        """Temporary credentials (STS) that later requests may sign with."""
        with self._lock:
            self._creds[access_key] = {'secret': secret, 'token': token,
                                       'expires': expires, 'arn': arn, 'user_id': user_id}

    def identity(self, access_key):
        """{'arn', 'user_id'} of the principal owning access_key (or None)."""
        with self._lock:
            c = self._creds.get(access_key)
            return dict(c) if c else None

    def _lookup(self, access_key):
        with self._lock:
            c = self._creds.get(access_key)
            if c is None:
                return None
            return c['secret'], c['token'], c['expires']

    # -- control API ------------------------------------------------------------

    def reset(self):
        for svc in self.services.values():
            svc.reset()
        self.faults.reset()
        self._reset_credentials()
        with self._lock:
            self._calls = []
            self._objects = {}

    def state(self):
        snaps = {}
        empty = True
        for name, svc in self.services.items():
            snap = svc.snapshot()
            snaps[name] = snap
            for key, val in snap.items():
                if key.startswith('_'):
                    continue
                if val:
                    empty = False
        return {'empty': empty, 'services': snaps}

    def calls(self):
        with self._lock:
            return list(self._calls)

    # Objects per type, to catch a client that creates something twice: after
    # every call that may change something, the ids the service holds are
    # added to the ids ever seen of their type, and the largest number alive
    # at once is kept.  A deployment of N objects of a type that never
    # replaces one must end with ever == peak == N.
    def _count_objects(self, service_name, op):
        if op is None or op.startswith(('Describe', 'List', 'Get')):
            return
        snap = self.services[service_name].snapshot()
        with self._lock:
            for key, ids in snap.items():
                if key.startswith('_') or not isinstance(ids, (list, tuple)):
                    continue
                kind = '%s/%s' % (service_name, key)
                rec = self._objects.setdefault(kind, {'ever': set(), 'peak': 0, 'live': 0})
                rec['ever'].update(i for i in ids if isinstance(i, str))
                rec['live'] = len(ids)
                rec['peak'] = max(rec['peak'], len(ids))

    def objects(self):
        """{'ec2/vpcs': {'ever': n, 'peak': n, 'live': n}, ...} for every type
        that ever held something."""
        with self._lock:
            return {k: {'ever': len(v['ever']), 'peak': v['peak'], 'live': v['live']}
                    for k, v in self._objects.items() if v['ever']}

    def _record(self, service, op, status, code, message=None):
        with self._lock:
            self._calls.append({'service': service, 'operation': op,
                                'status': status, 'error_code': code})
        self.log('%s %s %d%s%s' % (service, op, status, (' ' + code) if code else '',
                                   (': ' + message) if message else ''))

    # -- AWS requests -----------------------------------------------------------

    def _route(self, headers, pairs, target):
        """(signing name, Credential or None) for a request."""
        cred = sigv4.scope_of(headers, pairs)
        if cred is not None:
            return cred.service, cred
        if target:
            prefix = target.split('.', 1)[0]
            for name, m in self.models.items():
                if m.target_prefix == prefix:
                    return name, None
        version = dict(pairs).get('Version')
        for name, m in self.models.items():
            if m.protocol != 'json' and m.api_version == version:
                return name, None
        return None, None

    def handle_request(self, method, raw_path, raw_query, headers, body):
        """Serve one AWS API request: (status, headers dict, body bytes)."""
        request_id = store.request_id()
        hdr = {k.lower(): v for k, v in headers}
        target = hdr.get('x-amz-target')
        pairs = urllib.parse.parse_qsl(raw_query or '', keep_blank_values=True)
        ctype = hdr.get('content-type', '')
        if not target and method == 'POST' and (
                'x-www-form-urlencoded' in ctype or (body and b'=' in body and b'{' not in body[:1])):
            try:
                pairs += urllib.parse.parse_qsl(body.decode('utf-8'), keep_blank_values=True,
                                                strict_parsing=False)
            except UnicodeDecodeError:
                pass
        service_name, cred = self._route(headers, pairs, target)
        svc = self.services.get(service_name)
        if svc is None:
            err = AwsError('UnrecognizedService',
                           'Service %r is not served by this emulator' % service_name)
            self._record(service_name or '?', '?', err.status, err.code)
            return protocols.serialize_error('query', err, request_id)
        m = self.models[service_name]
        proto = m.protocol
        if hasattr(svc, 'handle_http'):
            # a service that owns its wire format (S3: REST-XML, path-style)
            try:
                self._authenticate(service_name, None, method, raw_path, raw_query, headers,
                                   body, cred, 'query')
            except AwsError as err:
                self._record(service_name, '?', err.status, err.code, err.message)
                return svc.error(err, request_id, method)
            return svc.handle_http(method, raw_path, raw_query, hdr, body, request_id)
        if proto == 'json':
            op = target.split('.', 1)[1] if target and '.' in target else None
        else:
            op = dict(pairs).get('Action')
        try:
            self._authenticate(service_name, op, method, raw_path, raw_query, headers, body,
                               cred, proto)
            if not op or op not in m.operations:
                if proto == 'json':
                    raise AwsError('UnknownOperationException',
                                   'Unknown operation %s' % (target or ''))
                if not op:
                    raise AwsError('MissingAction', 'The request must contain the parameter Action')
                raise AwsError('InvalidAction',
                               'The action %s is not valid for this web service.' % op)
            after = self.faults.before_call(proto, op)
            if proto == 'json':
                parsed = protocols.parse_json(m, op, body)
            else:
                form = [(k, v) for k, v in pairs if k not in ('Action', 'Version')
                        and not k.startswith('X-Amz-')]
                parsed = protocols.parse_form(m, op, form)
            violations = parsed.violations or m.validate(op, parsed.params)
            if violations:
                raise protocols.validation_error(m, op, violations)
            if proto == 'ec2' and parsed.params.get('DryRun'):
                raise AwsError('DryRunOperation',
                               'Request would have succeeded, but DryRun flag is set.', 412)
            output = svc.handle(op, parsed.params)
            self.faults.acted(op)
            result = protocols.serialize_response(m, op, output, request_id, warn=self.log)
            self._count_objects(service_name, op)
            if after == faults_mod.AFTER_DROP:
                self._record(service_name, op or '?', 0, 'ConnectionDropped',
                             'acted, then dropped the connection')
            elif after != faults_mod.AFTER_500:  # that one is recorded as the 500 below
                self._record(service_name, op or '?', 200, None)
            self.faults.after_call(proto, after)
            return result
        except AwsError as err:
            self._record(service_name, op or '?', err.status, err.code, err.message)
            return protocols.serialize_error(proto, err, request_id, m.xml_namespace)
        except faults_mod.DropConnection:
            raise
        except Exception:  # a bug in the emulator: answer like AWS would, keep serving
            traceback.print_exc()
            err = AwsError('InternalFailure' if proto != 'ec2' else 'InternalError',
                           'emulator bug: %s' % traceback.format_exc().splitlines()[-1],
                           500, sender=False)
            self._record(service_name, op or '?', err.status, err.code)
            return protocols.serialize_error(proto, err, request_id, m.xml_namespace)

    def _authenticate(self, service_name, op, method, raw_path, raw_query, headers, body,
                      cred, proto):
        if cred is None and (service_name, op) in _UNSIGNED:
            return
        try:
            cred = sigv4.verify(method, raw_path, raw_query, headers, body, self._lookup)
            ok_regions = {self.region}
            if service_name in GLOBAL_SERVICES:
                ok_regions.add('us-east-1')
            if cred.region not in ok_regions:
                raise sigv4.SigError('bad_scope',
                                     "Credential should be scoped to a valid region, not '%s'."
                                     % cred.region)
        except sigv4.SigError as e:
            code, status = _AUTH_ERRORS[e.kind][proto]
            msg = _EC2_AUTH_MESSAGE if code == 'AuthFailure' else e.message
            raise AwsError(code, msg, status)
        self._tls.access_key = cred.access_key

    def caller_access_key(self):
        """The access key that signed the request served on this thread."""
        return getattr(self._tls, 'access_key', None)


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    # Headers and body go out in separate writes; without this the body waits
    # for the client's delayed ACK (about 40 ms per call).
    disable_nagle_algorithm = True
    server_version = 'AmazonEmulator'
    sys_version = ''

    def log_message(self, fmt, *args):  # one line per call is logged by Emulator
        pass

    def log_error(self, fmt, *args):
        # malformed requests never reach the Emulator: say so, or they go unseen
        self.server.emulator.log('http error from %s: %s' % (self.client_address[0],
                                                            fmt % args))

    def _body(self):
        n = int(self.headers.get('Content-Length') or 0)
        return self.rfile.read(n) if n > 0 else b''

    def _send(self, status, headers, body):
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        if self.command != 'HEAD':
            self.wfile.write(body)

    def _json(self, status, obj):
        self._send(status, {'Content-Type': 'application/json'},
                   json.dumps(obj, default=str, indent=1).encode())

    def _dispatch(self):
        emu = self.server.emulator
        body = self._body()
        parts = urllib.parse.urlsplit(self.path)
        if parts.path.startswith('/__emulator/'):
            return self._control(emu, parts.path[len('/__emulator/'):], body)
        emu._tls.access_key = None
        replay = self._replayed_answer(emu)
        if replay is not None:
            return self._send(*replay)
        try:
            status, headers, out = emu.handle_request(self.command, parts.path, parts.query,
                                                      list(self.headers.items()), body)
        except faults_mod.DropConnection:
            # The answer is lost on purpose: not remembered for a replay either.
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        self._remember_answer(emu, status, headers, out)
        try:
            self._send(status, headers, out)
        except (BrokenPipeError, ConnectionResetError):
            # the client gave up waiting (a slow answer past its timeout)
            self.close_connection = True

    # The AWS SDKs tag every attempt of one operation with the same
    # amz-sdk-invocation-id and count attempts in amz-sdk-request.  When an
    # SDK retries an operation whose answer we already sent (the answer was
    # lost to it, typically to a client-side timeout on a loaded machine),
    # the retry gets that same answer instead of acting twice; AWS's own
    # answer in that case would depend on timing we cannot reproduce, and a
    # test harness must not fail on it.  Only explicit retries (attempt > 1)
    # of a successful first answer are replayed.
    _answers = {}
    _answers_order = []
    _answers_lock = threading.Lock()

    def _invocation(self):
        inv = self.headers.get('amz-sdk-invocation-id')
        req = self.headers.get('amz-sdk-request') or ''
        attempt = 1
        for part in req.split(';'):
            k, _, v = part.strip().partition('=')
            if k == 'attempt' and v.isdigit():
                attempt = int(v)
        return inv, attempt

    def _replayed_answer(self, emu):
        inv, attempt = self._invocation()
        if not inv or attempt <= 1:
            return None
        with Handler._answers_lock:
            answer = Handler._answers.get(inv)
        if answer is not None:
            emu.log('replaying the answer of invocation %s to its retry (attempt %d)'
                    % (inv, attempt))
        return answer

    def _remember_answer(self, emu, status, headers, out):
        inv, _ = self._invocation()
        if not inv or status != 200:
            return
        with Handler._answers_lock:
            Handler._answers[inv] = (status, headers, out)
            Handler._answers_order.append(inv)
            while len(Handler._answers_order) > 2000:
                Handler._answers.pop(Handler._answers_order.pop(0), None)

    def _control(self, emu, what, body):
        try:
            if what == 'health' and self.command == 'GET':
                return self._json(200, {'ok': True, 'services': sorted(emu.services)})
            if what == 'state' and self.command == 'GET':
                return self._json(200, emu.state())
            if what == 'calls' and self.command == 'GET':
                return self._json(200, emu.calls())
            if what == 'objects' and self.command == 'GET':
                return self._json(200, emu.objects())
            if what == 'reset' and self.command == 'POST':
                emu.reset()
                return self._json(200, {'ok': True})
            if what == 'faults' and self.command == 'POST':
                emu.faults.configure(json.loads(body or b'{}'))
                if 'seed' in json.loads(body or b'{}'):
                    store.seed(json.loads(body)['seed'])
                return self._json(200, emu.faults.describe())
            if what == 'faults' and self.command == 'GET':
                return self._json(200, emu.faults.describe())
            if what.startswith('service/') and self.command == 'POST':
                # service/<signing name>/<action>: a test-only hook a service
                # offers as control_<action with - as _>(body)
                _, name, action = (what.split('/', 2) + ['', ''])[:3]
                fn = getattr(emu.services.get(name), 'control_' + action.replace('-', '_'), None)
                if fn is not None:
                    try:
                        return self._json(200, fn(json.loads(body or b'{}')))
                    except AwsError as e:
                        return self._json(400, {'error': str(e), 'code': e.code})
        except ValueError as e:
            return self._json(400, {'error': str(e)})
        return self._json(404, {'error': 'no control endpoint %s %s' % (self.command, what)})

    do_GET = _dispatch
    do_POST = _dispatch
    do_PUT = _dispatch
    do_DELETE = _dispatch
    do_HEAD = _dispatch


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, addr, emulator):
        super().__init__(addr, Handler)
        self.emulator = emulator


def start(emulator, host='127.0.0.1', port=0):
    """Start serving on a background thread; returns the Server (port in .server_port)."""
    srv = Server((host, port), emulator)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    return srv


def main(argv=None):
    ap = argparse.ArgumentParser(description='AWS API emulator for tests')
    ap.add_argument('--host', default='127.0.0.1')
    ap.add_argument('--port', type=int, default=0)
    ap.add_argument('--port-file')
    ap.add_argument('--access-key', default='AKIAEMULATOR000000001')
    ap.add_argument('--secret-key', default='emulator-secret-key')
    ap.add_argument('--region', default='us-east-1')
    ap.add_argument('--account-id', default='123456789012')
    ap.add_argument('--verbose', action='store_true')
    args = ap.parse_args(argv)
    emu = Emulator(args.access_key, args.secret_key, args.region, args.account_id,
                   args.verbose)
    srv = Server((args.host, args.port), emu)
    port = srv.server_address[1]
    if args.port_file:
        tmp = args.port_file + '.tmp'
        with open(tmp, 'w') as f:
            f.write('%d\n' % port)
        os.replace(tmp, args.port_file)
    emu.log('listening on %s:%d' % (args.host, port))
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == '__main__':
    sys.exit(main())

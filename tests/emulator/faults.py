"""Fault injection: the misbehaviour real AWS shows under load.

A client that works against a perfect endpoint may still break against AWS,
which throttles, fails with 500s, answers slowly, and is eventually
consistent (a resource just created may not be visible to Describe calls for
a moment).  Tests switch these on through `POST /__emulator/faults`; shares
are drawn from a seeded generator so a failing run can be replayed.

A 5xx or a lost answer leaves a client not knowing whether AWS acted, and
the faults cover each case separately, each with its own share of calls:
  error500        answer 500 without acting (the request is refused),
  error500_after  act, then answer 500,
  drop_after      act, then close the connection without answering,
  slow            act, then answer only after slow_ms (a client with a
                  shorter read timeout sees a timeout after AWS acted).
`operations` (a list of action names) limits every share to those calls:
{"slow": 1, "slow_ms": 30000, "operations": ["CreateVpc"]} makes only
CreateVpc slow (the cancellation and SIGKILL tests catch a create in flight
with it).

`refuse` ({"ModifyVpcAttribute": "InjectedFailure", ...}) answers every call
of the named actions with a 400 of that code without acting, whatever
`operations` says: an error no client retries, for failing the follow-up
calls of a create (the partial-failure tests).  A value
{"code": "InjectedFailure", "after": ["CreateVpc"]} refuses the action only
once one of the "after" actions has succeeded since the fault was set (a
DescribeVpcs a create makes before its CreateVpc is answered, the waiter's
after it is refused).
"""

import random
import threading
import time

from errors import AwsError

_THROTTLE = {
    'ec2': ('RequestLimitExceeded', 'Request limit exceeded.', 503),
    'query': ('Throttling', 'Rate exceeded', 400),
    'json': ('ThrottlingException', 'Rate exceeded', 400),
}
_INTERNAL = {
    'ec2': ('InternalError', 'An internal error has occurred', 500),
    'query': ('InternalFailure', 'An internal error occurred.', 500),
    'json': ('InternalFailure', 'An internal error occurred.', 500),
}

SHARES = ('throttle', 'error500', 'error500_after', 'drop_after', 'slow')
KNOWN = SHARES + ('slow_ms', 'latency_ms', 'eventual_consistency_ms', 'seed', 'operations',
                  'refuse')

# What happens after a call acted (before_call's second answer).
AFTER_500 = 'error500'
AFTER_DROP = 'drop'
AFTER_SLOW = 'slow'


class DropConnection(Exception):
    """The call acted; the server closes the connection without answering."""

# Resources AWS serves read-after-write consistently: clients (hashicorp/aws
# among them) read these right after creating them without retrying, so the
# eventual-consistency fault never hides them.  Matched against the ARN.
CONSISTENT = (':task-definition/', ':launchConfiguration:')


def internal_error(protocol):
    code, msg, status = _INTERNAL[protocol]
    return AwsError(code, msg, status, sender=False)


def _refusals(ref):
    """The refuse fault's configuration: {action: {code, after, armed}}."""
    ref = ref or {}
    if not isinstance(ref, dict):
        raise ValueError('refuse must map action names to error codes')
    out = {}
    for op, v in ref.items():
        after = []
        if isinstance(v, dict):
            unknown = set(v) - {'code', 'after'}
            if unknown:
                raise ValueError('refuse %s: unknown key(s) %s' % (op, ', '.join(sorted(unknown))))
            after = v.get('after') or []
            if isinstance(after, str):
                after = [after]
            if not isinstance(after, list) or not all(isinstance(a, str) for a in after):
                raise ValueError('refuse %s: after must be an action name or a list of them' % op)
            v = v.get('code')
        if not isinstance(op, str) or not isinstance(v, str) or not v:
            raise ValueError('refuse must map action names to error codes')
        out[op] = {'code': v, 'after': set(after), 'armed': False}
    return out


class Faults:
    def __init__(self):
        self._lock = threading.Lock()
        self._created = {}
        self.reset()

    def reset(self):
        with self._lock:
            for k in SHARES:
                setattr(self, k, 0.0)
            self.slow_ms = 0
            self.latency_ms = 0
            self.eventual_consistency_ms = 0
            self.operations = None
            self.refuse = {}
            self._rng = random.Random()
            self._created.clear()

    def configure(self, cfg):
        """Apply a JSON dict; unknown keys or bad values raise ValueError."""
        if not isinstance(cfg, dict):
            raise ValueError('faults must be a JSON object')
        for k in cfg:
            if k not in KNOWN:
                raise ValueError('unknown fault %r (known: %s)' % (k, ', '.join(KNOWN)))
        with self._lock:
            for k in SHARES:
                if k in cfg:
                    v = float(cfg[k])
                    if not 0.0 <= v <= 1.0:
                        raise ValueError('%s must be a share between 0 and 1' % k)
                    setattr(self, k, v)
            for k in ('slow_ms', 'latency_ms', 'eventual_consistency_ms'):
                if k in cfg:
                    v = int(cfg[k])
                    if v < 0:
                        raise ValueError('%s must not be negative' % k)
                    setattr(self, k, v)
            if sum(getattr(self, k) for k in SHARES) > 1.0:
                raise ValueError('the shares of %s add up to more than 1' % ', '.join(SHARES))
            if 'seed' in cfg:
                self._rng = random.Random(cfg['seed'])
            if 'operations' in cfg:
                ops = cfg['operations']
                if ops is not None and (not isinstance(ops, list)
                                        or not all(isinstance(o, str) for o in ops)):
                    raise ValueError('operations must be a list of action names, or null')
                self.operations = set(ops) if ops else None
            if 'refuse' in cfg:
                self.refuse = _refusals(cfg['refuse'])

    def describe(self):
        with self._lock:
            out = {k: getattr(self, k) for k in SHARES}
            out.update(slow_ms=self.slow_ms, latency_ms=self.latency_ms,
                       eventual_consistency_ms=self.eventual_consistency_ms,
                       operations=sorted(self.operations) if self.operations else None,
                       refuse={op: {'code': r['code'], 'after': sorted(r['after']),
                                    'armed': r['armed']} if r['after'] else r['code']
                               for op, r in self.refuse.items()})
            return out

    def before_call(self, protocol, operation=None):
        """Sleep and/or raise the fault chosen for this call before it acts.

        Returns what to do once the call has acted: None (answer normally),
        AFTER_500, AFTER_DROP or AFTER_SLOW (see after_call)."""
        with self._lock:
            refused = self.refuse.get(operation)
            if refused and (refused['armed'] or not refused['after']):
                raise AwsError(refused['code'],
                               'Injected failure of %s (fault "refuse")' % operation, 400)
            if self.operations is not None and operation not in self.operations:
                return None
            latency = self.latency_ms
            roll = self._rng.random()
            shares = [getattr(self, k) for k in SHARES]
        if latency:
            time.sleep(latency / 1000.0)
        throttle, error500, error500_after, drop_after, slow = shares
        if roll < throttle:
            code, msg, status = _THROTTLE[protocol]
            raise AwsError(code, msg, status)
        roll -= throttle
        if roll < error500:
            raise internal_error(protocol)
        roll -= error500
        if roll < error500_after:
            return AFTER_500
        roll -= error500_after
        if roll < drop_after:
            return AFTER_DROP
        roll -= drop_after
        if roll < slow:
            return AFTER_SLOW
        return None

    def acted(self, operation):
        """A call of `operation` succeeded: arms the refusals waiting for it."""
        with self._lock:
            for r in self.refuse.values():
                if operation in r['after']:
                    r['armed'] = True

    def after_call(self, protocol, after):
        """The second half of before_call's choice, once the call acted: raise
        the 500 or DropConnection, or sleep slow_ms."""
        if after == AFTER_500:
            raise internal_error(protocol)
        if after == AFTER_DROP:
            raise DropConnection()
        if after == AFTER_SLOW:
            with self._lock:
                ms = self.slow_ms
            time.sleep(ms / 1000.0)

    # eventual consistency -------------------------------------------------------

    def note_created(self, resource_id):
        if any(marker in resource_id for marker in CONSISTENT):
            return
        with self._lock:
            if self.eventual_consistency_ms:
                self._created[resource_id] = (time.monotonic()
                                              + self.eventual_consistency_ms / 1000.0)

    def hidden(self, resource_id):
        with self._lock:
            until = self._created.get(resource_id)
            if until is None:
                return False
            if time.monotonic() >= until:
                del self._created[resource_id]
                return False
            return True

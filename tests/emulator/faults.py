"""Fault injection: the misbehaviour real AWS shows under load.

A client that works against a perfect endpoint may still break against AWS,
which throttles, fails with 500s, answers slowly, and is eventually
consistent (a resource just created may not be visible to Describe calls for
a moment).  Tests switch these on through `POST /__emulator/faults`; shares
are drawn from a seeded generator so a failing run can be replayed.
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

KNOWN = ('throttle', 'error500', 'latency_ms', 'eventual_consistency_ms', 'seed')

# Resources AWS serves read-after-write consistently: clients (hashicorp/aws
# among them) read these right after creating them without retrying, so the
# eventual-consistency fault never hides them.  Matched against the ARN.
CONSISTENT = (':task-definition/', ':launchConfiguration:')


class Faults:
    def __init__(self):
        self._lock = threading.Lock()
        self._created = {}
        self.reset()

    def reset(self):
        with self._lock:
            self.throttle = 0.0
            self.error500 = 0.0
            self.latency_ms = 0
            self.eventual_consistency_ms = 0
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
            for k in ('throttle', 'error500'):
                if k in cfg:
                    v = float(cfg[k])
                    if not 0.0 <= v <= 1.0:
                        raise ValueError('%s must be a share between 0 and 1' % k)
                    setattr(self, k, v)
            for k in ('latency_ms', 'eventual_consistency_ms'):
                if k in cfg:
                    v = int(cfg[k])
                    if v < 0:
                        raise ValueError('%s must not be negative' % k)
                    setattr(self, k, v)
            if 'seed' in cfg:
                self._rng = random.Random(cfg['seed'])

    def describe(self):
        with self._lock:
            return {'throttle': self.throttle, 'error500': self.error500,
                    'latency_ms': self.latency_ms,
                    'eventual_consistency_ms': self.eventual_consistency_ms}

    def before_call(self, protocol):
        """Sleep and/or raise the fault chosen for this call (None: no fault)."""
        with self._lock:
            latency = self.latency_ms
            roll = self._rng.random()
            throttle, error500 = self.throttle, self.error500
        if latency:
            time.sleep(latency / 1000.0)
        if roll < throttle:
            code, msg, status = _THROTTLE[protocol]
            raise AwsError(code, msg, status)
        if roll < throttle + error500:
            code, msg, status = _INTERNAL[protocol]
            raise AwsError(code, msg, status, sender=False)

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

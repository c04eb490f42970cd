"""Identifiers, ARNs and small state helpers shared by every service.

AWS ids have a recognisable shape (`vpc-` + 17 hex digits, `sg-`, `rtbassoc-`,
...) and clients sometimes validate them, so ids are generated in that shape.
Randomness comes from one module-level generator that the control API can
reseed, which makes a run reproducible when a test asks for it.
"""

import random
import threading
import uuid

_rng = random.Random()
_rng_lock = threading.Lock()


def seed(value):
    """Make id generation reproducible (None = random again)."""
    with _rng_lock:
        _rng.seed(value)


def hex_digits(n):
    with _rng_lock:
        return ''.join(_rng.choice('0123456789abcdef') for _ in range(n))


def new_id(prefix, length=17):
    """An EC2-style id: 'vpc' -> 'vpc-0a1b2c3d4e5f67890'."""
    return '%s-%s' % (prefix, hex_digits(length))


def new_uuid():
    with _rng_lock:
        return str(uuid.UUID(int=_rng.getrandbits(128), version=4))


def request_id():
    return new_uuid()


def arn(service, region, account_id, resource):
    """arn:aws:<service>:<region>:<account>:<resource>."""
    return 'arn:aws:%s:%s:%s:%s' % (service, region, account_id, resource)


def tags_to_list(tags):
    """{'k': 'v'} -> [{'Key': 'k', 'Value': 'v'}] in stable order."""
    return [{'Key': k, 'Value': v} for k, v in sorted(tags.items())]


def tags_from_list(items):
    """[{'Key': 'k', 'Value': 'v'}] (either Key/Value or key/value) -> dict."""
    out = {}
    for t in items or []:
        k = t.get('Key', t.get('key'))
        v = t.get('Value', t.get('value', ''))
        if k is not None:
            out[k] = v if v is not None else ''
    return out

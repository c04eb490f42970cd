"""The networking part of the seed under faults, with our provider.

With the emulator throttling a share of calls and hiding new objects for a
while (eventual consistency), apply, re-plan and destroy must all still
succeed, and nothing may be left behind.  (500s are left out on purpose: a
create that has no idempotency token is not repeated after a 500, since
AWS may have acted on it; the client's unit tests cover that rule.)
"""
import os

from netkit import netenv  # noqa: F401  (fixture)
from tfharness import REPO

FAULTS = {'throttle': 0.25, 'eventual_consistency_ms': 500, 'seed': 7}


def network_config():
    with open(os.path.join(REPO, 'bench', 'network', 'main.tf')) as f:
        return f.read()


def test_network_apply_replan_destroy_under_faults(netenv):  # noqa: F811
    tf = netenv.terraform('ours', network_config(), provider_block=False)
    netenv.emu.faults(FAULTS)
    tf.apply()
    assert tf.plan_code() == 0
    tf.destroy()
    netenv.emu.faults({'throttle': 0, 'error500': 0, 'eventual_consistency_ms': 0})
    netenv.assert_empty()
    codes = {c.get('error_code') for c in netenv.emu.calls()}
    # the faults really happened and were retried through
    assert codes & {'RequestLimitExceeded', 'Throttling'}, codes

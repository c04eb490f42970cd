"""The networking part of the seed under faults, with our provider.

With the emulator throttling a share of calls, answering 500s both before
and after acting, and hiding new objects for a while (eventual
consistency), apply, re-plan and destroy must all still succeed, nothing
may be left behind, and no object may have been made twice: a create whose
attempt ended in a 500 is repeated with its token, or looked up first and
adopted if it acted (aws_create_once).  The whole deployment under every
fault is tests/e2e/test_create_once_faults.py.
"""
import os

from netkit import netenv  # noqa: F401  (fixture)
from tfharness import REPO

FAULTS = {'throttle': 0.25, 'error500': 0.05, 'error500_after': 0.05,
          'eventual_consistency_ms': 500, 'seed': 7}
# What bench/network/main.tf makes, per emulator type.
EXPECTED = {'ec2/vpcs': 1, 'ec2/subnets': 2, 'ec2/internet_gateways': 1,
            'ec2/route_tables': 1, 'ec2/security_groups': 2}


def network_config():
    with open(os.path.join(REPO, 'bench', 'network', 'main.tf')) as f:
        return f.read()


def test_network_apply_replan_destroy_under_faults(netenv):  # noqa: F811
    tf = netenv.terraform('ours', network_config(), provider_block=False)
    # shorter backoff than the SDKs' 1 s unit, so that the test stays quick
    tf.tfenv.update({'TFP_RETRY_BASE_DELAY_MS': '100', 'TFP_RETRY_MAX_BACKOFF_MS': '2000'})
    netenv.emu.faults(FAULTS)
    tf.apply()
    assert tf.plan_code() == 0
    tf.destroy()
    netenv.emu.faults({'throttle': 0, 'error500': 0, 'error500_after': 0,
                       'eventual_consistency_ms': 0})
    netenv.assert_empty()
    objects = netenv.emu._control('GET', 'objects')
    for kind, n in EXPECTED.items():
        assert objects.get(kind, {}).get('ever') == n, (kind, objects)
    codes = {c.get('error_code') for c in netenv.emu.calls()}
    # the faults really happened and were retried through
    assert codes & {'RequestLimitExceeded', 'Throttling'}, codes
    assert 'InternalError' in codes, codes

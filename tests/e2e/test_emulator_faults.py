"""The emulator's faults have the shape AWS gives them.

hashicorp/aws survives throttling, 500s and eventual consistency on real AWS
because it retries the errors AWS sends; if it also survives them here, the
emulator's faults look like AWS's (codes, statuses, "not found yet" right
after a create), and tests of our provider under faults mean something.

Slow (a full apply/destroy with faults): runs only with TFP_E2E_SLOW=1.
Run: TFP_E2E_SLOW=1 /usr/bin/python3 -m pytest tests/e2e/test_emulator_faults.py
"""

import os
import sys

import pytest

import tfharness

sys.path.insert(0, os.path.join(tfharness.REPO, 'tests', 'emulator'))
from awsclient import Client  # noqa: E402

pytestmark = pytest.mark.skipif(os.environ.get('TFP_E2E_SLOW') != '1',
                                reason='slow: set TFP_E2E_SLOW=1')

FAULTS = {'throttle': 0.05, 'error500': 0.02, 'latency_ms': 5,
          'eventual_consistency_ms': 300, 'seed': 42}


def test_lifecycle_under_faults(emulator, cli_config, make_terraform):
    client = Client(emulator.url, emulator.access_key, emulator.secret_key)
    image = client.call('ec2', 'DescribeImages', Owners=['amazon'])['Images'][0]['ImageId']
    emulator.faults(FAULTS)
    tf = make_terraform(os.path.join(tfharness.REPO, 'terraform'), emulator, cli_config,
                        tfvars={'ami_id': image})
    tf.run('init', '-no-color', '-input=false', timeout=120)
    tf.run('apply', '-auto-approve', '-no-color', '-input=false', timeout=600)
    tf.run('plan', '-detailed-exitcode', '-no-color', '-input=false', timeout=300)
    tf.run('destroy', '-auto-approve', '-no-color', '-input=false', timeout=600)
    assert emulator.state()['empty']
    codes = {c['error_code'] for c in emulator.calls()}
    # the faults really happened, and were retried through
    assert codes & {'RequestLimitExceeded', 'Throttling', 'ThrottlingException'}
    assert codes & {'InternalError', 'InternalFailure'}

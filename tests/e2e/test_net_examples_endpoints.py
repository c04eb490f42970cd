"""The examples of VPC endpoints and the ElastiCache / Redshift subnet groups
(examples/<type>/main.tf) apply with our provider against the emulator,
re-plan clean and destroy to nothing.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \
     /usr/bin/python3 -m pytest tests/e2e/test_net_examples_endpoints.py
"""
import os

import pytest

import tfharness
from netkit import netenv  # noqa: F401  (fixture)

# folder -> every type its configuration must manage
EXAMPLES = {
    'aws_vpc_endpoint': ('aws_vpc_endpoint', 'data.aws_vpc_endpoint_service'),
    'aws_elasticache_subnet_group': ('aws_elasticache_subnet_group',),
    'aws_redshift_subnet_group': ('aws_redshift_subnet_group',),
}


@pytest.mark.parametrize('folder', sorted(EXAMPLES))
def test_example(netenv, folder):
    path = os.path.join(tfharness.REPO, 'examples', folder)
    assert os.path.isfile(os.path.join(path, 'README.md'))
    with open(os.path.join(path, 'main.tf')) as f:
        text = f.read()
    tf = netenv.terraform('ours', text, provider_block=False)
    tf.apply()
    listed = tf.run('state', 'list').stdout.split()
    for type_name in EXAMPLES[folder]:
        assert any(a.startswith(type_name + '.') for a in listed), (type_name, listed)
    tf.assert_clean()
    tf.destroy()
    netenv.assert_empty()

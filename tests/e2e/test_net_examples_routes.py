"""The examples of aws_internet_gateway, aws_route_table,
aws_route_table_association, aws_route, aws_eip,
aws_egress_only_internet_gateway and aws_nat_gateway (examples/<type>/main.tf) apply with our
provider against the emulator, re-plan clean and destroy to nothing.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \
     /usr/bin/python3 -m pytest tests/e2e/test_net_examples_routes.py
"""
import os

import pytest

import tfharness
from netkit import netenv  # noqa: F401  (fixture)

TYPES = ('aws_internet_gateway', 'aws_route_table', 'aws_route_table_association', 'aws_route',
         'aws_eip', 'aws_egress_only_internet_gateway', 'aws_nat_gateway')


@pytest.mark.parametrize('type_name', TYPES)
def test_example(netenv, type_name):
    folder = os.path.join(tfharness.REPO, 'examples', type_name)
    assert os.path.isfile(os.path.join(folder, 'README.md'))
    with open(os.path.join(folder, 'main.tf')) as f:
        text = f.read()
    tf = netenv.terraform('ours', text, provider_block=False)
    tf.apply()
    assert any(addr.startswith(type_name + '.') for addr in tf.resources())
    tf.assert_clean()
    tf.destroy()
    netenv.assert_empty()

"""The examples of aws_vpc, aws_subnet and data "aws_availability_zones"
(examples/<type>/main.tf) apply with our provider against the emulator,
re-plan clean and destroy to nothing.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \
     /usr/bin/python3 -m pytest tests/e2e/test_net_examples_vpc.py
"""
import os

import pytest

import tfharness
from netkit import netenv  # noqa: F401  (fixture)

TYPES = ('aws_vpc', 'aws_subnet', 'aws_availability_zones')


@pytest.mark.parametrize('type_name', TYPES)
def test_example(netenv, type_name):
    folder = os.path.join(tfharness.REPO, 'examples', type_name)
    assert os.path.isfile(os.path.join(folder, 'README.md'))
    with open(os.path.join(folder, 'main.tf')) as f:
        text = f.read()
    tf = netenv.terraform('ours', text, provider_block=False)
    tf.apply()
    listed = tf.run('state', 'list').stdout.split()
    assert any(a.startswith(type_name + '.') or a.startswith('data.%s.' % type_name)
               for a in listed), listed
    tf.assert_clean()
    tf.destroy()
    netenv.assert_empty()

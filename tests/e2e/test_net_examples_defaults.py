"""The examples of aws_network_acl, aws_network_acl_rule,
aws_default_network_acl, aws_default_route_table and
aws_default_security_group (examples/<type>/main.tf) apply with our provider
against the emulator, re-plan clean and destroy to nothing (the default
objects go with their VPC).

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \
     /usr/bin/python3 -m pytest tests/e2e/test_net_examples_defaults.py
"""
import os

import pytest

import tfharness
from netkit import netenv  # noqa: F401  (fixture)

TYPES = ('aws_network_acl', 'aws_network_acl_rule', 'aws_default_network_acl',
         'aws_default_route_table', 'aws_default_security_group')


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


def test_example_default_vpc(netenv):
    """The default VPC example adopts the account's default VPC, re-plans
    clean, and destroy leaves that VPC where it was."""
    folder = os.path.join(tfharness.REPO, 'examples', 'aws_default_vpc')
    assert os.path.isfile(os.path.join(folder, 'README.md'))
    vpc = netenv.emu._control('POST', 'service/ec2/ensure-default-vpc', {})['VpcId']
    with open(os.path.join(folder, 'main.tf')) as f:
        tf = netenv.terraform('ours', f.read(), provider_block=False)
    tf.apply()
    assert tf.resources()['aws_default_vpc.default']['id'] == vpc
    tf.assert_clean()
    tf.destroy()
    assert netenv.state()['services']['ec2']['vpcs'] == [vpc]

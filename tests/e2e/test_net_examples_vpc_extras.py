"""The examples of the VPC's extras (examples/<type>/main.tf: DHCP options
and their association, a secondary IPv4 block, flow logs, VPN gateways with
an attachment and route propagation, a customer gateway, a managed prefix
list) apply with our provider against the emulator, re-plan clean and
destroy to nothing.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \
     /usr/bin/python3 -m pytest tests/e2e/test_net_examples_vpc_extras.py
"""
import os

import pytest

import tfharness
from netkit import netenv  # noqa: F401  (fixture)

# folder -> every type its configuration must manage
EXAMPLES = {
    'aws_vpc_dhcp_options': ('aws_vpc_dhcp_options', 'aws_vpc_dhcp_options_association'),
    'aws_vpc_ipv4_cidr_block_association': ('aws_vpc_ipv4_cidr_block_association',),
    'aws_flow_log': ('aws_flow_log',),
    'aws_vpn_gateway': ('aws_vpn_gateway', 'aws_vpn_gateway_attachment',
                        'aws_vpn_gateway_route_propagation'),
    'aws_customer_gateway': ('aws_customer_gateway',),
    'aws_ec2_managed_prefix_list': ('aws_ec2_managed_prefix_list',),
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

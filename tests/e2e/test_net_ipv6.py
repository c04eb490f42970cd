"""IPv6 and IPAM arguments of aws_vpc / aws_subnet end to end with our
provider against the emulator: a dual-stack subnet (a /64 carved out of the
VPC's Amazon-provided /56) with its IPv6 settings, changed in place; and a
VPC whose IPv4 and IPv6 blocks come from IPAM pools created beforehand with
signed calls.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \\
     /usr/bin/python3 -m pytest tests/e2e/test_net_ipv6.py
"""
import ipaddress

from netkit import netenv  # noqa: F401  (fixture)


def dual_stack_tf(assign6='true', dns64='true', aaaa='true'):
    return '''
resource "aws_vpc" "v" {
  cidr_block                       = "10.0.0.0/16"
  assign_generated_ipv6_cidr_block = true
}

resource "aws_subnet" "s" {
  vpc_id                                         = aws_vpc.v.id
  cidr_block                                     = "10.0.1.0/24"
  availability_zone                              = "us-east-1a"
  ipv6_cidr_block                                = cidrsubnet(aws_vpc.v.ipv6_cidr_block, 8, 1)
  assign_ipv6_address_on_creation                = %s
  enable_dns64                                   = %s
  enable_resource_name_dns_aaaa_record_on_launch = %s
}
''' % (assign6, dns64, aaaa)


def test_subnet_ipv6(netenv):
    env = netenv
    tf = env.terraform('ours', dual_stack_tf())
    tf.apply()
    r = tf.resources()
    v, s = r['aws_vpc.v'], r['aws_subnet.s']
    vnet = ipaddress.ip_network(v['ipv6_cidr_block'])
    snet = ipaddress.ip_network(s['ipv6_cidr_block'])
    assert vnet.prefixlen == 56 and snet.prefixlen == 64 and snet.subnet_of(vnet)
    assert s['ipv6_cidr_block_association_id'].startswith('subnet-cidr-assoc-')
    assert s['assign_ipv6_address_on_creation'] is True
    assert s['enable_dns64'] is True
    assert s['enable_resource_name_dns_aaaa_record_on_launch'] is True
    assert s['ipv6_native'] is False
    got = env.ec2('DescribeSubnets', SubnetIds=[s['id']])['Subnets'][0]
    assert [a['Ipv6CidrBlock'] for a in got['Ipv6CidrBlockAssociationSet']] == [str(snet)]
    assert got['EnableDns64'] is True and got['AssignIpv6AddressOnCreation'] is True
    tf.assert_clean()

    # one IPv6 setting toggled in place
    tf.write(dual_stack_tf(dns64='false'))
    code, out = tf.plan()
    assert code == 2 and 'must be replaced' not in out and 'update in-place' in out, out
    tf.apply()
    s2 = tf.resources()['aws_subnet.s']
    assert s2['id'] == s['id'] and s2['enable_dns64'] is False
    assert s2['assign_ipv6_address_on_creation'] is True
    got = env.ec2('DescribeSubnets', SubnetIds=[s['id']])['Subnets'][0]
    assert got['EnableDns64'] is False
    tf.assert_clean()

    tf.destroy()
    env.assert_empty()


def test_subnet_ipv6_rejected_outside_vpc_block(netenv):
    """The emulator, like EC2, only takes a /64 of the VPC's own block."""
    env = netenv
    vpc = env.ec2('CreateVpc', CidrBlock='10.1.0.0/16', AmazonProvidedIpv6CidrBlock=True)['Vpc']
    block = ipaddress.ip_network(vpc['Ipv6CidrBlockAssociationSet'][0]['Ipv6CidrBlock'])
    for bad in ('2001:db8::/64', str(next(block.subnets(new_prefix=60)))):
        try:
            env.ec2('CreateSubnet', VpcId=vpc['VpcId'], CidrBlock='10.1.1.0/24',
                    Ipv6CidrBlock=bad)
        except Exception as e:  # AwsCallError
            assert 'InvalidSubnet.Range' in str(e) or getattr(e, 'code', '') == \
                'InvalidSubnet.Range', e
        else:
            raise AssertionError('CreateSubnet accepted %s' % bad)
    env.ec2('DeleteVpc', VpcId=vpc['VpcId'])


IPAM_TF = '''
resource "aws_vpc" "v" {
  ipv4_ipam_pool_id   = "%s"
  ipv4_netmask_length = 24
  ipv6_ipam_pool_id   = "%s"
  ipv6_netmask_length = 56
}
'''


def test_vpc_from_ipam_pools(netenv):
    env = netenv
    ipam = env.ec2('CreateIpam', OperatingRegions=[{'RegionName': 'us-east-1'}])['Ipam']
    scope = ipam['PrivateDefaultScopeId']
    pools = {}
    for family, cidr in (('ipv4', '10.50.0.0/16'), ('ipv6', '2600:1f18:abcd::/48')):
        pool = env.ec2('CreateIpamPool', IpamScopeId=scope, AddressFamily=family,
                       Locale='us-east-1')['IpamPool']
        env.ec2('ProvisionIpamPoolCidr', IpamPoolId=pool['IpamPoolId'], Cidr=cidr)
        pools[family] = pool['IpamPoolId']

    tf = env.terraform('ours', IPAM_TF % (pools['ipv4'], pools['ipv6']))
    tf.apply()
    v = tf.resources()['aws_vpc.v']
    assert v['cidr_block'] == '10.50.0.0/24'
    assert v['ipv4_ipam_pool_id'] == pools['ipv4'] and v['ipv4_netmask_length'] == 24
    assert ipaddress.ip_network(v['ipv6_cidr_block']).subnet_of(
        ipaddress.ip_network('2600:1f18:abcd::/48'))
    assert v['ipv6_ipam_pool_id'] == pools['ipv6'] and v['ipv6_netmask_length'] == 56
    assert v['assign_generated_ipv6_cidr_block'] is False
    allocs = env.ec2('GetIpamPoolAllocations', IpamPoolId=pools['ipv4'])['IpamPoolAllocations']
    assert [(a['ResourceId'], a['Cidr']) for a in allocs] == [(v['id'], '10.50.0.0/24')]
    tf.assert_clean()

    tf.destroy()
    for pool in pools.values():
        assert env.ec2('GetIpamPoolAllocations', IpamPoolId=pool)['IpamPoolAllocations'] == []
        env.ec2('DeleteIpamPool', IpamPoolId=pool)
    assert env.ec2('DescribeIpamPools')['IpamPools'] == []
    env.ec2('DeleteIpam', IpamId=ipam['IpamId'])
    env.assert_empty()

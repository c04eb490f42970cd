"""aws_vpc end to end with our provider against the emulator, in the style
of Terraform's acceptance tests: create, re-plan clean, change attributes
in place, replace on a new CIDR block and on a tenancy change, import,
drift made behind Terraform's back, eventual consistency, destroy, and
nothing left behind.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \\
     /usr/bin/python3 -m pytest tests/e2e/test_net_vpc.py
"""
from netkit import netenv  # noqa: F401  (fixture)


def vpc_tf(cidr='10.0.0.0/16', tags=None, extra=''):
    lines = ['resource "aws_vpc" "v" {', '  cidr_block = "%s"' % cidr]
    if tags:
        lines.append('  tags = {%s}' % ', '.join('%s = "%s"' % kv for kv in tags.items()))
    lines.append(extra)
    lines.append('}')
    return '\n'.join(lines) + '\n'


def vpc_attr(env, vpc_id, attr):
    out = env.ec2('DescribeVpcAttribute', VpcId=vpc_id, Attribute=attr)
    return out[attr[0].upper() + attr[1:]]['Value']


def test_vpc_lifecycle(netenv):
    env = netenv
    tf = env.terraform('ours', vpc_tf(tags={'Name': 'a'}))
    tf.apply()
    v = tf.resources()['aws_vpc.v']
    vid = v['id']
    assert vid.startswith('vpc-')
    assert v['arn'] == 'arn:aws:ec2:us-east-1:%s:vpc/%s' % (v['owner_id'], vid)
    assert v['cidr_block'] == '10.0.0.0/16'
    assert v['enable_dns_support'] is True and v['enable_dns_hostnames'] is False
    assert v['enable_network_address_usage_metrics'] is False
    assert v['instance_tenancy'] == 'default'
    assert v['assign_generated_ipv6_cidr_block'] is False
    assert v['ipv6_cidr_block'] == '' and v['ipv6_association_id'] == ''
    assert v['ipv4_ipam_pool_id'] is None and v['ipv6_netmask_length'] == 0
    assert v['main_route_table_id'].startswith('rtb-')
    assert v['default_route_table_id'] == v['main_route_table_id']
    assert v['default_security_group_id'].startswith('sg-')
    assert v['default_network_acl_id'].startswith('acl-')
    assert v['dhcp_options_id'].startswith('dopt-')
    assert v['tags'] == {'Name': 'a'} and v['tags_all'] == {'Name': 'a'}
    st = env.state()['services']['ec2']
    assert st['_implicit']['main_route_tables'] == [v['main_route_table_id']]
    tf.assert_clean()

    # attributes and tags change in place
    tf.write(vpc_tf(tags={'Name': 'b', 'Env': 'test'}, extra=(
        '  enable_dns_hostnames = true\n  enable_network_address_usage_metrics = true')))
    code, out = tf.plan()
    assert code == 2 and 'update in-place' in out and 'must be replaced' not in out
    tf.apply()
    v = tf.resources()['aws_vpc.v']
    assert v['id'] == vid and v['enable_dns_hostnames'] is True
    assert v['enable_network_address_usage_metrics'] is True
    assert v['tags'] == {'Name': 'b', 'Env': 'test'}
    assert vpc_attr(env, vid, 'enableDnsHostnames') is True
    assert vpc_attr(env, vid, 'enableNetworkAddressUsageMetrics') is True
    tf.assert_clean()

    # DNS support off (host names first)
    tf.write(vpc_tf(tags={'Name': 'b', 'Env': 'test'}, extra=(
        "  enable_dns_support = false\n  enable_dns_hostnames = false")))
    tf.apply()
    v = tf.resources()['aws_vpc.v']
    assert v['enable_dns_support'] is False and v['enable_dns_hostnames'] is False
    assert vpc_attr(env, vid, 'enableDnsSupport') is False
    tf.assert_clean()

    # a new CIDR block replaces the VPC
    tf.write(vpc_tf('10.1.0.0/16', tags={'Name': 'b'}))
    code, out = tf.plan()
    assert code == 2 and 'must be replaced' in out and 'cidr_block' in out
    tf.apply()
    v = tf.resources()['aws_vpc.v']
    assert v['id'] != vid and v['cidr_block'] == '10.1.0.0/16'
    assert env.state()['services']['ec2']['vpcs'] == [v['id']]
    vid = v['id']
    tf.assert_clean()

    # import reproduces the same state
    before = tf.resources()['aws_vpc.v']
    tf.state_rm('aws_vpc.v')
    tf.import_('aws_vpc.v', vid)
    assert tf.resources()['aws_vpc.v'] == before
    tf.assert_clean()

    # default_tags reach tags_all only
    tf.write(vpc_tf('10.1.0.0/16', tags={'Name': 'b'}))
    with open(tf.dir + '/main.tf') as f:
        text = f.read()
    with open(tf.dir + '/main.tf', 'w') as f:
        f.write(text.replace('region = "us-east-1"', 'region = "us-east-1"\n  default_tags {\n'
                             '    tags = {Team = "net"}\n  }'))
    tf.apply()
    v = tf.resources()['aws_vpc.v']
    assert v['tags'] == {'Name': 'b'} and v['tags_all'] == {'Name': 'b', 'Team': 'net'}
    tf.assert_clean()

    tf.destroy()
    env.assert_empty()


def test_vpc_tenancy(netenv):
    """default -> dedicated replaces; dedicated -> default is ModifyVpcTenancy."""
    env = netenv
    tf = env.terraform('ours', vpc_tf())
    tf.apply()
    vid = tf.resources()['aws_vpc.v']['id']
    tf.write(vpc_tf(extra='  instance_tenancy = "dedicated"'))
    code, out = tf.plan()
    assert code == 2 and 'must be replaced' in out and 'instance_tenancy' in out
    tf.apply()
    v = tf.resources()['aws_vpc.v']
    assert v['id'] != vid and v['instance_tenancy'] == 'dedicated'
    vid = v['id']
    tf.assert_clean()
    tf.write(vpc_tf(extra='  instance_tenancy = "default"'))
    code, out = tf.plan()
    assert code == 2 and 'update in-place' in out and 'must be replaced' not in out
    tf.apply()
    v = tf.resources()['aws_vpc.v']
    assert v['id'] == vid and v['instance_tenancy'] == 'default'
    assert env.ec2('DescribeVpcs', VpcIds=[vid])['Vpcs'][0]['InstanceTenancy'] == 'default'
    tf.assert_clean()
    tf.destroy()
    env.assert_empty()


def test_vpc_drift(netenv):
    env = netenv
    # enable_dns_hostnames is Optional+Computed: only a configured value is
    # enforced against changes made outside Terraform
    tf = env.terraform('ours', vpc_tf(tags={'Name': 'a'}, extra='  enable_dns_hostnames = false'))
    tf.apply()
    vid = tf.resources()['aws_vpc.v']['id']

    # a tag changed behind Terraform's back
    env.ec2('CreateTags', Resources=[vid], Tags=[{'Key': 'Name', 'Value': 'changed'}])
    code, out = tf.plan()
    assert code == 2 and '"changed" -> "a"' in out
    tf.apply()
    tf.assert_clean()

    # an attribute changed behind Terraform's back
    env.ec2('ModifyVpcAttribute', VpcId=vid, EnableDnsHostnames={'Value': True})
    code, out = tf.plan()
    assert code == 2 and 'enable_dns_hostnames' in out
    tf.apply()
    assert vpc_attr(env, vid, 'enableDnsHostnames') is False
    tf.assert_clean()

    # deleted behind Terraform's back: planned for creation again
    env.ec2('DeleteVpc', VpcId=vid)
    code, out = tf.plan()
    assert code == 2 and 'will be created' in out
    tf.apply()
    assert tf.resources()['aws_vpc.v']['id'] != vid
    tf.assert_clean()
    tf.destroy()
    env.assert_empty()


def test_vpc_eventual_consistency(netenv):
    """New ids stay invisible for a while: create must wait, not fail."""
    env = netenv
    env.emu.faults({'eventual_consistency_ms': 1500, 'seed': 7})
    tf = env.terraform('ours', vpc_tf(extra='  enable_dns_hostnames = true'))
    tf.apply()
    v = tf.resources()['aws_vpc.v']
    assert v['enable_dns_hostnames'] is True and v['main_route_table_id'].startswith('rtb-')
    tf.assert_clean()
    tf.destroy()
    env.emu.faults({})
    env.assert_empty()


def test_vpc_delete_waits_for_dependencies(netenv):
    """DependencyViolation is retried: a subnet removed while the delete
    waits lets it finish."""
    import threading
    import time
    env = netenv
    tf = env.terraform('ours', vpc_tf())
    tf.apply()
    vid = tf.resources()['aws_vpc.v']['id']
    sid = env.ec2('CreateSubnet', VpcId=vid, CidrBlock='10.0.1.0/24')['Subnet']['SubnetId']

    def later():
        # Remove the subnet only once the delete has met it, however long
        # terraform takes to get there.
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            if any(c['operation'] == 'DeleteVpc' and c['error_code'] == 'DependencyViolation'
                   for c in env.emu.calls()):
                break
            time.sleep(0.2)
        env.ec2('DeleteSubnet', SubnetId=sid)
    t = threading.Thread(target=later)
    t.start()
    tf.destroy()
    t.join()
    calls = [c for c in env.emu.calls() if c['operation'] == 'DeleteVpc']
    assert any(c['error_code'] == 'DependencyViolation' for c in calls)
    assert calls[-1]['status'] == 200
    env.assert_empty()


def test_vpc_amazon_ipv6(netenv):
    """assign_generated_ipv6_cidr_block: an Amazon /56 on create, dropped
    and requested again in place."""
    env = netenv
    tf = env.terraform('ours', vpc_tf(extra='  assign_generated_ipv6_cidr_block = true'))
    tf.apply()
    v = tf.resources()['aws_vpc.v']
    vid = v['id']
    assert v['assign_generated_ipv6_cidr_block'] is True
    assert v['ipv6_cidr_block'].endswith('::/56')
    assert v['ipv6_association_id'].startswith('vpc-cidr-assoc-')
    assert v['ipv6_cidr_block_network_border_group'] == 'us-east-1'
    assert v['ipv6_ipam_pool_id'] == '' and v['ipv6_netmask_length'] == 0
    tf.assert_clean()

    tf.write(vpc_tf(extra='  assign_generated_ipv6_cidr_block = false'))
    code, out = tf.plan()
    assert code == 2 and 'update in-place' in out and 'must be replaced' not in out
    tf.apply()
    v = tf.resources()['aws_vpc.v']
    assert v['id'] == vid and v['ipv6_cidr_block'] == '' and v['ipv6_association_id'] == ''
    assert not env.ec2('DescribeVpcs', VpcIds=[vid])['Vpcs'][0].get(
        'Ipv6CidrBlockAssociationSet')
    tf.assert_clean()

    tf.write(vpc_tf(extra='  assign_generated_ipv6_cidr_block = true'))
    tf.apply()
    v = tf.resources()['aws_vpc.v']
    assert v['id'] == vid and v['ipv6_cidr_block'].endswith('::/56')
    tf.assert_clean()

    before = v
    tf.state_rm('aws_vpc.v')
    tf.import_('aws_vpc.v', vid)
    assert tf.resources()['aws_vpc.v'] == before
    tf.assert_clean()
    tf.destroy()
    env.assert_empty()

"""aws_subnet end to end with our provider against the emulator, in the
style of Terraform's acceptance tests: create, re-plan clean, attributes
changed in place (one ModifySubnetAttribute each), replacement on a new
CIDR block or zone, import, drift, a failure half-way through create that
keeps the id, DependencyViolation on delete retried until the timeout,
destroy, and nothing left behind.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \\
     /usr/bin/python3 -m pytest tests/e2e/test_net_subnet.py
"""
from netkit import netenv  # noqa: F401  (fixture)

VPC_TF = '''
resource "aws_vpc" "v" {
  cidr_block = "10.0.0.0/16"
}
'''


def subnet_tf(cidr='10.0.1.0/24', zone='availability_zone = "us-east-1a"', tags=None,
              extra=''):
    lines = ['resource "aws_subnet" "s" {', '  vpc_id = aws_vpc.v.id',
             '  cidr_block = "%s"' % cidr, '  ' + zone]
    if tags:
        lines.append('  tags = {%s}' % ', '.join('%s = "%s"' % kv for kv in tags.items()))
    lines.append(extra)
    lines.append('}')
    return VPC_TF + '\n'.join(lines) + '\n'


def described(env, sid):
    return env.ec2('DescribeSubnets', SubnetIds=[sid])['Subnets'][0]


def test_subnet_lifecycle(netenv):
    env = netenv
    tf = env.terraform('ours', subnet_tf(tags={'Name': 'a'}))
    tf.apply()
    r = tf.resources()
    s, vpc = r['aws_subnet.s'], r['aws_vpc.v']
    sid = s['id']
    assert sid.startswith('subnet-') and s['vpc_id'] == vpc['id']
    assert s['arn'] == 'arn:aws:ec2:us-east-1:%s:subnet/%s' % (s['owner_id'], sid)
    assert s['availability_zone'] == 'us-east-1a' and s['availability_zone_id'] == 'use1-az1'
    assert s['cidr_block'] == '10.0.1.0/24'
    assert s['map_public_ip_on_launch'] is False
    assert s['private_dns_hostname_type_on_launch'] == 'ip-name'
    assert s['ipv6_cidr_block'] == '' and s['outpost_arn'] == ''
    assert s['enable_lni_at_device_index'] == 0
    assert s['tags'] == {'Name': 'a'} and s['tags_all'] == {'Name': 'a'}
    assert s['timeouts'] is None
    tf.assert_clean()

    # attributes, tags and timeouts change in place
    tf.write(subnet_tf(tags={'Name': 'b'}, extra=(
        '  map_public_ip_on_launch = true\n'
        '  private_dns_hostname_type_on_launch = "resource-name"\n'
        '  enable_resource_name_dns_a_record_on_launch = true\n'
        '  timeouts {\n    delete = "5m"\n  }')))
    code, out = tf.plan()
    assert code == 2 and 'update in-place' in out and 'must be replaced' not in out
    tf.apply()
    s = tf.resources()['aws_subnet.s']
    assert s['id'] == sid and s['map_public_ip_on_launch'] is True
    assert s['private_dns_hostname_type_on_launch'] == 'resource-name'
    assert s['enable_resource_name_dns_a_record_on_launch'] is True
    assert s['tags'] == {'Name': 'b'}
    assert s['timeouts'] == {'create': None, 'delete': '5m'}
    d = described(env, sid)
    assert d['MapPublicIpOnLaunch'] is True
    assert d['PrivateDnsNameOptionsOnLaunch']['HostnameType'] == 'resource-name'
    tf.assert_clean()

    # back off again
    tf.write(subnet_tf(tags={'Name': 'b'}))
    tf.apply()
    s = tf.resources()['aws_subnet.s']
    assert s['map_public_ip_on_launch'] is False
    assert s['enable_resource_name_dns_a_record_on_launch'] is False
    # Optional+Computed: left out of config, the last value stays
    assert s['private_dns_hostname_type_on_launch'] == 'resource-name'
    assert described(env, sid)['MapPublicIpOnLaunch'] is False
    tf.assert_clean()

    # a new CIDR block replaces the subnet
    tf.write(subnet_tf('10.0.2.0/24', tags={'Name': 'b'}))
    code, out = tf.plan()
    assert code == 2 and 'must be replaced' in out
    tf.apply()
    s = tf.resources()['aws_subnet.s']
    assert s['id'] != sid and s['cidr_block'] == '10.0.2.0/24'
    sid = s['id']
    tf.assert_clean()

    # so does another zone, given by id
    tf.write(subnet_tf('10.0.2.0/24', 'availability_zone_id = "use1-az3"', tags={'Name': 'b'}))
    code, out = tf.plan()
    assert code == 2 and 'must be replaced' in out
    tf.apply()
    s = tf.resources()['aws_subnet.s']
    assert s['id'] != sid and s['availability_zone'] == 'us-east-1c'
    sid = s['id']
    tf.assert_clean()

    # import reproduces the same state
    before = tf.resources()['aws_subnet.s']
    tf.state_rm('aws_subnet.s')
    tf.import_('aws_subnet.s', sid)
    assert tf.resources()['aws_subnet.s'] == before
    tf.assert_clean()

    tf.destroy()
    env.assert_empty()


def test_subnet_drift(netenv):
    env = netenv
    tf = env.terraform('ours', subnet_tf(tags={'Name': 'a'}))
    tf.apply()
    sid = tf.resources()['aws_subnet.s']['id']

    env.ec2('ModifySubnetAttribute', SubnetId=sid, MapPublicIpOnLaunch={'Value': True})
    env.ec2('DeleteTags', Resources=[sid], Tags=[{'Key': 'Name'}])
    code, out = tf.plan()
    assert code == 2 and 'map_public_ip_on_launch' in out and '"Name" = "a"' in out
    tf.apply()
    assert described(env, sid)['MapPublicIpOnLaunch'] is False
    tf.assert_clean()

    # deleted behind Terraform's back: planned for creation again
    env.ec2('DeleteSubnet', SubnetId=sid)
    code, out = tf.plan()
    assert code == 2 and 'aws_subnet.s will be created' in out
    tf.apply()
    assert tf.resources()['aws_subnet.s']['id'] != sid
    tf.assert_clean()
    tf.destroy()
    env.assert_empty()


def test_subnet_partial_create_keeps_id(netenv):
    """DNS64 needs an IPv6 block: the attribute call after CreateSubnet
    fails, and the subnet stays in state (tainted) instead of orphaned."""
    env = netenv
    tf = env.terraform('ours', subnet_tf(extra='  enable_dns64 = true'))
    p = tf.run('apply', '-auto-approve', '-input=false', ok=(1,))
    assert 'modifying EC2 Subnet' in p.stdout + p.stderr
    s = tf.resources()['aws_subnet.s']
    assert s['id'].startswith('subnet-')
    assert env.state()['services']['ec2']['subnets'] == [s['id']]
    code, out = tf.plan()
    assert code == 2 and 'tainted' in out
    tf.write(subnet_tf())
    tf.apply()
    assert tf.resources()['aws_subnet.s']['id'] != s['id']
    tf.assert_clean()
    tf.destroy()
    env.assert_empty()


def test_subnet_dependency_violation_times_out(netenv):
    """A network interface left in the subnet: DeleteSubnet keeps answering
    DependencyViolation, retried until timeouts.delete, then a clear error."""
    env = netenv
    tf = env.terraform('ours', subnet_tf(extra='  timeouts {\n    delete = "3s"\n  }'))
    tf.apply()
    sid = tf.resources()['aws_subnet.s']['id']
    eni = env.ec2('CreateNetworkInterface', SubnetId=sid)['NetworkInterface']
    p = tf.run('destroy', '-auto-approve', '-input=false', ok=(1,))
    text = p.stdout + p.stderr
    assert 'deleting EC2 Subnet (%s)' % sid in text and 'DependencyViolation' in text
    calls = [c for c in env.emu.calls() if c['operation'] == 'DeleteSubnet']
    assert len(calls) >= 2
    assert tf.resources()['aws_subnet.s']['id'] == sid
    env.ec2('DeleteNetworkInterface', NetworkInterfaceId=eni['NetworkInterfaceId'])
    tf.destroy()
    env.assert_empty()

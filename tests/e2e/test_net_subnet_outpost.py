"""aws_subnet on an Outpost, end to end: outpost_arn, customer_owned_ipv4_pool,
map_customer_owned_ip_on_launch and enable_lni_at_device_index.  The
emulator knows one Outpost (op-0a1b2c3d4e5f60718, the local gateway's),
anchored in us-east-1a, with one customer-owned pool.

With our provider: create, re-plan clean, the two switches changed in place
and re-planned clean, import, destroy, nothing left.  Then the same
configuration applied by hashicorp/aws 5.100.0 against its own emulator must
give the same state, generated ids aside.

Run: TFP_PROVIDER_BIN=build/terraform-provider-aws \\
     /usr/bin/python3 -m pytest tests/e2e/test_net_subnet_outpost.py
"""
import json
import os

from netkit import NetEnv, diff, netenv, normalise  # noqa: F401  (fixture)

OUTPOST = 'op-0a1b2c3d4e5f60718'
POOL = 'ipv4pool-coip-0a1b2c3d4e5f60718'
ZONE = 'us-east-1a'   # where the emulator keeps its Outpost


def outpost_tf(map_coip=True, lni=1):
    return '''
resource "aws_vpc" "v" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "s" {
  vpc_id                          = aws_vpc.v.id
  cidr_block                      = "10.0.1.0/24"
  availability_zone               = "%s"
  outpost_arn                     = "arn:aws:outposts:us-east-1:${aws_vpc.v.owner_id}:outpost/%s"
  customer_owned_ipv4_pool        = "%s"
  map_customer_owned_ip_on_launch = %s
  enable_lni_at_device_index      = %d
  tags = {
    Name = "outpost"
  }
}
''' % (ZONE, OUTPOST, POOL, 'true' if map_coip else 'false', lni)


def subnet_of(tf):
    return tf.resources()['aws_subnet.s']


def test_outpost_subnet_lifecycle(netenv):
    env = netenv
    tf = env.terraform('ours', outpost_tf())
    tf.apply()
    s = subnet_of(tf)
    sid = s['id']
    arn = 'arn:aws:outposts:us-east-1:%s:outpost/%s' % (s['owner_id'], OUTPOST)
    assert s['outpost_arn'] == arn and s['availability_zone'] == ZONE
    assert s['customer_owned_ipv4_pool'] == POOL
    assert s['map_customer_owned_ip_on_launch'] is True
    assert s['enable_lni_at_device_index'] == 1
    d = env.ec2('DescribeSubnets', SubnetIds=[sid])['Subnets'][0]
    assert d['OutpostArn'] == arn and d['CustomerOwnedIpv4Pool'] == POOL
    assert d['MapCustomerOwnedIpOnLaunch'] is True and d['EnableLniAtDeviceIndex'] == 1
    tf.assert_clean()

    # both switches change in place
    tf.write(outpost_tf(map_coip=False, lni=2))
    code, out = tf.plan()
    assert code == 2 and 'update in-place' in out and 'must be replaced' not in out
    tf.apply()
    s = subnet_of(tf)
    assert s['id'] == sid and s['map_customer_owned_ip_on_launch'] is False
    assert s['enable_lni_at_device_index'] == 2 and s['customer_owned_ipv4_pool'] == POOL
    d = env.ec2('DescribeSubnets', SubnetIds=[sid])['Subnets'][0]
    assert d['MapCustomerOwnedIpOnLaunch'] is False and d['EnableLniAtDeviceIndex'] == 2
    tf.assert_clean()

    # import reproduces the state
    before = subnet_of(tf)
    tf.state_rm('aws_subnet.s')
    tf.import_('aws_subnet.s', sid)
    assert subnet_of(tf) == before
    tf.assert_clean()

    tf.destroy()
    env.assert_empty()


def _shown(tf):
    doc = json.loads(tf.run('show', '-json').stdout)
    return {r['address']: r['values']
            for r in doc.get('values', {}).get('root_module', {}).get('resources', [])}


def test_outpost_subnet_parity(tmp_path):
    envs = {w: NetEnv(os.path.join(str(tmp_path), w)) for w in ('ours', 'hashicorp')}
    try:
        tfs = {w: envs[w].terraform(w, outpost_tf()) for w in envs}
        states = {}
        for w, tf in tfs.items():
            tf.apply()
            tf.assert_clean()
            states[w] = _shown(tf)
        assert sorted(states['ours']) == sorted(states['hashicorp'])
        problems = diff(normalise(states['ours'], {}), normalise(states['hashicorp'], {}))
        assert not problems, 'state differs from hashicorp/aws:\n' + '\n'.join(problems)
        for w, tf in tfs.items():
            tf.destroy()
            envs[w].assert_empty()
    finally:
        for env in envs.values():
            env.close()

"""data "aws_availability_zones" end to end with our provider against the
emulator: zones sorted by name, parallel names/zone_ids, exclusions applied
client-side, state and filter blocks sent as server-side filters,
all_availability_zones including Local Zones, and a clean re-plan.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \\
     /usr/bin/python3 -m pytest tests/e2e/test_net_azs.py
"""
import json

from netkit import netenv  # noqa: F401  (fixture)

AZS_TF = '''
data "aws_availability_zones" "all" {}

data "aws_availability_zones" "available" {
  state         = "available"
  exclude_names = ["us-east-1b"]
}

data "aws_availability_zones" "by_id" {
  exclude_zone_ids = ["use1-az1", "use1-az6"]
  filter {
    name   = "zone-type"
    values = ["availability-zone"]
  }
}

data "aws_availability_zones" "local" {
  all_availability_zones = true
  filter {
    name   = "opt-in-status"
    values = ["not-opted-in", "opted-in"]
  }
}

output "all" { value = data.aws_availability_zones.all }
output "available" { value = data.aws_availability_zones.available }
output "by_id" { value = data.aws_availability_zones.by_id }
output "local" { value = data.aws_availability_zones.local }
'''

ZONES = ['us-east-1%s' % c for c in 'abcdef']
IDS = ['use1-az%d' % i for i in range(1, 7)]


def test_availability_zones(netenv):
    env = netenv
    tf = env.terraform('ours', AZS_TF)
    tf.apply()
    out = {k: v['value'] for k, v in json.loads(tf.run('output', '-json').stdout).items()}

    a = out['all']
    assert a['id'] == 'us-east-1'
    assert a['names'] == ZONES and a['zone_ids'] == IDS
    assert a['group_names'] == ['us-east-1']
    assert a['filter'] is None and a['state'] is None and a['exclude_names'] is None
    assert a['all_availability_zones'] is None and a['timeouts'] is None

    av = out['available']
    assert av['names'] == [z for z in ZONES if z != 'us-east-1b']
    assert av['zone_ids'] == [i for i in IDS if i != 'use1-az2']
    assert av['exclude_names'] == ['us-east-1b'] and av['state'] == 'available'

    b = out['by_id']
    assert b['zone_ids'] == IDS[1:5] and b['names'] == ZONES[1:5]
    assert b['filter'] == [{'name': 'zone-type', 'values': ['availability-zone']}]

    lz = out['local']
    assert lz['names'] == ['us-east-1-bos-1a', 'us-east-1-mia-1a']
    assert lz['zone_ids'] == ['use1-bos-lz1', 'use1-mia-lz2']
    assert sorted(lz['group_names']) == ['us-east-1-bos-1', 'us-east-1-mia-1']

    calls = [c for c in env.emu.calls() if c['operation'] == 'DescribeAvailabilityZones']
    assert calls and all(c['status'] == 200 for c in calls)
    tf.assert_clean()
    tf.destroy()
    env.assert_empty()


def test_availability_zones_bad_filter(netenv):
    """An AWS error reaches the user as a diagnostic naming the call."""
    env = netenv
    tf = env.terraform('ours', '''
data "aws_availability_zones" "x" {
  filter {
    name   = "no-such-filter"
    values = ["x"]
  }
}
''')
    p = tf.run('plan', '-input=false', ok=(1,))
    text = p.stdout + p.stderr
    assert 'reading EC2 Availability Zones: InvalidParameterValue' in text
    assert 'no-such-filter' in text

"""aws_elasticache_subnet_group and aws_redshift_subnet_group, end to end, as
the vpc module creates them (elasticache_subnets / redshift_subnets): a
group over two subnets with a description and tags, an ElastiCache name
with capitals (folded to lower case, as ElastiCache and hashicorp/aws do),
and a Redshift group left on the default description.

  * ours: apply (what ElastiCache and Redshift hold), clean re-plan, an
    in-place update (description, one more subnet, tags), drift
    (descriptions and subnets changed behind Terraform's back), import of both
    with import blocks and a clean plan after, a bad Redshift name refused
    at the attribute, destroy leaving no group.
  * parity: the same configuration planned and applied with hashicorp/aws
    5.100.0 against a fresh emulator gives the same plan and state.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \\
     /usr/bin/python3 -m pytest tests/e2e/test_subnet_groups.py
"""
import json

import netkit
from netkit import NetEnv

ADDRS = ('aws_elasticache_subnet_group.this', 'aws_redshift_subnet_group.this')


def config(desc='cache subnets', subnets='[var.t.a, var.t.b]', tag='a', extra=''):
    return '''
variable "t" {
  type = map(string)
}

resource "aws_elasticache_subnet_group" "this" {
  name        = "My-Cache-Subnets"
  description = "%(desc)s"
  subnet_ids  = %(subnets)s
  tags = {
    Name = "cache-%(tag)s"
  }
}

resource "aws_redshift_subnet_group" "this" {
  name       = "my-redshift-subnets"
  subnet_ids = %(subnets)s
  tags = {
    Name = "redshift-%(tag)s"
  }
}
%(extra)s''' % dict(desc=desc, subnets=subnets, tag=tag, extra=extra)


CONFIG = config()
UPDATED = config(desc='cache subnets v2', subnets='[var.t.a, var.t.b, var.t.c]', tag='b')

BAD = '''
resource "aws_redshift_subnet_group" "bad" {
  name       = "Bad_Name"
  subnet_ids = ["subnet-0123456789abcdef0"]
}
'''


def targets(env):
    ec2 = env.ec2
    t = {'vpc': ec2('CreateVpc', CidrBlock='10.0.0.0/16')['Vpc']['VpcId']}
    for key, cidr, zone in (('a', '10.0.1.0/24', 'us-east-1a'), ('b', '10.0.2.0/24', 'us-east-1b'),
                            ('c', '10.0.3.0/24', 'us-east-1c')):
        t[key] = ec2('CreateSubnet', VpcId=t['vpc'], CidrBlock=cidr,
                     AvailabilityZone=zone)['Subnet']['SubnetId']
    return t


def prepared(tmp_path, which):
    env = NetEnv(tmp_path / which)
    t = targets(env)
    tf = env.terraform(which, CONFIG)
    with open(tf.dir + '/terraform.tfvars.json', 'w') as f:
        json.dump({'t': t}, f)
    return env, t, tf


def plan_json(tf):
    tf.run('plan', '-input=false', '-out=plan.bin')
    shown = json.loads(tf.run('show', '-json', 'plan.bin').stdout)
    return {c['address']: c['change'] for c in shown['resource_changes']}


def comparable(x, t):
    names = {v: '<%s>' % k for k, v in t.items()}

    def norm(y):
        if isinstance(y, dict):
            return {k: norm(v) for k, v in y.items()}
        if isinstance(y, list):
            return sorted(norm(v) for v in y)
        if isinstance(y, str):
            y = names.get(y, y)
            return netkit.normalise(y, {}) if 'arn:' in y else y
        return y
    return norm(x)


def check_applied(env, t, res):
    ec = res['aws_elasticache_subnet_group.this']
    assert ec['id'] == ec['name'] == 'my-cache-subnets' and ec['vpc_id'] == t['vpc']
    assert ec['arn'].endswith(':elasticache:us-east-1:%s:subnetgroup:my-cache-subnets'
                              % ec['arn'].split(':')[4])
    got = env.client.call('elasticache', 'DescribeCacheSubnetGroups',
                          CacheSubnetGroupName='my-cache-subnets')['CacheSubnetGroups'][0]
    assert sorted(s['SubnetIdentifier'] for s in got['Subnets']) == sorted(ec['subnet_ids'])
    rs = res['aws_redshift_subnet_group.this']
    assert rs['id'] == 'my-redshift-subnets' and rs['description'] == 'Managed by Terraform'
    assert rs['arn'].endswith(':subnetgroup:my-redshift-subnets')


def test_subnet_groups_lifecycle_and_parity(tmp_path):
    netkit.require('ours')
    envs = []
    try:
        env, t, tf = prepared(tmp_path, 'ours')
        envs.append(env)
        ours_plan = plan_json(tf)
        assert ours_plan['aws_elasticache_subnet_group.this']['after']['name'] == \
            'my-cache-subnets'
        tf.apply()
        res = tf.resources()
        check_applied(env, t, res)
        tf.assert_clean()

        if netkit.tfharness.hashicorp_missing() is None:
            ref_env, ref_t, ref = prepared(tmp_path, 'hashicorp')
            envs.append(ref_env)
            ref_plan = plan_json(ref)
            problems = netkit.diff(comparable(ours_plan, t), comparable(ref_plan, ref_t))
            assert not problems, '\n'.join(problems)
            ref.apply()
            ref_res = ref.resources()
            check_applied(ref_env, ref_t, ref_res)
            problems = netkit.diff(comparable(res, t), comparable(ref_res, ref_t))
            assert not problems, '\n'.join(problems)
            ref.assert_clean()
            ref.destroy()

        # in-place update: description, a third subnet, tags
        tf.write(UPDATED)
        plan = plan_json(tf)
        assert [plan[a]['actions'] for a in ADDRS] == [['update'], ['update']]
        tf.apply()
        got = env.client.call('elasticache', 'DescribeCacheSubnetGroups',
                              CacheSubnetGroupName='my-cache-subnets')['CacheSubnetGroups'][0]
        assert got['CacheSubnetGroupDescription'] == 'cache subnets v2'
        assert len(got['Subnets']) == 3
        arn = tf.resources()['aws_elasticache_subnet_group.this']['arn']
        assert env.client.call('elasticache', 'ListTagsForResource', ResourceName=arn)[
            'TagList'] == [{'Key': 'Name', 'Value': 'cache-b'}]
        rs = env.client.call('redshift', 'DescribeClusterSubnetGroups',
                             ClusterSubnetGroupName='my-redshift-subnets')[
            'ClusterSubnetGroups'][0]
        assert len(rs['Subnets']) == 3 and rs['Tags'] == [{'Key': 'Name', 'Value': 'redshift-b'}]
        tf.assert_clean()

        # drift: descriptions changed behind Terraform's back, put back by apply
        env.client.call('elasticache', 'ModifyCacheSubnetGroup',
                        CacheSubnetGroupName='my-cache-subnets',
                        CacheSubnetGroupDescription='drifted-cache')
        env.client.call('redshift', 'ModifyClusterSubnetGroup',
                        ClusterSubnetGroupName='my-redshift-subnets',
                        Description='drifted-redshift', SubnetIds=[t['a']])
        code, out = tf.plan()
        assert code == 2 and 'drifted-cache' in out and 'drifted-redshift' in out, out
        tf.apply()
        rs = env.client.call('redshift', 'DescribeClusterSubnetGroups',
                             ClusterSubnetGroupName='my-redshift-subnets')[
            'ClusterSubnetGroups'][0]
        assert rs['Description'] == 'Managed by Terraform' and len(rs['Subnets']) == 3
        tf.assert_clean()

        # import both with import blocks: nothing to change after
        tf.state_rm(*ADDRS)
        blocks = ''.join('import {\n  to = %s\n  id = "%s"\n}\n' % (a, i) for a, i in (
            (ADDRS[0], 'my-cache-subnets'), (ADDRS[1], 'my-redshift-subnets')))
        tf.write(config(desc='cache subnets v2', subnets='[var.t.a, var.t.b, var.t.c]', tag='b',
                        extra=blocks))
        out = tf.run('apply', '-input=false', '-auto-approve').stdout
        assert 'Resources: 2 imported, 0 added, 0 changed, 0 destroyed' in out, out
        tf.assert_clean()

        bad = env.terraform('ours', BAD, name='bad')
        p = bad.run('validate', ok=(1,))
        msg = ' '.join(p.stderr.split())
        assert 'Invalid value for "name"' in msg and ('must contain only lowercase alphanumeric '
                                                      'characters and hyphens') in msg, p.stderr

        tf.destroy()
        st = env.state()
        assert json.dumps(st).count('my-cache-subnets') == 0, st
        assert json.dumps(st).count('my-redshift-subnets') == 0, st
    finally:
        for e in envs:
            e.close()

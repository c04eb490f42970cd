"""aws_ecs_cluster, aws_ecs_task_definition and aws_ecs_service end to end
with our provider against the emulator: apply, re-plan clean, an in-place
update, a replacement (task definition), import reproduces the state,
destroy leaves nothing; the examples apply.  The same configuration
(full(1)) applied with hashicorp/aws gives the same state, and hashicorp's
state plans clean with ours: test_ecs_parity.py, one run for the family.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \
     /usr/bin/python3 -m pytest tests/e2e/test_ecs.py
"""
import json
import os

import pytest

import tfharness
from netkit import netenv  # noqa: F401  (fixture)

CLUSTER = '''
resource "aws_ecs_cluster" "c" {
  name = "demo-cluster"
  tags = %s
}
'''

TASKDEF = '''
resource "aws_ecs_task_definition" "t" {
  family                   = "demo-wp"
  network_mode             = "bridge"
  requires_compatibilities = ["EC2"]
  container_definitions = jsonencode([{
    name = "wordpress", image = "%s", essential = true, memory = 256
    portMappings = [{ containerPort = 80, hostPort = 80, protocol = "tcp" }]
    environment = [{ name = "B", value = "2" }, { name = "A", value = "1" }]
  }])
  tags = %s
}
'''

SERVICE = '''
resource "aws_ecs_service" "s" {
  name            = "wordpress"
  cluster         = aws_ecs_cluster.c.id
  task_definition = aws_ecs_task_definition.t.arn
  desired_count   = %d
  launch_type     = "EC2"
}
'''


def tags(d):
    return '{%s}' % ', '.join('%s = "%s"' % kv for kv in d.items())


def full(count=1, image='wordpress:latest'):
    return (CLUSTER % tags({'Name': 'demo'}) + TASKDEF % (image, '{}')
            + SERVICE % count)


def test_ecs_cluster_lifecycle(netenv):
    env = netenv
    tf = env.terraform('ours', CLUSTER % tags({'Name': 'a'}))
    tf.apply()
    c = tf.resources()['aws_ecs_cluster.c']
    assert c['id'] == c['arn'] == 'arn:aws:ecs:us-east-1:123456789012:cluster/demo-cluster'
    assert c['setting'] == [{'name': 'containerInsights', 'value': 'disabled'}]
    assert c['tags'] == {'Name': 'a'}
    tf.assert_clean()

    tf.write(CLUSTER % tags({'Name': 'b', 'Env': 'x'}))
    code, out = tf.plan()
    assert code == 2 and 'update in-place' in out and 'must be replaced' not in out
    tf.apply()
    assert tf.resources()['aws_ecs_cluster.c']['tags_all'] == {'Name': 'b', 'Env': 'x'}
    tf.assert_clean()

    before = tf.resources()['aws_ecs_cluster.c']
    tf.state_rm('aws_ecs_cluster.c')
    tf.import_('aws_ecs_cluster.c', 'demo-cluster')
    assert tf.resources()['aws_ecs_cluster.c'] == before
    tf.assert_clean()

    tf.destroy()
    env.assert_empty()


def test_ecs_task_definition_lifecycle(netenv):
    env = netenv
    tf = env.terraform('ours', TASKDEF % ('wordpress:latest', '{}'))
    tf.apply()
    t = tf.resources()['aws_ecs_task_definition.t']
    assert t['id'] == 'demo-wp' and t['revision'] == 1
    assert t['arn'].endswith(':task-definition/demo-wp:1')
    defs = json.loads(t['container_definitions'])
    assert [e['name'] for e in defs[0]['environment']] == ['A', 'B']
    tf.assert_clean()

    # tags change in place
    tf.write(TASKDEF % ('wordpress:latest', tags({'Name': 'x'})))
    code, out = tf.plan()
    assert code == 2 and 'update in-place' in out and 'must be replaced' not in out
    tf.apply()
    t = tf.resources()['aws_ecs_task_definition.t']
    assert t['revision'] == 1 and t['tags'] == {'Name': 'x'}
    tf.assert_clean()

    # a container change is a new revision
    tf.write(TASKDEF % ('wordpress:6', tags({'Name': 'x'})))
    code, out = tf.plan()
    assert code == 2 and 'must be replaced' in out
    tf.apply()
    t = tf.resources()['aws_ecs_task_definition.t']
    assert t['revision'] == 2
    tf.assert_clean()

    # Apply stores AWS's form of the definitions (what hashicorp/aws's create
    # reads back, not the planned normal form of the configuration), which a
    # refresh keeps; import reads the same.
    tf.apply('-refresh-only')
    before = tf.resources()['aws_ecs_task_definition.t']
    assert before['container_definitions'] == t['container_definitions']
    assert '"volumesFrom":[]' in t['container_definitions']
    tf.state_rm('aws_ecs_task_definition.t')
    tf.import_('aws_ecs_task_definition.t', before['arn'])
    # skip_destroy lives only in Terraform: imported null, as hashicorp/aws
    # imports it (and a plan that changes nothing leaves it so).
    after = tf.resources()['aws_ecs_task_definition.t']
    assert after['skip_destroy'] is None and before['skip_destroy'] is False
    assert dict(after, skip_destroy=False) == before
    tf.assert_clean()

    tf.destroy()
    env.assert_empty()


def test_ecs_service_lifecycle(netenv):
    env = netenv
    tf = env.terraform('ours', full(1))
    tf.apply()
    s = tf.resources()['aws_ecs_service.s']
    assert s['id'] == 'arn:aws:ecs:us-east-1:123456789012:service/demo-cluster/wordpress'
    assert s['desired_count'] == 1 and s['scheduling_strategy'] == 'REPLICA'
    tf.assert_clean()

    tf.write(full(2))
    code, out = tf.plan()
    assert code == 2 and 'update in-place' in out and 'must be replaced' not in out
    tf.apply()
    assert tf.resources()['aws_ecs_service.s']['desired_count'] == 2
    svc = env.client.call('ecs', 'DescribeServices', cluster='demo-cluster',
                          services=['wordpress'])['services'][0]
    assert svc['desiredCount'] == 2
    tf.assert_clean()

    before = tf.resources()['aws_ecs_service.s']
    tf.state_rm('aws_ecs_service.s')
    tf.import_('aws_ecs_service.s', 'demo-cluster/wordpress')
    after = tf.resources()['aws_ecs_service.s']
    # Not imported, as in hashicorp/aws's ImportStateVerifyIgnore; with no
    # configured form to follow, task_definition reads as family:revision.
    assert after['task_definition'] == 'demo-wp:1'
    for k in ('wait_for_steady_state', 'force_delete', 'force_new_deployment', 'timeouts',
              'task_definition'):
        before.pop(k, None)
        after.pop(k, None)
    assert after == before
    tf.apply()
    tf.assert_clean()

    # deleted behind Terraform's back: planned again
    tf.destroy()
    env.assert_empty()


@pytest.mark.parametrize('type_name', ('aws_ecs_cluster', 'aws_ecs_task_definition',
                                       'aws_ecs_service'))
def test_ecs_example(netenv, type_name):
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


def ecs_call(env, op, params):
    """A signed ECS call whose input has a `service` member (which
    Client.call's own parameter of that name would swallow)."""
    body, headers = env.client.request('ecs', op, params)
    status, _, data = env.client.raw('ecs', body, headers)
    assert status < 300, data
    return json.loads(data or b'{}')


def test_ecs_drift(netenv):
    """Changes behind Terraform's back show up in the next plan."""
    env = netenv
    tf = env.terraform('ours', full(1))
    tf.apply()
    c = tf.resources()['aws_ecs_cluster.c']
    env.client.call('ecs', 'TagResource', resourceArn=c['arn'],
                    tags=[{'key': 'Name', 'value': 'changed'}])
    code, out = tf.plan()
    assert code == 2 and 'aws_ecs_cluster.c will be updated in-place' in out
    ecs_call(env, 'UpdateService', {'cluster': 'demo-cluster', 'service': 'wordpress',
                                    'desiredCount': 0})
    ecs_call(env, 'DeleteService', {'cluster': 'demo-cluster', 'service': 'wordpress'})
    code, out = tf.plan()
    assert code == 2 and 'aws_ecs_service.s will be created' in out
    tf.apply()
    tf.assert_clean()
    tf.destroy()
    env.assert_empty()


def test_seed_deployment_with_ours(netenv):
    """The 17-resource seed deployment (terraform/) with our provider only:
    apply, re-plan clean, destroy to an empty emulator (scripts/demo.sh)."""
    import glob
    import shutil
    env = netenv
    image = env.client.call('ec2', 'DescribeImages', Owners=['amazon'])['Images'][0]['ImageId']
    tf = env.terraform('ours', '# the seed deployment\n', name='seed', provider_block=False)
    for f in glob.glob(os.path.join(tfharness.REPO, 'terraform', '*.tf')):
        shutil.copy(f, tf.dir)
    var = ('-var', 'ami_id=' + image)
    tf.apply(*var)
    assert len(tf.resources()) == 17
    s = tf.resources()['aws_ecs_service.wordpress']
    assert len(s['load_balancer']) == 1 and s['load_balancer'][0]['container_port'] == 80
    assert s['health_check_grace_period_seconds'] == 60
    code, out = tf.plan(*var)
    assert code == 0, out
    tf.run('destroy', '-auto-approve', '-input=false', *var)
    env.assert_empty()


def test_ecs_service_missing_cluster_is_retried_then_reported(netenv):
    """CreateService retries ClusterNotFoundException (a cluster just made
    may not be visible yet) until the create timeout, then says why."""
    tf = netenv.terraform('ours', TASKDEF % ('wordpress:latest', '{}') + '''
resource "aws_ecs_service" "s" {
  name            = "wordpress"
  cluster         = "no-such-cluster"
  task_definition = aws_ecs_task_definition.t.arn
  desired_count   = 0
  timeouts {
    create = "3s"
  }
}
''')
    p = tf.run('apply', '-auto-approve', '-input=false', ok=(1,))
    err = p.stdout + p.stderr
    assert 'creating ECS Service (wordpress)' in err and 'ClusterNotFoundException' in err
    assert 'aws_ecs_service.s' not in tf.resources()
    tf.destroy()
    netenv.assert_empty()

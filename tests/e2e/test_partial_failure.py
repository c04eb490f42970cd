"""A create that fails after AWS made the object keeps the object (issue 9, part 2).

For every type of the 17-resource deployment (terraform/) and of the
production one (examples/wordpress-ecs/), each call a create makes after its
create operation (a waiter's Describe*, an attribute call, a tag call, the
read back) is failed in turn with a 400 no client retries (the emulator's
"refuse" fault, which refuses without acting).  The apply must fail with that
error, the state must hold the object's ID marked tainted (so Terraform
replaces it and nothing is orphaned), and the emulator must hold each object
once.  Clearing the fault, the next apply replaces what is tainted; the
final destroy leaves the emulator empty.

Terraform starts are kept few: the deployment is applied once, then each
round destroys (-target) a set of mutually independent resources and what
depends on them, fails one follow-up call of each of those types in the same
apply (-refresh=false, so refreshing the rest does not hit the fault) and
re-applies without the fault; one destroy at the end.

FOLLOW_UPS is the table of the calls each type's create makes after its
create operation, in order (read from aws/<service>/<type>.c and checked
against the emulator's call log of an apply).

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \\
     /usr/bin/python3 -m pytest tests/e2e/test_partial_failure.py
"""
import json
import os

import pytest

import tfharness
from test_create_once_faults import ami

CODE = 'InjectedFailure'

# type -> (create operation, follow-up operations in the order the create makes them)
FOLLOW_UPS = {
    # (then DescribeNetworkAcls, DescribeRouteTables, DescribeSecurityGroups
    # for the default ACL, route table and group: as hashicorp/aws, a
    # failure there is only logged, it is no failure of the create)
    'aws_vpc': ('CreateVpc', ['DescribeVpcs', 'ModifyVpcAttribute', 'DescribeVpcAttribute']),
    'aws_subnet': ('CreateSubnet', ['DescribeSubnets', 'ModifySubnetAttribute']),
    'aws_internet_gateway': ('CreateInternetGateway', ['DescribeInternetGateways',
                                                       'AttachInternetGateway']),
    'aws_route_table': ('CreateRouteTable', ['DescribeRouteTables', 'CreateRoute']),
    'aws_route_table_association': ('AssociateRouteTable', ['DescribeRouteTables']),
    'aws_security_group': ('CreateSecurityGroup', [
        'DescribeSecurityGroups', 'RevokeSecurityGroupEgress',
        'AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress']),
    'aws_lb': ('CreateLoadBalancer', ['DescribeLoadBalancers', 'ModifyLoadBalancerAttributes',
                                      'DescribeLoadBalancerAttributes', 'DescribeTags']),
    'aws_lb_target_group': ('CreateTargetGroup', [
        'DescribeTargetGroups', 'DescribeTargetGroupAttributes',
        'ModifyTargetGroupAttributes', 'DescribeTags']),
    'aws_lb_listener': ('CreateListener', ['DescribeListeners', 'DescribeListenerAttributes',
                                           'DescribeTags']),
    'aws_ecs_cluster': ('CreateCluster', ['DescribeClusters']),
    'aws_ecs_task_definition': ('RegisterTaskDefinition', ['DescribeTaskDefinition']),
    'aws_ecs_service': ('CreateService', ['DescribeServices']),
    'aws_ecs_capacity_provider': ('CreateCapacityProvider', ['DescribeCapacityProviders']),
    'aws_ecs_cluster_capacity_providers': ('PutClusterCapacityProviders',
                                           ['DescribeClusters']),
    'aws_launch_configuration': ('CreateLaunchConfiguration',
                                 ['DescribeLaunchConfigurations', 'DescribeImages']),
    'aws_launch_template': ('CreateLaunchTemplate', ['DescribeLaunchTemplates',
                                                     'DescribeLaunchTemplateVersions']),
    'aws_autoscaling_group': ('CreateAutoScalingGroup', ['DescribeScalingActivities',
                                                         'DescribeAutoScalingGroups']),
    'aws_autoscaling_policy': ('PutScalingPolicy', ['DescribePolicies']),
    'aws_cloudwatch_metric_alarm': ('PutMetricAlarm', ['DescribeAlarms',
                                                       'ListTagsForResource']),
    'aws_cloudwatch_log_group': ('CreateLogGroup', ['PutRetentionPolicy', 'DescribeLogGroups',
                                                    'ListTagsForResource']),
    'aws_iam_role': ('CreateRole', ['GetRole', 'ListRolePolicies',
                                    'ListAttachedRolePolicies']),
    'aws_iam_role_policy': ('PutRolePolicy', ['GetRolePolicy']),
    'aws_iam_role_policy_attachment': ('AttachRolePolicy', ['ListAttachedRolePolicies']),
    'aws_iam_instance_profile': ('CreateInstanceProfile', ['GetInstanceProfile',
                                                           'AddRoleToInstanceProfile']),
    'aws_secretsmanager_secret': ('CreateSecret', ['DescribeSecret', 'GetResourcePolicy']),
    'aws_secretsmanager_secret_version': ('PutSecretValue', ['GetSecretValue']),
    'aws_appautoscaling_target': ('RegisterScalableTarget', ['DescribeScalableTargets',
                                                             'ListTagsForResource']),
    'aws_appautoscaling_policy': ('PutScalingPolicy', ['DescribeScalingPolicies']),
}
ALIASES = {'aws_alb': 'aws_lb', 'aws_alb_target_group': 'aws_lb_target_group',
           'aws_alb_listener': 'aws_lb_listener'}

# Types whose tainted object the next apply cannot replace, so the test
# untaints it instead (the next apply then reads it and completes it in
# place).  In terraform/ the launch configuration is create_before_destroy,
# which its dependencies inherit: the cluster (named in the user data) and
# both security groups would be created again under the same name before
# the tainted one is destroyed, which AWS refuses for a group
# (InvalidGroup.Duplicate) and answers with the same cluster for
# CreateCluster, as for hashicorp/aws.
UNTAINT = {'dev': {'aws_ecs_cluster', 'aws_security_group'}, 'production': set()}

DEPLOYMENTS = {
    'dev': os.path.join(tfharness.REPO, 'terraform'),
    'production': os.path.join(tfharness.REPO, 'examples', 'wordpress-ecs'),
}


def kind(rtype):
    return ALIASES.get(rtype, rtype)


def config_graph(tf):
    """{config address: set of config addresses it depends on (transitively)}
    from the configuration in a plan's JSON."""
    tf.run('plan', '-no-color', '-out=graph.tfplan')
    cfg = json.loads(tf.run('show', '-json', 'graph.tfplan').stdout)['configuration']
    resources = {r['address']: r for r in cfg['root_module']['resources']
                 if r['mode'] == 'managed'}
    direct = {}
    for addr, r in resources.items():
        refs = set(r.get('depends_on', []))

        def walk(v):
            if isinstance(v, dict):
                for k, x in v.items():
                    if k == 'references':
                        refs.update(x)
                    else:
                        walk(x)
            elif isinstance(v, list):
                for x in v:
                    walk(x)
        walk(r.get('expressions', {}))
        walk(r.get('count_expression', {}))
        deps = set()
        for ref in refs:
            parts = ref.split('.')
            if len(parts) >= 2 and '.'.join(parts[:2]) in resources:
                deps.add('.'.join(parts[:2]))
        deps.discard(addr)
        direct[addr] = deps
    closure = {}

    def close(a):
        if a not in closure:
            closure[a] = set()
            for d in direct[a]:
                closure[a] |= {d} | close(d)
        return closure[a]
    for a in direct:
        close(a)
    return closure


def rounds(graph):
    """[{address: refused operation}, ...]: every (type, follow-up) pair
    once, the addresses of a round independent of each other (none depends
    on another, so each is created, and fails, in the same apply)."""
    todo = {}
    for addr in graph:
        rtype = kind(addr.split('.')[0])
        assert rtype in FOLLOW_UPS, 'no follow-up table for %s' % rtype
        todo[addr] = list(FOLLOW_UPS[rtype][1])
    # a type appearing twice in a deployment (two security groups) is failed
    # through one of its resources per operation
    seen = set()
    for addr in sorted(todo, key=lambda a: (len(graph[a]), a)):
        rtype = kind(addr.split('.')[0])
        if rtype in seen:
            todo[addr] = []
        seen.add(rtype)
    out = []
    while any(todo.values()):
        chosen = {}
        # the deepest first: a resource excludes only its chain from a round
        for addr in sorted(todo, key=lambda a: (-len(graph[a]), a)):
            if not todo[addr]:
                continue
            if any(addr in graph[c] or c in graph[addr] for c in chosen):
                continue
            chosen[addr] = todo[addr][0]
        for addr, op in chosen.items():
            todo[addr].pop(0)
        out.append(chosen)
    return out


def refusals(chosen):
    """The emulator's refuse fault for a round: each chosen operation is
    refused once the create operation of a type that follows it with that
    call has succeeded (a lookup a create makes before creating is answered)."""
    out = {}
    for addr, op in chosen.items():
        r = out.setdefault(op, {'code': CODE, 'after': []})
        create = FOLLOW_UPS[kind(addr.split('.')[0])][0]
        if create not in r['after']:
            r['after'].append(create)
    return out


def instances(tf):
    state = json.loads(tf.run('show', '-json').stdout)
    out = {}
    for r in state.get('values', {}).get('root_module', {}).get('resources', []):
        if r['mode'] == 'managed':
            out[r['address']] = r
    return out


def config_addr(instance_addr):
    return instance_addr.split('[')[0]


# What AWS makes on its own (the group's instances, their and the load
# balancer's interfaces, ECS tasks): not objects of the state.
SIDE_EFFECTS = ('ec2/instances', 'ec2/network_interfaces', 'ecs/tasks',
                'ecs/container_instances')


def live_objects(emulator):
    return {k: v['live'] for k, v in emulator._control('GET', 'objects').items()
            if k not in SIDE_EFFECTS}


@pytest.mark.parametrize('deployment', sorted(DEPLOYMENTS))
def test_failed_follow_up_keeps_the_object_tainted(deployment, emulator, our_cli_config,
                                                   make_terraform):
    tfvars = {'ami_id': ami(emulator)} if deployment == 'dev' else None
    tf = make_terraform(DEPLOYMENTS[deployment], emulator, our_cli_config, tfvars=tfvars)
    tf.run('init', '-no-color', '-input=false', timeout=120)
    graph = config_graph(tf)
    tf.run('apply', '-auto-approve', '-no-color', timeout=600)
    complete = live_objects(emulator)
    covered = set()
    failures = []
    for chosen in rounds(graph):
        targets = ['-target=%s' % a for a in sorted(chosen)]
        tf.run('destroy', '-auto-approve', '-no-color', *targets, timeout=600)
        emulator.faults({'refuse': refusals(chosen)})
        proc = tf.run('apply', '-auto-approve', '-no-color', '-refresh=false', timeout=600,
                      check=False)
        emulator.faults({'refuse': {}})
        out = proc.stdout + proc.stderr
        print('round %s: exit %d' % (chosen, proc.returncode))
        assert proc.returncode == 1, (chosen, out[-3000:])
        assert CODE in out, (chosen, out[-3000:])
        state = instances(tf)
        for addr, op in sorted(chosen.items()):
            got = [r for a, r in state.items() if config_addr(a) == addr]
            ok = got and all(r.get('tainted') and r['values'].get('id') for r in got)
            if not ok:
                failures.append('%s: %s failed, state %s' % (addr, op, [
                    (r['address'], r.get('tainted'), r['values'].get('id')) for r in got]))
            covered.add((kind(addr.split('.')[0]), op))
        # no object twice, none outside the state: the emulator holds what
        # the complete deployment holds, less the dependents not yet made
        now = live_objects(emulator)
        extra = {k: (n, complete.get(k, 0)) for k, n in now.items() if n > complete.get(k, 0)}
        assert not extra, ('objects beyond the deployment', chosen, extra)
        for addr in sorted(chosen):
            if kind(addr.split('.')[0]) in UNTAINT[deployment]:
                tf.run('untaint', '-no-color', addr, check=False)
        tf.run('apply', '-auto-approve', '-no-color', timeout=600)
        assert live_objects(emulator) == complete, chosen
        assert not any(r.get('tainted') for r in instances(tf).values())
    assert not failures, '\n'.join(failures)
    # every follow-up of every type in the deployment was failed once
    types = {kind(a.split('.')[0]) for a in graph}
    wanted = {(t, op) for t in types for op in FOLLOW_UPS[t][1]}
    assert wanted <= covered, wanted - covered
    tf.run('destroy', '-auto-approve', '-no-color', timeout=600)
    assert emulator.state()['empty'], emulator.state()

"""Amazon EC2 Auto Scaling warm pools, lifecycle hooks and traffic sources.
A mixin of svc_autoscaling.Service.

  PutWarmPool / DescribeWarmPool / DeleteWarmPool
      One warm pool per group.  Its size is max(MinSize,
      (MaxGroupPreparedCapacity, or the group's MaxSize when -1 or unset) -
      DesiredCapacity); warm instances are real EC2 instances (launched from
      the group's launch source, LifecycleState Warmed:<PoolState>) that the
      group keeps at that size whenever it converges.  DeleteWarmPool makes
      the pool PendingDelete, terminates its instances, and the pool is gone
      once they are (`terminate_seconds`).  Without a pool: ValidationError
      "No warm pool found".
  PutLifecycleHook / DescribeLifecycleHooks / DeleteLifecycleHook
      Hooks are recorded and described as AWS answers them (DefaultResult
      ABANDON, HeartbeatTimeout 3600, GlobalTimeout 100 x heartbeat when
      not given).  Instances do not wait in Pending:Wait: every action
      completes with the default result at once (CONTINUE semantics).
  AttachTrafficSources / DetachTrafficSources / DescribeTrafficSources
      Traffic sources beside the target groups of
      AttachLoadBalancerTargetGroups (which are traffic sources of type
      elbv2 too, as AWS lists them).  An elbv2 source must be a known target
      group; its instances are registered with it.  A source just attached
      is Adding for `attach_seconds`, then Added (InService once a target is
      healthy); a detached one is Removing for `attach_seconds`, then gone.
"""

import copy

from errors import AwsError

_HOOK_TRANSITIONS = ('autoscaling:EC2_INSTANCE_LAUNCHING', 'autoscaling:EC2_INSTANCE_TERMINATING')
_TRAFFIC_TYPES = ('elb', 'elbv2', 'vpc-lattice')


def _validation(message):
    return AwsError('ValidationError', message)


class BlocksMixin:
    """Warm pools, lifecycle hooks and traffic sources (see the module docstring)."""

    attach_seconds = 0.5

    # -- warm pools -------------------------------------------------------------------

    def _warm_target(self, g):
        pool = g.get('warm')
        if not pool or pool['Status'] == 'PendingDelete':
            return 0
        prepared = pool.get('MaxGroupPreparedCapacity', -1)
        if prepared is None or prepared < 0:
            prepared = g['max']
        return max(pool.get('MinSize', 0), prepared - g['desired'])

    def _warm_converge(self, g, now):
        """Launch or terminate warm instances until the pool holds its size."""
        if g['status'] or not g.get('warm'):
            return
        alive = [i for i in g['warm_instances'] if i['state'] != 'Terminating']
        want = self._warm_target(g)
        if len(alive) > want:
            victims = sorted(alive, key=lambda i: -i['launched'])[:len(alive) - want]
            self._warm_terminate(g, victims, now)
        elif len(alive) < want and now >= g['retry_at']:
            for _ in range(want - len(alive)):
                try:
                    lc = self.lcs.get(g['lc']) if g['lc'] else self._lt_launch_data(g)
                    subnet, _az = self._pick_subnet(g)
                    iid = self._ec2().run_instances_internal(
                        lc['ImageId'], lc['InstanceType'], subnet, lc['SecurityGroups'],
                        lc['UserData'] or None, {'aws:autoscaling:groupName': g['name']},
                        key_name=lc['KeyName'] or None,
                        iam_instance_profile=lc.get('IamInstanceProfile'))
                except (AwsError, TypeError):
                    g['retry_at'] = now + self.retry_seconds
                    return
                g['warm_instances'].append({'id': iid, 'az': _az, 'state': 'Warmed:Pending',
                                            'launched': now, 'type': lc['InstanceType'],
                                            'term_at': None})

    def _warm_terminate(self, g, victims, now):
        if not victims:
            return
        for inst in victims:
            inst['state'] = 'Terminating'
            inst['term_at'] = now + self.terminate_seconds
        self._ec2().terminate_instances_internal([i['id'] for i in victims])

    def _warm_advance(self, g, now):
        """Moves warm instances and a pool being deleted along the clock."""
        pool = g.get('warm')
        if pool is None:
            return
        for inst in list(g['warm_instances']):
            if inst['state'] == 'Terminating' and now >= inst['term_at']:
                g['warm_instances'].remove(inst)
            elif inst['state'] == 'Warmed:Pending' and now >= inst['launched'] + self.launch_seconds:
                inst['state'] = 'Warmed:%s' % pool.get('PoolState', 'Stopped')
        if pool['Status'] == 'PendingDelete' and not g['warm_instances']:
            g['warm'] = None
            return
        self._warm_converge(g, now)

    def _warm_out(self, g):
        pool = g.get('warm')
        if not pool:
            return None
        out = {k: copy.deepcopy(v) for k, v in pool.items() if v is not None}
        if out.get('Status') is None:
            out.pop('Status', None)
        return out

    def op_PutWarmPool(self, p):
        g = self._group(p['AutoScalingGroupName'])
        if g.get('mixed'):
            raise _validation('You can\'t add a warm pool to an Auto Scaling group that has a '
                              'mixed instances policy.')
        prepared = p.get('MaxGroupPreparedCapacity')
        if prepared is not None and prepared < -1:
            raise _validation('MaxGroupPreparedCapacity must be -1 or at least 0.')
        if prepared is not None and prepared >= 0 and p.get('MinSize', 0) > prepared:
            raise _validation('The MinSize of the warm pool must be less than or equal to its '
                              'MaxGroupPreparedCapacity.')
        pool = g.get('warm')
        if pool and pool['Status'] == 'PendingDelete':
            raise _validation('The warm pool of AutoScalingGroup %s is being deleted.' % g['name'])
        g['warm'] = {
            'MaxGroupPreparedCapacity': -1 if prepared is None else prepared,
            'MinSize': p.get('MinSize', 0),
            'PoolState': p.get('PoolState') or 'Stopped',
            'InstanceReusePolicy': copy.deepcopy(p.get('InstanceReusePolicy')),
            'Status': None,
        }
        g.setdefault('warm_instances', [])
        for inst in g['warm_instances']:
            if inst['state'].startswith('Warmed:') and inst['state'] != 'Warmed:Pending':
                inst['state'] = 'Warmed:%s' % g['warm']['PoolState']
        self._warm_converge(g, self._now())
        return {}

    def op_DescribeWarmPool(self, p):
        g = self._group(p['AutoScalingGroupName'], deleting_ok=True)
        out = {'Instances': [
            {'InstanceId': i['id'], 'InstanceType': i['type'], 'AvailabilityZone': i['az'],
             'LifecycleState': i['state'] if i['state'] != 'Terminating'
             else 'Warmed:Terminating', 'HealthStatus': 'Healthy',
             'ProtectedFromScaleIn': False}
            for i in g.get('warm_instances') or []]}
        conf = self._warm_out(g)
        if conf:
            out['WarmPoolConfiguration'] = conf
        return out

    def op_DeleteWarmPool(self, p):
        g = self._group(p['AutoScalingGroupName'], deleting_ok=True)
        pool = g.get('warm')
        if not pool:
            raise _validation('No warm pool found for AutoScalingGroup %s.' % g['name'])
        alive = [i for i in g['warm_instances'] if i['state'] != 'Terminating']
        if alive and not p.get('ForceDelete') and any(
                i['state'] == 'Warmed:Pending' for i in alive):
            raise AwsError('ScalingActivityInProgress', 'You cannot delete a warm pool while '
                           'there are scaling activities in progress for it.')
        pool['Status'] = 'PendingDelete'
        self._warm_terminate(g, alive, self._now())
        if not g['warm_instances']:
            g['warm'] = None
        return {}

    # -- lifecycle hooks --------------------------------------------------------------

    def op_PutLifecycleHook(self, p):
        g = self._group(p['AutoScalingGroupName'])
        name = p['LifecycleHookName']
        hooks = g.setdefault('hooks', {})
        old = hooks.get(name)
        transition = p.get('LifecycleTransition') or (old or {}).get('LifecycleTransition')
        if transition is None:
            raise _validation('LifecycleTransition must be specified when creating a lifecycle '
                              'hook.')
        if transition not in _HOOK_TRANSITIONS:
            raise _validation('Invalid Lifecycle Transition: %s' % transition)
        if old is None and len(hooks) >= 50:
            raise AwsError('LimitExceeded', 'Lifecycle hooks limit (50) exceeded for '
                           'AutoScalingGroup %s.' % g['name'])
        result = p.get('DefaultResult') or (old or {}).get('DefaultResult') or 'ABANDON'
        if result not in ('CONTINUE', 'ABANDON'):
            raise _validation('Valid values for DefaultResult are: CONTINUE, ABANDON')
        if bool(p.get('NotificationTargetARN')) != bool(p.get('RoleARN')) and old is None:
            raise _validation('Both NotificationTargetARN and RoleARN must be specified '
                              'together.')
        heartbeat = p.get('HeartbeatTimeout') or (old or {}).get('HeartbeatTimeout') or 3600
        if not 30 <= heartbeat <= 7200:
            raise _validation('HeartbeatTimeout must be between 30 and 7200 seconds.')
        hook = {'LifecycleHookName': name, 'AutoScalingGroupName': g['name'],
                'LifecycleTransition': transition, 'HeartbeatTimeout': heartbeat,
                'GlobalTimeout': min(heartbeat * 100, 172800), 'DefaultResult': result}
        for key in ('NotificationTargetARN', 'RoleARN', 'NotificationMetadata'):
            value = p.get(key) if p.get(key) is not None else (old or {}).get(key)
            if value is not None:
                hook[key] = value
        hooks[name] = hook
        return {}

    def op_DescribeLifecycleHooks(self, p):
        g = self._group(p['AutoScalingGroupName'], deleting_ok=True)
        hooks = g.get('hooks') or {}
        names = p.get('LifecycleHookNames')
        chosen = [hooks[n] for n in sorted(hooks) if not names or n in names]
        return {'LifecycleHooks': copy.deepcopy(chosen)}

    def op_DeleteLifecycleHook(self, p):
        g = self._group(p['AutoScalingGroupName'], deleting_ok=True)
        hooks = g.get('hooks') or {}
        if p['LifecycleHookName'] not in hooks:
            raise _validation('No Lifecycle Hook found with name %s for group %s'
                              % (p['LifecycleHookName'], g['name']))
        del hooks[p['LifecycleHookName']]
        return {}

    # -- traffic sources --------------------------------------------------------------

    def _traffic_check(self, sources):
        if not sources:
            raise _validation('TrafficSources must contain at least one traffic source.')
        if len(sources) > 10:
            raise _validation('You can attach or detach up to 10 traffic sources at a time.')
        for s in sources:
            kind = s.get('Type') or 'elbv2'
            if kind not in _TRAFFIC_TYPES:
                raise _validation('Traffic source type %s is not valid.' % kind)
            if kind == 'elbv2':
                self._check_target_groups([s['Identifier']])

    def _traffic_advance(self, g, now):
        for s in list(g.get('traffic') or []):
            if s['state'] == 'Adding' and now >= s['since'] + self.attach_seconds:
                s['state'] = 'Added'
            elif s['state'] == 'Removing' and now >= s['since'] + self.attach_seconds:
                g['traffic'].remove(s)

    def _traffic_elbv2(self, g):
        """Target group ARNs the group's InService instances belong to."""
        arns = list(g['tgs'])
        for s in g.get('traffic') or []:
            if s['Type'] == 'elbv2' and s['state'] != 'Removing' and s['Identifier'] not in arns:
                arns.append(s['Identifier'])
        return arns

    def _traffic_attach(self, g, sources, now):
        g.setdefault('traffic', [])
        elb = self._elb()
        for src in sources:
            kind = src.get('Type') or 'elbv2'
            if any(s['Identifier'] == src['Identifier'] and s['Type'] == kind
                   and s['state'] != 'Removing' for s in g['traffic']):
                continue
            g['traffic'].append({'Identifier': src['Identifier'], 'Type': kind,
                                 'state': 'Adding', 'since': now})
            ids = [i['id'] for i in g['instances'] if i['state'] == 'InService']
            if kind == 'elbv2' and ids and elb is not None:
                elb.register_targets_internal(src['Identifier'], ids)

    def _traffic_out(self, g):
        out = [{'Identifier': tg, 'Type': 'elbv2'} for tg in g['tgs']]
        for s in g.get('traffic') or []:
            if s['state'] != 'Removing' and {'Identifier': s['Identifier'],
                                             'Type': s['Type']} not in out:
                out.append({'Identifier': s['Identifier'], 'Type': s['Type']})
        return out

    def op_AttachTrafficSources(self, p):
        g = self._group(p['AutoScalingGroupName'])
        self._traffic_check(p['TrafficSources'])
        self._traffic_attach(g, p['TrafficSources'], self._now())
        return {}

    def op_DetachTrafficSources(self, p):
        g = self._group(p['AutoScalingGroupName'])
        if not p['TrafficSources']:
            raise _validation('TrafficSources must contain at least one traffic source.')
        elb = self._elb()
        now = self._now()
        for src in p['TrafficSources']:
            kind = src.get('Type') or 'elbv2'
            for s in g.get('traffic') or []:
                if s['Identifier'] == src['Identifier'] and s['Type'] == kind \
                        and s['state'] != 'Removing':
                    s['state'], s['since'] = 'Removing', now
                    ids = [i['id'] for i in g['instances'] if i['state'] == 'InService']
                    if kind == 'elbv2' and ids and elb is not None \
                            and s['Identifier'] not in g['tgs']:
                        elb.deregister_targets_internal(s['Identifier'], ids)
        return {}

    def op_DescribeTrafficSources(self, p):
        from svc_autoscaling import _page
        g = self._group(p['AutoScalingGroupName'], deleting_ok=True)
        kind = p.get('TrafficSourceType')
        elb = self._elb()
        ours = {i['id'] for i in g['instances'] if i['state'] == 'InService'}
        items = []
        rows = [{'Identifier': tg, 'Type': 'elbv2', 'state': 'Added'} for tg in g['tgs']]
        rows += [s for s in g.get('traffic') or []
                 if not any(r['Identifier'] == s['Identifier'] and r['Type'] == s['Type']
                            for r in rows)]
        for s in rows:
            if kind and s['Type'] != kind:
                continue
            state = s['state']
            if state == 'Added' and s['Type'] == 'elbv2' and elb is not None:
                states = elb.target_states_internal(s['Identifier'])
                if any(states.get(i) == 'healthy' for i in ours):
                    state = 'InService'
            items.append({'TrafficSource': s['Identifier'], 'Identifier': s['Identifier'],
                          'Type': s['Type'], 'State': state})
        page, nxt = _page(items, p.get('NextToken'), p.get('MaxRecords'))
        out = {'TrafficSources': page}
        if nxt:
            out['NextToken'] = nxt
        return out

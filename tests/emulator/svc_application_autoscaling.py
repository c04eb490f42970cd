"""Application Auto Scaling (json 1.1): scalable targets and scaling policies.

The one idea: a scalable target is keyed by (namespace, resource id,
dimension) and RegisterScalableTarget is an upsert, as is PutScalingPolicy
for a policy name under a target; only ECS services (`service/<cluster>/
<service>`, `ecs:service:DesiredCount`) can be registered here, and the
service must exist in svc_ecs.  A target tracking policy owns two CloudWatch
alarms (AlarmHigh, AlarmLow) whose names and ARNs AWS reports with it;
deregistering a target deletes its policies.
"""

import datetime
import re
import threading

import store
from errors import AwsError, ServiceBase

_ECS_RESOURCE = re.compile(r'^service/([A-Za-z0-9_-]{1,255})/([A-Za-z0-9_-]{1,255})$')
_ECS_METRICS = ('ECSServiceAverageCPUUtilization', 'ECSServiceAverageMemoryUtilization',
                'ALBRequestCountPerTarget')
_MAX_TAGS = 50


def _validation(message):
    return AwsError('ValidationException', message)


def _no_target(ns, rid, dim):
    return AwsError('ObjectNotFoundException',
                    'No scalable target registered for service namespace: %s, resource ID: '
                    '%s, scalable dimension: %s' % (ns, rid, dim))


def _check_customized(cus):
    """A CloudWatch metric (name, namespace, statistic) or metric math
    (Metrics), not both; each query an expression or a metric stat."""
    plain = [k for k in ('MetricName', 'Namespace', 'Statistic', 'Dimensions', 'Unit')
             if cus.get(k) is not None]
    queries = cus.get('Metrics')
    if queries is not None:
        if plain:
            raise _validation('CustomizedMetricSpecification: %s cannot be specified with '
                              'Metrics' % ', '.join(plain))
        if not queries:
            raise _validation('CustomizedMetricSpecification: Metrics must not be empty')
        for q in queries:
            if (q.get('Expression') is None) == (q.get('MetricStat') is None):
                raise _validation('TargetTrackingMetricDataQuery %s: exactly one of '
                                  'Expression and MetricStat must be specified' % q['Id'])
        if sum(1 for q in queries if q.get('ReturnData', True)) != 1:
            raise _validation('CustomizedMetricSpecification: exactly one of Metrics must '
                              'have ReturnData true')
        return
    missing = [k for k in ('MetricName', 'Namespace', 'Statistic') if cus.get(k) is None]
    if missing:
        raise _validation('CustomizedMetricSpecification: %s must be specified'
                          % ', '.join(missing))


class Service(ServiceBase):
    signing_name = 'application-autoscaling'
    model_name = 'application-autoscaling'

    def __init__(self, emu):
        self.emu = emu
        self._lock = threading.RLock()
        self.reset()

    def reset(self):
        with self._lock:
            self.targets = {}       # (namespace, resource id, dimension) -> record
            self.policies = {}      # target key + (policy name,) -> record

    def snapshot(self):
        with self._lock:
            return {
                'scalable_targets': sorted(t['arn'] for t in self.targets.values()),
                'scaling_policies': sorted(p['PolicyARN'] for p in self.policies.values()),
            }

    def handle(self, op, params):
        with self._lock:
            return super().handle(op, params or {})

    # -- helpers -------------------------------------------------------------

    def _now(self):
        t = self.emu.now()
        if isinstance(t, datetime.datetime):
            return t
        return datetime.datetime.fromtimestamp(float(t), datetime.timezone.utc)

    def _check_resource(self, ns, rid, dim):
        """Only ECS services are modelled: anything else is refused clearly."""
        if ns != 'ecs':
            raise _validation('Unsupported service namespace: %s' % ns)
        if dim != 'ecs:service:DesiredCount':
            raise _validation('Unsupported scalable dimension %s for service namespace ecs'
                              % dim)
        m = _ECS_RESOURCE.match(rid)
        if not m:
            raise _validation('Unsupported resource ID %s for service namespace ecs; expected '
                              'service/<cluster-name>/<service-name>' % rid)
        return m.group(1), m.group(2)

    def _ecs_service_exists(self, cluster, name):
        ecs = self.emu.services.get('ecs')
        if ecs is None:
            return False
        with ecs._lock:
            svc = ecs.services.get((cluster, name))
            return svc is not None and svc['status'] == 'ACTIVE' and \
                not self.emu.hidden(svc['arn'])

    def _target(self, ns, rid, dim):
        t = self.targets.get((ns, rid, dim))
        if t is None or self.emu.hidden(t['arn']):
            raise _no_target(ns, rid, dim)
        return t

    @staticmethod
    def _tags_in(tags):
        tags = dict(tags or {})
        if len(tags) > _MAX_TAGS:
            raise AwsError('TooManyTagsException', 'Too many tags; at most %d are allowed.'
                           % _MAX_TAGS)
        return tags

    # -- scalable targets ----------------------------------------------------

    def op_RegisterScalableTarget(self, p):
        ns, rid, dim = p['ServiceNamespace'], p['ResourceId'], p['ScalableDimension']
        cluster, name = self._check_resource(ns, rid, dim)
        key = (ns, rid, dim)
        t = self.targets.get(key)
        if t is None:
            if not self._ecs_service_exists(cluster, name):
                raise _validation("ECS service doesn't exist: %s" % rid)
            lo, hi = p.get('MinCapacity'), p.get('MaxCapacity')
            if lo is None or hi is None:
                raise _validation('MinCapacity and MaxCapacity are required for registering a '
                                  'new scalable target')
            if lo > hi:
                raise _validation('Minimum capacity cannot be greater than maximum capacity')
            t = {'arn': store.arn('application-autoscaling', self.emu.region,
                                  self.emu.account_id,
                                  'scalable-target/%s' % store.hex_digits(36)),
                 'ns': ns, 'rid': rid, 'dim': dim, 'min': lo, 'max': hi,
                 'role': p.get('RoleARN') or
                 'arn:aws:iam::%s:role/aws-service-role/ecs.application-autoscaling.'
                 'amazonaws.com/AWSServiceRoleForApplicationAutoScaling_ECSService'
                 % self.emu.account_id,
                 'suspended': {'DynamicScalingInSuspended': False,
                               'DynamicScalingOutSuspended': False,
                               'ScheduledScalingSuspended': False},
                 'created': self._now(), 'tags': self._tags_in(p.get('Tags'))}
            for k, v in (p.get('SuspendedState') or {}).items():
                t['suspended'][k] = v
            self.targets[key] = t
            self.emu.note_created(t['arn'])
            return {'ScalableTargetARN': t['arn']}
        lo = p['MinCapacity'] if p.get('MinCapacity') is not None else t['min']
        hi = p['MaxCapacity'] if p.get('MaxCapacity') is not None else t['max']
        if lo > hi:
            raise _validation('Minimum capacity cannot be greater than maximum capacity')
        t['min'], t['max'] = lo, hi
        if p.get('RoleARN'):
            t['role'] = p['RoleARN']
        for k, v in (p.get('SuspendedState') or {}).items():
            t['suspended'][k] = v
        return {'ScalableTargetARN': t['arn']}

    def _target_out(self, t):
        return {'ServiceNamespace': t['ns'], 'ResourceId': t['rid'],
                'ScalableDimension': t['dim'], 'MinCapacity': t['min'],
                'MaxCapacity': t['max'], 'RoleARN': t['role'], 'CreationTime': t['created'],
                'SuspendedState': dict(t['suspended']), 'ScalableTargetARN': t['arn']}

    @staticmethod
    def _page(items, token, size):
        start = 0
        if token:
            if not token.isdigit() or int(token) > len(items):
                raise _validation('Invalid NextToken')
            start = int(token)
        size = size or 50
        nxt = str(start + size) if start + size < len(items) else None
        return items[start:start + size], nxt

    def op_DescribeScalableTargets(self, p):
        ns = p['ServiceNamespace']
        ids = p.get('ResourceIds')
        dim = p.get('ScalableDimension')
        found = [t for t in self.targets.values()
                 if t['ns'] == ns and (ids is None or t['rid'] in ids)
                 and (dim is None or t['dim'] == dim) and not self.emu.hidden(t['arn'])]
        page, nxt = self._page(found, p.get('NextToken'), p.get('MaxResults'))
        out = {'ScalableTargets': [self._target_out(t) for t in page]}
        if nxt:
            out['NextToken'] = nxt
        return out

    def op_DeregisterScalableTarget(self, p):
        key = (p['ServiceNamespace'], p['ResourceId'], p['ScalableDimension'])
        self._target(*key)
        del self.targets[key]
        for pk in [k for k in self.policies if k[:3] == key]:
            del self.policies[pk]
        return {}

    # -- scaling policies ------------------------------------------------------

    def _alarms(self, rid, name):
        out = []
        for which in ('AlarmHigh', 'AlarmLow'):
            alarm = 'TargetTracking-%s-%s-%s' % (rid, which, store.new_uuid())
            out.append({'AlarmName': alarm,
                        'AlarmARN': store.arn('cloudwatch', self.emu.region,
                                              self.emu.account_id, 'alarm:' + alarm)})
        return out

    @staticmethod
    def _check_target_tracking(cfg):
        if cfg is None:
            raise _validation('TargetTrackingScalingPolicyConfiguration is required for a '
                              'policy of type TargetTrackingScaling')
        pre = cfg.get('PredefinedMetricSpecification')
        cus = cfg.get('CustomizedMetricSpecification')
        if (pre is None) == (cus is None):
            raise _validation('Exactly one of PredefinedMetricSpecification and '
                              'CustomizedMetricSpecification must be specified')
        if cus is not None:
            _check_customized(cus)
        if pre is not None:
            if pre['PredefinedMetricType'] not in _ECS_METRICS:
                raise _validation('Unsupported metric type %s for service namespace ecs'
                                  % pre['PredefinedMetricType'])
            if pre['PredefinedMetricType'] == 'ALBRequestCountPerTarget' and \
                    not pre.get('ResourceLabel'):
                raise _validation('ResourceLabel is required for metric type '
                                  'ALBRequestCountPerTarget')

    @staticmethod
    def _check_step(cfg):
        if cfg is None:
            raise _validation('StepScalingPolicyConfiguration is required for a policy of '
                              'type StepScaling')
        for s in cfg.get('StepAdjustments') or []:
            lo = s.get('MetricIntervalLowerBound')
            hi = s.get('MetricIntervalUpperBound')
            if lo is None and hi is None:
                raise _validation('Step adjustments must have a lower or an upper bound')
            if lo is not None and hi is not None and lo >= hi:
                raise _validation('The lower bound of a step adjustment must be less than its '
                                  'upper bound')

    def op_PutScalingPolicy(self, p):
        key = (p['ServiceNamespace'], p['ResourceId'], p['ScalableDimension'])
        self._target(*key)
        kind = p.get('PolicyType') or 'StepScaling'
        if kind == 'PredictiveScaling':
            raise _validation('PredictiveScaling is not supported for service namespace ecs '
                              'by this emulator')
        tt = p.get('TargetTrackingScalingPolicyConfiguration')
        step = p.get('StepScalingPolicyConfiguration')
        if kind == 'TargetTrackingScaling':
            self._check_target_tracking(tt)
            if step is not None:
                raise _validation('StepScalingPolicyConfiguration is not valid for a policy of '
                                  'type TargetTrackingScaling')
        else:
            self._check_step(step)
            if tt is not None:
                raise _validation('TargetTrackingScalingPolicyConfiguration is not valid for a '
                                  'policy of type StepScaling')
        pkey = key + (p['PolicyName'],)
        pol = self.policies.get(pkey)
        if pol is None or pol['PolicyType'] != kind:
            old_arn = pol['PolicyARN'] if pol else None
            pol = {'PolicyARN': old_arn or store.arn(
                       'autoscaling', self.emu.region, self.emu.account_id,
                       'scalingPolicy:%s:resource/%s/%s:policyName/%s'
                       % (store.new_uuid(), key[0], key[1], p['PolicyName'])),
                   'PolicyName': p['PolicyName'], 'ServiceNamespace': key[0],
                   'ResourceId': key[1], 'ScalableDimension': key[2],
                   'CreationTime': self._now(),
                   'Alarms': self._alarms(key[1], p['PolicyName'])
                   if kind == 'TargetTrackingScaling' else []}
            self.policies[pkey] = pol
            if old_arn is None:
                self.emu.note_created(pol['PolicyARN'])
        pol['PolicyType'] = kind
        pol.pop('TargetTrackingScalingPolicyConfiguration', None)
        pol.pop('StepScalingPolicyConfiguration', None)
        if kind == 'TargetTrackingScaling':
            cfg = dict(tt)
            # AWS answers the defaults it applies.
            cfg.setdefault('DisableScaleIn', False)
            pol['TargetTrackingScalingPolicyConfiguration'] = cfg
        else:
            pol['StepScalingPolicyConfiguration'] = dict(step)
        return {'PolicyARN': pol['PolicyARN'], 'Alarms': list(pol['Alarms'])}

    def op_DescribeScalingPolicies(self, p):
        ns = p['ServiceNamespace']
        names = p.get('PolicyNames')
        found = [dict(pol) for pol in self.policies.values()
                 if pol['ServiceNamespace'] == ns
                 and (names is None or pol['PolicyName'] in names)
                 and (p.get('ResourceId') is None or pol['ResourceId'] == p['ResourceId'])
                 and (p.get('ScalableDimension') is None or
                      pol['ScalableDimension'] == p['ScalableDimension'])]
        page, nxt = self._page(found, p.get('NextToken'), p.get('MaxResults'))
        out = {'ScalingPolicies': page}
        if nxt:
            out['NextToken'] = nxt
        return out

    def op_DeleteScalingPolicy(self, p):
        pkey = (p['ServiceNamespace'], p['ResourceId'], p['ScalableDimension'], p['PolicyName'])
        if pkey not in self.policies:
            raise AwsError('ObjectNotFoundException',
                           'No scaling policy found for service namespace: %s, resource ID: '
                           '%s, scalable dimension: %s, policy name: %s' % pkey)
        del self.policies[pkey]
        return {}

    # -- tags ------------------------------------------------------------------

    def _tag_target(self, arn):
        for t in self.targets.values():
            if t['arn'] == arn:
                return t['tags']
        raise AwsError('ResourceNotFoundException', 'Scalable target with ARN %s not found.'
                       % arn)

    def op_TagResource(self, p):
        tags = self._tag_target(p['ResourceARN'])
        merged = dict(tags)
        merged.update(p['Tags'])
        tags.clear()
        tags.update(self._tags_in(merged))
        return {}

    def op_UntagResource(self, p):
        tags = self._tag_target(p['ResourceARN'])
        for k in p['TagKeys']:
            tags.pop(k, None)
        return {}

    def op_ListTagsForResource(self, p):
        return {'Tags': dict(self._tag_target(p['ResourceARN']))}

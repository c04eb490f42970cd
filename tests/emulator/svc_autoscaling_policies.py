"""Amazon EC2 Auto Scaling scaling policies.  A mixin of svc_autoscaling.Service.

  PutScalingPolicy    creates or replaces a policy of a group: SimpleScaling
                      (ScalingAdjustment required, Cooldown), StepScaling
                      (StepAdjustments required, MetricAggregationType
                      defaulting to Average, EstimatedInstanceWarmup),
                      TargetTrackingScaling (TargetTrackingConfiguration
                      required, with a predefined or a customized metric),
                      PredictiveScaling; parameters another type does not
                      take are refused with AWS's ValidationError texts.
                      Answers the policy ARN (and the alarms a target
                      tracking policy makes).
  DescribePolicies    of a group or of every group, by names and types, paged
  DeletePolicy        by group and name, or by ARN

Policies live in their group's record and go away with it.
"""

import store
from errors import AwsError

_TYPES = ('SimpleScaling', 'StepScaling', 'TargetTrackingScaling', 'PredictiveScaling')
_ADJUSTMENT_TYPES = ('ChangeInCapacity', 'ExactCapacity', 'PercentChangeInCapacity')
_AGGREGATIONS = ('Minimum', 'Maximum', 'Average')


def _validation(message):
    return AwsError('ValidationError', message)


class PoliciesMixin:
    """Scaling policies for svc_autoscaling.Service (see the module docstring)."""

    def _policies(self, g):
        return g.setdefault('policies', {})

    def _policy_check(self, p, ptype):
        def only(member, types):
            # a Cooldown of 0 passes for every type (clients resend it)
            if member == 'Cooldown' and p.get(member) == 0:
                return
            if p.get(member) is not None and ptype not in types:
                raise _validation('%s is not supported for policy type %s.' % (member, ptype))
        only('AdjustmentType', ('SimpleScaling', 'StepScaling'))
        only('Cooldown', ('SimpleScaling',))
        only('ScalingAdjustment', ('SimpleScaling',))
        only('MinAdjustmentMagnitude', ('SimpleScaling', 'StepScaling'))
        only('StepAdjustments', ('StepScaling',))
        only('MetricAggregationType', ('StepScaling',))
        only('EstimatedInstanceWarmup', ('StepScaling', 'TargetTrackingScaling'))
        only('TargetTrackingConfiguration', ('TargetTrackingScaling',))
        only('PredictiveScalingConfiguration', ('PredictiveScaling',))
        at = p.get('AdjustmentType')
        if at is not None and at not in _ADJUSTMENT_TYPES:
            raise _validation('Unsupported adjustment type: %s' % at)
        if p.get('MinAdjustmentMagnitude') is not None and at != 'PercentChangeInCapacity':
            raise _validation('MinAdjustmentMagnitude is only supported with adjustment type '
                              'PercentChangeInCapacity.')
        if ptype == 'SimpleScaling' and p.get('ScalingAdjustment') is None:
            raise _validation('ScalingAdjustment is required for policy type SimpleScaling.')
        if ptype == 'StepScaling':
            steps = p.get('StepAdjustments') or []
            if not steps:
                raise _validation('StepAdjustments is required for policy type StepScaling.')
            if at is None:
                raise _validation('AdjustmentType is required for policy type StepScaling.')
            agg = p.get('MetricAggregationType')
            if agg is not None and agg not in _AGGREGATIONS:
                raise _validation('Unsupported metric aggregation type: %s' % agg)
            unbounded_low = [s for s in steps if s.get('MetricIntervalLowerBound') is None]
            unbounded_high = [s for s in steps if s.get('MetricIntervalUpperBound') is None]
            if len(unbounded_low) > 1 or len(unbounded_high) > 1:
                raise _validation('Only one step adjustment may have an unbounded lower or '
                                  'upper bound.')
        if ptype == 'TargetTrackingScaling':
            tt = p.get('TargetTrackingConfiguration')
            if tt is None:
                raise _validation('TargetTrackingConfiguration is required for policy type '
                                  'TargetTrackingScaling.')
            pre, cust = tt.get('PredefinedMetricSpecification'), \
                tt.get('CustomizedMetricSpecification')
            if (pre is None) == (cust is None):
                raise _validation('Exactly one of PredefinedMetricSpecification and '
                                  'CustomizedMetricSpecification must be given.')
            if pre is not None and pre.get('PredefinedMetricType') == 'ALBRequestCountPerTarget' \
                    and not pre.get('ResourceLabel'):
                raise _validation('ResourceLabel is required for the predefined metric type '
                                  'ALBRequestCountPerTarget.')
        if ptype == 'PredictiveScaling' and p.get('PredictiveScalingConfiguration') is None:
            raise _validation('PredictiveScalingConfiguration is required for policy type '
                              'PredictiveScaling.')

    def op_PutScalingPolicy(self, p):
        g = self._group(p['AutoScalingGroupName'])
        ptype = p.get('PolicyType') or 'SimpleScaling'
        if ptype not in _TYPES:
            raise _validation('Unsupported policy type: %s' % ptype)
        self._policy_check(p, ptype)
        name = p['PolicyName']
        policies = self._policies(g)
        old = policies.get(name)
        arn = old['PolicyARN'] if old else store.arn(
            'autoscaling', self.emu.region, self.emu.account_id,
            'scalingPolicy:%s:autoScalingGroupName/%s:policyName/%s'
            % (store.new_uuid(), g['name'], name))
        pol = {'AutoScalingGroupName': g['name'], 'PolicyName': name, 'PolicyARN': arn,
               'PolicyType': ptype, 'Enabled': p.get('Enabled', True)}
        if ptype != 'SimpleScaling':
            p = dict(p, Cooldown=None)
        for k in ('AdjustmentType', 'Cooldown', 'ScalingAdjustment', 'MinAdjustmentMagnitude',
                  'StepAdjustments', 'EstimatedInstanceWarmup', 'TargetTrackingConfiguration',
                  'PredictiveScalingConfiguration'):
            if p.get(k) is not None:
                pol[k] = p[k]
        if ptype == 'StepScaling':
            pol['MetricAggregationType'] = p.get('MetricAggregationType') or 'Average'
        alarms = []
        if ptype == 'TargetTrackingScaling':
            for side in ('AlarmHigh', 'AlarmLow'):
                aname = 'TargetTracking-%s-%s-%s' % (g['name'], side, store.new_uuid())
                alarms.append({'AlarmName': aname, 'AlarmARN': store.arn(
                    'cloudwatch', self.emu.region, self.emu.account_id, 'alarm:' + aname)})
            if pol['TargetTrackingConfiguration'].get('DisableScaleIn') is None:
                pol['TargetTrackingConfiguration']['DisableScaleIn'] = False
        pol['Alarms'] = alarms
        policies[name] = pol
        return {'PolicyARN': arn, 'Alarms': alarms}

    def op_DescribePolicies(self, p):
        if p.get('AutoScalingGroupName'):
            groups = [self._group(p['AutoScalingGroupName'], deleting_ok=True)]
        else:
            groups = [g for _, g in sorted(self.groups.items())
                      if not self.emu.hidden(g['arn'])]
        names, types = p.get('PolicyNames'), p.get('PolicyTypes')
        rows = []
        for g in groups:
            for name, pol in sorted(self._policies(g).items()):
                if names and name not in names and pol['PolicyARN'] not in names:
                    continue
                if types and pol['PolicyType'] not in types:
                    continue
                rows.append(pol)
        from svc_autoscaling import _page
        page, nxt = _page(rows, p.get('NextToken'), p.get('MaxRecords'))
        out = {'ScalingPolicies': page}
        if nxt:
            out['NextToken'] = nxt
        return out

    def op_DeletePolicy(self, p):
        name = p['PolicyName']
        if name.startswith('arn:'):
            for g in self.groups.values():
                for pname, pol in list(self._policies(g).items()):
                    if pol['PolicyARN'] == name:
                        del g['policies'][pname]
                        return {}
            raise _validation('Policy %s not found.' % name)
        if not p.get('AutoScalingGroupName'):
            raise _validation('AutoScalingGroupName is required with a policy name.')
        g = self._group(p['AutoScalingGroupName'], deleting_ok=True)
        if name not in self._policies(g):
            raise _validation('Policy %s not found.' % name)
        del g['policies'][name]
        return {}

"""Amazon CloudWatch (query): metric alarms and their tags.

The one idea: PutMetricAlarm is an upsert -- it creates the alarm or
replaces every setting of an existing one (what it omits is cleared, tags
excepted) -- so the emulator stores exactly what the last call said, after
the cross-field checks AWS makes (a metric or a metric math query, a
statistic or an extended statistic, one query returning data).

hashicorp/aws 5.100.0 (aws-sdk-go-v2 service/cloudwatch 1.45.1) speaks the
awsQuery protocol; the 2026 model prefers smithy-rpc-v2-cbor and also lists
awsJson1_0 and awsQuery, and model.py picks awsQuery for the emulator.
"""

import re
import threading

import store
from errors import AwsError, ServiceBase

_MAX_TAGS = 50
_ACTION_RE = re.compile(r'^arn:aws[a-z-]*:(sns|autoscaling|ec2|automate|ssm|lambda|'
                        r'ssm-incidents|opsinsights):')


def _validation(msg):
    return AwsError('ValidationError', msg)


def _invalid(msg):
    return AwsError('InvalidParameterValue', msg)


def _combination(msg):
    return AwsError('InvalidParameterCombination', msg)


class Service(ServiceBase):
    signing_name = 'monitoring'
    model_name = 'cloudwatch'

    def __init__(self, emu):
        self.emu = emu
        self._lock = threading.RLock()
        self.reset()

    def reset(self):
        with self._lock:
            self.alarms = {}        # name -> MetricAlarm record (+ '_tags')

    def snapshot(self):
        with self._lock:
            return {'metric_alarms': sorted(a['AlarmArn'] for a in self.alarms.values())}

    def _arn(self, name):
        return store.arn('cloudwatch', self.emu.region, self.emu.account_id, 'alarm:' + name)

    # -- checks AWS makes beyond the model -------------------------------------------

    @staticmethod
    def _check_period(period, what='Period'):
        if period not in (1, 5, 10, 20, 30) and period % 60 != 0:
            raise _invalid('The parameter %s must be 10, 20, 30 or a multiple of 60.' % what)

    def _check(self, p):
        if p.get('ComparisonOperator') is None:
            raise _validation('ComparisonOperator is required for a metric alarm.')
        if p.get('EvaluationPeriods') is None:
            raise _validation('EvaluationPeriods is required for a metric alarm.')
        metrics = p.get('Metrics')
        if metrics:
            for k in ('MetricName', 'Namespace', 'Statistic', 'ExtendedStatistic',
                      'Dimensions', 'Period', 'Unit'):
                if p.get(k) is not None:
                    raise _combination('The parameters Metrics and %s are mutually exclusive '
                                       'and you have specified both.' % k)
            ids = set()
            returning = 0
            for q in metrics:
                if q['Id'] in ids:
                    raise _validation('The value of Metrics[].Id must be unique: %s' % q['Id'])
                ids.add(q['Id'])
                if not re.fullmatch(r'[a-z][a-zA-Z0-9_]*', q['Id']):
                    raise _validation('Invalid metrics list: the Id %s must start with a '
                                      'lowercase letter and contain only letters, numbers '
                                      'and underscores.' % q['Id'])
                if bool(q.get('Expression')) == bool(q.get('MetricStat')):
                    raise _validation('Exactly one element of the metrics list should specify '
                                      'either Expression or MetricStat: %s' % q['Id'])
                if q.get('MetricStat'):
                    self._check_period(q['MetricStat']['Period'], 'MetricStat.Period')
                if q.get('ReturnData', True):
                    returning += 1
            if p.get('ThresholdMetricId'):
                if p['ThresholdMetricId'] not in ids:
                    raise _validation('ThresholdMetricId %s does not match any Id of the '
                                      'metrics list.' % p['ThresholdMetricId'])
            elif returning != 1:
                raise _validation('Exactly one element of the metrics list should return data.')
        else:
            if not p.get('MetricName') or not p.get('Namespace'):
                raise _validation('A metric alarm needs MetricName and Namespace, or Metrics.')
            if bool(p.get('Statistic')) == bool(p.get('ExtendedStatistic')):
                raise _combination('Exactly one of Statistic and ExtendedStatistic must be '
                                   'specified.')
            if p.get('Period') is None:
                raise _validation('Period must not be null')
            self._check_period(p['Period'])
            es = p.get('ExtendedStatistic')
            if es and not re.fullmatch(r'(p|tm|tc|ts|wm|PR|TM|TC|TS)\(?[0-9.:%]*\)?|'
                                       r'p\d+(\.\d+)?', es):
                raise _invalid('The value %s for parameter ExtendedStatistic is not '
                               'supported.' % es)
        if p.get('Threshold') is None and not p.get('ThresholdMetricId') and not (
                p.get('ComparisonOperator', '').startswith(('LessThanLower', 'GreaterThanUpper'))):
            raise _validation('Threshold must be specified for a static threshold alarm.')
        dta = p.get('DatapointsToAlarm')
        if dta is not None and dta > p['EvaluationPeriods']:
            raise _validation('DatapointsToAlarm must be less than or equal to '
                              'EvaluationPeriods.')
        for k in ('AlarmActions', 'OKActions', 'InsufficientDataActions'):
            for a in p.get(k) or []:
                if not _ACTION_RE.match(a):
                    raise _validation('Invalid arn syntax: %s' % a)
        elsc = p.get('EvaluateLowSampleCountPercentile')
        if elsc is not None and elsc not in ('evaluate', 'ignore'):
            raise _validation('Option unavailable for EvaluateLowSampleCountPercentile: %s'
                              % elsc)

    # -- operations ----------------------------------------------------------

    def op_PutMetricAlarm(self, p):
        self._check(p)
        name = p['AlarmName']
        now = self.emu.now()
        with self._lock:
            old = self.alarms.get(name)
            tags = dict(old['_tags']) if old else {}
            tags.update(store.tags_from_list(p.get('Tags')))
            if len(tags) > _MAX_TAGS:
                raise _validation('Too many tags.')
            rec = {k: v for k, v in p.items() if k != 'Tags' and v is not None}
            rec.setdefault('ActionsEnabled', True)
            for k in ('AlarmActions', 'OKActions', 'InsufficientDataActions'):
                rec.setdefault(k, [])
            rec.setdefault('Dimensions', [])
            rec['AlarmArn'] = self._arn(name)
            rec['AlarmConfigurationUpdatedTimestamp'] = now
            if old is None:
                rec.update({'StateValue': 'INSUFFICIENT_DATA',
                            'StateReason': 'Unchecked: Initial alarm creation',
                            'StateUpdatedTimestamp': now, 'StateTransitionedTimestamp': now})
                self.emu.note_created(rec['AlarmArn'])
            else:
                for k in ('StateValue', 'StateReason', 'StateUpdatedTimestamp',
                          'StateTransitionedTimestamp'):
                    rec[k] = old[k]
            rec['_tags'] = tags
            self.alarms[name] = rec
        return {}

    def op_DescribeAlarms(self, p):
        with self._lock:
            items = sorted(self.alarms.values(), key=lambda a: a['AlarmName'])
            if p.get('AlarmNames'):
                items = [a for a in items if a['AlarmName'] in p['AlarmNames']]
            if p.get('AlarmNamePrefix'):
                if p.get('AlarmNames'):
                    raise _combination('AlarmNames and AlarmNamePrefix are mutually exclusive.')
                items = [a for a in items if a['AlarmName'].startswith(p['AlarmNamePrefix'])]
            if p.get('StateValue'):
                items = [a for a in items if a['StateValue'] == p['StateValue']]
            if p.get('ActionPrefix'):
                items = [a for a in items if any(x.startswith(p['ActionPrefix'])
                                                 for x in a['AlarmActions'])]
            types = p.get('AlarmTypes') or ['MetricAlarm']
            if 'MetricAlarm' not in types:
                items = []
            size = p.get('MaxRecords') or 50
            start = int(p['NextToken']) if (p.get('NextToken') or '').isdigit() else 0
            page = items[start:start + size]
            out = {'MetricAlarms': [{k: v for k, v in a.items() if not k.startswith('_')}
                                    for a in page], 'CompositeAlarms': []}
            if start + size < len(items):
                out['NextToken'] = str(start + size)
            return out

    def op_DeleteAlarms(self, p):
        with self._lock:
            missing = [n for n in p['AlarmNames'] if n not in self.alarms]
            if missing:
                raise AwsError('ResourceNotFound', 'Alarms not found: %s' % ', '.join(missing),
                               404)
            for n in p['AlarmNames']:
                del self.alarms[n]
        return {}

    def _by_arn(self, arn):
        for a in self.alarms.values():
            if a['AlarmArn'] == arn:
                return a
        raise AwsError('ResourceNotFoundException', 'Resource %s not found' % arn, 404)

    def op_TagResource(self, p):
        with self._lock:
            a = self._by_arn(p['ResourceARN'])
            tags = dict(a['_tags'])
            tags.update(store.tags_from_list(p['Tags']))
            if len(tags) > _MAX_TAGS:
                raise _validation('Too many tags.')
            a['_tags'] = tags
        return {}

    def op_UntagResource(self, p):
        with self._lock:
            a = self._by_arn(p['ResourceARN'])
            for k in p['TagKeys']:
                a['_tags'].pop(k, None)
        return {}

    def op_ListTagsForResource(self, p):
        with self._lock:
            return {'Tags': store.tags_to_list(self._by_arn(p['ResourceARN'])['_tags'])}

    # -- test hooks --------------------------------------------------------------

    def control_set_threshold(self, body):
        """{'name': ..., 'threshold': x}: a change made outside Terraform."""
        with self._lock:
            a = self.alarms.get(body['name'])
            if a is None:
                raise AwsError('ResourceNotFound', 'no alarm %s' % body['name'])
            a['Threshold'] = float(body['threshold'])
            return {'ok': True}

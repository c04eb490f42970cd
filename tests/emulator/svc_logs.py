"""Amazon CloudWatch Logs (json 1.1): log groups, their retention, KMS key and tags.

The one idea: a log group is known by its name; its ARN comes in two forms
that AWS returns side by side, `arn` with a trailing `:*` (every stream of
the group) and `logGroupArn` without it, and tag calls take the latter.
"""

import re
import threading

import store
from errors import AwsError, ServiceBase

# PutRetentionPolicy accepts only these (days).
RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096,
                  1827, 2192, 2557, 2922, 3288, 3653)
_NAME_RE = re.compile(r'^[\.\-_/#A-Za-z0-9]+$')
_MAX_TAGS = 50


def _not_found(what='log group'):
    return AwsError('ResourceNotFoundException', 'The specified %s does not exist.' % what)


def _invalid(msg):
    return AwsError('InvalidParameterException', msg)


class Service(ServiceBase):
    signing_name = 'logs'
    model_name = 'logs'

    def __init__(self, emu):
        self.emu = emu
        self._lock = threading.RLock()
        self.reset()

    def reset(self):
        with self._lock:
            self.groups = {}        # name -> record

    def snapshot(self):
        with self._lock:
            return {'log_groups': sorted(g['logGroupArn'] for g in self.groups.values())}

    # -- helpers -------------------------------------------------------------

    def _arn(self, name):
        return store.arn('logs', self.emu.region, self.emu.account_id, 'log-group:' + name)

    def _group(self, name):
        g = self.groups.get(name)
        if g is None:
            raise _not_found()
        return g

    def _by_arn(self, arn):
        for g in self.groups.values():
            if arn in (g['logGroupArn'], g['arn']):
                return g
        raise _not_found('resource')

    def _check_name(self, name):
        if not _NAME_RE.match(name):
            raise _invalid('1 validation error detected: Value \'%s\' at \'logGroupName\' failed '
                           'to satisfy constraint: Member must satisfy regular expression '
                           'pattern: [\\.\\-_/#A-Za-z0-9]+' % name)

    @staticmethod
    def _check_tags(tags):
        if len(tags) > _MAX_TAGS:
            raise _invalid('Too many tags: a log group can have at most %d.' % _MAX_TAGS)
        for k in tags:
            if k.lower().startswith('aws:'):
                raise _invalid('Tag keys beginning with aws: are reserved.')

    def _out(self, g):
        out = {k: v for k, v in g.items() if not k.startswith('_')}
        return out

    # -- operations ----------------------------------------------------------

    def op_CreateLogGroup(self, p):
        name = p['logGroupName']
        self._check_name(name)
        tags = dict(p.get('tags') or {})
        self._check_tags(tags)
        with self._lock:
            if name in self.groups:
                raise AwsError('ResourceAlreadyExistsException',
                               'The specified log group already exists')
            arn = self._arn(name)
            g = {'logGroupName': name, 'creationTime': int(self.emu.now().timestamp() * 1000),
                 'metricFilterCount': 0, 'arn': arn + ':*', 'logGroupArn': arn,
                 'storedBytes': 0, 'logGroupClass': p.get('logGroupClass') or 'STANDARD',
                 'deletionProtectionEnabled': bool(p.get('deletionProtectionEnabled')),
                 '_tags': tags}
            if p.get('kmsKeyId'):
                g['kmsKeyId'] = p['kmsKeyId']
            self.groups[name] = g
            self.emu.note_created(arn)
        return {}

    def op_DeleteLogGroup(self, p):
        with self._lock:
            g = self._group(p['logGroupName'])
            if g.get('deletionProtectionEnabled'):
                raise AwsError('OperationAbortedException',
                               'Log group has deletion protection enabled')
            del self.groups[g['logGroupName']]
        return {}

    def op_DescribeLogGroups(self, p):
        prefix = p.get('logGroupNamePrefix')
        pattern = p.get('logGroupNamePattern')
        if prefix and pattern:
            raise _invalid('LogGroup name prefix and LogGroup name pattern are mutually '
                           'exclusive parameters.')
        with self._lock:
            items = sorted(self.groups.values(), key=lambda g: g['logGroupName'])
            if prefix:
                items = [g for g in items if g['logGroupName'].startswith(prefix)]
            if pattern:
                items = [g for g in items if pattern.lower() in g['logGroupName'].lower()]
            if p.get('logGroupClass'):
                items = [g for g in items if g['logGroupClass'] == p['logGroupClass']]
            ids = p.get('logGroupIdentifiers')
            if ids:
                items = [g for g in items if g['logGroupName'] in ids
                         or g['logGroupArn'] in ids]
            limit = p.get('limit') or 50
            start = 0
            token = p.get('nextToken')
            if token:
                try:
                    start = int(token)
                except ValueError:
                    raise _invalid('The specified nextToken is invalid.')
            page = items[start:start + limit]
            out = {'logGroups': [self._out(g) for g in page]}
            if start + limit < len(items):
                out['nextToken'] = str(start + limit)
            return out

    def op_PutRetentionPolicy(self, p):
        days = p['retentionInDays']
        if days not in RETENTION_DAYS:
            raise _invalid('1 validation error detected: Value \'%d\' at \'retentionInDays\' '
                           'failed to satisfy constraint: Member must satisfy enum value set: '
                           '[%s]' % (days, ', '.join(str(d) for d in RETENTION_DAYS)))
        with self._lock:
            g = self._group(p['logGroupName'])
            if g['logGroupClass'] == 'DELIVERY':
                raise _invalid('Retention of DELIVERY log groups cannot be changed.')
            g['retentionInDays'] = days
        return {}

    def op_DeleteRetentionPolicy(self, p):
        with self._lock:
            self._group(p['logGroupName']).pop('retentionInDays', None)
        return {}

    def _target(self, p):
        name = p.get('logGroupName')
        ident = p.get('resourceIdentifier')
        if bool(name) == bool(ident):
            raise _invalid('Exactly one of logGroupName and resourceIdentifier must be given.')
        if name:
            return self._group(name)
        return self._by_arn(ident)

    def op_AssociateKmsKey(self, p):
        if not p['kmsKeyId'].startswith('arn:'):
            raise _invalid('Specified KMS key ARN is not a valid ARN: %s' % p['kmsKeyId'])
        with self._lock:
            self._target(p)['kmsKeyId'] = p['kmsKeyId']
        return {}

    def op_DisassociateKmsKey(self, p):
        with self._lock:
            self._target(p).pop('kmsKeyId', None)
        return {}

    def op_TagResource(self, p):
        with self._lock:
            g = self._by_arn(p['resourceArn'])
            tags = dict(g['_tags'])
            tags.update(p['tags'])
            self._check_tags(tags)
            g['_tags'] = tags
        return {}

    def op_UntagResource(self, p):
        with self._lock:
            g = self._by_arn(p['resourceArn'])
            for k in p['tagKeys']:
                g['_tags'].pop(k, None)
        return {}

    def op_ListTagsForResource(self, p):
        with self._lock:
            return {'tags': dict(self._by_arn(p['resourceArn'])['_tags'])}

    # legacy tag calls, by name
    def op_ListTagsLogGroup(self, p):
        with self._lock:
            return {'tags': dict(self._group(p['logGroupName'])['_tags'])}

    # -- test hooks --------------------------------------------------------------

    def control_set_retention(self, body):
        """{'name': ..., 'days': n or 0}: changes a group as someone outside Terraform would."""
        with self._lock:
            g = self._group(body['name'])
            if body.get('days'):
                g['retentionInDays'] = int(body['days'])
            else:
                g.pop('retentionInDays', None)
            return self._out(g)

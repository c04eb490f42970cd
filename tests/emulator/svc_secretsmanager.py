"""AWS Secrets Manager (json 1.1): secrets, their versions and staging labels,
resource policies, tags, deletion with a recovery window, random passwords.

The one idea: a secret is a named container whose values are versions; a
version is identified by the ClientRequestToken that made it (the
idempotency token: repeating a request with the same token and value is
answered as the first one was) and found through its staging labels.
AWSCURRENT is on exactly one version once there is one; putting a new
current version moves AWSPREVIOUS to the old one.  A deleted secret stays,
scheduled for deletion, until its recovery window ends: its name is taken,
most operations refuse it, DescribeSecret shows DeletedDate and
RestoreSecret brings it back.  ForceDeleteWithoutRecovery removes it at once.
"""

import datetime
import json
import re
import secrets as _secrets
import string
import threading

import store
from errors import AwsError, ServiceBase

CURRENT = 'AWSCURRENT'
PREVIOUS = 'AWSPREVIOUS'
PENDING = 'AWSPENDING'

_NAME_RE = re.compile(r'^[A-Za-z0-9/_+=.@-]+$')
_SUFFIX_CHARS = string.ascii_letters + string.digits
# What GetRandomPassword draws from (AWS's documentation lists these
# punctuation characters).
_PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'
_MAX_TAGS = 50
_MAX_DEPRECATED = 100


def _not_found(what="Secrets Manager can't find the specified secret."):
    return AwsError('ResourceNotFoundException', what)


def _invalid_param(msg):
    return AwsError('InvalidParameterException', msg)


def _invalid_request(msg):
    return AwsError('InvalidRequestException', msg)


def _marked_for_deletion():
    return _invalid_request("You can't perform this operation on the secret because it was "
                            "marked for deletion.")


class Service(ServiceBase):
    signing_name = 'secretsmanager'
    model_name = 'secretsmanager'

    def __init__(self, emu):
        self.emu = emu
        self._lock = threading.RLock()
        self.reset()

    def reset(self):
        with self._lock:
            self.secrets = {}        # ARN -> record (deleted ones until purged)
            self.random_passwords = 0

    def snapshot(self):
        with self._lock:
            self._purge()
            live = sorted(s['ARN'] for s in self.secrets.values() if not s.get('DeletedDate'))
            scheduled = sorted(s['ARN'] for s in self.secrets.values() if s.get('DeletedDate'))
            # A secret scheduled for deletion is gone for its owner (ListSecrets
            # hides it); it is listed apart so that `empty` ignores it.
            return {'secrets': live, '_scheduled_for_deletion': scheduled}

    # -- helpers -------------------------------------------------------------

    def _purge(self):
        now = self.emu.now()
        for arn in [a for a, s in self.secrets.items()
                    if s.get('_purge_at') and s['_purge_at'] <= now]:
            del self.secrets[arn]

    def _find(self, secret_id, allow_deleted=True):
        """The record for a name, a full ARN or an ARN without its random suffix."""
        self._purge()
        rec = self.secrets.get(secret_id)
        if rec is None:
            for s in self.secrets.values():
                if s['Name'] == secret_id or s['ARN'][:-7] == secret_id:
                    rec = s
                    break
        if rec is None:
            raise _not_found()
        if not allow_deleted and rec.get('DeletedDate'):
            raise _marked_for_deletion()
        return rec

    def _by_name(self, name):
        for s in self.secrets.values():
            if s['Name'] == name:
                return s
        return None

    @staticmethod
    def _check_value(p, require):
        has_s, has_b = 'SecretString' in p, 'SecretBinary' in p
        if has_s and has_b:
            raise _invalid_param("You can't specify both a binary secret value and a string "
                                 "secret value in the same secret.")
        if require and not (has_s or has_b):
            raise _invalid_param('You must provide either SecretString or SecretBinary.')
        return has_s or has_b

    @staticmethod
    def _value_of(p):
        if 'SecretString' in p:
            return ('string', p['SecretString'])
        return ('binary', p['SecretBinary'])

    def _check_tags(self, tags):
        for t in tags or []:
            k = t.get('Key') or ''
            if k.lower().startswith('aws:'):
                raise _invalid_param('Invalid tag key: tag keys beginning with "aws:" are '
                                     'reserved.')

    def _add_version(self, rec, token, value, stages):
        """A new version (token = its id) holding stages; the labels move."""
        now = self.emu.now()
        stages = list(stages)
        old_current = self._version_with(rec, CURRENT) if CURRENT in stages else None
        for other in rec['_versions'].values():
            other['stages'] = [s for s in other['stages'] if s not in stages]
        if old_current is not None and PREVIOUS not in stages:
            for other in rec['_versions'].values():
                if PREVIOUS in other['stages']:
                    other['stages'].remove(PREVIOUS)
            old_current['stages'].append(PREVIOUS)
        rec['_versions'][token] = {'id': token, 'value': value, 'stages': stages,
                                   'created': now, 'last_accessed': None}
        # AWS keeps about 100 versions without labels and drops the oldest.
        deprecated = sorted((v for v in rec['_versions'].values() if not v['stages']),
                            key=lambda v: v['created'])
        while len(deprecated) > _MAX_DEPRECATED:
            del rec['_versions'][deprecated.pop(0)['id']]
        rec['LastChangedDate'] = now

    def _put_value(self, rec, token, p, stages):
        """PutSecretValue/UpdateSecret's value part, idempotent on the token."""
        value = self._value_of(p)
        old = rec['_versions'].get(token)
        if old is not None:
            if old['value'] != value:
                raise AwsError('ResourceExistsException',
                               "You can't modify an existing version, you can only create a "
                               "new version.")
            return old
        self._add_version(rec, token, value, stages)
        return rec['_versions'][token]

    @staticmethod
    def _version_with(rec, stage):
        for v in rec['_versions'].values():
            if stage in v['stages']:
                return v
        return None

    def _today(self):
        now = self.emu.now()
        return datetime.datetime(now.year, now.month, now.day, tzinfo=datetime.timezone.utc)

    # -- secrets -------------------------------------------------------------

    def op_CreateSecret(self, p):
        name = p['Name']
        if not _NAME_RE.match(name):
            raise _invalid_param('Invalid name. Must be a valid name containing alphanumeric '
                                 'characters, or any of the following: -/_+=.@!')
        has_value = self._check_value(p, require=False)
        self._check_tags(p.get('Tags'))
        if len(p.get('Tags') or []) > _MAX_TAGS:
            raise _invalid_param('Too many tags.')
        token = p.get('ClientRequestToken') or store.new_uuid()
        with self._lock:
            self._purge()
            rec = self._by_name(name)
            if rec is not None:
                if rec.get('DeletedDate'):
                    raise _invalid_request("You can't create this secret because a secret "
                                           "with this name is already scheduled for deletion.")
                if rec['_create_token'] == token:
                    # the same request repeated: answered as the first one
                    if has_value and rec['_versions'].get(token, {}).get('value') \
                            != self._value_of(p):
                        raise AwsError('ResourceExistsException',
                                       "You can't modify an existing version, you can only "
                                       "create a new version.")
                    return self._create_answer(rec, token if has_value else None)
                raise AwsError('ResourceExistsException',
                               'The operation failed because the secret %s already exists.'
                               % name)
            arn = store.arn('secretsmanager', self.emu.region, self.emu.account_id,
                            'secret:%s-%s' % (name, ''.join(
                                _secrets.choice(_SUFFIX_CHARS) for _ in range(6))))
            now = self.emu.now()
            rec = {'ARN': arn, 'Name': name, 'Description': p.get('Description'),
                   'KmsKeyId': p.get('KmsKeyId') or None, 'Tags': list(p.get('Tags') or []),
                   'CreatedDate': now, 'LastChangedDate': now, '_versions': {},
                   '_create_token': token, '_policy': None, '_replicas': []}
            for r in p.get('AddReplicaRegions') or []:
                rec['_replicas'].append(self._replica(r))
            if has_value:
                self._add_version(rec, token, self._value_of(p), [CURRENT])
            self.secrets[arn] = rec
            self.emu.note_created(arn)
            return self._create_answer(rec, token if has_value else None)

    def _replica(self, r):
        region = r['Region']
        if region == self.emu.region:
            raise _invalid_param('Invalid replica region: the secret is in %s already.' % region)
        out = {'Region': region, 'Status': 'InSync', 'StatusMessage': 'Replication succeeded'}
        if r.get('KmsKeyId'):
            out['KmsKeyId'] = r['KmsKeyId']
        return out

    @staticmethod
    def _create_answer(rec, version_id):
        out = {'ARN': rec['ARN'], 'Name': rec['Name']}
        if version_id:
            out['VersionId'] = version_id
        if rec['_replicas']:
            out['ReplicationStatus'] = [dict(r) for r in rec['_replicas']]
        return out

    def op_DescribeSecret(self, p):
        with self._lock:
            rec = self._find(p['SecretId'])
            out = {'ARN': rec['ARN'], 'Name': rec['Name'], 'CreatedDate': rec['CreatedDate'],
                   'LastChangedDate': rec['LastChangedDate'],
                   'VersionIdsToStages': {v['id']: list(v['stages'])
                                          for v in rec['_versions'].values() if v['stages']}}
            if rec.get('Description') is not None:
                out['Description'] = rec['Description']
            if rec.get('KmsKeyId'):
                out['KmsKeyId'] = rec['KmsKeyId']
            if rec['Tags']:
                out['Tags'] = [dict(t) for t in rec['Tags']]
            if rec.get('DeletedDate'):
                out['DeletedDate'] = rec['DeletedDate']
            if rec.get('LastAccessedDate'):
                out['LastAccessedDate'] = rec['LastAccessedDate']
            if rec['_replicas']:
                out['PrimaryRegion'] = self.emu.region
                out['ReplicationStatus'] = [dict(r) for r in rec['_replicas']]
            return out

    def op_UpdateSecret(self, p):
        has_value = self._check_value(p, require=False)
        with self._lock:
            rec = self._find(p['SecretId'], allow_deleted=False)
            out = {'ARN': rec['ARN'], 'Name': rec['Name']}
            if 'Description' in p:
                rec['Description'] = p['Description']
            if 'KmsKeyId' in p:
                rec['KmsKeyId'] = p['KmsKeyId'] or None
            if has_value:
                token = p.get('ClientRequestToken') or store.new_uuid()
                out['VersionId'] = self._put_value(rec, token, p, [CURRENT])['id']
            rec['LastChangedDate'] = self.emu.now()
            return out

    def op_DeleteSecret(self, p):
        force = p.get('ForceDeleteWithoutRecovery')
        window = p.get('RecoveryWindowInDays')
        if force and window is not None:
            raise _invalid_param("You can't use ForceDeleteWithoutRecovery in conjunction with "
                                 "RecoveryWindowInDays.")
        if window is not None and not 7 <= window <= 30:
            raise _invalid_param('The RecoveryWindowInDays value must be between 7 and 30 days '
                                 '(inclusive).')
        with self._lock:
            rec = self._find(p['SecretId'])
            now = self.emu.now()
            if force:
                del self.secrets[rec['ARN']]
                return {'ARN': rec['ARN'], 'Name': rec['Name'], 'DeletionDate': now}
            if rec.get('DeletedDate'):
                raise _invalid_request("You can't perform this operation on the secret because "
                                       "it was already scheduled for deletion.")
            rec['DeletedDate'] = now
            rec['_purge_at'] = now + datetime.timedelta(days=window or 30)
            return {'ARN': rec['ARN'], 'Name': rec['Name'], 'DeletionDate': rec['_purge_at']}

    def op_RestoreSecret(self, p):
        with self._lock:
            rec = self._find(p['SecretId'])
            rec.pop('DeletedDate', None)
            rec.pop('_purge_at', None)
            return {'ARN': rec['ARN'], 'Name': rec['Name']}

    def op_ListSecrets(self, p):
        with self._lock:
            self._purge()
            items = sorted(self.secrets.values(), key=lambda s: s['Name'])
            if not p.get('IncludePlannedDeletion'):
                items = [s for s in items if not s.get('DeletedDate')]
            for f in p.get('Filters') or []:
                vals = f.get('Values') or []
                if f['Key'] == 'name':
                    items = [s for s in items if any(s['Name'].startswith(v) for v in vals)]
                elif f['Key'] == 'all':
                    pass
                else:
                    raise _invalid_param('The filter key %s is not supported by the emulator.'
                                         % f['Key'])
            size = p.get('MaxResults') or 100
            start = int(p['NextToken']) if (p.get('NextToken') or '').isdigit() else 0
            out = {'SecretList': [{
                'ARN': s['ARN'], 'Name': s['Name'], 'Description': s.get('Description'),
                'CreatedDate': s['CreatedDate'], 'LastChangedDate': s['LastChangedDate'],
                'Tags': [dict(t) for t in s['Tags']] or None,
                'SecretVersionsToStages': {v['id']: list(v['stages'])
                                           for v in s['_versions'].values() if v['stages']}}
                for s in items[start:start + size]]}
            if start + size < len(items):
                out['NextToken'] = str(start + size)
            return out

    # -- values --------------------------------------------------------------

    def op_PutSecretValue(self, p):
        self._check_value(p, require=True)
        stages = p.get('VersionStages') or [CURRENT]
        token = p.get('ClientRequestToken') or store.new_uuid()
        with self._lock:
            rec = self._find(p['SecretId'], allow_deleted=False)
            if not rec['_versions'] and CURRENT not in stages:
                stages = list(stages) + [CURRENT]    # the first version is always current
            v = self._put_value(rec, token, p, stages)
            return {'ARN': rec['ARN'], 'Name': rec['Name'], 'VersionId': v['id'],
                    'VersionStages': list(v['stages'])}

    def op_GetSecretValue(self, p):
        with self._lock:
            rec = self._find(p['SecretId'], allow_deleted=False)
            vid, stage = p.get('VersionId'), p.get('VersionStage')
            if vid:
                v = rec['_versions'].get(vid)
                if v is None:
                    raise _not_found("Secrets Manager can't find the specified secret value "
                                     "for VersionId: %s" % vid)
                if stage and stage not in v['stages']:
                    raise _invalid_request('You provided a VersionStage that is not associated '
                                           'to the provided VersionId.')
            else:
                stage = stage or CURRENT
                v = self._version_with(rec, stage)
                if v is None:
                    raise _not_found("Secrets Manager can't find the specified secret value "
                                     "for staging label: %s" % stage)
            today = self._today()
            v['last_accessed'] = today
            rec['LastAccessedDate'] = today
            out = {'ARN': rec['ARN'], 'Name': rec['Name'], 'VersionId': v['id'],
                   'VersionStages': list(v['stages']) or None, 'CreatedDate': v['created']}
            kind, value = v['value']
            out['SecretString' if kind == 'string' else 'SecretBinary'] = value
            return out

    def op_ListSecretVersionIds(self, p):
        with self._lock:
            rec = self._find(p['SecretId'])
            items = sorted(rec['_versions'].values(), key=lambda v: v['created'], reverse=True)
            if not p.get('IncludeDeprecated'):
                items = [v for v in items if v['stages']]
            size = p.get('MaxResults') or 100
            start = int(p['NextToken']) if (p.get('NextToken') or '').isdigit() else 0
            out = {'ARN': rec['ARN'], 'Name': rec['Name'], 'Versions': []}
            for v in items[start:start + size]:
                e = {'VersionId': v['id'], 'CreatedDate': v['created'],
                     'KmsKeyIds': [rec.get('KmsKeyId') or 'DefaultEncryptionKey']}
                if v['stages']:
                    e['VersionStages'] = list(v['stages'])
                if v['last_accessed']:
                    e['LastAccessedDate'] = v['last_accessed']
                out['Versions'].append(e)
            if start + size < len(items):
                out['NextToken'] = str(start + size)
            return out

    def op_UpdateSecretVersionStage(self, p):
        stage = p['VersionStage']
        move_to, remove_from = p.get('MoveToVersionId'), p.get('RemoveFromVersionId')
        with self._lock:
            rec = self._find(p['SecretId'], allow_deleted=False)
            holder = self._version_with(rec, stage)
            for vid in (move_to, remove_from):
                if vid and vid not in rec['_versions']:
                    raise _not_found("Secrets Manager can't find the specified secret value "
                                     "for VersionId: %s" % vid)
            if holder is not None and holder['id'] != remove_from and holder['id'] != move_to:
                raise _invalid_param('The parameter RemoveFromVersionId can\'t be empty. '
                                     'Staging label %s is currently attached to version %s, '
                                     'so you must explicitly reference that version in '
                                     'RemoveFromVersionId.' % (stage, holder['id']))
            if remove_from:
                if stage == CURRENT and not move_to:
                    raise _invalid_param("You can only move staging label AWSCURRENT to a "
                                         "different secret version. It can't be completely "
                                         "removed.")
                v = rec['_versions'][remove_from]
                if stage not in v['stages']:
                    raise _invalid_param('The staging label %s is not attached to version %s.'
                                         % (stage, remove_from))
                v['stages'].remove(stage)
                if stage == CURRENT:
                    for other in rec['_versions'].values():
                        if PREVIOUS in other['stages']:
                            other['stages'].remove(PREVIOUS)
                    v['stages'].append(PREVIOUS)
            if move_to:
                v = rec['_versions'][move_to]
                if stage not in v['stages']:
                    v['stages'].append(stage)
                if stage == CURRENT and PREVIOUS in v['stages']:
                    v['stages'].remove(PREVIOUS)
            rec['LastChangedDate'] = self.emu.now()
            return {'ARN': rec['ARN'], 'Name': rec['Name']}

    # -- tags ----------------------------------------------------------------

    def op_TagResource(self, p):
        self._check_tags(p['Tags'])
        with self._lock:
            rec = self._find(p['SecretId'], allow_deleted=False)
            tags = {t['Key']: t.get('Value', '') for t in rec['Tags']}
            order = [t['Key'] for t in rec['Tags']]
            for t in p['Tags']:
                if t['Key'] not in tags:
                    order.append(t['Key'])
                tags[t['Key']] = t.get('Value', '')
            if len(order) > _MAX_TAGS:
                raise _invalid_param('Too many tags.')
            rec['Tags'] = [{'Key': k, 'Value': tags[k]} for k in order]
        return {}

    def op_UntagResource(self, p):
        with self._lock:
            rec = self._find(p['SecretId'], allow_deleted=False)
            rec['Tags'] = [t for t in rec['Tags'] if t['Key'] not in p['TagKeys']]
        return {}

    # -- resource policies ---------------------------------------------------

    def op_GetResourcePolicy(self, p):
        with self._lock:
            rec = self._find(p['SecretId'])
            out = {'ARN': rec['ARN'], 'Name': rec['Name']}
            if rec['_policy']:
                out['ResourcePolicy'] = rec['_policy']
            return out

    def op_PutResourcePolicy(self, p):
        text = p['ResourcePolicy']
        try:
            doc = json.loads(text)
        except ValueError:
            doc = None
        if not isinstance(doc, dict) or not doc.get('Statement'):
            raise AwsError('MalformedPolicyDocumentException',
                           'This resource policy contains a syntax error.')
        with self._lock:
            rec = self._find(p['SecretId'], allow_deleted=False)
            rec['_policy'] = text
            return {'ARN': rec['ARN'], 'Name': rec['Name']}

    def op_DeleteResourcePolicy(self, p):
        with self._lock:
            rec = self._find(p['SecretId'], allow_deleted=False)
            rec['_policy'] = None
            return {'ARN': rec['ARN'], 'Name': rec['Name']}

    # -- replication ---------------------------------------------------------

    def op_ReplicateSecretToRegions(self, p):
        with self._lock:
            rec = self._find(p['SecretId'], allow_deleted=False)
            have = {r['Region'] for r in rec['_replicas']}
            for r in p['AddReplicaRegions']:
                if r['Region'] not in have:
                    rec['_replicas'].append(self._replica(r))
            return {'ARN': rec['ARN'], 'ReplicationStatus': [dict(r) for r in rec['_replicas']]}

    def op_RemoveRegionsFromReplication(self, p):
        with self._lock:
            rec = self._find(p['SecretId'], allow_deleted=False)
            rec['_replicas'] = [r for r in rec['_replicas']
                                if r['Region'] not in p['RemoveReplicaRegions']]
            return {'ARN': rec['ARN'], 'ReplicationStatus': [dict(r) for r in rec['_replicas']]}

    # -- random passwords ----------------------------------------------------

    def op_GetRandomPassword(self, p):
        length = p.get('PasswordLength', 32)
        exclude = set(p.get('ExcludeCharacters') or '')
        classes = []
        if not p.get('ExcludeLowercase'):
            classes.append(string.ascii_lowercase)
        if not p.get('ExcludeUppercase'):
            classes.append(string.ascii_uppercase)
        if not p.get('ExcludeNumbers'):
            classes.append(string.digits)
        if not p.get('ExcludePunctuation'):
            classes.append(_PUNCTUATION)
        if p.get('IncludeSpace'):
            classes.append(' ')
        classes = [''.join(c for c in cls if c not in exclude) for cls in classes]
        classes = [cls for cls in classes if cls]
        if not classes:
            raise _invalid_param('The password must contain at least one character: every '
                                 'character type is excluded.')
        require = p.get('RequireEachIncludedType', True)
        if require and length < len(classes):
            raise _invalid_param('The password length %d is too short to include a character '
                                 'of each of the %d included types.' % (length, len(classes)))
        pool = ''.join(classes)
        chars = [_secrets.choice(cls) for cls in classes] if require else []
        chars += [_secrets.choice(pool) for _ in range(length - len(chars))]
        for i in range(len(chars) - 1, 0, -1):           # Fisher-Yates
            j = _secrets.randbelow(i + 1)
            chars[i], chars[j] = chars[j], chars[i]
        with self._lock:
            self.random_passwords += 1
        return {'RandomPassword': ''.join(chars)}

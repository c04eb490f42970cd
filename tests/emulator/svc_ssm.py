"""AWS Systems Manager Parameter Store (json 1.1): parameters, their versions and tags.

The one idea: a parameter is a name with a history of versions; a
SecureString's value is stored encrypted and only a caller asking for
decryption sees the plain text.  AWS's public parameters (`/aws/service/...`,
owned by no account, ARN without an account id) are seeded, the ECS-optimised
AMI ids pointing at images the EC2 emulator knows.
"""

import base64
import json
import re
import threading

import store
from errors import AwsError, ServiceBase

# Public parameters AWS publishes in every region (value = an AMI of svc_ec2._IMAGES).
PUBLIC_PARAMETERS = {
    '/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id':
        'ami-0c2d3e4f5a6b7c8d9',
    '/aws/service/ecs/optimized-ami/amazon-linux-2/recommended/image_id':
        'ami-0a9e8b4c3d2f1e0a7',
    '/aws/service/ecs/optimized-ami/amazon-linux-2/arm64/recommended/image_id':
        'ami-0b1c2d3e4f5a6b7c8',
    # The latest Amazon Linux images (the alb module's examples launch one).
    '/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2': 'ami-0e1f2a3b4c5d6e7f8',
    '/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-arm64-gp2': 'ami-0f2a3b4c5d6e7f809',
    '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64':
        'ami-01a2b3c4d5e6f7a8b',
    '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64': 'ami-01a2b3c4d5e6f7a8b',
    '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64':
        'ami-02b3c4d5e6f7a8b9c',
    '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-arm64': 'ami-02b3c4d5e6f7a8b9c',
}


def _recommended(image_id, image_name, image_version, os_name, source):
    # The JSON document AWS publishes beside each .../recommended/image_id.
    return json.dumps({'ecs_agent_version': '1.82.1', 'ecs_runtime_version': 'Docker version 20.10.25',
                       'image_id': image_id, 'image_name': image_name,
                       'image_version': image_version, 'os': os_name, 'schema_version': 1,
                       'source_image_name': source}, separators=(',', ':'))


# Public parameters whose value is a JSON document (data type 'text').
PUBLIC_TEXT_PARAMETERS = {
    '/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended': _recommended(
        'ami-0c2d3e4f5a6b7c8d9', 'al2023-ami-ecs-hvm-2023.0.20240312-kernel-6.1-x86_64',
        '2023.0.20240312', 'Amazon Linux 2023',
        'al2023-ami-minimal-2023.3.20240312.0-kernel-6.1-x86_64'),
    '/aws/service/ecs/optimized-ami/amazon-linux-2/recommended': _recommended(
        'ami-0a9e8b4c3d2f1e0a7', 'amzn2-ami-ecs-hvm-2.0.20240312-x86_64-ebs',
        '2.0.20240312', 'Amazon Linux 2', 'amzn2-ami-minimal-hvm-2.0.20240306.0-x86_64-ebs'),
}

_NAME_RE = re.compile(r'^/?[a-zA-Z0-9_.\-/]+$')
_MAX_TAGS = 50


def _not_found(name=None):
    return AwsError('ParameterNotFound', '' if name is None else
                    'Parameter %s not found.' % name)


def _validation(msg):
    return AwsError('ValidationException', msg)


def _encrypt(value, key_id):
    """What AWS hands out for a SecureString read without decryption: an
    opaque ciphertext (here recognisably not the plain text)."""
    return base64.b64encode(('kms:%s:' % key_id).encode() + value.encode()[::-1]).decode()


class Service(ServiceBase):
    signing_name = 'ssm'
    model_name = 'ssm'

    def __init__(self, emu):
        self.emu = emu
        self._lock = threading.RLock()
        self.reset()

    def reset(self):
        with self._lock:
            self.params = {}     # name -> record (user parameters)
            self.public = {}
            now = self.emu.now()
            for name, value, data_type in (
                    [(n, v, 'aws:ec2:image') for n, v in PUBLIC_PARAMETERS.items()]
                    + [(n, v, 'text') for n, v in PUBLIC_TEXT_PARAMETERS.items()]):
                self.public[name] = {
                    'Name': name, 'Type': 'String', 'DataType': data_type,
                    'Tier': 'Standard', '_versions': [value], 'LastModifiedDate': now,
                    'ARN': 'arn:aws:ssm:%s::parameter%s' % (self.emu.region, name),
                    '_tags': {}, 'Description': '', '_public': True}

    def snapshot(self):
        with self._lock:
            return {'parameters': sorted(p['ARN'] for p in self.params.values())}

    # -- helpers -------------------------------------------------------------

    def _arn(self, name):
        return store.arn('ssm', self.emu.region, self.emu.account_id,
                         'parameter' + (name if name.startswith('/') else '/' + name))

    def _lookup(self, name):
        """(record, version or None) for 'name' or 'name:version'; None when unknown."""
        version = None
        by_arn = name.startswith('arn:')
        if by_arn:
            # arn:<partition>:ssm:<region>:<account>:parameter/<name>[:<version>]
            parts = name.split(':', 5)
            if len(parts) < 6 or parts[2] != 'ssm' or not parts[5].startswith('parameter/'):
                raise _validation('Invalid parameter ARN: %s' % name)
            name = parts[5][len('parameter'):]
        if ':' in name:
            name, _, v = name.rpartition(':')
            if not v.isdigit():
                raise _validation('Invalid parameter version: %s' % v)
            version = int(v)
        rec = self.params.get(name) or self.public.get(name)
        if rec is None and not name.startswith('/'):
            rec = self.params.get('/' + name)
        if rec is None and by_arn:  # a name without its leading slash
            rec = self.params.get(name[1:])
        return rec, version

    def _param_out(self, rec, version, decrypt):
        n = len(rec['_versions'])
        v = version or n
        if v < 1 or v > n:
            raise AwsError('ParameterVersionNotFound',
                           'Systems Manager could not find version %d of %s.' % (v, rec['Name']))
        value = rec['_versions'][v - 1]
        if rec['Type'] == 'SecureString' and not decrypt:
            value = _encrypt(value, rec.get('KeyId') or 'alias/aws/ssm')
        out = {'Name': rec['Name'], 'Type': rec['Type'], 'Value': value, 'Version': v,
               'LastModifiedDate': rec['LastModifiedDate'], 'ARN': rec['ARN'],
               'DataType': rec['DataType']}
        if version is not None:
            out['Selector'] = ':%d' % version
        return out

    def _check_name(self, name):
        if len(name) > 2048 or not _NAME_RE.match(name):
            raise _validation('Parameter name: can\'t be prefixed with "aws" or "ssm" '
                              '(case-insensitive). It must use only letters, numbers, or the '
                              'following symbols: . (period), - (hyphen), _ (underscore). '
                              'Special characters are not allowed. All sub-paths, if '
                              'specified, must use the forward slash symbol "/". Valid '
                              'example: /get/parameters2-/by1./path0_.')
        first = name.lstrip('/').split('/', 1)[0].lower()
        if first.startswith(('aws', 'ssm')):
            raise _validation('No access to reserved parameter name: %s.' % name)
        if name.count('/') > 15:
            raise _validation('Parameter name hierarchy exceeds the maximum of 15 levels.')

    # -- operations ----------------------------------------------------------

    def op_GetParameter(self, p):
        with self._lock:
            rec, version = self._lookup(p['Name'])
            if rec is None:
                raise _not_found()
            return {'Parameter': self._param_out(rec, version, p.get('WithDecryption'))}

    def op_GetParameters(self, p):
        found, invalid = [], []
        with self._lock:
            for name in p['Names']:
                rec, version = self._lookup(name)
                if rec is None:
                    invalid.append(name)
                else:
                    found.append(self._param_out(rec, version, p.get('WithDecryption')))
        return {'Parameters': found, 'InvalidParameters': invalid}

    def op_GetParametersByPath(self, p):
        path = p['Path']
        if not path.startswith('/') or (len(path) > 1 and path.endswith('/')):
            raise _validation('The parameter doesn\'t meet the parameter name requirements. '
                              'The parameter name must begin with a forward slash "/". '
                              'It can\'t be prefixed with "aws" or "ssm" (case-insensitive). '
                              'It must use only letters, numbers, or the following symbols: '
                              '. (period), - (hyphen), _ (underscore). Special characters '
                              'are not allowed. All sub-paths, if specified, must use the '
                              'forward slash symbol "/". Valid example: '
                              '/get/parameters2-/by1./path0_.')
        prefix = path.rstrip('/') + '/'
        recursive = bool(p.get('Recursive'))
        with self._lock:
            # AWS's own parameters are read under /aws/..., the account's elsewhere.
            pool = self.public if path.startswith('/aws/') or path == '/aws' else self.params
            items = [r for n, r in sorted(pool.items()) if n.startswith(prefix)
                     and (recursive or '/' not in n[len(prefix):])]
            for f in p.get('ParameterFilters') or []:
                key, values = f['Key'], f.get('Values') or []
                if key == 'Type':
                    items = [r for r in items if r['Type'] in values]
                elif key == 'KeyId':
                    items = [r for r in items if r.get('KeyId') in values]
                elif key == 'DataType':
                    items = [r for r in items if r['DataType'] in values]
                elif key.startswith('tag:'):
                    tk = key[4:]
                    items = [r for r in items if tk in r['_tags']
                             and (not values or r['_tags'][tk] in values)]
                else:
                    raise AwsError('InvalidFilterKey',
                                   'The following filter key is not valid: %s. Valid filter '
                                   'keys include: [Type, KeyId].' % key)
            size = p.get('MaxResults') or 10
            start = int(p['NextToken']) if (p.get('NextToken') or '').isdigit() else 0
            page = items[start:start + size]
            out = {'Parameters': [self._param_out(r, None, p.get('WithDecryption'))
                                  for r in page]}
            if start + size < len(items):
                out['NextToken'] = str(start + size)
            return out

    def op_PutParameter(self, p):
        name = p['Name']
        self._check_name(name)
        value = p['Value']
        with self._lock:
            rec = self.params.get(name)
            if rec is not None and not p.get('Overwrite'):
                raise AwsError('ParameterAlreadyExists',
                               'The parameter already exists. To overwrite this value, set '
                               'the overwrite option in the request to true.')
            if rec is not None and p.get('Tags'):
                raise _validation('Tags can\'t be specified when Overwrite is true; use '
                                  'AddTagsToResource.')
            ptype = p.get('Type') or (rec['Type'] if rec else None)
            if ptype is None:
                raise _validation('A parameter type is required when you create a parameter.')
            if p.get('KeyId') and ptype != 'SecureString':
                raise _validation('KeyId is required for SecureString type parameter only.')
            pattern = p.get('AllowedPattern') or (rec.get('AllowedPattern') if rec else None)
            if pattern:
                try:
                    ok = re.fullmatch(pattern, value) is not None
                except re.error:
                    raise _validation('Parameter AllowedPattern %s is not valid.' % pattern)
                if not ok:
                    raise _validation('Parameter value, %s, failed to satisfy constraint '
                                      'specified by AllowedPattern: %s.' % (value, pattern))
            data_type = p.get('DataType') or (rec['DataType'] if rec else 'text')
            if data_type == 'aws:ec2:image' and not re.fullmatch(r'ami-[0-9a-f]{8,17}', value):
                raise _validation('Parameter value is not a valid AMI id for data type '
                                  'aws:ec2:image.')
            tier = p.get('Tier') or (rec['Tier'] if rec else 'Standard')
            if tier == 'Intelligent-Tiering':
                tier = 'Advanced' if len(value.encode()) > 4096 else 'Standard'
            if tier == 'Standard' and len(value.encode()) > 4096:
                raise _validation('Standard tier parameters support a maximum parameter value '
                                  'of 4096 characters. To create a larger parameter value, '
                                  'upgrade the parameter to use the advanced-parameter tier.')
            tags = store.tags_from_list(p.get('Tags'))
            if len(tags) > _MAX_TAGS:
                raise _validation('Too many tags.')
            if rec is None:
                rec = {'Name': name, '_versions': [], 'ARN': self._arn(name), '_tags': tags}
                self.params[name] = rec
                self.emu.note_created(rec['ARN'])
            rec.update({'Type': ptype, 'DataType': data_type, 'Tier': tier,
                        'LastModifiedDate': self.emu.now(),
                        'Description': p.get('Description', rec.get('Description', ''))})
            if pattern:
                rec['AllowedPattern'] = pattern
            if ptype == 'SecureString':
                rec['KeyId'] = p.get('KeyId') or rec.get('KeyId') or 'alias/aws/ssm'
            else:
                rec.pop('KeyId', None)
            rec['_versions'].append(value)
            return {'Version': len(rec['_versions']), 'Tier': tier}

    def op_DeleteParameter(self, p):
        with self._lock:
            if p['Name'] not in self.params:
                raise _not_found()
            del self.params[p['Name']]
        return {}

    def op_DeleteParameters(self, p):
        deleted, invalid = [], []
        with self._lock:
            for name in p['Names']:
                if self.params.pop(name, None) is None:
                    invalid.append(name)
                else:
                    deleted.append(name)
        return {'DeletedParameters': deleted, 'InvalidParameters': invalid}

    def op_DescribeParameters(self, p):
        with self._lock:
            items = sorted(self.params.values(), key=lambda r: r['Name'])
            for f in p.get('ParameterFilters') or []:
                key, option = f['Key'], f.get('Option') or 'Equals'
                values = f.get('Values') or []
                if key == 'Name':
                    if option == 'Equals':
                        items = [r for r in items if r['Name'] in values
                                 or r['Name'].lstrip('/') in [v.lstrip('/') for v in values]]
                    elif option == 'BeginsWith':
                        items = [r for r in items if any(r['Name'].startswith(v)
                                                         for v in values)]
                    elif option == 'Contains':
                        items = [r for r in items if any(v in r['Name'] for v in values)]
                    else:
                        raise AwsError('InvalidFilterOption',
                                       'The filter option %s is not valid for key Name.'
                                       % option)
                elif key == 'Type':
                    items = [r for r in items if r['Type'] in values]
                elif key == 'Path':
                    items = [r for r in items if any(
                        r['Name'].startswith(v.rstrip('/') + '/') for v in values)]
                elif key.startswith('tag:'):
                    tk = key[4:]
                    items = [r for r in items if tk in r['_tags']
                             and (not values or r['_tags'][tk] in values)]
                else:
                    raise AwsError('InvalidFilterKey', 'The filter key %s is not valid.' % key)
            size = p.get('MaxResults') or 10
            start = int(p['NextToken']) if (p.get('NextToken') or '').isdigit() else 0
            page = items[start:start + size]
            out = {'Parameters': [{
                'Name': r['Name'], 'ARN': r['ARN'], 'Type': r['Type'], 'DataType': r['DataType'],
                'Tier': r['Tier'], 'Version': len(r['_versions']),
                'LastModifiedDate': r['LastModifiedDate'], 'Description': r['Description'] or None,
                'KeyId': r.get('KeyId'), 'AllowedPattern': r.get('AllowedPattern'),
                'Policies': [], 'LastModifiedUser': 'arn:aws:iam::%s:user/emulator'
                % self.emu.account_id} for r in page]}
            if start + size < len(items):
                out['NextToken'] = str(start + size)
            return out

    def _tag_target(self, p):
        if p['ResourceType'] != 'Parameter':
            raise AwsError('InvalidResourceType', 'The resource type is not supported by the '
                           'emulator: %s' % p['ResourceType'])
        rec = self.params.get(p['ResourceId'])
        if rec is None:
            raise AwsError('InvalidResourceId', 'The resource ID "%s" is not valid. Verify the '
                           'ID and try again.' % p['ResourceId'])
        return rec

    def op_AddTagsToResource(self, p):
        with self._lock:
            rec = self._tag_target(p)
            tags = dict(rec['_tags'])
            tags.update(store.tags_from_list(p['Tags']))
            if len(tags) > _MAX_TAGS:
                raise AwsError('TooManyTagsError', 'The Targets parameter includes too many '
                               'tags.')
            rec['_tags'] = tags
        return {}

    def op_RemoveTagsFromResource(self, p):
        with self._lock:
            rec = self._tag_target(p)
            for k in p['TagKeys']:
                rec['_tags'].pop(k, None)
        return {}

    def op_ListTagsForResource(self, p):
        with self._lock:
            return {'TagList': store.tags_to_list(self._tag_target(p)['_tags'])}

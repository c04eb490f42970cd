"""IAM, minimal: the identity questions hashicorp/aws may ask.

The seed deployment creates no IAM objects; the provider only looks the
caller up (GetUser) in some credential setups and may list roles.  The
emulator has no IAM store: GetUser answers for the configured user, the
role and instance-profile lookups answer NoSuchEntity.
"""

import threading

from errors import AwsError, ServiceBase


class Service(ServiceBase):
    signing_name = 'iam'
    model_name = 'iam'

    def __init__(self, emu):
        self.emu = emu
        self._lock = threading.Lock()
        self.created = emu.now().replace(microsecond=0)

    def reset(self):
        pass

    def snapshot(self):
        return {}

    def op_GetUser(self, params):
        ident = self.emu.identity(self.emu.caller_access_key() or '') or {}
        arn = ident.get('arn', '')
        name = params.get('UserName')
        if name is None:
            if ':user/' not in arn:
                raise AwsError('ValidationError',
                               'Must specify userName when calling with non-User credentials')
            name = arn.rsplit('/', 1)[1]
        elif ':user/' not in arn or arn.rsplit('/', 1)[1] != name:
            raise AwsError('NoSuchEntity',
                           'The user with name %s cannot be found.' % name, 404)
        return {'User': {'Path': '/', 'UserName': name, 'UserId': ident['user_id'],
                         'Arn': arn, 'CreateDate': self.created}}

    def op_ListRoles(self, params):
        return {'Roles': [], 'IsTruncated': False}

    def op_GetRole(self, params):
        raise AwsError('NoSuchEntity',
                       'The role with name %s cannot be found.' % params['RoleName'], 404)

    def op_GetInstanceProfile(self, params):
        raise AwsError('NoSuchEntity',
                       'Instance Profile %s cannot be found.' % params['InstanceProfileName'],
                       404)

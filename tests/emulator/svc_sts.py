"""STS: who is calling, and temporary credentials.

hashicorp/aws calls GetCallerIdentity when it configures itself, and
AssumeRole / AssumeRoleWithWebIdentity when the provider block or the
environment asks for a role.  Temporary credentials handed out here are
registered with the emulator, so requests signed with them (and their
session token) are accepted afterwards, as AWS would.
"""

import datetime
import re
import threading

import store
from errors import AwsError, ServiceBase

_ROLE_ARN = re.compile(r'^arn:aws[a-z-]*:iam::(\d{12}):role/(?:[\w+=,.@/-]*/)?([\w+=,.@-]+)$')


class Service(ServiceBase):
    signing_name = 'sts'
    model_name = 'sts'

    def __init__(self, emu):
        self.emu = emu
        self._lock = threading.Lock()
        self.sessions = []

    def reset(self):
        with self._lock:
            self.sessions = []

    def snapshot(self):
        # sessions are not resources: they do not make the state non-empty
        with self._lock:
            return {'_sessions': len(self.sessions)}

    def op_GetCallerIdentity(self, params):
        ident = self.emu.identity(self.emu.caller_access_key() or '')
        if ident is None:
            return {'UserId': self.emu.account_id, 'Account': self.emu.account_id,
                    'Arn': self.emu.root_arn()}
        return {'UserId': ident['user_id'], 'Account': self.emu.account_id,
                'Arn': ident['arn']}

    def _assume(self, role_arn, session_name, duration):
        m = _ROLE_ARN.match(role_arn)
        if not m:
            raise AwsError('ValidationError',
                           '%s is invalid' % role_arn)
        role_name = m.group(2)
        duration = duration or 3600
        expires = self.emu.now().replace(microsecond=0) + datetime.timedelta(seconds=duration)
        access_key = 'ASIA' + store.hex_digits(16).upper()
        secret = store.hex_digits(40)
        token = 'FwoGZXIvYXdzE' + store.hex_digits(120)
        role_id = 'AROA' + store.hex_digits(17).upper()
        arn = 'arn:aws:sts::%s:assumed-role/%s/%s' % (m.group(1), role_name, session_name)
        self.emu.add_credentials(access_key, secret, token, expires, arn,
                                 '%s:%s' % (role_id, session_name))
        with self._lock:
            self.sessions.append(access_key)
        return {'Credentials': {'AccessKeyId': access_key, 'SecretAccessKey': secret,
                                'SessionToken': token, 'Expiration': expires},
                'AssumedRoleUser': {'AssumedRoleId': '%s:%s' % (role_id, session_name),
                                    'Arn': arn}}

    def op_AssumeRole(self, params):
        return self._assume(params['RoleArn'], params['RoleSessionName'],
                            params.get('DurationSeconds'))

    def op_AssumeRoleWithWebIdentity(self, params):
        # Any token is accepted: the emulator does not run an identity provider.
        out = self._assume(params['RoleArn'], params['RoleSessionName'],
                           params.get('DurationSeconds'))
        out['SubjectFromWebIdentityToken'] = 'system:serviceaccount:emulator:' + \
            params['RoleSessionName']
        out['Provider'] = params.get('ProviderId') or 'emulator.local'
        out['Audience'] = 'sts.amazonaws.com'
        return out

"""IAM: roles, their inline and attached policies, managed policies with
versions, instance profiles, and the identity questions hashicorp/aws asks.

IAM is global: one store for the emulator's single account, ARNs without a
region.  Policy documents are kept as sent and answered URL-encoded, as IAM
does (clients URL-decode them); a document that is not a JSON object is
refused with MalformedPolicyDocument.

Propagation: IAM is eventually consistent and a role or instance profile
just created is not yet usable by EC2 or ECS.  Two independent knobs model
it: the core's `eventual_consistency_ms` fault hides a new role, policy or
profile from Get*/List* for a while (clients retry NoSuchEntity after a
create), and the test hook `service/iam/propagation {"seconds": s}` makes a
new instance profile unusable by consumers (`profile_usable()`, asked by the
EC2 side) for s seconds after it was created or given its role.
"""

import json
import re
import threading
import time
import urllib.parse

import store
from errors import AwsError, ServiceBase

_AWS_MANAGED = {
    # A few AWS-managed policies consumers attach; path and document as AWS has them.
    'AmazonECSTaskExecutionRolePolicy': ('/service-role/', {
        'Version': '2012-10-17',
        'Statement': [{'Effect': 'Allow', 'Action': [
            'ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability',
            'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage', 'logs:CreateLogStream',
            'logs:PutLogEvents'], 'Resource': '*'}]}),
    'AmazonEC2ContainerServiceforEC2Role': ('/service-role/', {
        'Version': '2012-10-17',
        'Statement': [{'Effect': 'Allow', 'Action': [
            'ecs:CreateCluster', 'ecs:DeregisterContainerInstance', 'ecs:DiscoverPollEndpoint',
            'ecs:Poll', 'ecs:RegisterContainerInstance', 'ecs:StartTelemetrySession',
            'ecs:Submit*', 'ecr:GetAuthorizationToken', 'logs:CreateLogStream',
            'logs:PutLogEvents'], 'Resource': '*'}]}),
    'AmazonSSMManagedInstanceCore': ('/', {
        'Version': '2012-10-17',
        'Statement': [{'Effect': 'Allow', 'Action': [
            'ssm:DescribeAssociation', 'ssm:GetDocument', 'ssm:UpdateInstanceInformation',
            'ssmmessages:CreateControlChannel', 'ec2messages:GetMessages'],
            'Resource': '*'}]}),
    'ReadOnlyAccess': ('/', {
        'Version': '2012-10-17',
        'Statement': [{'Effect': 'Allow', 'Action': ['ec2:Describe*', 'iam:Get*'],
                       'Resource': '*'}]}),
}


_NAME = re.compile(r'[\w+=,.@-]+\Z')


def _check_name(member, value):
    """The model's pattern on names (the core checks lengths, not patterns)."""
    if not _NAME.match(value):
        raise AwsError('ValidationError',
                       "1 validation error detected: Value '%s' at '%s' failed to satisfy "
                       "constraint: Member must satisfy regular expression pattern: "
                       "[\\w+=,.@-]+" % (value, member))


def _no_such(kind, name):
    return AwsError('NoSuchEntity', 'The %s with name %s cannot be found.' % (kind, name), 404)


def _check_document(doc):
    try:
        parsed = json.loads(doc)
    except ValueError:
        raise AwsError('MalformedPolicyDocument', 'This policy contains invalid Json')
    if not isinstance(parsed, dict):
        raise AwsError('MalformedPolicyDocument', 'This policy contains invalid Json')
    if 'Statement' not in parsed:
        raise AwsError('MalformedPolicyDocument', 'Syntax errors in policy.')


def _encode(doc):
    # IAM answers documents URL-encoded; clients QueryUnescape them, so a
    # space must be %20 (a '+' would read back as a space).
    return urllib.parse.quote(doc, safe='')


def _unique_id(prefix):
    return prefix + store.hex_digits(17).upper()


def _tags_out(tags):
    return store.tags_to_list(tags)


def _check_tags(tags, existing=None):
    merged = dict(existing or {})
    for t in tags or []:
        merged[t['Key']] = t.get('Value', '')
    if len(merged) > 50:
        raise AwsError('LimitExceeded', 'Cannot exceed quota for TagsPerRole: 50.', 409)
    return merged


class Service(ServiceBase):
    signing_name = 'iam'
    model_name = 'iam'

    def __init__(self, emu):
        self.emu = emu
        self._lock = threading.RLock()
        self.created = emu.now().replace(microsecond=0)
        self.propagation_seconds = 0.0
        self.reset()

    def reset(self):
        with self._lock:
            self.roles = {}          # name -> role dict
            self.policies = {}       # arn -> managed policy dict (customer managed)
            self.profiles = {}       # name -> instance profile dict
            self.propagation_seconds = 0.0
            self._usable_at = {}     # profile name -> monotonic time usable

    def snapshot(self):
        with self._lock:
            return {'roles': sorted(self.roles),
                    'policies': sorted(self.policies),
                    'instance_profiles': sorted(self.profiles),
                    'role_policies': sorted('%s:%s' % (r, p) for r, role in self.roles.items()
                                            for p in role['inline']),
                    'role_policy_attachments': sorted(
                        '%s/%s' % (r, a) for r, role in self.roles.items()
                        for a in role['attached'])}

    def handle(self, op, params):
        with self._lock:
            return ServiceBase.handle(self, op, params)

    # -- helpers ---------------------------------------------------------------

    def _arn(self, resource):
        return 'arn:aws:iam::%s:%s' % (self.emu.account_id, resource)

    def _now(self):
        return self.emu.now().replace(microsecond=0)

    def _visible(self, key):
        return not self.emu.hidden(key)

    def _role(self, name):
        role = self.roles.get(name)
        if role is None or not self._visible(role['arn']):
            raise _no_such('role', name)
        return role

    def _role_any(self, name):
        """The role even while a fresh one is hidden from reads (writes see it)."""
        role = self.roles.get(name)
        if role is None:
            raise _no_such('role', name)
        return role

    def _managed(self, arn, visible=True):
        pol = self.policies.get(arn)
        if pol is not None and (not visible or self._visible(arn)):
            return pol
        prefix = 'arn:aws:iam::aws:policy'
        if arn.startswith(prefix + '/'):
            name = arn.rsplit('/', 1)[1]
            if name in _AWS_MANAGED:
                path, doc = _AWS_MANAGED[name]
                if arn == prefix + path + name:
                    return self._aws_policy(name, path, doc)
        raise AwsError('NoSuchEntity', 'Policy %s does not exist or is not attachable.' % arn,
                       404)

    def _aws_policy(self, name, path, doc):
        arn = 'arn:aws:iam::aws:policy%s%s' % (path, name)
        count = sum(1 for r in self.roles.values() if arn in r['attached'])
        return {'arn': arn, 'name': name, 'path': path, 'id': 'ANPA' + name.upper()[:17].ljust(17, 'X'),
                'description': '', 'created': self.created, 'updated': self.created,
                'versions': {'v1': {'doc': json.dumps(doc), 'created': self.created}},
                'default': 'v1', 'next_version': 2, 'tags': {}, 'aws': True,
                'attachments': count}

    def _role_out(self, role, full=True):
        out = {'Path': role['path'], 'RoleName': role['name'], 'RoleId': role['id'],
               'Arn': role['arn'], 'CreateDate': role['created'],
               'AssumeRolePolicyDocument': _encode(role['assume']),
               'MaxSessionDuration': role['max_session']}
        if role['description'] is not None:
            out['Description'] = role['description']
        if full:
            if role['boundary']:
                out['PermissionsBoundary'] = {
                    'PermissionsBoundaryType': 'Policy',
                    'PermissionsBoundaryArn': role['boundary']}
            if role['tags']:
                out['Tags'] = _tags_out(role['tags'])
            out['RoleLastUsed'] = {}
        return out

    def _attachment_count(self, arn):
        return sum(1 for r in self.roles.values() if arn in r['attached'])

    def _policy_out(self, pol, with_tags=True):
        out = {'PolicyName': pol['name'], 'PolicyId': pol['id'], 'Arn': pol['arn'],
               'Path': pol['path'], 'DefaultVersionId': pol['default'],
               'AttachmentCount': self._attachment_count(pol['arn']),
               'PermissionsBoundaryUsageCount': sum(
                   1 for r in self.roles.values() if r['boundary'] == pol['arn']),
               'IsAttachable': True, 'CreateDate': pol['created'],
               'UpdateDate': pol['updated']}
        if pol['description']:
            out['Description'] = pol['description']
        if with_tags and pol['tags']:
            out['Tags'] = _tags_out(pol['tags'])
        return out

    def _profile(self, name):
        prof = self.profiles.get(name)
        if prof is None or not self._visible(prof['arn']):
            raise AwsError('NoSuchEntity', 'Instance Profile %s cannot be found.' % name, 404)
        return prof

    def _profile_out(self, prof):
        roles = [self._role_out(self.roles[r], full=False) for r in prof['roles']
                 if r in self.roles]
        out = {'Path': prof['path'], 'InstanceProfileName': prof['name'],
               'InstanceProfileId': prof['id'], 'Arn': prof['arn'],
               'CreateDate': prof['created'], 'Roles': roles}
        if prof['tags']:
            out['Tags'] = _tags_out(prof['tags'])
        return out

    @staticmethod
    def _page(items, p):
        start = int(p.get('Marker') or 0)
        size = p.get('MaxItems') or 100
        page = items[start:start + size]
        out = {'IsTruncated': start + size < len(items)}
        if out['IsTruncated']:
            out['Marker'] = str(start + size)
        return page, out

    # -- consumers (EC2 launch templates, instances) ------------------------------

    def profile_usable(self, name_or_arn):
        """Whether EC2 may use this instance profile yet (it exists, has a role,
        and its propagation delay has passed)."""
        with self._lock:
            name = name_or_arn.rsplit('/', 1)[-1] if name_or_arn.startswith('arn:') \
                else name_or_arn
            prof = self.profiles.get(name)
            if prof is None:
                return False
            return time.monotonic() >= self._usable_at.get(name, 0)

    def control_propagation(self, body):
        """{"seconds": s}: new instance profiles are unusable by consumers for s."""
        with self._lock:
            self.propagation_seconds = float(body.get('seconds', 0))
        return {'seconds': self.propagation_seconds}

    def _propagate(self, name):
        if self.propagation_seconds:
            self._usable_at[name] = time.monotonic() + self.propagation_seconds

    # -- users (identity) --------------------------------------------------------

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

    # -- roles -------------------------------------------------------------------

    def op_CreateRole(self, p):
        name = p['RoleName']
        _check_name('roleName', name)
        if name.lower() in (n.lower() for n in self.roles):
            raise AwsError('EntityAlreadyExists', 'Role with name %s already exists.' % name,
                           409)
        _check_document(p['AssumeRolePolicyDocument'])
        boundary = p.get('PermissionsBoundary')
        if boundary:
            self._managed(boundary, visible=False)
        path = p.get('Path') or '/'
        tags = _check_tags(p.get('Tags'))
        role = {'name': name, 'path': path, 'id': _unique_id('AROA'),
                'arn': self._arn('role%s%s' % (path, name)), 'created': self._now(),
                'assume': p['AssumeRolePolicyDocument'], 'description': p.get('Description'),
                'max_session': p.get('MaxSessionDuration') or 3600, 'boundary': boundary,
                'tags': tags, 'inline': {}, 'attached': []}
        self.roles[name] = role
        self.emu.note_created(role['arn'])
        return {'Role': self._role_out(role)}

    def op_GetRole(self, p):
        return {'Role': self._role_out(self._role(p['RoleName']))}

    def op_ListRoles(self, p):
        prefix = p.get('PathPrefix') or '/'
        roles = [r for n, r in sorted(self.roles.items())
                 if r['path'].startswith(prefix) and self._visible(r['arn'])]
        page, out = self._page(roles, p)
        out['Roles'] = [self._role_out(r, full=False) for r in page]
        return out

    def op_UpdateRole(self, p):
        role = self._role_any(p['RoleName'])
        if 'Description' in p:
            role['description'] = p['Description']
        if p.get('MaxSessionDuration'):
            role['max_session'] = p['MaxSessionDuration']
        return {}

    def op_UpdateRoleDescription(self, p):
        role = self._role_any(p['RoleName'])
        role['description'] = p['Description']
        return {'Role': self._role_out(role)}

    def op_UpdateAssumeRolePolicy(self, p):
        role = self._role_any(p['RoleName'])
        _check_document(p['PolicyDocument'])
        role['assume'] = p['PolicyDocument']
        return {}

    def op_PutRolePermissionsBoundary(self, p):
        role = self._role_any(p['RoleName'])
        self._managed(p['PermissionsBoundary'], visible=False)
        role['boundary'] = p['PermissionsBoundary']
        return {}

    def op_DeleteRolePermissionsBoundary(self, p):
        role = self._role_any(p['RoleName'])
        role['boundary'] = None
        return {}

    def op_DeleteRole(self, p):
        name = p['RoleName']
        role = self._role_any(name)
        if role['inline'] or role['attached']:
            raise AwsError('DeleteConflict',
                           'Cannot delete entity, must delete policies first.', 409)
        if any(name in prof['roles'] for prof in self.profiles.values()):
            raise AwsError('DeleteConflict',
                           'Cannot delete entity, must remove roles from instance profile '
                           'first.', 409)
        del self.roles[name]
        return {}

    def op_TagRole(self, p):
        role = self._role_any(p['RoleName'])
        role['tags'] = _check_tags(p['Tags'], role['tags'])
        return {}

    def op_UntagRole(self, p):
        role = self._role_any(p['RoleName'])
        for k in p['TagKeys']:
            role['tags'].pop(k, None)
        return {}

    def op_ListRoleTags(self, p):
        role = self._role(p['RoleName'])
        return {'Tags': _tags_out(role['tags']), 'IsTruncated': False}

    # -- inline role policies -------------------------------------------------------

    def op_PutRolePolicy(self, p):
        role = self._role_any(p['RoleName'])
        _check_name('policyName', p['PolicyName'])
        _check_document(p['PolicyDocument'])
        role['inline'][p['PolicyName']] = p['PolicyDocument']
        return {}

    def op_GetRolePolicy(self, p):
        role = self._role(p['RoleName'])
        name = p['PolicyName']
        if name not in role['inline']:
            raise AwsError('NoSuchEntity', 'The role policy with name %s cannot be found.'
                           % name, 404)
        return {'RoleName': role['name'], 'PolicyName': name,
                'PolicyDocument': _encode(role['inline'][name])}

    def op_DeleteRolePolicy(self, p):
        role = self._role_any(p['RoleName'])
        name = p['PolicyName']
        if name not in role['inline']:
            raise AwsError('NoSuchEntity', 'The role policy with name %s cannot be found.'
                           % name, 404)
        del role['inline'][name]
        return {}

    def op_ListRolePolicies(self, p):
        role = self._role(p['RoleName'])
        page, out = self._page(sorted(role['inline']), p)
        out['PolicyNames'] = page
        return out

    # -- attached (managed) role policies ------------------------------------------

    def op_AttachRolePolicy(self, p):
        role = self._role_any(p['RoleName'])
        arn = p['PolicyArn']
        self._managed(arn, visible=False)
        if arn not in role['attached']:
            role['attached'].append(arn)
        return {}

    def op_DetachRolePolicy(self, p):
        role = self._role_any(p['RoleName'])
        arn = p['PolicyArn']
        if arn not in role['attached']:
            raise AwsError('NoSuchEntity', 'Policy %s was not found.' % arn, 404)
        role['attached'].remove(arn)
        return {}

    def op_ListAttachedRolePolicies(self, p):
        role = self._role(p['RoleName'])
        items = []
        for arn in role['attached']:
            pol = self._managed(arn, visible=False)
            if pol['path'].startswith(p.get('PathPrefix') or '/'):
                items.append({'PolicyName': pol['name'], 'PolicyArn': arn})
        page, out = self._page(items, p)
        out['AttachedPolicies'] = page
        return out

    # -- managed policies --------------------------------------------------------

    def op_CreatePolicy(self, p):
        name = p['PolicyName']
        _check_name('policyName', name)
        path = p.get('Path') or '/'
        arn = self._arn('policy%s%s' % (path, name))
        if any(pol['name'].lower() == name.lower() and pol['path'] == path
               for pol in self.policies.values()):
            raise AwsError('EntityAlreadyExists',
                           'A policy called %s already exists. Duplicate names are not '
                           'allowed.' % name, 409)
        _check_document(p['PolicyDocument'])
        now = self._now()
        pol = {'arn': arn, 'name': name, 'path': path, 'id': _unique_id('ANPA'),
               'description': p.get('Description') or '', 'created': now, 'updated': now,
               'versions': {'v1': {'doc': p['PolicyDocument'], 'created': now}},
               'default': 'v1', 'next_version': 2, 'tags': _check_tags(p.get('Tags'))}
        self.policies[arn] = pol
        self.emu.note_created(arn)
        return {'Policy': self._policy_out(pol)}

    def op_GetPolicy(self, p):
        return {'Policy': self._policy_out(self._managed(p['PolicyArn']))}

    def op_ListPolicies(self, p):
        scope = p.get('Scope') or 'All'
        items = []
        if scope in ('All', 'AWS'):
            items += [self._aws_policy(n, path, doc)
                      for n, (path, doc) in sorted(_AWS_MANAGED.items())]
        if scope in ('All', 'Local'):
            items += [pol for _, pol in sorted(self.policies.items())
                      if self._visible(pol['arn'])]
        prefix = p.get('PathPrefix') or '/'
        items = [i for i in items if i['path'].startswith(prefix)]
        if p.get('OnlyAttached'):
            items = [i for i in items if self._attachment_count(i['arn'])]
        page, out = self._page(items, p)
        out['Policies'] = [self._policy_out(i, with_tags=False) for i in page]
        return out

    def op_DeletePolicy(self, p):
        arn = p['PolicyArn']
        pol = self.policies.get(arn)
        if pol is None:
            raise AwsError('NoSuchEntity', 'Policy %s was not found.' % arn, 404)
        if self._attachment_count(arn):
            raise AwsError('DeleteConflict', 'Cannot delete a policy attached to entities.',
                           409)
        if len(pol['versions']) > 1:
            raise AwsError('DeleteConflict',
                           'This policy has more than one version. Before you delete a '
                           'policy, you must delete the policy\'s versions. The default '
                           'version is deleted with the policy.', 409)
        del self.policies[arn]
        return {}

    def _customer(self, arn):
        pol = self.policies.get(arn)
        if pol is None:
            if arn.startswith('arn:aws:iam::aws:'):
                raise AwsError('AccessDenied', 'AWS managed policies cannot be modified.', 403)
            raise AwsError('NoSuchEntity', 'Policy %s was not found.' % arn, 404)
        return pol

    def op_CreatePolicyVersion(self, p):
        pol = self._customer(p['PolicyArn'])
        if len(pol['versions']) >= 5:
            raise AwsError('LimitExceeded',
                           'A managed policy can have up to 5 versions. Before you create a '
                           'new version, you must delete an existing version.', 409)
        _check_document(p['PolicyDocument'])
        vid = 'v%d' % pol['next_version']
        pol['next_version'] += 1
        now = self._now()
        pol['versions'][vid] = {'doc': p['PolicyDocument'], 'created': now}
        if p.get('SetAsDefault'):
            pol['default'] = vid
        pol['updated'] = now
        return {'PolicyVersion': {'VersionId': vid, 'IsDefaultVersion': pol['default'] == vid,
                                  'CreateDate': now}}

    def op_GetPolicyVersion(self, p):
        pol = self._managed(p['PolicyArn'])
        vid = p['VersionId']
        ver = pol['versions'].get(vid)
        if ver is None:
            raise AwsError('NoSuchEntity', 'Policy %s version %s does not exist or is not '
                           'attachable.' % (pol['arn'], vid), 404)
        return {'PolicyVersion': {'Document': _encode(ver['doc']), 'VersionId': vid,
                                  'IsDefaultVersion': pol['default'] == vid,
                                  'CreateDate': ver['created']}}

    def op_ListPolicyVersions(self, p):
        pol = self._managed(p['PolicyArn'])
        vers = sorted(pol['versions'].items(), key=lambda kv: -int(kv[0][1:]))
        page, out = self._page(vers, p)
        out['Versions'] = [{'VersionId': vid, 'IsDefaultVersion': pol['default'] == vid,
                            'CreateDate': v['created']} for vid, v in page]
        return out

    def op_DeletePolicyVersion(self, p):
        pol = self._customer(p['PolicyArn'])
        vid = p['VersionId']
        if vid not in pol['versions']:
            raise AwsError('NoSuchEntity', 'Policy version %s was not found.' % vid, 404)
        if vid == pol['default']:
            raise AwsError('DeleteConflict', 'Cannot delete the default version of a policy.',
                           409)
        del pol['versions'][vid]
        return {}

    def op_SetDefaultPolicyVersion(self, p):
        pol = self._customer(p['PolicyArn'])
        if p['VersionId'] not in pol['versions']:
            raise AwsError('NoSuchEntity', 'Policy version %s was not found.' % p['VersionId'],
                           404)
        pol['default'] = p['VersionId']
        return {}

    def op_TagPolicy(self, p):
        pol = self._customer(p['PolicyArn'])
        pol['tags'] = _check_tags(p['Tags'], pol['tags'])
        return {}

    def op_UntagPolicy(self, p):
        pol = self._customer(p['PolicyArn'])
        for k in p['TagKeys']:
            pol['tags'].pop(k, None)
        return {}

    def op_ListPolicyTags(self, p):
        pol = self._managed(p['PolicyArn'])
        return {'Tags': _tags_out(pol['tags']), 'IsTruncated': False}

    def op_ListEntitiesForPolicy(self, p):
        arn = p['PolicyArn']
        self._managed(arn)
        roles = [{'RoleName': r['name'], 'RoleId': r['id']}
                 for _, r in sorted(self.roles.items()) if arn in r['attached']]
        if p.get('EntityFilter') not in (None, 'Role', 'LocalManagedPolicy',
                                         'AWSManagedPolicy'):
            roles = []
        page, out = self._page(roles, p)
        out.update({'PolicyRoles': page, 'PolicyGroups': [], 'PolicyUsers': []})
        return out

    # -- instance profiles -------------------------------------------------------

    def op_CreateInstanceProfile(self, p):
        name = p['InstanceProfileName']
        _check_name('instanceProfileName', name)
        if name.lower() in (n.lower() for n in self.profiles):
            raise AwsError('EntityAlreadyExists',
                           'Instance Profile %s already exists.' % name, 409)
        path = p.get('Path') or '/'
        prof = {'name': name, 'path': path, 'id': _unique_id('AIPA'),
                'arn': self._arn('instance-profile%s%s' % (path, name)),
                'created': self._now(), 'roles': [], 'tags': _check_tags(p.get('Tags'))}
        self.profiles[name] = prof
        self.emu.note_created(prof['arn'])
        self._propagate(name)
        return {'InstanceProfile': self._profile_out(prof)}

    def op_GetInstanceProfile(self, p):
        return {'InstanceProfile': self._profile_out(self._profile(p['InstanceProfileName']))}

    def op_ListInstanceProfiles(self, p):
        prefix = p.get('PathPrefix') or '/'
        items = [prof for _, prof in sorted(self.profiles.items())
                 if prof['path'].startswith(prefix) and self._visible(prof['arn'])]
        page, out = self._page(items, p)
        out['InstanceProfiles'] = [self._profile_out(i) for i in page]
        return out

    def op_ListInstanceProfilesForRole(self, p):
        role = self._role(p['RoleName'])
        items = [prof for _, prof in sorted(self.profiles.items())
                 if role['name'] in prof['roles']]
        page, out = self._page(items, p)
        out['InstanceProfiles'] = [self._profile_out(i) for i in page]
        return out

    def op_AddRoleToInstanceProfile(self, p):
        prof = self.profiles.get(p['InstanceProfileName'])
        if prof is None:
            raise AwsError('NoSuchEntity', 'Instance Profile %s cannot be found.'
                           % p['InstanceProfileName'], 404)
        self._role_any(p['RoleName'])
        if prof['roles']:
            raise AwsError('LimitExceeded', 'Cannot exceed quota for '
                           'InstanceSessionsPerInstanceProfile: 1', 409)
        prof['roles'].append(p['RoleName'])
        self._propagate(prof['name'])
        return {}

    def op_RemoveRoleFromInstanceProfile(self, p):
        prof = self.profiles.get(p['InstanceProfileName'])
        if prof is None:
            raise AwsError('NoSuchEntity', 'Instance Profile %s cannot be found.'
                           % p['InstanceProfileName'], 404)
        if p['RoleName'] not in prof['roles']:
            raise AwsError('NoSuchEntity', 'The role with name %s cannot be found.'
                           % p['RoleName'], 404)
        prof['roles'].remove(p['RoleName'])
        return {}

    def op_DeleteInstanceProfile(self, p):
        name = p['InstanceProfileName']
        prof = self.profiles.get(name)
        if prof is None:
            raise AwsError('NoSuchEntity', 'Instance Profile %s cannot be found.' % name, 404)
        if prof['roles']:
            raise AwsError('DeleteConflict',
                           'Cannot delete entity, must remove roles from instance profile '
                           'first.', 409)
        del self.profiles[name]
        self._usable_at.pop(name, None)
        return {}

    def op_TagInstanceProfile(self, p):
        prof = self.profiles.get(p['InstanceProfileName'])
        if prof is None:
            raise AwsError('NoSuchEntity', 'Instance Profile %s cannot be found.'
                           % p['InstanceProfileName'], 404)
        prof['tags'] = _check_tags(p['Tags'], prof['tags'])
        return {}

    def op_UntagInstanceProfile(self, p):
        prof = self.profiles.get(p['InstanceProfileName'])
        if prof is None:
            raise AwsError('NoSuchEntity', 'Instance Profile %s cannot be found.'
                           % p['InstanceProfileName'], 404)
        for k in p['TagKeys']:
            prof['tags'].pop(k, None)
        return {}

    def op_ListInstanceProfileTags(self, p):
        prof = self._profile(p['InstanceProfileName'])
        return {'Tags': _tags_out(prof['tags']), 'IsTruncated': False}

"""Unit tests of the IAM service, driven directly with boto3-style params
(inputs validated and outputs checked against the IAM model)."""

import json
import re
import time
import urllib.parse

import pytest

import model
import svc_iam
from svc_testkit import Driver, FakeEmu, expect_error

TRUST = json.dumps({'Version': '2012-10-17', 'Statement': [{
    'Effect': 'Allow', 'Principal': {'Service': 'ec2.amazonaws.com'},
    'Action': 'sts:AssumeRole'}]})
DOC = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get+Object", ' \
      '"Resource": "*"}]}'


@pytest.fixture
def env():
    emu = FakeEmu()
    svc = emu.add(svc_iam.Service)
    return emu, svc, Driver(svc)


def test_role_lifecycle(env):
    emu, svc, call = env
    role = call('CreateRole', RoleName='app', AssumeRolePolicyDocument=TRUST,
                Tags=[{'Key': 'env', 'Value': 'test'}])['Role']
    assert role['Arn'] == 'arn:aws:iam::123456789012:role/app'
    assert re.fullmatch(r'AROA[0-9A-F]{17}', role['RoleId'])
    assert role['MaxSessionDuration'] == 3600 and role['Path'] == '/'
    assert role['Arn'] in emu.created
    got = call('GetRole', RoleName='app')['Role']
    assert urllib.parse.unquote(got['AssumeRolePolicyDocument']) == TRUST
    assert got['Tags'] == [{'Key': 'env', 'Value': 'test'}]
    expect_error(lambda: call('CreateRole', RoleName='APP', AssumeRolePolicyDocument=TRUST),
                 'EntityAlreadyExists')
    call('UpdateRole', RoleName='app', MaxSessionDuration=7200)
    call('UpdateRoleDescription', RoleName='app', Description='d')
    got = call('GetRole', RoleName='app')['Role']
    assert got['MaxSessionDuration'] == 7200 and got['Description'] == 'd'
    call('TagRole', RoleName='app', Tags=[{'Key': 'a', 'Value': 'b'}])
    call('UntagRole', RoleName='app', TagKeys=['env'])
    assert call('ListRoleTags', RoleName='app')['Tags'] == [{'Key': 'a', 'Value': 'b'}]
    assert [r['RoleName'] for r in call('ListRoles')['Roles']] == ['app']
    call('DeleteRole', RoleName='app')
    expect_error(lambda: call('GetRole', RoleName='app'), 'NoSuchEntity')
    assert svc.snapshot()['roles'] == []


def test_malformed_documents_refused(env):
    _, _, call = env
    expect_error(lambda: call('CreateRole', RoleName='x', AssumeRolePolicyDocument='{nope'),
                 'MalformedPolicyDocument')
    expect_error(lambda: call('CreatePolicy', PolicyName='p', PolicyDocument='[]'),
                 'MalformedPolicyDocument')


def test_bad_names_refused(env):
    _, _, call = env
    expect_error(lambda: call('CreateRole', RoleName='bad name!', AssumeRolePolicyDocument=TRUST),
                 'ValidationError', 'regular expression pattern')
    expect_error(lambda: call('CreateInstanceProfile', InstanceProfileName='a/b'),
                 'ValidationError')
    m = model.load('iam')
    assert m.validate('CreateRole', {'RoleName': 'x' * 65, 'AssumeRolePolicyDocument': TRUST})


def test_inline_policies_encoded_and_block_delete(env):
    _, _, call = env
    call('CreateRole', RoleName='app', AssumeRolePolicyDocument=TRUST)
    call('PutRolePolicy', RoleName='app', PolicyName='inline', PolicyDocument=DOC)
    got = call('GetRolePolicy', RoleName='app', PolicyName='inline')
    assert '%20' in got['PolicyDocument'] and '%2B' in got['PolicyDocument']
    assert urllib.parse.unquote(got['PolicyDocument']) == DOC
    assert call('ListRolePolicies', RoleName='app')['PolicyNames'] == ['inline']
    expect_error(lambda: call('DeleteRole', RoleName='app'), 'DeleteConflict')
    call('DeleteRolePolicy', RoleName='app', PolicyName='inline')
    expect_error(lambda: call('GetRolePolicy', RoleName='app', PolicyName='inline'),
                 'NoSuchEntity')
    call('DeleteRole', RoleName='app')


def test_managed_policy_versions_and_attachments(env):
    _, svc, call = env
    call('CreateRole', RoleName='app', AssumeRolePolicyDocument=TRUST)
    pol = call('CreatePolicy', PolicyName='p', PolicyDocument=DOC, Path='/team/',
               Description='desc')['Policy']
    arn = pol['Arn']
    assert arn == 'arn:aws:iam::123456789012:policy/team/p'
    assert pol['DefaultVersionId'] == 'v1' and pol['AttachmentCount'] == 0
    call('AttachRolePolicy', RoleName='app', PolicyArn=arn)
    aws_arn = 'arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy'
    call('AttachRolePolicy', RoleName='app', PolicyArn=aws_arn)
    expect_error(lambda: call('AttachRolePolicy', RoleName='app',
                              PolicyArn='arn:aws:iam::aws:policy/Nope'), 'NoSuchEntity')
    att = call('ListAttachedRolePolicies', RoleName='app')['AttachedPolicies']
    assert [a['PolicyArn'] for a in att] == [arn, aws_arn]
    assert call('GetPolicy', PolicyArn=arn)['Policy']['AttachmentCount'] == 1
    ents = call('ListEntitiesForPolicy', PolicyArn=arn)
    assert [r['RoleName'] for r in ents['PolicyRoles']] == ['app']
    expect_error(lambda: call('DeletePolicy', PolicyArn=arn), 'DeleteConflict')
    v2 = call('CreatePolicyVersion', PolicyArn=arn, PolicyDocument=TRUST.replace(
        'sts:AssumeRole', 's3:*').replace('"Principal": {"Service": "ec2.amazonaws.com"}, ',
                                          '').replace('"Allow",', '"Allow", "Resource": "*",'),
        SetAsDefault=True)['PolicyVersion']
    assert v2['VersionId'] == 'v2' and v2['IsDefaultVersion']
    vers = call('ListPolicyVersions', PolicyArn=arn)['Versions']
    assert [v['VersionId'] for v in vers] == ['v2', 'v1']
    expect_error(lambda: call('DeletePolicyVersion', PolicyArn=arn, VersionId='v2'),
                 'DeleteConflict')
    call('DeletePolicyVersion', PolicyArn=arn, VersionId='v1')
    doc = call('GetPolicyVersion', PolicyArn=arn, VersionId='v2')['PolicyVersion']['Document']
    assert 's3:*' in urllib.parse.unquote(doc)
    call('DetachRolePolicy', RoleName='app', PolicyArn=arn)
    call('DetachRolePolicy', RoleName='app', PolicyArn=aws_arn)
    expect_error(lambda: call('DetachRolePolicy', RoleName='app', PolicyArn=arn),
                 'NoSuchEntity')
    call('DeletePolicy', PolicyArn=arn)
    call('DeleteRole', RoleName='app')
    assert not any(svc.snapshot().values())


def test_instance_profiles(env):
    _, svc, call = env
    call('CreateRole', RoleName='app', AssumeRolePolicyDocument=TRUST)
    prof = call('CreateInstanceProfile', InstanceProfileName='ip')['InstanceProfile']
    assert prof['Arn'] == 'arn:aws:iam::123456789012:instance-profile/ip'
    assert re.fullmatch(r'AIPA[0-9A-F]{17}', prof['InstanceProfileId'])
    call('AddRoleToInstanceProfile', InstanceProfileName='ip', RoleName='app')
    expect_error(lambda: call('AddRoleToInstanceProfile', InstanceProfileName='ip',
                              RoleName='app'), 'LimitExceeded')
    got = call('GetInstanceProfile', InstanceProfileName='ip')['InstanceProfile']
    assert [r['RoleName'] for r in got['Roles']] == ['app']
    profs = call('ListInstanceProfilesForRole', RoleName='app')['InstanceProfiles']
    assert [p['InstanceProfileName'] for p in profs] == ['ip']
    expect_error(lambda: call('DeleteRole', RoleName='app'), 'DeleteConflict')
    expect_error(lambda: call('DeleteInstanceProfile', InstanceProfileName='ip'),
                 'DeleteConflict')
    call('RemoveRoleFromInstanceProfile', InstanceProfileName='ip', RoleName='app')
    call('DeleteInstanceProfile', InstanceProfileName='ip')
    call('DeleteRole', RoleName='app')
    assert not any(svc.snapshot().values())


def test_new_objects_hidden_while_propagating(env):
    emu, svc, call = env
    role = call('CreateRole', RoleName='app', AssumeRolePolicyDocument=TRUST)['Role']
    emu.hidden_ids.add(role['Arn'])
    expect_error(lambda: call('GetRole', RoleName='app'), 'NoSuchEntity')
    # writes see it (AWS accepts a policy put on a role it cannot yet read back)
    call('PutRolePolicy', RoleName='app', PolicyName='p', PolicyDocument=DOC)
    emu.hidden_ids.clear()
    assert call('GetRole', RoleName='app')['Role']['RoleName'] == 'app'


def test_instance_profile_propagation_hook(env):
    _, svc, call = env
    svc.control_propagation({'seconds': 0.2})
    call('CreateRole', RoleName='app', AssumeRolePolicyDocument=TRUST)
    call('CreateInstanceProfile', InstanceProfileName='ip')
    call('AddRoleToInstanceProfile', InstanceProfileName='ip', RoleName='app')
    assert not svc.profile_usable('ip')
    time.sleep(0.25)
    assert svc.profile_usable('arn:aws:iam::123456789012:instance-profile/ip')
    assert not svc.profile_usable('other')

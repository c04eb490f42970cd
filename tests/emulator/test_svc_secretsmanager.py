"""Secrets Manager (json 1.1) over the wire: secrets, versions and staging labels,
idempotency tokens, deletion and restore, policies, tags, random passwords."""

import base64
import string

import pytest

from awsclient import AwsCallError, Client

AK = 'AKIATESTSECRETS00001'
SK = 'test/secretsmanager/secret'
TOKEN1 = '11111111-1111-4111-8111-111111111111'
TOKEN2 = '22222222-2222-4222-8222-222222222222'
TOKEN3 = '33333333-3333-4333-8333-333333333333'
PUNCT = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'


@pytest.fixture
def c(running):
    running[0].reset()
    return Client(running[1], AK, SK)


def sm(c, op, **kw):
    return c.call('secretsmanager', op, **kw)


def error_of(fn, *a, **kw):
    with pytest.raises(AwsCallError) as ei:
        fn(*a, **kw)
    return ei.value


def test_create_is_idempotent_on_its_token(c):
    first = sm(c, 'CreateSecret', Name='app/db', Description='db', ClientRequestToken=TOKEN1,
               SecretString='pw1', Tags=[{'Key': 'env', 'Value': 'dev'}])
    assert first['ARN'].startswith('arn:aws:secretsmanager:us-east-1:123456789012:secret:app/db-')
    assert len(first['ARN']) == len('arn:aws:secretsmanager:us-east-1:123456789012:secret:'
                                    'app/db-') + 6
    assert first['VersionId'] == TOKEN1
    again = sm(c, 'CreateSecret', Name='app/db', Description='db', ClientRequestToken=TOKEN1,
               SecretString='pw1', Tags=[{'Key': 'env', 'Value': 'dev'}])
    assert again == first
    e = error_of(sm, c, 'CreateSecret', Name='app/db', ClientRequestToken=TOKEN2)
    assert e.code == 'ResourceExistsException' and 'already exists' in e.message
    d = sm(c, 'DescribeSecret', SecretId='app/db')
    assert d['ARN'] == first['ARN'] and d['Description'] == 'db'
    assert d['Tags'] == [{'Key': 'env', 'Value': 'dev'}]
    assert d['VersionIdsToStages'] == {TOKEN1: ['AWSCURRENT']}
    assert 'DeletedDate' not in d and 'KmsKeyId' not in d
    # the ARN without its random suffix names the secret too
    assert sm(c, 'DescribeSecret', SecretId=first['ARN'][:-7])['Name'] == 'app/db'


def test_versions_and_staging_labels(c):
    arn = sm(c, 'CreateSecret', Name='s', ClientRequestToken=TOKEN1)['ARN']
    assert 'VersionIdsToStages' not in sm(c, 'DescribeSecret', SecretId=arn) or \
        sm(c, 'DescribeSecret', SecretId=arn)['VersionIdsToStages'] == {}
    e = error_of(sm, c, 'GetSecretValue', SecretId=arn)
    assert e.code == 'ResourceNotFoundException' and 'AWSCURRENT' in e.message
    v1 = sm(c, 'PutSecretValue', SecretId=arn, SecretString='one', ClientRequestToken=TOKEN2)
    assert v1['VersionId'] == TOKEN2 and v1['VersionStages'] == ['AWSCURRENT']
    # the same token and value again: the same version; another value: refused
    assert sm(c, 'PutSecretValue', SecretId=arn, SecretString='one',
              ClientRequestToken=TOKEN2)['VersionId'] == TOKEN2
    e = error_of(sm, c, 'PutSecretValue', SecretId=arn, SecretString='other',
                 ClientRequestToken=TOKEN2)
    assert e.code == 'ResourceExistsException'
    v2 = sm(c, 'PutSecretValue', SecretId='s', SecretBinary=b'\x00\x01two',
            ClientRequestToken=TOKEN3)
    got = sm(c, 'GetSecretValue', SecretId=arn)
    assert got['VersionId'] == TOKEN3 and base64.b64decode(got['SecretBinary']) == b'\x00\x01two'
    assert 'SecretString' not in got and got['VersionStages'] == ['AWSCURRENT']
    prev = sm(c, 'GetSecretValue', SecretId=arn, VersionStage='AWSPREVIOUS')
    assert prev['SecretString'] == 'one' and prev['VersionId'] == TOKEN2
    assert sm(c, 'GetSecretValue', SecretId=arn, VersionId=TOKEN2)['SecretString'] == 'one'
    e = error_of(sm, c, 'GetSecretValue', SecretId=arn, VersionId=TOKEN2,
                 VersionStage='AWSCURRENT')
    assert e.code == 'InvalidRequestException'
    # a third version without AWSCURRENT leaves the labels where they are
    v3 = sm(c, 'PutSecretValue', SecretId=arn, SecretString='three', VersionStages=['mine'])
    assert v3['VersionStages'] == ['mine']
    stages = sm(c, 'DescribeSecret', SecretId=arn)['VersionIdsToStages']
    assert stages == {TOKEN2: ['AWSPREVIOUS'], v2['VersionId']: ['AWSCURRENT'],
                      v3['VersionId']: ['mine']}
    listed = sm(c, 'ListSecretVersionIds', SecretId=arn)
    assert {v['VersionId'] for v in listed['Versions']} == {TOKEN2, TOKEN3, v3['VersionId']}
    # moving AWSCURRENT needs the version holding it; AWSPREVIOUS follows
    e = error_of(sm, c, 'UpdateSecretVersionStage', SecretId=arn, VersionStage='AWSCURRENT',
                 MoveToVersionId=v3['VersionId'])
    assert e.code == 'InvalidParameterException'
    sm(c, 'UpdateSecretVersionStage', SecretId=arn, VersionStage='AWSCURRENT',
       MoveToVersionId=v3['VersionId'], RemoveFromVersionId=TOKEN3)
    stages = sm(c, 'DescribeSecret', SecretId=arn)['VersionIdsToStages']
    assert stages == {TOKEN3: ['AWSPREVIOUS'], v3['VersionId']: ['mine', 'AWSCURRENT']}
    e = error_of(sm, c, 'UpdateSecretVersionStage', SecretId=arn, VersionStage='AWSCURRENT',
                 RemoveFromVersionId=v3['VersionId'])
    assert e.code == 'InvalidParameterException'
    sm(c, 'UpdateSecretVersionStage', SecretId=arn, VersionStage='mine',
       RemoveFromVersionId=v3['VersionId'])
    assert sm(c, 'ListSecretVersionIds', SecretId=arn, IncludeDeprecated=True)['Versions']
    # UpdateSecret with a value makes a new current version
    u = sm(c, 'UpdateSecret', SecretId=arn, Description='new', SecretString='four')
    assert sm(c, 'GetSecretValue', SecretId=arn)['VersionId'] == u['VersionId']
    assert sm(c, 'DescribeSecret', SecretId=arn)['Description'] == 'new'


def test_delete_window_restore_and_force(c, running):
    arn = sm(c, 'CreateSecret', Name='gone', SecretString='x')['ARN']
    e = error_of(sm, c, 'DeleteSecret', SecretId=arn, RecoveryWindowInDays=7,
                 ForceDeleteWithoutRecovery=True)
    assert e.code == 'InvalidParameterException'
    assert error_of(sm, c, 'DeleteSecret', SecretId=arn,
                    RecoveryWindowInDays=3).code == 'InvalidParameterException'
    d = sm(c, 'DeleteSecret', SecretId=arn, RecoveryWindowInDays=7)
    assert d['ARN'] == arn and d['DeletionDate']
    assert 'DeletedDate' in sm(c, 'DescribeSecret', SecretId=arn)
    e = error_of(sm, c, 'GetSecretValue', SecretId=arn)
    assert e.code == 'InvalidRequestException' and 'marked for deletion' in e.message
    e = error_of(sm, c, 'CreateSecret', Name='gone')
    assert e.code == 'InvalidRequestException' and 'scheduled for deletion' in e.message
    state = running[0].state()
    assert state['services']['secretsmanager']['secrets'] == [] and state['empty']
    sm(c, 'RestoreSecret', SecretId='gone')
    assert sm(c, 'GetSecretValue', SecretId='gone')['SecretString'] == 'x'
    sm(c, 'DeleteSecret', SecretId='gone', ForceDeleteWithoutRecovery=True)
    assert error_of(sm, c, 'DescribeSecret',
                    SecretId=arn).code == 'ResourceNotFoundException'
    assert sm(c, 'CreateSecret', Name='gone')['ARN'] != arn


def test_tags_and_resource_policy(c):
    arn = sm(c, 'CreateSecret', Name='p', Tags=[{'Key': 'a', 'Value': '1'}])['ARN']
    sm(c, 'TagResource', SecretId=arn, Tags=[{'Key': 'b', 'Value': '2'},
                                              {'Key': 'a', 'Value': '3'}])
    sm(c, 'UntagResource', SecretId=arn, TagKeys=['b'])
    assert sm(c, 'DescribeSecret', SecretId=arn)['Tags'] == [{'Key': 'a', 'Value': '3'}]
    assert 'ResourcePolicy' not in sm(c, 'GetResourcePolicy', SecretId=arn)
    assert error_of(sm, c, 'PutResourcePolicy', SecretId=arn,
                    ResourcePolicy='{not json').code == 'MalformedPolicyDocumentException'
    doc = ('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":'
           '"arn:aws:iam::123456789012:root"},"Action":"secretsmanager:GetSecretValue",'
           '"Resource":"*"}]}')
    sm(c, 'PutResourcePolicy', SecretId=arn, ResourcePolicy=doc)
    assert sm(c, 'GetResourcePolicy', SecretId=arn)['ResourcePolicy'] == doc
    sm(c, 'DeleteResourcePolicy', SecretId=arn)
    assert 'ResourcePolicy' not in sm(c, 'GetResourcePolicy', SecretId=arn)


def test_random_password_parameters(c):
    pw = sm(c, 'GetRandomPassword')['RandomPassword']
    assert len(pw) == 32
    for _ in range(5):
        pw = sm(c, 'GetRandomPassword', PasswordLength=8)['RandomPassword']
        assert len(pw) == 8
        assert any(ch in string.ascii_lowercase for ch in pw)
        assert any(ch in string.ascii_uppercase for ch in pw)
        assert any(ch in string.digits for ch in pw)
        assert any(ch in PUNCT for ch in pw)
    pw = sm(c, 'GetRandomPassword', PasswordLength=200, ExcludePunctuation=True,
            ExcludeUppercase=True, ExcludeCharacters='abc0')['RandomPassword']
    assert set(pw) <= set(string.ascii_lowercase + string.digits) - set('abc0')
    pw = sm(c, 'GetRandomPassword', PasswordLength=50, ExcludeLowercase=True,
            ExcludeUppercase=True, ExcludePunctuation=True, IncludeSpace=True)['RandomPassword']
    assert ' ' in pw and set(pw) <= set(string.digits + ' ')
    pw = sm(c, 'GetRandomPassword', PasswordLength=3, ExcludeNumbers=True,
            RequireEachIncludedType=False)['RandomPassword']
    assert len(pw) == 3 and not set(pw) & set(string.digits)
    assert error_of(sm, c, 'GetRandomPassword', PasswordLength=2).code == \
        'InvalidParameterException'
    assert error_of(sm, c, 'GetRandomPassword', ExcludeLowercase=True, ExcludeUppercase=True,
                    ExcludeNumbers=True, ExcludePunctuation=True).code == \
        'InvalidParameterException'
    # the model's limits
    assert error_of(sm, c, 'GetRandomPassword', PasswordLength=0).code == 'ValidationException'
    assert error_of(sm, c, 'GetRandomPassword', PasswordLength=4097).code == \
        'ValidationException'


def test_bad_input(c):
    assert error_of(sm, c, 'CreateSecret', Name='bad name!').code == 'InvalidParameterException'
    assert error_of(sm, c, 'CreateSecret', Name='x', ClientRequestToken='short').code == \
        'ValidationException'
    assert error_of(sm, c, 'CreateSecret', Name='x', SecretString='a',
                    SecretBinary=b'b').code == 'InvalidParameterException'
    assert error_of(sm, c, 'DescribeSecret', SecretId='nope').code == \
        'ResourceNotFoundException'
    sm(c, 'CreateSecret', Name='x')
    assert error_of(sm, c, 'PutSecretValue', SecretId='x').code == 'InvalidParameterException'
    assert error_of(sm, c, 'TagResource', SecretId='x',
                    Tags=[{'Key': 'aws:x', 'Value': 'y'}]).code == 'InvalidParameterException'


def test_replica_regions(c):
    arn = sm(c, 'CreateSecret', Name='r', AddReplicaRegions=[{'Region': 'us-west-2'}])['ARN']
    d = sm(c, 'DescribeSecret', SecretId=arn)
    assert d['PrimaryRegion'] == 'us-east-1'
    assert d['ReplicationStatus'] == [{'Region': 'us-west-2', 'Status': 'InSync',
                                       'StatusMessage': 'Replication succeeded'}]
    out = sm(c, 'ReplicateSecretToRegions', SecretId=arn,
             AddReplicaRegions=[{'Region': 'eu-west-1', 'KmsKeyId': 'alias/mine'}])
    assert [(r['Region'], r.get('KmsKeyId')) for r in out['ReplicationStatus']] == \
        [('us-west-2', None), ('eu-west-1', 'alias/mine')]
    sm(c, 'RemoveRegionsFromReplication', SecretId=arn, RemoveReplicaRegions=['us-west-2'])
    assert [r['Region'] for r in sm(c, 'DescribeSecret', SecretId=arn)['ReplicationStatus']] \
        == ['eu-west-1']
    assert error_of(sm, c, 'ReplicateSecretToRegions', SecretId=arn,
                    AddReplicaRegions=[{'Region': 'us-east-1'}]).code == \
        'InvalidParameterException'

"""CloudWatch Logs (json 1.1) over the wire: log groups, retention, KMS key, tags."""

import pytest

from awsclient import AwsCallError, Client

AK = 'AKIATESTLOGS00000001'
SK = 'test/logs/secret'
ARN = 'arn:aws:logs:us-east-1:123456789012:log-group:'


@pytest.fixture
def c(running):
    running[0].reset()
    return Client(running[1], AK, SK)


def error_of(fn, *a, **kw):
    with pytest.raises(AwsCallError) as ei:
        fn(*a, **kw)
    return ei.value


def test_lifecycle_arns_retention_kms_tags(c):
    c.call('logs', 'CreateLogGroup', logGroupName='/app/web', tags={'env': 'dev'})
    groups = c.call('logs', 'DescribeLogGroups', logGroupNamePrefix='/app/web')['logGroups']
    assert len(groups) == 1
    g = groups[0]
    assert g['arn'] == ARN + '/app/web:*' and g['logGroupArn'] == ARN + '/app/web'
    assert g['logGroupClass'] == 'STANDARD' and 'retentionInDays' not in g
    c.call('logs', 'PutRetentionPolicy', logGroupName='/app/web', retentionInDays=14)
    key = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'
    c.call('logs', 'AssociateKmsKey', logGroupName='/app/web', kmsKeyId=key)
    g = c.call('logs', 'DescribeLogGroups', logGroupNamePrefix='/app')['logGroups'][0]
    assert g['retentionInDays'] == 14 and g['kmsKeyId'] == key
    c.call('logs', 'DeleteRetentionPolicy', logGroupName='/app/web')
    c.call('logs', 'DisassociateKmsKey', logGroupName='/app/web')
    g = c.call('logs', 'DescribeLogGroups', logGroupNamePrefix='/app')['logGroups'][0]
    assert 'retentionInDays' not in g and 'kmsKeyId' not in g
    c.call('logs', 'TagResource', resourceArn=ARN + '/app/web', tags={'team': 'a'})
    c.call('logs', 'UntagResource', resourceArn=ARN + '/app/web', tagKeys=['env'])
    assert c.call('logs', 'ListTagsForResource',
                  resourceArn=ARN + '/app/web')['tags'] == {'team': 'a'}
    c.call('logs', 'DeleteLogGroup', logGroupName='/app/web')
    assert c.call('logs', 'DescribeLogGroups')['logGroups'] == []


def test_errors(c):
    c.call('logs', 'CreateLogGroup', logGroupName='g1')
    assert error_of(c.call, 'logs', 'CreateLogGroup',
                    logGroupName='g1').code == 'ResourceAlreadyExistsException'
    e = error_of(c.call, 'logs', 'PutRetentionPolicy', logGroupName='g1', retentionInDays=2)
    assert e.code == 'InvalidParameterException' and "'2'" in e.message
    assert error_of(c.call, 'logs', 'DeleteLogGroup',
                    logGroupName='nope').code == 'ResourceNotFoundException'
    assert error_of(c.call, 'logs', 'CreateLogGroup',
                    logGroupName='bad name').code == 'InvalidParameterException'
    # the model: an unknown class is refused before the service sees it
    assert error_of(c.call, 'logs', 'CreateLogGroup', logGroupName='g2',
                    logGroupClass='COLD').code == 'ValidationException'


def test_pagination(c):
    for i in range(5):
        c.call('logs', 'CreateLogGroup', logGroupName='p%d' % i)
    page = c.call('logs', 'DescribeLogGroups', limit=3)
    assert [g['logGroupName'] for g in page['logGroups']] == ['p0', 'p1', 'p2']
    rest = c.call('logs', 'DescribeLogGroups', limit=3, nextToken=page['nextToken'])
    assert [g['logGroupName'] for g in rest['logGroups']] == ['p3', 'p4']
    assert 'nextToken' not in rest

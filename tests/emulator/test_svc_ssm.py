"""SSM Parameter Store (json 1.1) over the wire: public parameters, SecureString, tags."""

import json

import pytest

from awsclient import AwsCallError, Client

AK = 'AKIATESTSSM000000001'
SK = 'test/ssm/secret'
AL2023 = '/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id'


@pytest.fixture
def c(running):
    running[0].reset()
    return Client(running[1], AK, SK)


def error_of(fn, *a, **kw):
    with pytest.raises(AwsCallError) as ei:
        fn(*a, **kw)
    return ei.value


def test_public_ecs_ami_parameter_names_a_known_image(c):
    p = c.call('ssm', 'GetParameter', Name=AL2023)['Parameter']
    assert p['Type'] == 'String' and p['DataType'] == 'aws:ec2:image' and p['Version'] == 1
    assert p['ARN'] == 'arn:aws:ssm:us-east-1::parameter' + AL2023
    images = c.call('ec2', 'DescribeImages', ImageIds=[p['Value']])['Images']
    assert images[0]['Name'].startswith('al2023-ami-ecs-hvm-')


def test_public_recommended_document_matches_its_image_id(c):
    # The JSON document beside .../recommended/image_id (the ecs module's examples read it).
    for family in ('amazon-linux-2', 'amazon-linux-2023'):
        base = '/aws/service/ecs/optimized-ami/%s/recommended' % family
        doc = c.call('ssm', 'GetParameter', Name=base)['Parameter']
        assert doc['DataType'] == 'text'
        image_id = c.call('ssm', 'GetParameter', Name=base + '/image_id')['Parameter']['Value']
        value = json.loads(doc['Value'])
        assert value['image_id'] == image_id
        images = c.call('ec2', 'DescribeImages', ImageIds=[image_id])['Images']
        assert images[0]['Name'] == value['image_name']


def test_secure_string_versions_and_decryption(c):
    v = c.call('ssm', 'PutParameter', Name='/app/db/password', Value='s3cret',
               Type='SecureString', Tags=[{'Key': 'env', 'Value': 'dev'}])
    assert v['Version'] == 1 and v['Tier'] == 'Standard'
    plain = c.call('ssm', 'GetParameter', Name='/app/db/password',
                   WithDecryption=True)['Parameter']
    assert plain['Value'] == 's3cret'
    hidden = c.call('ssm', 'GetParameter', Name='/app/db/password')['Parameter']
    assert hidden['Value'] != 's3cret'
    assert error_of(c.call, 'ssm', 'PutParameter', Name='/app/db/password',
                    Value='x').code == 'ParameterAlreadyExists'
    assert c.call('ssm', 'PutParameter', Name='/app/db/password', Value='n3w',
                  Overwrite=True)['Version'] == 2
    old = c.call('ssm', 'GetParameter', Name='/app/db/password:1',
                 WithDecryption=True)['Parameter']
    assert old['Value'] == 's3cret' and old['Selector'] == ':1'
    got = c.call('ssm', 'GetParameters', Names=['/app/db/password', '/nope'],
                 WithDecryption=True)
    assert [p['Value'] for p in got['Parameters']] == ['n3w']
    assert got['InvalidParameters'] == ['/nope']
    d = c.call('ssm', 'DescribeParameters', ParameterFilters=[
        {'Key': 'Name', 'Option': 'Equals', 'Values': ['/app/db/password']}])['Parameters']
    assert d[0]['Version'] == 2 and d[0]['KeyId'] == 'alias/aws/ssm'
    c.call('ssm', 'AddTagsToResource', ResourceType='Parameter', ResourceId='/app/db/password',
           Tags=[{'Key': 'team', 'Value': 'a'}])
    c.call('ssm', 'RemoveTagsFromResource', ResourceType='Parameter',
           ResourceId='/app/db/password', TagKeys=['env'])
    assert c.call('ssm', 'ListTagsForResource', ResourceType='Parameter',
                  ResourceId='/app/db/password')['TagList'] == [{'Key': 'team', 'Value': 'a'}]
    c.call('ssm', 'DeleteParameter', Name='/app/db/password')
    assert error_of(c.call, 'ssm', 'GetParameter',
                    Name='/app/db/password').code == 'ParameterNotFound'


def test_bad_input(c):
    assert error_of(c.call, 'ssm', 'PutParameter', Name='/aws/mine', Value='x',
                    Type='String').code == 'ValidationException'
    assert error_of(c.call, 'ssm', 'PutParameter', Name='/x', Value='x',
                    Type='Text').code == 'ValidationException'
    assert error_of(c.call, 'ssm', 'PutParameter', Name='/x', Value='abc', Type='String',
                    AllowedPattern='^[0-9]+$').code == 'ValidationException'
    assert error_of(c.call, 'ssm', 'DeleteParameter', Name='/nope').code == 'ParameterNotFound'


def test_get_by_arn_and_metadata(c):
    """GetParameter by ARN (what the ephemeral aws_ssm_parameter sends), with
    a version selector, for names with and without a leading slash;
    DescribeParameters' metadata; an ARN of another service refused."""
    c.call('ssm', 'PutParameter', Name='/app/key', Value='one', Type='SecureString')
    c.call('ssm', 'PutParameter', Name='/app/key', Value='two', Overwrite=True,
           Description='rotated')
    c.call('ssm', 'PutParameter', Name='flat', Value='x', Type='String')
    arn = 'arn:aws:ssm:us-east-1:123456789012:parameter/app/key'
    p = c.call('ssm', 'GetParameter', Name=arn, WithDecryption=True)['Parameter']
    assert (p['Name'], p['Value'], p['Version'], p['ARN']) == ('/app/key', 'two', 2, arn)
    p = c.call('ssm', 'GetParameter', Name=arn + ':1', WithDecryption=True)['Parameter']
    assert (p['Value'], p['Version'], p['Selector']) == ('one', 1, ':1')
    flat = c.call('ssm', 'GetParameter',
                  Name='arn:aws:ssm:us-east-1:123456789012:parameter/flat')['Parameter']
    assert flat['Name'] == 'flat' and flat['Value'] == 'x'
    e = error_of(c.call, 'ssm', 'GetParameter', Name='arn:aws:iam::123456789012:role/x')
    assert e.code == 'ValidationException'
    meta = c.call('ssm', 'DescribeParameters', ParameterFilters=[
        {'Key': 'Name', 'Option': 'Equals', 'Values': ['/app/key']}])['Parameters']
    assert len(meta) == 1 and meta[0]['Description'] == 'rotated'
    assert meta[0]['KeyId'] == 'alias/aws/ssm' and meta[0]['Version'] == 2


LATEST = '/aws/service/ami-amazon-linux-latest'


def test_latest_amazon_linux_parameters_name_known_images(c):
    # Each .../ami-amazon-linux-latest/<name> points at an image whose name and
    # architecture are the parameter's (as AWS publishes them).
    expect = {'amzn2-ami-hvm-x86_64-gp2': ('amzn2-ami-hvm-', 'x86_64', '-gp2'),
              'amzn2-ami-hvm-arm64-gp2': ('amzn2-ami-hvm-', 'arm64', '-gp2'),
              'al2023-ami-kernel-default-x86_64': ('al2023-ami-2023', 'x86_64', '-x86_64'),
              'al2023-ami-kernel-6.1-x86_64': ('al2023-ami-2023', 'x86_64', '-kernel-6.1-x86_64'),
              'al2023-ami-kernel-default-arm64': ('al2023-ami-2023', 'arm64', '-arm64')}
    got = c.call('ssm', 'GetParameters', Names=['%s/%s' % (LATEST, n) for n in expect]
                 + [LATEST + '/no-such-image'])
    assert got['InvalidParameters'] == [LATEST + '/no-such-image']
    assert len(got['Parameters']) == len(expect)
    for p in got['Parameters']:
        short = p['Name'].rsplit('/', 1)[1]
        assert p['ARN'] == 'arn:aws:ssm:us-east-1::parameter' + p['Name']
        assert (p['Type'], p['DataType'], p['Version']) == ('String', 'aws:ec2:image', 1)
        image = c.call('ec2', 'DescribeImages', ImageIds=[p['Value']])['Images'][0]
        prefix, arch, suffix = expect[short]
        assert image['Name'].startswith(prefix) and image['Name'].endswith(suffix), image
        assert image['Architecture'] == arch and image['OwnerId'] == '591542846629'
        assert image['BlockDeviceMappings'][0]['Ebs']['VolumeSize'] == 8


def test_get_parameters_by_path(c):
    first = c.call('ssm', 'GetParametersByPath', Path=LATEST, MaxResults=2)
    assert len(first['Parameters']) == 2 and first['NextToken']
    names, token = [p['Name'] for p in first['Parameters']], first['NextToken']
    while token:
        page = c.call('ssm', 'GetParametersByPath', Path=LATEST, NextToken=token)
        names += [p['Name'] for p in page['Parameters']]
        token = page.get('NextToken')
    assert names == sorted(names) and len(names) == 6
    assert LATEST + '/amzn2-ami-hvm-x86_64-gp2' in names
    # Not recursive: only the path's direct children; recursive: the whole tree.
    ecs = '/aws/service/ecs/optimized-ami/amazon-linux-2'
    direct = c.call('ssm', 'GetParametersByPath', Path=ecs)['Parameters']
    assert [p['Name'] for p in direct] == [ecs + '/recommended']
    deep = c.call('ssm', 'GetParametersByPath', Path=ecs, Recursive=True, MaxResults=10)
    assert {p['Name'] for p in deep['Parameters']} == {
        ecs + '/recommended', ecs + '/recommended/image_id', ecs + '/arm64/recommended/image_id'}
    # The account's own parameters, by path; a filter on Type.
    c.call('ssm', 'PutParameter', Name='/app/db/host', Value='h', Type='String')
    c.call('ssm', 'PutParameter', Name='/app/db/pass', Value='p', Type='SecureString')
    c.call('ssm', 'PutParameter', Name='/app/name', Value='n', Type='String')
    got = c.call('ssm', 'GetParametersByPath', Path='/app/db', WithDecryption=True)['Parameters']
    assert [(p['Name'], p['Value']) for p in got] == [('/app/db/host', 'h'), ('/app/db/pass', 'p')]
    got = c.call('ssm', 'GetParametersByPath', Path='/app', Recursive=True,
                 ParameterFilters=[{'Key': 'Type', 'Values': ['SecureString']}])['Parameters']
    assert [p['Name'] for p in got] == ['/app/db/pass'] and got[0]['Value'] != 'p'
    assert c.call('ssm', 'GetParametersByPath', Path='/nothing')['Parameters'] == []
    e = error_of(c.call, 'ssm', 'GetParametersByPath', Path='app/db')
    assert e.code == 'ValidationException'
    e = error_of(c.call, 'ssm', 'GetParametersByPath', Path='/app', MaxResults=11)
    assert e.code == 'ValidationException'

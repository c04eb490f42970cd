"""Tests of svc_s3: REST-XML routing by method, path and sub-resource, input
from URI/headers/XML payload validated against the S3 model, buckets and the
configurations the s3-bucket module sets, the "not configured" answers, the
checksum S3 requires, and objects enough for force_destroy.

Run: /usr/bin/python3 -m pytest tests/emulator/test_svc_s3.py
"""

import base64
import hashlib
import os
import sys
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import sigv4  # noqa: E402
import svc_s3  # noqa: E402

AK = 'AKIAS3TEST0000000001'
SK = 's3-test-secret'
NS = '{http://s3.amazonaws.com/doc/2006-03-01/}'


class S3:
    def __init__(self, base):
        self.base = base

    def __call__(self, method, path, body=b'', headers=None, md5=True, secret=SK):
        url = self.base + path
        headers = dict(headers or {})
        if body and md5:
            headers['Content-MD5'] = base64.b64encode(hashlib.md5(body).digest()).decode()
        headers['x-amz-content-sha256'] = hashlib.sha256(body).hexdigest()
        headers = sigv4.sign(method, url, headers, body, AK, secret, 'us-east-1', 's3')
        req = urllib.request.Request(url, data=body or None, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=10) as r:
                status, hdrs, data = r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as e:
            status, hdrs, data = e.code, dict(e.headers), e.read()
        code = None
        if status >= 300 and data:
            code = ET.fromstring(data).findtext('Code')
        return status, hdrs, data, code


@pytest.fixture(scope='module')
def s3(running):
    return S3(running[1])


@pytest.fixture(scope='module')
def emu(running):
    return running[0]


def xml(data):
    return ET.fromstring(data)


def test_bucket_lifecycle_and_errors(s3, emu):
    assert s3('PUT', '/Bad_Name')[3] == 'InvalidBucketName'
    cfg = (b'<CreateBucketConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
           b'<LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>')
    assert s3('PUT', '/located', cfg)[3] == 'InvalidLocationConstraint'
    st, hdrs, _, _ = s3('PUT', '/b-one')
    assert st == 200 and hdrs['Location'] == '/b-one'
    assert s3('PUT', '/b-one')[3] == 'BucketAlreadyOwnedByYou'
    st, hdrs, data, _ = s3('HEAD', '/b-one')
    assert st == 200 and hdrs['x-amz-bucket-region'] == 'us-east-1' and data == b''
    st, _, data, _ = s3('HEAD', '/nope')
    assert st == 404 and data == b''
    assert s3('GET', '/nope?acl')[3] == 'NoSuchBucket'
    # what a new bucket has, and what it lacks
    assert xml(s3('GET', '/b-one?encryption')[2]).findtext(
        './/%sSSEAlgorithm' % NS) == 'AES256'
    own = xml(s3('GET', '/b-one?ownershipControls')[2])
    assert own.findtext('.//%sObjectOwnership' % NS) == 'BucketOwnerEnforced'
    pab = xml(s3('GET', '/b-one?publicAccessBlock')[2])
    assert pab.findtext('%sBlockPublicPolicy' % NS) == 'true'
    for sub, code in (('cors', 'NoSuchCORSConfiguration'),
                      ('website', 'NoSuchWebsiteConfiguration'),
                      ('lifecycle', 'NoSuchLifecycleConfiguration'),
                      ('replication', 'ReplicationConfigurationNotFoundError'),
                      ('object-lock', 'ObjectLockConfigurationNotFoundError'),
                      ('policy', 'NoSuchBucketPolicy'), ('tagging', 'NoSuchTagSet')):
        st, _, _, got = s3('GET', '/b-one?' + sub)
        assert (st, got) == (404, code), sub
    assert xml(s3('GET', '/b-one?requestPayment')[2]).findtext('%sPayer' % NS) == 'BucketOwner'
    assert s3('GET', '/b-one?versioning')[0] == 200
    # the lifecycle GET is GetBucketLifecycleConfiguration, not the deprecated one
    assert [c['operation'] for c in emu.calls() if c['operation'].startswith(
        'GetBucketLifecycle')][-1] == 'GetBucketLifecycleConfiguration'
    st, _, data, _ = s3('GET', '/')
    owner = xml(data).findtext('%sOwner/%sID' % (NS, NS))
    assert owner == svc_s3.canonical_user_id('123456789012') and len(owner) == 64
    assert s3('DELETE', '/b-one')[0] == 204
    assert s3('HEAD', '/b-one')[0] == 404


def test_acl_needs_ownership_and_checksum(s3):
    assert s3('PUT', '/b-acl')[0] == 200
    # BucketOwnerEnforced (the default) refuses ACLs other than private
    st, _, _, code = s3('PUT', '/b-acl?acl', headers={'x-amz-acl': 'log-delivery-write'})
    assert (st, code) == (400, 'AccessControlListNotSupported')
    body = (b'<OwnershipControls xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Rule>'
            b'<ObjectOwnership>ObjectWriter</ObjectOwnership></Rule></OwnershipControls>')
    # the model requires a checksum on PutBucketOwnershipControls
    assert s3('PUT', '/b-acl?ownershipControls', body, md5=False)[3] == 'InvalidRequest'
    assert s3('PUT', '/b-acl?ownershipControls', body,
              headers={'Content-MD5': 'AAAAAAAAAAAAAAAAAAAAAA=='}, md5=False)[3] == 'BadDigest'
    assert s3('PUT', '/b-acl?ownershipControls', body)[0] == 200
    assert s3('PUT', '/b-acl?acl', headers={'x-amz-acl': 'log-delivery-write'})[0] == 200
    grants = xml(s3('GET', '/b-acl?acl')[2]).findall('.//%sGrant' % NS)
    got = sorted((g.findtext('%sGrantee/%sURI' % (NS, NS)) or 'owner',
                  g.findtext('%sPermission' % NS)) for g in grants)
    assert got == [(svc_s3.LOG_DELIVERY, 'READ_ACP'), (svc_s3.LOG_DELIVERY, 'WRITE'),
                   ('owner', 'FULL_CONTROL')]
    xsi = '{http://www.w3.org/2001/XMLSchema-instance}type'
    assert sorted(g.find('%sGrantee' % NS).get(xsi) for g in grants) == [
        'CanonicalUser', 'Group', 'Group']
    # not a canned ACL
    assert s3('PUT', '/b-acl?acl', headers={'x-amz-acl': 'everyone'})[3] == 'InvalidArgument'
    # an element the model does not know
    bad = (b'<OwnershipControls xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Rule>'
           b'<Owner>ObjectWriter</Owner></Rule></OwnershipControls>')
    assert s3('PUT', '/b-acl?ownershipControls', bad)[3] == 'MalformedXML'


def test_policy_pab_tags(s3):
    assert s3('PUT', '/b-pol')[0] == 200
    pol = (b'{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*",'
           b'"Action":"s3:*","Resource":"arn:aws:s3:::b-pol/*",'
           b'"Condition":{"Bool":{"aws:SecureTransport":"false"}}}]}')
    assert s3('PUT', '/b-pol?policy', pol)[0] == 204
    st, hdrs, data, _ = s3('GET', '/b-pol?policy')
    assert st == 200 and data == pol
    assert s3('PUT', '/b-pol?policy', b'{not json')[3] == 'MalformedPolicy'
    other = pol.replace(b'b-pol/*', b'other/*')
    assert s3('PUT', '/b-pol?policy', other)[3] == 'MalformedPolicy'
    public = b'{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject",' \
             b'"Resource":"arn:aws:s3:::b-pol/*"}]}'
    assert s3('PUT', '/b-pol?policy', public)[3] == 'AccessDenied'
    pab = (b'<PublicAccessBlockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
           b'<BlockPublicAcls>true</BlockPublicAcls><BlockPublicPolicy>false'
           b'</BlockPublicPolicy></PublicAccessBlockConfiguration>')
    assert s3('PUT', '/b-pol?publicAccessBlock', pab)[0] == 200
    got = xml(s3('GET', '/b-pol?publicAccessBlock')[2])
    assert [got.findtext(NS + k) for k in ('BlockPublicAcls', 'BlockPublicPolicy',
                                           'IgnorePublicAcls')] == ['true', 'false', 'false']
    assert s3('PUT', '/b-pol?policy', public)[0] == 204
    assert s3('DELETE', '/b-pol?policy')[0] == 204
    assert s3('DELETE', '/b-pol?publicAccessBlock')[0] == 204
    assert s3('GET', '/b-pol?publicAccessBlock')[3] == 'NoSuchPublicAccessBlockConfiguration'
    tags = (b'<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet>'
            b'<Tag><Key>a</Key><Value>1</Value></Tag></TagSet></Tagging>')
    assert s3('PUT', '/b-pol?tagging', tags)[0] == 204
    assert xml(s3('GET', '/b-pol?tagging')[2]).findtext('.//%sKey' % NS) == 'a'
    # a tagging document without its required TagSet fails the model
    assert s3('PUT', '/b-pol?tagging',
              b'<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></Tagging>'
              )[3] == 'MalformedXML'
    assert s3('DELETE', '/b-pol')[0] == 204


def test_objects_and_force_empty(s3):
    assert s3('PUT', '/b-obj')[0] == 200
    vers = (b'<VersioningConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
            b'<Status>Enabled</Status></VersioningConfiguration>')
    assert s3('PUT', '/b-obj?versioning', vers)[0] == 200
    assert s3('PUT', '/b-obj/dir/a.txt', b'one')[0] == 200
    assert s3('PUT', '/b-obj/dir/a.txt', b'two')[0] == 200
    assert s3('DELETE', '/b-obj/dir/a.txt')[0] == 204       # a delete marker
    assert s3('DELETE', '/b-obj')[3] == 'BucketNotEmpty'
    listing = xml(s3('GET', '/b-obj?list-type=2')[2])
    assert listing.findtext('%sKeyCount' % NS) == '0'
    v = xml(s3('GET', '/b-obj?versions')[2])
    items = [(e.findtext('%sKey' % NS), e.findtext('%sVersionId' % NS))
             for e in v if e.tag in (NS + 'Version', NS + 'DeleteMarker')]
    assert len(items) == 3
    body = '<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">%s<Quiet>true</Quiet>' \
           '</Delete>' % ''.join('<Object><Key>%s</Key><VersionId>%s</VersionId></Object>' % kv
                                 for kv in items)
    assert s3('POST', '/b-obj?delete', body.encode(), md5=False)[3] == 'InvalidRequest'
    assert s3('POST', '/b-obj?delete', body.encode())[0] == 200
    assert s3('DELETE', '/b-obj')[0] == 204


def test_bad_signature_refused(s3):
    st, _, _, code = s3('PUT', '/b-unsigned', secret='wrong')
    assert st == 403 and code == 'SignatureDoesNotMatch'
    assert s3('HEAD', '/b-unsigned')[0] == 404


def test_faults_apply(s3, emu):
    emu.faults.configure({'error500_after': 1.0, 'operations': ['CreateBucket']})
    try:
        st, _, _, code = s3('PUT', '/b-fault')
        assert (st, code) == (500, 'InternalError')
    finally:
        emu.faults.reset()
    # it acted: the bucket exists, and a repeat is told so
    assert s3('HEAD', '/b-fault')[0] == 200
    assert s3('PUT', '/b-fault')[3] == 'BucketAlreadyOwnedByYou'
    emu.faults.configure({'throttle': 1.0, 'operations': ['GetBucketAcl']})
    try:
        st, _, _, code = s3('GET', '/b-fault?acl')
        assert (st, code) == (503, 'SlowDown')
    finally:
        emu.faults.reset()
    assert s3('DELETE', '/b-fault')[0] == 204


def test_location_constraint_outside_us_east_1():
    import server
    emu = server.Emulator(AK, SK, region='eu-west-1')
    svc = emu.services['s3']
    with pytest.raises(svc_s3.AwsError) as ei:
        svc.handle('CreateBucket', {'Bucket': 'eu-bucket'})
    assert ei.value.code == 'IllegalLocationConstraintException'
    with pytest.raises(svc_s3.AwsError) as ei:
        svc.handle('CreateBucket', {'Bucket': 'eu-bucket', 'CreateBucketConfiguration': {
            'LocationConstraint': 'eu-west-2'}})
    assert ei.value.code == 'IllegalLocationConstraintException'
    svc.handle('CreateBucket', {'Bucket': 'eu-bucket', 'CreateBucketConfiguration': {
        'LocationConstraint': 'eu-west-1'}})
    assert svc.handle('HeadBucket', {'Bucket': 'eu-bucket'})['BucketRegion'] == 'eu-west-1'
    assert svc.handle('GetBucketLocation', {'Bucket': 'eu-bucket'}) == {
        'LocationConstraint': 'eu-west-1'}

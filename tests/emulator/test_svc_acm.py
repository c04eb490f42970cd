"""ACM (json 1.1) over the wire: requests, idempotency tokens, validation
records appearing after the first read, DNS/e-mail validation and issuance,
tags, options, listing, deletion refused while a listener uses the
certificate, model validation."""

import os

import pytest

from awsclient import AwsCallError, Client
import svc_acm

AK = 'AKIATESTACM000000001'
SK = 'test/acm/secret'


@pytest.fixture
def c(running):
    running[0].reset()
    return Client(running[1], AK, SK)


def acm(c, op, **kw):
    return c.call('acm', op, **kw)


def error_of(fn, *a, **kw):
    with pytest.raises(AwsCallError) as ei:
        fn(*a, **kw)
    return ei.value


def test_dns_request_records_then_issue(c, running):
    arn = acm(c, 'RequestCertificate', DomainName='example.com',
              SubjectAlternativeNames=['*.example.com', 'example.com', 'www.example.com'],
              ValidationMethod='DNS', IdempotencyToken='tok1',
              Tags=[{'Key': 'env', 'Value': 'dev'}])['CertificateArn']
    assert arn.startswith('arn:aws:acm:us-east-1:123456789012:certificate/')
    first = acm(c, 'DescribeCertificate', CertificateArn=arn)['Certificate']
    assert first['Status'] == 'PENDING_VALIDATION' and first['Type'] == 'AMAZON_ISSUED'
    assert first['SubjectAlternativeNames'] == ['example.com', '*.example.com',
                                                'www.example.com']
    assert first['KeyAlgorithm'] == 'RSA-2048'   # hyphenated, as ACM's Describe writes it
    assert first['Options'] == {'CertificateTransparencyLoggingPreference': 'ENABLED'}
    # the records are not there on the first read, they are on the next
    assert all('ResourceRecord' not in d for d in first['DomainValidationOptions'])
    dvo = acm(c, 'DescribeCertificate', CertificateArn=arn)['Certificate'][
        'DomainValidationOptions']
    assert [d['DomainName'] for d in dvo] == ['example.com', '*.example.com', 'www.example.com']
    recs = {d['DomainName']: d['ResourceRecord'] for d in dvo}
    # a wildcard shares its base domain's record; records are per domain and account
    assert recs['*.example.com'] == recs['example.com']
    assert recs['www.example.com']['Name'].endswith('.www.example.com.')
    assert recs['example.com']['Type'] == 'CNAME'
    assert recs['example.com']['Value'].endswith('.acm-validations.aws.')
    assert (recs['example.com']['Name'], recs['example.com']['Value']) == \
        svc_acm.validation_record('123456789012', 'example.com')
    assert 'NotAfter' not in acm(c, 'DescribeCertificate', CertificateArn=arn)['Certificate']
    e = error_of(acm, c, 'GetCertificate', CertificateArn=arn)
    assert e.code == 'RequestInProgressException'
    # the test hook validates every domain
    running[0].services['acm'].control_validate({'arn': arn})
    d = acm(c, 'DescribeCertificate', CertificateArn=arn)['Certificate']
    assert d['Status'] == 'ISSUED' and d['NotAfter'] > d['NotBefore'] and d['IssuedAt']
    assert {v['ValidationStatus'] for v in d['DomainValidationOptions']} == {'SUCCESS'}
    assert d['RenewalEligibility'] == 'INELIGIBLE' and d['InUseBy'] == []
    assert 'BEGIN CERTIFICATE' in acm(c, 'GetCertificate', CertificateArn=arn)['Certificate']


def test_idempotency_token(c):
    kw = dict(DomainName='a.example.org', ValidationMethod='DNS', IdempotencyToken='abc123')
    a = acm(c, 'RequestCertificate', **kw)['CertificateArn']
    assert acm(c, 'RequestCertificate', **kw)['CertificateArn'] == a
    b = acm(c, 'RequestCertificate', **dict(kw, IdempotencyToken='other'))['CertificateArn']
    assert b != a
    e = error_of(acm, c, 'RequestCertificate', DomainName='a.example.org',
                 IdempotencyToken='has-hyphen')
    assert e.code == 'ValidationException'
    e = error_of(acm, c, 'RequestCertificate', DomainName='a.example.org',
                 IdempotencyToken='x' * 33)
    assert e.code == 'ValidationException'


def test_email_validation_and_options(c, running):
    arn = acm(c, 'RequestCertificate', DomainName='mail.example.net', ValidationMethod='EMAIL',
              DomainValidationOptions=[{'DomainName': 'mail.example.net',
                                        'ValidationDomain': 'example.net'}],
              KeyAlgorithm='EC_prime256v1',
              Options={'CertificateTransparencyLoggingPreference': 'DISABLED'})[
        'CertificateArn']
    acm(c, 'DescribeCertificate', CertificateArn=arn)
    d = acm(c, 'DescribeCertificate', CertificateArn=arn)['Certificate']
    v = d['DomainValidationOptions'][0]
    assert v['ValidationMethod'] == 'EMAIL' and v['ValidationDomain'] == 'example.net'
    assert 'admin@example.net' in v['ValidationEmails'] and 'ResourceRecord' not in v
    assert d['KeyAlgorithm'] == 'EC-prime256v1'
    acm(c, 'UpdateCertificateOptions', CertificateArn=arn,
        Options={'CertificateTransparencyLoggingPreference': 'ENABLED'})
    assert acm(c, 'DescribeCertificate', CertificateArn=arn)['Certificate']['Options'] == \
        {'CertificateTransparencyLoggingPreference': 'ENABLED'}
    # ListCertificates shows RSA certificates unless asked for other key types
    assert arn not in [s['CertificateArn'] for s in
                       acm(c, 'ListCertificates')['CertificateSummaryList']]
    listed = acm(c, 'ListCertificates', Includes={'keyTypes': ['EC_prime256v1']})
    assert [s['CertificateArn'] for s in listed['CertificateSummaryList']] == [arn]
    e = error_of(acm, c, 'RequestCertificate', DomainName='x.example.net',
                 DomainValidationOptions=[{'DomainName': 'y.example.net',
                                           'ValidationDomain': 'example.net'}])
    assert e.code == 'InvalidDomainValidationOptionsException'
    running[0].services['acm'].control_set_status({'arn': arn, 'status': 'VALIDATION_TIMED_OUT'})
    assert acm(c, 'DescribeCertificate', CertificateArn=arn)['Certificate']['Status'] == \
        'VALIDATION_TIMED_OUT'


def test_tags(c):
    arn = acm(c, 'RequestCertificate', DomainName='t.example.com', ValidationMethod='DNS',
              Tags=[{'Key': 'a', 'Value': '1'}])['CertificateArn']
    acm(c, 'AddTagsToCertificate', CertificateArn=arn,
        Tags=[{'Key': 'b', 'Value': '2'}, {'Key': 'a', 'Value': '3'}])
    assert acm(c, 'ListTagsForCertificate', CertificateArn=arn)['Tags'] == [
        {'Key': 'a', 'Value': '3'}, {'Key': 'b', 'Value': '2'}]
    # with a value, only a matching tag goes
    acm(c, 'RemoveTagsFromCertificate', CertificateArn=arn, Tags=[{'Key': 'a', 'Value': 'no'}])
    assert len(acm(c, 'ListTagsForCertificate', CertificateArn=arn)['Tags']) == 2
    acm(c, 'RemoveTagsFromCertificate', CertificateArn=arn,
        Tags=[{'Key': 'a'}, {'Key': 'b', 'Value': '2'}])
    assert 'Tags' not in acm(c, 'ListTagsForCertificate', CertificateArn=arn)
    e = error_of(acm, c, 'AddTagsToCertificate', CertificateArn=arn,
                 Tags=[{'Key': 'aws:x', 'Value': '1'}])
    assert e.code == 'InvalidTagException'


def test_errors_and_validation(c):
    e = error_of(acm, c, 'DescribeCertificate', CertificateArn='not-an-arn-at-all-xxxxx')
    assert e.code == 'InvalidArnException'
    missing = 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-0000000'
    e = error_of(acm, c, 'DescribeCertificate', CertificateArn=missing)
    assert e.code == 'ResourceNotFoundException'
    e = error_of(acm, c, 'DeleteCertificate', CertificateArn=missing)
    assert e.code == 'ResourceNotFoundException'
    e = error_of(acm, c, 'RequestCertificate', DomainName='bad_domain.')
    assert e.code == 'ValidationException'
    e = error_of(acm, c, 'RequestCertificate', DomainName='ok.example.com',
                 ValidationMethod='POSTCARD')
    assert e.code == 'ValidationException'
    e = error_of(acm, c, 'RequestCertificate', DomainName='ok.example.com', Unknown='x')
    assert e.code in ('ValidationException', 'SerializationException')


def test_delete_refused_while_a_listener_uses_it(c, running):
    arn = acm(c, 'RequestCertificate', DomainName='lb.example.com',
              ValidationMethod='DNS')['CertificateArn']
    running[0].services['acm'].control_validate({'arn': arn})
    elb = running[0].services['elasticloadbalancing']
    lb_arn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/x/1'
    elb.listeners['fake'] = {'lb': lb_arn, 'certificates': [{'CertificateArn': arn}]}
    try:
        d = acm(c, 'DescribeCertificate', CertificateArn=arn)['Certificate']
        assert d['InUseBy'] == [lb_arn] and d['RenewalEligibility'] == 'ELIGIBLE'
        e = error_of(acm, c, 'DeleteCertificate', CertificateArn=arn)
        assert e.code == 'ResourceInUseException'
    finally:
        del elb.listeners['fake']
    acm(c, 'DeleteCertificate', CertificateArn=arn)
    assert acm(c, 'ListCertificates')['CertificateSummaryList'] == []
    assert running[0].state()['services']['acm'] == {'certificates': []}


def test_auto_issue_on_the_nth_read(c, running):
    running[0].services['acm'].control_auto_issue({'after_reads': 3})
    arn = acm(c, 'RequestCertificate', DomainName='auto.example.com',
              ValidationMethod='DNS')['CertificateArn']
    states = [acm(c, 'DescribeCertificate', CertificateArn=arn)['Certificate']['Status']
              for _ in range(3)]
    assert states == ['PENDING_VALIDATION', 'PENDING_VALIDATION', 'ISSUED']
    running[0].services['acm'].control_auto_issue({'after_reads': 0})
    arn = acm(c, 'RequestCertificate', DomainName='manual.example.com',
              ValidationMethod='DNS')['CertificateArn']
    for _ in range(4):
        assert acm(c, 'DescribeCertificate', CertificateArn=arn)['Certificate']['Status'] == \
            'PENDING_VALIDATION'


def test_dns_validation_through_route53(c, running):
    r53 = running[0].services.get('route53')
    if r53 is None or not hasattr(r53, 'find_record_values'):
        pytest.skip('the emulator has no Route 53')
    zone = r53.control_seed_zone({'name': 'example.com'})['zone_id']
    arn = acm(c, 'RequestCertificate', DomainName='example.com',
              SubjectAlternativeNames=['*.example.com', 'api.example.com'],
              ValidationMethod='DNS')['CertificateArn']
    acm(c, 'DescribeCertificate', CertificateArn=arn)
    dvo = acm(c, 'DescribeCertificate', CertificateArn=arn)['Certificate'][
        'DomainValidationOptions']
    records = {d['ResourceRecord']['Name']: d['ResourceRecord']['Value'] for d in dvo}
    assert len(records) == 2            # the wildcard shares example.com's
    names = sorted(records)
    # one of the two records published (with the wrong value first): still pending
    r53.control_set_record({'zone_id': zone, 'name': names[0], 'type': 'CNAME', 'ttl': 60,
                            'values': ['_wrong.acm-validations.aws.']})
    d = acm(c, 'DescribeCertificate', CertificateArn=arn)['Certificate']
    assert d['Status'] == 'PENDING_VALIDATION'
    r53.control_set_record({'zone_id': zone, 'name': names[0], 'type': 'CNAME', 'ttl': 60,
                            'values': [records[names[0]]]})
    d = acm(c, 'DescribeCertificate', CertificateArn=arn)['Certificate']
    assert d['Status'] == 'PENDING_VALIDATION'
    assert sorted(v['ValidationStatus'] for v in d['DomainValidationOptions']).count(
        'SUCCESS') >= 1
    r53.control_set_record({'zone_id': zone, 'name': names[1], 'type': 'CNAME', 'ttl': 60,
                            'values': [records[names[1]]]})
    d = acm(c, 'DescribeCertificate', CertificateArn=arn)['Certificate']
    assert d['Status'] == 'ISSUED' and d['IssuedAt']
    assert {v['ValidationStatus'] for v in d['DomainValidationOptions']} == {'SUCCESS'}


FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'e2e', 'fixtures',
                        'acm')


def fixture(name):
    with open(os.path.join(FIXTURES, name), 'rb') as f:
        return f.read()


def test_import_and_reimport(c):
    arn = acm(c, 'ImportCertificate', Certificate=fixture('rsa.pem'),
              PrivateKey=fixture('rsa.key'), Tags=[{'Key': 'k', 'Value': 'v'}])['CertificateArn']
    d = acm(c, 'DescribeCertificate', CertificateArn=arn)['Certificate']
    assert d['Type'] == 'IMPORTED' and d['Status'] == 'ISSUED'
    assert d['DomainName'] == 'imported.example.com'
    assert d['SubjectAlternativeNames'] == ['imported.example.com', 'alt.example.com']
    assert d['KeyAlgorithm'] == 'RSA-2048' and d['ImportedAt'] and 'IssuedAt' not in d
    assert d['NotAfter'] > d['NotBefore'] and 'DomainValidationOptions' not in d
    assert acm(c, 'ListTagsForCertificate', CertificateArn=arn)['Tags'] == [
        {'Key': 'k', 'Value': 'v'}]
    assert acm(c, 'GetCertificate', CertificateArn=arn)['Certificate'].startswith(
        '-----BEGIN CERTIFICATE-----')
    # re-import in place: same ARN, the new certificate's names and key
    again = acm(c, 'ImportCertificate', CertificateArn=arn, Certificate=fixture('ec.pem'),
                PrivateKey=fixture('ec.key'))['CertificateArn']
    assert again == arn
    d = acm(c, 'DescribeCertificate', CertificateArn=arn)['Certificate']
    assert d['DomainName'] == 'ec.example.com' and d['KeyAlgorithm'] == 'EC-prime256v1'
    e = error_of(acm, c, 'ImportCertificate', Certificate=b'not a certificate',
                 PrivateKey=fixture('rsa.key'))
    assert e.code == 'InvalidParameterException'
    requested = acm(c, 'RequestCertificate', DomainName='r.example.com',
                    ValidationMethod='DNS')['CertificateArn']
    e = error_of(acm, c, 'ImportCertificate', CertificateArn=requested,
                 Certificate=fixture('rsa.pem'), PrivateKey=fixture('rsa.key'))
    assert e.code == 'InvalidParameterException'


def test_private_certificate(c):
    ca = 'arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/1234'
    arn = acm(c, 'RequestCertificate', DomainName='internal.example.com',
              CertificateAuthorityArn=ca)['CertificateArn']
    first = acm(c, 'DescribeCertificate', CertificateArn=arn)['Certificate']
    assert first['Type'] == 'PRIVATE' and first['Status'] == 'PENDING_VALIDATION'
    d = acm(c, 'DescribeCertificate', CertificateArn=arn)['Certificate']
    assert d['Status'] == 'ISSUED' and d['CertificateAuthorityArn'] == ca
    assert d['RenewalEligibility'] == 'ELIGIBLE' and 'DomainValidationOptions' not in d
    acm(c, 'RenewCertificate', CertificateArn=arn)
    e = error_of(acm, c, 'RequestCertificate', DomainName='x.example.com',
                 CertificateAuthorityArn='arn:aws:iam::123456789012:role/x')
    assert e.code == 'ValidationException'

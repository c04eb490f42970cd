"""aws_acm_certificate and aws_acm_certificate_validation, end to end, as the
acm module v4.5.0 (alb's examples/complete-nlb) uses them: a DNS-validated
certificate for a domain, a wildcard and another name (options block, tags,
create_before_destroy), its validation CNAMEs written to a Route 53 zone
(data aws_route53_zone; aws_route53_record per distinct name, a wildcard
sharing its domain's record), the validation resource fed with the records'
fqdns, an e-mail-validated EC certificate with a validation_option, and an
imported certificate (certificate_body/private_key from
tests/e2e/fixtures/acm), re-imported in place with another key, and a
private certificate (certificate_authority_arn).
The emulator issues the certificate once Route 53 holds every CNAME.

  * ours: plan (domain_validation_options known per name at plan), apply
    (what ACM holds, the validation's id the issuance time as hashicorp/aws
    writes it), clean re-plan, in-place update (tags, options), drift (a tag
    added behind Terraform's back; the e-mail certificate timed out, which
    reads as gone and is requested again), import of the DNS certificate by
    ARN with a clean plan after, bad input (a domain ending with a period, an
    unknown validation method, early_renewal_duration refused at plan),
    destroy while a listener still uses the certificate (retried until it is
    free), leaving no certificate and no record.
  * parity: the same configuration planned and applied with hashicorp/aws
    5.100.0 against a fresh emulator gives the same plan and state.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \\
     /usr/bin/python3 -m pytest tests/e2e/test_acm.py
"""
import json
import os
import re
import shutil
import threading
import time

import netkit
from netkit import NetEnv, netenv  # noqa: F401  (fixture)

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixtures', 'acm')
DNS = 'aws_acm_certificate.this'
IMPORTED = 'aws_acm_certificate.imported'
PRIVATE = 'aws_acm_certificate.private'
CA = ('arn:aws:acm-pca:us-east-1:123456789012:certificate-authority/'
      '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0')
EMAIL = 'aws_acm_certificate.email'
VAL = 'aws_acm_certificate_validation.this'
GO_TIME = re.compile(r'^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,3})? \+0000 UTC$')


def config(tag='a', ct='ENABLED', extra='', cert='rsa'):
    return '''
resource "aws_acm_certificate" "this" {
  domain_name               = "example.com"
  subject_alternative_names = ["*.example.com", "www.example.com"]
  validation_method         = "DNS"

  options {
    certificate_transparency_logging_preference = "%(ct)s"
  }

  tags = {
    Name = "cert-%(tag)s"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_acm_certificate" "imported" {
  certificate_body = file("${path.module}/%(cert)s.pem")
  private_key      = file("${path.module}/%(cert)s.key")

  tags = {
    Name = "imported"
  }
}

resource "aws_acm_certificate" "private" {
  domain_name               = "internal.example.com"
  certificate_authority_arn = "%(ca)s"
}

resource "aws_acm_certificate" "email" {
  domain_name       = "mail.example.org"
  validation_method = "EMAIL"
  key_algorithm     = "EC_prime256v1"

  validation_option {
    domain_name       = "mail.example.org"
    validation_domain = "example.org"
  }
}

data "aws_route53_zone" "this" {
  name = "example.com"
}

locals {
  dvo = { for o in aws_acm_certificate.this.domain_validation_options : o.domain_name => o }
}

resource "aws_route53_record" "validation" {
  for_each = toset(distinct([for d in keys(local.dvo) : trimprefix(d, "*.")]))

  zone_id         = data.aws_route53_zone.this.zone_id
  name            = local.dvo[each.key].resource_record_name
  type            = local.dvo[each.key].resource_record_type
  records         = [local.dvo[each.key].resource_record_value]
  ttl             = 60
  allow_overwrite = true
}

resource "aws_acm_certificate_validation" "this" {
  certificate_arn         = aws_acm_certificate.this.arn
  validation_record_fqdns = [for r in aws_route53_record.validation : r.fqdn]

  timeouts {
    create = null
  }
}

output "records" {
  value = { for o in aws_acm_certificate.this.domain_validation_options : o.domain_name => o.resource_record_name }
}
%(extra)s''' % dict(tag=tag, ct=ct, extra=extra, cert=cert, ca=CA)


BAD_VALIDATE = '''
resource "aws_acm_certificate" "dot" {
  domain_name       = "example.com."
  validation_method = "DNS"
}

resource "aws_acm_certificate" "method" {
  domain_name       = "ok.example.com"
  validation_method = "POSTCARD"
}
'''

BAD_PLAN = '''
resource "aws_acm_certificate" "early" {
  domain_name               = "early.example.com"
  certificate_authority_arn = "%s"
  early_renewal_duration    = "720h"
}
''' % CA


def prepared(tmp_path, which):
    env = NetEnv(tmp_path / which)
    env.emu._control('POST', 'service/route53/seed-zone', {'name': 'example.com'})
    tf = env.terraform(which, config())
    for name in ('rsa.pem', 'rsa.key', 'ec.pem', 'ec.key'):
        shutil.copy(os.path.join(FIXTURES, name), tf.dir)
    return env, tf


def zone_records(env):
    """(name, type, values) of the seeded zone's records but its SOA and NS."""
    zones = env.emu._control('POST', 'service/route53/zones', {})['zones']
    return sorted((r['Name'], r['Type'], tuple(v['Value'] for v in r['ResourceRecords']))
                  for z in zones for r in z['records'] if r['Type'] not in ('SOA', 'NS'))


def plan_json(tf):
    tf.run('plan', '-input=false', '-out=plan.bin')
    shown = json.loads(tf.run('show', '-json', 'plan.bin').stdout)
    return {c['address']: c['change'] for c in shown['resource_changes']}


def comparable(x):
    def norm(y):
        if isinstance(y, dict):
            return {k: norm(v) for k, v in y.items()}
        if isinstance(y, list):
            return sorted((norm(v) for v in y), key=json.dumps)
        if isinstance(y, str):
            y = re.sub(r'certificate/[0-9a-f-]{36}', 'certificate/<uuid>', y)
            y = re.sub(r'(?<![0-9A-Za-z])Z[0-9A-Z]{12,32}(?![0-9A-Z])', '<zone>', y)
            y = re.sub(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$', '<rfc3339>', y)
            return '<issued-at>' if GO_TIME.match(y) else y
        return y
    return norm(x)


def in_use(env, cert_arn):
    """A network load balancer whose TLS listener serves cert_arn, made
    behind Terraform's back."""
    vpc = env.ec2('CreateVpc', CidrBlock='10.9.0.0/16')['Vpc']['VpcId']
    sub = env.ec2('CreateSubnet', VpcId=vpc, CidrBlock='10.9.1.0/24',
                  AvailabilityZone='us-east-1a')['Subnet']['SubnetId']
    elb = lambda op, **kw: env.client.call('elasticloadbalancing', op, **kw)  # noqa: E731
    lb = elb('CreateLoadBalancer', Name='acm-user', Type='network',
             Subnets=[sub])['LoadBalancers'][0]['LoadBalancerArn']
    tg = elb('CreateTargetGroup', Name='acm-user', Protocol='TCP', Port=80,
             VpcId=vpc)['TargetGroups'][0]['TargetGroupArn']
    ls = elb('CreateListener', LoadBalancerArn=lb, Protocol='TLS', Port=443,
             Certificates=[{'CertificateArn': cert_arn}],
             DefaultActions=[{'Type': 'forward', 'TargetGroupArn': tg}])['Listeners'][0]
    assert acm(env, 'DescribeCertificate', CertificateArn=cert_arn)['Certificate'][
        'InUseBy'] == [lb]
    return {'ListenerArn': ls['ListenerArn'], 'LoadBalancerArn': lb, 'TargetGroupArn': tg,
            'Subnets': [sub], 'VpcId': vpc}


def acm(env, op, **kw):
    return env.client.call('acm', op, **kw)


def check_applied(env, res):
    cert = res[DNS]
    assert cert['id'] == cert['arn'] and ':acm:us-east-1:' in cert['arn']
    assert sorted(cert['subject_alternative_names']) == ['*.example.com', 'example.com',
                                                         'www.example.com']
    dvo = {d['domain_name']: d for d in cert['domain_validation_options']}
    assert sorted(dvo) == ['*.example.com', 'example.com', 'www.example.com']
    assert dvo['*.example.com']['resource_record_name'] == dvo['example.com']['resource_record_name']
    assert dvo['www.example.com']['resource_record_type'] == 'CNAME'
    assert cert['validation_method'] == 'DNS' and cert['type'] == 'AMAZON_ISSUED'
    assert cert['key_algorithm'] == 'RSA_2048' and cert['validation_emails'] == []
    assert cert['tags_all'] == {'Name': 'cert-a'}
    val = res[VAL]
    assert GO_TIME.match(val['id']) and val['id'] != '0001-01-01 00:00:00 +0000 UTC', val['id']
    assert val['certificate_arn'] == cert['arn']
    assert sorted(val['validation_record_fqdns']) == sorted(
        {d['resource_record_name'].rstrip('.') for d in dvo.values()})
    got = acm(env, 'DescribeCertificate', CertificateArn=cert['arn'])['Certificate']
    assert got['Status'] == 'ISSUED'
    assert zone_records(env) == sorted(
        {(d['resource_record_name'], 'CNAME', (d['resource_record_value'],))
         for d in dvo.values()})
    assert acm(env, 'ListTagsForCertificate', CertificateArn=cert['arn'])['Tags'] == [
        {'Key': 'Name', 'Value': 'cert-a'}]
    imp = res[IMPORTED]
    assert imp['type'] == 'IMPORTED' and imp['status'] == 'ISSUED'
    assert imp['domain_name'] == 'imported.example.com'
    assert sorted(imp['subject_alternative_names']) == ['alt.example.com',
                                                        'imported.example.com']
    assert imp['validation_method'] == 'NONE' and imp['key_algorithm'] == 'RSA_2048'
    assert imp['not_after'] > imp['not_before'] and imp['domain_validation_options'] == []
    pca = res[PRIVATE]
    assert pca['type'] == 'PRIVATE' and pca['status'] == 'ISSUED'
    assert pca['certificate_authority_arn'] == CA and pca['validation_method'] == 'NONE'
    assert pca['renewal_eligibility'] == 'ELIGIBLE' and pca['pending_renewal'] is False
    mail = res[EMAIL]
    assert mail['key_algorithm'] == 'EC_prime256v1' and mail['validation_method'] == 'EMAIL'
    assert 'admin@example.org' in mail['validation_emails']
    assert mail['domain_validation_options'] == [] and mail['tags'] is None


def test_acm_lifecycle_and_parity(tmp_path):
    netkit.require('ours')
    envs = []
    try:
        env, tf = prepared(tmp_path, 'ours')
        envs.append(env)
        ref_update = None
        ours_plan = plan_json(tf)
        # the names are known at plan time (for_each over them works), the records are not
        assert sorted(d['domain_name'] for d in ours_plan[DNS]['after'][
            'domain_validation_options']) == ['*.example.com', 'example.com', 'www.example.com']
        assert ours_plan[EMAIL]['after']['subject_alternative_names'] == ['mail.example.org']
        tf.apply()
        res = tf.resources()
        check_applied(env, res)
        tf.assert_clean()

        if netkit.tfharness.hashicorp_missing() is None:
            ref_env, ref = prepared(tmp_path, 'hashicorp')
            envs.append(ref_env)
            ref_plan = plan_json(ref)
            problems = netkit.diff(comparable(ours_plan), comparable(ref_plan))
            assert not problems, '\n'.join(problems)
            ref.apply()
            ref_res = ref.resources()
            check_applied(ref_env, ref_res)
            problems = netkit.diff(comparable(res), comparable(ref_res))
            assert not problems, '\n'.join(problems)
            # hashicorp's in-place plan, compared below
            ref.write(config(tag='b', ct='DISABLED', cert='ec'))
            ref_update = plan_json(ref)
            ref.destroy()
            assert ref_env.state()['services']['acm'] == {'certificates': []}
            assert zone_records(ref_env) == []

        # in place: tags and the transparency logging option; another
        # certificate and key re-imported under the same ARN
        tf.write(config(tag='b', ct='DISABLED', cert='ec'))
        plan = plan_json(tf)
        assert [plan[a]['actions'] for a in (DNS, EMAIL, VAL, IMPORTED, PRIVATE)] == [
            ['update'], ['no-op'], ['no-op'], ['update'], ['no-op']]
        if ref_update is not None:
            problems = netkit.diff(comparable(plan), comparable(ref_update))
            assert not problems, '\n'.join(problems)
        tf.apply()
        arn = tf.resources()[DNS]['arn']
        got = acm(env, 'DescribeCertificate', CertificateArn=arn)['Certificate']
        assert got['Options'] == {'CertificateTransparencyLoggingPreference': 'DISABLED'}
        assert acm(env, 'ListTagsForCertificate', CertificateArn=arn)['Tags'] == [
            {'Key': 'Name', 'Value': 'cert-b'}]
        imp = tf.resources()[IMPORTED]
        assert imp['arn'] == res[IMPORTED]['arn'] and imp['domain_name'] == 'ec.example.com'
        assert imp['key_algorithm'] == 'EC_prime256v1'
        tf.assert_clean()

        # drift: a tag added behind Terraform's back (taken away again); the
        # e-mail certificate timed out (gone: requested again)
        acm(env, 'AddTagsToCertificate', CertificateArn=arn,
            Tags=[{'Key': 'drift', 'Value': 'yes'}])
        old_mail = tf.resources()[EMAIL]['arn']
        env.emu._control('POST', 'service/acm/set-status',
                         {'arn': old_mail, 'status': 'VALIDATION_TIMED_OUT'})
        code, out = tf.plan()
        assert code == 2 and '"drift" = "yes" -> null' in out, out
        assert '# aws_acm_certificate.email will be created' in out, out
        tf.apply()
        assert acm(env, 'ListTagsForCertificate', CertificateArn=arn)['Tags'] == [
            {'Key': 'Name', 'Value': 'cert-b'}]
        assert tf.resources()[EMAIL]['arn'] != old_mail
        acm(env, 'DeleteCertificate', CertificateArn=old_mail)
        tf.assert_clean()

        # import by ARN (an import block): nothing to change after, and the
        # imported state is the refreshed one
        before = tf.resources()[DNS]
        tf.state_rm(DNS)
        tf.write(config(tag='b', ct='DISABLED', cert='ec',
                        extra='import {\n  to = %s\n  id = "%s"\n}\n' % (DNS, arn)))
        out = tf.run('apply', '-input=false', '-auto-approve').stdout
        assert 'Resources: 1 imported, 0 added, 0 changed, 0 destroyed' in out, out
        assert tf.resources()[DNS] == before
        tf.assert_clean()

        bad = env.terraform('ours', BAD_VALIDATE, name='bad')
        p = bad.run('validate', ok=(1,))
        msg = ' '.join(p.stderr.split())
        assert 'cannot end with a period' in msg, p.stderr
        assert 'expected validation_method to be one of' in msg and 'POSTCARD' in msg, p.stderr
        bad.write(BAD_PLAN)
        p = bad.run('plan', '-input=false', ok=(1,))
        msg = ' '.join(p.stderr.split())
        assert 'early renewal of a private certificate (early_renewal_duration) is not ' \
            'implemented' in msg and 'aws_acm_certificate.early' in msg, p.stderr

        # destroy while a load balancer's listener still uses the certificate:
        # DeleteCertificate is refused (ResourceInUseException) and repeated
        # until the listener is gone
        listener = in_use(env, arn)
        gone = threading.Timer(3.0, lambda: env.client.call(
            'elasticloadbalancing', 'DeleteListener', ListenerArn=listener['ListenerArn']))
        gone.start()
        started = time.monotonic()
        try:
            tf.destroy()
        finally:
            gone.join()
        assert time.monotonic() - started >= 3.0
        refused = [c for c in env.emu.calls() if c['operation'] == 'DeleteCertificate'
                   and c.get('error_code') == 'ResourceInUseException']
        assert refused, env.emu.calls()[-20:]
        assert env.state()['services']['acm'] == {'certificates': []}
        assert zone_records(env) == []
        env.client.call('elasticloadbalancing', 'DeleteLoadBalancer',
                        LoadBalancerArn=listener['LoadBalancerArn'])
        env.client.call('elasticloadbalancing', 'DeleteTargetGroup',
                        TargetGroupArn=listener['TargetGroupArn'])
        for sub in listener['Subnets']:
            env.ec2('DeleteSubnet', SubnetId=sub)
        env.ec2('DeleteVpc', VpcId=listener['VpcId'])
    finally:
        for e in envs:
            e.close()


def test_example(netenv):  # noqa: F811
    """examples/aws_acm_certificate applies (the zone, the records, the
    certificate issued), re-plans clean and destroys to nothing."""
    path = os.path.join(netkit.tfharness.REPO, 'examples', 'aws_acm_certificate')
    assert os.path.isfile(os.path.join(path, 'README.md'))
    with open(os.path.join(path, 'main.tf')) as f:
        text = f.read()
    tf = netenv.terraform('ours', text, provider_block=False)
    tf.apply()
    listed = tf.run('state', 'list').stdout.split()
    assert listed == ['aws_acm_certificate.example', 'aws_acm_certificate_validation.example',
                      'aws_route53_record.validation["example.com"]',
                      'aws_route53_zone.example'], listed
    records = json.loads(tf.run('output', '-json').stdout)['validation_records']['value']
    assert sorted(records) == ['*.example.com', 'example.com']
    tf.assert_clean()
    tf.destroy()
    netenv.assert_empty()


def test_unknown_names(netenv):  # noqa: F811
    """A domain name or SAN unknown at plan time: both sets planned unknown,
    the apply requests the names it learns (hashicorp/aws 5.100.0 plans an
    empty name here and fails its apply with an inconsistent final plan)."""
    text = '''
resource "terraform_data" "name" {
  input = "late.example.com"
}

resource "aws_acm_certificate" "domain" {
  domain_name               = terraform_data.name.output
  subject_alternative_names = ["other.example.com"]
  validation_method         = "DNS"
}

resource "aws_acm_certificate" "san" {
  domain_name               = "early.example.com"
  subject_alternative_names = [terraform_data.name.output]
  validation_method         = "DNS"
}
'''
    tf = netenv.terraform('ours', text)
    plan = plan_json(tf)
    for addr in ('aws_acm_certificate.domain', 'aws_acm_certificate.san'):
        unknown = plan[addr]['after_unknown']
        assert unknown['subject_alternative_names'] is True, unknown
        assert unknown['domain_validation_options'] is True, unknown
    tf.run('apply', '-input=false', 'plan.bin')
    res = tf.resources()
    assert sorted(res['aws_acm_certificate.domain']['subject_alternative_names']) == [
        'late.example.com', 'other.example.com']
    assert sorted(d['domain_name'] for d in res['aws_acm_certificate.san'][
        'domain_validation_options']) == ['early.example.com', 'late.example.com']
    tf.assert_clean()
    tf.destroy()
    netenv.assert_empty()

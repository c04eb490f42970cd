"""The S3 bucket family the s3-bucket module (v3.15.2) plans for the alb
module's complete-nlb log bucket, end to end: aws_s3_bucket (bucket_prefix,
force_destroy, tags), aws_s3_bucket_public_access_block, aws_s3_bucket_policy
(from data aws_iam_policy_document: deny insecure transport, require TLS 1.2,
ELB/NLB log delivery), aws_s3_bucket_ownership_controls (ObjectWriter, after
the policy, as the module chains them) and aws_s3_bucket_acl
(log-delivery-write), with data aws_canonical_user_id, aws_caller_identity,
aws_partition and aws_elb_service_account.

  * ours: apply (what S3 holds), clean re-plan, in-place update (tags, public
    access block, canned ACL), drift (policy deleted, ownership and a tag changed behind
    Terraform's back) planned and put back, the bucket deleted behind its back
    planned and made again, import of all five with import
    blocks, a bad object_ownership refused at the attribute, a bucket name
    refused with hashicorp's validBucketName message, destroy with
    objects and versions in the bucket (force_destroy) leaving no bucket.
  * parity: the same configuration planned and applied with hashicorp/aws
    5.100.0 on the same emulator gives the same plan and state (generated
    bucket names aside), and re-plans clean.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \\
     /usr/bin/python3 -m pytest tests/e2e/test_s3.py
"""
import json
import os
import re
import urllib.error
import urllib.request

import netkit
from netkit import NetEnv, netenv  # noqa: F401

ADDRS = ('aws_s3_bucket.this', 'aws_s3_bucket_public_access_block.this',
         'aws_s3_bucket_policy.this', 'aws_s3_bucket_ownership_controls.this',
         'aws_s3_bucket_acl.this')


def config(tag='logs', block_acls='true', acl='log-delivery-write', extra=''):
    return '''
data "aws_canonical_user_id" "this" {}
data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_elb_service_account" "this" {}

resource "aws_s3_bucket" "this" {
  bucket_prefix = "nlb-logs-"
  force_destroy = true
  tags = {
    Name    = "%(tag)s"
    Example = "complete-nlb"
  }
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = %(block_acls)s
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

data "aws_iam_policy_document" "combined" {
  statement {
    sid       = "denyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
  statement {
    sid       = "denyOutdatedTLS"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.this.arn, "${aws_s3_bucket.this.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "NumericLessThan"
      variable = "s3:TlsVersion"
      values   = ["1.2"]
    }
  }
  statement {
    sid       = ""
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.this.arn}/*"]
    principals {
      type        = "AWS"
      identifiers = [data.aws_elb_service_account.this.arn]
    }
  }
  statement {
    sid       = "AWSLogDeliveryWrite"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.this.arn}/*"]
    principals {
      type        = "Service"
      identifiers = ["delivery.logs.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "s3:x-amz-acl"
      values   = ["bucket-owner-full-control"]
    }
  }
}

resource "aws_s3_bucket_policy" "this" {
  bucket     = aws_s3_bucket.this.id
  policy     = data.aws_iam_policy_document.combined.json
  depends_on = [aws_s3_bucket_public_access_block.this]
}

resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket_policy.this.id
  rule {
    object_ownership = "ObjectWriter"
  }
  depends_on = [aws_s3_bucket_policy.this, aws_s3_bucket_public_access_block.this]
}

resource "aws_s3_bucket_acl" "this" {
  bucket     = aws_s3_bucket.this.id
  acl        = "%(acl)s"
  depends_on = [aws_s3_bucket_ownership_controls.this]
}

output "owner" {
  value = data.aws_canonical_user_id.this.id
}
%(extra)s''' % dict(tag=tag, block_acls=block_acls, acl=acl, extra=extra)


BAD = '''
resource "aws_s3_bucket_ownership_controls" "bad" {
  bucket = "some-bucket"
  rule {
    object_ownership = "Everyone"
  }
}
'''

BAD_NAME = '''
resource "aws_s3_bucket" "bad" {
  bucket = "Bad Name!"
}
'''

GEN = re.compile(r'nlb-logs-\d{26}')


def plan_json(tf):
    tf.run('plan', '-input=false', '-out=plan.bin')
    shown = json.loads(tf.run('show', '-json', 'plan.bin').stdout)
    return {c['address']: c['change'] for c in shown['resource_changes']}


def comparable(x):
    """Generated bucket names and account ids made equal, lists sorted (sets
    come in each provider's order)."""
    if isinstance(x, dict):
        return {k: comparable(v) for k, v in x.items()}
    if isinstance(x, list):
        return sorted((comparable(v) for v in x), key=lambda v: json.dumps(v, sort_keys=True))
    if isinstance(x, str):
        if x.startswith('{') and 'Statement' in x:   # a policy: compare as JSON
            try:
                return comparable(json.loads(GEN.sub('<bucket>', x)))
            except ValueError:
                pass
        return GEN.sub('<bucket>', x)
    return x


def control(env, action, body):
    req = urllib.request.Request('%s/__emulator/service/s3/%s' % (env.emu.url, action),
                                 data=json.dumps(body).encode(), method='POST',
                                 headers={'Content-Type': 'application/json'})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


def s3_get(env, bucket, sub):
    """A signed GET of a bucket sub-resource: (status, body text)."""
    import hashlib
    import sigv4
    url = '%s/%s?%s' % (env.emu.url, bucket, sub)
    headers = sigv4.sign('GET', url, {'x-amz-content-sha256': hashlib.sha256(b'').hexdigest()},
                         b'', env.emu.access_key, env.emu.secret_key, 'us-east-1', 's3')
    req = urllib.request.Request(url, headers=headers, method='GET')
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def check_applied(env, res):
    b = res['aws_s3_bucket.this']
    name = b['id']
    assert GEN.fullmatch(name) and b['bucket'] == name and b['bucket_prefix'] == 'nlb-logs-'
    assert b['arn'] == 'arn:aws:s3:::' + name and b['region'] == 'us-east-1'
    assert b['bucket_regional_domain_name'] == name + '.s3.us-east-1.amazonaws.com'
    assert b['server_side_encryption_configuration'][0]['rule'][0][
        'apply_server_side_encryption_by_default'][0]['sse_algorithm'] == 'AES256'
    assert res['aws_s3_bucket_acl.this']['id'] == name + ',log-delivery-write'
    st, body = s3_get(env, name, 'ownershipControls')
    assert st == 200 and '<ObjectOwnership>ObjectWriter</ObjectOwnership>' in body, body
    st, body = s3_get(env, name, 'acl')
    assert body.count('http://acs.amazonaws.com/groups/s3/LogDelivery') == 2, body
    st, body = s3_get(env, name, 'policy')
    pol = json.loads(body)
    assert [s.get('Sid', '') for s in pol['Statement']] == [
        'denyInsecureTransport', 'denyOutdatedTLS', '', 'AWSLogDeliveryWrite'], body
    st, body = s3_get(env, name, 'tagging')
    assert '<Key>Example</Key><Value>complete-nlb</Value>' in body, body
    return name


def test_s3_log_bucket_lifecycle_and_parity(tmp_path):
    netkit.require('ours')
    env = NetEnv(tmp_path)
    try:
        tf = env.terraform('ours', config())
        ours_plan = plan_json(tf)
        assert [ours_plan[a]['actions'] for a in ADDRS] == [['create']] * 5
        tf.apply()
        res = tf.resources()
        name = check_applied(env, res)
        tf.assert_clean()

        if netkit.tfharness.hashicorp_missing() is None:
            ref = env.terraform('hashicorp', config())
            ref_plan = plan_json(ref)
            problems = netkit.diff(comparable(ours_plan), comparable(ref_plan))
            assert not problems, '\n'.join(problems)
            ref.apply()
            ref_res = ref.resources()
            check_applied(env, ref_res)
            problems = netkit.diff(comparable(res), comparable(ref_res))
            assert not problems, '\n'.join(problems)
            ref.assert_clean()
            ref.destroy()

        # in-place update: tags, the public access block, the canned ACL (its
        # access_control_policy known after apply, as hashicorp plans it)
        tf.write(config(tag='logs-v2', block_acls='false', acl='private'))
        plan = plan_json(tf)
        assert plan['aws_s3_bucket.this']['actions'] == ['update']
        assert plan['aws_s3_bucket_public_access_block.this']['actions'] == ['update']
        assert plan['aws_s3_bucket_acl.this']['actions'] == ['update']
        assert plan['aws_s3_bucket_acl.this']['after_unknown'] == {
            'access_control_policy': True}
        tf.apply()
        st, body = s3_get(env, name, 'publicAccessBlock')
        assert '<BlockPublicAcls>false</BlockPublicAcls>' in body, body
        assert '<Value>logs-v2</Value>' in s3_get(env, name, 'tagging')[1]
        assert 'LogDelivery' not in s3_get(env, name, 'acl')[1]
        acl = tf.resources()['aws_s3_bucket_acl.this']
        assert acl['id'] == name + ',private'
        assert len(acl['access_control_policy'][0]['grant']) == 1
        tf.assert_clean()

        # drift: policy deleted, ownership and tags changed behind Terraform's back
        control(env, 'set', {'bucket': name, 'policy': None, 'ownership': 'BucketOwnerPreferred',
                             'tags': {'Name': 'drifted'}})
        code, out = tf.plan()
        assert code == 2 and 'aws_s3_bucket_policy.this will be created' in out, out
        assert 'BucketOwnerPreferred' in out and 'drifted' in out, out
        tf.apply()
        assert s3_get(env, name, 'policy')[0] == 200
        assert 'ObjectWriter' in s3_get(env, name, 'ownershipControls')[1]
        tf.assert_clean()

        # import all five with import blocks
        tf.state_rm(*ADDRS)
        ids = (name, name, name, name, name + ',private')
        blocks = ''.join('import {\n  to = %s\n  id = "%s"\n}\n' % (a, i)
                         for a, i in zip(ADDRS, ids))
        tf.write(config(tag='logs-v2', block_acls='false', acl='private', extra=blocks))
        out = tf.run('apply', '-input=false', '-auto-approve').stdout
        assert 'Resources: 5 imported, 0 added' in out, out
        tf.write(config(tag='logs-v2', block_acls='false', acl='private'))
        tf.assert_clean()

        bad = env.terraform('ours', BAD, name='bad')
        p = bad.run('validate', ok=(1,))
        msg = ' '.join(p.stderr.split())
        assert 'object_ownership' in msg and 'Everyone' in msg, p.stderr
        # a bucket name S3 would refuse: hashicorp's validBucketName words, at
        # the resource, before any CreateBucket
        bad = env.terraform('ours', BAD_NAME, name='bad-name')
        p = bad.run('apply', '-auto-approve', '-input=false', ok=(1,))
        msg = ' '.join(p.stderr.split())
        assert ('validating S3 Bucket (Bad Name!) name: only alphanumeric characters, hyphens, '
                'periods, and underscores allowed in "Bad Name!"') in msg, p.stderr
        assert 'aws_s3_bucket.bad' in msg, p.stderr
        assert not [c for c in env.emu.calls() if c['operation'] == 'CreateBucket'
                    and c['status'] != 200], env.emu.calls()

        # the bucket deleted behind Terraform's back: all five planned again
        control(env, 'delete_bucket', {'bucket': name})
        code, out = tf.plan()
        assert code == 2 and 'Plan: 5 to add, 0 to change, 0 to destroy' in out, out
        tf.apply()
        name = tf.resources()['aws_s3_bucket.this']['id']
        tf.assert_clean()

        # force_destroy: objects, versions and a delete marker are removed first
        control(env, 'put_object', {'bucket': name, 'key': 'AWSLogs/a.log', 'body': 'x'})
        control(env, 'put_object', {'bucket': name, 'key': 'AWSLogs/b.log', 'body': 'y'})
        tf.destroy()
        st = env.state()['services']['s3']
        assert st['buckets'] == [] and st['objects'] == [], st
    finally:
        env.close()


def test_example(netenv):  # noqa: F811
    """examples/aws_s3_bucket applies (with its CreateBucket answered 500 after
    acting), re-plans clean and destroys to nothing."""
    netkit.require('ours')
    path = os.path.join(netkit.tfharness.REPO, 'examples', 'aws_s3_bucket')
    assert os.path.isfile(os.path.join(path, 'README.md'))
    with open(os.path.join(path, 'main.tf')) as f:
        text = f.read()
    tf = netenv.terraform('ours', text, provider_block=False)
    # CreateBucket acts, then answers 500: create_once finds the bucket by its
    # name (HeadBucket) and adopts it instead of creating it again
    netenv.emu.faults({'error500_after': 1.0, 'operations': ['CreateBucket']})
    tf.apply()
    netenv.emu.faults({'error500_after': 0.0})
    calls = [c for c in netenv.emu.calls() if c['operation'] == 'CreateBucket']
    assert [c['status'] for c in calls] == [500], calls
    assert netenv.emu._control('GET', 'objects')['s3/buckets']['ever'] == 1
    listed = tf.run('state', 'list').stdout.split()
    assert sorted(listed) == sorted(
        ['data.aws_elb_service_account.this', 'data.aws_iam_policy_document.logs'] +
        ['aws_s3_bucket%s.logs' % s for s in ('', '_acl', '_ownership_controls', '_policy',
                                             '_public_access_block')])
    tf.assert_clean()
    tf.destroy()
    netenv.assert_empty()

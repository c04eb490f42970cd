"""Secrets Manager end to end against the emulator: aws_secretsmanager_secret,
aws_secretsmanager_secret_version (secret_string, secret_binary and the
write-only secret_string_wo), and the ephemeral
aws_secretsmanager_random_password and aws_secretsmanager_secret_version.

test_lifecycle (our provider, one emulator): apply; the random password
reaches AWS through secret_string_wo and appears nowhere in the state or the
saved plan (its bytes and `terraform show -json`); the ephemeral resources
open and close in plan and apply (Terraform 1.11's "Opening/Closing"
lines, GetRandomPassword and GetSecretValue seen by the emulator) and never
renew; a clean re-plan; in place: description, tags, a replica's region;
bumping secret_string_wo_version puts a new AWSCURRENT version holding a new password
(the old one AWSPREVIOUS); a description changed behind Terraform's back is
detected and restored; import of the secret (ARN) and the version
("<secret ARN>|<version id>") with import blocks; destroy leaving nothing
but the secret kept for its recovery window.

test_parity: the same configuration under hashicorp/aws 5.100.0 and ours
(one emulator each): create plans and states equal value by value, what the
ephemeral secret version read (copied into a secret through
secret_string_wo) equal, each state re-planned clean by the other provider,
the import plans equal; bad input refused by both at the same attribute.

test_example: examples/secretsmanager applies, re-plans clean and destroys.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \
     /usr/bin/python3 -m pytest tests/e2e/test_secrets.py
"""
import json
import os
import re
import string

import netkit
import tfharness
from netkit import NetEnv, netenv  # noqa: F401  (fixture)

CONFIG = '''
variable "description" {
  default = "WordPress database"
}

variable "env" {
  default = "dev"
}

variable "wo_version" {
  default = 1
}

variable "replica_region" {
  default = "us-west-2"
}

ephemeral "aws_secretsmanager_random_password" "db" {
  password_length     = 24
  exclude_punctuation = true
}

resource "aws_secretsmanager_secret" "db" {
  name                    = "app/db"
  description             = var.description
  recovery_window_in_days = 7
  tags = {
    env = var.env
  }
}

resource "aws_secretsmanager_secret_version" "db" {
  secret_id                = aws_secretsmanager_secret.db.id
  secret_string_wo         = ephemeral.aws_secretsmanager_random_password.db.random_password
  secret_string_wo_version = var.wo_version
}

resource "aws_secretsmanager_secret" "api" {
  name_prefix             = "api-"
  recovery_window_in_days = 0
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::123456789012:root" }
      Action    = "secretsmanager:GetSecretValue"
      Resource  = "*"
    }]
  })
}

resource "aws_secretsmanager_secret_version" "api" {
  secret_id     = aws_secretsmanager_secret.api.id
  secret_string = "api-token"
}

resource "aws_secretsmanager_secret" "cert" {
  name                    = "app/cert"
  recovery_window_in_days = 0
  replica {
    region = var.replica_region
  }
}

resource "aws_secretsmanager_secret_version" "cert" {
  secret_id     = aws_secretsmanager_secret.cert.id
  secret_binary = base64encode("binary-certificate")
}

ephemeral "aws_secretsmanager_secret_version" "api" {
  secret_id     = aws_secretsmanager_secret_version.api.secret_id
  version_stage = "AWSCURRENT"
}

resource "aws_secretsmanager_secret" "copy" {
  name                    = "app/copy"
  recovery_window_in_days = 0
}

# What the ephemeral secret version read, written where the test can see it.
resource "aws_secretsmanager_secret_version" "copy" {
  secret_id                = aws_secretsmanager_secret.copy.id
  secret_string_wo         = jsonencode(ephemeral.aws_secretsmanager_secret_version.api)
  secret_string_wo_version = 1
}
'''

BAD = '''
resource "aws_secretsmanager_secret" "bad" {
  name                    = "bad name!"
  recovery_window_in_days = 3
}

resource "aws_secretsmanager_secret_version" "bad" {
  secret_id        = "x"
  secret_string    = "a"
  secret_string_wo = "b"
}
'''

ARN_RE = r'arn:aws:secretsmanager:us-east-1:123456789012:secret:'


def sm(env, op, **kw):
    return env.client.call('secretsmanager', op, **kw)


def calls(env, op):
    return [c for c in env.emu.calls() if c['operation'] == op and c['status'] == 200]


def stages(env, secret):
    return sm(env, 'DescribeSecret', SecretId=secret)['VersionIdsToStages']


def current(env, secret):
    return sm(env, 'GetSecretValue', SecretId=secret)


def assert_nowhere(tf, secret):
    """secret is in neither the state nor the saved plan (raw bytes and JSON)."""
    with open(os.path.join(tf.dir, 'terraform.tfstate'), 'rb') as f:
        assert secret.encode() not in f.read()
    tf.run('plan', '-input=false', '-out=saved.tfplan')
    with open(os.path.join(tf.dir, 'saved.tfplan'), 'rb') as f:
        assert secret.encode() not in f.read()
    assert secret not in tf.run('show', '-json', 'saved.tfplan').stdout


def test_lifecycle(tmp_path):
    env = NetEnv(tmp_path)
    try:
        tf = env.terraform('ours', CONFIG)
        applied = tf.apply().stdout
        for name in ('random_password.db', 'secret_version.api'):
            assert 'ephemeral.aws_secretsmanager_%s: Opening complete' % name in applied
            assert 'ephemeral.aws_secretsmanager_%s: Closing complete' % name in applied
        assert 'Renewing' not in applied
        assert calls(env, 'GetRandomPassword') and calls(env, 'GetSecretValue')
        st = tf.resources()
        db, ver = st['aws_secretsmanager_secret.db'], st['aws_secretsmanager_secret_version.db']
        assert re.fullmatch(ARN_RE + r'app/db-[A-Za-z0-9]{6}', db['arn']) and db['id'] == db['arn']
        assert db['recovery_window_in_days'] == 7 and db['tags_all'] == {'env': 'dev'}
        assert ver['has_secret_string_wo'] is True and ver['secret_string'] == ''
        assert ver['secret_string_wo'] is None and ver['version_stages'] == ['AWSCURRENT']
        assert ver['id'] == '%s|%s' % (db['arn'], ver['version_id'])
        pw1 = current(env, 'app/db')
        password = pw1['SecretString']
        assert pw1['VersionId'] == ver['version_id'] and len(password) == 24
        assert set(password) <= set(string.ascii_letters + string.digits)
        api = st['aws_secretsmanager_secret.api']
        assert api['name'].startswith('api-') and api['name_prefix'] == 'api-'
        assert json.loads(api['policy'])['Statement'][0]['Action'] == \
            'secretsmanager:GetSecretValue'
        assert st['aws_secretsmanager_secret_version.api']['secret_string'] == 'api-token'
        replica = st['aws_secretsmanager_secret.cert']['replica']
        assert [(r['region'], r['status']) for r in replica] == [('us-west-2', 'InSync')]
        cert = st['aws_secretsmanager_secret_version.cert']
        assert cert['secret_binary'] == 'YmluYXJ5LWNlcnRpZmljYXRl' and cert['secret_string'] == ''
        read = json.loads(current(env, 'app/copy')['SecretString'])
        assert read['secret_string'] == 'api-token' and read['version_stages'] == ['AWSCURRENT']
        assert read['arn'] == api['arn'] and read['secret_binary'] is None
        assert re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ', read['created_date'])
        # The password: in AWS, nowhere in the state or a saved plan.
        assert_nowhere(tf, password)
        tf.assert_clean()

        # In place: description, tags, a replica's region; a new write-only
        # version: replaced, a new AWSCURRENT version holding a new password.
        tf.write(CONFIG.replace('default = "WordPress database"', 'default = "rotated"')
                 .replace('default = "dev"', 'default = "prod"')
                 .replace('default = 1\n', 'default = 2\n')
                 .replace('default = "us-west-2"', 'default = "eu-west-1"'))
        code, text = tf.plan()
        assert code == 2 and '1 to add, 2 to change, 1 to destroy' in text, text
        assert 'aws_secretsmanager_secret_version.db must be replaced' in text, text
        tf.apply()
        tf.assert_clean()
        d = sm(env, 'DescribeSecret', SecretId='app/db')
        assert d['Description'] == 'rotated' and d['Tags'] == [{'Key': 'env', 'Value': 'prod'}]
        assert [r['Region'] for r in sm(env, 'DescribeSecret', SecretId='app/cert')[
            'ReplicationStatus']] == ['eu-west-1']
        pw2 = current(env, 'app/db')
        assert pw2['SecretString'] != password and len(pw2['SecretString']) == 24
        assert stages(env, 'app/db') == {pw1['VersionId']: ['AWSPREVIOUS'],
                                         pw2['VersionId']: ['AWSCURRENT']}
        ver2 = tf.resources()['aws_secretsmanager_secret_version.db']
        assert ver2['version_id'] == pw2['VersionId'] and ver2['secret_string_wo_version'] == 2
        assert_nowhere(tf, pw2['SecretString'])

        # Drift: a description changed outside Terraform is planned back.
        sm(env, 'UpdateSecret', SecretId='app/db', Description='changed by hand')
        code, text = tf.plan()
        assert code == 2 and re.search(r'description\s+= "changed by hand" -> "rotated"', text), \
            text

        # Import (import blocks, hashicorp's ID formats); the drift is fixed by
        # the same apply.
        before = tf.resources()
        tf.state_rm('aws_secretsmanager_secret.db', 'aws_secretsmanager_secret_version.api')
        tf.write('''
import {
  to = aws_secretsmanager_secret.db
  id = "%s"
}
import {
  to = aws_secretsmanager_secret_version.api
  id = "%s"
}
''' % (before['aws_secretsmanager_secret.db']['arn'],
            before['aws_secretsmanager_secret_version.api']['id']), name='import.tf',
            provider_block=False)
        code, text = tf.plan()
        assert code == 2 and '2 to import, 0 to add, 1 to change, 0 to destroy' in text, text
        assert re.search(r'\+ recovery_window_in_days\s+= 7', text), text
        tf.apply()
        os.remove(os.path.join(tf.dir, 'import.tf'))
        tf.assert_clean()
        after = tf.resources()
        assert after['aws_secretsmanager_secret_version.api'] == \
            dict(before['aws_secretsmanager_secret_version.api'], has_secret_string_wo=False)
        assert sm(env, 'DescribeSecret', SecretId='app/db')['Description'] == 'rotated'

        tf.destroy()
        env.assert_empty()
        # app/db waits out its recovery window; the others are gone at once.
        assert 'DeletedDate' in sm(env, 'DescribeSecret', SecretId='app/db')
        assert env.state()['services']['secretsmanager']['_scheduled_for_deletion'] == \
            [before['aws_secretsmanager_secret.db']['arn']]
    finally:
        env.close()


def normalise(value):
    """Generated names, random ARN suffixes, version ids and dates replaced."""
    text = json.dumps(value)
    text = re.sub(r'(secret:[A-Za-z0-9/_+=.@-]+?)-[A-Za-z0-9]{6}\b', r'\1-<suffix>', text)
    text = re.sub(r'\b(api-)\d{18}[0-9a-f]{8}\b', r'\1<generated>', text)
    text = re.sub(r'\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|'
                  r'\bterraform-\d{18}[0-9a-f]{8}\b', '<version>', text)
    text = re.sub(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ', '<date>', text)
    return json.loads(text)


def plan_changes(tf):
    tf.run('plan', '-input=false', '-out=plan.bin')
    shown = json.loads(tf.run('show', '-json', 'plan.bin').stdout)
    return {rc['address']: {k: rc['change'].get(k) for k in
                            ('actions', 'before', 'after', 'after_unknown', 'after_sensitive')}
            for rc in shown.get('resource_changes', [])}


def validate_errors(tf):
    """(summary or detail text, line) of every error of `terraform validate`."""
    p = tf.run('validate', '-json', ok=(0, 1))
    out = set()
    for d in json.loads(p.stdout).get('diagnostics', []):
        if d['severity'] == 'error':
            line = (d.get('range') or {}).get('start', {}).get('line')
            out.add((d['summary'], d.get('detail', ''), line))
    return out


def test_parity(tmp_path):
    plans, states, copies, import_plans, errors = {}, {}, {}, {}, {}
    for which in ('hashicorp', 'ours'):
        env = NetEnv(tmp_path / which)
        try:
            bad = env.terraform(which, BAD, name=which + '-bad')
            errors[which] = validate_errors(bad)
            tf = env.terraform(which, CONFIG)
            plans[which] = plan_changes(tf)
            tf.apply()
            states[which] = tf.resources()
            copies[which] = json.loads(current(env, 'app/copy')['SecretString'])
            other = 'hashicorp' if which == 'ours' else 'ours'
            tf.use(other)
            tf.assert_clean()
            tf.use(which)
            st = states[which]
            tf.state_rm('aws_secretsmanager_secret.db', 'aws_secretsmanager_secret_version.api')
            tf.write('import {\n  to = aws_secretsmanager_secret.db\n  id = "%s"\n}\n'
                     'import {\n  to = aws_secretsmanager_secret_version.api\n  id = "%s"\n}\n'
                     % (st['aws_secretsmanager_secret.db']['arn'],
                        st['aws_secretsmanager_secret_version.api']['id']),
                     name='import.tf', provider_block=False)
            import_plans[which] = plan_changes(tf)
            tf.run('apply', '-input=false', 'plan.bin')
            os.remove(os.path.join(tf.dir, 'import.tf'))
            tf.destroy()
            env.assert_empty()
        finally:
            env.close()
    problems = []
    for kind, ours, ref in (('plan', plans['ours'], plans['hashicorp']),
                            ('state', states['ours'], states['hashicorp']),
                            ('import plan', import_plans['ours'], import_plans['hashicorp'])):
        for addr in sorted(set(ours) | set(ref)):
            problems += netkit.diff(normalise(ours.get(addr)), normalise(ref.get(addr)),
                                    '%s %s' % (kind, addr))
    problems += netkit.diff(normalise(copies['ours']), normalise(copies['hashicorp']),
                            'ephemeral secret version')
    assert not problems, '\n'.join(problems)
    # Bad input: each of hashicorp's errors at the same line with the same text
    # (its validators' text is the summary; ours puts it in the detail under
    # "Invalid value for ...").
    for summary, detail, line in errors['hashicorp']:
        assert any(l2 == line and ((s2, d2) == (summary, detail) or (not detail and d2 == summary))
                   for s2, d2, l2 in errors['ours']), (summary, detail, line, errors['ours'])
    assert len(errors['ours']) == len(errors['hashicorp']), (errors['ours'], errors['hashicorp'])


def test_example(netenv):  # noqa: F811
    folder = os.path.join(tfharness.REPO, 'examples', 'secretsmanager')
    assert os.path.isfile(os.path.join(folder, 'README.md'))
    with open(os.path.join(folder, 'main.tf')) as f:
        tf = netenv.terraform('ours', f.read(), provider_block=False)
    tf.apply()
    arn = json.loads(tf.run('output', '-json').stdout)['api_key_secret_arn']['value']
    key = netenv.client.call('secretsmanager', 'GetSecretValue', SecretId=arn)['SecretString']
    assert len(key) == 40
    with open(os.path.join(tf.dir, 'terraform.tfstate')) as f:
        assert key not in f.read()
    tf.assert_clean()
    tf.destroy()
    netenv.assert_empty()

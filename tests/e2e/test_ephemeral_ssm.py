"""Ephemeral "aws_ssm_parameter" and resource "aws_ssm_parameter" (with its
write-only value_wo) end to end against the emulator, Terraform 1.11.

test_lifecycle (our provider, one emulator): a secret put in Parameter
Store behind Terraform's back is read by the ephemeral resource (its ARN
known at plan, so Terraform opens it during plan and again during apply)
and handed to another parameter's write-only value_wo; a second ephemeral
resource depends on a parameter created in the same run (unknown at plan:
opened during apply only).  The secret reaches the emulator and appears
nowhere in terraform.tfstate, in the saved plan (the raw zip and `terraform
show -json`) or in terraform's output.  Then: clean re-plan, rotation by
value_wo_version, in-place updates (description, tags, insecure_value),
drift detected and put back, import by name with a clean plan after,
destroy to an empty emulator.

test_parity: the same configuration with hashicorp/aws 5.100.0 and with ours
against two emulators: create plans, states, the rotation plan, the plan
after importing two parameters, the state after applying it, and the value
each wrote compared value by value, each state re-planned clean by the other provider, and bad input
refused by both alike.

test_example: examples/aws_ssm_parameter applies, re-plans clean, destroys.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \
     /usr/bin/python3 -m pytest tests/e2e/test_ephemeral_ssm.py
"""
import glob
import json
import os
import zipfile

import netkit
from netkit import NetEnv, netenv  # noqa: F401  (fixture)

SECRET1 = 'Eph3meral-Secret-0ne-7f3a'
SECRET2 = 'Eph3meral-Secret-Tw0-91bc'
SOURCE = '/app/db/master'
SOURCE_ARN = 'arn:aws:ssm:us-east-1:123456789012:parameter/app/db/master'

CONFIG = '''
ephemeral "aws_ssm_parameter" "master" {
  arn = "%(source_arn)s"
}

resource "aws_ssm_parameter" "copy" {
  name             = "/app/db/copy"
  type             = "SecureString"
  description      = "%(desc)s"
  value_wo         = ephemeral.aws_ssm_parameter.master.value
  value_wo_version = %(wo_version)d
  tags = {
    env = "%(env)s"
  }
}

resource "aws_ssm_parameter" "plain" {
  name            = "plain-setting"
  type            = "String"
  insecure_value  = "%(plain)s"
  allowed_pattern = "^[a-z0-9-]+$"
  tier            = "Standard"
}

resource "aws_ssm_parameter" "list" {
  name      = "/app/hosts"
  type      = "StringList"
  value     = "%(hosts)s"
  data_type = "text"
}

# Depends on a parameter of this run: unknown at plan, opened at apply.
ephemeral "aws_ssm_parameter" "chained" {
  arn             = aws_ssm_parameter.list.arn
  with_decryption = false
}

resource "aws_ssm_parameter" "chained_copy" {
  name             = "/app/hosts-copy"
  type             = "String"
  value_wo         = ephemeral.aws_ssm_parameter.chained.value
  value_wo_version = 1
}
'''

BAD = '''
resource "aws_ssm_parameter" "bad_type" {
  name  = "x"
  type  = "Secret"
  value = "v"
}

resource "aws_ssm_parameter" "two_values" {
  name           = "y"
  type           = "String"
  value          = "v"
  insecure_value = "v"
}

resource "aws_ssm_parameter" "wo_without_version" {
  name     = "z"
  type     = "String"
  value_wo = "v"
}

resource "aws_ssm_parameter" "bad_tier" {
  name  = "t"
  type  = "String"
  value = "v"
  tier  = "Premium"
}

ephemeral "aws_ssm_parameter" "bad_arn" {
  arn = "not-an-arn"
}
'''


def config(desc='database password', wo_version=1, env='dev', plain='blue',
           hosts='a.example,b.example'):
    return CONFIG % {'source_arn': SOURCE_ARN, 'desc': desc, 'wo_version': wo_version,
                     'env': env, 'plain': plain, 'hosts': hosts}


def ssm(env, op, **params):
    return env.client.call('ssm', op, **params)


def stored(env, name):
    return ssm(env, 'GetParameter', Name=name, WithDecryption=True)['Parameter']


def put_source(env, value, overwrite=False):
    ssm(env, 'PutParameter', Name=SOURCE, Type='SecureString', Value=value,
        Overwrite=overwrite)


def assert_secret_nowhere(tf, *secrets, outputs=()):
    """No secret in the state file, the saved plans (zip bytes and members),
    nor in the given terraform outputs."""
    for path in glob.glob(os.path.join(tf.dir, '*tfstate*')) + glob.glob(
            os.path.join(tf.dir, '*.tfplan')):
        with open(path, 'rb') as f:
            data = f.read()
        for s in secrets:
            assert s.encode() not in data, '%s found in %s' % (s, path)
        if path.endswith('.tfplan'):
            with zipfile.ZipFile(path) as z:
                for member in z.namelist():
                    body = z.read(member)
                    for s in secrets:
                        assert s.encode() not in body, '%s found in %s!%s' % (s, path, member)
    for text in outputs:
        for s in secrets:
            assert s not in text, '%s found in terraform output' % s


def saved_plan(tf, name):
    """plan -out=<name>.tfplan, then its `show -json` text."""
    p = tf.run('plan', '-input=false', '-out=%s.tfplan' % name)
    shown = tf.run('show', '-json', '%s.tfplan' % name).stdout
    return p.stdout + p.stderr, shown


def changes(shown):
    out = {}
    for rc in json.loads(shown).get('resource_changes', []):
        ch = rc['change']
        out[rc['address']] = {k: ch.get(k) for k in ('actions', 'after', 'after_unknown',
                                                     'after_sensitive', 'before')}
    return out


def test_lifecycle(netenv):  # noqa: F811
    env = netenv
    put_source(env, SECRET1)
    tf = env.terraform('ours', config())
    out, shown = saved_plan(tf, 'create')
    plan = changes(shown)
    assert plan['aws_ssm_parameter.copy']['after']['value_wo'] is None
    assert plan['aws_ssm_parameter.copy']['after']['value_wo_version'] == 1
    assert 'ephemeral' not in json.dumps(json.loads(shown).get('resource_changes')), shown[:2000]
    p = tf.run('apply', '-input=false', 'create.tfplan')
    assert_secret_nowhere(tf, SECRET1, outputs=(out, shown, p.stdout, p.stderr))

    # the secret reached AWS through value_wo; the chained one too
    copy = stored(env, '/app/db/copy')
    assert copy['Value'] == SECRET1 and copy['Type'] == 'SecureString' and copy['Version'] == 1
    assert stored(env, '/app/hosts-copy')['Value'] == 'a.example,b.example'
    st = tf.resources()
    c = st['aws_ssm_parameter.copy']
    assert c['has_value_wo'] is True and c['value_wo'] is None and c['value'] in ('', None)
    assert c['arn'] == 'arn:aws:ssm:us-east-1:123456789012:parameter/app/db/copy'
    assert c['id'] == c['name'] == '/app/db/copy' and c['version'] == 1
    assert c['tags'] == {'env': 'dev'} and c['tier'] == 'Standard' and c['data_type'] == 'text'
    assert c['key_id'] == 'alias/aws/ssm'
    pl = st['aws_ssm_parameter.plain']
    assert pl['insecure_value'] == 'blue' and pl['has_value_wo'] is None  # as hashicorp's
    assert pl['allowed_pattern'] == '^[a-z0-9-]+$' and pl['key_id'] == ''
    assert st['aws_ssm_parameter.list']['value'] == 'a.example,b.example'
    tags = ssm(env, 'ListTagsForResource', ResourceType='Parameter', ResourceId='/app/db/copy')
    assert tags['TagList'] == [{'Key': 'env', 'Value': 'dev'}]
    tf.assert_clean()

    # the source changes behind Terraform's back: nothing to do until the
    # version is bumped (write-only values are not compared)
    put_source(env, SECRET2, overwrite=True)
    tf.assert_clean()
    tf.write(config(wo_version=2))
    out, shown = saved_plan(tf, 'rotate')
    plan = changes(shown)
    assert plan['aws_ssm_parameter.copy']['actions'] == ['update'], plan
    assert plan['aws_ssm_parameter.copy']['after_unknown'].get('has_value_wo') is True
    p = tf.run('apply', '-input=false', 'rotate.tfplan')
    assert_secret_nowhere(tf, SECRET1, SECRET2, outputs=(out, shown, p.stdout, p.stderr))
    copy = stored(env, '/app/db/copy')
    assert copy['Value'] == SECRET2 and copy['Version'] == 2
    tf.assert_clean()

    # in place: description, tags and insecure_value
    tf.write(config(wo_version=2, desc='rotated', env='prod', plain='green'))
    code, out = tf.plan()
    assert code == 2 and '2 to change' in out and 'must be replaced' not in out, out
    tf.apply()
    meta = ssm(env, 'DescribeParameters', ParameterFilters=[
        {'Key': 'Name', 'Option': 'Equals', 'Values': ['/app/db/copy']}])['Parameters'][0]
    assert meta['Description'] == 'rotated'
    assert stored(env, 'plain-setting')['Value'] == 'green'
    st = tf.resources()
    assert st['aws_ssm_parameter.copy']['tags_all'] == {'env': 'prod'}
    tf.assert_clean()

    # drift: a value changed outside Terraform is seen and put back
    ssm(env, 'PutParameter', Name='plain-setting', Value='red', Overwrite=True)
    code, out = tf.plan()
    assert code == 2 and 'aws_ssm_parameter.plain will be updated in-place' in out, out
    assert '"red" -> "green"' in out, out
    tf.apply()
    assert stored(env, 'plain-setting')['Value'] == 'green'
    # a parameter deleted outside Terraform is planned again
    ssm(env, 'DeleteParameter', Name='/app/hosts')
    code, out = tf.plan()
    assert code == 2 and 'aws_ssm_parameter.list will be created' in out, out
    tf.apply()
    tf.assert_clean()

    # import by name, a clean plan after
    before = tf.resources()
    tf.state_rm('aws_ssm_parameter.plain', 'aws_ssm_parameter.list')
    tf.import_('aws_ssm_parameter.plain', 'plain-setting')
    tf.import_('aws_ssm_parameter.list', '/app/hosts')
    after = tf.resources()
    for addr in ('aws_ssm_parameter.plain', 'aws_ssm_parameter.list'):
        want, got = dict(before[addr]), dict(after[addr])
        # import cannot know whether insecure_value was the configured one
        if addr == 'aws_ssm_parameter.plain':
            assert got.pop('value') == 'green' and got.pop('insecure_value') is None
            want.pop('value'), want.pop('insecure_value')
        # an untagged object reads tags = {} (null only after a create without tags)
        assert got.pop('tags') == {} and want.pop('tags') in (None, {})
        # hashicorp's importer sets has_value_wo = false
        assert got.pop('has_value_wo') is False and want.pop('has_value_wo') is None
        assert got == want, (addr, got, want)
    code, out = tf.plan()
    # as with hashicorp/aws (test_parity compares this plan): the imported
    # plain parameter gets its insecure_value back in place (planned
    # unknown: the value it had moves there)
    assert code == 2 and 'aws_ssm_parameter.plain will be updated in-place' in out, out
    assert '+ insecure_value  = (known after apply)' in out and '1 to change' in out, out
    # ... which, as with hashicorp/aws, makes no AWS call and stores the value
    # in `value`: the same plan comes again
    version = stored(env, 'plain-setting')['Version']
    tf.apply()
    assert stored(env, 'plain-setting')['Version'] == version
    st = tf.resources()['aws_ssm_parameter.plain']
    assert st['value'] == 'green' and st['insecure_value'] is None
    assert tf.plan_code() == 2

    tf.destroy()
    ssm(env, 'DeleteParameter', Name=SOURCE)
    env.assert_empty()
    assert_secret_nowhere(tf, SECRET1, SECRET2)


RENEW_CONFIG = '''
ephemeral "aws_ssm_parameter" "master" {
  arn = "%s"
}

resource "aws_ssm_parameter" "slow_copy" {
  name             = "/app/db/slow-copy"
  type             = "SecureString"
  value_wo         = ephemeral.aws_ssm_parameter.master.value
  value_wo_version = 1
}
''' % SOURCE_ARN


def test_renew(netenv):  # noqa: F811
    """Terraform 1.11 renews an ephemeral resource that asks for it while the
    apply that uses it is still running, then closes it.  hashicorp's types
    (and so ours) never ask; the runtime's test knob TFP_EPHEMERAL_RENEW_SECONDS
    makes a type that can renew ask every second, and a PutParameter answered
    after 4 s keeps the resource open long enough."""
    env = netenv
    put_source(env, SECRET1)
    tf = env.terraform('ours', RENEW_CONFIG, name='renew')
    tf.tfenv['TFP_EPHEMERAL_RENEW_SECONDS'] = '1'
    env.emu.faults({'slow': 1.0, 'slow_ms': 4000, 'operations': ['PutParameter']})
    before = len([c for c in env.emu.calls() if c['operation'] == 'GetParameter'])
    p = tf.apply()
    env.emu.faults({'slow': 0, 'operations': None})
    out = p.stdout
    assert 'ephemeral.aws_ssm_parameter.master: Renewing...' in out, out
    assert 'ephemeral.aws_ssm_parameter.master: Renewal complete' in out, out
    # opened and closed in the plan walk, then in apply: renewed before the last close
    assert out.index('Renewing...') < out.rindex('ephemeral.aws_ssm_parameter.master: Closing')
    gets = [c for c in env.emu.calls() if c['operation'] == 'GetParameter'][before:]
    assert len(gets) >= 3, gets  # opened in plan and in apply, renewed at least once
    assert stored(env, '/app/db/slow-copy')['Value'] == SECRET1
    assert_secret_nowhere(tf, SECRET1, outputs=(p.stdout, p.stderr))
    tf.destroy()


def validate_diagnostics(tf):
    p = tf.run('validate', '-json', ok=(0, 1))
    found = set()
    for d in json.loads(p.stdout).get('diagnostics', []):
        rng = d.get('range') or {}
        found.add((d['severity'], d['summary'], d.get('detail', ''),
                   rng.get('start', {}).get('line')))
    return found


def test_parity(tmp_path):
    netkit.require('hashicorp')
    results = {}
    for which in ('hashicorp', 'ours'):
        env = NetEnv(tmp_path / which)
        try:
            bad = env.terraform(which, BAD, name=which + '-bad')
            diags = validate_diagnostics(bad)
            put_source(env, SECRET1)
            tf = env.terraform(which, config())
            _, shown = saved_plan(tf, 'create')
            create = changes(shown)
            tf.run('apply', '-input=false', 'create.tfplan')
            state = tf.resources()
            copied = stored(env, '/app/db/copy')['Value']
            other = 'hashicorp' if which == 'ours' else 'ours'
            tf.use(other)
            tf.assert_clean()
            tf.use(which)
            put_source(env, SECRET2, overwrite=True)
            tf.write(config(wo_version=2, desc='rotated', plain='green',
                            hosts='a.example,c.example'))
            _, shown = saved_plan(tf, 'rotate')
            rotate = changes(shown)
            tf.run('apply', '-input=false', 'rotate.tfplan')
            rotated = stored(env, '/app/db/copy')
            assert_secret_nowhere(tf, SECRET1, SECRET2)
            state2 = tf.resources()
            tf.state_rm('aws_ssm_parameter.plain', 'aws_ssm_parameter.copy')
            tf.import_('aws_ssm_parameter.plain', 'plain-setting')
            tf.import_('aws_ssm_parameter.copy', '/app/db/copy')
            _, shown = saved_plan(tf, 'import')
            tf.run('apply', '-input=false', 'import.tfplan')
            results[which] = {'diags': diags, 'create': create, 'state': state,
                              'copied': copied, 'rotate': rotate,
                              'rotated': (rotated['Value'], rotated['Version']),
                              'state2': state2, 'import': changes(shown),
                              'state3': tf.resources()}
            tf.destroy()
            ssm(env, 'DeleteParameter', Name=SOURCE)
            env.assert_empty()
        finally:
            env.close()
    ours, ref = results['ours'], results['hashicorp']
    problems = []
    for kind in ('create', 'state', 'rotate', 'state2', 'import', 'state3'):
        for addr in sorted(set(ref[kind]) | set(ours[kind])):
            problems += netkit.diff(ours[kind].get(addr), ref[kind].get(addr),
                                    '%s %s' % (kind, addr))
    for kind in ('copied', 'rotated'):
        if ours[kind] != ref[kind]:
            problems.append('%s: ours %r, hashicorp %r' % (kind, ours[kind], ref[kind]))
    assert not problems, '\n'.join(problems)
    assert ours['copied'] == SECRET1 and ours['rotated'] == (SECRET2, 2)

    # bad input: the same errors at the same lines, with the same text
    # (where hashicorp's validator puts it in the summary, ours puts it in
    # the detail under "Invalid value for ...", as every type of ours does)
    ours_errors = [d for d in ours['diags'] if d[0] == 'error']
    ref_errors = [d for d in ref['diags'] if d[0] == 'error']
    for d in ref_errors:
        assert any(o[3] == d[3] and ((o[1], o[2]) == (d[1], d[2]) or (not d[2] and o[2] == d[1]))
                   for o in ours_errors), (d, sorted(ours_errors, key=str))
    assert len(ours_errors) == len(ref_errors) == 7, sorted(ours_errors, key=str)
    assert any(o[1] == 'Invalid ARN Value' for o in ours_errors), ours_errors


def test_example(netenv):  # noqa: F811
    """examples/aws_ssm_parameter applies (the password from an ephemeral
    variable, copied through the ephemeral resource), re-plans clean and
    destroys to nothing; the password is in AWS and nowhere in the state."""
    import tfharness
    folder = os.path.join(tfharness.REPO, 'examples', 'aws_ssm_parameter')
    assert os.path.isfile(os.path.join(folder, 'README.md'))
    with open(os.path.join(folder, 'main.tf')) as f:
        text = f.read()
    tf = netenv.terraform('ours', text, provider_block=False)
    p = tf.apply()
    password = 'example-Only-Passw0rd'
    assert stored(netenv, '/example/db/master-password')['Value'] == password
    assert stored(netenv, '/example/app/db-password')['Value'] == password
    assert_secret_nowhere(tf, password, outputs=(p.stdout, p.stderr))
    tf.assert_clean()
    tf.destroy()
    netenv.assert_empty()

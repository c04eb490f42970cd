"""aws_iam_role, aws_iam_role_policy, aws_iam_role_policy_attachment,
aws_iam_policy and aws_iam_instance_profile end to end against the
emulator: apply under IAM's propagation delay, re-plan clean, in-place
updates (a new policy version), semantic comparison of documents, drift of
an inline policy detected and put back, import of each type by
hashicorp/aws's import IDs with a clean plan after, destroy leaving
nothing; bad input refused at the HCL attribute; and the same configuration
planned and applied by hashicorp/aws 5.100.0 gives the same plan and state.
The configuration is examples/iam/main.tf (so the example is applied too).

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \
     /usr/bin/python3 -m pytest tests/e2e/test_iam.py
"""
import json
import os
import re
import urllib.parse

import netkit
import tfharness
from netkit import NetEnv, netenv  # noqa: F401  (fixture)

EXAMPLE = os.path.join(tfharness.REPO, 'examples', 'iam', 'main.tf')

MINE = ('aws_iam_role.', 'aws_iam_role_policy.', 'aws_iam_role_policy_attachment.',
        'aws_iam_policy.', 'aws_iam_instance_profile.')


def example(desc='Role of the example application\'s instances', tag='example-app',
            actions='"logs:CreateLogStream", "logs:PutLogEvents"', read='"s3:GetObject", "s3:ListBucket"',
            max_session=None):
    with open(EXAMPLE) as f:
        text = f.read()
    text = text.replace('description        = "Role of the example application\'s instances"',
                        'description        = "%s"' % desc)
    text = text.replace('    Name = "example-app"', '    Name = "%s"' % tag)
    text = text.replace('Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]',
                        'Action   = [%s]' % actions)
    text = text.replace('actions   = ["s3:GetObject", "s3:ListBucket"]', 'actions   = [%s]' % read)
    if max_session:
        text = text.replace('  assume_role_policy = data.aws_iam_policy_document.assume.json',
                            '  assume_role_policy   = data.aws_iam_policy_document.assume.json\n'
                            '  max_session_duration = %d' % max_session)
    return text


# The deprecated ways of giving a role its policies, still in 5.100.0's schema.
LEGACY_ROLE = '''
resource "aws_iam_role" "legacy" {
  name_prefix           = "legacy-"
  assume_role_policy    = data.aws_iam_policy_document.assume.json
  force_detach_policies = true
  inline_policy {
    name = "one"
    policy = jsonencode({
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = ["sqs:SendMessage"], Resource = "*" }]
    })
  }
  managed_policy_arns = [aws_iam_policy.logs.arn]
}
'''


def iam(env, op, **params):
    return env.client.call('iam', op, **params)


def test_lifecycle_import_drift(netenv):  # noqa: F811
    env = netenv
    # new roles, policies and profiles stay invisible to reads for 1.5 s
    env.emu.faults({'eventual_consistency_ms': 1500})
    tf = env.terraform('ours', example() + LEGACY_ROLE, provider_block=False)
    tf.apply()
    env.emu.faults({})
    st = tf.resources()
    role = st['aws_iam_role.app']
    assert role['arn'] == 'arn:aws:iam::123456789012:role/example-app'
    assert re.fullmatch(r'AROA[0-9A-F]{17}', role['unique_id'])
    assert json.loads(role['assume_role_policy']) == {
        'Version': '2012-10-17', 'Statement': [{
            'Effect': 'Allow', 'Action': 'sts:AssumeRole',
            'Principal': {'Service': 'ec2.amazonaws.com'}}]}
    assert role['max_session_duration'] == 3600 and role['path'] == '/'
    assert role['force_detach_policies'] is False and role['tags'] == {'Name': 'example-app'}
    pol = st['aws_iam_policy.logs']
    assert pol['arn'] == 'arn:aws:iam::123456789012:policy/example/example-app-logs'
    assert pol['id'] == pol['arn'] and pol['attachment_count'] == 0
    assert st['aws_iam_role_policy.read_bucket']['id'] == 'example-app:read-bucket'
    assert st['aws_iam_role_policy_attachment.logs']['id'].startswith('example-app-')
    prof = st['aws_iam_instance_profile.app']
    assert prof['role'] == 'example-app' and prof['id'] == 'example-app'
    got = iam(env, 'GetInstanceProfile', InstanceProfileName='example-app')
    assert [r['RoleName'] for r in got['InstanceProfile']['Roles']] == ['example-app']
    objects = env.emu._control('GET', 'objects')
    assert objects['iam/roles']['ever'] == 2 and objects['iam/policies']['ever'] == 1
    legacy = st['aws_iam_role.legacy']['name']
    assert legacy.startswith('legacy-')
    assert iam(env, 'ListRolePolicies', RoleName=legacy)['PolicyNames'] == ['one']
    assert [a['PolicyArn'] for a in iam(env, 'ListAttachedRolePolicies', RoleName=legacy)[
        'AttachedPolicies']] == [pol['arn']]
    tf.assert_clean()

    # in-place updates: description, tags, max session, a new policy version,
    # the inline document
    # and the legacy role: one inline policy changed, one added, managed
    # policies detached
    legacy_v2 = LEGACY_ROLE.replace('sqs:SendMessage', 'sqs:ReceiveMessage').replace(
        '  managed_policy_arns = [aws_iam_policy.logs.arn]\n',
        '  managed_policy_arns = []\n  inline_policy {\n    name   = "two"\n'
        '    policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", '
        'Action = "*", Resource = "*" }] })\n  }\n')
    tf.write(example(desc='v2', tag='v2', actions='"logs:PutLogEvents"', read='"s3:GetObject"',
                     max_session=7200) + legacy_v2, provider_block=False)
    code, out = tf.plan()
    assert code == 2 and 'must be replaced' not in out, out
    assert '4 to change' in out, out
    tf.apply()
    tf.assert_clean()
    st = tf.resources()
    assert st['aws_iam_role.app']['description'] == 'v2'
    assert st['aws_iam_role.app']['max_session_duration'] == 7200
    arn = st['aws_iam_policy.logs']['arn']
    vers = iam(env, 'ListPolicyVersions', PolicyArn=arn)['Versions']
    assert [(v['VersionId'], v['IsDefaultVersion']) for v in vers] == [('v2', True), ('v1', False)]
    # (the state's count was read when the policy changed, before the role let go)
    assert iam(env, 'GetPolicy', PolicyArn=arn)['Policy']['AttachmentCount'] == 1
    assert iam(env, 'ListRolePolicies', RoleName=legacy)['PolicyNames'] == ['one', 'two']
    one = urllib.parse.unquote(iam(env, 'GetRolePolicy', RoleName=legacy,
                                   PolicyName='one')['PolicyDocument'])
    assert 'sqs:ReceiveMessage' in one
    assert iam(env, 'ListAttachedRolePolicies', RoleName=legacy)['AttachedPolicies'] == []

    # an equivalent document written differently outside Terraform: no diff
    doc = urllib.parse.unquote(iam(env, 'GetRolePolicy', RoleName='example-app',
                                   PolicyName='read-bucket')['PolicyDocument'])
    same = json.loads(doc)
    same['Statement'][0]['Action'] = [same['Statement'][0]['Action']]
    iam(env, 'PutRolePolicy', RoleName='example-app', PolicyName='read-bucket',
        PolicyDocument=json.dumps({'Statement': same['Statement'], 'Version': '2012-10-17'},
                                  indent=2))
    tf.assert_clean()
    # a real change outside Terraform: detected and put back
    iam(env, 'PutRolePolicy', RoleName='example-app', PolicyName='read-bucket',
        PolicyDocument=json.dumps({'Version': '2012-10-17', 'Statement': [
            {'Effect': 'Allow', 'Action': 's3:*', 'Resource': '*'}]}))
    code, out = tf.plan()
    assert code == 2 and 'aws_iam_role_policy.read_bucket will be updated in-place' in out, out
    tf.apply()
    doc = json.loads(urllib.parse.unquote(iam(env, 'GetRolePolicy', RoleName='example-app',
                                              PolicyName='read-bucket')['PolicyDocument']))
    assert doc['Statement'][0]['Action'] == 's3:GetObject'
    tf.assert_clean()

    # import every type by hashicorp's import IDs
    before = tf.resources()
    ids = {'aws_iam_role.app': 'example-app',
           'aws_iam_role_policy.read_bucket': 'example-app:read-bucket',
           'aws_iam_role_policy_attachment.logs': 'example-app/' + arn,
           'aws_iam_policy.logs': arn,
           'aws_iam_instance_profile.app': 'example-app'}
    tf.state_rm(*ids)
    for addr, rid in ids.items():
        tf.import_(addr, rid)
    after = tf.resources()
    for addr in ids:
        want = dict(before[addr])
        got = dict(after[addr])
        if addr == 'aws_iam_role_policy_attachment.logs':
            assert got.pop('id') == 'example-app-' + arn
            want.pop('id')
        if addr == 'aws_iam_role.app':
            # read back as AWS has it: the inline policy the other resource put
            assert [p['name'] for p in got.pop('inline_policy')] == ['read-bucket']
            want.pop('inline_policy')
        assert got == want, addr
    tf.assert_clean()

    tf.destroy()
    env.assert_empty()


BAD = '''
provider "aws" {
  region = "us-east-1"
}
resource "aws_iam_role" "bad" {
  name                 = "bad name!"
  assume_role_policy   = "{not json"
  max_session_duration = 60
}
resource "aws_iam_role_policy_attachment" "bad" {
  role       = "r"
  policy_arn = "not-an-arn"
}
'''


def test_bad_input(netenv):  # noqa: F811
    tf = netenv.terraform('ours', BAD, provider_block=False)
    p = tf.run('plan', '-input=false', ok=(1,))
    err = p.stderr
    assert 'on main.tf line 6, in resource "aws_iam_role" "bad"' in err, err
    assert 'max_session_duration' in err and '3600' in err, err
    assert 'assume_role_policy' in err, err
    assert 'policy_arn' in err, err
    assert netenv.state()['empty']


GENERATED = [
    (re.compile(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ'), '<date>'),
    (re.compile(r'\b(AROA|ANPA|AIPA)[0-9A-F]{17}\b'), r'\1<id>'),
    (re.compile(r'-\d{18}[0-9a-f]{8}\b'), '-<unique>'),
]


def generic(value):
    text = json.dumps(value, sort_keys=True)
    for rx, sub in GENERATED:
        text = rx.sub(sub, text)
    return json.loads(text)


def plan_json(tf):
    tf.run('plan', '-input=false', '-out=tfplan')
    shown = json.loads(tf.run('show', '-json', 'tfplan').stdout)
    return {r['address']: {'actions': r['change']['actions'], 'after': r['change']['after'],
                           'after_unknown': r['change']['after_unknown']}
            for r in shown['resource_changes']}


def test_parity_with_hashicorp(tmp_path):
    netkit.require('hashicorp')
    results = {}
    for which in ('hashicorp', 'ours'):
        env = NetEnv(tmp_path / which)
        try:
            tf = env.terraform(which, example() + LEGACY_ROLE, provider_block=False)
            plan = plan_json(tf)
            tf.run('apply', '-input=false', '-auto-approve', 'tfplan')
            state = tf.resources()
            if which == 'ours':
                # hashicorp/aws reads our state without a diff
                tf.use('hashicorp')
                tf.assert_clean()
                tf.use('ours')
            results[which] = (plan, state)
            tf.destroy()
            env.assert_empty()
        finally:
            env.close()
    problems = []
    for i, kind in enumerate(('plan', 'state')):
        ref, ours = results['hashicorp'][i], results['ours'][i]
        for addr in sorted(set(ref) | set(ours)):
            if not addr.startswith(MINE):
                continue
            problems += netkit.diff(generic(ours.get(addr)), generic(ref.get(addr)),
                                    '%s %s' % (kind, addr))
    assert not problems, '\n'.join(problems)


"""The provider functions arn_parse, arn_build and trim_iam_role_path, called
the way a module's author calls them: provider::aws::NAME(...) in a
configuration run by the real terraform.

One table of cases becomes two configurations: the calls that succeed as
outputs of one `terraform apply -json` (no resources, so nothing is created
and the provider is never configured), the calls that fail as outputs of one
`terraform plan -json`, whose diagnostics (one per failing output) are read
back by output name.  Both run once with our provider and once with
hashicorp/aws 5.100.0; the results, the error texts and the signatures
Terraform shows must agree, and must equal the values committed here.
Where hashicorp/aws is not in the mirror, the comparison with it skips and
the checks against the committed values still run.
"""
import json
import os
import re
import shutil

import pytest

from ourprovider import REPO, Workdir, plugins_dir, provider_bin

FIXTURE = os.path.join(REPO, 'tests', 'e2e', 'fixtures', 'functions', 'hashicorp-functions.json')
ADDR = 'registry.terraform.io/hashicorp/aws'

HEADER = '''terraform {
  required_providers {
    aws = { source = "hashicorp/aws", version = "5.100.0" }
  }
}
'''


def hcl(v):
    return 'null' if v is None else json.dumps(v, ensure_ascii=False)


def parse(arn):
    return 'provider::aws::arn_parse(%s)' % hcl(arn)


def build(*parts):
    return 'provider::aws::arn_build(%s)' % ', '.join(hcl(p) for p in parts)


def trim(arn):
    return 'provider::aws::trim_iam_role_path(%s)' % hcl(arn)


def parsed(partition, service, region, account_id, resource):
    return {'partition': partition, 'service': service, 'region': region,
            'account_id': account_id, 'resource': resource}


ROUND_TRIP = 'arn:aws-us-gov:logs:us-gov-west-1:123456789012:log-group:/a/b:*'
ROUND_TRIP_EXPR = 'provider::aws::arn_build(%s)' % ', '.join(
    '%s.%s' % (parse(ROUND_TRIP), k)
    for k in ('partition', 'service', 'region', 'account_id', 'resource'))

# name -> (expression, expected value)
OK = {
    'parse_iam_role': (parse('arn:aws:iam::123456789012:role/path/to/name'),
                       parsed('aws', 'iam', '', '123456789012', 'role/path/to/name')),
    'parse_ec2_vpc': (parse('arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0123456789abcdef0'),
                      parsed('aws', 'ec2', 'us-east-1', '123456789012',
                             'vpc/vpc-0123456789abcdef0')),
    'parse_aws_cn': (parse('arn:aws-cn:ec2:cn-north-1:123456789012:subnet/subnet-1'),
                     parsed('aws-cn', 'ec2', 'cn-north-1', '123456789012', 'subnet/subnet-1')),
    'parse_aws_us_gov': (parse('arn:aws-us-gov:iam::123456789012:role/r'),
                         parsed('aws-us-gov', 'iam', '', '123456789012', 'role/r')),
    'parse_aws_iso': (parse('arn:aws-iso:ec2:us-iso-east-1:123456789012:vpc/vpc-1'),
                      parsed('aws-iso', 'ec2', 'us-iso-east-1', '123456789012', 'vpc/vpc-1')),
    'parse_aws_iso_b': (parse('arn:aws-iso-b:sqs:us-isob-east-1:123456789012:q'),
                        parsed('aws-iso-b', 'sqs', 'us-isob-east-1', '123456789012', 'q')),
    'parse_aws_iso_e': (parse('arn:aws-iso-e:s3:::b'), parsed('aws-iso-e', 's3', '', '', 'b')),
    'parse_aws_iso_f': (parse('arn:aws-iso-f:sns:us-isof-south-1:123456789012:t'),
                        parsed('aws-iso-f', 'sns', 'us-isof-south-1', '123456789012', 't')),
    'parse_aws_eusc': (parse('arn:aws-eusc:kms:eusc-de-east-1:123456789012:key/k'),
                       parsed('aws-eusc', 'kms', 'eusc-de-east-1', '123456789012', 'key/k')),
    'parse_s3_object': (parse('arn:aws:s3:::my-bucket/some/key.txt'),
                        parsed('aws', 's3', '', '', 'my-bucket/some/key.txt')),
    'parse_s3_empty_resource': (parse('arn:aws:s3:::'), parsed('aws', 's3', '', '', '')),
    'parse_all_empty': (parse('arn:::::'), parsed('', '', '', '', '')),
    'parse_colons_in_resource': (
        parse('arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/fn:*'),
        parsed('aws', 'logs', 'us-east-1', '123456789012', 'log-group:/aws/lambda/fn:*')),
    'parse_revision': (parse('arn:aws:ecs:us-east-1:123456789012:task-definition/web:3'),
                       parsed('aws', 'ecs', 'us-east-1', '123456789012',
                              'task-definition/web:3')),
    'parse_unicode': (parse('arn:aws:s3:::bücket/ключ:ü'),
                      parsed('aws', 's3', '', '', 'bücket/ключ:ü')),
    'build_s3': (build('aws', 's3', '', '', 'my-bucket/key'), 'arn:aws:s3:::my-bucket/key'),
    'build_role_gov': (build('aws-us-gov', 'iam', '', '123456789012', 'role/a/b'),
                       'arn:aws-us-gov:iam::123456789012:role/a/b'),
    'build_colons_cn': (build('aws-cn', 'logs', 'cn-north-1', '123456789012', 'log-group:/x:*'),
                        'arn:aws-cn:logs:cn-north-1:123456789012:log-group:/x:*'),
    'build_all_empty': (build('', '', '', '', ''), 'arn:::::'),
    'build_unchecked': (build('not a partition', 'x:y', 'r', 'a', ''),
                        'arn:not a partition:x:y:r:a:'),
    'build_round_trip': (ROUND_TRIP_EXPR, ROUND_TRIP),
    'trim_path': (trim('arn:aws:iam::123456789012:role/path/to/name'),
                  'arn:aws:iam::123456789012:role/name'),
    'trim_no_path': (trim('arn:aws:iam::123456789012:role/name'),
                     'arn:aws:iam::123456789012:role/name'),
    'trim_cn': (trim('arn:aws-cn:iam::123456789012:role/a/b'),
                'arn:aws-cn:iam::123456789012:role/b'),
    'trim_gov_service_role': (trim('arn:aws-us-gov:iam::123456789012:role/service-role/x'),
                              'arn:aws-us-gov:iam::123456789012:role/x'),
    'trim_no_account': (trim('arn:aws:iam:::role/a/b'), 'arn:aws:iam:::role/b'),
    'trim_trailing_slash': (trim('arn:aws:iam::123456789012:role/a/'),
                            'arn:aws:iam::123456789012:role/'),
    'trim_colons': (trim('arn:aws:iam::123456789012:role/a:b/c:d'),
                    'arn:aws:iam::123456789012:role/c:d'),
}


def call_failed(fn, text):
    return ('Error in function call',
            'Call to function "provider::aws::%s" failed: %s.' % (fn, text))


def bad_argument(param, text):
    return ('Invalid function argument', 'Invalid value for "%s" parameter: %s.' % (param, text))


# name -> (expression, (summary, detail))
FAIL = {
    'parse_empty': (parse(''), call_failed('arn_parse', 'arn: invalid prefix')),
    'parse_word': (parse('arn'), call_failed('arn_parse', 'arn: invalid prefix')),
    'parse_upper_prefix': (parse('ARN:aws:s3:::b'), call_failed('arn_parse', 'arn: invalid prefix')),
    'parse_no_prefix': (parse('aws:s3:::bucket'), call_failed('arn_parse', 'arn: invalid prefix')),
    'parse_prefix_only': (parse('arn:'), call_failed('arn_parse', 'arn: not enough sections')),
    'parse_four_sections': (parse('arn:aws:s3::bucket'),
                            call_failed('arn_parse', 'arn: not enough sections')),
    'parse_no_region_section': (parse('arn:aws:iam:123456789012:role/r'),
                                call_failed('arn_parse', 'arn: not enough sections')),
    'parse_null': (parse(None), bad_argument('arn', 'argument must not be null')),
    'parse_not_a_string': ('provider::aws::arn_parse(["x"])',
                           bad_argument('arn', 'string required')),
    'build_null_service': (build('aws', None, '', '', 'x'),
                           bad_argument('service', 'argument must not be null')),
    'build_null_resource': (build('aws', 's3', '', '', None),
                            bad_argument('resource', 'argument must not be null')),
    'trim_sts': (trim('arn:aws:sts::123456789012:role/a/b'),
                 call_failed('trim_iam_role_path', 'service must be "iam"')),
    'trim_upper_service': (trim('arn:aws:IAM::123456789012:role/a/b'),
                           call_failed('trim_iam_role_path', 'service must be "iam"')),
    'trim_region': (trim('arn:aws:iam:us-east-1:123456789012:role/a/b'),
                    call_failed('trim_iam_role_path', 'region must be empty')),
    'trim_user': (trim('arn:aws:iam::123456789012:user/a/b'),
                  call_failed('trim_iam_role_path', 'resource must begin with "role/"')),
    'trim_role_no_slash': (trim('arn:aws:iam::123456789012:role'),
                           call_failed('trim_iam_role_path', 'resource must begin with "role/"')),
    'trim_no_prefix': (trim('role/a/b'), call_failed('trim_iam_role_path', 'arn: invalid prefix')),
    'trim_not_enough': (trim('arn:aws:iam::role/a/b'),
                        call_failed('trim_iam_role_path', 'arn: not enough sections')),
    'trim_null': (trim(None), bad_argument('arn', 'argument must not be null')),
}


def config(cases):
    return HEADER + ''.join('output "%s" {\n  value = %s\n}\n' % (name, expr)
                            for name, (expr, _) in sorted(cases.items()))


def norm(text):
    return re.sub(r'\s+', ' ', text or '').strip()


def json_lines(text):
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line.startswith('{'):
            out.append(json.loads(line))
    return out


def run_provider(root, which):
    """Everything the tests compare, from one provider: 3 terraform runs
    (plus `init` for hashicorp/aws)."""
    work = Workdir(root, which, {'main.tf': config(OK)})
    schema = json.loads(work.run('providers', 'schema', '-json').stdout)
    functions = schema['provider_schemas'][ADDR].get('functions', {})
    applied = work.run('apply', '-auto-approve', '-input=false', '-json', '-no-color')
    values = {}
    for msg in json_lines(applied.stdout):
        if msg.get('type') == 'outputs':
            for name, o in msg['outputs'].items():
                if 'value' in o:
                    values[name] = o['value']
    with open(os.path.join(work.dir, 'main.tf'), 'w') as f:
        f.write(config(FAIL))
    os.unlink(os.path.join(work.dir, 'terraform.tfstate'))
    planned = work.run('plan', '-input=false', '-json', '-no-color', ok=(1,))
    errors, signatures, other = {}, {}, []
    for msg in json_lines(planned.stdout):
        if msg.get('type') != 'diagnostic' or msg['diagnostic']['severity'] != 'error':
            continue  # warnings: dev_overrides for ours
        d = msg['diagnostic']
        m = re.fullmatch(r'output "([^"]+)"', (d.get('snippet') or {}).get('context') or '')
        if not m or m.group(1) in errors:
            other.append(d)
            continue
        errors[m.group(1)] = (d['summary'], norm(d.get('detail')))
        call = d['snippet'].get('function_call')
        if call:
            signatures[call['called_as']] = call.get('signature')
    return {'functions': functions, 'values': values, 'errors': errors,
            'signatures': signatures, 'other': other}


@pytest.fixture(scope='module')
def ours(tmp_path_factory):
    if shutil.which('terraform') is None:
        pytest.skip('terraform is not on PATH')
    if not os.path.isfile(provider_bin()):
        pytest.skip('our provider binary %s is not built' % provider_bin())
    return run_provider(str(tmp_path_factory.mktemp('fn-ours')), 'ours')


@pytest.fixture(scope='module')
def hashicorp(tmp_path_factory):
    if shutil.which('terraform') is None:
        pytest.skip('terraform is not on PATH')
    if not os.path.isdir(os.path.join(plugins_dir(), ADDR)):
        pytest.skip('no hashicorp/aws in the provider mirror %s to compare with' % plugins_dir())
    return run_provider(str(tmp_path_factory.mktemp('fn-hashicorp')), 'hashicorp')


def reference_functions():
    with open(FIXTURE) as f:
        return json.load(f)


def test_signatures_equal_reference(ours):
    assert ours['functions'] == reference_functions()


def test_reference_is_hashicorps(hashicorp):
    assert hashicorp['functions'] == reference_functions()


def test_results_as_expected(ours):
    assert sorted(ours['values']) == sorted(OK)
    wrong = {name: (ours['values'][name], want) for name, (_, want) in OK.items()
             if ours['values'][name] != want}
    assert wrong == {}


def test_errors_as_expected(ours):
    assert ours['other'] == []
    assert sorted(ours['errors']) == sorted(FAIL)
    wrong = {name: (ours['errors'][name], want) for name, (_, want) in FAIL.items()
             if ours['errors'][name] != want}
    assert wrong == {}
    # Terraform shows each failed call with the signature it got from us.
    assert set(ours['signatures']) == {'provider::aws::arn_parse', 'provider::aws::arn_build',
                                       'provider::aws::trim_iam_role_path'}


def test_results_agree_with_hashicorp(ours, hashicorp):
    assert ours['values'] == hashicorp['values']


def test_errors_agree_with_hashicorp(ours, hashicorp):
    assert ours['errors'] == hashicorp['errors']
    assert ours['signatures'] == hashicorp['signatures']
    assert ours['other'] == hashicorp['other'] == []

"""Schema and validation through the real terraform binary.

* `terraform providers schema -json` with our provider must equal the
  reference schema of hashicorp/aws 5.100.0 for every type we know
  (aws/schema/known-types.txt: implemented and schema-only, resources, data
  sources and ephemeral resources).
* A known type we do not implement validates and plans with count = 0, and
  is refused at its block when a plan would create or read it.
* Bad configurations must fail `terraform validate` with an error whose
  source range is the same attribute hashicorp/aws points at.
* The seed deployment in terraform/ must validate.
"""
import json
import os
import shutil

import pytest

from ourprovider import REPO, Workdir, reference_dir

PROVIDER = 'provider "aws" {\n  region = "us-east-1"\n}\n'


def strip_descriptions(block):
    """A schema block without its prose, as the reference holds it (an
    attribute that is called "description" stays)."""
    out = {k: v for k, v in block.items()
           if k not in ('description', 'description_kind', 'attributes', 'block_types')}
    if block.get('attributes'):
        out['attributes'] = {
            name: {k: v for k, v in a.items() if k not in ('description', 'description_kind')}
            for name, a in block['attributes'].items()}
    if block.get('block_types'):
        out['block_types'] = {
            name: dict({k: v for k, v in nb.items() if k != 'block'},
                       block=strip_descriptions(nb['block']))
            for name, nb in block['block_types'].items()}
    return out


def strip_schema(schema):
    return {'version': schema.get('version', 0), 'block': strip_descriptions(schema['block'])}


def known_types():
    """(kind, name) of aws/schema/known-types.txt."""
    out = []
    with open(os.path.join(REPO, 'aws', 'schema', 'known-types.txt')) as f:
        for line in f:
            line = line.split('#', 1)[0].split()
            if line:
                out.append(tuple(line))
    return out


def diff(a, b, path, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a:
                out.append('%s.%s: missing in ours' % (path, k))
            elif k not in b:
                out.append('%s.%s: not in reference' % (path, k))
            else:
                diff(a[k], b[k], '%s.%s' % (path, k), out)
    elif a != b:
        out.append('%s: ours %r, reference %r' % (path, a, b))


def test_providers_schema_matches_reference(tmp_path):
    ours = Workdir(str(tmp_path), 'ours', {'main.tf': PROVIDER})
    p = ours.run('providers', 'schema', '-json')
    got = json.loads(p.stdout)['provider_schemas']['registry.terraform.io/hashicorp/aws']
    with open(os.path.join(reference_dir(), 'hashicorp-aws-5.100.0-schema.json')) as f:
        ref = json.load(f)
    differences = []
    diff(strip_schema(got['provider']), ref['provider'], 'provider', differences)
    kinds = {'resource': 'resource_schemas', 'data': 'data_source_schemas',
             'ephemeral': 'ephemeral_resource_schemas'}
    for kind in kinds.values():
        for name, schema in ref[kind].items():
            mine = got.get(kind, {}).get(name)
            if mine is None:
                differences.append('%s.%s: missing' % (kind, name))
                continue
            diff(strip_schema(mine), schema, '%s.%s' % (kind, name), differences)
        for name in got.get(kind, {}):
            if name not in ref[kind]:
                differences.append('%s.%s: not in reference' % (kind, name))
    print('schema differences: %d' % len(differences))
    for d in differences[:50]:
        print('  ' + d)
    # The reference covers exactly the known types, the vpc module's 31
    # unimplemented ones among them.
    known = known_types()
    assert sorted(known) == sorted((k, n) for k, m in kinds.items() for n in ref[m])
    assert len(ref['ephemeral_resource_schemas']) == 7
    assert ('resource', 'aws_wafv2_web_acl_association') in known
    assert differences == []


BAD_CONFIGS = {
    'malformed_cidr': ('''
resource "aws_vpc" "v" {
  cidr_block = "10.0.0.0/33"
}
''', 'cidr_block'),
    'host_bits_cidr': ('''
resource "aws_subnet" "s" {
  vpc_id     = "vpc-12345678"
  cidr_block = "10.0.1.7/24"
}
''', 'cidr_block'),
    'port_out_of_range': ('''
resource "aws_lb_target_group" "t" {
  name     = "tg"
  port     = 70000
  protocol = "HTTP"
  vpc_id   = "vpc-12345678"
}
''', 'port'),
    'unknown_enum': ('''
resource "aws_vpc" "v" {
  cidr_block       = "10.0.0.0/16"
  instance_tenancy = "shared"
}
''', 'instance_tenancy'),
    'bad_container_definitions': ('''
resource "aws_ecs_task_definition" "t" {
  family                = "wp"
  container_definitions = "[{\\"name\\": \\"wordpress\\""
}
''', 'container_definitions'),
    'conflicting_arguments': ('''
resource "aws_security_group" "g" {
  name        = "web"
  name_prefix = "web-"
}
''', 'name'),
    'lb_name_characters': ('''
resource "aws_lb" "l" {
  name = "not_valid_name"
}
''', 'name'),
}


def error_diagnostics(proc):
    out = json.loads(proc.stdout)
    return [d for d in out['diagnostics'] if d['severity'] == 'error']


@pytest.mark.parametrize('case', sorted(BAD_CONFIGS))
def test_bad_config_fails_validate_like_hashicorp(tmp_path, case):
    hcl, attr = BAD_CONFIGS[case]
    files = {'main.tf': PROVIDER + hcl}
    results = {}
    for which in ('ours', 'hashicorp'):
        wd = Workdir(str(tmp_path), which, files)
        p = wd.run('validate', '-json', '-no-color', ok=(1,))
        results[which] = error_diagnostics(p)
    ours, theirs = results['ours'], results['hashicorp']
    assert theirs, 'reference provider accepted the config'
    assert ours, 'our provider accepted a configuration hashicorp/aws rejects'
    # Same source ranges: the same attribute line(s) are underlined.
    def ranges(diags):
        return sorted((d['range']['start']['line'], d['range']['end']['line'])
                      for d in diags if 'range' in d)
    assert ranges(ours) == ranges(theirs), (ours, theirs)
    # The message names the attribute.
    text = ' '.join(d['summary'] + ' ' + d.get('detail', '') for d in ours)
    assert attr in text


def test_seed_deployment_validates(tmp_path):
    src = os.path.join(REPO, 'terraform')
    files = {}
    for name in os.listdir(src):
        if name.endswith('.tf'):
            with open(os.path.join(src, name)) as f:
                files[name] = f.read()
    assert len(files) >= 1
    wd = Workdir(str(tmp_path), 'ours', files)
    p = wd.run('validate', '-no-color')
    assert 'Success' in p.stdout
    addresses = set()
    for text in files.values():
        for line in text.splitlines():
            if line.startswith('resource "'):
                addresses.add('%s.%s' % (line.split('"')[1], line.split('"')[3]))
    assert addresses == {
        'aws_vpc.ecs-vpc', 'aws_internet_gateway.ecs-igw', 'aws_route_table.ecs-public',
        'aws_route_table_association.ecs-public', 'aws_route_table_association.ecs-public-2',
        'aws_subnet.ecs-public-1', 'aws_subnet.ecs-public-2', 'aws_alb.ecs-alb',
        'aws_alb_listener.front_end', 'aws_alb_target_group.ecs', 'aws_security_group.ecs-ec2-sg',
        'aws_security_group.ecs-lb-sg', 'aws_ecs_cluster.wp-ecs', 'aws_ecs_service.wordpress',
        'aws_ecs_task_definition.wordpress', 'aws_autoscaling_group.ecs',
        'aws_launch_configuration.ecs'}


# Static credentials and no account lookup: the plan needs no AWS at all.
KNOWN_ONLY = '''provider "aws" {
  region                      = "us-east-1"
  access_key                  = "AKIDEXAMPLE"
  secret_key                  = "secret"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
}

variable "enabled" {
  type    = bool
  default = false
}

resource "aws_wafv2_web_acl_association" "off" {
  count        = var.enabled ? 1 : 0
  resource_arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/x/1"
  web_acl_arn  = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/x/1"
}

data "aws_cloudfront_log_delivery_canonical_user_id" "off" {
  count  = var.enabled ? 1 : 0
  region = "us-east-1"
}

ephemeral "aws_eks_cluster_auth" "off" {
  count = var.enabled ? 1 : 0
  name  = "x"
}
'''


def test_known_only_types_refused_at_their_block(tmp_path):
    """Known-only types with count = 0 validate and plan; enabled, the plan
    stops at each block with "<type> is not implemented by this provider
    yet", before anything is applied."""
    wd = Workdir(str(tmp_path), 'ours', {'main.tf': KNOWN_ONLY})
    wd.run('validate', '-no-color')
    off = wd.run('plan', '-json', '-no-color', '-refresh=false', '-input=false')
    assert '"type":"planned_change"' not in off.stdout.replace(' ', '')
    p = wd.run('plan', '-json', '-no-color', '-input=false', '-var', 'enabled=true', ok=(1,))
    diags = [json.loads(line)['diagnostic'] for line in p.stdout.splitlines()
             if '"type":"diagnostic"' in line.replace(' ', '')]
    errors = {d['summary']: d for d in diags if d['severity'] == 'error'}
    text = KNOWN_ONLY.splitlines()
    for kind, name, address in (
            ('resource', 'aws_wafv2_web_acl_association', 'aws_wafv2_web_acl_association.off[0]'),
            ('data', 'aws_cloudfront_log_delivery_canonical_user_id',
             'data.aws_cloudfront_log_delivery_canonical_user_id.off[0]'),
            ('ephemeral', 'aws_eks_cluster_auth', 'ephemeral.aws_eks_cluster_auth.off[0]')):
        summary = '%s is not implemented by this provider yet' % name
        assert summary in errors, (summary, sorted(errors))
        d = errors[summary]
        assert 'schema' in d['detail']
        assert d['address'] == address, d
        # The range is the block's header line.
        line = text[d['range']['start']['line'] - 1]
        assert line.startswith('%s "%s" "off"' % (kind, name)), (line, d['range'])
    assert len(errors) == 3, sorted(errors)

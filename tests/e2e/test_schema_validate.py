"""Schema and validation through the real terraform binary.

* `terraform providers schema -json` with our provider must equal the
  reference schema of hashicorp/aws 5.100.0 for every type we serve.
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


def strip_descriptions(node):
    if isinstance(node, dict):
        return {k: strip_descriptions(v) for k, v in node.items()
                if k not in ('description', 'description_kind')}
    if isinstance(node, list):
        return [strip_descriptions(v) for v in node]
    return node


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
    diff(strip_descriptions(got['provider']), ref['provider'], 'provider', differences)
    for kind in ('resource_schemas', 'data_source_schemas'):
        for name, schema in ref[kind].items():
            mine = got.get(kind, {}).get(name)
            if mine is None:
                differences.append('%s.%s: missing' % (kind, name))
                continue
            diff(strip_descriptions(mine), schema, '%s.%s' % (kind, name), differences)
        for name in got.get(kind, {}):
            if name not in ref[kind]:
                differences.append('%s.%s: not in reference' % (kind, name))
    print('schema differences: %d' % len(differences))
    for d in differences[:50]:
        print('  ' + d)
    assert len(ref['resource_schemas']) + len(ref['data_source_schemas']) == 18
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

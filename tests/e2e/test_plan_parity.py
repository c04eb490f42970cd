"""Plan parity: planning the seed deployment with our provider must give the
plan hashicorp/aws 5.100.0 gives, value for value and unknown for unknown.

fixtures/seed17/main.tf holds the seed deployment's 17 resources with
literal availability zones, no data sources and a provider block that
needs no AWS account, so both plans are made offline.  The reference plan
is made afresh by the real hashicorp/aws in every run (the stored
fixtures/seed17/hashicorp_plan.json is only checked for being current).

Updates and replacements are compared the same way: a small configuration
is planned for creation by hashicorp/aws, the plan is turned into a state
(unknown values replaced by plausible ones), and then variants of the
configuration are planned against that state by both providers with
-refresh=false, so that neither needs AWS.

Environment: TFP_PROVIDER_BIN (our binary, default <repo>/build/
terraform-provider-aws), TFP_TF_PLUGINS (the mirror holding hashicorp/aws,
default /opt/tf-plugins).  Run with /usr/bin/python3 -m pytest.
"""
import json
import os
import shutil

import pytest

from ourprovider import Workdir, provider_bin
from tfharness import require_hashicorp

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, 'fixtures', 'seed17')
PLAN_LINE = 'Plan: 17 to add, 0 to change, 0 to destroy.'
# The parts of a resource change that the provider decides.
CHANGE_KEYS = ('actions', 'before', 'after', 'after_unknown', 'after_sensitive',
               'replace_paths')


UPDATE_PROVIDER = """provider "aws" {
  region                      = "us-east-1"
  access_key                  = "AKIDEXAMPLE"
  secret_key                  = "x"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_region_validation      = true
}
"""

# One resource per planning shape: top-level ForceNew and defaults (vpc), an
# Optional+Computed list block with ForceNew fields (launch configuration),
# a list block with Optional+Computed fields (target group), a set block
# (ecs service), a set(object) attribute (security group), a ForceNew set
# block and ForceNew list blocks (task definition).
UPDATE_BASE = """
resource "aws_vpc" "v" {
  cidr_block           = "10.0.0.0/16"
  enable_dns_hostnames = true
  instance_tenancy     = "default"
  tags                 = { Name = "a" }
}
resource "aws_launch_configuration" "lc" {
  name          = "lc"
  image_id      = "ami-1"
  instance_type = "t2.micro"
  root_block_device {
    volume_size = 10
  }
}
resource "aws_lb_target_group" "t" {
  name     = "t"
  port     = 80
  protocol = "HTTP"
  vpc_id   = "vpc-123"
  health_check {
    path = "/"
  }
}
resource "aws_ecs_service" "s" {
  name            = "s"
  cluster         = "c"
  task_definition = "td"
  load_balancer {
    container_name   = "c"
    container_port   = 80
    target_group_arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/t/1"
  }
}
resource "aws_security_group" "g" {
  name   = "g"
  vpc_id = "vpc-123"
  ingress {
    from_port   = 1
    to_port     = 2
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
    self        = false
  }
}
resource "aws_ecs_task_definition" "td" {
  family                = "f"
  container_definitions = jsonencode([{ name = "a", image = "b", essential = true, memory = 10 }])
  volume {
    name      = "v1"
    host_path = "/a"
  }
}
"""

# name -> (replacements applied to UPDATE_BASE, what hashicorp/aws plans)
UPDATE_VARIANTS = {
    'unchanged': ([], 'no changes'),
    'in_place': ([('tags                 = { Name = "a" }', 'tags = { Name = "b" }'),
                  ('enable_dns_hostnames = true', ''),
                  ('instance_tenancy     = "default"', '')],
                 'tags updated, Optional+Computed kept, default kept'),
    'replace_top_level': ([('"10.0.0.0/16"', '"10.1.0.0/16"')], 'replace on cidr_block'),
    'replace_nested_list': ([('volume_size = 10', 'volume_size = 20')],
                            'replace on root_block_device[0].volume_size'),
    'list_block_in_place': ([('path = "/"', 'path = "/x"')], 'health_check updated'),
    'set_block_in_place': ([('container_port   = 80', 'container_port   = 81')],
                           'load_balancer element replaced in place'),
    'set_object_attr': ([('cidr_blocks = ["10.0.0.0/8"]', 'cidr_blocks = ["10.0.0.0/8", "11.0.0.0/8"]')],
                        'ingress updated'),
    'set_object_attr_added': ([('self        = false\n  }',
                                'self        = false\n  }\n  ingress {\n    from_port   = 3\n'
                                '    to_port     = 4\n    protocol    = "udp"\n  }')],
                              'ingress rule added: the kept rule loses its unset description'),
    'replace_set_block': ([('host_path = "/a"', 'host_path = "/b"')], 'replace on volume'),
    'replace_added_blocks': ([('family                = "f"',
                               'family = "f"\n  ephemeral_storage {\n    size_in_gib = 30\n  }\n'
                               '  proxy_configuration {\n    container_name = "a"\n  }')],
                             'replace on the new blocks and their ForceNew fields'),
}

# Values a real create would have read back, where a made-up one would make
# hashicorp/aws's own CustomizeDiff or set hashing object.
STATE_OVERRIDES = {
    'aws_lb_target_group.t': {
        'protocol_version': 'HTTP1', 'ip_address_type': 'ipv4',
        'load_balancing_algorithm_type': 'round_robin',
        'load_balancing_anomaly_mitigation': 'off',
        'load_balancing_cross_zone_enabled': 'use_load_balancer_configuration',
        'connection_termination': False, 'preserve_client_ip': None, 'name_prefix': '',
        'stickiness': [{'cookie_duration': 86400, 'cookie_name': '', 'enabled': False,
                        'type': 'lb_cookie'}],
        'health_check.0': {'matcher': '200', 'timeout': 5},
    },
    'aws_launch_configuration.lc': {
        'name_prefix': '',
        'root_block_device.0': {'encrypted': False, 'iops': 0, 'throughput': 0,
                                'volume_type': 'gp2'},
    },
}


def _fake(ty, name):
    if ty == 'string':
        return 'fake-' + name
    if ty == 'number':
        return 7
    if ty == 'bool':
        return False
    if ty[0] in ('list', 'set'):
        return []
    if ty[0] == 'map':
        return {}
    return None


def _resolve_unknowns(block, after, unknown):
    """after with every unknown replaced by a value of the right type."""
    out = dict(after or {})
    unknown = unknown or {}
    for name, attr in block.get('attributes', {}).items():
        if unknown.get(name) is True:
            out[name] = _fake(attr['type'], name)
        else:
            out.setdefault(name, None)
    for name, nb in block.get('block_types', {}).items():
        u = unknown.get(name)
        if u is True:
            out[name] = [] if nb['nesting_mode'] in ('list', 'set') else None
        elif isinstance(out.get(name), list):
            us = u if isinstance(u, list) else []
            out[name] = [_resolve_unknowns(nb['block'], e, us[i] if i < len(us) else {})
                         for i, e in enumerate(out[name])]
        elif isinstance(out.get(name), dict):
            out[name] = _resolve_unknowns(nb['block'], out[name], u if isinstance(u, dict) else {})
    return out


def state_from_create_plan(plan, schemas):
    """A version 4 state holding what the create plan would have made."""
    resources = []
    for rc in plan['resource_changes']:
        schema = schemas[rc['type']]
        attrs = _resolve_unknowns(schema['block'], rc['change']['after'],
                                  rc['change']['after_unknown'])
        if 'tags_all' in attrs and rc['change']['after_unknown'].get('tags_all') is True:
            attrs['tags_all'] = attrs.get('tags') or {}
        for key, value in STATE_OVERRIDES.get(rc['address'], {}).items():
            if '.' in key:
                name, index = key.split('.')
                attrs[name][int(index)].update(value)
            else:
                attrs[key] = value
        resources.append({
            'mode': 'managed', 'type': rc['type'], 'name': rc['name'],
            'provider': 'provider["registry.terraform.io/hashicorp/aws"]',
            'instances': [{'schema_version': schema.get('version', 0), 'attributes': attrs,
                           'sensitive_attributes': [], 'private': ''}]})
    return {'version': 4, 'terraform_version': '1.11.4', 'serial': 1,
            'lineage': '6e0d5c6f-0000-4000-8000-000000000001', 'outputs': {},
            'resources': resources, 'check_results': None}


def _require(which):
    if shutil.which('terraform') is None:
        pytest.skip('terraform is not on PATH')
    if which == 'hashicorp':
        require_hashicorp()
    if which == 'ours' and not os.path.isfile(provider_bin()):
        pytest.skip('our provider is not built: %s' % provider_bin())


def make_plan(root, which, files=None, state=None):
    """Plans a configuration (the seed fixture by default) with one
    provider, optionally against a state; returns (plan output, show -json)."""
    if files is None:
        with open(os.path.join(FIXTURE, 'main.tf')) as f:
            files = {'main.tf': f.read()}
    if state is not None:
        files = dict(files, **{'terraform.tfstate': json.dumps(state)})
    wd = Workdir(str(root), which, files)
    p = wd.run('plan', '-refresh=false', '-input=false', '-no-color', '-out=tfplan')
    shown = wd.run('show', '-json', 'tfplan')
    return p.stdout, json.loads(shown.stdout)


def diff(ours, ref, path, out):
    """Appends 'path: ours X, hashicorp Y' for every difference."""
    if isinstance(ours, dict) and isinstance(ref, dict):
        for k in sorted(set(ours) | set(ref)):
            if k not in ours:
                out.append('%s.%s: missing in ours (hashicorp %s)' % (path, k, json.dumps(ref[k])))
            elif k not in ref:
                out.append('%s.%s: only in ours (%s)' % (path, k, json.dumps(ours[k])))
            else:
                diff(ours[k], ref[k], '%s.%s' % (path, k), out)
    elif isinstance(ours, list) and isinstance(ref, list) and len(ours) == len(ref):
        for i, (a, b) in enumerate(zip(ours, ref)):
            diff(a, b, '%s[%d]' % (path, i), out)
    elif ours != ref or type(ours) is not type(ref):
        out.append('%s: ours %s, hashicorp %s' % (path, json.dumps(ours), json.dumps(ref)))


def provider_view(plan):
    """What the provider decides in a `terraform show -json` plan, keyed by
    resource address.  replace_paths is a set in Terraform (its order is
    not stable), so it is sorted."""
    changes = {}
    for rc in plan.get('resource_changes', []):
        c = {k: rc['change'].get(k) for k in CHANGE_KEYS}
        if c['replace_paths'] is not None:
            c['replace_paths'] = sorted(c['replace_paths'], key=json.dumps)
        changes[rc['address']] = c
    planned = {}
    for r in plan.get('planned_values', {}).get('root_module', {}).get('resources', []):
        planned[r['address']] = r
    return {'resource_changes': changes, 'planned_values': planned}


def plan_differences(ours, ref):
    out = []
    diff(provider_view(ours), provider_view(ref), 'plan', out)
    return out


@pytest.fixture(scope='module')
def hashicorp_plan(tmp_path_factory):
    _require('hashicorp')
    output, plan = make_plan(tmp_path_factory.mktemp('parity-hashicorp'), 'hashicorp')
    assert PLAN_LINE in output, output[-3000:]
    return plan


def test_stored_reference_is_current(hashicorp_plan):
    """The stored reference documents the expected plan; it must still be
    what hashicorp/aws plans for the fixture."""
    with open(os.path.join(FIXTURE, 'hashicorp_plan.json')) as f:
        stored = json.load(f)
    differences = plan_differences(stored, hashicorp_plan)
    for d in differences:
        print(d)
    assert differences == []


def test_plan_matches_hashicorp(tmp_path, hashicorp_plan):
    _require('ours')
    output, ours = make_plan(tmp_path, 'ours')
    assert PLAN_LINE in output, output[-3000:]
    differences = plan_differences(ours, hashicorp_plan)
    print('plan differences: %d' % len(differences))
    for d in differences:
        print('  ' + d)
    assert len(differences) == 0


@pytest.fixture(scope='module')
def update_state(tmp_path_factory):
    """The state the update variants are planned against."""
    _require('hashicorp')
    root = tmp_path_factory.mktemp('parity-update-base')
    _, plan = make_plan(root, 'hashicorp', {'main.tf': UPDATE_PROVIDER + UPDATE_BASE})
    wd = Workdir(str(root), 'hashicorp', {})
    schemas = json.loads(wd.run('providers', 'schema', '-json').stdout)
    schemas = schemas['provider_schemas']['registry.terraform.io/hashicorp/aws']
    state = state_from_create_plan(plan, schemas['resource_schemas'])
    # The state must describe the base configuration exactly.
    out, _ = make_plan(tmp_path_factory.mktemp('parity-update-check'), 'hashicorp',
                       {'main.tf': UPDATE_PROVIDER + UPDATE_BASE}, state)
    assert 'No changes.' in out, out[-3000:]
    return state


@pytest.mark.parametrize('variant', sorted(UPDATE_VARIANTS))
def test_update_plan_matches_hashicorp(tmp_path, update_state, variant):
    _require('ours')
    config = UPDATE_BASE
    for old, new in UPDATE_VARIANTS[variant][0]:
        assert old in config, old
        config = config.replace(old, new)
    files = {'main.tf': UPDATE_PROVIDER + config}
    _, ref = make_plan(tmp_path / 'ref', 'hashicorp', files, update_state)
    _, ours = make_plan(tmp_path / 'ours', 'ours', files, update_state)
    differences = plan_differences(ours, ref)
    print('%s (%s): %d plan differences' % (variant, UPDATE_VARIANTS[variant][1],
                                            len(differences)))
    for d in differences:
        print('  ' + d)
    assert len(differences) == 0


def test_diff_reports_paths():
    """The comparison itself must see differences and name where they are."""
    ref = {'resource_changes': [{'address': 'aws_vpc.a', 'change': {
        'actions': ['create'], 'before': None, 'after': {'cidr_block': '10.0.0.0/16',
                                                         'tags': {'Name': 'a'}},
        'after_unknown': {'id': True}, 'after_sensitive': {},
        'replace_paths': [['b'], ['a']]}}], 'planned_values': {}}
    same = json.loads(json.dumps(ref))
    same['resource_changes'][0]['change']['replace_paths'] = [['a'], ['b']]
    assert plan_differences(same, ref) == []
    other = json.loads(json.dumps(ref))
    other['resource_changes'][0]['change']['after']['tags']['Name'] = 'b'
    del other['resource_changes'][0]['change']['after_unknown']['id']
    got = plan_differences(other, ref)
    assert len(got) == 2
    assert any('aws_vpc.a.after.tags.Name: ours "b", hashicorp "a"' in d for d in got)
    assert any('aws_vpc.a.after_unknown.id: missing in ours' in d for d in got)

"""Plan parity: planning the seed deployment with our provider must give the
plan hashicorp/aws 5.100.0 gives, value for value and unknown for unknown.

fixtures/seed17/main.tf holds the seed deployment's 17 resources with
literal availability zones, no data sources and a provider block that
needs no AWS account, so both plans are made offline.  The reference plan
is made afresh by the real hashicorp/aws in every run (the stored
fixtures/seed17/hashicorp_plan.json is only checked for being current).

Environment: TFP_PROVIDER_BIN (our binary, default <repo>/build/
terraform-provider-aws), TFP_TF_PLUGINS (the mirror holding hashicorp/aws,
default /opt/tf-plugins).  Run with /usr/bin/python3 -m pytest.
"""
import json
import os
import shutil

import pytest

from ourprovider import Workdir, plugins_dir, provider_bin

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, 'fixtures', 'seed17')
PLAN_LINE = 'Plan: 17 to add, 0 to change, 0 to destroy.'
# The parts of a resource change that the provider decides.
CHANGE_KEYS = ('actions', 'before', 'after', 'after_unknown', 'after_sensitive',
               'replace_paths')


def _require(which):
    if shutil.which('terraform') is None:
        pytest.skip('terraform is not on PATH')
    if which == 'hashicorp' and not os.path.isdir(
            os.path.join(plugins_dir(), 'registry.terraform.io', 'hashicorp', 'aws')):
        pytest.skip('no hashicorp/aws in %s' % plugins_dir())
    if which == 'ours' and not os.path.isfile(provider_bin()):
        pytest.skip('our provider is not built: %s' % provider_bin())


def make_plan(root, which):
    """Plans the fixture with one provider; returns (plan output, show -json)."""
    with open(os.path.join(FIXTURE, 'main.tf')) as f:
        files = {'main.tf': f.read()}
    wd = Workdir(str(root), which, files)
    p = wd.run('plan', '-input=false', '-no-color', '-out=tfplan')
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

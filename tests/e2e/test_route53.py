"""Route 53 end to end: aws_route53_zone, aws_route53_record and data
aws_route53_zone, as the acm module (v4.5.0) and the alb module's
complete-nlb example use them: a zone we make (comment, tags,
force_destroy), a public zone seeded in the emulator found by name (with a
trailing dot) like complete-nlb's `data "aws_route53_zone"`, an A record
named relative to the zone, a TXT record written in capitals with a
trailing dot (normalised, values quoted on the wire), a validation-style
CNAME with allow_overwrite in the seeded zone, an alias record and a
weighted record with a set identifier.

  * ours: apply (what Route 53 holds), clean re-plan, an in-place update
    (TTL, values, zone comment and tags), drift (a record's values changed
    behind Terraform's back: planned back), import of a record with an
    import block and a clean plan after, a bad record type refused at the
    attribute, destroy leaving only the seeded zone.
  * parity: the same configuration planned and applied with hashicorp/aws
    5.100.0 against a fresh emulator gives the same plan and state, and the
    same plan of the update.
  * examples/aws_route53_zone applies, re-plans clean and destroys to
    nothing.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \\
     /usr/bin/python3 -m pytest tests/e2e/test_route53.py
"""
import json
import os
import urllib.request

import netkit
from netkit import NetEnv, netenv  # noqa: F401  (fixture)

RECORDS = ('aws_route53_record.www', 'aws_route53_record.txt', 'aws_route53_record.validation',
           'aws_route53_record.alias', 'aws_route53_record.weighted')
SEEDED = 'seeded.example'


def config(ttl=300, values='["10.0.0.1", "10.0.0.2"]', comment='zone one', tag='a', extra='',
           set_id='one'):
    return '''
resource "aws_route53_zone" "main" {
  name          = "example.test."
  comment       = "%(comment)s"
  force_destroy = true
  tags = {
    Name = "zone-%(tag)s"
  }
}

data "aws_route53_zone" "seeded" {
  name         = "%(seeded)s."
  private_zone = false
}

resource "aws_route53_record" "www" {
  zone_id = aws_route53_zone.main.zone_id
  name    = "www"
  type    = "A"
  ttl     = %(ttl)d
  records = %(values)s
}

resource "aws_route53_record" "txt" {
  zone_id         = aws_route53_zone.main.zone_id
  name            = "TXT.Example.Test."
  type            = "TXT"
  ttl             = 60
  records         = ["v=spf1 -all"]
  allow_overwrite = true
}

resource "aws_route53_record" "validation" {
  zone_id         = data.aws_route53_zone.seeded.zone_id
  name            = "_a1b2c3.%(seeded)s."
  type            = "CNAME"
  ttl             = 60
  records         = ["_x9y8.acm-validations.aws."]
  allow_overwrite = true
}

resource "aws_route53_record" "alias" {
  zone_id = aws_route53_zone.main.zone_id
  name    = "apex-alias"
  type    = "A"
  alias {
    name                   = "WWW.example.test."
    zone_id                = aws_route53_zone.main.zone_id
    evaluate_target_health = false
  }
}

resource "aws_route53_record" "weighted" {
  zone_id        = aws_route53_zone.main.zone_id
  name           = "w.example.test"
  type           = "A"
  ttl            = 60
  records        = ["10.0.0.9"]
  set_identifier = "%(set_id)s"
  weighted_routing_policy {
    weight = 10
  }
}

resource "aws_vpc" "v" {
  cidr_block = "10.50.0.0/16"
}

resource "aws_route53_zone" "private" {
  name = "internal.test"
  vpc {
    vpc_id = aws_vpc.v.id
  }
}

data "aws_route53_zone" "private" {
  name       = "internal.test"
  vpc_id     = aws_vpc.v.id
  depends_on = [aws_route53_zone.private]
}

data "aws_route53_zone" "by_id" {
  zone_id = aws_route53_zone.main.zone_id
}

output "other_zones" {
  value = {
    private = { for k, v in data.aws_route53_zone.private : k => v if k != "resource_record_set_count" }
    by_id   = { for k, v in data.aws_route53_zone.by_id : k => v if k != "resource_record_set_count" }
  }
}

output "seeded_zone" {
  # all but the record count, which the validation record changes
  value = { for k, v in data.aws_route53_zone.seeded : k => v if k != "resource_record_set_count" }
}
%(extra)s''' % dict(ttl=ttl, values=values, comment=comment, tag=tag, extra=extra,
                    seeded=SEEDED, set_id=set_id)


CONFIG = config()
UPDATED = config(ttl=120, values='["10.0.0.3"]', comment='zone two', tag='b', set_id='two')

BAD = '''
resource "aws_route53_record" "bad" {
  zone_id = "Z0000000000000000000"
  name    = "bad"
  type    = "BOGUS"
  ttl     = 60
  records = ["1.2.3.4"]
}
'''


def hook(env, action, body):
    req = urllib.request.Request(env.emu.url + '/__emulator/service/route53/' + action,
                                 data=json.dumps(body).encode(), method='POST')
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


def prepared(tmp_path, which):
    env = NetEnv(tmp_path / which)
    seeded = hook(env, 'seed-zone', {'name': SEEDED})
    # our waiter must see PENDING before INSYNC; hashicorp's waits 10-30 s anyway
    hook(env, 'settings', {'pending_polls': 1 if which == 'ours' else 0})
    return env, seeded, env.terraform(which, CONFIG)


def plan_json(tf):
    tf.run('plan', '-input=false', '-out=plan.bin')
    shown = json.loads(tf.run('show', '-json', 'plan.bin').stdout)
    return {c['address']: c['change'] for c in shown['resource_changes']}


def zones(env):
    return {z['name']: z for z in hook(env, 'zones', {})['zones']}


def comparable(x, ids):
    def norm(y):
        if isinstance(y, dict):
            return {k: norm(v) for k, v in y.items() if k not in ('caller_reference',)}
        if isinstance(y, list):
            return sorted((norm(v) for v in y), key=json.dumps)
        if isinstance(y, str):
            for real, name in ids.items():
                y = y.replace(real, name)
            if y.startswith('ns-'):
                return '<ns>'
            return y
        return y
    return norm(x)


def ids_of(res, seeded):
    out = {seeded['zone_id']: '<seeded>'}
    if res:
        out[res['aws_route53_zone.main']['zone_id']] = '<zone>'
        out[res['aws_route53_zone.private']['zone_id']] = '<private>'
        out[res['aws_vpc.v']['id']] = '<vpc>'
    return out


def route53_only(res):
    return {k: v for k, v in res.items() if 'route53' in k}


def check_applied(env, seeded, res):
    z = res['aws_route53_zone.main']
    assert z['name'] == 'example.test' and z['id'] == z['zone_id']
    assert z['arn'] == 'arn:aws:route53:::hostedzone/%s' % z['id']
    assert z['comment'] == 'zone one' and z['tags'] == {'Name': 'zone-a'}
    assert len(z['name_servers']) == 4 and z['primary_name_server'] in z['name_servers']
    held = zones(env)['example.test.']
    assert held['tags'] == {'Name': 'zone-a'}
    recs = {(r['Name'], r['Type'], r.get('SetIdentifier', '')): r for r in held['records']}
    www = recs[('www.example.test.', 'A', '')]
    assert www['TTL'] == 300 and sorted(v['Value'] for v in www['ResourceRecords']) == [
        '10.0.0.1', '10.0.0.2']
    assert recs[('txt.example.test.', 'TXT', '')]['ResourceRecords'] == [{'Value': '"v=spf1 -all"'}]
    assert recs[('apex-alias.example.test.', 'A', '')]['AliasTarget']['DNSName'] == \
        'www.example.test.'
    assert recs[('w.example.test.', 'A', 'one')]['Weight'] == 10
    w = res['aws_route53_record.www']
    assert w['id'] == '%s_www_A' % z['id'] and w['fqdn'] == 'www.example.test'
    t = res['aws_route53_record.txt']
    assert t['name'] == 'txt.example.test' and t['records'] == ['v=spf1 -all']
    # the id has the name as configured, lower-cased (trailing dot kept)
    assert t['id'] == '%s_txt.example.test._TXT' % z['id']
    assert res['aws_route53_record.weighted']['id'] == '%s_w.example.test_A_one' % z['id']
    v = res['aws_route53_record.validation']
    assert v['zone_id'] == seeded['zone_id'] and v['name'] == '_a1b2c3.seeded.example'
    seeded_zone = zones(env)['seeded.example.']
    assert any(r['Name'] == '_a1b2c3.seeded.example.' and r['Type'] == 'CNAME'
               for r in seeded_zone['records'])


def test_route53_lifecycle_and_parity(tmp_path):
    netkit.require('ours')
    envs = []
    try:
        env, seeded, tf = prepared(tmp_path, 'ours')
        envs.append(env)
        ours_plan = plan_json(tf)
        assert ours_plan['aws_route53_record.txt']['after']['name'] == 'txt.example.test'
        tf.apply()
        res = tf.resources()
        check_applied(env, seeded, res)
        outputs = json.loads(tf.run('output', '-json').stdout)
        ds = outputs['seeded_zone']['value']
        assert ds['zone_id'] == seeded['zone_id'] and ds['name'] == 'seeded.example'
        assert ds['private_zone'] is False and len(ds['name_servers']) == 4
        other = outputs['other_zones']['value']
        priv = res['aws_route53_zone.private']
        assert other['private']['zone_id'] == priv['zone_id'] and other['private']['private_zone']
        assert other['private']['vpc_id'] == res['aws_vpc.v']['id']
        assert sorted(other['private']['name_servers']) == sorted(priv['name_servers'])
        assert priv['vpc'] == [{'vpc_id': res['aws_vpc.v']['id'], 'vpc_region': 'us-east-1'}]
        assert other['by_id']['name'] == 'example.test' and other['by_id']['comment'] == 'zone one'
        assert other['by_id']['tags'] == {'Name': 'zone-a'}
        tf.assert_clean()

        ref_update = None
        if netkit.tfharness.hashicorp_missing() is None:
            ref_env, ref_seeded, ref = prepared(tmp_path, 'hashicorp')
            envs.append(ref_env)
            ref_plan = plan_json(ref)
            problems = netkit.diff(comparable(ours_plan, ids_of(None, seeded)),
                                   comparable(ref_plan, ids_of(None, ref_seeded)))
            assert not problems, '\n'.join(problems)
            ref.apply()
            ref_res = ref.resources()
            check_applied(ref_env, ref_seeded, ref_res)
            problems = netkit.diff(comparable(route53_only(res), ids_of(res, seeded)),
                                   comparable(route53_only(ref_res), ids_of(ref_res, ref_seeded)))
            assert not problems, '\n'.join(problems)
            ref_outputs = json.loads(ref.run('output', '-json').stdout)
            for name in ('seeded_zone', 'other_zones'):
                problems = netkit.diff(
                    comparable(outputs[name]['value'], ids_of(res, seeded)),
                    comparable(ref_outputs[name]['value'], ids_of(ref_res, ref_seeded)))
                assert not problems, '\n'.join(problems)
            ref.assert_clean()
            ref.write(UPDATED)
            ref_update = (plan_json(ref), ids_of(ref_res, ref_seeded))
            # no hashicorp/aws destroy: its change waits sleep 10-30 s each, and the
            # emulator is thrown away (ours destroys to nothing below)

        # in-place update: TTL and values, zone comment and tags
        tf.write(UPDATED)
        plan = plan_json(tf)
        if ref_update:
            problems = netkit.diff(comparable(route53_only(plan), ids_of(res, seeded)),
                                   comparable(route53_only(ref_update[0]), ref_update[1]))
            assert not problems, '\n'.join(problems)
        assert plan['aws_route53_record.www']['actions'] == ['update']
        assert plan['aws_route53_zone.main']['actions'] == ['update']
        # a new set identifier: one batch deleting the old set and creating the new
        assert plan['aws_route53_record.weighted']['actions'] == ['update']
        tf.apply()
        held = zones(env)['example.test.']
        www = [r for r in held['records'] if r['Name'] == 'www.example.test.'][0]
        assert www['TTL'] == 120 and www['ResourceRecords'] == [{'Value': '10.0.0.3'}]
        assert held['tags'] == {'Name': 'zone-b'}
        assert tf.resources()['aws_route53_zone.main']['comment'] == 'zone two'
        assert [r.get('SetIdentifier') for r in held['records']
                if r['Name'] == 'w.example.test.'] == ['two']
        assert tf.resources()['aws_route53_record.weighted']['id'].endswith('_A_two')
        tf.assert_clean()

        # drift: the record's values changed behind Terraform's back
        zid = tf.resources()['aws_route53_zone.main']['zone_id']
        hook(env, 'set-record', {'zone_id': zid, 'name': 'www.example.test', 'type': 'A',
                                 'ttl': 120, 'values': ['10.9.9.9']})
        code, out = tf.plan()
        assert code == 2 and '10.9.9.9' in out, out
        tf.apply()
        www = [r for r in zones(env)['example.test.']['records']
               if r['Name'] == 'www.example.test.'][0]
        assert www['ResourceRecords'] == [{'Value': '10.0.0.3'}]
        # a record deleted behind Terraform's back is planned again
        hook(env, 'set-record', {'zone_id': zid, 'name': 'w.example.test', 'type': 'A',
                                 'set_identifier': 'two', 'delete': True})
        code, out = tf.plan()
        assert code == 2 and 'aws_route53_record.weighted will be created' in out, out
        tf.apply()
        tf.assert_clean()

        # import with an import block: nothing to change after
        rid = tf.resources()['aws_route53_record.www']['id']
        tf.state_rm('aws_route53_record.www', 'aws_route53_zone.main')
        tf.write(config(ttl=120, values='["10.0.0.3"]', comment='zone two', tag='b', set_id='two',
                        extra='import {\n  to = aws_route53_record.www\n  id = "%s"\n}\n'
                              'import {\n  to = aws_route53_zone.main\n  id = "%s"\n}\n'
                              % (rid, zid)))
        out = tf.run('apply', '-input=false', '-auto-approve').stdout
        # force_destroy is not read back: set on the imported zone, as hashicorp/aws does
        assert 'Resources: 2 imported, 0 added, 1 changed, 0 destroyed' in out, out
        tf.assert_clean()

        bad = env.terraform('ours', BAD, name='bad')
        p = bad.run('validate', ok=(1,))
        msg = ' '.join(p.stderr.split())
        assert 'Invalid value for "type"' in msg or ('expected type to be one of' in msg), \
            p.stderr
        assert 'BOGUS' in msg, p.stderr
        # a zone that is not there: the data source's error at plan
        bad.write('data "aws_route53_zone" "none" {\n  name = "nowhere.example"\n}\n')
        p = bad.run('plan', '-input=false', ok=(1,))
        assert 'no matching Route 53 Hosted Zone found' in ' '.join(p.stderr.split()), p.stderr

        tf.destroy()
        left = zones(env)
        assert list(left) == ['seeded.example.'], left
        assert [r['Type'] for r in left['seeded.example.']['records']] == ['NS', 'SOA']
    finally:
        for e in envs:
            e.close()


def test_example(netenv):
    """examples/aws_route53_zone applies, re-plans clean and destroys to nothing."""
    path = os.path.join(netkit.tfharness.REPO, 'examples', 'aws_route53_zone')
    assert os.path.isfile(os.path.join(path, 'README.md'))
    with open(os.path.join(path, 'main.tf')) as f:
        text = f.read()
    tf = netenv.terraform('ours', text, provider_block=False)
    tf.apply()
    listed = tf.run('state', 'list').stdout.split()
    for a in ('aws_route53_zone.example', 'aws_route53_record.www', 'aws_route53_record.spf',
              'aws_route53_record.app', 'data.aws_route53_zone.by_name'):
        assert a in listed, listed
    out = json.loads(tf.run('output', '-json').stdout)
    assert len(out['name_servers']['value']) == 4
    tf.assert_clean()
    tf.destroy()
    netenv.assert_empty()


FAULTS_TF = '''
resource "aws_route53_zone" "z" {
  name = "faults.test"
}

resource "aws_route53_record" "r" {
  zone_id = aws_route53_zone.z.zone_id
  name    = "a"
  type    = "A"
  ttl     = 60
  records = ["10.1.1.1"]
}
'''


def faults(env, cfg):
    req = urllib.request.Request(env.emu.url + '/__emulator/faults', data=json.dumps(cfg).encode(),
                                 method='POST')
    urllib.request.urlopen(req, timeout=10).read()


def test_creates_that_act_then_fail(netenv):
    """CreateHostedZone and a record CREATE that act and then answer 500:
    create_once finds the zone by its CallerReference and the record set by
    its values, so the apply succeeds with one zone and one record."""
    tf = netenv.terraform('ours', FAULTS_TF)
    faults(netenv, {'error500_after': 1.0,
                    'operations': ['CreateHostedZone', 'ChangeResourceRecordSets']})
    tf.apply()
    faults(netenv, {'error500_after': 0.0, 'operations': None})
    res = tf.resources()
    held = zones(netenv)
    assert list(held) == ['faults.test.'], held
    assert held['faults.test.']['zone_id'] == res['aws_route53_zone.z']['id']
    assert [r['Name'] for r in held['faults.test.']['records']
            if r['Type'] == 'A'] == ['a.faults.test.']
    with urllib.request.urlopen(netenv.emu.url + '/__emulator/objects', timeout=10) as r:
        objects = json.loads(r.read())
    assert objects['route53/hosted_zones']['ever'] == 1, objects
    # both creates did fail after acting (and were not simply repeated)
    with urllib.request.urlopen(netenv.emu.url + '/__emulator/calls', timeout=10) as r:
        calls = json.loads(r.read())
    for op in ('CreateHostedZone', 'ChangeResourceRecordSets'):
        mine = [c['status'] for c in calls if c['operation'] == op]
        assert mine and mine[0] == 500, (op, mine)
    assert [c['status'] for c in calls if c['operation'] == 'CreateHostedZone'] == [500]
    tf.assert_clean()
    tf.destroy()
    netenv.assert_empty()

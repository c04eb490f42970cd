"""Route 53 (REST-XML) over the wire: routing by method and URI, input from
URI/query/XML checked against the model, zones, record set batches and
their errors, Route 53's listing order and paging, changes, tags, seeding
and the record lookup other services use."""

import os
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pytest

import sigv4
import svc_route53

AK = 'AKIATESTR53000000001'
SK = 'test/route53/secret'
NS = 'https://route53.amazonaws.com/doc/2013-04-01/'


@pytest.fixture
def r(running):
    running[0].reset()
    return Rest(running[1])


class Rest:
    def __init__(self, base):
        self.base = base

    def call(self, method, path, query=None, body=None, sign=True, region='us-east-1'):
        url = self.base + path + ('?' + urllib.parse.urlencode(query) if query else '')
        data = body.encode() if isinstance(body, str) else body
        headers = {'Content-Type': 'application/xml'} if data else {}
        if sign:
            headers = sigv4.sign(method, url, headers, data or b'', AK, SK, region, 'route53')
        req = urllib.request.Request(url, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                status, hdrs, out = resp.status, dict(resp.headers), resp.read()
        except urllib.error.HTTPError as e:
            status, hdrs, out = e.code, dict(e.headers), e.read()
        doc = ET.fromstring(out) if out.strip() else None
        return status, hdrs, doc

    def ok(self, *a, **kw):
        status, hdrs, doc = self.call(*a, **kw)
        assert status < 300, ET.tostring(doc) if doc is not None else status
        return doc

    def err(self, *a, **kw):
        status, _, doc = self.call(*a, **kw)
        assert status >= 400
        code = doc.find('.//{*}Code')
        msgs = [m.text for m in doc.iter('{%s}Message' % NS)]
        return status, (code.text if code is not None else doc.tag.split('}')[-1]), msgs


def t(doc, path):
    el = doc.find(path.replace('/', '/{%s}' % NS).join(['{%s}' % NS, '']) if path else path)
    return el.text if el is not None else None


def find(doc, path):
    return doc.find('/'.join('{%s}%s' % (NS, p) for p in path.split('/')))


def findall(doc, path):
    return doc.findall('/'.join('{%s}%s' % (NS, p) for p in path.split('/')))


def create_zone(r, name, ref, comment='c', vpc=None):
    body = ('<CreateHostedZoneRequest xmlns="%s"><Name>%s</Name><CallerReference>%s'
            '</CallerReference><HostedZoneConfig><Comment>%s</Comment></HostedZoneConfig>%s'
            '</CreateHostedZoneRequest>' % (NS, name, ref, comment, vpc or ''))
    status, hdrs, doc = r.call('POST', '/2013-04-01/hostedzone', body=body)
    assert status == 201, ET.tostring(doc)
    zid = find(doc, 'HostedZone/Id').text
    assert hdrs['Location'].endswith(zid.split('/')[-1])
    return zid.split('/')[-1], doc


def change(r, zid, *changes):
    parts = []
    for action, name, rtype, ttl, values in changes:
        rrs = ''.join('<ResourceRecord><Value>%s</Value></ResourceRecord>' % v for v in values)
        parts.append('<Change><Action>%s</Action><ResourceRecordSet><Name>%s</Name>'
                     '<Type>%s</Type>%s%s</ResourceRecordSet></Change>'
                     % (action, name, rtype, '<TTL>%d</TTL>' % ttl if ttl is not None else '',
                        '<ResourceRecords>%s</ResourceRecords>' % rrs if values else ''))
    body = ('<ChangeResourceRecordSetsRequest xmlns="%s"><ChangeBatch><Comment>x</Comment>'
            '<Changes>%s</Changes></ChangeBatch></ChangeResourceRecordSetsRequest>'
            % (NS, ''.join(parts)))
    return r.call('POST', '/2013-04-01/hostedzone/%s/rrset/' % zid, body=body)


def test_zone_lifecycle(r):
    zid, doc = create_zone(r, 'Example.COM', 'ref-1', 'hello')
    assert zid.startswith('Z') and len(zid) == 21
    assert find(doc, 'HostedZone/Name').text == 'example.com.'
    assert find(doc, 'ChangeInfo/Status').text == 'PENDING'
    assert len(findall(doc, 'DelegationSet/NameServers/NameServer')) == 4
    # the same caller reference again: refused
    body = ('<CreateHostedZoneRequest xmlns="%s"><Name>other.com</Name><CallerReference>ref-1'
            '</CallerReference></CreateHostedZoneRequest>' % NS)
    assert r.err('POST', '/2013-04-01/hostedzone', body=body)[:2] == (409, 'HostedZoneAlreadyExists')
    got = r.ok('GET', '/2013-04-01/hostedzone/%s' % zid)
    assert find(got, 'HostedZone/Config/Comment').text == 'hello'
    assert find(got, 'HostedZone/Config/PrivateZone').text == 'false'
    assert find(got, 'HostedZone/ResourceRecordSetCount').text == '2'
    # the SDK's /hostedzone/ prefix in the label is accepted too
    r.ok('GET', '/2013-04-01/hostedzone/%s' % urllib.parse.quote('/hostedzone/' + zid, safe=''))
    # comment update
    r.ok('POST', '/2013-04-01/hostedzone/%s' % zid,
         body='<UpdateHostedZoneCommentRequest xmlns="%s"><Comment>new</Comment>'
              '</UpdateHostedZoneCommentRequest>' % NS)
    assert find(r.ok('GET', '/2013-04-01/hostedzone/%s' % zid),
                'HostedZone/Config/Comment').text == 'new'
    # DNSSEC: not signing
    assert find(r.ok('GET', '/2013-04-01/hostedzone/%s/dnssec' % zid),
                'Status/ServeSignature').text == 'NOT_SIGNING'
    # not empty -> refused; emptied -> deleted
    change(r, zid, ('CREATE', 'www.example.com', 'A', 60, ['10.0.0.1']))
    assert r.err('DELETE', '/2013-04-01/hostedzone/%s' % zid)[1] == 'HostedZoneNotEmpty'
    change(r, zid, ('DELETE', 'www.example.com', 'A', 60, ['10.0.0.1']))
    r.ok('DELETE', '/2013-04-01/hostedzone/%s' % zid)
    assert r.err('GET', '/2013-04-01/hostedzone/%s' % zid)[:2] == (404, 'NoSuchHostedZone')


def test_routing_and_validation(r):
    # unknown path, wrong method, unsigned, missing member, bad enum
    assert r.call('GET', '/2013-04-01/nothing-here')[0] == 404
    assert r.call('PUT', '/2013-04-01/hostedzone')[0] == 405
    assert r.call('GET', '/2013-04-01/hostedzone', sign=False)[0] in (400, 403)
    body = '<CreateHostedZoneRequest xmlns="%s"><Name>a.com</Name></CreateHostedZoneRequest>' % NS
    status, code, _ = r.err('POST', '/2013-04-01/hostedzone', body=body)
    assert (status, code) == (400, 'InvalidInput')
    zid, _ = create_zone(r, 'a.com', 'r-a')
    status, code, _ = change(r, zid, ('CREATE', 'x.a.com', 'BOGUS', 60, ['1']))[0], \
        None, None
    assert status == 400
    # a member the model does not have
    body = ('<CreateHostedZoneRequest xmlns="%s"><Name>b.com</Name><CallerReference>r'
            '</CallerReference><Bogus>1</Bogus></CreateHostedZoneRequest>' % NS)
    assert r.err('POST', '/2013-04-01/hostedzone', body=body)[1] == 'InvalidInput'
    # maxitems must be an integer
    assert r.err('GET', '/2013-04-01/hostedzone', query={'maxitems': 'x'})[1] == 'InvalidInput'


def test_record_batches(r):
    zid, _ = create_zone(r, 'example.org', 'r-1')
    s, _, doc = change(r, zid, ('CREATE', 'www.example.org', 'A', 300, ['10.0.0.1', '10.0.0.2']),
                       ('CREATE', 'txt.example.org.', 'TXT', 60, ['"v=1"']))
    assert s == 200 and find(doc, 'ChangeInfo/Status').text == 'PENDING'
    cid = find(doc, 'ChangeInfo/Id').text.split('/')[-1]
    assert find(r.ok('GET', '/2013-04-01/change/%s' % cid), 'ChangeInfo/Status').text == 'INSYNC'
    # CREATE of an existing set, DELETE of a missing one, outside the zone, no TTL,
    # unquoted TXT, CNAME beside A: InvalidChangeBatch with AWS's messages, nothing applied
    s, code, msgs = r.err('POST', '/2013-04-01/hostedzone/%s/rrset/' % zid, body=(
        '<ChangeResourceRecordSetsRequest xmlns="%s"><ChangeBatch><Changes>'
        '<Change><Action>CREATE</Action><ResourceRecordSet><Name>new.example.org</Name>'
        '<Type>A</Type><TTL>5</TTL><ResourceRecords><ResourceRecord><Value>10.1.1.1</Value>'
        '</ResourceRecord></ResourceRecords></ResourceRecordSet></Change>'
        '<Change><Action>CREATE</Action><ResourceRecordSet><Name>www.example.org</Name>'
        '<Type>A</Type><TTL>5</TTL><ResourceRecords><ResourceRecord><Value>10.1.1.1</Value>'
        '</ResourceRecord></ResourceRecords></ResourceRecordSet></Change>'
        '</Changes></ChangeBatch></ChangeResourceRecordSetsRequest>' % NS))
    assert (s, code) == (400, 'InvalidChangeBatch')
    assert msgs == ["Tried to create resource record set [name='www.example.org.', type='A'] "
                    "but it already exists"]
    assert change(r, zid, ('DELETE', 'nope.example.org', 'A', 60, ['10.0.0.1']))[0] == 400
    assert change(r, zid, ('CREATE', 'www.example.com', 'A', 60, ['10.0.0.1']))[0] == 400
    assert change(r, zid, ('CREATE', 'nottl.example.org', 'A', None, ['10.0.0.1']))[0] == 400
    assert change(r, zid, ('CREATE', 't2.example.org', 'TXT', 60, ['unquoted']))[0] == 400
    assert change(r, zid, ('CREATE', 'www.example.org', 'CNAME', 60, ['x.example.org']))[0] == 400
    assert change(r, zid, ('DELETE', 'www.example.org', 'A', 60, ['10.0.0.9']))[0] == 400
    # UPSERT replaces
    assert change(r, zid, ('UPSERT', 'WWW.example.org', 'A', 30, ['10.0.0.3']))[0] == 200
    lst = r.ok('GET', '/2013-04-01/hostedzone/%s/rrset' % zid)
    names = [(find(x, 'Name').text, find(x, 'Type').text)
             for x in findall(lst, 'ResourceRecordSets/ResourceRecordSet')]
    assert names == [('example.org.', 'NS'), ('example.org.', 'SOA'), ('txt.example.org.', 'TXT'),
                     ('www.example.org.', 'A')]
    www = findall(lst, 'ResourceRecordSets/ResourceRecordSet')[3]
    assert find(www, 'TTL').text == '30'
    assert [v.text for v in www.iter('{%s}Value' % NS)] == ['10.0.0.3']
    assert r.ok('GET', '/2013-04-01/hostedzone/%s/rrset' % zid, query={
        'name': 'www.example.org.', 'type': 'A', 'maxitems': '1'}) is not None
    one = r.ok('GET', '/2013-04-01/hostedzone/%s/rrset' % zid,
               query={'name': 'txt.example.org', 'type': 'TXT', 'maxitems': '1'})
    assert find(one, 'IsTruncated').text == 'true'
    assert find(one, 'NextRecordName').text == 'www.example.org.'
    assert find(one, 'NextRecordType').text == 'A'
    # wildcard names come back escaped, as Route 53 writes them
    assert change(r, zid, ('CREATE', '*.example.org', 'A', 60, ['10.0.0.4']))[0] == 200
    lst = r.ok('GET', '/2013-04-01/hostedzone/%s/rrset' % zid)
    assert '\\052.example.org.' in [find(x, 'Name').text for x in
                                    findall(lst, 'ResourceRecordSets/ResourceRecordSet')]


def test_list_zones_and_paging(r):
    ids = [create_zone(r, n, 'ref-' + n)[0] for n in ('b.example', 'a.example', 'z.other')]
    page = r.ok('GET', '/2013-04-01/hostedzone', query={'maxitems': '2'})
    assert find(page, 'IsTruncated').text == 'true'
    marker = find(page, 'NextMarker').text
    rest = r.ok('GET', '/2013-04-01/hostedzone', query={'marker': marker})
    got = [find(z, 'Id').text for z in findall(page, 'HostedZones/HostedZone') +
           findall(rest, 'HostedZones/HostedZone')]
    assert sorted(g.split('/')[-1] for g in got) == sorted(ids)
    by = r.ok('GET', '/2013-04-01/hostedzonesbyname', query={'dnsname': 'b.example'})
    assert [find(z, 'Name').text for z in findall(by, 'HostedZones/HostedZone')] == \
        ['b.example.', 'z.other.']


def test_tags(r):
    zid, _ = create_zone(r, 'tags.example', 'r-t')
    r.ok('POST', '/2013-04-01/tags/hostedzone/%s' % zid, body=(
        '<ChangeTagsForResourceRequest xmlns="%s"><AddTags><Tag><Key>a</Key><Value>1</Value>'
        '</Tag><Tag><Key>b</Key><Value>2</Value></Tag></AddTags>'
        '</ChangeTagsForResourceRequest>' % NS))
    r.ok('POST', '/2013-04-01/tags/hostedzone/%s' % zid, body=(
        '<ChangeTagsForResourceRequest xmlns="%s"><RemoveTagKeys><Key>a</Key></RemoveTagKeys>'
        '</ChangeTagsForResourceRequest>' % NS))
    doc = r.ok('GET', '/2013-04-01/tags/hostedzone/%s' % zid)
    assert [(find(x, 'Key').text, find(x, 'Value').text)
            for x in findall(doc, 'ResourceTagSet/Tags/Tag')] == [('b', '2')]
    assert r.err('GET', '/2013-04-01/tags/hostedzone/ZNOPE')[1] == 'NoSuchHostedZone'


def test_private_zone(r, running):
    emu = running[0]
    vpc_id = emu.services['ec2'].control_ensure_default_vpc({})['VpcId']
    body = ('<CreateHostedZoneRequest xmlns="%s"><Name>p.example</Name><CallerReference>r-v'
            '</CallerReference><VPC><VPCId>vpc-nope</VPCId></VPC></CreateHostedZoneRequest>' % NS)
    assert r.err('POST', '/2013-04-01/hostedzone', body=body)[1] == 'InvalidVPCId'
    zid, doc = create_zone(r, 'internal.example', 'r-p', vpc=(
        '<VPC><VPCRegion>us-east-1</VPCRegion><VPCId>%s</VPCId></VPC>' % vpc_id))
    got = r.ok('GET', '/2013-04-01/hostedzone/%s' % zid)
    assert find(got, 'HostedZone/Config/PrivateZone').text == 'true'
    assert find(got, 'VPCs/VPC/VPCId').text == vpc_id
    assert find(got, 'DelegationSet') is None
    assert r.err('GET', '/2013-04-01/hostedzone/%s/dnssec' % zid)[1] == 'InvalidArgument'


def test_seed_hooks_and_lookup(r, running, monkeypatch):
    emu = running[0]
    svc = emu.services['route53']
    out = svc.control_seed_zone({'name': 'seeded.example'})
    assert out['created'] and out['name'] == 'seeded.example.'
    assert svc.control_seed_zone({'name': 'seeded.example.'})['zone_id'] == out['zone_id']
    change(r, out['zone_id'], ('CREATE', '_abc.seeded.example', 'CNAME', 300, ['_x.acm.aws.']))
    assert svc.find_record_values('_ABC.seeded.example.', 'CNAME') == ['_x.acm.aws.']
    assert svc.find_record_values('_abc.seeded.example', 'A') == []
    svc.control_set_record({'zone_id': out['zone_id'], 'name': '_abc.seeded.example',
                            'type': 'CNAME', 'ttl': 60, 'values': ['_y.acm.aws.']})
    assert svc.find_record_values('_abc.seeded.example', 'CNAME') == ['_y.acm.aws.']
    # the environment seeds zones at start and after a reset
    monkeypatch.setenv(svc_route53.ZONE_ENV, 'env-one.example,env-two.example')
    emu.reset()
    names = sorted(z['name'] for z in svc.control_zones({})['zones'])
    assert names == ['env-one.example.', 'env-two.example.']
    monkeypatch.delenv(svc_route53.ZONE_ENV)
    emu.reset()
    assert svc.control_zones({})['zones'] == []
    assert os.environ.get(svc_route53.ZONE_ENV) is None


def test_pending_changes(r, running):
    svc = running[0].services['route53']
    svc.control_settings({'pending_polls': 1})
    zid, doc = create_zone(r, 'slow.example', 'r-s')
    cid = find(doc, 'ChangeInfo/Id').text.split('/')[-1]
    assert find(r.ok('GET', '/2013-04-01/change/%s' % cid), 'ChangeInfo/Status').text == 'PENDING'
    assert find(r.ok('GET', '/2013-04-01/change/%s' % cid), 'ChangeInfo/Status').text == 'INSYNC'
    assert r.err('GET', '/2013-04-01/change/CNOPE')[:2] == (404, 'NoSuchChange')

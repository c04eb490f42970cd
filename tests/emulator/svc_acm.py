"""AWS Certificate Manager (json 1.1): certificates requested from Amazon
(DNS or e-mail validation) or from a private CA, their tags and options.

The one idea: a requested certificate is a promise.  RequestCertificate
answers an ARN at once; the validation records (a CNAME per domain for DNS,
contact addresses for EMAIL) appear a moment later -- here, from the second
DescribeCertificate on, so a client has to wait for them as it must with
AWS.  The certificate stays PENDING_VALIDATION until every domain is
validated, then it is ISSUED (NotBefore/NotAfter/IssuedAt set).  A DNS
domain is validated when the emulator's Route 53 holds its CNAME with the
expected value (svc_route53, when present: checked on every read); the test
hook `validate` validates every domain of a certificate (e-mail approval, or
DNS without Route 53), `auto-issue` issues every certificate on its n-th read
(for Terraform runs without Route 53), and `set-status` forces any status
(e.g. VALIDATION_TIMED_OUT, which reads as gone for Terraform).

The CNAME name and value are derived from the domain and the account, as
ACM's are stable for a domain in an account: a wildcard "*.example.com"
shares example.com's record.  The IdempotencyToken makes a repeat of the
same request within an hour answer the first one's ARN.  A certificate a
load balancer listener uses (the emulator's ELBv2) is InUseBy it, renewal
eligible, and cannot be deleted (ResourceInUseException).
"""

import datetime
import hashlib
import re
import threading
import uuid

import store
from errors import AwsError, ServiceBase

_DOMAIN_RE = re.compile(r'^(\*\.)?(((?!-)[A-Za-z0-9-]{0,62}[A-Za-z0-9])\.)+'
                        r'((?!-)[A-Za-z0-9-]{1,62}[A-Za-z0-9])$')
_ARN_RE = re.compile(r'^arn:[\w+=/,.@-]+:acm:[\w+=/,.@-]*:[0-9]+:[\w+=,.@-]+(/[\w+=,.@-]+)*$')
_TOKEN_RE = re.compile(r'^\w{1,32}$')
_MAX_TAGS = 50
_MAX_SANS = 100
_EMAIL_USERS = ('admin', 'administrator', 'hostmaster', 'postmaster', 'webmaster')
_VALIDITY = datetime.timedelta(days=395)
_TOKEN_WINDOW = datetime.timedelta(hours=1)
_FAKE_PEM = ('-----BEGIN CERTIFICATE-----\n'
             'MIIBszCCAVmgAwIBAgIUZW11bGF0b3IgY2VydGlmaWNhdGUgYm9keTAKBggqhkjOPQQD\n'
             '-----END CERTIFICATE-----\n')


def _not_found(arn):
    return AwsError('ResourceNotFoundException',
                    'Could not find certificate %s.' % arn)


def _invalid_param(msg):
    return AwsError('InvalidParameterException', msg)


def validation_record(account_id, domain):
    """The (name, value) of the CNAME that validates domain in account_id."""
    base = domain[2:] if domain.startswith('*.') else domain
    h = hashlib.sha256(('%s/%s' % (account_id, base.lower())).encode()).hexdigest()
    return ('_%s.%s.' % (h[:32], base.lower()),
            '_%s.%s.acm-validations.aws.' % (h[32:64], h[:10]))


class Service(ServiceBase):
    signing_name = 'acm'
    model_name = 'acm'

    def __init__(self, emu):
        self.emu = emu
        self._lock = threading.RLock()
        self.reset()

    def reset(self):
        with self._lock:
            self.certs = {}          # ARN -> record
            self.auto_issue = 0      # control_auto_issue: issue on a certificate's n-th read

    def snapshot(self):
        with self._lock:
            return {'certificates': sorted(self.certs)}

    # -- helpers -------------------------------------------------------------

    def _cert(self, arn):
        if not _ARN_RE.match(arn or ''):
            raise AwsError('InvalidArnException', 'The certificate ARN %s is not valid.' % arn)
        c = self.certs.get(arn)
        if c is None or self.emu.hidden(arn):
            raise _not_found(arn)
        return c

    @staticmethod
    def _check_domain(name, what='DomainName'):
        if not _DOMAIN_RE.match(name or '') or len(name) > 253:
            raise AwsError('ValidationException',
                           "1 validation error detected: Value '%s' at '%s' failed to satisfy "
                           "constraint: Member must satisfy regular expression pattern: "
                           "(\\*\\.)?(((?!-)[A-Za-z0-9-]{0,62}[A-Za-z0-9])\\.)+"
                           "((?!-)[A-Za-z0-9-]{1,62}[A-Za-z0-9])" % (name, what))

    @staticmethod
    def _check_tags(tags):
        for t in tags or []:
            if (t.get('Key') or '').lower().startswith('aws:'):
                raise AwsError('InvalidTagException',
                               'Tag key "%s" is not valid: the aws: prefix is reserved.'
                               % t['Key'])

    def _in_use_by(self, arn):
        """Load balancers whose listeners serve arn (the emulator's ELBv2)."""
        elb = self.emu.services.get('elasticloadbalancing')
        out = []
        for ls in list(getattr(elb, 'listeners', {}).values()) if elb else []:
            certs = [c.get('CertificateArn') for c in ls.get('certificates') or []]
            certs += list(ls.get('extra_certs') or [])
            if arn in certs and ls.get('lb') not in out:
                out.append(ls['lb'])
        return out

    def _dns_record_exists(self, name, value):
        """Whether Route 53 (svc_route53, when loaded) holds CNAME name -> value."""
        r53 = self.emu.services.get('route53')
        find = getattr(r53, 'find_record_values', None) if r53 else None
        if find is None:
            return False
        try:
            values = find(name, 'CNAME') or []
        except Exception:      # a store being changed under us: not yet
            return False
        want = value.rstrip('.').lower()
        return any(v.rstrip('.').lower() == want for v in values)

    def _advance(self, c):
        """A read's view of the certificate: validation records appear after
        the first read, DNS domains validate when Route 53 has their record,
        and the certificate is issued once every domain is validated."""
        if c['Type'] == 'PRIVATE' and c['Status'] == 'PENDING_VALIDATION':
            c['_reads'] += 1           # the CA signs it in a moment: issued on the 2nd read
            if c['_reads'] >= 2:
                self._issue(c)
            return
        if c['Type'] != 'AMAZON_ISSUED' or c['Status'] != 'PENDING_VALIDATION':
            return
        c['_reads'] += 1
        if self.auto_issue and c['_reads'] >= self.auto_issue:
            self._issue(c)
            return
        if not c['_seen']:
            c['_seen'] = True          # the first read: no records yet
            return
        c['_records_visible'] = True
        if c['_method'] == 'DNS':
            for d in c['_domains']:
                if d['ValidationStatus'] != 'SUCCESS' and \
                        self._dns_record_exists(*d['_record']):
                    d['ValidationStatus'] = 'SUCCESS'
        if all(d['ValidationStatus'] == 'SUCCESS' for d in c['_domains']):
            self._issue(c)

    def _issue(self, c):
        now = self.emu.now()
        now = now.replace(microsecond=now.microsecond // 1000 * 1000)
        for d in c['_domains']:
            d['ValidationStatus'] = 'SUCCESS'
        c['_records_visible'] = True
        c['Status'] = 'ISSUED'
        c['IssuedAt'] = now
        c['NotBefore'] = now.replace(microsecond=0)
        c['NotAfter'] = (now + _VALIDITY).replace(microsecond=0)
        c['Serial'] = ':'.join('%02x' % b for b in uuid.uuid4().bytes)

    def _domain_validations(self, c):
        out = []
        for d in c['_domains']:
            e = {'DomainName': d['DomainName'], 'ValidationDomain': d['ValidationDomain'],
                 'ValidationStatus': d['ValidationStatus'], 'ValidationMethod': c['_method']}
            if c['_records_visible']:
                if c['_method'] == 'DNS':
                    name, value = d['_record']
                    e['ResourceRecord'] = {'Name': name, 'Type': 'CNAME', 'Value': value}
                else:
                    e['ValidationEmails'] = ['%s@%s' % (u, d['ValidationDomain'])
                                             for u in _EMAIL_USERS]
            out.append(e)
        return out

    def _detail(self, c):
        in_use = self._in_use_by(c['CertificateArn'])
        out = {'CertificateArn': c['CertificateArn'], 'DomainName': c['DomainName'],
               'SubjectAlternativeNames': list(c['SubjectAlternativeNames']),
               'Status': c['Status'], 'Type': c['Type'],
               # DescribeCertificate writes the algorithm hyphenated ("RSA-2048")
               'KeyAlgorithm': c['KeyAlgorithm'].replace('_', '-'),
               'CreatedAt': c['CreatedAt'], 'InUseBy': in_use,
               'Subject': 'CN=%s' % c['DomainName'],
               'Issuer': 'Amazon' if c['Type'] == 'AMAZON_ISSUED' else 'Private CA',
               'SignatureAlgorithm': 'SHA256WITHRSA' if c['KeyAlgorithm'].startswith('RSA')
               else 'SHA256WITHECDSA',
               'KeyUsages': [], 'ExtendedKeyUsages': [],
               'Options': dict(c['Options']),
               # ACM renews what is in use, and private certificates it issued
               'RenewalEligibility': 'ELIGIBLE' if c['Status'] == 'ISSUED' and (
                   in_use or c['Type'] == 'PRIVATE') else 'INELIGIBLE'}
        if c['Type'] == 'AMAZON_ISSUED':
            out['DomainValidationOptions'] = self._domain_validations(c)
        if c.get('CertificateAuthorityArn'):
            out['CertificateAuthorityArn'] = c['CertificateAuthorityArn']
        if c['Status'] == 'ISSUED':
            for k in ('IssuedAt', 'ImportedAt', 'NotBefore', 'NotAfter', 'Serial'):
                if c.get(k):
                    out[k] = c[k]
            out['KeyUsages'] = [{'Name': 'DIGITAL_SIGNATURE'}, {'Name': 'KEY_ENCIPHERMENT'}]
            out['ExtendedKeyUsages'] = [
                {'Name': 'TLS_WEB_SERVER_AUTHENTICATION', 'OID': '1.3.6.1.5.5.7.3.1'},
                {'Name': 'TLS_WEB_CLIENT_AUTHENTICATION', 'OID': '1.3.6.1.5.5.7.3.2'}]
        if c['Status'] == 'FAILED':
            out['FailureReason'] = c.get('FailureReason') or 'OTHER'
        return out

    # -- certificates ----------------------------------------------------------

    def op_RequestCertificate(self, p):
        domain = p['DomainName']
        self._check_domain(domain)
        sans = p.get('SubjectAlternativeNames') or []
        for s in sans:
            self._check_domain(s, 'SubjectAlternativeNames')
        token = p.get('IdempotencyToken')
        if token is not None and not _TOKEN_RE.match(token):
            raise AwsError('ValidationException',
                           "1 validation error detected: Value '%s' at 'idempotencyToken' "
                           "failed to satisfy constraint: Member must satisfy regular "
                           "expression pattern: \\w+" % token)
        self._check_tags(p.get('Tags'))
        if len(p.get('Tags') or []) > _MAX_TAGS:
            raise AwsError('TooManyTagsException', 'the certificate would have more than '
                           '%d tags' % _MAX_TAGS)
        names = []
        for n in [domain] + list(sans):
            if n.lower() not in [x.lower() for x in names]:
                names.append(n)
        if len(names) > _MAX_SANS:
            raise AwsError('LimitExceededException', 'a certificate has at most %d names'
                           % _MAX_SANS)
        ca = p.get('CertificateAuthorityArn')
        if ca is not None and not re.match(r'^arn:[\w+=/,.@-]+:acm-pca:[\w+=/,.@-]*:[0-9]+:'
                                           r'[\w+=,.@-]+(/[\w+=,.@-]+)*$', ca):
            raise AwsError('ValidationException',
                           "1 validation error detected: Value '%s' at "
                           "'certificateAuthorityArn' failed to satisfy constraint: Member must "
                           "satisfy regular expression pattern: arn:[\\w+=/,.@-]+:acm-pca:"
                           "[\\w+=/,.@-]*:[0-9]+:[\\w+=,.@-]+(/[\\w+=,.@-]+)*" % ca)
        method = p.get('ValidationMethod') or 'EMAIL'
        if method == 'HTTP':
            raise _invalid_param('HTTP validation is only available for CloudFront '
                                 'certificates.')
        opts = p.get('DomainValidationOptions') or []
        for o in opts:
            self._check_domain(o['DomainName'], 'DomainValidationOptions.DomainName')
            if o['DomainName'].lower() not in [x.lower() for x in names]:
                raise AwsError('InvalidDomainValidationOptionsException',
                               'DomainValidationOption %s is not one of the certificate\'s '
                               'names.' % o['DomainName'])
        options = dict(p.get('Options') or {})
        options.setdefault('CertificateTransparencyLoggingPreference', 'ENABLED')
        key = (domain, tuple(names), method, ca, p.get('KeyAlgorithm') or 'RSA_2048')
        with self._lock:
            now = self.emu.now()
            if token:
                for c in self.certs.values():
                    if c['_token'] == token and c['_token_key'] == key and \
                            now - c['CreatedAt'] < _TOKEN_WINDOW:
                        return {'CertificateArn': c['CertificateArn']}
            arn = store.arn('acm', self.emu.region, self.emu.account_id,
                            'certificate/%s' % uuid.uuid4())
            vdomain = {o['DomainName'].lower(): o['ValidationDomain'] for o in opts}
            c = {'CertificateArn': arn, 'DomainName': domain, 'SubjectAlternativeNames': names,
                 'Type': 'PRIVATE' if ca else 'AMAZON_ISSUED',
                 'Status': 'PENDING_VALIDATION',
                 'KeyAlgorithm': p.get('KeyAlgorithm') or 'RSA_2048', 'CreatedAt': now,
                 'Options': options, 'Tags': list(p.get('Tags') or []),
                 'CertificateAuthorityArn': ca, '_method': method, '_token': token,
                 '_token_key': key, '_records_visible': False, '_seen': False, '_reads': 0,
                 '_domains': [{'DomainName': n,
                               'ValidationDomain': vdomain.get(n.lower(),
                                                               n[2:] if n.startswith('*.')
                                                               else n),
                               'ValidationStatus': 'PENDING_VALIDATION',
                               '_record': validation_record(self.emu.account_id, n)}
                              for n in names]}
            self.certs[arn] = c
            self.emu.note_created(arn)
            return {'CertificateArn': arn}

    # -- imported certificates ------------------------------------------------

    @staticmethod
    def _pem_blocks(data, label):
        text = data.decode('ascii', 'replace') if isinstance(data, bytes) else data
        return re.findall(r'-----BEGIN %s-----\r?\n[A-Za-z0-9+/=\r\n]+-----END %s-----'
                          % (label, label), text)

    @staticmethod
    def _decode_cert(pem):
        """The fields ssl reads from a PEM certificate (stdlib only)."""
        import os
        import ssl
        import tempfile
        fd, path = tempfile.mkstemp(suffix='.pem')
        try:
            with os.fdopen(fd, 'w') as f:
                f.write(pem + '\n')
            return ssl._ssl._test_decode_cert(path)     # pylint: disable=protected-access
        except (ssl.SSLError, ValueError):
            raise _invalid_param('The certificate field contains more than one certificate or '
                                 'is not a valid PEM certificate.')
        finally:
            os.unlink(path)

    @staticmethod
    def _key_algorithm(key_pem):
        """RSA_<bits> or EC_<curve> of a PKCS#8 (or PKCS#1/SEC1) PEM key."""
        import base64
        der = base64.b64decode(''.join(key_pem.splitlines()[1:-1]))
        curves = {b'\x06\x08\x2a\x86\x48\xce\x3d\x03\x01\x07': 'EC_prime256v1',
                  b'\x06\x05\x2b\x81\x04\x00\x22': 'EC_secp384r1',
                  b'\x06\x05\x2b\x81\x04\x00\x23': 'EC_secp521r1'}
        for oid, name in curves.items():
            if oid in der:
                return name
        # RSA: the modulus is the first big INTEGER (02 82 LL LL [00] ...)
        i = der.find(b'\x02\x82')
        while i >= 0:
            n = int.from_bytes(der[i + 2:i + 4], 'big')
            if n >= 64:
                bits = (n - (1 if der[i + 4] == 0 else 0)) * 8
                return 'RSA_%d' % bits
            i = der.find(b'\x02\x82', i + 1)
        raise _invalid_param('The private key is not supported.')

    def op_ImportCertificate(self, p):
        certs = self._pem_blocks(p['Certificate'], 'CERTIFICATE')
        keys = self._pem_blocks(p['PrivateKey'], '(?:RSA |EC )?PRIVATE KEY')
        if len(certs) != 1:
            raise _invalid_param('The certificate field contains more than one certificate or '
                                 'is not a valid PEM certificate.')
        if len(keys) != 1:
            raise _invalid_param('The private key is not a valid PEM private key.')
        if 'CertificateChain' in p and not self._pem_blocks(p['CertificateChain'], 'CERTIFICATE'):
            raise _invalid_param('The certificate chain is not a valid PEM chain.')
        info = self._decode_cert(certs[0])
        algorithm = self._key_algorithm(keys[0])
        self._check_tags(p.get('Tags'))
        cn = ''
        for rdn in info.get('subject', ()):
            for k, v in rdn:
                if k == 'commonName':
                    cn = v
        sans = [v for k, v in info.get('subjectAltName', ()) if k == 'DNS']
        parse = lambda t: datetime.datetime.strptime(t, '%b %d %H:%M:%S %Y %Z').replace(  # noqa
            tzinfo=datetime.timezone.utc)
        with self._lock:
            now = self.emu.now()
            arn = p.get('CertificateArn')
            if arn:
                c = self._cert(arn)
                if c['Type'] != 'IMPORTED':
                    raise _invalid_param('Certificate %s was not imported: it cannot be '
                                         're-imported.' % arn)
                if p.get('Tags'):
                    raise _invalid_param('Tags cannot be given when re-importing a '
                                         'certificate.')
            else:
                arn = store.arn('acm', self.emu.region, self.emu.account_id,
                                'certificate/%s' % uuid.uuid4())
                c = {'CertificateArn': arn, 'Type': 'IMPORTED', 'CreatedAt': now,
                     'Options': {'CertificateTransparencyLoggingPreference': 'ENABLED'},
                     'Tags': list(p.get('Tags') or []), 'CertificateAuthorityArn': None,
                     '_method': None, '_token': None, '_token_key': None,
                     '_records_visible': True, '_seen': True, '_reads': 0, '_domains': []}
                self.certs[arn] = c
                self.emu.note_created(arn)
            c.update({'DomainName': cn or (sans[0] if sans else ''),
                      'SubjectAlternativeNames': sans or [cn], 'Status': 'ISSUED',
                      'KeyAlgorithm': algorithm, 'ImportedAt': now, 'IssuedAt': None,
                      'NotBefore': parse(info['notBefore']),
                      'NotAfter': parse(info['notAfter']),
                      'Serial': ':'.join(info['serialNumber'][i:i + 2].lower()
                                         for i in range(0, len(info['serialNumber']), 2)),
                      '_pem': certs[0]})
            return {'CertificateArn': arn}

    def op_DescribeCertificate(self, p):
        with self._lock:
            c = self._cert(p['CertificateArn'])
            self._advance(c)
            return {'Certificate': self._detail(c)}

    def op_GetCertificate(self, p):
        with self._lock:
            c = self._cert(p['CertificateArn'])
            self._advance(c)
            if c['Status'] != 'ISSUED':
                raise AwsError('RequestInProgressException',
                               'Certificate request is in progress. The certificate %s is not '
                               'ready.' % c['CertificateArn'])
            return {'Certificate': c.get('_pem') or _FAKE_PEM}

    def op_ListCertificates(self, p):
        statuses = p.get('CertificateStatuses') or []
        # "default filtering returns only RSA_2048 certificates"
        key_types = (p.get('Includes') or {}).get('keyTypes') or ['RSA_2048']
        with self._lock:
            items = []
            for c in sorted(self.certs.values(), key=lambda c: c['CreatedAt']):
                if self.emu.hidden(c['CertificateArn']):
                    continue
                self._advance(c)
                if statuses and c['Status'] not in statuses:
                    continue
                if c['KeyAlgorithm'] not in key_types:
                    continue
                items.append(c)
            if p.get('SortOrder') == 'DESCENDING':
                items.reverse()
            size = p.get('MaxItems') or 1000
            start = int(p['NextToken']) if (p.get('NextToken') or '').isdigit() else 0
            page = items[start:start + size]
            out = {'CertificateSummaryList': [{
                'CertificateArn': c['CertificateArn'], 'DomainName': c['DomainName'],
                'SubjectAlternativeNameSummaries': list(c['SubjectAlternativeNames']),
                'HasAdditionalSubjectAlternativeNames': False, 'Status': c['Status'],
                'Type': c['Type'], 'KeyAlgorithm': c['KeyAlgorithm'],
                'InUse': bool(self._in_use_by(c['CertificateArn'])),
                'CreatedAt': c['CreatedAt']} for c in page]}
            if start + size < len(items):
                out['NextToken'] = str(start + size)
            return out

    def op_DeleteCertificate(self, p):
        with self._lock:
            c = self._cert(p['CertificateArn'])
            users = self._in_use_by(c['CertificateArn'])
            if users:
                raise AwsError('ResourceInUseException',
                               'Certificate %s in account %s is in use.'
                               % (c['CertificateArn'], self.emu.account_id))
            del self.certs[c['CertificateArn']]
        return {}

    def op_UpdateCertificateOptions(self, p):
        with self._lock:
            c = self._cert(p['CertificateArn'])
            if c['Status'] not in ('ISSUED', 'PENDING_VALIDATION'):
                raise AwsError('InvalidStateException',
                               'Certificate %s is in state %s.' % (c['CertificateArn'],
                                                                   c['Status']))
            c['Options'].update(p['Options'])
        return {}

    def op_RenewCertificate(self, p):
        with self._lock:
            c = self._cert(p['CertificateArn'])
            if c['Type'] != 'PRIVATE':
                raise AwsError('ValidationException',
                               'Only private certificates can be renewed on request.')
            self._issue(c)
        return {}

    # -- tags ------------------------------------------------------------------

    def op_AddTagsToCertificate(self, p):
        self._check_tags(p['Tags'])
        with self._lock:
            c = self._cert(p['CertificateArn'])
            tags = {t['Key']: t.get('Value', '') for t in c['Tags']}
            order = [t['Key'] for t in c['Tags']]
            for t in p['Tags']:
                if t['Key'] not in tags:
                    order.append(t['Key'])
                tags[t['Key']] = t.get('Value', '')
            if len(order) > _MAX_TAGS:
                raise AwsError('TooManyTagsException', 'the certificate would have more than '
                               '%d tags' % _MAX_TAGS)
            c['Tags'] = [{'Key': k, 'Value': tags[k]} for k in order]
        return {}

    def op_RemoveTagsFromCertificate(self, p):
        with self._lock:
            c = self._cert(p['CertificateArn'])
            # a tag given with a value is removed only when its value matches
            drop = [(t['Key'], t.get('Value')) for t in p['Tags']]
            c['Tags'] = [t for t in c['Tags']
                         if not any(k == t['Key'] and (v is None or v == t.get('Value', ''))
                                    for k, v in drop)]
        return {}

    def op_ListTagsForCertificate(self, p):
        with self._lock:
            c = self._cert(p['CertificateArn'])
            out = {}
            if c['Tags']:
                out['Tags'] = [dict(t) for t in c['Tags']]
            return out

    # -- test hooks --------------------------------------------------------------

    def control_validate(self, body):
        """{'arn': ...}: every domain validated (e-mail approved, or the DNS record
        seen), the certificate issued."""
        with self._lock:
            c = self.certs.get(body.get('arn'))
            if c is None:
                raise _not_found(body.get('arn'))
            self._issue(c)
            return {'ok': True, 'status': c['Status']}

    def control_auto_issue(self, body):
        """{'after_reads': n}: a pending certificate is issued (every domain
        validated) on its n-th read (DescribeCertificate, GetCertificate or
        ListCertificates); 0 turns it off.  The stand-in for validation
        records written to Route 53 when no Route 53 is loaded."""
        with self._lock:
            self.auto_issue = int(body.get('after_reads') or 0)
            return {'ok': True}

    def control_set_status(self, body):
        """{'arn': ..., 'status': 'VALIDATION_TIMED_OUT' | 'FAILED' | ...}."""
        with self._lock:
            c = self.certs.get(body.get('arn'))
            if c is None:
                raise _not_found(body.get('arn'))
            if body['status'] == 'ISSUED':
                self._issue(c)
            else:
                c['Status'] = body['status']
                if body.get('failure_reason'):
                    c['FailureReason'] = body['failure_reason']
            return {'ok': True}

    def control_records(self, body):
        """{'arn': ...}: the validation records, visible or not yet."""
        with self._lock:
            c = self.certs.get(body.get('arn'))
            if c is None:
                raise _not_found(body.get('arn'))
            return {'records': [{'domain': d['DomainName'], 'name': d['_record'][0],
                                 'value': d['_record'][1]} for d in c['_domains']]}

"""AWS Signature Version 4: verifying requests (and signing, for tests).

The emulator checks every signature the way AWS does, because a client whose
signatures are wrong would fail against AWS and must fail here too.  The
verifier recomputes the canonical request from what actually arrived (method,
path, query, the headers the client says it signed, payload hash), derives
the signing key from the secret it knows for the access key, and compares.

Errors are raised as SigError with a protocol-neutral `kind`; the server maps
kinds to each protocol's error code (AuthFailure for EC2,
InvalidClientTokenId for query services, UnrecognizedClientException for
json...).
"""

import datetime
import hashlib
import hmac
import re
import urllib.parse

ALGORITHM = 'AWS4-HMAC-SHA256'
MAX_SKEW = datetime.timedelta(minutes=15)


class SigError(Exception):
    """kind: missing | incomplete | unknown_key | mismatch | expired_request |
    expired_token | bad_token | bad_scope"""

    def __init__(self, kind, message):
        super().__init__(message)
        self.kind = kind
        self.message = message


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


def _hmac(key, msg):
    return hmac.new(key, msg.encode('utf-8'), hashlib.sha256).digest()


def signing_key(secret, date, region, service):
    k = _hmac(('AWS4' + secret).encode('utf-8'), date)
    k = _hmac(k, region)
    k = _hmac(k, service)
    return _hmac(k, 'aws4_request')


def _uri_encode(s, safe='-_.~'):
    return urllib.parse.quote(s, safe=safe)


def normalize_path(path):
    """Remove '.', '..' and empty segments as AWS does for non-S3 services."""
    if not path:
        return '/'
    out = []
    for seg in path.split('/'):
        if seg in ('', '.'):
            continue
        if seg == '..':
            if out:
                out.pop()
            continue
        out.append(seg)
    norm = '/' + '/'.join(out)
    if path.endswith('/') and norm != '/':
        norm += '/'
    return norm


def canonical_uri(raw_path):
    # the path is encoded once more on top of whatever the client sent
    return _uri_encode(normalize_path(raw_path), safe='/-_.~')


def canonical_query(raw_query, drop=()):
    pairs = []
    if raw_query:
        for part in raw_query.split('&'):
            if part == '':
                continue
            k, _, v = part.partition('=')
            k = urllib.parse.unquote(k)
            v = urllib.parse.unquote(v)
            if k in drop:
                continue
            pairs.append((_uri_encode(k), _uri_encode(v)))
    pairs.sort()
    return '&'.join('%s=%s' % kv for kv in pairs)


def _header_value(values):
    return ','.join(re.sub(r'\s+', ' ', v.strip()) for v in values)


def canonical_request(method, raw_path, raw_query, headers, signed, payload_hash,
                      drop_query=()):
    """headers: list of (name, value) as received; signed: lowercase names."""
    by_name = {}
    for name, value in headers:
        by_name.setdefault(name.lower(), []).append(value)
    lines = ['%s:%s' % (h, _header_value(by_name.get(h, []))) for h in signed]
    return '\n'.join([method, canonical_uri(raw_path),
                      canonical_query(raw_query, drop_query),
                      '\n'.join(lines) + '\n', ';'.join(signed), payload_hash])


def string_to_sign(amz_date, scope, creq):
    return '\n'.join([ALGORITHM, amz_date, scope, _sha256(creq.encode('utf-8'))])


def parse_amz_date(text):
    return datetime.datetime.strptime(text, '%Y%m%dT%H%M%SZ').replace(
        tzinfo=datetime.timezone.utc)


class Credential:
    """What the signer claims: access key, date, region, service."""

    def __init__(self, access_key, date, region, service):
        self.access_key = access_key
        self.date = date
        self.region = region
        self.service = service


def parse_authorization(value):
    """'AWS4-HMAC-SHA256 Credential=.., SignedHeaders=.., Signature=..' -> parts."""
    if not value.startswith(ALGORITHM + ' '):
        raise SigError('incomplete',
                       "Authorization header requires existence of either a "
                       "'X-Amz-Date' or a 'Date' header and a valid algorithm")
    fields = {}
    for part in value[len(ALGORITHM) + 1:].split(','):
        k, _, v = part.strip().partition('=')
        fields[k] = v
    missing = [k for k in ('Credential', 'SignedHeaders', 'Signature') if not fields.get(k)]
    if missing:
        raise SigError('incomplete',
                       "Authorization header requires '%s' parameter." % missing[0])
    return fields['Credential'], fields['SignedHeaders'], fields['Signature']


def parse_credential(text):
    parts = text.split('/')
    if len(parts) != 5 or parts[4] != 'aws4_request':
        raise SigError('incomplete', 'Credential should be scoped to a valid region.')
    return Credential(*parts[:4])


def scope_of(headers, query_pairs):
    """The Credential the request claims, or None when it is not signed.

    Used for routing before the signature is checked."""
    for name, value in headers:
        if name.lower() == 'authorization':
            try:
                return parse_credential(parse_authorization(value)[0])
            except SigError:
                return None
    for k, v in query_pairs:
        if k == 'X-Amz-Credential':
            try:
                return parse_credential(v)
            except SigError:
                return None
    return None


def verify(method, raw_path, raw_query, headers, body, lookup, now=None):
    """Check a request's signature.

    lookup(access_key) -> (secret, session_token or None, expires or None),
    or None for an unknown key.  Returns the Credential on success.
    """
    now = now or datetime.datetime.now(datetime.timezone.utc)
    hdr = {}
    for name, value in headers:
        hdr.setdefault(name.lower(), value)
    query = urllib.parse.parse_qs(raw_query or '', keep_blank_values=True)
    drop = ()
    if 'authorization' in hdr:
        cred_text, signed_text, signature = parse_authorization(hdr['authorization'])
        amz_date = hdr.get('x-amz-date')
        if amz_date is None and 'date' in hdr:
            try:
                d = datetime.datetime.strptime(hdr['date'], '%a, %d %b %Y %H:%M:%S GMT')
                amz_date = d.strftime('%Y%m%dT%H%M%SZ')
            except ValueError:
                amz_date = None
        token = hdr.get('x-amz-security-token')
        payload_hash = hdr.get('x-amz-content-sha256') or _sha256(body or b'')
        expires_in = None
    elif 'X-Amz-Signature' in query:
        def q(name):
            return query.get(name, [None])[0]
        if q('X-Amz-Algorithm') != ALGORITHM:
            raise SigError('incomplete', 'Unsupported signing algorithm')
        cred_text, signed_text, signature = (q('X-Amz-Credential'),
                                             q('X-Amz-SignedHeaders'),
                                             q('X-Amz-Signature'))
        if not cred_text or not signed_text:
            raise SigError('incomplete', 'Incomplete presigned query parameters')
        amz_date = q('X-Amz-Date')
        token = q('X-Amz-Security-Token')
        payload_hash = 'UNSIGNED-PAYLOAD'
        expires_in = q('X-Amz-Expires')
        drop = ('X-Amz-Signature',)
    else:
        raise SigError('missing', 'Request is missing Authentication Token')

    cred = parse_credential(cred_text)
    if amz_date is None:
        raise SigError('incomplete',
                       "Authorization header requires existence of either a "
                       "'X-Amz-Date' or a 'Date' header.")
    try:
        when = parse_amz_date(amz_date)
    except ValueError:
        raise SigError('incomplete', 'Invalid X-Amz-Date: %s' % amz_date)
    if cred.date != amz_date[:8]:
        raise SigError('bad_scope', "Credential should be scoped to a valid date: '%s' != '%s'"
                       % (cred.date, amz_date[:8]))
    if expires_in is not None:
        try:
            expired = now > when + datetime.timedelta(seconds=int(expires_in))
        except ValueError:
            expired = True
        if expired:
            raise SigError('expired_request', 'Request has expired')
    elif abs(now - when) > MAX_SKEW:
        raise SigError('expired_request',
                       'Signature expired: %s is now earlier than %s (%s - 15 min.)'
                       % (amz_date, (now - MAX_SKEW).strftime('%Y%m%dT%H%M%SZ'),
                          now.strftime('%Y%m%dT%H%M%SZ'))
                       if now > when else
                       'Signature not yet current: %s is still later than %s (%s + 15 min.)'
                       % (amz_date, (now + MAX_SKEW).strftime('%Y%m%dT%H%M%SZ'),
                          now.strftime('%Y%m%dT%H%M%SZ')))

    known = lookup(cred.access_key)
    if known is None:
        raise SigError('unknown_key', 'The security token included in the request is invalid.')
    secret, session_token, expires = known
    if session_token is not None:
        if token != session_token:
            raise SigError('bad_token', 'The security token included in the request is invalid.')
        if expires is not None and now > expires:
            raise SigError('expired_token', 'The security token included in the request is expired')
    elif token:
        raise SigError('bad_token', 'The security token included in the request is invalid.')

    signed = signed_text.split(';')
    if 'host' not in signed:
        raise SigError('mismatch', "'Host' must be a 'SignedHeader' in the AWS Authorization.")
    creq = canonical_request(method, raw_path, raw_query, headers, signed, payload_hash, drop)
    scope = '/'.join([cred.date, cred.region, cred.service, 'aws4_request'])
    sts = string_to_sign(amz_date, scope, creq)
    expected = hmac.new(signing_key(secret, cred.date, cred.region, cred.service),
                        sts.encode('utf-8'), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        raise SigError('mismatch',
                       'The request signature we calculated does not match the signature '
                       'you provided. Check your AWS Secret Access Key and signing method. '
                       'Consult the service documentation for details.')
    return cred


def sign(method, url, headers, body, access_key, secret, region, service,
         session_token=None, now=None):
    """Headers to add so that the request is signed (a small test client).

    url: 'http://host:port/path?query'; headers: dict.  Returns a new dict.
    """
    now = now or datetime.datetime.now(datetime.timezone.utc)
    parts = urllib.parse.urlsplit(url)
    out = dict(headers)
    out['Host'] = parts.netloc
    amz_date = now.strftime('%Y%m%dT%H%M%SZ')
    out['X-Amz-Date'] = amz_date
    if session_token:
        out['X-Amz-Security-Token'] = session_token
    body = body or b''
    signed = sorted(k.lower() for k in out)
    creq = canonical_request(method, parts.path or '/', parts.query, list(out.items()),
                             signed, _sha256(body))
    scope = '/'.join([amz_date[:8], region, service, 'aws4_request'])
    sts = string_to_sign(amz_date, scope, creq)
    sig = hmac.new(signing_key(secret, amz_date[:8], region, service),
                   sts.encode('utf-8'), hashlib.sha256).hexdigest()
    out['Authorization'] = '%s Credential=%s/%s, SignedHeaders=%s, Signature=%s' % (
        ALGORITHM, access_key, scope, ';'.join(signed), sig)
    return out

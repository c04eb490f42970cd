"""The release archives, installed the ways users install providers.

scripts/release.sh writes the files a registry and its mirrors serve (zip,
manifest, SHA256SUMS and its detached GPG signature).  Here the real
`terraform` installs them as `hashicorp/aws` 5.100.0, with a test-owned CLI
configuration and never `dev_overrides`:

  filesystem mirror   the packed layout `terraform providers mirror` writes
                      (zip plus index.json and 5.100.0.json); the layout is
                      compared with what `terraform providers mirror` itself
                      writes when it downloads the release from the registry
  network mirror      the same directory served over HTTPS on loopback
                      (provider network mirror protocol), with a CA this
                      module makes; SSL_CERT_FILE points Terraform at it
  terraform.d/plugins the unpacked binary inside the configuration directory
                      (what HCP Terraform documents), with Terraform's
                      implicit local search and nothing else
  lock file           `terraform providers lock` through the provider
                      registry protocol (served here over HTTPS, signed by
                      the release key) records h1: and zh: hashes (Terraform
                      records zh: hashes only from a signed SHA256SUMS, so
                      never from a mirror); `init` from the filesystem
                      mirror verifies them, and refuses a tampered zip of
                      the same name
  registry signature  Terraform checks the GPG signature only when it
                      installs through the registry protocol: a good
                      signature installs, a signature by another key, a
                      SHA256SUMS that no longer matches its signature, one
                      that names another archive, and an archive that does
                      not match SHA256SUMS are refused

The registry answers for registry.terraform.io through the CLI
configuration's `host` block, so the address stays hashicorp/aws; one more
test installs `localhost:PORT/hashicorp/aws`, through service discovery.

Each installation path plans and applies the 17-resource deployment
(terraform/, the same resources as fixtures/seed17, whose provider block is
made for offline plans) against the emulator, reset in between, one
emulator for the module.  The installed binary is checked to be the one in the release zip,
so the hashicorp/aws in /opt/tf-plugins can never stand in for it.

Environment: TFP_RELEASE_DIR (scripts/release.sh's OUTDIR; when unset, the
module runs scripts/release.sh into a temporary directory).
Run: /usr/bin/python3 -m pytest tests/e2e/test_install.py
"""

import base64
import calendar
import datetime
import hashlib
import http.server
import io
import ipaddress
import json
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
import zipfile

import pytest

import tfharness

sys.path.insert(0, os.path.join(tfharness.REPO, 'tests', 'emulator'))
from awsclient import Client  # noqa: E402

VERSION = tfharness.PROVIDER_VERSION
PREFIX = 'terraform-provider-aws_%s' % VERSION
ZIP = PREFIX + '_linux_amd64.zip'
ZIP_ARM64 = PREFIX + '_linux_arm64.zip'
SUMS = PREFIX + '_SHA256SUMS'
MANIFEST = PREFIX + '_manifest.json'
BINARY = 'terraform-provider-aws_v%s' % VERSION
ADDR = tfharness.PROVIDER_ADDR           # registry.terraform.io/hashicorp/aws
DEPLOYMENT = os.path.join(tfharness.REPO, 'terraform')
SEED_COUNT = 17


# ---------------------------------------------------------------- release

@pytest.fixture(scope='session')
def release_dir(tmp_path_factory):
    """scripts/release.sh's output: TFP_RELEASE_DIR, or made here."""
    path = os.environ.get('TFP_RELEASE_DIR')
    if not path:
        path = str(tmp_path_factory.mktemp('release'))
        proc = subprocess.run(['bash', os.path.join(tfharness.REPO, 'scripts', 'release.sh'),
                               VERSION, path], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, timeout=1800)
        assert proc.returncode == 0, proc.stdout.decode('utf-8', 'replace')[-4000:]
    for name in (ZIP, SUMS, SUMS + '.sig', MANIFEST, 'signing-key.asc'):
        assert os.path.isfile(os.path.join(path, name)), \
            'release directory %s has no %s (run scripts/release.sh)' % (path, name)
    return path


def _read(path, mode='rb'):
    with open(path, mode) as f:
        return f.read()


def _sha256(data):
    return hashlib.sha256(data).hexdigest()


def _h1(zip_bytes):
    """Terraform's h1: hash of a provider package: the Go module dirhash
    (Hash1) of the files in the archive."""
    lines = []
    with zipfile.ZipFile(io.BytesIO(zip_bytes)) as z:
        for name in sorted(z.namelist()):
            lines.append('%s  %s\n' % (_sha256(z.read(name)), name))
    return 'h1:' + base64.b64encode(hashlib.sha256(''.join(lines).encode()).digest()).decode()


def _binary_of(zip_bytes):
    with zipfile.ZipFile(io.BytesIO(zip_bytes)) as z:
        return z.read(BINARY)


def _gpg(home, *args, input=None):
    os.makedirs(home, mode=0o700, exist_ok=True)
    proc = subprocess.run(['gpg', '--batch', '--homedir', home] + list(args), input=input,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode('utf-8', 'replace')
    return proc.stdout


def _gpg_stop(home):
    subprocess.run(['gpgconf', '--homedir', home, '--kill', 'gpg-agent'],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class Release:
    """The files of one release, read once."""

    def __init__(self, path):
        self.path = path
        self.zip = _read(os.path.join(path, ZIP))
        self.sums = _read(os.path.join(path, SUMS))
        self.sig = _read(os.path.join(path, SUMS + '.sig'))
        self.manifest = _read(os.path.join(path, MANIFEST))
        self.public_key = _read(os.path.join(path, 'signing-key.asc'), 'r')
        self.binary = _binary_of(self.zip)
        self.zh = 'zh:' + _sha256(self.zip)
        self.h1 = _h1(self.zip)
        self.key_id = _key_id(self.public_key)
        # linux_arm64, when release.sh cross-built it (README, Installing;
        # tests/e2e/test_release_arm64.py checks that zip)
        arm64 = os.path.join(path, ZIP_ARM64)
        self.zip_arm64 = _read(arm64) if os.path.isfile(arm64) else None
        # Terraform records every line of a signed SHA256SUMS as a zh: hash
        self.signed = {self.h1, self.zh, 'zh:' + _sha256(self.manifest)}
        if self.zip_arm64 is not None:
            self.signed.add('zh:' + _sha256(self.zip_arm64))


@pytest.fixture(scope='module')
def release(release_dir):
    return Release(release_dir)


def test_release_files(release, module_workdir):
    """What the registry expects: one binary named _vVERSION in the zip,
    protocol 5.0 in the manifest, SHA256SUMS over both, signed."""
    with zipfile.ZipFile(io.BytesIO(release.zip)) as z:
        infos = z.infolist()
    assert [i.filename for i in infos] == [BINARY]
    assert (infos[0].external_attr >> 16) & 0o777 == 0o755
    # zip -X: no uid/gid or extra timestamps, so re-runs give the same bytes
    assert infos[0].extra == b''
    assert release.binary[:4] == b'\x7fELF'
    assert json.loads(release.manifest) == {'version': 1,
                                            'metadata': {'protocol_versions': ['5.0']}}
    lines = [(_sha256(release.zip), ZIP)]
    if release.zip_arm64 is not None:
        lines.append((_sha256(release.zip_arm64), ZIP_ARM64))
    lines.append((_sha256(release.manifest), MANIFEST))
    assert release.sums.decode() == ''.join('%s  %s\n' % line for line in lines)
    home = os.path.join(module_workdir, 'gnupg-verify')
    try:
        _gpg(home, '--import', input=release.public_key.encode())
        _gpg(home, '--verify', os.path.join(release.path, SUMS + '.sig'),
             os.path.join(release.path, SUMS))
    finally:
        _gpg_stop(home)


def test_release_signed_with_own_key_is_reproducible(release, module_workdir):
    """A user's own key (with a passphrase) signs; the same binary and
    SOURCE_DATE_EPOCH give the same zip, byte for byte."""
    home = os.path.join(module_workdir, 'gnupg-user')
    out = os.path.join(module_workdir, 'release-own-key')
    binary = os.path.join(module_workdir, 'release-binary')
    with open(binary, 'wb') as f:
        f.write(release.binary)
    with zipfile.ZipFile(io.BytesIO(release.zip)) as z:
        epoch = calendar.timegm(z.getinfo(BINARY).date_time + (0, 0, 0))
    try:
        _gpg(home, '--pinentry-mode', 'loopback', '--passphrase', 'user pass phrase',
             '--quick-gen-key', 'Release Signer <signer@invalid>', 'rsa2048', 'sign', 'never')
        fpr = next(line.split(':')[9] for line in
                   _gpg(home, '--with-colons', '--list-secret-keys').decode().splitlines()
                   if line.startswith('fpr:'))
        env = dict(os.environ, GNUPGHOME=home, TFP_GPG_KEY_ID=fpr,
                   TFP_GPG_PASSPHRASE='user pass phrase', TFP_RELEASE_BINARY=binary,
                   SOURCE_DATE_EPOCH=str(epoch))
        if release.zip_arm64 is not None:
            env['TFP_RELEASE_BINARY_ARM64'] = binary + '-arm64'
            with open(env['TFP_RELEASE_BINARY_ARM64'], 'wb') as f:
                f.write(_binary_of(release.zip_arm64))
        proc = subprocess.run(['bash', os.path.join(tfharness.REPO, 'scripts', 'release.sh'),
                               VERSION, out], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=120)
        assert proc.returncode == 0, proc.stderr.decode('utf-8', 'replace')
        assert b'THROWAWAY' not in proc.stderr
        assert ('signed by %s' % fpr).encode() in proc.stderr
    finally:
        _gpg_stop(home)
    assert _read(os.path.join(out, ZIP)) == release.zip
    if release.zip_arm64 is not None:
        assert _read(os.path.join(out, ZIP_ARM64)) == release.zip_arm64
    assert _read(os.path.join(out, SUMS)) == release.sums
    assert _key_id(_read(os.path.join(out, 'signing-key.asc'), 'r')) == fpr[-16:]
    check = os.path.join(module_workdir, 'gnupg-check')
    try:
        _gpg(check, '--import', input=_read(os.path.join(out, 'signing-key.asc')))
        status = _gpg(check, '--status-fd', '1', '--verify', os.path.join(out, SUMS + '.sig'),
                      os.path.join(out, SUMS)).decode()
        assert 'VALIDSIG %s' % fpr in status, status
    finally:
        _gpg_stop(check)


def test_release_rejects_bad_input(module_workdir):
    """Bad input is refused before anything is built."""
    script = os.path.join(tfharness.REPO, 'scripts', 'release.sh')
    empty = os.path.join(module_workdir, 'gnupg-empty')
    os.makedirs(empty, mode=0o700)
    proc = subprocess.run(['bash', script, VERSION, os.path.join(module_workdir, 'nope')],
                          env=dict(os.environ, GNUPGHOME=empty, TFP_GPG_KEY_ID='NoSuchKey'),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
    assert proc.returncode == 1
    assert b'TFP_GPG_KEY_ID=NoSuchKey: no such secret key in ' + empty.encode() in proc.stderr
    assert not os.path.exists(os.path.join(module_workdir, 'nope'))


def test_release_rejects_bad_version():
    proc = subprocess.run(['bash', os.path.join(tfharness.REPO, 'scripts', 'release.sh'),
                           '5.100', '/nonexistent'], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=60)
    assert proc.returncode != 0
    assert b"VERSION must be a semantic version such as 5.100.0, not '5.100'" in proc.stderr


# ---------------------------------------------------------------- layouts

def make_fs_mirror(root, zip_bytes):
    """The packed layout of `terraform providers mirror`: the zip under
    <host>/<namespace>/<type>/, with the network mirror's index.json and
    VERSION.json beside it (so the same tree serves as a network mirror)."""
    d = os.path.join(root, ADDR)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, ZIP), 'wb') as f:
        f.write(zip_bytes)
    # the same JSON as `terraform providers mirror` (Go's MarshalIndent)
    with open(os.path.join(d, 'index.json'), 'w') as f:
        f.write(json.dumps({'versions': {VERSION: {}}}, indent=2))
    with open(os.path.join(d, VERSION + '.json'), 'w') as f:
        f.write(json.dumps({'archives': {'linux_amd64': {
            'hashes': [_h1(zip_bytes)], 'url': ZIP}}}, indent=2))
    return root


def tree(root):
    out = {}
    for dirpath, _, files in os.walk(root):
        for name in files:
            path = os.path.join(dirpath, name)
            out[os.path.relpath(path, root)] = _read(path)
    return out


def tampered(zip_bytes):
    """A valid zip of the same name whose binary differs in one byte."""
    binary = bytearray(_binary_of(zip_bytes))
    binary[len(binary) // 2] ^= 0xff
    out = io.BytesIO()
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        info = zipfile.ZipInfo(BINARY, date_time=(2020, 1, 1, 0, 0, 0))
        info.external_attr = 0o100755 << 16
        z.writestr(info, bytes(binary))
    return out.getvalue()


# ---------------------------------------------------------------- HTTPS

def make_tls(directory):
    """A CA and a server certificate for 127.0.0.1 / localhost."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, 'tfp install test CA')])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - datetime.timedelta(minutes=5))
          .not_valid_after(now + datetime.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True,
                                       crl_sign=True, content_commitment=False,
                                       key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, encipher_only=False,
                                       decipher_only=False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, 'localhost')]))
            .issuer_name(ca_name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([
                x509.DNSName('localhost'),
                x509.IPAddress(ipaddress.ip_address('127.0.0.1'))]), critical=False)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]),
                           critical=False)
            .sign(ca_key, hashes.SHA256()))
    paths = {n: os.path.join(directory, n) for n in ('ca.pem', 'server.pem', 'server.key')}
    with open(paths['ca.pem'], 'wb') as f:
        f.write(ca.public_bytes(serialization.Encoding.PEM))
    with open(paths['server.pem'], 'wb') as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    with open(paths['server.key'], 'wb') as f:
        f.write(key.private_bytes(serialization.Encoding.PEM,
                                  serialization.PrivateFormat.PKCS8,
                                  serialization.NoEncryption()))
    return paths


class HTTPSServer:
    """Serves `files` (URL path -> bytes) over HTTPS on 127.0.0.1 and keeps
    the paths asked for; what it serves is changed by the test as it goes."""

    def __init__(self, tls):
        self.files = {}
        self.requests = []
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                path = self.path.split('?', 1)[0]
                server.requests.append(path)
                body = server.files.get(path)
                if body is None:
                    self.send_error(404)
                    return
                self.send_response(200)
                ctype = 'application/json' if path.endswith('.json') or '/v1/' in path \
                    else 'application/octet-stream'
                self.send_header('Content-Type', ctype)
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(tls['server.pem'], tls['server.key'])
        self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self):
        return 'https://127.0.0.1:%d' % self.port

    def serve_tree(self, root, prefix='/'):
        for rel, data in tree(root).items():
            self.files[prefix + rel] = data

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope='module')
def tls(module_workdir):
    d = os.path.join(module_workdir, 'tls')
    os.makedirs(d)
    return make_tls(d)


@pytest.fixture(scope='module')
def https(tls):
    server = HTTPSServer(tls)
    yield server
    server.stop()


def serve_registry(server, release, zip_bytes=None, sums=None, sig=None):
    """The provider registry protocol for hashicorp/aws VERSION (linux_amd64),
    at /.well-known/terraform.json -> /v1/providers/."""
    f = server.files
    base = '/v1/providers/hashicorp/aws/'
    f['/.well-known/terraform.json'] = json.dumps({'providers.v1': '/v1/providers/'}).encode()
    f[base + 'versions'] = json.dumps({'versions': [{
        'version': VERSION, 'protocols': ['5.0'],
        'platforms': [{'os': 'linux', 'arch': 'amd64'}]}]}).encode()
    f['/files/' + ZIP] = zip_bytes if zip_bytes is not None else release.zip
    f['/files/' + SUMS] = sums if sums is not None else release.sums
    f['/files/' + SUMS + '.sig'] = sig if sig is not None else release.sig
    f[base + VERSION + '/download/linux/amd64'] = json.dumps({
        'protocols': ['5.0'], 'os': 'linux', 'arch': 'amd64', 'filename': ZIP,
        'download_url': server.url + '/files/' + ZIP,
        'shasums_url': server.url + '/files/' + SUMS,
        'shasums_signature_url': server.url + '/files/' + SUMS + '.sig',
        'shasum': _sha256(release.zip),
        'signing_keys': {'gpg_public_keys': [
            {'key_id': release.key_id, 'ascii_armor': release.public_key}]},
    }).encode()


def _key_id(armor):
    """The long key ID of an armored public key (gpg --show-keys)."""
    home = tempfile.mkdtemp(prefix='tfp-gpg-')
    try:
        out = _gpg(home, '--with-colons', '--show-keys', input=armor.encode()).decode()
    finally:
        _gpg_stop(home)
        shutil.rmtree(home, ignore_errors=True)
    return next(line.split(':')[4] for line in out.splitlines() if line.startswith('pub:'))


# ---------------------------------------------------------------- terraform

def cli_config(path, installation='', hosts=''):
    with open(path, 'w') as f:
        f.write(hosts + installation)
    return path


def fs_mirror_config(path, mirror):
    return cli_config(path, 'provider_installation {\n  filesystem_mirror {\n'
                            '    path    = %s\n    include = ["%s"]\n  }\n}\n'
                      % (json.dumps(mirror), ADDR))


def registry_hosts(server):
    """The CLI configuration's host block: registry.terraform.io's provider
    registry service is the one this module serves."""
    return ('host "registry.terraform.io" {\n  services = {\n'
            '    "providers.v1" = "%s/v1/providers/"\n  }\n}\n' % server.url)


@pytest.fixture(scope='module')
def tf_env(module_workdir, tls):
    """Environment for every terraform run here: Terraform trusts this
    module's CA, and looks for implicit local plugin directories only
    below the test's own HOME and an empty XDG data directory."""
    xdg = os.path.join(module_workdir, 'xdg-empty')
    os.makedirs(xdg, exist_ok=True)
    return {'SSL_CERT_FILE': tls['ca.pem'], 'SSL_CERT_DIR': xdg,
            'XDG_DATA_HOME': xdg, 'XDG_DATA_DIRS': xdg}


@pytest.fixture(scope='module')
def deploy(module_emulator, make_terraform, tf_env, release):
    """deploy(cli_config, setup=None) -> Terraform: a copy of terraform/
    (setup(workdir) adds to it), init (checked to have installed the release
    binary as hashicorp/aws), then apply of the 17 resources on a reset
    emulator."""
    def run(cli, setup=None):
        module_emulator.reset()
        client = Client(module_emulator.url, module_emulator.access_key,
                        module_emulator.secret_key)
        image = client.call('ec2', 'DescribeImages', Owners=['amazon'])['Images'][0]['ImageId']
        tf = make_terraform(DEPLOYMENT, module_emulator, cli, tfvars={'ami_id': image},
                            extra_env=tf_env)
        if setup:
            setup(tf.workdir)
        init = tf.run('init', '-no-color', '-input=false', timeout=120)
        assert 'Installed hashicorp/aws v%s' % VERSION in init.stdout or \
            'Using previously-installed hashicorp/aws v%s' % VERSION in init.stdout, init.stdout
        assert_installed_is_release(tf.workdir, release)
        out = tf.run('apply', '-auto-approve', '-no-color', '-input=false', timeout=600)
        assert 'Apply complete! Resources: %d added, 0 changed, 0 destroyed.' % SEED_COUNT \
            in out.stdout, out.stdout[-3000:]
        state = json.loads(_read(os.path.join(tf.workdir, 'terraform.tfstate')))
        managed = [r for r in state['resources'] if r['mode'] == 'managed']
        assert len(managed) == SEED_COUNT
        assert {r['provider'] for r in state['resources']} == {'provider["%s"]' % ADDR}
        return tf
    return run


def assert_installed_is_release(workdir, release):
    d = os.path.join(workdir, '.terraform', 'providers', ADDR, VERSION, 'linux_amd64')
    assert os.listdir(d) == [BINARY], os.listdir(d)
    assert _read(os.path.join(d, BINARY)) == release.binary


def lock_hashes(workdir):
    text = _read(os.path.join(workdir, '.terraform.lock.hcl'), 'r')
    assert 'provider "%s"' % ADDR in text, text
    return {line.strip().strip(',').strip('"') for line in text.splitlines()
            if line.strip().startswith(('"h1:', '"zh:'))}


# ---------------------------------------------------------------- the tests

def test_filesystem_mirror(module_workdir, release, deploy):
    mirror = make_fs_mirror(os.path.join(module_workdir, 'fs-mirror'), release.zip)
    cli = fs_mirror_config(os.path.join(module_workdir, 'fs-mirror.tfrc'), mirror)
    tf = deploy(cli)
    assert lock_hashes(tf.workdir) == {release.h1}


def test_network_mirror(module_workdir, release, deploy, https):
    root = make_fs_mirror(os.path.join(module_workdir, 'net-mirror'), release.zip)
    https.serve_tree(root, '/mirror/')
    cli = cli_config(os.path.join(module_workdir, 'net-mirror.tfrc'),
                     'provider_installation {\n  network_mirror {\n    url = "%s/mirror/"\n'
                     '    include = ["%s"]\n  }\n}\n' % (https.url, ADDR))
    start = len(https.requests)
    tf = deploy(cli)
    asked = https.requests[start:]
    for path in ('index.json', VERSION + '.json', ZIP):
        assert '/mirror/%s/%s' % (ADDR, path) in asked, asked
    assert lock_hashes(tf.workdir) == {release.h1}


def test_terraform_d_plugins(module_workdir, release, deploy):
    def unpack(workdir):
        d = os.path.join(workdir, 'terraform.d', 'plugins', ADDR, VERSION, 'linux_amd64')
        os.makedirs(d)
        with zipfile.ZipFile(io.BytesIO(release.zip)) as z:
            z.extractall(d)
        os.chmod(os.path.join(d, BINARY), 0o755)
    # no provider_installation block: Terraform's implicit local directories
    cli = cli_config(os.path.join(module_workdir, 'implicit.tfrc'), '# implicit\n')
    tf = deploy(cli, setup=unpack)
    assert lock_hashes(tf.workdir) == {release.h1}


def test_lock_records_hashes_and_refuses_tampered_zip(module_workdir, release, deploy, https,
                                                      make_terraform, module_emulator, tf_env):
    serve_registry(https, release)
    # `providers lock` goes to the provider's origin registry, here this module's
    lock_cli = cli_config(os.path.join(module_workdir, 'lock.tfrc'), '',
                          registry_hosts(https))
    locker = make_terraform(DEPLOYMENT, module_emulator, lock_cli, extra_env=tf_env)
    out = locker.run('providers', 'lock', '-platform=linux_amd64', '-no-color')
    assert 'self-signed' in out.stdout, out.stdout
    assert lock_hashes(locker.workdir) == release.signed
    lock = _read(os.path.join(locker.workdir, '.terraform.lock.hcl'))

    mirror = make_fs_mirror(os.path.join(module_workdir, 'lock-mirror'), release.zip)
    cli = fs_mirror_config(os.path.join(module_workdir, 'lock-mirror.tfrc'), mirror)

    def put_lock(workdir):
        with open(os.path.join(workdir, '.terraform.lock.hcl'), 'wb') as f:
            f.write(lock)
    tf = deploy(cli, setup=put_lock)
    # init verified the package against the lock and changed nothing in it
    assert _read(os.path.join(tf.workdir, '.terraform.lock.hcl')) == lock

    bad = make_fs_mirror(os.path.join(module_workdir, 'tampered-mirror'), tampered(release.zip))
    bad_cli = fs_mirror_config(os.path.join(module_workdir, 'tampered.tfrc'), bad)
    victim = make_terraform(DEPLOYMENT, module_emulator, bad_cli, extra_env=tf_env)
    put_lock(victim.workdir)
    refused = victim.run('init', '-no-color', '-input=false', ok_codes=(1,))
    err = refused.stderr + refused.stdout
    assert 'Error: Failed to install provider' in err, err
    assert ("the current package for %s %s doesn't match any of the checksums previously "
            "recorded in the dependency lock file" % (ADDR, VERSION)) in ' '.join(err.split()), err
    assert not os.path.exists(os.path.join(victim.workdir, '.terraform', 'providers', ADDR))


REQUIRED = '''terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "%s"
    }
  }
}
''' % VERSION


@pytest.fixture(scope='module')
def other_key_sig(module_workdir, release):
    """SHA256SUMS signed by a key that is not the release key."""
    home = os.path.join(module_workdir, 'gnupg-other')
    try:
        _gpg(home, '--passphrase', '', '--quick-gen-key', 'not the release key <other@invalid>',
             'rsa2048', 'sign', 'never')
        return _gpg(home, '--detach-sign', '--output', '-',
                    input=release.sums)
    finally:
        _gpg_stop(home)


def registry_init(module_workdir, https, tf_env, module_emulator, name):
    work = os.path.join(module_workdir, name)
    os.makedirs(work)
    with open(os.path.join(work, 'main.tf'), 'w') as f:
        f.write(REQUIRED)
    cli = cli_config(os.path.join(module_workdir, name + '.tfrc'),
                     'provider_installation {\n  direct {}\n}\n', registry_hosts(https))
    tf = tfharness.Terraform(work, module_emulator, cli, extra_env=tf_env,
                             log_dir=os.path.join(module_workdir, name + '-logs'))
    return tf, tf.run('init', '-no-color', '-input=false', check=False)


def test_registry_good_signature_installs_and_mirrors(module_workdir, release, https, tf_env,
                                                     module_emulator):
    serve_registry(https, release)
    tf, init = registry_init(module_workdir, https, tf_env, module_emulator, 'reg-good')
    assert init.returncode == 0, init.stdout + init.stderr
    assert 'Installed hashicorp/aws v%s (self-signed, key ID %s)' % (
        VERSION, release.key_id) in init.stdout, init.stdout
    assert_installed_is_release(tf.workdir, release)
    assert lock_hashes(tf.workdir) == release.signed
    # `terraform providers mirror` of the registry's release lays out the same
    # tree as make_fs_mirror, byte for byte
    out = os.path.join(module_workdir, 'providers-mirror')
    tf.run('providers', 'mirror', '-platform=linux_amd64', '-no-color', out)
    ours = make_fs_mirror(os.path.join(module_workdir, 'ours-mirror'), release.zip)
    assert tree(out) == tree(ours)


@pytest.mark.parametrize('case', ['other-key', 'sums-changed', 'sums-wrong-hash',
                                  'zip-changed'])
def test_registry_refuses(case, module_workdir, release, https, tf_env, module_emulator,
                          other_key_sig):
    """Terraform's own checks of a registry download refuse each of these."""
    if case == 'other-key':
        # signed by a key the registry does not publish for the provider
        serve_registry(https, release, sig=other_key_sig)
        expect = 'authentication signature from unknown issuer'
    elif case == 'sums-changed':
        # SHA256SUMS edited after signing (the manifest's line)
        sums = release.sums.replace(_sha256(release.manifest).encode(), b'0' * 64)
        serve_registry(https, release, sums=sums)
        expect = 'error checking signature'
    elif case == 'sums-wrong-hash':
        # SHA256SUMS lists another archive than the one the registry names
        sums = release.sums.replace(_sha256(release.zip).encode(),
                                    _sha256(tampered(release.zip)).encode())
        serve_registry(https, release, sums=sums)
        expect = 'checksum list has unexpected SHA-256 hash'
    else:
        # the archive downloaded is not the one SHA256SUMS lists
        serve_registry(https, release, zip_bytes=tampered(release.zip))
        expect = 'archive has incorrect checksum'
    tf, init = registry_init(module_workdir, https, tf_env, module_emulator, 'reg-' + case)
    err = ' '.join((init.stdout + init.stderr).split())
    assert init.returncode == 1, err
    assert 'Error: Failed to install provider' in err, err
    assert expect in err, err
    assert not os.path.exists(os.path.join(tf.workdir, '.terraform', 'providers', ADDR))


def test_registry_discovery_on_own_host(module_workdir, release, https, tf_env,
                                        module_emulator):
    """A source address on the registry's own host (localhost:PORT) goes
    through service discovery (/.well-known/terraform.json), as a private
    registry does."""
    serve_registry(https, release)
    host = 'localhost:%d' % https.port
    work = os.path.join(module_workdir, 'reg-host')
    os.makedirs(work)
    with open(os.path.join(work, 'main.tf'), 'w') as f:
        f.write(REQUIRED.replace('"hashicorp/aws"', '"%s/hashicorp/aws"' % host))
    cli = cli_config(os.path.join(module_workdir, 'reg-host.tfrc'),
                     'provider_installation {\n  direct {}\n}\n')
    tf = tfharness.Terraform(work, module_emulator, cli, extra_env=tf_env,
                             log_dir=os.path.join(module_workdir, 'reg-host-logs'))
    start = len(https.requests)
    init = tf.run('init', '-no-color', '-input=false')
    assert 'Installed %s/hashicorp/aws v%s (self-signed' % (host, VERSION) in init.stdout
    assert https.requests[start] == '/.well-known/terraform.json', https.requests[start:]
    installed = os.path.join(work, '.terraform', 'providers', host, 'hashicorp', 'aws',
                             VERSION, 'linux_amd64', BINARY)
    assert _read(installed) == release.binary

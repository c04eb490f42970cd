"""The static release binary (cmake -DTFP_STATIC=ON, in build-release).

It must depend on nothing but the C library, need no glibc newer than the
README says, work as Terraform's plugin (handshake, mTLS, GetSchema, a plan
against the emulator), verify HTTPS with the CA certificates it finds, and,
when the machine has none, say where it looked.

scripts/test.sh builds it and sets TFP_PROVIDER_BIN_STATIC; run alone:
  cmake -S . -B build-release -DTFP_STATIC=ON -DCMAKE_BUILD_TYPE=Release
  cmake --build build-release -j2 --target terraform-provider-aws
  /usr/bin/python3 -m pytest -q tests/e2e/test_static_release.py
"""
import os
import re
import shutil
import socket
import ssl
import subprocess
import threading

import pytest

import test_runtime
import tfharness

ROOT = tfharness.REPO
ALLOWED = {'linux-vdso.so.1', 'libc.so.6', 'libm.so.6', 'ld-linux-x86-64.so.2'}


@pytest.fixture(scope='module')
def static_bin():
    path = os.environ.get('TFP_PROVIDER_BIN_STATIC')
    if path:
        assert os.path.isfile(path), 'TFP_PROVIDER_BIN_STATIC=%s does not exist' % path
        return path
    path = os.path.join(ROOT, 'build-release', 'terraform-provider-aws')
    if not os.path.isfile(path):
        pytest.skip('no static build: set TFP_PROVIDER_BIN_STATIC or build build-release')
    return path


def documented_min_glibc():
    with open(os.path.join(ROOT, 'README.md')) as f:
        m = re.search(r'needs glibc (\d+)\.(\d+) or later', f.read())
    assert m, 'README.md does not state the release binary\'s minimum glibc'
    return int(m.group(1)), int(m.group(2))


def test_links_only_the_c_library(static_bin):
    out = subprocess.run(['ldd', static_bin], capture_output=True, text=True, check=True).stdout
    libs = {os.path.basename(line.split()[0]) for line in out.splitlines() if line.strip()}
    assert libs <= ALLOWED, out
    assert 'libc.so.6' in libs, out
    dyn = subprocess.run(['readelf', '-d', static_bin], capture_output=True, text=True,
                         check=True).stdout
    needed = set(re.findall(r'\(NEEDED\)\s+Shared library: \[([^\]]+)\]', dyn))
    assert needed and needed <= ALLOWED, dyn


def test_glibc_versions_within_documented_minimum(static_bin):
    out = subprocess.run(['objdump', '-T', static_bin], capture_output=True, text=True,
                         check=True).stdout
    versions = {(int(a), int(b)) for a, b in re.findall(r'GLIBC_(\d+)\.(\d+)', out)}
    assert versions, 'no versioned glibc symbols: is this a dynamic executable?'
    newest = max(versions)
    too_new = sorted(set(re.findall(r'\((GLIBC_[\d.]+)\)\s+(\S+)', out)))
    too_new = [s for v, s in too_new
               if tuple(int(x) for x in v[6:].split('.')[:2]) > documented_min_glibc()]
    assert newest <= documented_min_glibc(), 'symbols newer than documented: %s' % too_new


def test_stripped_with_separate_symbols(static_bin):
    sections = subprocess.run(['readelf', '-S', static_bin], capture_output=True, text=True,
                              check=True).stdout
    assert '.symtab' not in sections
    assert '.gnu_debuglink' in sections
    assert os.path.isfile(static_bin + '.debug')


def test_hot_windows_recorded(static_bin, tmp_path):
    """The build wrote the start-up's dense windows into the executable
    (scripts/hot-windows.py) wherever the kernel maps pages one at a time,
    which is where recording works; and they are windows of the executable
    that start-up reads."""
    import importlib.util
    spec = importlib.util.spec_from_file_location(
        'hot_windows', os.path.join(tfharness.REPO, 'scripts', 'hot-windows.py'))
    hw = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hw)
    with open(static_bin, 'rb') as f:
        data = f.read()
    at = data.find(hw.MARKER)
    assert at >= 0 and data.find(hw.MARKER, at + 1) < 0
    n = int.from_bytes(data[at + 16:at + 24], 'little')
    ranges = [(int.from_bytes(data[at + 24 + 16 * i:at + 32 + 16 * i], 'little'),
               int.from_bytes(data[at + 32 + 16 * i:at + 40 + 16 * i], 'little'))
              for i in range(n)]
    pages = hw.record(static_bin, str(tmp_path / 'pages'))
    if pages is None:
        assert n == 0
        pytest.skip('this kernel has no asynchronous write-protect userfaultfd: '
                    'nothing to record, the table is empty')
    assert 0 < n <= hw.MAX_RANGES
    # Sorted, disjoint, 64 KiB-aligned ranges, dense with what start-up
    # reads now (a run may read a page more or less than the build's).
    assert ranges == sorted(ranges)
    assert all(a % hw.WINDOW == 0 and b % hw.WINDOW == 0 and a < b for a, b in ranges)
    assert all(ranges[i][1] <= ranges[i + 1][0] for i in range(n - 1))
    inside = sum(1 for p in pages if any(a <= p < b for a, b in ranges))
    span = sum(b - a for a, b in ranges) // 4096
    assert inside >= 0.8 * span, (inside, span)
    assert inside >= 0.5 * len(pages), (inside, len(pages))


def test_handshake_and_schema_over_mtls(static_bin, monkeypatch):
    monkeypatch.setattr(test_runtime, 'provider_bin', lambda: static_bin)
    p = test_runtime.Plugin()
    try:
        test_runtime.test_health_and_schema_over_mtls(p)
    finally:
        p.stop()


VPC_TF = '''
resource "aws_vpc" "v" {
  cidr_block = "10.9.0.0/16"
}
'''


def test_plan_and_missing_ca_bundle(static_bin, emulator, tmp_path):
    if shutil.which('terraform') is None:
        pytest.skip('terraform is not on PATH')
    work = tmp_path / 'tf'
    work.mkdir()
    (work / 'main.tf').write_text(VPC_TF)
    mirror = tfharness.provider_mirror(str(tmp_path), static_bin)
    cli = tfharness.write_cli_config(str(tmp_path / 'static.tfrc'), mirror)
    tf = tfharness.Terraform(str(work), emulator, cli)
    tf.run('init', '-no-color')
    plan = tf.run('plan', '-no-color')
    assert '1 to add' in plan.stdout
    assert 'GetCallerIdentity' in emulator.operations().get('sts', set())

    # HTTPS with no CA certificates to be found: SSL_CERT_FILE and
    # SSL_CERT_DIR replace the system's lists, as in Go and OpenSSL.
    tf.env.update({'AWS_ENDPOINT_URL': 'https://127.0.0.1:1',
                   'SSL_CERT_FILE': str(tmp_path / 'no-such-ca.pem'),
                   'SSL_CERT_DIR': str(tmp_path / 'no-such-certs')})
    tf.env.pop('AWS_CA_BUNDLE', None)
    failed = tf.run('plan', '-no-color', check=False)
    assert failed.returncode == 1
    text = ' '.join(failed.stderr.split())
    assert 'no CA certificates' in text, failed.stderr
    assert 'SSL_CERT_FILE=%s (missing)' % (tmp_path / 'no-such-ca.pem') in text
    assert 'SSL_CERT_DIR=%s (missing)' % (tmp_path / 'no-such-certs') in text
    assert 'AWS_CA_BUNDLE' in text


class TlsFront:
    """HTTPS on loopback in front of the emulator's plain HTTP, with a
    self-signed certificate for "localhost"."""

    def __init__(self, backend_port, cert_file, key_file):
        self.backend_port = backend_port
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(cert_file, key_file)
        self.ctx = ctx
        self.sock = socket.create_server(('127.0.0.1', 0))
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn):
        try:
            tls = self.ctx.wrap_socket(conn, server_side=True)
        except (ssl.SSLError, OSError):
            conn.close()  # a client that refused our certificate
            return
        back = socket.create_connection(('127.0.0.1', self.backend_port))

        def pump(src, dst):
            try:
                while True:
                    data = src.recv(65536)
                    if not data:
                        break
                    dst.sendall(data)
            except OSError:
                pass
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

        t = threading.Thread(target=pump, args=(back, tls), daemon=True)
        t.start()
        pump(tls, back)
        t.join(5)
        tls.close()
        back.close()

    def close(self):
        self.sock.close()


def test_https_verified_with_the_bundle_found(static_bin, emulator, tmp_path):
    """The static libcurl has no CA path of its own: verification must use
    the bundle the provider found, and fail against any other."""
    if shutil.which('terraform') is None:
        pytest.skip('terraform is not on PATH')
    cert_pem, key_pem = test_runtime.make_identity()
    other_pem, _ = test_runtime.make_identity()
    (tmp_path / 'server.pem').write_bytes(cert_pem)
    (tmp_path / 'server.key').write_bytes(key_pem)
    (tmp_path / 'other.pem').write_bytes(other_pem)
    front = TlsFront(emulator.port, str(tmp_path / 'server.pem'), str(tmp_path / 'server.key'))
    try:
        work = tmp_path / 'tf'
        work.mkdir()
        (work / 'main.tf').write_text(VPC_TF)
        mirror = tfharness.provider_mirror(str(tmp_path), static_bin)
        cli = tfharness.write_cli_config(str(tmp_path / 'static.tfrc'), mirror)
        tf = tfharness.Terraform(str(work), emulator, cli)
        tf.env.pop('AWS_CA_BUNDLE', None)
        tf.env.pop('SSL_CERT_DIR', None)
        tf.env['AWS_ENDPOINT_URL'] = 'https://localhost:%d' % front.port
        tf.run('init', '-no-color')

        tf.env['SSL_CERT_FILE'] = str(tmp_path / 'server.pem')
        plan = tf.run('plan', '-no-color')
        assert '1 to add' in plan.stdout

        tf.env['SSL_CERT_FILE'] = str(tmp_path / 'other.pem')
        failed = tf.run('plan', '-no-color', check=False)
        assert failed.returncode == 1
        text = ' '.join(failed.stderr.split())
        assert 'GetCallerIdentity' in text and 'certificate' in text, failed.stderr
    finally:
        front.close()

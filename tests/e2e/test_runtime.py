"""The plugin runtime seen from outside, as go-plugin's host sees it.

These tests start the provider binary themselves (no terraform) so they can
do what Terraform never does: connect without a certificate, with the wrong
one, flood it with concurrent RPCs, send it signals.
"""
import base64
import concurrent.futures
import datetime
import json
import os
import re
import signal
import subprocess
import time

import grpc
import msgpack
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

import ourprovider

COOKIE = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def provider_bin():
    return os.environ.get("TFP_PROVIDER_BIN", os.path.join(ROOT, "build", "terraform-provider-aws"))


def reference_schema():
    with open(os.path.join(ourprovider.reference_dir(), "hashicorp-aws-5.100.0-schema.json")) as f:
        return json.load(f)


def make_identity():
    """A self-signed client certificate like the one go-plugin's host makes."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .add_extension(
            x509.ExtendedKeyUsage(
                [x509.oid.ExtendedKeyUsageOID.CLIENT_AUTH, x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_pem = cert.public_bytes(serialization.Encoding.PEM)
    key_pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return cert_pem, key_pem


class Plugin:
    """A running provider process and what its handshake line said."""

    def __init__(self, tls=True, extra_env=None):
        self.cert_pem, self.key_pem = make_identity()
        env = dict(os.environ)
        env.update(
            {
                "TF_PLUGIN_MAGIC_COOKIE": COOKIE,
                "PLUGIN_PROTOCOL_VERSIONS": "5",
                "TF_LOG": "",
            }
        )
        if tls:
            env["PLUGIN_CLIENT_CERT"] = self.cert_pem.decode()
        else:
            env.pop("PLUGIN_CLIENT_CERT", None)
        env.update(extra_env or {})
        self.proc = subprocess.Popen(
            [provider_bin()], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        line = self.proc.stdout.readline().decode().strip()
        parts = line.split("|")
        assert len(parts) == 6, f"bad handshake line {line!r}"
        self.core, self.proto, self.network, self.addr, self.kind, cert_b64 = parts
        self.server_pem = None
        if cert_b64:
            der = base64.b64decode(cert_b64 + "=" * (-len(cert_b64) % 4))
            self.server_pem = x509.load_der_x509_certificate(der).public_bytes(
                serialization.Encoding.PEM
            )

    def target(self):
        if self.network != "unix":
            return self.addr
        # "@name" is a socket in the abstract namespace, as Go dials it.
        if self.addr.startswith("@"):
            return "unix-abstract:" + self.addr[1:]
        return "unix:" + self.addr

    def socket_left(self):
        """Whether what the provider listened on is still there."""
        if self.addr.startswith("@"):
            with open("/proc/net/unix") as f:
                return any(line.split()[-1] == self.addr for line in f
                           if len(line.split()) > 7)
        return os.path.exists(os.path.dirname(self.addr))

    def channel(self, cert_pem=None, key_pem=None, present_cert=True):
        if self.server_pem is None:
            return grpc.insecure_channel(self.target())
        if present_cert:
            creds = grpc.ssl_channel_credentials(
                root_certificates=self.server_pem,
                private_key=key_pem or self.key_pem,
                certificate_chain=cert_pem or self.cert_pem,
            )
        else:
            creds = grpc.ssl_channel_credentials(root_certificates=self.server_pem)
        return grpc.secure_channel(
            self.target(), creds, options=[("grpc.ssl_target_name_override", "localhost")]
        )

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()
        err = self.proc.stderr.read().decode(errors="replace")
        self.proc.stderr.close()
        return err


def raw_call(channel, method, payload=b"", timeout=20):
    fn = channel.unary_unary(method, request_serializer=None, response_deserializer=None)
    return fn(payload, timeout=timeout)


# --- minimal protobuf wire helpers (enough for these tests) ---

def pb_varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def pb_bytes(field, data):
    return pb_varint(field << 3 | 2) + pb_varint(len(data)) + data


def pb_fields(data):
    """Yields (field number, wire type, value) of one message level."""
    i = 0
    while i < len(data):
        key, i = _read_varint(data, i)
        field, wt = key >> 3, key & 7
        if wt == 0:
            v, i = _read_varint(data, i)
        elif wt == 2:
            n, i = _read_varint(data, i)
            v = data[i : i + n]
            i += n
        elif wt == 1:
            v = data[i : i + 8]
            i += 8
        elif wt == 5:
            v = data[i : i + 4]
            i += 4
        else:
            raise ValueError("unsupported wire type")
        yield field, wt, v


def _read_varint(data, i):
    shift = n = 0
    while True:
        b = data[i]
        i += 1
        n |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return n, i


def vpc_config(cidr):
    attrs = reference_schema()["resource_schemas"]["aws_vpc"]["block"]["attributes"]
    obj = {name: None for name in attrs}
    obj["cidr_block"] = cidr
    return msgpack.packb(obj)


def validate_vpc(channel, cidr):
    req = pb_bytes(1, b"aws_vpc") + pb_bytes(2, pb_bytes(1, vpc_config(cidr)))
    resp = raw_call(channel, "/tfplugin5.Provider/ValidateResourceTypeConfig", req)
    diags = []
    for field, _, v in pb_fields(resp):
        if field == 1:
            d = {f: val for f, _, val in pb_fields(v)}
            diags.append(d)
    return diags


@pytest.fixture
def plugin():
    p = Plugin()
    yield p
    p.stop()


def test_handshake_line(plugin):
    assert plugin.core == "1"
    assert plugin.proto == "5"
    assert plugin.kind == "grpc"
    assert plugin.network == "unix"
    # With mutual TLS: the abstract namespace (no file to make or clean up;
    # the TLS handshake is what keeps others out).
    assert re.fullmatch(r"@tfplugin-[0-9a-f]{32}", plugin.addr), plugin.addr
    assert plugin.socket_left()
    cert = x509.load_pem_x509_certificate(plugin.server_pem)
    sans = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert "localhost" in sans.get_values_for_type(x509.DNSName)


def test_health_and_schema_over_mtls(plugin):
    ch = plugin.channel()
    health = raw_call(ch, "/grpc.health.v1.Health/Check", b"")
    assert dict((f, v) for f, _, v in pb_fields(health)).get(1) == 1  # SERVING
    schema = raw_call(ch, "/tfplugin5.Provider/GetSchema", b"")
    names = set()
    for field, _, v in pb_fields(schema):
        if field == 2:  # resource_schemas map entry
            names.add(dict((f, val) for f, _, val in pb_fields(v))[1].decode())
    assert {"aws_vpc", "aws_lb", "aws_alb", "aws_ecs_service", "aws_autoscaling_group"} <= names
    # every known resource type: the implemented ones and the schema-only ones
    assert names == set(reference_schema()["resource_schemas"])
    assert len(names) > 100


def test_client_without_certificate_is_refused(plugin):
    ch = plugin.channel(present_cert=False)
    with pytest.raises(grpc.RpcError) as e:
        raw_call(ch, "/tfplugin5.Provider/GetSchema", b"", timeout=5)
    assert e.value.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.UNKNOWN)


def test_client_with_other_certificate_is_refused(plugin):
    other_cert, other_key = make_identity()
    ch = plugin.channel(cert_pem=other_cert, key_pem=other_key)
    with pytest.raises(grpc.RpcError) as e:
        raw_call(ch, "/tfplugin5.Provider/GetSchema", b"", timeout=5)
    assert e.value.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.UNKNOWN)


def test_plaintext_without_client_cert():
    p = Plugin(tls=False)
    try:
        assert p.server_pem is None
        # Without TLS only this user may reach the socket: a private directory.
        assert p.network == "unix" and not p.addr.startswith("@")
        assert os.stat(os.path.dirname(p.addr)).st_mode & 0o777 == 0o700
        ch = p.channel()
        assert raw_call(ch, "/grpc.health.v1.Health/Check", b"")
        raw_call(ch, "/plugin.GRPCController/Shutdown", b"")
        assert p.proc.wait(10) == 0
        assert not p.socket_left()
    finally:
        p.stop()


def test_fifty_concurrent_rpcs(plugin):
    ch = plugin.channel()
    reference = raw_call(ch, "/tfplugin5.Provider/GetSchema", b"")

    def one(i):
        if i % 2:
            return ("schema", raw_call(ch, "/tfplugin5.Provider/GetSchema", b""))
        cidr = "10.0.0.0/16" if i % 4 == 0 else "10.0.0.1/33"
        return (cidr, validate_vpc(ch, cidr))

    with concurrent.futures.ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(one, range(50)))
    assert len(results) == 50
    for what, got in results:
        if what == "schema":
            assert got == reference
        elif what == "10.0.0.0/16":
            assert got == [], got
        else:
            assert len(got) == 1
            d = got[0]
            assert d[1] == 1  # ERROR
            assert b"cidr_block" in d.get(2, b"") + d.get(3, b"")
            # the diagnostic points at the attribute
            steps = [dict((f, v) for f, _, v in pb_fields(s)) for f, _, s in pb_fields(d[4])]
            assert steps == [{1: b"cidr_block"}]


def test_unknown_method_is_unimplemented(plugin):
    ch = plugin.channel()
    with pytest.raises(grpc.RpcError) as e:
        raw_call(ch, "/tfplugin5.Provider/NoSuchThing", b"")
    assert e.value.code() == grpc.StatusCode.UNIMPLEMENTED
    with pytest.raises(grpc.RpcError) as e:
        raw_call(ch, "/tfplugin5.Provider/UpgradeResourceIdentity", b"")
    assert e.value.code() == grpc.StatusCode.UNIMPLEMENTED
    # served since ephemeral resources open: a type it does not know is a
    # diagnostic, not a gRPC error
    resp = raw_call(ch, "/tfplugin5.Provider/RenewEphemeralResource", pb_bytes(1, b"nope"))
    assert b"Unknown type" in resp


def test_malformed_request_is_an_error_not_a_crash(plugin):
    ch = plugin.channel()
    with pytest.raises(grpc.RpcError) as e:
        raw_call(ch, "/tfplugin5.Provider/ValidateResourceTypeConfig", b"\xff\xff\xff\xff")
    assert e.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    # a well-formed message carrying garbage msgpack gets a diagnostic
    req = pb_bytes(1, b"aws_vpc") + pb_bytes(2, pb_bytes(1, b"\x93\x01"))
    resp = raw_call(ch, "/tfplugin5.Provider/ValidateResourceTypeConfig", req)
    assert b"could not be decoded" in resp
    assert raw_call(ch, "/grpc.health.v1.Health/Check", b"")


def test_controller_shutdown_exits_and_cleans_up(plugin):
    ch = plugin.channel()
    raw_call(ch, "/plugin.GRPCController/Shutdown", b"")
    assert plugin.proc.wait(10) == 0
    assert not plugin.socket_left()


def test_sigint_ignored_sigterm_stops(plugin):
    plugin.proc.send_signal(signal.SIGINT)
    time.sleep(0.3)
    assert plugin.proc.poll() is None
    assert raw_call(plugin.channel(), "/grpc.health.v1.Health/Check", b"")
    plugin.proc.send_signal(signal.SIGTERM)
    assert plugin.proc.wait(10) == 0
    assert not plugin.socket_left()


def test_run_by_hand_explains_and_exits_1():
    env = {k: v for k, v in os.environ.items() if k != "TF_PLUGIN_MAGIC_COOKIE"}
    r = subprocess.run([provider_bin()], env=env, capture_output=True, timeout=10)
    assert r.returncode == 1
    assert b"plugin" in r.stderr and b"Terraform" in r.stderr
    assert r.stdout == b""


def test_unsupported_protocol_versions():
    env = dict(os.environ, TF_PLUGIN_MAGIC_COOKIE=COOKIE, PLUGIN_PROTOCOL_VERSIONS="6,7")
    r = subprocess.run([provider_bin()], env=env, capture_output=True, timeout=10)
    assert r.returncode != 0
    assert b"protocol" in r.stderr
    assert r.stdout == b""


def test_tcp_fallback_honours_port_range(tmp_path):
    # An unusable temp dir forces the unix socket path to fail (without TLS,
    # where the abstract namespace is not used).
    p = Plugin(tls=False,
               extra_env={"TMPDIR": str(tmp_path / "missing"), "PLUGIN_MIN_PORT": "41000",
                          "PLUGIN_MAX_PORT": "41100"})
    try:
        assert p.network == "tcp"
        host, port = p.addr.rsplit(":", 1)
        assert host == "127.0.0.1" and 41000 <= int(port) <= 41100
        assert raw_call(p.channel(), "/grpc.health.v1.Health/Check", b"")
    finally:
        p.stop()

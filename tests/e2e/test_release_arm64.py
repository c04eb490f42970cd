"""The linux_arm64 release archive, run under qemu-user.

scripts/release.sh cross-builds linux_arm64 (cmake/aarch64-linux-gnu.cmake)
when Debian's aarch64-linux-gnu toolchain and the dependencies' arm64
multiarch packages are installed (scripts/install-deps.sh --arm64).  Here the arm64 zip of the release is checked like the amd64 one: in
SHA256SUMS, one executable named as Terraform expects, an aarch64 ELF
needing only the C library and no glibc newer than the README says.  Then
the binary runs under qemu-user (qemu-aarch64-static with the cross
toolchain's arm64 loader and libc; no binfmt registration needed): it completes
go-plugin's handshake and answers GetSchema over mTLS, and the real
(amd64) terraform, given a wrapper script as the plugin executable, plans
the 17-resource deployment (terraform/) with it against the emulator.

When the cross toolchain and qemu-user are installed the arm64 zip must be
there (release.sh builds it by default then): a release without it fails
here instead of skipping.  Without them (a machine that ran only
scripts/install-deps.sh, as CI does) the module skips and says what is
missing.

Environment: TFP_RELEASE_DIR (scripts/release.sh's OUTDIR; default
build-release/dist).
Run: /usr/bin/python3 -m pytest tests/e2e/test_release_arm64.py
"""
import hashlib
import os
import re
import shutil
import subprocess
import sys
import zipfile

import pytest

import test_runtime
import tfharness
from test_static_release import documented_min_glibc

sys.path.insert(0, os.path.join(tfharness.REPO, 'tests', 'emulator'))
from awsclient import Client  # noqa: E402

VERSION = tfharness.PROVIDER_VERSION
PREFIX = 'terraform-provider-aws_%s' % VERSION
ZIP = PREFIX + '_linux_arm64.zip'
SUMS = PREFIX + '_SHA256SUMS'
BINARY = 'terraform-provider-aws_v%s' % VERSION
DEPLOYMENT = os.path.join(tfharness.REPO, 'terraform')
SEED_COUNT = 17
CROSS_ROOT = '/usr/aarch64-linux-gnu'     # libc6-arm64-cross: ld.so and libc
QEMU = 'qemu-aarch64-static'
ALLOWED = {'libc.so.6', 'libm.so.6', 'ld-linux-aarch64.so.1'}
EM_AARCH64 = 183


def cross_build_missing():
    """What scripts/release.sh's cross build lacks here (its arm64_missing,
    in short): nothing when it builds linux_arm64 by default."""
    missing = [tool for tool in ('aarch64-linux-gnu-gcc', 'aarch64-linux-gnu-strip')
               if shutil.which(tool) is None]
    if shutil.which(QEMU) is None and shutil.which('qemu-aarch64') is None:
        missing.append(QEMU)
    if not os.path.isfile('/usr/lib/aarch64-linux-gnu/pkgconfig/grpc.pc'):
        missing.append('the arm64 gRPC package (libgrpc-dev:arm64)')
    return missing


@pytest.fixture(scope='module')
def release_dir():
    path = os.environ.get('TFP_RELEASE_DIR') or os.path.join(tfharness.REPO, 'build-release',
                                                             'dist')
    if not os.path.isfile(os.path.join(path, ZIP)):
        missing = cross_build_missing()
        if missing:
            pytest.skip('no linux_arm64 release: the arm64 cross build lacks %s '
                        '(scripts/install-deps.sh --arm64)' % ', '.join(missing))
        pytest.fail('the arm64 cross toolchain and qemu-user are installed but %s has no %s: '
                    'scripts/release.sh did not build linux_arm64' % (path, ZIP))
    return path


@pytest.fixture(scope='module')
def arm64_bin(release_dir, tmp_path_factory):
    """The binary from the arm64 zip, unpacked."""
    out = tmp_path_factory.mktemp('arm64')
    with zipfile.ZipFile(os.path.join(release_dir, ZIP)) as z:
        assert z.namelist() == [BINARY], z.namelist()
        info = z.getinfo(BINARY)
        assert (info.external_attr >> 16) & 0o777 == 0o755
        z.extract(BINARY, str(out))
    path = str(out / BINARY)
    os.chmod(path, 0o755)
    return path


@pytest.fixture(scope='module')
def wrapper(arm64_bin, tmp_path_factory):
    """An executable that runs the arm64 binary under qemu-user."""
    qemu = shutil.which(QEMU)
    if qemu is None:
        pytest.skip('%s is not installed (qemu-user-static; scripts/install-deps.sh --arm64), '
                    'so the arm64 binary cannot run here' % QEMU)
    assert os.path.isfile(os.path.join(CROSS_ROOT, 'lib', 'ld-linux-aarch64.so.1')), \
        'no arm64 dynamic loader under %s (libc6-arm64-cross)' % CROSS_ROOT
    path = str(tmp_path_factory.mktemp('qemu') / 'provider-arm64')
    # The loader and the C library both from the cross toolchain: with the
    # arm64 multiarch libc6 installed too, the loader would otherwise take
    # that libc.so.6 (another Debian revision) through /etc/ld.so.cache
    # (cmake/aarch64-linux-gnu.cmake says what that breaks).
    with open(path, 'w') as f:
        f.write('#!/bin/sh\nexec %s -L %s -E LD_LIBRARY_PATH=%s/lib %s "$@"\n'
                % (qemu, CROSS_ROOT, CROSS_ROOT, arm64_bin))
    os.chmod(path, 0o755)
    return path


def test_arm64_zip_listed_in_checksums(release_dir):
    with open(os.path.join(release_dir, SUMS)) as f:
        sums = dict(reversed(line.split()) for line in f if line.strip())
    with open(os.path.join(release_dir, ZIP), 'rb') as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    assert sums.get(ZIP) == digest, sums


def test_aarch64_elf_needing_only_the_c_library(arm64_bin):
    with open(arm64_bin, 'rb') as f:
        head = f.read(20)
    assert head[:4] == b'\x7fELF' and head[4] == 2, 'not a 64-bit ELF file'
    assert int.from_bytes(head[18:20], 'little') == EM_AARCH64, 'not an aarch64 executable'
    dyn = subprocess.run(['readelf', '-d', arm64_bin], capture_output=True, text=True,
                         check=True).stdout
    needed = set(re.findall(r'\(NEEDED\)\s+Shared library: \[([^\]]+)\]', dyn))
    assert needed and needed <= ALLOWED, dyn
    sections = subprocess.run(['readelf', '-S', arm64_bin], capture_output=True, text=True,
                              check=True).stdout
    assert '.symtab' not in sections and '.gnu_debuglink' in sections


def test_glibc_versions_within_documented_minimum(arm64_bin):
    objdump = shutil.which('aarch64-linux-gnu-objdump')
    assert objdump, 'aarch64-linux-gnu-objdump is not installed (binutils-aarch64-linux-gnu)'
    out = subprocess.run([objdump, '-T', arm64_bin], capture_output=True, text=True,
                         check=True).stdout
    found = sorted(set(re.findall(r'\((GLIBC_[\d.]+)\)\s+(\S+)', out)))
    assert found, 'no versioned glibc symbols: is this a dynamic executable?'
    too_new = [(v, s) for v, s in found
               if tuple(int(x) for x in v[6:].split('.')[:2]) > documented_min_glibc()]
    assert not too_new, 'symbols newer than the README says: %s' % too_new


def test_handshake_and_schema_under_qemu(wrapper, monkeypatch):
    monkeypatch.setattr(test_runtime, 'provider_bin', lambda: wrapper)
    p = test_runtime.Plugin()
    try:
        assert (p.core, p.proto, p.network, p.kind) == ('1', '5', 'unix', 'grpc')
        test_runtime.test_health_and_schema_over_mtls(p)
    finally:
        p.stop()


def test_terraform_plans_the_deployment_under_qemu(wrapper, module_workdir, module_emulator,
                                                   make_terraform):
    if shutil.which('terraform') is None:
        pytest.fail('terraform is not on PATH')
    client = Client(module_emulator.url, module_emulator.access_key, module_emulator.secret_key)
    image = client.call('ec2', 'DescribeImages', Owners=['amazon'])['Images'][0]['ImageId']
    mirror = tfharness.provider_mirror(module_workdir, wrapper)
    cli = tfharness.write_cli_config(os.path.join(module_workdir, 'arm64.tfrc'), mirror)
    tf = make_terraform(DEPLOYMENT, module_emulator, cli, tfvars={'ami_id': image})
    tf.run('init', '-no-color', '-input=false')
    installed = os.path.join(tf.workdir, '.terraform', 'providers', tfharness.PROVIDER_ADDR,
                             VERSION, 'linux_amd64', 'terraform-provider-aws_v%s_x5' % VERSION)
    with open(installed) as f:
        assert QEMU in f.read(), 'terraform did not install the qemu wrapper'
    plan = tf.run('plan', '-no-color', '-input=false', timeout=600)
    assert 'Plan: %d to add, 0 to change, 0 to destroy.' % SEED_COUNT in plan.stdout, \
        plan.stdout[-3000:]
    # The plan asked the emulator (the provider was configured and read the
    # data sources), through the arm64 binary.
    assert 'GetCallerIdentity' in module_emulator.operations().get('sts', set())

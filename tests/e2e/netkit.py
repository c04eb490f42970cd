"""Shared helpers for the networking end-to-end tests (VPC, subnet, gateway,
route table, association, security group): terraform against the emulator
with our provider or with hashicorp/aws, plus signed EC2 calls for changes
made behind Terraform's back.

    env = NetEnv(tmp_path)                 # starts an emulator
    tf = env.terraform('ours', MAIN_TF)    # or 'hashicorp' (runs init)
    tf.apply(); assert tf.plan_code() == 0
    env.ec2('DeleteRoute', RouteTableId=..., DestinationCidrBlock=...)
    state = tf.resources()                 # address -> attribute values
    env.close()

Environment: TFP_PROVIDER_BIN (our binary, built with sanitizers in CI),
TFP_TF_PLUGINS (mirror holding hashicorp/aws 5.100.0).
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time

import pytest

import ourprovider
import paritykit
import tfharness

sys.path.insert(0, os.path.join(tfharness.REPO, 'tests', 'emulator'))
from awsclient import AwsCallError, Client  # noqa: E402,F401

PROVIDER_TF = 'provider "aws" {\n  region = "us-east-1"\n}\n'


def require(which):
    """Skips the test when terraform or the provider `which` is missing."""
    if shutil.which('terraform') is None:
        pytest.skip('terraform is not on PATH')
    if which == 'ours' and not os.path.isfile(ourprovider.provider_bin()):
        pytest.skip('our provider is not built: %s' % ourprovider.provider_bin())
    if which == 'hashicorp':
        tfharness.require_hashicorp()


AWS_PROVIDER = 'provider["registry.terraform.io/hashicorp/aws"]'
BUILTIN_PROVIDER = 'provider["terraform.io/builtin/terraform"]'
TERRAFORM_DATA_DYNAMIC = ('input', 'output', 'triggers_replace')


class TfDir:
    """One terraform working directory bound to one provider."""

    def __init__(self, env, which, name, tf_text, provider_block=True):
        self.env = env
        self.which = which
        self.dir = os.path.join(env.root, name)
        os.makedirs(self.dir, exist_ok=True)
        self.write(tf_text, provider_block=provider_block)
        self.count = 0
        self.use(which)

    def use(self, which):
        """Switches the provider (ours <-> hashicorp) keeping the state."""
        self.which = which
        cli = os.path.join(self.env.root, which + '.tfrc')
        if which == 'ours':
            ourprovider.write_dev_overrides(cli)
        else:
            ourprovider.write_mirror_only(cli)
        extra = dict(self.env.emu.aws_env())
        for k in ('ASAN_OPTIONS', 'UBSAN_OPTIONS', 'LSAN_OPTIONS'):
            if k in os.environ:
                extra[k] = os.environ[k]
        self.tfenv = ourprovider.tf_env(cli, os.path.join(self.env.root, which + '-home'), extra)
        # hashicorp/aws is installed by init; ours is a dev override, which
        # needs none. Switching back to hashicorp re-inits only when the module
        # calls changed since its init/get or its installation is gone.
        if which != 'ours' and not self._initialised():
            self.run('init', '-input=false')

    _inited = None   # module_digest() as of the last hashicorp init / get

    def module_digest(self):
        """A digest of what `init` installs besides hashicorp/aws (the
        only provider in the mirror): module calls and their source/version
        lines, in every .tf file under the directory."""
        h = hashlib.sha256()
        for top, dirs, files in os.walk(self.dir):
            dirs[:] = sorted(d for d in dirs if d != '.terraform')
            for name in sorted(files):
                if not name.endswith(('.tf', '.tf.json')):
                    continue
                h.update(os.path.relpath(os.path.join(top, name), self.dir).encode() + b'\0')
                with open(os.path.join(top, name), encoding='utf-8', errors='replace') as f:
                    for line in f:
                        if name.endswith('.json') or re.match(
                                r'\s*(module\s|required_providers\b|source\s*=|version\s*=)',
                                line):
                            h.update(line.strip().encode() + b'\n')
        return h.hexdigest()

    def _initialised(self):
        """Whether init for hashicorp/aws ran here and still holds."""
        if self._inited is None or self._inited != self.module_digest():
            return False
        lock = os.path.join(self.dir, '.terraform.lock.hcl')
        installed = os.path.join(self.dir, '.terraform', 'providers', 'registry.terraform.io',
                                 'hashicorp', 'aws')
        try:
            with open(lock) as f:
                locked = 'provider "registry.terraform.io/hashicorp/aws"' in f.read()
        except OSError:
            return False
        return locked and os.path.isdir(installed) and bool(os.listdir(installed))

    def write(self, tf_text, name='main.tf', provider_block=True):
        """Writes a configuration file, by default after the test provider
        block (pass provider_block=False for a file that has its own)."""
        with open(os.path.join(self.dir, name), 'w') as f:
            f.write((PROVIDER_TF if provider_block else '') + tf_text)

    def run(self, *args, ok=(0,), timeout=300):
        self.count += 1
        start = time.monotonic()
        p = subprocess.run(['terraform', *args, '-no-color'], cwd=self.dir, env=self.tfenv,
                           capture_output=True, text=True, timeout=timeout)
        with open(os.path.join(self.dir, '%02d-%s-%s.log' % (self.count, args[0], self.which)),
                  'w') as f:
            f.write('$ terraform %s\n(exit %d, %.1fs)\n%s\n--- stderr ---\n%s'
                    % (' '.join(args), p.returncode, time.monotonic() - start, p.stdout,
                       p.stderr))
        if args[0] == 'init':
            self._inited = (self.module_digest()
                            if self.which != 'ours' and p.returncode == 0 else None)
        elif args[0] == 'get' and self._inited is not None and p.returncode == 0:
            self._inited = self.module_digest()
        if ok is not None and p.returncode not in ok:
            raise AssertionError('%s: terraform %s exited %d\n%s\n%s'
                                 % (self.which, ' '.join(args), p.returncode,
                                    p.stdout[-6000:], p.stderr[-6000:]))
        return p

    def apply(self, *extra):
        return self.run('apply', '-auto-approve', '-input=false', *extra)

    def destroy(self):
        return self.run('destroy', '-auto-approve', '-input=false')

    def plan(self, *extra):
        """(exit code of plan -detailed-exitcode, stdout)."""
        p = self.run('plan', '-input=false', '-detailed-exitcode', *extra, ok=(0, 2))
        return p.returncode, p.stdout

    def plan_code(self, *extra):
        return self.plan(*extra)[0]

    def assert_clean(self):
        code, out = self.plan()
        assert code == 0, 'expected an empty plan, got:\n' + out

    def resources(self):
        """address -> attribute values of the managed resources in the
        current state: what `terraform show -json` prints as values, read from
        the state file (show starts the provider for its schema: seconds of CPU
        for hashicorp/aws). Deposed objects are left out."""
        path = os.path.join(self.dir, 'terraform.tfstate')
        if os.path.isfile(path) and not os.path.exists(
                os.path.join(self.dir, '.terraform', 'environment')):
            with open(path) as f:
                providers = {re.sub(r'\]\..*', ']', r.get('provider', ''))  # alias off
                             for r in json.load(f).get('resources', [])}
            # The state file holds what show prints except the attributes of
            # dynamic type, stored as {"value", "type"}: terraform_data's (a
            # fixed schema, unwrapped here); for another provider than these
            # two (none is installable here), show is asked.
            if providers <= {AWS_PROVIDER, BUILTIN_PROVIDER}:
                out = paritykit.state_values(self, data=False)
                for addr, values in out.items():
                    if re.sub(r'^(module\.[^.\[]+(\[[^\]]*\])?\.)*', '',
                              addr).startswith('terraform_data.'):
                        out[addr] = {k: v['value'] if k in TERRAFORM_DATA_DYNAMIC
                                     and isinstance(v, dict) else v
                                     for k, v in values.items()}
                return out
        shown = json.loads(self.run('show', '-json').stdout)
        out = {}

        def walk(mod):
            for r in mod.get('resources', []):
                if r.get('mode') == 'managed':
                    out[r['address']] = r['values']
            for child in mod.get('child_modules', []):
                walk(child)
        walk(shown.get('values', {}).get('root_module', {}))
        return out

    def state_rm(self, *addrs):
        return self.run('state', 'rm', *addrs)

    def import_(self, addr, rid):
        return self.run('import', '-input=false', addr, rid)


class NetEnv:
    """An emulator plus terraform directories aimed at it."""

    def __init__(self, tmp_path):
        self.root = str(tmp_path)
        os.makedirs(self.root, exist_ok=True)
        self.emu = tfharness.EmulatorProcess(self.root).start()
        self.client = Client(self.emu.url, self.emu.access_key, self.emu.secret_key)

    def terraform(self, which, tf_text, name=None, provider_block=True):
        require(which)
        return TfDir(self, which, name or which, tf_text, provider_block)

    def ec2(self, op, **params):
        """A signed EC2 call made behind Terraform's back."""
        return self.client.call('ec2', op, **params)

    def state(self):
        return self.emu.state()

    def assert_empty(self):
        st = self.emu.state()
        assert st.get('empty'), 'the emulator still holds objects: %s' % json.dumps(st)[:3000]

    def close(self):
        self.emu.stop()


@pytest.fixture
def netenv(tmp_path):
    env = NetEnv(tmp_path)
    yield env
    env.close()


# Attributes that differ between two applies by nature (AWS-generated).
GENERATED = {'id', 'arn', 'owner_id', 'vpc_id', 'subnet_id', 'gateway_id', 'route_table_id',
             'main_route_table_id', 'default_network_acl_id', 'default_route_table_id',
             'default_security_group_id', 'dhcp_options_id', 'availability_zone_id'}


def normalise(value, ids):
    """Replaces AWS ids (vpc-..., igw-..., ...) by their order of appearance,
    so that two applies against fresh emulators can be compared."""
    if isinstance(value, dict):
        return {k: normalise(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v, ids) for v in value]
    if isinstance(value, str):
        import re
        def sub(m):
            return ids.setdefault(m.group(0), '<%s-%d>' % (m.group(1), len(ids)))
        value = re.sub(r'\b(vpc|subnet|igw|rtb|rtbassoc|acl|sg|dopt|eni|vgw)-[0-9a-f]{8,17}\b',
                       sub, value)
        value = re.sub(r'\b\d{12}\b', '<account>', value)
    return value


def diff(ours, ref, path=''):
    """Lines 'path: ours X, hashicorp Y' for every difference."""
    out = []
    if isinstance(ours, dict) and isinstance(ref, dict):
        for k in sorted(set(ours) | set(ref)):
            if k not in ours:
                out.append('%s.%s: missing in ours (hashicorp %s)' % (path, k, json.dumps(ref[k])))
            elif k not in ref:
                out.append('%s.%s: only in ours (%s)' % (path, k, json.dumps(ours[k])))
            else:
                out += diff(ours[k], ref[k], '%s.%s' % (path, k))
    elif isinstance(ours, list) and isinstance(ref, list) and len(ours) == len(ref):
        for i, (o, r) in enumerate(zip(ours, ref)):
            out += diff(o, r, '%s[%d]' % (path, i))
    elif ours != ref:
        out.append('%s: ours %s, hashicorp %s' % (path, json.dumps(ours), json.dumps(ref)))
    return out

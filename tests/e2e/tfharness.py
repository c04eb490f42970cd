"""Running the real `terraform` against the AWS emulator, for end-to-end tests.

Three pieces, usable on their own:

  EmulatorProcess   starts tests/emulator/server.py on a free port and talks
                    to its control API (/__emulator/state, calls, faults...).
  write_cli_config  a test-owned TF_CLI_CONFIG_FILE that installs providers
                    only from a local filesystem mirror (no network), either
                    the preinstalled hashicorp/aws mirror (TFP_TF_PLUGINS,
                    default /opt/tf-plugins) or a mirror made around one
                    provider binary (our own, TFP_PROVIDER_BIN).
  Terraform         runs terraform commands in a work directory with an
                    environment that points the AWS SDK at the emulator
                    (AWS_ENDPOINT_URL plus matching credentials) and nothing
                    of the user's own AWS or Terraform configuration.
"""

import glob
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
SERVER = os.path.join(REPO, 'tests', 'emulator', 'server.py')
PYTHON = '/usr/bin/python3'

ACCESS_KEY = 'AKIAEMULATORE2E00001'
SECRET_KEY = 'emulator/e2e/secret/key/0000000000000000'
REGION = 'us-east-1'
PROVIDER_ADDR = 'registry.terraform.io/hashicorp/aws'
PROVIDER_VERSION = '5.100.0'


def plugins_dir():
    return os.environ.get('TFP_TF_PLUGINS', '/opt/tf-plugins')


def hashicorp_missing():
    """Why hashicorp/aws cannot be installed from the mirror, or None."""
    binaries = os.path.join(plugins_dir(), PROVIDER_ADDR, PROVIDER_VERSION, '*',
                            'terraform-provider-aws_v%s*' % PROVIDER_VERSION)
    if glob.glob(binaries):
        return None
    return ('hashicorp/aws %s is not in the provider mirror %s (TFP_TF_PLUGINS)'
            % (PROVIDER_VERSION, plugins_dir()))


def require_hashicorp():
    """Skips the calling test when hashicorp/aws is not in the mirror.  Every
    CLI configuration that installs it from there is written after this
    check, so a test that needs it skips wherever it first asks for it."""
    reason = hashicorp_missing()
    if reason:
        import pytest
        pytest.skip(reason)


class EmulatorProcess:
    """The emulator as a child process on a free loopback port."""

    def __init__(self, workdir, access_key=ACCESS_KEY, secret_key=SECRET_KEY, region=REGION,
                 verbose=True):
        self.workdir = workdir
        self.access_key = access_key
        self.secret_key = secret_key
        self.region = region
        self.verbose = verbose
        self.proc = None
        self.port = None
        self.log_path = os.path.join(workdir, 'emulator.log')

    @property
    def url(self):
        return 'http://127.0.0.1:%d' % self.port

    def start(self, timeout=10.0):
        port_file = os.path.join(self.workdir, 'emulator.port')
        if os.path.exists(port_file):
            os.unlink(port_file)
        cmd = [PYTHON, SERVER, '--port', '0', '--port-file', port_file,
               '--access-key', self.access_key, '--secret-key', self.secret_key,
               '--region', self.region]
        if self.verbose:
            cmd.append('--verbose')
        self._log = open(self.log_path, 'ab')
        self.proc = subprocess.Popen(cmd, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError('emulator exited with %d; log:\n%s'
                                   % (self.proc.returncode, self.log_tail()))
            if os.path.exists(port_file):
                with open(port_file) as f:
                    text = f.read().strip()
                if text:
                    self.port = int(text)
                    return self
            time.sleep(0.02)
        self.stop()
        raise RuntimeError('emulator did not start within %.0fs' % timeout)

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None
        if getattr(self, '_log', None):
            self._log.close()
            self._log = None

    def log_tail(self, n=60):
        try:
            with open(self.log_path, 'rb') as f:
                return b''.join(f.readlines()[-n:]).decode('utf-8', 'replace')
        except OSError:
            return ''

    def _control(self, method, what, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request('%s/__emulator/%s' % (self.url, what), data=data,
                                     method=method,
                                     headers={'Content-Type': 'application/json'})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read())

    def state(self):
        return self._control('GET', 'state')

    def calls(self):
        return self._control('GET', 'calls')

    def reset(self):
        return self._control('POST', 'reset', {})

    def faults(self, cfg):
        return self._control('POST', 'faults', cfg)

    def health(self):
        return self._control('GET', 'health')

    def operations(self):
        """{'ec2': {'CreateVpc', ...}, ...}: operations answered successfully."""
        out = {}
        for c in self.calls():
            if c['status'] == 200:
                out.setdefault(c['service'], set()).add(c['operation'])
        return out

    def aws_env(self):
        """Environment for an AWS SDK client aimed at this emulator."""
        return {'AWS_ENDPOINT_URL': self.url, 'AWS_ACCESS_KEY_ID': self.access_key,
                'AWS_SECRET_ACCESS_KEY': self.secret_key, 'AWS_REGION': self.region,
                'AWS_DEFAULT_REGION': self.region}


def provider_mirror(workdir, provider_bin, version=PROVIDER_VERSION):
    """A filesystem mirror holding one provider binary as hashicorp/aws."""
    target = os.path.join(workdir, 'provider-mirror', PROVIDER_ADDR, version, 'linux_amd64')
    os.makedirs(target, exist_ok=True)
    dest = os.path.join(target, 'terraform-provider-aws_v%s_x5' % version)
    if os.path.lexists(dest):
        os.unlink(dest)
    shutil.copy2(provider_bin, dest)
    return os.path.join(workdir, 'provider-mirror')


def write_cli_config(path, mirror=None):
    """A CLI config that installs hashicorp/aws only from `mirror` (by
    default the preinstalled hashicorp/aws mirror)."""
    if mirror is None:
        require_hashicorp()
        mirror = plugins_dir()
    with open(path, 'w') as f:
        f.write('provider_installation {\n'
                '  filesystem_mirror {\n'
                '    path    = %s\n'
                '    include = ["%s"]\n'
                '  }\n'
                '}\n' % (json.dumps(mirror), PROVIDER_ADDR))
    return path


class TerraformError(AssertionError):
    pass


class Terraform:
    """terraform commands in one work directory, aimed at an emulator."""

    def __init__(self, workdir, emulator, cli_config, binary='terraform', extra_env=None,
                 log_dir=None):
        self.workdir = workdir
        self.binary = binary
        self.log_dir = log_dir or workdir
        home = os.path.join(log_dir or workdir, 'home')
        os.makedirs(home, exist_ok=True)
        # The sanitizer settings reach the provider binary Terraform starts;
        # the Go GC settings (scripts/test.sh) terraform and hashicorp/aws.
        keep = ('PATH', 'LANG', 'LC_ALL', 'TMPDIR', 'SSL_CERT_FILE', 'ASAN_OPTIONS',
                'UBSAN_OPTIONS', 'LSAN_OPTIONS', 'GOGC', 'GOMEMLIMIT')
        env = {k: os.environ[k] for k in keep if k in os.environ}
        env.update({
            'HOME': home,
            'TF_CLI_CONFIG_FILE': cli_config,
            'CHECKPOINT_DISABLE': '1',
            'TF_IN_AUTOMATION': '1',
            'TF_INPUT': '0',
            # no shared config/credentials files of the user
            'AWS_CONFIG_FILE': os.path.join(home, 'aws-config'),
            'AWS_SHARED_CREDENTIALS_FILE': os.path.join(home, 'aws-credentials'),
            'AWS_EC2_METADATA_DISABLED': 'true',
        })
        env.update(emulator.aws_env())
        env.update(extra_env or {})
        self.env = env
        self.count = 0

    def run(self, *args, timeout=300, check=True, ok_codes=(0,)):
        """Run `terraform args...`; returns CompletedProcess; logs to log_dir."""
        self.count += 1
        name = '%02d-%s' % (self.count, args[0])
        cmd = [self.binary] + list(args)
        start = time.monotonic()
        try:
            proc = subprocess.run(cmd, cwd=self.workdir, env=self.env, timeout=timeout,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except subprocess.TimeoutExpired as e:
            raise TerraformError('terraform %s timed out after %ss\n%s'
                                 % (' '.join(args), timeout,
                                    (e.stdout or b'').decode('utf-8', 'replace')[-4000:]))
        proc.elapsed = time.monotonic() - start
        proc.stdout = proc.stdout.decode('utf-8', 'replace')
        proc.stderr = proc.stderr.decode('utf-8', 'replace')
        with open(os.path.join(self.log_dir, name + '.log'), 'w') as f:
            f.write('$ %s\n(exit %d, %.1fs)\n%s\n--- stderr ---\n%s'
                    % (' '.join(cmd), proc.returncode, proc.elapsed, proc.stdout, proc.stderr))
        if check and proc.returncode not in ok_codes:
            raise TerraformError('terraform %s exited %d (expected %s)\n--- stdout ---\n%s\n'
                                 '--- stderr ---\n%s'
                                 % (' '.join(args), proc.returncode, ok_codes,
                                    proc.stdout[-6000:], proc.stderr[-6000:]))
        return proc

    def output(self):
        proc = self.run('output', '-json')
        return {k: v['value'] for k, v in json.loads(proc.stdout).items()}


def copy_config(src, dest):
    """Copy a Terraform configuration (no state, no .terraform) into dest."""
    os.makedirs(dest, exist_ok=True)
    for name in os.listdir(src):
        path = os.path.join(src, name)
        if os.path.isfile(path) and (name.endswith('.tf') or name.endswith('.tfvars')
                                     or name.endswith('.tfvars.json')):
            shutil.copy2(path, os.path.join(dest, name))
    return dest


def main(argv=None):
    """Manual use: start an emulator and print the environment to reach it."""
    work = tempfile.mkdtemp(prefix='tfp-emulator-')
    emu = EmulatorProcess(work).start()
    for k, v in emu.aws_env().items():
        print('export %s=%s' % (k, v))
    print('# log: %s ; Ctrl-C to stop' % emu.log_path, file=sys.stderr)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        emu.stop()


if __name__ == '__main__':
    main()

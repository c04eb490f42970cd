"""Pointing the real terraform at our provider binary, or at hashicorp/aws.

`dev_overrides` makes terraform use a binary from a directory without
`terraform init`; the hashicorp reference comes from the preinstalled
filesystem mirror (TFP_TF_PLUGINS) and needs `terraform init`.
"""
import os
import shutil
import subprocess

from tfharness import plugins_dir, require_hashicorp

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def provider_bin():
    return os.environ.get('TFP_PROVIDER_BIN', os.path.join(REPO, 'build', 'terraform-provider-aws'))


def reference_dir():
    """The repository's reference data: hashicorp/aws's schema, AWS models..."""
    return os.environ.get('TFP_REFERENCE', os.path.join(REPO, 'reference'))


def write_dev_overrides(path, binary=None):
    """CLI config using `binary` (ours by default) as hashicorp/aws."""
    binary = binary or provider_bin()
    bindir = os.path.join(os.path.dirname(path), 'provider-bin')
    os.makedirs(bindir, exist_ok=True)
    link = os.path.join(bindir, 'terraform-provider-aws')
    if not os.path.lexists(link):
        os.symlink(os.path.abspath(binary), link)
    with open(path, 'w') as f:
        f.write('provider_installation {\n'
                '  dev_overrides {\n    "hashicorp/aws" = "%s"\n  }\n'
                '  filesystem_mirror {\n    path = "%s"\n  }\n'
                '}\n' % (bindir, plugins_dir()))
    return path


def write_mirror_only(path):
    """CLI config installing hashicorp/aws 5.100.0 from the preinstalled mirror."""
    require_hashicorp()
    with open(path, 'w') as f:
        f.write('provider_installation {\n'
                '  filesystem_mirror {\n    path = "%s"\n'
                '    include = ["registry.terraform.io/hashicorp/aws"]\n  }\n'
                '}\n' % plugins_dir())
    return path


def tf_env(cli_config, home, extra=None):
    # GOGC/GOMEMLIMIT: the Go GC settings of scripts/test.sh, for terraform
    # and hashicorp/aws
    keep = ('PATH', 'LANG', 'LC_ALL', 'TMPDIR', 'ASAN_OPTIONS', 'UBSAN_OPTIONS', 'LSAN_OPTIONS',
            'GOGC', 'GOMEMLIMIT')
    env = {k: os.environ[k] for k in keep if k in os.environ}
    os.makedirs(home, exist_ok=True)
    env.update({'HOME': home, 'TF_CLI_CONFIG_FILE': cli_config, 'CHECKPOINT_DISABLE': '1',
                'TF_IN_AUTOMATION': '1', 'TF_INPUT': '0',
                'AWS_CONFIG_FILE': os.path.join(home, 'none'),
                'AWS_SHARED_CREDENTIALS_FILE': os.path.join(home, 'none'),
                'AWS_EC2_METADATA_DISABLED': 'true'})
    env.update(extra or {})
    return env


class Workdir:
    """A terraform working directory bound to one provider (ours or hashicorp)."""

    def __init__(self, root, which, files):
        self.which = which
        self.dir = os.path.join(root, which)
        os.makedirs(self.dir, exist_ok=True)
        for name, text in files.items():
            with open(os.path.join(self.dir, name), 'w') as f:
                f.write(text)
        cli = os.path.join(root, which + '.tfrc')
        if which == 'ours':
            write_dev_overrides(cli)
        else:
            write_mirror_only(cli)
        self.env = tf_env(cli, os.path.join(root, which + '-home'))
        if which != 'ours':
            self.run('init', '-input=false', '-no-color')

    def run(self, *args, ok=(0,), timeout=300):
        p = subprocess.run(['terraform', *args], cwd=self.dir, env=self.env,
                           capture_output=True, text=True, timeout=timeout)
        if ok is not None and p.returncode not in ok:
            raise AssertionError('%s: terraform %s exited %d\n%s\n%s'
                                 % (self.which, ' '.join(args), p.returncode,
                                    p.stdout[-5000:], p.stderr[-5000:]))
        return p

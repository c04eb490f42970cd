"""Shared fixtures of the end-to-end tests (real terraform, AWS emulator).

  emulator          an EmulatorProcess running for the test (module scope:
                    module_emulator)
  cli_config        a TF_CLI_CONFIG_FILE installing hashicorp/aws from the
                    local mirror (TFP_TF_PLUGINS, default /opt/tf-plugins)
  our_cli_config    the same for our provider binary (TFP_PROVIDER_BIN);
                    skips the test when that variable is not set
  make_terraform    make_terraform(config_dir, emulator, cli_config, tfvars={})
                    -> tfharness.Terraform on a private copy of config_dir
"""

import json
import os
import shutil

import pytest

import tfharness


# The files that take longest (scripts/test.sh's --durations), longest first:
# pytest-xdist's --dist loadfile hands out files in collection order, so one
# of these collected late would run alone at the end of the suite.
SLOWEST_FIRST = (
    'test_partial_failure.py', 'test_import_parity.py', 'test_wordpress_ecs.py',
    'test_autoscaling_parity.py', 'test_ecs_parity.py', 'test_launch_template_parity.py',
    'test_elbv2_parity.py', 'test_net_parity_vpc.py', 'test_route53.py',
    'test_net_parity_routes.py', 'test_net_defaults_nacl.py', 'test_net_vpc_extras.py',
    'test_plan_generic_apply.py', 'test_ephemeral_ssm.py', 'test_data_sources.py',
    'test_net_parity_sg.py', 'test_autoscaling.py', 'test_ecs_capacity.py',
    'test_elbv2_extras.py', 'test_cloudwatch.py', 'test_secrets.py',
    'test_emulator_hashicorp.py',
)


def pytest_collection_modifyitems(items):
    rank = {name: i for i, name in enumerate(SLOWEST_FIRST)}
    items.sort(key=lambda item: rank.get(os.path.basename(str(item.fspath)), len(rank)))


def _require_terraform():
    if shutil.which('terraform') is None:
        pytest.skip('terraform is not on PATH')


@pytest.fixture(scope='module')
def module_workdir(tmp_path_factory):
    return str(tmp_path_factory.mktemp('e2e'))


@pytest.fixture(scope='module')
def module_emulator(module_workdir):
    emu = tfharness.EmulatorProcess(module_workdir).start()
    yield emu
    emu.stop()


@pytest.fixture
def emulator(tmp_path):
    emu = tfharness.EmulatorProcess(str(tmp_path)).start()
    yield emu
    emu.stop()


@pytest.fixture(scope='module')
def cli_config(module_workdir):
    _require_terraform()
    return tfharness.write_cli_config(os.path.join(module_workdir, 'hashicorp.tfrc'))


@pytest.fixture(scope='module')
def our_cli_config(module_workdir):
    _require_terraform()
    binary = os.environ.get('TFP_PROVIDER_BIN')
    if not binary or not os.path.isfile(binary):
        pytest.skip('TFP_PROVIDER_BIN is not set to our provider binary')
    mirror = tfharness.provider_mirror(module_workdir, binary)
    return tfharness.write_cli_config(os.path.join(module_workdir, 'ours.tfrc'), mirror)


@pytest.fixture(scope='module')
def make_terraform(module_workdir):
    counter = [0]

    def make(config_dir, emulator, cli_config, tfvars=None, extra_env=None):
        counter[0] += 1
        work = os.path.join(module_workdir, 'tf%d' % counter[0])
        tfharness.copy_config(config_dir, work)
        if tfvars:
            with open(os.path.join(work, 'terraform.tfvars.json'), 'w') as f:
                json.dump(tfvars, f, indent=1)
        logs = os.path.join(module_workdir, 'logs%d' % counter[0])
        os.makedirs(logs, exist_ok=True)
        return tfharness.Terraform(work, emulator, cli_config, extra_env=extra_env,
                                   log_dir=logs)
    return make

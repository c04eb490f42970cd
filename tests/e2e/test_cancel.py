"""Cancellation and a killed provider, with the real terraform, on the
17-resource deployment (terraform/) against one emulator.

Ctrl-C: the emulator acts on CreateVpc but answers only after a minute (its
`slow` fault, limited to that operation); once the VPC exists in the
emulator, terraform gets SIGINT and sends StopProvider.  The provider must
end the create within a second (the transfer is cut; one quick lookup finds
the VPC the cut attempt made) and return the VPC's ID with the error, so
terraform exits within seconds with the VPC in its state (tainted), and the
emulator holds no VPC the state does not know.

SIGKILL: the same slow create, then the provider process (terraform's child)
is killed with SIGKILL before it answered, so the state never hears of the
VPC; later the same with CreateRouteTable (a create with a ClientToken).  A
new apply must adopt what the killed processes made (create_once's journal
in .terraform/aws-provider-creates: the snapshot a VPC's lookup took, the
route table's token) rather than create it again: no type ever holds more
objects than the deployment makes, and destroy leaves the emulator empty.
"""
import json
import os
import signal
import subprocess
import sys
import time

import pytest

import tfharness
from test_create_once_faults import EXPECTED, NO_FAULTS, ami

sys.path.insert(0, os.path.join(tfharness.REPO, 'tests', 'emulator'))
from awsclient import Client  # noqa: E402

CONFIG = os.path.join(tfharness.REPO, 'terraform')
SLOW = {'slow': 1.0, 'slow_ms': 60000}


def objects(emulator, kind):
    return emulator._control('GET', 'objects').get(kind, {'ever': 0, 'live': 0, 'peak': 0})


def start_apply(tf):
    log = open(os.path.join(tf.log_dir, 'apply-%d.log' % time.monotonic_ns()), 'w+')
    proc = subprocess.Popen([tf.binary, 'apply', '-auto-approve', '-no-color', '-input=false'],
                            cwd=tf.workdir, env=tf.env, stdout=log, stderr=subprocess.STDOUT)
    proc.log = log
    return proc


def output_of(proc):
    proc.log.seek(0)
    return proc.log.read()


def wait_for(what, timeout, proc):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if what():
            return
        assert proc.poll() is None, 'terraform exited early:\n' + output_of(proc)[-4000:]
        time.sleep(0.1)
    proc.kill()
    pytest.fail('timed out; terraform said:\n' + output_of(proc)[-4000:])


def provider_pid(tf_pid):
    """The provider process terraform started (its child)."""
    for pid in os.listdir('/proc'):
        if not pid.isdigit():
            continue
        try:
            with open('/proc/%s/stat' % pid) as f:
                stat = f.read()
        except OSError:
            continue
        comm = stat[stat.index('(') + 1:stat.rindex(')')]
        ppid = int(stat[stat.rindex(')') + 2:].split()[1])
        if ppid == tf_pid and comm.startswith('terraform-provi'):
            return int(pid)
    return None


def state(tf):
    proc = tf.run('show', '-json')
    values = json.loads(proc.stdout).get('values', {}).get('root_module', {})
    return {r['address']: r['values'] for r in values.get('resources', [])}


@pytest.fixture
def deployment(emulator, our_cli_config, make_terraform):
    tf = make_terraform(CONFIG, emulator, our_cli_config, tfvars={'ami_id': ami(emulator)})
    tf.run('init', '-no-color', '-input=false', timeout=120)
    yield tf
    emulator.faults(dict(NO_FAULTS, operations=None))


def test_ctrl_c_keeps_the_vpc_being_created(emulator, deployment):
    tf = deployment
    emulator.faults(dict(SLOW, operations=['CreateVpc']))
    proc = start_apply(tf)
    wait_for(lambda: objects(emulator, 'ec2/vpcs')['live'] == 1, 120, proc)
    time.sleep(0.5)              # the create is in flight, its answer a minute away
    start = time.monotonic()
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail('terraform did not exit within 20 s of SIGINT:\n' + output_of(proc)[-4000:])
    took = time.monotonic() - start
    out = output_of(proc)
    print('\nterraform exited %.2f s after SIGINT' % took)
    assert proc.returncode != 0, out
    assert took < 8, (took, out[-3000:])
    emulator.faults(dict(NO_FAULTS, operations=None))
    st = state(tf)
    assert 'aws_vpc.ecs-vpc' in st, out[-3000:]
    client = Client(emulator.url, emulator.access_key, emulator.secret_key)
    vpcs = [v['VpcId'] for v in client.call('ec2', 'DescribeVpcs')['Vpcs'] if not v['IsDefault']]
    assert vpcs == [st['aws_vpc.ecs-vpc']['id']]
    assert objects(emulator, 'ec2/vpcs')['ever'] == 1
    show = tf.run('state', 'show', '-no-color', 'aws_vpc.ecs-vpc').stdout
    assert 'tainted' in show, show
    assert 'cancel' in out.lower() or 'stopping' in out.lower(), out[-3000:]
    # Nothing else was started.
    assert objects(emulator, 'ec2/subnets')['ever'] == 0
    tf.run('destroy', '-auto-approve', '-no-color', '-input=false', timeout=300)
    assert emulator.state()['empty']


def kill_provider_during(tf, emulator, operation, kind):
    emulator.faults(dict(SLOW, operations=[operation]))
    before = objects(emulator, kind)['ever']
    proc = start_apply(tf)
    wait_for(lambda: objects(emulator, kind)['ever'] == before + 1, 180, proc)
    pid = provider_pid(proc.pid)
    assert pid, 'no provider process under terraform %d' % proc.pid
    os.kill(pid, signal.SIGKILL)
    proc.wait(timeout=60)
    out = output_of(proc)
    assert proc.returncode != 0, out
    emulator.faults(dict(NO_FAULTS, operations=None))
    return out


def test_sigkill_mid_create_makes_no_duplicate(emulator, deployment):
    tf = deployment
    kill_provider_during(tf, emulator, 'CreateVpc', 'ec2/vpcs')
    assert 'aws_vpc.ecs-vpc' not in state(tf)
    journal = os.path.join(tf.workdir, '.terraform', 'aws-provider-creates')
    assert os.listdir(journal), 'the killed create left no journal entry'
    kill_provider_during(tf, emulator, 'CreateRouteTable', 'ec2/route_tables')
    st = state(tf)
    assert 'aws_route_table.ecs-public' not in st
    # the VPC the first killed process made was adopted, not made again
    assert objects(emulator, 'ec2/vpcs')['ever'] == 1
    tf.run('apply', '-auto-approve', '-no-color', '-input=false', timeout=600)
    objs = emulator._control('GET', 'objects')
    for kind, n in EXPECTED.items():
        assert objs.get(kind, {}).get('ever') == n, (kind, objs.get(kind))
    assert os.listdir(journal) == []
    tf.run('plan', '-detailed-exitcode', '-no-color', '-input=false', timeout=300)
    tf.run('destroy', '-auto-approve', '-no-color', '-input=false', timeout=600)
    assert emulator.state()['empty']

"""The 17-resource deployment against an AWS that fails after acting.

The emulator throttles 20% of calls and, for 5% each, answers 500 without
acting, acts then answers 500, acts then drops the connection, and acts then
answers after the provider's read timeout (TFP_HTTP_TIMEOUT_MS).  With our
provider, apply, a re-plan and destroy must all succeed, the emulator must
end empty, and no type may ever have held more objects than the deployment
makes: a create whose attempt's outcome was unknown was either repeated with
its token or looked up and adopted, never made twice.

The same run with hashicorp/aws, for comparison, is bench/create_once_faults.py.
"""
import os
import sys

import tfharness

sys.path.insert(0, os.path.join(tfharness.REPO, 'tests', 'emulator'))
from awsclient import Client  # noqa: E402

CONFIG = os.path.join(tfharness.REPO, 'terraform')

FAULTS = {'throttle': 0.20, 'error500': 0.05, 'error500_after': 0.05, 'drop_after': 0.05,
          'slow': 0.05, 'slow_ms': 2500, 'eventual_consistency_ms': 300,
          'seed': int(os.environ.get('TFP_FAULT_SEED', '9'))}
NO_FAULTS = {'throttle': 0, 'error500': 0, 'error500_after': 0, 'drop_after': 0, 'slow': 0,
             'eventual_consistency_ms': 0}

# Objects the deployment makes, per emulator type (none is ever replaced).
EXPECTED = {
    'ec2/vpcs': 1, 'ec2/subnets': 2, 'ec2/internet_gateways': 1, 'ec2/route_tables': 1,
    'ec2/security_groups': 2, 'elasticloadbalancing/load_balancers': 1,
    'elasticloadbalancing/target_groups': 1, 'elasticloadbalancing/listeners': 1,
    'ecs/clusters': 1, 'ecs/services': 1, 'ecs/task_definitions': 1,
    'autoscaling/launch_configurations': 1, 'autoscaling/auto_scaling_groups': 1,
}

# Our provider's retries, shortened so that the run stays quick; the read
# timeout is below the emulator's slow answers so those become timeouts.
OUR_ENV = {'TFP_RETRY_BASE_DELAY_MS': '100', 'TFP_RETRY_MAX_BACKOFF_MS': '2000',
           'TFP_HTTP_TIMEOUT_MS': '1500'}


def ami(emulator):
    client = Client(emulator.url, emulator.access_key, emulator.secret_key)
    images = client.call('ec2', 'DescribeImages', Owners=['amazon'], Filters=[
        {'Name': 'name', 'Values': ['amzn2-ami-ecs-hvm-*-x86_64-ebs']}])['Images']
    assert images, 'the emulator serves no ECS-optimized AMI'
    return images[0]['ImageId']


def run_under_faults(tf, emulator, faults=FAULTS, check=True, step_timeout=600):
    """init, apply, plan, destroy under faults: a report of what happened.
    With check=False a failing or timed-out step is recorded (exit -1 for a
    timeout) and the next one runs anyway."""
    report = {'steps': {}}
    tf.run('init', '-no-color', '-input=false', timeout=120)
    emulator.faults(faults)
    for step, args, ok in (('apply', ('apply', '-auto-approve'), (0,)),
                           ('plan', ('plan', '-detailed-exitcode'), (0,)),
                           ('destroy', ('destroy', '-auto-approve'), (0,))):
        try:
            proc = tf.run(*args, '-no-color', '-input=false', timeout=step_timeout,
                          check=check, ok_codes=ok)
        except tfharness.TerraformError as e:
            if check:
                raise
            report['steps'][step] = {'exit': -1, 'seconds': step_timeout,
                                     'errors': [str(e).splitlines()[0]]}
            continue
        errors = [line for line in proc.stderr.splitlines() + proc.stdout.splitlines()
                  if line.startswith('Error:') or line.startswith('│ Error:')]
        report['steps'][step] = {'exit': proc.returncode, 'seconds': round(proc.elapsed, 1),
                                 'errors': errors}
    emulator.faults(NO_FAULTS)
    report['objects'] = emulator._control('GET', 'objects')
    report['duplicates'] = {k: v['ever'] - n for k, v in report['objects'].items()
                            for kk, n in EXPECTED.items() if k == kk and v['ever'] > n}
    report['left'] = {k: v['live'] for k, v in report['objects'].items() if v['live']}
    report['empty'] = emulator.state()['empty']
    calls = emulator.calls()
    report['faults_seen'] = {
        'throttled': sum(c['error_code'] in ('RequestLimitExceeded', 'Throttling',
                                             'ThrottlingException') for c in calls),
        '500': sum(c['error_code'] in ('InternalError', 'InternalFailure') for c in calls),
        'dropped': sum(c['error_code'] == 'ConnectionDropped' for c in calls),
        'calls': len(calls),
    }
    return report


def test_deployment_under_faults_creates_each_object_once(emulator, our_cli_config,
                                                          make_terraform):
    tf = make_terraform(CONFIG, emulator, our_cli_config, tfvars={'ami_id': ami(emulator)},
                        extra_env=OUR_ENV)
    report = run_under_faults(tf, emulator)
    print('\n%s' % report)
    objects = report['objects']
    for kind, n in EXPECTED.items():
        assert objects.get(kind, {}).get('ever') == n, (kind, objects.get(kind), report)
        assert objects[kind]['peak'] == n, (kind, objects[kind])
    assert report['empty'], report['left']
    seen = report['faults_seen']
    # the faults really happened, every kind of them
    assert seen['throttled'] and seen['500'] and seen['dropped'], seen

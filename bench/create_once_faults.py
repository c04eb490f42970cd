#!/usr/bin/python3
"""The 17-resource deployment against an AWS that fails after acting, with
our provider and with hashicorp/aws 5.100.0, side by side.

For each provider and each fault profile, a fresh emulator; then `terraform
init`, and under the faults `apply`, `plan -detailed-exitcode` and `destroy`
(each run even when the previous failed).  Reported per run: the exit code
and first error of each step, the objects of a type made more often than
the deployment makes them (duplicates: ids ever seen minus expected), what
the emulator still holds at the end, and how many faults were injected.

Profiles (shares of all calls):
  full          20% throttled; 5% each: 500 without acting, act then 500,
                act then drop the connection, act then answer after the read
                timeout (the e2e test tests/e2e/test_create_once_faults.py)
  act-then-500  20% throttled, 5% act then 500 (nothing else)

hashicorp/aws's read timeout cannot be shortened, so for it "slow" is only
a slow answer; ours runs with the e2e test's settings (TFP_HTTP_TIMEOUT_MS
1.5 s, shorter backoff).

Usage: bench/create_once_faults.py [--seeds 1,2,3] [--provider ours|hashicorp|both]
                                   [--profile full|act-then-500] [--step-timeout 300]
Our binary: $TFP_PROVIDER_BIN, else build/terraform-provider-aws.
"""
import argparse
import json
import os
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'e2e'))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'emulator'))

import tfharness  # noqa: E402
import test_create_once_faults as scenario  # noqa: E402

PROFILES = {
    'full': dict(scenario.FAULTS),
    'act-then-500': {'throttle': 0.20, 'error500_after': 0.05,
                     'eventual_consistency_ms': 300},
}


def one_run(work, which, profile, seed, binary, step_timeout):
    os.makedirs(work, exist_ok=True)
    emu = tfharness.EmulatorProcess(work).start()
    try:
        if which == 'ours':
            cli = tfharness.write_cli_config(
                os.path.join(work, 'ours.tfrc'), tfharness.provider_mirror(work, binary))
            env = scenario.OUR_ENV
        else:
            cli = tfharness.write_cli_config(os.path.join(work, 'hashicorp.tfrc'))
            env = {}
        tfdir = os.path.join(work, 'tf')
        tfharness.copy_config(scenario.CONFIG, tfdir)
        with open(os.path.join(tfdir, 'terraform.tfvars.json'), 'w') as f:
            json.dump({'ami_id': scenario.ami(emu)}, f)
        logs = os.path.join(work, 'logs')
        os.makedirs(logs, exist_ok=True)
        tf = tfharness.Terraform(tfdir, emu, cli, extra_env=env, log_dir=logs)
        faults = dict(PROFILES[profile], seed=seed)
        return scenario.run_under_faults(tf, emu, faults, check=False,
                                         step_timeout=step_timeout)
    finally:
        emu.stop()


def summary(r):
    steps = ' '.join('%s=%s' % (k, v['exit'] if v['exit'] >= 0 else 'timeout')
                     for k, v in r['steps'].items())
    first = next((v['errors'][0] for v in r['steps'].values() if v['errors']), '')
    dup = sum(r['duplicates'].values())
    return ('%s | duplicates %d %s | left %d %s | faults %s | %s'
            % (steps, dup, r['duplicates'] or '', sum(r['left'].values()), r['left'] or '',
               r['faults_seen'], first[:160]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--seeds', default='1,2,3')
    ap.add_argument('--provider', default='both', choices=('ours', 'hashicorp', 'both'))
    ap.add_argument('--profile', default='all', choices=('all',) + tuple(PROFILES))
    ap.add_argument('--step-timeout', type=int, default=300,
                    help='seconds per terraform step (a destroy blocked by a left-over '
                         'object retries for 20 minutes in hashicorp/aws)')
    args = ap.parse_args()
    binary = os.environ.get('TFP_PROVIDER_BIN',
                            os.path.join(ROOT, 'build', 'terraform-provider-aws'))
    which = ('ours', 'hashicorp') if args.provider == 'both' else (args.provider,)
    if 'hashicorp' in which and tfharness.hashicorp_missing():
        print('hashicorp/aws skipped: %s' % tfharness.hashicorp_missing())
        which = tuple(w for w in which if w != 'hashicorp')
    profiles = tuple(PROFILES) if args.profile == 'all' else (args.profile,)
    root = tempfile.mkdtemp(prefix='tfp-create-once-')
    print('work directory: %s' % root)
    for profile in profiles:
        for seed in [int(s) for s in args.seeds.split(',')]:
            for w in which:
                r = one_run(os.path.join(root, '%s-%s-%d' % (profile, w, seed)), w, profile,
                            seed, binary, args.step_timeout)
                print('%-12s seed %-3d %-9s %s' % (profile, seed, w, summary(r)), flush=True)


if __name__ == '__main__':
    main()

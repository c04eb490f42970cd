#!/usr/bin/env python3
"""Records the AWS fuzz targets' seed corpus (tests/fuzz/corpus/<protocol>/)
from the emulator: applies the seed deployment and a few examples with this
provider, takes every resource's and data source's state from
`terraform show -json`, and has the standalone fuzz driver read each one
against the emulator, keeping the answers (aws_fuzz.h describes the format).

    python3 tests/fuzz/record_corpus.py BUILD_DIR [--refresh]

BUILD_DIR holds terraform-provider-aws and tests/awsfuzz_ec2.  Only types
with no corpus file yet are written, unless --refresh.  Not part of the
suite: run it again when types are added or their reads change."""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEPLOYMENTS = ['terraform', 'examples/wordpress-ecs'] + sorted(
    os.path.relpath(d, ROOT) for d in glob.glob(os.path.join(ROOT, 'examples', '*'))
    if os.path.isdir(d) and not d.endswith('wordpress-ecs'))
KEY, SECRET = 'AKIDEMULATOR0000000', 'emulator-secret-key'


def main():
    build = os.path.abspath(sys.argv[1])
    work = tempfile.mkdtemp()
    port_file = os.path.join(work, 'port')
    emu = subprocess.Popen([sys.executable, os.path.join(ROOT, 'tests/emulator/server.py'),
                            '--port', '0', '--port-file', port_file, '--access-key', KEY,
                            '--secret-key', SECRET, '--region', 'us-east-1'],
                           stderr=open(os.path.join(work, 'emulator.log'), 'w'))
    try:
        for _ in range(150):
            if os.path.exists(port_file) and open(port_file).read().strip():
                break
            time.sleep(0.1)
        url = 'http://127.0.0.1:%s' % open(port_file).read().strip()
        urllib.request.urlopen(url + '/__emulator/health', timeout=5).read()
        with open(os.path.join(work, 'cli.tfrc'), 'w') as f:
            f.write('provider_installation {\n  dev_overrides { "hashicorp/aws" = "%s" }\n'
                    '  direct {}\n}\n' % build)
        env = dict(os.environ, TF_CLI_CONFIG_FILE=os.path.join(work, 'cli.tfrc'),
                   CHECKPOINT_DISABLE='1', AWS_ACCESS_KEY_ID=KEY, AWS_SECRET_ACCESS_KEY=SECRET,
                   AWS_REGION='us-east-1', AWS_ENDPOINT_URL=url,
                   TF_VAR_ami_id='ami-0a9e8b4c3d2f1e0a7')
        specs = {}
        for i, d in enumerate(DEPLOYMENTS):
            wd = os.path.join(work, 'd%d' % i)
            shutil.copytree(os.path.join(ROOT, d), wd,
                            ignore=shutil.ignore_patterns('.terraform*', '*.tfstate*'))
            r = subprocess.run(['terraform', 'apply', '-auto-approve', '-no-color'], cwd=wd,
                               env=env, capture_output=True, text=True)
            if r.returncode != 0:
                print('%s: apply failed:\n%s' % (d, r.stderr[-2000:]), file=sys.stderr)
                continue
            show = json.loads(subprocess.run(['terraform', 'show', '-json'], cwd=wd, env=env,
                                             capture_output=True, text=True, check=True).stdout)
            mods = [show.get('values', {}).get('root_module', {})]
            while mods:
                m = mods.pop()
                mods.extend(m.get('child_modules', []))
                for res in m.get('resources', []):
                    name = ('data.' if res['mode'] == 'data' else '') + res['type']
                    specs.setdefault(name, res['values'])
            print('%s: %d types so far' % (d, len(specs)))
        vpc = specs.get('aws_vpc', {}).get('id')
        if vpc:
            specs.setdefault('data.aws_vpc', {'id': vpc})
            specs.setdefault('data.aws_subnets',
                             {'filter': [{'name': 'vpc-id', 'values': [vpc]}]})
        if specs.get('aws_subnet'):
            specs.setdefault('data.aws_subnet', {'id': specs['aws_subnet']['id']})
        if specs.get('aws_security_group'):
            specs.setdefault('data.aws_security_group', {'id': specs['aws_security_group']['id']})
        specs.setdefault('data.aws_prefix_list', {'name': 'com.amazonaws.us-east-1.s3'})
        spec_file = os.path.join(work, 'specs')
        with open(spec_file, 'w') as f:
            for name, values in sorted(specs.items()):
                f.write('%s\t%s\n' % (name, json.dumps(values, separators=(',', ':'))))
        rec = os.path.join(work, 'corpus')
        os.makedirs(rec)
        subprocess.run([os.path.join(build, 'tests/awsfuzz_ec2'), '-record', rec, spec_file],
                       env=dict(env, FUZZ_RECORD='1'), check=True)
        out = os.path.join(ROOT, 'tests/fuzz/corpus')
        have = {os.path.basename(f) for f in glob.glob(os.path.join(out, '*', '*.txt'))}
        for f in sorted(glob.glob(os.path.join(rec, '*', '*.txt'))):
            name = os.path.basename(f)
            if '--refresh' in sys.argv or name not in have:
                dest = os.path.join(out, os.path.basename(os.path.dirname(f)))
                os.makedirs(dest, exist_ok=True)
                shutil.copy(f, os.path.join(dest, name))
                print('wrote', os.path.join(os.path.basename(dest), name))
    finally:
        emu.terminate()
        emu.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    main()

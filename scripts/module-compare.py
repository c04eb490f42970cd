#!/usr/bin/python3
"""Plans a module example with hashicorp/aws 5.100.0 and with our provider,
each against a fresh emulator, and prints how the plans differ.

    scripts/module-compare.py /work/modules/vpc-v5.21.0/examples/simple
    scripts/module-compare.py EXAMPLE --apply      # then apply, re-plan and
                                                   # destroy it with ours
    scripts/module-compare.py EXAMPLE --apply --apply-hashicorp   # and with hashicorp/aws
    scripts/module-compare.py EXAMPLE --module terraform-aws-modules/vpc/aws=/path/to/vpc
    scripts/module-compare.py EXAMPLE --zone example.com   # a public hosted zone
                                                           # seeded in both emulators

The example's *.tf files are copied into a work directory named like the
example (modules often name things after path.cwd); relative module sources
("../../", "../../modules/x") are pointed at the example's own tree, and
registry sources named with --module at a local copy.  The emulator's region
is the one the example's provider block names (or --region); both emulators
get the account's default VPC, as a real account has it, and the public
Route 53 hosted zones named with --zone (by default, when the example reads
a data "aws_route53_zone", the default of its variable "domain_name"), as a
domain the account owns.

The comparison covers every planned resource and data source: addresses
only one provider plans, actions, values and unknowns (AWS ids and account
numbers normalised).  A plan that fails prints its diagnostics; an
unimplemented type shows as `<type> is not implemented by this provider
yet`.  Exit status: 0 when the plans are equal (and --apply went through
clean, and with --apply-hashicorp both applies wrote the same state: values
either emulator makes up, like ids, addresses and times, compared as
present or absent), 1 otherwise.  The re-plan after apply is clean when it changes no
resource; changed outputs alone (a module output of values only known after
apply, e.g. target groups' load_balancer_arns once the listeners exist) are
listed, and count against ours only when hashicorp/aws (--apply-hashicorp)
re-planned other outputs.

Environment: TFP_PROVIDER_BIN (our binary, default build/terraform-provider-aws),
TFP_TF_PLUGINS (the mirror holding hashicorp/aws 5.100.0).
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(REPO, 'tests', 'e2e'))

import ourprovider  # noqa: E402
import tfharness  # noqa: E402

ID_RE = re.compile(r'\b([a-z][a-z0-9]*(?:-[a-z]+)*)-([0-9a-f]{8,17})\b')
ACCOUNT_RE = re.compile(r'\b\d{12}\b')
SOURCE_RE = re.compile(r'^(\s*source\s*=\s*)"([^"]+)"', re.M)


def copy_example(example, dest, modules):
    """The example's .tf files in dest, module sources made local."""
    os.makedirs(dest, exist_ok=True)
    for name in sorted(os.listdir(example)):
        path = os.path.join(example, name)
        if not (os.path.isfile(path) and (name.endswith('.tf') or name.endswith('.tfvars'))):
            continue
        with open(path) as f:
            text = f.read()

        def local(m):
            src = m.group(2)
            if src.startswith('./') or src.startswith('../'):
                src = os.path.normpath(os.path.join(example, src))
            else:
                src = modules.get(src.split('//')[0], src)
            if os.path.isabs(src):
                # a relative path keeps the module local (an absolute one would be
                # copied into .terraform/modules, breaking its own "../" sources)
                src = os.path.relpath(src, os.path.abspath(dest))
                if not src.startswith('.'):
                    src = './' + src
            return '%s"%s"' % (m.group(1), src)
        if name.endswith('.tf'):
            text = SOURCE_RE.sub(local, text)
            # a registry module pointed at a local copy takes no version
            text = re.sub(r'^(\s*source\s*=\s*"\.[^"]*"\s*\n)\s*version\s*=\s*"[^"]*"\s*\n',
                          r'\1', text, flags=re.M)
        with open(os.path.join(dest, name), 'w') as f:
            f.write(text)


def example_zones(example):
    """The domain a module example reads a hosted zone of: its variable
    domain_name's default, when it has a data "aws_route53_zone"."""
    text = ''
    for name in sorted(os.listdir(example)):
        if name.endswith('.tf'):
            with open(os.path.join(example, name)) as f:
                text += f.read()
    if not re.search(r'data\s+"aws_route53_zone"', text):
        return []
    m = re.search(r'variable\s+"domain_name"\s*\{[^}]*?default\s*=\s*"([^"]+)"', text, re.S)
    return [m.group(1)] if m else []


def example_region(example):
    for name in sorted(os.listdir(example)):
        if name.endswith('.tf'):
            with open(os.path.join(example, name)) as f:
                m = re.search(r'region\s*=\s*"([a-z]{2}-[a-z-]+-\d)"', f.read())
            if m:
                return m.group(1)
    return 'us-east-1'


class Run:
    """One provider, one fresh emulator, one work directory."""

    def __init__(self, root, which, example, modules, region, zones=()):
        self.which = which
        self.root = os.path.join(root, which)
        os.makedirs(self.root, exist_ok=True)
        self.emu = tfharness.EmulatorProcess(self.root, region=region, verbose=False).start()
        req = urllib.request.Request(self.emu.url + '/__emulator/service/ec2/ensure-default-vpc',
                                     data=b'{}', method='POST')
        try:
            urllib.request.urlopen(req, timeout=10).read()
        except OSError as e:
            print('# %s: no default VPC in the emulator (%s)' % (which, e), file=sys.stderr)
        self.zone_ids = {}   # seeded zone id -> domain (ids differ between emulators)
        for zone in zones:
            req = urllib.request.Request(self.emu.url + '/__emulator/service/route53/seed-zone',
                                         data=json.dumps({'name': zone}).encode(), method='POST')
            try:
                seeded = json.loads(urllib.request.urlopen(req, timeout=10).read())
                self.zone_ids[seeded['zone_id']] = zone
            except (OSError, ValueError, KeyError) as e:
                print('# %s: no hosted zone %s in the emulator (%s)' % (which, zone, e),
                      file=sys.stderr)
        cli = os.path.join(self.root, 'cli.tfrc')
        if which == 'ours':
            ourprovider.write_dev_overrides(cli)
        else:
            ourprovider.write_mirror_only(cli)
        self.env = ourprovider.tf_env(cli, os.path.join(self.root, 'home'), self.emu.aws_env())
        self.dir = os.path.join(self.root, os.path.basename(os.path.normpath(example)))
        copy_example(example, self.dir, modules)

    def tf(self, *args, ok=(0,)):
        p = subprocess.run(['terraform'] + list(args), cwd=self.dir, env=self.env,
                           capture_output=True, text=True, timeout=1800)
        if p.returncode not in ok:
            raise RuntimeError('%s: terraform %s exited %d\n%s' % (
                self.which, ' '.join(args), p.returncode, diagnostics(p.stderr or p.stdout)))
        return p

    def plan(self):
        self.tf('init', '-input=false', '-no-color')
        self.tf('plan', '-input=false', '-no-color', '-out=plan.bin')
        text = self.tf('show', '-json', 'plan.bin').stdout
        for zid, zone in self.zone_ids.items():
            text = text.replace(zid, '<hosted zone %s>' % zone)
        shown = json.loads(text)
        out = {}
        for c in shown.get('resource_changes', []):
            ch = c['change']
            out[c['address']] = {'actions': ch['actions'], 'after': ch.get('after'),
                                 'after_unknown': ch.get('after_unknown')}
        return out

    def state_values(self):
        """address -> attributes of the state file (as terraform show -json
        would print them, without starting the provider)."""
        with open(os.path.join(self.dir, 'terraform.tfstate')) as f:
            text = f.read()
        for zid, zone in self.zone_ids.items():
            text = text.replace(zid, '<hosted zone %s>' % zone)
        out = {}
        for r in json.loads(text).get('resources', []):
            addr = ('data.' if r['mode'] == 'data' else '') + '%s.%s' % (r['type'], r['name'])
            if r.get('module'):
                addr = r['module'] + '.' + addr
            for inst in r['instances']:
                key = inst.get('index_key')
                out[addr if key is None else '%s[%s]' % (addr, json.dumps(key))] = \
                    inst['attributes']
        return out

    def close(self):
        self.emu.stop()


def diagnostics(text):
    """terraform's diagnostics (stderr), each error once: a module's
    for_each repeats the same error per instance."""
    blocks, seen = [], set()
    for block in re.split(r'\n\s*\n(?=\s*[│╷]?\s*(?:Error|Warning):)', text.strip()):
        block = re.sub(r'\x1b\[[0-9;]*m', '', block).strip()
        first = re.sub(r'RequestID: [0-9a-f-]+', '', block.split('\n')[0])
        if first in seen:
            continue
        seen.add(first)
        blocks.append(block)
    return '\n\n'.join(blocks)[-6000:]


def normalise(v, ids):
    if isinstance(v, dict):
        return {k: normalise(x, ids) for k, x in v.items()}
    if isinstance(v, list):
        return [normalise(x, ids) for x in v]
    if isinstance(v, str):
        v = ID_RE.sub(lambda m: ids.setdefault(m.group(0), '<%s-id>' % m.group(1)), v)
        return ACCOUNT_RE.sub('<account>', v)
    return v


def sort_sets(v):
    """Lists compared as multisets (sets come out in either provider's order)."""
    if isinstance(v, dict):
        return {k: sort_sets(x) for k, x in v.items()}
    if isinstance(v, list):
        return sorted((sort_sets(x) for x in v), key=lambda e: json.dumps(e, sort_keys=True))
    return v


def differences(a, b, path=''):
    out = []
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a:
                out.append('%s.%s: only hashicorp (%s)' % (path, k, json.dumps(b[k])))
            elif k not in b:
                out.append('%s.%s: only ours (%s)' % (path, k, json.dumps(a[k])))
            else:
                out += differences(a[k], b[k], '%s.%s' % (path, k))
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            out += differences(x, y, '%s[%d]' % (path, i))
    elif a != b:
        out.append('%s: ours %s, hashicorp %s' % (path, json.dumps(a), json.dumps(b)))
    return out


def compare(ours, ref):
    """Lines describing every difference between the two plans."""
    lines = []
    for addr in sorted(set(ours) | set(ref)):
        if addr not in ref:
            lines.append('+ %s: only ours plans it (%s)' % (addr, ','.join(ours[addr]['actions'])))
            continue
        if addr not in ours:
            lines.append('- %s: only hashicorp plans it (%s)' % (addr,
                                                                 ','.join(ref[addr]['actions'])))
            continue
        a = sort_sets(normalise(ours[addr], {}))
        b = sort_sets(normalise(ref[addr], {}))
        for d in differences(a, b):
            lines.append('~ %s%s' % (addr, d))
    return lines


# State values each emulator makes up (besides ids): compared as present/absent.
GENERATED = re.compile(
    r'^(\d{1,3}\.){3}\d{1,3}$'                          # addresses
    r'|^\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)$'        # timestamps
    r'|^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d'                   # Go time.String()
    r'|[0-9a-f]{16}|[0-9a-f]{8}-[0-9a-f]{4}-'                # ELB/ACM ids in ARNs, names
    r'|\d{20,}|[A-Z0-9]{13,}'                              # bucket suffixes, zone ids
    r'|^ip-[\d-]+\.|^ec2-[\d-]+\.|^ns-\d+\.awsdns-'       # host names
    r'|\.vpce\.amazonaws\.com$'                            # endpoint DNS names
    r'|^\d{6,10}$')                                       # policy documents' hash ids


def state_differences(ours, ref):
    """Lines describing how two applies' states differ, beyond made-up values."""
    def scrub(v):
        if isinstance(v, dict):
            return {k: scrub(x) for k, x in v.items()}
        if isinstance(v, list):
            return [scrub(x) for x in v]
        if isinstance(v, str) and GENERATED.search(v):
            return '<generated>'
        return v
    lines = []
    for addr in sorted(set(ours) | set(ref)):
        if addr not in ref or addr not in ours:
            lines.append('%s %s: only %s holds it' % ('+' if addr in ours else '-', addr,
                                                    'ours' if addr in ours else 'hashicorp'))
            continue
        a = scrub(sort_sets(normalise(ours[addr], {})))
        b = scrub(sort_sets(normalise(ref[addr], {})))
        lines += ['~ %s%s' % (addr, d) for d in differences(a, b)]
    return lines


def leftovers(before, after):
    """Objects the emulator lists after destroy that it did not before apply."""
    out = []

    def walk(b, a, path):
        if isinstance(a, dict):
            for k, v in a.items():
                walk(b.get(k) if isinstance(b, dict) else None, v, path + [k])
        elif isinstance(a, list):
            new = [x for x in a if not isinstance(b, list) or x not in b]
            if new and all(isinstance(x, str) for x in new):
                out.append('%s: %s' % ('/'.join(path), ' '.join(new)))
    walk(before.get('services', before), after.get('services', after), [])
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('example', help='the example folder (a module example or any configuration)')
    ap.add_argument('--module', action='append', default=[], metavar='SOURCE=PATH',
                    help='a registry module source served from a local copy')
    ap.add_argument('--region', help='the emulator region (default: the example\'s)')
    ap.add_argument('--zone', action='append', metavar='DOMAIN',
                    help='a public Route 53 hosted zone seeded in both emulators (default: the '
                         'example\'s domain_name when it reads data "aws_route53_zone")')
    ap.add_argument('--apply', action='store_true',
                    help='then apply, re-plan and destroy with ours')
    ap.add_argument('--apply-hashicorp', action='store_true',
                    help='with --apply: the same with hashicorp/aws first (tells a provider '
                         'problem from an emulator one)')
    ap.add_argument('--keep', action='store_true', help='keep the work directory')
    args = ap.parse_args()
    example = os.path.abspath(args.example)
    modules = dict(m.split('=', 1) for m in args.module)
    region = args.region or example_region(example)
    zones = args.zone if args.zone is not None else example_zones(example)
    root = tempfile.mkdtemp(prefix='module-compare-')
    status = 0
    runs = []
    try:
        plans = {}
        for which in ('hashicorp', 'ours'):
            r = Run(root, which, example, modules, region, zones)
            runs.append(r)
            try:
                plans[which] = r.plan()
            except RuntimeError as e:
                print('## %s: plan failed\n%s\n' % (which, e))
                status = 1
        if len(plans) == 2:
            diff = compare(plans['ours'], plans['hashicorp'])
            n = len(plans['hashicorp'])
            print('## plan: %d planned changes with hashicorp, %d with ours, %d differences'
                  % (n, len(plans['ours']), len(diff)))
            for line in diff:
                print(line)
            status |= 1 if diff else 0
        replans, states = {}, {}
        for run in runs if args.apply else []:
            if run.which not in plans or (run.which == 'hashicorp' and not args.apply_hashicorp):
                continue
            before = run.emu.state()
            steps = (('apply', ('apply', '-input=false', '-no-color', '-auto-approve'), (0,)),
                     ('re-plan', ('plan', '-input=false', '-no-color', '-detailed-exitcode',
                                  '-out=replan.bin'), (0, 2)),
                     ('destroy', ('destroy', '-input=false', '-no-color', '-auto-approve'), (0,)))
            for name, cmd, ok in steps:
                try:
                    p = run.tf(*cmd, ok=ok)
                except RuntimeError as e:
                    print('## %s: %s failed\n%s' % (run.which, name, e))
                    status = 1
                    break
                if name == 're-plan':
                    replans[run.which] = []
                if name == 're-plan' and p.returncode == 2:
                    shown = json.loads(run.tf('show', '-json', 'replan.bin').stdout)
                    changes = ['%s (%s)' % (c['address'], ','.join(c['change']['actions']))
                               for c in shown.get('resource_changes', [])
                               if c['change']['actions'] not in (['no-op'], ['read'])]
                    outputs = sorted(k for k, c in (shown.get('output_changes') or {}).items()
                                     if c['actions'] != ['no-op'])
                    replans[run.which] = outputs
                    if changes:
                        print('## %s: re-plan after apply is not clean:\n  ' % run.which
                              + '\n  '.join(changes))
                        status = 1
                    elif run.which == 'ours' and 'hashicorp' in replans and \
                            outputs != replans['hashicorp']:
                        print('## %s: re-plan changes outputs %s, hashicorp/aws\'s %s'
                              % (run.which, ' '.join(outputs), ' '.join(replans['hashicorp'])))
                        status = 1
                    else:
                        print('## %s: re-plan ok (no resource changes; outputs known only '
                              'after apply change: %s)' % (run.which, ' '.join(outputs)))
                else:
                    print('## %s: %s ok' % (run.which, name))
                if name == 'apply':
                    states[run.which] = run.state_values()
            else:
                left = leftovers(before, run.emu.state())
                print('## %s: after destroy the emulator holds %s' % (
                    run.which, ', '.join(left) if left else 'what it held before apply'))
                status |= 1 if left else 0
        if len(states) == 2:
            diff = state_differences(states['ours'], states['hashicorp'])
            print('## state after apply: %d resources and data sources, %d differences'
                  % (len(states['hashicorp']), len(diff)))
            for line in diff:
                print(line)
            status |= 1 if diff else 0
    finally:
        for r in runs:
            r.close()
        if args.keep:
            print('# work directory: %s' % root, file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)
    return status


if __name__ == '__main__':
    sys.exit(main())

"""Helpers of the family parity tests (test_*_parity.py): several tests'
configurations applied together as modules of one root configuration, so
each provider, hashicorp/aws above all (seconds of CPU for every start), runs
once per family instead of once per test file.

    tf = env.terraform(which, '')          # init before the modules exist
    write_modules(tf, {'a': A_TF, 'b': B_TF}, root=True)
    tf.run('get')
    plan = plan_json(tf)                   # address -> change, plan -out p.tfplan
    tf.run('apply', '-input=false', 'p.tfplan')
    state = state_values(tf)               # address -> values, from the state file
    local = in_module(state, 'a')          # the module's addresses, prefix removed
"""
import json
import os


def write_modules(tf, modules, root=False):
    """One folder per module, `name/main.tf`; with root=True also the root
    configuration calling each of them."""
    for name, text in modules.items():
        os.makedirs(os.path.join(tf.dir, name), exist_ok=True)
        with open(os.path.join(tf.dir, name, 'main.tf'), 'w') as f:
            f.write(text)
    if root:
        tf.write(''.join('module "%s" {\n  source = "./%s"\n}\n' % (m, m) for m in modules))


def plan_json(tf):
    """address -> change of `terraform plan -out=p.tfplan`, shown as JSON."""
    tf.run('plan', '-input=false', '-out=p.tfplan')
    shown = json.loads(tf.run('show', '-json', 'p.tfplan').stdout)
    return {c['address']: c['change'] for c in shown.get('resource_changes', [])}


def state_values(tf, data=True):
    """address -> attribute values of the managed resources and (unless
    data=False) data sources, read from the state file: what `terraform show
    -json` prints as values, without starting the provider for its schema
    (hashicorp/aws takes seconds of CPU to). Deposed objects are left out."""
    with open(os.path.join(tf.dir, 'terraform.tfstate')) as f:
        state = json.load(f)
    out = {}
    for r in state['resources']:
        if r['mode'] == 'data' and not data:
            continue
        addr = '%s.%s' % (r['type'], r['name'])
        if r['mode'] == 'data':
            addr = 'data.' + addr
        if r.get('module'):
            addr = r['module'] + '.' + addr
        for inst in r['instances']:
            if inst.get('deposed'):
                continue
            key = inst.get('index_key')
            out[addr if key is None else '%s[%s]' % (addr, json.dumps(key))] = \
                inst['attributes']
    return out


def in_module(values, module):
    """The entries of one module, addressed as in its own configuration."""
    prefix = 'module.%s.' % module
    return {a[len(prefix):]: v for a, v in values.items() if a.startswith(prefix)}

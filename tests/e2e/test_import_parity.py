"""Import-then-plan parity for the 17-resource deployment (terraform/), issue 9
part 5 (test_wordpress_ecs.py does the same for the production deployment).

Each provider applies the deployment on its own emulator, then every object
it made is imported into an empty state (import blocks, with the IDs
hashicorp/aws 5.100.0 documents) and planned: once with the configuration
as it is, once with the ECS service naming its task definition as
family:revision (the issue's case).  Ours must plan a change exactly where
hashicorp/aws plans one, and the import plans must be equal modulo
generated IDs; with family:revision neither plans a change of the service
(both update the listener's forward block and the group's import-null
arguments, as test_wordpress_ecs notes).

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \\
     /usr/bin/python3 -m pytest tests/e2e/test_import_parity.py
"""
import glob
import os

import netkit
import tfharness
from netkit import NetEnv
from paritykit import state_values
from test_wordpress_ecs import generic, import_id, plan_json

CONFIG = os.path.join(tfharness.REPO, 'terraform')

FAMILY_REVISION = '''
resource "aws_ecs_service" "wordpress" {
  task_definition = "${aws_ecs_task_definition.wordpress.family}:${aws_ecs_task_definition.wordpress.revision}"
}
'''


def deploy(env, which, name):
    files = {}
    for path in sorted(glob.glob(os.path.join(CONFIG, '*.tf'))):
        with open(path) as f:
            files[os.path.basename(path)] = f.read()
    first = sorted(files)[0]
    tf = env.terraform(which, files[first], name=name, provider_block=False)
    os.rename(os.path.join(tf.dir, 'main.tf'), os.path.join(tf.dir, first))
    for fname, text in files.items():
        if fname != first:
            tf.write(text, name=fname, provider_block=False)
    images = env.client.call('ec2', 'DescribeImages', Owners=['amazon'], Filters=[
        {'Name': 'name', 'Values': ['amzn2-ami-ecs-hvm-*-x86_64-ebs']}])['Images']
    tf.write('ami_id = "%s"\n' % images[0]['ImageId'], name='terraform.tfvars',
             provider_block=False)
    return tf


def changed(plan):
    return {a: c['actions'] for a, c in plan.items() if c['actions'] != ['no-op']}


def test_import_then_plan_as_hashicorp(tmp_path):
    netkit.require('hashicorp')
    netkit.require('ours')
    results, envs = {}, {}
    try:
        for which in ('hashicorp', 'ours'):
            env = envs[which] = NetEnv(tmp_path / which)
            tf = deploy(env, which, which)
            tf.apply()
            state = {a: v for a, v in state_values(tf).items() if not a.startswith('data.')}
            assert len(state) == 17, sorted(state)
            imp = deploy(env, which, which + '-import')
            imp.write(''.join('import {\n  to = %s\n  id = "%s"\n}\n\n'
                              % (addr, import_id(addr, v)) for addr, v in sorted(state.items())),
                      name='imports.tf', provider_block=False)
            as_is = plan_json(imp)
            assert len(as_is) == 17 and all(c['importing'] for c in as_is.values()), as_is
            imp.write(FAMILY_REVISION, name='ecs_override.tf', provider_block=False)
            family = plan_json(imp)
            results[which] = (as_is, family)
            imp.run('apply', '-input=false', 'p.tfplan')
            imp.assert_clean()
            if which == 'ours':
                # (hashicorp/aws destroys these types in test_wordpress_ecs,
                # test_elbv2_parity and test_autoscaling_parity)
                tf.destroy()
                env.assert_empty()
        ref, ours = results['hashicorp'], results['ours']
        print('\nhashicorp/aws import plan changes: %s\n                  with family:revision: '
              '%s' % (changed(ref[0]), changed(ref[1])))
        assert changed(ours[0]) == changed(ref[0]), (changed(ours[0]), changed(ref[0]))
        assert changed(ours[1]) == changed(ref[1]), (changed(ours[1]), changed(ref[1]))
        # the case: family:revision imported as such, no update
        assert 'aws_ecs_service.wordpress' in changed(ref[0])
        assert 'aws_ecs_service.wordpress' not in changed(ours[1])
        problems = []
        for i, what in enumerate(('import plan', 'import plan (family:revision)')):
            r, o = generic(ref[i]), generic(ours[i])
            for addr in sorted(set(r) | set(o)):
                problems += netkit.diff(o.get(addr), r.get(addr), '%s %s' % (what, addr))
        assert not problems, '\n'.join(problems)
    finally:
        for env in envs.values():
            env.close()

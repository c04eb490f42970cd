"""aws_launch_template end to end against the emulator: lifecycle (apply,
clean re-plan, a change making a new version that becomes the default, a
tags-only change making none, default_version set by hand, import by id,
destroy to an empty emulator), drift (a version added outside Terraform),
diagnostics for bad input and deprecated blocks.  Parity with
hashicorp/aws 5.100.0 (plan JSON, values and unknowns, of the create and of
the update of config() and UPDATED, state after each, and each provider
planning the other's state clean) is in test_launch_template_parity.py,
one run with test_launch_template_blocks' configuration.

The example (examples/aws_launch_template) applies, re-plans clean and
destroys to an empty emulator.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \
     /usr/bin/python3 -m pytest tests/e2e/test_launch_template.py
"""
import json
import os

import tfharness
from netkit import NetEnv, netenv  # noqa: F401  (fixture)

IMAGE = 'ami-0a9e8b4c3d2f1e0a7'

NETWORK = '''
resource "aws_vpc" "v" {
  cidr_block = "10.40.0.0/16"
}

resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.v.id
  cidr_block        = "10.40.1.0/24"
  availability_zone = "us-east-1a"
}

resource "aws_security_group" "sg" {
  vpc_id = aws_vpc.v.id
  name   = "lt-sg"
}
'''

LT = '''
resource "aws_launch_template" "web" {
  name_prefix            = "web-"
  description            = "%(desc)s"
  image_id               = "%(image)s"
  instance_type          = "%(itype)s"
  key_name               = "deployer"
  vpc_security_group_ids = [aws_security_group.sg.id]
  update_default_version = true
  ebs_optimized          = "true"
  user_data              = base64encode("#!/bin/bash\\necho hi\\n")

  iam_instance_profile {
    name = "ecs-instance"
  }

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 2
  }

  monitoring {
    enabled = true
  }

  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size           = 30
      volume_type           = "gp3"
      encrypted             = "true"
      delete_on_termination = "true"
    }
  }

  tag_specifications {
    resource_type = "instance"
    tags = {
      Name = "web"
    }
  }

  tags = {
    env = "%(env)s"
  }
}

resource "aws_launch_template" "net" {
  name = "t-lt-net"

  network_interfaces {
    associate_public_ip_address = "true"
    delete_on_termination       = "true"
    device_index                = 0
    security_groups             = [aws_security_group.sg.id]
    subnet_id                   = aws_subnet.a.id
  }

  placement {
    availability_zone = "us-east-1a"
  }

  iam_instance_profile {
    arn = "arn:aws:iam::123456789012:instance-profile/ecs"
  }
}
'''

BASE = dict(desc='v1', image=IMAGE, itype='t3.micro', env='test')
UPDATED = dict(itype='t3.small', desc='v2', env='prod')


def config(**kw):
    return NETWORK + LT % dict(BASE, **kw)


def plan_json(tf):
    """The resource changes of a saved plan, by address."""
    tf.run('plan', '-input=false', '-out=p.tfplan')
    shown = json.loads(tf.run('show', '-json', 'p.tfplan').stdout)
    return {c['address']: c['change'] for c in shown.get('resource_changes', [])}


def test_lifecycle(tmp_path):
    env = NetEnv(tmp_path)
    try:
        tf = env.terraform('ours', config())
        tf.apply()
        tf.assert_clean()
        st = tf.resources()
        web = st['aws_launch_template.web']
        assert web['id'].startswith('lt-') and web['name'].startswith('web-')
        assert web['name_prefix'] == 'web-'
        assert (web['latest_version'], web['default_version']) == (1, 1)
        assert web['arn'] == 'arn:aws:ec2:us-east-1:123456789012:launch-template/' + web['id']
        assert web['metadata_options'][0]['http_tokens'] == 'required'
        assert web['metadata_options'][0]['http_put_response_hop_limit'] == 2
        assert web['block_device_mappings'][0]['ebs'][0]['volume_size'] == 30
        assert web['iam_instance_profile'] == [{'arn': '', 'name': 'ecs-instance'}]
        lt_id = web['id']
        v = env.ec2('DescribeLaunchTemplateVersions', LaunchTemplateId=lt_id,
                    Versions=['1'])['LaunchTemplateVersions'][0]['LaunchTemplateData']
        assert v['MetadataOptions']['HttpTokens'] == 'required'
        assert v['UserData'] == web['user_data']

        # An instance argument changes: a new version, made the default.
        tf.write(config(itype='t3.small', desc='v2'))
        changes = plan_json(tf)
        after_unknown = changes['aws_launch_template.web']['after_unknown']
        assert after_unknown.get('latest_version') and after_unknown.get('default_version')
        assert 'aws_launch_template.net' not in changes or \
            changes['aws_launch_template.net']['actions'] == ['no-op']
        tf.apply()
        tf.assert_clean()
        web = tf.resources()['aws_launch_template.web']
        assert (web['latest_version'], web['default_version']) == (2, 2)
        assert web['id'] == lt_id and web['instance_type'] == 't3.small'
        assert web['description'] == 'v2'

        # Tags only: no new version.
        tf.write(config(itype='t3.small', desc='v2', env='prod'))
        tf.apply()
        tf.assert_clean()
        web = tf.resources()['aws_launch_template.web']
        assert web['latest_version'] == 2 and web['tags'] == {'env': 'prod'}

        # default_version by hand on the other template.
        env.ec2('CreateLaunchTemplateVersion', LaunchTemplateName='t-lt-net',
                SourceVersion='1', LaunchTemplateData={'InstanceType': 't3.nano'})
        code, out = tf.plan()
        # drift: the version added outside Terraform is the latest one now
        assert code == 2 and 'latest_version' in out and 't3.nano' in out, out

        # Drift on the other: a version added outside Terraform.
        env.ec2('CreateLaunchTemplateVersion', LaunchTemplateId=lt_id, SourceVersion='$Latest',
                LaunchTemplateData={'InstanceType': 't3.large'})
        code, out = tf.plan()
        assert code == 2 and '"t3.large" -> "t3.small"' in out, out
        tf.apply()
        tf.assert_clean()
        web = tf.resources()['aws_launch_template.web']
        assert (web['latest_version'], web['default_version']) == (4, 4)
        assert web['instance_type'] == 't3.small'
        net = tf.resources()['aws_launch_template.net']
        assert net['latest_version'] == 3 and net['default_version'] == 1

        # Import by id reproduces the state (update_default_version lives
        # only in Terraform and is set again in place, as with hashicorp).
        before = tf.resources()['aws_launch_template.web']
        tf.state_rm('aws_launch_template.web')
        tf.import_('aws_launch_template.web', lt_id)
        after = tf.resources()['aws_launch_template.web']
        for k in before:
            if k != 'update_default_version':
                assert after[k] == before[k], (k, after[k], before[k])
        assert after['update_default_version'] is None
        tf.apply()
        tf.assert_clean()

        # A template deleted behind Terraform's back is planned again.
        env.ec2('DeleteLaunchTemplate', LaunchTemplateName='t-lt-net')
        code, out = tf.plan()
        assert code == 2 and 'aws_launch_template.net will be created' in out, out

        tf.destroy()
        env.assert_empty()
    finally:
        env.close()


BAD = '''
resource "aws_launch_template" "bad" {
  name = "t-lt-bad"
  metadata_options {
    http_tokens = "sometimes"
  }
}

resource "aws_launch_template" "old" {
  name = "t-lt-old"
  elastic_inference_accelerator {
    type = "eia1.medium"
  }
}

resource "aws_launch_template" "both" {
  name                   = "t-lt-both"
  default_version        = 1
  update_default_version = true
}
'''


def test_diagnostics(tmp_path):
    env = NetEnv(tmp_path)
    try:
        tf = env.terraform('ours', BAD)
        p = tf.run('plan', '-input=false', ok=(1,))
        err = p.stderr
        assert 'http_tokens' in err and 'sometimes' in err, err
        # a block of a retired service: hashicorp's deprecation warning
        assert 'Argument is deprecated' in p.stdout + err, p.stdout + err
        assert 'elastic_inference_accelerator is deprecated' in p.stdout, p.stdout
        assert 'Argument not supported' not in err, err
        assert '"default_version": conflicts with update_default_version' in err, err
        env.assert_empty()
    finally:
        env.close()


def generic(value):
    """AWS-generated parts replaced by placeholders."""
    text = json.dumps(value)
    import re
    text = re.sub(r'lt-[0-9a-f]{17}', '<lt>', text)
    text = re.sub(r'web-[0-9a-z]{26}', 'web-<suffix>', text)
    return json.loads(text)


def test_example(netenv):  # noqa: F811
    folder = os.path.join(tfharness.REPO, 'examples', 'aws_launch_template')
    assert os.path.isfile(os.path.join(folder, 'README.md'))
    with open(os.path.join(folder, 'main.tf')) as f:
        text = f.read()
    tf = netenv.terraform('ours', text, provider_block=False)
    tf.apply()
    assert 'aws_launch_template.example' in tf.resources()
    tf.assert_clean()
    tf.destroy()
    netenv.assert_empty()

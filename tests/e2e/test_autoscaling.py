"""aws_launch_configuration and aws_autoscaling_group end to end with our
provider against the emulator: lifecycle (apply, clean re-plan, in-place
update, replacement, import, destroy to an empty emulator), drift, and
state parity with hashicorp/aws 5.100.0 for the same configuration.

The target group the group registers with is made by a signed ELBv2 call
(so these tests do not depend on aws_lb_target_group) and deleted at the
end.

The examples (examples/aws_launch_configuration, examples/aws_autoscaling_group)
apply, re-plan clean and destroy to an empty emulator.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \
     /usr/bin/python3 -m pytest tests/e2e/test_autoscaling.py
"""
import json
import os
import re
import time

import pytest

import netkit
import tfharness
from netkit import NetEnv, netenv  # noqa: F401  (fixture)

NETWORK = '''
variable "tg_arn" {
  type = string
}

resource "aws_vpc" "v" {
  cidr_block = "10.30.0.0/16"
}

resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.v.id
  cidr_block        = "10.30.1.0/24"
  availability_zone = "us-east-1a"
}

resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.v.id
  cidr_block        = "10.30.2.0/24"
  availability_zone = "us-east-1b"
}

resource "aws_security_group" "sg" {
  vpc_id = aws_vpc.v.id
  name   = "asg-sg"
}
'''

LC = '''
resource "aws_launch_configuration" "lc" {
  name_prefix                 = "t-lc-"
  image_id                    = "ami-0a9e8b4c3d2f1e0a7"
  instance_type               = "%(itype)s"
  security_groups             = [aws_security_group.sg.id]
  associate_public_ip_address = true
  user_data                   = "#!/bin/bash\\necho hi\\n"
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_launch_configuration" "named" {
  name          = "t-lc-named"
  image_id      = "ami-0a9e8b4c3d2f1e0a7"
  instance_type = "t3.micro"
  root_block_device {
    volume_size = 20
    volume_type = "gp3"
  }
  ebs_block_device {
    device_name = "/dev/sdb"
    volume_size = 10
  }
}
'''

ASG = '''
resource "aws_autoscaling_group" "g" {
  name                 = "t-asg"
  launch_configuration = aws_launch_configuration.lc.name
  vpc_zone_identifier  = [aws_subnet.a.id, aws_subnet.b.id]
  target_group_arns    = [var.tg_arn]
  min_size             = 1
  max_size             = %(max)d
  desired_capacity     = %(desired)d
  health_check_type    = "EC2"
  # Deleting must lift the protection before the group can drain.
  protect_from_scale_in = true
  tag {
    key                 = "Name"
    value               = "%(tagval)s"
    propagate_at_launch = true
  }
  tag {
    key                 = "team"
    value               = "x"
    propagate_at_launch = false
  }
}

resource "aws_autoscaling_group" "p" {
  name_prefix               = "t-asgp-"
  launch_configuration      = aws_launch_configuration.named.name
  availability_zones        = ["us-east-1a"]
  min_size                  = 0
  max_size                  = 1
  enabled_metrics           = ["GroupMinSize"]
  suspended_processes       = ["AZRebalance"]
  termination_policies      = ["OldestInstance"]
  wait_for_capacity_timeout = "0"
}
'''

BASE = dict(itype='t3.micro', max=3, desired=2, tagval='t-inst')


def config(**kw):
    args = dict(BASE, **kw)
    return NETWORK + LC % args + ASG % args


def target_group(env, vpc_id=None):
    """A target group in the emulator (in a throwaway VPC when none is given)."""
    if vpc_id is None:
        vpc_id = env.ec2('CreateVpc', CidrBlock='10.99.0.0/16')['Vpc']['VpcId']
    out = env.client.call('elasticloadbalancing', 'CreateTargetGroup', Name='asg-tg',
                          Protocol='HTTP', Port=80, VpcId=vpc_id)
    return out['TargetGroups'][0]['TargetGroupArn'], vpc_id


def cleanup_target_group(env, arn, vpc_id):
    env.client.call('elasticloadbalancing', 'DeleteTargetGroup', TargetGroupArn=arn)
    env.ec2('DeleteVpc', VpcId=vpc_id)


def apply_config(env, which, name=None):
    arn, vpc = target_group(env)
    tf = env.terraform(which, config(), name=name)
    tf.write('tg_arn = "%s"\n' % arn, name='terraform.tfvars', provider_block=False)
    tf.apply()
    return tf, arn, vpc


def test_lifecycle(tmp_path):
    env = NetEnv(tmp_path)
    try:
        tf, arn, vpc = apply_config(env, 'ours')
        tf.assert_clean()
        st = tf.resources()
        g = st['aws_autoscaling_group.g']
        assert g['desired_capacity'] == 2 and g['target_group_arns'] == [arn]
        # wait_for_capacity_timeout: the apply returned with the capacity there.
        out = env.client.call('autoscaling', 'DescribeAutoScalingGroups',
                              AutoScalingGroupNames=['t-asg'])
        insts = out['AutoScalingGroups'][0]['Instances']
        assert sum(1 for i in insts if i['LifecycleState'] == 'InService') == 2, insts
        lc = st['aws_launch_configuration.lc']
        assert lc['user_data'] == 'e3cf5b39bc793e8151d1893fb3992ebdad89c0d2'
        assert lc['name'].startswith('t-lc-') and lc['name_prefix'] == 't-lc-'

        # In place: sizes and a tag value.
        tf.write(config(max=4, desired=3, tagval='t-inst-2'))
        code, out = tf.plan()
        assert code == 2 and 'must be replaced' not in out, out
        tf.apply()
        tf.assert_clean()
        g = tf.resources()['aws_autoscaling_group.g']
        assert g['max_size'] == 4 and g['desired_capacity'] == 3
        assert {'key': 'Name', 'value': 't-inst-2', 'propagate_at_launch': True} in g['tag']

        # Replacement of the launch configuration, the group follows in place.
        tf.write(config(max=4, desired=3, tagval='t-inst-2', itype='t3.small'))
        code, out = tf.plan()
        assert code == 2 and 'aws_launch_configuration.lc must be replaced' in out, out
        tf.apply()
        tf.assert_clean()
        st = tf.resources()

        # Drift: a tag removed behind Terraform's back shows up.
        env.client.call('autoscaling', 'DeleteTags', Tags=[{
            'ResourceId': 't-asg', 'ResourceType': 'auto-scaling-group', 'Key': 'team'}])
        code, out = tf.plan()
        assert code == 2 and 'team' in out, out
        tf.apply()
        tf.assert_clean()

        # Import reproduces the state.
        for addr in ('aws_autoscaling_group.g', 'aws_autoscaling_group.p',
                     'aws_launch_configuration.lc', 'aws_launch_configuration.named'):
            before = tf.resources()[addr]
            tf.state_rm(addr)
            tf.import_(addr, before['id'])
            after = tf.resources()[addr]
            # (the group's Terraform-only arguments are imported null, as
            # hashicorp/aws imports them)
            ignore = {'force_delete', 'wait_for_capacity_timeout', 'timeouts', 'user_data',
                      'min_elb_capacity', 'wait_for_elb_capacity', 'force_delete_warm_pool',
                      'ignore_failed_scaling_activities'}
            for k in before:
                if k not in ignore:
                    assert after[k] == before[k], (addr, k, after[k], before[k])
        # Arguments that live only in Terraform (wait_for_capacity_timeout
        # "0" here) are set again in place, as with hashicorp/aws.
        tf.apply()
        tf.assert_clean()

        # A group deleted behind Terraform's back is planned for creation.
        name = tf.resources()['aws_autoscaling_group.p']['id']
        env.client.call('autoscaling', 'DeleteAutoScalingGroup', AutoScalingGroupName=name,
                        ForceDelete=True)
        for _ in range(100):
            out = env.client.call('autoscaling', 'DescribeAutoScalingGroups',
                                  AutoScalingGroupNames=[name])
            if not out['AutoScalingGroups']:
                break
            time.sleep(0.1)
        code, out = tf.plan()
        assert code == 2 and 'aws_autoscaling_group.p will be created' in out, out

        tf.destroy()
        cleanup_target_group(env, arn, vpc)
        env.assert_empty()
    finally:
        env.close()


MINE = ('aws_launch_configuration', 'aws_autoscaling_group')


def tg_generic(value):
    """The target group ARN's generated suffix replaced by a placeholder."""
    return json.loads(re.sub(r'(targetgroup/asg-tg/)[0-9a-f]+', r'\1<id>', json.dumps(value)))


def test_parity(tmp_path):
    states = {}
    for which in ('hashicorp', 'ours'):
        env = NetEnv(tmp_path / which)
        try:
            try:
                tf, arn, vpc = apply_config(env, which)
            except AssertionError as e:
                # hashicorp/aws's SDK now and then resends a CreateAutoScalingGroup
                # that the emulator already answered; one fresh try.
                if which != 'hashicorp' or 'AlreadyExists' not in str(e):
                    raise
                env.close()
                env = NetEnv(tmp_path / (which + '-again'))
                tf, arn, vpc = apply_config(env, which)
            states[which] = tf.resources()
            if which == 'ours':
                tf.assert_clean()
                tf.use('hashicorp')
                tf.assert_clean()
                tf.use('ours')
                tf.assert_clean()
            tf.destroy()
            cleanup_target_group(env, arn, vpc)
            env.assert_empty()
        finally:
            env.close()
    problems = []
    for addr in sorted(states['hashicorp']):
        if not addr.startswith(MINE):
            continue
        ids = {}
        ref = netkit.normalise(states['hashicorp'][addr], ids)
        ids2 = {}
        ours = netkit.normalise(states['ours'][addr], ids2)
        for k in ('id', 'arn', 'name', 'launch_configuration'):
            ref.pop(k, None), ours.pop(k, None)
        problems += netkit.diff(tg_generic(ours), tg_generic(ref), addr)
    assert not problems, '\n'.join(problems)


@pytest.mark.parametrize('type_name', MINE)
def test_example(netenv, type_name):  # noqa: F811
    folder = os.path.join(tfharness.REPO, 'examples', type_name)
    assert os.path.isfile(os.path.join(folder, 'README.md'))
    with open(os.path.join(folder, 'main.tf')) as f:
        text = f.read()
    tf = netenv.terraform('ours', text, provider_block=False)
    tf.apply()
    assert any(addr.startswith(type_name + '.') for addr in tf.resources())
    tf.assert_clean()
    tf.destroy()
    netenv.assert_empty()

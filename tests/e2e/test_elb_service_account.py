"""data aws_elb_service_account: the ELB log-delivery account of the
provider's region or of `region`, id the account, arn its root in the
provider's partition; a region without one (opened after ap-southeast-3) is
an error. Values and diagnostic equal to hashicorp/aws 5.100.0's.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \\
     /usr/bin/python3 -m pytest tests/e2e/test_elb_service_account.py
"""
import json
import re

import netkit
from netkit import NetEnv

READ = '''
provider "aws" {
  region = "us-east-1"
}
data "aws_elb_service_account" "here" {}
data "aws_elb_service_account" "ireland" {
  region = "eu-west-1"
}
data "aws_elb_service_account" "beijing" {
  region = "cn-north-1"
}
output "d" {
  value = {
    here     = data.aws_elb_service_account.here
    ireland  = data.aws_elb_service_account.ireland
    beijing  = data.aws_elb_service_account.beijing
  }
}
'''

UNSUPPORTED = '''
provider "aws" {
  region = "us-east-1"
}
data "aws_elb_service_account" "spain" {
  region = "eu-south-2"
}
'''


def read(env, which):
    tf = env.terraform(which, READ, name='%s-read' % which, provider_block=False)
    tf.apply()
    values = json.loads(tf.run('output', '-json').stdout)['d']['value']
    bad = env.terraform(which, UNSUPPORTED, name='%s-bad' % which, provider_block=False)
    p = bad.run('plan', '-input=false', ok=(1,))
    error = [ln.strip(' │') for ln in p.stderr.splitlines()
             if re.search(r'Error:|data "aws_elb|with data', ln)]
    return values, error


def test_elb_service_account(tmp_path):
    netkit.require('ours')
    env = NetEnv(tmp_path)
    try:
        ours, ours_error = read(env, 'ours')
        assert ours == {
            'here': {'id': '127311923021', 'arn': 'arn:aws:iam::127311923021:root',
                     'region': None},
            'ireland': {'id': '156460612806', 'arn': 'arn:aws:iam::156460612806:root',
                        'region': 'eu-west-1'},
            # the provider's partition, not the named region's (as hashicorp/aws)
            'beijing': {'id': '638102146993', 'arn': 'arn:aws:iam::638102146993:root',
                        'region': 'cn-north-1'},
        }
        assert ours_error[0] == 'Error: unsupported AWS Region: eu-south-2', ours_error
        assert any('data "aws_elb_service_account" "spain"' in ln for ln in ours_error)
        netkit.tfharness.require_hashicorp()
        ref, ref_error = read(env, 'hashicorp')
        assert ours == ref
        assert ours_error == ref_error
    finally:
        env.close()

"""data aws_default_tags (read by the autoscaling module): the provider's
default_tags without "aws:" keys and ignore_tags keys, {} without any, id the
partition; equal to what hashicorp/aws 5.100.0 reads.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \\
     /usr/bin/python3 -m pytest tests/e2e/test_default_tags.py
"""
import json

import netkit
from netkit import NetEnv

WITH_TAGS = '''
provider "aws" {
  region = "us-east-1"
  default_tags {
    tags = { Team = "web", Hidden = "no", "aws:reserved" = "x" }
  }
  ignore_tags {
    keys = ["Hidden"]
  }
}
data "aws_default_tags" "d" {}
output "d" { value = data.aws_default_tags.d }
'''

WITHOUT = '''
provider "aws" {
  region = "us-east-1"
}
data "aws_default_tags" "d" {}
output "d" { value = data.aws_default_tags.d }
'''


def outputs(env, which, name, text):
    tf = env.terraform(which, text, name='%s-%s' % (which, name), provider_block=False)
    tf.apply()
    return json.loads(tf.run('output', '-json').stdout)['d']['value']


def test_default_tags(tmp_path):
    netkit.require('ours')
    env = NetEnv(tmp_path)
    try:
        ours = {'with': outputs(env, 'ours', 'with', WITH_TAGS),
                'without': outputs(env, 'ours', 'without', WITHOUT)}
        assert ours == {'with': {'id': 'aws', 'tags': {'Team': 'web'}},
                        'without': {'id': 'aws', 'tags': {}}}
        if netkit.tfharness.hashicorp_missing() is None:
            ref = {'with': outputs(env, 'hashicorp', 'with', WITH_TAGS),
                   'without': outputs(env, 'hashicorp', 'without', WITHOUT)}
            assert ours == ref
    finally:
        env.close()

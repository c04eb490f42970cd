"""Parity of aws_vpc, aws_subnet and data "aws_availability_zones" with
hashicorp/aws 5.100.0: the same configuration applied by each provider
against its own fresh emulator must give the same state, attribute by
attribute (AWS-generated ids aside), the same after an in-place update, and
both must re-plan clean.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \\
     /usr/bin/python3 -m pytest tests/e2e/test_net_parity_vpc.py
"""
import json
import os
import re

from netkit import NetEnv, diff, normalise

PARITY_TF = '''
data "aws_availability_zones" "az" {
  state         = "available"
  exclude_names = ["us-east-1f"]
}

resource "aws_vpc" "main" {
  cidr_block           = "10.20.0.0/16"
  enable_dns_hostnames = true
  tags = {
    Name = "parity"
  }
}

resource "aws_vpc" "plain" {
  cidr_block                       = "10.30.0.0/16"
  assign_generated_ipv6_cidr_block = true
}

resource "aws_subnet" "public" {
  vpc_id                  = aws_vpc.main.id
  cidr_block              = "10.20.1.0/24"
  availability_zone       = data.aws_availability_zones.az.names[0]
  map_public_ip_on_launch = true
  tags = {
    Name = "public"
    Tier = "web"
  }
}

resource "aws_subnet" "private" {
  vpc_id                                      = aws_vpc.main.id
  cidr_block                                  = "10.20.2.0/24"
  availability_zone_id                        = data.aws_availability_zones.az.zone_ids[1]
  private_dns_hostname_type_on_launch         = "resource-name"
  enable_resource_name_dns_a_record_on_launch = true
  timeouts {
    delete = "5m"
  }
}
'''

UPDATE = ('map_public_ip_on_launch = true', 'map_public_ip_on_launch = false')


def shown(tf):
    """address -> schema version and values of every resource and data source
    in the state, read from the state file: what `terraform show -json`
    prints, without starting the provider for its schema (hashicorp/aws
    takes seconds of CPU to)."""
    out = {}
    with open(os.path.join(tf.dir, 'terraform.tfstate')) as f:
        doc = json.load(f)
    for r in doc['resources']:
        addr = ('data.' if r['mode'] == 'data' else '') + '%s.%s' % (r['type'], r['name'])
        (inst,) = r['instances']
        out[addr] = {'schema_version': inst['schema_version'], 'values': inst['attributes']}
    return out


def ipv6_blind(text):
    """Amazon-provided IPv6 blocks and their association ids are generated:
    keep only their shape."""
    text = re.sub(r'"vpc-cidr-assoc-[0-9a-f]+"', '"<vpc-cidr-assoc>"', text)
    return re.sub(r'"[0-9a-f:]+::/(\d+)"', r'"<ipv6>/\1"', text)


def compare(ours, ref):
    assert sorted(ours) == sorted(ref)
    ours, ref = (json.loads(ipv6_blind(json.dumps(x))) for x in (ours, ref))
    problems = diff(normalise(ours, {}), normalise(ref, {}))
    assert not problems, 'state differs from hashicorp/aws:\n' + '\n'.join(problems)


def test_vpc_subnet_azs_state_parity(tmp_path):
    envs = {w: NetEnv(os.path.join(str(tmp_path), w)) for w in ('ours', 'hashicorp')}
    try:
        tfs = {w: envs[w].terraform(w, PARITY_TF) for w in envs}
        for w, tf in tfs.items():
            tf.apply()
        compare(shown(tfs['ours']), shown(tfs['hashicorp']))
        for tf in tfs.values():
            tf.assert_clean()

        for tf in tfs.values():
            tf.write(PARITY_TF.replace(*UPDATE))
            tf.apply()
        compare(shown(tfs['ours']), shown(tfs['hashicorp']))

        # import gives the same state with either provider
        for w, tf in tfs.items():
            ids = {a: v['values']['id'] for a, v in shown(tf).items() if a.startswith('aws_')}
            tf.state_rm('aws_vpc.plain', 'aws_subnet.public')
            tf.import_('aws_vpc.plain', ids['aws_vpc.plain'])
            tf.import_('aws_subnet.public', ids['aws_subnet.public'])
        compare(shown(tfs['ours']), shown(tfs['hashicorp']))

        for w, tf in tfs.items():
            tf.assert_clean()
            tf.destroy()
            envs[w].assert_empty()
    finally:
        for env in envs.values():
            env.close()

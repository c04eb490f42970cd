"""aws_launch_template's less common blocks end to end against the emulator,
with hashicorp/aws 5.100.0 as the reference: capacity_reservation_specification,
credit_specification (sent only for a burstable instance type, as
DescribeInstanceTypes says), the deprecated elastic_gpu_specifications and
elastic_inference_accelerator, instance_market_options with spot_options,
instance_requirements with every range block, and the interfaces'
connection_tracking_specification and ena_srd_specification.

LT with V1 and V2 below, in test_launch_template_parity.py (one run with
test_launch_template's configuration): per provider, plan and apply, re-plan
clean, an update of each block (a new version), import by id planned clean,
the other provider planning the state clean, destroy to an empty emulator;
the plans (values and unknowns), the states, the imported states and what
each provider stored in the emulator are equal.  Here: the credit
specification by instance type.

Run: TFP_PROVIDER_BIN=build-x/terraform-provider-aws \\
     /usr/bin/python3 -m pytest tests/e2e/test_launch_template_blocks.py
"""
import json
import re

from netkit import NetEnv

LT = '''
resource "aws_launch_template" "all" {
  name          = "t-lt-all"
  instance_type = "%(itype)s"

  capacity_reservation_specification {
    capacity_reservation_preference = "%(crpref)s"
  }

  credit_specification {
    cpu_credits = "%(credits)s"
  }

  elastic_gpu_specifications {
    type = "eg1.medium"
  }

  elastic_inference_accelerator {
    type = "%(eia)s"
  }

  instance_market_options {
    market_type = "spot"
    spot_options {
      instance_interruption_behavior = "%(interrupt)s"
      max_price                      = "%(price)s"
      spot_instance_type             = "one-time"
      valid_until                    = "2030-01-02T03:04:05Z"
    }
  }

  network_interfaces {
    device_index = 0
    description  = "primary"
    connection_tracking_specification {
      tcp_established_timeout = %(tcp)d
      udp_stream_timeout      = 60
      udp_timeout             = 30
    }
    ena_srd_specification {
      ena_srd_enabled = true
      ena_srd_udp_specification {
        ena_srd_udp_enabled = %(udp)s
      }
    }
  }
}

resource "aws_launch_template" "target" {
  name          = "t-lt-target"
  instance_type = "m5.large"

  capacity_reservation_specification {
    capacity_reservation_target {
      capacity_reservation_resource_group_arn = "arn:aws:resource-groups:us-east-1:123456789012:group/crg"
    }
  }
}

resource "aws_launch_template" "req" {
  name = "t-lt-req"

  instance_requirements {
    accelerator_manufacturers = ["nvidia"]
    accelerator_names         = ["t4"]
    accelerator_types         = ["gpu"]
    allowed_instance_types    = ["g4dn.*", "%(allowed)s"]
    bare_metal                = "excluded"
    burstable_performance     = "%(burst)s"
    cpu_manufacturers         = ["intel", "amd"]
    instance_generations      = ["current"]
    local_storage             = "required"
    local_storage_types       = ["ssd"]
    on_demand_max_price_percentage_over_lowest_price = 30
    require_hibernate_support = false
    spot_max_price_percentage_over_lowest_price      = 60

    accelerator_count {
      min = 1
      max = 2
    }
    accelerator_total_memory_mib {
      min = 1024
    }
    baseline_ebs_bandwidth_mbps {
      max = 10000
    }
    memory_gib_per_vcpu {
      min = 0.5
      max = %(gib)s
    }
    memory_mib {
      min = %(mem)d
    }
    network_bandwidth_gbps {
      min = 1.5
    }
    network_interface_count {
      min = 1
      max = 4
    }
    total_local_storage_gb {
      min = 50
      max = 1000.5
    }
    vcpu_count {
      min = 2
      max = 8
    }
  }
}
'''

V1 = dict(itype='t3.micro', crpref='open', credits='unlimited', eia='eia1.medium',
          interrupt='terminate', price='0.05', tcp=120, udp='false', allowed='m5.*',
          burst='included', gib='4', mem=1024)
V2 = dict(itype='t3.small', crpref='none', credits='standard', eia='eia2.medium',
          interrupt='stop', price='0.07', tcp=300, udp='true', allowed='c5.*',
          burst='excluded', gib='8.25', mem=2048)
NAMES = ('all', 'target', 'req')


def generic(value):
    return json.loads(re.sub(r'lt-[0-9a-f]{17}', '<lt>', json.dumps(value, default=str)))


def sets_sorted(value):
    """Lists of strings sorted: a set's order in a request is the SDK's own."""
    if isinstance(value, dict):
        return {k: sets_sorted(v) for k, v in value.items()}
    if isinstance(value, list):
        if all(isinstance(v, str) for v in value):
            return sorted(value)
        return [sets_sorted(v) for v in value]
    return value


CREDIT = '''
resource "aws_launch_template" "c" {
  name          = "t-lt-credit"
  instance_type = "%s"
  credit_specification {
    cpu_credits = "unlimited"
  }
}
'''


def test_credit_specification_types(tmp_path):
    """credit_specification with a type that is not burstable is left out of
    the request (and so planned again, as with hashicorp/aws); with a type
    EC2 does not know the apply fails on DescribeInstanceTypes; a burstable
    type outside the emulator's table (t1.micro) sends it."""
    env = NetEnv(tmp_path)
    try:
        tf = env.terraform('ours', CREDIT % 'm5.large')
        tf.apply()
        lt_id = tf.resources()['aws_launch_template.c']['id']
        data = env.ec2('DescribeLaunchTemplateVersions', LaunchTemplateId=lt_id,
                       Versions=['$Latest'])['LaunchTemplateVersions'][0]['LaunchTemplateData']
        assert 'CreditSpecification' not in data and data['InstanceType'] == 'm5.large'
        assert tf.resources()['aws_launch_template.c']['credit_specification'] == []
        code, out = tf.plan()
        assert code == 2 and 'cpu_credits = "unlimited"' in out, out
        tf.write(CREDIT % 't1.micro')
        tf.apply()
        tf.assert_clean()
        assert tf.resources()['aws_launch_template.c']['credit_specification'] == \
            [{'cpu_credits': 'unlimited'}]
        tf.write(CREDIT % 'x9.huge')
        p = tf.run('apply', '-input=false', '-auto-approve', ok=(1,))
        assert 'reading EC2 Instance Type (x9.huge)' in p.stderr, p.stderr
        assert 'InvalidParameterValue' in p.stderr, p.stderr
        tf.destroy()
        env.assert_empty()
    finally:
        env.close()

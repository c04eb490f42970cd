# A customer-managed prefix list of office networks.
terraform {
  required_providers {
    aws = {
      source = "hashicorp/aws"
    }
  }
}

provider "aws" {
  region = "us-east-1"
}

resource "aws_ec2_managed_prefix_list" "offices" {
  name           = "offices"
  address_family = "IPv4"
  max_entries    = 5

  entry {
    cidr        = "192.0.2.0/24"
    description = "headquarters"
  }

  entry {
    cidr        = "198.51.100.0/24"
    description = "branch"
  }

  tags = {
    Name = "offices"
  }
}

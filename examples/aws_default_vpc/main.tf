# The region's default VPC brought under Terraform: DNS host names on and a
# Name tag.  A region without one gets one (CreateDefaultVpc).  Destroying
# it leaves the VPC in place; set force_destroy = true to delete it (after
# its default subnets and internet gateway are gone).
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

resource "aws_default_vpc" "default" {
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = {
    Name = "default"
  }
}

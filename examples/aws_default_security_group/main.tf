# The VPC's default security group adopted with no rules at all, as CIS
# benchmarks ask: every rule EC2 gave it is revoked.  Destroying it leaves
# the group in the VPC.
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

resource "aws_vpc" "example" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_default_security_group" "default" {
  vpc_id = aws_vpc.example.id

  tags = {
    Name = "default-locked-down"
  }
}

# Rules managed one by one on a dedicated ACL, as the community VPC module
# does for its public and private subnets.
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
  cidr_block                       = "10.0.0.0/16"
  assign_generated_ipv6_cidr_block = true
}

resource "aws_network_acl" "private" {
  vpc_id = aws_vpc.example.id
}

resource "aws_network_acl_rule" "ssh_in" {
  network_acl_id = aws_network_acl.private.id
  rule_number    = 100
  egress         = false
  protocol       = "tcp"
  rule_action    = "allow"
  cidr_block     = "10.0.0.0/16"
  from_port      = 22
  to_port        = 22
}

resource "aws_network_acl_rule" "ping_in" {
  network_acl_id = aws_network_acl.private.id
  rule_number    = 110
  egress         = false
  protocol       = "icmp"
  rule_action    = "allow"
  cidr_block     = "10.0.0.0/16"
  icmp_type      = 8
  icmp_code      = 0
}

resource "aws_network_acl_rule" "all_out_v6" {
  network_acl_id  = aws_network_acl.private.id
  rule_number     = 100
  egress          = true
  protocol        = "-1"
  rule_action     = "allow"
  ipv6_cidr_block = "::/0"
}

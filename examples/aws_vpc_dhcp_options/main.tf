# A VPC resolving names through its own DNS servers: a DHCP options set
# and its association (what the VPC module's enable_dhcp_options makes).
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
  cidr_block = "10.10.0.0/16"
}

resource "aws_vpc_dhcp_options" "example" {
  domain_name         = "service.consul"
  domain_name_servers = ["127.0.0.1", "10.10.0.2"]
  ntp_servers         = ["10.10.0.3"]

  tags = {
    Name = "consul"
  }
}

resource "aws_vpc_dhcp_options_association" "example" {
  vpc_id          = aws_vpc.example.id
  dhcp_options_id = aws_vpc_dhcp_options.example.id
}

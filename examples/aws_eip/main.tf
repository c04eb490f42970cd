# An Elastic IP address for a NAT gateway, as the VPC module allocates one
# per gateway.
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

resource "aws_eip" "nat" {
  domain = "vpc"

  tags = {
    Name = "nat-us-east-1a"
  }
}

output "public_ip" {
  value = aws_eip.nat.public_ip
}

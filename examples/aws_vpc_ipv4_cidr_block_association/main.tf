# A VPC grown with a secondary IPv4 block and a subnet carved from it.
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

resource "aws_vpc_ipv4_cidr_block_association" "secondary" {
  vpc_id     = aws_vpc.example.id
  cidr_block = "10.1.0.0/16"
}

resource "aws_subnet" "in_secondary" {
  vpc_id            = aws_vpc_ipv4_cidr_block_association.secondary.vpc_id
  cidr_block        = "10.1.1.0/24"
  availability_zone = "us-east-1a"
}

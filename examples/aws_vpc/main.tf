# A VPC with DNS host names turned on and a Name tag.
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
  cidr_block           = "10.0.0.0/16"
  enable_dns_hostnames = true

  tags = {
    Name = "example"
  }
}

output "vpc_id" {
  value = aws_vpc.example.id
}

output "main_route_table_id" {
  value = aws_vpc.example.main_route_table_id
}

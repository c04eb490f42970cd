# The VPC's main route table adopted: its routes become exactly the ones
# below (the local route stays).  Destroying it leaves the table in the VPC.
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

resource "aws_internet_gateway" "example" {
  vpc_id = aws_vpc.example.id
}

resource "aws_default_route_table" "main" {
  default_route_table_id = aws_vpc.example.default_route_table_id

  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.example.id
  }

  timeouts {
    create = "5m"
    update = "5m"
  }

  tags = {
    Name = "main"
  }
}

# The subnets a Redshift cluster may use.
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

resource "aws_subnet" "redshift" {
  count             = 2
  vpc_id            = aws_vpc.example.id
  cidr_block        = cidrsubnet("10.0.0.0/16", 8, 20 + count.index)
  availability_zone = ["us-east-1a", "us-east-1b"][count.index]
}

resource "aws_redshift_subnet_group" "example" {
  name       = "example-redshift"
  subnet_ids = aws_subnet.redshift[*].id

  tags = {
    Name = "example-redshift"
  }
}

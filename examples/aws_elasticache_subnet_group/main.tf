# The subnets an ElastiCache cluster may use.
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

resource "aws_subnet" "cache" {
  count             = 2
  vpc_id            = aws_vpc.example.id
  cidr_block        = cidrsubnet("10.0.0.0/16", 8, 10 + count.index)
  availability_zone = ["us-east-1a", "us-east-1b"][count.index]
}

resource "aws_elasticache_subnet_group" "example" {
  name        = "Example-Cache"
  description = "Subnets of the example cache"
  subnet_ids  = aws_subnet.cache[*].id

  tags = {
    Name = "example-cache"
  }
}

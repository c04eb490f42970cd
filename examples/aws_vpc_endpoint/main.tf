# Private access from a VPC to S3 (a Gateway endpoint on the route table)
# and to ECS (an Interface endpoint in two subnets, at fixed addresses).
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
  enable_dns_support   = true
  enable_dns_hostnames = true
}

resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.example.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-east-1a"
}

resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.example.id
  cidr_block        = "10.0.2.0/24"
  availability_zone = "us-east-1b"
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.example.id
}

resource "aws_security_group" "endpoints" {
  name_prefix = "vpc-endpoints-"
  description = "VPC endpoint security group"
  vpc_id      = aws_vpc.example.id
}

data "aws_vpc_endpoint_service" "s3" {
  service = "s3"
  filter {
    name   = "service-type"
    values = ["Gateway"]
  }
}

data "aws_vpc_endpoint_service" "ecs" {
  service = "ecs"
  filter {
    name   = "service-type"
    values = ["Interface"]
  }
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id          = aws_vpc.example.id
  service_name    = data.aws_vpc_endpoint_service.s3.service_name
  route_table_ids = [aws_route_table.private.id]

  tags = {
    Name = "s3-vpc-endpoint"
  }
}

resource "aws_vpc_endpoint" "ecs" {
  vpc_id              = aws_vpc.example.id
  service_name        = data.aws_vpc_endpoint_service.ecs.service_name
  vpc_endpoint_type   = "Interface"
  private_dns_enabled = true
  security_group_ids  = [aws_security_group.endpoints.id]
  subnet_ids          = [aws_subnet.a.id, aws_subnet.b.id]

  subnet_configuration {
    ipv4      = "10.0.1.10"
    subnet_id = aws_subnet.a.id
  }
  subnet_configuration {
    ipv4      = "10.0.2.10"
    subnet_id = aws_subnet.b.id
  }

  tags = {
    Name = "ecs-vpc-endpoint"
  }
}

output "ecs_dns_names" {
  value = aws_vpc_endpoint.ecs.dns_entry[*].dns_name
}

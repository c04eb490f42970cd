# An internet-facing application load balancer in two subnets of a new VPC.
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

resource "aws_security_group" "lb" {
  name   = "example-lb"
  vpc_id = aws_vpc.example.id
}

resource "aws_lb" "example" {
  name               = "example-alb"
  load_balancer_type = "application"
  security_groups    = [aws_security_group.lb.id]
  subnets            = [aws_subnet.a.id, aws_subnet.b.id]
  idle_timeout       = 120

  # The gateway must exist before an internet-facing load balancer.
  depends_on = [aws_internet_gateway.example]

  tags = {
    Name = "example"
  }
}


output "dns_name" {
  value = aws_lb.example.dns_name
}

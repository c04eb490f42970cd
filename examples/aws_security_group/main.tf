# Two security groups of a new VPC: one for a load balancer, open on port 80,
# and one for the instances behind it, reachable only from the first.
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

resource "aws_security_group" "lb" {
  name        = "example-lb"
  description = "HTTP from anywhere"
  vpc_id      = aws_vpc.example.id

  ingress {
    description = "HTTP"
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = [aws_vpc.example.cidr_block]
  }

  tags = {
    Name = "example-lb"
  }
}

resource "aws_security_group" "instances" {
  name_prefix = "example-instances-"
  vpc_id      = aws_vpc.example.id

  ingress {
    description     = "HTTP from the load balancer"
    from_port       = 80
    to_port         = 80
    protocol        = "tcp"
    security_groups = [aws_security_group.lb.id]
  }

  ingress {
    description = "Anything from the other instances"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    self        = true
  }

  egress {
    from_port        = 0
    to_port          = 0
    protocol         = "-1"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }
}

output "security_group_ids" {
  value = [aws_security_group.lb.id, aws_security_group.instances.id]
}

# Targets registered with target groups one by one: IP addresses, one on its
# own port and one on the group's port.
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

resource "aws_lb" "example" {
  name    = "targets-example"
  subnets = [aws_subnet.a.id, aws_subnet.b.id]

  # The gateway must exist before an internet-facing load balancer.
  depends_on = [aws_internet_gateway.example]
}

resource "aws_lb_target_group" "ip" {
  name        = "targets-ip"
  port        = 80
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = aws_vpc.example.id
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.example.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.ip.arn
  }
}

resource "aws_lb_target_group_attachment" "web" {
  target_group_arn = aws_lb_target_group.ip.arn
  target_id        = "10.0.1.10"
  port             = 8080
}

resource "aws_lb_target_group_attachment" "api" {
  target_group_arn = aws_lb_target_group.ip.arn
  target_id        = "10.0.2.10"
}

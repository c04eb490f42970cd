# An application load balancer with an HTTP listener forwarding to a target group,
# and a second listener that redirects to HTTPS.
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

resource "aws_lb_target_group" "example" {
  name                 = "example-tg"
  port                 = 80
  protocol             = "HTTP"
  vpc_id               = aws_vpc.example.id
  deregistration_delay = 30

  health_check {
    path    = "/health"
    matcher = "200-299"
  }

  stickiness {
    type            = "lb_cookie"
    cookie_duration = 3600
  }
}


resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.example.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.example.arn
  }
}

resource "aws_lb_listener" "redirect" {
  load_balancer_arn = aws_lb.example.arn
  port              = 8080
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }
}

output "listener_arn" {
  value = aws_lb_listener.http.arn
}

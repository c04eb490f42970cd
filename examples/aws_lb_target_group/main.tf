# A target group for HTTP instances, with its health check and cookie stickiness.
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


output "target_group_arn" {
  value = aws_lb_target_group.example.arn
}

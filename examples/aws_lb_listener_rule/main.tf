# Listener rules: path- and host-based routing with weighted forwarding, a
# redirect chosen by header, method and source address (its priority picked
# by the provider, after the last rule), and a fixed response.
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
  name    = "rules-example"
  subnets = [aws_subnet.a.id, aws_subnet.b.id]

  # The gateway must exist before an internet-facing load balancer.
  depends_on = [aws_internet_gateway.example]
}

resource "aws_lb_target_group" "blue" {
  name     = "rules-blue"
  port     = 80
  protocol = "HTTP"
  vpc_id   = aws_vpc.example.id
}

resource "aws_lb_target_group" "green" {
  name     = "rules-green"
  port     = 80
  protocol = "HTTP"
  vpc_id   = aws_vpc.example.id
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.example.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.blue.arn
  }
}

# 90% of /api/* on api.example.com to blue, 10% to green, clients sticking
# to the group they first reached for an hour.
resource "aws_lb_listener_rule" "canary" {
  listener_arn = aws_lb_listener.http.arn
  priority     = 100

  action {
    type = "forward"
    forward {
      target_group {
        arn    = aws_lb_target_group.blue.arn
        weight = 90
      }
      target_group {
        arn    = aws_lb_target_group.green.arn
        weight = 10
      }
      stickiness {
        enabled  = true
        duration = 3600
      }
    }
  }

  condition {
    path_pattern {
      values = ["/api/*"]
    }
  }

  condition {
    host_header {
      values = ["api.example.com"]
    }
  }

  tags = {
    Name = "canary"
  }
}

# No priority: the provider takes the one after the listener's last rule.
resource "aws_lb_listener_rule" "to_https" {
  listener_arn = aws_lb_listener.http.arn

  action {
    type = "redirect"
    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }

  condition {
    http_header {
      http_header_name = "X-Forwarded-Proto"
      values           = ["http"]
    }
  }

  condition {
    http_request_method {
      values = ["GET", "HEAD"]
    }
  }

  condition {
    source_ip {
      values = ["0.0.0.0/0"]
    }
  }

  depends_on = [aws_lb_listener_rule.canary]
}

resource "aws_lb_listener_rule" "maintenance" {
  listener_arn = aws_lb_listener.http.arn
  priority     = 10

  action {
    type = "fixed-response"
    fixed_response {
      content_type = "application/json"
      message_body = "{\"status\":\"maintenance\"}"
      status_code  = "503"
    }
  }

  condition {
    query_string {
      key   = "maintenance"
      value = "true"
    }
  }
}

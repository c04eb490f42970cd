# A database group whose rules are separate resources, as the community
# security-group module writes them: PostgreSQL from the application
# group, HTTPS from two private ranges, everything within the group, and
# all outbound traffic.
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

resource "aws_security_group" "app" {
  name   = "example-app"
  vpc_id = aws_vpc.example.id
}

resource "aws_security_group" "db" {
  name        = "example-db"
  description = "Database; rules are aws_security_group_rule resources"
  vpc_id      = aws_vpc.example.id
}

resource "aws_security_group_rule" "postgres_from_app" {
  type                     = "ingress"
  security_group_id        = aws_security_group.db.id
  protocol                 = "tcp"
  from_port                = 5432
  to_port                  = 5432
  source_security_group_id = aws_security_group.app.id
  description              = "PostgreSQL from the application"
}

resource "aws_security_group_rule" "https_private" {
  type              = "ingress"
  security_group_id = aws_security_group.db.id
  protocol          = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_blocks       = ["10.0.0.0/8", "172.16.0.0/12"]
}

resource "aws_security_group_rule" "self" {
  type              = "ingress"
  security_group_id = aws_security_group.db.id
  protocol          = "all"
  from_port         = 0
  to_port           = 0
  self              = true
}

resource "aws_security_group_rule" "all_out" {
  type              = "egress"
  security_group_id = aws_security_group.db.id
  protocol          = "-1"
  from_port         = 0
  to_port           = 0
  cidr_blocks       = ["0.0.0.0/0"]
}

output "postgres_rule_id" {
  value = aws_security_group_rule.postgres_from_app.security_group_rule_id
}

# Reads a task definition by family (its latest active revision), as a
# service defined elsewhere would, and shows what AWS holds for it.
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

resource "aws_ecs_task_definition" "web" {
  family = "data-example-web"
  container_definitions = jsonencode([{
    name         = "web"
    image        = "nginx:1.27"
    memory       = 256
    essential    = true
    portMappings = [{ containerPort = 80, hostPort = 80 }]
  }])
}

data "aws_ecs_task_definition" "web" {
  task_definition = aws_ecs_task_definition.web.family
}

output "revision" {
  value = data.aws_ecs_task_definition.web.revision
}

output "arn" {
  value = data.aws_ecs_task_definition.web.arn
}

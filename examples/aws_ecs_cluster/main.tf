provider "aws" {
  region = "us-east-1"
}

# An ECS cluster with Container Insights switched on and a tag.
resource "aws_ecs_cluster" "example" {
  name = "example-cluster"

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  tags = {
    Name = "example-cluster"
  }
}

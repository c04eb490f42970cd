provider "aws" {
  region = "us-east-1"
}

# A replica service running two copies of a task definition in a cluster.
resource "aws_ecs_cluster" "example" {
  name = "example-svc-cluster"
}

resource "aws_ecs_task_definition" "example" {
  family = "example-svc"
  container_definitions = jsonencode([{
    name   = "app"
    image  = "nginx:stable"
    memory = 128
  }])
}

resource "aws_ecs_service" "example" {
  name            = "example"
  cluster         = aws_ecs_cluster.example.id
  task_definition = aws_ecs_task_definition.example.arn
  desired_count   = 2
  launch_type     = "EC2"

  deployment_minimum_healthy_percent = 50
  deployment_maximum_percent         = 150

  ordered_placement_strategy {
    type  = "spread"
    field = "attribute:ecs.availability-zone"
  }

  tags = {
    Name = "example"
  }
}

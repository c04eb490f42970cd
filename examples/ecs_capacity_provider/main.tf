provider "aws" {
  region = "us-east-1"
}

# EC2 capacity for ECS: an Auto Scaling group of container instances that
# ECS scales itself (managed scaling) to keep the group 75% used.
resource "aws_vpc" "example" {
  cidr_block = "10.60.0.0/16"
}

resource "aws_subnet" "example" {
  vpc_id            = aws_vpc.example.id
  cidr_block        = "10.60.1.0/24"
  availability_zone = "us-east-1a"
}

resource "aws_launch_configuration" "example" {
  name_prefix   = "example-ecs-"
  image_id      = "ami-0a9e8b4c3d2f1e0a7"
  instance_type = "t3.micro"
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_autoscaling_group" "example" {
  name                      = "example-ecs-capacity"
  launch_configuration      = aws_launch_configuration.example.name
  vpc_zone_identifier       = [aws_subnet.example.id]
  min_size                  = 0
  max_size                  = 3
  wait_for_capacity_timeout = "0"
}

resource "aws_ecs_capacity_provider" "example" {
  name = "example-capacity"
  auto_scaling_group_provider {
    auto_scaling_group_arn = aws_autoscaling_group.example.arn
    managed_scaling {
      status                    = "ENABLED"
      target_capacity           = 75
      minimum_scaling_step_size = 1
      maximum_scaling_step_size = 2
    }
  }
}

resource "aws_ecs_cluster" "example" {
  name = "example-capacity-cluster"
}

resource "aws_ecs_cluster_capacity_providers" "example" {
  cluster_name       = aws_ecs_cluster.example.name
  capacity_providers = [aws_ecs_capacity_provider.example.name]
  default_capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.example.name
    base              = 1
    weight            = 100
  }
}

resource "aws_ecs_task_definition" "example" {
  family = "example-capacity"
  container_definitions = jsonencode([{
    name   = "app"
    image  = "nginx:stable"
    memory = 128
  }])
}

resource "aws_ecs_service" "example" {
  name            = "example-capacity"
  cluster         = aws_ecs_cluster.example.id
  task_definition = aws_ecs_task_definition.example.arn
  desired_count   = 1
  capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.example.name
    weight            = 1
  }
  # The service may only use a provider the cluster has.
  depends_on = [aws_ecs_cluster_capacity_providers.example]
}

provider "aws" {
  region = "us-east-1"
}

# An ECS service whose task count follows its CPU: between 1 and 4 tasks,
# aiming at 60% average CPU.
resource "aws_ecs_cluster" "example" {
  name = "example-scaling-cluster"
}

resource "aws_ecs_task_definition" "example" {
  family = "example-scaling"
  container_definitions = jsonencode([{
    name   = "app"
    image  = "nginx:stable"
    memory = 128
  }])
}

resource "aws_ecs_service" "example" {
  name            = "example-scaling"
  cluster         = aws_ecs_cluster.example.id
  task_definition = aws_ecs_task_definition.example.arn
  desired_count   = 1
  launch_type     = "EC2"
  # Application Auto Scaling owns the count once the service exists.
  lifecycle {
    ignore_changes = [desired_count]
  }
}

resource "aws_appautoscaling_target" "example" {
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.example.name}/${aws_ecs_service.example.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = 1
  max_capacity       = 4
}

resource "aws_appautoscaling_policy" "cpu" {
  name               = "example-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.example.service_namespace
  resource_id        = aws_appautoscaling_target.example.resource_id
  scalable_dimension = aws_appautoscaling_target.example.scalable_dimension
  target_tracking_scaling_policy_configuration {
    target_value       = 60
    scale_in_cooldown  = 300
    scale_out_cooldown = 60
    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

# A step policy, for a CloudWatch alarm of your own to trigger.
resource "aws_appautoscaling_policy" "steps" {
  name               = "example-steps"
  service_namespace  = aws_appautoscaling_target.example.service_namespace
  resource_id        = aws_appautoscaling_target.example.resource_id
  scalable_dimension = aws_appautoscaling_target.example.scalable_dimension
  step_scaling_policy_configuration {
    adjustment_type         = "ChangeInCapacity"
    cooldown                = 60
    metric_aggregation_type = "Average"
    step_adjustment {
      metric_interval_lower_bound = "0"
      scaling_adjustment          = 1
    }
  }
}

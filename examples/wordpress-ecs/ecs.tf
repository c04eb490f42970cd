# ECS: the cluster, its capacity provider on the Auto Scaling group (managed
# scaling and termination protection), the WordPress task definition with
# its logs in CloudWatch Logs, and the service behind the load balancer,
# whose task count follows its CPU.

resource "aws_ecs_cluster" "main" {
  name = "${var.name}-cluster"

  tags = var.tags
}

resource "aws_ecs_capacity_provider" "ec2" {
  name = "${var.name}-ec2"

  auto_scaling_group_provider {
    auto_scaling_group_arn         = aws_autoscaling_group.ecs.arn
    managed_termination_protection = "ENABLED"

    managed_scaling {
      status                    = "ENABLED"
      target_capacity           = var.capacity_target
      minimum_scaling_step_size = 1
      maximum_scaling_step_size = 2
    }
  }

  tags = var.tags
}

resource "aws_ecs_cluster_capacity_providers" "main" {
  cluster_name       = aws_ecs_cluster.main.name
  capacity_providers = [aws_ecs_capacity_provider.ec2.name]

  default_capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.ec2.name
    base              = var.service_min_count
    weight            = 100
  }
}

resource "aws_cloudwatch_log_group" "wordpress" {
  name              = "/ecs/${var.name}/wordpress"
  retention_in_days = var.log_retention_days

  tags = var.tags
}

resource "aws_ecs_task_definition" "wordpress" {
  family                   = "${var.name}-wordpress"
  network_mode             = "bridge"
  requires_compatibilities = ["EC2"]
  execution_role_arn       = aws_iam_role.task_execution.arn

  container_definitions = jsonencode([
    {
      name      = "wordpress"
      image     = var.wordpress_image
      essential = true
      memory    = var.wordpress_memory
      # Host port 0: ECS picks an ephemeral port, so several tasks fit on
      # one instance; the target group gets instance and port.
      portMappings = [
        {
          containerPort = 80
          hostPort      = 0
          protocol      = "tcp"
        }
      ]
      # ECS reads the secret when it starts the task (execution role).
      secrets = [
        {
          name      = "WORDPRESS_DB_PASSWORD"
          valueFrom = aws_secretsmanager_secret.db_password.arn
        }
      ]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.wordpress.name
          awslogs-region        = data.aws_region.current.name
          awslogs-stream-prefix = "wordpress"
        }
      }
    }
  ])

  tags = var.tags
}

resource "aws_ecs_service" "wordpress" {
  name                              = "wordpress"
  cluster                           = aws_ecs_cluster.main.id
  task_definition                   = aws_ecs_task_definition.wordpress.arn
  desired_count                     = var.service_min_count
  health_check_grace_period_seconds = 60

  capacity_provider_strategy {
    capacity_provider = aws_ecs_capacity_provider.ec2.name
    base              = 1
    weight            = 100
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.wordpress.arn
    container_name   = "wordpress"
    container_port   = 80
  }

  tags = var.tags

  # Application Auto Scaling owns the task count after creation.
  lifecycle {
    ignore_changes = [desired_count]
  }

  # ECS refuses a target group no listener forwards to, and a capacity
  # provider the cluster does not have; tasks need the password stored and
  # the permission to read it.
  depends_on = [
    aws_lb_listener.http,
    aws_ecs_cluster_capacity_providers.main,
    aws_secretsmanager_secret_version.db_password,
    aws_iam_role_policy.task_execution_db_password,
  ]
}

resource "aws_appautoscaling_target" "wordpress" {
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.main.name}/${aws_ecs_service.wordpress.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.service_min_count
  max_capacity       = var.service_max_count

  tags = var.tags
}

resource "aws_appautoscaling_policy" "wordpress_cpu" {
  name               = "${var.name}-wordpress-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.wordpress.service_namespace
  resource_id        = aws_appautoscaling_target.wordpress.resource_id
  scalable_dimension = aws_appautoscaling_target.wordpress.scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = var.service_cpu_target
    scale_in_cooldown  = 300
    scale_out_cooldown = 60

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

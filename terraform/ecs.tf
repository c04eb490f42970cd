# The ECS side: the cluster the container instances join, the WordPress task
# definition, and the service that keeps the tasks running behind the load
# balancer's target group.

locals {
  wordpress_container = merge(
    {
      name      = "wordpress"
      image     = var.wordpress_image
      essential = true
      memory    = var.wordpress_memory
      # A static host port: the Auto Scaling group registers every instance
      # in the target group on port 80, and ECS registers the task at the
      # same instance and port. One WordPress task per instance.
      portMappings = [
        {
          containerPort = 80
          hostPort      = 80
          protocol      = "tcp"
        }
      ]
    },
    length(var.wordpress_environment) == 0 ? {} : {
      environment = [for k in sort(keys(var.wordpress_environment)) : {
        name  = k
        value = var.wordpress_environment[k]
      }]
    }
  )
}

resource "aws_ecs_cluster" "wp-ecs" {
  name = "${var.name}-cluster"

  tags = {
    Name = "${var.name}-cluster"
  }
}

resource "aws_ecs_task_definition" "wordpress" {
  family                   = "${var.name}-wordpress"
  network_mode             = "bridge"
  requires_compatibilities = ["EC2"]
  container_definitions    = jsonencode([local.wordpress_container])
}

resource "aws_ecs_service" "wordpress" {
  name            = "wordpress"
  cluster         = aws_ecs_cluster.wp-ecs.id
  task_definition = aws_ecs_task_definition.wordpress.arn
  desired_count   = var.service_desired_count
  launch_type     = "EC2"

  health_check_grace_period_seconds = 60

  load_balancer {
    target_group_arn = aws_alb_target_group.ecs.arn
    container_name   = local.wordpress_container.name
    container_port   = 80
  }

  # ECS refuses a target group that no load balancer listener forwards to.
  depends_on = [aws_alb_listener.front_end]
}

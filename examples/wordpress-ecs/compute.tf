# The container instances: an Auto Scaling group across both subnets,
# launched from a launch template (the current ECS-optimised Amazon Linux
# 2023 image, IMDSv2 only, the instance profile, user data that joins the
# cluster), scaled by ECS through a capacity provider.

data "aws_ssm_parameter" "ecs_ami" {
  name = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"
}

resource "aws_launch_template" "ecs" {
  name_prefix            = "${var.name}-ecs-"
  image_id               = data.aws_ssm_parameter.ecs_ami.insecure_value
  instance_type          = var.instance_type
  vpc_security_group_ids = [aws_security_group.instances.id]
  update_default_version = true

  iam_instance_profile {
    arn = aws_iam_instance_profile.instance.arn
  }

  # IMDSv2 only; a hop limit of 2 lets containers on the bridge network
  # reach it.
  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 2
  }

  user_data = base64encode(<<-EOT
    #!/bin/bash
    echo "ECS_CLUSTER=${var.name}-cluster" >> /etc/ecs/ecs.config
  EOT
  )

  tags = var.tags
}

resource "aws_autoscaling_group" "ecs" {
  name                = "${var.name}-ecs"
  vpc_zone_identifier = aws_subnet.public[*].id
  min_size            = var.asg_min_size
  max_size            = var.asg_max_size
  health_check_type   = "EC2"

  # The capacity provider's managed termination protection needs it: ECS
  # decides which instances may go.
  protect_from_scale_in = true

  launch_template {
    id      = aws_launch_template.ecs.id
    version = aws_launch_template.ecs.latest_version
  }

  tag {
    key                 = "Name"
    value               = "${var.name}-ecs-instance"
    propagate_at_launch = true
  }

  # ECS adds this tag when a capacity provider with managed scaling takes
  # the group; having it here keeps plans clean.
  tag {
    key                 = "AmazonECSManaged"
    value               = "true"
    propagate_at_launch = true
  }

  # ECS manages the size once the capacity provider has the group.
  lifecycle {
    ignore_changes = [desired_capacity]
  }

  # Instances get public addresses, which need the internet gateway.
  depends_on = [aws_internet_gateway.main, aws_route_table_association.public,
  aws_iam_role_policy_attachment.instance]
}

# One more instance when the instances' average CPU stays high (on top of
# ECS managed scaling, which follows the tasks' reservations).
resource "aws_autoscaling_policy" "cpu_high" {
  name                   = "${var.name}-cpu-high"
  autoscaling_group_name = aws_autoscaling_group.ecs.name
  policy_type            = "SimpleScaling"
  adjustment_type        = "ChangeInCapacity"
  scaling_adjustment     = 1
  cooldown               = var.instance_scale_out_cooldown
}

resource "aws_cloudwatch_metric_alarm" "cpu_high" {
  alarm_name          = "${var.name}-instances-cpu-high"
  alarm_description   = "Container instances' average CPU above ${var.instance_cpu_alarm_threshold}% for 4 minutes"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 2
  metric_name         = "CPUUtilization"
  namespace           = "AWS/EC2"
  period              = 120
  statistic           = "Average"
  threshold           = var.instance_cpu_alarm_threshold
  alarm_actions       = [aws_autoscaling_policy.cpu_high.arn]

  dimensions = {
    AutoScalingGroupName = aws_autoscaling_group.ecs.name
  }

  tags = var.tags
}

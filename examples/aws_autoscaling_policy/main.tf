# Scaling policies of an Auto Scaling group: keep the average CPU at 50%
# (target tracking), add capacity in steps as an alarm's metric climbs, and
# a simple one-instance step for a manual or alarm-driven scale-out.
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

variable "ami_id" {
  description = "AMI to launch (the default is an ECS-optimised image the emulator knows)."
  type        = string
  default     = "ami-0a9e8b4c3d2f1e0a7"
}

resource "aws_launch_configuration" "example" {
  name_prefix   = "example-policy-"
  image_id      = var.ami_id
  instance_type = "t3.micro"

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_autoscaling_group" "example" {
  name                 = "example-policy-asg"
  launch_configuration = aws_launch_configuration.example.name
  availability_zones   = ["us-east-1a"]
  min_size             = 0
  max_size             = 4
  desired_capacity     = 0
}

resource "aws_autoscaling_policy" "cpu" {
  name                   = "keep-cpu-at-50"
  autoscaling_group_name = aws_autoscaling_group.example.name
  policy_type            = "TargetTrackingScaling"

  target_tracking_configuration {
    target_value = 50
    predefined_metric_specification {
      predefined_metric_type = "ASGAverageCPUUtilization"
    }
  }
}

resource "aws_autoscaling_policy" "steps" {
  name                      = "scale-out-in-steps"
  autoscaling_group_name    = aws_autoscaling_group.example.name
  policy_type               = "StepScaling"
  adjustment_type           = "ChangeInCapacity"
  estimated_instance_warmup = 120

  step_adjustment {
    scaling_adjustment          = 1
    metric_interval_lower_bound = "0"
    metric_interval_upper_bound = "20"
  }

  step_adjustment {
    scaling_adjustment          = 2
    metric_interval_lower_bound = "20"
  }
}

resource "aws_autoscaling_policy" "one_more" {
  name                   = "add-one-instance"
  autoscaling_group_name = aws_autoscaling_group.example.name
  adjustment_type        = "ChangeInCapacity"
  scaling_adjustment     = 1
  cooldown               = 300
}

# Observability for an ECS-on-EC2 deployment: a log group for the
# containers, an alarm on the Auto Scaling group's CPU that triggers a
# scaling policy, and the ECS-optimised AMI found through AWS's public SSM
# parameter and checked with data "aws_ami".
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

variable "asg_name" {
  type    = string
  default = "ecs-instances"
}

variable "scale_up_policy_arn" {
  description = "ARN of the Auto Scaling policy the alarm triggers (aws_autoscaling_policy.x.arn)."
  type        = string
  default     = "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:0b5f3c3e-1111-2222-3333-444455556666:autoScalingGroupName/ecs-instances:policyName/scale-up"
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/ecs/example-app"
  retention_in_days = 30

  tags = {
    Name = "example"
  }
}

resource "aws_cloudwatch_metric_alarm" "cpu_high" {
  alarm_name          = "example-cpu-high"
  alarm_description   = "Scale out when the instances' average CPU stays above 75%"
  comparison_operator = "GreaterThanOrEqualToThreshold"
  evaluation_periods  = 2
  metric_name         = "CPUUtilization"
  namespace           = "AWS/EC2"
  period              = 120
  statistic           = "Average"
  threshold           = 75
  alarm_actions       = [var.scale_up_policy_arn]

  dimensions = {
    AutoScalingGroupName = var.asg_name
  }
}

data "aws_ssm_parameter" "ecs_ami" {
  name = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id"
}

data "aws_ami" "ecs" {
  owners = ["amazon"]

  filter {
    name   = "image-id"
    values = [data.aws_ssm_parameter.ecs_ami.insecure_value]
  }
}

output "ecs_ami" {
  value = {
    id            = data.aws_ami.ecs.id
    name          = data.aws_ami.ecs.name
    root_snapshot = data.aws_ami.ecs.root_snapshot_id
  }
}

output "log_group_arn" {
  value = aws_cloudwatch_log_group.app.arn
}

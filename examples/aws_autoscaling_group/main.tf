# An Auto Scaling group of two instances across two subnets of a new VPC,
# launched from a launch template (IMDSv2 only), with a tag copied to its
# instances; a new template version starts a rolling instance refresh.
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

resource "aws_vpc" "example" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "a" {
  vpc_id            = aws_vpc.example.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-east-1a"
}

resource "aws_subnet" "b" {
  vpc_id            = aws_vpc.example.id
  cidr_block        = "10.0.2.0/24"
  availability_zone = "us-east-1b"
}

resource "aws_launch_template" "example" {
  name_prefix            = "example-asg-"
  image_id               = var.ami_id
  instance_type          = "t3.micro"
  update_default_version = true

  metadata_options {
    http_tokens = "required" # IMDSv2
  }
}

resource "aws_autoscaling_group" "example" {
  name                = "example-asg"
  vpc_zone_identifier = [aws_subnet.a.id, aws_subnet.b.id]
  min_size            = 1
  max_size            = 3
  desired_capacity    = 2
  health_check_type   = "EC2"

  launch_template {
    id      = aws_launch_template.example.id
    version = aws_launch_template.example.latest_version
  }

  # A new template version replaces the instances, half of them at a time.
  instance_refresh {
    strategy = "Rolling"
    preferences {
      min_healthy_percentage = 50
    }
  }

  tag {
    key                 = "Name"
    value               = "example-asg-instance"
    propagate_at_launch = true
  }
}

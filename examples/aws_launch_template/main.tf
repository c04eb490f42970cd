# A launch template for the instances of an Auto Scaling group: IMDSv2 only,
# an encrypted gp3 root volume, a boot script, the instances tagged at
# launch. Every change makes a new version, which becomes the default.
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

resource "aws_security_group" "instances" {
  name   = "example-lt-instances"
  vpc_id = aws_vpc.example.id
}

resource "aws_launch_template" "example" {
  name_prefix            = "example-lt-"
  description            = "ECS container instances"
  image_id               = var.ami_id
  instance_type          = "t3.micro"
  vpc_security_group_ids = [aws_security_group.instances.id]
  update_default_version = true

  # The instance's boot script, base64 as EC2 takes it.
  user_data = base64encode(<<-EOT
    #!/bin/bash
    echo ECS_CLUSTER=example >> /etc/ecs/ecs.config
  EOT
  )

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required" # IMDSv2
    http_put_response_hop_limit = 2
  }

  monitoring {
    enabled = true
  }

  block_device_mappings {
    device_name = "/dev/xvda"
    ebs {
      volume_size           = 30
      volume_type           = "gp3"
      encrypted             = "true"
      delete_on_termination = "true"
    }
  }

  tag_specifications {
    resource_type = "instance"
    tags = {
      Name = "example-lt-instance"
    }
  }

  tags = {
    Purpose = "example"
  }
}

output "launch_template_id" {
  value = aws_launch_template.example.id
}

output "latest_version" {
  value = aws_launch_template.example.latest_version
}

# A launch configuration with a generated name, a boot script (stored in
# state as its SHA-1) and a bigger gp3 root volume.
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
  name_prefix   = "example-lc-"
  image_id      = var.ami_id
  instance_type = "t3.micro"

  user_data = <<-EOT
    #!/bin/bash
    echo "hello from the launch configuration" > /tmp/hello
  EOT

  root_block_device {
    volume_size = 30
    volume_type = "gp3"
  }

  # A launch configuration cannot change: make the new one before the old
  # one goes, so a group using it always has one.
  lifecycle {
    create_before_destroy = true
  }
}

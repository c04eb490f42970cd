# An instance launched from AWS's public SSM parameter for the latest Amazon
# Linux 2 image, in a private subnet, registered by id and by private IP in
# two target groups, as the alb module's examples/complete-nlb does.
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

resource "aws_vpc" "this" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "private" {
  vpc_id            = aws_vpc.this.id
  cidr_block        = "10.0.1.0/24"
  availability_zone = "us-east-1a"
}

data "aws_ssm_parameter" "al2" {
  name = "/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2"
}

resource "aws_instance" "this" {
  ami           = data.aws_ssm_parameter.al2.value
  instance_type = "t3.nano"
  subnet_id     = aws_subnet.private.id

  metadata_options {
    http_tokens = "required"
  }

  tags = {
    Name = "example"
  }
}

resource "aws_lb_target_group" "by_instance" {
  name     = "example-instance"
  port     = 80
  protocol = "TCP"
  vpc_id   = aws_vpc.this.id
}

resource "aws_lb_target_group" "by_ip" {
  name        = "example-ip"
  port        = 80
  protocol    = "TCP"
  target_type = "ip"
  vpc_id      = aws_vpc.this.id
}

resource "aws_lb_target_group_attachment" "instance" {
  target_group_arn = aws_lb_target_group.by_instance.arn
  target_id        = aws_instance.this.id
  port             = 80
}

resource "aws_lb_target_group_attachment" "ip" {
  target_group_arn = aws_lb_target_group.by_ip.arn
  target_id        = aws_instance.this.private_ip
  port             = 80
}

output "private_ip" {
  value = aws_instance.this.private_ip
}

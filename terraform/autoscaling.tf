# The container instances: an Auto Scaling group of ECS-optimized EC2
# instances in both public subnets, registered in the load balancer's target
# group, started from a launch configuration whose user data makes the ECS
# agent join the cluster.

resource "aws_security_group" "ecs-ec2-sg" {
  name        = "${var.name}-ec2-sg"
  description = "Container instances: traffic from the load balancer only"
  vpc_id      = aws_vpc.ecs-vpc.id

  # WordPress listens on the instance's port 80 (static port mapping).
  ingress {
    description     = "HTTP from the load balancer"
    from_port       = 80
    to_port         = 80
    protocol        = "tcp"
    security_groups = [aws_security_group.ecs-lb-sg.id]
  }

  # The ECS agent reaches the ECS API and pulls images from the internet.
  egress {
    description = "Anywhere"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }

  tags = {
    Name = "${var.name}-ec2-sg"
  }
}

resource "aws_launch_configuration" "ecs" {
  name_prefix                 = "${var.name}-lc-"
  image_id                    = var.ami_id
  instance_type               = var.instance_type
  key_name                    = var.key_name
  iam_instance_profile        = var.instance_profile
  security_groups             = [aws_security_group.ecs-ec2-sg.id]
  associate_public_ip_address = true

  user_data = <<-EOT
    #!/bin/bash
    echo "ECS_CLUSTER=${aws_ecs_cluster.wp-ecs.name}" >> /etc/ecs/ecs.config
  EOT

  # Launch configurations cannot be changed: replace it before the old one
  # is deleted so the group always has one to refer to.
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_autoscaling_group" "ecs" {
  name                 = "${var.name}-asg"
  launch_configuration = aws_launch_configuration.ecs.name
  vpc_zone_identifier  = [aws_subnet.ecs-public-1.id, aws_subnet.ecs-public-2.id]
  target_group_arns    = [aws_alb_target_group.ecs.arn]
  min_size             = var.asg_min_size
  max_size             = var.asg_max_size
  desired_capacity     = var.asg_desired_capacity
  health_check_type    = "EC2"

  tag {
    key                 = "Name"
    value               = "${var.name}-ecs-instance"
    propagate_at_launch = true
  }

  # Instances get public addresses, which need the internet gateway.
  depends_on = [aws_internet_gateway.ecs-igw, aws_route_table_association.ecs-public,
  aws_route_table_association.ecs-public-2]
}

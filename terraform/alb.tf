# The public entry point: an internet-facing application load balancer in
# both public subnets, listening on HTTP port 80 and forwarding to the target
# group that holds the container instances (port 80, where the WordPress task
# of each instance listens).

resource "aws_security_group" "ecs-lb-sg" {
  name        = "${var.name}-lb-sg"
  description = "HTTP from anywhere to the WordPress load balancer"
  vpc_id      = aws_vpc.ecs-vpc.id

  ingress {
    description = "HTTP from anywhere"
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }

  # The load balancer only talks to targets inside the VPC.
  egress {
    description = "To the container instances"
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = [var.vpc_cidr]
  }

  tags = {
    Name = "${var.name}-lb-sg"
  }
}

resource "aws_alb" "ecs-alb" {
  name               = "${var.name}-alb"
  internal           = false
  load_balancer_type = "application"
  security_groups    = [aws_security_group.ecs-lb-sg.id]
  subnets            = [aws_subnet.ecs-public-1.id, aws_subnet.ecs-public-2.id]

  # An internet-facing load balancer needs the VPC's internet gateway, and on
  # destroy the gateway can only be detached once the balancer has released
  # its public addresses.
  depends_on = [aws_internet_gateway.ecs-igw]

  tags = {
    Name = "${var.name}-alb"
  }
}

resource "aws_alb_target_group" "ecs" {
  name                 = "${var.name}-tg"
  port                 = 80
  protocol             = "HTTP"
  target_type          = "instance"
  vpc_id               = aws_vpc.ecs-vpc.id
  deregistration_delay = 30

  # A fresh WordPress answers / with a redirect to its installer.
  health_check {
    path                = "/"
    matcher             = "200-399"
    interval            = 30
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  tags = {
    Name = "${var.name}-tg"
  }
}

resource "aws_alb_listener" "front_end" {
  load_balancer_arn = aws_alb.ecs-alb.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_alb_target_group.ecs.arn
  }
}

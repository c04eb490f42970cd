provider "aws" {
  region = "us-east-1"
}

# A task definition for one nginx container on EC2 instances (bridge mode).
resource "aws_ecs_task_definition" "example" {
  family                   = "example-web"
  network_mode             = "bridge"
  requires_compatibilities = ["EC2"]
  container_definitions = jsonencode([{
    name         = "web"
    image        = "nginx:stable"
    essential    = true
    memory       = 128
    portMappings = [{ containerPort = 80, hostPort = 8080, protocol = "tcp" }]
    environment  = [{ name = "MODE", value = "demo" }]
  }])

  tags = {
    Name = "example-web"
  }
}

# The networking part of the seed deployment (terraform/), for the
# benchmark: VPC, internet gateway, two subnets, route table, two
# associations, two security groups and the availability-zones data source.
provider "aws" {
  region = "us-east-1"
}

data "aws_availability_zones" "available" {
  state = "available"
}

resource "aws_vpc" "ecs-vpc" {
  cidr_block           = "10.10.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true
  tags                 = { Name = "ecs-vpc" }
}

resource "aws_internet_gateway" "ecs-igw" {
  vpc_id = aws_vpc.ecs-vpc.id
  tags   = { Name = "ecs-igw" }
}

resource "aws_subnet" "ecs-public-1" {
  vpc_id                  = aws_vpc.ecs-vpc.id
  cidr_block              = "10.10.1.0/24"
  availability_zone       = data.aws_availability_zones.available.names[0]
  map_public_ip_on_launch = true
  tags                    = { Name = "ecs-public-1" }
}

resource "aws_subnet" "ecs-public-2" {
  vpc_id                  = aws_vpc.ecs-vpc.id
  cidr_block              = "10.10.2.0/24"
  availability_zone       = data.aws_availability_zones.available.names[1]
  map_public_ip_on_launch = true
  tags                    = { Name = "ecs-public-2" }
}

resource "aws_route_table" "ecs-public" {
  vpc_id = aws_vpc.ecs-vpc.id
  route {
    cidr_block = "0.0.0.0/0"
    gateway_id = aws_internet_gateway.ecs-igw.id
  }
  tags = { Name = "ecs-public" }
}

resource "aws_route_table_association" "ecs-public" {
  subnet_id      = aws_subnet.ecs-public-1.id
  route_table_id = aws_route_table.ecs-public.id
}

resource "aws_route_table_association" "ecs-public-2" {
  subnet_id      = aws_subnet.ecs-public-2.id
  route_table_id = aws_route_table.ecs-public.id
}

resource "aws_security_group" "ecs-lb-sg" {
  name        = "ecs-lb-sg"
  description = "HTTP from anywhere to the load balancer"
  vpc_id      = aws_vpc.ecs-vpc.id
  ingress {
    from_port   = 80
    to_port     = 80
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["10.10.0.0/16"]
  }
  tags = { Name = "ecs-lb-sg" }
}

resource "aws_security_group" "ecs-ec2-sg" {
  name        = "ecs-ec2-sg"
  description = "Container instances: traffic from the load balancer only"
  vpc_id      = aws_vpc.ecs-vpc.id
  ingress {
    from_port       = 80
    to_port         = 80
    protocol        = "tcp"
    security_groups = [aws_security_group.ecs-lb-sg.id]
  }
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
  tags = { Name = "ecs-ec2-sg" }
}

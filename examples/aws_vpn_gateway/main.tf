# A virtual private gateway attached to a VPC whose private route table
# learns its routes; a second gateway attached as its own resource.
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

resource "aws_vpc" "example" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.example.id
}

resource "aws_vpn_gateway" "example" {
  vpc_id          = aws_vpc.example.id
  amazon_side_asn = "64620"

  tags = {
    Name = "example"
  }
}

resource "aws_vpn_gateway_route_propagation" "private" {
  route_table_id = aws_route_table.private.id
  vpn_gateway_id = aws_vpn_gateway.example.id
}

resource "aws_vpc" "other" {
  cidr_block = "10.1.0.0/16"
}

resource "aws_vpn_gateway" "other" {
  availability_zone = "us-east-1a"
}

resource "aws_vpn_gateway_attachment" "other" {
  vpc_id         = aws_vpc.other.id
  vpn_gateway_id = aws_vpn_gateway.other.id
}

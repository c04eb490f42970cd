# VPC flow logs delivered to CloudWatch Logs through an IAM role, as the
# VPC module's enable_flow_log makes them, and rejected traffic to S3.
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

resource "aws_cloudwatch_log_group" "flow" {
  name              = "/aws/vpc-flow-log/example"
  retention_in_days = 30
}

resource "aws_iam_role" "flow" {
  name = "vpc-flow-log-example"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "vpc-flow-logs.amazonaws.com" }
    }]
  })
}

resource "aws_flow_log" "cloudwatch" {
  log_destination_type     = "cloud-watch-logs"
  log_destination          = aws_cloudwatch_log_group.flow.arn
  iam_role_arn             = aws_iam_role.flow.arn
  traffic_type             = "ALL"
  vpc_id                   = aws_vpc.example.id
  max_aggregation_interval = 60
}

resource "aws_flow_log" "s3" {
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::example-flow-logs/rejected/"
  traffic_type         = "REJECT"
  vpc_id               = aws_vpc.example.id

  destination_options {
    file_format        = "parquet"
    per_hour_partition = true
  }
}

provider "aws" {
  region = "us-east-1"
}

data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}
data "aws_region" "current" {}

# Who may assume the role: EC2 instances.
data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.${data.aws_partition.current.dns_suffix}"]
    }
  }
}

# What the role may do, inline: read one bucket.
data "aws_iam_policy_document" "read_bucket" {
  statement {
    sid       = "ReadBucket"
    actions   = ["s3:GetObject", "s3:ListBucket"]
    resources = ["arn:${data.aws_partition.current.partition}:s3:::example-bucket", "arn:${data.aws_partition.current.partition}:s3:::example-bucket/*"]
  }
}

resource "aws_iam_role" "app" {
  name               = "example-app"
  description        = "Role of the example application's instances"
  assume_role_policy = data.aws_iam_policy_document.assume.json
  tags = {
    Name = "example-app"
  }
}

resource "aws_iam_role_policy" "read_bucket" {
  name   = "read-bucket"
  role   = aws_iam_role.app.id
  policy = data.aws_iam_policy_document.read_bucket.json
}

# A customer managed policy, attached to the role.
resource "aws_iam_policy" "logs" {
  name        = "example-app-logs"
  path        = "/example/"
  description = "Write the application's logs"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
      Resource = "arn:${data.aws_partition.current.partition}:logs:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:log-group:/example/*"
    }]
  })
}

resource "aws_iam_role_policy_attachment" "logs" {
  role       = aws_iam_role.app.name
  policy_arn = aws_iam_policy.logs.arn
}

# What EC2 launch templates and instances refer to.
resource "aws_iam_instance_profile" "app" {
  name = "example-app"
  role = aws_iam_role.app.name
}

output "instance_profile_arn" {
  value = aws_iam_instance_profile.app.arn
}

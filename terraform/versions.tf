# Terraform and provider requirements for the WordPress-on-ECS deployment.
#
# Nothing here points at a particular endpoint: credentials come from the
# standard AWS environment variables (or profiles), and an alternative
# endpoint, e.g. a local emulator, is selected with AWS_ENDPOINT_URL.

terraform {
  required_version = ">= 1.5"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = var.region
}

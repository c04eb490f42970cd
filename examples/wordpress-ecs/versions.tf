terraform {
  required_version = ">= 1.11" # ephemeral resources, write-only arguments
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }
}

provider "aws" {
  region = var.region
}

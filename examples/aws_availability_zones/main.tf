# The availability zones of the region, with and without exclusions.
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

data "aws_availability_zones" "available" {
  state = "available"
}

data "aws_availability_zones" "standard" {
  exclude_names = ["us-east-1e"]

  filter {
    name   = "zone-type"
    values = ["availability-zone"]
  }
}

output "zone_names" {
  value = data.aws_availability_zones.available.names
}

output "zone_ids_without_e" {
  value = data.aws_availability_zones.standard.zone_ids
}

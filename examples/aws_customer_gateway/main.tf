# The on-premises end of a site-to-site VPN.
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

resource "aws_customer_gateway" "example" {
  bgp_asn     = 65112
  ip_address  = "49.33.1.162"
  device_name = "edge-router"
  type        = "ipsec.1"

  tags = {
    Name = "office"
  }

  lifecycle {
    create_before_destroy = true
  }
}

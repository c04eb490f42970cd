# A certificate for a domain and its subdomains, validated through DNS, and
# the wait for its issuance.  ACM issues it once each name's CNAME (in
# domain_validation_options) is published in the domain's DNS, e.g. with
# aws_route53_record resources for_each over those records.
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

resource "aws_acm_certificate" "example" {
  domain_name               = "example.com"
  subject_alternative_names = ["*.example.com"]
  validation_method         = "DNS"
  key_algorithm             = "RSA_2048"

  options {
    certificate_transparency_logging_preference = "ENABLED"
  }

  tags = {
    Name = "example"
  }

  lifecycle {
    create_before_destroy = true
  }
}

# Waits (up to 75 minutes by default) until the certificate is ISSUED; fails
# at once when a record below is missing from the certificate's needs.
resource "aws_acm_certificate_validation" "example" {
  certificate_arn         = aws_acm_certificate.example.arn
  validation_record_fqdns = distinct([for o in aws_acm_certificate.example.domain_validation_options : o.resource_record_name])
}

# The CNAMEs to publish: one per name (a wildcard shares its domain's).
output "validation_records" {
  value = { for o in aws_acm_certificate.example.domain_validation_options : o.domain_name => {
    name  = o.resource_record_name
    type  = o.resource_record_type
    value = o.resource_record_value
  } }
}

# A certificate for a domain and its subdomains, validated through DNS: the
# CNAME ACM names for each domain (domain_validation_options; a wildcard
# shares its domain's) is written to the domain's Route 53 zone, and the
# validation waits until ACM has seen them and issued the certificate.
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

resource "aws_route53_zone" "example" {
  name = "example.com"
}

locals {
  # domain name -> its validation record; the names are known at plan time
  validation = { for o in aws_acm_certificate.example.domain_validation_options : o.domain_name => o }
}

resource "aws_route53_record" "validation" {
  for_each = toset(distinct([for d in keys(local.validation) : trimprefix(d, "*.")]))

  zone_id         = aws_route53_zone.example.zone_id
  name            = local.validation[each.key].resource_record_name
  type            = local.validation[each.key].resource_record_type
  records         = [local.validation[each.key].resource_record_value]
  ttl             = 60
  allow_overwrite = true
}

# Waits (up to 75 minutes by default) until the certificate is ISSUED; fails
# at once when one of the certificate's records is not among these.
resource "aws_acm_certificate_validation" "example" {
  certificate_arn         = aws_acm_certificate.example.arn
  validation_record_fqdns = [for r in aws_route53_record.validation : r.fqdn]
}

# The CNAMEs published: one per name (a wildcard shares its domain's).
output "validation_records" {
  value = { for o in aws_acm_certificate.example.domain_validation_options : o.domain_name => {
    name  = o.resource_record_name
    type  = o.resource_record_type
    value = o.resource_record_value
  } }
}

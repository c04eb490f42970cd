# A public hosted zone, records in it, and the zone looked up by name.
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

resource "aws_route53_zone" "example" {
  name    = "example.com"
  comment = "Example zone"

  # delete the records Terraform does not manage too
  force_destroy = true

  tags = {
    Name = "example-zone"
  }
}

# www.example.com: a name without the zone gets it appended
resource "aws_route53_record" "www" {
  zone_id = aws_route53_zone.example.zone_id
  name    = "www"
  type    = "A"
  ttl     = 300
  records = ["192.0.2.10", "192.0.2.11"]
}

# TXT values are written without the quotes Route 53 keeps
resource "aws_route53_record" "spf" {
  zone_id = aws_route53_zone.example.zone_id
  name    = "example.com"
  type    = "TXT"
  ttl     = 3600
  records = ["v=spf1 -all"]
}

# an alias of www, answered from Route 53 itself
resource "aws_route53_record" "app" {
  zone_id = aws_route53_zone.example.zone_id
  name    = "app.example.com"
  type    = "A"

  alias {
    name                   = aws_route53_record.www.fqdn
    zone_id                = aws_route53_zone.example.zone_id
    evaluate_target_health = false
  }
}

data "aws_route53_zone" "by_name" {
  name       = "example.com."
  depends_on = [aws_route53_zone.example]
}

output "name_servers" {
  value = data.aws_route53_zone.by_name.name_servers
}

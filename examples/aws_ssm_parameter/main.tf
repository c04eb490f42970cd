# Parameter Store without a secret in the state: the password comes from an
# ephemeral variable into a write-only argument, and is copied for the
# application through the ephemeral aws_ssm_parameter (Terraform >= 1.11).

provider "aws" {
  region = "us-east-1"
}

variable "db_password" {
  type      = string
  sensitive = true
  ephemeral = true
  # An example value only: pass the real one with TF_VAR_db_password.
  default = "example-Only-Passw0rd"
}

variable "db_password_version" {
  type        = number
  default     = 1
  description = "Bump to send a new db_password to Parameter Store."
}

resource "aws_ssm_parameter" "db_password" {
  name             = "/example/db/master-password"
  description      = "Database master password"
  type             = "SecureString"
  value_wo         = var.db_password
  value_wo_version = var.db_password_version
  tags = {
    app = "example"
  }
}

# Read back for this run only (never stored) and handed to another
# parameter, e.g. one the application reads under its own path.
ephemeral "aws_ssm_parameter" "db_password" {
  arn = aws_ssm_parameter.db_password.arn
}

resource "aws_ssm_parameter" "app_db_password" {
  name             = "/example/app/db-password"
  type             = "SecureString"
  value_wo         = ephemeral.aws_ssm_parameter.db_password.value
  value_wo_version = var.db_password_version
}

resource "aws_ssm_parameter" "log_level" {
  name           = "/example/app/log-level"
  type           = "String"
  insecure_value = "info"
  tier           = "Standard"
}

output "db_password_arn" {
  value = aws_ssm_parameter.db_password.arn
}

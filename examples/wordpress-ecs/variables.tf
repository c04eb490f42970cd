# Every variable has a default: `terraform apply` needs no input (the
# defaults suit the project's emulator as well as a new AWS account).

variable "region" {
  description = "AWS region to deploy to."
  type        = string
  default     = "us-east-1"
}

variable "name" {
  description = "Prefix of every name."
  type        = string
  default     = "wordpress"
}

variable "tags" {
  description = "Tags added to every object that takes tags."
  type        = map(string)
  default = {
    Project = "wordpress-ecs"
  }
}

variable "vpc_cidr" {
  description = "Address range of the VPC."
  type        = string
  default     = "10.0.0.0/16"
}

variable "public_subnet_cidrs" {
  description = "Address ranges of the two public subnets, one per availability zone."
  type        = list(string)
  default     = ["10.0.1.0/24", "10.0.2.0/24"]
}

variable "instance_type" {
  description = "EC2 instance type of the container instances."
  type        = string
  default     = "t3.small"
}

variable "asg_min_size" {
  description = "Fewest container instances."
  type        = number
  default     = 1
}

variable "asg_max_size" {
  description = "Most container instances."
  type        = number
  default     = 4
}

variable "capacity_target" {
  description = "How full (percent) ECS managed scaling keeps the instances."
  type        = number
  default     = 100
}

variable "wordpress_image" {
  description = "Container image of WordPress."
  type        = string
  default     = "wordpress:6-apache"
}

variable "wordpress_memory" {
  description = "Memory (MiB) reserved for one WordPress task."
  type        = number
  default     = 512
}

variable "service_min_count" {
  description = "Fewest WordPress tasks."
  type        = number
  default     = 1
}

variable "service_max_count" {
  description = "Most WordPress tasks."
  type        = number
  default     = 4
}

variable "service_cpu_target" {
  description = "Average CPU (percent) of the service the task count is scaled to keep."
  type        = number
  default     = 60
}

variable "instance_cpu_alarm_threshold" {
  description = "Average CPU (percent) of the instances above which one instance is added."
  type        = number
  default     = 80
}

variable "instance_scale_out_cooldown" {
  description = "Seconds after adding an instance before the CPU alarm may add another."
  type        = number
  default     = 300
}

variable "log_retention_days" {
  description = "Days the containers' logs are kept."
  type        = number
  default     = 30
}

variable "health_check_path" {
  description = "Path the load balancer checks on every task."
  type        = string
  default     = "/"
}

variable "db_password_version" {
  description = "Version of the database password: raise it to store a new generated password."
  type        = number
  default     = 1
}

variable "db_password_recovery_window_days" {
  description = "Days a deleted database password secret can be restored (0: deleted at once)."
  type        = number
  default     = 7
}

# Inputs of the deployment. Only ami_id has no default: ECS-optimized AMI ids
# differ per region and change with every release, so the caller picks one
# (for example from the SSM parameter
# /aws/service/ecs/optimized-ami/amazon-linux-2/recommended/image_id).

variable "region" {
  description = "AWS region to deploy into."
  type        = string
  default     = "us-east-1"
}

variable "name" {
  description = "Prefix for the names and Name tags of everything created."
  type        = string
  default     = "wp-ecs"

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9-]{0,19}$", var.name))
    error_message = "name must start with a letter, use letters, digits and hyphens, and be at most 20 characters (it prefixes load balancer names, which are limited to 32)."
  }
}

variable "vpc_cidr" {
  description = "CIDR block of the VPC."
  type        = string
  default     = "10.0.0.0/16"
}

variable "public_subnet_cidrs" {
  description = "CIDR blocks of the two public subnets, one per availability zone."
  type        = list(string)
  default     = ["10.0.1.0/24", "10.0.2.0/24"]

  validation {
    condition     = length(var.public_subnet_cidrs) == 2
    error_message = "Exactly two public subnet CIDR blocks are needed (an ALB spans two zones)."
  }
}

variable "ami_id" {
  description = "Amazon ECS-optimized AMI for the container instances."
  type        = string
}

variable "instance_type" {
  description = "EC2 instance type of the container instances."
  type        = string
  default     = "t3.small"
}

variable "key_name" {
  description = "EC2 key pair for SSH access to the container instances (null: no key)."
  type        = string
  default     = null
}

variable "instance_profile" {
  description = "IAM instance profile of the container instances. The ECS agent needs one with the AmazonEC2ContainerServiceforEC2Role policy to join the cluster in a real account."
  type        = string
  default     = null
}

variable "asg_min_size" {
  description = "Minimum number of container instances."
  type        = number
  default     = 1
}

variable "asg_max_size" {
  description = "Maximum number of container instances."
  type        = number
  default     = 2
}

variable "asg_desired_capacity" {
  description = "Number of container instances to start with."
  type        = number
  default     = 1
}

variable "wordpress_image" {
  description = "Container image of WordPress."
  type        = string
  default     = "wordpress:6-apache"
}

variable "wordpress_memory" {
  description = "Hard memory limit of the WordPress container, in MiB."
  type        = number
  default     = 512
}

variable "wordpress_environment" {
  description = "Environment of the WordPress container, e.g. WORDPRESS_DB_HOST."
  type        = map(string)
  default     = {}
}

variable "service_desired_count" {
  description = "Number of WordPress tasks the ECS service keeps running (at most one per container instance: the tasks use the instance's port 80)."
  type        = number
  default     = 1
}

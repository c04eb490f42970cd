# What a user needs after apply: where WordPress answers, and the identifiers
# to find the deployment again.

output "alb_dns_name" {
  description = "DNS name of the application load balancer."
  value       = aws_alb.ecs-alb.dns_name
}

output "url" {
  description = "URL of the WordPress site."
  value       = "http://${aws_alb.ecs-alb.dns_name}/"
}

output "cluster_name" {
  description = "Name of the ECS cluster."
  value       = aws_ecs_cluster.wp-ecs.name
}

output "vpc_id" {
  description = "ID of the VPC."
  value       = aws_vpc.ecs-vpc.id
}

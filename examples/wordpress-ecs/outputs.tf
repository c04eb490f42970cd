output "alb_dns_name" {
  description = "DNS name of the application load balancer."
  value       = aws_lb.main.dns_name
}

output "url" {
  description = "URL of the WordPress site."
  value       = "http://${aws_lb.main.dns_name}/"
}

output "cluster_name" {
  description = "Name of the ECS cluster."
  value       = aws_ecs_cluster.main.name
}

output "service_name" {
  description = "Name of the ECS service."
  value       = aws_ecs_service.wordpress.name
}

output "autoscaling_group_name" {
  description = "Name of the container instances' Auto Scaling group."
  value       = aws_autoscaling_group.ecs.name
}

output "launch_template" {
  description = "Launch template id and its latest version."
  value = {
    id      = aws_launch_template.ecs.id
    version = aws_launch_template.ecs.latest_version
  }
}

output "ami_id" {
  description = "The ECS-optimised AMI the instances run."
  value       = data.aws_ssm_parameter.ecs_ami.insecure_value
}

output "log_group" {
  description = "CloudWatch Logs group of the WordPress containers."
  value       = aws_cloudwatch_log_group.wordpress.name
}

/* resources.h - the resource types and data sources this provider serves.
 *
 * Each definition lives in its own file under aws/<service>/ (schema table
 * first, then its callbacks), the provider's functions in functions.c;
 * provider_schema.c lists them all.  The aws_alb* names are aliases that
 * share the aws_lb* schema and callbacks. */
#ifndef AWS_RESOURCES_H
#define AWS_RESOURCES_H

#include "function.h"
#include "schema.h"

/* ec2 */
extern const tf_resource_def aws_ec2_vpc_def;
extern const tf_resource_def aws_ec2_subnet_def;
extern const tf_resource_def aws_ec2_internet_gateway_def;
extern const tf_resource_def aws_ec2_route_table_def;
extern const tf_resource_def aws_ec2_route_def;
extern const tf_resource_def aws_ec2_eip_def;
extern const tf_resource_def aws_ec2_instance_def;
extern const tf_resource_def aws_ec2_nat_gateway_def;
extern const tf_resource_def aws_ec2_egress_only_internet_gateway_def;
extern const tf_resource_def aws_ec2_route_table_association_def;
extern const tf_resource_def aws_ec2_security_group_def;
extern const tf_resource_def aws_ec2_security_group_rule_def;
extern const tf_resource_def aws_ec2_vpc_security_group_ingress_rule_def;
extern const tf_resource_def aws_ec2_vpc_security_group_egress_rule_def;
extern const tf_resource_def aws_ec2_launch_template_def;
extern const tf_resource_def aws_ec2_network_acl_def;
extern const tf_resource_def aws_ec2_default_network_acl_def;
extern const tf_resource_def aws_ec2_network_acl_rule_def;
extern const tf_resource_def aws_ec2_default_security_group_def;
extern const tf_resource_def aws_ec2_default_route_table_def;
extern const tf_resource_def aws_ec2_default_vpc_def;
extern const tf_data_source_def aws_ec2_availability_zones_def;
extern const tf_data_source_def aws_ec2_subnets_data_source_def;
extern const tf_data_source_def aws_ec2_security_group_data_source_def;
extern const tf_data_source_def aws_ec2_subnet_data_source_def;
extern const tf_data_source_def aws_ec2_vpc_data_source_def;
extern const tf_data_source_def aws_ec2_prefix_list_data_source_def;
extern const tf_data_source_def aws_ec2_vpc_endpoint_service_data_source_def;
/* ec2: the VPC's extras (dhcp options, VPN, flow logs, prefix lists) */
extern const tf_resource_def aws_ec2_vpc_dhcp_options_def;
extern const tf_resource_def aws_ec2_vpc_dhcp_options_association_def;
extern const tf_resource_def aws_ec2_vpc_ipv4_cidr_block_association_def;
extern const tf_resource_def aws_ec2_flow_log_def;
extern const tf_resource_def aws_ec2_vpn_gateway_def;
extern const tf_resource_def aws_ec2_vpn_gateway_attachment_def;
extern const tf_resource_def aws_ec2_vpn_gateway_route_propagation_def;
extern const tf_resource_def aws_ec2_customer_gateway_def;
extern const tf_resource_def aws_ec2_vpc_endpoint_def;
extern const tf_resource_def aws_elasticache_subnet_group_def;
extern const tf_resource_def aws_redshift_subnet_group_def;
/* s3 (aws/s3/) */
extern const tf_resource_def aws_s3_bucket_def;
extern const tf_resource_def aws_s3_bucket_acl_def;
extern const tf_resource_def aws_s3_bucket_ownership_controls_def;
extern const tf_resource_def aws_s3_bucket_policy_def;
extern const tf_resource_def aws_s3_bucket_public_access_block_def;
extern const tf_data_source_def aws_canonical_user_id_def;
extern const tf_resource_def aws_ec2_managed_prefix_list_def;

/* elbv2 */
extern const tf_resource_def aws_elbv2_lb_def;
extern const tf_resource_def aws_elbv2_alb_def;
extern const tf_resource_def aws_elbv2_lb_listener_def;
extern const tf_resource_def aws_elbv2_alb_listener_def;
extern const tf_resource_def aws_elbv2_lb_target_group_def;
extern const tf_resource_def aws_elbv2_alb_target_group_def;
extern const tf_resource_def aws_elbv2_lb_listener_rule_def;
extern const tf_resource_def aws_elbv2_alb_listener_rule_def;
extern const tf_resource_def aws_elbv2_lb_listener_certificate_def;
extern const tf_resource_def aws_elbv2_alb_listener_certificate_def;
extern const tf_resource_def aws_elbv2_lb_target_group_attachment_def;
extern const tf_resource_def aws_elbv2_alb_target_group_attachment_def;

/* ecs */
extern const tf_resource_def aws_ecs_cluster_def;
extern const tf_resource_def aws_ecs_task_definition_def;
extern const tf_data_source_def aws_ecs_task_definition_data_source_def;
extern const tf_resource_def aws_ecs_service_def;
extern const tf_resource_def aws_ecs_capacity_provider_def;
extern const tf_resource_def aws_ecs_cluster_capacity_providers_def;

/* appautoscaling */
extern const tf_resource_def aws_appautoscaling_target_def;
extern const tf_resource_def aws_appautoscaling_policy_def;

/* autoscaling */
extern const tf_resource_def aws_autoscaling_launch_configuration_def;
extern const tf_resource_def aws_autoscaling_group_def;
extern const tf_resource_def aws_autoscaling_policy_def;

/* iam */
extern const tf_resource_def aws_iam_role_def;
extern const tf_resource_def aws_iam_role_policy_def;
extern const tf_resource_def aws_iam_role_policy_attachment_def;
extern const tf_resource_def aws_iam_policy_def;
extern const tf_resource_def aws_iam_instance_profile_def;
extern const tf_data_source_def aws_iam_policy_document_def;

/* meta: the provider's own identity, partition and region */
extern const tf_data_source_def aws_meta_caller_identity_def;
extern const tf_data_source_def aws_meta_partition_def;
extern const tf_data_source_def aws_meta_default_tags_def;
extern const tf_data_source_def aws_meta_region_def;

/* elb (classic): the ELB log-delivery account of a region */
extern const tf_data_source_def aws_elb_service_account_def;

/* logs, cloudwatch */
extern const tf_resource_def aws_logs_log_group_def;
extern const tf_resource_def aws_cloudwatch_metric_alarm_def;

/* acm */
extern const tf_resource_def aws_acm_certificate_def;
extern const tf_resource_def aws_acm_certificate_validation_def;

/* route53 */
extern const tf_resource_def aws_route53_zone_def;
extern const tf_resource_def aws_route53_record_def;
extern const tf_data_source_def aws_route53_zone_data_source_def;

/* secretsmanager */
extern const tf_resource_def aws_secretsmanager_secret_def;
extern const tf_resource_def aws_secretsmanager_secret_version_def;
extern const tf_ephemeral_def aws_secretsmanager_random_password_ephemeral_def;
extern const tf_ephemeral_def aws_secretsmanager_secret_version_ephemeral_def;

/* ssm, ec2 images */
extern const tf_data_source_def aws_ssm_parameter_data_source_def;
extern const tf_resource_def aws_ssm_parameter_def;
extern const tf_ephemeral_def aws_ssm_parameter_ephemeral_def;
extern const tf_data_source_def aws_ec2_ami_data_source_def;

/* provider functions (functions.c) */
extern const tf_function_def aws_fn_arn_parse_def;
extern const tf_function_def aws_fn_arn_build_def;
extern const tf_function_def aws_fn_trim_iam_role_path_def;

#endif

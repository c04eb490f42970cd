/* service.c - aws_ecs_service: keeps a number of copies of a task definition
 * running in a cluster, optionally behind load balancers.
 *
 * The schema table comes first; the resource callbacks follow it. */

#include <string.h>
#include <strings.h>

#include "plan.h"
#include "plan_suppress.h"
#include "resources.h"
#include "tags.h"

/* ---- schema ---- */

static const char *const deployment_controller_values[] = {"ECS", "CODE_DEPLOY", "EXTERNAL", NULL};
static const char *const placement_strategy_values[] = {"random", "spread", "binpack", NULL};
static const char *const placement_constraint_values[] = {"distinctInstance", "memberOf", NULL};
static const char *const log_driver_values[] = {
    "json-file", "syslog", "journald", "gelf", "fluentd", "awslogs", "splunk", "awsfirelens",
    NULL,
};
static const char *const propagate_tags_values[] = {"TASK_DEFINITION", "SERVICE", "NONE", NULL};
static const char *const ebs_resource_type_values[] = {"volume", NULL};
static const char *const filesystem_type_values[] = {"ext3", "ext4", "xfs", "ntfs", NULL};
static const char *const az_rebalancing_values[] = {"ENABLED", "DISABLED", NULL};
static const char *const launch_type_values[] = {
    "EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES", NULL,
};
static const char *const scheduling_strategy_values[] = {"REPLICA", "DAEMON", NULL};

static tf_attribute svc_alarms_attrs[] = {
    {
        .name = "alarm_names",
        .type = "set(string)",
        .flags = TF_REQUIRED,
        .description = "Names of the CloudWatch alarms.",
    },
    {
        .name = "enable",
        .type = "bool",
        .flags = TF_REQUIRED,
        .description = "Whether alarms are watched during deployments.",
    },
    {
        .name = "rollback",
        .type = "bool",
        .flags = TF_REQUIRED,
        .description = "Whether an alarm rolls the deployment back.",
    },
    {0},
};

static tf_block svc_alarms = {
    .attrs = svc_alarms_attrs,
    .description = "CloudWatch alarms that watch deployments.",
};

static tf_attribute svc_capacity_provider_strategy_attrs[] = {
    {
        .name = "base",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Tasks that always run on this provider first.",
        .validators = (const tf_validator[]){TF_V_INT_BETWEEN(0, 100000), TF_V_END},
    },
    {
        .name = "capacity_provider",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "Name of the capacity provider.",
    },
    {
        .name = "weight",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Relative share of the tasks placed on this provider.",
        .validators = (const tf_validator[]){TF_V_INT_BETWEEN(0, 1000), TF_V_END},
    },
    {0},
};

static tf_block svc_capacity_provider_strategy = {
    .attrs = svc_capacity_provider_strategy_attrs,
    .description = "A capacity provider and its share of the tasks.",
};

static tf_attribute svc_deployment_circuit_breaker_attrs[] = {
    {
        .name = "enable",
        .type = "bool",
        .flags = TF_REQUIRED,
        .description = "Whether the circuit breaker stops failing deployments.",
    },
    {
        .name = "rollback",
        .type = "bool",
        .flags = TF_REQUIRED,
        .description = "Whether a stopped deployment is rolled back.",
    },
    {0},
};

static tf_block svc_deployment_circuit_breaker = {
    .attrs = svc_deployment_circuit_breaker_attrs,
    .description = "Stops (and optionally rolls back) failing deployments.",
};

static tf_attribute svc_deployment_controller_attrs[] = {
    {
        .name = "type",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Deployment controller: ECS, CODE_DEPLOY or EXTERNAL.",
        .def = "\"ECS\"",
        .validators = (const tf_validator[]){TF_V_ONE_OF(deployment_controller_values), TF_V_END},
    },
    {0},
};

static tf_block svc_deployment_controller = {
    .attrs = svc_deployment_controller_attrs,
    .description = "Which deployment controller the service uses.",
};

static tf_attribute svc_load_balancer_attrs[] = {
    {
        .name = "container_name",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "Container that receives the load balancer's traffic.",
    },
    {
        .name = "container_port",
        .type = "number",
        .flags = TF_REQUIRED,
        .description = "Port of that container.",
        .validators = (const tf_validator[]){TF_V_INT_BETWEEN(0, 65536), TF_V_END},
    },
    {
        .name = "elb_name",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Name of a Classic Load Balancer.",
    },
    {
        .name = "target_group_arn",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Target group the tasks are registered with.",
        .validators = (const tf_validator[]){TF_V_ARN, TF_V_END},
    },
    {0},
};

static tf_block svc_load_balancer = {
    .attrs = svc_load_balancer_attrs,
    .description = "A load balancer target for the service's tasks.",
};

static tf_attribute svc_network_configuration_attrs[] = {
    {
        .name = "assign_public_ip",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Give the tasks public IP addresses (Fargate).",
        .def = "false",
    },
    {
        .name = "security_groups",
        .type = "set(string)",
        .flags = TF_OPTIONAL,
        .description = "Security groups of the tasks' network interfaces.",
    },
    {
        .name = "subnets",
        .type = "set(string)",
        .flags = TF_REQUIRED,
        .description = "Subnets the tasks are placed in.",
    },
    {0},
};

static tf_block svc_network_configuration = {
    .attrs = svc_network_configuration_attrs,
    .description = "Networking of awsvpc-mode tasks.",
};

static tf_attribute svc_ordered_placement_strategy_attrs[] = {
    {
        .name = "field",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description =
            "Field the strategy applies to, e.g. attribute:ecs.availability-zone or memory.",
    },
    {
        .name = "type",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "Strategy: random, spread or binpack.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(placement_strategy_values), TF_V_END},
    },
    {0},
};

static tf_block svc_ordered_placement_strategy = {
    .attrs = svc_ordered_placement_strategy_attrs,
    .description = "A rule for spreading or packing tasks, applied in order.",
};

static tf_attribute svc_placement_constraints_attrs[] = {
    {
        .name = "expression",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Cluster query language expression for memberOf.",
    },
    {
        .name = "type",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "Kind of constraint: distinctInstance or memberOf.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(placement_constraint_values), TF_V_END},
    },
    {0},
};

static tf_block svc_placement_constraints = {
    .attrs = svc_placement_constraints_attrs,
    .description = "A rule that limits where tasks may run.",
};

static tf_attribute svc_secret_option_attrs[] = {
    {
        .name = "name",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "Name of the log driver option.",
    },
    {
        .name = "value_from",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "ARN of the secret or parameter.",
    },
    {0},
};

static tf_block svc_secret_option = {
    .attrs = svc_secret_option_attrs,
    .description = "A secret passed to the log driver.",
};

static tf_attribute svc_log_configuration_attrs[] = {
    {
        .name = "log_driver",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "Log driver, e.g. awslogs.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(log_driver_values), TF_V_END},
    },
    {
        .name = "options",
        .type = "map(string)",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Options passed to the log driver.",
    },
    {0},
};

static tf_nested_block svc_log_configuration_blocks[] = {
    {
        .name = "secret_option",
        .nesting = TF_NEST_LIST,
        .block = &svc_secret_option,
        .flags = TF_OPTIONAL,
    },
    {0},
};

static tf_block svc_log_configuration = {
    .attrs = svc_log_configuration_attrs,
    .blocks = svc_log_configuration_blocks,
    .description = "Where logs go.",
};

static tf_attribute svc_client_alias_attrs[] = {
    {
        .name = "dns_name",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Name clients use to reach this service.",
    },
    {
        .name = "port",
        .type = "number",
        .flags = TF_REQUIRED,
        .description = "Port clients use to reach this service.",
        .validators = (const tf_validator[]){TF_V_INT_BETWEEN(0, 65535), TF_V_END},
    },
    {0},
};

static tf_block svc_client_alias = {
    .attrs = svc_client_alias_attrs,
    .description = "The name and port clients use.",
};

static tf_attribute svc_timeout_attrs[] = {
    {
        .name = "idle_timeout_seconds",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Seconds a connection may stay idle.",
        .validators = (const tf_validator[]){TF_V_INT_BETWEEN(0, 2147483647), TF_V_END},
    },
    {
        .name = "per_request_timeout_seconds",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Seconds a request may take.",
        .validators = (const tf_validator[]){TF_V_INT_BETWEEN(0, 2147483647), TF_V_END},
    },
    {0},
};

static tf_block svc_timeout = {
    .attrs = svc_timeout_attrs,
    .description = "Connection timeouts.",
};

static tf_attribute svc_issuer_cert_authority_attrs[] = {
    {
        .name = "aws_pca_authority_arn",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "ARN of the AWS Private CA.",
        .validators = (const tf_validator[]){TF_V_ARN, TF_V_END},
    },
    {0},
};

static tf_block svc_issuer_cert_authority = {
    .attrs = svc_issuer_cert_authority_attrs,
    .description = "The private certificate authority that issues certificates.",
};

static tf_attribute svc_tls_attrs[] = {
    {
        .name = "kms_key",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "KMS key that protects the private keys.",
    },
    {
        .name = "role_arn",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Role Service Connect uses to get certificates.",
        .validators = (const tf_validator[]){TF_V_ARN, TF_V_END},
    },
    {0},
};

static tf_nested_block svc_tls_blocks[] = {
    {
        .name = "issuer_cert_authority",
        .nesting = TF_NEST_LIST,
        .block = &svc_issuer_cert_authority,
        .min_items = 1,
        .max_items = 1,
        .flags = TF_REQUIRED,
    },
    {0},
};

static tf_block svc_tls = {
    .attrs = svc_tls_attrs,
    .blocks = svc_tls_blocks,
    .description = "TLS settings of Service Connect.",
};

static tf_attribute svc_service_attrs[] = {
    {
        .name = "discovery_name",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Name registered in Cloud Map for this port.",
    },
    {
        .name = "ingress_port_override",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Port the Service Connect proxy listens on.",
        .validators = (const tf_validator[]){TF_V_INT_BETWEEN(0, 65535), TF_V_END},
    },
    {
        .name = "port_name",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "Name of a port mapping of the task definition.",
    },
    {0},
};

static tf_nested_block svc_service_blocks[] = {
    {
        .name = "client_alias",
        .nesting = TF_NEST_LIST,
        .block = &svc_client_alias,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "timeout",
        .nesting = TF_NEST_LIST,
        .block = &svc_timeout,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "tls",
        .nesting = TF_NEST_LIST,
        .block = &svc_tls,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {0},
};

static tf_block svc_service = {
    .attrs = svc_service_attrs,
    .blocks = svc_service_blocks,
    .description = "A port the service exposes through Service Connect.",
};

static tf_attribute svc_service_connect_configuration_attrs[] = {
    {
        .name = "enabled",
        .type = "bool",
        .flags = TF_REQUIRED,
        .description = "Whether Service Connect is on for the service.",
    },
    {
        .name = "namespace",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Cloud Map namespace the service joins.",
    },
    {0},
};

static tf_nested_block svc_service_connect_configuration_blocks[] = {
    {
        .name = "log_configuration",
        .nesting = TF_NEST_LIST,
        .block = &svc_log_configuration,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {.name = "service", .nesting = TF_NEST_LIST, .block = &svc_service, .flags = TF_OPTIONAL},
    {0},
};

static tf_block svc_service_connect_configuration = {
    .attrs = svc_service_connect_configuration_attrs,
    .blocks = svc_service_connect_configuration_blocks,
    .description = "Service Connect settings.",
};

static tf_attribute svc_service_registries_attrs[] = {
    {
        .name = "container_name",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Container whose address is registered.",
    },
    {
        .name = "container_port",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Container port registered with the service.",
        .validators = (const tf_validator[]){TF_V_INT_BETWEEN(0, 65536), TF_V_END},
    },
    {
        .name = "port",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Port registered for SRV records.",
        .validators = (const tf_validator[]){TF_V_INT_BETWEEN(0, 65536), TF_V_END},
    },
    {
        .name = "registry_arn",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "ARN of the Cloud Map service.",
        .validators = (const tf_validator[]){TF_V_ARN, TF_V_END},
    },
    {0},
};

static tf_block svc_service_registries = {
    .attrs = svc_service_registries_attrs,
    .description = "Cloud Map service discovery registration.",
};

static tf_attribute svc_timeouts_attrs[] = {
    {
        .name = "create",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "How long creation may take (e.g. \"10m\").",
        .validators = (const tf_validator[]){TF_V_DURATION, TF_V_END},
    },
    {
        .name = "delete",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "How long deletion may take.",
        .validators = (const tf_validator[]){TF_V_DURATION, TF_V_END},
    },
    {
        .name = "update",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "How long an update may take.",
        .validators = (const tf_validator[]){TF_V_DURATION, TF_V_END},
    },
    {0},
};

static tf_block svc_timeouts = {
    .attrs = svc_timeouts_attrs,
    .description = "How long operations may take before they fail.",
};

static tf_attribute svc_tag_specifications_attrs[] = {
    {
        .name = "propagate_tags",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Where the volume copies tags from.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(propagate_tags_values), TF_V_END},
    },
    {
        .name = "resource_type",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "Resource to tag; only volume.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(ebs_resource_type_values), TF_V_END},
    },
    {
        .name = "tags",
        .type = "map(string)",
        .flags = TF_OPTIONAL,
        .description = "Tags to put on the volume.",
    },
    {0},
};

static tf_block svc_tag_specifications = {
    .attrs = svc_tag_specifications_attrs,
    .description = "Tags put on the created volumes.",
};

static tf_attribute svc_managed_ebs_volume_attrs[] = {
    {
        .name = "encrypted",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Whether the volume is encrypted.",
        .def = "true",
    },
    {
        .name = "file_system_type",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "File system of the volume: ext3, ext4, xfs or ntfs.",
        .def = "\"xfs\"",
        .validators = (const tf_validator[]){TF_V_ONE_OF(filesystem_type_values), TF_V_END},
    },
    {
        .name = "iops",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Provisioned IOPS of the volume.",
    },
    {
        .name = "kms_key_id",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "KMS key that encrypts the volume.",
    },
    {
        .name = "role_arn",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "Role ECS uses to manage the volume.",
        .validators = (const tf_validator[]){TF_V_ARN, TF_V_END},
    },
    {
        .name = "size_in_gb",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Size of the volume in GiB.",
    },
    {
        .name = "snapshot_id",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Snapshot the volume is created from.",
    },
    {
        .name = "throughput",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Throughput (MiB/s) of a gp3 volume.",
        .validators = (const tf_validator[]){TF_V_INT_BETWEEN(0, 1000), TF_V_END},
    },
    {
        .name = "volume_initialization_rate",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Rate (MiB/s) at which snapshot data is loaded.",
    },
    {
        .name = "volume_type",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "EBS volume type, e.g. gp3.",
    },
    {0},
};

static tf_nested_block svc_managed_ebs_volume_blocks[] = {
    {
        .name = "tag_specifications",
        .nesting = TF_NEST_LIST,
        .block = &svc_tag_specifications,
        .flags = TF_OPTIONAL,
    },
    {0},
};

static tf_block svc_managed_ebs_volume = {
    .attrs = svc_managed_ebs_volume_attrs,
    .blocks = svc_managed_ebs_volume_blocks,
    .description = "An EBS volume ECS creates for each task.",
};

static tf_attribute svc_volume_configuration_attrs[] = {
    {
        .name = "name",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "Name of the task definition volume to configure.",
    },
    {0},
};

static tf_nested_block svc_volume_configuration_blocks[] = {
    {
        .name = "managed_ebs_volume",
        .nesting = TF_NEST_LIST,
        .block = &svc_managed_ebs_volume,
        .min_items = 1,
        .max_items = 1,
        .flags = TF_REQUIRED,
    },
    {0},
};

static tf_block svc_volume_configuration = {
    .attrs = svc_volume_configuration_attrs,
    .blocks = svc_volume_configuration_blocks,
    .description = "A volume configured when tasks launch.",
};

static tf_attribute svc_vpc_lattice_configurations_attrs[] = {
    {
        .name = "port_name",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "Name of the task definition port mapping to register.",
        .validators = (const tf_validator[]){
            TF_V_STRLEN(1, 64),
            TF_V_REGEX("^[0-9a-z_-]+$", "must contain only lowercase letters, numbers, underscores "
                "and hyphens"),
            TF_V_NOT_REGEX("^-", "cannot begin with a hyphen"),
            TF_V_END,
        },
    },
    {
        .name = "role_arn",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "Role ECS uses to register tasks with VPC Lattice.",
        .validators = (const tf_validator[]){TF_V_ARN, TF_V_END},
    },
    {
        .name = "target_group_arn",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "VPC Lattice target group the tasks join.",
        .validators = (const tf_validator[]){TF_V_ARN, TF_V_END},
    },
    {0},
};

static tf_block svc_vpc_lattice_configurations = {
    .attrs = svc_vpc_lattice_configurations_attrs,
    .description = "A VPC Lattice target group the tasks join.",
};

static tf_attribute svc_attrs[] = {
    {
        .name = "availability_zone_rebalancing",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Rebalance tasks over zones: ENABLED or DISABLED.",
        .def = "\"DISABLED\"",
        .validators = (const tf_validator[]){TF_V_ONE_OF(az_rebalancing_values), TF_V_END},
    },
    {
        .name = "cluster",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "Cluster the service runs in (name or ARN).",
    },
    {
        .name = "deployment_maximum_percent",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description =
            "Upper bound of running tasks during a deployment, as a percentage of desired_count.",
        .def = "200",
    },
    {
        .name = "deployment_minimum_healthy_percent",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Lower bound of healthy tasks during a deployment, as a percentage.",
        .def = "100",
    },
    {
        .name = "desired_count",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Number of tasks to keep running (not for DAEMON services).",
    },
    {
        .name = "enable_ecs_managed_tags",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Let ECS tag the tasks it starts.",
        .def = "false",
    },
    {
        .name = "enable_execute_command",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Allow ECS Exec into the tasks.",
        .def = "false",
    },
    {
        .name = "force_delete",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Delete the service even if it still runs tasks.",
    },
    {
        .name = "force_new_deployment",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Start a new deployment on every apply that changes the service.",
    },
    {
        .name = "health_check_grace_period_seconds",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Seconds load balancer health checks are ignored after a task starts.",
        .validators = (const tf_validator[]){TF_V_INT_BETWEEN(0, 2147483647), TF_V_END},
    },
    {
        .name = "iam_role",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "Role that lets ECS call the load balancer for you.",
    },
    {
        .name = "id",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "ARN of the service.",
    },
    {
        .name = "launch_type",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "Where tasks run: EC2, FARGATE or EXTERNAL.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(launch_type_values), TF_V_END},
    },
    {
        .name = "name",
        .type = "string",
        .flags = TF_REQUIRED | TF_FORCE_NEW,
        .description = "Name of the service.",
    },
    {
        .name = "platform_version",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Fargate platform version, e.g. LATEST.",
    },
    {
        .name = "propagate_tags",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Where tasks copy tags from: SERVICE, TASK_DEFINITION or NONE.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(propagate_tags_values), TF_V_END},
    },
    {
        .name = "scheduling_strategy",
        .type = "string",
        .flags = TF_OPTIONAL | TF_FORCE_NEW,
        .description = "REPLICA keeps desired_count tasks; DAEMON runs one per instance.",
        .def = "\"REPLICA\"",
        .validators = (const tf_validator[]){TF_V_ONE_OF(scheduling_strategy_values), TF_V_END},
    },
    {
        .name = "tags",
        .type = "map(string)",
        .flags = TF_OPTIONAL,
        .description = "Tags of the resource.",
    },
    {
        .name = "tags_all",
        .type = "map(string)",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "All tags of the resource, including the provider's default tags.",
    },
    {
        .name = "task_definition",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Task definition to run (family, family:revision or ARN).",
    },
    {
        .name = "triggers",
        .type = "map(string)",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description =
            "Arbitrary values whose change redeploys the service (with force_new_deployment).",
    },
    {
        .name = "wait_for_steady_state",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Wait until the deployment has finished.",
        .def = "false",
    },
    {0},
};

static tf_nested_block svc_blocks[] = {
    {
        .name = "alarms",
        .nesting = TF_NEST_LIST,
        .block = &svc_alarms,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "capacity_provider_strategy",
        .nesting = TF_NEST_SET,
        .block = &svc_capacity_provider_strategy,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "deployment_circuit_breaker",
        .nesting = TF_NEST_LIST,
        .block = &svc_deployment_circuit_breaker,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "deployment_controller",
        .nesting = TF_NEST_LIST,
        .block = &svc_deployment_controller,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "load_balancer",
        .nesting = TF_NEST_SET,
        .block = &svc_load_balancer,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "network_configuration",
        .nesting = TF_NEST_LIST,
        .block = &svc_network_configuration,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "ordered_placement_strategy",
        .nesting = TF_NEST_LIST,
        .block = &svc_ordered_placement_strategy,
        .max_items = 5,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "placement_constraints",
        .nesting = TF_NEST_SET,
        .block = &svc_placement_constraints,
        .max_items = 10,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "service_connect_configuration",
        .nesting = TF_NEST_LIST,
        .block = &svc_service_connect_configuration,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "service_registries",
        .nesting = TF_NEST_LIST,
        .block = &svc_service_registries,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {.name = "timeouts", .nesting = TF_NEST_SINGLE, .block = &svc_timeouts, .flags = TF_OPTIONAL},
    {
        .name = "volume_configuration",
        .nesting = TF_NEST_LIST,
        .block = &svc_volume_configuration,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "vpc_lattice_configurations",
        .nesting = TF_NEST_SET,
        .block = &svc_vpc_lattice_configurations,
        .flags = TF_OPTIONAL,
    },
    {0},
};

static tf_block svc_schema = {
    .attrs = svc_attrs,
    .blocks = svc_blocks,
    .description = "Keeps a desired number of ECS tasks running in a cluster.",
};

/* ---- planning ----
 *
 * What hashicorp/aws's schema and CustomizeDiff add: a daemon service has
 * no desired count and ignores the default deployment percentages, "host"
 * is ECS's "instanceId" in placement strategies, triggers only count with
 * force_new_deployment, and capacity providers mostly need a new service. */

static bool svc_daemon(const tf_plan_req *req)
{
    return strcmp(aws_plan_str(req, "scheduling_strategy"), "DAEMON") == 0;
}

static int64_t svc_planned_i64(const tf_plan_req *req, const char *name)
{
    return tf_get_i64(req->planned, name, -1);
}

static void svc_plan_daemon(tf_ctx *ctx, tf_plan_req *req)
{
    if (!svc_daemon(req))
        return;
    aws_plan_suppress(ctx, req, &svc_schema, "desired_count");
    if (svc_planned_i64(req, "deployment_maximum_percent") == 200)
        aws_plan_suppress(ctx, req, &svc_schema, "deployment_maximum_percent");
    if (svc_planned_i64(req, "deployment_minimum_healthy_percent") == 100)
        aws_plan_suppress(ctx, req, &svc_schema, "deployment_minimum_healthy_percent");
}

/* ordered_placement_strategy[*].field: StateFunc host -> instanceId, and
 * no diff for a change of case only. */
static void svc_plan_placement(tf_ctx *ctx, tf_plan_req *req)
{
    tf_arena *a = ctx->arena;
    const tf_value *list = tf_get(req->planned, "ordered_placement_strategy");
    const tf_value *prior = tf_get(req->prior, "ordered_placement_strategy");
    if (!tf_is_known(list))
        return;
    size_t n = list->u.coll.n;
    const tf_value **items = tf_arena_calloc(a, n + 1, sizeof *items);
    for (size_t i = 0; i < n; i++) {
        const tf_value *e = list->u.coll.items[i];
        items[i] = e;
        const tf_value *f = tf_is_known(e) ? tf_get(e, "field") : NULL;
        if (!tf_is_known(f))
            continue;
        const tf_value *nf = strcmp(f->u.str.ptr, "host") == 0 ? tf_string(a, "instanceId") : f;
        const tf_value *pe = tf_is_known(prior) && i < prior->u.coll.n ? prior->u.coll.items[i]
                                                                        : NULL;
        const tf_value *pf = tf_is_known(pe) ? tf_get(pe, "field") : NULL;
        if (tf_is_known(pf) && strcasecmp(pf->u.str.ptr, nf->u.str.ptr) == 0)
            nf = pf;
        items[i] = tf_object_with(a, e, "field", nf);
    }
    req->planned = tf_object_with(a, req->planned, "ordered_placement_strategy",
                                  tf_list(a, list->type->elem, n, items));
}

static size_t svc_len(const tf_value *v)
{
    return tf_is_known(v) ? v->u.coll.n : 0;
}

static bool svc_changed(const tf_plan_req *req, const char *name)
{
    const tf_value *o = tf_get(req->prior, name), *n = tf_get(req->planned, name);
    if (svc_len(o) == 0 && svc_len(n) == 0)
        return false;
    return !tf_is_known(o) || !tf_is_known(n) || !tf_value_equal(o, n);
}

/* triggersCustomizeDiff: without force_new_deployment (or when all
 * triggers are removed) the triggers keep their prior value. */
static void svc_plan_triggers(tf_ctx *ctx, tf_plan_req *req)
{
    if (!svc_changed(req, "triggers"))
        return;
    bool fnd = tf_get_bool(req->planned, "force_new_deployment", false);
    size_t old_n = svc_len(tf_get(req->prior, "triggers"));
    size_t new_n = svc_len(tf_get(req->planned, "triggers"));
    if (fnd && !(old_n > 0 && new_n == 0))
        return;
    const tf_value *cur = tf_get(req->planned, "triggers");
    const tf_value *v = tf_is_null(req->prior) ? tf_unknown(ctx->arena, cur->type)
                                               : tf_get(req->prior, "triggers");
    req->planned = tf_object_with(ctx->arena, req->planned, "triggers", v);
}

/* capacityProviderStrategyCustomizeDiff: changing the strategies of an
 * existing service needs force_new_deployment, and even then a new service
 * when there were none or will be none. */
static void svc_plan_capacity_providers(tf_ctx *ctx, tf_plan_req *req)
{
    tf_arena *a = ctx->arena;
    if (tf_is_null(req->prior) || !svc_changed(req, "capacity_provider_strategy"))
        return;
    size_t ol = svc_len(tf_get(req->prior, "capacity_provider_strategy"));
    size_t nl = svc_len(tf_get(req->planned, "capacity_provider_strategy"));
    if (tf_get_bool(req->planned, "force_new_deployment", false) && (ol > 0) == (nl > 0))
        return;
    tf_plan_add_replace(a, req, tf_path_attr(a, tf_path_root(a), "capacity_provider_strategy"));
}

/* propagate_tags "NONE" (what AWS reports) and unset are the same. */
static void svc_plan_propagate_tags(tf_ctx *ctx, tf_plan_req *req)
{
    if (strcmp(tf_get_str(req->prior, "propagate_tags", ""), "NONE") == 0 &&
        aws_plan_str(req, "propagate_tags")[0] == '\0')
        aws_plan_suppress(ctx, req, &svc_schema, "propagate_tags");
}

static void service_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->planned))
        return;
    svc_plan_daemon(ctx, req);
    svc_plan_placement(ctx, req);
    svc_plan_triggers(ctx, req);
    svc_plan_capacity_providers(ctx, req);
    svc_plan_propagate_tags(ctx, req);
    aws_tags_plan(ctx, req);
}

/* ---- definition ---- */

const tf_resource_def aws_ecs_service_def = {
    .type_name = "aws_ecs_service",
    .version = 1,
    .schema = &svc_schema,
    .modify_plan = service_modify_plan,
};

/* autoscaling_group.c - aws_autoscaling_group: a fleet of EC2 instances kept
 * between a minimum and a maximum size.
 *
 * The schema table comes first; the resource callbacks follow it. */

#include <string.h>

#include "resources.h"

/* ---- schema ---- */

static const char *const capacity_distribution_values[] = {
    "balanced-only", "balanced-best-effort", "reservations-then-balanced", NULL,
};
static const char *const capacity_reservation_preference_values[] = {
    "capacity-reservations-only", "capacity-reservations-first", "none", "default", NULL,
};
static const char *const lifecycle_default_result_values[] = {"CONTINUE", "ABANDON", NULL};
static const char *const lifecycle_transition_values[] = {
    "autoscaling:EC2_INSTANCE_LAUNCHING", "autoscaling:EC2_INSTANCE_TERMINATING", NULL,
};
static const char *const scale_in_protected_values[] = {"Refresh", "Ignore", "Wait", NULL};
static const char *const standby_instances_values[] = {"Terminate", "Ignore", "Wait", NULL};
static const char *const refresh_strategy_values[] = {"Rolling", "ReplaceRootVolume", NULL};
static const char *const accelerator_manufacturer_values[] = {
    "nvidia", "amd", "amazon-web-services", "xilinx", NULL,
};
static const char *const accelerator_name_values[] = {
    "a100", "v100", "k80", "t4", "m60", "radeon-pro-v520", "vu9p", NULL,
};
static const char *const accelerator_type_values[] = {"gpu", "fpga", "inference", NULL};
static const char *const included_values[] = {"included", "excluded", "required", NULL};
static const char *const cpu_manufacturer_values[] = {
    "intel", "amd", "amazon-web-services", "apple", NULL,
};
static const char *const instance_generation_values[] = {"current", "previous", NULL};
static const char *const local_storage_type_values[] = {"hdd", "ssd", NULL};
static const char *const warm_pool_state_values[] = {"Stopped", "Running", "Hibernated", NULL};
static const char *const desired_capacity_type_values[] = {"units", "vcpu", "memory-mib", NULL};

static tf_attribute asg_availability_zone_distribution_attrs[] = {
    {
        .name = "capacity_distribution_strategy",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "How to react when a zone lacks capacity.",
        .def = "\"balanced-best-effort\"",
        .validators = (const tf_validator[]){TF_V_ONE_OF(capacity_distribution_values), TF_V_END},
    },
    {0},
};

static tf_block asg_availability_zone_distribution = {
    .attrs = asg_availability_zone_distribution_attrs,
    .description = "How instances are spread over zones.",
};

static tf_attribute asg_capacity_reservation_target_attrs[] = {
    {
        .name = "capacity_reservation_ids",
        .type = "list(string)",
        .flags = TF_OPTIONAL,
        .description = "Capacity reservations to use.",
        .conflicts_with = (const char *const[]){
            "capacity_reservation_specification.0.capacity_reservation_target.0."
                "capacity_reservation_resource_group_arns",
            NULL,
        },
    },
    {
        .name = "capacity_reservation_resource_group_arns",
        .type = "list(string)",
        .flags = TF_OPTIONAL,
        .description = "Resource groups of capacity reservations to use.",
        .validators = (const tf_validator[]){TF_V_ARN, TF_V_END},
        .conflicts_with = (const char *const[]){
            "capacity_reservation_specification.0.capacity_reservation_target.0."
                "capacity_reservation_ids",
            NULL,
        },
    },
    {0},
};

static tf_block asg_capacity_reservation_target = {
    .attrs = asg_capacity_reservation_target_attrs,
    .description = "Specific reservations or reservation groups to use.",
};

static tf_attribute asg_capacity_reservation_specification_attrs[] = {
    {
        .name = "capacity_reservation_preference",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Reservation use: capacity-reservations-only, -first, none or default.",
        .validators = (const tf_validator[]){
            TF_V_ONE_OF(capacity_reservation_preference_values),
            TF_V_END,
        },
    },
    {0},
};

static tf_nested_block asg_capacity_reservation_specification_blocks[] = {
    {
        .name = "capacity_reservation_target",
        .nesting = TF_NEST_LIST,
        .block = &asg_capacity_reservation_target,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {0},
};

static tf_block asg_capacity_reservation_specification = {
    .attrs = asg_capacity_reservation_specification_attrs,
    .blocks = asg_capacity_reservation_specification_blocks,
    .description = "Which capacity reservations instances use.",
};

static tf_attribute asg_initial_lifecycle_hook_attrs[] = {
    {
        .name = "default_result",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "Outcome when the hook times out: CONTINUE or ABANDON.",
        .validators = (const tf_validator[]){
            TF_V_ONE_OF(lifecycle_default_result_values),
            TF_V_END,
        },
    },
    {
        .name = "heartbeat_timeout",
        .type = "number",
        .flags = TF_OPTIONAL | TF_FORCE_NEW,
        .description = "Seconds to wait for the hook to complete.",
        .validators = (const tf_validator[]){TF_V_INT_BETWEEN(30, 7200), TF_V_END},
    },
    {
        .name = "lifecycle_transition",
        .type = "string",
        .flags = TF_REQUIRED | TF_FORCE_NEW,
        .description = "Transition the hook runs on (launching or terminating).",
        .validators = (const tf_validator[]){TF_V_ONE_OF(lifecycle_transition_values), TF_V_END},
    },
    {
        .name = "name",
        .type = "string",
        .flags = TF_REQUIRED | TF_FORCE_NEW,
        .description = "Name of the lifecycle hook.",
        .validators = (const tf_validator[]){
            TF_V_STRLEN(1, 255),
            TF_V_REGEX("[-A-Za-z0-9_/]+", "no spaces or special characters except \"-\", \"_\", "
                "and \"/\""),
            TF_V_END,
        },
    },
    {
        .name = "notification_metadata",
        .type = "string",
        .flags = TF_OPTIONAL | TF_FORCE_NEW,
        .description = "Extra data sent with the notification.",
    },
    {
        .name = "notification_target_arn",
        .type = "string",
        .flags = TF_OPTIONAL | TF_FORCE_NEW,
        .description = "SNS topic or SQS queue notified by the hook.",
        .validators = (const tf_validator[]){TF_V_ARN, TF_V_END},
    },
    {
        .name = "role_arn",
        .type = "string",
        .flags = TF_OPTIONAL | TF_FORCE_NEW,
        .description = "Role that lets Auto Scaling publish to the notification target.",
        .validators = (const tf_validator[]){TF_V_ARN, TF_V_END},
    },
    {0},
};

static tf_block asg_initial_lifecycle_hook = {
    .attrs = asg_initial_lifecycle_hook_attrs,
    .description = "A lifecycle hook created with the group.",
};

static tf_attribute asg_instance_maintenance_policy_attrs[] = {
    {
        .name = "max_healthy_percentage",
        .type = "number",
        .flags = TF_REQUIRED,
        .description = "Upper bound of capacity during replacements, 100-200 (or -1).",
    },
    {
        .name = "min_healthy_percentage",
        .type = "number",
        .flags = TF_REQUIRED,
        .description = "Capacity kept healthy during replacements, 0-100 (or -1).",
        .validators = (const tf_validator[]){TF_V_INT_BETWEEN(-1, 100), TF_V_END},
    },
    {0},
};

static tf_block asg_instance_maintenance_policy = {
    .attrs = asg_instance_maintenance_policy_attrs,
    .description = "Capacity bounds while instances are replaced.",
};

static tf_attribute asg_alarm_specification_attrs[] = {
    {
        .name = "alarms",
        .type = "list(string)",
        .flags = TF_OPTIONAL,
        .description = "Names of CloudWatch alarms.",
    },
    {0},
};

static tf_block asg_alarm_specification = {
    .attrs = asg_alarm_specification_attrs,
    .description = "Alarms that stop a refresh.",
};

static tf_attribute asg_preferences_attrs[] = {
    {
        .name = "auto_rollback",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Roll back when the refresh fails.",
    },
    {
        .name = "checkpoint_delay",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Seconds to wait at each checkpoint.",
        .validators = (const tf_validator[]){TF_V_NULLABLE_INT(0, INT64_MAX), TF_V_END},
    },
    {
        .name = "checkpoint_percentages",
        .type = "list(number)",
        .flags = TF_OPTIONAL,
        .description = "Percentages of replaced capacity at which to pause.",
    },
    {
        .name = "instance_warmup",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Seconds before a new instance counts as in service.",
        .validators = (const tf_validator[]){TF_V_NULLABLE_INT(0, INT64_MAX), TF_V_END},
    },
    {
        .name = "max_healthy_percentage",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Upper bound of capacity during a refresh, 100-200.",
        .def = "100",
        .validators = (const tf_validator[]){TF_V_INT_BETWEEN(100, 200), TF_V_END},
    },
    {
        .name = "min_healthy_percentage",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Capacity kept healthy during a refresh, 0-100.",
        .def = "90",
        .validators = (const tf_validator[]){TF_V_INT_BETWEEN(0, 100), TF_V_END},
    },
    {
        .name = "scale_in_protected_instances",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Handling of scale-in protected instances: Refresh, Ignore or Wait.",
        .def = "\"Ignore\"",
        .validators = (const tf_validator[]){TF_V_ONE_OF(scale_in_protected_values), TF_V_END},
    },
    {
        .name = "skip_matching",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Skip instances that already match the desired configuration.",
        .def = "false",
    },
    {
        .name = "standby_instances",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Handling of Standby instances: Terminate, Ignore or Wait.",
        .def = "\"Ignore\"",
        .validators = (const tf_validator[]){TF_V_ONE_OF(standby_instances_values), TF_V_END},
    },
    {0},
};

static tf_nested_block asg_preferences_blocks[] = {
    {
        .name = "alarm_specification",
        .nesting = TF_NEST_LIST,
        .block = &asg_alarm_specification,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {0},
};

static tf_block asg_preferences = {
    .attrs = asg_preferences_attrs,
    .blocks = asg_preferences_blocks,
    .description = "How a refresh proceeds.",
};

static tf_attribute asg_instance_refresh_attrs[] = {
    {
        .name = "strategy",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "Refresh strategy: Rolling or ReplaceRootVolume.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(refresh_strategy_values), TF_V_END},
    },
    {
        .name = "triggers",
        .type = "set(string)",
        .flags = TF_OPTIONAL,
        .description = "Extra arguments whose change starts a refresh.",
    },
    {0},
};

static tf_nested_block asg_instance_refresh_blocks[] = {
    {
        .name = "preferences",
        .nesting = TF_NEST_LIST,
        .block = &asg_preferences,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {0},
};

static tf_block asg_instance_refresh = {
    .attrs = asg_instance_refresh_attrs,
    .blocks = asg_instance_refresh_blocks,
    .description = "Rolls instances automatically when the group changes.",
};

static tf_attribute asg_launch_template_attrs[] = {
    {
        .name = "id",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "ID of the launch template.",
        .validators = (const tf_validator[]){
            TF_V_STRLEN(1, 255),
            TF_V_REGEX("^lt-[0-9a-z]+$", "must begin with 'lt-' and be comprised of only "
                "alphanumeric characters"),
            TF_V_END,
        },
        .conflicts_with = (const char *const[]){"launch_template.0.name", NULL},
    },
    {
        .name = "name",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Name of the launch template.",
        .validators = (const tf_validator[]){
            TF_V_STRLEN(3, 125),
            TF_V_REGEX("^[0-9A-Za-z()./_-]+$", "can only contain alphanumeric characters and ()."
                "/_- symbols"),
            TF_V_END,
        },
        .conflicts_with = (const char *const[]){"launch_template.0.id", NULL},
    },
    {
        .name = "version",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Template version: a number, $Latest or $Default.",
        .validators = (const tf_validator[]){TF_V_STRLEN(1, 255), TF_V_END},
    },
    {0},
};

static tf_block asg_launch_template = {
    .attrs = asg_launch_template_attrs,
    .description = "The launch template instances are created from.",
};

static tf_attribute asg_instances_distribution_attrs[] = {
    {
        .name = "on_demand_allocation_strategy",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "How On-Demand instance types are picked.",
    },
    {
        .name = "on_demand_base_capacity",
        .type = "number",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Capacity always filled with On-Demand instances.",
        .validators = (const tf_validator[]){TF_V_INT_AT_LEAST(0), TF_V_END},
    },
    {
        .name = "on_demand_percentage_above_base_capacity",
        .type = "number",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Share of On-Demand instances beyond the base capacity.",
        .validators = (const tf_validator[]){TF_V_INT_BETWEEN(0, 100), TF_V_END},
    },
    {
        .name = "spot_allocation_strategy",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "How Spot instance pools are picked.",
    },
    {
        .name = "spot_instance_pools",
        .type = "number",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Number of Spot pools to use (lowest-price strategy).",
        .validators = (const tf_validator[]){TF_V_INT_AT_LEAST(0), TF_V_END},
    },
    {
        .name = "spot_max_price",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Maximum Spot price; On-Demand price when empty.",
    },
    {0},
};

static tf_block asg_instances_distribution = {
    .attrs = asg_instances_distribution_attrs,
    .description = "How On-Demand and Spot capacity are mixed.",
};

static tf_attribute asg_launch_template_specification_attrs[] = {
    {
        .name = "launch_template_id",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "ID of the launch template.",
    },
    {
        .name = "launch_template_name",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Name of the launch template.",
    },
    {
        .name = "version",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Version of the launch template.",
    },
    {0},
};

static tf_block asg_launch_template_specification = {
    .attrs = asg_launch_template_specification_attrs,
    .description = "The launch template to use.",
};

static tf_attribute asg_accelerator_count_attrs[] = {
    {
        .name = "max",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Upper bound; no upper bound when omitted.",
        .validators = (const tf_validator[]){TF_V_INT_AT_LEAST(0), TF_V_END},
    },
    {
        .name = "min",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Lower bound; no lower bound when omitted.",
        .validators = (const tf_validator[]){TF_V_INT_AT_LEAST(1), TF_V_END},
    },
    {0},
};

static tf_block asg_accelerator_count = {
    .attrs = asg_accelerator_count_attrs,
    .description = "Number of accelerators per instance.",
};

static tf_attribute asg_accelerator_total_memory_mib_attrs[] = {
    {
        .name = "max",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Upper bound; no upper bound when omitted.",
        .validators = (const tf_validator[]){TF_V_INT_AT_LEAST(1), TF_V_END},
    },
    {
        .name = "min",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Lower bound; no lower bound when omitted.",
        .validators = (const tf_validator[]){TF_V_INT_AT_LEAST(1), TF_V_END},
    },
    {0},
};

static tf_block asg_accelerator_total_memory_mib = {
    .attrs = asg_accelerator_total_memory_mib_attrs,
    .description = "Total accelerator memory per instance (MiB).",
};

static tf_attribute asg_baseline_ebs_bandwidth_mbps_attrs[] = {
    {
        .name = "max",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Upper bound; no upper bound when omitted.",
        .validators = (const tf_validator[]){TF_V_INT_AT_LEAST(1), TF_V_END},
    },
    {
        .name = "min",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Lower bound; no lower bound when omitted.",
        .validators = (const tf_validator[]){TF_V_INT_AT_LEAST(1), TF_V_END},
    },
    {0},
};

static tf_block asg_baseline_ebs_bandwidth_mbps = {
    .attrs = asg_baseline_ebs_bandwidth_mbps_attrs,
    .description = "Baseline EBS bandwidth (Mbps).",
};

static tf_attribute asg_memory_gib_per_vcpu_attrs[] = {
    {
        .name = "max",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Upper bound; no upper bound when omitted.",
        .validators = (const tf_validator[]){TF_V_FLOAT_ABOVE(0), TF_V_END},
    },
    {
        .name = "min",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Lower bound; no lower bound when omitted.",
        .validators = (const tf_validator[]){TF_V_FLOAT_ABOVE(0), TF_V_END},
    },
    {0},
};

static tf_block asg_memory_gib_per_vcpu = {
    .attrs = asg_memory_gib_per_vcpu_attrs,
    .description = "Memory per vCPU (GiB).",
};

static tf_attribute asg_memory_mib_attrs[] = {
    {
        .name = "max",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Upper bound; no upper bound when omitted.",
        .validators = (const tf_validator[]){TF_V_INT_AT_LEAST(1), TF_V_END},
    },
    {
        .name = "min",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Lower bound; no lower bound when omitted.",
        .validators = (const tf_validator[]){TF_V_INT_AT_LEAST(1), TF_V_END},
    },
    {0},
};

static tf_block asg_memory_mib = {
    .attrs = asg_memory_mib_attrs,
    .description = "Memory per instance (MiB).",
};

static tf_attribute asg_network_bandwidth_gbps_attrs[] = {
    {
        .name = "max",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Upper bound; no upper bound when omitted.",
        .validators = (const tf_validator[]){TF_V_FLOAT_ABOVE(0), TF_V_END},
    },
    {
        .name = "min",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Lower bound; no lower bound when omitted.",
        .validators = (const tf_validator[]){TF_V_FLOAT_ABOVE(0), TF_V_END},
    },
    {0},
};

static tf_block asg_network_bandwidth_gbps = {
    .attrs = asg_network_bandwidth_gbps_attrs,
    .description = "Network bandwidth (Gbps).",
};

static tf_attribute asg_network_interface_count_attrs[] = {
    {
        .name = "max",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Upper bound; no upper bound when omitted.",
        .validators = (const tf_validator[]){TF_V_INT_AT_LEAST(1), TF_V_END},
    },
    {
        .name = "min",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Lower bound; no lower bound when omitted.",
        .validators = (const tf_validator[]){TF_V_INT_AT_LEAST(1), TF_V_END},
    },
    {0},
};

static tf_block asg_network_interface_count = {
    .attrs = asg_network_interface_count_attrs,
    .description = "Number of network interfaces.",
};

static tf_attribute asg_total_local_storage_gb_attrs[] = {
    {
        .name = "max",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Upper bound; no upper bound when omitted.",
        .validators = (const tf_validator[]){TF_V_FLOAT_ABOVE(0), TF_V_END},
    },
    {
        .name = "min",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Lower bound; no lower bound when omitted.",
        .validators = (const tf_validator[]){TF_V_FLOAT_ABOVE(0), TF_V_END},
    },
    {0},
};

static tf_block asg_total_local_storage_gb = {
    .attrs = asg_total_local_storage_gb_attrs,
    .description = "Total local storage (GB).",
};

static tf_attribute asg_vcpu_count_attrs[] = {
    {
        .name = "max",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Upper bound; no upper bound when omitted.",
        .validators = (const tf_validator[]){TF_V_INT_AT_LEAST(1), TF_V_END},
    },
    {
        .name = "min",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Lower bound; no lower bound when omitted.",
        .validators = (const tf_validator[]){TF_V_INT_AT_LEAST(1), TF_V_END},
    },
    {0},
};

static tf_block asg_vcpu_count = {
    .attrs = asg_vcpu_count_attrs,
    .description = "Number of vCPUs.",
};

static tf_attribute asg_instance_requirements_attrs[] = {
    {
        .name = "accelerator_manufacturers",
        .type = "set(string)",
        .flags = TF_OPTIONAL,
        .description = "Accelerator manufacturers to allow.",
        .validators = (const tf_validator[]){
            TF_V_ONE_OF(accelerator_manufacturer_values),
            TF_V_END,
        },
    },
    {
        .name = "accelerator_names",
        .type = "set(string)",
        .flags = TF_OPTIONAL,
        .description = "Accelerator models to allow.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(accelerator_name_values), TF_V_END},
    },
    {
        .name = "accelerator_types",
        .type = "set(string)",
        .flags = TF_OPTIONAL,
        .description = "Accelerator kinds to allow: gpu, fpga or inference.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(accelerator_type_values), TF_V_END},
    },
    {
        .name = "allowed_instance_types",
        .type = "set(string)",
        .flags = TF_OPTIONAL,
        .description = "Instance types to choose from (wildcards allowed).",
    },
    {
        .name = "bare_metal",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Bare metal instance types: included, excluded or required.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(included_values), TF_V_END},
    },
    {
        .name = "burstable_performance",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Burstable instance types: included, excluded or required.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(included_values), TF_V_END},
    },
    {
        .name = "cpu_manufacturers",
        .type = "set(string)",
        .flags = TF_OPTIONAL,
        .description = "CPU manufacturers to allow.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(cpu_manufacturer_values), TF_V_END},
    },
    {
        .name = "excluded_instance_types",
        .type = "set(string)",
        .flags = TF_OPTIONAL,
        .description = "Instance types never to use (wildcards allowed).",
    },
    {
        .name = "instance_generations",
        .type = "set(string)",
        .flags = TF_OPTIONAL,
        .description = "Instance generations to allow: current, previous.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(instance_generation_values), TF_V_END},
    },
    {
        .name = "local_storage",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Instance store: included, excluded or required.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(included_values), TF_V_END},
    },
    {
        .name = "local_storage_types",
        .type = "set(string)",
        .flags = TF_OPTIONAL,
        .description = "Local storage kinds to allow: hdd, ssd.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(local_storage_type_values), TF_V_END},
    },
    {
        .name = "max_spot_price_as_percentage_of_optimal_on_demand_price",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Spot price ceiling relative to the best On-Demand price.",
        .validators = (const tf_validator[]){TF_V_INT_AT_LEAST(1), TF_V_END},
    },
    {
        .name = "on_demand_max_price_percentage_over_lowest_price",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "On-Demand price ceiling above the cheapest matching type.",
        .validators = (const tf_validator[]){TF_V_INT_AT_LEAST(1), TF_V_END},
    },
    {
        .name = "require_hibernate_support",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Only allow types that support hibernation.",
    },
    {
        .name = "spot_max_price_percentage_over_lowest_price",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Spot price ceiling above the cheapest matching type.",
        .validators = (const tf_validator[]){TF_V_INT_AT_LEAST(1), TF_V_END},
    },
    {0},
};

static tf_nested_block asg_instance_requirements_blocks[] = {
    {
        .name = "accelerator_count",
        .nesting = TF_NEST_LIST,
        .block = &asg_accelerator_count,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "accelerator_total_memory_mib",
        .nesting = TF_NEST_LIST,
        .block = &asg_accelerator_total_memory_mib,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "baseline_ebs_bandwidth_mbps",
        .nesting = TF_NEST_LIST,
        .block = &asg_baseline_ebs_bandwidth_mbps,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "memory_gib_per_vcpu",
        .nesting = TF_NEST_LIST,
        .block = &asg_memory_gib_per_vcpu,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "memory_mib",
        .nesting = TF_NEST_LIST,
        .block = &asg_memory_mib,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "network_bandwidth_gbps",
        .nesting = TF_NEST_LIST,
        .block = &asg_network_bandwidth_gbps,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "network_interface_count",
        .nesting = TF_NEST_LIST,
        .block = &asg_network_interface_count,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "total_local_storage_gb",
        .nesting = TF_NEST_LIST,
        .block = &asg_total_local_storage_gb,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "vcpu_count",
        .nesting = TF_NEST_LIST,
        .block = &asg_vcpu_count,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {0},
};

static tf_block asg_instance_requirements = {
    .attrs = asg_instance_requirements_attrs,
    .blocks = asg_instance_requirements_blocks,
    .description = "Attributes that select instance types.",
};

static tf_attribute asg_override_launch_template_specification_attrs[] = {
    {
        .name = "launch_template_id",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "ID of the launch template.",
    },
    {
        .name = "launch_template_name",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Name of the launch template.",
    },
    {
        .name = "version",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Version of the launch template.",
    },
    {0},
};

static tf_block asg_override_launch_template_specification = {
    .attrs = asg_override_launch_template_specification_attrs,
    .description = "The launch template to use.",
};

static tf_attribute asg_override_attrs[] = {
    {
        .name = "instance_type",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Instance type to allow in the group.",
    },
    {
        .name = "weighted_capacity",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Capacity units an instance of this type counts for (1-999).",
        .validators = (const tf_validator[]){
            TF_V_REGEX("^[1-9][0-9]{0,2}$", "a whole number from 1 to 999 is expected"),
            TF_V_END,
        },
    },
    {0},
};

static tf_nested_block asg_override_blocks[] = {
    {
        .name = "instance_requirements",
        .nesting = TF_NEST_LIST,
        .block = &asg_instance_requirements,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "launch_template_specification",
        .nesting = TF_NEST_LIST,
        .block = &asg_override_launch_template_specification,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {0},
};

static tf_block asg_override = {
    .attrs = asg_override_attrs,
    .blocks = asg_override_blocks,
    .description = "An instance type (or requirements) that may be used.",
};

static tf_attribute asg_mixed_launch_template_attrs[] = {
    {0},
};

static tf_nested_block asg_mixed_launch_template_blocks[] = {
    {
        .name = "launch_template_specification",
        .nesting = TF_NEST_LIST,
        .block = &asg_launch_template_specification,
        .min_items = 1,
        .max_items = 1,
        .flags = TF_REQUIRED,
    },
    {
        .name = "override",
        .nesting = TF_NEST_LIST,
        .block = &asg_override,
        .flags = TF_OPTIONAL | TF_COMPUTED,
    },
    {0},
};

static tf_block asg_mixed_launch_template = {
    .attrs = asg_mixed_launch_template_attrs,
    .blocks = asg_mixed_launch_template_blocks,
    .description = "The launch template instances are created from.",
};

static tf_attribute asg_mixed_instances_policy_attrs[] = {
    {0},
};

static tf_nested_block asg_mixed_instances_policy_blocks[] = {
    {
        .name = "instances_distribution",
        .nesting = TF_NEST_LIST,
        .block = &asg_instances_distribution,
        .max_items = 1,
        .flags = TF_OPTIONAL | TF_COMPUTED,
    },
    {
        .name = "launch_template",
        .nesting = TF_NEST_LIST,
        .block = &asg_mixed_launch_template,
        .min_items = 1,
        .max_items = 1,
        .flags = TF_REQUIRED,
    },
    {0},
};

static tf_block asg_mixed_instances_policy = {
    .attrs = asg_mixed_instances_policy_attrs,
    .blocks = asg_mixed_instances_policy_blocks,
    .description = "Mix of instance types and purchase options.",
};

static tf_attribute asg_tag_attrs[] = {
    {.name = "key", .type = "string", .flags = TF_REQUIRED, .description = "Tag key."},
    {
        .name = "propagate_at_launch",
        .type = "bool",
        .flags = TF_REQUIRED,
        .description = "Copy the tag to instances the group launches.",
    },
    {.name = "value", .type = "string", .flags = TF_REQUIRED, .description = "Tag value."},
    {0},
};

static tf_block asg_tag = {
    .attrs = asg_tag_attrs,
    .description = "A tag of the group, optionally copied to its instances.",
};

static tf_attribute asg_timeouts_attrs[] = {
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

static tf_block asg_timeouts = {
    .attrs = asg_timeouts_attrs,
    .description = "How long operations may take before they fail.",
};

static tf_attribute asg_traffic_source_attrs[] = {
    {
        .name = "identifier",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "ARN or name of the traffic source.",
        .validators = (const tf_validator[]){TF_V_STRLEN(1, 2048), TF_V_END},
    },
    {
        .name = "type",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Kind of traffic source, e.g. elbv2 or vpc-lattice.",
        .validators = (const tf_validator[]){TF_V_STRLEN(1, 2048), TF_V_END},
    },
    {0},
};

static tf_block asg_traffic_source = {
    .attrs = asg_traffic_source_attrs,
    .description = "A load balancer or VPC Lattice target group the instances serve.",
};

static tf_attribute asg_instance_reuse_policy_attrs[] = {
    {
        .name = "reuse_on_scale_in",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Return scaled-in instances to the warm pool.",
        .def = "false",
    },
    {0},
};

static tf_block asg_instance_reuse_policy = {
    .attrs = asg_instance_reuse_policy_attrs,
    .description = "Whether scaled-in instances return to the warm pool.",
};

static tf_attribute asg_warm_pool_attrs[] = {
    {
        .name = "max_group_prepared_capacity",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Total of running and warm instances to aim for (-1 means max_size).",
        .def = "-1",
        .validators = (const tf_validator[]){TF_V_INT_AT_LEAST(-1), TF_V_END},
    },
    {
        .name = "min_size",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Smallest number of instances kept in the warm pool.",
        .def = "0",
        .validators = (const tf_validator[]){TF_V_INT_AT_LEAST(0), TF_V_END},
    },
    {
        .name = "pool_state",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "State of warm instances: Stopped, Running or Hibernated.",
        .def = "\"Stopped\"",
        .validators = (const tf_validator[]){TF_V_ONE_OF(warm_pool_state_values), TF_V_END},
    },
    {0},
};

static tf_nested_block asg_warm_pool_blocks[] = {
    {
        .name = "instance_reuse_policy",
        .nesting = TF_NEST_LIST,
        .block = &asg_instance_reuse_policy,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {0},
};

static tf_block asg_warm_pool = {
    .attrs = asg_warm_pool_attrs,
    .blocks = asg_warm_pool_blocks,
    .description = "Pre-initialized instances kept ready for scale-out.",
};

static tf_attribute asg_attrs[] = {
    {.name = "arn", .type = "string", .flags = TF_COMPUTED, .description = "ARN of the group."},
    {
        .name = "availability_zones",
        .type = "set(string)",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description =
            "Availability zones to launch in, using their default subnets (conflicts with "
            "vpc_zone_identifier).",
        .conflicts_with = (const char *const[]){"vpc_zone_identifier", NULL},
    },
    {
        .name = "capacity_rebalance",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Replace Spot instances that are at risk of interruption.",
    },
    {
        .name = "context",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Reserved context string passed to Auto Scaling.",
    },
    {
        .name = "default_cooldown",
        .type = "number",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Seconds between scaling activities.",
    },
    {
        .name = "default_instance_warmup",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Seconds before a new instance counts in metrics.",
    },
    {
        .name = "desired_capacity",
        .type = "number",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Number of instances the group should run.",
    },
    {
        .name = "desired_capacity_type",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Unit of desired capacity: units, vcpu or memory-mib.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(desired_capacity_type_values), TF_V_END},
    },
    {
        .name = "enabled_metrics",
        .type = "set(string)",
        .flags = TF_OPTIONAL,
        .description = "Group metrics published to CloudWatch.",
    },
    {
        .name = "force_delete",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Delete the group without waiting for its instances to terminate.",
        .def = "false",
    },
    {
        .name = "force_delete_warm_pool",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Delete the warm pool without waiting for its instances.",
        .def = "false",
    },
    {
        .name = "health_check_grace_period",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Seconds after launch before health checks count.",
        .def = "300",
    },
    {
        .name = "health_check_type",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Health check source: EC2, ELB, VPC_LATTICE or EBS.",
    },
    {
        .name = "id",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Name of the group.",
    },
    {
        .name = "ignore_failed_scaling_activities",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Do not fail waits because of failed scaling activities.",
        .def = "false",
    },
    {
        .name = "launch_configuration",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Launch configuration to create instances from.",
        .exactly_one_of = (const char *const[]){
            "launch_configuration",
            "launch_template",
            "mixed_instances_policy",
            NULL,
        },
    },
    {
        .name = "load_balancers",
        .type = "set(string)",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Classic load balancers the instances are registered with.",
        .conflicts_with = (const char *const[]){"traffic_source", NULL},
    },
    {
        .name = "max_instance_lifetime",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Seconds after which instances are replaced (0 disables).",
    },
    {
        .name = "max_size",
        .type = "number",
        .flags = TF_REQUIRED,
        .description = "Largest number of instances the group may run.",
    },
    {
        .name = "metrics_granularity",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Granularity of group metrics; only 1Minute.",
        .def = "\"1Minute\"",
    },
    {
        .name = "min_elb_capacity",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Healthy instances in the load balancers to wait for on creation.",
    },
    {
        .name = "min_size",
        .type = "number",
        .flags = TF_REQUIRED,
        .description = "Smallest number of instances the group keeps.",
    },
    {
        .name = "name",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "Name of the group; generated when neither this nor name_prefix is set.",
        .validators = (const tf_validator[]){TF_V_STRLEN(0, 255), TF_V_END},
        .conflicts_with = (const char *const[]){"name_prefix", NULL},
    },
    {
        .name = "name_prefix",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "Prefix of a generated unique name; conflicts with name.",
        .validators = (const tf_validator[]){TF_V_STRLEN(0, 229), TF_V_END},
        .conflicts_with = (const char *const[]){"name", NULL},
    },
    {
        .name = "placement_group",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Placement group to launch into.",
    },
    {
        .name = "predicted_capacity",
        .type = "number",
        .flags = TF_COMPUTED,
        .description = "Capacity predicted by predictive scaling.",
    },
    {
        .name = "protect_from_scale_in",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Protect new instances from scale-in.",
        .def = "false",
    },
    {
        .name = "service_linked_role_arn",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Service-linked role Auto Scaling uses.",
    },
    {
        .name = "suspended_processes",
        .type = "set(string)",
        .flags = TF_OPTIONAL,
        .description = "Scaling processes to suspend, e.g. AZRebalance.",
    },
    {
        .name = "target_group_arns",
        .type = "set(string)",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Target groups the instances are registered with.",
        .conflicts_with = (const char *const[]){"traffic_source", NULL},
    },
    {
        .name = "termination_policies",
        .type = "list(string)",
        .flags = TF_OPTIONAL,
        .description = "Order in which instances are chosen for termination.",
    },
    {
        .name = "vpc_zone_identifier",
        .type = "set(string)",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Subnets to launch instances in.",
        .conflicts_with = (const char *const[]){"availability_zones", NULL},
    },
    {
        .name = "wait_for_capacity_timeout",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "How long to wait for healthy capacity (\"0\" skips the wait).",
        .def = "\"10m\"",
        .validators = (const tf_validator[]){TF_V_DURATION, TF_V_END},
    },
    {
        .name = "wait_for_elb_capacity",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Healthy instances in the load balancers to wait for on every change.",
    },
    {
        .name = "warm_pool_size",
        .type = "number",
        .flags = TF_COMPUTED,
        .description = "Current size of the warm pool.",
    },
    {0},
};

static tf_nested_block asg_blocks[] = {
    {
        .name = "availability_zone_distribution",
        .nesting = TF_NEST_LIST,
        .block = &asg_availability_zone_distribution,
        .max_items = 1,
        .flags = TF_OPTIONAL | TF_COMPUTED,
    },
    {
        .name = "capacity_reservation_specification",
        .nesting = TF_NEST_LIST,
        .block = &asg_capacity_reservation_specification,
        .max_items = 1,
        .flags = TF_OPTIONAL | TF_COMPUTED,
    },
    {
        .name = "initial_lifecycle_hook",
        .nesting = TF_NEST_SET,
        .block = &asg_initial_lifecycle_hook,
        .flags = TF_OPTIONAL | TF_FORCE_NEW,
    },
    {
        .name = "instance_maintenance_policy",
        .nesting = TF_NEST_LIST,
        .block = &asg_instance_maintenance_policy,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "instance_refresh",
        .nesting = TF_NEST_LIST,
        .block = &asg_instance_refresh,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "launch_template",
        .nesting = TF_NEST_LIST,
        .block = &asg_launch_template,
        .max_items = 1,
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .exactly_one_of = (const char *const[]){
            "launch_configuration",
            "launch_template",
            "mixed_instances_policy",
            NULL,
        },
    },
    {
        .name = "mixed_instances_policy",
        .nesting = TF_NEST_LIST,
        .block = &asg_mixed_instances_policy,
        .max_items = 1,
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .exactly_one_of = (const char *const[]){
            "launch_configuration",
            "launch_template",
            "mixed_instances_policy",
            NULL,
        },
    },
    {.name = "tag", .nesting = TF_NEST_SET, .block = &asg_tag, .flags = TF_OPTIONAL},
    {.name = "timeouts", .nesting = TF_NEST_SINGLE, .block = &asg_timeouts, .flags = TF_OPTIONAL},
    {
        .name = "traffic_source",
        .nesting = TF_NEST_SET,
        .block = &asg_traffic_source,
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .conflicts_with = (const char *const[]){"load_balancers", "target_group_arns", NULL},
    },
    {
        .name = "warm_pool",
        .nesting = TF_NEST_LIST,
        .block = &asg_warm_pool,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {0},
};

static tf_block asg_schema = {
    .attrs = asg_attrs,
    .blocks = asg_blocks,
    .description = "A group of EC2 instances kept between a minimum and maximum size.",
};

/* ---- validation ---- */

/* The first element of a MaxItems:1 block list, or NULL. */
static const tf_value *asg_only(const tf_value *list)
{
    if (!tf_is_known(list) || list->u.coll.n == 0 || !tf_is_known(list->u.coll.items[0]))
        return NULL;
    return list->u.coll.items[0];
}

static const tf_path *asg_path(tf_ctx *ctx, const char *block, const char *attr)
{
    const tf_path *p = tf_path_attr(ctx->arena, tf_path_root(ctx->arena), block);
    return tf_path_attr(ctx->arena, tf_path_index(ctx->arena, p, 0), attr);
}

/* max_healthy_percentage: 100..200, or -1 to clear the policy. */
static void asg_validate_maintenance(tf_ctx *ctx, const tf_value *config)
{
    const tf_value *policy = asg_only(tf_get(config, "instance_maintenance_policy"));
    if (!policy)
        return;
    const tf_value *v = tf_get(policy, "max_healthy_percentage");
    int64_t n;
    if (!tf_is_known(v) || !tf_number_to_i64(v, &n) || n == -1 || (n >= 100 && n <= 200))
        return;
    tf_diag_error(ctx->diags,
                  asg_path(ctx, "instance_maintenance_policy", "max_healthy_percentage"),
                  "Invalid value for \"max_healthy_percentage\"",
                  "expected instance_maintenance_policy.0.max_healthy_percentage to be -1 or in "
                  "the range (100 - 200), got %lld", (long long)n);
}

/* instance_refresh.triggers names arguments of this resource whose change
 * starts an instance refresh. */
static void asg_validate_trigger(tf_ctx *ctx, const tf_path *at, const char *name)
{
    if (strcmp(name, "launch_configuration") == 0 || strcmp(name, "launch_template") == 0 ||
        strcmp(name, "mixed_instances_policy") == 0) {
        tf_diag_warn(ctx->diags, at,
                     tf_arena_printf(ctx->arena, "'%s' always triggers an instance refresh and "
                                     "can be removed", name), "%s",
                     "Changes to the launch configuration or template always start a refresh.");
        return;
    }
    const tf_attribute *attr = tf_block_attr(&asg_schema, name);
    bool block = strcmp(name, "timeouts") != 0 && tf_block_nested(&asg_schema, name);
    if (attr && strcmp(name, "id") != 0) {
        if ((attr->flags & TF_COMPUTED) && !(attr->flags & TF_OPTIONAL))
            tf_diag_error(ctx->diags, at, "Invalid value for \"triggers\"",
                          "'%s' is a read-only parameter and cannot be used to trigger an "
                          "instance refresh", name);
        return;
    }
    if (!block)
        tf_diag_error(ctx->diags, at, "Invalid value for \"triggers\"",
                      "'%s' is not a recognized parameter name for aws_autoscaling_group", name);
}

static void asg_validate_triggers(tf_ctx *ctx, const tf_value *config)
{
    const tf_value *refresh = asg_only(tf_get(config, "instance_refresh"));
    if (!refresh)
        return;
    const tf_value *triggers = tf_get(refresh, "triggers");
    if (!tf_is_known(triggers))
        return;
    const tf_path *at = asg_path(ctx, "instance_refresh", "triggers");
    for (size_t i = 0; i < triggers->u.coll.n; i++) {
        const tf_value *t = triggers->u.coll.items[i];
        if (tf_is_known(t))
            asg_validate_trigger(ctx, at, t->u.str.ptr);
    }
}

/* allowed_instance_types and excluded_instance_types hold at most 400
 * entries (a list limit the SDK enforces, not Terraform). */
static void asg_validate_instance_types(tf_ctx *ctx, const tf_value *config)
{
    const tf_value *mip = asg_only(tf_get(config, "mixed_instances_policy"));
    const tf_value *lt = mip ? asg_only(tf_get(mip, "launch_template")) : NULL;
    const tf_value *overrides = lt ? tf_get(lt, "override") : NULL;
    if (!tf_is_known(overrides))
        return;
    const tf_path *base = tf_path_attr(ctx->arena, tf_path_root(ctx->arena), "mixed_instances_polic"
        "y");
    base = tf_path_attr(ctx->arena, tf_path_index(ctx->arena, base, 0), "launch_template");
    base = tf_path_attr(ctx->arena, tf_path_index(ctx->arena, base, 0), "override");
    static const char *const lists[] = {"allowed_instance_types", "excluded_instance_types", NULL};
    for (size_t i = 0; i < overrides->u.coll.n; i++) {
        const tf_value *req = asg_only(tf_get(overrides->u.coll.items[i], "instance_requirements"));
        if (!req)
            continue;
        for (size_t k = 0; lists[k]; k++) {
            const tf_value *v = tf_get(req, lists[k]);
            if (!tf_is_known(v) || v->u.coll.n <= 400)
                continue;
            const tf_path *p = tf_path_index(ctx->arena, base, (int64_t)i);
            p = tf_path_attr(ctx->arena, p, "instance_requirements");
            p = tf_path_attr(ctx->arena, tf_path_index(ctx->arena, p, 0), lists[k]);
            tf_diag_error(ctx->diags, p, "Too many list items",
                          "Attribute %s supports 400 item maximum, but config has %zu declared.",
                          lists[k], v->u.coll.n);
        }
    }
}

static void autoscaling_group_validate(tf_ctx *ctx, const tf_value *config)
{
    asg_validate_maintenance(ctx, config);
    asg_validate_triggers(ctx, config);
    asg_validate_instance_types(ctx, config);
}

const tf_resource_def aws_autoscaling_group_def = {
    .type_name = "aws_autoscaling_group",
    .version = 1,
    .schema = &asg_schema,
    .validate = autoscaling_group_validate,
};

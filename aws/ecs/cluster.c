/* cluster.c - aws_ecs_cluster: a named group of ECS capacity and services.
 *
 * The schema table comes first; the resource callbacks follow it. */

#include "resources.h"
#include "tags.h"

/* ---- schema ---- */

static const char *const exec_logging_values[] = {"NONE", "DEFAULT", "OVERRIDE", NULL};
static const char *const cluster_setting_values[] = {"containerInsights", NULL};

static tf_attribute cluster_log_configuration_attrs[] = {
    {
        .name = "cloud_watch_encryption_enabled",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Encrypt the CloudWatch log output.",
    },
    {
        .name = "cloud_watch_log_group_name",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "CloudWatch log group for the output.",
    },
    {
        .name = "s3_bucket_encryption_enabled",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Encrypt the S3 log output.",
    },
    {
        .name = "s3_bucket_name",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "S3 bucket for the output.",
    },
    {
        .name = "s3_key_prefix",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Key prefix in that bucket.",
    },
    {0},
};

static tf_block cluster_log_configuration = {
    .attrs = cluster_log_configuration_attrs,
    .description = "Where logs go.",
};

static tf_attribute cluster_execute_command_configuration_attrs[] = {
    {
        .name = "kms_key_id",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "KMS key that encrypts ECS Exec session data.",
    },
    {
        .name = "logging",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Logging of ECS Exec output: NONE, DEFAULT or OVERRIDE.",
        .def = "\"DEFAULT\"",
        .validators = (const tf_validator[]){TF_V_ONE_OF(exec_logging_values), TF_V_END},
    },
    {0},
};

static tf_nested_block cluster_execute_command_configuration_blocks[] = {
    {
        .name = "log_configuration",
        .nesting = TF_NEST_LIST,
        .block = &cluster_log_configuration,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {0},
};

static tf_block cluster_execute_command_configuration = {
    .attrs = cluster_execute_command_configuration_attrs,
    .blocks = cluster_execute_command_configuration_blocks,
    .description = "Settings of ECS Exec sessions.",
};

static tf_attribute cluster_managed_storage_configuration_attrs[] = {
    {
        .name = "fargate_ephemeral_storage_kms_key_id",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "KMS key for Fargate ephemeral storage.",
    },
    {
        .name = "kms_key_id",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "KMS key for managed storage of the cluster.",
    },
    {0},
};

static tf_block cluster_managed_storage_configuration = {
    .attrs = cluster_managed_storage_configuration_attrs,
    .description = "Encryption of managed storage.",
};

static tf_attribute cluster_configuration_attrs[] = {
    {0},
};

static tf_nested_block cluster_configuration_blocks[] = {
    {
        .name = "execute_command_configuration",
        .nesting = TF_NEST_LIST,
        .block = &cluster_execute_command_configuration,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "managed_storage_configuration",
        .nesting = TF_NEST_LIST,
        .block = &cluster_managed_storage_configuration,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {0},
};

static tf_block cluster_configuration = {
    .attrs = cluster_configuration_attrs,
    .blocks = cluster_configuration_blocks,
    .description = "Cluster-wide configuration.",
};

static tf_attribute cluster_service_connect_defaults_attrs[] = {
    {
        .name = "namespace",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "ARN of the Cloud Map namespace used by default.",
        .validators = (const tf_validator[]){TF_V_ARN, TF_V_END},
    },
    {0},
};

static tf_block cluster_service_connect_defaults = {
    .attrs = cluster_service_connect_defaults_attrs,
    .description = "Defaults for Service Connect.",
};

static tf_attribute cluster_setting_attrs[] = {
    {
        .name = "name",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "Name of the setting; only containerInsights exists.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(cluster_setting_values), TF_V_END},
    },
    {
        .name = "value",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "Value of the setting, e.g. enabled or disabled.",
    },
    {0},
};

static tf_block cluster_setting = {
    .attrs = cluster_setting_attrs,
    .description = "A cluster setting, such as Container Insights.",
};

static tf_attribute cluster_attrs[] = {
    {.name = "arn", .type = "string", .flags = TF_COMPUTED, .description = "ARN of the cluster."},
    {
        .name = "id",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "ARN of the cluster.",
    },
    {
        .name = "name",
        .type = "string",
        .flags = TF_REQUIRED | TF_FORCE_NEW,
        .description = "Name of the cluster (letters, digits, hyphens, underscores).",
        .validators = (const tf_validator[]){
            TF_V_STRLEN(1, 255),
            TF_V_REGEX("^[0-9A-Za-z_-]+$", "The cluster name must consist of alphanumerics, "
                "hyphens, and underscores."),
            TF_V_END,
        },
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
    {0},
};

static tf_nested_block cluster_blocks[] = {
    {
        .name = "configuration",
        .nesting = TF_NEST_LIST,
        .block = &cluster_configuration,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "service_connect_defaults",
        .nesting = TF_NEST_LIST,
        .block = &cluster_service_connect_defaults,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "setting",
        .nesting = TF_NEST_SET,
        .block = &cluster_setting,
        .flags = TF_OPTIONAL | TF_COMPUTED,
    },
    {0},
};

static tf_block cluster_schema = {
    .attrs = cluster_attrs,
    .blocks = cluster_blocks,
    .description = "An ECS cluster: a named pool for running tasks and services.",
};

/* ---- planning ---- */

static void cluster_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->planned))
        return;
    aws_tags_plan(ctx, req);
}

/* ---- definition ---- */

const tf_resource_def aws_ecs_cluster_def = {
    .type_name = "aws_ecs_cluster",
    .version = 0,
    .schema = &cluster_schema,
    .modify_plan = cluster_modify_plan,
};

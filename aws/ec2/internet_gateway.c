/* internet_gateway.c - aws_internet_gateway: a VPC's route to the internet.
 *
 * The schema table comes first; the resource callbacks follow it. */

#include "resources.h"

/* ---- schema ---- */

static tf_attribute igw_timeouts_attrs[] = {
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

static tf_block igw_timeouts = {
    .attrs = igw_timeouts_attrs,
    .description = "How long operations may take before they fail.",
};

static tf_attribute igw_attrs[] = {
    {
        .name = "arn",
        .type = "string",
        .flags = TF_COMPUTED,
        .description = "Amazon Resource Name (ARN) of the resource.",
    },
    {
        .name = "id",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Identifier of the resource.",
    },
    {
        .name = "owner_id",
        .type = "string",
        .flags = TF_COMPUTED,
        .description = "AWS account that owns the resource.",
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
        .name = "vpc_id",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "VPC the gateway is attached to; leave empty for a detached gateway.",
    },
    {0},
};

static tf_nested_block igw_blocks[] = {
    {.name = "timeouts", .nesting = TF_NEST_SINGLE, .block = &igw_timeouts, .flags = TF_OPTIONAL},
    {0},
};

static tf_block igw_schema = {
    .attrs = igw_attrs,
    .blocks = igw_blocks,
    .description = "A gateway that connects a VPC to the internet.",
};

/* ---- definition ---- */

const tf_resource_def aws_ec2_internet_gateway_def = {
    .type_name = "aws_internet_gateway",
    .version = 0,
    .schema = &igw_schema,
};

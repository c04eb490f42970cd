/* route_table_association.c - aws_route_table_association: attaches a
 * route table to a subnet or to an internet/virtual private gateway.
 *
 * The schema table comes first; the resource callbacks follow it. */

#include "resources.h"

/* ---- schema ---- */

static tf_attribute rtbassoc_timeouts_attrs[] = {
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

static tf_block rtbassoc_timeouts = {
    .attrs = rtbassoc_timeouts_attrs,
    .description = "How long operations may take before they fail.",
};

static tf_attribute rtbassoc_attrs[] = {
    {
        .name = "gateway_id",
        .type = "string",
        .flags = TF_OPTIONAL | TF_FORCE_NEW,
        .description = "Internet or virtual private gateway to associate (instead of a subnet).",
        .exactly_one_of = (const char *const[]){"subnet_id", "gateway_id", NULL},
    },
    {
        .name = "id",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Identifier of the resource.",
    },
    {
        .name = "route_table_id",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "Route table to associate.",
    },
    {
        .name = "subnet_id",
        .type = "string",
        .flags = TF_OPTIONAL | TF_FORCE_NEW,
        .description = "Subnet to associate (instead of a gateway).",
        .exactly_one_of = (const char *const[]){"subnet_id", "gateway_id", NULL},
    },
    {0},
};

static tf_nested_block rtbassoc_blocks[] = {
    {
        .name = "timeouts",
        .nesting = TF_NEST_SINGLE,
        .block = &rtbassoc_timeouts,
        .flags = TF_OPTIONAL,
    },
    {0},
};

static tf_block rtbassoc_schema = {
    .attrs = rtbassoc_attrs,
    .blocks = rtbassoc_blocks,
    .description = "Links a route table to a subnet or to a gateway.",
};

/* ---- definition ---- */

const tf_resource_def aws_ec2_route_table_association_def = {
    .type_name = "aws_route_table_association",
    .version = 0,
    .schema = &rtbassoc_schema,
};

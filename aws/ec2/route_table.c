/* route_table.c - aws_route_table: a VPC route table and its routes.
 *
 * `route` is an attribute of type set(object), not a block, so the checks on
 * the fields of each route are done by route_table_validate rather than by
 * the table.  The schema table comes first; the resource callbacks follow. */

#include "resources.h"

/* ---- schema ---- */

static tf_attribute rtb_timeouts_attrs[] = {
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

static tf_block rtb_timeouts = {
    .attrs = rtb_timeouts_attrs,
    .description = "How long operations may take before they fail.",
};

static tf_attribute rtb_attrs[] = {
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
        .name = "propagating_vgws",
        .type = "set(string)",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Virtual private gateways whose routes are propagated.",
    },
    {
        .name = "route",
        .type =
            "set(object({carrier_gateway_id=string,cidr_block=string,core_network_arn=string,"
                "destination_prefix_list_id=string,egress_only_gateway_id=string,gateway_id=string,"
                "ipv6_cidr_block=string,local_gateway_id=string,nat_gateway_id=string,"
                "network_interface_id=string,transit_gateway_id=string,vpc_endpoint_id=string,"
                "vpc_peering_connection_id=string}))",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Routes of the table; each needs one destination and one target.",
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
        .flags = TF_REQUIRED | TF_FORCE_NEW,
        .description = "VPC that owns the route table.",
    },
    {0},
};

static tf_nested_block rtb_blocks[] = {
    {.name = "timeouts", .nesting = TF_NEST_SINGLE, .block = &rtb_timeouts, .flags = TF_OPTIONAL},
    {0},
};

static tf_block rtb_schema = {
    .attrs = rtb_attrs,
    .blocks = rtb_blocks,
    .description = "A set of routes that decides where a VPC's traffic goes.",
};

/* ---- validation ---- */

static const tf_validator route_ipv4_cidr[] = {TF_V_IPV4_CIDR(0, 32), TF_V_END};
static const tf_validator route_ipv6_cidr[] = {TF_V_IPV6_CIDR, TF_V_END};
static const tf_validator route_arn[] = {TF_V_ARN, TF_V_END};

/* Runs validators on one field of a route.  Empty strings mean "not set"
 * (that is how unused route fields are stored), so only real values are
 * checked. */
static void route_check(tf_ctx *ctx, const tf_path *at, const tf_value *route, const char *field,
                        const tf_validator *validators)
{
    const tf_value *v = tf_get(route, field);
    if (tf_is_known(v) && v->u.str.len > 0)
        tf_validate_run(ctx->arena, ctx->diags, at, field, validators, v);
}

/* Checks the fields of each configured route.  Set elements have no path
 * step of their own, so diagnostics point at the route attribute. */
static void route_table_validate(tf_ctx *ctx, const tf_value *config)
{
    const tf_value *routes = tf_get(config, "route");
    if (!tf_is_known(routes))
        return;
    const tf_path *at = tf_path_attr(ctx->arena, tf_path_root(ctx->arena), "route");
    for (size_t i = 0; i < routes->u.coll.n; i++) {
        const tf_value *r = routes->u.coll.items[i];
        if (!tf_is_known(r))
            continue;
        route_check(ctx, at, r, "cidr_block", route_ipv4_cidr);
        route_check(ctx, at, r, "ipv6_cidr_block", route_ipv6_cidr);
        route_check(ctx, at, r, "core_network_arn", route_arn);
    }
}

const tf_resource_def aws_ec2_route_table_def = {
    .type_name = "aws_route_table",
    .version = 0,
    .schema = &rtb_schema,
    .validate = route_table_validate,
};

/* subnet.c - aws_subnet: an address range of a VPC in one availability zone.
 *
 * The schema table comes first; the resource callbacks follow it. */

#include "resources.h"

/* ---- schema ---- */

static const char *const hostname_type_values[] = {"ip-name", "resource-name", NULL};

static tf_attribute subnet_timeouts_attrs[] = {
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
    {0},
};

static tf_block subnet_timeouts = {
    .attrs = subnet_timeouts_attrs,
    .description = "How long operations may take before they fail.",
};

static tf_attribute subnet_attrs[] = {
    {
        .name = "arn",
        .type = "string",
        .flags = TF_COMPUTED,
        .description = "Amazon Resource Name (ARN) of the resource.",
    },
    {
        .name = "assign_ipv6_address_on_creation",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Give new network interfaces an IPv6 address.",
        .def = "false",
    },
    {
        .name = "availability_zone",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "Availability zone of the subnet.",
        .conflicts_with = (const char *const[]){"availability_zone_id", NULL},
    },
    {
        .name = "availability_zone_id",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "ID of the availability zone (e.g. use1-az1).",
        .conflicts_with = (const char *const[]){"availability_zone", NULL},
    },
    {
        .name = "cidr_block",
        .type = "string",
        .flags = TF_OPTIONAL | TF_FORCE_NEW,
        .description = "IPv4 network of the subnet, inside the VPC's range.",
        .validators = (const tf_validator[]){TF_V_IPV4_CIDR(0, 32), TF_V_END},
    },
    {
        .name = "customer_owned_ipv4_pool",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Customer-owned IPv4 pool used on an Outpost.",
        .required_with = (const char *const[]){
            "map_customer_owned_ip_on_launch",
            "outpost_arn",
            NULL,
        },
    },
    {
        .name = "enable_dns64",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Synthesize IPv6 addresses for IPv4-only destinations.",
        .def = "false",
    },
    {
        .name = "enable_lni_at_device_index",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Device index at which a local network interface is created (Outposts).",
    },
    {
        .name = "enable_resource_name_dns_a_record_on_launch",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Answer DNS A queries for instance resource names.",
        .def = "false",
    },
    {
        .name = "enable_resource_name_dns_aaaa_record_on_launch",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Answer DNS AAAA queries for instance resource names.",
        .def = "false",
    },
    {
        .name = "id",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Identifier of the resource.",
    },
    {
        .name = "ipv6_cidr_block",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "IPv6 network (/64) of the subnet, inside the VPC's IPv6 range.",
        .validators = (const tf_validator[]){TF_V_IPV6_CIDR, TF_V_END},
    },
    {
        .name = "ipv6_cidr_block_association_id",
        .type = "string",
        .flags = TF_COMPUTED,
        .description = "Association ID of the subnet's IPv6 block.",
    },
    {
        .name = "ipv6_native",
        .type = "bool",
        .flags = TF_OPTIONAL | TF_FORCE_NEW,
        .description = "Create an IPv6-only subnet.",
        .def = "false",
    },
    {
        .name = "map_customer_owned_ip_on_launch",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Give new interfaces a customer-owned IP address.",
        .required_with = (const char *const[]){"customer_owned_ipv4_pool", "outpost_arn", NULL},
    },
    {
        .name = "map_public_ip_on_launch",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Give new instances a public IPv4 address.",
        .def = "false",
    },
    {
        .name = "outpost_arn",
        .type = "string",
        .flags = TF_OPTIONAL | TF_FORCE_NEW,
        .description = "Outpost the subnet lives on.",
        .validators = (const tf_validator[]){TF_V_ARN, TF_V_END},
    },
    {
        .name = "owner_id",
        .type = "string",
        .flags = TF_COMPUTED,
        .description = "AWS account that owns the resource.",
    },
    {
        .name = "private_dns_hostname_type_on_launch",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Host name style of new instances: ip-name or resource-name.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(hostname_type_values), TF_V_END},
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
        .description = "VPC that the subnet belongs to.",
    },
    {0},
};

static tf_nested_block subnet_blocks[] = {
    {
        .name = "timeouts",
        .nesting = TF_NEST_SINGLE,
        .block = &subnet_timeouts,
        .flags = TF_OPTIONAL,
    },
    {0},
};

static tf_block subnet_schema = {
    .attrs = subnet_attrs,
    .blocks = subnet_blocks,
    .description = "A range of a VPC's addresses placed in one availability zone.",
};

/* ---- validation ---- */

/* enable_lni_at_device_index: zero is not a usable device index (SDKv2's
 * NoZeroValues). */
static void subnet_validate(tf_ctx *ctx, const tf_value *config)
{
    const tf_value *v = tf_get(config, "enable_lni_at_device_index");
    int64_t n;
    if (tf_is_known(v) && tf_number_to_i64(v, &n) && n == 0)
        tf_diag_error(ctx->diags,
                      tf_path_attr(ctx->arena, tf_path_root(ctx->arena),
                                   "enable_lni_at_device_index"),
                      "Invalid value for \"enable_lni_at_device_index\"",
                      "\"enable_lni_at_device_index\" must not be zero");
}

const tf_resource_def aws_ec2_subnet_def = {
    .type_name = "aws_subnet",
    .version = 1,
    .schema = &subnet_schema,
    .validate = subnet_validate,
};

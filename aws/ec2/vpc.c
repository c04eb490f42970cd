/* vpc.c - aws_vpc: a virtual private network (EC2 VPC).
 *
 * The schema table comes first; the resource callbacks follow it. */

#include <stdlib.h>
#include <string.h>

#include "resources.h"

/* ---- schema ---- */

static const char *const tenancy_values[] = {"default", "dedicated", NULL};
static const int64_t vpc_ipv6_netmasks[] = {44, 48, 52, 56, 60};

static tf_attribute vpc_attrs[] = {
    {
        .name = "arn",
        .type = "string",
        .flags = TF_COMPUTED,
        .description = "Amazon Resource Name (ARN) of the resource.",
    },
    {
        .name = "assign_generated_ipv6_cidr_block",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Request an Amazon-provided /56 IPv6 block for the VPC.",
        .conflicts_with = (const char *const[]){"ipv6_ipam_pool_id", NULL},
    },
    {
        .name = "cidr_block",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description =
            "IPv4 network of the VPC (netmask /16 to /28); computed when allocated from IPAM.",
        .validators = (const tf_validator[]){TF_V_IPV4_CIDR(16, 28), TF_V_END},
        .conflicts_with = (const char *const[]){"ipv4_netmask_length", NULL},
    },
    {
        .name = "default_network_acl_id",
        .type = "string",
        .flags = TF_COMPUTED,
        .description = "Network ACL created with the VPC.",
    },
    {
        .name = "default_route_table_id",
        .type = "string",
        .flags = TF_COMPUTED,
        .description = "Route table created with the VPC.",
    },
    {
        .name = "default_security_group_id",
        .type = "string",
        .flags = TF_COMPUTED,
        .description = "Security group created with the VPC.",
    },
    {
        .name = "dhcp_options_id",
        .type = "string",
        .flags = TF_COMPUTED,
        .description = "DHCP option set of the VPC.",
    },
    {
        .name = "enable_dns_hostnames",
        .type = "bool",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Give instances DNS host names.",
    },
    {
        .name = "enable_dns_support",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Resolve DNS through the Amazon-provided server.",
        .def = "true",
    },
    {
        .name = "enable_network_address_usage_metrics",
        .type = "bool",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Publish network address usage metrics.",
    },
    {
        .name = "id",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Identifier of the resource.",
    },
    {
        .name = "instance_tenancy",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Tenancy of instances launched in the VPC: default or dedicated.",
        .def = "\"default\"",
        .validators = (const tf_validator[]){TF_V_ONE_OF(tenancy_values), TF_V_END},
    },
    {
        .name = "ipv4_ipam_pool_id",
        .type = "string",
        .flags = TF_OPTIONAL | TF_FORCE_NEW,
        .description = "IPAM pool to allocate the IPv4 network from.",
    },
    {
        .name = "ipv4_netmask_length",
        .type = "number",
        .flags = TF_OPTIONAL | TF_FORCE_NEW,
        .description = "Netmask length of the IPv4 network taken from IPAM.",
        .validators = (const tf_validator[]){TF_V_INT_BETWEEN(16, 28), TF_V_END},
        .conflicts_with = (const char *const[]){"cidr_block", NULL},
        .required_with = (const char *const[]){"ipv4_ipam_pool_id", NULL},
    },
    {
        .name = "ipv6_association_id",
        .type = "string",
        .flags = TF_COMPUTED,
        .description = "Association ID of the VPC's IPv6 block.",
    },
    {
        .name = "ipv6_cidr_block",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "IPv6 network of the VPC.",
        .validators = (const tf_validator[]){TF_V_IPV6_CIDR_BETWEEN(44, 60), TF_V_END},
        .conflicts_with = (const char *const[]){
            "ipv6_netmask_length",
            "assign_generated_ipv6_cidr_block",
            NULL,
        },
        .required_with = (const char *const[]){"ipv6_ipam_pool_id", NULL},
    },
    {
        .name = "ipv6_cidr_block_network_border_group",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Network border group the IPv6 block is advertised from.",
        .required_with = (const char *const[]){"assign_generated_ipv6_cidr_block", NULL},
    },
    {
        .name = "ipv6_ipam_pool_id",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "IPAM pool to allocate the IPv6 network from.",
        .conflicts_with = (const char *const[]){"assign_generated_ipv6_cidr_block", NULL},
    },
    {
        .name = "ipv6_netmask_length",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Netmask length of the IPv6 network taken from IPAM.",
        .validators = (const tf_validator[]){TF_V_INT_ONE_OF(vpc_ipv6_netmasks, 5), TF_V_END},
        .conflicts_with = (const char *const[]){"ipv6_cidr_block", NULL},
        .required_with = (const char *const[]){"ipv6_ipam_pool_id", NULL},
    },
    {
        .name = "main_route_table_id",
        .type = "string",
        .flags = TF_COMPUTED,
        .description = "Route table used by subnets without their own association.",
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
    {0},
};

static tf_block vpc_schema = {
    .attrs = vpc_attrs,
    .description = "A virtual private cloud: an isolated IP network in one region.",
};

/* ---- validation ---- */

/* The table checks that ipv6_cidr_block is an IPv6 network of /44 to /60;
 * AWS also wants the length on a nibble boundary. */
static void vpc_validate(tf_ctx *ctx, const tf_value *config)
{
    const tf_value *v = tf_get(config, "ipv6_cidr_block");
    if (!tf_is_known(v))
        return;
    const char *slash = strrchr(v->u.str.ptr, '/');
    if (!slash)
        return; /* malformed blocks are reported by the table's validator */
    long prefix = strtol(slash + 1, NULL, 10);
    if (prefix >= 44 && prefix <= 60 && prefix % 4 != 0)
        tf_diag_error(ctx->diags,
                      tf_path_attr(ctx->arena, tf_path_root(ctx->arena), "ipv6_cidr_block"),
                      "Invalid value for \"ipv6_cidr_block\"",
                      "expected ipv6_cidr_block to have a netmask length of 44, 48, 52, 56 or "
                      "60, got /%ld", prefix);
}

const tf_resource_def aws_ec2_vpc_def = {
    .type_name = "aws_vpc",
    .version = 1,
    .schema = &vpc_schema,
    .validate = vpc_validate,
};

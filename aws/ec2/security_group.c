/* security_group.c - aws_security_group: a VPC firewall with inline rules.
 *
 * ingress and egress are attributes of type set(object), not blocks, so the
 * checks on the fields of each rule live in security_group_validate.  The
 * schema table comes first; the resource callbacks follow it.
 *
 * The one idea behind the callbacks: EC2 stores rules one source each (a
 * CIDR, a prefix list or a group), while the configuration groups sources
 * into rule objects.  Changes are made by expanding old and new rule sets
 * into single-source rules and revoking/authorizing only the difference;
 * reads regroup what EC2 reports and match it against the rules Terraform
 * knows, so the state keeps the user's grouping (hashicorp/aws's
 * matchRules), with anything unmatched added as rules of its own. */

#include <string.h>
#include <strings.h>

#include "diagnostics.h"
#include "ec2_find.h"
#include "ec2_retry.h"
#include "ec2_tags.h"
#include "names.h"
#include "plan.h"
#include "provider_meta.h"
#include "resources.h"
#include "tags.h"
#include "value_build.h"

/* ---- schema ---- */

static tf_attribute sg_timeouts_attrs[] = {
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

static tf_block sg_timeouts = {
    .attrs = sg_timeouts_attrs,
    .description = "How long operations may take before they fail.",
};

static tf_attribute sg_attrs[] = {
    {
        .name = "arn",
        .type = "string",
        .flags = TF_COMPUTED,
        .description = "Amazon Resource Name (ARN) of the resource.",
    },
    {
        .name = "description",
        .type = "string",
        .flags = TF_OPTIONAL | TF_FORCE_NEW,
        .description = "Free-form description of the group; cannot be changed after creation.",
        .def = "\"Managed by Terraform\"",
        .validators = (const tf_validator[]){TF_V_STRLEN(0, 255), TF_V_END},
    },
    {
        .name = "egress",
        .type =
            "set(object({cidr_blocks=list(string),description=string,from_port=number,"
                "ipv6_cidr_blocks=list(string),prefix_list_ids=list(string),protocol=string,"
                "security_groups=set(string),self=bool,to_port=number}))",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Outbound rules; omit to leave rules managed elsewhere, [] to remove all.",
    },
    {
        .name = "id",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Identifier of the resource.",
    },
    {
        .name = "ingress",
        .type =
            "set(object({cidr_blocks=list(string),description=string,from_port=number,"
                "ipv6_cidr_blocks=list(string),prefix_list_ids=list(string),protocol=string,"
                "security_groups=set(string),self=bool,to_port=number}))",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Inbound rules; omit to leave rules managed elsewhere, [] to remove all.",
    },
    {
        .name = "name",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "Name of the group; generated when neither this nor name_prefix is set.",
        .validators = (const tf_validator[]){
            TF_V_STRLEN(0, 255),
            TF_V_NOT_REGEX("^sg-", "cannot begin with sg-"),
            TF_V_END,
        },
        .conflicts_with = (const char *const[]){"name_prefix", NULL},
    },
    {
        .name = "name_prefix",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "Prefix of a generated unique name; conflicts with name.",
        .validators = (const tf_validator[]){
            TF_V_STRLEN(0, 229),
            TF_V_NOT_REGEX("^sg-", "cannot begin with sg-"),
            TF_V_END,
        },
        .conflicts_with = (const char *const[]){"name", NULL},
    },
    {
        .name = "owner_id",
        .type = "string",
        .flags = TF_COMPUTED,
        .description = "AWS account that owns the resource.",
    },
    {
        .name = "revoke_rules_on_delete",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Remove all rules before deleting, to break cycles between groups.",
        .def = "false",
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
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "VPC the group is created in; the default VPC when omitted.",
    },
    {0},
};

static tf_nested_block sg_blocks[] = {
    {.name = "timeouts", .nesting = TF_NEST_SINGLE, .block = &sg_timeouts, .flags = TF_OPTIONAL},
    {0},
};

static tf_block sg_schema = {
    .attrs = sg_attrs,
    .blocks = sg_blocks,
    .description = "A stateful firewall attached to network interfaces in a VPC.",
};

/* ---- validation ---- */

static const tf_validator sg_rule_ipv4_cidr[] = {TF_V_IPV4_CIDR(0, 32), TF_V_END};
static const tf_validator sg_rule_ipv6_cidr[] = {TF_V_IPV6_CIDR, TF_V_END};
/* The characters EC2 accepts in a rule description; "" is allowed. */
static const tf_validator sg_rule_description[] = {
    TF_V_STRLEN(0, 255),
    TF_V_REGEX("^[]A-Za-z0-9 ._:/()#,@[+=&;{}!$*-]*$",
               "only letters, digits, spaces and ._-:/()#,@[]+=&;{}!$* are allowed"),
    TF_V_END,
};

static bool sg_protocol_is_all(const tf_value *protocol)
{
    if (!tf_is_known(protocol))
        return false;
    const char *p = protocol->u.str.ptr;
    return strcmp(p, "-1") == 0 || strcasecmp(p, "all") == 0;
}

/* The "all protocols" rule (-1) covers every port; EC2 rejects it with any
 * other port range, so say so at plan time. */
static void sg_check_all_protocol(tf_ctx *ctx, const tf_path *at, const char *set_name,
                                  const tf_value *rule)
{
    if (!sg_protocol_is_all(tf_get(rule, "protocol")))
        return;
    const tf_value *from = tf_get(rule, "from_port"), *to = tf_get(rule, "to_port");
    int64_t f, t;
    if (!tf_is_known(from) || !tf_is_known(to) || !tf_number_to_i64(from, &f) ||
        !tf_number_to_i64(to, &t))
        return;
    if (f != 0 || t != 0)
        tf_diag_error(ctx->diags, at, "Invalid security group rule",
                      "%s rule: from_port (%lld) and to_port (%lld) must both be 0 to use the "
                      "'ALL' \"-1\" protocol", set_name, (long long)f, (long long)t);
}

/* Checks each element of a list inside a rule.  The diagnostics keep the
 * path of the rule set: an index step after a set element would name no
 * real place in the configuration. */
static void sg_validate_each(tf_ctx *ctx, const tf_path *at, const char *field,
                             const tf_validator *validators, const tf_value *list)
{
    if (!tf_is_known(list))
        return;
    for (size_t i = 0; i < list->u.coll.n; i++)
        tf_validate_run(ctx->arena, ctx->diags, at, field, validators, list->u.coll.items[i]);
}

static void sg_validate_rules(tf_ctx *ctx, const tf_value *config, const char *set_name)
{
    const tf_value *rules = tf_get(config, set_name);
    if (!tf_is_known(rules))
        return;
    /* Set elements have no path step of their own: point at the set. */
    const tf_path *at = tf_path_attr(ctx->arena, tf_path_root(ctx->arena), set_name);
    for (size_t i = 0; i < rules->u.coll.n; i++) {
        const tf_value *rule = rules->u.coll.items[i];
        if (!tf_is_known(rule))
            continue;
        sg_validate_each(ctx, at, "cidr_blocks", sg_rule_ipv4_cidr, tf_get(rule, "cidr_blocks"));
        sg_validate_each(ctx, at, "ipv6_cidr_blocks", sg_rule_ipv6_cidr,
                         tf_get(rule, "ipv6_cidr_blocks"));
        tf_validate_run(ctx->arena, ctx->diags, at, "description", sg_rule_description,
                        tf_get(rule, "description"));
        sg_check_all_protocol(ctx, at, set_name, rule);
    }
}

static void security_group_validate(tf_ctx *ctx, const tf_value *config)
{
    sg_validate_rules(ctx, config, "ingress");
    sg_validate_rules(ctx, config, "egress");
}

const tf_resource_def aws_ec2_security_group_def = {
    .type_name = "aws_security_group",
    .version = 1,
    .schema = &sg_schema,
    .validate = security_group_validate,
};

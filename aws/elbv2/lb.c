/* lb.c - aws_lb (alias aws_alb): an application, network or gateway load
 * balancer.
 *
 * Both type names share one schema table and one set of callbacks; only the
 * name Terraform uses differs.  The schema table comes first; the resource
 * callbacks follow it. */

#include <string.h>

#include "plan.h"
#include "plan_suppress.h"
#include "resources.h"
#include "tags.h"

/* ---- schema ---- */

static const char *const desync_mode_values[] = {"monitor", "defensive", "strictest", NULL};
static const char *const dns_routing_policy_values[] = {
    "availability_zone_affinity", "partial_availability_zone_affinity", "any_availability_zone",
    NULL,
};
static const char *const on_off_values[] = {"on", "off", NULL};
static const char *const lb_ip_address_type_values[] = {
    "ipv4", "dualstack", "dualstack-without-public-ipv4", NULL,
};
static const char *const lb_type_values[] = {"application", "network", "gateway", NULL};
static const char *const xff_mode_values[] = {"append", "preserve", "remove", NULL};

static tf_attribute lb_access_logs_attrs[] = {
    {
        .name = "bucket",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "S3 bucket that receives the access logs.",
    },
    {
        .name = "enabled",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Whether access logs are written.",
        .def = "false",
    },
    {
        .name = "prefix",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Key prefix for the access log objects.",
    },
    {0},
};

static tf_block lb_access_logs = {
    .attrs = lb_access_logs_attrs,
    .description = "Where and whether access logs are stored.",
};

static tf_attribute lb_connection_logs_attrs[] = {
    {
        .name = "bucket",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "S3 bucket that receives the connection logs.",
    },
    {
        .name = "enabled",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Whether connection logs are written.",
        .def = "false",
    },
    {
        .name = "prefix",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Key prefix for the connection log objects.",
    },
    {0},
};

static tf_block lb_connection_logs = {
    .attrs = lb_connection_logs_attrs,
    .description = "Where and whether connection logs are stored.",
};

static tf_attribute lb_ipam_pools_attrs[] = {
    {
        .name = "ipv4_ipam_pool_id",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "IPAM pool that supplies the load balancer's IPv4 addresses.",
    },
    {0},
};

static tf_block lb_ipam_pools = {
    .attrs = lb_ipam_pools_attrs,
    .description = "IPAM pools the load balancer takes addresses from.",
};

static tf_attribute lb_minimum_load_balancer_capacity_attrs[] = {
    {
        .name = "capacity_units",
        .type = "number",
        .flags = TF_REQUIRED,
        .description = "Load balancer capacity units to reserve.",
    },
    {0},
};

static tf_block lb_minimum_load_balancer_capacity = {
    .attrs = lb_minimum_load_balancer_capacity_attrs,
    .description = "Capacity reserved in advance for the load balancer.",
};

static tf_attribute lb_subnet_mapping_attrs[] = {
    {
        .name = "allocation_id",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Elastic IP to use in this subnet (network load balancers).",
    },
    {
        .name = "ipv6_address",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "IPv6 address to use in this subnet.",
        .validators = (const tf_validator[]){TF_V_IPV6_ADDRESS, TF_V_END},
    },
    {
        .name = "outpost_id",
        .type = "string",
        .flags = TF_COMPUTED,
        .description = "Outpost the subnet is on.",
    },
    {
        .name = "private_ipv4_address",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Private IPv4 address to use in this subnet.",
        .validators = (const tf_validator[]){TF_V_IPV4_ADDRESS, TF_V_END},
    },
    {
        .name = "subnet_id",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "Subnet to place the load balancer in.",
    },
    {0},
};

static tf_block lb_subnet_mapping = {
    .attrs = lb_subnet_mapping_attrs,
    .description = "A subnet to place the load balancer in, with optional fixed addresses.",
};

static tf_attribute lb_timeouts_attrs[] = {
    {
        .name = "create",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "How long creating the load balancer may take (e.g. \"10m\").",
        .validators = (const tf_validator[]){TF_V_DURATION, TF_V_END},
    },
    {
        .name = "delete",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "How long deleting the load balancer may take.",
        .validators = (const tf_validator[]){TF_V_DURATION, TF_V_END},
    },
    {
        .name = "update",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "How long updating the load balancer may take.",
        .validators = (const tf_validator[]){TF_V_DURATION, TF_V_END},
    },
    {0},
};

static tf_block lb_timeouts = {
    .attrs = lb_timeouts_attrs,
    .description = "How long operations may take before they fail.",
};

static tf_attribute lb_attrs[] = {
    {
        .name = "arn",
        .type = "string",
        .flags = TF_COMPUTED,
        .description = "ARN of the load balancer (same as id).",
    },
    {
        .name = "arn_suffix",
        .type = "string",
        .flags = TF_COMPUTED,
        .description = "Part of the ARN used in CloudWatch metrics.",
    },
    {
        .name = "client_keep_alive",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Seconds a client connection may stay open (application load balancers).",
        .def = "3600",
    },
    {
        .name = "customer_owned_ipv4_pool",
        .type = "string",
        .flags = TF_OPTIONAL | TF_FORCE_NEW,
        .description = "Customer-owned IPv4 pool for an application load balancer on an Outpost.",
    },
    {
        .name = "desync_mitigation_mode",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "How HTTP desync risks are handled: monitor, defensive or strictest.",
        .def = "\"defensive\"",
        .validators = (const tf_validator[]){TF_V_ONE_OF(desync_mode_values), TF_V_END},
    },
    {
        .name = "dns_name",
        .type = "string",
        .flags = TF_COMPUTED,
        .description = "DNS name clients use to reach the load balancer.",
    },
    {
        .name = "dns_record_client_routing_policy",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "How DNS answers spread clients over zones (network load balancers).",
        .def = "\"any_availability_zone\"",
        .validators = (const tf_validator[]){TF_V_ONE_OF(dns_routing_policy_values), TF_V_END},
    },
    {
        .name = "drop_invalid_header_fields",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Drop HTTP headers with invalid names.",
        .def = "false",
    },
    {
        .name = "enable_cross_zone_load_balancing",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Spread traffic over targets in all zones.",
        .def = "false",
    },
    {
        .name = "enable_deletion_protection",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Refuse deletion through the API.",
        .def = "false",
    },
    {
        .name = "enable_http2",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Accept HTTP/2 (application load balancers).",
        .def = "true",
    },
    {
        .name = "enable_tls_version_and_cipher_suite_headers",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Add TLS version and cipher headers to forwarded requests.",
        .def = "false",
    },
    {
        .name = "enable_waf_fail_open",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Keep forwarding when AWS WAF cannot be reached.",
        .def = "false",
    },
    {
        .name = "enable_xff_client_port",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Keep the client port in X-Forwarded-For.",
        .def = "false",
    },
    {
        .name = "enable_zonal_shift",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Allow zonal shifts through Route 53 ARC.",
        .def = "false",
    },
    {
        .name = "enforce_security_group_inbound_rules_on_private_link_traffic",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Apply inbound security group rules to PrivateLink traffic: on or off.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(on_off_values), TF_V_END},
    },
    {
        .name = "id",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "ARN of the load balancer.",
    },
    {
        .name = "idle_timeout",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Seconds a connection may stay idle.",
        .def = "60",
    },
    {
        .name = "internal",
        .type = "bool",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "Create an internal (not internet-facing) load balancer.",
    },
    {
        .name = "ip_address_type",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description =
            "IP address families the load balancer serves: ipv4, dualstack or "
            "dualstack-without-public-ipv4.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(lb_ip_address_type_values), TF_V_END},
    },
    {
        .name = "load_balancer_type",
        .type = "string",
        .flags = TF_OPTIONAL | TF_FORCE_NEW,
        .description = "Kind of load balancer: application, network or gateway.",
        .def = "\"application\"",
        .validators = (const tf_validator[]){TF_V_ONE_OF(lb_type_values), TF_V_END},
    },
    {
        .name = "name",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "Name of the load balancer (at most 32 characters); generated when omitted.",
        .validators = (const tf_validator[]){
            TF_V_STRLEN(0, 32),
            TF_V_REGEX("^[0-9A-Za-z-]*$", "only alphanumeric characters and hyphens allowed"),
            TF_V_NOT_REGEX("^-", "cannot begin with a hyphen"),
            TF_V_NOT_REGEX("-$", "cannot end with a hyphen"),
            TF_V_NOT_REGEX("^internal-", "cannot begin with \"internal-\""),
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
            TF_V_STRLEN(0, 6),
            TF_V_REGEX("^[0-9A-Za-z-]+$", "only alphanumeric characters and hyphens allowed"),
            TF_V_NOT_REGEX("^-", "cannot begin with a hyphen"),
            TF_V_NOT_REGEX("^internal-", "cannot begin with \"internal-\""),
            TF_V_END,
        },
        .conflicts_with = (const char *const[]){"name", NULL},
    },
    {
        .name = "preserve_host_header",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Forward the Host header unchanged.",
        .def = "false",
    },
    {
        .name = "security_groups",
        .type = "set(string)",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Security groups of the load balancer.",
    },
    {
        .name = "subnets",
        .type = "set(string)",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Subnets the load balancer is placed in (one per zone).",
        .exactly_one_of = (const char *const[]){"subnet_mapping", "subnets", NULL},
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
        .flags = TF_COMPUTED,
        .description = "VPC the resource belongs to.",
    },
    {
        .name = "xff_header_processing_mode",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "How X-Forwarded-For is treated: append, preserve or remove.",
        .def = "\"append\"",
        .validators = (const tf_validator[]){TF_V_ONE_OF(xff_mode_values), TF_V_END},
    },
    {
        .name = "zone_id",
        .type = "string",
        .flags = TF_COMPUTED,
        .description = "Route 53 hosted zone ID for alias records.",
    },
    {0},
};

static tf_nested_block lb_blocks[] = {
    {
        .name = "access_logs",
        .nesting = TF_NEST_LIST,
        .block = &lb_access_logs,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "connection_logs",
        .nesting = TF_NEST_LIST,
        .block = &lb_connection_logs,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "ipam_pools",
        .nesting = TF_NEST_LIST,
        .block = &lb_ipam_pools,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "minimum_load_balancer_capacity",
        .nesting = TF_NEST_LIST,
        .block = &lb_minimum_load_balancer_capacity,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "subnet_mapping",
        .nesting = TF_NEST_SET,
        .block = &lb_subnet_mapping,
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .exactly_one_of = (const char *const[]){"subnet_mapping", "subnets", NULL},
    },
    {.name = "timeouts", .nesting = TF_NEST_SINGLE, .block = &lb_timeouts, .flags = TF_OPTIONAL},
    {0},
};

static tf_block lb_schema = {
    .attrs = lb_attrs,
    .blocks = lb_blocks,
    .description = "An Elastic Load Balancing v2 load balancer (application, network or gateway).",
};

/* ---- planning ----
 *
 * hashicorp/aws keeps one schema for all three kinds of load balancer and
 * hides, with DiffSuppressFuncs, the arguments that do not apply to the
 * kind being planned (their defaults included); its CustomizeDiff decides
 * when a change of subnets or security groups needs a new load balancer. */

enum { LB_APP = 1, LB_NET = 2, LB_GW = 4 };

/* Which kinds of load balancer each kind-specific argument applies to. */
static const struct lb_scope {
    const char *name;
    unsigned kinds;
} lb_scopes[] = {
    {"client_keep_alive", LB_APP},
    {"desync_mitigation_mode", LB_APP},
    {"dns_record_client_routing_policy", LB_NET},
    {"drop_invalid_header_fields", LB_APP},
    {"enable_cross_zone_load_balancing", LB_NET | LB_GW},
    {"enable_http2", LB_APP},
    {"enable_tls_version_and_cipher_suite_headers", LB_APP},
    {"enable_waf_fail_open", LB_APP},
    {"enable_xff_client_port", LB_APP},
    {"enable_zonal_shift", LB_APP | LB_NET},
    {"enforce_security_group_inbound_rules_on_private_link_traffic", LB_NET},
    {"idle_timeout", LB_APP},
    {"ipam_pools", LB_APP},
    {"minimum_load_balancer_capacity", LB_APP | LB_NET},
    {"preserve_host_header", LB_APP},
    {"xff_header_processing_mode", LB_APP},
};

static unsigned lb_kind(const tf_plan_req *req)
{
    const char *t = aws_plan_str(req, "load_balancer_type");
    if (strcmp(t, "application") == 0)
        return LB_APP;
    if (strcmp(t, "network") == 0)
        return LB_NET;
    if (strcmp(t, "gateway") == 0)
        return LB_GW;
    return 0; /* unknown: the SDK reads "", which no argument applies to */
}

/* Subnet mappings are set elements hashed by their configurable fields. */
static bool lb_mapping_equal(const tf_value *x, const tf_value *y)
{
    static const char *const fields[] = {"allocation_id", "ipv6_address",
                                         "private_ipv4_address", "subnet_id"};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        const char *a = tf_get_str(x, fields[i], ""), *b = tf_get_str(y, fields[i], "");
        if (strcmp(a, b) != 0)
            return false;
    }
    return true;
}

static bool lb_mapping_in(const tf_value *set, const tf_value *e)
{
    for (size_t i = 0; tf_is_known(set) && i < set->u.coll.n; i++)
        if (lb_mapping_equal(set->u.coll.items[i], e))
            return true;
    return false;
}

/* How many subnet mappings of sub are also in super. */
static size_t lb_mappings_common(const tf_value *sub, const tf_value *super)
{
    size_t n = 0;
    for (size_t i = 0; tf_is_known(sub) && i < sub->u.coll.n; i++)
        n += lb_mapping_in(super, sub->u.coll.items[i]);
    return n;
}

static size_t lb_len(const tf_value *v)
{
    return tf_is_known(v) ? v->u.coll.n : 0;
}

static bool lb_changed(const tf_plan_req *req, const char *name)
{
    const tf_value *o = tf_get(req->prior, name), *n = tf_get(req->planned, name);
    if (tf_contains_unknown(n))
        return true;
    if (lb_len(o) == 0 && lb_len(n) == 0)
        return false;
    return !tf_value_equal(o, n);
}

static void lb_force_new(tf_ctx *ctx, tf_plan_req *req, const char *name)
{
    tf_plan_add_replace(ctx->arena, req, tf_path_attr(ctx->arena, tf_path_root(ctx->arena), name));
}

/* Whether a change of subnets (or subnet mappings) from o to n needs a new
 * load balancer.  An application load balancer may add or remove subnet
 * mappings but not change the ones it keeps, and any change of its subnets
 * is made in place; a network load balancer may only add either. */
static bool lb_subnets_force_new(unsigned kind, const tf_value *o, const tf_value *n,
                                 bool mappings)
{
    size_t no = lb_len(o), nn = lb_len(n);
    if (!mappings)
        return kind == LB_NET && nn <= no;
    if (nn == no || (nn < no && kind == LB_NET))
        return true;
    if (nn < no)
        return lb_mappings_common(n, o) != nn;
    return lb_mappings_common(o, n) != no;
}

/* customizeDiffLoadBalancerALB and customizeDiffLoadBalancerNLB. */
static void lb_plan_subnets(tf_ctx *ctx, tf_plan_req *req, unsigned kind)
{
    tf_arena *a = ctx->arena;
    if (kind != LB_APP && kind != LB_NET)
        return;
    bool map_changed = lb_changed(req, "subnet_mapping");
    bool sub_changed = lb_changed(req, "subnets");
    const tf_value *planned = req->planned;
    if (map_changed) {
        const tf_value *cfg = tf_get(req->config, "subnet_mapping");
        if (!tf_contains_unknown(cfg) &&
            lb_subnets_force_new(kind, tf_get(req->prior, "subnet_mapping"),
                                 tf_get(req->planned, "subnet_mapping"), true))
            lb_force_new(ctx, req, "subnet_mapping");
        planned = tf_object_with(a, planned, "subnets",
                                 tf_unknown(a, tf_get(planned, "subnets")->type));
    }
    if (sub_changed) {
        const tf_value *cfg = tf_get(req->config, "subnets");
        if (!tf_contains_unknown(cfg) &&
            lb_subnets_force_new(kind, tf_get(req->prior, "subnets"),
                                 tf_get(req->planned, "subnets"), false))
            lb_force_new(ctx, req, "subnets");
        planned = tf_object_with(a, planned, "subnet_mapping",
                                 tf_unknown(a, tf_get(planned, "subnet_mapping")->type));
    }
    if (kind == LB_NET && lb_changed(req, "security_groups")) {
        const tf_value *cfg = tf_get(req->config, "security_groups");
        size_t no = lb_len(tf_get(req->prior, "security_groups"));
        size_t nn = lb_len(tf_get(req->planned, "security_groups"));
        if (!tf_contains_unknown(cfg) && (no == 0) != (nn == 0))
            lb_force_new(ctx, req, "security_groups");
    }
    req->planned = planned;
}

/* The bucket and prefix of access and connection logs are ignored while
 * the logs are disabled. */
static void lb_plan_logs(tf_ctx *ctx, tf_plan_req *req, const char *block)
{
    const tf_value *list = tf_get(req->planned, block);
    if (!tf_is_known(list) || list->u.coll.n == 0 || !tf_is_known(list->u.coll.items[0]))
        return;
    if (tf_get_bool(list->u.coll.items[0], "enabled", false))
        return;
    aws_plan_suppress_nested(ctx, req, &lb_schema, block, 0, "bucket");
    aws_plan_suppress_nested(ctx, req, &lb_schema, block, 0, "prefix");
}

static void lb_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->planned))
        return;
    unsigned kind = lb_kind(req);
    for (size_t i = 0; i < sizeof lb_scopes / sizeof *lb_scopes; i++)
        if (!(lb_scopes[i].kinds & kind))
            aws_plan_suppress(ctx, req, &lb_schema, lb_scopes[i].name);
    lb_plan_logs(ctx, req, "access_logs");
    lb_plan_logs(ctx, req, "connection_logs");
    if (!tf_is_null(req->prior))
        lb_plan_subnets(ctx, req, kind);
    aws_tags_plan(ctx, req);
}

/* ---- definitions ---- */

const tf_resource_def aws_elbv2_lb_def = {
    .type_name = "aws_lb",
    .version = 0,
    .schema = &lb_schema,
    .modify_plan = lb_modify_plan,
};

const tf_resource_def aws_elbv2_alb_def = {
    .type_name = "aws_alb",
    .version = 0,
    .schema = &lb_schema,
    .modify_plan = lb_modify_plan,
};

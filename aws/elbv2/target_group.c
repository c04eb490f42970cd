/* target_group.c - aws_lb_target_group (alias aws_alb_target_group): the
 * targets a load balancer routes to, and how their health is checked.
 *
 * The schema table comes first; the resource callbacks follow it. */

#include <string.h>

#include "plan_suppress.h"
#include "resources.h"
#include "tags.h"

/* ---- schema ---- */

static const char *const health_check_protocol_values[] = {"HTTP", "HTTPS", "TCP", NULL};
static const char *const stickiness_type_values[] = {
    "lb_cookie", "app_cookie", "source_ip", "source_ip_dest_ip", "source_ip_dest_ip_proto",
    NULL,
};
static const char *const target_failover_values[] = {"rebalance", "no_rebalance", NULL};
static const char *const tg_ip_address_type_values[] = {"ipv4", "ipv6", NULL};
static const char *const lb_algorithm_values[] = {
    "round_robin", "least_outstanding_requests", "weighted_random", NULL,
};
static const char *const on_off_values[] = {"on", "off", NULL};
static const char *const cross_zone_values[] = {
    "true", "false", "use_load_balancer_configuration", NULL,
};
static const char *const lb_protocol_values[] = {
    "HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "GENEVE", NULL,
};
static const char *const protocol_version_values[] = {"GRPC", "HTTP1", "HTTP2", NULL};
static const char *const target_type_values[] = {"instance", "ip", "lambda", "alb", NULL};

static tf_attribute tg_health_check_attrs[] = {
    {
        .name = "enabled",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Whether health checks run.",
        .def = "true",
    },
    {
        .name = "healthy_threshold",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Successful checks before a target counts as healthy.",
        .def = "3",
        .validators = (const tf_validator[]){TF_V_INT_BETWEEN(2, 10), TF_V_END},
    },
    {
        .name = "interval",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Seconds between health checks.",
        .def = "30",
        .validators = (const tf_validator[]){TF_V_INT_BETWEEN(5, 300), TF_V_END},
    },
    {
        .name = "matcher",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Response codes that count as healthy, e.g. 200-299.",
    },
    {
        .name = "path",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Request path of HTTP(S) health checks.",
    },
    {
        .name = "port",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Port health checks use; \"traffic-port\" means the target's own port.",
        .def = "\"traffic-port\"",
    },
    {
        .name = "protocol",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Protocol of health checks: HTTP, HTTPS or TCP.",
        .def = "\"HTTP\"",
        .validators = (const tf_validator[]){
            TF_V_ONE_OF_CI(health_check_protocol_values),
            TF_V_END,
        },
    },
    {
        .name = "timeout",
        .type = "number",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Seconds without a response after which a check fails.",
        .validators = (const tf_validator[]){TF_V_INT_BETWEEN(2, 120), TF_V_END},
    },
    {
        .name = "unhealthy_threshold",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Failed checks before a target counts as unhealthy.",
        .def = "3",
        .validators = (const tf_validator[]){TF_V_INT_BETWEEN(2, 10), TF_V_END},
    },
    {0},
};

static tf_block tg_health_check = {
    .attrs = tg_health_check_attrs,
    .description = "How target health is checked.",
};

static tf_attribute tg_stickiness_attrs[] = {
    {
        .name = "cookie_duration",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Seconds a load balancer cookie stays valid.",
        .def = "86400",
        .validators = (const tf_validator[]){TF_V_INT_BETWEEN(0, 604800), TF_V_END},
    },
    {
        .name = "cookie_name",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Name of the application cookie (app_cookie stickiness).",
    },
    {
        .name = "enabled",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Whether session stickiness is on.",
        .def = "true",
    },
    {
        .name = "type",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "Kind of stickiness: lb_cookie, app_cookie, source_ip, ...",
        .validators = (const tf_validator[]){TF_V_ONE_OF(stickiness_type_values), TF_V_END},
    },
    {0},
};

static tf_block tg_stickiness = {
    .attrs = tg_stickiness_attrs,
    .description = "Keeps a client on the same target (or target group).",
};

static tf_attribute tg_target_failover_attrs[] = {
    {
        .name = "on_deregistration",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "Flow handling when a target is deregistered: rebalance or no_rebalance.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(target_failover_values), TF_V_END},
    },
    {
        .name = "on_unhealthy",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "Flow handling when a target turns unhealthy: rebalance or no_rebalance.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(target_failover_values), TF_V_END},
    },
    {0},
};

static tf_block tg_target_failover = {
    .attrs = tg_target_failover_attrs,
    .description = "What a gateway load balancer does with flows when targets fail.",
};

static tf_attribute tg_dns_failover_attrs[] = {
    {
        .name = "minimum_healthy_targets_count",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Healthy targets needed before DNS fails over, or \"off\".",
        .def = "\"off\"",
        .validators = (const tf_validator[]){
            TF_V_REGEX("^(off|[-+]?[0-9]+)$", "must be an integer or 'off'"),
            TF_V_END,
        },
    },
    {
        .name = "minimum_healthy_targets_percentage",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Share of healthy targets needed before DNS fails over, or \"off\".",
        .def = "\"off\"",
    },
    {0},
};

static tf_block tg_dns_failover = {
    .attrs = tg_dns_failover_attrs,
    .description = "Thresholds for failing DNS over to other zones.",
};

static tf_attribute tg_unhealthy_state_routing_attrs[] = {
    {
        .name = "minimum_healthy_targets_count",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Healthy targets needed before traffic goes to all targets.",
        .def = "1",
    },
    {
        .name = "minimum_healthy_targets_percentage",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description =
            "Share of healthy targets needed before traffic goes to all targets, or \"off\".",
        .def = "\"off\"",
    },
    {0},
};

static tf_block tg_unhealthy_state_routing = {
    .attrs = tg_unhealthy_state_routing_attrs,
    .description = "Thresholds for routing to all targets when too few are healthy.",
};

static tf_attribute tg_target_group_health_attrs[] = {
    {0},
};

static tf_nested_block tg_target_group_health_blocks[] = {
    {
        .name = "dns_failover",
        .nesting = TF_NEST_LIST,
        .block = &tg_dns_failover,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "unhealthy_state_routing",
        .nesting = TF_NEST_LIST,
        .block = &tg_unhealthy_state_routing,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {0},
};

static tf_block tg_target_group_health = {
    .attrs = tg_target_group_health_attrs,
    .blocks = tg_target_group_health_blocks,
    .description = "When the target group counts as unhealthy.",
};

static tf_attribute tg_target_health_state_attrs[] = {
    {
        .name = "enable_unhealthy_connection_termination",
        .type = "bool",
        .flags = TF_REQUIRED,
        .description = "Close connections to targets that become unhealthy.",
    },
    {
        .name = "unhealthy_draining_interval",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Seconds to drain an unhealthy target (0-360000).",
        .def = "0",
        .validators = (const tf_validator[]){TF_V_INT_BETWEEN(0, 360000), TF_V_END},
    },
    {0},
};

static tf_block tg_target_health_state = {
    .attrs = tg_target_health_state_attrs,
    .description = "How connections to unhealthy targets are handled.",
};

static tf_attribute tg_attrs[] = {
    {
        .name = "arn",
        .type = "string",
        .flags = TF_COMPUTED,
        .description = "ARN of the target group (same as id).",
    },
    {
        .name = "arn_suffix",
        .type = "string",
        .flags = TF_COMPUTED,
        .description = "Part of the ARN used in CloudWatch metrics.",
    },
    {
        .name = "connection_termination",
        .type = "bool",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Close connections to deregistered targets at the end of the delay.",
    },
    {
        .name = "deregistration_delay",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Seconds to drain a target before deregistering it (0-3600).",
        .def = "\"300\"",
        .validators = (const tf_validator[]){TF_V_NULLABLE_INT(0, 3600), TF_V_END},
    },
    {
        .name = "id",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "ARN of the target group.",
    },
    {
        .name = "ip_address_type",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "Address family of the targets: ipv4 or ipv6.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(tg_ip_address_type_values), TF_V_END},
    },
    {
        .name = "lambda_multi_value_headers_enabled",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Pass multi-value headers to Lambda targets.",
        .def = "false",
    },
    {
        .name = "load_balancer_arns",
        .type = "set(string)",
        .flags = TF_COMPUTED,
        .description = "Load balancers that route to this group.",
    },
    {
        .name = "load_balancing_algorithm_type",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description =
            "How targets are picked: round_robin, least_outstanding_requests or weighted_random.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(lb_algorithm_values), TF_V_END},
    },
    {
        .name = "load_balancing_anomaly_mitigation",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description =
            "Shift traffic away from anomalous targets (weighted_random only): on or off.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(on_off_values), TF_V_END},
    },
    {
        .name = "load_balancing_cross_zone_enabled",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Cross-zone balancing: true, false or use_load_balancer_configuration.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(cross_zone_values), TF_V_END},
    },
    {
        .name = "name",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "Name of the target group (at most 32 characters); generated when omitted.",
        .validators = (const tf_validator[]){
            TF_V_STRLEN(0, 32),
            TF_V_REGEX("^[0-9A-Za-z-]+$", "only alphanumeric characters and hyphens allowed"),
            TF_V_NOT_REGEX("^-", "cannot begin with a hyphen"),
            TF_V_NOT_REGEX("-$", "cannot end with a hyphen"),
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
            TF_V_END,
        },
        .conflicts_with = (const char *const[]){"name", NULL},
    },
    {
        .name = "port",
        .type = "number",
        .flags = TF_OPTIONAL | TF_FORCE_NEW,
        .description = "Port targets receive traffic on, unless a target says otherwise.",
        .validators = (const tf_validator[]){TF_V_INT_BETWEEN(1, 65535), TF_V_END},
    },
    {
        .name = "preserve_client_ip",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Keep the client IP as source address (\"true\", \"false\" or empty).",
        .validators = (const tf_validator[]){TF_V_NULLABLE_BOOL, TF_V_END},
    },
    {
        .name = "protocol",
        .type = "string",
        .flags = TF_OPTIONAL | TF_FORCE_NEW,
        .description = "Protocol used to reach the targets.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(lb_protocol_values), TF_V_END},
    },
    {
        .name = "protocol_version",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "HTTP version towards targets: HTTP1, HTTP2 or GRPC.",
        .validators = (const tf_validator[]){TF_V_ONE_OF_CI(protocol_version_values), TF_V_END},
    },
    {
        .name = "proxy_protocol_v2",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Send the PROXY protocol v2 header to targets.",
        .def = "false",
    },
    {
        .name = "slow_start",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Seconds a new target ramps up its share of traffic (0 or 30-900).",
        .def = "0",
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
        .name = "target_type",
        .type = "string",
        .flags = TF_OPTIONAL | TF_FORCE_NEW,
        .description = "What targets are: instance, ip, lambda or alb.",
        .def = "\"instance\"",
        .validators = (const tf_validator[]){TF_V_ONE_OF(target_type_values), TF_V_END},
    },
    {
        .name = "vpc_id",
        .type = "string",
        .flags = TF_OPTIONAL | TF_FORCE_NEW,
        .description = "VPC of the targets (not used for Lambda targets).",
    },
    {0},
};

static tf_nested_block tg_blocks[] = {
    {
        .name = "health_check",
        .nesting = TF_NEST_LIST,
        .block = &tg_health_check,
        .max_items = 1,
        .flags = TF_OPTIONAL | TF_COMPUTED,
    },
    {
        .name = "stickiness",
        .nesting = TF_NEST_LIST,
        .block = &tg_stickiness,
        .max_items = 1,
        .flags = TF_OPTIONAL | TF_COMPUTED,
    },
    {
        .name = "target_failover",
        .nesting = TF_NEST_LIST,
        .block = &tg_target_failover,
        .flags = TF_OPTIONAL | TF_COMPUTED,
    },
    {
        .name = "target_group_health",
        .nesting = TF_NEST_LIST,
        .block = &tg_target_group_health,
        .max_items = 1,
        .flags = TF_OPTIONAL | TF_COMPUTED,
    },
    {
        .name = "target_health_state",
        .nesting = TF_NEST_LIST,
        .block = &tg_target_health_state,
        .flags = TF_OPTIONAL | TF_COMPUTED,
    },
    {0},
};

static tf_block tg_schema = {
    .attrs = tg_attrs,
    .blocks = tg_blocks,
    .description = "A group of targets that a load balancer sends requests to.",
};

/* ---- validation ---- */

static const tf_path *tg_path(tf_ctx *ctx, const char *block, const char *attr)
{
    const tf_path *p = tf_path_attr(ctx->arena, tf_path_root(ctx->arena), block);
    if (attr)
        p = tf_path_attr(ctx->arena, tf_path_index(ctx->arena, p, 0), attr);
    return p;
}

/* The first element of a MaxItems:1 block list, or NULL. */
static const tf_value *tg_only(const tf_value *list)
{
    if (!tf_is_known(list) || list->u.coll.n == 0 || !tf_is_known(list->u.coll.items[0]))
        return NULL;
    return list->u.coll.items[0];
}

/* Parses a whole decimal number like Go's strconv.Atoi. */
static bool tg_atoi(const char *s, int64_t *out)
{
    size_t i = (s[0] == '+' || s[0] == '-') ? 1 : 0;
    if (!s[i] || strlen(s + i) > 18)
        return false;
    int64_t n = 0;
    for (; s[i]; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        n = n * 10 + (s[i] - '0');
    }
    *out = s[0] == '-' ? -n : n;
    return true;
}

/* slow_start: 0 turns it off, otherwise 30..900 seconds. */
static void tg_validate_slow_start(tf_ctx *ctx, const tf_value *config)
{
    const tf_value *v = tf_get(config, "slow_start");
    int64_t n;
    if (!tf_is_known(v) || !tf_number_to_i64(v, &n) || n == 0 || (n >= 30 && n <= 900))
        return;
    tf_diag_error(ctx->diags, tg_path(ctx, "slow_start", NULL), "Invalid value for \"slow_start\"",
                  "expected slow_start to be 0 (disabled) or in the range (30 - 900), got %lld",
                  (long long)n);
}

/* health_check: path is empty or an absolute path of at most 1024
 * characters; port is "traffic-port" or a port number. */
static void tg_validate_health_check(tf_ctx *ctx, const tf_value *config)
{
    const tf_value *hc = tg_only(tf_get(config, "health_check"));
    if (!hc)
        return;
    const tf_value *path = tf_get(hc, "path");
    if (tf_is_known(path) && path->u.str.len > 0 &&
        (path->u.str.len > 1024 || path->u.str.ptr[0] != '/'))
        tf_diag_error(ctx->diags, tg_path(ctx, "health_check", "path"),
                      "Invalid value for \"path\"",
                      "expected health_check.0.path to be empty or to begin with '/' and be at "
                      "most 1024 characters long, got %s", path->u.str.ptr);
    const tf_value *port = tf_get(hc, "port");
    int64_t n;
    if (tf_is_known(port) && strcmp(port->u.str.ptr, "traffic-port") != 0 &&
        (!tg_atoi(port->u.str.ptr, &n) || n < 1 || n > 65536))
        tf_diag_error(ctx->diags, tg_path(ctx, "health_check", "port"),
                      "Invalid value for \"port\"",
                      "\"health_check.0.port\" must be a valid port number (1-65536) or "
                      "\"traffic-port\", got %s", port->u.str.ptr);
}

/* minimum_healthy_targets_percentage: "off" or 1..100. */
static void tg_validate_percentage(tf_ctx *ctx, const tf_value *health, const char *block)
{
    const tf_value *b = health ? tg_only(tf_get(health, block)) : NULL;
    if (!b)
        return;
    const tf_value *v = tf_get(b, "minimum_healthy_targets_percentage");
    int64_t n;
    if (!tf_is_known(v) || strcmp(v->u.str.ptr, "off") == 0 ||
        (tg_atoi(v->u.str.ptr, &n) && n >= 1 && n <= 100))
        return;
    const tf_path *p = tg_path(ctx, "target_group_health", block);
    p = tf_path_attr(ctx->arena, tf_path_index(ctx->arena, p, 0),
                     "minimum_healthy_targets_percentage");
    tf_diag_error(ctx->diags, p, "Invalid value for \"minimum_healthy_targets_percentage\"",
                  "\"minimum_healthy_targets_percentage\" must be an integer between 1 and 100 "
                  "or 'off', got %s", v->u.str.ptr);
}

static void target_group_validate(tf_ctx *ctx, const tf_value *config)
{
    tg_validate_slow_start(ctx, config);
    tg_validate_health_check(ctx, config);
    const tf_value *health = tg_only(tf_get(config, "target_group_health"));
    tg_validate_percentage(ctx, health, "dns_failover");
    tg_validate_percentage(ctx, health, "unhealthy_state_routing");
}

/* ---- planning ---- */

/* Protocols without cookies: stickiness.cookie_duration is ignored. */
static const char *const tg_cookieless_protocols[] = {"TCP", "UDP", "TCP_UDP", "TLS", "GENEVE",
                                                      NULL};

static void target_group_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->planned))
        return;
    const char *protocol = aws_plan_str(req, "protocol");
    for (size_t i = 0; tg_cookieless_protocols[i]; i++)
        if (strcmp(protocol, tg_cookieless_protocols[i]) == 0)
            aws_plan_suppress_nested(ctx, req, &tg_schema, "stickiness", 0, "cookie_duration");
    aws_tags_plan(ctx, req);
}

/* ---- definitions ---- */

const tf_resource_def aws_elbv2_lb_target_group_def = {
    .type_name = "aws_lb_target_group",
    .version = 0,
    .schema = &tg_schema,
    .modify_plan = target_group_modify_plan,
    .validate = target_group_validate,
};

const tf_resource_def aws_elbv2_alb_target_group_def = {
    .type_name = "aws_alb_target_group",
    .version = 0,
    .schema = &tg_schema,
    .modify_plan = target_group_modify_plan,
    .validate = target_group_validate,
};

/* target_group.c - aws_lb_target_group (alias aws_alb_target_group): the
 * targets a load balancer routes to, and how their health is checked.
 *
 * The schema is generated from aws/schema/aws.schema. */

#include <stdio.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "block_values.h"
#include "diagnostics.h"
#include "elbv2_common.h"
#include "names.h"
#include "plan_suppress.h"
#include "resources.h"
#include "schema_block.h"
#include "tags.h"
#include "value_build.h"

/* The generated schema table (aws/schema/aws.schema). */
#define TG_SCHEMA (&aws_schema_resource_aws_lb_target_group)

/* The nested block at path of the schema. */
static const tf_block *tg_block(const char *path)
{
    return aws_schema_block(TG_SCHEMA, path);
}

/* ---- validation ---- */

static const tf_path *tg_path(tf_ctx *ctx, const char *block, const char *attr)
{
    const tf_path *p = tf_path_attr(ctx->arena, tf_path_root(ctx->arena), block);
    if (attr)
        p = tf_path_attr(ctx->arena, tf_path_index(ctx->arena, p, 0), attr);
    return p;
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
    const tf_value *hc = aws_block_get(config, "health_check");
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
    const tf_value *b = health ? aws_block_get(health, block) : NULL;
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
    const tf_value *health = aws_block_get(config, "target_group_health");
    tg_validate_percentage(ctx, health, "dns_failover");
    tg_validate_percentage(ctx, health, "unhealthy_state_routing");
}

/* ---- planning ---- */

/* Protocols without cookies: stickiness.cookie_duration is ignored. */
static const char *const tg_cookieless_protocols[] = {"TCP", "UDP", "TCP_UDP", "TLS", "GENEVE",
                                                      NULL};

static const tf_value *tg_upper(tf_arena *a, const tf_value *v)
{
    if (!tf_is_known(v))
        return v;
    char *up = tf_arena_strdup(a, v->u.str.ptr);
    for (char *p = up; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    return tf_string(a, up);
}

/* protocol_version and health_check.protocol are stored upper-case (their
 * StateFuncs); an existing target group ignores protocol_version unless it
 * is an HTTP or HTTPS one for instances or addresses. */
static void tg_plan_protocols(tf_ctx *ctx, tf_plan_req *req)
{
    tf_arena *a = ctx->arena;
    const tf_value *pv = tf_get(req->config, "protocol_version");
    if (tf_is_known(pv))
        req->planned = tf_object_with(a, req->planned, "protocol_version", tg_upper(a, pv));
    const char *protocol = aws_plan_str(req, "protocol");
    bool http = strcmp(protocol, "HTTP") == 0 || strcmp(protocol, "HTTPS") == 0;
    if (!tf_is_null(req->prior) && (!http || strcmp(aws_plan_str(req, "target_type"), "lambda") == 0))
        aws_plan_suppress(ctx, req, TG_SCHEMA, "protocol_version");
    const tf_value *hcs = tf_get(req->planned, "health_check");
    if (tf_is_known(hcs) && hcs->u.coll.n == 1 && tf_is_known(hcs->u.coll.items[0])) {
        const tf_value *hc = hcs->u.coll.items[0];
        const tf_value *e = tf_object_with(a, hc, "protocol", tg_upper(a, tf_get(hc, "protocol")));
        req->planned = tf_object_with(a, req->planned, "health_check",
                                      tf_list(a, hcs->type->elem, 1, &e));
    }
}

static void target_group_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->planned))
        return;
    tg_plan_protocols(ctx, req);
    const char *protocol = aws_plan_str(req, "protocol");
    for (size_t i = 0; tg_cookieless_protocols[i]; i++)
        if (strcmp(protocol, tg_cookieless_protocols[i]) == 0)
            aws_plan_suppress_nested(ctx, req, TG_SCHEMA, "stickiness", 0, "cookie_duration");
    aws_tags_plan(ctx, req);
}

/* ==== create, read, update, delete ====
 *
 * A target group's arguments live in the object itself (CreateTargetGroup,
 * ModifyTargetGroup for the health check), in its key/value attributes and
 * in its tags.  Which attributes exist depends on the protocol and target
 * type; AWS lists exactly those, so writes send only keys AWS lists for the
 * group and reads fill only what AWS reports.  Import uses the ARN as id. */

#define TG_TIMEOUT_DEFAULT (5 * 60.0)
#define TG_DELETE_TIMEOUT (2 * 60.0)

static const struct tg_attr_map {
    const char *arg;
    const char *key;
    elbv2_attr_type type;
} tg_attr_maps[] = {
    {"connection_termination", "deregistration_delay.connection_termination.enabled", ELBV2_BOOL},
    {"deregistration_delay", "deregistration_delay.timeout_seconds", ELBV2_STR},
    {"lambda_multi_value_headers_enabled", "lambda.multi_value_headers.enabled", ELBV2_BOOL},
    {"load_balancing_algorithm_type", "load_balancing.algorithm.type", ELBV2_STR},
    {"load_balancing_anomaly_mitigation", "load_balancing.algorithm.anomaly_mitigation", ELBV2_STR},
    {"load_balancing_cross_zone_enabled", "load_balancing.cross_zone.enabled", ELBV2_STR},
    {"preserve_client_ip", "preserve_client_ip.enabled", ELBV2_STR},
    {"proxy_protocol_v2", "proxy_protocol_v2.enabled", ELBV2_BOOL},
    {"slow_start", "slow_start.duration_seconds", ELBV2_NUM},
};

/* Puts key=v when v is known, AWS has the key for this group and (for an
 * update) v changed. */
static void tg_put(tf_arena *a, elbv2_attrs *out, const elbv2_attrs *have, const char *key,
                   const tf_value *v, const tf_value *old)
{
    const char *text = elbv2_attr_text(a, v);
    if (!text || !elbv2_attr(have, key) || (old && tf_value_equal(v, old)))
        return;
    elbv2_attr_put(a, out, key, text);
}

/* target_health_state is written and read only for TCP and TLS groups, as
 * hashicorp/aws 5.100.0 does (AWS may list its keys for UDP and TCP_UDP
 * groups too; the block then reads with null values). */
static bool tg_health_state_protocol(const char *protocol)
{
    return strcmp(protocol, "TCP") == 0 || strcmp(protocol, "TLS") == 0;
}

/* The attributes to send: those of planned that differ from prior (every
 * configured one when prior is NULL). */
static void tg_attrs_wanted(tf_arena *a, const tf_value *planned, const tf_value *prior,
                            const elbv2_attrs *have, elbv2_attrs *out)
{
    for (size_t i = 0; i < sizeof tg_attr_maps / sizeof *tg_attr_maps; i++) {
        const struct tg_attr_map *e = &tg_attr_maps[i];
        tg_put(a, out, have, e->key, tf_get(planned, e->arg),
               prior ? tf_get(prior, e->arg) : NULL);
    }
    const tf_value *st = aws_block_get(planned, "stickiness");
    const tf_value *ost = aws_block_get(prior, "stickiness");
    if (st && (!ost || !tf_value_equal(st, ost))) {
        const char *type = tf_get_str(st, "type", "");
        tg_put(a, out, have, "stickiness.enabled", tf_get(st, "enabled"), NULL);
        tg_put(a, out, have, "stickiness.type", tf_get(st, "type"), NULL);
        if (strcmp(type, "lb_cookie") == 0)
            tg_put(a, out, have, "stickiness.lb_cookie.duration_seconds",
                   tf_get(st, "cookie_duration"), NULL);
        if (strcmp(type, "app_cookie") == 0) {
            tg_put(a, out, have, "stickiness.app_cookie.duration_seconds",
                   tf_get(st, "cookie_duration"), NULL);
            tg_put(a, out, have, "stickiness.app_cookie.cookie_name", tf_get(st, "cookie_name"),
                   NULL);
        }
    } else if (!st && ost && tf_get_bool(ost, "enabled", false) &&
               elbv2_attr(have, "stickiness.enabled")) {
        /* Removing the block turns stickiness off. */
        elbv2_attr_put(a, out, "stickiness.enabled", "false");
    }
    const tf_value *tf = aws_block_get(planned, "target_failover");
    if (tf && (!prior || !tf_value_equal(tf, aws_block_get(prior, "target_failover")))) {
        tg_put(a, out, have, "target_failover.on_deregistration", tf_get(tf, "on_deregistration"),
               NULL);
        tg_put(a, out, have, "target_failover.on_unhealthy", tf_get(tf, "on_unhealthy"), NULL);
    }
    const tf_value *ths = aws_block_get(planned, "target_health_state");
    if (ths && tg_health_state_protocol(tf_get_str(planned, "protocol", "")) &&
        (!prior || !tf_value_equal(ths, aws_block_get(prior, "target_health_state")))) {
        tg_put(a, out, have, "target_health_state.unhealthy.connection_termination.enabled",
               tf_get(ths, "enable_unhealthy_connection_termination"), NULL);
        tg_put(a, out, have, "target_health_state.unhealthy.draining_interval_seconds",
               tf_get(ths, "unhealthy_draining_interval"), NULL);
    }
    const tf_value *tgh = aws_block_get(planned, "target_group_health");
    if (tgh && (!prior || !tf_value_equal(tgh, aws_block_get(prior, "target_group_health")))) {
        static const char *const subs[] = {"dns_failover", "unhealthy_state_routing"};
        for (size_t i = 0; i < 2; i++) {
            const tf_value *s = aws_block_get(tgh, subs[i]);
            if (!s)
                continue;
            const char *base = tf_arena_printf(a, "target_group_health.%s.minimum_healthy_targets",
                                               subs[i]);
            tg_put(a, out, have, tf_arena_printf(a, "%s.count", base),
                   tf_get(s, "minimum_healthy_targets_count"), NULL);
            tg_put(a, out, have, tf_arena_printf(a, "%s.percentage", base),
                   tf_get(s, "minimum_healthy_targets_percentage"), NULL);
        }
    }
}

static const elbv2_kind tg_api = ELBV2_KIND(TargetGroup, "ELBv2 Target Group", "target group");

/* ---- reading into a state ---- */

static const tf_value *tg_text_or_null(tf_arena *a, const char *text, elbv2_attr_type t)
{
    return text ? elbv2_attr_value(a, text, t) : NULL;
}

static const tf_value *tg_health_check_state(tf_arena *a, const aws_xml_node *tg)
{
    const char *matcher = aws_xml_text(tg, "Matcher/HttpCode");
    if (!matcher)
        matcher = aws_xml_text(tg, "Matcher/GrpcCode");
    const char *path = aws_xml_text(tg, "HealthCheckPath");
    const char *port = aws_xml_text(tg, "HealthCheckPort");
    const char *proto = aws_xml_text(tg, "HealthCheckProtocol");
    tf_objb b;
    tf_objb_init(&b, a, tg_block("health_check")->ctype, NULL);
    tf_objb_bool(&b, "enabled", aws_xml_bool(tg, "HealthCheckEnabled", 0));
    tf_objb_i64(&b, "healthy_threshold", aws_xml_int(tg, "HealthyThresholdCount", 0));
    tf_objb_i64(&b, "interval", aws_xml_int(tg, "HealthCheckIntervalSeconds", 0));
    tf_objb_i64(&b, "timeout", aws_xml_int(tg, "HealthCheckTimeoutSeconds", 0));
    tf_objb_i64(&b, "unhealthy_threshold", aws_xml_int(tg, "UnhealthyThresholdCount", 0));
    tf_objb_str(&b, "matcher", matcher ? matcher : "");
    tf_objb_str(&b, "path", path ? path : "");
    tf_objb_str(&b, "port", port ? port : "");
    tf_objb_str(&b, "protocol", proto ? proto : "");
    return aws_block_list(a, tg_block("health_check"), tf_objb_done(&b));
}

static const tf_value *tg_stickiness_state(tf_arena *a, const elbv2_attrs *at,
                                           const tf_value *base)
{
    const char *on = elbv2_attr(at, "stickiness.enabled");
    if (!on)
        return tf_list(a, tg_block("stickiness")->ctype, 0, NULL);
    const char *type = elbv2_attr(at, "stickiness.type");
    const char *dur = NULL, *cookie = NULL;
    /* As hashicorp/aws reads them: the duration of the type's own cookie,
     * the cookie name of an application cookie only; the other types
     * (source_ip, ...) have neither (0 and ""). */
    bool app = type && strcmp(type, "app_cookie") == 0;
    bool lb = !type || strcmp(type, "lb_cookie") == 0;
    if (app) {
        dur = elbv2_attr(at, "stickiness.app_cookie.duration_seconds");
        cookie = elbv2_attr(at, "stickiness.app_cookie.cookie_name");
    } else if (lb) {
        dur = elbv2_attr(at, "stickiness.lb_cookie.duration_seconds");
    }
    const tf_value *prior = aws_block_first(base);
    tf_objb b;
    tf_objb_init(&b, a, tg_block("stickiness")->ctype, NULL);
    tf_objb_bool(&b, "enabled", strcmp(on, "true") == 0);
    tf_objb_str(&b, "type", type ? type : "");
    tf_objb_str(&b, "cookie_name", cookie ? cookie : "");
    if (!app && !lb)
        tf_objb_i64(&b, "cookie_duration", 0);
    else if (dur)
        tf_objb_set(&b, "cookie_duration", elbv2_attr_value(a, dur, ELBV2_NUM));
    else if (prior && tf_is_known(tf_get(prior, "cookie_duration")))
        tf_objb_set(&b, "cookie_duration", tf_get(prior, "cookie_duration"));
    else
        tf_objb_i64(&b, "cookie_duration", 86400);
    return aws_block_list(a, tg_block("stickiness"), tf_objb_done(&b));
}

static const tf_value *tg_health_sub(tf_arena *a, const elbv2_attrs *at, const char *sub,
                                     const tf_block *blk, elbv2_attr_type count_type)
{
    const char *count = elbv2_attr(
        at, tf_arena_printf(a, "target_group_health.%s.minimum_healthy_targets.count", sub));
    const char *pct = elbv2_attr(
        at, tf_arena_printf(a, "target_group_health.%s.minimum_healthy_targets.percentage", sub));
    tf_objb b;
    tf_objb_init(&b, a, blk->ctype, NULL);
    const tf_value *c = tg_text_or_null(a, count, count_type);
    if (c)
        tf_objb_set(&b, "minimum_healthy_targets_count", c);
    tf_objb_str(&b, "minimum_healthy_targets_percentage", pct);
    return aws_block_list(a, blk, tf_objb_done(&b));
}

static void tg_blocks_state(tf_arena *a, tf_objb *b, const elbv2_attrs *at,
                            const tf_value *base, const char *protocol)
{
    tf_objb_set(b, "stickiness", tg_stickiness_state(a, at, tf_get(base, "stickiness")));

    tf_objb fo;
    tf_objb_init(&fo, a, tg_block("target_failover")->ctype, NULL);
    tf_objb_str(&fo, "on_deregistration", elbv2_attr(at, "target_failover.on_deregistration"));
    tf_objb_str(&fo, "on_unhealthy", elbv2_attr(at, "target_failover.on_unhealthy"));
    tf_objb_set(b, "target_failover",
                aws_block_list(a, tg_block("target_failover"), tf_objb_done(&fo)));

    tf_objb hs;
    tf_objb_init(&hs, a, tg_block("target_health_state")->ctype, NULL);
    const tf_value *term = NULL, *drain = NULL;
    if (tg_health_state_protocol(protocol)) {
        term = tg_text_or_null(
            a, elbv2_attr(at, "target_health_state.unhealthy.connection_termination.enabled"),
            ELBV2_BOOL);
        drain = tg_text_or_null(
            a, elbv2_attr(at, "target_health_state.unhealthy.draining_interval_seconds"),
            ELBV2_NUM);
    }
    if (term)
        tf_objb_set(&hs, "enable_unhealthy_connection_termination", term);
    if (drain)
        tf_objb_set(&hs, "unhealthy_draining_interval", drain);
    tf_objb_set(b, "target_health_state",
                aws_block_list(a, tg_block("target_health_state"), tf_objb_done(&hs)));

    if (elbv2_attr(at, "target_group_health.dns_failover.minimum_healthy_targets.count")) {
        tf_objb gh;
        tf_objb_init(&gh, a, tg_block("target_group_health")->ctype, NULL);
        tf_objb_set(&gh, "dns_failover",
                    tg_health_sub(a, at, "dns_failover",
                                  tg_block("target_group_health.dns_failover"), ELBV2_STR));
        tf_objb_set(&gh, "unhealthy_state_routing",
                    tg_health_sub(a, at, "unhealthy_state_routing",
                                  tg_block("target_group_health.unhealthy_state_routing"),
                                  ELBV2_NUM));
        tf_objb_set(b, "target_group_health",
                    aws_block_list(a, tg_block("target_group_health"), tf_objb_done(&gh)));
    } else {
        tf_objb_set(b, "target_group_health",
                    tf_list(a, tg_block("target_group_health")->ctype, 0, NULL));
    }
}

static const tf_value *tg_state(tf_ctx *ctx, const tf_value *base, const elbv2_object *obj)
{
    tf_arena *a = ctx->arena;
    const aws_xml_node *tg = obj->item;
    const elbv2_attrs *at = &obj->attrs;
    const char *arn = aws_xml_text(tg, "TargetGroupArn");
    const char *name = aws_xml_text(tg, "TargetGroupName");
    tf_objb b;
    tf_objb_init(&b, a, TG_SCHEMA->ctype, base);
    tf_objb_str(&b, "id", arn);
    tf_objb_str(&b, "arn", arn);
    tf_objb_str(&b, "arn_suffix",
                tf_arena_printf(a, "targetgroup/%s", elbv2_arn_suffix(a, arn, ":targetgroup/")));
    aws_name_state(&b, name);
    tf_objb_str(&b, "target_type", aws_xml_text(tg, "TargetType"));
    static const char *const optional[][2] = {
        {"protocol", "Protocol"}, {"vpc_id", "VpcId"}, {"protocol_version", "ProtocolVersion"},
        {"ip_address_type", "IpAddressType"},
    };
    for (size_t i = 0; i < sizeof optional / sizeof *optional; i++) {
        const char *v = aws_xml_text(tg, optional[i][1]);
        if (v)
            tf_objb_str(&b, optional[i][0], v);
        else if (tf_is_unknown(tf_get(base, optional[i][0])))
            tf_objb_str(&b, optional[i][0], NULL);
    }
    if (aws_xml_text(tg, "Port"))
        tf_objb_i64(&b, "port", aws_xml_int(tg, "Port", 0));
    tf_objb_set(&b, "load_balancer_arns",
                elbv2_string_set(a, tg, "LoadBalancerArns/member", NULL));
    for (size_t i = 0; i < sizeof tg_attr_maps / sizeof *tg_attr_maps; i++) {
        const struct tg_attr_map *e = &tg_attr_maps[i];
        const char *v = elbv2_attr(at, e->key);
        const tf_value *old = tf_get(base, e->arg);
        if (v)
            tf_objb_set(&b, e->arg, elbv2_attr_value(a, v, e->type));
        else if (tf_is_unknown(old))
            tf_objb_set(&b, e->arg, tf_null(a, old->type));
        /* An import leaves what AWS does not report for this kind of group
         * null, as hashicorp/aws does. */
    }
    tf_objb_set(&b, "health_check", tg_health_check_state(a, tg));
    const char *protocol = aws_xml_text(tg, "Protocol");
    tg_blocks_state(a, &b, at, base, protocol ? protocol : "");
    tf_objb_set(&b, "tags", obj->tags);
    tf_objb_set(&b, "tags_all", obj->tags_all);
    return tf_objb_done(&b);
}

/* Reads the target group into a state built on base; a group that is gone
 * yields a null state, except right after create, when it is waited for. */
static const tf_value *tg_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                  bool is_new)
{
    return elbv2_refresh(ctx, m, &tg_api, base, is_new, TG_TIMEOUT_DEFAULT, tg_state);
}

/* ---- callbacks ---- */

static bool tg_http_protocol(const char *p)
{
    return strcmp(p, "HTTP") == 0 || strcmp(p, "HTTPS") == 0;
}

/* Health check fields, as hashicorp/aws sends them: path and matcher only
 * for HTTP(S) checks. */
static void tg_params_health(aws_params *p, tf_arena *a, const tf_value *planned)
{
    const tf_value *hc = aws_block_get(planned, "health_check");
    if (!hc)
        return;
    bool on = tf_get_bool(hc, "enabled", true);
    aws_params_add(p, "HealthCheckEnabled", on ? "true" : "false");
    if (!on)
        return;
    static const char *const nums[][2] = {
        {"interval", "HealthCheckIntervalSeconds"}, {"timeout", "HealthCheckTimeoutSeconds"},
        {"healthy_threshold", "HealthyThresholdCount"},
        {"unhealthy_threshold", "UnhealthyThresholdCount"},
    };
    for (size_t i = 0; i < sizeof nums / sizeof *nums; i++)
        aws_params_add(p, nums[i][1], elbv2_num_str(a, tf_get(hc, nums[i][0])));
    const char *target_type = tf_get_str(planned, "target_type", "instance");
    if (strcmp(target_type, "lambda") != 0) {
        const char *port = tf_get_str(hc, "port", "");
        const char *proto = tf_get_str(hc, "protocol", "");
        if (*port)
            aws_params_add(p, "HealthCheckPort", port);
        if (*proto)
            aws_params_add(p, "HealthCheckProtocol", proto);
    }
    const char *hproto = tf_get_str(hc, "protocol", "HTTP");
    if (tg_http_protocol(hproto) || strcmp(target_type, "lambda") == 0) {
        const char *path = tf_get_str(hc, "path", "");
        const char *matcher = tf_get_str(hc, "matcher", "");
        if (*path)
            aws_params_add(p, "HealthCheckPath", path);
        if (*matcher)
            aws_params_add(p, strcmp(tf_get_str(planned, "protocol_version", ""), "GRPC") == 0
                                  ? "Matcher.GrpcCode"
                                  : "Matcher.HttpCode",
                           matcher);
    }
}

static const tf_value *tg_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *name = aws_name_planned(a, planned, "tf-");
    const char *target_type = tf_get_str(planned, "target_type", "instance");
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "Name", name);
    aws_params_add(p, "TargetType", target_type);
    if (strcmp(target_type, "lambda") != 0) {
        const char *protocol = tf_get_str(planned, "protocol", "");
        aws_params_add(p, "Port", elbv2_num_str(a, tf_get(planned, "port")));
        aws_params_add(p, "Protocol", *protocol ? protocol : NULL);
        aws_params_add(p, "VpcId", tf_get_str(planned, "vpc_id", NULL));
        const tf_value *pv = tf_get(planned, "protocol_version");
        if (tg_http_protocol(protocol) && tf_is_known(pv))
            aws_params_add(p, "ProtocolVersion", pv->u.str.ptr);
    }
    const tf_value *ipt = tf_get(planned, "ip_address_type");
    if (tf_is_known(ipt))
        aws_params_add(p, "IpAddressType", ipt->u.str.ptr);
    tg_params_health(p, a, planned);
    const char *arn = elbv2_create(ctx, m, &tg_api, p, planned, name, 0, NULL, NULL, NULL);
    if (!arn)
        return NULL;
    /* From here on the group exists: every return carries its id. */
    const tf_value *state = tf_object_with(a, planned, "id", tf_string(a, arn));
    state = tf_object_with(a, state, "name", tf_string(a, name));
    const aws_xml_node *visible;
    elbv2_attrs have, want = {0};
    aws_error err;
    if (elbv2_wait_visible(ctx, m, &tg_api, arn, TG_TIMEOUT_DEFAULT, &visible, &err) != 0 ||
        elbv2_attrs_read(ctx, m, &tg_api, arn, &have, &err) != 0) {
        aws_diag(ctx, &err, "reading ELBv2 Target Group (%s)", arn);
        return state;
    }
    tg_attrs_wanted(a, planned, NULL, &have, &want);
    if (elbv2_attrs_modify(ctx, m, &tg_api, arn, &want) != 0)
        return state;
    return tg_refresh(ctx, m, state, true);
}

static const tf_value *tg_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    return tg_refresh(ctx, m, state, false);
}

static const tf_value *tg_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *arn = tf_get_str(prior, "id", "");
    aws_xml_node *out;
    aws_error err;
    const tf_value *hc = tf_get(planned, "health_check");
    if (tf_is_known(hc) && !tf_value_equal(hc, tf_get(prior, "health_check"))) {
        aws_params *p = aws_params_new(a);
        aws_params_add(p, "TargetGroupArn", arn);
        tg_params_health(p, a, planned);
        if (aws_query_call(m->client, a, ctx->stop, "elbv2", "ModifyTargetGroup", p, &out,
                           &err) != 0) {
            aws_diag(ctx, &err, "modifying ELBv2 Target Group (%s)", arn);
            return tg_refresh(ctx, m, prior, false);
        }
    }
    elbv2_attrs have, want = {0};
    if (elbv2_attrs_read(ctx, m, &tg_api, arn, &have, &err) != 0) {
        aws_diag(ctx, &err, "reading ELBv2 Target Group (%s) attributes", arn);
        return tg_refresh(ctx, m, prior, false);
    }
    tg_attrs_wanted(a, planned, prior, &have, &want);
    if (elbv2_attrs_modify(ctx, m, &tg_api, arn, &want) != 0 ||
        elbv2_tags_update(ctx, m, &tg_api, arn, prior, planned) != 0)
        return tg_refresh(ctx, m, prior, false);
    return tg_refresh(ctx, m, planned, true);
}

static void tg_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    /* A listener or rule deleted a moment ago may still hold the group. */
    static const char *const retry[] = {"ResourceInUse", NULL};
    elbv2_delete(ctx, m, &tg_api, tf_get_str(prior, "id", ""), TG_DELETE_TIMEOUT, retry);
}

/* ---- definitions ---- */

#define TG_DEF(type)                                                                           \
    {.type_name = type, .schema = TG_SCHEMA, .modify_plan = target_group_modify_plan,         \
     .create = tg_create, .read = tg_read, .update = tg_update, .delete = tg_delete,           \
     .validate = target_group_validate}

const tf_resource_def aws_elbv2_lb_target_group_def = TG_DEF("aws_lb_target_group");
const tf_resource_def aws_elbv2_alb_target_group_def = TG_DEF("aws_alb_target_group");

/* lb.c - aws_lb (alias aws_alb): an application, network or gateway load
 * balancer.
 *
 * Both type names share one schema table and one set of callbacks; only the
 * name Terraform uses differs.  The schema is generated from
 * aws/schema/aws.schema. */

#include <stdio.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "block_values.h"
#include "diagnostics.h"
#include "elbv2_common.h"
#include "names.h"
#include "plan.h"
#include "plan_suppress.h"
#include "resources.h"
#include "schema_block.h"
#include "tags.h"
#include "value_build.h"

/* The object type of one instance of the nested block at path. */
static const tf_type *lb_block_type(const char *path)
{
    return aws_schema_block(&aws_schema_resource_aws_lb, path)->ctype;
}

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

static bool lb_changed(const tf_plan_req *req, const char *name)
{
    const tf_value *o = tf_get(req->prior, name), *n = tf_get(req->planned, name);
    if (tf_contains_unknown(n))
        return true;
    if (aws_block_len(o) == 0 && aws_block_len(n) == 0)
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
    size_t no = aws_block_len(o), nn = aws_block_len(n);
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
        size_t no = aws_block_len(tf_get(req->prior, "security_groups"));
        size_t nn = aws_block_len(tf_get(req->planned, "security_groups"));
        if (!tf_contains_unknown(cfg) && (no == 0) != (nn == 0))
            lb_force_new(ctx, req, "security_groups");
    }
    req->planned = planned;
}

/* The bucket and prefix of access and connection logs are ignored while
 * the logs are disabled. */
static void lb_plan_logs(tf_ctx *ctx, tf_plan_req *req, const char *block)
{
    /* verify.SuppressMissingOptionalConfigurationBlock: the block read back
     * from AWS is kept while the configuration leaves it out. */
    const tf_value *cfg = tf_get(req->config, block);
    if (tf_is_known(cfg) && cfg->u.coll.n == 0 && aws_block_len(tf_get(req->prior, block)) == 1) {
        aws_plan_suppress(ctx, req, &aws_schema_resource_aws_lb, block);
        return;
    }
    const tf_value *list = tf_get(req->planned, block);
    if (!tf_is_known(list) || list->u.coll.n == 0 || !tf_is_known(list->u.coll.items[0]))
        return;
    if (tf_get_bool(list->u.coll.items[0], "enabled", false))
        return;
    aws_plan_suppress_nested(ctx, req, &aws_schema_resource_aws_lb, block, 0, "bucket");
    aws_plan_suppress_nested(ctx, req, &aws_schema_resource_aws_lb, block, 0, "prefix");
}

static void lb_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->planned))
        return;
    unsigned kind = lb_kind(req);
    for (size_t i = 0; i < sizeof lb_scopes / sizeof *lb_scopes; i++)
        if (!(lb_scopes[i].kinds & kind))
            aws_plan_suppress(ctx, req, &aws_schema_resource_aws_lb, lb_scopes[i].name);
    lb_plan_logs(ctx, req, "access_logs");
    lb_plan_logs(ctx, req, "connection_logs");
    if (!tf_is_null(req->prior))
        lb_plan_subnets(ctx, req, kind);
    aws_tags_plan(ctx, req);
}

/* ==== create, read, update, delete ====
 *
 * The load balancer's arguments live in three places at AWS: the object
 * itself (CreateLoadBalancer, SetSubnets, SetSecurityGroups,
 * SetIpAddressType), a list of key/value attributes, and its tags.  Import
 * uses the ARN as id, which read understands directly. */

#define LB_TIMEOUT_DEFAULT (10 * 60.0)

/* An attribute AWS reports for every kind, read back even where it cannot be
 * set (an application load balancer always balances across zones). */
enum { LB_READ_ANY = 8 };

/* Arguments kept as load balancer attributes, and the kinds they apply to. */
static const struct lb_attr_map {
    const char *arg;
    const char *key;
    unsigned kinds;
    elbv2_attr_type type;
} lb_attr_maps[] = {
    {"client_keep_alive", "client_keep_alive.seconds", LB_APP, ELBV2_NUM},
    {"desync_mitigation_mode", "routing.http.desync_mitigation_mode", LB_APP, ELBV2_STR},
    {"dns_record_client_routing_policy", "dns_record.client_routing_policy", LB_NET, ELBV2_STR},
    {"drop_invalid_header_fields", "routing.http.drop_invalid_header_fields.enabled", LB_APP,
     ELBV2_BOOL},
    {"enable_cross_zone_load_balancing", "load_balancing.cross_zone.enabled",
     LB_NET | LB_GW | LB_READ_ANY, ELBV2_BOOL},
    {"enable_deletion_protection", "deletion_protection.enabled", LB_APP | LB_NET | LB_GW,
     ELBV2_BOOL},
    {"enable_http2", "routing.http2.enabled", LB_APP, ELBV2_BOOL},
    {"enable_tls_version_and_cipher_suite_headers",
     "routing.http.x_amzn_tls_version_and_cipher_suite.enabled", LB_APP, ELBV2_BOOL},
    {"enable_waf_fail_open", "waf.fail_open.enabled", LB_APP, ELBV2_BOOL},
    {"enable_xff_client_port", "routing.http.xff_client_port.enabled", LB_APP, ELBV2_BOOL},
    {"enable_zonal_shift", "zonal_shift.config.enabled", LB_APP | LB_NET, ELBV2_BOOL},
    {"idle_timeout", "idle_timeout.timeout_seconds", LB_APP, ELBV2_NUM},
    {"preserve_host_header", "routing.http.preserve_host_header.enabled", LB_APP, ELBV2_BOOL},
    {"xff_header_processing_mode", "routing.http.xff_header_processing.mode", LB_APP,
     ELBV2_STR},
};

/* Access and connection logs: a block of three attributes each. */
static const struct lb_logs_map {
    const char *block;
    const char *prefix; /* "access_logs.s3" */
    unsigned kinds;
} lb_logs_maps[] = {
    {"access_logs", "access_logs.s3", LB_APP | LB_NET},
    {"connection_logs", "connection_logs.s3", LB_APP},
};

static unsigned lb_kind_of(const char *type)
{
    if (strcmp(type, "network") == 0)
        return LB_NET;
    if (strcmp(type, "gateway") == 0)
        return LB_GW;
    return LB_APP;
}

/* Adds the attributes of plan that differ from prior (all of them when prior
 * is NULL) and apply to kind. */
static void lb_attrs_wanted(tf_arena *a, const tf_value *plan, const tf_value *prior,
                            unsigned kind, elbv2_attrs *at)
{
    for (size_t i = 0; i < sizeof lb_attr_maps / sizeof *lb_attr_maps; i++) {
        const struct lb_attr_map *e = &lb_attr_maps[i];
        const tf_value *v = tf_get(plan, e->arg);
        if (!(e->kinds & kind) || !tf_is_known(v))
            continue;
        if (prior && tf_value_equal(v, tf_get(prior, e->arg)))
            continue;
        elbv2_attr_put(a, at, e->key, elbv2_attr_text(a, v));
    }
    for (size_t i = 0; i < sizeof lb_logs_maps / sizeof *lb_logs_maps; i++) {
        const struct lb_logs_map *e = &lb_logs_maps[i];
        if (!(e->kinds & kind))
            continue;
        const tf_value *nv = tf_get(plan, e->block);
        if (prior && tf_value_equal(nv, tf_get(prior, e->block)))
            continue;
        const tf_value *logs = aws_block_first(nv);
        bool on = logs && tf_get_bool(logs, "enabled", false);
        elbv2_attr_put(a, at, tf_arena_printf(a, "%s.enabled", e->prefix), on ? "true" : "false");
        if (on) {
            elbv2_attr_put(a, at, tf_arena_printf(a, "%s.bucket", e->prefix),
                           tf_get_str(logs, "bucket", ""));
            elbv2_attr_put(a, at, tf_arena_printf(a, "%s.prefix", e->prefix),
                           tf_get_str(logs, "prefix", ""));
        }
    }
}

static const elbv2_kind lb_api = ELBV2_KIND(LoadBalancer, "ELBv2 Load Balancer", "load balancer");

typedef struct lb_waiter {
    tf_ctx *ctx;
    const aws_meta *m;
    const char *arn;
    const aws_xml_node *found;
} lb_waiter;

/* provisioning -> active; a load balancer not yet visible is still coming. */
static aws_wait_status lb_active_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    lb_waiter *w = ud;
    int rc = elbv2_find(w->ctx, w->m, &lb_api, w->arn, &w->found, err);
    if (rc < 0)
        return AWS_WAIT_FAIL;
    if (rc == ELBV2_NOT_FOUND) {
        snprintf(state, state_len, "not found");
        return AWS_WAIT_CONTINUE;
    }
    const char *code = aws_xml_text(w->found, "State/Code");
    code = code ? code : "";
    snprintf(state, state_len, "%s", code);
    if (strcmp(code, "active") == 0)
        return AWS_WAIT_DONE;
    if (strcmp(code, "failed") == 0) {
        const char *why = aws_xml_text(w->found, "State/Reason");
        aws_error_set(err, AWS_ERR_API, "LoadBalancerFailed", "load balancer state failed: %s",
                      why ? why : "no reason given");
        return AWS_WAIT_FAIL;
    }
    return AWS_WAIT_CONTINUE;
}

static int lb_wait_active(tf_ctx *ctx, const aws_meta *m, const char *arn, double timeout)
{
    lb_waiter w = {.ctx = ctx, .m = m, .arn = arn};
    aws_error err;
    if (aws_wait(ctx->stop, timeout, lb_active_poll, &w, &err) != 0) {
        aws_diag(ctx, &err, "waiting for ELBv2 Load Balancer (%s) create", arn);
        return -1;
    }
    return 0;
}

/* ---- reading into a state ---- */

static const tf_value *lb_mappings_state(tf_arena *a, const aws_xml_node *lb)
{
    size_t n = 0;
    for (const aws_xml_node *z = aws_xml_first(lb, "AvailabilityZones/member"); z;
         z = aws_xml_next(z))
        n++;
    const tf_value **items = tf_arena_alloc(a, (n + 1) * sizeof *items);
    n = 0;
    for (const aws_xml_node *z = aws_xml_first(lb, "AvailabilityZones/member"); z;
         z = aws_xml_next(z)) {
        const aws_xml_node *addr = aws_xml_child(z, "LoadBalancerAddresses/member");
        const char *alloc = addr ? aws_xml_text(addr, "AllocationId") : NULL;
        const char *ip4 = addr ? aws_xml_text(addr, "PrivateIPv4Address") : NULL;
        const char *ip6 = addr ? aws_xml_text(addr, "IPv6Address") : NULL;
        const char *outpost = aws_xml_text(z, "OutpostId");
        tf_objb b;
        tf_objb_init(&b, a, lb_block_type("subnet_mapping"), NULL);
        tf_objb_str(&b, "subnet_id", aws_xml_text(z, "SubnetId"));
        tf_objb_str(&b, "outpost_id", outpost ? outpost : "");
        tf_objb_str(&b, "allocation_id", alloc ? alloc : "");
        tf_objb_str(&b, "private_ipv4_address", ip4 ? ip4 : "");
        tf_objb_str(&b, "ipv6_address", ip6 ? ip6 : "");
        items[n++] = tf_objb_done(&b);
    }
    return tf_set(a, lb_block_type("subnet_mapping"), n, items);
}

static const tf_value *lb_logs_state(tf_arena *a, const struct lb_logs_map *e,
                                     const elbv2_attrs *at)
{
    const char *on = elbv2_attr(at, tf_arena_printf(a, "%s.enabled", e->prefix));
    const char *bucket = elbv2_attr(at, tf_arena_printf(a, "%s.bucket", e->prefix));
    const char *prefix = elbv2_attr(at, tf_arena_printf(a, "%s.prefix", e->prefix));
    tf_objb b;
    tf_objb_init(&b, a, lb_block_type(e->block), NULL);
    tf_objb_bool(&b, "enabled", on && strcmp(on, "true") == 0);
    tf_objb_str(&b, "bucket", bucket ? bucket : "");
    tf_objb_str(&b, "prefix", prefix ? prefix : "");
    const tf_value *one = tf_objb_done(&b);
    return tf_list(a, lb_block_type(e->block), 1, &one);
}

static const tf_value *lb_state(tf_ctx *ctx, const tf_value *base, const elbv2_object *obj)
{
    tf_arena *a = ctx->arena;
    const aws_xml_node *lb = obj->item;
    const elbv2_attrs *at = &obj->attrs;
    const char *arn = aws_xml_text(lb, "LoadBalancerArn");
    const char *name = aws_xml_text(lb, "LoadBalancerName");
    const char *type = aws_xml_text(lb, "Type");
    const char *scheme = aws_xml_text(lb, "Scheme");
    const char *ip_type = aws_xml_text(lb, "IpAddressType");
    const char *coip = aws_xml_text(lb, "CustomerOwnedIpv4Pool");
    const char *enforce =
        aws_xml_text(lb, "EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic");
    const char *ipam = aws_xml_text(lb, "IpamPools/Ipv4IpamPoolId");
    unsigned kind = lb_kind_of(type ? type : "");
    tf_objb b;
    tf_objb_init(&b, a, aws_schema_resource_aws_lb.ctype, base);
    tf_objb_str(&b, "id", arn);
    tf_objb_str(&b, "arn", arn);
    tf_objb_str(&b, "arn_suffix", elbv2_arn_suffix(a, arn, ":loadbalancer/"));
    aws_name_state(&b, name);
    tf_objb_str(&b, "load_balancer_type", type);
    tf_objb_bool(&b, "internal", scheme && strcmp(scheme, "internal") == 0);
    tf_objb_str(&b, "ip_address_type", ip_type);
    tf_objb_str(&b, "dns_name", aws_xml_text(lb, "DNSName"));
    tf_objb_str(&b, "zone_id", aws_xml_text(lb, "CanonicalHostedZoneId"));
    tf_objb_str(&b, "vpc_id", aws_xml_text(lb, "VpcId"));
    tf_objb_str(&b, "customer_owned_ipv4_pool", coip ? coip : "");
    tf_objb_str(&b, "enforce_security_group_inbound_rules_on_private_link_traffic",
                enforce ? enforce : "");
    /* Capacity reservations are not read (the emulator reports none). */
    if (!tf_is_known(tf_get(base, "minimum_load_balancer_capacity")))
        tf_objb_set(&b, "minimum_load_balancer_capacity",
                    tf_list(a, lb_block_type("minimum_load_balancer_capacity"), 0, NULL));
    tf_objb_set(&b, "security_groups", elbv2_string_set(a, lb, "SecurityGroups/member", NULL));
    tf_objb_set(&b, "subnets", elbv2_string_set(a, lb, "AvailabilityZones/member", "SubnetId"));
    tf_objb_set(&b, "subnet_mapping", lb_mappings_state(a, lb));
    if (ipam) {
        tf_objb ib;
        tf_objb_init(&ib, a, lb_block_type("ipam_pools"), NULL);
        tf_objb_str(&ib, "ipv4_ipam_pool_id", ipam);
        const tf_value *one = tf_objb_done(&ib);
        tf_objb_set(&b, "ipam_pools", tf_list(a, lb_block_type("ipam_pools"), 1, &one));
    } else {
        tf_objb_set(&b, "ipam_pools", tf_list(a, lb_block_type("ipam_pools"), 0, NULL));
    }
    for (size_t i = 0; i < sizeof lb_attr_maps / sizeof *lb_attr_maps; i++) {
        const struct lb_attr_map *e = &lb_attr_maps[i];
        const char *v = elbv2_attr(at, e->key);
        if ((e->kinds & (kind | LB_READ_ANY)) && v)
            tf_objb_set(&b, e->arg, elbv2_attr_value(a, v, e->type));
    }
    for (size_t i = 0; i < sizeof lb_logs_maps / sizeof *lb_logs_maps; i++)
        if (lb_logs_maps[i].kinds & kind)
            tf_objb_set(&b, lb_logs_maps[i].block, lb_logs_state(a, &lb_logs_maps[i], at));
    tf_objb_set(&b, "tags", obj->tags);
    tf_objb_set(&b, "tags_all", obj->tags_all);
    return tf_objb_done(&b);
}

/* Reads the load balancer into a state built on base.  One that is gone
 * yields a null state (Terraform then plans to create it again), unless it
 * was just created, when read failing is an error. */
static const tf_value *lb_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                  bool is_new)
{
    return elbv2_refresh(ctx, m, &lb_api, base, is_new, 0, lb_state);
}

/* ---- callbacks ---- */

static void lb_params_subnets(aws_params *p, tf_arena *a, const tf_value *planned)
{
    const tf_value *subnets = tf_get(planned, "subnets");
    const tf_value *maps = tf_get(planned, "subnet_mapping");
    if (tf_is_known(maps) && maps->u.coll.n > 0) {
        for (size_t i = 0; i < maps->u.coll.n; i++) {
            const tf_value *e = maps->u.coll.items[i];
            const char *pre = tf_arena_printf(a, "SubnetMappings.member.%zu", i + 1);
            const char *alloc = tf_get_str(e, "allocation_id", "");
            const char *ip4 = tf_get_str(e, "private_ipv4_address", "");
            const char *ip6 = tf_get_str(e, "ipv6_address", "");
            aws_params_add(p, aws_params_key(p, "%s.SubnetId", pre),
                           tf_get_str(e, "subnet_id", ""));
            if (*alloc)
                aws_params_add(p, aws_params_key(p, "%s.AllocationId", pre), alloc);
            if (*ip4)
                aws_params_add(p, aws_params_key(p, "%s.PrivateIPv4Address", pre), ip4);
            if (*ip6)
                aws_params_add(p, aws_params_key(p, "%s.IPv6Address", pre), ip6);
        }
        return;
    }
    for (size_t i = 0; tf_is_known(subnets) && i < subnets->u.coll.n; i++)
        aws_params_add(p, aws_params_key(p, "Subnets.member.%zu", i + 1),
                       subnets->u.coll.items[i]->u.str.ptr);
}

static void lb_params_groups(aws_params *p, const tf_value *planned)
{
    const tf_value *sgs = tf_get(planned, "security_groups");
    for (size_t i = 0; tf_is_known(sgs) && i < sgs->u.coll.n; i++)
        aws_params_add(p, aws_params_key(p, "SecurityGroups.member.%zu", i + 1),
                       sgs->u.coll.items[i]->u.str.ptr);
}

#define LB_ENFORCE_SG "enforce_security_group_inbound_rules_on_private_link_traffic"

/* SetSecurityGroups, which also carries a network load balancer's
 * PrivateLink enforcement setting. */
static int lb_set_groups(tf_ctx *ctx, const aws_meta *m, const char *arn, const tf_value *planned)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "LoadBalancerArn", arn);
    lb_params_groups(p, planned);
    const tf_value *sgs = tf_get(planned, "security_groups");
    if (tf_is_known(sgs) && sgs->u.coll.n == 0)
        aws_params_add(p, "SecurityGroups", "");
    const tf_value *enforce = tf_get(planned, LB_ENFORCE_SG);
    if (tf_is_known(enforce) && enforce->u.str.len &&
        lb_kind_of(tf_get_str(planned, "load_balancer_type", "")) == LB_NET)
        aws_params_add(p, "EnforceSecurityGroupInboundRulesOnPrivateLinkTraffic",
                       enforce->u.str.ptr);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "elbv2", "SetSecurityGroups", p, &out,
                       &err) != 0) {
        aws_diag(ctx, &err, "setting ELBv2 Load Balancer (%s) security groups", arn);
        return -1;
    }
    return 0;
}

/* Arguments this provider does not implement yet: refused with a clear
 * error rather than silently ignored. */
static int lb_check_unsupported(tf_ctx *ctx, const tf_value *planned, const tf_value *prior)
{
    const tf_value *cap = tf_get(planned, "minimum_load_balancer_capacity");
    bool cap_set = tf_is_known(cap) && cap->u.coll.n > 0;
    bool ipam_changed = prior && !tf_value_equal(tf_get(planned, "ipam_pools"),
                                                 tf_get(prior, "ipam_pools"));
    if (!cap_set && !ipam_changed)
        return 0;
    const char *what = cap_set ? "minimum_load_balancer_capacity" : "ipam_pools";
    tf_diag_error(ctx->diags, tf_path_attr(ctx->arena, tf_path_root(ctx->arena), what),
                  "Argument not supported",
                  "This provider does not support %s%s on aws_lb yet.", what,
                  cap_set ? "" : " changes");
    return -1;
}

/* hashicorp/aws refuses to adopt a load balancer that already has the name. */
static int lb_check_name_free(tf_ctx *ctx, const aws_meta *m, const char *name)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "Names.member.1", name);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "elbv2", "DescribeLoadBalancers", p, &out,
                       &err) != 0) {
        if (aws_error_is(&err, "LoadBalancerNotFound"))
            return 0;
        aws_diag(ctx, &err, "reading ELBv2 Load Balancer (%s)", name);
        return -1;
    }
    if (!aws_xml_first(out, "LoadBalancers/member"))
        return 0;
    tf_diag_error(ctx->diags, NULL, "creating ELBv2 Load Balancer: already exists",
                  "A load balancer named %s already exists; import it or pick another name.",
                  name);
    return -1;
}

static const tf_value *lb_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    double timeout = aws_timeout(planned, "create", LB_TIMEOUT_DEFAULT);
    const char *name = aws_name_planned(a, planned, "tf-lb-");
    const char *type = tf_get_str(planned, "load_balancer_type", "application");
    unsigned kind = lb_kind_of(type);
    if (lb_check_unsupported(ctx, planned, NULL) != 0 || lb_check_name_free(ctx, m, name) != 0)
        return NULL;

    aws_params *p = aws_params_new(a);
    aws_params_add(p, "Name", name);
    aws_params_add(p, "Type", type);
    if (tf_get_bool(planned, "internal", false))
        aws_params_add(p, "Scheme", "internal");
    const tf_value *ipt = tf_get(planned, "ip_address_type");
    if (tf_is_known(ipt))
        aws_params_add(p, "IpAddressType", ipt->u.str.ptr);
    const char *coip = tf_get_str(planned, "customer_owned_ipv4_pool", "");
    if (*coip)
        aws_params_add(p, "CustomerOwnedIpv4Pool", coip);
    const tf_value *ipam = aws_block_get(planned, "ipam_pools");
    if (ipam)
        aws_params_add(p, "IpamPools.Ipv4IpamPoolId", tf_get_str(ipam, "ipv4_ipam_pool_id", ""));
    lb_params_subnets(p, a, planned);
    lb_params_groups(p, planned);
    const char *arn = elbv2_create(ctx, m, &lb_api, p, planned, name, 0, NULL, NULL, NULL);
    if (!arn)
        return NULL;
    /* From here on the load balancer exists: every return carries its id. */
    const tf_value *state = tf_object_with(a, planned, "id", tf_string(a, arn));
    state = tf_object_with(a, state, "name", tf_string(a, name));
    if (lb_wait_active(ctx, m, arn, timeout) != 0)
        return state;
    elbv2_attrs at = {0};
    lb_attrs_wanted(a, planned, NULL, kind, &at);
    if (elbv2_attrs_modify(ctx, m, &lb_api, arn, &at) != 0)
        return state;
    const tf_value *enforce = tf_get(planned, LB_ENFORCE_SG);
    bool set_enforce = kind == LB_NET && tf_is_known(enforce) && enforce->u.str.len;
    if (set_enforce && lb_set_groups(ctx, m, arn, planned) != 0)
        return state;
    if ((at.n || set_enforce) && lb_wait_active(ctx, m, arn, timeout) != 0)
        return state;
    return lb_refresh(ctx, m, state, true);
}

static const tf_value *lb_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    return lb_refresh(ctx, m, state, false);
}

static bool lb_differs(const tf_value *prior, const tf_value *planned, const char *name)
{
    return !tf_value_equal(tf_get(prior, name), tf_get(planned, name));
}

/* SetSecurityGroups, SetSubnets and SetIpAddressType, when their argument
 * changed. */
static int lb_update_network(tf_ctx *ctx, const aws_meta *m, const char *arn,
                             const tf_value *prior, const tf_value *planned)
{
    tf_arena *a = ctx->arena;
    aws_xml_node *out;
    aws_error err;
    if ((lb_differs(prior, planned, "security_groups") ||
         lb_differs(prior, planned, LB_ENFORCE_SG)) &&
        tf_is_known(tf_get(planned, "security_groups")) &&
        lb_set_groups(ctx, m, arn, planned) != 0)
        return -1;
    if (lb_differs(prior, planned, "subnets") || lb_differs(prior, planned, "subnet_mapping")) {
        aws_params *p = aws_params_new(a);
        aws_params_add(p, "LoadBalancerArn", arn);
        const tf_value *maps = tf_get(planned, "subnet_mapping");
        /* A change of subnets leaves subnet_mapping unknown and vice versa:
         * send the side that is known. */
        lb_params_subnets(p, a, tf_is_known(maps) ? planned
                                                  : tf_object_with(a, planned, "subnet_mapping",
                                                                   tf_null(a, maps->type)));
        if (aws_query_call(m->client, a, ctx->stop, "elbv2", "SetSubnets", p, &out, &err) != 0) {
            aws_diag(ctx, &err, "setting ELBv2 Load Balancer (%s) subnets", arn);
            return -1;
        }
    }
    const tf_value *ipt = tf_get(planned, "ip_address_type");
    if (tf_is_known(ipt) && lb_differs(prior, planned, "ip_address_type")) {
        aws_params *p = aws_params_new(a);
        aws_params_add(p, "LoadBalancerArn", arn);
        aws_params_add(p, "IpAddressType", ipt->u.str.ptr);
        if (aws_query_call(m->client, a, ctx->stop, "elbv2", "SetIpAddressType", p, &out,
                           &err) != 0) {
            aws_diag(ctx, &err, "setting ELBv2 Load Balancer (%s) IP address type", arn);
            return -1;
        }
    }
    return 0;
}

static const tf_value *lb_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    double timeout = aws_timeout(planned, "update", LB_TIMEOUT_DEFAULT);
    const char *arn = tf_get_str(prior, "id", "");
    unsigned kind = lb_kind_of(tf_get_str(planned, "load_balancer_type", "application"));
    if (lb_check_unsupported(ctx, planned, prior) != 0)
        return prior;
    elbv2_attrs at = {0};
    lb_attrs_wanted(a, planned, prior, kind, &at);
    if (elbv2_attrs_modify(ctx, m, &lb_api, arn, &at) != 0 ||
        lb_update_network(ctx, m, arn, prior, planned) != 0 ||
        elbv2_tags_update(ctx, m, &lb_api, arn, prior, planned) != 0 ||
        lb_wait_active(ctx, m, arn, timeout) != 0)
        return lb_refresh(ctx, m, prior, false);
    return lb_refresh(ctx, m, planned, true);
}

static void lb_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    double timeout = aws_timeout(prior, "delete", LB_TIMEOUT_DEFAULT);
    const char *arn = tf_get_str(prior, "id", "");
    if (elbv2_delete(ctx, m, &lb_api, arn, 0, NULL) == 0)
        elbv2_wait_gone(ctx, m, &lb_api, arn, timeout);
}

/* ---- definitions ---- */

/* hashicorp/aws stores what its read after create finds for the attribute
 * AWS reports on every kind: an application load balancer's plan
 * suppresses enable_cross_zone_load_balancing (null), its read sets true. */
static const char *const lb_apply_reads[] = {"enable_cross_zone_load_balancing", NULL};

#define LB_DEF(type)                                                                           \
    {.type_name = type, .schema = &aws_schema_resource_aws_lb, .modify_plan = lb_modify_plan,   \
     .create = lb_create, .read = lb_read, .update = lb_update, .delete = lb_delete,            \
     .apply_reads = lb_apply_reads}

const tf_resource_def aws_elbv2_lb_def = LB_DEF("aws_lb");
const tf_resource_def aws_elbv2_alb_def = LB_DEF("aws_alb");

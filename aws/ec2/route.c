/* route.c - aws_route: one route of a route table, managed on its own.
 *
 * A route is named by its table and destination: the id is hashicorp/aws's
 * "r-<table id><crc32 of the destination>", the import ID
 * "<table id>_<destination>".  The destination is force-new; a new target
 * is set in place with ReplaceRoute.  Which field is a destination or a
 * target, and how each maps to EC2, is shared with aws_route_table
 * (ec2_route.h).  The schema is generated from aws/schema/aws.schema. */

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "ec2_find.h"
#include "ec2_route.h"
#include "provider_meta.h"
#include "resources.h"
#include "value_build.h"

/* Default timeouts of hashicorp/aws for this type. */
#define ROUTE_CREATE_DEFAULT (5 * 60.0)
#define ROUTE_UPDATE_DEFAULT (2 * 60.0)
#define ROUTE_DELETE_DEFAULT (5 * 60.0)
/* How long a route just made may stay invisible to a read. */
#define ROUTE_PROPAGATION (2 * 60.0)

/* ---- fields ---- */

static const char *route_get(const tf_value *v, const char *attr)
{
    const tf_value *x = tf_get(v, attr);
    return tf_is_known(x) ? x->u.str.ptr : "";
}

/* The destination (dest true) or target field set on the resource, or
 * NULL. */
static const ec2_route_field *route_field_set(const tf_value *v, bool dest)
{
    for (size_t i = 0; i < ec2_n_route_fields; i++)
        if (ec2_route_fields[i].destination == dest && *route_get(v, ec2_route_fields[i].route_attr))
            return &ec2_route_fields[i];
    return NULL;
}

/* CRC-32 (IEEE), as hashicorp/aws hashes the destination into the id. */
static uint32_t route_crc32(const char *s)
{
    uint32_t c = 0xffffffffu;
    for (; *s; s++) {
        c ^= (unsigned char)*s;
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
    }
    return c ^ 0xffffffffu;
}

static const char *route_id(tf_arena *a, const char *rtb, const char *dest)
{
    return tf_arena_printf(a, "r-%s%" PRIu32, rtb, route_crc32(dest));
}

/* ---- finding ---- */

/* The route item of table rtb to dest: EC2_FOUND, EC2_NOT_FOUND (table or
 * route gone) or -1. */
static int route_find(tf_ctx *ctx, const aws_meta *m, const char *rtb, const char *dest,
                      const aws_xml_node **route, aws_error *err)
{
    const aws_xml_node *table;
    int rc = ec2_find_route_table(m->client, ctx->arena, ctx->stop, rtb, &table, err);
    if (rc != EC2_FOUND)
        return rc;
    *route = ec2_route_item(table, dest);
    return *route ? EC2_FOUND : EC2_NOT_FOUND;
}

typedef struct route_waiter {
    tf_ctx *ctx;
    const aws_meta *m;
    const char *rtb;
    const char *dest;
    const char *target;           /* presence waiters: the expected target, or NULL */
    bool want;                    /* presence (true) or absence */
    const aws_xml_node *found;
} route_waiter;

static aws_wait_status route_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    route_waiter *w = ud;
    int rc = route_find(w->ctx, w->m, w->rtb, w->dest, &w->found, err);
    if (rc < 0)
        return AWS_WAIT_FAIL;
    bool present = rc == EC2_FOUND && (!w->target || ec2_route_item_has_target(w->found, w->target));
    snprintf(state, state_len, "%s", present ? "ready" : "absent");
    return present == w->want ? AWS_WAIT_DONE : AWS_WAIT_CONTINUE;
}

/* aws_create_lookup_fn for CreateRoute: the route is there when the table
 * has one to the destination with this target. */
static int route_lookup(void *ud, tf_arena *a, const char ***ids, size_t *n, aws_error *err)
{
    route_waiter *w = ud;
    const aws_xml_node *table;
    int rc = ec2_find_route_table(w->m->client, a, w->ctx->stop, w->rtb, &table, err);
    if (rc < 0)
        return -1;
    const aws_xml_node *r = rc == EC2_FOUND ? ec2_route_item(table, w->dest) : NULL;
    *n = r && (!w->target || ec2_route_item_has_target(r, w->target)) ? 1 : 0;
    static const char *const present[] = {""};
    *ids = (const char **)present;
    return 0;
}

/* ---- state ---- */

static const tf_value *route_state(tf_ctx *ctx, const tf_value *base, const char *rtb,
                                   const aws_xml_node *r)
{
    tf_arena *a = ctx->arena;
    tf_objb b;
    tf_objb_init(&b, a, aws_schema_resource_aws_route.ctype, base);
    tf_objb_str(&b, "route_table_id", rtb);
    /* The destination keeps the text it was configured (or imported) with. */
    const ec2_route_field *d = route_field_set(base, true);
    if (d)
        tf_objb_str(&b, "id", route_id(a, rtb, route_get(base, d->route_attr)));
    for (size_t i = 0; i < ec2_n_route_fields; i++) {
        const ec2_route_field *f = &ec2_route_fields[i];
        /* The other destinations are "" in state, as SDKv2 writes them. */
        if (f->destination && f != d)
            tf_objb_str(&b, f->route_attr, "");
        if (f->destination || !f->xml)
            continue;
        const char *v = aws_xml_text(r, f->xml);
        tf_objb_str(&b, f->route_attr, v ? v : "");
    }
    /* EC2 reports gateway endpoints as gateways. */
    const char *gw = aws_xml_text(r, "gatewayId");
    bool vpce = gw && strncmp(gw, "vpce-", 5) == 0;
    tf_objb_str(&b, "gateway_id", gw && !vpce ? gw : "");
    tf_objb_str(&b, "vpc_endpoint_id", vpce ? gw : "");
    const char *inst = aws_xml_text(r, "instanceId");
    const char *owner = aws_xml_text(r, "instanceOwnerId");
    const char *origin = aws_xml_text(r, "origin");
    const char *st = aws_xml_text(r, "state");
    tf_objb_str(&b, "instance_id", inst ? inst : "");
    tf_objb_str(&b, "instance_owner_id", owner ? owner : "");
    tf_objb_str(&b, "origin", origin ? origin : "");
    tf_objb_str(&b, "state", st ? st : "");
    return tf_objb_done(&b);
}

/* Reads the route into a state built on base; a route just made is waited
 * for, one that is gone gives a null state. */
static const tf_value *route_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                     bool is_new)
{
    const char *rtb = route_get(base, "route_table_id");
    const ec2_route_field *d = route_field_set(base, true);
    const char *dest = d ? route_get(base, d->route_attr) : "";
    aws_error err;
    route_waiter w = {.ctx = ctx, .m = m, .rtb = rtb, .dest = dest, .want = true};
    if (is_new) {
        if (aws_wait(ctx->stop, ROUTE_PROPAGATION, route_poll, &w, &err) != 0) {
            aws_diag(ctx, &err, "reading Route in Route Table (%s) with destination (%s)", rtb,
                     dest);
            return base;
        }
    } else {
        int rc = route_find(ctx, m, rtb, dest, &w.found, &err);
        if (rc == EC2_NOT_FOUND)
            return tf_null(ctx->arena, aws_schema_resource_aws_route.ctype);
        if (rc < 0) {
            aws_diag(ctx, &err, "reading Route in Route Table (%s) with destination (%s)", rtb,
                     dest);
            return NULL;
        }
    }
    return route_state(ctx, base, rtb, w.found);
}

/* ---- callbacks ---- */

static aws_params *route_params(tf_arena *a, const tf_value *v, bool with_target)
{
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "RouteTableId", route_get(v, "route_table_id"));
    const ec2_route_field *d = route_field_set(v, true);
    if (d)
        aws_params_add(p, d->param, route_get(v, d->route_attr));
    const ec2_route_field *t = with_target ? route_field_set(v, false) : NULL;
    if (t && strcmp(t->route_attr, "gateway_id") == 0 &&
        strcmp(route_get(v, t->route_attr), "local") == 0)
        aws_params_add(p, "LocalTarget", "true");
    else if (t)
        aws_params_add(p, t->param, route_get(v, t->route_attr));
    return p;
}

static const tf_value *route_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    double timeout = aws_timeout(planned, "create", ROUTE_CREATE_DEFAULT);
    const char *rtb = route_get(planned, "route_table_id");
    const ec2_route_field *d = route_field_set(planned, true);
    const ec2_route_field *t = route_field_set(planned, false);
    if (!d || !t) {
        /* exactly_one_of in the schema makes this unreachable from HCL. */
        tf_diag_error(ctx->diags, NULL, "creating Route: invalid route",
                      "a route needs one destination and one target");
        return NULL;
    }
    const char *dest = route_get(planned, d->route_attr);
    aws_error err;
    /* As hashicorp/aws: a route that is there already is not adopted. */
    const aws_xml_node *existing;
    int rc = route_find(ctx, m, rtb, dest, &existing, &err);
    if (rc < 0) {
        aws_diag(ctx, &err, "reading Route in Route Table (%s) with destination (%s)", rtb, dest);
        return NULL;
    }
    if (rc == EC2_FOUND) {
        tf_diag_error(ctx->diags, NULL, "creating Route: route already exists",
                      "Route in Route Table (%s) with destination (%s) already exists", rtb,
                      dest);
        return NULL;
    }
    aws_params *p = route_params(ctx->arena, planned, true);
    static const char *const retry[] = {"InvalidParameterException",
                                        "InvalidTransitGatewayID.NotFound", NULL};
    route_waiter w = {.ctx = ctx, .m = m, .rtb = rtb, .dest = dest, .want = true,
                      .target = route_get(planned, t->route_attr)};
    aws_create_once once = {.service = "ec2", .operation = "CreateRoute", .lookup = route_lookup,
                            .ud = &w, .retry_codes = retry, .retry_timeout_s = timeout};
    aws_xml_node *out;
    const char *adopted;
    if (aws_create_once_query(m->client, ctx->arena, ctx->stop, &once, p, &out, &adopted,
                              &err) != 0) {
        aws_diag(ctx, &err, "creating Route in Route Table (%s) with destination (%s)", rtb, dest);
        return NULL;
    }
    const tf_value *state = tf_object_with(ctx->arena, planned, "id",
                                           tf_string(ctx->arena, route_id(ctx->arena, rtb, dest)));
    if (aws_wait(ctx->stop, timeout, route_poll, &w, &err) != 0) {
        aws_diag(ctx, &err, "waiting for Route in Route Table (%s) with destination (%s) create",
                 rtb, dest);
        return state;
    }
    return route_state(ctx, state, rtb, w.found);
}

static const tf_value *route_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    return route_refresh(ctx, m, state, false);
}

static const tf_value *route_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    double timeout = aws_timeout(planned, "update", ROUTE_UPDATE_DEFAULT);
    const char *rtb = route_get(planned, "route_table_id");
    const ec2_route_field *d = route_field_set(planned, true);
    const ec2_route_field *t = route_field_set(planned, false);
    const char *dest = d ? route_get(planned, d->route_attr) : "";
    aws_params *p = route_params(ctx->arena, planned, true);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", "ReplaceRoute", p, &out,
                       &err) != 0) {
        aws_diag(ctx, &err, "updating Route in Route Table (%s) with destination (%s)", rtb, dest);
        return route_refresh(ctx, m, prior, false);
    }
    route_waiter w = {.ctx = ctx, .m = m, .rtb = rtb, .dest = dest, .want = true,
                      .target = t ? route_get(planned, t->route_attr) : NULL};
    if (aws_wait(ctx->stop, timeout, route_poll, &w, &err) != 0) {
        aws_diag(ctx, &err, "waiting for Route in Route Table (%s) with destination (%s) update",
                 rtb, dest);
        return planned;
    }
    return route_state(ctx, planned, rtb, w.found);
}

static void route_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    double timeout = aws_timeout(prior, "delete", ROUTE_DELETE_DEFAULT);
    const char *rtb = route_get(prior, "route_table_id");
    const ec2_route_field *d = route_field_set(prior, true);
    const char *dest = d ? route_get(prior, d->route_attr) : "";
    aws_params *p = route_params(ctx->arena, prior, false);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", "DeleteRoute", p, &out,
                       &err) != 0) {
        if (aws_error_is(&err, "InvalidRoute.NotFound") ||
            aws_error_is(&err, "InvalidRouteTableID.NotFound"))
            return;
        aws_diag(ctx, &err, "deleting Route in Route Table (%s) with destination (%s)", rtb, dest);
        return;
    }
    route_waiter w = {.ctx = ctx, .m = m, .rtb = rtb, .dest = dest, .want = false};
    if (aws_wait(ctx->stop, timeout, route_poll, &w, &err) != 0)
        aws_diag(ctx, &err, "waiting for Route in Route Table (%s) with destination (%s) delete",
                 rtb, dest);
}

/* "<route table id>_<destination>": an IPv6 block holds a colon, a prefix
 * list id starts "pl-", anything else is an IPv4 block. */
static const tf_value *route_import(tf_ctx *ctx, const char *import_id)
{
    const char *us = strchr(import_id, '_');
    if (!us || us == import_id || !us[1] || strchr(us + 1, '_')) {
        tf_diag_error(ctx->diags, NULL, "Unexpected format of ID",
                      "unexpected format for ID (%s), expected ROUTETABLEID_DESTINATION",
                      import_id);
        return NULL;
    }
    const char *rtb = tf_arena_strndup(ctx->arena, import_id, (size_t)(us - import_id));
    const char *dest = us + 1;
    const char *attr = strchr(dest, ':')              ? "destination_ipv6_cidr_block"
                       : strncmp(dest, "pl-", 3) == 0 ? "destination_prefix_list_id"
                                                      : "destination_cidr_block";
    tf_objb b;
    tf_objb_init(&b, ctx->arena, aws_schema_resource_aws_route.ctype, NULL);
    tf_objb_str(&b, "id", route_id(ctx->arena, rtb, dest));
    tf_objb_str(&b, "route_table_id", rtb);
    tf_objb_str(&b, attr, dest);
    return tf_objb_done(&b);
}

/* ---- definition ---- */

const tf_resource_def aws_ec2_route_def = {
    .type_name = "aws_route",
    .version = 0,
    .schema = &aws_schema_resource_aws_route,
    .create = route_create,
    .read = route_read,
    .update = route_update,
    .delete = route_delete,
    .import = route_import,
};

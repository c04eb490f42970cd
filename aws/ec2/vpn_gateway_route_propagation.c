/* vpn_gateway_route_propagation.c - aws_vpn_gateway_route_propagation: a
 * route table learning the routes of a virtual private gateway.
 *
 * Id "<gateway>_<route table>" as hashicorp/aws 5.100.0 makes it.
 * EnableVgwRoutePropagation is retried while the gateway is not attached yet
 * (Gateway.NotAttached) and waited for until the table lists the gateway;
 * delete disables it and waits until it is gone.  Both arguments replace.
 * hashicorp/aws gives this type no importer: import is refused. */

#include <stdio.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "ec2_find.h"
#include "ec2_retry.h"
#include "provider_meta.h"
#include "resources.h"
#include "value_build.h"

#define VRP_CREATE_DEFAULT (2 * 60.0)
#define VRP_DELETE_DEFAULT (2 * 60.0)

/* EC2_FOUND when the table propagates the gateway's routes. */
static int vrp_find(aws_client *c, tf_arena *a, const volatile int *stop, const char *rtb,
                    const char *vgw, aws_error *err)
{
    const aws_xml_node *t;
    int rc = ec2_find_route_table(c, a, stop, rtb, &t, err);
    if (rc != EC2_FOUND)
        return rc;
    for (const aws_xml_node *g = aws_xml_first(t, "propagatingVgwSet/item"); g;
         g = aws_xml_next(g)) {
        const char *gid = aws_xml_text(g, "gatewayId");
        if (gid && strcmp(gid, vgw) == 0)
            return EC2_FOUND;
    }
    return EC2_NOT_FOUND;
}

typedef struct vrp_wait {
    tf_ctx *ctx;
    const aws_meta *m;
    const char *rtb, *vgw;
    bool want;
} vrp_wait;

static aws_wait_status vrp_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    vrp_wait *w = ud;
    int rc = vrp_find(w->m->client, w->ctx->arena, w->ctx->stop, w->rtb, w->vgw, err);
    if (rc < 0)
        return AWS_WAIT_FAIL;
    snprintf(state, state_len, "%s", rc == EC2_FOUND ? "enabled" : "disabled");
    return (rc == EC2_FOUND) == w->want ? AWS_WAIT_DONE : AWS_WAIT_CONTINUE;
}

static const tf_value *vrp_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *rtb = tf_get_str(planned, "route_table_id", "");
    const char *vgw = tf_get_str(planned, "vpn_gateway_id", "");
    double timeout = aws_timeout(planned, "create", VRP_CREATE_DEFAULT);
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "GatewayId", vgw);
    aws_params_add(p, "RouteTableId", rtb);
    static const char *const retry[] = {"Gateway.NotAttached", NULL};
    aws_create_once once = {.service = "ec2", .operation = "EnableVgwRoutePropagation",
                            .retry_codes = retry, .retry_timeout_s = timeout};
    aws_xml_node *out;
    const char *adopted;
    aws_error err;
    if (aws_create_once_query(m->client, a, ctx->stop, &once, p, &out, &adopted, &err) != 0) {
        aws_diag(ctx, &err, "enabling VGW (%s) route propagation for route table (%s)", vgw, rtb);
        return NULL;
    }
    const tf_value *state = tf_object_with(a, planned, "id",
                                           tf_string(a, tf_arena_printf(a, "%s_%s", vgw, rtb)));
    vrp_wait w = {.ctx = ctx, .m = m, .rtb = rtb, .vgw = vgw, .want = true};
    if (aws_wait(ctx->stop, timeout, vrp_poll, &w, &err) != 0)
        aws_diag(ctx, &err, "waiting for VGW (%s) route propagation for route table (%s) enable",
                 vgw, rtb);
    return state;
}

static const tf_value *vrp_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    const char *rtb = tf_get_str(state, "route_table_id", "");
    const char *vgw = tf_get_str(state, "vpn_gateway_id", "");
    aws_error err;
    int rc = vrp_find(m->client, ctx->arena, ctx->stop, rtb, vgw, &err);
    if (rc == EC2_NOT_FOUND)
        return tf_null(ctx->arena, aws_schema_resource_aws_vpn_gateway_route_propagation.ctype);
    if (rc < 0) {
        aws_diag(ctx, &err, "reading VGW (%s) route propagation for route table (%s)", vgw, rtb);
        return NULL;
    }
    return state;
}

static void vrp_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    const char *rtb = tf_get_str(prior, "route_table_id", "");
    const char *vgw = tf_get_str(prior, "vpn_gateway_id", "");
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "GatewayId", vgw);
    aws_params_add(p, "RouteTableId", rtb);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", "DisableVgwRoutePropagation", p,
                       &out, &err) != 0) {
        if (!aws_error_is(&err, "InvalidRouteTableID.NotFound") &&
            !aws_error_is(&err, "InvalidVpnGatewayID.NotFound"))
            aws_diag(ctx, &err, "disabling VGW (%s) route propagation for route table (%s)", vgw,
                     rtb);
        return;
    }
    vrp_wait w = {.ctx = ctx, .m = m, .rtb = rtb, .vgw = vgw, .want = false};
    if (aws_wait(ctx->stop, aws_timeout(prior, "delete", VRP_DELETE_DEFAULT), vrp_poll, &w,
                 &err) != 0 &&
        !aws_error_is(&err, "InvalidRouteTableID.NotFound"))
        aws_diag(ctx, &err, "waiting for VGW (%s) route propagation for route table (%s) disable",
                 vgw, rtb);
}

static const tf_value *vrp_import(tf_ctx *ctx, const char *id)
{
    (void)id;
    tf_diag_error(ctx->diags, NULL, "Resource Import Not Implemented",
                  "resource aws_vpn_gateway_route_propagation doesn't support import");
    return NULL;
}

const tf_resource_def aws_ec2_vpn_gateway_route_propagation_def = {
    .type_name = "aws_vpn_gateway_route_propagation",
    .version = 0,
    .schema = &aws_schema_resource_aws_vpn_gateway_route_propagation,
    .create = vrp_create,
    .read = vrp_read,
    .delete = vrp_delete,
    .import = vrp_import,
};

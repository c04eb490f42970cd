/* internet_gateway.c - aws_internet_gateway: a VPC's route to the internet.
 *
 * A gateway is created on its own and then attached to at most one VPC, so
 * `vpc_id` is an attachment, not a property: changing it detaches from the
 * old VPC and attaches to the new one in place, and deleting detaches
 * first.  The schema is generated from aws/schema/aws.schema. */

#include <stdio.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "ec2_find.h"
#include "ec2_lookup.h"
#include "ec2_object.h"
#include "ec2_retry.h"
#include "ec2_tags.h"
#include "provider_meta.h"
#include "resources.h"
#include "tags.h"
#include "value_build.h"

/* ---- finding and waiting ---- */

/* Default timeouts of hashicorp/aws for this type. */
#define IGW_TIMEOUT_DEFAULT (20 * 60.0)

static int igw_find(tf_ctx *ctx, const aws_meta *m, const char *id, const aws_xml_node **gw,
                    aws_error *err)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "InternetGatewayId.1", id);
    aws_xml_node *out;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", "DescribeInternetGateways", p,
                       &out, err) != 0)
        return aws_error_is(err, "InvalidInternetGatewayID.NotFound") ? EC2_NOT_FOUND : -1;
    for (const aws_xml_node *g = aws_xml_first(out, "internetGatewaySet/item"); g;
         g = aws_xml_next(g)) {
        const char *gid = aws_xml_text(g, "internetGatewayId");
        if (gid && strcmp(gid, id) == 0) {
            *gw = g;
            return EC2_FOUND;
        }
    }
    return EC2_NOT_FOUND;
}

/* The state of the gateway's attachment to vpc, or NULL when there is
 * none. */
static const char *igw_attachment_state(const aws_xml_node *gw, const char *vpc)
{
    for (const aws_xml_node *a = aws_xml_first(gw, "attachmentSet/item"); a; a = aws_xml_next(a)) {
        const char *v = aws_xml_text(a, "vpcId");
        if (v && strcmp(v, vpc) == 0) {
            const char *st = aws_xml_text(a, "state");
            return st ? st : "";
        }
    }
    return NULL;
}

typedef struct igw_waiter {
    tf_ctx *ctx;
    const aws_meta *m;
    const char *id;
    const char *vpc;
    bool attached;                /* wait for attached (true) or detached */
    const aws_xml_node *found;    /* the gateway, for a found-waiter */
} igw_waiter;

static aws_wait_status igw_attachment_poll(void *ud, char *state, size_t state_len,
                                           aws_error *err)
{
    igw_waiter *w = ud;
    const aws_xml_node *gw;
    int rc = igw_find(w->ctx, w->m, w->id, &gw, err);
    if (rc < 0)
        return AWS_WAIT_FAIL;
    if (rc == EC2_NOT_FOUND) {
        snprintf(state, state_len, "not found");
        /* A gateway that is gone is detached; one not yet visible is not
         * yet attached. */
        return w->attached ? AWS_WAIT_CONTINUE : AWS_WAIT_DONE;
    }
    const char *st = igw_attachment_state(gw, w->vpc);
    snprintf(state, state_len, "%s", st ? st : "detached");
    if (w->attached)
        return st && strcmp(st, "available") == 0 ? AWS_WAIT_DONE : AWS_WAIT_CONTINUE;
    return st ? AWS_WAIT_CONTINUE : AWS_WAIT_DONE;
}

/* A gateway just created may not be visible yet: look again until it is. */
static aws_wait_status igw_found_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    igw_waiter *w = ud;
    int rc = igw_find(w->ctx, w->m, w->id, &w->found, err);
    if (rc < 0)
        return AWS_WAIT_FAIL;
    snprintf(state, state_len, "%s", rc == EC2_FOUND ? "found" : "not found");
    return rc == EC2_FOUND ? AWS_WAIT_DONE : AWS_WAIT_CONTINUE;
}

static int igw_attach(tf_ctx *ctx, const aws_meta *m, const char *id, const char *vpc,
                      double timeout)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "InternetGatewayId", id);
    aws_params_add(p, "VpcId", vpc);
    aws_xml_node *out;
    const char *adopted;
    aws_error err;
    static const char *const retry[] = {"InvalidInternetGatewayID.NotFound", NULL};
    ec2_lookup lk;
    ec2_lookup_init(&lk, m->client, ctx->stop, "DescribeInternetGateways",
                    "internetGatewaySet/item", "internetGatewayId");
    ec2_lookup_filter(&lk, "internet-gateway-id", id);
    ec2_lookup_filter(&lk, "attachment.vpc-id", vpc);
    aws_create_once once = {.service = "ec2", .operation = "AttachInternetGateway",
                            .lookup = ec2_lookup_ids, .ud = &lk, .retry_codes = retry,
                            .retry_timeout_s = timeout};
    if (aws_create_once_query(m->client, ctx->arena, ctx->stop, &once, p, &out, &adopted,
                              &err) != 0) {
        aws_diag(ctx, &err, "attaching EC2 Internet Gateway (%s) to VPC (%s)", id, vpc);
        return -1;
    }
    igw_waiter w = {.ctx = ctx, .m = m, .id = id, .vpc = vpc, .attached = true};
    if (aws_wait(ctx->stop, timeout, igw_attachment_poll, &w, &err) != 0) {
        aws_diag(ctx, &err, "waiting for EC2 Internet Gateway (%s) to attach to VPC (%s)", id,
                 vpc);
        return -1;
    }
    return 0;
}

static int igw_detach(tf_ctx *ctx, const aws_meta *m, const char *id, const char *vpc,
                      double timeout)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "InternetGatewayId", id);
    aws_params_add(p, "VpcId", vpc);
    aws_xml_node *out;
    aws_error err;
    /* Public addresses still mapped in the VPC keep the gateway busy for a
     * while after their instances go. */
    static const char *const retry[] = {"DependencyViolation", NULL};
    if (ec2_call_retry(m->client, ctx->arena, ctx->stop, "DetachInternetGateway", p, &out,
                       timeout, retry, &err) != 0) {
        if (aws_error_is(&err, "Gateway.NotAttached") || aws_error_is_not_found(&err))
            return 0;
        aws_diag(ctx, &err, "detaching EC2 Internet Gateway (%s) from VPC (%s)", id, vpc);
        return -1;
    }
    igw_waiter w = {.ctx = ctx, .m = m, .id = id, .vpc = vpc, .attached = false};
    if (aws_wait(ctx->stop, timeout, igw_attachment_poll, &w, &err) != 0) {
        aws_diag(ctx, &err, "waiting for EC2 Internet Gateway (%s) to detach from VPC (%s)", id,
                 vpc);
        return -1;
    }
    return 0;
}

/* ---- state ---- */

static const tf_value *igw_state(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                 const aws_xml_node *gw)
{
    tf_arena *a = ctx->arena;
    const char *id = aws_xml_text(gw, "internetGatewayId");
    const char *owner = aws_xml_text(gw, "ownerId");
    const char *vpc = aws_xml_text(gw, "attachmentSet/item/vpcId");
    tf_objb b;
    tf_objb_init(&b, a, aws_schema_resource_aws_internet_gateway.ctype, base);
    tf_objb_str(&b, "id", id);
    tf_objb_str(&b, "owner_id", owner ? owner : "");
    tf_objb_str(&b, "arn", tf_arena_printf(a, "arn:%s:ec2:%s:%s:internet-gateway/%s",
                                           m->partition, m->region, owner ? owner : "", id));
    tf_objb_str(&b, "vpc_id", vpc ? vpc : "");
    size_t n;
    aws_kv *remote = ec2_tags_from_xml(a, gw, &n);
    aws_tags_set_state(&b, m, remote, n, tf_get(base, "tags"));
    return tf_objb_done(&b);
}

/* Reads the gateway into a state built on base.  A new gateway is waited
 * for (it may not be visible yet); an existing one that is gone yields a
 * null state so that Terraform plans to create it again. */
static const tf_value *igw_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                   bool is_new, double timeout)
{
    const char *id = tf_get_str(base, "id", "");
    aws_error err;
    const aws_xml_node *gw = NULL;
    if (is_new) {
        igw_waiter w = {.ctx = ctx, .m = m, .id = id};
        if (aws_wait(ctx->stop, timeout, igw_found_poll, &w, &err) != 0) {
            aws_diag(ctx, &err, "reading EC2 Internet Gateway (%s)", id);
            return base;
        }
        gw = w.found;
    } else {
        int rc = igw_find(ctx, m, id, &gw, &err);
        if (rc == EC2_NOT_FOUND)
            return tf_null(ctx->arena, aws_schema_resource_aws_internet_gateway.ctype);
        if (rc < 0) {
            aws_diag(ctx, &err, "reading EC2 Internet Gateway (%s)", id);
            return NULL;
        }
    }
    return igw_state(ctx, m, base, gw);
}

/* ---- callbacks ---- */

static void igw_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    aws_tags_plan(ctx, req);
}

static const tf_value *igw_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    double timeout = aws_timeout(planned, "create", IGW_TIMEOUT_DEFAULT);
    size_t n;
    aws_kv *tags = aws_tags_from_map(ctx->arena, tf_get(planned, "tags_all"), &n);
    aws_params *p = aws_params_new(ctx->arena);
    ec2_tag_specs(p, 1, "internet-gateway", tags, n);
    /* Nothing a gateway is created with is unique: an earlier attempt's
     * gateway is one with these tags that was not there before. */
    ec2_lookup lk;
    ec2_lookup_init(&lk, m->client, ctx->stop, "DescribeInternetGateways",
                    "internetGatewaySet/item", "internetGatewayId");
    ec2_lookup_tags(&lk, ctx->arena, tags, n);
    aws_create_once once = {.service = "ec2", .operation = "CreateInternetGateway",
                            .lookup = ec2_lookup_ids, .ud = &lk};
    aws_xml_node *out;
    const char *id = ec2_object_create(ctx, m, &once, p, "internetGateway/internetGatewayId",
                                       "EC2 Internet Gateway", &out);
    if (!id)
        return NULL;
    /* From here on the gateway exists: every return carries its id. */
    const tf_value *state = tf_object_with(ctx->arena, planned, "id", tf_string(ctx->arena, id));
    const char *vpc = tf_get_str(planned, "vpc_id", "");
    if (*vpc && igw_attach(ctx, m, id, vpc, timeout) != 0)
        return state;
    return igw_refresh(ctx, m, state, true, timeout);
}

static const tf_value *igw_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    return igw_refresh(ctx, m, state, false, 0);
}

static const tf_value *igw_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    double timeout = aws_timeout(planned, "update", IGW_TIMEOUT_DEFAULT);
    const char *id = tf_get_str(prior, "id", "");
    const char *old_vpc = tf_get_str(prior, "vpc_id", "");
    const char *new_vpc = tf_get_str(planned, "vpc_id", old_vpc);
    if (strcmp(old_vpc, new_vpc) != 0) {
        if (*old_vpc && igw_detach(ctx, m, id, old_vpc, timeout) != 0)
            return prior;
        if (*new_vpc && igw_attach(ctx, m, id, new_vpc, timeout) != 0)
            return tf_object_with(ctx->arena, prior, "vpc_id", tf_string(ctx->arena, ""));
    }
    if (ec2_object_update_tags(ctx, m, prior, planned, "EC2 Internet Gateway") != 0)
        return igw_refresh(ctx, m, prior, false, 0);
    return igw_refresh(ctx, m, planned, true, timeout);
}

static void igw_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    double timeout = aws_timeout(prior, "delete", IGW_TIMEOUT_DEFAULT);
    const char *id = tf_get_str(prior, "id", "");
    const char *vpc = tf_get_str(prior, "vpc_id", "");
    if (*vpc && igw_detach(ctx, m, id, vpc, timeout) != 0)
        return;
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "InternetGatewayId", id);
    aws_xml_node *out;
    aws_error err;
    static const char *const retry[] = {"DependencyViolation", NULL};
    if (ec2_call_retry(m->client, ctx->arena, ctx->stop, "DeleteInternetGateway", p, &out,
                       timeout, retry, &err) != 0 &&
        !aws_error_is(&err, "InvalidInternetGatewayID.NotFound"))
        aws_diag(ctx, &err, "deleting EC2 Internet Gateway (%s)", id);
}

/* ---- definition ---- */

const tf_resource_def aws_ec2_internet_gateway_def = {
    .type_name = "aws_internet_gateway",
    .version = 0,
    .schema = &aws_schema_resource_aws_internet_gateway,
    .modify_plan = igw_modify_plan,
    .create = igw_create,
    .read = igw_read,
    .update = igw_update,
    .delete = igw_delete,
};

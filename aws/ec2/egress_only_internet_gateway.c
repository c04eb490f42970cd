/* egress_only_internet_gateway.c - aws_egress_only_internet_gateway: the
 * outbound-only IPv6 gateway of a VPC.
 *
 * Created attached to its VPC (force-new) with an idempotency token; only
 * the tags change in place.  Import by id.  The schema is generated from
 * aws/schema/aws.schema. */

#include <stdio.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "ec2_find.h"
#include "ec2_tags.h"
#include "provider_meta.h"
#include "resources.h"
#include "tags.h"
#include "value_build.h"

/* How long a gateway just made may stay invisible (ec2PropagationTimeout). */
#define EIGW_PROPAGATION (2 * 60.0)

static int eigw_find(aws_client *c, tf_arena *a, const volatile int *stop, const char *id,
                     const aws_xml_node **gw, aws_error *err)
{
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "EgressOnlyInternetGatewayId.1", id);
    aws_xml_node *out;
    if (aws_query_call(c, a, stop, "ec2", "DescribeEgressOnlyInternetGateways", p, &out,
                       err) != 0)
        return aws_error_is(err, "InvalidGatewayID.NotFound") ? EC2_NOT_FOUND : -1;
    for (const aws_xml_node *g = aws_xml_first(out, "egressOnlyInternetGatewaySet/item"); g;
         g = aws_xml_next(g)) {
        const char *gid = aws_xml_text(g, "egressOnlyInternetGatewayId");
        if (gid && strcmp(gid, id) == 0) {
            *gw = g;
            return EC2_FOUND;
        }
    }
    return EC2_NOT_FOUND;
}

static const tf_value *eigw_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                    bool is_new)
{
    const char *id = tf_get_str(base, "id", "");
    const aws_xml_node *gw;
    aws_error err;
    int rc = ec2_find_fresh(eigw_find, m->client, ctx->arena, ctx->stop, id, is_new,
                            EIGW_PROPAGATION, &gw, &err);
    if (rc == EC2_NOT_FOUND && !is_new)
        return tf_null(ctx->arena, aws_schema_resource_aws_egress_only_internet_gateway.ctype);
    if (rc != EC2_FOUND) {
        if (rc == EC2_NOT_FOUND)
            aws_error_set(&err, AWS_ERR_RESPONSE, "NotFound", "the gateway did not appear");
        aws_diag(ctx, &err, "reading EC2 Egress-only Internet Gateway (%s)", id);
        return is_new ? base : NULL;
    }
    tf_objb b;
    tf_objb_init(&b, ctx->arena, aws_schema_resource_aws_egress_only_internet_gateway.ctype, base);
    tf_objb_str(&b, "id", id);
    /* One attachment names the VPC; anything else leaves it unset. */
    const aws_xml_node *att = aws_xml_first(gw, "attachmentSet/item");
    if (att && !aws_xml_next(att))
        tf_objb_str(&b, "vpc_id", aws_xml_text(att, "vpcId"));
    else
        tf_objb_set(&b, "vpc_id", tf_null(ctx->arena, &tf_type_string));
    size_t n;
    aws_kv *remote = ec2_tags_from_xml(ctx->arena, gw, &n);
    aws_tags_set_state(&b, m, remote, n, tf_get(base, "tags"));
    return tf_objb_done(&b);
}

static void eigw_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    aws_tags_plan(ctx, req);
}

static const tf_value *eigw_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    size_t n;
    aws_kv *tags = aws_tags_from_map(ctx->arena, tf_get(planned, "tags_all"), &n);
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "VpcId", tf_get_str(planned, "vpc_id", ""));
    ec2_tag_specs(p, 1, "egress-only-internet-gateway", tags, n);
    /* One ClientToken for the whole create, carried by every retry. */
    aws_create_once once = {.service = "ec2", .operation = "CreateEgressOnlyInternetGateway"};
    aws_xml_node *out;
    const char *adopted;
    aws_error err;
    if (aws_create_once_query(m->client, ctx->arena, ctx->stop, &once, p, &out, &adopted,
                              &err) != 0) {
        aws_diag(ctx, &err, "creating EC2 Egress-only Internet Gateway");
        return NULL;
    }
    const char *id = aws_xml_text(out, "egressOnlyInternetGateway/egressOnlyInternetGatewayId");
    if (!id || !*id) {
        aws_error_set(&err, AWS_ERR_RESPONSE, "",
                      "CreateEgressOnlyInternetGateway returned no id");
        aws_diag(ctx, &err, "creating EC2 Egress-only Internet Gateway");
        return NULL;
    }
    const tf_value *state = tf_object_with(ctx->arena, planned, "id", tf_string(ctx->arena, id));
    return eigw_refresh(ctx, m, state, true);
}

static const tf_value *eigw_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    return eigw_refresh(ctx, m, state, false);
}

static const tf_value *eigw_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    const char *id = tf_get_str(prior, "id", "");
    const tf_value *old_all = tf_get(prior, "tags_all"), *new_all = tf_get(planned, "tags_all");
    if (!tf_value_equal(old_all, new_all)) {
        aws_error err;
        if (ec2_update_tags(m->client, ctx->arena, ctx->stop, id, old_all, new_all, &err) != 0) {
            aws_diag(ctx, &err, "updating EC2 Egress-only Internet Gateway (%s) tags", id);
            return eigw_refresh(ctx, m, prior, false);
        }
    }
    return eigw_refresh(ctx, m, planned, true);
}

static void eigw_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    const char *id = tf_get_str(prior, "id", "");
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "EgressOnlyInternetGatewayId", id);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2",
                       "DeleteEgressOnlyInternetGateway", p, &out, &err) != 0 &&
        !aws_error_is(&err, "InvalidGatewayID.NotFound"))
        aws_diag(ctx, &err, "deleting EC2 Egress-only Internet Gateway (%s)", id);
}

const tf_resource_def aws_ec2_egress_only_internet_gateway_def = {
    .type_name = "aws_egress_only_internet_gateway",
    .version = 0,
    .schema = &aws_schema_resource_aws_egress_only_internet_gateway,
    .modify_plan = eigw_modify_plan,
    .create = eigw_create,
    .read = eigw_read,
    .update = eigw_update,
    .delete = eigw_delete,
};

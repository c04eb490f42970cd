/* target_group_attachment.c - aws_lb_target_group_attachment (alias
 * aws_alb_target_group_attachment): one target (instance, IP address,
 * Lambda function or ALB) registered with a target group.
 *
 * AWS has no object for it: RegisterTargets/DeregisterTargets of the
 * target, found again by DescribeTargetHealth of that target.  A target
 * draining or no longer registered is gone; one merely unused (its group
 * serves no load balancer) is not.  As in hashicorp/aws the id is the
 * group's ARN, "-" and a unique suffix, every argument replaces, create
 * does not read back, and there is no import.  The schema is generated
 * from aws/schema/aws.schema. */

#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "elbv2_common.h"
#include "names.h"
#include "resources.h"
#include "value_build.h"

#define TGA_SCHEMA (&aws_schema_resource_aws_lb_target_group_attachment)

/* A target just created (an instance still starting) may not be
 * registrable yet: hashicorp/aws retries InvalidTarget for 10 minutes. */
#define TGA_REGISTER_TIMEOUT (10 * 60.0)

static const char *const tga_retry[] = {"InvalidTarget", NULL};

/* Targets.member.1.* of the attachment. */
static aws_params *tga_params(tf_ctx *ctx, const tf_value *v)
{
    tf_arena *a = ctx->arena;
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "TargetGroupArn", tf_get_str(v, "target_group_arn", ""));
    aws_params_add(p, "Targets.member.1.Id", tf_get_str(v, "target_id", ""));
    const char *az = tf_get_str(v, "availability_zone", "");
    if (*az)
        aws_params_add(p, "Targets.member.1.AvailabilityZone", az);
    const tf_value *port = tf_get(v, "port");
    if (tf_is_known(port) && tf_get_i64(v, "port", 0) != 0)
        aws_params_add(p, "Targets.member.1.Port", elbv2_num_str(a, port));
    return p;
}

static const tf_value *tga_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *tg = tf_get_str(planned, "target_group_arn", "");
    aws_create_once once = {.service = "elbv2", .operation = "RegisterTargets",
                            .retry_codes = tga_retry, .retry_timeout_s = TGA_REGISTER_TIMEOUT};
    aws_xml_node *out;
    const char *adopted;
    aws_error err;
    if (aws_create_once_query(m->client, a, ctx->stop, &once, tga_params(ctx, planned), &out,
                              &adopted, &err) != 0) {
        aws_diag(ctx, &err, "registering ELBv2 Target Group (%s) target", tg);
        return NULL;
    }
    const char *id = aws_name_or_generated(a, NULL, tf_arena_printf(a, "%s-", tg));
    return tf_object_with(a, planned, "id", tf_string(a, id));
}

static const tf_value *tga_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "elbv2", "DescribeTargetHealth",
                       tga_params(ctx, state), &out, &err) != 0) {
        if (aws_error_is(&err, "InvalidTarget") || aws_error_is(&err, "TargetGroupNotFound"))
            return tf_null(ctx->arena, state->type);
        aws_diag(ctx, &err, "reading ELBv2 Target Group Attachment (%s)",
                 tf_get_str(state, "id", ""));
        return NULL;
    }
    size_t live = 0;
    for (const aws_xml_node *d = aws_xml_first(out, "TargetHealthDescriptions/member"); d;
         d = aws_xml_next(d)) {
        const char *reason = aws_xml_text(d, "TargetHealth/Reason");
        if (!reason || (strcmp(reason, "Target.DeregistrationInProgress") != 0 &&
                        strcmp(reason, "Target.NotRegistered") != 0))
            live++;
    }
    if (live == 0)
        return tf_null(ctx->arena, state->type);
    if (live > 1) {
        tf_diag_error(ctx->diags, NULL, "Error reading target",
                      "reading ELBv2 Target Group Attachment (%s): found %zu targets, "
                      "expected one", tf_get_str(state, "id", ""), live);
        return NULL;
    }
    return state;
}

static void tga_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "elbv2", "DeregisterTargets",
                       tga_params(ctx, prior), &out, &err) == 0 ||
        aws_error_is(&err, "LoadBalancerNotFound"))
        return;
    aws_diag(ctx, &err, "deregistering ELBv2 Target Group (%s) target",
             tf_get_str(prior, "target_group_arn", ""));
}

/* hashicorp/aws has no importer for this type; Terraform reports so. */
static const tf_value *tga_import(tf_ctx *ctx, const char *id)
{
    (void)id;
    /* SDKv2's words, as its summary, with no detail. */
    tf_diag_error(ctx->diags, NULL,
                  tf_arena_printf(ctx->arena, "resource %s doesn't support import",
                                  ctx->type_name ? ctx->type_name
                                                 : "aws_lb_target_group_attachment"),
                  "%s", "");
    return NULL;
}

#define TGA_DEF(type)                                                                      \
    {.type_name = type, .schema = TGA_SCHEMA, .create = tga_create, .read = tga_read,      \
     .delete = tga_delete, .import = tga_import}

const tf_resource_def aws_elbv2_lb_target_group_attachment_def =
    TGA_DEF("aws_lb_target_group_attachment");
const tf_resource_def aws_elbv2_alb_target_group_attachment_def =
    TGA_DEF("aws_alb_target_group_attachment");

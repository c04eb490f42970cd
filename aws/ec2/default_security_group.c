/* default_security_group.c - aws_default_security_group: the security
 * group EC2 makes with every VPC, adopted rather than created.
 *
 * Create finds the VPC's group named "default" (in the default VPC when no
 * vpc_id is given), sets its tags, revokes every rule it has and authorizes
 * the configured ones; destroy leaves the group as it is, as hashicorp/aws
 * does.  Everything else (planning the rule sets, read, update) is
 * aws_security_group's (security_group.h).  Import by group id.  The
 * schema is generated from aws/schema/aws.schema. */

#include <stdio.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "ec2_tags.h"
#include "provider_meta.h"
#include "resources.h"
#include "security_group.h"
#include "tags.h"
#include "value_build.h"

/* findSecurityGroup with the filters hashicorp/aws uses: exactly one group. */
static const aws_xml_node *dsg_find(tf_ctx *ctx, const aws_meta *m, const char *vpc)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "Filter.1.Name", "group-name");
    aws_params_add(p, "Filter.1.Value.1", "default");
    aws_params_add(p, "Filter.2.Name", *vpc ? "vpc-id" : "description");
    aws_params_add(p, "Filter.2.Value.1", *vpc ? vpc : "default group");
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", "DescribeSecurityGroups", p,
                       &out, &err) != 0) {
        aws_diag(ctx, &err, "reading Default Security Group");
        return NULL;
    }
    const aws_xml_node *g = aws_xml_first(out, "securityGroupInfo/item");
    if (!g || aws_xml_next(g)) {
        aws_error_set(&err, AWS_ERR_RESPONSE, "NotFound",
                      g ? "too many results: wanted 1" : "empty result");
        aws_diag(ctx, &err, "reading Default Security Group");
        return NULL;
    }
    return g;
}

static const tf_value *dsg_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const aws_xml_node *g = dsg_find(ctx, m, tf_get_str(planned, "vpc_id", ""));
    const char *id = g ? aws_xml_text(g, "groupId") : NULL;
    if (!id)
        return NULL;
    const tf_value *state = tf_object_with(a, planned, "id", tf_string(a, id));
    size_t n;
    aws_kv *remote = ec2_tags_from_xml(a, g, &n);
    const tf_value *old_tags, *old_all;
    aws_tags_to_state(a, m, remote, n, NULL, &old_tags, &old_all);
    const tf_value *new_all = tf_get(planned, "tags_all");
    aws_error err;
    if (tf_is_known(new_all) && !tf_value_equal(old_all, new_all) &&
        ec2_update_tags(m->client, a, ctx->stop, id, old_all, new_all, &err) != 0) {
        aws_diag(ctx, &err, "updating Default Security Group (%s) tags", id);
        return state;
    }
    if (ec2_sg_revoke_rules(ctx, m->client, id, false) != 0)
        return state;
    /* From no rules to the configured ones, as an update of a group that
     * has none. */
    tf_objb b;
    tf_objb_init(&b, a, planned->type, state);
    tf_objb_set(&b, "ingress", tf_null(a, tf_get(planned, "ingress")->type));
    tf_objb_set(&b, "egress", tf_null(a, tf_get(planned, "egress")->type));
    tf_objb_set(&b, "tags_all", new_all);
    return ec2_sg_update(ctx, tf_objb_done(&b), state);
}

static const tf_value *dsg_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    return ec2_sg_refresh(ctx, m, state, tf_get_str(state, "id", ""), false);
}

/* The group stays: hashicorp/aws's delete is a no-op. */
static void dsg_delete(tf_ctx *ctx, const tf_value *prior)
{
    (void)ctx;
    (void)prior;
}

const tf_resource_def aws_ec2_default_security_group_def = {
    .type_name = "aws_default_security_group",
    .version = 1,
    .schema = &aws_schema_resource_aws_default_security_group,
    .validate = ec2_sg_validate,
    .modify_plan = ec2_sg_modify_plan,
    .create = dsg_create,
    .read = dsg_read,
    .update = ec2_sg_update,
    .delete = dsg_delete,
};

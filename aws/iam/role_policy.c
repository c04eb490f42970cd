/* role_policy.c - aws_iam_role_policy: one inline policy of a role, id
 * "role:name" (also the import ID).
 *
 * The document is planned and stored as hashicorp/aws keeps it (its
 * LegacyPolicyNormalize: normalised JSON with "Version" first) and kept as
 * it is while AWS's copy says the same thing; an edit made outside Terraform
 * that changes its meaning shows as a diff and is put back.  A role just
 * created may not be visible to IAM yet: the put and the first read retry
 * NoSuchEntity through IAM's propagation delay. */

#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "iam_common.h"
#include "names.h"
#include "resources.h"

#define RP_SCHEMA aws_schema_resource_aws_iam_role_policy

/* "role:name"; false when it is not that shape. */
static bool rp_split(tf_arena *a, const char *id, const char **role, const char **name)
{
    const char *colon = strchr(id, ':');
    if (!colon || colon == id || !colon[1])
        return false;
    *role = tf_arena_strndup(a, id, (size_t)(colon - id));
    *name = colon + 1;
    return true;
}

static const tf_value *rp_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                  bool is_new)
{
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(base, "id", ""), *role, *name;
    if (!rp_split(a, id, &role, &name)) {
        tf_diag_error(ctx->diags, NULL, "Invalid ID",
                      "unexpected format of ID (%s), expected <role-name>:<policy-name>", id);
        return NULL;
    }
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "RoleName", role);
    aws_params_add(p, "PolicyName", name);
    aws_xml_node *out;
    aws_error err;
    if (iam_call(ctx, m, "GetRolePolicy", p, is_new, &out, &err) != 0) {
        if (!is_new && aws_error_is(&err, "NoSuchEntity"))
            return tf_null(a, RP_SCHEMA.ctype);
        aws_diag(ctx, &err, "reading IAM Role Policy (%s)", id);
        return is_new ? base : NULL;
    }
    const char *doc = iam_url_decode(a, aws_xml_text(out, "PolicyDocument"));
    tf_objb b;
    tf_objb_init(&b, a, RP_SCHEMA.ctype, base);
    tf_objb_str(&b, "policy", iam_policy_to_set(a, tf_get_str(base, "policy", ""), doc, true));
    aws_name_state(&b, name);
    tf_objb_str(&b, "role", role);
    return tf_objb_done(&b);
}

static void rp_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    iam_plan_policy(ctx, req, "policy", true);
}

static int rp_put(tf_ctx *ctx, const aws_meta *m, const char *role, const char *name,
                  const char *doc, aws_error *err)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "RoleName", role);
    aws_params_add(p, "PolicyName", name);
    aws_params_add(p, "PolicyDocument", doc);
    aws_xml_node *out;
    return iam_call(ctx, m, "PutRolePolicy", p, true, &out, err);
}

static const tf_value *rp_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *role = tf_get_str(planned, "role", "");
    const char *name = aws_name_planned(a, planned, NULL);
    aws_error err;
    if (rp_put(ctx, m, role, name, tf_get_str(planned, "policy", ""), &err) != 0) {
        aws_diag(ctx, &err, "putting IAM Role (%s) Policy (%s)", role, name);
        return NULL;
    }
    const tf_value *state =
        tf_object_with(a, planned, "id", tf_string(a, tf_arena_printf(a, "%s:%s", role, name)));
    return rp_refresh(ctx, m, state, true);
}

static const tf_value *rp_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    return m ? rp_refresh(ctx, m, state, false) : NULL;
}

static const tf_value *rp_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    const char *role, *name, *id = tf_get_str(prior, "id", "");
    if (!rp_split(ctx->arena, id, &role, &name))
        return prior;
    aws_error err;
    if (rp_put(ctx, m, role, name, tf_get_str(planned, "policy", ""), &err) != 0) {
        aws_diag(ctx, &err, "putting IAM Role (%s) Policy (%s)", role, name);
        return prior;
    }
    return rp_refresh(ctx, m, planned, false);
}

static void rp_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    const char *role, *name, *id = tf_get_str(prior, "id", "");
    if (!rp_split(ctx->arena, id, &role, &name))
        return;
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "RoleName", role);
    aws_params_add(p, "PolicyName", name);
    aws_xml_node *out;
    aws_error err;
    if (iam_call(ctx, m, "DeleteRolePolicy", p, false, &out, &err) != 0 &&
        !aws_error_is(&err, "NoSuchEntity"))
        aws_diag(ctx, &err, "deleting IAM Role Policy (%s)", id);
}

static const tf_value *rp_import(tf_ctx *ctx, const char *id)
{
    const char *role, *name;
    if (!rp_split(ctx->arena, id, &role, &name)) {
        tf_diag_error(ctx->diags, NULL, "Invalid import ID",
                      "unexpected format of ID (%s), expected <role-name>:<policy-name>", id);
        return NULL;
    }
    tf_objb b;
    tf_objb_init(&b, ctx->arena, RP_SCHEMA.ctype, NULL);
    tf_objb_str(&b, "id", id);
    return tf_objb_done(&b);
}

const tf_resource_def aws_iam_role_policy_def = {
    .type_name = "aws_iam_role_policy",
    .version = 0,
    .schema = &RP_SCHEMA,
    .modify_plan = rp_modify_plan,
    .create = rp_create,
    .read = rp_read,
    .update = rp_update,
    .delete = rp_delete,
    .import = rp_import,
};

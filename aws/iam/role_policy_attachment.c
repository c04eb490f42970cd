/* role_policy_attachment.c - aws_iam_role_policy_attachment: a managed
 * policy attached to a role.
 *
 * As with hashicorp/aws, the id is the role name, "-" and a unique suffix
 * (a generated name); the import ID is "role/policy-arn".  The attachment
 * is found by listing the role's attached policies; a role or policy just
 * created may not be visible yet, so the attach and the first read retry
 * NoSuchEntity through IAM's propagation delay. */

#include <stdio.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "iam_common.h"
#include "names.h"
#include "resources.h"

#define RPA_SCHEMA aws_schema_resource_aws_iam_role_policy_attachment

enum { RPA_FOUND, RPA_GONE, RPA_ERROR };

static int rpa_find(tf_ctx *ctx, const aws_meta *m, const char *role, const char *arn,
                    bool is_new, aws_error *err)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "RoleName", role);
    for (;;) {
        aws_xml_node *out;
        if (iam_call(ctx, m, "ListAttachedRolePolicies", p, is_new, &out, err) != 0)
            return aws_error_is(err, "NoSuchEntity") ? RPA_GONE : RPA_ERROR;
        for (const aws_xml_node *x = aws_xml_first(out, "AttachedPolicies/member"); x;
             x = aws_xml_next(x)) {
            const char *a = aws_xml_text(x, "PolicyArn");
            if (a && strcmp(a, arn) == 0)
                return RPA_FOUND;
        }
        const char *marker = aws_xml_text(out, "Marker");
        if (!aws_xml_bool(out, "IsTruncated", 0) || !marker)
            return RPA_GONE;
        aws_params_add(p, "Marker", marker);
    }
}

/* A new attachment may take a moment to be listed. */
typedef struct rpa_wait {
    tf_ctx *ctx;
    const aws_meta *m;
    const char *role, *arn;
} rpa_wait;

static aws_wait_status rpa_poll(void *ud, char *state, size_t len, aws_error *err)
{
    rpa_wait *w = ud;
    int rc = rpa_find(w->ctx, w->m, w->role, w->arn, true, err);
    snprintf(state, len, "%s", rc == RPA_FOUND ? "attached" : "not attached");
    return rc == RPA_ERROR ? AWS_WAIT_FAIL : rc == RPA_FOUND ? AWS_WAIT_DONE : AWS_WAIT_CONTINUE;
}

static const tf_value *rpa_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                   bool is_new)
{
    const char *role = tf_get_str(base, "role", ""), *arn = tf_get_str(base, "policy_arn", "");
    aws_error err;
    if (is_new) {
        rpa_wait w = {ctx, m, role, arn};
        if (aws_wait(ctx->stop, IAM_PROPAGATION_TIMEOUT, rpa_poll, &w, &err) != 0) {
            aws_diag(ctx, &err, "reading IAM Role Policy Attachment (%s)",
                     tf_get_str(base, "id", ""));
            return base;
        }
        return base;
    }
    int rc = rpa_find(ctx, m, role, arn, false, &err);
    if (rc == RPA_GONE)
        return tf_null(ctx->arena, RPA_SCHEMA.ctype);
    if (rc == RPA_ERROR) {
        aws_diag(ctx, &err, "reading IAM Role Policy Attachment (%s)", tf_get_str(base, "id", ""));
        return NULL;
    }
    return base;
}

static const tf_value *rpa_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *role = tf_get_str(planned, "role", ""), *arn = tf_get_str(planned, "policy_arn", "");
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "RoleName", role);
    aws_params_add(p, "PolicyArn", arn);
    aws_xml_node *out;
    aws_error err;
    if (iam_call(ctx, m, "AttachRolePolicy", p, true, &out, &err) != 0) {
        aws_diag(ctx, &err, "attaching IAM Policy (%s) to IAM Role (%s)", arn, role);
        return NULL;
    }
    const char *id = aws_name_or_generated(a, "", tf_arena_printf(a, "%s-", role));
    return rpa_refresh(ctx, m, tf_object_with(a, planned, "id", tf_string(a, id)), true);
}

static const tf_value *rpa_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    return m ? rpa_refresh(ctx, m, state, false) : NULL;
}

static void rpa_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    const char *role = tf_get_str(prior, "role", ""), *arn = tf_get_str(prior, "policy_arn", "");
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "RoleName", role);
    aws_params_add(p, "PolicyArn", arn);
    aws_xml_node *out;
    aws_error err;
    if (iam_call(ctx, m, "DetachRolePolicy", p, false, &out, &err) != 0 &&
        !aws_error_is(&err, "NoSuchEntity"))
        aws_diag(ctx, &err, "detaching IAM Policy (%s) from IAM Role (%s)", arn, role);
}

static const tf_value *rpa_import(tf_ctx *ctx, const char *id)
{
    const char *slash = strchr(id, '/');
    if (!slash || slash == id || !slash[1]) {
        tf_diag_error(ctx->diags, NULL, "Invalid import ID",
                      "unexpected format of ID (%s), expected <role-name>/<policy_arn>", id);
        return NULL;
    }
    tf_arena *a = ctx->arena;
    const char *role = tf_arena_strndup(a, id, (size_t)(slash - id)), *arn = slash + 1;
    tf_objb b;
    tf_objb_init(&b, a, RPA_SCHEMA.ctype, NULL);
    tf_objb_str(&b, "id", tf_arena_printf(a, "%s-%s", role, arn));
    tf_objb_str(&b, "role", role);
    tf_objb_str(&b, "policy_arn", arn);
    return tf_objb_done(&b);
}

const tf_resource_def aws_iam_role_policy_attachment_def = {
    .type_name = "aws_iam_role_policy_attachment",
    .version = 0,
    .schema = &RPA_SCHEMA,
    .create = rpa_create,
    .read = rpa_read,
    .delete = rpa_delete,
    .import = rpa_import,
};

/* policy.c - aws_iam_policy: a customer managed policy, id its ARN (also
 * the import ID).
 *
 * A changed document becomes a new default version (the oldest other
 * version is deleted first when the policy already has IAM's five);
 * deleting removes the non-default versions, then the policy.  The document
 * is stored normalised and kept as it is while AWS's default version says
 * the same thing. */

#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "iam_common.h"
#include "names.h"
#include "resources.h"
#include "tags.h"

#define POL_SCHEMA aws_schema_resource_aws_iam_policy

static const tf_value *pol_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                   bool is_new)
{
    tf_arena *a = ctx->arena;
    const char *arn = tf_get_str(base, "id", "");
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "PolicyArn", arn);
    aws_xml_node *out;
    aws_error err;
    if (iam_call(ctx, m, "GetPolicy", p, is_new, &out, &err) != 0) {
        if (!is_new && aws_error_is(&err, "NoSuchEntity"))
            return tf_null(a, POL_SCHEMA.ctype);
        aws_diag(ctx, &err, "reading IAM Policy (%s)", arn);
        return is_new ? base : NULL;
    }
    const aws_xml_node *pol = aws_xml_child(out, "Policy");
    aws_params *q = aws_params_new(a);
    aws_params_add(q, "PolicyArn", arn);
    aws_params_add(q, "VersionId", aws_xml_text(pol, "DefaultVersionId"));
    aws_xml_node *ver;
    if (iam_call(ctx, m, "GetPolicyVersion", q, is_new, &ver, &err) != 0) {
        aws_diag(ctx, &err, "reading IAM Policy (%s) default version", arn);
        return is_new ? base : NULL;
    }
    const char *doc = iam_url_decode(a, aws_xml_text(ver, "PolicyVersion/Document"));
    tf_objb b;
    tf_objb_init(&b, a, POL_SCHEMA.ctype, base);
    tf_objb_str(&b, "id", aws_xml_text(pol, "Arn"));
    tf_objb_str(&b, "arn", aws_xml_text(pol, "Arn"));
    tf_objb_i64(&b, "attachment_count", aws_xml_int(pol, "AttachmentCount", 0));
    const char *desc = aws_xml_text(pol, "Description");
    tf_objb_str(&b, "description", desc ? desc : "");
    aws_name_state(&b, aws_xml_text(pol, "PolicyName"));
    tf_objb_str(&b, "path", aws_xml_text(pol, "Path"));
    tf_objb_str(&b, "policy_id", aws_xml_text(pol, "PolicyId"));
    tf_objb_str(&b, "policy", iam_policy_to_set(a, tf_get_str(base, "policy", ""), doc, false));
    size_t nt;
    aws_kv *tags = iam_tags_from_xml(a, pol, &nt);
    aws_tags_set_state(&b, m, tags, nt, tf_get(base, "tags"));
    return tf_objb_done(&b);
}

static void pol_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->planned))
        return;
    iam_plan_policy(ctx, req, "policy", false);
    aws_tags_plan(ctx, req);
}

static const tf_value *pol_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *name = aws_name_planned(a, planned, NULL);
    const char *path = tf_get_str(planned, "path", "/");
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "PolicyName", name);
    aws_params_add(p, "Path", path);
    aws_params_add(p, "PolicyDocument", tf_get_str(planned, "policy", ""));
    const char *desc = tf_get_str(planned, "description", "");
    if (*desc)
        aws_params_add(p, "Description", desc);
    size_t nt;
    aws_kv *tags = aws_tags_from_map(a, tf_get(planned, "tags_all"), &nt);
    if (nt)
        aws_params_tags(p, AWS_LIST_MEMBER, "Tags", tags, nt);
    const char *arn = tf_arena_printf(a, "arn:%s:iam::%s:policy%s%s", m->partition,
                                      m->account_id, path, name);
    iam_lookup lk = {m->client, ctx->stop, "GetPolicy", "PolicyArn", arn, "Policy/Arn"};
    aws_create_once once = {.service = "iam", .operation = "CreatePolicy",
                            .lookup = iam_lookup_ids, .ud = &lk};
    aws_xml_node *out;
    const char *adopted;
    aws_error err;
    if (aws_create_once_query(m->client, a, ctx->stop, &once, p, &out, &adopted, &err) != 0) {
        aws_diag(ctx, &err, "creating IAM Policy (%s)", name);
        return NULL;
    }
    const char *id = adopted ? adopted : aws_xml_text(out, "Policy/Arn");
    return pol_refresh(ctx, m, tf_object_with(a, planned, "id", tf_string(a, id ? id : arn)),
                       true);
}

static const tf_value *pol_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    return m ? pol_refresh(ctx, m, state, false) : NULL;
}

/* Version ids other than the default, oldest first. */
static int pol_other_versions(tf_ctx *ctx, const aws_meta *m, const char *arn,
                              const char ***ids, size_t *n, size_t *total, aws_error *err)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "PolicyArn", arn);
    aws_xml_node *out;
    if (iam_call(ctx, m, "ListPolicyVersions", p, false, &out, err) != 0)
        return -1;
    size_t k = 0;
    for (const aws_xml_node *v = aws_xml_first(out, "Versions/member"); v; v = aws_xml_next(v))
        k++;
    *ids = tf_arena_calloc(ctx->arena, k + 1, sizeof **ids);
    *n = 0;
    *total = k;
    /* IAM lists the newest first */
    const aws_xml_node **all = tf_arena_calloc(ctx->arena, k + 1, sizeof *all);
    size_t i = 0;
    for (const aws_xml_node *v = aws_xml_first(out, "Versions/member"); v; v = aws_xml_next(v))
        all[i++] = v;
    while (i-- > 0)
        if (!aws_xml_bool(all[i], "IsDefaultVersion", 0))
            (*ids)[(*n)++] = aws_xml_text(all[i], "VersionId");
    return 0;
}

static int pol_delete_version(tf_ctx *ctx, const aws_meta *m, const char *arn, const char *vid,
                              aws_error *err)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "PolicyArn", arn);
    aws_params_add(p, "VersionId", vid);
    aws_xml_node *out;
    return iam_call(ctx, m, "DeletePolicyVersion", p, false, &out, err);
}

static const tf_value *pol_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *arn = tf_get_str(prior, "id", "");
    aws_error err;
    if (!tf_value_equal(tf_get(prior, "policy"), tf_get(planned, "policy"))) {
        const char **others;
        size_t n, total;
        if (pol_other_versions(ctx, m, arn, &others, &n, &total, &err) != 0 ||
            (total >= 5 && n && pol_delete_version(ctx, m, arn, others[0], &err) != 0)) {
            aws_diag(ctx, &err, "updating IAM Policy (%s): pruning versions", arn);
            return prior;
        }
        aws_params *p = aws_params_new(a);
        aws_params_add(p, "PolicyArn", arn);
        aws_params_add(p, "PolicyDocument", tf_get_str(planned, "policy", ""));
        aws_params_add(p, "SetAsDefault", "true");
        aws_xml_node *out;
        if (iam_call(ctx, m, "CreatePolicyVersion", p, false, &out, &err) != 0) {
            aws_diag(ctx, &err, "updating IAM Policy (%s)", arn);
            return prior;
        }
    }
    const tf_value *old_all = tf_get(prior, "tags_all"), *new_all = tf_get(planned, "tags_all");
    if (!tf_value_equal(old_all, new_all) &&
        iam_update_tags(ctx, m, "UntagPolicy", "TagPolicy", "PolicyArn", arn, old_all, new_all,
                        &err) != 0) {
        aws_diag(ctx, &err, "updating tags for IAM Policy (%s)", arn);
        return pol_refresh(ctx, m, prior, false);
    }
    return pol_refresh(ctx, m, planned, false);
}

static void pol_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    const char *arn = tf_get_str(prior, "id", "");
    const char **others;
    size_t n, total;
    aws_error err;
    if (pol_other_versions(ctx, m, arn, &others, &n, &total, &err) != 0) {
        if (!aws_error_is(&err, "NoSuchEntity"))
            aws_diag(ctx, &err, "deleting IAM Policy (%s): listing versions", arn);
        return;
    }
    for (size_t i = 0; i < n; i++)
        if (pol_delete_version(ctx, m, arn, others[i], &err) != 0 &&
            !aws_error_is(&err, "NoSuchEntity")) {
            aws_diag(ctx, &err, "deleting IAM Policy (%s) version %s", arn, others[i]);
            return;
        }
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "PolicyArn", arn);
    aws_xml_node *out;
    if (iam_call(ctx, m, "DeletePolicy", p, false, &out, &err) != 0 &&
        !aws_error_is(&err, "NoSuchEntity"))
        aws_diag(ctx, &err, "deleting IAM Policy (%s)", arn);
}

const tf_resource_def aws_iam_policy_def = {
    .type_name = "aws_iam_policy",
    .version = 0,
    .schema = &POL_SCHEMA,
    .modify_plan = pol_modify_plan,
    .create = pol_create,
    .read = pol_read,
    .update = pol_update,
    .delete = pol_delete,
};

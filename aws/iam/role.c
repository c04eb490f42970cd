/* role.c - aws_iam_role: an IAM role, its trust policy and (deprecated but
 * still served) its inline_policy blocks and managed_policy_arns.
 *
 * The trust policy is stored the way hashicorp/aws stores it: normalised
 * JSON, kept as it was when AWS's copy says the same thing.  inline_policy
 * and managed_policy_arns are Optional+Computed: left out of the
 * configuration they report what the role has (including policies other
 * resources put there) and are never changed; configured, they are made
 * exactly so.  Deleting a role first takes it out of its instance profiles
 * and, with force_detach_policies (or when the state lists them), removes
 * its policies. */

#include <stdlib.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "iam_common.h"
#include "names.h"
#include "policy_json.h"
#include "query_retry.h"
#include "resources.h"
#include "tags.h"

#define ROLE_SCHEMA aws_schema_resource_aws_iam_role

/* ---- inline policies and attachments ---- */

typedef struct role_inline {
    const char *name, *policy;
} role_inline;

static int role_inline_cmp(const void *x, const void *y)
{
    return strcmp(((const role_inline *)x)->name, ((const role_inline *)y)->name);
}

/* The role's inline policies, documents legacy-normalised, by name. */
static int role_read_inline(tf_ctx *ctx, const aws_meta *m, const char *role, bool is_new,
                            role_inline **out, size_t *n, aws_error *err)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "RoleName", role);
    aws_xml_node *res;
    if (iam_call(ctx, m, "ListRolePolicies", p, is_new, &res, err) != 0)
        return -1;
    size_t k = 0;
    for (const aws_xml_node *x = aws_xml_first(res, "PolicyNames/member"); x; x = aws_xml_next(x))
        k++;
    role_inline *list = tf_arena_calloc(ctx->arena, k + 1, sizeof *list);
    *n = 0;
    for (const aws_xml_node *x = aws_xml_first(res, "PolicyNames/member"); x;
         x = aws_xml_next(x)) {
        aws_params *q = aws_params_new(ctx->arena);
        aws_params_add(q, "RoleName", role);
        aws_params_add(q, "PolicyName", x->text);
        aws_xml_node *doc;
        if (iam_call(ctx, m, "GetRolePolicy", q, false, &doc, err) != 0) {
            if (aws_error_is(err, "NoSuchEntity"))
                continue;
            return -1;
        }
        const char *text = iam_url_decode(ctx->arena, aws_xml_text(doc, "PolicyDocument"));
        const char *norm = iam_policy_legacy_normalize(ctx->arena, text);
        list[(*n)++] = (role_inline){x->text, norm ? norm : text};
    }
    qsort(list, *n, sizeof *list, role_inline_cmp);
    *out = list;
    return 0;
}

static int role_read_attached(tf_ctx *ctx, const aws_meta *m, const char *role, bool is_new,
                              const char ***arns, size_t *n, aws_error *err)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "RoleName", role);
    *n = 0;
    *arns = NULL;
    size_t cap = 0;
    for (;;) {
        aws_xml_node *res;
        if (iam_call(ctx, m, "ListAttachedRolePolicies", p, is_new, &res, err) != 0)
            return -1;
        for (const aws_xml_node *x = aws_xml_first(res, "AttachedPolicies/member"); x;
             x = aws_xml_next(x)) {
            tf_arena_grow(ctx->arena, (void **)arns, &cap, *n + 1, sizeof **arns);
            (*arns)[(*n)++] = aws_xml_text(x, "PolicyArn");
        }
        const char *marker = aws_xml_text(res, "Marker");
        if (!aws_xml_bool(res, "IsTruncated", 0) || !marker)
            return 0;
        aws_params_add(p, "Marker", marker);
    }
}

/* Configured inline_policy blocks that name a policy. */
static size_t role_config_inline(tf_arena *a, const tf_value *set, role_inline **out)
{
    size_t n = tf_is_known(set) ? set->u.coll.n : 0, k = 0;
    role_inline *list = tf_arena_calloc(a, n + 1, sizeof *list);
    for (size_t i = 0; i < n; i++) {
        const char *name = tf_get_str(set->u.coll.items[i], "name", "");
        if (*name)
            list[k++] = (role_inline){name, tf_get_str(set->u.coll.items[i], "policy", "")};
    }
    qsort(list, k, sizeof *list, role_inline_cmp);
    *out = list;
    return k;
}

static bool role_inline_equivalent(tf_arena *a, const role_inline *x, size_t nx,
                                   const role_inline *y, size_t ny)
{
    if (nx != ny)
        return false;
    for (size_t i = 0; i < nx; i++)
        if (strcmp(x[i].name, y[i].name) != 0 ||
            !pj_policies_equivalent(a, x[i].policy, y[i].policy))
            return false;
    return true;
}

static const tf_value *role_inline_value(tf_arena *a, const role_inline *list, size_t n)
{
    const tf_type *et = ROLE_SCHEMA.ctype->types[tf_type_attr_index(ROLE_SCHEMA.ctype,
                                                                     "inline_policy")]->elem;
    const tf_value **items = tf_arena_calloc(a, n + 1, sizeof *items);
    for (size_t i = 0; i < n; i++) {
        tf_objb b;
        tf_objb_init(&b, a, et, NULL);
        tf_objb_str(&b, "name", list[i].name);
        tf_objb_str(&b, "policy", list[i].policy);
        items[i] = tf_objb_done(&b);
    }
    return tf_set(a, et, n, items);
}

static int role_put_inline(tf_ctx *ctx, const aws_meta *m, const char *role,
                           const role_inline *list, size_t n, aws_error *err)
{
    for (size_t i = 0; i < n; i++) {
        const char *doc = iam_policy_legacy_normalize(ctx->arena, list[i].policy);
        aws_params *p = aws_params_new(ctx->arena);
        aws_params_add(p, "RoleName", role);
        aws_params_add(p, "PolicyName", list[i].name);
        aws_params_add(p, "PolicyDocument", doc ? doc : list[i].policy);
        aws_xml_node *out;
        if (iam_call(ctx, m, "PutRolePolicy", p, true, &out, err) != 0)
            return -1;
    }
    return 0;
}

static int role_delete_inline(tf_ctx *ctx, const aws_meta *m, const char *role,
                              const char *const *names, size_t n, aws_error *err)
{
    for (size_t i = 0; i < n; i++) {
        aws_params *p = aws_params_new(ctx->arena);
        aws_params_add(p, "RoleName", role);
        aws_params_add(p, "PolicyName", names[i]);
        aws_xml_node *out;
        if (iam_call(ctx, m, "DeleteRolePolicy", p, false, &out, err) != 0 &&
            !aws_error_is(err, "NoSuchEntity"))
            return -1;
    }
    return 0;
}

static int role_attach(tf_ctx *ctx, const aws_meta *m, const char *role, const char *action,
                       const char *const *arns, size_t n, aws_error *err)
{
    bool detach = strcmp(action, "DetachRolePolicy") == 0;
    for (size_t i = 0; i < n; i++) {
        aws_params *p = aws_params_new(ctx->arena);
        aws_params_add(p, "RoleName", role);
        aws_params_add(p, "PolicyArn", arns[i]);
        aws_xml_node *out;
        if (iam_call(ctx, m, action, p, !detach, &out, err) != 0 &&
            !(detach && aws_error_is(err, "NoSuchEntity")))
            return -1;
    }
    return 0;
}

static bool str_in(const char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i], s) == 0)
            return true;
    return false;
}

static const char **role_set_strings(tf_arena *a, const tf_value *set, size_t *n)
{
    *n = tf_is_known(set) ? set->u.coll.n : 0;
    const char **s = tf_arena_calloc(a, *n + 1, sizeof *s);
    for (size_t i = 0; i < *n; i++)
        s[i] = set->u.coll.items[i]->u.str.ptr;
    return s;
}

/* ---- state ---- */

static const tf_value *role_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                    bool is_new)
{
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(base, "id", "");
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "RoleName", id);
    aws_xml_node *out;
    aws_error err;
    if (iam_call(ctx, m, "GetRole", p, is_new, &out, &err) != 0) {
        if (!is_new && aws_error_is(&err, "NoSuchEntity"))
            return tf_null(a, ROLE_SCHEMA.ctype);
        aws_diag(ctx, &err, "reading IAM Role (%s)", id);
        return is_new ? base : NULL;
    }
    const aws_xml_node *r = aws_xml_child(out, "Role");
    const char *name = aws_xml_text(r, "RoleName");
    role_inline *inl;
    size_t n_inl;
    const char **arns;
    size_t n_arns;
    if (role_read_inline(ctx, m, name, is_new, &inl, &n_inl, &err) != 0) {
        aws_diag(ctx, &err, "reading inline policies for IAM role %s", id);
        return is_new ? base : NULL;
    }
    if (role_read_attached(ctx, m, name, is_new, &arns, &n_arns, &err) != 0) {
        aws_diag(ctx, &err, "reading managed policies for IAM role %s", id);
        return is_new ? base : NULL;
    }
    tf_objb b;
    tf_objb_init(&b, a, ROLE_SCHEMA.ctype, base);
    tf_objb_str(&b, "id", name);
    tf_objb_str(&b, "arn", aws_xml_text(r, "Arn"));
    tf_objb_str(&b, "unique_id", aws_xml_text(r, "RoleId"));
    tf_objb_str(&b, "create_date", iam_rfc3339(a, aws_xml_text(r, "CreateDate")));
    const char *desc = aws_xml_text(r, "Description");
    tf_objb_str(&b, "description", desc ? desc : "");
    tf_objb_i64(&b, "max_session_duration", aws_xml_int(r, "MaxSessionDuration", 3600));
    aws_name_state(&b, name);
    tf_objb_str(&b, "path", aws_xml_text(r, "Path") ? aws_xml_text(r, "Path") : "/");
    const char *boundary = aws_xml_text(r, "PermissionsBoundary/PermissionsBoundaryArn");
    tf_objb_str(&b, "permissions_boundary",
                boundary ? boundary : tf_get_str(base, "permissions_boundary", ""));
    if (tf_is_null(tf_get(base, "force_detach_policies")))
        tf_objb_bool(&b, "force_detach_policies", false);
    const char *trust = iam_url_decode(a, aws_xml_text(r, "AssumeRolePolicyDocument"));
    tf_objb_str(&b, "assume_role_policy",
                iam_policy_to_set(a, tf_get_str(base, "assume_role_policy", ""), trust, false));
    role_inline *cfg;
    size_t n_cfg = role_config_inline(a, tf_get(base, "inline_policy"), &cfg);
    if (!tf_is_known(tf_get(base, "inline_policy")) ||
        !role_inline_equivalent(a, inl, n_inl, cfg, n_cfg))
        tf_objb_set(&b, "inline_policy", role_inline_value(a, inl, n_inl));
    tf_objb_set(&b, "managed_policy_arns", tf_string_set(a, arns, n_arns));
    size_t nt;
    aws_kv *tags = iam_tags_from_xml(a, r, &nt);
    aws_tags_set_state(&b, m, tags, nt, tf_get(base, "tags"));
    return tf_objb_done(&b);
}

/* ---- callbacks ---- */

static void role_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->planned))
        return;
    iam_plan_policy(ctx, req, "assume_role_policy", false);
    /* configured inline policies equivalent to the prior ones: no change */
    const tf_value *cfg = tf_get(req->config, "inline_policy");
    const tf_value *old = tf_get(req->prior, "inline_policy");
    const tf_value *planned_inline = tf_get(req->planned, "inline_policy");
    if (tf_is_known(cfg) && cfg->u.coll.n && tf_is_known(planned_inline)) {
        /* each document as its StateFunc (LegacyPolicyNormalize) plans it */
        size_t n = planned_inline->u.coll.n;
        const tf_value **items = tf_arena_calloc(ctx->arena, n + 1, sizeof *items);
        for (size_t i = 0; i < n; i++) {
            const tf_value *e = planned_inline->u.coll.items[i];
            const tf_value *pv = tf_get(e, "policy");
            const char *norm =
                tf_is_known(pv) ? iam_policy_legacy_normalize(ctx->arena, pv->u.str.ptr) : NULL;
            items[i] = norm && *norm ? tf_object_with(ctx->arena, e, "policy",
                                                       tf_string(ctx->arena, norm))
                                     : e;
        }
        req->planned = tf_object_with(ctx->arena, req->planned, "inline_policy",
                                      tf_set(ctx->arena, planned_inline->type->elem, n, items));
    }
    if (tf_is_known(cfg) && cfg->u.coll.n && tf_is_known(old)) {
        role_inline *x, *y;
        size_t nx = role_config_inline(ctx->arena, cfg, &x);
        size_t ny = role_config_inline(ctx->arena, old, &y);
        if (role_inline_equivalent(ctx->arena, x, nx, y, ny))
            req->planned = tf_object_with(ctx->arena, req->planned, "inline_policy", old);
    }
    aws_tags_plan(ctx, req);
}

static const tf_value *role_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *name = aws_name_planned(a, planned, NULL);
    const char *trust = tf_get_str(planned, "assume_role_policy", "");
    const char *norm = pj_normalize(a, trust, strlen(trust));
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "RoleName", name);
    aws_params_add(p, "Path", tf_get_str(planned, "path", "/"));
    aws_params_add(p, "AssumeRolePolicyDocument", norm ? norm : trust);
    const char *desc = tf_get_str(planned, "description", "");
    if (*desc)
        aws_params_add(p, "Description", desc);
    int64_t msd = tf_get_i64(planned, "max_session_duration", 0);
    if (msd)
        aws_params_addf(p, "MaxSessionDuration", "%lld", (long long)msd);
    const char *boundary = tf_get_str(planned, "permissions_boundary", "");
    if (*boundary)
        aws_params_add(p, "PermissionsBoundary", boundary);
    size_t nt;
    aws_kv *tags = aws_tags_from_map(a, tf_get(planned, "tags_all"), &nt);
    if (nt)
        aws_params_tags(p, AWS_LIST_MEMBER, "Tags", tags, nt);
    /* A principal that is itself new (another role) is refused for a while:
     * "Invalid principal in policy". */
    static const char *const retry[] = {"MalformedPolicyDocument", NULL};
    iam_lookup lk = {m->client, ctx->stop, "GetRole", "RoleName", name, "Role/RoleName"};
    aws_create_once once = {.service = "iam", .operation = "CreateRole", .lookup = iam_lookup_ids,
                            .ud = &lk, .retry_codes = retry,
                            .retry_timeout_s = IAM_PROPAGATION_TIMEOUT};
    aws_xml_node *out;
    const char *adopted;
    aws_error err;
    if (aws_create_once_query(m->client, a, ctx->stop, &once, p, &out, &adopted, &err) != 0) {
        aws_diag(ctx, &err, "creating IAM Role (%s)", name);
        return NULL;
    }
    const tf_value *state = tf_object_with(a, planned, "id", tf_string(a, name));
    role_inline *inl;
    size_t n_inl = role_config_inline(a, tf_get(planned, "inline_policy"), &inl);
    if (n_inl && role_put_inline(ctx, m, name, inl, n_inl, &err) != 0) {
        aws_diag(ctx, &err, "adding inline policies to IAM Role (%s)", name);
        return state;
    }
    size_t n_arns;
    const char **arns = role_set_strings(a, tf_get(planned, "managed_policy_arns"), &n_arns);
    if (n_arns && role_attach(ctx, m, name, "AttachRolePolicy", arns, n_arns, &err) != 0) {
        aws_diag(ctx, &err, "attaching managed policies to IAM Role (%s)", name);
        return state;
    }
    return role_refresh(ctx, m, state, true);
}

static const tf_value *role_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    return role_refresh(ctx, m, state, false);
}

static const tf_value *role_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(prior, "id", "");
    aws_error err;
    aws_xml_node *out;
    const tf_value *v;
    if (!tf_value_equal(v = tf_get(planned, "assume_role_policy"),
                        tf_get(prior, "assume_role_policy"))) {
        aws_params *p = aws_params_new(a);
        aws_params_add(p, "RoleName", id);
        aws_params_add(p, "PolicyDocument", v->u.str.ptr);
        static const char *const retry[] = {"MalformedPolicyDocument", NULL};
        aws_retry_on on = {.codes = retry};
        if (aws_query_call_retry(m->client, a, ctx->stop, "iam", "UpdateAssumeRolePolicy", p, &out,
                                 IAM_PROPAGATION_TIMEOUT, on, &err) != 0) {
            aws_diag(ctx, &err, "updating IAM Role (%s) assume role policy", id);
            return role_refresh(ctx, m, prior, false);
        }
    }
    if (!tf_value_equal(tf_get(planned, "description"), tf_get(prior, "description"))) {
        aws_params *p = aws_params_new(a);
        aws_params_add(p, "RoleName", id);
        aws_params_add(p, "Description", tf_get_str(planned, "description", ""));
        if (iam_call(ctx, m, "UpdateRoleDescription", p, false, &out, &err) != 0) {
            aws_diag(ctx, &err, "updating IAM Role (%s) description", id);
            return role_refresh(ctx, m, prior, false);
        }
    }
    if (!tf_value_equal(tf_get(planned, "max_session_duration"),
                        tf_get(prior, "max_session_duration"))) {
        aws_params *p = aws_params_new(a);
        aws_params_add(p, "RoleName", id);
        aws_params_addf(p, "MaxSessionDuration", "%lld",
                        (long long)tf_get_i64(planned, "max_session_duration", 3600));
        if (iam_call(ctx, m, "UpdateRole", p, false, &out, &err) != 0) {
            aws_diag(ctx, &err, "updating IAM Role (%s) MaxSessionDuration", id);
            return role_refresh(ctx, m, prior, false);
        }
    }
    const char *pb_new = tf_get_str(planned, "permissions_boundary", "");
    if (strcmp(pb_new, tf_get_str(prior, "permissions_boundary", "")) != 0) {
        aws_params *p = aws_params_new(a);
        aws_params_add(p, "RoleName", id);
        if (*pb_new)
            aws_params_add(p, "PermissionsBoundary", pb_new);
        if (iam_call(ctx, m, *pb_new ? "PutRolePermissionsBoundary" : "DeleteRolePermissionsBoundary",
                     p, false, &out, &err) != 0) {
            aws_diag(ctx, &err, "updating IAM Role (%s) permissions boundary", id);
            return role_refresh(ctx, m, prior, false);
        }
    }
    const tf_value *ni = tf_get(planned, "inline_policy"), *oi = tf_get(prior, "inline_policy");
    if (tf_is_known(ni) && !tf_value_equal(ni, oi)) {
        role_inline *nl, *ol;
        size_t nn = role_config_inline(a, ni, &nl), on = role_config_inline(a, oi, &ol);
        const char **gone = tf_arena_calloc(a, on + 1, sizeof *gone);
        size_t ng = 0;
        for (size_t i = 0; i < on; i++) {
            bool kept = false;
            for (size_t k = 0; k < nn && !kept; k++)
                kept = strcmp(ol[i].name, nl[k].name) == 0;
            if (!kept)
                gone[ng++] = ol[i].name;
        }
        if (role_delete_inline(ctx, m, id, gone, ng, &err) != 0 ||
            role_put_inline(ctx, m, id, nl, nn, &err) != 0) {
            aws_diag(ctx, &err, "updating inline policies of IAM Role (%s)", id);
            return role_refresh(ctx, m, prior, false);
        }
    }
    const tf_value *na = tf_get(planned, "managed_policy_arns");
    const tf_value *oa = tf_get(prior, "managed_policy_arns");
    if (tf_is_known(na) && !tf_value_equal(na, oa)) {
        size_t nn, on;
        const char **nl = role_set_strings(a, na, &nn), **ol = role_set_strings(a, oa, &on);
        const char **add = tf_arena_calloc(a, nn + 1, sizeof *add);
        const char **rm = tf_arena_calloc(a, on + 1, sizeof *rm);
        size_t n_add = 0, n_rm = 0;
        for (size_t i = 0; i < nn; i++)
            if (!str_in(ol, on, nl[i]))
                add[n_add++] = nl[i];
        for (size_t i = 0; i < on; i++)
            if (!str_in(nl, nn, ol[i]))
                rm[n_rm++] = ol[i];
        if (role_attach(ctx, m, id, "DetachRolePolicy", rm, n_rm, &err) != 0 ||
            role_attach(ctx, m, id, "AttachRolePolicy", add, n_add, &err) != 0) {
            aws_diag(ctx, &err, "updating managed policies of IAM Role (%s)", id);
            return role_refresh(ctx, m, prior, false);
        }
    }
    const tf_value *old_all = tf_get(prior, "tags_all"), *new_all = tf_get(planned, "tags_all");
    if (!tf_value_equal(old_all, new_all) &&
        iam_update_tags(ctx, m, "UntagRole", "TagRole", "RoleName", id, old_all, new_all,
                        &err) != 0) {
        aws_diag(ctx, &err, "updating tags for IAM Role (%s)", id);
        return role_refresh(ctx, m, prior, false);
    }
    return role_refresh(ctx, m, planned, false);
}

static void role_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(prior, "id", "");
    aws_error err;
    aws_xml_node *out;
    /* out of every instance profile first */
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "RoleName", id);
    if (iam_call(ctx, m, "ListInstanceProfilesForRole", p, false, &out, &err) != 0) {
        if (aws_error_is(&err, "NoSuchEntity"))
            return;
        aws_diag(ctx, &err, "deleting IAM Role (%s): listing instance profiles", id);
        return;
    }
    for (const aws_xml_node *ip = aws_xml_first(out, "InstanceProfiles/member"); ip;
         ip = aws_xml_next(ip)) {
        aws_params *q = aws_params_new(a);
        aws_params_add(q, "InstanceProfileName", aws_xml_text(ip, "InstanceProfileName"));
        aws_params_add(q, "RoleName", id);
        aws_xml_node *r;
        if (iam_call(ctx, m, "RemoveRoleFromInstanceProfile", q, false, &r, &err) != 0 &&
            !aws_error_is(&err, "NoSuchEntity")) {
            aws_diag(ctx, &err, "deleting IAM Role (%s): removing it from instance profiles", id);
            return;
        }
    }
    bool force = tf_get_bool(prior, "force_detach_policies", false);
    const tf_value *ma = tf_get(prior, "managed_policy_arns");
    const tf_value *ip = tf_get(prior, "inline_policy");
    if (force || (tf_is_known(ma) && ma->u.coll.n)) {
        const char **arns;
        size_t n;
        if (role_read_attached(ctx, m, id, false, &arns, &n, &err) != 0 ||
            role_attach(ctx, m, id, "DetachRolePolicy", arns, n, &err) != 0) {
            if (!aws_error_is(&err, "NoSuchEntity")) {
                aws_diag(ctx, &err, "deleting IAM Role (%s): detaching policies", id);
                return;
            }
        }
    }
    if (force || (tf_is_known(ip) && ip->u.coll.n)) {
        role_inline *inl;
        size_t n;
        if (role_read_inline(ctx, m, id, false, &inl, &n, &err) == 0) {
            const char **names = tf_arena_calloc(a, n + 1, sizeof *names);
            for (size_t i = 0; i < n; i++)
                names[i] = inl[i].name;
            if (role_delete_inline(ctx, m, id, names, n, &err) != 0) {
                aws_diag(ctx, &err, "deleting IAM Role (%s): deleting inline policies", id);
                return;
            }
        } else if (!aws_error_is(&err, "NoSuchEntity")) {
            aws_diag(ctx, &err, "deleting IAM Role (%s): listing inline policies", id);
            return;
        }
    }
    aws_params *d = aws_params_new(a);
    aws_params_add(d, "RoleName", id);
    /* a policy or profile detached a moment ago may still hold the role */
    static const char *const retry[] = {"DeleteConflict", NULL};
    aws_retry_on on = {.codes = retry};
    if (aws_query_call_retry(m->client, a, ctx->stop, "iam", "DeleteRole", d, &out,
                             IAM_PROPAGATION_TIMEOUT, on, &err) != 0 &&
        !aws_error_is(&err, "NoSuchEntity"))
        aws_diag(ctx, &err, "deleting IAM Role (%s)", id);
}

static const tf_value *role_import(tf_ctx *ctx, const char *id)
{
    tf_objb b;
    tf_objb_init(&b, ctx->arena, ROLE_SCHEMA.ctype, NULL);
    tf_objb_str(&b, "id", id);
    tf_objb_bool(&b, "force_detach_policies", false);
    return tf_objb_done(&b);
}

const tf_resource_def aws_iam_role_def = {
    .type_name = "aws_iam_role",
    .version = 0,
    .schema = &ROLE_SCHEMA,
    .modify_plan = role_modify_plan,
    .create = role_create,
    .read = role_read,
    .update = role_update,
    .delete = role_delete,
    .import = role_import,
};

/* secret.c - aws_secretsmanager_secret: a Secrets Manager secret, without
 * its value (aws_secretsmanager_secret_version holds that).
 *
 * The one idea: the secret is known by its ARN (id and import ID); its
 * name is fixed at creation and everything else -- description, KMS key,
 * resource policy, tags, replica regions -- changes in place.  Deleting
 * schedules the deletion for recovery_window_in_days (default 30; 0 deletes
 * at once), during which AWS keeps the name: a secret scheduled for deletion
 * reads as gone.
 *
 * hashicorp/aws 5.100.0: CreateSecret (a client request token, description
 * always sent, tags, replicas), retried while AWS says the name belongs to
 * a secret scheduled for deletion, then DescribeSecret until visible and
 * PutResourcePolicy when a policy is set (retried while AWS refuses a
 * principal it does not know yet); read through DescribeSecret (tags
 * included) and GetResourcePolicy, the policy kept as configured while
 * equivalent; update by Replicate/RemoveRegionsFromReplication,
 * UpdateSecret (description and KMS key together), Put/DeleteResourcePolicy
 * and Tag/UntagResource; delete by DeleteSecret, waiting until the secret
 * reads as gone. */

#include <stdio.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "iam/iam_common.h"
#include "iam/policy_json.h"
#include "names.h"
#include "resources.h"
#include "schema_block.h"
#include "sm_common.h"
#include "tags.h"
#include "value_build.h"

#define SEC_SCHEMA aws_schema_resource_aws_secretsmanager_secret

/* ---- validation ---- */

static bool secret_name_chars_ok(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++) {
        char c = *s;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              strchr("/_+=.@-", c)))
            return false;
    }
    return true;
}

/* validSecretName / validSecretNamePrefix, with hashicorp's wording. */
static void check_name(tf_ctx *ctx, const tf_value *config, const char *attr, size_t max)
{
    const tf_value *v = tf_get(config, attr);
    if (!tf_is_known(v) || tf_is_null(v))
        return;
    tf_arena *a = ctx->arena;
    const tf_path *path = tf_path_attr(a, tf_path_root(a), attr);
    const char *summary = tf_arena_printf(a, "Invalid value for \"%s\"", attr);
    if (!secret_name_chars_ok(v->u.str.ptr))
        tf_diag_error(ctx->diags, path, summary,
                      "only alphanumeric characters and /_+=.@- special characters are allowed "
                      "in \"%s\"", attr);
    if (v->u.str.len > max)
        tf_diag_error(ctx->diags, path, summary, "\"%s\" cannot be greater than %zu characters",
                      attr, max);
}

static void secret_validate(tf_ctx *ctx, const tf_value *config)
{
    check_name(ctx, config, "name", 512);
    check_name(ctx, config, "name_prefix", 512 - AWS_UNIQUE_SUFFIX_LEN);
    /* validation.Any(IntBetween(7, 30), IntInSlice([]int{0})): both
     * validators' errors when neither accepts the value */
    const tf_value *w = tf_get(config, "recovery_window_in_days");
    int64_t days;
    if (tf_is_known(w) && !tf_is_null(w) && tf_number_to_i64(w, &days) && days != 0 &&
        (days < 7 || days > 30)) {
        tf_arena *a = ctx->arena;
        const tf_path *path = tf_path_attr(a, tf_path_root(a), "recovery_window_in_days");
        const char *summary = "Invalid value for \"recovery_window_in_days\"";
        tf_diag_error(ctx->diags, path, summary,
                      "expected recovery_window_in_days to be in the range (7 - 30), got %lld",
                      (long long)days);
        tf_diag_error(ctx->diags, path, summary,
                      "expected recovery_window_in_days to be one of [0], got %lld",
                      (long long)days);
    }
}

/* ---- planning ---- */

static void secret_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->planned))
        return;
    iam_plan_policy(ctx, req, "policy", false);
    aws_tags_plan(ctx, req);
    /* An imported secret has no force_overwrite_replica_secret: SDKv2 plans
     * its default over the null, as a change */
    if (!tf_is_null(req->prior) && tf_is_null(tf_get(req->prior, "force_overwrite_replica_secret")) &&
        tf_is_null(tf_get(req->config, "force_overwrite_replica_secret")))
        req->planned = tf_object_with(ctx->arena, req->planned, "force_overwrite_replica_secret",
                                      tf_bool(ctx->arena, false));
    /* replica is optional and computed: left out on create, AWS says */
    const tf_value *cfg = tf_get(req->config, "replica");
    if (tf_is_null(req->prior) && (tf_is_null(cfg) || (tf_is_known(cfg) && cfg->u.coll.n == 0)))
        req->planned = tf_object_with(ctx->arena, req->planned, "replica",
                                      tf_unknown(ctx->arena, tf_get(req->planned,
                                                                    "replica")->type));
}

/* ---- reading ---- */

static const tf_value *replica_set(tf_arena *a, const json_t *status)
{
    const tf_block *blk = aws_schema_block(&SEC_SCHEMA, "replica");
    size_t n = json_array_size(status);
    const tf_value **items = tf_arena_calloc(a, n + 1, sizeof *items);
    for (size_t i = 0; i < n; i++) {
        const json_t *r = json_array_get(status, i);
        const char *kms = aws_json_str(a, r, "KmsKeyId");
        const char *last = sm_rfc3339(a, r, "LastAccessedDate");
        const char *region = aws_json_str(a, r, "Region");
        const char *st = aws_json_str(a, r, "Status");
        const char *msg = aws_json_str(a, r, "StatusMessage");
        tf_objb b;
        tf_objb_init(&b, a, blk->ctype, NULL);
        tf_objb_str(&b, "kms_key_id", kms ? kms : "");
        tf_objb_str(&b, "last_accessed_date", last ? last : "");
        tf_objb_str(&b, "region", region ? region : "");
        tf_objb_str(&b, "status", st ? st : "");
        tf_objb_str(&b, "status_message", msg ? msg : "");
        items[i] = tf_objb_done(&b);
    }
    return tf_set(a, blk->ctype, n, items);
}

static aws_kv *tags_from_list(tf_arena *a, const json_t *list, size_t *n)
{
    *n = json_array_size(list);
    aws_kv *kv = tf_arena_calloc(a, *n + 1, sizeof *kv);
    for (size_t i = 0; i < *n; i++) {
        const json_t *t = json_array_get(list, i);
        const char *k = aws_json_str(a, t, "Key"), *v = aws_json_str(a, t, "Value");
        kv[i].key = k ? k : "";
        kv[i].value = v ? v : "";
    }
    return kv;
}

/* The policy as hashicorp reads it: GetResourcePolicy, retried while the
 * document names principals AWS shows as unique ids (a role being
 * re-created); NULL on error, "" when there is none. */
static const char *read_policy(tf_ctx *ctx, const aws_meta *m, const char *id, aws_error *err)
{
    json_t *in = json_pack("{s:s}", "SecretId", id);
    json_t *out = NULL;
    int rc = sm_call(ctx, m, "GetResourcePolicy", in, &out, err);
    json_decref(in);
    if (rc != 0)
        return NULL;
    const char *p = aws_json_str(ctx->arena, out, "ResourcePolicy");
    json_decref(out);
    return p ? p : "";
}

/* Reads the secret into a state built on base: a null state when gone (an
 * error when is_new), NULL with an error diagnostic. */
static const tf_value *secret_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                      bool is_new)
{
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(base, "id", "");
    json_t *s = NULL;
    aws_error err;
    int rc = sm_find_secret(ctx, m, id, is_new, &s, &err);
    if (rc < 0) {
        aws_diag(ctx, &err, "reading Secrets Manager Secret (%s)", id);
        return NULL;
    }
    if (rc == 0)
        return tf_null(a, SEC_SCHEMA.ctype);
    tf_objb b;
    tf_objb_init(&b, a, SEC_SCHEMA.ctype, base);
    const char *arn = aws_json_str(a, s, "ARN");
    const char *desc = aws_json_str(a, s, "Description");
    const char *kms = aws_json_str(a, s, "KmsKeyId");
    tf_objb_str(&b, "id", arn);
    tf_objb_str(&b, "arn", arn);
    tf_objb_str(&b, "description", desc ? desc : "");
    tf_objb_str(&b, "kms_key_id", kms ? kms : "");
    aws_name_state(&b, aws_json_str(a, s, "Name"));
    tf_objb_set(&b, "replica", replica_set(a, json_object_get(s, "ReplicationStatus")));
    size_t n_tags;
    aws_kv *tags = tags_from_list(a, json_object_get(s, "Tags"), &n_tags);
    json_decref(s);
    const char *policy = read_policy(ctx, m, id, &err);
    if (!policy) {
        aws_diag(ctx, &err, "reading Secrets Manager Secret (%s) policy", id);
        return NULL;
    }
    tf_objb_str(&b, "policy",
                *policy ? iam_policy_to_set(a, tf_get_str(base, "policy", ""), policy, false)
                        : "");
    aws_tags_set_state(&b, m, tags, n_tags, tf_get(base, "tags"));
    return tf_objb_done(&b);
}

/* ---- writing ---- */

static json_t *replica_regions(const tf_value *set)
{
    json_t *arr = json_array();
    for (size_t i = 0; tf_is_known(set) && !tf_is_null(set) && i < set->u.coll.n; i++) {
        const tf_value *r = set->u.coll.items[i];
        json_t *o = json_object();
        const char *kms = tf_get_str(r, "kms_key_id", "");
        if (*kms)
            json_object_set_new(o, "KmsKeyId", json_string(kms));
        const char *region = tf_get_str(r, "region", "");
        if (*region)
            json_object_set_new(o, "Region", json_string(region));
        json_array_append_new(arr, o);
    }
    return arr;
}

/* The elements of x whose (kms_key_id, region) -- the set's hash key in
 * hashicorp/aws -- no element of y has. */
static const tf_value *replica_minus(tf_arena *a, const tf_value *x, const tf_value *y)
{
    const tf_block *blk = aws_schema_block(&SEC_SCHEMA, "replica");
    size_t nx = tf_is_known(x) && !tf_is_null(x) ? x->u.coll.n : 0;
    size_t ny = tf_is_known(y) && !tf_is_null(y) ? y->u.coll.n : 0;
    const tf_value **items = tf_arena_calloc(a, nx + 1, sizeof *items);
    size_t n = 0;
    for (size_t i = 0; i < nx; i++) {
        const tf_value *e = x->u.coll.items[i];
        bool found = false;
        for (size_t j = 0; j < ny && !found; j++) {
            const tf_value *f = y->u.coll.items[j];
            found = strcmp(tf_get_str(e, "region", ""), tf_get_str(f, "region", "")) == 0 &&
                    strcmp(tf_get_str(e, "kms_key_id", ""), tf_get_str(f, "kms_key_id", "")) ==
                        0;
        }
        if (!found)
            items[n++] = e;
    }
    return tf_list(a, blk->ctype, n, items);
}

static int remove_replicas(tf_ctx *ctx, const aws_meta *m, const char *id, const tf_value *set)
{
    size_t n = tf_is_known(set) && !tf_is_null(set) ? set->u.coll.n : 0;
    if (!n)
        return 0;
    json_t *regions = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(regions,
                              json_string(tf_get_str(set->u.coll.items[i], "region", "")));
    json_t *in = json_pack("{s:o,s:s}", "RemoveReplicaRegions", regions, "SecretId", id);
    aws_error err;
    int rc = sm_call(ctx, m, "RemoveRegionsFromReplication", in, NULL, &err);
    json_decref(in);
    if (rc != 0 && !aws_error_is(&err, "ResourceNotFoundException")) {
        aws_diag(ctx, &err, "removing Secrets Manager Secret (%s) replicas", id);
        return -1;
    }
    return 0;
}

static int add_replicas(tf_ctx *ctx, const aws_meta *m, const char *id, bool force,
                        const tf_value *set)
{
    if (!tf_is_known(set) || tf_is_null(set) || set->u.coll.n == 0)
        return 0;
    json_t *in = json_pack("{s:o,s:s,s:b}", "AddReplicaRegions", replica_regions(set),
                           "SecretId", id, "ForceOverwriteReplicaSecret", force);
    aws_error err;
    int rc = sm_call(ctx, m, "ReplicateSecretToRegions", in, NULL, &err);
    json_decref(in);
    if (rc != 0)
        aws_diag(ctx, &err, "adding Secrets Manager Secret (%s) replicas", id);
    return rc;
}

typedef struct put_policy {
    tf_ctx *ctx;
    const aws_meta *m;
    json_t *in;
} put_policy;

static aws_wait_status put_policy_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    put_policy *p = ud;
    if (sm_call(p->ctx, p->m, "PutResourcePolicy", p->in, NULL, err) == 0)
        return AWS_WAIT_DONE;
    if (aws_error_is(err, "MalformedPolicyDocumentException") &&
        strstr(err->message, "This resource policy contains an unsupported principal")) {
        snprintf(state, state_len, "%s", err->message);
        return AWS_WAIT_CONTINUE;
    }
    return AWS_WAIT_FAIL;
}

/* PutResourcePolicy (normalised document), or DeleteResourcePolicy when
 * the policy is "" or "{}". */
static int set_policy(tf_ctx *ctx, const aws_meta *m, const char *id, const char *policy)
{
    aws_error err;
    if (!*policy || strcmp(policy, "{}") == 0) {
        json_t *in = json_pack("{s:s}", "SecretId", id);
        int rc = sm_call(ctx, m, "DeleteResourcePolicy", in, NULL, &err);
        json_decref(in);
        if (rc != 0)
            aws_diag(ctx, &err, "deleting Secrets Manager Secret (%s) policy", id);
        return rc;
    }
    const char *norm = pj_normalize(ctx->arena, policy, strlen(policy));
    put_policy p = {.ctx = ctx, .m = m,
                    .in = json_pack("{s:s,s:s}", "ResourcePolicy", norm ? norm : policy,
                                    "SecretId", id)};
    int rc = aws_wait(ctx->stop, SM_PROPAGATION_TIMEOUT, put_policy_poll, &p, &err);
    json_decref(p.in);
    if (rc != 0)
        aws_diag(ctx, &err, "putting Secrets Manager Secret (%s) policy", id);
    return rc;
}

static json_t *tag_list(const aws_kv *kv, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:s,s:s}", "Key", kv[i].key, "Value",
                                             kv[i].value));
    return arr;
}

/* CreateSecret refused because the name's former secret is still being
 * deleted: repeated, as hashicorp/aws does, for the propagation timeout. */
static int create_retry_when(const void *ud, const aws_error *err)
{
    (void)ud;
    return aws_error_is(err, "InvalidRequestException") &&
           (strstr(err->message, "scheduled for deletion") || strstr(err->message, "was deleted"));
}

static const tf_value *secret_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *name = aws_name_planned(a, planned, NULL);
    json_t *in = json_pack("{s:s,s:b,s:s}", "Description", tf_get_str(planned, "description", ""),
                           "ForceOverwriteReplicaSecret",
                           tf_get_bool(planned, "force_overwrite_replica_secret", false),
                           "Name", name);
    size_t n_tags;
    aws_kv *tags = aws_tags_from_map(a, tf_get(planned, "tags_all"), &n_tags);
    if (n_tags)
        json_object_set_new(in, "Tags", tag_list(tags, n_tags));
    const char *kms = tf_get_str(planned, "kms_key_id", "");
    if (*kms)
        json_object_set_new(in, "KmsKeyId", json_string(kms));
    const tf_value *replica = tf_get(planned, "replica");
    if (tf_is_known(replica) && !tf_is_null(replica) && replica->u.coll.n)
        json_object_set_new(in, "AddReplicaRegions", replica_regions(replica));
    /* the ClientRequestToken is create_once's (one per logical create,
     * taken over from its journal after a killed attempt) */
    aws_create_once once = {.service = "secretsmanager", .operation = "CreateSecret",
                            .retry_when = create_retry_when,
                            .retry_timeout_s = SM_PROPAGATION_TIMEOUT};
    json_t *out = NULL;
    const char *adopted = NULL;
    aws_error err;
    int rc = aws_create_once_json(m->client, a, ctx->stop, &once, in, &out, &adopted, &err);
    json_decref(in);
    if (rc != 0) {
        aws_diag(ctx, &err, "creating Secrets Manager Secret (%s)", name);
        return NULL;
    }
    const char *arn = aws_json_str(a, out, "ARN");
    json_decref(out);
    if (!arn) {
        aws_error_set(&err, AWS_ERR_RESPONSE, "MissingARN", "CreateSecret answered no ARN");
        aws_diag(ctx, &err, "creating Secrets Manager Secret (%s)", name);
        return NULL;
    }
    const tf_value *state = tf_object_with(a, planned, "id", tf_string(a, arn));
    json_t *found = NULL;
    rc = sm_find_secret(ctx, m, arn, true, &found, &err);
    json_decref(found);
    if (rc != 1) {
        if (rc == 0)
            aws_error_set(&err, AWS_ERR_TIMEOUT, "NotFound", "secret not found after create");
        aws_diag(ctx, &err, "waiting for Secrets Manager Secret (%s) create", arn);
        return state;
    }
    const char *policy = tf_get_str(planned, "policy", "");
    if (*policy && strcmp(policy, "{}") != 0 && set_policy(ctx, m, arn, policy) != 0)
        return state;
    const tf_value *r = secret_refresh(ctx, m, state, true);
    return r && !tf_is_null(r) ? r : state;
}

static const tf_value *secret_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    return m ? secret_refresh(ctx, m, state, false) : NULL;
}

static int secret_tags_update(tf_ctx *ctx, const aws_meta *m, const char *id,
                              const tf_value *old_all, const tf_value *new_all)
{
    static const aws_json_tagging sm_tagging = {
        .service = "secretsmanager", .arn_key = "SecretId", .keys_key = "TagKeys",
        .tags_key = "Tags", .what = "resource", .tags_json = tag_list};
    return aws_tags_update_json(ctx, m, &sm_tagging, id, old_all, new_all);
}

static bool changed(const tf_value *prior, const tf_value *planned, const char *attr)
{
    return !tf_value_equal(tf_get(prior, attr), tf_get(planned, attr));
}

static const tf_value *secret_update(tf_ctx *ctx, const tf_value *prior,
                                     const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(prior, "id", "");
    aws_error err;
    if (changed(prior, planned, "replica")) {
        const tf_value *o = tf_get(prior, "replica"), *n = tf_get(planned, "replica");
        if (remove_replicas(ctx, m, id, replica_minus(a, o, n)) != 0)
            return prior;
        if (add_replicas(ctx, m, id, tf_get_bool(planned, "force_overwrite_replica_secret", false),
                         replica_minus(a, n, o)) != 0)
            return prior;
    }
    if (changed(prior, planned, "description") || changed(prior, planned, "kms_key_id")) {
        json_t *in = json_pack("{s:s,s:s,s:s}", "ClientRequestToken",
                               aws_name_or_generated(a, "", NULL), "Description",
                               tf_get_str(planned, "description", ""), "SecretId", id);
        const char *kms = tf_get_str(planned, "kms_key_id", "");
        if (*kms)
            json_object_set_new(in, "KmsKeyId", json_string(kms));
        int rc = sm_call(ctx, m, "UpdateSecret", in, NULL, &err);
        json_decref(in);
        if (rc != 0) {
            aws_diag(ctx, &err, "updating Secrets Manager Secret (%s)", id);
            return prior;
        }
    }
    if (changed(prior, planned, "policy")) {
        const tf_value *p = tf_get(planned, "policy");
        if (set_policy(ctx, m, id, tf_is_known(p) && !tf_is_null(p) ? p->u.str.ptr : "") != 0)
            return prior;
    }
    if (changed(prior, planned, "tags_all") &&
        secret_tags_update(ctx, m, id, tf_get(prior, "tags_all"), tf_get(planned, "tags_all")) !=
            0)
        return prior;
    const tf_value *r = secret_refresh(ctx, m, planned, false);
    return r && !tf_is_null(r) ? r : planned;
}

static aws_wait_status gone_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    void **k = ud;
    json_t *s = NULL;
    int rc = sm_find_secret(k[0], k[1], k[2], false, &s, err);
    json_decref(s);
    if (rc < 0)
        return AWS_WAIT_FAIL;
    if (rc == 0)
        return AWS_WAIT_DONE;
    snprintf(state, state_len, "still present");
    return AWS_WAIT_CONTINUE;
}

static void secret_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    const char *id = tf_get_str(prior, "id", "");
    if (remove_replicas(ctx, m, id, tf_get(prior, "replica")) != 0)
        return;
    json_t *in = json_pack("{s:s}", "SecretId", id);
    int64_t days = tf_get_i64(prior, "recovery_window_in_days", 30);
    if (days == 0)
        json_object_set_new(in, "ForceDeleteWithoutRecovery", json_true());
    else
        json_object_set_new(in, "RecoveryWindowInDays", json_integer(days));
    aws_error err;
    int rc = sm_call(ctx, m, "DeleteSecret", in, NULL, &err);
    json_decref(in);
    if (rc != 0) {
        if (!aws_error_is(&err, "ResourceNotFoundException"))
            aws_diag(ctx, &err, "deleting Secrets Manager Secret (%s)", id);
        return;
    }
    void *k[3] = {ctx, (void *)m, (void *)id};
    if (aws_wait(ctx->stop, SM_PROPAGATION_TIMEOUT, gone_poll, k, &err) != 0)
        aws_diag(ctx, &err, "waiting for Secrets Manager Secret (%s) delete", id);
}

const tf_resource_def aws_secretsmanager_secret_def = {
    .type_name = "aws_secretsmanager_secret",
    .version = 0,
    .schema = &SEC_SCHEMA,
    .validate = secret_validate,
    .modify_plan = secret_modify_plan,
    .create = secret_create,
    .read = secret_read,
    .update = secret_update,
    .delete = secret_delete,
};

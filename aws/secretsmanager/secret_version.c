/* secret_version.c - aws_secretsmanager_secret_version: one version of a
 * secret's value, with its staging labels.
 *
 * The one idea: a version is immutable -- a new value is a new version (a
 * replacement), only its staging labels change in place.  The id is
 * "<secret_id>|<version_id>", secret_id as configured (name or ARN), and
 * is also the import ID.  The value comes from secret_string, secret_binary
 * (base64) or the write-only secret_string_wo, which only the apply's
 * configuration carries: it reaches AWS and nothing else.  A version made
 * from secret_string_wo is marked has_secret_string_wo, and then reads never
 * put the value into secret_string; bumping secret_string_wo_version (a
 * forcenew argument) is how a new write-only value is rolled out.
 *
 * hashicorp/aws 5.100.0: PutSecretValue with a client request token and
 * the configured stages, then GetSecretValue by version id until visible;
 * read by GetSecretValue (ResourceNotFoundException, or a secret deleted or
 * marked for deletion, is "gone"); update moves staging labels with
 * UpdateSecretVersionStage (AWSCURRENT taken from the version holding it,
 * found by ListSecretVersionIds, and never removed); delete removes the
 * version's labels other than AWSCURRENT and waits until at most AWSCURRENT
 * or AWSPREVIOUS is left on it. */

#include <stdio.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "base64.h"
#include "diagnostics.h"
#include "resources.h"
#include "sm_common.h"
#include "value_build.h"

#define VER_SCHEMA aws_schema_resource_aws_secretsmanager_secret_version

#define STAGE_CURRENT "AWSCURRENT"
#define STAGE_PREVIOUS "AWSPREVIOUS"

/* hashicorp's Base64EncodeOnce of the bytes AWS sent (base64 on the json
 * wire): bytes that are themselves base64 text are kept as they are, others
 * encoded. */
static const char *binary_to_state(tf_arena *a, const char *wire)
{
    if (!wire)
        return "";
    size_t n;
    unsigned char *raw = aws_base64_decode(a, wire, strlen(wire), &n);
    if (!raw)
        return wire;
    size_t m;
    char *text = tf_arena_alloc(a, n + 1);
    memcpy(text, raw, n);
    text[n] = 0;
    if (strlen(text) == n && aws_base64_decode(a, text, n, &m))
        return text;
    return aws_base64_encode(a, raw, n);
}

/* ---- ids ---- */

static int parse_id(tf_arena *a, const char *id, const char **secret, const char **version)
{
    const char *bar = strchr(id, '|');
    if (!bar || bar == id || !bar[1])
        return -1;
    *secret = tf_arena_strndup(a, id, (size_t)(bar - id));
    *version = tf_arena_strdup(a, bar + 1);
    return 0;
}

static void bad_id(tf_ctx *ctx, const char *id)
{
    tf_diag_error(ctx->diags, NULL,
                  tf_arena_printf(ctx->arena, "unexpected format of ID (%s), expected "
                                              "SecretID|VersionID", id),
                  NULL);
}

/* ---- planning ---- */

static void version_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->planned))
        return;
    /* write-only: never in a plan */
    req->planned = tf_object_with(ctx->arena, req->planned, "secret_string_wo",
                                  tf_null(ctx->arena, tf_get(req->planned,
                                                             "secret_string_wo")->type));
}

/* ---- reading ---- */

static const tf_value *string_set(tf_arena *a, const json_t *arr)
{
    size_t n = json_array_size(arr);
    const tf_value **items = tf_arena_calloc(a, n + 1, sizeof *items);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const char *s = json_string_value(json_array_get(arr, i));
        if (s)
            items[k++] = tf_string(a, s);
    }
    return tf_set(a, &tf_type_string, k, items);
}

/* Whether the configuration (during apply) sets secret_string_wo. */
static const char *config_wo(tf_ctx *ctx)
{
    const tf_value *v = ctx->config ? tf_get(ctx->config, "secret_string_wo") : NULL;
    return tf_is_known(v) && !tf_is_null(v) ? v->u.str.ptr : NULL;
}

static const tf_value *version_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                       bool is_new)
{
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(base, "id", "");
    const char *secret_id, *version_id;
    if (parse_id(a, id, &secret_id, &version_id) != 0) {
        bad_id(ctx, id);
        return NULL;
    }
    json_t *out = NULL;
    aws_error err;
    int rc = sm_find_version(ctx, m, secret_id, version_id, is_new, &out, &err);
    if (rc < 0) {
        aws_diag(ctx, &err, "reading Secrets Manager Secret Version (%s)", id);
        return NULL;
    }
    if (rc == 0) {
        if (!is_new)
            return tf_null(a, VER_SCHEMA.ctype);
        aws_error_set(&err, AWS_ERR_TIMEOUT, "NotFound", "secret version not found");
        aws_diag(ctx, &err, "reading Secrets Manager Secret Version (%s)", id);
        return NULL;
    }
    tf_objb b;
    tf_objb_init(&b, a, VER_SCHEMA.ctype, base);
    tf_objb_str(&b, "id", id);
    tf_objb_str(&b, "arn", aws_json_str(a, out, "ARN"));
    tf_objb_str(&b, "secret_binary", binary_to_state(a, aws_json_str(a, out, "SecretBinary")));
    tf_objb_str(&b, "secret_id", secret_id);
    const char *s = aws_json_str(a, out, "SecretString");
    tf_objb_str(&b, "secret_string", s ? s : "");
    tf_objb_str(&b, "version_id", aws_json_str(a, out, "VersionId"));
    tf_objb_set(&b, "version_stages", string_set(a, json_object_get(out, "VersionStages")));
    json_decref(out);
    const char *wo = config_wo(ctx);
    if (tf_get_bool(base, "has_secret_string_wo", false) || (wo && *wo)) {
        tf_objb_bool(&b, "has_secret_string_wo", true);
        tf_objb_str(&b, "secret_string", "");
    }
    tf_objb_set(&b, "secret_string_wo", tf_null(a, &tf_type_string));
    return tf_objb_done(&b);
}

/* ---- writing ---- */

static json_t *stage_array(const tf_value *set)
{
    json_t *arr = json_array();
    for (size_t i = 0; tf_is_known(set) && !tf_is_null(set) && i < set->u.coll.n; i++)
        json_array_append_new(arr, json_string(set->u.coll.items[i]->u.str.ptr));
    return arr;
}

static const tf_value *version_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *secret_id = tf_get_str(planned, "secret_id", "");
    json_t *in = json_pack("{s:s}", "SecretId", secret_id);
    const char *bin = tf_get_str(planned, "secret_binary", "");
    if (*bin) {
        size_t n;
        unsigned char *raw = aws_base64_decode(a, bin, strlen(bin), &n);
        if (!raw) {
            json_decref(in);
            tf_diag_error(ctx->diags, tf_path_attr(a, tf_path_root(a), "secret_binary"),
                          "Invalid base64 in secret_binary", NULL);
            return NULL;
        }
        json_object_set_new(in, "SecretBinary", json_string(aws_base64_encode(a, raw, n)));
    }
    const char *str = tf_get_str(planned, "secret_string", "");
    if (*str)
        json_object_set_new(in, "SecretString", json_string(str));
    const char *wo = config_wo(ctx);
    if (wo && *wo)
        json_object_set_new(in, "SecretString", json_string(wo));
    const tf_value *stages = tf_get(planned, "version_stages");
    if (tf_is_known(stages) && !tf_is_null(stages) && stages->u.coll.n)
        json_object_set_new(in, "VersionStages", stage_array(stages));
    /* the ClientRequestToken (the version id) is create_once's: one per
     * logical create, taken over from its journal after a killed attempt */
    aws_create_once once = {.service = "secretsmanager", .operation = "PutSecretValue"};
    json_t *out = NULL;
    const char *adopted = NULL;
    aws_error err;
    int rc = aws_create_once_json(m->client, a, ctx->stop, &once, in, &out, &adopted, &err);
    /* the token is the version id: an adopted earlier attempt made that one */
    const char *token = aws_json_str(a, in, "ClientRequestToken");
    json_decref(in);
    if (rc != 0) {
        aws_diag(ctx, &err, "putting Secrets Manager Secret (%s) value", secret_id);
        return NULL;
    }
    const char *version_id = out ? aws_json_str(a, out, "VersionId") : token;
    json_decref(out);
    const char *id = tf_arena_printf(a, "%s|%s", secret_id, version_id ? version_id : "");
    const tf_value *state = tf_object_with(a, planned, "id", tf_string(a, id));
    const tf_value *r = version_refresh(ctx, m, state, true);
    return r ? r : state;
}

static const tf_value *version_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    return m ? version_refresh(ctx, m, state, false) : NULL;
}

static bool set_has(const tf_value *set, const char *s)
{
    for (size_t i = 0; tf_is_known(set) && !tf_is_null(set) && i < set->u.coll.n; i++)
        if (strcmp(set->u.coll.items[i]->u.str.ptr, s) == 0)
            return true;
    return false;
}

typedef struct current_page {
    const char *found;
    tf_arena *a;
} current_page;

static int current_page_fn(void *ud, json_t *page, aws_error *err)
{
    (void)err;
    current_page *c = ud;
    const json_t *versions = json_object_get(page, "Versions");
    for (size_t i = 0; i < json_array_size(versions); i++) {
        const json_t *v = json_array_get(versions, i);
        const json_t *st = json_object_get(v, "VersionStages");
        for (size_t j = 0; j < json_array_size(st); j++)
            if (json_string_value(json_array_get(st, j)) &&
                strcmp(json_string_value(json_array_get(st, j)), STAGE_CURRENT) == 0) {
                c->found = aws_json_str(c->a, v, "VersionId");
                return 1;
            }
    }
    return 0;
}

static int move_stage(tf_ctx *ctx, const aws_meta *m, const char *secret_id, const char *stage,
                      const char *move_to, const char *remove_from, aws_error *err)
{
    json_t *in = json_pack("{s:s,s:s}", "SecretId", secret_id, "VersionStage", stage);
    if (move_to)
        json_object_set_new(in, "MoveToVersionId", json_string(move_to));
    if (remove_from)
        json_object_set_new(in, "RemoveFromVersionId", json_string(remove_from));
    int rc = sm_call(ctx, m, "UpdateSecretVersionStage", in, NULL, err);
    json_decref(in);
    return rc;
}

static const tf_value *version_update(tf_ctx *ctx, const tf_value *prior,
                                      const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(prior, "id", "");
    const char *secret_id, *version_id;
    if (parse_id(a, id, &secret_id, &version_id) != 0) {
        bad_id(ctx, id);
        return NULL;
    }
    const tf_value *os = tf_get(prior, "version_stages"), *ns = tf_get(planned, "version_stages");
    aws_error err;
    bool listed = false;
    for (size_t i = 0; tf_is_known(ns) && !tf_is_null(ns) && i < ns->u.coll.n; i++) {
        const char *stage = ns->u.coll.items[i]->u.str.ptr;
        if (set_has(os, stage))
            continue;
        const char *remove_from = NULL;
        if (!listed && strcmp(stage, STAGE_CURRENT) == 0) {
            current_page c = {.a = a};
            json_t *in = json_pack("{s:s}", "SecretId", secret_id);
            int rc = aws_json_pages(m->client, a, ctx->stop, "secretsmanager",
                                    "ListSecretVersionIds", in, "NextToken", current_page_fn, &c,
                                    &err);
            json_decref(in);
            if (rc != 0) {
                aws_diag(ctx, &err, "listing Secrets Manager Secret (%s) version IDs", secret_id);
                return prior;
            }
            remove_from = c.found;
            listed = true;
        }
        if (move_stage(ctx, m, secret_id, stage, version_id, remove_from, &err) != 0) {
            aws_diag(ctx, &err, "adding Secrets Manager Secret Version (%s) stage (%s)", id, stage);
            return prior;
        }
    }
    for (size_t i = 0; tf_is_known(os) && !tf_is_null(os) && i < os->u.coll.n; i++) {
        const char *stage = os->u.coll.items[i]->u.str.ptr;
        if (set_has(ns, stage) || strcmp(stage, STAGE_CURRENT) == 0 ||
            (listed && strcmp(stage, STAGE_PREVIOUS) == 0))
            continue;
        if (move_stage(ctx, m, secret_id, stage, NULL, version_id, &err) != 0) {
            aws_diag(ctx, &err, "deleting Secrets Manager Secret Version (%s) stage (%s)", id,
                     stage);
            return prior;
        }
    }
    const tf_value *r = version_refresh(ctx, m, planned, false);
    return r && !tf_is_null(r) ? r : planned;
}

static bool gone_error(const aws_error *err)
{
    return aws_error_is(err, "ResourceNotFoundException") ||
           (aws_error_is(err, "InvalidRequestException") &&
            (strstr(err->message, "because it was deleted") ||
             strstr(err->message, "because it was marked for deletion")));
}

typedef struct gone {
    tf_ctx *ctx;
    const aws_meta *m;
    const char *secret_id, *version_id;
} gone;

static aws_wait_status gone_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    gone *g = ud;
    json_t *out = NULL;
    int rc = sm_find_version(g->ctx, g->m, g->secret_id, g->version_id, false, &out, err);
    if (rc < 0)
        return AWS_WAIT_FAIL;
    if (rc == 0)
        return AWS_WAIT_DONE;
    const json_t *st = json_object_get(out, "VersionStages");
    size_t n = json_array_size(st);
    const char *only = n == 1 ? json_string_value(json_array_get(st, 0)) : NULL;
    bool done = n == 0 || (only && (strcmp(only, STAGE_CURRENT) == 0 ||
                                    strcmp(only, STAGE_PREVIOUS) == 0));
    json_decref(out);
    if (done)
        return AWS_WAIT_DONE;
    snprintf(state, state_len, "labelled");
    return AWS_WAIT_CONTINUE;
}

static void version_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(prior, "id", "");
    const char *secret_id, *version_id;
    if (parse_id(a, id, &secret_id, &version_id) != 0) {
        bad_id(ctx, id);
        return;
    }
    aws_error err;
    const tf_value *stages = tf_get(prior, "version_stages");
    for (size_t i = 0; tf_is_known(stages) && !tf_is_null(stages) && i < stages->u.coll.n; i++) {
        const char *stage = stages->u.coll.items[i]->u.str.ptr;
        if (strcmp(stage, STAGE_CURRENT) == 0)
            continue;   /* AWS only moves AWSCURRENT, never removes it */
        if (move_stage(ctx, m, secret_id, stage, NULL, version_id, &err) != 0) {
            if (gone_error(&err))
                return;
            aws_diag(ctx, &err, "deleting Secrets Manager Secret Version (%s) stage (%s)", id,
                     stage);
            return;
        }
    }
    gone g = {.ctx = ctx, .m = m, .secret_id = secret_id, .version_id = version_id};
    if (aws_wait(ctx->stop, SM_PROPAGATION_TIMEOUT, gone_poll, &g, &err) != 0)
        aws_diag(ctx, &err, "waiting for Secrets Manager Secret Version (%s) delete", id);
}

static const tf_value *version_import(tf_ctx *ctx, const char *id)
{
    const char *s, *v;
    if (parse_id(ctx->arena, id, &s, &v) != 0) {
        bad_id(ctx, id);
        return NULL;
    }
    tf_objb b;
    tf_objb_init(&b, ctx->arena, VER_SCHEMA.ctype, NULL);
    tf_objb_str(&b, "id", id);
    /* hashicorp's importer sets has_secret_string_wo false: an imported
     * version shows its secret_string */
    tf_objb_bool(&b, "has_secret_string_wo", false);
    return tf_objb_done(&b);
}

const tf_resource_def aws_secretsmanager_secret_version_def = {
    .type_name = "aws_secretsmanager_secret_version",
    .version = 0,
    .schema = &VER_SCHEMA,
    .modify_plan = version_modify_plan,
    .create = version_create,
    .read = version_read,
    .update = version_update,
    .delete = version_delete,
    .import = version_import,
};

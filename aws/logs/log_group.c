/* log_group.c - aws_cloudwatch_log_group: a CloudWatch Logs log group.
 *
 * The one idea: a log group is known by its name (the resource id and the
 * import ID); everything else -- retention, KMS key, tags -- is a setting
 * of that name changed in place.  AWS reports the ARN with a trailing ":*"
 * (all streams); hashicorp/aws stores it without, and tag calls take that
 * form.
 *
 * hashicorp/aws: CreateLogGroup (class, KMS key, tags) then, when
 * retention_in_days is set and the class is not DELIVERY,
 * PutRetentionPolicy; read through DescribeLogGroups by name prefix,
 * keeping the exact match, and ListTagsForResource; update by
 * Put/DeleteRetentionPolicy, Associate/DisassociateKmsKey and
 * Tag/UntagResource; delete unless skip_destroy, a missing group being
 * success. */

#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "names.h"
#include "resources.h"
#include "tags.h"
#include "value_build.h"

/* The schema is hashicorp's, generated from aws/schema/aws.schema (with
 * the allowed retention values and defaults annotated there). */
#define log_group_schema aws_schema_resource_aws_cloudwatch_log_group

/* ---- validation ---- */

/* validLogGroupName / validLogGroupNamePrefix, with hashicorp's wording. */
static void check_name(tf_ctx *ctx, const tf_value *config, const char *attr, size_t max,
                       const char *what)
{
    const tf_value *v = tf_get(config, attr);
    if (!tf_is_known(v))
        return;
    tf_arena *a = ctx->arena;
    const tf_path *path = tf_path_attr(a, tf_path_root(a), attr);
    const char *summary = tf_arena_printf(a, "Invalid value for \"%s\"", attr);
    const char *s = v->u.str.ptr;
    size_t n = v->u.str.len;
    if (n > max)
        tf_diag_error(ctx->diags, path, summary, "\"%s\" cannot be longer than %zu characters: "
                      "\"%s\"", attr, max, s);
    bool ok = n > 0;
    for (size_t i = 0; i < n && ok; i++) {
        char c = s[i];
        ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '.' || c == '-' || c == '_' || c == '/' || c == '#';
    }
    if (!ok)
        tf_diag_error(ctx->diags, path, summary,
                      "\"%s\" isn't a valid %s (alphanumeric characters, underscores, hyphens, "
                      "slashes, hash signs and dots are allowed): \"%s\"", attr, what, s);
}

static void log_group_validate(tf_ctx *ctx, const tf_value *config)
{
    check_name(ctx, config, "name", 512, "log group name");
    check_name(ctx, config, "name_prefix", 483, "log group name prefix");
}

/* ---- planning ---- */

static bool is_delivery(const tf_value *v)
{
    return strcmp(tf_get_str(v, "log_group_class", ""), "DELIVERY") == 0;
}

static void log_group_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->planned))
        return;
    /* A DELIVERY group's retention is AWS's: a configured value is not a
     * change (hashicorp's DiffSuppressFunc), unless the class changes. */
    if (!tf_is_null(req->prior) && is_delivery(req->planned) &&
        tf_value_equal(tf_get(req->prior, "log_group_class"),
                       tf_get(req->planned, "log_group_class")))
        req->planned = tf_object_with(ctx->arena, req->planned, "retention_in_days",
                                      tf_get(req->prior, "retention_in_days"));
    aws_tags_plan(ctx, req);
}

/* ---- AWS calls ---- */

static int logs_call(tf_ctx *ctx, const aws_meta *m, const char *op, json_t *in, json_t **out,
                     aws_error *err)
{
    json_t *o = NULL;
    int rc = aws_json_call(m->client, ctx->arena, ctx->stop, "logs", op, in, &o, err);
    if (out)
        *out = o;
    else
        json_decref(o);
    return rc;
}

typedef struct find_page {
    const char *name;
    json_t *found;      /* a new reference to the group, or NULL */
} find_page;

static int find_page_fn(void *ud, json_t *page, aws_error *err)
{
    (void)err;
    find_page *f = ud;
    const json_t *groups = json_object_get(page, "logGroups");
    for (size_t i = 0; i < json_array_size(groups); i++) {
        json_t *g = json_array_get(groups, i);
        const char *n = json_string_value(json_object_get(g, "logGroupName"));
        if (n && strcmp(n, f->name) == 0) {
            f->found = json_incref(g);
            return 1;
        }
    }
    return 0;
}

/* findLogGroupByName: 1 found (*out a new reference), 0 gone, -1 error. */
static int log_group_find(tf_ctx *ctx, const aws_meta *m, const char *name, json_t **out,
                          aws_error *err)
{
    find_page f = {.name = name};
    json_t *in = json_pack("{s:s}", "logGroupNamePrefix", name);
    int rc = aws_json_pages(m->client, ctx->arena, ctx->stop, "logs", "DescribeLogGroups", in,
                            "nextToken", find_page_fn, &f, err);
    json_decref(in);
    if (rc != 0) {
        json_decref(f.found);
        return -1;
    }
    *out = f.found;
    return f.found ? 1 : 0;
}

/* The ARN without the ":*" AWS appends. */
static const char *trim_arn(tf_arena *a, const char *arn)
{
    if (!arn)
        return NULL;
    size_t n = strlen(arn);
    if (n >= 2 && strcmp(arn + n - 2, ":*") == 0)
        return tf_arena_strndup(a, arn, n - 2);
    return arn;
}

/* Tags of the group as key/value pairs; -1 on error. */
static int log_group_tags(tf_ctx *ctx, const aws_meta *m, const char *arn, aws_kv **kv,
                          size_t *n, aws_error *err)
{
    json_t *out = NULL;
    json_t *in = json_pack("{s:s}", "resourceArn", arn);
    int rc = logs_call(ctx, m, "ListTagsForResource", in, &out, err);
    json_decref(in);
    if (rc != 0)
        return -1;
    const json_t *tags = json_object_get(out, "tags");
    *n = json_object_size(tags);
    *kv = tf_arena_calloc(ctx->arena, *n + 1, sizeof **kv);
    size_t i = 0;
    const char *k;
    const json_t *v;
    json_object_foreach((json_t *)tags, k, v) {
        (*kv)[i].key = tf_arena_strdup(ctx->arena, k);
        (*kv)[i].value = tf_arena_strdup(ctx->arena, json_string_value(v) ? json_string_value(v)
                                                                           : "");
        i++;
    }
    *n = i;
    json_decref(out);
    return 0;
}

/* Reads the group into a state built on base; a null state when gone (or
 * NULL with an error diagnostic). */
static const tf_value *log_group_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base)
{
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(base, "id", "");
    json_t *g = NULL;
    aws_error err;
    int rc = log_group_find(ctx, m, id, &g, &err);
    if (rc < 0) {
        aws_diag(ctx, &err, "reading CloudWatch Logs Log Group (%s)", id);
        return NULL;
    }
    if (rc == 0)
        return tf_null(a, log_group_schema.ctype);
    tf_objb b;
    tf_objb_init(&b, a, log_group_schema.ctype, base);
    const char *name = aws_json_str(a, g, "logGroupName");
    const char *arn = trim_arn(a, aws_json_str(a, g, "arn"));
    tf_objb_str(&b, "id", name);
    tf_objb_str(&b, "arn", arn);
    const char *kms = aws_json_str(a, g, "kmsKeyId");
    tf_objb_str(&b, "kms_key_id", kms ? kms : "");
    const char *cls = aws_json_str(a, g, "logGroupClass");
    tf_objb_str(&b, "log_group_class", cls ? cls : "");
    aws_name_state(&b, name);
    tf_objb_i64(&b, "retention_in_days",
                json_integer_value(json_object_get(g, "retentionInDays")));
    tf_objb_bool(&b, "skip_destroy", tf_get_bool(base, "skip_destroy", false));
    json_decref(g);
    aws_kv *tags;
    size_t n_tags;
    if (log_group_tags(ctx, m, arn, &tags, &n_tags, &err) != 0) {
        aws_diag(ctx, &err, "listing tags for CloudWatch Logs Log Group (%s)", arn);
        return NULL;
    }
    aws_tags_set_state(&b, m, tags, n_tags, tf_get(base, "tags"));
    return tf_objb_done(&b);
}

/* aws_create_lookup_fn: the group of that name, if an earlier attempt made it. */
typedef struct lookup_key {
    tf_ctx *ctx;
    const aws_meta *m;
    const char *name;
} lookup_key;

static int log_group_lookup(void *ud, tf_arena *a, const char ***ids, size_t *n, aws_error *err)
{
    lookup_key *k = ud;
    json_t *g = NULL;
    int rc = log_group_find(k->ctx, k->m, k->name, &g, err);
    json_decref(g);
    if (rc < 0)
        return -1;
    *n = (size_t)rc;
    if (rc == 1) {
        *ids = tf_arena_calloc(a, 1, sizeof **ids);
        (*ids)[0] = tf_arena_strdup(a, k->name);
    }
    return 0;
}

static int put_retention(tf_ctx *ctx, const aws_meta *m, const char *name, int64_t days)
{
    aws_error err;
    json_t *in = json_pack("{s:s,s:I}", "logGroupName", name, "retentionInDays",
                           (json_int_t)days);
    int rc = logs_call(ctx, m, "PutRetentionPolicy", in, NULL, &err);
    json_decref(in);
    if (rc != 0)
        aws_diag(ctx, &err, "setting CloudWatch Logs Log Group (%s) retention policy", name);
    return rc;
}

static const tf_value *log_group_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *name = aws_name_planned(a, planned, NULL);
    json_t *in = json_pack("{s:s}", "logGroupName", name);
    const char *cls = tf_get_str(planned, "log_group_class", "");
    if (*cls)
        json_object_set_new(in, "logGroupClass", json_string(cls));
    const char *kms = tf_get_str(planned, "kms_key_id", "");
    if (*kms)
        json_object_set_new(in, "kmsKeyId", json_string(kms));
    size_t n_tags;
    aws_kv *tags = aws_tags_from_map(a, tf_get(planned, "tags_all"), &n_tags);
    if (n_tags) {
        json_t *t = json_object();
        for (size_t i = 0; i < n_tags; i++)
            json_object_set_new(t, tags[i].key, json_string(tags[i].value));
        json_object_set_new(in, "tags", t);
    }
    lookup_key key = {.ctx = ctx, .m = m, .name = name};
    aws_create_once once = {.service = "logs", .operation = "CreateLogGroup",
                            .lookup = log_group_lookup, .ud = &key};
    json_t *out = NULL;
    const char *adopted = NULL;
    aws_error err;
    int rc = aws_create_once_json(m->client, a, ctx->stop, &once, in, &out, &adopted, &err);
    json_decref(in);
    json_decref(out);
    if (rc != 0) {
        aws_diag(ctx, &err, "creating CloudWatch Logs Log Group (%s)", name);
        return NULL;
    }
    const tf_value *state = tf_object_with(a, planned, "id", tf_string(a, name));
    int64_t days = tf_get_i64(planned, "retention_in_days", 0);
    if (days > 0 && strcmp(cls, "DELIVERY") != 0 && put_retention(ctx, m, name, days) != 0)
        return state;
    const tf_value *r = log_group_refresh(ctx, m, state);
    if (r && tf_is_null(r)) {
        aws_error_set(&err, AWS_ERR_API, "ResourceNotFoundException",
                      "log group %s not found after create", name);
        aws_diag(ctx, &err, "reading CloudWatch Logs Log Group (%s)", name);
        return state;
    }
    return r ? r : state;
}

static const tf_value *log_group_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    return m ? log_group_refresh(ctx, m, state) : NULL;
}

static int log_group_tags_update(tf_ctx *ctx, const aws_meta *m, const char *arn,
                                 const tf_value *old_all, const tf_value *new_all)
{
    const char **remove;
    aws_kv *set;
    size_t n_remove, n_set;
    aws_tags_diff(ctx->arena, old_all, new_all, &remove, &n_remove, &set, &n_set);
    aws_error err;
    int rc = 0;
    if (n_remove) {
        json_t *keys = json_array();
        for (size_t i = 0; i < n_remove; i++)
            json_array_append_new(keys, json_string(remove[i]));
        json_t *in = json_pack("{s:s,s:o}", "resourceArn", arn, "tagKeys", keys);
        rc = logs_call(ctx, m, "UntagResource", in, NULL, &err);
        json_decref(in);
    }
    if (rc == 0 && n_set) {
        json_t *t = json_object();
        for (size_t i = 0; i < n_set; i++)
            json_object_set_new(t, set[i].key, json_string(set[i].value));
        json_t *in = json_pack("{s:s,s:o}", "resourceArn", arn, "tags", t);
        rc = logs_call(ctx, m, "TagResource", in, NULL, &err);
        json_decref(in);
    }
    if (rc != 0)
        aws_diag(ctx, &err, "updating tags of CloudWatch Logs Log Group (%s)", arn);
    return rc;
}

static const tf_value *log_group_update(tf_ctx *ctx, const tf_value *prior,
                                        const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    const char *id = tf_get_str(prior, "id", "");
    aws_error err;
    if (!tf_value_equal(tf_get(prior, "retention_in_days"), tf_get(planned, "retention_in_days"))) {
        int64_t days = tf_get_i64(planned, "retention_in_days", 0);
        if (days > 0) {
            if (put_retention(ctx, m, id, days) != 0)
                return prior;
        } else {
            json_t *in = json_pack("{s:s}", "logGroupName", id);
            int rc = logs_call(ctx, m, "DeleteRetentionPolicy", in, NULL, &err);
            json_decref(in);
            if (rc != 0) {
                aws_diag(ctx, &err, "deleting CloudWatch Logs Log Group (%s) retention policy",
                         id);
                return prior;
            }
        }
    }
    if (!tf_value_equal(tf_get(prior, "kms_key_id"), tf_get(planned, "kms_key_id"))) {
        const char *kms = tf_get_str(planned, "kms_key_id", "");
        json_t *in = *kms ? json_pack("{s:s,s:s}", "kmsKeyId", kms, "logGroupName", id)
                          : json_pack("{s:s}", "logGroupName", id);
        int rc = logs_call(ctx, m, *kms ? "AssociateKmsKey" : "DisassociateKmsKey", in, NULL,
                           &err);
        json_decref(in);
        if (rc != 0) {
            aws_diag(ctx, &err, "%s CloudWatch Logs Log Group (%s) KMS key",
                     *kms ? "associating" : "disassociating", id);
            return prior;
        }
    }
    if (log_group_tags_update(ctx, m, tf_get_str(prior, "arn", ""), tf_get(prior, "tags_all"),
                              tf_get(planned, "tags_all")) != 0)
        return planned;
    const tf_value *r = log_group_refresh(ctx, m, planned);
    return r && !tf_is_null(r) ? r : planned;
}

static void log_group_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    if (tf_get_bool(prior, "skip_destroy", false))
        return;
    const char *id = tf_get_str(prior, "id", "");
    aws_error err;
    json_t *in = json_pack("{s:s}", "logGroupName", id);
    int rc = logs_call(ctx, m, "DeleteLogGroup", in, NULL, &err);
    json_decref(in);
    if (rc != 0 && !aws_error_is(&err, "ResourceNotFoundException"))
        aws_diag(ctx, &err, "deleting CloudWatch Logs Log Group (%s)", id);
}

/* ---- definition ---- */

const tf_resource_def aws_logs_log_group_def = {
    .type_name = "aws_cloudwatch_log_group",
    .version = 0,
    .schema = &log_group_schema,
    .validate = log_group_validate,
    .modify_plan = log_group_modify_plan,
    .create = log_group_create,
    .read = log_group_read,
    .update = log_group_update,
    .delete = log_group_delete,
};

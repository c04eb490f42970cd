/* parameter.c - resource "aws_ssm_parameter": a Parameter Store parameter.
 *
 * The one idea: a parameter is a name with a history of versions, every
 * PutParameter adding one; its value comes from exactly one of `value`
 * (sensitive), `insecure_value` (shown in plans) or the write-only
 * `value_wo`, which Terraform hands over only in the configuration of an
 * apply and which never reaches plan or state: `has_value_wo` remembers
 * that it was used (then `value` is stored empty), and `value_wo_version`
 * is what a user bumps to send a new one.
 *
 * hashicorp/aws 5.100.0 (SDKv2): create = PutParameter (Overwrite false
 * unless `overwrite` says otherwise, tags with it) then read; read =
 * GetParameter(WithDecryption) for arn/name/type/version/value, then
 * DescribeParameters (Name Equals) for allowed_pattern, data_type,
 * description, key_id and tier, ListTagsForResource for tags; update = one
 * PutParameter (Overwrite true unless configured) when anything but
 * overwrite/tags changed, the value taken from value_wo only when
 * value_wo_version changed, plus Add/RemoveTagsFromResource; delete =
 * DeleteParameter, a missing parameter being success.  Import ID = name.
 * Its CustomizeDiff: version unknown when value changes (not when only
 * the description or value_wo_version does, although AWS then makes a new
 * version: the applied state differs from the plan as SDKv2 allows),
 * value unknown when insecure_value changes, insecure_value unknown when
 * value then differs from before, has_value_wo unknown when
 * value_wo_version changes, replacement when tier goes Advanced ->
 * Standard; a configured tier "Intelligent-Tiering" is no change once a
 * tier is known (AWS answers the tier it chose). */

#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "plan.h"
#include "provider_meta.h"
#include "resources.h"
#include "tags.h"
#include "value_build.h"

#define param_schema aws_schema_resource_aws_ssm_parameter

/* ---- planning ---- */

static bool changed(const tf_plan_req *req, const char *attr)
{
    return !tf_value_equal(tf_get(req->prior, attr), tf_get(req->planned, attr));
}

static bool unknown(const tf_value *obj, const char *attr)
{
    return tf_is_unknown(tf_get(obj, attr));
}

/* ResourceDiff.HasChange on a string: null and a value computed by the
 * plan both read as "". */
static bool str_changed(const tf_plan_req *req, const char *attr)
{
    const tf_value *nv = tf_get(req->planned, attr);
    return strcmp(tf_get_str(req->prior, attr, ""),
                  tf_is_known(nv) ? nv->u.str.ptr : "") != 0;
}

static void param_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    tf_arena *a = ctx->arena;
    if (tf_is_null(req->planned))
        return;
    bool create = tf_is_null(req->prior);
    if (!create) {
        const char *old_tier = tf_get_str(req->prior, "tier", "");
        const tf_value *cfg_tier = tf_get(req->config, "tier");
        if (*old_tier && tf_is_known(cfg_tier) &&
            strcmp(cfg_tier->u.str.ptr, "Intelligent-Tiering") == 0)
            req->planned = tf_object_with(a, req->planned, "tier", tf_get(req->prior, "tier"));
        const tf_value *new_tier = tf_get(req->planned, "tier");
        if (strcmp(old_tier, "Advanced") == 0 && tf_is_known(new_tier) &&
            strcmp(new_tier->u.str.ptr, "Standard") == 0)
            tf_plan_add_replace(a, req, tf_path_attr(a, tf_path_root(a), "tier"));
    }
    if (!create) {
        if (str_changed(req, "value") || unknown(req->planned, "value"))
            req->planned = tf_object_with(a, req->planned, "version",
                                          tf_unknown(a, &tf_type_number));
        if (str_changed(req, "insecure_value"))
            req->planned = tf_object_with(a, req->planned, "value",
                                          tf_unknown(a, &tf_type_string));
        /* In that order, as customdiff.Sequence runs them: a value made
         * unknown just above reads as "", so a value known before (after
         * an import) changes and insecure_value is planned unknown. */
        if (str_changed(req, "value"))
            req->planned = tf_object_with(a, req->planned, "insecure_value",
                                          tf_unknown(a, &tf_type_string));
        if (changed(req, "value_wo_version") || unknown(req->planned, "value_wo_version"))
            req->planned = tf_object_with(a, req->planned, "has_value_wo",
                                          tf_unknown(a, &tf_type_bool));
    }
    aws_tags_plan(ctx, req);
}

/* ---- AWS calls ---- */

static int ssm_call(tf_ctx *ctx, const aws_meta *m, const char *op, json_t *in, json_t **out,
                    aws_error *err)
{
    json_t *o = NULL;
    int rc = aws_json_call(m->client, ctx->arena, ctx->stop, "ssm", op, in, &o, err);
    if (out)
        *out = o;
    else
        json_decref(o);
    return rc;
}

/* findParameterMetadataByName: the one DescribeParameters entry of that
 * name (a new reference), NULL with *gone when there is none. */
typedef struct meta_page {
    const char *name;
    json_t *found;
    size_t count;
} meta_page;

static int meta_page_fn(void *ud, json_t *page, aws_error *err)
{
    (void)err;
    meta_page *f = ud;
    const json_t *params = json_object_get(page, "Parameters");
    for (size_t i = 0; i < json_array_size(params); i++) {
        f->count++;
        if (!f->found)
            f->found = json_incref(json_array_get(params, i));
    }
    return 0;
}

/* 1 found (*out a new reference), 0 none, -1 error. */
static int param_metadata(tf_ctx *ctx, const aws_meta *m, const char *name, json_t **out,
                          aws_error *err)
{
    meta_page f = {.name = name};
    json_t *in = json_pack("{s:[{s:s,s:s,s:[s]}]}", "ParameterFilters", "Key", "Name",
                           "Option", "Equals", "Values", name);
    int rc = aws_json_pages(m->client, ctx->arena, ctx->stop, "ssm", "DescribeParameters", in,
                            "NextToken", meta_page_fn, &f, err);
    json_decref(in);
    if (rc != 0) {
        json_decref(f.found);
        return -1;
    }
    if (f.count > 1) { /* tfresource.AssertSingleValueResult */
        json_decref(f.found);
        aws_error_set(err, AWS_ERR_RESPONSE, "",
                      "too many results: wanted 1, got %zu", f.count);
        return -1;
    }
    *out = f.found;
    return f.found ? 1 : 0;
}

static int param_tags(tf_ctx *ctx, const aws_meta *m, const char *id, aws_kv **kv, size_t *n,
                      aws_error *err)
{
    json_t *out = NULL;
    json_t *in = json_pack("{s:s,s:s}", "ResourceType", "Parameter", "ResourceId", id);
    int rc = ssm_call(ctx, m, "ListTagsForResource", in, &out, err);
    json_decref(in);
    if (rc != 0)
        return -1;
    const json_t *list = json_object_get(out, "TagList");
    *kv = tf_arena_calloc(ctx->arena, json_array_size(list) + 1, sizeof **kv);
    size_t k = 0;
    for (size_t i = 0; i < json_array_size(list); i++) {
        const json_t *t = json_array_get(list, i);
        const char *key = aws_json_str(ctx->arena, t, "Key");
        if (!key)
            continue;
        const char *val = aws_json_str(ctx->arena, t, "Value");
        (*kv)[k].key = key;
        (*kv)[k].value = val ? val : "";
        k++;
    }
    *n = k;
    json_decref(out);
    return 0;
}

/* A string argument of the planned state, or, where the plan made it
 * unknown (value and insecure_value are computed by CustomizeDiff), its
 * configured value, which is what the apply stands for. */
static const char *planned_str(tf_ctx *ctx, const tf_value *planned, const char *attr)
{
    const tf_value *v = tf_get(planned, attr);
    if (tf_is_unknown(v) && ctx->config)
        v = tf_get(ctx->config, attr);
    return tf_is_known(v) ? v->u.str.ptr : "";
}

/* resourceParameterRead on a state built on base.  fresh: right after
 * create (a parameter not found then is an error, not a removal).  The
 * write-only value is known only in an apply (ctx->config); otherwise
 * has_value_wo from base says whether it was used. */
static const tf_value *param_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                     bool fresh)
{
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(base, "id", "");
    aws_error err;
    json_t *out = NULL;
    json_t *in = json_pack("{s:s,s:b}", "Name", id, "WithDecryption", 1);
    int rc = ssm_call(ctx, m, "GetParameter", in, &out, &err);
    json_decref(in);
    if (rc != 0) {
        if (!fresh && aws_error_is(&err, "ParameterNotFound"))
            return tf_null(a, param_schema.ctype);
        aws_diag(ctx, &err, "reading SSM Parameter (%s)", id);
        return NULL;
    }
    const json_t *p = json_object_get(out, "Parameter");
    const char *arn = aws_json_str(a, p, "ARN"), *name = aws_json_str(a, p, "Name");
    const char *type = aws_json_str(a, p, "Type"), *value = aws_json_str(a, p, "Value");
    json_int_t version = json_integer_value(json_object_get(p, "Version"));
    json_decref(out);
    if (!name) {
        aws_error_set(&err, AWS_ERR_RESPONSE, "", "GetParameter returned no parameter");
        aws_diag(ctx, &err, "reading SSM Parameter (%s)", id);
        return NULL;
    }

    tf_objb b;
    tf_objb_init(&b, a, param_schema.ctype, base);
    tf_objb_str(&b, "id", id);
    tf_objb_str(&b, "arn", arn ? arn : "");
    tf_objb_str(&b, "name", name);
    tf_objb_str(&b, "type", type ? type : "");
    tf_objb_i64(&b, "version", version);

    bool has_wo = tf_get_bool(base, "has_value_wo", false);
    if (ctx->config) {
        has_wo = tf_get_str(ctx->config, "value_wo", "")[0] != '\0';
        if (!has_wo) /* d.Set("has_value_wo", nil) */
            tf_objb_set(&b, "has_value_wo", tf_null(a, &tf_type_bool));
    }
    bool secure = type && strcmp(type, "SecureString") == 0;
    /* d.GetOk: an insecure_value the plan left unknown reads as unset. */
    const char *insecure = tf_get_str(base, "insecure_value", "");
    if (*insecure && !secure)
        tf_objb_str(&b, "insecure_value", value ? value : "");
    else
        tf_objb_str(&b, "value", value ? value : "");
    if (has_wo) {
        tf_objb_bool(&b, "has_value_wo", true);
        tf_objb_str(&b, "value", "");
    }
    if (secure && *insecure) {
        tf_diag_error(ctx->diags, NULL,
                      tf_arena_printf(a, "invalid configuration, cannot set type = %s and "
                                         "insecure_value", type), "%s", "");
        return NULL;
    }

    json_t *d = NULL;
    rc = param_metadata(ctx, m, name, &d, &err);
    if (rc == 0 && !fresh)
        return tf_null(a, param_schema.ctype);
    if (rc <= 0) {
        if (rc == 0)
            aws_error_set(&err, AWS_ERR_API, "ParameterNotFound",
                          "no parameter named %s in DescribeParameters", name);
        aws_diag(ctx, &err, "reading SSM Parameter metadata (%s)", id);
        return NULL;
    }
    const char *s;
    tf_objb_str(&b, "allowed_pattern", (s = aws_json_str(a, d, "AllowedPattern")) ? s : "");
    tf_objb_str(&b, "data_type", (s = aws_json_str(a, d, "DataType")) ? s : "");
    tf_objb_str(&b, "description", (s = aws_json_str(a, d, "Description")) ? s : "");
    tf_objb_str(&b, "key_id", (s = aws_json_str(a, d, "KeyId")) ? s : "");
    tf_objb_str(&b, "tier", (s = aws_json_str(a, d, "Tier")) ? s : "");
    json_decref(d);

    aws_kv *tags;
    size_t n_tags;
    if (param_tags(ctx, m, id, &tags, &n_tags, &err) != 0) {
        aws_diag(ctx, &err, "listing tags for SSM Parameter (%s)", id);
        return NULL;
    }
    aws_tags_set_state(&b, m, tags, n_tags, tf_get(base, "tags"));
    return tf_objb_done(&b);
}

/* shouldUpdateParameter: the configured overwrite, else true except on
 * create. */
static bool param_overwrite(tf_ctx *ctx, bool create)
{
    const tf_value *v = ctx->config ? tf_get(ctx->config, "overwrite") : NULL;
    if (tf_is_known(v))
        return v->u.b;
    return !create;
}

/* The value to send: value, or insecure_value when set, or (use_wo) the
 * write-only value from the configuration when set. */
static const char *param_value(tf_ctx *ctx, const tf_value *planned, bool use_wo)
{
    const char *value = planned_str(ctx, planned, "value");
    const char *insecure = planned_str(ctx, planned, "insecure_value");
    if (*insecure)
        value = insecure;
    if (use_wo && ctx->config) {
        const char *wo = tf_get_str(ctx->config, "value_wo", "");
        if (*wo)
            value = wo;
    }
    return value;
}

/* aws_create_lookup_fn for a create without overwrite: the parameter of
 * that name, if an earlier attempt made it. */
typedef struct lookup_key {
    tf_ctx *ctx;
    const aws_meta *m;
    const char *name;
} lookup_key;

static int param_lookup(void *ud, tf_arena *a, const char ***ids, size_t *n, aws_error *err)
{
    lookup_key *k = ud;
    json_t *in = json_pack("{s:s}", "Name", k->name);
    int rc = ssm_call(k->ctx, k->m, "GetParameter", in, NULL, err);
    json_decref(in);
    if (rc != 0 && !aws_error_is(err, "ParameterNotFound"))
        return -1;
    *n = rc == 0;
    if (rc == 0) {
        *ids = tf_arena_calloc(a, 1, sizeof **ids);
        (*ids)[0] = tf_arena_strdup(a, k->name);
    }
    return 0;
}

/* One PutParameter, once for a create without overwrite (create_once),
 * as an upsert otherwise; again without Tier where the region has no
 * tiers, as hashicorp/aws does. */
static int put_parameter(tf_ctx *ctx, const aws_meta *m, json_t *in, bool once,
                         const char *what, const char *name)
{
    aws_error err;
    lookup_key key = {.ctx = ctx, .m = m, .name = name};
    aws_create_once spec = {.service = "ssm", .operation = "PutParameter",
                            .lookup = param_lookup, .ud = &key};
    int rc;
    for (int attempt = 0;; attempt++) {
        if (once) {
            json_t *out = NULL;
            const char *adopted = NULL;
            rc = aws_create_once_json(m->client, ctx->arena, ctx->stop, &spec, in, &out,
                                      &adopted, &err);
            json_decref(out);
        } else {
            rc = ssm_call(ctx, m, "PutParameter", in, NULL, &err);
        }
        if (rc == 0 || attempt > 0 || !aws_error_is(&err, "ValidationException") ||
            !strstr(err.message, "Tier is not supported") || !json_object_get(in, "Tier"))
            break;
        json_object_del(in, "Tier");
    }
    if (rc != 0)
        aws_diag(ctx, &err, "%s SSM Parameter (%s)", what, name);
    return rc;
}

static int add_tags(tf_ctx *ctx, const aws_meta *m, const char *id, const aws_kv *kv, size_t n,
                    aws_error *err)
{
    json_t *list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(list, json_pack("{s:s,s:s}", "Key", kv[i].key, "Value",
                                              kv[i].value));
    json_t *in = json_pack("{s:s,s:s,s:o}", "ResourceType", "Parameter", "ResourceId", id,
                           "Tags", list);
    int rc = ssm_call(ctx, m, "AddTagsToResource", in, NULL, err);
    json_decref(in);
    return rc;
}

static const tf_value *param_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *name = tf_get_str(planned, "name", "");
    const char *type = tf_get_str(planned, "type", "");
    bool overwrite = param_overwrite(ctx, true);
    json_t *in = json_pack("{s:s,s:s,s:b,s:s,s:s}", "AllowedPattern",
                           tf_get_str(planned, "allowed_pattern", ""), "Name", name,
                           "Overwrite", overwrite, "Type", type, "Value",
                           param_value(ctx, planned, true));
    const char *s;
    if (*(s = tf_get_str(planned, "data_type", "")))
        json_object_set_new(in, "DataType", json_string(s));
    if (*(s = tf_get_str(planned, "description", "")))
        json_object_set_new(in, "Description", json_string(s));
    if (*(s = tf_get_str(planned, "key_id", "")) && strcmp(type, "SecureString") == 0)
        json_object_set_new(in, "KeyId", json_string(s));
    if (*(s = tf_get_str(planned, "tier", "")))
        json_object_set_new(in, "Tier", json_string(s));
    size_t n_tags;
    aws_kv *tags = aws_tags_from_map(a, tf_get(planned, "tags_all"), &n_tags);
    if (n_tags && !overwrite) {
        json_t *list = json_array();
        for (size_t i = 0; i < n_tags; i++)
            json_array_append_new(list, json_pack("{s:s,s:s}", "Key", tags[i].key, "Value",
                                                  tags[i].value));
        json_object_set_new(in, "Tags", list);
    }
    int rc = put_parameter(ctx, m, in, !overwrite, "creating", name);
    json_decref(in);
    if (rc != 0)
        return NULL;
    aws_error err;
    if (n_tags && overwrite && add_tags(ctx, m, name, tags, n_tags, &err) != 0) {
        aws_diag(ctx, &err, "setting SSM Parameter (%s) tags", name);
        return tf_object_with(a, planned, "id", tf_string(a, name));
    }
    const tf_value *state = tf_object_with(a, planned, "id", tf_string(a, name));
    const tf_value *r = param_refresh(ctx, m, state, true);
    return r ? r : state;
}

static const tf_value *param_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    return m ? param_refresh(ctx, m, state, false) : NULL;
}

/* !d.HasChangesExcept(except...): no known planned value differs from
 * the prior one (what the plan made unknown is no change to act on: after
 * an import, hashicorp/aws makes no PutParameter for insecure_value). */
static bool only_changed(const tf_value *prior, const tf_value *planned,
                         const char *const *except)
{
    const tf_type *t = prior->type;
    for (size_t i = 0; i < t->n; i++) {
        bool skip = tf_is_unknown(planned->u.coll.items[i]);
        for (const char *const *e = except; *e && !skip; e++)
            skip = strcmp(*e, t->names[i]) == 0;
        if (!skip && !tf_value_equal(prior->u.coll.items[i], planned->u.coll.items[i]))
            return false;
    }
    return true;
}

static const tf_value *param_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    const char *id = tf_get_str(prior, "id", "");
    static const char *const tag_attrs[] = {"overwrite", "tags", "tags_all", NULL};
    if (!only_changed(prior, planned, tag_attrs)) {
        const char *type = tf_get_str(planned, "type", "");
        bool wo = !tf_value_equal(tf_get(prior, "value_wo_version"),
                                  tf_get(planned, "value_wo_version"));
        json_t *in = json_pack("{s:s,s:s,s:b,s:s,s:s,s:s}", "AllowedPattern",
                               tf_get_str(planned, "allowed_pattern", ""), "Name", id,
                               "Overwrite", param_overwrite(ctx, false), "Tier",
                               tf_get_str(planned, "tier", ""), "Type", type, "Value",
                               param_value(ctx, planned, wo));
        if (!tf_value_equal(tf_get(prior, "description"), tf_get(planned, "description")))
            json_object_set_new(in, "Description",
                                json_string(tf_get_str(planned, "description", "")));
        if (!tf_value_equal(tf_get(prior, "key_id"), tf_get(planned, "key_id")) &&
            strcmp(type, "SecureString") == 0)
            json_object_set_new(in, "KeyId", json_string(tf_get_str(planned, "key_id", "")));
        const tf_value *cfg_tier = ctx->config ? tf_get(ctx->config, "tier") : NULL;
        if (tf_is_known(cfg_tier))
            json_object_set_new(in, "Tier", json_string(cfg_tier->u.str.ptr));
        if (!*json_string_value(json_object_get(in, "Tier")))
            json_object_del(in, "Tier"); /* an empty enum is not sent */
        int rc = put_parameter(ctx, m, in, false, "updating", id);
        json_decref(in);
        if (rc != 0)
            return prior;
    }
    if (!tf_value_equal(tf_get(prior, "tags_all"), tf_get(planned, "tags_all"))) {
        const char **remove;
        aws_kv *set;
        size_t n_remove, n_set;
        aws_tags_diff(ctx->arena, tf_get(prior, "tags_all"), tf_get(planned, "tags_all"),
                      &remove, &n_remove, &set, &n_set);
        aws_error err;
        int rc = 0;
        if (n_remove) {
            json_t *keys = json_array();
            for (size_t i = 0; i < n_remove; i++)
                json_array_append_new(keys, json_string(remove[i]));
            json_t *in = json_pack("{s:s,s:s,s:o}", "ResourceType", "Parameter", "ResourceId",
                                   id, "TagKeys", keys);
            rc = ssm_call(ctx, m, "RemoveTagsFromResource", in, NULL, &err);
            json_decref(in);
        }
        if (rc == 0 && n_set)
            rc = add_tags(ctx, m, id, set, n_set, &err);
        if (rc != 0) {
            aws_diag(ctx, &err, "updating tags for SSM Parameter (%s)", id);
            return planned;
        }
    }
    const tf_value *r = param_refresh(ctx, m, planned, false);
    return r && !tf_is_null(r) ? r : planned;
}

static void param_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    const char *name = tf_get_str(prior, "name", "");
    aws_error err;
    json_t *in = json_pack("{s:s}", "Name", name);
    int rc = ssm_call(ctx, m, "DeleteParameter", in, NULL, &err);
    json_decref(in);
    if (rc != 0 && !aws_error_is(&err, "ParameterNotFound"))
        aws_diag(ctx, &err, "deleting SSM Parameter (%s)", tf_get_str(prior, "id", ""));
}

/* The import ID is the name; has_value_wo starts false. */
static const tf_value *param_import(tf_ctx *ctx, const char *id)
{
    tf_objb b;
    tf_objb_init(&b, ctx->arena, param_schema.ctype, NULL);
    tf_objb_str(&b, "id", id);
    tf_objb_bool(&b, "has_value_wo", false);
    return tf_objb_done(&b);
}

const tf_resource_def aws_ssm_parameter_def = {
    .type_name = "aws_ssm_parameter",
    .version = 0,
    .schema = &param_schema,
    .modify_plan = param_modify_plan,
    .create = param_create,
    .read = param_read,
    .update = param_update,
    .delete = param_delete,
    .import = param_import,
};

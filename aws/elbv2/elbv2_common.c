/* elbv2_common.c - see elbv2_common.h. */
#include <stdio.h>
#include <string.h>

#include "diagnostics.h"
#include "elbv2_common.h"
#include "query_retry.h"
#include "tags.h"
#include "value_build.h"

/* ---- attributes ---- */

const char *elbv2_attr(const elbv2_attrs *at, const char *key)
{
    for (size_t i = 0; i < at->n; i++)
        if (strcmp(at->kv[i].key, key) == 0)
            return at->kv[i].value;
    return NULL;
}

void elbv2_attr_put(tf_arena *a, elbv2_attrs *at, const char *key, const char *value)
{
    if (!value)
        return;
    aws_kv *kv = tf_arena_alloc(a, (at->n + 1) * sizeof *kv);
    if (at->n)
        memcpy(kv, at->kv, at->n * sizeof *kv);
    kv[at->n].key = key;
    kv[at->n].value = value;
    at->kv = kv;
    at->n++;
}

int elbv2_attrs_read(tf_ctx *ctx, const aws_meta *m, const elbv2_kind *kind, const char *arn,
                     elbv2_attrs *out, aws_error *err)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, kind->arn_name, arn);
    aws_xml_node *res;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "elbv2", kind->read_attrs, p, &res,
                       err) != 0)
        return -1;
    out->kv = NULL;
    out->n = 0;
    for (const aws_xml_node *e = aws_xml_first(res, "Attributes/member"); e; e = aws_xml_next(e)) {
        const char *k = aws_xml_text(e, "Key"), *v = aws_xml_text(e, "Value");
        if (k)
            elbv2_attr_put(ctx->arena, out, k, v ? v : "");
    }
    return 0;
}

int elbv2_attrs_modify(tf_ctx *ctx, const aws_meta *m, const elbv2_kind *kind, const char *arn,
                       const elbv2_attrs *at)
{
    enum { BATCH = 20 };
    for (size_t start = 0; start < at->n; start += BATCH) {
        aws_params *p = aws_params_new(ctx->arena);
        aws_params_add(p, kind->arn_name, arn);
        for (size_t i = start; i < at->n && i < start + BATCH; i++) {
            size_t k = i - start + 1;
            aws_params_add(p, aws_params_key(p, "Attributes.member.%zu.Key", k), at->kv[i].key);
            aws_params_add(p, aws_params_key(p, "Attributes.member.%zu.Value", k),
                           at->kv[i].value);
        }
        aws_xml_node *res;
        aws_error err;
        if (aws_query_call(m->client, ctx->arena, ctx->stop, "elbv2", kind->modify_attrs, p, &res,
                           &err) != 0) {
            aws_diag(ctx, &err, "modifying %s (%s) attributes", kind->what, arn);
            return -1;
        }
    }
    return 0;
}

const tf_value *elbv2_attr_value(tf_arena *a, const char *text, elbv2_attr_type t)
{
    if (t == ELBV2_BOOL)
        return tf_bool(a, strcmp(text, "true") == 0);
    if (t == ELBV2_NUM)
        return *text ? tf_number_text(a, text) : tf_number_i64(a, 0);
    return tf_string(a, text);
}

const char *elbv2_attr_text(tf_arena *a, const tf_value *v)
{
    if (!tf_is_known(v))
        return NULL;
    if (v->type->kind == TF_BOOL)
        return elbv2_bool_str(v);
    if (v->type->kind == TF_NUMBER)
        return elbv2_num_str(a, v);
    return v->u.str.ptr;
}

/* ---- tags ---- */

/* The tags AWS holds for arn. */
static int elbv2_tags_read(tf_ctx *ctx, const aws_meta *m, const char *arn, aws_kv **tags,
                           size_t *n, aws_error *err)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "ResourceArns.member.1", arn);
    aws_xml_node *res;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "elbv2", "DescribeTags", p, &res, err) !=
        0)
        return -1;
    size_t count = 0;
    const aws_xml_node *first = aws_xml_first(res, "TagDescriptions/member/Tags/member");
    for (const aws_xml_node *t = first; t; t = aws_xml_next(t))
        count++;
    aws_kv *kv = tf_arena_alloc(ctx->arena, (count + 1) * sizeof *kv);
    size_t i = 0;
    for (const aws_xml_node *t = first; t; t = aws_xml_next(t)) {
        const char *k = aws_xml_text(t, "Key"), *v = aws_xml_text(t, "Value");
        if (!k)
            continue;
        kv[i].key = k;
        kv[i].value = v ? v : "";
        i++;
    }
    *tags = kv;
    *n = i;
    return 0;
}

int elbv2_tags_update(tf_ctx *ctx, const aws_meta *m, const elbv2_kind *kind, const char *arn,
                      const tf_value *prior, const tf_value *planned)
{
    const tf_value *old_all = tf_get(prior, "tags_all"), *new_all = tf_get(planned, "tags_all");
    if (tf_value_equal(old_all, new_all))
        return 0;
    const char **remove;
    aws_kv *set;
    size_t n_remove, n_set;
    aws_tags_diff(ctx->arena, old_all, new_all, &remove, &n_remove, &set, &n_set);
    aws_xml_node *res;
    aws_error err;
    int rc = 0;
    if (n_remove) {
        aws_params *p = aws_params_new(ctx->arena);
        aws_params_add(p, "ResourceArns.member.1", arn);
        aws_params_list(p, AWS_LIST_MEMBER, "TagKeys", remove, n_remove);
        rc = aws_query_call(m->client, ctx->arena, ctx->stop, "elbv2", "RemoveTags", p, &res,
                            &err);
    }
    if (rc == 0 && n_set) {
        aws_params *p = aws_params_new(ctx->arena);
        aws_params_add(p, "ResourceArns.member.1", arn);
        aws_params_tags(p, AWS_LIST_MEMBER, "Tags", set, n_set);
        rc = aws_query_call(m->client, ctx->arena, ctx->stop, "elbv2", "AddTags", p, &res, &err);
    }
    if (rc != 0) {
        aws_diag(ctx, &err, "updating %s (%s) tags", kind->what, arn);
        return -1;
    }
    return 0;
}

/* ---- retried calls ---- */

int elbv2_call_retry(tf_ctx *ctx, const aws_meta *m, const char *action, const aws_params *p,
                     aws_xml_node **out, double timeout_seconds, const char *const *retry_codes,
                     aws_error *err)
{
    return aws_query_call_retry(m->client, ctx->arena, ctx->stop, "elbv2", action, p, out,
                                timeout_seconds, (aws_retry_on){.codes = retry_codes}, err);
}

/* One action on p, retried when retry is given. */
static int elbv2_call(tf_ctx *ctx, const aws_meta *m, const char *action, const aws_params *p,
                      aws_xml_node **out, double timeout, const char *const *retry,
                      aws_error *err)
{
    if (retry)
        return elbv2_call_retry(ctx, m, action, p, out, timeout, retry, err);
    return aws_query_call(m->client, ctx->arena, ctx->stop, "elbv2", action, p, out, err);
}

/* ---- finding and waiting ---- */

int elbv2_find(tf_ctx *ctx, const aws_meta *m, const elbv2_kind *kind, const char *arn,
               const aws_xml_node **item, aws_error *err)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, kind->describe_arn, arn);
    aws_xml_node *out;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "elbv2", kind->describe, p, &out,
                       err) != 0)
        return aws_error_is(err, kind->not_found) ? ELBV2_NOT_FOUND : -1;
    *item = aws_xml_first(out, kind->list);
    return *item ? ELBV2_FOUND : ELBV2_NOT_FOUND;
}

typedef struct presence_wait {
    tf_ctx *ctx;
    const aws_meta *m;
    const elbv2_kind *kind;
    const char *arn;
    bool gone;          /* wait for the object to go, else to be visible */
    const aws_xml_node *found;
} presence_wait;

static aws_wait_status presence_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    presence_wait *w = ud;
    int rc = elbv2_find(w->ctx, w->m, w->kind, w->arn, &w->found, err);
    if (rc < 0)
        return AWS_WAIT_FAIL;
    bool found = rc == ELBV2_FOUND;
    if (w->gone) {
        snprintf(state, state_len, "%s", found ? "exists" : "gone");
        return found ? AWS_WAIT_CONTINUE : AWS_WAIT_DONE;
    }
    snprintf(state, state_len, "%s", found ? "found" : "not found");
    return found ? AWS_WAIT_DONE : AWS_WAIT_CONTINUE;
}

int elbv2_wait_visible(tf_ctx *ctx, const aws_meta *m, const elbv2_kind *kind, const char *arn,
                       double timeout, const aws_xml_node **item, aws_error *err)
{
    presence_wait w = {.ctx = ctx, .m = m, .kind = kind, .arn = arn};
    int rc = aws_wait(ctx->stop, timeout, presence_poll, &w, err);
    *item = w.found;
    return rc;
}

int elbv2_wait_gone(tf_ctx *ctx, const aws_meta *m, const elbv2_kind *kind, const char *arn,
                    double timeout)
{
    presence_wait w = {.ctx = ctx, .m = m, .kind = kind, .arn = arn, .gone = true};
    aws_error err;
    if (aws_wait(ctx->stop, timeout, presence_poll, &w, &err) != 0) {
        aws_diag(ctx, &err, "waiting for %s (%s) delete", kind->what, arn);
        return -1;
    }
    return 0;
}

/* ---- the life of an object ---- */

const char *elbv2_create(tf_ctx *ctx, const aws_meta *m, const elbv2_kind *kind, aws_params *p,
                         const tf_value *planned, const char *name, double timeout,
                         const char *const *retry, aws_create_lookup_fn lookup, void *ud)
{
    size_t n_tags;
    aws_kv *tags = aws_tags_from_map(ctx->arena, tf_get(planned, "tags_all"), &n_tags);
    aws_params_tags(p, AWS_LIST_MEMBER, "Tags", tags, n_tags);
    aws_create_once once = {.service = "elbv2", .operation = kind->create, .lookup = lookup,
                            .ud = ud, .retry_codes = retry, .retry_timeout_s = timeout};
    aws_xml_node *out;
    const char *adopted;
    aws_error err;
    if (aws_create_once_query(m->client, ctx->arena, ctx->stop, &once, p, &out, &adopted,
                              &err) != 0) {
        aws_diag(ctx, &err, "creating %s (%s)", kind->what, name);
        return NULL;
    }
    if (adopted)
        return adopted;
    const char *arn = aws_xml_text(out, tf_arena_printf(ctx->arena, "%s/%s", kind->list,
                                                        kind->arn_name));
    if (!arn || !*arn) {
        aws_error_set(&err, AWS_ERR_RESPONSE, "", "%s returned no ARN", kind->create);
        aws_diag(ctx, &err, "creating %s (%s)", kind->what, name);
        return NULL;
    }
    return arn;
}

int elbv2_delete(tf_ctx *ctx, const aws_meta *m, const elbv2_kind *kind, const char *arn,
                 double timeout, const char *const *retry)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, kind->arn_name, arn);
    aws_xml_node *out;
    aws_error err;
    if (elbv2_call(ctx, m, kind->delete, p, &out, timeout, retry, &err) == 0)
        return 0;
    if (aws_error_is(&err, kind->not_found))
        return ELBV2_NOT_FOUND;
    aws_diag(ctx, &err, "deleting %s (%s)", kind->what, arn);
    return -1;
}

/* Finds the object arn names, first waiting for it to be visible when it
 * is new and wait_seconds > 0: ELBV2_FOUND, ELBV2_NOT_FOUND (only when not
 * new) or -1 with err. */
static int elbv2_find_fresh(tf_ctx *ctx, const aws_meta *m, const elbv2_kind *kind,
                            const char *arn, bool is_new, double wait_seconds,
                            const aws_xml_node **item, aws_error *err)
{
    if (is_new && wait_seconds > 0)
        return elbv2_wait_visible(ctx, m, kind, arn, wait_seconds, item, err) == 0 ? ELBV2_FOUND
                                                                                  : -1;
    int rc = elbv2_find(ctx, m, kind, arn, item, err);
    if (rc == ELBV2_NOT_FOUND && is_new) {
        aws_error_set(err, AWS_ERR_API, kind->not_found, "%s not found", kind->noun);
        return -1;
    }
    return rc;
}

const tf_value *elbv2_refresh(tf_ctx *ctx, const aws_meta *m, const elbv2_kind *kind,
                              const tf_value *base, bool is_new, double wait_seconds,
                              elbv2_state_fn state)
{
    const char *arn = tf_get_str(base, "id", "");
    aws_error err;
    elbv2_object obj = {0};
    int rc = elbv2_find_fresh(ctx, m, kind, arn, is_new, wait_seconds, &obj.item, &err);
    if (rc == ELBV2_NOT_FOUND)
        return tf_null(ctx->arena, base->type);
    aws_kv *tags;
    size_t n_tags;
    if (rc != ELBV2_FOUND ||
        ((!kind->has_attrs || kind->has_attrs(obj.item)) &&
         elbv2_attrs_read(ctx, m, kind, arn, &obj.attrs, &err) != 0) ||
        elbv2_tags_read(ctx, m, arn, &tags, &n_tags, &err) != 0) {
        aws_diag(ctx, &err, "reading %s (%s)", kind->what, arn);
        return is_new ? base : NULL;
    }
    aws_tags_to_state(ctx->arena, m, tags, n_tags, tf_get(base, "tags"), &obj.tags,
                      &obj.tags_all);
    return state(ctx, base, &obj);
}

/* ---- small conversions ---- */

const char *elbv2_arn_suffix(tf_arena *a, const char *arn, const char *marker)
{
    const char *s = arn ? strstr(arn, marker) : NULL;
    if (!s)
        return "";
    return tf_arena_strdup(a, s + strlen(marker));
}

const char *elbv2_bool_str(const tf_value *v)
{
    if (!tf_is_known(v))
        return NULL;
    return v->u.b ? "true" : "false";
}

const char *elbv2_num_str(tf_arena *a, const tf_value *v)
{
    if (!tf_is_known(v))
        return NULL;
    return tf_number_plain(a, v);
}

const tf_value *elbv2_string_set(tf_arena *a, const aws_xml_node *n, const char *path,
                                 const char *field)
{
    size_t count = 0;
    for (const aws_xml_node *e = aws_xml_first(n, path); e; e = aws_xml_next(e))
        count++;
    const char **items = tf_arena_alloc(a, (count + 1) * sizeof *items);
    count = 0;
    for (const aws_xml_node *e = aws_xml_first(n, path); e; e = aws_xml_next(e))
        items[count++] = field ? aws_xml_text(e, field) : e->text;
    return tf_string_set(a, items, count);
}

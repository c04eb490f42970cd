/* elbv2_common.c - see elbv2_common.h. */
#include <stdio.h>
#include <string.h>

#include "elbv2_common.h"
#include "tags.h"

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

int elbv2_attrs_read(tf_ctx *ctx, const aws_meta *m, const char *action, const char *arn_param,
                     const char *arn, elbv2_attrs *out, aws_error *err)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, arn_param, arn);
    aws_xml_node *res;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "elbv2", action, p, &res, err) != 0)
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

int elbv2_attrs_modify(tf_ctx *ctx, const aws_meta *m, const char *action, const char *arn_param,
                       const char *arn, const elbv2_attrs *at, aws_error *err)
{
    enum { BATCH = 20 };
    for (size_t start = 0; start < at->n; start += BATCH) {
        aws_params *p = aws_params_new(ctx->arena);
        aws_params_add(p, arn_param, arn);
        for (size_t i = start; i < at->n && i < start + BATCH; i++) {
            size_t k = i - start + 1;
            aws_params_add(p, aws_params_key(p, "Attributes.member.%zu.Key", k), at->kv[i].key);
            aws_params_add(p, aws_params_key(p, "Attributes.member.%zu.Value", k),
                           at->kv[i].value);
        }
        aws_xml_node *res;
        if (aws_query_call(m->client, ctx->arena, ctx->stop, "elbv2", action, p, &res, err) != 0)
            return -1;
    }
    return 0;
}

/* ---- tags ---- */

int elbv2_tags_read(tf_ctx *ctx, const aws_meta *m, const char *arn, aws_kv **tags, size_t *n,
                    aws_error *err)
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

int elbv2_tags_update(tf_ctx *ctx, const aws_meta *m, const char *arn, const tf_value *old_all,
                      const tf_value *new_all, aws_error *err)
{
    const char **remove;
    aws_kv *set;
    size_t n_remove, n_set;
    aws_tags_diff(ctx->arena, old_all, new_all, &remove, &n_remove, &set, &n_set);
    aws_xml_node *res;
    if (n_remove) {
        aws_params *p = aws_params_new(ctx->arena);
        aws_params_add(p, "ResourceArns.member.1", arn);
        aws_params_list(p, AWS_LIST_MEMBER, "TagKeys", remove, n_remove);
        if (aws_query_call(m->client, ctx->arena, ctx->stop, "elbv2", "RemoveTags", p, &res,
                           err) != 0)
            return -1;
    }
    if (n_set) {
        aws_params *p = aws_params_new(ctx->arena);
        aws_params_add(p, "ResourceArns.member.1", arn);
        aws_params_tags(p, AWS_LIST_MEMBER, "Tags", set, n_set);
        if (aws_query_call(m->client, ctx->arena, ctx->stop, "elbv2", "AddTags", p, &res, err) !=
            0)
            return -1;
    }
    return 0;
}

int elbv2_tags_state(tf_ctx *ctx, const aws_meta *m, const char *arn, const tf_value *prior_tags,
                     const tf_value **tags, const tf_value **tags_all, aws_error *err)
{
    aws_kv *kv;
    size_t n;
    if (elbv2_tags_read(ctx, m, arn, &kv, &n, err) != 0)
        return -1;
    aws_tags_to_state(ctx->arena, m, kv, n, prior_tags, tags, tags_all);
    return 0;
}

/* ---- retried calls ---- */

typedef struct elbv2_retry {
    tf_ctx *ctx;
    const aws_meta *m;
    const char *action;
    const aws_params *params;
    aws_xml_node **out;
    const char *const *codes;
    aws_error last;
    bool retried;
} elbv2_retry;

static aws_wait_status elbv2_retry_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    elbv2_retry *r = ud;
    if (aws_query_call(r->m->client, r->ctx->arena, r->ctx->stop, "elbv2", r->action, r->params,
                       r->out, err) == 0)
        return AWS_WAIT_DONE;
    bool listed = false;
    for (size_t i = 0; r->codes && r->codes[i]; i++)
        listed = listed || aws_error_is(err, r->codes[i]);
    if (!listed)
        return AWS_WAIT_FAIL;
    r->last = *err;
    r->retried = true;
    snprintf(state, state_len, "%s", err->code);
    return AWS_WAIT_CONTINUE;
}

int elbv2_call_retry(tf_ctx *ctx, const aws_meta *m, const char *action, const aws_params *p,
                     aws_xml_node **out, double timeout_seconds, const char *const *retry_codes,
                     aws_error *err)
{
    elbv2_retry r = {.ctx = ctx, .m = m, .action = action, .params = p, .out = out,
                     .codes = retry_codes};
    aws_error_clear(&r.last);
    if (aws_wait(ctx->stop, timeout_seconds, elbv2_retry_poll, &r, err) == 0)
        return 0;
    if (err->kind == AWS_ERR_TIMEOUT && r.retried) {
        /* What AWS kept answering says more than a bare timeout. */
        char msg[sizeof err->message];
        snprintf(msg, sizeof msg, "%.1900s (still failing after retrying for %gs)",
                 r.last.message, timeout_seconds);
        *err = r.last;
        snprintf(err->message, sizeof err->message, "%s", msg);
    }
    return -1;
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

int elbv2_find(tf_ctx *ctx, const aws_meta *m, const elbv2_kind *kind, const char *arn,
               const aws_xml_node **item, aws_error *err)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, kind->arn_param, arn);
    aws_xml_node *out;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "elbv2", kind->describe, p, &out,
                       err) != 0)
        return aws_error_is(err, kind->not_found) ? ELBV2_NOT_FOUND : -1;
    *item = aws_xml_first(out, kind->list);
    return *item ? ELBV2_FOUND : ELBV2_NOT_FOUND;
}

typedef struct visible_wait {
    tf_ctx *ctx;
    const aws_meta *m;
    const elbv2_kind *kind;
    const char *arn;
    const aws_xml_node *found;
} visible_wait;

static aws_wait_status visible_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    visible_wait *w = ud;
    int rc = elbv2_find(w->ctx, w->m, w->kind, w->arn, &w->found, err);
    if (rc < 0)
        return AWS_WAIT_FAIL;
    snprintf(state, state_len, "%s", rc == ELBV2_FOUND ? "found" : "not found");
    return rc == ELBV2_FOUND ? AWS_WAIT_DONE : AWS_WAIT_CONTINUE;
}

int elbv2_wait_visible(tf_ctx *ctx, const aws_meta *m, const elbv2_kind *kind, const char *arn,
                       double timeout, const aws_xml_node **item, aws_error *err)
{
    visible_wait w = {.ctx = ctx, .m = m, .kind = kind, .arn = arn};
    int rc = aws_wait(ctx->stop, timeout, visible_poll, &w, err);
    *item = w.found;
    return rc;
}

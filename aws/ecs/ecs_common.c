/* ecs_common.c - see ecs_common.h. */
#include "ecs_common.h"

#include <stdio.h>
#include <string.h>

#include "diagnostics.h"
#include "tags.h"

int ecs_call(tf_ctx *ctx, const aws_meta *m, const char *op, json_t *in, json_t **out,
             aws_error *err)
{
    *out = NULL;
    return aws_json_call(m->client, ctx->arena, ctx->stop, "ecs", op, in, out, err);
}

typedef struct ecs_retrier {
    tf_ctx *ctx;
    const aws_meta *m;
    const char *op;
    json_t *in, **out;
    const ecs_retry *retry;
    aws_error last;
    int seen;
} ecs_retrier;

static bool ecs_retry_matches(const ecs_retry *retry, const aws_error *err)
{
    for (const ecs_retry *x = retry; x && (x->code || x->message); x++)
        if ((!x->code || aws_error_is(err, x->code)) &&
            (!x->message || strstr(err->message, x->message)))
            return true;
    return false;
}

static bool ecs_code_listed(const char *const *codes, const aws_error *err)
{
    for (size_t i = 0; codes && codes[i]; i++)
        if (aws_error_is(err, codes[i]))
            return true;
    return false;
}

static aws_wait_status ecs_retry_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    ecs_retrier *r = ud;
    json_decref(*r->out);
    if (ecs_call(r->ctx, r->m, r->op, r->in, r->out, err) == 0)
        return AWS_WAIT_DONE;
    if (!ecs_retry_matches(r->retry, err))
        return AWS_WAIT_FAIL;
    r->last = *err;
    r->seen = 1;
    snprintf(state, state_len, "%s", err->code);
    return AWS_WAIT_CONTINUE;
}

int ecs_call_retry(tf_ctx *ctx, const aws_meta *m, const char *op, json_t *in, json_t **out,
                   double timeout, const ecs_retry *retry, aws_error *err)
{
    *out = NULL;
    ecs_retrier r = {.ctx = ctx, .m = m, .op = op, .in = in, .out = out, .retry = retry};
    if (aws_wait(ctx->stop, timeout, ecs_retry_poll, &r, err) == 0)
        return 0;
    if (err->kind == AWS_ERR_TIMEOUT && r.seen)
        *err = r.last;
    return -1;
}

int ecs_describe_active(tf_ctx *ctx, const aws_meta *m, const char *op, json_t *in,
                        const char *list, const char *const *gone, json_t **out,
                        const json_t **item, aws_error *err)
{
    int rc = ecs_call(ctx, m, op, in, out, err);
    json_decref(in);
    if (rc != 0)
        return ecs_code_listed(gone, err) ? ECS_GONE : -1;
    const json_t *entries = json_object_get(*out, list);
    for (size_t i = 0; i < json_array_size(entries); i++) {
        const json_t *e = json_array_get(entries, i);
        const char *st = json_string_value(json_object_get(e, "status"));
        if (st && strcmp(st, "INACTIVE") == 0)
            continue;
        *item = e;
        return ECS_FOUND;
    }
    return ECS_GONE;
}

typedef struct ecs_until_done {
    tf_ctx *ctx;
    const aws_meta *m;
    const char *op;
    json_t *in;
    const char *const *gone;
    const ecs_retry *busy;
} ecs_until_done;

static aws_wait_status ecs_until_done_poll(void *ud, char *state, size_t state_len,
                                           aws_error *err)
{
    ecs_until_done *d = ud;
    json_t *out = NULL;
    int rc = ecs_call(d->ctx, d->m, d->op, d->in, &out, err);
    json_decref(out);
    if (rc == 0 || ecs_code_listed(d->gone, err))
        return AWS_WAIT_DONE;
    if (!ecs_retry_matches(d->busy, err))
        return AWS_WAIT_FAIL;
    snprintf(state, state_len, "%s", err->code);
    return AWS_WAIT_CONTINUE;
}

int ecs_call_until_done(tf_ctx *ctx, const aws_meta *m, const char *op, json_t *in,
                        double timeout, const char *const *gone, const ecs_retry *busy,
                        aws_error *err)
{
    ecs_until_done d = {.ctx = ctx, .m = m, .op = op, .in = in, .gone = gone, .busy = busy};
    return aws_wait(ctx->stop, timeout, ecs_until_done_poll, &d, err);
}

static int ecs_create_retry_when(const void *ud, const aws_error *err)
{
    return ecs_retry_matches(ud, err);
}

const char *ecs_create(tf_ctx *ctx, const aws_meta *m, const ecs_create_op *c, json_t *in,
                       const char *name, double timeout, const ecs_retry *retry,
                       aws_create_lookup_fn lookup, void *ud)
{
    json_t *out = NULL;
    const char *adopted;
    aws_error err;
    aws_create_once once = {.service = "ecs", .operation = c->op, .lookup = lookup, .ud = ud,
                            .retry_when = ecs_create_retry_when, .retry_ud = retry,
                            .retry_timeout_s = timeout};
    int rc = aws_create_once_json(m->client, ctx->arena, ctx->stop, &once, in, &out, &adopted,
                                  &err);
    json_decref(in);
    if (rc != 0) {
        aws_diag(ctx, &err, "creating %s (%s)", c->what, name);
        return NULL;
    }
    if (adopted)
        return adopted;
    const char *arn = ecs_json_str(ctx->arena, json_object_get(out, c->object), c->arn_field);
    json_decref(out);
    if (!arn) {
        aws_error_set(&err, AWS_ERR_RESPONSE, "", "%s returned no %s ARN", c->op, c->object);
        aws_diag(ctx, &err, "creating %s (%s)", c->what, name);
    }
    return arn;
}

/* [{"key":k,"value":v}, ...] (new reference) from pairs. */
static json_t *ecs_tags_json(const aws_kv *tags, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:s,s:s}", "key", tags[i].key, "value",
                                             tags[i].value));
    return arr;
}

/* Pairs from an ECS tag list (absent or not an array: none). */
static aws_kv *ecs_tags_from_json(tf_arena *a, const json_t *list, size_t *n)
{
    *n = 0;
    size_t len = json_is_array(list) ? json_array_size(list) : 0;
    aws_kv *kv = tf_arena_calloc(a, len + 1, sizeof *kv);
    for (size_t i = 0; i < len; i++) {
        const json_t *t = json_array_get(list, i);
        const char *k = ecs_json_str(a, t, "key");
        if (!k)
            continue;
        const char *v = ecs_json_str(a, t, "value");
        kv[*n].key = k;
        kv[*n].value = v ? v : "";
        (*n)++;
    }
    return kv;
}

void ecs_json_put_tags(tf_arena *a, json_t *in, const tf_value *planned)
{
    size_t n;
    aws_kv *tags = aws_tags_from_map(a, tf_get(planned, "tags_all"), &n);
    if (n > 0)
        json_object_set_new(in, "tags", ecs_tags_json(tags, n));
}

void ecs_tags_state(tf_objb *b, const aws_meta *m, const json_t *list, const tf_value *base)
{
    size_t n;
    aws_kv *remote = ecs_tags_from_json(b->arena, list, &n);
    aws_tags_set_state(b, m, remote, n, tf_get(base, "tags"));
}

int ecs_tags_update(tf_ctx *ctx, const aws_meta *m, const char *arn, const tf_value *old_map,
                    const tf_value *new_map)
{
    static const aws_json_tagging ecs_tagging = {
        .service = "ecs", .arn_key = "resourceArn", .keys_key = "tagKeys", .tags_key = "tags",
        .what = "ECS resource", .tags_json = ecs_tags_json};
    return aws_tags_update_json(ctx, m, &ecs_tagging, arn, old_map, new_map);
}

void ecs_json_put_str(json_t *o, const char *key, const tf_value *obj, const char *name)
{
    const char *s = tf_get_str(obj, name, "");
    if (*s)
        json_object_set_new(o, key, json_string(s));
}

const char *ecs_json_str(tf_arena *a, const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? tf_arena_strdup(a, json_string_value(v)) : NULL;
}

long long ecs_json_int(const json_t *obj, const char *key, long long dflt)
{
    const json_t *v = json_object_get(obj, key);
    return json_is_integer(v) ? (long long)json_integer_value(v) : dflt;
}

bool ecs_json_bool(const json_t *obj, const char *key, bool dflt)
{
    const json_t *v = json_object_get(obj, key);
    return json_is_boolean(v) ? json_is_true(v) : dflt;
}

const tf_value *ecs_json_strings(tf_arena *a, const json_t *arr, bool as_set)
{
    size_t n = json_is_array(arr) ? json_array_size(arr) : 0;
    const tf_value **items = tf_arena_calloc(a, n + 1, sizeof *items);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const json_t *s = json_array_get(arr, i);
        if (json_is_string(s))
            items[k++] = tf_string(a, json_string_value(s));
    }
    return as_set ? tf_set(a, &tf_type_string, k, items) : tf_list(a, &tf_type_string, k, items);
}

json_t *ecs_strings_json(const tf_value *v)
{
    json_t *arr = json_array();
    if (!tf_is_known(v))
        return arr;
    for (size_t i = 0; i < v->u.coll.n; i++)
        if (tf_is_known(v->u.coll.items[i]))
            json_array_append_new(arr, json_stringn(v->u.coll.items[i]->u.str.ptr,
                                                    v->u.coll.items[i]->u.str.len));
    return arr;
}

const char *ecs_arn_last(const char *arn)
{
    const char *s = strrchr(arn, '/');
    return s ? s + 1 : arn;
}

/* appautoscaling.c - see appautoscaling.h. */
#include "appautoscaling.h"

#include <string.h>

#include "diagnostics.h"
#include "tags.h"

int aas_call(tf_ctx *ctx, const aws_meta *m, const char *op, json_t *in, json_t **out,
             aws_error *err)
{
    *out = NULL;
    return aws_json_call(m->client, ctx->arena, ctx->stop, "appautoscaling", op, in, out, err);
}

static int aas_retry_when(const void *ud, const aws_error *err)
{
    for (const aas_retry *r = ud; r && r->code; r++)
        if (aws_error_is(err, r->code) && (!r->message || strstr(err->message, r->message)))
            return 1;
    return 0;
}

int aas_create_once(tf_ctx *ctx, const aws_meta *m, const char *op, json_t *in, json_t **out,
                    double timeout, const aas_retry *retry, aws_error *err)
{
    const char *adopted;
    aws_create_once once = {.service = "appautoscaling", .operation = op,
                            .retry_when = aas_retry_when, .retry_ud = retry,
                            .retry_timeout_s = timeout};
    return aws_create_once_json(m->client, ctx->arena, ctx->stop, &once, in, out, &adopted, err);
}

const char *aas_json_str(tf_arena *a, const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    return json_is_string(v) ? tf_arena_strdup(a, json_string_value(v)) : NULL;
}

bool aas_str_is(const json_t *obj, const char *key, const char *s)
{
    const json_t *v = json_object_get(obj, key);
    return json_is_string(v) && strcmp(json_string_value(v), s) == 0;
}

long long aas_json_int(const json_t *obj, const char *key, long long dflt)
{
    const json_t *v = json_object_get(obj, key);
    return json_is_integer(v) ? (long long)json_integer_value(v) : dflt;
}

/* {k: v, ...} (new reference) from pairs. */
static json_t *aas_tags_object(const aws_kv *tags, size_t n)
{
    json_t *o = json_object();
    for (size_t i = 0; i < n; i++)
        json_object_set_new(o, tags[i].key, json_string(tags[i].value));
    return o;
}

json_t *aas_tags_json(tf_arena *a, const tf_value *planned)
{
    size_t n;
    aws_kv *tags = aws_tags_from_map(a, tf_get(planned, "tags_all"), &n);
    return n ? aas_tags_object(tags, n) : NULL;
}

aws_kv *aas_tags_from_json(tf_arena *a, const json_t *map, size_t *n)
{
    *n = 0;
    size_t len = json_is_object(map) ? json_object_size(map) : 0;
    aws_kv *kv = tf_arena_calloc(a, len + 1, sizeof *kv);
    const char *k;
    const json_t *v;
    json_object_foreach((json_t *)map, k, v) {
        if (!json_is_string(v))
            continue;
        kv[*n].key = tf_arena_strdup(a, k);
        kv[*n].value = tf_arena_strdup(a, json_string_value(v));
        (*n)++;
    }
    return kv;
}

int aas_tags_update(tf_ctx *ctx, const aws_meta *m, const char *arn, const tf_value *old_map,
                    const tf_value *new_map)
{
    static const aws_json_tagging aas_tagging = {
        .service = "appautoscaling", .arn_key = "ResourceARN", .keys_key = "TagKeys",
        .tags_key = "Tags", .what = "Application AutoScaling resource",
        .tags_json = aas_tags_object};
    return aws_tags_update_json(ctx, m, &aas_tagging, arn, old_map, new_map);
}

/* tags.c - see tags.h for the rules. */
#include <stdlib.h>
#include <string.h>

#include "diagnostics.h"
#include "tags.h"
#include "value_build.h"

bool aws_tags_ignored(const aws_meta *m, const char *key)
{
    if (!m)
        return false;
    for (size_t i = 0; i < m->n_ignore_keys; i++)
        if (strcmp(m->ignore_keys[i], key) == 0)
            return true;
    for (size_t i = 0; i < m->n_ignore_prefixes; i++)
        if (strncmp(m->ignore_prefixes[i], key, strlen(m->ignore_prefixes[i])) == 0)
            return true;
    return false;
}

static bool map_has_unknown(const tf_value *m)
{
    return tf_is_unknown(m) || (tf_is_known(m) && tf_contains_unknown(m));
}

static size_t map_len(const tf_value *m)
{
    return tf_is_known(m) ? m->u.coll.n : 0;
}

/* default_tags merged with the resource's tags, minus ignored keys. */
static const tf_value *merged_tags(tf_arena *a, const aws_meta *m, const tf_value *tags)
{
    size_t cap = (m ? m->n_default_tags : 0) + map_len(tags);
    const char **keys = tf_arena_calloc(a, cap + 1, sizeof *keys);
    const char **vals = tf_arena_calloc(a, cap + 1, sizeof *vals);
    size_t n = 0;
    for (size_t i = 0; m && i < m->n_default_tags; i++) {
        if (tf_map_get(tags, m->default_tags[i].key) || aws_tags_ignored(m, m->default_tags[i].key))
            continue;
        keys[n] = m->default_tags[i].key;
        vals[n++] = m->default_tags[i].value;
    }
    for (size_t i = 0; i < map_len(tags); i++) {
        const tf_value *v = tags->u.coll.items[i];
        if (aws_tags_ignored(m, tags->u.coll.keys[i]) || !tf_is_known(v))
            continue;
        keys[n] = tags->u.coll.keys[i];
        vals[n++] = v->u.str.ptr;
    }
    return tf_string_map(a, keys, vals, n);
}

/* Whether any tag value is "" (tftags' HasZeroValue). */
static bool map_has_zero(const tf_value *m)
{
    for (size_t i = 0; i < map_len(m); i++) {
        const tf_value *v = m->u.coll.items[i];
        if (!tf_is_known(v) || v->u.str.len == 0)
            return true;
    }
    return false;
}

/* SDKv2's HasChange: null and empty maps are the same. */
static bool map_changed(const tf_value *old, const tf_value *new)
{
    if (map_len(old) == 0 && map_len(new) == 0)
        return false;
    return !tf_is_known(old) || !tf_is_known(new) || !tf_value_equal(old, new);
}

/* hashicorp/aws's setTagsAll CustomizeDiff. */
void aws_tags_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->planned))
        return;
    const aws_meta *m = ctx->meta;
    const tf_value *tags = tf_get(req->config, "tags");
    const tf_type *map_t = tf_get(req->planned, "tags_all")->type;
    const tf_value *unknown = tf_unknown(ctx->arena, map_t);
    if (map_has_unknown(tags)) {
        req->planned = tf_object_with(ctx->arena, req->planned, "tags_all", unknown);
        return;
    }
    const tf_value *merged = merged_tags(ctx->arena, m, tags);
    size_t n = merged->u.coll.n;
    bool new_zero = map_has_zero(tags), all_zero = map_has_zero(merged);
    /* Without a diff of its own, tags_all stays as it was; a new object's
     * computed attribute is unknown. */
    bool fresh = tf_is_null(req->prior) || req->n_replace > 0;
    const tf_value *prior_all = fresh ? NULL : tf_get(req->prior, "tags_all");
    const tf_value *all = fresh ? unknown : prior_all;
    if (map_changed(fresh ? NULL : tf_get(req->prior, "tags"), tags)) {
        if (new_zero)
            all = unknown;
        if (n > 0 && (!new_zero || !all_zero))
            all = merged;
        if (n == 0)
            all = unknown;
    } else if (n > 0 && !all_zero) {
        all = merged;
    } else if (n > 0 && all_zero && !(prior_all && tf_is_known(prior_all) &&
                                      tf_value_equal(prior_all, merged))) {
        all = unknown;
    }
    req->planned = tf_object_with(ctx->arena, req->planned, "tags_all", all);
}

void aws_tags_plan_framework(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->planned))
        return;
    const tf_value *tags = tf_get(req->config, "tags");
    const tf_type *map_t = tf_get(req->planned, "tags_all")->type;
    const tf_value *all = map_has_unknown(tags) ? tf_unknown(ctx->arena, map_t)
                                                : merged_tags(ctx->arena, ctx->meta, tags);
    req->planned = tf_object_with(ctx->arena, req->planned, "tags_all", all);
}

static int kv_cmp(const void *x, const void *y)
{
    return strcmp(((const aws_kv *)x)->key, ((const aws_kv *)y)->key);
}

aws_kv *aws_tags_from_map(tf_arena *a, const tf_value *map, size_t *n)
{
    *n = 0;
    aws_kv *kv = tf_arena_calloc(a, map_len(map) + 1, sizeof *kv);
    for (size_t i = 0; i < map_len(map); i++) {
        const tf_value *v = map->u.coll.items[i];
        if (!tf_is_known(v))
            continue;
        kv[*n].key = map->u.coll.keys[i];
        kv[(*n)++].value = v->u.str.ptr;
    }
    qsort(kv, *n, sizeof *kv, kv_cmp);
    return kv;
}

static const char *default_value(const aws_meta *m, const char *key)
{
    for (size_t i = 0; m && i < m->n_default_tags; i++)
        if (strcmp(m->default_tags[i].key, key) == 0)
            return m->default_tags[i].value;
    return NULL;
}

void aws_tags_to_state(tf_arena *a, const aws_meta *m, const aws_kv *remote, size_t n,
                       const tf_value *prior_tags, const tf_value **tags,
                       const tf_value **tags_all)
{
    const char **ak = tf_arena_calloc(a, n + 1, sizeof *ak), **av = tf_arena_calloc(a, n + 1, sizeof *av);
    const char **tk = tf_arena_calloc(a, n + 1, sizeof *tk), **tv = tf_arena_calloc(a, n + 1, sizeof *tv);
    size_t na = 0, nt = 0;
    for (size_t i = 0; i < n; i++) {
        const char *k = remote[i].key, *v = remote[i].value ? remote[i].value : "";
        if (aws_tags_ignored(m, k))
            continue;
        ak[na] = k;
        av[na++] = v;
        const char *dv = default_value(m, k);
        const tf_value *mine = tf_map_get(prior_tags, k);
        bool set_by_resource = mine && tf_is_known(mine) && strcmp(mine->u.str.ptr, v) == 0;
        if (dv && strcmp(dv, v) == 0 && !set_by_resource)
            continue;
        tk[nt] = k;
        tv[nt++] = v;
    }
    *tags_all = tf_string_map(a, ak, av, na);
    /* An untagged object reads as tags = {}, as hashicorp/aws's read sets
     * it; right after create or update, tf_state_conform turns that back
     * into the planned null, as SDKv2 does (null and empty collections are
     * the same to it). */
    *tags = tf_string_map(a, tk, tv, nt);
}

void aws_tags_set_state(tf_objb *b, const aws_meta *m, const aws_kv *remote, size_t n,
                        const tf_value *prior_tags)
{
    const tf_value *tags, *tags_all;
    aws_tags_to_state(b->arena, m, remote, n, prior_tags, &tags, &tags_all);
    tf_objb_set(b, "tags", tags);
    tf_objb_set(b, "tags_all", tags_all);
}

void aws_tags_diff(tf_arena *a, const tf_value *old_map, const tf_value *new_map,
                   const char ***remove, size_t *n_remove, aws_kv **set, size_t *n_set)
{
    *n_remove = *n_set = 0;
    *remove = tf_arena_calloc(a, map_len(old_map) + 1, sizeof **remove);
    *set = tf_arena_calloc(a, map_len(new_map) + 1, sizeof **set);
    for (size_t i = 0; i < map_len(old_map); i++)
        if (!tf_map_get(new_map, old_map->u.coll.keys[i]))
            (*remove)[(*n_remove)++] = old_map->u.coll.keys[i];
    for (size_t i = 0; i < map_len(new_map); i++) {
        const tf_value *nv = new_map->u.coll.items[i];
        const tf_value *ov = tf_map_get(old_map, new_map->u.coll.keys[i]);
        if (!tf_is_known(nv))
            continue;
        if (ov && tf_is_known(ov) && tf_value_equal(ov, nv))
            continue;
        (*set)[*n_set].key = new_map->u.coll.keys[i];
        (*set)[(*n_set)++].value = nv->u.str.ptr;
    }
}

static int tags_json_call(tf_ctx *ctx, const aws_meta *m, const aws_json_tagging *t,
                          const char *op, const char *arn, const char *key, json_t *val,
                          const char *verb)
{
    json_t *in = json_pack("{s:s,s:o}", t->arn_key, arn, key, val);
    json_t *out = NULL;
    aws_error err;
    int rc = aws_json_call(m->client, ctx->arena, ctx->stop, t->service, op, in, &out, &err);
    json_decref(in);
    json_decref(out);
    if (rc != 0) {
        aws_diag(ctx, &err, "%s %s (%s)", verb, t->what, arn);
        return -1;
    }
    return 0;
}

int aws_tags_update_json(tf_ctx *ctx, const aws_meta *m, const aws_json_tagging *t,
                         const char *arn, const tf_value *old_map, const tf_value *new_map)
{
    const char **remove;
    aws_kv *set;
    size_t n_remove, n_set;
    aws_tags_diff(ctx->arena, old_map, new_map, &remove, &n_remove, &set, &n_set);
    if (n_remove > 0) {
        json_t *keys = json_array();
        for (size_t i = 0; i < n_remove; i++)
            json_array_append_new(keys, json_string(remove[i]));
        if (tags_json_call(ctx, m, t, "UntagResource", arn, t->keys_key, keys, "untagging") != 0)
            return -1;
    }
    if (n_set > 0 && tags_json_call(ctx, m, t, "TagResource", arn, t->tags_key,
                                    t->tags_json(set, n_set), "tagging") != 0)
        return -1;
    return 0;
}

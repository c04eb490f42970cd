/* config_validate.c - the schema checks SDKv2 makes on a configuration.
 *
 * Terraform core has already decoded the configuration against the schema
 * we sent: types, required arguments, computed-only arguments and block
 * counts are its business.  What is left is what terraform-plugin-sdk v2
 * adds, in the SDK's order for each argument, stopping at the first
 * problem with that argument:
 *
 *   exactly_one_of, at_least_one_of   (also for arguments left unset)
 *   required_with
 *   -- arguments whose value is not wholly known are not checked further --
 *   conflicts_with, deprecation warning, validators / nested blocks.
 *
 * Cross-argument rules name other arguments by SDK keys from the root of
 * the configuration ("launch_template.0.id"), and the messages quote the
 * key of the argument being checked, as the SDK does, so that users see the
 * same diagnostics as with hashicorp/aws. */
#include "plan.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

typedef struct vstate {
    tf_ctx *ctx;
    const tf_block *root_schema;
    const tf_value *root;
} vstate;

/* The value an SDK key names, and whether it names a list/set/map of
 * blocks (which counts as unset when empty). */
typedef struct key_ref {
    const tf_value *v; /* NULL: absent */
    bool blocks;
} key_ref;

static bool seg_index(const char *seg, size_t len, size_t *out)
{
    if (len == 0 || len > 9)
        return false;
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        if (seg[i] < '0' || seg[i] > '9')
            return false;
        n = n * 10 + (size_t)(seg[i] - '0');
    }
    *out = n;
    return true;
}

static key_ref key_lookup(vstate *s, const char *key)
{
    tf_arena *a = s->ctx->arena;
    const tf_block *b = s->root_schema; /* schema of v while v is a block */
    const tf_value *v = s->root;
    bool blocks = false;
    const char *p = key;
    while (*p) {
        const char *dot = strchr(p, '.');
        size_t len = dot ? (size_t)(dot - p) : strlen(p);
        char *seg = tf_arena_strndup(a, p, len);
        p += len + (dot ? 1 : 0);
        if (tf_is_unknown(v))
            return (key_ref){v, false};
        if (tf_is_null(v))
            return (key_ref){NULL, false};
        size_t idx;
        tf_kind k = v->type->kind;
        blocks = false;
        if (k == TF_OBJECT) {
            const tf_nested_block *nb = b ? tf_block_nested(b, seg) : NULL;
            v = tf_get(v, seg);
            if (nb) {
                b = nb->block;
                blocks = nb->nesting != TF_NEST_SINGLE && nb->nesting != TF_NEST_GROUP;
            } else {
                b = NULL;
            }
        } else if (k == TF_MAP) {
            v = tf_map_get(v, seg);
        } else if ((k == TF_LIST || k == TF_SET || k == TF_TUPLE) &&
                   seg_index(seg, len, &idx)) {
            v = idx < v->u.coll.n ? v->u.coll.items[idx] : NULL;
        } else {
            v = NULL;
        }
        if (!v)
            return (key_ref){NULL, false};
    }
    return (key_ref){v, blocks};
}

/* The SDK's "is set": non-null, and for blocks at least one of them. */
static bool ref_present(key_ref r)
{
    if (!r.v || tf_is_null(r.v))
        return false;
    if (r.blocks && tf_is_known(r.v))
        return r.v->u.coll.n > 0;
    return true;
}

static int key_cmp(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The keys of a rule plus the argument's own key, sorted, deduplicated. */
static size_t rule_keys(tf_arena *a, const char *const *list, const char *self,
                        const char ***out)
{
    size_t n = 0;
    while (list[n])
        n++;
    const char **keys = tf_arena_calloc(a, n + 1, sizeof(*keys));
    for (size_t i = 0; i < n; i++)
        keys[i] = list[i];
    keys[n++] = self;
    qsort(keys, n, sizeof(*keys), key_cmp);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (m == 0 || strcmp(keys[m - 1], keys[i]) != 0)
            keys[m++] = keys[i];
    *out = keys;
    return m;
}

static char *keys_join(tf_arena *a, const char **keys, size_t n)
{
    char *s = tf_arena_strdup(a, "");
    for (size_t i = 0; i < n; i++)
        s = tf_arena_printf(a, "%s%s%s", s, i ? "," : "", keys[i]);
    return s;
}

/* Each check returns false after reporting a problem. */
static bool check_exactly_one(vstate *s, const char *const *list, const char *self,
                              const tf_path *path)
{
    if (!list)
        return true;
    tf_arena *a = s->ctx->arena;
    const char **keys, **given;
    size_t n = rule_keys(a, list, self, &keys), n_given = 0, n_unknown = 0;
    given = tf_arena_calloc(a, n, sizeof(*given));
    for (size_t i = 0; i < n; i++) {
        key_ref r = key_lookup(s, keys[i]);
        if (r.v && tf_contains_unknown(r.v))
            n_unknown++;
        else if (ref_present(r))
            given[n_given++] = keys[i];
    }
    if (n_given == 0 && n_unknown == 0) {
        tf_diag_error(s->ctx->diags, path, "Invalid combination of arguments",
                      "\"%s\": one of `%s` must be specified", self, keys_join(a, keys, n));
        return false;
    }
    if (n_given > 1) {
        tf_diag_error(s->ctx->diags, path, "Invalid combination of arguments",
                      "\"%s\": only one of `%s` can be specified, but `%s` were specified.",
                      self, keys_join(a, keys, n), keys_join(a, given, n_given));
        return false;
    }
    return true;
}

static bool check_at_least_one(vstate *s, const char *const *list, const char *self,
                               const tf_path *path)
{
    if (!list)
        return true;
    tf_arena *a = s->ctx->arena;
    const char **keys;
    size_t n = rule_keys(a, list, self, &keys);
    for (size_t i = 0; i < n; i++)
        if (ref_present(key_lookup(s, keys[i])))
            return true;
    tf_diag_error(s->ctx->diags, path, "Missing required argument",
                  "\"%s\": one of `%s` must be specified", self, keys_join(a, keys, n));
    return false;
}

static bool check_required_with(vstate *s, const char *const *list, const char *self,
                                 const tf_path *path)
{
    if (!list)
        return true;
    tf_arena *a = s->ctx->arena;
    const char **keys;
    size_t n = rule_keys(a, list, self, &keys);
    for (size_t i = 0; i < n; i++) {
        if (!ref_present(key_lookup(s, keys[i]))) {
            tf_diag_error(s->ctx->diags, path, "Missing required argument",
                          "\"%s\": all of `%s` must be specified", self,
                          keys_join(a, keys, n));
            return false;
        }
    }
    return true;
}

static bool check_conflicts(vstate *s, const char *const *list, const char *self,
                            const tf_path *path)
{
    for (size_t i = 0; list && list[i]; i++) {
        key_ref r = key_lookup(s, list[i]);
        /* An unknown value may still turn out null. */
        if (r.v && tf_is_unknown(r.v))
            continue;
        if (ref_present(r)) {
            tf_diag_error(s->ctx->diags, path, "Conflicting configuration arguments",
                          "\"%s\": conflicts with %s", self, list[i]);
            return false;
        }
    }
    return true;
}

static void validate_block(vstate *s, const tf_block *b, const tf_value *obj,
                           const char *prefix, const tf_path *path);

static void validate_attr(vstate *s, const tf_attribute *at, const tf_value *v,
                          const char *key, const tf_path *path)
{
    if (!check_exactly_one(s, at->exactly_one_of, key, path) ||
        !check_at_least_one(s, at->at_least_one_of, key, path))
        return;
    if (tf_is_null(v))
        return;
    if (!(at->flags & (TF_REQUIRED | TF_OPTIONAL))) {
        tf_diag_error(s->ctx->diags, path, "Computed attributes cannot be set",
                      "Computed attributes cannot be set, but a value was set for \"%s\".",
                      key);
        return;
    }
    if (!check_required_with(s, at->required_with, key, path))
        return;
    bool deprecated = (at->flags & TF_DEPRECATED) && at->deprecation;
    if (!tf_contains_unknown(v)) {
        if (!check_conflicts(s, at->conflicts_with, key, path))
            return;
    }
    if (deprecated)
        tf_diag_warn(s->ctx->diags, path, "Argument is deprecated", "%s", at->deprecation);
    if (tf_contains_unknown(v))
        return;
    tf_vctx vc = {
        .arena = s->ctx->arena,
        .diags = s->ctx->diags,
        .path = path,
        .attr = at->name,
    };
    for (const tf_validator *val = at->validators; val && val->fn; val++)
        val->fn(val, &vc, v);
}

static void validate_items(vstate *s, const tf_nested_block *nb, const tf_value *v,
                           const char *key, const tf_path *path)
{
    int64_t n = (int64_t)v->u.coll.n;
    if (nb->max_items > 0 && n > nb->max_items) {
        tf_diag_error(s->ctx->diags, path, "List longer than MaxItems",
                      "Attribute supports %lld item maximum, config has %lld declared",
                      (long long)nb->max_items, (long long)n);
        return;
    }
    if (nb->min_items > 0 && n < nb->min_items) {
        tf_diag_error(s->ctx->diags, path, "List shorter than MinItems",
                      "Attribute supports %lld item minimum, config has %lld declared",
                      (long long)nb->min_items, (long long)n);
        return;
    }
    tf_arena *a = s->ctx->arena;
    for (size_t i = 0; i < v->u.coll.n; i++) {
        const char *k = v->u.coll.keys ? v->u.coll.keys[i] : NULL;
        const char *prefix = k ? tf_arena_printf(a, "%s.%s.", key, k)
                               : tf_arena_printf(a, "%s.%zu.", key, i);
        const tf_path *ep = k ? tf_path_key(a, path, k) : tf_path_index(a, path, (int64_t)i);
        validate_block(s, nb->block, v->u.coll.items[i], prefix, ep);
    }
}

static void validate_nested(vstate *s, const tf_nested_block *nb, const tf_value *v,
                            const char *key, const tf_path *path)
{
    if (!check_exactly_one(s, nb->exactly_one_of, key, path) ||
        !check_at_least_one(s, nb->at_least_one_of, key, path))
        return;
    bool single = nb->nesting == TF_NEST_SINGLE || nb->nesting == TF_NEST_GROUP;
    if (!ref_present((key_ref){v, !single}))
        return;
    if (!check_required_with(s, nb->required_with, key, path))
        return;
    /* The SDK skips a block entirely while anything inside is unknown. */
    if (tf_contains_unknown(v))
        return;
    if (!check_conflicts(s, nb->conflicts_with, key, path))
        return;
    if (single)
        validate_block(s, nb->block, v, tf_arena_printf(s->ctx->arena, "%s.0.", key), path);
    else
        validate_items(s, nb, v, key, path);
}

static void validate_block(vstate *s, const tf_block *b, const tf_value *obj,
                           const char *prefix, const tf_path *path)
{
    tf_arena *a = s->ctx->arena;
    if (!tf_is_known(obj) || obj->type->kind != TF_OBJECT)
        return;
    for (const tf_attribute *at = b->attrs; at->name; at++)
        validate_attr(s, at, tf_get(obj, at->name),
                      tf_arena_printf(a, "%s%s", prefix, at->name),
                      tf_path_attr(a, path, at->name));
    for (const tf_nested_block *nb = b->blocks; nb && nb->name; nb++)
        validate_nested(s, nb, tf_get(obj, nb->name),
                        tf_arena_printf(a, "%s%s", prefix, nb->name),
                        tf_path_attr(a, path, nb->name));
}

void tf_config_validate(tf_ctx *ctx, const tf_block *schema, const tf_value *config,
                        void (*extra)(tf_ctx *, const tf_value *))
{
    assert(ctx && schema && schema->ctype);
    if (!tf_is_known(config) || config->type->kind != TF_OBJECT)
        return;
    vstate s = {.ctx = ctx, .root_schema = schema, .root = config};
    validate_block(&s, schema, config, "", tf_path_root(ctx->arena));
    if (extra)
        extra(ctx, config);
}

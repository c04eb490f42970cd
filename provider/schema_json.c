/* schema_json.c - rendering a prepared schema like `terraform providers
 * schema -json` does.
 *
 * Terraform omits empty maps and false flags, and writes types in cty's JSON
 * type encoding; descriptions are left out entirely so that the output can
 * be compared with a description-free reference. */
#include "schema_json.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char *json_nesting_name(tf_nesting n)
{
    switch (n) {
    case TF_NEST_SINGLE: return "single";
    case TF_NEST_LIST: return "list";
    case TF_NEST_SET: return "set";
    case TF_NEST_MAP: return "map";
    case TF_NEST_GROUP: return "group";
    }
    return NULL;
}

static json_t *json_attr(tf_arena *a, const tf_attribute *at)
{
    char *tjson = tf_type_to_json(a, at->ctype);
    json_t *type = tjson ? json_loads(tjson, JSON_DECODE_ANY, NULL) : NULL;
    if (!type)
        return NULL;
    json_t *o = json_object();
    json_object_set_new(o, "type", type);
    if (at->flags & TF_REQUIRED)
        json_object_set_new(o, "required", json_true());
    if (at->flags & TF_OPTIONAL)
        json_object_set_new(o, "optional", json_true());
    if (at->flags & TF_COMPUTED)
        json_object_set_new(o, "computed", json_true());
    if (at->flags & TF_SENSITIVE)
        json_object_set_new(o, "sensitive", json_true());
    if (at->flags & TF_DEPRECATED)
        json_object_set_new(o, "deprecated", json_true());
    if (at->flags & TF_WRITE_ONLY)
        json_object_set_new(o, "write_only", json_true());
    return o;
}

static json_t *json_block(tf_arena *a, const tf_block *b);

static json_t *json_nested(tf_arena *a, const tf_nested_block *nb)
{
    json_t *block = json_block(a, nb->block);
    const char *mode = json_nesting_name(nb->nesting);
    if (!block || !mode) {
        json_decref(block);
        return NULL;
    }
    json_t *o = json_object();
    json_object_set_new(o, "nesting_mode", json_string(mode));
    json_object_set_new(o, "block", block);
    if (nb->min_items)
        json_object_set_new(o, "min_items", json_integer(nb->min_items));
    if (nb->max_items)
        json_object_set_new(o, "max_items", json_integer(nb->max_items));
    return o;
}

static json_t *json_block(tf_arena *a, const tf_block *b)
{
    if (!b || !b->ctype)
        return NULL;
    json_t *o = json_object();
    json_t *attrs = json_object();
    for (const tf_attribute *at = b->attrs; at->name; at++) {
        json_t *j = json_attr(a, at);
        if (!j)
            goto fail;
        json_object_set_new(attrs, at->name, j);
    }
    if (json_object_size(attrs))
        json_object_set(o, "attributes", attrs);
    json_decref(attrs);
    attrs = NULL;

    json_t *types = json_object();
    for (const tf_nested_block *nb = b->blocks; nb && nb->name; nb++) {
        json_t *j = json_nested(a, nb);
        if (!j) {
            json_decref(types);
            goto fail;
        }
        json_object_set_new(types, nb->name, j);
    }
    if (json_object_size(types))
        json_object_set(o, "block_types", types);
    json_decref(types);
    if (b->deprecated)
        json_object_set_new(o, "deprecated", json_true());
    return o;
fail:
    json_decref(attrs);
    json_decref(o);
    return NULL;
}

char *tf_schema_to_json(tf_arena *a, const tf_block *b, int64_t version)
{
    json_t *block = json_block(a, b);
    if (!block)
        return NULL;
    json_t *root = json_object();
    json_object_set_new(root, "version", json_integer(version));
    json_object_set_new(root, "block", block);
    char *s = json_dumps(root, JSON_SORT_KEYS | JSON_COMPACT);
    json_decref(root);
    if (!s)
        return NULL;
    char *out = tf_arena_strdup(a, s);
    free(s);
    return out;
}

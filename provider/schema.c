/* schema.c - turning declarative schema tables into usable schemas.
 *
 * Resource files declare their schemas as static tables with textual type
 * specs and JSON defaults.  tf_schema_prepare() runs once, at the first RPC,
 * and resolves everything the runtime needs afterwards: attribute types,
 * decoded defaults and the object type of every block.  A table that cannot
 * be resolved is a programming error, so it is reported loudly on stderr with
 * the path of the offending entry and every RPC fails. */
#include "schema.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Reports a broken table; path is e.g. "default_action.forward". */
static int prepare_fail(const char *path, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int prepare_fail(const char *path, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "schema error at \"%s\": ", path[0] ? path : "<root>");
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return -1;
}

static const char *prepare_path(tf_arena *a, const char *prefix, const char *name)
{
    if (!prefix[0])
        return name;
    return tf_arena_printf(a, "%s.%s", prefix, name);
}

static bool prepare_valid_name(const char *name)
{
    if (!name || !name[0])
        return false;
    for (const char *p = name; *p; p++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    }
    return true;
}

static int prepare_attr(tf_arena *a, const char *path, tf_attribute *attr)
{
    /* Types are prepared one by one as RPCs first name them, while other
     * RPCs read the types already prepared: an attribute table two blocks
     * share is written once. */
    if (attr->ctype)
        return 0;
    unsigned f = attr->flags;
    if (!attr->type)
        return prepare_fail(path, "attribute has no type");
    if ((f & TF_REQUIRED) && (f & (TF_OPTIONAL | TF_COMPUTED)))
        return prepare_fail(path, "required attributes cannot be optional or computed");
    if (!(f & (TF_REQUIRED | TF_OPTIONAL | TF_COMPUTED)))
        return prepare_fail(path, "attribute must be required, optional or computed");
    if ((f & TF_DEPRECATED) && !attr->deprecation)
        return prepare_fail(path, "deprecated attribute needs a deprecation message");
    if (attr->def && !(f & TF_OPTIONAL))
        return prepare_fail(path, "only optional attributes can have a default");
    if (attr->def && (f & TF_COMPUTED))
        return prepare_fail(path, "a default makes no sense on a computed attribute");
    if (!(f & (TF_REQUIRED | TF_OPTIONAL)) &&
        (attr->validators || attr->conflicts_with || attr->required_with ||
         attr->exactly_one_of || attr->at_least_one_of))
        return prepare_fail(path, "computed-only attributes cannot be validated");

    const tf_type *t = tf_type_parse(a, attr->type);
    if (!t)
        return prepare_fail(path, "malformed type spec \"%s\"", attr->type);
    attr->ctype = t;
    attr->cdef = NULL;
    if (attr->def) {
        char *err = NULL;
        const tf_value *v = tf_json_decode(a, attr->def, strlen(attr->def), t, &err);
        if (!v)
            return prepare_fail(path, "default %s does not fit type %s: %s",
                                attr->def, attr->type, err ? err : "?");
        attr->cdef = v;
    }
    if (attr->validators) {
        for (const tf_validator *v = attr->validators; v->fn; v++) {
            if ((v->fn == tf_validate_one_of || v->fn == tf_validate_regex) && !v->p)
                return prepare_fail(path, "validator is missing its parameter");
        }
    }
    return 0;
}

static int prepare_block(tf_arena *a, const char *path, tf_block *b);

static const tf_type *prepare_nested_type(tf_arena *a, const tf_nested_block *nb)
{
    const tf_type *obj = nb->block->ctype;
    switch (nb->nesting) {
    case TF_NEST_LIST:
        return tf_type_list(a, obj);
    case TF_NEST_SET:
        return tf_type_set(a, obj);
    case TF_NEST_MAP:
        return tf_type_map(a, obj);
    case TF_NEST_SINGLE:
    case TF_NEST_GROUP:
        return obj;
    }
    return NULL;
}

static int prepare_nested(tf_arena *a, const char *path, tf_nested_block *nb)
{
    if (!nb->block)
        return prepare_fail(path, "nested block has no block");
    switch (nb->nesting) {
    case TF_NEST_SINGLE:
    case TF_NEST_GROUP:
        if (nb->min_items > 1 || nb->max_items > 1)
            return prepare_fail(path, "single blocks hold at most one item");
        break;
    case TF_NEST_LIST:
    case TF_NEST_SET:
    case TF_NEST_MAP:
        break;
    default:
        return prepare_fail(path, "unknown nesting mode %d", (int)nb->nesting);
    }
    if (nb->min_items < 0 || nb->max_items < 0 ||
        (nb->max_items > 0 && nb->min_items > nb->max_items))
        return prepare_fail(path, "bad item bounds %lld..%lld",
                            (long long)nb->min_items, (long long)nb->max_items);
    return prepare_block(a, path, nb->block);
}

static int prepare_block(tf_arena *a, const char *path, tf_block *b)
{
    /* Aliases (aws_alb and aws_lb) share one table: prepare it once. */
    if (b->ctype)
        return 0;
    if (!b->attrs && b->build)
        b->build(b, a);
    if (!b->attrs)
        return prepare_fail(path, "block has no attribute table");

    size_t na = 0, nbk = 0;
    for (tf_attribute *at = b->attrs; at->name; at++) {
        const char *p = prepare_path(a, path, at->name);
        if (!prepare_valid_name(at->name))
            return prepare_fail(p, "invalid attribute name");
        if (prepare_attr(a, p, at) != 0)
            return -1;
        na++;
    }
    if (b->blocks) {
        for (tf_nested_block *nb = b->blocks; nb->name; nb++) {
            const char *p = prepare_path(a, path, nb->name);
            if (!prepare_valid_name(nb->name))
                return prepare_fail(p, "invalid block name");
            if (prepare_nested(a, p, nb) != 0)
                return -1;
            nbk++;
        }
    }

    size_t n = na + nbk;
    const char **names = tf_arena_calloc(a, n ? n : 1, sizeof *names);
    const tf_type **types = tf_arena_calloc(a, n ? n : 1, sizeof *types);
    size_t i = 0;
    for (tf_attribute *at = b->attrs; at->name; at++, i++) {
        names[i] = at->name;
        types[i] = at->ctype;
    }
    for (size_t j = 0; j < nbk; j++, i++) {
        names[i] = b->blocks[j].name;
        types[i] = prepare_nested_type(a, &b->blocks[j]);
    }
    for (size_t x = 0; x < n; x++) {
        for (size_t y = x + 1; y < n; y++) {
            if (strcmp(names[x], names[y]) == 0)
                return prepare_fail(prepare_path(a, path, names[x]),
                                    "name declared twice");
        }
    }
    b->n_attrs = na;
    b->n_blocks = nbk;
    b->ctype = tf_type_object(a, n, names, types);
    assert(b->ctype && b->ctype->kind == TF_OBJECT && b->ctype->n == n);
    return 0;
}

int tf_schema_prepare(tf_arena *static_arena, tf_block *b)
{
    assert(static_arena);
    if (!b)
        return prepare_fail("", "no schema");
    return prepare_block(static_arena, "", b);
}

const tf_attribute *tf_block_attr(const tf_block *b, const char *name)
{
    if (!b || !b->attrs || !name)
        return NULL;
    for (const tf_attribute *at = b->attrs; at->name; at++) {
        if (strcmp(at->name, name) == 0)
            return at;
    }
    return NULL;
}

const tf_nested_block *tf_block_nested(const tf_block *b, const char *name)
{
    if (!b || !b->blocks || !name)
        return NULL;
    for (const tf_nested_block *nb = b->blocks; nb->name; nb++) {
        if (strcmp(nb->name, name) == 0)
            return nb;
    }
    return NULL;
}

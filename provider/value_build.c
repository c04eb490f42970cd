/* value_build.c - see value_build.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "value_build.h"

void tf_objb_init(tf_objb *b, tf_arena *a, const tf_type *t, const tf_value *base)
{
    b->arena = a;
    b->type = t;
    b->items = tf_arena_calloc(a, t->n + 1, sizeof *b->items);
    bool copy = base && tf_is_known(base) && tf_type_equal(base->type, t);
    for (size_t i = 0; i < t->n; i++)
        b->items[i] = copy ? base->u.coll.items[i] : tf_null(a, t->types[i]);
}

void tf_objb_set(tf_objb *b, const char *name, const tf_value *v)
{
    int i = tf_type_attr_index(b->type, name);
    if (i < 0) {
        fprintf(stderr, "tf_objb_set: no attribute \"%s\" in this object type\n", name);
        abort();
    }
    const tf_type *want = b->type->types[i];
    if (!v) {
        v = tf_null(b->arena, want);
    } else if (!tf_type_equal(v->type, want)) {
        char *err = NULL;
        const tf_value *c = tf_convert(b->arena, v, want, &err);
        if (!c) {
            fprintf(stderr, "tf_objb_set: attribute \"%s\": %s\n", name, err ? err : "bad type");
            abort();
        }
        v = c;
    }
    b->items[i] = v;
}

void tf_objb_str(tf_objb *b, const char *name, const char *s)
{
    tf_objb_set(b, name, tf_string_or_null(b->arena, s));
}

void tf_objb_bool(tf_objb *b, const char *name, bool v)
{
    tf_objb_set(b, name, tf_bool(b->arena, v));
}

void tf_objb_i64(tf_objb *b, const char *name, int64_t v)
{
    tf_objb_set(b, name, tf_number_i64(b->arena, v));
}

const tf_value *tf_objb_done(tf_objb *b)
{
    return tf_object(b->arena, b->type, b->items);
}

const tf_value *tf_string_or_null(tf_arena *a, const char *s)
{
    return s ? tf_string(a, s) : tf_null(a, &tf_type_string);
}

static const tf_value **strings(tf_arena *a, const char *const *items, size_t n, size_t *out_n)
{
    const tf_value **v = tf_arena_calloc(a, n + 1, sizeof *v);
    *out_n = 0;
    for (size_t i = 0; i < n; i++)
        if (items[i])
            v[(*out_n)++] = tf_string(a, items[i]);
    return v;
}

const tf_value *tf_string_list(tf_arena *a, const char *const *items, size_t n)
{
    size_t k;
    const tf_value **v = strings(a, items, n, &k);
    return tf_list(a, &tf_type_string, k, v);
}

const tf_value *tf_string_set(tf_arena *a, const char *const *items, size_t n)
{
    size_t k;
    const tf_value **v = strings(a, items, n, &k);
    return tf_set(a, &tf_type_string, k, v);
}

const tf_value *tf_string_map(tf_arena *a, const char *const *keys, const char *const *vals,
                              size_t n)
{
    const char **k = tf_arena_calloc(a, n + 1, sizeof *k);
    const tf_value **v = tf_arena_calloc(a, n + 1, sizeof *v);
    for (size_t i = 0; i < n; i++) {
        k[i] = keys[i];
        v[i] = tf_string(a, vals[i]);
    }
    return tf_map(a, &tf_type_string, n, k, v);
}

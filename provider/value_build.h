/* value_build.h - building object values attribute by attribute.
 *
 * Resources produce states with dozens of attributes; writing them by name
 * into a builder that starts from all-null (or from another object, e.g. the
 * planned state) is clearer than assembling positional arrays. */
#ifndef TF_VALUE_BUILD_H
#define TF_VALUE_BUILD_H

#include <stddef.h>

#include "value.h"

typedef struct tf_objb {
    tf_arena *arena;
    const tf_type *type;
    const tf_value **items;
} tf_objb;

/* Starts from base's attribute values when base is a known object of the
 * same type, else from nulls. */
void tf_objb_init(tf_objb *b, tf_arena *a, const tf_type *obj_type, const tf_value *base);
/* Sets one attribute; v is converted to the attribute's type when it can
 * be (e.g. a list given for a set).  Aborts on a name the type lacks: that is
 * a programming error, caught by the first test that builds the state. */
void tf_objb_set(tf_objb *b, const char *name, const tf_value *v);
void tf_objb_str(tf_objb *b, const char *name, const char *s); /* NULL -> null */
void tf_objb_bool(tf_objb *b, const char *name, bool v);
void tf_objb_i64(tf_objb *b, const char *name, int64_t v);
const tf_value *tf_objb_done(tf_objb *b);

/* A string value, or null of string for NULL. */
const tf_value *tf_string_or_null(tf_arena *a, const char *s);
/* list(string) / set(string) from C strings (NULL entries skipped). */
const tf_value *tf_string_list(tf_arena *a, const char *const *items, size_t n);
const tf_value *tf_string_set(tf_arena *a, const char *const *items, size_t n);
/* map(string) from parallel key/value arrays. */
const tf_value *tf_string_map(tf_arena *a, const char *const *keys, const char *const *vals,
                              size_t n);

#endif

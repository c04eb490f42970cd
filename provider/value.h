/* value.h - Terraform's value model (cty) in C.
 *
 * A tf_value is a typed value that may be null or unknown at any depth, as
 * Terraform's cty library defines it.  Values are immutable once built and
 * live in a tf_arena; builders return new values instead of mutating.
 *
 * Numbers keep cty's arbitrary precision: they are stored as canonical
 * decimal text ("80", "-3", "0.5", "1e+400"), with helpers to read and make
 * them as int64 or double.
 *
 * Object attributes are stored in the order of the object type's attribute
 * names, which are sorted (bytewise) like cty sorts them.  Map keys are kept
 * sorted too.  Set elements are kept deduplicated and in a canonical order,
 * so two equal sets have identical element arrays. */
#ifndef TF_VALUE_H
#define TF_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

typedef enum {
    TF_DYNAMIC = 0, /* cty.DynamicPseudoType: "any type", only in types */
    TF_STRING,
    TF_NUMBER,
    TF_BOOL,
    TF_LIST,
    TF_SET,
    TF_MAP,
    TF_OBJECT,
    TF_TUPLE,
} tf_kind;

typedef struct tf_type tf_type;
struct tf_type {
    tf_kind kind;
    const tf_type *elem;        /* list, set, map */
    size_t n;                   /* object attributes, tuple elements */
    const char **names;         /* object: attribute names, sorted */
    const tf_type **types;      /* object attribute types, tuple types */
};

/* Primitive type singletons. */
extern const tf_type tf_type_dynamic;
extern const tf_type tf_type_string;
extern const tf_type tf_type_number;
extern const tf_type tf_type_bool;

const tf_type *tf_type_list(tf_arena *a, const tf_type *elem);
const tf_type *tf_type_set(tf_arena *a, const tf_type *elem);
const tf_type *tf_type_map(tf_arena *a, const tf_type *elem);
/* names need not be sorted; the result is.  NULL when a name repeats. */
const tf_type *tf_type_object(tf_arena *a, size_t n, const char **names,
                              const tf_type **types);
const tf_type *tf_type_tuple(tf_arena *a, size_t n, const tf_type **types);

bool tf_type_equal(const tf_type *x, const tf_type *y);
/* Index of an object attribute, or -1. */
int tf_type_attr_index(const tf_type *obj, const char *name);
bool tf_type_is_collection(const tf_type *t); /* list, set or map */

/* Short textual type specs used by schema declarations:
 *   string | number | bool | dynamic | list(T) | set(T) | map(T)
 *   object({name=T,other=T}) | tuple([T,T])
 * Returns NULL on a malformed spec. */
const tf_type *tf_type_parse(tf_arena *a, const char *spec);
/* cty's JSON type encoding ("string", ["list","string"], ["object",{...}])
 * as used for DynamicPseudoType values on the wire. */
const tf_type *tf_type_from_json(tf_arena *a, const char *json, size_t len,
                                 char **err);
char *tf_type_to_json(tf_arena *a, const tf_type *t);
/* Human readable, e.g. "list of string", for diagnostics. */
char *tf_type_friendly(tf_arena *a, const tf_type *t);

enum {
    TF_V_NULL = 1,
    TF_V_UNKNOWN = 2,
};

typedef struct tf_value tf_value;
struct tf_value {
    const tf_type *type; /* never TF_DYNAMIC unless null/unknown of dynamic */
    unsigned flags;      /* TF_V_NULL or TF_V_UNKNOWN, never both */
    union {
        struct {
            const char *ptr; /* NUL-terminated, may also contain NULs */
            size_t len;
        } str;
        const char *num; /* canonical decimal text */
        bool b;
        struct {
            size_t n;
            const tf_value **items; /* list/set/tuple elements, map and
                                       object values */
            const char **keys;      /* map keys (sorted); NULL otherwise */
        } coll;
    } u;
};

/* ---- construction (all results live in the arena) ---- */
const tf_value *tf_null(tf_arena *a, const tf_type *t);
const tf_value *tf_unknown(tf_arena *a, const tf_type *t);
const tf_value *tf_string(tf_arena *a, const char *s);
const tf_value *tf_stringn(tf_arena *a, const char *s, size_t len);
const tf_value *tf_bool(tf_arena *a, bool b);
const tf_value *tf_number_i64(tf_arena *a, int64_t v);
/* The shortest decimal that reads back as v (0.1 -> "0.1"); NULL for NaN
 * and infinities. */
const tf_value *tf_number_double(tf_arena *a, double v);
/* Parses and canonicalises decimal text; NULL when it is not a number. */
const tf_value *tf_number_text(tf_arena *a, const char *text);
/* Elements must all conform to elem type (the caller ensures it). */
const tf_value *tf_list(tf_arena *a, const tf_type *elem, size_t n,
                        const tf_value **items);
/* Deduplicates and sorts into canonical order.  Elements containing
 * unknowns are never merged (they may turn out different), as in cty. */
const tf_value *tf_set(tf_arena *a, const tf_type *elem, size_t n,
                       const tf_value **items);
/* Keys need not be sorted; the result is sorted.  Duplicate keys: last wins. */
const tf_value *tf_map(tf_arena *a, const tf_type *elem, size_t n,
                       const char **keys, const tf_value **items);
/* items in the order of obj_type->names. */
const tf_value *tf_object(tf_arena *a, const tf_type *obj_type,
                          const tf_value **items);
const tf_value *tf_tuple(tf_arena *a, const tf_type *tuple_type,
                         const tf_value **items);
/* Copy of obj with attribute name replaced (obj must be a known object
 * whose type has that attribute; NULL otherwise). */
const tf_value *tf_object_with(tf_arena *a, const tf_value *obj,
                               const char *name, const tf_value *v);

/* ---- inspection ---- */
static inline bool tf_is_null(const tf_value *v) { return !v || (v->flags & TF_V_NULL); }
static inline bool tf_is_unknown(const tf_value *v) { return v && (v->flags & TF_V_UNKNOWN); }
static inline bool tf_is_known(const tf_value *v) { return v && !(v->flags & (TF_V_NULL | TF_V_UNKNOWN)); }
/* True when v or anything inside it is unknown. */
bool tf_contains_unknown(const tf_value *v);
/* True when known v has t's kind and, for objects and tuples, exactly t's
 * attribute names or length: what an encoder checks before walking v's
 * items with t's member types. */
bool tf_value_shape_ok(const tf_value *v, const tf_type *t);
/* Object attribute lookup; NULL when the attribute is not in the type or
 * obj is null/unknown. */
const tf_value *tf_get(const tf_value *obj, const char *name);
/* Map lookup; NULL when absent. */
const tf_value *tf_map_get(const tf_value *map, const char *key);
/* Convenience getters on an object attribute: return def when the
 * attribute is null, unknown or absent. */
const char *tf_get_str(const tf_value *obj, const char *name, const char *def);
bool tf_get_bool(const tf_value *obj, const char *name, bool def);
int64_t tf_get_i64(const tf_value *obj, const char *name, int64_t def);
/* Number conversions; false when not representable.  A double counts as
 * representing the number when the number is its shortest text or its exact
 * expansion, so "0.1" converts but "0.10000000000000000001" does not. */
bool tf_number_to_i64(const tf_value *v, int64_t *out);
bool tf_number_to_double(const tf_value *v, double *out);
/* Helpers for the codecs, which must reproduce cty's number encodings:
 * the exact decimal expansion of a double (msgpack float64 values are exact
 * binary fractions, unlike tf_number_double's shortest round-trip text);
 * whether a number is exactly one double (cty sends those as float64); and
 * the plain decimal text without exponent that cty prints (Text('f', -1)). */
const tf_value *tf_number_double_exact(tf_arena *a, double v);
bool tf_number_exact_double(const tf_value *v, double *out);
char *tf_number_plain(tf_arena *a, const tf_value *v);

/* Deep equality (types and values; unknown equals unknown of the same
 * type, null equals null). */
bool tf_value_equal(const tf_value *x, const tf_value *y);
/* Total order used for set canonicalisation. */
int tf_value_compare(const tf_value *x, const tf_value *y);

/* Converts v to type t following cty's conversions (number<->string,
 * bool<->string with "true"/"false"/"1"/"0", tuple->list/set, list<->set,
 * object<->map, object->object dropping extra attributes, tuple->tuple,
 * anything->dynamic keeping its type).  Null and unknown values stay null
 * and unknown.  Returns NULL and sets *err (prefixed with the path, like
 * "ingress[1].from_port: a number is required") when it cannot. */
const tf_value *tf_convert(tf_arena *a, const tf_value *v, const tf_type *t,
                           char **err);

/* Debug rendering, HCL-like; secrets are the caller's concern. */
char *tf_value_debug(tf_arena *a, const tf_value *v);

/* ---- paths (for diagnostics and requires_replace) ---- */
typedef enum {
    TF_STEP_ATTR = 1,
    TF_STEP_KEY_STRING,
    TF_STEP_KEY_INT,
} tf_step_kind;

typedef struct {
    tf_step_kind kind;
    const char *name; /* attribute name or string key */
    int64_t index;    /* integer key */
} tf_path_step;

typedef struct tf_path {
    size_t n;
    const tf_path_step *steps;
} tf_path;

const tf_path *tf_path_root(tf_arena *a);
const tf_path *tf_path_attr(tf_arena *a, const tf_path *p, const char *name);
const tf_path *tf_path_key(tf_arena *a, const tf_path *p, const char *key);
const tf_path *tf_path_index(tf_arena *a, const tf_path *p, int64_t i);
/* "ingress[0].from_port" style rendering. */
char *tf_path_string(tf_arena *a, const tf_path *p);

/* A path kept on the C stack while walking a value (one link per level,
 * pointing at its parent), turned into a tf_path only when an error needs
 * it, so that successful walks allocate nothing for paths. */
typedef struct tf_path_chain {
    const struct tf_path_chain *up; /* NULL at the root */
    tf_path_step step;
} tf_path_chain;
const tf_path *tf_path_from_chain(tf_arena *a, const tf_path_chain *c);

/* ---- codecs ---- */
/* Terraform's msgpack encoding of a value of schema type t (DynamicValue
 * msgpack field).  Decoding validates everything and never trusts lengths;
 * on error returns NULL and sets *err (arena string). */
const tf_value *tf_msgpack_decode(tf_arena *a, const void *buf, size_t len,
                                  const tf_type *t, char **err);
/* Returns 0 on success; *out and *out_len point into the arena. */
int tf_msgpack_encode(tf_arena *a, const tf_value *v, const tf_type *t,
                      void **out, size_t *out_len, char **err);

/* cty's JSON encoding (DynamicValue json field, raw states).  Unknown
 * values cannot be encoded in JSON. */
const tf_value *tf_json_decode(tf_arena *a, const char *buf, size_t len,
                               const tf_type *t, char **err);
char *tf_json_encode(tf_arena *a, const tf_value *v, const tf_type *t,
                     char **err);
/* Decodes arbitrary JSON without a schema type, for raw states written by an
 * older schema version: objects become object values, arrays tuples, numbers
 * numbers, strings strings, booleans bools and null a null of dynamic type.
 * The result is meant to be inspected by an upgrade function, which then
 * builds the value of the current schema. */
const tf_value *tf_json_decode_dynamic(tf_arena *a, const char *buf,
                                       size_t len, char **err);

#endif

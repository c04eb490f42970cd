/* json_codec.c - cty's JSON encodings: of values (DynamicValue json field,
 * raw states) and of types (inside dynamic values, in both codecs).
 *
 * Decoding goes through jansson.  Encoding is written by hand so that the
 * output matches what cty (via Go's encoding/json) writes byte for byte:
 * numbers as exact decimal text, strings with Go's escapes (including the
 * HTML-safe \u003c \u003e \u0026, and U+FFFD for invalid UTF-8), object
 * attributes and map keys in sorted order.
 *
 * Precision limit: jansson parses a number into an int64 or a double, so
 * decoded integers beyond int64 and fractions with more than 17 significant
 * digits are rounded to the nearest double (a fraction is then kept as the
 * shortest text naming that double, so "0.1" stays "0.1").  Encoding has no
 * such limit.
 *
 * Decoding follows cty/json: an object attribute missing from the JSON is
 * null, an attribute the type does not have is an error, strings are
 * accepted for numbers and bools, and numbers and bools for strings. */
#include "value.h"

#include <assert.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define JSON_MAX_DEPTH 256

/* ------------------------------------------------------------------ */
/* output buffer                                                       */

typedef struct {
    tf_arena *a;
    char *p;
    size_t n, cap;
} jbuf;

static void jb_putn(jbuf *b, const char *s, size_t n)
{
    tf_arena_grow(b->a, (void **)&b->p, &b->cap, b->n + n + 1, 1);
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void jb_puts(jbuf *b, const char *s)
{
    jb_putn(b, s, strlen(s));
}

/* Length of the valid UTF-8 sequence at s (Go's utf8 rules: no overlong
 * forms, no surrogates, at most U+10FFFF), or 0 when invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
    static const uint32_t min[] = {0, 0, 0x80, 0x800, 0x10000};
    size_t len = s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc0 ? 2 : 0;
    if (len == 0 || s[0] > 0xf4 || len > n)
        return 0;
    uint32_t c = s[0] & (0x7f >> len);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xc0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3f);
    }
    if (c < min[len] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
        return 0;
    *cp = c;
    return len;
}

static bool json_needs_escape(unsigned char c)
{
    return c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&';
}

static void jb_escape_byte(jbuf *b, unsigned char c)
{
    char esc[8];
    switch (c) {
    case '"': jb_puts(b, "\\\""); return;
    case '\\': jb_puts(b, "\\\\"); return;
    case '\n': jb_puts(b, "\\n"); return;
    case '\r': jb_puts(b, "\\r"); return;
    case '\t': jb_puts(b, "\\t"); return;
    default:
        snprintf(esc, sizeof esc, "\\u%04x", c);
        jb_puts(b, esc);
    }
}

/* A JSON string the way Go's encoding/json writes it. */
static void jb_quote(jbuf *b, const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    jb_puts(b, "\"");
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len;
        if (s[i] < 0x80) {
            if (json_needs_escape(s[i]))
                jb_escape_byte(b, s[i]);
            else
                jb_putn(b, (const char *)&s[i], 1);
            i++;
        } else if ((len = utf8_seq(s + i, n - i, &cp)) == 0) {
            jb_puts(b, "\\ufffd");
            i++;
        } else {
            if (cp == 0x2028 || cp == 0x2029)
                jb_puts(b, cp == 0x2028 ? "\\u2028" : "\\u2029");
            else
                jb_putn(b, (const char *)&s[i], len);
            i += len;
        }
    }
    jb_puts(b, "\"");
}

/* ------------------------------------------------------------------ */
/* types                                                               */

static void type_json(jbuf *b, const tf_type *t)
{
    static const char *const kinds[] = {
        [TF_LIST] = "list", [TF_SET] = "set", [TF_MAP] = "map",
        [TF_OBJECT] = "object", [TF_TUPLE] = "tuple"};
    switch (t->kind) {
    case TF_DYNAMIC: jb_puts(b, "\"dynamic\""); return;
    case TF_STRING: jb_puts(b, "\"string\""); return;
    case TF_NUMBER: jb_puts(b, "\"number\""); return;
    case TF_BOOL: jb_puts(b, "\"bool\""); return;
    default: break;
    }
    jb_puts(b, "[\"");
    jb_puts(b, kinds[t->kind]);
    jb_puts(b, t->kind == TF_OBJECT ? "\",{" : t->kind == TF_TUPLE ? "\",[" : "\",");
    if (tf_type_is_collection(t))
        type_json(b, t->elem);
    for (size_t i = 0; !tf_type_is_collection(t) && i < t->n; i++) {
        if (i)
            jb_puts(b, ",");
        if (t->kind == TF_OBJECT) {
            jb_quote(b, t->names[i], strlen(t->names[i]));
            jb_puts(b, ":");
        }
        type_json(b, t->types[i]);
    }
    jb_puts(b, t->kind == TF_OBJECT ? "}]" : t->kind == TF_TUPLE ? "]]" : "]");
}

char *tf_type_to_json(tf_arena *a, const tf_type *t)
{
    jbuf b = {.a = a};
    type_json(&b, t);
    return b.p;
}

typedef struct {
    tf_arena *a;
    char **err;
    int depth;
} jdec;

static void *jd_fail(jdec *d, const tf_path_chain *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void *jd_fail(jdec *d, const tf_path_chain *at, const char *fmt, ...)
{
    if (!d->err || *d->err)
        return NULL; /* keep the innermost message */
    va_list ap;
    va_start(ap, fmt);
    char *msg = tf_arena_vprintf(d->a, fmt, ap);
    va_end(ap);
    char *where = tf_path_string(d->a, tf_path_from_chain(d->a, at));
    *d->err = *where ? tf_arena_printf(d->a, "%s: %s", where, msg) : msg;
    return NULL;
}

static const tf_type *jt_type(jdec *d, json_t *j);

static const tf_type *jt_primitive(jdec *d, const char *s)
{
    if (!strcmp(s, "string")) return &tf_type_string;
    if (!strcmp(s, "number")) return &tf_type_number;
    if (!strcmp(s, "bool")) return &tf_type_bool;
    if (!strcmp(s, "dynamic")) return &tf_type_dynamic;
    return jd_fail(d, NULL, "invalid type \"%s\"", s);
}

static const tf_type *jt_object(jdec *d, json_t *attrs)
{
    const char *key;
    size_t klen, n = json_object_size(attrs), i = 0;
    json_t *v;
    if (!json_is_object(attrs))
        return jd_fail(d, NULL, "object type needs a JSON object of attributes");
    const char **names = tf_arena_calloc(d->a, n ? n : 1, sizeof(*names));
    const tf_type **types = tf_arena_calloc(d->a, n ? n : 1, sizeof(*types));
    json_object_keylen_foreach(attrs, key, klen, v) {
        if (memchr(key, '\0', klen))
            return jd_fail(d, NULL, "attribute name contains a NUL byte");
        names[i] = key;
        if (!(types[i++] = jt_type(d, v)))
            return NULL;
    }
    return tf_type_object(d->a, n, names, types);
}

static const tf_type *jt_tuple(jdec *d, json_t *elems)
{
    if (!json_is_array(elems))
        return jd_fail(d, NULL, "tuple type needs a JSON array of types");
    size_t n = json_array_size(elems);
    const tf_type **types = tf_arena_calloc(d->a, n ? n : 1, sizeof(*types));
    for (size_t i = 0; i < n; i++)
        if (!(types[i] = jt_type(d, json_array_get(elems, i))))
            return NULL;
    return tf_type_tuple(d->a, n, types);
}

/* ["object", {...}, [optional names]]: the optional-attribute list only
 * matters to type constraints, so it is checked for shape and ignored. */
static bool jt_optionals_ok(json_t *j)
{
    size_t i;
    json_t *v;
    if (!json_is_array(j))
        return false;
    json_array_foreach(j, i, v)
        if (!json_is_string(v))
            return false;
    return true;
}

static const tf_type *jt_compound(jdec *d, json_t *j)
{
    size_t n = json_array_size(j);
    const char *kind = json_string_value(json_array_get(j, 0));
    json_t *arg = json_array_get(j, 1);
    bool obj = kind && !strcmp(kind, "object");
    if (!kind || n < 2 || n > 3 || (n == 3 && (!obj || !jt_optionals_ok(json_array_get(j, 2)))))
        return jd_fail(d, NULL, "invalid complex type description");
    if (obj)
        return jt_object(d, arg);
    if (!strcmp(kind, "tuple"))
        return jt_tuple(d, arg);
    const tf_type *elem = jt_type(d, arg);
    if (!elem)
        return NULL;
    if (!strcmp(kind, "list")) return tf_type_list(d->a, elem);
    if (!strcmp(kind, "set")) return tf_type_set(d->a, elem);
    if (!strcmp(kind, "map")) return tf_type_map(d->a, elem);
    return jd_fail(d, NULL, "invalid type kind \"%s\"", kind);
}

static const tf_type *jt_type(jdec *d, json_t *j)
{
    if (++d->depth > JSON_MAX_DEPTH)
        return jd_fail(d, NULL, "type nesting too deep");
    const tf_type *t = NULL;
    if (json_is_string(j))
        t = jt_primitive(d, json_string_value(j));
    else if (json_is_array(j))
        t = jt_compound(d, j);
    else
        jd_fail(d, NULL, "a type must be a JSON string or array");
    if (t == NULL && d->err && !*d->err)
        jd_fail(d, NULL, "invalid object type (duplicate attribute names?)");
    d->depth--;
    return t;
}

/* Parses with jansson; an integer too big for int64 makes jansson fail,
 * in which case the text is parsed again with every number as a double. */
static json_t *jd_load(jdec *d, const char *buf, size_t len)
{
    json_error_t je;
    const size_t flags = JSON_DECODE_ANY | JSON_ALLOW_NUL;
    json_t *j = json_loadb(buf, len, flags, &je);
    if (!j && strstr(je.text, "too big"))
        j = json_loadb(buf, len, flags | JSON_DECODE_INT_AS_REAL, &je);
    if (!j)
        jd_fail(d, NULL, "invalid JSON at line %d column %d: %s", je.line,
                je.column, je.text);
    return j;
}

const tf_type *tf_type_from_json(tf_arena *a, const char *json, size_t len,
                                 char **err)
{
    jdec d = {.a = a, .err = err};
    if (err)
        *err = NULL;
    json_t *j = jd_load(&d, json ? json : "", json ? len : 0);
    if (!j)
        return NULL;
    const tf_type *t = jt_type(&d, j);
    json_decref(j);
    return t;
}

/* ------------------------------------------------------------------ */
/* decoding values                                                     */

static const tf_value *jd_value(jdec *d, json_t *j, const tf_type *t,
                                const tf_path_chain *at);

static const tf_value *jd_number_of(jdec *d, json_t *j)
{
    if (json_is_integer(j))
        return tf_number_i64(d->a, json_integer_value(j));
    return tf_number_double(d->a, json_real_value(j));
}

static const tf_value *jd_string(jdec *d, json_t *j, const tf_path_chain *at)
{
    if (json_is_string(j))
        return tf_stringn(d->a, json_string_value(j), json_string_length(j));
    if (json_is_number(j)) {
        const tf_value *n = jd_number_of(d, j);
        return n ? tf_string(d->a, tf_number_plain(d->a, n)) : NULL;
    }
    if (json_is_boolean(j))
        return tf_string(d->a, json_is_true(j) ? "true" : "false");
    return jd_fail(d, at, "string is required");
}

static const tf_value *jd_number(jdec *d, json_t *j, const tf_path_chain *at)
{
    const tf_value *n = NULL;
    if (json_is_number(j))
        n = jd_number_of(d, j);
    else if (json_is_string(j) && strlen(json_string_value(j)) == json_string_length(j))
        n = tf_number_text(d->a, json_string_value(j));
    return n ? n : jd_fail(d, at, "a number is required");
}

static const tf_value *jd_bool(jdec *d, json_t *j, const tf_path_chain *at)
{
    const char *s = json_string_value(j);
    if (json_is_boolean(j))
        return tf_bool(d->a, json_is_true(j));
    if (s && (!strcmp(s, "true") || !strcmp(s, "1")))
        return tf_bool(d->a, true);
    if (s && (!strcmp(s, "false") || !strcmp(s, "0")))
        return tf_bool(d->a, false);
    return jd_fail(d, at, "a bool is required");
}

static const tf_value *jd_seq(jdec *d, json_t *j, const tf_type *t,
                              const tf_path_chain *at)
{
    static const char *const what[] = {[TF_LIST] = "list", [TF_SET] = "set",
                                       [TF_TUPLE] = "tuple"};
    if (!json_is_array(j))
        return jd_fail(d, at, "need JSON array for %s", what[t->kind]);
    size_t n = json_array_size(j);
    if (t->kind == TF_TUPLE && n != t->n)
        return jd_fail(d, at, "a tuple of length %zu is required", t->n);
    const tf_value **items = tf_arena_calloc(d->a, n ? n : 1, sizeof(*items));
    for (size_t i = 0; i < n; i++) {
        tf_path_chain step = {at, {TF_STEP_KEY_INT, NULL, (int64_t)i}};
        const tf_type *et = t->kind == TF_TUPLE ? t->types[i] : t->elem;
        if (!(items[i] = jd_value(d, json_array_get(j, i), et, &step)))
            return NULL;
    }
    if (t->kind == TF_LIST)
        return tf_list(d->a, t->elem, n, items);
    if (t->kind == TF_SET)
        return tf_set(d->a, t->elem, n, items);
    return tf_tuple(d->a, t, items);
}

static const tf_value *jd_map(jdec *d, json_t *j, const tf_type *t,
                              const tf_path_chain *at)
{
    const char *key;
    size_t klen, n = json_object_size(j), i = 0;
    json_t *v;
    if (!json_is_object(j))
        return jd_fail(d, at, "need JSON object for map");
    const char **keys = tf_arena_calloc(d->a, n ? n : 1, sizeof(*keys));
    const tf_value **items = tf_arena_calloc(d->a, n ? n : 1, sizeof(*items));
    json_object_keylen_foreach(j, key, klen, v) {
        if (memchr(key, '\0', klen))
            return jd_fail(d, at, "map key contains a NUL byte");
        keys[i] = tf_arena_memdup(d->a, key, klen);
        tf_path_chain step = {at, {TF_STEP_KEY_STRING, keys[i], 0}};
        if (!(items[i++] = jd_value(d, v, t->elem, &step)))
            return NULL;
    }
    return tf_map(d->a, t->elem, n, keys, items);
}

static const tf_value *jd_object(jdec *d, json_t *j, const tf_type *t,
                                 const tf_path_chain *at)
{
    const char *key;
    size_t klen;
    json_t *v;
    if (!json_is_object(j))
        return jd_fail(d, at, "need JSON object for object");
    const tf_value **items = tf_arena_calloc(d->a, t->n ? t->n : 1, sizeof(*items));
    json_object_keylen_foreach(j, key, klen, v) {
        int k = memchr(key, '\0', klen) ? -1 : tf_type_attr_index(t, key);
        if (k < 0)
            return jd_fail(d, at, "unsupported attribute \"%s\"", key);
        tf_path_chain step = {at, {TF_STEP_ATTR, t->names[k], 0}};
        if (!(items[k] = jd_value(d, v, t->types[k], &step)))
            return NULL;
    }
    for (size_t i = 0; i < t->n; i++)
        if (!items[i])
            items[i] = tf_null(d->a, t->types[i]);
    return tf_object(d->a, t, items);
}

/* {"value": ..., "type": ...}, in either order. */
static const tf_value *jd_dynamic(jdec *d, json_t *j, const tf_path_chain *at)
{
    const char *key;
    json_t *v, *jv = NULL, *jt = NULL;
    if (!json_is_object(j))
        return jd_fail(d, at, "need JSON object for dynamically-typed value");
    json_object_foreach(j, key, v) {
        if (!strcmp(key, "value"))
            jv = v;
        else if (!strcmp(key, "type"))
            jt = v;
        else
            return jd_fail(d, at, "invalid key \"%s\" in dynamically-typed value", key);
    }
    if (!jt || !jv)
        return jd_fail(d, at, "missing %s in dynamically-typed value", jt ? "value" : "type");
    const tf_type *t = jt_type(d, jt);
    if (!t)
        return jd_fail(d, at, "invalid type in dynamically-typed value");
    return jd_value(d, jv, t, at);
}

static const tf_value *jd_known(jdec *d, json_t *j, const tf_type *t,
                                const tf_path_chain *at)
{
    switch (t->kind) {
    case TF_STRING: return jd_string(d, j, at);
    case TF_NUMBER: return jd_number(d, j, at);
    case TF_BOOL: return jd_bool(d, j, at);
    case TF_LIST:
    case TF_SET:
    case TF_TUPLE: return jd_seq(d, j, t, at);
    case TF_MAP: return jd_map(d, j, t, at);
    case TF_OBJECT: return jd_object(d, j, t, at);
    default: return jd_dynamic(d, j, at);
    }
}

static const tf_value *jd_value(jdec *d, json_t *j, const tf_type *t,
                                const tf_path_chain *at)
{
    if (json_is_null(j))
        return tf_null(d->a, t);
    if (++d->depth > JSON_MAX_DEPTH)
        return jd_fail(d, at, "JSON nesting too deep");
    const tf_value *v = jd_known(d, j, t, at);
    d->depth--;
    return v;
}

const tf_value *tf_json_decode(tf_arena *a, const char *buf, size_t len,
                               const tf_type *t, char **err)
{
    jdec d = {.a = a, .err = err};
    if (err)
        *err = NULL;
    json_t *j = jd_load(&d, buf ? buf : "", buf ? len : 0);
    if (!j)
        return NULL;
    const tf_value *v = jd_value(&d, j, t, NULL);
    json_decref(j);
    return v;
}

/* ---- without a schema ---- */

static const tf_value *jd_any(jdec *d, json_t *j, const tf_path_chain *at);

static const tf_value *jd_any_array(jdec *d, json_t *j, const tf_path_chain *at)
{
    size_t n = json_array_size(j);
    const tf_value **items = tf_arena_calloc(d->a, n ? n : 1, sizeof(*items));
    const tf_type **types = tf_arena_calloc(d->a, n ? n : 1, sizeof(*types));
    for (size_t i = 0; i < n; i++) {
        tf_path_chain step = {at, {TF_STEP_KEY_INT, NULL, (int64_t)i}};
        if (!(items[i] = jd_any(d, json_array_get(j, i), &step)))
            return NULL;
        types[i] = items[i]->type;
    }
    return tf_tuple(d->a, tf_type_tuple(d->a, n, types), items);
}

/* The object's type sorts the attribute names; items follow that order. */
static const tf_value *jd_any_object(jdec *d, json_t *j, const tf_path_chain *at)
{
    const char *key;
    size_t klen, n = json_object_size(j), i = 0;
    json_t *v;
    const char **names = tf_arena_calloc(d->a, n ? n : 1, sizeof(*names));
    const tf_type **types = tf_arena_calloc(d->a, n ? n : 1, sizeof(*types));
    const tf_value **found = tf_arena_calloc(d->a, n ? n : 1, sizeof(*found));
    json_object_keylen_foreach(j, key, klen, v) {
        if (memchr(key, '\0', klen))
            return jd_fail(d, at, "attribute name contains a NUL byte");
        names[i] = key;
        tf_path_chain step = {at, {TF_STEP_ATTR, key, 0}};
        if (!(found[i] = jd_any(d, v, &step)))
            return NULL;
        types[i] = found[i]->type;
        i++;
    }
    const tf_type *t = tf_type_object(d->a, n, names, types);
    const tf_value **items = tf_arena_calloc(d->a, n ? n : 1, sizeof(*items));
    for (i = 0; t && i < n; i++)
        items[tf_type_attr_index(t, names[i])] = found[i];
    return t ? tf_object(d->a, t, items) : jd_fail(d, at, "duplicate attribute");
}

static const tf_value *jd_any(jdec *d, json_t *j, const tf_path_chain *at)
{
    const tf_value *v = NULL;
    if (++d->depth > JSON_MAX_DEPTH)
        return jd_fail(d, at, "JSON nesting too deep");
    switch (json_typeof(j)) {
    case JSON_NULL: v = tf_null(d->a, &tf_type_dynamic); break;
    case JSON_TRUE:
    case JSON_FALSE: v = tf_bool(d->a, json_is_true(j)); break;
    case JSON_INTEGER:
    case JSON_REAL: v = jd_number_of(d, j); break;
    case JSON_STRING: v = tf_stringn(d->a, json_string_value(j), json_string_length(j)); break;
    case JSON_ARRAY: v = jd_any_array(d, j, at); break;
    case JSON_OBJECT: v = jd_any_object(d, j, at); break;
    }
    d->depth--;
    return v ? v : jd_fail(d, at, "unsupported JSON value");
}

const tf_value *tf_json_decode_dynamic(tf_arena *a, const char *buf,
                                       size_t len, char **err)
{
    jdec d = {.a = a, .err = err};
    if (err)
        *err = NULL;
    json_t *j = jd_load(&d, buf ? buf : "", buf ? len : 0);
    if (!j)
        return NULL;
    const tf_value *v = jd_any(&d, j, NULL);
    json_decref(j);
    return v;
}

/* ------------------------------------------------------------------ */
/* encoding values                                                     */

typedef struct {
    jbuf b;
    char **err;
} jenc;

static int je_fail(jenc *e, const tf_path_chain *at, const char *msg)
{
    if (e->err) {
        char *where = tf_path_string(e->b.a, tf_path_from_chain(e->b.a, at));
        *e->err = *where ? tf_arena_printf(e->b.a, "%s: %s", where, msg)
                         : tf_arena_strdup(e->b.a, msg);
    }
    return -1;
}

static int je_value(jenc *e, const tf_value *v, const tf_type *t,
                    const tf_path_chain *at);

static int je_items(jenc *e, const tf_value *v, const tf_type *t,
                    const tf_path_chain *at)
{
    jb_puts(&e->b, "[");
    for (size_t i = 0; i < v->u.coll.n; i++) {
        tf_path_chain step = {at, {TF_STEP_KEY_INT, NULL, (int64_t)i}};
        if (i)
            jb_puts(&e->b, ",");
        if (je_value(e, v->u.coll.items[i], t->kind == TF_TUPLE ? t->types[i] : t->elem, &step))
            return -1;
    }
    jb_puts(&e->b, "]");
    return 0;
}

static int je_pairs(jenc *e, const tf_value *v, const tf_type *t,
                    const tf_path_chain *at)
{
    bool obj = t->kind == TF_OBJECT;
    jb_puts(&e->b, "{");
    for (size_t i = 0; i < v->u.coll.n; i++) {
        const char *k = obj ? t->names[i] : v->u.coll.keys[i];
        tf_path_chain step = {at, {obj ? TF_STEP_ATTR : TF_STEP_KEY_STRING, k, 0}};
        if (i)
            jb_puts(&e->b, ",");
        jb_quote(&e->b, k, strlen(k));
        jb_puts(&e->b, ":");
        if (je_value(e, v->u.coll.items[i], obj ? t->types[i] : t->elem, &step))
            return -1;
    }
    jb_puts(&e->b, "}");
    return 0;
}

static int je_dynamic(jenc *e, const tf_value *v, const tf_path_chain *at)
{
    jb_puts(&e->b, "{\"value\":");
    if (je_value(e, v, v->type, at))
        return -1;
    jb_puts(&e->b, ",\"type\":");
    type_json(&e->b, v->type);
    jb_puts(&e->b, "}");
    return 0;
}

static int je_value(jenc *e, const tf_value *v, const tf_type *t,
                    const tf_path_chain *at)
{
    if (!v)
        return je_fail(e, at, "missing value");
    if (t->kind == TF_DYNAMIC && v->type->kind != TF_DYNAMIC)
        return je_dynamic(e, v, at);
    if (tf_is_null(v))
        return jb_puts(&e->b, "null"), 0;
    if (tf_is_unknown(v))
        return je_fail(e, at, "value is not known");
    if (!tf_value_shape_ok(v, t))
        return je_fail(e, at, "value does not conform to the type");
    switch (t->kind) {
    case TF_STRING: jb_quote(&e->b, v->u.str.ptr, v->u.str.len); return 0;
    case TF_NUMBER: jb_puts(&e->b, tf_number_plain(e->b.a, v)); return 0;
    case TF_BOOL: jb_puts(&e->b, v->u.b ? "true" : "false"); return 0;
    case TF_LIST:
    case TF_SET:
    case TF_TUPLE: return je_items(e, v, t, at);
    default: return je_pairs(e, v, t, at);
    }
}

char *tf_json_encode(tf_arena *a, const tf_value *v, const tf_type *t,
                     char **err)
{
    jenc e = {.b = {.a = a}, .err = err};
    if (err)
        *err = NULL;
    if (v && !tf_type_equal(v->type, t) && !(v = tf_convert(a, v, t, err)))
        return NULL;
    if (je_value(&e, v, t, NULL))
        return NULL;
    return e.b.p;
}

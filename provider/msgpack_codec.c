/* msgpack_codec.c - Terraform's msgpack encoding of values (cty/msgpack).
 *
 * This is the wire format of every DynamicValue Terraform sends, so the
 * decoder treats its input as hostile: it is a bounds-checked pull reader
 * that never allocates from a declared length before the bytes backing it
 * exist, limits nesting to MP_MAX_DEPTH and rejects trailing bytes.  (The
 * decoder is hand-written rather than msgpack-c's msgpack_unpack because
 * that one allocates declared array sizes up front and stops at 32 levels.)
 * Encoding uses msgpack-c's packer, which picks the same compact integer
 * forms as the Go encoder cty uses.
 *
 * The mapping, as cty defines it:
 *   null            nil
 *   unknown         any extension; cty writes fixext1 type 0 (d4 00 00).
 *                   Type 12 with a longer body carries refinements (a
 *                   map keyed by small integers); they are validated and
 *                   dropped, leaving a plain unknown.
 *   string          str (bin accepted)
 *   number          int when integral and in int64 range, else float64
 *                   when exactly a double, else the decimal text as str;
 *                   decoding accepts any int, float or str form.  NaN and
 *                   infinities are rejected: cty can hold infinities, but
 *                   no AWS attribute can use one.
 *   bool            bool
 *   list/set/tuple  array; set elements are canonicalised on decode
 *   map             map with string keys
 *   object          map keyed by attribute name, exactly the type's
 *                   attributes (cty rejects missing and unknown names)
 *   dynamic         [type JSON as bin, value encoded in that type]
 *
 * A decoded value's type is the schema type it was decoded against; where
 * the schema says dynamic, the values inside carry their concrete types. */
#include "value.h"

#include <assert.h>
#include <math.h>
#include <msgpack.h>
#include <stdarg.h>
#include <string.h>

#define MP_MAX_DEPTH 256
#define MP_MAX_REFINEMENTS 1024 /* bytes; cty's limit */
#define MP_EXT_REFINED 12

typedef struct {
    tf_arena *a;
    const uint8_t *p, *end;
    int depth;
    char **err;
} mp_dec;

static const tf_value *mp_fail(mp_dec *d, const tf_path_chain *at,
                               const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static const tf_value *mp_fail(mp_dec *d, const tf_path_chain *at,
                               const char *fmt, ...)
{
    if (!d->err)
        return NULL;
    va_list ap;
    va_start(ap, fmt);
    char *msg = tf_arena_vprintf(d->a, fmt, ap);
    va_end(ap);
    char *where = tf_path_string(d->a, tf_path_from_chain(d->a, at));
    *d->err = *where ? tf_arena_printf(d->a, "%s: %s", where, msg) : msg;
    return NULL;
}

/* ---- bounds-checked reading ---- */

static size_t mp_left(const mp_dec *d)
{
    return (size_t)(d->end - d->p);
}

static uint64_t mp_be(const uint8_t *p, size_t n)
{
    uint64_t x = 0;
    for (size_t i = 0; i < n; i++)
        x = (x << 8) | p[i];
    return x;
}

/* Reads an n-byte big-endian unsigned integer; false when truncated. */
static bool mp_uint(mp_dec *d, size_t n, uint64_t *out)
{
    if (mp_left(d) < n)
        return false;
    *out = mp_be(d->p, n);
    d->p += n;
    return true;
}

typedef enum { MP_OK, MP_WRONG, MP_EOF } mp_rc;

/* Container header: fix form with 4-bit length at fix_lo, 16- and 32-bit
 * forms at code16 / code16+1. */
static mp_rc mp_header(mp_dec *d, uint8_t fix_lo, uint8_t code16, size_t *n)
{
    if (mp_left(d) < 1)
        return MP_EOF;
    uint8_t c = *d->p;
    uint64_t x;
    if (c >= fix_lo && c <= fix_lo + 0x0f) {
        d->p++;
        *n = c & 0x0f;
        return MP_OK;
    }
    if (c != code16 && c != code16 + 1)
        return MP_WRONG;
    d->p++;
    if (!mp_uint(d, c == code16 ? 2 : 4, &x))
        return MP_EOF;
    *n = (size_t)x;
    return MP_OK;
}

static mp_rc mp_array(mp_dec *d, size_t *n)
{
    return mp_header(d, 0x90, 0xdc, n);
}

static mp_rc mp_map(mp_dec *d, size_t *n)
{
    return mp_header(d, 0x80, 0xde, n);
}

static int mp_str_len_bytes(uint8_t c)
{
    switch (c) {
    case 0xd9: case 0xc4: return 1;
    case 0xda: case 0xc5: return 2;
    case 0xdb: case 0xc6: return 4;
    default: return -1;
    }
}

/* str or bin, as the Go decoder accepts both for strings. */
static mp_rc mp_str(mp_dec *d, const char **s, size_t *len)
{
    if (mp_left(d) < 1)
        return MP_EOF;
    uint8_t c = *d->p;
    uint64_t n;
    if (c >= 0xa0 && c <= 0xbf) {
        n = c & 0x1f;
        d->p++;
    } else if (mp_str_len_bytes(c) > 0) {
        d->p++;
        if (!mp_uint(d, (size_t)mp_str_len_bytes(c), &n))
            return MP_EOF;
    } else {
        return MP_WRONG;
    }
    if (mp_left(d) < n)
        return MP_EOF;
    *s = (const char *)d->p;
    *len = (size_t)n;
    d->p += n;
    return MP_OK;
}

static bool mp_is_ext(uint8_t c)
{
    return (c >= 0xd4 && c <= 0xd8) || (c >= 0xc7 && c <= 0xc9);
}

/* Extension header; leaves d->p at the body (not yet bounds-checked). */
static mp_rc mp_ext(mp_dec *d, int8_t *type, size_t *len)
{
    static const size_t fixlen[] = {1, 2, 4, 8, 16};
    uint8_t c = *d->p++;
    uint64_t n;
    if (c >= 0xd4 && c <= 0xd8)
        n = fixlen[c - 0xd4];
    else if (!mp_uint(d, (size_t)1 << (c - 0xc7), &n))
        return MP_EOF;
    if (mp_left(d) < 1 || mp_left(d) - 1 < n)
        return MP_EOF;
    *type = (int8_t)*d->p++;
    *len = (size_t)n;
    return MP_OK;
}

/* ---- skipping arbitrary msgpack (refinement payloads) ---- */

static bool mp_skip(mp_dec *d, int depth);

static bool mp_skip_n(mp_dec *d, size_t n, int depth)
{
    for (size_t i = 0; i < n; i++)
        if (!mp_skip(d, depth))
            return false;
    return true;
}

static bool mp_skip_bytes(mp_dec *d, size_t n)
{
    if (mp_left(d) < n)
        return false;
    d->p += n;
    return true;
}

/* Payload size of the fixed-size scalar codes c0..d3 (nil, bool, numbers);
 * -1 for anything else. */
static int mp_scalar_size(uint8_t c)
{
    static const signed char sizes[] = {
        /* c0 */ 0, -1, 0, 0, -1, -1, -1, -1, -1, -1, 4, 8, 1, 2, 4, 8,
        /* d0 */ 1, 2, 4, 8};
    if (c <= 0x7f || c >= 0xe0)
        return 0;
    if (c >= 0xc0 && c <= 0xd3)
        return sizes[c - 0xc0];
    return -1;
}

static bool mp_skip(mp_dec *d, int depth)
{
    size_t n;
    const char *s;
    int8_t type;
    if (mp_left(d) < 1 || depth > MP_MAX_DEPTH)
        return false;
    uint8_t c = *d->p;
    int size = mp_scalar_size(c);
    if (size >= 0)
        return d->p++, mp_skip_bytes(d, (size_t)size);
    if ((c >= 0xa0 && c <= 0xbf) || mp_str_len_bytes(c) > 0)
        return mp_str(d, &s, &n) == MP_OK;
    if ((c >= 0x90 && c <= 0x9f) || c == 0xdc || c == 0xdd)
        return mp_array(d, &n) == MP_OK && mp_skip_n(d, n, depth + 1);
    if ((c >= 0x80 && c <= 0x8f) || c == 0xde || c == 0xdf)
        return mp_map(d, &n) == MP_OK && n <= SIZE_MAX / 2 &&
               mp_skip_n(d, n * 2, depth + 1);
    if (mp_is_ext(c))
        return mp_ext(d, &type, &n) == MP_OK && mp_skip_bytes(d, n);
    return false; /* 0xc1 is never used */
}

static bool mp_is_int(uint8_t c)
{
    return c <= 0x7f || c >= 0xe0 || (c >= 0xcc && c <= 0xd3);
}

/* A refinement body: a map with integer keys and well-formed values;
 * anything after the map is ignored, as cty does. */
static bool mp_refinements_ok(tf_arena *a, const uint8_t *body, size_t len)
{
    mp_dec r = {.a = a, .p = body, .end = body + len};
    size_t n;
    if (mp_map(&r, &n) != MP_OK)
        return false;
    for (size_t i = 0; i < n; i++) {
        if (mp_left(&r) < 1 || !mp_is_int(*r.p))
            return false;
        if (!mp_skip(&r, 1) || !mp_skip(&r, 1))
            return false;
    }
    return true;
}

/* ---- decoding values ---- */

static const tf_value *mp_value(mp_dec *d, const tf_type *t,
                                const tf_path_chain *at);

static const tf_value *mp_eof(mp_dec *d, const tf_path_chain *at)
{
    return mp_fail(d, at, "unexpected end of msgpack data");
}

static const tf_value *mp_unknown(mp_dec *d, const tf_type *t,
                                  const tf_path_chain *at)
{
    int8_t type;
    size_t len;
    if (mp_ext(d, &type, &len) != MP_OK)
        return mp_eof(d, at);
    const uint8_t *body = d->p;
    d->p += len;
    if (len <= 1)
        return tf_unknown(d->a, t);
    if (type != MP_EXT_REFINED)
        return mp_fail(d, at, "unsupported msgpack extension type %d with length %zu",
                       type, len);
    if (len > MP_MAX_REFINEMENTS)
        return mp_fail(d, at, "oversize unknown value refinement");
    if (!mp_refinements_ok(d->a, body, len))
        return mp_fail(d, at, "malformed unknown value refinements");
    return tf_unknown(d->a, t);
}

static const tf_value *mp_number_text(mp_dec *d, const tf_path_chain *at)
{
    const char *s;
    size_t len;
    mp_rc rc = mp_str(d, &s, &len);
    if (rc == MP_EOF)
        return mp_eof(d, at);
    const tf_value *v = NULL;
    if (rc == MP_OK && !memchr(s, '\0', len))
        v = tf_number_text(d->a, tf_arena_memdup(d->a, s, len));
    return v ? v : mp_fail(d, at, "a number is required");
}

static const tf_value *mp_number_float(mp_dec *d, uint8_t c,
                                       const tf_path_chain *at)
{
    uint64_t bits;
    double x;
    if (!mp_uint(d, c == 0xca ? 4 : 8, &bits))
        return mp_eof(d, at);
    if (c == 0xca) {
        uint32_t b32 = (uint32_t)bits;
        float f;
        memcpy(&f, &b32, sizeof f);
        x = f;
    } else {
        memcpy(&x, &bits, sizeof x);
    }
    if (!isfinite(x))
        return mp_fail(d, at, "number must be finite");
    return tf_number_double_exact(d->a, x);
}

static const tf_value *mp_number_int(mp_dec *d, uint8_t c,
                                     const tf_path_chain *at)
{
    uint64_t u;
    if (c <= 0x7f)
        return tf_number_i64(d->a, c);
    if (c >= 0xe0)
        return tf_number_i64(d->a, (int8_t)c);
    size_t n = (size_t)1 << ((c - 0xcc) & 3);
    if (!mp_uint(d, n, &u))
        return mp_eof(d, at);
    if (c <= 0xcf) {
        if (u <= INT64_MAX)
            return tf_number_i64(d->a, (int64_t)u);
        return tf_number_text(d->a, tf_arena_printf(d->a, "%llu", (unsigned long long)u));
    }
    int shift = (int)(64 - 8 * n); /* sign-extend an n-byte integer */
    int64_t s = (int64_t)(u << shift) >> shift;
    return tf_number_i64(d->a, s);
}

static const tf_value *mp_number(mp_dec *d, const tf_path_chain *at)
{
    uint8_t c = *d->p;
    if (c <= 0x7f || c >= 0xe0) {
        d->p++;
        return mp_number_int(d, c, at);
    }
    if (c >= 0xcc && c <= 0xd3) {
        d->p++;
        return mp_number_int(d, c, at);
    }
    if (c == 0xca || c == 0xcb) {
        d->p++;
        return mp_number_float(d, c, at);
    }
    return mp_number_text(d, at);
}

static const tf_value *mp_string(mp_dec *d, const tf_path_chain *at)
{
    const char *s;
    size_t len;
    mp_rc rc = mp_str(d, &s, &len);
    if (rc == MP_EOF)
        return mp_eof(d, at);
    if (rc == MP_WRONG)
        return mp_fail(d, at, "a string is required");
    return tf_stringn(d->a, s, len);
}

static const tf_value *mp_bool(mp_dec *d, const tf_path_chain *at)
{
    uint8_t c = *d->p;
    if (c != 0xc2 && c != 0xc3)
        return mp_fail(d, at, "a bool is required");
    d->p++;
    return tf_bool(d->a, c == 0xc3);
}

/* Array header whose length is checked against what is left: every
 * element needs at least one byte, so larger counts are lies. */
static bool mp_array_of(mp_dec *d, size_t *n, const char *what,
                        const tf_path_chain *at)
{
    mp_rc rc = mp_array(d, n);
    if (rc == MP_WRONG)
        return mp_fail(d, at, "%s is required", what), false;
    if (rc == MP_EOF || *n > mp_left(d))
        return mp_eof(d, at), false;
    return true;
}

static const tf_value **mp_items(mp_dec *d, size_t n, const tf_type *elem,
                                 const tf_type *const *types,
                                 const tf_path_chain *at)
{
    const tf_value **items = tf_arena_calloc(d->a, n ? n : 1, sizeof(*items));
    for (size_t i = 0; i < n; i++) {
        tf_path_chain step = {at, {TF_STEP_KEY_INT, NULL, (int64_t)i}};
        items[i] = mp_value(d, types ? types[i] : elem, &step);
        if (!items[i])
            return NULL;
    }
    return items;
}

static const tf_value *mp_seq(mp_dec *d, const tf_type *t,
                              const tf_path_chain *at)
{
    size_t n;
    const char *what = t->kind == TF_LIST ? "a list" : t->kind == TF_SET ? "a set" : "a tuple";
    if (!mp_array_of(d, &n, what, at))
        return NULL;
    if (t->kind == TF_TUPLE && n != t->n)
        return mp_fail(d, at, "a tuple of length %zu is required", t->n);
    const tf_value **items = mp_items(d, n, t->elem, t->kind == TF_TUPLE ? t->types : NULL, at);
    if (!items)
        return NULL;
    if (t->kind == TF_LIST)
        return tf_list(d->a, t->elem, n, items);
    if (t->kind == TF_SET)
        return tf_set(d->a, t->elem, n, items);
    return tf_tuple(d->a, t, items);
}

/* Map header; every entry needs at least two bytes. */
static bool mp_map_header(mp_dec *d, size_t *n, const char *what,
                          const tf_path_chain *at)
{
    mp_rc rc = mp_map(d, n);
    if (rc == MP_WRONG)
        return mp_fail(d, at, "%s is required", what), false;
    if (rc == MP_EOF || *n > mp_left(d) / 2)
        return mp_eof(d, at), false;
    return true;
}

/* A map key or attribute name: a string without NUL bytes. */
static const char *mp_key(mp_dec *d, const char *what, const tf_path_chain *at)
{
    const char *s;
    size_t len;
    mp_rc rc = mp_str(d, &s, &len);
    if (rc == MP_EOF)
        return mp_eof(d, at), NULL;
    if (rc == MP_WRONG || memchr(s, '\0', len))
        return mp_fail(d, at, "%s must be strings", what), NULL;
    return tf_arena_memdup(d->a, s, len);
}

static const tf_value *mp_map_value(mp_dec *d, const tf_type *t,
                                    const tf_path_chain *at)
{
    size_t n;
    if (!mp_map_header(d, &n, "a map", at))
        return NULL;
    const char **keys = tf_arena_calloc(d->a, n ? n : 1, sizeof(*keys));
    const tf_value **items = tf_arena_calloc(d->a, n ? n : 1, sizeof(*items));
    for (size_t i = 0; i < n; i++) {
        if (!(keys[i] = mp_key(d, "map keys", at)))
            return NULL;
        tf_path_chain step = {at, {TF_STEP_KEY_STRING, keys[i], 0}};
        if (!(items[i] = mp_value(d, t->elem, &step)))
            return NULL;
    }
    return tf_map(d->a, t->elem, n, keys, items);
}

static const tf_value *mp_object(mp_dec *d, const tf_type *t,
                                 const tf_path_chain *at)
{
    size_t n;
    if (!mp_map_header(d, &n, "an object", at))
        return NULL;
    if (n != t->n)
        return mp_fail(d, at, "an object with %zu attributes is required (%zu given)",
                       t->n, n);
    const tf_value **items = tf_arena_calloc(d->a, n ? n : 1, sizeof(*items));
    for (size_t i = 0; i < n; i++) {
        const char *name = mp_key(d, "attribute names", at);
        if (!name)
            return NULL;
        tf_path_chain step = {at, {TF_STEP_ATTR, name, 0}};
        int k = tf_type_attr_index(t, name);
        if (k < 0)
            return mp_fail(d, &step, "unsupported attribute");
        if (items[k])
            return mp_fail(d, &step, "duplicate attribute");
        if (!(items[k] = mp_value(d, t->types[k], &step)))
            return NULL;
    }
    return tf_object(d->a, t, items);
}

static const tf_value *mp_dynamic(mp_dec *d, const tf_path_chain *at)
{
    size_t n;
    const char *json;
    size_t len;
    char *terr = NULL;
    if (*d->p == 0xc0) {
        d->p++;
        return tf_null(d->a, &tf_type_dynamic);
    }
    if (!mp_array_of(d, &n, "a dynamic value array", at))
        return NULL;
    if (n != 2)
        return mp_fail(d, at, "dynamic value array must have exactly two elements");
    mp_rc rc = mp_str(d, &json, &len);
    if (rc != MP_OK)
        return rc == MP_EOF ? mp_eof(d, at) : mp_fail(d, at, "dynamic value type must be a string");
    const tf_type *t = tf_type_from_json(d->a, json, len, &terr);
    if (!t)
        return mp_fail(d, at, "invalid dynamic value type: %s", terr ? terr : "?");
    return mp_value(d, t, at);
}

static const tf_value *mp_known(mp_dec *d, const tf_type *t,
                                const tf_path_chain *at)
{
    switch (t->kind) {
    case TF_STRING: return mp_string(d, at);
    case TF_NUMBER: return mp_number(d, at);
    case TF_BOOL: return mp_bool(d, at);
    case TF_LIST:
    case TF_SET:
    case TF_TUPLE: return mp_seq(d, t, at);
    case TF_MAP: return mp_map_value(d, t, at);
    case TF_OBJECT: return mp_object(d, t, at);
    default: return mp_dynamic(d, at);
    }
}

static const tf_value *mp_value(mp_dec *d, const tf_type *t,
                                const tf_path_chain *at)
{
    if (mp_left(d) < 1)
        return mp_eof(d, at);
    uint8_t c = *d->p;
    if (mp_is_ext(c))
        return mp_unknown(d, t, at);
    if (c == 0xc0 && t->kind != TF_DYNAMIC) {
        d->p++;
        return tf_null(d->a, t);
    }
    if (++d->depth > MP_MAX_DEPTH)
        return mp_fail(d, at, "msgpack nesting too deep");
    const tf_value *v = mp_known(d, t, at);
    d->depth--;
    return v;
}

const tf_value *tf_msgpack_decode(tf_arena *a, const void *buf, size_t len,
                                  const tf_type *t, char **err)
{
    static const uint8_t empty[1];
    if (err)
        *err = NULL;
    if (!buf)
        buf = empty, len = 0;
    mp_dec d = {.a = a, .p = buf, .end = (const uint8_t *)buf + len, .err = err};
    const tf_value *v = mp_value(&d, t, NULL);
    if (v && d.p != d.end)
        return mp_fail(&d, NULL, "%zu trailing bytes after msgpack value", mp_left(&d));
    return v;
}

/* ---- encoding ---- */

typedef struct {
    tf_arena *a;
    msgpack_packer pk;
    char **err;
} mp_enc;

static int mp_enc_fail(mp_enc *e, const tf_path_chain *at, const char *msg)
{
    if (e->err) {
        char *where = tf_path_string(e->a, tf_path_from_chain(e->a, at));
        *e->err = *where ? tf_arena_printf(e->a, "%s: %s", where, msg)
                         : tf_arena_strdup(e->a, msg);
    }
    return -1;
}

static int mp_enc_value(mp_enc *e, const tf_value *v, const tf_type *t,
                        const tf_path_chain *at);

static int mp_enc_str(mp_enc *e, const char *s, size_t len)
{
    return msgpack_pack_str(&e->pk, len) || msgpack_pack_str_body(&e->pk, s, len);
}

static int mp_enc_number(mp_enc *e, const tf_value *v)
{
    int64_t i;
    double x;
    if (tf_number_to_i64(v, &i))
        return msgpack_pack_int64(&e->pk, i);
    if (tf_number_exact_double(v, &x))
        return msgpack_pack_double(&e->pk, x);
    const char *text = tf_number_plain(e->a, v);
    return mp_enc_str(e, text, strlen(text));
}

static int mp_enc_items(mp_enc *e, const tf_value *v, const tf_type *t,
                        const tf_path_chain *at)
{
    if (msgpack_pack_array(&e->pk, v->u.coll.n))
        return -1;
    for (size_t i = 0; i < v->u.coll.n; i++) {
        tf_path_chain step = {at, {TF_STEP_KEY_INT, NULL, (int64_t)i}};
        const tf_type *et = t->kind == TF_TUPLE ? t->types[i] : t->elem;
        if (mp_enc_value(e, v->u.coll.items[i], et, &step))
            return -1;
    }
    return 0;
}

/* Maps and objects: keys come from the map, or names from the type. */
static int mp_enc_pairs(mp_enc *e, const tf_value *v, const tf_type *t,
                        const tf_path_chain *at)
{
    if (msgpack_pack_map(&e->pk, v->u.coll.n))
        return -1;
    for (size_t i = 0; i < v->u.coll.n; i++) {
        bool obj = t->kind == TF_OBJECT;
        const char *k = obj ? t->names[i] : v->u.coll.keys[i];
        tf_path_chain step = {at, {obj ? TF_STEP_ATTR : TF_STEP_KEY_STRING, k, 0}};
        if (mp_enc_str(e, k, strlen(k)) ||
            mp_enc_value(e, v->u.coll.items[i], obj ? t->types[i] : t->elem, &step))
            return -1;
    }
    return 0;
}

static int mp_enc_dynamic(mp_enc *e, const tf_value *v, const tf_path_chain *at)
{
    const char *json = tf_type_to_json(e->a, v->type);
    size_t len = strlen(json);
    if (msgpack_pack_array(&e->pk, 2) || msgpack_pack_bin(&e->pk, len) ||
        msgpack_pack_bin_body(&e->pk, json, len))
        return -1;
    return mp_enc_value(e, v, v->type, at);
}

static int mp_enc_value(mp_enc *e, const tf_value *v, const tf_type *t,
                        const tf_path_chain *at)
{
    static const char unknown_body[1] = {0};
    if (!v)
        return mp_enc_fail(e, at, "missing value");
    if (t->kind == TF_DYNAMIC && v->type->kind != TF_DYNAMIC)
        return mp_enc_dynamic(e, v, at);
    if (tf_is_unknown(v))
        return msgpack_pack_ext(&e->pk, 1, 0) ||
               msgpack_pack_ext_body(&e->pk, unknown_body, 1);
    if (tf_is_null(v))
        return msgpack_pack_nil(&e->pk);
    if (!tf_value_shape_ok(v, t))
        return mp_enc_fail(e, at, tf_arena_printf(e->a, "value of type %s does not conform to %s",
                           tf_type_friendly(e->a, v->type), tf_type_friendly(e->a, t)));
    switch (t->kind) {
    case TF_STRING: return mp_enc_str(e, v->u.str.ptr, v->u.str.len);
    case TF_NUMBER: return mp_enc_number(e, v);
    case TF_BOOL: return v->u.b ? msgpack_pack_true(&e->pk) : msgpack_pack_false(&e->pk);
    case TF_LIST:
    case TF_SET:
    case TF_TUPLE: return mp_enc_items(e, v, t, at);
    default: return mp_enc_pairs(e, v, t, at);
    }
}

int tf_msgpack_encode(tf_arena *a, const tf_value *v, const tf_type *t,
                      void **out, size_t *out_len, char **err)
{
    mp_enc e = {.a = a, .err = err};
    if (err)
        *err = NULL;
    if (v && !tf_type_equal(v->type, t) && !(v = tf_convert(a, v, t, err)))
        return -1;
    msgpack_sbuffer sb;
    msgpack_sbuffer_init(&sb);
    msgpack_packer_init(&e.pk, &sb, msgpack_sbuffer_write);
    int rc = mp_enc_value(&e, v, t, NULL);
    if (rc == 0) {
        *out = tf_arena_memdup(a, sb.data ? sb.data : "", sb.size);
        *out_len = sb.size;
    } else if (err && !*err) {
        *err = tf_arena_strdup(a, "msgpack encoding failed");
    }
    msgpack_sbuffer_destroy(&sb);
    return rc ? -1 : 0;
}

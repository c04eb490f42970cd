/* test_msgpack.c - unit tests for the msgpack codec: known byte vectors
 * (checked against cty's encoder rules and python3-msgpack), round trips with
 * null and unknown at every depth, and hostile input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "value.h"
#include "check.h"

static tf_arena *A;

static const tf_type *T(const char *spec)
{
    const tf_type *t = tf_type_parse(A, spec);
    if (!t) {
        fprintf(stderr, "bad type spec in test: %s\n", spec);
        exit(2);
    }
    return t;
}

static const tf_value *S(const char *s) { return tf_string(A, s); }
static const tf_value *N(const char *s) { return tf_number_text(A, s); }
static const tf_value *I(int64_t i) { return tf_number_i64(A, i); }
static const tf_value *B(bool b) { return tf_bool(A, b); }

/* "81 a1 61" -> bytes; '"text"' inside the spec inserts raw characters. */
static size_t unhex(const char *hex, unsigned char *out)
{
    size_t n = 0;
    while (*hex) {
        if (*hex == ' ') {
            hex++;
        } else if (*hex == '\'') {
            for (hex++; *hex && *hex != '\''; hex++)
                out[n++] = (unsigned char)*hex;
            hex += *hex == '\'';
        } else {
            unsigned int b;
            sscanf(hex, "%2x", &b);
            out[n++] = (unsigned char)b;
            hex += 2;
        }
    }
    return n;
}

static char *tohex(const void *p, size_t n)
{
    char *s = tf_arena_alloc(A, n * 3 + 1);
    for (size_t i = 0; i < n; i++)
        sprintf(s + i * 3, "%02x ", ((const unsigned char *)p)[i]);
    if (n)
        s[n * 3 - 1] = 0;
    return s;
}

static const tf_value *decode_hex(const char *hex, const tf_type *t, char **err)
{
    unsigned char buf[4096];
    size_t n = unhex(hex, buf);
    return tf_msgpack_decode(A, buf, n, t, err);
}

/* Encodes v, compares with the expected bytes and decodes them back. */
static void check_vector(const tf_value *v, const char *spec, const char *hex)
{
    const tf_type *t = T(spec);
    unsigned char want[4096];
    size_t wn = unhex(hex, want);
    void *out = NULL;
    size_t on = 0;
    char *err = NULL;
    int rc = tf_msgpack_encode(A, v, t, &out, &on, &err);
    CHECK(rc == 0);
    if (rc != 0 || on != wn || memcmp(out, want, wn) != 0) {
        failed++;
        fprintf(stderr, "encode %s as %s:\n  got  %s\n  want %s (%s)\n",
                tf_value_debug(A, v), spec, rc ? "-" : tohex(out, on), tohex(want, wn),
                err ? err : "");
        return;
    }
    passed++;
    const tf_value *back = tf_msgpack_decode(A, want, wn, t, &err);
    CHECK(back && tf_value_equal(back, v));
    if (back && !tf_value_equal(back, v))
        fprintf(stderr, "  decoded %s, want %s\n", tf_value_debug(A, back), tf_value_debug(A, v));
}

static void test_vectors_primitive(void)
{
    check_vector(S("x"), "string", "a1 78");
    check_vector(S(""), "string", "a0");
    check_vector(S("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), "string",
                 "d9 28 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'");
    check_vector(tf_stringn(A, "a\0b", 3), "string", "a3 61 00 62");
    check_vector(tf_unknown(A, &tf_type_string), "string", "d4 00 00");
    check_vector(tf_null(A, &tf_type_string), "string", "c0");
    check_vector(B(true), "bool", "c3");
    check_vector(B(false), "bool", "c2");
    check_vector(I(1), "number", "01");
    check_vector(I(0), "number", "00");
    check_vector(I(-1), "number", "ff");
    check_vector(I(-33), "number", "d0 df");
    check_vector(I(-128), "number", "d0 80");
    check_vector(I(-129), "number", "d1 ff 7f");
    check_vector(I(127), "number", "7f");
    check_vector(I(200), "number", "cc c8");
    check_vector(I(256), "number", "cd 01 00");
    check_vector(I(-200), "number", "d1 ff 38");
    check_vector(I(70000), "number", "ce 00 01 11 70");
    check_vector(I(4294967296), "number", "cf 00 00 00 01 00 00 00 00");
    check_vector(I(-1099511627776), "number", "d3 ff ff ff 00 00 00 00 00");
    check_vector(I(INT64_MAX), "number", "cf 7f ff ff ff ff ff ff ff");
    check_vector(I(INT64_MIN), "number", "d3 80 00 00 00 00 00 00 00");
    check_vector(N("0.5"), "number", "cb 3f e0 00 00 00 00 00 00");
    check_vector(N("-2.25"), "number", "cb c0 02 00 00 00 00 00 00");
    check_vector(N("18446744073709551616"), "number", "cb 43 f0 00 00 00 00 00 00");
    check_vector(N("0.1"), "number", "a3 '0.1'");
    check_vector(N("123456789012345678901234567890"), "number",
                 "be '123456789012345678901234567890'");
    check_vector(N("18446744073709551615"), "number", "b4 '18446744073709551615'");
    check_vector(N("1e40"), "number", "d9 29 '10000000000000000000000000000000000000000'");
    check_vector(N("-1e-35"), "number", "d9 26 '-0.00000000000000000000000000000000001'");
    check_vector(tf_number_double_exact(A, 0.1), "number", "cb 3f b9 99 99 99 99 99 9a");
}

static void test_vectors_structural(void)
{
    const tf_value *ox[] = {S("x")};
    check_vector(tf_object(A, T("object({a=string})"), ox), "object({a=string})", "81 a1 61 a1 78");
    const tf_value *ab[] = {I(1), B(true)};
    check_vector(tf_object(A, T("object({b=bool,a=number})"), ab), "object({b=bool,a=number})",
                 "82 a1 61 01 a1 62 c3");
    check_vector(tf_object(A, T("object({})"), NULL), "object({})", "80");
    const tf_value *l[] = {S("a"), S("b")};
    check_vector(tf_list(A, &tf_type_string, 2, l), "list(string)", "92 a1 61 a1 62");
    check_vector(tf_list(A, &tf_type_string, 0, NULL), "list(string)", "90");
    const tf_value *s[] = {I(3), I(1), I(2), I(1)};
    check_vector(tf_set(A, &tf_type_number, 4, s), "set(number)", "93 01 02 03");
    const char *keys[] = {"b", "a"};
    const tf_value *mv[] = {S("2"), S("1")};
    check_vector(tf_map(A, &tf_type_string, 2, keys, mv), "map(string)",
                 "82 a1 61 a1 31 a1 62 a1 32");
    check_vector(tf_map(A, &tf_type_string, 0, NULL, NULL), "map(string)", "80");
    const tf_value *tu[] = {S("a"), I(1)};
    check_vector(tf_tuple(A, T("tuple([string,number])"), tu), "tuple([string,number])",
                 "92 a1 61 01");
    const tf_value *lu[] = {tf_unknown(A, &tf_type_string), tf_null(A, &tf_type_string)};
    check_vector(tf_list(A, &tf_type_string, 2, lu), "list(string)", "92 d4 00 00 c0");
}

static void test_vectors_dynamic(void)
{
    check_vector(S("x"), "dynamic", "92 c4 08 '\"string\"' a1 78");
    check_vector(tf_null(A, &tf_type_dynamic), "dynamic", "c0");
    check_vector(tf_unknown(A, &tf_type_dynamic), "dynamic", "d4 00 00");
    check_vector(tf_unknown(A, &tf_type_string), "dynamic", "92 c4 08 '\"string\"' d4 00 00");
    check_vector(tf_null(A, &tf_type_number), "dynamic", "92 c4 08 '\"number\"' c0");
    const tf_value *ox[] = {S("x")};
    check_vector(tf_object(A, T("object({a=string})"), ox), "dynamic",
                 "92 c4 19 '[\"object\",{\"a\":\"string\"}]' 81 a1 61 a1 78");
    const tf_value *l[] = {I(1)};
    check_vector(tf_list(A, &tf_type_number, 1, l), "dynamic",
                 "92 c4 11 '[\"list\",\"number\"]' 91 01");
    /* an object attribute of dynamic type */
    const tf_value *od[] = {B(true)};
    check_vector(tf_object(A, T("object({d=dynamic})"), od), "object({d=dynamic})",
                 "81 a1 64 92 c4 06 '\"bool\"' c3");
}

/* Inputs that only a decoder meets: other encodings cty accepts. */
static void check_decodes(const char *hex, const char *spec, const tf_value *want)
{
    char *err = NULL;
    const tf_value *v = decode_hex(hex, T(spec), &err);
    CHECK(v && tf_value_equal(v, want));
    if (!v || !tf_value_equal(v, want))
        fprintf(stderr, "  decoding %s as %s: got %s (%s), want %s\n", hex, spec,
                v ? tf_value_debug(A, v) : "error", err ? err : "", tf_value_debug(A, want));
}

static void check_rejects(const char *hex, const char *spec, const char *want_err)
{
    char *err = NULL;
    const tf_value *v = decode_hex(hex, T(spec), &err);
    CHECK(v == NULL && err != NULL);
    if (v || !err || (want_err && !strstr(err, want_err)))
        fprintf(stderr, "  decoding %s as %s: got %s, error \"%s\", want error ~\"%s\"\n",
                hex, spec, v ? tf_value_debug(A, v) : "NULL", err ? err : "",
                want_err ? want_err : "");
    if (want_err)
        CHECK(err && strstr(err, want_err));
}

static void test_decode_variants(void)
{
    check_decodes("ca 3f c0 00 00", "number", N("1.5"));
    check_decodes("cb 3f b9 99 99 99 99 99 9a", "number", tf_number_double_exact(A, 0.1));
    check_decodes("d0 80", "number", I(-128));
    check_decodes("d1 80 00", "number", I(-32768));
    check_decodes("d2 80 00 00 00", "number", I(-2147483648LL));
    check_decodes("cc ff", "number", I(255));
    check_decodes("cf ff ff ff ff ff ff ff ff", "number", N("18446744073709551615"));
    check_decodes("c4 01 '7'", "number", I(7));
    check_decodes("a3 '1e3'", "number", I(1000));
    check_decodes("a5 '-0.50'", "number", N("-0.5"));
    check_decodes("c4 02 'hi'", "string", S("hi"));
    check_decodes("da 00 02 'hi'", "string", S("hi"));
    check_decodes("db 00 00 00 02 'hi'", "string", S("hi"));
    check_decodes("dc 00 01 a1 78", "list(string)", tf_list(A, &tf_type_string, 1, (const tf_value *[]){S("x")}));
    check_decodes("dd 00 00 00 01 a1 78", "list(string)", tf_list(A, &tf_type_string, 1, (const tf_value *[]){S("x")}));
    check_decodes("de 00 01 a1 61 a1 78", "object({a=string})",
                  tf_object(A, T("object({a=string})"), (const tf_value *[]){S("x")}));
    check_decodes("93 a1 62 a1 61 a1 62", "set(string)",
                  tf_set(A, &tf_type_string, 2, (const tf_value *[]){S("a"), S("b")}));
    check_decodes("82 a1 61 a1 31 a1 61 a1 32", "map(string)",
                  tf_map(A, &tf_type_string, 1, (const char *[]){"a"}, (const tf_value *[]){S("2")}));
    /* any extension is an unknown; refinements are checked and dropped */
    check_decodes("d4 07 00", "string", tf_unknown(A, &tf_type_string));
    check_decodes("c7 00 00", "list(string)", tf_unknown(A, T("list(string)")));
    check_decodes("c7 03 0c 81 01 c2", "string", tf_unknown(A, &tf_type_string));
    check_decodes("d6 0c 81 01 c2 00", "string", tf_unknown(A, &tf_type_string));
    check_decodes("c7 05 0c 81 02 a2 'ab'", "string", tf_unknown(A, &tf_type_string));
    check_decodes("c7 09 0c 82 03 92 01 c3 04 92 05 c2", "number", tf_unknown(A, &tf_type_number));
    check_decodes("c7 03 0c 81 01 c2", "dynamic", tf_unknown(A, &tf_type_dynamic));
    check_decodes("92 a8 '\"string\"' a1 78", "dynamic", S("x")); /* type as str */
    check_decodes("92 c4 08 '\"string\"' a1 78", "dynamic", S("x"));
}

static void test_decode_errors(void)
{
    check_rejects("", "string", "unexpected end");
    check_rejects("01", "string", "a string is required");
    check_rejects("c3", "number", "a number is required");
    check_rejects("a3 'abc'", "number", "a number is required");
    check_rejects("a3 31 00 32", "number", "a number is required");
    check_rejects("a3 'Inf'", "number", "a number is required");
    check_rejects("cb 7f f8 00 00 00 00 00 00", "number", "finite");
    check_rejects("cb 7f f0 00 00 00 00 00 00", "number", "finite");
    check_rejects("ca ff 80 00 00", "number", "finite");
    check_rejects("01", "bool", "a bool is required");
    check_rejects("81 a1 61 a1 78", "list(string)", "a list is required");
    check_rejects("91 01", "list(string)", "[0]: a string is required");
    check_rejects("91 01", "set(string)", "[0]: a string is required");
    check_rejects("92 a1 61 a1 61", "tuple([string])", "a tuple of length 1");
    check_rejects("91 a1 78", "map(string)", "a map is required");
    check_rejects("81 01 a1 78", "map(string)", "map keys must be strings");
    check_rejects("81 a3 'a' 00 'b' a1 78", "map(string)", "map keys must be strings");
    check_rejects("91 a1 78", "object({a=string})", "an object is required");
    check_rejects("80", "object({a=string})", "an object with 1 attributes is required (0 given)");
    check_rejects("82 a1 61 a1 78 a1 62 a1 78", "object({a=string})", "(2 given)");
    check_rejects("81 a1 62 a1 78", "object({a=string})", "b: unsupported attribute");
    check_rejects("82 a1 61 a1 78 a1 61 a1 79", "object({a=string,b=string})", "duplicate attribute");
    check_rejects("81 01 a1 78", "object({a=string})", "attribute names must be strings");
    check_rejects("81 a1 61 81 a1 62 01", "object({a=object({b=string})})", "a.b: a string is required");
    check_rejects("81 a1 74 81 a1 6b 91 01", "object({t=map(list(string))})", "t[\"k\"][0]: a string is required");
    check_rejects("c1", "string", NULL);
    check_rejects("a1 78 00", "string", "trailing bytes");
    check_rejects("c0 c0", "string", "trailing bytes");
    /* dynamic */
    check_rejects("93 c4 08 '\"string\"' a1 78 c0", "dynamic", "exactly two elements");
    check_rejects("91 c4 08 '\"string\"'", "dynamic", "exactly two elements");
    check_rejects("92 01 a1 78", "dynamic", "type must be a string");
    check_rejects("92 a3 'foo' a1 78", "dynamic", "invalid dynamic value type");
    check_rejects("92 a9 '\"string\"x' a1 78", "dynamic", "invalid dynamic value type");
    check_rejects("92 a8 '\"string\"' 01", "dynamic", "a string is required");
    check_rejects("a1 78", "dynamic", "a dynamic value array is required");
    /* extensions that are not unknowns */
    check_rejects("c7 03 0c 01 02 03", "string", "refinements");
    check_rejects("c7 04 0c 81 a1 61 c2", "string", "refinements");
    check_rejects("c7 03 0c 82 01 c2", "string", "refinements");
    check_rejects("c7 02 05 01 02", "string", "unsupported msgpack extension");
    check_rejects("d5 00 00 00", "string", "unsupported msgpack extension");
    /* lengths that lie */
    check_rejects("dd ff ff ff ff", "list(string)", "unexpected end");
    check_rejects("dd ff ff ff ff a1 78", "list(string)", "unexpected end");
    check_rejects("dc ff ff a1 78", "set(string)", "unexpected end");
    check_rejects("db ff ff ff ff 78", "string", "unexpected end");
    check_rejects("c6 ff ff ff ff 78", "string", "unexpected end");
    check_rejects("df ff ff ff ff a1 61", "map(string)", "unexpected end");
    check_rejects("df ff ff ff ff a1 61", "object({a=string})", NULL);
    check_rejects("c9 ff ff ff ff 00", "string", "unexpected end");
    check_rejects("c9 00 00 04 4c 0c", "string", NULL);
    check_rejects("a1", "string", "unexpected end");
    check_rejects("cf 00 00", "number", "unexpected end");
    check_rejects("d4 00", "string", "unexpected end");
    check_rejects("c7", "string", "unexpected end");

    unsigned char big[1100 + 8] = {0xc9, 0x00, 0x00, 0x04, 0x4c, 0x0c, 0x81, 0x01, 0xc2};
    char *err = NULL;
    CHECK(tf_msgpack_decode(A, big, 6 + 1100, &tf_type_string, &err) == NULL);
    CHECK(err && strstr(err, "oversize"));
    CHECK(tf_msgpack_decode(A, NULL, 0, &tf_type_string, &err) == NULL);
    CHECK(err && strstr(err, "unexpected end"));
}

/* Nesting deeper than the decoder's limit must fail cleanly. */
static void test_deep_nesting(void)
{
    const tf_type *t = &tf_type_string;
    for (int i = 0; i < 300; i++)
        t = tf_type_list(A, t);
    unsigned char buf[400];
    memset(buf, 0x91, 300);
    buf[300] = 0xa1;
    buf[301] = 'x';
    char *err = NULL;
    CHECK(tf_msgpack_decode(A, buf, 302, t, &err) == NULL);
    CHECK(err && strstr(err, "nesting too deep"));

    const tf_type *t200 = &tf_type_string;
    for (int i = 0; i < 200; i++)
        t200 = tf_type_list(A, t200);
    CHECK(tf_msgpack_decode(A, buf + 100, 202, t200, &err) != NULL);

    /* the same through nested dynamic values */
    static const char wrap[] = "[\"list\",\"dynamic\"]";
    size_t wl = strlen(wrap), cap = 300 * (wl + 4) + 16, n = 0;
    unsigned char *dyn = tf_arena_alloc(A, cap);
    for (int i = 0; i < 300; i++) {
        dyn[n++] = 0x92;
        dyn[n++] = 0xc4;
        dyn[n++] = (unsigned char)wl;
        memcpy(dyn + n, wrap, wl);
        n += wl;
        dyn[n++] = 0x91;
    }
    dyn[n++] = 0xc0;
    CHECK(tf_msgpack_decode(A, dyn, n, &tf_type_dynamic, &err) == NULL);
    CHECK(err && strstr(err, "nesting too deep"));
    size_t per = wl + 4, start = 200 * per; /* keep the last 100 levels */
    const tf_value *v = tf_msgpack_decode(A, dyn + start, n - start, &tf_type_dynamic, &err);
    CHECK(v != NULL);

    /* a deeply nested type description */
    char tj[8000] = "";
    for (int i = 0; i < 300; i++)
        strcat(tj, "[\"list\",");
    strcat(tj, "\"string\"");
    for (int i = 0; i < 300; i++)
        strcat(tj, "]");
    size_t tl = strlen(tj);
    unsigned char *tb = tf_arena_alloc(A, tl + 8);
    tb[0] = 0x92;
    tb[1] = 0xc5;
    tb[2] = (unsigned char)(tl >> 8);
    tb[3] = (unsigned char)tl;
    memcpy(tb + 4, tj, tl);
    tb[4 + tl] = 0xc0;
    CHECK(tf_msgpack_decode(A, tb, tl + 5, &tf_type_dynamic, &err) == NULL);
    CHECK(err && strstr(err, "invalid dynamic value type"));
}

/* ---------------------------------------------------------------- */
/* round trips with null and unknown at every node                  */

static const char *SCHEMA =
    "object({s=string, n=number, b=bool, l=list(string), st=set(number),"
    " m=map(bool), o=object({x=string, y=list(object({z=number}))}),"
    " tu=tuple([string, number]), d=dynamic, dl=list(dynamic),"
    " nested=set(object({k=string, v=map(list(number))}))})";

static const tf_value *sample_value(const tf_type *t)
{
    const tf_type *ot = t->types[tf_type_attr_index(t, "o")];
    const tf_type *yt = ot->types[1]->elem;
    const tf_type *nt = t->types[tf_type_attr_index(t, "nested")]->elem;
    const tf_value *z1[] = {N("123456789012345678901234567890")};
    const tf_value *z2[] = {N("0.1")};
    const tf_value *ys[] = {tf_object(A, yt, z1), tf_object(A, yt, z2)};
    const tf_value *o[] = {S("ex"), tf_list(A, yt, 2, ys)};
    const tf_value *nums[] = {I(-5), N("1e+400"), N("18446744073709551616")};
    const tf_value *vl = tf_list(A, &tf_type_number, 3, nums);
    const char *vk[] = {"k1", "k2"};
    const tf_value *vv[] = {vl, tf_list(A, &tf_type_number, 0, NULL)};
    const tf_value *n1[] = {S("first"), tf_map(A, vl->type, 2, vk, vv)};
    const tf_value *n2[] = {S("second"), tf_map(A, vl->type, 0, NULL, NULL)};
    const tf_value *nested[] = {tf_object(A, nt, n1), tf_object(A, nt, n2)};
    const char *mk[] = {"yes", "no"};
    const tf_value *mv[] = {B(true), B(false)};
    const tf_value *dl[] = {S("d1"), S("d2")};
    const tf_value *dm[] = {S("v")};
    const tf_value *tu[] = {S("t"), N("-0.25")};
    const tf_value *l[] = {S("a"), S(""), S("ü\n\"")};
    const tf_value *st[] = {I(3), I(1), N("2.5")};
    const tf_value *items[11];
    const char *names[] = {"s", "n", "b", "l", "st", "m", "o", "tu", "d", "dl", "nested"};
    const tf_value *vals[] = {
        S("hello"), N("42"), B(true), tf_list(A, &tf_type_string, 3, l),
        tf_set(A, &tf_type_number, 3, st), tf_map(A, &tf_type_bool, 2, mk, mv),
        tf_object(A, ot, o), tf_tuple(A, t->types[tf_type_attr_index(t, "tu")], tu),
        tf_map(A, &tf_type_string, 1, (const char *[]){"k"}, dm),
        tf_list(A, &tf_type_dynamic, 2, dl), tf_set(A, nt, 2, nested)};
    for (int i = 0; i < 11; i++)
        items[tf_type_attr_index(t, names[i])] = vals[i];
    return tf_object(A, t, items);
}

/* Copy of v with its k-th node (preorder) replaced by null or unknown. */
static const tf_value *replace_nth(const tf_value *v, int *k, unsigned flag)
{
    if ((*k)-- == 0)
        return flag == TF_V_NULL ? tf_null(A, v->type) : tf_unknown(A, v->type);
    if (!tf_is_known(v) || v->type->kind < TF_LIST)
        return v;
    size_t n = v->u.coll.n;
    const tf_value **items = tf_arena_calloc(A, n ? n : 1, sizeof(*items));
    for (size_t i = 0; i < n; i++)
        items[i] = replace_nth(v->u.coll.items[i], k, flag);
    switch (v->type->kind) {
    case TF_LIST: return tf_list(A, v->type->elem, n, items);
    case TF_SET: return tf_set(A, v->type->elem, n, items);
    case TF_MAP: return tf_map(A, v->type->elem, n, v->u.coll.keys, items);
    case TF_OBJECT: return tf_object(A, v->type, items);
    default: return tf_tuple(A, v->type, items);
    }
}

static int count_nodes(const tf_value *v)
{
    int n = 1;
    if (tf_is_known(v) && v->type->kind >= TF_LIST)
        for (size_t i = 0; i < v->u.coll.n; i++)
            n += count_nodes(v->u.coll.items[i]);
    return n;
}

static int truncation_failures;

/* Every proper prefix of an encoding must be rejected. */
static void check_prefixes(const unsigned char *buf, size_t n, const tf_type *t)
{
    for (size_t k = 0; k < n; k++) {
        char *err = NULL;
        if (tf_msgpack_decode(A, buf, k, t, &err) != NULL || !err)
            truncation_failures++;
    }
}

static int roundtrip(const tf_value *v, const tf_type *t, bool prefixes)
{
    void *out;
    size_t n;
    char *err = NULL;
    if (tf_msgpack_encode(A, v, t, &out, &n, &err) != 0) {
        fprintf(stderr, "encode failed: %s\n", err);
        return 0;
    }
    const tf_value *back = tf_msgpack_decode(A, out, n, t, &err);
    if (!back || !tf_value_equal(back, v)) {
        fprintf(stderr, "round trip failed (%s):\n  %s\n  %s\n", err ? err : "",
                tf_value_debug(A, v), back ? tf_value_debug(A, back) : "-");
        return 0;
    }
    if (prefixes)
        check_prefixes(out, n, t);
    return 1;
}

static void test_roundtrips(void)
{
    const tf_type *t = T(SCHEMA);
    const tf_value *v = sample_value(t);
    CHECK(roundtrip(v, t, true));
    int nodes = count_nodes(v), ok = 1;
    CHECK(nodes > 40);
    for (int i = 0; i < nodes; i++) {
        int k = i;
        ok &= roundtrip(replace_nth(v, &k, TF_V_NULL), t, false);
        k = i;
        ok &= roundtrip(replace_nth(v, &k, TF_V_UNKNOWN), t, i % 5 == 0);
    }
    CHECK(ok);
    CHECK(truncation_failures == 0);

    /* the whole value as a dynamic, and unknown/null below dynamic */
    CHECK(roundtrip(v, &tf_type_dynamic, true));
    int k = 3;
    CHECK(roundtrip(replace_nth(v, &k, TF_V_UNKNOWN), &tf_type_dynamic, true));
    CHECK(truncation_failures == 0);

    /* canonical: encoding what was decoded gives the same bytes */
    void *b1, *b2;
    size_t n1, n2;
    char *err;
    CHECK(tf_msgpack_encode(A, v, t, &b1, &n1, &err) == 0);
    const tf_value *d = tf_msgpack_decode(A, b1, n1, t, &err);
    CHECK(d && tf_msgpack_encode(A, d, t, &b2, &n2, &err) == 0);
    CHECK(d && n1 == n2 && memcmp(b1, b2, n1) == 0);
}

/* Corrupting any byte must never crash; what still decodes must
 * round-trip. */
static void test_corruption(void)
{
    const tf_type *t = T(SCHEMA);
    void *out;
    size_t n;
    char *err;
    CHECK(tf_msgpack_encode(A, sample_value(t), t, &out, &n, &err) == 0);
    unsigned char *buf = tf_arena_alloc(A, n);
    static const unsigned char repl[] = {0x00, 0x7f, 0x80, 0x9f, 0xc0, 0xc1, 0xc4, 0xcb,
                                         0xd4, 0xdc, 0xdd, 0xde, 0xdf, 0xff};
    int decoded = 0, ok = 1;
    for (size_t i = 0; i < n; i++) {
        for (size_t r = 0; r < sizeof repl; r++) {
            memcpy(buf, out, n);
            buf[i] = repl[r];
            tf_arena *a = tf_arena_new();
            const tf_value *v = tf_msgpack_decode(a, buf, n, t, &err);
            if (v) {
                decoded++;
                tf_arena *save = A;
                A = a;
                ok &= roundtrip(v, t, false);
                A = save;
            }
            tf_arena_free(a);
        }
    }
    CHECK(ok);
    CHECK(decoded > 0);
}

static void test_encode_errors(void)
{
    void *out;
    size_t n;
    char *err = NULL;
    const tf_value *ox[] = {S("x")};
    const tf_value *o = tf_object(A, T("object({a=string})"), ox);
    CHECK(tf_msgpack_encode(A, o, T("object({b=string})"), &out, &n, &err) != 0);
    CHECK(err != NULL);
    CHECK(tf_msgpack_encode(A, NULL, &tf_type_string, &out, &n, &err) != 0);
    CHECK(err != NULL);
    /* a value that converts is converted first, as cty does */
    CHECK(tf_msgpack_encode(A, I(5), &tf_type_string, &out, &n, &err) == 0);
    CHECK(n == 2 && memcmp(out, "\xa1" "5", 2) == 0);
    const tf_value *tu[] = {S("a"), S("b")};
    CHECK(tf_msgpack_encode(A, tf_tuple(A, T("tuple([string,string])"), tu), T("set(string)"),
                            &out, &n, &err) == 0);
    CHECK(n == 5 && memcmp(out, "\x92\xa1" "a\xa1" "b", 5) == 0);
}

int main(void)
{
    A = tf_arena_new();
    test_vectors_primitive();
    test_vectors_structural();
    test_vectors_dynamic();
    test_decode_variants();
    test_decode_errors();
    test_deep_nesting();
    test_roundtrips();
    test_corruption();
    test_encode_errors();
    tf_arena_free(A);
    return check_report();
}

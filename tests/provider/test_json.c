/* test_json.c - unit tests for cty's JSON encodings: type descriptions,
 * values against a schema, and schema-less decoding of old states. */
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

static const char *enc(const tf_value *v, const char *spec)
{
    char *err = NULL;
    char *s = tf_json_encode(A, v, T(spec), &err);
    return s ? s : tf_arena_printf(A, "ERROR: %s", err ? err : "?");
}

static const tf_value *dec(const char *json, const char *spec, char **err)
{
    *err = NULL;
    return tf_json_decode(A, json, strlen(json), T(spec), err);
}

/* ---------------------------------------------------------------- */

static void test_type_json(void)
{
    static const char *cases[][2] = {
        {"string", "\"string\""},
        {"number", "\"number\""},
        {"bool", "\"bool\""},
        {"dynamic", "\"dynamic\""},
        {"list(string)", "[\"list\",\"string\"]"},
        {"set(map(bool))", "[\"set\",[\"map\",\"bool\"]]"},
        {"object({b=number,a=list(string)})", "[\"object\",{\"a\":[\"list\",\"string\"],\"b\":\"number\"}]"},
        {"object({})", "[\"object\",{}]"},
        {"tuple([string,number])", "[\"tuple\",[\"string\",\"number\"]]"},
        {"tuple([])", "[\"tuple\",[]]"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const tf_type *t = T(cases[i][0]);
        const char *j = tf_type_to_json(A, t);
        CHECK_STR(j, cases[i][1]);
        char *err = NULL;
        const tf_type *back = tf_type_from_json(A, j, strlen(j), &err);
        CHECK(back && tf_type_equal(back, t));
    }
    const char *names[] = {"a<b>&c"};
    const tf_type *types[] = {&tf_type_string};
    CHECK_STR(tf_type_to_json(A, tf_type_object(A, 1, names, types)),
              "[\"object\",{\"a\\u003cb\\u003e\\u0026c\":\"string\"}]");

    char *err = NULL;
    const char *opt = "[\"object\",{\"a\":\"string\",\"b\":\"number\"},[\"b\"]]";
    const tf_type *o = tf_type_from_json(A, opt, strlen(opt), &err);
    CHECK(o && tf_type_equal(o, T("object({a=string,b=number})")));
    const char *spaced = " [ \"list\" , \"string\" ] ";
    CHECK(tf_type_from_json(A, spaced, strlen(spaced), &err) != NULL);

    const char *bad[] = {"", "strin", "\"strin\"", "[\"list\"]", "[\"list\",\"string\",1]",
                         "[\"object\",[]]", "[\"foo\",\"string\"]", "[\"tuple\",{}]", "42",
                         "[\"object\",{\"a\":\"string\"},[1]]", "[\"list\",\"string\"] x",
                         "[\"map\",null]", "[1,\"string\"]", "{}", NULL};
    for (int i = 0; bad[i]; i++) {
        err = NULL;
        const tf_type *t = tf_type_from_json(A, bad[i], strlen(bad[i]), &err);
        if (t)
            fprintf(stderr, "unexpectedly parsed type %s\n", bad[i]);
        CHECK(t == NULL && err != NULL);
    }
    CHECK(tf_type_from_json(A, NULL, 0, &err) == NULL);
    char deep[4000] = "";
    for (int i = 0; i < 300; i++)
        strcat(deep, "[\"set\",");
    strcat(deep, "\"bool\"");
    for (int i = 0; i < 300; i++)
        strcat(deep, "]");
    CHECK(tf_type_from_json(A, deep, strlen(deep), &err) == NULL);
    CHECK(err && strstr(err, "too deep"));
}

/* ---------------------------------------------------------------- */

static void test_encode(void)
{
    const tf_type *ot = T("object({a=string,b=number,c=bool,d=string,e=list(number),f=map(string)})");
    const char *mk[] = {"z", "y"};
    const tf_value *mv[] = {S("1"), S("2")};
    const tf_value *ev[] = {I(1), N("0.1"), N("-2.5")};
    const tf_value *items[] = {S("x"), I(1), B(true), tf_null(A, &tf_type_string),
                               tf_list(A, &tf_type_number, 3, ev), tf_map(A, &tf_type_string, 2, mk, mv)};
    const tf_value *o = tf_object(A, ot, items);
    CHECK_STR(enc(o, "object({a=string,b=number,c=bool,d=string,e=list(number),f=map(string)})"),
              "{\"a\":\"x\",\"b\":1,\"c\":true,\"d\":null,\"e\":[1,0.1,-2.5],\"f\":{\"y\":\"2\",\"z\":\"1\"}}");
    CHECK_STR(enc(S("q\"b\\n\n\r\t\x01<>&\x7f"), "string"),
              "\"q\\\"b\\\\n\\n\\r\\t\\u0001\\u003c\\u003e\\u0026\x7f\"");
    CHECK_STR(enc(S("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"), "string"),
              "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
    CHECK_STR(enc(S("bad\xff\xc3(\xed\xa0\x80\xc0\xaf"), "string"),
              "\"bad\\ufffd\\ufffd(\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd\"");
    CHECK_STR(enc(S("\xe2\x80\xa8\xe2\x80\xa9"), "string"), "\"\\u2028\\u2029\"");
    CHECK_STR(enc(tf_stringn(A, "a\0b", 3), "string"), "\"a\\u0000b\"");
    CHECK_STR(enc(N("123456789012345678901234567890"), "number"), "123456789012345678901234567890");
    CHECK_STR(enc(N("1e40"), "number"), "10000000000000000000000000000000000000000");
    CHECK_STR(enc(N("-1.5e-31"), "number"), "-0.00000000000000000000000000000015");
    CHECK_STR(enc(tf_number_double_exact(A, 0.1), "number"),
              "0.1000000000000000055511151231257827021181583404541015625");
    const tf_value *sv[] = {S("b"), S("a")};
    CHECK_STR(enc(tf_set(A, &tf_type_string, 2, sv), "set(string)"), "[\"a\",\"b\"]");
    const tf_value *tv[] = {S("a"), I(1)};
    CHECK_STR(enc(tf_tuple(A, T("tuple([string,number])"), tv), "tuple([string,number])"), "[\"a\",1]");
    CHECK_STR(enc(tf_list(A, &tf_type_string, 0, NULL), "list(string)"), "[]");
    CHECK_STR(enc(tf_map(A, &tf_type_string, 0, NULL, NULL), "map(string)"), "{}");
    CHECK_STR(enc(S("x"), "dynamic"), "{\"value\":\"x\",\"type\":\"string\"}");
    CHECK_STR(enc(tf_null(A, &tf_type_dynamic), "dynamic"), "null");
    CHECK_STR(enc(tf_null(A, &tf_type_string), "dynamic"), "{\"value\":null,\"type\":\"string\"}");
    const tf_value *lv[] = {I(1)};
    CHECK_STR(enc(tf_list(A, &tf_type_number, 1, lv), "list(dynamic)"),
              "[{\"value\":1,\"type\":\"number\"}]");
    /* conversion first, as cty does */
    CHECK_STR(enc(I(5), "string"), "\"5\"");

    const tf_value *ui[] = {S("x"), tf_unknown(A, &tf_type_number), B(true), tf_null(A, &tf_type_string),
                            tf_list(A, &tf_type_number, 0, NULL), tf_map(A, &tf_type_string, 0, NULL, NULL)};
    CHECK_STR(enc(tf_object(A, ot, ui),
                  "object({a=string,b=number,c=bool,d=string,e=list(number),f=map(string)})"),
              "ERROR: b: value is not known");
    CHECK_STR(enc(tf_unknown(A, &tf_type_string), "string"), "ERROR: value is not known");
    CHECK_STR(enc(tf_unknown(A, &tf_type_dynamic), "dynamic"), "ERROR: value is not known");
    CHECK(strncmp(enc(S("x"), "list(string)"), "ERROR: ", 7) == 0);
}

/* ---------------------------------------------------------------- */

static void test_decode(void)
{
    char *err;
    const char *spec = "object({a=string,b=number,c=bool,d=list(string),e=map(number),"
                       "f=set(string),g=tuple([string,bool]),h=object({x=string})})";
    const tf_value *v = dec("{\"a\":\"x\",\"b\":1.5,\"c\":false,\"d\":[\"p\",\"q\"],"
                            "\"e\":{\"k\":7},\"f\":[\"b\",\"a\",\"b\"],\"g\":[\"t\",true],"
                            "\"h\":{\"x\":\"y\"}}", spec, &err);
    CHECK(v != NULL);
    if (v) {
        CHECK(tf_type_equal(v->type, T(spec)));
        CHECK_STR(tf_get_str(v, "a", NULL), "x");
        CHECK_STR(tf_get(v, "b")->u.num, "1.5");
        CHECK(tf_get_bool(v, "c", true) == false);
        CHECK(tf_get(v, "d")->u.coll.n == 2);
        CHECK(tf_get_i64(tf_get(v, "e"), "k", 0) == 0); /* maps are not objects */
        CHECK_STR(tf_map_get(tf_get(v, "e"), "k")->u.num, "7");
        CHECK(tf_get(v, "f")->u.coll.n == 2);
        CHECK_STR(tf_get_str(tf_get(v, "h"), "x", NULL), "y");
    }
    /* missing attributes are null, present nulls too */
    v = dec("{\"a\":null}", spec, &err);
    CHECK(v && tf_is_null(tf_get(v, "a")) && tf_is_null(tf_get(v, "h")));
    CHECK(v && tf_get(v, "h")->type->kind == TF_OBJECT);
    v = dec("null", spec, &err);
    CHECK(v && tf_is_null(v));
    v = dec("{\"a\":\"x\",\"zz\":1}", spec, &err);
    CHECK(v == NULL);
    CHECK_STR(err, "unsupported attribute \"zz\"");
    v = dec("{\"h\":{\"x\":\"y\",\"w\":1}}", spec, &err);
    CHECK(v == NULL);
    CHECK_STR(err, "h: unsupported attribute \"w\"");

    /* cty's lenient primitives */
    CHECK_STR(dec("\"12.50\"", "number", &err)->u.num, "12.5");
    CHECK_STR(dec("5", "string", &err)->u.str.ptr, "5");
    CHECK_STR(dec("2.5", "string", &err)->u.str.ptr, "2.5");
    CHECK_STR(dec("true", "string", &err)->u.str.ptr, "true");
    CHECK(dec("\"true\"", "bool", &err)->u.b == true);
    CHECK(dec("\"0\"", "bool", &err)->u.b == false);
    CHECK(dec("0.1", "number", &err) && !strcmp(dec("0.1", "number", &err)->u.num, "0.1"));
    CHECK_STR(dec("1e3", "number", &err)->u.num, "1000");
    CHECK_STR(dec("-9223372036854775808", "number", &err)->u.num, "-9223372036854775808");
    CHECK_STR(dec("\"a\\u0000b\"", "string", &err)->u.str.ptr, "a");
    CHECK(dec("\"a\\u0000b\"", "string", &err)->u.str.len == 3);

    /* documented precision limit: huge integers go through a double */
    const tf_value *big = dec("123456789012345678901234567890", "number", &err);
    CHECK(big && strcmp(big->u.num, "123456789012345680000000000000") == 0);
    const tf_value *big_s = dec("\"123456789012345678901234567890\"", "number", &err);
    CHECK_STR(big_s ? big_s->u.num : NULL, "123456789012345678901234567890");

    const char *errs[][3] = {
        {"\"x\"", "number", "a number is required"},
        {"\"1\\u00002\"", "number", "a number is required"},
        {"[]", "string", "string is required"},
        {"1", "bool", "a bool is required"},
        {"\"yes\"", "bool", "a bool is required"},
        {"{}", "list(string)", "need JSON array for list"},
        {"{}", "set(string)", "need JSON array for set"},
        {"[1]", "list(bool)", "[0]: a bool is required"},
        {"[\"a\"]", "tuple([string,string])", "a tuple of length 2"},
        {"[]", "map(string)", "need JSON object for map"},
        {"{\"k\":[]}", "map(string)", "[\"k\"]: string is required"},
        {"[]", "object({})", "need JSON object for object"},
        {"{\"a\":", "string", "invalid JSON"},
        {"", "string", "invalid JSON"},
        {"\"x\" \"y\"", "string", "invalid JSON"},
        {"1e400", "number", "invalid JSON"},
        {"\"\xff\"", "string", "invalid JSON"},
        {"\"x\"", "dynamic", "need JSON object for dynamically-typed value"},
        {"{\"value\":1}", "dynamic", "missing type"},
        {"{\"type\":\"number\"}", "dynamic", "missing value"},
        {"{\"type\":\"number\",\"value\":1,\"x\":2}", "dynamic", "invalid key \"x\""},
        {"{\"type\":\"nope\",\"value\":1}", "dynamic", "invalid type"},
        {"{\"type\":\"number\",\"value\":\"x\"}", "dynamic", "a number is required"},
    };
    for (size_t i = 0; i < sizeof errs / sizeof *errs; i++) {
        v = dec(errs[i][0], errs[i][1], &err);
        CHECK(v == NULL && err && strstr(err, errs[i][2]));
        if (v || !err || !strstr(err, errs[i][2]))
            fprintf(stderr, "  decoding %s as %s: got %s, error '%s', want ~'%s'\n", errs[i][0],
                    errs[i][1], v ? tf_value_debug(A, v) : "NULL", err ? err : "", errs[i][2]);
    }
    CHECK(tf_json_decode(A, NULL, 0, &tf_type_string, &err) == NULL && err);

    /* dynamic values in either key order */
    v = dec("{\"type\":[\"list\",\"number\"],\"value\":[1,2]}", "dynamic", &err);
    CHECK(v && tf_type_equal(v->type, T("list(number)")) && v->u.coll.n == 2);
    v = dec("{\"value\":\"x\",\"type\":\"string\"}", "dynamic", &err);
    CHECK(v && v->type == &tf_type_string);
    v = dec("null", "dynamic", &err);
    CHECK(v && tf_is_null(v) && v->type->kind == TF_DYNAMIC);
}

static void test_deep(void)
{
    char *err;
    size_t cap = 300 * 40 + 100, n = 0;
    char *j = tf_arena_alloc(A, cap);
    for (int i = 0; i < 300; i++)
        n += (size_t)sprintf(j + n, "{\"type\":[\"list\",\"dynamic\"],\"value\":[");
    n += (size_t)sprintf(j + n, "null");
    for (int i = 0; i < 300; i++)
        n += (size_t)sprintf(j + n, "]}");
    CHECK(tf_json_decode(A, j, n, &tf_type_dynamic, &err) == NULL);
    CHECK(err && strstr(err, "too deep"));

    char *arr = tf_arena_alloc(A, 2 * 5000 + 1);
    memset(arr, '[', 5000);
    memset(arr + 5000, ']', 5000);
    CHECK(tf_json_decode_dynamic(A, arr, 10000, &err) == NULL && err);
    CHECK(tf_json_decode_dynamic(A, arr + 4900, 200, &err) != NULL);
    CHECK(tf_json_decode_dynamic(A, arr + 4700, 600, &err) == NULL && err);
}

/* ---------------------------------------------------------------- */

static const tf_value *replace_nth(const tf_value *v, int *k)
{
    if ((*k)-- == 0)
        return tf_null(A, v->type);
    if (!tf_is_known(v) || v->type->kind < TF_LIST)
        return v;
    size_t n = v->u.coll.n;
    const tf_value **items = tf_arena_calloc(A, n ? n : 1, sizeof(*items));
    for (size_t i = 0; i < n; i++)
        items[i] = replace_nth(v->u.coll.items[i], k);
    switch (v->type->kind) {
    case TF_LIST: return tf_list(A, v->type->elem, n, items);
    case TF_SET: return tf_set(A, v->type->elem, n, items);
    case TF_MAP: return tf_map(A, v->type->elem, n, v->u.coll.keys, items);
    case TF_OBJECT: return tf_object(A, v->type, items);
    default: return tf_tuple(A, v->type, items);
    }
}

static void test_roundtrip(void)
{
    const tf_type *t = T("object({s=string,n=number,l=list(object({p=number,q=set(string)})),"
                         "m=map(list(bool)),tu=tuple([string,number]),d=dynamic,e=list(string)})");
    const tf_type *pt = t->types[tf_type_attr_index(t, "l")]->elem;
    const tf_value *q[] = {S("z"), S("a")};
    const tf_value *p1[] = {N("-0.25"), tf_set(A, &tf_type_string, 2, q)};
    const tf_value *p2[] = {I(65535), tf_set(A, &tf_type_string, 0, NULL)};
    const tf_value *ps[] = {tf_object(A, pt, p1), tf_object(A, pt, p2)};
    const tf_value *bl[] = {B(true), B(false)};
    const char *mk[] = {"k \"quoted\""};
    const tf_value *mv[] = {tf_list(A, &tf_type_bool, 2, bl)};
    const tf_value *tv[] = {S("\xe2\x82\xac<tag>"), N("1e-7")};
    const tf_value *dv[] = {S("one"), I(2)};
    const tf_value *items[7];
    const char *names[] = {"s", "n", "l", "m", "tu", "d", "e"};
    const tf_value *vals[] = {S("hello\n"), N("3.14159"), tf_list(A, pt, 2, ps),
                              tf_map(A, mv[0]->type, 1, mk, mv),
                              tf_tuple(A, t->types[tf_type_attr_index(t, "tu")], tv),
                              tf_tuple(A, T("tuple([string,number])"), dv),
                              tf_list(A, &tf_type_string, 0, NULL)};
    for (int i = 0; i < 7; i++)
        items[tf_type_attr_index(t, names[i])] = vals[i];
    const tf_value *v = tf_object(A, t, items);
    int ok = 1;
    for (int i = -1; i < 40; i++) {
        int k = i;
        const tf_value *w = i < 0 ? v : replace_nth(v, &k);
        char *err = NULL;
        char *j = tf_json_encode(A, w, t, &err);
        const tf_value *back = j ? tf_json_decode(A, j, strlen(j), t, &err) : NULL;
        if (!back || !tf_value_equal(back, w)) {
            fprintf(stderr, "json round trip %d failed: %s\n  %s\n  %s\n", i, err ? err : "",
                    j ? j : "-", back ? tf_value_debug(A, back) : "-");
            ok = 0;
        }
        /* every proper prefix of a document is invalid JSON */
        for (size_t n = 0; j && i < 1 && n < strlen(j); n++)
            ok &= tf_json_decode(A, j, n, t, &err) == NULL;
    }
    CHECK(ok);
}

/* ---------------------------------------------------------------- */

static void test_decode_dynamic(void)
{
    char *err;
    const char *j = "{\"id\":\"vpc-1\",\"n\":3,\"f\":0.5,\"ok\":true,\"tags\":{\"Name\":\"x\"},"
                    "\"list\":[1,\"two\",null,[]],\"nothing\":null}";
    const tf_value *v = tf_json_decode_dynamic(A, j, strlen(j), &err);
    CHECK(v != NULL);
    if (!v)
        return;
    CHECK(v->type->kind == TF_OBJECT && v->type->n == 7);
    CHECK_STR(tf_get_str(v, "id", NULL), "vpc-1");
    CHECK(tf_get_i64(v, "n", 0) == 3);
    CHECK_STR(tf_get(v, "f")->u.num, "0.5");
    CHECK(tf_get_bool(v, "ok", false));
    CHECK_STR(tf_get_str(tf_get(v, "tags"), "Name", NULL), "x");
    const tf_value *l = tf_get(v, "list");
    CHECK(l->type->kind == TF_TUPLE && l->u.coll.n == 4);
    CHECK(l->type->types[1] == &tf_type_string);
    CHECK(tf_is_null(l->u.coll.items[2]) && l->u.coll.items[2]->type->kind == TF_DYNAMIC);
    CHECK(l->u.coll.items[3]->type->kind == TF_TUPLE && l->u.coll.items[3]->u.coll.n == 0);
    CHECK(tf_is_null(tf_get(v, "nothing")));
    /* what an upgrade function does next: convert to the new schema */
    const tf_type *want = T("object({id=string,n=string,tags=map(string)})");
    const tf_value *cv = tf_convert(A, v, want, &err);
    CHECK(cv && tf_type_equal(cv->type, want));
    CHECK(cv && !strcmp(tf_get_str(cv, "n", ""), "3"));

    const tf_value *s = tf_json_decode_dynamic(A, "\"str\"", 5, &err);
    CHECK(s && s->type == &tf_type_string);
    const tf_value *nl = tf_json_decode_dynamic(A, "null", 4, &err);
    CHECK(nl && tf_is_null(nl));
    CHECK(tf_json_decode_dynamic(A, "{", 1, &err) == NULL && err);
    CHECK(tf_json_decode_dynamic(A, "{\"a\\u0000b\":1}", 14, &err) == NULL && err);
}

int main(void)
{
    A = tf_arena_new();
    test_type_json();
    test_encode();
    test_decode();
    test_deep();
    test_roundtrip();
    test_decode_dynamic();
    tf_arena_free(A);
    return check_report();
}

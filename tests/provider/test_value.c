/* test_value.c - unit tests for the value model: arena, types, numbers,
 * values, equality and ordering, conversions, paths, diagnostics, logging. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "log.h"
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

/* ---------------------------------------------------------------- */

static void test_arena(void)
{
    tf_arena *a = tf_arena_new();
    for (int i = 1; i < 5000; i += 37) {
        unsigned char *p = tf_arena_alloc(a, (size_t)i);
        CHECK(((uintptr_t)p % 16) == 0);
        int zero = 1;
        for (int k = 0; k < i; k++)
            zero &= p[k] == 0;
        CHECK(zero);
        memset(p, 0xab, (size_t)i);
    }
    char *big = tf_arena_alloc(a, 3u << 20); /* its own chunk */
    memset(big, 1, 3u << 20);
    char *small = tf_arena_alloc(a, 8);
    CHECK(small[0] == 0);
    CHECK_STR(tf_arena_printf(a, "%s-%d", "x", 42), "x-42");
    CHECK_STR(tf_arena_strndup(a, "abcdef", 3), "abc");
    CHECK_STR(tf_arena_strndup(a, "ab", 10), "ab");
    char *m = tf_arena_memdup(a, "a\0b", 3);
    CHECK(m[0] == 'a' && m[1] == 0 && m[2] == 'b' && m[3] == 0);
    int *items = NULL;
    size_t cap = 0;
    for (int i = 0; i < 1000; i++) {
        tf_arena_grow(a, (void **)&items, &cap, (size_t)i + 1, sizeof(int));
        items[i] = i;
    }
    int ok = cap >= 1000;
    for (int i = 0; i < 1000; i++)
        ok &= items[i] == i;
    CHECK(ok);
    int *c = tf_arena_calloc(a, 100, sizeof(int));
    CHECK(c[99] == 0);
    tf_arena_free(a);
    tf_arena_free(NULL);
}

/* ---------------------------------------------------------------- */

static void test_type_parse(void)
{
    const tf_type *t = T("object({ name = string, ports = list(number), tags = map(string),"
                         " nested = set(object({a=bool})), tup = tuple([string, number]), any = dynamic })");
    CHECK(t->kind == TF_OBJECT && t->n == 6);
    CHECK_STR(t->names[0], "any");
    CHECK_STR(t->names[5], "tup");
    CHECK(tf_type_attr_index(t, "ports") == 3);
    CHECK(tf_type_attr_index(t, "nope") == -1);
    CHECK(t->types[0]->kind == TF_DYNAMIC);
    CHECK(t->types[3]->kind == TF_LIST && t->types[3]->elem->kind == TF_NUMBER);
    CHECK(t->types[5]->kind == TF_TUPLE && t->types[5]->n == 2);
    CHECK(tf_type_equal(t, T("object({tup=tuple([string,number]),any=dynamic,name=string,"
                             "ports=list(number),tags=map(string),nested=set(object({a=bool}))})")));
    CHECK(!tf_type_equal(t, T("object({name=string})")));
    CHECK(!tf_type_equal(T("list(string)"), T("set(string)")));
    CHECK(!tf_type_equal(T("tuple([string])"), T("tuple([string,string])")));
    CHECK(tf_type_equal(T("tuple([])"), T("tuple([])")));
    CHECK(T("object({})")->n == 0);
    CHECK(T("string") == &tf_type_string);
    CHECK(T("  number ") == &tf_type_number);
    CHECK(T("any") == &tf_type_dynamic);
    CHECK(tf_type_is_collection(T("map(bool)")));
    CHECK(!tf_type_is_collection(T("object({})")));

    const char *bad[] = {"", "strin", "list", "list()", "list(string", "list(string))",
                         "object({a=})", "object({=string})", "object({a=string,})",
                         "object({a=string,a=number})", "tuple(string)", "tuple([string,])",
                         "map(string) x", "set(foo)", "(string)", "object([a=string])", NULL};
    for (int i = 0; bad[i]; i++) {
        const tf_type *b = tf_type_parse(A, bad[i]);
        if (b)
            fprintf(stderr, "unexpectedly parsed: %s\n", bad[i]);
        CHECK(b == NULL);
    }
    CHECK(tf_type_parse(A, NULL) == NULL);
    char deep[1000] = "";
    for (int i = 0; i < 100; i++)
        strcat(deep, "list(");
    strcat(deep, "string");
    for (int i = 0; i < 100; i++)
        strcat(deep, ")");
    CHECK(tf_type_parse(A, deep) == NULL); /* nesting limit, no stack blowup */

    CHECK_STR(tf_type_friendly(A, T("list(map(string))")), "list of map of string");
    CHECK_STR(tf_type_friendly(A, T("set(number)")), "set of number");
    CHECK_STR(tf_type_friendly(A, T("object({a=bool})")), "object");
    CHECK_STR(tf_type_friendly(A, T("tuple([])")), "tuple");
    CHECK_STR(tf_type_friendly(A, T("dynamic")), "dynamic");

    const char *names[] = {"b", "a", "b"};
    const tf_type *types[] = {&tf_type_string, &tf_type_string, &tf_type_bool};
    CHECK(tf_type_object(A, 3, names, types) == NULL);
    const tf_type *o = tf_type_object(A, 2, names, types);
    CHECK_STR(o->names[0], "a");
    CHECK(o->types[1] == &tf_type_string);
}

/* ---------------------------------------------------------------- */

static void test_number_canon(void)
{
    static const char *cases[][2] = {
        {"0", "0"}, {"-0", "0"}, {"+0.000", "0"}, {"0e5", "0"}, {"1.50", "1.5"},
        {"1e3", "1000"}, {"1E3", "1000"}, {"+5", "5"}, {".5", "0.5"}, {"5.", "5"},
        {"00012.3400", "12.34"}, {"-12.5e-1", "-1.25"}, {"1.5e-3", "0.0015"},
        {"123456789012345678901234567890", "123456789012345678901234567890"},
        {"1e30", "1000000000000000000000000000000"}, {"1e31", "1e+31"},
        {"1e400", "1e+400"}, {"-25e399", "-2.5e+400"}, {"1e-30", "0.000000000000000000000000000001"},
        {"1e-31", "1e-31"}, {"1.25e-40", "1.25e-40"}, {"120e-2", "1.2"},
        {"9223372036854775808", "9223372036854775808"}, {"0.1", "0.1"},
        {"100", "100"}, {"-100.000", "-100"}, {"1e9999", "1e+9999"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const tf_value *v = N(cases[i][0]);
        CHECK_STR(v ? v->u.num : NULL, cases[i][1]);
        if (v)
            CHECK(v->type == &tf_type_number && tf_is_known(v));
    }
    const char *bad[] = {"", "-", "+", ".", "e5", "1e", "1e+", "abc", "1.2.3", " 1", "1 ",
                         "Inf", "-Inf", "NaN", "0x10", "1_000", "1e10001", "1e-10002",
                         "--1", "1e5.5", NULL};
    for (int i = 0; bad[i]; i++) {
        if (N(bad[i]))
            fprintf(stderr, "unexpectedly a number: '%s'\n", bad[i]);
        CHECK(N(bad[i]) == NULL);
    }
    CHECK(tf_number_text(A, NULL) == NULL);
    CHECK_STR(I(INT64_MIN)->u.num, "-9223372036854775808");
    CHECK_STR(I(0)->u.num, "0");
    CHECK_STR(I(1000000)->u.num, "1000000");
}

static void test_number_conversions(void)
{
    int64_t i;
    CHECK(tf_number_to_i64(N("9223372036854775807"), &i) && i == INT64_MAX);
    CHECK(tf_number_to_i64(N("-9223372036854775808"), &i) && i == INT64_MIN);
    CHECK(!tf_number_to_i64(N("9223372036854775808"), &i));
    CHECK(!tf_number_to_i64(N("-9223372036854775809"), &i));
    CHECK(!tf_number_to_i64(N("1.5"), &i));
    CHECK(!tf_number_to_i64(N("1e40"), &i));
    CHECK(tf_number_to_i64(N("1e3"), &i) && i == 1000);
    CHECK(!tf_number_to_i64(S("5"), &i));
    CHECK(!tf_number_to_i64(tf_null(A, &tf_type_number), &i));

    CHECK_STR(tf_number_double(A, 0.1)->u.num, "0.1");
    CHECK_STR(tf_number_double(A, -2.5)->u.num, "-2.5");
    CHECK_STR(tf_number_double(A, 1e21)->u.num, "1000000000000000000000");
    CHECK_STR(tf_number_double(A, -0.0)->u.num, "0");
    CHECK_STR(tf_number_double(A, 1e300)->u.num, "1e+300");
    CHECK(tf_number_double(A, NAN) == NULL);
    CHECK(tf_number_double(A, INFINITY) == NULL);
    CHECK_STR(tf_number_double_exact(A, 0.1)->u.num,
              "0.1000000000000000055511151231257827021181583404541015625");
    CHECK_STR(tf_number_double_exact(A, 0.5)->u.num, "0.5");
    CHECK_STR(tf_number_double_exact(A, 4503599627370497.0)->u.num, "4503599627370497");
    const tf_value *tiny = tf_number_double_exact(A, 5e-324);
    CHECK(tiny && strncmp(tiny->u.num, "4.940656458412465441765687928682213723651", 40) == 0);
    CHECK(tiny && strstr(tiny->u.num, "e-324"));

    double d;
    CHECK(tf_number_to_double(N("0.1"), &d) && d == 0.1);
    CHECK(tf_number_to_double(tf_number_double_exact(A, 0.1), &d) && d == 0.1);
    CHECK(!tf_number_to_double(N("0.10000000000000000001"), &d));
    CHECK(tf_number_to_double(N("123"), &d) && d == 123);
    CHECK(!tf_number_to_double(N("1e+400"), &d));
    CHECK(!tf_number_to_double(N("1e-400"), &d));
    CHECK(tf_number_to_double(N("0"), &d) && d == 0);

    CHECK(tf_number_exact_double(N("0.5"), &d) && d == 0.5);
    CHECK(tf_number_exact_double(N("-1.25"), &d) && d == -1.25);
    CHECK(!tf_number_exact_double(N("0.1"), &d));
    CHECK(!tf_number_exact_double(N("0.3"), &d));
    CHECK(tf_number_exact_double(N("18446744073709551616"), &d) && d == 18446744073709551616.0);
    CHECK(!tf_number_exact_double(N("18446744073709551617"), &d));
    CHECK(!tf_number_exact_double(N("1e+400"), &d));
    CHECK(!tf_number_exact_double(N("1e+31"), &d));
    CHECK(tf_number_exact_double(tf_number_double_exact(A, 0.1), &d) && d == 0.1);

    CHECK_STR(tf_number_plain(A, N("1e40")), "10000000000000000000000000000000000000000");
    CHECK_STR(tf_number_plain(A, N("-1.5e-35")), "-0.000000000000000000000000000000000015");
    CHECK_STR(tf_number_plain(A, N("1.5e+32")), "150000000000000000000000000000000");
    CHECK_STR(tf_number_plain(A, N("12.5")), "12.5");
    CHECK_STR(tf_number_plain(A, N("-7")), "-7");
}

static void test_number_order(void)
{
    const char *asc[] = {"-1e+400", "-10", "-2", "-1.5", "-1", "-0.5", "-1e-40", "0",
                         "1e-40", "0.001", "0.01", "0.0105", "0.1", "1", "1.5", "2",
                         "10", "10.5", "100", "123456789012345678901234567890",
                         "1e+31", "1.0001e+31", "1e+400"};
    size_t n = sizeof asc / sizeof *asc;
    int ok = 1;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            int c = tf_value_compare(N(asc[i]), N(asc[j]));
            int want = i < j ? -1 : i > j;
            if ((c < 0 ? -1 : c > 0) != want) {
                fprintf(stderr, "compare(%s, %s) = %d\n", asc[i], asc[j], c);
                ok = 0;
            }
        }
    CHECK(ok);
    CHECK(tf_value_equal(N("1.50"), N("1.5")));
    CHECK(tf_value_equal(N("1e3"), I(1000)));
    CHECK(!tf_value_equal(N("1e3"), I(1001)));
}

/* ---------------------------------------------------------------- */

static void test_strings_and_bools(void)
{
    const tf_value *a = tf_stringn(A, "a\0b", 3), *b = tf_stringn(A, "a\0c", 3);
    CHECK(a->u.str.len == 3 && a->u.str.ptr[3] == '\0');
    CHECK(!tf_value_equal(a, b));
    CHECK(tf_value_compare(a, b) < 0);
    CHECK(tf_value_compare(S("ab"), S("abc")) < 0);
    CHECK(tf_value_compare(S("b"), S("abc")) > 0);
    CHECK(tf_value_equal(S(""), tf_stringn(A, "", 0)));
    CHECK(tf_value_compare(tf_bool(A, false), tf_bool(A, true)) < 0);
    CHECK(!tf_value_equal(S("1"), I(1)));
}

static void test_collections(void)
{
    const tf_value *items[] = {S("b"), S("a"), S("b"), S("c"), S("a")};
    const tf_value *set = tf_set(A, &tf_type_string, 5, items);
    CHECK(set->type->kind == TF_SET && set->u.coll.n == 3);
    CHECK_STR(set->u.coll.items[0]->u.str.ptr, "a");
    CHECK_STR(set->u.coll.items[2]->u.str.ptr, "c");
    const tf_value *items2[] = {S("c"), S("a"), S("b")};
    CHECK(tf_value_equal(set, tf_set(A, &tf_type_string, 3, items2)));
    CHECK(!tf_value_equal(set, tf_list(A, &tf_type_string, 3, items2)));

    const tf_value *nums[] = {I(10), N("9"), N("10.0"), N("-1"), N("1e3")};
    const tf_value *ns = tf_set(A, &tf_type_number, 5, nums);
    CHECK(ns->u.coll.n == 4);
    CHECK_STR(ns->u.coll.items[0]->u.num, "-1");
    CHECK_STR(ns->u.coll.items[3]->u.num, "1000");

    /* Unknown elements are never merged; null and unknown sort last. */
    const tf_value *u = tf_unknown(A, &tf_type_string);
    const tf_value *mixed[] = {u, S("x"), tf_null(A, &tf_type_string), u, S("x")};
    const tf_value *ms = tf_set(A, &tf_type_string, 5, mixed);
    CHECK(ms->u.coll.n == 4);
    CHECK(tf_is_known(ms->u.coll.items[0]));
    CHECK(tf_is_null(ms->u.coll.items[1]));
    CHECK(tf_is_unknown(ms->u.coll.items[2]) && tf_is_unknown(ms->u.coll.items[3]));

    const tf_type *ot = T("object({a=string,b=number})");
    const tf_value *o1[] = {S("x"), tf_unknown(A, &tf_type_number)};
    const tf_value *o2[] = {S("x"), I(1)};
    const tf_value *objs[] = {tf_object(A, ot, o1), tf_object(A, ot, o2), tf_object(A, ot, o1),
                              tf_object(A, ot, o2)};
    const tf_value *os = tf_set(A, ot, 4, objs);
    CHECK(os->u.coll.n == 3); /* the two known objects merge, the partly unknown ones don't */
    CHECK(tf_contains_unknown(os));

    const char *keys[] = {"b", "a", "c", "a"};
    const tf_value *vals[] = {S("1"), S("2"), S("3"), S("4")};
    const tf_value *m = tf_map(A, &tf_type_string, 4, keys, vals);
    CHECK(m->u.coll.n == 3);
    CHECK_STR(m->u.coll.keys[0], "a");
    CHECK_STR(tf_map_get(m, "a")->u.str.ptr, "4"); /* last duplicate wins */
    CHECK_STR(tf_map_get(m, "c")->u.str.ptr, "3");
    CHECK(tf_map_get(m, "zz") == NULL);
    CHECK(tf_map_get(tf_null(A, T("map(string)")), "a") == NULL);
    const tf_value *empty = tf_map(A, &tf_type_string, 0, NULL, NULL);
    CHECK(empty->u.coll.n == 0 && tf_map_get(empty, "a") == NULL);
}

static const tf_type *ot_main;

static const tf_value *make_obj(const char *name, int64_t port, bool on)
{
    const tf_value *items[3] = {tf_bool(A, on), S(name), I(port)};
    return tf_object(A, ot_main, items);
}

static void test_objects(void)
{
    ot_main = T("object({name=string,port=number,enabled=bool})");
    const tf_value *o = make_obj("web", 80, true);
    CHECK_STR(tf_get_str(o, "name", "def"), "web");
    CHECK(tf_get_i64(o, "port", -1) == 80);
    CHECK(tf_get_bool(o, "enabled", false) == true);
    CHECK_STR(tf_get_str(o, "nope", "def"), "def");
    CHECK(tf_get(o, "nope") == NULL);
    CHECK(tf_get(tf_null(A, ot_main), "name") == NULL);
    CHECK(tf_get(tf_unknown(A, ot_main), "name") == NULL);

    const tf_value *o2 = tf_object_with(A, o, "port", tf_null(A, &tf_type_number));
    CHECK(tf_get_i64(o2, "port", -1) == -1);
    CHECK(tf_get_i64(o, "port", -1) == 80); /* the original is untouched */
    const tf_value *o3 = tf_object_with(A, o, "name", tf_unknown(A, &tf_type_string));
    CHECK_STR(tf_get_str(o3, "name", "def"), "def");
    CHECK(tf_contains_unknown(o3) && !tf_contains_unknown(o));
    CHECK(!tf_value_equal(o, o2));
    CHECK(tf_value_equal(o, make_obj("web", 80, true)));
    CHECK(tf_value_compare(make_obj("a", 1, true), make_obj("b", 1, true)) > 0 ||
          tf_value_compare(make_obj("a", 1, true), make_obj("b", 1, true)) < 0);
    CHECK(tf_value_shape_ok(o, ot_main));
    CHECK(!tf_value_shape_ok(o, T("object({name=string})")));

    CHECK(tf_value_equal(tf_null(A, &tf_type_string), tf_null(A, &tf_type_string)));
    CHECK(!tf_value_equal(tf_null(A, &tf_type_string), tf_null(A, &tf_type_number)));
    CHECK(!tf_value_equal(tf_null(A, &tf_type_string), tf_unknown(A, &tf_type_string)));
    CHECK(tf_value_equal(tf_unknown(A, T("list(string)")), tf_unknown(A, T("list(string)"))));
    CHECK(!tf_value_equal(tf_null(A, &tf_type_string), S("")));

    const tf_type *tt = T("tuple([string,number])");
    const tf_value *ti[] = {S("a"), I(1)};
    const tf_value *tu = tf_tuple(A, tt, ti);
    CHECK(tu->u.coll.n == 2 && tf_value_equal(tu, tf_tuple(A, tt, ti)));

    /* deep unknown detection */
    const tf_value *inner[] = {tf_unknown(A, &tf_type_string)};
    const tf_value *l = tf_list(A, &tf_type_string, 1, inner);
    const tf_value *outer[] = {l};
    CHECK(tf_contains_unknown(tf_list(A, l->type, 1, outer)));
    CHECK(!tf_contains_unknown(tf_null(A, &tf_type_string)));
}

/* ---------------------------------------------------------------- */

static const tf_value *conv(const tf_value *v, const char *spec, char **err)
{
    *err = NULL;
    return tf_convert(A, v, T(spec), err);
}

static void test_convert_primitives(void)
{
    char *err;
    CHECK_STR(conv(N("1.5"), "string", &err)->u.str.ptr, "1.5");
    CHECK_STR(conv(N("1e40"), "string", &err)->u.str.ptr, "10000000000000000000000000000000000000000");
    CHECK_STR(conv(tf_bool(A, true), "string", &err)->u.str.ptr, "true");
    CHECK_STR(conv(S("12.50"), "number", &err)->u.num, "12.5");
    CHECK(conv(S("abc"), "number", &err) == NULL);
    CHECK_STR(err, "a number is required");
    CHECK(conv(tf_stringn(A, "1\0", 2), "number", &err) == NULL);
    CHECK(conv(S("true"), "bool", &err)->u.b == true);
    CHECK(conv(S("0"), "bool", &err)->u.b == false);
    CHECK(conv(S("yes"), "bool", &err) == NULL);
    CHECK_STR(err, "a bool is required");
    CHECK(conv(I(1), "bool", &err) == NULL);
    CHECK_STR(err, "a bool is required");
    CHECK(conv(tf_bool(A, true), "number", &err) == NULL);
    CHECK_STR(err, "a number is required");
    CHECK(conv(S("x"), "list(string)", &err) == NULL);
    CHECK_STR(err, "a list of string is required");
    const tf_value *s = S("same");
    CHECK(conv(s, "string", &err) == s);
    CHECK(conv(s, "dynamic", &err) == s);
    CHECK(tf_convert(A, NULL, &tf_type_string, &err) == NULL);
}

static void test_convert_collections(void)
{
    char *err;
    const tf_type *tt = T("tuple([string,number,bool])");
    const tf_value *ti[] = {S("a"), I(2), tf_bool(A, false)};
    const tf_value *tup = tf_tuple(A, tt, ti);
    const tf_value *l = conv(tup, "list(string)", &err);
    CHECK(l && l->type->kind == TF_LIST && l->u.coll.n == 3);
    CHECK(l && tf_type_equal(l->type, T("list(string)")));
    CHECK_STR(l ? l->u.coll.items[1]->u.str.ptr : NULL, "2");
    CHECK_STR(l ? l->u.coll.items[2]->u.str.ptr : NULL, "false");
    const tf_value *ld = conv(tup, "list(dynamic)", &err);
    CHECK(ld && tf_type_equal(ld->type, T("list(string)"))); /* unified */
    const tf_value *ti2[] = {I(1), tf_bool(A, true)};
    CHECK(conv(tf_tuple(A, T("tuple([number,bool])"), ti2), "list(dynamic)", &err) == NULL);
    CHECK(conv(tf_tuple(A, T("tuple([number,bool])"), ti2), "list(number)", &err) == NULL);

    const tf_value *li[] = {S("b"), S("a"), S("b")};
    const tf_value *list = tf_list(A, &tf_type_string, 3, li);
    const tf_value *set = conv(list, "set(string)", &err);
    CHECK(set && set->type->kind == TF_SET && set->u.coll.n == 2);
    const tf_value *back = conv(set, "list(string)", &err);
    CHECK(back && back->type->kind == TF_LIST && back->u.coll.n == 2);
    CHECK_STR(back ? back->u.coll.items[0]->u.str.ptr : NULL, "a");
    const tf_value *nums = conv(list, "list(number)", &err);
    CHECK(nums == NULL);
    CHECK_STR(err, "[0]: a number is required");
    CHECK(conv(tup, "tuple([string,string,string])", &err) != NULL);
    CHECK(conv(tup, "tuple([string,string])", &err) == NULL);

    const tf_type *ot = T("object({a=string,b=number})");
    const tf_value *oi[] = {S("x"), I(5)};
    const tf_value *obj = tf_object(A, ot, oi);
    const tf_value *m = conv(obj, "map(string)", &err);
    CHECK(m && m->type->kind == TF_MAP && m->u.coll.n == 2);
    CHECK_STR(m ? tf_map_get(m, "b")->u.str.ptr : NULL, "5");
    const tf_value *sub = conv(obj, "object({a=string})", &err);
    CHECK(sub && sub->u.coll.n == 1 && tf_type_equal(sub->type, T("object({a=string})")));
    CHECK(conv(obj, "object({a=string,c=string})", &err) == NULL);
    CHECK_STR(err, "an object is required");
    const tf_value *o2 = conv(m, "object({a=string,b=number})", &err);
    CHECK(o2 && tf_value_equal(o2, obj));
    CHECK(conv(m, "object({a=string,z=number})", &err) == NULL);
    CHECK_STR(err, "attribute \"z\" is required");
    const tf_value *md = conv(obj, "map(dynamic)", &err);
    CHECK(md && tf_type_equal(md->type, T("map(string)")));
    const tf_value *od = conv(obj, "object({a=dynamic,b=dynamic})", &err);
    CHECK(od && tf_type_equal(od->type, ot));
}

static void test_convert_unknown_null(void)
{
    char *err;
    const tf_value *u = conv(tf_unknown(A, &tf_type_string), "number", &err);
    CHECK(u && tf_is_unknown(u) && u->type == &tf_type_number);
    const tf_value *n = conv(tf_null(A, T("list(string)")), "set(string)", &err);
    CHECK(n && tf_is_null(n) && n->type->kind == TF_SET);
    CHECK(conv(tf_null(A, T("list(string)")), "string", &err) == NULL);
    const tf_value *d = conv(tf_null(A, &tf_type_dynamic), "list(number)", &err);
    CHECK(d && tf_is_null(d) && tf_type_equal(d->type, T("list(number)")));
    const tf_value *ud = conv(tf_unknown(A, &tf_type_dynamic), "object({a=string})", &err);
    CHECK(ud && tf_is_unknown(ud) && ud->type->kind == TF_OBJECT);

    /* nested flags survive and errors carry the path */
    const tf_type *rule = T("object({from_port=string,cidr=list(string)})");
    const tf_type *want = T("object({ingress=list(object({from_port=number,cidr=set(string)}))})");
    const tf_value *r1[] = {tf_null(A, T("list(string)")), tf_unknown(A, &tf_type_string)};
    const tf_value *r2[] = {tf_unknown(A, T("list(string)")), S("443")};
    const tf_value *rules[] = {tf_object(A, rule, r1), tf_object(A, rule, r2)};
    const tf_type *have = T("object({ingress=list(object({from_port=string,cidr=list(string)}))})");
    const tf_value *top[] = {tf_list(A, rule, 2, rules)};
    const tf_value *cv = tf_convert(A, tf_object(A, have, top), want, &err);
    CHECK(cv != NULL);
    if (cv) {
        const tf_value *ing = tf_get(cv, "ingress");
        CHECK(tf_is_unknown(tf_get(ing->u.coll.items[0], "from_port")));
        CHECK(tf_get(ing->u.coll.items[0], "from_port")->type == &tf_type_number);
        CHECK(tf_is_null(tf_get(ing->u.coll.items[0], "cidr")));
        CHECK(tf_get(ing->u.coll.items[0], "cidr")->type->kind == TF_SET);
        CHECK(tf_is_unknown(tf_get(ing->u.coll.items[1], "cidr")));
        CHECK_STR(tf_get(ing->u.coll.items[1], "from_port")->u.num, "443");
    }
    const tf_value *r3[] = {tf_null(A, T("list(string)")), S("http")};
    const tf_value *bad_rules[] = {tf_object(A, rule, r1), tf_object(A, rule, r3)};
    const tf_value *top2[] = {tf_list(A, rule, 2, bad_rules)};
    CHECK(tf_convert(A, tf_object(A, have, top2), want, &err) == NULL);
    CHECK_STR(err, "ingress[1].from_port: a number is required");
}

/* ---------------------------------------------------------------- */

static void test_debug(void)
{
    const tf_type *ot = T("object({name=string,ports=list(number),tags=map(string),id=string,ok=bool})");
    const tf_value *ports[] = {I(80), N("443.5")};
    const char *keys[] = {"Name"};
    const tf_value *tv[] = {S("web \"1\"\n")};
    const tf_value *items[] = {tf_unknown(A, &tf_type_string), S("a"),
                               tf_bool(A, true), tf_list(A, &tf_type_number, 2, ports),
                               tf_map(A, &tf_type_string, 1, keys, tv)};
    CHECK_STR(tf_value_debug(A, tf_object(A, ot, items)),
              "{id = (known after apply), name = \"a\", ok = true, ports = [80, 443.5], "
              "tags = {\"Name\" = \"web \\\"1\\\"\\n\"}}");
    const tf_value *si[] = {S("b"), S("a")};
    CHECK_STR(tf_value_debug(A, tf_set(A, &tf_type_string, 2, si)), "toset([\"a\", \"b\"])");
    CHECK_STR(tf_value_debug(A, tf_null(A, &tf_type_string)), "null");
    CHECK_STR(tf_value_debug(A, NULL), "<no value>");
}

static void test_paths(void)
{
    const tf_path *root = tf_path_root(A);
    CHECK(root->n == 0);
    CHECK_STR(tf_path_string(A, root), "");
    const tf_path *p = tf_path_attr(A, tf_path_index(A, tf_path_attr(A, root, "ingress"), 0),
                                    "from_port");
    CHECK(p->n == 3);
    CHECK_STR(tf_path_string(A, p), "ingress[0].from_port");
    const tf_path *k = tf_path_key(A, tf_path_attr(A, root, "tags"), "Name");
    CHECK_STR(tf_path_string(A, k), "tags[\"Name\"]");
    CHECK_STR(tf_path_string(A, tf_path_key(A, root, "a\"b\\c")), "[\"a\\\"b\\\\c\"]");
    CHECK_STR(tf_path_string(A, tf_path_index(A, root, -1)), "[-1]");
    /* building on a path never changes it */
    const tf_path *k2 = tf_path_attr(A, k, "x");
    CHECK(k->n == 2 && k2->n == 3);
    CHECK_STR(tf_path_string(A, k2), "tags[\"Name\"].x");

    tf_path_chain c1 = {NULL, {TF_STEP_ATTR, "tags", 0}};
    tf_path_chain c2 = {&c1, {TF_STEP_KEY_STRING, "k", 0}};
    tf_path_chain c3 = {&c2, {TF_STEP_KEY_INT, NULL, 7}};
    CHECK_STR(tf_path_string(A, tf_path_from_chain(A, &c3)), "tags[\"k\"][7]");
    CHECK(tf_path_from_chain(A, NULL)->n == 0);
}

static void test_diags(void)
{
    tf_diags d;
    tf_diags_init(&d, A);
    CHECK(!tf_diags_has_error(&d));
    tf_diag_warn(&d, NULL, "careful", "value %d is odd", 3);
    CHECK(!tf_diags_has_error(&d));
    const tf_path *p = tf_path_attr(A, tf_path_root(A), "cidr_block");
    for (int i = 0; i < 20; i++)
        tf_diag_error(&d, p, "Invalid CIDR", "\"%s\" is not a CIDR (%d)", "10.0.0.0/33", i);
    CHECK(tf_diags_has_error(&d));
    CHECK(d.n == 21);
    CHECK(d.items[0].severity == TF_SEV_WARNING);
    CHECK_STR(d.items[0].detail, "value 3 is odd");
    CHECK(d.items[0].path == NULL);
    CHECK_STR(d.items[20].summary, "Invalid CIDR");
    CHECK_STR(d.items[20].detail, "\"10.0.0.0/33\" is not a CIDR (19)");
    CHECK(d.items[20].path == p);
}

/* ---------------------------------------------------------------- */

/* Runs tf_log in a child with the given environment and returns what it
 * wrote on stderr (one call per level, trace first). */
static char *log_capture(const char *env_log, const char *env_provider,
                         const char *msg)
{
    int fds[2];
    if (pipe(fds) != 0)
        return NULL;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[1], 2);
        close(fds[0]);
        env_log ? setenv("TF_LOG", env_log, 1) : unsetenv("TF_LOG");
        env_provider ? setenv("TF_LOG_PROVIDER", env_provider, 1)
                        : unsetenv("TF_LOG_PROVIDER");
        TF_TRACE("trace:%s", msg);
        TF_DEBUG("debug:%s", msg);
        TF_INFO("info:%s", msg);
        TF_WARN("warn:%s", msg);
        TF_ERROR("error:%s", msg);
        _exit(0);
    }
    close(fds[1]);
    static char buf[65536];
    size_t n = 0;
    ssize_t r;
    while (n < sizeof buf - 1 && (r = read(fds[0], buf + n, sizeof buf - 1 - n)) > 0)
        n += (size_t)r;
    buf[n] = 0;
    close(fds[0]);
    waitpid(pid, NULL, 0);
    return buf;
}

static int count_lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void test_log(void)
{
    const char *msg = "quote \" backslash \\ newline \n tab \t ctrl \x01 utf8 \xc3\xa9";
    char *out = log_capture("DEBUG", NULL, msg);
    CHECK(out && count_lines(out) == 4);
    json_error_t je;
    json_t *j = out ? json_loadb(out, strcspn(out, "\n"), 0, &je) : NULL;
    CHECK(j != NULL);
    if (j) {
        CHECK_STR(json_string_value(json_object_get(j, "@level")), "debug");
        const char *m = json_string_value(json_object_get(j, "@message"));
        CHECK(m && strncmp(m, "debug:", 6) == 0 && strcmp(m + 6, msg) == 0);
        CHECK_STR(json_string_value(json_object_get(j, "@module")), "provider");
        const char *ts = json_string_value(json_object_get(j, "@timestamp"));
        CHECK(ts && strlen(ts) == 27 && ts[4] == '-' && ts[10] == 'T' && ts[19] == '.' &&
              ts[26] == 'Z');
        json_decref(j);
    }
    out = log_capture("warn", NULL, "x");
    CHECK(out && count_lines(out) == 2 && strstr(out, "\"@level\":\"warn\""));
    out = log_capture("trace", "off", "x");
    CHECK(out && count_lines(out) == 0);
    out = log_capture("off", "Info", "x");
    CHECK(out && count_lines(out) == 3);
    out = log_capture("JSON", NULL, "x");
    CHECK(out && count_lines(out) == 5 && strstr(out, "\"@level\":\"trace\""));
    out = log_capture("bogus", NULL, "x");
    CHECK(out && count_lines(out) == 5);
    out = log_capture(NULL, NULL, "x");
    CHECK(out && count_lines(out) == 0);
    out = log_capture("", "", "x");
    CHECK(out && count_lines(out) == 0);
}

int main(void)
{
    A = tf_arena_new();
    test_arena();
    test_type_parse();
    test_number_canon();
    test_number_conversions();
    test_number_order();
    test_strings_and_bools();
    test_collections();
    test_objects();
    test_convert_primitives();
    test_convert_collections();
    test_convert_unknown_null();
    test_debug();
    test_paths();
    test_diags();
    test_log();
    tf_arena_free(A);
    return check_report();
}

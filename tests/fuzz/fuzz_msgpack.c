/* fuzz_msgpack.c - libFuzzer target for the msgpack decoder.
 *
 * The first input byte picks a schema type; the rest is decoded against it.
 * Whatever decodes must re-encode, decode again to an equal value, and
 * re-encode to the same bytes (the encoding of a decoded value is
 * canonical).  Values without unknowns also go through the JSON encoder,
 * which must accept them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "value.h"

static const char *const schemas[] = {
    "string",
    "number",
    "dynamic",
    "list(dynamic)",
    "set(object({x=number,y=list(string)}))",
    "map(set(number))",
    "tuple([string,number,bool])",
    ("object({a=string,b=number,c=list(bool),d=set(string),e=map(number),"
     "f=object({g=dynamic}),h=tuple([string,number])})"),
};
#define NSCHEMAS (sizeof schemas / sizeof *schemas)

static void fuzz_fail(const char *what, tf_arena *a, const tf_value *v)
{
    fprintf(stderr, "fuzz_msgpack: %s: %s\n", what, v ? tf_value_debug(a, v) : "-");
    abort();
}

static void fuzz_one(tf_arena *a, const tf_type *t, const uint8_t *data, size_t size)
{
    char *err = NULL;
    const tf_value *v = tf_msgpack_decode(a, data, size, t, &err);
    if (!v) {
        if (!err)
            fuzz_fail("decode failed without an error", a, NULL);
        return;
    }
    void *b1, *b2;
    size_t n1, n2;
    if (tf_msgpack_encode(a, v, t, &b1, &n1, &err) != 0)
        fuzz_fail("re-encode failed", a, v);
    const tf_value *w = tf_msgpack_decode(a, b1, n1, t, &err);
    if (!w || !tf_value_equal(v, w))
        fuzz_fail("round trip changed the value", a, v);
    if (tf_msgpack_encode(a, w, t, &b2, &n2, &err) != 0 || n1 != n2 ||
        memcmp(b1, b2, n1) != 0)
        fuzz_fail("encoding is not canonical", a, v);
    if (!tf_contains_unknown(v) && !tf_json_encode(a, v, t, &err))
        fuzz_fail("JSON encode failed", a, v);
    tf_value_debug(a, v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    tf_arena *a = tf_arena_new();
    const tf_type *t = tf_type_parse(a, schemas[data[0] % NSCHEMAS]);
    if (!t)
        abort();
    fuzz_one(a, t, data + 1, size - 1);
    tf_arena_free(a);
    return 0;
}

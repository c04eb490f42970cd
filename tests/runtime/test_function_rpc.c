/* test_function_rpc.c - provider-defined functions as Terraform sees them
 * over tfplugin5: the signatures in GetProviderSchema, GetMetadata and
 * GetFunctions, and CallFunction's results and FunctionErrors.
 *
 * Each answer goes through protobuf packing and unpacking, as on the wire,
 * so that what Terraform reads is what is checked: in particular that an
 * error about the first argument (index 0) still names an argument. */
#include <stdio.h>
#include <string.h>

#include "function.h"
#include "proto_conv.h"
#include "server.h"
#include "rpc_call.h"
#include "check.h"

/* ---- a provider with two functions ---- */

/* join(sep, parts...): the parts joined with sep; null parts are skipped;
 * a part "bad" is refused, naming its argument. */
static const tf_value *join_call(tf_fcall *fc, const tf_value *const *args, size_t n)
{
    const char *sep = args[0]->u.str.ptr;
    char *out = tf_arena_strdup(fc->arena, "");
    for (size_t i = 1; i < n; i++) {
        if (tf_is_null(args[i]))
            continue;
        if (strcmp(args[i]->u.str.ptr, "bad") == 0) {
            tf_function_fail(fc, (int64_t)i, "\"bad\" is not allowed");
            return NULL;
        }
        out = tf_arena_printf(fc->arena, "%s%s%s", out, *out ? sep : "", args[i]->u.str.ptr);
    }
    return tf_string(fc->arena, out);
}

static const tf_function_param join_params[] = {
    {.name = "sep", .type = "string", .description = "Separator"},
    {0},
};
static const tf_function_param join_variadic = {
    .name = "parts", .type = "string", .description = "Parts", .allow_null = true};

static const tf_function_def join_def = {
    .name = "join",
    .summary = "Joins",
    .description = "Joins *parts*",
    .markdown = true,
    .params = join_params,
    .variadic = &join_variadic,
    .return_type = "string",
    .call = join_call,
};

/* first(n): refuses every n, about its first argument. */
static const tf_value *first_call(tf_fcall *fc, const tf_value *const *args, size_t n)
{
    (void)args;
    (void)n;
    tf_function_fail(fc, 0, "never");
    return NULL;
}

static const tf_function_param first_params[] = {
    {.name = "n", .type = "number"},
    {0},
};

static const tf_function_def first_def = {
    .name = "first",
    .params = first_params,
    .return_type = "object({a=list(string)})",
    .call = first_call,
};

static const tf_function_def *const functions[] = {&first_def, &join_def, NULL};

static tf_attribute provider_attrs[] = {
    {.name = "region", .type = "string", .flags = TF_OPTIONAL},
    {0},
};
static tf_block provider_block = {.attrs = provider_attrs};

static const tf_provider_def provider = {
    .schema = &provider_block,
    .functions = functions,
};

static bool bytes_are(ProtobufCBinaryData b, const char *s)
{
    return b.len == strlen(s) && memcmp(b.data, s, b.len) == 0;
}

static void check_join_signature(const Tfplugin5__Function *f)
{
    CHECK(f && f->n_parameters == 1);
    if (!f || f->n_parameters != 1)
        return;
    CHECK(strcmp(f->parameters[0]->name, "sep") == 0);
    CHECK(bytes_are(f->parameters[0]->type, "\"string\""));
    CHECK(!f->parameters[0]->allow_null_value);
    CHECK(f->parameters[0]->description_kind == TFPLUGIN5__STRING_KIND__MARKDOWN);
    CHECK(f->variadic_parameter && f->variadic_parameter->allow_null_value);
    CHECK(f->return_ && bytes_are(f->return_->type, "\"string\""));
    CHECK(strcmp(f->summary, "Joins") == 0);
    CHECK(strcmp(f->description, "Joins *parts*") == 0);
    CHECK(f->description_kind == TFPLUGIN5__STRING_KIND__MARKDOWN);
}

static void test_signatures(void)
{
    tf_arena *a = tf_arena_new();
    Tfplugin5__GetFunctions__Response *gf = (void *)rpc(
        a, "GetFunctions", NULL, &tfplugin5__get_functions__response__descriptor);
    CHECK(gf && gf->n_functions == 2);
    for (size_t i = 0; gf && i < gf->n_functions; i++) {
        if (strcmp(gf->functions[i]->key, "join") == 0)
            check_join_signature(gf->functions[i]->value);
        else
            CHECK(strcmp(gf->functions[i]->key, "first") == 0 &&
                  bytes_are(gf->functions[i]->value->return_->type,
                            "[\"object\",{\"a\":[\"list\",\"string\"]}]"));
    }
    Tfplugin5__GetProviderSchema__Response *gs = (void *)rpc(
        a, "GetSchema", NULL, &tfplugin5__get_provider_schema__response__descriptor);
    CHECK(gs && gs->n_functions == 2);
    for (size_t i = 0; gs && i < gs->n_functions; i++)
        if (strcmp(gs->functions[i]->key, "join") == 0)
            check_join_signature(gs->functions[i]->value);
    Tfplugin5__GetMetadata__Response *md = (void *)rpc(
        a, "GetMetadata", NULL, &tfplugin5__get_metadata__response__descriptor);
    CHECK(md && md->n_functions == 2);
    CHECK(md && md->n_functions == 2 && strcmp(md->functions[0]->name, "first") == 0 &&
          strcmp(md->functions[1]->name, "join") == 0);
    tf_arena_free(a);
}

/* CallFunction name(args...) with string arguments (NULL: null). */
static Tfplugin5__CallFunction__Response *call_strings(tf_arena *a, const char *name,
                                                       const char *const *argv, size_t n)
{
    Tfplugin5__CallFunction__Request q;
    tfplugin5__call_function__request__init(&q);
    q.name = (char *)name;
    q.n_arguments = n;
    q.arguments = tf_arena_calloc(a, n + 1, sizeof *q.arguments);
    for (size_t i = 0; i < n; i++) {
        char *err = NULL;
        const tf_value *v = argv[i] ? tf_string(a, argv[i]) : tf_null(a, &tf_type_string);
        q.arguments[i] = tf_pb_encode(a, v, &tf_type_string, &err);
    }
    return (void *)rpc(a, "CallFunction", &q.base,
                       &tfplugin5__call_function__response__descriptor);
}

static void test_calls(void)
{
    tf_arena *a = tf_arena_new();

    const char *ok[] = {"-", "a", NULL, "b", "c"};
    Tfplugin5__CallFunction__Response *r = call_strings(a, "join", ok, 5);
    CHECK(r && !r->error && r->result);
    if (r && r->result) {
        char *err = NULL;
        const tf_value *v = tf_pb_decode(a, r->result, &tf_type_string, &err);
        CHECK(v && strcmp(v->u.str.ptr, "a-b-c") == 0);
    }

    /* an error about an argument names it, also the first one */
    const char *bad[] = {"-", "a", "bad"};
    r = call_strings(a, "join", bad, 3);
    CHECK(r && r->error && !r->result);
    CHECK(r && r->error && strcmp(r->error->text, "\"bad\" is not allowed") == 0);
    CHECK(r && r->error && r->error->has_function_argument && r->error->function_argument == 2);
    Tfplugin5__CallFunction__Request q;
    tfplugin5__call_function__request__init(&q);
    q.name = "first";
    q.n_arguments = 1;
    Tfplugin5__DynamicValue *arg[1];
    char *err = NULL;
    arg[0] = tf_pb_encode(a, tf_number_i64(a, 1), &tf_type_number, &err);
    q.arguments = arg;
    r = (void *)rpc(a, "CallFunction", &q.base, &tfplugin5__call_function__response__descriptor);
    CHECK(r && r->error && strcmp(r->error->text, "never") == 0);
    CHECK(r && r->error && r->error->has_function_argument && r->error->function_argument == 0);

    /* a null where the parameter takes none; too few or many arguments */
    const char *null_sep[] = {NULL, "a"};
    r = call_strings(a, "join", null_sep, 2);
    CHECK(r && r->error && r->error->has_function_argument && r->error->function_argument == 0);
    r = call_strings(a, "join", NULL, 0);
    CHECK(r && r->error && !r->error->has_function_argument &&
          strcmp(r->error->text, "function \"join\" takes at least 1 argument, got 0") == 0);
    q.arguments = tf_arena_calloc(a, 3, sizeof *q.arguments);
    q.n_arguments = 2;
    q.arguments[0] = arg[0];
    q.arguments[1] = arg[0];
    r = (void *)rpc(a, "CallFunction", &q.base, &tfplugin5__call_function__response__descriptor);
    CHECK(r && r->error && !r->error->has_function_argument &&
          strcmp(r->error->text, "function \"first\" takes 1 argument, got 2") == 0);

    /* an argument that is not of the parameter's type */
    Tfplugin5__DynamicValue *junk = tf_arena_alloc(a, sizeof *junk);
    tfplugin5__dynamic_value__init(junk);
    junk->msgpack.data = (uint8_t *)"\xc3"; /* true */
    junk->msgpack.len = 1;
    q.n_arguments = 1;
    q.arguments[0] = junk;
    r = (void *)rpc(a, "CallFunction", &q.base, &tfplugin5__call_function__response__descriptor);
    CHECK(r && r->error && r->error->has_function_argument && r->error->function_argument == 0);

    const char *none[] = {"x"};
    r = call_strings(a, "nope", none, 1);
    CHECK(r && r->error && !r->error->has_function_argument &&
          strcmp(r->error->text, "This provider has no function named \"nope\".") == 0);
    tf_arena_free(a);
}

static void test_json(void)
{
    tf_arena *a = tf_arena_new();
    const char *j = tf_function_to_json(a, &join_def);
    CHECK(j && strcmp(j, "{\"description\":\"Joins *parts*\",\"parameters\":[{\"description\":"
                         "\"Separator\",\"name\":\"sep\",\"type\":\"string\"}],"
                         "\"return_type\":\"string\",\"summary\":\"Joins\","
                         "\"variadic_parameter\":{\"description\":\"Parts\",\"is_nullable\":"
                         "true,\"name\":\"parts\",\"type\":\"string\"}}") == 0);
    static const tf_function_def broken = {.name = "x", .return_type = "strung"};
    CHECK(tf_function_to_json(a, &broken) == NULL);
    tf_arena_free(a);
}

int main(void)
{
    if (tf_runtime_init(&rt, &provider) != 0) {
        printf("runtime init failed\n");
        return 1;
    }
    test_signatures();
    test_calls();
    test_json();
    tf_runtime_cleanup(&rt);
    return check_report();
}

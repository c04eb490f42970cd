/* function_rpc.c - provider-defined functions over tfplugin5.
 *
 * Terraform learns the signatures from GetProviderSchema (or GetFunctions)
 * and calls a function with CallFunction: one DynamicValue per argument,
 * encoded with its parameter's type; the answer is the result or a
 * FunctionError.  A function never needs a configured provider: Terraform
 * calls it on an instance it has not configured. */
#include <string.h>

#include "function_rpc.h"
#include "log.h"
#include "proto_conv.h"

static Tfplugin5__Function__Parameter *pb_param(tf_arena *a, const tf_function_param *p,
                                                bool markdown)
{
    const tf_type *t = tf_function_param_type(a, p);
    if (!t)
        return NULL;
    Tfplugin5__Function__Parameter *pp = tf_arena_alloc(a, sizeof *pp);
    tfplugin5__function__parameter__init(pp);
    pp->name = (char *)p->name;
    char *tj = tf_type_to_json(a, t);
    pp->type.data = (uint8_t *)tj;
    pp->type.len = strlen(tj);
    pp->allow_null_value = p->allow_null;
    pp->allow_unknown_values = p->allow_unknown;
    pp->description = (char *)(p->description ? p->description : "");
    pp->description_kind = markdown ? TFPLUGIN5__STRING_KIND__MARKDOWN
                                    : TFPLUGIN5__STRING_KIND__PLAIN;
    return pp;
}

/* The signature of f, or NULL when a type spec of its table is malformed
 * (a programming error, logged; the function is then not served). */
static Tfplugin5__Function *pb_function(tf_arena *a, const tf_function_def *f)
{
    Tfplugin5__Function *pf = tf_arena_alloc(a, sizeof *pf);
    tfplugin5__function__init(pf);
    size_t n = tf_function_n_params(f);
    pf->n_parameters = n;
    pf->parameters = tf_arena_calloc(a, n + 1, sizeof *pf->parameters);
    for (size_t i = 0; i < n; i++)
        if (!(pf->parameters[i] = pb_param(a, &f->params[i], f->markdown)))
            goto broken;
    if (f->variadic && !(pf->variadic_parameter = pb_param(a, f->variadic, f->markdown)))
        goto broken;
    const tf_type *rt = tf_function_return_type(a, f);
    if (!rt)
        goto broken;
    Tfplugin5__Function__Return *r = tf_arena_alloc(a, sizeof *r);
    tfplugin5__function__return__init(r);
    char *tj = tf_type_to_json(a, rt);
    r->type.data = (uint8_t *)tj;
    r->type.len = strlen(tj);
    pf->return_ = r;
    pf->summary = (char *)(f->summary ? f->summary : "");
    pf->description = (char *)(f->description ? f->description : "");
    pf->description_kind = f->markdown ? TFPLUGIN5__STRING_KIND__MARKDOWN
                                       : TFPLUGIN5__STRING_KIND__PLAIN;
    pf->deprecation_message = (char *)(f->deprecation ? f->deprecation : "");
    return pf;
broken:
    TF_ERROR("function %s: malformed type spec in its table; not served", f->name);
    return NULL;
}

static size_t count(const tf_function_def *const *defs)
{
    size_t n = 0;
    while (defs && defs[n])
        n++;
    return n;
}

void tf_pb_schema_functions(tf_arena *a, const tf_function_def *const *defs, size_t *n_out,
                            Tfplugin5__GetProviderSchema__Response__FunctionsEntry ***out)
{
    size_t n = count(defs), k = 0;
    *out = tf_arena_calloc(a, n + 1, sizeof **out);
    for (size_t i = 0; i < n; i++) {
        Tfplugin5__Function *f = pb_function(a, defs[i]);
        if (!f)
            continue;
        Tfplugin5__GetProviderSchema__Response__FunctionsEntry *e = tf_arena_alloc(a, sizeof *e);
        tfplugin5__get_provider_schema__response__functions_entry__init(e);
        e->key = (char *)defs[i]->name;
        e->value = f;
        (*out)[k++] = e;
    }
    *n_out = k;
}

void tf_pb_function_metadata(tf_arena *a, const tf_function_def *const *defs, size_t *n_out,
                             Tfplugin5__GetMetadata__FunctionMetadata ***out)
{
    size_t n = count(defs);
    *out = tf_arena_calloc(a, n + 1, sizeof **out);
    for (size_t i = 0; i < n; i++) {
        Tfplugin5__GetMetadata__FunctionMetadata *m = tf_arena_alloc(a, sizeof *m);
        tfplugin5__get_metadata__function_metadata__init(m);
        m->name = (char *)defs[i]->name;
        (*out)[i] = m;
    }
    *n_out = n;
}

ProtobufCMessage *tf_rpc_get_functions(tf_call *call, const ProtobufCMessage *req)
{
    (void)req;
    tf_arena *a = call->arena;
    const tf_function_def *const *defs = call->rt->def->functions;
    Tfplugin5__GetFunctions__Response *r = tf_arena_alloc(a, sizeof *r);
    tfplugin5__get_functions__response__init(r);
    size_t n = count(defs), k = 0;
    r->functions = tf_arena_calloc(a, n + 1, sizeof *r->functions);
    for (size_t i = 0; i < n; i++) {
        Tfplugin5__Function *f = pb_function(a, defs[i]);
        if (!f)
            continue;
        Tfplugin5__GetFunctions__Response__FunctionsEntry *e = tf_arena_alloc(a, sizeof *e);
        tfplugin5__get_functions__response__functions_entry__init(e);
        e->key = (char *)defs[i]->name;
        e->value = f;
        r->functions[k++] = e;
    }
    r->n_functions = k;
    return &r->base;
}

static Tfplugin5__FunctionError *pb_error(tf_arena *a, const char *text, int64_t arg)
{
    Tfplugin5__FunctionError *e = tf_arena_alloc(a, sizeof *e);
    tfplugin5__function_error__init(e);
    e->text = (char *)text;
    if (arg >= 0) {
        e->has_function_argument = 1;
        e->function_argument = arg;
    }
    return e;
}

ProtobufCMessage *tf_rpc_call_function(tf_call *call, const ProtobufCMessage *req)
{
    const Tfplugin5__CallFunction__Request *q = (const void *)req;
    tf_arena *a = call->arena;
    Tfplugin5__CallFunction__Response *r = tf_arena_alloc(a, sizeof *r);
    tfplugin5__call_function__response__init(r);
    const tf_function_def *f = tf_function_find(call->rt->def->functions, q->name);
    if (!f) {
        r->error = pb_error(a, tf_arena_printf(a, "This provider has no function named \"%s\".",
                                               q->name), -1);
        return &r->base;
    }
    tf_fcall fc = {.arena = a, .def = f, .error_arg = -1};
    const tf_value **args = tf_arena_calloc(a, q->n_arguments + 1, sizeof *args);
    for (size_t i = 0; i < q->n_arguments; i++) {
        const tf_function_param *p = tf_function_param_at(f, i);
        if (!p)
            break; /* too many arguments: tf_function_run says so */
        const tf_type *t = tf_function_param_type(a, p);
        char *err = NULL;
        if (!t || !(args[i] = tf_pb_decode(a, q->arguments[i], t, &err))) {
            r->error = pb_error(a, tf_arena_printf(a, "The argument sent by Terraform could "
                                                   "not be decoded: %s",
                                                   err ? err : "malformed value"),
                                (int64_t)i);
            return &r->base;
        }
    }
    TF_DEBUG("CallFunction %s with %zu arguments", f->name, q->n_arguments);
    const tf_value *result = tf_function_run(&fc, f, args, q->n_arguments);
    if (!result) {
        r->error = pb_error(a, fc.error, fc.error_arg);
        return &r->base;
    }
    char *err = NULL;
    r->result = tf_pb_encode(a, result, tf_function_return_type(a, f), &err);
    if (!r->result)
        r->error = pb_error(a, tf_arena_printf(a, "The result of function \"%s\" could not "
                                               "be encoded: %s. This is a bug in the provider.",
                                               f->name, err ? err : "unknown error"), -1);
    return &r->base;
}

/* function.c - provider-defined functions: lookup, argument checks around
 * the callback, and the JSON form `terraform providers schema -json` shows.
 *
 * Terraform checks arguments against the signature it got from
 * GetFunctions before it calls, so the checks here repeat its own; they
 * exist so that a callback can rely on its table whoever the caller is. */
#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "function.h"

void tf_function_fail(tf_fcall *fc, int64_t arg, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fc->error = tf_arena_vprintf(fc->arena, fmt, ap);
    va_end(ap);
    fc->error_arg = arg;
}

size_t tf_function_n_params(const tf_function_def *f)
{
    size_t n = 0;
    while (f->params && f->params[n].name)
        n++;
    return n;
}

const tf_function_def *tf_function_find(const tf_function_def *const *list, const char *name)
{
    for (; list && *list; list++)
        if (strcmp((*list)->name, name) == 0)
            return *list;
    return NULL;
}

const tf_function_param *tf_function_param_at(const tf_function_def *f, size_t i)
{
    size_t n = tf_function_n_params(f);
    if (i < n)
        return &f->params[i];
    return f->variadic;
}

const tf_type *tf_function_param_type(tf_arena *a, const tf_function_param *p)
{
    return tf_type_parse(a, p->type);
}

const tf_type *tf_function_return_type(tf_arena *a, const tf_function_def *f)
{
    return tf_type_parse(a, f->return_type);
}

const tf_value *tf_function_run(tf_fcall *fc, const tf_function_def *f,
                                const tf_value *const *args, size_t n)
{
    fc->def = f;
    fc->error = NULL;
    fc->error_arg = -1;
    size_t fixed = tf_function_n_params(f);
    if (n < fixed || (n > fixed && !f->variadic)) {
        tf_function_fail(fc, -1, "function \"%s\" takes %s%zu argument%s, got %zu", f->name,
                         f->variadic ? "at least " : "", fixed, fixed == 1 ? "" : "s", n);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        const tf_function_param *p = tf_function_param_at(f, i);
        if (!args[i]) {
            tf_function_fail(fc, (int64_t)i, "argument is missing");
            return NULL;
        }
        if (tf_is_null(args[i]) && !p->allow_null) {
            tf_function_fail(fc, (int64_t)i, "argument must not be null");
            return NULL;
        }
        if (!p->allow_unknown && tf_contains_unknown(args[i])) {
            tf_function_fail(fc, (int64_t)i, "argument must not be unknown");
            return NULL;
        }
    }
    const tf_value *result = f->call(fc, args, n);
    if (!result) {
        if (!fc->error)
            tf_function_fail(fc, -1, "function \"%s\" returned no result. This is a bug in "
                             "the provider.", f->name);
        return NULL;
    }
    const tf_type *rt = tf_function_return_type(fc->arena, f);
    if (!rt || (rt->kind != TF_DYNAMIC && !tf_type_equal(result->type, rt))) {
        tf_function_fail(fc, -1, "function \"%s\" returned %s instead of %s. This is a bug in "
                         "the provider.", f->name, tf_type_friendly(fc->arena, result->type),
                         rt ? tf_type_friendly(fc->arena, rt) : f->return_type);
        return NULL;
    }
    return result;
}

/* ---- JSON, as terraform prints it ---- */

static json_t *type_json(tf_arena *a, const char *spec)
{
    const tf_type *t = tf_type_parse(a, spec);
    if (!t)
        return NULL;
    char *text = tf_type_to_json(a, t);
    return json_loads(text, JSON_DECODE_ANY, NULL);
}

static void set_text(json_t *o, const char *key, const char *text)
{
    if (text && *text)
        json_object_set_new(o, key, json_string(text));
}

static json_t *param_json(tf_arena *a, const tf_function_param *p)
{
    json_t *type = type_json(a, p->type);
    if (!type)
        return NULL;
    json_t *o = json_object();
    set_text(o, "name", p->name);
    set_text(o, "description", p->description);
    if (p->allow_null)
        json_object_set_new(o, "is_nullable", json_true());
    json_object_set_new(o, "type", type);
    return o;
}

char *tf_function_to_json(tf_arena *a, const tf_function_def *f)
{
    json_t *ret = type_json(a, f->return_type);
    if (!ret)
        return NULL;
    json_t *o = json_object();
    set_text(o, "description", f->description);
    set_text(o, "summary", f->summary);
    set_text(o, "deprecation_message", f->deprecation);
    json_object_set_new(o, "return_type", ret);
    size_t n = tf_function_n_params(f);
    char *out = NULL;
    if (n) {
        json_t *params = json_array();
        json_object_set_new(o, "parameters", params);
        for (size_t i = 0; i < n; i++) {
            json_t *p = param_json(a, &f->params[i]);
            if (!p)
                goto done;
            json_array_append_new(params, p);
        }
    }
    if (f->variadic) {
        json_t *p = param_json(a, f->variadic);
        if (!p)
            goto done;
        json_object_set_new(o, "variadic_parameter", p);
    }
    char *text = json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT);
    if (text) {
        out = tf_arena_strdup(a, text);
        free(text);
    }
done:
    json_decref(o);
    return out;
}

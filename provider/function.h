/* function.h - provider-defined functions (Terraform >= 1.8).
 *
 * A function is a static table like a resource: its name, the texts
 * `terraform providers schema -json` shows, typed parameters, a return type
 * and one callback from argument values to a result.  The runtime decodes
 * the arguments to the parameter types and checks them against the table
 * (count, null, unknown) before the callback runs, so a callback sees only
 * what its table allows.  A callback that cannot produce a result calls
 * tf_function_fail and returns NULL; Terraform shows the text, naming the
 * parameter when the error is about one argument.
 *
 * Types are written as specs (see tf_type_parse) and resolved on demand
 * into the caller's arena: a function is called rarely and its types are
 * small. */
#ifndef TF_FUNCTION_H
#define TF_FUNCTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "value.h"

typedef struct tf_function_param {
    const char *name;
    const char *type;           /* spec, see tf_type_parse */
    const char *description;
    bool allow_null;            /* else Terraform rejects a null argument */
    bool allow_unknown;         /* else Terraform answers unknown itself */
} tf_function_param;

typedef struct tf_function_def tf_function_def;

/* One call in progress. */
typedef struct tf_fcall {
    tf_arena *arena;
    const tf_function_def *def;
    const char *error;          /* set by tf_function_fail */
    int64_t error_arg;          /* index of the argument at fault, or -1 */
} tf_fcall;

struct tf_function_def {
    const char *name;
    const char *summary;
    const char *description;
    bool markdown;              /* descriptions are Markdown, not plain text */
    const char *deprecation;    /* NULL unless deprecated */
    const tf_function_param *params;     /* {0}-terminated, may be NULL */
    const tf_function_param *variadic;   /* NULL when there is none */
    const char *return_type;    /* spec */
    /* args[i] has the type of parameter i (the variadic one past the last);
     * returns a value of the return type, or NULL after tf_function_fail. */
    const tf_value *(*call)(tf_fcall *fc, const tf_value *const *args, size_t n);
};

/* Records the error of the call; arg is the index of the argument at fault
 * or -1 when the error is about no one argument. */
void tf_function_fail(tf_fcall *fc, int64_t arg, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

size_t tf_function_n_params(const tf_function_def *f);
/* The function called name in a NULL-terminated list, or NULL. */
const tf_function_def *tf_function_find(const tf_function_def *const *list,
                                        const char *name);
/* The parameter that argument i binds to (the variadic one past the fixed
 * ones), or NULL when there is no such argument. */
const tf_function_param *tf_function_param_at(const tf_function_def *f, size_t i);
/* Resolved types; NULL for a malformed spec (a programming error). */
const tf_type *tf_function_param_type(tf_arena *a, const tf_function_param *p);
const tf_type *tf_function_return_type(tf_arena *a, const tf_function_def *f);

/* Calls f with args decoded to their parameters' types: checks the count,
 * nulls and unknowns against the table, runs the callback and checks that
 * the result has the return type.  Returns the result, or NULL with
 * fc->error set. */
const tf_value *tf_function_run(tf_fcall *fc, const tf_function_def *f,
                                const tf_value *const *args, size_t n);

/* The function as `terraform providers schema -json` prints it under
 * "functions" (empty texts and false flags left out); NULL when a type spec
 * is malformed. */
char *tf_function_to_json(tf_arena *a, const tf_function_def *f);

#endif

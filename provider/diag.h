/* diag.h - diagnostics: what a user reads when something is wrong.
 *
 * A diagnostic carries a severity, a one-line summary, a detail paragraph and,
 * when it is about one attribute, the attribute path, so that Terraform can
 * underline the offending line in the configuration. */
#ifndef TF_DIAG_H
#define TF_DIAG_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "value.h"

typedef enum {
    TF_SEV_ERROR = 1,   /* numbering follows tfplugin5 Diagnostic.Severity */
    TF_SEV_WARNING = 2,
} tf_severity;

typedef struct {
    tf_severity severity;
    const char *summary;
    const char *detail;  /* may be NULL */
    const tf_path *path; /* may be NULL */
} tf_diag;

typedef struct tf_diags {
    tf_arena *arena;
    tf_diag *items;
    size_t n, cap;
} tf_diags;

void tf_diags_init(tf_diags *d, tf_arena *a);
void tf_diag_add(tf_diags *d, tf_severity sev, const tf_path *path,
                 const char *summary, const char *detail_fmt, ...)
    __attribute__((format(printf, 5, 6)));
#define tf_diag_error(d, path, summary, ...) \
    tf_diag_add((d), TF_SEV_ERROR, (path), (summary), __VA_ARGS__)
#define tf_diag_warn(d, path, summary, ...) \
    tf_diag_add((d), TF_SEV_WARNING, (path), (summary), __VA_ARGS__)
bool tf_diags_has_error(const tf_diags *d);

#endif

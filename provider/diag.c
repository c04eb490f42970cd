/* diag.c - collecting diagnostics for one RPC.
 *
 * Diagnostics live in the RPC's arena like everything else; the list only
 * grows, and the gRPC edge turns it into tfplugin5 Diagnostic messages. */
#include "diag.h"

#include <assert.h>
#include <stdarg.h>

void tf_diags_init(tf_diags *d, tf_arena *a)
{
    assert(d && a);
    d->arena = a;
    d->items = NULL;
    d->n = 0;
    d->cap = 0;
}

void tf_diag_add(tf_diags *d, tf_severity sev, const tf_path *path,
                 const char *summary, const char *detail_fmt, ...)
{
    assert(d && d->arena);
    assert(sev == TF_SEV_ERROR || sev == TF_SEV_WARNING);
    tf_arena_grow(d->arena, (void **)&d->items, &d->cap, d->n + 1,
                  sizeof(*d->items));
    tf_diag *g = &d->items[d->n++];
    g->severity = sev;
    g->summary = tf_arena_strdup(d->arena, summary ? summary : "");
    g->detail = NULL;
    if (detail_fmt) {
        va_list ap;
        va_start(ap, detail_fmt);
        g->detail = tf_arena_vprintf(d->arena, detail_fmt, ap);
        va_end(ap);
    }
    g->path = path;
}

bool tf_diags_has_error(const tf_diags *d)
{
    for (size_t i = 0; d && i < d->n; i++)
        if (d->items[i].severity == TF_SEV_ERROR)
            return true;
    return false;
}

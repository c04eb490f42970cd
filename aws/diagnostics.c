/* diagnostics.c - see diagnostics.h. */
#include <stdarg.h>

#include "diagnostics.h"
#include "duration.h"

void aws_diag(tf_ctx *ctx, const aws_error *err, const char *what_fmt, ...)
{
    va_list ap;
    va_start(ap, what_fmt);
    char *what = tf_arena_vprintf(ctx->arena, what_fmt, ap);
    va_end(ap);
    const char *summary;
    if (err->kind == AWS_ERR_API && err->code[0])
        summary = tf_arena_printf(ctx->arena, "%s: %s: %s", what, err->code, err->message);
    else
        summary = tf_arena_printf(ctx->arena, "%s: %s", what,
                                  err->message[0] ? err->message : "unknown error");
    tf_diag_error(ctx->diags, NULL, summary, "%s", aws_error_string(err, ctx->arena));
}

double aws_timeout(const tf_value *v, const char *op, double default_seconds)
{
    const tf_value *t = tf_get(v, "timeouts");
    const tf_value *d = tf_is_known(t) ? tf_get(t, op) : NULL;
    int64_t ns;
    if (!tf_is_known(d) || !tf_duration_parse(d->u.str.ptr, d->u.str.len, &ns, NULL, 0) ||
        ns <= 0)
        return default_seconds;
    return (double)ns / 1e9;
}

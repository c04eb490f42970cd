/* autoscaling_common.c - see autoscaling_common.h. */
#include <string.h>

#include "autoscaling_common.h"
#include "query_retry.h"

int autoscaling_call_retry(aws_client *c, tf_arena *a, const volatile int *stop,
                           const char *action, const aws_params *params, aws_xml_node **out,
                           double timeout_seconds, autoscaling_retry_fn retry, aws_error *err)
{
    return aws_query_call_retry(c, a, stop, "autoscaling", action, params, out, timeout_seconds,
                                (aws_retry_on){.when = retry}, err);
}

bool autoscaling_not_found(const aws_error *err)
{
    return aws_error_is(err, "ValidationError") && strstr(err->message, "not found") != NULL;
}

const aws_xml_node *autoscaling_find(tf_ctx *ctx, aws_client *c, const char *kind,
                                     const char *name, bool *gone, aws_error *err)
{
    tf_arena *a = ctx->arena;
    *gone = false;
    aws_params *p = aws_params_new(a);
    aws_params_add(p, tf_arena_printf(a, "%sNames.member.1", kind), name);
    aws_xml_node *out;
    if (aws_query_call(c, a, ctx->stop, "autoscaling", tf_arena_printf(a, "Describe%ss", kind), p,
                       &out, err) != 0) {
        *gone = autoscaling_not_found(err);
        return NULL;
    }
    const char *name_field = tf_arena_printf(a, "%sName", kind);
    for (const aws_xml_node *e = aws_xml_first(out, tf_arena_printf(a, "%ss/member", kind)); e;
         e = aws_xml_next(e))
        if (strcmp(autoscaling_text(e, name_field), name) == 0)
            return e;
    *gone = true;
    return NULL;
}

typedef struct autoscaling_key {
    tf_ctx *ctx;
    aws_client *c;
    const char *kind, *name;
    autoscaling_retry_fn retry;
} autoscaling_key;

/* aws_create_lookup_fn: the name, when an object of the kind has it. */
static int autoscaling_lookup(void *ud, tf_arena *a, const char ***ids, size_t *n,
                              aws_error *err)
{
    (void)a;
    autoscaling_key *k = ud;
    bool gone;
    *n = 0;
    if (autoscaling_find(k->ctx, k->c, k->kind, k->name, &gone, err)) {
        *ids = &k->name;
        *n = 1;
    } else if (!gone) {
        return -1;
    }
    return 0;
}

static int autoscaling_retry_when(const void *ud, const aws_error *err)
{
    const autoscaling_key *k = ud;
    return k->retry && k->retry(err);
}

int autoscaling_create(tf_ctx *ctx, aws_client *c, const char *kind, const char *name,
                       aws_params *p, double timeout_seconds, autoscaling_retry_fn retry,
                       aws_error *err)
{
    autoscaling_key key = {.ctx = ctx, .c = c, .kind = kind, .name = name, .retry = retry};
    aws_create_once once = {.service = "autoscaling",
                            .operation = tf_arena_printf(ctx->arena, "Create%s", kind),
                            .lookup = autoscaling_lookup, .ud = &key,
                            .retry_when = autoscaling_retry_when, .retry_ud = &key,
                            .retry_timeout_s = timeout_seconds};
    aws_xml_node *out;
    const char *adopted;
    return aws_create_once_query(c, ctx->arena, ctx->stop, &once, p, &out, &adopted, err);
}

const char *autoscaling_text(const aws_xml_node *n, const char *path)
{
    const char *v = n ? aws_xml_text(n, path) : NULL;
    return v ? v : "";
}

void autoscaling_param_str(aws_params *p, const char *name, const tf_value *obj,
                           const char *attr)
{
    const char *v = tf_get_str(obj, attr, "");
    if (v[0])
        aws_params_add(p, name, v);
}

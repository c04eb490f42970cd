/* autoscaling_common.c - see autoscaling_common.h. */
#include <stdio.h>
#include <string.h>

#include "autoscaling_common.h"

typedef struct asg_retry_call {
    aws_client *c;
    tf_arena *a;
    const volatile int *stop;
    const char *action;
    const aws_params *params;
    aws_xml_node **out;
    autoscaling_retry_fn retry;
    aws_error last;
    bool retried;
} asg_retry_call;

static aws_wait_status autoscaling_retry_poll(void *ud, char *state, size_t state_len,
                                              aws_error *err)
{
    asg_retry_call *r = ud;
    if (aws_query_call(r->c, r->a, r->stop, "autoscaling", r->action, r->params, r->out, err) ==
        0)
        return AWS_WAIT_DONE;
    if (err->kind != AWS_ERR_API || !r->retry || !r->retry(err))
        return AWS_WAIT_FAIL;
    r->last = *err;
    r->retried = true;
    snprintf(state, state_len, "%s", err->code);
    return AWS_WAIT_CONTINUE;
}

int autoscaling_call_retry(aws_client *c, tf_arena *a, const volatile int *stop,
                           const char *action, const aws_params *params, aws_xml_node **out,
                           double timeout_seconds, autoscaling_retry_fn retry, aws_error *err)
{
    asg_retry_call r = {.c = c, .a = a, .stop = stop, .action = action, .params = params,
                        .out = out, .retry = retry};
    aws_error_clear(&r.last);
    if (aws_wait(stop, timeout_seconds, autoscaling_retry_poll, &r, err) == 0)
        return 0;
    if (err->kind == AWS_ERR_TIMEOUT && r.retried) {
        char msg[sizeof err->message];
        snprintf(msg, sizeof msg, "%.1900s (still failing after retrying for %gs)",
                 r.last.message, timeout_seconds);
        *err = r.last;
        snprintf(err->message, sizeof err->message, "%s", msg);
    }
    return -1;
}

bool autoscaling_not_found(const aws_error *err)
{
    return aws_error_is(err, "ValidationError") && strstr(err->message, "not found") != NULL;
}

char *autoscaling_base64(tf_arena *a, const unsigned char *data, size_t len)
{
    static const char digits[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char *out = tf_arena_alloc(a, (len + 2) / 3 * 4 + 1);
    size_t n = 0;
    for (size_t i = 0; i < len; i += 3) {
        unsigned v = (unsigned)data[i] << 16;
        if (i + 1 < len)
            v |= (unsigned)data[i + 1] << 8;
        if (i + 2 < len)
            v |= data[i + 2];
        out[n++] = digits[v >> 18 & 63];
        out[n++] = digits[v >> 12 & 63];
        out[n++] = i + 1 < len ? digits[v >> 6 & 63] : '=';
        out[n++] = i + 2 < len ? digits[v & 63] : '=';
    }
    out[n] = '\0';
    return out;
}

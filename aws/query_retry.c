/* query_retry.c - see query_retry.h. */
#include <stdio.h>

#include "query_retry.h"

typedef struct retried_call {
    aws_client *c;
    tf_arena *a;
    const volatile int *stop;
    const char *service, *action;
    const aws_params *params;
    aws_xml_node **out;
    aws_retry_on retry;
    aws_error last;     /* the last retryable error seen */
    bool retried;
} retried_call;

static bool retry_matches(const aws_retry_on *r, const aws_error *err)
{
    if (err->kind != AWS_ERR_API)
        return false;
    for (size_t i = 0; r->codes && r->codes[i]; i++)
        if (aws_error_is(err, r->codes[i]))
            return true;
    return r->when && r->when(err);
}

static aws_wait_status retried_call_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    retried_call *r = ud;
    if (aws_query_call(r->c, r->a, r->stop, r->service, r->action, r->params, r->out, err) == 0)
        return AWS_WAIT_DONE;
    if (!retry_matches(&r->retry, err))
        return AWS_WAIT_FAIL;
    r->last = *err;
    r->retried = true;
    snprintf(state, state_len, "%s", err->code);
    return AWS_WAIT_CONTINUE;
}

int aws_query_call_retry(aws_client *c, tf_arena *a, const volatile int *stop,
                         const char *service, const char *action, const aws_params *params,
                         aws_xml_node **out, double timeout_seconds, aws_retry_on retry,
                         aws_error *err)
{
    retried_call r = {.c = c, .a = a, .stop = stop, .service = service, .action = action,
                      .params = params, .out = out, .retry = retry};
    aws_error_clear(&r.last);
    if (aws_wait(stop, timeout_seconds, retried_call_poll, &r, err) == 0)
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

/* ec2_retry.c - see ec2_retry.h. */
#include <stdio.h>
#include <string.h>

#include "ec2_retry.h"

typedef struct retry_call {
    aws_client *c;
    tf_arena *a;
    const volatile int *stop;
    const char *action;
    const aws_params *params;
    aws_xml_node **out;
    const char *const *codes;
    aws_error last;     /* the last retryable error seen */
    int retried;
} retry_call;

static int code_listed(const aws_error *e, const char *const *codes)
{
    for (size_t i = 0; codes && codes[i]; i++)
        if (aws_error_is(e, codes[i]))
            return 1;
    return 0;
}

static aws_wait_status retry_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    retry_call *r = ud;
    if (aws_query_call(r->c, r->a, r->stop, "ec2", r->action, r->params, r->out, err) == 0)
        return AWS_WAIT_DONE;
    if (!code_listed(err, r->codes))
        return AWS_WAIT_FAIL;
    r->last = *err;
    r->retried = 1;
    snprintf(state, state_len, "%s", err->code);
    return AWS_WAIT_CONTINUE;
}

int ec2_call_retry(aws_client *c, tf_arena *a, const volatile int *stop, const char *action,
                   const aws_params *params, aws_xml_node **out, double timeout_seconds,
                   const char *const *retry_codes, aws_error *err)
{
    retry_call r = {.c = c, .a = a, .stop = stop, .action = action, .params = params,
                    .out = out, .codes = retry_codes};
    aws_error_clear(&r.last);
    if (aws_wait(stop, timeout_seconds, retry_poll, &r, err) == 0)
        return 0;
    if (err->kind == AWS_ERR_TIMEOUT && r.retried) {
        /* Report what AWS kept answering rather than a bare timeout. */
        char msg[sizeof err->message];
        snprintf(msg, sizeof msg, "%.1900s (still failing after retrying for %gs)", r.last.message,
                 timeout_seconds);
        *err = r.last;
        snprintf(err->message, sizeof err->message, "%s", msg);
    }
    return -1;
}

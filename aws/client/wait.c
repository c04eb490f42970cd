/* wait.c - polling until a resource reaches a state.
 *
 * Most resources become ready in seconds, some in minutes, so polling starts
 * fast and backs off: at once, then 200 ms doubling to 5 s, each delay
 * jittered by +-20% so that many resources created together do not poll in
 * lockstep.  The last poll happens at the deadline, never after it. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define WAIT_FIRST_MS 200
#define WAIT_MAX_MS 5000

int aws_wait(const volatile int *stop, double timeout_seconds, aws_wait_fn fn,
             void *ud, aws_error *err)
{
    aws_error_clear(err);
    long long deadline = aws_mono_ms() + (long long)(timeout_seconds * 1000.0);
    long delay = WAIT_FIRST_MS;
    char state[128] = "";
    for (;;) {
        if (stop && *stop) {
            aws_error_set(err, AWS_ERR_CANCELLED, "RequestCanceled",
                          "waiting cancelled: the provider is stopping");
            return -1;
        }
        aws_error_clear(err);
        state[0] = '\0';
        aws_wait_status st = fn(ud, state, sizeof state, err);
        if (st == AWS_WAIT_DONE) {
            aws_error_clear(err);
            return 0;
        }
        if (st == AWS_WAIT_FAIL) {
            if (err->kind == AWS_OK)
                aws_error_set(err, AWS_ERR_API, "ResourceNotReady",
                              "waiter reached a failure state%s%s",
                              state[0] ? ": " : "", state);
            return -1;
        }
        long long left = deadline - aws_mono_ms();
        if (left <= 0) {
            aws_error_set(err, AWS_ERR_TIMEOUT, "WaiterTimeout",
                          "timeout while waiting for state to become ready "
                          "(last state: '%s', timeout: %gs)",
                          state[0] ? state : "unknown", timeout_seconds);
            return -1;
        }
        long jittered = (long)((double)delay * (0.8 + 0.4 * retry_random()));
        if (jittered > left)
            jittered = (long)left;
        if (retry_sleep(stop, jittered) != 0) {
            aws_error_set(err, AWS_ERR_CANCELLED, "RequestCanceled",
                          "waiting cancelled: the provider is stopping");
            return -1;
        }
        delay = delay * 2 > WAIT_MAX_MS ? WAIT_MAX_MS : delay * 2;
    }
}

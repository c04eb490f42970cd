/* test_wait.c - aws_wait: done, failure, deadline, cancellation, and the
 * shape of its polling (immediate first poll, growing, bounded delays). */
#include <time.h>

#include "aws/aws_test.h"
#include "internal.h"

typedef struct {
    int polls;
    int done_after;              /* DONE on this poll; 0 = never */
    int fail_on;                 /* FAIL on this poll; 0 = never */
    long long at[64];            /* when each poll happened */
    volatile int *stop_on_poll;  /* raised at poll 2 when set */
} poller;

static aws_wait_status poll_fn(void *ud, char *state, size_t n, aws_error *err)
{
    poller *p = ud;
    if (p->polls < 64)
        p->at[p->polls] = aws_mono_ms();
    p->polls++;
    if (p->stop_on_poll && p->polls == 2)
        *p->stop_on_poll = 1;
    if (p->fail_on && p->polls == p->fail_on) {
        aws_error_set(err, AWS_ERR_API, "ResourceFailed", "the VPC went to state failed");
        return AWS_WAIT_FAIL;
    }
    if (p->done_after && p->polls >= p->done_after)
        return AWS_WAIT_DONE;
    snprintf(state, n, "pending");
    return AWS_WAIT_CONTINUE;
}

int main(void)
{
    aws_error err;
    poller p = {0};
    p.done_after = 1;
    long long t0 = aws_mono_ms();
    CHECK(aws_wait(NULL, 10, poll_fn, &p, &err) == 0);
    CHECK(p.polls == 1);
    CHECK(aws_mono_ms() - t0 < 100);        /* the first poll is immediate */
    CHECK(err.kind == AWS_OK);

    memset(&p, 0, sizeof p);
    p.done_after = 5;
    CHECK(aws_wait(NULL, 30, poll_fn, &p, &err) == 0);
    CHECK(p.polls == 5);
    /* Delays grow: ~200, 400, 800, 1600 ms (+-20%). */
    long long d1 = p.at[1] - p.at[0], d2 = p.at[2] - p.at[1], d4 = p.at[4] - p.at[3];
    CHECK(d1 >= 150 && d1 <= 260);
    CHECK(d2 >= 310 && d2 <= 500);
    CHECK(d4 >= 1270 && d4 <= 1950);

    memset(&p, 0, sizeof p);
    p.fail_on = 2;
    CHECK(aws_wait(NULL, 10, poll_fn, &p, &err) == -1);
    CHECK(aws_error_is(&err, "ResourceFailed"));
    CHECK(p.polls == 2);

    /* Deadline: the last poll happens at it, the error names the state. */
    memset(&p, 0, sizeof p);
    t0 = aws_mono_ms();
    CHECK(aws_wait(NULL, 1.0, poll_fn, &p, &err) == -1);
    long long took = aws_mono_ms() - t0;
    CHECK(err.kind == AWS_ERR_TIMEOUT);
    CHECK(strstr(err.message, "last state: 'pending'") != NULL);
    CHECK(took >= 1000 && took < 1300);
    CHECK(p.polls >= 3 && p.polls <= 5);

    /* Stop: prompt, even in the middle of a long delay. */
    volatile int stop = 0;
    memset(&p, 0, sizeof p);
    p.stop_on_poll = &stop;
    t0 = aws_mono_ms();
    CHECK(aws_wait(&stop, 60, poll_fn, &p, &err) == -1);
    CHECK(err.kind == AWS_ERR_CANCELLED);
    CHECK(aws_mono_ms() - t0 < 800);
    CHECK(p.polls == 2);
    return test_finish();
}

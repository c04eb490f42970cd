/* test_query_retry.c - aws_query_call_retry against the local stub: a
 * listed error code or one the predicate accepts is retried until the call
 * succeeds; any other error ends it at once; and when the deadline passes
 * the error returned is the last one AWS gave, saying how long it was
 * retried. */
#include "aws/aws_test.h"
#include "query_retry.h"

typedef struct {
    int fail_first;       /* answer the first N requests with code */
    const char *code;
    int seen;
} busy_state;

static void busy_handler(stub_server *s, const stub_request *rq, stub_response *rs, void *ud)
{
    (void)s;
    (void)rq;
    busy_state *st = ud;
    static char body[512];
    if (++st->seen <= st->fail_first) {
        rs->status = 400;
        snprintf(body, sizeof body,
                 "<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code>"
                 "<Message>still busy (%d)</Message></Error>"
                 "<RequestId>r-%d</RequestId></ErrorResponse>",
                 st->code, st->seen, st->seen);
        rs->body = body;
        return;
    }
    rs->body = "<DeleteThingResponse><DeleteThingResult/>"
               "<ResponseMetadata><RequestId>ok</RequestId></ResponseMetadata>"
               "</DeleteThingResponse>";
}

static stub_server *S;
static busy_state ST;

static void reset(int fail_first, const char *code)
{
    pthread_mutex_lock(&S->mu);
    ST.fail_first = fail_first;
    ST.code = code;
    ST.seen = 0;
    pthread_mutex_unlock(&S->mu);
}

static int call(aws_client *c, double timeout, aws_retry_on retry, aws_error *err)
{
    tf_arena *a = tf_arena_new();
    aws_xml_node *out;
    int rc = aws_query_call_retry(c, a, NULL, "elbv2", "DeleteThing", NULL, &out, timeout, retry,
                                  err);
    tf_arena_free(a);
    return rc;
}

static bool in_use(const aws_error *err)
{
    return aws_error_is(err, "ResourceInUse");
}

int main(void)
{
    S = stub_start(busy_handler, &ST);
    aws_error err;
    aws_client *c = stub_client(S->port, 0, &err);
    CHECK(c != NULL);
    if (!c)
        return test_finish();
    static const char *const codes[] = {"ResourceInUse", NULL};

    /* A listed code is retried until the call goes through. */
    reset(2, "ResourceInUse");
    CHECK(call(c, 30, (aws_retry_on){.codes = codes}, &err) == 0);
    CHECK(ST.seen == 3);

    /* So is one the predicate accepts. */
    reset(2, "ResourceInUse");
    CHECK(call(c, 30, (aws_retry_on){.when = in_use}, &err) == 0);
    CHECK(ST.seen == 3);

    /* Anything else fails at once, with AWS's error. */
    reset(5, "ValidationError");
    CHECK(call(c, 30, (aws_retry_on){.codes = codes, .when = in_use}, &err) == -1);
    CHECK(ST.seen == 1);
    CHECK(aws_error_is(&err, "ValidationError"));
    reset(5, "ResourceInUse");
    CHECK(call(c, 30, (aws_retry_on){0}, &err) == -1);
    CHECK(ST.seen == 1);

    /* At the deadline: the last error AWS gave, and for how long. */
    reset(1000, "ResourceInUse");
    CHECK(call(c, 0.5, (aws_retry_on){.codes = codes}, &err) == -1);
    CHECK(ST.seen >= 2);
    CHECK(aws_error_is(&err, "ResourceInUse"));
    CHECK(strstr(err.message, "still busy") != NULL);
    CHECK(strstr(err.message, "(still failing after retrying for 0.5s)") != NULL);

    aws_client_free(c);
    stub_stop(S);
    return test_finish();
}

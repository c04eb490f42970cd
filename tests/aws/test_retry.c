/* test_retry.c - retries in the SDK's standard mode and the transport under
 * them, against the local stub: throttling then success, 5xx, exhaustion of
 * max_retries, the retry quota, network failures, the non-idempotent rule,
 * bounded backoff, cancellation, connection reuse across calls and threads,
 * proxies, CA bundles, and the per-call DEBUG log line. */
#include <time.h>

#include "aws/aws_test.h"
#include "internal.h"

typedef struct {
    int fail_first;              /* answer the first N requests with `failure` */
    const char *failure;         /* "throttle", "throttle-json", "503", "500",
                                    "400", "drop", "hang" */
    int seen;
} retry_state;

static void retry_handler(stub_server *s, const stub_request *rq,
                          stub_response *rs, void *ud)
{
    (void)s;
    retry_state *st = ud;
    st->seen++;
    int json = stub_header(rq, "X-Amz-Target") != NULL;
    if (st->seen <= st->fail_first) {
        const char *f = st->failure;
        if (strcmp(f, "throttle") == 0) {
            rs->status = 400;
            rs->body = "<Response><Errors><Error><Code>RequestLimitExceeded</Code>"
                       "<Message>Request limit exceeded.</Message></Error></Errors>"
                       "<RequestID>thr</RequestID></Response>";
        } else if (strcmp(f, "throttle-json") == 0) {
            rs->status = 400;
            rs->body = "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}";
        } else if (strcmp(f, "503") == 0) {
            rs->status = 503;
            rs->body = "<Response><Errors><Error><Code>Unavailable</Code>"
                       "<Message>The server is unavailable</Message></Error></Errors></Response>";
        } else if (strcmp(f, "500") == 0) {
            rs->status = 500;
            rs->body = "<Response><Errors><Error><Code>InternalError</Code>"
                       "<Message>An internal error has occurred</Message></Error></Errors></Response>";
        } else if (strcmp(f, "400") == 0) {
            rs->status = 400;
            rs->body = "<Response><Errors><Error><Code>InvalidParameterValue</Code>"
                       "<Message>bad</Message></Error></Errors></Response>";
        } else if (strcmp(f, "drop") == 0) {
            rs->drop = 1;
        } else if (strcmp(f, "drop-then-400") == 0) {
            if (st->seen == 1) {
                rs->drop = 1;
            } else {
                rs->status = 400;
                rs->body = "<Response><Errors><Error><Code>InvalidPermission.NotFound</Code>"
                           "<Message>gone</Message></Error></Errors></Response>";
            }
        } else if (strcmp(f, "hang") == 0) {
            rs->hang_ms = 3000;
        }
        return;
    }
    if (json) {
        rs->body = "{\"clusterArns\":[]}";
    } else {
        rs->body = "<DescribeVpcsResponse><requestId>ok-1</requestId><vpcSet/></DescribeVpcsResponse>";
        snprintf(rs->headers, sizeof rs->headers, "x-amzn-RequestId: ok-req-%d\r\n", st->seen);
    }
}

static stub_server *S;
static retry_state ST;

static int run(aws_client *c, const char *action, aws_params *p, aws_error *err)
{
    tf_arena *a = tf_arena_new();
    aws_xml_node *out;
    int rc = aws_query_call(c, a, NULL, "ec2", action, p, &out, err);
    tf_arena_free(a);
    return rc;
}

static void reset(int fail_first, const char *failure)
{
    pthread_mutex_lock(&S->mu);
    ST.fail_first = fail_first;
    ST.failure = failure;
    ST.seen = 0;
    pthread_mutex_unlock(&S->mu);
}

static void test_retries(void)
{
    aws_error err;
    aws_client *c = stub_client(S->port, 5, &err);
    CHECK(c != NULL);
    if (!c)
        return;

    reset(2, "throttle");
    CHECK(run(c, "DescribeVpcs", NULL, &err) == 0);
    CHECK(ST.seen == 3);

    reset(2, "503");
    CHECK(run(c, "DescribeVpcs", NULL, &err) == 0);
    CHECK(ST.seen == 3);

    reset(1, "500");
    CHECK(run(c, "DescribeVpcs", NULL, &err) == 0);
    CHECK(ST.seen == 2);

    /* Exhaustion: max_retries retries, then the last error. */
    reset(100, "503");
    CHECK(run(c, "DescribeVpcs", NULL, &err) == -1);
    CHECK(ST.seen == 6);
    CHECK(err.http_status == 503);
    CHECK(aws_error_is(&err, "Unavailable"));
    CHECK_STR(err.operation, "DescribeVpcs");

    /* Not retryable. */
    reset(100, "400");
    CHECK(run(c, "DescribeVpcs", NULL, &err) == -1);
    CHECK(ST.seen == 1);
    CHECK(aws_error_is(&err, "InvalidParameterValue"));

    /* A Create without a client token is not repeated by the transport
     * after a 5xx (it may have been done): it comes back marked as such,
     * for aws_create_once to look up before repeating it (test_create_once.c);
     * it is repeated after throttling (it was refused) ... */
    reset(1, "500");
    CHECK(run(c, "CreateVpc", NULL, &err) == -1);
    CHECK(ST.seen == 1);
    CHECK(err.outcome_unknown == 1);
    reset(1, "throttle");
    CHECK(run(c, "CreateVpc", NULL, &err) == 0);
    CHECK(ST.seen == 2);
    /* ... and with a client token it is repeated. */
    tf_arena *a = tf_arena_new();
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "ClientToken", "tok-1");
    reset(1, "500");
    CHECK(run(c, "CreateVpc", p, &err) == 0);
    CHECK(ST.seen == 2);
    tf_arena_free(a);
    /* Tag writes set a value: repeated like reads. */
    reset(1, "500");
    CHECK(run(c, "CreateTags", NULL, &err) == 0);
    CHECK(ST.seen == 2);
    /* A 400 is no unknown outcome. */
    reset(1, "400");
    CHECK(run(c, "CreateVpc", NULL, &err) == -1);
    CHECK(err.outcome_unknown == 0);

    /* A dropped connection: retried for idempotent calls only. */
    reset(2, "drop");
    CHECK(run(c, "DescribeVpcs", NULL, &err) == 0);
    CHECK(ST.seen == 3);
    /* (On a fresh connection: on a reused one libcurl itself resends once
     * when the server hangs up without a byte, taking it for a stale
     * keep-alive connection.) */
    aws_client *fresh = stub_client(S->port, 5, &err);
    reset(1, "drop");
    CHECK(run(fresh, "RunInstances", NULL, &err) == -1);
    CHECK(err.kind == AWS_ERR_NETWORK);
    CHECK(ST.seen == 1);
    /* A call that is not safe to repeat always goes out on a new
     * connection, so libcurl never resends it on its own. */
    reset(0, "ok");
    CHECK(run(fresh, "DescribeVpcs", NULL, &err) == 0);
    reset(1, "drop");
    CHECK(run(fresh, "RunInstances", NULL, &err) == -1);
    CHECK(ST.seen == 1);
    CHECK(err.outcome_unknown == 1);
    /* When libcurl does resend a call by itself (a reused connection closed
     * without an answer), the answer to the resend says that an earlier
     * send may have acted. */
    aws_client_free(fresh);
    fresh = stub_client(S->port, 0, &err);   /* no retries of our own */
    reset(0, "ok");
    CHECK(run(fresh, "DescribeVpcs", NULL, &err) == 0);
    reset(2, "drop-then-400");
    CHECK(run(fresh, "RevokeSecurityGroupEgress", NULL, &err) == -1);
    CHECK(ST.seen == 2);
    CHECK(aws_error_is(&err, "InvalidPermission.NotFound"));
    CHECK(err.earlier_attempt_unknown == 1);
    aws_client_free(fresh);

    /* json throttling. */
    reset(2, "throttle-json");
    a = tf_arena_new();
    json_t *out = NULL;
    CHECK(aws_json_call(c, a, NULL, "ecs", "ListClusters", NULL, &out, &err) == 0);
    json_decref(out);
    CHECK(ST.seen == 3);
    tf_arena_free(a);
    aws_client_free(c);

    /* max_retries = 0: one attempt. */
    c = stub_client(S->port, 0, &err);
    reset(100, "throttle");
    CHECK(run(c, "DescribeVpcs", NULL, &err) == -1);
    CHECK(ST.seen == 1);
    aws_client_free(c);

    /* The retry quota (500 tokens, 5 per retry) stops a long failure even
     * when max_retries would allow more. */
    c = stub_client(S->port, 1000, &err);
    reset(100000, "503");
    CHECK(run(c, "DescribeVpcs", NULL, &err) == -1);
    CHECK(ST.seen == 101);
    /* Success gives tokens back, one at a time. */
    reset(0, "503");
    for (int i = 0; i < 10; i++)
        run(c, "DescribeVpcs", NULL, &err);
    reset(100000, "503");
    CHECK(run(c, "DescribeVpcs", NULL, &err) == -1);
    CHECK(ST.seen == 3);
    aws_client_free(c);
}

static void test_network_errors(void)
{
    /* Nothing listens on port 1: a connection error, retried, then given up. */
    aws_error err;
    aws_client *c = stub_client(1, 2, &err);
    CHECK(c != NULL);
    long long t0 = aws_mono_ms();
    CHECK(run(c, "CreateVpc", NULL, &err) == -1);
    CHECK(err.kind == AWS_ERR_NETWORK);
    CHECK_STR(err.code, "RequestError");
    CHECK(strstr(err.message, "127.0.0.1:1") != NULL);
    CHECK(aws_mono_ms() - t0 < 2000);
    aws_client_free(c);
}

static void test_backoff_bounds(void)
{
    /* Full jitter: uniform in [0, min(max, base * 2^attempt)). */
    long max_seen[8] = {0};
    for (int attempt = 1; attempt <= 7; attempt++)
        for (int i = 0; i < 2000; i++) {
            long d = retry_delay_ms(attempt, 1000, 20000);
            long cap = 1000L << attempt;
            if (cap > 20000)
                cap = 20000;
            if (d < 0 || d >= cap) {
                printf("delay %ld out of [0,%ld) at attempt %d\n", d, cap, attempt);
                CHECK(0);
                return;
            }
            if (d > max_seen[attempt])
                max_seen[attempt] = d;
        }
    CHECK(max_seen[1] > 1500);          /* spreads over the range */
    CHECK(max_seen[3] > 6000);
    CHECK(max_seen[7] > 15000);
    long d1 = retry_delay_ms(1, 1000, 20000), d2 = retry_delay_ms(1, 1000, 20000),
         d3 = retry_delay_ms(1, 1000, 20000);
    CHECK(!(d1 == d2 && d2 == d3));     /* jitter */
    CHECK(retry_delay_ms(60, 1000, 20000) < 20000);   /* no overflow */

    /* Real waits stay within the bound: 5 retries capped at 30 ms. */
    aws_config cfg;
    aws_error err;
    aws_client *c = stub_client(S->port, 5, &err);
    c->retry_base_ms = 10;
    c->retry_max_backoff_ms = 30;
    reset(100, "503");
    long long t0 = aws_mono_ms();
    CHECK(run(c, "DescribeVpcs", NULL, &err) == -1);
    long long took = aws_mono_ms() - t0;
    CHECK(ST.seen == 6);
    CHECK(took < 5 * 30 + 500);
    aws_client_free(c);
    (void)cfg;
}

typedef struct {
    volatile int *flag;
    int after_ms;
} stopper;

static void *stop_later(void *p)
{
    stopper *s = p;
    struct timespec ts = {0, (long)s->after_ms * 1000000L};
    nanosleep(&ts, NULL);
    *s->flag = 1;
    return NULL;
}

static void test_cancel(void)
{
    aws_error err;
    aws_client *c = stub_client(S->port, 5, &err);
    volatile int stop = 0;
    tf_arena *a = tf_arena_new();
    aws_xml_node *out;

    /* Raised while the server is slow to answer. */
    reset(100, "hang");
    stopper sp = {&stop, 100};
    pthread_t t;
    pthread_create(&t, NULL, stop_later, &sp);
    long long t0 = aws_mono_ms();
    CHECK(aws_query_call(c, a, &stop, "ec2", "DescribeVpcs", NULL, &out, &err) == -1);
    CHECK(err.kind == AWS_ERR_CANCELLED);
    CHECK(aws_mono_ms() - t0 < 2500);
    pthread_join(t, NULL);

    /* Raised during a long backoff. */
    c->retry_base_ms = 10000;
    c->retry_max_backoff_ms = 10000;
    stop = 0;
    reset(100, "503");
    /* Make sure the first delay is not tiny: several tries. */
    pthread_create(&t, NULL, stop_later, &sp);
    t0 = aws_mono_ms();
    int rc = aws_query_call(c, a, &stop, "ec2", "DescribeVpcs", NULL, &out, &err);
    long long took = aws_mono_ms() - t0;
    pthread_join(t, NULL);
    CHECK(rc == -1);
    CHECK(err.kind == AWS_ERR_CANCELLED);
    CHECK(took < 1500);

    /* Already raised: nothing is sent. */
    reset(0, "503");
    stop = 1;
    CHECK(aws_query_call(c, a, &stop, "ec2", "DescribeVpcs", NULL, &out, &err) == -1);
    CHECK(err.kind == AWS_ERR_CANCELLED);
    CHECK(ST.seen == 0);
    tf_arena_free(a);
    aws_client_free(c);
}

static void test_connection_reuse(void)
{
    aws_error err;
    aws_client *c = stub_client(S->port, 0, &err);
    reset(0, "503");
    pthread_mutex_lock(&S->mu);
    S->connections = 0;
    pthread_mutex_unlock(&S->mu);
    for (int i = 0; i < 10; i++)
        CHECK(run(c, "DescribeVpcs", NULL, &err) == 0);
    CHECK(S->connections == 1);
    aws_client_free(c);
}

typedef struct {
    aws_client *c;
    int ok;
} par_arg;

static void *parallel_calls(void *p)
{
    par_arg *pa = p;
    aws_error err;
    for (int i = 0; i < 25; i++)
        if (run(pa->c, "DescribeVpcs", NULL, &err) == 0)
            pa->ok++;
    return NULL;
}

static void test_threads(void)
{
    aws_error err;
    aws_client *c = stub_client(S->port, 3, &err);
    reset(0, "503");
    pthread_t t[6];
    par_arg pa[6];
    for (int i = 0; i < 6; i++) {
        pa[i] = (par_arg){c, 0};
        pthread_create(&t[i], NULL, parallel_calls, &pa[i]);
    }
    int ok = 0;
    for (int i = 0; i < 6; i++) {
        pthread_join(t[i], NULL);
        ok += pa[i].ok;
    }
    CHECK(ok == 150);
    CHECK(S->connections <= 6 + 1);
    aws_client_free(c);
}

static aws_client *proxied_client(const char *http_proxy, const char *no_proxy,
                                  aws_error *err)
{
    aws_kv ep[] = {{"ec2", "http://ec2.example.invalid:8080"}};
    aws_config cfg;
    aws_config_init(&cfg);
    cfg.region = "us-east-1";
    cfg.access_key = "AKID";
    cfg.secret_key = "SECRET";
    cfg.endpoints = ep;
    cfg.n_endpoints = 1;
    cfg.max_retries = 0;
    cfg.skip_credentials_validation = 1;
    cfg.skip_requesting_account_id = 1;
    cfg.skip_metadata_api_check = 1;
    cfg.http_proxy = http_proxy;
    cfg.no_proxy = no_proxy;
    return aws_client_new(&cfg, NULL, err);
}

static void test_proxy_and_tls_settings(void)
{
    char proxy[64];
    snprintf(proxy, sizeof proxy, "http://127.0.0.1:%d", S->port);
    aws_error err;
    /* The stub plays the proxy: it sees the absolute URL and the Host of
     * the real endpoint, which is also what was signed. */
    aws_client *c = proxied_client(proxy, NULL, &err);
    CHECK(c != NULL);
    reset(0, "503");
    stub_reset(S);
    CHECK(run(c, "DescribeVpcs", NULL, &err) == 0);
    CHECK(S->n_requests == 1);
    if (S->n_requests == 1) {
        CHECK_STR(S->requests[0].target, "http://ec2.example.invalid:8080/");
        CHECK_STR(stub_header(&S->requests[0], "Host"), "ec2.example.invalid:8080");
    }
    aws_client_free(c);
    /* no_proxy: connects directly, which cannot resolve. */
    c = proxied_client(proxy, "example.invalid", &err);
    stub_reset(S);
    CHECK(run(c, "DescribeVpcs", NULL, &err) == -1);
    CHECK(err.kind == AWS_ERR_NETWORK);
    CHECK(S->n_requests == 0);
    aws_client_free(c);
    /* HTTP_PROXY from the environment, upper case as the Go SDK reads it. */
    setenv("HTTP_PROXY", proxy, 1);
    c = proxied_client(NULL, NULL, &err);
    CHECK(run(c, "DescribeVpcs", NULL, &err) == 0);
    CHECK(S->n_requests == 1);
    aws_client_free(c);
    unsetenv("HTTP_PROXY");

    /* A CA bundle that cannot be read is a configuration error. */
    aws_config cfg;
    aws_config_init(&cfg);
    cfg.region = "us-east-1";
    cfg.access_key = "AKID";
    cfg.secret_key = "SECRET";
    cfg.skip_credentials_validation = 1;
    cfg.skip_requesting_account_id = 1;
    cfg.custom_ca_bundle = "/nonexistent/ca.pem";
    CHECK(aws_client_new(&cfg, NULL, &err) == NULL);
    CHECK(err.kind == AWS_ERR_CONFIG && strstr(err.message, "/nonexistent/ca.pem"));
    cfg.custom_ca_bundle = NULL;
    setenv("AWS_CA_BUNDLE", "/nonexistent/env-ca.pem", 1);
    CHECK(aws_client_new(&cfg, NULL, &err) == NULL);
    CHECK(err.kind == AWS_ERR_CONFIG && strstr(err.message, "env-ca.pem"));
    unsetenv("AWS_CA_BUNDLE");
    /* TLS to a plain-HTTP port that never answers the handshake: the
     * connect timeout (which covers the handshake) ends it cleanly. */
    char url[64];
    snprintf(url, sizeof url, "https://127.0.0.1:%d", S->port);
    aws_kv ep[] = {{"ec2", url}};
    cfg.endpoints = ep;
    cfg.n_endpoints = 1;
    cfg.max_retries = 0;
    cfg.insecure = 1;
    cfg.connect_timeout_ms = 300;
    c = aws_client_new(&cfg, NULL, &err);
    CHECK(c != NULL);
    long long t0 = aws_mono_ms();
    CHECK(run(c, "DescribeVpcs", NULL, &err) == -1);
    CHECK(err.kind == AWS_ERR_NETWORK);
    CHECK_STR(err.code, "RequestTimeoutError");
    CHECK(aws_mono_ms() - t0 < 2000);
    aws_client_free(c);
}

/* The DEBUG line of a call: service, operation, status, duration, request
 * id, attempt - and nothing secret. */
static void test_log_line(void)
{
    char path[] = "/tmp/tfp-retry-log-XXXXXX";
    int fd = mkstemp(path);
    fflush(stderr);
    int saved = dup(2);
    dup2(fd, 2);
    aws_error err;
    aws_client *c = stub_client(S->port, 3, &err);
    reset(1, "throttle");
    run(c, "DescribeVpcs", NULL, &err);
    aws_client_free(c);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    tf_arena *a = tf_arena_new();
    char *log = aws_read_file(a, path, 1 << 20);
    close(fd);
    unlink(path);
    CHECK(log != NULL);
    if (log) {
        CHECK(strstr(log, "aws: ec2 DescribeVpcs: HTTP 400 in ") != NULL);
        CHECK(strstr(log, "request id thr, attempt 1: RequestLimitExceeded") != NULL);
        CHECK(strstr(log, "aws: ec2 DescribeVpcs: HTTP 200 in ") != NULL);
        CHECK(strstr(log, "request id ok-req-2, attempt 2") != NULL);
        CHECK(strstr(log, "SECRET") == NULL);
        CHECK(strstr(log, "Signature") == NULL);
        CHECK(strstr(log, "Authorization") == NULL);
    }
    tf_arena_free(a);
}

int main(void)
{
    setenv("TF_LOG", "DEBUG", 1);
    const char *proxies[] = {"HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy",
                             "NO_PROXY", "no_proxy", "AWS_CA_BUNDLE"};
    for (size_t i = 0; i < sizeof proxies / sizeof proxies[0]; i++)
        unsetenv(proxies[i]);
    S = stub_start(retry_handler, &ST);
    /* DEBUG logs go to a file only in test_log_line. */
    fflush(stderr);
    int saved = dup(2);
    FILE *devnull = fopen("/dev/null", "w");
    dup2(fileno(devnull), 2);
    fclose(devnull);
    test_retries();
    test_network_errors();
    test_backoff_bounds();
    test_cancel();
    test_connection_reuse();
    test_threads();
    test_proxy_and_tls_settings();
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    test_log_line();
    stub_stop(S);
    return test_finish();
}

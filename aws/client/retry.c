/* retry.c - the SDK "standard" retry mode.
 *
 * A failure is retried when it is throttling, a transient server error or a
 * network failure; the wait before retry N is uniform in
 * [0, min(max_backoff, base * 2^N)) ("full jitter", base 1 s and cap 20 s as
 * in the SDKs); and a client-wide quota of retry tokens (500, 5 per retry, 10
 * after a timeout, given back on success) stops a struggling endpoint from
 * being hammered by every thread at once. */
#include <string.h>
#include <time.h>

#include <openssl/rand.h>

#include "internal.h"

#define RETRY_QUOTA_MAX 500

static const char *const throttle_codes[] = {
    "Throttling", "ThrottlingException", "ThrottledException",
    "RequestThrottledException", "TooManyRequestsException",
    "ProvisionedThroughputExceededException", "TransactionInProgressException",
    "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException",
    "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
    "EC2ThrottledException", NULL};

static const char *const transient_codes[] = {
    "RequestTimeout", "RequestTimeoutException", "InternalError",
    "InternalFailure", "ServiceUnavailable", "Unavailable",
    "IDPCommunicationError", NULL};

static int in_list(const char *const *l, const char *s)
{
    for (; *l; l++)
        if (strcmp(*l, s) == 0)
            return 1;
    return 0;
}

retry_class retry_classify(const aws_error *err, const http_response *rs)
{
    switch (err->kind) {
    case AWS_ERR_NETWORK:
        return rs && rs->retryable ? RETRY_TRANSIENT : RETRY_NO;
    case AWS_ERR_API:
        if (in_list(throttle_codes, err->code) || err->http_status == 429)
            return RETRY_THROTTLE;
        if (in_list(transient_codes, err->code))
            return RETRY_TRANSIENT;
        switch (err->http_status) {
        case 500: case 502: case 503: case 504:
            return RETRY_TRANSIENT;
        default:
            return RETRY_NO;
        }
    default:
        return RETRY_NO;
    }
}

double retry_random(void)
{
    unsigned long long r;
    if (RAND_bytes((unsigned char *)&r, sizeof r) != 1)
        r = (unsigned long long)aws_mono_ms() * 6364136223846793005ULL;
    return (double)(r >> 11) / (double)(1ULL << 53);
}

long retry_delay_ms(int attempt, int base_ms, int max_ms)
{
    if (attempt < 1)
        attempt = 1;
    double ceiling = (double)base_ms;
    for (int i = 0; i < attempt && ceiling < max_ms; i++)
        ceiling *= 2;
    if (ceiling > max_ms)
        ceiling = max_ms;
    return (long)(retry_random() * ceiling);
}

int retry_quota_take(aws_client *c, int cost)
{
    pthread_mutex_lock(&c->retry_mu);
    int ok = c->retry_tokens >= cost;
    if (ok)
        c->retry_tokens -= cost;
    pthread_mutex_unlock(&c->retry_mu);
    return ok;
}

void retry_quota_refund(aws_client *c, int amount)
{
    pthread_mutex_lock(&c->retry_mu);
    c->retry_tokens += amount;
    if (c->retry_tokens > RETRY_QUOTA_MAX)
        c->retry_tokens = RETRY_QUOTA_MAX;
    pthread_mutex_unlock(&c->retry_mu);
}

int aws_test_virtual_clock;
static long long virtual_ms;

int retry_sleep(const volatile int *stop, long ms)
{
    if (aws_test_virtual_clock) {
        if (stop && *stop)
            return -1;
        virtual_ms += ms > 0 ? ms : 0;
        return 0;
    }
    long long until = aws_mono_ms() + ms;
    for (;;) {
        if (stop && *stop)
            return -1;
        long long left = until - aws_mono_ms();
        if (left <= 0)
            return 0;
        if (left > 20)
            left = 20;
        struct timespec ts = {0, (long)left * 1000000L};
        nanosleep(&ts, NULL);
    }
}

long long aws_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 + virtual_ms;
}

long long aws_now(void)
{
    return (long long)time(NULL);
}

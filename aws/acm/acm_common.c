/* acm_common.c - ACM calls and lookups shared by the ACM types. */
#include "acm_common.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int acm_call(tf_ctx *ctx, const aws_meta *m, const char *op, json_t *in, json_t **out,
             aws_error *err)
{
    json_t *o = NULL;
    int rc = aws_json_call(m->client, ctx->arena, ctx->stop, "acm", op, in, &o, err);
    if (out)
        *out = o;
    else
        json_decref(o);
    return rc;
}

int acm_find_certificate(tf_ctx *ctx, const aws_meta *m, const char *arn, bool any_status,
                         json_t **out, aws_error *err)
{
    *out = NULL;
    json_t *in = json_pack("{s:s}", "CertificateArn", arn);
    json_t *o = NULL;
    int rc = acm_call(ctx, m, "DescribeCertificate", in, &o, err);
    json_decref(in);
    if (rc != 0)
        return aws_error_is(err, "ResourceNotFoundException") ? 0 : -1;
    json_t *cert = json_object_get(o, "Certificate");
    if (!json_is_object(cert)) {
        json_decref(o);
        aws_error_set(err, AWS_ERR_RESPONSE, "EmptyResult",
                      "DescribeCertificate answered no certificate");
        return -1;
    }
    const char *status = json_string_value(json_object_get(cert, "Status"));
    if (!any_status && status && strcmp(status, "VALIDATION_TIMED_OUT") == 0) {
        aws_error_set(err, AWS_ERR_API, "NotFound", "%s", status);
        json_decref(o);
        return 0;
    }
    *out = json_incref(cert);
    json_decref(o);
    return 1;
}

const char *acm_rfc3339(tf_arena *a, const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    if (!json_is_number(v))
        return NULL;
    /* the SDK keeps milliseconds; RFC3339 drops them (towards the past) */
    long long ms = (long long)(json_number_value(v) * 1000.0);
    time_t t = (time_t)(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        return NULL;
    char buf[40];
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return tf_arena_strdup(a, buf);
}

const char *acm_go_time_string(tf_arena *a, const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    if (!json_is_number(v))
        return "0001-01-01 00:00:00 +0000 UTC";
    /* smithy-go's ParseEpochSeconds: seconds * 1e3 rounded to a double,
     * truncated to whole milliseconds */
    long long ms = (long long)(json_number_value(v) * 1000.0);
    long long sec = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
    int frac = (int)(ms - sec * 1000);
    time_t t = (time_t)sec;
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        return "0001-01-01 00:00:00 +0000 UTC";
    char date[32], fr[8] = "";
    strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S", &tm);
    if (frac) {
        /* Go's .999999999: the fraction without its trailing zeros */
        snprintf(fr, sizeof fr, ".%03d", frac);
        size_t n = strlen(fr);
        while (n > 1 && fr[n - 1] == '0')
            fr[--n] = '\0';
    }
    return tf_arena_printf(a, "%s%s +0000 UTC", date, fr);
}

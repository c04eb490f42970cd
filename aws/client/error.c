/* error.c - aws_error, the one error value every client call returns.
 *
 * An error is a plain struct of fixed buffers so it can be copied, returned
 * and kept without caring who owns what.  Messages never contain secrets:
 * the callers that fill them only ever pass codes, URLs and AWS messages. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "aws.h"
#include "buf.h"
#include "internal.h"

void aws_error_clear(aws_error *e)
{
    if (e)
        memset(e, 0, sizeof *e);
}

void aws_error_stamp(aws_error *err, const char *service, const char *op,
                     const http_response *rs)
{
    snprintf(err->service, sizeof err->service, "%s", service);
    snprintf(err->operation, sizeof err->operation, "%s", op);
    snprintf(err->request_id, sizeof err->request_id, "%s",
             rs->request_id ? rs->request_id : "");
    err->http_status = (int)rs->status;
}

void aws_error_set(aws_error *e, aws_error_kind kind, const char *code,
                   const char *fmt, ...)
{
    if (!e)
        return;
    aws_error_clear(e);
    e->kind = kind;
    snprintf(e->code, sizeof e->code, "%s", code ? code : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
}

int aws_error_is(const aws_error *e, const char *code)
{
    return e && code && e->kind == AWS_ERR_API && strcmp(e->code, code) == 0;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

int aws_error_is_not_found(const aws_error *e)
{
    if (!e || e->kind != AWS_ERR_API)
        return 0;
    return ends_with(e->code, "NotFound") || ends_with(e->code, "NotFoundException") ||
           ends_with(e->code, ".NotFound") || ends_with(e->code, "NotFoundFault") ||
           strcmp(e->code, "NoSuchEntity") == 0;
}

static const char *kind_name(aws_error_kind k)
{
    switch (k) {
    case AWS_OK: return "no error";
    case AWS_ERR_API: return "api error";
    case AWS_ERR_NETWORK: return "network error";
    case AWS_ERR_CANCELLED: return "cancelled";
    case AWS_ERR_TIMEOUT: return "timeout";
    case AWS_ERR_CREDENTIALS: return "credentials error";
    case AWS_ERR_CONFIG: return "configuration error";
    case AWS_ERR_RESPONSE: return "response error";
    }
    return "error";
}

/* Service names as the Go SDK prints them in "operation error X: Op". */
static const char *service_title(const char *id)
{
    static const struct { const char *id, *title; } t[] = {
        {"ec2", "EC2"}, {"elbv2", "Elastic Load Balancing v2"}, {"ecs", "ECS"},
        {"autoscaling", "Auto Scaling"}, {"sts", "STS"}, {"iam", "IAM"},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        if (strcmp(t[i].id, id) == 0)
            return t[i].title;
    return id;
}

const char *aws_error_string(const aws_error *e, tf_arena *a)
{
    aws_buf b;
    aws_buf_init(&b, a);
    if (!e || e->kind == AWS_OK)
        return "no error";
    if (e->service[0])
        aws_buf_printf(&b, "operation error %s: %s, ", service_title(e->service),
                       e->operation);
    if (e->http_status)
        aws_buf_printf(&b, "https response error StatusCode: %d, ", e->http_status);
    if (e->request_id[0])
        aws_buf_printf(&b, "RequestID: %s, ", e->request_id);
    if (e->kind == AWS_ERR_API)
        aws_buf_printf(&b, "api error %s: %s", e->code, e->message);
    else if (e->code[0])
        aws_buf_printf(&b, "%s (%s): %s", kind_name(e->kind), e->code, e->message);
    else
        aws_buf_printf(&b, "%s: %s", kind_name(e->kind), e->message);
    return b.data;
}

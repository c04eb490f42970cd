/* diagnostics.h - AWS errors as Terraform diagnostics, and timeouts.
 *
 * Every failed AWS call that reaches the user goes through aws_diag(), so
 * the wording is uniform: the summary says what was being done and what AWS
 * answered (code and message), the detail carries the full SDK-style error
 * with the request ID for AWS support.  Secrets never reach these strings:
 * the client's errors do not contain them. */
#ifndef AWS_DIAGNOSTICS_H
#define AWS_DIAGNOSTICS_H

#include "aws.h"
#include "schema.h"

/* what_fmt: "creating EC2 VPC", "reading EC2 Subnet (%s)", ... */
void aws_diag(tf_ctx *ctx, const aws_error *err, const char *what_fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* One attribute of a resource's `timeouts` block, the duration allowed for
 * op ("create", "update", "delete"), as aws_timeout() reads it. */
#define AWS_TIMEOUT_ATTRIBUTE(op, desc)                                                       \
    {.name = op, .type = "string", .flags = TF_OPTIONAL, .description = desc,                 \
     .validators = (const tf_validator[]){TF_V_DURATION, TF_V_END}}

/* Seconds allowed for op ("create", "read", "update", "delete") by the
 * resource's `timeouts` block in v (planned or prior state), else
 * default_seconds.  Durations use Go's syntax ("10m", "1h30m"). */
double aws_timeout(const tf_value *v, const char *op, double default_seconds);

#endif

/* acm_common.h - what aws_acm_certificate and aws_acm_certificate_validation
 * share: ACM calls and hashicorp/aws's certificate lookup. */
#ifndef AWS_ACM_ACM_COMMON_H
#define AWS_ACM_ACM_COMMON_H

#include <stdbool.h>

#include "aws.h"
#include "provider_meta.h"
#include "schema.h"

/* One ACM call; *out (may be NULL) is the caller's to json_decref. */
int acm_call(tf_ctx *ctx, const aws_meta *m, const char *op, json_t *in, json_t **out,
             aws_error *err);

/* DescribeCertificate of arn as hashicorp's findCertificateByARN: 1 found
 * (*out: the Certificate object, a new reference), 0 gone (unknown to ACM,
 * or VALIDATION_TIMED_OUT, which hashicorp/aws treats as gone), -1 error.
 * With any_status, a VALIDATION_TIMED_OUT certificate is found too. */
int acm_find_certificate(tf_ctx *ctx, const aws_meta *m, const char *arn, bool any_status,
                         json_t **out, aws_error *err);

/* A json 1.1 timestamp member as Go's time.RFC3339 writes it (UTC, whole
 * seconds); NULL when absent. */
const char *acm_rfc3339(tf_arena *a, const json_t *obj, const char *key);

/* The same timestamp as Go's time.Time.String() writes the SDK's value
 * (milliseconds, UTC): "2026-12-07 22:50:01.123 +0000 UTC"; the zero time
 * "0001-01-01 00:00:00 +0000 UTC" when absent. */
const char *acm_go_time_string(tf_arena *a, const json_t *obj, const char *key);

#endif

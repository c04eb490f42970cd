/* ec2_retry.h - retrying EC2 calls that fail for a while for known reasons.
 *
 * EC2 is eventually consistent and refuses some calls while dependencies
 * settle (DependencyViolation while an attachment is being torn down,
 * *.NotFound for an id created a moment ago).  Such calls are retried with
 * aws_wait's backoff until a deadline; when the deadline passes the error
 * returned is the last one AWS gave, so the user sees why it kept failing. */
#ifndef AWS_EC2_RETRY_H
#define AWS_EC2_RETRY_H

#include "aws.h"

/* Calls ec2 Action like aws_query_call, retrying while the error code is
 * one of retry_codes (NULL-terminated) for up to timeout_seconds. */
int ec2_call_retry(aws_client *c, tf_arena *a, const volatile int *stop, const char *action,
                   const aws_params *params, aws_xml_node **out, double timeout_seconds,
                   const char *const *retry_codes, aws_error *err);

#endif

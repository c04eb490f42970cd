/* query_retry.h - query-protocol calls retried while they fail for a known,
 * passing reason.
 *
 * AWS is eventually consistent: an instance profile, certificate or
 * security group made a moment ago may not be usable yet, and an object
 * being torn down refuses some calls for a while.  Such calls are repeated
 * with aws_wait's backoff until a deadline; when the deadline passes, the
 * error returned is the last one AWS gave (with how long it was retried),
 * so that the user sees why it kept failing rather than a bare timeout. */
#ifndef AWS_QUERY_RETRY_H
#define AWS_QUERY_RETRY_H

#include <stdbool.h>

#include "aws.h"

/* Which API errors are worth another try: those whose code is listed, and
 * those when() accepts.  Either part may be NULL. */
typedef struct aws_retry_on {
    const char *const *codes;              /* NULL-terminated */
    bool (*when)(const aws_error *err);
} aws_retry_on;

/* aws_query_call on service, repeated while its API error matches retry,
 * for up to timeout_seconds. */
int aws_query_call_retry(aws_client *c, tf_arena *a, const volatile int *stop,
                         const char *service, const char *action, const aws_params *params,
                         aws_xml_node **out, double timeout_seconds, aws_retry_on retry,
                         aws_error *err);

#endif

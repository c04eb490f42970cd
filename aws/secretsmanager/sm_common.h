/* sm_common.h - what the Secrets Manager types share: calls, retries
 * through AWS's propagation delay, and the secret lookups hashicorp/aws
 * makes (findSecretByID, findSecretVersionByTwoPartKey).
 *
 * Secrets Manager is eventually consistent: a secret just created may
 * answer ResourceNotFoundException for a moment, and a name whose secret was
 * just deleted is refused for a while.  hashicorp/aws retries those for its
 * propagation timeout (two minutes); so do these helpers. */
#ifndef AWS_SECRETSMANAGER_SM_COMMON_H
#define AWS_SECRETSMANAGER_SM_COMMON_H

#include <stdbool.h>

#include "aws.h"
#include "provider_meta.h"
#include "schema.h"

#define SM_PROPAGATION_TIMEOUT (2 * 60.0)

/* One call; *out (may be NULL) is the caller's to json_decref. */
int sm_call(tf_ctx *ctx, const aws_meta *m, const char *op, json_t *in, json_t **out,
            aws_error *err);

/* The same, repeated while the answer is ResourceNotFoundException (an
 * object just made, not visible yet) for up to the propagation timeout. */
int sm_call_retry_missing(tf_ctx *ctx, const aws_meta *m, const char *op, json_t *in,
                          json_t **out, aws_error *err);

/* DescribeSecret of id; 1 found (*out a new reference), 0 gone (unknown to
 * AWS or scheduled for deletion, as findSecretByID treats it), -1 error.
 * With retry_missing, "gone" is retried for the propagation timeout. */
int sm_find_secret(tf_ctx *ctx, const aws_meta *m, const char *id, bool retry_missing,
                   json_t **out, aws_error *err);

/* GetSecretValue of (secret, version id); 1 found, 0 gone (unknown, or the
 * secret deleted or marked for deletion), -1 error. */
int sm_find_version(tf_ctx *ctx, const aws_meta *m, const char *secret_id,
                    const char *version_id, bool retry_missing, json_t **out, aws_error *err);


/* A JSON timestamp (seconds since the epoch, as json 1.1 sends it) as Go's
 * time.RFC3339 writes it in UTC; NULL when absent. */
const char *sm_rfc3339(tf_arena *a, const json_t *obj, const char *key);


#endif

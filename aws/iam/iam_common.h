/* iam_common.h - what the IAM resources share: calls retried through IAM's
 * propagation delay, policy documents in state as hashicorp/aws keeps them,
 * tags and timestamps of IAM answers.
 *
 * IAM is eventually consistent: a role, policy or profile just created may
 * answer NoSuchEntity for a while, and a role just created is not yet
 * usable by other services.  hashicorp/aws retries reads of new objects and
 * creates that refer to new ones for up to two minutes (its
 * propagationTimeout); so do these helpers. */
#ifndef AWS_IAM_COMMON_H
#define AWS_IAM_COMMON_H

#include <stdbool.h>

#include "aws.h"
#include "provider_meta.h"
#include "schema.h"
#include "value_build.h"

#define IAM_PROPAGATION_TIMEOUT (2 * 60.0)

/* An IAM call; with retry_missing, NoSuchEntity is retried until the
 * propagation timeout (for objects just created, or just referred to). */
int iam_call(tf_ctx *ctx, const aws_meta *m, const char *action, const aws_params *p,
             bool retry_missing, aws_xml_node **out, aws_error *err);

/* IAM answers documents URL-encoded: the decoded text (Go's
 * url.QueryUnescape: %XX and '+' as space). */
const char *iam_url_decode(tf_arena *a, const char *s);

/* hashicorp's verify.LegacyPolicyNormalize: the normalised JSON with a
 * "Version":"2012-10-17" member moved first.  NULL when not JSON. */
const char *iam_policy_legacy_normalize(tf_arena *a, const char *text);

/* The policy text to keep in state after reading remote: the existing text
 * when it is equivalent to remote, else remote; normalised either way
 * (legacy: LegacyPolicyNormalize, as aws_iam_role_policy stores it even
 * after an import). */
const char *iam_policy_to_set(tf_arena *a, const char *existing, const char *remote, bool legacy);

/* modify_plan for a policy document attribute: planned as hashicorp's
 * StateFunc normalises the configured text (legacy: LegacyPolicyNormalize,
 * else NormalizeJsonString); a prior value equivalent to it is kept. */
void iam_plan_policy(tf_ctx *ctx, tf_plan_req *req, const char *attr, bool legacy);

/* <Tags><member><Key/><Value/></member></Tags> under node. */
aws_kv *iam_tags_from_xml(tf_arena *a, const aws_xml_node *node, size_t *n);

/* Tags of a taggable IAM object brought from old tags_all to new:
 * untag_action/tag_action ("UntagRole"/"TagRole") with id_param=id. */
int iam_update_tags(tf_ctx *ctx, const aws_meta *m, const char *untag_action,
                    const char *tag_action, const char *id_param, const char *id,
                    const tf_value *old_all, const tf_value *new_all, aws_error *err);

/* An IAM timestamp as Go's time.RFC3339 writes it (no fraction). */
const char *iam_rfc3339(tf_arena *a, const char *t);



/* A create_once lookup: Get<Object> by name; the object's id at id_path
 * ("Role/RoleName") when it exists. */
typedef struct iam_lookup {
    aws_client *client;
    const volatile int *stop;
    const char *action, *param, *value, *id_path;
} iam_lookup;

int iam_lookup_ids(void *ud, tf_arena *a, const char ***ids, size_t *n, aws_error *err);

#endif

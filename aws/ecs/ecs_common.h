/* ecs_common.h - what the ECS resources share: the json 1.1 call, retried
 * while ECS settles; the life of an object (created and named by its ARN,
 * described until INACTIVE means gone, deleted again and again while
 * something still holds it); tags in ECS's {key, value} form; and small
 * movers between state values and JSON.
 *
 * ECS speaks json 1.1 (aws_json_call); answers are jansson trees that the
 * caller releases.  Tag changes go through TagResource/UntagResource on the
 * object's ARN, for every ECS type alike. */
#ifndef AWS_ECS_COMMON_H
#define AWS_ECS_COMMON_H

#include <jansson.h>
#include <stdbool.h>

#include "aws.h"
#include "provider_meta.h"
#include "schema.h"
#include "value_build.h"

/* aws_json_call on "ecs"; 0 or -1 with err filled in. */
int ecs_call(tf_ctx *ctx, const aws_meta *m, const char *op, json_t *in, json_t **out,
             aws_error *err);

/* An error worth retrying: code (NULL: any code), and a message part
 * (NULL: any message).  Lists of them end with {0}. */
typedef struct ecs_retry {
    const char *code;
    const char *message;
} ecs_retry;

/* ecs_call, repeated with backoff while the error matches one of retry
 * ({0}-terminated) until timeout seconds pass; the last AWS error is
 * reported then. */
int ecs_call_retry(tf_ctx *ctx, const aws_meta *m, const char *op, json_t *in, json_t **out,
                   double timeout, const ecs_retry *retry, aws_error *err);

/* Results of a find: the object, or gone (missing, or INACTIVE). */
enum { ECS_FOUND = 0, ECS_GONE = 1 };

/* Describe* op with in (released): ECS_FOUND with *item, the first entry of
 * the answer's list that is not INACTIVE; ECS_GONE when there is none or
 * the error's code is one of gone (NULL-terminated); -1 with err.  *item is
 * owned by *out, which the caller releases in every case. */
int ecs_describe_active(tf_ctx *ctx, const aws_meta *m, const char *op, json_t *in,
                        const char *list, const char *const *gone, json_t **out,
                        const json_t **item, aws_error *err);

/* Calls op with in until it succeeds or its error's code is one of gone
 * (NULL-terminated: the object is gone already, which is success too),
 * again and again while the error matches busy, for up to timeout seconds.
 * 0, or -1 with err (after the deadline: the timeout, naming the last
 * code). */
int ecs_call_until_done(tf_ctx *ctx, const aws_meta *m, const char *op, json_t *in,
                        double timeout, const char *const *gone, const ecs_retry *busy,
                        aws_error *err);

/* Create* op with in (released), retried as ecs_call_retry; the ARN at
 * object.arn_field of the answer, or NULL after a diagnostic "creating
 * <what> (<name>)". */
typedef struct ecs_create_op {
    const char *op;         /* "CreateCluster" */
    const char *what;       /* "ECS Cluster" */
    const char *object;     /* "cluster" */
    const char *arn_field;  /* "clusterArn" */
} ecs_create_op;
/* The create goes through aws_create_once: lookup (with ud) finds what an
 * earlier attempt made, NULL where the operation carries a token or AWS
 * answers a repeat with the first object. */
const char *ecs_create(tf_ctx *ctx, const aws_meta *m, const ecs_create_op *c, json_t *in,
                       const char *name, double timeout, const ecs_retry *retry,
                       aws_create_lookup_fn lookup, void *ud);

/* Sets `tags` and `tags_all` of a state being built on base from an ECS tag
 * list. */
void ecs_tags_state(tf_objb *b, const aws_meta *m, const json_t *list, const tf_value *base);
/* Sets "tags" of a Create or Register input to planned's tags_all, unless
 * there are none. */
void ecs_json_put_tags(tf_arena *a, json_t *in, const tf_value *planned);
/* Untags/tags arn from old_map to new_map (tags_all maps); 0 or -1 with a
 * diagnostic. */
int ecs_tags_update(tf_ctx *ctx, const aws_meta *m, const char *arn, const tf_value *old_map,
                    const tf_value *new_map);

/* Sets key of o to the string attribute name of obj unless it is null,
 * unknown or "". */
void ecs_json_put_str(json_t *o, const char *key, const tf_value *obj, const char *name);
/* A string field of obj copied into the arena, or NULL. */
const char *ecs_json_str(tf_arena *a, const json_t *obj, const char *key);
/* An integer field, or dflt when absent or not an integer. */
long long ecs_json_int(const json_t *obj, const char *key, long long dflt);
/* A boolean field, or dflt. */
bool ecs_json_bool(const json_t *obj, const char *key, bool dflt);
/* list(string)/set(string) value from a JSON array of strings. */
const tf_value *ecs_json_strings(tf_arena *a, const json_t *arr, bool as_set);
/* A JSON array of the strings of a known list/set value (new reference). */
json_t *ecs_strings_json(const tf_value *v);

/* Fills b (of object type obj: aws_ecs_task_definition's, or the data
 * source's) with what DescribeTaskDefinition's taskDefinition td says:
 * everything but the identity (arn, family, revision, id) and tags.
 * (aws/ecs/task_definition.c) */
void ecs_task_definition_fields(tf_objb *b, const tf_type *obj, const json_t *td);

/* The part after the last '/' of an ARN ("cluster/name" -> "name"). */
const char *ecs_arn_last(const char *arn);

#endif

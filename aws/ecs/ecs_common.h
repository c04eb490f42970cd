/* ecs_common.h - what the ECS resources share: the json 1.1 call with a
 * diagnostic, tags in ECS's {key, value} form, and small readers of JSON
 * answers into state values.
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

/* aws_json_call on "ecs"; 0 or -1 with err filled in. */
int ecs_call(tf_ctx *ctx, const aws_meta *m, const char *op, json_t *in, json_t **out,
             aws_error *err);

/* An error worth retrying: code, and a message part (NULL: any message). */
typedef struct ecs_retry {
    const char *code;
    const char *message;
} ecs_retry;

/* ecs_call, repeated with backoff while the error matches one of retry
 * ({0}-terminated) until timeout seconds pass; the last AWS error is
 * reported then. */
int ecs_call_retry(tf_ctx *ctx, const aws_meta *m, const char *op, json_t *in, json_t **out,
                   double timeout, const ecs_retry *retry, aws_error *err);

/* [{"key":k,"value":v}, ...] (new reference) from pairs. */
json_t *ecs_tags_json(const aws_kv *tags, size_t n);
/* Pairs from an ECS tag list (absent or not an array: none). */
aws_kv *ecs_tags_from_json(tf_arena *a, const json_t *list, size_t *n);
/* Untags/tags arn from old_map to new_map (tags_all maps); 0 or -1 with a
 * diagnostic. */
int ecs_tags_update(tf_ctx *ctx, const aws_meta *m, const char *arn, const tf_value *old_map,
                    const tf_value *new_map);

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

/* The part after the last '/' of an ARN ("cluster/name" -> "name"). */
const char *ecs_arn_last(const char *arn);

#endif

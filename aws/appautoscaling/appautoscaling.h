/* appautoscaling.h - what the Application Auto Scaling resources share: the
 * json 1.1 call, upserts made once through aws_create_once, tags as a
 * {key: value} map on a scalable target's ARN, and small JSON readers. */
#ifndef AWS_APPAUTOSCALING_H
#define AWS_APPAUTOSCALING_H

#include <jansson.h>
#include <stdbool.h>

#include "aws.h"
#include "provider_meta.h"
#include "schema.h"

/* Results of a find. */
enum { AAS_FOUND = 0, AAS_GONE = 1 };

/* aws_json_call on "appautoscaling" (in is not released); 0 or -1. */
int aas_call(tf_ctx *ctx, const aws_meta *m, const char *op, json_t *in, json_t **out,
             aws_error *err);

/* An error that passes (IAM or the scaled resource not visible yet): code
 * and a message part (NULL: any).  Lists end with {0}. */
typedef struct aas_retry {
    const char *code;
    const char *message;
} aas_retry;

/* RegisterScalableTarget or PutScalingPolicy (in is not released) through
 * aws_create_once, repeated while the error matches retry for up to
 * timeout seconds; 0 or -1 with err. */
int aas_create_once(tf_ctx *ctx, const aws_meta *m, const char *op, json_t *in, json_t **out,
                    double timeout, const aas_retry *retry, aws_error *err);

/* A string field copied into the arena, or NULL. */
const char *aas_json_str(tf_arena *a, const json_t *obj, const char *key);
/* Whether string field key of obj equals s. */
bool aas_str_is(const json_t *obj, const char *key, const char *s);
/* An integer field, or dflt. */
long long aas_json_int(const json_t *obj, const char *key, long long dflt);

/* {"k": "v"} of planned's tags_all (new reference), NULL when empty. */
json_t *aas_tags_json(tf_arena *a, const tf_value *planned);
/* Pairs from a {"k": "v"} map (absent: none). */
aws_kv *aas_tags_from_json(tf_arena *a, const json_t *map, size_t *n);
/* Untag/tag arn from old_map to new_map (tags_all maps); 0 or -1 with a
 * diagnostic. */
int aas_tags_update(tf_ctx *ctx, const aws_meta *m, const char *arn, const tf_value *old_map,
                    const tf_value *new_map);

#endif

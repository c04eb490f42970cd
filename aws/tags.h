/* tags.h - `tags`, `tags_all`, default_tags and ignore_tags, as hashicorp/aws
 * handles them for every taggable resource.
 *
 *   plan:  tags_all = default_tags merged with the resource's tags (the
 *          resource wins), minus ignored keys; unknown while any tag value is
 *          unknown, when nothing is left and the object is new or had tags,
 *          and when an empty tag value makes the result uncertain (as
 *          hashicorp/aws's setTagsAll: changed tags with a "" value, or
 *          unchanged ones whose merge has one and differs from before).
 *   apply: AWS receives tags_all.
 *   read:  tags_all = what AWS reports minus ignored keys; tags = the same
 *          minus default tags (same key and value) that the resource did not
 *          set itself.  An untagged object reads tags = {}, tags_all = {}
 *          (tags stays null after create/update when config has none).
 */
#ifndef AWS_TAGS_H
#define AWS_TAGS_H

#include <stddef.h>

#include "aws.h"
#include "provider_meta.h"
#include "schema.h"
#include "value_build.h"

/* The `tags` and `tags_all` attributes of a taggable resource, for its
 * schema's attribute table (hashicorp/aws's TagsSchema and
 * TagsSchemaComputed). */
#define AWS_TAGS_ATTRIBUTES                                                                  \
    {.name = "tags", .type = "map(string)", .flags = TF_OPTIONAL,                            \
     .description = "Tags of the resource."},                                                \
    {.name = "tags_all", .type = "map(string)", .flags = TF_OPTIONAL | TF_COMPUTED,          \
     .description = "All tags of the resource, including the provider's default tags."}

/* For modify_plan hooks: sets tags_all in req->planned. */
void aws_tags_plan(tf_ctx *ctx, tf_plan_req *req);
/* The same for a type hashicorp/aws implements with terraform-plugin-framework:
 * tags_all is planned as the merged map whenever tags is known (even {}). */
void aws_tags_plan_framework(tf_ctx *ctx, tf_plan_req *req);

/* tags_all of a planned state as key/value pairs (sorted by key). */
aws_kv *aws_tags_from_map(tf_arena *a, const tf_value *map, size_t *n);

/* Whether AWS tag key k is hidden by ignore_tags. */
bool aws_tags_ignored(const aws_meta *m, const char *key);

/* From the tags AWS reports to the `tags` and `tags_all` state values.
 * prior_tags is the `tags` of the prior (or planned) state, may be NULL. */
void aws_tags_to_state(tf_arena *a, const aws_meta *m, const aws_kv *remote, size_t n,
                       const tf_value *prior_tags, const tf_value **tags,
                       const tf_value **tags_all);

/* The same, written into the `tags` and `tags_all` attributes of a state
 * being built (prior_tags: the `tags` of the state it is built on). */
void aws_tags_set_state(tf_objb *b, const aws_meta *m, const aws_kv *remote, size_t n,
                        const tf_value *prior_tags);

/* Keys to remove and pairs to set to go from old to new (maps of strings,
 * either may be null). */
void aws_tags_diff(tf_arena *a, const tf_value *old_map, const tf_value *new_map,
                   const char ***remove, size_t *n_remove, aws_kv **set, size_t *n_set);

/* How a JSON-protocol service (ECS, Application Auto Scaling) tags: its
 * UntagResource takes {arn_key: ARN, keys_key: [keys]} and its TagResource
 * {arn_key: ARN, tags_key: tags_json(pairs)}; what names the object in
 * diagnostics ("ECS resource"). */
typedef struct aws_json_tagging {
    const char *service, *arn_key, *keys_key, *tags_key, *what;
    json_t *(*tags_json)(const aws_kv *tags, size_t n); /* a new reference */
} aws_json_tagging;

/* Moves the tags of arn from old_map to new_map (removals first); 0, or -1
 * with a diagnostic. */
int aws_tags_update_json(tf_ctx *ctx, const aws_meta *m, const aws_json_tagging *t,
                         const char *arn, const tf_value *old_map, const tf_value *new_map);

#endif

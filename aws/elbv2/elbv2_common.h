/* elbv2_common.h - what the three Elastic Load Balancing v2 resources share:
 * their tags (DescribeTags / AddTags / RemoveTags keyed by ARN), their
 * key/value attribute lists (Describe*Attributes / Modify*Attributes), calls
 * retried while AWS answers a known transient error, and waiting until a
 * just-created object is visible. */
#ifndef AWS_ELBV2_COMMON_H
#define AWS_ELBV2_COMMON_H

#include <stdbool.h>

#include "aws.h"
#include "provider_meta.h"
#include "schema.h"

/* Results of a find: the object, none, or an error in err. */
enum { ELBV2_FOUND = 0, ELBV2_NOT_FOUND = 1 };

/* How one kind of object is described by ARN. */
typedef struct elbv2_kind {
    const char *describe;   /* "DescribeListeners" */
    const char *arn_param;  /* "ListenerArns.member.1" */
    const char *list;       /* "Listeners/member" */
    const char *not_found;  /* "ListenerNotFound" */
} elbv2_kind;

/* ELBV2_FOUND with *item, ELBV2_NOT_FOUND, or -1 with err. */
int elbv2_find(tf_ctx *ctx, const aws_meta *m, const elbv2_kind *kind, const char *arn,
               const aws_xml_node **item, aws_error *err);
/* Waits until a just-created object is visible (AWS is eventually
 * consistent); 0 with *item, or -1 with err. */
int elbv2_wait_visible(tf_ctx *ctx, const aws_meta *m, const elbv2_kind *kind, const char *arn,
                       double timeout, const aws_xml_node **item, aws_error *err);

/* Key/value attributes as AWS lists them. */
typedef struct elbv2_attrs {
    aws_kv *kv;
    size_t n;
} elbv2_attrs;

/* The value of key, or NULL when AWS did not list it. */
const char *elbv2_attr(const elbv2_attrs *at, const char *key);
/* Appends key=value to a list being built for a Modify call. */
void elbv2_attr_put(tf_arena *a, elbv2_attrs *at, const char *key, const char *value);

/* Describe<Kind>Attributes with arn_param=arn ("LoadBalancerArn", ...). */
int elbv2_attrs_read(tf_ctx *ctx, const aws_meta *m, const char *action, const char *arn_param,
                     const char *arn, elbv2_attrs *out, aws_error *err);
/* Modify<Kind>Attributes in batches of 20 (AWS's limit); nothing to do for
 * an empty list. */
int elbv2_attrs_modify(tf_ctx *ctx, const aws_meta *m, const char *action, const char *arn_param,
                       const char *arn, const elbv2_attrs *at, aws_error *err);

/* The tags AWS holds for arn. */
int elbv2_tags_read(tf_ctx *ctx, const aws_meta *m, const char *arn, aws_kv **tags, size_t *n,
                    aws_error *err);
/* Applies the difference between two tags_all maps to arn. */
int elbv2_tags_update(tf_ctx *ctx, const aws_meta *m, const char *arn, const tf_value *old_all,
                      const tf_value *new_all, aws_error *err);
/* Sets `tags` and `tags_all` of a state being built from what AWS holds. */
int elbv2_tags_state(tf_ctx *ctx, const aws_meta *m, const char *arn, const tf_value *prior_tags,
                     const tf_value **tags, const tf_value **tags_all, aws_error *err);

/* An elbv2 call retried while its error code is one of retry_codes
 * (NULL-terminated), for up to timeout_seconds; the final error is the last
 * one AWS gave. */
int elbv2_call_retry(tf_ctx *ctx, const aws_meta *m, const char *action, const aws_params *p,
                     aws_xml_node **out, double timeout_seconds, const char *const *retry_codes,
                     aws_error *err);

/* Part of an ARN after its resource marker ("loadbalancer/" -> "app/n/h"),
 * or "" when the marker is absent. */
const char *elbv2_arn_suffix(tf_arena *a, const char *arn, const char *marker);

/* "true"/"false" from a state bool; NULL for null or unknown. */
const char *elbv2_bool_str(const tf_value *v);
/* Decimal text of a state number; NULL for null or unknown. */
const char *elbv2_num_str(tf_arena *a, const tf_value *v);

#endif

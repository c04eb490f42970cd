/* ec2_lookup.h - the lookups that let an EC2 create be retried safely.
 *
 * aws_create_once (aws.h) asks a create without an idempotency token to
 * prove whether an earlier attempt acted.  For most EC2 creates the proof is
 * a Describe call filtered on what the create made unique (a VPC and a CIDR
 * block, a group name, a subnet's association); ec2_lookup describes that
 * call once, and ec2_lookup_ids is the aws_create_lookup_fn running it. */
#ifndef AWS_EC2_LOOKUP_H
#define AWS_EC2_LOOKUP_H

#include "aws.h"

#define EC2_LOOKUP_MAX_FILTERS 24

typedef struct ec2_lookup {
    aws_client *c;
    const volatile int *stop;
    const char *action;           /* "DescribeVpcs" */
    const char *items;            /* "vpcSet/item" */
    const char *id_field;         /* "vpcId" */
    aws_kv filters[EC2_LOOKUP_MAX_FILTERS];   /* Filter name -> one value */
    size_t n_filters;
} ec2_lookup;

/* Starts a lookup. */
void ec2_lookup_init(ec2_lookup *l, aws_client *c, const volatile int *stop, const char *action,
                     const char *items, const char *id_field);
/* Adds a filter (name, value); a NULL or empty value is skipped. */
void ec2_lookup_filter(ec2_lookup *l, const char *name, const char *value);
/* Adds a tag:<key> filter per tag (keys are copied into a). */
void ec2_lookup_tags(ec2_lookup *l, tf_arena *a, const aws_kv *tags, size_t n);
/* aws_create_lookup_fn: the ids of every item the filtered Describe lists. */
int ec2_lookup_ids(void *ud, tf_arena *a, const char ***ids, size_t *n, aws_error *err);

#endif

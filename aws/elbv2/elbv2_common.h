/* elbv2_common.h - what the three Elastic Load Balancing v2 resources share.
 *
 * Load balancers, target groups and listeners are handled by AWS alike:
 * each is created, described, deleted and tagged by ARN, and keeps part of
 * its settings as a list of key/value attributes (Describe*Attributes /
 * Modify*Attributes).  One elbv2_kind names those calls for a kind of
 * object; the functions below do, from it, what every resource does the
 * same way: create and hand back the ARN, refresh a state (waiting for a
 * just-created object to become visible, AWS being eventually consistent),
 * write attributes and tags, delete.  Calls AWS may refuse for a while are
 * retried while it answers a known transient error. */
#ifndef AWS_ELBV2_COMMON_H
#define AWS_ELBV2_COMMON_H

#include <stdbool.h>

#include "aws.h"
#include "provider_meta.h"
#include "schema.h"

/* Results of a find: the object, none, or an error in err. */
enum { ELBV2_FOUND = 0, ELBV2_NOT_FOUND = 1 };

/* How one kind of object is created, described, changed and deleted. */
typedef struct elbv2_kind {
    const char *what;           /* "ELBv2 Listener", for diagnostics */
    const char *noun;           /* "listener", for errors of our own */
    const char *arn_name;       /* "ListenerArn": parameter and answer field */
    const char *create;         /* "CreateListener" */
    const char *describe;       /* "DescribeListeners" */
    const char *describe_arn;   /* "ListenerArns.member.1" */
    const char *list;           /* "Listeners/member" */
    const char *not_found;      /* "ListenerNotFound" */
    const char *read_attrs;     /* "DescribeListenerAttributes" */
    const char *modify_attrs;   /* "ModifyListenerAttributes" */
    const char *delete;         /* "DeleteListener" */
    /* Whether a described object has attributes (NULL: always). */
    bool (*has_attrs)(const aws_xml_node *item);
} elbv2_kind;

/* The kind whose API names all derive from Name as they do for
 * LoadBalancer, TargetGroup and Listener. */
#define ELBV2_KIND(Name, what_, noun_, ...)                                                  \
    {                                                                                        \
        .what = what_, .noun = noun_, .arn_name = #Name "Arn", .create = "Create" #Name,     \
        .describe = "Describe" #Name "s", .describe_arn = #Name "Arns.member.1",             \
        .list = #Name "s/member", .not_found = #Name "NotFound",                             \
        .read_attrs = "Describe" #Name "Attributes", .modify_attrs = "Modify" #Name "Attributes", \
        .delete = "Delete" #Name, __VA_ARGS__                                                \
    }

/* ELBV2_FOUND with *item, ELBV2_NOT_FOUND, or -1 with err. */
int elbv2_find(tf_ctx *ctx, const aws_meta *m, const elbv2_kind *kind, const char *arn,
               const aws_xml_node **item, aws_error *err);
/* Waits until a just-created object is visible (AWS is eventually
 * consistent); 0 with *item, or -1 with err. */
int elbv2_wait_visible(tf_ctx *ctx, const aws_meta *m, const elbv2_kind *kind, const char *arn,
                       double timeout, const aws_xml_node **item, aws_error *err);
/* Waits until a deleted object is no longer described; 0, or -1 after a
 * diagnostic. */
int elbv2_wait_gone(tf_ctx *ctx, const aws_meta *m, const elbv2_kind *kind, const char *arn,
                    double timeout);

/* Create<Kind> with p plus the planned tags_all, through aws_create_once
 * (lookup, with ud, finds what an earlier attempt made; NULL where AWS
 * answers a repeated create with the first one's object), retried while AWS
 * answers one of retry (NULL-terminated; NULL: not retried) for up to
 * timeout.  The new object's ARN, or NULL after a diagnostic about creating
 * name. */
const char *elbv2_create(tf_ctx *ctx, const aws_meta *m, const elbv2_kind *kind, aws_params *p,
                         const tf_value *planned, const char *name, double timeout,
                         const char *const *retry, aws_create_lookup_fn lookup, void *ud);

/* Delete<Kind> of arn, retried as elbv2_create's call.  0 when deleted,
 * ELBV2_NOT_FOUND when it was gone already, -1 after a diagnostic. */
int elbv2_delete(tf_ctx *ctx, const aws_meta *m, const elbv2_kind *kind, const char *arn,
                 double timeout, const char *const *retry);

/* Key/value attributes as AWS lists them. */
typedef struct elbv2_attrs {
    aws_kv *kv;
    size_t n;
} elbv2_attrs;

/* The value of key, or NULL when AWS did not list it. */
const char *elbv2_attr(const elbv2_attrs *at, const char *key);
/* Appends key=value to a list being built for a Modify call. */
void elbv2_attr_put(tf_arena *a, elbv2_attrs *at, const char *key, const char *value);

/* How an attribute's text reads into a state. */
typedef enum { ELBV2_BOOL, ELBV2_NUM, ELBV2_STR } elbv2_attr_type;
/* The state value of an attribute's text ("" reads as 0 for a number). */
const tf_value *elbv2_attr_value(tf_arena *a, const char *text, elbv2_attr_type t);
/* The text AWS takes for a known bool, number or string; NULL for null or
 * unknown. */
const char *elbv2_attr_text(tf_arena *a, const tf_value *v);

/* Describe<Kind>Attributes of arn. */
int elbv2_attrs_read(tf_ctx *ctx, const aws_meta *m, const elbv2_kind *kind, const char *arn,
                     elbv2_attrs *out, aws_error *err);
/* Modify<Kind>Attributes in batches of 20 (AWS's limit); nothing to do for
 * an empty list.  0, or -1 after a diagnostic. */
int elbv2_attrs_modify(tf_ctx *ctx, const aws_meta *m, const elbv2_kind *kind, const char *arn,
                       const elbv2_attrs *at);

/* Applies a change of tags_all from prior to planned to arn; 0, or -1 after
 * a diagnostic. */
int elbv2_tags_update(tf_ctx *ctx, const aws_meta *m, const elbv2_kind *kind, const char *arn,
                      const tf_value *prior, const tf_value *planned);

/* What a refresh reads of one object: its description, its attributes
 * (none when the kind says it has none) and its tags as state values. */
typedef struct elbv2_object {
    const aws_xml_node *item;
    elbv2_attrs attrs;
    const tf_value *tags, *tags_all;
} elbv2_object;

/* Builds a resource's state on base from what was read. */
typedef const tf_value *(*elbv2_state_fn)(tf_ctx *ctx, const tf_value *base,
                                          const elbv2_object *obj);

/* Reads the object base's id names into a state built on base by state.
 * One that is gone yields a null state (Terraform then plans to create it
 * again), unless is_new: it was just created, is waited for up to
 * wait_seconds (0: not at all) and missing is an error.  On error, after a
 * diagnostic, base when is_new (what exists keeps its id), else NULL. */
const tf_value *elbv2_refresh(tf_ctx *ctx, const aws_meta *m, const elbv2_kind *kind,
                              const tf_value *base, bool is_new, double wait_seconds,
                              elbv2_state_fn state);

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

/* The string set of the texts at path in n (of their field, when given):
 * security groups, subnets, ARNs. */
const tf_value *elbv2_string_set(tf_arena *a, const aws_xml_node *n, const char *path,
                                 const char *field);

#endif

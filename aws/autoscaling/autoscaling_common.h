/* autoscaling_common.h - what aws_launch_configuration and
 * aws_autoscaling_group share: calls to the Auto Scaling query API retried
 * while AWS settles, finding one object by name, and its "not found"
 * convention (a ValidationError whose message says so, not a dedicated
 * code). */
#ifndef AWS_AUTOSCALING_COMMON_H
#define AWS_AUTOSCALING_COMMON_H

#include <stdbool.h>

#include "aws.h"
#include "schema.h"

/* Whether an error is worth another try (a code, or a message fragment). */
typedef bool (*autoscaling_retry_fn)(const aws_error *err);

/* Calls an Auto Scaling action, retrying with aws_wait's backoff for up to
 * timeout_seconds while retry(err) says so.  On timeout err holds the last
 * error AWS gave, so the user sees why it kept failing. */
int autoscaling_call_retry(aws_client *c, tf_arena *a, const volatile int *stop,
                           const char *action, const aws_params *params, aws_xml_node **out,
                           double timeout_seconds, autoscaling_retry_fn retry, aws_error *err);

/* Create<kind> ("LaunchConfiguration", "AutoScalingGroup") of the object
 * called name through aws_create_once: the name is unique, so an earlier
 * attempt that acted is found by it.  Retried like autoscaling_call_retry.
 * 0, or -1 with err. */
int autoscaling_create(tf_ctx *ctx, aws_client *c, const char *kind, const char *name,
                       aws_params *p, double timeout_seconds, autoscaling_retry_fn retry,
                       aws_error *err);

/* A ValidationError saying the named object does not exist. */
bool autoscaling_not_found(const aws_error *err);

/* The object of kind ("AutoScalingGroup", "LaunchConfiguration") called
 * name, from Describe<kind>s: NULL when there is none, with *gone set when
 * AWS does not know it, else with err. */
const aws_xml_node *autoscaling_find(tf_ctx *ctx, aws_client *c, const char *kind,
                                     const char *name, bool *gone, aws_error *err);

/* Text at path under n (n may be NULL); "" when absent. */
const char *autoscaling_text(const aws_xml_node *n, const char *path);

/* Adds name = the string attribute attr of obj, unless it is empty, null
 * or unknown. */
void autoscaling_param_str(aws_params *p, const char *name, const tf_value *obj,
                           const char *attr);

#endif

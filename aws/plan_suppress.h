/* plan_suppress.h - what an SDKv2 DiffSuppressFunc does to a plan, for the
 * modify_plan hooks of resources whose hashicorp/aws schema ignores an
 * argument in some situations (aws_lb's idle_timeout on a network load
 * balancer, aws_lb_listener's header names on a non-HTTPS listener, ...).
 *
 * A suppressed argument has no diff at all, so the SDK plans:
 *   update   the prior value, whatever config says;
 *   create   nothing: null (an empty list for a block), or unknown when the
 *            schema marks it Computed;
 *   replace  the prior value too (the SDK re-diffs the replacement against
 *            the old state); the hook only sees a null prior then, and the
 *            prior values of suppressed arguments are null or empty in
 *            practice, so null/empty is planned, never unknown.
 * A value that config leaves unknown stays unknown. */
#ifndef AWS_PLAN_SUPPRESS_H
#define AWS_PLAN_SUPPRESS_H

#include "schema.h"

/* Plans top-level attribute or block `name` of the resource (schema) as
 * suppressed. */
void aws_plan_suppress(tf_ctx *ctx, tf_plan_req *req, const tf_block *schema, const char *name);

/* The same for attribute or block field of element index of list block
 * `block` (prior element index holds its prior value).  On a new element
 * a Required string is planned "", as the SDK fills in missing required
 * strings. */
void aws_plan_suppress_nested(tf_ctx *ctx, tf_plan_req *req, const tf_block *schema,
                              const char *block, size_t index, const char *field);

/* Whether req plans a replacement (on the re-plan the hook sees a null
 * prior together with the replace paths). */
bool aws_plan_replacing(const tf_plan_req *req);

/* The planned value of string attribute name when known, else "" (what
 * SDKv2's d.Get returns for an unknown or null string). */
const char *aws_plan_str(const tf_plan_req *req, const char *name);

#endif

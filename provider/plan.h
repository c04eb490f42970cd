/* plan.h - schema-driven validation and planning of resource changes.
 *
 * The runtime answers ValidateResourceTypeConfig (and the provider and data
 * source equivalents) with tf_config_validate(), PlanResourceChange with
 * tf_plan_resource() and, after a create or update, makes the resource's
 * returned state fit the schema with tf_state_conform().  All three are
 * driven by the declarative schema (schema.h) and reproduce what
 * hashicorp/aws 5.100.0, a terraform-plugin-sdk v2 provider, does, so that
 * a plan made with this provider equals one made with the official one. */
#ifndef TF_PLAN_H
#define TF_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "schema.h"

/* Validates a configuration that may contain unknown values; only what is
 * known is checked.  Terraform core already rejects missing required
 * arguments, values for computed-only arguments, wrong types and block
 * counts outside min/max, so this adds what the SDK adds: exactly_one_of,
 * at_least_one_of, required_with, conflicts_with (paths like
 * "listener.0.port", from the root of the configuration), deprecation
 * warnings, attribute validators, item counts Terraform could not check,
 * and finally extra(), the resource's own checks (may be NULL).  Every
 * diagnostic carries the attribute path it is about. */
void tf_config_validate(tf_ctx *ctx, const tf_block *schema,
                        const tf_value *config,
                        void (*extra)(tf_ctx *, const tf_value *));

typedef struct tf_plan_out {
    const tf_value *planned;       /* null of the schema type on destroy */
    const tf_path **replace;       /* attribute paths forcing replacement */
    size_t n_replace;
    /* Set only when the plan would fail Terraform's strict plan check
     * (objchange.AssertPlanValid) because of an SDKv2 behaviour we must
     * reproduce, e.g. a default inserted into a non-computed attribute. */
    bool legacy_type_system;
} tf_plan_out;

/* Plans one resource change.  prior is a null object on create, proposed a
 * null object on destroy.  Errors (including a broken modify_plan hook) are
 * reported in ctx->diags and leave out->planned NULL. */
void tf_plan_resource(tf_ctx *ctx, const tf_resource_def *def,
                      const tf_value *prior, const tf_value *proposed,
                      const tf_value *config, const void *priv,
                      size_t priv_len, tf_plan_out *out);

/* For modify_plan hooks: adds a requires_replace path (deduplicated). */
void tf_plan_add_replace(tf_arena *a, tf_plan_req *req, const tf_path *path);

/* For modify_plan hooks: in a known list/set of objects (a set(object)
 * attribute such as aws_security_group.ingress), gives field the value def
 * in every element where it is null, as an SDKv2 Default on a field of
 * such an attribute does.  Anything else is returned unchanged. */
const tf_value *tf_plan_fill_field(tf_arena *a, const tf_value *coll, const char *field,
                                   const tf_value *def);

/* After apply (or read, with planned NULL): returns state converted to the
 * schema type, with missing attributes null and no unknown values left.
 * Non-computed attributes keep their planned value when it was wholly
 * known, as do attributes the resource returned null for.  Returns NULL
 * with an error diagnostic when state cannot be made to fit. */
const tf_value *tf_state_conform(tf_ctx *ctx, const tf_block *schema,
                                 const tf_value *planned,
                                 const tf_value *state);

/* tf_resource_def.apply_reads: state (what tf_state_conform made of the
 * state the resource's create or update returned) with each listed
 * attribute replaced by the value returned holds for it when that is known
 * and not null, but for collections as SDKv2 applies them: one planned null
 * and returned empty stays null, and a set planned wholly known stays as
 * planned.  Such a state departs from the plan, so the apply is answered
 * with legacy_type_system. */
const tf_value *tf_state_apply_reads(tf_ctx *ctx, const tf_resource_def *def,
                                     const tf_value *returned, const tf_value *state);

/* Terraform's strict plan check (objchange.AssertPlanValid) for a planned
 * object, except that a non-computed attribute that is null in config may
 * be planned as its schema default (what legacy_type_system exists for).
 * Returns the number of problems found (0: valid); *why, when why is not
 * NULL, receives them as "path: problem" lines joined by "; ". */
int tf_plan_check_strict(tf_arena *a, const tf_block *schema,
                         const tf_value *prior, const tf_value *config,
                         const tf_value *planned, char **why);

/* Whether the state returned by apply keeps every value the plan knew, as
 * Terraform requires unless legacy_type_system is set.  SDKv2 behaviours we
 * reproduce (an optional string planned null read back as "") break this;
 * only those applies are answered with legacy_type_system. */
bool tf_apply_consistent(const tf_value *planned, const tf_value *actual);

/* Write-only attributes (TF_WRITE_ONLY, Terraform >= 1.11): Terraform
 * sends their value in the configuration only, and requires them null in
 * every plan and state the provider returns.  tf_write_only_null() returns
 * v (an object of the schema) with every write-only attribute, in nested
 * blocks too, set to null; the planner and tf_state_conform() apply it. */
const tf_value *tf_write_only_null(tf_arena *a, const tf_block *schema, const tf_value *v);

/* For a client without write-only support (ClientCapabilities
 * write_only_attributes_allowed false): an error for every non-null
 * write-only value in config, at its path, as terraform-plugin-sdk v2 and
 * the framework refuse them. */
void tf_write_only_refuse(tf_ctx *ctx, const tf_block *schema, const tf_value *config);

#endif

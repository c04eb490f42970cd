/* elbv2_actions.h - the action blocks a listener (default_action) and a
 * listener rule (action) share.
 *
 * hashicorp/aws gives both the same block shape and the same behaviour: a
 * type picks which nested block counts, the blocks of other types are
 * ignored when planning, a forward action is reported the way the
 * configuration wrote it (target_group_arn or a forward block).  These
 * functions do that for the block list named attr of a resource whose
 * generated schema is schema. */
#ifndef AWS_ELBV2_ACTIONS_H
#define AWS_ELBV2_ACTIONS_H

#include "aws.h"
#include "provider_meta.h"
#include "schema.h"

/* The type/block agreement of every action of config's attr: errors for a
 * missing block, warnings for stray ones, as hashicorp/aws. */
void elbv2_actions_validate(tf_ctx *ctx, const tf_value *config, const char *attr);

/* Ignores, in the plan, the parts of each action that belong to other
 * action types (hashicorp's suppressIfActionTypeNot). */
void elbv2_actions_plan(tf_ctx *ctx, tf_plan_req *req, const tf_block *schema, const char *attr);

/* <param>.member.N.* of the planned actions; -1 with an error diagnostic
 * for an action kind this provider does not implement. */
int elbv2_actions_params(tf_ctx *ctx, aws_params *p, const char *param, const tf_value *planned,
                         const char *attr);

/* The state of the actions listed at xml_list ("DefaultActions/member") of
 * item, sorted by Order; base (the prior state or plan) says how each
 * forward action was written. */
const tf_value *elbv2_actions_state(tf_arena *a, const tf_block *schema, const char *attr,
                                    const aws_xml_node *item, const char *xml_list,
                                    const tf_value *base);

#endif

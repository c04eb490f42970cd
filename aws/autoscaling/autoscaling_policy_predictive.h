/* autoscaling_policy_predictive.h - aws_autoscaling_policy's
 * predictive_scaling_configuration (PutScalingPolicy's
 * PredictiveScalingConfiguration), as hashicorp/aws 5.100.0 expands and
 * flattens it. */
#ifndef AWS_AUTOSCALING_POLICY_PREDICTIVE_H
#define AWS_AUTOSCALING_POLICY_PREDICTIVE_H

#include "aws.h"
#include "schema.h"

/* PredictiveScalingConfiguration.* from the block's element. */
void pol_param_predictive(tf_arena *a, aws_params *p, const tf_value *cfg);

/* The block as state from a DescribePolicies member (an empty list when
 * the policy has none). */
const tf_value *pol_state_predictive(tf_arena *a, const aws_xml_node *pol, const tf_block *blk);

/* CustomizedMetricSpecification.Metrics.member.N.* (prefix is the
 * customized metric's) from target tracking's `metrics` set. */
void pol_param_tt_metrics(tf_arena *a, aws_params *p, const char *prefix, const tf_value *set);

/* The `metrics` set from a CustomizedMetricSpecification node. */
const tf_value *pol_state_tt_metrics(tf_arena *a, const aws_xml_node *cm, const tf_block *blk);

#endif

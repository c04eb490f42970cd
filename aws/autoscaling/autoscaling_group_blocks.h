/* autoscaling_group_blocks.h - aws_autoscaling_group's nested blocks that
 * have their own Auto Scaling calls or a deep shape: mixed_instances_policy
 * (with override.instance_requirements), warm_pool, initial_lifecycle_hook,
 * traffic_source, instance_maintenance_policy, availability zone
 * distribution and capacity reservations.  As hashicorp/aws 5.100.0's
 * group.go expands, flattens and waits for them. */
#ifndef AWS_AUTOSCALING_GROUP_BLOCKS_H
#define AWS_AUTOSCALING_GROUP_BLOCKS_H

#include <stdbool.h>

#include "aws.h"
#include "schema.h"

/* A configuration-only block as SDKv2 stores it after apply: every unset
 * attribute of its elements at its type's zero value ("", false, 0, empty
 * collections). */
const tf_value *asg_zero_fill(tf_arena *a, const tf_value *v);

/* MixedInstancesPolicy.* of a create or update from the
 * mixed_instances_policy list (nothing when it is empty). */
void asg_param_mixed(tf_arena *a, aws_params *p, const tf_value *mip);

/* InstanceMaintenancePolicy.*: the block's percentages, or -1/-1 (no
 * policy) when the list is empty. */
void asg_param_maintenance(aws_params *p, const tf_value *imp);

/* AvailabilityZoneDistribution.* and CapacityReservationSpecification.*
 * from their lists (nothing when empty). */
void asg_param_azd(aws_params *p, const tf_value *azd);
void asg_param_crs(aws_params *p, const tf_value *crs);

/* TrafficSources.member.N.* from a traffic_source set. */
void asg_param_traffic(aws_params *p, const char *prefix, const tf_value *set);

/* The blocks as state, from a DescribeAutoScalingGroups member. */
const tf_value *asg_state_mixed(tf_arena *a, const aws_xml_node *g, const tf_block *blk);
const tf_value *asg_state_warm_pool(tf_arena *a, const aws_xml_node *g, const tf_block *blk);
const tf_value *asg_state_maintenance(tf_arena *a, const aws_xml_node *g, const tf_block *blk);

/* PutLifecycleHook for each initial_lifecycle_hook element (retried while
 * AWS cannot yet publish to the notification target). 0 or -1 (diagnosed). */
int asg_put_hooks(tf_ctx *ctx, aws_client *c, const char *name, const tf_value *hooks);

/* PutWarmPool from the warm_pool element. 0 or -1 (diagnosed). */
int asg_put_warm_pool(tf_ctx *ctx, aws_client *c, const char *name, const tf_value *wp);

/* hashicorp's deleteWarmPool: unless force, drain it (capacity 0, wait for
 * no warm instances); DeleteWarmPool; wait until it is gone. */
int asg_delete_warm_pool(tf_ctx *ctx, aws_client *c, const char *name, bool force,
                         double timeout);

/* Detach the traffic sources of old missing from new, then attach those of
 * new missing from old, 10 a call, each batch waited for (no source left
 * Removing / Adding). 0 or -1 (diagnosed). */
int asg_sync_traffic(tf_ctx *ctx, aws_client *c, const char *name, const tf_value *old,
                     const tf_value *new, double timeout);

#endif

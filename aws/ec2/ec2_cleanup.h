/* ec2_cleanup.h - removing what AWS services leave behind in a customer's
 * network, so that deleting a security group, subnet or VPC can succeed.
 *
 * Lingering interfaces.  Lambda, Comprehend and DMS create network
 * interfaces in the subnets and security groups they are given and keep
 * them for a while after their own resource is gone (Lambda up to ~35
 * minutes).  Before a group or subnet is deleted, its interfaces are listed
 * once; those of these services are released (Lambda's: wait until Lambda
 * lets go), detached if still attached, and deleted.  All of them advance
 * together, one DescribeNetworkInterfaces per poll for the lot.
 *
 *   Lambda      description "AWS Lambda VPC ENI*"; attached by "amazon-aws":
 *               wait for status "available"; at least 45 minutes allowed
 *   Comprehend  requester id "*:Comprehend"; at least 10 minutes
 *   DMS         description "DMSNetworkInterface"; at least 10 minutes
 *
 * GuardDuty.  Runtime Monitoring puts an interface endpoint for
 * "com.amazonaws.<region>.guardduty-data" (tagged GuardDutyManaged=true)
 * in a VPC's subnets, with a security group named
 * GuardDutyManagedSecurityGroup-<vpc-id>.  They hold the subnets and the
 * VPC.  These helpers run only once a delete has answered
 * DependencyViolation, so a normal delete costs no extra call. */
#ifndef AWS_EC2_CLEANUP_H
#define AWS_EC2_CLEANUP_H

#include "aws.h"
#include "schema.h"

/* Removes the lingering interfaces whose filter ("group-id" or
 * "subnet-id") is id.  delete_timeout is the resource's delete timeout
 * (raised to each service's minimum).  Returns 0 when nothing is left in
 * the way; -1 after adding one error diagnostic per interface that could not
 * be removed, each starting with what ("deleting ENIs using Security Group
 * (sg-...)"). */
int ec2_delete_lingering_enis(tf_ctx *ctx, aws_client *c, const char *filter, const char *id,
                              double delete_timeout, const char *what);

/* Removes subnet_id from GuardDuty's endpoints in vpc_id ("" or NULL: any
 * VPC).  *changed: how many endpoints were modified. */
int ec2_guardduty_release_subnet(aws_client *c, tf_arena *a, const volatile int *stop,
                                 const char *vpc_id, const char *subnet_id, int *changed,
                                 aws_error *err);

/* Deletes GuardDuty's endpoints in vpc_id, waits up to timeout_s until they
 * are gone, then deletes its security group (named for the VPC and tagged
 * GuardDutyManaged=true; DependencyViolation retried for up to two minutes
 * while the endpoints' interfaces go).  *changed: how many objects were
 * deleted. */
int ec2_guardduty_clear_vpc(aws_client *c, tf_arena *a, const volatile int *stop,
                            const char *vpc_id, double timeout_s, int *changed, aws_error *err);

#endif

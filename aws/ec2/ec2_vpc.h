/* ec2_vpc.h - what aws_vpc shares with data "aws_vpc". */
#ifndef AWS_EC2_VPC_H
#define AWS_EC2_VPC_H

#include "aws.h"
#include "provider_meta.h"

/* DescribeVpcAttribute for attr ("enableDnsSupport", ...): *value is its
 * boolean.  0, or -1 with err. */
int ec2_vpc_attr_get(const aws_meta *m, tf_ctx *ctx, const char *id, const char *attr,
                     int *value, aws_error *err);

#endif

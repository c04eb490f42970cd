/* security_group.h - what aws_security_group shares with the rule types. */
#ifndef AWS_EC2_SECURITY_GROUP_H
#define AWS_EC2_SECURITY_GROUP_H

#include "arena.h"
#include "schema.h"

/* hashicorp/aws's protocolForValue: "-1"/"all" are "-1", the numbers of
 * tcp/udp/icmp/icmpv6 become their names, anything else is lowercased. */
const char *ec2_sg_protocol_norm(tf_arena *a, const char *protocol);

/* The checks of a rule description (EC2's character set, <= 255). */
extern const tf_validator *const ec2_sg_rule_description;

#endif

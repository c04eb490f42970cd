/* security_group.h - what aws_security_group shares with the rule types. */
#ifndef AWS_EC2_SECURITY_GROUP_H
#define AWS_EC2_SECURITY_GROUP_H

#include "arena.h"
#include "aws.h"
#include "provider_meta.h"
#include "schema.h"

/* hashicorp/aws's protocolForValue: "-1"/"all" are "-1", the numbers of
 * tcp/udp/icmp/icmpv6 become their names, anything else is lowercased. */
const char *ec2_sg_protocol_norm(tf_arena *a, const char *protocol);

/* What aws_default_security_group shares with aws_security_group (same
 * attributes but name/description): validation and planning of the rule
 * sets, reading group id into a state built on base (a null value when it
 * is gone unless must_exist; NULL with a diagnostic on error), the update
 * (tags, then rules revoked/authorized by difference), and revoking every
 * rule of the group (others: and the rules of other groups naming it). */
void ec2_sg_validate(tf_ctx *ctx, const tf_value *config);
void ec2_sg_modify_plan(tf_ctx *ctx, tf_plan_req *req);
const tf_value *ec2_sg_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                               const char *id, bool must_exist);
const tf_value *ec2_sg_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned);
int ec2_sg_revoke_rules(tf_ctx *ctx, aws_client *c, const char *id, bool others);

/* The checks of a rule description (EC2's character set, <= 255). */
extern const tf_validator *const ec2_sg_rule_description;

#endif

/* network_acl.h - what aws_network_acl, aws_default_network_acl and
 * aws_network_acl_rule share: protocol numbers and finding an ACL. */
#ifndef AWS_EC2_NETWORK_ACL_H
#define AWS_EC2_NETWORK_ACL_H

#include "aws.h"

/* The catch-all rules AWS puts in every ACL; nobody can change them. */
#define NACL_RULE_DEFAULT_IPV4 32767
#define NACL_RULE_DEFAULT_IPV6 32768

/* hashicorp/aws's networkACLProtocolNumber: a protocol given by IANA
 * keyword ("tcp", "all") or number ("6", "-1") as its number; false for
 * a protocol EC2's network ACLs do not know. */
bool ec2_nacl_protocol_number(const char *protocol, int *number);

/* DescribeNetworkAcls for one ACL id (EC2_FOUND / EC2_NOT_FOUND / -1). */
int ec2_find_network_acl(aws_client *c, tf_arena *a, const volatile int *stop, const char *id,
                         const aws_xml_node **acl, aws_error *err);

/* The entry of a described ACL with this rule number and direction, or NULL. */
const aws_xml_node *ec2_nacl_entry(const aws_xml_node *acl, long long rule_number, bool egress);

/* An entry is unique by its ACL, direction and rule number:
 * ec2_nacl_entry_lookup is the aws_create_lookup_fn of CreateNetworkAclEntry
 * (ud: an ec2_nacl_entry_key), listing "" when the ACL has such an entry. */
typedef struct ec2_nacl_entry_key {
    aws_client *c;
    const volatile int *stop;
    const char *acl;
    long long rule_no;
    bool egress;
} ec2_nacl_entry_key;

int ec2_nacl_entry_lookup(void *ud, tf_arena *a, const char ***ids, size_t *n, aws_error *err);

#endif

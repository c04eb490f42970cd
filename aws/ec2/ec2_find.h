/* ec2_find.h - looking EC2 objects up by id, with a clear "not found".
 *
 * Every finder returns EC2_FOUND (0) with the object's XML item,
 * EC2_NOT_FOUND (1) when EC2 says the object does not exist or describes
 * nothing, or -1 with err filled for any other failure.  Read callbacks turn
 * EC2_NOT_FOUND into "remove from state"; create callbacks retry it for a
 * while, since a new id takes time to become visible. */
#ifndef AWS_EC2_FIND_H
#define AWS_EC2_FIND_H

#include "aws.h"

enum { EC2_FOUND = 0, EC2_NOT_FOUND = 1 };

/* DescribeRouteTables for one table id. */
int ec2_find_route_table(aws_client *c, tf_arena *a, const volatile int *stop, const char *id,
                         const aws_xml_node **table, aws_error *err);

/* The table holding association assoc_id and the association's item.  An
 * association in state "disassociated" counts as not found. */
int ec2_find_route_table_association(aws_client *c, tf_arena *a, const volatile int *stop,
                                     const char *assoc_id, const aws_xml_node **table,
                                     const aws_xml_node **assoc, aws_error *err);

/* DescribeVpcs / DescribeSubnets for one id (findVPCByID, findSubnetByID). */
int ec2_find_vpc(aws_client *c, tf_arena *a, const volatile int *stop, const char *id,
                 const aws_xml_node **vpc, aws_error *err);
int ec2_find_subnet(aws_client *c, tf_arena *a, const volatile int *stop, const char *id,
                    const aws_xml_node **subnet, aws_error *err);

/* DescribeSecurityGroups for one group id (findSecurityGroupByID). */
int ec2_find_security_group(aws_client *c, tf_arena *a, const volatile int *stop, const char *id,
                            const aws_xml_node **group, aws_error *err);

/* The object of a Describe<action> answer (one id passed as id_param, e.g.
 * "VpcId.1"; items at set_path, their id in id_elem) whose id is id; an
 * error not_found_code or an answer without it is EC2_NOT_FOUND. */
int ec2_find_by_id(aws_client *c, tf_arena *a, const volatile int *stop, const char *action,
                   const char *id_param, const char *not_found_code, const char *set_path,
                   const char *id_elem, const char *id, const aws_xml_node **item,
                   aws_error *err);

/* A finder of one object by id, like the two above. */
typedef int (*ec2_finder)(aws_client *c, tf_arena *a, const volatile int *stop, const char *id,
                          const aws_xml_node **item, aws_error *err);
/* Calls find, retrying EC2_NOT_FOUND for up to timeout_seconds when is_new
 * (an id just created may not be visible yet); returns what find returned
 * last, EC2_NOT_FOUND when it never appeared. */
int ec2_find_fresh(ec2_finder find, aws_client *c, tf_arena *a, const volatile int *stop,
                   const char *id, int is_new, double timeout_seconds, const aws_xml_node **item,
                   aws_error *err);

/* One poll of an IPv6 CIDR association of a described VPC or subnet: DONE
 * when association assoc is in state want ("associated"/"disassociated"; one
 * that vanished counts as disassociated), FAIL when it failed. */
aws_wait_status ec2_ipv6_assoc_poll(const aws_xml_node *item, const char *assoc,
                                    const char *want, char *state, size_t state_len,
                                    aws_error *err);

#endif

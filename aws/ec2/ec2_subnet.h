/* ec2_subnet.h - what aws_subnet shares with data "aws_subnet". */
#ifndef AWS_EC2_SUBNET_H
#define AWS_EC2_SUBNET_H

#include "aws.h"
#include "value_build.h"

/* The attributes of a described subnet both have (all but id and tags). */
void ec2_subnet_state_fields(tf_objb *b, const aws_xml_node *s);

#endif

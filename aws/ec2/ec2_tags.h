/* ec2_tags.h - EC2's way of carrying tags: TagSpecifications on create,
 * tagSet in descriptions, CreateTags/DeleteTags on update. */
#ifndef AWS_EC2_TAGS_H
#define AWS_EC2_TAGS_H

#include "aws.h"
#include "schema.h"

/* Adds TagSpecification.<index>.ResourceType / .Tag.N.Key / .Tag.N.Value. */
void ec2_tag_specs(aws_params *p, int index, const char *resource_type, const aws_kv *tags,
                   size_t n);
/* The tagSet of a described object. */
aws_kv *ec2_tags_from_xml(tf_arena *a, const aws_xml_node *item, size_t *n);
/* Applies the difference between two tags_all maps to resource id. */
int ec2_update_tags(aws_client *c, tf_arena *a, const volatile int *stop, const char *id,
                    const tf_value *old_all, const tf_value *new_all, aws_error *err);

#endif

/* schema_block.h - reaching into a generated schema table by path.
 *
 * The schema tables are generated (aws/schema/aws.schema), so a resource
 * file has no static name for a nested block; code that builds a nested
 * value needs the block's object type, found here by its path. */
#ifndef AWS_SCHEMA_BLOCK_H
#define AWS_SCHEMA_BLOCK_H

#include "schema.h"

/* The block at path ("subnet_mapping", "default_action.forward") below
 * root.  The path is a constant of the calling code: a wrong one is a
 * programming error and aborts with its name. */
const tf_block *aws_schema_block(const tf_block *root, const char *path);

#endif

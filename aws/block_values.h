/* block_values.h - the values of nested blocks, as resources meet them.
 *
 * A block declared with max_items = 1 arrives as a list of at most one
 * object, which the resource reads through its single element, and goes
 * back into a state as a list of one object or an empty list.  These are
 * those two moves, plus the length of a collection that may be null or
 * unknown (it then counts as empty, the way SDKv2 code reads it). */
#ifndef AWS_BLOCK_VALUES_H
#define AWS_BLOCK_VALUES_H

#include <stddef.h>

#include "schema.h"

/* Items of a known list, set or map (a block's or an attribute's), else
 * 0. */
size_t aws_block_len(const tf_value *coll);

/* The first element of a block list when the list and that element are
 * known, else NULL. */
const tf_value *aws_block_first(const tf_value *list);

/* aws_block_first of attribute name of obj (obj may be null or unknown). */
const tf_value *aws_block_get(const tf_value *obj, const char *name);

/* The list value of block type blk holding item, or empty for NULL. */
const tf_value *aws_block_list(tf_arena *a, const tf_block *blk, const tf_value *item);

#endif

/* block_values.c - see block_values.h. */
#include "block_values.h"

size_t aws_block_len(const tf_value *coll)
{
    return tf_is_known(coll) ? coll->u.coll.n : 0;
}

const tf_value *aws_block_first(const tf_value *list)
{
    if (aws_block_len(list) == 0 || !tf_is_known(list->u.coll.items[0]))
        return NULL;
    return list->u.coll.items[0];
}

const tf_value *aws_block_get(const tf_value *obj, const char *name)
{
    return aws_block_first(tf_get(obj, name));
}

const tf_value *aws_block_list(tf_arena *a, const tf_block *blk, const tf_value *item)
{
    return item ? tf_list(a, blk->ctype, 1, &item) : tf_list(a, blk->ctype, 0, NULL);
}

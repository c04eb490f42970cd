/* plan_suppress.c - see plan_suppress.h. */
#include "plan_suppress.h"

#include <assert.h>

bool aws_plan_replacing(const tf_plan_req *req)
{
    return tf_is_null(req->prior) && req->n_replace > 0;
}

const char *aws_plan_str(const tf_plan_req *req, const char *name)
{
    const tf_value *v = tf_get(req->planned, name);
    return tf_is_known(v) && v->type->kind == TF_STRING ? v->u.str.ptr : "";
}

static const tf_value *suppress_empty(tf_arena *a, const tf_type *t)
{
    switch (t->kind) {
    case TF_LIST:
        return tf_list(a, t->elem, 0, NULL);
    case TF_SET:
        return tf_set(a, t->elem, 0, NULL);
    case TF_MAP:
        return tf_map(a, t->elem, 0, NULL, NULL);
    default:
        return tf_null(a, t);
    }
}

/* The value planned for a suppressed attribute or block without a prior
 * value. */
static const tf_value *suppress_fresh(tf_arena *a, const tf_plan_req *req, unsigned flags,
                                      bool block, const tf_type *t)
{
    if ((flags & TF_COMPUTED) && !aws_plan_replacing(req))
        return tf_unknown(a, t);
    if (block)
        return suppress_empty(a, t);
    if ((flags & TF_REQUIRED) && t->kind == TF_STRING)
        return tf_string(a, "");
    return tf_null(a, t);
}

void aws_plan_suppress(tf_ctx *ctx, tf_plan_req *req, const tf_block *schema, const char *name)
{
    tf_arena *a = ctx->arena;
    if (tf_is_null(req->planned))
        return;
    const tf_value *cur = tf_get(req->planned, name);
    assert(cur);
    if (tf_is_unknown(tf_get(req->config, name)))
        return;
    const tf_value *v;
    if (!tf_is_null(req->prior)) {
        v = tf_get(req->prior, name);
    } else {
        const tf_attribute *at = tf_block_attr(schema, name);
        const tf_nested_block *nb = at ? NULL : tf_block_nested(schema, name);
        assert(at || nb);
        v = suppress_fresh(a, req, at ? at->flags : nb->flags, nb != NULL, cur->type);
    }
    req->planned = tf_object_with(a, req->planned, name, v);
}

void aws_plan_suppress_nested(tf_ctx *ctx, tf_plan_req *req, const tf_block *schema,
                              const char *block, size_t index, const char *field)
{
    tf_arena *a = ctx->arena;
    const tf_nested_block *nb = tf_block_nested(schema, block);
    assert(nb && nb->nesting == TF_NEST_LIST);
    const tf_attribute *at = tf_block_attr(nb->block, field);
    const tf_nested_block *inner = at ? NULL : tf_block_nested(nb->block, field);
    assert(at || inner);
    const tf_value *list = tf_get(req->planned, block);
    if (!tf_is_known(list) || index >= list->u.coll.n || !tf_is_known(list->u.coll.items[index]))
        return;
    const tf_value *prior_list = tf_get(req->prior, block);
    const tf_value *pe = tf_is_known(prior_list) && index < prior_list->u.coll.n
                             ? prior_list->u.coll.items[index] : NULL;
    const tf_value *cur = tf_get(list->u.coll.items[index], field);
    const tf_value *cfg_list = tf_get(req->config, block);
    if (tf_is_known(cfg_list) && index < cfg_list->u.coll.n &&
        tf_is_known(cfg_list->u.coll.items[index]) &&
        tf_is_unknown(tf_get(cfg_list->u.coll.items[index], field)))
        return;
    const tf_value *v = tf_is_known(pe) ? tf_get(pe, field)
                                        : suppress_fresh(a, req, at ? at->flags : inner->flags,
                                                         inner != NULL, cur->type);
    size_t n = list->u.coll.n;
    const tf_value **items = tf_arena_calloc(a, n, sizeof *items);
    for (size_t i = 0; i < n; i++)
        items[i] = list->u.coll.items[i];
    items[index] = tf_object_with(a, items[index], field, v);
    req->planned = tf_object_with(a, req->planned, block, tf_list(a, list->type->elem, n, items));
}

/* proto_conv.c - converting schemas, values, paths and diagnostics to and
 * from tfplugin5 messages.  Everything is allocated in the RPC's arena. */
#include <string.h>

#include "proto_conv.h"

static void *pb_alloc(void *data, size_t size)
{
    return tf_arena_alloc((tf_arena *)data, size ? size : 1);
}

static void pb_free(void *data, void *ptr)
{
    (void)data;
    (void)ptr; /* released with the arena */
}

ProtobufCAllocator tf_pb_allocator(tf_arena *a)
{
    ProtobufCAllocator alloc = {pb_alloc, pb_free, a};
    return alloc;
}

static Tfplugin5__Schema__Block *pb_block(tf_arena *a, const tf_block *b);

static Tfplugin5__Schema__Attribute *pb_attr(tf_arena *a, const tf_attribute *at)
{
    Tfplugin5__Schema__Attribute *pa = tf_arena_alloc(a, sizeof *pa);
    tfplugin5__schema__attribute__init(pa);
    pa->name = (char *)at->name;
    char *tj = tf_type_to_json(a, at->ctype);
    pa->type.data = (uint8_t *)tj;
    pa->type.len = strlen(tj);
    pa->description = (char *)(at->description ? at->description : "");
    pa->required = (at->flags & TF_REQUIRED) != 0;
    pa->optional = (at->flags & TF_OPTIONAL) != 0;
    pa->computed = (at->flags & TF_COMPUTED) != 0;
    pa->sensitive = (at->flags & TF_SENSITIVE) != 0;
    pa->deprecated = (at->flags & TF_DEPRECATED) != 0;
    pa->write_only = (at->flags & TF_WRITE_ONLY) != 0;
    pa->description_kind = TFPLUGIN5__STRING_KIND__PLAIN;
    return pa;
}

static Tfplugin5__Schema__NestedBlock *pb_nested(tf_arena *a, const tf_nested_block *nb)
{
    Tfplugin5__Schema__NestedBlock *pn = tf_arena_alloc(a, sizeof *pn);
    tfplugin5__schema__nested_block__init(pn);
    pn->type_name = (char *)nb->name;
    pn->block = pb_block(a, nb->block);
    pn->nesting = (Tfplugin5__Schema__NestedBlock__NestingMode)nb->nesting;
    pn->min_items = nb->min_items;
    pn->max_items = nb->max_items;
    return pn;
}

static Tfplugin5__Schema__Block *pb_block(tf_arena *a, const tf_block *b)
{
    Tfplugin5__Schema__Block *pb = tf_arena_alloc(a, sizeof *pb);
    tfplugin5__schema__block__init(pb);
    pb->description = (char *)(b->description ? b->description : "");
    pb->description_kind = TFPLUGIN5__STRING_KIND__PLAIN;
    pb->deprecated = b->deprecated;
    pb->n_attributes = b->n_attrs;
    pb->attributes = tf_arena_calloc(a, b->n_attrs + 1, sizeof *pb->attributes);
    for (size_t i = 0; i < b->n_attrs; i++)
        pb->attributes[i] = pb_attr(a, &b->attrs[i]);
    pb->n_block_types = b->n_blocks;
    pb->block_types = tf_arena_calloc(a, b->n_blocks + 1, sizeof *pb->block_types);
    for (size_t i = 0; i < b->n_blocks; i++)
        pb->block_types[i] = pb_nested(a, &b->blocks[i]);
    return pb;
}

Tfplugin5__Schema *tf_pb_schema(tf_arena *a, const tf_block *b, int64_t version)
{
    Tfplugin5__Schema *s = tf_arena_alloc(a, sizeof *s);
    tfplugin5__schema__init(s);
    s->version = version;
    s->block = pb_block(a, b);
    s->block->version = version;
    return s;
}

Tfplugin5__AttributePath *tf_pb_path(tf_arena *a, const tf_path *p)
{
    Tfplugin5__AttributePath *pp = tf_arena_alloc(a, sizeof *pp);
    tfplugin5__attribute_path__init(pp);
    pp->n_steps = p->n;
    pp->steps = tf_arena_calloc(a, p->n + 1, sizeof *pp->steps);
    for (size_t i = 0; i < p->n; i++) {
        Tfplugin5__AttributePath__Step *st = tf_arena_alloc(a, sizeof *st);
        tfplugin5__attribute_path__step__init(st);
        const tf_path_step *s = &p->steps[i];
        switch (s->kind) {
        case TF_STEP_ATTR:
            st->selector_case = TFPLUGIN5__ATTRIBUTE_PATH__STEP__SELECTOR_ATTRIBUTE_NAME;
            st->attribute_name = (char *)s->name;
            break;
        case TF_STEP_KEY_STRING:
            st->selector_case = TFPLUGIN5__ATTRIBUTE_PATH__STEP__SELECTOR_ELEMENT_KEY_STRING;
            st->element_key_string = (char *)s->name;
            break;
        case TF_STEP_KEY_INT:
            st->selector_case = TFPLUGIN5__ATTRIBUTE_PATH__STEP__SELECTOR_ELEMENT_KEY_INT;
            st->element_key_int = s->index;
            break;
        }
        pp->steps[i] = st;
    }
    return pp;
}

void tf_pb_diags(tf_arena *a, const tf_diags *d, size_t *n_out,
                 Tfplugin5__Diagnostic ***out)
{
    *n_out = d->n;
    *out = tf_arena_calloc(a, d->n + 1, sizeof **out);
    for (size_t i = 0; i < d->n; i++) {
        Tfplugin5__Diagnostic *pd = tf_arena_alloc(a, sizeof *pd);
        tfplugin5__diagnostic__init(pd);
        pd->severity = d->items[i].severity == TF_SEV_ERROR
                           ? TFPLUGIN5__DIAGNOSTIC__SEVERITY__ERROR
                           : TFPLUGIN5__DIAGNOSTIC__SEVERITY__WARNING;
        pd->summary = (char *)d->items[i].summary;
        pd->detail = (char *)(d->items[i].detail ? d->items[i].detail : "");
        /* An empty path would point at the whole block; leave it out so
         * Terraform points at the resource instead. */
        if (d->items[i].path && d->items[i].path->n > 0)
            pd->attribute = tf_pb_path(a, d->items[i].path);
        (*out)[i] = pd;
    }
}

const tf_value *tf_pb_decode(tf_arena *a, const Tfplugin5__DynamicValue *dv,
                             const tf_type *t, char **err)
{
    if (!dv)
        return tf_null(a, t);
    if (dv->msgpack.len > 0)
        return tf_msgpack_decode(a, dv->msgpack.data, dv->msgpack.len, t, err);
    if (dv->json.len > 0)
        return tf_json_decode(a, (const char *)dv->json.data, dv->json.len, t, err);
    return tf_null(a, t);
}

Tfplugin5__DynamicValue *tf_pb_encode(tf_arena *a, const tf_value *v,
                                      const tf_type *t, char **err)
{
    Tfplugin5__DynamicValue *dv = tf_arena_alloc(a, sizeof *dv);
    tfplugin5__dynamic_value__init(dv);
    void *buf;
    size_t len;
    if (tf_msgpack_encode(a, v, t, &buf, &len, err) != 0)
        return NULL;
    dv->msgpack.data = buf;
    dv->msgpack.len = len;
    return dv;
}

/* ec2_lookup.c - see ec2_lookup.h. */
#include <assert.h>
#include <string.h>

#include "ec2_lookup.h"

void ec2_lookup_init(ec2_lookup *l, aws_client *c, const volatile int *stop, const char *action,
                     const char *items, const char *id_field)
{
    memset(l, 0, sizeof *l);
    l->c = c;
    l->stop = stop;
    l->action = action;
    l->items = items;
    l->id_field = id_field;
}

void ec2_lookup_filter(ec2_lookup *l, const char *name, const char *value)
{
    if (!value || !*value)
        return;
    assert(l->n_filters < EC2_LOOKUP_MAX_FILTERS);
    if (l->n_filters < EC2_LOOKUP_MAX_FILTERS)
        l->filters[l->n_filters++] = (aws_kv){name, value};
}

void ec2_lookup_tags(ec2_lookup *l, tf_arena *a, const aws_kv *tags, size_t n)
{
    /* EC2 allows 50 tags but few filters per call: the first ones narrow
     * enough, since an object is only adopted when new (or unique). */
    for (size_t i = 0; i < n && l->n_filters < EC2_LOOKUP_MAX_FILTERS; i++)
        l->filters[l->n_filters++] =
            (aws_kv){tf_arena_printf(a, "tag:%s", tags[i].key), tags[i].value};
}

typedef struct lookup_page {
    tf_arena *a;
    const ec2_lookup *l;
    const char **ids;
    size_t n, cap;
} lookup_page;

static int lookup_collect(void *ud, const aws_xml_node *page, aws_error *err)
{
    (void)err;
    lookup_page *pg = ud;
    for (const aws_xml_node *it = aws_xml_first(page, pg->l->items); it; it = aws_xml_next(it)) {
        const char *id = aws_xml_text(it, pg->l->id_field);
        if (!id || !*id)
            continue;
        tf_arena_grow(pg->a, (void **)&pg->ids, &pg->cap, pg->n + 1, sizeof *pg->ids);
        pg->ids[pg->n++] = id;
    }
    return 0;
}

int ec2_lookup_ids(void *ud, tf_arena *a, const char ***ids, size_t *n, aws_error *err)
{
    const ec2_lookup *l = ud;
    aws_params *p = aws_params_new(a);
    for (size_t i = 0; i < l->n_filters; i++) {
        aws_params_add(p, aws_params_key(p, "Filter.%zu.Name", i + 1), l->filters[i].key);
        aws_params_add(p, aws_params_key(p, "Filter.%zu.Value.1", i + 1), l->filters[i].value);
    }
    lookup_page pg = {.a = a, .l = l};
    if (aws_query_pages(l->c, a, l->stop, "ec2", l->action, p, "NextToken", "nextToken",
                        lookup_collect, &pg, err) != 0)
        return -1;
    *ids = pg.ids;
    *n = pg.n;
    return 0;
}

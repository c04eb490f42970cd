/* ec2_tags.c - see ec2_tags.h. */
#include "ec2_tags.h"
#include "tags.h"

void ec2_tag_specs(aws_params *p, int index, const char *resource_type, const aws_kv *tags,
                   size_t n)
{
    if (n == 0)
        return;
    aws_params_add(p, aws_params_key(p, "TagSpecification.%d.ResourceType", index),
                   resource_type);
    for (size_t i = 0; i < n; i++) {
        aws_params_add(p, aws_params_key(p, "TagSpecification.%d.Tag.%zu.Key", index, i + 1),
                       tags[i].key);
        aws_params_add(p, aws_params_key(p, "TagSpecification.%d.Tag.%zu.Value", index, i + 1),
                       tags[i].value);
    }
}

aws_kv *ec2_tags_from_xml(tf_arena *a, const aws_xml_node *item, size_t *n)
{
    size_t cap = 0;
    for (const aws_xml_node *t = aws_xml_first(item, "tagSet/item"); t; t = aws_xml_next(t))
        cap++;
    aws_kv *kv = tf_arena_calloc(a, cap + 1, sizeof *kv);
    *n = 0;
    for (const aws_xml_node *t = aws_xml_first(item, "tagSet/item"); t; t = aws_xml_next(t)) {
        const char *k = aws_xml_text(t, "key");
        if (!k)
            continue;
        const char *v = aws_xml_text(t, "value");
        kv[*n].key = k;
        kv[(*n)++].value = v ? v : "";
    }
    return kv;
}

int ec2_update_tags(aws_client *c, tf_arena *a, const volatile int *stop, const char *id,
                    const tf_value *old_all, const tf_value *new_all, aws_error *err)
{
    const char **remove;
    aws_kv *set;
    size_t n_remove, n_set;
    aws_tags_diff(a, old_all, new_all, &remove, &n_remove, &set, &n_set);
    aws_xml_node *out;
    if (n_remove > 0) {
        aws_params *p = aws_params_new(a);
        aws_params_add(p, "ResourceId.1", id);
        for (size_t i = 0; i < n_remove; i++)
            aws_params_add(p, aws_params_key(p, "Tag.%zu.Key", i + 1), remove[i]);
        if (aws_query_call(c, a, stop, "ec2", "DeleteTags", p, &out, err) != 0)
            return -1;
    }
    if (n_set > 0) {
        aws_params *p = aws_params_new(a);
        aws_params_add(p, "ResourceId.1", id);
        aws_params_tags(p, AWS_LIST_EC2, "Tag", set, n_set);
        if (aws_query_call(c, a, stop, "ec2", "CreateTags", p, &out, err) != 0)
            return -1;
    }
    return 0;
}

/* default_tags_data_source.c - data "aws_default_tags": the provider's
 * default_tags as resources receive them (keys starting with "aws:" and
 * those ignore_tags names left out), an empty map when there are none; the
 * id is the partition, as hashicorp/aws has it.  The schema is generated
 * from aws/schema/aws.schema. */

#include <string.h>

#include "aws_schema_gen.h"
#include "provider_meta.h"
#include "resources.h"
#include "tags.h"
#include "value_build.h"

static const tf_value *default_tags_read(tf_ctx *ctx, const tf_value *config)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char **keys = tf_arena_calloc(a, m->n_default_tags + 1, sizeof *keys);
    const char **vals = tf_arena_calloc(a, m->n_default_tags + 1, sizeof *vals);
    size_t n = 0;
    for (size_t i = 0; i < m->n_default_tags; i++) {
        const char *k = m->default_tags[i].key;
        if (strncmp(k, "aws:", 4) == 0 || aws_tags_ignored(m, k))
            continue;
        keys[n] = k;
        vals[n] = m->default_tags[i].value;
        n++;
    }
    tf_objb b;
    tf_objb_init(&b, a, config->type, config);
    tf_objb_str(&b, "id", m->partition);
    tf_objb_set(&b, "tags", tf_string_map(a, keys, vals, n));
    return tf_objb_done(&b);
}

const tf_data_source_def aws_meta_default_tags_def = {
    .type_name = "aws_default_tags",
    .schema = &aws_schema_data_aws_default_tags,
    .read = default_tags_read,
};

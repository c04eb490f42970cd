/* partition_data_source.c - data "aws_partition": the partition of the
 * provider's region (aws, aws-cn, aws-us-gov, ...), its DNS suffix and the
 * reverse DNS prefix service principals of that partition use. */

#include <string.h>

#include "aws_schema_gen.h"
#include "provider_meta.h"
#include "resources.h"
#include "value_build.h"

/* "amazonaws.com" -> "com.amazonaws", label by label. */
static char *part_reverse(tf_arena *a, const char *dns)
{
    size_t n = strlen(dns);
    char *out = tf_arena_alloc(a, n + 1);
    size_t o = 0, end = n;
    while (end > 0) {
        size_t start = end;
        while (start > 0 && dns[start - 1] != '.')
            start--;
        if (o)
            out[o++] = '.';
        memcpy(out + o, dns + start, end - start);
        o += end - start;
        end = start ? start - 1 : 0;
    }
    out[o] = 0;
    return out;
}

static const tf_value *part_read(tf_ctx *ctx, const tf_value *config)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    const char *dns = m->dns_suffix ? m->dns_suffix : "amazonaws.com";
    tf_objb b;
    tf_objb_init(&b, ctx->arena, config->type, config);
    tf_objb_str(&b, "dns_suffix", dns);
    tf_objb_str(&b, "id", m->partition);
    tf_objb_str(&b, "partition", m->partition);
    tf_objb_str(&b, "reverse_dns_prefix", part_reverse(ctx->arena, dns));
    return tf_objb_done(&b);
}

const tf_data_source_def aws_meta_partition_def = {
    .type_name = "aws_partition",
    .version = 0,
    .schema = &aws_schema_data_aws_partition,
    .read = part_read,
};

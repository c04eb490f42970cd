/* availability_zones_data_source.c - data "aws_availability_zones": the
 * availability zones of the provider's region.
 *
 * One DescribeAvailabilityZones call with the state and filter blocks as
 * server-side filters; exclusions are applied here, and the zones are
 * listed sorted by name.  The schema is generated from
 * aws/schema/aws.schema. */

#include <stdlib.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "provider_meta.h"
#include "resources.h"
#include "value_build.h"

/* ---- read ---- */

/* timeouts.read is accepted for compatibility: the read is a single call,
 * bounded by the client's own request timeout and retries. */

typedef struct azs_zone {
    const char *name, *id, *group;
} azs_zone;

static int azs_zone_cmp(const void *x, const void *y)
{
    return strcmp(((const azs_zone *)x)->name, ((const azs_zone *)y)->name);
}

/* Whether known set(string) value set holds s. */
static bool azs_set_has(const tf_value *set, const char *s)
{
    if (!tf_is_known(set))
        return false;
    for (size_t i = 0; i < set->u.coll.n; i++) {
        const tf_value *e = set->u.coll.items[i];
        if (tf_is_known(e) && strcmp(e->u.str.ptr, s) == 0)
            return true;
    }
    return false;
}

/* Filter.N.Name / Filter.N.Value.M from the state argument and the filter
 * blocks; returns the next free N. */
static int azs_filters(aws_params *p, const tf_value *config)
{
    int n = 1;
    const char *state = tf_get_str(config, "state", "");
    if (state[0]) {
        aws_params_add(p, aws_params_key(p, "Filter.%d.Name", n), "state");
        aws_params_add(p, aws_params_key(p, "Filter.%d.Value.1", n), state);
        n++;
    }
    const tf_value *fs = tf_get(config, "filter");
    for (size_t i = 0; tf_is_known(fs) && i < fs->u.coll.n; i++) {
        const tf_value *f = fs->u.coll.items[i];
        const tf_value *vals = tf_get(f, "values");
        aws_params_add(p, aws_params_key(p, "Filter.%d.Name", n), tf_get_str(f, "name", ""));
        for (size_t j = 0; tf_is_known(vals) && j < vals->u.coll.n; j++)
            if (tf_is_known(vals->u.coll.items[j]))
                aws_params_add(p, aws_params_key(p, "Filter.%d.Value.%zu", n, j + 1),
                               vals->u.coll.items[j]->u.str.ptr);
        n++;
    }
    return n;
}

static const tf_value *azs_read(tf_ctx *ctx, const tf_value *config)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    aws_params *p = aws_params_new(a);
    const tf_value *all = tf_get(config, "all_availability_zones");
    if (tf_is_known(all) && all->u.b)
        aws_params_add(p, "AllAvailabilityZones", "true");
    azs_filters(p, config);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, a, ctx->stop, "ec2", "DescribeAvailabilityZones", p, &out,
                       &err) != 0) {
        aws_diag(ctx, &err, "reading EC2 Availability Zones");
        return NULL;
    }
    size_t n = 0;
    for (const aws_xml_node *z = aws_xml_first(out, "availabilityZoneInfo/item"); z;
         z = aws_xml_next(z))
        n++;
    azs_zone *zones = tf_arena_calloc(a, n + 1, sizeof *zones);
    n = 0;
    for (const aws_xml_node *z = aws_xml_first(out, "availabilityZoneInfo/item"); z;
         z = aws_xml_next(z)) {
        const char *name = aws_xml_text(z, "zoneName"), *id = aws_xml_text(z, "zoneId");
        const char *group = aws_xml_text(z, "groupName");
        zones[n++] = (azs_zone){name ? name : "", id ? id : "", group ? group : ""};
    }
    qsort(zones, n, sizeof *zones, azs_zone_cmp);
    const char **names = tf_arena_calloc(a, n + 1, sizeof *names);
    const char **ids = tf_arena_calloc(a, n + 1, sizeof *ids);
    const char **groups = tf_arena_calloc(a, n + 1, sizeof *groups);
    size_t k = 0;
    const tf_value *ex_names = tf_get(config, "exclude_names");
    const tf_value *ex_ids = tf_get(config, "exclude_zone_ids");
    for (size_t i = 0; i < n; i++) {
        if (azs_set_has(ex_names, zones[i].name) || azs_set_has(ex_ids, zones[i].id))
            continue;
        names[k] = zones[i].name;
        ids[k] = zones[i].id;
        groups[k++] = zones[i].group;
    }
    tf_objb b;
    tf_objb_init(&b, a, config->type, config);
    tf_objb_str(&b, "id", m->region);
    tf_objb_set(&b, "group_names", tf_string_set(a, groups, k));
    tf_objb_set(&b, "names", tf_string_list(a, names, k));
    tf_objb_set(&b, "zone_ids", tf_string_list(a, ids, k));
    return tf_objb_done(&b);
}

/* ---- definition ---- */

const tf_data_source_def aws_ec2_availability_zones_def = {
    .type_name = "aws_availability_zones",
    .version = 0,
    .schema = &aws_schema_data_aws_availability_zones,
    .read = azs_read,
};

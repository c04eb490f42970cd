/* region_data_source.c - data "aws_region": a region by name or EC2
 * endpoint, the provider's own by default; its description is the name AWS
 * gives it ("US East (N. Virginia)"). */

#include <string.h>

#include "aws_schema_gen.h"
#include "endpoints.h"
#include "provider_meta.h"
#include "resources.h"
#include "value_build.h"

/* Region names as AWS publishes them (endpoints metadata). */
static const char *const region_descriptions[][2] = {
    {"af-south-1", "Africa (Cape Town)"},
    {"ap-east-1", "Asia Pacific (Hong Kong)"},
    {"ap-east-2", "Asia Pacific (Taipei)"},
    {"ap-northeast-1", "Asia Pacific (Tokyo)"},
    {"ap-northeast-2", "Asia Pacific (Seoul)"},
    {"ap-northeast-3", "Asia Pacific (Osaka)"},
    {"ap-south-1", "Asia Pacific (Mumbai)"},
    {"ap-south-2", "Asia Pacific (Hyderabad)"},
    {"ap-southeast-1", "Asia Pacific (Singapore)"},
    {"ap-southeast-2", "Asia Pacific (Sydney)"},
    {"ap-southeast-3", "Asia Pacific (Jakarta)"},
    {"ap-southeast-4", "Asia Pacific (Melbourne)"},
    {"ap-southeast-5", "Asia Pacific (Malaysia)"},
    {"ap-southeast-7", "Asia Pacific (Thailand)"},
    {"ca-central-1", "Canada (Central)"},
    {"ca-west-1", "Canada West (Calgary)"},
    {"cn-north-1", "China (Beijing)"},
    {"cn-northwest-1", "China (Ningxia)"},
    {"eu-central-1", "Europe (Frankfurt)"},
    {"eu-central-2", "Europe (Zurich)"},
    {"eu-north-1", "Europe (Stockholm)"},
    {"eu-south-1", "Europe (Milan)"},
    {"eu-south-2", "Europe (Spain)"},
    {"eu-west-1", "Europe (Ireland)"},
    {"eu-west-2", "Europe (London)"},
    {"eu-west-3", "Europe (Paris)"},
    {"il-central-1", "Israel (Tel Aviv)"},
    {"me-central-1", "Middle East (UAE)"},
    {"me-south-1", "Middle East (Bahrain)"},
    {"mx-central-1", "Mexico (Central)"},
    {"sa-east-1", "South America (Sao Paulo)"},
    {"us-east-1", "US East (N. Virginia)"},
    {"us-east-2", "US East (Ohio)"},
    {"us-gov-east-1", "AWS GovCloud (US-East)"},
    {"us-gov-west-1", "AWS GovCloud (US-West)"},
    {"us-west-1", "US West (N. California)"},
    {"us-west-2", "US West (Oregon)"},
};

static const char *region_description(const char *name)
{
    for (size_t i = 0; i < sizeof region_descriptions / sizeof region_descriptions[0]; i++)
        if (strcmp(region_descriptions[i][0], name) == 0)
            return region_descriptions[i][1];
    return NULL;
}

static const char *region_endpoint(tf_arena *a, const char *name)
{
    const aws_partition_info *p = endpoints_partition(name);
    return tf_arena_printf(a, "ec2.%s.%s", name, p ? p->pub.dns_suffix : "amazonaws.com");
}

static const tf_value *region_read(tf_ctx *ctx, const tf_value *config)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *name = tf_get_str(config, "name", "");
    const char *endpoint = tf_get_str(config, "endpoint", "");
    if (*endpoint && !*name) {
        for (size_t i = 0; i < sizeof region_descriptions / sizeof region_descriptions[0]; i++)
            if (strcmp(region_endpoint(a, region_descriptions[i][0]), endpoint) == 0)
                name = region_descriptions[i][0];
        if (!*name) {
            tf_diag_error(ctx->diags, NULL, "reading AWS Region",
                          "region not found for endpoint \"%s\"", endpoint);
            return NULL;
        }
    }
    if (!*name)
        name = m->region;
    const char *desc = region_description(name);
    if (!desc && !endpoints_region_known(name) && strcmp(name, m->region) != 0) {
        tf_diag_error(ctx->diags, NULL, "reading AWS Region", "region not found for name \"%s\"",
                      name);
        return NULL;
    }
    const char *ep = region_endpoint(a, name);
    if (*endpoint && strcmp(endpoint, ep) != 0) {
        tf_diag_error(ctx->diags, NULL, "reading AWS Region",
                      "endpoint \"%s\" does not belong to region \"%s\"", endpoint, name);
        return NULL;
    }
    tf_objb b;
    tf_objb_init(&b, a, config->type, config);
    tf_objb_str(&b, "name", name);
    tf_objb_str(&b, "id", name);
    tf_objb_str(&b, "endpoint", ep);
    tf_objb_str(&b, "description", desc ? desc : "");
    return tf_objb_done(&b);
}

const tf_data_source_def aws_meta_region_def = {
    .type_name = "aws_region",
    .version = 0,
    .schema = &aws_schema_data_aws_region,
    .read = region_read,
};

/* vpc_endpoint_service_data_source.c - data "aws_vpc_endpoint_service": one
 * AWS (or partner) service a VPC endpoint can reach, as hashicorp/aws 5.100.0
 * looks it up: DescribeVpcEndpointServices (all pages) with the service-type
 * attribute filter, ServiceNames from service_name or
 * com.amazonaws.<region>.<service>, ServiceRegions, tag:<key> filters from
 * tags, then the filter blocks.  Exactly one service detail must match.
 * The id is create.StringHashcode(service name): crc32 in decimal. */

#include <stdio.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "iam/policy_json.h"
#include "provider_meta.h"
#include "resources.h"
#include "tags.h"
#include "value_build.h"

typedef struct vs_filters {
    aws_params *p;
    int n;
} vs_filters;

static void vs_filter(vs_filters *f, const char *name, const char *const *values, size_t nv)
{
    f->n++;
    aws_params_add(f->p, aws_params_key(f->p, "Filter.%d.Name", f->n), name);
    for (size_t i = 0; i < nv; i++)
        aws_params_add(f->p, aws_params_key(f->p, "Filter.%d.Value.%zu", f->n, i + 1), values[i]);
}

typedef struct vs_found {
    const aws_xml_node *first;
    size_t n;
} vs_found;

static int vs_page(void *ud, const aws_xml_node *page, aws_error *err)
{
    (void)err;
    vs_found *f = ud;
    for (const aws_xml_node *v = aws_xml_first(page, "serviceDetailSet/item"); v;
         v = aws_xml_next(v)) {
        f->first = f->first ? f->first : v;
        f->n++;
    }
    return 0;
}

/* The text items of a string list at path under item, as a set. */
static const tf_value *vs_set(tf_arena *a, const aws_xml_node *item, const char *path,
                              const char *field)
{
    size_t n = 0;
    for (const aws_xml_node *v = aws_xml_first(item, path); v; v = aws_xml_next(v))
        n++;
    const char **s = tf_arena_calloc(a, n + 1, sizeof *s);
    size_t k = 0;
    for (const aws_xml_node *v = aws_xml_first(item, path); v; v = aws_xml_next(v)) {
        const char *t = aws_xml_text(v, field);
        if (t)
            s[k++] = t;
    }
    return tf_string_set(a, s, k);
}

/* A string the SDK sets from a *string: "" when AWS left it out. */
static const char *vs_text(const aws_xml_node *n, const char *path)
{
    const char *t = aws_xml_text(n, path);
    return t ? t : "";
}

static const tf_value *vs_read(tf_ctx *ctx, const tf_value *config)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    vs_filters f = {.p = aws_params_new(a)};
    const char *type = tf_get_str(config, "service_type", "");
    if (*type)
        vs_filter(&f, "service-type", &type, 1);
    const char *name = tf_get_str(config, "service_name", "");
    const char *service = tf_get_str(config, "service", "");
    if (!*name && *service)
        name = tf_arena_printf(a, "com.amazonaws.%s.%s", m->region, service);
    if (*name)
        aws_params_add(f.p, "ServiceName.1", name);
    const tf_value *regions = tf_get(config, "service_regions");
    if (tf_is_known(regions))
        for (size_t i = 0; i < regions->u.coll.n; i++)
            aws_params_add(f.p, aws_params_key(f.p, "ServiceRegion.%zu", i + 1),
                           regions->u.coll.items[i]->u.str.ptr);
    const tf_value *tags = tf_get(config, "tags");
    if (tf_is_known(tags))
        for (size_t i = 0; i < tags->u.coll.n; i++) {
            const tf_value *v = tags->u.coll.items[i];
            if (!tf_is_known(v))
                continue;
            const char *val = v->u.str.ptr;
            vs_filter(&f, aws_params_key(f.p, "tag:%s", tags->u.coll.keys[i]), &val, 1);
        }
    const tf_value *blocks = tf_get(config, "filter");
    if (tf_is_known(blocks))
        for (size_t i = 0; i < blocks->u.coll.n; i++) {
            const tf_value *b = blocks->u.coll.items[i], *vs = tf_get(b, "values");
            size_t nv = tf_is_known(vs) ? vs->u.coll.n : 0;
            const char **vals = tf_arena_calloc(a, nv + 1, sizeof *vals);
            for (size_t j = 0; j < nv; j++)
                vals[j] = vs->u.coll.items[j]->u.str.ptr;
            vs_filter(&f, tf_get_str(b, "name", ""), vals, nv);
        }
    vs_found found = {0};
    aws_error err;
    if (aws_query_pages(m->client, a, ctx->stop, "ec2", "DescribeVpcEndpointServices", f.p,
                        "NextToken", "nextToken", vs_page, &found, &err) != 0) {
        aws_diag(ctx, &err, "reading EC2 VPC Endpoint Services");
        return NULL;
    }
    if (found.n == 0) {
        tf_diag_error(ctx->diags, NULL, "no matching EC2 VPC Endpoint Service found", "%s", "");
        return NULL;
    }
    if (found.n > 1) {
        tf_diag_error(ctx->diags, NULL,
                      "multiple EC2 VPC Endpoint Services matched; use additional constraints "
                      "to reduce matches to a single EC2 VPC Endpoint Service", "%s", "");
        return NULL;
    }
    const aws_xml_node *sd = found.first;
    const char *sid = aws_xml_text(sd, "serviceId");
    const char *sname = aws_xml_text(sd, "serviceName");
    sid = sid ? sid : "";
    sname = sname ? sname : "";
    tf_objb b;
    tf_objb_init(&b, a, config->type, config);
    tf_objb_str(&b, "id", tf_arena_printf(a, "%u", (unsigned)pj_crc32(sname, strlen(sname))));
    tf_objb_bool(&b, "acceptance_required", aws_xml_bool(sd, "acceptanceRequired", 0));
    tf_objb_str(&b, "arn", tf_arena_printf(a, "arn:%s:ec2:%s:%s:vpc-endpoint-service/%s",
                                           m->partition, m->region, m->account_id, sid));
    tf_objb_set(&b, "availability_zones", vs_set(a, sd, "availabilityZoneSet/item", NULL));
    tf_objb_set(&b, "base_endpoint_dns_names",
                vs_set(a, sd, "baseEndpointDnsNameSet/item", NULL));
    tf_objb_bool(&b, "manages_vpc_endpoints", aws_xml_bool(sd, "managesVpcEndpoints", 0));
    tf_objb_str(&b, "owner", vs_text(sd, "owner"));
    tf_objb_str(&b, "private_dns_name", vs_text(sd, "privateDnsName"));
    tf_objb_set(&b, "private_dns_names",
                vs_set(a, sd, "privateDnsNameSet/item", "privateDnsName"));
    tf_objb_str(&b, "region", vs_text(sd, "serviceRegion"));
    tf_objb_str(&b, "service_id", sid);
    tf_objb_str(&b, "service_name", sname);
    tf_objb_str(&b, "service_type", aws_xml_text(sd, "serviceType/item/serviceType"));
    tf_objb_set(&b, "supported_ip_address_types",
                vs_set(a, sd, "supportedIpAddressTypeSet/item", NULL));
    tf_objb_bool(&b, "vpc_endpoint_policy_supported",
                 aws_xml_bool(sd, "vpcEndpointPolicySupported", 0));
    /* KeyValueTags(...).IgnoreAWS().IgnoreConfig(ignore_tags).Map() */
    size_t nt = 0;
    for (const aws_xml_node *t = aws_xml_first(sd, "tagSet/item"); t; t = aws_xml_next(t))
        nt++;
    const char **keys = tf_arena_calloc(a, nt + 1, sizeof *keys);
    const char **vals = tf_arena_calloc(a, nt + 1, sizeof *vals);
    size_t k = 0;
    for (const aws_xml_node *t = aws_xml_first(sd, "tagSet/item"); t; t = aws_xml_next(t)) {
        const char *key = aws_xml_text(t, "key"), *val = aws_xml_text(t, "value");
        if (!key || strncmp(key, "aws:", 4) == 0 || aws_tags_ignored(m, key))
            continue;
        keys[k] = key;
        vals[k++] = val ? val : "";
    }
    tf_objb_set(&b, "tags", tf_string_map(a, keys, vals, k));
    return tf_objb_done(&b);
}

const tf_data_source_def aws_ec2_vpc_endpoint_service_data_source_def = {
    .type_name = "aws_vpc_endpoint_service",
    .version = 0,
    .schema = &aws_schema_data_aws_vpc_endpoint_service,
    .read = vs_read,
};

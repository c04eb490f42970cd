/* net_data_sources.c - data "aws_vpc", "aws_subnets", "aws_subnet", "aws_security_group"
 * and "aws_prefix_list":
 * EC2 lookups by tags, attribute filters and filter blocks, as
 * hashicorp/aws 5.100.0 builds them (tag:<key> filters from `tags`, then
 * the attribute filters, then the filter blocks).  The schemas are
 * generated from aws/schema/aws.schema. */

#include <stdbool.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "ec2_subnet.h"
#include "ec2_vpc.h"
#include "provider_meta.h"
#include "resources.h"
#include "tags.h"
#include "value_build.h"

typedef struct nd_filters {
    aws_params *p;
    int n;
} nd_filters;

static void nd_filter(nd_filters *f, const char *name, const char *const *values, size_t nv)
{
    f->n++;
    aws_params_add(f->p, aws_params_key(f->p, "Filter.%d.Name", f->n), name);
    for (size_t i = 0; i < nv; i++)
        aws_params_add(f->p, aws_params_key(f->p, "Filter.%d.Value.%zu", f->n, i + 1), values[i]);
}

/* newTagFilterList(tags): one tag:<key> filter per configured tag. */
static void nd_tag_filters(nd_filters *f, const tf_value *tags)
{
    if (!tf_is_known(tags))
        return;
    for (size_t i = 0; i < tags->u.coll.n; i++) {
        const tf_value *v = tags->u.coll.items[i];
        if (!tf_is_known(v))
            continue;
        const char *val = v->u.str.ptr;
        nd_filter(f, aws_params_key(f->p, "tag:%s", tags->u.coll.keys[i]), &val, 1);
    }
}

/* newCustomFilterList(filter blocks). */
static void nd_block_filters(tf_arena *a, nd_filters *f, const tf_value *blocks)
{
    if (!tf_is_known(blocks))
        return;
    for (size_t i = 0; i < blocks->u.coll.n; i++) {
        const tf_value *b = blocks->u.coll.items[i], *vs = tf_get(b, "values");
        size_t nv = tf_is_known(vs) ? vs->u.coll.n : 0;
        const char **vals = tf_arena_calloc(a, nv + 1, sizeof *vals);
        for (size_t j = 0; j < nv; j++)
            vals[j] = vs->u.coll.items[j]->u.str.ptr;
        nd_filter(f, tf_get_str(b, "name", ""), vals, nv);
    }
}

typedef struct nd_attr_filter {
    const char *attr, *filter;
} nd_attr_filter;

/* One filter per attribute of config set to a non-empty string. */
static void nd_attr_filters(nd_filters *f, const tf_value *config, const nd_attr_filter *list,
                            size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *v = tf_get_str(config, list[i].attr, NULL);
        if (v && v[0])
            nd_filter(f, list[i].filter, &v, 1);
    }
}

/* How a single-object data source asks: id_attr's value as id_param, then
 * the filters in hashicorp's order: attributes, flag_attr (when true) as
 * flag_filter=true, tag:<key> filters (with_tags), the filter blocks. */
typedef struct nd_lookup {
    const char *id_attr, *id_param;
    const nd_attr_filter *attrs;
    size_t n_attrs;
    const char *flag_attr, *flag_filter;
    bool with_tags;
} nd_lookup;

static aws_params *nd_lookup_params(tf_arena *a, const tf_value *config, const nd_lookup *l)
{
    nd_filters f = {.p = aws_params_new(a)};
    const char *id = tf_get_str(config, l->id_attr, NULL);
    if (id && id[0])
        aws_params_add(f.p, l->id_param, id);
    nd_attr_filters(&f, config, l->attrs, l->n_attrs);
    if (l->flag_attr && tf_get_bool(config, l->flag_attr, false)) {
        const char *t = "true";
        nd_filter(&f, l->flag_filter, &t, 1);
    }
    if (l->with_tags)
        nd_tag_filters(&f, tf_get(config, "tags"));
    nd_block_filters(a, &f, tf_get(config, "filter"));
    return f.p;
}

#define ND_ATTRS(list) .attrs = (list), .n_attrs = sizeof(list) / sizeof((list)[0])

/* `tags` of a data source's state: the object's tags minus ignored keys. */
static void nd_tags_state(tf_arena *a, const aws_meta *m, tf_objb *b, const aws_xml_node *item)
{
    size_t nt = 0;
    for (const aws_xml_node *t = aws_xml_first(item, "tagSet/item"); t; t = aws_xml_next(t))
        nt++;
    const char **tk = tf_arena_calloc(a, nt + 1, sizeof *tk);
    const char **tv = tf_arena_calloc(a, nt + 1, sizeof *tv);
    size_t k = 0;
    for (const aws_xml_node *t = aws_xml_first(item, "tagSet/item"); t; t = aws_xml_next(t)) {
        const char *key = aws_xml_text(t, "key");
        if (!key || aws_tags_ignored(m, key))
            continue;
        const char *val = aws_xml_text(t, "value");
        tk[k] = key;
        tv[k++] = val ? val : "";
    }
    tf_objb_set(b, "tags", tf_string_map(a, tk, tv, k));
}

typedef struct nd_matches {
    const char *path;
    const aws_xml_node *first;
    size_t n;
} nd_matches;

static int nd_match_page(void *ud, const aws_xml_node *page, aws_error *err)
{
    (void)err;
    nd_matches *g = ud;
    for (const aws_xml_node *s = aws_xml_first(page, g->path); s; s = aws_xml_next(s)) {
        if (!g->first)
            g->first = s;
        g->n++;
    }
    return 0;
}

/* The one object (an item at item_path) that action answers for p, over
 * all pages; NULL with a diagnostic otherwise: AWS's error (gone_code
 * reads as no match) or hashicorp's "no matching EC2 <what> found" /
 * "multiple EC2 <what>s matched" errors. */
static const aws_xml_node *nd_find_one(tf_ctx *ctx, const aws_meta *m, const char *action,
                                       aws_params *p, const char *item_path,
                                       const char *gone_code, const char *what)
{
    nd_matches g = {.path = item_path};
    aws_error err;
    if (aws_query_pages(m->client, ctx->arena, ctx->stop, "ec2", action, p, "NextToken",
                        "nextToken", nd_match_page, &g, &err) != 0) {
        if (!aws_error_is(&err, gone_code)) {
            aws_diag(ctx, &err, "reading EC2 %s", what);
            return NULL;
        }
        g.n = 0;
    }
    if (g.n == 0) {
        tf_diag_error(ctx->diags, NULL, tf_arena_printf(ctx->arena, "no matching EC2 %s found",
                                                        what), "%s", "");
        return NULL;
    }
    if (g.n > 1) {
        tf_diag_error(ctx->diags, NULL,
                      tf_arena_printf(ctx->arena,
                                      "multiple EC2 %ss matched; use additional constraints "
                                      "to reduce matches to a single EC2 %s", what, what),
                      "%s", "");
        return NULL;
    }
    return g.first;
}

/* ---- data "aws_subnets" ---- */

typedef struct nd_ids {
    tf_arena *a;
    const char **v;
    size_t n;
} nd_ids;

static int nd_subnet_page(void *ud, const aws_xml_node *page, aws_error *err)
{
    (void)err;
    nd_ids *ids = ud;
    for (const aws_xml_node *s = aws_xml_first(page, "subnetSet/item"); s; s = aws_xml_next(s)) {
        const char *id = aws_xml_text(s, "subnetId");
        if (!id)
            continue;
        const char **v = tf_arena_calloc(ids->a, ids->n + 2, sizeof *v);
        if (ids->n)
            memcpy(v, ids->v, ids->n * sizeof *v);
        v[ids->n++] = id;
        ids->v = v;
    }
    return 0;
}

static const tf_value *subnets_read(tf_ctx *ctx, const tf_value *config)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    nd_filters f = {.p = aws_params_new(a)};
    nd_tag_filters(&f, tf_get(config, "tags"));
    nd_block_filters(a, &f, tf_get(config, "filter"));
    nd_ids ids = {.a = a};
    aws_error err;
    if (aws_query_pages(m->client, a, ctx->stop, "ec2", "DescribeSubnets", f.p, "NextToken",
                        "nextToken", nd_subnet_page, &ids, &err) != 0) {
        aws_diag(ctx, &err, "reading EC2 Subnets");
        return NULL;
    }
    tf_objb b;
    tf_objb_init(&b, a, config->type, config);
    tf_objb_str(&b, "id", m->region);
    tf_objb_set(&b, "ids", tf_string_list(a, ids.v, ids.n));
    return tf_objb_done(&b);
}

const tf_data_source_def aws_ec2_subnets_data_source_def = {
    .type_name = "aws_subnets",
    .version = 0,
    .schema = &aws_schema_data_aws_subnets,
    .read = subnets_read,
};

/* ---- data "aws_security_group" ---- */

static const tf_value *security_group_ds_read(tf_ctx *ctx, const tf_value *config)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    static const nd_attr_filter attrs[] = {{"name", "group-name"}, {"vpc_id", "vpc-id"}};
    static const nd_lookup lookup = {.id_attr = "id", .id_param = "GroupId.1", ND_ATTRS(attrs),
                                     .with_tags = true};
    const aws_xml_node *sg = nd_find_one(ctx, m, "DescribeSecurityGroups",
                                         nd_lookup_params(a, config, &lookup),
                                         "securityGroupInfo/item", "InvalidGroup.NotFound",
                                         "Security Group");
    if (!sg)
        return NULL;
    const char *gid = aws_xml_text(sg, "groupId"), *owner = aws_xml_text(sg, "ownerId");
    tf_objb b;
    tf_objb_init(&b, a, config->type, config);
    tf_objb_str(&b, "id", gid);
    tf_objb_str(&b, "arn", tf_arena_printf(a, "arn:%s:ec2:%s:%s:security-group/%s", m->partition,
                                           m->region, owner ? owner : "", gid));
    tf_objb_str(&b, "description", aws_xml_text(sg, "groupDescription"));
    tf_objb_str(&b, "name", aws_xml_text(sg, "groupName"));
    tf_objb_str(&b, "vpc_id", aws_xml_text(sg, "vpcId"));
    nd_tags_state(a, m, &b, sg);
    return tf_objb_done(&b);
}

const tf_data_source_def aws_ec2_security_group_data_source_def = {
    .type_name = "aws_security_group",
    .version = 0,
    .schema = &aws_schema_data_aws_security_group,
    .read = security_group_ds_read,
};

/* ---- data "aws_subnet" ---- */

static const tf_value *subnet_ds_read(tf_ctx *ctx, const tf_value *config)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    static const nd_attr_filter attrs[] = {
        {"availability_zone", "availability-zone"},
        {"availability_zone_id", "availability-zone-id"},
        {"cidr_block", "cidr-block"},
        {"ipv6_cidr_block", "ipv6-cidr-block-association.ipv6-cidr-block"},
        {"state", "state"},
        {"vpc_id", "vpc-id"},
    };
    static const nd_lookup lookup = {.id_attr = "id", .id_param = "SubnetId.1", ND_ATTRS(attrs),
                                     .flag_attr = "default_for_az",
                                     .flag_filter = "default-for-az", .with_tags = true};
    const aws_xml_node *s = nd_find_one(ctx, m, "DescribeSubnets",
                                        nd_lookup_params(a, config, &lookup), "subnetSet/item",
                                        "InvalidSubnetID.NotFound", "Subnet");
    if (!s)
        return NULL;
    tf_objb b;
    tf_objb_init(&b, a, config->type, config);
    tf_objb_str(&b, "id", aws_xml_text(s, "subnetId"));
    ec2_subnet_state_fields(&b, s);
    tf_objb_i64(&b, "available_ip_address_count", aws_xml_int(s, "availableIpAddressCount", 0));
    tf_objb_bool(&b, "default_for_az", aws_xml_bool(s, "defaultForAz", 0));
    const char *st = aws_xml_text(s, "state");
    tf_objb_str(&b, "state", st ? st : "");
    nd_tags_state(a, m, &b, s);
    return tf_objb_done(&b);
}

const tf_data_source_def aws_ec2_subnet_data_source_def = {
    .type_name = "aws_subnet",
    .version = 0,
    .schema = &aws_schema_data_aws_subnet,
    .read = subnet_ds_read,
};

/* ---- data "aws_vpc" ---- */

static const tf_value *vpc_ds_read(tf_ctx *ctx, const tf_value *config)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    static const nd_attr_filter attrs[] = {
        {"cidr_block", "cidr"}, {"dhcp_options_id", "dhcp-options-id"}, {"state", "state"},
    };
    static const nd_lookup lookup = {.id_attr = "id", .id_param = "VpcId.1", ND_ATTRS(attrs),
                                     .flag_attr = "default", .flag_filter = "is-default",
                                     .with_tags = true};
    const aws_xml_node *vpc = nd_find_one(ctx, m, "DescribeVpcs",
                                          nd_lookup_params(a, config, &lookup), "vpcSet/item",
                                          "InvalidVpcID.NotFound", "VPC");
    if (!vpc)
        return NULL;
    aws_xml_node *out;
    aws_error err;
    const char *vid = aws_xml_text(vpc, "vpcId"), *owner = aws_xml_text(vpc, "ownerId");
    tf_objb b;
    tf_objb_init(&b, a, config->type, config);
    tf_objb_str(&b, "id", vid);
    tf_objb_str(&b, "arn", tf_arena_printf(a, "arn:%s:ec2:%s:%s:vpc/%s", m->partition, m->region,
                                           owner ? owner : "", vid));
    tf_objb_str(&b, "cidr_block", aws_xml_text(vpc, "cidrBlock"));
    tf_objb_bool(&b, "default", aws_xml_bool(vpc, "isDefault", 0));
    tf_objb_str(&b, "dhcp_options_id", aws_xml_text(vpc, "dhcpOptionsId"));
    tf_objb_str(&b, "instance_tenancy", aws_xml_text(vpc, "instanceTenancy"));
    tf_objb_str(&b, "owner_id", owner);
    /* hashicorp/aws leaves state as configured (null when it is not) */
    static const char *const names[] = {"enableDnsHostnames", "enableDnsSupport",
                                        "enableNetworkAddressUsageMetrics"};
    static const char *const fields[] = {"enable_dns_hostnames", "enable_dns_support",
                                         "enable_network_address_usage_metrics"};
    for (int i = 0; i < 3; i++) {
        int v = 0;
        if (ec2_vpc_attr_get(m, ctx, vid, names[i], &v, &err) != 0) {
            aws_diag(ctx, &err, "reading EC2 VPC (%s) Attribute (%s)", vid, names[i]);
            return NULL;
        }
        tf_objb_bool(&b, fields[i], v);
    }
    aws_params *q = aws_params_new(a);
    aws_params_add(q, "Filter.1.Name", "association.main");
    aws_params_add(q, "Filter.1.Value.1", "true");
    aws_params_add(q, "Filter.2.Name", "vpc-id");
    aws_params_add(q, "Filter.2.Value.1", vid);
    const char *rtb = NULL;
    if (aws_query_call(m->client, a, ctx->stop, "ec2", "DescribeRouteTables", q, &out, &err) != 0)
    {
        aws_diag(ctx, &err, "reading EC2 VPC (%s) main Route Table", vid);
        return NULL;
    }
    rtb = aws_xml_text(out, "routeTableSet/item/routeTableId");
    if (!rtb) {
        tf_diag_error(ctx->diags, NULL, "reading EC2 VPC main Route Table",
                      "reading EC2 VPC (%s) main Route Table: empty result", vid);
        return NULL;
    }
    tf_objb_str(&b, "main_route_table_id", rtb);
    const tf_type *assoc_t = tf_get(config, "cidr_block_associations")->type;
    size_t na = 0;
    for (const aws_xml_node *c = aws_xml_first(vpc, "cidrBlockAssociationSet/item"); c;
         c = aws_xml_next(c))
        na++;
    const tf_value **items = tf_arena_calloc(a, na + 1, sizeof *items);
    size_t k = 0;
    for (const aws_xml_node *c = aws_xml_first(vpc, "cidrBlockAssociationSet/item"); c;
         c = aws_xml_next(c)) {
        tf_objb ob;
        tf_objb_init(&ob, a, assoc_t->elem, NULL);
        tf_objb_str(&ob, "association_id", aws_xml_text(c, "associationId"));
        tf_objb_str(&ob, "cidr_block", aws_xml_text(c, "cidrBlock"));
        tf_objb_str(&ob, "state", aws_xml_text(c, "cidrBlockState/state"));
        items[k++] = tf_objb_done(&ob);
    }
    tf_objb_set(&b, "cidr_block_associations", tf_list(a, assoc_t->elem, k, items));
    const aws_xml_node *v6 = aws_xml_first(vpc, "ipv6CidrBlockAssociationSet/item");
    const char *v6a = v6 ? aws_xml_text(v6, "associationId") : NULL;
    const char *v6c = v6 ? aws_xml_text(v6, "ipv6CidrBlock") : NULL;
    tf_objb_str(&b, "ipv6_association_id", v6a ? v6a : "");
    tf_objb_str(&b, "ipv6_cidr_block", v6c ? v6c : "");
    nd_tags_state(a, m, &b, vpc);
    return tf_objb_done(&b);
}

const tf_data_source_def aws_ec2_vpc_data_source_def = {
    .type_name = "aws_vpc",
    .version = 0,
    .schema = &aws_schema_data_aws_vpc,
    .read = vpc_ds_read,
};

/* ---- data "aws_prefix_list" ---- */

static const tf_value *prefix_list_ds_read(tf_ctx *ctx, const tf_value *config)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    static const nd_attr_filter attrs[] = {{"name", "prefix-list-name"}};
    static const nd_lookup lookup = {.id_attr = "prefix_list_id",
                                     .id_param = "PrefixListId.1", ND_ATTRS(attrs)};
    const aws_xml_node *pl = nd_find_one(ctx, m, "DescribePrefixLists",
                                         nd_lookup_params(a, config, &lookup),
                                         "prefixListSet/item", "InvalidPrefixListID.NotFound",
                                         "Prefix List");
    if (!pl)
        return NULL;
    size_t nc = 0;
    for (const aws_xml_node *c = aws_xml_first(pl, "cidrSet/item"); c; c = aws_xml_next(c))
        nc++;
    const char **cidrs = tf_arena_calloc(a, nc + 1, sizeof *cidrs);
    size_t k = 0;
    for (const aws_xml_node *c = aws_xml_first(pl, "cidrSet/item"); c; c = aws_xml_next(c)) {
        const char *t = aws_xml_text(c, NULL);
        if (t)
            cidrs[k++] = t;
    }
    tf_objb b;
    tf_objb_init(&b, a, config->type, config);
    tf_objb_str(&b, "id", aws_xml_text(pl, "prefixListId"));
    tf_objb_str(&b, "name", aws_xml_text(pl, "prefixListName"));
    tf_objb_set(&b, "cidr_blocks", tf_string_list(a, cidrs, k));
    return tf_objb_done(&b);
}

const tf_data_source_def aws_ec2_prefix_list_data_source_def = {
    .type_name = "aws_prefix_list",
    .version = 0,
    .schema = &aws_schema_data_aws_prefix_list,
    .read = prefix_list_ds_read,
};

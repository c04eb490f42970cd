/* vpc_dhcp_options.c - aws_vpc_dhcp_options: a DHCP options set.
 *
 * Every option replaces (at least one is required); only the tags change in
 * place.  The options map to EC2's keys (domain-name, domain-name-servers,
 * ...); empty values are not sent.  Reading sets every option from what EC2
 * reports: a string option it does not report reads "", a list one empty
 * (null after an apply that planned null, as hashicorp/aws stores it).
 * Delete moves each VPC still using the set to "default" first, then
 * deletes, retrying while EC2 answers DependencyViolation.  Import by id. */

#include <stdio.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "ec2_find.h"
#include "ec2_lookup.h"
#include "ec2_object.h"
#include "ec2_retry.h"
#include "ec2_tags.h"
#include "provider_meta.h"
#include "resources.h"
#include "tags.h"
#include "value_build.h"

#define DOPT_PROPAGATION_S (2 * 60.0)
#define DOPT_DELETE_S (3 * 60.0)
#define DOPT_WHAT "EC2 DHCP Options Set"

/* Terraform attribute, EC2 key, whether it is a list. */
static const struct {
    const char *attr, *key;
    bool list;
} dopt_keys[] = {
    {"domain_name", "domain-name", false},
    {"domain_name_servers", "domain-name-servers", true},
    {"ipv6_address_preferred_lease_time", "ipv6-address-preferred-lease-time", false},
    {"netbios_name_servers", "netbios-name-servers", true},
    {"netbios_node_type", "netbios-node-type", false},
    {"ntp_servers", "ntp-servers", true},
};
#define N_DOPT_KEYS (sizeof dopt_keys / sizeof dopt_keys[0])

static int dopt_find(aws_client *c, tf_arena *a, const volatile int *stop, const char *id,
                     const aws_xml_node **item, aws_error *err)
{
    return ec2_find_by_id(c, a, stop, "DescribeDhcpOptions", "DhcpOptionsId.1",
                          "InvalidDhcpOptionID.NotFound", "dhcpOptionsSet/item",
                          "dhcpOptionsId", id, item, err);
}

static const tf_value *dopt_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                    bool is_new)
{
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(base, "id", "");
    const aws_xml_node *d;
    const tf_value *miss;
    if (ec2_object_read(ctx, m, dopt_find, DOPT_WHAT, base,
                        aws_schema_resource_aws_vpc_dhcp_options.ctype, is_new,
                        DOPT_PROPAGATION_S, &d, &miss) != EC2_FOUND)
        return miss;
    const char *owner = aws_xml_text(d, "ownerId");
    tf_objb b;
    tf_objb_init(&b, a, aws_schema_resource_aws_vpc_dhcp_options.ctype, base);
    tf_objb_str(&b, "id", id);
    tf_objb_str(&b, "owner_id", owner ? owner : "");
    tf_objb_str(&b, "arn", tf_arena_printf(a, "arn:%s:ec2:%s:%s:dhcp-options/%s", m->partition,
                                           m->region, owner ? owner : "", id));
    for (size_t i = 0; i < N_DOPT_KEYS; i++) {
        const aws_xml_node *conf = NULL;
        for (const aws_xml_node *c = aws_xml_first(d, "dhcpConfigurationSet/item"); c;
             c = aws_xml_next(c)) {
            const char *key = aws_xml_text(c, "key");
            if (key && strcmp(key, dopt_keys[i].key) == 0)
                conf = c;
        }
        const char *vals[16];
        size_t n = 0;
        for (const aws_xml_node *v = conf ? aws_xml_first(conf, "valueSet/item") : NULL;
             v && n < 16; v = aws_xml_next(v)) {
            const char *s = aws_xml_text(v, "value");
            vals[n++] = s ? s : "";
        }
        /* An unset list reads empty, as SDKv2 refreshes it; an apply keeps
         * what was planned for it (null or empty). */
        const tf_value *planned = tf_get(base, dopt_keys[i].attr);
        if (dopt_keys[i].list)
            tf_objb_set(&b, dopt_keys[i].attr,
                        n          ? tf_string_list(a, vals, n)
                        : is_new && planned ? planned
                                            : tf_string_list(a, NULL, 0));
        else
            tf_objb_str(&b, dopt_keys[i].attr, n ? vals[0] : "");
    }
    size_t nt;
    aws_kv *remote = ec2_tags_from_xml(a, d, &nt);
    aws_tags_set_state(&b, m, remote, nt, tf_get(base, "tags"));
    return tf_objb_done(&b);
}

static void dopt_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    aws_tags_plan(ctx, req);
}

static const tf_value *dopt_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    aws_params *p = aws_params_new(a);
    int k = 0;
    for (size_t i = 0; i < N_DOPT_KEYS; i++) {
        const tf_value *v = tf_get(planned, dopt_keys[i].attr);
        if (!tf_is_known(v))
            continue;
        const tf_value *one[1] = {v};
        const tf_value *const *items = dopt_keys[i].list ? v->u.coll.items : one;
        size_t n = dopt_keys[i].list ? v->u.coll.n : 1, sent = 0;
        for (size_t j = 0; j < n; j++) {
            if (!tf_is_known(items[j]) || !items[j]->u.str.ptr[0])
                continue;
            if (!sent)
                k++;
            aws_params_add(p, aws_params_key(p, "DhcpConfiguration.%d.Value.%zu", k, ++sent),
                           items[j]->u.str.ptr);
        }
        if (sent)
            aws_params_add(p, aws_params_key(p, "DhcpConfiguration.%d.Key", k), dopt_keys[i].key);
    }
    size_t nt;
    aws_kv *tags = aws_tags_from_map(a, tf_get(planned, "tags_all"), &nt);
    ec2_tag_specs(p, 1, "dhcp-options", tags, nt);
    /* Nothing sent is unique: an earlier attempt's set is a new one with
     * these tags. */
    ec2_lookup lk;
    ec2_lookup_init(&lk, m->client, ctx->stop, "DescribeDhcpOptions", "dhcpOptionsSet/item",
                    "dhcpOptionsId");
    ec2_lookup_tags(&lk, a, tags, nt);
    aws_create_once once = {.service = "ec2", .operation = "CreateDhcpOptions",
                            .lookup = ec2_lookup_ids, .ud = &lk};
    aws_xml_node *out;
    const char *id = ec2_object_create(ctx, m, &once, p, "dhcpOptions/dhcpOptionsId", DOPT_WHAT,
                                       &out);
    if (!id)
        return NULL;
    return dopt_refresh(ctx, m, tf_object_with(a, planned, "id", tf_string(a, id)), true);
}

static const tf_value *dopt_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    return m ? dopt_refresh(ctx, m, state, false) : NULL;
}

static const tf_value *dopt_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    if (ec2_object_update_tags(ctx, m, prior, planned, DOPT_WHAT) != 0)
        return dopt_refresh(ctx, m, prior, false);
    return dopt_refresh(ctx, m, planned, true);
}

static void dopt_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(prior, "id", "");
    aws_error err;
    ec2_lookup lk;
    ec2_lookup_init(&lk, m->client, ctx->stop, "DescribeVpcs", "vpcSet/item", "vpcId");
    ec2_lookup_filter(&lk, "dhcp-options-id", id);
    const char **vpcs;
    size_t n;
    if (ec2_lookup_ids(&lk, a, &vpcs, &n, &err) != 0) {
        aws_diag(ctx, &err, "reading EC2 DHCP Options Set (%s) associated VPCs", id);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        aws_params *p = aws_params_new(a);
        aws_params_add(p, "DhcpOptionsId", "default");
        aws_params_add(p, "VpcId", vpcs[i]);
        aws_xml_node *out;
        if (aws_query_call(m->client, a, ctx->stop, "ec2", "AssociateDhcpOptions", p, &out,
                           &err) != 0 &&
            !aws_error_is(&err, "InvalidVpcID.NotFound")) {
            aws_diag(ctx, &err, "disassociating EC2 DHCP Options Set (%s) from VPC (%s)", id,
                     vpcs[i]);
            return;
        }
    }
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "DhcpOptionsId", id);
    aws_xml_node *out;
    static const char *const retry[] = {"DependencyViolation", NULL};
    if (ec2_call_retry(m->client, a, ctx->stop, "DeleteDhcpOptions", p, &out, DOPT_DELETE_S,
                       retry, &err) != 0 &&
        !aws_error_is(&err, "InvalidDhcpOptionID.NotFound"))
        aws_diag(ctx, &err, "deleting EC2 DHCP Options Set (%s)", id);
}

const tf_resource_def aws_ec2_vpc_dhcp_options_def = {
    .type_name = "aws_vpc_dhcp_options",
    .version = 0,
    .schema = &aws_schema_resource_aws_vpc_dhcp_options,
    .modify_plan = dopt_modify_plan,
    .create = dopt_create,
    .read = dopt_read,
    .update = dopt_update,
    .delete = dopt_delete,
};

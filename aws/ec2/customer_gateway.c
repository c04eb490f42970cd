/* customer_gateway.c - aws_customer_gateway: the customer side of a
 * site-to-site VPN.
 *
 * Every argument replaces; only the tags change in place.  Created and
 * waited for `available`; deleted and waited for `deleted`.  bgp_asn and
 * bgp_asn_extended are strings holding 4-byte ASNs; the one AWS did not get
 * reads as unset.  Import by id. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "ec2_find.h"
#include "ec2_lookup.h"
#include "ec2_object.h"
#include "ec2_tags.h"
#include "provider_meta.h"
#include "resources.h"
#include "tags.h"
#include "value_build.h"

#define CGW_CREATE_S (10 * 60.0)
#define CGW_DELETE_S (5 * 60.0)
#define CGW_PROPAGATION_S (2 * 60.0)
#define CGW_WHAT "EC2 Customer Gateway"

/* A gateway in state `deleted` is not found. */
static int cgw_find(aws_client *c, tf_arena *a, const volatile int *stop, const char *id,
                    const aws_xml_node **gw, aws_error *err)
{
    int rc = ec2_find_by_id(c, a, stop, "DescribeCustomerGateways", "CustomerGatewayId.1",
                            "InvalidCustomerGatewayID.NotFound", "customerGatewaySet/item",
                            "customerGatewayId", id, gw, err);
    if (rc == EC2_FOUND) {
        const char *st = aws_xml_text(*gw, "state");
        if (st && strcmp(st, "deleted") == 0)
            return EC2_NOT_FOUND;
    }
    return rc;
}

static const tf_value *cgw_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                   bool is_new)
{
    const char *id = tf_get_str(base, "id", "");
    const aws_xml_node *gw;
    const tf_value *miss;
    if (ec2_object_read(ctx, m, cgw_find, CGW_WHAT, base,
                        aws_schema_resource_aws_customer_gateway.ctype, is_new, CGW_PROPAGATION_S,
                        &gw, &miss) != EC2_FOUND)
        return miss;
    tf_objb b;
    tf_objb_init(&b, ctx->arena, aws_schema_resource_aws_customer_gateway.ctype, base);
    tf_objb_str(&b, "id", id);
    tf_objb_str(&b, "arn", tf_arena_printf(ctx->arena, "arn:%s:ec2:%s:%s:customer-gateway/%s",
                                           m->partition, m->region, m->account_id, id));
    static const char *const fields[][2] = {
        {"bgp_asn", "bgpAsn"},           {"bgp_asn_extended", "bgpAsnExtended"},
        {"certificate_arn", "certificateArn"}, {"device_name", "deviceName"},
        {"ip_address", "ipAddress"},     {"type", "type"},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const char *v = aws_xml_text(gw, fields[i][1]);
        tf_objb_str(&b, fields[i][0], v ? v : "");
    }
    size_t n;
    aws_kv *remote = ec2_tags_from_xml(ctx->arena, gw, &n);
    aws_tags_set_state(&b, m, remote, n, tf_get(base, "tags"));
    return tf_objb_done(&b);
}

/* verify.Valid4ByteASN on both ASN arguments. */
static void cgw_validate(tf_ctx *ctx, const tf_value *config)
{
    static const char *const names[] = {"bgp_asn", "bgp_asn_extended"};
    for (size_t i = 0; i < 2; i++) {
        const tf_value *v = tf_get(config, names[i]);
        if (!tf_is_known(v))
            continue;
        const char *s = v->u.str.ptr;
        char *end;
        errno = 0;
        long long asn = strtoll(s, &end, 10);
        bool number = *s && !*end && !errno;
        if (number && asn >= 1 && asn <= 4294967295LL)
            continue;
        tf_diag_error(ctx->diags, tf_path_attr(ctx->arena, tf_path_root(ctx->arena), names[i]),
                      "Invalid ASN",
                      number ? "\"%s\" (\"%s\") must be in the range 1 to 4294967295"
                             : "\"%s\" (\"%s\") must be a 64-bit integer",
                      names[i], s);
    }
}

static void cgw_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    aws_tags_plan(ctx, req);
}

static const tf_value *cgw_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    size_t n;
    aws_kv *tags = aws_tags_from_map(a, tf_get(planned, "tags_all"), &n);
    aws_params *p = aws_params_new(a);
    static const char *const args[][2] = {
        {"bgp_asn", "BgpAsn"},           {"bgp_asn_extended", "BgpAsnExtended"},
        {"certificate_arn", "CertificateArn"}, {"device_name", "DeviceName"},
        {"ip_address", "IpAddress"},     {"type", "Type"},
    };
    for (size_t i = 0; i < sizeof args / sizeof args[0]; i++) {
        const char *v = tf_get_str(planned, args[i][0], "");
        if (*v)
            aws_params_add(p, args[i][1], v);
    }
    ec2_tag_specs(p, 1, "customer-gateway", tags, n);
    /* An earlier attempt's gateway has this address, ASN and these tags. */
    ec2_lookup lk;
    ec2_lookup_init(&lk, m->client, ctx->stop, "DescribeCustomerGateways",
                    "customerGatewaySet/item", "customerGatewayId");
    ec2_lookup_filter(&lk, "ip-address", tf_get_str(planned, "ip_address", NULL));
    ec2_lookup_filter(&lk, "bgp-asn", tf_get_str(planned, "bgp_asn", NULL));
    ec2_lookup_filter(&lk, "type", tf_get_str(planned, "type", NULL));
    ec2_lookup_tags(&lk, a, tags, n);
    aws_create_once once = {.service = "ec2", .operation = "CreateCustomerGateway",
                            .lookup = ec2_lookup_ids, .ud = &lk};
    aws_xml_node *out;
    const char *id = ec2_object_create(ctx, m, &once, p, "customerGateway/customerGatewayId",
                                       CGW_WHAT, &out);
    if (!id)
        return NULL;
    const tf_value *state = tf_object_with(a, planned, "id", tf_string(a, id));
    aws_error err;
    if (ec2_object_wait_state(ctx, m, cgw_find, id, "available", CGW_CREATE_S, &err) != 0)
        aws_diag(ctx, &err, "waiting for EC2 Customer Gateway (%s) create", id);
    return cgw_refresh(ctx, m, state, true);
}

static const tf_value *cgw_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    return m ? cgw_refresh(ctx, m, state, false) : NULL;
}

static const tf_value *cgw_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    if (ec2_object_update_tags(ctx, m, prior, planned, CGW_WHAT) != 0)
        return cgw_refresh(ctx, m, prior, false);
    return cgw_refresh(ctx, m, planned, true);
}

static void cgw_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    const char *id = tf_get_str(prior, "id", "");
    if (ec2_object_delete(ctx, m, "DeleteCustomerGateway", "CustomerGatewayId", id,
                          "InvalidCustomerGatewayID.NotFound", CGW_WHAT) != 0)
        return;
    aws_error err;
    if (ec2_object_wait_state(ctx, m, cgw_find, id, NULL, CGW_DELETE_S, &err) != 0)
        aws_diag(ctx, &err, "waiting for EC2 Customer Gateway (%s) delete", id);
}

const tf_resource_def aws_ec2_customer_gateway_def = {
    .type_name = "aws_customer_gateway",
    .version = 0,
    .schema = &aws_schema_resource_aws_customer_gateway,
    .validate = cgw_validate,
    .modify_plan = cgw_modify_plan,
    .create = cgw_create,
    .read = cgw_read,
    .update = cgw_update,
    .delete = cgw_delete,
};

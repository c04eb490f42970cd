/* vpn_gateway.c - aws_vpn_gateway: a virtual private gateway, optionally
 * attached to a VPC through vpc_id.
 *
 * Created (type ipsec.1, optional zone and Amazon-side ASN) and waited for
 * `available`; vpc_id attaches it (waited for `attached`) and changes in
 * place by detaching from the old VPC first; delete detaches, then retries
 * DeleteVpnGateway while EC2 still calls it IncorrectState.  vpc_id reads
 * the VPC of the attachment in state `attached`, or stays unset.  Import by
 * id. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "ec2_find.h"
#include "ec2_lookup.h"
#include "ec2_object.h"
#include "ec2_retry.h"
#include "ec2_tags.h"
#include "ec2_vpn.h"
#include "provider_meta.h"
#include "resources.h"
#include "tags.h"
#include "value_build.h"

#define VGW_CREATE_S (10 * 60.0)
#define VGW_DELETE_S (5 * 60.0)
#define VGW_PROPAGATION_S (2 * 60.0)
#define VGW_WHAT "EC2 VPN Gateway"

static const tf_value *vgw_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                   bool is_new)
{
    const char *id = tf_get_str(base, "id", "");
    const aws_xml_node *gw;
    const tf_value *miss;
    if (ec2_object_read(ctx, m, ec2_find_vpn_gateway, VGW_WHAT, base,
                        aws_schema_resource_aws_vpn_gateway.ctype, is_new, VGW_PROPAGATION_S, &gw,
                        &miss) != EC2_FOUND)
        return miss;
    tf_objb b;
    tf_objb_init(&b, ctx->arena, aws_schema_resource_aws_vpn_gateway.ctype, base);
    tf_objb_str(&b, "id", id);
    tf_objb_str(&b, "amazon_side_asn", aws_xml_text(gw, "amazonSideAsn"));
    tf_objb_str(&b, "arn", tf_arena_printf(ctx->arena, "arn:%s:ec2:%s:%s:vpn-gateway/%s",
                                           m->partition, m->region, m->account_id, id));
    const char *az = aws_xml_text(gw, "availabilityZone");
    if (az && *az)
        tf_objb_str(&b, "availability_zone", az);
    const char *vpc = NULL;
    for (const aws_xml_node *t = aws_xml_first(gw, "attachments/item"); t; t = aws_xml_next(t)) {
        const char *st = aws_xml_text(t, "state");
        if (st && strcmp(st, "attached") == 0)
            vpc = aws_xml_text(t, "vpcId");
    }
    tf_objb_str(&b, "vpc_id", vpc ? vpc : "");
    size_t n;
    aws_kv *remote = ec2_tags_from_xml(ctx->arena, gw, &n);
    aws_tags_set_state(&b, m, remote, n, tf_get(base, "tags"));
    return tf_objb_done(&b);
}

/* verify.ValidAmazonSideASN: one of Amazon's own ASNs, or a private 2-byte
 * or 4-byte one (hashicorp/aws's words). */
static void vgw_validate(tf_ctx *ctx, const tf_value *config)
{
    const tf_value *v = tf_get(config, "amazon_side_asn");
    if (!tf_is_known(v))
        return;
    const char *s = v->u.str.ptr;
    char *end;
    errno = 0;
    long long asn = strtoll(s, &end, 10);
    if (!*s || *end || errno) {
        tf_diag_error(ctx->diags, tf_path_attr(ctx->arena, tf_path_root(ctx->arena),
                                               "amazon_side_asn"),
                      "Invalid Amazon side ASN",
                      "\"amazon_side_asn\" (\"%s\") must be a 64-bit integer", s);
        return;
    }
    if (!(asn == 7224 || asn == 9059 || asn == 10124 || asn == 17493 ||
          (asn >= 64512 && asn <= 65534) || (asn >= 4200000000LL && asn <= 4294967294LL)))
        tf_diag_error(ctx->diags, tf_path_attr(ctx->arena, tf_path_root(ctx->arena),
                                               "amazon_side_asn"),
                      "Invalid Amazon side ASN",
                      "\"amazon_side_asn\" (\"%s\") must be 7224, 9059, 10124 or 17493 or in "
                      "the range 64512 to 65534 or 4200000000 to 4294967294", s);
}

static void vgw_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    aws_tags_plan(ctx, req);
}

static const tf_value *vgw_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    size_t n;
    aws_kv *tags = aws_tags_from_map(a, tf_get(planned, "tags_all"), &n);
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "Type", "ipsec.1");
    const char *az = tf_get_str(planned, "availability_zone", "");
    if (*az)
        aws_params_add(p, "AvailabilityZone", az);
    const char *asn = tf_get_str(planned, "amazon_side_asn", "");
    if (*asn)
        aws_params_add(p, "AmazonSideAsn", asn);
    ec2_tag_specs(p, 1, "vpn-gateway", tags, n);
    /* Nothing sent is unique: an earlier attempt's gateway is a new one of
     * this type with these tags. */
    ec2_lookup lk;
    ec2_lookup_init(&lk, m->client, ctx->stop, "DescribeVpnGateways", "vpnGatewaySet/item",
                    "vpnGatewayId");
    ec2_lookup_filter(&lk, "type", "ipsec.1");
    ec2_lookup_filter(&lk, "availability-zone", az);
    ec2_lookup_tags(&lk, a, tags, n);
    aws_create_once once = {.service = "ec2", .operation = "CreateVpnGateway",
                            .lookup = ec2_lookup_ids, .ud = &lk};
    aws_xml_node *out;
    const char *id = ec2_object_create(ctx, m, &once, p, "vpnGateway/vpnGatewayId", VGW_WHAT,
                                       &out);
    if (!id)
        return NULL;
    const tf_value *state = tf_object_with(a, planned, "id", tf_string(a, id));
    aws_error err;
    if (ec2_object_wait_state(ctx, m, ec2_find_vpn_gateway, id, "available", VGW_CREATE_S,
                              &err) != 0) {
        aws_diag(ctx, &err, "waiting for EC2 VPN Gateway (%s) create", id);
        return vgw_refresh(ctx, m, state, true);
    }
    const char *vpc = tf_get_str(planned, "vpc_id", "");
    if (*vpc && ec2_vpn_attach(m->client, a, ctx->stop, id, vpc, &err) != 0) {
        aws_diag(ctx, &err, "attaching EC2 VPN Gateway (%s) to VPC (%s)", id, vpc);
        return vgw_refresh(ctx, m, state, true);
    }
    return vgw_refresh(ctx, m, state, true);
}

static const tf_value *vgw_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    return vgw_refresh(ctx, m, state, false);
}

static const tf_value *vgw_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(prior, "id", "");
    aws_error err;
    const char *old_vpc = tf_get_str(prior, "vpc_id", "");
    const char *new_vpc = tf_get_str(planned, "vpc_id", "");
    if (strcmp(old_vpc, new_vpc) != 0) {
        if (*old_vpc && ec2_vpn_detach(m->client, a, ctx->stop, id, old_vpc, &err) != 0) {
            aws_diag(ctx, &err, "detaching EC2 VPN Gateway (%s) from VPC (%s)", id, old_vpc);
            return vgw_refresh(ctx, m, prior, false);
        }
        if (*new_vpc && ec2_vpn_attach(m->client, a, ctx->stop, id, new_vpc, &err) != 0) {
            aws_diag(ctx, &err, "attaching EC2 VPN Gateway (%s) to VPC (%s)", id, new_vpc);
            return vgw_refresh(ctx, m, prior, false);
        }
    }
    if (ec2_object_update_tags(ctx, m, prior, planned, VGW_WHAT) != 0)
        return vgw_refresh(ctx, m, prior, false);
    return vgw_refresh(ctx, m, planned, true);
}

static void vgw_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(prior, "id", "");
    const char *vpc = tf_get_str(prior, "vpc_id", "");
    aws_error err;
    if (*vpc && ec2_vpn_detach(m->client, a, ctx->stop, id, vpc, &err) != 0) {
        aws_diag(ctx, &err, "detaching EC2 VPN Gateway (%s) from VPC (%s)", id, vpc);
        return;
    }
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "VpnGatewayId", id);
    aws_xml_node *out;
    static const char *const retry[] = {"IncorrectState", NULL};
    if (ec2_call_retry(m->client, a, ctx->stop, "DeleteVpnGateway", p, &out, VGW_DELETE_S, retry,
                       &err) != 0 &&
        !aws_error_is(&err, "InvalidVpnGatewayID.NotFound"))
        aws_diag(ctx, &err, "deleting EC2 VPN Gateway (%s)", id);
}

const tf_resource_def aws_ec2_vpn_gateway_def = {
    .type_name = "aws_vpn_gateway",
    .version = 0,
    .schema = &aws_schema_resource_aws_vpn_gateway,
    .validate = vgw_validate,
    .modify_plan = vgw_modify_plan,
    .create = vgw_create,
    .read = vgw_read,
    .update = vgw_update,
    .delete = vgw_delete,
};

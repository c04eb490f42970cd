/* vpn_gateway_attachment.c - aws_vpn_gateway_attachment: a virtual private
 * gateway attached to a VPC, as its own resource.
 *
 * Id vpn-attachment-<hex crc32 of "<vpc>-<gateway>">, as hashicorp/aws makes
 * it.  Attached and waited for; both arguments replace; delete detaches and
 * waits.  An attachment that is detached (or whose gateway is gone) reads as
 * gone.  hashicorp/aws 5.100.0 gives this type no importer: import is
 * refused with its message. */

#include <stdio.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "ec2_find.h"
#include "ec2_vpn.h"
#include "iam/policy_json.h"
#include "provider_meta.h"
#include "resources.h"
#include "value_build.h"

static const char *vgwa_id(tf_arena *a, const char *vpc, const char *vgw)
{
    const char *key = tf_arena_printf(a, "%s-%s", vpc, vgw);
    return tf_arena_printf(a, "vpn-attachment-%lx", (unsigned long)pj_crc32(key, strlen(key)));
}

static const tf_value *vgwa_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base)
{
    const char *vgw = tf_get_str(base, "vpn_gateway_id", "");
    const char *vpc = tf_get_str(base, "vpc_id", "");
    const aws_xml_node *gw;
    aws_error err;
    int rc = ec2_find_vpn_gateway(m->client, ctx->arena, ctx->stop, vgw, &gw, &err);
    if (rc < 0) {
        aws_diag(ctx, &err, "reading EC2 VPN Gateway (%s) Attachment (%s)", vgw, vpc);
        return NULL;
    }
    if (rc == EC2_NOT_FOUND || !ec2_vpn_attachment_state(gw, vpc))
        return tf_null(ctx->arena, aws_schema_resource_aws_vpn_gateway_attachment.ctype);
    tf_objb b;
    tf_objb_init(&b, ctx->arena, aws_schema_resource_aws_vpn_gateway_attachment.ctype, base);
    tf_objb_str(&b, "id", vgwa_id(ctx->arena, vpc, vgw));
    return tf_objb_done(&b);
}

static const tf_value *vgwa_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    const char *vgw = tf_get_str(planned, "vpn_gateway_id", "");
    const char *vpc = tf_get_str(planned, "vpc_id", "");
    aws_error err;
    if (ec2_vpn_attach_call(m->client, ctx->arena, ctx->stop, vgw, vpc, &err) != 0) {
        aws_diag(ctx, &err, "creating EC2 VPN Gateway (%s) Attachment (%s)", vgw, vpc);
        return NULL;
    }
    const tf_value *state = tf_object_with(ctx->arena, planned, "id",
                                           tf_string(ctx->arena, vgwa_id(ctx->arena, vpc, vgw)));
    /* attached: a failed wait keeps it in the state (tainted) */
    if (ec2_vpn_attach_wait(m->client, ctx->arena, ctx->stop, vgw, vpc, &err) != 0) {
        aws_diag(ctx, &err, "waiting for EC2 VPN Gateway (%s) Attachment (%s) create", vgw, vpc);
        return state;
    }
    const tf_value *out = vgwa_refresh(ctx, m, state);
    if (out && tf_is_null(out)) {
        tf_diag_error(ctx->diags, NULL, "creating EC2 VPN Gateway Attachment",
                      "EC2 VPN Gateway (%s) Attachment (%s) not found after creation", vgw, vpc);
        return state;
    }
    return out;
}

static const tf_value *vgwa_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    return m ? vgwa_refresh(ctx, m, state) : NULL;
}

static void vgwa_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    const char *vgw = tf_get_str(prior, "vpn_gateway_id", "");
    const char *vpc = tf_get_str(prior, "vpc_id", "");
    aws_error err;
    if (ec2_vpn_detach(m->client, ctx->arena, ctx->stop, vgw, vpc, &err) != 0)
        aws_diag(ctx, &err, "deleting EC2 VPN Gateway (%s) Attachment (%s)", vgw, vpc);
}

static const tf_value *vgwa_import(tf_ctx *ctx, const char *id)
{
    (void)id;
    tf_diag_error(ctx->diags, NULL, "Resource Import Not Implemented",
                  "resource aws_vpn_gateway_attachment doesn't support import");
    return NULL;
}

const tf_resource_def aws_ec2_vpn_gateway_attachment_def = {
    .type_name = "aws_vpn_gateway_attachment",
    .version = 0,
    .schema = &aws_schema_resource_aws_vpn_gateway_attachment,
    .create = vgwa_create,
    .read = vgwa_read,
    .delete = vgwa_delete,
    .import = vgwa_import,
};

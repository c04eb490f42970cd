/* ec2_vpn.c - see ec2_vpn.h. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "ec2_find.h"
#include "ec2_vpn.h"

/* How long a gateway just made may stay invisible (ec2PropagationTimeout). */
#define VPN_PROPAGATION_S (2 * 60.0)

int ec2_find_vpn_gateway(aws_client *c, tf_arena *a, const volatile int *stop, const char *id,
                         const aws_xml_node **gw, aws_error *err)
{
    int rc = ec2_find_by_id(c, a, stop, "DescribeVpnGateways", "VpnGatewayId.1",
                            "InvalidVpnGatewayID.NotFound", "vpnGatewaySet/item", "vpnGatewayId",
                            id, gw, err);
    if (rc == EC2_FOUND) {
        const char *st = aws_xml_text(*gw, "state");
        if (st && strcmp(st, "deleted") == 0)
            return EC2_NOT_FOUND;
    }
    return rc;
}

const char *ec2_vpn_attachment_state(const aws_xml_node *gw, const char *vpc_id)
{
    for (const aws_xml_node *t = aws_xml_first(gw, "attachments/item"); t; t = aws_xml_next(t)) {
        const char *vpc = aws_xml_text(t, "vpcId");
        if (!vpc || strcmp(vpc, vpc_id) != 0)
            continue;
        const char *st = aws_xml_text(t, "state");
        return st && strcmp(st, "detached") != 0 ? st : NULL;
    }
    return NULL;
}

typedef struct vpn_att {
    aws_client *c;
    tf_arena *a;
    const volatile int *stop;
    const char *vgw, *vpc;
    bool detaching;
} vpn_att;

static aws_wait_status vpn_att_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    vpn_att *w = ud;
    const aws_xml_node *gw;
    int rc = ec2_find_vpn_gateway(w->c, w->a, w->stop, w->vgw, &gw, err);
    if (rc < 0)
        return AWS_WAIT_FAIL;
    const char *st = rc == EC2_FOUND ? ec2_vpn_attachment_state(gw, w->vpc) : NULL;
    snprintf(state, state_len, "%s", st ? st : "detached");
    if (w->detaching)
        return st ? AWS_WAIT_CONTINUE : AWS_WAIT_DONE;
    if (st && strcmp(st, "attached") == 0)
        return AWS_WAIT_DONE;
    if (st && strcmp(st, "attaching") == 0)
        return AWS_WAIT_CONTINUE;
    if (!st)
        aws_error_set(err, AWS_ERR_API, "ResourceNotReady",
                      "VPN Gateway (%s) attachment to VPC (%s) is gone", w->vgw, w->vpc);
    return AWS_WAIT_FAIL;
}

/* aws_create_lookup_fn: the gateway, when it is attached or attaching to
 * the VPC (what an earlier AttachVpnGateway did). */
static int vpn_att_lookup(void *ud, tf_arena *a, const char ***ids, size_t *n, aws_error *err)
{
    vpn_att *w = ud;
    const aws_xml_node *gw;
    int rc = ec2_find_vpn_gateway(w->c, a, w->stop, w->vgw, &gw, err);
    if (rc < 0)
        return -1;
    *n = 0;
    *ids = tf_arena_alloc(a, sizeof **ids);
    if (rc == EC2_FOUND && ec2_vpn_attachment_state(gw, w->vpc))
        (*ids)[(*n)++] = w->vgw;
    return 0;
}

int ec2_vpn_attach(aws_client *c, tf_arena *a, const volatile int *stop, const char *vgw,
                   const char *vpc, aws_error *err)
{
    if (ec2_vpn_attach_call(c, a, stop, vgw, vpc, err) != 0)
        return -1;
    return ec2_vpn_attach_wait(c, a, stop, vgw, vpc, err);
}

int ec2_vpn_attach_call(aws_client *c, tf_arena *a, const volatile int *stop, const char *vgw,
                        const char *vpc, aws_error *err)
{
    vpn_att w = {.c = c, .a = a, .stop = stop, .vgw = vgw, .vpc = vpc};
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "VpcId", vpc);
    aws_params_add(p, "VpnGatewayId", vgw);
    static const char *const retry[] = {"InvalidVpnGatewayID.NotFound", NULL};
    aws_create_once once = {.service = "ec2", .operation = "AttachVpnGateway",
                            .lookup = vpn_att_lookup, .ud = &w, .retry_codes = retry,
                            .retry_timeout_s = VPN_PROPAGATION_S};
    aws_xml_node *out;
    const char *adopted;
    return aws_create_once_query(c, a, stop, &once, p, &out, &adopted, err) != 0 ? -1 : 0;
}

int ec2_vpn_attach_wait(aws_client *c, tf_arena *a, const volatile int *stop, const char *vgw,
                        const char *vpc, aws_error *err)
{
    vpn_att w = {.c = c, .a = a, .stop = stop, .vgw = vgw, .vpc = vpc};
    return aws_wait(stop, EC2_VPN_ATTACH_S, vpn_att_poll, &w, err);
}

int ec2_vpn_detach(aws_client *c, tf_arena *a, const volatile int *stop, const char *vgw,
                   const char *vpc, aws_error *err)
{
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "VpcId", vpc);
    aws_params_add(p, "VpnGatewayId", vgw);
    aws_xml_node *out;
    if (aws_query_call(c, a, stop, "ec2", "DetachVpnGateway", p, &out, err) != 0) {
        if (aws_error_is(err, "InvalidVpnGatewayAttachment.NotFound") ||
            aws_error_is(err, "InvalidVpnGatewayID.NotFound"))
            return 0;
        return -1;
    }
    vpn_att w = {.c = c, .a = a, .stop = stop, .vgw = vgw, .vpc = vpc, .detaching = true};
    return aws_wait(stop, EC2_VPN_DETACH_S, vpn_att_poll, &w, err);
}

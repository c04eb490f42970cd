/* ec2_vpn.h - virtual private gateways: finding one, attaching it to a VPC
 * and detaching it, with the waits hashicorp/aws makes (shared by
 * aws_vpn_gateway, whose vpc_id attaches it, and aws_vpn_gateway_attachment). */
#ifndef AWS_EC2_VPN_H
#define AWS_EC2_VPN_H

#include "aws.h"

/* How long an attachment may take to settle (hashicorp/aws's
 * vpnGatewayVPCAttachment{Attached,Detached}Timeout). */
#define EC2_VPN_ATTACH_S (15 * 60.0)
#define EC2_VPN_DETACH_S (30 * 60.0)

/* DescribeVpnGateways for one id; a `deleted` gateway is not found
 * (EC2_FOUND / EC2_NOT_FOUND / -1 as ec2_find.h). */
int ec2_find_vpn_gateway(aws_client *c, tf_arena *a, const volatile int *stop, const char *id,
                         const aws_xml_node **gw, aws_error *err);

/* The state of the gateway's attachment to vpc_id ("attaching", "attached",
 * "detaching"...), NULL when it has none or it is detached. */
const char *ec2_vpn_attachment_state(const aws_xml_node *gw, const char *vpc_id);

/* AttachVpnGateway through create_once (a repeat whose predecessor may have
 * acted looks for the attachment first), then waits until attached. */
int ec2_vpn_attach(aws_client *c, tf_arena *a, const volatile int *stop, const char *vgw,
                   const char *vpc, aws_error *err);

/* The two halves of ec2_vpn_attach, for a create that keeps the attachment
 * when only the wait fails. */
int ec2_vpn_attach_call(aws_client *c, tf_arena *a, const volatile int *stop, const char *vgw,
                        const char *vpc, aws_error *err);
int ec2_vpn_attach_wait(aws_client *c, tf_arena *a, const volatile int *stop, const char *vgw,
                        const char *vpc, aws_error *err);

/* DetachVpnGateway (an attachment already gone is fine), then waits until it
 * is detached. */
int ec2_vpn_detach(aws_client *c, tf_arena *a, const volatile int *stop, const char *vgw,
                   const char *vpc, aws_error *err);

#endif

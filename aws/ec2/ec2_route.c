/* ec2_route.c - route fields and lookups shared by aws_route_table and
 * aws_route (see ec2_route.h). */

#include <string.h>

#include "ec2_route.h"
#include "schema.h"

const ec2_route_field ec2_route_fields[] = {
    {"cidr_block", "destination_cidr_block", "destinationCidrBlock", "DestinationCidrBlock", true},
    {"ipv6_cidr_block", "destination_ipv6_cidr_block", "destinationIpv6CidrBlock",
     "DestinationIpv6CidrBlock", true},
    {"destination_prefix_list_id", "destination_prefix_list_id", "destinationPrefixListId",
     "DestinationPrefixListId", true},
    {"carrier_gateway_id", "carrier_gateway_id", "carrierGatewayId", "CarrierGatewayId", false},
    {"core_network_arn", "core_network_arn", "coreNetworkArn", "CoreNetworkArn", false},
    {"egress_only_gateway_id", "egress_only_gateway_id", "egressOnlyInternetGatewayId",
     "EgressOnlyInternetGatewayId", false},
    {"gateway_id", "gateway_id", "gatewayId", "GatewayId", false},
    {"local_gateway_id", "local_gateway_id", "localGatewayId", "LocalGatewayId", false},
    {"nat_gateway_id", "nat_gateway_id", "natGatewayId", "NatGatewayId", false},
    {"network_interface_id", "network_interface_id", "networkInterfaceId", "NetworkInterfaceId",
     false},
    {"transit_gateway_id", "transit_gateway_id", "transitGatewayId", "TransitGatewayId", false},
    {"vpc_endpoint_id", "vpc_endpoint_id", NULL, "VpcEndpointId", false},
    {"vpc_peering_connection_id", "vpc_peering_connection_id", "vpcPeeringConnectionId",
     "VpcPeeringConnectionId", false},
};
const size_t ec2_n_route_fields = sizeof ec2_route_fields / sizeof ec2_route_fields[0];

bool ec2_route_dest_same(const char *a, const char *b)
{
    if (strcmp(a, b) == 0)
        return true;
    return strchr(a, ':') && strchr(b, ':') && tf_cidr_same(a, b);
}

const aws_xml_node *ec2_route_item(const aws_xml_node *table, const char *dest)
{
    for (const aws_xml_node *r = aws_xml_first(table, "routeSet/item"); r; r = aws_xml_next(r))
        for (size_t i = 0; i < ec2_n_route_fields && ec2_route_fields[i].destination; i++) {
            const char *v = aws_xml_text(r, ec2_route_fields[i].xml);
            if (v && ec2_route_dest_same(v, dest))
                return r;
        }
    return NULL;
}

bool ec2_route_item_has_target(const aws_xml_node *r, const char *target)
{
    for (const aws_xml_node *c = r->children; c; c = c->next)
        if (strcmp(c->text, target) == 0)
            return true;
    return false;
}

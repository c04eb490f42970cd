/* ec2_route.h - what aws_route_table's `route` elements and aws_route share:
 * how each destination and target field maps to EC2, and finding a route
 * in a described table by its destination. */
#ifndef AWS_EC2_ROUTE_H
#define AWS_EC2_ROUTE_H

#include <stdbool.h>
#include <stddef.h>

#include "aws.h"

/* One destination or target of a route: its name in a route_table `route`
 * element (attr) and on aws_route (route_attr), the element of a routeSet
 * item it is read from (NULL: derived, gateway endpoints are reported as
 * gateways) and the CreateRoute/ReplaceRoute parameter it is written to.
 * Destinations come first, then targets, each in the order hashicorp/aws
 * checks them. */
typedef struct ec2_route_field {
    const char *attr;
    const char *route_attr;
    const char *xml;
    const char *param;
    bool destination;
} ec2_route_field;

extern const ec2_route_field ec2_route_fields[];
extern const size_t ec2_n_route_fields;

/* Whether two destinations name the same network: IPv6 blocks compared in
 * canonical form (EC2 answers with it), anything else as text. */
bool ec2_route_dest_same(const char *a, const char *b);

/* The route item of a described table whose destination (any kind) is
 * dest, or NULL. */
const aws_xml_node *ec2_route_item(const aws_xml_node *table, const char *dest);

/* Whether a route item leads to target (any of its fields holds it). */
bool ec2_route_item_has_target(const aws_xml_node *r, const char *target);

#endif

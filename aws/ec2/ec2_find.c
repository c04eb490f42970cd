/* ec2_find.c - see ec2_find.h. */
#include <stdio.h>
#include <string.h>

#include "ec2_find.h"

int ec2_find_route_table(aws_client *c, tf_arena *a, const volatile int *stop, const char *id,
                         const aws_xml_node **table, aws_error *err)
{
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "RouteTableId.1", id);
    aws_xml_node *out;
    if (aws_query_call(c, a, stop, "ec2", "DescribeRouteTables", p, &out, err) != 0)
        return aws_error_is(err, "InvalidRouteTableID.NotFound") ? EC2_NOT_FOUND : -1;
    for (const aws_xml_node *t = aws_xml_first(out, "routeTableSet/item"); t; t = aws_xml_next(t)) {
        const char *tid = aws_xml_text(t, "routeTableId");
        if (tid && strcmp(tid, id) == 0) {
            *table = t;
            return EC2_FOUND;
        }
    }
    return EC2_NOT_FOUND;
}

int ec2_find_route_table_association(aws_client *c, tf_arena *a, const volatile int *stop,
                                     const char *assoc_id, const aws_xml_node **table,
                                     const aws_xml_node **assoc, aws_error *err)
{
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "Filter.1.Name", "association.route-table-association-id");
    aws_params_add(p, "Filter.1.Value.1", assoc_id);
    aws_xml_node *out;
    if (aws_query_call(c, a, stop, "ec2", "DescribeRouteTables", p, &out, err) != 0)
        return aws_error_is_not_found(err) ? EC2_NOT_FOUND : -1;
    for (const aws_xml_node *t = aws_xml_first(out, "routeTableSet/item"); t; t = aws_xml_next(t)) {
        for (const aws_xml_node *s = aws_xml_first(t, "associationSet/item"); s;
             s = aws_xml_next(s)) {
            const char *id = aws_xml_text(s, "routeTableAssociationId");
            if (!id || strcmp(id, assoc_id) != 0)
                continue;
            const char *state = aws_xml_text(s, "associationState/state");
            if (state && strcmp(state, "disassociated") == 0)
                return EC2_NOT_FOUND;
            *table = t;
            *assoc = s;
            return EC2_FOUND;
        }
    }
    return EC2_NOT_FOUND;
}

int ec2_find_by_id(aws_client *c, tf_arena *a, const volatile int *stop, const char *action,
                   const char *id_param, const char *not_found_code, const char *set_path,
                   const char *id_elem, const char *id, const aws_xml_node **item,
                   aws_error *err)
{
    aws_params *p = aws_params_new(a);
    aws_params_add(p, id_param, id);
    aws_xml_node *out;
    if (aws_query_call(c, a, stop, "ec2", action, p, &out, err) != 0)
        return aws_error_is(err, not_found_code) ? EC2_NOT_FOUND : -1;
    for (const aws_xml_node *n = aws_xml_first(out, set_path); n; n = aws_xml_next(n)) {
        const char *nid = aws_xml_text(n, id_elem);
        if (nid && strcmp(nid, id) == 0) {
            *item = n;
            return EC2_FOUND;
        }
    }
    aws_error_set(err, AWS_ERR_API, not_found_code, "%s found no object with id %s", action, id);
    return EC2_NOT_FOUND;
}

int ec2_find_vpc(aws_client *c, tf_arena *a, const volatile int *stop, const char *id,
                 const aws_xml_node **vpc, aws_error *err)
{
    return ec2_find_by_id(c, a, stop, "DescribeVpcs", "VpcId.1", "InvalidVpcID.NotFound",
                          "vpcSet/item", "vpcId", id, vpc, err);
}

int ec2_find_subnet(aws_client *c, tf_arena *a, const volatile int *stop, const char *id,
                    const aws_xml_node **subnet, aws_error *err)
{
    return ec2_find_by_id(c, a, stop, "DescribeSubnets", "SubnetId.1",
                          "InvalidSubnetID.NotFound", "subnetSet/item", "subnetId", id, subnet,
                          err);
}

int ec2_find_security_group(aws_client *c, tf_arena *a, const volatile int *stop, const char *id,
                            const aws_xml_node **group, aws_error *err)
{
    return ec2_find_by_id(c, a, stop, "DescribeSecurityGroups", "GroupId.1",
                          "InvalidGroup.NotFound", "securityGroupInfo/item", "groupId", id, group,
                          err);
}

typedef struct fresh_find {
    ec2_finder find;
    aws_client *c;
    tf_arena *a;
    const volatile int *stop;
    const char *id;
    const aws_xml_node **item;
    int rc;
} fresh_find;

static aws_wait_status fresh_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    fresh_find *f = ud;
    f->rc = f->find(f->c, f->a, f->stop, f->id, f->item, err);
    if (f->rc == EC2_FOUND)
        return AWS_WAIT_DONE;
    if (f->rc != EC2_NOT_FOUND)
        return AWS_WAIT_FAIL;
    snprintf(state, state_len, "not found");
    return AWS_WAIT_CONTINUE;
}

int ec2_find_fresh(ec2_finder find, aws_client *c, tf_arena *a, const volatile int *stop,
                   const char *id, int is_new, double timeout_seconds, const aws_xml_node **item,
                   aws_error *err)
{
    if (!is_new)
        return find(c, a, stop, id, item, err);
    fresh_find f = {.find = find, .c = c, .a = a, .stop = stop, .id = id, .item = item,
                    .rc = -1};
    if (aws_wait(stop, timeout_seconds, fresh_poll, &f, err) == 0)
        return EC2_FOUND;
    /* Still invisible at the deadline: report it as gone, not as a timeout. */
    return err->kind == AWS_ERR_TIMEOUT && f.rc == EC2_NOT_FOUND ? EC2_NOT_FOUND : -1;
}

aws_wait_status ec2_ipv6_assoc_poll(const aws_xml_node *item, const char *assoc,
                                    const char *want, char *state, size_t state_len,
                                    aws_error *err)
{
    const char *st = "disassociated";
    for (const aws_xml_node *a = aws_xml_first(item, "ipv6CidrBlockAssociationSet/item"); a;
         a = aws_xml_next(a)) {
        const char *aid = aws_xml_text(a, "associationId");
        if (aid && strcmp(aid, assoc) == 0) {
            st = aws_xml_text(a, "ipv6CidrBlockState/state");
            break;
        }
    }
    if (!st)
        st = "";
    snprintf(state, state_len, "%s", st);
    if (strcmp(st, want) == 0)
        return AWS_WAIT_DONE;
    if (strcmp(st, "failed") == 0 || strcmp(st, "failing") == 0) {
        aws_error_set(err, AWS_ERR_API, "IPv6CidrBlockAssociationFailed",
                      "IPv6 CIDR block association %s is %s", assoc, st);
        return AWS_WAIT_FAIL;
    }
    return AWS_WAIT_CONTINUE;
}

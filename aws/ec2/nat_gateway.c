/* nat_gateway.c - aws_nat_gateway: a public (Elastic IP) or private NAT
 * gateway in a subnet.
 *
 * Created with an idempotency token and waited for until `available`
 * (`failed` is an error carrying AWS's reason); deleted and waited for
 * until `deleted`, which is also how a gone gateway reads.  The primary
 * address fills allocation_id, association_id, network_interface_id,
 * private_ip and public_ip; the others the secondary_* attributes.  Tags
 * change in place; changing secondary addresses in place is not supported
 * yet and is refused at apply.  Import by id.  The schema is generated from
 * aws/schema/aws.schema. */

#include <stdio.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "ec2_find.h"
#include "ec2_tags.h"
#include "provider_meta.h"
#include "resources.h"
#include "tags.h"
#include "value_build.h"

/* Default timeouts of hashicorp/aws for this type. */
#define NAT_CREATE_DEFAULT (10 * 60.0)
#define NAT_UPDATE_DEFAULT (10 * 60.0)
#define NAT_DELETE_DEFAULT (30 * 60.0)
#define NAT_PROPAGATION (2 * 60.0)

/* DescribeNatGateways for one id; a `deleted` gateway is not found. */
static int nat_find(aws_client *c, tf_arena *a, const volatile int *stop, const char *id,
                    const aws_xml_node **gw, aws_error *err)
{
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "NatGatewayId.1", id);
    aws_xml_node *out;
    if (aws_query_call(c, a, stop, "ec2", "DescribeNatGateways", p, &out, err) != 0)
        return aws_error_is(err, "NatGatewayNotFound") ? EC2_NOT_FOUND : -1;
    for (const aws_xml_node *g = aws_xml_first(out, "natGatewaySet/item"); g; g = aws_xml_next(g)) {
        const char *gid = aws_xml_text(g, "natGatewayId");
        const char *st = aws_xml_text(g, "state");
        if (gid && strcmp(gid, id) == 0 && !(st && strcmp(st, "deleted") == 0)) {
            *gw = g;
            return EC2_FOUND;
        }
    }
    return EC2_NOT_FOUND;
}

typedef struct nat_waiter {
    tf_ctx *ctx;
    const aws_meta *m;
    const char *id;
    bool deleting;
} nat_waiter;

static aws_wait_status nat_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    nat_waiter *w = ud;
    const aws_xml_node *g;
    int rc = nat_find(w->m->client, w->ctx->arena, w->ctx->stop, w->id, &g, err);
    if (rc < 0)
        return AWS_WAIT_FAIL;
    if (rc == EC2_NOT_FOUND) {
        snprintf(state, state_len, "deleted");
        /* Not yet visible after create; gone after delete. */
        return w->deleting ? AWS_WAIT_DONE : AWS_WAIT_CONTINUE;
    }
    const char *st = aws_xml_text(g, "state");
    snprintf(state, state_len, "%s", st ? st : "");
    if (!st)
        return AWS_WAIT_CONTINUE;
    if (w->deleting)
        return AWS_WAIT_CONTINUE;       /* deleting */
    if (strcmp(st, "available") == 0)
        return AWS_WAIT_DONE;
    if (strcmp(st, "pending") == 0)
        return AWS_WAIT_CONTINUE;
    const char *code = aws_xml_text(g, "failureCode");
    const char *msg = aws_xml_text(g, "failureMessage");
    aws_error_set(err, AWS_ERR_RESPONSE, code ? code : "", "unexpected state '%s'%s%s%s%s", st,
                  code || msg ? ", wanted target 'available'. last error: " : "",
                  code ? code : "", code && msg ? ": " : "", msg ? msg : "");
    return AWS_WAIT_FAIL;
}

static const tf_value *nat_state(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                 const aws_xml_node *g)
{
    tf_arena *a = ctx->arena;
    tf_objb b;
    tf_objb_init(&b, a, aws_schema_resource_aws_nat_gateway.ctype, base);
    tf_objb_str(&b, "id", aws_xml_text(g, "natGatewayId"));
    const char *ct = aws_xml_text(g, "connectivityType");
    tf_objb_str(&b, "connectivity_type", ct ? ct : "");
    const char *subnet = aws_xml_text(g, "subnetId");
    tf_objb_str(&b, "subnet_id", subnet ? subnet : "");
    size_t cap = 0;
    for (const aws_xml_node *x = aws_xml_first(g, "natGatewayAddressSet/item"); x;
         x = aws_xml_next(x))
        cap++;
    const char **alloc = tf_arena_calloc(a, cap + 1, sizeof *alloc);
    const char **ips = tf_arena_calloc(a, cap + 1, sizeof *ips);
    size_t na = 0, ni = 0;
    static const struct {
        const char *attr, *xml;
    } primary[] = {{"allocation_id", "allocationId"},
                   {"association_id", "associationId"},
                   {"network_interface_id", "networkInterfaceId"},
                   {"private_ip", "privateIp"},
                   {"public_ip", "publicIp"}};
    for (const aws_xml_node *x = aws_xml_first(g, "natGatewayAddressSet/item"); x;
         x = aws_xml_next(x)) {
        const char *isp = aws_xml_text(x, "isPrimary");
        if (isp && strcmp(isp, "true") == 0) {
            for (size_t i = 0; i < sizeof primary / sizeof primary[0]; i++) {
                const char *v = aws_xml_text(x, primary[i].xml);
                tf_objb_str(&b, primary[i].attr, v ? v : "");
            }
            continue;
        }
        const char *al = aws_xml_text(x, "allocationId");
        const char *ip = aws_xml_text(x, "privateIp");
        if (al && *al)
            alloc[na++] = al;
        if (ip && *ip)
            ips[ni++] = ip;
    }
    tf_objb_set(&b, "secondary_allocation_ids", tf_string_set(a, alloc, na));
    tf_objb_i64(&b, "secondary_private_ip_address_count", (int64_t)ni);
    tf_objb_set(&b, "secondary_private_ip_addresses", tf_string_set(a, ips, ni));
    size_t n;
    aws_kv *remote = ec2_tags_from_xml(a, g, &n);
    aws_tags_set_state(&b, m, remote, n, tf_get(base, "tags"));
    return tf_objb_done(&b);
}

static const tf_value *nat_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                   bool is_new)
{
    const char *id = tf_get_str(base, "id", "");
    const aws_xml_node *g;
    aws_error err;
    int rc = ec2_find_fresh(nat_find, m->client, ctx->arena, ctx->stop, id, is_new,
                            NAT_PROPAGATION, &g, &err);
    if (rc == EC2_NOT_FOUND && !is_new)
        return tf_null(ctx->arena, aws_schema_resource_aws_nat_gateway.ctype);
    if (rc != EC2_FOUND) {
        if (rc == EC2_NOT_FOUND)
            aws_error_set(&err, AWS_ERR_RESPONSE, "NotFound", "the NAT gateway did not appear");
        aws_diag(ctx, &err, "reading EC2 NAT Gateway (%s)", id);
        return is_new ? base : NULL;
    }
    return nat_state(ctx, m, base, g);
}

static void nat_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    aws_tags_plan(ctx, req);
}

static void nat_add_list(tf_arena *a, aws_params *p, const char *prefix, const tf_value *set)
{
    for (size_t i = 0; tf_is_known(set) && i < set->u.coll.n; i++)
        aws_params_add(p, tf_arena_printf(a, "%s.%zu", prefix, i + 1),
                       set->u.coll.items[i]->u.str.ptr);
}

static const tf_value *nat_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    double timeout = aws_timeout(planned, "create", NAT_CREATE_DEFAULT);
    size_t n;
    aws_kv *tags = aws_tags_from_map(ctx->arena, tf_get(planned, "tags_all"), &n);
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "SubnetId", tf_get_str(planned, "subnet_id", ""));
    static const struct {
        const char *attr, *param;
    } args[] = {{"allocation_id", "AllocationId"},
                {"connectivity_type", "ConnectivityType"},
                {"private_ip", "PrivateIpAddress"}};
    for (size_t i = 0; i < sizeof args / sizeof args[0]; i++) {
        const tf_value *v = tf_get(planned, args[i].attr);
        if (tf_is_known(v) && v->u.str.len)
            aws_params_add(p, args[i].param, v->u.str.ptr);
    }
    nat_add_list(ctx->arena, p, "SecondaryAllocationId", tf_get(planned, "secondary_allocation_ids"));
    const tf_value *cnt = tf_get(planned, "secondary_private_ip_address_count");
    int64_t c;
    if (tf_is_known(cnt) && tf_number_to_i64(cnt, &c) && c > 0)
        aws_params_add(p, "SecondaryPrivateIpAddressCount",
                       tf_arena_printf(ctx->arena, "%lld", (long long)c));
    nat_add_list(ctx->arena, p, "SecondaryPrivateIpAddress",
                 tf_get(planned, "secondary_private_ip_addresses"));
    ec2_tag_specs(p, 1, "natgateway", tags, n);
    aws_create_once once = {.service = "ec2", .operation = "CreateNatGateway"};
    aws_xml_node *out;
    const char *adopted;
    aws_error err;
    if (aws_create_once_query(m->client, ctx->arena, ctx->stop, &once, p, &out, &adopted,
                              &err) != 0) {
        aws_diag(ctx, &err, "creating EC2 NAT Gateway");
        return NULL;
    }
    const char *id = aws_xml_text(out, "natGateway/natGatewayId");
    if (!id || !*id) {
        aws_error_set(&err, AWS_ERR_RESPONSE, "", "CreateNatGateway returned no id");
        aws_diag(ctx, &err, "creating EC2 NAT Gateway");
        return NULL;
    }
    const tf_value *state = tf_object_with(ctx->arena, planned, "id", tf_string(ctx->arena, id));
    nat_waiter w = {.ctx = ctx, .m = m, .id = id};
    if (aws_wait(ctx->stop, timeout, nat_poll, &w, &err) != 0) {
        aws_diag(ctx, &err, "waiting for EC2 NAT Gateway (%s) create", id);
        return nat_refresh(ctx, m, state, true);
    }
    return nat_refresh(ctx, m, state, true);
}

static const tf_value *nat_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    return nat_refresh(ctx, m, state, false);
}

static const tf_value *nat_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    (void)aws_timeout(planned, "update", NAT_UPDATE_DEFAULT);
    const char *id = tf_get_str(prior, "id", "");
    static const char *const secondary[] = {"secondary_allocation_ids",
                                            "secondary_private_ip_address_count",
                                            "secondary_private_ip_addresses"};
    for (size_t i = 0; i < 3; i++) {
        const tf_value *nv = tf_get(planned, secondary[i]);
        if (tf_is_known(nv) && !tf_value_equal(tf_get(prior, secondary[i]), nv)) {
            tf_diag_error(ctx->diags,
                          tf_path_attr(ctx->arena, tf_path_root(ctx->arena), secondary[i]),
                          "Unsupported change",
                          "changing the secondary addresses of NAT Gateway (%s) in place is "
                          "not supported by this provider yet", id);
            return prior;
        }
    }
    const tf_value *old_all = tf_get(prior, "tags_all"), *new_all = tf_get(planned, "tags_all");
    if (!tf_value_equal(old_all, new_all)) {
        aws_error err;
        if (ec2_update_tags(m->client, ctx->arena, ctx->stop, id, old_all, new_all, &err) != 0) {
            aws_diag(ctx, &err, "updating EC2 NAT Gateway (%s) tags", id);
            return nat_refresh(ctx, m, prior, false);
        }
    }
    return nat_refresh(ctx, m, planned, true);
}

static void nat_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    double timeout = aws_timeout(prior, "delete", NAT_DELETE_DEFAULT);
    const char *id = tf_get_str(prior, "id", "");
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "NatGatewayId", id);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", "DeleteNatGateway", p, &out,
                       &err) != 0) {
        if (!aws_error_is(&err, "NatGatewayNotFound"))
            aws_diag(ctx, &err, "deleting EC2 NAT Gateway (%s)", id);
        return;
    }
    nat_waiter w = {.ctx = ctx, .m = m, .id = id, .deleting = true};
    if (aws_wait(ctx->stop, timeout, nat_poll, &w, &err) != 0)
        aws_diag(ctx, &err, "waiting for EC2 NAT Gateway (%s) delete", id);
}

const tf_resource_def aws_ec2_nat_gateway_def = {
    .type_name = "aws_nat_gateway",
    .version = 0,
    .schema = &aws_schema_resource_aws_nat_gateway,
    .modify_plan = nat_modify_plan,
    .create = nat_create,
    .read = nat_read,
    .update = nat_update,
    .delete = nat_delete,
};

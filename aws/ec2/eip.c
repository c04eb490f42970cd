/* eip.c - aws_eip: an Elastic IP address (VPC domain).
 *
 * The id is the allocation id; import by it.  An address may be associated
 * with an instance or a network interface (AssociateAddress), which is the
 * only thing besides tags that changes in place.  Read fills the derived
 * names as hashicorp/aws does: public_dns / private_dns from the addresses
 * and the region, ptr_record from the domain-name attribute (null where
 * EC2 does not serve it).  The schema is generated from aws/schema/aws.schema. */

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

/* Default timeouts of hashicorp/aws for this type (create has none of its
 * own: SDKv2's 20 minutes). */
#define EIP_CREATE_DEFAULT (20 * 60.0)
#define EIP_UPDATE_DEFAULT (5 * 60.0)
#define EIP_DELETE_DEFAULT (3 * 60.0)
#define EIP_PROPAGATION (2 * 60.0)

static int eip_find(aws_client *c, tf_arena *a, const volatile int *stop, const char *id,
                    const aws_xml_node **addr, aws_error *err)
{
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "AllocationId.1", id);
    aws_xml_node *out;
    if (aws_query_call(c, a, stop, "ec2", "DescribeAddresses", p, &out, err) != 0)
        return aws_error_is(err, "InvalidAllocationID.NotFound") ? EC2_NOT_FOUND : -1;
    for (const aws_xml_node *e = aws_xml_first(out, "addressesSet/item"); e; e = aws_xml_next(e)) {
        const char *aid = aws_xml_text(e, "allocationId");
        if (aid && strcmp(aid, id) == 0) {
            *addr = e;
            return EC2_FOUND;
        }
    }
    return EC2_NOT_FOUND;
}

/* "a.b.c.d" -> "a-b-c-d" */
static const char *eip_dashed(tf_arena *a, const char *ip)
{
    char *s = tf_arena_printf(a, "%s", ip);
    for (char *q = s; *q; q++)
        if (*q == '.')
            *q = '-';
    return s;
}

static const char *eip_public_dns(tf_arena *a, const aws_meta *m, const char *ip)
{
    const char *suffix = strcmp(m->partition, "aws-cn") == 0 ? "amazonaws.com.cn" : "amazonaws.com";
    if (strcmp(m->region, "us-east-1") == 0)
        return tf_arena_printf(a, "ec2-%s.compute-1.%s", eip_dashed(a, ip), suffix);
    return tf_arena_printf(a, "ec2-%s.%s.compute.%s", eip_dashed(a, ip), m->region, suffix);
}

static const char *eip_private_dns(tf_arena *a, const aws_meta *m, const char *ip)
{
    if (strcmp(m->region, "us-east-1") == 0)
        return tf_arena_printf(a, "ip-%s.ec2.internal", eip_dashed(a, ip));
    return tf_arena_printf(a, "ip-%s.%s.compute.internal", eip_dashed(a, ip), m->region);
}

/* The address's reverse DNS record; NULL ("" in state) where there is
 * none or EC2 does not serve the attribute.  Returns -1 on other errors. */
static int eip_ptr_record(tf_ctx *ctx, const aws_meta *m, const char *id, const char **ptr,
                          aws_error *err)
{
    *ptr = NULL;
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "AllocationId.1", id);
    aws_params_add(p, "Attribute", "domain-name");
    aws_xml_node *out;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", "DescribeAddressesAttribute", p,
                       &out, err) != 0) {
        if (aws_error_is_not_found(err) || aws_error_is(err, "InvalidAllocationID.NotFound") ||
            (aws_error_is(err, "InvalidAction") &&
             strstr(err->message, "not valid for this web service")))
            return 0;
        return -1;
    }
    const aws_xml_node *item = aws_xml_first(out, "addressSet/item");
    const char *v = item ? aws_xml_text(item, "ptrRecord") : NULL;
    if (v) {
        size_t n = strlen(v);
        *ptr = n && v[n - 1] == '.' ? tf_arena_strndup(ctx->arena, v, n - 1) : v;
    }
    return 0;
}

static void eip_str(tf_objb *b, const aws_xml_node *e, const char *attr, const char *xml)
{
    const char *v = aws_xml_text(e, xml);
    tf_objb_str(b, attr, v ? v : "");
}

static const tf_value *eip_state(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                 const aws_xml_node *e)
{
    tf_arena *a = ctx->arena;
    const char *id = aws_xml_text(e, "allocationId");
    aws_error err;
    const char *ptr;
    if (eip_ptr_record(ctx, m, id, &ptr, &err) != 0) {
        aws_diag(ctx, &err, "reading EC2 EIP (%s) domain name attribute", id);
        return NULL;
    }
    tf_objb b;
    tf_objb_init(&b, a, aws_schema_resource_aws_eip.ctype, base);
    tf_objb_str(&b, "id", id);
    tf_objb_str(&b, "allocation_id", id);
    tf_objb_str(&b, "arn", tf_arena_printf(a, "arn:%s:ec2:%s:%s:elastic-ip/%s", m->partition,
                                           m->region, m->account_id, id));
    eip_str(&b, e, "association_id", "associationId");
    eip_str(&b, e, "carrier_ip", "carrierIp");
    eip_str(&b, e, "customer_owned_ip", "customerOwnedIp");
    eip_str(&b, e, "customer_owned_ipv4_pool", "customerOwnedIpv4Pool");
    eip_str(&b, e, "domain", "domain");
    eip_str(&b, e, "instance", "instanceId");
    const char *pool = aws_xml_text(e, "publicIpv4Pool");
    if (pool && strncmp(pool, "ipam-pool-", 10) == 0)
        tf_objb_str(&b, "ipam_pool_id", pool);
    eip_str(&b, e, "network_border_group", "networkBorderGroup");
    eip_str(&b, e, "network_interface", "networkInterfaceId");
    eip_str(&b, e, "public_ipv4_pool", "publicIpv4Pool");
    const char *priv = aws_xml_text(e, "privateIpAddress");
    tf_objb_str(&b, "private_ip", priv ? priv : "");
    if (priv && *priv)
        tf_objb_str(&b, "private_dns", eip_private_dns(a, m, priv));
    const char *pub = aws_xml_text(e, "publicIp");
    tf_objb_str(&b, "public_ip", pub ? pub : "");
    if (pub && *pub)
        tf_objb_str(&b, "public_dns", eip_public_dns(a, m, pub));
    const char *domain = aws_xml_text(e, "domain");
    tf_objb_set(&b, "vpc", tf_bool(a, domain && strcmp(domain, "vpc") == 0));
    tf_objb_str(&b, "ptr_record", ptr ? ptr : "");
    size_t n;
    aws_kv *remote = ec2_tags_from_xml(a, e, &n);
    aws_tags_set_state(&b, m, remote, n, tf_get(base, "tags"));
    return tf_objb_done(&b);
}

static const tf_value *eip_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                   bool is_new)
{
    const char *id = tf_get_str(base, "id", "");
    if (strncmp(id, "eipalloc-", 9) != 0) {
        tf_diag_error(ctx->diags, NULL, "EC2-Classic EIPs are not supported",
                      "with the retirement of EC2-Classic standard domain EC2 EIPs are no "
                      "longer supported (%s is not an allocation id)", id);
        return NULL;
    }
    const aws_xml_node *e;
    aws_error err;
    int rc = ec2_find_fresh(eip_find, m->client, ctx->arena, ctx->stop, id, is_new,
                            EIP_PROPAGATION, &e, &err);
    if (rc == EC2_NOT_FOUND && !is_new)
        return tf_null(ctx->arena, aws_schema_resource_aws_eip.ctype);
    if (rc != EC2_FOUND) {
        if (rc == EC2_NOT_FOUND)
            aws_error_set(&err, AWS_ERR_RESPONSE, "NotFound", "the address did not appear");
        aws_diag(ctx, &err, "reading EC2 EIP (%s)", id);
        return is_new ? base : NULL;
    }
    return eip_state(ctx, m, base, e);
}

/* ---- association ---- */

typedef struct eip_assoc_waiter {
    tf_ctx *ctx;
    const aws_meta *m;
    const char *assoc;
} eip_assoc_waiter;

static aws_wait_status eip_assoc_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    eip_assoc_waiter *w = ud;
    aws_params *p = aws_params_new(w->ctx->arena);
    aws_params_add(p, "Filter.1.Name", "association-id");
    aws_params_add(p, "Filter.1.Value.1", w->assoc);
    aws_xml_node *out;
    if (aws_query_call(w->m->client, w->ctx->arena, w->ctx->stop, "ec2", "DescribeAddresses", p,
                       &out, err) != 0)
        return AWS_WAIT_FAIL;
    bool found = aws_xml_first(out, "addressesSet/item") != NULL;
    snprintf(state, state_len, "%s", found ? "associated" : "not found");
    return found ? AWS_WAIT_DONE : AWS_WAIT_CONTINUE;
}

static int eip_associate(tf_ctx *ctx, const aws_meta *m, const char *id, const char *instance,
                         const char *eni, const char *private_ip, double timeout)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "AllocationId", id);
    if (*instance)
        aws_params_add(p, "InstanceId", instance);
    if (*eni)
        aws_params_add(p, "NetworkInterfaceId", eni);
    if (*private_ip)
        aws_params_add(p, "PrivateIpAddress", private_ip);
    aws_xml_node *out;
    aws_error err;
    static const char *const retry[] = {"InvalidAllocationID.NotFound", NULL};
    if (ec2_call_retry(m->client, ctx->arena, ctx->stop, "AssociateAddress", p, &out, timeout,
                       retry, &err) != 0) {
        aws_diag(ctx, &err, "associating EC2 EIP (%s)", id);
        return -1;
    }
    eip_assoc_waiter w = {.ctx = ctx, .m = m, .assoc = aws_xml_text(out, "associationId")};
    if (!w.assoc)
        return 0;
    if (aws_wait(ctx->stop, EIP_PROPAGATION, eip_assoc_poll, &w, &err) != 0) {
        aws_diag(ctx, &err, "waiting for EC2 EIP (%s) association", id);
        return -1;
    }
    return 0;
}

static int eip_disassociate(tf_ctx *ctx, const aws_meta *m, const char *assoc)
{
    if (!*assoc)
        return 0;
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "AssociationId", assoc);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", "DisassociateAddress", p, &out,
                       &err) != 0 &&
        !aws_error_is(&err, "InvalidAssociationID.NotFound")) {
        aws_diag(ctx, &err, "disassociating EC2 EIP (%s)", assoc);
        return -1;
    }
    return 0;
}

/* ---- callbacks ---- */

static void eip_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    aws_tags_plan(ctx, req);
}

static const tf_value *eip_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    double timeout = aws_timeout(planned, "create", EIP_CREATE_DEFAULT);
    size_t n;
    aws_kv *tags = aws_tags_from_map(ctx->arena, tf_get(planned, "tags_all"), &n);
    aws_params *p = aws_params_new(ctx->arena);
    static const struct {
        const char *attr, *param;
    } args[] = {{"address", "Address"},
                {"customer_owned_ipv4_pool", "CustomerOwnedIpv4Pool"},
                {"ipam_pool_id", "IpamPoolId"},
                {"network_border_group", "NetworkBorderGroup"},
                {"public_ipv4_pool", "PublicIpv4Pool"}};
    for (size_t i = 0; i < sizeof args / sizeof args[0]; i++) {
        const tf_value *v = tf_get(planned, args[i].attr);
        if (tf_is_known(v) && v->u.str.len)
            aws_params_add(p, args[i].param, v->u.str.ptr);
    }
    const tf_value *domain = tf_get(planned, "domain"), *vpc = tf_get(planned, "vpc");
    if (tf_is_known(domain) && domain->u.str.len)
        aws_params_add(p, "Domain", domain->u.str.ptr);
    else if (tf_is_known(vpc) && vpc->u.b)
        aws_params_add(p, "Domain", "vpc");
    ec2_tag_specs(p, 1, "elastic-ip", tags, n);
    /* Nothing an allocation sends is unique: an earlier attempt's address
     * is one with these tags that was not there before. */
    ec2_lookup lk;
    ec2_lookup_init(&lk, m->client, ctx->stop, "DescribeAddresses", "addressesSet/item",
                    "allocationId");
    ec2_lookup_tags(&lk, ctx->arena, tags, n);
    aws_create_once once = {.service = "ec2", .operation = "AllocateAddress",
                            .lookup = ec2_lookup_ids, .ud = &lk};
    aws_xml_node *out;
    const char *id = ec2_object_create(ctx, m, &once, p, "allocationId", "EC2 EIP", &out);
    if (!id)
        return NULL;
    aws_error err;
    const tf_value *state = tf_object_with(ctx->arena, planned, "id", tf_string(ctx->arena, id));
    const aws_xml_node *e;
    if (ec2_find_fresh(eip_find, m->client, ctx->arena, ctx->stop, id, true, timeout, &e,
                       &err) != EC2_FOUND) {
        aws_diag(ctx, &err, "waiting for EC2 EIP (%s) create", id);
        return state;
    }
    const tf_value *inst = tf_get(planned, "instance"), *eni = tf_get(planned, "network_interface");
    const char *is = tf_is_known(inst) ? inst->u.str.ptr : "";
    const char *es = tf_is_known(eni) ? eni->u.str.ptr : "";
    if ((*is || *es) &&
        eip_associate(ctx, m, id, is, es, tf_get_str(planned, "associate_with_private_ip", ""),
                      timeout) != 0)
        return eip_refresh(ctx, m, state, true);
    return eip_refresh(ctx, m, state, true);
}

static const tf_value *eip_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    return eip_refresh(ctx, m, state, false);
}

static bool str_changed(const tf_value *a, const tf_value *b, const char *attr)
{
    return !tf_value_equal(tf_get(a, attr), tf_get(b, attr));
}

static const tf_value *eip_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    double timeout = aws_timeout(planned, "update", EIP_UPDATE_DEFAULT);
    const char *id = tf_get_str(prior, "id", "");
    if (str_changed(prior, planned, "associate_with_private_ip") ||
        str_changed(prior, planned, "instance") ||
        str_changed(prior, planned, "network_interface")) {
        const char *old_inst = tf_get_str(prior, "instance", "");
        const char *assoc = tf_get_str(prior, "association_id", "");
        if ((*old_inst || *assoc) && eip_disassociate(ctx, m, assoc) != 0)
            return eip_refresh(ctx, m, prior, false);
        const tf_value *inst = tf_get(planned, "instance");
        const tf_value *eni = tf_get(planned, "network_interface");
        const char *is = tf_is_known(inst) ? inst->u.str.ptr : "";
        const char *es = tf_is_known(eni) ? eni->u.str.ptr : "";
        if ((*is || *es) &&
            eip_associate(ctx, m, id, is, es,
                          tf_get_str(planned, "associate_with_private_ip", ""), timeout) != 0)
            return eip_refresh(ctx, m, planned, true);
    }
    if (ec2_object_update_tags(ctx, m, prior, planned, "EC2 EIP") != 0)
        return eip_refresh(ctx, m, prior, false);
    return eip_refresh(ctx, m, planned, true);
}

static void eip_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    double timeout = aws_timeout(prior, "delete", EIP_DELETE_DEFAULT);
    const char *id = tf_get_str(prior, "id", "");
    const char *assoc = tf_get_str(prior, "association_id", "");
    if ((*assoc || *tf_get_str(prior, "instance", "")) && eip_disassociate(ctx, m, assoc) != 0)
        return;
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "AllocationId", id);
    const char *nbg = tf_get_str(prior, "network_border_group", "");
    if (*nbg)
        aws_params_add(p, "NetworkBorderGroup", nbg);
    aws_xml_node *out;
    aws_error err;
    /* An address a NAT gateway being deleted still holds is released once
     * the gateway lets go of it. */
    static const char *const retry[] = {"InvalidIPAddress.InUse", "AuthFailure", NULL};
    if (ec2_call_retry(m->client, ctx->arena, ctx->stop, "ReleaseAddress", p, &out, timeout,
                       retry, &err) != 0 &&
        !aws_error_is(&err, "InvalidAllocationID.NotFound"))
        aws_diag(ctx, &err, "deleting EC2 EIP (%s)", id);
}

const tf_resource_def aws_ec2_eip_def = {
    .type_name = "aws_eip",
    .version = 0,
    .schema = &aws_schema_resource_aws_eip,
    .modify_plan = eip_modify_plan,
    .create = eip_create,
    .read = eip_read,
    .update = eip_update,
    .delete = eip_delete,
};

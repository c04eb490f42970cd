/* vpc.c - aws_vpc: a virtual private network (EC2 VPC).
 *
 * A VPC is one DescribeVpcs item plus three attributes EC2 only reports
 * through DescribeVpcAttribute (DNS support, DNS host names, address usage
 * metrics) and the objects AWS creates with it (main route table, default
 * security group and network ACL), which the state exposes by id.  Each
 * attribute change is one ModifyVpcAttribute call followed by polling until
 * EC2 reports the new value.  The schema is generated from
 * aws/schema/aws.schema.
 *
 * aws_default_vpc is the region's default VPC adopted (or made with
 * CreateDefaultVpc when the region has none): create sets its attributes,
 * IPv6 block and tags to the configuration, read, update and import are
 * aws_vpc's, and destroy leaves it unless force_destroy. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "ec2_cleanup.h"
#include "ec2_find.h"
#include "ec2_vpc.h"
#include "ec2_lookup.h"
#include "ec2_retry.h"
#include "ec2_tags.h"
#include "plan.h"
#include "provider_meta.h"
#include "resources.h"
#include "tags.h"
#include "value_build.h"

/* ---- validation ---- */

/* The table checks that ipv6_cidr_block is an IPv6 network of /44 to /60;
 * AWS also wants the length on a nibble boundary. */
static void vpc_validate(tf_ctx *ctx, const tf_value *config)
{
    const tf_value *v = tf_get(config, "ipv6_cidr_block");
    if (!tf_is_known(v))
        return;
    const char *slash = strrchr(v->u.str.ptr, '/');
    if (!slash)
        return; /* malformed blocks are reported by the table's validator */
    long prefix = strtol(slash + 1, NULL, 10);
    if (prefix >= 44 && prefix <= 60 && prefix % 4 != 0)
        tf_diag_error(ctx->diags,
                      tf_path_attr(ctx->arena, tf_path_root(ctx->arena), "ipv6_cidr_block"),
                      "Invalid value for \"ipv6_cidr_block\"",
                      "expected ipv6_cidr_block to have a netmask length of 44, 48, 52, 56 or "
                      "60, got /%ld", prefix);
}

/* ---- timings (hashicorp/aws's, the VPC declares no timeouts block) ---- */

#define VPC_PROPAGATION_S (2 * 60.0)  /* a new id becoming visible */
#define VPC_CREATE_S (10 * 60.0)      /* pending -> available, IPv6 association */
#define VPC_ATTR_S (5 * 60.0)         /* an attribute change showing up */
#define VPC_DELETE_S (20 * 60.0)      /* DeleteVpc retried on DependencyViolation */
#define VPC_GONE_S (5 * 60.0)         /* DescribeVpcs until NotFound */

static const char *const vpc_attr_names[] = {
    "enableDnsHostnames",
    "enableDnsSupport",
    "enableNetworkAddressUsageMetrics",
};
static const char *const vpc_attr_fields[] = {
    "enable_dns_hostnames",
    "enable_dns_support",
    "enable_network_address_usage_metrics",
};
#define VPC_N_ATTRS 3

/* ---- attributes ---- */

/* DescribeVpcAttribute: *value is the attribute's boolean. */
static int vpc_attr_get(const aws_meta *m, tf_ctx *ctx, const char *id, const char *attr,
                        int *value, aws_error *err)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "VpcId", id);
    aws_params_add(p, "Attribute", attr);
    aws_xml_node *out;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", "DescribeVpcAttribute", p, &out,
                       err) != 0)
        return -1;
    char path[96];
    snprintf(path, sizeof path, "%s/value", attr);
    *value = aws_xml_bool(out, path, 0);
    return 0;
}

int ec2_vpc_attr_get(const aws_meta *m, tf_ctx *ctx, const char *id, const char *attr,
                     int *value, aws_error *err)
{
    return vpc_attr_get(m, ctx, id, attr, value, err);
}

typedef struct vpc_attr_wait {
    const aws_meta *m;
    tf_ctx *ctx;
    const char *id, *attr;
    int want;
} vpc_attr_wait;

static aws_wait_status vpc_attr_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    vpc_attr_wait *w = ud;
    int v;
    if (vpc_attr_get(w->m, w->ctx, w->id, w->attr, &v, err) != 0)
        return aws_error_is(err, "InvalidVpcID.NotFound") ? AWS_WAIT_CONTINUE : AWS_WAIT_FAIL;
    snprintf(state, state_len, "%s", v ? "true" : "false");
    return v == w->want ? AWS_WAIT_DONE : AWS_WAIT_CONTINUE;
}

/* ModifyVpcAttribute for one attribute, then polls until EC2 reports it. */
static int vpc_attr_set(tf_ctx *ctx, const aws_meta *m, const char *id, const char *attr,
                        bool value)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "VpcId", id);
    char name[96];
    snprintf(name, sizeof name, "%c%s.Value", attr[0] - 'a' + 'A', attr + 1);
    aws_params_add(p, name, value ? "true" : "false");
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", "ModifyVpcAttribute", p, &out,
                       &err) != 0) {
        aws_diag(ctx, &err, "modifying EC2 VPC (%s) attribute %s", id, attr);
        return -1;
    }
    vpc_attr_wait w = {.m = m, .ctx = ctx, .id = id, .attr = attr, .want = value};
    if (aws_wait(ctx->stop, VPC_ATTR_S, vpc_attr_poll, &w, &err) != 0) {
        aws_diag(ctx, &err, "waiting for EC2 VPC (%s) attribute %s update", id, attr);
        return -1;
    }
    return 0;
}

/* ---- state ---- */

/* The IPv6 block the state describes: the associated one with the id the
 * state already knows, else the first associated one (hashicorp's
 * defaultIPv6CIDRBlockAssociation). */
static const aws_xml_node *vpc_ipv6_assoc(const aws_xml_node *vpc, const char *known_id)
{
    for (const aws_xml_node *a = aws_xml_first(vpc, "ipv6CidrBlockAssociationSet/item"); a;
         a = aws_xml_next(a)) {
        const char *st = aws_xml_text(a, "ipv6CidrBlockState/state");
        const char *cidr = aws_xml_text(a, "ipv6CidrBlock");
        if (!st || strcmp(st, "associated") != 0 || !cidr || !cidr[0])
            continue;
        const char *aid = aws_xml_text(a, "associationId");
        if (!known_id || !known_id[0] || (aid && strcmp(aid, known_id) == 0))
            return a;
    }
    return NULL;
}

/* The id of the first item of a filtered Describe* call, or NULL (with err
 * set on a failed call). */
static const char *vpc_first_id(tf_ctx *ctx, const aws_meta *m, const char *action,
                                const char *filter, const char *filter_value, const char *vpc,
                                const char *set_path, const char *id_elem, aws_error *err)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "Filter.1.Name", filter);
    aws_params_add(p, "Filter.1.Value.1", filter_value);
    aws_params_add(p, "Filter.2.Name", "vpc-id");
    aws_params_add(p, "Filter.2.Value.1", vpc);
    aws_xml_node *out;
    aws_error_clear(err);
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", action, p, &out, err) != 0)
        return NULL;
    const aws_xml_node *item = aws_xml_first(out, set_path);
    return item ? aws_xml_text(item, id_elem) : NULL;
}

/* Sets the IPv6 attributes from the VPC's IPv6 association, as hashicorp's
 * read does: zero values when there is none. */
static void vpc_state_ipv6(tf_objb *b, const aws_xml_node *vpc, const char *known_id)
{
    const aws_xml_node *a = vpc_ipv6_assoc(vpc, known_id);
    if (!a) {
        tf_objb_bool(b, "assign_generated_ipv6_cidr_block", false);
        tf_objb_str(b, "ipv6_association_id", "");
        tf_objb_str(b, "ipv6_cidr_block", "");
        tf_objb_str(b, "ipv6_cidr_block_network_border_group", "");
        tf_objb_str(b, "ipv6_ipam_pool_id", "");
        tf_objb_i64(b, "ipv6_netmask_length", 0);
        return;
    }
    const char *cidr = aws_xml_text(a, "ipv6CidrBlock");
    const char *pool = aws_xml_text(a, "ipv6Pool");
    const char *nbg = aws_xml_text(a, "networkBorderGroup");
    bool amazon = pool && strcmp(pool, "Amazon") == 0;
    tf_objb_bool(b, "assign_generated_ipv6_cidr_block", amazon);
    tf_objb_str(b, "ipv6_association_id", aws_xml_text(a, "associationId"));
    tf_objb_str(b, "ipv6_cidr_block", cidr ? cidr : "");
    tf_objb_str(b, "ipv6_cidr_block_network_border_group", nbg ? nbg : "");
    /* EC2 reports an IPAM allocation's pool only as "IPAM Managed"; like
     * hashicorp, keep the pool id the state already has. */
    bool ipam_managed = pool && strcmp(pool, "IPAM Managed") == 0;
    if (!ipam_managed)
        tf_objb_str(b, "ipv6_ipam_pool_id", amazon || !pool ? "" : pool);
    int64_t len = 0;
    const char *slash = cidr ? strrchr(cidr, '/') : NULL;
    if (pool && pool[0] && !amazon && slash)
        len = strtol(slash + 1, NULL, 10);
    tf_objb_i64(b, "ipv6_netmask_length", len);
}

/* Reads the VPC into a state based on base (the prior or planned state, for
 * what AWS does not report).  Returns a null value when the VPC is gone,
 * NULL on error.  is_new: retry "not found" while a new id propagates. */
static const tf_value *vpc_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                   const char *id, int is_new)
{
    tf_arena *a = ctx->arena;
    const aws_xml_node *vpc;
    aws_error err;
    int rc = ec2_find_fresh(ec2_find_vpc, m->client, a, ctx->stop, id, is_new,
                            VPC_PROPAGATION_S, &vpc, &err);
    if (rc == EC2_NOT_FOUND && !is_new)
        return tf_null(a, base->type);
    if (rc != EC2_FOUND) {
        aws_diag(ctx, &err, "reading EC2 VPC (%s)", id);
        return NULL;
    }
    tf_objb b;
    tf_objb_init(&b, a, base->type, base);
    tf_objb_str(&b, "id", id);
    const char *owner = aws_xml_text(vpc, "ownerId");
    tf_objb_str(&b, "arn", tf_arena_printf(a, "arn:%s:ec2:%s:%s:vpc/%s", m->partition, m->region,
                                           owner ? owner : "", id));
    tf_objb_str(&b, "cidr_block", aws_xml_text(vpc, "cidrBlock"));
    tf_objb_str(&b, "dhcp_options_id", aws_xml_text(vpc, "dhcpOptionsId"));
    tf_objb_str(&b, "instance_tenancy", aws_xml_text(vpc, "instanceTenancy"));
    tf_objb_str(&b, "owner_id", owner);

    for (int i = 0; i < VPC_N_ATTRS; i++) {
        int v = 0;
        if (vpc_attr_get(m, ctx, id, vpc_attr_names[i], &v, &err) != 0) {
            aws_diag(ctx, &err, "reading EC2 VPC (%s) Attribute (%s)", id, vpc_attr_names[i]);
            return NULL;
        }
        tf_objb_bool(&b, vpc_attr_fields[i], v);
    }

    /* hashicorp/aws only logs failures to find these. */
    const char *acl = vpc_first_id(ctx, m, "DescribeNetworkAcls", "default", "true", id,
                                   "networkAclSet/item", "networkAclId", &err);
    if (acl)
        tf_objb_str(&b, "default_network_acl_id", acl);
    const char *rtb = vpc_first_id(ctx, m, "DescribeRouteTables", "association.main", "true", id,
                                   "routeTableSet/item", "routeTableId", &err);
    tf_objb_str(&b, "default_route_table_id", rtb ? rtb : "");
    tf_objb_str(&b, "main_route_table_id", rtb ? rtb : "");
    const char *sg = vpc_first_id(ctx, m, "DescribeSecurityGroups", "group-name", "default", id,
                                  "securityGroupInfo/item", "groupId", &err);
    tf_objb_str(&b, "default_security_group_id", sg ? sg : "");

    vpc_state_ipv6(&b, vpc, tf_get_str(base, "ipv6_association_id", NULL));

    size_t n;
    aws_kv *kv = ec2_tags_from_xml(a, vpc, &n);
    aws_tags_set_state(&b, m, kv, n, tf_get(base, "tags"));
    return tf_objb_done(&b);
}

/* ---- waiters ---- */

typedef struct vpc_wait {
    const aws_meta *m;
    tf_ctx *ctx;
    const char *id;
    const char *assoc;  /* IPv6 association id, for the association waiters */
    const char *want;   /* association state wanted */
} vpc_wait;

static aws_wait_status vpc_available_poll(void *ud, char *state, size_t state_len,
                                          aws_error *err)
{
    vpc_wait *w = ud;
    const aws_xml_node *vpc;
    int rc = ec2_find_vpc(w->m->client, w->ctx->arena, w->ctx->stop, w->id, &vpc, err);
    if (rc == EC2_NOT_FOUND)
        return AWS_WAIT_CONTINUE;
    if (rc != EC2_FOUND)
        return AWS_WAIT_FAIL;
    const char *st = aws_xml_text(vpc, "state");
    snprintf(state, state_len, "%s", st ? st : "");
    return st && strcmp(st, "available") == 0 ? AWS_WAIT_DONE : AWS_WAIT_CONTINUE;
}

static aws_wait_status vpc_gone_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    vpc_wait *w = ud;
    const aws_xml_node *vpc;
    int rc = ec2_find_vpc(w->m->client, w->ctx->arena, w->ctx->stop, w->id, &vpc, err);
    if (rc == EC2_NOT_FOUND)
        return AWS_WAIT_DONE;
    if (rc != EC2_FOUND)
        return AWS_WAIT_FAIL;
    snprintf(state, state_len, "%s", aws_xml_text(vpc, "state") ? aws_xml_text(vpc, "state")
                                                                 : "present");
    return AWS_WAIT_CONTINUE;
}

/* Waits for IPv6 association w->assoc to reach w->want ("associated" or
 * "disassociated"; an association that vanished counts as disassociated). */
static aws_wait_status vpc_assoc_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    vpc_wait *w = ud;
    const aws_xml_node *vpc;
    int rc = ec2_find_vpc(w->m->client, w->ctx->arena, w->ctx->stop, w->id, &vpc, err);
    if (rc != EC2_FOUND)
        return rc == EC2_NOT_FOUND ? AWS_WAIT_CONTINUE : AWS_WAIT_FAIL;
    return ec2_ipv6_assoc_poll(vpc, w->assoc, w->want, state, state_len, err);
}

static int vpc_assoc_wait(tf_ctx *ctx, const aws_meta *m, const char *id, const char *assoc,
                          const char *want, double timeout)
{
    vpc_wait w = {.m = m, .ctx = ctx, .id = id, .assoc = assoc, .want = want};
    aws_error err;
    if (aws_wait(ctx->stop, timeout, vpc_assoc_poll, &w, &err) != 0) {
        aws_diag(ctx, &err, "waiting for EC2 VPC (%s) IPv6 CIDR block association (%s) %s", id,
                 assoc, want);
        return -1;
    }
    return 0;
}

/* What AssociateVpcCidrBlock makes: an IPv6 association of the VPC. */
typedef struct vpc_ipv6_key {
    aws_client *c;
    const volatile int *stop;
    const char *id;
} vpc_ipv6_key;

/* aws_create_lookup_fn: the VPC's IPv6 associations being made or made
 * (nothing about an Amazon-provided block is known in advance, so the
 * create adopts only one that was not there before it). */
static int vpc_ipv6_lookup(void *ud, tf_arena *a, const char ***ids, size_t *n, aws_error *err)
{
    const vpc_ipv6_key *k = ud;
    const aws_xml_node *vpc;
    *n = 0;
    int rc = ec2_find_vpc(k->c, a, k->stop, k->id, &vpc, err);
    if (rc < 0)
        return -1;
    if (rc != EC2_FOUND)
        return 0;
    size_t cap = 0;
    for (const aws_xml_node *v = aws_xml_first(vpc, "ipv6CidrBlockAssociationSet/item"); v;
         v = aws_xml_next(v)) {
        const char *st = aws_xml_text(v, "ipv6CidrBlockState/state");
        const char *aid = aws_xml_text(v, "associationId");
        if (!aid || !st || (strcmp(st, "associating") != 0 && strcmp(st, "associated") != 0))
            continue;
        tf_arena_grow(a, (void **)ids, &cap, *n + 1, sizeof **ids);
        (*ids)[(*n)++] = aid;
    }
    return 0;
}

/* Replaces the VPC's IPv6 block: drops association old_assoc (if any), then
 * associates an Amazon-provided block, a given block or one from an IPAM
 * pool (if asked).  *new_assoc receives the new association id or "". */
static int vpc_ipv6_modify(tf_ctx *ctx, const aws_meta *m, const char *id, const char *old_assoc,
                           bool amazon, const char *cidr, const char *pool, int64_t netmask,
                           const char *border_group, const char **new_assoc)
{
    aws_xml_node *out;
    aws_error err;
    *new_assoc = "";
    if (old_assoc && old_assoc[0]) {
        aws_params *p = aws_params_new(ctx->arena);
        aws_params_add(p, "AssociationId", old_assoc);
        if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", "DisassociateVpcCidrBlock", p,
                           &out, &err) != 0) {
            aws_diag(ctx, &err, "disassociating EC2 VPC (%s) IPv6 CIDR block (%s)", id,
                     old_assoc);
            return -1;
        }
        if (vpc_assoc_wait(ctx, m, id, old_assoc, "disassociated", VPC_ATTR_S) != 0)
            return -1;
    }
    if (!amazon && !(cidr && cidr[0]) && !(pool && pool[0]))
        return 0;
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "VpcId", id);
    if (amazon) {
        aws_params_add(p, "AmazonProvidedIpv6CidrBlock", "true");
        if (border_group && border_group[0])
            aws_params_add(p, "Ipv6CidrBlockNetworkBorderGroup", border_group);
    } else {
        if (cidr && cidr[0])
            aws_params_add(p, "Ipv6CidrBlock", cidr);
        if (pool && pool[0])
            aws_params_add(p, "Ipv6IpamPoolId", pool);
        if (netmask > 0)
            aws_params_addf(p, "Ipv6NetmaskLength", "%lld", (long long)netmask);
    }
    vpc_ipv6_key key = {.c = m->client, .stop = ctx->stop, .id = id};
    aws_create_once once = {.service = "ec2", .operation = "AssociateVpcCidrBlock",
                            .lookup = vpc_ipv6_lookup, .ud = &key};
    const char *adopted;
    if (aws_create_once_query(m->client, ctx->arena, ctx->stop, &once, p, &out, &adopted,
                              &err) != 0) {
        aws_diag(ctx, &err, "associating EC2 VPC (%s) IPv6 CIDR block", id);
        return -1;
    }
    const char *aid = adopted ? adopted
                              : aws_xml_text(out, "ipv6CidrBlockAssociation/associationId");
    if (!aid)
        return 0;
    *new_assoc = aid;
    return vpc_assoc_wait(ctx, m, id, aid, "associated", VPC_CREATE_S);
}

/* ---- plan ---- */

static bool vpc_bool(const tf_value *obj, const char *name)
{
    return tf_get_bool(obj, name, false);
}

/* Drops path "name" from the requires-replace list. */
static void vpc_plan_keep(tf_plan_req *req, const char *name)
{
    size_t k = 0;
    for (size_t i = 0; i < req->n_replace; i++) {
        const tf_path *p = req->replace[i];
        bool match = p && p->n == 1 && p->steps[0].kind == TF_STEP_ATTR &&
                     strcmp(p->steps[0].name, name) == 0;
        if (!match)
            req->replace[k++] = p;
    }
    req->n_replace = k;
}

/* hashicorp's resourceVPCCustomizeDiff, then tags_all. */
static void vpc_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    tf_arena *a = ctx->arena;
    if (tf_is_null(req->planned))
        return;
    if (!tf_is_null(req->prior)) {
        const tf_value *pl = req->planned;
        const tf_value *assign = tf_get(pl, "assign_generated_ipv6_cidr_block");
        if (tf_is_known(assign) && vpc_bool(req->prior, "assign_generated_ipv6_cidr_block") !=
                                       assign->u.b) {
            pl = tf_object_with(a, pl, "ipv6_association_id", tf_unknown(a, &tf_type_string));
            pl = tf_object_with(a, pl, "ipv6_cidr_block", tf_unknown(a, &tf_type_string));
        }
        const char *ot = tf_get_str(req->prior, "instance_tenancy", "");
        const tf_value *nt = tf_get(pl, "instance_tenancy");
        if (tf_is_unknown(nt) ||
            (tf_is_known(nt) && strcmp(ot, nt->u.str.ptr) != 0 &&
             !(strcmp(ot, "dedicated") == 0 && strcmp(nt->u.str.ptr, "default") == 0)))
            tf_plan_add_replace(a, req, tf_path_attr(a, tf_path_root(a), "instance_tenancy"));
        /* A block allocated from IPAM may differ from config: ignore it. */
        const tf_value *oc = tf_get(req->prior, "cidr_block");
        const tf_value *nc = tf_get(pl, "cidr_block");
        if (!tf_value_equal(oc, nc) && tf_get_i64(pl, "ipv4_netmask_length", 0) != 0) {
            pl = tf_object_with(a, pl, "cidr_block", oc);
            vpc_plan_keep(req, "cidr_block");
        }
        req->planned = pl;
    }
    aws_tags_plan(ctx, req);
}

/* ---- create / read / update / delete ---- */

/* ModifyVpcAttribute for the attributes whose planned value differs from
 * what the VPC has (have: in vpc_attr_names order). */
static int vpc_attrs_on_create(tf_ctx *ctx, const aws_meta *m, const char *id,
                               const tf_value *planned, const bool have[VPC_N_ATTRS])
{
    for (int i = 0; i < VPC_N_ATTRS; i++) {
        const tf_value *v = tf_get(planned, vpc_attr_fields[i]);
        bool want = tf_is_known(v) ? v->u.b : have[i];
        if (want != have[i] && vpc_attr_set(ctx, m, id, vpc_attr_names[i], want) != 0)
            return -1;
    }
    return 0;
}

/* What EC2 gives a new VPC: host names off, DNS support on, metrics off. */
static const bool vpc_attrs_created[VPC_N_ATTRS] = {false, true, false};

/* What a failed create hands back: the planned state with the id, so the
 * VPC is tracked (and tainted) rather than orphaned. */
static const tf_value *vpc_partial(tf_ctx *ctx, const tf_value *planned, const char *id)
{
    return tf_object_with(ctx->arena, planned, "id", tf_string(ctx->arena, id));
}

static const tf_value *vpc_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "AmazonProvidedIpv6CidrBlock",
                   vpc_bool(planned, "assign_generated_ipv6_cidr_block") ? "true" : "false");
    aws_params_add(p, "InstanceTenancy", tf_get_str(planned, "instance_tenancy", "default"));
    aws_params_add(p, "CidrBlock", tf_get_str(planned, "cidr_block", NULL));
    aws_params_add(p, "Ipv4IpamPoolId", tf_get_str(planned, "ipv4_ipam_pool_id", NULL));
    int64_t n4 = tf_get_i64(planned, "ipv4_netmask_length", 0);
    if (n4 > 0)
        aws_params_addf(p, "Ipv4NetmaskLength", "%lld", (long long)n4);
    const char *v6 = tf_get_str(planned, "ipv6_cidr_block", "");
    if (v6[0])
        aws_params_add(p, "Ipv6CidrBlock", v6);
    const char *nbg = tf_get_str(planned, "ipv6_cidr_block_network_border_group", "");
    if (nbg[0])
        aws_params_add(p, "Ipv6CidrBlockNetworkBorderGroup", nbg);
    const char *pool6 = tf_get_str(planned, "ipv6_ipam_pool_id", "");
    if (pool6[0])
        aws_params_add(p, "Ipv6IpamPoolId", pool6);
    int64_t n6 = tf_get_i64(planned, "ipv6_netmask_length", 0);
    if (n6 > 0)
        aws_params_addf(p, "Ipv6NetmaskLength", "%lld", (long long)n6);
    size_t nt;
    aws_kv *tags = aws_tags_from_map(a, tf_get(planned, "tags_all"), &nt);
    ec2_tag_specs(p, 1, "vpc", tags, nt);

    /* An account just placed under IPAM answers UnsupportedOperation for a
     * while; only then is the call worth repeating. */
    static const char *const ipam_retry[] = {"UnsupportedOperation", NULL};
    bool ipam = tf_get_str(planned, "ipv4_ipam_pool_id", "")[0] || pool6[0];
    /* Nothing a VPC is created with is unique: an earlier attempt's VPC is
     * one with this CIDR block and these tags that was not there before. */
    ec2_lookup lk;
    ec2_lookup_init(&lk, m->client, ctx->stop, "DescribeVpcs", "vpcSet/item", "vpcId");
    ec2_lookup_filter(&lk, "cidr-block-association.cidr-block",
                      tf_get_str(planned, "cidr_block", NULL));
    ec2_lookup_tags(&lk, a, tags, nt);
    aws_create_once once = {.service = "ec2", .operation = "CreateVpc", .lookup = ec2_lookup_ids,
                            .ud = &lk, .retry_codes = ipam ? ipam_retry : NULL,
                            .retry_timeout_s = VPC_PROPAGATION_S};
    aws_xml_node *out;
    const char *adopted;
    aws_error err;
    if (aws_create_once_query(m->client, a, ctx->stop, &once, p, &out, &adopted, &err) != 0) {
        aws_diag(ctx, &err, "creating EC2 VPC");
        return NULL;
    }
    const char *id = adopted ? adopted : aws_xml_text(out, "vpc/vpcId");
    if (!id) {
        tf_diag_error(ctx->diags, NULL, "creating EC2 VPC: no VPC ID in the answer",
                      "CreateVpc succeeded but returned no vpcId.");
        return NULL;
    }

    vpc_wait w = {.m = m, .ctx = ctx, .id = id};
    if (aws_wait(ctx->stop, VPC_CREATE_S, vpc_available_poll, &w, &err) != 0) {
        aws_diag(ctx, &err, "waiting for EC2 VPC (%s) create", id);
        return vpc_partial(ctx, planned, id);
    }
    const aws_xml_node *v6a = out ? aws_xml_first(out, "vpc/ipv6CidrBlockAssociationSet/item")
                                  : NULL;
    const char *v6state = v6a ? aws_xml_text(v6a, "ipv6CidrBlockState/state") : NULL;
    if (v6state && strcmp(v6state, "associating") == 0 &&
        vpc_assoc_wait(ctx, m, id, aws_xml_text(v6a, "associationId"), "associated",
                       VPC_CREATE_S) != 0)
        return vpc_partial(ctx, planned, id);
    if (vpc_attrs_on_create(ctx, m, id, planned, vpc_attrs_created) != 0)
        return vpc_partial(ctx, planned, id);
    const tf_value *st = vpc_refresh(ctx, m, planned, id, 1);
    return st && !tf_is_null(st) ? st : vpc_partial(ctx, planned, id);
}

static const tf_value *vpc_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    return vpc_refresh(ctx, m, state, tf_get_str(state, "id", ""), 0);
}

static bool vpc_changed(const tf_value *prior, const tf_value *planned, const char *name)
{
    return !tf_value_equal(tf_get(prior, name), tf_get(planned, name));
}

static const tf_value *vpc_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(prior, "id", "");
    for (int i = 0; i < VPC_N_ATTRS; i++) {
        const tf_value *v = tf_get(planned, vpc_attr_fields[i]);
        if (tf_is_known(v) && vpc_changed(prior, planned, vpc_attr_fields[i]) &&
            vpc_attr_set(ctx, m, id, vpc_attr_names[i], v->u.b) != 0)
            return NULL;
    }
    aws_xml_node *out;
    aws_error err;
    if (vpc_changed(prior, planned, "instance_tenancy")) {
        aws_params *p = aws_params_new(a);
        aws_params_add(p, "VpcId", id);
        aws_params_add(p, "InstanceTenancy", tf_get_str(planned, "instance_tenancy", "default"));
        if (aws_query_call(m->client, a, ctx->stop, "ec2", "ModifyVpcTenancy", p, &out,
                           &err) != 0) {
            aws_diag(ctx, &err, "modifying EC2 VPC (%s) tenancy", id);
            return NULL;
        }
    }
    /* The association id the state carries, updated as blocks change. */
    const char *assoc = tf_get_str(prior, "ipv6_association_id", "");
    tf_objb b;
    tf_objb_init(&b, a, planned->type, planned);
    if (vpc_changed(prior, planned, "assign_generated_ipv6_cidr_block") ||
        vpc_changed(prior, planned, "ipv6_cidr_block_network_border_group")) {
        if (vpc_ipv6_modify(ctx, m, id, assoc, vpc_bool(planned, "assign_generated_ipv6_cidr_block"),
                            "", "", 0,
                            tf_get_str(planned, "ipv6_cidr_block_network_border_group", ""),
                            &assoc) != 0)
            return NULL;
    }
    /* A block left unknown by the plan (assign_generated_ipv6_cidr_block
     * changed) reads as "" here, as in SDKv2: it is not a change of its own. */
    const tf_value *cidr = tf_get(planned, "ipv6_cidr_block");
    const char *new6 = tf_is_known(cidr) ? cidr->u.str.ptr : "";
    if (strcmp(new6, tf_get_str(prior, "ipv6_cidr_block", "")) != 0 ||
        vpc_changed(prior, planned, "ipv6_ipam_pool_id")) {
        if (vpc_ipv6_modify(ctx, m, id, assoc, false, new6,
                            tf_get_str(planned, "ipv6_ipam_pool_id", ""),
                            tf_get_i64(planned, "ipv6_netmask_length", 0), "", &assoc) != 0)
            return NULL;
    }
    tf_objb_str(&b, "ipv6_association_id", assoc);
    const tf_value *base = tf_objb_done(&b);
    if (vpc_changed(prior, planned, "tags_all") &&
        ec2_update_tags(m->client, a, ctx->stop, id, tf_get(prior, "tags_all"),
                        tf_get(planned, "tags_all"), &err) != 0) {
        aws_diag(ctx, &err, "updating EC2 VPC (%s) tags", id);
        return NULL;
    }
    const tf_value *st = vpc_refresh(ctx, m, base, id, 0);
    if (st && tf_is_null(st)) {
        tf_diag_error(ctx->diags, NULL, "updating EC2 VPC: not found",
                      "EC2 VPC (%s) disappeared while it was being updated.", id);
        return NULL;
    }
    return st;
}

static void vpc_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    const char *id = tf_get_str(prior, "id", "");
    double timeout = aws_timeout(prior, "delete", VPC_DELETE_S);
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "VpcId", id);
    static const char *const retry[] = {"DependencyViolation", NULL};
    aws_xml_node *out;
    aws_error err;
    int rc = aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", "DeleteVpc", p, &out, &err);
    if (rc != 0 && aws_error_is(&err, "DependencyViolation")) {
        /* GuardDuty's endpoint and security group may be what holds the VPC:
         * delete them (best effort), then keep trying. */
        int changed;
        aws_error gerr;
        if (ec2_guardduty_clear_vpc(m->client, ctx->arena, ctx->stop, id, timeout, &changed,
                                    &gerr) != 0)
            tf_diag_warn(ctx->diags, NULL, "EC2 VPC: GuardDuty cleanup failed",
                         "Deleting GuardDuty's VPC endpoints and security group in EC2 VPC (%s) "
                         "failed (%s); deleting the VPC is retried anyway.", id,
                         aws_error_string(&gerr, ctx->arena));
        rc = ec2_call_retry(m->client, ctx->arena, ctx->stop, "DeleteVpc", p, &out, timeout,
                            retry, &err);
    }
    if (rc != 0) {
        if (aws_error_is(&err, "InvalidVpcID.NotFound"))
            return;
        aws_diag(ctx, &err, "deleting EC2 VPC (%s)", id);
        return;
    }
    vpc_wait w = {.m = m, .ctx = ctx, .id = id};
    if (aws_wait(ctx->stop, VPC_GONE_S, vpc_gone_poll, &w, &err) != 0)
        aws_diag(ctx, &err, "waiting for EC2 VPC (%s) delete", id);
}

/* Import by VPC ID; like hashicorp/aws, an imported VPC starts with
 * assign_generated_ipv6_cidr_block = false (read then corrects it). */
static const tf_value *vpc_import(tf_ctx *ctx, const char *id)
{
    tf_objb b;
    tf_objb_init(&b, ctx->arena, aws_schema_resource_aws_vpc.ctype, NULL);
    tf_objb_str(&b, "id", id);
    tf_objb_bool(&b, "assign_generated_ipv6_cidr_block", false);
    return tf_objb_done(&b);
}

const tf_resource_def aws_ec2_vpc_def = {
    .type_name = "aws_vpc",
    .version = 1,
    .schema = &aws_schema_resource_aws_vpc,
    .validate = vpc_validate,
    .modify_plan = vpc_modify_plan,
    .create = vpc_create,
    .read = vpc_read,
    .update = vpc_update,
    .delete = vpc_delete,
    .import = vpc_import,
};

/* ---- aws_default_vpc ---- */

/* resourceDefaultVPCCreate: the default VPC found (existing_default_vpc) or
 * made, then its attributes, IPv6 block and tags set as configured. */
static const tf_value *dvpc_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "Filter.1.Name", "isDefault");
    aws_params_add(p, "Filter.1.Value.1", "true");
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, a, ctx->stop, "ec2", "DescribeVpcs", p, &out, &err) != 0) {
        aws_diag(ctx, &err, "reading EC2 Default VPC");
        return NULL;
    }
    const aws_xml_node *vpc = aws_xml_first(out, "vpcSet/item");
    bool existing = vpc != NULL;
    bool have[VPC_N_ATTRS] = {true, true, false};   /* a new default VPC's */
    const char *id;
    if (existing) {
        id = aws_xml_text(vpc, "vpcId");
        for (int i = 0; i < VPC_N_ATTRS; i++) {
            int v = 0;
            if (vpc_attr_get(m, ctx, id, vpc_attr_names[i], &v, &err) != 0) {
                aws_diag(ctx, &err, "reading EC2 VPC (%s) Attribute (%s)", id,
                         vpc_attr_names[i]);
                /* found: kept in the state (tainted), as hashicorp/aws sets
                 * the ID before reading the attributes */
                if (!id)
                    return NULL;
                const tf_value *st = tf_object_with(a, planned, "id", tf_string(a, id));
                return tf_object_with(a, st, "existing_default_vpc", tf_bool(a, true));
            }
            have[i] = v != 0;
        }
    } else {
        /* Nothing to make it unique, and AWS refuses a second one: a
         * repeat after an unknown outcome answers DefaultVpcAlreadyExists. */
        if (aws_query_call(m->client, a, ctx->stop, "ec2", "CreateDefaultVpc",
                           aws_params_new(a), &out, &err) != 0) {
            aws_diag(ctx, &err, "creating EC2 Default VPC");
            return NULL;
        }
        id = aws_xml_text(out, "vpc/vpcId");
        vpc = out ? aws_xml_first(out, "vpc") : NULL;
    }
    if (!id) {
        tf_diag_error(ctx->diags, NULL, "creating EC2 Default VPC: no VPC ID",
                      "DescribeVpcs/CreateDefaultVpc returned no vpcId.");
        return NULL;
    }
    tf_objb b;
    tf_objb_init(&b, a, planned->type, planned);
    tf_objb_str(&b, "id", id);
    tf_objb_bool(&b, "existing_default_vpc", existing);
    const tf_value *state = tf_objb_done(&b);
    vpc_wait w = {.m = m, .ctx = ctx, .id = id};
    if (!existing && aws_wait(ctx->stop, VPC_CREATE_S, vpc_available_poll, &w, &err) != 0) {
        aws_diag(ctx, &err, "waiting for EC2 Default VPC (%s) create", id);
        return state;
    }
    if (vpc_attrs_on_create(ctx, m, id, planned, have) != 0)
        return state;
    /* IPv6: an Amazon block wanted or not, or another border group. */
    const aws_xml_node *v6 = vpc ? vpc_ipv6_assoc(vpc, NULL) : NULL;
    const char *assoc = v6 ? aws_xml_text(v6, "associationId") : "";
    const char *pool = v6 ? aws_xml_text(v6, "ipv6Pool") : NULL;
    const char *old_nbg = v6 ? aws_xml_text(v6, "networkBorderGroup") : NULL;
    bool old_amazon = pool && strcmp(pool, "Amazon") == 0;
    const char *old_pool = pool && !old_amazon ? pool : "";
    const char *old_cidr = v6 ? aws_xml_text(v6, "ipv6CidrBlock") : NULL;
    bool amazon = vpc_bool(planned, "assign_generated_ipv6_cidr_block");
    const char *nbg = tf_get_str(planned, "ipv6_cidr_block_network_border_group", "");
    if (old_amazon != amazon || (nbg[0] && strcmp(old_nbg ? old_nbg : "", nbg) != 0)) {
        if (vpc_ipv6_modify(ctx, m, id, assoc, amazon, "", "", 0, nbg, &assoc) != 0)
            return state;
    }
    const char *cidr6 = tf_get_str(planned, "ipv6_cidr_block", "");
    const char *pool6 = tf_get_str(planned, "ipv6_ipam_pool_id", "");
    if (!amazon && (strcmp(old_cidr ? old_cidr : "", cidr6) != 0 || strcmp(old_pool, pool6) != 0)) {
        if (vpc_ipv6_modify(ctx, m, id, assoc, false, cidr6, pool6,
                            tf_get_i64(planned, "ipv6_netmask_length", 0), "", &assoc) != 0)
            return state;
    }
    state = tf_object_with(a, state, "ipv6_association_id", tf_string(a, assoc));
    /* The tags it has become the configured ones. */
    size_t n;
    aws_kv *remote = vpc ? ec2_tags_from_xml(a, vpc, &n) : NULL;
    if (!vpc)
        n = 0;
    const tf_value *old_tags, *old_all, *new_all = tf_get(planned, "tags_all");
    aws_tags_to_state(a, m, remote, n, NULL, &old_tags, &old_all);
    if (tf_is_known(new_all) && !tf_value_equal(old_all, new_all) &&
        ec2_update_tags(m->client, a, ctx->stop, id, old_all, new_all, &err) != 0) {
        aws_diag(ctx, &err, "updating EC2 Default VPC (%s) tags", id);
        return state;
    }
    const tf_value *st = vpc_refresh(ctx, m, state, id, 1);
    return st && !tf_is_null(st) ? st : state;
}

/* The default VPC stays unless force_destroy. */
static void dvpc_delete(tf_ctx *ctx, const tf_value *prior)
{
    if (tf_get_bool(prior, "force_destroy", false))
        vpc_delete(ctx, prior);
}

static const tf_value *dvpc_import(tf_ctx *ctx, const char *id)
{
    tf_objb b;
    tf_objb_init(&b, ctx->arena, aws_schema_resource_aws_default_vpc.ctype, NULL);
    tf_objb_str(&b, "id", id);
    tf_objb_bool(&b, "assign_generated_ipv6_cidr_block", false);
    return tf_objb_done(&b);
}

const tf_resource_def aws_ec2_default_vpc_def = {
    .type_name = "aws_default_vpc",
    .version = 1,
    .schema = &aws_schema_resource_aws_default_vpc,
    .modify_plan = vpc_modify_plan,
    .create = dvpc_create,
    .read = vpc_read,
    .update = vpc_update,
    .delete = dvpc_delete,
    .import = dvpc_import,
};

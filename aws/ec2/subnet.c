/* subnet.c - aws_subnet: an address range of a VPC in one availability zone.
 *
 * CreateSubnet takes only the placement (VPC, zone, ranges); every other
 * setting is a ModifySubnetAttribute call of its own, one attribute each,
 * followed by polling DescribeSubnets until the value shows.  The schema
 * is generated from aws/schema/aws.schema. */

#include <stdio.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "ec2_cleanup.h"
#include "ec2_find.h"
#include "ec2_subnet.h"
#include "ec2_lookup.h"
#include "ec2_retry.h"
#include "ec2_tags.h"
#include "plan.h"
#include "provider_meta.h"
#include "resources.h"
#include "tags.h"
#include "value_build.h"

/* ---- validation ---- */

/* enable_lni_at_device_index: zero is not a usable device index (SDKv2's
 * NoZeroValues). */
static void subnet_validate(tf_ctx *ctx, const tf_value *config)
{
    const tf_value *v = tf_get(config, "enable_lni_at_device_index");
    int64_t n;
    if (tf_is_known(v) && tf_number_to_i64(v, &n) && n == 0)
        tf_diag_error(ctx->diags,
                      tf_path_attr(ctx->arena, tf_path_root(ctx->arena),
                                   "enable_lni_at_device_index"),
                      "Invalid value for \"enable_lni_at_device_index\"",
                      "\"enable_lni_at_device_index\" must not be zero");
}

/* ---- timings ---- */

#define SUBNET_CREATE_S (10 * 60.0)     /* timeouts.create default */
#define SUBNET_DELETE_S (20 * 60.0)     /* timeouts.delete default */
#define SUBNET_PROPAGATION_S (2 * 60.0) /* a new id, an attribute change */
#define SUBNET_IPV6_S (3 * 60.0)        /* IPv6 association changes */

/* ---- attributes ---- */

typedef enum { SUBNET_BOOL, SUBNET_INT, SUBNET_STR } subnet_attr_kind;

/* One ModifySubnetAttribute argument: its request name, where
 * DescribeSubnets reports it and the state attribute holding it. */
typedef struct subnet_attr {
    const char *param;
    const char *xml;
    const char *field;
    subnet_attr_kind kind;
} subnet_attr;

static const subnet_attr SA_ASSIGN_IPV6 = {"AssignIpv6AddressOnCreation",
                                           "assignIpv6AddressOnCreation",
                                           "assign_ipv6_address_on_creation", SUBNET_BOOL};
static const subnet_attr SA_DNS64 = {"EnableDns64", "enableDns64", "enable_dns64", SUBNET_BOOL};
static const subnet_attr SA_LNI = {"EnableLniAtDeviceIndex", "enableLniAtDeviceIndex",
                                   "enable_lni_at_device_index", SUBNET_INT};
static const subnet_attr SA_DNS_AAAA = {"EnableResourceNameDnsAAAARecordOnLaunch",
                                        "privateDnsNameOptionsOnLaunch/"
                                        "enableResourceNameDnsAAAARecord",
                                        "enable_resource_name_dns_aaaa_record_on_launch",
                                        SUBNET_BOOL};
static const subnet_attr SA_DNS_A = {"EnableResourceNameDnsARecordOnLaunch",
                                     "privateDnsNameOptionsOnLaunch/enableResourceNameDnsARecord",
                                     "enable_resource_name_dns_a_record_on_launch", SUBNET_BOOL};
static const subnet_attr SA_HOSTNAME = {"PrivateDnsHostnameTypeOnLaunch",
                                        "privateDnsNameOptionsOnLaunch/hostnameType",
                                        "private_dns_hostname_type_on_launch", SUBNET_STR};
static const subnet_attr SA_MAP_PUBLIC = {"MapPublicIpOnLaunch", "mapPublicIpOnLaunch",
                                          "map_public_ip_on_launch", SUBNET_BOOL};
static const subnet_attr SA_MAP_COIP = {"MapCustomerOwnedIpOnLaunch",
                                        "mapCustomerOwnedIpOnLaunch",
                                        "map_customer_owned_ip_on_launch", SUBNET_BOOL};

/* The attribute's value in a DescribeSubnets item, as text ("true", "3",
 * "ip-name"); absent booleans read "false", absent numbers "0". */
static const char *subnet_attr_text(const aws_xml_node *s, const subnet_attr *at)
{
    const char *t = s ? aws_xml_text(s, at->xml) : NULL;
    if (t && t[0])
        return t;
    return at->kind == SUBNET_BOOL ? "false" : at->kind == SUBNET_INT ? "0" : "";
}

/* The planned value of the attribute as text, in the same form. */
static const char *subnet_plan_text(tf_arena *a, const tf_value *planned, const subnet_attr *at)
{
    const tf_value *v = tf_get(planned, at->field);
    if (!tf_is_known(v))
        return at->kind == SUBNET_BOOL ? "false" : at->kind == SUBNET_INT ? "0" : "";
    if (at->kind == SUBNET_BOOL)
        return v->u.b ? "true" : "false";
    if (at->kind == SUBNET_INT) {
        int64_t n = 0;
        tf_number_to_i64(v, &n);
        return tf_arena_printf(a, "%lld", (long long)n);
    }
    return v->u.str.ptr;
}

typedef struct subnet_wait {
    aws_client *c;
    tf_ctx *ctx;
    const char *id;
    const subnet_attr *attr;
    const char *want;  /* attribute value, or association state */
    const char *assoc; /* IPv6 association id */
    const aws_xml_node *item; /* the subnet, once available */
} subnet_wait;

static aws_wait_status subnet_attr_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    subnet_wait *w = ud;
    const aws_xml_node *s;
    int rc = ec2_find_subnet(w->c, w->ctx->arena, w->ctx->stop, w->id, &s, err);
    if (rc != EC2_FOUND)
        return rc == EC2_NOT_FOUND ? AWS_WAIT_CONTINUE : AWS_WAIT_FAIL;
    const char *v = subnet_attr_text(s, w->attr);
    snprintf(state, state_len, "%s", v);
    return strcmp(v, w->want) == 0 ? AWS_WAIT_DONE : AWS_WAIT_CONTINUE;
}

/* ModifySubnetAttribute for one attribute, then polls DescribeSubnets until
 * it reports the value.  extra: CustomerOwnedIpv4Pool, sent with
 * MapCustomerOwnedIpOnLaunch. */
static int subnet_attr_set(tf_ctx *ctx, aws_client *c, const char *id, const subnet_attr *at,
                           const char *value, const char *extra)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "SubnetId", id);
    if (at->kind == SUBNET_BOOL)
        aws_params_add(p, aws_params_key(p, "%s.Value", at->param), value);
    else
        aws_params_add(p, at->param, value);
    if (extra && extra[0])
        aws_params_add(p, "CustomerOwnedIpv4Pool", extra);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(c, ctx->arena, ctx->stop, "ec2", "ModifySubnetAttribute", p, &out,
                       &err) != 0) {
        aws_diag(ctx, &err, "modifying EC2 Subnet (%s) %s", id, at->field);
        return -1;
    }
    subnet_wait w = {.c = c, .ctx = ctx, .id = id, .attr = at, .want = value};
    if (aws_wait(ctx->stop, SUBNET_PROPAGATION_S, subnet_attr_poll, &w, &err) != 0) {
        aws_diag(ctx, &err, "waiting for EC2 Subnet (%s) %s update", id, at->field);
        return -1;
    }
    return 0;
}

/* ---- IPv6 block ---- */

static aws_wait_status subnet_assoc_poll(void *ud, char *state, size_t state_len,
                                         aws_error *err)
{
    subnet_wait *w = ud;
    const aws_xml_node *s;
    int rc = ec2_find_subnet(w->c, w->ctx->arena, w->ctx->stop, w->id, &s, err);
    if (rc != EC2_FOUND)
        return rc == EC2_NOT_FOUND ? AWS_WAIT_CONTINUE : AWS_WAIT_FAIL;
    return ec2_ipv6_assoc_poll(s, w->assoc, w->want, state, state_len, err);
}

static int subnet_assoc_wait(tf_ctx *ctx, aws_client *c, const char *id, const char *assoc,
                             const char *want)
{
    subnet_wait w = {.c = c, .ctx = ctx, .id = id, .assoc = assoc, .want = want};
    aws_error err;
    if (aws_wait(ctx->stop, SUBNET_IPV6_S, subnet_assoc_poll, &w, &err) != 0) {
        aws_diag(ctx, &err, "waiting for EC2 Subnet (%s) IPv6 CIDR block association (%s) %s",
                 id, assoc, want);
        return -1;
    }
    return 0;
}

/* What AssociateSubnetCidrBlock makes: the subnet's association of a block. */
typedef struct subnet_ipv6_key {
    aws_client *c;
    const volatile int *stop;
    const char *id, *cidr;
} subnet_ipv6_key;

/* aws_create_lookup_fn: the id of the subnet's association of the block,
 * being made or made. */
static int subnet_ipv6_lookup(void *ud, tf_arena *a, const char ***ids, size_t *n,
                              aws_error *err)
{
    const subnet_ipv6_key *k = ud;
    const aws_xml_node *s;
    *n = 0;
    int rc = ec2_find_subnet(k->c, a, k->stop, k->id, &s, err);
    if (rc < 0)
        return -1;
    for (const aws_xml_node *v = rc == EC2_FOUND ? aws_xml_first(s, "ipv6CidrBlockAssociationSet/item")
                                                 : NULL;
         v; v = aws_xml_next(v)) {
        const char *st = aws_xml_text(v, "ipv6CidrBlockState/state");
        const char *block = aws_xml_text(v, "ipv6CidrBlock");
        const char *aid = aws_xml_text(v, "associationId");
        if (!aid || !st || !block || !tf_cidr_same(block, k->cidr) ||
            (strcmp(st, "associating") != 0 && strcmp(st, "associated") != 0))
            continue;
        const char **one = tf_arena_calloc(a, 1, sizeof *one);
        one[0] = aid;
        *ids = one;
        *n = 1;
        return 0;
    }
    return 0;
}

/* Drops association old_assoc (if any) and associates cidr (if not ""). */
static int subnet_ipv6_modify(tf_ctx *ctx, aws_client *c, const char *id, const char *old_assoc,
                              const char *cidr)
{
    aws_xml_node *out;
    aws_error err;
    if (old_assoc && old_assoc[0]) {
        aws_params *p = aws_params_new(ctx->arena);
        aws_params_add(p, "AssociationId", old_assoc);
        if (aws_query_call(c, ctx->arena, ctx->stop, "ec2", "DisassociateSubnetCidrBlock", p,
                           &out, &err) != 0) {
            aws_diag(ctx, &err, "disassociating EC2 Subnet (%s) IPv6 CIDR block (%s)", id,
                     old_assoc);
            return -1;
        }
        if (subnet_assoc_wait(ctx, c, id, old_assoc, "disassociated") != 0)
            return -1;
    }
    if (!cidr || !cidr[0])
        return 0;
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "SubnetId", id);
    aws_params_add(p, "Ipv6CidrBlock", cidr);
    subnet_ipv6_key key = {.c = c, .stop = ctx->stop, .id = id, .cidr = cidr};
    aws_create_once once = {.service = "ec2", .operation = "AssociateSubnetCidrBlock",
                            .lookup = subnet_ipv6_lookup, .ud = &key};
    const char *adopted;
    if (aws_create_once_query(c, ctx->arena, ctx->stop, &once, p, &out, &adopted, &err) != 0) {
        aws_diag(ctx, &err, "associating EC2 Subnet (%s) IPv6 CIDR block (%s)", id, cidr);
        return -1;
    }
    const char *aid = adopted ? adopted
                              : aws_xml_text(out, "ipv6CidrBlockAssociation/associationId");
    return aid ? subnet_assoc_wait(ctx, c, id, aid, "associated") : 0;
}

/* The associated IPv6 block of a described subnet, or NULL. */
static const aws_xml_node *subnet_ipv6_assoc(const aws_xml_node *s)
{
    for (const aws_xml_node *a = aws_xml_first(s, "ipv6CidrBlockAssociationSet/item"); a;
         a = aws_xml_next(a)) {
        const char *st = aws_xml_text(a, "ipv6CidrBlockState/state");
        if (st && strcmp(st, "associated") == 0)
            return a;
    }
    return NULL;
}

/* ---- state ---- */

static void subnet_state_str(tf_objb *b, const aws_xml_node *s, const char *field,
                             const char *path)
{
    const char *v = aws_xml_text(s, path);
    tf_objb_str(b, field, v ? v : "");
}

/* The attributes of a described subnet that the resource and data
 * "aws_subnet" share (all but id and tags), written into b. */
void ec2_subnet_state_fields(tf_objb *b, const aws_xml_node *s)
{
    subnet_state_str(b, s, "arn", "subnetArn");
    subnet_state_str(b, s, "availability_zone", "availabilityZone");
    subnet_state_str(b, s, "availability_zone_id", "availabilityZoneId");
    subnet_state_str(b, s, "cidr_block", "cidrBlock");
    subnet_state_str(b, s, "customer_owned_ipv4_pool", "customerOwnedIpv4Pool");
    subnet_state_str(b, s, "outpost_arn", "outpostArn");
    subnet_state_str(b, s, "owner_id", "ownerId");
    subnet_state_str(b, s, "vpc_id", "vpcId");
    tf_objb_bool(b, "assign_ipv6_address_on_creation",
                 aws_xml_bool(s, "assignIpv6AddressOnCreation", 0));
    tf_objb_bool(b, "enable_dns64", aws_xml_bool(s, "enableDns64", 0));
    tf_objb_i64(b, "enable_lni_at_device_index", aws_xml_int(s, "enableLniAtDeviceIndex", 0));
    tf_objb_bool(b, "ipv6_native", aws_xml_bool(s, "ipv6Native", 0));
    tf_objb_bool(b, "map_customer_owned_ip_on_launch",
                 aws_xml_bool(s, "mapCustomerOwnedIpOnLaunch", 0));
    tf_objb_bool(b, "map_public_ip_on_launch", aws_xml_bool(s, "mapPublicIpOnLaunch", 0));
    const aws_xml_node *v6 = subnet_ipv6_assoc(s);
    subnet_state_str(b, v6, "ipv6_cidr_block_association_id", "associationId");
    subnet_state_str(b, v6, "ipv6_cidr_block", "ipv6CidrBlock");
    tf_objb_bool(b, "enable_resource_name_dns_aaaa_record_on_launch",
                 aws_xml_bool(s, SA_DNS_AAAA.xml, 0));
    tf_objb_bool(b, "enable_resource_name_dns_a_record_on_launch",
                 aws_xml_bool(s, SA_DNS_A.xml, 0));
    subnet_state_str(b, s, "private_dns_hostname_type_on_launch", SA_HOSTNAME.xml);
}

/* Reads the subnet into a state based on base.  A null value when it is
 * gone, NULL on error; is_new retries "not found" while the id propagates. */
static const tf_value *subnet_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                      const char *id, int is_new)
{
    tf_arena *a = ctx->arena;
    const aws_xml_node *s;
    aws_error err;
    int rc = ec2_find_fresh(ec2_find_subnet, m->client, a, ctx->stop, id, is_new,
                            SUBNET_PROPAGATION_S, &s, &err);
    if (rc == EC2_NOT_FOUND && !is_new)
        return tf_null(a, base->type);
    if (rc != EC2_FOUND) {
        aws_diag(ctx, &err, "reading EC2 Subnet (%s)", id);
        return NULL;
    }
    tf_objb b;
    tf_objb_init(&b, a, base->type, base);
    tf_objb_str(&b, "id", id);
    ec2_subnet_state_fields(&b, s);
    size_t n;
    aws_kv *kv = ec2_tags_from_xml(a, s, &n);
    aws_tags_set_state(&b, m, kv, n, tf_get(base, "tags"));
    return tf_objb_done(&b);
}

/* ---- plan ---- */

/* hashicorp's ForceNewIf: changing the IPv6 block of a subnet that assigns
 * IPv6 addresses on creation replaces it; then tags_all. */
static void subnet_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    tf_arena *a = ctx->arena;
    if (tf_is_null(req->planned))
        return;
    if (!tf_is_null(req->prior) &&
        !tf_value_equal(tf_get(req->prior, "ipv6_cidr_block"),
                        tf_get(req->planned, "ipv6_cidr_block")) &&
        tf_get_bool(req->prior, "assign_ipv6_address_on_creation", false))
        tf_plan_add_replace(a, req, tf_path_attr(a, tf_path_root(a), "ipv6_cidr_block"));
    aws_tags_plan(ctx, req);
}

/* ---- create / read / update / delete ---- */

static bool subnet_differs(tf_arena *a, const aws_xml_node *s, const tf_value *planned,
                           const subnet_attr *at, const char **want)
{
    *want = subnet_plan_text(a, planned, at);
    return strcmp(*want, subnet_attr_text(s, at)) != 0;
}

/* hashicorp's modifySubnetAttributesOnCreate: only what differs from the
 * subnet EC2 made, IPv6 assignment and DNS64 switched off before and on
 * after the IPv6 block changes. */
static int subnet_attrs_on_create(tf_ctx *ctx, aws_client *c, const char *id,
                                  const aws_xml_node *s, const tf_value *planned)
{
    tf_arena *a = ctx->arena;
    const char *want;
    if (subnet_differs(a, s, planned, &SA_ASSIGN_IPV6, &want) && strcmp(want, "false") == 0 &&
        subnet_attr_set(ctx, c, id, &SA_ASSIGN_IPV6, want, NULL) != 0)
        return -1;
    if (subnet_differs(a, s, planned, &SA_DNS64, &want) && strcmp(want, "false") == 0 &&
        subnet_attr_set(ctx, c, id, &SA_DNS64, want, NULL) != 0)
        return -1;
    const aws_xml_node *v6 = subnet_ipv6_assoc(s);
    const char *old6 = v6 ? aws_xml_text(v6, "ipv6CidrBlock") : NULL;
    const char *new6 = tf_get_str(planned, "ipv6_cidr_block", "");
    if (strcmp(old6 ? old6 : "", new6) != 0 &&
        subnet_ipv6_modify(ctx, c, id, v6 ? aws_xml_text(v6, "associationId") : NULL, new6) != 0)
        return -1;
    if (subnet_differs(a, s, planned, &SA_ASSIGN_IPV6, &want) && strcmp(want, "true") == 0 &&
        subnet_attr_set(ctx, c, id, &SA_ASSIGN_IPV6, want, NULL) != 0)
        return -1;
    const char *pool = tf_get_str(planned, "customer_owned_ipv4_pool", "");
    const char *old_pool = aws_xml_text(s, "customerOwnedIpv4Pool");
    if ((subnet_differs(a, s, planned, &SA_MAP_COIP, &want) ||
         strcmp(pool, old_pool ? old_pool : "") != 0) &&
        subnet_attr_set(ctx, c, id, &SA_MAP_COIP, want, pool) != 0)
        return -1;
    if (subnet_differs(a, s, planned, &SA_DNS64, &want) && strcmp(want, "true") == 0 &&
        subnet_attr_set(ctx, c, id, &SA_DNS64, want, NULL) != 0)
        return -1;
    if (subnet_differs(a, s, planned, &SA_LNI, &want) && strcmp(want, "0") != 0 &&
        subnet_attr_set(ctx, c, id, &SA_LNI, want, NULL) != 0)
        return -1;
    if (subnet_differs(a, s, planned, &SA_DNS_AAAA, &want) &&
        subnet_attr_set(ctx, c, id, &SA_DNS_AAAA, want, NULL) != 0)
        return -1;
    if (subnet_differs(a, s, planned, &SA_DNS_A, &want) &&
        subnet_attr_set(ctx, c, id, &SA_DNS_A, want, NULL) != 0)
        return -1;
    if (subnet_differs(a, s, planned, &SA_HOSTNAME, &want) && want[0] &&
        subnet_attr_set(ctx, c, id, &SA_HOSTNAME, want, NULL) != 0)
        return -1;
    if (subnet_differs(a, s, planned, &SA_MAP_PUBLIC, &want) &&
        subnet_attr_set(ctx, c, id, &SA_MAP_PUBLIC, want, NULL) != 0)
        return -1;
    return 0;
}

static aws_wait_status subnet_available_poll(void *ud, char *state, size_t state_len,
                                             aws_error *err)
{
    subnet_wait *w = ud;
    const aws_xml_node *s;
    int rc = ec2_find_subnet(w->c, w->ctx->arena, w->ctx->stop, w->id, &s, err);
    if (rc == EC2_NOT_FOUND)
        return AWS_WAIT_CONTINUE;
    if (rc != EC2_FOUND)
        return AWS_WAIT_FAIL;
    const char *st = aws_xml_text(s, "state");
    snprintf(state, state_len, "%s", st ? st : "");
    if (!st || strcmp(st, "available") != 0)
        return AWS_WAIT_CONTINUE;
    w->item = s;
    return AWS_WAIT_DONE;
}

static const tf_value *subnet_partial(tf_ctx *ctx, const tf_value *planned, const char *id)
{
    return tf_object_with(ctx->arena, planned, "id", tf_string(ctx->arena, id));
}

static const tf_value *subnet_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "VpcId", tf_get_str(planned, "vpc_id", NULL));
    const char *az = tf_get_str(planned, "availability_zone", "");
    if (az[0])
        aws_params_add(p, "AvailabilityZone", az);
    const char *azid = tf_get_str(planned, "availability_zone_id", "");
    if (azid[0])
        aws_params_add(p, "AvailabilityZoneId", azid);
    const char *cidr = tf_get_str(planned, "cidr_block", "");
    if (cidr[0])
        aws_params_add(p, "CidrBlock", cidr);
    const char *v6 = tf_get_str(planned, "ipv6_cidr_block", "");
    if (v6[0])
        aws_params_add(p, "Ipv6CidrBlock", v6);
    if (tf_get_bool(planned, "ipv6_native", false))
        aws_params_add(p, "Ipv6Native", "true");
    const char *outpost = tf_get_str(planned, "outpost_arn", "");
    if (outpost[0])
        aws_params_add(p, "OutpostArn", outpost);
    size_t nt;
    aws_kv *tags = aws_tags_from_map(a, tf_get(planned, "tags_all"), &nt);
    ec2_tag_specs(p, 1, "subnet", tags, nt);
    /* A subnet's CIDR blocks are unique within its VPC. */
    ec2_lookup lk;
    ec2_lookup_init(&lk, m->client, ctx->stop, "DescribeSubnets", "subnetSet/item", "subnetId");
    ec2_lookup_filter(&lk, "vpc-id", tf_get_str(planned, "vpc_id", NULL));
    ec2_lookup_filter(&lk, "cidr-block", cidr);
    if (!cidr[0])
        ec2_lookup_filter(&lk, "ipv6-cidr-block-association.ipv6-cidr-block", v6);
    aws_create_once once = {.service = "ec2", .operation = "CreateSubnet",
                            .lookup = ec2_lookup_ids, .ud = &lk};
    aws_xml_node *out;
    const char *adopted;
    aws_error err;
    if (aws_create_once_query(m->client, a, ctx->stop, &once, p, &out, &adopted, &err) != 0) {
        aws_diag(ctx, &err, "creating EC2 Subnet");
        return NULL;
    }
    const char *id = adopted ? adopted : aws_xml_text(out, "subnet/subnetId");
    if (!id) {
        tf_diag_error(ctx->diags, NULL, "creating EC2 Subnet: no subnet ID in the answer",
                      "CreateSubnet succeeded but returned no subnetId.");
        return NULL;
    }
    subnet_wait w = {.c = m->client, .ctx = ctx, .id = id};
    if (aws_wait(ctx->stop, aws_timeout(planned, "create", SUBNET_CREATE_S),
                 subnet_available_poll, &w, &err) != 0) {
        aws_diag(ctx, &err, "waiting for EC2 Subnet (%s) create", id);
        return subnet_partial(ctx, planned, id);
    }
    const aws_xml_node *s = w.item;
    for (const aws_xml_node *v = aws_xml_first(s, "ipv6CidrBlockAssociationSet/item"); v;
         v = aws_xml_next(v)) {
        const char *st = aws_xml_text(v, "ipv6CidrBlockState/state");
        const char *aid = aws_xml_text(v, "associationId");
        if (st && aid && strcmp(st, "associating") == 0) {
            if (subnet_assoc_wait(ctx, m->client, id, aid, "associated") != 0)
                return subnet_partial(ctx, planned, id);
            break;
        }
    }
    if (subnet_attrs_on_create(ctx, m->client, id, s, planned) != 0)
        return subnet_partial(ctx, planned, id);
    const tf_value *st = subnet_refresh(ctx, m, planned, id, 1);
    return st && !tf_is_null(st) ? st : subnet_partial(ctx, planned, id);
}

static const tf_value *subnet_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    return subnet_refresh(ctx, m, state, tf_get_str(state, "id", ""), 0);
}

static bool subnet_changed(const tf_value *prior, const tf_value *planned, const char *name)
{
    return !tf_value_equal(tf_get(prior, name), tf_get(planned, name));
}

/* One ModifySubnetAttribute when the attribute's planned value changed. */
static int subnet_update_attr(tf_ctx *ctx, aws_client *c, const char *id, const tf_value *prior,
                              const tf_value *planned, const subnet_attr *at)
{
    if (!subnet_changed(prior, planned, at->field))
        return 0;
    return subnet_attr_set(ctx, c, id, at, subnet_plan_text(ctx->arena, planned, at), NULL);
}

static const tf_value *subnet_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    aws_client *c = m->client;
    const char *id = tf_get_str(prior, "id", "");
    if ((subnet_changed(prior, planned, "customer_owned_ipv4_pool") ||
         subnet_changed(prior, planned, "map_customer_owned_ip_on_launch")) &&
        subnet_attr_set(ctx, c, id, &SA_MAP_COIP, subnet_plan_text(a, planned, &SA_MAP_COIP),
                        tf_get_str(planned, "customer_owned_ipv4_pool", "")) != 0)
        return NULL;
    bool dns64 = tf_get_bool(planned, "enable_dns64", false);
    bool assign6 = tf_get_bool(planned, "assign_ipv6_address_on_creation", false);
    if (!dns64 && subnet_update_attr(ctx, c, id, prior, planned, &SA_DNS64) != 0)
        return NULL;
    if (subnet_update_attr(ctx, c, id, prior, planned, &SA_LNI) != 0 ||
        subnet_update_attr(ctx, c, id, prior, planned, &SA_DNS_AAAA) != 0 ||
        subnet_update_attr(ctx, c, id, prior, planned, &SA_DNS_A) != 0 ||
        subnet_update_attr(ctx, c, id, prior, planned, &SA_MAP_PUBLIC) != 0)
        return NULL;
    if (subnet_changed(prior, planned, "private_dns_hostname_type_on_launch") &&
        tf_get_str(planned, "private_dns_hostname_type_on_launch", "")[0] &&
        subnet_update_attr(ctx, c, id, prior, planned, &SA_HOSTNAME) != 0)
        return NULL;
    if (!assign6 && subnet_update_attr(ctx, c, id, prior, planned, &SA_ASSIGN_IPV6) != 0)
        return NULL;
    if (subnet_changed(prior, planned, "ipv6_cidr_block") &&
        subnet_ipv6_modify(ctx, c, id, tf_get_str(prior, "ipv6_cidr_block_association_id", ""),
                           tf_get_str(planned, "ipv6_cidr_block", "")) != 0)
        return NULL;
    if (assign6 && subnet_update_attr(ctx, c, id, prior, planned, &SA_ASSIGN_IPV6) != 0)
        return NULL;
    if (dns64 && subnet_update_attr(ctx, c, id, prior, planned, &SA_DNS64) != 0)
        return NULL;
    aws_error err;
    if (subnet_changed(prior, planned, "tags_all") &&
        ec2_update_tags(c, a, ctx->stop, id, tf_get(prior, "tags_all"),
                        tf_get(planned, "tags_all"), &err) != 0) {
        aws_diag(ctx, &err, "updating EC2 Subnet (%s) tags", id);
        return NULL;
    }
    const tf_value *st = subnet_refresh(ctx, m, planned, id, 0);
    if (st && tf_is_null(st)) {
        tf_diag_error(ctx->diags, NULL, "updating EC2 Subnet: not found",
                      "EC2 Subnet (%s) disappeared while it was being updated.", id);
        return NULL;
    }
    return st;
}

static void subnet_delete(tf_ctx *ctx, const tf_value *prior)
{
    static const char *const busy[] = {"DependencyViolation", NULL};
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(prior, "id", "");
    double timeout = aws_timeout(prior, "delete", SUBNET_DELETE_S);
    /* Interfaces Lambda, Comprehend or DMS left in the subnet would hold it. */
    if (ec2_delete_lingering_enis(ctx, m->client, "subnet-id", id, timeout,
                                  tf_arena_printf(a, "deleting ENIs for EC2 Subnet (%s)", id)) != 0)
        return;
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "SubnetId", id);
    aws_xml_node *out;
    aws_error err;
    int rc = aws_query_call(m->client, a, ctx->stop, "ec2", "DeleteSubnet", p, &out, &err);
    if (rc != 0 && aws_error_is(&err, "DependencyViolation")) {
        /* GuardDuty's endpoint may be what holds the subnet: take the subnet
         * out of it (best effort), then keep trying. */
        int changed;
        aws_error gerr;
        if (ec2_guardduty_release_subnet(m->client, a, ctx->stop, tf_get_str(prior, "vpc_id", ""),
                                         id, &changed, &gerr) != 0)
            tf_diag_warn(ctx->diags, NULL, "EC2 Subnet: GuardDuty cleanup failed",
                         "Removing EC2 Subnet (%s) from GuardDuty's VPC endpoints failed (%s); "
                         "deleting the subnet is retried anyway.", id,
                         aws_error_string(&gerr, a));
        rc = ec2_call_retry(m->client, a, ctx->stop, "DeleteSubnet", p, &out, timeout, busy,
                            &err);
    }
    if (rc != 0 && !aws_error_is(&err, "InvalidSubnetID.NotFound"))
        aws_diag(ctx, &err, "deleting EC2 Subnet (%s)", id);
}

const tf_resource_def aws_ec2_subnet_def = {
    .type_name = "aws_subnet",
    .version = 1,
    .schema = &aws_schema_resource_aws_subnet,
    .validate = subnet_validate,
    .modify_plan = subnet_modify_plan,
    .create = subnet_create,
    .read = subnet_read,
    .update = subnet_update,
    .delete = subnet_delete,
};

/* vpc_endpoint.c - aws_vpc_endpoint, as hashicorp/aws 5.100.0 manages it.
 *
 * CreateVpcEndpoint (a ClientToken; tags on create; DnsOptions with
 * PrivateDnsOnlyForInboundResolverEndpoint only for an S3 Interface
 * endpoint), then waited for available (or pendingAcceptance).  Read:
 * DescribeVpcEndpoints; cidr_blocks/prefix_list_id from the service's
 * AWS-managed prefix list when there is one; subnet_configuration from the
 * endpoint's network interfaces; the policy kept as configured while
 * equivalent.  Update: ModifyVpcEndpoint with the added/removed route
 * tables, subnets and groups, then waited for available.  Delete:
 * DeleteVpcEndpoints (Unsuccessful items are errors; NotFound is done), then
 * waited until gone.  Import by id. */

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "ec2_find.h"
#include "ec2_object.h"
#include "ec2_tags.h"
#include "iam/iam_common.h"
#include "iam/policy_json.h"
#include "provider_meta.h"
#include "resources.h"
#include "tags.h"
#include "value_build.h"

#define VPCE_TIMEOUT_S (10 * 60.0)
#define VPCE_PROPAGATION_S (2 * 60.0)
#define VPCE_WHAT "VPC Endpoint"
#define VPCE_SCHEMA aws_schema_resource_aws_vpc_endpoint

/* findVPCEndpointByID: an endpoint in state deleted is not found. */
static int vpce_find(aws_client *c, tf_arena *a, const volatile int *stop, const char *id,
                     const aws_xml_node **e, aws_error *err)
{
    int rc = ec2_find_by_id(c, a, stop, "DescribeVpcEndpoints", "VpcEndpointId.1",
                            "InvalidVpcEndpointId.NotFound", "vpcEndpointSet/item",
                            "vpcEndpointId", id, e, err);
    if (rc == EC2_FOUND) {
        const char *st = aws_xml_text(*e, "state");
        if (st && strcasecmp(st, "deleted") == 0)
            return EC2_NOT_FOUND;
    }
    return rc;
}

static const tf_value *vpce_items(tf_arena *a, const aws_xml_node *n, const char *path,
                                  const char *field, bool list)
{
    size_t cnt = 0;
    for (const aws_xml_node *v = aws_xml_first(n, path); v; v = aws_xml_next(v))
        cnt++;
    const char **s = tf_arena_calloc(a, cnt + 1, sizeof *s);
    size_t k = 0;
    for (const aws_xml_node *v = aws_xml_first(n, path); v; v = aws_xml_next(v)) {
        const char *t = aws_xml_text(v, field);
        if (t)
            s[k++] = t;
    }
    return list ? tf_string_list(a, s, k) : tf_string_set(a, s, k);
}

/* The object type of a block's elements (list/set block values). */
static const tf_type *vpce_elem_type(const tf_value *block_value)
{
    return block_value->type->elem;
}

static int vpce_refresh_extras(tf_ctx *ctx, const aws_meta *m, const aws_xml_node *e,
                               const char *service, tf_objb *b, const tf_value *base)
{
    tf_arena *a = ctx->arena;
    aws_error err;
    /* findPrefixListByName(service name) */
    const tf_value *cidrs = tf_string_list(a, NULL, 0);
    if (service && *service) {
        aws_params *p = aws_params_new(a);
        aws_params_add(p, "Filter.1.Name", "prefix-list-name");
        aws_params_add(p, "Filter.1.Value.1", service);
        aws_xml_node *out;
        if (aws_query_call(m->client, a, ctx->stop, "ec2", "DescribePrefixLists", p, &out,
                           &err) != 0) {
            if (!aws_error_is_not_found(&err)) {
                aws_diag(ctx, &err, "reading EC2 Prefix List (%s)", service);
                return -1;
            }
        } else {
            const aws_xml_node *pl = aws_xml_first(out, "prefixListSet/item");
            if (pl) {
                cidrs = vpce_items(a, pl, "cidrSet/item", NULL, true);
                tf_objb_str(b, "prefix_list_id", aws_xml_text(pl, "prefixListId"));
            }
        }
    }
    tf_objb_set(b, "cidr_blocks", cidrs);
    /* findSubnetConfigurationsByNetworkInterfaceIDs */
    const tf_value *sc_null = tf_get(base, "subnet_configuration");
    const tf_type *sc_type = sc_null->type;
    const tf_type *et = vpce_elem_type(sc_null);
    size_t n = 0;
    for (const aws_xml_node *v = aws_xml_first(e, "networkInterfaceIdSet/item"); v;
         v = aws_xml_next(v))
        n++;
    const tf_value **items = tf_arena_calloc(a, n + 1, sizeof *items);
    size_t k = 0;
    for (const aws_xml_node *v = aws_xml_first(e, "networkInterfaceIdSet/item"); v;
         v = aws_xml_next(v)) {
        const char *eni = aws_xml_text(v, NULL);
        if (!eni)
            continue;
        const aws_xml_node *ni;
        int rc = ec2_find_by_id(m->client, a, ctx->stop, "DescribeNetworkInterfaces",
                                "NetworkInterfaceId.1", "InvalidNetworkInterfaceID.NotFound",
                                "networkInterfaceSet/item", "networkInterfaceId", eni, &ni, &err);
        if (rc != EC2_FOUND) {
            if (rc == EC2_NOT_FOUND)
                aws_error_set(&err, AWS_ERR_RESPONSE, "NotFound",
                              "EC2 Network Interface %s not found", eni);
            aws_diag(ctx, &err, "reading VPC Endpoint (%s) subnet configurations",
                     tf_get_str(base, "id", ""));
            return -1;
        }
        tf_objb eb;
        tf_objb_init(&eb, a, et, NULL);
        static const char *const f[][2] = {
            {"ipv4", "privateIpAddress"}, {"ipv6", "ipv6Address"}, {"subnet_id", "subnetId"}};
        for (size_t j = 0; j < 3; j++) {
            const char *t = aws_xml_text(ni, f[j][1]);
            tf_objb_str(&eb, f[j][0], t ? t : "");
        }
        items[k++] = tf_objb_done(&eb);
    }
    tf_objb_set(b, "subnet_configuration",
                k ? tf_set(a, et, k, items) : tf_null(a, sc_type));
    return 0;
}

static const tf_value *vpce_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                    bool is_new)
{
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(base, "id", "");
    const aws_xml_node *e;
    const tf_value *miss;
    if (ec2_object_read(ctx, m, vpce_find, VPCE_WHAT, base, VPCE_SCHEMA.ctype, is_new,
                        VPCE_PROPAGATION_S, &e, &miss) != EC2_FOUND)
        return miss;
    tf_objb b;
    tf_objb_init(&b, a, VPCE_SCHEMA.ctype, base);
    const char *owner = aws_xml_text(e, "ownerId");
    owner = owner ? owner : m->account_id;
    tf_objb_str(&b, "id", id);
    tf_objb_str(&b, "arn", tf_arena_printf(a, "arn:%s:ec2:%s:%s:vpc-endpoint/%s", m->partition,
                                           m->region, owner, id));
    /* dns_entry */
    const tf_value *de = tf_get(base, "dns_entry");
    const tf_type *de_et = de->type->elem;
    size_t nd = 0;
    for (const aws_xml_node *v = aws_xml_first(e, "dnsEntrySet/item"); v; v = aws_xml_next(v))
        nd++;
    const tf_value **des = tf_arena_calloc(a, nd + 1, sizeof *des);
    size_t kd = 0;
    for (const aws_xml_node *v = aws_xml_first(e, "dnsEntrySet/item"); v; v = aws_xml_next(v)) {
        tf_objb eb;
        tf_objb_init(&eb, a, de_et, NULL);
        tf_objb_str(&eb, "dns_name", aws_xml_text(v, "dnsName"));
        tf_objb_str(&eb, "hosted_zone_id", aws_xml_text(v, "hostedZoneId"));
        des[kd++] = tf_objb_done(&eb);
    }
    tf_objb_set(&b, "dns_entry", tf_list(a, de_et, kd, des));
    /* dns_options */
    const tf_value *dopt = tf_get(base, "dns_options");
    const aws_xml_node *dn = aws_xml_child(e, "dnsOptions");
    if (dn) {
        const tf_type *et = dopt->type->elem;
        tf_objb eb;
        tf_objb_init(&eb, a, et, NULL);
        const char *ipt = aws_xml_text(dn, "dnsRecordIpType");
        tf_objb_str(&eb, "dns_record_ip_type", ipt ? ipt : "");
        const char *only = aws_xml_text(dn, "privateDnsOnlyForInboundResolverEndpoint");
        if (only)
            tf_objb_bool(&eb, "private_dns_only_for_inbound_resolver_endpoint",
                         strcmp(only, "true") == 0);
        const tf_value *one = tf_objb_done(&eb);
        tf_objb_set(&b, "dns_options", tf_list(a, et, 1, &one));
    } else {
        tf_objb_set(&b, "dns_options", tf_list(a, dopt->type->elem, 0, NULL));
    }
    const char *ipat = aws_xml_text(e, "ipAddressType");
    tf_objb_str(&b, "ip_address_type", ipat ? ipat : "");
    tf_objb_set(&b, "network_interface_ids",
                vpce_items(a, e, "networkInterfaceIdSet/item", NULL, false));
    tf_objb_str(&b, "owner_id", owner);
    tf_objb_bool(&b, "private_dns_enabled", aws_xml_bool(e, "privateDnsEnabled", 0));
    tf_objb_bool(&b, "requester_managed", aws_xml_bool(e, "requesterManaged", 0));
    const char *rca = aws_xml_text(e, "resourceConfigurationArn");
    tf_objb_str(&b, "resource_configuration_arn", rca ? rca : "");
    tf_objb_set(&b, "route_table_ids", vpce_items(a, e, "routeTableIdSet/item", NULL, false));
    tf_objb_set(&b, "security_group_ids", vpce_items(a, e, "groupSet/item", "groupId", false));
    const char *sna = aws_xml_text(e, "serviceNetworkArn");
    tf_objb_str(&b, "service_network_arn", sna ? sna : "");
    const char *sreg = aws_xml_text(e, "serviceRegion");
    tf_objb_str(&b, "service_region", sreg ? sreg : "");
    const char *st = aws_xml_text(e, "state");
    tf_objb_str(&b, "state", st ? st : "");
    tf_objb_set(&b, "subnet_ids", vpce_items(a, e, "subnetIdSet/item", NULL, false));
    const char *type = aws_xml_text(e, "vpcEndpointType");
    tf_objb_str(&b, "vpc_endpoint_type", type && *type ? type : "Gateway");
    tf_objb_str(&b, "vpc_id", aws_xml_text(e, "vpcId"));
    const char *service = aws_xml_text(e, "serviceName");
    tf_objb_str(&b, "service_name", service);
    if (vpce_refresh_extras(ctx, m, e, service, &b, base) != 0)
        return is_new ? base : NULL;
    /* verify.SecondJSONUnlessEquivalent + NormalizeJsonString */
    const char *remote = aws_xml_text(e, "policyDocument");
    const char *mine = tf_get_str(base, "policy", "");
    if (remote && *remote)
        tf_objb_str(&b, "policy", iam_policy_to_set(a, mine, remote, false));
    else
        tf_objb_str(&b, "policy", "");
    size_t nt;
    aws_kv *tags = ec2_tags_from_xml(a, e, &nt);
    aws_tags_set_state(&b, m, tags, nt, tf_get(base, "tags"));
    return tf_objb_done(&b);
}

static bool vpce_is_s3(const char *service)
{
    const char *p = strncmp(service, "com.amazonaws.", 14) == 0 ? service + 14 : NULL;
    if (!p)
        return false;
    const char *dot = strchr(p, '.');
    return dot && dot != p && strcmp(dot, ".s3") == 0;
}

static void vpce_dns_options(aws_params *p, const tf_value *planned)
{
    const tf_value *d = tf_get(planned, "dns_options");
    if (!tf_is_known(d) || d->u.coll.n == 0 || tf_is_null(d->u.coll.items[0]))
        return;
    const tf_value *o = d->u.coll.items[0];
    const char *ipt = tf_get_str(o, "dns_record_ip_type", "");
    if (*ipt)
        aws_params_add(p, "DnsOptions.DnsRecordIpType", ipt);
    if (vpce_is_s3(tf_get_str(planned, "service_name", "")) &&
        strcmp(tf_get_str(planned, "vpc_endpoint_type", ""), "Interface") == 0) {
        const tf_value *only = tf_get(o, "private_dns_only_for_inbound_resolver_endpoint");
        aws_params_add(p, "DnsOptions.PrivateDnsOnlyForInboundResolverEndpoint",
                       tf_is_known(only) && only->u.b ? "true" : "false");
    }
}

/* The elements of string set x not in set y (all of x when y is NULL) as
 * Prefix.N params, in the order SDKv2's Set.List() gives them (AWS keeps
 * that order, e.g. for an endpoint's subnets and their DNS entries). */
static void vpce_add_diff(tf_arena *a, aws_params *p, const char *prefix, const tf_value *x,
                          const tf_value *y)
{
    if (!tf_is_known(x))
        return;
    const char **keep = tf_arena_calloc(a, x->u.coll.n + 1, sizeof *keep);
    size_t n = 0;
    for (size_t i = 0; i < x->u.coll.n; i++) {
        const char *s = x->u.coll.items[i]->u.str.ptr;
        bool in = false;
        for (size_t j = 0; tf_is_known(y) && j < y->u.coll.n && !in; j++)
            in = strcmp(y->u.coll.items[j]->u.str.ptr, s) == 0;
        if (!in)
            keep[n++] = s;
    }
    size_t *order = tf_arena_calloc(a, n + 1, sizeof *order);
    pj_sdk_set_order(a, keep, order, n);
    for (size_t i = 0; i < n; i++)
        aws_params_add(p, aws_params_key(p, "%s.%zu", prefix, i + 1), keep[order[i]]);
}

static void vpce_add_set(tf_arena *a, aws_params *p, const char *prefix, const tf_value *set)
{
    vpce_add_diff(a, p, prefix, set, NULL);
}

static void vpce_subnet_configs(aws_params *p, const tf_value *set)
{
    if (!tf_is_known(set))
        return;
    for (size_t i = 0; i < set->u.coll.n; i++) {
        const tf_value *c = set->u.coll.items[i];
        static const char *const f[][2] = {
            {"ipv4", "Ipv4"}, {"ipv6", "Ipv6"}, {"subnet_id", "SubnetId"}};
        for (size_t j = 0; j < 3; j++) {
            const char *v = tf_get_str(c, f[j][0], "");
            if (*v)
                aws_params_add(p, aws_params_key(p, "SubnetConfiguration.%zu.%s", i + 1,
                                                 f[j][1]), v);
        }
    }
}

typedef struct vpce_wait {
    tf_ctx *ctx;
    const aws_meta *m;
    const char *id;
} vpce_wait;

/* waitVPCEndpointAvailable: pending -> available | pendingAcceptance. */
static aws_wait_status vpce_available_poll(void *ud, char *state, size_t len, aws_error *err)
{
    vpce_wait *w = ud;
    const aws_xml_node *e;
    int rc = vpce_find(w->m->client, w->ctx->arena, w->ctx->stop, w->id, &e, err);
    if (rc < 0)
        return AWS_WAIT_FAIL;
    const char *st = rc == EC2_FOUND ? aws_xml_text(e, "state") : NULL;
    snprintf(state, len, "%s", st ? st : "not found");
    if (!st || strcasecmp(st, "pending") == 0)
        return AWS_WAIT_CONTINUE;
    if (strcasecmp(st, "available") == 0 || strcasecmp(st, "pendingAcceptance") == 0)
        return AWS_WAIT_DONE;
    const char *msg = aws_xml_text(e, "lastError/message");
    aws_error_set(err, AWS_ERR_API, "ResourceNotReady",
                  "unexpected state '%s', wanted target 'available, pendingAcceptance'%s%s", st,
                  msg ? ". last error: " : "", msg ? msg : "");
    return AWS_WAIT_FAIL;
}

static void vpce_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->planned))
        return;
    iam_plan_policy(ctx, req, "policy", false);
    aws_tags_plan(ctx, req);
    req->legacy_type_system = true; /* SDKv2: the policy's StateFunc */
    tf_arena *a = ctx->arena;
    bool create = tf_is_null(req->prior);
    /* dns_options: SuppressMissingOptionalConfigurationBlock (optional and
     * computed: left out, the prior value stays; unknown on create) */
    const tf_value *cd = tf_get(req->config, "dns_options");
    if (tf_is_known(cd) && cd->u.coll.n == 0) {
        const tf_value *pd = tf_get(req->planned, "dns_options");
        req->planned = tf_object_with(a, req->planned, "dns_options",
                                      create ? tf_unknown(a, pd->type)
                                             : tf_get(req->prior, "dns_options"));
    }
    const tf_value *cs = tf_get(req->config, "subnet_configuration");
    if (tf_is_known(cs) && cs->u.coll.n == 0) {
        const tf_value *ps = tf_get(req->planned, "subnet_configuration");
        req->planned = tf_object_with(a, req->planned, "subnet_configuration",
                                      create ? tf_unknown(a, ps->type)
                                             : tf_get(req->prior, "subnet_configuration"));
    }
    /* hashicorp/aws 5.100.0 has no CustomizeDiff here: network_interface_ids
     * keeps its prior value when the subnets change (the apply's read
     * brings the new ones) */
}

static const tf_value *vpce_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *service = tf_get_str(planned, "service_name", "");
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "PrivateDnsEnabled",
                   tf_get_bool(planned, "private_dns_enabled", false) ? "true" : "false");
    aws_params_add(p, "VpcEndpointType", tf_get_str(planned, "vpc_endpoint_type", "Gateway"));
    aws_params_add(p, "VpcId", tf_get_str(planned, "vpc_id", ""));
    vpce_dns_options(p, planned);
    static const char *const strs[][2] = {
        {"ip_address_type", "IpAddressType"}, {"policy", "PolicyDocument"},
        {"resource_configuration_arn", "ResourceConfigurationArn"},
        {"service_name", "ServiceName"}, {"service_network_arn", "ServiceNetworkArn"},
        {"service_region", "ServiceRegion"}};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++) {
        const char *v = tf_get_str(planned, strs[i][0], "");
        if (*v)
            aws_params_add(p, strs[i][1], v);
    }
    vpce_add_set(a, p, "RouteTableId", tf_get(planned, "route_table_ids"));
    vpce_add_set(a, p, "SecurityGroupId", tf_get(planned, "security_group_ids"));
    vpce_subnet_configs(p, tf_get(planned, "subnet_configuration"));
    vpce_add_set(a, p, "SubnetId", tf_get(planned, "subnet_ids"));
    size_t n;
    aws_kv *tags = aws_tags_from_map(a, tf_get(planned, "tags_all"), &n);
    ec2_tag_specs(p, 1, "vpc-endpoint", tags, n);
    aws_create_once once = {.service = "ec2", .operation = "CreateVpcEndpoint"};
    aws_xml_node *out;
    const char *id = ec2_object_create(ctx, m, &once, p, "vpcEndpoint/vpcEndpointId",
                                       tf_arena_printf(a, "EC2 VPC Endpoint (%s)", service),
                                       &out);
    if (!id)
        return NULL;
    const tf_value *state = tf_object_with(a, planned, "id", tf_string(a, id));
    vpce_wait w = {.ctx = ctx, .m = m, .id = id};
    aws_error err;
    if (aws_wait(ctx->stop, aws_timeout(planned, "create", VPCE_TIMEOUT_S), vpce_available_poll,
                 &w, &err) != 0)
        aws_diag(ctx, &err, "waiting for EC2 VPC Endpoint (%s) create", service);
    return vpce_refresh(ctx, m, state, true);
}

static const tf_value *vpce_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    return m ? vpce_refresh(ctx, m, state, false) : NULL;
}

static bool vpce_changed(const tf_value *x, const tf_value *y, const char *name)
{
    return !tf_value_equal(tf_get(x, name), tf_get(y, name));
}

static const tf_value *vpce_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(prior, "id", "");
    static const char *const watched[] = {"dns_options", "ip_address_type", "policy",
                                          "private_dns_enabled", "security_group_ids",
                                          "route_table_ids", "subnet_configuration",
                                          "subnet_ids"};
    bool any = false;
    for (size_t i = 0; i < sizeof watched / sizeof watched[0]; i++)
        any = any || vpce_changed(prior, planned, watched[i]);
    if (any) {
        aws_params *p = aws_params_new(a);
        aws_params_add(p, "VpcEndpointId", id);
        bool dns_sent = false;
        if (vpce_changed(prior, planned, "dns_options")) {
            vpce_dns_options(p, planned);
            dns_sent = true;
        }
        if (vpce_changed(prior, planned, "ip_address_type"))
            aws_params_add(p, "IpAddressType", tf_get_str(planned, "ip_address_type", ""));
        if (vpce_changed(prior, planned, "private_dns_enabled")) {
            bool on = tf_get_bool(planned, "private_dns_enabled", false);
            aws_params_add(p, "PrivateDnsEnabled", on ? "true" : "false");
            if (on && !dns_sent)
                vpce_dns_options(p, planned);
        }
        static const char *const sets[][3] = {
            {"route_table_ids", "AddRouteTableId", "RemoveRouteTableId"},
            {"security_group_ids", "AddSecurityGroupId", "RemoveSecurityGroupId"},
            {"subnet_ids", "AddSubnetId", "RemoveSubnetId"}};
        for (size_t i = 0; i < 3; i++) {
            const tf_value *o = tf_get(prior, sets[i][0]), *nw = tf_get(planned, sets[i][0]);
            if (tf_value_equal(o, nw))
                continue;
            vpce_add_diff(a, p, sets[i][1], nw, o);
            vpce_add_diff(a, p, sets[i][2], o, nw);
        }
        if (vpce_changed(prior, planned, "policy")) {
            const char *o = tf_get_str(prior, "policy", ""), *nw = tf_get_str(planned, "policy", "");
            if (!pj_policies_equivalent(a, o, nw)) {
                if (!*nw)
                    aws_params_add(p, "ResetPolicy", "true");
                else
                    aws_params_add(p, "PolicyDocument", nw);
            }
        }
        if (vpce_changed(prior, planned, "subnet_configuration"))
            vpce_subnet_configs(p, tf_get(planned, "subnet_configuration"));
        aws_xml_node *out;
        aws_error err;
        if (aws_query_call(m->client, a, ctx->stop, "ec2", "ModifyVpcEndpoint", p, &out,
                           &err) != 0) {
            aws_diag(ctx, &err, "updating EC2 VPC Endpoint (%s)", id);
            return vpce_refresh(ctx, m, prior, false);
        }
        vpce_wait w = {.ctx = ctx, .m = m, .id = id};
        if (aws_wait(ctx->stop, aws_timeout(planned, "update", VPCE_TIMEOUT_S),
                     vpce_available_poll, &w, &err) != 0) {
            aws_diag(ctx, &err, "waiting for EC2 VPC Endpoint (%s) update", id);
            return vpce_refresh(ctx, m, planned, true);
        }
    }
    if (ec2_object_update_tags(ctx, m, prior, planned, "EC2 VPC Endpoint") != 0)
        return vpce_refresh(ctx, m, prior, false);
    return vpce_refresh(ctx, m, planned, true);
}

static void vpce_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(prior, "id", "");
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "VpcEndpointId.1", id);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, a, ctx->stop, "ec2", "DeleteVpcEndpoints", p, &out, &err) !=
        0) {
        if (aws_error_is(&err, "InvalidVpcEndpoint.NotFound") ||
            aws_error_is(&err, "InvalidVpcEndpointId.NotFound"))
            return;
        aws_diag(ctx, &err, "deleting EC2 VPC Endpoint (%s)", id);
        return;
    }
    /* unsuccessfulItemsError */
    const aws_xml_node *u = aws_xml_first(out, "unsuccessful/item");
    if (u) {
        const char *code = aws_xml_text(u, "error/code");
        const char *msg = aws_xml_text(u, "error/message");
        if (code && strcmp(code, "InvalidVpcEndpoint.NotFound") == 0)
            return;
        aws_error_set(&err, AWS_ERR_API, code ? code : "", "%s", msg ? msg : "");
        aws_diag(ctx, &err, "deleting EC2 VPC Endpoint (%s)", id);
        return;
    }
    if (ec2_object_wait_state(ctx, m, vpce_find, id, NULL,
                              aws_timeout(prior, "delete", VPCE_TIMEOUT_S), &err) != 0)
        aws_diag(ctx, &err, "waiting for EC2 VPC Endpoint (%s) delete", id);
}

const tf_resource_def aws_ec2_vpc_endpoint_def = {
    .type_name = "aws_vpc_endpoint",
    .version = 0,
    .schema = &aws_schema_resource_aws_vpc_endpoint,
    .modify_plan = vpce_modify_plan,
    .create = vpce_create,
    .read = vpce_read,
    .update = vpce_update,
    .delete = vpce_delete,
};

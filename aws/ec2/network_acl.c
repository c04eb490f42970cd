/* network_acl.c - aws_network_acl and aws_default_network_acl: a VPC's
 * stateless subnet firewall, with its rules inline (ingress/egress) and the
 * subnets it guards (subnet_ids).
 *
 * The one idea: EC2 keeps an ACL's rules one entry per (direction, rule
 * number) and every subnet in exactly one ACL of its VPC.  Rules change by
 * deleting the entries only in the old set and creating those only in the
 * new one, compared as hashicorp/aws's set hash compares them (protocol by
 * number, action in any case, unset fields as zero), so "tcp" in the
 * configuration and "6" in the state are the same rule.  A subnet leaves an
 * ACL by moving back to its VPC's default ACL (ReplaceNetworkAclAssociation).
 *
 * aws_default_network_acl adopts the ACL EC2 made with the VPC: on create
 * every rule but the catch-alls is deleted and the configured ones created;
 * subnets are never moved out of it, and destroy leaves the ACL in place
 * (with a warning), as hashicorp/aws does.  The schemas are generated from
 * aws/schema/aws.schema. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "ec2_find.h"
#include "ec2_retry.h"
#include "ec2_tags.h"
#include "network_acl.h"
#include "provider_meta.h"
#include "resources.h"
#include "tags.h"
#include "value_build.h"

/* How long a new ACL may stay invisible, and how long DeleteNetworkAcl is
 * retried on DependencyViolation (ec2PropagationTimeout). */
#define NACL_PROPAGATION (2 * 60.0)

/* ---- protocols ---- */

/* IANA's protocol keywords and numbers, as EC2's network ACLs accept them
 * (the table hashicorp/aws's networkACLProtocolNumber reads). */
static const struct { const char *name; int number; } nacl_protocols[] = {
    {"all", -1}, {"hopopt", 0}, {"icmp", 1}, {"igmp", 2}, {"ggp", 3}, {"ipv4", 4}, {"st", 5},
    {"tcp", 6}, {"cbt", 7}, {"egp", 8}, {"igp", 9}, {"bbn-rcc-mon", 10}, {"nvp-ii", 11},
    {"pup", 12}, {"argus", 13}, {"emcon", 14}, {"xnet", 15}, {"chaos", 16}, {"udp", 17},
    {"mux", 18}, {"dcn-meas", 19}, {"hmp", 20}, {"prm", 21}, {"xns-idp", 22}, {"trunk-1", 23},
    {"trunk-2", 24}, {"leaf-1", 25}, {"leaf-2", 26}, {"rdp", 27}, {"irtp", 28},
    {"iso-tp4", 29}, {"netblt", 30}, {"mfe-nsp", 31}, {"merit-inp", 32}, {"dccp", 33},
    {"3pc", 34}, {"idpr", 35}, {"xtp", 36}, {"ddp", 37}, {"idpr-cmtp", 38}, {"tp++", 39},
    {"il", 40}, {"ipv6", 41}, {"sdrp", 42}, {"ipv6-route", 43}, {"ipv6-frag", 44},
    {"idrp", 45}, {"rsvp", 46}, {"gre", 47}, {"dsr", 48}, {"bna", 49}, {"esp", 50}, {"ah", 51},
    {"i-nlsp", 52}, {"swipe", 53}, {"narp", 54}, {"mobile", 55}, {"tlsp", 56},
    {"ipv6-icmp", 58}, {"ipv6-nonxt", 59}, {"ipv6-opts", 60}, {"61", 61}, {"cftp", 62},
    {"63", 63}, {"sat-expak", 64}, {"kryptolan", 65}, {"rvd", 66}, {"ippc", 67}, {"68", 68},
    {"sat-mon", 69}, {"visa", 70}, {"ipcv", 71}, {"cpnx", 72}, {"cphb", 73}, {"wsn", 74},
    {"pvp", 75}, {"br-sat-mon", 76}, {"sun-nd", 77}, {"wb-mon", 78}, {"wb-expak", 79},
    {"iso-ip", 80}, {"vmtp", 81}, {"secure-vmtp", 82}, {"vines", 83}, {"ttp", 84},
    {"nsfnet-igp", 85}, {"dgp", 86}, {"tcf", 87}, {"eigrp", 88}, {"ospfigp", 89},
    {"sprite-rpc", 90}, {"larp", 91}, {"mtp", 92}, {"ax.25", 93}, {"ipip", 94}, {"micp", 95},
    {"scc-sp", 96}, {"etherip", 97}, {"encap", 98}, {"99", 99}, {"gmtp", 100}, {"ifmp", 101},
    {"pnni", 102}, {"pim", 103}, {"aris", 104}, {"scps", 105}, {"qnx", 106}, {"a/n", 107},
    {"ipcomp", 108}, {"snp", 109}, {"compaq-peer", 110}, {"ipx-in-ip", 111}, {"vrrp", 112},
    {"pgm", 113}, {"114", 114}, {"l2tp", 115}, {"dd", 116}, {"iatp", 117}, {"stp", 118},
    {"srp", 119}, {"uti", 120}, {"smp", 121}, {"sm", 122}, {"ptp", 123},
    {"isis-over-ipv4", 124}, {"fire", 125}, {"crtp", 126}, {"crudp", 127}, {"sscopmce", 128},
    {"iplt", 129}, {"sps", 130}, {"pipe", 131}, {"sctp", 132}, {"fc", 133},
    {"rsvp-e2e-ignore", 134}, {"mobility-header", 135}, {"udplite", 136}, {"mpls-in-ip", 137},
    {"manet", 138}, {"hip", 139}, {"shim6", 140}, {"wesp", 141}, {"rohc", 142}, {"253", 253},
    {"254", 254},
};

bool ec2_nacl_protocol_number(const char *protocol, int *number)
{
    size_t n = sizeof nacl_protocols / sizeof nacl_protocols[0];
    char *end;
    long v = strtol(protocol, &end, 10);
    bool numeric = protocol[0] && *end == '\0';
    for (size_t i = 0; i < n; i++)
        if (numeric ? v == nacl_protocols[i].number
                    : strcmp(protocol, nacl_protocols[i].name) == 0) {
            *number = nacl_protocols[i].number;
            return true;
        }
    return false;
}

/* ---- finding ---- */

int ec2_find_network_acl(aws_client *c, tf_arena *a, const volatile int *stop, const char *id,
                         const aws_xml_node **acl, aws_error *err)
{
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "NetworkAclId.1", id);
    aws_xml_node *out;
    if (aws_query_call(c, a, stop, "ec2", "DescribeNetworkAcls", p, &out, err) != 0)
        return aws_error_is(err, "InvalidNetworkAclID.NotFound") ? EC2_NOT_FOUND : -1;
    for (const aws_xml_node *n = aws_xml_first(out, "networkAclSet/item"); n; n = aws_xml_next(n)) {
        const char *nid = aws_xml_text(n, "networkAclId");
        if (nid && strcmp(nid, id) == 0) {
            *acl = n;
            return EC2_FOUND;
        }
    }
    return EC2_NOT_FOUND;
}

const aws_xml_node *ec2_nacl_entry(const aws_xml_node *acl, long long rule_number, bool egress)
{
    for (const aws_xml_node *e = aws_xml_first(acl, "entrySet/item"); e; e = aws_xml_next(e))
        if (aws_xml_int(e, "ruleNumber", -1) == rule_number &&
            (aws_xml_bool(e, "egress", 0) != 0) == egress)
            return e;
    return NULL;
}

/* ---- rules ---- */

/* One rule as hashicorp/aws hashes it: unset strings "", unset numbers 0. */
typedef struct nacl_rule {
    long long rule_no, from, to, icmp_type, icmp_code;
    const char *action, *cidr, *cidr6;
    int protocol;
    bool known;            /* false: unknown values or a protocol EC2 lacks */
} nacl_rule;

static nacl_rule nacl_rule_of(const tf_value *e)
{
    nacl_rule r = {0};
    if (!tf_is_known(e) || tf_contains_unknown(e))
        return r;
    r.rule_no = tf_get_i64(e, "rule_no", 0);
    r.from = tf_get_i64(e, "from_port", 0);
    r.to = tf_get_i64(e, "to_port", 0);
    r.icmp_type = tf_get_i64(e, "icmp_type", 0);
    r.icmp_code = tf_get_i64(e, "icmp_code", 0);
    r.action = tf_get_str(e, "action", "");
    r.cidr = tf_get_str(e, "cidr_block", "");
    r.cidr6 = tf_get_str(e, "ipv6_cidr_block", "");
    r.known = ec2_nacl_protocol_number(tf_get_str(e, "protocol", ""), &r.protocol);
    return r;
}

static bool nacl_rule_same(const nacl_rule *x, const nacl_rule *y)
{
    return x->known && y->known && x->rule_no == y->rule_no && x->from == y->from &&
           x->to == y->to && x->protocol == y->protocol && x->icmp_type == y->icmp_type &&
           x->icmp_code == y->icmp_code && strcasecmp(x->action, y->action) == 0 &&
           strcmp(x->cidr, y->cidr) == 0 && strcmp(x->cidr6, y->cidr6) == 0;
}

static bool nacl_set_has(const tf_value *set, const tf_value *e)
{
    nacl_rule r = nacl_rule_of(e);
    for (size_t i = 0; tf_is_known(set) && i < set->u.coll.n; i++) {
        nacl_rule o = nacl_rule_of(set->u.coll.items[i]);
        if (nacl_rule_same(&r, &o))
            return true;
    }
    return false;
}

/* Whether two rule sets hold the same rules (as the set hash sees them). */
static bool nacl_sets_same(const tf_value *x, const tf_value *y)
{
    if (!tf_is_known(x) || !tf_is_known(y) || tf_contains_unknown(x) ||
        x->u.coll.n != y->u.coll.n)
        return false;
    for (size_t i = 0; i < x->u.coll.n; i++)
        if (!nacl_set_has(y, x->u.coll.items[i]))
            return false;
    return true;
}

/* An entry EC2 reports, as a rule element (flattenNetworkACLEntry). */
static const tf_value *nacl_rule_value(tf_arena *a, const tf_type *elem, const aws_xml_node *e)
{
    int number = 0;
    const char *proto = aws_xml_text(e, "protocol");
    bool known = proto && ec2_nacl_protocol_number(proto, &number);
    const char *cidr = aws_xml_text(e, "cidrBlock"), *cidr6 = aws_xml_text(e, "ipv6CidrBlock");
    tf_objb b;
    tf_objb_init(&b, a, elem, NULL);
    tf_objb_i64(&b, "rule_no", aws_xml_int(e, "ruleNumber", 0));
    tf_objb_str(&b, "action", aws_xml_text(e, "ruleAction"));
    tf_objb_str(&b, "cidr_block", cidr ? cidr : "");
    tf_objb_str(&b, "ipv6_cidr_block", cidr6 ? cidr6 : "");
    tf_objb_i64(&b, "from_port", aws_xml_int(e, "portRange/from", 0));
    tf_objb_i64(&b, "to_port", aws_xml_int(e, "portRange/to", 0));
    tf_objb_str(&b, "protocol", known ? tf_arena_printf(a, "%d", number) : "");
    tf_objb_i64(&b, "icmp_code", aws_xml_int(e, "icmpTypeCode/code", 0));
    tf_objb_i64(&b, "icmp_type", aws_xml_int(e, "icmpTypeCode/type", 0));
    return tf_objb_done(&b);
}

/* The element of known rules equal to rule as the set hash sees it, or NULL. */
static const tf_value *nacl_set_match(const tf_value *known, const tf_value *rule)
{
    nacl_rule r = nacl_rule_of(rule);
    for (size_t i = 0; tf_is_known(known) && i < known->u.coll.n; i++) {
        nacl_rule o = nacl_rule_of(known->u.coll.items[i]);
        if (nacl_rule_same(&r, &o))
            return known->u.coll.items[i];
    }
    return NULL;
}

/* The ACL's entries of one direction but the catch-alls, as a rule set.
 * An entry equal (as the set hash sees it) to a rule Terraform knows keeps
 * that rule's spelling ("tcp", null icmp fields), as the SDK keeps it. */
static const tf_value *nacl_rules_state(tf_arena *a, const tf_type *set_type,
                                        const aws_xml_node *acl, bool egress,
                                        const tf_value *known)
{
    size_t n = 0, cap = 0;
    for (const aws_xml_node *e = aws_xml_first(acl, "entrySet/item"); e; e = aws_xml_next(e))
        cap++;
    const tf_value **items = tf_arena_calloc(a, cap + 1, sizeof *items);
    for (const aws_xml_node *e = aws_xml_first(acl, "entrySet/item"); e; e = aws_xml_next(e)) {
        long long no = aws_xml_int(e, "ruleNumber", 0);
        if (no == NACL_RULE_DEFAULT_IPV4 || no == NACL_RULE_DEFAULT_IPV6 ||
            (aws_xml_bool(e, "egress", 0) != 0) != egress)
            continue;
        const tf_value *v = nacl_rule_value(a, set_type->elem, e);
        const tf_value *k = nacl_set_match(known, v);
        items[n++] = k ? k : v;
    }
    return tf_set(a, set_type->elem, n, items);
}

int ec2_nacl_entry_lookup(void *ud, tf_arena *a, const char ***ids, size_t *n, aws_error *err)
{
    const ec2_nacl_entry_key *k = ud;
    static const char *const present[] = {""};
    const aws_xml_node *acl;
    int rc = ec2_find_network_acl(k->c, a, k->stop, k->acl, &acl, err);
    if (rc < 0)
        return -1;
    *ids = (const char **)present;
    *n = rc == EC2_FOUND && ec2_nacl_entry(acl, k->rule_no, k->egress) ? 1 : 0;
    return 0;
}

static int nacl_entry_create(tf_ctx *ctx, aws_client *c, const char *id, bool egress,
                             const tf_value *e)
{
    tf_arena *a = ctx->arena;
    nacl_rule r = nacl_rule_of(e);
    if (!r.known)
        return 0;   /* expandNetworkACLEntry skips a protocol it cannot number */
    if (r.protocol == -1 && (r.from != 0 || r.to != 0)) {
        tf_diag_error(ctx->diags, NULL, "creating EC2 Network ACL entry",
                      "to_port (%lld) and from_port (%lld) must both be 0 to use the 'all' "
                      "\"-1\" protocol!", r.to, r.from);
        return -1;
    }
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "NetworkAclId", id);
    aws_params_add(p, "RuleNumber", tf_arena_printf(a, "%lld", r.rule_no));
    aws_params_add(p, "Egress", egress ? "true" : "false");
    aws_params_add(p, "RuleAction", r.action);
    aws_params_add(p, "Protocol", tf_arena_printf(a, "%d", r.protocol));
    if (*r.cidr)
        aws_params_add(p, "CidrBlock", r.cidr);
    if (*r.cidr6)
        aws_params_add(p, "Ipv6CidrBlock", r.cidr6);
    aws_params_add(p, "PortRange.From", tf_arena_printf(a, "%lld", r.from));
    aws_params_add(p, "PortRange.To", tf_arena_printf(a, "%lld", r.to));
    if (r.protocol == 1 || r.protocol == 58) {
        aws_params_add(p, "Icmp.Code", tf_arena_printf(a, "%lld", r.icmp_code));
        aws_params_add(p, "Icmp.Type", tf_arena_printf(a, "%lld", r.icmp_type));
    }
    ec2_nacl_entry_key key = {.c = c, .stop = ctx->stop, .acl = id, .rule_no = r.rule_no,
                              .egress = egress};
    aws_create_once once = {.service = "ec2", .operation = "CreateNetworkAclEntry",
                            .lookup = ec2_nacl_entry_lookup, .ud = &key};
    aws_xml_node *out;
    const char *adopted;
    aws_error err;
    if (aws_create_once_query(c, a, ctx->stop, &once, p, &out, &adopted, &err) != 0) {
        aws_diag(ctx, &err, "creating EC2 Network ACL (%s) Entry", id);
        return -1;
    }
    return 0;
}

static int nacl_entry_delete(tf_ctx *ctx, aws_client *c, const char *id, bool egress,
                             long long rule_no)
{
    if (rule_no == NACL_RULE_DEFAULT_IPV4 || rule_no == NACL_RULE_DEFAULT_IPV6)
        return 0;
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "NetworkAclId", id);
    aws_params_add(p, "RuleNumber", tf_arena_printf(ctx->arena, "%lld", rule_no));
    aws_params_add(p, "Egress", egress ? "true" : "false");
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(c, ctx->arena, ctx->stop, "ec2", "DeleteNetworkAclEntry", p, &out,
                       &err) == 0)
        return 0;
    /* A delete whose earlier attempt acted finds nothing to delete. */
    if (err.earlier_attempt_unknown && aws_error_is(&err, "InvalidNetworkAclEntry.NotFound"))
        return 0;
    aws_diag(ctx, &err, "deleting EC2 Network ACL (%s) Entry", id);
    return -1;
}

/* updateNetworkACLEntries: old-only rules deleted, then new-only created. */
static int nacl_rules_update(tf_ctx *ctx, aws_client *c, const char *id, bool egress,
                             const tf_value *old, const tf_value *new)
{
    for (size_t i = 0; tf_is_known(old) && i < old->u.coll.n; i++)
        if (!nacl_set_has(new, old->u.coll.items[i]) &&
            nacl_entry_delete(ctx, c, id, egress,
                              tf_get_i64(old->u.coll.items[i], "rule_no", 0)) != 0)
            return -1;
    for (size_t i = 0; tf_is_known(new) && i < new->u.coll.n; i++)
        if (!nacl_set_has(old, new->u.coll.items[i]) &&
            nacl_entry_create(ctx, c, id, egress, new->u.coll.items[i]) != 0)
            return -1;
    return 0;
}

/* ---- subnet associations ---- */

/* The ACL holding subnet, and the subnet's association id in it. */
static int nacl_subnet_association(tf_ctx *ctx, aws_client *c, const char *subnet,
                                   const char **assoc, aws_error *err)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "Filter.1.Name", "association.subnet-id");
    aws_params_add(p, "Filter.1.Value.1", subnet);
    aws_xml_node *out;
    if (aws_query_call(c, ctx->arena, ctx->stop, "ec2", "DescribeNetworkAcls", p, &out, err) != 0)
        return -1;
    for (const aws_xml_node *n = aws_xml_first(out, "networkAclSet/item"); n; n = aws_xml_next(n))
        for (const aws_xml_node *s = aws_xml_first(n, "associationSet/item"); s;
             s = aws_xml_next(s)) {
            const char *sid = aws_xml_text(s, "subnetId");
            if (sid && strcmp(sid, subnet) == 0) {
                *assoc = aws_xml_text(s, "networkAclAssociationId");
                return *assoc ? EC2_FOUND : EC2_NOT_FOUND;
            }
        }
    return EC2_NOT_FOUND;
}

/* networkACLAssociationCreate: moves subnet into ACL id. */
static int nacl_associate(tf_ctx *ctx, aws_client *c, const char *id, const char *subnet)
{
    aws_error err;
    const char *assoc = NULL;
    int rc = nacl_subnet_association(ctx, c, subnet, &assoc, &err);
    if (rc == EC2_NOT_FOUND)
        aws_error_set(&err, AWS_ERR_RESPONSE, "NotFound",
                      "no EC2 Network ACL association for subnet %s", subnet);
    if (rc != EC2_FOUND) {
        aws_diag(ctx, &err, "creating EC2 Network ACL (%s) Association", id);
        return -1;
    }
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "AssociationId", assoc);
    aws_params_add(p, "NetworkAclId", id);
    aws_xml_node *out;
    static const char *const retry[] = {"InvalidAssociationID.NotFound", NULL};
    if (ec2_call_retry(c, ctx->arena, ctx->stop, "ReplaceNetworkAclAssociation", p, &out,
                       NACL_PROPAGATION, retry, &err) != 0) {
        aws_diag(ctx, &err, "creating EC2 Network ACL (%s) Association (subnet %s)", id, subnet);
        return -1;
    }
    return 0;
}

/* networkACLAssociationsDelete: the subnets go back to the VPC's default ACL. */
static int nacl_disassociate(tf_ctx *ctx, aws_client *c, const char *vpc, const char **subnets,
                             size_t n)
{
    if (n == 0)
        return 0;
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "Filter.1.Name", "default");
    aws_params_add(p, "Filter.1.Value.1", "true");
    aws_params_add(p, "Filter.2.Name", "vpc-id");
    aws_params_add(p, "Filter.2.Value.1", vpc);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(c, ctx->arena, ctx->stop, "ec2", "DescribeNetworkAcls", p, &out, &err) !=
        0) {
        aws_diag(ctx, &err, "reading EC2 VPC (%s) default NACL", vpc);
        return -1;
    }
    const aws_xml_node *d = aws_xml_first(out, "networkAclSet/item");
    const char *dflt = d ? aws_xml_text(d, "networkAclId") : NULL;
    if (!dflt) {
        aws_error_set(&err, AWS_ERR_RESPONSE, "NotFound", "EC2 VPC (%s) has no default NACL",
                      vpc);
        aws_diag(ctx, &err, "reading EC2 VPC (%s) default NACL", vpc);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        const char *assoc;
        int rc = nacl_subnet_association(ctx, c, subnets[i], &assoc, &err);
        if (rc == EC2_NOT_FOUND)
            continue;   /* the subnet is gone */
        if (rc < 0) {
            aws_diag(ctx, &err, "reading EC2 Network ACL Association (subnet %s)", subnets[i]);
            return -1;
        }
        if (nacl_associate(ctx, c, dflt, subnets[i]) != 0)
            return -1;
    }
    return 0;
}

static const char **nacl_strs(tf_arena *a, const tf_value *set, size_t *n)
{
    *n = tf_is_known(set) ? set->u.coll.n : 0;
    const char **v = tf_arena_calloc(a, *n + 1, sizeof *v);
    for (size_t i = 0; i < *n; i++)
        v[i] = set->u.coll.items[i]->u.str.ptr;
    return v;
}

static bool nacl_str_in(const tf_value *set, const char *s)
{
    for (size_t i = 0; tf_is_known(set) && i < set->u.coll.n; i++)
        if (tf_is_known(set->u.coll.items[i]) && strcmp(set->u.coll.items[i]->u.str.ptr, s) == 0)
            return true;
    return false;
}

/* ---- state ---- */

static const tf_type *nacl_attr_type(const tf_value *obj, const char *name)
{
    return obj->type->types[tf_type_attr_index(obj->type, name)];
}

/* resourceNetworkACLRead into a state built on base: a null object when
 * the ACL is gone (unless is_new: then it is waited for), NULL with a
 * diagnostic on error. */
static const tf_value *nacl_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                    bool is_new)
{
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(base, "id", "");
    const aws_xml_node *acl;
    aws_error err;
    int rc = ec2_find_fresh(ec2_find_network_acl, m->client, a, ctx->stop, id, is_new,
                            NACL_PROPAGATION, &acl, &err);
    if (rc == EC2_NOT_FOUND && !is_new)
        return tf_null(a, base->type);
    if (rc != EC2_FOUND) {
        if (rc == EC2_NOT_FOUND)
            aws_error_set(&err, AWS_ERR_RESPONSE, "NotFound", "the network ACL did not appear");
        aws_diag(ctx, &err, "reading EC2 Network ACL (%s)", id);
        return is_new ? base : NULL;
    }
    const char *owner = aws_xml_text(acl, "ownerId");
    if (!owner)
        owner = "";
    tf_objb b;
    tf_objb_init(&b, a, base->type, base);
    tf_objb_str(&b, "id", id);
    tf_objb_str(&b, "arn", tf_arena_printf(a, "arn:%s:ec2:%s:%s:network-acl/%s", m->partition,
                                           m->region, owner, id));
    tf_objb_str(&b, "owner_id", owner);
    tf_objb_str(&b, "vpc_id", aws_xml_text(acl, "vpcId"));
    size_t ns = 0;
    for (const aws_xml_node *s = aws_xml_first(acl, "associationSet/item"); s; s = aws_xml_next(s))
        ns++;
    const char **subnets = tf_arena_calloc(a, ns + 1, sizeof *subnets);
    ns = 0;
    for (const aws_xml_node *s = aws_xml_first(acl, "associationSet/item"); s; s = aws_xml_next(s))
        if (aws_xml_text(s, "subnetId"))
            subnets[ns++] = aws_xml_text(s, "subnetId");
    tf_objb_set(&b, "subnet_ids", tf_string_set(a, subnets, ns));
    tf_objb_set(&b, "ingress", nacl_rules_state(a, nacl_attr_type(base, "ingress"), acl, false,
                                                tf_get(base, "ingress")));
    tf_objb_set(&b, "egress", nacl_rules_state(a, nacl_attr_type(base, "egress"), acl, true,
                                               tf_get(base, "egress")));
    size_t n;
    aws_kv *remote = ec2_tags_from_xml(a, acl, &n);
    aws_tags_set_state(&b, m, remote, n, tf_get(base, "tags"));
    return tf_objb_done(&b);
}

/* ---- validation ---- */

static const char *const nacl_actions[] = {"allow", "deny", NULL};
static const tf_validator nacl_v_action[] = {TF_V_ONE_OF_CI(nacl_actions), TF_V_END};
static const tf_validator nacl_v_cidr[] = {TF_V_IPV4_CIDR(0, 32), TF_V_END};
static const tf_validator nacl_v_cidr6[] = {TF_V_IPV6_CIDR, TF_V_END};
static const tf_validator nacl_v_port[] = {TF_V_INT_BETWEEN(0, 65535), TF_V_END};
static const tf_validator nacl_v_rule_no[] = {TF_V_INT_BETWEEN(1, 32766), TF_V_END};

/* The checks on each rule of ingress and egress (attributes of aws_network_acl,
 * blocks of aws_default_network_acl).  Set elements have no path step of
 * their own: diagnostics point at the set. */
static void nacl_validate(tf_ctx *ctx, const tf_value *config)
{
    static const char *const sets[] = {"ingress", "egress"};
    for (size_t s = 0; s < 2; s++) {
        const tf_value *rules = tf_get(config, sets[s]);
        if (!tf_is_known(rules))
            continue;
        const tf_path *at = tf_path_attr(ctx->arena, tf_path_root(ctx->arena), sets[s]);
        for (size_t i = 0; i < rules->u.coll.n; i++) {
            const tf_value *r = rules->u.coll.items[i];
            if (!tf_is_known(r))
                continue;
            tf_validate_run(ctx->arena, ctx->diags, at, "action", nacl_v_action,
                            tf_get(r, "action"));
            tf_validate_run(ctx->arena, ctx->diags, at, "cidr_block", nacl_v_cidr,
                            tf_get(r, "cidr_block"));
            tf_validate_run(ctx->arena, ctx->diags, at, "ipv6_cidr_block", nacl_v_cidr6,
                            tf_get(r, "ipv6_cidr_block"));
            tf_validate_run(ctx->arena, ctx->diags, at, "from_port", nacl_v_port,
                            tf_get(r, "from_port"));
            tf_validate_run(ctx->arena, ctx->diags, at, "to_port", nacl_v_port,
                            tf_get(r, "to_port"));
            tf_validate_run(ctx->arena, ctx->diags, at, "rule_no", nacl_v_rule_no,
                            tf_get(r, "rule_no"));
            const tf_value *proto = tf_get(r, "protocol");
            int number;
            if (tf_is_known(proto) && !tf_is_null(proto) &&
                !ec2_nacl_protocol_number(proto->u.str.ptr, &number))
                tf_diag_error(ctx->diags, at, "Invalid network ACL protocol",
                              "\"protocol\" : unsupported NACL protocol: %s",
                              proto->u.str.ptr);
        }
    }
}

/* ---- plan ---- */

/* Rules that differ from the state only as the set hash ignores ("tcp"
 * for "6", null for 0 or "", "ALLOW" for "allow") plan no change. */
static void nacl_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    static const char *const sets[] = {"ingress", "egress"};
    if (tf_is_known(req->planned) && tf_is_known(req->prior) && !tf_is_null(req->prior))
        for (size_t i = 0; i < 2; i++) {
            const tf_value *planned = tf_get(req->planned, sets[i]);
            const tf_value *prior = tf_get(req->prior, sets[i]);
            if (!tf_value_equal(planned, prior) && nacl_sets_same(planned, prior))
                req->planned = tf_object_with(ctx->arena, req->planned, sets[i], prior);
        }
    aws_tags_plan(ctx, req);
}

/* ---- the changes both types make ---- */

/* modifyNetworkACLAttributesOnUpdate: rules, then subnets (a removed one
 * goes back to the default ACL only when move_out). */
static int nacl_apply_changes(tf_ctx *ctx, aws_client *c, const char *id, const tf_value *prior,
                              const tf_value *planned, bool move_out)
{
    if (nacl_rules_update(ctx, c, id, false, tf_get(prior, "ingress"),
                          tf_get(planned, "ingress")) != 0 ||
        nacl_rules_update(ctx, c, id, true, tf_get(prior, "egress"),
                          tf_get(planned, "egress")) != 0)
        return -1;
    const tf_value *old = tf_get(prior, "subnet_ids"), *new = tf_get(planned, "subnet_ids");
    if (!tf_is_known(new) || tf_value_equal(old, new))
        return 0;
    size_t n_old;
    const char **olds = nacl_strs(ctx->arena, old, &n_old);
    const char **gone = tf_arena_calloc(ctx->arena, n_old + 1, sizeof *gone);
    size_t n_gone = 0;
    for (size_t i = 0; i < n_old; i++)
        if (!nacl_str_in(new, olds[i]))
            gone[n_gone++] = olds[i];
    if (move_out && nacl_disassociate(ctx, c, tf_get_str(planned, "vpc_id", ""), gone, n_gone))
        return -1;
    for (size_t i = 0; i < new->u.coll.n; i++)
        if (!nacl_str_in(old, new->u.coll.items[i]->u.str.ptr) &&
            nacl_associate(ctx, c, id, new->u.coll.items[i]->u.str.ptr) != 0)
            return -1;
    return 0;
}

static int nacl_update_tags(tf_ctx *ctx, aws_client *c, const char *id, const tf_value *old_all,
                            const tf_value *new_all)
{
    aws_error err;
    if (tf_value_equal(old_all, new_all) || !tf_is_known(new_all))
        return 0;
    if (ec2_update_tags(c, ctx->arena, ctx->stop, id, old_all, new_all, &err) == 0)
        return 0;
    aws_diag(ctx, &err, "updating tags of EC2 Network ACL (%s)", id);
    return -1;
}

/* ---- aws_network_acl ---- */

static const tf_value *nacl_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    size_t n;
    aws_kv *tags = aws_tags_from_map(a, tf_get(planned, "tags_all"), &n);
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "VpcId", tf_get_str(planned, "vpc_id", ""));
    ec2_tag_specs(p, 1, "network-acl", tags, n);
    /* One ClientToken for the whole create, carried by every retry. */
    aws_create_once once = {.service = "ec2", .operation = "CreateNetworkAcl"};
    aws_xml_node *out;
    const char *adopted;
    aws_error err;
    if (aws_create_once_query(m->client, a, ctx->stop, &once, p, &out, &adopted, &err) != 0) {
        aws_diag(ctx, &err, "creating EC2 Network ACL");
        return NULL;
    }
    const char *id = aws_xml_text(out, "networkAcl/networkAclId");
    if (!id || !*id) {
        aws_error_set(&err, AWS_ERR_RESPONSE, "", "CreateNetworkAcl returned no id");
        aws_diag(ctx, &err, "creating EC2 Network ACL");
        return NULL;
    }
    const tf_value *state = tf_object_with(a, planned, "id", tf_string(a, id));
    /* modifyNetworkACLAttributesOnCreate: from an ACL with no rules and
     * no subnets. */
    tf_objb b;
    tf_objb_init(&b, a, planned->type, planned);
    tf_objb_set(&b, "ingress", tf_null(a, nacl_attr_type(planned, "ingress")));
    tf_objb_set(&b, "egress", tf_null(a, nacl_attr_type(planned, "egress")));
    tf_objb_set(&b, "subnet_ids", tf_null(a, nacl_attr_type(planned, "subnet_ids")));
    if (nacl_apply_changes(ctx, m->client, id, tf_objb_done(&b), planned, false) != 0) {
        const tf_value *st = nacl_refresh(ctx, m, state, true);
        return st ? st : state;
    }
    return nacl_refresh(ctx, m, state, true);
}

static const tf_value *nacl_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    return nacl_refresh(ctx, m, state, false);
}

static const tf_value *nacl_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    const char *id = tf_get_str(prior, "id", "");
    /* Subnets never leave the default ACL: there is nowhere to put them. */
    bool is_default = tf_type_attr_index(prior->type, "default_network_acl_id") >= 0;
    if (nacl_apply_changes(ctx, m->client, id, prior, planned, !is_default) != 0 ||
        nacl_update_tags(ctx, m->client, id, tf_get(prior, "tags_all"),
                         tf_get(planned, "tags_all")) != 0) {
        const tf_value *st = nacl_refresh(ctx, m, prior, false);
        return st ? st : prior;
    }
    return nacl_refresh(ctx, m, planned, true);
}

static void nacl_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    const char *id = tf_get_str(prior, "id", "");
    const aws_xml_node *acl;
    aws_error err;
    int rc = ec2_find_network_acl(m->client, ctx->arena, ctx->stop, id, &acl, &err);
    if (rc == EC2_NOT_FOUND)
        return;
    if (rc < 0) {
        aws_diag(ctx, &err, "reading EC2 Network ACL (%s)", id);
        return;
    }
    /* Every subnet leaves, even those aws_network_acl_association put there. */
    size_t n = 0;
    for (const aws_xml_node *s = aws_xml_first(acl, "associationSet/item"); s; s = aws_xml_next(s))
        n++;
    const char **subnets = tf_arena_calloc(ctx->arena, n + 1, sizeof *subnets);
    n = 0;
    for (const aws_xml_node *s = aws_xml_first(acl, "associationSet/item"); s; s = aws_xml_next(s))
        if (aws_xml_text(s, "subnetId"))
            subnets[n++] = aws_xml_text(s, "subnetId");
    if (nacl_disassociate(ctx, m->client, tf_get_str(prior, "vpc_id", ""), subnets, n) != 0)
        return;
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "NetworkAclId", id);
    aws_xml_node *out;
    static const char *const retry[] = {"DependencyViolation", NULL};
    if (ec2_call_retry(m->client, ctx->arena, ctx->stop, "DeleteNetworkAcl", p, &out,
                       NACL_PROPAGATION, retry, &err) != 0 &&
        !aws_error_is(&err, "InvalidNetworkAclID.NotFound"))
        aws_diag(ctx, &err, "deleting EC2 Network ACL (%s)", id);
}

/* Importing the default ACL as aws_network_acl is refused. */
static const tf_value *nacl_import(tf_ctx *ctx, const char *import_id)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    const aws_xml_node *acl;
    aws_error err;
    int rc = ec2_find_network_acl(m->client, ctx->arena, ctx->stop, import_id, &acl, &err);
    if (rc == EC2_NOT_FOUND)
        aws_error_set(&err, AWS_ERR_RESPONSE, "NotFound",
                      "couldn't find resource (EC2 Network ACL %s)", import_id);
    if (rc != EC2_FOUND) {
        aws_diag(ctx, &err, "importing EC2 Network ACL (%s)", import_id);
        return NULL;
    }
    if (aws_xml_bool(acl, "default", 0)) {
        tf_diag_error(ctx->diags, NULL, "use the `aws_default_network_acl` resource instead",
                      "%s is the default network ACL of its VPC.", import_id);
        return NULL;
    }
    tf_objb b;
    tf_objb_init(&b, ctx->arena, aws_schema_resource_aws_network_acl.ctype, NULL);
    tf_objb_str(&b, "id", import_id);
    return tf_objb_done(&b);
}

const tf_resource_def aws_ec2_network_acl_def = {
    .type_name = "aws_network_acl",
    .version = 0,
    .schema = &aws_schema_resource_aws_network_acl,
    .validate = nacl_validate,
    .modify_plan = nacl_modify_plan,
    .create = nacl_create,
    .read = nacl_read,
    .update = nacl_update,
    .delete = nacl_delete,
    .import = nacl_import,
};

/* ---- aws_default_network_acl ---- */

static const tf_value *dnacl_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(planned, "default_network_acl_id", "");
    const aws_xml_node *acl;
    aws_error err;
    int rc = ec2_find_network_acl(m->client, a, ctx->stop, id, &acl, &err);
    if (rc == EC2_NOT_FOUND)
        aws_error_set(&err, AWS_ERR_RESPONSE, "NotFound",
                      "couldn't find resource (EC2 Network ACL %s)", id);
    if (rc != EC2_FOUND) {
        aws_diag(ctx, &err, "reading EC2 Network ACL (%s)", id);
        return NULL;
    }
    if (!aws_xml_bool(acl, "default", 0)) {
        tf_diag_error(ctx->diags, NULL, "use the `aws_network_acl` resource instead",
                      "%s is not the default network ACL of its VPC.", id);
        return NULL;
    }
    const tf_value *state = tf_object_with(a, planned, "id", tf_string(a, id));
    /* Every rule the ACL has, the default ones included, goes. */
    for (const aws_xml_node *e = aws_xml_first(acl, "entrySet/item"); e; e = aws_xml_next(e))
        if (nacl_entry_delete(ctx, m->client, id, aws_xml_bool(e, "egress", 0) != 0,
                              aws_xml_int(e, "ruleNumber", 0)) != 0)
            return nacl_refresh(ctx, m, state, true);
    tf_objb b;
    tf_objb_init(&b, a, planned->type, planned);
    tf_objb_set(&b, "ingress", tf_null(a, nacl_attr_type(planned, "ingress")));
    tf_objb_set(&b, "egress", tf_null(a, nacl_attr_type(planned, "egress")));
    tf_objb_set(&b, "subnet_ids", tf_null(a, nacl_attr_type(planned, "subnet_ids")));
    if (nacl_apply_changes(ctx, m->client, id, tf_objb_done(&b), planned, false) != 0)
        return nacl_refresh(ctx, m, state, true);
    /* The tags it has become the configured ones. */
    size_t n;
    aws_kv *remote = ec2_tags_from_xml(a, acl, &n);
    const tf_value *old_tags, *old_all;
    aws_tags_to_state(a, m, remote, n, NULL, &old_tags, &old_all);
    nacl_update_tags(ctx, m->client, id, old_all, tf_get(planned, "tags_all"));
    return nacl_refresh(ctx, m, state, true);
}

static void dnacl_delete(tf_ctx *ctx, const tf_value *prior)
{
    tf_diag_warn(ctx->diags, NULL, "EC2 Default Network ACL not deleted",
                 "EC2 Default Network ACL (%s) not deleted, removing from state",
                 tf_get_str(prior, "id", ""));
}

static const tf_value *dnacl_import(tf_ctx *ctx, const char *import_id)
{
    tf_objb b;
    tf_objb_init(&b, ctx->arena, aws_schema_resource_aws_default_network_acl.ctype, NULL);
    tf_objb_str(&b, "id", import_id);
    tf_objb_str(&b, "default_network_acl_id", import_id);
    return tf_objb_done(&b);
}

/* hashicorp/aws stores the subnets its read after create finds in a
 * subnet_ids the configuration leaves null (the argument is not computed
 * there); a set planned wholly known stays as planned (the runtime applies
 * SDKv2's rules for collections, tf_state_apply_reads). */
static const char *const dnacl_apply_reads[] = {"subnet_ids", NULL};

const tf_resource_def aws_ec2_default_network_acl_def = {
    .type_name = "aws_default_network_acl",
    .version = 0,
    .schema = &aws_schema_resource_aws_default_network_acl,
    .validate = nacl_validate,
    .modify_plan = nacl_modify_plan,
    .create = dnacl_create,
    .read = nacl_read,
    .update = nacl_update,
    .delete = dnacl_delete,
    .import = dnacl_import,
    .apply_reads = dnacl_apply_reads,
};

/* security_group.c - aws_security_group: a VPC firewall with inline rules.
 *
 * ingress and egress are attributes of type set(object), not blocks, so the
 * checks on the fields of each rule live in security_group_validate.  The
 * schema is generated from aws/schema/aws.schema.
 *
 * The one idea behind the callbacks: EC2 stores rules one source each (a
 * CIDR, a prefix list or a group), while the configuration groups sources
 * into rule objects.  Changes are made by expanding old and new rule sets
 * into single-source rules and revoking/authorizing only the difference;
 * reads regroup what EC2 reports and match it against the rules Terraform
 * knows, so the state keeps the user's grouping (hashicorp/aws's
 * matchRules), with anything unmatched added as rules of its own. */

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "ec2_cleanup.h"
#include "ec2_find.h"
#include "ec2_lookup.h"
#include "ec2_retry.h"
#include "ec2_tags.h"
#include "names.h"
#include "plan.h"
#include "provider_meta.h"
#include "resources.h"
#include "security_group.h"
#include "tags.h"
#include "value_build.h"

/* ---- validation ---- */

static const tf_validator sg_rule_ipv4_cidr[] = {TF_V_IPV4_CIDR(0, 32), TF_V_END};
static const tf_validator sg_rule_ipv6_cidr[] = {TF_V_IPV6_CIDR, TF_V_END};
/* The characters EC2 accepts in a rule description; "" is allowed. */
static const tf_validator sg_rule_description[] = {
    TF_V_STRLEN(0, 255),
    TF_V_REGEX("^[]A-Za-z0-9 ._:/()#,@[+=&;{}!$*-]*$",
               "only letters, digits, spaces and ._-:/()#,@[]+=&;{}!$* are allowed"),
    TF_V_END,
};

static bool sg_protocol_is_all(const tf_value *protocol)
{
    if (!tf_is_known(protocol))
        return false;
    const char *p = protocol->u.str.ptr;
    return strcmp(p, "-1") == 0 || strcasecmp(p, "all") == 0;
}

/* The "all protocols" rule (-1) covers every port; EC2 rejects it with any
 * other port range, so say so at plan time. */
static void sg_check_all_protocol(tf_ctx *ctx, const tf_path *at, const char *set_name,
                                  const tf_value *rule)
{
    if (!sg_protocol_is_all(tf_get(rule, "protocol")))
        return;
    const tf_value *from = tf_get(rule, "from_port"), *to = tf_get(rule, "to_port");
    int64_t f, t;
    if (!tf_is_known(from) || !tf_is_known(to) || !tf_number_to_i64(from, &f) ||
        !tf_number_to_i64(to, &t))
        return;
    if (f != 0 || t != 0)
        tf_diag_error(ctx->diags, at, "Invalid security group rule",
                      "%s rule: from_port (%lld) and to_port (%lld) must both be 0 to use the "
                      "'ALL' \"-1\" protocol", set_name, (long long)f, (long long)t);
}

/* Checks each element of a list inside a rule.  The diagnostics keep the
 * path of the rule set: an index step after a set element would name no
 * real place in the configuration. */
static void sg_validate_each(tf_ctx *ctx, const tf_path *at, const char *field,
                             const tf_validator *validators, const tf_value *list)
{
    if (!tf_is_known(list))
        return;
    for (size_t i = 0; i < list->u.coll.n; i++)
        tf_validate_run(ctx->arena, ctx->diags, at, field, validators, list->u.coll.items[i]);
}

static void sg_validate_rules(tf_ctx *ctx, const tf_value *config, const char *set_name)
{
    const tf_value *rules = tf_get(config, set_name);
    if (!tf_is_known(rules))
        return;
    /* Set elements have no path step of their own: point at the set. */
    const tf_path *at = tf_path_attr(ctx->arena, tf_path_root(ctx->arena), set_name);
    for (size_t i = 0; i < rules->u.coll.n; i++) {
        const tf_value *rule = rules->u.coll.items[i];
        if (!tf_is_known(rule))
            continue;
        sg_validate_each(ctx, at, "cidr_blocks", sg_rule_ipv4_cidr, tf_get(rule, "cidr_blocks"));
        sg_validate_each(ctx, at, "ipv6_cidr_blocks", sg_rule_ipv6_cidr,
                         tf_get(rule, "ipv6_cidr_blocks"));
        tf_validate_run(ctx->arena, ctx->diags, at, "description", sg_rule_description,
                        tf_get(rule, "description"));
        sg_check_all_protocol(ctx, at, set_name, rule);
    }
}

void ec2_sg_validate(tf_ctx *ctx, const tf_value *config)
{
    sg_validate_rules(ctx, config, "ingress");
    sg_validate_rules(ctx, config, "egress");
}

/* ---- rules as values ---- */

#define SG_CREATE_S (10 * 60)
#define SG_DELETE_S (15 * 60)
/* DeleteSecurityGroup is first retried this long on DependencyViolation
 * before revoke_rules_on_delete revokes rules in every group. */
#define SG_DELETE_FIRST_S 60
/* hashicorp/aws waits until a new group has been seen this many times in a
 * row, so that later calls do not hit a replica that lacks it. */
#define SG_CREATE_SEEN 3

/* The four kinds of source a rule object lists, in the order the fields
 * appear in the object; a rule's `self` is the fifth. */
enum { SG_CIDR4, SG_CIDR6, SG_PREFIX, SG_GROUP, SG_NSRC, SG_SELF = SG_NSRC };

static const char *const sg_src_field[SG_NSRC] = {
    "cidr_blocks", "ipv6_cidr_blocks", "prefix_list_ids", "security_groups",
};

typedef struct sg_strs {
    const char **v;
    size_t n, cap;
} sg_strs;

/* One rule object: what a configuration element says, or a group of what
 * EC2 reports with the same protocol, ports and description. */
typedef struct sg_rule {
    const char *protocol;
    int64_t from, to;
    const char *description; /* "" for none */
    bool self;
    sg_strs src[SG_NSRC];
} sg_rule;

typedef struct sg_rules {
    sg_rule **v;
    size_t n, cap;
} sg_rules;

static void sg_strs_push(tf_arena *a, sg_strs *s, const char *v)
{
    tf_arena_grow(a, (void **)&s->v, &s->cap, s->n + 1, sizeof *s->v);
    s->v[s->n++] = v;
}

static bool sg_strs_has(const sg_strs *s, const char *v)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], v) == 0)
            return true;
    return false;
}

static void sg_rules_push(tf_arena *a, sg_rules *r, sg_rule *rule)
{
    tf_arena_grow(a, (void **)&r->v, &r->cap, r->n + 1, sizeof *r->v);
    r->v[r->n++] = rule;
}

/* hashicorp/aws's protocolForValue: "-1"/"all" are "-1", the numbers of
 * the protocols EC2 names are replaced by their names, anything else is
 * kept (lowercased). */
static const char *sg_protocol_norm(tf_arena *a, const char *p)
{
    static const struct { const char *name, *number; } known[] = {
        {"icmpv6", "58"}, {"udp", "17"}, {"tcp", "6"}, {"icmp", "1"},
    };
    char *low = tf_arena_strdup(a, p);
    for (char *c = low; *c; c++)
        *c = (char)tolower((unsigned char)*c);
    if (strcmp(low, "-1") == 0 || strcmp(low, "all") == 0)
        return "-1";
    char *end;
    errno = 0;
    long n = strtol(low, &end, 10);
    bool numeric = low[0] && *end == '\0' && errno == 0;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
        if (strcmp(low, known[i].name) == 0)
            return known[i].name;
        if (numeric && n == strtol(known[i].number, NULL, 10))
            return known[i].name;
    }
    if (numeric && n == -1)
        return "-1";
    return low;
}

const char *ec2_sg_protocol_norm(tf_arena *a, const char *protocol)
{
    return sg_protocol_norm(a, protocol);
}

const tf_validator *const ec2_sg_rule_description = sg_rule_description;

static void sg_strs_from_value(tf_arena *a, sg_strs *s, const tf_value *coll)
{
    if (!tf_is_known(coll))
        return;
    for (size_t i = 0; i < coll->u.coll.n; i++) {
        const tf_value *v = coll->u.coll.items[i];
        if (tf_is_known(v))
            sg_strs_push(a, s, v->u.str.ptr);
    }
}

static sg_rule *sg_rule_from_value(tf_arena *a, const tf_value *elem)
{
    sg_rule *r = tf_arena_calloc(a, 1, sizeof *r);
    r->protocol = tf_get_str(elem, "protocol", "");
    r->from = tf_get_i64(elem, "from_port", 0);
    r->to = tf_get_i64(elem, "to_port", 0);
    r->description = tf_get_str(elem, "description", "");
    r->self = tf_get_bool(elem, "self", false);
    for (int k = 0; k < SG_NSRC; k++)
        sg_strs_from_value(a, &r->src[k], tf_get(elem, sg_src_field[k]));
    return r;
}

/* The known elements of a rule set value (none when null or unknown). */
static sg_rules sg_rules_from_value(tf_arena *a, const tf_value *set)
{
    sg_rules out = {0};
    if (!tf_is_known(set))
        return out;
    for (size_t i = 0; i < set->u.coll.n; i++)
        if (tf_is_known(set->u.coll.items[i]))
            sg_rules_push(a, &out, sg_rule_from_value(a, set->u.coll.items[i]));
    return out;
}

static const tf_value *sg_rule_to_value(tf_arena *a, const tf_type *elem_type, const sg_rule *r)
{
    tf_objb b;
    tf_objb_init(&b, a, elem_type, NULL);
    tf_objb_str(&b, "protocol", r->protocol);
    tf_objb_i64(&b, "from_port", r->from);
    tf_objb_i64(&b, "to_port", r->to);
    tf_objb_str(&b, "description", r->description);
    tf_objb_bool(&b, "self", r->self);
    for (int k = 0; k < SG_NSRC; k++)
        tf_objb_set(&b, sg_src_field[k], k == SG_GROUP
                                             ? tf_string_set(a, r->src[k].v, r->src[k].n)
                                             : tf_string_list(a, r->src[k].v, r->src[k].n));
    return tf_objb_done(&b);
}

static const tf_value *sg_rules_to_value(tf_arena *a, const tf_type *set_type,
                                         const sg_rules *rules)
{
    const tf_value **items = tf_arena_calloc(a, rules->n + 1, sizeof *items);
    for (size_t i = 0; i < rules->n; i++)
        items[i] = sg_rule_to_value(a, set_type->elem, rules->v[i]);
    return tf_set(a, set_type->elem, rules->n, items);
}

/* ---- plan ---- */

/* The SDK's planning of a rule element: `self` gets its default false and
 * protocol goes through protocolStateFunc. */
static const tf_value *sg_plan_rules(tf_arena *a, const tf_value *set)
{
    set = tf_plan_fill_field(a, set, "self", tf_bool(a, false));
    if (!tf_is_known(set))
        return set;
    size_t n = set->u.coll.n;
    const tf_value **items = tf_arena_calloc(a, n + 1, sizeof *items);
    for (size_t i = 0; i < n; i++) {
        const tf_value *e = set->u.coll.items[i];
        const tf_value *p = tf_is_known(e) ? tf_get(e, "protocol") : NULL;
        items[i] = tf_is_known(p) ? tf_object_with(a, e, "protocol",
                                                   tf_string(a, sg_protocol_norm(a, p->u.str.ptr)))
                                  : e;
    }
    return tf_set(a, set->type->elem, n, items);
}

void ec2_sg_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->planned))
        return;
    tf_arena *a = ctx->arena;
    const tf_value *planned = req->planned;
    planned = tf_object_with(a, planned, "ingress", sg_plan_rules(a, tf_get(planned, "ingress")));
    planned = tf_object_with(a, planned, "egress", sg_plan_rules(a, tf_get(planned, "egress")));
    req->planned = planned;
    aws_tags_plan(ctx, req);
}

/* ---- reading rules back (securityGroupIPPermGather, matchRules) ---- */

static sg_rule *sg_gather_rule(tf_arena *a, sg_rules *rules, const aws_xml_node *perm,
                               const char *desc)
{
    const char *proto = aws_xml_text(perm, "ipProtocol");
    proto = proto ? proto : "";
    int64_t from = aws_xml_int(perm, "fromPort", 0), to = aws_xml_int(perm, "toPort", 0);
    for (size_t i = 0; i < rules->n; i++) {
        sg_rule *r = rules->v[i];
        if (strcmp(r->protocol, proto) == 0 && r->from == from && r->to == to &&
            strcmp(r->description, desc) == 0)
            return r;
    }
    sg_rule *r = tf_arena_calloc(a, 1, sizeof *r);
    r->protocol = proto;
    r->from = from;
    r->to = to;
    r->description = desc;
    sg_rules_push(a, rules, r);
    return r;
}

/* EC2's IpPermissions regrouped by protocol, ports and description.  The
 * group's own id becomes `self`; groups of another account are written
 * "account/sg-id". */
static sg_rules sg_gather(tf_arena *a, const aws_xml_node *sg, const char *perms_path,
                          const char *group_id, const char *owner_id)
{
    static const struct { int kind; const char *list, *field; } ranges[] = {
        {SG_CIDR4, "ipRanges/item", "cidrIp"},
        {SG_CIDR6, "ipv6Ranges/item", "cidrIpv6"},
        {SG_PREFIX, "prefixListIds/item", "prefixListId"},
    };
    sg_rules rules = {0};
    for (const aws_xml_node *p = aws_xml_first(sg, perms_path); p; p = aws_xml_next(p)) {
        for (size_t k = 0; k < sizeof ranges / sizeof ranges[0]; k++)
            for (const aws_xml_node *r = aws_xml_first(p, ranges[k].list); r; r = aws_xml_next(r)) {
                const char *v = aws_xml_text(r, ranges[k].field), *d = aws_xml_text(r, "description");
                if (!v)
                    continue;
                sg_rule *rule = sg_gather_rule(a, &rules, p, d ? d : "");
                sg_strs_push(a, &rule->src[ranges[k].kind], v);
            }
        for (const aws_xml_node *g = aws_xml_first(p, "groups/item"); g; g = aws_xml_next(g)) {
            const char *gid = aws_xml_text(g, "groupId"), *d = aws_xml_text(g, "description");
            const char *uid = aws_xml_text(g, "userId");
            if (!gid)
                continue;
            sg_rule *rule = sg_gather_rule(a, &rules, p, d ? d : "");
            if (strcmp(gid, group_id) == 0) {
                rule->self = true;
                continue;
            }
            const char *v = uid && owner_id && strcmp(uid, owner_id) != 0
                                ? tf_arena_printf(a, "%s/%s", uid, gid)
                                : gid;
            if (!sg_strs_has(&rule->src[SG_GROUP], v))
                sg_strs_push(a, &rule->src[SG_GROUP], v);
        }
    }
    return rules;
}

/* Sources of `have` that are not in `take`, keeping have's order. */
static sg_strs sg_strs_minus(tf_arena *a, const sg_strs *have, const sg_strs *take)
{
    sg_strs out = {0};
    for (size_t i = 0; i < have->n; i++)
        if (!sg_strs_has(take, have->v[i]))
            sg_strs_push(a, &out, have->v[i]);
    return out;
}

/* Whether remote rule r holds every source of local rule l (and the same
 * self), which is how hashicorp/aws decides a configured rule still
 * exists. */
static bool sg_rule_covers(const sg_rule *r, const sg_rule *l)
{
    if (strcmp(l->protocol, r->protocol) != 0 || l->from != r->from || l->to != r->to ||
        l->self != r->self)
        return false;
    for (int k = 0; k < SG_NSRC; k++) {
        if (l->src[k].n > r->src[k].n)
            return false;
        size_t found = 0;
        for (size_t i = 0; i < l->src[k].n; i++)
            found += sg_strs_has(&r->src[k], l->src[k].v[i]);
        if (found != l->src[k].n)
            return false;
    }
    return true;
}

/* matchRules: each local rule that remote rules cover is kept as it is
 * (taking the remote description when there is one) and its sources are
 * taken out of the remote rule; remote rules with sources left over are
 * added as they are.  Local rules are updated in place, as the SDK's maps
 * are, so a rule matched twice ends with the last description. */
static sg_rules sg_match(tf_arena *a, sg_rules *local, sg_rules *remote)
{
    sg_rules saves = {0};
    for (size_t i = 0; i < local->n; i++) {
        sg_rule *l = local->v[i];
        bool saved = false;
        for (size_t j = 0; j < remote->n; j++) {
            sg_rule *r = remote->v[j];
            if (!sg_rule_covers(r, l))
                continue;
            r->self = false;
            for (int k = 0; k < SG_NSRC; k++)
                r->src[k] = sg_strs_minus(a, &r->src[k], &l->src[k]);
            if (r->description[0])
                l->description = r->description;
            if (!saved)
                sg_rules_push(a, &saves, l);
            saved = true;
        }
    }
    for (size_t j = 0; j < remote->n; j++) {
        sg_rule *r = remote->v[j];
        size_t left = r->self;
        for (int k = 0; k < SG_NSRC; k++)
            left += r->src[k].n;
        if (left > 0)
            sg_rules_push(a, &saves, r);
    }
    return saves;
}

/* The rules of one direction in state: what EC2 reports, grouped the way
 * the local rule set (state or plan) groups it. */
static const tf_value *sg_rules_state(tf_arena *a, const tf_type *set_type,
                                      const aws_xml_node *sg, const char *perms_path,
                                      const char *group_id, const tf_value *local_set)
{
    const char *owner = aws_xml_text(sg, "ownerId");
    sg_rules remote = sg_gather(a, sg, perms_path, group_id, owner);
    sg_rules local = sg_rules_from_value(a, local_set);
    for (size_t i = 0; i < local.n; i++)
        local.v[i]->protocol = sg_protocol_norm(a, local.v[i]->protocol);
    sg_rules saves = sg_match(a, &local, &remote);
    return sg_rules_to_value(a, set_type, &saves);
}

/* ---- state ---- */

static const tf_type *sg_attr_type(const tf_value *obj, const char *name)
{
    int i = tf_type_attr_index(obj->type, name);
    assert(i >= 0);
    return obj->type->types[i];
}

/* Reads group id into a state built on base, whose ingress/egress are the
 * rules Terraform knows.  A null value when the group is gone (unless
 * must_exist), NULL with a diagnostic on error. */
const tf_value *ec2_sg_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                               const char *id, bool must_exist)
{
    tf_arena *a = ctx->arena;
    const aws_xml_node *sg;
    aws_error err;
    int rc = ec2_find_security_group(m->client, a, ctx->stop, id, &sg, &err);
    if (rc == EC2_NOT_FOUND && !must_exist)
        return tf_null(a, base->type);
    if (rc != EC2_FOUND) {
        aws_diag(ctx, &err, "reading Security Group (%s)", id);
        return NULL;
    }
    const char *owner = aws_xml_text(sg, "ownerId");
    const char *name = aws_xml_text(sg, "groupName");
    const char *prefix = aws_name_prefix_from_name(a, name);
    tf_objb b;
    tf_objb_init(&b, a, base->type, base);
    tf_objb_str(&b, "id", id);
    tf_objb_str(&b, "arn", tf_arena_printf(a, "arn:%s:ec2:%s:%s:security-group/%s",
                                           m->partition, m->region, owner ? owner : "", id));
    tf_objb_str(&b, "description", aws_xml_text(sg, "groupDescription"));
    tf_objb_str(&b, "name", name);
    tf_objb_str(&b, "name_prefix", prefix ? prefix : "");
    tf_objb_str(&b, "owner_id", owner);
    tf_objb_str(&b, "vpc_id", aws_xml_text(sg, "vpcId"));
    tf_objb_set(&b, "ingress", sg_rules_state(a, sg_attr_type(base, "ingress"), sg,
                                              "ipPermissions/item", id, tf_get(base, "ingress")));
    tf_objb_set(&b, "egress", sg_rules_state(a, sg_attr_type(base, "egress"), sg,
                                             "ipPermissionsEgress/item", id,
                                             tf_get(base, "egress")));
    size_t n;
    aws_kv *kv = ec2_tags_from_xml(a, sg, &n);
    aws_tags_set_state(&b, m, kv, n, tf_get(base, "tags"));
    return tf_objb_done(&b);
}

/* ---- changing rules ---- */

/* A rule with exactly one source, as EC2 stores it. */
typedef struct sg_single {
    const char *protocol; /* normalised */
    int64_t from, to;
    const char *description;
    int kind;             /* SG_CIDR4 .. SG_SELF */
    const char *source;   /* NULL for SG_SELF */
} sg_single;

typedef struct sg_singles {
    sg_single *v;
    size_t n, cap;
} sg_singles;

static void sg_singles_push(tf_arena *a, sg_singles *s, sg_single x)
{
    tf_arena_grow(a, (void **)&s->v, &s->cap, s->n + 1, sizeof *s->v);
    s->v[s->n++] = x;
}

/* securityGroupExpandRules: one single-source rule per source and per
 * self; equal ones collapse (the SDK keeps them in a set). */
static bool sg_single_eq(const sg_single *x, const sg_single *y);

static sg_singles sg_expand(tf_arena *a, const sg_rules *rules)
{
    sg_singles out = {0};
    for (size_t i = 0; i < rules->n; i++) {
        const sg_rule *r = rules->v[i];
        sg_single base = {.protocol = sg_protocol_norm(a, r->protocol), .from = r->from,
                          .to = r->to, .description = r->description};
        for (int k = 0; k <= SG_NSRC; k++) {
            size_t n = k == SG_SELF ? r->self : r->src[k].n;
            for (size_t j = 0; j < n; j++) {
                sg_single s = base;
                s.kind = k;
                s.source = k == SG_SELF ? NULL : r->src[k].v[j];
                bool dup = false;
                for (size_t d = 0; d < out.n && !dup; d++)
                    dup = sg_single_eq(&out.v[d], &s);
                if (!dup)
                    sg_singles_push(a, &out, s);
            }
        }
    }
    return out;
}

static bool sg_single_eq(const sg_single *x, const sg_single *y)
{
    return x->kind == y->kind && x->from == y->from && x->to == y->to &&
           strcmp(x->protocol, y->protocol) == 0 && strcmp(x->description, y->description) == 0 &&
           (x->source == y->source || (x->source && y->source && strcmp(x->source, y->source) == 0));
}

/* Rules of x that are not in y. */
static sg_singles sg_singles_minus(tf_arena *a, const sg_singles *x, const sg_singles *y)
{
    sg_singles out = {0};
    for (size_t i = 0; i < x->n; i++) {
        bool in_y = false;
        for (size_t j = 0; j < y->n && !in_y; j++)
            in_y = sg_single_eq(&x->v[i], &y->v[j]);
        if (!in_y)
            sg_singles_push(a, &out, x->v[i]);
    }
    return out;
}

/* IpPermissions.N for rules, one permission per protocol, port range and
 * description (securityGroupCollapseRules + expandIPPerms). */
static void sg_perms_params(tf_arena *a, aws_params *p, const sg_singles *rules, const char *group_id)
{
    static const char *const list[] = {"IpRanges", "Ipv6Ranges", "PrefixListIds", "Groups"};
    static const char *const field[] = {"CidrIp", "CidrIpv6", "PrefixListId", "GroupId"};
    bool *done = tf_arena_calloc(a, rules->n + 1, sizeof *done);
    int perm = 0;
    for (size_t i = 0; i < rules->n; i++) {
        if (done[i])
            continue;
        const sg_single *head = &rules->v[i];
        perm++;
        aws_params_add(p, aws_params_key(p, "IpPermissions.%d.IpProtocol", perm), head->protocol);
        if (strcmp(head->protocol, "-1") != 0) {
            aws_params_addf(p, aws_params_key(p, "IpPermissions.%d.FromPort", perm), "%lld",
                            (long long)head->from);
            aws_params_addf(p, aws_params_key(p, "IpPermissions.%d.ToPort", perm), "%lld",
                            (long long)head->to);
        }
        int count[SG_NSRC] = {0};
        for (size_t j = i; j < rules->n; j++) {
            const sg_single *s = &rules->v[j];
            if (done[j] || s->from != head->from || s->to != head->to ||
                strcmp(s->protocol, head->protocol) != 0 ||
                strcmp(s->description, head->description) != 0)
                continue;
            done[j] = true;
            int k = s->kind == SG_SELF ? SG_GROUP : s->kind;
            int n = ++count[k];
            const char *src = s->kind == SG_SELF ? group_id : s->source;
            if (k == SG_GROUP) {
                const char *slash = strchr(src, '/');
                if (slash) {
                    aws_params_add(p, aws_params_key(p, "IpPermissions.%d.Groups.%d.UserId", perm,
                                                     n),
                                   tf_arena_strndup(a, src, (size_t)(slash - src)));
                    src = slash + 1;
                }
            }
            aws_params_add(p, aws_params_key(p, "IpPermissions.%d.%s.%d.%s", perm, list[k], n,
                                             field[k]),
                           src);
            if (s->description[0])
                aws_params_add(p, aws_params_key(p, "IpPermissions.%d.%s.%d.Description", perm,
                                                 list[k], n),
                               s->description);
        }
    }
}

/* What an Authorize call makes: its rules in the group. */
typedef struct sg_rules_key {
    aws_client *c;
    const volatile int *stop;
    const char *id;
    bool egress;
    const sg_singles *rules;
} sg_rules_key;

/* aws_create_lookup_fn for Authorize*: "" when every rule of the call is in
 * the group (EC2 adds a call's rules all or none). */
static int sg_rules_lookup(void *ud, tf_arena *a, const char ***ids, size_t *n, aws_error *err)
{
    const sg_rules_key *k = ud;
    const aws_xml_node *group;
    int rc = ec2_find_security_group(k->c, a, k->stop, k->id, &group, err);
    if (rc < 0)
        return -1;
    static const char *const present[] = {""};
    *ids = (const char **)present;
    *n = 0;
    if (rc != EC2_FOUND)
        return 0;
    sg_rules have = sg_gather(a, group, k->egress ? "ipPermissionsEgress/item" : "ipPermissions/item",
                              k->id, aws_xml_text(group, "ownerId"));
    sg_singles have1 = sg_expand(a, &have);
    *n = sg_singles_minus(a, k->rules, &have1).n == 0 ? 1 : 0;
    return 0;
}

/* Revokes the rules only in old_set and authorizes those only in new_set
 * (ingress or egress).  Revoking first avoids authorizing a source that
 * is already there under another description. */
static int sg_update_rules(tf_ctx *ctx, aws_client *c, const char *id, bool egress,
                           const tf_value *old_set, const tf_value *new_set)
{
    tf_arena *a = ctx->arena;
    if (tf_is_unknown(new_set) || tf_value_equal(old_set, new_set))
        return 0;
    sg_rules olds = sg_rules_from_value(a, old_set), news = sg_rules_from_value(a, new_set);
    sg_singles o = sg_expand(a, &olds), n = sg_expand(a, &news);
    sg_singles del = sg_singles_minus(a, &o, &n), add = sg_singles_minus(a, &n, &o);
    const char *dir = egress ? "Egress" : "Ingress";
    struct { const sg_singles *rules; const char *verb; } steps[] = {
        {&del, "Revoke"}, {&add, "Authorize"},
    };
    for (size_t i = 0; i < 2; i++) {
        if (steps[i].rules->n == 0)
            continue;
        aws_params *p = aws_params_new(a);
        aws_params_add(p, "GroupId", id);
        sg_perms_params(a, p, steps[i].rules, id);
        const char *action = tf_arena_printf(a, "%sSecurityGroup%s", steps[i].verb, dir);
        aws_xml_node *out;
        aws_error err;
        int rc;
        if (i == 1) {
            sg_rules_key key = {.c = c, .stop = ctx->stop, .id = id, .egress = egress,
                                .rules = steps[i].rules};
            aws_create_once once = {.service = "ec2", .operation = action,
                                    .lookup = sg_rules_lookup, .ud = &key};
            const char *adopted;
            rc = aws_create_once_query(c, a, ctx->stop, &once, p, &out, &adopted, &err);
        } else {
            rc = aws_query_call(c, a, ctx->stop, "ec2", action, p, &out, &err);
            /* A revoke whose earlier attempt acted finds nothing to revoke. */
            if (rc != 0 && err.earlier_attempt_unknown &&
                aws_error_is(&err, "InvalidPermission.NotFound"))
                rc = 0;
        }
        if (rc != 0) {
            aws_diag(ctx, &err, "updating Security Group (%s) %s rules: %s", id,
                     egress ? "egress" : "ingress", action);
            return -1;
        }
    }
    return 0;
}

/* ---- create ---- */

typedef struct sg_wait {
    tf_ctx *ctx;
    aws_client *c;
    const char *id;
    int seen;
    const aws_xml_node *item;
} sg_wait;

static aws_wait_status sg_created_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    sg_wait *w = ud;
    int rc = ec2_find_security_group(w->c, w->ctx->arena, w->ctx->stop, w->id, &w->item, err);
    if (rc == -1)
        return AWS_WAIT_FAIL;
    w->seen = rc == EC2_FOUND ? w->seen + 1 : 0;
    if (w->seen >= SG_CREATE_SEEN)
        return AWS_WAIT_DONE;
    snprintf(state, state_len, "%s", rc == EC2_FOUND ? "found" : "not found");
    return AWS_WAIT_CONTINUE;
}

/* EC2 gives every new group an allow-all egress rule; hashicorp/aws removes
 * it (and the IPv6 one, which only exists in IPv6 VPCs) so that a group
 * has only the rules the configuration gives it. */
static int sg_revoke_default_egress(tf_ctx *ctx, aws_client *c, const char *id)
{
    static const struct { const char *list, *field, *cidr; } dflt[] = {
        {"IpRanges", "CidrIp", "0.0.0.0/0"},
        {"Ipv6Ranges", "CidrIpv6", "::/0"},
    };
    for (size_t i = 0; i < 2; i++) {
        aws_params *p = aws_params_new(ctx->arena);
        aws_params_add(p, "GroupId", id);
        aws_params_add(p, "IpPermissions.1.IpProtocol", "-1");
        aws_params_add(p, "IpPermissions.1.FromPort", "0");
        aws_params_add(p, "IpPermissions.1.ToPort", "0");
        aws_params_add(p, aws_params_key(p, "IpPermissions.1.%s.1.%s", dflt[i].list,
                                         dflt[i].field),
                       dflt[i].cidr);
        aws_xml_node *out;
        aws_error err;
        if (aws_query_call(c, ctx->arena, ctx->stop, "ec2", "RevokeSecurityGroupEgress", p, &out,
                           &err) == 0)
            continue;
        bool absent = aws_error_is(&err, "InvalidPermission.NotFound") ||
                      (aws_error_is(&err, "InvalidParameterValue") &&
                       strstr(err.message, "remote-ipv6-range"));
        /* The IPv6 rule exists only in IPv6 VPCs.  The IPv4 one can be gone
         * because an earlier attempt of this revoke acted, one the client
         * may not even have seen (libcurl resends a request by itself when
         * a reused connection closes without an answer): either way the
         * group has no default rule, which is what this call is for. */
        if (absent)
            continue;
        aws_diag(ctx, &err, "revoking default %s egress rule for Security Group (%s)",
                 i == 0 ? "IPv4" : "IPv6", id);
        return -1;
    }
    return 0;
}

static const tf_value *sg_partial(tf_ctx *ctx, const tf_value *planned, const char *id,
                                  const char *name)
{
    tf_arena *a = ctx->arena;
    planned = tf_object_with(a, planned, "id", tf_string(a, id));
    return tf_object_with(a, planned, "name", tf_string(a, name));
}

static const tf_value *security_group_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *name = aws_name_or_generated(a, tf_get_str(planned, "name", NULL),
                                             tf_get_str(planned, "name_prefix", NULL));
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "GroupName", name);
    aws_params_add(p, "GroupDescription", tf_get_str(planned, "description", NULL));
    const char *vpc = tf_get_str(planned, "vpc_id", "");
    if (vpc[0])
        aws_params_add(p, "VpcId", vpc);
    size_t nt;
    aws_kv *tags = aws_tags_from_map(a, tf_get(planned, "tags_all"), &nt);
    ec2_tag_specs(p, 1, "security-group", tags, nt);
    /* A group's name is unique within its VPC. */
    ec2_lookup lk;
    ec2_lookup_init(&lk, m->client, ctx->stop, "DescribeSecurityGroups", "securityGroupInfo/item",
                    "groupId");
    ec2_lookup_filter(&lk, "vpc-id", vpc);
    ec2_lookup_filter(&lk, "group-name", name);
    aws_create_once once = {.service = "ec2", .operation = "CreateSecurityGroup",
                            .lookup = ec2_lookup_ids, .ud = &lk};
    aws_xml_node *out;
    const char *adopted;
    aws_error err;
    if (aws_create_once_query(m->client, a, ctx->stop, &once, p, &out, &adopted, &err)) {
        aws_diag(ctx, &err, "creating Security Group (%s)", name);
        return NULL;
    }
    const char *id = adopted ? adopted : aws_xml_text(out, "groupId");
    if (!id) {
        tf_diag_error(ctx->diags, NULL, "creating Security Group: no group ID in the answer",
                      "CreateSecurityGroup succeeded but returned no groupId.");
        return NULL;
    }
    sg_wait w = {.ctx = ctx, .c = m->client, .id = id};
    if (aws_wait(ctx->stop, aws_timeout(planned, "create", SG_CREATE_S), sg_created_poll, &w,
                 &err) != 0) {
        aws_diag(ctx, &err, "waiting for Security Group (%s) create", id);
        return sg_partial(ctx, planned, id, name);
    }
    const char *group_vpc = aws_xml_text(w.item, "vpcId");
    if (group_vpc && group_vpc[0] && sg_revoke_default_egress(ctx, m->client, id) != 0)
        return sg_partial(ctx, planned, id, name);
    const tf_value *none = tf_null(a, sg_attr_type(planned, "ingress"));
    if (sg_update_rules(ctx, m->client, id, false, none, tf_get(planned, "ingress")) != 0 ||
        sg_update_rules(ctx, m->client, id, true, none, tf_get(planned, "egress")) != 0)
        return sg_partial(ctx, planned, id, name);
    const tf_value *st = ec2_sg_refresh(ctx, m, planned, id, true);
    return st ? st : sg_partial(ctx, planned, id, name);
}

/* ---- read, update ---- */

static const tf_value *security_group_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    return ec2_sg_refresh(ctx, m, state, tf_get_str(state, "id", ""), false);
}

const tf_value *ec2_sg_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(prior, "id", "");
    const tf_value *old_all = tf_get(prior, "tags_all"), *new_all = tf_get(planned, "tags_all");
    aws_error err;
    if (!tf_value_equal(old_all, new_all) &&
        ec2_update_tags(m->client, a, ctx->stop, id, old_all, new_all, &err) != 0) {
        aws_diag(ctx, &err, "updating tags of Security Group (%s)", id);
        return NULL;
    }
    if (sg_update_rules(ctx, m->client, id, false, tf_get(prior, "ingress"),
                        tf_get(planned, "ingress")) != 0 ||
        sg_update_rules(ctx, m->client, id, true, tf_get(prior, "egress"),
                        tf_get(planned, "egress")) != 0) {
        /* Some rules may have changed: a refresh shows what is there. */
        const tf_value *st = ec2_sg_refresh(ctx, m, prior, id, true);
        return st ? st : prior;
    }
    return ec2_sg_refresh(ctx, m, planned, id, true);
}

/* ---- delete ---- */

/* A rule found by DescribeSecurityGroupRules. */
typedef struct sg_rule_ref {
    const char *rule_id, *group_id;
    bool egress;
} sg_rule_ref;

typedef struct sg_touching {
    tf_arena *a;
    const char *id;
    bool others;              /* rules of other groups referring to id too */
    sg_rule_ref *v;
    size_t n, cap;
} sg_touching;

static int sg_touching_page(void *ud, const aws_xml_node *page, aws_error *err)
{
    (void)err;
    sg_touching *t = ud;
    for (const aws_xml_node *r = aws_xml_first(page, "securityGroupRuleSet/item"); r;
         r = aws_xml_next(r)) {
        const char *rid = aws_xml_text(r, "securityGroupRuleId");
        const char *gid = aws_xml_text(r, "groupId");
        const char *ref = aws_xml_text(r, "referencedGroupInfo/groupId");
        if (!rid || !gid)
            continue;
        if (strcmp(gid, t->id) != 0 && !(t->others && ref && strcmp(ref, t->id) == 0))
            continue;
        tf_arena_grow(t->a, (void **)&t->v, &t->cap, t->n + 1, sizeof *t->v);
        t->v[t->n++] = (sg_rule_ref){.rule_id = rid, .group_id = gid,
                                     .egress = aws_xml_bool(r, "isEgress", 0)};
    }
    return 0;
}

/* revoke_rules_on_delete: every rule of the group, and (others) every rule
 * of other groups that refers to it, revoked by rule id, so that groups
 * referring to each other can be deleted (forceRevokeSecurityGroupRules). */
int ec2_sg_revoke_rules(tf_ctx *ctx, aws_client *c, const char *id, bool others)
{
    tf_arena *a = ctx->arena;
    sg_touching t = {.id = id, .a = a, .others = others};
    aws_params *p = aws_params_new(a);
    aws_error err;
    if (aws_query_pages(c, a, ctx->stop, "ec2", "DescribeSecurityGroupRules", p, "NextToken",
                        "nextToken", sg_touching_page, &t, &err) != 0) {
        aws_diag(ctx, &err, "reading rules touching Security Group (%s)", id);
        return -1;
    }
    for (size_t i = 0; i < t.n; i++) {
        const sg_rule_ref *r = &t.v[i];
        aws_params *q = aws_params_new(a);
        aws_params_add(q, "GroupId", r->group_id);
        aws_params_add(q, "SecurityGroupRuleId.1", r->rule_id);
        aws_xml_node *out;
        const char *action = r->egress ? "RevokeSecurityGroupEgress" : "RevokeSecurityGroupIngress";
        if (aws_query_call(c, a, ctx->stop, "ec2", action, q, &out, &err) == 0 ||
            aws_error_is(&err, "InvalidSecurityGroupRuleId.NotFound") ||
            aws_error_is(&err, "InvalidPermission.NotFound"))
            continue;
        aws_diag(ctx, &err, "revoking Security Group (%s) rule (%s)", r->group_id, r->rule_id);
        return -1;
    }
    return 0;
}

static aws_wait_status sg_gone_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    sg_wait *w = ud;
    int rc = ec2_find_security_group(w->c, w->ctx->arena, w->ctx->stop, w->id, &w->item, err);
    if (rc == EC2_NOT_FOUND)
        return AWS_WAIT_DONE;
    if (rc == -1)
        return AWS_WAIT_FAIL;
    snprintf(state, state_len, "exists");
    return AWS_WAIT_CONTINUE;
}

static void security_group_delete(tf_ctx *ctx, const tf_value *prior)
{
    static const char *const busy[] = {"DependencyViolation", "InvalidGroup.InUse", NULL};
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(prior, "id", "");
    bool revoke = tf_get_bool(prior, "revoke_rules_on_delete", false);
    double timeout = aws_timeout(prior, "delete", SG_DELETE_S);
    /* Interfaces Lambda, Comprehend or DMS left in the group would hold it. */
    if (ec2_delete_lingering_enis(ctx, m->client, "group-id", id, timeout,
                                  tf_arena_printf(a, "deleting ENIs using Security Group (%s)",
                                                  id)) != 0)
        return;
    if (revoke && ec2_sg_revoke_rules(ctx, m->client, id, true) != 0)
        return;
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "GroupId", id);
    aws_xml_node *out;
    aws_error err;
    double first = revoke && timeout > SG_DELETE_FIRST_S ? SG_DELETE_FIRST_S : timeout;
    int rc = ec2_call_retry(m->client, a, ctx->stop, "DeleteSecurityGroup", p, &out, first, busy,
                            &err);
    if (rc != 0 && revoke && timeout > first && aws_error_is(&err, "DependencyViolation")) {
        /* Rules added since the first revoke (by other applies) still hold
         * the group: revoke again, then keep trying for the rest. */
        if (ec2_sg_revoke_rules(ctx, m->client, id, true) != 0)
            return;
        rc = ec2_call_retry(m->client, a, ctx->stop, "DeleteSecurityGroup", p, &out,
                            timeout - first, busy, &err);
    }
    if (rc != 0 && aws_error_is(&err, "InvalidGroup.NotFound"))
        return;
    if (rc != 0) {
        aws_diag(ctx, &err, "deleting Security Group (%s)", id);
        return;
    }
    sg_wait w = {.ctx = ctx, .c = m->client, .id = id};
    if (aws_wait(ctx->stop, timeout, sg_gone_poll, &w, &err) != 0)
        aws_diag(ctx, &err, "waiting for Security Group (%s) delete", id);
}

const tf_resource_def aws_ec2_security_group_def = {
    .type_name = "aws_security_group",
    .version = 1,
    .schema = &aws_schema_resource_aws_security_group,
    .validate = ec2_sg_validate,
    .modify_plan = ec2_sg_modify_plan,
    .create = security_group_create,
    .read = security_group_read,
    .update = ec2_sg_update,
    .delete = security_group_delete,
};

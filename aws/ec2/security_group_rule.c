/* security_group_rule.c - aws_security_group_rule: one classic rule of a
 * security group, kept apart from the group's inline rules.
 *
 * A rule is the IpPermission its arguments expand to (one protocol and
 * port range, any number of sources of one kind, one description).  EC2
 * stores one rule per source; this resource exists while the group has
 * every source of its permission (hashicorp/aws's findRuleMatch).  The id
 * is hashicorp's "sgrule-<crc32>" of the group, ports, protocol, type and
 * sorted sources; the import ID is SGID_TYPE_PROTOCOL_FROM_TO_SOURCE[_...].
 * Only the description changes in place (UpdateSecurityGroupRuleDescriptions).
 * The schema is generated from aws/schema/aws.schema. */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "ec2_find.h"
#include "iam/policy_json.h"
#include "plan.h"
#include "provider_meta.h"
#include "resources.h"
#include "security_group.h"
#include "value_build.h"

#define SGR_CREATE_S (5 * 60)

enum { R_CIDR4, R_CIDR6, R_PL, R_GROUP, R_NKIND };

static const char *const r_field[R_NKIND] = {
    "cidr_blocks", "ipv6_cidr_blocks", "prefix_list_ids", NULL,
};

typedef struct sgr_src {
    const char *v;    /* CIDR, prefix list id or group id */
    const char *user; /* R_GROUP: the owner of "account/sg-id", or NULL */
} sgr_src;

/* expandIPPermission: what the arguments ask EC2 for. */
typedef struct sgr_perm {
    const char *protocol; /* normalised */
    bool ports;           /* false for "-1" */
    int64_t from, to;
    sgr_src *src[R_NKIND];
    size_t n[R_NKIND];
    const char *description; /* NULL: none */
} sgr_perm;

static void perm_push(tf_arena *a, sgr_perm *p, int k, const char *v, const char *user)
{
    sgr_src *n = tf_arena_calloc(a, p->n[k] + 1, sizeof *n);
    if (p->n[k])
        memcpy(n, p->src[k], p->n[k] * sizeof *n);
    n[p->n[k]++] = (sgr_src){.v = v, .user = user};
    p->src[k] = n;
}

static bool sgr_egress(const tf_value *v)
{
    return strcmp(tf_get_str(v, "type", ""), "egress") == 0;
}

static sgr_perm perm_from(tf_arena *a, const tf_value *v, const char *group_id)
{
    sgr_perm p = {0};
    p.protocol = ec2_sg_protocol_norm(a, tf_get_str(v, "protocol", ""));
    p.ports = strcmp(p.protocol, "-1") != 0;
    if (p.ports) {
        p.from = tf_get_i64(v, "from_port", 0);
        p.to = tf_get_i64(v, "to_port", 0);
    }
    for (int k = 0; k < R_GROUP; k++) {
        const tf_value *l = tf_get(v, r_field[k]);
        if (!tf_is_known(l))
            continue;
        for (size_t i = 0; i < l->u.coll.n; i++)
            if (tf_is_known(l->u.coll.items[i]))
                perm_push(a, &p, k, l->u.coll.items[i]->u.str.ptr, NULL);
    }
    const char *self = NULL;
    if (tf_get_bool(v, "self", false)) {
        self = group_id;
        perm_push(a, &p, R_GROUP, group_id, NULL);
    }
    const char *src = tf_get_str(v, "source_security_group_id", "");
    if (src[0] && !(self && strcmp(src, self) == 0)) {
        const char *slash = strchr(src, '/');
        if (slash)
            perm_push(a, &p, R_GROUP, slash + 1, tf_arena_strndup(a, src, (size_t)(slash - src)));
        else
            perm_push(a, &p, R_GROUP, src, NULL);
    }
    const char *d = tf_get_str(v, "description", "");
    p.description = d[0] ? d : NULL;
    return p;
}

static void perm_params(tf_arena *a, aws_params *q, const sgr_perm *p)
{
    static const char *const list[] = {"IpRanges", "Ipv6Ranges", "PrefixListIds", "Groups"};
    static const char *const field[] = {"CidrIp", "CidrIpv6", "PrefixListId", "GroupId"};
    (void)a;
    aws_params_add(q, "IpPermissions.1.IpProtocol", p->protocol);
    if (p->ports) {
        aws_params_addf(q, "IpPermissions.1.FromPort", "%lld", (long long)p->from);
        aws_params_addf(q, "IpPermissions.1.ToPort", "%lld", (long long)p->to);
    }
    for (int k = 0; k < R_NKIND; k++)
        for (size_t i = 0; i < p->n[k]; i++) {
            int n = (int)i + 1;
            aws_params_add(q, aws_params_key(q, "IpPermissions.1.%s.%d.%s", list[k], n, field[k]),
                           p->src[k][i].v);
            if (k == R_GROUP && p->src[k][i].user)
                aws_params_add(q, aws_params_key(q, "IpPermissions.1.Groups.%d.UserId", n),
                               p->src[k][i].user);
            if (p->description)
                aws_params_add(q, aws_params_key(q, "IpPermissions.1.%s.%d.Description", list[k],
                                                 n),
                               p->description);
        }
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* securityGroupRuleCreateID. */
static const char *perm_id(tf_arena *a, const char *group_id, bool egress, const sgr_perm *p)
{
    char *buf = tf_arena_printf(a, "%s-", group_id);
    if (p->ports && p->from > 0)
        buf = tf_arena_printf(a, "%s%lld-", buf, (long long)p->from);
    if (p->ports && p->to > 0)
        buf = tf_arena_printf(a, "%s%lld-", buf, (long long)p->to);
    buf = tf_arena_printf(a, "%s%s-%s-", buf, p->protocol, egress ? "egress" : "ingress");
    for (int k = 0; k < R_NKIND; k++) {
        const char **s = tf_arena_calloc(a, p->n[k] + 1, sizeof *s);
        for (size_t i = 0; i < p->n[k]; i++)
            s[i] = p->src[k][i].v;
        qsort(s, p->n[k], sizeof *s, cmp_str);
        for (size_t i = 0; i < p->n[k]; i++)
            /* group pairs are written "GroupId-" then "-" for no GroupName */
            buf = tf_arena_printf(a, "%s%s-%s", buf, s[i], k == R_GROUP ? "-" : "");
    }
    return tf_arena_printf(a, "sgrule-%lu", (unsigned long)pj_crc32(buf, strlen(buf)));
}

/* findRuleMatch over the group's IpPermissions(Egress): the permission
 * holding every source of p (the last one when several do); *desc gets
 * the first description seen on a matching source, as hashicorp's does. */
static const aws_xml_node *perm_match(const aws_xml_node *sg, bool egress, const sgr_perm *p,
                                      const char **desc)
{
    static const char *const list[] = {"ipRanges/item", "ipv6Ranges/item", "prefixListIds/item",
                                       "groups/item"};
    static const char *const field[] = {"cidrIp", "cidrIpv6", "prefixListId", "groupId"};
    const aws_xml_node *rule = NULL;
    *desc = NULL;
    for (const aws_xml_node *r = aws_xml_first(sg, egress ? "ipPermissionsEgress/item"
                                                          : "ipPermissions/item");
         r; r = aws_xml_next(r)) {
        const char *proto = aws_xml_text(r, "ipProtocol");
        if (p->ports && aws_xml_text(r, "toPort") && aws_xml_int(r, "toPort", 0) != p->to)
            continue;
        if (p->ports && aws_xml_text(r, "fromPort") && aws_xml_int(r, "fromPort", 0) != p->from)
            continue;
        if (proto && strcmp(proto, p->protocol) != 0)
            continue;
        bool all = true;
        for (int k = 0; k < R_NKIND && all; k++) {
            size_t remaining = p->n[k];
            for (size_t i = 0; i < p->n[k]; i++)
                for (const aws_xml_node *s = aws_xml_first(r, list[k]); s; s = aws_xml_next(s)) {
                    const char *v = aws_xml_text(s, field[k]);
                    if (!v || strcmp(v, p->src[k][i].v) != 0)
                        continue;
                    remaining--;
                    const char *d = aws_xml_text(s, "description");
                    if (d && !*desc)
                        *desc = d;
                }
            if (remaining > 0) {
                all = false;
                if (k == R_GROUP)
                    *desc = NULL;
            }
        }
        if (all)
            rule = r;
    }
    return rule;
}

/* findSecurityGroupRuleMatch: the sgr- id of a single-source rule. */
typedef struct sgr_id_find {
    const sgr_perm *p;
    bool egress;
    const char *found;
} sgr_id_find;

static int sgr_id_page(void *ud, const aws_xml_node *page, aws_error *err)
{
    (void)err;
    sgr_id_find *f = ud;
    const sgr_perm *p = f->p;
    size_t total = p->n[R_CIDR4] + p->n[R_CIDR6] + p->n[R_PL] + p->n[R_GROUP];
    for (const aws_xml_node *r = aws_xml_first(page, "securityGroupRuleSet/item"); r && !f->found;
         r = aws_xml_next(r)) {
        if (!f->egress && aws_xml_bool(r, "isEgress", 0))
            continue;
        if (p->ports && aws_xml_text(r, "toPort") && aws_xml_int(r, "toPort", 0) != p->to)
            continue;
        if (p->ports && aws_xml_text(r, "fromPort") && aws_xml_int(r, "fromPort", 0) != p->from)
            continue;
        const char *proto = aws_xml_text(r, "ipProtocol");
        if (proto && strcmp(proto, p->protocol) != 0)
            continue;
        static const char *const field[] = {"cidrIpv4", "cidrIpv6", "prefixListId",
                                            "referencedGroupInfo/groupId"};
        for (int k = 0; k < R_NKIND; k++) {
            const char *v = aws_xml_text(r, field[k]);
            if (!v)
                continue;
            if (p->n[k] == 1 && total == 1 && strcmp(p->src[k][0].v, v) == 0)
                f->found = aws_xml_text(r, "securityGroupRuleId");
            break;
        }
    }
    return 0;
}

static int sgr_find_rule_id(tf_ctx *ctx, aws_client *c, const char *group_id, bool egress,
                            const sgr_perm *p, const char **id, aws_error *err)
{
    aws_params *q = aws_params_new(ctx->arena);
    aws_params_add(q, "Filter.1.Name", "group-id");
    aws_params_add(q, "Filter.1.Value.1", group_id);
    sgr_id_find f = {.p = p, .egress = egress};
    if (aws_query_pages(c, ctx->arena, ctx->stop, "ec2", "DescribeSecurityGroupRules", q,
                        "NextToken", "nextToken", sgr_id_page, &f, err) != 0)
        return -1;
    *id = f.found ? f.found : "";
    return 0;
}

/* ---- validation and plan ---- */

static const tf_validator v_cidr4[] = {TF_V_IPV4_CIDR(0, 32), TF_V_END};
static const tf_validator v_cidr6[] = {TF_V_IPV6_CIDR, TF_V_END};
static const tf_validator v_nonempty[] = {TF_V_STRLEN(1, 1 << 20), TF_V_END};

static void sgr_validate(tf_ctx *ctx, const tf_value *config)
{
    static const tf_validator *const checks[] = {v_cidr4, v_cidr6, v_nonempty};
    for (int k = 0; k < R_GROUP; k++) {
        const tf_value *l = tf_get(config, r_field[k]);
        if (!tf_is_known(l))
            continue;
        const tf_path *at = tf_path_attr(ctx->arena, tf_path_root(ctx->arena), r_field[k]);
        for (size_t i = 0; i < l->u.coll.n; i++)
            tf_validate_run(ctx->arena, ctx->diags, tf_path_index(ctx->arena, at, (int64_t)i),
                            r_field[k], checks[k], l->u.coll.items[i]);
    }
    tf_validate_run(ctx->arena, ctx->diags,
                    tf_path_attr(ctx->arena, tf_path_root(ctx->arena), "description"),
                    "description", ec2_sg_rule_description, tf_get(config, "description"));
}

/* protocol is planned through protocolStateFunc; from_port/to_port keep a
 * prior 0 for the all-protocols rule (hashicorp's DiffSuppressFunc for
 * configurations written with 0-65535). */
static void sgr_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->planned))
        return;
    tf_arena *a = ctx->arena;
    const tf_value *proto = tf_get(req->planned, "protocol");
    if (!tf_is_known(proto))
        return;
    const char *norm = ec2_sg_protocol_norm(a, proto->u.str.ptr);
    if (strcmp(norm, proto->u.str.ptr) != 0) {
        req->planned = tf_object_with(a, req->planned, "protocol", tf_string(a, norm));
        req->legacy_type_system = true;
    }
    if (strcmp(norm, "-1") != 0 || tf_is_null(req->prior))
        return;
    bool suppressed = false;
    static const char *const ports[] = {"from_port", "to_port"};
    for (int i = 0; i < 2; i++) {
        const tf_value *old = tf_get(req->prior, ports[i]);
        int64_t o;
        if (tf_is_known(old) && tf_number_to_i64(old, &o) && o == 0 &&
            !tf_value_equal(old, tf_get(req->planned, ports[i]))) {
            req->planned = tf_object_with(a, req->planned, ports[i], old);
            suppressed = true;
        }
    }
    if (!suppressed)
        return;
    /* The suppressed ports no longer force replacement. */
    size_t keep = 0;
    for (size_t i = 0; i < req->n_replace; i++) {
        const tf_path *pth = req->replace[i];
        const char *name = pth->n && pth->steps[0].kind == TF_STEP_ATTR ? pth->steps[0].name : NULL;
        if (name && (strcmp(name, "from_port") == 0 || strcmp(name, "to_port") == 0) &&
            tf_value_equal(tf_get(req->prior, name), tf_get(req->planned, name)))
            continue;
        req->replace[keep++] = pth;
    }
    req->n_replace = keep;
    req->legacy_type_system = true;
}

/* ---- the group ---- */

static int sgr_group(tf_ctx *ctx, const aws_meta *m, const char *id, const aws_xml_node **sg,
                     bool quiet_missing)
{
    aws_error err;
    int rc = ec2_find_security_group(m->client, ctx->arena, ctx->stop, id, sg, &err);
    if (rc == EC2_NOT_FOUND && quiet_missing)
        return rc;
    if (rc != EC2_FOUND) {
        if (rc == EC2_NOT_FOUND)
            tf_diag_error(ctx->diags, NULL, "reading Security Group",
                          "Security Group (%s) not found.", id);
        else
            aws_diag(ctx, &err, "reading Security Group (%s)", id);
        return -1;
    }
    return rc;
}

/* ---- create ---- */

typedef struct sgr_key {
    tf_ctx *ctx;
    aws_client *c;
    const char *group_id;
    bool egress;
    const sgr_perm *p;
} sgr_key;

/* Whether the group already holds the rule (an earlier attempt acted). */
static int sgr_lookup(void *ud, tf_arena *a, const char ***ids, size_t *n, aws_error *err)
{
    const sgr_key *k = ud;
    const aws_xml_node *sg;
    int rc = ec2_find_security_group(k->c, a, k->ctx->stop, k->group_id, &sg, err);
    if (rc < 0)
        return -1;
    static const char *const present[] = {""};
    *ids = (const char **)present;
    const char *d;
    *n = rc == EC2_FOUND && perm_match(sg, k->egress, k->p, &d) ? 1 : 0;
    return 0;
}

typedef struct sgr_wait {
    sgr_key *k;
} sgr_wait;

static aws_wait_status sgr_present_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    const sgr_key *k = ud;
    const aws_xml_node *sg;
    int rc = ec2_find_security_group(k->c, k->ctx->arena, k->ctx->stop, k->group_id, &sg, err);
    if (rc < 0)
        return AWS_WAIT_FAIL;
    const char *d;
    if (rc == EC2_FOUND && perm_match(sg, k->egress, k->p, &d))
        return AWS_WAIT_DONE;
    snprintf(state, state_len, "rule not found");
    return AWS_WAIT_CONTINUE;
}

static const tf_value *sgr_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *gid = tf_get_str(planned, "security_group_id", "");
    const aws_xml_node *sg;
    if (sgr_group(ctx, m, gid, &sg, false) < 0)
        return NULL;
    bool egress = sgr_egress(planned);
    sgr_perm p = perm_from(a, planned, gid);
    const char *id = perm_id(a, gid, egress, &p);
    aws_params *q = aws_params_new(a);
    aws_params_add(q, "GroupId", gid);
    perm_params(a, q, &p);
    const char *action = egress ? "AuthorizeSecurityGroupEgress" : "AuthorizeSecurityGroupIngress";
    sgr_key key = {.ctx = ctx, .c = m->client, .group_id = gid, .egress = egress, .p = &p};
    aws_create_once once = {.service = "ec2", .operation = action, .lookup = sgr_lookup,
                            .ud = &key};
    aws_xml_node *out = NULL;
    const char *adopted = NULL;
    aws_error err;
    if (aws_create_once_query(m->client, a, ctx->stop, &once, q, &out, &adopted, &err) != 0) {
        if (aws_error_is(&err, "InvalidPermission.Duplicate"))
            tf_diag_error(ctx->diags, NULL, "duplicate Security Group rule",
                          "[WARN] A duplicate Security Group rule was found on (%s). This may be\n"
                          "a side effect of a now-fixed Terraform issue causing two security "
                          "groups with\nidentical attributes but different "
                          "source_security_group_ids to overwrite each\nother in the state. See "
                          "https://github.com/hashicorp/terraform/pull/2376 for more\ninformation "
                          "and instructions for recovery. Error: %s: %s",
                          gid, err.code, err.message);
        else
            aws_diag(ctx, &err, "authorizing Security Group (%s) Rule (%s)", gid, id);
        return NULL;
    }
    /* hashicorp/aws sets the one rule's id, "" when the call made several */
    const char *rule_id = "";
    if (!adopted && out) {
        const aws_xml_node *first = aws_xml_first(out, "securityGroupRuleSet/item");
        if (first && !aws_xml_next(first))
            rule_id = aws_xml_text(first, "securityGroupRuleId");
    }
    tf_objb b;
    tf_objb_init(&b, a, planned->type, planned);
    tf_objb_str(&b, "id", id);
    tf_objb_str(&b, "security_group_rule_id", rule_id);
    const tf_value *st = tf_objb_done(&b);
    if (aws_wait(ctx->stop, aws_timeout(planned, "create", SGR_CREATE_S), sgr_present_poll, &key,
                 &err) != 0) {
        aws_diag(ctx, &err, "waiting for Security Group (%s) Rule (%s) create", gid, id);
        return st;
    }
    return st;
}

/* ---- read ---- */

static const tf_value *str_list_or_keep(tf_arena *a, const sgr_perm *p, int k,
                                        const tf_value *old)
{
    if (p->n[k] == 0)
        return old;
    const char **v = tf_arena_calloc(a, p->n[k] + 1, sizeof *v);
    for (size_t i = 0; i < p->n[k]; i++)
        v[i] = p->src[k][i].v;
    return tf_string_list(a, v, p->n[k]);
}

static const tf_value *sgr_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *gid = tf_get_str(state, "security_group_id", "");
    const aws_xml_node *sg;
    int rc = sgr_group(ctx, m, gid, &sg, true);
    if (rc == EC2_NOT_FOUND)
        return tf_null(a, state->type);
    if (rc < 0)
        return NULL;
    bool egress = sgr_egress(state);
    sgr_perm p = perm_from(a, state, gid);
    const char *desc;
    if (!perm_match(sg, egress, &p, &desc))
        return tf_null(a, state->type); /* revoked outside Terraform */
    tf_objb b;
    tf_objb_init(&b, a, state->type, state);
    tf_objb_i64(&b, "from_port", p.ports ? p.from : 0);
    tf_objb_i64(&b, "to_port", p.ports ? p.to : 0);
    tf_objb_str(&b, "protocol", p.protocol);
    for (int k = 0; k < R_GROUP; k++)
        tf_objb_set(&b, r_field[k], str_list_or_keep(a, &p, k, tf_get(state, r_field[k])));
    const char *old_src = tf_get_str(state, "source_security_group_id", "");
    if (p.n[R_GROUP] && old_src[0]) {
        const sgr_src *s = &p.src[R_GROUP][0];
        tf_objb_str(&b, "source_security_group_id",
                    strchr(old_src, '/') && s->user ? tf_arena_printf(a, "%s/%s", s->user, s->v)
                                                    : s->v);
    }
    if (desc)
        tf_objb_str(&b, "description", desc);
    tf_objb_str(&b, "type", egress ? "egress" : "ingress");
    const char *id = tf_get_str(state, "id", "");
    if (strchr(id, '_'))
        tf_objb_str(&b, "id", perm_id(a, gid, egress, &p));
    const char *rule_id;
    aws_error err;
    if (sgr_find_rule_id(ctx, m->client, gid, egress, &p, &rule_id, &err) != 0) {
        if (!aws_error_is(&err, "UnsupportedOperation")) {
            aws_diag(ctx, &err, "reading Security Group (%s) Rules", gid);
            return NULL;
        }
    } else {
        tf_objb_str(&b, "security_group_rule_id", rule_id);
    }
    return tf_objb_done(&b);
}

/* ---- update, delete ---- */

static const tf_value *sgr_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *gid = tf_get_str(planned, "security_group_id", "");
    if (!tf_value_equal(tf_get(prior, "description"), tf_get(planned, "description"))) {
        const aws_xml_node *sg;
        if (sgr_group(ctx, m, gid, &sg, false) < 0)
            return NULL;
        bool egress = sgr_egress(planned);
        sgr_perm p = perm_from(a, planned, gid);
        aws_params *q = aws_params_new(a);
        aws_params_add(q, "GroupId", gid);
        perm_params(a, q, &p);
        aws_xml_node *out;
        aws_error err;
        if (aws_query_call(m->client, a, ctx->stop, "ec2",
                           egress ? "UpdateSecurityGroupRuleDescriptionsEgress"
                                  : "UpdateSecurityGroupRuleDescriptionsIngress",
                           q, &out, &err) != 0) {
            aws_diag(ctx, &err, "updating Security Group (%s) Rule (%s) description", gid,
                     tf_get_str(prior, "id", ""));
            return NULL;
        }
    }
    const tf_value *st = sgr_read(ctx, planned);
    if (st && tf_is_null(st)) {
        tf_diag_error(ctx->diags, NULL, "reading Security Group Rule",
                      "Security Group (%s) Rule (%s) not found after update.", gid,
                      tf_get_str(prior, "id", ""));
        return NULL;
    }
    return st;
}

static void sgr_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    tf_arena *a = ctx->arena;
    const char *gid = tf_get_str(prior, "security_group_id", "");
    const aws_xml_node *sg;
    if (sgr_group(ctx, m, gid, &sg, false) < 0)
        return;
    bool egress = sgr_egress(prior);
    sgr_perm p = perm_from(a, prior, gid);
    aws_params *q = aws_params_new(a);
    aws_params_add(q, "GroupId", gid);
    perm_params(a, q, &p);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, a, ctx->stop, "ec2",
                       egress ? "RevokeSecurityGroupEgress" : "RevokeSecurityGroupIngress", q,
                       &out, &err) != 0 &&
        !aws_error_is(&err, "InvalidPermission.NotFound"))
        aws_diag(ctx, &err, "revoking Security Group (%s) Rule (%s)", gid,
                 tf_get_str(prior, "id", ""));
}

/* ---- import ---- */

static bool is_int(const char *s, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (!s[0] || *end || errno)
        return false;
    *out = v;
    return true;
}

static const tf_value *sgr_import(tf_ctx *ctx, const char *id)
{
    tf_arena *a = ctx->arena;
    const char *parts[64];
    size_t n = 0;
    char *copy = tf_arena_strdup(a, id), *save = NULL;
    /* strings.Split keeps empty parts, so do not use strtok's merging */
    for (char *s = copy;; ) {
        char *u = strchr(s, '_');
        if (n < 64)
            parts[n++] = s;
        if (!u)
            break;
        *u = '\0';
        s = u + 1;
    }
    (void)save;
#define BAD(msg)                                                                                  \
    do {                                                                                          \
        tf_diag_error(ctx->diags, NULL, "Invalid import ID",                                      \
                      "unexpected format for ID (\"%s\"), expected "                              \
                      "SECURITYGROUPID_TYPE_PROTOCOL_FROMPORT_TOPORT_SOURCE[_SOURCE]*: %s",       \
                      id, msg);                                                                   \
        return NULL;                                                                              \
    } while (0)
    if (n < 6)
        BAD("too few parts");
    if (strncmp(parts[0], "sg-", 3) != 0)
        BAD("invalid Security Group ID");
    if (strcmp(parts[1], "ingress") != 0 && strcmp(parts[1], "egress") != 0)
        BAD("expecting 'ingress' or 'egress'");
    long pv, f = 0, t = 0;
    static const char *const names[] = {"tcp", "udp", "icmp", "icmpv6", "all", "-1"};
    bool named = false;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        named = named || strcmp(parts[2], names[i]) == 0;
    if (!named && !is_int(parts[2], &pv))
        BAD("protocol must be tcp/udp/icmp/icmpv6/all or a number");
    const char *proto = ec2_sg_protocol_norm(a, parts[2]);
    bool okf = is_int(parts[3], &f), okt = is_int(parts[4], &t);
    if (strcmp(proto, "icmp") == 0 || strcmp(proto, "icmpv6") == 0) {
        if (!okf || f < -1 || f > 255)
            BAD("invalid icmp type");
        if (!okt || t < -1 || t > 255)
            BAD("invalid icmp code");
    } else {
        if (!okf)
            BAD("invalid from_port");
        if (!okt)
            BAD("invalid to_port");
        if (t < f)
            BAD("to_port lower than from_port");
    }
    for (size_t i = 5; i < n; i++) {
        const char *v = parts[i];
        if (strcmp(v, "self") != 0 && !strstr(v, "sg-") && !strstr(v, "pl-") &&
            !strchr(v, ':') && !strchr(v, '.'))
            BAD("source must be cidr, ipv6cidr, prefix list, 'self', or a Security Group ID");
    }
#undef BAD
    const tf_type *type = aws_schema_resource_aws_security_group_rule.ctype;
    tf_objb b;
    tf_objb_init(&b, a, type, NULL);
    tf_objb_str(&b, "id", id);
    tf_objb_str(&b, "security_group_id", parts[0]);
    tf_objb_str(&b, "type", parts[1]);
    tf_objb_str(&b, "protocol", proto);
    tf_objb_i64(&b, "from_port", f);
    tf_objb_i64(&b, "to_port", t);
    bool self = false;
    const char *lists[R_GROUP][64];
    size_t ln[R_GROUP] = {0};
    for (size_t i = 5; i < n; i++) {
        const char *v = parts[i];
        if (strcmp(v, "self") == 0)
            self = true;
        else if (strstr(v, "sg-"))
            tf_objb_str(&b, "source_security_group_id", v);
        else if (strchr(v, ':'))
            lists[R_CIDR6][ln[R_CIDR6]++] = v;
        else if (strstr(v, "pl-"))
            lists[R_PL][ln[R_PL]++] = v;
        else
            lists[R_CIDR4][ln[R_CIDR4]++] = v;
    }
    tf_objb_bool(&b, "self", self);
    for (int k = 0; k < R_GROUP; k++)
        if (ln[k])
            tf_objb_set(&b, r_field[k], tf_string_list(a, lists[k], ln[k]));
    return tf_objb_done(&b);
}

const tf_resource_def aws_ec2_security_group_rule_def = {
    .type_name = "aws_security_group_rule",
    .version = 2,
    .schema = &aws_schema_resource_aws_security_group_rule,
    .validate = sgr_validate,
    .modify_plan = sgr_modify_plan,
    .create = sgr_create,
    .read = sgr_read,
    .update = sgr_update,
    .delete = sgr_delete,
    .import = sgr_import,
};

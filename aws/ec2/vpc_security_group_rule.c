/* vpc_security_group_rule.c - aws_vpc_security_group_ingress_rule and
 * aws_vpc_security_group_egress_rule: one EC2 security group rule (one
 * source) known by its rule id (sgr-...).
 *
 * Created by Authorize*(TagSpecifications) which answers the rule's id
 * (through create_once, whose lookup finds the rule by its fields),
 * read with DescribeSecurityGroupRules, changed in place with
 * ModifySecurityGroupRules (tags with CreateTags/DeleteTags); changing the
 * kind of source replaces the rule, as hashicorp/aws's ModifyPlan does.
 * Imported by rule id.  The schemas are generated from aws/schema/aws.schema. */

#include <stdio.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "ec2_tags.h"
#include "plan.h"
#include "provider_meta.h"
#include "resources.h"
#include "security_group.h"
#include "tags.h"
#include "value_build.h"

static const char *const vr_sources[] = {
    "cidr_ipv4", "cidr_ipv6", "prefix_list_id", "referenced_security_group_id",
};
#define VR_NSRC 4

static bool vr_egress(tf_ctx *ctx)
{
    return strstr(ctx->type_name, "egress") != NULL;
}

static const char *vr_what(tf_ctx *ctx)
{
    return vr_egress(ctx) ? "EC2 Security Group Egress Rule" : "EC2 Security Group Ingress Rule";
}

/* The name of the one source attribute set (NULL when none). */
static const char *vr_source_name(const tf_value *v)
{
    for (int i = 0; i < VR_NSRC; i++)
        if (!tf_is_null(tf_get(v, vr_sources[i])))
            return vr_sources[i];
    return NULL;
}

/* ---- plan ---- */

static void vr_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->planned))
        return;
    tf_arena *a = ctx->arena;
    if (!tf_is_null(req->prior)) {
        const char *o = vr_source_name(req->prior), *n = vr_source_name(req->planned);
        if (o && n && strcmp(o, n) != 0) {
            tf_plan_add_replace(a, req, tf_path_attr(a, tf_path_root(a), o));
            tf_plan_add_replace(a, req, tf_path_attr(a, tf_path_root(a), n));
            req->planned = tf_object_with(a, req->planned, "arn", tf_unknown(a, tf_get(req->planned, "arn")->type));
            req->planned = tf_object_with(a, req->planned, "id", tf_unknown(a, tf_get(req->planned, "id")->type));
            req->planned = tf_object_with(a, req->planned, "security_group_rule_id",
                                          tf_unknown(a, tf_get(req->planned, "security_group_rule_id")->type));
        }
    }
    aws_tags_plan_framework(ctx, req);
}

/* ---- the rule on the wire ---- */

static bool vr_port(const tf_value *v, const char *name, int64_t *out)
{
    const tf_value *p = tf_get(v, name);
    return tf_is_known(p) && !tf_is_null(p) && tf_number_to_i64(p, out);
}

/* expandIPPermission: IpPermissions.1.* of an Authorize call. */
static void vr_perm_params(aws_params *q, const tf_value *v)
{
    aws_params_add(q, "IpPermissions.1.IpProtocol", tf_get_str(v, "ip_protocol", ""));
    int64_t port;
    if (vr_port(v, "from_port", &port))
        aws_params_addf(q, "IpPermissions.1.FromPort", "%lld", (long long)port);
    if (vr_port(v, "to_port", &port))
        aws_params_addf(q, "IpPermissions.1.ToPort", "%lld", (long long)port);
    static const char *const list[] = {"IpRanges.1.CidrIp", "Ipv6Ranges.1.CidrIpv6",
                                       "PrefixListIds.1.PrefixListId", "Groups.1.GroupId"};
    const char *desc = tf_get_str(v, "description", NULL);
    for (int i = 0; i < VR_NSRC; i++) {
        const char *s = tf_get_str(v, vr_sources[i], NULL);
        if (!s)
            continue;
        char key[96], dkey[96];
        snprintf(key, sizeof key, "IpPermissions.1.%s", list[i]);
        snprintf(dkey, sizeof dkey, "IpPermissions.1.%.*s.Description",
                 (int)(strrchr(list[i], '.') - list[i]), list[i]);
        if (i == 3 && strchr(s, '/')) {
            const char *slash = strchr(s, '/');
            aws_params_add(q, "IpPermissions.1.Groups.1.UserId",
                           aws_params_key(q, "%.*s", (int)(slash - s), s));
            s = slash + 1;
        }
        aws_params_add(q, aws_params_key(q, "%s", key), s);
        if (desc)
            aws_params_add(q, aws_params_key(q, "%s", dkey), desc);
    }
}

/* expandSecurityGroupRuleRequest: SecurityGroupRule.1.SecurityGroupRule.* */
static void vr_rule_params(aws_params *q, const tf_value *v)
{
    const char *pre = "SecurityGroupRule.1.SecurityGroupRule.";
    aws_params_add(q, aws_params_key(q, "%sIpProtocol", pre), tf_get_str(v, "ip_protocol", ""));
    int64_t port;
    if (vr_port(v, "from_port", &port))
        aws_params_addf(q, aws_params_key(q, "%sFromPort", pre), "%lld", (long long)port);
    if (vr_port(v, "to_port", &port))
        aws_params_addf(q, aws_params_key(q, "%sToPort", pre), "%lld", (long long)port);
    static const char *const field[] = {"CidrIpv4", "CidrIpv6", "PrefixListId",
                                        "ReferencedGroupId"};
    for (int i = 0; i < VR_NSRC; i++) {
        const char *s = tf_get_str(v, vr_sources[i], NULL);
        if (!s)
            continue;
        if (i == 3 && strchr(s, '/'))
            s = strchr(s, '/') + 1;
        aws_params_add(q, aws_params_key(q, "%s%s", pre, field[i]), s);
    }
    const char *desc = tf_get_str(v, "description", NULL);
    if (desc)
        aws_params_add(q, aws_params_key(q, "%sDescription", pre), desc);
}

/* ---- read ---- */

static int vr_find(tf_ctx *ctx, const aws_meta *m, const char *id, const aws_xml_node **rule,
                   aws_error *err)
{
    aws_params *q = aws_params_new(ctx->arena);
    aws_params_add(q, "SecurityGroupRuleId.1", id);
    aws_xml_node *out;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", "DescribeSecurityGroupRules", q,
                       &out, err) != 0)
        return aws_error_is(err, "InvalidSecurityGroupRuleId.NotFound") ? 1 : -1;
    for (const aws_xml_node *r = aws_xml_first(out, "securityGroupRuleSet/item"); r;
         r = aws_xml_next(r)) {
        const char *rid = aws_xml_text(r, "securityGroupRuleId");
        if (rid && strcmp(rid, id) == 0 &&
            (aws_xml_bool(r, "isEgress", 0) != 0) == vr_egress(ctx)) {
            *rule = r;
            return 0;
        }
    }
    return 1;
}

static const char *vr_arn(tf_arena *a, const aws_meta *m, const char *id)
{
    return tf_arena_printf(a, "arn:%s:ec2:%s:%s:security-group-rule/%s", m->partition, m->region,
                           m->account_id, id);
}

static const tf_value *vr_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(state, "id", "");
    const aws_xml_node *r;
    aws_error err;
    int rc = vr_find(ctx, m, id, &r, &err);
    if (rc == 1)
        return tf_null(a, state->type);
    if (rc < 0) {
        aws_diag(ctx, &err, "reading %s (%s)", vr_what(ctx), id);
        return NULL;
    }
    tf_objb b;
    tf_objb_init(&b, a, state->type, state);
    tf_objb_str(&b, "id", id);
    tf_objb_str(&b, "arn", vr_arn(a, m, id));
    tf_objb_str(&b, "security_group_rule_id", aws_xml_text(r, "securityGroupRuleId"));
    tf_objb_str(&b, "security_group_id", aws_xml_text(r, "groupId"));
    tf_objb_str(&b, "cidr_ipv4", aws_xml_text(r, "cidrIpv4"));
    tf_objb_str(&b, "cidr_ipv6", aws_xml_text(r, "cidrIpv6"));
    tf_objb_str(&b, "prefix_list_id", aws_xml_text(r, "prefixListId"));
    tf_objb_str(&b, "description", aws_xml_text(r, "description"));
    const char *ref = aws_xml_text(r, "referencedGroupInfo/groupId");
    const char *user = aws_xml_text(r, "referencedGroupInfo/userId");
    if (ref && user && user[0] && m->account_id[0] && strcmp(user, m->account_id) != 0)
        ref = tf_arena_printf(a, "%s/%s", user, ref);
    tf_objb_str(&b, "referenced_security_group_id", ref);
    /* ipProtocol's semantic equality: "all" stays "all" while EC2 says -1 */
    const char *proto = aws_xml_text(r, "ipProtocol");
    const char *old = tf_get_str(state, "ip_protocol", NULL);
    if (proto && !(old && strcmp(ec2_sg_protocol_norm(a, old), proto) == 0))
        tf_objb_str(&b, "ip_protocol", proto);
    static const struct { const char *attr, *xml; } ports[] = {
        {"from_port", "fromPort"}, {"to_port", "toPort"},
    };
    for (int i = 0; i < 2; i++) {
        int64_t v = aws_xml_int(r, ports[i].xml, -1);
        if (v == -1 && tf_is_null(tf_get(state, ports[i].attr)))
            continue;
        if (!aws_xml_text(r, ports[i].xml))
            tf_objb_set(&b, ports[i].attr, tf_null(a, tf_get(state, ports[i].attr)->type));
        else
            tf_objb_i64(&b, ports[i].attr, v);
    }
    size_t n;
    aws_kv *kv = ec2_tags_from_xml(a, r, &n);
    aws_tags_set_state(&b, m, kv, n, tf_get(state, "tags"));
    return tf_objb_done(&b);
}

/* ---- create, update, delete ---- */

/* What an Authorize call of this resource makes: the rule of the group
 * with the same direction, protocol, ports and source. */
typedef struct vr_key {
    tf_ctx *ctx;
    aws_client *c;
    const tf_value *v;
} vr_key;

typedef struct vr_hits {
    const vr_key *k;
    tf_arena *a;
    const char **ids;
    size_t n;
} vr_hits;

static int vr_lookup_page(void *ud, const aws_xml_node *page, aws_error *err)
{
    (void)err;
    vr_hits *h = ud;
    const tf_value *v = h->k->v;
    tf_arena *a = h->a;
    static const char *const xml[] = {"cidrIpv4", "cidrIpv6", "prefixListId",
                                      "referencedGroupInfo/groupId"};
    const char *proto = ec2_sg_protocol_norm(a, tf_get_str(v, "ip_protocol", ""));
    for (const aws_xml_node *r = aws_xml_first(page, "securityGroupRuleSet/item"); r;
         r = aws_xml_next(r)) {
        if ((aws_xml_bool(r, "isEgress", 0) != 0) != vr_egress(h->k->ctx))
            continue;
        const char *p = aws_xml_text(r, "ipProtocol");
        if (!p || strcmp(p, proto) != 0)
            continue;
        int64_t port;
        if (vr_port(v, "from_port", &port) && strcmp(proto, "-1") != 0 &&
            aws_xml_int(r, "fromPort", -1) != port)
            continue;
        if (vr_port(v, "to_port", &port) && strcmp(proto, "-1") != 0 &&
            aws_xml_int(r, "toPort", -1) != port)
            continue;
        bool match = false;
        for (int i = 0; i < VR_NSRC; i++) {
            const char *want = tf_get_str(v, vr_sources[i], NULL), *got = aws_xml_text(r, xml[i]);
            if (want && i == 3 && strchr(want, '/'))
                want = strchr(want, '/') + 1;
            if (want && got && strcmp(want, got) == 0)
                match = true;
        }
        const char *rid = aws_xml_text(r, "securityGroupRuleId");
        if (!match || !rid)
            continue;
        const char **ids = tf_arena_calloc(a, h->n + 1, sizeof *ids);
        if (h->n)
            memcpy(ids, h->ids, h->n * sizeof *ids);
        ids[h->n++] = rid;
        h->ids = ids;
    }
    return 0;
}

static int vr_lookup(void *ud, tf_arena *a, const char ***ids, size_t *n, aws_error *err)
{
    const vr_key *k = ud;
    aws_params *q = aws_params_new(a);
    aws_params_add(q, "Filter.1.Name", "group-id");
    aws_params_add(q, "Filter.1.Value.1", tf_get_str(k->v, "security_group_id", ""));
    vr_hits h = {.k = k, .a = a};
    if (aws_query_pages(k->c, a, k->ctx->stop, "ec2", "DescribeSecurityGroupRules", q,
                        "NextToken", "nextToken", vr_lookup_page, &h, err) != 0)
        return -1;
    *ids = h.ids;
    *n = h.n;
    return 0;
}

static const tf_value *vr_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *gid = tf_get_str(planned, "security_group_id", "");
    aws_params *q = aws_params_new(a);
    aws_params_add(q, "GroupId", gid);
    vr_perm_params(q, planned);
    size_t nt;
    aws_kv *tags = aws_tags_from_map(a, tf_get(planned, "tags_all"), &nt);
    ec2_tag_specs(q, 1, "security-group-rule", tags, nt);
    const char *action = vr_egress(ctx) ? "AuthorizeSecurityGroupEgress"
                                        : "AuthorizeSecurityGroupIngress";
    vr_key key = {.ctx = ctx, .c = m->client, .v = planned};
    aws_create_once once = {.service = "ec2", .operation = action, .lookup = vr_lookup,
                            .ud = &key};
    aws_xml_node *out = NULL;
    const char *adopted = NULL;
    aws_error err;
    if (aws_create_once_query(m->client, a, ctx->stop, &once, q, &out, &adopted, &err) != 0) {
        aws_diag(ctx, &err, "creating %s", vr_what(ctx));
        return NULL;
    }
    const char *id = adopted ? adopted
                             : aws_xml_text(out, "securityGroupRuleSet/item/securityGroupRuleId");
    if (!id) {
        tf_diag_error(ctx->diags, NULL, "creating security group rule: no rule ID in the answer",
                      "%s succeeded but returned no securityGroupRuleId.", action);
        return NULL;
    }
    tf_objb b;
    tf_objb_init(&b, a, planned->type, planned);
    tf_objb_str(&b, "id", id);
    tf_objb_str(&b, "arn", vr_arn(a, m, id));
    tf_objb_str(&b, "security_group_rule_id", id);
    return tf_objb_done(&b);
}

static const tf_value *vr_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(prior, "id", "");
    static const char *const fields[] = {"cidr_ipv4", "cidr_ipv6", "description", "from_port",
                                         "ip_protocol", "prefix_list_id",
                                         "referenced_security_group_id", "to_port"};
    bool changed = false;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        changed = changed || !tf_value_equal(tf_get(prior, fields[i]), tf_get(planned, fields[i]));
    aws_error err;
    if (changed) {
        aws_params *q = aws_params_new(a);
        aws_params_add(q, "GroupId", tf_get_str(planned, "security_group_id", ""));
        aws_params_add(q, "SecurityGroupRule.1.SecurityGroupRuleId", id);
        vr_rule_params(q, planned);
        aws_xml_node *out;
        if (aws_query_call(m->client, a, ctx->stop, "ec2", "ModifySecurityGroupRules", q, &out,
                           &err) != 0) {
            aws_diag(ctx, &err, "updating %s (%s)", vr_what(ctx), id);
            return NULL;
        }
    }
    const tf_value *o = tf_get(prior, "tags_all"), *n = tf_get(planned, "tags_all");
    if (!tf_value_equal(o, n) && ec2_update_tags(m->client, a, ctx->stop, id, o, n, &err) != 0) {
        aws_diag(ctx, &err, "updating %s (%s) tags", vr_what(ctx), id);
        return NULL;
    }
    return planned;
}

static void vr_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(prior, "id", "");
    aws_params *q = aws_params_new(a);
    aws_params_add(q, "GroupId", tf_get_str(prior, "security_group_id", ""));
    aws_params_add(q, "SecurityGroupRuleId.1", id);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, a, ctx->stop, "ec2",
                       vr_egress(ctx) ? "RevokeSecurityGroupEgress" : "RevokeSecurityGroupIngress",
                       q, &out, &err) != 0 &&
        !aws_error_is(&err, "InvalidGroup.NotFound") &&
        !aws_error_is(&err, "InvalidSecurityGroupRuleId.NotFound"))
        aws_diag(ctx, &err, "deleting %s (%s)", vr_what(ctx), id);
}

const tf_resource_def aws_ec2_vpc_security_group_ingress_rule_def = {
    .type_name = "aws_vpc_security_group_ingress_rule",
    .version = 0,
    .schema = &aws_schema_resource_aws_vpc_security_group_ingress_rule,
    .modify_plan = vr_modify_plan,
    .create = vr_create,
    .read = vr_read,
    .update = vr_update,
    .delete = vr_delete,
};

const tf_resource_def aws_ec2_vpc_security_group_egress_rule_def = {
    .type_name = "aws_vpc_security_group_egress_rule",
    .version = 0,
    .schema = &aws_schema_resource_aws_vpc_security_group_egress_rule,
    .modify_plan = vr_modify_plan,
    .create = vr_create,
    .read = vr_read,
    .update = vr_update,
    .delete = vr_delete,
};

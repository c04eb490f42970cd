/* network_acl_rule.c - aws_network_acl_rule: one entry of a network ACL,
 * managed on its own.
 *
 * An entry is identified by its ACL, direction and rule number; every
 * argument forces a new entry.  The id is hashicorp/aws's
 * "nacl-<crc32 of acl-rule-egress-protocol->", the import ID
 * "<acl id>:<rule number>:<protocol>:<egress>".  The protocol is stored as
 * EC2 reports it (a number), from the apply on as hashicorp/aws's create
 * stores what its read sets (apply_reads); a configuration naming it
 * ("tcp") plans no change.  The schema is generated from
 * aws/schema/aws.schema. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "ec2_find.h"
#include "network_acl.h"
#include "iam/policy_json.h"
#include "provider_meta.h"
#include "resources.h"
#include "value_build.h"

#define NACLR_PROPAGATION (2 * 60.0)

static const char *naclr_id(tf_arena *a, const char *acl, long long rule_no, bool egress,
                            const char *protocol)
{
    const char *s = tf_arena_printf(a, "%s-%lld-%s-%s-", acl, rule_no,
                                    egress ? "true" : "false", protocol);
    return tf_arena_printf(a, "nacl-%lu", (unsigned long)pj_crc32(s, strlen(s)));
}

static void naclr_validate(tf_ctx *ctx, const tf_value *config)
{
    const tf_value *proto = tf_get(config, "protocol");
    int number;
    if (tf_is_known(proto) && !tf_is_null(proto) &&
        !ec2_nacl_protocol_number(proto->u.str.ptr, &number))
        tf_diag_error(ctx->diags,
                      tf_path_attr(ctx->arena, tf_path_root(ctx->arena), "protocol"),
                      "Invalid network ACL protocol",
                      "\"protocol\" : unsupported NACL protocol: %s", proto->u.str.ptr);
}

/* The protocol's number and the action's case do not make a new rule
 * (hashicorp/aws's DiffSuppressFuncs). */
static void naclr_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->planned) || tf_is_null(req->prior))
        return;
    tf_arena *a = ctx->arena;
    bool changed = false;
    const tf_value *np = tf_get(req->planned, "protocol"), *op = tf_get(req->prior, "protocol");
    int n1, n2;
    if (tf_is_known(np) && tf_is_known(op) && !tf_value_equal(np, op) &&
        ec2_nacl_protocol_number(np->u.str.ptr, &n1) &&
        ec2_nacl_protocol_number(op->u.str.ptr, &n2) && n1 == n2) {
        req->planned = tf_object_with(a, req->planned, "protocol", op);
        changed = true;
    }
    const tf_value *na = tf_get(req->planned, "rule_action"), *oa = tf_get(req->prior, "rule_action");
    if (tf_is_known(na) && tf_is_known(oa) && !tf_value_equal(na, oa) &&
        strcasecmp(na->u.str.ptr, oa->u.str.ptr) == 0) {
        req->planned = tf_object_with(a, req->planned, "rule_action", oa);
        changed = true;
    }
    if (!changed)
        return;
    size_t keep = 0;
    for (size_t i = 0; i < req->n_replace; i++) {
        const tf_path *pth = req->replace[i];
        const char *name = pth->n && pth->steps[0].kind == TF_STEP_ATTR ? pth->steps[0].name : NULL;
        if (name && tf_value_equal(tf_get(req->prior, name), tf_get(req->planned, name)))
            continue;
        req->replace[keep++] = pth;
    }
    req->n_replace = keep;
    req->legacy_type_system = true;
}

typedef ec2_nacl_entry_key naclr_key;

typedef struct naclr_wait {
    tf_ctx *ctx;
    const aws_meta *m;
    const naclr_key *k;
    const aws_xml_node *entry;
    int rc;
} naclr_wait;

static aws_wait_status naclr_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    naclr_wait *w = ud;
    const aws_xml_node *acl;
    w->rc = ec2_find_network_acl(w->m->client, w->ctx->arena, w->ctx->stop, w->k->acl, &acl, err);
    if (w->rc < 0)
        return AWS_WAIT_FAIL;
    w->entry = w->rc == EC2_FOUND ? ec2_nacl_entry(acl, w->k->rule_no, w->k->egress) : NULL;
    w->rc = w->entry ? EC2_FOUND : EC2_NOT_FOUND;
    snprintf(state, state_len, "%s", w->entry ? "found" : "not found");
    return w->entry ? AWS_WAIT_DONE : AWS_WAIT_CONTINUE;
}

/* findNetworkACLEntryByThreePartKey; a new entry is waited for. */
static int naclr_find(tf_ctx *ctx, const aws_meta *m, const naclr_key *k, bool is_new,
                      const aws_xml_node **entry, aws_error *err)
{
    naclr_wait w = {.ctx = ctx, .m = m, .k = k};
    char state[32];
    if (!is_new) {
        if (naclr_poll(&w, state, sizeof state, err) == AWS_WAIT_FAIL)
            return -1;
        *entry = w.entry;
        return w.rc;
    }
    if (aws_wait(ctx->stop, NACLR_PROPAGATION, naclr_poll, &w, err) != 0)
        return w.rc == EC2_NOT_FOUND ? EC2_NOT_FOUND : -1;
    *entry = w.entry;
    return EC2_FOUND;
}

static const tf_value *naclr_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                     bool is_new)
{
    tf_arena *a = ctx->arena;
    naclr_key k = {.acl = tf_get_str(base, "network_acl_id", ""),
                   .rule_no = tf_get_i64(base, "rule_number", 0),
                   .egress = tf_get_bool(base, "egress", false)};
    const aws_xml_node *e;
    aws_error err;
    int rc = naclr_find(ctx, m, &k, is_new, &e, &err);
    if (rc == EC2_NOT_FOUND && !is_new)
        return tf_null(a, base->type);
    if (rc != EC2_FOUND) {
        if (rc == EC2_NOT_FOUND)
            aws_error_set(&err, AWS_ERR_RESPONSE, "NotFound", "the network ACL entry did not "
                                                              "appear");
        aws_diag(ctx, &err, "reading EC2 Network ACL Rule (%s)", tf_get_str(base, "id", ""));
        return is_new ? base : NULL;
    }
    tf_objb b;
    tf_objb_init(&b, a, base->type, base);
    /* An unset block reads "" (SDKv2 sets a nil string as its zero value). */
    const char *cidr = aws_xml_text(e, "cidrBlock"), *cidr6 = aws_xml_text(e, "ipv6CidrBlock");
    tf_objb_str(&b, "cidr_block", cidr ? cidr : "");
    tf_objb_str(&b, "ipv6_cidr_block", cidr6 ? cidr6 : "");
    tf_objb_bool(&b, "egress", aws_xml_bool(e, "egress", 0) != 0);
    if (aws_xml_first(e, "icmpTypeCode")) {
        tf_objb_i64(&b, "icmp_code", aws_xml_int(e, "icmpTypeCode/code", 0));
        tf_objb_i64(&b, "icmp_type", aws_xml_int(e, "icmpTypeCode/type", 0));
    }
    if (aws_xml_first(e, "portRange")) {
        tf_objb_i64(&b, "from_port", aws_xml_int(e, "portRange/from", 0));
        tf_objb_i64(&b, "to_port", aws_xml_int(e, "portRange/to", 0));
    }
    tf_objb_str(&b, "rule_action", aws_xml_text(e, "ruleAction"));
    tf_objb_i64(&b, "rule_number", aws_xml_int(e, "ruleNumber", 0));
    const char *proto = aws_xml_text(e, "protocol");
    int number;
    if (proto && *proto && ec2_nacl_protocol_number(proto, &number))
        tf_objb_str(&b, "protocol", tf_arena_printf(a, "%d", number));
    else
        tf_objb_str(&b, "protocol", NULL);
    return tf_objb_done(&b);
}

static const tf_value *naclr_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *protocol = tf_get_str(planned, "protocol", "");
    int number;
    if (!ec2_nacl_protocol_number(protocol, &number)) {
        tf_diag_error(ctx->diags, NULL, "creating EC2 Network ACL Rule",
                      "unsupported NACL protocol: %s", protocol);
        return NULL;
    }
    naclr_key k = {.c = m->client, .stop = ctx->stop,
                   .acl = tf_get_str(planned, "network_acl_id", ""),
                   .rule_no = tf_get_i64(planned, "rule_number", 0),
                   .egress = tf_get_bool(planned, "egress", false)};
    /* CreateNetworkAclEntry accepts a repeat of an identical entry: an
     * entry already there is refused first, as hashicorp/aws does. */
    const aws_xml_node *e;
    aws_error err;
    int rc = naclr_find(ctx, m, &k, false, &e, &err);
    if (rc < 0) {
        aws_diag(ctx, &err, "reading EC2 Network ACL Rule");
        return NULL;
    }
    if (rc == EC2_FOUND) {
        tf_diag_error(ctx->diags, NULL, "creating EC2 Network ACL Rule",
                      "EC2 Network ACL (%s) Rule (egress: %s)(%lld) already exists", k.acl,
                      k.egress ? "true" : "false", k.rule_no);
        return NULL;
    }
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "NetworkAclId", k.acl);
    aws_params_add(p, "Egress", k.egress ? "true" : "false");
    aws_params_add(p, "PortRange.From",
                   tf_arena_printf(a, "%lld", (long long)tf_get_i64(planned, "from_port", 0)));
    aws_params_add(p, "PortRange.To",
                   tf_arena_printf(a, "%lld", (long long)tf_get_i64(planned, "to_port", 0)));
    aws_params_add(p, "Protocol", tf_arena_printf(a, "%d", number));
    aws_params_add(p, "RuleAction", tf_get_str(planned, "rule_action", ""));
    aws_params_add(p, "RuleNumber", tf_arena_printf(a, "%lld", k.rule_no));
    const char *cidr = tf_get_str(planned, "cidr_block", ""), *cidr6 =
                                                                  tf_get_str(planned,
                                                                             "ipv6_cidr_block", "");
    if (*cidr)
        aws_params_add(p, "CidrBlock", cidr);
    if (*cidr6)
        aws_params_add(p, "Ipv6CidrBlock", cidr6);
    if (number == 1 || number == 58) {
        aws_params_add(p, "Icmp.Code",
                       tf_arena_printf(a, "%lld", (long long)tf_get_i64(planned, "icmp_code", 0)));
        aws_params_add(p, "Icmp.Type",
                       tf_arena_printf(a, "%lld", (long long)tf_get_i64(planned, "icmp_type", 0)));
    }
    aws_create_once once = {.service = "ec2", .operation = "CreateNetworkAclEntry",
                            .lookup = ec2_nacl_entry_lookup, .ud = &k};
    aws_xml_node *out;
    const char *adopted;
    if (aws_create_once_query(m->client, a, ctx->stop, &once, p, &out, &adopted, &err) != 0) {
        aws_diag(ctx, &err, "creating EC2 Network ACL (%s) Rule (egress: %s)(%lld)", k.acl,
                 k.egress ? "true" : "false", k.rule_no);
        return NULL;
    }
    const tf_value *state = tf_object_with(
        a, planned, "id", tf_string(a, naclr_id(a, k.acl, k.rule_no, k.egress, protocol)));
    return naclr_refresh(ctx, m, state, true);
}

static const tf_value *naclr_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    return naclr_refresh(ctx, m, state, false);
}

static void naclr_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "Egress", tf_get_bool(prior, "egress", false) ? "true" : "false");
    aws_params_add(p, "NetworkAclId", tf_get_str(prior, "network_acl_id", ""));
    aws_params_add(p, "RuleNumber", tf_arena_printf(ctx->arena, "%lld",
                                                    (long long)tf_get_i64(prior, "rule_number",
                                                                          0)));
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", "DeleteNetworkAclEntry", p, &out,
                       &err) != 0 &&
        !aws_error_is(&err, "InvalidNetworkAclID.NotFound") &&
        !aws_error_is(&err, "InvalidNetworkAclEntry.NotFound"))
        aws_diag(ctx, &err, "deleting EC2 Network ACL Rule (%s)", tf_get_str(prior, "id", ""));
}

/* "<acl id>:<rule number>:<protocol>:<egress>" */
static const tf_value *naclr_import(tf_ctx *ctx, const char *import_id)
{
    tf_arena *a = ctx->arena;
    char *parts[5] = {0};
    size_t n = 0;
    char *s = tf_arena_strdup(a, import_id);
    for (char *tok = s;; n++) {
        char *colon = strchr(tok, ':');
        if (n < 5)
            parts[n] = tok;
        if (!colon) {
            n++;
            break;
        }
        *colon = '\0';
        tok = colon + 1;
    }
    char *end = NULL;
    long long rule_no = n == 4 && *parts[1] ? strtoll(parts[1], &end, 10) : 0;
    bool egress = false, ok = n == 4 && *parts[0] && *parts[2] && *parts[3] && end && !*end;
    if (ok) {
        if (strcmp(parts[3], "true") == 0 || strcmp(parts[3], "1") == 0 ||
            strcmp(parts[3], "t") == 0 || strcmp(parts[3], "T") == 0 ||
            strcmp(parts[3], "TRUE") == 0 || strcmp(parts[3], "True") == 0)
            egress = true;
        else if (!(strcmp(parts[3], "false") == 0 || strcmp(parts[3], "0") == 0 ||
                   strcmp(parts[3], "f") == 0 || strcmp(parts[3], "F") == 0 ||
                   strcmp(parts[3], "FALSE") == 0 || strcmp(parts[3], "False") == 0))
            ok = false;
    }
    if (!ok) {
        tf_diag_error(ctx->diags, NULL, "Unexpected format of ID",
                      "unexpected format of ID (%s), expected "
                      "NETWORK_ACL_ID:RULE_NUMBER:PROTOCOL:EGRESS",
                      import_id);
        return NULL;
    }
    tf_objb b;
    tf_objb_init(&b, a, aws_schema_resource_aws_network_acl_rule.ctype, NULL);
    tf_objb_str(&b, "id", naclr_id(a, parts[0], rule_no, egress, parts[2]));
    tf_objb_bool(&b, "egress", egress);
    tf_objb_str(&b, "network_acl_id", parts[0]);
    tf_objb_i64(&b, "rule_number", rule_no);
    return tf_objb_done(&b);
}

/* hashicorp/aws stores the protocol number its read after create sets
 * ("6" for a configured "tcp"); the plan suppresses the difference
 * (naclr_modify_plan). */
static const char *const naclr_apply_reads[] = {"protocol", NULL};

const tf_resource_def aws_ec2_network_acl_rule_def = {
    .type_name = "aws_network_acl_rule",
    .version = 0,
    .schema = &aws_schema_resource_aws_network_acl_rule,
    .validate = naclr_validate,
    .modify_plan = naclr_modify_plan,
    .create = naclr_create,
    .read = naclr_read,
    .delete = naclr_delete,
    .import = naclr_import,
    .apply_reads = naclr_apply_reads,
};

/* listener_rule.c - aws_lb_listener_rule (alias aws_alb_listener_rule): a
 * rule of an Application Load Balancer listener, matching requests by host,
 * path, header, method, query string or source address and acting on them
 * as a listener's default action does.
 *
 * The one idea: a rule's actions are a listener's (elbv2_actions.c); what is
 * its own is the conditions and the priority.  Without a configured
 * priority the rule goes after the listener's last one, as hashicorp/aws
 * does (the highest priority + 1, tried again when another rule takes it
 * first).  The listener ARN is not described; it is derived from the rule
 * ARN.  Import uses the ARN as id.
 *
 * The schema is generated from aws/schema/aws.schema. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aws_schema_gen.h"
#include "block_values.h"
#include "diagnostics.h"
#include "elbv2_actions.h"
#include "elbv2_common.h"
#include "resources.h"
#include "schema_block.h"
#include "tags.h"
#include "value_build.h"

#define RULE_SCHEMA (&aws_schema_resource_aws_lb_listener_rule)

enum {
    RULE_PRIORITY_MIN = 1,
    RULE_PRIORITY_MAX = 50000,
    RULE_PRIORITY_DEFAULT = 99999, /* what the listener's default rule reads as */
};

/* Time hashicorp/aws gives a create with a free priority to find one. */
#define RULE_CREATE_TIMEOUT (5 * 60.0)

static const tf_block *rule_block(const char *path)
{
    return aws_schema_block(RULE_SCHEMA, path);
}

static bool rule_has_attrs(const aws_xml_node *item)
{
    (void)item;
    return false;
}

static const elbv2_kind rule_api =
    ELBV2_KIND(Rule, "ELBv2 Listener Rule", "listener rule", .has_attrs = rule_has_attrs);

/* ---- conditions ----
 *
 * Each condition block holds exactly one of these; field is AWS's name. */
static const struct rule_cond {
    const char *block, *field, *config;
} rule_conds[] = {
    {"host_header", "host-header", "HostHeaderConfig"},
    {"http_header", "http-header", "HttpHeaderConfig"},
    {"http_request_method", "http-request-method", "HttpRequestMethodConfig"},
    {"path_pattern", "path-pattern", "PathPatternConfig"},
    {"query_string", "query-string", "QueryStringConfig"},
    {"source_ip", "source-ip", "SourceIpConfig"},
};
#define RULE_N_CONDS (sizeof rule_conds / sizeof rule_conds[0])

/* ---- validation ---- */

static void rule_validate_priority(tf_ctx *ctx, const tf_value *config)
{
    const tf_value *v = tf_get(config, "priority");
    if (!tf_is_known(v))
        return;
    int64_t prio = tf_get_i64(config, "priority", 0);
    if (prio >= RULE_PRIORITY_MIN && (prio <= RULE_PRIORITY_MAX || prio == RULE_PRIORITY_DEFAULT))
        return;
    tf_diag_error(ctx->diags, tf_path_attr(ctx->arena, tf_path_root(ctx->arena), "priority"),
                  "Invalid value",
                  "\"priority\" must be in the range %d-%d for normal rule or %d for the "
                  "default rule", RULE_PRIORITY_MIN, RULE_PRIORITY_MAX, RULE_PRIORITY_DEFAULT);
}

/* hashicorp/aws refuses a condition block with none or several kinds (at
 * apply); refused here at validation, with its words. */
static void rule_validate_conditions(tf_ctx *ctx, const tf_value *config)
{
    const tf_value *conds = tf_get(config, "condition");
    if (!tf_is_known(conds))
        return;
    const tf_path *base = tf_path_attr(ctx->arena, tf_path_root(ctx->arena), "condition");
    for (size_t i = 0; i < conds->u.coll.n; i++) {
        const tf_value *c = conds->u.coll.items[i];
        if (!tf_is_known(c))
            continue;
        size_t given = 0;
        bool unknown = false;
        for (size_t k = 0; k < RULE_N_CONDS; k++) {
            const tf_value *b = tf_get(c, rule_conds[k].block);
            if (tf_is_unknown(b))
                unknown = true;
            else if (aws_block_len(b) > 0)
                given++;
        }
        if (unknown || given == 1)
            continue;
        tf_diag_error(ctx->diags, base, "Invalid condition block",
                      given == 0 ? "One of host_header, http_header, http_request_method, "
                                   "path_pattern, query_string or source_ip must be set in a "
                                   "condition block"
                                 : "Only one of host_header, http_header, http_request_method, "
                                   "path_pattern, query_string or source_ip can be set in a "
                                   "condition block");
    }
}

static void rule_validate(tf_ctx *ctx, const tf_value *config)
{
    rule_validate_priority(ctx, config);
    elbv2_actions_validate(ctx, config, "action");
    rule_validate_conditions(ctx, config);
}

static void rule_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->planned))
        return;
    elbv2_actions_plan(ctx, req, RULE_SCHEMA, "action");
    aws_tags_plan(ctx, req);
}

/* ---- conditions to the API ---- */

static void rule_param_strings(aws_params *p, tf_arena *a, const char *pre, const tf_value *set)
{
    for (size_t k = 0; tf_is_known(set) && k < set->u.coll.n; k++) {
        const tf_value *v = set->u.coll.items[k];
        if (tf_is_known(v))
            aws_params_add(p, tf_arena_printf(a, "%s.Values.member.%zu", pre, k + 1),
                           v->u.str.ptr);
    }
}

static void rule_params_conditions(tf_arena *a, aws_params *p, const tf_value *planned)
{
    const tf_value *conds = tf_get(planned, "condition");
    size_t n = 0;
    for (size_t i = 0; tf_is_known(conds) && i < conds->u.coll.n; i++) {
        const tf_value *c = conds->u.coll.items[i];
        for (size_t k = 0; k < RULE_N_CONDS; k++) {
            const tf_value *b = tf_get(c, rule_conds[k].block);
            if (aws_block_len(b) == 0)
                continue;
            const char *pre = tf_arena_printf(a, "Conditions.member.%zu", ++n);
            aws_params_add(p, tf_arena_printf(a, "%s.Field", pre), rule_conds[k].field);
            const char *cp = tf_arena_printf(a, "%s.%s", pre, rule_conds[k].config);
            if (strcmp(rule_conds[k].block, "query_string") == 0) {
                for (size_t j = 0; j < b->u.coll.n; j++) {
                    const tf_value *kv = b->u.coll.items[j];
                    const char *key = tf_get_str(kv, "key", "");
                    if (*key)
                        aws_params_add(p, tf_arena_printf(a, "%s.Values.member.%zu.Key", cp, j + 1),
                                       key);
                    aws_params_add(p, tf_arena_printf(a, "%s.Values.member.%zu.Value", cp, j + 1),
                                   tf_get_str(kv, "value", ""));
                }
                break;
            }
            const tf_value *first = aws_block_first(b);
            if (strcmp(rule_conds[k].block, "http_header") == 0)
                aws_params_add(p, tf_arena_printf(a, "%s.HttpHeaderName", cp),
                               tf_get_str(first, "http_header_name", ""));
            rule_param_strings(p, a, cp, tf_get(first, "values"));
            break;
        }
    }
}

/* ---- from the API ---- */

static const tf_value *rule_condition_state(tf_arena *a, const aws_xml_node *x)
{
    const char *field = aws_xml_text(x, "Field");
    tf_objb b;
    tf_objb_init(&b, a, rule_block("condition")->ctype, NULL);
    for (size_t k = 0; k < RULE_N_CONDS; k++) {
        const struct rule_cond *rc = &rule_conds[k];
        char path[64];
        snprintf(path, sizeof path, "condition.%s", rc->block);
        const tf_block *blk = rule_block(path);
        bool mine = field && strcmp(field, rc->field) == 0;
        const aws_xml_node *cfg = mine ? aws_xml_child(x, rc->config) : NULL;
        if (strcmp(rc->block, "query_string") == 0) {
            size_t n = 0;
            for (const aws_xml_node *e = cfg ? aws_xml_first(cfg, "Values/member") : NULL; e;
                 e = aws_xml_next(e))
                n++;
            const tf_value **items = tf_arena_alloc(a, (n + 1) * sizeof *items);
            n = 0;
            for (const aws_xml_node *e = cfg ? aws_xml_first(cfg, "Values/member") : NULL; e;
                 e = aws_xml_next(e)) {
                tf_objb qb;
                tf_objb_init(&qb, a, blk->ctype, NULL);
                const char *key = aws_xml_text(e, "Key"), *value = aws_xml_text(e, "Value");
                tf_objb_str(&qb, "key", key ? key : "");
                tf_objb_str(&qb, "value", value ? value : "");
                items[n++] = tf_objb_done(&qb);
            }
            tf_objb_set(&b, rc->block, tf_set(a, blk->ctype, n, items));
            continue;
        }
        const tf_value *item = NULL;
        if (mine) {
            tf_objb cb;
            tf_objb_init(&cb, a, blk->ctype, NULL);
            if (strcmp(rc->block, "http_header") == 0) {
                const char *name = cfg ? aws_xml_text(cfg, "HttpHeaderName") : NULL;
                tf_objb_str(&cb, "http_header_name", name ? name : "");
            }
            tf_objb_set(&cb, "values",
                        cfg ? elbv2_string_set(a, cfg, "Values/member", NULL)
                            : elbv2_string_set(a, x, "Values/member", NULL));
            item = tf_objb_done(&cb);
        }
        tf_objb_set(&b, rc->block, aws_block_list(a, blk, item));
    }
    return tf_objb_done(&b);
}

/* arn:...:listener-rule/app/n/h/l/r -> arn:...:listener/app/n/h/l */
static const char *rule_listener_arn(tf_arena *a, const char *rule_arn)
{
    if (!rule_arn)
        return "";
    const char *mark = strstr(rule_arn, ":listener-rule/");
    const char *last = strrchr(rule_arn, '/');
    if (!mark || !last || last <= mark + strlen(":listener-rule"))
        return "";
    return tf_arena_printf(a, "%.*s:listener%.*s", (int)(mark - rule_arn), rule_arn,
                           (int)(last - (mark + strlen(":listener-rule"))),
                           mark + strlen(":listener-rule"));
}

static const tf_value *rule_state(tf_ctx *ctx, const tf_value *base, const elbv2_object *obj)
{
    tf_arena *a = ctx->arena;
    const aws_xml_node *r = obj->item;
    const char *arn = aws_xml_text(r, "RuleArn");
    tf_objb b;
    tf_objb_init(&b, a, RULE_SCHEMA->ctype, base);
    tf_objb_str(&b, "id", arn);
    tf_objb_str(&b, "arn", arn);
    tf_objb_str(&b, "listener_arn", rule_listener_arn(a, arn));
    const char *prio = aws_xml_text(r, "Priority");
    tf_objb_i64(&b, "priority",
                !prio || strcmp(prio, "default") == 0 ? RULE_PRIORITY_DEFAULT : atoll(prio));
    tf_objb_set(&b, "action",
                elbv2_actions_state(a, RULE_SCHEMA, "action", r, "Actions/member", base));
    size_t n = 0;
    for (const aws_xml_node *c = aws_xml_first(r, "Conditions/member"); c; c = aws_xml_next(c))
        n++;
    const tf_value **conds = tf_arena_alloc(a, (n + 1) * sizeof *conds);
    n = 0;
    for (const aws_xml_node *c = aws_xml_first(r, "Conditions/member"); c; c = aws_xml_next(c))
        conds[n++] = rule_condition_state(a, c);
    tf_objb_set(&b, "condition", tf_set(a, rule_block("condition")->ctype, n, conds));
    tf_objb_set(&b, "tags", obj->tags);
    tf_objb_set(&b, "tags_all", obj->tags_all);
    return tf_objb_done(&b);
}

static const tf_value *rule_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                    bool is_new)
{
    /* hashicorp/aws waits up to its propagation timeout for a new rule. */
    return elbv2_refresh(ctx, m, &rule_api, base, is_new, is_new ? 120.0 : 0, rule_state);
}

/* ---- priorities ---- */

/* The highest priority among the listener's rules (0 when none), or -1
 * with err. */
static long long rule_highest_priority(tf_ctx *ctx, const aws_meta *m, const char *listener,
                                       aws_error *err)
{
    long long best = 0;
    const char *marker = NULL;
    do {
        aws_params *p = aws_params_new(ctx->arena);
        aws_params_add(p, "ListenerArn", listener);
        if (marker)
            aws_params_add(p, "Marker", marker);
        aws_xml_node *out;
        if (aws_query_call(m->client, ctx->arena, ctx->stop, "elbv2", "DescribeRules", p, &out,
                           err) != 0)
            return -1;
        for (const aws_xml_node *r = aws_xml_first(out, "Rules/member"); r; r = aws_xml_next(r)) {
            const char *prio = aws_xml_text(r, "Priority");
            if (prio && strcmp(prio, "default") != 0 && atoll(prio) > best)
                best = atoll(prio);
        }
        marker = aws_xml_text(out, "NextMarker");
    } while (marker && *marker);
    return best;
}

/* What CreateRule makes unique: a listener's rule at a priority. */
typedef struct rule_key {
    aws_client *c;
    const volatile int *stop;
    const char *listener;
    const char *priority;
} rule_key;

/* aws_create_lookup_fn: the rule of the listener at the priority. */
static int rule_lookup(void *ud, tf_arena *a, const char ***ids, size_t *n, aws_error *err)
{
    const rule_key *k = ud;
    *n = 0;
    const char *marker = NULL;
    do {
        aws_params *p = aws_params_new(a);
        aws_params_add(p, "ListenerArn", k->listener);
        if (marker)
            aws_params_add(p, "Marker", marker);
        aws_xml_node *out;
        if (aws_query_call(k->c, a, k->stop, "elbv2", "DescribeRules", p, &out, err) != 0)
            return aws_error_is(err, "ListenerNotFound") ? 0 : -1;
        for (const aws_xml_node *r = aws_xml_first(out, "Rules/member"); r; r = aws_xml_next(r)) {
            const char *prio = aws_xml_text(r, "Priority"), *arn = aws_xml_text(r, "RuleArn");
            if (arn && prio && strcmp(prio, k->priority) == 0) {
                const char **one = tf_arena_calloc(a, 1, sizeof *one);
                one[0] = arn;
                *ids = one;
                *n = 1;
                return 0;
            }
        }
        marker = aws_xml_text(out, "NextMarker");
    } while (marker && *marker);
    return 0;
}

/* ---- callbacks ---- */

/* CreateRule's parameters but the priority. */
static aws_params *rule_create_params(tf_ctx *ctx, const tf_value *planned, const char *listener)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "ListenerArn", listener);
    if (elbv2_actions_params(ctx, p, "Actions", planned, "action") != 0)
        return NULL;
    rule_params_conditions(ctx->arena, p, planned);
    return p;
}

static double rule_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One CreateRule at priority through aws_create_once; the ARN, or NULL
 * with err. */
static const char *rule_create_at(tf_ctx *ctx, const aws_meta *m, const tf_value *planned,
                                  aws_params *p, const char *listener, const char *priority,
                                  aws_error *err)
{
    aws_params_add(p, "Priority", priority);
    size_t n_tags;
    aws_kv *tags = aws_tags_from_map(ctx->arena, tf_get(planned, "tags_all"), &n_tags);
    aws_params_tags(p, AWS_LIST_MEMBER, "Tags", tags, n_tags);
    rule_key key = {.c = m->client, .stop = ctx->stop, .listener = listener,
                    .priority = priority};
    aws_create_once once = {.service = "elbv2", .operation = "CreateRule",
                            .lookup = rule_lookup, .ud = &key};
    aws_xml_node *out;
    const char *adopted;
    if (aws_create_once_query(m->client, ctx->arena, ctx->stop, &once, p, &out, &adopted, err) !=
        0)
        return NULL;
    if (adopted)
        return adopted;
    const char *arn = aws_xml_text(out, "Rules/member/RuleArn");
    if (!arn || !*arn) {
        aws_error_set(err, AWS_ERR_RESPONSE, "", "CreateRule returned no ARN");
        return NULL;
    }
    return arn;
}

static const tf_value *rule_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *listener = tf_get_str(planned, "listener_arn", "");
    const tf_value *prio = tf_get(planned, "priority");
    bool fixed = tf_is_known(prio);
    double deadline = rule_clock() + RULE_CREATE_TIMEOUT;
    const char *arn = NULL;
    aws_error err;
    for (;;) {
        aws_params *p = rule_create_params(ctx, planned, listener);
        if (!p)
            return NULL;
        const char *priority;
        if (fixed) {
            priority = elbv2_num_str(a, prio);
        } else {
            long long high = rule_highest_priority(ctx, m, listener, &err);
            if (high < 0)
                break;
            priority = tf_arena_printf(a, "%lld", high + 1);
        }
        arn = rule_create_at(ctx, m, planned, p, listener, priority, &err);
        /* Without a configured priority, one another rule took first is
         * followed by the next free one. */
        if (arn || fixed || !aws_error_is(&err, "PriorityInUse") || rule_clock() > deadline ||
            (ctx->stop && *ctx->stop))
            break;
    }
    if (!arn) {
        aws_diag(ctx, &err, "creating ELBv2 Listener Rule");
        return NULL;
    }
    const tf_value *state = tf_object_with(a, planned, "id", tf_string(a, arn));
    return rule_refresh(ctx, m, state, true);
}

static const tf_value *rule_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    return rule_refresh(ctx, m, state, false);
}

static const tf_value *rule_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *arn = tf_get_str(prior, "id", "");
    aws_xml_node *out;
    aws_error err;
    const tf_value *prio = tf_get(planned, "priority");
    if (tf_is_known(prio) && !tf_value_equal(prio, tf_get(prior, "priority"))) {
        aws_params *p = aws_params_new(a);
        aws_params_add(p, "RulePriorities.member.1.RuleArn", arn);
        aws_params_add(p, "RulePriorities.member.1.Priority", elbv2_num_str(a, prio));
        if (aws_query_call(m->client, a, ctx->stop, "elbv2", "SetRulePriorities", p, &out,
                           &err) != 0) {
            aws_diag(ctx, &err, "updating ELB v2 Listener Rule (%s): setting priority", arn);
            return rule_refresh(ctx, m, prior, false);
        }
    }
    bool actions = !tf_value_equal(tf_get(prior, "action"), tf_get(planned, "action"));
    bool conds = !tf_value_equal(tf_get(prior, "condition"), tf_get(planned, "condition"));
    if (actions || conds) {
        aws_params *p = aws_params_new(a);
        aws_params_add(p, "RuleArn", arn);
        if (actions && elbv2_actions_params(ctx, p, "Actions", planned, "action") != 0)
            return prior;
        if (conds)
            rule_params_conditions(a, p, planned);
        if (aws_query_call(m->client, a, ctx->stop, "elbv2", "ModifyRule", p, &out, &err) != 0) {
            aws_diag(ctx, &err, "modifying LB Listener Rule");
            return rule_refresh(ctx, m, prior, false);
        }
    }
    if (elbv2_tags_update(ctx, m, &rule_api, arn, prior, planned) != 0)
        return rule_refresh(ctx, m, prior, false);
    return rule_refresh(ctx, m, planned, true);
}

static void rule_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    elbv2_delete(ctx, m, &rule_api, tf_get_str(prior, "id", ""), 0, NULL);
}

#define RULE_DEF(type)                                                                     \
    {.type_name = type, .schema = RULE_SCHEMA, .validate = rule_validate,                  \
     .modify_plan = rule_modify_plan, .create = rule_create, .read = rule_read,            \
     .update = rule_update, .delete = rule_delete}

const tf_resource_def aws_elbv2_lb_listener_rule_def = RULE_DEF("aws_lb_listener_rule");
const tf_resource_def aws_elbv2_alb_listener_rule_def = RULE_DEF("aws_alb_listener_rule");

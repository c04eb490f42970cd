/* elbv2_actions.c - the action blocks of aws_lb_listener (default_action)
 * and aws_lb_listener_rule (action): validation, planning, the API
 * parameters and the state read back.  See elbv2_actions.h. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aws_schema_gen.h"
#include "block_values.h"
#include "elbv2_actions.h"
#include "elbv2_common.h"
#include "plan_suppress.h"
#include "schema_block.h"
#include "tags.h"
#include "value_build.h"

/* ---- validation ----
 *
 * Each action type needs its own block, and blocks of other types are
 * ignored by AWS.  Missing blocks are errors; stray ones are warnings, as in
 * hashicorp/aws (they will become errors there too). */

/* True when a block list is present with at least one element; unknown
 * counts as present (it may well be). */
static bool act_block_given(const tf_value *v)
{
    if (tf_is_unknown(v))
        return true;
    return tf_is_known(v) && v->u.coll.n > 0;
}

static const char *act_pstr(tf_ctx *ctx, const tf_path *p)
{
    return tf_path_string(ctx->arena, p);
}

static void act_required_when(tf_ctx *ctx, const tf_path *action, const char *block,
                              const char *type)
{
    const tf_path *bp = tf_path_attr(ctx->arena, action, block);
    const tf_path *tp = tf_path_attr(ctx->arena, action, "type");
    tf_diag_error(ctx->diags, bp, "Invalid Attribute Combination",
                  "Attribute \"%s\" must be specified when \"%s\" is \"%s\".",
                  act_pstr(ctx, bp), act_pstr(ctx, tp), type);
}

static void act_stray_block(tf_ctx *ctx, const tf_path *action, const char *block,
                            const char *type)
{
    const tf_path *bp = tf_path_attr(ctx->arena, action, block);
    const tf_path *tp = tf_path_attr(ctx->arena, action, "type");
    tf_diag_warn(ctx->diags, bp, "Invalid Attribute Combination",
                 "Attribute \"%s\" cannot be specified when \"%s\" is \"%s\".\n\n"
                 "This will be an error in a future version of the provider.",
                 act_pstr(ctx, bp), act_pstr(ctx, tp), type);
}

/* target_group_arn and forward may both be given only if they agree. */
static void act_check_forward_arns(tf_ctx *ctx, const tf_path *action, const tf_value *tga,
                                   const tf_value *forward)
{
    if (!tf_is_known(tga) || tga->u.str.len == 0 || !tf_is_known(forward) ||
        forward->u.coll.n == 0)
        return;
    const tf_value *groups = tf_get(forward->u.coll.items[0], "target_group");
    if (!tf_is_known(groups))
        return;
    for (size_t i = 0; i < groups->u.coll.n; i++) {
        const tf_value *arn = tf_get(groups->u.coll.items[i], "arn");
        if (!tf_is_known(arn) || arn->u.str.len == 0 || strcmp(arn->u.str.ptr, tga->u.str.ptr) == 0)
            continue;
        tf_diag_error(ctx->diags, action, "Invalid Attribute Combination",
                      "You can specify both a top-level target group ARN (\"%s\") and, with "
                      "\"%s\", a target group list with ARNs, only if the ARNs match.",
                      act_pstr(ctx, tf_path_attr(ctx->arena, action, "target_group_arn")),
                      act_pstr(ctx, tf_path_attr(ctx->arena, action, "forward")));
        return;
    }
}

static void act_validate_one(tf_ctx *ctx, const tf_path *action, const tf_value *a)
{
    const tf_value *type = tf_get(a, "type");
    if (!tf_is_known(type))
        return;
    const char *t = type->u.str.ptr;
    const tf_value *tga = tf_get(a, "target_group_arn");
    const tf_value *forward = tf_get(a, "forward");
    act_check_forward_arns(ctx, action, tga, forward);

    static const struct {
        const char *type, *block;
    } needs[] = {
        {"redirect", "redirect"},
        {"fixed-response", "fixed_response"},
        {"authenticate-cognito", "authenticate_cognito"},
        {"authenticate-oidc", "authenticate_oidc"},
        {"forward", "forward"},
    };
    bool is_forward = strcasecmp(t, "forward") == 0;
    if (is_forward && tf_is_null(tga) && !act_block_given(forward)) {
        const tf_path *tp = tf_path_attr(ctx->arena, action, "type");
        tf_diag_error(ctx->diags, tp, "Invalid Attribute Combination",
                      "Either \"%s\" or \"%s\" must be specified when \"%s\" is \"forward\".",
                      act_pstr(ctx, tf_path_attr(ctx->arena, action, "target_group_arn")),
                      act_pstr(ctx, tf_path_attr(ctx->arena, action, "forward")),
                      act_pstr(ctx, tp));
    }
    for (size_t i = 0; i < sizeof needs / sizeof needs[0]; i++) {
        bool mine = strcasecmp(t, needs[i].type) == 0;
        bool given = act_block_given(tf_get(a, needs[i].block));
        bool really_given = tf_is_known(tf_get(a, needs[i].block)) && given;
        if (mine && !given && !is_forward)
            act_required_when(ctx, action, needs[i].block, t);
        if (!mine && really_given)
            act_stray_block(ctx, action, needs[i].block, t);
    }
    if (!is_forward && tf_is_known(tga) && tga->u.str.len > 0)
        act_stray_block(ctx, action, "target_group_arn", t);
}

void elbv2_actions_validate(tf_ctx *ctx, const tf_value *config, const char *attr)
{
    const tf_value *actions = tf_get(config, attr);
    if (!tf_is_known(actions))
        return;
    const tf_path *base = tf_path_attr(ctx->arena, tf_path_root(ctx->arena), attr);
    for (size_t i = 0; i < actions->u.coll.n; i++) {
        const tf_value *a = actions->u.coll.items[i];
        if (tf_is_known(a))
            act_validate_one(ctx, tf_path_index(ctx->arena, base, (int64_t)i), a);
    }
}

/* ---- planning ---- */

/* The action blocks and the action type each belongs to. */
static const struct {
    const char *field, *type;
} act_parts[] = {
    {"target_group_arn", "forward"},
    {"authenticate_cognito", "authenticate-cognito"},
    {"authenticate_oidc", "authenticate-oidc"},
    {"fixed_response", "fixed-response"},
    {"forward", "forward"},
    {"redirect", "redirect"},
};

/* A forward block without stickiness keeps the stickiness AWS reports
 * (Enabled false): hashicorp/aws's SuppressMissingOptionalConfigurationBlock. */
static void act_plan_stickiness(tf_ctx *ctx, tf_plan_req *req, const char *attr)
{
    tf_arena *a = ctx->arena;
    const tf_value *acts = tf_get(req->planned, attr);
    const tf_value *cfgs = tf_get(req->config, attr);
    const tf_value *priors = tf_is_known(req->prior) ? tf_get(req->prior, attr) : NULL;
    if (!tf_is_known(acts) || !tf_is_known(cfgs) || !tf_is_known(priors))
        return;
    const tf_value **items = NULL;
    for (size_t i = 0; i < acts->u.coll.n && i < cfgs->u.coll.n && i < priors->u.coll.n; i++) {
        const tf_value *act = acts->u.coll.items[i];
        const tf_value *pf = aws_block_get(act, "forward");
        const tf_value *cf = aws_block_get(cfgs->u.coll.items[i], "forward");
        const tf_value *prf = aws_block_get(priors->u.coll.items[i], "forward");
        if (!pf || !cf || !prf || aws_block_len(tf_get(cf, "stickiness")) > 0 ||
            aws_block_len(tf_get(prf, "stickiness")) == 0)
            continue;
        if (!items) {
            items = tf_arena_alloc(a, acts->u.coll.n * sizeof *items);
            memcpy(items, acts->u.coll.items, acts->u.coll.n * sizeof *items);
        }
        const tf_value *fwd = tf_object_with(a, pf, "stickiness", tf_get(prf, "stickiness"));
        const tf_value *list = tf_get(act, "forward");
        items[i] = tf_object_with(a, act, "forward", tf_list(a, list->type->elem, 1, &fwd));
    }
    if (!items)
        return;
    req->planned = tf_object_with(a, req->planned, attr,
                                  tf_list(a, acts->type->elem, acts->u.coll.n, items));
    /* A planned block the configuration lacks: acceptable to Terraform
     * only under the legacy type system, as for SDKv2. */
    req->legacy_type_system = true;
}

void elbv2_actions_plan(tf_ctx *ctx, tf_plan_req *req, const tf_block *schema, const char *attr)
{
    act_plan_stickiness(ctx, req, attr);
    const tf_value *acts = tf_get(req->planned, attr);
    size_t n = tf_is_known(acts) ? acts->u.coll.n : 0;
    for (size_t i = 0; i < n; i++) {
        const tf_value *act = acts->u.coll.items[i];
        const tf_value *type = tf_is_known(act) ? tf_get(act, "type") : NULL;
        const char *t = tf_is_known(type) ? type->u.str.ptr : "";
        for (size_t k = 0; k < sizeof act_parts / sizeof *act_parts; k++)
            if (strcmp(t, act_parts[k].type) != 0)
                aws_plan_suppress_nested(ctx, req, schema, attr, i, act_parts[k].field);
    }
}

/* ---- to the API ---- */

static void act_param(aws_params *p, const char *pre, const char *field, const char *value)
{
    if (value && *value)
        aws_params_add(p, aws_params_key(p, "%s.%s", pre, field), value);
}

static void act_params_forward(aws_params *p, tf_arena *a, const char *pre, const tf_value *fwd)
{
    const tf_value *tgs = tf_get(fwd, "target_group");
    for (size_t j = 0; tf_is_known(tgs) && j < tgs->u.coll.n; j++) {
        const tf_value *tg = tgs->u.coll.items[j];
        const char *tp = tf_arena_printf(a, "%s.ForwardConfig.TargetGroups.member.%zu", pre, j + 1);
        act_param(p, tp, "TargetGroupArn", tf_get_str(tg, "arn", ""));
        act_param(p, tp, "Weight", elbv2_num_str(a, tf_get(tg, "weight")));
    }
    const tf_value *st = aws_block_get(fwd, "stickiness");
    if (st) {
        const char *sp = tf_arena_printf(a, "%s.ForwardConfig.TargetGroupStickinessConfig", pre);
        act_param(p, sp, "Enabled", elbv2_bool_str(tf_get(st, "enabled")));
        act_param(p, sp, "DurationSeconds", elbv2_num_str(a, tf_get(st, "duration")));
    }
}

static const char *const act_redirect_fields[][2] = {
    {"host", "Host"}, {"path", "Path"}, {"port", "Port"},
    {"protocol", "Protocol"}, {"query", "Query"}, {"status_code", "StatusCode"},
};

/* The string and number fields of an authenticate block and their API
 * names; the extra parameters map is sent apart.  NULL-terminated. */
static const char *const act_cognito_fields[][2] = {
    {"on_unauthenticated_request", "OnUnauthenticatedRequest"},
    {"scope", "Scope"},
    {"session_cookie_name", "SessionCookieName"},
    {"session_timeout", "SessionTimeout"},
    {"user_pool_arn", "UserPoolArn"},
    {"user_pool_client_id", "UserPoolClientId"},
    {"user_pool_domain", "UserPoolDomain"},
    {NULL, NULL},
};
static const char *const act_oidc_fields[][2] = {
    {"authorization_endpoint", "AuthorizationEndpoint"},
    {"client_id", "ClientId"},
    {"client_secret", "ClientSecret"},
    {"issuer", "Issuer"},
    {"on_unauthenticated_request", "OnUnauthenticatedRequest"},
    {"scope", "Scope"},
    {"session_cookie_name", "SessionCookieName"},
    {"session_timeout", "SessionTimeout"},
    {"token_endpoint", "TokenEndpoint"},
    {"user_info_endpoint", "UserInfoEndpoint"},
    {NULL, NULL},
};

/* An authenticate block as hashicorp/aws expands it: empty strings and a
 * zero timeout left out. */
static void act_params_auth(aws_params *p, tf_arena *a, const char *pre, const tf_value *blk,
                            const char *const (*fields)[2])
{
    if (!blk)
        return;
    const tf_value *extra = tf_get(blk, "authentication_request_extra_params");
    if (tf_is_known(extra) && extra->u.coll.n > 0) {
        size_t n = 0;
        aws_kv *kv = aws_tags_from_map(a, extra, &n);
        aws_params_map(p, tf_arena_printf(a, "%s.AuthenticationRequestExtraParams", pre), kv, n);
    }
    for (size_t k = 0; fields[k][0]; k++) {
        const tf_value *v = tf_get(blk, fields[k][0]);
        if (!tf_is_known(v))
            continue;
        const char *text = v->type->kind == TF_NUMBER ? elbv2_num_str(a, v) : v->u.str.ptr;
        if (v->type->kind == TF_NUMBER && strcmp(text, "0") == 0)
            continue;
        act_param(p, pre, fields[k][1], text);
    }
}

int elbv2_actions_params(tf_ctx *ctx, aws_params *p, const char *param, const tf_value *planned,
                         const char *attr)
{
    tf_arena *a = ctx->arena;
    const tf_value *acts = tf_get(planned, attr);
    for (size_t i = 0; tf_is_known(acts) && i < acts->u.coll.n; i++) {
        const tf_value *act = acts->u.coll.items[i];
        const char *type = tf_get_str(act, "type", "");
        const char *pre = tf_arena_printf(a, "%s.member.%zu", param, i + 1);
        act_param(p, pre, "Type", type);
        const tf_value *order = tf_get(act, "order");
        act_param(p, pre, "Order",
                  tf_is_known(order) ? elbv2_num_str(a, order) : tf_arena_printf(a, "%zu", i + 1));
        if (strcasecmp(type, "forward") == 0) {
            const tf_value *fwd = aws_block_get(act, "forward");
            if (fwd)
                act_params_forward(p, a, pre, fwd);
            else
                act_param(p, pre, "TargetGroupArn", tf_get_str(act, "target_group_arn", ""));
        } else if (strcasecmp(type, "fixed-response") == 0) {
            const tf_value *fr = aws_block_get(act, "fixed_response");
            const char *fp = tf_arena_printf(a, "%s.FixedResponseConfig", pre);
            act_param(p, fp, "ContentType", tf_get_str(fr, "content_type", ""));
            act_param(p, fp, "MessageBody", tf_get_str(fr, "message_body", ""));
            act_param(p, fp, "StatusCode", tf_get_str(fr, "status_code", ""));
        } else if (strcasecmp(type, "redirect") == 0) {
            const tf_value *rd = aws_block_get(act, "redirect");
            const char *rp = tf_arena_printf(a, "%s.RedirectConfig", pre);
            for (size_t k = 0; k < sizeof act_redirect_fields / sizeof *act_redirect_fields; k++)
                act_param(p, rp, act_redirect_fields[k][1],
                          tf_get_str(rd, act_redirect_fields[k][0], ""));
        } else if (strcasecmp(type, "authenticate-cognito") == 0) {
            act_params_auth(p, a, tf_arena_printf(a, "%s.AuthenticateCognitoConfig", pre),
                            aws_block_get(act, "authenticate_cognito"), act_cognito_fields);
        } else if (strcasecmp(type, "authenticate-oidc") == 0) {
            act_params_auth(p, a, tf_arena_printf(a, "%s.AuthenticateOidcConfig", pre),
                            aws_block_get(act, "authenticate_oidc"), act_oidc_fields);
        } else {
            tf_diag_error(ctx->diags,
                          tf_path_index(a, tf_path_attr(a, tf_path_root(a), attr), (int64_t)i),
                          "Unsupported action type",
                          "This provider does not support %s type \"%s\".", attr, type);
            return -1;
        }
    }
    return 0;
}

/* ---- from the API ---- */

static const char *act_text(const aws_xml_node *n, const char *path)
{
    const char *t = aws_xml_text(n, path);
    return t ? t : "";
}

/* The blocks below one action of the schema. */
typedef struct act_blocks {
    const tf_block *action, *forward, *target_group, *stickiness, *fixed, *redirect, *cognito,
        *oidc;
} act_blocks;

static act_blocks act_blocks_of(tf_arena *a, const tf_block *schema, const char *attr)
{
    act_blocks b = {
        .action = aws_schema_block(schema, attr),
        .forward = aws_schema_block(schema, tf_arena_printf(a, "%s.forward", attr)),
        .target_group =
            aws_schema_block(schema, tf_arena_printf(a, "%s.forward.target_group", attr)),
        .stickiness = aws_schema_block(schema, tf_arena_printf(a, "%s.forward.stickiness", attr)),
        .fixed = aws_schema_block(schema, tf_arena_printf(a, "%s.fixed_response", attr)),
        .redirect = aws_schema_block(schema, tf_arena_printf(a, "%s.redirect", attr)),
        .cognito = aws_schema_block(schema, tf_arena_printf(a, "%s.authenticate_cognito", attr)),
        .oidc = aws_schema_block(schema, tf_arena_printf(a, "%s.authenticate_oidc", attr)),
    };
    return b;
}

static const tf_value *act_forward_state(tf_arena *a, const act_blocks *bl, const aws_xml_node *x)
{
    const aws_xml_node *cfg = aws_xml_child(x, "ForwardConfig");
    if (!cfg)
        return NULL;
    size_t n = 0;
    for (const aws_xml_node *t = aws_xml_first(cfg, "TargetGroups/member"); t; t = aws_xml_next(t))
        n++;
    const tf_value **tgs = tf_arena_alloc(a, (n + 1) * sizeof *tgs);
    n = 0;
    for (const aws_xml_node *t = aws_xml_first(cfg, "TargetGroups/member"); t;
         t = aws_xml_next(t)) {
        tf_objb b;
        tf_objb_init(&b, a, bl->target_group->ctype, NULL);
        tf_objb_str(&b, "arn", act_text(t, "TargetGroupArn"));
        tf_objb_i64(&b, "weight", aws_xml_int(t, "Weight", 1));
        tgs[n++] = tf_objb_done(&b);
    }
    const tf_value *st = NULL;
    const aws_xml_node *sx = aws_xml_child(cfg, "TargetGroupStickinessConfig");
    if (sx) {
        tf_objb sb;
        tf_objb_init(&sb, a, bl->stickiness->ctype, NULL);
        tf_objb_bool(&sb, "enabled", aws_xml_bool(sx, "Enabled", 0));
        tf_objb_i64(&sb, "duration", aws_xml_int(sx, "DurationSeconds", 0));
        st = tf_objb_done(&sb);
    }
    tf_objb b;
    tf_objb_init(&b, a, bl->forward->ctype, NULL);
    tf_objb_set(&b, "target_group", tf_set(a, bl->target_group->ctype, n, tgs));
    tf_objb_set(&b, "stickiness", aws_block_list(a, bl->stickiness, st));
    return tf_objb_done(&b);
}

/* An authenticate block from AWS's config; AWS never returns an OIDC
 * client secret, so it is kept from prior (the state or plan). */
static const tf_value *act_auth_state(tf_arena *a, const tf_block *blk, const aws_xml_node *cfg,
                                      const char *const (*fields)[2], const tf_value *prior)
{
    if (!cfg)
        return NULL;
    tf_objb b;
    tf_objb_init(&b, a, blk->ctype, NULL);
    for (size_t k = 0; fields[k][0]; k++) {
        if (strcmp(fields[k][0], "client_secret") == 0) {
            const tf_value *secret = prior ? tf_get(prior, "client_secret") : NULL;
            if (tf_is_known(secret))
                tf_objb_set(&b, "client_secret", secret);
            continue;
        }
        const char *text = aws_xml_text(cfg, fields[k][1]);
        if (strcmp(fields[k][0], "session_timeout") == 0)
            tf_objb_i64(&b, fields[k][0], text ? atoll(text) : 0);
        else
            tf_objb_str(&b, fields[k][0], text ? text : "");
    }
    size_t n = 0;
    for (const aws_xml_node *e = aws_xml_first(cfg, "AuthenticationRequestExtraParams/entry"); e;
         e = aws_xml_next(e))
        n++;
    if (n) {
        const char **keys = tf_arena_calloc(a, n + 1, sizeof *keys);
        const char **vals = tf_arena_calloc(a, n + 1, sizeof *vals);
        n = 0;
        for (const aws_xml_node *e = aws_xml_first(cfg, "AuthenticationRequestExtraParams/entry");
             e; e = aws_xml_next(e)) {
            const char *k = aws_xml_text(e, "key"), *v = aws_xml_text(e, "value");
            keys[n] = k ? k : "";
            vals[n] = v ? v : "";
            n++;
        }
        tf_objb_set(&b, "authentication_request_extra_params", tf_string_map(a, keys, vals, n));
    }
    return tf_objb_done(&b);
}

/* One action.  A forward action is reported the way the configuration
 * wrote it (target_group_arn or a forward block); without a configuration
 * (import) both are filled. */
static const tf_value *act_state_one(tf_arena *a, const act_blocks *bl, const aws_xml_node *x,
                                     const tf_value *prior)
{
    const char *type = act_text(x, "Type");
    tf_objb b;
    tf_objb_init(&b, a, bl->action->ctype, NULL);
    tf_objb_str(&b, "type", type);
    tf_objb_i64(&b, "order", aws_xml_int(x, "Order", 0));
    tf_objb_str(&b, "target_group_arn", "");
    const tf_value *fwd = NULL, *fixed = NULL, *redir = NULL;
    if (strcmp(type, "forward") == 0) {
        bool uses_block = prior && aws_block_get(prior, "forward");
        bool uses_arn = prior && !uses_block;
        if (!uses_block)
            tf_objb_str(&b, "target_group_arn", act_text(x, "TargetGroupArn"));
        if (!uses_arn)
            fwd = act_forward_state(a, bl, x);
    } else if (strcmp(type, "fixed-response") == 0) {
        tf_objb fb;
        tf_objb_init(&fb, a, bl->fixed->ctype, NULL);
        tf_objb_str(&fb, "content_type", act_text(x, "FixedResponseConfig/ContentType"));
        tf_objb_str(&fb, "message_body", act_text(x, "FixedResponseConfig/MessageBody"));
        tf_objb_str(&fb, "status_code", act_text(x, "FixedResponseConfig/StatusCode"));
        fixed = tf_objb_done(&fb);
    } else if (strcmp(type, "redirect") == 0) {
        tf_objb rb;
        tf_objb_init(&rb, a, bl->redirect->ctype, NULL);
        for (size_t k = 0; k < sizeof act_redirect_fields / sizeof *act_redirect_fields; k++)
            tf_objb_str(&rb, act_redirect_fields[k][0],
                        act_text(x, tf_arena_printf(a, "RedirectConfig/%s",
                                                    act_redirect_fields[k][1])));
        redir = tf_objb_done(&rb);
    }
    tf_objb_set(&b, "forward", aws_block_list(a, bl->forward, fwd));
    tf_objb_set(&b, "fixed_response", aws_block_list(a, bl->fixed, fixed));
    tf_objb_set(&b, "redirect", aws_block_list(a, bl->redirect, redir));
    const tf_value *cognito = NULL, *oidc = NULL;
    if (strcmp(type, "authenticate-cognito") == 0)
        cognito = act_auth_state(a, bl->cognito, aws_xml_child(x, "AuthenticateCognitoConfig"),
                                 act_cognito_fields, NULL);
    else if (strcmp(type, "authenticate-oidc") == 0)
        oidc = act_auth_state(a, bl->oidc, aws_xml_child(x, "AuthenticateOidcConfig"),
                              act_oidc_fields, aws_block_get(prior, "authenticate_oidc"));
    tf_objb_set(&b, "authenticate_cognito", aws_block_list(a, bl->cognito, cognito));
    tf_objb_set(&b, "authenticate_oidc", aws_block_list(a, bl->oidc, oidc));
    return tf_objb_done(&b);
}

const tf_value *elbv2_actions_state(tf_arena *a, const tf_block *schema, const char *attr,
                                    const aws_xml_node *item, const char *xml_list,
                                    const tf_value *base)
{
    act_blocks bl = act_blocks_of(a, schema, attr);
    size_t n = 0;
    for (const aws_xml_node *x = aws_xml_first(item, xml_list); x; x = aws_xml_next(x))
        n++;
    const aws_xml_node **xs = tf_arena_alloc(a, (n + 1) * sizeof *xs);
    n = 0;
    for (const aws_xml_node *x = aws_xml_first(item, xml_list); x; x = aws_xml_next(x))
        xs[n++] = x;
    for (size_t i = 1; i < n; i++) /* insertion sort: a handful of actions */
        for (size_t j = i; j > 0 && aws_xml_int(xs[j - 1], "Order", 0) >
                                        aws_xml_int(xs[j], "Order", 0); j--) {
            const aws_xml_node *t = xs[j];
            xs[j] = xs[j - 1];
            xs[j - 1] = t;
        }
    const tf_value *prior = tf_get(base, attr);
    const tf_value **items = tf_arena_alloc(a, (n + 1) * sizeof *items);
    for (size_t i = 0; i < n; i++) {
        const tf_value *pa = tf_is_known(prior) && i < prior->u.coll.n &&
                                     tf_is_known(prior->u.coll.items[i])
                                 ? prior->u.coll.items[i]
                                 : NULL;
        items[i] = act_state_one(a, &bl, xs[i], pa);
    }
    return tf_list(a, bl.action->ctype, n, items);
}

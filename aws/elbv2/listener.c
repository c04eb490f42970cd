/* listener.c - aws_lb_listener (alias aws_alb_listener): a port and protocol
 * on which a load balancer accepts connections, and what it does with them.
 *
 * The schema is generated from aws/schema/aws.schema. */

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "aws_schema_gen.h"
#include "block_values.h"
#include "diagnostics.h"
#include "elbv2_actions.h"
#include "elbv2_common.h"
#include "plan_suppress.h"
#include "resources.h"
#include "schema_block.h"
#include "tags.h"
#include "value_build.h"

/* The generated schema table (aws/schema/aws.schema). */
#define LISTENER_SCHEMA (&aws_schema_resource_aws_lb_listener)

/* The nested block at path of the schema. */
static const tf_block *listener_block(const char *path)
{
    return aws_schema_block(LISTENER_SCHEMA, path);
}

/* ---- validation ---- */

static const char *listener_pstr(tf_ctx *ctx, const tf_path *p)
{
    return tf_path_string(ctx->arena, p);
}

/* mutual_authentication: "verify" needs a trust store; the other modes take
 * none of the trust store settings. */
static void listener_validate_mtls(tf_ctx *ctx, const tf_value *config)
{
    const tf_value *list = tf_get(config, "mutual_authentication");
    if (!tf_is_known(list) || tf_contains_unknown(list))
        return;
    const tf_path *base = tf_path_attr(ctx->arena, tf_path_root(ctx->arena),
                                       "mutual_authentication");
    for (size_t i = 0; i < list->u.coll.n; i++) {
        const tf_value *m = list->u.coll.items[i];
        const tf_value *mode = tf_get(m, "mode");
        if (!tf_is_known(mode))
            continue;
        const tf_path *mp = tf_path_index(ctx->arena, base, (int64_t)i);
        const char *modestr = mode->u.str.ptr;
        const char *mode_path = listener_pstr(ctx, tf_path_attr(ctx->arena, mp, "mode"));
        if (strcmp(modestr, "verify") == 0) {
            if (tf_is_null(tf_get(m, "trust_store_arn"))) {
                const tf_path *p = tf_path_attr(ctx->arena, mp, "trust_store_arn");
                tf_diag_error(ctx->diags, p, "Invalid Attribute Combination",
                              "Attribute \"%s\" must be specified when \"%s\" is \"%s\".",
                              listener_pstr(ctx, p), mode_path, modestr);
            }
            continue;
        }
        static const char *const verify_only[] = {
            "advertise_trust_store_ca_names", "ignore_client_certificate_expiry",
            "trust_store_arn", NULL};
        for (size_t k = 0; verify_only[k]; k++) {
            if (tf_is_null(tf_get(m, verify_only[k])))
                continue;
            const tf_path *p = tf_path_attr(ctx->arena, mp, verify_only[k]);
            tf_diag_error(ctx->diags, p, "Invalid Attribute Combination",
                          "Attribute \"%s\" cannot be specified when \"%s\" is \"%s\".",
                          listener_pstr(ctx, p), mode_path, modestr);
        }
    }
}

static void listener_validate(tf_ctx *ctx, const tf_value *config)
{
    elbv2_actions_validate(ctx, config, "default_action");
    listener_validate_mtls(ctx, config);
}

/* ---- planning ----
 *
 * hashicorp/aws upper-cases protocol (a StateFunc) and ignores, with
 * DiffSuppressFuncs, the listener attributes of other protocols and the
 * parts of a default action that belong to other action types. */

/* The listener attributes that only some protocols have. */
static const struct listener_scope {
    const char *name;
    const char *protocols; /* space-separated */
} listener_scopes[] = {
    {"routing_http_request_x_amzn_mtls_clientcert_header_name", "HTTPS"},
    {"routing_http_request_x_amzn_mtls_clientcert_issuer_header_name", "HTTPS"},
    {"routing_http_request_x_amzn_mtls_clientcert_leaf_header_name", "HTTPS"},
    {"routing_http_request_x_amzn_mtls_clientcert_serial_number_header_name", "HTTPS"},
    {"routing_http_request_x_amzn_mtls_clientcert_subject_header_name", "HTTPS"},
    {"routing_http_request_x_amzn_mtls_clientcert_validity_header_name", "HTTPS"},
    {"routing_http_request_x_amzn_tls_cipher_suite_header_name", "HTTPS"},
    {"routing_http_request_x_amzn_tls_version_header_name", "HTTPS"},
    {"routing_http_response_access_control_allow_credentials_header_value", "HTTP HTTPS"},
    {"routing_http_response_access_control_allow_headers_header_value", "HTTP HTTPS"},
    {"routing_http_response_access_control_allow_methods_header_value", "HTTP HTTPS"},
    {"routing_http_response_access_control_allow_origin_header_value", "HTTP HTTPS"},
    {"routing_http_response_access_control_expose_headers_header_value", "HTTP HTTPS"},
    {"routing_http_response_access_control_max_age_header_value", "HTTP HTTPS"},
    {"routing_http_response_content_security_policy_header_value", "HTTP HTTPS"},
    {"routing_http_response_server_enabled", "HTTP HTTPS"},
    {"routing_http_response_strict_transport_security_header_value", "HTTP HTTPS"},
    {"routing_http_response_x_content_type_options_header_value", "HTTP HTTPS"},
    {"routing_http_response_x_frame_options_header_value", "HTTP HTTPS"},
    {"tcp_idle_timeout_seconds", "GENEVE TCP"},
};

static bool listener_word_in(const char *word, const char *words)
{
    size_t n = strlen(word);
    for (const char *p = words; *p;) {
        const char *end = strchr(p, ' ');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && n > 0 && strncmp(p, word, n) == 0)
            return true;
        p += len + (end != NULL);
    }
    return false;
}

/* The protocol as the suppress functions read it: what config says, as
 * written, else the prior value. */
static const char *listener_raw_protocol(const tf_plan_req *req)
{
    const tf_value *c = tf_get(req->config, "protocol");
    if (tf_is_known(c))
        return c->u.str.ptr;
    if (tf_is_unknown(c))
        return "";
    return tf_get_str(req->prior, "protocol", "");
}

static void listener_plan_protocol(tf_ctx *ctx, tf_plan_req *req)
{
    const tf_value *c = tf_get(req->config, "protocol");
    if (!tf_is_known(c))
        return;
    char *up = tf_arena_strdup(ctx->arena, c->u.str.ptr);
    for (char *p = up; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    req->planned = tf_object_with(ctx->arena, req->planned, "protocol", tf_string(ctx->arena, up));
}

static void listener_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->planned))
        return;
    const char *protocol = listener_raw_protocol(req);
    for (size_t i = 0; i < sizeof listener_scopes / sizeof *listener_scopes; i++)
        if (!listener_word_in(protocol, listener_scopes[i].protocols))
            aws_plan_suppress(ctx, req, LISTENER_SCHEMA, listener_scopes[i].name);
    listener_plan_protocol(ctx, req);
    elbv2_actions_plan(ctx, req, LISTENER_SCHEMA, "default_action");
    aws_tags_plan(ctx, req);
}

/* ==== create, read, update, delete ====
 *
 * The listener itself carries port, protocol, TLS settings and the default
 * actions (CreateListener / ModifyListener); its key/value attributes carry
 * the HTTP header settings and the TCP idle timeout, and exist only for the
 * protocols they apply to, so writes send only keys AWS lists for the
 * listener.  The default actions are elbv2_actions.c's (forward,
 * fixed-response, redirect, authenticate-cognito, authenticate-oidc).
 * Import uses the ARN as id. */

#define LISTENER_TIMEOUT_DEFAULT (5 * 60.0)

#define LS_REQ(x) {"routing_http_request_x_amzn_" #x "_header_name", \
                   "routing.http.request.x_amzn_" #x ".header_name", ELBV2_STR}
#define LS_RESP(x) {"routing_http_response_" #x "_header_value", \
                    "routing.http.response." #x ".header_value", ELBV2_STR}

static const struct ls_attr_map {
    const char *arg;
    const char *key;
    elbv2_attr_type type;
} ls_attr_maps[] = {
    LS_REQ(mtls_clientcert), LS_REQ(mtls_clientcert_issuer), LS_REQ(mtls_clientcert_leaf),
    LS_REQ(mtls_clientcert_serial_number), LS_REQ(mtls_clientcert_subject),
    LS_REQ(mtls_clientcert_validity), LS_REQ(tls_cipher_suite), LS_REQ(tls_version),
    LS_RESP(access_control_allow_credentials), LS_RESP(access_control_allow_headers),
    LS_RESP(access_control_allow_methods), LS_RESP(access_control_allow_origin),
    LS_RESP(access_control_expose_headers), LS_RESP(access_control_max_age),
    LS_RESP(content_security_policy), LS_RESP(strict_transport_security),
    LS_RESP(x_content_type_options), LS_RESP(x_frame_options),
    {"routing_http_response_server_enabled", "routing.http.response.server.enabled", ELBV2_BOOL},
    {"tcp_idle_timeout_seconds", "tcp.idle_timeout.seconds", ELBV2_NUM},
};

static void ls_param(aws_params *p, const char *pre, const char *field, const char *value)
{
    if (value && *value)
        aws_params_add(p, aws_params_key(p, "%s.%s", pre, field), value);
}

static void ls_attrs_wanted(tf_arena *a, const tf_value *planned, const tf_value *prior,
                            const elbv2_attrs *have, elbv2_attrs *out)
{
    for (size_t i = 0; i < sizeof ls_attr_maps / sizeof *ls_attr_maps; i++) {
        const struct ls_attr_map *e = &ls_attr_maps[i];
        const tf_value *v = tf_get(planned, e->arg);
        const char *text = elbv2_attr_text(a, v);
        if (!text || !elbv2_attr(have, e->key))
            continue;
        if (prior ? tf_value_equal(v, tf_get(prior, e->arg))
                  : strcmp(text, elbv2_attr(have, e->key)) == 0)
            continue;
        elbv2_attr_put(a, out, e->key, text);
    }
}

/* Everything CreateListener and ModifyListener share. */
static int ls_params_common(tf_ctx *ctx, aws_params *p, const tf_value *planned)
{
    tf_arena *a = ctx->arena;
    aws_params_add(p, "Port", elbv2_num_str(a, tf_get(planned, "port")));
    const tf_value *proto = tf_get(planned, "protocol");
    if (tf_is_known(proto) && proto->u.str.len)
        aws_params_add(p, "Protocol", proto->u.str.ptr);
    const tf_value *ssl = tf_get(planned, "ssl_policy");
    if (tf_is_known(ssl) && ssl->u.str.len)
        aws_params_add(p, "SslPolicy", ssl->u.str.ptr);
    const char *cert = tf_get_str(planned, "certificate_arn", "");
    if (*cert)
        aws_params_add(p, "Certificates.member.1.CertificateArn", cert);
    const char *alpn = tf_get_str(planned, "alpn_policy", "");
    if (*alpn)
        aws_params_add(p, "AlpnPolicy.member.1", alpn);
    const tf_value *mtls = aws_block_get(planned, "mutual_authentication");
    if (mtls) {
        ls_param(p, "MutualAuthentication", "Mode", tf_get_str(mtls, "mode", ""));
        ls_param(p, "MutualAuthentication", "TrustStoreArn",
                 tf_get_str(mtls, "trust_store_arn", ""));
        ls_param(p, "MutualAuthentication", "IgnoreClientCertificateExpiry",
                 elbv2_bool_str(tf_get(mtls, "ignore_client_certificate_expiry")));
        const tf_value *adv = tf_get(mtls, "advertise_trust_store_ca_names");
        if (tf_is_known(adv) && adv->u.str.len)
            ls_param(p, "MutualAuthentication", "AdvertiseTrustStoreCaNames", adv->u.str.ptr);
    }
    return elbv2_actions_params(ctx, p, "DefaultActions", planned, "default_action");
}

/* ---- finding and reading ---- */

static const char *ls_text(const aws_xml_node *n, const char *path)
{
    const char *t = aws_xml_text(n, path);
    return t ? t : "";
}

/* A TLS listener has no attributes: AWS refuses to describe them. */
static bool ls_has_attrs(const aws_xml_node *ls)
{
    return strcmp(ls_text(ls, "Protocol"), "TLS") != 0;
}

static const elbv2_kind ls_api =
    ELBV2_KIND(Listener, "ELBv2 Listener", "listener", .has_attrs = ls_has_attrs);

static const tf_value *ls_state(tf_ctx *ctx, const tf_value *base, const elbv2_object *obj)
{
    tf_arena *a = ctx->arena;
    const aws_xml_node *ls = obj->item;
    const char *arn = aws_xml_text(ls, "ListenerArn");
    tf_objb b;
    tf_objb_init(&b, a, LISTENER_SCHEMA->ctype, base);
    tf_objb_str(&b, "id", arn);
    tf_objb_str(&b, "arn", arn);
    tf_objb_str(&b, "load_balancer_arn", aws_xml_text(ls, "LoadBalancerArn"));
    if (aws_xml_text(ls, "Port"))
        tf_objb_i64(&b, "port", aws_xml_int(ls, "Port", 0));
    tf_objb_str(&b, "protocol", ls_text(ls, "Protocol"));
    tf_objb_str(&b, "ssl_policy", ls_text(ls, "SslPolicy"));
    const char *cert = aws_xml_text(ls, "Certificates/member/CertificateArn");
    if (cert)
        tf_objb_str(&b, "certificate_arn", cert);
    const char *alpn = aws_xml_text(ls, "AlpnPolicy/member");
    if (alpn)
        tf_objb_str(&b, "alpn_policy", alpn);
    const aws_xml_node *mx = aws_xml_child(ls, "MutualAuthentication");
    const tf_value *mtls = NULL;
    if (mx && strcmp(ls_text(mx, "Mode"), "off") != 0) {
        tf_objb mb;
        tf_objb_init(&mb, a, listener_block("mutual_authentication")->ctype, NULL);
        tf_objb_str(&mb, "mode", ls_text(mx, "Mode"));
        tf_objb_str(&mb, "trust_store_arn", ls_text(mx, "TrustStoreArn"));
        tf_objb_bool(&mb, "ignore_client_certificate_expiry",
                     aws_xml_bool(mx, "IgnoreClientCertificateExpiry", 0));
        tf_objb_str(&mb, "advertise_trust_store_ca_names",
                    ls_text(mx, "AdvertiseTrustStoreCaNames"));
        mtls = tf_objb_done(&mb);
    }
    tf_objb_set(&b, "mutual_authentication",
                aws_block_list(a, listener_block("mutual_authentication"), mtls));
    tf_objb_set(&b, "default_action", elbv2_actions_state(a, LISTENER_SCHEMA, "default_action", ls,
                                                          "DefaultActions/member", base));
    for (size_t i = 0; i < sizeof ls_attr_maps / sizeof *ls_attr_maps; i++) {
        const struct ls_attr_map *e = &ls_attr_maps[i];
        const char *v = elbv2_attr(&obj->attrs, e->key);
        const tf_value *old = tf_get(base, e->arg);
        if (v)
            tf_objb_set(&b, e->arg, elbv2_attr_value(a, v, e->type));
        else if (tf_is_unknown(old))
            tf_objb_set(&b, e->arg, tf_null(a, old->type));
    }
    tf_objb_set(&b, "tags", obj->tags);
    tf_objb_set(&b, "tags_all", obj->tags_all);
    return tf_objb_done(&b);
}

static const tf_value *ls_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                  bool is_new, double timeout)
{
    return elbv2_refresh(ctx, m, &ls_api, base, is_new, timeout, ls_state);
}

/* ---- callbacks ---- */

static int ls_modify_attrs(tf_ctx *ctx, const aws_meta *m, const char *arn,
                           const tf_value *planned, const tf_value *prior)
{
    if (strcmp(tf_get_str(planned, "protocol", ""), "TLS") == 0)
        return 0;
    elbv2_attrs have, want = {0};
    aws_error err;
    if (elbv2_attrs_read(ctx, m, &ls_api, arn, &have, &err) != 0) {
        aws_diag(ctx, &err, "modifying ELBv2 Listener (%s) attributes", arn);
        return -1;
    }
    ls_attrs_wanted(ctx->arena, planned, prior, &have, &want);
    return elbv2_attrs_modify(ctx, m, &ls_api, arn, &want);
}

/* A certificate issued a moment ago may not be usable yet. */
static const char *const ls_cert_retry[] = {"CertificateNotFound", NULL};

/* What CreateListener makes unique: a load balancer's listener on a port. */
typedef struct ls_key {
    aws_client *c;
    const volatile int *stop;
    const char *lb;
    long long port;
} ls_key;

/* aws_create_lookup_fn: the ARN of the load balancer's listener on the port. */
static int ls_lookup(void *ud, tf_arena *a, const char ***ids, size_t *n, aws_error *err)
{
    const ls_key *k = ud;
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "LoadBalancerArn", k->lb);
    aws_xml_node *out;
    if (aws_query_call(k->c, a, k->stop, "elbv2", "DescribeListeners", p, &out, err) != 0)
        return aws_error_is(err, "LoadBalancerNotFound") ? (*n = 0, 0) : -1;
    *n = 0;
    for (const aws_xml_node *l = aws_xml_first(out, "Listeners/member"); l; l = aws_xml_next(l)) {
        const char *arn = aws_xml_text(l, "ListenerArn");
        if (arn && aws_xml_int(l, "Port", -1) == k->port) {
            const char **one = tf_arena_calloc(a, 1, sizeof *one);
            one[0] = arn;
            *ids = one;
            *n = 1;
            break;
        }
    }
    return 0;
}

static const tf_value *ls_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    double timeout = aws_timeout(planned, "create", LISTENER_TIMEOUT_DEFAULT);
    const char *lb = tf_get_str(planned, "load_balancer_arn", "");
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "LoadBalancerArn", lb);
    if (ls_params_common(ctx, p, planned) != 0)
        return NULL;
    ls_key key = {.c = m->client, .stop = ctx->stop, .lb = lb,
                  .port = tf_get_i64(planned, "port", -1)};
    const char *arn = elbv2_create(ctx, m, &ls_api, p, planned, lb, timeout, ls_cert_retry,
                                   ls_lookup, &key);
    if (!arn)
        return NULL;
    /* From here on the listener exists: every return carries its id. */
    const tf_value *state = tf_object_with(a, planned, "id", tf_string(a, arn));
    const tf_value *fresh = ls_refresh(ctx, m, state, true, timeout);
    if (fresh == state)
        return state;
    if (ls_modify_attrs(ctx, m, arn, planned, NULL) != 0)
        return fresh;
    /* Attributes in the plan stay as planned; read fills the rest. */
    return ls_refresh(ctx, m, state, true, timeout);
}

static const tf_value *ls_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    return ls_refresh(ctx, m, state, false, 0);
}

static bool ls_listener_changed(const tf_value *prior, const tf_value *planned)
{
    static const char *const args[] = {"port", "protocol", "ssl_policy", "certificate_arn",
                                       "alpn_policy", "mutual_authentication", "default_action"};
    for (size_t i = 0; i < sizeof args / sizeof *args; i++)
        if (!tf_value_equal(tf_get(prior, args[i]), tf_get(planned, args[i])))
            return true;
    return false;
}

static const tf_value *ls_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    double timeout = aws_timeout(planned, "update", LISTENER_TIMEOUT_DEFAULT);
    const char *arn = tf_get_str(prior, "id", "");
    aws_xml_node *out;
    aws_error err;
    if (ls_listener_changed(prior, planned)) {
        aws_params *p = aws_params_new(a);
        aws_params_add(p, "ListenerArn", arn);
        if (ls_params_common(ctx, p, planned) != 0)
            return prior;
        if (elbv2_call_retry(ctx, m, "ModifyListener", p, &out, timeout, ls_cert_retry, &err) !=
            0) {
            aws_diag(ctx, &err, "modifying ELBv2 Listener (%s)", arn);
            return ls_refresh(ctx, m, prior, false, 0);
        }
    }
    if (ls_modify_attrs(ctx, m, arn, planned, prior) != 0 ||
        elbv2_tags_update(ctx, m, &ls_api, arn, prior, planned) != 0)
        return ls_refresh(ctx, m, prior, false, 0);
    return ls_refresh(ctx, m, planned, true, timeout);
}

static void ls_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    elbv2_delete(ctx, m, &ls_api, tf_get_str(prior, "id", ""), 0, NULL);
}

/* ---- definitions ---- */

#define LISTENER_DEF(type)                                                                     \
    {.type_name = type, .schema = LISTENER_SCHEMA, .modify_plan = listener_modify_plan,       \
     .create = ls_create, .read = ls_read, .update = ls_update, .delete = ls_delete,           \
     .validate = listener_validate}

const tf_resource_def aws_elbv2_lb_listener_def = LISTENER_DEF("aws_lb_listener");
const tf_resource_def aws_elbv2_alb_listener_def = LISTENER_DEF("aws_alb_listener");

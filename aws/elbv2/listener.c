/* listener.c - aws_lb_listener (alias aws_alb_listener): a port and protocol
 * on which a load balancer accepts connections, and what it does with them.
 *
 * The schema table comes first; the resource callbacks follow it. */

#include <string.h>
#include <strings.h>

#include "resources.h"
#include "tags.h"

/* ---- schema ---- */

static const char *const unauthenticated_values[] = {"deny", "allow", "authenticate", NULL};
static const char *const content_type_values[] = {
    "text/plain", "text/css", "text/html", "application/javascript", "application/json", NULL,
};
static const char *const redirect_protocol_values[] = {"#{protocol}", "HTTP", "HTTPS", NULL};
static const char *const redirect_status_values[] = {"HTTP_301", "HTTP_302", NULL};
static const char *const action_type_values[] = {
    "forward", "authenticate-oidc", "authenticate-cognito", "redirect", "fixed-response", NULL,
};
static const char *const on_off_values[] = {"on", "off", NULL};
static const char *const mutual_auth_mode_values[] = {"off", "verify", "passthrough", NULL};
static const char *const alpn_policy_values[] = {
    "HTTP1Only", "HTTP2Only", "HTTP2Optional", "HTTP2Preferred", "None", NULL,
};
static const char *const lb_protocol_values[] = {
    "HTTP", "HTTPS", "TCP", "TLS", "UDP", "TCP_UDP", "GENEVE", NULL,
};

static tf_attribute listener_authenticate_cognito_attrs[] = {
    {
        .name = "authentication_request_extra_params",
        .type = "map(string)",
        .flags = TF_OPTIONAL,
        .description = "Extra query parameters for the authorization request.",
    },
    {
        .name = "on_unauthenticated_request",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "What happens to unauthenticated users: deny, allow or authenticate.",
        .validators = (const tf_validator[]){TF_V_ONE_OF_CI(unauthenticated_values), TF_V_END},
    },
    {
        .name = "scope",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Claims requested from the user pool.",
    },
    {
        .name = "session_cookie_name",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Name of the authentication session cookie.",
    },
    {
        .name = "session_timeout",
        .type = "number",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Maximum age of the authentication session, in seconds.",
    },
    {
        .name = "user_pool_arn",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "ARN of the Cognito user pool.",
        .validators = (const tf_validator[]){TF_V_ARN, TF_V_END},
    },
    {
        .name = "user_pool_client_id",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "Cognito app client ID.",
    },
    {
        .name = "user_pool_domain",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "Domain prefix or custom domain of the user pool.",
    },
    {0},
};

static tf_block listener_authenticate_cognito = {
    .attrs = listener_authenticate_cognito_attrs,
    .description = "Authenticate users through an Amazon Cognito user pool.",
};

static tf_attribute listener_authenticate_oidc_attrs[] = {
    {
        .name = "authentication_request_extra_params",
        .type = "map(string)",
        .flags = TF_OPTIONAL,
        .description = "Extra query parameters for the authorization request.",
    },
    {
        .name = "authorization_endpoint",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "Authorization endpoint of the identity provider.",
    },
    {
        .name = "client_id",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "OAuth client identifier.",
    },
    {
        .name = "client_secret",
        .type = "string",
        .flags = TF_REQUIRED | TF_SENSITIVE,
        .description = "OAuth client secret.",
    },
    {
        .name = "issuer",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "Issuer of the identity provider.",
    },
    {
        .name = "on_unauthenticated_request",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "What happens to unauthenticated users: deny, allow or authenticate.",
        .validators = (const tf_validator[]){TF_V_ONE_OF_CI(unauthenticated_values), TF_V_END},
    },
    {
        .name = "scope",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Claims requested from the identity provider.",
    },
    {
        .name = "session_cookie_name",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Name of the authentication session cookie.",
    },
    {
        .name = "session_timeout",
        .type = "number",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Maximum age of the authentication session, in seconds.",
    },
    {
        .name = "token_endpoint",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "Token endpoint of the identity provider.",
    },
    {
        .name = "user_info_endpoint",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "User info endpoint of the identity provider.",
    },
    {0},
};

static tf_block listener_authenticate_oidc = {
    .attrs = listener_authenticate_oidc_attrs,
    .description = "Authenticate users through an OpenID Connect identity provider.",
};

static tf_attribute listener_fixed_response_attrs[] = {
    {
        .name = "content_type",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "Content type of the fixed response body.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(content_type_values), TF_V_END},
    },
    {
        .name = "message_body",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Body of the fixed response.",
        .validators = (const tf_validator[]){TF_V_STRLEN(0, 1024), TF_V_END},
    },
    {
        .name = "status_code",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "HTTP status code to answer with (2XX, 4XX or 5XX).",
        .validators = (const tf_validator[]){TF_V_REGEX("^[245][0-9][0-9]$", NULL), TF_V_END},
    },
    {0},
};

static tf_block listener_fixed_response = {
    .attrs = listener_fixed_response_attrs,
    .description = "Answer with a fixed HTTP response.",
};

static tf_attribute listener_stickiness_attrs[] = {
    {
        .name = "duration",
        .type = "number",
        .flags = TF_REQUIRED,
        .description = "How long (seconds) a client sticks to one target group.",
        .validators = (const tf_validator[]){TF_V_INT_BETWEEN(1, 604800), TF_V_END},
    },
    {
        .name = "enabled",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Whether clients stick to one target group.",
        .def = "false",
    },
    {0},
};

static tf_block listener_stickiness = {
    .attrs = listener_stickiness_attrs,
    .description = "Keeps a client on the same target (or target group).",
};

static tf_attribute listener_target_group_attrs[] = {
    {
        .name = "arn",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "ARN of a target group to forward to.",
        .validators = (const tf_validator[]){TF_V_ARN, TF_V_END},
    },
    {
        .name = "weight",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Share of requests for this group, 0 to 999.",
        .def = "1",
        .validators = (const tf_validator[]){TF_V_INT_BETWEEN(0, 999), TF_V_END},
    },
    {0},
};

static tf_block listener_target_group = {
    .attrs = listener_target_group_attrs,
    .description = "A target group to forward to, with its weight.",
};

static tf_attribute listener_forward_attrs[] = {
    {0},
};

static tf_nested_block listener_forward_blocks[] = {
    {
        .name = "stickiness",
        .nesting = TF_NEST_LIST,
        .block = &listener_stickiness,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "target_group",
        .nesting = TF_NEST_SET,
        .block = &listener_target_group,
        .min_items = 1,
        .max_items = 5,
        .flags = TF_REQUIRED,
    },
    {0},
};

static tf_block listener_forward = {
    .attrs = listener_forward_attrs,
    .blocks = listener_forward_blocks,
    .description = "Forward to one or more weighted target groups.",
};

static tf_attribute listener_redirect_attrs[] = {
    {
        .name = "host",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Host name of the redirect; \"#{host}\" keeps the original.",
        .def = "\"#{host}\"",
        .validators = (const tf_validator[]){TF_V_STRLEN(1, 128), TF_V_END},
    },
    {
        .name = "path",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Absolute path of the redirect; \"/#{path}\" keeps the original.",
        .def = "\"/#{path}\"",
        .validators = (const tf_validator[]){TF_V_STRLEN(1, 128), TF_V_END},
    },
    {
        .name = "port",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Port of the redirect; \"#{port}\" keeps the original.",
        .def = "\"#{port}\"",
    },
    {
        .name = "protocol",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Protocol of the redirect: HTTP, HTTPS or \"#{protocol}\".",
        .def = "\"#{protocol}\"",
        .validators = (const tf_validator[]){TF_V_ONE_OF(redirect_protocol_values), TF_V_END},
    },
    {
        .name = "query",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Query string of the redirect, without the leading \"?\".",
        .def = "\"#{query}\"",
        .validators = (const tf_validator[]){TF_V_STRLEN(0, 128), TF_V_END},
    },
    {
        .name = "status_code",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "HTTP status of the redirect: HTTP_301 or HTTP_302.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(redirect_status_values), TF_V_END},
    },
    {0},
};

static tf_block listener_redirect = {
    .attrs = listener_redirect_attrs,
    .description = "Redirect the client to another URL.",
};

static tf_attribute listener_default_action_attrs[] = {
    {
        .name = "order",
        .type = "number",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Position of the action among the listener's actions.",
        .validators = (const tf_validator[]){TF_V_INT_BETWEEN(1, 50000), TF_V_END},
    },
    {
        .name = "target_group_arn",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Target group to forward to (for a single-group forward action).",
        .validators = (const tf_validator[]){TF_V_ARN, TF_V_END},
    },
    {
        .name = "type",
        .type = "string",
        .flags = TF_REQUIRED,
        .description =
            "What the action does: forward, redirect, fixed-response, authenticate-cognito or "
            "authenticate-oidc.",
        .validators = (const tf_validator[]){TF_V_ONE_OF_CI(action_type_values), TF_V_END},
    },
    {0},
};

static tf_nested_block listener_default_action_blocks[] = {
    {
        .name = "authenticate_cognito",
        .nesting = TF_NEST_LIST,
        .block = &listener_authenticate_cognito,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "authenticate_oidc",
        .nesting = TF_NEST_LIST,
        .block = &listener_authenticate_oidc,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "fixed_response",
        .nesting = TF_NEST_LIST,
        .block = &listener_fixed_response,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "forward",
        .nesting = TF_NEST_LIST,
        .block = &listener_forward,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "redirect",
        .nesting = TF_NEST_LIST,
        .block = &listener_redirect,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {0},
};

static tf_block listener_default_action = {
    .attrs = listener_default_action_attrs,
    .blocks = listener_default_action_blocks,
    .description = "What the listener does with requests no rule matched.",
};

static tf_attribute listener_mutual_authentication_attrs[] = {
    {
        .name = "advertise_trust_store_ca_names",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Send the trust store's CA names to clients: on or off.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(on_off_values), TF_V_END},
    },
    {
        .name = "ignore_client_certificate_expiry",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Accept expired client certificates.",
    },
    {
        .name = "mode",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "Mutual TLS mode: off, passthrough or verify.",
        .validators = (const tf_validator[]){TF_V_ONE_OF_CI(mutual_auth_mode_values), TF_V_END},
    },
    {
        .name = "trust_store_arn",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Trust store that verifies client certificates.",
        .validators = (const tf_validator[]){TF_V_ARN, TF_V_END},
    },
    {0},
};

static tf_block listener_mutual_authentication = {
    .attrs = listener_mutual_authentication_attrs,
    .description = "TLS client certificate (mutual TLS) settings.",
};

static tf_attribute listener_timeouts_attrs[] = {
    {
        .name = "create",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "How long creating the listener may take (e.g. \"5m\").",
        .validators = (const tf_validator[]){TF_V_DURATION, TF_V_END},
    },
    {
        .name = "update",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "How long updating the listener may take.",
        .validators = (const tf_validator[]){TF_V_DURATION, TF_V_END},
    },
    {0},
};

static tf_block listener_timeouts = {
    .attrs = listener_timeouts_attrs,
    .description = "How long operations may take before they fail.",
};

static tf_attribute listener_attrs[] = {
    {
        .name = "alpn_policy",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "ALPN policy of a TLS listener.",
        .validators = (const tf_validator[]){TF_V_ONE_OF_CI(alpn_policy_values), TF_V_END},
    },
    {
        .name = "arn",
        .type = "string",
        .flags = TF_COMPUTED,
        .description = "ARN of the listener (same as id).",
    },
    {
        .name = "certificate_arn",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Default server certificate of a secure listener.",
        .validators = (const tf_validator[]){TF_V_ARN, TF_V_END},
    },
    {
        .name = "id",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "ARN of the listener.",
    },
    {
        .name = "load_balancer_arn",
        .type = "string",
        .flags = TF_REQUIRED | TF_FORCE_NEW,
        .description = "Load balancer the listener belongs to.",
        .validators = (const tf_validator[]){TF_V_ARN, TF_V_END},
    },
    {
        .name = "port",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Port the listener accepts connections on.",
        .validators = (const tf_validator[]){TF_V_INT_BETWEEN(1, 65535), TF_V_END},
    },
    {
        .name = "protocol",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Protocol of the listener, e.g. HTTP, HTTPS, TCP or TLS.",
        .validators = (const tf_validator[]){TF_V_ONE_OF_CI(lb_protocol_values), TF_V_END},
    },
    {
        .name = "routing_http_request_x_amzn_mtls_clientcert_header_name",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Renames the X-Amzn-Mtls-Clientcert request header.",
    },
    {
        .name = "routing_http_request_x_amzn_mtls_clientcert_issuer_header_name",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Renames the X-Amzn-Mtls-Clientcert-Issuer request header.",
    },
    {
        .name = "routing_http_request_x_amzn_mtls_clientcert_leaf_header_name",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Renames the X-Amzn-Mtls-Clientcert-Leaf request header.",
    },
    {
        .name = "routing_http_request_x_amzn_mtls_clientcert_serial_number_header_name",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Renames the X-Amzn-Mtls-Clientcert-Serial-Number request header.",
    },
    {
        .name = "routing_http_request_x_amzn_mtls_clientcert_subject_header_name",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Renames the X-Amzn-Mtls-Clientcert-Subject request header.",
    },
    {
        .name = "routing_http_request_x_amzn_mtls_clientcert_validity_header_name",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Renames the X-Amzn-Mtls-Clientcert-Validity request header.",
    },
    {
        .name = "routing_http_request_x_amzn_tls_cipher_suite_header_name",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Renames the X-Amzn-Tls-Cipher-Suite request header.",
    },
    {
        .name = "routing_http_request_x_amzn_tls_version_header_name",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Renames the X-Amzn-Tls-Version request header.",
    },
    {
        .name = "routing_http_response_access_control_allow_credentials_header_value",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Value of the Access-Control-Allow-Credentials response header.",
    },
    {
        .name = "routing_http_response_access_control_allow_headers_header_value",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Value of the Access-Control-Allow-Headers response header.",
    },
    {
        .name = "routing_http_response_access_control_allow_methods_header_value",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Value of the Access-Control-Allow-Methods response header.",
    },
    {
        .name = "routing_http_response_access_control_allow_origin_header_value",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Value of the Access-Control-Allow-Origin response header.",
    },
    {
        .name = "routing_http_response_access_control_expose_headers_header_value",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Value of the Access-Control-Expose-Headers response header.",
    },
    {
        .name = "routing_http_response_access_control_max_age_header_value",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Value of the Access-Control-Max-Age response header.",
    },
    {
        .name = "routing_http_response_content_security_policy_header_value",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Value of the Content-Security-Policy response header.",
    },
    {
        .name = "routing_http_response_server_enabled",
        .type = "bool",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Send the Server response header.",
    },
    {
        .name = "routing_http_response_strict_transport_security_header_value",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Value of the Strict-Transport-Security response header.",
    },
    {
        .name = "routing_http_response_x_content_type_options_header_value",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Value of the X-Content-Type-Options response header.",
    },
    {
        .name = "routing_http_response_x_frame_options_header_value",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Value of the X-Frame-Options response header.",
    },
    {
        .name = "ssl_policy",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Security policy that selects TLS versions and ciphers.",
    },
    {
        .name = "tags",
        .type = "map(string)",
        .flags = TF_OPTIONAL,
        .description = "Tags of the resource.",
    },
    {
        .name = "tags_all",
        .type = "map(string)",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "All tags of the resource, including the provider's default tags.",
    },
    {
        .name = "tcp_idle_timeout_seconds",
        .type = "number",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Idle timeout of TCP flows, 60-6000 seconds.",
        .validators = (const tf_validator[]){TF_V_INT_BETWEEN(60, 6000), TF_V_END},
    },
    {0},
};

static tf_nested_block listener_blocks[] = {
    {
        .name = "default_action",
        .nesting = TF_NEST_LIST,
        .block = &listener_default_action,
        .min_items = 1,
        .flags = TF_REQUIRED,
    },
    {
        .name = "mutual_authentication",
        .nesting = TF_NEST_LIST,
        .block = &listener_mutual_authentication,
        .max_items = 1,
        .flags = TF_OPTIONAL | TF_COMPUTED,
    },
    {
        .name = "timeouts",
        .nesting = TF_NEST_SINGLE,
        .block = &listener_timeouts,
        .flags = TF_OPTIONAL,
    },
    {0},
};

static tf_block listener_schema = {
    .attrs = listener_attrs,
    .blocks = listener_blocks,
    .description = "A port and protocol on which a load balancer accepts traffic, with its rules.",
};

/* ---- validation ---- */

/* Each action type needs its own block, and blocks of other types are
 * ignored by AWS.  Missing blocks are errors; stray ones are warnings, as in
 * hashicorp/aws (they will become errors there too). */

/* True when a block list is present with at least one element; unknown
 * counts as present (it may well be). */
static bool listener_block_given(const tf_value *v)
{
    if (tf_is_unknown(v))
        return true;
    return tf_is_known(v) && v->u.coll.n > 0;
}

static const char *listener_pstr(tf_ctx *ctx, const tf_path *p)
{
    return tf_path_string(ctx->arena, p);
}

static void listener_required_when(tf_ctx *ctx, const tf_path *action, const char *block,
                                   const char *type)
{
    const tf_path *bp = tf_path_attr(ctx->arena, action, block);
    const tf_path *tp = tf_path_attr(ctx->arena, action, "type");
    tf_diag_error(ctx->diags, bp, "Invalid Attribute Combination",
                  "Attribute \"%s\" must be specified when \"%s\" is \"%s\".",
                  listener_pstr(ctx, bp), listener_pstr(ctx, tp), type);
}

static void listener_stray_block(tf_ctx *ctx, const tf_path *action, const char *block,
                                 const char *type)
{
    const tf_path *bp = tf_path_attr(ctx->arena, action, block);
    const tf_path *tp = tf_path_attr(ctx->arena, action, "type");
    tf_diag_warn(ctx->diags, bp, "Invalid Attribute Combination",
                 "Attribute \"%s\" cannot be specified when \"%s\" is \"%s\".\n\n"
                 "This will be an error in a future version of the provider.",
                 listener_pstr(ctx, bp), listener_pstr(ctx, tp), type);
}

/* target_group_arn and forward may both be given only if they agree. */
static void listener_check_forward_arns(tf_ctx *ctx, const tf_path *action,
                                        const tf_value *tga, const tf_value *forward)
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
                      listener_pstr(ctx, tf_path_attr(ctx->arena, action, "target_group_arn")),
                      listener_pstr(ctx, tf_path_attr(ctx->arena, action, "forward")));
        return;
    }
}

static void listener_validate_action(tf_ctx *ctx, const tf_path *action, const tf_value *a)
{
    const tf_value *type = tf_get(a, "type");
    if (!tf_is_known(type))
        return;
    const char *t = type->u.str.ptr;
    const tf_value *tga = tf_get(a, "target_group_arn");
    const tf_value *forward = tf_get(a, "forward");
    listener_check_forward_arns(ctx, action, tga, forward);

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
    if (is_forward && tf_is_null(tga) && !listener_block_given(forward)) {
        const tf_path *tp = tf_path_attr(ctx->arena, action, "type");
        tf_diag_error(ctx->diags, tp, "Invalid Attribute Combination",
                      "Either \"%s\" or \"%s\" must be specified when \"%s\" is \"forward\".",
                      listener_pstr(ctx, tf_path_attr(ctx->arena, action, "target_group_arn")),
                      listener_pstr(ctx, tf_path_attr(ctx->arena, action, "forward")),
                      listener_pstr(ctx, tp));
    }
    for (size_t i = 0; i < sizeof needs / sizeof needs[0]; i++) {
        bool mine = strcasecmp(t, needs[i].type) == 0;
        bool given = listener_block_given(tf_get(a, needs[i].block));
        bool really_given = tf_is_known(tf_get(a, needs[i].block)) && given;
        if (mine && !given && !is_forward)
            listener_required_when(ctx, action, needs[i].block, t);
        if (!mine && really_given)
            listener_stray_block(ctx, action, needs[i].block, t);
    }
    if (!is_forward && tf_is_known(tga) && tga->u.str.len > 0)
        listener_stray_block(ctx, action, "target_group_arn", t);
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
    const tf_value *actions = tf_get(config, "default_action");
    if (tf_is_known(actions)) {
        const tf_path *base = tf_path_attr(ctx->arena, tf_path_root(ctx->arena),
                                           "default_action");
        for (size_t i = 0; i < actions->u.coll.n; i++) {
            const tf_value *a = actions->u.coll.items[i];
            if (tf_is_known(a))
                listener_validate_action(ctx, tf_path_index(ctx->arena, base, (int64_t)i), a);
        }
    }
    listener_validate_mtls(ctx, config);
}

/* ---- planning ---- */

static void listener_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->planned))
        return;
    aws_tags_plan(ctx, req);
}

/* ---- definitions ---- */

const tf_resource_def aws_elbv2_lb_listener_def = {
    .type_name = "aws_lb_listener",
    .version = 0,
    .schema = &listener_schema,
    .modify_plan = listener_modify_plan,
    .validate = listener_validate,
};

const tf_resource_def aws_elbv2_alb_listener_def = {
    .type_name = "aws_alb_listener",
    .version = 0,
    .schema = &listener_schema,
    .modify_plan = listener_modify_plan,
    .validate = listener_validate,
};

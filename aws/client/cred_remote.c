/* cred_remote.c - credentials served over local HTTP: the EC2 instance
 * metadata service (IMDSv2: a session token from PUT /latest/api/token, then
 * the role's credentials) and the ECS/EKS container credentials endpoint.
 * Both are link-local or loopback, so they never go through a proxy, and use
 * short timeouts: off EC2 the metadata address simply does not answer, and
 * that must not stall the provider. */
#include <string.h>

#include "internal.h"

#define REMOTE_CONNECT_MS 1000
#define REMOTE_TIMEOUT_MS 5000

static int remote_get(aws_client *c, tf_arena *a, const volatile int *stop,
                      const char *method, const char *url, const http_header *h,
                      size_t nh, http_response *rs, aws_error *err)
{
    http_request rq = {
        .method = method,
        .url = url,
        .headers = h,
        .n_headers = nh,
        .body = "",
        .body_len = 0,
        .connect_timeout_ms = REMOTE_CONNECT_MS,
        .timeout_ms = REMOTE_TIMEOUT_MS,
        .direct = 1,
    };
    return http_send(c->http, a, stop, &rq, rs, err);
}

/* The JSON both services answer with (IMDS adds "Code": "Success"). */
static int remote_parse(tf_arena *a, const char *what, const http_response *rs,
                        aws_creds *out, aws_error *err)
{
    json_error_t je;
    json_t *j = json_loadb(rs->body, rs->body_len, 0, &je);
    const char *code = json_string_value(json_object_get(j, "Code"));
    const char *ak = json_string_value(json_object_get(j, "AccessKeyId"));
    const char *sk = json_string_value(json_object_get(j, "SecretAccessKey"));
    const char *tok = json_string_value(json_object_get(j, "Token"));
    const char *exp = json_string_value(json_object_get(j, "Expiration"));
    int rc = -1;
    if (!json_is_object(j)) {
        aws_error_set(err, AWS_ERR_CREDENTIALS, "InvalidCredentials",
                      "%s: the answer is not a JSON object", what);
    } else if (code && strcmp(code, "Success") != 0) {
        aws_error_set(err, AWS_ERR_CREDENTIALS, "InvalidCredentials",
                      "%s: Code %s", what, code);
    } else if (!ak || !*ak || !sk || !*sk) {
        aws_error_set(err, AWS_ERR_CREDENTIALS, "InvalidCredentials",
                      "%s: the answer has no AccessKeyId/SecretAccessKey", what);
    } else if (exp && aws_parse_time(exp) < 0) {
        aws_error_set(err, AWS_ERR_CREDENTIALS, "InvalidCredentials",
                      "%s: unreadable Expiration", what);
    } else {
        out->access_key = tf_arena_strdup(a, ak);
        out->secret_key = tf_arena_strdup(a, sk);
        out->token = tok ? tf_arena_strdup(a, tok) : NULL;
        out->expires = exp ? aws_parse_time(exp) : 0;
        out->source = what;
        rc = 0;
    }
    json_decref(j);
    return rc;
}

int cred_imds(aws_client *c, tf_arena *a, const volatile int *stop,
              const char *endpoint, aws_creds *out, aws_error *err)
{
    http_response rs;
    http_header th = {"X-aws-ec2-metadata-token-ttl-seconds", "21600"};
    if (remote_get(c, a, stop, "PUT", tf_arena_printf(a, "%s/latest/api/token", endpoint),
                   &th, 1, &rs, err) != 0)
        return -1;
    const char *token = NULL;
    if (rs.status == 200 && rs.body_len > 0) {
        token = rs.body;
    } else if (rs.status != 404 && rs.status != 405) {
        /* 404/405: an IMDSv1-only endpoint; anything else is a refusal. */
        aws_error_set(err, AWS_ERR_CREDENTIALS, "IMDSError",
                      "%s: session token request answered HTTP %ld", endpoint, rs.status);
        return -1;
    }
    http_header h = {"X-aws-ec2-metadata-token", token};
    size_t nh = token ? 1 : 0;
    const char *base = tf_arena_printf(a, "%s/latest/meta-data/iam/security-credentials/",
                                       endpoint);
    if (remote_get(c, a, stop, "GET", base, &h, nh, &rs, err) != 0)
        return -1;
    if (rs.status != 200 || rs.body_len == 0) {
        aws_error_set(err, AWS_ERR_CREDENTIALS, "IMDSError",
                      "no EC2 IMDS role found (HTTP %ld from %s)", rs.status, endpoint);
        return -1;
    }
    size_t role_len = strcspn(rs.body, "\r\n");
    const char *role = tf_arena_strndup(a, rs.body, role_len);
    if (remote_get(c, a, stop, "GET", tf_arena_printf(a, "%s%s", base, role), &h, nh,
                   &rs, err) != 0)
        return -1;
    if (rs.status != 200) {
        aws_error_set(err, AWS_ERR_CREDENTIALS, "IMDSError",
                      "EC2 IMDS credentials for role %s: HTTP %ld", role, rs.status);
        return -1;
    }
    return remote_parse(a, "EC2 instance metadata", &rs, out, err);
}

int cred_container(aws_client *c, tf_arena *a, const volatile int *stop,
                   const char *url, const char *auth_token,
                   const char *auth_token_file, aws_creds *out, aws_error *err)
{
    const char *auth = auth_token;
    if (auth_token_file) {
        auth = aws_read_file(a, auth_token_file, 16 * 1024);
        if (!auth) {
            aws_error_set(err, AWS_ERR_CREDENTIALS, "InvalidContainerToken",
                          "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE %s",
                          auth_token_file);
            return -1;
        }
    }
    http_header h = {"Authorization", auth};
    http_response rs;
    if (remote_get(c, a, stop, "GET", url, &h, auth ? 1 : 0, &rs, err) != 0)
        return -1;
    if (rs.status != 200) {
        json_error_t je;
        json_t *j = json_loadb(rs.body, rs.body_len, 0, &je);
        const char *msg = json_string_value(json_object_get(j, "message"));
        aws_error_set(err, AWS_ERR_CREDENTIALS, "ContainerCredentialsError",
                      "container credentials endpoint %s: HTTP %ld%s%s", url, rs.status,
                      msg ? ": " : "", msg ? msg : "");
        json_decref(j);
        return -1;
    }
    return remote_parse(a, "container credentials endpoint", &rs, out, err);
}

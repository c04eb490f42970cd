/* request.c - the one path every AWS request takes.
 *
 * resolve endpoint -> take credentials -> sign -> send -> on failure turn the
 * answer into an aws_error -> maybe wait and try again, under the SDKs'
 * standard policy (retry.c).  Retrying is where care is needed: throttling
 * means the request was refused, so it is always safe to repeat; a 5xx or a
 * dropped connection may come after the work was done.  A call that is safe
 * to repeat (a read, a delete, a create carrying a client token) is repeated
 * here; a create without a token is handed back with outcome_unknown set, and
 * aws_create_once (create_once.c) finds out whether it acted before trying
 * again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "log.h"
#include "sigv4.h"

#define AWS_USER_AGENT "terraform-provider-aws-c/0.1 (hashicorp-aws 5.100.0 compatible)"

/* ---- error bodies ------------------------------------------------------ */

static void copy_str(char *dst, size_t n, const char *s)
{
    snprintf(dst, n, "%s", s ? s : "");
}

static void parse_xml_error(tf_arena *a, aws_protocol proto,
                            const http_response *rs, aws_error *err)
{
    aws_xml_node *root;
    aws_error perr;
    if (aws_xml_parse(a, rs->body, rs->body_len, &root, &perr) != 0)
        return;
    const aws_xml_node *e;
    const char *rid;
    if (proto == AWS_PROTO_EC2 || strcmp(root->name, "Response") == 0) {
        /* EC2's <Response><Errors><Error>, whoever sends it. */
        e = aws_xml_child(root, "Errors/Error");
        rid = aws_xml_text(root, "RequestID");
    } else if (proto == AWS_PROTO_REST_XML && strcmp(root->name, "InvalidChangeBatch") == 0) {
        /* Route 53's batch refusal: <InvalidChangeBatch><Messages><Message>... */
        err->kind = AWS_ERR_API;
        copy_str(err->code, sizeof err->code, "InvalidChangeBatch");
        size_t off = 0;
        err->message[0] = '\0';
        for (const aws_xml_node *m = aws_xml_first(root, "Messages/Message"); m;
             m = aws_xml_next(m)) {
            int w = snprintf(err->message + off, sizeof err->message - off, "%s%s",
                             off ? "\n" : "", m->text);
            if (w < 0 || (size_t)w >= sizeof err->message - off)
                break;
            off += (size_t)w;
        }
        if (!off)
            copy_str(err->message, sizeof err->message, aws_xml_text(root, "Message"));
        rid = aws_xml_text(root, "RequestId");
        if (rid && *rid)
            copy_str(err->request_id, sizeof err->request_id, rid);
        return;
    } else if (proto == AWS_PROTO_REST_XML && strcmp(root->name, "Error") == 0) {
        /* S3: the document is the <Error> itself. */
        e = root;
        rid = aws_xml_text(root, "RequestId");
    } else {
        e = aws_xml_child(root, "Error");
        rid = aws_xml_text(root, "RequestId");
    }
    if (!e)
        return;
    const char *code = aws_xml_text(e, "Code");
    if (code && *code) {
        err->kind = AWS_ERR_API;
        copy_str(err->code, sizeof err->code, code);
        copy_str(err->message, sizeof err->message, aws_xml_text(e, "Message"));
    }
    if (rid && *rid)
        copy_str(err->request_id, sizeof err->request_id, rid);
}

/* "aws.ecs#ClusterNotFoundException" and "ClusterNotFoundException:http://..."
 * both name ClusterNotFoundException. */
static void json_type_code(char *dst, size_t n, const char *t)
{
    const char *hash = strrchr(t, '#');
    if (hash)
        t = hash + 1;
    size_t len = strcspn(t, ":");
    if (len >= n)
        len = n - 1;
    memcpy(dst, t, len);
    dst[len] = '\0';
}

static void parse_json_error(const http_response *rs, aws_error *err)
{
    json_error_t je;
    json_t *j = json_loadb(rs->body, rs->body_len, 0, &je);
    const char *type = NULL, *msg = NULL;
    if (json_is_object(j)) {
        type = json_string_value(json_object_get(j, "__type"));
        if (!type)
            type = json_string_value(json_object_get(j, "code"));
        msg = json_string_value(json_object_get(j, "message"));
        if (!msg)
            msg = json_string_value(json_object_get(j, "Message"));
        if (!msg)
            msg = json_string_value(json_object_get(j, "errorMessage"));
    }
    if (!type || !*type)
        type = rs->error_type;
    if (type && *type) {
        err->kind = AWS_ERR_API;
        json_type_code(err->code, sizeof err->code, type);
        copy_str(err->message, sizeof err->message, msg);
    }
    json_decref(j);
}

void aws_parse_error(tf_arena *a, aws_protocol proto, const http_response *rs,
                     aws_error *err)
{
    aws_error_clear(err);
    err->http_status = (int)rs->status;
    copy_str(err->request_id, sizeof err->request_id, rs->request_id);
    if (proto == AWS_PROTO_JSON)
        parse_json_error(rs, err);
    else
        parse_xml_error(a, proto, rs, err);
    if (err->kind != AWS_ERR_API && proto == AWS_PROTO_REST_XML && rs->body_len == 0 &&
        rs->status >= 300 && rs->status < 500) {
        /* A HEAD (or an empty answer) has no document: the SDKs name the
         * error by its status, e.g. NotFound for HeadBucket's 404. */
        const char *code = rs->status == 404   ? "NotFound"
                           : rs->status == 403 ? "Forbidden"
                           : rs->status == 400 ? "BadRequest"
                           : rs->status == 301 ? "MovedPermanently"
                           : rs->status == 304 ? "NotModified"
                           : rs->status == 412 ? "PreconditionFailed"
                                               : NULL;
        if (code) {
            err->kind = AWS_ERR_API;
            copy_str(err->code, sizeof err->code, code);
            snprintf(err->message, sizeof err->message, "HTTP %ld with no body", rs->status);
        }
    }
    if (err->kind != AWS_ERR_API) {
        /* No code in the body: still an answer from the service, classified
         * by its status (5xx retried). */
        err->kind = AWS_ERR_API;
        copy_str(err->code, sizeof err->code,
                 rs->status >= 500 ? "InternalFailure" : "UnknownError");
        snprintf(err->message, sizeof err->message,
                 "HTTP %ld with no recognisable error in the body", rs->status);
    }
}

/* ---- idempotency ------------------------------------------------------- */

int aws_op_idempotent(const char *op)
{
    /* Calls that set something to a value: repeating one changes nothing. */
    static const char *const setters[] = {
        "CreateTags", "AddTags", "CreateOrUpdateTags", "TagResource",
        "AttachLoadBalancerTargetGroups", "AttachLoadBalancers", "PutScalingPolicy",
        "PutLifecycleHook", "PutClusterCapacityProviders", NULL};
    static const char *const unsafe[] = {
        "Create", "Run", "Allocate", "Copy", "Import", "Request", "Purchase",
        "Register", "Authorize", "Associate", "Attach", "Put", "Add", NULL};
    for (const char *const *p = setters; *p; p++)
        if (strcmp(op, *p) == 0)
            return 1;
    for (const char *const *p = unsafe; *p; p++)
        if (strncmp(op, *p, strlen(*p)) == 0)
            return 0;
    return 1;
}

/* ---- one attempt ------------------------------------------------------- */

static const aws_endpoint *call_endpoint(aws_client *c, const aws_service *svc)
{
    if (strcmp(svc->id, "sts") == 0)
        return &c->sts_endpoint;
    const aws_service *const *all = endpoints_services();
    for (int i = 0; all[i]; i++)
        if (all[i] == svc)
            return &c->endpoints[i];
    return NULL;
}

static int call_attempt(aws_client *c, tf_arena *a, const volatile int *stop,
                        const aws_call *call, const aws_service *svc,
                        const aws_endpoint *ep, http_response *rs,
                        aws_error *err)
{
    aws_creds creds = {0};
    if (!call->anonymous) {
        if (call->creds)
            creds = *call->creds;
        else if (creds_get(c, a, stop, &creds, err) != 0)
            return -1;
    }
    /* REST calls add their path (and query) to the endpoint's URL. */
    const char *url = ep->url;
    if (call->path || (call->query && *call->query)) {
        const char *base = ep->url;
        size_t bl = strlen(base);
        while (bl > 0 && base[bl - 1] == '/')
            bl--;
        url = tf_arena_printf(a, "%.*s%s%s%s", (int)bl, base,
                              call->path && *call->path ? call->path : "/",
                              call->query && *call->query ? "?" : "",
                              call->query && *call->query ? call->query : "");
    }
    const char *host = http_url_host(a, url);
    const char *path = http_url_path(a, url);
    if (!host || !path) {
        aws_error_set(err, AWS_ERR_CONFIG, "InvalidEndpoint",
                      "cannot parse endpoint URL %s", url);
        return -1;
    }
    const char *method = call->method ? call->method : "POST";
    char date[17];
    sigv4_amz_date(aws_now(), date);

    size_t cap = 8 + call->n_headers;
    http_header *h = tf_arena_calloc(a, cap, sizeof *h);
    size_t n = 0;
    h[n++] = (http_header){"Host", host};
    h[n++] = (http_header){"X-Amz-Date", date};
    if (call->content_type)
        h[n++] = (http_header){"Content-Type", call->content_type};
    if (call->target)
        h[n++] = (http_header){"X-Amz-Target", call->target};
    for (size_t i = 0; i < call->n_headers; i++)
        h[n++] = call->headers[i];
    if (call->s3) {
        char *sha = tf_arena_alloc(a, 65);
        sigv4_sha256_hex(call->body ? call->body : "", call->body ? call->body_len : 0, sha);
        h[n++] = (http_header){"X-Amz-Content-Sha256", sha};
    }
    if (!call->anonymous && creds.token && *creds.token)
        h[n++] = (http_header){"X-Amz-Security-Token", creds.token};
    if (!call->anonymous) {
        sigv4_header *sh = tf_arena_calloc(a, n + 1, sizeof *sh);
        for (size_t i = 0; i < n; i++)
            sh[i] = (sigv4_header){h[i].name, h[i].value};
        const char *q = strchr(path, '?');
        sigv4_request sr = {
            .method = method,
            .path = q ? tf_arena_strndup(a, path, (size_t)(q - path)) : path,
            .query = q ? q + 1 : NULL,
            .headers = sh,
            .n_headers = n,
            .body = call->body,
            .body_len = call->body_len,
        };
        sigv4_key key = {creds.access_key, creds.secret_key, ep->signing_region,
                         svc->signing_name, date};
        sigv4_result res;
        if (sigv4_sign_path(a, &sr, &key, call->s3, &res) != 0) {
            aws_error_set(err, AWS_ERR_CONFIG, "SigningError", "cannot sign request");
            return -1;
        }
        h[n++] = (http_header){"Authorization", res.authorization};
    }
    h[n++] = (http_header){"User-Agent", AWS_USER_AGENT};

    http_request rq = {
        .method = method,
        .url = url,
        .headers = h,
        .n_headers = n,
        .body = call->body,
        .body_len = call->body_len,
        .fresh_connection = !call->idempotent,
    };
    if (http_send(c->http, a, stop, &rq, rs, err) != 0)
        return -1;
    if (rs->status >= 200 && rs->status < 300)
        return 0;
    aws_parse_error(a, svc->protocol, rs, err);
    rs->maybe_sent = 1;
    return -1;
}

static void call_stamp(aws_error *err, const aws_call *call)
{
    copy_str(err->service, sizeof err->service, call->service);
    copy_str(err->operation, sizeof err->operation, call->operation);
}

int aws_call_send(aws_client *c, tf_arena *a, const volatile int *stop,
                  const aws_call *call, http_response *rs, aws_error *err)
{
    aws_error_clear(err);
    const aws_service *svc = endpoints_service(call->service);
    const aws_endpoint *ep = svc ? call_endpoint(c, svc) : NULL;
    if (!ep || !ep->url) {
        aws_error_set(err, AWS_ERR_CONFIG, "UnknownService",
                      "unknown AWS service \"%s\"", call->service);
        call_stamp(err, call);
        return -1;
    }
    int retry_cost = 0;
    int unknown = 0;      /* an earlier attempt may have been processed */
    for (int attempt = 1;; attempt++) {
        long long t0 = aws_mono_ms();
        aws_error_clear(err);
        memset(rs, 0, sizeof *rs);
        int rc = call_attempt(c, a, stop, call, svc, ep, rs, err);
        long long ms = aws_mono_ms() - t0;
        if (rs->resent) {
            TF_DEBUG("aws: %s %s: libcurl sent the request again on a new connection",
                     svc->id, call->operation);
            unknown = 1;
        }
        if (rc == 0) {
            TF_DEBUG("aws: %s %s: HTTP %ld in %lld ms, request id %s, attempt %d",
                     svc->id, call->operation, rs->status, ms,
                     rs->request_id ? rs->request_id : "-", attempt);
            retry_quota_refund(c, retry_cost ? retry_cost : 1);
            return 0;
        }
        call_stamp(err, call);
        err->earlier_attempt_unknown = unknown;
        TF_DEBUG("aws: %s %s: HTTP %d in %lld ms, request id %s, attempt %d: %s %s",
                 svc->id, call->operation, err->http_status, ms,
                 err->request_id[0] ? err->request_id : "-", attempt,
                 err->code, err->message);

        if (err->kind == AWS_ERR_CANCELLED) {
            /* A transfer the stop cut short may have reached AWS. */
            err->outcome_unknown = rs->maybe_sent;
            return -1;
        }
        retry_class rc_class = retry_classify(err, rs);
        if (rc_class == RETRY_NO)
            return -1;
        int maybe_acted = rc_class == RETRY_TRANSIENT && rs->maybe_sent;
        err->outcome_unknown = maybe_acted;
        if (maybe_acted && !call->idempotent) {
            TF_DEBUG("aws: %s %s: may have been processed; left to the create's "
                     "reconciliation", svc->id, call->operation);
            return -1;
        }
        unknown |= maybe_acted;
        if (attempt > c->max_retries) {
            if (c->max_retries > 0)
                TF_DEBUG("aws: %s %s: giving up after %d attempts", svc->id,
                         call->operation, attempt);
            return -1;
        }
        retry_cost = strcmp(err->code, "RequestTimeoutError") == 0 ? 10 : 5;
        if (!retry_quota_take(c, retry_cost)) {
            TF_DEBUG("aws: %s %s: retry quota exhausted", svc->id, call->operation);
            return -1;
        }
        long delay = retry_delay_ms(attempt, c->retry_base_ms, c->retry_max_backoff_ms);
        TF_DEBUG("aws: %s %s: retrying in %ld ms", svc->id, call->operation, delay);
        if (retry_sleep(stop, delay) != 0) {
            aws_error_set(err, AWS_ERR_CANCELLED, "RequestCanceled",
                          "request cancelled: the provider is stopping");
            call_stamp(err, call);
            err->earlier_attempt_unknown = unknown;
            return -1;
        }
    }
}

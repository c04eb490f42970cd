/* protocol_restxml.c - the REST-XML protocol (Route 53, S3).
 *
 * The operation is the HTTP method and URI (path labels and query
 * parameters), the input the XML body and headers; the answer is the status,
 * headers and an XML document.  The request goes through the one pipeline
 * (request.c): endpoint, SigV4, retries, the stop flag.  S3 differs in its
 * signing (the path is signed as sent, never encoded a second time, and the
 * payload hash travels in x-amz-content-sha256) and in its error document
 * (<Error> at the root instead of <ErrorResponse><Error>), both handled by
 * the pipeline for service "s3". */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "buf.h"
#include "sigv4.h"

char *aws_uri_escape(tf_arena *a, const char *s, int keep_slash)
{
    if (!s)
        s = "";
    return sigv4_uri_encode(a, s, strlen(s), keep_slash);
}

char *aws_xml_escape(tf_arena *a, const char *s)
{
    if (!s)
        s = "";
    size_t n = 0;
    for (const char *p = s; *p; p++)
        n += *p == '&' ? 5 : *p == '<' || *p == '>' ? 4 : *p == '"' || *p == '\'' ? 6 : 1;
    char *out = tf_arena_alloc(a, n + 1), *o = out;
    for (const char *p = s; *p; p++) {
        const char *r = *p == '&'    ? "&amp;"
                        : *p == '<'  ? "&lt;"
                        : *p == '>'  ? "&gt;"
                        : *p == '"'  ? "&quot;"
                        : *p == '\'' ? "&apos;"
                                     : NULL;
        if (r) {
            size_t l = strlen(r);
            memcpy(o, r, l);
            o += l;
        } else {
            *o++ = *p;
        }
    }
    *o = '\0';
    return out;
}

const char *aws_rest_header(const aws_rest_response *r, const char *name)
{
    for (size_t i = 0; r && i < r->n_headers; i++)
        if (strcasecmp(r->headers[i].key, name) == 0)
            return r->headers[i].value;
    return NULL;
}

static int header_ok(const char *s)
{
    for (; s && *s; s++)
        if (*s == '\r' || *s == '\n')
            return 0;
    return s != NULL;
}

int aws_restxml_call(aws_client *c, tf_arena *a, const volatile int *stop,
                     const char *service, const char *operation,
                     const aws_rest_request *rq, aws_rest_response *out,
                     aws_error *err)
{
    memset(out, 0, sizeof *out);
    out->body = "";
    const aws_service *svc = endpoints_service(service);
    if (!svc || svc->protocol != AWS_PROTO_REST_XML) {
        aws_error_set(err, AWS_ERR_CONFIG, "UnknownService",
                      "\"%s\" is not a rest-xml service", service ? service : "");
        return -1;
    }
    if (!rq || !rq->method || !rq->path || rq->path[0] != '/') {
        aws_error_set(err, AWS_ERR_CONFIG, "InvalidRequest",
                      "%s %s: a method and a path starting with / are required", svc->id,
                      operation ? operation : "");
        return -1;
    }
    /* The query, encoded as the signer will canonicalise it. */
    aws_buf q;
    aws_buf_init(&q, a);
    for (size_t i = 0; i < rq->n_query; i++) {
        if (!rq->query[i].key || !rq->query[i].value)
            continue;
        if (q.len)
            aws_buf_putc(&q, '&');
        aws_buf_puts(&q, aws_uri_escape(a, rq->query[i].key, 0));
        aws_buf_putc(&q, '=');
        aws_buf_puts(&q, aws_uri_escape(a, rq->query[i].value, 0));
    }
    http_header *h = tf_arena_calloc(a, rq->n_headers + 1, sizeof *h);
    size_t nh = 0;
    for (size_t i = 0; i < rq->n_headers; i++) {
        if (!rq->headers[i].key || !rq->headers[i].value)
            continue;
        if (!header_ok(rq->headers[i].key) || !header_ok(rq->headers[i].value)) {
            aws_error_set(err, AWS_ERR_CONFIG, "InvalidRequest",
                          "%s %s: header %s has a line break", svc->id, operation,
                          rq->headers[i].key);
            return -1;
        }
        h[nh++] = (http_header){rq->headers[i].key, rq->headers[i].value};
    }
    size_t body_len = rq->body ? (rq->body_len ? rq->body_len : strlen(rq->body)) : 0;
    int is_s3 = strcmp(svc->id, "s3") == 0;
    int idem = rq->idempotent > 0   ? 1
               : rq->idempotent < 0 ? 0
               : strcmp(rq->method, "GET") == 0 || strcmp(rq->method, "HEAD") == 0 ||
                     aws_op_idempotent(operation);
    aws_call call = {
        .service = svc->id,
        .operation = operation,
        .body = rq->body,
        .body_len = body_len,
        .content_type = rq->content_type ? rq->content_type
                        : rq->body       ? "application/xml"
                                         : NULL,
        .idempotent = idem,
        .method = rq->method,
        .path = rq->path,
        .query = q.len ? q.data : NULL,
        .headers = h,
        .n_headers = nh,
        .s3 = is_s3,
    };
    http_response rs;
    if (aws_call_send(c, a, stop, &call, &rs, err) != 0)
        return -1;
    out->status = (int)rs.status;
    out->body = rs.body ? rs.body : "";
    out->body_len = rs.body ? rs.body_len : 0;
    aws_kv *kv = tf_arena_calloc(a, rs.n_headers + 1, sizeof *kv);
    for (size_t i = 0; i < rs.n_headers; i++)
        kv[i] = (aws_kv){rs.headers[i].name, rs.headers[i].value};
    out->headers = kv;
    out->n_headers = rs.n_headers;
    /* Skip leading whitespace to see whether there is a document at all. */
    size_t i = 0;
    while (i < out->body_len && (out->body[i] == ' ' || out->body[i] == '\n' ||
                                 out->body[i] == '\r' || out->body[i] == '\t'))
        i++;
    /* Every Route 53 operation answers <OperationResponse> (the model's
     * output shapes, all 71 of them); S3's roots vary by operation. */
    int is_r53 = strcmp(svc->id, "route53") == 0;
    const char *want = is_r53 ? tf_arena_printf(a, "%sResponse", operation) : NULL;
    if (i < out->body_len && out->body[i] == '<') {
        aws_xml_node *root;
        if (aws_xml_parse(a, out->body, out->body_len, &root, err) != 0) {
            aws_error_stamp(err, svc->id, operation, &rs);
            return -1;
        }
        /* A 2xx carrying an error document is an error, not an output a
         * read would take for "nothing there": Route 53's and the query
         * services' <ErrorResponse>, EC2's <Response><Errors>, S3's
         * <Error>, Route 53's <InvalidChangeBatch>. */
        if (strcmp(root->name, "ErrorResponse") == 0 ||
            strcmp(root->name, "InvalidChangeBatch") == 0 ||
            (strcmp(root->name, "Response") == 0 && aws_xml_child(root, "Errors")) ||
            (strcmp(root->name, "Error") == 0 && aws_xml_text(root, "Code"))) {
            aws_parse_error(a, AWS_PROTO_REST_XML, &rs, err);
            snprintf(err->service, sizeof err->service, "%s", svc->id);
            snprintf(err->operation, sizeof err->operation, "%s", operation);
            return -1;
        }
        /* Nor is a proxy's page, or (Route 53) any other document. */
        if (strcasecmp(root->name, "html") == 0 || (want && strcmp(root->name, want) != 0)) {
            aws_error_set(err, AWS_ERR_RESPONSE, "SerializationError",
                          "%s: unexpected answer: <%s> instead of <%s>", operation, root->name,
                          want ? want : "an XML document");
            aws_error_stamp(err, svc->id, operation, &rs);
            return -1;
        }
        out->doc = root;
    } else if (want && rs.status >= 200 && rs.status < 300) {
        /* Route 53 has no operation without an output document: an empty
         * or non-XML 2xx (a body cut short, a proxy's text) is no answer. */
        aws_error_set(err, AWS_ERR_RESPONSE, "SerializationError",
                      "%s: unexpected answer: %s instead of <%s>", operation,
                      i < out->body_len ? "no XML document" : "an empty body", want);
        aws_error_stamp(err, svc->id, operation, &rs);
        return -1;
    }
    return 0;
}

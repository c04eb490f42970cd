/* s3_common.c - see s3_common.h. */
#include <string.h>
#include <time.h>

#include <openssl/evp.h>

#include "base64.h"
#include "s3_common.h"

static const char *s3_md5(tf_arena *a, const char *body)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    if (EVP_Digest(body, strlen(body), md, &n, EVP_md5(), NULL) != 1)
        return NULL;
    return aws_base64_encode(a, md, n);
}

void s3_rest_request(tf_arena *a, const s3_req *rq, aws_rest_request *r)
{
    const char *path = tf_arena_printf(a, "/%s", aws_uri_escape(a, rq->bucket, 0));
    if (rq->key)
        path = tf_arena_printf(a, "%s/%s", path, aws_uri_escape(a, rq->key, 1));
    size_t nq = rq->n_query + (rq->subresource ? 1 : 0);
    aws_kv *q = tf_arena_calloc(a, nq + 1, sizeof *q);
    size_t k = 0;
    if (rq->subresource)
        q[k++] = (aws_kv){rq->subresource, ""};
    for (size_t i = 0; i < rq->n_query; i++)
        q[k++] = rq->query[i];
    aws_kv *h = tf_arena_calloc(a, rq->n_headers + 2, sizeof *h);
    size_t nh = 0;
    for (size_t i = 0; i < rq->n_headers; i++)
        h[nh++] = rq->headers[i];
    if (rq->body) {
        const char *md5 = s3_md5(a, rq->body);
        if (md5)
            h[nh++] = (aws_kv){"Content-MD5", md5};
    }
    *r = (aws_rest_request){.method = rq->method, .path = path, .query = q, .n_query = k,
                            .headers = h, .n_headers = nh, .body = rq->body,
                            .content_type = rq->content_type,
                            .idempotent = strcmp(rq->method, "POST") == 0 ? 0 : 1};
}

int s3_call(aws_client *c, tf_arena *a, const volatile int *stop, const char *operation,
            const s3_req *rq, int retry_new, aws_rest_response *out, aws_error *err)
{
    aws_rest_request r;
    s3_rest_request(a, rq, &r);
    double waited = 0;
    for (;;) {
        if (aws_restxml_call(c, a, stop, "s3", operation, &r, out, err) == 0)
            return 0;
        if (!retry_new || !aws_error_is(err, "NoSuchBucket") || waited >= 120.0)
            return -1;
        /* a bucket just created: wait for it to be visible, as hashicorp does */
        struct timespec ts = {0, 500 * 1000 * 1000};
        nanosleep(&ts, NULL);
        waited += 0.5;
        if (stop && *stop)
            return -1;
    }
}

const char *s3_dns_suffix(const aws_client *c)
{
    const aws_partition *p = aws_client_partition(c);
    return p && p->dns_suffix ? p->dns_suffix : "amazonaws.com";
}

const char *s3_grantee_type(const aws_xml_node *g)
{
    if (!g)
        return "";
    if (aws_xml_text(g, "ID"))
        return "CanonicalUser";
    if (aws_xml_text(g, "URI"))
        return "Group";
    if (aws_xml_text(g, "EmailAddress"))
        return "AmazonCustomerByEmail";
    return "";
}

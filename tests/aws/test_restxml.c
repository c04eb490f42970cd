/* test_restxml.c - the REST-XML protocol (route53, s3) against the stub:
 * method, path, query, headers and body on the wire; SigV4 as each service
 * wants it (route53 signs the escaped path encoded once more, s3 signs it as
 * sent with x-amz-content-sha256); error documents of both shapes; a HEAD's
 * bodiless 404; retries of a 5xx and a throttle; the stop flag; the route53
 * global endpoint. */
#include "aws/aws_test.h"
#include "endpoints.h"
#include "internal.h"
#include "sigv4.h"

static tf_arena *A;

typedef struct {
    int mode;
    int calls;
    const char *body;            /* RX_BODY: answered with 200 */
} rx_state;

enum { RX_OK, RX_R53_ERROR, RX_S3_ERROR, RX_HEAD_404, RX_5XX_THEN_OK, RX_THROTTLE_ALWAYS,
       RX_BODY };

static void rx_handler(stub_server *s, const stub_request *rq, stub_response *rs, void *ud)
{
    (void)s;
    rx_state *st = ud;
    st->calls++;
    switch (st->mode) {
    case RX_OK:
        snprintf(rs->headers, sizeof rs->headers,
                 "x-amzn-RequestId: rid-1\r\nLocation: https://route53/x\r\nETag: \"abc\"\r\n");
        rs->body = "<?xml version=\"1.0\"?>\n<GetHostedZoneResponse "
                   "xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><HostedZone>"
                   "<Id>/hostedzone/Z1</Id><Name>example.com.</Name></HostedZone>"
                   "</GetHostedZoneResponse>";
        break;
    case RX_R53_ERROR:
        rs->status = 404;
        rs->body = "<ErrorResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">"
                   "<Error><Type>Sender</Type><Code>NoSuchHostedZone</Code>"
                   "<Message>No hosted zone found with ID: Z9</Message></Error>"
                   "<RequestId>r53-rid</RequestId></ErrorResponse>";
        break;
    case RX_S3_ERROR:
        rs->status = 404;
        rs->body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchBucket</Code>"
                   "<Message>The specified bucket does not exist</Message>"
                   "<BucketName>b</BucketName><RequestId>s3-rid</RequestId></Error>";
        break;
    case RX_HEAD_404:
        rs->status = 404;
        break;
    case RX_5XX_THEN_OK:
        if (st->calls == 1) {
            rs->status = 503;
            rs->body = "<ErrorResponse><Error><Code>ServiceUnavailable</Code>"
                       "<Message>later</Message></Error></ErrorResponse>";
        } else {
            rs->body = st->body ? st->body
                                : "<ListHostedZonesResponse><HostedZones/></ListHostedZonesResponse>";
        }
        break;
    case RX_THROTTLE_ALWAYS:
        rs->status = 400;
        rs->body = "<ErrorResponse><Error><Code>Throttling</Code>"
                   "<Message>Rate exceeded</Message></Error></ErrorResponse>";
        break;
    case RX_BODY:
        rs->body = st->body;
        break;
    }
    (void)rq;
}

static aws_client *rx_client(int port, int max_retries, const volatile int *stop)
{
    char url[64];
    snprintf(url, sizeof url, "http://127.0.0.1:%d", port);
    aws_kv ep[] = {{"route53", url}, {"s3", url}};
    aws_config cfg;
    aws_config_init(&cfg);
    cfg.region = "us-east-1";
    cfg.access_key = "AKID";
    cfg.secret_key = "SECRET";
    cfg.endpoints = ep;
    cfg.n_endpoints = 2;
    cfg.max_retries = max_retries;
    cfg.skip_credentials_validation = 1;
    cfg.skip_requesting_account_id = 1;
    cfg.skip_metadata_api_check = 1;
    cfg.retry_base_delay_ms = 1;
    cfg.retry_max_backoff_ms = 5;
    aws_error err;
    aws_client *c = aws_client_new(&cfg, stop, &err);
    CHECK(c != NULL);
    return c;
}

/* The signature of a request the stub received, recomputed as the service
 * would: path and query as on the wire, the service's path rule. */
static int rx_signature_valid(const stub_request *rq, const char *service, int raw_path)
{
    const char *auth = stub_header(rq, "Authorization");
    if (!auth)
        return 0;
    const char *sh = strstr(auth, "SignedHeaders=");
    const char *sig = strstr(auth, "Signature=");
    if (!sh || !sig)
        return 0;
    sh += 14;
    sigv4_header hdrs[16];
    size_t n = 0;
    char names[512];
    snprintf(names, sizeof names, "%.*s", (int)strcspn(sh, ","), sh);
    char *save = NULL;
    for (char *name = strtok_r(names, ";", &save); name && n < 16;
         name = strtok_r(NULL, ";", &save)) {
        hdrs[n].name = tf_arena_strdup(A, name);
        hdrs[n].value = stub_header(rq, name);
        if (!hdrs[n].value)
            return 0;
        n++;
    }
    const char *q = strchr(rq->target, '?');
    sigv4_request sr = {
        .method = rq->method,
        .path = q ? tf_arena_strndup(A, rq->target, (size_t)(q - rq->target)) : rq->target,
        .query = q ? q + 1 : NULL,
        .headers = hdrs,
        .n_headers = n,
        .body = rq->body,
        .body_len = rq->body_len,
    };
    sigv4_key key = {"AKID", "SECRET", "us-east-1", service, stub_header(rq, "X-Amz-Date")};
    sigv4_result res;
    if (sigv4_sign_path(A, &sr, &key, raw_path, &res) != 0)
        return 0;
    return strcmp(res.authorization, auth) == 0;
}

static void test_escape(void)
{
    CHECK_STR(aws_uri_escape(A, "a b/c~d*é", 0), "a%20b%2Fc~d%2A%C3%A9");
    CHECK_STR(aws_uri_escape(A, "k/e y", 1), "k/e%20y");
    CHECK_STR(aws_xml_escape(A, "a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
}

static void test_route53_call(void)
{
    rx_state st = {RX_OK, 0, NULL};
    stub_server *s = stub_start(rx_handler, &st);
    aws_client *c = rx_client(s->port, 2, NULL);
    aws_error err;
    aws_kv q[] = {{"dnsname", "Example.com."}, {"maxitems", "1"}, {"skipped", NULL}};
    aws_kv h[] = {{"X-Test", "one two"}};
    aws_rest_request rq = {.method = "GET",
                           .path = tf_arena_printf(A, "/2013-04-01/hostedzone/%s",
                                                   aws_uri_escape(A, "Z1 x", 0)),
                           .query = q, .n_query = 3, .headers = h, .n_headers = 1};
    aws_rest_response out;
    CHECK(aws_restxml_call(c, A, NULL, "route53", "GetHostedZone", &rq, &out, &err) == 0);
    CHECK(out.status == 200);
    CHECK(out.doc && strcmp(out.doc->name, "GetHostedZoneResponse") == 0);
    CHECK_STR(aws_xml_text(out.doc, "HostedZone/Id"), "/hostedzone/Z1");
    CHECK_STR(aws_rest_header(&out, "location"), "https://route53/x");
    CHECK_STR(aws_rest_header(&out, "ETAG"), "\"abc\"");
    CHECK(aws_rest_header(&out, "nope") == NULL);
    CHECK(out.body_len > 0 && strstr(out.body, "<Name>example.com.</Name>"));
    CHECK(s->n_requests == 1);
    const stub_request *r = &s->requests[0];
    CHECK_STR(r->method, "GET");
    CHECK_STR(r->target, "/2013-04-01/hostedzone/Z1%20x?dnsname=Example.com.&maxitems=1");
    CHECK_STR(stub_header(r, "X-Test"), "one two");
    CHECK(stub_header(r, "Content-Type") == NULL || !*stub_header(r, "Content-Type"));
    CHECK(stub_header(r, "X-Amz-Content-Sha256") == NULL);
    CHECK(rx_signature_valid(r, "route53", 0));
    /* Signed as non-S3 services want: the escaped path is encoded again. */
    CHECK(!rx_signature_valid(r, "route53", 1));

    /* POST with a body: content type, body as sent. */
    stub_reset(s);
    const char *body = "<ChangeTagsForResourceRequest><AddTags/></ChangeTagsForResourceRequest>";
    st.mode = RX_BODY;
    st.body = "<ChangeTagsForResourceResponse/>";
    aws_rest_request post = {.method = "POST", .path = "/2013-04-01/tags/hostedzone/Z1",
                             .body = body};
    CHECK(aws_restxml_call(c, A, NULL, "route53", "ChangeTagsForResource", &post, &out,
                           &err) == 0);
    r = &s->requests[0];
    CHECK_STR(r->method, "POST");
    CHECK_STR(stub_header(r, "Content-Type"), "application/xml");
    CHECK_STR(r->body, body);
    CHECK(rx_signature_valid(r, "route53", 0));
    CHECK(out.doc && strcmp(out.doc->name, "ChangeTagsForResourceResponse") == 0);

    /* Error documents. */
    st.body = NULL;
    st.mode = RX_R53_ERROR;
    rq.query = NULL;
    rq.n_query = 0;
    CHECK(aws_restxml_call(c, A, NULL, "route53", "GetHostedZone", &rq, &out, &err) == -1);
    CHECK(err.kind == AWS_ERR_API);
    CHECK(err.http_status == 404);
    CHECK_STR(err.code, "NoSuchHostedZone");
    CHECK_STR(err.message, "No hosted zone found with ID: Z9");
    CHECK_STR(err.request_id, "r53-rid");
    CHECK_STR(err.service, "route53");
    CHECK_STR(err.operation, "GetHostedZone");

    /* A 5xx of a GET is retried; a throttle until the attempts run out. */
    st.mode = RX_5XX_THEN_OK;
    st.calls = 0;
    CHECK(aws_restxml_call(c, A, NULL, "route53", "ListHostedZones", &rq, &out, &err) == 0);
    CHECK(st.calls == 2);
    CHECK(out.doc && strcmp(out.doc->name, "ListHostedZonesResponse") == 0);
    st.mode = RX_THROTTLE_ALWAYS;
    st.calls = 0;
    CHECK(aws_restxml_call(c, A, NULL, "route53", "ListHostedZones", &rq, &out, &err) == -1);
    CHECK_STR(err.code, "Throttling");
    CHECK(st.calls == 3);
    /* A create without CallerReference is not repeated after a 5xx. */
    st.mode = RX_5XX_THEN_OK;
    st.calls = 0;
    aws_rest_request create = {.method = "POST", .path = "/2013-04-01/hostedzone",
                               .body = "<CreateHostedZoneRequest/>"};
    CHECK(aws_restxml_call(c, A, NULL, "route53", "CreateHostedZone", &create, &out, &err) ==
          -1);
    CHECK(st.calls == 1);
    CHECK(err.outcome_unknown);
    st.calls = 0;
    create.idempotent = 1;
    st.body = "<CreateHostedZoneResponse><HostedZone/></CreateHostedZoneResponse>";
    CHECK(aws_restxml_call(c, A, NULL, "route53", "CreateHostedZone", &create, &out, &err) ==
          0);
    CHECK(st.calls == 2);
    st.body = NULL;

    /* Raised stop: cancelled, not retried forever. */
    volatile int stop = 1;
    st.mode = RX_THROTTLE_ALWAYS;
    CHECK(aws_restxml_call(c, A, &stop, "route53", "ListHostedZones", &rq, &out, &err) == -1);
    CHECK(err.kind == AWS_ERR_CANCELLED);

    /* Misuse. */
    aws_rest_request bad = {.method = "GET", .path = "no-slash"};
    CHECK(aws_restxml_call(c, A, NULL, "route53", "X", &bad, &out, &err) == -1);
    CHECK(err.kind == AWS_ERR_CONFIG);
    CHECK(aws_restxml_call(c, A, NULL, "ec2", "X", &rq, &out, &err) == -1);
    CHECK_STR(err.code, "UnknownService");
    aws_kv crlf[] = {{"X-Bad", "a\r\nb: c"}};
    aws_rest_request inj = {.method = "GET", .path = "/", .headers = crlf, .n_headers = 1};
    CHECK(aws_restxml_call(c, A, NULL, "route53", "X", &inj, &out, &err) == -1);
    CHECK(err.kind == AWS_ERR_CONFIG);

    aws_client_free(c);
    stub_stop(s);
}

/* A 2xx that is not the operation's answer is an error, not an empty output
 * a read would take for "gone": an error document of any service's shape, a
 * proxy's page, another operation's document, an empty body (fuzz_aws_restxml
 * found reads forgetting records on the first two). */
static void test_route53_not_an_answer(void)
{
    rx_state st = {RX_BODY, 0, NULL};
    stub_server *s = stub_start(rx_handler, &st);
    aws_client *c = rx_client(s->port, 0, NULL);
    aws_error err;
    aws_rest_response out;
    aws_rest_request rq = {.method = "GET", .path = "/2013-04-01/hostedzone/Z1/rrset"};
    static const struct {
        const char *body, *code, *message;
    } bad[] = {
        {"<Response><Errors><Error><Code>InternalError</Code><Message>x</Message></Error>"
         "</Errors><RequestID>r</RequestID></Response>",
         "InternalError", "x"},
        {"\n<ErrorResponse><Error><Code>Throttling</Code><Message>slow</Message></Error>"
         "</ErrorResponse>",
         "Throttling", "slow"},
        {"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
         "SerializationError",
         "ListResourceRecordSets: unexpected answer: <html> instead of "
         "<ListResourceRecordSetsResponse>"},
        {"<GetHostedZoneResponse><HostedZone/></GetHostedZoneResponse>", "SerializationError",
         "ListResourceRecordSets: unexpected answer: <GetHostedZoneResponse> instead of "
         "<ListResourceRecordSetsResponse>"},
        {"", "SerializationError",
         "ListResourceRecordSets: unexpected answer: an empty body instead of "
         "<ListResourceRecordSetsResponse>"},
        {"`00\n", "SerializationError",
         "ListResourceRecordSets: unexpected answer: no XML document instead of "
         "<ListResourceRecordSetsResponse>"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        st.body = bad[i].body;
        CHECK(aws_restxml_call(c, A, NULL, "route53", "ListResourceRecordSets", &rq, &out,
                               &err) == -1);
        CHECK_STR(err.code, bad[i].code);
        CHECK_STR(err.message, bad[i].message);
        CHECK_STR(err.operation, "ListResourceRecordSets");
        CHECK(err.http_status == 200);
    }
    st.body = "<ListResourceRecordSetsResponse><ResourceRecordSets/>"
              "</ListResourceRecordSetsResponse>";
    CHECK(aws_restxml_call(c, A, NULL, "route53", "ListResourceRecordSets", &rq, &out, &err) ==
          0);
    /* S3's roots vary by operation: only error documents and pages refused. */
    st.body = "<Tagging><TagSet/></Tagging>";
    aws_rest_request get = {.method = "GET", .path = "/b"};
    CHECK(aws_restxml_call(c, A, NULL, "s3", "GetBucketTagging", &get, &out, &err) == 0);
    st.body = "";
    CHECK(aws_restxml_call(c, A, NULL, "s3", "PutBucketTagging", &get, &out, &err) == 0);
    st.body = "<HTML><BODY>x</BODY></HTML>";
    CHECK(aws_restxml_call(c, A, NULL, "s3", "GetBucketTagging", &get, &out, &err) == -1);
    CHECK_STR(err.code, "SerializationError");

    /* A path parameter is one segment whatever it holds: a '/' or '?' in an
     * ID is escaped, a ".." ID sent as it is, never another API's path. */
    stub_reset(s);
    st.body = "<GetHostedZoneResponse><HostedZone/></GetHostedZoneResponse>";
    const char *ids[] = {"a/rrset?x=1", "..", "."};
    const char *want[] = {"/2013-04-01/hostedzone/a%2Frrset%3Fx%3D1",
                          "/2013-04-01/hostedzone/..", "/2013-04-01/hostedzone/."};
    for (size_t i = 0; i < 3; i++) {
        aws_rest_request g = {.method = "GET",
                              .path = tf_arena_printf(A, "/2013-04-01/hostedzone/%s",
                                                      aws_uri_escape(A, ids[i], 0))};
        CHECK(aws_restxml_call(c, A, NULL, "route53", "GetHostedZone", &g, &out, &err) == 0);
        CHECK_STR(s->requests[i].target, want[i]);
    }
    aws_client_free(c);
    stub_stop(s);
}

static void test_s3_call(void)
{
    rx_state st = {RX_OK, 0, NULL};
    stub_server *s = stub_start(rx_handler, &st);
    aws_client *c = rx_client(s->port, 2, NULL);
    aws_error err;
    aws_rest_response out;
    aws_kv q[] = {{"tagging", ""}};
    const char *body = "<Tagging><TagSet><Tag><Key>a b</Key><Value>v</Value></Tag></TagSet></Tagging>";
    aws_rest_request rq = {.method = "PUT",
                           .path = tf_arena_printf(A, "/my-bucket/%s",
                                                   aws_uri_escape(A, "dir/a b+c", 1)),
                           .query = q, .n_query = 1, .body = body};
    CHECK(aws_restxml_call(c, A, NULL, "s3", "PutObjectTagging", &rq, &out, &err) == 0);
    const stub_request *r = &s->requests[0];
    CHECK_STR(r->method, "PUT");
    CHECK_STR(r->target, "/my-bucket/dir/a%20b%2Bc?tagging=");
    char sha[65];
    sigv4_sha256_hex(body, strlen(body), sha);
    CHECK_STR(stub_header(r, "X-Amz-Content-Sha256"), sha);
    CHECK(strstr(stub_header(r, "Authorization"), "x-amz-content-sha256") != NULL);
    CHECK(rx_signature_valid(r, "s3", 1));
    CHECK(!rx_signature_valid(r, "s3", 0));

    /* S3's error document has <Error> at the root. */
    st.mode = RX_S3_ERROR;
    aws_rest_request get = {.method = "GET", .path = "/b", .query = q, .n_query = 1};
    CHECK(aws_restxml_call(c, A, NULL, "s3", "GetBucketTagging", &get, &out, &err) == -1);
    CHECK_STR(err.code, "NoSuchBucket");
    CHECK_STR(err.message, "The specified bucket does not exist");
    CHECK_STR(err.request_id, "s3-rid");
    CHECK(err.http_status == 404);
    /* A HEAD's 404 has no body: named by its status. */
    st.mode = RX_HEAD_404;
    aws_rest_request head = {.method = "HEAD", .path = "/b"};
    CHECK(aws_restxml_call(c, A, NULL, "s3", "HeadBucket", &head, &out, &err) == -1);
    CHECK_STR(err.code, "NotFound");
    CHECK(err.http_status == 404);
    CHECK(aws_error_is_not_found(&err));
    CHECK_STR(s->requests[s->n_requests - 1].method, "HEAD");

    aws_client_free(c);
    stub_stop(s);
}

static void test_endpoints(void)
{
    const aws_service *r53 = endpoints_service("route53");
    CHECK(r53 && r53->protocol == AWS_PROTO_REST_XML);
    aws_endpoint ep;
    aws_error err;
    aws_endpoint_params p = {.region = "eu-west-1"};
    CHECK(endpoints_resolve(A, r53, &p, &ep, &err) == 0);
    CHECK_STR(ep.url, "https://route53.amazonaws.com");
    CHECK_STR(ep.signing_region, "us-east-1");
    p.region = "cn-north-1";
    CHECK(endpoints_resolve(A, r53, &p, &ep, &err) == 0);
    CHECK_STR(ep.url, "https://api.route53.cn");
    CHECK_STR(ep.signing_region, "cn-northwest-1");
    p.region = "us-gov-east-1";
    p.fips = 1;
    CHECK(endpoints_resolve(A, r53, &p, &ep, &err) == 0);
    CHECK_STR(ep.url, "https://route53.us-gov.amazonaws.com");
    const aws_service *s3 = endpoints_service("s3");
    CHECK(s3 && s3->protocol == AWS_PROTO_REST_XML);
    aws_endpoint_params p2 = {.region = "eu-west-1"};
    CHECK(endpoints_resolve(A, s3, &p2, &ep, &err) == 0);
    CHECK_STR(ep.url, "https://s3.eu-west-1.amazonaws.com");
    aws_kv ov[] = {{"s3api", "http://127.0.0.1:1/"}};
    p2.overrides = ov;
    p2.n_overrides = 1;
    CHECK(endpoints_resolve(A, s3, &p2, &ep, &err) == 0);
    CHECK_STR(ep.url, "http://127.0.0.1:1");
}

int main(void)
{
    A = tf_arena_new();
    test_escape();
    test_route53_call();
    test_route53_not_an_answer();
    test_s3_call();
    test_endpoints();
    tf_arena_free(A);
    return test_finish();
}

/* aws_fuzz.h - the harness the AWS protocol fuzz targets share.
 *
 * One input is one resource (or data source) read against recorded, then
 * mutated, AWS answers:
 *
 *   aws_vpc                       the type
 *   {"id":"vpc-1",...}            its state (data source: its config), cty JSON
 *   --- 200                       the first answer's HTTP status, then its body
 *   <DescribeVpcsResponse>...
 *   --- 400 ThrottlingException   the second answer (with an x-amzn-ErrorType
 *                                 header, as JSON services send), ...
 *
 * The type's read callback runs with an AWS client whose transport is
 * in-process (http_set_fake): each request the read makes gets the next
 * answer; past the last one the transport fails as a lost network would.
 * Retries, waiters and deadlines run on a virtual clock
 * (aws_test_virtual_clock), so nothing sleeps.  The answers go through the
 * whole client (status and error parsing per protocol, XML/JSON parsing,
 * pagination, retries) and the type's flatten code.
 *
 * Whatever the answers, the read must not crash or trip a sanitizer, an
 * error it reports must name an AWS operation it called (fuzz_fail aborts
 * otherwise), a state it returns must encode in the schema's type, and a
 * 2xx answer that is an error document or an HTML page must not be taken
 * for "the object is gone" (Terraform would forget it and create another).
 *
 * Each target keeps the inputs whose first request uses its protocol
 * (FUZZ_PROTOCOL: AWS_PROTO_EC2, AWS_PROTO_QUERY, AWS_PROTO_JSON or
 * AWS_PROTO_REST_XML); the
 * corpus under tests/fuzz/corpus/<protocol>/ is recorded from the emulator
 * by tests/fuzz/record_corpus.py. */
#ifndef AWS_FUZZ_H
#define AWS_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "internal.h"
#include "provider.h"
#include "provider_meta.h"
#include "schema.h"

#define FUZZ_MAX_ANSWERS 64
#define FUZZ_MAX_REQUESTS 400

typedef struct {
    long status;
    const char *error_type;       /* x-amzn-ErrorType, or NULL */
    size_t error_type_len;
    const char *body;
    size_t len;
} fuzz_answer;

typedef struct {
    fuzz_answer answers[FUZZ_MAX_ANSWERS];
    int n_answers, next;
    int n_requests;
    int wrong_protocol;           /* the first request was not FUZZ_PROTOCOL's */
    int broken_2xx;               /* a 2xx answer served was an error or HTML page */
    int first_protocol;           /* the first request's, -1 before it */
    const char *ops[FUZZ_MAX_REQUESTS];   /* operations called, in the arena */
    volatile int stop;
    /* record mode: forward to the network and keep the answers */
    aws_http *real;
    FILE *record;
} fuzz_run;

static aws_client *fuzz_client;
static aws_meta fuzz_meta;
static tf_arena *fuzz_static;
static int fuzz_last_protocol;    /* the last input's first request's protocol */

static void fuzz_fail(const char *type, const char *what, const char *detail)
{
    fprintf(stderr, "aws fuzz: %s: %s%s%s\n", type, what, detail ? ": " : "",
            detail ? detail : "");
    abort();
}

/* Route 53's REST-XML operations by method and path (the URL names no
 * operation): the names the client's errors carry.  The path is matched by
 * segments - hostedzone/{Id}/rrset, not any path holding "/rrset" - as the
 * service routes it: an ID is percent-encoded into one segment, and one that
 * reads "dnssec" or "rrset" is still an ID. */
static aws_protocol fuzz_rest_op(const http_request *rq, const char **op)
{
    const char *path = strstr(rq->url, "/2013-04-01/");
    *op = "?";
    if (!path)
        return AWS_PROTO_REST_XML;
    path += 12;
    size_t plen = strcspn(path, "?");
    /* first: the first segment; tail: what follows the second segment
     * ("" nothing; NULL anything; "-" there is no second segment). */
    static const struct {
        const char *method, *first, *tail, *op;
    } ops[] = {
        {"GET", "hostedzonesbyname", "-", "ListHostedZonesByName"},
        {"GET", "hostedzone", "/rrset", "ListResourceRecordSets"},
        {"POST", "hostedzone", "/rrset", "ChangeResourceRecordSets"},
        {"POST", "hostedzone", "/rrset/", "ChangeResourceRecordSets"},
        {"GET", "hostedzone", "/dnssec", "GetDNSSEC"},
        {"POST", "hostedzone", "/associatevpc", "AssociateVPCWithHostedZone"},
        {"POST", "hostedzone", "/disassociatevpc", "DisassociateVPCFromHostedZone"},
        {"GET", "hostedzone", "", "GetHostedZone"},
        {"POST", "hostedzone", "", "UpdateHostedZoneComment"},
        {"DELETE", "hostedzone", "", "DeleteHostedZone"},
        {"GET", "hostedzone", "-", "ListHostedZones"},
        {"POST", "hostedzone", "-", "CreateHostedZone"},
        {"GET", "tags", NULL, "ListTagsForResource"},
        {"POST", "tags", NULL, "ChangeTagsForResource"},
        {"GET", "change", NULL, "GetChange"},
    };
    size_t flen = strcspn(path, "/?");
    const char *second = path + flen;       /* "/{Id}..." or the end */
    int has_second = second < path + plen && *second == '/';
    const char *tail = has_second ? second + 1 + strcspn(second + 1, "/?") : second;
    size_t tlen = (size_t)(path + plen - tail);
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        if (strcmp(rq->method, ops[i].method) != 0 || strlen(ops[i].first) != flen ||
            strncmp(path, ops[i].first, flen) != 0)
            continue;
        int match = !ops[i].tail ? has_second
                    : strcmp(ops[i].tail, "-") == 0
                        ? !has_second
                        : has_second && strlen(ops[i].tail) == tlen &&
                              strncmp(tail, ops[i].tail, tlen) == 0;
        if (match) {
            *op = ops[i].op;
            break;
        }
    }
    return AWS_PROTO_REST_XML;
}

/* The protocol and operation of a request, from its target header or form
 * (REST-XML: its method and path). */
static aws_protocol fuzz_request_op(tf_arena *a, const http_request *rq, const char **op)
{
    if (strcmp(rq->method, "POST") != 0 || strstr(rq->url, "/2013-04-01/"))
        return fuzz_rest_op(rq, op);
    for (size_t i = 0; i < rq->n_headers; i++)
        if (strcmp(rq->headers[i].name, "X-Amz-Target") == 0) {
            const char *dot = strrchr(rq->headers[i].value, '.');
            *op = tf_arena_strdup(a, dot ? dot + 1 : rq->headers[i].value);
            return AWS_PROTO_JSON;
        }
    const char *body = rq->body ? rq->body : "";
    const char *act = strstr(body, "Action=");
    *op = "?";
    if (act) {
        act += 7;
        size_t n = strcspn(act, "&");
        *op = tf_arena_strndup(a, act, n);
    }
    return strstr(body, "Version=2016-11-15") ? AWS_PROTO_EC2 : AWS_PROTO_QUERY;
}

static int fuzz_has(const char *p, size_t n, const char *what)
{
    size_t w = strlen(what);
    for (size_t i = 0; i + w <= n; i++)
        if (memcmp(p + i, what, w) == 0)
            return 1;
    return 0;
}

/* A JSON object with a top-level "__type": an error document.  A "__type"
 * deeper down (a tag named so, a value) is data, not an error. */
static int fuzz_json_error(const char *p, size_t n)
{
    json_t *j = json_loadb(p, n, 0, NULL);
    int is = json_is_object(j) && json_object_get(j, "__type") != NULL;
    json_decref(j);
    return is;
}

/* An error document or a proxy's page, whatever its status says. */
static int fuzz_broken(const char *p, size_t n)
{
    while (n > 0 && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')) {
        p++;
        n--;
    }
    return (n >= 5 && strncasecmp(p, "<html", 5) == 0) ||
           (n >= 9 && strncasecmp(p, "<!doctype", 9) == 0) ||
           (n >= 10 && memcmp(p, "<Response>", 10) == 0 && fuzz_has(p, n, "<Errors>")) ||
           (n >= 14 && memcmp(p, "<ErrorResponse", 14) == 0) ||
           (n >= 19 && memcmp(p, "<InvalidChangeBatch", 19) == 0) ||
           (n >= 7 && memcmp(p, "<Error>", 7) == 0 && fuzz_has(p, n, "<Code>")) ||
           (n >= 1 && *p == '{' && fuzz_json_error(p, n));
}

static int fuzz_transport(void *ud, tf_arena *a, const http_request *rq, http_response *rs,
                          aws_error *err)
{
    fuzz_run *r = ud;
    const char *op;
    aws_protocol proto = fuzz_request_op(a, rq, &op);
    if (r->n_requests == 0) {
        r->first_protocol = (int)proto;
        r->wrong_protocol = proto != FUZZ_PROTOCOL;
    }
    if (r->n_requests < FUZZ_MAX_REQUESTS)
        r->ops[r->n_requests] = op;
    r->n_requests++;
    if (r->real) {
        int rc = http_send(r->real, a, NULL, rq, rs, err);
        if (rc == 0 && r->record)
            fprintf(r->record, "--- %ld\n%.*s\n", rs->status, (int)rs->body_len, rs->body);
        return rc;
    }
    if (r->wrong_protocol || r->next >= r->n_answers || r->n_requests > FUZZ_MAX_REQUESTS) {
        /* Ends loops that page or poll for ever on the same answer. */
        r->stop = 1;
        aws_error_set(err, AWS_ERR_NETWORK, "RequestError",
                      "POST %s: the fuzz input has no more answers", rq->url);
        rs->retryable = 0;
        return -1;
    }
    const fuzz_answer *f = &r->answers[r->next++];
    if (f->status >= 200 && f->status < 300 && fuzz_broken(f->body, f->len))
        r->broken_2xx = 1;
    rs->status = f->status;
    rs->body = tf_arena_memdup(a, f->body, f->len);
    rs->body_len = f->len;
    rs->request_id = "fuzz-request";
    if (f->error_type)
        rs->error_type = tf_arena_strndup(a, f->error_type, f->error_type_len);
    return 0;
}

static int fuzz_setup(void)
{
    if (fuzz_client)
        return 0;
    fuzz_static = tf_arena_new();
    aws_config cfg;
    aws_config_init(&cfg);
    cfg.region = "us-east-1";
    if (!getenv("FUZZ_RECORD")) {       /* recording signs for the emulator */
        cfg.access_key = "AKIDFUZZ000000000000";
        cfg.secret_key = "fuzz-secret";
    }
    cfg.skip_credentials_validation = 1;
    cfg.skip_requesting_account_id = 1;
    cfg.skip_metadata_api_check = 1;
    cfg.max_retries = 2;
    aws_error err;
    fuzz_client = aws_client_new(&cfg, NULL, &err);
    if (!fuzz_client) {
        fprintf(stderr, "aws fuzz: cannot make a client: %s\n", err.message);
        abort();
    }
    fuzz_meta.arena = fuzz_static;
    fuzz_meta.client = fuzz_client;
    fuzz_meta.region = "us-east-1";
    fuzz_meta.account_id = "123456789012";
    fuzz_meta.partition = "aws";
    fuzz_meta.dns_suffix = "amazonaws.com";
    aws_test_virtual_clock = !getenv("FUZZ_RECORD");
    return 0;
}

/* Finds a resource or data source definition with its schema prepared. */
static const tf_block *fuzz_find(const char *name, const tf_resource_def **rd,
                                 const tf_data_source_def **dd)
{
    const tf_provider_def *p = aws_provider_definition();
    *rd = NULL;
    *dd = NULL;
    int data = strncmp(name, "data.", 5) == 0;
    if (data)
        name += 5;
    tf_block *b = NULL;
    if (!data)
        for (const tf_resource_def *const *r = p->resources; *r && !b; r++)
            if (strcmp((*r)->type_name, name) == 0 && !(*r)->schema_only && (*r)->read) {
                *rd = *r;
                b = (*r)->schema;
            }
    if (data)
        for (const tf_data_source_def *const *d = p->data_sources; *d && !b; d++)
            if (strcmp((*d)->type_name, name) == 0 && !(*d)->schema_only && (*d)->read) {
                *dd = *d;
                b = (*d)->schema;
            }
    if (b && !b->ctype && tf_schema_prepare(fuzz_static, b) != 0)
        abort();
    return b;
}

/* Splits "--- <status>\n<body>" sections; body runs to the next "\n--- ". */
static void fuzz_answers(fuzz_run *r, const char *p, const char *end)
{
    while (p < end && r->n_answers < FUZZ_MAX_ANSWERS) {
        if ((size_t)(end - p) < 4 || memcmp(p, "--- ", 4) != 0)
            return;
        p += 4;
        long status = 0;
        while (p < end && *p >= '0' && *p <= '9' && status < 100000)
            status = status * 10 + (*p++ - '0');
        while (p < end && *p == ' ')
            p++;
        const char *etype = p;
        while (p < end && *p != '\n')
            p++;
        if (p < end)
            p++;
        const char *body = p, *next = end;
        for (const char *q = p; q + 5 <= end; q++)
            if (memcmp(q, "\n--- ", 5) == 0) {
                next = q;
                break;
            }
        fuzz_answer *f = &r->answers[r->n_answers++];
        f->status = status ? status : 200;
        f->error_type = p > etype ? etype : NULL;
        f->error_type_len = (size_t)(p - etype);
        f->body = body;
        f->len = (size_t)(next - body);
        p = next < end ? next + 1 : end;
    }
}

static const char *fuzz_line(const char **p, const char *end, size_t *len)
{
    const char *s = *p, *nl = memchr(s, '\n', (size_t)(end - s));
    *len = (size_t)((nl ? nl : end) - s);
    *p = nl ? nl + 1 : end;
    return s;
}

/* A data source's "no match" and "several matches" errors, and "...: empty
 * result" (hashicorp's wording, kept for parity) are about a well-formed
 * answer that holds nothing, not a broken one: they name the object. */
static int fuzz_match_error(const tf_diag *g)
{
    size_t n = g->detail ? strlen(g->detail) : 0;
    if (n >= 12 && strcmp(g->detail + n - 12, "empty result") == 0)
        return 1;
    if (!g->summary)
        return 0;
    static const char *const ok[] = {"no matching ", "multiple ", "Your query returned no results",
                                     "Your query returned more than one result", NULL};
    for (const char *const *p = ok; *p; p++)
        if (strncmp(g->summary, *p, strlen(*p)) == 0)
            return 1;
    return 0;
}

/* An error must say which AWS call it is about. */
static void fuzz_check_diags(const char *type, const fuzz_run *r, const tf_diags *d)
{
    for (size_t i = 0; i < d->n; i++) {
        const tf_diag *g = &d->items[i];
        if (g->severity != TF_SEV_ERROR || fuzz_match_error(g))
            continue;
        int named = 0;
        int n = r->n_requests < FUZZ_MAX_REQUESTS ? r->n_requests : FUZZ_MAX_REQUESTS;
        for (int k = 0; k < n && !named; k++)
            named = (g->summary && strstr(g->summary, r->ops[k])) ||
                    (g->detail && strstr(g->detail, r->ops[k]));
        if (!named && n > 0) {
            char msg[4096];
            snprintf(msg, sizeof msg, "error names none of the %d operations called (first %s): "
                     "%s: %s", n, r->ops[0], g->summary ? g->summary : "",
                     g->detail ? g->detail : "");
            if (getenv("FUZZ_SURVEY"))
                fprintf(stderr, "SURVEY %s: %.300s\n", type, msg);
            else
                fuzz_fail(type, msg, NULL);
        }
    }
}

static int fuzz_one(const uint8_t *data, size_t size, aws_http *real, FILE *record)
{
    fuzz_setup();
    const char *p = (const char *)data, *end = p + size;
    size_t tlen, slen;
    const char *tname = fuzz_line(&p, end, &tlen);
    const char *sjson = fuzz_line(&p, end, &slen);
    if (tlen == 0 || tlen > 100 || memchr(tname, '\0', tlen))
        return 0;
    tf_arena *a = tf_arena_new();
    char *type = tf_arena_strndup(a, tname, tlen);
    const tf_resource_def *rd;
    const tf_data_source_def *dd;
    const tf_block *b = fuzz_find(type, &rd, &dd);
    char *jerr = NULL;
    const tf_value *state = b ? tf_json_decode(a, sjson, slen, b->ctype, &jerr) : NULL;
    if (!state || tf_is_null(state)) {
        tf_arena_free(a);
        return 0;
    }
    fuzz_run *r = tf_arena_alloc(a, sizeof *r);
    memset(r, 0, sizeof *r);
    r->real = real;
    r->record = record;
    fuzz_answers(r, p, end);
    r->first_protocol = -1;
    fuzz_client->retry_tokens = 500;
    http_set_fake(fuzz_client->http, fuzz_transport, r);
    tf_diags diags;
    tf_diags_init(&diags, a);
    tf_ctx ctx = {.arena = a, .diags = &diags, .meta = &fuzz_meta, .stop = &r->stop,
                  .type_name = rd ? rd->type_name : dd->type_name};
    const tf_value *out = rd ? rd->read(&ctx, state) : dd->read(&ctx, state);
    http_set_fake(fuzz_client->http, NULL, NULL);
    if (!r->wrong_protocol && !real) {
        fuzz_check_diags(type, r, &diags);
        if (r->broken_2xx && out && tf_is_null(out) && !tf_diags_has_error(&diags))
            fuzz_fail(type, "a 2xx error document or HTML page was taken for \"gone\"", NULL);
        if (out && !tf_diags_has_error(&diags)) {
            void *buf;
            size_t n;
            char *eerr = NULL;
            if (tf_msgpack_encode(a, out, b->ctype, &buf, &n, &eerr) != 0)
                fuzz_fail(type, "the state read does not encode", eerr);
        }
    }
    if (getenv("FUZZ_VERBOSE"))
        fprintf(stderr, "%s: %d requests, %d of %d answers used, %s%s\n", type, r->n_requests,
                r->next, r->n_answers,
                tf_diags_has_error(&diags) ? "error: " : out && tf_is_null(out) ? "gone" : "ok",
                tf_diags_has_error(&diags) ? diags.items[0].detail : "");
    fuzz_last_protocol = r->first_protocol;
    tf_arena_free(a);
    return 0;
}

/* ---- structure-aware mutations ------------------------------------------
 *
 * What AWS and the networks in between really answer: a body cut short, a
 * proxy's HTML page, 200 with an error document, an element missing or
 * repeated, huge numbers and strings, a JSON value of the wrong type,
 * throttling and 5xx statuses, stray bytes.  Used by the libFuzzer custom
 * mutator (half the time; libFuzzer's own byte mutations the other half) and
 * by the standalone driver. */

typedef struct {
    uint64_t s;
} fuzz_rng;

static uint64_t fuzz_rand(fuzz_rng *g)
{
    g->s ^= g->s << 13;
    g->s ^= g->s >> 7;
    g->s ^= g->s << 17;
    return g->s;
}

static size_t fuzz_below(fuzz_rng *g, size_t n)
{
    return n ? (size_t)(fuzz_rand(g) % n) : 0;
}

typedef struct {
    char *p;
    size_t len, cap, max;
} fuzz_buf;

static void fuzz_put(fuzz_buf *b, const void *p, size_t n)
{
    if (b->len + n > b->max)
        n = b->max - b->len;
    memcpy(b->p + b->len, p, n);
    b->len += n;
}

static void fuzz_puts(fuzz_buf *b, const char *s)
{
    fuzz_put(b, s, strlen(s));
}

/* Position of the next/previous occurrence of any of chars, or -1. */
static long fuzz_find_char(const char *p, size_t len, size_t from, const char *chars)
{
    for (size_t i = from; i < len; i++)
        if (strchr(chars, p[i]))
            return (long)i;
    return -1;
}

static void fuzz_mutate_body(fuzz_rng *g, const char *in, size_t n, long *status,
                             fuzz_buf *o)
{
    int json = n > 0 && (in[0] == '{' || in[0] == '[');
    size_t at = fuzz_below(g, n + 1);
    switch (fuzz_below(g, 11)) {
    case 0: /* cut short */
        fuzz_put(o, in, at);
        return;
    case 1: /* a proxy's page */
        *status = fuzz_below(g, 2) ? 502 : 200;
        fuzz_puts(o, "<html><head><title>502 Bad Gateway</title></head><body><center><h1>"
                     "502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>");
        return;
    case 2: /* 200 with an error document */
        *status = 200;
        fuzz_puts(o, json ? "{\"__type\":\"com.amazonaws#InternalFailure\",\"message\":\"x\"}"
                          : "<Response><Errors><Error><Code>InternalError</Code><Message>x"
                            "</Message></Error></Errors><RequestID>r</RequestID></Response>");
        return;
    case 3: { /* an element or member missing */
        long s0 = fuzz_find_char(in, n, at, json ? "\"" : "<");
        long s1 = s0 < 0 ? -1 : fuzz_find_char(in, n, (size_t)s0 + 1, json ? ",}]" : "<");
        if (s1 > s0 && s1 >= 0 && !json) {
            long close = fuzz_find_char(in, n, (size_t)s1 + 1, ">");
            s1 = close < 0 ? s1 : close + 1;
        }
        if (s0 < 0 || s1 < 0) {
            fuzz_put(o, in, n);
            return;
        }
        fuzz_put(o, in, (size_t)s0);
        fuzz_put(o, in + s1, n - (size_t)s1);
        return;
    }
    case 4: { /* a range repeated (extra fields, repeated elements) */
        size_t len = fuzz_below(g, n - at + 1);
        fuzz_put(o, in, at + len);
        fuzz_put(o, in + at, len);
        fuzz_put(o, in + at + len, n - at - len);
        return;
    }
    case 5: { /* a huge or odd number where a number is */
        static const char *const nums[] = {"18446744073709551616999", "-9223372036854775809",
                                           "1e400", "-0", "NaN", "0x10", "99999999999999999999",
                                           "2147483648", "-1", "1.5"};
        long d = fuzz_find_char(in, n, at, "0123456789");
        if (d < 0) {
            fuzz_put(o, in, n);
            return;
        }
        size_t e = (size_t)d;
        while (e < n && ((in[e] >= '0' && in[e] <= '9') || in[e] == '.'))
            e++;
        fuzz_put(o, in, (size_t)d);
        fuzz_puts(o, nums[fuzz_below(g, sizeof nums / sizeof *nums)]);
        fuzz_put(o, in + e, n - e);
        return;
    }
    case 6: { /* a huge string */
        fuzz_put(o, in, at);
        size_t len = 1 + fuzz_below(g, 70000);
        char c = "A<&\"\\%\x01\xff"[fuzz_below(g, 8)];
        for (size_t i = 0; i < len && o->len < o->max; i++)
            o->p[o->len++] = c;
        fuzz_put(o, in + at, n - at);
        return;
    }
    case 7: { /* a value of the wrong type */
        static const char *const vals[] = {"{}", "[]", "\"s\"", "null", "true", "1.5", "-1",
                                           "[{}]", "{\"a\":[]}", "\"\""};
        long c = fuzz_find_char(in, n, at, json ? ":" : ">");
        if (c < 0) {
            fuzz_put(o, in, n);
            return;
        }
        size_t v = (size_t)c + 1;
        long e = fuzz_find_char(in, n, v, json ? ",}]" : "<");
        size_t ve = e < 0 ? n : (size_t)e;
        if (json && v < n && (in[v] == '{' || in[v] == '[')) {
            int depth = 0;
            for (ve = v; ve < n; ve++) {
                depth += in[ve] == '{' || in[ve] == '[';
                depth -= in[ve] == '}' || in[ve] == ']';
                if (depth == 0) {
                    ve++;
                    break;
                }
            }
        }
        fuzz_put(o, in, v);
        fuzz_puts(o, json ? vals[fuzz_below(g, 10)] : (fuzz_below(g, 2) ? "" : "<x>y</x>"));
        fuzz_put(o, in + ve, n - ve);
        return;
    }
    case 8: { /* status of a struggling endpoint */
        static const long st[] = {500, 502, 503, 504, 429, 400, 403, 404, 301, 0};
        *status = st[fuzz_below(g, 10)];
        if (fuzz_below(g, 2))
            fuzz_puts(o, json ? "{\"__type\":\"ThrottlingException\",\"message\":\"Rate "
                                "exceeded\"}"
                              : "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling"
                                "</Code><Message>Rate exceeded</Message></Error>"
                                "</ErrorResponse>");
        else
            fuzz_put(o, in, n);
        return;
    }
    case 9: /* empty */
        return;
    default: { /* stray bytes */
        fuzz_put(o, in, n);
        for (int k = 0, m = 1 + (int)fuzz_below(g, 4); k < m && o->len > 0; k++)
            o->p[fuzz_below(g, o->len)] = (char)fuzz_rand(g);
        return;
    }
    }
}

/* One structural mutation of a whole input into out (at most max bytes);
 * returns its length. */
static size_t fuzz_mutate(uint64_t seed, const uint8_t *data, size_t size, uint8_t *out,
                          size_t max)
{
    fuzz_rng g = {seed * 2654435761u + 88172645463325252ull};
    const char *p = (const char *)data, *end = p + size;
    size_t tl, sl;
    const char *t = fuzz_line(&p, end, &tl);
    const char *st = fuzz_line(&p, end, &sl);
    fuzz_run *r = calloc(1, sizeof *r);
    fuzz_answers(r, p, end);
    fuzz_buf o = {(char *)out, 0, max, max};
    fuzz_put(&o, t, tl);
    fuzz_puts(&o, "\n");
    fuzz_put(&o, st, sl);
    fuzz_puts(&o, "\n");
    int victim = r->n_answers ? (int)fuzz_below(&g, (size_t)r->n_answers) : -1;
    int drop = r->n_answers > 1 && fuzz_below(&g, 16) == 0;
    for (int i = 0; i < r->n_answers; i++) {
        long status = r->answers[i].status;
        char *body = NULL;
        size_t blen = 0;
        if (i == victim && drop)
            continue;
        if (i == victim) {
            size_t cap = r->answers[i].len * 2 + 80000;
            fuzz_buf b = {malloc(cap), 0, cap, cap};
            fuzz_mutate_body(&g, r->answers[i].body, r->answers[i].len, &status, &b);
            body = b.p;
            blen = b.len;
        }
        char head[32];
        snprintf(head, sizeof head, "--- %ld", status);
        fuzz_puts(&o, head);
        if (r->answers[i].error_type) {
            fuzz_puts(&o, " ");
            fuzz_put(&o, r->answers[i].error_type, r->answers[i].error_type_len);
        } else if (i == victim && status >= 400 && fuzz_below(&g, 2)) {
            static const char *const types[] = {
                " ThrottlingException", " InternalFailure:http://internal.amazon.com/",
                " com.amazonaws.ecs#ClientException", " ", " \x01:"};
            fuzz_puts(&o, types[fuzz_below(&g, 5)]);
        }
        fuzz_puts(&o, "\n");
        if (body)
            fuzz_put(&o, body, blen);
        else
            fuzz_put(&o, r->answers[i].body, r->answers[i].len);
        fuzz_puts(&o, "\n");
        free(body);
    }
    free(r);
    return o.len;
}

size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max, unsigned int seed);
size_t LLVMFuzzerCustomMutator(uint8_t *data, size_t size, size_t max, unsigned int seed)
{
    if (seed % 2)
        return LLVMFuzzerMutate(data, size, max);
    uint8_t *out = malloc(max ? max : 1);
    size_t n = fuzz_mutate(seed, data, size, out, max);
    memcpy(data, out, n);
    free(out);
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_one(data, size, NULL, NULL);
}

#endif

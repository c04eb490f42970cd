/* sigv4.c - AWS Signature Version 4 with OpenSSL.
 *
 * A signature is an HMAC chain over a canonical form of the request: method,
 * normalised and encoded path, sorted encoded query, sorted lower-cased
 * headers with folded whitespace, and the SHA-256 of the body.  Everything
 * here is pure computation over the caller's arena, so the whole AWS test
 * suite can check it byte for byte (tests/aws/test_sigv4.c). */
#include "sigv4.h"

#include <assert.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include "buf.h"

static const char sigv4_hex_digits[] = "0123456789abcdef";

static void sigv4_hex(const unsigned char *d, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = sigv4_hex_digits[d[i] >> 4];
        out[2 * i + 1] = sigv4_hex_digits[d[i] & 15];
    }
    out[2 * n] = '\0';
}

void sigv4_sha256_hex(const void *data, size_t len, char hex[65])
{
    unsigned char md[SHA256_DIGEST_LENGTH];
    SHA256(data ? data : (const void *)"", len, md);
    sigv4_hex(md, sizeof md, hex);
}

static void sigv4_hmac(const void *key, size_t key_len, const char *msg,
                       unsigned char out[32])
{
    unsigned int n = 32;
    HMAC(EVP_sha256(), key, (int)key_len, (const unsigned char *)msg,
         strlen(msg), out, &n);
    assert(n == 32);
}

void sigv4_amz_date(long long t, char buf[17])
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(buf, 17, "%Y%m%dT%H%M%SZ", &tm);
}

static int sigv4_unreserved(unsigned char c)
{
    return isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~';
}

char *sigv4_uri_encode(tf_arena *a, const char *s, size_t len, int keep_slash)
{
    char *out = tf_arena_alloc(a, len * 3 + 1);
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (sigv4_unreserved(c) || (keep_slash && c == '/')) {
            out[o++] = (char)c;
        } else {
            out[o++] = '%';
            out[o++] = "0123456789ABCDEF"[c >> 4];
            out[o++] = "0123456789ABCDEF"[c & 15];
        }
    }
    out[o] = '\0';
    return out;
}

static int sigv4_hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Percent-decoding of one query component, so that re-encoding it gives the
 * canonical form whether or not the caller had encoded it. */
static char *sigv4_uri_decode(tf_arena *a, const char *s, size_t len,
                              size_t *out_len)
{
    char *out = tf_arena_alloc(a, len + 1);
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        int h, l;
        if (s[i] == '%' && i + 2 < len &&
            (h = sigv4_hexval(s[i + 1])) >= 0 && (l = sigv4_hexval(s[i + 2])) >= 0) {
            out[o++] = (char)(h * 16 + l);
            i += 2;
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = '\0';
    *out_len = o;
    return out;
}

/* ---- canonical URI ----------------------------------------------------- */

static char *sigv4_canonical_path(tf_arena *a, const char *path)
{
    if (!path || !*path)
        return "/";
    size_t len = strlen(path);
    /* Segments kept after removing "", "." and "..". */
    const char **seg = tf_arena_calloc(a, len + 1, sizeof *seg);
    size_t *seg_len = tf_arena_calloc(a, len + 1, sizeof *seg_len);
    size_t n = 0;
    int trailing = 0;
    const char *p = path;
    while (*p) {
        while (*p == '/')
            p++;
        const char *start = p;
        while (*p && *p != '/')
            p++;
        size_t l = (size_t)(p - start);
        trailing = (*p == '/') || (l == 1 && start[0] == '.') ||
                   (l == 2 && start[0] == '.' && start[1] == '.');
        if (l == 0) {
            trailing = 1;
            continue;
        }
        if (l == 1 && start[0] == '.')
            continue;
        if (l == 2 && start[0] == '.' && start[1] == '.') {
            if (n > 0)
                n--;
            continue;
        }
        seg[n] = start;
        seg_len[n] = l;
        n++;
        trailing = (*p == '/');
    }
    if (n == 0)
        return "/";
    aws_buf b;
    aws_buf_init(&b, a);
    for (size_t i = 0; i < n; i++) {
        aws_buf_putc(&b, '/');
        aws_buf_puts(&b, sigv4_uri_encode(a, seg[i], seg_len[i], 0));
    }
    if (trailing)
        aws_buf_putc(&b, '/');
    return b.data;
}

/* ---- canonical query --------------------------------------------------- */

typedef struct {
    const char *key;
    const char *value;
} sigv4_pair;

static int sigv4_pair_cmp(const void *x, const void *y)
{
    const sigv4_pair *a = x, *b = y;
    int c = strcmp(a->key, b->key);
    return c ? c : strcmp(a->value, b->value);
}

static char *sigv4_canonical_query(tf_arena *a, const char *query)
{
    if (!query || !*query)
        return "";
    size_t cap = 1;
    for (const char *q = query; *q; q++)
        cap += (*q == '&');
    sigv4_pair *pairs = tf_arena_calloc(a, cap, sizeof *pairs);
    size_t n = 0;
    const char *p = query;
    while (*p) {
        const char *start = p;
        while (*p && *p != '&')
            p++;
        const char *end = p;
        if (*p == '&')
            p++;
        if (end == start)
            continue;
        const char *eq = memchr(start, '=', (size_t)(end - start));
        const char *kend = eq ? eq : end;
        size_t kl, vl;
        char *k = sigv4_uri_decode(a, start, (size_t)(kend - start), &kl);
        char *v = eq ? sigv4_uri_decode(a, eq + 1, (size_t)(end - eq - 1), &vl)
                     : (vl = 0, "");
        assert(n < cap);
        pairs[n].key = sigv4_uri_encode(a, k, kl, 0);
        pairs[n].value = sigv4_uri_encode(a, v, vl, 0);
        n++;
    }
    qsort(pairs, n, sizeof *pairs, sigv4_pair_cmp);
    aws_buf b;
    aws_buf_init(&b, a);
    for (size_t i = 0; i < n; i++) {
        if (i)
            aws_buf_putc(&b, '&');
        aws_buf_puts(&b, pairs[i].key);
        aws_buf_putc(&b, '=');
        aws_buf_puts(&b, pairs[i].value);
    }
    return b.data;
}

/* ---- canonical headers ------------------------------------------------- */

typedef struct {
    char *name;      /* lower case */
    char *value;     /* trimmed, inner whitespace runs folded to one space */
    size_t order;    /* position in the request, to keep duplicates in order */
} sigv4_hdr;

static int sigv4_hdr_cmp(const void *x, const void *y)
{
    const sigv4_hdr *a = x, *b = y;
    int c = strcmp(a->name, b->name);
    if (c)
        return c;
    return a->order < b->order ? -1 : a->order > b->order;
}

static char *sigv4_fold_value(tf_arena *a, const char *v)
{
    size_t len = strlen(v);
    char *out = tf_arena_alloc(a, len + 1);
    size_t o = 0;
    int pending_space = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)v[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            pending_space = o > 0;
            continue;
        }
        if (pending_space)
            out[o++] = ' ';
        pending_space = 0;
        out[o++] = (char)c;
    }
    out[o] = '\0';
    return out;
}

int sigv4_sign(tf_arena *a, const sigv4_request *req, const sigv4_key *key,
               sigv4_result *out)
{
    return sigv4_sign_path(a, req, key, 0, out);
}

int sigv4_sign_path(tf_arena *a, const sigv4_request *req, const sigv4_key *key,
                    int raw_path, sigv4_result *out)
{
    memset(out, 0, sizeof *out);
    if (!key->amz_date || strlen(key->amz_date) != 16 || !req->method)
        return -1;

    sigv4_hdr *h = tf_arena_calloc(a, req->n_headers + 1, sizeof *h);
    for (size_t i = 0; i < req->n_headers; i++) {
        char *name = tf_arena_strdup(a, req->headers[i].name);
        for (char *c = name; *c; c++)
            *c = (char)tolower((unsigned char)*c);
        h[i].name = name;
        h[i].value = sigv4_fold_value(a, req->headers[i].value ? req->headers[i].value : "");
        h[i].order = i;
    }
    qsort(h, req->n_headers, sizeof *h, sigv4_hdr_cmp);

    aws_buf headers, signed_headers;
    aws_buf_init(&headers, a);
    aws_buf_init(&signed_headers, a);
    for (size_t i = 0; i < req->n_headers; i++) {
        if (i > 0 && strcmp(h[i].name, h[i - 1].name) == 0) {
            /* Repeated header: its values join with commas, in order. */
            headers.len--;
            aws_buf_putc(&headers, ',');
            aws_buf_puts(&headers, h[i].value);
            aws_buf_putc(&headers, '\n');
            continue;
        }
        if (signed_headers.len)
            aws_buf_putc(&signed_headers, ';');
        aws_buf_puts(&signed_headers, h[i].name);
        aws_buf_printf(&headers, "%s:%s\n", h[i].name, h[i].value);
    }

    char payload_hash[65];
    sigv4_sha256_hex(req->body, req->body_len, payload_hash);

    aws_buf creq;
    aws_buf_init(&creq, a);
    aws_buf_printf(&creq, "%s\n%s\n%s\n%s\n%s\n%s", req->method,
                   raw_path ? (req->path && *req->path ? req->path : "/")
                                 : sigv4_canonical_path(a, req->path),
                   sigv4_canonical_query(a, req->query), headers.data,
                   signed_headers.data, payload_hash);

    char date[9];
    memcpy(date, key->amz_date, 8);
    date[8] = '\0';
    char *scope = tf_arena_printf(a, "%s/%s/%s/aws4_request", date,
                                  key->region, key->service);
    char creq_hash[65];
    sigv4_sha256_hex(creq.data, creq.len, creq_hash);
    char *sts = tf_arena_printf(a, "AWS4-HMAC-SHA256\n%s\n%s\n%s",
                                key->amz_date, scope, creq_hash);

    /* The signing key: HMAC chain from "AWS4"+secret over the scope parts. */
    unsigned char k[32];
    char *secret = tf_arena_printf(a, "AWS4%s", key->secret_key);
    sigv4_hmac(secret, strlen(secret), date, k);
    memset(secret, 0, strlen(secret));
    sigv4_hmac(k, 32, key->region, k);
    sigv4_hmac(k, 32, key->service, k);
    sigv4_hmac(k, 32, "aws4_request", k);
    unsigned char sig[32];
    sigv4_hmac(k, 32, sts, sig);
    char *sig_hex = tf_arena_alloc(a, 65);
    sigv4_hex(sig, 32, sig_hex);

    out->canonical_request = creq.data;
    out->string_to_sign = sts;
    out->signature = sig_hex;
    out->authorization = tf_arena_printf(
        a, "AWS4-HMAC-SHA256 Credential=%s/%s, SignedHeaders=%s, Signature=%s",
        key->access_key, scope, signed_headers.data, sig_hex);
    return 0;
}

/* http.c - one HTTP exchange over libcurl.
 *
 * The client keeps a small stack of idle easy handles: a request pops one
 * (its live connection to the endpoint comes with it), and pushes it back
 * when done.  Handles are only ever used by one thread at a time, which is
 * all libcurl asks.  Proxies are decided here, not by libcurl's reading of
 * the environment, so the provider's http_proxy/https_proxy/no_proxy win and
 * HTTP_PROXY in upper case works as in the Go SDK.  The system's CA
 * certificates are looked for (ca_bundle.c) once, when the first HTTPS
 * request is about to go out, so plain-HTTP use never depends on them. */
#include "http.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "buf.h"
#include "ca_bundle.h"

#define HTTP_POOL_MAX 16
#define HTTP_MAX_BODY (64u * 1024u * 1024u)
#define HTTP_MAX_HEADERS (256u * 1024u)

struct aws_http {
    aws_http_config cfg;
    char *ca_bundle, *http_proxy, *https_proxy, *no_proxy;
    char *ca_root;
    pthread_mutex_t ca_mu;
    int ca_state;                 /* 0: not looked for; 1: found; -1: none */
    char *ca_file, *ca_dir;       /* what was found */
    aws_error ca_err;             /* why none was */
    CURLSH *share;
    pthread_mutex_t share_mu[CURL_LOCK_DATA_LAST];
    pthread_mutex_t pool_mu;
    CURL *pool[HTTP_POOL_MAX];
    int n_pool;
    http_fake_fn fake;            /* test hook (http_set_fake), else NULL */
    void *fake_ud;
};

static pthread_once_t http_once = PTHREAD_ONCE_INIT;
static CURLcode http_global_rc;

static void http_global_init(void)
{
    http_global_rc = curl_global_init(CURL_GLOBAL_ALL);
}

static void http_lock(CURL *c, curl_lock_data data, curl_lock_access access, void *ud)
{
    (void)c, (void)access;
    aws_http *h = ud;
    pthread_mutex_lock(&h->share_mu[data]);
}

static void http_unlock(CURL *c, curl_lock_data data, void *ud)
{
    (void)c;
    aws_http *h = ud;
    pthread_mutex_unlock(&h->share_mu[data]);
}

static char *dup_or_null(const char *s)
{
    return s && *s ? strdup(s) : NULL;
}

aws_http *http_new(const aws_http_config *cfg, aws_error *err)
{
    pthread_once(&http_once, http_global_init);
    if (http_global_rc != CURLE_OK) {
        aws_error_set(err, AWS_ERR_CONFIG, "HTTPClientError",
                      "libcurl initialisation failed: %s",
                      curl_easy_strerror(http_global_rc));
        return NULL;
    }
    aws_http *h = calloc(1, sizeof *h);
    if (!h) {
        aws_error_set(err, AWS_ERR_CONFIG, "HTTPClientError", "out of memory");
        return NULL;
    }
    h->cfg = *cfg;
    h->ca_bundle = dup_or_null(cfg->ca_bundle);
    h->http_proxy = dup_or_null(cfg->http_proxy);
    h->https_proxy = dup_or_null(cfg->https_proxy);
    h->no_proxy = dup_or_null(cfg->no_proxy);
    h->ca_root = dup_or_null(cfg->ca_root);
    pthread_mutex_init(&h->ca_mu, NULL);
    for (int i = 0; i < CURL_LOCK_DATA_LAST; i++)
        pthread_mutex_init(&h->share_mu[i], NULL);
    pthread_mutex_init(&h->pool_mu, NULL);
    h->share = curl_share_init();
    if (h->share) {
        curl_share_setopt(h->share, CURLSHOPT_LOCKFUNC, http_lock);
        curl_share_setopt(h->share, CURLSHOPT_UNLOCKFUNC, http_unlock);
        curl_share_setopt(h->share, CURLSHOPT_USERDATA, h);
        curl_share_setopt(h->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
        curl_share_setopt(h->share, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
    }
    return h;
}

void http_free(aws_http *h)
{
    if (!h)
        return;
    for (int i = 0; i < h->n_pool; i++)
        curl_easy_cleanup(h->pool[i]);
    if (h->share)
        curl_share_cleanup(h->share);
    for (int i = 0; i < CURL_LOCK_DATA_LAST; i++)
        pthread_mutex_destroy(&h->share_mu[i]);
    pthread_mutex_destroy(&h->pool_mu);
    free(h->ca_bundle);
    free(h->http_proxy);
    free(h->https_proxy);
    free(h->no_proxy);
    free(h->ca_root);
    free(h->ca_file);
    free(h->ca_dir);
    pthread_mutex_destroy(&h->ca_mu);
    free(h);
}

static long long http_mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static __thread long long salvage_until;   /* 0: not salvaging */

void http_salvage_begin(long ms)
{
    salvage_until = http_mono_ms() + (ms > 0 ? ms : 1);
}

void http_salvage_end(void)
{
    salvage_until = 0;
}

void http_set_fake(aws_http *h, http_fake_fn fn, void *ud)
{
    h->fake = fn;
    h->fake_ud = ud;
}

static CURL *http_acquire(aws_http *h)
{
    CURL *c = NULL;
    pthread_mutex_lock(&h->pool_mu);
    if (h->n_pool > 0)
        c = h->pool[--h->n_pool];
    pthread_mutex_unlock(&h->pool_mu);
    if (c)
        curl_easy_reset(c);
    else
        c = curl_easy_init();
    return c;
}

static void http_release(aws_http *h, CURL *c, int keep)
{
    pthread_mutex_lock(&h->pool_mu);
    if (keep && h->n_pool < HTTP_POOL_MAX) {
        h->pool[h->n_pool++] = c;
        c = NULL;
    }
    pthread_mutex_unlock(&h->pool_mu);
    if (c)
        curl_easy_cleanup(c);
}

/* ---- callbacks --------------------------------------------------------- */

typedef struct {
    char *data;
    size_t len, cap;
    int too_big;
    char request_id[128];
    char error_type[256];
    const volatile int *stop;
    const char *body;             /* the request body, read by http_on_read */
    size_t body_len, body_pos;
    int rewound;                  /* libcurl rewound the body to send it again */
    long long salvage_until;      /* salvaging: cut off then, whatever stop says */
    char *hdrs;                   /* the last response's header lines, raw */
    size_t hdrs_len, hdrs_cap;
    int hdrs_too_big;
} http_xfer;

/* The body is handed over through a read callback rather than as
 * POSTFIELDS so that http_on_seek sees libcurl rewind it: libcurl sends a
 * request again by itself when a reused connection closes without an
 * answer, and the caller must know that the first send may have acted. */
static size_t http_on_read(char *buf, size_t size, size_t n, void *ud)
{
    http_xfer *x = ud;
    size_t len = size * n, left = x->body_len - x->body_pos;
    if (len > left)
        len = left;
    memcpy(buf, x->body + x->body_pos, len);
    x->body_pos += len;
    return len;
}

static int http_on_seek(void *ud, curl_off_t offset, int origin)
{
    http_xfer *x = ud;
    if (origin != SEEK_SET || offset < 0 || (curl_off_t)x->body_len < offset)
        return CURL_SEEKFUNC_CANTSEEK;
    x->body_pos = (size_t)offset;
    x->rewound = 1;
    return CURL_SEEKFUNC_OK;
}

static size_t http_on_body(char *p, size_t size, size_t n, void *ud)
{
    http_xfer *x = ud;
    size_t len = size * n;
    if (x->len + len + 1 > HTTP_MAX_BODY) {
        x->too_big = 1;
        return 0;
    }
    if (x->len + len + 1 > x->cap) {
        size_t cap = x->cap ? x->cap : 4096;
        while (cap < x->len + len + 1)
            cap *= 2;
        char *d = realloc(x->data, cap);
        if (!d)
            return 0;
        x->data = d;
        x->cap = cap;
    }
    memcpy(x->data + x->len, p, len);
    x->len += len;
    x->data[x->len] = '\0';
    return len;
}

static void http_copy_value(char *dst, size_t dst_len, const char *v, size_t n)
{
    while (n > 0 && (*v == ' ' || *v == '\t')) {
        v++;
        n--;
    }
    while (n > 0 && (v[n - 1] == '\r' || v[n - 1] == '\n' || v[n - 1] == ' '))
        n--;
    if (n >= dst_len)
        n = dst_len - 1;
    memcpy(dst, v, n);
    dst[n] = '\0';
}

static size_t http_on_header(char *p, size_t size, size_t n, void *ud)
{
    http_xfer *x = ud;
    size_t len = size * n;
    if (len >= 5 && strncmp(p, "HTTP/", 5) == 0) {
        /* A new response (after a 100 or a redirect): forget the last one's. */
        x->request_id[0] = x->error_type[0] = '\0';
        x->hdrs_len = 0;
        x->hdrs_too_big = 0;
        return len;
    }
    if (x->hdrs_len + len + 1 > HTTP_MAX_HEADERS) {
        x->hdrs_too_big = 1;
    } else if (!x->hdrs_too_big) {
        if (x->hdrs_len + len + 1 > x->hdrs_cap) {
            size_t cap = x->hdrs_cap ? x->hdrs_cap : 1024;
            while (cap < x->hdrs_len + len + 1)
                cap *= 2;
            char *d = realloc(x->hdrs, cap);
            if (!d)
                return 0;
            x->hdrs = d;
            x->hdrs_cap = cap;
        }
        memcpy(x->hdrs + x->hdrs_len, p, len);
        x->hdrs_len += len;
        x->hdrs[x->hdrs_len] = '\0';
    }
    const char *colon = memchr(p, ':', len);
    if (!colon)
        return len;
    size_t nl = (size_t)(colon - p);
    const char *v = colon + 1;
    size_t vl = len - nl - 1;
    if ((nl == 16 && strncasecmp(p, "x-amzn-RequestId", nl) == 0) ||
        (nl == 16 && strncasecmp(p, "x-amz-request-id", nl) == 0))
        http_copy_value(x->request_id, sizeof x->request_id, v, vl);
    else if (nl == 16 && strncasecmp(p, "x-amzn-ErrorType", nl) == 0)
        http_copy_value(x->error_type, sizeof x->error_type, v, vl);
    return len;
}

/* The last response's "Name: value" lines as headers (names as sent). */
static void http_split_headers(tf_arena *a, const char *raw, size_t len, http_response *rs)
{
    rs->headers = NULL;
    rs->n_headers = 0;
    if (!raw || !len)
        return;
    size_t cap = 0;
    for (size_t i = 0; i < len; i++)
        cap += raw[i] == '\n';
    http_header *h = tf_arena_calloc(a, cap + 1, sizeof *h);
    size_t n = 0;
    const char *p = raw, *end = raw + len;
    while (p < end && n < cap + 1) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol)
            eol = end;
        const char *colon = memchr(p, ':', (size_t)(eol - p));
        if (colon && colon > p) {
            size_t vl = (size_t)(eol - colon - 1);
            char *v = tf_arena_alloc(a, vl + 1);
            http_copy_value(v, vl + 1, colon + 1, vl);
            h[n].name = tf_arena_strndup(a, p, (size_t)(colon - p));
            h[n].value = v;
            n++;
        }
        p = eol + 1;
    }
    rs->headers = h;
    rs->n_headers = n;
}

static int http_on_progress(void *ud, curl_off_t dt, curl_off_t dn,
                            curl_off_t ut, curl_off_t un)
{
    (void)dt, (void)dn, (void)ut, (void)un;
    http_xfer *x = ud;
    if (x->salvage_until)
        return http_mono_ms() > x->salvage_until;
    return x->stop && *x->stop ? 1 : 0;
}

/* ---- the exchange ------------------------------------------------------ */

static const char *http_proxy_for(aws_http *h, const char *url)
{
    if (strncasecmp(url, "https://", 8) == 0)
        return h->https_proxy ? h->https_proxy : "";
    return h->http_proxy ? h->http_proxy : "";
}

/* Finds the system's CA certificates the first time a request needs them;
 * -1 with err, every time, when there are none. */
static int http_ca_resolve(aws_http *h, aws_error *err)
{
    pthread_mutex_lock(&h->ca_mu);
    if (h->ca_state == 0) {
        tf_arena *a = tf_arena_new();
        aws_ca_paths ca;
        aws_error_clear(&h->ca_err);
        if (ca_bundle_find(a, h->ca_root, &ca, &h->ca_err) == 0) {
            h->ca_file = dup_or_null(ca.file);
            h->ca_dir = dup_or_null(ca.dir);
            h->ca_state = 1;
        } else {
            h->ca_state = -1;
        }
        tf_arena_free(a);
    }
    int ok = h->ca_state == 1;
    if (!ok)
        *err = h->ca_err;
    pthread_mutex_unlock(&h->ca_mu);
    return ok ? 0 : -1;
}

/* Failures where the request certainly never reached the server. */
static int http_never_sent(CURLcode rc)
{
    switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_SSL_CACERT_BADFILE:
        return 1;
    default:
        return 0;
    }
}

/* Failures that another attempt cannot fix. */
static int http_permanent(CURLcode rc)
{
    switch (rc) {
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_ABORTED_BY_CALLBACK:
        return 1;
    default:
        return 0;
    }
}

int http_send(aws_http *h, tf_arena *a, const volatile int *stop,
              const http_request *rq, http_response *rs, aws_error *err)
{
    memset(rs, 0, sizeof *rs);
    if (stop && *stop && !(salvage_until && http_mono_ms() < salvage_until)) {
        aws_error_set(err, AWS_ERR_CANCELLED, "RequestCanceled",
                      "request cancelled: the provider is stopping");
        return -1;
    }
    if (h->fake)
        return h->fake(h->fake_ud, a, rq, rs, err);
    const char *proxy = rq->direct ? "" : http_proxy_for(h, rq->url);
    int tls = strncasecmp(rq->url, "https://", 8) == 0 || strncasecmp(proxy, "https://", 8) == 0;
    int system_ca = tls && !h->ca_bundle && !h->cfg.insecure;
    if (system_ca && http_ca_resolve(h, err) != 0)
        return -1;
    CURL *c = http_acquire(h);
    if (!c) {
        aws_error_set(err, AWS_ERR_NETWORK, "RequestError", "cannot create a curl handle");
        rs->retryable = 1;
        return -1;
    }
    http_xfer x;
    memset(&x, 0, sizeof x);
    x.stop = stop;
    x.salvage_until = salvage_until;

    struct curl_slist *hl = NULL;
    int has_ct = 0;
    for (size_t i = 0; i < rq->n_headers; i++) {
        if (strcasecmp(rq->headers[i].name, "Content-Type") == 0)
            has_ct = 1;
        hl = curl_slist_append(hl, tf_arena_printf(a, "%s: %s", rq->headers[i].name,
                                                   rq->headers[i].value));
    }
    /* No "Expect: 100-continue" round trip; no default form content type. */
    hl = curl_slist_append(hl, "Expect:");
    if (!has_ct)
        hl = curl_slist_append(hl, "Content-Type:");

    curl_easy_setopt(c, CURLOPT_URL, rq->url);
    /* The path as signed: a "." or ".." segment (an ID that reads so) is
     * not squashed into another API's path. */
    curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    if (h->share)
        curl_easy_setopt(c, CURLOPT_SHARE, h->share);
    if (strcmp(rq->method, "GET") == 0) {
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    } else if (strcmp(rq->method, "HEAD") == 0) {
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    } else {
        x.body = rq->body ? rq->body : "";
        x.body_len = rq->body ? rq->body_len : 0;
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_READFUNCTION, http_on_read);
        curl_easy_setopt(c, CURLOPT_READDATA, &x);
        curl_easy_setopt(c, CURLOPT_SEEKFUNCTION, http_on_seek);
        curl_easy_setopt(c, CURLOPT_SEEKDATA, &x);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)x.body_len);
        if (strcmp(rq->method, "POST") != 0)
            curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, rq->method);
    }
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, http_on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &x);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, http_on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &x);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, http_on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &x);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                     rq->connect_timeout_ms ? rq->connect_timeout_ms : h->cfg.connect_timeout_ms);
    long timeout = rq->timeout_ms ? rq->timeout_ms : h->cfg.request_timeout_ms;
    if (x.salvage_until) {
        long left = (long)(x.salvage_until - http_mono_ms());
        timeout = left < 1 ? 1 : left < timeout ? left : timeout;
    }
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout);
    curl_easy_setopt(c, CURLOPT_FRESH_CONNECT, rq->fresh_connection ? 1L : 0L);
    curl_easy_setopt(c, CURLOPT_PROXY, proxy);
    if (!rq->direct && h->no_proxy)
        curl_easy_setopt(c, CURLOPT_NOPROXY, h->no_proxy);
    if (h->ca_bundle) {
        curl_easy_setopt(c, CURLOPT_CAINFO, h->ca_bundle);
        curl_easy_setopt(c, CURLOPT_PROXY_CAINFO, h->ca_bundle);
    } else if (system_ca) {
        /* Read without the lock: written once, before http_ca_resolve's
         * locked read that returned 0. */
        curl_easy_setopt(c, CURLOPT_CAINFO, h->ca_file);
        curl_easy_setopt(c, CURLOPT_CAPATH, h->ca_dir);
        curl_easy_setopt(c, CURLOPT_PROXY_CAINFO, h->ca_file);
        curl_easy_setopt(c, CURLOPT_PROXY_CAPATH, h->ca_dir);
    }
    if (h->cfg.insecure) {
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
    }

    CURLcode rc = curl_easy_perform(c);
    rs->resent = x.rewound;
    int ret = 0;
    if (rc == CURLE_OK) {
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &rs->status);
        rs->body = tf_arena_memdup(a, x.data ? x.data : "", x.len);
        rs->body_len = x.len;
        rs->request_id = x.request_id[0] ? tf_arena_strdup(a, x.request_id) : NULL;
        rs->error_type = x.error_type[0] ? tf_arena_strdup(a, x.error_type) : NULL;
        http_split_headers(a, x.hdrs, x.hdrs_len, rs);
    } else if (rc == CURLE_ABORTED_BY_CALLBACK && stop && *stop) {
        aws_error_set(err, AWS_ERR_CANCELLED, "RequestCanceled",
                      "request cancelled: the provider is stopping");
        rs->maybe_sent = 1;
        ret = -1;
    } else {
        curl_off_t pretransfer = 0;
        curl_easy_getinfo(c, CURLINFO_PRETRANSFER_TIME_T, &pretransfer);
        rs->maybe_sent = !http_never_sent(rc) && pretransfer > 0;
        rs->retryable = !http_permanent(rc) && !x.too_big;
        if (x.too_big)
            aws_error_set(err, AWS_ERR_RESPONSE, "ResponseTooLarge",
                          "response from %s larger than %u bytes", rq->url, HTTP_MAX_BODY);
        else
            aws_error_set(err, AWS_ERR_NETWORK,
                          rc == CURLE_OPERATION_TIMEDOUT ? "RequestTimeoutError" : "RequestError",
                          "%s %s: %s", rq->method, rq->url, curl_easy_strerror(rc));
        ret = -1;
    }
    free(x.data);
    free(x.hdrs);
    curl_slist_free_all(hl);
    /* A handle whose transfer failed may hold a broken connection. */
    http_release(h, c, rc == CURLE_OK);
    return ret;
}

/* ---- URL parts --------------------------------------------------------- */

const char *http_url_host(tf_arena *a, const char *url)
{
    CURLU *u = curl_url();
    char *host = NULL, *port = NULL, *scheme = NULL;
    const char *out = NULL;
    if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK) {
        curl_url_get(u, CURLUPART_PORT, &port, 0);
        int dflt = !port || (strcmp(scheme, "https") == 0 && strcmp(port, "443") == 0) ||
                   (strcmp(scheme, "http") == 0 && strcmp(port, "80") == 0);
        out = dflt ? tf_arena_strdup(a, host) : tf_arena_printf(a, "%s:%s", host, port);
    }
    curl_free(host);
    curl_free(port);
    curl_free(scheme);
    curl_url_cleanup(u);
    return out;
}

const char *http_url_path(tf_arena *a, const char *url)
{
    CURLU *u = curl_url();
    char *path = NULL, *query = NULL;
    const char *out = NULL;
    if (u && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
        curl_url_get(u, CURLUPART_PATH, &path, 0) == CURLUE_OK) {
        curl_url_get(u, CURLUPART_QUERY, &query, 0);
        out = query ? tf_arena_printf(a, "%s?%s", path, query) : tf_arena_strdup(a, path);
    }
    curl_free(path);
    curl_free(query);
    curl_url_cleanup(u);
    return out;
}

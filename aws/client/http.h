/* http.h - libcurl transport with a pool of reusable handles (private).
 *
 * Each pooled easy handle keeps its own live connections, so taking a handle
 * from the pool reuses a warm connection; DNS and TLS sessions are shared
 * between handles.  (libcurl's shared connection cache is documented as not
 * safe between concurrent threads, hence a pool rather than a share.) */
#ifndef AWS_HTTP_H
#define AWS_HTTP_H

#include <stddef.h>

#include "arena.h"
#include "aws.h"

typedef struct aws_http aws_http;

typedef struct {
    const char *ca_bundle;        /* NULL: the system's, found on first HTTPS use */
    const char *ca_root;          /* where to look for the system's: NULL is "/";
                                   * a fake root in tests */
    int insecure;
    const char *http_proxy;       /* already merged config/env; NULL: none */
    const char *https_proxy;
    const char *no_proxy;
    long connect_timeout_ms;
    long request_timeout_ms;
} aws_http_config;

typedef struct {
    const char *name;
    const char *value;
} http_header;

typedef struct {
    const char *method;           /* "GET", "POST", "PUT", "DELETE", "HEAD" */
    const char *url;
    const http_header *headers;
    size_t n_headers;
    const char *body;
    size_t body_len;
    long connect_timeout_ms;      /* 0: the client's */
    long timeout_ms;
    int direct;                   /* never through a proxy (IMDS, ECS) */
    /* On a new connection: on a reused one that the server closes without
     * answering, libcurl sends the request again by itself, which only a
     * call that is safe to repeat may allow. */
    int fresh_connection;
} http_request;

typedef struct {
    long status;
    char *body;                   /* NUL-terminated, in the arena */
    size_t body_len;
    const char *request_id;       /* x-amzn-RequestId / x-amz-request-id */
    const char *error_type;       /* x-amzn-ErrorType */
    const http_header *headers;   /* every header of the answer, as sent */
    size_t n_headers;
    /* On transport failure: */
    int maybe_sent;               /* the server may have seen the request */
    int retryable;                /* worth trying again */
    /* libcurl sent the request a second time by itself (a reused connection
     * closed without an answer): the first send may have been processed. */
    int resent;
} http_response;

/* A test hook: an in-process transport that answers instead of the
 * network (the fuzz targets feed recorded and mutated answers through it).
 * It returns what http_send returns.  The provider never sets one. */
typedef int (*http_fake_fn)(void *ud, tf_arena *a, const http_request *rq,
                            http_response *rs, aws_error *err);
void http_set_fake(aws_http *h, http_fake_fn fn, void *ud);

/* Salvage after a stop: between begin and end, this thread's requests go
 * out although the stop flag is raised, each cut off when ms have passed
 * since begin.  A create whose attempt a stop cut short uses it to find
 * what that attempt made (create_once.c), so the state keeps it. */
void http_salvage_begin(long ms);
void http_salvage_end(void);

/* NULL (with err) if libcurl cannot be set up. */
aws_http *http_new(const aws_http_config *cfg, aws_error *err);
void http_free(aws_http *h);

/* 0 when an HTTP answer came back (whatever its status); -1 with err
 * (AWS_ERR_NETWORK or AWS_ERR_CANCELLED) when none did. */
int http_send(aws_http *h, tf_arena *a, const volatile int *stop,
              const http_request *rq, http_response *rs, aws_error *err);

/* Host header value for url ("host" or "host:port"), and the path+query
 * part ("/" at least); NULL when url does not parse. */
const char *http_url_host(tf_arena *a, const char *url);
const char *http_url_path(tf_arena *a, const char *url);

#endif

/* sigv4.h - AWS Signature Version 4 (private to the client).
 *
 * The signer signs exactly the headers it is given (the caller decides
 * whether X-Amz-Security-Token is part of the signature by adding it before
 * or after).  The path is taken as it appears on the wire before encoding,
 * normalised (dot segments and repeated slashes removed) and URI-encoded
 * once, as every service except S3 expects. */
#ifndef AWS_SIGV4_H
#define AWS_SIGV4_H

#include <stddef.h>

#include "arena.h"

typedef struct {
    const char *name;
    const char *value;
} sigv4_header;

typedef struct {
    const char *method;
    const char *path;               /* "/" when empty */
    const char *query;              /* without '?', NULL or "" for none */
    const sigv4_header *headers;    /* must include Host and X-Amz-Date */
    size_t n_headers;
    const void *body;
    size_t body_len;
} sigv4_request;

typedef struct {
    const char *access_key;
    const char *secret_key;
    const char *region;
    const char *service;            /* signing name, e.g. "ec2" */
    const char *amz_date;           /* "YYYYMMDDTHHMMSSZ" */
} sigv4_key;

typedef struct {
    char *canonical_request;
    char *string_to_sign;
    char *signature;                /* 64 hex digits */
    char *authorization;            /* the Authorization header value */
} sigv4_result;

/* All strings of out live in a.  -1 when the request is unusable (no
 * X-Amz-Date, bad date). */
int sigv4_sign(tf_arena *a, const sigv4_request *req, const sigv4_key *key,
               sigv4_result *out);
/* The same, S3's way when raw_path: the path is already URI-encoded as sent
 * and is signed as it is (no normalisation, no second encoding). */
int sigv4_sign_path(tf_arena *a, const sigv4_request *req, const sigv4_key *key,
                    int raw_path, sigv4_result *out);

/* Lower-case hex SHA-256 of data into hex[65]. */
void sigv4_sha256_hex(const void *data, size_t len, char hex[65]);

/* RFC 3986 encoding of everything but unreserved characters (and '/' when
 * keep_slash), appended into an arena string. */
char *sigv4_uri_encode(tf_arena *a, const char *s, size_t len, int keep_slash);

/* "YYYYMMDDTHHMMSSZ" for t (UTC) into buf[17]. */
void sigv4_amz_date(long long t, char buf[17]);

#endif

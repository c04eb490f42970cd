/* internal.h - what the client's files share and nothing outside uses.
 *
 * The aws_client struct, credentials as values, and the one request
 * pipeline (request.c) that every protocol and every credential source goes
 * through: resolve endpoint, sign, send, turn failures into aws_error, retry. */
#ifndef AWS_INTERNAL_H
#define AWS_INTERNAL_H

#include <pthread.h>

#include "aws.h"
#include "endpoints.h"
#include "http.h"

/* The number of services endpoints.c lists (it checks this at build time). */
#define AWS_N_SERVICES 16

/* A set of credentials; strings live in whichever arena made the copy. */
typedef struct {
    const char *access_key;
    const char *secret_key;
    const char *token;            /* NULL for long-term keys */
    long long expires;            /* unix seconds; 0 = does not expire */
    const char *source;           /* where they came from, for logs */
} aws_creds;

typedef struct cred_node cred_node;

struct aws_client {
    tf_arena *arena;              /* copies living as long as the client */
    const char *region;
    const char *sts_region;
    const aws_partition_info *partition;
    char account_id[32];
    aws_endpoint endpoints[AWS_N_SERVICES];   /* in endpoints_services() order */
    aws_endpoint sts_endpoint;                /* for sts_region */
    int max_retries;
    int retry_base_ms;
    int retry_max_backoff_ms;
    pthread_mutex_t retry_mu;
    int retry_tokens;             /* the SDK's retry quota */
    aws_http *http;
    pthread_mutex_t creds_mu;
    cred_node *creds;             /* the resolved chain */
    const char *creds_tried;      /* sources the chain skipped, and why */
};

/* ---- request pipeline (request.c) -------------------------------------- */

typedef struct {
    const char *service;          /* our id, e.g. "ec2" */
    const char *operation;
    const char *body;
    size_t body_len;
    const char *content_type;
    const char *target;           /* X-Amz-Target (json) */
    int idempotent;               /* safe to repeat even if it was processed */
    int anonymous;                /* send unsigned */
    const aws_creds *creds;       /* sign with these, not the client's chain */
    /* REST protocols (NULL/0 for the POST-to-"/" ones): */
    const char *method;           /* NULL: POST */
    const char *path;             /* appended to the endpoint's path, escaped */
    const char *query;            /* encoded "a=b&c=d", or NULL */
    const http_header *headers;   /* extra headers (signed) */
    size_t n_headers;
    int s3;                       /* S3 signing: path signed as sent, and
                                     x-amz-content-sha256 */
} aws_call;

/* 0 with the 2xx answer in rs; -1 with err (API errors parsed from the
 * body for the service's protocol) after retries. */
int aws_call_send(aws_client *c, tf_arena *a, const volatile int *stop,
                  const aws_call *call, http_response *rs, aws_error *err);

/* 0 for operations that must not be repeated once processed (Create*,
 * Run*, Register*, ...) unless they carry a client token. */
int aws_op_idempotent(const char *op);

/* Errors from an answer's body, per protocol (exposed for tests). */
/* Names the service, operation, request ID and HTTP status of an answer in
 * err (the protocols' own parsers fill in the rest). */
void aws_error_stamp(aws_error *err, const char *service, const char *op,
                     const http_response *rs);
void aws_parse_error(tf_arena *a, aws_protocol proto, const http_response *rs,
                     aws_error *err);

/* Query/ec2 call with explicit credentials (NULL + anonymous for unsigned
 * STS calls); used by the credential sources. */
int aws_query_call_as(aws_client *c, tf_arena *a, const volatile int *stop,
                      const char *service, const char *action,
                      const aws_params *params, const aws_creds *creds,
                      int anonymous, aws_xml_node **out, aws_error *err);

/* ---- retries (retry.c) ------------------------------------------------- */

typedef enum { RETRY_NO, RETRY_THROTTLE, RETRY_TRANSIENT } retry_class;

/* What kind of failure err is (rs may be NULL for transport failures). */
retry_class retry_classify(const aws_error *err, const http_response *rs);
/* Delay before retry number attempt (1-based), full jitter, capped. */
long retry_delay_ms(int attempt, int base_ms, int max_ms);
/* The retry quota: take a token for a retry (0 when exhausted), give back
 * on success. */
int retry_quota_take(aws_client *c, int cost);
void retry_quota_refund(aws_client *c, int amount);
/* Sleeps ms in slices, returning -1 early when stop is raised. */
int retry_sleep(const volatile int *stop, long ms);
/* A test hook: when set, retry_sleep does not sleep but moves aws_mono_ms
 * forward by ms, so retries, waiters and deadlines run at once (the fuzz
 * targets).  Single-threaded use only; the provider never sets it. */
extern int aws_test_virtual_clock;
/* Uniform in [0, 1). */
double retry_random(void);

/* ---- the journal of creates in flight (create_journal.c) --------------- */

typedef struct {
    int fd;                       /* -1: no journal entry */
    const char *path;
    int recovered;                /* a dead process's entry, taken over: */
    const char *token;            /*   the token it sent (or NULL) */
    const char **before;          /*   the snapshot it took */
    size_t n_before, cap_before;
} co_journal;

/* A key for the create made of parts (hex, in a); NULL on failure. */
const char *co_journal_key(tf_arena *a, const char *const *parts, size_t n);
/* Takes the entry for key: an abandoned one (j->recovered, with what it
 * recorded) or a new empty one; j->fd is -1 without a journal. */
void co_journal_open(tf_arena *a, const char *key, co_journal *j);
/* Records, before the first attempt goes out, what a later process needs. */
void co_journal_write(co_journal *j, const char *what, const char *token,
                      const char *const *before, size_t n_before);
/* Ends the entry: removed, or kept (keep) for a later process when an
 * attempt may have acted and its object was not found. */
void co_journal_close(co_journal *j, int keep);
/* After a create that succeeded: removed when the calling thread (the RPC's)
 * ends, so a process killed during the resource's follow-up calls leaves it
 * for the next one. */
void co_journal_settle(co_journal *j);

/* ---- credentials (credentials.c, cred_*.c) ----------------------------- */

/* Builds the chain for cfg; NULL with err when nothing could be configured.
 * The first fetch happens in creds_get. */
cred_node *creds_chain_new(aws_client *c, const aws_config *cfg,
                           aws_error *err);
void creds_chain_free(cred_node *n);
/* The shared config/credentials files cfg (or the environment) names. */
struct aws_profiles *creds_load_profiles(tf_arena *a, const aws_config *cfg);
/* Current credentials (refreshed when close to expiry), copied into a. */
int creds_get(aws_client *c, tf_arena *a, const volatile int *stop,
              aws_creds *out, aws_error *err);

/* Sources that talk to something; each returns credentials in a. */
typedef struct {
    const char *role_arn;
    const char *session_name;
    const char *external_id;
    long duration_s;              /* 0 = service default */
    const char *policy;
    const char *const *policy_arns;
    size_t n_policy_arns;
    const aws_kv *tags;
    size_t n_tags;
    const char *const *transitive_tag_keys;
    size_t n_transitive_tag_keys;
    const char *source_identity;
    /* web identity only */
    const char *web_identity_token;
    const char *web_identity_token_file;
} cred_role;

int cred_assume_role(aws_client *c, tf_arena *a, const volatile int *stop,
                     const aws_creds *base, const cred_role *r, aws_creds *out,
                     aws_error *err);
int cred_web_identity(aws_client *c, tf_arena *a, const volatile int *stop,
                      const cred_role *r, aws_creds *out, aws_error *err);
int cred_process(tf_arena *a, const volatile int *stop, const char *command,
                 aws_creds *out, aws_error *err);
int cred_imds(aws_client *c, tf_arena *a, const volatile int *stop,
              const char *endpoint, aws_creds *out, aws_error *err);
int cred_container(aws_client *c, tf_arena *a, const volatile int *stop,
                   const char *url, const char *auth_token,
                   const char *auth_token_file, aws_creds *out, aws_error *err);

/* RFC 3339 / ISO 8601 UTC time ("2024-05-01T12:00:00Z", fractions and
 * offsets allowed) to unix seconds; -1 when it does not parse. */
long long aws_parse_time(const char *s);
/* Whole file into a (trailing whitespace cut); NULL when unreadable. */
char *aws_read_file(tf_arena *a, const char *path, size_t max);
/* Wall clock, seconds. */
long long aws_now(void);
/* Monotonic clock, milliseconds. */
long long aws_mono_ms(void);

#endif

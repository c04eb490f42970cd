/* aws.h - the AWS client the resources talk to.
 *
 * One aws_client per configured provider: it owns the resolved region,
 * partition, account id, endpoints, the credential chain (refreshed on its
 * own) and a pool of HTTP connections.  It is safe to use from several
 * threads at once.  Every call takes the caller's per-RPC arena (all results
 * live there), the provider's stop flag (raised by StopProvider: the call
 * returns promptly with an AWS_ERR_CANCELLED error) and an aws_error that is
 * filled in when the call returns -1.
 *
 *   aws_params *p = aws_params_new(arena);
 *   aws_params_add(p, "VpcId.1", id);
 *   aws_xml_node *out;
 *   if (aws_query_call(c, arena, stop, "ec2", "DescribeVpcs", p, &out, &err))
 *       return aws_error_is(&err, "InvalidVpcID.NotFound") ? NOT_FOUND : FAIL;
 *   for (const aws_xml_node *v = aws_xml_first(out, "vpcSet/item"); v; v = aws_xml_next(v))
 *       ... aws_xml_text(v, "cidrBlock") ...
 *
 * Services are named by their short ids: "ec2", "elbv2", "ecs",
 * "autoscaling", "sts", "iam". */
#ifndef AWS_CLIENT_H
#define AWS_CLIENT_H

#include <stddef.h>

#include <jansson.h>

#include "arena.h"

/* ---- errors ------------------------------------------------------------ */

typedef enum {
    AWS_OK = 0,
    AWS_ERR_API,          /* the service answered with an error code */
    AWS_ERR_NETWORK,      /* no usable answer: DNS, connect, TLS, timeout */
    AWS_ERR_CANCELLED,    /* the stop flag was raised */
    AWS_ERR_TIMEOUT,      /* a waiter's deadline passed */
    AWS_ERR_CREDENTIALS,  /* no credentials, or a credential source failed */
    AWS_ERR_CONFIG,       /* invalid configuration (region, endpoint, ...) */
    AWS_ERR_RESPONSE,     /* the answer could not be understood */
} aws_error_kind;

/* One error as a plain value: no pointers, safe to copy. */
typedef struct aws_error {
    aws_error_kind kind;
    int http_status;        /* 0 when there was no HTTP answer */
    char code[128];         /* AWS code, e.g. "InvalidVpcID.NotFound" */
    char message[2048];
    char request_id[128];
    char service[32];       /* "ec2", ... when the error came from a call */
    char operation[64];
    /* Whether AWS acted is unknown: the call gave up after an attempt that
     * may have been processed (a 5xx, a connection lost or a read timeout
     * after the request was sent). */
    int outcome_unknown;
    /* An earlier attempt of this call may have been processed; this error
     * comes from a later one (a NotFound after a delete, a Duplicate after
     * a create may be the earlier attempt's doing). */
    int earlier_attempt_unknown;
} aws_error;

void aws_error_clear(aws_error *e);
void aws_error_set(aws_error *e, aws_error_kind kind, const char *code,
                   const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* True when e is an API error with exactly this code. */
int aws_error_is(const aws_error *e, const char *code);
/* True for the "does not exist" family: *.NotFound, *NotFound,
 * *NotFoundException, ... */
int aws_error_is_not_found(const aws_error *e);
/* Human form, like the Go SDK's: "operation error EC2: CreateVpc, https
 * response error StatusCode: 400, RequestID: ..., api error Code: msg". */
const char *aws_error_string(const aws_error *e, tf_arena *a);

/* ---- configuration ----------------------------------------------------- */

typedef struct {
    const char *key;
    const char *value;
} aws_kv;

typedef struct {
    const char *role_arn;
    const char *session_name;      /* NULL: generated */
    const char *external_id;
    const char *duration;          /* Go duration ("1h", "15m"); NULL: 15m */
    const char *policy;
    const char *const *policy_arns;
    size_t n_policy_arns;
    const aws_kv *tags;
    size_t n_tags;
    const char *const *transitive_tag_keys;
    size_t n_transitive_tag_keys;
    const char *source_identity;
} aws_assume_role;

typedef struct {
    const char *role_arn;
    const char *session_name;
    const char *web_identity_token;       /* the token itself, or */
    const char *web_identity_token_file;  /* a file holding it (re-read) */
    const char *duration;
    const char *policy;
    const char *const *policy_arns;
    size_t n_policy_arns;
} aws_assume_role_web_identity;

/* Everything the provider block can say.  Start from aws_config_init(): a
 * NULL string or 0 count means "not set". */
typedef struct {
    const char *region;
    const char *access_key;
    const char *secret_key;
    const char *token;
    const char *profile;
    const char *const *shared_config_files;
    size_t n_shared_config_files;
    const char *const *shared_credentials_files;
    size_t n_shared_credentials_files;
    const aws_assume_role *assume_role;   /* applied in order (chaining) */
    size_t n_assume_role;
    const aws_assume_role_web_identity *assume_role_with_web_identity;
    const aws_kv *endpoints;              /* service key ("ec2", "elbv2",
                                             "sts", ...) -> URL */
    size_t n_endpoints;
    int max_retries;                      /* -1 (unset): AWS_MAX_ATTEMPTS - 1,
                                             else 25; 0 = never retry */
    const char *retry_mode;               /* "standard" | "adaptive" */
    const char *custom_ca_bundle;
    int insecure;
    const char *http_proxy;
    const char *https_proxy;
    const char *no_proxy;
    const char *ec2_metadata_service_endpoint;
    const char *ec2_metadata_service_endpoint_mode; /* "IPv4" | "IPv6" */
    int skip_credentials_validation;
    int skip_region_validation;
    int skip_requesting_account_id;
    int skip_metadata_api_check;          /* -1 unset, 0 false, 1 true */
    const char *sts_region;
    int use_fips_endpoint;
    int use_dualstack_endpoint;
    /* Tuning that the provider block cannot set (tests use it); 0 = default. */
    int retry_base_delay_ms;              /* backoff unit, default 1000 */
    int retry_max_backoff_ms;             /* default 20000 */
    int connect_timeout_ms;               /* default 10000 */
    int request_timeout_ms;               /* default 300000 */
} aws_config;

void aws_config_init(aws_config *cfg);

/* ---- the client -------------------------------------------------------- */

typedef struct aws_client aws_client;

typedef struct {
    const char *id;                  /* "aws", "aws-cn", "aws-us-gov", ... */
    const char *dns_suffix;          /* "amazonaws.com", ... */
    const char *dualstack_dns_suffix;
} aws_partition;

/* Resolves region, credentials and endpoints, and (unless skipped) calls
 * sts:GetCallerIdentity.  NULL on failure, with err filled in.  The config is
 * copied; stop may be NULL. */
aws_client *aws_client_new(const aws_config *cfg, const volatile int *stop,
                           aws_error *err);
void aws_client_free(aws_client *c);
const char *aws_client_region(const aws_client *c);
const char *aws_client_account_id(const aws_client *c); /* "" if unknown */
const aws_partition *aws_client_partition(const aws_client *c);

/* ---- XML responses ----------------------------------------------------- */

typedef struct aws_xml_node {
    const char *name;                 /* local name, namespace prefix cut */
    const char *text;                 /* character data, never NULL */
    struct aws_xml_node *parent;
    struct aws_xml_node *children;    /* first child */
    struct aws_xml_node *next;        /* next sibling */
} aws_xml_node;

/* Parses a whole document into the arena; -1 (err kind AWS_ERR_RESPONSE)
 * for anything malformed or truncated. */
int aws_xml_parse(tf_arena *a, const char *buf, size_t len,
                  aws_xml_node **root, aws_error *err);
/* path is "a/b/c": the first child named a, its first child named b, ... */
const aws_xml_node *aws_xml_child(const aws_xml_node *n, const char *path);
/* Text at path; NULL when the element is absent. */
const char *aws_xml_text(const aws_xml_node *n, const char *path);
/* Iteration: the first element at path ("vpcSet/item"), then the following
 * siblings with the same name. */
const aws_xml_node *aws_xml_first(const aws_xml_node *n, const char *path);
const aws_xml_node *aws_xml_next(const aws_xml_node *n);
/* "true"/"false" at path, else dflt. */
int aws_xml_bool(const aws_xml_node *n, const char *path, int dflt);
/* Integer at path, else dflt. */
long long aws_xml_int(const aws_xml_node *n, const char *path, long long dflt);

/* ---- query / ec2 protocol ---------------------------------------------- */

typedef struct aws_params aws_params;

aws_params *aws_params_new(tf_arena *a);
/* Adds name=value (both copied); a NULL value is skipped.  Setting a name
 * that is already there replaces its value. */
void aws_params_add(aws_params *p, const char *name, const char *value);
void aws_params_addf(aws_params *p, const char *name, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A name built with printf, in the params' arena:
 *   aws_params_add(p, aws_params_key(p, "Filter.%d.Name", i), "vpc-id"); */
const char *aws_params_key(aws_params *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
const char *aws_params_get(const aws_params *p, const char *name);

/* How lists are flattened: ec2 "Name.N", query "Name.member.N". */
typedef enum { AWS_LIST_EC2, AWS_LIST_MEMBER } aws_list_style;
/* prefix.1 .. prefix.n (ec2) or prefix.member.1 .. (query). */
void aws_params_list(aws_params *p, aws_list_style style, const char *prefix,
                     const char *const *values, size_t n);
/* A list of {Key, Value} structures (tags): prefix.N.Key / prefix.N.Value, or
 * prefix.member.N.Key / ... */
void aws_params_tags(aws_params *p, aws_list_style style, const char *prefix,
                     const aws_kv *tags, size_t n);
/* A query map: prefix.entry.N.key / prefix.entry.N.value. */
void aws_params_map(aws_params *p, const char *prefix, const aws_kv *kv,
                    size_t n);

/* Calls Action on an ec2 or query service.  On success *out is the output
 * shape: for ec2 the <ActionResponse> root, for query services its
 * <ActionResult> child. */
int aws_query_call(aws_client *c, tf_arena *a, const volatile int *stop,
                   const char *service, const char *action,
                   const aws_params *params, aws_xml_node **out,
                   aws_error *err);

/* Pagination: called once per page; return 0 to go on, 1 to stop early,
 * -1 to fail (after filling err). */
typedef int (*aws_xml_page_fn)(void *ud, const aws_xml_node *page,
                               aws_error *err);
/* Repeats the call while the output has a token at token_path ("nextToken",
 * "NextMarker", "NextToken"), passing it as input token_param ("NextToken",
 * "Marker").  params is modified (the token is set in it). */
int aws_query_pages(aws_client *c, tf_arena *a, const volatile int *stop,
                    const char *service, const char *action, aws_params *params,
                    const char *token_param, const char *token_path,
                    aws_xml_page_fn fn, void *ud, aws_error *err);

/* ---- json 1.1 protocol ------------------------------------------------- */

/* Calls operation with in (borrowed; NULL = {}).  On success *out is a new
 * reference the caller must json_decref. */
int aws_json_call(aws_client *c, tf_arena *a, const volatile int *stop,
                  const char *service, const char *operation, json_t *in,
                  json_t **out, aws_error *err);

/* The string member key of a JSON object copied into a, or NULL. */
const char *aws_json_str(tf_arena *a, const json_t *obj, const char *key);

typedef int (*aws_json_page_fn)(void *ud, json_t *page, aws_error *err);
/* Like aws_query_pages; token_field is the same name in input and output
 * ("nextToken").  in is modified (the token is set in it). */
int aws_json_pages(aws_client *c, tf_arena *a, const volatile int *stop,
                   const char *service, const char *operation, json_t *in,
                   const char *token_field, aws_json_page_fn fn, void *ud,
                   aws_error *err);

/* ---- rest-xml protocol (protocol_restxml.c: route53, s3) ---------------- */

/* One REST-XML request.  The path is sent as given: escape each label the
 * caller puts in it with aws_uri_escape ("/2013-04-01/hostedzone/" +
 * aws_uri_escape(a, id, 0)).  Query values are raw (encoded here); a NULL
 * value is skipped, "" gives "name=" (S3's "?tagging" is {"tagging", ""}).
 * Header names are sent as given; values must be ASCII. */
typedef struct {
    const char *method;               /* "GET", "POST", "PUT", "DELETE", "HEAD" */
    const char *path;                 /* "/2013-04-01/hostedzone", "/bucket" */
    const aws_kv *query;
    size_t n_query;
    const aws_kv *headers;
    size_t n_headers;
    const char *body;                 /* NULL: no body */
    size_t body_len;                  /* 0 with a body: strlen(body) */
    const char *content_type;         /* NULL: "application/xml" with a body */
    /* Whether a repeat of a processed attempt is harmless: 0 = by the
     * operation's name (aws_op_idempotent: Create* is not), 1 = yes (a GET,
     * an UPSERT, a create carrying CallerReference), -1 = no. */
    int idempotent;
} aws_rest_request;

typedef struct {
    int status;                       /* HTTP status (2xx on success) */
    aws_xml_node *doc;                /* the body's root element (e.g.
                                         <GetHostedZoneResponse>); NULL for an
                                         empty or non-XML body */
    const aws_kv *headers;            /* every response header, as sent */
    size_t n_headers;
    const char *body;                 /* raw body, NUL-terminated, never NULL */
    size_t body_len;
} aws_rest_response;

/* Sends rq to service ("route53", "s3"), signed (SigV4; for s3 with
 * x-amz-content-sha256 and the path signed as sent), retried under the
 * standard policy, cancelled by stop.  0 with *out filled for a 2xx; -1
 * with err otherwise: API errors come from the error document
 * (<ErrorResponse><Error><Code> for route53, <Error><Code> for s3; an empty
 * HEAD answer is named by its status: "NotFound", "Forbidden", ...),
 * err->http_status set; operation only names the call in errors and logs. */
int aws_restxml_call(aws_client *c, tf_arena *a, const volatile int *stop,
                     const char *service, const char *operation,
                     const aws_rest_request *rq, aws_rest_response *out,
                     aws_error *err);
/* RFC 3986 escaping of s (everything but A-Za-z0-9-._~, and '/' when
 * keep_slash) for a URI path label, in a. */
char *aws_uri_escape(tf_arena *a, const char *s, int keep_slash);
/* A response header's value by name (case-insensitive), or NULL. */
const char *aws_rest_header(const aws_rest_response *r, const char *name);
/* XML text escaping (&, <, >, ", ') of s, in a, for building bodies. */
char *aws_xml_escape(tf_arena *a, const char *s);

/* ---- creates that happen once (create_once.c) ---------------------------- */

/* Looks for what a create makes: fills *ids (in a) with the ids of the
 * objects matching what the create made unique, *n with their number (0 when
 * there is none); 0, or -1 with err.  A call that makes no object of its own
 * (an attachment, rules) gives "" for "it is there". */
typedef int (*aws_create_lookup_fn)(void *ud, tf_arena *a, const char ***ids, size_t *n,
                                    aws_error *err);

typedef struct aws_create_once {
    const char *service;              /* "ec2" */
    const char *operation;            /* "CreateVpc": must be in create_once.c's table */
    aws_create_lookup_fn lookup;      /* required unless the table gives a token */
    void *ud;
    /* Repeat while the create fails with one of these codes (something it
     * refers to is not visible yet), for up to retry_timeout_s. */
    const char *const *retry_codes;   /* NULL-terminated, or NULL */
    int (*retry_when)(const void *retry_ud, const aws_error *err);   /* or NULL */
    const void *retry_ud;
    double retry_timeout_s;
} aws_create_once;

/* Calls a create so that it acts at most once, retried under the standard
 * policy whatever its attempts' outcomes (see create_once.c).  0 on success:
 * either the create answered (*out set, *adopted NULL) or an earlier attempt
 * had acted and its object was found (*out NULL, *adopted its id). */
int aws_create_once_query(aws_client *c, tf_arena *a, const volatile int *stop,
                          const aws_create_once *spec, aws_params *params, aws_xml_node **out,
                          const char **adopted, aws_error *err);
/* The same for a json service; *out (NULL when adopted) is the caller's to
 * json_decref.  in gains the token member when the table gives one. */
int aws_create_once_json(aws_client *c, tf_arena *a, const volatile int *stop,
                         const aws_create_once *spec, json_t *in, json_t **out,
                         const char **adopted, aws_error *err);
/* The same for a rest-xml service (route53): the caller puts any token
 * (CallerReference) in the body itself; *out's doc is NULL when adopted. */
int aws_create_once_restxml(aws_client *c, tf_arena *a, const volatile int *stop,
                            const aws_create_once *spec, const aws_rest_request *rq,
                            aws_rest_response *out, const char **adopted, aws_error *err);
/* The idempotency token member the table gives an operation, or NULL. */
const char *aws_create_once_token_member(const char *service, const char *operation);
/* A random UUID (version 4), the form AWS's client tokens take. */
void aws_client_token(char out[37]);

/* ---- waiters ----------------------------------------------------------- */

typedef enum { AWS_WAIT_DONE, AWS_WAIT_CONTINUE, AWS_WAIT_FAIL } aws_wait_status;

/* One poll.  On AWS_WAIT_FAIL fill err.  On AWS_WAIT_CONTINUE the callback
 * may describe the state it saw in state (e.g. "pending"): the timeout error
 * then says "last state: pending". */
typedef aws_wait_status (*aws_wait_fn)(void *ud, char *state, size_t state_len,
                                       aws_error *err);

/* Polls fn at once, then after 200 ms, doubling up to 5 s (+-20% jitter),
 * until DONE (returns 0), FAIL (-1), the deadline (-1, AWS_ERR_TIMEOUT) or
 * stop (-1, AWS_ERR_CANCELLED). */
int aws_wait(const volatile int *stop, double timeout_seconds, aws_wait_fn fn,
             void *ud, aws_error *err);

#endif

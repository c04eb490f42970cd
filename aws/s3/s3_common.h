/* s3_common.h - what the S3 resources share: one REST-XML call on a bucket
 * (path-style "/<bucket>" plus a sub-resource such as "?acl"), the bucket
 * name checks, and hashicorp/aws's retry of calls made right after a
 * bucket was created (NoSuchBucket while it becomes visible). */
#ifndef AWS_S3_COMMON_H
#define AWS_S3_COMMON_H

#include "aws.h"
#include "schema.h"

typedef struct s3_req {
    const char *method;        /* "GET", "PUT", ... */
    const char *bucket;
    const char *key;           /* object key or NULL */
    const char *subresource;   /* "acl", "policy", ... or NULL */
    const aws_kv *query;       /* more query parameters */
    size_t n_query;
    const aws_kv *headers;
    size_t n_headers;
    const char *body;          /* NULL: none */
    const char *content_type;  /* NULL: application/xml with a body */
} s3_req;

/* The REST request of rq (path-style path, sub-resource first in the
 * query, Content-MD5 of the body), in a. */
void s3_rest_request(tf_arena *a, const s3_req *rq, aws_rest_request *r);

/* One S3 call.  With retry_new, NoSuchBucket is retried for up to two
 * minutes (a bucket just created may not be visible yet).  Adds
 * Content-MD5 to every request with a body (S3 requires it, or a checksum,
 * on PutBucketAcl, PutBucketOwnershipControls, DeleteObjects, ...). */
int s3_call(aws_client *c, tf_arena *a, const volatile int *stop, const char *operation,
            const s3_req *rq, int retry_new, aws_rest_response *out, aws_error *err);

/* The type of an ACL grantee.  S3 sends it only as the xsi:type attribute,
 * which the client's XML tree does not keep; it is also fixed by which
 * identifier the grantee has: ID (CanonicalUser), URI (Group) or
 * EmailAddress (AmazonCustomerByEmail). */
const char *s3_grantee_type(const aws_xml_node *grantee);

/* The partition's S3 host suffix ("amazonaws.com"). */
const char *s3_dns_suffix(const aws_client *c);

#endif

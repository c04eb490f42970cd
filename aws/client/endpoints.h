/* endpoints.h - services, partitions and endpoint resolution (private).
 *
 * The facts come from botocore's endpoints.json/partitions.json and are
 * compiled in (the binary must not need those files at run time): one row
 * per partition (region pattern, DNS suffixes, known regions) and one per
 * service the provider uses, plus the few exceptions these services have
 * (IAM's global endpoints, STS's aws-global, GovCloud FIPS hostnames). */
#ifndef AWS_ENDPOINTS_H
#define AWS_ENDPOINTS_H

#include "arena.h"
#include "aws.h"

typedef enum { AWS_PROTO_EC2, AWS_PROTO_QUERY, AWS_PROTO_JSON, AWS_PROTO_REST_XML } aws_protocol;

typedef struct {
    const char *id;               /* our short name: "ec2", "elbv2", ... */
    const char *endpoint_prefix;  /* hostname label */
    const char *signing_name;
    const char *sdk_id;           /* serviceId: AWS_ENDPOINT_URL_<SDK_ID> */
    const char *config_keys[3];   /* keys of the provider's endpoints block */
    aws_protocol protocol;
    const char *api_version;
    const char *target_prefix;    /* json: X-Amz-Target prefix */
} aws_service;

typedef struct {
    aws_partition pub;
    const char *region_regex;     /* POSIX ERE */
    const char *const *regions;   /* NULL-terminated */
} aws_partition_info;

typedef struct {
    const char *url;              /* scheme://host[:port][/path] */
    const char *signing_region;
    int overridden;               /* came from config or environment */
} aws_endpoint;

/* NULL for an unknown service id. */
const aws_service *endpoints_service(const char *id);
/* Every known service, NULL-terminated. */
const aws_service *const *endpoints_services(void);
/* The partition whose region list or pattern has region; "aws" otherwise. */
const aws_partition_info *endpoints_partition(const char *region);
/* The partition by id ("aws-cn"), NULL when unknown. */
const aws_partition_info *endpoints_partition_by_id(const char *id);
/* 1 when region is a region AWS publishes (any partition). */
int endpoints_region_known(const char *region);

typedef struct {
    const char *region;
    int fips;
    int dualstack;
    const aws_kv *overrides;      /* the provider's endpoints block */
    size_t n_overrides;
} aws_endpoint_params;

/* Config override, then AWS_ENDPOINT_URL_<SDK_ID>, then AWS_ENDPOINT_URL,
 * then the partition's hostname rules. */
int endpoints_resolve(tf_arena *a, const aws_service *svc,
                      const aws_endpoint_params *p, aws_endpoint *out,
                      aws_error *err);

#endif

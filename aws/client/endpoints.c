/* endpoints.c - where each service of each region answers.
 *
 * The default rule of every partition is https://{service}.{region}.{dns},
 * with "{service}-fips" for FIPS and the dual-stack DNS suffix for
 * dual-stack.  The services this provider calls only break that rule in a
 * few places, listed below as exceptions rather than copying the whole
 * endpoints.json: IAM is global (one hostname per partition, signed in a
 * fixed region), STS has the "aws-global" pseudo-region, and in GovCloud
 * the FIPS endpoints of ec2/elb/autoscaling/sts are the standard hostnames. */
#include "endpoints.h"
#include "internal.h"

#include <ctype.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

static const char *const regions_aws[] = {
    "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2",
    "ap-northeast-3", "ap-south-1", "ap-south-2", "ap-southeast-1",
    "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
    "ap-southeast-6", "ap-southeast-7", "ca-central-1", "ca-west-1",
    "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2",
    "eu-west-1", "eu-west-2", "eu-west-3", "il-central-1", "me-central-1",
    "me-south-1", "mx-central-1", "sa-east-1", "us-east-1", "us-east-2",
    "us-west-1", "us-west-2", NULL};
static const char *const regions_cn[] = {"cn-north-1", "cn-northwest-1", NULL};
static const char *const regions_gov[] = {"us-gov-east-1", "us-gov-west-1", NULL};
static const char *const regions_iso[] = {"us-iso-east-1", "us-iso-west-1", NULL};
static const char *const regions_isob[] = {"us-isob-east-1", "us-isob-west-1", NULL};
static const char *const regions_isoe[] = {"eu-isoe-west-1", NULL};
static const char *const regions_isof[] = {"us-isof-east-1", "us-isof-south-1", NULL};
static const char *const regions_eusc[] = {"eusc-de-east-1", NULL};

#define REGION_TAIL "-[[:alnum:]_]+-[0-9]+$"

static const aws_partition_info partitions[] = {
    {{"aws", "amazonaws.com", "api.aws"},
     "^(us|eu|ap|sa|ca|me|af|il|mx)" REGION_TAIL, regions_aws},
    {{"aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn"},
     "^cn" REGION_TAIL, regions_cn},
    {{"aws-us-gov", "amazonaws.com", "api.aws"}, "^us-gov" REGION_TAIL, regions_gov},
    {{"aws-iso", "c2s.ic.gov", "api.aws.ic.gov"}, "^us-iso" REGION_TAIL, regions_iso},
    {{"aws-iso-b", "sc2s.sgov.gov", "api.aws.scloud"}, "^us-isob" REGION_TAIL, regions_isob},
    {{"aws-iso-e", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk"}, "^eu-isoe" REGION_TAIL, regions_isoe},
    {{"aws-iso-f", "csp.hci.ic.gov", "api.aws.hci.ic.gov"}, "^us-isof" REGION_TAIL, regions_isof},
    {{"aws-eusc", "amazonaws.eu", "api.amazonwebservices.eu"}, "^eusc-(de)" REGION_TAIL, regions_eusc},
};
#define N_PARTITIONS (sizeof partitions / sizeof partitions[0])

static const aws_service services[] = {
    {"ec2", "ec2", "ec2", "EC2", {"ec2"}, AWS_PROTO_EC2, "2016-11-15", NULL},
    {"elbv2", "elasticloadbalancing", "elasticloadbalancing",
     "ELASTIC_LOAD_BALANCING_V2", {"elbv2", "elasticloadbalancingv2"},
     AWS_PROTO_QUERY, "2015-12-01", NULL},
    {"ecs", "ecs", "ecs", "ECS", {"ecs"}, AWS_PROTO_JSON, "2014-11-13",
     "AmazonEC2ContainerServiceV20141113"},
    {"autoscaling", "autoscaling", "autoscaling", "AUTO_SCALING", {"autoscaling"},
     AWS_PROTO_QUERY, "2011-01-01", NULL},
    {"sts", "sts", "sts", "STS", {"sts"}, AWS_PROTO_QUERY, "2011-06-15", NULL},
    {"iam", "iam", "iam", "IAM", {"iam"}, AWS_PROTO_QUERY, "2010-05-08", NULL},
    {"logs", "logs", "logs", "CLOUDWATCH_LOGS", {"logs", "cloudwatchlogs", "cloudwatchlog"},
     AWS_PROTO_JSON, "2014-03-28", "Logs_20140328"},
    /* CloudWatch in awsQuery, as hashicorp/aws 5.100.0's SDK speaks it. */
    {"cloudwatch", "monitoring", "monitoring", "CLOUDWATCH", {"cloudwatch"},
     AWS_PROTO_QUERY, "2010-08-01", NULL},
    {"ssm", "ssm", "ssm", "SSM", {"ssm"}, AWS_PROTO_JSON, "2014-11-06", "AmazonSSM"},
    {"appautoscaling", "application-autoscaling", "application-autoscaling",
     "APPLICATION_AUTO_SCALING", {"appautoscaling", "applicationautoscaling"}, AWS_PROTO_JSON,
     "2016-02-06", "AnyScaleFrontendService"},
    {"secretsmanager", "secretsmanager", "secretsmanager", "SECRETS_MANAGER", {"secretsmanager"},
     AWS_PROTO_JSON, "2017-10-17", "secretsmanager"},
    {"elasticache", "elasticache", "elasticache", "ELASTICACHE", {"elasticache"},
     AWS_PROTO_QUERY, "2015-02-02", NULL},
    {"redshift", "redshift", "redshift", "REDSHIFT", {"redshift"}, AWS_PROTO_QUERY,
     "2012-12-01", NULL},
    {"acm", "acm", "acm", "ACM", {"acm"}, AWS_PROTO_JSON, "2015-12-08", "CertificateManager"},
    /* REST-XML (protocol_restxml.c).  Route 53 is global like IAM. */
    {"route53", "route53", "route53", "ROUTE_53", {"route53"}, AWS_PROTO_REST_XML,
     "2013-04-01", NULL},
    {"s3", "s3", "s3", "S3", {"s3", "s3api"}, AWS_PROTO_REST_XML, "2006-03-01", NULL},
};
#define N_SERVICES (sizeof services / sizeof services[0])

/* IAM's one endpoint per partition and the region it is signed in. */
typedef struct {
    const char *partition;
    const char *host;
    const char *fips_host;
    const char *dualstack_host;
    const char *signing_region;
} global_endpoint;

static const global_endpoint iam_endpoints[] = {
    {"aws", "iam.amazonaws.com", "iam-fips.amazonaws.com", "iam.global.api.aws", "us-east-1"},
    {"aws-cn", "iam.cn-north-1.amazonaws.com.cn", NULL, NULL, "cn-north-1"},
    {"aws-us-gov", "iam.us-gov.amazonaws.com", "iam.us-gov.amazonaws.com", NULL, "us-gov-west-1"},
    {"aws-iso", "iam.us-iso-east-1.c2s.ic.gov", NULL, NULL, "us-iso-east-1"},
    {"aws-iso-b", "iam.us-isob-east-1.sc2s.sgov.gov", NULL, NULL, "us-isob-east-1"},
    {"aws-iso-f", "iam.us-isof-south-1.csp.hci.ic.gov", NULL, NULL, "us-isof-south-1"},
};

/* Route 53's (endpoints.json: not regionalized, one partition endpoint;
 * in China the host hashicorp/aws sets, the SDK lacking one). */
static const global_endpoint route53_endpoints[] = {
    {"aws", "route53.amazonaws.com", "route53-fips.amazonaws.com", NULL, "us-east-1"},
    {"aws-cn", "api.route53.cn", NULL, NULL, "cn-northwest-1"},
    {"aws-us-gov", "route53.us-gov.amazonaws.com", "route53.us-gov.amazonaws.com", NULL,
     "us-gov-west-1"},
    {"aws-iso", "route53.c2s.ic.gov", NULL, NULL, "us-iso-east-1"},
    {"aws-iso-b", "route53.sc2s.sgov.gov", NULL, NULL, "us-isob-east-1"},
    {"aws-iso-e", "route53.cloud.adc-e.uk", NULL, NULL, "eu-isoe-west-1"},
    {"aws-iso-f", "route53.csp.hci.ic.gov", NULL, NULL, "us-isof-south-1"},
};

/* GovCloud services whose FIPS endpoint is the standard hostname. */
static const char *const gov_fips_is_standard[] = {
    "ec2", "elasticloadbalancing", "autoscaling", "sts", NULL};

const aws_service *endpoints_service(const char *id)
{
    if (!id)
        return NULL;
    for (size_t i = 0; i < N_SERVICES; i++)
        if (strcmp(services[i].id, id) == 0)
            return &services[i];
    return NULL;
}

const aws_service *const *endpoints_services(void)
{
    static const aws_service *const list[] = {
        &services[0], &services[1], &services[2], &services[3], &services[4],
        &services[5], &services[6], &services[7], &services[8], &services[9], &services[10],
        &services[11], &services[12], &services[13], &services[14], &services[15], NULL};
    _Static_assert(sizeof list / sizeof list[0] == N_SERVICES + 1,
                   "every service is listed");
    /* the client keeps one endpoint per service, in this order */
    _Static_assert(N_SERVICES == AWS_N_SERVICES, "AWS_N_SERVICES (internal.h) counts them");
    return list;
}

static int partition_lists(const aws_partition_info *p, const char *region)
{
    for (const char *const *r = p->regions; *r; r++)
        if (strcmp(*r, region) == 0)
            return 1;
    return 0;
}

static int partition_matches(const aws_partition_info *p, const char *region)
{
    regex_t re;
    if (regcomp(&re, p->region_regex, REG_EXTENDED | REG_NOSUB) != 0)
        return 0;
    int ok = regexec(&re, region, 0, NULL, 0) == 0;
    regfree(&re);
    return ok;
}

const aws_partition_info *endpoints_partition(const char *region)
{
    if (region) {
        for (size_t i = 0; i < N_PARTITIONS; i++)
            if (partition_lists(&partitions[i], region))
                return &partitions[i];
        for (size_t i = 0; i < N_PARTITIONS; i++)
            if (partition_matches(&partitions[i], region))
                return &partitions[i];
    }
    return &partitions[0];
}

const aws_partition_info *endpoints_partition_by_id(const char *id)
{
    for (size_t i = 0; id && i < N_PARTITIONS; i++)
        if (strcmp(partitions[i].pub.id, id) == 0)
            return &partitions[i];
    return NULL;
}

int endpoints_region_known(const char *region)
{
    for (size_t i = 0; region && i < N_PARTITIONS; i++)
        if (partition_lists(&partitions[i], region))
            return 1;
    return 0;
}

/* ---- overrides --------------------------------------------------------- */

static int url_usable(const char *url)
{
    if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
        return 0;
    const char *host = strstr(url, "://") + 3;
    return *host && *host != '/';
}

static const char *override_lookup(const aws_service *svc,
                                   const aws_endpoint_params *p,
                                   const char **source, tf_arena *a)
{
    for (size_t k = 0; k < 3 && svc->config_keys[k]; k++)
        for (size_t i = 0; i < p->n_overrides; i++)
            if (p->overrides[i].key && p->overrides[i].value &&
                *p->overrides[i].value &&
                strcmp(p->overrides[i].key, svc->config_keys[k]) == 0) {
                *source = tf_arena_printf(a, "endpoints.%s", svc->config_keys[k]);
                return p->overrides[i].value;
            }
    char *env = tf_arena_printf(a, "AWS_ENDPOINT_URL_%s", svc->sdk_id);
    const char *v = getenv(env);
    if (v && *v) {
        *source = env;
        return v;
    }
    v = getenv("AWS_ENDPOINT_URL");
    if (v && *v) {
        *source = "AWS_ENDPOINT_URL";
        return v;
    }
    return NULL;
}

/* ---- partition rules --------------------------------------------------- */

static int in_list(const char *const *list, const char *s)
{
    for (; *list; list++)
        if (strcmp(*list, s) == 0)
            return 1;
    return 0;
}

static void resolve_global(tf_arena *a, const global_endpoint *table, size_t n_table,
                           const aws_partition_info *part,
                           const aws_endpoint_params *p, aws_endpoint *out,
                           int *done)
{
    for (size_t i = 0; i < n_table; i++) {
        const global_endpoint *g = &table[i];
        if (strcmp(g->partition, part->pub.id) != 0)
            continue;
        const char *host = g->host;
        if (p->fips && g->fips_host)
            host = g->fips_host;
        else if (p->dualstack && g->dualstack_host)
            host = g->dualstack_host;
        out->url = tf_arena_printf(a, "https://%s", host);
        out->signing_region = g->signing_region;
        *done = 1;
        return;
    }
}

int endpoints_resolve(tf_arena *a, const aws_service *svc,
                      const aws_endpoint_params *p, aws_endpoint *out,
                      aws_error *err)
{
    memset(out, 0, sizeof *out);
    const char *source = NULL;
    const char *url = override_lookup(svc, p, &source, a);
    if (url) {
        if (!url_usable(url)) {
            aws_error_set(err, AWS_ERR_CONFIG, "InvalidEndpoint",
                          "%s: endpoint \"%s\" for %s is not an http(s) URL",
                          source, url, svc->id);
            return -1;
        }
        size_t n = strlen(url);
        while (n > 0 && url[n - 1] == '/')
            n--;
        out->url = tf_arena_strndup(a, url, n);
        out->signing_region = p->region;
        out->overridden = 1;
        return 0;
    }
    if (!p->region || !*p->region) {
        aws_error_set(err, AWS_ERR_CONFIG, "MissingRegion",
                      "no region to resolve the %s endpoint", svc->id);
        return -1;
    }

    const aws_partition_info *part = endpoints_partition(p->region);
    if (strcmp(svc->id, "iam") == 0) {
        int done = 0;
        resolve_global(a, iam_endpoints, sizeof iam_endpoints / sizeof iam_endpoints[0], part,
                       p, out, &done);
        if (done)
            return 0;
    }
    if (strcmp(svc->id, "route53") == 0) {
        int done = 0;
        resolve_global(a, route53_endpoints,
                       sizeof route53_endpoints / sizeof route53_endpoints[0], part, p, out,
                       &done);
        if (done)
            return 0;
    }
    if (strcmp(svc->id, "sts") == 0 && strcmp(p->region, "aws-global") == 0) {
        out->url = "https://sts.amazonaws.com";
        out->signing_region = "us-east-1";
        return 0;
    }

    const char *dns = p->dualstack ? part->pub.dualstack_dns_suffix
                                   : part->pub.dns_suffix;
    int fips = p->fips;
    if (fips && strcmp(part->pub.id, "aws-us-gov") == 0 &&
        in_list(gov_fips_is_standard, svc->endpoint_prefix))
        fips = 0;
    out->url = tf_arena_printf(a, "https://%s%s.%s.%s", svc->endpoint_prefix,
                               fips ? "-fips" : "", p->region, dns);
    out->signing_region = p->region;
    return 0;
}

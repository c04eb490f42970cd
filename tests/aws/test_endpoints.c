/* test_endpoints.c - partitions, regions and endpoint resolution.
 *
 * Besides hand-picked cases, every region of the aws, aws-cn and aws-us-gov
 * partitions that endpoints.json lists for our services is resolved and
 * compared with the hostname endpoints.json gives (standard, FIPS and
 * dual-stack), so the facts compiled into endpoints.c cannot drift silently
 * from the reference. */
#include <jansson.h>

#include "aws/aws_test.h"
#include "endpoints.h"

static tf_arena *A;

static const char *resolve(const char *svc, const char *region, int fips,
                           int dualstack, const aws_kv *ov, size_t n_ov,
                           const char **signing_region)
{
    aws_endpoint_params p = {region, fips, dualstack, ov, n_ov};
    aws_endpoint ep;
    aws_error err;
    if (endpoints_resolve(A, endpoints_service(svc), &p, &ep, &err) != 0)
        return NULL;
    if (signing_region)
        *signing_region = ep.signing_region;
    return ep.url;
}

static void test_partitions(void)
{
    CHECK_STR(endpoints_partition("us-east-1")->pub.id, "aws");
    CHECK_STR(endpoints_partition("eu-west-9")->pub.id, "aws");       /* by pattern */
    CHECK_STR(endpoints_partition("cn-north-1")->pub.id, "aws-cn");
    CHECK_STR(endpoints_partition("cn-south-7")->pub.id, "aws-cn");
    CHECK_STR(endpoints_partition("us-gov-west-1")->pub.id, "aws-us-gov");
    CHECK_STR(endpoints_partition("us-gov-north-3")->pub.id, "aws-us-gov");
    CHECK_STR(endpoints_partition("us-iso-east-1")->pub.id, "aws-iso");
    CHECK_STR(endpoints_partition("us-isob-east-1")->pub.id, "aws-iso-b");
    CHECK_STR(endpoints_partition("mars-north-1")->pub.id, "aws");     /* default */
    CHECK_STR(endpoints_partition("cn-north-1")->pub.dns_suffix, "amazonaws.com.cn");
    CHECK_STR(endpoints_partition("us-gov-east-1")->pub.dns_suffix, "amazonaws.com");
    CHECK(endpoints_region_known("us-east-1"));
    CHECK(endpoints_region_known("cn-northwest-1"));
    CHECK(endpoints_region_known("us-gov-east-1"));
    CHECK(!endpoints_region_known("us-east-9"));
    CHECK(!endpoints_region_known("aws-global"));
    CHECK(!endpoints_region_known(""));
    CHECK(endpoints_partition_by_id("aws-us-gov") != NULL);
    CHECK(endpoints_partition_by_id("nope") == NULL);
}

static void test_defaults(void)
{
    const char *sr = NULL;
    CHECK_STR(resolve("ec2", "us-east-1", 0, 0, NULL, 0, &sr), "https://ec2.us-east-1.amazonaws.com");
    CHECK_STR(sr, "us-east-1");
    CHECK_STR(resolve("ec2", "cn-north-1", 0, 0, NULL, 0, NULL), "https://ec2.cn-north-1.amazonaws.com.cn");
    CHECK_STR(resolve("ec2", "us-gov-west-1", 0, 0, NULL, 0, NULL), "https://ec2.us-gov-west-1.amazonaws.com");
    CHECK_STR(resolve("elbv2", "eu-west-1", 0, 0, NULL, 0, NULL),
              "https://elasticloadbalancing.eu-west-1.amazonaws.com");
    CHECK_STR(resolve("ecs", "ap-southeast-2", 0, 0, NULL, 0, NULL), "https://ecs.ap-southeast-2.amazonaws.com");
    CHECK_STR(resolve("autoscaling", "us-west-2", 0, 0, NULL, 0, NULL),
              "https://autoscaling.us-west-2.amazonaws.com");
    CHECK_STR(resolve("sts", "us-east-1", 0, 0, NULL, 0, NULL), "https://sts.us-east-1.amazonaws.com");
    CHECK_STR(resolve("sts", "aws-global", 0, 0, NULL, 0, &sr), "https://sts.amazonaws.com");
    CHECK_STR(sr, "us-east-1");

    /* IAM is global: one hostname per partition, signed in a fixed region. */
    CHECK_STR(resolve("iam", "us-west-2", 0, 0, NULL, 0, &sr), "https://iam.amazonaws.com");
    CHECK_STR(sr, "us-east-1");
    CHECK_STR(resolve("iam", "cn-northwest-1", 0, 0, NULL, 0, &sr), "https://iam.cn-north-1.amazonaws.com.cn");
    CHECK_STR(sr, "cn-north-1");
    CHECK_STR(resolve("iam", "us-gov-east-1", 0, 0, NULL, 0, &sr), "https://iam.us-gov.amazonaws.com");
    CHECK_STR(sr, "us-gov-west-1");
    CHECK_STR(resolve("iam", "us-east-1", 1, 0, NULL, 0, NULL), "https://iam-fips.amazonaws.com");
    CHECK_STR(resolve("iam", "us-east-1", 0, 1, NULL, 0, NULL), "https://iam.global.api.aws");

    /* FIPS and dual-stack. */
    CHECK_STR(resolve("ec2", "us-east-1", 1, 0, NULL, 0, NULL), "https://ec2-fips.us-east-1.amazonaws.com");
    CHECK_STR(resolve("ec2", "us-gov-west-1", 1, 0, NULL, 0, NULL), "https://ec2.us-gov-west-1.amazonaws.com");
    CHECK_STR(resolve("ecs", "us-gov-west-1", 1, 0, NULL, 0, NULL), "https://ecs-fips.us-gov-west-1.amazonaws.com");
    CHECK_STR(resolve("ec2", "us-east-1", 0, 1, NULL, 0, NULL), "https://ec2.us-east-1.api.aws");
    CHECK_STR(resolve("ec2", "cn-north-1", 0, 1, NULL, 0, NULL),
              "https://ec2.cn-north-1.api.amazonwebservices.com.cn");
    CHECK_STR(resolve("ec2", "us-east-1", 1, 1, NULL, 0, NULL), "https://ec2-fips.us-east-1.api.aws");

    CHECK(endpoints_service("nope") == NULL);
    CHECK(resolve("ec2", NULL, 0, 0, NULL, 0, NULL) == NULL);
}

static void test_overrides(void)
{
    unsetenv("AWS_ENDPOINT_URL");
    unsetenv("AWS_ENDPOINT_URL_EC2");
    unsetenv("AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2");
    aws_kv ov[] = {{"ec2", "http://localhost:4566/"},
                   {"elasticloadbalancingv2", "https://elb.example.test"},
                   {"sts", ""}};
    const char *sr;
    CHECK_STR(resolve("ec2", "eu-west-1", 0, 0, ov, 3, &sr), "http://localhost:4566");
    CHECK_STR(sr, "eu-west-1");
    CHECK_STR(resolve("elbv2", "eu-west-1", 0, 0, ov, 3, NULL), "https://elb.example.test");
    /* An empty value is "not set". */
    CHECK_STR(resolve("sts", "eu-west-1", 0, 0, ov, 3, NULL), "https://sts.eu-west-1.amazonaws.com");

    setenv("AWS_ENDPOINT_URL_EC2", "http://env-ec2:1", 1);
    setenv("AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2", "http://env-elb:2", 1);
    setenv("AWS_ENDPOINT_URL_AUTO_SCALING", "http://env-asg:3", 1);
    setenv("AWS_ENDPOINT_URL", "http://env-all:4", 1);
    /* Config beats the environment; the service variable beats the global. */
    CHECK_STR(resolve("ec2", "eu-west-1", 0, 0, ov, 3, NULL), "http://localhost:4566");
    CHECK_STR(resolve("ec2", "eu-west-1", 0, 0, NULL, 0, NULL), "http://env-ec2:1");
    CHECK_STR(resolve("elbv2", "eu-west-1", 0, 0, NULL, 0, NULL), "http://env-elb:2");
    CHECK_STR(resolve("autoscaling", "eu-west-1", 0, 0, NULL, 0, NULL), "http://env-asg:3");
    CHECK_STR(resolve("ecs", "eu-west-1", 0, 0, NULL, 0, NULL), "http://env-all:4");
    CHECK_STR(resolve("iam", "eu-west-1", 0, 0, NULL, 0, NULL), "http://env-all:4");
    setenv("AWS_ENDPOINT_URL_ECS", "http://env-ecs:5", 1);
    setenv("AWS_ENDPOINT_URL_STS", "http://env-sts:6", 1);
    setenv("AWS_ENDPOINT_URL_IAM", "http://env-iam:7", 1);
    CHECK_STR(resolve("ecs", "eu-west-1", 0, 0, NULL, 0, NULL), "http://env-ecs:5");
    CHECK_STR(resolve("sts", "eu-west-1", 0, 0, NULL, 0, NULL), "http://env-sts:6");
    CHECK_STR(resolve("iam", "eu-west-1", 0, 0, NULL, 0, NULL), "http://env-iam:7");
    unsetenv("AWS_ENDPOINT_URL_EC2");
    unsetenv("AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2");
    unsetenv("AWS_ENDPOINT_URL_AUTO_SCALING");
    unsetenv("AWS_ENDPOINT_URL_ECS");
    unsetenv("AWS_ENDPOINT_URL_STS");
    unsetenv("AWS_ENDPOINT_URL_IAM");
    unsetenv("AWS_ENDPOINT_URL");

    /* Not a URL: a configuration error naming the source. */
    aws_kv bad[] = {{"ecs", "localhost:4566"}};
    aws_endpoint_params p = {"us-east-1", 0, 0, bad, 1};
    aws_endpoint ep;
    aws_error err;
    CHECK(endpoints_resolve(A, endpoints_service("ecs"), &p, &ep, &err) == -1);
    CHECK(err.kind == AWS_ERR_CONFIG);
    CHECK(strstr(err.message, "endpoints.ecs") != NULL);
}

/* ---- cross-check with endpoints.json ----------------------------------- */

static const char *subst(const char *pattern, const char *service,
                         const char *region, const char *dns)
{
    char out[512] = "";
    const char *p = pattern;
    while (*p) {
        if (strncmp(p, "{service}", 9) == 0) {
            strcat(out, service);
            p += 9;
        } else if (strncmp(p, "{region}", 8) == 0) {
            strcat(out, region);
            p += 8;
        } else if (strncmp(p, "{dnsSuffix}", 11) == 0) {
            strcat(out, dns);
            p += 11;
        } else {
            strncat(out, p, 1);
            p++;
        }
    }
    return tf_arena_printf(A, "https://%s", out);
}

static int has_tags(json_t *variant, const char *tag1, const char *tag2)
{
    json_t *tags = json_object_get(variant, "tags");
    size_t n = json_array_size(tags);
    size_t want = tag2 ? 2 : 1;
    if (n != want)
        return 0;
    int found1 = 0, found2 = !tag2;
    for (size_t i = 0; i < n; i++) {
        const char *t = json_string_value(json_array_get(tags, i));
        if (t && strcmp(t, tag1) == 0)
            found1 = 1;
        if (t && tag2 && strcmp(t, tag2) == 0)
            found2 = 1;
    }
    return found1 && found2;
}

static json_t *find_variant(json_t *obj, const char *tag1, const char *tag2)
{
    json_t *vs = json_object_get(obj, "variants");
    for (size_t i = 0; i < json_array_size(vs); i++)
        if (has_tags(json_array_get(vs, i), tag1, tag2))
            return json_array_get(vs, i);
    return NULL;
}

/* The hostname endpoints.json gives for (service, region, variant). */
static const char *expected(json_t *part, json_t *svc, json_t *ep,
                            const char *prefix, const char *region,
                            const char *tag1, const char *tag2)
{
    const char *dns = json_string_value(json_object_get(part, "dnsSuffix"));
    json_t *pdef = json_object_get(part, "defaults");
    json_t *sdef = json_object_get(svc, "defaults");
    if (!tag1) {
        const char *h = json_string_value(json_object_get(ep, "hostname"));
        if (h)
            return tf_arena_printf(A, "https://%s", h);
        h = json_string_value(json_object_get(sdef, "hostname"));
        if (!h)
            h = json_string_value(json_object_get(pdef, "hostname"));
        return subst(h, prefix, region, dns);
    }
    json_t *pv = find_variant(pdef, tag1, tag2);
    const char *vdns = pv ? json_string_value(json_object_get(pv, "dnsSuffix")) : dns;
    json_t *v = find_variant(ep, tag1, tag2);
    if (v && json_object_get(v, "hostname"))
        return tf_arena_printf(A, "https://%s",
                               json_string_value(json_object_get(v, "hostname")));
    v = find_variant(sdef, tag1, tag2);
    if (!v)
        v = pv;
    if (!v)
        return NULL;
    const char *h = json_string_value(json_object_get(v, "hostname"));
    return subst(h, prefix, region, vdns ? vdns : dns);
}

static int reference_checked;

static void check_reference_service(json_t *part, const char *our_id,
                                    const char *prefix)
{
    json_t *svc = json_object_get(json_object_get(part, "services"), prefix);
    json_t *eps = json_object_get(svc, "endpoints");
    json_t *regions = json_object_get(part, "regions");
    const char *region;
    json_t *ep;
    json_object_foreach(eps, region, ep) {
        if (!json_object_get(regions, region))
            continue;   /* fips-*, aws-global, ... pseudo regions */
        const char *want = expected(part, svc, ep, prefix, region, NULL, NULL);
        const char *got = resolve(our_id, region, 0, 0, NULL, 0, NULL);
        CHECK_STR(got, want);
        const char *want_fips = expected(part, svc, ep, prefix, region, "fips", NULL);
        if (want_fips)
            CHECK_STR(resolve(our_id, region, 1, 0, NULL, 0, NULL), want_fips);
        const char *want_ds = expected(part, svc, ep, prefix, region, "dualstack", NULL);
        if (want_ds)
            CHECK_STR(resolve(our_id, region, 0, 1, NULL, 0, NULL), want_ds);
        reference_checked++;
    }
}

static void check_reference_iam(json_t *part)
{
    json_t *svc = json_object_get(json_object_get(part, "services"), "iam");
    const char *pe = json_string_value(json_object_get(svc, "partitionEndpoint"));
    json_t *ep = json_object_get(json_object_get(svc, "endpoints"), pe);
    const char *want = json_string_value(json_object_get(ep, "hostname"));
    const char *want_region = json_string_value(
        json_object_get(json_object_get(ep, "credentialScope"), "region"));
    json_t *regions = json_object_get(part, "regions");
    const char *region;
    json_t *r;
    json_object_foreach(regions, region, r) {
        if (strstr(region, "global"))
            continue;
        const char *sr = NULL;
        CHECK_STR(resolve("iam", region, 0, 0, NULL, 0, &sr),
                  tf_arena_printf(A, "https://%s", want));
        CHECK_STR(sr, want_region);
        reference_checked++;
    }
}

static void test_reference(void)
{
    const char *reference = getenv("TFP_REFERENCE");
    char path[1024];
    snprintf(path, sizeof path, "%s/aws-models/endpoints.json",
             reference ? reference : "../../reference");
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    if (!root)
        printf("cannot load %s: %s\n", path, je.text);
    CHECK(root != NULL);
    json_t *parts = json_object_get(root, "partitions");
    for (size_t i = 0; i < json_array_size(parts); i++) {
        json_t *part = json_array_get(parts, i);
        const char *id = json_string_value(json_object_get(part, "partition"));
        if (strcmp(id, "aws") && strcmp(id, "aws-cn") && strcmp(id, "aws-us-gov"))
            continue;
        CHECK_STR(endpoints_partition_by_id(id)->pub.dns_suffix,
                  json_string_value(json_object_get(part, "dnsSuffix")));
        check_reference_service(part, "ec2", "ec2");
        check_reference_service(part, "elbv2", "elasticloadbalancing");
        check_reference_service(part, "ecs", "ecs");
        check_reference_service(part, "autoscaling", "autoscaling");
        check_reference_service(part, "sts", "sts");
        check_reference_service(part, "secretsmanager", "secretsmanager");
        check_reference_iam(part);
        /* Every region the reference lists is one we know. */
        const char *region;
        json_t *r;
        json_object_foreach(json_object_get(part, "regions"), region, r) {
            CHECK(endpoints_region_known(region));
            CHECK_STR(endpoints_partition(region)->pub.id, id);
        }
    }
    json_decref(root);
    printf("endpoints.json cross-check: %d service/region pairs\n", reference_checked);
    CHECK(reference_checked > 150);
}

int main(void)
{
    A = tf_arena_new();
    test_partitions();
    test_defaults();
    test_overrides();
    test_reference();
    tf_arena_free(A);
    return test_finish();
}

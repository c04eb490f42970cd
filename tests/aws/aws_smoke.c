/* aws_smoke.c - the calls the seed deployment needs, end to end.
 *
 *   aws_smoke --endpoint http://127.0.0.1:PORT --access-key AKID \
 *             --secret-key SECRET [--region us-east-1]
 *
 * Every service is pointed at the endpoint (an emulator, or a real AWS-like
 * endpoint), credentials are validated with sts:GetCallerIdentity, then each
 * protocol is exercised: ec2 (zones, a VPC created, waited for, described
 * and deleted), elbv2 and autoscaling (query, paginated) and ecs (json).
 * Prints one line per step and exits non-zero if any step failed. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws.h"

static int failures;

static void step(const char *name, int ok, const aws_error *err, tf_arena *a,
                 const char *detail)
{
    if (ok) {
        printf("ok    %-40s %s\n", name, detail ? detail : "");
    } else {
        failures++;
        printf("FAIL  %-40s %s\n", name, err ? aws_error_string(err, a) : (detail ? detail : ""));
    }
}

typedef struct {
    aws_client *c;
    tf_arena *a;
    const char *vpc_id;
} vpc_wait;

static aws_wait_status vpc_available(void *ud, char *state, size_t n, aws_error *err)
{
    vpc_wait *w = ud;
    aws_params *p = aws_params_new(w->a);
    aws_params_add(p, "VpcId.1", w->vpc_id);
    aws_xml_node *out;
    if (aws_query_call(w->c, w->a, NULL, "ec2", "DescribeVpcs", p, &out, err) != 0)
        return aws_error_is(err, "InvalidVpcID.NotFound") ? AWS_WAIT_CONTINUE : AWS_WAIT_FAIL;
    const char *st = aws_xml_text(out, "vpcSet/item/state");
    snprintf(state, n, "%s", st ? st : "");
    return st && strcmp(st, "available") == 0 ? AWS_WAIT_DONE : AWS_WAIT_CONTINUE;
}

static int count_pages;

static int count_page(void *ud, const aws_xml_node *page, aws_error *err)
{
    (void)err;
    const char *list = ud;
    for (const aws_xml_node *m = aws_xml_first(page, list); m; m = aws_xml_next(m))
        count_pages++;
    return 0;
}

static void run_ec2(aws_client *c, tf_arena *a)
{
    aws_error err;
    aws_xml_node *out;
    aws_params *p = aws_params_new(a);
    int ok = aws_query_call(c, a, NULL, "ec2", "DescribeAvailabilityZones", p, &out, &err) == 0;
    const char *zones = "";
    int nz = 0;
    for (const aws_xml_node *z = ok ? aws_xml_first(out, "availabilityZoneInfo/item") : NULL; z;
         z = aws_xml_next(z), nz++)
        zones = tf_arena_printf(a, "%s%s%s", zones, nz ? "," : "", aws_xml_text(z, "zoneName"));
    step("ec2 DescribeAvailabilityZones", ok && nz > 0, ok ? NULL : &err, a, zones);

    p = aws_params_new(a);
    aws_params_add(p, "CidrBlock", "10.42.0.0/16");
    aws_params_add(p, "TagSpecification.1.ResourceType", "vpc");
    aws_kv tags[] = {{"Name", "aws-smoke"}};
    aws_params_tags(p, AWS_LIST_EC2, "TagSpecification.1.Tag", tags, 1);
    ok = aws_query_call(c, a, NULL, "ec2", "CreateVpc", p, &out, &err) == 0;
    const char *vpc = ok ? aws_xml_text(out, "vpc/vpcId") : NULL;
    step("ec2 CreateVpc", ok && vpc, ok ? NULL : &err, a, vpc);
    if (!vpc)
        return;

    vpc_wait w = {c, a, vpc};
    ok = aws_wait(NULL, 60, vpc_available, &w, &err) == 0;
    step("ec2 DescribeVpcs (wait for available)", ok, ok ? NULL : &err, a, vpc);

    p = aws_params_new(a);
    aws_params_add(p, "Filter.1.Name", "tag:Name");
    aws_params_add(p, "Filter.1.Value.1", "aws-smoke");
    ok = aws_query_call(c, a, NULL, "ec2", "DescribeVpcs", p, &out, &err) == 0;
    const char *cidr = ok ? aws_xml_text(out, "vpcSet/item/cidrBlock") : NULL;
    step("ec2 DescribeVpcs (by tag)", ok && cidr && strcmp(cidr, "10.42.0.0/16") == 0,
         ok ? NULL : &err, a, cidr ? cidr : "no cidrBlock");

    p = aws_params_new(a);
    aws_params_add(p, "VpcId", vpc);
    ok = aws_query_call(c, a, NULL, "ec2", "DeleteVpc", p, &out, &err) == 0;
    step("ec2 DeleteVpc", ok, ok ? NULL : &err, a, vpc);

    p = aws_params_new(a);
    aws_params_add(p, "VpcId.1", vpc);
    int rc = aws_query_call(c, a, NULL, "ec2", "DescribeVpcs", p, &out, &err);
    int gone = (rc != 0 && aws_error_is(&err, "InvalidVpcID.NotFound")) ||
               (rc == 0 && !aws_xml_first(out, "vpcSet/item"));
    step("ec2 DescribeVpcs (gone after delete)", gone, gone || rc == 0 ? NULL : &err, a,
         gone ? "InvalidVpcID.NotFound" : "still there");
}

static void run_query(aws_client *c, tf_arena *a)
{
    aws_error err;
    count_pages = 0;
    int ok = aws_query_pages(c, a, NULL, "elbv2", "DescribeLoadBalancers", aws_params_new(a),
                             "Marker", "NextMarker", count_page, (void *)"LoadBalancers/member",
                             &err) == 0;
    step("elbv2 DescribeLoadBalancers", ok, ok ? NULL : &err, a,
         tf_arena_printf(a, "%d load balancers", count_pages));
    count_pages = 0;
    ok = aws_query_pages(c, a, NULL, "autoscaling", "DescribeAutoScalingGroups",
                         aws_params_new(a), "NextToken", "NextToken", count_page,
                         (void *)"AutoScalingGroups/member", &err) == 0;
    step("autoscaling DescribeAutoScalingGroups", ok, ok ? NULL : &err, a,
         tf_arena_printf(a, "%d groups", count_pages));
}

static void run_ecs(aws_client *c, tf_arena *a)
{
    aws_error err;
    json_t *out = NULL;
    int ok = aws_json_call(c, a, NULL, "ecs", "ListClusters", NULL, &out, &err) == 0;
    step("ecs ListClusters", ok, ok ? NULL : &err, a,
         ok ? tf_arena_printf(a, "%zu clusters",
                              json_array_size(json_object_get(out, "clusterArns")))
            : NULL);
    json_decref(out);

    json_t *in = json_pack("{s:s}", "clusterName", "aws-smoke");
    ok = aws_json_call(c, a, NULL, "ecs", "CreateCluster", in, &out, &err) == 0;
    json_decref(in);
    const char *arn = ok ? json_string_value(json_object_get(json_object_get(out, "cluster"),
                                                             "clusterArn"))
                         : NULL;
    step("ecs CreateCluster", ok && arn, ok ? NULL : &err, a, arn ? tf_arena_strdup(a, arn) : NULL);
    json_decref(out);

    in = json_pack("{s:s}", "cluster", "aws-smoke");
    ok = aws_json_call(c, a, NULL, "ecs", "DeleteCluster", in, &out, &err) == 0;
    const char *status = ok ? json_string_value(json_object_get(json_object_get(out, "cluster"),
                                                                "status"))
                            : NULL;
    step("ecs DeleteCluster", ok, ok ? NULL : &err, a, status ? tf_arena_strdup(a, status) : NULL);
    json_decref(in);
    json_decref(out);
}

int main(int argc, char **argv)
{
    const char *endpoint = NULL, *ak = NULL, *sk = NULL, *region = "us-east-1";
    static const struct option opts[] = {
        {"endpoint", required_argument, NULL, 'e'},
        {"access-key", required_argument, NULL, 'a'},
        {"secret-key", required_argument, NULL, 's'},
        {"region", required_argument, NULL, 'r'},
        {NULL, 0, NULL, 0}};
    int o;
    while ((o = getopt_long(argc, argv, "e:a:s:r:", opts, NULL)) != -1) {
        switch (o) {
        case 'e': endpoint = optarg; break;
        case 'a': ak = optarg; break;
        case 's': sk = optarg; break;
        case 'r': region = optarg; break;
        default:
            return 2;
        }
    }
    if (!endpoint || !ak || !sk) {
        fprintf(stderr, "usage: %s --endpoint URL --access-key K --secret-key S [--region R]\n",
                argv[0]);
        return 2;
    }
    aws_kv ep[] = {{"ec2", endpoint}, {"elbv2", endpoint}, {"ecs", endpoint},
                   {"autoscaling", endpoint}, {"sts", endpoint}, {"iam", endpoint}};
    aws_config cfg;
    aws_config_init(&cfg);
    cfg.region = region;
    cfg.access_key = ak;
    cfg.secret_key = sk;
    cfg.endpoints = ep;
    cfg.n_endpoints = sizeof ep / sizeof ep[0];
    cfg.skip_metadata_api_check = 1;
    cfg.max_retries = 3;

    tf_arena *a = tf_arena_new();
    aws_error err;
    aws_client *c = aws_client_new(&cfg, NULL, &err);
    step("sts GetCallerIdentity (client setup)", c != NULL, c ? NULL : &err, a,
         c ? tf_arena_printf(a, "account %s, partition %s, region %s",
                             aws_client_account_id(c), aws_client_partition(c)->id,
                             aws_client_region(c))
           : NULL);
    if (c) {
        run_ec2(c, a);
        run_query(c, a);
        run_ecs(c, a);
        aws_client_free(c);
    }
    tf_arena_free(a);
    printf("%s: %d step(s) failed\n", failures ? "FAILED" : "PASSED", failures);
    return failures ? 1 : 0;
}

/* test_protocols.c - ec2/query/json serialisation, XML and JSON answers,
 * error bodies, pagination, and malformed or truncated answers.
 *
 * Calls go to the local stub, which checks what a real endpoint would: the
 * form body, the headers and the SigV4 signature (recomputed here from what
 * the stub received, with the secret the client was given). */
#include "aws/aws_test.h"
#include "internal.h"
#include "params.h"
#include "sigv4.h"

static tf_arena *A;

static const char VPCS_XML[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<DescribeVpcsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">\n"
    "    <requestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId>\n"
    "    <vpcSet>\n"
    "        <item>\n"
    "            <vpcId>vpc-1a2b3c4d</vpcId>\n"
    "            <state>available</state>\n"
    "            <cidrBlock>10.0.0.0/16</cidrBlock>\n"
    "            <cidrBlockAssociationSet>\n"
    "                <item>\n"
    "                    <cidrBlock>10.0.0.0/16</cidrBlock>\n"
    "                    <associationId>vpc-cidr-assoc-1</associationId>\n"
    "                    <cidrBlockState><state>associated</state></cidrBlockState>\n"
    "                </item>\n"
    "            </cidrBlockAssociationSet>\n"
    "            <dhcpOptionsId>dopt-7a8b9c2d</dhcpOptionsId>\n"
    "            <tagSet>\n"
    "                <item><key>Name</key><value>main &amp; &lt;co&gt;</value></item>\n"
    "                <item><key>env</key><value></value></item>\n"
    "            </tagSet>\n"
    "            <instanceTenancy>default</instanceTenancy>\n"
    "            <isDefault>false</isDefault>\n"
    "        </item>\n"
    "        <item>\n"
    "            <vpcId>vpc-2</vpcId>\n"
    "            <state>pending</state>\n"
    "            <cidrBlock>10.1.0.0/16</cidrBlock>\n"
    "            <isDefault>true</isDefault>\n"
    "        </item>\n"
    "    </vpcSet>\n"
    "</DescribeVpcsResponse>";

static const char LBS_XML[] =
    "<DescribeLoadBalancersResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\">"
    "<DescribeLoadBalancersResult><LoadBalancers><member>"
    "<LoadBalancerArn>arn:aws:elasticloadbalancing:us-west-2:123456789012:loadbalancer/app/my-lb/50dc6c495c0c9188</LoadBalancerArn>"
    "<Scheme>internet-facing</Scheme>"
    "<AvailabilityZones><member><ZoneName>us-west-2a</ZoneName><SubnetId>subnet-8360a9e7</SubnetId></member>"
    "<member><ZoneName>us-west-2b</ZoneName><SubnetId>subnet-b7d581c0</SubnetId></member></AvailabilityZones>"
    "<State><Code>active</Code></State>"
    "</member></LoadBalancers></DescribeLoadBalancersResult>"
    "<ResponseMetadata><RequestId>6581c0ac-f39f-11e5-bb98-57b89bc0a8ba</RequestId></ResponseMetadata>"
    "</DescribeLoadBalancersResponse>";

static const char CLUSTER_JSON[] =
    "{\"cluster\":{\"clusterArn\":\"arn:aws:ecs:us-east-1:123456789012:cluster/c1\","
    "\"clusterName\":\"c1\",\"status\":\"ACTIVE\",\"registeredContainerInstancesCount\":0,"
    "\"settings\":[{\"name\":\"containerInsights\",\"value\":\"disabled\"}],\"tags\":[]}}";

/* ---- params ------------------------------------------------------------ */

static void test_params(void)
{
    aws_params *p = aws_params_new(A);
    aws_params_add(p, "CidrBlock", "10.0.0.0/16");
    aws_params_add(p, "Skipped", NULL);
    aws_params_add(p, aws_params_key(p, "Filter.%d.Name", 1), "tag:Name");
    const char *vals[] = {"a b", "c/d+e=f"};
    aws_params_list(p, AWS_LIST_EC2, "Filter.1.Value", vals, 2);
    aws_params_list(p, AWS_LIST_MEMBER, "Subnets", vals, 1);
    aws_kv tags[] = {{"Name", "x"}, {"empty", NULL}};
    aws_params_tags(p, AWS_LIST_EC2, "TagSpecification.1.Tag", tags, 2);
    aws_params_tags(p, AWS_LIST_MEMBER, "Tags", tags, 1);
    aws_params_map(p, "Attributes", tags, 1);
    aws_params_addf(p, "MaxResults", "%d", 5);
    aws_params_add(p, "MaxResults", "6"); /* replaces */
    aws_params_add(p, "Unicode", "\xc3\xa9");
    CHECK(aws_params_get(p, "Skipped") == NULL);
    CHECK_STR(aws_params_get(p, "MaxResults"), "6");
    CHECK_STR(aws_params_get(p, "Filter.1.Value.2"), "c/d+e=f");
    CHECK_STR(params_encode(A, "DescribeVpcs", "2016-11-15", p),
              "Action=DescribeVpcs&Version=2016-11-15&CidrBlock=10.0.0.0%2F16"
              "&Filter.1.Name=tag%3AName&Filter.1.Value.1=a%20b"
              "&Filter.1.Value.2=c%2Fd%2Be%3Df&Subnets.member.1=a%20b"
              "&TagSpecification.1.Tag.1.Key=Name&TagSpecification.1.Tag.1.Value=x"
              "&TagSpecification.1.Tag.2.Key=empty&TagSpecification.1.Tag.2.Value="
              "&Tags.member.1.Key=Name&Tags.member.1.Value=x"
              "&Attributes.entry.1.key=Name&Attributes.entry.1.value=x"
              "&MaxResults=6&Unicode=%C3%A9");
    CHECK_STR(params_encode(A, "GetCallerIdentity", "2011-06-15", NULL),
              "Action=GetCallerIdentity&Version=2011-06-15");
}

/* ---- XML --------------------------------------------------------------- */

static void test_xml(void)
{
    aws_xml_node *root;
    aws_error err;
    CHECK(aws_xml_parse(A, VPCS_XML, strlen(VPCS_XML), &root, &err) == 0);
    CHECK_STR(root->name, "DescribeVpcsResponse");
    CHECK_STR(aws_xml_text(root, "requestId"), "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE");
    const aws_xml_node *v = aws_xml_first(root, "vpcSet/item");
    CHECK(v != NULL);
    CHECK_STR(aws_xml_text(v, "vpcId"), "vpc-1a2b3c4d");
    CHECK_STR(aws_xml_text(v, "cidrBlockAssociationSet/item/cidrBlockState/state"), "associated");
    CHECK_STR(aws_xml_text(v, "tagSet/item/value"), "main & <co>");
    const aws_xml_node *t = aws_xml_next(aws_xml_first(v, "tagSet/item"));
    CHECK_STR(aws_xml_text(t, "key"), "env");
    CHECK_STR(aws_xml_text(t, "value"), "");
    CHECK(aws_xml_next(t) == NULL);
    CHECK(aws_xml_text(v, "ipv6CidrBlockAssociationSet") == NULL);
    CHECK(aws_xml_bool(v, "isDefault", -1) == 0);
    CHECK(aws_xml_bool(v, "missing", -1) == -1);
    const aws_xml_node *v2 = aws_xml_next(v);
    CHECK_STR(aws_xml_text(v2, "vpcId"), "vpc-2");
    CHECK(aws_xml_bool(v2, "isDefault", -1) == 1);
    CHECK(aws_xml_next(v2) == NULL);
    int n = 0;
    for (const aws_xml_node *i = aws_xml_first(root, "vpcSet/item"); i; i = aws_xml_next(i))
        n++;
    CHECK(n == 2);

    CHECK(aws_xml_parse(A, "<a><n>42</n><m>x</m></a>", 24, &root, &err) == 0);
    CHECK(aws_xml_int(root, "n", -1) == 42);
    CHECK(aws_xml_int(root, "m", -1) == -1);
    CHECK(aws_xml_child(root, NULL) == root);
    CHECK(aws_xml_child(NULL, "n") == NULL);

    /* Not documents. */
    const char *bad[] = {"", "   ", "<a>", "<a></b>", "<a/><b/>", "plain text",
                         "<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>",
                         "<a>&undefined;</a>", "<a>\xff\xfe</a>"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        aws_error_clear(&err);
        CHECK(aws_xml_parse(A, bad[i], strlen(bad[i]), &root, &err) == -1);
        CHECK(err.kind == AWS_ERR_RESPONSE);
        CHECK(root == NULL);
    }
    /* Nesting bomb: refused, not recursed into. */
    char deep[4096 * 2 + 1] = "";
    for (int i = 0; i < 1000; i++)
        strcat(deep, "<a>");
    CHECK(aws_xml_parse(A, deep, strlen(deep), &root, &err) == -1);
}

static void test_xml_truncated(void)
{
    size_t len = strlen(VPCS_XML);
    int failures_ok = 0;
    for (size_t cut = 0; cut < len; cut++) {
        tf_arena *a = tf_arena_new();
        aws_xml_node *root;
        aws_error err;
        if (aws_xml_parse(a, VPCS_XML, cut, &root, &err) == -1 && err.kind == AWS_ERR_RESPONSE)
            failures_ok++;
        tf_arena_free(a);
    }
    CHECK(failures_ok == (int)len);
    /* Corrupt each byte in turn: any outcome but a crash is fine, and most
     * corruptions must be refused. */
    char *copy = malloc(len + 1);
    int refused = 0;
    for (size_t i = 0; i < len; i++) {
        const char repl[] = {'<', '&', '\0', (char)0xff};
        for (size_t k = 0; k < sizeof repl; k++) {
            memcpy(copy, VPCS_XML, len + 1);
            copy[i] = repl[k];
            tf_arena *a = tf_arena_new();
            aws_xml_node *root;
            aws_error err;
            if (aws_xml_parse(a, copy, len, &root, &err) == -1)
                refused++;
            tf_arena_free(a);
        }
    }
    free(copy);
    CHECK(refused > (int)len);
}

/* ---- error bodies ------------------------------------------------------ */

static void test_error_bodies(void)
{
    aws_error err;
    http_response rs = {0};
    rs.status = 400;
    rs.body = "<Response><Errors><Error><Code>InvalidVpcID.NotFound</Code>"
              "<Message>The vpc ID 'vpc-x' does not exist</Message></Error></Errors>"
              "<RequestID>req-1</RequestID></Response>";
    rs.body_len = strlen(rs.body);
    aws_parse_error(A, AWS_PROTO_EC2, &rs, &err);
    CHECK(aws_error_is(&err, "InvalidVpcID.NotFound"));
    CHECK(aws_error_is_not_found(&err));
    CHECK_STR(err.message, "The vpc ID 'vpc-x' does not exist");
    CHECK_STR(err.request_id, "req-1");
    CHECK(err.http_status == 400);

    rs.body = "<ErrorResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\">"
              "<Error><Type>Sender</Type><Code>LoadBalancerNotFound</Code>"
              "<Message>One or more load balancers not found</Message></Error>"
              "<RequestId>req-2</RequestId></ErrorResponse>";
    rs.body_len = strlen(rs.body);
    aws_parse_error(A, AWS_PROTO_QUERY, &rs, &err);
    CHECK(aws_error_is(&err, "LoadBalancerNotFound"));
    CHECK(aws_error_is_not_found(&err));
    CHECK_STR(err.request_id, "req-2");

    rs.body = "{\"__type\":\"com.amazonaws.ecs#ClusterNotFoundException\",\"message\":\"Cluster not found.\"}";
    rs.body_len = strlen(rs.body);
    rs.request_id = "req-3";
    aws_parse_error(A, AWS_PROTO_JSON, &rs, &err);
    CHECK(aws_error_is(&err, "ClusterNotFoundException"));
    CHECK(aws_error_is_not_found(&err));
    CHECK_STR(err.message, "Cluster not found.");
    CHECK_STR(err.request_id, "req-3");

    rs.body = "{\"__type\":\"InvalidParameterException\",\"Message\":\"bad\"}";
    rs.body_len = strlen(rs.body);
    aws_parse_error(A, AWS_PROTO_JSON, &rs, &err);
    CHECK(aws_error_is(&err, "InvalidParameterException"));
    CHECK(!aws_error_is_not_found(&err));
    CHECK_STR(err.message, "bad");

    rs.status = 500;
    rs.body = "";
    rs.body_len = 0;
    rs.error_type = "ServerException:http://internal.amazon.com/coral/";
    aws_parse_error(A, AWS_PROTO_JSON, &rs, &err);
    CHECK(aws_error_is(&err, "ServerException"));
    rs.error_type = NULL;

    rs.status = 503;
    rs.body = "<html><body>Service Unavailable</body></html>";
    rs.body_len = strlen(rs.body);
    aws_parse_error(A, AWS_PROTO_EC2, &rs, &err);
    CHECK(err.kind == AWS_ERR_API && err.http_status == 503);
    CHECK_STR(err.code, "InternalFailure");
    rs.status = 403;
    rs.body = "{truncated";
    rs.body_len = strlen(rs.body);
    aws_parse_error(A, AWS_PROTO_JSON, &rs, &err);
    CHECK_STR(err.code, "UnknownError");
    CHECK(err.http_status == 403);

    /* aws_error_string reads like the Go SDK's. */
    aws_error e;
    aws_error_set(&e, AWS_ERR_API, "InvalidVpcID.NotFound", "The vpc ID '%s' does not exist", "vpc-1");
    snprintf(e.service, sizeof e.service, "ec2");
    snprintf(e.operation, sizeof e.operation, "DescribeVpcs");
    e.http_status = 400;
    snprintf(e.request_id, sizeof e.request_id, "r-1");
    CHECK_STR(aws_error_string(&e, A),
              "operation error EC2: DescribeVpcs, https response error StatusCode: 400, "
              "RequestID: r-1, api error InvalidVpcID.NotFound: The vpc ID 'vpc-1' does not exist");
    CHECK(!aws_error_is(&e, "InvalidVpcID"));
    e.kind = AWS_ERR_NETWORK;
    CHECK(!aws_error_is(&e, "InvalidVpcID.NotFound"));
}

/* ---- calls through the stub -------------------------------------------- */

typedef struct {
    const char *mode;            /* what to answer */
    size_t cut;                  /* truncation point for "truncated-*" */
    int page;
} proto_state;

static void proto_handler(stub_server *s, const stub_request *rq,
                          stub_response *rs, void *ud)
{
    (void)s;
    proto_state *st = ud;
    char action[64] = "";
    stub_form_value(rq, "Action", action, sizeof action);
    const char *target = stub_header(rq, "X-Amz-Target");
    static char buf[8192];
    if (strcmp(st->mode, "truncated-xml") == 0) {
        snprintf(buf, sizeof buf, "%.*s", (int)st->cut, VPCS_XML);
        rs->body = buf;
    } else if (strcmp(st->mode, "truncated-json") == 0) {
        snprintf(buf, sizeof buf, "%.*s", (int)st->cut, CLUSTER_JSON);
        rs->body = buf;
    } else if (strcmp(st->mode, "truncated-error") == 0) {
        const char *e = "<Response><Errors><Error><Code>InvalidVpcID.NotFound</Code></Error></Errors></Response>";
        snprintf(buf, sizeof buf, "%.*s", (int)(st->cut % strlen(e)), e);
        rs->status = 400;
        rs->body = buf;
    } else if (strcmp(action, "DescribeVpcs") == 0) {
        st->page++;
        if (strcmp(st->mode, "loop") == 0)
            rs->body = "<DescribeVpcsResponse><vpcSet/><nextToken>same</nextToken></DescribeVpcsResponse>";
        else if (st->page == 1)
            rs->body = "<DescribeVpcsResponse><vpcSet><item><vpcId>vpc-a</vpcId></item></vpcSet>"
                       "<nextToken>t1</nextToken></DescribeVpcsResponse>";
        else if (st->page == 2)
            rs->body = "<DescribeVpcsResponse><vpcSet><item><vpcId>vpc-b</vpcId></item>"
                       "<item><vpcId>vpc-c</vpcId></item></vpcSet><nextToken></nextToken></DescribeVpcsResponse>";
        else
            rs->body = VPCS_XML;
    } else if (strcmp(action, "DescribeLoadBalancers") == 0) {
        st->page++;
        rs->body = st->page == 1
                       ? "<DescribeLoadBalancersResponse><DescribeLoadBalancersResult><LoadBalancers>"
                         "<member><LoadBalancerName>a</LoadBalancerName></member></LoadBalancers>"
                         "<NextMarker>m1</NextMarker></DescribeLoadBalancersResult>"
                         "</DescribeLoadBalancersResponse>"
                       : LBS_XML;
        snprintf(rs->headers, sizeof rs->headers, "x-amzn-RequestId: lb-req-%d\r\n", st->page);
    } else if (strcmp(action, "DeleteVpc") == 0) {
        rs->status = 400;
        rs->body = "<Response><Errors><Error><Code>InvalidVpcID.NotFound</Code>"
                   "<Message>The vpc ID 'vpc-zz' does not exist</Message></Error></Errors>"
                   "<RequestID>del-1</RequestID></Response>";
    } else if (target && strstr(target, ".CreateCluster")) {
        rs->body = CLUSTER_JSON;
        snprintf(rs->headers, sizeof rs->headers, "x-amzn-RequestId: ecs-1\r\n");
    } else if (target && strstr(target, ".ListClusters")) {
        st->page++;
        rs->body = st->page == 1 ? "{\"clusterArns\":[\"arn:1\"],\"nextToken\":\"n1\"}"
                                 : "{\"clusterArns\":[\"arn:2\"]}";
    } else if (target && strstr(target, ".DescribeClusters")) {
        rs->status = 400;
        rs->body = "{\"__type\":\"com.amazonaws.ecs#ClusterNotFoundException\",\"message\":\"Cluster not found.\"}";
        snprintf(rs->headers, sizeof rs->headers, "x-amzn-RequestId: ecs-err\r\n");
    } else if (target && strstr(target, ".ListServices")) {
        rs->body = "[1,2]";
    } else {
        rs->status = 400;
        rs->body = "<ErrorResponse><Error><Code>InvalidAction</Code></Error></ErrorResponse>";
    }
}

/* Recomputes the signature of a request the stub received. */
static int signature_valid(const stub_request *rq, const char *service)
{
    const char *auth = stub_header(rq, "Authorization");
    if (!auth)
        return 0;
    const char *sh = strstr(auth, "SignedHeaders=");
    const char *sig = strstr(auth, "Signature=");
    if (!sh || !sig)
        return 0;
    sh += 14;
    sigv4_header hdrs[16];
    size_t n = 0;
    char names[512];
    snprintf(names, sizeof names, "%.*s", (int)strcspn(sh, ","), sh);
    char *save = NULL;
    for (char *name = strtok_r(names, ";", &save); name && n < 16;
         name = strtok_r(NULL, ";", &save)) {
        hdrs[n].name = tf_arena_strdup(A, name);
        hdrs[n].value = stub_header(rq, name);
        if (!hdrs[n].value)
            return 0;
        n++;
    }
    sigv4_request sr = {"POST", "/", NULL, hdrs, n, rq->body, rq->body_len};
    sigv4_key key = {"AKID", "SECRET", "us-east-1", service, stub_header(rq, "X-Amz-Date")};
    sigv4_result res;
    if (sigv4_sign(A, &sr, &key, &res) != 0)
        return 0;
    return strcmp(res.signature, sig + 10) == 0 && strcmp(res.authorization, auth) == 0;
}

typedef struct {
    char ids[8][32];
    int n;
} id_list;

static int collect_vpcs(void *ud, const aws_xml_node *page, aws_error *err)
{
    (void)err;
    id_list *l = ud;
    for (const aws_xml_node *v = aws_xml_first(page, "vpcSet/item"); v && l->n < 8; v = aws_xml_next(v))
        snprintf(l->ids[l->n++], 32, "%s", aws_xml_text(v, "vpcId"));
    return 0;
}

static int collect_lbs(void *ud, const aws_xml_node *page, aws_error *err)
{
    (void)err;
    id_list *l = ud;
    for (const aws_xml_node *v = aws_xml_first(page, "LoadBalancers/member"); v && l->n < 8; v = aws_xml_next(v)) {
        const char *name = aws_xml_text(v, "LoadBalancerName");
        snprintf(l->ids[l->n++], 32, "%s", name ? name : aws_xml_text(v, "Scheme"));
    }
    return 0;
}

static int collect_clusters(void *ud, json_t *page, aws_error *err)
{
    (void)err;
    id_list *l = ud;
    json_t *arns = json_object_get(page, "clusterArns");
    for (size_t i = 0; i < json_array_size(arns) && l->n < 8; i++)
        snprintf(l->ids[l->n++], 32, "%s", json_string_value(json_array_get(arns, i)));
    return 0;
}

static void test_calls(void)
{
    proto_state st = {"normal", 0, 2};
    stub_server *s = stub_start(proto_handler, &st);
    aws_error err;
    aws_client *c = stub_client(s->port, 0, &err);
    CHECK(c != NULL);
    if (!c) {
        fprintf(stderr, "client: %s\n", err.message);
        stub_stop(s);
        return;
    }

    /* ec2: the output shape is the <ActionResponse> root. */
    aws_params *p = aws_params_new(A);
    aws_params_add(p, "VpcId.1", "vpc-1a2b3c4d");
    aws_xml_node *out;
    CHECK(aws_query_call(c, A, NULL, "ec2", "DescribeVpcs", p, &out, &err) == 0);
    CHECK_STR(aws_xml_text(out, "vpcSet/item/vpcId"), "vpc-1a2b3c4d");
    stub_request *rq = &s->requests[s->n_requests - 1];
    CHECK_STR(rq->method, "POST");
    CHECK_STR(rq->target, "/");
    CHECK_STR(rq->body, "Action=DescribeVpcs&Version=2016-11-15&VpcId.1=vpc-1a2b3c4d");
    CHECK_STR(stub_header(rq, "Content-Type"), "application/x-www-form-urlencoded; charset=utf-8");
    CHECK(strstr(stub_header(rq, "Authorization"), "/us-east-1/ec2/aws4_request") != NULL);
    CHECK(signature_valid(rq, "ec2"));
    CHECK(stub_header(rq, "X-Amz-Security-Token") == NULL);

    /* query: the output shape is the <ActionResult> child. */
    st.page = 1;
    CHECK(aws_query_call(c, A, NULL, "elbv2", "DescribeLoadBalancers", aws_params_new(A), &out, &err) == 0);
    CHECK_STR(out->name, "DescribeLoadBalancersResult");
    CHECK_STR(aws_xml_text(out, "LoadBalancers/member/AvailabilityZones/member/ZoneName"), "us-west-2a");
    CHECK_STR(aws_xml_text(aws_xml_next(aws_xml_first(out, "LoadBalancers/member/AvailabilityZones/member")),
                           "SubnetId"), "subnet-b7d581c0");
    rq = &s->requests[s->n_requests - 1];
    CHECK(strstr(rq->body, "Version=2015-12-01") != NULL);
    CHECK(signature_valid(rq, "elasticloadbalancing"));

    /* ec2 error. */
    p = aws_params_new(A);
    aws_params_add(p, "VpcId", "vpc-zz");
    CHECK(aws_query_call(c, A, NULL, "ec2", "DeleteVpc", p, &out, &err) == -1);
    CHECK(aws_error_is(&err, "InvalidVpcID.NotFound"));
    CHECK_STR(err.request_id, "del-1");
    CHECK_STR(err.service, "ec2");
    CHECK_STR(err.operation, "DeleteVpc");
    CHECK(err.http_status == 400);

    /* json. */
    json_t *in = json_pack("{s:s}", "clusterName", "c1"), *jout = NULL;
    CHECK(aws_json_call(c, A, NULL, "ecs", "CreateCluster", in, &jout, &err) == 0);
    CHECK_STR(json_string_value(json_object_get(json_object_get(jout, "cluster"), "status")), "ACTIVE");
    json_decref(jout);
    rq = &s->requests[s->n_requests - 1];
    CHECK_STR(stub_header(rq, "X-Amz-Target"), "AmazonEC2ContainerServiceV20141113.CreateCluster");
    CHECK_STR(stub_header(rq, "Content-Type"), "application/x-amz-json-1.1");
    CHECK_STR(rq->body, "{\"clusterName\":\"c1\"}");
    CHECK(signature_valid(rq, "ecs"));
    CHECK(aws_json_call(c, A, NULL, "ecs", "DescribeClusters", in, &jout, &err) == -1);
    CHECK(aws_error_is(&err, "ClusterNotFoundException"));
    CHECK_STR(err.request_id, "ecs-err");
    CHECK(aws_json_call(c, A, NULL, "ecs", "ListServices", NULL, &jout, &err) == -1);
    CHECK(err.kind == AWS_ERR_RESPONSE && jout == NULL);
    rq = &s->requests[s->n_requests - 1];
    CHECK_STR(rq->body, "{}");
    json_decref(in);

    /* Wrong protocol or unknown service: refused before sending. */
    int before = s->n_requests;
    CHECK(aws_query_call(c, A, NULL, "ecs", "ListClusters", NULL, &out, &err) == -1);
    CHECK(aws_json_call(c, A, NULL, "ec2", "DescribeVpcs", NULL, &jout, &err) == -1);
    CHECK(aws_query_call(c, A, NULL, "s3", "ListBuckets", NULL, &out, &err) == -1);
    CHECK(err.kind == AWS_ERR_CONFIG);
    CHECK(s->n_requests == before);

    /* Pagination: ec2 nextToken, query Marker/NextMarker, json nextToken. */
    id_list l = {0};
    st.page = 0;
    p = aws_params_new(A);
    CHECK(aws_query_pages(c, A, NULL, "ec2", "DescribeVpcs", p, "NextToken", "nextToken",
                          collect_vpcs, &l, &err) == 0);
    CHECK(l.n == 3);
    CHECK_STR(l.ids[0], "vpc-a");
    CHECK_STR(l.ids[2], "vpc-c");
    CHECK(strstr(s->requests[s->n_requests - 1].body, "NextToken=t1") != NULL);
    CHECK(strstr(s->requests[s->n_requests - 2].body, "NextToken") == NULL);

    memset(&l, 0, sizeof l);
    st.page = 0;
    CHECK(aws_query_pages(c, A, NULL, "elbv2", "DescribeLoadBalancers", aws_params_new(A),
                          "Marker", "NextMarker", collect_lbs, &l, &err) == 0);
    CHECK(l.n == 2);
    CHECK_STR(l.ids[0], "a");
    CHECK_STR(l.ids[1], "internet-facing");
    CHECK(strstr(s->requests[s->n_requests - 1].body, "Marker=m1") != NULL);

    memset(&l, 0, sizeof l);
    st.page = 0;
    CHECK(aws_json_pages(c, A, NULL, "ecs", "ListClusters", NULL, "nextToken",
                         collect_clusters, &l, &err) == 0);
    CHECK(l.n == 2);
    CHECK_STR(s->requests[s->n_requests - 1].body, "{\"nextToken\":\"n1\"}");

    /* A service repeating its token does not loop forever. */
    st.mode = "loop";
    before = s->n_requests;
    memset(&l, 0, sizeof l);
    CHECK(aws_query_pages(c, A, NULL, "ec2", "DescribeVpcs", aws_params_new(A), "NextToken",
                          "nextToken", collect_vpcs, &l, &err) == 0);
    CHECK(s->n_requests - before == 2);

    /* Truncated answers at every offset: errors, never crashes. */
    int xml_errors = 0, json_errors = 0, err_errors = 0;
    size_t xml_len = strlen(VPCS_XML), json_len = strlen(CLUSTER_JSON);
    st.mode = "truncated-xml";
    for (size_t cut = 0; cut < xml_len; cut++) {
        tf_arena *a = tf_arena_new();
        st.cut = cut;
        if (aws_query_call(c, a, NULL, "ec2", "DescribeVpcs", NULL, &out, &err) == -1 &&
            err.kind == AWS_ERR_RESPONSE && out == NULL)
            xml_errors++;
        tf_arena_free(a);
    }
    CHECK(xml_errors == (int)xml_len);
    st.mode = "truncated-json";
    for (size_t cut = 1; cut < json_len; cut++) {
        tf_arena *a = tf_arena_new();
        st.cut = cut;
        jout = NULL;
        if (aws_json_call(c, a, NULL, "ecs", "CreateCluster", NULL, &jout, &err) == -1 &&
            err.kind == AWS_ERR_RESPONSE && jout == NULL)
            json_errors++;
        json_decref(jout);
        tf_arena_free(a);
    }
    CHECK(json_errors == (int)json_len - 1);
    st.mode = "truncated-error";
    for (size_t cut = 0; cut < 90; cut++) {
        tf_arena *a = tf_arena_new();
        st.cut = cut;
        if (aws_query_call(c, a, NULL, "ec2", "DescribeVpcs", NULL, &out, &err) == -1 &&
            err.kind == AWS_ERR_API && err.http_status == 400)
            err_errors++;
        tf_arena_free(a);
    }
    CHECK(err_errors == 90);
    printf("truncation: %d xml, %d json, %d error bodies refused cleanly\n",
           xml_errors, json_errors, err_errors);

    aws_client_free(c);
    stub_stop(s);
}

int main(void)
{
    A = tf_arena_new();
    test_params();
    test_xml();
    test_xml_truncated();
    test_error_bodies();
    test_calls();
    tf_arena_free(A);
    return test_finish();
}

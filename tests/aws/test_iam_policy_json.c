/* test_iam_policy_json.c - aws/iam/policy_json.c: Go's encoding/json text
 * (escaping, floats, indentation), normalisation, the policy document model
 * (parse, merge by Sid, render) and policy equivalence.  Expected texts are
 * what hashicorp/aws 5.100.0 (Go) produces for the same input. */
#include "aws/aws_test.h"
#include "iam/policy_json.h"

static tf_arena *A;

static void test_encoder(void)
{
    const char *in = "{\"b\":1,\"a\":[true,null,\"<&>\"]}";
    CHECK_STR(pj_normalize(A, in, strlen(in)),
              "{\"a\":[true,null,\"\\u003c\\u0026\\u003e\"],\"b\":1}");
    const char *f = "[0.5,1e21,1e-7,123456789,-0.000001,1.5e300,100]";
    CHECK_STR(pj_normalize(A, f, strlen(f)),
              "[0.5,1e+21,1e-7,123456789,-0.000001,1.5e+300,100]");
    const char *s = "[\"a\\u2028b\\tc\\u0001\\b\\f\\\"\\\\\"]";
    CHECK_STR(pj_normalize(A, s, strlen(s)), "[\"a\\u2028b\\tc\\u0001\\b\\f\\\"\\\\\"]");
    CHECK(pj_normalize(A, "{nope", 5) == NULL);
    pj_node *o = pj_parse(A, "{\"k\":[],\"e\":{}}", 15, NULL);
    CHECK_STR(pj_encode(A, o, true), "{\n  \"e\": {},\n  \"k\": []\n}");
    CHECK(pj_crc32("123456789", 9) == 0xCBF43926u);
}

static void test_string_sets(void)
{
    const char *one[] = {"s3:GetObject"};
    CHECK_STR(pj_encode(A, pj_string_set(A, one, 1), false), "\"s3:GetObject\"");
    const char *many[] = {"a:b", "Z:z", "s3:Get"};
    CHECK_STR(pj_encode(A, pj_string_set(A, many, 3), false), "[\"s3:Get\",\"a:b\",\"Z:z\"]");
}

static void test_merge_and_render(void)
{
    pj_doc merged = {.version = "", .id = ""}, src, over;
    const char *err = NULL;
    CHECK(pj_doc_parse(A,
                       "{\"Version\":\"2008-10-17\",\"Statement\":[{\"Sid\":\"A\",\"Effect\":"
                       "\"Allow\",\"Action\":[\"z\",\"a\"],\"Resource\":\"*\",\"Principal\":"
                       "{\"AWS\":[\"b\",\"a\"]},\"Condition\":{\"Bool\":{\"x\":true}}},"
                       "{\"Effect\":\"Deny\",\"NotAction\":\"n\",\"Principal\":\"*\"}]}",
                       &src, &err) == 0);
    pj_doc_merge(A, &merged, &src);
    CHECK(pj_doc_parse(A, "{\"Id\":\"X\",\"Statement\":[{\"Sid\":\"A\",\"Effect\":\"Deny\","
                          "\"Action\":\"o\"}]}",
                       &over, &err) == 0);
    pj_doc_merge(A, &merged, &over);
    CHECK_STR(pj_doc_render(A, &merged, false, &err),
              "{\"Version\":\"2008-10-17\",\"Id\":\"X\",\"Statement\":[{\"Sid\":\"A\",\"Effect\":"
              "\"Deny\",\"Action\":\"o\"},{\"Effect\":\"Deny\",\"NotAction\":\"n\","
              "\"Principal\":\"*\"}]}");
    pj_doc d = {.version = "", .id = ""};
    CHECK(pj_doc_parse(A, "{\"Statement\":{}}", &d, &err) == -1);
    CHECK(strstr(err, "cannot unmarshal object") != NULL);
    CHECK(pj_doc_parse(A, "{\"Statement\":[{\"Principal\":{\"AWS\":[1]}}]}", &d, &err) == -1);
    CHECK(strstr(err, "must be string") != NULL);
    /* principals merged per type, conditions per test and key */
    pj_statement s = {.sid = "", .effect = "Allow"};
    const char *ids1[] = {"b", "a"}, *ids2[] = {"c"};
    pj_principal ps[] = {{.type = "AWS", .ids = ids1, .n = 2, .is_list = true},
                         {.type = "AWS", .ids = ids2, .n = 1}};
    s.principals = ps;
    s.n_principals = 2;
    const char *v1[] = {"1", "2"}, *v2[] = {"3"};
    pj_condition cs[] = {{.test = "T", .variable = "k", .values = v1, .n = 2, .is_list = true},
                         {.test = "T", .variable = "k", .values = v2, .n = 1}};
    s.conditions = cs;
    s.n_conditions = 2;
    pj_doc one = {.version = "2012-10-17", .id = ""};
    pj_doc_add(A, &one, &s);
    CHECK_STR(pj_doc_render(A, &one, false, &err),
              "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
              "{\"AWS\":[\"b\",\"a\",\"c\"]},\"Condition\":{\"T\":{\"k\":[\"1\",\"2\",\"3\"]}}}]}");
}

static void test_sdk_set_order(void)
{
    /* crc32: "a" 3904355907, "b" 1908338681, "c" 112844655: sorted as text */
    const char *keys[] = {"a", "b", "c"};
    size_t order[3];
    pj_sdk_set_order(A, keys, order, 3);
    CHECK(order[0] == 2 && order[1] == 1 && order[2] == 0);
}

static void test_equivalence(void)
{
    const char *x = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                    "[\"b\",\"a\"],\"Principal\":\"*\",\"Resource\":\"r\"},{\"Effect\":\"Deny\","
                    "\"Action\":\"x\",\"Condition\":{\"Bool\":{\"k\":true}}}]}";
    const char *y = "{\"Statement\":[{\"Action\":\"x\",\"Effect\":\"Deny\",\"Condition\":"
                    "{\"Bool\":{\"k\":[\"true\"]}}},{\"Action\":[\"a\",\"b\",\"a\"],"
                    "\"Principal\":{\"AWS\":\"*\"},\"Resource\":[\"r\"],\"Effect\":\"Allow\"}],"
                    "\"Version\":\"2012-10-17\"}";
    CHECK(pj_policies_equivalent(A, x, y));
    const char *z = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                    "\"a\",\"Principal\":\"*\",\"Resource\":\"r\"}]}";
    CHECK(!pj_policies_equivalent(A, x, z));
    CHECK(!pj_policies_equivalent(A, x, "not json"));
    CHECK(!pj_policies_equivalent(A, "{\"Version\":\"2008-10-17\",\"Statement\":[]}",
                                  "{\"Version\":\"2012-10-17\",\"Statement\":[]}"));
}

int main(void)
{
    A = tf_arena_new();
    test_encoder();
    test_string_sets();
    test_merge_and_render();
    test_sdk_set_order();
    test_equivalence();
    tf_arena_free(A);
    return check_report();
}

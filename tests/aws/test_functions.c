/* test_functions.c - the provider functions arn_parse, arn_build and
 * trim_iam_role_path (aws/functions.c), called the way CallFunction calls
 * them: results and error texts as hashicorp/aws 5.100.0 gives them, and
 * their signatures against the committed reference
 * (tests/e2e/fixtures/functions/hashicorp-functions.json). */
#include <jansson.h>
#include <stdlib.h>

#include "aws/aws_test.h"
#include "resources.h"

static tf_arena *A;

/* Calls f with string arguments; returns the result or NULL with *err and
 * *err_arg set. */
static const tf_value *call(const tf_function_def *f, const char *const *argv, size_t n,
                            const char **err, int64_t *err_arg)
{
    const tf_value **args = tf_arena_calloc(A, n + 1, sizeof *args);
    for (size_t i = 0; i < n; i++)
        args[i] = argv[i] ? tf_string(A, argv[i]) : tf_null(A, &tf_type_string);
    tf_fcall fc = {.arena = A};
    const tf_value *v = tf_function_run(&fc, f, args, n);
    *err = fc.error;
    *err_arg = fc.error_arg;
    return v;
}

static const char *str_of(const tf_value *v)
{
    return tf_is_known(v) && v->type->kind == TF_STRING ? v->u.str.ptr : NULL;
}

/* ---- arn_parse and arn_build ---- */

static const struct {
    const char *arn;
    const char *partition, *service, *region, *account, *resource;
} parse_ok[] = {
    {"arn:aws:iam::123456789012:role/path/to/name", "aws", "iam", "", "123456789012",
     "role/path/to/name"},
    {"arn:aws:ec2:us-east-1:123456789012:vpc/vpc-0123456789abcdef0", "aws", "ec2", "us-east-1",
     "123456789012", "vpc/vpc-0123456789abcdef0"},
    {"arn:aws-cn:ec2:cn-north-1:123456789012:subnet/subnet-1", "aws-cn", "ec2", "cn-north-1",
     "123456789012", "subnet/subnet-1"},
    {"arn:aws-us-gov:iam::123456789012:role/r", "aws-us-gov", "iam", "", "123456789012",
     "role/r"},
    {"arn:aws-iso:s3:::b", "aws-iso", "s3", "", "", "b"},
    {"arn:aws-iso-b:sqs:us-isob-east-1:123456789012:q", "aws-iso-b", "sqs", "us-isob-east-1",
     "123456789012", "q"},
    /* S3: empty region and account */
    {"arn:aws:s3:::my-bucket/some/key.txt", "aws", "s3", "", "", "my-bucket/some/key.txt"},
    /* the resource keeps every ':' after the fifth */
    {"arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/fn:*", "aws", "logs",
     "us-east-1", "123456789012", "log-group:/aws/lambda/fn:*"},
    {"arn:aws:ecs:us-east-1:123456789012:task-definition/web:3", "aws", "ecs", "us-east-1",
     "123456789012", "task-definition/web:3"},
    /* only the prefix and the count of sections are checked */
    {"arn:::::", "", "", "", "", ""},
    {"arn:x:y:z:w:", "x", "y", "z", "w", ""},
    {"arn:aws:s3:::", "aws", "s3", "", "", ""},
};

static const struct {
    const char *arn, *error;
} parse_bad[] = {
    {"", "arn: invalid prefix"},
    {"arn", "arn: invalid prefix"},
    {"ARN:aws:s3:::b", "arn: invalid prefix"},
    {" arn:aws:s3:::b", "arn: invalid prefix"},
    {"aws:s3:::bucket", "arn: invalid prefix"},
    {"arn:", "arn: not enough sections"},
    {"arn:aws:s3::", "arn: not enough sections"},
    {"arn:aws:s3::bucket", "arn: not enough sections"},
    {"arn:aws:iam:123456789012:role/r", "arn: not enough sections"},
};

static void test_arn_parse_and_build(void)
{
    static const char *const fields[] = {"partition", "service", "region", "account_id",
                                         "resource"};
    for (size_t i = 0; i < sizeof parse_ok / sizeof *parse_ok; i++) {
        const char *err;
        int64_t arg;
        const tf_value *v = call(&aws_fn_arn_parse_def, &parse_ok[i].arn, 1, &err, &arg);
        CHECK(v != NULL);
        if (!v) {
            printf("  arn_parse(%s): %s\n", parse_ok[i].arn, err);
            continue;
        }
        const char *want[] = {parse_ok[i].partition, parse_ok[i].service, parse_ok[i].region,
                              parse_ok[i].account, parse_ok[i].resource};
        for (size_t k = 0; k < 5; k++)
            CHECK_STR(str_of(tf_get(v, fields[k])), want[k]);
        /* arn_build joins the parts back into the same ARN */
        const tf_value *b = call(&aws_fn_arn_build_def, want, 5, &err, &arg);
        CHECK_STR(str_of(b), parse_ok[i].arn);
    }
    for (size_t i = 0; i < sizeof parse_bad / sizeof *parse_bad; i++) {
        const char *err;
        int64_t arg;
        const tf_value *v = call(&aws_fn_arn_parse_def, &parse_bad[i].arn, 1, &err, &arg);
        CHECK(v == NULL);
        CHECK_STR(err, parse_bad[i].error);
        CHECK(arg == -1); /* as hashicorp/aws: the error names no argument */
    }
    /* arn_build checks nothing, as hashicorp/aws */
    const char *odd[] = {"", "", "", "", ""};
    const char *err;
    int64_t arg;
    CHECK_STR(str_of(call(&aws_fn_arn_build_def, odd, 5, &err, &arg)), "arn:::::");
    const char *colons[] = {"aws", "s3", "", "", "a:b/c"};
    CHECK_STR(str_of(call(&aws_fn_arn_build_def, colons, 5, &err, &arg)), "arn:aws:s3:::a:b/c");
}

static void test_embedded_nul(void)
{
    /* Terraform strings may hold NUL: the sections keep every byte. */
    const tf_value *arg = tf_stringn(A, "arn:aws:s3:::a\0b", 16);
    tf_fcall fc = {.arena = A};
    const tf_value *v = tf_function_run(&fc, &aws_fn_arn_parse_def, &arg, 1);
    const tf_value *res = tf_get(v, "resource");
    CHECK(res && res->u.str.len == 3 && memcmp(res->u.str.ptr, "a\0b", 3) == 0);
}

/* ---- trim_iam_role_path ---- */

static const struct {
    const char *arn, *want, *error;
} trims[] = {
    {"arn:aws:iam::123456789012:role/path/to/name", "arn:aws:iam::123456789012:role/name",
     NULL},
    {"arn:aws:iam::123456789012:role/name", "arn:aws:iam::123456789012:role/name", NULL},
    {"arn:aws-cn:iam::123456789012:role/a/b", "arn:aws-cn:iam::123456789012:role/b", NULL},
    {"arn:aws-us-gov:iam::123456789012:role/service-role/x",
     "arn:aws-us-gov:iam::123456789012:role/x", NULL},
    {"arn:aws:iam:::role/a/", "arn:aws:iam:::role/", NULL},
    {"arn:aws:iam::123456789012:role/", "arn:aws:iam::123456789012:role/", NULL},
    {"arn:aws:iam::123456789012:role/a:b/c:d", "arn:aws:iam::123456789012:role/c:d", NULL},
    {"arn:aws:sts::123456789012:role/a/b", NULL, "service must be \"iam\""},
    {"arn:aws:IAM::123456789012:role/a/b", NULL, "service must be \"iam\""},
    {"arn:aws:iam:us-east-1:123456789012:role/a/b", NULL, "region must be empty"},
    {"arn:aws:iam::123456789012:user/a/b", NULL, "resource must begin with \"role/\""},
    {"arn:aws:iam::123456789012:role", NULL, "resource must begin with \"role/\""},
    {"arn:aws:iam::123456789012:Role/a", NULL, "resource must begin with \"role/\""},
    {"role/a/b", NULL, "arn: invalid prefix"},
    {"arn:aws:iam::role/a/b", NULL, "arn: not enough sections"},
};

static void test_trim_iam_role_path(void)
{
    for (size_t i = 0; i < sizeof trims / sizeof *trims; i++) {
        const char *err;
        int64_t arg;
        const tf_value *v = call(&aws_fn_trim_iam_role_path_def, &trims[i].arn, 1, &err, &arg);
        if (trims[i].want) {
            CHECK_STR(str_of(v), trims[i].want);
        } else {
            CHECK(v == NULL);
            CHECK_STR(err, trims[i].error);
            CHECK(arg == -1);
        }
    }
}

/* ---- what the runtime checks before a function runs ---- */

static void test_arguments_checked(void)
{
    const char *err;
    int64_t arg;
    const char *args[] = {"aws", NULL, "", "", "x"};
    CHECK(call(&aws_fn_arn_build_def, args, 5, &err, &arg) == NULL);
    CHECK_STR(err, "argument must not be null");
    CHECK(arg == 1);
    CHECK(call(&aws_fn_arn_build_def, args, 1, &err, &arg) == NULL);
    CHECK_STR(err, "function \"arn_build\" takes 5 arguments, got 1");
    const tf_value *unknown = tf_unknown(A, &tf_type_string);
    tf_fcall fc = {.arena = A};
    CHECK(tf_function_run(&fc, &aws_fn_arn_parse_def, &unknown, 1) == NULL);
    CHECK(fc.error_arg == 0);
}

/* ---- signatures ---- */

static void test_signatures_match_reference(void)
{
    const char *src = getenv("TFP_SOURCE");
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/e2e/fixtures/functions/hashicorp-functions.json",
             src ? src : "../..");
    json_error_t jerr;
    json_t *ref = json_load_file(path, 0, &jerr);
    CHECK(ref != NULL);
    if (!ref) {
        printf("  cannot read %s: %s\n", path, jerr.text);
        return;
    }
    const tf_function_def *defs[] = {&aws_fn_arn_build_def, &aws_fn_arn_parse_def,
                                     &aws_fn_trim_iam_role_path_def};
    CHECK(json_object_size(ref) == sizeof defs / sizeof *defs);
    for (size_t i = 0; i < sizeof defs / sizeof *defs; i++) {
        char *text = tf_function_to_json(A, defs[i]);
        CHECK(text != NULL);
        json_t *mine = text ? json_loads(text, 0, NULL) : NULL;
        json_t *want = json_object_get(ref, defs[i]->name);
        CHECK(mine && want && json_equal(mine, want));
        if (!(mine && want && json_equal(mine, want)))
            printf("  %s: ours %s\n", defs[i]->name, text ? text : "(none)");
        json_decref(mine);
    }
    json_decref(ref);
}

int main(void)
{
    A = tf_arena_new();
    test_arn_parse_and_build();
    test_embedded_nul();
    test_trim_iam_role_path();
    test_arguments_checked();
    test_signatures_match_reference();
    tf_arena_free(A);
    return test_finish();
}

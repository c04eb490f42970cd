/* test_autoscaling.c - the pieces of the Auto Scaling resources that need
 * no AWS: the aws_autoscaling_group state upgrade from schema version 0,
 * base64 (aws/base64.c: user data encoding, its hash decoding) and the "not found" convention. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "../../aws/autoscaling/autoscaling_common.h"
#include "../../aws/base64.h"
#include "resources.h"
#include "check.h"

static const tf_value *upgrade(tf_arena *a, int64_t from, const char *json)
{
    char *err = NULL;
    const tf_value *v = tf_json_decode_dynamic(a, json, strlen(json), &err);
    CHECK(v != NULL);
    tf_diags diags;
    tf_diags_init(&diags, a);
    tf_ctx ctx = {.arena = a, .diags = &diags};
    return aws_autoscaling_group_def.upgrade(&ctx, from, v);
}

static void test_upgrade(tf_arena *a)
{
    CHECK(aws_autoscaling_group_def.version == 1);
    CHECK(aws_autoscaling_group_def.upgrade != NULL);
    /* Missing: set to false, the rest kept. */
    const tf_value *v = upgrade(a, 0, "{\"max_instance_lifetime\": 3600, \"name\": \"g\"}");
    const tf_value *f = tf_get(v, "ignore_failed_scaling_activities");
    CHECK(tf_is_known(f) && f->u.b == false);
    CHECK(strcmp(tf_get_str(v, "name", ""), "g") == 0);
    CHECK(tf_get_i64(v, "max_instance_lifetime", 0) == 3600);
    /* Null: set to false. */
    v = upgrade(a, 0, "{\"ignore_failed_scaling_activities\": null}");
    f = tf_get(v, "ignore_failed_scaling_activities");
    CHECK(tf_is_known(f) && f->u.b == false);
    /* Set: kept. */
    v = upgrade(a, 0, "{\"ignore_failed_scaling_activities\": true}");
    f = tf_get(v, "ignore_failed_scaling_activities");
    CHECK(tf_is_known(f) && f->u.b == true);
    /* Empty state: the one attribute. */
    v = upgrade(a, 0, "{}");
    CHECK(tf_is_known(tf_get(v, "ignore_failed_scaling_activities")));
}

static bool decodes_to(tf_arena *a, const char *s, const char *want)
{
    size_t n;
    const unsigned char *d = aws_base64_decode(a, s, strlen(s), &n);
    return want ? d && n == strlen(want) && memcmp(d, want, n) == 0 : d == NULL;
}

static void test_base64(tf_arena *a)
{
    CHECK(strcmp(aws_base64_encode(a, (const unsigned char *)"", 0), "") == 0);
    CHECK(strcmp(aws_base64_encode(a, (const unsigned char *)"f", 1), "Zg==") == 0);
    CHECK(strcmp(aws_base64_encode(a, (const unsigned char *)"fo", 2), "Zm8=") == 0);
    CHECK(strcmp(aws_base64_encode(a, (const unsigned char *)"foo", 3), "Zm9v") == 0);
    CHECK(strcmp(aws_base64_encode(a, (const unsigned char *)"#!/bin/bash\n", 12),
                 "IyEvYmluL2Jhc2gK") == 0);
    /* Decoding as Go's StdEncoding: padding required, line breaks skipped,
     * nothing after the padding. */
    CHECK(decodes_to(a, "", ""));
    CHECK(decodes_to(a, "Zg==", "f"));
    CHECK(decodes_to(a, "Zm8=", "fo"));
    CHECK(decodes_to(a, "Zm9v\r\nYmFy", "foobar"));
    CHECK(decodes_to(a, "IyEvYmluL2Jhc2gK", "#!/bin/bash\n"));
    CHECK(decodes_to(a, "Zg", NULL));
    CHECK(decodes_to(a, "Zg==Zg==", NULL));
    CHECK(decodes_to(a, "Z===", NULL));
    CHECK(decodes_to(a, "Zm9v!", NULL));
    CHECK(decodes_to(a, "echo hi", NULL));
}

static void test_not_found(void)
{
    aws_error e;
    aws_error_set(&e, AWS_ERR_API, "ValidationError", "Launch configuration name not found - x");
    CHECK(autoscaling_not_found(&e));
    aws_error_set(&e, AWS_ERR_API, "ValidationError", "Max bound, 1, must be greater");
    CHECK(!autoscaling_not_found(&e));
    aws_error_set(&e, AWS_ERR_API, "ResourceInUse", "not found");
    CHECK(!autoscaling_not_found(&e));
}

int main(void)
{
    tf_arena *a = tf_arena_new();
    test_upgrade(a);
    test_base64(a);
    test_not_found();
    tf_arena_free(a);
    return check_report();
}

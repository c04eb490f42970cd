/* test_acm.c - the ACM types' own logic without AWS: timestamps as the Go
 * SDK reads json 1.1 epoch seconds and as hashicorp/aws writes them (the
 * validation's id in time.String() form, not_after in RFC 3339), and the
 * validation's refusal to import. */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "acm/acm_common.h"
#include "provider.h"
#include "resources.h"
#include "check.h"

static const char *go_time(tf_arena *a, const char *json_text)
{
    json_t *o = json_loads(json_text, 0, NULL);
    const char *s = acm_go_time_string(a, o, "IssuedAt");
    json_decref(o);
    return s;
}

static const char *rfc3339(tf_arena *a, const char *json_text)
{
    json_t *o = json_loads(json_text, 0, NULL);
    const char *s = acm_rfc3339(a, o, "NotAfter");
    json_decref(o);
    return s;
}

static void test_times(tf_arena *a)
{
    /* time.Time.String(): fraction without trailing zeros, none when zero */
    CHECK_STR(go_time(a, "{\"IssuedAt\": 1765148400.123}"),
              "2025-12-07 23:00:00.123 +0000 UTC");
    CHECK_STR(go_time(a, "{\"IssuedAt\": 1765148400.1}"), "2025-12-07 23:00:00.1 +0000 UTC");
    CHECK_STR(go_time(a, "{\"IssuedAt\": 1765148400.12}"), "2025-12-07 23:00:00.12 +0000 UTC");
    CHECK_STR(go_time(a, "{\"IssuedAt\": 1765148400}"), "2025-12-07 23:00:00 +0000 UTC");
    /* smithy-go keeps whole milliseconds: a finer fraction is cut */
    CHECK_STR(go_time(a, "{\"IssuedAt\": 1765148400.9999}"),
              "2025-12-07 23:00:00.999 +0000 UTC");
    /* IssuedAt absent (not issued yet): aws.ToTime(nil), the zero time */
    CHECK_STR(go_time(a, "{}"), "0001-01-01 00:00:00 +0000 UTC");
    CHECK_STR(go_time(a, "{\"IssuedAt\": \"soon\"}"), "0001-01-01 00:00:00 +0000 UTC");
    /* RFC 3339 drops the fraction */
    CHECK_STR(rfc3339(a, "{\"NotAfter\": 1799280000.75}"), "2027-01-07T00:00:00Z");
    CHECK(rfc3339(a, "{}") == NULL);
}

static void test_validation_has_no_import(tf_arena *a)
{
    tf_diags diags;
    tf_diags_init(&diags, a);
    tf_ctx ctx = {.arena = a, .diags = &diags};
    CHECK(aws_acm_certificate_validation_def.import(&ctx, "x") == NULL);
    CHECK(diags.n == 1);
    CHECK(diags.n == 1 &&
          strstr(diags.items[0].summary, "doesn't support import") != NULL);
    /* The certificate imports by ARN: the runtime's import by id. */
    CHECK(aws_acm_certificate_def.import == NULL);
}

int main(void)
{
    tf_arena *a = tf_arena_new();
    test_times(a);
    test_validation_has_no_import(a);
    tf_arena_free(a);
    return check_report();
}

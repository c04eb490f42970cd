/* test_validate.c - the schema validators of provider/validate.c.
 *
 * Every validator is fed good and bad values; for bad ones the test checks
 * that exactly the expected diagnostics appear, that they carry the path and
 * attribute name they were given, and that the detail says what was wrong. */
#include <stdio.h>
#include <string.h>

#include "duration.h"
#include "schema.h"
#include "check.h"

static tf_arena *A;

/* Runs one validator on v as attribute "attr" at path attr; returns the
 * diagnostics. */
static tf_diags run_at(const tf_validator *val, const tf_value *v, const tf_path *path,
                       const char *attr)
{
    tf_diags d;
    tf_diags_init(&d, A);
    tf_validator list[2] = {*val, TF_V_END};
    tf_validate_run(A, &d, path, attr, list, v);
    return d;
}

static tf_diags run(const tf_validator *val, const tf_value *v)
{
    return run_at(val, v, tf_path_attr(A, tf_path_root(A), "attr"), "attr");
}

static const tf_value *S(const char *s) { return tf_string(A, s); }
static const tf_value *N(const char *text) { return tf_number_text(A, text); }

/* Expects no diagnostics. */
#define OK(val, v)                                                                   \
    do {                                                                             \
        tf_validator _val = val;                                                     \
        tf_diags _d = run(&_val, (v));                                               \
        CHECK_MSG(_d.n == 0, "%s on %s: unexpected error: %s", #val, #v,                 \
                  _d.n ? _d.items[0].detail : "");                                       \
    } while (0)

/* Expects exactly one error whose detail contains want. */
#define BAD(val, v, want)                                                            \
    do {                                                                             \
        tf_validator _val = val;                                                     \
        tf_diags _d = run(&_val, (v));                                               \
        CHECK_MSG(_d.n == 1, "%s on %s: expected 1 error, got %zu", #val, #v, _d.n);     \
        if (_d.n >= 1) {                                                             \
            CHECK_MSG(_d.items[0].severity == TF_SEV_ERROR, "%s: not an error", #val);   \
            CHECK_MSG(strstr(_d.items[0].detail, (want)) != NULL,                        \
                      "%s on %s: detail \"%s\" lacks \"%s\"", #val, #v,                  \
                      _d.items[0].detail, (want));                                       \
            CHECK_MSG(strcmp(_d.items[0].summary, "Invalid value for \"attr\"") == 0,    \
                      "summary is \"%s\"", _d.items[0].summary);                         \
            CHECK_MSG(_d.items[0].path &&                                                \
                      strcmp(tf_path_string(A, _d.items[0].path), "attr") == 0,      \
                      "%s: diagnostic lost its path", #val);                             \
        }                                                                            \
    } while (0)

static const char *const tenancy[] = {"default", "dedicated", NULL};
static const int64_t netmasks[] = {44, 48, 52, 56, 60};

static void test_one_of(void)
{
    OK(TF_V_ONE_OF(tenancy), S("default"));
    OK(TF_V_ONE_OF(tenancy), S("dedicated"));
    BAD(TF_V_ONE_OF(tenancy), S("foo"), "expected attr to be one of [\"default\" \"dedicated\"], got foo");
    BAD(TF_V_ONE_OF(tenancy), S("Default"), "got Default");
    BAD(TF_V_ONE_OF(tenancy), S(""), "got ");
    BAD(TF_V_ONE_OF(tenancy), S("defaultx"), "got defaultx");
    OK(TF_V_ONE_OF_CI(tenancy), S("DEFAULT"));
    BAD(TF_V_ONE_OF_CI(tenancy), S("host"), "got host");
    BAD(TF_V_ONE_OF(tenancy), N("3"), "to be string");
}

static void test_ints(void)
{
    OK(TF_V_INT_BETWEEN(1, 10), N("1"));
    OK(TF_V_INT_BETWEEN(1, 10), N("10"));
    BAD(TF_V_INT_BETWEEN(1, 10), N("11"), "expected attr to be in the range (1 - 10), got 11");
    BAD(TF_V_INT_BETWEEN(1, 10), N("0"), "got 0");
    BAD(TF_V_INT_BETWEEN(-1, 100), N("-2"), "(-1 - 100), got -2");
    BAD(TF_V_INT_BETWEEN(1, 10), N("1.5"), "whole number, got 1.5");
    BAD(TF_V_INT_BETWEEN(1, 10), S("5"), "to be integer");
    OK(TF_V_INT_AT_LEAST(0), N("0"));
    OK(TF_V_INT_AT_LEAST(-1), N("99999999"));
    BAD(TF_V_INT_AT_LEAST(1), N("0"), "expected attr to be at least (1), got 0");
    OK(TF_V_INT_ONE_OF(netmasks, 5), N("56"));
    BAD(TF_V_INT_ONE_OF(netmasks, 5), N("57"), "to be one of [44 48 52 56 60], got 57");
}

static void test_strings(void)
{
    OK(TF_V_STRLEN(0, 3), S(""));
    OK(TF_V_STRLEN(1, 3), S("abc"));
    BAD(TF_V_STRLEN(1, 3), S(""), "expected length of attr to be in the range (1 - 3)");
    BAD(TF_V_STRLEN(1, 3), S("abcd"), "(4 characters)");

    OK(TF_V_REGEX("^[0-9A-Za-z-]+$", "only alphanumerics"), S("my-lb-1"));
    BAD(TF_V_REGEX("^[0-9A-Za-z-]+$", "only alphanumerics"), S("my_lb"),
        "invalid value for attr (only alphanumerics), got my_lb");
    BAD(TF_V_REGEX("^[245][0-9][0-9]$", NULL), S("600"),
        "expected value of attr to match regular expression \"^[245][0-9][0-9]$\", got 600");
    OK(TF_V_REGEX("^[245][0-9][0-9]$", NULL), S("404"));
    OK(TF_V_NOT_REGEX("^sg-", "cannot begin with sg-"), S("web"));
    BAD(TF_V_NOT_REGEX("^sg-", "cannot begin with sg-"), S("sg-web"), "cannot begin with sg-");
    /* Unanchored patterns match anywhere, as in Go. */
    OK(TF_V_REGEX("[-A-Za-z0-9_/]+", "x"), S("  a  "));
    BAD(TF_V_REGEX("[-A-Za-z0-9_/]+", "x"), S("   "), "invalid value");
    /* A NUL byte cannot sneak past an anchored pattern. */
    OK(TF_V_REGEX("^[a-z]*$", NULL), S("abc"));
    BAD(TF_V_REGEX("^[a-z]*$", NULL), tf_stringn(A, "ab\0;", 4), "to match");
}

static void test_cidr(void)
{
    /* IsCIDRNetwork: canonical text, either family. */
    OK(TF_V_CIDR, S("10.0.0.0/16"));
    OK(TF_V_CIDR, S("0.0.0.0/0"));
    OK(TF_V_CIDR, S("2001:db8::/32"));
    BAD(TF_V_CIDR, S("10.0.0.1/16"), "did you mean \"10.0.0.0/16\"");
    BAD(TF_V_CIDR, S("2001:DB8::/32"), "did you mean \"2001:db8::/32\"");
    BAD(TF_V_CIDR, S("10.0.0.0"), "is not a valid CIDR block");
    BAD(TF_V_CIDR, S("10.0.0.0/33"), "is not a valid CIDR block");
    /* The same network whatever its spelling; prefix and family count. */
    CHECK_MSG(tf_cidr_same("2001:DB8:0::/32", "2001:db8::/32"), "spelling");
    CHECK_MSG(!tf_cidr_same("2001:db8::/32", "2001:db8::/33"), "prefix");
    CHECK_MSG(!tf_cidr_same("::/0", "0.0.0.0/0"), "family");
    CHECK_MSG(!tf_cidr_same("2001:db8::/32", "not-a-block"), "unparsable");
    BAD(TF_V_CIDR, S("banana/8"), "is not a valid CIDR block");
    BAD(TF_V_CIDR, S(""), "is not a valid CIDR block");
    BAD(TF_V_CIDR_BETWEEN(16, 28), S("10.0.0.0/8"), "between 16 and 28 significant bits, got: 8");

    /* IPv4 networks with netmask bounds. */
    OK(TF_V_IPV4_CIDR(16, 28), S("10.0.0.0/16"));
    OK(TF_V_IPV4_CIDR(16, 28), S("10.0.0.16/28"));
    BAD(TF_V_IPV4_CIDR(16, 28), S("10.0.0.0/8"), "between 16 and 28 significant bits, got: 8");
    BAD(TF_V_IPV4_CIDR(16, 28), S("10.0.0.0/29"), "got: 29");
    BAD(TF_V_IPV4_CIDR(0, 32), S("10.0.1.0/16"), "did you mean \"10.0.0.0/16\"");
    BAD(TF_V_IPV4_CIDR(0, 32), S("2001:db8::/32"), "is not a valid IPv4 CIDR block");
    BAD(TF_V_IPV4_CIDR(0, 32), S("010.0.0.0/8"), "is not a valid IPv4 CIDR block");
    BAD(TF_V_IPV4_CIDR(0, 32), S("10.0.0.0/ 8"), "is not a valid IPv4 CIDR block");
    OK(TF_V_IPV4_CIDR(0, 32), S("192.168.1.7/32"));

    /* IPv6 networks: compared by value, not by spelling. */
    OK(TF_V_IPV6_CIDR, S("2001:db8::/32"));
    OK(TF_V_IPV6_CIDR, S("2001:DB8:0::/32"));
    OK(TF_V_IPV6_CIDR, S("::/0"));
    BAD(TF_V_IPV6_CIDR, S("2001:db8::1/64"), "did you mean \"2001:db8::/64\"");
    BAD(TF_V_IPV6_CIDR, S("10.0.0.0/8"), "is not a valid IPv6 CIDR block");
    BAD(TF_V_IPV6_CIDR, S("2001:db8::/129"), "is not a valid IPv6 CIDR block");
    OK(TF_V_IPV6_CIDR_BETWEEN(44, 60), S("2600:1f18:abc:de00::/56"));
    BAD(TF_V_IPV6_CIDR_BETWEEN(44, 60), S("2600:1f18:abc:de00::/64"), "got: 64");
}

static void test_json(void)
{
    OK(TF_V_JSON, S("{\"Version\":\"2012-10-17\"}"));
    OK(TF_V_JSON, S("[1, 2]"));
    OK(TF_V_JSON, S("\"text\""));
    OK(TF_V_JSON, S(""));
    BAD(TF_V_JSON, S("{\"a\":"), "\"attr\" contains an invalid JSON");
    BAD(TF_V_JSON, S("{} trailing"), "contains an invalid JSON");
}

static void test_duration(void)
{
    static const struct {
        const char *in;
        int64_t ns;
    } good[] = {
        {"0", 0},
        {"10m", 600000000000LL},
        {"1h30m", 5400000000000LL},
        {"1.5h", 5400000000000LL},
        {"300ms", 300000000LL},
        {"2us", 2000LL},
        {"2\xc2\xb5s", 2000LL},
        {".5s", 500000000LL},
        {"+5s", 5000000000LL},
        {"-5s", -5000000000LL},
        {"1h1m1s1ms1us1ns", 3661001001001LL},
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        int64_t ns = -42;
        char err[128] = "";
        bool ok = tf_duration_parse(good[i].in, strlen(good[i].in), &ns, err, sizeof err);
        CHECK_MSG(ok && ns == good[i].ns, "duration %s: ok=%d ns=%lld err=%s", good[i].in, ok,
                  (long long)ns, err);
    }
    static const struct {
        const char *in, *err;
    } bad[] = {
        {"", "time: invalid duration \"\""},
        {"10", "time: missing unit in duration \"10\""},
        {"1d", "time: unknown unit \"d\" in duration \"1d\""},
        {"abc", "time: invalid duration \"abc\""},
        {".s", "time: invalid duration \".s\""},
        {"-", "time: invalid duration \"-\""},
        {"9999999999h", "time: invalid duration \"9999999999h\""},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t ns;
        char err[128] = "";
        bool ok = tf_duration_parse(bad[i].in, strlen(bad[i].in), &ns, err, sizeof err);
        CHECK_MSG(!ok && strcmp(err, bad[i].err) == 0, "duration \"%s\": ok=%d err=%s", bad[i].in,
                  ok, err);
    }
    OK(TF_V_DURATION, S("10m"));
    OK(TF_V_DURATION, S("0"));
    BAD(TF_V_DURATION, S("10"), "\"attr\" cannot be parsed as a duration: time: missing unit");
    BAD(TF_V_DURATION, S("5 minutes"), "cannot be parsed as a duration");
    BAD(TF_V_DURATION, S("-5m"), "\"attr\" must be greater than zero, got -5m");
}

static void test_arn(void)
{
    OK(TF_V_ARN, S("arn:aws:iam::123456789012:role/ecsInstanceRole"));
    OK(TF_V_ARN, S("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg/0123456789abcdef"));
    OK(TF_V_ARN, S("arn:aws-us-gov:s3:::bucket"));
    OK(TF_V_ARN, S("arn:aws:iam::aws:policy/AdministratorAccess"));
    OK(TF_V_ARN, S(""));
    BAD(TF_V_ARN, S("role/x"), "\"attr\" (role/x) is an invalid ARN: arn: invalid prefix");
    BAD(TF_V_ARN, S("arn:aws:iam"), "arn: not enough sections");
    BAD(TF_V_ARN, S("arn::iam::123456789012:role/x"), "missing partition value");
    BAD(TF_V_ARN, S("arn:azure:iam::123456789012:role/x"), "invalid partition value");
    BAD(TF_V_ARN, S("arn:aws:ec2:useast1:123456789012:vpc/x"), "invalid region value");
    BAD(TF_V_ARN, S("arn:aws:iam::12345:role/x"), "invalid account ID value");
    BAD(TF_V_ARN, S("arn:aws:iam::123456789012:"), "missing resource value");
}

static void test_string_carried(void)
{
    OK(TF_V_NULLABLE_INT(0, 3600), S(""));
    OK(TF_V_NULLABLE_INT(0, 3600), S("300"));
    OK(TF_V_NULLABLE_INT(0, 3600), S("+0"));
    BAD(TF_V_NULLABLE_INT(0, 3600), S("3601"), "expected attr to be in the range (0 - 3600), got 3601");
    BAD(TF_V_NULLABLE_INT(0, 3600), S("5m"), "attr: cannot parse '5m' as int");
    BAD(TF_V_NULLABLE_INT(0, INT64_MAX), S("-1"), "expected attr to be at least (0), got -1");
    OK(TF_V_NULLABLE_BOOL, S(""));
    OK(TF_V_NULLABLE_BOOL, S("true"));
    OK(TF_V_NULLABLE_BOOL, S("F"));
    OK(TF_V_NULLABLE_BOOL, S("0"));
    BAD(TF_V_NULLABLE_BOOL, S("yes"), "attr: cannot parse 'yes' as boolean");
}

static void test_addresses(void)
{
    OK(TF_V_IPV4_ADDRESS, S("10.0.0.1"));
    BAD(TF_V_IPV4_ADDRESS, S("10.0.0.256"), "expected attr to contain a valid IPv4 address, got: 10.0.0.256");
    BAD(TF_V_IPV4_ADDRESS, S("2001:db8::1"), "valid IPv4 address");
    OK(TF_V_IPV6_ADDRESS, S("2001:db8::1"));
    OK(TF_V_IPV6_ADDRESS, S("10.0.0.1")); /* as Go's IsIPv6Address */
    BAD(TF_V_IPV6_ADDRESS, S("2001:db8::g"), "valid IPv6 address");
    OK(TF_V_FLOAT_ABOVE(0), N("0.5"));
    BAD(TF_V_FLOAT_ABOVE(0), N("0"), "expected attr to be greater than (0), got 0");
    BAD(TF_V_FLOAT_ABOVE(0), N("-1.5"), "got -1.5");
    OK(TF_V_BASE64, S("aGVsbG8="));
    OK(TF_V_BASE64, S("aGVs\nbG8h"));
    OK(TF_V_BASE64, S(""));
    BAD(TF_V_BASE64, S("aGVsbG8"), "\"attr\" (aGVsbG8) must be base64-encoded");
    BAD(TF_V_BASE64, S("a$==abcd"), "must be base64-encoded");
    BAD(TF_V_BASE64, S("ab=c"), "must be base64-encoded");
}

/* Collections: each element is checked and keeps its own path step. */
static void test_collections(void)
{
    const tf_value *items[] = {S("10.0.0.0/16"), S("10.0.0.1/24"), tf_unknown(A, &tf_type_string),
                               S("192.168.0.0/16")};
    const tf_value *list = tf_list(A, &tf_type_string, 4, items);
    tf_validator v = TF_V_IPV4_CIDR(0, 32);
    const tf_path *at = tf_path_attr(A, tf_path_attr(A, tf_path_root(A), "ingress"), "cidr_blocks");
    tf_diags d = run_at(&v, list, at, "cidr_blocks");
    CHECK_MSG(d.n == 1, "list: expected 1 error, got %zu", d.n);
    if (d.n == 1) {
        const char *p = tf_path_string(A, d.items[0].path);
        CHECK_MSG(strcmp(p, "ingress.cidr_blocks[1]") == 0, "list element path is %s", p);
        CHECK_MSG(strstr(d.items[0].detail, "10.0.0.1/24") != NULL, "detail: %s", d.items[0].detail);
        CHECK_MSG(strcmp(d.items[0].summary, "Invalid value for \"cidr_blocks\"") == 0, "summary: %s",
                  d.items[0].summary);
    }

    const char *keys[] = {"a", "b"};
    const tf_value *vals[] = {S("dedicated"), S("shared")};
    const tf_value *map = tf_map(A, &tf_type_string, 2, keys, vals);
    tf_validator e = TF_V_ONE_OF(tenancy);
    d = run_at(&e, map, tf_path_attr(A, tf_path_root(A), "m"), "m");
    CHECK_MSG(d.n == 1, "map: expected 1 error, got %zu", d.n);
    if (d.n == 1)
        CHECK_MSG(strcmp(tf_path_string(A, d.items[0].path), "m[\"b\"]") == 0, "map path is %s",
                  tf_path_string(A, d.items[0].path));

    const tf_value *sv[] = {S("EC2"), S("LAMBDA")};
    static const char *const compat[] = {"EC2", "FARGATE", NULL};
    tf_validator c = TF_V_ONE_OF(compat);
    d = run(&c, tf_set(A, &tf_type_string, 2, sv));
    CHECK_MSG(d.n == 1 && strstr(d.items[0].detail, "got LAMBDA"), "set element not checked");
}

/* tf_validate_run skips values that cannot be judged yet and runs every
 * validator of the list. */
static void test_run(void)
{
    tf_diags d;
    tf_diags_init(&d, A);
    const tf_validator two[] = {TF_V_STRLEN(0, 3), TF_V_NOT_REGEX("^sg-", "no sg-"), TF_V_END};
    const tf_path *p = tf_path_root(A);
    tf_validate_run(A, &d, p, "name", two, tf_null(A, &tf_type_string));
    tf_validate_run(A, &d, p, "name", two, tf_unknown(A, &tf_type_string));
    tf_validate_run(A, &d, p, "name", two, NULL);
    tf_validate_run(A, &d, p, "name", NULL, S("anything"));
    CHECK_MSG(d.n == 0, "null/unknown values were validated (%zu diagnostics)", d.n);
    tf_validate_run(A, &d, p, "name", two, S("sg-12345"));
    CHECK_MSG(d.n == 2, "both validators should fail, got %zu", d.n);
    CHECK_MSG(tf_diags_has_error(&d), "no error recorded");
}

int main(void)
{
    A = tf_arena_new();
    test_one_of();
    test_ints();
    test_strings();
    test_cidr();
    test_json();
    test_duration();
    test_arn();
    test_string_carried();
    test_addresses();
    test_collections();
    test_run();
    tf_arena_free(A);
    return check_report();
}

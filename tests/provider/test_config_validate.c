/* test_config_validate.c - unit tests for tf_config_validate().
 *
 * The diagnostics expected here are the ones hashicorp/aws 5.100.0 (SDKv2)
 * gives for the same rules, as seen with `terraform validate -json`, e.g.
 * for aws_vpc { cidr_block = ..., ipv4_netmask_length = 16 }:
 *   "Conflicting configuration arguments" /
 *   "\"cidr_block\": conflicts with ipv4_netmask_length". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "check.h"

static tf_arena *A;
static tf_arena *STATIC_A;

/* A validator of our own, so that these tests depend on validate.c only
 * through the interface: records what it saw, rejects "bad". */
static int validator_calls;

static void no_bad(const tf_validator *self, tf_vctx *vc, const tf_value *v)
{
    (void)self;
    validator_calls++;
    if (v->type->kind == TF_STRING && strcmp(v->u.str.ptr, "bad") == 0)
        tf_diag_error(vc->diags, vc->path, "bad value", "%s may not be bad", vc->attr);
}

static const tf_validator no_bad_v[] = {{no_bad, NULL, 0, 0, NULL}, TF_V_END};

static const char *const conflicts_cidr[] = {"netmask", NULL};
static const char *const conflicts_netmask[] = {"cidr_block", NULL};
static const char *const netmask_needs_pool[] = {"pool", NULL};
static const char *const subnet_or_gw[] = {"subnet_id", "gateway_id", NULL};
static const char *const lc_or_lt[] = {"launch_configuration", "launch_template", NULL};
static const char *const some_tag[] = {"tag_a", "tag_b", NULL};
static const char *const lt_id_vs_name[] = {"launch_template.0.name", NULL};
static const char *const lt_name_vs_id[] = {"launch_template.0.id", NULL};

static tf_attribute lt_attrs[] = {
    {.name = "id", .type = "string", .flags = TF_OPTIONAL, .conflicts_with = lt_id_vs_name},
    {.name = "name", .type = "string", .flags = TF_OPTIONAL, .conflicts_with = lt_name_vs_id,
     .validators = no_bad_v},
    {0},
};
static tf_block lt_block = {.attrs = lt_attrs};

static tf_attribute rule_attrs[] = {
    {.name = "value", .type = "string", .flags = TF_OPTIONAL, .validators = no_bad_v},
    {0},
};
static tf_block rule_block = {.attrs = rule_attrs};

static tf_attribute attrs[] = {
    {.name = "arn", .type = "string", .flags = TF_COMPUTED},
    {.name = "cidr_block", .type = "string", .flags = TF_OPTIONAL | TF_COMPUTED,
     .conflicts_with = conflicts_cidr, .validators = no_bad_v},
    {.name = "gateway_id", .type = "string", .flags = TF_OPTIONAL, .exactly_one_of = subnet_or_gw},
    {.name = "launch_configuration", .type = "string", .flags = TF_OPTIONAL,
     .exactly_one_of = lc_or_lt},
    {.name = "netmask", .type = "number", .flags = TF_OPTIONAL, .conflicts_with = conflicts_netmask,
     .required_with = netmask_needs_pool},
    {.name = "old", .type = "string", .flags = TF_OPTIONAL | TF_DEPRECATED,
     .deprecation = "Use new instead."},
    {.name = "pool", .type = "string", .flags = TF_OPTIONAL},
    {.name = "subnet_id", .type = "string", .flags = TF_OPTIONAL, .exactly_one_of = subnet_or_gw},
    {.name = "tag_a", .type = "string", .flags = TF_OPTIONAL, .at_least_one_of = some_tag},
    {.name = "tag_b", .type = "list(string)", .flags = TF_OPTIONAL, .at_least_one_of = some_tag},
    {0},
};
static tf_nested_block blocks[] = {
    {.name = "launch_template", .nesting = TF_NEST_LIST, .block = &lt_block, .max_items = 1,
     .exactly_one_of = lc_or_lt},
    {.name = "rule", .nesting = TF_NEST_LIST, .block = &rule_block, .min_items = 1,
     .max_items = 2},
    {0},
};
static tf_block schema = {.attrs = attrs, .blocks = blocks};

static int extra_calls;

static void extra(tf_ctx *ctx, const tf_value *config)
{
    (void)ctx;
    (void)config;
    extra_calls++;
}

static tf_diags DIAGS;

static const tf_value *J(const char *json)
{
    char *err = NULL;
    const tf_value *v = tf_json_decode(A, json, strlen(json), schema.ctype, &err);
    if (!v) {
        fprintf(stderr, "bad JSON in test: %s: %s\n", json, err ? err : "?");
        exit(2);
    }
    return v;
}

/* A valid configuration, to which each test adds its problem. */
static const char *OK_BASE = "\"subnet_id\":\"s-1\",\"launch_configuration\":\"lc\","
                             "\"tag_a\":\"x\",\"rule\":[{\"value\":\"v\"}]";

static const tf_value *cfg(const char *extra_json)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "{%s%s%s}", OK_BASE, extra_json[0] ? "," : "", extra_json);
    return J(buf);
}

static void validate(const tf_value *config)
{
    tf_diags_init(&DIAGS, A);
    tf_ctx ctx = {.arena = A, .diags = &DIAGS, .type_name = "test"};
    tf_config_validate(&ctx, &schema, config, extra);
}

/* The only diagnostic has this severity, summary, detail and path. */
static bool one_diag(tf_severity sev, const char *summary, const char *detail, const char *path)
{
    if (DIAGS.n != 1) {
        fprintf(stderr, "  expected 1 diagnostic, got %zu\n", DIAGS.n);
        for (size_t i = 0; i < DIAGS.n; i++)
            fprintf(stderr, "    %s | %s\n", DIAGS.items[i].summary,
                    DIAGS.items[i].detail ? DIAGS.items[i].detail : "");
        return false;
    }
    const tf_diag *d = &DIAGS.items[0];
    const char *p = d->path ? tf_path_string(A, d->path) : "";
    bool ok = d->severity == sev && !strcmp(d->summary, summary) &&
              !strcmp(d->detail ? d->detail : "", detail) && !strcmp(p, path);
    if (!ok)
        fprintf(stderr, "  got %d %s | %s | %s\n", (int)d->severity, d->summary,
                d->detail ? d->detail : "", p);
    return ok;
}

static const tf_value *with(const tf_value *v, const char *name, const tf_value *nv)
{
    return tf_object_with(A, v, name, nv);
}

/* ---- tests ---- */

static void test_valid(void)
{
    extra_calls = validator_calls = 0;
    validate(cfg(""));
    CHECK(DIAGS.n == 0);
    CHECK(extra_calls == 1);
    CHECK(validator_calls == 1); /* rule[0].value */
}

static void test_conflicts_with(void)
{
    validate(cfg("\"cidr_block\":\"10.0.0.0/16\",\"netmask\":16,\"pool\":\"p\""));
    /* Both directions are reported, one per argument. */
    CHECK(DIAGS.n == 2);
    CHECK(DIAGS.n == 2 && !strcmp(DIAGS.items[0].summary, "Conflicting configuration arguments"));
    CHECK(DIAGS.n == 2 && !strcmp(DIAGS.items[0].detail, "\"cidr_block\": conflicts with netmask"));
    CHECK(DIAGS.n == 2 && !strcmp(tf_path_string(A, DIAGS.items[0].path), "cidr_block"));
    CHECK(DIAGS.n == 2 && !strcmp(DIAGS.items[1].detail, "\"netmask\": conflicts with cidr_block"));
    /* An unknown on either side may still turn out null: no error. */
    validate(with(cfg("\"cidr_block\":\"10.0.0.0/16\",\"pool\":\"p\""), "netmask",
                  tf_unknown(A, &tf_type_number)));
    CHECK(DIAGS.n == 0);
}

static void test_required_with(void)
{
    validate(cfg("\"netmask\":16"));
    CHECK(one_diag(TF_SEV_ERROR, "Missing required argument",
                   "\"netmask\": all of `netmask,pool` must be specified", "netmask"));
    /* unknown counts as set */
    validate(with(cfg("\"netmask\":16"), "pool", tf_unknown(A, &tf_type_string)));
    CHECK(DIAGS.n == 0);
}

static void test_exactly_one_of(void)
{
    validate(J("{\"launch_configuration\":\"lc\",\"tag_a\":\"x\",\"rule\":[{}]}"));
    CHECK(DIAGS.n == 2);
    CHECK(DIAGS.n == 2 && !strcmp(DIAGS.items[0].summary, "Invalid combination of arguments"));
    CHECK(DIAGS.n == 2 && !strcmp(DIAGS.items[0].detail,
                                  "\"gateway_id\": one of `gateway_id,subnet_id` must be specified"));
    CHECK(DIAGS.n == 2 && !strcmp(tf_path_string(A, DIAGS.items[1].path), "subnet_id"));
    validate(cfg("\"gateway_id\":\"igw-1\""));
    CHECK(DIAGS.n == 2 &&
          !strcmp(DIAGS.items[0].detail,
                  "\"gateway_id\": only one of `gateway_id,subnet_id` can be specified, "
                  "but `gateway_id,subnet_id` were specified."));
    /* An unknown one may be the one: no error either way. */
    validate(with(cfg("\"gateway_id\":\"igw-1\""), "subnet_id", tf_unknown(A, &tf_type_string)));
    CHECK(DIAGS.n == 0);
    validate(with(J("{\"launch_configuration\":\"lc\",\"tag_a\":\"x\",\"rule\":[{}]}"),
                  "subnet_id", tf_unknown(A, &tf_type_string)));
    CHECK(DIAGS.n == 0);
}

static void test_exactly_one_of_block(void)
{
    /* A block counts as set when there is one; an attribute and a block
     * in the same rule. */
    validate(J("{\"subnet_id\":\"s\",\"tag_a\":\"x\",\"rule\":[{}],"
               "\"launch_template\":[{\"id\":\"lt-1\"}]}"));
    CHECK(DIAGS.n == 0);
    validate(J("{\"subnet_id\":\"s\",\"tag_a\":\"x\",\"rule\":[{}],\"launch_template\":[]}"));
    CHECK(DIAGS.n == 2 && !strcmp(DIAGS.items[0].detail,
                                  "\"launch_configuration\": one of "
                                  "`launch_configuration,launch_template` must be specified"));
    CHECK(DIAGS.n == 2 && !strcmp(tf_path_string(A, DIAGS.items[1].path), "launch_template"));
}

static void test_at_least_one_of(void)
{
    validate(J("{\"subnet_id\":\"s\",\"launch_configuration\":\"lc\",\"rule\":[{}]}"));
    CHECK(DIAGS.n == 2 && !strcmp(DIAGS.items[0].summary, "Missing required argument") &&
          !strcmp(DIAGS.items[0].detail, "\"tag_a\": one of `tag_a,tag_b` must be specified"));
    /* an empty list attribute is set (blocks differ) */
    validate(J("{\"subnet_id\":\"s\",\"launch_configuration\":\"lc\",\"rule\":[{}],\"tag_b\":[]}"));
    CHECK(DIAGS.n == 0);
}

static void test_nested_conflicts(void)
{
    validate(J("{\"subnet_id\":\"s\",\"tag_a\":\"x\",\"rule\":[{}],"
               "\"launch_template\":[{\"id\":\"lt-1\",\"name\":\"n\"}]}"));
    CHECK(DIAGS.n == 2);
    CHECK(DIAGS.n == 2 && !strcmp(DIAGS.items[0].detail,
                                  "\"launch_template.0.id\": conflicts with launch_template.0.name"));
    CHECK(DIAGS.n == 2 &&
          !strcmp(tf_path_string(A, DIAGS.items[0].path), "launch_template[0].id"));
    CHECK(DIAGS.n == 2 && !strcmp(DIAGS.items[1].detail,
                                  "\"launch_template.0.name\": conflicts with launch_template.0.id"));
}

static void test_validators_and_unknowns(void)
{
    validate(cfg("\"cidr_block\":\"bad\""));
    CHECK(one_diag(TF_SEV_ERROR, "bad value", "cidr_block may not be bad", "cidr_block"));
    /* nested validator, with the element's path */
    validate(J("{\"subnet_id\":\"s\",\"launch_configuration\":\"lc\",\"tag_a\":\"x\","
               "\"rule\":[{\"value\":\"ok\"},{\"value\":\"bad\"}]}"));
    CHECK(one_diag(TF_SEV_ERROR, "bad value", "value may not be bad", "rule[1].value"));
    /* unknown values are not validated */
    validator_calls = 0;
    validate(with(cfg(""), "cidr_block", tf_unknown(A, &tf_type_string)));
    CHECK(DIAGS.n == 0);
    CHECK(validator_calls == 1); /* only rule[0].value */
    /* like the SDK, nothing inside a block with an unknown is checked */
    const tf_value *c = J("{\"subnet_id\":\"s\",\"launch_configuration\":\"lc\",\"tag_a\":\"x\","
                          "\"rule\":[{\"value\":\"bad\"},{\"value\":\"x\"}]}");
    const tf_value *rules = tf_get(c, "rule");
    const tf_value *items[2] = {rules->u.coll.items[0],
                                tf_object_with(A, rules->u.coll.items[1], "value",
                                               tf_unknown(A, &tf_type_string))};
    validate(with(c, "rule", tf_list(A, rules->type->elem, 2, items)));
    CHECK(DIAGS.n == 0);
    /* a wholly unknown config is not validated, nor given to extra() */
    extra_calls = 0;
    validate(tf_unknown(A, schema.ctype));
    CHECK(DIAGS.n == 0 && extra_calls == 0);
}

static void test_items(void)
{
    validate(J("{\"subnet_id\":\"s\",\"launch_configuration\":\"lc\",\"tag_a\":\"x\","
               "\"rule\":[{},{},{}]}"));
    CHECK(one_diag(TF_SEV_ERROR, "List longer than MaxItems",
                   "Attribute supports 2 item maximum, config has 3 declared", "rule"));
    validate(J("{\"subnet_id\":\"s\",\"launch_configuration\":\"lc\",\"tag_a\":\"x\","
               "\"rule\":[]}"));
    /* no blocks: nothing to count (core enforces min_items on known configs) */
    CHECK(DIAGS.n == 0);
}

static void test_deprecated_and_computed(void)
{
    validate(cfg("\"old\":\"x\""));
    CHECK(one_diag(TF_SEV_WARNING, "Argument is deprecated", "Use new instead.", "old"));
    validate(with(cfg(""), "old", tf_unknown(A, &tf_type_string)));
    CHECK(one_diag(TF_SEV_WARNING, "Argument is deprecated", "Use new instead.", "old"));
    validate(cfg("\"arn\":\"x\""));
    CHECK(one_diag(TF_SEV_ERROR, "Computed attributes cannot be set",
                   "Computed attributes cannot be set, but a value was set for \"arn\".", "arn"));
}

int main(void)
{
    STATIC_A = tf_arena_new();
    if (tf_schema_prepare(STATIC_A, &schema) != 0) {
        fprintf(stderr, "schema preparation failed\n");
        return 2;
    }
    struct {
        const char *name;
        void (*fn)(void);
    } tests[] = {
        {"valid", test_valid},
        {"conflicts_with", test_conflicts_with},
        {"required_with", test_required_with},
        {"exactly_one_of", test_exactly_one_of},
        {"exactly_one_of_block", test_exactly_one_of_block},
        {"at_least_one_of", test_at_least_one_of},
        {"nested_conflicts", test_nested_conflicts},
        {"validators_and_unknowns", test_validators_and_unknowns},
        {"items", test_items},
        {"deprecated_and_computed", test_deprecated_and_computed},
    };
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        int before = failed;
        A = tf_arena_new();
        tests[i].fn();
        tf_arena_free(A);
        if (failed != before)
            fprintf(stderr, "FAILED: %s\n", tests[i].name);
    }
    tf_arena_free(STATIC_A);
    return check_report();
}

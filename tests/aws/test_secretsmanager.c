/* test_secretsmanager.c - the Secrets Manager types' own logic without AWS:
 * base64 as Go's StdEncoding reads and writes it (secret_binary), the
 * secret's validation (hashicorp's name and recovery-window messages) and
 * the secret version's import ID ("<secret>|<version id>"). */
#include <stdio.h>
#include <string.h>

#include "base64.h"
#include "provider.h"
#include "resources.h"
#include "secretsmanager/sm_common.h"
#include "check.h"

static tf_arena *A;

static void test_base64(void)
{
    static const struct {
        const char *text;
        const char *raw;      /* NULL: not base64 */
        size_t len;
    } cases[] = {
        {"", "", 0},
        {"YQ==", "a", 1},
        {"YWI=", "ab", 2},
        {"YWJj", "abc", 3},
        {"YmluYXJ5LXZhbHVl", "binary-value", 12},
        {"AAEC/w==", "\x00\x01\x02\xff", 4},
        {"YWJj\nZGVm", "abcdef", 6},      /* newlines skipped, as Go does */
        {"YQ", NULL, 0},                  /* padding required */
        {"YQ=", NULL, 0},
        {"Y===", NULL, 0},
        {"YQ==YQ==", NULL, 0},            /* nothing after the padding */
        {"YW J j", NULL, 0},
        {"YWJ*", NULL, 0},
        {"-_8=", NULL, 0},                /* the URL alphabet is not standard */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = 0;
        unsigned char *raw = aws_base64_decode(A, cases[i].text, strlen(cases[i].text), &n);
        if (!cases[i].raw) {
            CHECK_MSG(raw == NULL, "\"%s\" decoded", cases[i].text);
            continue;
        }
        CHECK_MSG(raw && n == cases[i].len && memcmp(raw, cases[i].raw, n) == 0,
                  "\"%s\" decodes wrong (%zu bytes)", cases[i].text, n);
        if (!strchr(cases[i].text, '\n')) {
            const char *back = aws_base64_encode(A, (const unsigned char *)cases[i].raw, cases[i].len);
            CHECK_MSG(strcmp(back, cases[i].text) == 0, "%s encodes as %s", cases[i].text, back);
        }
    }
}

/* An object of the block's type with the given string/number attributes set. */
static const tf_value *config(const tf_block *b, const char *name, const char *name_prefix,
                              const tf_value *window)
{
    const tf_type *t = b->ctype;
    const tf_value **items = tf_arena_calloc(A, t->n, sizeof *items);
    for (size_t i = 0; i < t->n; i++) {
        const tf_nested_block *nb = tf_block_nested(b, t->names[i]);
        items[i] = nb ? tf_set(A, t->types[i]->elem, 0, NULL) : tf_null(A, t->types[i]);
        if (strcmp(t->names[i], "name") == 0 && name)
            items[i] = tf_string(A, name);
        if (strcmp(t->names[i], "name_prefix") == 0 && name_prefix)
            items[i] = tf_string(A, name_prefix);
        if (strcmp(t->names[i], "recovery_window_in_days") == 0 && window)
            items[i] = window;
    }
    return tf_object(A, t, items);
}

static size_t errors_with(const tf_diags *d, const char *path, const char *text)
{
    size_t n = 0;
    for (size_t i = 0; i < d->n; i++) {
        const tf_diag *g = &d->items[i];
        const char *p = g->path ? tf_path_string(A, g->path) : "";
        if (g->severity == TF_SEV_ERROR && strcmp(p, path) == 0 && g->detail &&
            strstr(g->detail, text))
            n++;
    }
    return n;
}

static void test_secret_validate(void)
{
    const tf_resource_def *def = &aws_secretsmanager_secret_def;
    const tf_block *b = def->schema;
    struct {
        const char *name, *prefix;
        int64_t window;       /* -1: unset */
        const char *path, *text;
        size_t n;
    } cases[] = {
        {"app/db_+=.@-X9", NULL, 30, NULL, NULL, 0},
        {NULL, "gen-", 0, NULL, NULL, 0},
        {NULL, NULL, 7, NULL, NULL, 0},
        {"bad name!", NULL, -1, "name",
         "only alphanumeric characters and /_+=.@- special characters are allowed in \"name\"", 1},
        {NULL, "bad:", -1, "name_prefix",
         "only alphanumeric characters and /_+=.@- special characters are allowed in "
         "\"name_prefix\"", 1},
        {NULL, NULL, 3, "recovery_window_in_days",
         "expected recovery_window_in_days to be in the range (7 - 30), got 3", 1},
        {NULL, NULL, 31, "recovery_window_in_days",
         "expected recovery_window_in_days to be one of [0], got 31", 1},
    };
    char long_name[600];
    memset(long_name, 'a', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = 0;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        tf_diags d;
        tf_diags_init(&d, A);
        tf_ctx ctx = {.arena = A, .diags = &d};
        const tf_value *w = cases[i].window >= 0 ? tf_number_i64(A, cases[i].window) : NULL;
        def->validate(&ctx, config(b, cases[i].name, cases[i].prefix, w));
        if (!cases[i].path)
            CHECK_MSG(d.n == 0, "case %zu: %zu diagnostics", i, d.n);
        else
            CHECK_MSG(errors_with(&d, cases[i].path, cases[i].text) == cases[i].n &&
                      (cases[i].window < 0 || d.n == 2),
                      "case %zu: missing \"%s\" (%zu diagnostics)", i, cases[i].text, d.n);
    }
    /* too long: 512 for a name, 486 for a prefix */
    tf_diags d;
    tf_diags_init(&d, A);
    tf_ctx ctx = {.arena = A, .diags = &d};
    def->validate(&ctx, config(b, long_name, long_name + 599 - 487, NULL));
    CHECK_MSG(errors_with(&d, "name", "\"name\" cannot be greater than 512 characters") == 1 &&
              errors_with(&d, "name_prefix",
                          "\"name_prefix\" cannot be greater than 486 characters") == 1 &&
              d.n == 2,
              "length errors (%zu diagnostics)", d.n);
}

static void test_version_import(void)
{
    const tf_resource_def *def = &aws_secretsmanager_secret_version_def;
    static const char *const bad[] = {"arn:aws:secretsmanager:us-east-1:1:secret:x-AbCdEf",
                                      "|v1", "secret|", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        tf_diags d;
        tf_diags_init(&d, A);
        tf_ctx ctx = {.arena = A, .diags = &d};
        const tf_value *v = def->import(&ctx, bad[i]);
        CHECK_MSG(!v && d.n == 1 && strstr(d.items[0].summary, "expected SecretID|VersionID"),
                  "import ID \"%s\" accepted", bad[i]);
    }
    tf_diags d;
    tf_diags_init(&d, A);
    tf_ctx ctx = {.arena = A, .diags = &d};
    const tf_value *v = def->import(&ctx, "app/db|terraform-20260101000000000000000001");
    CHECK_MSG(v && d.n == 0 && strcmp(tf_get_str(v, "id", ""),
                                  "app/db|terraform-20260101000000000000000001") == 0 &&
              tf_is_known(tf_get(v, "has_secret_string_wo")) &&
              !tf_get_bool(v, "has_secret_string_wo", true),
              "good import ID");
}

int main(void)
{
    A = tf_arena_new();
    const tf_provider_def *p = aws_provider_definition();
    int prep = tf_schema_prepare(A, p->schema);
    for (const tf_resource_def *const *r = p->resources; *r; r++)
        prep |= tf_schema_prepare(A, (*r)->schema);
    CHECK_MSG(prep == 0, "schemas do not prepare");
    test_base64();
    if (prep == 0) {
        test_secret_validate();
        test_version_import();
    }
    tf_arena_free(A);
    return check_report();
}

/* test_ca_bundle.c - finding the CA certificates (ca_bundle.c) and what the
 * HTTP layer does with the answer (http.c).
 *
 * Table-driven over a fake root: each case creates some files under a fresh
 * temporary directory, sets SSL_CERT_FILE / SSL_CERT_DIR (an "@" stands for
 * the root) and says which file or directory must be chosen, or which
 * paths the error must name, in order. */
#include <sys/stat.h>

#include "aws/aws_test.h"
#include "ca_bundle.h"
#include "http.h"

#define DEB "/etc/ssl/certs/ca-certificates.crt"
#define RHEL "/etc/pki/tls/certs/ca-bundle.crt"
#define TRUST "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem"
#define SUSE "/etc/ssl/ca-bundle.pem"
#define CERTPEM "/etc/ssl/cert.pem"
#define CERTDIR "/etc/ssl/certs"
#define HASHED CERTDIR "/5ad8a5d6.0"

#define PEM "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"

typedef struct {
    const char *name;
    const char *files[6];        /* created with PEM content; "dir:" makes a directory,
                                  * "empty:" an empty file */
    const char *cert_file;       /* SSL_CERT_FILE, or NULL */
    const char *cert_dir;        /* SSL_CERT_DIR, or NULL */
    const char *want_file;       /* chosen file, NULL for none */
    const char *want_dir;        /* chosen directory, NULL for none */
    const char *want_error[10];  /* substrings of the error, in this order */
    const char *not_in_error;    /* must not be named */
} ca_case;

static const ca_case cases[] = {
    {"nothing anywhere", {NULL}, NULL, NULL, NULL, NULL,
     {"tried: @" DEB " (missing)", "@" RHEL " (missing)", "@" TRUST " (missing)",
      "@" SUSE " (missing)", "@" CERTPEM " (missing)", "directory @" CERTDIR " (missing)",
      "ca-certificates", "AWS_CA_BUNDLE", "custom_ca_bundle"}, NULL},
    {"Debian and Ubuntu", {DEB, RHEL, CERTPEM}, NULL, NULL, "@" DEB, NULL, {NULL}, NULL},
    {"RHEL, Fedora, Amazon Linux", {RHEL, TRUST, CERTPEM}, NULL, NULL, "@" RHEL, NULL,
     {NULL}, NULL},
    {"RHEL's extracted trust store", {TRUST, SUSE}, NULL, NULL, "@" TRUST, NULL, {NULL}, NULL},
    {"openSUSE", {SUSE, CERTPEM}, NULL, NULL, "@" SUSE, NULL, {NULL}, NULL},
    {"Alpine's cert.pem", {CERTPEM}, NULL, NULL, "@" CERTPEM, NULL, {NULL}, NULL},
    {"a file wins over the directory", {CERTPEM, HASHED}, NULL, NULL, "@" CERTPEM, NULL,
     {NULL}, NULL},
    {"only a hashed directory", {HASHED}, NULL, NULL, NULL, "@" CERTDIR, {NULL}, NULL},
    {"a directory without hashed names is no use", {CERTDIR "/README"}, NULL, NULL, NULL,
     NULL, {"@" CERTPEM " (missing)", "directory @" CERTDIR " (no hashed certificates)"},
     NULL},
    {"empty and non-file candidates are skipped", {"empty:" DEB, "dir:" RHEL, SUSE}, NULL,
     NULL, "@" SUSE, NULL, {NULL}, NULL},
    {"empty and non-file candidates are named", {"empty:" DEB, "dir:" RHEL}, NULL, NULL,
     NULL, NULL, {"@" DEB " (empty)", "@" RHEL " (not a file)", "@" TRUST " (missing)"}, NULL},
    {"SSL_CERT_FILE comes first", {DEB, "/custom.pem"}, "@/custom.pem", NULL,
     "@/custom.pem", NULL, {NULL}, NULL},
    {"SSL_CERT_FILE replaces the well-known files", {DEB}, "@/missing.pem", NULL, NULL, NULL,
     {"tried: SSL_CERT_FILE=@/missing.pem (missing)",
      "directory @" CERTDIR " (no hashed certificates)"},
     DEB},
    {"a missing SSL_CERT_FILE still leaves the directory", {HASHED}, "@/missing.pem", NULL,
     NULL, "@" CERTDIR, {NULL}, NULL},
    {"SSL_CERT_DIR is a list, and adds to the file", {DEB, "/b/0badcafe.1"}, NULL,
     "@/a:@/b", "@" DEB, "@/b", {NULL}, NULL},
    {"SSL_CERT_DIR replaces the default directory", {HASHED}, NULL, "@/a", NULL, NULL,
     {"@" CERTPEM " (missing)", "SSL_CERT_DIR=@/a (missing)"}, "directory"},
};

static char root[64];

/* "@/x" -> "<root>/x", in a. */
static const char *at(tf_arena *a, const char *s)
{
    if (!s)
        return NULL;
    char *out = tf_arena_strdup(a, "");
    for (const char *p = s; *p; p++)
        out = *p == '@' ? tf_arena_printf(a, "%s%s", out, root)
                        : tf_arena_printf(a, "%s%c", out, *p);
    return out;
}

static void mkdirs(const char *path)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(buf, 0755);
            *p = '/';
        }
    }
    mkdir(buf, 0755);
}

static void make_file(tf_arena *a, const char *spec)
{
    int dir = strncmp(spec, "dir:", 4) == 0, empty = strncmp(spec, "empty:", 6) == 0;
    const char *rel = dir ? spec + 4 : empty ? spec + 6 : spec;
    const char *path = tf_arena_printf(a, "%s%s", root, rel);
    if (dir) {
        mkdirs(path);
        return;
    }
    char *parent = tf_arena_strdup(a, path);
    *strrchr(parent, '/') = '\0';
    mkdirs(parent);
    FILE *f = fopen(path, "w");
    if (f) {
        if (!empty)
            fputs(PEM, f);
        fclose(f);
    }
}

static void make_root(void)
{
    snprintf(root, sizeof root, "/tmp/tfp-ca-XXXXXX");
    if (!mkdtemp(root)) {
        perror("mkdtemp");
        exit(1);
    }
}

static void remove_root(void)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    if (system(cmd) != 0)
        fprintf(stderr, "cannot remove %s\n", root);
}

static void set_env(const char *name, const char *value)
{
    if (value)
        setenv(name, value, 1);
    else
        unsetenv(name);
}

static void run_case(const ca_case *c)
{
    tf_arena *a = tf_arena_new();
    make_root();
    for (int i = 0; c->files[i]; i++)
        make_file(a, c->files[i]);
    set_env("SSL_CERT_FILE", at(a, c->cert_file));
    set_env("SSL_CERT_DIR", at(a, c->cert_dir));

    aws_ca_paths got;
    aws_error err;
    aws_error_clear(&err);
    int rc = ca_bundle_find(a, root, &got, &err);
    int ok_before = failed;
    if (c->want_error[0]) {
        CHECK(rc == -1);
        CHECK(err.kind == AWS_ERR_CONFIG);
        CHECK_STR(err.code, "MissingCABundle");
        const char *pos = err.message;
        for (int i = 0; c->want_error[i]; i++) {
            const char *want = at(a, c->want_error[i]);
            const char *hit = strstr(pos, want);
            CHECK(hit != NULL);
            if (!hit)
                printf("  missing (in order) \"%s\"\n", want);
            else
                pos = hit + strlen(want);
        }
        if (c->not_in_error)
            CHECK(strstr(err.message, c->not_in_error) == NULL);
    } else {
        CHECK(rc == 0);
        if (c->want_file)
            CHECK_STR(got.file, at(a, c->want_file));
        else
            CHECK(got.file == NULL);
        if (c->want_dir)
            CHECK_STR(got.dir, at(a, c->want_dir));
        else
            CHECK(got.dir == NULL);
    }
    if (failed != ok_before)
        printf("  in case \"%s\" (error: %s)\n", c->name, rc ? err.message : "none");
    unsetenv("SSL_CERT_FILE");
    unsetenv("SSL_CERT_DIR");
    remove_root();
    tf_arena_free(a);
}

/* The list the error names is the list the code tries. */
static void test_known_files(void)
{
    const char *want[] = {DEB, RHEL, TRUST, SUSE, CERTPEM, NULL};
    for (int i = 0; want[i] || ca_bundle_files[i]; i++)
        CHECK_STR(ca_bundle_files[i], want[i]);
}

static int http_try(aws_http *h, const char *url, aws_error *err)
{
    tf_arena *a = tf_arena_new();
    http_request rq = {.method = "GET", .url = url, .connect_timeout_ms = 500};
    http_response rs;
    aws_error_clear(err);
    int rc = http_send(h, a, NULL, &rq, &rs, err);
    if (rc != 0 && strcmp(err->code, "MissingCABundle") == 0)
        CHECK(!rs.retryable && !rs.maybe_sent);
    tf_arena_free(a);
    return rc;
}

/* http.c asks only when a request is HTTPS, once, and says where it looked. */
static void test_http(void)
{
    unsetenv("SSL_CERT_FILE");
    unsetenv("SSL_CERT_DIR");
    make_root();
    tf_arena *a = tf_arena_new();
    aws_error err;
    aws_http_config cfg = {.ca_root = root, .connect_timeout_ms = 500,
                           .request_timeout_ms = 1000};
    aws_http *h = http_new(&cfg, &err);
    CHECK(h != NULL);
    /* Port 1 on loopback refuses: plain HTTP fails on the network, not on CAs. */
    CHECK(http_try(h, "http://127.0.0.1:1/", &err) == -1);
    CHECK(err.kind == AWS_ERR_NETWORK);
    CHECK(http_try(h, "https://127.0.0.1:1/", &err) == -1);
    CHECK(err.kind == AWS_ERR_CONFIG);
    CHECK_STR(err.code, "MissingCABundle");
    CHECK(strstr(err.message, at(a, "@" DEB " (missing)")) != NULL);
    CHECK(strstr(err.message, at(a, "directory @" CERTDIR)) != NULL);
    CHECK(strstr(err.message, "AWS_CA_BUNDLE") != NULL);
    /* Looked for once: certificates appearing later are not picked up. */
    make_file(a, DEB);
    CHECK(http_try(h, "https://127.0.0.1:1/", &err) == -1);
    CHECK_STR(err.code, "MissingCABundle");
    http_free(h);

    /* Found: the request goes out (and meets the refused port). */
    h = http_new(&cfg, &err);
    CHECK(http_try(h, "https://127.0.0.1:1/", &err) == -1);
    CHECK(err.kind == AWS_ERR_NETWORK);
    http_free(h);
    remove_root();

    /* An explicit bundle, or no verification at all, needs no search. */
    make_root();
    aws_http_config explicit_cfg = cfg;
    explicit_cfg.ca_bundle = "/nonexistent-but-explicit.pem";
    h = http_new(&explicit_cfg, &err);
    CHECK(http_try(h, "https://127.0.0.1:1/", &err) == -1);
    CHECK(strcmp(err.code, "MissingCABundle") != 0);
    http_free(h);
    aws_http_config insecure_cfg = cfg;
    insecure_cfg.insecure = 1;
    h = http_new(&insecure_cfg, &err);
    CHECK(http_try(h, "https://127.0.0.1:1/", &err) == -1);
    CHECK(err.kind == AWS_ERR_NETWORK);
    http_free(h);
    remove_root();
    tf_arena_free(a);
}

int main(void)
{
    unsetenv("SSL_CERT_FILE");
    unsetenv("SSL_CERT_DIR");
    test_known_files();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_case(&cases[i]);
    test_http();
    return test_finish();
}

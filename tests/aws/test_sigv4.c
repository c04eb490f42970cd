/* test_sigv4.c - runs every case of AWS's SigV4 test suite.
 *
 * Each case directory holds NAME.req (the raw request), NAME.creq (canonical
 * request), NAME.sts (string to sign) and NAME.authz (Authorization header).
 * The suite's conventions, from its readme notes: credentials AKIDEXAMPLE,
 * region us-east-1, service "service"; get-vanilla-with-session-token signs
 * with a session token the signer adds as X-Amz-Security-Token before
 * signing; post-sts-header-before has the token in the request (signed),
 * post-sts-header-after adds it after signing (so it is not signed);
 * normalize-path cases expect dot segments and repeated slashes removed. */
#include <dirent.h>
#include <sys/stat.h>

#include "aws/aws_test.h"
#include "sigv4.h"

#define SUITE_SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define SUITE_TOKEN "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267"

static int cases_run;

static char *read_file(tf_arena *a, const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = tf_arena_alloc(a, (size_t)n + 1);
    size_t got = fread(s, 1, (size_t)n, f);
    fclose(f);
    s[got] = '\0';
    if (len)
        *len = got;
    return s;
}

static char *chomp(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* Parses the suite's raw request format: request line, headers (lines that
 * start with whitespace continue the previous value), blank line, body. */
static int parse_req(tf_arena *a, char *text, sigv4_request *rq,
                     sigv4_header *hdrs, size_t max_hdrs)
{
    memset(rq, 0, sizeof *rq);
    char *eol = strchr(text, '\n');
    if (!eol)
        eol = text + strlen(text);
    char *line = tf_arena_strndup(a, text, (size_t)(eol - text));
    char *sp1 = strchr(line, ' '), *sp2 = strrchr(line, ' ');
    if (!sp1 || sp2 == sp1)
        return -1;
    *sp1 = '\0';
    *sp2 = '\0';
    rq->method = line;
    char *target = sp1 + 1;
    char *q = strchr(target, '?');
    if (q) {
        *q = '\0';
        rq->query = q + 1;
    }
    rq->path = target;

    char *p = *eol ? eol + 1 : eol;
    size_t n = 0;
    while (*p && *p != '\n') {
        char *e = strchr(p, '\n');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        char *l_str = tf_arena_strndup(a, p, l);
        if ((l_str[0] == ' ' || l_str[0] == '\t') && n > 0) {
            hdrs[n - 1].value = tf_arena_printf(a, "%s\n%s", hdrs[n - 1].value, l_str);
        } else {
            char *colon = strchr(l_str, ':');
            if (!colon || n >= max_hdrs)
                return -1;
            *colon = '\0';
            hdrs[n].name = l_str;
            hdrs[n].value = colon + 1;
            n++;
        }
        p = e ? e + 1 : p + l;
    }
    if (*p == '\n') {
        rq->body = p + 1;
        rq->body_len = strlen(p + 1);
    } else {
        rq->body = "";
    }
    rq->headers = hdrs;
    rq->n_headers = n;
    return 0;
}

static void run_case(const char *dir, const char *name)
{
    tf_arena *a = tf_arena_new();
    char *base = tf_arena_printf(a, "%s/%s", dir, name);
    char *req = read_file(a, tf_arena_printf(a, "%s.req", base), NULL);
    char *creq = read_file(a, tf_arena_printf(a, "%s.creq", base), NULL);
    char *sts = read_file(a, tf_arena_printf(a, "%s.sts", base), NULL);
    char *authz = read_file(a, tf_arena_printf(a, "%s.authz", base), NULL);
    CHECK(req && creq && sts && authz);
    if (!req || !creq || !sts || !authz) {
        tf_arena_free(a);
        return;
    }
    sigv4_header hdrs[40];
    sigv4_request rq;
    CHECK(parse_req(a, req, &rq, hdrs, 39) == 0);
    if (strcmp(name, "get-vanilla-with-session-token") == 0) {
        hdrs[rq.n_headers].name = "X-Amz-Security-Token";
        hdrs[rq.n_headers].value = SUITE_TOKEN;
        rq.n_headers++;
    }
    const char *date = NULL;
    for (size_t i = 0; i < rq.n_headers; i++)
        if (strcasecmp(hdrs[i].name, "X-Amz-Date") == 0)
            date = hdrs[i].value;
    sigv4_key key = {.access_key = "AKIDEXAMPLE", .secret_key = SUITE_SECRET,
                     .region = "us-east-1", .service = "service",
                     .amz_date = date};
    sigv4_result res;
    int rc = sigv4_sign(a, &rq, &key, &res);
    CHECK(rc == 0);
    if (rc == 0) {
        int before = failed;
        CHECK_STR(res.canonical_request, chomp(creq));
        CHECK_STR(res.string_to_sign, chomp(sts));
        CHECK_STR(res.authorization, chomp(authz));
        if (failed != before)
            fprintf(stderr, "  in case %s\n", name);
    }
    cases_run++;
    tf_arena_free(a);
}

/* A case is a directory D holding D.req; others (normalize-path,
 * post-sts-token) group cases and are walked recursively. */
static void walk(const char *dir)
{
    DIR *d = opendir(dir);
    CHECK(d != NULL);
    if (!d) {
        printf("cannot open %s\n", dir);
        return;
    }
    struct dirent *e;
    char names[64][256];
    int n = 0;
    while ((e = readdir(d)) && n < 64) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(names[n++], 256, "%s", e->d_name);
    }
    closedir(d);
    for (int i = 0; i < n; i++) {
        tf_arena *a = tf_arena_new();
        char *path = tf_arena_printf(a, "%s/%s", dir, names[i]);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
            if (access(tf_arena_printf(a, "%s/%s.req", path, names[i]), R_OK) == 0)
                run_case(path, names[i]);
            else
                walk(path);
        }
        tf_arena_free(a);
    }
}

static void test_helpers(void)
{
    tf_arena *a = tf_arena_new();
    char hex[65];
    sigv4_sha256_hex("", 0, hex);
    CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK_STR(sigv4_uri_encode(a, "a b/c~*", 7, 0), "a%20b%2Fc~%2A");
    CHECK_STR(sigv4_uri_encode(a, "a b/c", 5, 1), "a%20b/c");
    char d[17];
    sigv4_amz_date(1440938160, d);
    CHECK_STR(d, "20150830T123600Z");

    /* The signature must not depend on whether the query was pre-encoded. */
    sigv4_header h[] = {{"Host", "example.amazonaws.com"},
                        {"X-Amz-Date", "20150830T123600Z"}};
    sigv4_key key = {"AKIDEXAMPLE", SUITE_SECRET, "us-east-1", "service",
                     "20150830T123600Z"};
    sigv4_request r1 = {"GET", "/", "a=b%20c&x=%7E", h, 2, "", 0};
    sigv4_request r2 = {"GET", "/", "x=~&a=b c", h, 2, "", 0};
    sigv4_result s1, s2;
    CHECK(sigv4_sign(a, &r1, &key, &s1) == 0);
    CHECK(sigv4_sign(a, &r2, &key, &s2) == 0);
    CHECK_STR(s1.signature, s2.signature);
    /* A different secret gives a different signature. */
    sigv4_key other = key;
    other.secret_key = "other";
    CHECK(sigv4_sign(a, &r1, &other, &s2) == 0);
    CHECK(strcmp(s1.signature, s2.signature) != 0);
    /* Bad date: refused. */
    other.amz_date = "2015";
    CHECK(sigv4_sign(a, &r1, &other, &s2) == -1);
    tf_arena_free(a);
}

int main(void)
{
    const char *reference = getenv("TFP_REFERENCE");
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/aws-sigv4-testsuite", reference ? reference : "../../reference");
    test_helpers();
    walk(dir);
    printf("sigv4 suite: %d cases run\n", cases_run);
    CHECK(cases_run >= 30);
    return test_finish();
}

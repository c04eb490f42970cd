/* test_credentials.c - the credential chain, region resolution and the
 * configure-time identity check.
 *
 * Everything runs against files in a temporary HOME and a local stub that
 * plays STS, the EC2 instance metadata service and the ECS container
 * credentials endpoint.  The process environment is scrubbed first and each
 * case sets only what it needs. */
#include <sys/stat.h>
#include <time.h>

#include "aws/aws_test.h"
#include "internal.h"
#include "profile.h"

static tf_arena *A;
static char tmpdir[256];
static stub_server *S;
static char stub_url[64];

/* ---- the stub: STS, IMDS, container endpoint ---------------------------- */

typedef struct {
    int assume_count;
    int imds_v1_only;            /* PUT /latest/api/token answers 405 */
    int deny_assume;             /* AssumeRole answers AccessDenied */
    int deny_identity;           /* GetCallerIdentity answers 403 */
} creds_state;
static creds_state ST;

static const char *iso_in(int seconds)
{
    static char buf[64];
    time_t t = time(NULL) + seconds;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

static void creds_handler(stub_server *s, const stub_request *rq,
                          stub_response *rs, void *ud)
{
    (void)s, (void)ud;
    static char body[4096];
    char action[64] = "";
    stub_form_value(rq, "Action", action, sizeof action);
    if (strcmp(rq->method, "PUT") == 0 && strcmp(rq->target, "/latest/api/token") == 0) {
        if (ST.imds_v1_only) {
            rs->status = 405;
        } else if (!stub_header(rq, "X-aws-ec2-metadata-token-ttl-seconds")) {
            rs->status = 400;
        } else {
            rs->body = "IMDSTOKEN";
        }
    } else if (strncmp(rq->target, "/latest/meta-data/iam/security-credentials/", 43) == 0) {
        const char *tok = stub_header(rq, "X-aws-ec2-metadata-token");
        if (!ST.imds_v1_only && (!tok || strcmp(tok, "IMDSTOKEN") != 0)) {
            rs->status = 401;
        } else if (strcmp(rq->target + 43, "") == 0) {
            rs->body = "test-role\n";
        } else if (strcmp(rq->target + 43, "test-role") == 0) {
            snprintf(body, sizeof body,
                     "{\"Code\":\"Success\",\"Type\":\"AWS-HMAC\",\"AccessKeyId\":\"ASIAIMDS\","
                     "\"SecretAccessKey\":\"IMDSSECRET\",\"Token\":\"IMDSTOKENVALUE\","
                     "\"Expiration\":\"%s\"}", iso_in(6 * 3600));
            rs->body = body;
        } else {
            rs->status = 404;
        }
    } else if (strcmp(rq->target, "/ecs-creds") == 0) {
        const char *auth = stub_header(rq, "Authorization");
        if (!auth || strcmp(auth, "secret-auth") != 0) {
            rs->status = 403;
            rs->body = "{\"code\":\"AccessDenied\",\"message\":\"bad token\"}";
        } else {
            snprintf(body, sizeof body,
                     "{\"AccessKeyId\":\"ASIAECS\",\"SecretAccessKey\":\"ECSSECRET\","
                     "\"Token\":\"ECSTOKEN\",\"Expiration\":\"%s\",\"RoleArn\":\"arn:x\"}",
                     iso_in(3600));
            rs->body = body;
        }
    } else if (strcmp(action, "AssumeRole") == 0) {
        if (ST.deny_assume) {
            rs->status = 403;
            rs->body = "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>"
                       "<Message>not allowed to assume</Message></Error>"
                       "<RequestId>deny-1</RequestId></ErrorResponse>";
            return;
        }
        ST.assume_count++;
        snprintf(body, sizeof body,
                 "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                 "<AssumeRoleResult><Credentials><AccessKeyId>ASIAROLE%d</AccessKeyId>"
                 "<SecretAccessKey>rolesecret%d</SecretAccessKey><SessionToken>roletoken%d</SessionToken>"
                 "<Expiration>%s</Expiration></Credentials>"
                 "<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/r/s</Arn>"
                 "<AssumedRoleId>AROA:s</AssumedRoleId></AssumedRoleUser></AssumeRoleResult>"
                 "<ResponseMetadata><RequestId>ar-1</RequestId></ResponseMetadata></AssumeRoleResponse>",
                 ST.assume_count, ST.assume_count, ST.assume_count, iso_in(3600));
        rs->body = body;
    } else if (strcmp(action, "AssumeRoleWithWebIdentity") == 0) {
        snprintf(body, sizeof body,
                 "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult>"
                 "<Credentials><AccessKeyId>ASIAWEB</AccessKeyId><SecretAccessKey>websecret</SecretAccessKey>"
                 "<SessionToken>webtoken</SessionToken><Expiration>%s</Expiration></Credentials>"
                 "</AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>",
                 iso_in(3600));
        rs->body = body;
    } else if (strcmp(action, "GetCallerIdentity") == 0) {
        if (ST.deny_identity) {
            rs->status = 403;
            rs->body = "<ErrorResponse><Error><Code>InvalidClientTokenId</Code>"
                       "<Message>The security token included in the request is invalid.</Message>"
                       "</Error><RequestId>gci-1</RequestId></ErrorResponse>";
            return;
        }
        rs->body = "<GetCallerIdentityResponse><GetCallerIdentityResult>"
                   "<Arn>arn:aws-us-gov:iam::123456789012:user/tester</Arn>"
                   "<UserId>AIDA1</UserId><Account>123456789012</Account>"
                   "</GetCallerIdentityResult></GetCallerIdentityResponse>";
    } else {
        rs->status = 404;
    }
}

static const stub_request *last_request(const char *action)
{
    for (int i = S->n_requests - 1; i >= 0; i--) {
        char a[64] = "";
        stub_form_value(&S->requests[i], "Action", a, sizeof a);
        if (strcmp(a, action) == 0)
            return &S->requests[i];
    }
    return NULL;
}

/* ---- environment and files --------------------------------------------- */

static const char *const scrubbed[] = {
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ACCESS_KEY",
    "AWS_SECRET_KEY", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION",
    "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME",
    "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "AWS_EC2_METADATA_DISABLED",
    "AWS_EC2_METADATA_SERVICE_ENDPOINT", "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
    "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS", "AWS_CA_BUNDLE", "AWS_MAX_ATTEMPTS",
    "AWS_RETRY_MODE", "AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT",
    "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "NO_PROXY", "no_proxy", NULL};

static void env_clean(void)
{
    for (const char *const *e = scrubbed; *e; e++)
        unsetenv(*e);
}

static const char *path_in(const char *name)
{
    return tf_arena_printf(A, "%s/%s", tmpdir, name);
}

static void write_file(const char *path, const char *text, int mode)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(2);
    }
    fputs(text, f);
    fclose(f);
    chmod(path, (mode_t)mode);
}

static aws_kv sts_endpoint[1];

/* The base configuration of a test: region, STS at the stub, no identity
 * call, no IMDS. */
static void cfg_base(aws_config *cfg)
{
    aws_config_init(cfg);
    cfg->region = "us-east-1";
    sts_endpoint[0] = (aws_kv){"sts", stub_url};
    cfg->endpoints = sts_endpoint;
    cfg->n_endpoints = 1;
    cfg->skip_credentials_validation = 1;
    cfg->skip_requesting_account_id = 1;
    cfg->skip_metadata_api_check = 1;
    cfg->max_retries = 1;
    cfg->retry_base_delay_ms = 1;
    cfg->retry_max_backoff_ms = 2;
}

/* Creates a client and returns the access key it would sign with ("" on
 * failure, with err set); the client is freed. */
static const char *creds_of(const aws_config *cfg, aws_creds *out, aws_error *err)
{
    aws_client *c = aws_client_new(cfg, NULL, err);
    if (!c)
        return "";
    aws_creds cr;
    const char *ak = "";
    if (creds_get(c, A, NULL, &cr, err) == 0) {
        ak = cr.access_key;
        if (out)
            *out = cr;
    }
    aws_client_free(c);
    return ak;
}

/* ---- cases ------------------------------------------------------------- */

static void test_static_and_env(void)
{
    env_clean();
    aws_config cfg;
    aws_error err;
    aws_creds cr;
    cfg_base(&cfg);
    cfg.access_key = "CFGAK";
    cfg.secret_key = "CFGSK";
    cfg.token = "CFGTOKEN";
    CHECK_STR(creds_of(&cfg, &cr, &err), "CFGAK");
    CHECK_STR(cr.secret_key, "CFGSK");
    CHECK_STR(cr.token, "CFGTOKEN");
    CHECK(cr.expires == 0);

    cfg.secret_key = NULL;
    CHECK_STR(creds_of(&cfg, NULL, &err), "");
    CHECK(err.kind == AWS_ERR_CONFIG);

    setenv("AWS_ACCESS_KEY_ID", "ENVAK", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "ENVSK", 1);
    setenv("AWS_SESSION_TOKEN", "ENVTOKEN", 1);
    cfg_base(&cfg);
    CHECK_STR(creds_of(&cfg, &cr, &err), "ENVAK");
    CHECK_STR(cr.token, "ENVTOKEN");
    cfg.access_key = "CFGAK";
    cfg.secret_key = "CFGSK";
    CHECK_STR(creds_of(&cfg, &cr, &err), "CFGAK");   /* config beats env */
    CHECK(cr.token == NULL);
    env_clean();
}

static const char *CONFIG_TEXT =
    "# shared config\n"
    "[default]\n"
    "region = eu-west-1\n"
    "\n"
    "[profile dev]\n"
    "Region=eu-central-1\n"
    "aws_access_key_id = CONFIGAK\n"
    "aws_secret_access_key = CONFIGSK\n"
    "s3 =\n"
    "  max_concurrent_requests = 10\n"
    "  region = nested-ignored\n"
    "[dev2]\n"
    "aws_access_key_id = NOTAPROFILE\n"
    "aws_secret_access_key = NOTAPROFILE\n"
    "[profile chained]\n"
    "role_arn = arn:aws:iam::123456789012:role/chained\n"
    "source_profile = dev\n"
    "external_id = ext-1\n"
    "role_session_name = chained-session\n"
    "[profile loop1]\n"
    "role_arn = arn:aws:iam::123456789012:role/a\n"
    "source_profile = loop2\n"
    "[profile loop2]\n"
    "role_arn = arn:aws:iam::123456789012:role/b\n"
    "source_profile = loop1\n"
    "[profile sso]\n"
    "sso_start_url = https://example.awsapps.com/start\n"
    "[profile envsrc]\n"
    "role_arn = arn:aws:iam::123456789012:role/envsrc\n"
    "credential_source = Environment\n"
    "[profile empty]\n";

static const char *CREDENTIALS_TEXT =
    "; credentials\n"
    "[default]\n"
    "aws_access_key_id = DEFAULTAK\n"
    "aws_secret_access_key = DEFAULTSK\n"
    "[dev]\n"
    "aws_access_key_id = CREDAK\n"
    "aws_secret_access_key = CREDSK\n"
    "aws_session_token = CREDTOKEN\n";

static void test_profile_parse(void)
{
    aws_profiles *p = profiles_new(A);
    profiles_parse(p, CONFIG_TEXT, 1);
    profiles_parse(p, CREDENTIALS_TEXT, 0);
    CHECK(profiles_has(p, "default"));
    CHECK(profiles_has(p, "dev"));
    CHECK(!profiles_has(p, "dev2"));
    CHECK(!profiles_has(p, "profile dev"));
    CHECK(profiles_has(p, "empty"));
    CHECK_STR(profiles_get(p, "dev", "region"), "eu-central-1");      /* key case */
    CHECK_STR(profiles_get(p, "dev", "aws_access_key_id"), "CREDAK");  /* creds file wins */
    CHECK(profiles_get(p, "dev", "max_concurrent_requests") == NULL);  /* nested block */
    CHECK_STR(profiles_get(p, "default", "region"), "eu-west-1");
    CHECK(profiles_get(p, "nope", "region") == NULL);

    /* In a credentials file "[profile x]" is literally named "profile x". */
    aws_profiles *q = profiles_new(A);
    profiles_parse(q, "[profile x]\naws_access_key_id=L\n[ spaced ]\nk = v = w \n", 0);
    CHECK(profiles_has(q, "profile x"));
    CHECK(!profiles_has(q, "x"));
    CHECK_STR(profiles_get(q, "spaced", "k"), "v = w");
    /* Garbage does not crash. */
    aws_profiles *g = profiles_new(A);
    profiles_parse(g, "[\n]]]\n=\n[profile]\nx\n[a\nk=v\n", 1);
    CHECK(!profiles_has(g, "a"));
}

static void use_profile_files(void)
{
    write_file(path_in("config"), CONFIG_TEXT, 0600);
    write_file(path_in("credentials"), CREDENTIALS_TEXT, 0600);
    setenv("AWS_CONFIG_FILE", path_in("config"), 1);
    setenv("AWS_SHARED_CREDENTIALS_FILE", path_in("credentials"), 1);
}

static void test_profiles(void)
{
    env_clean();
    use_profile_files();
    aws_config cfg;
    aws_error err;
    aws_creds cr;

    cfg_base(&cfg);
    cfg.region = NULL;
    aws_client *c = aws_client_new(&cfg, NULL, &err);
    CHECK(c != NULL);
    if (c) {
        CHECK_STR(aws_client_region(c), "eu-west-1");   /* the profile's region */
        CHECK(creds_get(c, A, NULL, &cr, &err) == 0);
        CHECK_STR(cr.access_key, "DEFAULTAK");
        aws_client_free(c);
    }

    cfg_base(&cfg);
    cfg.profile = "dev";
    CHECK_STR(creds_of(&cfg, &cr, &err), "CREDAK");
    CHECK_STR(cr.token, "CREDTOKEN");
    cfg.region = NULL;
    c = aws_client_new(&cfg, NULL, &err);
    CHECK(c && strcmp(aws_client_region(c), "eu-central-1") == 0);
    aws_client_free(c);

    /* AWS_PROFILE picks the profile, but environment keys beat it ... */
    cfg_base(&cfg);
    setenv("AWS_PROFILE", "dev", 1);
    CHECK_STR(creds_of(&cfg, NULL, &err), "CREDAK");
    setenv("AWS_ACCESS_KEY_ID", "ENVAK", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "ENVSK", 1);
    CHECK_STR(creds_of(&cfg, NULL, &err), "ENVAK");
    /* ... and a profile named in the provider block beats them. */
    cfg.profile = "dev";
    CHECK_STR(creds_of(&cfg, NULL, &err), "CREDAK");
    unsetenv("AWS_ACCESS_KEY_ID");
    unsetenv("AWS_SECRET_ACCESS_KEY");
    unsetenv("AWS_PROFILE");

    /* Region precedence: config, AWS_REGION, AWS_DEFAULT_REGION, profile. */
    cfg_base(&cfg);
    cfg.region = NULL;
    setenv("AWS_DEFAULT_REGION", "ap-south-1", 1);
    c = aws_client_new(&cfg, NULL, &err);
    CHECK(c && strcmp(aws_client_region(c), "ap-south-1") == 0);
    aws_client_free(c);
    setenv("AWS_REGION", "ca-central-1", 1);
    c = aws_client_new(&cfg, NULL, &err);
    CHECK(c && strcmp(aws_client_region(c), "ca-central-1") == 0);
    aws_client_free(c);
    cfg.region = "sa-east-1";
    c = aws_client_new(&cfg, NULL, &err);
    CHECK(c && strcmp(aws_client_region(c), "sa-east-1") == 0);
    aws_client_free(c);
    unsetenv("AWS_REGION");
    unsetenv("AWS_DEFAULT_REGION");

    /* Missing and invalid regions. */
    cfg.region = "xx-fake-1";
    CHECK(aws_client_new(&cfg, NULL, &err) == NULL);
    CHECK(err.kind == AWS_ERR_CONFIG && strstr(err.message, "invalid AWS Region: xx-fake-1"));
    cfg.skip_region_validation = 1;
    c = aws_client_new(&cfg, NULL, &err);
    CHECK(c != NULL);
    aws_client_free(c);
    cfg.region = NULL;
    cfg.profile = "empty";
    CHECK(aws_client_new(&cfg, NULL, &err) == NULL);
    CHECK(err.kind == AWS_ERR_CONFIG && strcmp(err.code, "MissingRegion") == 0);

    /* Profiles that do not exist, or are not profiles. */
    cfg_base(&cfg);
    cfg.profile = "dev2";
    CHECK_STR(creds_of(&cfg, NULL, &err), "");
    CHECK_STR(err.code, "ProfileNotFound");
    cfg.profile = "nope";
    CHECK_STR(creds_of(&cfg, NULL, &err), "");
    CHECK(strstr(err.message, "nope") && strstr(err.message, path_in("config")));
    cfg.profile = "loop1";
    CHECK_STR(creds_of(&cfg, NULL, &err), "");
    CHECK_STR(err.code, "ProfileLoop");
    cfg.profile = "sso";
    CHECK_STR(creds_of(&cfg, NULL, &err), "");
    CHECK_STR(err.code, "UnsupportedProfile");

    /* Files named in the provider block instead of the environment. */
    env_clean();
    const char *cf[] = {path_in("config")};
    const char *kf[] = {path_in("does-not-exist"), path_in("credentials")};
    cfg_base(&cfg);
    cfg.profile = "dev";
    cfg.shared_config_files = cf;
    cfg.n_shared_config_files = 1;
    cfg.shared_credentials_files = kf;
    cfg.n_shared_credentials_files = 2;
    CHECK_STR(creds_of(&cfg, NULL, &err), "CREDAK");
    cfg.n_shared_credentials_files = 1;   /* only the missing one: config's keys */
    CHECK_STR(creds_of(&cfg, NULL, &err), "CONFIGAK");
    env_clean();
}

static void test_chained_profiles(void)
{
    env_clean();
    use_profile_files();
    aws_config cfg;
    aws_error err;
    aws_creds cr;
    cfg_base(&cfg);
    cfg.profile = "chained";
    ST.assume_count = 0;
    CHECK_STR(creds_of(&cfg, &cr, &err), "ASIAROLE1");
    CHECK_STR(cr.token, "roletoken1");
    CHECK(cr.expires > aws_now() + 3000);
    const stub_request *rq = last_request("AssumeRole");
    CHECK(rq != NULL);
    if (rq) {
        /* Signed with the source profile's keys (credentials file wins). */
        CHECK(strstr(stub_header(rq, "Authorization"), "Credential=CREDAK/") != NULL);
        CHECK_STR(stub_header(rq, "X-Amz-Security-Token"), "CREDTOKEN");
        CHECK(strstr(rq->body, "RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fchained"));
        CHECK(strstr(rq->body, "ExternalId=ext-1"));
        CHECK(strstr(rq->body, "RoleSessionName=chained-session"));
    }

    /* credential_source = Environment. */
    setenv("AWS_ACCESS_KEY_ID", "ENVAK", 1);
    setenv("AWS_SECRET_ACCESS_KEY", "ENVSK", 1);
    cfg.profile = "envsrc";
    CHECK_STR(creds_of(&cfg, &cr, &err), "ASIAROLE2");
    rq = last_request("AssumeRole");
    CHECK(rq && strstr(stub_header(rq, "Authorization"), "Credential=ENVAK/"));
    CHECK(rq && stub_header(rq, "X-Amz-Security-Token") == NULL);
    unsetenv("AWS_ACCESS_KEY_ID");
    unsetenv("AWS_SECRET_ACCESS_KEY");
    CHECK_STR(creds_of(&cfg, &cr, &err), "");
    CHECK(err.kind == AWS_ERR_CREDENTIALS);
    env_clean();
}

static const char *SCRIPT =
    "#!/bin/sh\n"
    "n=$(cat \"$PROC_COUNTER\" 2>/dev/null || echo 0)\n"
    "n=$((n+1))\n"
    "echo $n > \"$PROC_COUNTER\"\n"
    "case \"$PROC_MODE\" in\n"
    "fail) echo oops >&2; exit 3 ;;\n"
    "garbage) echo '{\"AccessKeyId\": SUPERSECRET'; exit 0 ;;\n"
    "v2) echo '{\"Version\":2,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"B\"}'; exit 0 ;;\n"
    "expired) echo '{\"Version\":1,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"B\",\"Expiration\":\"2001-01-01T00:00:00Z\"}'; exit 0 ;;\n"
    "static) echo '{\"Version\":1,\"AccessKeyId\":\"PROCSTATIC\",\"SecretAccessKey\":\"PROCSECRET\"}'; exit 0 ;;\n"
    "esac\n"
    "exp=$(date -u -d \"+${PROC_EXP} seconds\" +%Y-%m-%dT%H:%M:%SZ)\n"
    "printf '{\"Version\": 1, \"AccessKeyId\": \"PROCAK%d\", \"SecretAccessKey\": \"PROCSECRET\", "
    "\"SessionToken\": \"PROCTOKEN\", \"Expiration\": \"%s\"}\\n' \"$n\" \"$exp\"\n";

static int counter_value(void)
{
    FILE *f = fopen(path_in("counter"), "r");
    int n = 0;
    if (f) {
        if (fscanf(f, "%d", &n) != 1)
            n = 0;
        fclose(f);
    }
    return n;
}

typedef struct {
    aws_client *c;
    int ok;
} thread_arg;

static void *creds_thread(void *p)
{
    thread_arg *t = p;
    tf_arena *a = tf_arena_new();
    for (int i = 0; i < 50; i++) {
        aws_creds cr;
        aws_error err;
        if (creds_get(t->c, a, NULL, &cr, &err) == 0 && strncmp(cr.access_key, "PROCAK", 6) == 0)
            t->ok++;
    }
    tf_arena_free(a);
    return NULL;
}

static void test_credential_process(void)
{
    env_clean();
    write_file(path_in("proc.sh"), SCRIPT, 0700);
    write_file(path_in("proc-config"),
               tf_arena_printf(A, "[profile proc]\ncredential_process = %s --flag \"quoted arg\"\n",
                               path_in("proc.sh")), 0600);
    setenv("AWS_CONFIG_FILE", path_in("proc-config"), 1);
    setenv("AWS_SHARED_CREDENTIALS_FILE", path_in("none"), 1);
    setenv("PROC_COUNTER", path_in("counter"), 1);
    setenv("PROC_EXP", "4", 1);
    unlink(path_in("counter"));
    aws_config cfg;
    aws_error err;
    aws_creds cr;
    cfg_base(&cfg);
    cfg.profile = "proc";

    /* Expiration honoured: cached while fresh, fetched again near expiry. */
    aws_client *c = aws_client_new(&cfg, NULL, &err);
    CHECK(c != NULL);
    if (!c)
        printf("credential_process client: %s\n", err.message);
    if (c) {
        CHECK(creds_get(c, A, NULL, &cr, &err) == 0);
        CHECK_STR(cr.access_key, "PROCAK1");
        CHECK_STR(cr.token, "PROCTOKEN");
        CHECK(cr.expires > aws_now());
        CHECK(creds_get(c, A, NULL, &cr, &err) == 0);
        CHECK_STR(cr.access_key, "PROCAK1");
        CHECK(counter_value() == 1);
        struct timespec ts = {3, 300000000};
        nanosleep(&ts, NULL);
        CHECK(creds_get(c, A, NULL, &cr, &err) == 0);
        CHECK_STR(cr.access_key, "PROCAK2");
        CHECK(counter_value() == 2);
        aws_client_free(c);
    }

    /* Many threads, one fetch: the cache is shared and single-flight. */
    setenv("PROC_EXP", "3600", 1);
    unlink(path_in("counter"));
    c = aws_client_new(&cfg, NULL, &err);
    CHECK(c != NULL);
    if (c) {
        pthread_t th[8];
        thread_arg ta[8];
        for (int i = 0; i < 8; i++) {
            ta[i] = (thread_arg){c, 0};
            pthread_create(&th[i], NULL, creds_thread, &ta[i]);
        }
        int ok = 0;
        for (int i = 0; i < 8; i++) {
            pthread_join(th[i], NULL);
            ok += ta[i].ok;
        }
        CHECK(ok == 400);
        CHECK(counter_value() == 1);
        aws_client_free(c);
    }

    setenv("PROC_MODE", "static", 1);
    CHECK_STR(creds_of(&cfg, &cr, &err), "PROCSTATIC");
    CHECK(cr.expires == 0 && cr.token == NULL);

    /* Failures: clear errors that never echo the output. */
    setenv("PROC_MODE", "fail", 1);
    CHECK_STR(creds_of(&cfg, NULL, &err), "");
    CHECK(err.kind == AWS_ERR_CREDENTIALS && strstr(err.message, "status 3"));
    setenv("PROC_MODE", "garbage", 1);
    CHECK_STR(creds_of(&cfg, NULL, &err), "");
    CHECK(err.kind == AWS_ERR_CREDENTIALS && !strstr(err.message, "SUPERSECRET"));
    setenv("PROC_MODE", "v2", 1);
    CHECK_STR(creds_of(&cfg, NULL, &err), "");
    CHECK(strstr(err.message, "Version"));
    setenv("PROC_MODE", "expired", 1);
    CHECK_STR(creds_of(&cfg, NULL, &err), "");
    CHECK(strstr(err.message, "expired"));
    unsetenv("PROC_MODE");
    env_clean();
}

static void test_sources_tried(void)
{
    env_clean();
    aws_config cfg;
    aws_error err;
    cfg_base(&cfg);
    CHECK(aws_client_new(&cfg, NULL, &err) == NULL);
    CHECK(err.kind == AWS_ERR_CREDENTIALS);
    CHECK_STR(err.code, "NoCredentialProviders");
    CHECK(strstr(err.message, "provider configuration"));
    CHECK(strstr(err.message, "environment"));
    CHECK(strstr(err.message, "web identity"));
    CHECK(strstr(err.message, "shared config profile \"default\""));
    CHECK(strstr(err.message, "container credentials"));
    CHECK(strstr(err.message, "EC2 instance metadata: disabled by skip_metadata_api_check"));

    setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
    cfg.skip_metadata_api_check = -1;
    CHECK(aws_client_new(&cfg, NULL, &err) == NULL);
    CHECK(strstr(err.message, "disabled by AWS_EC2_METADATA_DISABLED"));

    /* An explicit false beats the environment: IMDS is tried (and fails). */
    cfg.skip_metadata_api_check = 0;
    cfg.ec2_metadata_service_endpoint = "http://127.0.0.1:1";
    CHECK(aws_client_new(&cfg, NULL, &err) == NULL);
    CHECK(err.kind == AWS_ERR_CREDENTIALS);
    CHECK(strstr(err.message, "EC2 instance metadata: ") && !strstr(err.message, "disabled"));
    CHECK(strstr(err.message, "container credentials"));
    env_clean();
}

static void test_web_identity(void)
{
    env_clean();
    write_file(path_in("token"), "eyJ.token.value\n", 0600);
    setenv("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/web", 1);
    setenv("AWS_WEB_IDENTITY_TOKEN_FILE", path_in("token"), 1);
    setenv("AWS_ROLE_SESSION_NAME", "web-session", 1);
    aws_config cfg;
    aws_error err;
    aws_creds cr;
    cfg_base(&cfg);
    CHECK_STR(creds_of(&cfg, &cr, &err), "ASIAWEB");
    CHECK_STR(cr.token, "webtoken");
    const stub_request *rq = last_request("AssumeRoleWithWebIdentity");
    CHECK(rq != NULL);
    if (rq) {
        CHECK(stub_header(rq, "Authorization") == NULL);      /* unsigned */
        CHECK(strstr(rq->body, "WebIdentityToken=eyJ.token.value&") ||
              strstr(rq->body, "WebIdentityToken=eyJ.token.value") != NULL);
        CHECK(strstr(rq->body, "RoleSessionName=web-session"));
        CHECK(strstr(rq->body, "RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fweb"));
    }
    unsetenv("AWS_ROLE_ARN");
    CHECK_STR(creds_of(&cfg, NULL, &err), "");
    CHECK(err.kind == AWS_ERR_CONFIG);
    env_clean();

    /* The provider block's assume_role_with_web_identity. */
    aws_assume_role_web_identity wi = {0};
    wi.role_arn = "arn:aws:iam::123456789012:role/inline";
    wi.web_identity_token = "tok-inline";
    wi.duration = "1h";
    const char *parns[] = {"arn:aws:iam::aws:policy/ReadOnlyAccess"};
    wi.policy_arns = parns;
    wi.n_policy_arns = 1;
    cfg_base(&cfg);
    cfg.assume_role_with_web_identity = &wi;
    CHECK_STR(creds_of(&cfg, NULL, &err), "ASIAWEB");
    rq = last_request("AssumeRoleWithWebIdentity");
    CHECK(rq && strstr(rq->body, "WebIdentityToken=tok-inline"));
    CHECK(rq && strstr(rq->body, "DurationSeconds=3600"));
    CHECK(rq && strstr(rq->body, "PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess"));
    CHECK(rq && strstr(rq->body, "RoleSessionName=terraform-provider-aws-"));
    wi.web_identity_token = NULL;
    wi.web_identity_token_file = path_in("token");
    CHECK_STR(creds_of(&cfg, NULL, &err), "ASIAWEB");
    rq = last_request("AssumeRoleWithWebIdentity");
    CHECK(rq && strstr(rq->body, "WebIdentityToken=eyJ.token.value"));
    wi.web_identity_token_file = path_in("missing-token");
    CHECK_STR(creds_of(&cfg, NULL, &err), "");
    CHECK(err.kind == AWS_ERR_CREDENTIALS && strstr(err.message, "missing-token"));
}

static void test_assume_role(void)
{
    env_clean();
    aws_config cfg;
    aws_error err;
    aws_creds cr;
    const char *parns[] = {"arn:aws:iam::aws:policy/P1"};
    aws_kv tags[] = {{"team", "infra"}};
    const char *trans[] = {"team"};
    aws_assume_role ar[2];
    memset(ar, 0, sizeof ar);
    ar[0].role_arn = "arn:aws:iam::123456789012:role/first";
    ar[0].session_name = "s1";
    ar[0].external_id = "ext";
    ar[0].duration = "1h";
    ar[0].policy = "{\"Version\":\"2012-10-17\"}";
    ar[0].policy_arns = parns;
    ar[0].n_policy_arns = 1;
    ar[0].tags = tags;
    ar[0].n_tags = 1;
    ar[0].transitive_tag_keys = trans;
    ar[0].n_transitive_tag_keys = 1;
    ar[0].source_identity = "me";
    ar[1].role_arn = "arn:aws:iam::123456789012:role/second";
    cfg_base(&cfg);
    cfg.access_key = "BASEAK";
    cfg.secret_key = "BASESK";
    cfg.assume_role = ar;
    cfg.n_assume_role = 1;
    ST.assume_count = 0;
    stub_reset(S);
    CHECK_STR(creds_of(&cfg, &cr, &err), "ASIAROLE1");
    const stub_request *rq = last_request("AssumeRole");
    CHECK(rq != NULL);
    if (rq) {
        CHECK(strstr(stub_header(rq, "Authorization"), "Credential=BASEAK/") != NULL);
        const char *want[] = {"RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Ffirst",
                              "RoleSessionName=s1", "ExternalId=ext", "DurationSeconds=3600",
                              "Policy=%7B%22Version%22%3A%222012-10-17%22%7D",
                              "PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FP1",
                              "Tags.member.1.Key=team", "Tags.member.1.Value=infra",
                              "TransitiveTagKeys.member.1=team", "SourceIdentity=me"};
        for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
            if (!strstr(rq->body, want[i])) {
                printf("missing %s in %s\n", want[i], rq->body);
                CHECK(0);
            }
    }

    /* Two blocks chain: the second is signed with the first's credentials. */
    cfg.n_assume_role = 2;
    CHECK_STR(creds_of(&cfg, &cr, &err), "ASIAROLE3");
    rq = last_request("AssumeRole");
    CHECK(rq && strstr(stub_header(rq, "Authorization"), "Credential=ASIAROLE2/"));
    CHECK(rq && strcmp(stub_header(rq, "X-Amz-Security-Token"), "roletoken2") == 0);
    CHECK(rq && strstr(rq->body, "role%2Fsecond"));

    ar[0].duration = "2d";
    CHECK_STR(creds_of(&cfg, NULL, &err), "");
    CHECK(err.kind == AWS_ERR_CONFIG);
    ar[0].duration = "5m";
    CHECK_STR(creds_of(&cfg, NULL, &err), "");
    CHECK(err.kind == AWS_ERR_CONFIG);
    ar[0].duration = NULL;

    ST.deny_assume = 1;
    cfg.n_assume_role = 1;
    CHECK_STR(creds_of(&cfg, NULL, &err), "");
    CHECK(err.kind == AWS_ERR_CREDENTIALS);
    CHECK_STR(err.code, "AccessDenied");
    CHECK(strstr(err.message, "role/first") && strstr(err.message, "not allowed to assume"));
    ST.deny_assume = 0;
}

static void test_imds(void)
{
    env_clean();
    aws_config cfg;
    aws_error err;
    aws_creds cr;
    cfg_base(&cfg);
    cfg.skip_metadata_api_check = 0;
    cfg.ec2_metadata_service_endpoint = stub_url;
    stub_reset(S);
    CHECK_STR(creds_of(&cfg, &cr, &err), "ASIAIMDS");
    CHECK_STR(cr.token, "IMDSTOKENVALUE");
    CHECK(cr.expires > aws_now() + 3600);
    CHECK(S->n_requests == 3);
    if (S->n_requests == 3) {
        CHECK_STR(S->requests[0].method, "PUT");
        CHECK_STR(stub_header(&S->requests[0], "X-aws-ec2-metadata-token-ttl-seconds"), "21600");
        CHECK_STR(S->requests[2].target, "/latest/meta-data/iam/security-credentials/test-role");
        CHECK_STR(stub_header(&S->requests[2], "X-aws-ec2-metadata-token"), "IMDSTOKEN");
    }
    /* Endpoint from the environment; an IMDSv1-only endpoint still works. */
    cfg.ec2_metadata_service_endpoint = NULL;
    setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", tf_arena_printf(A, "%s/", stub_url), 1);
    ST.imds_v1_only = 1;
    stub_reset(S);
    CHECK_STR(creds_of(&cfg, &cr, &err), "ASIAIMDS");
    CHECK(S->n_requests == 3 && stub_header(&S->requests[1], "X-aws-ec2-metadata-token") == NULL);
    ST.imds_v1_only = 0;
    env_clean();
}

static void test_container(void)
{
    env_clean();
    aws_config cfg;
    aws_error err;
    aws_creds cr;
    cfg_base(&cfg);
    setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", tf_arena_printf(A, "%s/ecs-creds", stub_url), 1);
    setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN", "secret-auth", 1);
    CHECK_STR(creds_of(&cfg, &cr, &err), "ASIAECS");
    CHECK_STR(cr.token, "ECSTOKEN");
    setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN", "wrong", 1);
    CHECK_STR(creds_of(&cfg, NULL, &err), "");
    CHECK(strstr(err.message, "403") && strstr(err.message, "bad token"));
    /* The token file wins over the token. */
    write_file(path_in("ecs-token"), "secret-auth\n", 0600);
    setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", path_in("ecs-token"), 1);
    CHECK_STR(creds_of(&cfg, NULL, &err), "ASIAECS");
    /* The relative URI goes to the ECS agent's link-local address. */
    unsetenv("AWS_CONTAINER_CREDENTIALS_FULL_URI");
    setenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc", 1);
    long long t0 = aws_mono_ms();
    CHECK_STR(creds_of(&cfg, NULL, &err), "");
    CHECK(strstr(err.message, "http://169.254.170.2/v2/credentials/abc") != NULL);
    CHECK(aws_mono_ms() - t0 < 8000);
    unsetenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
    /* Plain http only to loopback or the agents' addresses. */
    setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://example.com/creds", 1);
    CHECK_STR(creds_of(&cfg, NULL, &err), "");
    CHECK(err.kind == AWS_ERR_CONFIG);
    env_clean();
}

static void test_identity(void)
{
    env_clean();
    aws_config cfg;
    aws_error err;
    cfg_base(&cfg);
    cfg.access_key = "AKID";
    cfg.secret_key = "SECRET";
    cfg.skip_credentials_validation = 0;
    cfg.skip_requesting_account_id = 0;
    aws_client *c = aws_client_new(&cfg, NULL, &err);
    CHECK(c != NULL);
    if (c) {
        CHECK_STR(aws_client_account_id(c), "123456789012");
        CHECK_STR(aws_client_partition(c)->id, "aws-us-gov");   /* from the ARN */
        aws_client_free(c);
    }
    const stub_request *rq = last_request("GetCallerIdentity");
    CHECK(rq && strstr(stub_header(rq, "Authorization"), "/us-east-1/sts/aws4_request"));

    /* sts_region signs STS calls for another region. */
    cfg.sts_region = "eu-west-2";
    c = aws_client_new(&cfg, NULL, &err);
    CHECK(c != NULL);
    aws_client_free(c);
    rq = last_request("GetCallerIdentity");
    CHECK(rq && strstr(stub_header(rq, "Authorization"), "/eu-west-2/sts/aws4_request"));
    cfg.sts_region = NULL;

    ST.deny_identity = 1;
    CHECK(aws_client_new(&cfg, NULL, &err) == NULL);
    CHECK(err.kind == AWS_ERR_CREDENTIALS);
    CHECK(strstr(err.message, "validating provider credentials") &&
          strstr(err.message, "InvalidClientTokenId"));
    /* Skipping validation still tries for the account id, without failing. */
    cfg.skip_credentials_validation = 1;
    c = aws_client_new(&cfg, NULL, &err);
    CHECK(c != NULL);
    if (c) {
        CHECK_STR(aws_client_account_id(c), "");
        CHECK_STR(aws_client_partition(c)->id, "aws");
        aws_client_free(c);
    }
    ST.deny_identity = 0;
}

/* Runs the flows that handle secrets with DEBUG logging on, capturing
 * stderr, and looks for any secret in it. */
static void test_no_secrets_in_logs(void)
{
    fflush(stderr);
    int saved = dup(2);
    const char *logpath = path_in("log.txt");
    FILE *lf = fopen(logpath, "w");
    dup2(fileno(lf), 2);
    fclose(lf);

    test_chained_profiles();
    test_assume_role();
    test_imds();
    test_container();
    test_web_identity();
    test_credential_process();

    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    char *log = aws_read_file(A, logpath, 16 << 20);
    CHECK(log != NULL);
    if (!log)
        return;
    CHECK(strstr(log, "\"@message\"") != NULL);     /* logging was on */
    CHECK(strstr(log, "aws: sts AssumeRole: HTTP 200") != NULL);
    const char *secrets[] = {"CREDSK", "CREDTOKEN", "rolesecret", "roletoken", "BASESK",
                             "IMDSSECRET", "IMDSTOKEN", "ECSSECRET", "secret-auth",
                             "websecret", "webtoken", "tok-inline", "eyJ.token",
                             "PROCSECRET", "SUPERSECRET", "ENVSK", "Signature=",
                             "AWS4-HMAC-SHA256"};
    for (size_t i = 0; i < sizeof secrets / sizeof secrets[0]; i++)
        if (strstr(log, secrets[i])) {
            printf("secret \"%s\" found in the log\n", secrets[i]);
            CHECK(0);
        }
}

int main(void)
{
    setenv("TF_LOG", "DEBUG", 1);
    A = tf_arena_new();
    snprintf(tmpdir, sizeof tmpdir, "/tmp/tfp-creds-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 2;
    }
    setenv("HOME", tmpdir, 1);   /* ~/.aws is empty */
    S = stub_start(creds_handler, NULL);
    snprintf(stub_url, sizeof stub_url, "http://127.0.0.1:%d", S->port);

    /* Quiet first pass: logs are noise except in the secrets check. */
    fflush(stderr);
    int saved = dup(2);
    FILE *devnull = fopen("/dev/null", "w");
    dup2(fileno(devnull), 2);
    fclose(devnull);
    test_static_and_env();
    test_profile_parse();
    test_profiles();
    test_chained_profiles();
    test_credential_process();
    test_sources_tried();
    test_web_identity();
    test_assume_role();
    test_imds();
    test_container();
    test_identity();
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    test_no_secrets_in_logs();

    stub_stop(S);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    tf_arena_free(A);
    return test_finish();
}

/* credentials.c - the credential chain and its cache.
 *
 * At client creation the chain is decided once, in the AWS SDK's order, and
 * becomes a small tree of nodes: a leaf says where keys come from (static,
 * credential_process, web identity, container, IMDS) and an assume-role node
 * wraps the node that provides its base keys.  Every node that talks to
 * something caches what it got and fetches again shortly before expiry;
 * one mutex per client makes refreshes single-flight and thread-safe.
 *
 * Order (provider config wins, then the SDK default chain):
 *   assume_role_with_web_identity block -> access_key/secret_key ->
 *   profile from the provider block -> AWS_ACCESS_KEY_ID/... ->
 *   AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN -> profile (AWS_PROFILE or
 *   "default": source_profile/role_arn, static keys, credential_source,
 *   web_identity_token_file, credential_process) -> container credentials ->
 *   EC2 instance metadata; then each assume_role block on top. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "duration.h"
#include "internal.h"
#include "log.h"
#include "profile.h"

#define CREDS_EXPIRY_WINDOW_S 300
#define PROFILE_MAX_DEPTH 8

typedef enum {
    CRED_STATIC,
    CRED_ASSUME_ROLE,
    CRED_WEB_IDENTITY,
    CRED_PROCESS,
    CRED_CONTAINER,
    CRED_IMDS,
} cred_kind;

struct cred_node {
    cred_kind kind;
    const char *desc;              /* where the keys come from, for logs */
    aws_creds fixed;               /* CRED_STATIC */
    cred_role role;                /* CRED_ASSUME_ROLE, CRED_WEB_IDENTITY */
    cred_node *base;               /* CRED_ASSUME_ROLE */
    const char *command;           /* CRED_PROCESS */
    const char *url;               /* CRED_CONTAINER, CRED_IMDS */
    const char *auth_token;
    const char *auth_token_file;
    int is_fallback;               /* the chain's last resort: errors list
                                      every source tried */
    /* cache, malloc'd */
    int cached;
    char *c_access, *c_secret, *c_token;
    long long c_expires, c_obtained;
    int logged;
};

/* ---- small helpers ----------------------------------------------------- */

static const char *env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

static int env_true(const char *name)
{
    const char *v = env(name);
    return v && strcasecmp(v, "true") == 0;
}

char *aws_read_file(tf_arena *a, const char *path, size_t max)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    aws_buf b;
    aws_buf_init(&b, a);
    char chunk[4096];
    size_t n;
    while (b.len < max && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        aws_buf_putn(&b, chunk, n);
    fclose(f);
    while (b.len && isspace((unsigned char)b.data[b.len - 1]))
        b.data[--b.len] = '\0';
    return b.data;
}

long long aws_parse_time(const char *s)
{
    if (!s)
        return -1;
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    int n = 0;
    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
               &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6)
        return -1;
    const char *p = s + n;
    if (*p == '.')
        for (p++; isdigit((unsigned char)*p); p++)
            ;
    long offset = 0;
    if (*p == 'Z' || *p == 'z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int oh, om, k = 0;
        if (sscanf(p + 1, "%2d:%2d%n", &oh, &om, &k) != 2)
            return -1;
        offset = (oh * 3600L + om * 60L) * (*p == '+' ? 1 : -1);
        p += 1 + k;
    } else {
        return -1;
    }
    if (*p)
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return (long long)timegm(&tm) - offset;
}

static long parse_duration_s(const char *d, aws_error *err)
{
    if (!d || !*d)
        return 0;
    int64_t ns;
    char msg[256];
    if (!tf_duration_parse(d, strlen(d), &ns, msg, sizeof msg)) {
        aws_error_set(err, AWS_ERR_CONFIG, "InvalidDuration",
                      "assume role duration: %s", msg);
        return -1;
    }
    long s = (long)(ns / 1000000000LL);
    if (s < 900 || s > 43200) {
        aws_error_set(err, AWS_ERR_CONFIG, "InvalidDuration",
                      "assume role duration \"%s\" must be between 15m and 12h", d);
        return -1;
    }
    return s;
}

/* "~/x" -> "$HOME/x"; the provider documents ~ in file paths. */
static const char *expand_home(tf_arena *a, const char *path)
{
    if (path[0] == '~' && (path[1] == '/' || path[1] == '\0')) {
        const char *home = env("HOME");
        if (home)
            return tf_arena_printf(a, "%s%s", home, path + 1);
    }
    return path;
}

/* ---- nodes ------------------------------------------------------------- */

typedef struct {
    aws_client *c;
    tf_arena *a;                   /* the client's arena */
    const aws_config *cfg;
    aws_profiles *profiles;
    aws_buf tried;
    const char *imds_url;
    const char *imds_off;          /* why IMDS is disabled, or NULL */
} chain_ctx;

static cred_node *node_new(chain_ctx *x, cred_kind kind, const char *desc)
{
    cred_node *n = tf_arena_calloc(x->a, 1, sizeof *n);
    n->kind = kind;
    n->desc = tf_arena_strdup(x->a, desc);
    return n;
}

static void tried(chain_ctx *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void tried(chain_ctx *x, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = tf_arena_vprintf(x->a, fmt, ap);
    va_end(ap);
    aws_buf_printf(&x->tried, "%s%s", x->tried.len ? "; " : "", s);
}

static const char *session_name_default(chain_ctx *x)
{
    return tf_arena_printf(x->a, "terraform-provider-aws-%lld", aws_mono_ms() ^ aws_now());
}

static cred_node *node_static(chain_ctx *x, const char *desc, const char *ak,
                              const char *sk, const char *token)
{
    cred_node *n = node_new(x, CRED_STATIC, desc);
    n->fixed.access_key = tf_arena_strdup(x->a, ak);
    n->fixed.secret_key = tf_arena_strdup(x->a, sk);
    n->fixed.token = token && *token ? tf_arena_strdup(x->a, token) : NULL;
    n->fixed.source = n->desc;
    return n;
}

static cred_node *node_assume(chain_ctx *x, cred_node *base, const char *desc,
                              const cred_role *r)
{
    cred_node *n = node_new(x, CRED_ASSUME_ROLE, desc);
    n->base = base;
    n->role = *r;
    if (!n->role.session_name || !*n->role.session_name)
        n->role.session_name = session_name_default(x);
    return n;
}

static cred_node *node_web_identity(chain_ctx *x, const char *desc,
                                    const cred_role *r)
{
    cred_node *n = node_new(x, CRED_WEB_IDENTITY, desc);
    n->role = *r;
    if (!n->role.session_name || !*n->role.session_name)
        n->role.session_name = session_name_default(x);
    return n;
}

/* The host of an http(s) URL, without port or brackets. */
static const char *url_hostname(tf_arena *a, const char *url)
{
    const char *p = strstr(url, "://");
    if (!p)
        return "";
    p += 3;
    if (*p == '[') {
        const char *e = strchr(p, ']');
        return e ? tf_arena_strndup(a, p + 1, (size_t)(e - p - 1)) : "";
    }
    return tf_arena_strndup(a, p, strcspn(p, ":/?#"));
}

static int container_host_allowed(tf_arena *a, const char *url)
{
    if (strncmp(url, "https://", 8) == 0)
        return 1;
    if (strncmp(url, "http://", 7) != 0)
        return 0;
    const char *h = url_hostname(a, url);
    return strcmp(h, "localhost") == 0 || strncmp(h, "127.", 4) == 0 ||
           strcmp(h, "::1") == 0 || strcmp(h, "169.254.170.2") == 0 ||
           strcmp(h, "169.254.170.23") == 0 || strcmp(h, "fd00:ec2::23") == 0;
}

/* Container credentials, else IMDS: the SDK's tail of the chain.  NULL
 * (with err) only for a misconfiguration or when IMDS is disabled. */
static cred_node *chain_tail(chain_ctx *x, aws_error *err)
{
    const char *token = env("AWS_CONTAINER_AUTHORIZATION_TOKEN");
    const char *token_file = env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
    const char *rel = env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
    const char *full = env("AWS_CONTAINER_CREDENTIALS_FULL_URI");
    if (rel || full) {
        const char *url = rel ? tf_arena_printf(x->a, "http://169.254.170.2%s", rel)
                              : tf_arena_strdup(x->a, full);
        if (!rel && !container_host_allowed(x->a, url)) {
            aws_error_set(err, AWS_ERR_CONFIG, "InvalidContainerCredentialsURI",
                          "AWS_CONTAINER_CREDENTIALS_FULL_URI %s: an http URL must "
                          "point to a loopback or ECS/EKS agent address", url);
            return NULL;
        }
        cred_node *n = node_new(x, CRED_CONTAINER, "container credentials endpoint");
        n->url = url;
        n->auth_token = token ? tf_arena_strdup(x->a, token) : NULL;
        n->auth_token_file = token_file ? tf_arena_strdup(x->a, token_file) : NULL;
        return n;
    }
    tried(x, "container credentials: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and "
             "AWS_CONTAINER_CREDENTIALS_FULL_URI not set");
    if (x->imds_off) {
        tried(x, "EC2 instance metadata: disabled by %s", x->imds_off);
        aws_error_set(err, AWS_ERR_CREDENTIALS, "NoCredentialProviders",
                      "no valid credential sources found; tried: %s", x->tried.data);
        return NULL;
    }
    cred_node *n = node_new(x, CRED_IMDS, "EC2 instance metadata");
    n->url = x->imds_url;
    n->is_fallback = 1;
    return n;
}

static cred_node *chain_profile(chain_ctx *x, const char *name, int explicit,
                                int depth, aws_error *err);

static cred_node *chain_credential_source(chain_ctx *x, const char *name,
                                          const char *src, aws_error *err)
{
    if (strcmp(src, "Environment") == 0) {
        const char *ak = env("AWS_ACCESS_KEY_ID"), *sk = env("AWS_SECRET_ACCESS_KEY");
        if (ak && sk)
            return node_static(x, "environment", ak, sk, env("AWS_SESSION_TOKEN"));
        aws_error_set(err, AWS_ERR_CREDENTIALS, "NoCredentialProviders",
                      "profile \"%s\": credential_source Environment, but "
                      "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are not set", name);
        return NULL;
    }
    if (strcmp(src, "Ec2InstanceMetadata") == 0) {
        if (x->imds_off) {
            aws_error_set(err, AWS_ERR_CREDENTIALS, "NoCredentialProviders",
                          "profile \"%s\": credential_source Ec2InstanceMetadata, "
                          "but instance metadata is disabled by %s", name, x->imds_off);
            return NULL;
        }
        cred_node *n = node_new(x, CRED_IMDS, "EC2 instance metadata");
        n->url = x->imds_url;
        return n;
    }
    if (strcmp(src, "EcsContainer") == 0) {
        if (!env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") &&
            !env("AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
            aws_error_set(err, AWS_ERR_CREDENTIALS, "NoCredentialProviders",
                          "profile \"%s\": credential_source EcsContainer, but "
                          "no container credentials endpoint is set", name);
            return NULL;
        }
        return chain_tail(x, err);
    }
    aws_error_set(err, AWS_ERR_CONFIG, "InvalidCredentialSource",
                  "profile \"%s\": unknown credential_source \"%s\"", name, src);
    return NULL;
}

static int profile_role(chain_ctx *x, const char *name, cred_role *r,
                        aws_error *err)
{
    memset(r, 0, sizeof *r);
    aws_profiles *p = x->profiles;
    r->role_arn = profiles_get(p, name, "role_arn");
    r->session_name = profiles_get(p, name, "role_session_name");
    r->external_id = profiles_get(p, name, "external_id");
    const char *d = profiles_get(p, name, "duration_seconds");
    if (d) {
        char *end;
        long v = strtol(d, &end, 10);
        if (*end || v < 900 || v > 43200) {
            aws_error_set(err, AWS_ERR_CONFIG, "InvalidDuration",
                          "profile \"%s\": duration_seconds \"%s\" must be 900..43200",
                          name, d);
            return -1;
        }
        r->duration_s = v;
    }
    return 0;
}

static cred_node *chain_profile(chain_ctx *x, const char *name, int explicit,
                                int depth, aws_error *err)
{
    aws_profiles *p = x->profiles;
    if (depth > PROFILE_MAX_DEPTH) {
        aws_error_set(err, AWS_ERR_CONFIG, "ProfileLoop",
                      "profile \"%s\": source_profile chain too long (a loop?)", name);
        return NULL;
    }
    if (!profiles_has(p, name)) {
        if (explicit) {
            aws_error_set(err, AWS_ERR_CONFIG, "ProfileNotFound",
                          "failed to get shared config profile, %s (looked in %s)",
                          name, profiles_files(p));
            return NULL;
        }
        tried(x, "shared config profile \"%s\": not found in %s", name, profiles_files(p));
        return chain_tail(x, err);
    }
    const char *desc = tf_arena_printf(x->a, "shared config profile \"%s\"", name);
    const char *role_arn = profiles_get(p, name, "role_arn");
    const char *source = profiles_get(p, name, "source_profile");
    const char *cred_source = profiles_get(p, name, "credential_source");
    const char *ak = profiles_get(p, name, "aws_access_key_id");
    const char *sk = profiles_get(p, name, "aws_secret_access_key");
    const char *tok = profiles_get(p, name, "aws_session_token");
    const char *wif = profiles_get(p, name, "web_identity_token_file");
    const char *proc = profiles_get(p, name, "credential_process");

    if (role_arn && *role_arn && (source || cred_source)) {
        cred_role r;
        if (profile_role(x, name, &r, err))
            return NULL;
        cred_node *base;
        if (source && strcmp(source, name) == 0 && ak && sk)
            base = node_static(x, desc, ak, sk, tok);
        else if (source)
            base = chain_profile(x, source, 1, depth + 1, err);
        else
            base = chain_credential_source(x, name, cred_source, err);
        if (!base)
            return NULL;
        return node_assume(x, base, tf_arena_printf(x->a, "%s (role %s)", desc, role_arn), &r);
    }
    if (ak && sk)
        return node_static(x, desc, ak, sk, tok);
    if (role_arn && *role_arn && wif) {
        cred_role r;
        if (profile_role(x, name, &r, err))
            return NULL;
        r.web_identity_token_file = expand_home(x->a, wif);
        return node_web_identity(x, tf_arena_printf(x->a, "%s (web identity)", desc), &r);
    }
    if (role_arn && *role_arn) {
        aws_error_set(err, AWS_ERR_CONFIG, "InvalidProfile",
                      "profile \"%s\": role_arn needs source_profile, "
                      "credential_source or web_identity_token_file", name);
        return NULL;
    }
    if (profiles_get(p, name, "sso_start_url") || profiles_get(p, name, "sso_session")) {
        aws_error_set(err, AWS_ERR_CONFIG, "UnsupportedProfile",
                      "profile \"%s\": AWS SSO profiles are not supported; use "
                      "credential_process or static credentials", name);
        return NULL;
    }
    if (proc && *proc) {
        cred_node *n = node_new(x, CRED_PROCESS,
                                tf_arena_printf(x->a, "%s (credential_process)", desc));
        n->command = proc;
        return n;
    }
    tried(x, "shared config profile \"%s\": no credentials in it", name);
    return chain_tail(x, err);
}

static int role_from_config(chain_ctx *x, const aws_assume_role *ar,
                            cred_role *r, aws_error *err)
{
    memset(r, 0, sizeof *r);
    r->role_arn = ar->role_arn;
    r->session_name = ar->session_name;
    r->external_id = ar->external_id;
    r->duration_s = parse_duration_s(ar->duration, err);
    if (r->duration_s < 0)
        return -1;
    r->policy = ar->policy;
    r->policy_arns = ar->policy_arns;
    r->n_policy_arns = ar->n_policy_arns;
    r->tags = ar->tags;
    r->n_tags = ar->n_tags;
    r->transitive_tag_keys = ar->transitive_tag_keys;
    r->n_transitive_tag_keys = ar->n_transitive_tag_keys;
    r->source_identity = ar->source_identity;
    (void)x;
    return 0;
}

static cred_node *chain_base(chain_ctx *x, aws_error *err)
{
    const aws_config *cfg = x->cfg;
    const aws_assume_role_web_identity *wi = cfg->assume_role_with_web_identity;
    if (wi && wi->role_arn && *wi->role_arn) {
        cred_role r;
        memset(&r, 0, sizeof r);
        r.role_arn = wi->role_arn;
        r.session_name = wi->session_name ? wi->session_name : env("AWS_ROLE_SESSION_NAME");
        r.duration_s = parse_duration_s(wi->duration, err);
        if (r.duration_s < 0)
            return NULL;
        r.policy = wi->policy;
        r.policy_arns = wi->policy_arns;
        r.n_policy_arns = wi->n_policy_arns;
        r.web_identity_token = wi->web_identity_token;
        r.web_identity_token_file = wi->web_identity_token_file
                                        ? expand_home(x->a, wi->web_identity_token_file)
                                        : env("AWS_WEB_IDENTITY_TOKEN_FILE");
        if (!r.web_identity_token && !r.web_identity_token_file) {
            aws_error_set(err, AWS_ERR_CONFIG, "InvalidWebIdentity",
                          "assume_role_with_web_identity: one of web_identity_token or "
                          "web_identity_token_file is required");
            return NULL;
        }
        return node_web_identity(x, "assume_role_with_web_identity", &r);
    }
    if (cfg->access_key || cfg->secret_key) {
        if (!cfg->access_key || !*cfg->access_key || !cfg->secret_key || !*cfg->secret_key) {
            aws_error_set(err, AWS_ERR_CONFIG, "InvalidCredentials",
                          "access_key and secret_key must both be set");
            return NULL;
        }
        return node_static(x, "provider configuration", cfg->access_key,
                           cfg->secret_key, cfg->token);
    }
    tried(x, "provider configuration: access_key/secret_key not set");
    if (cfg->profile && *cfg->profile)
        return chain_profile(x, cfg->profile, 1, 0, err);

    const char *ak = env("AWS_ACCESS_KEY_ID") ? env("AWS_ACCESS_KEY_ID") : env("AWS_ACCESS_KEY");
    const char *sk = env("AWS_SECRET_ACCESS_KEY") ? env("AWS_SECRET_ACCESS_KEY") : env("AWS_SECRET_KEY");
    if (ak && sk)
        return node_static(x, "environment", ak, sk, env("AWS_SESSION_TOKEN"));
    tried(x, "environment: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY %s",
          ak || sk ? "only partly set" : "not set");

    const char *wif = env("AWS_WEB_IDENTITY_TOKEN_FILE");
    if (wif) {
        if (!env("AWS_ROLE_ARN")) {
            aws_error_set(err, AWS_ERR_CONFIG, "InvalidWebIdentity",
                          "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not");
            return NULL;
        }
        cred_role r;
        memset(&r, 0, sizeof r);
        r.role_arn = tf_arena_strdup(x->a, env("AWS_ROLE_ARN"));
        r.session_name = env("AWS_ROLE_SESSION_NAME");
        r.web_identity_token_file = tf_arena_strdup(x->a, wif);
        return node_web_identity(x, "web identity (environment)", &r);
    }
    tried(x, "web identity: AWS_WEB_IDENTITY_TOKEN_FILE not set");

    const char *profile = env("AWS_PROFILE");
    return chain_profile(x, profile ? profile : "default", profile != NULL, 0, err);
}

/* ---- building ---------------------------------------------------------- */

static void file_list(tf_arena *a, const char *const *cfg_files, size_t n,
                      const char *env_name, const char *dflt,
                      const char ***out, size_t *n_out)
{
    const char **l = tf_arena_calloc(a, n ? n : 1, sizeof *l);
    if (n) {
        for (size_t i = 0; i < n; i++)
            l[i] = expand_home(a, cfg_files[i]);
        *n_out = n;
    } else if (env(env_name)) {
        l[0] = expand_home(a, env(env_name));
        *n_out = 1;
    } else {
        l[0] = expand_home(a, dflt);
        *n_out = 1;
    }
    *out = l;
}

aws_profiles *creds_load_profiles(tf_arena *a, const aws_config *cfg)
{
    const char **cf, **kf;
    size_t ncf, nkf;
    file_list(a, cfg->shared_config_files, cfg->n_shared_config_files,
              "AWS_CONFIG_FILE", "~/.aws/config", &cf, &ncf);
    file_list(a, cfg->shared_credentials_files, cfg->n_shared_credentials_files,
              "AWS_SHARED_CREDENTIALS_FILE", "~/.aws/credentials", &kf, &nkf);
    return profiles_load(a, cf, ncf, kf, nkf);
}

static const char *imds_endpoint(tf_arena *a, const aws_config *cfg)
{
    const char *ep = cfg->ec2_metadata_service_endpoint && *cfg->ec2_metadata_service_endpoint
                         ? cfg->ec2_metadata_service_endpoint
                         : env("AWS_EC2_METADATA_SERVICE_ENDPOINT");
    if (!ep) {
        const char *mode = cfg->ec2_metadata_service_endpoint_mode
                               ? cfg->ec2_metadata_service_endpoint_mode
                               : env("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE");
        ep = mode && strcasecmp(mode, "IPv6") == 0 ? "http://[fd00:ec2::254]"
                                                   : "http://169.254.169.254";
    }
    size_t n = strlen(ep);
    while (n && ep[n - 1] == '/')
        n--;
    return tf_arena_strndup(a, ep, n);
}

cred_node *creds_chain_new(aws_client *c, const aws_config *cfg,
                           aws_error *err)
{
    chain_ctx x;
    memset(&x, 0, sizeof x);
    x.c = c;
    x.a = c->arena;
    x.cfg = cfg;
    aws_buf_init(&x.tried, c->arena);
    x.profiles = creds_load_profiles(c->arena, cfg);
    x.imds_url = imds_endpoint(c->arena, cfg);
    if (cfg->skip_metadata_api_check == 1)
        x.imds_off = "skip_metadata_api_check";
    else if (cfg->skip_metadata_api_check < 0 && env_true("AWS_EC2_METADATA_DISABLED"))
        x.imds_off = "AWS_EC2_METADATA_DISABLED";

    cred_node *n = chain_base(&x, err);
    if (!n)
        return NULL;
    for (size_t i = 0; i < cfg->n_assume_role; i++) {
        const aws_assume_role *ar = &cfg->assume_role[i];
        if (!ar->role_arn || !*ar->role_arn) {
            TF_WARN("aws: assume_role block without role_arn is ignored");
            continue;
        }
        cred_role r;
        if (role_from_config(&x, ar, &r, err))
            return NULL;
        n = node_assume(&x, n, tf_arena_printf(x.a, "assume_role %s", ar->role_arn), &r);
    }
    c->creds_tried = x.tried.data;
    return n;
}

void creds_chain_free(cred_node *n)
{
    for (; n; n = n->base) {
        free(n->c_access);
        free(n->c_secret);
        free(n->c_token);
        n->c_access = n->c_secret = n->c_token = NULL;
    }
}

/* ---- fetching ---------------------------------------------------------- */

static int node_fresh(const cred_node *n, long long now)
{
    if (!n->cached)
        return 0;
    if (!n->c_expires)
        return 1;
    long long life = n->c_expires - n->c_obtained;
    long long window = life / 2 < CREDS_EXPIRY_WINDOW_S ? life / 2 : CREDS_EXPIRY_WINDOW_S;
    return now < n->c_expires - window;
}

static void node_copy_out(tf_arena *a, const cred_node *n, aws_creds *out)
{
    out->access_key = tf_arena_strdup(a, n->c_access);
    out->secret_key = tf_arena_strdup(a, n->c_secret);
    out->token = n->c_token ? tf_arena_strdup(a, n->c_token) : NULL;
    out->expires = n->c_expires;
    out->source = tf_arena_strdup(a, n->desc);
}

static void node_store(cred_node *n, const aws_creds *got)
{
    free(n->c_access);
    free(n->c_secret);
    free(n->c_token);
    n->c_access = strdup(got->access_key);
    n->c_secret = strdup(got->secret_key);
    n->c_token = got->token && *got->token ? strdup(got->token) : NULL;
    n->c_expires = got->expires > 0 ? got->expires : 0;
    n->c_obtained = aws_now();
    n->cached = n->c_access && n->c_secret;
}

static int node_get(aws_client *c, cred_node *n, tf_arena *a,
                    const volatile int *stop, aws_creds *out, aws_error *err);

static int node_fetch(aws_client *c, cred_node *n, tf_arena *a,
                      const volatile int *stop, aws_creds *got, aws_error *err)
{
    memset(got, 0, sizeof *got);
    switch (n->kind) {
    case CRED_STATIC:
        *got = n->fixed;
        return 0;
    case CRED_ASSUME_ROLE: {
        aws_creds base;
        if (node_get(c, n->base, a, stop, &base, err))
            return -1;
        return cred_assume_role(c, a, stop, &base, &n->role, got, err);
    }
    case CRED_WEB_IDENTITY:
        return cred_web_identity(c, a, stop, &n->role, got, err);
    case CRED_PROCESS:
        return cred_process(a, stop, n->command, got, err);
    case CRED_CONTAINER:
        return cred_container(c, a, stop, n->url, n->auth_token, n->auth_token_file, got, err);
    case CRED_IMDS:
        return cred_imds(c, a, stop, n->url, got, err);
    }
    return -1;
}

static int node_get(aws_client *c, cred_node *n, tf_arena *a,
                    const volatile int *stop, aws_creds *out, aws_error *err)
{
    if (n->kind == CRED_STATIC) {
        out->access_key = tf_arena_strdup(a, n->fixed.access_key);
        out->secret_key = tf_arena_strdup(a, n->fixed.secret_key);
        out->token = n->fixed.token ? tf_arena_strdup(a, n->fixed.token) : NULL;
        out->expires = 0;
        out->source = tf_arena_strdup(a, n->desc);
        return 0;
    }
    long long now = aws_now();
    if (node_fresh(n, now)) {
        node_copy_out(a, n, out);
        return 0;
    }
    aws_creds got;
    if (node_fetch(c, n, a, stop, &got, err) != 0) {
        if (n->cached && (!n->c_expires || now < n->c_expires) &&
            err->kind != AWS_ERR_CANCELLED) {
            /* Refresh failed but what we have is still valid: use it. */
            TF_WARN("aws: refreshing credentials from %s failed, using the "
                    "current ones until they expire: %s", n->desc, err->message);
            aws_error_clear(err);
            node_copy_out(a, n, out);
            return 0;
        }
        if (n->is_fallback && err->kind != AWS_ERR_CANCELLED) {
            char why[sizeof err->message];
            snprintf(why, sizeof why, "%s", err->message);
            aws_error_set(err, AWS_ERR_CREDENTIALS, "NoCredentialProviders",
                          "no valid credential sources found; tried: %s; "
                          "EC2 instance metadata: %s",
                          c->creds_tried && *c->creds_tried ? c->creds_tried : "-", why);
        }
        return -1;
    }
    node_store(n, &got);
    if (!n->cached) {
        aws_error_set(err, AWS_ERR_CREDENTIALS, "InvalidCredentials",
                      "%s returned incomplete credentials", n->desc);
        return -1;
    }
    TF_DEBUG("aws: credentials %s from %s%s", n->logged ? "refreshed" : "obtained",
             n->desc, n->c_expires ? " (temporary)" : "");
    n->logged = 1;
    node_copy_out(a, n, out);
    return 0;
}

int creds_get(aws_client *c, tf_arena *a, const volatile int *stop,
              aws_creds *out, aws_error *err)
{
    if (!c->creds) {
        aws_error_set(err, AWS_ERR_CREDENTIALS, "NoCredentialProviders",
                      "no credentials configured");
        return -1;
    }
    pthread_mutex_lock(&c->creds_mu);
    int rc = node_get(c, c->creds, a, stop, out, err);
    pthread_mutex_unlock(&c->creds_mu);
    return rc;
}

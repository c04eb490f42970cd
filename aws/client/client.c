/* client.c - turning a provider configuration into a working aws_client.
 *
 * Everything that can be decided once is decided here, in the order the
 * hashicorp provider uses: profile files, region, partition, endpoints of
 * every service, retry policy, HTTP settings, the credential chain (with a
 * first fetch, so bad credentials fail at configure time), and finally
 * sts:GetCallerIdentity for the account id and partition.  After this the
 * client is read-only except for its caches (credentials, retry quota). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "internal.h"
#include "log.h"
#include "profile.h"

#define DEFAULT_MAX_RETRIES 25
#define RETRY_QUOTA_START 500

void aws_config_init(aws_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->max_retries = -1;
    cfg->skip_metadata_api_check = -1;
}

static const char *env(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? v : NULL;
}

static const char *first(const char *a, const char *b, const char *c)
{
    if (a && *a)
        return a;
    if (b && *b)
        return b;
    return c && *c ? c : NULL;
}

/* Test tuning (never set in use): a positive number of milliseconds in the
 * environment variable name, else dflt. */
static int env_ms(const char *name, int dflt)
{
    const char *v = env(name);
    int n = v ? atoi(v) : 0;
    return n > 0 ? n : dflt;
}

static int is_true(const char *s)
{
    return s && strcasecmp(s, "true") == 0;
}

static int client_region(aws_client *c, const aws_config *cfg,
                         const aws_profiles *prof, const char *profile,
                         aws_error *err)
{
    const char *r = first(cfg->region, env("AWS_REGION"), env("AWS_DEFAULT_REGION"));
    if (!r)
        r = profiles_get(prof, profile, "region");
    if (!r || !*r) {
        aws_error_set(err, AWS_ERR_CONFIG, "MissingRegion",
                      "no AWS region: set region in the provider configuration, "
                      "AWS_REGION or AWS_DEFAULT_REGION, or in the shared config "
                      "profile \"%s\"", profile);
        return -1;
    }
    if (!cfg->skip_region_validation && !endpoints_region_known(r)) {
        aws_error_set(err, AWS_ERR_CONFIG, "InvalidRegion",
                      "invalid AWS Region: %s", r);
        return -1;
    }
    c->region = tf_arena_strdup(c->arena, r);
    c->partition = endpoints_partition(r);
    const char *sts = first(cfg->sts_region, NULL, NULL);
    c->sts_region = sts ? tf_arena_strdup(c->arena, sts) : c->region;
    return 0;
}

static int client_endpoints(aws_client *c, const aws_config *cfg,
                            const aws_profiles *prof, const char *profile,
                            aws_error *err)
{
    aws_endpoint_params p = {
        .region = c->region,
        .fips = cfg->use_fips_endpoint || is_true(env("AWS_USE_FIPS_ENDPOINT")) ||
                is_true(profiles_get(prof, profile, "use_fips_endpoint")),
        .dualstack = cfg->use_dualstack_endpoint ||
                     is_true(env("AWS_USE_DUALSTACK_ENDPOINT")) ||
                     is_true(profiles_get(prof, profile, "use_dualstack_endpoint")),
        .overrides = cfg->endpoints,
        .n_overrides = cfg->n_endpoints,
    };
    const aws_service *const *all = endpoints_services();
    for (int i = 0; all[i]; i++) {
        if (i >= AWS_N_SERVICES)
            break;
        if (endpoints_resolve(c->arena, all[i], &p, &c->endpoints[i], err) != 0)
            return -1;
        TF_DEBUG("aws: %s endpoint %s (signing region %s)", all[i]->id,
                 c->endpoints[i].url, c->endpoints[i].signing_region);
    }
    p.region = c->sts_region;
    return endpoints_resolve(c->arena, endpoints_service("sts"), &p, &c->sts_endpoint, err);
}

static int client_retries(aws_client *c, const aws_config *cfg, aws_error *err)
{
    c->max_retries = DEFAULT_MAX_RETRIES;
    if (cfg->max_retries >= 0) {
        c->max_retries = cfg->max_retries;
    } else if (env("AWS_MAX_ATTEMPTS")) {
        int n = atoi(env("AWS_MAX_ATTEMPTS"));
        if (n < 1) {
            aws_error_set(err, AWS_ERR_CONFIG, "InvalidRetryConfig",
                          "AWS_MAX_ATTEMPTS must be a positive number");
            return -1;
        }
        c->max_retries = n - 1;
    }
    const char *mode = first(cfg->retry_mode, env("AWS_RETRY_MODE"), NULL);
    if (mode && strcmp(mode, "standard") != 0 && strcmp(mode, "adaptive") != 0) {
        aws_error_set(err, AWS_ERR_CONFIG, "InvalidRetryConfig",
                      "retry_mode must be \"standard\" or \"adaptive\", not \"%s\"", mode);
        return -1;
    }
    /* "adaptive" adds client-side rate limiting in the SDK; the retry quota
     * below is the part of it that matters for a provider, shared by both. */
    c->retry_base_ms = cfg->retry_base_delay_ms > 0 ? cfg->retry_base_delay_ms
                                                    : env_ms("TFP_RETRY_BASE_DELAY_MS", 1000);
    c->retry_max_backoff_ms = cfg->retry_max_backoff_ms > 0
                                  ? cfg->retry_max_backoff_ms
                                  : env_ms("TFP_RETRY_MAX_BACKOFF_MS", 20000);
    c->retry_tokens = RETRY_QUOTA_START;
    return 0;
}

static int client_http(aws_client *c, const aws_config *cfg,
                       const aws_profiles *prof, const char *profile,
                       aws_error *err)
{
    const char *ca = first(cfg->custom_ca_bundle, env("AWS_CA_BUNDLE"),
                           profiles_get(prof, profile, "ca_bundle"));
    if (ca && access(ca, R_OK) != 0) {
        aws_error_set(err, AWS_ERR_CONFIG, "InvalidCABundle",
                      "custom CA bundle %s cannot be read", ca);
        return -1;
    }
    aws_http_config hc = {
        .ca_bundle = ca,
        .insecure = cfg->insecure,
        .http_proxy = first(cfg->http_proxy, env("HTTP_PROXY"), env("http_proxy")),
        .https_proxy = first(cfg->https_proxy, env("HTTPS_PROXY"), env("https_proxy")),
        .no_proxy = first(cfg->no_proxy, env("NO_PROXY"), env("no_proxy")),
        .connect_timeout_ms = cfg->connect_timeout_ms > 0 ? cfg->connect_timeout_ms : 10000,
        .request_timeout_ms = cfg->request_timeout_ms > 0
                                  ? cfg->request_timeout_ms
                                  : env_ms("TFP_HTTP_TIMEOUT_MS", 300000),
    };
    c->http = http_new(&hc, err);
    return c->http ? 0 : -1;
}

/* Account id and partition from the caller's ARN. */
static int client_identity(aws_client *c, const volatile int *stop, aws_error *err)
{
    tf_arena *a = tf_arena_new();
    aws_xml_node *out;
    int rc = aws_query_call(c, a, stop, "sts", "GetCallerIdentity", aws_params_new(a),
                            &out, err);
    if (rc == 0) {
        const char *acct = aws_xml_text(out, "Account");
        const char *arn = aws_xml_text(out, "Arn");
        snprintf(c->account_id, sizeof c->account_id, "%s", acct ? acct : "");
        if (arn && strncmp(arn, "arn:", 4) == 0) {
            const char *p = arn + 4, *colon = strchr(p, ':');
            char *id = colon ? tf_arena_strndup(a, p, (size_t)(colon - p)) : NULL;
            const aws_partition_info *part = endpoints_partition_by_id(id);
            if (part)
                c->partition = part;
        }
        TF_DEBUG("aws: account id %s, partition %s", c->account_id, c->partition->pub.id);
    }
    tf_arena_free(a);
    return rc;
}

aws_client *aws_client_new(const aws_config *cfg, const volatile int *stop,
                           aws_error *err)
{
    aws_error_clear(err);
    tf_log_init();
    aws_client *c = calloc(1, sizeof *c);
    if (!c) {
        aws_error_set(err, AWS_ERR_CONFIG, "OutOfMemory", "out of memory");
        return NULL;
    }
    c->arena = tf_arena_new();
    pthread_mutex_init(&c->retry_mu, NULL);
    pthread_mutex_init(&c->creds_mu, NULL);

    aws_profiles *prof = creds_load_profiles(c->arena, cfg);
    const char *profile = first(cfg->profile, env("AWS_PROFILE"), "default");
    if (client_region(c, cfg, prof, profile, err) ||
        client_endpoints(c, cfg, prof, profile, err) ||
        client_retries(c, cfg, err) ||
        client_http(c, cfg, prof, profile, err))
        goto fail;

    c->creds = creds_chain_new(c, cfg, err);
    if (!c->creds)
        goto fail;
    tf_arena *a = tf_arena_new();
    aws_creds first_creds;
    int rc = creds_get(c, a, stop, &first_creds, err);
    tf_arena_free(a);
    if (rc)
        goto fail;

    if (!cfg->skip_credentials_validation) {
        if (client_identity(c, stop, err) != 0) {
            aws_error saved = *err;
            tf_arena *t = tf_arena_new();
            aws_error_set(err, saved.kind == AWS_ERR_CANCELLED ? AWS_ERR_CANCELLED
                                                                : AWS_ERR_CREDENTIALS,
                          saved.code, "validating provider credentials: %s",
                          aws_error_string(&saved, t));
            tf_arena_free(t);
            goto fail;
        }
    } else if (!cfg->skip_requesting_account_id) {
        aws_error ignored;
        if (client_identity(c, stop, &ignored) != 0)
            TF_WARN("aws: cannot determine the account id: %s", ignored.message);
    }
    return c;
fail:
    aws_client_free(c);
    return NULL;
}

void aws_client_free(aws_client *c)
{
    if (!c)
        return;
    creds_chain_free(c->creds);
    http_free(c->http);
    pthread_mutex_destroy(&c->retry_mu);
    pthread_mutex_destroy(&c->creds_mu);
    tf_arena_free(c->arena);
    free(c);
}

const char *aws_client_region(const aws_client *c)
{
    return c->region;
}

const char *aws_client_account_id(const aws_client *c)
{
    return c->account_id;
}

const aws_partition *aws_client_partition(const aws_client *c)
{
    return &c->partition->pub;
}

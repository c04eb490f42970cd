/* provider_config.c - Configure: from the provider block to an aws_client.
 *
 * Reads every argument of the provider block into an aws_config (the AWS
 * client resolves credentials, region and endpoints from it and the
 * environment), creates the client, and keeps the settings that resources
 * apply themselves.  Strings are copied out of the RPC's arena into the
 * meta's own arena, because the meta outlives the RPC. */
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "provider_meta.h"

/* Provider `endpoints` attributes that address the services we call, with
 * the client's service key.  hashicorp/aws accepts the aliases too. */
static const struct {
    const char *attr;
    const char *service;
} endpoint_keys[] = {
    {"ec2", "ec2"},
    {"elbv2", "elbv2"},
    {"elasticloadbalancingv2", "elbv2"},
    {"elb", "elb"},
    {"ecs", "ecs"},
    {"autoscaling", "autoscaling"},
    {"sts", "sts"},
    {"iam", "iam"},
    {"route53", "route53"},
    {"s3", "s3"},
    {"s3api", "s3"},
};

static const char *str_attr(tf_arena *a, const tf_value *obj, const char *name)
{
    const tf_value *v = tf_get(obj, name);
    if (!tf_is_known(v) || v->type->kind != TF_STRING || v->u.str.len == 0)
        return NULL;
    return tf_arena_strndup(a, v->u.str.ptr, v->u.str.len);
}

static const char **str_list(tf_arena *a, const tf_value *obj, const char *name, size_t *n)
{
    const tf_value *v = tf_get(obj, name);
    *n = 0;
    if (!tf_is_known(v))
        return NULL;
    const char **out = tf_arena_calloc(a, v->u.coll.n + 1, sizeof *out);
    for (size_t i = 0; i < v->u.coll.n; i++)
        if (tf_is_known(v->u.coll.items[i]))
            out[(*n)++] = tf_arena_strndup(a, v->u.coll.items[i]->u.str.ptr,
                                           v->u.coll.items[i]->u.str.len);
    return out;
}

static aws_kv *kv_map(tf_arena *a, const tf_value *obj, const char *name, size_t *n)
{
    const tf_value *m = tf_get(obj, name);
    *n = 0;
    if (!tf_is_known(m))
        return NULL;
    aws_kv *out = tf_arena_calloc(a, m->u.coll.n + 1, sizeof *out);
    for (size_t i = 0; i < m->u.coll.n; i++) {
        const tf_value *v = m->u.coll.items[i];
        if (!tf_is_known(v))
            continue;
        out[*n].key = tf_arena_strdup(a, m->u.coll.keys[i]);
        out[*n].value = tf_arena_strndup(a, v->u.str.ptr, v->u.str.len);
        (*n)++;
    }
    return out;
}

/* First element of a list block, or NULL. */
static const tf_value *first_block(const tf_value *config, const char *name)
{
    const tf_value *l = tf_get(config, name);
    if (!tf_is_known(l) || l->u.coll.n == 0)
        return NULL;
    return l->u.coll.items[0];
}

static void read_assume_roles(tf_arena *a, const tf_value *config, aws_config *cfg)
{
    const tf_value *l = tf_get(config, "assume_role");
    if (!tf_is_known(l) || l->u.coll.n == 0)
        return;
    aws_assume_role *roles = tf_arena_calloc(a, l->u.coll.n, sizeof *roles);
    size_t n = 0;
    for (size_t i = 0; i < l->u.coll.n; i++) {
        const tf_value *b = l->u.coll.items[i];
        aws_assume_role *r = &roles[n];
        r->role_arn = str_attr(a, b, "role_arn");
        if (!r->role_arn)
            continue; /* an empty assume_role block means "none" */
        r->session_name = str_attr(a, b, "session_name");
        r->external_id = str_attr(a, b, "external_id");
        r->duration = str_attr(a, b, "duration");
        r->policy = str_attr(a, b, "policy");
        r->source_identity = str_attr(a, b, "source_identity");
        r->policy_arns = str_list(a, b, "policy_arns", &r->n_policy_arns);
        r->transitive_tag_keys = str_list(a, b, "transitive_tag_keys", &r->n_transitive_tag_keys);
        r->tags = kv_map(a, b, "tags", &r->n_tags);
        n++;
    }
    cfg->assume_role = roles;
    cfg->n_assume_role = n;
}

static void read_web_identity(tf_arena *a, const tf_value *config, aws_config *cfg)
{
    const tf_value *b = first_block(config, "assume_role_with_web_identity");
    if (!b)
        return;
    aws_assume_role_web_identity *w = tf_arena_calloc(a, 1, sizeof *w);
    w->role_arn = str_attr(a, b, "role_arn");
    w->session_name = str_attr(a, b, "session_name");
    w->web_identity_token = str_attr(a, b, "web_identity_token");
    w->web_identity_token_file = str_attr(a, b, "web_identity_token_file");
    w->duration = str_attr(a, b, "duration");
    w->policy = str_attr(a, b, "policy");
    w->policy_arns = str_list(a, b, "policy_arns", &w->n_policy_arns);
    if (w->role_arn)
        cfg->assume_role_with_web_identity = w;
}

static void read_endpoints(tf_arena *a, const tf_value *config, aws_config *cfg)
{
    const tf_value *set = tf_get(config, "endpoints");
    if (!tf_is_known(set) || set->u.coll.n == 0)
        return;
    size_t cap = sizeof endpoint_keys / sizeof endpoint_keys[0];
    aws_kv *kv = tf_arena_calloc(a, cap, sizeof *kv);
    size_t n = 0;
    for (size_t i = 0; i < cap; i++) {
        for (size_t j = 0; j < set->u.coll.n; j++) {
            const char *url = str_attr(a, set->u.coll.items[j], endpoint_keys[i].attr);
            if (!url)
                continue;
            bool dup = false;
            for (size_t k = 0; k < n; k++)
                dup |= strcmp(kv[k].key, endpoint_keys[i].service) == 0;
            if (!dup)
                kv[n++] = (aws_kv){endpoint_keys[i].service, url};
        }
    }
    cfg->endpoints = kv;
    cfg->n_endpoints = n;
}

static int tristate(const tf_value *config, const char *name)
{
    const tf_value *v = tf_get(config, name);
    if (!tf_is_known(v))
        return -1;
    if (v->type->kind == TF_BOOL)
        return v->u.b;
    if (v->type->kind == TF_STRING) {
        if (strcmp(v->u.str.ptr, "true") == 0)
            return 1;
        if (strcmp(v->u.str.ptr, "false") == 0)
            return 0;
    }
    return -1;
}

static int kv_cmp(const void *x, const void *y)
{
    return strcmp(((const aws_kv *)x)->key, ((const aws_kv *)y)->key);
}

/* Fills cfg from the provider block; strings live in a. */
static void read_config(tf_arena *a, const tf_value *config, aws_config *cfg)
{
    aws_config_init(cfg);
    cfg->region = str_attr(a, config, "region");
    cfg->access_key = str_attr(a, config, "access_key");
    cfg->secret_key = str_attr(a, config, "secret_key");
    cfg->token = str_attr(a, config, "token");
    cfg->profile = str_attr(a, config, "profile");
    cfg->shared_config_files = str_list(a, config, "shared_config_files",
                                        &cfg->n_shared_config_files);
    cfg->shared_credentials_files = str_list(a, config, "shared_credentials_files",
                                             &cfg->n_shared_credentials_files);
    read_assume_roles(a, config, cfg);
    read_web_identity(a, config, cfg);
    read_endpoints(a, config, cfg);
    int64_t retries;
    const tf_value *mr = tf_get(config, "max_retries");
    if (tf_is_known(mr) && tf_number_to_i64(mr, &retries) && retries >= 0)
        cfg->max_retries = (int)retries;
    cfg->retry_mode = str_attr(a, config, "retry_mode");
    cfg->custom_ca_bundle = str_attr(a, config, "custom_ca_bundle");
    cfg->insecure = tristate(config, "insecure") == 1;
    cfg->http_proxy = str_attr(a, config, "http_proxy");
    cfg->https_proxy = str_attr(a, config, "https_proxy");
    cfg->no_proxy = str_attr(a, config, "no_proxy");
    cfg->ec2_metadata_service_endpoint = str_attr(a, config, "ec2_metadata_service_endpoint");
    cfg->ec2_metadata_service_endpoint_mode =
        str_attr(a, config, "ec2_metadata_service_endpoint_mode");
    cfg->skip_credentials_validation = tristate(config, "skip_credentials_validation") == 1;
    cfg->skip_region_validation = tristate(config, "skip_region_validation") == 1;
    cfg->skip_requesting_account_id = tristate(config, "skip_requesting_account_id") == 1;
    cfg->skip_metadata_api_check = tristate(config, "skip_metadata_api_check");
    cfg->sts_region = str_attr(a, config, "sts_region");
    cfg->use_fips_endpoint = tristate(config, "use_fips_endpoint") == 1;
    cfg->use_dualstack_endpoint = tristate(config, "use_dualstack_endpoint") == 1;
}

static bool account_allowed(tf_ctx *ctx, const tf_value *config, const char *account)
{
    size_t n_allowed, n_forbidden;
    const char **allowed = str_list(ctx->arena, config, "allowed_account_ids", &n_allowed);
    const char **forbidden = str_list(ctx->arena, config, "forbidden_account_ids", &n_forbidden);
    for (size_t i = 0; i < n_forbidden; i++)
        if (strcmp(forbidden[i], account) == 0) {
            tf_diag_error(ctx->diags, NULL, "Forbidden AWS account",
                          "AWS account ID %s is listed in forbidden_account_ids.", account);
            return false;
        }
    if (n_allowed == 0)
        return true;
    for (size_t i = 0; i < n_allowed; i++)
        if (strcmp(allowed[i], account) == 0)
            return true;
    tf_diag_error(ctx->diags, NULL, "AWS account not allowed",
                  "AWS account ID %s is not listed in allowed_account_ids.", account);
    return false;
}

void *aws_provider_configure(tf_ctx *ctx, const tf_value *config)
{
    aws_meta *m = calloc(1, sizeof *m);
    if (!m)
        abort();
    m->arena = tf_arena_new();
    aws_config cfg;
    read_config(m->arena, config, &cfg);
    aws_error err;
    aws_error_clear(&err);
    m->client = aws_client_new(&cfg, ctx->stop, &err);
    if (!m->client) {
        tf_diag_error(ctx->diags, NULL, "Invalid provider configuration",
                      "%s", aws_error_string(&err, ctx->arena));
        aws_provider_unconfigure(m);
        return NULL;
    }
    m->region = aws_client_region(m->client);
    m->account_id = aws_client_account_id(m->client);
    const aws_partition *p = aws_client_partition(m->client);
    m->partition = p ? p->id : "aws";
    m->dns_suffix = p ? p->dns_suffix : "amazonaws.com";
    if (*m->account_id && !account_allowed(ctx, config, m->account_id)) {
        aws_provider_unconfigure(m);
        return NULL;
    }
    const tf_value *dt = first_block(config, "default_tags");
    if (dt) {
        m->default_tags = kv_map(m->arena, dt, "tags", &m->n_default_tags);
        if (m->n_default_tags)
            qsort(m->default_tags, m->n_default_tags, sizeof *m->default_tags, kv_cmp);
    }
    const tf_value *it = first_block(config, "ignore_tags");
    if (it) {
        m->ignore_keys = str_list(m->arena, it, "keys", &m->n_ignore_keys);
        m->ignore_prefixes = str_list(m->arena, it, "key_prefixes", &m->n_ignore_prefixes);
    }
    TF_INFO("configured: region %s, partition %s, account %s", m->region, m->partition,
            *m->account_id ? m->account_id : "(not requested)");
    return m;
}

void aws_provider_unconfigure(void *meta)
{
    aws_meta *m = meta;
    if (!m)
        return;
    if (m->client)
        aws_client_free(m->client);
    tf_arena_free(m->arena);
    free(m);
}

const aws_meta *aws_meta_of(tf_ctx *ctx)
{
    if (!ctx->meta)
        tf_diag_error(ctx->diags, NULL, "Provider not configured",
                      "The AWS provider was used before its configuration succeeded.");
    return ctx->meta;
}

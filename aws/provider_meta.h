/* provider_meta.h - the configured AWS provider, as resources see it.
 *
 * Configure turns the provider block into an aws_client plus the settings
 * resources apply themselves (default_tags, ignore_tags).  The result is
 * built once, read-only afterwards, and shared by every RPC thread. */
#ifndef AWS_PROVIDER_META_H
#define AWS_PROVIDER_META_H

#include <stddef.h>

#include "aws.h"
#include "schema.h"

typedef struct aws_meta {
    tf_arena *arena;            /* owns everything below */
    aws_client *client;
    const char *region;
    const char *account_id;     /* "" when skip_requesting_account_id */
    const char *partition;      /* "aws", "aws-cn", "aws-us-gov" */
    const char *dns_suffix;
    aws_kv *default_tags;       /* sorted by key */
    size_t n_default_tags;
    const char **ignore_keys;
    size_t n_ignore_keys;
    const char **ignore_prefixes;
    size_t n_ignore_prefixes;
} aws_meta;

void *aws_provider_configure(tf_ctx *ctx, const tf_value *config);
void aws_provider_unconfigure(void *meta);

/* The configured provider, or NULL with an error diagnostic when Terraform
 * called a resource before Configure succeeded. */
const aws_meta *aws_meta_of(tf_ctx *ctx);

#endif

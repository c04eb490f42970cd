/* cluster_capacity_providers.c - aws_ecs_cluster_capacity_providers: which
 * capacity providers a cluster may use, and its default strategy.
 *
 * The one idea: this is not an object of its own but two settings of a
 * cluster, written whole by PutClusterCapacityProviders; create and update
 * are the same call, delete writes empty lists.  The id is the cluster's
 * name, which is also the import ID.  The schema is generated from
 * aws/schema/aws.schema. */

#include <stdio.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "block_values.h"
#include "diagnostics.h"
#include "ecs_common.h"
#include "resources.h"
#include "value_build.h"

#define CCP_SCHEMA aws_schema_resource_aws_ecs_cluster_capacity_providers

static const tf_block *ccp_strategy_block(void)
{
    return tf_block_nested(&CCP_SCHEMA, "default_capacity_provider_strategy")->block;
}

/* ---- CRUD ----
 *
 * hashicorp/aws: PutClusterCapacityProviders, retried for up to 10 minutes
 * while the cluster is not ACTIVE, a provider being removed is in use or
 * another update runs, then wait for the cluster to be ACTIVE; read the
 * cluster (missing or INACTIVE means gone); delete puts empty lists (a
 * missing cluster is fine). */

#define CCP_TIMEOUT (10 * 60.0)

static const char *const ccp_gone_codes[] = {"ClusterNotFoundException", NULL};

static int ccp_find(tf_ctx *ctx, const aws_meta *m, const char *name, json_t **out,
                    const json_t **c, aws_error *err)
{
    json_t *in = json_pack("{s:[s]}", "clusters", name);
    return ecs_describe_active(ctx, m, "DescribeClusters", in, "clusters", ccp_gone_codes, out,
                               c, err);
}

static json_t *ccp_strategy_json(const tf_value *set)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < aws_block_len(set); i++) {
        const tf_value *e = set->u.coll.items[i];
        json_array_append_new(arr, json_pack("{s:s,s:I,s:I}", "capacityProvider",
                                             tf_get_str(e, "capacity_provider", ""), "base",
                                             (json_int_t)tf_get_i64(e, "base", 0), "weight",
                                             (json_int_t)tf_get_i64(e, "weight", 0)));
    }
    return arr;
}

static const tf_value *ccp_state(tf_arena *a, const tf_value *base, const json_t *c)
{
    tf_objb b;
    tf_objb_init(&b, a, CCP_SCHEMA.ctype, base);
    const char *name = ecs_json_str(a, c, "clusterName");
    tf_objb_str(&b, "id", tf_get_str(base, "id", name));
    tf_objb_str(&b, "cluster_name", name);
    tf_objb_set(&b, "capacity_providers",
                ecs_json_strings(a, json_object_get(c, "capacityProviders"), true));
    const json_t *st = json_object_get(c, "defaultCapacityProviderStrategy");
    size_t n = json_array_size(st);
    const tf_value **items = tf_arena_calloc(a, n + 1, sizeof *items);
    for (size_t i = 0; i < n; i++) {
        const json_t *e = json_array_get(st, i);
        tf_objb eb;
        tf_objb_init(&eb, a, ccp_strategy_block()->ctype, NULL);
        tf_objb_i64(&eb, "base", ecs_json_int(e, "base", 0));
        const char *cp = ecs_json_str(a, e, "capacityProvider");
        tf_objb_str(&eb, "capacity_provider", cp ? cp : "");
        tf_objb_i64(&eb, "weight", ecs_json_int(e, "weight", 0));
        items[i] = tf_objb_done(&eb);
    }
    tf_objb_set(&b, "default_capacity_provider_strategy", tf_set(a, ccp_strategy_block()->ctype, n, items));
    return tf_objb_done(&b);
}

static const tf_value *ccp_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base)
{
    const char *id = tf_get_str(base, "id", "");
    json_t *out = NULL;
    const json_t *c = NULL;
    aws_error err;
    int rc = ccp_find(ctx, m, id, &out, &c, &err);
    const tf_value *st = NULL;
    if (rc == ECS_GONE)
        st = tf_null(ctx->arena, CCP_SCHEMA.ctype);
    else if (rc < 0)
        aws_diag(ctx, &err, "reading ECS Cluster (%s)", id);
    else
        st = ccp_state(ctx->arena, base, c);
    json_decref(out);
    return st;
}

typedef struct ccp_waiter {
    tf_ctx *ctx;
    const aws_meta *m;
    const char *name;
} ccp_waiter;

/* waitClusterAvailable: PROVISIONING until ACTIVE. */
static aws_wait_status ccp_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    ccp_waiter *w = ud;
    json_t *out = NULL;
    const json_t *c = NULL;
    int rc = ccp_find(w->ctx, w->m, w->name, &out, &c, err);
    const char *st = rc == ECS_FOUND ? json_string_value(json_object_get(c, "status")) : NULL;
    snprintf(state, state_len, "%s", st ? st : "gone");
    aws_wait_status ws = AWS_WAIT_CONTINUE;
    if (rc < 0) {
        ws = AWS_WAIT_FAIL;
    } else if (st && strcmp(st, "ACTIVE") == 0) {
        ws = AWS_WAIT_DONE;
    } else if (!st || strcmp(st, "PROVISIONING") != 0) {
        aws_error_set(err, AWS_ERR_API, "UnexpectedState", "unexpected state '%s'",
                      st ? st : "gone");
        ws = AWS_WAIT_FAIL;
    }
    json_decref(out);
    return ws;
}

/* retryClusterCapacityProvidersPut's retryable answers. */
static int ccp_busy(const void *ud, const aws_error *err)
{
    (void)ud;
    return (aws_error_is(err, "ClientException") &&
            strstr(err->message, "Cluster was not ACTIVE")) ||
           aws_error_is(err, "ResourceInUseException") ||
           aws_error_is(err, "UpdateInProgressException");
}

/* PutClusterCapacityProviders (retried while busy), then the wait for the
 * cluster; 0 or -1 with err (*put set when the call itself succeeded, so a
 * create can keep what it made when only the wait failed).  The call sets
 * the whole of both lists, so repeating it is harmless (create_once.c lists
 * it as such). */
static int ccp_put(tf_ctx *ctx, const aws_meta *m, const char *name, json_t *providers,
                   json_t *strategy, bool *put, aws_error *err)
{
    *put = false;
    json_t *in = json_pack("{s:s,s:o,s:o}", "cluster", name, "capacityProviders", providers,
                           "defaultCapacityProviderStrategy", strategy);
    json_t *out = NULL;
    const char *adopted;
    aws_create_once once = {.service = "ecs", .operation = "PutClusterCapacityProviders",
                            .retry_when = ccp_busy, .retry_timeout_s = CCP_TIMEOUT};
    int rc = aws_create_once_json(m->client, ctx->arena, ctx->stop, &once, in, &out, &adopted,
                                  err);
    json_decref(out);
    json_decref(in);
    if (rc != 0)
        return -1;
    *put = true;
    ccp_waiter w = {.ctx = ctx, .m = m, .name = name};
    return aws_wait(ctx->stop, CCP_TIMEOUT, ccp_poll, &w, err);
}

static const tf_value *ccp_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    const char *name = tf_get_str(planned, "cluster_name", "");
    const tf_value *state = tf_object_with(ctx->arena, planned, "id", tf_string(ctx->arena, name));
    aws_error err;
    bool put;
    if (ccp_put(ctx, m, name, ecs_strings_json(tf_get(planned, "capacity_providers")),
                ccp_strategy_json(tf_get(planned, "default_capacity_provider_strategy")),
                &put, &err) != 0) {
        aws_diag(ctx, &err, "updating ECS Cluster (%s) Capacity Providers", name);
        /* the providers are set: kept in the state (tainted) */
        return put ? state : NULL;
    }
    const tf_value *r = ccp_refresh(ctx, m, state);
    return tf_is_known(r) ? r : state;
}

static const tf_value *ccp_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    return m ? ccp_refresh(ctx, m, state) : NULL;
}

static const tf_value *ccp_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    const char *name = tf_get_str(prior, "id", "");
    aws_error err;
    bool put;
    if (ccp_put(ctx, m, name, ecs_strings_json(tf_get(planned, "capacity_providers")),
                ccp_strategy_json(tf_get(planned, "default_capacity_provider_strategy")),
                &put, &err) != 0) {
        aws_diag(ctx, &err, "updating ECS Cluster (%s) Capacity Providers", name);
        return prior;
    }
    const tf_value *r = ccp_refresh(ctx, m, planned);
    return tf_is_known(r) ? r : planned;
}

static void ccp_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    const char *name = tf_get_str(prior, "id", "");
    aws_error err;
    bool put;
    if (ccp_put(ctx, m, name, json_array(), json_array(), &put, &err) != 0 &&
        !aws_error_is(&err, "ClusterNotFoundException"))
        aws_diag(ctx, &err, "deleting ECS Cluster (%s) Capacity Providers", name);
}

/* ---- definition ---- */

const tf_resource_def aws_ecs_cluster_capacity_providers_def = {
    .type_name = "aws_ecs_cluster_capacity_providers",
    .version = 0,
    .schema = &CCP_SCHEMA,
    .create = ccp_create,
    .read = ccp_read,
    .update = ccp_update,
    .delete = ccp_delete,
    .import = NULL,
};

/* cluster.c - aws_ecs_cluster: a named group of ECS capacity and services.
 *
 * The schema is generated from aws/schema/aws.schema. */

#include <string.h>

#include "aws_schema_gen.h"
#include "block_values.h"
#include "diagnostics.h"
#include "ecs_common.h"
#include "resources.h"
#include "schema_block.h"
#include "tags.h"
#include "value_build.h"

/* The generated schema table (aws/schema/aws.schema). */
#define CLUSTER_SCHEMA (&aws_schema_resource_aws_ecs_cluster)

/* The nested block at path of the schema. */
static const tf_block *cluster_block(const char *path)
{
    return aws_schema_block(CLUSTER_SCHEMA, path);
}

/* ---- planning ---- */

static void cluster_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->planned))
        return;
    aws_tags_plan(ctx, req);
}

/* ---- CRUD (API calls, waiters, state) ----
 *
 * hashicorp/aws: CreateCluster then wait ACTIVE; read with
 * DescribeClusters including tags, configuration and settings (INACTIVE
 * means gone); UpdateCluster for settings/configuration, Tag/UntagResource
 * for tags; DeleteCluster retried while services or instances remain, then
 * wait until INACTIVE.  The id is the cluster's ARN; import takes the name. */

#define CLUSTER_TIMEOUT (10 * 60.0)

static json_t *cluster_configuration_json(const tf_value *planned)
{
    const tf_value *cfg = aws_block_get(planned, "configuration");
    json_t *out = json_object();
    if (!cfg)
        return out;
    const tf_value *ecc = aws_block_get(cfg, "execute_command_configuration");
    if (ecc) {
        json_t *e = json_object();
        ecs_json_put_str(e, "kmsKeyId", ecc, "kms_key_id");
        ecs_json_put_str(e, "logging", ecc, "logging");
        const tf_value *lc = aws_block_get(ecc, "log_configuration");
        if (lc) {
            json_t *l = json_object();
            bool cw = tf_get_bool(lc, "cloud_watch_encryption_enabled", false);
            bool s3 = tf_get_bool(lc, "s3_bucket_encryption_enabled", false);
            json_object_set_new(l, "cloudWatchEncryptionEnabled", json_boolean(cw));
            ecs_json_put_str(l, "cloudWatchLogGroupName", lc, "cloud_watch_log_group_name");
            json_object_set_new(l, "s3EncryptionEnabled", json_boolean(s3));
            ecs_json_put_str(l, "s3BucketName", lc, "s3_bucket_name");
            ecs_json_put_str(l, "s3KeyPrefix", lc, "s3_key_prefix");
            json_object_set_new(e, "logConfiguration", l);
        }
        json_object_set_new(out, "executeCommandConfiguration", e);
    }
    const tf_value *msc = aws_block_get(cfg, "managed_storage_configuration");
    if (msc) {
        json_t *ms = json_object();
        ecs_json_put_str(ms, "fargateEphemeralStorageKmsKeyId", msc,
                         "fargate_ephemeral_storage_kms_key_id");
        ecs_json_put_str(ms, "kmsKeyId", msc, "kms_key_id");
        json_object_set_new(out, "managedStorageConfiguration", ms);
    }
    return out;
}

static json_t *cluster_settings_json(const tf_value *planned)
{
    json_t *arr = json_array();
    const tf_value *set = tf_get(planned, "setting");
    for (size_t i = 0; tf_is_known(set) && i < set->u.coll.n; i++) {
        const tf_value *e = set->u.coll.items[i];
        json_array_append_new(arr, json_pack("{s:s,s:s}", "name", tf_get_str(e, "name", ""),
                                             "value", tf_get_str(e, "value", "")));
    }
    return arr;
}

static json_t *cluster_scd_json(const tf_value *planned)
{
    const tf_value *scd = aws_block_get(planned, "service_connect_defaults");
    return scd ? json_pack("{s:s}", "namespace", tf_get_str(scd, "namespace", "")) : NULL;
}

static const char *const cluster_gone_codes[] = {"ClusterNotFoundException", NULL};

/* DescribeClusters of one cluster, as ecs_describe_active. */
static int cluster_find(tf_ctx *ctx, const aws_meta *m, const char *id, json_t **out,
                        const json_t **c, aws_error *err)
{
    json_t *in = json_pack("{s:[s],s:[sss]}", "clusters", id, "include", "TAGS",
                           "CONFIGURATIONS", "SETTINGS");
    return ecs_describe_active(ctx, m, "DescribeClusters", in, "clusters", cluster_gone_codes,
                               out, c, err);
}

typedef struct cluster_waiter {
    tf_ctx *ctx;
    const aws_meta *m;
    const char *id;
    bool gone;          /* wait for deletion, else for ACTIVE */
} cluster_waiter;

static aws_wait_status cluster_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    cluster_waiter *w = ud;
    json_t *out = NULL;
    const json_t *c = NULL;
    int rc = cluster_find(w->ctx, w->m, w->id, &out, &c, err);
    const char *st = rc == ECS_FOUND ? json_string_value(json_object_get(c, "status")) : NULL;
    snprintf(state, state_len, "%s", st ? st : "gone");
    bool active = st && strcmp(st, "ACTIVE") == 0;
    json_decref(out);
    if (rc < 0)
        return AWS_WAIT_FAIL;
    if (w->gone)
        return rc == ECS_GONE ? AWS_WAIT_DONE : AWS_WAIT_CONTINUE;
    return active ? AWS_WAIT_DONE : AWS_WAIT_CONTINUE;
}

static const tf_value *cluster_config_state(tf_arena *a, const json_t *cfg)
{
    const tf_type *lt = tf_block_nested(CLUSTER_SCHEMA, "configuration")->block->ctype;
    if (!json_is_object(cfg) || json_object_size(cfg) == 0)
        return tf_list(a, lt, 0, NULL);
    tf_objb b;
    tf_objb_init(&b, a, lt, NULL);
    const json_t *e = json_object_get(cfg, "executeCommandConfiguration");
    const tf_type *et = cluster_block("configuration.execute_command_configuration")->ctype;
    const tf_type *lct =
        cluster_block("configuration.execute_command_configuration.log_configuration")->ctype;
    const tf_type *mst = cluster_block("configuration.managed_storage_configuration")->ctype;
    if (json_is_object(e)) {
        tf_objb eb;
        tf_objb_init(&eb, a, et, NULL);
        const char *kms = ecs_json_str(a, e, "kmsKeyId");
        tf_objb_str(&eb, "kms_key_id", kms ? kms : "");
        const char *lg = ecs_json_str(a, e, "logging");
        tf_objb_str(&eb, "logging", lg ? lg : "");
        const json_t *l = json_object_get(e, "logConfiguration");
        const tf_value *lcv = tf_list(a, lct, 0, NULL);
        if (json_is_object(l)) {
            tf_objb lb;
            tf_objb_init(&lb, a, lct, NULL);
            tf_objb_bool(&lb, "cloud_watch_encryption_enabled",
                         ecs_json_bool(l, "cloudWatchEncryptionEnabled", false));
            const char *s = ecs_json_str(a, l, "cloudWatchLogGroupName");
            tf_objb_str(&lb, "cloud_watch_log_group_name", s ? s : "");
            tf_objb_bool(&lb, "s3_bucket_encryption_enabled",
                         ecs_json_bool(l, "s3EncryptionEnabled", false));
            s = ecs_json_str(a, l, "s3BucketName");
            tf_objb_str(&lb, "s3_bucket_name", s ? s : "");
            s = ecs_json_str(a, l, "s3KeyPrefix");
            tf_objb_str(&lb, "s3_key_prefix", s ? s : "");
            const tf_value *one = tf_objb_done(&lb);
            lcv = tf_list(a, lct, 1, &one);
        }
        tf_objb_set(&eb, "log_configuration", lcv);
        const tf_value *one = tf_objb_done(&eb);
        tf_objb_set(&b, "execute_command_configuration", tf_list(a, et, 1, &one));
    } else {
        tf_objb_set(&b, "execute_command_configuration", tf_list(a, et, 0, NULL));
    }
    const json_t *ms = json_object_get(cfg, "managedStorageConfiguration");
    if (json_is_object(ms)) {
        tf_objb mb;
        tf_objb_init(&mb, a, mst, NULL);
        const char *s = ecs_json_str(a, ms, "fargateEphemeralStorageKmsKeyId");
        tf_objb_str(&mb, "fargate_ephemeral_storage_kms_key_id", s ? s : "");
        s = ecs_json_str(a, ms, "kmsKeyId");
        tf_objb_str(&mb, "kms_key_id", s ? s : "");
        const tf_value *one = tf_objb_done(&mb);
        tf_objb_set(&b, "managed_storage_configuration", tf_list(a, mst, 1, &one));
    } else {
        tf_objb_set(&b, "managed_storage_configuration", tf_list(a, mst, 0, NULL));
    }
    const tf_value *one = tf_objb_done(&b);
    return tf_list(a, lt, 1, &one);
}

static const tf_value *cluster_state(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                     const json_t *c)
{
    tf_arena *a = ctx->arena;
    tf_objb b;
    tf_objb_init(&b, a, CLUSTER_SCHEMA->ctype, base);
    const char *arn = ecs_json_str(a, c, "clusterArn");
    tf_objb_str(&b, "arn", arn);
    tf_objb_str(&b, "id", arn);
    tf_objb_str(&b, "name", ecs_json_str(a, c, "clusterName"));
    tf_objb_set(&b, "configuration", cluster_config_state(a, json_object_get(c, "configuration")));

    const tf_type *scdt = cluster_block("service_connect_defaults")->ctype;
    const json_t *scd = json_object_get(c, "serviceConnectDefaults");
    const char *ns = ecs_json_str(a, scd, "namespace");
    if (ns) {
        tf_objb sb;
        tf_objb_init(&sb, a, scdt, NULL);
        tf_objb_str(&sb, "namespace", ns);
        const tf_value *one = tf_objb_done(&sb);
        tf_objb_set(&b, "service_connect_defaults", tf_list(a, scdt, 1, &one));
    } else {
        tf_objb_set(&b, "service_connect_defaults", tf_list(a, scdt, 0, NULL));
    }

    const json_t *settings = json_object_get(c, "settings");
    size_t ns_ = json_array_size(settings);
    const tf_value **items = tf_arena_calloc(a, ns_ + 1, sizeof *items);
    for (size_t i = 0; i < ns_; i++) {
        tf_objb sb;
        tf_objb_init(&sb, a, cluster_block("setting")->ctype, NULL);
        const json_t *s = json_array_get(settings, i);
        const char *n = ecs_json_str(a, s, "name"), *v = ecs_json_str(a, s, "value");
        tf_objb_str(&sb, "name", n ? n : "");
        tf_objb_str(&sb, "value", v ? v : "");
        items[i] = tf_objb_done(&sb);
    }
    tf_objb_set(&b, "setting", tf_set(a, cluster_block("setting")->ctype, ns_, items));

    ecs_tags_state(&b, m, json_object_get(c, "tags"), base);
    return tf_objb_done(&b);
}

/* Reads the cluster into a state built on base; a null state when gone. */
static const tf_value *cluster_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base)
{
    const char *id = tf_get_str(base, "id", "");
    json_t *out = NULL;
    const json_t *c = NULL;
    aws_error err;
    int rc = cluster_find(ctx, m, id, &out, &c, &err);
    const tf_value *st = NULL;
    if (rc == ECS_GONE)
        st = tf_null(ctx->arena, CLUSTER_SCHEMA->ctype);
    else if (rc < 0)
        aws_diag(ctx, &err, "reading ECS Cluster (%s)", id);
    else
        st = cluster_state(ctx, m, base, c);
    json_decref(out);
    return st;
}

static const tf_value *cluster_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *name = tf_get_str(planned, "name", "");
    json_t *in = json_pack("{s:s}", "clusterName", name);
    json_t *cfg = cluster_configuration_json(planned);
    if (json_object_size(cfg) > 0)
        json_object_set(in, "configuration", cfg);
    json_decref(cfg);
    json_t *settings = cluster_settings_json(planned);
    if (json_array_size(settings) > 0)
        json_object_set(in, "settings", settings);
    json_decref(settings);
    json_t *scd = cluster_scd_json(planned);
    if (scd)
        json_object_set_new(in, "serviceConnectDefaults", scd);
    ecs_json_put_tags(a, in, planned);
    /* A new account's ECS service-linked role takes a moment to appear. */
    static const ecs_retry retry[] = {
        {"InvalidParameterException", "Unable to assume the service linked role"}, {0},
    };
    static const ecs_create_op create = {"CreateCluster", "ECS Cluster", "cluster", "clusterArn"};
    const char *arn = ecs_create(ctx, m, &create, in, name, 2 * 60.0, retry, NULL, NULL);
    if (!arn)
        return NULL;
    const tf_value *state = tf_object_with(a, planned, "id", tf_string(a, arn));
    state = tf_object_with(a, state, "arn", tf_string(a, arn));
    cluster_waiter w = {.ctx = ctx, .m = m, .id = arn};
    aws_error err;
    if (aws_wait(ctx->stop, CLUSTER_TIMEOUT, cluster_poll, &w, &err) != 0) {
        aws_diag(ctx, &err, "waiting for ECS Cluster (%s) create", arn);
        return state;
    }
    const tf_value *r = cluster_refresh(ctx, m, state);
    return tf_is_null(r) ? state : r;
}

static const tf_value *cluster_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    return m ? cluster_refresh(ctx, m, state) : NULL;
}

static const tf_value *cluster_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    const char *id = tf_get_str(prior, "id", "");
    bool cfg_changed = !tf_value_equal(tf_get(prior, "configuration"),
                                       tf_get(planned, "configuration"));
    bool set_changed = !tf_value_equal(tf_get(prior, "setting"), tf_get(planned, "setting"));
    bool scd_changed = !tf_value_equal(tf_get(prior, "service_connect_defaults"),
                                       tf_get(planned, "service_connect_defaults"));
    aws_error err;
    if (cfg_changed || set_changed || scd_changed) {
        json_t *in = json_pack("{s:s}", "cluster", id);
        if (cfg_changed)
            json_object_set_new(in, "configuration", cluster_configuration_json(planned));
        if (set_changed)
            json_object_set_new(in, "settings", cluster_settings_json(planned));
        if (scd_changed) {
            json_t *scd = cluster_scd_json(planned);
            json_object_set_new(in, "serviceConnectDefaults",
                                scd ? scd : json_pack("{s:s}", "namespace", ""));
        }
        json_t *out = NULL;
        int rc = ecs_call(ctx, m, "UpdateCluster", in, &out, &err);
        json_decref(in);
        json_decref(out);
        if (rc != 0) {
            aws_diag(ctx, &err, "updating ECS Cluster (%s)", id);
            return prior;
        }
        cluster_waiter w = {.ctx = ctx, .m = m, .id = id};
        if (aws_wait(ctx->stop, CLUSTER_TIMEOUT, cluster_poll, &w, &err) != 0) {
            aws_diag(ctx, &err, "waiting for ECS Cluster (%s) update", id);
            return planned;
        }
    }
    if (ecs_tags_update(ctx, m, id, tf_get(prior, "tags_all"), tf_get(planned, "tags_all")) != 0)
        return planned;
    const tf_value *r = cluster_refresh(ctx, m, planned);
    return tf_is_null(r) ? planned : r;
}

/* Services and container instances take a while to leave a cluster. */
static const ecs_retry cluster_busy[] = {
    {"ClusterContainsContainerInstancesException", NULL},
    {"ClusterContainsServicesException", NULL},
    {"ClusterContainsTasksException", NULL},
    {"UpdateInProgressException", NULL},
    {0},
};

static void cluster_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    const char *id = tf_get_str(prior, "id", "");
    aws_error err;
    json_t *in = json_pack("{s:s}", "cluster", id);
    int rc = ecs_call_until_done(ctx, m, "DeleteCluster", in, CLUSTER_TIMEOUT, cluster_gone_codes,
                                 cluster_busy, &err);
    json_decref(in);
    if (rc != 0) {
        aws_diag(ctx, &err, "deleting ECS Cluster (%s)", id);
        return;
    }
    cluster_waiter w = {.ctx = ctx, .m = m, .id = id, .gone = true};
    if (aws_wait(ctx->stop, CLUSTER_TIMEOUT, cluster_poll, &w, &err) != 0)
        aws_diag(ctx, &err, "waiting for ECS Cluster (%s) delete", id);
}

/* resourceClusterImport: the import ID is the name; id becomes the ARN. */
static const tf_value *cluster_import(tf_ctx *ctx, const char *id)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *arn = strncmp(id, "arn:", 4) == 0
                          ? id
                          : tf_arena_printf(a, "arn:%s:ecs:%s:%s:cluster/%s", m->partition,
                                            m->region, m->account_id, id);
    tf_objb b;
    tf_objb_init(&b, a, CLUSTER_SCHEMA->ctype, NULL);
    tf_objb_str(&b, "id", arn);
    tf_objb_str(&b, "name", ecs_arn_last(id));
    return tf_objb_done(&b);
}

/* ---- definition ---- */

const tf_resource_def aws_ecs_cluster_def = {
    .type_name = "aws_ecs_cluster",
    .version = 0,
    .schema = CLUSTER_SCHEMA,
    .modify_plan = cluster_modify_plan,
    .create = cluster_create,
    .read = cluster_read,
    .update = cluster_update,
    .delete = cluster_delete,
    .import = cluster_import,
};

/* capacity_provider.c - aws_ecs_capacity_provider: ECS capacity backed by an
 * Auto Scaling group.
 *
 * The one idea: only the group's ARN is fixed; managed scaling, termination
 * protection and draining change in place through UpdateCapacityProvider,
 * which ECS applies asynchronously (updateStatus UPDATE_IN_PROGRESS until
 * UPDATE_COMPLETE), and a delete is only done once the provider is
 * INACTIVE.  Every managed-scaling field is optional and computed: ECS fills
 * in what the configuration leaves out.  The schema is generated from
 * aws/schema/aws.schema. */

#include <stdio.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "block_values.h"
#include "diagnostics.h"
#include "ecs_common.h"
#include "resources.h"
#include "tags.h"
#include "value_build.h"

#define CP_SCHEMA aws_schema_resource_aws_ecs_capacity_provider

/* The auto_scaling_group_provider block and its managed_scaling block. */
static const tf_block *cp_asg_block(void)
{
    return tf_block_nested(&CP_SCHEMA, "auto_scaling_group_provider")->block;
}

static const tf_block *cp_scaling_block(void)
{
    return tf_block_nested(cp_asg_block(), "managed_scaling")->block;
}

/* ---- planning ---- */

static void cp_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->planned))
        return;
    aws_tags_plan(ctx, req);
}

/* ---- CRUD (API calls, waiters, state) ----
 *
 * hashicorp/aws: CreateCapacityProvider (no waiter); read with
 * DescribeCapacityProviders including tags (INACTIVE means gone);
 * UpdateCapacityProvider with the provider's settings (retried while
 * another update is in progress), then wait for UPDATE_COMPLETE; delete
 * (a provider already gone is fine), then wait while it is ACTIVE or
 * DEPROVISIONING, failing on DELETE_FAILED.  The id is the ARN; import
 * takes the name. */

#define CP_UPDATE_TIMEOUT (10 * 60.0)
#define CP_DELETE_TIMEOUT (20 * 60.0)
/* How long a new provider may stay invisible to DescribeCapacityProviders. */
#define CP_NEW_TIMEOUT (2 * 60.0)

/* The ManagedScaling object of a planned managed_scaling block, as
 * hashicorp/aws expands it: the warm-up period always (0 when unknown),
 * the other numbers when not 0, the status when not empty. */
static json_t *cp_scaling_json(const tf_value *ms)
{
    json_t *o = json_object();
    int64_t v = tf_get_i64(ms, "instance_warmup_period", 0);
    json_object_set_new(o, "instanceWarmupPeriod", json_integer(v));
    static const char *const nums[][2] = {
        {"maximum_scaling_step_size", "maximumScalingStepSize"},
        {"minimum_scaling_step_size", "minimumScalingStepSize"},
        {"target_capacity", "targetCapacity"},
    };
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        v = tf_get_i64(ms, nums[i][0], 0);
        if (v != 0)
            json_object_set_new(o, nums[i][1], json_integer(v));
    }
    ecs_json_put_str(o, "status", ms, "status");
    return o;
}

/* AutoScalingGroupProvider (create) or AutoScalingGroupProviderUpdate. */
static json_t *cp_provider_json(const tf_value *planned, bool create)
{
    const tf_value *p = aws_block_get(planned, "auto_scaling_group_provider");
    json_t *o = json_object();
    if (!p)
        return o;
    if (create)
        ecs_json_put_str(o, "autoScalingGroupArn", p, "auto_scaling_group_arn");
    ecs_json_put_str(o, "managedDraining", p, "managed_draining");
    const tf_value *ms = aws_block_get(p, "managed_scaling");
    if (ms)
        json_object_set_new(o, "managedScaling", cp_scaling_json(ms));
    ecs_json_put_str(o, "managedTerminationProtection", p, "managed_termination_protection");
    return o;
}

static const char *const cp_gone_codes[] = {NULL};

/* DescribeCapacityProviders of one provider, as ecs_describe_active. */
static int cp_find(tf_ctx *ctx, const aws_meta *m, const char *id, json_t **out,
                   const json_t **cp, aws_error *err)
{
    json_t *in = json_pack("{s:[s],s:[s]}", "capacityProviders", id, "include", "TAGS");
    return ecs_describe_active(ctx, m, "DescribeCapacityProviders", in, "capacityProviders",
                               cp_gone_codes, out, cp, err);
}

static const tf_value *cp_provider_state(tf_arena *a, const json_t *p)
{
    const tf_type *lt = cp_asg_block()->ctype;
    if (!json_is_object(p))
        return tf_list(a, lt, 0, NULL);
    tf_objb b;
    tf_objb_init(&b, a, lt, NULL);
    const char *s = ecs_json_str(a, p, "autoScalingGroupArn");
    tf_objb_str(&b, "auto_scaling_group_arn", s ? s : "");
    s = ecs_json_str(a, p, "managedDraining");
    tf_objb_str(&b, "managed_draining", s ? s : "");
    s = ecs_json_str(a, p, "managedTerminationProtection");
    tf_objb_str(&b, "managed_termination_protection", s ? s : "");
    const json_t *ms = json_object_get(p, "managedScaling");
    const tf_value *msv = NULL;
    if (json_is_object(ms)) {
        tf_objb mb;
        tf_objb_init(&mb, a, cp_scaling_block()->ctype, NULL);
        tf_objb_i64(&mb, "instance_warmup_period", ecs_json_int(ms, "instanceWarmupPeriod", 0));
        tf_objb_i64(&mb, "maximum_scaling_step_size",
                    ecs_json_int(ms, "maximumScalingStepSize", 0));
        tf_objb_i64(&mb, "minimum_scaling_step_size",
                    ecs_json_int(ms, "minimumScalingStepSize", 0));
        s = ecs_json_str(a, ms, "status");
        tf_objb_str(&mb, "status", s ? s : "");
        tf_objb_i64(&mb, "target_capacity", ecs_json_int(ms, "targetCapacity", 0));
        msv = tf_objb_done(&mb);
    }
    tf_objb_set(&b, "managed_scaling", aws_block_list(a, cp_scaling_block(), msv));
    const tf_value *one = tf_objb_done(&b);
    return tf_list(a, lt, 1, &one);
}

static const tf_value *cp_state(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                const json_t *cp)
{
    tf_arena *a = ctx->arena;
    tf_objb b;
    tf_objb_init(&b, a, CP_SCHEMA.ctype, base);
    const char *arn = ecs_json_str(a, cp, "capacityProviderArn");
    tf_objb_str(&b, "arn", arn);
    tf_objb_str(&b, "id", arn);
    tf_objb_str(&b, "name", ecs_json_str(a, cp, "name"));
    tf_objb_set(&b, "auto_scaling_group_provider",
                cp_provider_state(a, json_object_get(cp, "autoScalingGroupProvider")));
    ecs_tags_state(&b, m, json_object_get(cp, "tags"), base);
    return tf_objb_done(&b);
}

/* Reads the provider into a state built on base; a null state when gone. */
static const tf_value *cp_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base)
{
    const char *id = tf_get_str(base, "id", "");
    json_t *out = NULL;
    const json_t *cp = NULL;
    aws_error err;
    int rc = cp_find(ctx, m, id, &out, &cp, &err);
    const tf_value *st = NULL;
    if (rc == ECS_GONE)
        st = tf_null(ctx->arena, CP_SCHEMA.ctype);
    else if (rc < 0)
        aws_diag(ctx, &err, "reading ECS Capacity Provider (%s)", id);
    else
        st = cp_state(ctx, m, base, cp);
    json_decref(out);
    return st;
}

typedef struct cp_waiter {
    tf_ctx *ctx;
    const aws_meta *m;
    const char *id;
    bool gone;          /* wait for deletion, else for UPDATE_COMPLETE */
} cp_waiter;

static aws_wait_status cp_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    cp_waiter *w = ud;
    json_t *out = NULL;
    const json_t *cp = NULL;
    int rc = cp_find(w->ctx, w->m, w->id, &out, &cp, err);
    if (rc < 0) {
        json_decref(out);
        return AWS_WAIT_FAIL;
    }
    if (rc == ECS_GONE) {
        json_decref(out);
        snprintf(state, state_len, "gone");
        /* Gone while waiting for an update: nothing left to wait for. */
        return AWS_WAIT_DONE;
    }
    const char *st = json_string_value(json_object_get(cp, "status"));
    const char *us = json_string_value(json_object_get(cp, "updateStatus"));
    const char *reason = json_string_value(json_object_get(cp, "updateStatusReason"));
    aws_wait_status ws = AWS_WAIT_CONTINUE;
    if (w->gone) {
        snprintf(state, state_len, "%s", st ? st : "");
        if (us && strcmp(us, "DELETE_FAILED") == 0) {
            aws_error_set(err, AWS_ERR_API, "DELETE_FAILED", "%s", reason ? reason : us);
            ws = AWS_WAIT_FAIL;
        } else if (!st || (strcmp(st, "ACTIVE") != 0 && strcmp(st, "DEPROVISIONING") != 0)) {
            aws_error_set(err, AWS_ERR_API, "UnexpectedState", "unexpected state '%s'",
                          st ? st : "");
            ws = AWS_WAIT_FAIL;
        }
    } else {
        snprintf(state, state_len, "%s", us ? us : "");
        if (us && strcmp(us, "UPDATE_FAILED") == 0) {
            aws_error_set(err, AWS_ERR_API, "UPDATE_FAILED", "%s", reason ? reason : us);
            ws = AWS_WAIT_FAIL;
        } else if (us && strcmp(us, "UPDATE_COMPLETE") == 0) {
            ws = AWS_WAIT_DONE;
        } else if (!us || strcmp(us, "UPDATE_IN_PROGRESS") != 0) {
            aws_error_set(err, AWS_ERR_API, "UnexpectedState", "unexpected state '%s'",
                          us ? us : "");
            ws = AWS_WAIT_FAIL;
        }
    }
    json_decref(out);
    return ws;
}

/* A new provider may not be described at once (eventual consistency). */
static aws_wait_status cp_visible_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    cp_waiter *w = ud;
    json_t *out = NULL;
    const json_t *cp = NULL;
    int rc = cp_find(w->ctx, w->m, w->id, &out, &cp, err);
    json_decref(out);
    snprintf(state, state_len, "%s", rc == ECS_FOUND ? "described" : "not described yet");
    if (rc < 0)
        return AWS_WAIT_FAIL;
    return rc == ECS_FOUND ? AWS_WAIT_DONE : AWS_WAIT_CONTINUE;
}

/* What CreateCapacityProvider makes unique: the name. */
typedef struct cp_key {
    tf_ctx *ctx;
    const aws_meta *m;
    const char *name;
} cp_key;

/* aws_create_lookup_fn: the active provider of that name. */
static int cp_lookup(void *ud, tf_arena *a, const char ***ids, size_t *n, aws_error *err)
{
    const cp_key *k = ud;
    json_t *out = NULL;
    const json_t *cp = NULL;
    *n = 0;
    int rc = cp_find(k->ctx, k->m, k->name, &out, &cp, err);
    if (rc == ECS_FOUND) {
        const char *arn = ecs_json_str(a, cp, "capacityProviderArn");
        if (arn) {
            *ids = tf_arena_calloc(a, 1, sizeof **ids);
            (*ids)[0] = arn;
            *n = 1;
        }
    }
    json_decref(out);
    return rc < 0 ? -1 : 0;
}

static const tf_value *cp_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *name = tf_get_str(planned, "name", "");
    json_t *in = json_pack("{s:s,s:o}", "name", name, "autoScalingGroupProvider",
                           cp_provider_json(planned, true));
    ecs_json_put_tags(a, in, planned);
    static const ecs_create_op create = {"CreateCapacityProvider", "ECS Capacity Provider",
                                         "capacityProvider", "capacityProviderArn"};
    cp_key key = {.ctx = ctx, .m = m, .name = name};
    const char *arn = ecs_create(ctx, m, &create, in, name, 0, NULL, cp_lookup, &key);
    if (!arn)
        return NULL;
    const tf_value *state = tf_object_with(a, planned, "id", tf_string(a, arn));
    state = tf_object_with(a, state, "arn", tf_string(a, arn));
    cp_waiter w = {.ctx = ctx, .m = m, .id = arn};
    aws_error err;
    if (aws_wait(ctx->stop, CP_NEW_TIMEOUT, cp_visible_poll, &w, &err) != 0) {
        aws_diag(ctx, &err, "reading ECS Capacity Provider (%s)", arn);
        return state;
    }
    const tf_value *r = cp_refresh(ctx, m, state);
    return tf_is_known(r) ? r : state;
}

static const tf_value *cp_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    return m ? cp_refresh(ctx, m, state) : NULL;
}

static const tf_value *cp_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    const char *id = tf_get_str(prior, "id", "");
    aws_error err;
    if (!tf_value_equal(tf_get(prior, "auto_scaling_group_provider"),
                        tf_get(planned, "auto_scaling_group_provider"))) {
        json_t *in = json_pack("{s:s,s:o}", "name", tf_get_str(planned, "name", ""),
                               "autoScalingGroupProvider", cp_provider_json(planned, false));
        static const ecs_retry busy[] = {{"UpdateInProgressException", NULL}, {0}};
        json_t *out = NULL;
        int rc = ecs_call_retry(ctx, m, "UpdateCapacityProvider", in, &out, CP_UPDATE_TIMEOUT,
                                busy, &err);
        json_decref(in);
        json_decref(out);
        if (rc != 0) {
            aws_diag(ctx, &err, "updating ECS Capacity Provider (%s)", id);
            return prior;
        }
        cp_waiter w = {.ctx = ctx, .m = m, .id = id};
        if (aws_wait(ctx->stop, CP_UPDATE_TIMEOUT, cp_poll, &w, &err) != 0) {
            aws_diag(ctx, &err, "waiting for ECS Capacity Provider (%s) update", id);
            return planned;
        }
    }
    if (ecs_tags_update(ctx, m, id, tf_get(prior, "tags_all"), tf_get(planned, "tags_all")) != 0)
        return planned;
    const tf_value *r = cp_refresh(ctx, m, planned);
    return tf_is_known(r) ? r : planned;
}

static void cp_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    const char *id = tf_get_str(prior, "id", "");
    aws_error err;
    json_t *in = json_pack("{s:s}", "capacityProvider", id);
    json_t *out = NULL;
    int rc = ecs_call(ctx, m, "DeleteCapacityProvider", in, &out, &err);
    json_decref(in);
    json_decref(out);
    if (rc != 0) {
        if (aws_error_is(&err, "ClientException") &&
            strstr(err.message, "capacity provider does not exist"))
            return;
        aws_diag(ctx, &err, "deleting ECS Capacity Provider (%s)", id);
        return;
    }
    cp_waiter w = {.ctx = ctx, .m = m, .id = id, .gone = true};
    if (aws_wait(ctx->stop, CP_DELETE_TIMEOUT, cp_poll, &w, &err) != 0)
        aws_diag(ctx, &err, "waiting for ECS Capacity Provider (%s) delete", id);
}

/* resourceCapacityProviderImport: the import ID is the name; id becomes
 * the ARN built from it. */
static const tf_value *cp_import(tf_ctx *ctx, const char *id)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    tf_objb b;
    tf_objb_init(&b, a, CP_SCHEMA.ctype, NULL);
    tf_objb_str(&b, "id", tf_arena_printf(a, "arn:%s:ecs:%s:%s:capacity-provider/%s",
                                          m->partition, m->region, m->account_id, id));
    tf_objb_str(&b, "name", id);
    return tf_objb_done(&b);
}

/* ---- definition ---- */

const tf_resource_def aws_ecs_capacity_provider_def = {
    .type_name = "aws_ecs_capacity_provider",
    .version = 0,
    .schema = &CP_SCHEMA,
    .modify_plan = cp_modify_plan,
    .create = cp_create,
    .read = cp_read,
    .update = cp_update,
    .delete = cp_delete,
    .import = cp_import,
};

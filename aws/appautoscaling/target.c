/* target.c - aws_appautoscaling_target: a resource dimension Application
 * Auto Scaling may scale (an ECS service's desired count, ...), between a
 * minimum and a maximum capacity.
 *
 * The one idea: a target has no name of its own; it is the triple (service
 * namespace, resource id, scalable dimension), and RegisterScalableTarget
 * both creates and updates it.  The Terraform id is the resource id; the
 * import ID is "<namespace>/<resource id>/<dimension>".  The schema is
 * generated from aws/schema/aws.schema. */

#include <stdio.h>
#include <string.h>

#include "appautoscaling.h"
#include "aws_schema_gen.h"
#include "block_values.h"
#include "diagnostics.h"
#include "resources.h"
#include "tags.h"
#include "value_build.h"

#define TGT_SCHEMA aws_schema_resource_aws_appautoscaling_target

/* hashicorp/aws: RegisterScalableTarget is retried for up to 2 minutes
 * while IAM or ECS have not caught up (propagationTimeout). */
#define TGT_PROPAGATION (2 * 60.0)
#define TGT_DELETE_TIMEOUT (5 * 60.0)

static void tgt_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->planned))
        return;
    aws_tags_plan(ctx, req);
}

/* ---- CRUD ----
 *
 * hashicorp/aws: RegisterScalableTarget (retried while AWS says it cannot
 * assume the role or the ECS service does not exist yet); read with
 * DescribeScalableTargets of the resource id, dimension and namespace (an
 * exact match, else gone), tags with ListTagsForResource of its ARN;
 * update registers again with the new capacities (tags through
 * Tag/UntagResource); delete deregisters (already gone is fine) and waits
 * until the target is no longer described. */

static const char *tgt_ns(const tf_value *v)
{
    return tf_get_str(v, "service_namespace", "");
}

static const char *tgt_dim(const tf_value *v)
{
    return tf_get_str(v, "scalable_dimension", "");
}

/* The target (a JSON object owned by *out) or AAS_GONE / -1. */
static int tgt_find(tf_ctx *ctx, const aws_meta *m, const char *rid, const char *ns,
                    const char *dim, json_t **out, const json_t **t, aws_error *err)
{
    json_t *in = json_pack("{s:[s],s:s,s:s}", "ResourceIds", rid, "ScalableDimension", dim,
                           "ServiceNamespace", ns);
    int rc = aas_call(ctx, m, "DescribeScalableTargets", in, out, err);
    json_decref(in);
    if (rc != 0)
        return -1;
    const json_t *list = json_object_get(*out, "ScalableTargets");
    const json_t *found = NULL;
    size_t n = 0;
    for (size_t i = 0; i < json_array_size(list); i++) {
        const json_t *e = json_array_get(list, i);
        n++;
        found = e;
    }
    /* tfresource.AssertSingleValueResult, then an exact match of the key. */
    if (n != 1 || !aas_str_is(found, "ResourceId", rid) ||
        !aas_str_is(found, "ScalableDimension", dim) ||
        !aas_str_is(found, "ServiceNamespace", ns))
        return AAS_GONE;
    *t = found;
    return AAS_FOUND;
}

static json_t *tgt_suspended_json(const tf_value *planned)
{
    const tf_value *s = aws_block_get(planned, "suspended_state");
    if (!s)
        return NULL;
    return json_pack("{s:b,s:b,s:b}", "DynamicScalingInSuspended",
                     tf_get_bool(s, "dynamic_scaling_in_suspended", false),
                     "DynamicScalingOutSuspended",
                     tf_get_bool(s, "dynamic_scaling_out_suspended", false),
                     "ScheduledScalingSuspended",
                     tf_get_bool(s, "scheduled_scaling_suspended", false));
}

static const tf_value *tgt_state(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                 const json_t *t, const json_t *tags)
{
    tf_arena *a = ctx->arena;
    tf_objb b;
    tf_objb_init(&b, a, TGT_SCHEMA.ctype, base);
    tf_objb_str(&b, "arn", aas_json_str(a, t, "ScalableTargetARN"));
    tf_objb_i64(&b, "max_capacity", aas_json_int(t, "MaxCapacity", 0));
    tf_objb_i64(&b, "min_capacity", aas_json_int(t, "MinCapacity", 0));
    tf_objb_str(&b, "resource_id", aas_json_str(a, t, "ResourceId"));
    tf_objb_str(&b, "role_arn", aas_json_str(a, t, "RoleARN"));
    tf_objb_str(&b, "scalable_dimension", aas_json_str(a, t, "ScalableDimension"));
    tf_objb_str(&b, "service_namespace", aas_json_str(a, t, "ServiceNamespace"));
    const tf_block *sb = tf_block_nested(&TGT_SCHEMA, "suspended_state")->block;
    const json_t *ss = json_object_get(t, "SuspendedState");
    const tf_value *sv = NULL;
    if (json_is_object(ss)) {
        tf_objb eb;
        tf_objb_init(&eb, a, sb->ctype, NULL);
        tf_objb_bool(&eb, "dynamic_scaling_in_suspended",
                     json_is_true(json_object_get(ss, "DynamicScalingInSuspended")));
        tf_objb_bool(&eb, "dynamic_scaling_out_suspended",
                     json_is_true(json_object_get(ss, "DynamicScalingOutSuspended")));
        tf_objb_bool(&eb, "scheduled_scaling_suspended",
                     json_is_true(json_object_get(ss, "ScheduledScalingSuspended")));
        sv = tf_objb_done(&eb);
    }
    tf_objb_set(&b, "suspended_state", aws_block_list(a, sb, sv));
    size_t n;
    aws_kv *kv = aas_tags_from_json(a, tags, &n);
    aws_tags_set_state(&b, m, kv, n, tf_get(base, "tags"));
    return tf_objb_done(&b);
}

/* Reads the target into a state built on base; a null state when gone. */
static const tf_value *tgt_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base)
{
    const char *rid = tf_get_str(base, "id", "");
    json_t *out = NULL, *tout = NULL;
    const json_t *t = NULL;
    aws_error err;
    const tf_value *st = NULL;
    int rc = tgt_find(ctx, m, rid, tgt_ns(base), tgt_dim(base), &out, &t, &err);
    if (rc == AAS_GONE) {
        st = tf_null(ctx->arena, TGT_SCHEMA.ctype);
    } else if (rc < 0) {
        aws_diag(ctx, &err, "reading Application AutoScaling Target (%s)", rid);
    } else {
        const char *arn = aas_json_str(ctx->arena, t, "ScalableTargetARN");
        json_t *in = json_pack("{s:s}", "ResourceARN", arn ? arn : "");
        rc = aas_call(ctx, m, "ListTagsForResource", in, &tout, &err);
        json_decref(in);
        if (rc != 0)
            aws_diag(ctx, &err, "listing tags for Application AutoScaling Target (%s)", arn);
        else
            st = tgt_state(ctx, m, base, t, json_object_get(tout, "Tags"));
    }
    json_decref(out);
    json_decref(tout);
    return st;
}

typedef struct tgt_waiter {
    tf_ctx *ctx;
    const aws_meta *m;
    const char *rid, *ns, *dim;
    bool present;       /* wait until described, else until gone */
} tgt_waiter;

static aws_wait_status tgt_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    tgt_waiter *w = ud;
    json_t *out = NULL;
    const json_t *t = NULL;
    int rc = tgt_find(w->ctx, w->m, w->rid, w->ns, w->dim, &out, &t, err);
    json_decref(out);
    snprintf(state, state_len, "%s", rc == AAS_FOUND ? "registered" : "not described");
    if (rc < 0)
        return AWS_WAIT_FAIL;
    return (rc == AAS_FOUND) == w->present ? AWS_WAIT_DONE : AWS_WAIT_CONTINUE;
}

/* registerScalableTarget: 0 or -1 with err. */
static int tgt_register(tf_ctx *ctx, const aws_meta *m, const tf_value *planned, bool create,
                        aws_error *err)
{
    json_t *in = json_pack("{s:I,s:I,s:s,s:s,s:s}", "MaxCapacity",
                           (json_int_t)tf_get_i64(planned, "max_capacity", 0), "MinCapacity",
                           (json_int_t)tf_get_i64(planned, "min_capacity", 0), "ResourceId",
                           tf_get_str(planned, "resource_id", ""), "ScalableDimension",
                           tgt_dim(planned), "ServiceNamespace", tgt_ns(planned));
    const char *role = tf_get_str(planned, "role_arn", "");
    if (*role)
        json_object_set_new(in, "RoleARN", json_string(role));
    json_t *ss = tgt_suspended_json(planned);
    if (ss)
        json_object_set_new(in, "SuspendedState", ss);
    if (create) {
        json_t *tags = aas_tags_json(ctx->arena, planned);
        if (tags)
            json_object_set_new(in, "Tags", tags);
    }
    static const aas_retry propagation[] = {
        {"ValidationException", "Unable to assume IAM role"},
        {"ValidationException", "ECS service doesn't exist"},
        {0},
    };
    json_t *out = NULL;
    int rc = aas_create_once(ctx, m, "RegisterScalableTarget", in, &out, TGT_PROPAGATION,
                             propagation, err);
    json_decref(out);
    json_decref(in);
    return rc;
}

static const tf_value *tgt_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    const char *rid = tf_get_str(planned, "resource_id", "");
    aws_error err;
    if (tgt_register(ctx, m, planned, true, &err) != 0) {
        aws_diag(ctx, &err, "creating Application AutoScaling Target (%s)", rid);
        return NULL;
    }
    const tf_value *state = tf_object_with(ctx->arena, planned, "id", tf_string(ctx->arena, rid));
    /* RetryWhenNewResourceNotFound: described within 2 minutes. */
    tgt_waiter w = {.ctx = ctx, .m = m, .rid = rid, .ns = tgt_ns(planned),
                    .dim = tgt_dim(planned), .present = true};
    if (aws_wait(ctx->stop, TGT_PROPAGATION, tgt_poll, &w, &err) != 0) {
        aws_diag(ctx, &err, "reading Application AutoScaling Target (%s)", rid);
        return state;
    }
    const tf_value *r = tgt_refresh(ctx, m, state);
    if (r && tf_is_null(r)) {
        aws_error_set(&err, AWS_ERR_RESPONSE, "NotFound",
                      "the target was registered but is not described");
        aws_diag(ctx, &err, "reading Application AutoScaling Target (%s)", rid);
        return state;
    }
    return r ? r : state;
}

static const tf_value *tgt_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    return m ? tgt_refresh(ctx, m, state) : NULL;
}

static const tf_value *tgt_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    const char *rid = tf_get_str(prior, "id", "");
    static const char *const args[] = {"max_capacity", "min_capacity", "role_arn",
                                       "suspended_state", NULL};
    bool changed = false;
    for (size_t i = 0; args[i]; i++)
        changed |= !tf_value_equal(tf_get(prior, args[i]), tf_get(planned, args[i]));
    aws_error err;
    if (changed && tgt_register(ctx, m, planned, false, &err) != 0) {
        aws_diag(ctx, &err, "updating Application AutoScaling Target (%s)", rid);
        return prior;
    }
    const char *arn = tf_get_str(prior, "arn", "");
    if (aas_tags_update(ctx, m, arn, tf_get(prior, "tags_all"), tf_get(planned, "tags_all")) != 0)
        return planned;
    const tf_value *r = tgt_refresh(ctx, m, planned);
    return r && tf_is_known(r) ? r : planned;
}


static void tgt_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    const char *rid = tf_get_str(prior, "id", "");
    json_t *in = json_pack("{s:s,s:s,s:s}", "ResourceId", rid, "ScalableDimension",
                           tgt_dim(prior), "ServiceNamespace", tgt_ns(prior));
    json_t *out = NULL;
    aws_error err;
    int rc = aas_call(ctx, m, "DeregisterScalableTarget", in, &out, &err);
    json_decref(in);
    json_decref(out);
    if (rc != 0) {
        if (!aws_error_is(&err, "ObjectNotFoundException"))
            aws_diag(ctx, &err, "deleting Application AutoScaling Target (%s)", rid);
        return;
    }
    tgt_waiter w = {.ctx = ctx, .m = m, .rid = rid, .ns = tgt_ns(prior), .dim = tgt_dim(prior)};
    if (aws_wait(ctx->stop, TGT_DELETE_TIMEOUT, tgt_poll, &w, &err) != 0)
        aws_diag(ctx, &err, "waiting for Application AutoScaling Target (%s) delete", rid);
}

/* resourceTargetImport: "<namespace>/<resource id>/<dimension>", the
 * resource id itself holding slashes. */
static const tf_value *tgt_import(tf_ctx *ctx, const char *id)
{
    tf_arena *a = ctx->arena;
    const char *first = strchr(id, '/');
    const char *last = strrchr(id, '/');
    if (!first || first == last || first == id || last - first < 2 || !last[1]) {
        tf_diag_error(ctx->diags, NULL, "Unexpected import ID",
                      "unexpected format (\"%s\"), expected "
                      "<service-namespace>/<resource-id>/<scalable-dimension>", id);
        return NULL;
    }
    const char *ns = tf_arena_strndup(a, id, (size_t)(first - id));
    const char *rid = tf_arena_strndup(a, first + 1, (size_t)(last - first - 1));
    tf_objb b;
    tf_objb_init(&b, a, TGT_SCHEMA.ctype, NULL);
    tf_objb_str(&b, "id", rid);
    tf_objb_str(&b, "resource_id", rid);
    tf_objb_str(&b, "service_namespace", ns);
    tf_objb_str(&b, "scalable_dimension", last + 1);
    return tf_objb_done(&b);
}

const tf_resource_def aws_appautoscaling_target_def = {
    .type_name = "aws_appautoscaling_target",
    .version = 0,
    .schema = &TGT_SCHEMA,
    .modify_plan = tgt_modify_plan,
    .create = tgt_create,
    .read = tgt_read,
    .update = tgt_update,
    .delete = tgt_delete,
    .import = tgt_import,
};

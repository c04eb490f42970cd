/* policy.c - aws_appautoscaling_policy: how Application Auto Scaling scales
 * a registered target (target tracking of a metric, or steps on an alarm).
 *
 * The one idea: PutScalingPolicy is an upsert keyed by the target and the
 * policy name, so create and update are the same call with the whole
 * configuration; the Terraform id is the policy name, the import ID
 * "<namespace>/<resource id>/<dimension>/<name>".  Values AWS leaves out
 * are stored as hashicorp/aws's SDK stores them (0, false, "").  The schema
 * is generated from aws/schema/aws.schema. */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "appautoscaling.h"
#include "aws_schema_gen.h"
#include "block_values.h"
#include "diagnostics.h"
#include "resources.h"
#include "value_build.h"

#define POL_SCHEMA aws_schema_resource_aws_appautoscaling_policy
#define POL_PROPAGATION (2 * 60.0)

/* ---- blocks of the schema ---- */

static const tf_block *pol_block(const tf_block *parent, const char *name)
{
    return tf_block_nested(parent, name)->block;
}

static const tf_block *pol_step_block(void)
{
    return pol_block(&POL_SCHEMA, "step_scaling_policy_configuration");
}

static const tf_block *pol_tt_block(void)
{
    return pol_block(&POL_SCHEMA, "target_tracking_scaling_policy_configuration");
}

/* ---- to AWS ---- */

/* Go's fmt "%g" of a float64 (shortest digits that read back the same;
 * an exponent below -4 or from 6 up), what the SDK stores for step
 * bounds. */
static const char *pol_go_g(tf_arena *a, double v)
{
    if (v == 0)
        return "0";
    char buf[64];
    int p = 1;
    for (; p < 17; p++) {
        snprintf(buf, sizeof buf, "%.*e", p - 1, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    snprintf(buf, sizeof buf, "%.*e", p - 1, v);
    int x = atoi(strchr(buf, 'e') + 1);
    if (x < -4 || x >= 6)
        return tf_arena_strdup(a, buf);
    int decimals = p - 1 - x;
    snprintf(buf, sizeof buf, "%.*f", decimals < 0 ? 0 : decimals, v);
    return tf_arena_strdup(a, buf);
}

/* A bound of a step adjustment: "" is none; else a number. */
static int pol_bound(json_t *o, const char *key, const tf_value *e, const char *name,
                     aws_error *err)
{
    const char *s = tf_get_str(e, name, "");
    if (!*s)
        return 0;
    char *end;
    double d = strtod(s, &end);
    if (*end || end == s || !isfinite(d)) {
        aws_error_set(err, AWS_ERR_CONFIG, "InvalidBound",
                      "%s must be a float value represented as a string (got \"%s\")", name, s);
        return -1;
    }
    json_object_set_new(o, key, json_real(d));
    return 0;
}

static json_t *pol_step_json(const tf_value *cfg, aws_error *err)
{
    json_t *o = json_object();
    const char *s = tf_get_str(cfg, "adjustment_type", "");
    if (*s)
        json_object_set_new(o, "AdjustmentType", json_string(s));
    json_object_set_new(o, "Cooldown", json_integer(tf_get_i64(cfg, "cooldown", 0)));
    s = tf_get_str(cfg, "metric_aggregation_type", "");
    if (*s)
        json_object_set_new(o, "MetricAggregationType", json_string(s));
    int64_t mag = tf_get_i64(cfg, "min_adjustment_magnitude", 0);
    if (mag > 0)
        json_object_set_new(o, "MinAdjustmentMagnitude", json_integer(mag));
    const tf_value *steps = tf_get(cfg, "step_adjustment");
    if (aws_block_len(steps) > 0) {
        json_t *arr = json_array();
        json_object_set_new(o, "StepAdjustments", arr);
        for (size_t i = 0; i < steps->u.coll.n; i++) {
            const tf_value *e = steps->u.coll.items[i];
            json_t *j = json_pack("{s:I}", "ScalingAdjustment",
                                  (json_int_t)tf_get_i64(e, "scaling_adjustment", 0));
            json_array_append_new(arr, j);
            if (pol_bound(j, "MetricIntervalLowerBound", e, "metric_interval_lower_bound",
                          err) != 0 ||
                pol_bound(j, "MetricIntervalUpperBound", e, "metric_interval_upper_bound",
                          err) != 0) {
                json_decref(o);
                return NULL;
            }
        }
    }
    return o;
}

/* A string member set only when not "" (as the SDK's expanders do). */
static void pol_put_str(json_t *o, const char *key, const tf_value *v, const char *name)
{
    const char *s = tf_get_str(v, name, "");
    if (*s)
        json_object_set_new(o, key, json_string(s));
}

/* A set of name/value dimensions as [{Name, Value}], NULL when empty. */
static json_t *pol_dims_json(const tf_value *set)
{
    size_t n = aws_block_len(set);
    if (n == 0)
        return NULL;
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        const tf_value *d = set->u.coll.items[i];
        json_array_append_new(arr, json_pack("{s:s,s:s}", "Name", tf_get_str(d, "name", ""),
                                             "Value", tf_get_str(d, "value", "")));
    }
    return arr;
}

/* A metric math query of customized_metric_specification.metrics. */
static json_t *pol_query_json(const tf_value *q)
{
    json_t *o = json_object();
    pol_put_str(o, "Expression", q, "expression");
    pol_put_str(o, "Id", q, "id");
    pol_put_str(o, "Label", q, "label");
    const tf_value *ms = aws_block_get(q, "metric_stat");
    if (ms) {
        json_t *mj = json_object();
        const tf_value *met = aws_block_get(ms, "metric");
        if (met) {
            json_t *m = json_object();
            json_t *dims = pol_dims_json(tf_get(met, "dimensions"));
            if (dims)
                json_object_set_new(m, "Dimensions", dims);
            pol_put_str(m, "MetricName", met, "metric_name");
            pol_put_str(m, "Namespace", met, "namespace");
            json_object_set_new(mj, "Metric", m);
        }
        pol_put_str(mj, "Stat", ms, "stat");
        pol_put_str(mj, "Unit", ms, "unit");
        json_object_set_new(o, "MetricStat", mj);
    }
    json_object_set_new(o, "ReturnData", json_boolean(tf_get_bool(q, "return_data", false)));
    return o;
}

static json_t *pol_custom_json(const tf_value *cm)
{
    json_t *o = json_object();
    json_t *dims = pol_dims_json(tf_get(cm, "dimensions"));
    if (dims)
        json_object_set_new(o, "Dimensions", dims);
    pol_put_str(o, "MetricName", cm, "metric_name");
    const tf_value *qs = tf_get(cm, "metrics");
    size_t n = aws_block_len(qs);
    if (n > 0) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(arr, pol_query_json(qs->u.coll.items[i]));
        json_object_set_new(o, "Metrics", arr);
    }
    pol_put_str(o, "Namespace", cm, "namespace");
    pol_put_str(o, "Statistic", cm, "statistic");
    pol_put_str(o, "Unit", cm, "unit");
    return o;
}

static json_t *pol_tt_json(const tf_value *cfg)
{
    double target = 0;
    tf_number_to_double(tf_get(cfg, "target_value"), &target);
    json_t *o = json_pack("{s:f,s:b,s:I,s:I}", "TargetValue", target, "DisableScaleIn",
                          tf_get_bool(cfg, "disable_scale_in", false), "ScaleInCooldown",
                          (json_int_t)tf_get_i64(cfg, "scale_in_cooldown", 0),
                          "ScaleOutCooldown",
                          (json_int_t)tf_get_i64(cfg, "scale_out_cooldown", 0));
    const tf_value *cm = aws_block_get(cfg, "customized_metric_specification");
    if (cm)
        json_object_set_new(o, "CustomizedMetricSpecification", pol_custom_json(cm));
    const tf_value *pm = aws_block_get(cfg, "predefined_metric_specification");
    if (pm) {
        json_t *p = json_pack("{s:s}", "PredefinedMetricType",
                              tf_get_str(pm, "predefined_metric_type", ""));
        const char *label = tf_get_str(pm, "resource_label", "");
        if (*label)
            json_object_set_new(p, "ResourceLabel", json_string(label));
        json_object_set_new(o, "PredefinedMetricSpecification", p);
    }
    return o;
}

/* getPutScalingPolicyInput then PutScalingPolicy, retried while IAM or the
 * target are not visible yet; 0 or -1 with err. */
static int pol_put(tf_ctx *ctx, const aws_meta *m, const tf_value *planned, aws_error *err)
{
    json_t *in = json_pack("{s:s,s:s,s:s,s:s}", "PolicyName", tf_get_str(planned, "name", ""),
                           "ResourceId", tf_get_str(planned, "resource_id", ""),
                           "ScalableDimension", tf_get_str(planned, "scalable_dimension", ""),
                           "ServiceNamespace", tf_get_str(planned, "service_namespace", ""));
    const char *type = tf_get_str(planned, "policy_type", "");
    if (*type)
        json_object_set_new(in, "PolicyType", json_string(type));
    const tf_value *step = aws_block_get(planned, "step_scaling_policy_configuration");
    if (step) {
        json_t *j = pol_step_json(step, err);
        if (!j) {
            json_decref(in);
            return -1;
        }
        json_object_set_new(in, "StepScalingPolicyConfiguration", j);
    }
    const tf_value *tt = aws_block_get(planned, "target_tracking_scaling_policy_configuration");
    if (tt)
        json_object_set_new(in, "TargetTrackingScalingPolicyConfiguration", pol_tt_json(tt));
    static const aas_retry propagation[] = {
        {"FailedResourceAccessException", NULL},
        {"ObjectNotFoundException", NULL},
        {0},
    };
    json_t *out = NULL;
    int rc = aas_create_once(ctx, m, "PutScalingPolicy", in, &out, POL_PROPAGATION, propagation,
                             err);
    json_decref(out);
    json_decref(in);
    return rc;
}

/* ---- from AWS ---- */

static const tf_value *pol_step_state(tf_arena *a, const json_t *cfg)
{
    const tf_block *sb = pol_step_block();
    if (!json_is_object(cfg))
        return aws_block_list(a, sb, NULL);
    tf_objb b;
    tf_objb_init(&b, a, sb->ctype, NULL);
    const char *s = aas_json_str(a, cfg, "AdjustmentType");
    tf_objb_str(&b, "adjustment_type", s ? s : "");
    tf_objb_i64(&b, "cooldown", aas_json_int(cfg, "Cooldown", 0));
    s = aas_json_str(a, cfg, "MetricAggregationType");
    tf_objb_str(&b, "metric_aggregation_type", s ? s : "");
    tf_objb_i64(&b, "min_adjustment_magnitude", aas_json_int(cfg, "MinAdjustmentMagnitude", 0));
    const tf_block *adj = pol_block(sb, "step_adjustment");
    const json_t *steps = json_object_get(cfg, "StepAdjustments");
    size_t n = json_array_size(steps);
    const tf_value **items = tf_arena_calloc(a, n + 1, sizeof *items);
    for (size_t i = 0; i < n; i++) {
        const json_t *e = json_array_get(steps, i);
        tf_objb eb;
        tf_objb_init(&eb, a, adj->ctype, NULL);
        const json_t *lo = json_object_get(e, "MetricIntervalLowerBound");
        const json_t *hi = json_object_get(e, "MetricIntervalUpperBound");
        tf_objb_str(&eb, "metric_interval_lower_bound",
                    json_is_number(lo) ? pol_go_g(a, json_number_value(lo)) : "");
        tf_objb_str(&eb, "metric_interval_upper_bound",
                    json_is_number(hi) ? pol_go_g(a, json_number_value(hi)) : "");
        tf_objb_i64(&eb, "scaling_adjustment", aas_json_int(e, "ScalingAdjustment", 0));
        items[i] = tf_objb_done(&eb);
    }
    tf_objb_set(&b, "step_adjustment", tf_set(a, adj->ctype, n, items));
    return aws_block_list(a, sb, tf_objb_done(&b));
}

/* A string of the answer as the SDK stores it: "" when left out. */
static void pol_state_str(tf_arena *a, tf_objb *b, const char *name, const json_t *o,
                          const char *key)
{
    const char *s = aas_json_str(a, o, key);
    tf_objb_str(b, name, s ? s : "");
}

/* Dimensions [{Name, Value}] as the set of the block dimensions. */
static const tf_value *pol_dims_state(tf_arena *a, const tf_block *parent, const json_t *dims)
{
    const tf_block *db = pol_block(parent, "dimensions");
    size_t n = json_array_size(dims);
    const tf_value **items = tf_arena_calloc(a, n + 1, sizeof *items);
    for (size_t i = 0; i < n; i++) {
        const json_t *d = json_array_get(dims, i);
        tf_objb eb;
        tf_objb_init(&eb, a, db->ctype, NULL);
        pol_state_str(a, &eb, "name", d, "Name");
        pol_state_str(a, &eb, "value", d, "Value");
        items[i] = tf_objb_done(&eb);
    }
    return tf_set(a, db->ctype, n, items);
}

static const tf_value *pol_query_state(tf_arena *a, const tf_block *qb, const json_t *q)
{
    tf_objb b;
    tf_objb_init(&b, a, qb->ctype, NULL);
    pol_state_str(a, &b, "expression", q, "Expression");
    pol_state_str(a, &b, "id", q, "Id");
    pol_state_str(a, &b, "label", q, "Label");
    const tf_block *sb = pol_block(qb, "metric_stat");
    const json_t *ms = json_object_get(q, "MetricStat");
    const tf_value *sv = NULL;
    if (json_is_object(ms)) {
        tf_objb sbld;
        tf_objb_init(&sbld, a, sb->ctype, NULL);
        const tf_block *mb = pol_block(sb, "metric");
        const json_t *met = json_object_get(ms, "Metric");
        const tf_value *mv = NULL;
        if (json_is_object(met)) {
            tf_objb mbld;
            tf_objb_init(&mbld, a, mb->ctype, NULL);
            tf_objb_set(&mbld, "dimensions",
                        pol_dims_state(a, mb, json_object_get(met, "Dimensions")));
            pol_state_str(a, &mbld, "metric_name", met, "MetricName");
            pol_state_str(a, &mbld, "namespace", met, "Namespace");
            mv = tf_objb_done(&mbld);
        }
        tf_objb_set(&sbld, "metric", aws_block_list(a, mb, mv));
        pol_state_str(a, &sbld, "stat", ms, "Stat");
        pol_state_str(a, &sbld, "unit", ms, "Unit");
        sv = tf_objb_done(&sbld);
    }
    tf_objb_set(&b, "metric_stat", aws_block_list(a, sb, sv));
    tf_objb_bool(&b, "return_data", json_is_true(json_object_get(q, "ReturnData")));
    return tf_objb_done(&b);
}

/* flattenCustomizedMetricSpecification: the block or an empty list. */
static const tf_value *pol_custom_state(tf_arena *a, const tf_block *cb, const json_t *cm)
{
    if (!json_is_object(cm))
        return aws_block_list(a, cb, NULL);
    tf_objb b;
    tf_objb_init(&b, a, cb->ctype, NULL);
    tf_objb_set(&b, "dimensions", pol_dims_state(a, cb, json_object_get(cm, "Dimensions")));
    pol_state_str(a, &b, "metric_name", cm, "MetricName");
    const tf_block *qb = pol_block(cb, "metrics");
    const json_t *qs = json_object_get(cm, "Metrics");
    size_t n = json_array_size(qs);
    const tf_value **items = tf_arena_calloc(a, n + 1, sizeof *items);
    for (size_t i = 0; i < n; i++)
        items[i] = pol_query_state(a, qb, json_array_get(qs, i));
    tf_objb_set(&b, "metrics", tf_set(a, qb->ctype, n, items));
    pol_state_str(a, &b, "namespace", cm, "Namespace");
    pol_state_str(a, &b, "statistic", cm, "Statistic");
    pol_state_str(a, &b, "unit", cm, "Unit");
    return aws_block_list(a, cb, tf_objb_done(&b));
}

static const tf_value *pol_tt_state(tf_arena *a, const json_t *cfg)
{
    const tf_block *tb = pol_tt_block();
    if (!json_is_object(cfg))
        return aws_block_list(a, tb, NULL);
    tf_objb b;
    tf_objb_init(&b, a, tb->ctype, NULL);
    tf_objb_set(&b, "customized_metric_specification",
                pol_custom_state(a, pol_block(tb, "customized_metric_specification"),
                                 json_object_get(cfg, "CustomizedMetricSpecification")));
    tf_objb_bool(&b, "disable_scale_in", json_is_true(json_object_get(cfg, "DisableScaleIn")));
    const tf_block *pb = pol_block(tb, "predefined_metric_specification");
    const json_t *pm = json_object_get(cfg, "PredefinedMetricSpecification");
    const tf_value *pv = NULL;
    if (json_is_object(pm)) {
        tf_objb pbld;
        tf_objb_init(&pbld, a, pb->ctype, NULL);
        const char *s = aas_json_str(a, pm, "PredefinedMetricType");
        tf_objb_str(&pbld, "predefined_metric_type", s ? s : "");
        s = aas_json_str(a, pm, "ResourceLabel");
        tf_objb_str(&pbld, "resource_label", s ? s : "");
        pv = tf_objb_done(&pbld);
    }
    tf_objb_set(&b, "predefined_metric_specification", aws_block_list(a, pb, pv));
    tf_objb_i64(&b, "scale_in_cooldown", aas_json_int(cfg, "ScaleInCooldown", 0));
    tf_objb_i64(&b, "scale_out_cooldown", aas_json_int(cfg, "ScaleOutCooldown", 0));
    const json_t *tv = json_object_get(cfg, "TargetValue");
    tf_objb_set(&b, "target_value", tf_number_double(a, json_is_number(tv)
                                                             ? json_number_value(tv) : 0));
    return aws_block_list(a, tb, tf_objb_done(&b));
}

static const tf_value *pol_state(tf_arena *a, const tf_value *base, const json_t *p)
{
    tf_objb b;
    tf_objb_init(&b, a, POL_SCHEMA.ctype, base);
    const json_t *alarms = json_object_get(p, "Alarms");
    size_t n = json_array_size(alarms);
    const char **arns = tf_arena_calloc(a, n + 1, sizeof *arns);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const char *s = aas_json_str(a, json_array_get(alarms, i), "AlarmARN");
        if (s)
            arns[k++] = s;
    }
    tf_objb_set(&b, "alarm_arns", tf_string_list(a, arns, k));
    tf_objb_str(&b, "arn", aas_json_str(a, p, "PolicyARN"));
    const char *name = aas_json_str(a, p, "PolicyName");
    tf_objb_str(&b, "id", name);
    tf_objb_str(&b, "name", name);
    tf_objb_str(&b, "policy_type", aas_json_str(a, p, "PolicyType"));
    tf_objb_str(&b, "resource_id", aas_json_str(a, p, "ResourceId"));
    tf_objb_str(&b, "scalable_dimension", aas_json_str(a, p, "ScalableDimension"));
    tf_objb_str(&b, "service_namespace", aas_json_str(a, p, "ServiceNamespace"));
    tf_objb_set(&b, "step_scaling_policy_configuration",
                pol_step_state(a, json_object_get(p, "StepScalingPolicyConfiguration")));
    tf_objb_set(&b, "target_tracking_scaling_policy_configuration",
                pol_tt_state(a, json_object_get(p, "TargetTrackingScalingPolicyConfiguration")));
    return tf_objb_done(&b);
}

/* ---- CRUD ----
 *
 * hashicorp/aws: PutScalingPolicy (retried for 2 minutes on
 * FailedResourceAccessException and ObjectNotFoundException); read with
 * DescribeScalingPolicies of the name under the target; update puts
 * again; delete (retried on FailedResourceAccessException, already gone
 * is fine). */

/* The policy (owned by *out), AAS_GONE or -1. */
static int pol_find(tf_ctx *ctx, const aws_meta *m, const tf_value *v, json_t **out,
                    const json_t **p, aws_error *err)
{
    const char *name = tf_get_str(v, "name", "");
    json_t *in = json_pack("{s:[s],s:s,s:s,s:s}", "PolicyNames", name, "ResourceId",
                           tf_get_str(v, "resource_id", ""), "ScalableDimension",
                           tf_get_str(v, "scalable_dimension", ""), "ServiceNamespace",
                           tf_get_str(v, "service_namespace", ""));
    int rc = aas_call(ctx, m, "DescribeScalingPolicies", in, out, err);
    json_decref(in);
    if (rc != 0)
        return -1;
    const json_t *list = json_object_get(*out, "ScalingPolicies");
    for (size_t i = 0; i < json_array_size(list); i++) {
        const json_t *e = json_array_get(list, i);
        if (aas_str_is(e, "PolicyName", name)) {
            *p = e;
            return AAS_FOUND;
        }
    }
    return AAS_GONE;
}

static const tf_value *pol_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base)
{
    json_t *out = NULL;
    const json_t *p = NULL;
    aws_error err;
    const tf_value *st = NULL;
    int rc = pol_find(ctx, m, base, &out, &p, &err);
    if (rc == AAS_GONE)
        st = tf_null(ctx->arena, POL_SCHEMA.ctype);
    else if (rc < 0)
        aws_diag(ctx, &err, "reading Application Auto Scaling Scaling Policy (%s)",
                 tf_get_str(base, "name", ""));
    else
        st = pol_state(ctx->arena, base, p);
    json_decref(out);
    return st;
}

typedef struct pol_waiter {
    tf_ctx *ctx;
    const aws_meta *m;
    const tf_value *v;
} pol_waiter;

/* RetryWhenNewResourceNotFound: a new policy may not be described at once. */
static aws_wait_status pol_visible_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    pol_waiter *w = ud;
    json_t *out = NULL;
    const json_t *p = NULL;
    int rc = pol_find(w->ctx, w->m, w->v, &out, &p, err);
    json_decref(out);
    snprintf(state, state_len, "%s", rc == AAS_FOUND ? "described" : "not described yet");
    if (rc < 0)
        return AWS_WAIT_FAIL;
    return rc == AAS_FOUND ? AWS_WAIT_DONE : AWS_WAIT_CONTINUE;
}

static const tf_value *pol_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    const char *name = tf_get_str(planned, "name", "");
    aws_error err;
    if (pol_put(ctx, m, planned, &err) != 0) {
        aws_diag(ctx, &err, "creating Application Auto Scaling Scaling Policy (%s)", name);
        return NULL;
    }
    const tf_value *state = tf_object_with(ctx->arena, planned, "id", tf_string(ctx->arena, name));
    pol_waiter w = {.ctx = ctx, .m = m, .v = planned};
    if (aws_wait(ctx->stop, POL_PROPAGATION, pol_visible_poll, &w, &err) != 0) {
        aws_diag(ctx, &err, "reading Application Auto Scaling Scaling Policy (%s)", name);
        return state;
    }
    const tf_value *r = pol_refresh(ctx, m, state);
    if (r && tf_is_null(r)) {
        aws_error_set(&err, AWS_ERR_RESPONSE, "NotFound",
                      "the policy was put but is not described");
        aws_diag(ctx, &err, "reading Application Auto Scaling Scaling Policy (%s)", name);
        return state;
    }
    return r ? r : state;
}

static const tf_value *pol_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    return m ? pol_refresh(ctx, m, state) : NULL;
}

static const tf_value *pol_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    aws_error err;
    if (pol_put(ctx, m, planned, &err) != 0) {
        aws_diag(ctx, &err, "updating Application Auto Scaling Scaling Policy (%s)",
                 tf_get_str(prior, "id", ""));
        return prior;
    }
    const tf_value *r = pol_refresh(ctx, m, planned);
    return r && tf_is_known(r) ? r : planned;
}

typedef struct pol_deleter {
    tf_ctx *ctx;
    const aws_meta *m;
    json_t *in;
} pol_deleter;

static aws_wait_status pol_delete_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    pol_deleter *d = ud;
    json_t *out = NULL;
    int rc = aas_call(d->ctx, d->m, "DeleteScalingPolicy", d->in, &out, err);
    json_decref(out);
    if (rc == 0 || aws_error_is(err, "ObjectNotFoundException"))
        return AWS_WAIT_DONE;
    if (!aws_error_is(err, "FailedResourceAccessException"))
        return AWS_WAIT_FAIL;
    snprintf(state, state_len, "%s", err->code);
    return AWS_WAIT_CONTINUE;
}

static void pol_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    json_t *in = json_pack("{s:s,s:s,s:s,s:s}", "PolicyName", tf_get_str(prior, "name", ""),
                           "ResourceId", tf_get_str(prior, "resource_id", ""),
                           "ScalableDimension", tf_get_str(prior, "scalable_dimension", ""),
                           "ServiceNamespace", tf_get_str(prior, "service_namespace", ""));
    pol_deleter d = {.ctx = ctx, .m = m, .in = in};
    aws_error err;
    if (aws_wait(ctx->stop, POL_PROPAGATION, pol_delete_poll, &d, &err) != 0)
        aws_diag(ctx, &err, "deleting Application Auto Scaling Scaling Policy (%s)",
                 tf_get_str(prior, "id", ""));
    json_decref(in);
}

/* validPolicyImportInput: "<namespace>/<resource id>/<dimension>/<name>";
 * a DynamoDB resource id is "table/<t>" or "table/<t>/index/<i>" and its
 * policy name may hold slashes. */
static const tf_value *pol_import(tf_ctx *ctx, const char *id)
{
    tf_arena *a = ctx->arena;
    size_t n = 1;
    for (const char *c = id; *c; c++)
        n += *c == '/';
    char **parts = tf_arena_calloc(a, n + 1, sizeof *parts);
    const char *start = id;
    for (size_t i = 0; i < n; i++) {
        const char *slash = strchr(start, '/');
        size_t len = slash ? (size_t)(slash - start) : strlen(start);
        parts[i] = tf_arena_strndup(a, start, len);
        start += len + 1;
    }
    const char *ns = NULL, *rid = NULL, *dim = NULL, *name = NULL;
    if (n >= 4) {
        size_t dix, nix;
        if (strcmp(parts[0], "dynamodb") == 0) {
            dix = strcmp(parts[3], "index") == 0 ? 5 : 3;
            nix = dix + 1;
        } else {
            dix = n - 2;
            nix = n - 1;
        }
        if (nix < n) {
            ns = parts[0];
            rid = "";
            for (size_t i = 1; i < dix; i++)
                rid = i == 1 ? parts[i] : tf_arena_printf(a, "%s/%s", rid, parts[i]);
            dim = parts[dix];
            name = parts[nix];
            for (size_t i = nix + 1; i < n; i++)
                name = tf_arena_printf(a, "%s/%s", name, parts[i]);
        }
    }
    if (!ns || !*ns || !*rid || !*dim || !*name) {
        tf_diag_error(ctx->diags, NULL, "Unexpected import ID",
                      "unexpected format (\"%s\"), expected "
                      "<service-namespace>/<resource-id>/<scalable-dimension>/<policy-name>",
                      id);
        return NULL;
    }
    tf_objb b;
    tf_objb_init(&b, a, POL_SCHEMA.ctype, NULL);
    tf_objb_str(&b, "id", name);
    tf_objb_str(&b, "name", name);
    tf_objb_str(&b, "resource_id", rid);
    tf_objb_str(&b, "scalable_dimension", dim);
    tf_objb_str(&b, "service_namespace", ns);
    return tf_objb_done(&b);
}

const tf_resource_def aws_appautoscaling_policy_def = {
    .type_name = "aws_appautoscaling_policy",
    .version = 0,
    .schema = &POL_SCHEMA,
    .create = pol_create,
    .read = pol_read,
    .update = pol_update,
    .delete = pol_delete,
    .import = pol_import,
};

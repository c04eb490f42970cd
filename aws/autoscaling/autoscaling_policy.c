/* autoscaling_policy.c - aws_autoscaling_policy: a scaling policy of an Auto
 * Scaling group.
 *
 * PutScalingPolicy creates and replaces a policy alike, so create and update
 * send the whole configuration the same way, checked first as hashicorp/aws
 * 5.100.0 checks it (which arguments each policy type takes or needs: its
 * texts, at apply time).  The id is the policy name; the import ID is
 * `<group name>/<policy name>`.  SimpleScaling, StepScaling and
 * TargetTrackingScaling (predefined metric, or a customized metric by name,
 * namespace, statistic, unit and dimensions) and PredictiveScaling
 * and target tracking's metric math (`metrics`) are implemented
 * (autoscaling_policy_predictive.c).  The schema is the generated
 * aws_schema_resource_aws_autoscaling_policy (aws/schema/aws.schema). */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "autoscaling_common.h"
#include "autoscaling_group_blocks.h"
#include "autoscaling_policy_predictive.h"
#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "provider_meta.h"
#include "resources.h"
#include "value_build.h"

#define POL_SCHEMA aws_schema_resource_aws_autoscaling_policy

static const tf_block *pol_nested(const tf_block *b, const char *name)
{
    const tf_nested_block *nb = tf_block_nested(b, name);
    return nb ? nb->block : NULL;
}

/* ---- numbers ---- */

/* A float as Go's strconv.FormatFloat(v, 'f', -1, 64) writes it: the
 * shortest decimal that reads back as v, never an exponent. */
static const char *pol_float_text(tf_arena *a, double v)
{
    for (int prec = 0; prec <= 17; prec++) {
        char buf[64];
        snprintf(buf, sizeof buf, "%.*f", prec, v);
        if (strtod(buf, NULL) == v)
            return tf_arena_printf(a, "%s", buf);
    }
    return tf_arena_printf(a, "%.17f", v);
}

/* "" (null) or a float, as hashicorp's nullable float strings. */
static bool pol_nullable_float(const char *s, double *out)
{
    if (!s || !*s)
        return false;
    char *end;
    *out = strtod(s, &end);
    return *end == '\0';
}

/* ---- checks (hashicorp's expandPutScalingPolicyInput) ---- */

static const tf_value *pol_first(const tf_value *obj, const char *name)
{
    const tf_value *l = tf_get(obj, name);
    if (!tf_is_known(l) || l->u.coll.n == 0 || !tf_is_known(l->u.coll.items[0]))
        return NULL;
    return l->u.coll.items[0];
}

static bool pol_set(const tf_value *obj, const char *name)
{
    const tf_value *v = tf_get(obj, name);
    return tf_is_known(v);
}

/* The PutScalingPolicy parameters of a planned state; NULL with an error
 * diagnostic when the combination is one hashicorp refuses. */
static aws_params *pol_params(tf_ctx *ctx, const tf_value *pl, const char *what)
{
    tf_arena *a = ctx->arena;
    const char *name = tf_get_str(pl, "name", "");
    const char *type = tf_get_str(pl, "policy_type", "SimpleScaling");
    bool simple = strcmp(type, "SimpleScaling") == 0;
    bool step = strcmp(type, "StepScaling") == 0;
    bool target = strcmp(type, "TargetTrackingScaling") == 0;
    const char *problem = NULL;
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "AutoScalingGroupName", tf_get_str(pl, "autoscaling_group_name", ""));
    aws_params_add(p, "Enabled", tf_get_bool(pl, "enabled", true) ? "true" : "false");
    aws_params_add(p, "PolicyName", name);
    aws_params_add(p, "PolicyType", type);
    const char *adj = tf_get_str(pl, "adjustment_type", "");
    if (*adj && (simple || step))
        aws_params_add(p, "AdjustmentType", adj);
    const tf_value *pred = pol_first(pl, "predictive_scaling_configuration");
    if (pred)
        pol_param_predictive(a, p, pred);
    if (pol_set(pl, "cooldown")) {
        int64_t v = tf_get_i64(pl, "cooldown", 0);
        aws_params_addf(p, "Cooldown", "%lld", (long long)v);
        if (v != 0 && !simple)
            problem = "cooldown is only supported for policy type SimpleScaling";
    }
    if (!problem && pol_set(pl, "estimated_instance_warmup")) {
        int64_t v = tf_get_i64(pl, "estimated_instance_warmup", 0);
        if (step || target)
            aws_params_addf(p, "EstimatedInstanceWarmup", "%lld", (long long)v);
        else if (v != 0)
            problem = "estimated_instance_warmup is only supported for policy type StepScaling "
                      "and TargetTrackingScaling";
    }
    const char *agg = tf_get_str(pl, "metric_aggregation_type", "");
    if (*agg && step)
        aws_params_add(p, "MetricAggregationType", agg);
    int64_t mam = tf_get_i64(pl, "min_adjustment_magnitude", 0);
    if (mam != 0 && (simple || step))
        aws_params_addf(p, "MinAdjustmentMagnitude", "%lld", (long long)mam);
    if (!problem) {
        if (pol_set(pl, "scaling_adjustment")) {
            int64_t v = tf_get_i64(pl, "scaling_adjustment", 0);
            if (simple)
                aws_params_addf(p, "ScalingAdjustment", "%lld", (long long)v);
            else if (v != 0)
                problem = "scaling_adjustment is only supported for policy type SimpleScaling";
        } else if (simple) {
            problem = "scaling_adjustment is required for policy type SimpleScaling";
        }
    }
    const tf_value *steps = tf_get(pl, "step_adjustment");
    if (!problem) {
        if (tf_is_known(steps) && steps->u.coll.n > 0) {
            if (!step)
                problem = "step_adjustment is only supported for policy type StepScaling";
            for (size_t i = 0; i < steps->u.coll.n; i++) {
                const tf_value *s = steps->u.coll.items[i];
                const char *pre = aws_params_key(p, "StepAdjustments.member.%zu", i + 1);
                aws_params_addf(p, aws_params_key(p, "%s.ScalingAdjustment", pre), "%lld",
                                (long long)tf_get_i64(s, "scaling_adjustment", 0));
                double d;
                if (pol_nullable_float(tf_get_str(s, "metric_interval_lower_bound", ""), &d))
                    aws_params_add(p, aws_params_key(p, "%s.MetricIntervalLowerBound", pre),
                                   pol_float_text(a, d));
                if (pol_nullable_float(tf_get_str(s, "metric_interval_upper_bound", ""), &d))
                    aws_params_add(p, aws_params_key(p, "%s.MetricIntervalUpperBound", pre),
                                   pol_float_text(a, d));
            }
        } else if (step) {
            problem = "step_adjustment is required for policy type StepScaling";
        }
    }
    const tf_value *tt = pol_first(pl, "target_tracking_configuration");
    if (!problem) {
        if (tt) {
            if (!target)
                problem = "target_tracking_configuration is only supported for policy type "
                          "TargetTrackingScaling";
            const char *t = "TargetTrackingConfiguration";
            const tf_value *tv = tf_get(tt, "target_value");
            if (tf_is_known(tv))
                aws_params_add(p, aws_params_key(p, "%s.TargetValue", t), tf_number_plain(a, tv));
            aws_params_add(p, aws_params_key(p, "%s.DisableScaleIn", t),
                           tf_get_bool(tt, "disable_scale_in", false) ? "true" : "false");
            const tf_value *pm = pol_first(tt, "predefined_metric_specification");
            if (pm) {
                aws_params_add(p,
                               aws_params_key(p, "%s.PredefinedMetricSpecification."
                                                 "PredefinedMetricType", t),
                               tf_get_str(pm, "predefined_metric_type", ""));
                const char *rl = tf_get_str(pm, "resource_label", "");
                if (*rl)
                    aws_params_add(p,
                                   aws_params_key(p, "%s.PredefinedMetricSpecification."
                                                     "ResourceLabel", t),
                                   rl);
            }
            const tf_value *cm = pol_first(tt, "customized_metric_specification");
            const tf_value *mm = cm ? tf_get(cm, "metrics") : NULL;
            if (cm && tf_is_known(mm) && mm->u.coll.n > 0) {
                pol_param_tt_metrics(a, p,
                                     aws_params_key(p, "%s.CustomizedMetricSpecification", t),
                                     mm);
            } else if (cm) {
                const char *c = aws_params_key(p, "%s.CustomizedMetricSpecification", t);
                aws_params_add(p, aws_params_key(p, "%s.Namespace", c),
                               tf_get_str(cm, "namespace", ""));
                aws_params_add(p, aws_params_key(p, "%s.MetricName", c),
                               tf_get_str(cm, "metric_name", ""));
                aws_params_add(p, aws_params_key(p, "%s.Statistic", c),
                               tf_get_str(cm, "statistic", ""));
                int64_t period = tf_get_i64(cm, "period", 0);
                if (period != 0)
                    aws_params_addf(p, aws_params_key(p, "%s.Period", c), "%lld",
                                    (long long)period);
                const char *unit = tf_get_str(cm, "unit", "");
                if (*unit)
                    aws_params_add(p, aws_params_key(p, "%s.Unit", c), unit);
                const tf_value *dims = tf_get(cm, "metric_dimension");
                for (size_t i = 0; tf_is_known(dims) && i < dims->u.coll.n; i++) {
                    const tf_value *d = dims->u.coll.items[i];
                    aws_params_add(p, aws_params_key(p, "%s.Dimensions.member.%zu.Name", c, i + 1),
                                   tf_get_str(d, "name", ""));
                    aws_params_add(p,
                                   aws_params_key(p, "%s.Dimensions.member.%zu.Value", c, i + 1),
                                   tf_get_str(d, "value", ""));
                }
            }
        } else if (target) {
            problem = "target_tracking_configuration is required for policy type "
                      "TargetTrackingScaling";
        }
    }
    if (problem) {
        tf_diag_error(ctx->diags, NULL, tf_arena_printf(a, "%s Auto Scaling Policy (%s)", what,
                                                        name),
                      "%s", problem);
        return NULL;
    }
    return p;
}

/* ---- reading ---- */

/* The policy, NULL with *gone when AWS does not know it (or its group),
 * else NULL with err. */
static const aws_xml_node *pol_find(tf_ctx *ctx, const aws_meta *m, const char *group,
                                    const char *name, bool *gone, aws_error *err)
{
    *gone = false;
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "AutoScalingGroupName", group);
    aws_params_add(p, "PolicyNames.member.1", name);
    aws_xml_node *out;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "autoscaling", "DescribePolicies", p,
                       &out, err) != 0) {
        if (aws_error_is(err, "ValidationError") && strstr(err->message, "not found"))
            *gone = true;
        return NULL;
    }
    for (const aws_xml_node *e = aws_xml_first(out, "ScalingPolicies/member"); e;
         e = aws_xml_next(e)) {
        const char *n = aws_xml_text(e, "PolicyName");
        if (n && strcmp(n, name) == 0)
            return e;
    }
    *gone = true;
    return NULL;
}

static const tf_value *pol_num_text(tf_arena *a, const aws_xml_node *n, const char *path)
{
    const char *t = aws_xml_text(n, path);
    double d;
    if (!t || !pol_nullable_float(t, &d))
        return tf_number_i64(a, 0);
    return tf_number_double(a, d);
}

static const tf_value *pol_flatten_steps(tf_arena *a, const aws_xml_node *pol)
{
    const tf_block *blk = pol_nested(&POL_SCHEMA, "step_adjustment");
    size_t cap = 0;
    for (const aws_xml_node *s = aws_xml_first(pol, "StepAdjustments/member"); s;
         s = aws_xml_next(s))
        cap++;
    const tf_value **items = tf_arena_calloc(a, cap + 1, sizeof *items);
    size_t k = 0;
    for (const aws_xml_node *s = aws_xml_first(pol, "StepAdjustments/member"); s;
         s = aws_xml_next(s)) {
        tf_objb b;
        tf_objb_init(&b, a, blk->ctype, NULL);
        tf_objb_i64(&b, "scaling_adjustment", aws_xml_int(s, "ScalingAdjustment", 0));
        double d;
        const char *lo = aws_xml_text(s, "MetricIntervalLowerBound");
        const char *hi = aws_xml_text(s, "MetricIntervalUpperBound");
        tf_objb_str(&b, "metric_interval_lower_bound",
                    pol_nullable_float(lo, &d) ? pol_float_text(a, d) : "");
        tf_objb_str(&b, "metric_interval_upper_bound",
                    pol_nullable_float(hi, &d) ? pol_float_text(a, d) : "");
        items[k++] = tf_objb_done(&b);
    }
    return tf_set(a, blk->ctype, k, items);
}

static const tf_value *pol_flatten_target(tf_arena *a, const aws_xml_node *pol)
{
    const tf_block *blk = pol_nested(&POL_SCHEMA, "target_tracking_configuration");
    const aws_xml_node *tt = aws_xml_child(pol, "TargetTrackingConfiguration");
    if (!tt)
        return tf_list(a, blk->ctype, 0, NULL);
    const tf_block *pblk = pol_nested(blk, "predefined_metric_specification");
    const tf_block *cblk = pol_nested(blk, "customized_metric_specification");
    const tf_block *dblk = pol_nested(cblk, "metric_dimension");
    const tf_block *mblk = pol_nested(cblk, "metrics");
    tf_objb b;
    tf_objb_init(&b, a, blk->ctype, NULL);
    tf_objb_bool(&b, "disable_scale_in", aws_xml_bool(tt, "DisableScaleIn", 0) == 1);
    tf_objb_set(&b, "target_value", pol_num_text(a, tt, "TargetValue"));
    const aws_xml_node *pm = aws_xml_child(tt, "PredefinedMetricSpecification");
    if (pm) {
        tf_objb pb;
        tf_objb_init(&pb, a, pblk->ctype, NULL);
        tf_objb_str(&pb, "predefined_metric_type", autoscaling_text(pm, "PredefinedMetricType"));
        tf_objb_str(&pb, "resource_label", autoscaling_text(pm, "ResourceLabel"));
        const tf_value *v = tf_objb_done(&pb);
        tf_objb_set(&b, "predefined_metric_specification", tf_list(a, pblk->ctype, 1, &v));
    } else {
        tf_objb_set(&b, "predefined_metric_specification", tf_list(a, pblk->ctype, 0, NULL));
    }
    const aws_xml_node *cm = aws_xml_child(tt, "CustomizedMetricSpecification");
    if (cm) {
        tf_objb cb;
        tf_objb_init(&cb, a, cblk->ctype, NULL);
        tf_objb_str(&cb, "metric_name", autoscaling_text(cm, "MetricName"));
        tf_objb_str(&cb, "namespace", autoscaling_text(cm, "Namespace"));
        tf_objb_str(&cb, "statistic", autoscaling_text(cm, "Statistic"));
        tf_objb_str(&cb, "unit", autoscaling_text(cm, "Unit"));
        tf_objb_i64(&cb, "period", aws_xml_int(cm, "Period", 0));
        size_t cap = 0;
        for (const aws_xml_node *d = aws_xml_first(cm, "Dimensions/member"); d;
             d = aws_xml_next(d))
            cap++;
        const tf_value **dims = tf_arena_calloc(a, cap + 1, sizeof *dims);
        size_t k = 0;
        for (const aws_xml_node *d = aws_xml_first(cm, "Dimensions/member"); d;
             d = aws_xml_next(d)) {
            tf_objb db;
            tf_objb_init(&db, a, dblk->ctype, NULL);
            tf_objb_str(&db, "name", autoscaling_text(d, "Name"));
            tf_objb_str(&db, "value", autoscaling_text(d, "Value"));
            dims[k++] = tf_objb_done(&db);
        }
        tf_objb_set(&cb, "metric_dimension", tf_list(a, dblk->ctype, k, dims));
        tf_objb_set(&cb, "metrics", pol_state_tt_metrics(a, cm, mblk));
        const tf_value *v = tf_objb_done(&cb);
        tf_objb_set(&b, "customized_metric_specification", tf_list(a, cblk->ctype, 1, &v));
    } else {
        tf_objb_set(&b, "customized_metric_specification", tf_list(a, cblk->ctype, 0, NULL));
    }
    const tf_value *v = tf_objb_done(&b);
    return tf_list(a, blk->ctype, 1, &v);
}

static const tf_value *pol_state(tf_ctx *ctx, const tf_value *base, const aws_xml_node *pol)
{
    tf_arena *a = ctx->arena;
    tf_objb b;
    tf_objb_init(&b, a, POL_SCHEMA.ctype, base);
    const char *name = autoscaling_text(pol, "PolicyName");
    tf_objb_str(&b, "id", name);
    tf_objb_str(&b, "name", name);
    tf_objb_str(&b, "arn", autoscaling_text(pol, "PolicyARN"));
    tf_objb_str(&b, "autoscaling_group_name", autoscaling_text(pol, "AutoScalingGroupName"));
    tf_objb_str(&b, "adjustment_type", autoscaling_text(pol, "AdjustmentType"));
    tf_objb_i64(&b, "cooldown", aws_xml_int(pol, "Cooldown", 0));
    tf_objb_bool(&b, "enabled", aws_xml_bool(pol, "Enabled", 0) == 1);
    tf_objb_i64(&b, "estimated_instance_warmup", aws_xml_int(pol, "EstimatedInstanceWarmup", 0));
    tf_objb_str(&b, "metric_aggregation_type", autoscaling_text(pol, "MetricAggregationType"));
    tf_objb_str(&b, "policy_type", autoscaling_text(pol, "PolicyType"));
    tf_objb_i64(&b, "min_adjustment_magnitude", aws_xml_int(pol, "MinAdjustmentMagnitude", 0));
    tf_objb_i64(&b, "scaling_adjustment", aws_xml_int(pol, "ScalingAdjustment", 0));
    tf_objb_set(&b, "step_adjustment", pol_flatten_steps(a, pol));
    tf_objb_set(&b, "target_tracking_configuration", pol_flatten_target(a, pol));
    tf_objb_set(&b, "predictive_scaling_configuration",
                pol_state_predictive(a, pol,
                                     pol_nested(&POL_SCHEMA, "predictive_scaling_configuration")));
    return tf_objb_done(&b);
}

static const tf_value *pol_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                   bool is_new)
{
    const char *group = tf_get_str(base, "autoscaling_group_name", "");
    const char *id = tf_get_str(base, "id", "");
    bool gone;
    aws_error err;
    const aws_xml_node *pol = pol_find(ctx, m, group, id, &gone, &err);
    if (pol)
        return pol_state(ctx, base, pol);
    if (gone && !is_new)
        return tf_null(ctx->arena, POL_SCHEMA.ctype);
    if (gone)
        aws_error_set(&err, AWS_ERR_RESPONSE, "", "the policy just made is not found");
    aws_diag(ctx, &err, "reading Auto Scaling Policy (%s)", id);
    return NULL;
}

/* ---- callbacks ---- */

static int pol_put(tf_ctx *ctx, const aws_meta *m, aws_params *p, aws_error *err)
{
    aws_create_once once = {.service = "autoscaling", .operation = "PutScalingPolicy"};
    aws_xml_node *out;
    const char *adopted;
    return aws_create_once_query(m->client, ctx->arena, ctx->stop, &once, p, &out, &adopted,
                                 err);
}

static const tf_value *pol_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    const char *name = tf_get_str(planned, "name", "");
    aws_params *p = pol_params(ctx, planned, "creating");
    if (!p)
        return NULL;
    aws_error err;
    if (pol_put(ctx, m, p, &err) != 0) {
        aws_diag(ctx, &err, "creating Auto Scaling Policy (%s)", name);
        return NULL;
    }
    const tf_value *state = tf_object_with(ctx->arena, planned, "id",
                                           tf_string(ctx->arena, name));
    const tf_value *st = pol_refresh(ctx, m, state, true);
    return st ? st : state;
}

static const tf_value *pol_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    return pol_refresh(ctx, m, state, false);
}

static const tf_value *pol_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    const char *id = tf_get_str(prior, "id", "");
    aws_params *p = pol_params(ctx, planned, "updating");
    if (!p)
        return prior;
    aws_error err;
    if (pol_put(ctx, m, p, &err) != 0) {
        aws_diag(ctx, &err, "updating Auto Scaling Policy (%s)", id);
        return prior;
    }
    const tf_value *st = pol_refresh(ctx, m, planned, true);
    return st ? st : planned;
}

static void pol_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    const char *id = tf_get_str(prior, "id", "");
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "AutoScalingGroupName", tf_get_str(prior, "autoscaling_group_name", ""));
    aws_params_add(p, "PolicyName", id);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "autoscaling", "DeletePolicy", p, &out,
                       &err) != 0 &&
        !(aws_error_is(&err, "ValidationError") && strstr(err.message, "not found")))
        aws_diag(ctx, &err, "deleting Auto Scaling Policy (%s)", id);
}

/* `<group name>/<policy name>`. */
static const tf_value *pol_import(tf_ctx *ctx, const char *id)
{
    tf_arena *a = ctx->arena;
    const char *slash = strchr(id, '/');
    if (!slash || slash == id || !slash[1]) {
        tf_diag_error(ctx->diags, NULL, "importing Auto Scaling Policy",
                      "unexpected format (\"%s\"), expected <asg-name>/<policy-name>", id);
        return NULL;
    }
    const char *group = tf_arena_printf(a, "%.*s", (int)(slash - id), id);
    tf_objb b;
    tf_objb_init(&b, a, POL_SCHEMA.ctype, NULL);
    tf_objb_str(&b, "id", slash + 1);
    tf_objb_str(&b, "name", slash + 1);
    tf_objb_str(&b, "autoscaling_group_name", group);
    return tf_objb_done(&b);
}

/* ---- definition ---- */

const tf_resource_def aws_autoscaling_policy_def = {
    .type_name = "aws_autoscaling_policy",
    .version = 0,
    .schema = &POL_SCHEMA,
    .create = pol_create,
    .read = pol_read,
    .update = pol_update,
    .delete = pol_delete,
    .import = pol_import,
};

/* autoscaling_policy_predictive.c - aws_autoscaling_policy's
 * predictive_scaling_configuration, sent and read back as hashicorp/aws
 * 5.100.0's expandPredictiveScalingConfig / flattenPredictiveScalingConfig
 * do: one metric specification (target value, predefined metric pair, load
 * or scaling metric, or customized metrics as metric data queries), the
 * mode and breach behaviour always, the two nullable buffers when set. */

#include "autoscaling_policy_predictive.h"

#include <stdlib.h>
#include <string.h>

#include "autoscaling_common.h"
#include "autoscaling_group_blocks.h"
#include "block_values.h"
#include "value_build.h"

static const tf_value *first(const tf_value *list)
{
    const tf_value *e = aws_block_first(list);
    return tf_is_known(e) ? e : NULL;
}

static const char *str_of(const tf_value *obj, const char *attr)
{
    const tf_value *v = obj ? tf_get(obj, attr) : NULL;
    return tf_is_known(v) ? v->u.str.ptr : "";
}

static const tf_block *sub(const tf_block *b, const char *name)
{
    const tf_nested_block *nb = tf_block_nested(b, name);
    return nb ? nb->block : NULL;
}

/* The predefined metric blocks: (block, AWS member). */
static const char *const predefined[][2] = {
    {"predefined_load_metric_specification", "PredefinedLoadMetricSpecification"},
    {"predefined_metric_pair_specification", "PredefinedMetricPairSpecification"},
    {"predefined_scaling_metric_specification", "PredefinedScalingMetricSpecification"},
};
static const char *const customized[][2] = {
    {"customized_capacity_metric_specification", "CustomizedCapacityMetricSpecification"},
    {"customized_load_metric_specification", "CustomizedLoadMetricSpecification"},
    {"customized_scaling_metric_specification", "CustomizedScalingMetricSpecification"},
};

/* expandMetricDataQueries (list "MetricDataQueries"), or
 * expandTargetTrackingMetricDataQueries (list "Metrics", with the metric
 * stat's period when set). */
static void param_queries(tf_arena *a, aws_params *p, const char *prefix, const char *list,
                          const tf_value *qs, bool period)
{
    for (size_t i = 0; tf_is_known(qs) && i < qs->u.coll.n; i++) {
        const tf_value *q = qs->u.coll.items[i];
        if (!tf_is_known(q))
            continue;
        const char *pre = aws_params_key(p, "%s.%s.member.%zu", prefix, list, i + 1);
        aws_params_add(p, aws_params_key(p, "%s.Id", pre), str_of(q, "id"));
        const tf_value *ms = first(tf_get(q, "metric_stat"));
        if (ms) {
            const tf_value *m = first(tf_get(ms, "metric"));
            const char *mp = aws_params_key(p, "%s.MetricStat.Metric", pre);
            aws_params_add(p, aws_params_key(p, "%s.MetricName", mp), str_of(m, "metric_name"));
            aws_params_add(p, aws_params_key(p, "%s.Namespace", mp), str_of(m, "namespace"));
            const tf_value *dims = m ? tf_get(m, "dimensions") : NULL;
            for (size_t k = 0; tf_is_known(dims) && k < dims->u.coll.n; k++) {
                const tf_value *d = dims->u.coll.items[k];
                aws_params_add(p, aws_params_key(p, "%s.Dimensions.member.%zu.Name", mp, k + 1),
                               str_of(d, "name"));
                aws_params_add(p, aws_params_key(p, "%s.Dimensions.member.%zu.Value", mp, k + 1),
                               str_of(d, "value"));
            }
            aws_params_add(p, aws_params_key(p, "%s.MetricStat.Stat", pre), str_of(ms, "stat"));
            if (*str_of(ms, "unit"))
                aws_params_add(p, aws_params_key(p, "%s.MetricStat.Unit", pre),
                               str_of(ms, "unit"));
            const tf_value *pv = tf_get(ms, "period");
            int64_t secs = 0;
            if (period && tf_is_known(pv) && tf_number_to_i64(pv, &secs) && secs != 0)
                aws_params_addf(p, aws_params_key(p, "%s.MetricStat.Period", pre), "%lld",
                                (long long)secs);
        }
        if (*str_of(q, "expression"))
            aws_params_add(p, aws_params_key(p, "%s.Expression", pre), str_of(q, "expression"));
        if (*str_of(q, "label"))
            aws_params_add(p, aws_params_key(p, "%s.Label", pre), str_of(q, "label"));
        const tf_value *rd = tf_get(q, "return_data");
        aws_params_add(p, aws_params_key(p, "%s.ReturnData", pre),
                       tf_is_known(rd) && !rd->u.b ? "false" : "true");
    }
    (void)a;
}

/* nullable.Int: "" is null, else the integer. */
static bool nullable_int(const char *s, long long *out)
{
    if (!*s)
        return false;
    char *end;
    *out = strtoll(s, &end, 10);
    return *end == '\0';
}

void pol_param_predictive(tf_arena *a, aws_params *p, const tf_value *cfg)
{
    const char *c = "PredictiveScalingConfiguration";
    const tf_value *spec = first(tf_get(cfg, "metric_specification"));
    if (spec) {
        const char *ms = aws_params_key(p, "%s.MetricSpecifications.member.1", c);
        const tf_value *tv = tf_get(spec, "target_value");
        aws_params_add(p, aws_params_key(p, "%s.TargetValue", ms),
                       tf_is_known(tv) ? tf_number_plain(a, tv) : "0");
        for (size_t i = 0; i < 3; i++) {
            const tf_value *cm = first(tf_get(spec, customized[i][0]));
            if (cm)
                param_queries(a, p, aws_params_key(p, "%s.%s", ms, customized[i][1]),
                              "MetricDataQueries", tf_get(cm, "metric_data_queries"), false);
            const tf_value *pm = first(tf_get(spec, predefined[i][0]));
            if (!pm)
                continue;
            aws_params_add(p, aws_params_key(p, "%s.%s.PredefinedMetricType", ms, predefined[i][1]),
                           str_of(pm, "predefined_metric_type"));
            if (*str_of(pm, "resource_label"))
                aws_params_add(p, aws_params_key(p, "%s.%s.ResourceLabel", ms, predefined[i][1]),
                               str_of(pm, "resource_label"));
        }
    }
    aws_params_add(p, aws_params_key(p, "%s.MaxCapacityBreachBehavior", c),
                   str_of(cfg, "max_capacity_breach_behavior"));
    aws_params_add(p, aws_params_key(p, "%s.Mode", c), str_of(cfg, "mode"));
    long long n;
    if (nullable_int(str_of(cfg, "max_capacity_buffer"), &n))
        aws_params_addf(p, aws_params_key(p, "%s.MaxCapacityBuffer", c), "%lld", n);
    if (nullable_int(str_of(cfg, "scheduling_buffer_time"), &n))
        aws_params_addf(p, aws_params_key(p, "%s.SchedulingBufferTime", c), "%lld", n);
}

/* ---- reading ---- */

static const tf_value *one(tf_arena *a, const tf_block *b, const tf_value *item)
{
    return tf_list(a, b->ctype, 1, &item);
}

static const tf_value *state_queries(tf_arena *a, const aws_xml_node *cm, const char *path,
                                     const tf_block *qb, bool set)
{
    size_t n = 0;
    for (const aws_xml_node *q = aws_xml_first(cm, path); q; q = aws_xml_next(q))
        n++;
    const tf_value **items = tf_arena_calloc(a, n + 1, sizeof *items);
    const tf_block *sb = sub(qb, "metric_stat");
    const tf_block *mb = sub(sb, "metric");
    const tf_block *db = sub(mb, "dimensions");
    n = 0;
    for (const aws_xml_node *q = aws_xml_first(cm, path); q; q = aws_xml_next(q)) {
        tf_objb b;
        tf_objb_init(&b, a, qb->ctype, NULL);
        tf_objb_str(&b, "id", autoscaling_text(q, "Id"));
        if (aws_xml_text(q, "Expression"))
            tf_objb_str(&b, "expression", aws_xml_text(q, "Expression"));
        if (aws_xml_text(q, "Label"))
            tf_objb_str(&b, "label", aws_xml_text(q, "Label"));
        const aws_xml_node *st = aws_xml_child(q, "MetricStat");
        if (st) {
            const aws_xml_node *m = aws_xml_child(st, "Metric");
            tf_objb mo;
            tf_objb_init(&mo, a, mb->ctype, NULL);
            size_t k = 0;
            for (const aws_xml_node *d = aws_xml_first(m, "Dimensions/member"); d;
                 d = aws_xml_next(d))
                k++;
            const tf_value **dims = tf_arena_calloc(a, k + 1, sizeof *dims);
            k = 0;
            for (const aws_xml_node *d = aws_xml_first(m, "Dimensions/member"); d;
                 d = aws_xml_next(d)) {
                tf_objb dob;
                tf_objb_init(&dob, a, db->ctype, NULL);
                tf_objb_str(&dob, "name", autoscaling_text(d, "Name"));
                tf_objb_str(&dob, "value", autoscaling_text(d, "Value"));
                dims[k++] = tf_objb_done(&dob);
            }
            tf_objb_set(&mo, "dimensions", tf_set(a, db->ctype, k, dims));
            tf_objb_str(&mo, "metric_name", autoscaling_text(m, "MetricName"));
            tf_objb_str(&mo, "namespace", autoscaling_text(m, "Namespace"));
            tf_objb so;
            tf_objb_init(&so, a, sb->ctype, NULL);
            tf_objb_set(&so, "metric", one(a, mb, tf_objb_done(&mo)));
            tf_objb_str(&so, "stat", autoscaling_text(st, "Stat"));
            if (aws_xml_text(st, "Unit"))
                tf_objb_str(&so, "unit", aws_xml_text(st, "Unit"));
            if (set && aws_xml_text(st, "Period"))
                tf_objb_i64(&so, "period", aws_xml_int(st, "Period", 0));
            tf_objb_set(&b, "metric_stat", one(a, sb, tf_objb_done(&so)));
        }
        if (aws_xml_text(q, "ReturnData"))
            tf_objb_bool(&b, "return_data", aws_xml_bool(q, "ReturnData", 0) == 1);
        items[n++] = tf_objb_done(&b);
    }
    return set ? tf_set(a, qb->ctype, n, items) : tf_list(a, qb->ctype, n, items);
}

const tf_value *pol_state_predictive(tf_arena *a, const aws_xml_node *pol, const tf_block *blk)
{
    const aws_xml_node *c = aws_xml_child(pol, "PredictiveScalingConfiguration");
    if (!c)
        return tf_list(a, blk->ctype, 0, NULL);
    tf_objb b;
    tf_objb_init(&b, a, blk->ctype, NULL);
    const tf_block *msb = sub(blk, "metric_specification");
    const aws_xml_node *ms = aws_xml_first(c, "MetricSpecifications/member");
    if (ms) {
        tf_objb mb;
        tf_objb_init(&mb, a, msb->ctype, NULL);
        const char *tv = aws_xml_text(ms, "TargetValue");
        if (tv)
            tf_objb_set(&mb, "target_value", tf_number_text(a, tv));
        for (size_t i = 0; i < 3; i++) {
            const aws_xml_node *cm = aws_xml_child(ms, customized[i][1]);
            const tf_block *cb = sub(msb, customized[i][0]);
            if (cm) {
                tf_objb co;
                tf_objb_init(&co, a, cb->ctype, NULL);
                tf_objb_set(&co, "metric_data_queries",
                            state_queries(a, cm, "MetricDataQueries/member",
                                          sub(cb, "metric_data_queries"), false));
                tf_objb_set(&mb, customized[i][0], one(a, cb, tf_objb_done(&co)));
            }
            const aws_xml_node *pm = aws_xml_child(ms, predefined[i][1]);
            const tf_block *pb = sub(msb, predefined[i][0]);
            if (pm) {
                tf_objb po;
                tf_objb_init(&po, a, pb->ctype, NULL);
                tf_objb_str(&po, "predefined_metric_type",
                            autoscaling_text(pm, "PredefinedMetricType"));
                tf_objb_str(&po, "resource_label", autoscaling_text(pm, "ResourceLabel"));
                tf_objb_set(&mb, predefined[i][0], one(a, pb, tf_objb_done(&po)));
            }
        }
        tf_objb_set(&b, "metric_specification", one(a, msb, tf_objb_done(&mb)));
    }
    tf_objb_str(&b, "mode", autoscaling_text(c, "Mode"));
    if (aws_xml_text(c, "SchedulingBufferTime"))
        tf_objb_str(&b, "scheduling_buffer_time", aws_xml_text(c, "SchedulingBufferTime"));
    tf_objb_str(&b, "max_capacity_breach_behavior",
                autoscaling_text(c, "MaxCapacityBreachBehavior"));
    if (aws_xml_text(c, "MaxCapacityBuffer"))
        tf_objb_str(&b, "max_capacity_buffer", aws_xml_text(c, "MaxCapacityBuffer"));
    return asg_zero_fill(a, one(a, blk, tf_objb_done(&b)));
}

/* ---- target tracking's metric math ---- */

void pol_param_tt_metrics(tf_arena *a, aws_params *p, const char *prefix, const tf_value *set)
{
    param_queries(a, p, prefix, "Metrics", set, true);
}

const tf_value *pol_state_tt_metrics(tf_arena *a, const aws_xml_node *cm, const tf_block *blk)
{
    return asg_zero_fill(a, state_queries(a, cm, "Metrics/member", blk, true));
}

/* metric_alarm.c - aws_cloudwatch_metric_alarm: a CloudWatch alarm on one
 * metric or on a metric math expression.
 *
 * The one idea: PutMetricAlarm is an upsert that replaces every setting of
 * the alarm, so create and update send the same complete request built
 * from the plan; only tags have calls of their own.  The alarm is known by
 * its name (id and import ID).
 *
 * Wire protocol: CloudWatch's 2026 model prefers smithy-rpc-v2-cbor, but
 * hashicorp/aws 5.100.0 (aws-sdk-go-v2 service/cloudwatch 1.45.1) speaks
 * awsQuery, and so does this provider (endpoints.c).
 *
 * hashicorp/aws: PutMetricAlarm with tags, then read through
 * DescribeAlarms (AlarmNames, AlarmTypes=MetricAlarm) and
 * ListTagsForResource; update = PutMetricAlarm when anything but tags
 * changed, then Tag/UntagResource; delete = DeleteAlarms, a missing alarm
 * being success.  treat_missing_data reads back as "missing" when AWS
 * omits it. */

#include <stdio.h>
#include <stdlib.h>
#include <regex.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "block_values.h"
#include "diagnostics.h"
#include "resources.h"
#include "tags.h"
#include "value_build.h"

/* ---- validators hashicorp's schema has and the table cannot say ---- */

/* validation.Any(IntInSlice(set), IntDivisibleBy(60)): both messages when
 * neither holds.  p: the int64 list, lo: its length. */
static void validate_period(const tf_validator *self, tf_vctx *ctx, const tf_value *v)
{
    int64_t n;
    if (!tf_number_to_i64(v, &n))
        return;
    const int64_t *allowed = self->p;
    char list[64] = "";
    size_t used = 0;
    for (int64_t i = 0; i < self->lo; i++) {
        if (allowed[i] == n)
            return;
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%lld", i ? " " : "",
                                 (long long)allowed[i]);
    }
    if (n % 60 == 0)
        return;
    const char *summary = tf_arena_printf(ctx->arena, "Invalid value for \"%s\"", ctx->attr);
    tf_diag_error(ctx->diags, ctx->path, summary, "expected %s to be one of [%s], got %lld",
                  ctx->attr, list, (long long)n);
    tf_diag_error(ctx->diags, ctx->path, summary, "expected %s to be divisible by 60, got: %lld",
                  ctx->attr, (long long)n);
}

/* verify.ValidARN or validEC2AutomateARN (arn:aws:automate:REGION:ec2:ACTION). */
static void validate_action_arn(const tf_validator *self, tf_vctx *ctx, const tf_value *v)
{
    (void)self;
    if (v->type->kind == TF_SET || v->type->kind == TF_LIST) {
        for (size_t i = 0; i < v->u.coll.n; i++) {
            const tf_value *e = v->u.coll.items[i];
            if (tf_is_known(e))
                validate_action_arn(self, ctx, e);
        }
        return;
    }
    const char *s = v->u.str.ptr;
    if (strncmp(s, "arn:", 4) == 0) {
        /* partition:service:region:account:resource, service and resource non-empty */
        const char *p = s + 4;
        int colons = 0;
        for (const char *q = p; *q; q++)
            colons += *q == ':';
        const char *svc = strchr(p, ':');
        if (colons >= 4 && svc && svc[1] != ':' && p[0] != ':' && s[strlen(s) - 1] != ':')
            return;
    }
    const char *summary = tf_arena_printf(ctx->arena, "Invalid value for \"%s\"", ctx->attr);
    tf_diag_error(ctx->diags, ctx->path, summary, "%s: invalid prefix", ctx->attr);
}

#define STAT_RE                                                                                \
    "^((p|(tm)|(wm)|(tc)|(ts))(([0-9]{1,2}(\\.[0-9]{1,2})?)|(100))|(IQM)|"                     \
    "(((TM)|(WM)|(PR)|(TC)|(TS))\\(([0-9]+(\\.[0-9]+)?%?)?:([0-9]+(\\.[0-9]+)?%?)?\\)))$"
#define STAT_MSG                                                                               \
    "invalid statistic, see: "                                                                 \
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Statistics-definitions.html"

static bool stat_regex_ok(const char *s)
{
    regex_t re;
    if (regcomp(&re, STAT_RE, REG_EXTENDED | REG_NOSUB) != 0)
        return false;
    bool ok = regexec(&re, s, 0, NULL, 0) == 0;
    regfree(&re);
    return ok;
}

/* metric.stat: validation.AnyDiag(enum Statistic, StringMatch(STAT_RE)). */
static void validate_stat(const tf_validator *self, tf_vctx *ctx, const tf_value *v)
{
    (void)self;
    static const char *const standard[] = {"SampleCount", "Average", "Sum", "Minimum",
                                           "Maximum", NULL};
    const char *s = v->u.str.ptr;
    for (const char *const *p = standard; *p; p++)
        if (strcmp(*p, s) == 0)
            return;
    if (stat_regex_ok(s))
        return;
    const char *summary = tf_arena_printf(ctx->arena, "Invalid value for \"%s\"", ctx->attr);
    tf_diag_error(ctx->diags, ctx->path, summary,
                  "expected %s to be one of [\"SampleCount\" \"Average\" \"Sum\" \"Minimum\" "
                  "\"Maximum\"], got %s", ctx->attr, s);
    tf_diag_error(ctx->diags, ctx->path, summary, "invalid value for %s (%s), got %s", ctx->attr,
                  STAT_MSG, s);
}

static const int64_t alarm_periods[] = {10, 20, 30};
static const int64_t query_periods[] = {1, 5, 10, 20, 30};

#define V_PERIOD(list)                                                                         \
    {validate_period, (list), sizeof(list) / sizeof((list)[0]), 0, NULL}

/* Checks the annotations of aws/schema/aws.schema cannot express. */
static const tf_validator alarm_period_checks[] = {V_PERIOD(alarm_periods), TF_V_END};
static const tf_validator query_period_checks[] = {V_PERIOD(query_periods), TF_V_END};
static const tf_validator action_checks[] = {{validate_action_arn, NULL, 0, 0, NULL}, TF_V_END};
static const tf_validator stat_checks[] = {{validate_stat, NULL, 0, 0, NULL}, TF_V_END};

/* The schema is hashicorp's, generated from aws/schema/aws.schema. */
#define alarm_schema aws_schema_resource_aws_cloudwatch_metric_alarm

static const tf_block *query_block(void)
{
    return tf_block_nested(&alarm_schema, "metric_query")->block;
}

static const tf_block *metric_block(void)
{
    return tf_block_nested(query_block(), "metric")->block;
}

/* ---- validation and planning ---- */

static bool known_nonempty(const tf_value *obj, const char *name)
{
    const tf_value *v = tf_get(obj, name);
    if (tf_is_unknown(v))
        return true;
    return tf_is_known(v) && v->type->kind == TF_STRING && v->u.str.len > 0;
}

static void alarm_validate(tf_ctx *ctx, const tf_value *config)
{
    tf_arena *a = ctx->arena;
    const tf_path *root = tf_path_root(a);
    /* SDKv2 MaxItems on the two action sets. */
    static const char *const limited[] = {"insufficient_data_actions", "ok_actions", NULL};
    for (const char *const *n = limited; *n; n++) {
        const tf_value *v = tf_get(config, *n);
        if (tf_is_known(v) && v->u.coll.n > 5)
            tf_diag_error(ctx->diags, tf_path_attr(a, root, *n), "Too many list items",
                          "Attribute %s supports 5 item maximum, but config has %zu declared.",
                          *n, v->u.coll.n);
    }
    static const char *const actions[] = {"alarm_actions", "insufficient_data_actions",
                                          "ok_actions", NULL};
    for (const char *const *n = actions; *n; n++)
        tf_validate_run(a, ctx->diags, tf_path_attr(a, root, *n), *n, action_checks,
                        tf_get(config, *n));
    tf_validate_run(a, ctx->diags, tf_path_attr(a, root, "period"), "period",
                    alarm_period_checks, tf_get(config, "period"));
    /* Elements of a set have no index: problems point at metric_query. */
    const tf_path *mq = tf_path_attr(a, root, "metric_query");
    const tf_value *qs = tf_get(config, "metric_query");
    for (size_t i = 0; tf_is_known(qs) && i < qs->u.coll.n; i++) {
        const tf_value *q = qs->u.coll.items[i];
        tf_validate_run(a, ctx->diags, mq, "period", query_period_checks, tf_get(q, "period"));
        const tf_value *ms = tf_get(q, "metric");
        for (size_t j = 0; tf_is_known(ms) && j < ms->u.coll.n; j++) {
            const tf_value *m = ms->u.coll.items[j];
            tf_validate_run(a, ctx->diags, mq, "period", query_period_checks,
                            tf_get(m, "period"));
            tf_validate_run(a, ctx->diags, mq, "stat", stat_checks, tf_get(m, "stat"));
        }
    }
}

/* hashicorp's CustomizeDiff, at plan time. */
static void alarm_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->planned))
        return;
    const tf_value *p = req->planned;
    bool metric = known_nonempty(p, "metric_name");
    bool stat = known_nonempty(p, "statistic");
    bool ext = known_nonempty(p, "extended_statistic");
    if (metric && stat == ext) {
        tf_diag_error(ctx->diags, NULL, "One of `statistic` or `extended_statistic` must be "
                      "set for a cloudwatch metric alarm", "%s", "");
        return;
    }
    const tf_value *qs = tf_get(p, "metric_query");
    for (size_t i = 0; tf_is_known(qs) && i < qs->u.coll.n; i++) {
        const tf_value *q = qs->u.coll.items[i];
        if (known_nonempty(q, "expression") && aws_block_len(tf_get(q, "metric")) > 0) {
            tf_diag_error(ctx->diags, NULL, "No metric_query may have both `expression` and a "
                          "`metric` specified", "%s", "");
            return;
        }
    }
    aws_tags_plan(ctx, req);
}

/* ---- AWS calls ---- */

static const char *num_text(tf_arena *a, const tf_value *v)
{
    return tf_is_known(v) ? tf_number_plain(a, v) : NULL;
}

static void put_dimensions(aws_params *p, const char *prefix, const tf_value *map)
{
    for (size_t i = 0; tf_is_known(map) && i < map->u.coll.n; i++) {
        aws_params_add(p, aws_params_key(p, "%s.member.%zu.Name", prefix, i + 1),
                       map->u.coll.keys[i]);
        const tf_value *v = map->u.coll.items[i];
        aws_params_add(p, aws_params_key(p, "%s.member.%zu.Value", prefix, i + 1),
                       tf_is_known(v) ? v->u.str.ptr : "");
    }
}

static void put_set(aws_params *p, const char *prefix, const tf_value *set)
{
    for (size_t i = 0; tf_is_known(set) && i < set->u.coll.n; i++)
        aws_params_add(p, aws_params_key(p, "%s.member.%zu", prefix, i + 1),
                       set->u.coll.items[i]->u.str.ptr);
}

static void put_str(aws_params *p, const char *name, const tf_value *obj, const char *attr)
{
    const char *s = tf_get_str(obj, attr, "");
    if (*s)
        aws_params_add(p, name, s);
}

/* expandPutMetricAlarmInput. */
static aws_params *alarm_params(tf_ctx *ctx, const tf_value *d, bool with_tags)
{
    tf_arena *a = ctx->arena;
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "AlarmName", tf_get_str(d, "alarm_name", ""));
    aws_params_add(p, "ComparisonOperator", tf_get_str(d, "comparison_operator", ""));
    aws_params_add(p, "EvaluationPeriods", num_text(a, tf_get(d, "evaluation_periods")));
    aws_params_add(p, "TreatMissingData", tf_get_str(d, "treat_missing_data", ""));
    aws_params_add(p, "ActionsEnabled",
                   tf_get_bool(d, "actions_enabled", true) ? "true" : "false");
    put_set(p, "AlarmActions", tf_get(d, "alarm_actions"));
    put_str(p, "AlarmDescription", d, "alarm_description");
    int64_t dta = tf_get_i64(d, "datapoints_to_alarm", 0);
    if (dta)
        aws_params_addf(p, "DatapointsToAlarm", "%lld", (long long)dta);
    put_dimensions(p, "Dimensions", tf_get(d, "dimensions"));
    put_str(p, "EvaluateLowSampleCountPercentile", d, "evaluate_low_sample_count_percentiles");
    put_str(p, "ExtendedStatistic", d, "extended_statistic");
    put_set(p, "InsufficientDataActions", tf_get(d, "insufficient_data_actions"));
    put_str(p, "MetricName", d, "metric_name");
    const tf_value *qs = tf_get(d, "metric_query");
    size_t nq = 0;
    for (size_t i = 0; tf_is_known(qs) && i < qs->u.coll.n; i++) {
        const tf_value *q = qs->u.coll.items[i];
        const char *id = tf_get_str(q, "id", "");
        if (!*id)
            continue;
        char pre[64];
        snprintf(pre, sizeof pre, "Metrics.member.%zu", ++nq);
        aws_params_add(p, aws_params_key(p, "%s.Id", pre), id);
        put_str(p, aws_params_key(p, "%s.AccountId", pre), q, "account_id");
        put_str(p, aws_params_key(p, "%s.Expression", pre), q, "expression");
        put_str(p, aws_params_key(p, "%s.Label", pre), q, "label");
        aws_params_add(p, aws_params_key(p, "%s.ReturnData", pre),
                       tf_get_bool(q, "return_data", false) ? "true" : "false");
        const tf_value *m = aws_block_get(q, "metric");
        if (m) {
            aws_params_add(p, aws_params_key(p, "%s.MetricStat.Metric.MetricName", pre),
                           tf_get_str(m, "metric_name", ""));
            aws_params_add(p, aws_params_key(p, "%s.MetricStat.Stat", pre),
                           tf_get_str(m, "stat", ""));
            put_dimensions(p, aws_params_key(p, "%s.MetricStat.Metric.Dimensions", pre),
                           tf_get(m, "dimensions"));
            put_str(p, aws_params_key(p, "%s.MetricStat.Metric.Namespace", pre), m, "namespace");
            aws_params_add(p, aws_params_key(p, "%s.MetricStat.Period", pre),
                           num_text(a, tf_get(m, "period")));
            put_str(p, aws_params_key(p, "%s.MetricStat.Unit", pre), m, "unit");
        }
        int64_t period = tf_get_i64(q, "period", 0);
        if (period)
            aws_params_addf(p, aws_params_key(p, "%s.Period", pre), "%lld", (long long)period);
    }
    put_str(p, "Namespace", d, "namespace");
    put_set(p, "OKActions", tf_get(d, "ok_actions"));
    int64_t period = tf_get_i64(d, "period", 0);
    if (period)
        aws_params_addf(p, "Period", "%lld", (long long)period);
    put_str(p, "Statistic", d, "statistic");
    if (*tf_get_str(d, "threshold_metric_id", "")) {
        put_str(p, "ThresholdMetricId", d, "threshold_metric_id");
    } else {
        const tf_value *t = tf_get(d, "threshold");
        aws_params_add(p, "Threshold", tf_is_known(t) ? tf_number_plain(a, t) : "0");
    }
    put_str(p, "Unit", d, "unit");
    if (with_tags) {
        size_t n_tags;
        aws_kv *tags = aws_tags_from_map(a, tf_get(d, "tags_all"), &n_tags);
        aws_params_tags(p, AWS_LIST_MEMBER, "Tags", tags, n_tags);
    }
    return p;
}

/* findMetricAlarmByName: 1 found, 0 gone, -1 error. */
static int alarm_find(tf_ctx *ctx, const aws_meta *m, const char *name,
                      const aws_xml_node **alarm, aws_error *err)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "AlarmNames.member.1", name);
    aws_params_add(p, "AlarmTypes.member.1", "MetricAlarm");
    aws_xml_node *out;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "cloudwatch", "DescribeAlarms", p, &out,
                       err) != 0)
        return -1;
    *alarm = NULL;
    for (const aws_xml_node *a = aws_xml_first(out, "MetricAlarms/member"); a;
         a = aws_xml_next(a)) {
        if (*alarm) {
            aws_error_set(err, AWS_ERR_RESPONSE, "", "too many results: wanted 1, got more");
            return -1;
        }
        *alarm = a;
    }
    return *alarm ? 1 : 0;
}

static const tf_value *xml_string_list(tf_arena *a, const aws_xml_node *n, const char *path)
{
    size_t cnt = 0;
    for (const aws_xml_node *e = aws_xml_first(n, path); e; e = aws_xml_next(e))
        cnt++;
    const char **items = tf_arena_calloc(a, cnt + 1, sizeof *items);
    size_t i = 0;
    for (const aws_xml_node *e = aws_xml_first(n, path); e; e = aws_xml_next(e))
        items[i++] = e->text;
    return tf_string_list(a, items, cnt);
}

static const tf_value *xml_dimensions(tf_arena *a, const aws_xml_node *n, const char *path)
{
    size_t cnt = 0;
    for (const aws_xml_node *e = aws_xml_first(n, path); e; e = aws_xml_next(e))
        cnt++;
    const char **keys = tf_arena_calloc(a, cnt + 1, sizeof *keys);
    const char **vals = tf_arena_calloc(a, cnt + 1, sizeof *vals);
    size_t i = 0;
    for (const aws_xml_node *e = aws_xml_first(n, path); e; e = aws_xml_next(e)) {
        const char *k = aws_xml_text(e, "Name"), *v = aws_xml_text(e, "Value");
        keys[i] = k ? k : "";
        vals[i++] = v ? v : "";
    }
    return tf_string_map(a, keys, vals, cnt);
}

static const char *xml_str(const aws_xml_node *n, const char *path)
{
    const char *s = aws_xml_text(n, path);
    return s ? s : "";
}

static const tf_value *metric_queries_state(tf_arena *a, const aws_xml_node *alarm)
{
    size_t cnt = 0;
    for (const aws_xml_node *q = aws_xml_first(alarm, "Metrics/member"); q; q = aws_xml_next(q))
        cnt++;
    const tf_value **items = tf_arena_calloc(a, cnt + 1, sizeof *items);
    size_t i = 0;
    for (const aws_xml_node *q = aws_xml_first(alarm, "Metrics/member"); q; q = aws_xml_next(q)) {
        tf_objb b;
        tf_objb_init(&b, a, query_block()->ctype, NULL);
        tf_objb_str(&b, "account_id", xml_str(q, "AccountId"));
        tf_objb_str(&b, "expression", xml_str(q, "Expression"));
        tf_objb_str(&b, "id", xml_str(q, "Id"));
        tf_objb_str(&b, "label", xml_str(q, "Label"));
        tf_objb_bool(&b, "return_data", aws_xml_bool(q, "ReturnData", 0));
        if (aws_xml_text(q, "Period"))
            tf_objb_i64(&b, "period", aws_xml_int(q, "Period", 0));
        const aws_xml_node *ms = aws_xml_child(q, "MetricStat");
        const tf_value *mv = NULL;
        if (ms) {
            tf_objb mb;
            tf_objb_init(&mb, a, metric_block()->ctype, NULL);
            tf_objb_i64(&mb, "period", aws_xml_int(ms, "Period", 0));
            tf_objb_str(&mb, "stat", xml_str(ms, "Stat"));
            tf_objb_str(&mb, "unit", xml_str(ms, "Unit"));
            const aws_xml_node *met = aws_xml_child(ms, "Metric");
            if (met) {
                tf_objb_set(&mb, "dimensions", xml_dimensions(a, met, "Dimensions/member"));
                tf_objb_str(&mb, "metric_name", xml_str(met, "MetricName"));
                tf_objb_str(&mb, "namespace", xml_str(met, "Namespace"));
            }
            mv = tf_objb_done(&mb);
        }
        tf_objb_set(&b, "metric", aws_block_list(a, metric_block(), mv));
        items[i++] = tf_objb_done(&b);
    }
    return tf_set(a, query_block()->ctype, cnt, items);
}

static const tf_value *alarm_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base)
{
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(base, "id", "");
    const aws_xml_node *al;
    aws_error err;
    int rc = alarm_find(ctx, m, id, &al, &err);
    if (rc < 0) {
        aws_diag(ctx, &err, "reading CloudWatch Metric Alarm (%s)", id);
        return NULL;
    }
    if (rc == 0)
        return tf_null(a, alarm_schema.ctype);
    tf_objb b;
    tf_objb_init(&b, a, alarm_schema.ctype, base);
    const char *arn = xml_str(al, "AlarmArn");
    tf_objb_str(&b, "id", xml_str(al, "AlarmName"));
    tf_objb_bool(&b, "actions_enabled", aws_xml_bool(al, "ActionsEnabled", 0));
    tf_objb_set(&b, "alarm_actions", xml_string_list(a, al, "AlarmActions/member"));
    tf_objb_str(&b, "alarm_description", xml_str(al, "AlarmDescription"));
    tf_objb_str(&b, "alarm_name", xml_str(al, "AlarmName"));
    tf_objb_str(&b, "arn", arn);
    tf_objb_str(&b, "comparison_operator", xml_str(al, "ComparisonOperator"));
    tf_objb_i64(&b, "datapoints_to_alarm", aws_xml_int(al, "DatapointsToAlarm", 0));
    tf_objb_set(&b, "dimensions", xml_dimensions(a, al, "Dimensions/member"));
    tf_objb_str(&b, "evaluate_low_sample_count_percentiles",
                xml_str(al, "EvaluateLowSampleCountPercentile"));
    tf_objb_i64(&b, "evaluation_periods", aws_xml_int(al, "EvaluationPeriods", 0));
    tf_objb_str(&b, "extended_statistic", xml_str(al, "ExtendedStatistic"));
    tf_objb_set(&b, "insufficient_data_actions",
                xml_string_list(a, al, "InsufficientDataActions/member"));
    tf_objb_str(&b, "metric_name", xml_str(al, "MetricName"));
    if (aws_xml_first(al, "Metrics/member"))
        tf_objb_set(&b, "metric_query", metric_queries_state(a, al));
    tf_objb_str(&b, "namespace", xml_str(al, "Namespace"));
    tf_objb_set(&b, "ok_actions", xml_string_list(a, al, "OKActions/member"));
    tf_objb_i64(&b, "period", aws_xml_int(al, "Period", 0));
    tf_objb_str(&b, "statistic", xml_str(al, "Statistic"));
    const char *th = aws_xml_text(al, "Threshold");
    tf_objb_set(&b, "threshold", tf_number_double(a, th ? strtod(th, NULL) : 0));
    tf_objb_str(&b, "threshold_metric_id", xml_str(al, "ThresholdMetricId"));
    const char *tmd = aws_xml_text(al, "TreatMissingData");
    tf_objb_str(&b, "treat_missing_data", tmd ? tmd : "missing");
    tf_objb_str(&b, "unit", xml_str(al, "Unit"));

    aws_params *p = aws_params_new(a);
    aws_params_add(p, "ResourceARN", arn);
    aws_xml_node *out;
    if (aws_query_call(m->client, a, ctx->stop, "cloudwatch", "ListTagsForResource", p, &out,
                       &err) != 0) {
        aws_diag(ctx, &err, "listing tags for CloudWatch Metric Alarm (%s)", arn);
        return NULL;
    }
    size_t n = 0;
    for (const aws_xml_node *t = aws_xml_first(out, "Tags/member"); t; t = aws_xml_next(t))
        n++;
    aws_kv *kv = tf_arena_calloc(a, n + 1, sizeof *kv);
    size_t i = 0;
    for (const aws_xml_node *t = aws_xml_first(out, "Tags/member"); t; t = aws_xml_next(t)) {
        kv[i].key = xml_str(t, "Key");
        kv[i++].value = xml_str(t, "Value");
    }
    aws_tags_set_state(&b, m, kv, n, tf_get(base, "tags"));
    return tf_objb_done(&b);
}

static int alarm_put(tf_ctx *ctx, const aws_meta *m, const tf_value *d, bool with_tags,
                     const char *what)
{
    aws_params *p = alarm_params(ctx, d, with_tags);
    aws_create_once once = {.service = "cloudwatch", .operation = "PutMetricAlarm"};
    aws_xml_node *out;
    const char *adopted;
    aws_error err;
    if (aws_create_once_query(m->client, ctx->arena, ctx->stop, &once, p, &out, &adopted,
                              &err) != 0) {
        aws_diag(ctx, &err, "%s CloudWatch Metric Alarm (%s)", what,
                 tf_get_str(d, "alarm_name", ""));
        return -1;
    }
    return 0;
}

static const tf_value *alarm_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    if (alarm_put(ctx, m, planned, true, "creating") != 0)
        return NULL;
    const char *name = tf_get_str(planned, "alarm_name", "");
    const tf_value *state = tf_object_with(a, planned, "id", tf_string(a, name));
    const tf_value *r = alarm_refresh(ctx, m, state);
    if (r && tf_is_null(r)) {
        aws_error err;
        aws_error_set(&err, AWS_ERR_API, "ResourceNotFound", "alarm %s not found after create",
                      name);
        aws_diag(ctx, &err, "reading CloudWatch Metric Alarm (%s)", name);
        return state;
    }
    return r ? r : state;
}

static const tf_value *alarm_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    return m ? alarm_refresh(ctx, m, state) : NULL;
}

/* Whether anything but tags differs between two states. */
static bool alarm_settings_changed(const tf_value *prior, const tf_value *planned)
{
    for (size_t i = 0; alarm_schema.attrs[i].name; i++) {
        const char *n = alarm_schema.attrs[i].name;
        if (strcmp(n, "tags") == 0 || strcmp(n, "tags_all") == 0)
            continue;
        if (!tf_value_equal(tf_get(prior, n), tf_get(planned, n)))
            return true;
    }
    return !tf_value_equal(tf_get(prior, "metric_query"), tf_get(planned, "metric_query"));
}

static const tf_value *alarm_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    if (alarm_settings_changed(prior, planned) && alarm_put(ctx, m, planned, false, "updating"))
        return prior;
    const char **remove;
    aws_kv *set;
    size_t n_remove, n_set;
    aws_tags_diff(a, tf_get(prior, "tags_all"), tf_get(planned, "tags_all"), &remove, &n_remove,
                  &set, &n_set);
    const char *arn = tf_get_str(prior, "arn", "");
    aws_xml_node *out;
    aws_error err;
    int rc = 0;
    if (n_remove) {
        aws_params *p = aws_params_new(a);
        aws_params_add(p, "ResourceARN", arn);
        aws_params_list(p, AWS_LIST_MEMBER, "TagKeys", remove, n_remove);
        rc = aws_query_call(m->client, a, ctx->stop, "cloudwatch", "UntagResource", p, &out,
                            &err);
    }
    if (rc == 0 && n_set) {
        aws_params *p = aws_params_new(a);
        aws_params_add(p, "ResourceARN", arn);
        aws_params_tags(p, AWS_LIST_MEMBER, "Tags", set, n_set);
        rc = aws_query_call(m->client, a, ctx->stop, "cloudwatch", "TagResource", p, &out, &err);
    }
    if (rc != 0) {
        aws_diag(ctx, &err, "updating tags of CloudWatch Metric Alarm (%s)", arn);
        return planned;
    }
    const tf_value *r = alarm_refresh(ctx, m, planned);
    return r && !tf_is_null(r) ? r : planned;
}

static void alarm_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    const char *id = tf_get_str(prior, "id", "");
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "AlarmNames.member.1", id);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "cloudwatch", "DeleteAlarms", p, &out,
                       &err) != 0 &&
        !aws_error_is(&err, "ResourceNotFound") &&
        !aws_error_is(&err, "ResourceNotFoundException"))
        aws_diag(ctx, &err, "deleting CloudWatch Metric Alarm (%s)", id);
}

/* ---- definition ---- */

const tf_resource_def aws_cloudwatch_metric_alarm_def = {
    .type_name = "aws_cloudwatch_metric_alarm",
    .version = 1,
    .schema = &alarm_schema,
    .validate = alarm_validate,
    .modify_plan = alarm_modify_plan,
    .create = alarm_create,
    .read = alarm_read,
    .update = alarm_update,
    .delete = alarm_delete,
};

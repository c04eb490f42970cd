/* autoscaling_group.c - aws_autoscaling_group: a fleet of EC2 instances kept
 * between a minimum and a maximum size.
 *
 * The schema is generated from aws/schema/aws.schema. */

#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "autoscaling_common.h"
#include "autoscaling_group_blocks.h"
#include "aws_schema_gen.h"
#include "block_values.h"
#include "diagnostics.h"
#include "duration.h"
#include "names.h"
#include "plan_suppress.h"
#include "provider_meta.h"
#include "resources.h"
#include "schema_block.h"
#include "tags.h"
#include "value_build.h"

/* The generated schema table (aws/schema/aws.schema). */
#define ASG_SCHEMA (&aws_schema_resource_aws_autoscaling_group)

/* The nested block at path of the schema. */
static const tf_block *asg_block(const char *path)
{
    return aws_schema_block(ASG_SCHEMA, path);
}

/* ---- validation ---- */

static const tf_path *asg_path(tf_ctx *ctx, const char *block, const char *attr)
{
    const tf_path *p = tf_path_attr(ctx->arena, tf_path_root(ctx->arena), block);
    return tf_path_attr(ctx->arena, tf_path_index(ctx->arena, p, 0), attr);
}

/* max_healthy_percentage: 100..200, or -1 to clear the policy. */
static void asg_validate_maintenance(tf_ctx *ctx, const tf_value *config)
{
    const tf_value *policy = aws_block_get(config, "instance_maintenance_policy");
    if (!policy)
        return;
    const tf_value *v = tf_get(policy, "max_healthy_percentage");
    int64_t n;
    if (!tf_is_known(v) || !tf_number_to_i64(v, &n) || n == -1 || (n >= 100 && n <= 200))
        return;
    tf_diag_error(ctx->diags,
                  asg_path(ctx, "instance_maintenance_policy", "max_healthy_percentage"),
                  "Invalid value for \"max_healthy_percentage\"",
                  "expected instance_maintenance_policy.0.max_healthy_percentage to be -1 or in "
                  "the range (100 - 200), got %lld", (long long)n);
}

/* instance_refresh.triggers names arguments of this resource whose change
 * starts an instance refresh. */
static void asg_validate_trigger(tf_ctx *ctx, const tf_path *at, const char *name)
{
    if (strcmp(name, "launch_configuration") == 0 || strcmp(name, "launch_template") == 0 ||
        strcmp(name, "mixed_instances_policy") == 0) {
        tf_diag_warn(ctx->diags, at,
                     tf_arena_printf(ctx->arena, "'%s' always triggers an instance refresh and "
                                     "can be removed", name), "%s",
                     "Changes to the launch configuration or template always start a refresh.");
        return;
    }
    const tf_attribute *attr = tf_block_attr(ASG_SCHEMA, name);
    bool block = strcmp(name, "timeouts") != 0 && tf_block_nested(ASG_SCHEMA, name);
    if (attr && strcmp(name, "id") != 0) {
        if ((attr->flags & TF_COMPUTED) && !(attr->flags & TF_OPTIONAL))
            tf_diag_error(ctx->diags, at, "Invalid value for \"triggers\"",
                          "'%s' is a read-only parameter and cannot be used to trigger an "
                          "instance refresh", name);
        return;
    }
    if (!block)
        tf_diag_error(ctx->diags, at, "Invalid value for \"triggers\"",
                      "'%s' is not a recognized parameter name for aws_autoscaling_group", name);
}

static void asg_validate_triggers(tf_ctx *ctx, const tf_value *config)
{
    const tf_value *refresh = aws_block_get(config, "instance_refresh");
    if (!refresh)
        return;
    const tf_value *triggers = tf_get(refresh, "triggers");
    if (!tf_is_known(triggers))
        return;
    const tf_path *at = asg_path(ctx, "instance_refresh", "triggers");
    for (size_t i = 0; i < triggers->u.coll.n; i++) {
        const tf_value *t = triggers->u.coll.items[i];
        if (tf_is_known(t))
            asg_validate_trigger(ctx, at, t->u.str.ptr);
    }
}

/* allowed_instance_types and excluded_instance_types hold at most 400
 * entries (a list limit the SDK enforces, not Terraform). */
static void asg_validate_instance_types(tf_ctx *ctx, const tf_value *config)
{
    const tf_value *mip = aws_block_get(config, "mixed_instances_policy");
    const tf_value *lt = mip ? aws_block_get(mip, "launch_template") : NULL;
    const tf_value *overrides = lt ? tf_get(lt, "override") : NULL;
    if (!tf_is_known(overrides))
        return;
    const tf_path *base = tf_path_attr(ctx->arena, tf_path_root(ctx->arena), "mixed_instances_polic"
        "y");
    base = tf_path_attr(ctx->arena, tf_path_index(ctx->arena, base, 0), "launch_template");
    base = tf_path_attr(ctx->arena, tf_path_index(ctx->arena, base, 0), "override");
    static const char *const lists[] = {"allowed_instance_types", "excluded_instance_types", NULL};
    for (size_t i = 0; i < overrides->u.coll.n; i++) {
        const tf_value *req = aws_block_get(overrides->u.coll.items[i], "instance_requirements");
        if (!req)
            continue;
        for (size_t k = 0; lists[k]; k++) {
            const tf_value *v = tf_get(req, lists[k]);
            if (!tf_is_known(v) || v->u.coll.n <= 400)
                continue;
            const tf_path *p = tf_path_index(ctx->arena, base, (int64_t)i);
            p = tf_path_attr(ctx->arena, p, "instance_requirements");
            p = tf_path_attr(ctx->arena, tf_path_index(ctx->arena, p, 0), lists[k]);
            tf_diag_error(ctx->diags, p, "Too many list items",
                          "Attribute %s supports 400 item maximum, but config has %zu declared.",
                          lists[k], v->u.coll.n);
        }
    }
}

static void autoscaling_group_validate(tf_ctx *ctx, const tf_value *config)
{
    asg_validate_maintenance(ctx, config);
    asg_validate_triggers(ctx, config);
    asg_validate_instance_types(ctx, config);
}

/* ---- planning ----
 *
 * hashicorp/aws's CustomizeDiff marks the launch template id as the literal
 * "unknown" when the template is chosen by a new name (so that the id is
 * looked up again), and its DiffSuppressFunc ignores a new maintenance
 * policy that holds the -1 ("no policy") percentages. */

/* obj with field set to v in the first element of the chain of list
 * blocks path (n names); obj unchanged when a link is missing. */
static const tf_value *asg_set_first(tf_arena *a, const tf_value *obj, const char *const *path,
                                     size_t n, const char *field, const tf_value *v)
{
    if (n == 0)
        return tf_object_with(a, obj, field, v);
    const tf_value *e = aws_block_get(obj, path[0]);
    if (!e)
        return obj;
    const tf_value *l = tf_get(obj, path[0]);
    size_t len = l->u.coll.n;
    const tf_value **items = tf_arena_calloc(a, len, sizeof *items);
    for (size_t i = 0; i < len; i++)
        items[i] = l->u.coll.items[i];
    items[0] = asg_set_first(a, e, path + 1, n - 1, field, v);
    return tf_object_with(a, obj, path[0], tf_list(a, l->type->elem, len, items));
}

static const tf_value *asg_get_first(const tf_value *obj, const char *const *path, size_t n,
                                     const char *field)
{
    for (size_t i = 0; i < n && obj; i++)
        obj = aws_block_get(obj, path[i]);
    return obj ? tf_get(obj, field) : NULL;
}

/* SDKv2's HasChange on a string, where unknown reads as "". */
static bool asg_str_changed(const tf_value *old, const tf_value *new)
{
    const char *o = tf_is_known(old) ? old->u.str.ptr : "";
    const char *n = tf_is_known(new) ? new->u.str.ptr : "";
    return strcmp(o, n) != 0;
}

/* launchTemplateCustomDiff for one launch template reference; returns
 * whether the name changed. */
static bool asg_plan_template_id(tf_ctx *ctx, tf_plan_req *req, const char *const *path,
                                 size_t n, const char *name_field, const char *id_field)
{
    const tf_value *name = asg_get_first(req->planned, path, n, name_field);
    if (!name || !asg_str_changed(asg_get_first(req->prior, path, n, name_field), name))
        return false;
    req->planned = asg_set_first(ctx->arena, req->planned, path, n, id_field,
                                 tf_string(ctx->arena, "unknown"));
    return true;
}

/* The same CustomizeDiff sets the whole mixed_instances_policy anew when
 * its template name or overrides change, which makes an absent
 * instances_distribution block empty rather than unknown. */
static void asg_plan_mixed_policy(tf_ctx *ctx, tf_plan_req *req)
{
    static const char *const spec[] = {"mixed_instances_policy", "launch_template",
                                       "launch_template_specification"};
    static const char *const tmpl[] = {"mixed_instances_policy", "launch_template"};
    bool changed = asg_plan_template_id(ctx, req, spec, 3, "launch_template_name",
                                        "launch_template_id");
    const tf_value *o = asg_get_first(req->prior, tmpl, 2, "override");
    const tf_value *nw = asg_get_first(req->planned, tmpl, 2, "override");
    size_t on = tf_is_known(o) ? o->u.coll.n : 0, nn = tf_is_known(nw) ? nw->u.coll.n : 0;
    if (nw && (on || nn) && (!tf_is_known(o) || !tf_is_known(nw) || !tf_value_equal(o, nw)))
        changed = true;
    const tf_value *mip = aws_block_get(req->planned, "mixed_instances_policy");
    const tf_value *dist = mip ? tf_get(mip, "instances_distribution") : NULL;
    if (changed && tf_is_unknown(dist))
        req->planned = asg_set_first(ctx->arena, req->planned, spec, 1, "instances_distribution",
                                     tf_list(ctx->arena, dist->type->elem, 0, NULL));
}

static void asg_plan_maintenance(tf_ctx *ctx, tf_plan_req *req)
{
    const tf_value *prior = tf_get(req->prior, "instance_maintenance_policy");
    const tf_value *e = aws_block_get(req->planned, "instance_maintenance_policy");
    if ((tf_is_known(prior) && prior->u.coll.n > 0) || !e)
        return;
    if (tf_get_i64(e, "min_healthy_percentage", 0) == -1 ||
        tf_get_i64(e, "max_healthy_percentage", 0) == -1)
        aws_plan_suppress(ctx, req, ASG_SCHEMA, "instance_maintenance_policy");
}

/* SDKv2 plans the zero value for a number or bool left out of a nested
 * block (instance_requirements' bounds and flags), and for the numbers of
 * instances_distribution it would otherwise leave to AWS. */
static const tf_value *asg_plan_zero_prims(tf_arena *a, const tf_value *v, bool unknown_too)
{
    if (!tf_is_known(v))
        return v;
    const tf_type *t = v->type;
    if ((t->kind == TF_LIST || t->kind == TF_SET) && t->elem->kind == TF_OBJECT) {
        const tf_value **items = tf_arena_calloc(a, v->u.coll.n + 1, sizeof *items);
        for (size_t i = 0; i < v->u.coll.n; i++)
            items[i] = asg_plan_zero_prims(a, v->u.coll.items[i], unknown_too);
        return t->kind == TF_LIST ? tf_list(a, t->elem, v->u.coll.n, items)
                                  : tf_set(a, t->elem, v->u.coll.n, items);
    }
    if (t->kind != TF_OBJECT)
        return v;
    tf_objb b;
    tf_objb_init(&b, a, t, v);
    for (size_t i = 0; i < t->n; i++) {
        const tf_value *x = v->u.coll.items[i];
        bool empty = tf_is_null(x) || (unknown_too && tf_is_unknown(x));
        if (empty && t->types[i]->kind == TF_NUMBER)
            tf_objb_i64(&b, t->names[i], 0);
        else if (empty && t->types[i]->kind == TF_BOOL)
            tf_objb_bool(&b, t->names[i], false);
        else
            tf_objb_set(&b, t->names[i], asg_plan_zero_prims(
                                             a, x, strcmp(t->names[i], "instances_distribution") == 0));
    }
    return tf_objb_done(&b);
}

/* An imported group holds null for the arguments that live only in
 * Terraform; SDKv2 plans their defaults when it plans any change of the
 * group (and leaves them null otherwise). */
static void asg_plan_import_defaults(tf_ctx *ctx, tf_plan_req *req)
{
    static const char *const flags[] = {"force_delete", "force_delete_warm_pool",
                                        "ignore_failed_scaling_activities"};
    if (tf_is_null(req->prior) || tf_value_equal(req->prior, req->planned))
        return;
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++)
        if (tf_is_null(tf_get(req->planned, flags[i])))
            req->planned = tf_object_with(ctx->arena, req->planned, flags[i],
                                          tf_bool(ctx->arena, false));
}

static void asg_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    static const char *const lt[] = {"launch_template"};
    if (tf_is_null(req->planned))
        return;
    req->planned = tf_object_with(ctx->arena, req->planned, "mixed_instances_policy",
                                  asg_plan_zero_prims(ctx->arena,
                                                      tf_get(req->planned,
                                                             "mixed_instances_policy"),
                                                      false));
    asg_plan_template_id(ctx, req, lt, 1, "name", "id");
    asg_plan_mixed_policy(ctx, req);
    asg_plan_maintenance(ctx, req);
    asg_plan_import_defaults(ctx, req);
}

/* ---- create / read / update / delete ----
 *
 * The group is driven with the Auto Scaling query API.  Capacity waits
 * follow hashicorp/aws (group_waiting.go): enough InService, Healthy
 * instances for max(min_size, desired_capacity), failing early on a failed
 * scaling activity unless ignore_failed_scaling_activities. */

#define ASG_UPDATE_S (10 * 60.0)  /* timeouts.update default */
#define ASG_DELETE_S (10 * 60.0)  /* timeouts.delete default */
#define ASG_CREATE_RETRY_S (2 * 60.0)

/* The group, or NULL: *gone when AWS does not know it, else err. */
static const aws_xml_node *asg_find(tf_ctx *ctx, aws_client *c, const char *name, bool *gone,
                                    aws_error *err)
{
    return autoscaling_find(ctx, c, "AutoScalingGroup", name, gone, err);
}

/* Texts at path/member (or path/member/field) as a C array. */
static const char **asg_members(tf_arena *a, const aws_xml_node *n, const char *path,
                                const char *field, size_t *count)
{
    size_t k = 0;
    for (const aws_xml_node *m = aws_xml_first(n, path); m; m = aws_xml_next(m))
        k++;
    const char **out = tf_arena_calloc(a, k + 1, sizeof *out);
    k = 0;
    for (const aws_xml_node *m = aws_xml_first(n, path); m; m = aws_xml_next(m))
        out[k++] = field ? autoscaling_text(m, field) : m->text;
    *count = k;
    return out;
}


static const tf_value *asg_state_tags(tf_arena *a, const aws_meta *m, const aws_xml_node *g)
{
    size_t k = 0;
    for (const aws_xml_node *t = aws_xml_first(g, "Tags/member"); t; t = aws_xml_next(t))
        k++;
    const tf_value **items = tf_arena_calloc(a, k + 1, sizeof *items);
    k = 0;
    for (const aws_xml_node *t = aws_xml_first(g, "Tags/member"); t; t = aws_xml_next(t)) {
        const char *key = autoscaling_text(t, "Key");
        if (strncmp(key, "aws:", 4) == 0 || aws_tags_ignored(m, key))
            continue;
        tf_objb b;
        tf_objb_init(&b, a, asg_block("tag")->ctype, NULL);
        tf_objb_str(&b, "key", key);
        tf_objb_str(&b, "value", autoscaling_text(t, "Value"));
        tf_objb_bool(&b, "propagate_at_launch", aws_xml_bool(t, "PropagateAtLaunch", 0));
        items[k++] = tf_objb_done(&b);
    }
    return tf_set(a, asg_block("tag")->ctype, k, items);
}

/* launch_template as hashicorp's flattenLaunchTemplateSpecification: what
 * DescribeAutoScalingGroups answers (AWS gives both id and name). */
static const tf_value *asg_state_launch_template(tf_arena *a, const aws_xml_node *g,
                                                 const tf_type *ctype)
{
    const aws_xml_node *lt = aws_xml_child(g, "LaunchTemplate");
    if (!lt)
        return tf_list(a, ctype, 0, NULL);
    tf_objb b;
    tf_objb_init(&b, a, ctype, NULL);
    tf_objb_str(&b, "id", autoscaling_text(lt, "LaunchTemplateId"));
    tf_objb_str(&b, "name", autoscaling_text(lt, "LaunchTemplateName"));
    tf_objb_str(&b, "version", autoscaling_text(lt, "Version"));
    const tf_value *item = tf_objb_done(&b);
    return tf_list(a, ctype, 1, &item);
}

/* LaunchTemplate.* of a create or update (hashicorp's
 * expandLaunchTemplateSpecification): the id when known, else the name
 * (AWS refuses both), and the version when set. */
static void asg_param_launch_template(aws_params *p, const tf_value *planned)
{
    const tf_value *l = tf_get(planned, "launch_template");
    if (!tf_is_known(l) || l->u.coll.n == 0 || !tf_is_known(l->u.coll.items[0]))
        return;
    const tf_value *lt = l->u.coll.items[0];
    /* "unknown" is what the plan holds when the name changed (hashicorp's
     * launchTemplateIDUnknown): the name is sent then. */
    const char *id = tf_get_str(lt, "id", "");
    if (*id && strcmp(id, "unknown") != 0)
        aws_params_add(p, "LaunchTemplate.LaunchTemplateId", id);
    else
        autoscaling_param_str(p, "LaunchTemplate.LaunchTemplateName", lt, "name");
    autoscaling_param_str(p, "LaunchTemplate.Version", lt, "version");
}

static const tf_value *asg_state_traffic(tf_arena *a, const aws_xml_node *g)
{
    size_t k = 0;
    for (const aws_xml_node *t = aws_xml_first(g, "TrafficSources/member"); t; t = aws_xml_next(t))
        k++;
    const tf_value **items = tf_arena_calloc(a, k + 1, sizeof *items);
    k = 0;
    for (const aws_xml_node *t = aws_xml_first(g, "TrafficSources/member"); t;
         t = aws_xml_next(t)) {
        tf_objb b;
        tf_objb_init(&b, a, asg_block("traffic_source")->ctype, NULL);
        tf_objb_str(&b, "identifier", autoscaling_text(t, "Identifier"));
        tf_objb_str(&b, "type", autoscaling_text(t, "Type"));
        items[k++] = tf_objb_done(&b);
    }
    return tf_set(a, asg_block("traffic_source")->ctype, k, items);
}

static const tf_value *asg_state_azd(tf_arena *a, const aws_xml_node *g)
{
    const aws_xml_node *d = aws_xml_child(g, "AvailabilityZoneDistribution");
    if (!d)
        return aws_block_list(a, asg_block("availability_zone_distribution"), NULL);
    tf_objb b;
    tf_objb_init(&b, a, asg_block("availability_zone_distribution")->ctype, NULL);
    tf_objb_str(&b, "capacity_distribution_strategy",
                autoscaling_text(d, "CapacityDistributionStrategy"));
    return aws_block_list(a, asg_block("availability_zone_distribution"), tf_objb_done(&b));
}

static const tf_value *asg_state_crs(tf_arena *a, const aws_xml_node *g)
{
    const aws_xml_node *s = aws_xml_child(g, "CapacityReservationSpecification");
    if (!s)
        return aws_block_list(a, asg_block("capacity_reservation_specification"), NULL);
    tf_objb b;
    tf_objb_init(&b, a, asg_block("capacity_reservation_specification")->ctype, NULL);
    tf_objb_str(&b, "capacity_reservation_preference",
                autoscaling_text(s, "CapacityReservationPreference"));
    tf_objb_set(&b, "capacity_reservation_target",
                tf_list(a,
                        asg_block("capacity_reservation_specification.capacity_reservation_target")
                            ->ctype,
                        0, NULL));
    return aws_block_list(a, asg_block("capacity_reservation_specification"), tf_objb_done(&b));
}

/* The group as state, built on base; a null value when it is gone, NULL
 * on error. */
static const tf_value *asg_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                   const char *name)
{
    tf_arena *a = ctx->arena;
    aws_error err;
    bool gone;
    const aws_xml_node *g = asg_find(ctx, m->client, name, &gone, &err);
    if (!g) {
        if (gone)
            return tf_null(a, base->type);
        aws_diag(ctx, &err, "reading Auto Scaling Group (%s)", name);
        return NULL;
    }
    tf_objb b;
    tf_objb_init(&b, a, base->type, base);
    tf_objb_str(&b, "id", name);
    tf_objb_set(&b, "instance_refresh", asg_zero_fill(a, tf_get(base, "instance_refresh")));
    tf_objb_set(&b, "initial_lifecycle_hook",
                asg_zero_fill(a, tf_get(base, "initial_lifecycle_hook")));
    tf_objb_set(&b, "instance_maintenance_policy",
                asg_state_maintenance(a, g, asg_block("instance_maintenance_policy")));
    aws_name_state(&b, name);
    tf_objb_str(&b, "arn", autoscaling_text(g, "AutoScalingGroupARN"));
    size_t n;
    const char **v = asg_members(a, g, "AvailabilityZones/member", NULL, &n);
    tf_objb_set(&b, "availability_zones", tf_string_set(a, v, n));
    tf_objb_bool(&b, "capacity_rebalance", aws_xml_bool(g, "CapacityRebalance", 0));
    tf_objb_str(&b, "context", autoscaling_text(g, "Context"));
    tf_objb_i64(&b, "default_cooldown", aws_xml_int(g, "DefaultCooldown", 0));
    tf_objb_i64(&b, "default_instance_warmup", aws_xml_int(g, "DefaultInstanceWarmup", 0));
    tf_objb_i64(&b, "desired_capacity", aws_xml_int(g, "DesiredCapacity", 0));
    tf_objb_str(&b, "desired_capacity_type", autoscaling_text(g, "DesiredCapacityType"));
    v = asg_members(a, g, "EnabledMetrics/member", "Metric", &n);
    tf_objb_set(&b, "enabled_metrics", tf_string_set(a, v, n));
    tf_objb_str(&b, "metrics_granularity",
                n ? autoscaling_text(aws_xml_first(g, "EnabledMetrics/member"), "Granularity")
                  : "1Minute");
    tf_objb_i64(&b, "health_check_grace_period", aws_xml_int(g, "HealthCheckGracePeriod", 0));
    tf_objb_str(&b, "health_check_type", autoscaling_text(g, "HealthCheckType"));
    tf_objb_str(&b, "launch_configuration", autoscaling_text(g, "LaunchConfigurationName"));
    v = asg_members(a, g, "LoadBalancerNames/member", NULL, &n);
    tf_objb_set(&b, "load_balancers", tf_string_set(a, v, n));
    tf_objb_i64(&b, "max_instance_lifetime", aws_xml_int(g, "MaxInstanceLifetime", 0));
    tf_objb_i64(&b, "max_size", aws_xml_int(g, "MaxSize", 0));
    tf_objb_i64(&b, "min_size", aws_xml_int(g, "MinSize", 0));
    tf_objb_str(&b, "placement_group", autoscaling_text(g, "PlacementGroup"));
    tf_objb_i64(&b, "predicted_capacity", aws_xml_int(g, "PredictedCapacity", 0));
    tf_objb_bool(&b, "protect_from_scale_in",
                 aws_xml_bool(g, "NewInstancesProtectedFromScaleIn", 0));
    tf_objb_str(&b, "service_linked_role_arn", autoscaling_text(g, "ServiceLinkedRoleARN"));
    v = asg_members(a, g, "SuspendedProcesses/member", "ProcessName", &n);
    tf_objb_set(&b, "suspended_processes", tf_string_set(a, v, n));
    tf_objb_set(&b, "tag", asg_state_tags(a, m, g));
    v = asg_members(a, g, "TargetGroupARNs/member", NULL, &n);
    tf_objb_set(&b, "target_group_arns", tf_string_set(a, v, n));
    v = asg_members(a, g, "TerminationPolicies/member", NULL, &n);
    /* Unconfigured (null, or the [] SDKv2 stores for it) and AWS's
     * ["Default"]: [], as hashicorp/aws keeps it. */
    const tf_value *tp = tf_get(base, "termination_policies");
    if (n == 1 && strcmp(v[0], "Default") == 0 && (!tf_is_known(tp) || tp->u.coll.n == 0))
        n = 0;
    tf_objb_set(&b, "termination_policies", tf_string_list(a, v, n));
    tf_objb_set(&b, "traffic_source", asg_state_traffic(a, g));
    const char *zones = autoscaling_text(g, "VPCZoneIdentifier");
    const char **subnets = tf_arena_calloc(a, strlen(zones) / 2 + 2, sizeof *subnets);
    n = 0;
    for (char *s = tf_arena_strdup(a, zones), *save = NULL, *tok = strtok_r(s, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save))
        subnets[n++] = tok;
    tf_objb_set(&b, "vpc_zone_identifier", tf_string_set(a, subnets, n));
    tf_objb_i64(&b, "warm_pool_size", aws_xml_int(g, "WarmPoolSize", 0));
    tf_objb_set(&b, "availability_zone_distribution", asg_state_azd(a, g));
    tf_objb_set(&b, "capacity_reservation_specification", asg_state_crs(a, g));
    tf_objb_set(&b, "launch_template",
                asg_state_launch_template(a, g, asg_block("launch_template")->ctype));
    tf_objb_set(&b, "mixed_instances_policy",
                asg_state_mixed(a, g, asg_block("mixed_instances_policy")));
    tf_objb_set(&b, "warm_pool", asg_state_warm_pool(a, g, asg_block("warm_pool")));
    return tf_objb_done(&b);
}

/* ---- capacity wait ---- */

typedef struct asg_capacity_wait {
    tf_ctx *ctx;
    aws_client *c;
    const char *name;
    int64_t want;
    bool ignore_failed;
    char since[64];      /* ISO time before the change: older activities do not count */
    int not_found;       /* polls in a row that did not find the group */
} asg_capacity_wait;

/* A group just created may not be described yet: as the SDK's state waiters
 * do, so many "not found" in a row are tolerated before it counts as gone. */
#define ASG_NOT_FOUND_CHECKS 20

/* A failed scaling activity started since the change, as an error. */
static bool asg_failed_activity(asg_capacity_wait *w, aws_error *err)
{
    aws_params *p = aws_params_new(w->ctx->arena);
    aws_params_add(p, "AutoScalingGroupName", w->name);
    aws_xml_node *out;
    if (aws_query_call(w->c, w->ctx->arena, w->ctx->stop, "autoscaling",
                       "DescribeScalingActivities", p, &out, err) != 0)
        return true;
    for (const aws_xml_node *act = aws_xml_first(out, "Activities/member"); act;
         act = aws_xml_next(act)) {
        if (strcmp(autoscaling_text(act, "StatusCode"), "Failed") != 0 ||
            strcmp(autoscaling_text(act, "StartTime"), w->since) < 0)
            continue;
        aws_error_set(err, AWS_ERR_API, "ScalingActivityFailed", "scaling activity (%s): %s: %s",
                      autoscaling_text(act, "ActivityId"), autoscaling_text(act, "StatusCode"),
                      autoscaling_text(act, "StatusMessage"));
        return true;
    }
    return false;
}

static aws_wait_status asg_capacity_poll(void *ud, char *state, size_t state_len,
                                         aws_error *err)
{
    asg_capacity_wait *w = ud;
    if (!w->ignore_failed && asg_failed_activity(w, err))
        return AWS_WAIT_FAIL;
    bool gone;
    const aws_xml_node *g = asg_find(w->ctx, w->c, w->name, &gone, err);
    if (!g) {
        if (!gone)
            return AWS_WAIT_FAIL;
        if (++w->not_found < ASG_NOT_FOUND_CHECKS) {
            snprintf(state, state_len, "not found");
            return AWS_WAIT_CONTINUE;
        }
        aws_error_set(err, AWS_ERR_API, "ValidationError", "Auto Scaling Group (%s) not found",
                      w->name);
        return AWS_WAIT_FAIL;
    }
    w->not_found = 0;
    int64_t healthy = 0;
    for (const aws_xml_node *i = aws_xml_first(g, "Instances/member"); i; i = aws_xml_next(i))
        if (strcmp(autoscaling_text(i, "LifecycleState"), "InService") == 0 &&
            strcasecmp(autoscaling_text(i, "HealthStatus"), "Healthy") == 0)
            healthy++;
    snprintf(state, state_len, "%lld of %lld instances healthy", (long long)healthy,
             (long long)w->want);
    return healthy >= w->want ? AWS_WAIT_DONE : AWS_WAIT_CONTINUE;
}

static void asg_now_iso(char *buf, size_t len)
{
    time_t now = time(NULL) - 1;
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
}

/* Waits for max(min_size, desired_capacity) healthy instances within
 * wait_for_capacity_timeout ("0" skips). */
static int asg_wait_capacity(tf_ctx *ctx, aws_client *c, const char *name,
                             const tf_value *planned, const char *since)
{
    const char *timeout = tf_get_str(planned, "wait_for_capacity_timeout", "10m");
    int64_t ns = 0;
    char why[128];
    if (!tf_duration_parse(timeout, strlen(timeout), &ns, why, sizeof why) || ns <= 0)
        return 0;
    asg_capacity_wait w = {.ctx = ctx, .c = c, .name = name,
                           .ignore_failed =
                               tf_get_bool(planned, "ignore_failed_scaling_activities", false)};
    snprintf(w.since, sizeof w.since, "%s", since);
    int64_t min = tf_get_i64(planned, "min_size", 0);
    int64_t desired = tf_get_i64(planned, "desired_capacity", 0);
    w.want = desired > min ? desired : min;
    aws_error err;
    if (aws_wait(ctx->stop, (double)ns / 1e9, asg_capacity_poll, &w, &err) != 0) {
        aws_diag(ctx, &err, "waiting for Auto Scaling Group (%s) capacity satisfied", name);
        return -1;
    }
    return 0;
}

/* ---- request parameters ---- */

static void asg_param_list(aws_params *p, const char *prefix, const tf_value *coll)
{
    for (size_t i = 0; tf_is_known(coll) && i < coll->u.coll.n; i++)
        if (tf_is_known(coll->u.coll.items[i]))
            aws_params_add(p, aws_params_key(p, "%s.member.%zu", prefix, i + 1),
                           coll->u.coll.items[i]->u.str.ptr);
}

static const char *asg_join(tf_arena *a, const tf_value *set)
{
    size_t len = 1;
    for (size_t i = 0; tf_is_known(set) && i < set->u.coll.n; i++)
        len += set->u.coll.items[i]->u.str.len + 1;
    char *out = tf_arena_alloc(a, len);
    out[0] = '\0';
    for (size_t i = 0; tf_is_known(set) && i < set->u.coll.n; i++) {
        if (i)
            strcat(out, ",");
        strcat(out, set->u.coll.items[i]->u.str.ptr);
    }
    return out;
}

static void asg_param_i64(aws_params *p, const char *name, const tf_value *obj, const char *attr)
{
    const tf_value *v = tf_get(obj, attr);
    int64_t n;
    if (tf_is_known(v) && tf_number_to_i64(v, &n))
        aws_params_addf(p, name, "%lld", (long long)n);
}

static void asg_param_tags(aws_params *p, const char *name, const tf_value *tags)
{
    for (size_t i = 0; tf_is_known(tags) && i < tags->u.coll.n; i++) {
        const tf_value *t = tags->u.coll.items[i];
        const char *pre = aws_params_key(p, "Tags.member.%zu", i + 1);
        aws_params_add(p, aws_params_key(p, "%s.ResourceId", pre), name);
        aws_params_add(p, aws_params_key(p, "%s.ResourceType", pre), "auto-scaling-group");
        aws_params_add(p, aws_params_key(p, "%s.Key", pre), tf_get_str(t, "key", ""));
        aws_params_add(p, aws_params_key(p, "%s.Value", pre), tf_get_str(t, "value", ""));
        aws_params_add(p, aws_params_key(p, "%s.PropagateAtLaunch", pre),
                       tf_get_bool(t, "propagate_at_launch", false) ? "true" : "false");
    }
}

/* Elements of set a missing from set b (by value), as a list value. */
static const tf_value *asg_minus(tf_arena *ar, const tf_value *a, const tf_value *b)
{
    size_t n = tf_is_known(a) ? a->u.coll.n : 0;
    const tf_value **items = tf_arena_calloc(ar, n + 1, sizeof *items);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        bool found = false;
        for (size_t j = 0; tf_is_known(b) && j < b->u.coll.n && !found; j++)
            found = tf_value_equal(a->u.coll.items[i], b->u.coll.items[j]);
        if (!found)
            items[k++] = a->u.coll.items[i];
    }
    const tf_type *elem = tf_is_known(a) ? a->type->elem : &tf_type_string;
    return tf_list(ar, elem, k, items);
}

/* A simple call NAME(AutoScalingGroupName, <list param>) when list is not empty. */
static int asg_call_list(tf_ctx *ctx, aws_client *c, const char *action, const char *name,
                         const char *list_param, const tf_value *list, const char *extra_k,
                         const char *extra_v)
{
    if (!tf_is_known(list) || list->u.coll.n == 0)
        return 0;
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "AutoScalingGroupName", name);
    asg_param_list(p, list_param, list);
    if (extra_k)
        aws_params_add(p, extra_k, extra_v);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(c, ctx->arena, ctx->stop, "autoscaling", action, p, &out, &err) != 0) {
        aws_diag(ctx, &err, "%s for Auto Scaling Group (%s)", action, name);
        return -1;
    }
    return 0;
}

static bool asg_changed(const tf_value *prior, const tf_value *planned, const char *attr)
{
    return !tf_value_equal(tf_get(prior, attr), tf_get(planned, attr));
}

/* Processes, metrics, target groups and tags from old to new (old may be a
 * null object on create). */
static int asg_sync_lists(tf_ctx *ctx, aws_client *c, const char *name, const tf_value *old,
                          const tf_value *new)
{
    tf_arena *a = ctx->arena;
    const char *gran = tf_get_str(new, "metrics_granularity", "1Minute");
    const tf_value *o, *n;
    o = tf_get(old, "suspended_processes"), n = tf_get(new, "suspended_processes");
    if (asg_call_list(ctx, c, "ResumeProcesses", name, "ScalingProcesses", asg_minus(a, o, n),
                      NULL, NULL) != 0 ||
        asg_call_list(ctx, c, "SuspendProcesses", name, "ScalingProcesses", asg_minus(a, n, o),
                      NULL, NULL) != 0)
        return -1;
    o = tf_get(old, "enabled_metrics"), n = tf_get(new, "enabled_metrics");
    if (asg_call_list(ctx, c, "DisableMetricsCollection", name, "Metrics", asg_minus(a, o, n),
                      NULL, NULL) != 0 ||
        asg_call_list(ctx, c, "EnableMetricsCollection", name, "Metrics", asg_minus(a, n, o),
                      "Granularity", gran) != 0)
        return -1;
    if (!tf_is_null(old)) {
        o = tf_get(old, "target_group_arns"), n = tf_get(new, "target_group_arns");
        if (tf_is_known(n) &&
            (asg_call_list(ctx, c, "DetachLoadBalancerTargetGroups", name, "TargetGroupARNs",
                           asg_minus(a, o, n), NULL, NULL) != 0 ||
             asg_call_list(ctx, c, "AttachLoadBalancerTargetGroups", name, "TargetGroupARNs",
                           asg_minus(a, n, o), NULL, NULL) != 0))
            return -1;
        o = tf_get(old, "tag"), n = tf_get(new, "tag");
        const tf_value *gone = asg_minus(a, o, n), *added = asg_minus(a, n, o);
        aws_xml_node *out;
        aws_error err;
        if (gone->u.coll.n > 0) {
            aws_params *p = aws_params_new(a);
            asg_param_tags(p, name, gone);
            if (aws_query_call(c, a, ctx->stop, "autoscaling", "DeleteTags", p, &out, &err) != 0) {
                aws_diag(ctx, &err, "deleting tags of Auto Scaling Group (%s)", name);
                return -1;
            }
        }
        if (added->u.coll.n > 0) {
            aws_params *p = aws_params_new(a);
            asg_param_tags(p, name, added);
            if (aws_query_call(c, a, ctx->stop, "autoscaling", "CreateOrUpdateTags", p, &out,
                               &err) != 0) {
                aws_diag(ctx, &err, "tagging Auto Scaling Group (%s)", name);
                return -1;
            }
        }
    }
    return 0;
}

static bool asg_create_retryable(const aws_error *err)
{
    return aws_error_is(err, "ValidationError") &&
           strstr(err->message, "Invalid IAM Instance Profile") != NULL;
}

static const tf_value *asg_partial(tf_ctx *ctx, const tf_value *planned, const char *name)
{
    return tf_object_with(ctx->arena, planned, "id", tf_string(ctx->arena, name));
}

static const tf_value *asg_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const tf_value *cfg = ctx->config ? ctx->config : planned;
    const char *name = aws_name_planned(a, planned, NULL);
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "AutoScalingGroupName", name);
    /* With initial lifecycle hooks the group is created empty, the hooks
     * are put, and only then is it given its capacity (hashicorp's two
     * phases), so that the first instances already run through them. */
    const tf_value *hooks = tf_get(planned, "initial_lifecycle_hook");
    bool two_phases = tf_is_known(hooks) && hooks->u.coll.n > 0;
    aws_params *sizes = two_phases ? aws_params_new(a) : p;
    if (two_phases) {
        aws_params_add(p, "MinSize", "0");
        aws_params_add(p, "MaxSize", "0");
        aws_params_add(sizes, "AutoScalingGroupName", name);
    }
    asg_param_i64(sizes, "MinSize", planned, "min_size");
    asg_param_i64(sizes, "MaxSize", planned, "max_size");
    asg_param_i64(sizes, "DesiredCapacity", cfg, "desired_capacity");
    autoscaling_param_str(sizes, "DesiredCapacityType", planned, "desired_capacity_type");
    asg_param_i64(p, "DefaultCooldown", cfg, "default_cooldown");
    asg_param_i64(p, "HealthCheckGracePeriod", planned, "health_check_grace_period");
    autoscaling_param_str(p, "HealthCheckType", planned, "health_check_type");
    autoscaling_param_str(p, "LaunchConfigurationName", planned, "launch_configuration");
    asg_param_launch_template(p, planned);
    autoscaling_param_str(p, "Context", planned, "context");
    autoscaling_param_str(p, "PlacementGroup", planned, "placement_group");
    asg_param_mixed(a, p, tf_get(planned, "mixed_instances_policy"));
    const tf_value *imp = tf_get(cfg, "instance_maintenance_policy");
    if (tf_is_known(imp) && imp->u.coll.n > 0)
        asg_param_maintenance(p, imp);
    asg_param_azd(p, tf_get(cfg, "availability_zone_distribution"));
    asg_param_crs(p, tf_get(cfg, "capacity_reservation_specification"));
    asg_param_traffic(p, "TrafficSources", tf_get(cfg, "traffic_source"));
    autoscaling_param_str(p, "ServiceLinkedRoleARN", cfg, "service_linked_role_arn");
    if (tf_get_i64(planned, "default_instance_warmup", 0))
        asg_param_i64(p, "DefaultInstanceWarmup", planned, "default_instance_warmup");
    if (tf_get_i64(planned, "max_instance_lifetime", 0))
        asg_param_i64(p, "MaxInstanceLifetime", planned, "max_instance_lifetime");
    if (tf_get_bool(planned, "capacity_rebalance", false))
        aws_params_add(p, "CapacityRebalance", "true");
    aws_params_add(p, "NewInstancesProtectedFromScaleIn",
                   tf_get_bool(planned, "protect_from_scale_in", false) ? "true" : "false");
    const tf_value *zones = tf_get(cfg, "vpc_zone_identifier");
    if (tf_is_known(zones) && zones->u.coll.n > 0)
        aws_params_add(p, "VPCZoneIdentifier", asg_join(a, zones));
    asg_param_list(p, "AvailabilityZones", tf_get(cfg, "availability_zones"));
    asg_param_list(p, "TargetGroupARNs", tf_get(cfg, "target_group_arns"));
    asg_param_list(p, "LoadBalancerNames", tf_get(cfg, "load_balancers"));
    asg_param_list(p, "TerminationPolicies", tf_get(planned, "termination_policies"));
    asg_param_tags(p, name, tf_get(planned, "tag"));
    char since[64];
    asg_now_iso(since, sizeof since);
    aws_error err;
    if (autoscaling_create(ctx, m->client, "AutoScalingGroup", name, p, ASG_CREATE_RETRY_S,
                           asg_create_retryable, &err) != 0) {
        aws_diag(ctx, &err, "creating Auto Scaling Group (%s)", name);
        return NULL;
    }
    if (two_phases) {
        aws_xml_node *out;
        if (asg_put_hooks(ctx, m->client, name, hooks) != 0)
            return asg_partial(ctx, planned, name);
        if (aws_query_call(m->client, a, ctx->stop, "autoscaling", "UpdateAutoScalingGroup",
                           sizes, &out, &err) != 0) {
            aws_diag(ctx, &err, "setting Auto Scaling Group (%s) initial capacity", name);
            return asg_partial(ctx, planned, name);
        }
    }
    const tf_value *wp = aws_block_first(tf_get(planned, "warm_pool"));
    if (asg_wait_capacity(ctx, m->client, name, planned, since) != 0 ||
        asg_sync_lists(ctx, m->client, name, tf_null(a, planned->type), planned) != 0 ||
        (tf_is_known(wp) && asg_put_warm_pool(ctx, m->client, name, wp) != 0))
        return asg_partial(ctx, planned, name);
    const tf_value *st = asg_refresh(ctx, m, planned, name);
    return st && !tf_is_null(st) ? st : asg_partial(ctx, planned, name);
}

static const tf_value *asg_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    return asg_refresh(ctx, m, state, tf_get_str(state, "id", ""));
}

/* The arguments UpdateAutoScalingGroup carries. */
static const char *const asg_update_attrs[] = {
    "min_size", "max_size", "desired_capacity", "default_cooldown", "health_check_grace_period",
    "health_check_type", "launch_configuration", "launch_template", "vpc_zone_identifier",
    "availability_zones",
    "termination_policies", "protect_from_scale_in", "max_instance_lifetime",
    "capacity_rebalance", "context", "default_instance_warmup", "desired_capacity_type",
    "placement_group", "service_linked_role_arn", "mixed_instances_policy",
    "instance_maintenance_policy", "availability_zone_distribution",
    "capacity_reservation_specification", NULL,
};

static bool asg_update_retryable(const aws_error *err)
{
    return aws_error_is(err, "ScalingActivityInProgress");
}

static int asg_update_group(tf_ctx *ctx, aws_client *c, const char *name, const tf_value *prior,
                            const tf_value *planned)
{
    bool any = false;
    for (size_t i = 0; asg_update_attrs[i]; i++)
        any = any || asg_changed(prior, planned, asg_update_attrs[i]);
    if (!any)
        return 0;
    tf_arena *a = ctx->arena;
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "AutoScalingGroupName", name);
    asg_param_i64(p, "MinSize", planned, "min_size");
    asg_param_i64(p, "MaxSize", planned, "max_size");
    if (asg_changed(prior, planned, "desired_capacity"))
        asg_param_i64(p, "DesiredCapacity", planned, "desired_capacity");
    if (asg_changed(prior, planned, "default_cooldown"))
        asg_param_i64(p, "DefaultCooldown", planned, "default_cooldown");
    if (asg_changed(prior, planned, "health_check_grace_period"))
        asg_param_i64(p, "HealthCheckGracePeriod", planned, "health_check_grace_period");
    if (asg_changed(prior, planned, "health_check_type"))
        autoscaling_param_str(p, "HealthCheckType", planned, "health_check_type");
    if (asg_changed(prior, planned, "launch_configuration"))
        autoscaling_param_str(p, "LaunchConfigurationName", planned, "launch_configuration");
    if (asg_changed(prior, planned, "launch_template"))
        asg_param_launch_template(p, planned);
    if (asg_changed(prior, planned, "vpc_zone_identifier"))
        aws_params_add(p, "VPCZoneIdentifier", asg_join(a, tf_get(planned, "vpc_zone_identifier")));
    if (asg_changed(prior, planned, "availability_zones"))
        asg_param_list(p, "AvailabilityZones", tf_get(planned, "availability_zones"));
    if (asg_changed(prior, planned, "termination_policies")) {
        const tf_value *tp = tf_get(planned, "termination_policies");
        if (tf_is_known(tp) && tp->u.coll.n > 0)
            asg_param_list(p, "TerminationPolicies", tp);
        else
            aws_params_add(p, "TerminationPolicies.member.1", "Default");
    }
    if (asg_changed(prior, planned, "protect_from_scale_in"))
        aws_params_add(p, "NewInstancesProtectedFromScaleIn",
                       tf_get_bool(planned, "protect_from_scale_in", false) ? "true" : "false");
    if (asg_changed(prior, planned, "max_instance_lifetime"))
        asg_param_i64(p, "MaxInstanceLifetime", planned, "max_instance_lifetime");
    if (asg_changed(prior, planned, "capacity_rebalance"))
        aws_params_add(p, "CapacityRebalance",
                       tf_get_bool(planned, "capacity_rebalance", false) ? "true" : "false");
    if (asg_changed(prior, planned, "default_instance_warmup"))
        asg_param_i64(p, "DefaultInstanceWarmup", planned, "default_instance_warmup");
    if (asg_changed(prior, planned, "context"))
        aws_params_add(p, "Context", tf_get_str(planned, "context", ""));
    if (asg_changed(prior, planned, "desired_capacity_type"))
        autoscaling_param_str(p, "DesiredCapacityType", planned, "desired_capacity_type");
    if (asg_changed(prior, planned, "placement_group"))
        aws_params_add(p, "PlacementGroup", tf_get_str(planned, "placement_group", ""));
    if (asg_changed(prior, planned, "service_linked_role_arn"))
        autoscaling_param_str(p, "ServiceLinkedRoleARN", planned, "service_linked_role_arn");
    if (asg_changed(prior, planned, "mixed_instances_policy"))
        asg_param_mixed(a, p, tf_get(planned, "mixed_instances_policy"));
    if (asg_changed(prior, planned, "instance_maintenance_policy"))
        asg_param_maintenance(p, tf_get(planned, "instance_maintenance_policy"));
    if (asg_changed(prior, planned, "availability_zone_distribution"))
        asg_param_azd(p, tf_get(planned, "availability_zone_distribution"));
    if (asg_changed(prior, planned, "capacity_reservation_specification"))
        asg_param_crs(p, tf_get(planned, "capacity_reservation_specification"));
    aws_xml_node *out;
    aws_error err;
    if (autoscaling_call_retry(c, a, ctx->stop, "UpdateAutoScalingGroup", p, &out,
                               aws_timeout(planned, "update", ASG_UPDATE_S),
                               asg_update_retryable, &err) != 0) {
        aws_diag(ctx, &err, "updating Auto Scaling Group (%s)", name);
        return -1;
    }
    return 0;
}

/* ---- instance refresh ----
 *
 * As hashicorp/aws: an update that changes launch_configuration,
 * launch_template or mixed_instances_policy, or an argument named in
 * instance_refresh.triggers, starts an instance refresh when the group has
 * an instance_refresh block; one already running is cancelled first
 * (CancelInstanceRefresh, then waiting until it is no longer active). */

typedef struct asg_refresh_waiter {
    tf_ctx *ctx;
    aws_client *c;
    const char *name;
} asg_refresh_waiter;

static aws_wait_status asg_refresh_idle_poll(void *ud, char *state, size_t state_len,
                                             aws_error *err)
{
    asg_refresh_waiter *w = ud;
    aws_params *p = aws_params_new(w->ctx->arena);
    aws_params_add(p, "AutoScalingGroupName", w->name);
    aws_xml_node *out;
    if (aws_query_call(w->c, w->ctx->arena, w->ctx->stop, "autoscaling",
                       "DescribeInstanceRefreshes", p, &out, err) != 0)
        return AWS_WAIT_FAIL;
    for (const aws_xml_node *r = aws_xml_first(out, "InstanceRefreshes/member"); r;
         r = aws_xml_next(r)) {
        const char *st = autoscaling_text(r, "Status");
        if (strcmp(st, "Pending") == 0 || strcmp(st, "InProgress") == 0 ||
            strcmp(st, "Cancelling") == 0) {
            snprintf(state, state_len, "%s", st);
            return AWS_WAIT_CONTINUE;
        }
    }
    snprintf(state, state_len, "idle");
    return AWS_WAIT_DONE;
}

static void asg_param_nullable_int(aws_params *p, const char *name, const tf_value *obj,
                                   const char *attr)
{
    const char *s = tf_get_str(obj, attr, "");
    if (*s)
        aws_params_add(p, name, s);
}

static aws_params *asg_refresh_params(tf_arena *a, const char *name, const tf_value *ir)
{
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "AutoScalingGroupName", name);
    autoscaling_param_str(p, "Strategy", ir, "strategy");
    const tf_value *pr = aws_block_get(ir, "preferences");
    if (!pr)
        return p;
    const tf_value *alarm = aws_block_get(pr, "alarm_specification");
    const tf_value *alarms = alarm ? tf_get(alarm, "alarms") : NULL;
    for (size_t i = 0; tf_is_known(alarms) && i < alarms->u.coll.n; i++)
        aws_params_add(p, aws_params_key(p, "Preferences.AlarmSpecification.Alarms.member.%zu",
                                         i + 1),
                       alarms->u.coll.items[i]->u.str.ptr);
    aws_params_add(p, "Preferences.AutoRollback",
                   tf_get_bool(pr, "auto_rollback", false) ? "true" : "false");
    asg_param_nullable_int(p, "Preferences.CheckpointDelay", pr, "checkpoint_delay");
    const tf_value *cps = tf_get(pr, "checkpoint_percentages");
    for (size_t i = 0; tf_is_known(cps) && i < cps->u.coll.n; i++)
        aws_params_add(p, aws_params_key(p, "Preferences.CheckpointPercentages.member.%zu", i + 1),
                       tf_number_plain(a, cps->u.coll.items[i]));
    asg_param_nullable_int(p, "Preferences.InstanceWarmup", pr, "instance_warmup");
    const tf_value *mx = tf_get(pr, "max_healthy_percentage");
    if (tf_is_known(mx))
        aws_params_add(p, "Preferences.MaxHealthyPercentage", tf_number_plain(a, mx));
    const tf_value *mn = tf_get(pr, "min_healthy_percentage");
    if (tf_is_known(mn))
        aws_params_add(p, "Preferences.MinHealthyPercentage", tf_number_plain(a, mn));
    autoscaling_param_str(p, "Preferences.ScaleInProtectedInstances", pr,
                          "scale_in_protected_instances");
    aws_params_add(p, "Preferences.SkipMatching",
                   tf_get_bool(pr, "skip_matching", false) ? "true" : "false");
    autoscaling_param_str(p, "Preferences.StandbyInstances", pr, "standby_instances");
    return p;
}

static int asg_start_refresh(tf_ctx *ctx, aws_client *c, const char *name,
                             const tf_value *prior, const tf_value *planned, double timeout)
{
    const tf_value *ir = aws_block_get(planned, "instance_refresh");
    if (!ir)
        return 0;
    bool go = asg_changed(prior, planned, "launch_configuration") ||
              asg_changed(prior, planned, "launch_template") ||
              asg_changed(prior, planned, "mixed_instances_policy");
    const tf_value *triggers = tf_get(ir, "triggers");
    for (size_t i = 0; !go && tf_is_known(triggers) && i < triggers->u.coll.n; i++) {
        const tf_value *t = triggers->u.coll.items[i];
        if (tf_is_known(t) && tf_type_attr_index(planned->type, t->u.str.ptr) >= 0)
            go = asg_changed(prior, planned, t->u.str.ptr);
    }
    if (!go)
        return 0;
    aws_params *p = asg_refresh_params(ctx->arena, name, ir);
    aws_xml_node *out;
    aws_error err;
    for (int attempt = 0;; attempt++) {
        if (aws_query_call(c, ctx->arena, ctx->stop, "autoscaling", "StartInstanceRefresh", p,
                           &out, &err) == 0)
            return 0;
        if (!aws_error_is(&err, "InstanceRefreshInProgress") || attempt > 0)
            break;
        aws_params *cp = aws_params_new(ctx->arena);
        aws_params_add(cp, "AutoScalingGroupName", name);
        aws_xml_node *cout;
        aws_error cerr;
        if (aws_query_call(c, ctx->arena, ctx->stop, "autoscaling", "CancelInstanceRefresh", cp,
                           &cout, &cerr) != 0 &&
            !aws_error_is(&cerr, "ActiveInstanceRefreshNotFound")) {
            aws_diag(ctx, &cerr, "cancelling Auto Scaling Group (%s) instance refresh", name);
            return -1;
        }
        asg_refresh_waiter w = {.ctx = ctx, .c = c, .name = name};
        if (aws_wait(ctx->stop, timeout, asg_refresh_idle_poll, &w, &err) != 0)
            break;
    }
    aws_diag(ctx, &err, "starting Auto Scaling Group (%s) instance refresh", name);
    return -1;
}

static const tf_value *asg_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    const char *name = tf_get_str(prior, "id", "");
    char since[64];
    asg_now_iso(since, sizeof since);
    double timeout = aws_timeout(planned, "update", ASG_UPDATE_S);
    if (asg_update_group(ctx, m->client, name, prior, planned) != 0 ||
        (asg_changed(prior, planned, "traffic_source") &&
         asg_sync_traffic(ctx, m->client, name, tf_get(prior, "traffic_source"),
                          tf_get(planned, "traffic_source"), timeout) != 0) ||
        asg_sync_lists(ctx, m->client, name, prior, planned) != 0 ||
        asg_start_refresh(ctx, m->client, name, prior, planned, timeout) != 0)
        return NULL;
    if (asg_changed(prior, planned, "warm_pool")) {
        const tf_value *wp = aws_block_first(tf_get(planned, "warm_pool"));
        bool force = tf_get_bool(planned, "force_delete", false) ||
                     tf_get_bool(planned, "force_delete_warm_pool", false);
        if (tf_is_known(wp) ? asg_put_warm_pool(ctx, m->client, name, wp) != 0
                            : asg_delete_warm_pool(ctx, m->client, name, force, timeout) != 0)
            return NULL;
    }
    if ((asg_changed(prior, planned, "min_size") ||
         asg_changed(prior, planned, "desired_capacity") ||
         asg_changed(prior, planned, "desired_capacity_type")) &&
        asg_wait_capacity(ctx, m->client, name, planned, since) != 0)
        return NULL;
    const tf_value *st = asg_refresh(ctx, m, planned, name);
    if (st && tf_is_null(st)) {
        tf_diag_error(ctx->diags, NULL, "updating Auto Scaling Group: not found",
                      "Auto Scaling Group (%s) disappeared while it was being updated.", name);
        return NULL;
    }
    return st;
}

/* ---- delete ---- */

typedef struct asg_gone_wait {
    tf_ctx *ctx;
    aws_client *c;
    const char *name;
    bool drained_only;   /* wait for zero instances rather than for the group to go */
} asg_gone_wait;

static aws_wait_status asg_gone_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    asg_gone_wait *w = ud;
    bool gone;
    const aws_xml_node *g = asg_find(w->ctx, w->c, w->name, &gone, err);
    if (!g)
        return gone ? AWS_WAIT_DONE : AWS_WAIT_FAIL;
    size_t n = 0;
    for (const aws_xml_node *i = aws_xml_first(g, "Instances/member"); i; i = aws_xml_next(i))
        n++;
    snprintf(state, state_len, "%zu instances%s%s", n, aws_xml_text(g, "Status") ? ", " : "",
             autoscaling_text(g, "Status"));
    return w->drained_only && n == 0 ? AWS_WAIT_DONE : AWS_WAIT_CONTINUE;
}

/* Instances protected from scale-in would never drain: lift the protection
 * first, 50 instances a call as the API allows. */
static int asg_unprotect(tf_ctx *ctx, aws_client *c, const char *name, const aws_xml_node *g)
{
    aws_params *p = NULL;
    int n = 0;
    for (const aws_xml_node *i = aws_xml_first(g, "Instances/member"); i || p;
         i = i ? aws_xml_next(i) : NULL) {
        if (i && !aws_xml_bool(i, "ProtectedFromScaleIn", 0))
            continue;
        if (i) {
            if (!p) {
                p = aws_params_new(ctx->arena);
                aws_params_add(p, "AutoScalingGroupName", name);
                aws_params_add(p, "ProtectedFromScaleIn", "false");
            }
            aws_params_add(p, aws_params_key(p, "InstanceIds.member.%d", ++n),
                           autoscaling_text(i, "InstanceId"));
        }
        if (p && (n == 50 || !i)) {
            aws_xml_node *out;
            aws_error err;
            if (aws_query_call(c, ctx->arena, ctx->stop, "autoscaling", "SetInstanceProtection",
                               p, &out, &err) != 0 && !autoscaling_not_found(&err)) {
                aws_diag(ctx, &err, "removing scale-in protection in Auto Scaling Group (%s)",
                         name);
                return -1;
            }
            p = NULL;
            n = 0;
        }
    }
    return 0;
}

static bool asg_delete_retryable(const aws_error *err)
{
    return aws_error_is(err, "ResourceInUse") || aws_error_is(err, "ScalingActivityInProgress");
}

static void asg_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    tf_arena *a = ctx->arena;
    const char *name = tf_get_str(prior, "id", "");
    double timeout = aws_timeout(prior, "delete", ASG_DELETE_S);
    bool force = tf_get_bool(prior, "force_delete", false);
    aws_error err;
    bool gone;
    const aws_xml_node *g = asg_find(ctx, m->client, name, &gone, &err);
    if (!g) {
        if (!gone)
            aws_diag(ctx, &err, "reading Auto Scaling Group (%s)", name);
        return;
    }
    aws_xml_node *out;
    if (aws_xml_child(g, "WarmPoolConfiguration") &&
        asg_delete_warm_pool(ctx, m->client, name,
                             force || tf_get_bool(prior, "force_delete_warm_pool", false),
                             timeout) != 0)
        return;
    asg_gone_wait w = {.ctx = ctx, .c = m->client, .name = name, .drained_only = true};
    if (!force) {
        /* Drain first, as hashicorp/aws does: the group must be empty. */
        if (asg_unprotect(ctx, m->client, name, g) != 0)
            return;
        aws_params *p = aws_params_new(a);
        aws_params_add(p, "AutoScalingGroupName", name);
        aws_params_add(p, "MinSize", "0");
        aws_params_add(p, "MaxSize", "0");
        aws_params_add(p, "DesiredCapacity", "0");
        if (autoscaling_call_retry(m->client, a, ctx->stop, "UpdateAutoScalingGroup", p, &out,
                                   timeout, asg_update_retryable, &err) != 0) {
            if (!autoscaling_not_found(&err))
                aws_diag(ctx, &err, "draining Auto Scaling Group (%s)", name);
            return;
        }
        if (aws_wait(ctx->stop, timeout, asg_gone_poll, &w, &err) != 0) {
            aws_diag(ctx, &err, "waiting for Auto Scaling Group (%s) drain", name);
            return;
        }
    }
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "AutoScalingGroupName", name);
    aws_params_add(p, "ForceDelete", force ? "true" : "false");
    if (autoscaling_call_retry(m->client, a, ctx->stop, "DeleteAutoScalingGroup", p, &out,
                               timeout, asg_delete_retryable, &err) != 0) {
        if (!autoscaling_not_found(&err))
            aws_diag(ctx, &err, "deleting Auto Scaling Group (%s)", name);
        return;
    }
    w.drained_only = false;
    if (aws_wait(ctx->stop, timeout, asg_gone_poll, &w, &err) != 0)
        aws_diag(ctx, &err, "waiting for Auto Scaling Group (%s) delete", name);
}

/* State version 0 (hashicorp/aws before 5.12) lacked
 * ignore_failed_scaling_activities; its upgrader sets it to false when
 * absent and keeps everything else. */
static const tf_value *asg_upgrade(tf_ctx *ctx, int64_t from_version, const tf_value *old)
{
    static const char field[] = "ignore_failed_scaling_activities";
    tf_arena *a = ctx->arena;
    if (from_version != 0 || !tf_is_known(old) || old->type->kind != TF_OBJECT ||
        tf_is_known(tf_get(old, field)))
        return old;
    size_t n = old->type->n;
    bool has = tf_type_attr_index(old->type, field) >= 0;
    const char **names = tf_arena_calloc(a, n + 2, sizeof *names);
    const tf_type **types = tf_arena_calloc(a, n + 2, sizeof *types);
    for (size_t i = 0; i < n; i++) {
        names[i] = old->type->names[i];
        types[i] = strcmp(names[i], field) == 0 ? &tf_type_bool : old->type->types[i];
    }
    if (!has) {
        names[n] = field;
        types[n++] = &tf_type_bool;
    }
    const tf_type *t = tf_type_object(a, n, names, types);
    if (!t)
        return old;
    const tf_value **items = tf_arena_calloc(a, n + 1, sizeof *items);
    for (size_t i = 0; i < n; i++)
        items[i] = strcmp(t->names[i], field) == 0 ? tf_bool(a, false) : tf_get(old, t->names[i]);
    return tf_object(a, t, items);
}

const tf_resource_def aws_autoscaling_group_def = {
    .type_name = "aws_autoscaling_group",
    .version = 1,
    .schema = ASG_SCHEMA,
    .validate = autoscaling_group_validate,
    .modify_plan = asg_modify_plan,
    .create = asg_create,
    .read = asg_read,
    .update = asg_update,
    .delete = asg_delete,
    .upgrade = asg_upgrade,
};

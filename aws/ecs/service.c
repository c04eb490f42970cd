/* service.c - aws_ecs_service: keeps a number of copies of a task definition
 * running in a cluster, optionally behind load balancers.
 *
 * The schema is generated from aws/schema/aws.schema. */

#include <string.h>
#include <strings.h>

#include "aws_schema_gen.h"
#include "plan.h"
#include "plan_suppress.h"
#include "block_values.h"
#include "diagnostics.h"
#include "ecs_common.h"
#include "resources.h"
#include "schema_block.h"
#include "tags.h"
#include "value_build.h"

/* The generated schema table (aws/schema/aws.schema). */
#define SVC_SCHEMA (&aws_schema_resource_aws_ecs_service)

/* The nested block at path of the schema. */
static const tf_block *svc_block(const char *path)
{
    return aws_schema_block(SVC_SCHEMA, path);
}

/* ---- planning ----
 *
 * What hashicorp/aws's schema and CustomizeDiff add: a daemon service has
 * no desired count and ignores the default deployment percentages, "host"
 * is ECS's "instanceId" in placement strategies, triggers only count with
 * force_new_deployment, and capacity providers mostly need a new service. */

static bool svc_daemon(const tf_plan_req *req)
{
    return strcmp(aws_plan_str(req, "scheduling_strategy"), "DAEMON") == 0;
}

static int64_t svc_planned_i64(const tf_plan_req *req, const char *name)
{
    return tf_get_i64(req->planned, name, -1);
}

static void svc_plan_daemon(tf_ctx *ctx, tf_plan_req *req)
{
    if (!svc_daemon(req))
        return;
    aws_plan_suppress(ctx, req, SVC_SCHEMA, "desired_count");
    if (svc_planned_i64(req, "deployment_maximum_percent") == 200)
        aws_plan_suppress(ctx, req, SVC_SCHEMA, "deployment_maximum_percent");
    if (svc_planned_i64(req, "deployment_minimum_healthy_percent") == 100)
        aws_plan_suppress(ctx, req, SVC_SCHEMA, "deployment_minimum_healthy_percent");
}

/* ordered_placement_strategy[*].field: StateFunc host -> instanceId, and
 * no diff for a change of case only. */
static void svc_plan_placement(tf_ctx *ctx, tf_plan_req *req)
{
    tf_arena *a = ctx->arena;
    const tf_value *list = tf_get(req->planned, "ordered_placement_strategy");
    const tf_value *prior = tf_get(req->prior, "ordered_placement_strategy");
    if (!tf_is_known(list))
        return;
    size_t n = list->u.coll.n;
    const tf_value **items = tf_arena_calloc(a, n + 1, sizeof *items);
    for (size_t i = 0; i < n; i++) {
        const tf_value *e = list->u.coll.items[i];
        items[i] = e;
        const tf_value *f = tf_is_known(e) ? tf_get(e, "field") : NULL;
        if (!tf_is_known(f))
            continue;
        const tf_value *nf = strcmp(f->u.str.ptr, "host") == 0 ? tf_string(a, "instanceId") : f;
        const tf_value *pe = tf_is_known(prior) && i < prior->u.coll.n ? prior->u.coll.items[i]
                                                                        : NULL;
        const tf_value *pf = tf_is_known(pe) ? tf_get(pe, "field") : NULL;
        if (tf_is_known(pf) && strcasecmp(pf->u.str.ptr, nf->u.str.ptr) == 0)
            nf = pf;
        items[i] = tf_object_with(a, e, "field", nf);
    }
    req->planned = tf_object_with(a, req->planned, "ordered_placement_strategy",
                                  tf_list(a, list->type->elem, n, items));
}

static bool svc_changed(const tf_plan_req *req, const char *name)
{
    const tf_value *o = tf_get(req->prior, name), *n = tf_get(req->planned, name);
    if (aws_block_len(o) == 0 && aws_block_len(n) == 0)
        return false;
    return !tf_is_known(o) || !tf_is_known(n) || !tf_value_equal(o, n);
}

/* triggersCustomizeDiff: without force_new_deployment (or when all
 * triggers are removed) the triggers keep their prior value. */
static void svc_plan_triggers(tf_ctx *ctx, tf_plan_req *req)
{
    if (!svc_changed(req, "triggers"))
        return;
    bool fnd = tf_get_bool(req->planned, "force_new_deployment", false);
    size_t old_n = aws_block_len(tf_get(req->prior, "triggers"));
    size_t new_n = aws_block_len(tf_get(req->planned, "triggers"));
    if (fnd && !(old_n > 0 && new_n == 0))
        return;
    const tf_value *cur = tf_get(req->planned, "triggers");
    const tf_value *v = tf_is_null(req->prior) ? tf_unknown(ctx->arena, cur->type)
                                               : tf_get(req->prior, "triggers");
    req->planned = tf_object_with(ctx->arena, req->planned, "triggers", v);
}

/* capacityProviderStrategyCustomizeDiff: changing the strategies of an
 * existing service needs force_new_deployment, and even then a new service
 * when there were none or will be none. */
static void svc_plan_capacity_providers(tf_ctx *ctx, tf_plan_req *req)
{
    tf_arena *a = ctx->arena;
    if (tf_is_null(req->prior) || !svc_changed(req, "capacity_provider_strategy"))
        return;
    size_t ol = aws_block_len(tf_get(req->prior, "capacity_provider_strategy"));
    size_t nl = aws_block_len(tf_get(req->planned, "capacity_provider_strategy"));
    if (tf_get_bool(req->planned, "force_new_deployment", false) && (ol > 0) == (nl > 0))
        return;
    tf_plan_add_replace(a, req, tf_path_attr(a, tf_path_root(a), "capacity_provider_strategy"));
}

/* propagate_tags "NONE" (what AWS reports) and unset are the same. */
static void svc_plan_propagate_tags(tf_ctx *ctx, tf_plan_req *req)
{
    if (strcmp(tf_get_str(req->prior, "propagate_tags", ""), "NONE") == 0 &&
        aws_plan_str(req, "propagate_tags")[0] == '\0')
        aws_plan_suppress(ctx, req, SVC_SCHEMA, "propagate_tags");
}

/* verify.SuppressMissingOptionalConfigurationBlock: a block AWS fills in
 * (circuit breaker, controller, alarms) that config leaves out has no
 * diff. */
static void svc_plan_missing_blocks(tf_ctx *ctx, tf_plan_req *req)
{
    static const char *const names[] = {"alarms", "deployment_circuit_breaker",
                                        "deployment_controller", NULL};
    for (size_t i = 0; names[i]; i++)
        if (aws_block_len(tf_get(req->config, names[i])) == 0 &&
            aws_block_len(tf_get(req->prior, names[i])) > 0)
            aws_plan_suppress(ctx, req, SVC_SCHEMA, names[i]);
}

/* An imported service holds wait_for_steady_state null (as hashicorp/aws
 * imports it); SDKv2 plans its default when it plans any change of the
 * service, and leaves it null otherwise. */
static void svc_plan_import_defaults(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->prior) || tf_value_equal(req->prior, req->planned) ||
        !tf_is_null(tf_get(req->planned, "wait_for_steady_state")))
        return;
    req->planned = tf_object_with(ctx->arena, req->planned, "wait_for_steady_state",
                                  tf_bool(ctx->arena, false));
}

static void service_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (!tf_is_null(req->planned))
        svc_plan_missing_blocks(ctx, req);
    if (tf_is_null(req->planned))
        return;
    svc_plan_daemon(ctx, req);
    svc_plan_placement(ctx, req);
    svc_plan_triggers(ctx, req);
    svc_plan_capacity_providers(ctx, req);
    svc_plan_propagate_tags(ctx, req);
    aws_tags_plan(ctx, req);
    svc_plan_import_defaults(ctx, req);
}

/* ---- CRUD (API calls, waiters, state) ----
 *
 * CreateService then wait until ACTIVE (or steady with
 * wait_for_steady_state); read with DescribeServices (missing or INACTIVE
 * means gone); UpdateService with the service's arguments, Tag/Untag for
 * tags; delete scales a replica service to 0, deletes it and waits until
 * INACTIVE.  The id is the service ARN; import takes cluster/service.
 * Nested objects move between state and JSON through small field tables.
 * service_connect_configuration, volume_configuration and
 * vpc_lattice_configurations are not supported yet (a clear error). */

#define SVC_TIMEOUT (20 * 60.0)

typedef struct svc_field {
    const char *tf, *js;
    char kind;   /* 's' string, 'i' integer, 'b' bool, 'S' set of strings */
} svc_field;

static const svc_field svc_lb_fields[] = {
    {"container_name", "containerName", 's'}, {"container_port", "containerPort", 'i'},
    {"elb_name", "loadBalancerName", 's'}, {"target_group_arn", "targetGroupArn", 's'}, {0},
};
static const svc_field svc_cps_fields[] = {
    {"base", "base", 'i'}, {"capacity_provider", "capacityProvider", 's'},
    {"weight", "weight", 'i'}, {0},
};
static const svc_field svc_ops_fields[] = {{"field", "field", 's'}, {"type", "type", 's'}, {0}};
static const svc_field svc_pc_fields[] = {
    {"expression", "expression", 's'}, {"type", "type", 's'}, {0},
};
static const svc_field svc_sr_fields[] = {
    {"container_name", "containerName", 's'}, {"container_port", "containerPort", 'i'},
    {"port", "port", 'i'}, {"registry_arn", "registryArn", 's'}, {0},
};
static const svc_field svc_dcb_fields[] = {
    {"enable", "enable", 'b'}, {"rollback", "rollback", 'b'}, {0},
};
static const svc_field svc_alarm_fields[] = {
    {"alarm_names", "alarmNames", 'S'}, {"enable", "enable", 'b'}, {"rollback", "rollback", 'b'},
    {0},
};
static const svc_field svc_ctl_fields[] = {{"type", "type", 's'}, {0}};

static json_t *svc_obj_json(const tf_value *o, const svc_field *f)
{
    json_t *j = json_object();
    for (; f->tf; f++) {
        const tf_value *v = tf_get(o, f->tf);
        if (!tf_is_known(v))
            continue;
        if (f->kind == 's' && v->u.str.len > 0)
            json_object_set_new(j, f->js, json_stringn(v->u.str.ptr, v->u.str.len));
        else if (f->kind == 'i') {
            int64_t i;
            if (tf_number_to_i64(v, &i))
                json_object_set_new(j, f->js, json_integer(i));
        } else if (f->kind == 'b')
            json_object_set_new(j, f->js, json_boolean(v->u.b));
        else if (f->kind == 'S')
            json_object_set_new(j, f->js, ecs_strings_json(v));
    }
    return j;
}

static json_t *svc_objs_json(const tf_value *coll, const svc_field *f)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < aws_block_len(coll); i++)
        json_array_append_new(arr, svc_obj_json(coll->u.coll.items[i], f));
    return arr;
}

static const tf_value *svc_obj_state(tf_arena *a, const tf_block *blk, const json_t *j,
                                     const svc_field *f)
{
    tf_objb b;
    tf_objb_init(&b, a, blk->ctype, NULL);
    for (; f->tf; f++) {
        if (f->kind == 's') {
            const char *s = ecs_json_str(a, j, f->js);
            tf_objb_str(&b, f->tf, s ? s : "");
        } else if (f->kind == 'i') {
            tf_objb_i64(&b, f->tf, ecs_json_int(j, f->js, 0));
        } else if (f->kind == 'b') {
            tf_objb_bool(&b, f->tf, ecs_json_bool(j, f->js, false));
        } else {
            tf_objb_set(&b, f->tf, ecs_json_strings(a, json_object_get(j, f->js), true));
        }
    }
    return tf_objb_done(&b);
}

/* A list or set block from a JSON array (or one JSON object). */
static const tf_value *svc_objs_state(tf_arena *a, const tf_block *blk, const json_t *j,
                                      const svc_field *f, bool as_set)
{
    size_t n = json_is_array(j) ? json_array_size(j) : json_is_object(j) ? 1 : 0;
    const tf_value **items = tf_arena_calloc(a, n + 1, sizeof *items);
    for (size_t i = 0; i < n; i++)
        items[i] = svc_obj_state(a, blk, json_is_array(j) ? json_array_get(j, i) : j, f);
    return as_set ? tf_set(a, blk->ctype, n, items) : tf_list(a, blk->ctype, n, items);
}

static json_t *svc_network_json(const tf_value *planned)
{
    const tf_value *nc = aws_block_get(planned, "network_configuration");
    if (!nc)
        return NULL;
    return json_pack("{s:{s:o,s:o,s:s}}", "awsvpcConfiguration", "subnets",
                     ecs_strings_json(tf_get(nc, "subnets")), "securityGroups",
                     ecs_strings_json(tf_get(nc, "security_groups")), "assignPublicIp",
                     tf_get_bool(nc, "assign_public_ip", false) ? "ENABLED" : "DISABLED");
}

static json_t *svc_deployment_json(const tf_value *planned)
{
    json_t *dc = json_object();
    const tf_value *mx = tf_get(planned, "deployment_maximum_percent");
    const tf_value *mn = tf_get(planned, "deployment_minimum_healthy_percent");
    int64_t i;
    if (tf_is_known(mx) && tf_number_to_i64(mx, &i))
        json_object_set_new(dc, "maximumPercent", json_integer(i));
    if (tf_is_known(mn) && tf_number_to_i64(mn, &i))
        json_object_set_new(dc, "minimumHealthyPercent", json_integer(i));
    const tf_value *cb = aws_block_get(planned, "deployment_circuit_breaker");
    if (cb)
        json_object_set_new(dc, "deploymentCircuitBreaker", svc_obj_json(cb, svc_dcb_fields));
    const tf_value *al = aws_block_get(planned, "alarms");
    if (al)
        json_object_set_new(dc, "alarms", svc_obj_json(al, svc_alarm_fields));
    return dc;
}

/* The arguments CreateService and UpdateService share. */
static void svc_common_input(json_t *in, const tf_value *planned, bool create)
{
    bool daemon = strcmp(tf_get_str(planned, "scheduling_strategy", "REPLICA"), "DAEMON") == 0;
    const tf_value *dcount = tf_get(planned, "desired_count");
    int64_t i;
    if (!daemon && tf_is_known(dcount) && tf_number_to_i64(dcount, &i))
        json_object_set_new(in, "desiredCount", json_integer(i));
    ecs_json_put_str(in, "taskDefinition", planned, "task_definition");
    json_t *dc = svc_deployment_json(planned);
    if (json_object_size(dc) > 0)
        json_object_set_new(in, "deploymentConfiguration", dc);
    else
        json_decref(dc);
    json_t *nc = svc_network_json(planned);
    if (nc)
        json_object_set_new(in, "networkConfiguration", nc);
    const tf_value *v = tf_get(planned, "load_balancer");
    if (aws_block_len(v) > 0 || !create)
        json_object_set_new(in, "loadBalancers", svc_objs_json(v, svc_lb_fields));
    v = tf_get(planned, "placement_constraints");
    if (aws_block_len(v) > 0 || !create)
        json_object_set_new(in, "placementConstraints", svc_objs_json(v, svc_pc_fields));
    v = tf_get(planned, "ordered_placement_strategy");
    if (aws_block_len(v) > 0 || !create)
        json_object_set_new(in, "placementStrategy", svc_objs_json(v, svc_ops_fields));
    v = tf_get(planned, "service_registries");
    if (aws_block_len(v) > 0 || !create)
        json_object_set_new(in, "serviceRegistries", svc_objs_json(v, svc_sr_fields));
    v = tf_get(planned, "capacity_provider_strategy");
    if (aws_block_len(v) > 0)
        json_object_set_new(in, "capacityProviderStrategy", svc_objs_json(v, svc_cps_fields));
    v = tf_get(planned, "health_check_grace_period_seconds");
    if (tf_is_known(v) && tf_number_to_i64(v, &i) && (i > 0 || !create))
        json_object_set_new(in, "healthCheckGracePeriodSeconds", json_integer(i));
    ecs_json_put_str(in, "platformVersion", planned, "platform_version");
    ecs_json_put_str(in, "propagateTags", planned, "propagate_tags");
    ecs_json_put_str(in, "availabilityZoneRebalancing", planned, "availability_zone_rebalancing");
    json_object_set_new(in, "enableECSManagedTags",
                        json_boolean(tf_get_bool(planned, "enable_ecs_managed_tags", false)));
    json_object_set_new(in, "enableExecuteCommand",
                        json_boolean(tf_get_bool(planned, "enable_execute_command", false)));
}

static int svc_unsupported(tf_ctx *ctx, const tf_value *planned)
{
    static const char *const names[] = {"service_connect_configuration", "volume_configuration",
                                        "vpc_lattice_configurations", NULL};
    for (size_t i = 0; names[i]; i++)
        if (aws_block_len(tf_get(planned, names[i])) > 0) {
            tf_diag_error(ctx->diags, NULL, "Argument not supported",
                          "aws_ecs_service: %s is not supported by this provider yet.",
                          names[i]);
            return -1;
        }
    return 0;
}

/* DescribeServices of one service, as ecs_describe_active. */
static int svc_find(tf_ctx *ctx, const aws_meta *m, const char *cluster, const char *id,
                    json_t **out, const json_t **svc, aws_error *err)
{
    static const char *const gone[] = {"ClusterNotFoundException", "ServiceNotFoundException",
                                       NULL};
    json_t *in = json_pack("{s:[s],s:[s]}", "services", id, "include", "TAGS");
    if (*cluster)
        json_object_set_new(in, "cluster", json_string(cluster));
    return ecs_describe_active(ctx, m, "DescribeServices", in, "services", gone, out, svc, err);
}

typedef enum { SVC_WAIT_ACTIVE, SVC_WAIT_STEADY, SVC_WAIT_GONE } svc_wait_kind;

typedef struct svc_waiter {
    tf_ctx *ctx;
    const aws_meta *m;
    const char *cluster, *id;
    svc_wait_kind kind;
} svc_waiter;

static aws_wait_status svc_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    svc_waiter *w = ud;
    json_t *out = NULL;
    const json_t *svc = NULL;
    int rc = svc_find(w->ctx, w->m, w->cluster, w->id, &out, &svc, err);
    aws_wait_status ws = AWS_WAIT_CONTINUE;
    if (rc < 0) {
        ws = AWS_WAIT_FAIL;
    } else if (rc == ECS_GONE) {
        snprintf(state, state_len, "gone");
        ws = w->kind == SVC_WAIT_GONE ? AWS_WAIT_DONE : AWS_WAIT_CONTINUE;
    } else {
        const char *st = json_string_value(json_object_get(svc, "status"));
        snprintf(state, state_len, "%s", st ? st : "");
        bool active = st && strcmp(st, "ACTIVE") == 0;
        if (w->kind == SVC_WAIT_ACTIVE && active)
            ws = AWS_WAIT_DONE;
        else if (w->kind == SVC_WAIT_STEADY && active &&
                 json_array_size(json_object_get(svc, "deployments")) == 1 &&
                 ecs_json_int(svc, "runningCount", -1) == ecs_json_int(svc, "desiredCount", -2))
            ws = AWS_WAIT_DONE;
    }
    json_decref(out);
    return ws;
}

/* The form config used: an ARN stays an ARN, else the short name. */
static const char *svc_same_form(tf_arena *a, const char *base, const char *arn,
                                 const char *short_form)
{
    (void)a;
    if (!arn)
        return NULL;
    return strncmp(base, "arn:", 4) == 0 ? arn : short_form;
}

static const tf_value *svc_state(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                 const json_t *svc)
{
    tf_arena *a = ctx->arena;
    tf_objb b;
    tf_objb_init(&b, a, SVC_SCHEMA->ctype, base);
    const char *arn = ecs_json_str(a, svc, "serviceArn");
    tf_objb_str(&b, "id", arn);
    tf_objb_str(&b, "name", ecs_json_str(a, svc, "serviceName"));
    const char *carn = ecs_json_str(a, svc, "clusterArn");
    if (carn)
        tf_objb_str(&b, "cluster", svc_same_form(a, tf_get_str(base, "cluster", ""), carn,
                                                 ecs_arn_last(carn)));
    const char *tdarn = ecs_json_str(a, svc, "taskDefinition");
    if (tdarn) {
        const char *fr = strstr(tdarn, "task-definition/");
        tf_objb_str(&b, "task_definition",
                    svc_same_form(a, tf_get_str(base, "task_definition", ""), tdarn,
                                  fr ? fr + strlen("task-definition/") : tdarn));
    }
    const char *role = ecs_json_str(a, svc, "roleArn");
    if (role) {
        const char *r = strstr(role, ":role/");
        tf_objb_str(&b, "iam_role", svc_same_form(a, tf_get_str(base, "iam_role", ""), role,
                                                  r ? r + strlen(":role/") : role));
    }
    const char *s = ecs_json_str(a, svc, "launchType");
    tf_objb_str(&b, "launch_type", s ? s : "");
    s = ecs_json_str(a, svc, "schedulingStrategy");
    tf_objb_str(&b, "scheduling_strategy", s ? s : "REPLICA");
    s = ecs_json_str(a, svc, "platformVersion");
    tf_objb_str(&b, "platform_version", s ? s : "");
    s = ecs_json_str(a, svc, "propagateTags");
    tf_objb_str(&b, "propagate_tags", s ? s : "NONE");
    s = ecs_json_str(a, svc, "availabilityZoneRebalancing");
    if (s)
        tf_objb_str(&b, "availability_zone_rebalancing", s);
    tf_objb_i64(&b, "desired_count", ecs_json_int(svc, "desiredCount", 0));
    tf_objb_i64(&b, "health_check_grace_period_seconds",
                ecs_json_int(svc, "healthCheckGracePeriodSeconds", 0));
    tf_objb_bool(&b, "enable_ecs_managed_tags", ecs_json_bool(svc, "enableECSManagedTags", false));
    tf_objb_bool(&b, "enable_execute_command", ecs_json_bool(svc, "enableExecuteCommand", false));

    const json_t *dc = json_object_get(svc, "deploymentConfiguration");
    tf_objb_i64(&b, "deployment_maximum_percent", ecs_json_int(dc, "maximumPercent", 200));
    tf_objb_i64(&b, "deployment_minimum_healthy_percent",
                ecs_json_int(dc, "minimumHealthyPercent", 100));
    tf_objb_set(&b, "deployment_circuit_breaker",
                svc_objs_state(a, svc_block("deployment_circuit_breaker"),
                               json_object_get(dc, "deploymentCircuitBreaker"), svc_dcb_fields,
                               false));
    tf_objb_set(&b, "alarms", svc_objs_state(a, svc_block("alarms"), json_object_get(dc, "alarms"),
                                             svc_alarm_fields, false));
    tf_objb_set(&b, "deployment_controller",
                svc_objs_state(a, svc_block("deployment_controller"),
                               json_object_get(svc, "deploymentController"), svc_ctl_fields,
                               false));
    tf_objb_set(&b, "load_balancer", svc_objs_state(a, svc_block("load_balancer"),
                                                    json_object_get(svc, "loadBalancers"),
                                                    svc_lb_fields, true));
    tf_objb_set(&b, "capacity_provider_strategy",
                svc_objs_state(a, svc_block("capacity_provider_strategy"),
                               json_object_get(svc, "capacityProviderStrategy"), svc_cps_fields,
                               true));
    tf_objb_set(&b, "ordered_placement_strategy",
                svc_objs_state(a, svc_block("ordered_placement_strategy"),
                               json_object_get(svc, "placementStrategy"), svc_ops_fields, false));
    tf_objb_set(&b, "placement_constraints",
                svc_objs_state(a, svc_block("placement_constraints"),
                               json_object_get(svc, "placementConstraints"), svc_pc_fields,
                               true));
    tf_objb_set(&b, "service_registries",
                svc_objs_state(a, svc_block("service_registries"),
                               json_object_get(svc, "serviceRegistries"), svc_sr_fields, false));

    const tf_type *nct = svc_block("network_configuration")->ctype;
    const json_t *aw = json_object_get(json_object_get(svc, "networkConfiguration"),
                                       "awsvpcConfiguration");
    if (json_is_object(aw)) {
        tf_objb nb;
        tf_objb_init(&nb, a, nct, NULL);
        const char *ip = ecs_json_str(a, aw, "assignPublicIp");
        tf_objb_bool(&nb, "assign_public_ip", ip && strcmp(ip, "ENABLED") == 0);
        tf_objb_set(&nb, "subnets", ecs_json_strings(a, json_object_get(aw, "subnets"), true));
        tf_objb_set(&nb, "security_groups",
                    ecs_json_strings(a, json_object_get(aw, "securityGroups"), true));
        const tf_value *one = tf_objb_done(&nb);
        tf_objb_set(&b, "network_configuration", tf_list(a, nct, 1, &one));
    } else {
        tf_objb_set(&b, "network_configuration", tf_list(a, nct, 0, NULL));
    }
    tf_objb_set(&b, "service_connect_configuration",
                tf_list(a, svc_block("service_connect_configuration")->ctype, 0, NULL));
    tf_objb_set(&b, "volume_configuration",
                tf_list(a, svc_block("volume_configuration")->ctype, 0, NULL));
    tf_objb_set(&b, "vpc_lattice_configurations",
                tf_set(a, svc_block("vpc_lattice_configurations")->ctype, 0, NULL));
    const tf_value *trig = tf_get(base, "triggers");
    if (!tf_is_known(trig))
        tf_objb_set(&b, "triggers", tf_map(a, &tf_type_string, 0, NULL, NULL));

    ecs_tags_state(&b, m, json_object_get(svc, "tags"), base);
    return tf_objb_done(&b);
}

static const tf_value *svc_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base)
{
    const char *id = tf_get_str(base, "id", "");
    const char *cluster = tf_get_str(base, "cluster", "");
    json_t *out = NULL;
    const json_t *svc = NULL;
    aws_error err;
    int rc = svc_find(ctx, m, cluster, id, &out, &svc, &err);
    const tf_value *st = NULL;
    const char *status = rc == ECS_FOUND ? json_string_value(json_object_get(svc, "status")) : NULL;
    /* As hashicorp/aws: a service that is not ACTIVE (DRAINING after a
     * delete) is gone for Terraform. */
    if (rc == ECS_GONE || (rc == ECS_FOUND && (!status || strcmp(status, "ACTIVE") != 0)))
        st = tf_null(ctx->arena, SVC_SCHEMA->ctype);
    else if (rc < 0)
        aws_diag(ctx, &err, "reading ECS Service (%s)", id);
    else
        st = svc_state(ctx, m, base, svc);
    json_decref(out);
    return st;
}

static int svc_wait(tf_ctx *ctx, const aws_meta *m, const tf_value *st, svc_wait_kind kind,
                    double timeout, const char *what)
{
    aws_error err;
    svc_waiter w = {.ctx = ctx, .m = m, .cluster = tf_get_str(st, "cluster", ""),
                    .id = tf_get_str(st, "id", ""), .kind = kind};
    if (aws_wait(ctx->stop, timeout, svc_poll, &w, &err) != 0) {
        aws_diag(ctx, &err, "waiting for ECS Service (%s) %s", w.id, what);
        return -1;
    }
    return 0;
}

static const tf_value *svc_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m || svc_unsupported(ctx, planned) != 0)
        return NULL;
    tf_arena *a = ctx->arena;
    double timeout = aws_timeout(planned, "create", SVC_TIMEOUT);
    const char *name = tf_get_str(planned, "name", "");
    /* aws_create_once gives the create its clientToken. */
    json_t *in = json_pack("{s:s}", "serviceName", name);
    ecs_json_put_str(in, "cluster", planned, "cluster");
    ecs_json_put_str(in, "launchType", planned, "launch_type");
    ecs_json_put_str(in, "schedulingStrategy", planned, "scheduling_strategy");
    ecs_json_put_str(in, "role", planned, "iam_role");
    const tf_value *ctl = aws_block_get(planned, "deployment_controller");
    if (ctl)
        json_object_set_new(in, "deploymentController", svc_obj_json(ctl, svc_ctl_fields));
    svc_common_input(in, planned, true);
    ecs_json_put_tags(a, in, planned);
    /* A cluster just created, or IAM roles just made, may not be visible
     * to ECS yet, nor a target group's listener; a service of the same name deleted a moment ago (a
     * replacement, or one deleted behind Terraform's back) blocks the name
     * until it has drained. */
    static const ecs_retry retry[] = {
        {"ClusterNotFoundException", NULL},
        {"InvalidParameterException", "Creation of service was not idempotent"},
        {"InvalidParameterException", "Please verify that the ECS service role being passed"},
        {"InvalidParameterException", "Unable to assume role"},
        {"InvalidParameterException", "Unable to assume the service linked role"},
        /* A target group whose listener is being created in parallel. */
        {"InvalidParameterException", "does not have an associated load balancer"},
        {0},
    };
    static const ecs_create_op create = {"CreateService", "ECS Service", "service", "serviceArn"};
    const char *arn = ecs_create(ctx, m, &create, in, name, timeout < 240 ? timeout : 240, retry,
                                  NULL, NULL);
    if (!arn)
        return NULL;
    const tf_value *state = tf_object_with(a, planned, "id", tf_string(a, arn));
    bool steady = tf_get_bool(planned, "wait_for_steady_state", false);
    if (svc_wait(ctx, m, state, steady ? SVC_WAIT_STEADY : SVC_WAIT_ACTIVE, timeout,
                 "create") != 0)
        return state;
    const tf_value *r = svc_refresh(ctx, m, state);
    return tf_is_known(r) ? r : state;
}

static const tf_value *svc_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    return m ? svc_refresh(ctx, m, state) : NULL;
}

/* Arguments whose change needs an UpdateService call. */
static const char *const svc_update_args[] = {
    "alarms", "availability_zone_rebalancing", "capacity_provider_strategy",
    "deployment_circuit_breaker", "deployment_maximum_percent",
    "deployment_minimum_healthy_percent", "desired_count", "enable_ecs_managed_tags",
    "enable_execute_command", "force_new_deployment", "health_check_grace_period_seconds",
    "load_balancer", "network_configuration", "ordered_placement_strategy",
    "placement_constraints", "platform_version", "propagate_tags", "service_registries",
    "task_definition", "triggers", NULL,
};

static const tf_value *svc_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m || svc_unsupported(ctx, planned) != 0)
        return NULL;
    double timeout = aws_timeout(planned, "update", SVC_TIMEOUT);
    const char *id = tf_get_str(prior, "id", "");
    bool changed = false;
    for (size_t i = 0; svc_update_args[i]; i++)
        if (!tf_value_equal(tf_get(prior, svc_update_args[i]), tf_get(planned, svc_update_args[i])))
            changed = true;
    aws_error err;
    if (changed) {
        json_t *in = json_pack("{s:s}", "service", id);
        ecs_json_put_str(in, "cluster", planned, "cluster");
        svc_common_input(in, planned, false);
        if (tf_get_bool(planned, "force_new_deployment", false))
            json_object_set_new(in, "forceNewDeployment", json_true());
        json_t *out = NULL;
        int rc = ecs_call(ctx, m, "UpdateService", in, &out, &err);
        json_decref(in);
        json_decref(out);
        if (rc != 0) {
            aws_diag(ctx, &err, "updating ECS Service (%s)", id);
            return prior;
        }
        bool steady = tf_get_bool(planned, "wait_for_steady_state", false);
        if (svc_wait(ctx, m, planned, steady ? SVC_WAIT_STEADY : SVC_WAIT_ACTIVE, timeout,
                     "update") != 0)
            return planned;
    }
    if (ecs_tags_update(ctx, m, id, tf_get(prior, "tags_all"), tf_get(planned, "tags_all")) != 0)
        return planned;
    const tf_value *r = svc_refresh(ctx, m, planned);
    return tf_is_known(r) ? r : planned;
}

static void svc_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    double timeout = aws_timeout(prior, "delete", SVC_TIMEOUT);
    const char *id = tf_get_str(prior, "id", "");
    const char *cluster = tf_get_str(prior, "cluster", "");
    json_t *out = NULL;
    const json_t *svc = NULL;
    aws_error err;
    int rc = svc_find(ctx, m, cluster, id, &out, &svc, &err);
    if (rc == ECS_GONE) {
        json_decref(out);
        return;
    }
    if (rc < 0) {
        json_decref(out);
        aws_diag(ctx, &err, "deleting ECS Service (%s)", id);
        return;
    }
    const char *st = json_string_value(json_object_get(svc, "status"));
    const char *sched = json_string_value(json_object_get(svc, "schedulingStrategy"));
    bool draining = st && strcmp(st, "DRAINING") == 0;
    bool daemon = sched && strcmp(sched, "DAEMON") == 0;
    json_decref(out);
    bool force = tf_get_bool(prior, "force_delete", false);
    if (!draining && !daemon && !force) {
        json_t *in = json_pack("{s:s,s:s,s:i}", "cluster", cluster, "service", id,
                               "desiredCount", 0);
        rc = ecs_call(ctx, m, "UpdateService", in, &out, &err);
        json_decref(in);
        json_decref(out);
        if (rc != 0 && !aws_error_is(&err, "ServiceNotActiveException")) {
            aws_diag(ctx, &err, "draining ECS Service (%s)", id);
            return;
        }
    }
    if (!draining) {
        /* DeleteService, retried while deployments or dependents still hold it. */
        static const char *const gone[] = {"ServiceNotFoundException",
                                           "ServiceNotActiveException", NULL};
        static const ecs_retry busy[] = {
            {NULL, "deployments are active"}, {NULL, "has a dependent object"}, {0},
        };
        json_t *in = json_pack("{s:s,s:s,s:b}", "cluster", cluster, "service", id, "force", force);
        rc = ecs_call_until_done(ctx, m, "DeleteService", in, timeout, gone, busy, &err);
        json_decref(in);
        if (rc != 0) {
            aws_diag(ctx, &err, "deleting ECS Service (%s)", id);
            return;
        }
    }
    svc_wait(ctx, m, prior, SVC_WAIT_GONE, timeout, "delete");
}

/* resourceServiceImport: "cluster/service" -> the service's ARN as id and
 * the cluster's ARN. */
static const tf_value *svc_import(tf_ctx *ctx, const char *id)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *slash = strchr(id, '/');
    if (!slash || slash == id || !slash[1] || strchr(slash + 1, '/')) {
        tf_diag_error(ctx->diags, NULL, "Invalid import ID",
                      "Expected cluster-name/service-name, got \"%s\".", id);
        return NULL;
    }
    const char *cluster = tf_arena_printf(a, "%.*s", (int)(slash - id), id);
    const char *name = slash + 1;
    tf_objb b;
    tf_objb_init(&b, a, SVC_SCHEMA->ctype, NULL);
    tf_objb_str(&b, "id", tf_arena_printf(a, "arn:%s:ecs:%s:%s:service/%s/%s", m->partition,
                                          m->region, m->account_id, cluster, name));
    tf_objb_str(&b, "cluster", tf_arena_printf(a, "arn:%s:ecs:%s:%s:cluster/%s", m->partition,
                                               m->region, m->account_id, cluster));
    tf_objb_str(&b, "name", name);
    return tf_objb_done(&b);
}

/* ---- definition ---- */

/* hashicorp/aws stores the propagate_tags its read after create finds
 * ("NONE" from AWS for a service created without it); the plan then
 * suppresses "NONE" against an unset argument (svc_plan_propagate_tags). */
static const char *const svc_apply_reads[] = {"propagate_tags", NULL};

const tf_resource_def aws_ecs_service_def = {
    .type_name = "aws_ecs_service",
    .version = 1,
    .schema = SVC_SCHEMA,
    .modify_plan = service_modify_plan,
    .create = svc_create,
    .read = svc_read,
    .update = svc_update,
    .delete = svc_delete,
    .import = svc_import,
    .apply_reads = svc_apply_reads,
};

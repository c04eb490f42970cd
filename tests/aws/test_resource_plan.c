/* test_resource_plan.c - the modify_plan hooks of the load balancing, ECS
 * and Auto Scaling resources, and the container definitions normal form.
 *
 * Expected values were taken from plans made by hashicorp/aws 5.100.0 (the
 * same cases run end to end in tests/e2e/test_plan_parity_more.py); here
 * they run without Terraform, under the sanitizers. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ecs/container_definitions.h"
#include "plan.h"
#include "provider.h"
#include "provider_meta.h"
#include "resources.h"
#include "check.h"

static tf_arena *A;
static aws_meta META;

static const tf_value *S(const char *s) { return tf_string(A, s); }
static const tf_value *N(int64_t n) { return tf_number_i64(A, n); }
static const tf_value *B(bool b) { return tf_bool(A, b); }

static const tf_value *strset(size_t n, ...)
{
    const tf_value *items[8];
    va_list ap;
    va_start(ap, n);
    for (size_t i = 0; i < n; i++)
        items[i] = S(va_arg(ap, const char *));
    va_end(ap);
    return tf_set(A, &tf_type_string, n, items);
}

static const tf_value *name_tag(const char *v)
{
    const tf_value *val = S(v);
    const char *key = "Name";
    return tf_map(A, &tf_type_string, 1, &key, &val);
}

/* An object of block b's type: the given attributes (name, value pairs,
 * NULL terminated), absent blocks as empty collections, the rest null. */
static const tf_value *obj(const tf_block *b, ...)
{
    const tf_type *t = b->ctype;
    const tf_value **items = tf_arena_calloc(A, t->n ? t->n : 1, sizeof *items);
    for (size_t i = 0; i < t->n; i++) {
        const tf_nested_block *nb = tf_block_nested(b, t->names[i]);
        if (nb && nb->nesting == TF_NEST_LIST)
            items[i] = tf_list(A, t->types[i]->elem, 0, NULL);
        else if (nb && nb->nesting == TF_NEST_SET)
            items[i] = tf_set(A, t->types[i]->elem, 0, NULL);
        else
            items[i] = tf_null(A, t->types[i]);
    }
    va_list ap;
    va_start(ap, b);
    for (const char *name; (name = va_arg(ap, const char *));) {
        const tf_value *v = va_arg(ap, const tf_value *);
        int i = tf_type_attr_index(t, name);
        CHECK_MSG(i >= 0, "test bug: no attribute %s", name);
        if (i >= 0)
            items[i] = v;
    }
    va_end(ap);
    return tf_object(A, t, items);
}

static const tf_block *nested(const tf_block *b, const char *name)
{
    return tf_block_nested(b, name)->block;
}

/* A list or set block value of the given elements. */
static const tf_value *blocks(const tf_block *b, const char *name, size_t n, ...)
{
    const tf_nested_block *nb = tf_block_nested(b, name);
    const tf_value *items[8];
    va_list ap;
    va_start(ap, n);
    for (size_t i = 0; i < n; i++)
        items[i] = va_arg(ap, const tf_value *);
    va_end(ap);
    const tf_type *et = nb->block->ctype;
    return nb->nesting == TF_NEST_SET ? tf_set(A, et, n, items) : tf_list(A, et, n, items);
}

typedef struct {
    tf_plan_out out;
    tf_diags diags;
} planned;

static planned plan(const tf_resource_def *def, const tf_value *prior, const tf_value *config)
{
    planned p;
    tf_diags_init(&p.diags, A);
    tf_ctx ctx = {.arena = A, .diags = &p.diags, .meta = &META, .type_name = def->type_name};
    if (!prior)
        prior = tf_null(A, def->schema->ctype);
    tf_plan_resource(&ctx, def, prior, config, config, NULL, 0, &p.out);
    CHECK_MSG(!tf_diags_has_error(&p.diags) && p.out.planned, "%s: planning failed",
              def->type_name);
    return p;
}

static const tf_value *get(const planned *p, const char *name)
{
    return p->out.planned ? tf_get(p->out.planned, name) : NULL;
}

static bool is_str(const tf_value *v, const char *s)
{
    return tf_is_known(v) && strcmp(v->u.str.ptr, s) == 0;
}

static bool replaces(const planned *p, const char *name)
{
    for (size_t i = 0; i < p->out.n_replace; i++) {
        const tf_path *path = p->out.replace[i];
        if (path->n == 1 && strcmp(path->steps[0].name, name) == 0)
            return true;
    }
    return false;
}

/* ---- container definitions ---- */

static void check_normal(const char *in, const char *want)
{
    const char *got = ecs_container_definitions_normalize(A, in, strlen(in));
    CHECK_MSG(strcmp(got, want) == 0, "normalise %s\n  got  %s\n  want %s", in, got, want);
}

static void test_container_definitions(void)
{
    /* sorted containers and environment, Go's escaping, the normal form */
    check_normal("[{\"name\":\"web\",\"environment\":[{\"name\":\"Z\",\"value\":\"1\"},"
                 "{\"name\":\"A\",\"value\":\"2\"}],\"essential\":true},"
                 "{\"name\":\"side\",\"image\":\"a<b\",\"portMappings\":[]}]",
                 "[{\"image\":\"a\\u003cb\",\"name\":\"side\",\"portMappings\":[]},"
                 "{\"environment\":[{\"name\":\"A\",\"value\":\"2\"},{\"name\":\"Z\","
                 "\"value\":\"1\"}],\"essential\":true,\"name\":\"web\"}]");
    /* what hashicorp/aws made of this in a plan: keys matched ignoring
     * case, unknown keys and nulls dropped, zero cpu dropped, empty list
     * entries removed where the SDK compacts, required ints serialised */
    check_normal(
        "[{\"Name\": \"z\", \"IMAGE\": \"img<&>\", \"unknownKey\": 5, \"cpu\": 0, \"memory\": null,"
        " \"portMappings\": [{}, null, {\"containerPort\": 80, \"protocol\": \"\"}],"
        " \"environment\": [], \"ulimits\": [{\"name\": \"nofile\"}, {\"hardLimit\": 0}],"
        " \"linuxParameters\": {\"tmpfs\": [{\"containerPath\": \"/t\"}], \"devices\": [{}]},"
        " \"dockerLabels\": {\"b\": \"1\", \"a\": null}, \"command\": [\"a\", null],"
        " \"healthCheck\": {\"command\": [\"x\"]}, \"versionConsistency\": \"\","
        " \"logConfiguration\": {\"logDriver\": \"awslogs\", \"secretOptions\": [{}]}},"
        " {\"name\": \"y\\u2028q\", \"essential\": true,"
        " \"secrets\": [{\"name\": \"b\"}, {\"name\": \"a\", \"valueFrom\": \"v\"}]}]",
        "[{\"essential\":true,\"name\":\"y\\u2028q\",\"secrets\":[{\"name\":\"a\",\"valueFrom\":"
        "\"v\"},{\"name\":\"b\"}]},{\"command\":[\"a\",\"\"],\"dockerLabels\":{\"a\":\"\",\"b\":"
        "\"1\"},\"environment\":[],\"healthCheck\":{\"command\":[\"x\"]},\"image\":"
        "\"img\\u003c\\u0026\\u003e\",\"linuxParameters\":{\"devices\":[{}],\"tmpfs\":[{"
        "\"containerPath\":\"/t\",\"size\":0}]},\"logConfiguration\":{\"logDriver\":\"awslogs\","
        "\"secretOptions\":[{}]},\"name\":\"z\",\"portMappings\":[{\"containerPort\":80}],"
        "\"ulimits\":[{\"hardLimit\":0,\"name\":\"nofile\",\"softLimit\":0}]}]");
    /* equal names keep their order; int lists take zero for null */
    check_normal("[{\"name\": \"x\"}, {\"name\": \"x\", \"image\": \"second\"}, {\"name\": \"a\","
                 " \"restartPolicy\": {\"enabled\": true, \"ignoredExitCodes\": [1, null]}}]",
                 "[{\"name\":\"a\",\"restartPolicy\":{\"enabled\":true,\"ignoredExitCodes\":"
                 "[1,0]}},{\"name\":\"x\"},{\"image\":\"second\",\"name\":\"x\"}]");
    /* what does not decode is "[]", as the StateFunc returns */
    check_normal("not json", "[]");
    check_normal("[{}]", "[]");
    check_normal("[{\"cpu\": 0}]", "[]");
    check_normal("[{\"name\": 5}]", "[]");
    check_normal("[{\"name\": \"a\", \"healthCheck\": {\"interval\": \"30\"}}]", "[]");
    check_normal("[{\"name\": \"a\", \"memory\": 1.5}]", "[]");
    check_normal("[{\"name\": \"a\", \"versionConsistency\": \"sometimes\"}]", "[]");
    check_normal("{\"name\": \"a\"}", "[]");
    check_normal("[]", "[]");

    const char *base = "[{\"name\":\"b\",\"image\":\"nginx\",\"portMappings\":[{\"containerPort\":80}],"
                       "\"environment\":[{\"name\":\"Y\",\"value\":\"1\"},{\"name\":\"X\",\"value\":\"2\"}]},"
                       "{\"name\":\"a\",\"image\":\"busybox\",\"essential\":false}]";
    const char *same = "[{\"name\":\"a\",\"image\":\"busybox\",\"essential\":false},"
                       "{\"name\":\"b\",\"image\":\"nginx\",\"essential\":true,\"command\":[],"
                       "\"portMappings\":[{\"containerPort\":80,\"hostPort\":80,\"protocol\":\"tcp\"}],"
                       "\"environment\":[{\"name\":\"X\",\"value\":\"2\"},{\"name\":\"Y\",\"value\":\"1\"}]}]";
    CHECK_MSG(ecs_container_definitions_equivalent(base, strlen(base), same, strlen(same), true),
              "defaults and order are not ignored");
    CHECK_MSG(!ecs_container_definitions_equivalent(base, strlen(base), same, strlen(same), false),
              "host port 80 equals an unset one without awsvpc");
    const char *other = "[{\"name\":\"a\",\"image\":\"busybox:2\",\"essential\":false},"
                        "{\"name\":\"b\",\"image\":\"nginx\",\"portMappings\":[{\"containerPort\":80}],"
                        "\"environment\":[{\"name\":\"X\",\"value\":\"2\"},{\"name\":\"Y\",\"value\":\"1\"}]}]";
    CHECK_MSG(!ecs_container_definitions_equivalent(base, strlen(base), other, strlen(other), true),
              "a new image is equivalent");
    const char *hc1 = "[{\"name\":\"a\",\"healthCheck\":{\"command\":[\"x\"]}}]";
    const char *hc2 = "[{\"name\":\"a\",\"essential\":true,\"healthCheck\":{\"command\":[\"x\"],"
                      "\"interval\":30,\"retries\":3,\"timeout\":5}}]";
    CHECK_MSG(ecs_container_definitions_equivalent(hc1, strlen(hc1), hc2, strlen(hc2), false),
              "health check defaults are not filled in");
    CHECK_MSG(!ecs_container_definitions_equivalent("x", 1, "x", 1, false),
              "invalid JSON is equivalent to itself");
}

/* ---- task definition and service ---- */

static void test_task_definition(void)
{
    const tf_resource_def *def = &aws_ecs_task_definition_def;
    const tf_block *b = def->schema;
    const char *cd = "[{\"name\":\"b\",\"image\":\"x\"},{\"name\":\"a\",\"image\":\"y\"}]";
    planned p = plan(def, NULL, obj(b, "family", S("f"), "container_definitions", S(cd), NULL));
    CHECK_MSG(is_str(get(&p, "container_definitions"),
                 "[{\"image\":\"y\",\"name\":\"a\"},{\"image\":\"x\",\"name\":\"b\"}]"),
              "container_definitions not normalised");
    CHECK_MSG(p.out.legacy_type_system, "a normalised value needs the legacy type system");

    /* An equivalent configuration keeps the prior definitions. */
    const tf_value *prior = tf_object_with(A, p.out.planned, "revision", N(1));
    prior = tf_object_with(A, prior, "arn", S("arn:1"));
    prior = tf_object_with(A, prior, "id", S("f"));
    prior = tf_object_with(A, prior, "arn_without_revision", S("arn"));
    prior = tf_object_with(A, prior, "network_mode", S("bridge"));
    prior = tf_object_with(A, prior, "enable_fault_injection", B(false));
    prior = tf_object_with(A, prior, "tags_all", tf_map(A, &tf_type_string, 0, NULL, NULL));
    const char *cd2 = "[{\"name\":\"a\",\"image\":\"y\",\"essential\":true},{\"name\":\"b\",\"image\":\"x\"}]";
    planned q = plan(def, prior, obj(b, "family", S("f"), "container_definitions", S(cd2), NULL));
    CHECK_MSG(q.out.n_replace == 0 && tf_value_equal(get(&q, "container_definitions"),
                                                 get(&p, "container_definitions")),
              "equivalent containers planned a change");
    const char *cd3 = "[{\"name\":\"a\",\"image\":\"z\"},{\"name\":\"b\",\"image\":\"x\"}]";
    planned r = plan(def, prior, obj(b, "family", S("f"), "container_definitions", S(cd3), NULL));
    CHECK_MSG(replaces(&r, "container_definitions"), "a new image does not replace");
}

static void test_service(void)
{
    const tf_resource_def *def = &aws_ecs_service_def;
    const tf_block *b = def->schema;
    const tf_block *ops = nested(b, "ordered_placement_strategy");
    planned p = plan(def, NULL, obj(b, "name", S("d"), "scheduling_strategy", S("DAEMON"),
                                    "ordered_placement_strategy",
                                    blocks(b, "ordered_placement_strategy", 1,
                                           obj(ops, "type", S("spread"), "field", S("host"), NULL)),
                                    NULL));
    CHECK_MSG(tf_is_null(get(&p, "deployment_maximum_percent")) &&
              tf_is_null(get(&p, "deployment_minimum_healthy_percent")),
              "daemon service plans the default deployment percentages");
    const tf_value *ps = get(&p, "ordered_placement_strategy");
    CHECK_MSG(tf_is_known(ps) && is_str(tf_get(ps->u.coll.items[0], "field"), "instanceId"),
              "host is not planned as instanceId");
    CHECK_MSG(tf_is_unknown(get(&p, "triggers")), "triggers without force_new_deployment are known");

    planned q = plan(def, NULL, obj(b, "name", S("r"), "deployment_maximum_percent", N(150),
                                    "scheduling_strategy", S("DAEMON"), NULL));
    CHECK_MSG(tf_get_i64(q.out.planned, "deployment_maximum_percent", 0) == 150,
              "a configured percentage of a daemon service is lost");
    planned r = plan(def, NULL, obj(b, "name", S("r"), NULL));
    CHECK_MSG(tf_get_i64(r.out.planned, "deployment_maximum_percent", 0) == 200,
              "replica service lost its default");
}

/* ---- load balancers ---- */

static void test_lb(void)
{
    const tf_resource_def *def = &aws_elbv2_lb_def;
    const tf_block *b = def->schema;
    planned alb = plan(def, NULL, obj(b, "name", S("a"), "subnets", strset(2, "s-1", "s-2"),
                                      "dns_record_client_routing_policy", S("availability_zone_affinity"),
                                      "tags", name_tag("a"), NULL));
    CHECK_MSG(tf_is_null(get(&alb, "dns_record_client_routing_policy")) &&
              tf_is_null(get(&alb, "enable_cross_zone_load_balancing")),
              "network-only arguments planned for an application load balancer");
    CHECK_MSG(tf_get_i64(alb.out.planned, "idle_timeout", 0) == 60, "idle_timeout default lost");
    CHECK_MSG(is_str(tf_map_get(get(&alb, "tags_all"), "Name"), "a"), "tags_all not planned");

    const tf_block *sm = nested(b, "subnet_mapping");
    const tf_value *m1 = obj(sm, "subnet_id", S("s-1"), NULL), *m2 = obj(sm, "subnet_id", S("s-2"), NULL);
    const tf_value *cfg = obj(b, "name", S("n"), "load_balancer_type", S("network"),
                              "idle_timeout", N(30), "subnet_mapping", blocks(b, "subnet_mapping", 2, m1, m2),
                              NULL);
    planned nlb = plan(def, NULL, cfg);
    CHECK_MSG(tf_is_null(get(&nlb, "idle_timeout")) && tf_is_null(get(&nlb, "enable_http2")),
              "application-only arguments planned for a network load balancer");
    CHECK_MSG(is_str(get(&nlb, "dns_record_client_routing_policy"), "any_availability_zone"),
              "network default lost");

    /* The state after create: what AWS reports. */
    const tf_value *prior = nlb.out.planned;
    static const char *const computed[] = {"arn", "arn_suffix", "dns_name", "id", "vpc_id",
                                           "zone_id", "name_prefix", "ip_address_type",
                                           "enforce_security_group_inbound_rules_on_private_link_traffic"};
    for (size_t i = 0; i < sizeof computed / sizeof *computed; i++)
        prior = tf_object_with(A, prior, computed[i], S("x"));
    prior = tf_object_with(A, prior, "internal", B(false));
    prior = tf_object_with(A, prior, "security_groups", strset(0));
    prior = tf_object_with(A, prior, "subnets", strset(2, "s-1", "s-2"));
    prior = tf_object_with(A, prior, "tags_all", tf_map(A, &tf_type_string, 0, NULL, NULL));
    const tf_value *sms = tf_get(prior, "subnet_mapping");
    const tf_value *known[2];
    for (size_t i = 0; i < 2; i++)
        known[i] = tf_object_with(A, sms->u.coll.items[i], "outpost_id", S(""));
    prior = tf_object_with(A, prior, "subnet_mapping", tf_set(A, sm->ctype, 2, known));

    planned same = plan(def, prior, cfg);
    CHECK_MSG(same.out.n_replace == 0 && tf_value_equal(same.out.planned, prior),
              "unchanged network load balancer planned a change");
    const tf_value *m3 = obj(sm, "subnet_id", S("s-3"), NULL);
    planned add = plan(def, prior, tf_object_with(A, cfg, "subnet_mapping",
                                                  blocks(b, "subnet_mapping", 3, m1, m2, m3)));
    CHECK_MSG(add.out.n_replace == 0 && tf_is_unknown(get(&add, "subnets")),
              "added subnet mapping: replace %zu, subnets not unknown", add.out.n_replace);
    planned drop = plan(def, prior, tf_object_with(A, cfg, "subnet_mapping",
                                                   blocks(b, "subnet_mapping", 1, m1)));
    CHECK_MSG(replaces(&drop, "subnet_mapping"), "removed subnet mapping does not replace");
    planned sg = plan(def, prior, tf_object_with(A, cfg, "security_groups", strset(1, "sg-1")));
    CHECK_MSG(replaces(&sg, "security_groups"), "first security group does not replace an NLB");
}

/* ---- launch configuration ---- */

static void test_launch_configuration(void)
{
    const tf_resource_def *def = &aws_autoscaling_launch_configuration_def;
    const tf_block *b = def->schema;
    static const struct {
        const char *user_data, *hash;
    } cases[] = {
        {"#!/bin/bash\necho ECS_CLUSTER=wp-ecs >> /etc/ecs/ecs.config\n",
         "dd69da6ede482095615ef50492e504b48679032e"},
        {"IyEvYmluL3NoCmVjaG8gaGVsbG8K", "9db6f074fca0a903137b91c7c866b21d4e7205a7"},
        {"IyEvYmluL3NoCmVj\naG8gaGVsbG8K\n", "9db6f074fca0a903137b91c7c866b21d4e7205a7"},
        {"abcd", "5495b32e9479f1b4bd283344793419db4931f664"},
        {"abc", "a9993e364706816aba3e25717850c26c9cd0d89d"},
        {"ab==cd==", "5a304e91c3146aca129e66358deadd0c1547f224"},
        {"not base64!", "716075756ecce335ff373e12f9f2fbacb9354ad1"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        planned p = plan(def, NULL, obj(b, "image_id", S("ami-1"), "instance_type", S("t2.micro"),
                                        "user_data", S(cases[i].user_data), NULL));
        CHECK_MSG(is_str(get(&p, "user_data"), cases[i].hash), "user_data %zu: %s", i,
                  tf_value_debug(A, get(&p, "user_data")));
    }
}

int main(void)
{
    A = tf_arena_new();
    const tf_provider_def *p = aws_provider_definition();
    int prep = tf_schema_prepare(A, p->schema);
    for (const tf_resource_def *const *r = p->resources; *r; r++)
        prep |= tf_schema_prepare(A, (*r)->schema);
    CHECK_MSG(prep == 0, "schemas do not prepare");
    if (prep == 0) {
        test_container_definitions();
        test_task_definition();
        test_service();
        test_lb();
        test_launch_configuration();
    }
    tf_arena_free(A);
    return check_report();
}

/* test_resource_validate.c - the validate callbacks of the resource files.
 *
 * These are the checks a schema table cannot express (rule fields of
 * security groups, listener action blocks, container definitions, ...).
 * Each test builds a configuration object of the resource's own schema type
 * and checks the diagnostics the callback adds, including their paths. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "provider.h"
#include "resources.h"
#include "check.h"

static tf_arena *A;

/* An object of block b's type: the given attributes (name, value pairs, NULL
 * terminated), absent blocks as empty collections, everything else null. */
static const tf_value *obj(const tf_block *b, ...)
{
    const tf_type *t = b->ctype;
    const tf_value **items = tf_arena_calloc(A, t->n ? t->n : 1, sizeof *items);
    for (size_t i = 0; i < t->n; i++) {
        const tf_type *at = t->types[i];
        const tf_nested_block *nb = tf_block_nested(b, t->names[i]);
        if (nb && nb->nesting == TF_NEST_LIST)
            items[i] = tf_list(A, at->elem, 0, NULL);
        else if (nb && nb->nesting == TF_NEST_SET)
            items[i] = tf_set(A, at->elem, 0, NULL);
        else
            items[i] = tf_null(A, at);
    }
    va_list ap;
    va_start(ap, b);
    for (const char *name; (name = va_arg(ap, const char *));) {
        const tf_value *v = va_arg(ap, const tf_value *);
        int i = tf_type_attr_index(t, name);
        if (i < 0) {
            printf("test bug: no attribute %s\n", name);
            failed++;
            continue;
        }
        items[i] = v;
    }
    va_end(ap);
    return tf_object(A, t, items);
}

static const tf_block *nested(const tf_block *b, const char *name)
{
    const tf_nested_block *nb = tf_block_nested(b, name);
    return nb ? nb->block : NULL;
}

/* A one-element list (or set) block value. */
static const tf_value *one(const tf_block *parent, const char *name, const tf_value *item)
{
    const tf_nested_block *nb = tf_block_nested(parent, name);
    if (nb->nesting == TF_NEST_SET)
        return tf_set(A, nb->block->ctype, 1, &item);
    return tf_list(A, nb->block->ctype, 1, &item);
}

static const tf_value *S(const char *s) { return tf_string(A, s); }
static const tf_value *I(int64_t n) { return tf_number_i64(A, n); }

static const tf_value *strings(size_t n, const char **s)
{
    const tf_value **items = tf_arena_calloc(A, n ? n : 1, sizeof *items);
    for (size_t i = 0; i < n; i++)
        items[i] = S(s[i]);
    return tf_list(A, &tf_type_string, n, items);
}

typedef struct {
    tf_diags d;
    size_t errors, warnings;
} result;

static result validate(void (*fn)(tf_ctx *, const tf_value *), const tf_value *config)
{
    result r;
    tf_diags_init(&r.d, A);
    tf_ctx ctx = {.arena = A, .diags = &r.d};
    fn(&ctx, config);
    r.errors = r.warnings = 0;
    for (size_t i = 0; i < r.d.n; i++) {
        if (r.d.items[i].severity == TF_SEV_ERROR)
            r.errors++;
        else
            r.warnings++;
    }
    return r;
}

/* True when some diagnostic has this path and its detail contains text. */
static bool has(const result *r, const char *path, const char *text)
{
    for (size_t i = 0; i < r->d.n; i++) {
        const tf_diag *g = &r->d.items[i];
        const char *p = g->path ? tf_path_string(A, g->path) : "";
        if (strcmp(p, path) == 0 && g->detail && strstr(g->detail, text))
            return true;
    }
    return false;
}

static void dump(const result *r)
{
    for (size_t i = 0; i < r->d.n; i++)
        printf("    [%s] %s: %s\n", r->d.items[i].path ? tf_path_string(A, r->d.items[i].path) : "",
               r->d.items[i].summary, r->d.items[i].detail ? r->d.items[i].detail : "");
}

#define EXPECT(r, nerr, nwarn)                                                        \
    do {                                                                              \
        CHECK_MSG((r).errors == (nerr) && (r).warnings == (nwarn),                        \
                  "expected %d errors/%d warnings, got %zu/%zu", (nerr), (nwarn),         \
                  (r).errors, (r).warnings);                                              \
        if ((r).errors != (size_t)(nerr) || (r).warnings != (size_t)(nwarn))          \
            dump(&(r));                                                               \
    } while (0)

/* ---- ec2 ---- */

static const tf_value *sg_rule(const tf_block *sg, const char *proto, int64_t from, int64_t to,
                               const char *cidr, const char *desc)
{
    const tf_type *rt = tf_block_attr(sg, "ingress")->ctype->elem;
    const tf_value **items = tf_arena_calloc(A, rt->n, sizeof *items);
    for (size_t i = 0; i < rt->n; i++)
        items[i] = tf_null(A, rt->types[i]);
    items[tf_type_attr_index(rt, "protocol")] = S(proto);
    items[tf_type_attr_index(rt, "from_port")] = I(from);
    items[tf_type_attr_index(rt, "to_port")] = I(to);
    if (cidr)
        items[tf_type_attr_index(rt, "cidr_blocks")] = strings(1, &cidr);
    if (desc)
        items[tf_type_attr_index(rt, "description")] = S(desc);
    return tf_object(A, rt, items);
}

static const tf_value *sg_rules(const tf_block *sg, size_t n, const tf_value **rules)
{
    return tf_set(A, tf_block_attr(sg, "ingress")->ctype->elem, n, rules);
}

static void test_security_group(void)
{
    const tf_block *sg = aws_ec2_security_group_def.schema;
    void (*v)(tf_ctx *, const tf_value *) = aws_ec2_security_group_def.validate;

    const tf_value *good[] = {sg_rule(sg, "tcp", 80, 80, "0.0.0.0/0", "web traffic (HTTP)"),
                              sg_rule(sg, "-1", 0, 0, "10.0.0.0/16", NULL)};
    result r = validate(v, obj(sg, "ingress", sg_rules(sg, 2, good), "egress",
                               sg_rules(sg, 1, &good[1]), NULL));
    EXPECT(r, 0, 0);

    const tf_value *all[] = {sg_rule(sg, "-1", 0, 65535, "0.0.0.0/0", NULL)};
    r = validate(v, obj(sg, "egress", sg_rules(sg, 1, all), NULL));
    EXPECT(r, 1, 0);
    CHECK_MSG(has(&r, "egress", "from_port (0) and to_port (65535) must both be 0"),
              "protocol -1 with ports not reported");
    all[0] = sg_rule(sg, "ALL", 1, 1, NULL, NULL);
    r = validate(v, obj(sg, "ingress", sg_rules(sg, 1, all), NULL));
    EXPECT(r, 1, 0);

    const tf_value *bad[] = {sg_rule(sg, "tcp", 22, 22, "10.1.2.3/16", "ssh <admin>")};
    r = validate(v, obj(sg, "ingress", sg_rules(sg, 1, bad), NULL));
    EXPECT(r, 2, 0);
    CHECK_MSG(has(&r, "ingress", "did you mean \"10.1.0.0/16\""), "host bits not reported");
    CHECK_MSG(has(&r, "ingress", "got ssh <admin>"), "bad description not reported");
}

static void test_vpc_subnet_route_table(void)
{
    const tf_block *vpc = aws_ec2_vpc_def.schema;
    result r = validate(aws_ec2_vpc_def.validate, obj(vpc, "ipv6_cidr_block", S("2600:1f18::/50"), NULL));
    EXPECT(r, 1, 0);
    CHECK_MSG(has(&r, "ipv6_cidr_block", "got /50"), "nibble boundary not checked");
    r = validate(aws_ec2_vpc_def.validate, obj(vpc, "ipv6_cidr_block", S("2600:1f18::/56"), NULL));
    EXPECT(r, 0, 0);

    const tf_block *sn = aws_ec2_subnet_def.schema;
    r = validate(aws_ec2_subnet_def.validate, obj(sn, "enable_lni_at_device_index", I(0), NULL));
    EXPECT(r, 1, 0);
    r = validate(aws_ec2_subnet_def.validate, obj(sn, "enable_lni_at_device_index", I(1), NULL));
    EXPECT(r, 0, 0);

    const tf_block *rtb = aws_ec2_route_table_def.schema;
    const tf_type *rt = tf_block_attr(rtb, "route")->ctype->elem;
    const tf_value **items = tf_arena_calloc(A, rt->n, sizeof *items);
    for (size_t i = 0; i < rt->n; i++)
        items[i] = S("");
    items[tf_type_attr_index(rt, "cidr_block")] = S("10.0.0.1/16");
    items[tf_type_attr_index(rt, "gateway_id")] = S("igw-1");
    const tf_value *route = tf_object(A, rt, items);
    r = validate(aws_ec2_route_table_def.validate, obj(rtb, "route", tf_set(A, rt, 1, &route), NULL));
    EXPECT(r, 1, 0);
    CHECK_MSG(has(&r, "route", "did you mean \"10.0.0.0/16\""), "route cidr not checked");
    items[tf_type_attr_index(rt, "cidr_block")] = S("0.0.0.0/0");
    route = tf_object(A, rt, items);
    r = validate(aws_ec2_route_table_def.validate, obj(rtb, "route", tf_set(A, rt, 1, &route), NULL));
    EXPECT(r, 0, 0);
}

/* ---- elbv2 ---- */

static const char *const TG = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/tg/0123";

static void test_listener(void)
{
    const tf_block *l = aws_elbv2_lb_listener_def.schema;
    const tf_block *act = nested(l, "default_action");
    void (*v)(tf_ctx *, const tf_value *) = aws_elbv2_lb_listener_def.validate;

    const tf_value *a = obj(act, "type", S("forward"), "target_group_arn", S(TG), NULL);
    result r = validate(v, obj(l, "default_action", one(l, "default_action", a), NULL));
    EXPECT(r, 0, 0);

    a = obj(act, "type", S("forward"), NULL);
    r = validate(v, obj(l, "default_action", one(l, "default_action", a), NULL));
    EXPECT(r, 1, 0);
    CHECK_MSG(has(&r, "default_action[0].type",
              "Either \"default_action[0].target_group_arn\" or \"default_action[0].forward\" must be "
              "specified when \"default_action[0].type\" is \"forward\"."),
              "forward without target not reported");

    a = obj(act, "type", S("redirect"), NULL);
    r = validate(v, obj(l, "default_action", one(l, "default_action", a), NULL));
    EXPECT(r, 1, 0);
    CHECK_MSG(has(&r, "default_action[0].redirect", "must be specified when \"default_action[0].type\" is \"redirect\""),
              "redirect without block not reported");

    const tf_block *fr = nested(act, "fixed_response");
    a = obj(act, "type", S("fixed-response"), "target_group_arn", S(TG), "fixed_response",
            one(act, "fixed_response", obj(fr, "content_type", S("text/plain"), NULL)), NULL);
    r = validate(v, obj(l, "default_action", one(l, "default_action", a), NULL));
    EXPECT(r, 0, 1);
    CHECK_MSG(has(&r, "default_action[0].target_group_arn", "cannot be specified when"),
              "stray target_group_arn not warned about");

    /* forward block whose group disagrees with target_group_arn */
    const tf_block *fw = nested(act, "forward");
    const tf_block *tgb = nested(fw, "target_group");
    const tf_value *grp = obj(tgb, "arn", S("arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/other/1"), NULL);
    a = obj(act, "type", S("forward"), "target_group_arn", S(TG), "forward",
            one(act, "forward", obj(fw, "target_group", one(fw, "target_group", grp), NULL)), NULL);
    r = validate(v, obj(l, "default_action", one(l, "default_action", a), NULL));
    EXPECT(r, 1, 0);
    CHECK_MSG(has(&r, "default_action[0]", "only if the ARNs match"), "mismatching ARNs not reported");

    const tf_block *mt = nested(l, "mutual_authentication");
    a = obj(act, "type", S("forward"), "target_group_arn", S(TG), NULL);
    r = validate(v, obj(l, "default_action", one(l, "default_action", a), "mutual_authentication",
                        one(l, "mutual_authentication", obj(mt, "mode", S("verify"), NULL)), NULL));
    EXPECT(r, 1, 0);
    CHECK_MSG(has(&r, "mutual_authentication[0].trust_store_arn", "must be specified"),
              "verify without trust store not reported");
    r = validate(v, obj(l, "default_action", one(l, "default_action", a), "mutual_authentication",
                        one(l, "mutual_authentication",
                            obj(mt, "mode", S("off"), "trust_store_arn", S(TG), NULL)), NULL));
    EXPECT(r, 1, 0);
    CHECK_MSG(aws_elbv2_alb_listener_def.validate == v, "alias has other callbacks");
}

static void test_target_group(void)
{
    const tf_block *tg = aws_elbv2_lb_target_group_def.schema;
    void (*v)(tf_ctx *, const tf_value *) = aws_elbv2_lb_target_group_def.validate;
    result r = validate(v, obj(tg, "slow_start", I(0), NULL));
    EXPECT(r, 0, 0);
    r = validate(v, obj(tg, "slow_start", I(30), NULL));
    EXPECT(r, 0, 0);
    r = validate(v, obj(tg, "slow_start", I(10), NULL));
    EXPECT(r, 1, 0);
    CHECK_MSG(has(&r, "slow_start", "got 10"), "slow_start not checked");

    const tf_block *hc = nested(tg, "health_check");
    r = validate(v, obj(tg, "health_check",
                        one(tg, "health_check", obj(hc, "path", S("health"), "port", S("http"), NULL)),
                        NULL));
    EXPECT(r, 2, 0);
    CHECK_MSG(has(&r, "health_check[0].path", "begin with '/'"), "path not checked");
    CHECK_MSG(has(&r, "health_check[0].port", "traffic-port"), "port not checked");
    r = validate(v, obj(tg, "health_check",
                        one(tg, "health_check", obj(hc, "path", S("/"), "port", S("8080"), NULL)), NULL));
    EXPECT(r, 0, 0);

    const tf_block *th = nested(tg, "target_group_health");
    const tf_block *dns = nested(th, "dns_failover");
    r = validate(v, obj(tg, "target_group_health",
                        one(tg, "target_group_health",
                            obj(th, "dns_failover",
                                one(th, "dns_failover",
                                    obj(dns, "minimum_healthy_targets_percentage", S("150"), NULL)),
                                NULL)),
                        NULL));
    EXPECT(r, 1, 0);
    CHECK_MSG(has(&r, "target_group_health[0].dns_failover[0].minimum_healthy_targets_percentage", "got 150"),
              "percentage not checked");
}

/* ---- ecs ---- */

static void test_task_definition(void)
{
    const tf_block *td = aws_ecs_task_definition_def.schema;
    void (*v)(tf_ctx *, const tf_value *) = aws_ecs_task_definition_def.validate;
    static const struct {
        const char *json, *error;
    } cases[] = {
        {"[{\"name\":\"wordpress\",\"image\":\"wordpress\",\"cpu\":10,\"memory\":512,\"essential\":true,"
         "\"portMappings\":[{\"containerPort\":80}]}]", NULL},
        {"[{\"Name\":\"a\"}]", NULL},
        {"[]", NULL},
        {"{\"name\":\"a\"}", "cannot unmarshal object into Go value of type []types.ContainerDefinition"},
        {"[{}]", "invalid container definition supplied at index (0)"},
        {"[{\"name\":\"a\"},{\"cpu\":0}]", "invalid container definition supplied at index (1)"},
        {"[{\"name\":\"a\",\"essential\":\"true\"}]", "cannot unmarshal string into Go struct field ContainerDefinition.essential of type bool"},
        {"[{\"name\":\"a\",\"memory\":1.5}]", "cannot unmarshal number 1.5 into Go struct field ContainerDefinition.memory"},
        {"[\"a\"]", "cannot unmarshal string into Go value of type types.ContainerDefinition"},
        {"[{\"name\":", "container_definitions is invalid"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        result r = validate(v, obj(td, "container_definitions", S(cases[i].json), NULL));
        if (!cases[i].error) {
            EXPECT(r, 0, 0);
        } else {
            EXPECT(r, 1, 0);
            CHECK_MSG(has(&r, "container_definitions", cases[i].error), "case %zu: wrong message", i);
        }
    }
    result r = validate(v, obj(td, "container_definitions", tf_unknown(A, &tf_type_string), NULL));
    EXPECT(r, 0, 0);
}

/* ---- autoscaling ---- */

static void test_autoscaling_group(void)
{
    const tf_block *asg = aws_autoscaling_group_def.schema;
    void (*v)(tf_ctx *, const tf_value *) = aws_autoscaling_group_def.validate;
    const tf_block *ir = nested(asg, "instance_refresh");
    const char *trig[] = {"tag", "desired_capacity", "arn", "bogus", "launch_template"};
    const tf_value *refresh = obj(ir, "strategy", S("Rolling"), "triggers",
                                  tf_set(A, &tf_type_string, 5,
                                         (const tf_value *[]){S(trig[0]), S(trig[1]), S(trig[2]),
                                                              S(trig[3]), S(trig[4])}),
                                  NULL);
    result r = validate(v, obj(asg, "instance_refresh", one(asg, "instance_refresh", refresh), NULL));
    EXPECT(r, 2, 1);
    CHECK_MSG(has(&r, "instance_refresh[0].triggers", "'arn' is a read-only parameter"), "read-only trigger");
    CHECK_MSG(has(&r, "instance_refresh[0].triggers", "'bogus' is not a recognized parameter"), "unknown trigger");

    const tf_block *mp = nested(asg, "instance_maintenance_policy");
    r = validate(v, obj(asg, "instance_maintenance_policy",
                        one(asg, "instance_maintenance_policy",
                            obj(mp, "min_healthy_percentage", I(90), "max_healthy_percentage", I(50), NULL)),
                        NULL));
    EXPECT(r, 1, 0);
    r = validate(v, obj(asg, "instance_maintenance_policy",
                        one(asg, "instance_maintenance_policy",
                            obj(mp, "min_healthy_percentage", I(-1), "max_healthy_percentage", I(-1), NULL)),
                        NULL));
    EXPECT(r, 0, 0);
}

/* ---- provider ---- */

static void test_provider(void)
{
    const tf_provider_def *p = aws_provider_definition();
    const tf_block *pb = p->schema;
    const tf_block *ar = nested(pb, "assume_role");
    const tf_value *roles[] = {obj(ar, "duration", S("1h"), NULL), obj(ar, "duration", S("5m"), NULL),
                               obj(ar, "duration", S("13h"), NULL)};
    result r = validate(p->validate, obj(pb, "assume_role", tf_list(A, ar->ctype, 3, roles), NULL));
    EXPECT(r, 2, 0);
    CHECK_MSG(has(&r, "assume_role[1].duration", "between 15 minutes (15m) and 12 hours (12h)"),
              "short duration not reported");
    CHECK_MSG(has(&r, "assume_role[2].duration", "13h"), "long duration not reported");

    const tf_block *dt = nested(pb, "default_tags");
    const tf_value *two[] = {obj(dt, NULL), obj(dt, NULL)};
    r = validate(p->validate, obj(pb, "default_tags", tf_list(A, dt->ctype, 2, two), NULL));
    EXPECT(r, 1, 0);
    r = validate(p->validate, obj(pb, "default_tags", tf_list(A, dt->ctype, 1, two), NULL));
    EXPECT(r, 0, 0);
}

int main(void)
{
    A = tf_arena_new();
    const tf_provider_def *p = aws_provider_definition();
    int prep = tf_schema_prepare(A, p->schema);
    for (const tf_resource_def *const *r = p->resources; *r; r++)
        prep |= tf_schema_prepare(A, (*r)->schema);
    for (const tf_data_source_def *const *d = p->data_sources; *d; d++)
        prep |= tf_schema_prepare(A, (*d)->schema);
    CHECK_MSG(prep == 0, "schemas do not prepare");
    if (prep == 0) {
        test_security_group();
        test_vpc_subnet_route_table();
        test_listener();
        test_target_group();
        test_task_definition();
        test_autoscaling_group();
        test_provider();
    }
    tf_arena_free(A);
    return check_report();
}

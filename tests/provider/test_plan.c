/* test_plan.c - unit tests for the generic planner (plan.c).
 *
 * The expectations are what hashicorp/aws 5.100.0 (SDKv2) plans for the same
 * schema shapes, observed with the real provider: see the comment at the top
 * of provider/plan.c.  The test schema borrows its shapes from aws_vpc
 * (defaults, ForceNew, Optional+Computed), aws_launch_configuration (an
 * Optional+Computed list block with ForceNew fields), aws_ecs_service (set
 * blocks), aws_ecs_task_definition (ForceNew set and list blocks) and
 * aws_security_group (a set(object) attribute). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "check.h"

static tf_arena *A;
static tf_arena *STATIC_A;

/* ---- the test schema ---- */

static tf_attribute root_attrs[] = {
    {.name = "delete_on_termination", .type = "bool", .flags = TF_OPTIONAL | TF_FORCE_NEW, .def = "true"},
    {.name = "kms", .type = "string", .flags = TF_OPTIONAL},
    {.name = "volume_size", .type = "number", .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW},
    {.name = "volume_type", .type = "string", .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW},
    {0},
};
static tf_block root_block = {.attrs = root_attrs};

static tf_attribute rule_attrs[] = {
    {.name = "codes", .type = "list(string)", .flags = TF_OPTIONAL | TF_COMPUTED},
    {.name = "hosts", .type = "set(string)", .flags = TF_OPTIONAL},
    {.name = "labels", .type = "map(string)", .flags = TF_OPTIONAL | TF_COMPUTED},
    {.name = "message", .type = "string", .flags = TF_OPTIONAL},
    {.name = "order", .type = "number", .flags = TF_OPTIONAL | TF_COMPUTED},
    {.name = "port", .type = "string", .flags = TF_OPTIONAL, .def = "\"#{port}\""},
    {.name = "status", .type = "string", .flags = TF_OPTIONAL | TF_COMPUTED},
    {.name = "type", .type = "string", .flags = TF_REQUIRED},
    {0},
};
static tf_block rule_block = {.attrs = rule_attrs};

static tf_attribute lb_attrs[] = {
    {.name = "container_name", .type = "string", .flags = TF_REQUIRED},
    {.name = "elb_name", .type = "string", .flags = TF_OPTIONAL},
    {.name = "port", .type = "number", .flags = TF_REQUIRED},
    {.name = "tags", .type = "list(string)", .flags = TF_OPTIONAL},
    {.name = "weight", .type = "number", .flags = TF_OPTIONAL},
    {.name = "zone", .type = "string", .flags = TF_COMPUTED},
    {0},
};
static tf_block lb_block = {.attrs = lb_attrs};

static tf_attribute volume_attrs[] = {
    {.name = "auto", .type = "bool", .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW},
    {.name = "host_path", .type = "string", .flags = TF_OPTIONAL | TF_FORCE_NEW},
    {.name = "name", .type = "string", .flags = TF_REQUIRED | TF_FORCE_NEW},
    {0},
};
static tf_block volume_block = {.attrs = volume_attrs};

static tf_attribute proxy_attrs[] = {
    {.name = "container", .type = "string", .flags = TF_REQUIRED | TF_FORCE_NEW},
    {.name = "kind", .type = "string", .flags = TF_OPTIONAL | TF_FORCE_NEW, .def = "\"APPMESH\""},
    {.name = "props", .type = "map(string)", .flags = TF_OPTIONAL | TF_FORCE_NEW},
    {0},
};
static tf_block proxy_block = {.attrs = proxy_attrs};

static tf_attribute timeouts_attrs[] = {
    {.name = "create", .type = "string", .flags = TF_OPTIONAL},
    {0},
};
static tf_block timeouts_block = {.attrs = timeouts_attrs};

static tf_attribute res_attrs[] = {
    {.name = "arn", .type = "string", .flags = TF_COMPUTED},
    {.name = "cidr_block", .type = "string", .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW},
    {.name = "enable_dns_support", .type = "bool", .flags = TF_OPTIONAL, .def = "true"},
    {.name = "groups", .type = "set(string)", .flags = TF_OPTIONAL},
    {.name = "id", .type = "string", .flags = TF_OPTIONAL | TF_COMPUTED},
    {.name = "ingress", .type = "set(object({cidrs=list(string),desc=string,from=number,self=bool}))",
     .flags = TF_OPTIONAL | TF_COMPUTED},
    {.name = "instance_tenancy", .type = "string", .flags = TF_OPTIONAL, .def = "\"default\""},
    {.name = "ipv6", .type = "string", .flags = TF_OPTIONAL | TF_COMPUTED},
    {.name = "name", .type = "string", .flags = TF_OPTIONAL | TF_FORCE_NEW},
    {.name = "names", .type = "list(string)", .flags = TF_OPTIONAL},
    {.name = "num", .type = "number", .flags = TF_OPTIONAL},
    {.name = "secret", .type = "string", .flags = TF_OPTIONAL | TF_SENSITIVE},
    {.name = "tags", .type = "map(string)", .flags = TF_OPTIONAL},
    {.name = "tags_all", .type = "map(string)", .flags = TF_OPTIONAL | TF_COMPUTED},
    {0},
};

static tf_nested_block res_blocks[] = {
    {.name = "lb", .nesting = TF_NEST_SET, .block = &lb_block},
    {.name = "proxy", .nesting = TF_NEST_LIST, .block = &proxy_block, .max_items = 1,
     .flags = TF_FORCE_NEW},
    {.name = "root", .nesting = TF_NEST_LIST, .block = &root_block, .max_items = 1,
     .flags = TF_OPTIONAL | TF_COMPUTED},
    {.name = "rule", .nesting = TF_NEST_LIST, .block = &rule_block},
    {.name = "timeouts", .nesting = TF_NEST_SINGLE, .block = &timeouts_block},
    {.name = "volume", .nesting = TF_NEST_SET, .block = &volume_block, .flags = TF_FORCE_NEW},
    {0},
};
static tf_block res_schema = {.attrs = res_attrs, .blocks = res_blocks};

/* A schema with nothing the strict check would object to. */
static tf_attribute plain_attrs[] = {
    {.name = "arn", .type = "string", .flags = TF_COMPUTED},
    {.name = "id", .type = "string", .flags = TF_OPTIONAL | TF_COMPUTED},
    {.name = "labels", .type = "map(string)", .flags = TF_OPTIONAL},
    {.name = "name", .type = "string", .flags = TF_REQUIRED},
    {.name = "note", .type = "string", .flags = TF_OPTIONAL},
    {0},
};
static tf_block plain_schema = {.attrs = plain_attrs};

/* ---- modify_plan hook: normalises "user data" the way a StateFunc does ---- */

static int hook_calls, hook_null_prior_calls;

static void upper_name_hook(tf_ctx *ctx, tf_plan_req *req)
{
    hook_calls++;
    if (tf_is_null(req->prior))
        hook_null_prior_calls++;
    const tf_value *n = tf_get(req->planned, "name");
    if (!tf_is_known(n))
        return;
    char *u = tf_arena_strdup(ctx->arena, n->u.str.ptr);
    for (char *c = u; *c; c++)
        if (*c >= 'a' && *c <= 'z')
            *c = (char)(*c - 'a' + 'A');
    req->planned = tf_object_with(ctx->arena, req->planned, "name", tf_string(ctx->arena, u));
}

/* Normalises ingress "from" 1080 to 80, as a StateFunc would. */
static void ingress_norm_hook(tf_ctx *ctx, tf_plan_req *req)
{
    const tf_value *ing = tf_get(req->planned, "ingress");
    if (!tf_is_known(ing))
        return;
    size_t n = ing->u.coll.n;
    const tf_value **items = tf_arena_calloc(ctx->arena, n ? n : 1, sizeof(*items));
    for (size_t i = 0; i < n; i++) {
        const tf_value *e = ing->u.coll.items[i], *f = tf_get(e, "from");
        int64_t v;
        items[i] = tf_is_known(f) && tf_number_to_i64(f, &v) && v == 1080
                       ? tf_object_with(ctx->arena, e, "from", tf_number_i64(ctx->arena, 80))
                       : e;
    }
    req->planned = tf_object_with(ctx->arena, req->planned, "ingress",
                                  tf_set(ctx->arena, ing->type->elem, n, items));
}

static void broken_hook(tf_ctx *ctx, tf_plan_req *req)
{
    req->planned = tf_string(ctx->arena, "not an object");
}

static tf_resource_def res_def = {.type_name = "test_res", .schema = &res_schema};
static tf_resource_def hooked_def = {.type_name = "test_hooked", .schema = &res_schema,
                                     .modify_plan = upper_name_hook};
static tf_resource_def norm_def = {.type_name = "test_norm", .schema = &res_schema,
                                   .modify_plan = ingress_norm_hook};
static tf_resource_def broken_def = {.type_name = "test_broken", .schema = &res_schema,
                                     .modify_plan = broken_hook};
static tf_resource_def plain_def = {.type_name = "test_plain", .schema = &plain_schema};

/* ---- helpers ---- */

static const tf_value *J(const tf_block *b, const char *json)
{
    char *err = NULL;
    const tf_value *v = tf_json_decode(A, json, strlen(json), b->ctype, &err);
    if (!v) {
        fprintf(stderr, "bad JSON in test: %s: %s\n", json, err ? err : "?");
        exit(2);
    }
    return v;
}

/* Value at "a.0.b" (numbers index lists and sets), or NULL. */
static const tf_value *at(const tf_value *v, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *seg = strtok(buf, "."); seg && v; seg = strtok(NULL, ".")) {
        if (tf_is_unknown(v) || tf_is_null(v))
            return NULL;
        if (seg[0] >= '0' && seg[0] <= '9') {
            size_t i = (size_t)atoi(seg);
            v = i < v->u.coll.n ? v->u.coll.items[i] : NULL;
        } else if (v->type->kind == TF_MAP) {
            v = tf_map_get(v, seg);
        } else {
            v = tf_get(v, seg);
        }
    }
    return v;
}

/* Copy of v with the value at path replaced. */
static const tf_value *with(const tf_value *v, const char *path, const tf_value *nv)
{
    const char *dot = strchr(path, '.');
    char seg[64];
    size_t len = dot ? (size_t)(dot - path) : strlen(path);
    snprintf(seg, sizeof seg, "%.*s", (int)len, path);
    if (v->type->kind == TF_OBJECT) {
        const tf_value *child = tf_get(v, seg);
        return tf_object_with(A, v, seg, dot ? with(child, dot + 1, nv) : nv);
    }
    size_t i = (size_t)atoi(seg), n = v->u.coll.n;
    const tf_value **items = tf_arena_calloc(A, n, sizeof(*items));
    memcpy(items, v->u.coll.items, n * sizeof(*items));
    if (v->type->kind == TF_MAP) {
        for (i = 0; i < n && strcmp(v->u.coll.keys[i], seg) != 0; i++)
            ;
        if (i == n) {
            fprintf(stderr, "no key %s in test value\n", seg);
            exit(2);
        }
        items[i] = dot ? with(items[i], dot + 1, nv) : nv;
        return tf_map(A, v->type->elem, n, v->u.coll.keys, items);
    }
    items[i] = dot ? with(items[i], dot + 1, nv) : nv;
    if (v->type->kind == TF_SET)
        return tf_set(A, v->type->elem, n, items);
    return tf_list(A, v->type->elem, n, items);
}

static bool is_str(const tf_value *v, const char *s)
{
    return tf_is_known(v) && v->type->kind == TF_STRING && strcmp(v->u.str.ptr, s) == 0;
}

static bool is_num(const tf_value *v, int64_t want)
{
    int64_t got;
    return tf_is_known(v) && v->type->kind == TF_NUMBER && tf_number_to_i64(v, &got) &&
           got == want;
}

static bool is_bool(const tf_value *v, bool want)
{
    return tf_is_known(v) && v->type->kind == TF_BOOL && v->u.b == want;
}

static size_t coll_n(const tf_value *v)
{
    return tf_is_known(v) ? v->u.coll.n : (size_t)-1;
}

static bool is_empty(const tf_value *v)
{
    return tf_is_known(v) && v->u.coll.n == 0;
}

static tf_diags DIAGS;

static tf_ctx mkctx(void)
{
    tf_diags_init(&DIAGS, A);
    return (tf_ctx){.arena = A, .diags = &DIAGS, .type_name = "test_res"};
}

static tf_plan_out plan(const tf_resource_def *def, const tf_value *prior, const tf_value *config)
{
    tf_ctx ctx = mkctx();
    tf_plan_out out;
    const tf_value *proposed = config; /* the planner does not rely on it */
    tf_plan_resource(&ctx, def, prior ? prior : tf_null(A, def->schema->ctype), proposed,
                     config, NULL, 0, &out);
    return out;
}

static const char *paths_str(const tf_plan_out *o)
{
    /* sorted, comma separated */
    char *s[16];
    size_t n = o->n_replace < 16 ? o->n_replace : 16;
    for (size_t i = 0; i < n; i++)
        s[i] = tf_path_string(A, o->replace[i]);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (strcmp(s[i], s[j]) > 0) {
                char *t = s[i];
                s[i] = s[j];
                s[j] = t;
            }
    char *r = tf_arena_strdup(A, "");
    for (size_t i = 0; i < n; i++)
        r = tf_arena_printf(A, "%s%s%s", r, i ? "," : "", s[i]);
    return r;
}

static int strict(const tf_value *prior, const tf_value *config, const tf_value *planned)
{
    char *why = NULL;
    int n = tf_plan_check_strict(A, &res_schema, prior ? prior : tf_null(A, res_schema.ctype),
                                 config, planned, &why);
    if (n)
        fprintf(stderr, "  strict: %s\n", why);
    return n;
}

/* The configuration most tests start from. */
static const char *BASE_CONFIG =
    "{\"cidr_block\":\"10.0.0.0/16\",\"tags\":{\"Name\":\"a\"},"
    "\"rule\":[{\"type\":\"forward\"}],"
    "\"lb\":[{\"container_name\":\"web\",\"port\":80}],"
    "\"ingress\":[{\"from\":80}],"
    "\"volume\":[{\"name\":\"v1\"}],"
    "\"root\":[{\"volume_size\":10}]}";

/* What the state looks like after creating BASE_CONFIG: every unknown
 * resolved. */
static const char *BASE_STATE =
    "{\"arn\":\"arn:x\",\"id\":\"vpc-1\",\"cidr_block\":\"10.0.0.0/16\","
    "\"enable_dns_support\":true,\"instance_tenancy\":\"default\",\"ipv6\":\"\","
    "\"tags\":{\"Name\":\"a\"},\"tags_all\":{\"Name\":\"a\"},"
    "\"ingress\":[{\"from\":80,\"desc\":\"\",\"cidrs\":[],\"self\":null}],"
    "\"rule\":[{\"type\":\"forward\",\"order\":1,\"port\":\"#{port}\"}],"
    "\"lb\":[{\"container_name\":\"web\",\"port\":80,\"elb_name\":\"\",\"tags\":[],"
    "\"zone\":\"z1\"}],"
    "\"volume\":[{\"name\":\"v1\",\"host_path\":\"\",\"auto\":false}],"
    "\"root\":[{\"volume_size\":10,\"delete_on_termination\":true,\"volume_type\":\"gp2\"}],"
    "\"proxy\":[]}";

/* ---- tests ---- */

static void test_create(void)
{
    const tf_value *config = J(&res_schema, BASE_CONFIG);
    tf_plan_out o = plan(&res_def, NULL, config);
    const tf_value *p = o.planned;
    CHECK(p && tf_is_known(p));
    CHECK(!tf_diags_has_error(&DIAGS));
    CHECK(o.n_replace == 0);
    /* config values */
    CHECK(is_str(at(p, "cidr_block"), "10.0.0.0/16"));
    CHECK(is_str(at(p, "tags.Name"), "a"));
    /* defaults, also into non-computed attributes */
    CHECK(is_bool(at(p, "enable_dns_support"), true));
    CHECK(is_str(at(p, "instance_tenancy"), "default"));
    /* computed and unset: unknown; optional and unset: null */
    CHECK(tf_is_unknown(at(p, "id")));
    CHECK(tf_is_unknown(at(p, "arn")));
    CHECK(tf_is_unknown(at(p, "ipv6")));
    CHECK(tf_is_unknown(at(p, "tags_all")));
    CHECK(tf_is_null(tf_get(p, "name")));
    CHECK(tf_is_null(tf_get(p, "num")));
    /* list block element: computed unknown, optional null, defaults */
    CHECK(is_str(at(p, "rule.0.type"), "forward"));
    CHECK(tf_is_unknown(at(p, "rule.0.order")));
    CHECK(tf_is_null(at(p, "rule.0.message")));
    CHECK(is_str(at(p, "rule.0.port"), "#{port}"));
    /* Optional+Computed list block given in config */
    CHECK(is_num(at(p, "root.0.volume_size"), 10));
    CHECK(is_bool(at(p, "root.0.delete_on_termination"), true));
    CHECK(tf_is_unknown(at(p, "root.0.volume_type")));
    CHECK(tf_is_null(at(p, "root.0.kms")));
    /* set block element: unset strings "", lists empty, numbers null */
    CHECK(is_str(at(p, "lb.0.elb_name"), ""));
    CHECK(is_empty(at(p, "lb.0.tags")));
    CHECK(tf_is_null(at(p, "lb.0.weight")));
    CHECK(tf_is_unknown(at(p, "volume.0.auto")));
    CHECK(is_str(at(p, "volume.0.host_path"), ""));
    /* set(object) attribute: the same treatment */
    CHECK(is_str(at(p, "ingress.0.desc"), ""));
    CHECK(is_empty(at(p, "ingress.0.cidrs")));
    CHECK(tf_is_null(at(p, "ingress.0.self")));
    CHECK(is_num(at(p, "ingress.0.from"), 80));
    /* absent blocks: empty list, null single block */
    CHECK(is_empty(tf_get(p, "proxy")));
    CHECK(tf_is_null(tf_get(p, "timeouts")));
    /* The defaults in non-computed attributes need the legacy type system,
     * and nothing else is wrong with the plan. */
    CHECK(o.legacy_type_system);
    /* With the default exception, the strict check only objects to the
     * SDK's treatment of set(object) attributes. */
    char *why = NULL;
    CHECK(tf_plan_check_strict(A, &res_schema, tf_null(A, res_schema.ctype), config, p,
                               &why) == 1);
    CHECK(why && !strncmp(why, "ingress: planned value", 22));
    const tf_value *no_ingress = with(config, "ingress", tf_null(A, tf_get(config, "ingress")->type));
    CHECK(strict(NULL, no_ingress, plan(&res_def, NULL, no_ingress).planned) == 0);
}

static void test_create_absent_computed_block(void)
{
    const tf_value *config = J(&res_schema, "{\"rule\":[{\"type\":\"x\"}]}");
    tf_plan_out o = plan(&res_def, NULL, config);
    CHECK(tf_is_unknown(tf_get(o.planned, "root")));
    CHECK(tf_is_unknown(tf_get(o.planned, "ingress")));
    CHECK(tf_is_unknown(tf_get(o.planned, "cidr_block")));
    CHECK(is_empty(tf_get(o.planned, "lb")));
    /* An unknown block is something only the legacy type system allows. */
    CHECK(strict(NULL, config, o.planned) > 0);
}

static void test_create_plain_not_legacy(void)
{
    const tf_value *config = J(&plain_schema, "{\"name\":\"n\"}");
    tf_plan_out o = plan(&plain_def, NULL, config);
    CHECK(o.planned && !o.legacy_type_system);
    CHECK(is_str(tf_get(o.planned, "name"), "n"));
    CHECK(tf_is_null(tf_get(o.planned, "note")));
    CHECK(tf_is_unknown(tf_get(o.planned, "id")));
    CHECK(tf_is_unknown(tf_get(o.planned, "arn")));
}

static void test_create_computed_empty_string(void)
{
    /* SDKv2: "" in config for an Optional+Computed string means unset. */
    const tf_value *config = J(&res_schema, "{\"ipv6\":\"\"}");
    tf_plan_out o = plan(&res_def, NULL, config);
    CHECK(tf_is_unknown(tf_get(o.planned, "ipv6")));
    /* ... and on update it keeps the prior value. */
    const tf_value *prior = J(&res_schema, BASE_STATE);
    prior = with(prior, "ipv6", tf_string(A, "2001:db8::/56"));
    const tf_value *cfg = with(J(&res_schema, BASE_CONFIG), "ipv6", tf_string(A, ""));
    o = plan(&res_def, prior, cfg);
    CHECK(is_str(tf_get(o.planned, "ipv6"), "2001:db8::/56"));
    CHECK(o.n_replace == 0);
}

static void test_update_unchanged(void)
{
    const tf_value *prior = J(&res_schema, BASE_STATE);
    const tf_value *config = J(&res_schema, BASE_CONFIG);
    tf_plan_out o = plan(&res_def, prior, config);
    CHECK(o.planned && tf_value_equal(o.planned, prior));
    CHECK(o.n_replace == 0);
    if (!tf_value_equal(o.planned, prior))
        fprintf(stderr, "  planned %s\n  prior   %s\n", tf_value_debug(A, o.planned),
                tf_value_debug(A, prior));
}

static void test_update_in_place(void)
{
    const tf_value *prior = J(&res_schema, BASE_STATE);
    const tf_value *config = J(&res_schema, BASE_CONFIG);
    config = with(config, "tags", tf_get(J(&res_schema, "{\"tags\":{\"Name\":\"b\"}}"), "tags"));
    config = with(config, "rule.0.message", tf_string(A, "hi"));
    tf_plan_out o = plan(&res_def, prior, config);
    const tf_value *p = o.planned;
    CHECK(o.n_replace == 0);
    CHECK(is_str(at(p, "tags.Name"), "b"));
    CHECK(is_str(at(p, "rule.0.message"), "hi"));
    /* computed values stay as they were */
    CHECK(is_str(at(p, "arn"), "arn:x"));
    CHECK(is_str(at(p, "id"), "vpc-1"));
    CHECK(is_num(at(p, "rule.0.order"), 1));
    CHECK(is_str(at(p, "root.0.volume_type"), "gp2"));
    CHECK(strict(prior, config, p) == 0);
}

static void test_update_optional_computed_removed(void)
{
    /* Left out of config, Optional+Computed values and blocks keep the
     * prior value; a default comes back; a plain optional goes null. */
    const tf_value *prior = J(&res_schema, BASE_STATE);
    prior = with(prior, "instance_tenancy", tf_string(A, "dedicated"));
    prior = with(prior, "secret", tf_string(A, "s"));
    const tf_value *config =
        J(&res_schema, "{\"tags\":{\"Name\":\"a\"},\"rule\":[{\"type\":\"forward\"}],"
                       "\"lb\":[{\"container_name\":\"web\",\"port\":80}],"
                       "\"volume\":[{\"name\":\"v1\"}]}");
    tf_plan_out o = plan(&res_def, prior, config);
    const tf_value *p = o.planned;
    CHECK(is_str(at(p, "cidr_block"), "10.0.0.0/16"));
    CHECK(is_num(at(p, "root.0.volume_size"), 10));
    CHECK(is_str(at(p, "ingress.0.desc"), ""));
    CHECK(is_str(at(p, "instance_tenancy"), "default"));
    CHECK(tf_is_null(tf_get(p, "secret")));
    CHECK(o.n_replace == 0);
    /* name is ForceNew: removing it replaces */
    prior = with(prior, "name", tf_string(A, "old"));
    o = plan(&res_def, prior, config);
    CHECK(tf_is_null(tf_get(o.planned, "name")));
    CHECK_STR(paths_str(&o), "name");
}

static void test_update_zero_values(void)
{
    /* The SDK cannot tell null from a zero value. */
    const tf_value *prior = J(&res_schema, BASE_STATE);
    prior = with(prior, "num", tf_number_i64(A, 0));
    prior = with(prior, "name", tf_string(A, ""));
    tf_plan_out o = plan(&res_def, prior, J(&res_schema, BASE_CONFIG));
    CHECK(is_num(tf_get(o.planned, "num"), 0));
    CHECK(is_str(tf_get(o.planned, "name"), ""));
    CHECK(o.n_replace == 0);
    CHECK(tf_value_equal(o.planned, prior));
    /* and the other way round: zero in config, null in state */
    prior = J(&res_schema, BASE_STATE);
    const tf_value *config = with(J(&res_schema, BASE_CONFIG), "num", tf_number_i64(A, 0));
    config = with(config, "name", tf_string(A, ""));
    o = plan(&res_def, prior, config);
    CHECK(tf_is_null(tf_get(o.planned, "num")));
    CHECK(tf_is_null(tf_get(o.planned, "name")));
    CHECK(o.n_replace == 0);
    /* Terraform's strict rules do not allow this, hence legacy. */
    CHECK(o.legacy_type_system);
}

static void test_replace_top_level(void)
{
    const tf_value *prior = J(&res_schema, BASE_STATE);
    const tf_value *config = with(J(&res_schema, BASE_CONFIG), "cidr_block",
                                  tf_string(A, "10.1.0.0/16"));
    tf_plan_out o = plan(&res_def, prior, config);
    const tf_value *p = o.planned;
    CHECK_STR(paths_str(&o), "cidr_block");
    CHECK(is_str(at(p, "cidr_block"), "10.1.0.0/16"));
    /* a new object: everything computed and unset is unknown again */
    CHECK(tf_is_unknown(at(p, "id")));
    CHECK(tf_is_unknown(at(p, "arn")));
    CHECK(tf_is_unknown(at(p, "ipv6")));
    CHECK(tf_is_unknown(at(p, "tags_all")));
    CHECK(tf_is_unknown(at(p, "rule.0.order")));
    CHECK(tf_is_unknown(at(p, "root.0.volume_type")));
    CHECK(tf_is_unknown(at(p, "volume.0.auto")));
    /* config and defaults stay */
    CHECK(is_bool(at(p, "enable_dns_support"), true));
    CHECK(is_num(at(p, "root.0.volume_size"), 10));
    CHECK(strict(prior, config, p) == 0);
}

static void test_replace_nested_list_attr(void)
{
    const tf_value *prior = J(&res_schema, BASE_STATE);
    const tf_value *config = with(J(&res_schema, BASE_CONFIG), "root.0.volume_size",
                                  tf_number_i64(A, 20));
    tf_plan_out o = plan(&res_def, prior, config);
    CHECK_STR(paths_str(&o), "root[0].volume_size");
    CHECK(is_num(at(o.planned, "root.0.volume_size"), 20));
    CHECK(tf_is_unknown(at(o.planned, "root.0.volume_type")));
    CHECK(tf_is_unknown(at(o.planned, "id")));
}

static void test_replace_set_block(void)
{
    const tf_value *prior = J(&res_schema, BASE_STATE);
    const tf_value *config = with(J(&res_schema, BASE_CONFIG), "volume.0.host_path",
                                  tf_string(A, "/data"));
    tf_plan_out o = plan(&res_def, prior, config);
    CHECK_STR(paths_str(&o), "volume");
    CHECK(is_str(at(o.planned, "volume.0.host_path"), "/data"));
    CHECK(tf_is_unknown(at(o.planned, "volume.0.auto")));
}

static void test_set_element_identity(void)
{
    /* An Optional+Computed field the config leaves out is part of the
     * element's identity: a prior false matches (zero), a prior true does
     * not, exactly like the SDK's hash. */
    const tf_value *prior = J(&res_schema, BASE_STATE);
    const tf_value *config = J(&res_schema, BASE_CONFIG);
    tf_plan_out o = plan(&res_def, prior, config);
    CHECK(o.n_replace == 0);
    prior = with(prior, "volume.0.auto", tf_bool(A, true));
    o = plan(&res_def, prior, config);
    CHECK_STR(paths_str(&o), "volume");
}

static void test_update_set_block_in_place(void)
{
    /* lb has no ForceNew field: a changed element is an in-place update. */
    const tf_value *prior = J(&res_schema, BASE_STATE);
    const tf_value *config = with(J(&res_schema, BASE_CONFIG), "lb.0.port",
                                  tf_number_i64(A, 81));
    tf_plan_out o = plan(&res_def, prior, config);
    CHECK(o.n_replace == 0);
    CHECK(is_num(at(o.planned, "lb.0.port"), 81));
    CHECK(is_str(at(o.planned, "lb.0.elb_name"), ""));
    CHECK(is_str(at(o.planned, "arn"), "arn:x"));
}

static void test_replace_added_list_element(void)
{
    /* Adding a block to a ForceNew list: the list, and every ForceNew field
     * of the new element that has a value (defaults included). */
    const tf_value *prior = J(&res_schema, BASE_STATE);
    const tf_value *config = with(J(&res_schema, BASE_CONFIG), "proxy",
                                  at(J(&res_schema, "{\"proxy\":[{\"container\":\"app\"}]}"),
                                     "proxy"));
    tf_plan_out o = plan(&res_def, prior, config);
    CHECK_STR(paths_str(&o), "proxy,proxy[0].container,proxy[0].kind");
    CHECK(is_str(at(o.planned, "proxy.0.kind"), "APPMESH"));
    CHECK(tf_is_null(at(o.planned, "proxy.0.props")));
}

static void test_unknown_config(void)
{
    /* An unknown ForceNew value replaces; unknown values are planned as
     * they are. */
    const tf_value *prior = J(&res_schema, BASE_STATE);
    const tf_value *config = with(J(&res_schema, BASE_CONFIG), "name",
                                  tf_unknown(A, &tf_type_string));
    config = with(config, "rule.0.message", tf_unknown(A, &tf_type_string));
    tf_plan_out o = plan(&res_def, prior, config);
    CHECK_STR(paths_str(&o), "name");
    CHECK(tf_is_unknown(tf_get(o.planned, "name")));
    CHECK(tf_is_unknown(at(o.planned, "rule.0.message")));
    /* an unknown (dynamic) block stays unknown */
    const tf_type *rule_t = tf_get(config, "rule")->type;
    config = with(J(&res_schema, BASE_CONFIG), "rule", tf_unknown(A, rule_t));
    o = plan(&res_def, NULL, config);
    CHECK(tf_is_unknown(tf_get(o.planned, "rule")));
    /* the same value in a non-ForceNew attribute updates in place */
    config = with(J(&res_schema, BASE_CONFIG), "num", tf_unknown(A, &tf_type_number));
    o = plan(&res_def, prior, config);
    CHECK(o.n_replace == 0);
    CHECK(tf_is_unknown(tf_get(o.planned, "num")));
}

static void test_unknown_elements(void)
{
    /* A collection of primitives holding an unknown is unknown as a whole;
     * a collection of objects keeps its shape. */
    const tf_value *config = J(&res_schema, "{\"tags\":{\"Name\":\"a\",\"Other\":\"b\"},"
                                            "\"ingress\":[{\"from\":1,\"cidrs\":[\"a\",\"b\"]}],"
                                            "\"lb\":[{\"container_name\":\"c\",\"port\":1,"
                                            "\"tags\":[\"x\",\"y\"]}]}");
    config = with(config, "tags.Name", tf_unknown(A, &tf_type_string));
    config = with(config, "ingress.0.cidrs.1", tf_unknown(A, &tf_type_string));
    config = with(config, "lb.0.tags.0", tf_unknown(A, &tf_type_string));
    tf_plan_out o = plan(&res_def, NULL, config);
    CHECK(tf_is_unknown(tf_get(o.planned, "tags")));
    CHECK(tf_type_equal(tf_get(o.planned, "tags")->type, tf_get(config, "tags")->type));
    CHECK(tf_is_known(tf_get(o.planned, "ingress")));
    CHECK(tf_is_unknown(at(o.planned, "ingress.0.cidrs")));
    CHECK(is_str(at(o.planned, "ingress.0.desc"), ""));
    CHECK(tf_is_unknown(at(o.planned, "lb.0.tags")));
    CHECK(is_str(at(o.planned, "lb.0.container_name"), "c"));
}

static void test_create_empty_collections(void)
{
    /* SDKv2 has no diff for an empty set or map on create (diffSet, diffMap)
     * and InstanceDiff.Apply writes no count: null, and unknown when
     * Computed (SetUnknowns).  normalizeNullValues gives lists back. */
    const tf_value *config = J(&res_schema,
                               "{\"groups\":[],\"names\":[],\"tags\":{},\"tags_all\":{},"
                               "\"ingress\":[],\"rule\":[{\"type\":\"x\",\"hosts\":[],"
                               "\"codes\":[]}],\"lb\":[{\"container_name\":\"c\",\"port\":1,"
                               "\"tags\":[]}]}");
    tf_plan_out o = plan(&res_def, NULL, config);
    const tf_value *p = o.planned;
    CHECK(tf_is_null(tf_get(p, "groups")));
    CHECK(tf_is_null(tf_get(p, "tags")));
    CHECK(is_empty(tf_get(p, "names")));
    CHECK(tf_is_unknown(tf_get(p, "tags_all")));
    CHECK(tf_is_unknown(tf_get(p, "ingress")));
    /* inside a list block element alike */
    CHECK(tf_is_null(at(p, "rule.0.hosts")));
    CHECK(is_empty(at(p, "rule.0.codes")));
    /* inside a set element the count is written (all): empty */
    CHECK(is_empty(at(p, "lb.0.tags")));
    /* Only the legacy type system allows null for an empty config value. */
    CHECK(o.legacy_type_system);
    const tf_value *pc = J(&plain_schema, "{\"name\":\"n\",\"labels\":{}}");
    o = plan(&plain_def, NULL, pc);
    CHECK(tf_is_null(tf_get(o.planned, "labels")));
    CHECK(o.legacy_type_system);
    /* A replacement is planned as a create. */
    const tf_value *prior = J(&res_schema, BASE_STATE);
    config = with(J(&res_schema, BASE_CONFIG), "cidr_block", tf_string(A, "10.1.0.0/16"));
    config = with(config, "groups", tf_get(J(&res_schema, "{\"groups\":[]}"), "groups"));
    o = plan(&res_def, prior, config);
    CHECK_STR(paths_str(&o), "cidr_block");
    CHECK(tf_is_null(tf_get(o.planned, "groups")));
}

static void test_update_empty_collections(void)
{
    /* On update an empty value keeps what the state holds when that is
     * empty or null, and empties a non-empty one. */
    const tf_value *prior = J(&res_schema, BASE_STATE);
    const tf_value *config = with(J(&res_schema, BASE_CONFIG), "groups",
                                  tf_get(J(&res_schema, "{\"groups\":[]}"), "groups"));
    tf_plan_out o = plan(&res_def, prior, config);
    CHECK(tf_is_null(tf_get(o.planned, "groups")));
    prior = with(prior, "groups", tf_get(J(&res_schema, "{\"groups\":[]}"), "groups"));
    o = plan(&res_def, prior, config);
    CHECK(is_empty(tf_get(o.planned, "groups")));
    prior = with(prior, "groups", tf_get(J(&res_schema, "{\"groups\":[\"g\"]}"), "groups"));
    o = plan(&res_def, prior, config);
    CHECK(is_empty(tf_get(o.planned, "groups")));
    /* a list block element added on update: null for an empty set too,
     * but not unknown even where Computed */
    config = J(&res_schema, BASE_CONFIG);
    config = with(config, "rule", tf_get(J(&res_schema, "{\"rule\":[{\"type\":\"forward\"},"
                                                        "{\"type\":\"x\",\"hosts\":[],"
                                                        "\"labels\":{}}]}"),
                                         "rule"));
    o = plan(&res_def, J(&res_schema, BASE_STATE), config);
    CHECK(tf_is_null(at(o.planned, "rule.1.hosts")));
    /* diffMap: a Computed map with no state is computed, id or not */
    CHECK(tf_is_unknown(at(o.planned, "rule.1.labels")));
}

static void test_update_added_list_element(void)
{
    /* In a list block element added on update, an unset Optional+Computed
     * primitive is null: schemaMap.diffString sees "" against "" and, the
     * resource having an id, no change.  Computed collections are still
     * diffed as computed; "" in config stays "" (normalizeNullValues). */
    const tf_value *prior = J(&res_schema, BASE_STATE);
    const tf_value *config = with(
        J(&res_schema, BASE_CONFIG), "rule",
        tf_get(J(&res_schema, "{\"rule\":[{\"type\":\"forward\"},{\"type\":\"fixed\"}]}"),
               "rule"));
    tf_plan_out o = plan(&res_def, prior, config);
    const tf_value *p = o.planned;
    CHECK(o.n_replace == 0);
    CHECK(is_num(at(p, "rule.0.order"), 1));
    CHECK(is_str(at(p, "rule.1.type"), "fixed"));
    CHECK(tf_is_null(at(p, "rule.1.order")));
    CHECK(tf_is_null(at(p, "rule.1.status")));
    CHECK(tf_is_unknown(at(p, "rule.1.codes")));
    CHECK(is_str(at(p, "rule.1.port"), "#{port}"));
    CHECK(strict(prior, config, p) == 0);
    config = with(config, "rule.1.status", tf_string(A, ""));
    o = plan(&res_def, prior, config);
    CHECK(is_str(at(o.planned, "rule.1.status"), ""));
    /* on create (no id) they are unknown */
    o = plan(&res_def, NULL, config);
    CHECK(tf_is_unknown(at(o.planned, "rule.1.order")));
    CHECK(tf_is_unknown(at(o.planned, "rule.1.status")));
    /* and so on the re-plan of a replacement */
    config = with(config, "cidr_block", tf_string(A, "10.1.0.0/16"));
    o = plan(&res_def, prior, config);
    CHECK_STR(paths_str(&o), "cidr_block");
    CHECK(tf_is_unknown(at(o.planned, "rule.1.order")));
    CHECK(tf_is_unknown(at(o.planned, "rule.0.order")));
}

static const tf_value *find_lb(const tf_value *set, const char *name)
{
    for (size_t i = 0; tf_is_known(set) && i < set->u.coll.n; i++)
        if (is_str(tf_get(set->u.coll.items[i], "container_name"), name))
            return set->u.coll.items[i];
    return NULL;
}

static void test_update_set_changed_kept_elements(void)
{
    /* When a set block changes, schemaMap.diffSet diffs every element with
     * all=true.  A kept element's optional primitive the config leaves out
     * but the state holds is removed (null, not ""), its lists get their
     * count, its Computed fields keep a prior value or, without one, are
     * unknown.  A new element gets "" for strings as before. */
    const tf_value *prior = J(&res_schema, BASE_STATE);
    const tf_value *config = with(
        J(&res_schema, BASE_CONFIG), "lb",
        tf_get(J(&res_schema, "{\"lb\":[{\"container_name\":\"web\",\"port\":80},"
                              "{\"container_name\":\"api\",\"port\":81}]}"),
               "lb"));
    tf_plan_out o = plan(&res_def, prior, config);
    CHECK(o.n_replace == 0);
    const tf_value *lb = tf_get(o.planned, "lb");
    CHECK(lb && coll_n(lb) == 2);
    const tf_value *kept = find_lb(lb, "web"), *added = find_lb(lb, "api");
    CHECK(kept && added);
    CHECK(kept && tf_is_null(tf_get(kept, "elb_name")));
    CHECK(kept && is_empty(tf_get(kept, "tags")));
    CHECK(kept && tf_is_null(tf_get(kept, "weight")));
    CHECK(kept && is_str(tf_get(kept, "zone"), "z1"));
    CHECK(kept && is_num(tf_get(kept, "port"), 80));
    CHECK(added && is_str(tf_get(added, "elb_name"), ""));
    CHECK(added && is_empty(tf_get(added, "tags")));
    CHECK(added && tf_is_unknown(tf_get(added, "zone")));
    /* Terraform does not correlate set elements: no legacy needed. */
    CHECK(strict(prior, config, o.planned) == 0);
    /* a Computed field the state has no value for becomes unknown */
    prior = with(prior, "lb.0.zone", tf_null(A, &tf_type_string));
    o = plan(&res_def, prior, config);
    kept = find_lb(tf_get(o.planned, "lb"), "web");
    CHECK(kept && tf_is_unknown(tf_get(kept, "zone")));
    /* a set that did not change keeps its elements as they are */
    o = plan(&res_def, J(&res_schema, BASE_STATE), J(&res_schema, BASE_CONFIG));
    CHECK(is_str(at(o.planned, "lb.0.elb_name"), ""));
    CHECK(is_str(at(o.planned, "lb.0.zone"), "z1"));
    /* a removed element changes the set too */
    prior = with(J(&res_schema, BASE_STATE), "lb",
                 tf_get(J(&res_schema,
                          "{\"lb\":[{\"container_name\":\"web\",\"port\":80,\"elb_name\":\"\","
                          "\"tags\":[],\"zone\":\"z1\"},{\"container_name\":\"api\",\"port\":81,"
                          "\"elb_name\":\"\",\"tags\":[],\"zone\":\"z2\"}]}"),
                        "lb"));
    o = plan(&res_def, prior, J(&res_schema, BASE_CONFIG));
    CHECK(coll_n(tf_get(o.planned, "lb")) == 1);
    CHECK(tf_is_null(at(o.planned, "lb.0.elb_name")));
    CHECK(is_str(at(o.planned, "lb.0.zone"), "z1"));
}

static const tf_value *find_ingress(const tf_value *set, int64_t from)
{
    for (size_t i = 0; tf_is_known(set) && i < set->u.coll.n; i++)
        if (is_num(tf_get(set->u.coll.items[i], "from"), from))
            return set->u.coll.items[i];
    return NULL;
}

static void test_update_object_set_attr(void)
{
    /* A set(object) attribute is diffed like a set block of Optional
     * fields: unchanged it is the prior set, even where the state holds
     * null for what a new element would get ""; changed, its kept elements
     * lose the unset fields the state holds. */
    const tf_value *prior = J(&res_schema, BASE_STATE);
    prior = with(prior, "ingress.0.desc", tf_null(A, &tf_type_string));
    tf_plan_out o = plan(&res_def, prior, J(&res_schema, BASE_CONFIG));
    CHECK(tf_value_equal(tf_get(o.planned, "ingress"), tf_get(prior, "ingress")));
    prior = J(&res_schema, BASE_STATE);
    prior = with(prior, "ingress.0.self", tf_bool(A, false));
    const tf_value *config = with(
        J(&res_schema, BASE_CONFIG), "ingress",
        tf_get(J(&res_schema, "{\"ingress\":[{\"from\":80},{\"from\":81,\"cidrs\":[\"a\"]}]}"),
               "ingress"));
    o = plan(&res_def, prior, config);
    const tf_value *ing = tf_get(o.planned, "ingress");
    const tf_value *kept = find_ingress(ing, 80), *added = find_ingress(ing, 81);
    CHECK(coll_n(ing) == 2 && kept && added);
    CHECK(kept && tf_is_null(tf_get(kept, "desc")));
    CHECK(kept && tf_is_null(tf_get(kept, "self")));
    CHECK(kept && is_empty(tf_get(kept, "cidrs")));
    CHECK(added && is_str(tf_get(added, "desc"), ""));
    CHECK(added && is_str(at(added, "cidrs.0"), "a"));
    CHECK(o.n_replace == 0);
    /* A set the resource's own planning normalises to the prior one is
     * unchanged: the prior set, "" and all. */
    prior = with(J(&res_schema, BASE_STATE), "ingress",
                 tf_get(J(&res_schema, "{\"ingress\":[{\"from\":80,\"desc\":\"\",\"cidrs\":[]},"
                                       "{\"from\":81,\"desc\":\"\",\"cidrs\":[]}]}"),
                        "ingress"));
    config = with(J(&res_schema, BASE_CONFIG), "ingress",
                  tf_get(J(&res_schema, "{\"ingress\":[{\"from\":1080},{\"from\":81}]}"),
                         "ingress"));
    o = plan(&norm_def, prior, config);
    CHECK(tf_value_equal(tf_get(o.planned, "ingress"), tf_get(prior, "ingress")));
    /* without the normalisation it is a change: 81 is kept, 1080 new */
    o = plan(&res_def, prior, config);
    CHECK(find_ingress(tf_get(o.planned, "ingress"), 81) != NULL);
    CHECK(tf_is_null(at(find_ingress(tf_get(o.planned, "ingress"), 81), "desc")));
    CHECK(is_str(at(find_ingress(tf_get(o.planned, "ingress"), 1080), "desc"), ""));
    /* emptied */
    config = with(J(&res_schema, BASE_CONFIG), "ingress",
                  tf_get(J(&res_schema, "{\"ingress\":[]}"), "ingress"));
    o = plan(&res_def, prior, config);
    CHECK(is_empty(tf_get(o.planned, "ingress")));
}

static const tf_value *lb_set(const char *json)
{
    return tf_get(J(&res_schema, json), "lb");
}

static void test_apply_consistent_sets(void)
{
    /* A planned set holding unknowns is checked the way Terraform does
     * (objchange.assertSetValuesCompatible): each element on either side
     * needs a compatible one on the other, and the set must not grow. */
    const tf_value *planned = lb_set(
        "{\"lb\":[{\"container_name\":\"web\",\"port\":80,\"zone\":\"z1\"},"
        "{\"container_name\":\"api\",\"port\":81,\"elb_name\":\"\"}]}");
    const tf_value *api = find_lb(planned, "api");
    const tf_value *api_u = tf_object_with(A, api, "zone", tf_unknown(A, &tf_type_string));
    const tf_value *web = find_lb(planned, "web");
    planned = tf_set(A, planned->type->elem, 2, (const tf_value *[]){web, api_u});
    CHECK(tf_contains_unknown(planned));
    const tf_value *good = lb_set(
        "{\"lb\":[{\"container_name\":\"web\",\"port\":80,\"zone\":\"z1\"},"
        "{\"container_name\":\"api\",\"port\":81,\"elb_name\":\"\",\"zone\":\"z9\"}]}");
    CHECK(tf_apply_consistent(planned, good));
    /* "" read back where the plan said null */
    const tf_value *filled = lb_set(
        "{\"lb\":[{\"container_name\":\"web\",\"port\":80,\"zone\":\"z1\",\"elb_name\":\"\"},"
        "{\"container_name\":\"api\",\"port\":81,\"elb_name\":\"\",\"zone\":\"z9\"}]}");
    CHECK(!tf_apply_consistent(planned, filled));
    /* an element too many */
    const tf_value *more = lb_set(
        "{\"lb\":[{\"container_name\":\"web\",\"port\":80,\"zone\":\"z1\"},"
        "{\"container_name\":\"api\",\"port\":81,\"elb_name\":\"\",\"zone\":\"z9\"},"
        "{\"container_name\":\"x\",\"port\":1}]}");
    CHECK(!tf_apply_consistent(planned, more));
    /* fewer is fine only when every planned element still has a match */
    CHECK(!tf_apply_consistent(planned, lb_set("{\"lb\":[{\"container_name\":\"web\","
                                               "\"port\":80,\"zone\":\"z1\"}]}")));
}

static void test_hook_helpers(void)
{
    const tf_value *config = J(&res_schema, "{\"ingress\":[{\"from\":1},{\"from\":2,\"self\":true}]}");
    const tf_value *filled = tf_plan_fill_field(A, tf_get(config, "ingress"), "self", tf_bool(A, false));
    CHECK(filled && filled->u.coll.n == 2);
    size_t n_false = 0, n_true = 0;
    for (size_t i = 0; filled && i < filled->u.coll.n; i++) {
        const tf_value *s = tf_get(filled->u.coll.items[i], "self");
        n_false += is_bool(s, false);
        n_true += is_bool(s, true);
    }
    CHECK(n_false == 1 && n_true == 1);
    /* not a collection of objects with that field: unchanged */
    CHECK(tf_plan_fill_field(A, tf_get(config, "ingress"), "nope", tf_bool(A, false)) ==
          tf_get(config, "ingress"));
    CHECK(tf_plan_fill_field(A, tf_get(config, "tags"), "x", tf_bool(A, false)) ==
          tf_get(config, "tags"));
    tf_plan_req req = {0};
    tf_plan_add_replace(A, &req, tf_path_attr(A, NULL, "a"));
    tf_plan_add_replace(A, &req, tf_path_attr(A, NULL, "b"));
    tf_plan_add_replace(A, &req, tf_path_attr(A, NULL, "a"));
    CHECK(req.n_replace == 2);
}

static void test_destroy(void)
{
    tf_ctx ctx = mkctx();
    tf_plan_out o;
    const tf_value *prior = J(&res_schema, BASE_STATE);
    const tf_value *null_obj = tf_null(A, res_schema.ctype);
    tf_plan_resource(&ctx, &res_def, prior, null_obj, null_obj, NULL, 0, &o);
    CHECK(o.planned && tf_is_null(o.planned));
    CHECK(o.n_replace == 0 && !o.legacy_type_system);
    CHECK(!tf_diags_has_error(&DIAGS));
}

static void test_hook(void)
{
    /* The hook normalises name; the prior holds the normalised value, so an
     * unchanged config must not replace. */
    const tf_value *prior = with(J(&res_schema, BASE_STATE), "name", tf_string(A, "WEB"));
    const tf_value *config = with(J(&res_schema, BASE_CONFIG), "name", tf_string(A, "web"));
    hook_calls = hook_null_prior_calls = 0;
    tf_plan_out o = plan(&hooked_def, prior, config);
    CHECK(is_str(tf_get(o.planned, "name"), "WEB"));
    CHECK(o.n_replace == 0);
    CHECK(hook_calls == 1 && hook_null_prior_calls == 0);
    /* A normalised value that differs from config needs legacy. */
    CHECK(o.legacy_type_system);
    /* A real change replaces, and the hook sees the replacement as a
     * create. */
    config = with(config, "name", tf_string(A, "api"));
    hook_calls = hook_null_prior_calls = 0;
    o = plan(&hooked_def, prior, config);
    CHECK_STR(paths_str(&o), "name");
    CHECK(is_str(tf_get(o.planned, "name"), "API"));
    CHECK(hook_calls == 2 && hook_null_prior_calls == 1);
    CHECK(tf_is_unknown(tf_get(o.planned, "arn")));
    /* A hook returning garbage is reported, not passed on. */
    o = plan(&broken_def, NULL, config);
    CHECK(o.planned == NULL);
    CHECK(tf_diags_has_error(&DIAGS));
}

static void test_bad_request(void)
{
    tf_ctx ctx = mkctx();
    tf_plan_out o;
    const tf_value *wrong = J(&plain_schema, "{\"name\":\"n\"}");
    tf_plan_resource(&ctx, &res_def, tf_null(A, res_schema.ctype), wrong, wrong, NULL, 0, &o);
    CHECK(o.planned == NULL);
    CHECK(tf_diags_has_error(&DIAGS));
}

static void test_strict_check(void)
{
    const tf_value *config = J(&res_schema, BASE_CONFIG);
    config = with(config, "ingress", tf_null(A, tf_get(config, "ingress")->type));
    tf_plan_out o = plan(&res_def, NULL, config);
    const tf_value *p = o.planned;
    CHECK(strict(NULL, config, p) == 0);
    char *why = NULL;
    /* a non-computed attribute planned without config or default */
    CHECK(tf_plan_check_strict(A, &res_schema, tf_null(A, res_schema.ctype), config,
                               with(p, "num", tf_number_i64(A, 3)), &why) == 1);
    CHECK(why && strstr(why, "num: planned value 3 for a non-computed attribute"));
    /* a config value not honoured */
    CHECK(tf_plan_check_strict(A, &res_schema, tf_null(A, res_schema.ctype), config,
                               with(p, "cidr_block", tf_string(A, "x")), &why) == 1);
    CHECK(why && strstr(why, "does not match config value"));
    /* sensitive values are not shown */
    CHECK(tf_plan_check_strict(A, &res_schema, tf_null(A, res_schema.ctype), config,
                               with(p, "secret", tf_string(A, "hunter2")), &why) == 1);
    CHECK(why && !strstr(why, "hunter2"));
    /* computed-only attributes are the provider's */
    CHECK(tf_plan_check_strict(A, &res_schema, tf_null(A, res_schema.ctype), config,
                               with(p, "arn", tf_string(A, "anything")), NULL) == 0);
    /* block count must follow config */
    const tf_value *two = J(&res_schema, "{\"rule\":[{\"type\":\"a\"},{\"type\":\"b\"}]}");
    CHECK(tf_plan_check_strict(A, &res_schema, tf_null(A, res_schema.ctype), config,
                               with(p, "rule", tf_get(two, "rule")), &why) == 1);
    CHECK(why && strstr(why, "block count in plan (2) disagrees with count in config (1)"));
    /* a list block element must not be unknown itself */
    CHECK(tf_plan_check_strict(A, &res_schema, tf_null(A, res_schema.ctype), config,
                               with(p, "rule.0", tf_unknown(A, rule_block.ctype)), &why) == 1);
    /* the default exception is only for the default */
    CHECK(tf_plan_check_strict(A, &res_schema, tf_null(A, res_schema.ctype), config,
                               with(p, "enable_dns_support", tf_bool(A, false)), NULL) == 1);
    /* planned null while config wants an object */
    CHECK(tf_plan_check_strict(A, &res_schema, tf_null(A, res_schema.ctype), config,
                               tf_null(A, res_schema.ctype), NULL) == 1);
}

static void test_state_conform(void)
{
    tf_ctx ctx = mkctx();
    const tf_value *config = J(&res_schema, BASE_CONFIG);
    const tf_value *planned = plan(&res_def, NULL, config).planned;
    /* (a set wholly known in the plan is kept as planned) */
    planned = with(planned, "lb.0.zone", tf_string(A, "z"));
    /* A resource returns a state of its own making: fewer attributes, a
     * number as a string, an unknown left over, a non-computed value
     * normalised differently. */
    const char *names[] = {"arn", "id", "cidr_block", "num", "ipv6", "tags_all", "rule"};
    const tf_type *rule_obj = tf_type_object(
        A, 2, (const char *[]){"type", "order"},
        (const tf_type *[]){&tf_type_string, &tf_type_number});
    const tf_value *rule_elem = tf_object(
        A, rule_obj, (const tf_value *[]){tf_number_i64(A, 4), tf_string(A, "other")});
    /* object items go in sorted name order: order, type */
    const tf_type *types[] = {&tf_type_string, &tf_type_string, &tf_type_string,
                              &tf_type_string, &tf_type_string,
                              tf_type_map(A, &tf_type_string), tf_type_list(A, rule_obj)};
    const tf_type *st = tf_type_object(A, 7, names, types);
    const tf_value *items[7];
    for (size_t i = 0; i < st->n; i++) {
        const char *n = st->names[i];
        if (!strcmp(n, "arn"))
            items[i] = tf_string(A, "arn:new");
        else if (!strcmp(n, "id"))
            items[i] = tf_string(A, "vpc-9");
        else if (!strcmp(n, "cidr_block"))
            items[i] = tf_string(A, "10.0.0.0/16");
        else if (!strcmp(n, "num"))
            items[i] = tf_string(A, "42");
        else if (!strcmp(n, "ipv6"))
            items[i] = tf_unknown(A, &tf_type_string);
        else if (!strcmp(n, "tags_all"))
            items[i] = tf_map(A, &tf_type_string, 1, (const char *[]){"Name"},
                              (const tf_value *[]){tf_string(A, "a")});
        else
            items[i] = tf_list(A, rule_obj, 1, &rule_elem);
    }
    const tf_value *state = tf_object(A, st, items);
    const tf_value *c = tf_state_conform(&ctx, &res_schema, planned, state);
    CHECK(c && tf_type_equal(c->type, res_schema.ctype));
    CHECK(!tf_diags_has_error(&DIAGS));
    CHECK(is_str(tf_get(c, "arn"), "arn:new"));
    CHECK(is_str(tf_get(c, "id"), "vpc-9"));
    /* num is non-computed and was planned null: the plan wins */
    CHECK(tf_is_null(tf_get(c, "num")));
    CHECK(tf_is_null(tf_get(c, "ipv6")));
    CHECK(is_bool(tf_get(c, "enable_dns_support"), true)); /* planned, missing from state */
    CHECK(is_str(at(c, "rule.0.type"), "forward"));        /* non-computed: planned */
    CHECK(is_num(at(c, "rule.0.order"), 4));               /* computed: state */
    CHECK(tf_is_null(at(c, "rule.0.message")));
    CHECK(is_str(at(c, "lb.0.elb_name"), ""));             /* set block: the plan */
    CHECK(!tf_contains_unknown(c));
    /* on read (no plan), state values are taken as they are */
    c = tf_state_conform(&ctx, &res_schema, NULL, state);
    CHECK(c && is_num(tf_get(c, "num"), 42));
    CHECK(c && is_str(at(c, "rule.0.type"), "other"));
    CHECK(c && is_empty(tf_get(c, "lb")));
    CHECK(c && tf_is_null(tf_get(c, "timeouts")));
    /* a value that cannot be converted fails clearly */
    const tf_type *bt = tf_type_object(A, 1, (const char *[]){"num"},
                                       (const tf_type *[]){&tf_type_bool});
    const tf_value *bad = tf_object(A, bt, (const tf_value *[]){tf_bool(A, true)});
    c = tf_state_conform(&ctx, &res_schema, NULL, bad);
    CHECK(c == NULL);
    CHECK(tf_diags_has_error(&DIAGS));
    CHECK(DIAGS.n > 0 && DIAGS.items[DIAGS.n - 1].path &&
          !strcmp(tf_path_string(A, DIAGS.items[DIAGS.n - 1].path), "num"));
    /* a state that is not an object at all */
    ctx = mkctx();
    CHECK(tf_state_conform(&ctx, &res_schema, NULL, tf_string(A, "x")) == NULL);
    CHECK(tf_diags_has_error(&DIAGS));
    /* a null state stays null */
    ctx = mkctx();
    c = tf_state_conform(&ctx, &res_schema, planned, tf_null(A, res_schema.ctype));
    CHECK(c && tf_is_null(c) && tf_type_equal(c->type, res_schema.ctype));
}

int main(void)
{
    STATIC_A = tf_arena_new();
    if (tf_schema_prepare(STATIC_A, &res_schema) != 0 ||
        tf_schema_prepare(STATIC_A, &plain_schema) != 0) {
        fprintf(stderr, "schema preparation failed\n");
        return 2;
    }
    struct {
        const char *name;
        void (*fn)(void);
    } tests[] = {
        {"create", test_create},
        {"create_absent_computed_block", test_create_absent_computed_block},
        {"create_plain_not_legacy", test_create_plain_not_legacy},
        {"create_computed_empty_string", test_create_computed_empty_string},
        {"update_unchanged", test_update_unchanged},
        {"update_in_place", test_update_in_place},
        {"update_optional_computed_removed", test_update_optional_computed_removed},
        {"update_zero_values", test_update_zero_values},
        {"replace_top_level", test_replace_top_level},
        {"replace_nested_list_attr", test_replace_nested_list_attr},
        {"replace_set_block", test_replace_set_block},
        {"set_element_identity", test_set_element_identity},
        {"update_set_block_in_place", test_update_set_block_in_place},
        {"replace_added_list_element", test_replace_added_list_element},
        {"unknown_config", test_unknown_config},
        {"unknown_elements", test_unknown_elements},
        {"create_empty_collections", test_create_empty_collections},
        {"update_empty_collections", test_update_empty_collections},
        {"update_added_list_element", test_update_added_list_element},
        {"update_set_changed_kept_elements", test_update_set_changed_kept_elements},
        {"update_object_set_attr", test_update_object_set_attr},
        {"apply_consistent_sets", test_apply_consistent_sets},
        {"hook_helpers", test_hook_helpers},
        {"destroy", test_destroy},
        {"hook", test_hook},
        {"bad_request", test_bad_request},
        {"strict_check", test_strict_check},
        {"state_conform", test_state_conform},
    };
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        int before = failed;
        A = tf_arena_new();
        tests[i].fn();
        tf_arena_free(A);
        if (failed != before)
            fprintf(stderr, "FAILED: %s\n", tests[i].name);
    }
    tf_arena_free(STATIC_A);
    return check_report();
}

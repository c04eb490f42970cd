/* test_ephemeral_rpc.c - ephemeral resources and write-only attributes as
 * Terraform sees them over tfplugin5.
 *
 * Ephemeral: ValidateEphemeralResourceConfig, OpenEphemeralResource (the
 * result fitted to the schema, renew_at and private bytes carried through,
 * an unknown result for a configuration with unknowns), Renew and Close
 * handing the private bytes back, a schema-only type refused at Open, and
 * malformed requests (unknown type, bad msgpack) answered with diagnostics.
 *
 * Write-only: ValidateResourceTypeConfig refuses a write-only value from a
 * client without write_only_attributes_allowed, PlanResourceChange plans it
 * null, ApplyResourceChange's state holds null while create saw the value
 * in ctx->config, ReadResource keeps it null.
 *
 * Each answer goes through protobuf packing and unpacking, as on the wire. */
#include <stdio.h>
#include <string.h>

#include "proto_conv.h"
#include "server.h"
#include "rpc_call.h"
#include "value_build.h"
#include "check.h"

/* ---- an ephemeral type "test_token": name in, value out ---- */

static int opened, renewed, closed;
static char closed_priv[32];

static void token_open(tf_ctx *ctx, const tf_value *config, tf_ephemeral_out *out)
{
    opened++;
    const char *name = tf_get(config, "name")->u.str.ptr;
    if (strcmp(name, "fail") == 0) {
        tf_diag_error(ctx->diags, NULL, "Cannot open", "no token named %s", name);
        return;
    }
    tf_objb b;
    tf_objb_init(&b, ctx->arena, config->type, config);
    tf_objb_str(&b, "value", tf_arena_printf(ctx->arena, "secret-of-%s", name));
    out->result = tf_objb_done(&b);
    if (strcmp(name, "renewable") == 0) {
        out->renew_at = 2000000000;
        out->priv = "lease-1";
        out->priv_len = 7;
    }
}

static void token_renew(tf_ctx *ctx, const void *priv, size_t n, tf_ephemeral_out *out)
{
    renewed++;
    if (n != 7 || memcmp(priv, "lease-1", 7) != 0) {
        tf_diag_error(ctx->diags, NULL, "Bad lease", "unexpected private bytes");
        return;
    }
    out->renew_at = 2000000600;
    out->priv = "lease-2";
    out->priv_len = 7;
}

static void token_close(tf_ctx *ctx, const void *priv, size_t n)
{
    (void)ctx;
    closed++;
    snprintf(closed_priv, sizeof closed_priv, "%.*s", (int)n, priv ? (const char *)priv : "");
}

static tf_attribute token_attrs[] = {
    {.name = "name", .type = "string", .flags = TF_REQUIRED},
    {.name = "length", .type = "number", .flags = TF_OPTIONAL,
     .validators = (const tf_validator[]){TF_V_INT_BETWEEN(1, 10), TF_V_END}},
    {.name = "value", .type = "string", .flags = TF_COMPUTED | TF_SENSITIVE},
    {0},
};
static tf_block token_block = {.attrs = token_attrs};

static const tf_ephemeral_def token_def = {
    .type_name = "test_token",
    .schema = &token_block,
    .open = token_open,
    .renew = token_renew,
    .close = token_close,
};

static tf_attribute known_attrs[] = {
    {.name = "arn", .type = "string", .flags = TF_REQUIRED},
    {0},
};
static tf_block known_block = {.attrs = known_attrs};
static const tf_ephemeral_def known_def = {
    .type_name = "test_known", .schema = &known_block, .schema_only = true};

static const tf_ephemeral_def *const ephemerals[] = {&known_def, &token_def, NULL};

/* ---- a resource with a write-only argument ---- */

static char created_with[64];

static const tf_value *thing_create(tf_ctx *ctx, const tf_value *planned)
{
    const tf_value *wo = ctx->config ? tf_get(ctx->config, "password_wo") : NULL;
    snprintf(created_with, sizeof created_with, "%s",
             tf_is_known(wo) ? wo->u.str.ptr : "(none)");
    tf_objb b;
    tf_objb_init(&b, ctx->arena, planned->type, planned);
    tf_objb_str(&b, "id", "thing-1");
    /* A careless resource echoing the secret: the runtime must drop it. */
    tf_objb_set(&b, "password_wo", wo);
    return tf_objb_done(&b);
}

static const tf_value *thing_read(tf_ctx *ctx, const tf_value *state)
{
    return tf_object_with(ctx->arena, state, "password_wo", tf_string(ctx->arena, "leak"));
}

static tf_attribute opt_attrs[] = {
    {.name = "key_wo", .type = "string", .flags = TF_OPTIONAL | TF_WRITE_ONLY},
    {.name = "label", .type = "string", .flags = TF_OPTIONAL},
    {0},
};
static tf_block opt_block = {.attrs = opt_attrs};
static tf_nested_block thing_blocks[] = {
    {.name = "option", .nesting = TF_NEST_LIST, .block = &opt_block},
    {0},
};
static tf_attribute thing_attrs[] = {
    {.name = "id", .type = "string", .flags = TF_OPTIONAL | TF_COMPUTED},
    {.name = "name", .type = "string", .flags = TF_REQUIRED},
    {.name = "password_wo", .type = "string",
     .flags = TF_OPTIONAL | TF_SENSITIVE | TF_WRITE_ONLY},
    {.name = "password_wo_version", .type = "number", .flags = TF_OPTIONAL},
    {0},
};
static tf_block thing_block = {.attrs = thing_attrs, .blocks = thing_blocks};
static const tf_resource_def thing_def = {
    .type_name = "test_thing",
    .schema = &thing_block,
    .create = thing_create,
    .read = thing_read,
};
static const tf_resource_def *const resources[] = {&thing_def, NULL};

static tf_attribute provider_attrs[] = {{0}};
static tf_block provider_block = {.attrs = provider_attrs};

static const tf_provider_def provider = {
    .schema = &provider_block,
    .resources = resources,
    .ephemeral_resources = ephemerals,
};

static Tfplugin5__DynamicValue *junk_dv(tf_arena *a)
{
    Tfplugin5__DynamicValue *d = tf_arena_alloc(a, sizeof *d);
    tfplugin5__dynamic_value__init(d);
    d->msgpack.data = (uint8_t *)"\x92\xc1"; /* array header, then a never-used byte */
    d->msgpack.len = 2;
    return d;
}

static bool has_diag(size_t n, Tfplugin5__Diagnostic **d, const char *summary_part)
{
    for (size_t i = 0; i < n; i++)
        if (d[i]->severity == TFPLUGIN5__DIAGNOSTIC__SEVERITY__ERROR &&
            strstr(d[i]->summary, summary_part))
            return true;
    return false;
}

static const tf_value *token_config(tf_arena *a, const char *name)
{
    tf_objb b;
    tf_objb_init(&b, a, token_block.ctype, NULL);
    tf_objb_str(&b, "name", name);
    return tf_objb_done(&b);
}

static Tfplugin5__OpenEphemeralResource__Response *open_token(tf_arena *a, const char *type,
                                                              Tfplugin5__DynamicValue *cfg)
{
    Tfplugin5__OpenEphemeralResource__Request q;
    tfplugin5__open_ephemeral_resource__request__init(&q);
    q.type_name = (char *)type;
    q.config = cfg;
    return (void *)rpc(a, "OpenEphemeralResource", &q.base,
                       &tfplugin5__open_ephemeral_resource__response__descriptor);
}

static void test_ephemeral(void)
{
    tf_arena *a = tf_arena_new();
    CHECK(rpc(a, "GetSchema", NULL, &tfplugin5__get_provider_schema__response__descriptor));
    Tfplugin5__GetMetadata__Response *md = (void *)rpc(
        a, "GetMetadata", NULL, &tfplugin5__get_metadata__response__descriptor);
    CHECK(md && md->n_ephemeral_resources == 2);

    /* validate: schema validators run; the schema-only type validates */
    Tfplugin5__ValidateEphemeralResourceConfig__Request vq;
    tfplugin5__validate_ephemeral_resource_config__request__init(&vq);
    vq.type_name = "test_token";
    vq.config = dv(a, tf_object_with(a, token_config(a, "x"), "length", tf_number_i64(a, 99)));
    Tfplugin5__ValidateEphemeralResourceConfig__Response *vr = (void *)rpc(
        a, "ValidateEphemeralResourceConfig", &vq.base,
        &tfplugin5__validate_ephemeral_resource_config__response__descriptor);
    CHECK(vr && vr->n_diagnostics == 1 && vr->diagnostics[0]->attribute);
    vq.config = dv(a, token_config(a, "x"));
    vr = (void *)rpc(a, "ValidateEphemeralResourceConfig", &vq.base,
                     &tfplugin5__validate_ephemeral_resource_config__response__descriptor);
    CHECK(vr && vr->n_diagnostics == 0);
    vq.type_name = "test_nope";
    vr = (void *)rpc(a, "ValidateEphemeralResourceConfig", &vq.base,
                     &tfplugin5__validate_ephemeral_resource_config__response__descriptor);
    CHECK(vr && has_diag(vr->n_diagnostics, vr->diagnostics, "Unknown type"));
    vq.type_name = "test_token";
    vq.config = junk_dv(a);
    vr = (void *)rpc(a, "ValidateEphemeralResourceConfig", &vq.base,
                     &tfplugin5__validate_ephemeral_resource_config__response__descriptor);
    CHECK(vr && has_diag(vr->n_diagnostics, vr->diagnostics, "Invalid value from Terraform"));

    /* open: result with the configured name, the value, no renewal */
    Tfplugin5__OpenEphemeralResource__Response *o =
        open_token(a, "test_token", dv(a, token_config(a, "db")));
    CHECK(o && o->n_diagnostics == 0 && o->result && !o->renew_at && o->private_.len == 0);
    if (o && o->result) {
        char *err = NULL;
        const tf_value *v = tf_pb_decode(a, o->result, token_block.ctype, &err);
        CHECK(v && strcmp(tf_get(v, "value")->u.str.ptr, "secret-of-db") == 0);
        CHECK(v && strcmp(tf_get(v, "name")->u.str.ptr, "db") == 0);
        CHECK(v && tf_is_null(tf_get(v, "length")));
    }

    /* open with renewal: renew_at and private bytes reach Terraform */
    o = open_token(a, "test_token", dv(a, token_config(a, "renewable")));
    CHECK(o && o->renew_at && o->renew_at->seconds == 2000000000);
    CHECK(o && o->private_.len == 7 && memcmp(o->private_.data, "lease-1", 7) == 0);

    Tfplugin5__RenewEphemeralResource__Request rq;
    tfplugin5__renew_ephemeral_resource__request__init(&rq);
    rq.type_name = "test_token";
    rq.private_.data = (uint8_t *)"lease-1";
    rq.private_.len = 7;
    Tfplugin5__RenewEphemeralResource__Response *rr = (void *)rpc(
        a, "RenewEphemeralResource", &rq.base,
        &tfplugin5__renew_ephemeral_resource__response__descriptor);
    CHECK(rr && rr->n_diagnostics == 0 && rr->renew_at && rr->renew_at->seconds == 2000000600);
    CHECK(rr && rr->private_.len == 7 && memcmp(rr->private_.data, "lease-2", 7) == 0);
    rq.private_.data = (uint8_t *)"junk";
    rq.private_.len = 4;
    rr = (void *)rpc(a, "RenewEphemeralResource", &rq.base,
                     &tfplugin5__renew_ephemeral_resource__response__descriptor);
    CHECK(rr && has_diag(rr->n_diagnostics, rr->diagnostics, "Bad lease") && !rr->renew_at);
    rq.type_name = "test_known";
    rr = (void *)rpc(a, "RenewEphemeralResource", &rq.base,
                     &tfplugin5__renew_ephemeral_resource__response__descriptor);
    CHECK(rr && has_diag(rr->n_diagnostics, rr->diagnostics, "not implemented by this provider"));

    Tfplugin5__CloseEphemeralResource__Request cq;
    tfplugin5__close_ephemeral_resource__request__init(&cq);
    cq.type_name = "test_token";
    cq.private_.data = (uint8_t *)"lease-2";
    cq.private_.len = 7;
    Tfplugin5__CloseEphemeralResource__Response *cr = (void *)rpc(
        a, "CloseEphemeralResource", &cq.base,
        &tfplugin5__close_ephemeral_resource__response__descriptor);
    CHECK(cr && cr->n_diagnostics == 0 && closed == 1 && strcmp(closed_priv, "lease-2") == 0);
    cq.type_name = "test_nope";
    cr = (void *)rpc(a, "CloseEphemeralResource", &cq.base,
                     &tfplugin5__close_ephemeral_resource__response__descriptor);
    CHECK(cr && has_diag(cr->n_diagnostics, cr->diagnostics, "Unknown type") && closed == 1);

    /* the resource's own error; no result */
    o = open_token(a, "test_token", dv(a, token_config(a, "fail")));
    CHECK(o && has_diag(o->n_diagnostics, o->diagnostics, "Cannot open") && !o->result);

    /* unknowns in config: not opened, an unknown result */
    int before = opened;
    const tf_value *cu = tf_object_with(a, token_config(a, "x"), "name",
                                        tf_unknown(a, &tf_type_string));
    o = open_token(a, "test_token", dv(a, cu));
    CHECK(o && o->n_diagnostics == 0 && o->result && opened == before);
    if (o && o->result) {
        char *err = NULL;
        const tf_value *v = tf_pb_decode(a, o->result, token_block.ctype, &err);
        CHECK(v && tf_is_unknown(v));
    }

    /* malformed: unknown type, bad msgpack, a schema-only type */
    o = open_token(a, "test_nope", dv(a, token_config(a, "x")));
    CHECK(o && has_diag(o->n_diagnostics, o->diagnostics, "Unknown type") && !o->result);
    o = open_token(a, "test_token", junk_dv(a));
    CHECK(o && has_diag(o->n_diagnostics, o->diagnostics, "Invalid value from Terraform"));
    Tfplugin5__DynamicValue *wrong = tf_arena_alloc(a, sizeof *wrong);
    tfplugin5__dynamic_value__init(wrong);
    wrong->msgpack.data = (uint8_t *)"\xa1x"; /* a string where an object belongs */
    wrong->msgpack.len = 2;
    o = open_token(a, "test_token", wrong);
    CHECK(o && has_diag(o->n_diagnostics, o->diagnostics, "Invalid value from Terraform"));
    tf_objb kb;
    tf_objb_init(&kb, a, known_block.ctype, NULL);
    tf_objb_str(&kb, "arn", "arn:aws:x");
    o = open_token(a, "test_known", dv(a, tf_objb_done(&kb)));
    CHECK(o && o->n_diagnostics == 1 &&
          strcmp(o->diagnostics[0]->summary,
                 "test_known is not implemented by this provider yet") == 0 &&
          !o->diagnostics[0]->attribute);
    CHECK(opened == 3);
    tf_arena_free(a);
}

static const tf_value *thing_config(tf_arena *a, const char *pw, const char *opt_key)
{
    const tf_type *t = thing_block.ctype;
    tf_objb b;
    tf_objb_init(&b, a, t, NULL);
    tf_objb_str(&b, "name", "n");
    tf_objb_str(&b, "password_wo", pw);
    const tf_type *lt = t->types[tf_type_attr_index(t, "option")];
    tf_objb ob;
    tf_objb_init(&ob, a, lt->elem, NULL);
    tf_objb_str(&ob, "key_wo", opt_key);
    tf_objb_str(&ob, "label", "l");
    const tf_value *items[1] = {tf_objb_done(&ob)};
    tf_objb_set(&b, "option", tf_list(a, lt->elem, 1, items));
    return tf_objb_done(&b);
}

static void test_write_only(void)
{
    tf_arena *a = tf_arena_new();
    const tf_type *t = thing_block.ctype;

    /* validate: refused without the capability, at each attribute's path */
    Tfplugin5__ValidateResourceTypeConfig__Request vq;
    tfplugin5__validate_resource_type_config__request__init(&vq);
    vq.type_name = "test_thing";
    vq.config = dv(a, thing_config(a, "hunter2", "k"));
    Tfplugin5__ValidateResourceTypeConfig__Response *vr = (void *)rpc(
        a, "ValidateResourceTypeConfig", &vq.base,
        &tfplugin5__validate_resource_type_config__response__descriptor);
    CHECK(vr && vr->n_diagnostics == 2);
    for (size_t i = 0; vr && i < vr->n_diagnostics; i++) {
        CHECK(strcmp(vr->diagnostics[i]->summary, "Write-only Attribute Not Allowed") == 0);
        CHECK(vr->diagnostics[i]->attribute && vr->diagnostics[i]->attribute->n_steps >= 1);
    }
    Tfplugin5__ClientCapabilities caps;
    tfplugin5__client_capabilities__init(&caps);
    vq.client_capabilities = &caps;
    vr = (void *)rpc(a, "ValidateResourceTypeConfig", &vq.base,
                     &tfplugin5__validate_resource_type_config__response__descriptor);
    CHECK(vr && vr->n_diagnostics == 2);
    caps.write_only_attributes_allowed = 1;
    vr = (void *)rpc(a, "ValidateResourceTypeConfig", &vq.base,
                     &tfplugin5__validate_resource_type_config__response__descriptor);
    CHECK(vr && vr->n_diagnostics == 0);
    caps.write_only_attributes_allowed = 0;
    vq.config = dv(a, thing_config(a, NULL, NULL));
    vr = (void *)rpc(a, "ValidateResourceTypeConfig", &vq.base,
                     &tfplugin5__validate_resource_type_config__response__descriptor);
    CHECK(vr && vr->n_diagnostics == 0);

    /* plan: write-only planned null, strictly valid */
    const tf_value *config = thing_config(a, "hunter2", "k");
    Tfplugin5__PlanResourceChange__Request pq;
    tfplugin5__plan_resource_change__request__init(&pq);
    pq.type_name = "test_thing";
    pq.prior_state = dv(a, tf_null(a, t));
    pq.proposed_new_state = dv(a, config);
    pq.config = dv(a, config);
    Tfplugin5__PlanResourceChange__Response *pr = (void *)rpc(
        a, "PlanResourceChange", &pq.base,
        &tfplugin5__plan_resource_change__response__descriptor);
    CHECK(pr && pr->n_diagnostics == 0 && pr->planned_state && !pr->legacy_type_system);
    const tf_value *planned = NULL;
    if (pr && pr->planned_state) {
        char *err = NULL;
        planned = tf_pb_decode(a, pr->planned_state, t, &err);
        CHECK(planned && tf_is_null(tf_get(planned, "password_wo")));
        const tf_value *opt = planned ? tf_get(planned, "option") : NULL;
        CHECK(tf_is_known(opt) && opt->u.coll.n == 1 &&
              tf_is_null(tf_get(opt->u.coll.items[0], "key_wo")) &&
              strcmp(tf_get(opt->u.coll.items[0], "label")->u.str.ptr, "l") == 0);
    }

    /* apply: create sees the value in config, the new state holds null */
    if (planned) {
        Tfplugin5__ApplyResourceChange__Request aq;
        tfplugin5__apply_resource_change__request__init(&aq);
        aq.type_name = "test_thing";
        aq.prior_state = dv(a, tf_null(a, t));
        aq.planned_state = dv(a, planned);
        aq.config = dv(a, config);
        Tfplugin5__ApplyResourceChange__Response *ar = (void *)rpc(
            a, "ApplyResourceChange", &aq.base,
            &tfplugin5__apply_resource_change__response__descriptor);
        CHECK(ar && ar->n_diagnostics == 0 && ar->new_state);
        CHECK(strcmp(created_with, "hunter2") == 0);
        const tf_value *st = NULL;
        if (ar && ar->new_state) {
            char *err = NULL;
            st = tf_pb_decode(a, ar->new_state, t, &err);
            CHECK(st && tf_is_null(tf_get(st, "password_wo")));
            CHECK(st && strcmp(tf_get(st, "id")->u.str.ptr, "thing-1") == 0);
            CHECK(ar && !ar->legacy_type_system);
        }
        /* read: a value the resource returns for it is dropped */
        if (st) {
            Tfplugin5__ReadResource__Request rq;
            tfplugin5__read_resource__request__init(&rq);
            rq.type_name = "test_thing";
            rq.current_state = dv(a, st);
            Tfplugin5__ReadResource__Response *rr = (void *)rpc(
                a, "ReadResource", &rq.base, &tfplugin5__read_resource__response__descriptor);
            CHECK(rr && rr->n_diagnostics == 0 && rr->new_state);
            if (rr && rr->new_state) {
                char *err = NULL;
                const tf_value *v = tf_pb_decode(a, rr->new_state, t, &err);
                CHECK(v && tf_is_null(tf_get(v, "password_wo")));
            }
        }
    }
    tf_arena_free(a);
}

int main(void)
{
    if (tf_runtime_init(&rt, &provider) != 0) {
        printf("runtime init failed\n");
        return 1;
    }
    test_ephemeral();
    test_write_only();
    tf_runtime_cleanup(&rt);
    return check_report();
}

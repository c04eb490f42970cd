/* test_apply_reads.c - tf_resource_def.apply_reads over tfplugin5.
 *
 * ApplyResourceChange normally keeps the planned value of an attribute that
 * is not Computed (tf_state_conform).  For the attributes a resource lists in
 * apply_reads the value its create or update read back wins, as SDKv2
 * stores what its Read sets: planned null or a planned string replaced by
 * the value read, a value read back null keeping the plan, an attribute not
 * listed keeping the plan, and the answer carrying legacy_type_system only
 * when the state departs from the plan.
 *
 * Each answer goes through protobuf packing and unpacking, as on the wire. */
#include <stdio.h>
#include <string.h>

#include "proto_conv.h"
#include "server.h"
#include "rpc_call.h"
#include "value_build.h"
#include "check.h"

/* ---- "test_lb": reads cross_zone true, mode from "mode_read", a label
 * "read-label" it does not list ---- */

static const char *mode_read; /* NULL: read back null */

static const tf_value *lb_readback(tf_ctx *ctx, const tf_value *planned)
{
    tf_objb b;
    tf_objb_init(&b, ctx->arena, planned->type, planned);
    tf_objb_str(&b, "id", "lb-1");
    tf_objb_bool(&b, "cross_zone", true);
    tf_objb_set(&b, "mode", mode_read ? tf_string(ctx->arena, mode_read)
                                      : tf_null(ctx->arena, &tf_type_string));
    tf_objb_str(&b, "label", "read-label");
    return tf_objb_done(&b);
}

static const tf_value *lb_create(tf_ctx *ctx, const tf_value *planned)
{
    return lb_readback(ctx, planned);
}

static const tf_value *lb_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    (void)prior;
    return lb_readback(ctx, planned);
}

static tf_attribute lb_attrs[] = {
    {.name = "id", .type = "string", .flags = TF_OPTIONAL | TF_COMPUTED},
    {.name = "cross_zone", .type = "bool", .flags = TF_OPTIONAL},
    {.name = "mode", .type = "string", .flags = TF_OPTIONAL},
    {.name = "label", .type = "string", .flags = TF_OPTIONAL},
    {0},
};
static tf_block lb_block = {.attrs = lb_attrs};
static const char *const lb_reads[] = {"cross_zone", "mode", NULL};
static const tf_resource_def lb_def = {
    .type_name = "test_lb",
    .schema = &lb_block,
    .create = lb_create,
    .update = lb_update,
    .apply_reads = lb_reads,
};
static const tf_resource_def *const resources[] = {&lb_def, NULL};

static tf_attribute provider_attrs[] = {{0}};
static tf_block provider_block = {.attrs = provider_attrs};
static const tf_provider_def provider = {.schema = &provider_block, .resources = resources};

/* A planned object: id as given (NULL: unknown), mode and label as given
 * (NULL: null), cross_zone null. */
static const tf_value *lb_planned(tf_arena *a, const char *id, const char *mode,
                                  const char *label)
{
    tf_objb b;
    tf_objb_init(&b, a, lb_block.ctype, NULL);
    tf_objb_set(&b, "id", id ? tf_string(a, id) : tf_unknown(a, &tf_type_string));
    if (mode)
        tf_objb_str(&b, "mode", mode);
    if (label)
        tf_objb_str(&b, "label", label);
    return tf_objb_done(&b);
}

/* Applies planned over prior (NULL: create); the new state, or NULL. */
static const tf_value *apply(tf_arena *a, const tf_value *prior, const tf_value *planned,
                             bool *legacy)
{
    const tf_type *t = lb_block.ctype;
    Tfplugin5__ApplyResourceChange__Request q;
    tfplugin5__apply_resource_change__request__init(&q);
    q.type_name = "test_lb";
    q.prior_state = dv(a, prior ? prior : tf_null(a, t));
    q.planned_state = dv(a, planned);
    q.config = dv(a, planned);
    Tfplugin5__ApplyResourceChange__Response *r = (void *)rpc(
        a, "ApplyResourceChange", &q.base, &tfplugin5__apply_resource_change__response__descriptor);
    CHECK(r && r->n_diagnostics == 0 && r->new_state);
    if (!r || !r->new_state)
        return NULL;
    *legacy = r->legacy_type_system;
    char *err = NULL;
    return tf_pb_decode(a, r->new_state, t, &err);
}

static bool str_is(const tf_value *v, const char *s)
{
    return tf_is_known(v) && !tf_is_null(v) && strcmp(v->u.str.ptr, s) == 0;
}

int main(void)
{
    if (tf_runtime_init(&rt, &provider) != 0) {
        printf("runtime init failed\n");
        return 1;
    }
    tf_arena *a = tf_arena_new();
    CHECK(rpc(a, "GetSchema", NULL, &tfplugin5__get_provider_schema__response__descriptor));
    bool legacy = false;

    /* create: cross_zone planned null and mode planned "a" take what was
     * read; label (not listed) keeps its planned value */
    mode_read = "A-normalised";
    const tf_value *st = apply(a, NULL, lb_planned(a, NULL, "a", "planned-label"), &legacy);
    CHECK(st && tf_is_known(tf_get(st, "cross_zone")) && tf_get(st, "cross_zone")->u.b);
    CHECK(st && str_is(tf_get(st, "mode"), "A-normalised"));
    CHECK(st && str_is(tf_get(st, "label"), "planned-label"));
    CHECK(st && str_is(tf_get(st, "id"), "lb-1"));
    CHECK(legacy);

    /* a value read back null keeps the plan */
    mode_read = NULL;
    st = apply(a, NULL, lb_planned(a, NULL, "b", NULL), &legacy);
    CHECK(st && str_is(tf_get(st, "mode"), "b"));
    CHECK(st && tf_is_null(tf_get(st, "label")));

    /* update planning what was read: the state is the plan, applied strictly */
    mode_read = "A-normalised";
    const tf_value *plan = tf_object_with(a, lb_planned(a, "lb-1", "A-normalised", "l"),
                                          "cross_zone", tf_bool(a, true));
    st = apply(a, plan, plan, &legacy);
    CHECK(st && tf_value_equal(st, plan));
    CHECK(!legacy);

    tf_arena_free(a);
    tf_runtime_cleanup(&rt);
    return check_report();
}

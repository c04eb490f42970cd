/* rpc.c - the tfplugin5 Provider service.
 *
 * Each handler decodes the request's values once into the RPC's arena,
 * hands them to the generic machinery (validation, planning) or to the
 * resource's callbacks, and encodes the answer once.  Handlers never fail
 * at the gRPC level for a problem a user can act on: those become
 * diagnostics.  gRPC errors are kept for malformed messages. */
#include <grpc/status.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "function_rpc.h"
#include "log.h"
#include "plan.h"
#include "proto_conv.h"
#include "server.h"

/* ---- helpers ---- */

/* Prepares one type's schema table the first time a call names the type
 * (see tf_runtime_ready).  A broken table fails the call with INTERNAL. */
static bool type_ready(tf_call *call, const char *name, tf_block *schema)
{
    tf_runtime *rt = call->rt;
    int rc = tf_runtime_ready(rt);
    if (rc == 0) {
        pthread_mutex_lock(&rt->schema_lock);
        rc = schema->ctype ? 0 : tf_schema_prepare(rt->static_arena, schema);
        pthread_mutex_unlock(&rt->schema_lock);
    }
    if (rc != 0) {
        call->status = GRPC_STATUS_INTERNAL;
        call->status_msg = tf_arena_printf(call->arena, "the schema table of %s is broken (see "
                                           "the provider's log); this is a bug in the provider",
                                           name);
    }
    return rc == 0;
}

static const tf_resource_def *find_resource(tf_call *call, const char *name)
{
    for (const tf_resource_def *const *r = call->rt->def->resources; r && *r; r++)
        if (strcmp((*r)->type_name, name) == 0)
            return type_ready(call, name, (*r)->schema) ? *r : NULL;
    return NULL;
}

static const tf_data_source_def *find_data_source(tf_call *call, const char *name)
{
    for (const tf_data_source_def *const *d = call->rt->def->data_sources; d && *d; d++)
        if (strcmp((*d)->type_name, name) == 0)
            return type_ready(call, name, (*d)->schema) ? *d : NULL;
    return NULL;
}

static const tf_ephemeral_def *find_ephemeral(tf_call *call, const char *name)
{
    for (const tf_ephemeral_def *const *e = call->rt->def->ephemeral_resources; e && *e; e++)
        if (strcmp((*e)->type_name, name) == 0)
            return type_ready(call, name, (*e)->schema) ? *e : NULL;
    return NULL;
}

/* The one place a known but unimplemented type is refused: every call that
 * would need the provider to act on such an object (plan, apply, read,
 * import, data source read, opening an ephemeral resource).  Validation
 * and schema calls go on, so a configuration that declares the type with
 * count = 0, or behind a disabled input, validates and plans.  Terraform
 * attaches the diagnostic to the block of the instance. */
static bool refuse_schema_only(tf_diags *d, bool schema_only, const char *type)
{
    if (!schema_only)
        return false;
    tf_diag_error(d, NULL, tf_arena_printf(d->arena, "%s is not implemented by this provider yet",
                                           type),
                  "This provider knows the schema of %s, as hashicorp/aws 5.100.0 declares "
                  "it, only so that configurations declaring it validate (for example with "
                  "count = 0); it cannot plan, create, read, update, import or delete such "
                  "objects yet. The README lists the types it implements.", type);
    return true;
}

static void ctx_init(tf_ctx *ctx, tf_call *call, tf_diags *diags, const char *type_name)
{
    tf_diags_init(diags, call->arena);
    ctx->arena = call->arena;
    ctx->diags = diags;
    pthread_mutex_lock(&call->rt->lock);
    ctx->meta = call->rt->meta;
    pthread_mutex_unlock(&call->rt->lock);
    ctx->stop = &call->rt->stop;
    ctx->type_name = type_name;
    ctx->config = NULL;
}

static void unknown_type(tf_diags *d, const char *kind, const char *name)
{
    tf_diag_error(d, NULL, "Unknown type",
                  "This provider has no %s type named \"%s\".", kind, name);
}

/* Decodes one DynamicValue or records why it could not be. */
static const tf_value *decode(tf_ctx *ctx, const Tfplugin5__DynamicValue *dv,
                              const tf_type *t, const char *what)
{
    char *err = NULL;
    const tf_value *v = tf_pb_decode(ctx->arena, dv, t, &err);
    if (!v)
        tf_diag_error(ctx->diags, NULL, "Invalid value from Terraform",
                      "The %s sent by Terraform could not be decoded: %s", what,
                      err ? err : "malformed value");
    return v;
}

static Tfplugin5__DynamicValue *encode(tf_ctx *ctx, const tf_value *v, const tf_type *t,
                                       const char *what)
{
    char *err = NULL;
    Tfplugin5__DynamicValue *dv = tf_pb_encode(ctx->arena, v, t, &err);
    if (!dv)
        tf_diag_error(ctx->diags, NULL, "Provider produced an unencodable value",
                      "The %s could not be encoded: %s. This is a bug in the provider.",
                      what, err ? err : "unknown error");
    return dv;
}

#define NEW_RESPONSE(T, init, arena) \
    ({ T *r_ = tf_arena_alloc((arena), sizeof(T)); init(r_); r_; })

/* ---- schema ---- */

static ProtobufCMessage *build_schema_response(tf_runtime *rt, tf_arena *a)
{
    const tf_provider_def *def = rt->def;
    Tfplugin5__GetProviderSchema__Response *r = NEW_RESPONSE(
        Tfplugin5__GetProviderSchema__Response,
        tfplugin5__get_provider_schema__response__init, a);
    r->provider = tf_pb_schema(a, def->schema, 0);
    size_t nr = 0, nd = 0;
    while (def->resources && def->resources[nr])
        nr++;
    while (def->data_sources && def->data_sources[nd])
        nd++;
    r->n_resource_schemas = nr;
    r->resource_schemas = tf_arena_calloc(a, nr + 1, sizeof *r->resource_schemas);
    for (size_t i = 0; i < nr; i++) {
        Tfplugin5__GetProviderSchema__Response__ResourceSchemasEntry *e =
            tf_arena_alloc(a, sizeof *e);
        tfplugin5__get_provider_schema__response__resource_schemas_entry__init(e);
        e->key = (char *)def->resources[i]->type_name;
        e->value = tf_pb_schema(a, def->resources[i]->schema, def->resources[i]->version);
        r->resource_schemas[i] = e;
    }
    r->n_data_source_schemas = nd;
    r->data_source_schemas = tf_arena_calloc(a, nd + 1, sizeof *r->data_source_schemas);
    for (size_t i = 0; i < nd; i++) {
        Tfplugin5__GetProviderSchema__Response__DataSourceSchemasEntry *e =
            tf_arena_alloc(a, sizeof *e);
        tfplugin5__get_provider_schema__response__data_source_schemas_entry__init(e);
        e->key = (char *)def->data_sources[i]->type_name;
        e->value = tf_pb_schema(a, def->data_sources[i]->schema,
                                def->data_sources[i]->version);
        r->data_source_schemas[i] = e;
    }
    size_t ne = 0;
    while (def->ephemeral_resources && def->ephemeral_resources[ne])
        ne++;
    r->n_ephemeral_resource_schemas = ne;
    r->ephemeral_resource_schemas =
        tf_arena_calloc(a, ne + 1, sizeof *r->ephemeral_resource_schemas);
    for (size_t i = 0; i < ne; i++) {
        Tfplugin5__GetProviderSchema__Response__EphemeralResourceSchemasEntry *e =
            tf_arena_alloc(a, sizeof *e);
        tfplugin5__get_provider_schema__response__ephemeral_resource_schemas_entry__init(e);
        e->key = (char *)def->ephemeral_resources[i]->type_name;
        e->value = tf_pb_schema(a, def->ephemeral_resources[i]->schema,
                                def->ephemeral_resources[i]->version);
        r->ephemeral_resource_schemas[i] = e;
    }
    tf_pb_schema_functions(a, def->functions, &r->n_functions, &r->functions);
    Tfplugin5__ServerCapabilities *caps = tf_arena_alloc(a, sizeof *caps);
    tfplugin5__server_capabilities__init(caps);
    caps->plan_destroy = 1;
    caps->get_provider_schema_optional = 1;
    r->server_capabilities = caps;
    return &r->base;
}

int tf_runtime_init(tf_runtime *rt, const tf_provider_def *def)
{
    memset(rt, 0, sizeof *rt);
    rt->def = def;
    pthread_mutex_init(&rt->lock, NULL);
    pthread_mutex_init(&rt->schema_lock, NULL);
    return 0;
}

/* Schemas are resolved when first needed rather than before the handshake:
 * Terraform waits for the handshake line of every provider process it
 * starts, and most of those processes are asked about one or two of the
 * provider's types.  The provider's own schema is prepared at the first
 * RPC, a type's when a call first names it (find_resource and the like),
 * every type's at the first GetProviderSchema. */
int tf_runtime_ready(tf_runtime *rt)
{
    pthread_mutex_lock(&rt->schema_lock);
    if (rt->schemas_state == 0) {
        rt->static_arena = tf_arena_new();
        rt->schemas_state = tf_schema_prepare(rt->static_arena, rt->def->schema) == 0 ? 1 : -1;
    }
    int ready = rt->schemas_state == 1 ? 0 : -1;
    pthread_mutex_unlock(&rt->schema_lock);
    return ready;
}

/* Every type's schema, for GetProviderSchema. */
static int runtime_prepare_all(tf_runtime *rt)
{
    if (tf_runtime_ready(rt) != 0)
        return -1;
    const tf_provider_def *def = rt->def;
    int rc = 0;
    pthread_mutex_lock(&rt->schema_lock);
    for (const tf_resource_def *const *r = def->resources; rc == 0 && r && *r; r++)
        rc = tf_schema_prepare(rt->static_arena, (*r)->schema);
    for (const tf_data_source_def *const *d = def->data_sources; rc == 0 && d && *d; d++)
        rc = tf_schema_prepare(rt->static_arena, (*d)->schema);
    for (const tf_ephemeral_def *const *e = def->ephemeral_resources; rc == 0 && e && *e; e++)
        rc = tf_schema_prepare(rt->static_arena, (*e)->schema);
    pthread_mutex_unlock(&rt->schema_lock);
    return rc;
}

void tf_runtime_cleanup(tf_runtime *rt)
{
    if (rt->configured && rt->def->unconfigure)
        rt->def->unconfigure(rt->meta);
    rt->meta = NULL;
    tf_arena_free(rt->static_arena);
    rt->static_arena = NULL;
    pthread_mutex_destroy(&rt->lock);
    pthread_mutex_destroy(&rt->schema_lock);
}

/* The schema never changes: its answer is built and packed by the first
 * GetProviderSchema of the process, and later calls reuse those bytes.
 * Terraform caches schemas across the processes it starts for one command,
 * so most processes never build it. */
static ProtobufCMessage *rpc_get_schema(tf_call *call, const ProtobufCMessage *req)
{
    (void)req;
    tf_runtime *rt = call->rt;
    if (runtime_prepare_all(rt) != 0) {
        call->status = GRPC_STATUS_INTERNAL;
        call->status_msg = "the provider's schema tables are broken";
        return NULL;
    }
    pthread_mutex_lock(&rt->schema_lock);
    if (!rt->schema_bytes) {
        tf_arena *tmp = tf_arena_new();
        ProtobufCMessage *m = build_schema_response(rt, tmp);
        size_t len = protobuf_c_message_get_packed_size(m);
        uint8_t *bytes = tf_arena_alloc(rt->static_arena, len + 1);
        protobuf_c_message_pack(m, bytes);
        tf_arena_free(tmp);
        rt->schema_len = len;
        rt->schema_bytes = bytes;
    }
    pthread_mutex_unlock(&rt->schema_lock);
    /* Unpack the cached bytes into this call's arena (cheap, and keeps the
     * static copy immutable while several RPCs read it). */
    ProtobufCAllocator alloc = tf_pb_allocator(call->arena);
    return protobuf_c_message_unpack(&tfplugin5__get_provider_schema__response__descriptor,
                                     &alloc, rt->schema_len, rt->schema_bytes);
}

static ProtobufCMessage *rpc_get_metadata(tf_call *call, const ProtobufCMessage *req)
{
    (void)req;
    tf_arena *a = call->arena;
    const tf_provider_def *def = call->rt->def;
    Tfplugin5__GetMetadata__Response *r = NEW_RESPONSE(
        Tfplugin5__GetMetadata__Response, tfplugin5__get_metadata__response__init, a);
    Tfplugin5__ServerCapabilities *caps = tf_arena_alloc(a, sizeof *caps);
    tfplugin5__server_capabilities__init(caps);
    caps->plan_destroy = 1;
    caps->get_provider_schema_optional = 1;
    r->server_capabilities = caps;
    size_t nr = 0, nd = 0;
    while (def->resources && def->resources[nr])
        nr++;
    while (def->data_sources && def->data_sources[nd])
        nd++;
    r->n_resources = nr;
    r->resources = tf_arena_calloc(a, nr + 1, sizeof *r->resources);
    for (size_t i = 0; i < nr; i++) {
        Tfplugin5__GetMetadata__ResourceMetadata *m = tf_arena_alloc(a, sizeof *m);
        tfplugin5__get_metadata__resource_metadata__init(m);
        m->type_name = (char *)def->resources[i]->type_name;
        r->resources[i] = m;
    }
    r->n_data_sources = nd;
    r->data_sources = tf_arena_calloc(a, nd + 1, sizeof *r->data_sources);
    for (size_t i = 0; i < nd; i++) {
        Tfplugin5__GetMetadata__DataSourceMetadata *m = tf_arena_alloc(a, sizeof *m);
        tfplugin5__get_metadata__data_source_metadata__init(m);
        m->type_name = (char *)def->data_sources[i]->type_name;
        r->data_sources[i] = m;
    }
    size_t ne = 0;
    while (def->ephemeral_resources && def->ephemeral_resources[ne])
        ne++;
    r->n_ephemeral_resources = ne;
    r->ephemeral_resources = tf_arena_calloc(a, ne + 1, sizeof *r->ephemeral_resources);
    for (size_t i = 0; i < ne; i++) {
        Tfplugin5__GetMetadata__EphemeralMetadata *m = tf_arena_alloc(a, sizeof *m);
        tfplugin5__get_metadata__ephemeral_metadata__init(m);
        m->type_name = (char *)def->ephemeral_resources[i]->type_name;
        r->ephemeral_resources[i] = m;
    }
    tf_pb_function_metadata(a, def->functions, &r->n_functions, &r->functions);
    return &r->base;
}

/* ---- validation and configuration ---- */

static ProtobufCMessage *rpc_prepare_provider_config(tf_call *call, const ProtobufCMessage *req)
{
    const Tfplugin5__PrepareProviderConfig__Request *q = (const void *)req;
    Tfplugin5__PrepareProviderConfig__Response *r = NEW_RESPONSE(
        Tfplugin5__PrepareProviderConfig__Response,
        tfplugin5__prepare_provider_config__response__init, call->arena);
    tf_ctx ctx;
    tf_diags diags;
    ctx_init(&ctx, call, &diags, "provider");
    const tf_block *schema = call->rt->def->schema;
    const tf_value *config = decode(&ctx, q->config, schema->ctype, "provider configuration");
    if (config) {
        tf_config_validate(&ctx, schema, config, call->rt->def->validate);
        if (!tf_diags_has_error(&diags))
            r->prepared_config = encode(&ctx, config, schema->ctype, "provider configuration");
    }
    tf_pb_diags(call->arena, &diags, &r->n_diagnostics, &r->diagnostics);
    return &r->base;
}

static ProtobufCMessage *rpc_validate_resource(tf_call *call, const ProtobufCMessage *req)
{
    const Tfplugin5__ValidateResourceTypeConfig__Request *q = (const void *)req;
    Tfplugin5__ValidateResourceTypeConfig__Response *r = NEW_RESPONSE(
        Tfplugin5__ValidateResourceTypeConfig__Response,
        tfplugin5__validate_resource_type_config__response__init, call->arena);
    tf_ctx ctx;
    tf_diags diags;
    ctx_init(&ctx, call, &diags, q->type_name);
    const tf_resource_def *def = find_resource(call, q->type_name);
    if (!def) {
        unknown_type(&diags, "resource", q->type_name);
    } else {
        const tf_value *config = decode(&ctx, q->config, def->schema->ctype, "configuration");
        if (config) {
            tf_config_validate(&ctx, def->schema, config, def->validate);
            /* A Terraform that cannot keep write-only values out of plan
             * and state (< 1.11) must not be handed one. */
            if (!q->client_capabilities || !q->client_capabilities->write_only_attributes_allowed)
                tf_write_only_refuse(&ctx, def->schema, config);
        }
    }
    tf_pb_diags(call->arena, &diags, &r->n_diagnostics, &r->diagnostics);
    return &r->base;
}

static ProtobufCMessage *rpc_validate_data_source(tf_call *call, const ProtobufCMessage *req)
{
    const Tfplugin5__ValidateDataSourceConfig__Request *q = (const void *)req;
    Tfplugin5__ValidateDataSourceConfig__Response *r = NEW_RESPONSE(
        Tfplugin5__ValidateDataSourceConfig__Response,
        tfplugin5__validate_data_source_config__response__init, call->arena);
    tf_ctx ctx;
    tf_diags diags;
    ctx_init(&ctx, call, &diags, q->type_name);
    const tf_data_source_def *def = find_data_source(call, q->type_name);
    if (!def) {
        unknown_type(&diags, "data source", q->type_name);
    } else {
        const tf_value *config = decode(&ctx, q->config, def->schema->ctype, "configuration");
        if (config)
            tf_config_validate(&ctx, def->schema, config, def->validate);
    }
    tf_pb_diags(call->arena, &diags, &r->n_diagnostics, &r->diagnostics);
    return &r->base;
}

static ProtobufCMessage *rpc_configure(tf_call *call, const ProtobufCMessage *req)
{
    const Tfplugin5__Configure__Request *q = (const void *)req;
    Tfplugin5__Configure__Response *r = NEW_RESPONSE(
        Tfplugin5__Configure__Response, tfplugin5__configure__response__init, call->arena);
    tf_ctx ctx;
    tf_diags diags;
    ctx_init(&ctx, call, &diags, "provider");
    tf_runtime *rt = call->rt;
    const tf_value *config = decode(&ctx, q->config, rt->def->schema->ctype,
                                    "provider configuration");
    if (config) {
        TF_DEBUG("Configure from Terraform %s", q->terraform_version);
        void *meta = rt->def->configure ? rt->def->configure(&ctx, config) : NULL;
        if (!tf_diags_has_error(&diags)) {
            pthread_mutex_lock(&rt->lock);
            void *old = rt->configured ? rt->meta : NULL;
            rt->meta = meta;
            rt->configured = true;
            pthread_mutex_unlock(&rt->lock);
            /* Terraform configures each provider instance once; a second
             * Configure (tests) replaces the first. */
            if (old && rt->def->unconfigure)
                rt->def->unconfigure(old);
        } else if (meta && rt->def->unconfigure) {
            rt->def->unconfigure(meta);
        }
    }
    tf_pb_diags(call->arena, &diags, &r->n_diagnostics, &r->diagnostics);
    return &r->base;
}

/* ---- state upgrade ---- */

/* Reshapes a schema-less value (decoded from a stored JSON state) into type
 * t: attributes the schema no longer has are dropped, missing ones become
 * null, primitives are converted the way cty converts them. */
static const tf_value *reshape(tf_arena *a, const tf_value *v, const tf_type *t, char **err)
{
    if (!v || tf_is_null(v))
        return tf_null(a, t);
    switch (t->kind) {
    case TF_OBJECT: {
        if (v->type->kind != TF_OBJECT && v->type->kind != TF_MAP) {
            *err = tf_arena_printf(a, "expected an object, found %s",
                                   tf_type_friendly(a, v->type));
            return NULL;
        }
        const tf_value **items = tf_arena_calloc(a, t->n + 1, sizeof *items);
        for (size_t i = 0; i < t->n; i++) {
            const tf_value *src = v->type->kind == TF_OBJECT ? tf_get(v, t->names[i])
                                                             : tf_map_get(v, t->names[i]);
            items[i] = reshape(a, src, t->types[i], err);
            if (!items[i]) {
                *err = tf_arena_printf(a, "%s: %s", t->names[i], *err);
                return NULL;
            }
        }
        return tf_object(a, t, items);
    }
    case TF_LIST:
    case TF_SET: {
        if (v->type->kind != TF_TUPLE && v->type->kind != TF_LIST && v->type->kind != TF_SET) {
            *err = tf_arena_printf(a, "expected a list, found %s", tf_type_friendly(a, v->type));
            return NULL;
        }
        size_t n = v->u.coll.n;
        const tf_value **items = tf_arena_calloc(a, n + 1, sizeof *items);
        for (size_t i = 0; i < n; i++)
            if (!(items[i] = reshape(a, v->u.coll.items[i], t->elem, err)))
                return NULL;
        return t->kind == TF_LIST ? tf_list(a, t->elem, n, items)
                                  : tf_set(a, t->elem, n, items);
    }
    case TF_MAP: {
        if (v->type->kind != TF_OBJECT && v->type->kind != TF_MAP) {
            *err = tf_arena_printf(a, "expected a map, found %s", tf_type_friendly(a, v->type));
            return NULL;
        }
        size_t n = v->type->kind == TF_OBJECT ? v->type->n : v->u.coll.n;
        const char **keys = tf_arena_calloc(a, n + 1, sizeof *keys);
        const tf_value **items = tf_arena_calloc(a, n + 1, sizeof *items);
        for (size_t i = 0; i < n; i++) {
            keys[i] = v->type->kind == TF_OBJECT ? v->type->names[i] : v->u.coll.keys[i];
            if (!(items[i] = reshape(a, v->u.coll.items[i], t->elem, err)))
                return NULL;
        }
        return tf_map(a, t->elem, n, keys, items);
    }
    default:
        return tf_convert(a, v, t, err);
    }
}

static ProtobufCMessage *rpc_upgrade_resource_state(tf_call *call, const ProtobufCMessage *req)
{
    const Tfplugin5__UpgradeResourceState__Request *q = (const void *)req;
    Tfplugin5__UpgradeResourceState__Response *r = NEW_RESPONSE(
        Tfplugin5__UpgradeResourceState__Response,
        tfplugin5__upgrade_resource_state__response__init, call->arena);
    tf_ctx ctx;
    tf_diags diags;
    ctx_init(&ctx, call, &diags, q->type_name);
    const tf_resource_def *def = find_resource(call, q->type_name);
    if (!def) {
        unknown_type(&diags, "resource", q->type_name);
        goto out;
    }
    if (!q->raw_state || q->raw_state->json.len == 0) {
        if (q->raw_state && q->raw_state->n_flatmap > 0)
            tf_diag_error(&diags, NULL, "Unsupported state format",
                          "The state of this %s was written by Terraform 0.11 or earlier "
                          "(flatmap format). Upgrade it with Terraform 0.12-0.15 and "
                          "hashicorp/aws first.", q->type_name);
        else
            r->upgraded_state = encode(&ctx, tf_null(call->arena, def->schema->ctype),
                                       def->schema->ctype, "state");
        goto out;
    }
    if (q->version > def->version) {
        tf_diag_error(&diags, NULL, "State written by a newer provider",
                      "The state of this %s has schema version %lld, but this provider "
                      "knows versions up to %lld.", q->type_name, (long long)q->version,
                      (long long)def->version);
        goto out;
    }
    char *err = NULL;
    const tf_value *raw = tf_json_decode_dynamic(call->arena, (const char *)q->raw_state->json.data,
                                                 q->raw_state->json.len, &err);
    if (raw && q->version < def->version && def->upgrade)
        raw = def->upgrade(&ctx, q->version, raw);
    const tf_value *state = raw ? reshape(call->arena, raw, def->schema->ctype, &err) : NULL;
    if (!state) {
        if (!tf_diags_has_error(&diags))
            tf_diag_error(&diags, NULL, "Cannot read stored state",
                          "The stored state of this %s could not be decoded: %s",
                          q->type_name, err ? err : "malformed JSON");
        goto out;
    }
    r->upgraded_state = encode(&ctx, state, def->schema->ctype, "upgraded state");
out:
    tf_pb_diags(call->arena, &diags, &r->n_diagnostics, &r->diagnostics);
    return &r->base;
}

/* ---- managed resources ---- */

static void not_implemented(tf_diags *d, const char *type, const char *what)
{
    tf_diag_error(d, NULL, "Operation not available",
                  "This build of the provider cannot yet %s %s objects.", what, type);
}

static ProtobufCMessage *rpc_read_resource(tf_call *call, const ProtobufCMessage *req)
{
    const Tfplugin5__ReadResource__Request *q = (const void *)req;
    Tfplugin5__ReadResource__Response *r = NEW_RESPONSE(
        Tfplugin5__ReadResource__Response, tfplugin5__read_resource__response__init,
        call->arena);
    tf_ctx ctx;
    tf_diags diags;
    ctx_init(&ctx, call, &diags, q->type_name);
    const tf_resource_def *def = find_resource(call, q->type_name);
    if (!def) {
        unknown_type(&diags, "resource", q->type_name);
        goto out;
    }
    const tf_type *t = def->schema->ctype;
    const tf_value *state = decode(&ctx, q->current_state, t, "current state");
    if (!state)
        goto out;
    r->private_ = q->private_;
    if (tf_is_null(state)) {
        r->new_state = encode(&ctx, state, t, "state");
        goto out;
    }
    if (refuse_schema_only(&diags, def->schema_only, q->type_name))
        goto out;
    if (!def->read) {
        not_implemented(&diags, q->type_name, "read");
        r->new_state = encode(&ctx, state, t, "state");
        goto out;
    }
    const tf_value *fresh = def->read(&ctx, state);
    if (!fresh) /* an error: keep what Terraform had */
        fresh = state;
    else if (!tf_is_null(fresh))
        fresh = tf_state_conform(&ctx, def->schema, NULL, fresh);
    if (fresh)
        r->new_state = encode(&ctx, fresh, t, "refreshed state");
out:
    tf_pb_diags(call->arena, &diags, &r->n_diagnostics, &r->diagnostics);
    return &r->base;
}

static ProtobufCMessage *rpc_plan_resource_change(tf_call *call, const ProtobufCMessage *req)
{
    const Tfplugin5__PlanResourceChange__Request *q = (const void *)req;
    Tfplugin5__PlanResourceChange__Response *r = NEW_RESPONSE(
        Tfplugin5__PlanResourceChange__Response,
        tfplugin5__plan_resource_change__response__init, call->arena);
    tf_ctx ctx;
    tf_diags diags;
    ctx_init(&ctx, call, &diags, q->type_name);
    const tf_resource_def *def = find_resource(call, q->type_name);
    if (!def) {
        unknown_type(&diags, "resource", q->type_name);
        goto out;
    }
    const tf_type *t = def->schema->ctype;
    const tf_value *prior = decode(&ctx, q->prior_state, t, "prior state");
    const tf_value *proposed = decode(&ctx, q->proposed_new_state, t, "proposed new state");
    const tf_value *config = decode(&ctx, q->config, t, "configuration");
    if (!prior || !proposed || !config)
        goto out;
    if (refuse_schema_only(&diags, def->schema_only, q->type_name))
        goto out;
    tf_plan_out plan = {0};
    tf_plan_resource(&ctx, def, prior, proposed, config, q->prior_private.data,
                     q->prior_private.len, &plan);
    if (plan.planned)
        r->planned_state = encode(&ctx, plan.planned, t, "planned state");
    r->n_requires_replace = plan.n_replace;
    r->requires_replace = tf_arena_calloc(call->arena, plan.n_replace + 1,
                                          sizeof *r->requires_replace);
    for (size_t i = 0; i < plan.n_replace; i++)
        r->requires_replace[i] = tf_pb_path(call->arena, plan.replace[i]);
    r->planned_private = q->prior_private;
    r->legacy_type_system = plan.legacy_type_system;
out:
    tf_pb_diags(call->arena, &diags, &r->n_diagnostics, &r->diagnostics);
    return &r->base;
}

static ProtobufCMessage *rpc_apply_resource_change(tf_call *call, const ProtobufCMessage *req)
{
    const Tfplugin5__ApplyResourceChange__Request *q = (const void *)req;
    Tfplugin5__ApplyResourceChange__Response *r = NEW_RESPONSE(
        Tfplugin5__ApplyResourceChange__Response,
        tfplugin5__apply_resource_change__response__init, call->arena);
    tf_ctx ctx;
    tf_diags diags;
    ctx_init(&ctx, call, &diags, q->type_name);
    const tf_resource_def *def = find_resource(call, q->type_name);
    if (!def) {
        unknown_type(&diags, "resource", q->type_name);
        goto out;
    }
    const tf_type *t = def->schema->ctype;
    const tf_value *prior = decode(&ctx, q->prior_state, t, "prior state");
    const tf_value *planned = decode(&ctx, q->planned_state, t, "planned state");
    if (!prior || !planned)
        goto out;
    if (refuse_schema_only(&diags, def->schema_only, q->type_name))
        goto out;
    if (q->config && !tf_is_null(planned)) {
        ctx.config = decode(&ctx, q->config, t, "configuration");
        if (!ctx.config)
            goto out;
    }
    const tf_value *result = NULL;
    if (tf_is_null(planned)) {
        if (!def->delete) {
            not_implemented(&diags, q->type_name, "delete");
            result = prior;
        } else {
            def->delete(&ctx, prior);
            /* A failed delete leaves the object in state. */
            result = tf_diags_has_error(&diags) ? prior : tf_null(call->arena, t);
        }
    } else if (tf_is_null(prior)) {
        if (!def->create)
            not_implemented(&diags, q->type_name, "create");
        else
            result = def->create(&ctx, planned);
        /* A create that failed before anything existed returns no state;
         * one that failed half-way returns what exists, with its id. */
        if (!result)
            result = tf_null(call->arena, t);
    } else {
        if (!def->update) {
            not_implemented(&diags, q->type_name, "update");
            result = prior;
        } else {
            result = def->update(&ctx, prior, planned);
            if (!result)
                result = prior;
        }
    }
    if (!tf_is_null(result)) {
        const tf_value *returned = result;
        result = tf_state_conform(&ctx, def->schema, planned, result);
        if (result)
            result = tf_state_apply_reads(&ctx, def, returned, result);
    }
    if (result)
        r->new_state = encode(&ctx, result, t, "new state");
    /* SDKv2 providers answer every apply with legacy_type_system; we do only
     * when the new state differs from what the plan knew (see
     * tf_state_conform), so Terraform checks all other applies strictly. */
    r->legacy_type_system = result && !tf_is_null(planned) && !tf_apply_consistent(planned, result);
    if (r->legacy_type_system)
        TF_DEBUG("%s: applied state differs from the plan as SDKv2 would; "
                 "answering with legacy_type_system", q->type_name);
    r->private_ = q->planned_private;
out:
    tf_pb_diags(call->arena, &diags, &r->n_diagnostics, &r->diagnostics);
    return &r->base;
}

static ProtobufCMessage *rpc_import_resource_state(tf_call *call, const ProtobufCMessage *req)
{
    const Tfplugin5__ImportResourceState__Request *q = (const void *)req;
    Tfplugin5__ImportResourceState__Response *r = NEW_RESPONSE(
        Tfplugin5__ImportResourceState__Response,
        tfplugin5__import_resource_state__response__init, call->arena);
    tf_ctx ctx;
    tf_diags diags;
    ctx_init(&ctx, call, &diags, q->type_name);
    const tf_resource_def *def = find_resource(call, q->type_name);
    if (!def) {
        unknown_type(&diags, "resource", q->type_name);
        goto out;
    }
    if (refuse_schema_only(&diags, def->schema_only, q->type_name))
        goto out;
    const tf_type *t = def->schema->ctype;
    const tf_value *state = NULL;
    if (def->import) {
        state = def->import(&ctx, q->id);
    } else {
        /* Import by ID: Terraform reads the object right after. */
        const tf_value **items = tf_arena_calloc(call->arena, t->n + 1, sizeof *items);
        for (size_t i = 0; i < t->n; i++)
            items[i] = strcmp(t->names[i], "id") == 0 ? tf_string(call->arena, q->id)
                                                      : tf_null(call->arena, t->types[i]);
        state = tf_object(call->arena, t, items);
    }
    if (state && !tf_diags_has_error(&diags)) {
        Tfplugin5__ImportResourceState__ImportedResource *ir =
            tf_arena_alloc(call->arena, sizeof *ir);
        tfplugin5__import_resource_state__imported_resource__init(ir);
        ir->type_name = q->type_name;
        ir->state = encode(&ctx, state, t, "imported state");
        r->n_imported_resources = 1;
        r->imported_resources = tf_arena_calloc(call->arena, 2, sizeof *r->imported_resources);
        r->imported_resources[0] = ir;
    }
out:
    tf_pb_diags(call->arena, &diags, &r->n_diagnostics, &r->diagnostics);
    return &r->base;
}

static ProtobufCMessage *rpc_move_resource_state(tf_call *call, const ProtobufCMessage *req)
{
    const Tfplugin5__MoveResourceState__Request *q = (const void *)req;
    Tfplugin5__MoveResourceState__Response *r = NEW_RESPONSE(
        Tfplugin5__MoveResourceState__Response,
        tfplugin5__move_resource_state__response__init, call->arena);
    tf_diags diags;
    tf_diags_init(&diags, call->arena);
    tf_diag_error(&diags, NULL, "Move not supported",
                  "Moving state from %s to %s across resource types is not supported by "
                  "this provider, as by hashicorp/aws.", q->source_type_name,
                  q->target_type_name);
    tf_pb_diags(call->arena, &diags, &r->n_diagnostics, &r->diagnostics);
    return &r->base;
}

/* SDKv2 builds a data source's state from its flat map alone, where a list
 * or set block that was not configured has no entry: such blocks are null,
 * not empty (data.aws_availability_zones.filter). */
static const tf_value *data_source_null_blocks(tf_arena *a, const tf_block *b,
                                               const tf_value *state)
{
    for (const tf_nested_block *nb = b->blocks; nb && nb->name; nb++) {
        const tf_value *v = tf_get(state, nb->name);
        if ((nb->nesting == TF_NEST_LIST || nb->nesting == TF_NEST_SET) && tf_is_known(v) &&
            v->u.coll.n == 0)
            state = tf_object_with(a, state, nb->name, tf_null(a, v->type));
    }
    return state;
}

static ProtobufCMessage *rpc_read_data_source(tf_call *call, const ProtobufCMessage *req)
{
    const Tfplugin5__ReadDataSource__Request *q = (const void *)req;
    Tfplugin5__ReadDataSource__Response *r = NEW_RESPONSE(
        Tfplugin5__ReadDataSource__Response, tfplugin5__read_data_source__response__init,
        call->arena);
    tf_ctx ctx;
    tf_diags diags;
    ctx_init(&ctx, call, &diags, q->type_name);
    const tf_data_source_def *def = find_data_source(call, q->type_name);
    if (!def) {
        unknown_type(&diags, "data source", q->type_name);
        goto out;
    }
    const tf_type *t = def->schema->ctype;
    const tf_value *config = decode(&ctx, q->config, t, "configuration");
    if (!config)
        goto out;
    if (refuse_schema_only(&diags, def->schema_only, q->type_name))
        goto out;
    if (!def->read) {
        not_implemented(&diags, q->type_name, "read");
        goto out;
    }
    const tf_value *state = def->read(&ctx, config);
    if (state && !tf_diags_has_error(&diags)) {
        state = tf_state_conform(&ctx, def->schema, NULL, state);
        if (state)
            state = data_source_null_blocks(call->arena, def->schema, state);
        if (state)
            r->state = encode(&ctx, state, t, "data source result");
    }
out:
    tf_pb_diags(call->arena, &diags, &r->n_diagnostics, &r->diagnostics);
    return &r->base;
}

/* ---- ephemeral resources ---- */

static ProtobufCMessage *rpc_validate_ephemeral(tf_call *call, const ProtobufCMessage *req)
{
    const Tfplugin5__ValidateEphemeralResourceConfig__Request *q = (const void *)req;
    Tfplugin5__ValidateEphemeralResourceConfig__Response *r = NEW_RESPONSE(
        Tfplugin5__ValidateEphemeralResourceConfig__Response,
        tfplugin5__validate_ephemeral_resource_config__response__init, call->arena);
    tf_ctx ctx;
    tf_diags diags;
    ctx_init(&ctx, call, &diags, q->type_name);
    const tf_ephemeral_def *def = find_ephemeral(call, q->type_name);
    if (!def) {
        unknown_type(&diags, "ephemeral resource", q->type_name);
    } else {
        const tf_value *config = decode(&ctx, q->config, def->schema->ctype, "configuration");
        if (config)
            tf_config_validate(&ctx, def->schema, config, def->validate);
    }
    tf_pb_diags(call->arena, &diags, &r->n_diagnostics, &r->diagnostics);
    return &r->base;
}

static Tfplugin5__Timestamp *pb_timestamp(tf_arena *a, int64_t unix_seconds)
{
    if (unix_seconds <= 0)
        return NULL;
    Tfplugin5__Timestamp *ts = tf_arena_alloc(a, sizeof *ts);
    tfplugin5__timestamp__init(ts);
    ts->seconds = unix_seconds;
    return ts;
}

/* Private bytes as protobuf-c wants them: a copy in the call's arena. */
static ProtobufCBinaryData pb_bytes(tf_arena *a, const void *p, size_t n)
{
    ProtobufCBinaryData b = {0, NULL};
    if (p && n) {
        b.data = tf_arena_alloc(a, n);
        memcpy(b.data, p, n);
        b.len = n;
    }
    return b;
}

/* Terraform (>= 1.10) opens an ephemeral resource during validate-walks,
 * plan and apply whenever a value of it is needed, then closes it.  With
 * unknown values in the configuration (it depends on something not yet
 * applied) the provider is not asked to act: the result is unknown, as
 * terraform-plugin-framework answers, and Terraform plans with it. */
/* TFP_EPHEMERAL_RENEW_SECONDS=N (a test knob): a type that can renew asks
 * Terraform to renew it N seconds after each open or renewal, though none of
 * hashicorp's types ever asks; it lets an end-to-end test drive Terraform's
 * renewal of a resource the provider opened.  Unset or not a positive
 * number: no renewal is asked for. */
static int64_t test_renew_at(const tf_ephemeral_def *def)
{
    const char *s = getenv("TFP_EPHEMERAL_RENEW_SECONDS");
    if (!def->renew || !s || !*s)
        return 0;
    char *end;
    long n = strtol(s, &end, 10);
    if (*end || n <= 0 || n > 86400)
        return 0;
    return (int64_t)time(NULL) + n;
}

static ProtobufCMessage *rpc_open_ephemeral(tf_call *call, const ProtobufCMessage *req)
{
    const Tfplugin5__OpenEphemeralResource__Request *q = (const void *)req;
    Tfplugin5__OpenEphemeralResource__Response *r = NEW_RESPONSE(
        Tfplugin5__OpenEphemeralResource__Response,
        tfplugin5__open_ephemeral_resource__response__init, call->arena);
    tf_ctx ctx;
    tf_diags diags;
    ctx_init(&ctx, call, &diags, q->type_name);
    const tf_ephemeral_def *def = find_ephemeral(call, q->type_name);
    if (!def) {
        unknown_type(&diags, "ephemeral resource", q->type_name);
        goto out;
    }
    const tf_type *t = def->schema->ctype;
    const tf_value *config = decode(&ctx, q->config, t, "configuration");
    if (!config)
        goto out;
    if (refuse_schema_only(&diags, def->schema_only, q->type_name))
        goto out;
    if (!tf_is_known(config)) {
        tf_diag_error(&diags, NULL, "Invalid value from Terraform",
                      "The configuration of %s sent to open it is %s.", q->type_name,
                      tf_is_null(config) ? "null" : "unknown");
        goto out;
    }
    if (tf_contains_unknown(config)) {
        TF_DEBUG("%s: configuration not wholly known; answering an unknown result",
                 q->type_name);
        r->result = encode(&ctx, tf_unknown(call->arena, t), t, "ephemeral result");
        goto out;
    }
    if (!def->open) {
        not_implemented(&diags, q->type_name, "open");
        goto out;
    }
    tf_ephemeral_out eo = {0};
    def->open(&ctx, config, &eo);
    if (tf_diags_has_error(&diags))
        goto out;
    if (!eo.result) {
        tf_diag_error(&diags, NULL, "Provider produced no ephemeral result",
                      "Opening %s returned no result.  This is a bug in the provider.",
                      q->type_name);
        goto out;
    }
    if (eo.renew_at > 0 && !def->renew) {
        tf_diag_error(&diags, NULL, "Provider asked for a renewal it cannot do",
                      "Opening %s set a renewal time, but the type has no renew.  This is a "
                      "bug in the provider.", q->type_name);
        goto out;
    }
    /* Configured arguments are kept as configured, the rest fitted to the
     * schema (no unknowns: Terraform rejects them in a result). */
    const tf_value *result = tf_state_conform(&ctx, def->schema, config, eo.result);
    if (!result)
        goto out;
    if (eo.renew_at <= 0)
        eo.renew_at = test_renew_at(def);
    r->result = encode(&ctx, result, t, "ephemeral result");
    r->renew_at = pb_timestamp(call->arena, eo.renew_at);
    r->private_ = pb_bytes(call->arena, eo.priv, eo.priv_len);
out:
    tf_pb_diags(call->arena, &diags, &r->n_diagnostics, &r->diagnostics);
    return &r->base;
}

static ProtobufCMessage *rpc_renew_ephemeral(tf_call *call, const ProtobufCMessage *req)
{
    const Tfplugin5__RenewEphemeralResource__Request *q = (const void *)req;
    Tfplugin5__RenewEphemeralResource__Response *r = NEW_RESPONSE(
        Tfplugin5__RenewEphemeralResource__Response,
        tfplugin5__renew_ephemeral_resource__response__init, call->arena);
    tf_ctx ctx;
    tf_diags diags;
    ctx_init(&ctx, call, &diags, q->type_name);
    const tf_ephemeral_def *def = find_ephemeral(call, q->type_name);
    if (!def) {
        unknown_type(&diags, "ephemeral resource", q->type_name);
    } else if (!refuse_schema_only(&diags, def->schema_only, q->type_name)) {
        if (!def->renew) {
            tf_diag_error(&diags, NULL, "Ephemeral Resource Renew Not Implemented",
                          "%s cannot be renewed: it never asks Terraform to renew it.  "
                          "This is a bug in Terraform or the provider.", q->type_name);
        } else {
            tf_ephemeral_out eo = {0};
            def->renew(&ctx, q->private_.data, q->private_.len, &eo);
            if (!tf_diags_has_error(&diags)) {
                if (eo.renew_at <= 0)
                    eo.renew_at = test_renew_at(def);
                r->renew_at = pb_timestamp(call->arena, eo.renew_at);
                r->private_ = pb_bytes(call->arena, eo.priv, eo.priv_len);
            }
        }
    }
    tf_pb_diags(call->arena, &diags, &r->n_diagnostics, &r->diagnostics);
    return &r->base;
}

/* Terraform closes every ephemeral resource it opened; a type with nothing
 * to release has no close, and closing it succeeds. */
static ProtobufCMessage *rpc_close_ephemeral(tf_call *call, const ProtobufCMessage *req)
{
    const Tfplugin5__CloseEphemeralResource__Request *q = (const void *)req;
    Tfplugin5__CloseEphemeralResource__Response *r = NEW_RESPONSE(
        Tfplugin5__CloseEphemeralResource__Response,
        tfplugin5__close_ephemeral_resource__response__init, call->arena);
    tf_ctx ctx;
    tf_diags diags;
    ctx_init(&ctx, call, &diags, q->type_name);
    const tf_ephemeral_def *def = find_ephemeral(call, q->type_name);
    if (!def)
        unknown_type(&diags, "ephemeral resource", q->type_name);
    else if (!refuse_schema_only(&diags, def->schema_only, q->type_name) && def->close)
        def->close(&ctx, q->private_.data, q->private_.len);
    tf_pb_diags(call->arena, &diags, &r->n_diagnostics, &r->diagnostics);
    return &r->base;
}

/* ---- the rest ---- */

static ProtobufCMessage *rpc_stop(tf_call *call, const ProtobufCMessage *req)
{
    (void)req;
    Tfplugin5__Stop__Response *r = NEW_RESPONSE(Tfplugin5__Stop__Response,
                                                tfplugin5__stop__response__init, call->arena);
    call->rt->stop = 1; /* waiters and retries poll this */
    TF_INFO("Stop requested: cancelling waits in progress");
    r->error = (char *)"";
    return &r->base;
}

static ProtobufCMessage *rpc_get_identity_schemas(tf_call *call, const ProtobufCMessage *req)
{
    (void)req;
    Tfplugin5__GetResourceIdentitySchemas__Response *r = NEW_RESPONSE(
        Tfplugin5__GetResourceIdentitySchemas__Response,
        tfplugin5__get_resource_identity_schemas__response__init, call->arena);
    return &r->base;
}

#define M(name, msg, fn) {"/tfplugin5.Provider/" name, &tfplugin5__##msg##__request__descriptor, fn}

const tf_method tf_provider_methods[] = {
    M("GetMetadata", get_metadata, rpc_get_metadata),
    M("GetSchema", get_provider_schema, rpc_get_schema),
    M("PrepareProviderConfig", prepare_provider_config, rpc_prepare_provider_config),
    M("ValidateResourceTypeConfig", validate_resource_type_config, rpc_validate_resource),
    M("ValidateDataSourceConfig", validate_data_source_config, rpc_validate_data_source),
    M("UpgradeResourceState", upgrade_resource_state, rpc_upgrade_resource_state),
    M("GetResourceIdentitySchemas", get_resource_identity_schemas, rpc_get_identity_schemas),
    M("Configure", configure, rpc_configure),
    M("ReadResource", read_resource, rpc_read_resource),
    M("PlanResourceChange", plan_resource_change, rpc_plan_resource_change),
    M("ApplyResourceChange", apply_resource_change, rpc_apply_resource_change),
    M("ImportResourceState", import_resource_state, rpc_import_resource_state),
    M("MoveResourceState", move_resource_state, rpc_move_resource_state),
    M("ReadDataSource", read_data_source, rpc_read_data_source),
    M("GetFunctions", get_functions, tf_rpc_get_functions),
    M("CallFunction", call_function, tf_rpc_call_function),
    M("Stop", stop, rpc_stop),
    M("ValidateEphemeralResourceConfig", validate_ephemeral_resource_config,
      rpc_validate_ephemeral),
    M("OpenEphemeralResource", open_ephemeral_resource, rpc_open_ephemeral),
    M("RenewEphemeralResource", renew_ephemeral_resource, rpc_renew_ephemeral),
    M("CloseEphemeralResource", close_ephemeral_resource, rpc_close_ephemeral),
    /* Registered so that it is answered UNIMPLEMENTED at once. */
    M("UpgradeResourceIdentity", upgrade_resource_identity, NULL),
    {NULL, NULL, NULL},
};

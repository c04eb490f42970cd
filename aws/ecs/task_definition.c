/* task_definition.c - aws_ecs_task_definition: one revision of an ECS task
 * family (containers, volumes, sizing).
 *
 * Task definitions are immutable: every argument except tags forces a new
 * revision.  The schema is generated from aws/schema/aws.schema. */

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aws_schema_gen.h"
#include "container_definitions.h"
#include "block_values.h"
#include "diagnostics.h"
#include "ecs_common.h"
#include "resources.h"
#include "tags.h"
#include "value_build.h"

/* The generated schema table (aws/schema/aws.schema). */
#define TASKDEF_SCHEMA (&aws_schema_resource_aws_ecs_task_definition)

/* ---- validation ---- */

/* container_definitions is decoded by AWS's SDK into a list of
 * ContainerDefinition structures; these are its fields and JSON kinds, so
 * that type mistakes are reported at plan time with the same wording. */
typedef enum { CD_STRING, CD_INT, CD_BOOL, CD_LIST, CD_MAP, CD_OBJECT } cd_kind;

static const struct {
    const char *name;
    cd_kind kind;
    const char *go_type;
} cd_fields[] = {
    {"command", CD_LIST, "[]string"},
    {"cpu", CD_INT, "int32"},
    {"credentialSpecs", CD_LIST, "[]string"},
    {"dependsOn", CD_LIST, "[]types.ContainerDependency"},
    {"disableNetworking", CD_BOOL, "bool"},
    {"dnsSearchDomains", CD_LIST, "[]string"},
    {"dnsServers", CD_LIST, "[]string"},
    {"dockerLabels", CD_MAP, "map[string]string"},
    {"dockerSecurityOptions", CD_LIST, "[]string"},
    {"entryPoint", CD_LIST, "[]string"},
    {"environment", CD_LIST, "[]types.KeyValuePair"},
    {"environmentFiles", CD_LIST, "[]types.EnvironmentFile"},
    {"essential", CD_BOOL, "bool"},
    {"extraHosts", CD_LIST, "[]types.HostEntry"},
    {"firelensConfiguration", CD_OBJECT, "types.FirelensConfiguration"},
    {"healthCheck", CD_OBJECT, "types.HealthCheck"},
    {"hostname", CD_STRING, "string"},
    {"image", CD_STRING, "string"},
    {"interactive", CD_BOOL, "bool"},
    {"links", CD_LIST, "[]string"},
    {"linuxParameters", CD_OBJECT, "types.LinuxParameters"},
    {"logConfiguration", CD_OBJECT, "types.LogConfiguration"},
    {"memory", CD_INT, "int32"},
    {"memoryReservation", CD_INT, "int32"},
    {"mountPoints", CD_LIST, "[]types.MountPoint"},
    {"name", CD_STRING, "string"},
    {"portMappings", CD_LIST, "[]types.PortMapping"},
    {"privileged", CD_BOOL, "bool"},
    {"pseudoTerminal", CD_BOOL, "bool"},
    {"readonlyRootFilesystem", CD_BOOL, "bool"},
    {"repositoryCredentials", CD_OBJECT, "types.RepositoryCredentials"},
    {"resourceRequirements", CD_LIST, "[]types.ResourceRequirement"},
    {"restartPolicy", CD_OBJECT, "types.ContainerRestartPolicy"},
    {"secrets", CD_LIST, "[]types.Secret"},
    {"startTimeout", CD_INT, "int32"},
    {"stopTimeout", CD_INT, "int32"},
    {"systemControls", CD_LIST, "[]types.SystemControl"},
    {"ulimits", CD_LIST, "[]types.Ulimit"},
    {"user", CD_STRING, "string"},
    {"versionConsistency", CD_STRING, "types.VersionConsistency"},
    {"volumesFrom", CD_LIST, "[]types.VolumeFrom"},
    {"workingDirectory", CD_STRING, "string"},
};

static const char *cd_json_kind(const json_t *j)
{
    switch (json_typeof(j)) {
    case JSON_OBJECT: return "object";
    case JSON_ARRAY: return "array";
    case JSON_STRING: return "string";
    case JSON_INTEGER:
    case JSON_REAL: return "number";
    case JSON_TRUE:
    case JSON_FALSE: return "bool";
    case JSON_NULL: return "null";
    }
    return "value";
}

static bool cd_kind_fits(cd_kind k, const json_t *j)
{
    switch (k) {
    case CD_STRING: return json_is_string(j);
    case CD_INT:
        return json_is_integer(j) && json_integer_value(j) >= INT32_MIN &&
               json_integer_value(j) <= INT32_MAX;
    case CD_BOOL: return json_is_boolean(j);
    case CD_LIST: return json_is_array(j);
    case CD_MAP:
    case CD_OBJECT: return json_is_object(j);
    }
    return false;
}

/* Returns an error text for one container, or NULL when it is fine.  Like
 * Go's decoder, keys match field names case-insensitively and unknown keys
 * are ignored; a container with no field set at all is rejected. */
static const char *cd_check_container(tf_arena *a, const json_t *c, size_t index)
{
    if (!json_is_object(c) && !json_is_null(c))
        return tf_arena_printf(a, "json: cannot unmarshal %s into Go value of type "
                               "types.ContainerDefinition", cd_json_kind(c));
    bool any_set = false;
    const char *key;
    json_t *val;
    json_object_foreach((json_t *)c, key, val) {
        for (size_t i = 0; i < sizeof cd_fields / sizeof cd_fields[0]; i++) {
            if (strcasecmp(key, cd_fields[i].name) != 0)
                continue;
            if (json_is_null(val))
                break;
            if (!cd_kind_fits(cd_fields[i].kind, val)) {
                const char *what = cd_json_kind(val);
                if (json_is_number(val))
                    return tf_arena_printf(a, "json: cannot unmarshal number %g into Go struct "
                                           "field ContainerDefinition.%s of type %s",
                                           json_number_value(val), cd_fields[i].name,
                                           cd_fields[i].go_type);
                return tf_arena_printf(a, "json: cannot unmarshal %s into Go struct field "
                                       "ContainerDefinition.%s of type %s", what,
                                       cd_fields[i].name, cd_fields[i].go_type);
            }
            /* cpu and versionConsistency are plain values in the SDK
             * structure: their zero value does not count as "set". */
            bool zero = (cd_fields[i].kind == CD_INT && strcmp(cd_fields[i].name, "cpu") == 0 &&
                         json_integer_value(val) == 0) ||
                        (strcmp(cd_fields[i].name, "versionConsistency") == 0 &&
                         json_string_length(val) == 0);
            if (!zero)
                any_set = true;
            break;
        }
    }
    if (!any_set)
        return tf_arena_printf(a, "invalid container definition supplied at index (%zu)", index);
    return NULL;
}

/* container_definitions must be a JSON array of container objects. */
static void task_definition_validate(tf_ctx *ctx, const tf_value *config)
{
    const tf_value *v = tf_get(config, "container_definitions");
    if (!tf_is_known(v))
        return;
    const char *problem = NULL;
    json_error_t err;
    json_t *doc = json_loadb(v->u.str.ptr, v->u.str.len, JSON_DECODE_ANY, &err);
    if (!doc) {
        problem = tf_arena_printf(ctx->arena, "%s (line %d, column %d)", err.text, err.line,
                                  err.column);
    } else if (!json_is_array(doc)) {
        problem = tf_arena_printf(ctx->arena, "json: cannot unmarshal %s into Go value of type "
                                  "[]types.ContainerDefinition", cd_json_kind(doc));
    } else {
        for (size_t i = 0; i < json_array_size(doc) && !problem; i++)
            problem = cd_check_container(ctx->arena, json_array_get(doc, i), i);
    }
    json_decref(doc);
    if (problem)
        tf_diag_error(ctx->diags,
                      tf_path_attr(ctx->arena, tf_path_root(ctx->arena), "container_definitions"),
                      "Invalid value for \"container_definitions\"",
                      "ECS Task Definition container_definitions is invalid: %s", problem);
}

/* ---- planning ----
 *
 * container_definitions is planned in hashicorp/aws's normal form (its
 * StateFunc); a configuration equivalent to the prior definitions keeps
 * them (its DiffSuppressFunc), anything else is a new revision. */

static void td_plan_containers(tf_ctx *ctx, tf_plan_req *req)
{
    tf_arena *a = ctx->arena;
    const tf_value *cd = tf_get(req->config, "container_definitions");
    if (!tf_is_known(cd))
        return;
    const tf_value *v =
        tf_string(a, ecs_container_definitions_normalize(a, cd->u.str.ptr, cd->u.str.len));
    const tf_value *old = tf_get(req->prior, "container_definitions");
    if (tf_is_known(old)) {
        bool awsvpc = strcmp(tf_get_str(req->planned, "network_mode", ""), "awsvpc") == 0;
        if (tf_value_equal(old, v) ||
            ecs_container_definitions_equivalent(old->u.str.ptr, old->u.str.len, v->u.str.ptr,
                                                 v->u.str.len, awsvpc))
            v = old;
    }
    req->planned = tf_object_with(a, req->planned, "container_definitions", v);
}

static void task_definition_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->planned))
        return;
    td_plan_containers(ctx, req);
    aws_tags_plan(ctx, req);
}

/* ---- CRUD (API calls and state) ----
 *
 * RegisterTaskDefinition creates a revision; the id is the family and arn
 * names the revision.  Read is DescribeTaskDefinition (a client error or an
 * INACTIVE revision means gone); update only retags; delete deregisters
 * unless skip_destroy.  Volumes with docker/EFS/FSx configuration and
 * inference accelerators are not supported yet (a clear error says so). */

static int td_unsupported(tf_ctx *ctx, const tf_value *planned)
{
    const char *what = NULL;
    if (aws_block_len(tf_get(planned, "inference_accelerator")) > 0)
        what = "inference_accelerator";
    const tf_value *vols = tf_get(planned, "volume");
    for (size_t i = 0; !what && i < aws_block_len(vols); i++) {
        const tf_value *v = vols->u.coll.items[i];
        if (aws_block_len(tf_get(v, "docker_volume_configuration")) ||
            aws_block_len(tf_get(v, "efs_volume_configuration")) ||
            aws_block_len(tf_get(v, "fsx_windows_file_server_volume_configuration")))
            what = "volume configuration blocks (docker, EFS, FSx)";
    }
    if (!what)
        return 0;
    tf_diag_error(ctx->diags, NULL, "Argument not supported",
                  "aws_ecs_task_definition: %s is not supported by this provider yet.", what);
    return -1;
}

/* The string arguments RegisterTaskDefinition takes as they are. */
static const char *const td_string_args[][2] = {
    {"cpu", "cpu"}, {"memory", "memory"}, {"networkMode", "network_mode"},
    {"executionRoleArn", "execution_role_arn"}, {"taskRoleArn", "task_role_arn"},
    {"ipcMode", "ipc_mode"}, {"pidMode", "pid_mode"},
};

static json_t *td_register_input(tf_ctx *ctx, const tf_value *planned, json_t *defs)
{
    json_t *in = json_pack("{s:s,s:O}", "family", tf_get_str(planned, "family", ""),
                           "containerDefinitions", defs);
    for (size_t i = 0; i < sizeof td_string_args / sizeof *td_string_args; i++)
        ecs_json_put_str(in, td_string_args[i][0], planned, td_string_args[i][1]);
    const tf_value *rc = tf_get(planned, "requires_compatibilities");
    if (aws_block_len(rc) > 0)
        json_object_set_new(in, "requiresCompatibilities", ecs_strings_json(rc));
    const tf_value *efi = tf_get(planned, "enable_fault_injection");
    if (tf_is_known(efi) && efi->u.b)
        json_object_set_new(in, "enableFaultInjection", json_true());
    const tf_value *es = aws_block_get(planned, "ephemeral_storage");
    if (es)
        json_object_set_new(in, "ephemeralStorage",
                            json_pack("{s:I}", "sizeInGiB",
                                      (json_int_t)tf_get_i64(es, "size_in_gib", 0)));
    const tf_value *rp = aws_block_get(planned, "runtime_platform");
    if (rp) {
        json_t *o = json_object();
        ecs_json_put_str(o, "cpuArchitecture", rp, "cpu_architecture");
        ecs_json_put_str(o, "operatingSystemFamily", rp, "operating_system_family");
        json_object_set_new(in, "runtimePlatform", o);
    }
    const tf_value *pc = aws_block_get(planned, "proxy_configuration");
    if (pc) {
        json_t *o = json_object(), *props = json_array();
        ecs_json_put_str(o, "containerName", pc, "container_name");
        ecs_json_put_str(o, "type", pc, "type");
        const tf_value *pm = tf_get(pc, "properties");
        for (size_t i = 0; i < aws_block_len(pm); i++)
            json_array_append_new(props, json_pack("{s:s,s:s}", "name", pm->u.coll.keys[i],
                                                   "value", pm->u.coll.items[i]->u.str.ptr));
        json_object_set_new(o, "properties", props);
        json_object_set_new(in, "proxyConfiguration", o);
    }
    const tf_value *pcs = tf_get(planned, "placement_constraints");
    if (aws_block_len(pcs) > 0) {
        json_t *arr = json_array();
        for (size_t i = 0; i < aws_block_len(pcs); i++) {
            json_t *o = json_object();
            ecs_json_put_str(o, "type", pcs->u.coll.items[i], "type");
            ecs_json_put_str(o, "expression", pcs->u.coll.items[i], "expression");
            json_array_append_new(arr, o);
        }
        json_object_set_new(in, "placementConstraints", arr);
    }
    const tf_value *vols = tf_get(planned, "volume");
    if (aws_block_len(vols) > 0) {
        json_t *arr = json_array();
        for (size_t i = 0; i < aws_block_len(vols); i++) {
            const tf_value *v = vols->u.coll.items[i];
            json_t *o = json_object();
            ecs_json_put_str(o, "name", v, "name");
            const char *hp = tf_get_str(v, "host_path", "");
            if (*hp)
                json_object_set_new(o, "host", json_pack("{s:s}", "sourcePath", hp));
            const tf_value *cal = tf_get(v, "configure_at_launch");
            if (tf_is_known(cal) && cal->u.b)
                json_object_set_new(o, "configuredAtLaunch", json_true());
            json_array_append_new(arr, o);
        }
        json_object_set_new(in, "volumes", arr);
    }
    ecs_json_put_tags(ctx->arena, in, planned);
    return in;
}

static const char *td_or_empty(tf_arena *a, const json_t *o, const char *key)
{
    const char *s = ecs_json_str(a, o, key);
    return s ? s : "";
}

/* The element type of collection field name of object type obj. */
static const tf_type *td_elem(const tf_type *obj, const char *name)
{
    for (size_t k = 0; k < obj->n; k++)
        if (strcmp(obj->names[k], name) == 0)
            return obj->types[k]->elem;
    abort(); /* a field of hashicorp's schema: a programming error */
}

void ecs_task_definition_fields(tf_objb *b, const tf_type *obj, const json_t *td)
{
    tf_arena *a = b->arena;
    char *defs = json_dumps(json_object_get(td, "containerDefinitions"), JSON_COMPACT);
    if (defs) {
        tf_objb_str(b, "container_definitions",
                    ecs_container_definitions_normalize(a, defs, strlen(defs)));
        free(defs);
    }
    tf_objb_str(b, "cpu", td_or_empty(a, td, "cpu"));
    tf_objb_str(b, "memory", td_or_empty(a, td, "memory"));
    tf_objb_str(b, "network_mode", td_or_empty(a, td, "networkMode"));
    tf_objb_str(b, "execution_role_arn", td_or_empty(a, td, "executionRoleArn"));
    tf_objb_str(b, "task_role_arn", td_or_empty(a, td, "taskRoleArn"));
    tf_objb_str(b, "ipc_mode", td_or_empty(a, td, "ipcMode"));
    tf_objb_str(b, "pid_mode", td_or_empty(a, td, "pidMode"));
    tf_objb_bool(b, "enable_fault_injection", ecs_json_bool(td, "enableFaultInjection", false));
    tf_objb_set(b, "requires_compatibilities",
                ecs_json_strings(a, json_object_get(td, "requiresCompatibilities"), true));

    const tf_type *est = td_elem(obj, "ephemeral_storage");
    const json_t *es = json_object_get(td, "ephemeralStorage");
    if (json_is_object(es)) {
        tf_objb eb;
        tf_objb_init(&eb, a, est, NULL);
        tf_objb_i64(&eb, "size_in_gib", ecs_json_int(es, "sizeInGiB", 0));
        const tf_value *one = tf_objb_done(&eb);
        tf_objb_set(b, "ephemeral_storage", tf_list(a, est, 1, &one));
    } else {
        tf_objb_set(b, "ephemeral_storage", tf_list(a, est, 0, NULL));
    }
    const tf_type *rpt = td_elem(obj, "runtime_platform");
    const json_t *rp = json_object_get(td, "runtimePlatform");
    if (json_is_object(rp)) {
        tf_objb rb;
        tf_objb_init(&rb, a, rpt, NULL);
        tf_objb_str(&rb, "cpu_architecture", td_or_empty(a, rp, "cpuArchitecture"));
        tf_objb_str(&rb, "operating_system_family", td_or_empty(a, rp, "operatingSystemFamily"));
        const tf_value *one = tf_objb_done(&rb);
        tf_objb_set(b, "runtime_platform", tf_list(a, rpt, 1, &one));
    } else {
        tf_objb_set(b, "runtime_platform", tf_list(a, rpt, 0, NULL));
    }
    const tf_type *pct = td_elem(obj, "proxy_configuration");
    const json_t *pc = json_object_get(td, "proxyConfiguration");
    if (json_is_object(pc)) {
        tf_objb pb;
        tf_objb_init(&pb, a, pct, NULL);
        tf_objb_str(&pb, "container_name", td_or_empty(a, pc, "containerName"));
        tf_objb_str(&pb, "type", td_or_empty(a, pc, "type"));
        const json_t *props = json_object_get(pc, "properties");
        size_t np = json_array_size(props);
        const char **keys = tf_arena_calloc(a, np + 1, sizeof *keys);
        const char **vals = tf_arena_calloc(a, np + 1, sizeof *vals);
        for (size_t i = 0; i < np; i++) {
            keys[i] = td_or_empty(a, json_array_get(props, i), "name");
            vals[i] = td_or_empty(a, json_array_get(props, i), "value");
        }
        tf_objb_set(&pb, "properties", tf_string_map(a, keys, vals, np));
        const tf_value *one = tf_objb_done(&pb);
        tf_objb_set(b, "proxy_configuration", tf_list(a, pct, 1, &one));
    } else {
        tf_objb_set(b, "proxy_configuration", tf_list(a, pct, 0, NULL));
    }
    const tf_type *plt = td_elem(obj, "placement_constraints");
    const json_t *pls = json_object_get(td, "placementConstraints");
    size_t npl = json_array_size(pls);
    const tf_value **items = tf_arena_calloc(a, npl + 1, sizeof *items);
    for (size_t i = 0; i < npl; i++) {
        tf_objb pb;
        tf_objb_init(&pb, a, plt, NULL);
        tf_objb_str(&pb, "type", td_or_empty(a, json_array_get(pls, i), "type"));
        tf_objb_str(&pb, "expression", td_or_empty(a, json_array_get(pls, i), "expression"));
        items[i] = tf_objb_done(&pb);
    }
    tf_objb_set(b, "placement_constraints", tf_set(a, plt, npl, items));
    const tf_type *vt = td_elem(obj, "volume");
    const json_t *vols = json_object_get(td, "volumes");
    size_t nv = json_array_size(vols);
    const tf_value **vitems = tf_arena_calloc(a, nv + 1, sizeof *vitems);
    for (size_t i = 0; i < nv; i++) {
        const json_t *v = json_array_get(vols, i);
        tf_objb vb;
        tf_objb_init(&vb, a, vt, NULL);
        tf_objb_str(&vb, "name", td_or_empty(a, v, "name"));
        tf_objb_str(&vb, "host_path", td_or_empty(a, json_object_get(v, "host"), "sourcePath"));
        tf_objb_bool(&vb, "configure_at_launch", ecs_json_bool(v, "configuredAtLaunch", false));
        for (size_t k = 0; k < vt->n; k++) {
            const tf_type *ft = vt->types[k];
            if (ft->kind == TF_LIST)
                tf_objb_set(&vb, vt->names[k], tf_list(a, ft->elem, 0, NULL));
        }
        vitems[i] = tf_objb_done(&vb);
    }
    tf_objb_set(b, "volume", tf_set(a, vt, nv, vitems));
    /* Empty, as a list or a set whichever the schema has. */
    const tf_type *iat = td_elem(obj, "inference_accelerator");
    bool ia_list = false;
    for (size_t k = 0; k < obj->n; k++)
        if (strcmp(obj->names[k], "inference_accelerator") == 0)
            ia_list = obj->types[k]->kind == TF_LIST;
    tf_objb_set(b, "inference_accelerator", ia_list ? tf_list(a, iat, 0, NULL)
                                                    : tf_set(a, iat, 0, NULL));

}

static const tf_value *td_state(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                const json_t *td, const json_t *tags_json)
{
    tf_arena *a = ctx->arena;
    tf_objb b;
    tf_objb_init(&b, a, TASKDEF_SCHEMA->ctype, base);
    const char *arn = td_or_empty(a, td, "taskDefinitionArn");
    const char *family = td_or_empty(a, td, "family");
    tf_objb_str(&b, "arn", arn);
    const char *colon = strrchr(arn, ':');
    tf_objb_str(&b, "arn_without_revision",
                colon ? tf_arena_printf(a, "%.*s", (int)(colon - arn), arn) : arn);
    tf_objb_i64(&b, "revision", ecs_json_int(td, "revision", 0));
    tf_objb_str(&b, "family", family);
    tf_objb_str(&b, "id", family);
    ecs_task_definition_fields(&b, TASKDEF_SCHEMA->ctype, td);
    ecs_tags_state(&b, m, tags_json, base);
    return tf_objb_done(&b);
}

/* Reads the revision named by base's arn (the family with track_latest). */
/* creating: the revision was just registered, so no answer means it is gone;
 * a failed read is an error (the create then returns what it has, tainted). */
static const tf_value *td_refresh_as(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                     bool creating)
{
    tf_arena *a = ctx->arena;
    const char *ident = tf_get_bool(base, "track_latest", false)
                            ? tf_get_str(base, "family", "")
                            : tf_get_str(base, "arn", "");
    if (!*ident)
        ident = tf_get_str(base, "id", "");
    json_t *in = json_pack("{s:s,s:[s]}", "taskDefinition", ident, "include", "TAGS");
    json_t *out = NULL;
    aws_error err;
    int rc = ecs_call(ctx, m, "DescribeTaskDefinition", in, &out, &err);
    json_decref(in);
    if (rc != 0) {
        /* hashicorp/aws: any 400 answer means the revision is gone. */
        if (!creating && err.kind == AWS_ERR_API && err.http_status == 400)
            return tf_null(a, TASKDEF_SCHEMA->ctype);
        aws_diag(ctx, &err, "reading ECS Task Definition (%s)", ident);
        return NULL;
    }
    const json_t *td = json_object_get(out, "taskDefinition");
    const char *st = json_string_value(json_object_get(td, "status"));
    const tf_value *state;
    if (!json_is_object(td) || (st && (strcmp(st, "INACTIVE") == 0 ||
                                       strcmp(st, "DELETE_IN_PROGRESS") == 0)))
        state = tf_null(a, TASKDEF_SCHEMA->ctype);
    else
        state = td_state(ctx, m, base, td, json_object_get(out, "tags"));
    json_decref(out);
    return state;
}

static const tf_value *td_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base)
{
    return td_refresh_as(ctx, m, base, false);
}

/* RegisterTaskDefinition makes nothing unique (each call is a new revision
 * of the family): an earlier attempt's revision is an active one of the
 * family that was not there before the first attempt. */
typedef struct td_key {
    aws_client *c;
    const volatile int *stop;
    const char *family;
    const char *suffix;           /* "task-definition/<family>:" */
    const char **arns;
    size_t n, cap;
    tf_arena *a;
} td_key;

static int td_lookup_page(void *ud, json_t *page, aws_error *err)
{
    (void)err;
    td_key *k = ud;
    const json_t *arns = json_object_get(page, "taskDefinitionArns");
    for (size_t i = 0; i < json_array_size(arns); i++) {
        const char *arn = json_string_value(json_array_get(arns, i));
        const char *at = arn ? strstr(arn, k->suffix) : NULL;
        /* familyPrefix is a prefix: keep this family's revisions only. */
        if (!at || strchr(at + strlen(k->suffix), ':'))
            continue;
        tf_arena_grow(k->a, (void **)&k->arns, &k->cap, k->n + 1, sizeof *k->arns);
        k->arns[k->n++] = tf_arena_strdup(k->a, arn);
    }
    return 0;
}

static int td_lookup(void *ud, tf_arena *a, const char ***ids, size_t *n, aws_error *err)
{
    td_key *k = ud;
    k->a = a;
    k->arns = NULL;
    k->n = k->cap = 0;
    json_t *in = json_pack("{s:s,s:s}", "familyPrefix", k->family, "status", "ACTIVE");
    int rc = aws_json_pages(k->c, a, k->stop, "ecs", "ListTaskDefinitions", in, "nextToken",
                            td_lookup_page, k, err);
    json_decref(in);
    if (rc != 0)
        return -1;
    *ids = k->arns;
    *n = k->n;
    return 0;
}

static const tf_value *td_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m || td_unsupported(ctx, planned) != 0)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *family = tf_get_str(planned, "family", "");
    const char *cd = tf_get_str(planned, "container_definitions", "[]");
    json_t *defs = json_loads(cd, 0, NULL);
    if (!json_is_array(defs)) {
        json_decref(defs);
        tf_diag_error(ctx->diags, NULL, "Invalid container_definitions",
                      "container_definitions is not a JSON list of container definitions.");
        return NULL;
    }
    json_t *in = td_register_input(ctx, planned, defs);
    json_decref(defs);
    json_t *out = NULL;
    const char *adopted;
    aws_error err;
    td_key key = {.c = m->client, .stop = ctx->stop, .family = family,
                  .suffix = tf_arena_printf(a, "task-definition/%s:", family)};
    aws_create_once once = {.service = "ecs", .operation = "RegisterTaskDefinition",
                            .lookup = td_lookup, .ud = &key};
    int rc = aws_create_once_json(m->client, a, ctx->stop, &once, in, &out, &adopted, &err);
    json_decref(in);
    if (rc != 0) {
        aws_diag(ctx, &err, "creating ECS Task Definition (%s)", family);
        return NULL;
    }
    if (adopted) {
        const tf_value *st = tf_object_with(a, planned, "arn", tf_string(a, adopted));
        st = tf_object_with(a, st, "id", tf_string(a, family));
        const tf_value *r = td_refresh_as(ctx, m, st, true);
        return r && tf_is_known(r) && !tf_is_null(r) ? r : st;
    }
    const json_t *td = json_object_get(out, "taskDefinition");
    const char *arn = ecs_json_str(a, td, "taskDefinitionArn");
    const tf_value *state = NULL;
    if (!arn) {
        aws_error_set(&err, AWS_ERR_RESPONSE, "", "RegisterTaskDefinition returned no ARN");
        aws_diag(ctx, &err, "creating ECS Task Definition (%s)", family);
    } else {
        state = td_state(ctx, m, planned, td, json_object_get(out, "tags"));
    }
    json_decref(out);
    if (!state)
        return NULL;
    const tf_value *r = td_refresh_as(ctx, m, state, true);
    return r && tf_is_known(r) && !tf_is_null(r) ? r : state;
}

static const tf_value *td_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    return m ? td_refresh(ctx, m, state) : NULL;
}

static const tf_value *td_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    const char *arn = tf_get_str(prior, "arn", "");
    if (ecs_tags_update(ctx, m, arn, tf_get(prior, "tags_all"), tf_get(planned, "tags_all")) != 0)
        return prior;
    const tf_value *r = td_refresh(ctx, m, planned);
    return tf_is_known(r) ? r : planned;
}

static void td_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m || tf_get_bool(prior, "skip_destroy", false))
        return;
    const char *arn = tf_get_str(prior, "arn", "");
    json_t *in = json_pack("{s:s}", "taskDefinition", arn), *out = NULL;
    aws_error err;
    int rc = ecs_call(ctx, m, "DeregisterTaskDefinition", in, &out, &err);
    json_decref(in);
    json_decref(out);
    if (rc != 0 && !strstr(err.message, "in the process of being deleted") &&
        !(err.kind == AWS_ERR_API && strstr(err.message, "INACTIVE")))
        aws_diag(ctx, &err, "deleting ECS Task Definition (%s)", arn);
}

/* The import ID is a revision's ARN (or family:revision): id becomes the
 * family and arn the revision's ARN in this provider's region. */
static const tf_value *td_import(tf_ctx *ctx, const char *id)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *fr = strncmp(id, "arn:", 4) == 0 && strstr(id, "task-definition/")
                         ? strstr(id, "task-definition/") + strlen("task-definition/")
                         : id;
    const char *colon = strrchr(fr, ':');
    char *end = NULL;
    long rev = colon ? strtol(colon + 1, &end, 10) : 0;
    if (!colon || colon == fr || !end || *end || rev <= 0) {
        tf_diag_error(ctx->diags, NULL, "Invalid import ID",
                      "Expected a task definition ARN or family:revision, got \"%s\".", id);
        return NULL;
    }
    const char *family = tf_arena_printf(a, "%.*s", (int)(colon - fr), fr);
    tf_objb b;
    tf_objb_init(&b, a, TASKDEF_SCHEMA->ctype, NULL);
    tf_objb_str(&b, "id", family);
    tf_objb_str(&b, "family", family);
    tf_objb_str(&b, "arn", tf_arena_printf(a, "arn:%s:ecs:%s:%s:task-definition/%s:%ld",
                                           m->partition, m->region, m->account_id, family, rev));
    /* skip_destroy stays null, as hashicorp/aws imports it. */
    tf_objb_bool(&b, "track_latest", false);
    return tf_objb_done(&b);
}

/* ---- definitions ---- */

/* hashicorp/aws stores the container_definitions its read after create
 * flattens from AWS's answer (defaults AWS fills in included), not the
 * planned normal form of the configuration; the plan compares the two as
 * equivalent (td_plan_containers). */
static const char *const td_apply_reads[] = {"container_definitions", NULL};

const tf_resource_def aws_ecs_task_definition_def = {
    .type_name = "aws_ecs_task_definition",
    .version = 1,
    .schema = TASKDEF_SCHEMA,
    .modify_plan = task_definition_modify_plan,
    .create = td_create,
    .read = td_read,
    .update = td_update,
    .delete = td_delete,
    .import = td_import,
    .validate = task_definition_validate,
    .apply_reads = td_apply_reads,
};

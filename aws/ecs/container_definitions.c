/* container_definitions.c - see container_definitions.h.
 *
 * The one idea: describe the AWS SDK structures as tables (field name, Go
 * kind, nested structure) and decode the user's JSON through them the way
 * Go's encoding/json fills those structures.  A decoded structure is kept
 * as a JSON object holding exactly the fields the SDK would serialise:
 * pointers, slices and maps that were set, plain values that are not zero.
 * Normalising is then sorting and encoding that tree; comparing is reducing
 * two trees and testing them for equality. */
#include "container_definitions.h"

#include <assert.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef enum {
    CD_STR,      /* *string */
    CD_BOOL,     /* *bool */
    CD_INT,      /* *int32 */
    CD_INT_VAL,  /* int32, serialised when not zero */
    CD_INT_REQ,  /* int32, always serialised */
    CD_ENUM,     /* string enum, serialised when not empty */
    CD_STR_LIST, /* []string */
    CD_INT_LIST, /* []int32 */
    CD_STR_MAP,  /* map[string]string */
    CD_OBJ,      /* *struct */
    CD_OBJ_LIST, /* []struct */
} cd_kind;

typedef struct cd_struct cd_struct;

typedef struct cd_field {
    const char *key;
    cd_kind kind;
    const cd_struct *sub;
    bool compact; /* zero elements are removed (compactArrays) */
} cd_field;

struct cd_struct {
    const cd_field *fields; /* {0}-terminated */
};

#define CD_STRUCT(name, ...)                                                                  \
    static const cd_field name##_fields[] = {__VA_ARGS__, {0}};                               \
    static const cd_struct name = {name##_fields}

CD_STRUCT(cd_dependency, {"condition", CD_ENUM, NULL, false},
          {"containerName", CD_STR, NULL, false});
CD_STRUCT(cd_key_value, {"name", CD_STR, NULL, false}, {"value", CD_STR, NULL, false});
CD_STRUCT(cd_env_file, {"type", CD_ENUM, NULL, false}, {"value", CD_STR, NULL, false});
CD_STRUCT(cd_host_entry, {"hostname", CD_STR, NULL, false}, {"ipAddress", CD_STR, NULL, false});
CD_STRUCT(cd_firelens, {"options", CD_STR_MAP, NULL, false}, {"type", CD_ENUM, NULL, false});
CD_STRUCT(cd_health_check, {"command", CD_STR_LIST, NULL, false},
          {"interval", CD_INT, NULL, false}, {"retries", CD_INT, NULL, false},
          {"startPeriod", CD_INT, NULL, false}, {"timeout", CD_INT, NULL, false});
CD_STRUCT(cd_capabilities, {"add", CD_STR_LIST, NULL, false}, {"drop", CD_STR_LIST, NULL, false});
CD_STRUCT(cd_device, {"containerPath", CD_STR, NULL, false}, {"hostPath", CD_STR, NULL, false},
          {"permissions", CD_STR_LIST, NULL, false});
CD_STRUCT(cd_tmpfs, {"containerPath", CD_STR, NULL, false},
          {"mountOptions", CD_STR_LIST, NULL, false}, {"size", CD_INT_REQ, NULL, false});
CD_STRUCT(cd_linux_parameters, {"capabilities", CD_OBJ, &cd_capabilities, false},
          {"devices", CD_OBJ_LIST, &cd_device, false},
          {"initProcessEnabled", CD_BOOL, NULL, false}, {"maxSwap", CD_INT, NULL, false},
          {"sharedMemorySize", CD_INT, NULL, false}, {"swappiness", CD_INT, NULL, false},
          {"tmpfs", CD_OBJ_LIST, &cd_tmpfs, false});
CD_STRUCT(cd_secret, {"name", CD_STR, NULL, false}, {"valueFrom", CD_STR, NULL, false});
CD_STRUCT(cd_log_configuration, {"logDriver", CD_ENUM, NULL, false},
          {"options", CD_STR_MAP, NULL, false},
          {"secretOptions", CD_OBJ_LIST, &cd_secret, false});
CD_STRUCT(cd_mount_point, {"containerPath", CD_STR, NULL, false},
          {"readOnly", CD_BOOL, NULL, false}, {"sourceVolume", CD_STR, NULL, false});
CD_STRUCT(cd_port_mapping, {"appProtocol", CD_ENUM, NULL, false},
          {"containerPort", CD_INT, NULL, false}, {"containerPortRange", CD_STR, NULL, false},
          {"hostPort", CD_INT, NULL, false}, {"name", CD_STR, NULL, false},
          {"protocol", CD_ENUM, NULL, false});
CD_STRUCT(cd_repository_credentials, {"credentialsParameter", CD_STR, NULL, false});
CD_STRUCT(cd_resource_requirement, {"type", CD_ENUM, NULL, false},
          {"value", CD_STR, NULL, false});
CD_STRUCT(cd_restart_policy, {"enabled", CD_BOOL, NULL, false},
          {"ignoredExitCodes", CD_INT_LIST, NULL, false},
          {"restartAttemptPeriod", CD_INT, NULL, false});
CD_STRUCT(cd_system_control, {"namespace", CD_STR, NULL, false},
          {"value", CD_STR, NULL, false});
CD_STRUCT(cd_ulimit, {"hardLimit", CD_INT_REQ, NULL, false}, {"name", CD_ENUM, NULL, false},
          {"softLimit", CD_INT_REQ, NULL, false});
CD_STRUCT(cd_volume_from, {"readOnly", CD_BOOL, NULL, false},
          {"sourceContainer", CD_STR, NULL, false});
CD_STRUCT(cd_container,
          {"command", CD_STR_LIST, NULL, false},
          {"cpu", CD_INT_VAL, NULL, false},
          {"credentialSpecs", CD_STR_LIST, NULL, false},
          {"dependsOn", CD_OBJ_LIST, &cd_dependency, true},
          {"disableNetworking", CD_BOOL, NULL, false},
          {"dnsSearchDomains", CD_STR_LIST, NULL, false},
          {"dnsServers", CD_STR_LIST, NULL, false},
          {"dockerLabels", CD_STR_MAP, NULL, false},
          {"dockerSecurityOptions", CD_STR_LIST, NULL, false},
          {"entryPoint", CD_STR_LIST, NULL, false},
          {"environment", CD_OBJ_LIST, &cd_key_value, true},
          {"environmentFiles", CD_OBJ_LIST, &cd_env_file, true},
          {"essential", CD_BOOL, NULL, false},
          {"extraHosts", CD_OBJ_LIST, &cd_host_entry, true},
          {"firelensConfiguration", CD_OBJ, &cd_firelens, false},
          {"healthCheck", CD_OBJ, &cd_health_check, false},
          {"hostname", CD_STR, NULL, false},
          {"image", CD_STR, NULL, false},
          {"interactive", CD_BOOL, NULL, false},
          {"links", CD_STR_LIST, NULL, false},
          {"linuxParameters", CD_OBJ, &cd_linux_parameters, false},
          {"logConfiguration", CD_OBJ, &cd_log_configuration, false},
          {"memory", CD_INT, NULL, false},
          {"memoryReservation", CD_INT, NULL, false},
          {"mountPoints", CD_OBJ_LIST, &cd_mount_point, true},
          {"name", CD_STR, NULL, false},
          {"portMappings", CD_OBJ_LIST, &cd_port_mapping, true},
          {"privileged", CD_BOOL, NULL, false},
          {"pseudoTerminal", CD_BOOL, NULL, false},
          {"readonlyRootFilesystem", CD_BOOL, NULL, false},
          {"repositoryCredentials", CD_OBJ, &cd_repository_credentials, false},
          {"resourceRequirements", CD_OBJ_LIST, &cd_resource_requirement, true},
          {"restartPolicy", CD_OBJ, &cd_restart_policy, false},
          {"secrets", CD_OBJ_LIST, &cd_secret, true},
          {"startTimeout", CD_INT, NULL, false},
          {"stopTimeout", CD_INT, NULL, false},
          {"systemControls", CD_OBJ_LIST, &cd_system_control, true},
          {"ulimits", CD_OBJ_LIST, &cd_ulimit, true},
          {"user", CD_STR, NULL, false},
          {"versionConsistency", CD_ENUM, NULL, false},
          {"volumesFrom", CD_OBJ_LIST, &cd_volume_from, true},
          {"workingDirectory", CD_STR, NULL, false});

static const char *const cd_version_consistency_values[] = {"enabled", "disabled", NULL};

/* ------------------------------------------------------------------ */
/* decoding, as encoding/json fills the SDK structures                 */

static int cd_decode_struct(const json_t *src, const cd_struct *st, json_t **out);

/* Go prefers the field whose name is the key, then one equal to it
 * ignoring case. */
static const cd_field *cd_field_for(const cd_struct *st, const char *key)
{
    for (const cd_field *f = st->fields; f->key; f++)
        if (strcmp(f->key, key) == 0)
            return f;
    for (const cd_field *f = st->fields; f->key; f++)
        if (strcasecmp(f->key, key) == 0)
            return f;
    return NULL;
}

static bool cd_is_int32(const json_t *v)
{
    return json_is_integer(v) && json_integer_value(v) >= INT32_MIN &&
           json_integer_value(v) <= INT32_MAX;
}

/* A JSON array of strings or int32s; null elements are zero values. */
static json_t *cd_decode_list(const json_t *v, bool ints)
{
    if (!json_is_array(v))
        return NULL;
    json_t *out = json_array();
    size_t i;
    const json_t *e;
    json_array_foreach(v, i, e) {
        json_t *item = NULL;
        if (json_is_null(e))
            item = ints ? json_integer(0) : json_string("");
        else if (ints ? cd_is_int32(e) : json_is_string(e))
            item = json_copy((json_t *)e);
        if (!item) {
            json_decref(out);
            return NULL;
        }
        json_array_append_new(out, item);
    }
    return out;
}

static json_t *cd_decode_map(const json_t *v)
{
    if (!json_is_object(v))
        return NULL;
    json_t *out = json_object();
    const char *k;
    const json_t *e;
    json_object_foreach((json_t *)v, k, e) {
        if (!json_is_string(e) && !json_is_null(e)) {
            json_decref(out);
            return NULL;
        }
        json_object_set_new(out, k, json_is_null(e) ? json_string("") : json_copy((json_t *)e));
    }
    return out;
}

/* A list of structures; null elements are zero structures, which compact
 * lists drop. */
static json_t *cd_decode_objects(const json_t *v, const cd_field *f)
{
    if (!json_is_array(v))
        return NULL;
    json_t *out = json_array();
    size_t i;
    const json_t *e;
    json_array_foreach(v, i, e) {
        json_t *item = NULL;
        if (json_is_null(e))
            item = json_object();
        else if (cd_decode_struct(e, f->sub, &item) != 0) {
            json_decref(out);
            return NULL;
        }
        if (f->compact && json_object_size(item) == 0)
            json_decref(item);
        else
            json_array_append_new(out, item);
    }
    return out;
}

/* A plain (non-pointer) enum string or int32: its zero value means "not
 * set" until serialised, so it leaves dst.  -1 when v is not of the kind. */
static int cd_decode_plain(json_t *dst, const cd_field *f, const json_t *v)
{
    bool is_enum = f->kind == CD_ENUM;
    if (is_enum ? !json_is_string(v) : !cd_is_int32(v))
        return -1;
    if (is_enum ? json_string_length(v) == 0 : json_integer_value(v) == 0)
        json_object_del(dst, f->key);
    else
        json_object_set_new(dst, f->key, json_copy((json_t *)v));
    return 0;
}

/* Decodes v into field f of dst.  Returns -1 when the JSON kind does not
 * fit the Go type. */
static int cd_decode_field(json_t *dst, const cd_field *f, const json_t *v)
{
    json_t *val = NULL;
    if (json_is_null(v)) {
        /* nil for pointers, slices and maps; plain values keep theirs */
        if (f->kind != CD_INT_VAL && f->kind != CD_INT_REQ && f->kind != CD_ENUM)
            json_object_del(dst, f->key);
        return 0;
    }
    switch (f->kind) {
    case CD_STR:
        val = json_is_string(v) ? json_copy((json_t *)v) : NULL;
        break;
    case CD_BOOL:
        val = json_is_boolean(v) ? json_copy((json_t *)v) : NULL;
        break;
    case CD_INT:
        val = cd_is_int32(v) ? json_copy((json_t *)v) : NULL;
        break;
    case CD_ENUM:
    case CD_INT_VAL:
    case CD_INT_REQ:
        return cd_decode_plain(dst, f, v);
    case CD_STR_LIST:
    case CD_INT_LIST:
        val = cd_decode_list(v, f->kind == CD_INT_LIST);
        break;
    case CD_STR_MAP:
        val = cd_decode_map(v);
        break;
    case CD_OBJ:
        if (cd_decode_struct(v, f->sub, &val) != 0)
            return -1;
        break;
    case CD_OBJ_LIST:
        val = cd_decode_objects(v, f);
        break;
    }
    if (!val)
        return -1;
    json_object_set_new(dst, f->key, val);
    return 0;
}

/* *out receives a new object holding the fields that are set. */
static int cd_decode_struct(const json_t *src, const cd_struct *st, json_t **out)
{
    *out = NULL;
    if (!json_is_object(src))
        return -1;
    json_t *dst = json_object();
    const char *k;
    const json_t *v;
    json_object_foreach((json_t *)src, k, v) {
        const cd_field *f = cd_field_for(st, k);
        if (f && cd_decode_field(dst, f, v) != 0) {
            json_decref(dst);
            return -1;
        }
    }
    *out = dst;
    return 0;
}

static const char *cd_name(const json_t *obj)
{
    const char *s = json_string_value(json_object_get(obj, "name"));
    return s ? s : "";
}

/* Sorts the objects of a JSON array by their "name" (insertion sort: the
 * lists are short and equal names keep their order). */
static void cd_sort_by_name(json_t *arr)
{
    size_t n = json_array_size(arr);
    for (size_t i = 1; i < n; i++) {
        for (size_t j = i; j > 0; j--) {
            json_t *x = json_array_get(arr, j - 1), *y = json_array_get(arr, j);
            if (strcmp(cd_name(x), cd_name(y)) <= 0)
                break;
            json_incref(x);
            json_array_set(arr, j - 1, y);
            json_array_set_new(arr, j, x);
        }
    }
}

/* expandContainerDefinitions followed by the ordering of the StateFunc;
 * NULL when the text is not valid container definitions. */
static json_t *cd_decode(const char *json, size_t len)
{
    json_error_t err;
    json_t *doc = json_loadb(json, len, JSON_DECODE_ANY, &err);
    if (!doc)
        return NULL;
    json_t *out = json_array();
    bool ok = json_is_array(doc) || json_is_null(doc);
    size_t i;
    json_t *e;
    json_array_foreach(doc, i, e) {
        json_t *c = NULL;
        if (!ok || cd_decode_struct(e, &cd_container, &c) != 0 || json_object_size(c) == 0) {
            json_decref(c);
            ok = false;
            break;
        }
        const char *vc = json_string_value(json_object_get(c, "versionConsistency"));
        bool vc_ok = !vc;
        for (size_t k = 0; vc && cd_version_consistency_values[k]; k++)
            vc_ok = vc_ok || strcmp(vc, cd_version_consistency_values[k]) == 0;
        if (!vc_ok) {
            json_decref(c);
            ok = false;
            break;
        }
        cd_sort_by_name(json_object_get(c, "environment"));
        cd_sort_by_name(json_object_get(c, "secrets"));
        json_array_append_new(out, c);
    }
    json_decref(doc);
    if (!ok) {
        json_decref(out);
        return NULL;
    }
    cd_sort_by_name(out);
    return out;
}

/* ------------------------------------------------------------------ */
/* encoding, as the SDK's serialiser and then encoding/json do         */

typedef struct cd_buf {
    tf_arena *a;
    char *p;
    size_t n, cap;
} cd_buf;

static void cd_put(cd_buf *b, const char *s, size_t n)
{
    tf_arena_grow(b->a, (void **)&b->p, &b->cap, b->n + n + 1, 1);
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void cd_puts(cd_buf *b, const char *s)
{
    cd_put(b, s, strlen(s));
}

/* Go's string escaping: HTML-significant characters and the JavaScript
 * line separators are escaped too. */
static void cd_put_string(cd_buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    cd_puts(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        char esc[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
        if (c == '"' || c == '\\') {
            char two[3] = {'\\', (char)c, 0};
            cd_puts(b, two);
        } else if (c == '\n') {
            cd_puts(b, "\\n");
        } else if (c == '\r') {
            cd_puts(b, "\\r");
        } else if (c == '\t') {
            cd_puts(b, "\\t");
        } else if (c == '\b') {
            cd_puts(b, "\\b");
        } else if (c == '\f') {
            cd_puts(b, "\\f");
        } else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
            cd_puts(b, esc);
        } else if (c == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) {
            cd_puts(b, p[2] == 0xa8 ? "\\u2028" : "\\u2029");
            p += 2;
        } else {
            cd_put(b, (const char *)p, 1);
        }
    }
    cd_puts(b, "\"");
}

static int cd_key_cmp(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Compact JSON with sorted keys (NormalizeJsonString). */
static void cd_put_value(cd_buf *b, const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: {
        size_t n = json_object_size(v), i = 0;
        const char **keys = tf_arena_calloc(b->a, n + 1, sizeof *keys);
        const char *k;
        const json_t *e;
        json_object_foreach((json_t *)v, k, e)
            keys[i++] = k;
        qsort(keys, n, sizeof *keys, cd_key_cmp);
        cd_puts(b, "{");
        for (i = 0; i < n; i++) {
            if (i)
                cd_puts(b, ",");
            cd_put_string(b, keys[i]);
            cd_puts(b, ":");
            cd_put_value(b, json_object_get(v, keys[i]));
        }
        cd_puts(b, "}");
        break;
    }
    case JSON_ARRAY: {
        cd_puts(b, "[");
        for (size_t i = 0; i < json_array_size(v); i++) {
            if (i)
                cd_puts(b, ",");
            cd_put_value(b, json_array_get(v, i));
        }
        cd_puts(b, "]");
        break;
    }
    case JSON_STRING:
        cd_put_string(b, json_string_value(v));
        break;
    case JSON_INTEGER: {
        char num[32];
        snprintf(num, sizeof num, "%lld", (long long)json_integer_value(v));
        cd_puts(b, num);
        break;
    }
    case JSON_TRUE:
        cd_puts(b, "true");
        break;
    case JSON_FALSE:
        cd_puts(b, "false");
        break;
    default:
        /* decoding keeps no reals and no nulls */
        assert(!"unexpected JSON value in container definitions");
        cd_puts(b, "null");
        break;
    }
}

/* The SDK always serialises its required plain integers, zero or not. */
static void cd_add_required(json_t *obj, const cd_struct *st)
{
    for (const cd_field *f = st->fields; f->key; f++) {
        json_t *v = json_object_get(obj, f->key);
        if (f->kind == CD_INT_REQ && !v)
            json_object_set_new(obj, f->key, json_integer(0));
        else if (f->kind == CD_OBJ && v)
            cd_add_required(v, f->sub);
        else if (f->kind == CD_OBJ_LIST && v)
            for (size_t i = 0; i < json_array_size(v); i++)
                cd_add_required(json_array_get(v, i), f->sub);
    }
}

char *ecs_container_definitions_normalize(tf_arena *a, const char *json, size_t len)
{
    json_t *defs = cd_decode(json, len);
    if (!defs)
        return tf_arena_strdup(a, "[]");
    for (size_t i = 0; i < json_array_size(defs); i++)
        cd_add_required(json_array_get(defs, i), &cd_container);
    cd_buf b = {.a = a};
    cd_put_value(&b, defs);
    json_decref(defs);
    return b.p;
}

/* ------------------------------------------------------------------ */
/* equivalence (containerDefinitionsAreEquivalent)                     */

static const char *const cd_nil_when_empty[] = {
    "command", "credentialSpecs", "dependsOn", "dnsSearchDomains", "dnsServers",
    "dockerSecurityOptions", "entryPoint", "environment", "environmentFiles", "extraHosts",
    "links", "mountPoints", "portMappings", "resourceRequirements", "secrets",
    "systemControls", "ulimits", "volumesFrom", NULL,
};

static void cd_default(json_t *obj, const char *key, json_t *v)
{
    if (!json_object_get(obj, key))
        json_object_set(obj, key, v);
    json_decref(v);
}

static void cd_reduce(json_t *defs, bool awsvpc)
{
    for (size_t i = 0; i < json_array_size(defs); i++) {
        json_t *c = json_array_get(defs, i);
        cd_default(c, "essential", json_true());
        json_t *hc = json_object_get(c, "healthCheck");
        if (hc) {
            cd_default(hc, "interval", json_integer(30));
            cd_default(hc, "retries", json_integer(3));
            cd_default(hc, "timeout", json_integer(5));
        }
        json_t *pms = json_object_get(c, "portMappings");
        for (size_t j = 0; j < json_array_size(pms); j++) {
            json_t *pm = json_array_get(pms, j);
            const char *proto = json_string_value(json_object_get(pm, "protocol"));
            if (proto && strcmp(proto, "tcp") == 0)
                json_object_del(pm, "protocol");
            json_t *hp = json_object_get(pm, "hostPort");
            if (hp && json_integer_value(hp) == 0)
                json_object_del(pm, "hostPort");
            json_t *cp = json_object_get(pm, "containerPort");
            if (awsvpc && !json_object_get(pm, "hostPort") && cp)
                json_object_set(pm, "hostPort", cp);
        }
        for (size_t k = 0; cd_nil_when_empty[k]; k++) {
            json_t *l = json_object_get(c, cd_nil_when_empty[k]);
            if (l && json_array_size(l) == 0)
                json_object_del(c, cd_nil_when_empty[k]);
        }
    }
}

bool ecs_container_definitions_equivalent(const char *x, size_t xlen, const char *y,
                                          size_t ylen, bool awsvpc)
{
    json_t *dx = cd_decode(x, xlen), *dy = cd_decode(y, ylen);
    bool same = false;
    if (dx && dy) {
        cd_reduce(dx, awsvpc);
        cd_reduce(dy, awsvpc);
        same = json_equal(dx, dy);
    }
    json_decref(dx);
    json_decref(dy);
    return same;
}

/* protocol_json.c - the JSON 1.1 protocol (ECS).
 *
 * POST / with X-Amz-Target: Prefix.Operation and the input as a JSON object;
 * the answer is the output object.  jansson values are reference counted,
 * not arena allocated, so the caller owns the output and must decref it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

const char *aws_json_str(tf_arena *a, const json_t *obj, const char *key)
{
    const char *s = json_string_value(json_object_get(obj, key));
    return s ? tf_arena_strdup(a, s) : NULL;
}

int aws_json_call(aws_client *c, tf_arena *a, const volatile int *stop,
                  const char *service, const char *operation, json_t *in,
                  json_t **out, aws_error *err)
{
    *out = NULL;
    const aws_service *svc = endpoints_service(service);
    if (!svc || svc->protocol != AWS_PROTO_JSON) {
        aws_error_set(err, AWS_ERR_CONFIG, "UnknownService",
                      "\"%s\" is not a json service", service ? service : "");
        return -1;
    }
    const char *body = "{}";
    if (in) {
        char *s = json_dumps(in, JSON_COMPACT);
        if (!s) {
            aws_error_set(err, AWS_ERR_CONFIG, "SerializationError",
                          "%s %s: input cannot be serialised", service, operation);
            return -1;
        }
        body = tf_arena_strdup(a, s);
        free(s);
    }
    int token = in && (json_object_get(in, "clientToken") || json_object_get(in, "ClientToken"));
    aws_call call = {
        .service = svc->id,
        .operation = operation,
        .body = body,
        .body_len = strlen(body),
        .content_type = "application/x-amz-json-1.1",
        .target = tf_arena_printf(a, "%s.%s", svc->target_prefix, operation),
        .idempotent = aws_op_idempotent(operation) || token,
    };
    http_response rs;
    if (aws_call_send(c, a, stop, &call, &rs, err) != 0)
        return -1;
    if (rs.body_len == 0) {
        *out = json_object();
        return 0;
    }
    json_error_t je;
    json_t *j = json_loadb(rs.body, rs.body_len, 0, &je);
    if (!json_is_object(j)) {
        aws_error_set(err, AWS_ERR_RESPONSE, "SerializationError",
                      "malformed JSON response: %s",
                      j ? "not an object" : je.text);
        aws_error_stamp(err, svc->id, operation, &rs);
        json_decref(j);
        return -1;
    }
    /* A 2xx carrying an error document (no output has __type): the error,
     * not an empty output a read would take for "not found". */
    if (json_object_get(j, "__type")) {
        json_decref(j);
        aws_parse_error(a, AWS_PROTO_JSON, &rs, err);
        aws_error_stamp(err, svc->id, operation, &rs);
        return -1;
    }
    *out = j;
    return 0;
}

#define PAGES_MAX 10000

int aws_json_pages(aws_client *c, tf_arena *a, const volatile int *stop,
                   const char *service, const char *operation, json_t *in,
                   const char *token_field, aws_json_page_fn fn, void *ud,
                   aws_error *err)
{
    json_t *own = in ? NULL : json_object();
    if (!in)
        in = own;
    int rc = -1;
    char *last = NULL;
    for (int page = 0; page < PAGES_MAX; page++) {
        json_t *out;
        if (aws_json_call(c, a, stop, service, operation, in, &out, err) != 0)
            goto done;
        int r = fn(ud, out, err);
        const char *token = json_string_value(json_object_get(out, token_field));
        int more = r == 0 && token && *token && !(last && strcmp(last, token) == 0);
        if (more) {
            last = tf_arena_strdup(a, token);
            json_object_set_new(in, token_field, json_string(token));
        }
        json_decref(out);
        if (r < 0)
            goto done;
        if (!more) {
            rc = 0;
            goto done;
        }
    }
    aws_error_set(err, AWS_ERR_RESPONSE, "TooManyPages",
                  "%s %s: more than %d pages", service, operation, PAGES_MAX);
done:
    json_decref(own);
    return rc;
}

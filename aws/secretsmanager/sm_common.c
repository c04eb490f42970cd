/* sm_common.c - Secrets Manager calls and lookups (see sm_common.h). */

#include "sm_common.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int sm_call(tf_ctx *ctx, const aws_meta *m, const char *op, json_t *in, json_t **out,
            aws_error *err)
{
    json_t *o = NULL;
    int rc = aws_json_call(m->client, ctx->arena, ctx->stop, "secretsmanager", op, in, &o, err);
    if (out)
        *out = o;
    else
        json_decref(o);
    return rc;
}

typedef struct retry_missing {
    tf_ctx *ctx;
    const aws_meta *m;
    const char *op;
    json_t *in;
    json_t *out;
} retry_missing;

static aws_wait_status retry_missing_poll(void *ud, char *state, size_t state_len,
                                          aws_error *err)
{
    retry_missing *r = ud;
    json_decref(r->out);
    r->out = NULL;
    if (sm_call(r->ctx, r->m, r->op, r->in, &r->out, err) == 0)
        return AWS_WAIT_DONE;
    if (aws_error_is(err, "ResourceNotFoundException")) {
        snprintf(state, state_len, "%s", err->message);
        return AWS_WAIT_CONTINUE;
    }
    return AWS_WAIT_FAIL;
}

int sm_call_retry_missing(tf_ctx *ctx, const aws_meta *m, const char *op, json_t *in,
                          json_t **out, aws_error *err)
{
    retry_missing r = {.ctx = ctx, .m = m, .op = op, .in = in};
    int rc = aws_wait(ctx->stop, SM_PROPAGATION_TIMEOUT, retry_missing_poll, &r, err);
    if (out)
        *out = rc == 0 ? r.out : NULL;
    if (!out || rc != 0)
        json_decref(r.out);
    return rc;
}

static bool deleted_error(const aws_error *err)
{
    return aws_error_is(err, "InvalidRequestException") &&
           (strstr(err->message, "because it was deleted") ||
            strstr(err->message, "because it was marked for deletion"));
}

typedef struct find_secret {
    tf_ctx *ctx;
    const aws_meta *m;
    const char *id;
    json_t *out;
    int found;
} find_secret;

static int find_secret_once(find_secret *f, aws_error *err)
{
    json_t *in = json_pack("{s:s}", "SecretId", f->id);
    json_decref(f->out);
    f->out = NULL;
    int rc = sm_call(f->ctx, f->m, "DescribeSecret", in, &f->out, err);
    json_decref(in);
    if (rc != 0) {
        if (aws_error_is(err, "ResourceNotFoundException")) {
            f->found = 0;
            return 0;
        }
        return -1;
    }
    f->found = json_object_get(f->out, "DeletedDate") == NULL;
    return 0;
}

static aws_wait_status find_secret_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    find_secret *f = ud;
    if (find_secret_once(f, err) != 0)
        return AWS_WAIT_FAIL;
    if (f->found)
        return AWS_WAIT_DONE;
    snprintf(state, state_len, "not found");
    return AWS_WAIT_CONTINUE;
}

int sm_find_secret(tf_ctx *ctx, const aws_meta *m, const char *id, bool retry_missing,
                   json_t **out, aws_error *err)
{
    find_secret f = {.ctx = ctx, .m = m, .id = id};
    *out = NULL;
    int rc = retry_missing ? aws_wait(ctx->stop, SM_PROPAGATION_TIMEOUT, find_secret_poll, &f, err)
                           : find_secret_once(&f, err);
    if (rc != 0) {
        json_decref(f.out);
        return -1;
    }
    if (!f.found) {
        json_decref(f.out);
        return 0;
    }
    *out = f.out;
    return 1;
}

typedef struct find_version {
    tf_ctx *ctx;
    const aws_meta *m;
    const char *secret_id, *version_id;
    json_t *out;
    int found;
} find_version;

static int find_version_once(find_version *f, aws_error *err)
{
    json_t *in = json_pack("{s:s,s:s}", "SecretId", f->secret_id, "VersionId", f->version_id);
    json_decref(f->out);
    f->out = NULL;
    int rc = sm_call(f->ctx, f->m, "GetSecretValue", in, &f->out, err);
    json_decref(in);
    if (rc != 0) {
        if (aws_error_is(err, "ResourceNotFoundException") || deleted_error(err)) {
            f->found = 0;
            return 0;
        }
        return -1;
    }
    f->found = 1;
    return 0;
}

static aws_wait_status find_version_poll(void *ud, char *state, size_t state_len,
                                         aws_error *err)
{
    find_version *f = ud;
    if (find_version_once(f, err) != 0)
        return AWS_WAIT_FAIL;
    if (f->found)
        return AWS_WAIT_DONE;
    snprintf(state, state_len, "not found");
    return AWS_WAIT_CONTINUE;
}

int sm_find_version(tf_ctx *ctx, const aws_meta *m, const char *secret_id,
                    const char *version_id, bool retry_missing, json_t **out, aws_error *err)
{
    find_version f = {.ctx = ctx, .m = m, .secret_id = secret_id, .version_id = version_id};
    *out = NULL;
    int rc = retry_missing
                 ? aws_wait(ctx->stop, SM_PROPAGATION_TIMEOUT, find_version_poll, &f, err)
                 : find_version_once(&f, err);
    if (rc != 0) {
        json_decref(f.out);
        return -1;
    }
    if (!f.found) {
        json_decref(f.out);
        return 0;
    }
    *out = f.out;
    return 1;
}

const char *sm_rfc3339(tf_arena *a, const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    if (!json_is_number(v))
        return NULL;
    time_t t = (time_t)json_number_value(v);
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        return NULL;
    char buf[32];
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return tf_arena_strdup(a, buf);
}


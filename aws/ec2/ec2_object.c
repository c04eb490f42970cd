/* ec2_object.c - see ec2_object.h. */
#include "ec2_object.h"

#include <stdio.h>
#include <string.h>

#include "diagnostics.h"
#include "ec2_tags.h"
#include "value.h"

int ec2_object_read(tf_ctx *ctx, const aws_meta *m, ec2_finder find, const char *what,
                    const tf_value *base, const tf_type *ctype, bool is_new,
                    double propagation_s, const aws_xml_node **item, const tf_value **miss)
{
    const char *id = tf_get_str(base, "id", "");
    aws_error err;
    int rc = ec2_find_fresh(find, m->client, ctx->arena, ctx->stop, id, is_new, propagation_s,
                            item, &err);
    if (rc == EC2_FOUND)
        return rc;
    if (rc == EC2_NOT_FOUND && !is_new) {
        *miss = tf_null(ctx->arena, ctype);
        return rc;
    }
    if (rc == EC2_NOT_FOUND)
        aws_error_set(&err, AWS_ERR_RESPONSE, "NotFound", "%s %s did not appear", what, id);
    aws_diag(ctx, &err, "reading %s (%s)", what, id);
    *miss = is_new ? base : NULL;
    return rc;
}

const char *ec2_created_id(tf_ctx *ctx, const aws_xml_node *out, const char *adopted,
                           const char *path, const char *action, const char *what)
{
    const char *id = adopted ? adopted : aws_xml_text(out, path);
    if (id && *id)
        return id;
    aws_error err;
    aws_error_set(&err, AWS_ERR_RESPONSE, "", "%s returned no id", action);
    aws_diag(ctx, &err, "creating %s", what);
    return NULL;
}

int ec2_object_update_tags(tf_ctx *ctx, const aws_meta *m, const tf_value *prior,
                           const tf_value *planned, const char *what)
{
    const char *id = tf_get_str(prior, "id", "");
    const tf_value *old_all = tf_get(prior, "tags_all"), *new_all = tf_get(planned, "tags_all");
    if (tf_value_equal(old_all, new_all))
        return 0;
    aws_error err;
    if (ec2_update_tags(m->client, ctx->arena, ctx->stop, id, old_all, new_all, &err) == 0)
        return 0;
    aws_diag(ctx, &err, "updating %s (%s) tags", what, id);
    return -1;
}

int ec2_object_delete(tf_ctx *ctx, const aws_meta *m, const char *action, const char *param,
                      const char *id, const char *gone_code, const char *what)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, param, id);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", action, p, &out, &err) == 0)
        return 0;
    if (aws_error_is(&err, gone_code))
        return 1;
    aws_diag(ctx, &err, "deleting %s (%s)", what, id);
    return -1;
}

const char *ec2_object_create(tf_ctx *ctx, const aws_meta *m, const aws_create_once *spec,
                              aws_params *p, const char *id_path, const char *what,
                              aws_xml_node **out)
{
    const char *adopted;
    aws_error err;
    if (aws_create_once_query(m->client, ctx->arena, ctx->stop, spec, p, out, &adopted,
                              &err) != 0) {
        aws_diag(ctx, &err, "creating %s", what);
        return NULL;
    }
    return ec2_created_id(ctx, *out, adopted, id_path, spec->operation, what);
}

typedef struct state_wait {
    tf_ctx *ctx;
    const aws_meta *m;
    ec2_finder find;
    const char *id, *want;
} state_wait;

static aws_wait_status state_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    state_wait *w = ud;
    const aws_xml_node *item;
    int rc = w->find(w->m->client, w->ctx->arena, w->ctx->stop, w->id, &item, err);
    if (rc < 0)
        return AWS_WAIT_FAIL;
    const char *st = rc == EC2_FOUND ? aws_xml_text(item, "state") : NULL;
    snprintf(state, state_len, "%s", st ? st : "not found");
    if (!w->want)
        return st ? AWS_WAIT_CONTINUE : AWS_WAIT_DONE;
    if (st && strcmp(st, w->want) == 0)
        return AWS_WAIT_DONE;
    if (st && strstr(st, "failed")) {
        const char *msg = aws_xml_text(item, "stateMessage");
        if (!msg)
            msg = aws_xml_text(item, "statusMessage");
        aws_error_set(err, AWS_ERR_API, "ResourceNotReady",
                      "unexpected state '%s', wanted target '%s'%s%s", st, w->want,
                      msg ? ". last error: " : "", msg ? msg : "");
        return AWS_WAIT_FAIL;
    }
    return AWS_WAIT_CONTINUE;
}

int ec2_object_wait_state(tf_ctx *ctx, const aws_meta *m, ec2_finder find, const char *id,
                          const char *want, double timeout_s, aws_error *err)
{
    state_wait w = {.ctx = ctx, .m = m, .find = find, .id = id, .want = want};
    return aws_wait(ctx->stop, timeout_s, state_poll, &w, err);
}

/* listener_certificate.c - aws_lb_listener_certificate (alias
 * aws_alb_listener_certificate): one more certificate (SNI) on an HTTPS or
 * TLS listener, besides its default one.
 *
 * AWS has no object for it: it is the pair (listener, certificate), added
 * and removed by AddListenerCertificates/RemoveListenerCertificates and
 * found among DescribeListenerCertificates' non-default entries.  The id,
 * and the import ID, is "<listener ARN>_<certificate ARN>" as in
 * hashicorp/aws.  The schema is generated from aws/schema/aws.schema. */

#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "elbv2_common.h"
#include "resources.h"
#include "value_build.h"

#define LCERT_SCHEMA (&aws_schema_resource_aws_lb_listener_certificate)

/* A certificate issued a moment ago may not be usable yet (hashicorp/aws
 * waits out IAM propagation, 2 minutes). */
#define LCERT_PROPAGATION_TIMEOUT 120.0

static const char *const lcert_retry[] = {"CertificateNotFound", NULL};

/* Splits "<listener>_<certificate>" at the first '_'; 0, or -1 after a
 * diagnostic. */
static int lcert_parse_id(tf_ctx *ctx, const char *id, const char **listener, const char **cert)
{
    const char *sep = strchr(id, '_');
    if (!sep || sep == id || !sep[1]) {
        tf_diag_error(ctx->diags, NULL, "Invalid ID",
                      "unexpected format for ID (%s), expected LISTENER_ARN_CERTIFICATE_ARN", id);
        return -1;
    }
    *listener = tf_arena_strndup(ctx->arena, id, (size_t)(sep - id));
    *cert = sep + 1;
    return 0;
}

/* ELBV2_FOUND when the certificate is one of the listener's non-default
 * ones, ELBV2_NOT_FOUND (also when the listener is gone), -1 with err. */
static int lcert_find(tf_ctx *ctx, const aws_meta *m, const char *listener, const char *cert,
                      aws_error *err)
{
    const char *marker = NULL;
    do {
        aws_params *p = aws_params_new(ctx->arena);
        aws_params_add(p, "ListenerArn", listener);
        aws_params_add(p, "PageSize", "400");
        if (marker)
            aws_params_add(p, "Marker", marker);
        aws_xml_node *out;
        if (aws_query_call(m->client, ctx->arena, ctx->stop, "elbv2",
                           "DescribeListenerCertificates", p, &out, err) != 0)
            return aws_error_is(err, "ListenerNotFound") ? ELBV2_NOT_FOUND : -1;
        for (const aws_xml_node *c = aws_xml_first(out, "Certificates/member"); c;
             c = aws_xml_next(c)) {
            const char *arn = aws_xml_text(c, "CertificateArn");
            if (arn && strcmp(arn, cert) == 0 && !aws_xml_bool(c, "IsDefault", 0))
                return ELBV2_FOUND;
        }
        marker = aws_xml_text(out, "NextMarker");
    } while (marker && *marker);
    return ELBV2_NOT_FOUND;
}

typedef struct lcert_wait {
    tf_ctx *ctx;
    const aws_meta *m;
    const char *listener, *cert;
} lcert_wait;

static aws_wait_status lcert_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    lcert_wait *w = ud;
    int rc = lcert_find(w->ctx, w->m, w->listener, w->cert, err);
    if (rc < 0)
        return AWS_WAIT_FAIL;
    snprintf(state, state_len, "%s", rc == ELBV2_FOUND ? "found" : "not found");
    return rc == ELBV2_FOUND ? AWS_WAIT_DONE : AWS_WAIT_CONTINUE;
}

/* The state of base's id; null when gone (unless is_new: then it is waited
 * for, as hashicorp/aws's RetryWhenNewResourceNotFound). */
static const tf_value *lcert_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                     bool is_new)
{
    const char *id = tf_get_str(base, "id", ""), *listener, *cert;
    if (lcert_parse_id(ctx, id, &listener, &cert) != 0)
        return is_new ? base : NULL;
    aws_error err;
    int rc;
    if (is_new) {
        lcert_wait w = {.ctx = ctx, .m = m, .listener = listener, .cert = cert};
        rc = aws_wait(ctx->stop, 120.0, lcert_poll, &w, &err) == 0 ? ELBV2_FOUND : -1;
    } else {
        rc = lcert_find(ctx, m, listener, cert, &err);
    }
    if (rc == ELBV2_NOT_FOUND)
        return tf_null(ctx->arena, base->type);
    if (rc < 0) {
        aws_diag(ctx, &err, "reading ELBv2 Listener Certificate (%s)", id);
        return is_new ? base : NULL;
    }
    tf_objb b;
    tf_objb_init(&b, ctx->arena, LCERT_SCHEMA->ctype, base);
    tf_objb_str(&b, "id", id);
    tf_objb_str(&b, "listener_arn", listener);
    tf_objb_str(&b, "certificate_arn", cert);
    return tf_objb_done(&b);
}

static const tf_value *lcert_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *listener = tf_get_str(planned, "listener_arn", "");
    const char *cert = tf_get_str(planned, "certificate_arn", "");
    const char *id = tf_arena_printf(a, "%s_%s", listener, cert);
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "ListenerArn", listener);
    aws_params_add(p, "Certificates.member.1.CertificateArn", cert);
    aws_create_once once = {.service = "elbv2", .operation = "AddListenerCertificates",
                            .retry_codes = lcert_retry,
                            .retry_timeout_s = LCERT_PROPAGATION_TIMEOUT};
    aws_xml_node *out;
    const char *adopted;
    aws_error err;
    if (aws_create_once_query(m->client, a, ctx->stop, &once, p, &out, &adopted, &err) != 0) {
        aws_diag(ctx, &err, "creating ELBv2 Listener Certificate (%s)", id);
        return NULL;
    }
    return lcert_refresh(ctx, m, tf_object_with(a, planned, "id", tf_string(a, id)), true);
}

static const tf_value *lcert_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    return lcert_refresh(ctx, m, state, false);
}

static void lcert_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    const char *id = tf_get_str(prior, "id", ""), *listener, *cert;
    if (lcert_parse_id(ctx, id, &listener, &cert) != 0)
        return;
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "ListenerArn", listener);
    aws_params_add(p, "Certificates.member.1.CertificateArn", cert);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "elbv2", "RemoveListenerCertificates", p,
                       &out, &err) == 0)
        return;
    if (aws_error_is(&err, "CertificateNotFound") || aws_error_is(&err, "ListenerNotFound"))
        return;
    /* AWS has answered so for certificates that were not the default one
     * too; hashicorp/aws takes it as gone. */
    if (aws_error_is(&err, "OperationNotPermitted") &&
        strstr(err.message, "Default certificate cannot be removed"))
        return;
    aws_diag(ctx, &err, "deleting ELBv2 Listener Certificate (%s)", id);
}

#define LCERT_DEF(type)                                                                    \
    {.type_name = type, .schema = LCERT_SCHEMA, .create = lcert_create, .read = lcert_read, \
     .delete = lcert_delete}

const tf_resource_def aws_elbv2_lb_listener_certificate_def =
    LCERT_DEF("aws_lb_listener_certificate");
const tf_resource_def aws_elbv2_alb_listener_certificate_def =
    LCERT_DEF("aws_alb_listener_certificate");

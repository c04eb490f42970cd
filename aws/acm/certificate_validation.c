/* certificate_validation.c - aws_acm_certificate_validation: waits for an
 * ACM certificate to be issued.
 *
 * The one idea: nothing is created in AWS.  The "resource" is the wait: its
 * create checks that every DNS record the certificate needs is among
 * validation_record_fqdns (when given), then waits for ISSUED; while it
 * exists it stands for "the certificate is issued" (a certificate no longer
 * ISSUED reads as gone, so the next apply waits again); destroy only
 * forgets it.
 *
 * hashicorp/aws 5.100.0: DescribeCertificate once (an error when gone, and
 * when the certificate is not AMAZON_ISSUED: nothing to validate), the
 * record check (every record name, without its trailing dot, must be in
 * validation_record_fqdns; each missing one is an error "missing <domain>
 * DNS validation record: <name>"), then DescribeCertificate until ISSUED
 * (PENDING_VALIDATION may pass; FAILED/REVOKED and others end the wait) for
 * timeouts.create (75 minutes).  The id is the IssuedAt of that first
 * DescribeCertificate as Go's time.String() writes it, so
 * "0001-01-01 00:00:00 +0000 UTC" when the certificate was not issued yet.
 * No import (hashicorp/aws has no importer for it). */

#include <stdio.h>
#include <string.h>

#include "acm_common.h"
#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "resources.h"
#include "value_build.h"

#define VAL_SCHEMA aws_schema_resource_aws_acm_certificate_validation

#define VAL_CREATE_S (75 * 60.0)

static bool fqdn_listed(const tf_value *set, const char *name)
{
    size_t n = strlen(name);
    if (n && name[n - 1] == '.')
        n--;
    for (size_t i = 0; i < set->u.coll.n; i++) {
        const tf_value *v = set->u.coll.items[i];
        if (!tf_is_known(v))
            continue;
        size_t k = v->u.str.len;
        if (k && v->u.str.ptr[k - 1] == '.')
            k--;
        if (k == n && memcmp(v->u.str.ptr, name, n) == 0)
            return true;
    }
    return false;
}

/* The record check; false with diagnostics. */
static bool records_listed(tf_ctx *ctx, const json_t *cert, const tf_value *fqdns)
{
    const json_t *dvo = json_object_get(cert, "DomainValidationOptions");
    for (size_t i = 0; i < json_array_size(dvo); i++) {
        const char *method = json_string_value(
            json_object_get(json_array_get(dvo, i), "ValidationMethod"));
        if (!method || strcmp(method, "DNS") != 0) {
            tf_diag_error(ctx->diags, NULL,
                          tf_arena_printf(ctx->arena, "validation_record_fqdns is not valid "
                                                      "for %s validation",
                                          method ? method : ""),
                          "%s", "");
            return false;
        }
    }
    /* one line per missing record, as errors.Join writes them */
    char *missing = NULL;
    for (size_t i = 0; i < json_array_size(dvo); i++) {
        const json_t *v = json_array_get(dvo, i);
        const char *name = json_string_value(
            json_object_get(json_object_get(v, "ResourceRecord"), "Name"));
        if (!name || !*name || fqdn_listed(fqdns, name))
            continue;
        size_t n = strlen(name);
        const char *trimmed = tf_arena_printf(ctx->arena, "%.*s",
                                              (int)(n && name[n - 1] == '.' ? n - 1 : n), name);
        /* a wildcard shares its domain's record: reported once, under the
         * last domain naming it (hashicorp's map keeps the last) */
        bool dup = false;
        for (size_t j = i + 1; j < json_array_size(dvo) && !dup; j++) {
            const char *other = json_string_value(json_object_get(
                json_object_get(json_array_get(dvo, j), "ResourceRecord"), "Name"));
            dup = other && strcmp(other, name) == 0;
        }
        if (dup)
            continue;
        const char *domain = json_string_value(json_object_get(v, "DomainName"));
        missing = tf_arena_printf(ctx->arena, "%s%smissing %s DNS validation record: %s",
                                  missing ? missing : "", missing ? "\n" : "",
                                  domain ? domain : "", trimmed);
    }
    if (missing) {
        tf_diag_error(ctx->diags, NULL, missing, "%s", "");
        return false;
    }
    return true;
}

typedef struct issued_wait {
    tf_ctx *ctx;
    const aws_meta *m;
    const char *arn;
    char reason[128];
} issued_wait;

/* waitCertificateIssued: PENDING_VALIDATION until ISSUED. */
static aws_wait_status issued_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    issued_wait *w = ud;
    json_t *c = NULL;
    int rc = acm_find_certificate(w->ctx, w->m, w->arn, true, &c, err);
    if (rc < 0)
        return AWS_WAIT_FAIL;
    if (rc == 0) {
        snprintf(state, state_len, "not found");
        return AWS_WAIT_CONTINUE;
    }
    const char *status = json_string_value(json_object_get(c, "Status"));
    aws_wait_status ws = AWS_WAIT_CONTINUE;
    if (status && strcmp(status, "ISSUED") == 0) {
        ws = AWS_WAIT_DONE;
    } else if (!status || strcmp(status, "PENDING_VALIDATION") != 0) {
        const char *why = NULL;
        if (status && strcmp(status, "FAILED") == 0)
            why = json_string_value(json_object_get(c, "FailureReason"));
        else if (status && strcmp(status, "REVOKED") == 0)
            why = json_string_value(json_object_get(c, "RevocationReason"));
        aws_error_set(err, AWS_ERR_API, "UnexpectedState",
                      "unexpected state '%s', wanted target 'ISSUED'.%s%s",
                      status ? status : "", why ? " last error: " : "", why ? why : "");
        ws = AWS_WAIT_FAIL;
    } else {
        snprintf(state, state_len, "%s", status);
    }
    json_decref(c);
    return ws;
}

static const tf_value *val_state(tf_ctx *ctx, const tf_value *base, const char *id,
                                 const char *arn)
{
    tf_objb b;
    tf_objb_init(&b, ctx->arena, VAL_SCHEMA.ctype, base);
    if (id)
        tf_objb_str(&b, "id", id);
    tf_objb_str(&b, "certificate_arn", arn);
    return tf_objb_done(&b);
}

static const tf_value *val_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *arn = tf_get_str(planned, "certificate_arn", "");
    json_t *c = NULL;
    aws_error err;
    int rc = acm_find_certificate(ctx, m, arn, false, &c, &err);
    if (rc <= 0) {
        if (rc == 0)
            aws_error_set(&err, AWS_ERR_API, "NotFound",
                          "couldn't find resource");
        aws_diag(ctx, &err, "reading ACM Certificate (%s)", arn);
        return NULL;
    }
    const char *type = aws_json_str(a, c, "Type");
    if (!type || strcmp(type, "AMAZON_ISSUED") != 0) {
        tf_diag_error(ctx->diags, NULL,
                      tf_arena_printf(a, "ACM Certificate (%s) has type %s, no validation "
                                         "necessary", arn, type ? type : ""),
                      "%s", "");
        json_decref(c);
        return NULL;
    }
    const tf_value *fqdns = tf_get(planned, "validation_record_fqdns");
    if (tf_is_known(fqdns) && fqdns->u.coll.n > 0 && !records_listed(ctx, c, fqdns)) {
        json_decref(c);
        return NULL;
    }
    const char *id = acm_go_time_string(a, c, "IssuedAt");
    json_decref(c);
    issued_wait w = {.ctx = ctx, .m = m, .arn = arn};
    if (aws_wait(ctx->stop, aws_timeout(planned, "create", VAL_CREATE_S), issued_poll, &w,
                 &err) != 0) {
        aws_diag(ctx, &err, "waiting for ACM Certificate (%s) to be issued", arn);
        return NULL;
    }
    return val_state(ctx, planned, id, arn);
}

/* findCertificateValidationByARN: a certificate not ISSUED reads as gone. */
static const tf_value *val_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    const char *arn = tf_get_str(state, "certificate_arn", "");
    json_t *c = NULL;
    aws_error err;
    int rc = acm_find_certificate(ctx, m, arn, false, &c, &err);
    if (rc < 0) {
        aws_diag(ctx, &err, "reading ACM Certificate (%s)", arn);
        return NULL;
    }
    const char *status = rc ? json_string_value(json_object_get(c, "Status")) : NULL;
    bool issued = status && strcmp(status, "ISSUED") == 0;
    const char *found = rc ? aws_json_str(ctx->arena, c, "CertificateArn") : NULL;
    json_decref(c);
    if (!issued)
        return tf_null(ctx->arena, VAL_SCHEMA.ctype);
    return val_state(ctx, state, NULL, found ? found : arn);
}

/* Only timeouts can change in place: nothing to do in AWS. */
static const tf_value *val_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    (void)ctx;
    (void)prior;
    return planned;
}

static void val_delete(tf_ctx *ctx, const tf_value *prior)
{
    (void)ctx;
    (void)prior;
}

/* hashicorp/aws has no importer for this type; Terraform reports so. */
static const tf_value *val_import(tf_ctx *ctx, const char *id)
{
    (void)id;
    tf_diag_error(ctx->diags, NULL, "resource aws_acm_certificate_validation doesn't support "
                                    "import", "%s", "");
    return NULL;
}

const tf_resource_def aws_acm_certificate_validation_def = {
    .type_name = "aws_acm_certificate_validation",
    .version = 0,
    .schema = &VAL_SCHEMA,
    .create = val_create,
    .read = val_read,
    .update = val_update,
    .delete = val_delete,
    .import = val_import,
};

/* parameter_ephemeral.c - ephemeral "aws_ssm_parameter": a Parameter Store
 * value read for one Terraform run and never stored, e.g. to feed a
 * write-only argument (value_wo, secret_string_wo) of another resource.
 *
 * The one idea: opening is one GetParameter by ARN; nothing to close.
 * Like hashicorp's, it never asks Terraform to renew it; renewing (asked for
 * only under the runtime's TFP_EPHEMERAL_RENEW_SECONDS test knob) checks
 * that the parameter can still be read.
 *
 * hashicorp/aws 5.100.0 (terraform-plugin-framework): arn is an ARN-typed
 * string (an unparsable one is refused at validation, "Invalid ARN
 * Value"); with_decryption defaults to true as the data source's does; the
 * result repeats the parameter's name, type, value and version. */

#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "provider_meta.h"
#include "resources.h"
#include "value_build.h"

#define ep_schema aws_schema_ephemeral_aws_ssm_parameter

/* arn.IsARN: "arn:" then partition, service, region, account and a
 * resource, i.e. at least five more colons' worth of sections. */
static bool is_arn(const char *s)
{
    if (strncmp(s, "arn:", 4) != 0)
        return false;
    int colons = 0;
    for (const char *p = s; *p; p++)
        colons += *p == ':';
    return colons >= 5;
}

static void ep_validate(tf_ctx *ctx, const tf_value *config)
{
    const tf_value *v = tf_get(config, "arn");
    if (!tf_is_known(v) || is_arn(v->u.str.ptr))
        return;
    tf_diag_error(ctx->diags, tf_path_attr(ctx->arena, tf_path_root(ctx->arena), "arn"),
                  "Invalid ARN Value",
                  "The provided value cannot be parsed as an ARN.\n\nPath: arn\nValue: %s",
                  v->u.str.ptr);
}

static void ep_open(tf_ctx *ctx, const tf_value *config, tf_ephemeral_out *out)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    tf_arena *a = ctx->arena;
    const char *arn = tf_get_str(config, "arn", "");
    bool decrypt = tf_get_bool(config, "with_decryption", true);
    json_t *in = json_pack("{s:s,s:b}", "Name", arn, "WithDecryption", decrypt);
    json_t *res = NULL;
    aws_error err;
    int rc = aws_json_call(m->client, a, ctx->stop, "ssm", "GetParameter", in, &res, &err);
    json_decref(in);
    const json_t *p = rc == 0 ? json_object_get(res, "Parameter") : NULL;
    if (rc == 0 && !json_is_object(p))
        aws_error_set(&err, AWS_ERR_RESPONSE, "", "GetParameter returned no parameter");
    if (!json_is_object(p)) {
        aws_diag(ctx, &err, "reading SSM (Systems Manager) Ephemeral Resource Parameter "
                            "(\"%s\")", arn);
        json_decref(res);
        return;
    }
    tf_objb b;
    tf_objb_init(&b, a, config->type, config);
    const char *s;
    if ((s = json_string_value(json_object_get(p, "ARN"))))
        tf_objb_str(&b, "arn", s);
    tf_objb_str(&b, "name", json_string_value(json_object_get(p, "Name")));
    tf_objb_str(&b, "type", json_string_value(json_object_get(p, "Type")));
    tf_objb_str(&b, "value", json_string_value(json_object_get(p, "Value")));
    const json_t *ver = json_object_get(p, "Version");
    if (json_is_integer(ver))
        tf_objb_i64(&b, "version", json_integer_value(ver));
    tf_objb_bool(&b, "with_decryption", decrypt);
    out->result = tf_objb_done(&b);
    json_decref(res);
    /* what a renewal needs: the ARN (NUL-terminated) */
    size_t n = strlen(arn) + 1;
    char *priv = tf_arena_alloc(a, n);
    memcpy(priv, arn, n);
    out->priv = priv;
    out->priv_len = n;
}

static void ep_renew(tf_ctx *ctx, const void *priv, size_t priv_len, tf_ephemeral_out *out)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    const char *arn = priv;
    if (priv_len == 0 || arn[priv_len - 1] != '\0' || strlen(arn) + 1 != priv_len) {
        tf_diag_error(ctx->diags, NULL, "Invalid private data",
                      "Terraform handed back private data this provider did not write for "
                      "an ephemeral aws_ssm_parameter.");
        return;
    }
    json_t *in = json_pack("{s:s,s:b}", "Name", arn, "WithDecryption", 0);
    json_t *res = NULL;
    aws_error err;
    int rc = aws_json_call(m->client, ctx->arena, ctx->stop, "ssm", "GetParameter", in, &res,
                           &err);
    json_decref(in);
    if (rc != 0)
        aws_diag(ctx, &err, "renewing SSM (Systems Manager) Ephemeral Resource Parameter "
                            "(\"%s\")", arn);
    json_decref(res);
    char *copy = tf_arena_alloc(ctx->arena, priv_len);
    memcpy(copy, priv, priv_len);
    out->priv = copy;
    out->priv_len = priv_len;
}

const tf_ephemeral_def aws_ssm_parameter_ephemeral_def = {
    .type_name = "aws_ssm_parameter",
    .version = 0,
    .schema = &ep_schema,
    .validate = ep_validate,
    .open = ep_open,
    .renew = ep_renew,
};

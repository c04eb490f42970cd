/* parameter_data_source.c - data "aws_ssm_parameter": one Parameter Store
 * parameter, e.g. AWS's public /aws/service/ecs/optimized-ami/... image ids.
 *
 * The one idea: `value` is sensitive whatever the parameter's type, and
 * `insecure_value` repeats it in the clear only for a parameter that is not
 * a SecureString ("" for one: hashicorp/aws sets it to nil, which SDKv2
 * stores as the empty string).
 *
 * hashicorp/aws: GetParameter(Name, WithDecryption = with_decryption,
 * default true); the id and name are the parameter's name as SSM answers. */

#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "provider_meta.h"
#include "resources.h"
#include "value_build.h"

static const tf_value *ssm_parameter_read(tf_ctx *ctx, const tf_value *config)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *name = tf_get_str(config, "name", "");
    bool decrypt = tf_get_bool(config, "with_decryption", true);
    json_t *in = json_pack("{s:s,s:b}", "Name", name, "WithDecryption", decrypt);
    json_t *out = NULL;
    aws_error err;
    int rc = aws_json_call(m->client, a, ctx->stop, "ssm", "GetParameter", in, &out, &err);
    json_decref(in);
    if (rc != 0) {
        aws_diag(ctx, &err, "reading SSM Parameter (%s)", name);
        return NULL;
    }
    const json_t *p = json_object_get(out, "Parameter");
    const char *pname = json_string_value(json_object_get(p, "Name"));
    const char *arn = json_string_value(json_object_get(p, "ARN"));
    const char *type = json_string_value(json_object_get(p, "Type"));
    const char *value = json_string_value(json_object_get(p, "Value"));
    const json_t *version = json_object_get(p, "Version");
    if (!pname) {
        aws_error_set(&err, AWS_ERR_RESPONSE, "", "GetParameter returned no parameter");
        aws_diag(ctx, &err, "reading SSM Parameter (%s)", name);
        json_decref(out);
        return NULL;
    }
    tf_objb b;
    tf_objb_init(&b, a, config->type, config);
    tf_objb_str(&b, "id", pname);
    tf_objb_str(&b, "arn", arn ? arn : "");
    tf_objb_str(&b, "name", pname);
    tf_objb_str(&b, "type", type ? type : "");
    tf_objb_str(&b, "value", value ? value : "");
    bool secure = type && strcmp(type, "SecureString") == 0;
    tf_objb_str(&b, "insecure_value", secure || !value ? "" : value);
    tf_objb_i64(&b, "version", json_integer_value(version));
    tf_objb_bool(&b, "with_decryption", decrypt);
    json_decref(out);
    return tf_objb_done(&b);
}

/* ---- definition ---- */

const tf_data_source_def aws_ssm_parameter_data_source_def = {
    .type_name = "aws_ssm_parameter",
    .version = 0,
    .schema = &aws_schema_data_aws_ssm_parameter,
    .read = ssm_parameter_read,
};

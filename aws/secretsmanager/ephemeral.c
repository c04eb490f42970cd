/* ephemeral.c - the ephemeral aws_secretsmanager_random_password and
 * aws_secretsmanager_secret_version: values opened for one Terraform run,
 * never written to a plan or a state.
 *
 * hashicorp/aws 5.100.0 (terraform-plugin-framework): random_password is
 * one GetRandomPassword with the arguments that are set; secret_version is
 * one GetSecretValue by secret_id and, when set, version_id and
 * version_stage (AWS's default: AWSCURRENT), whose answer fills arn,
 * created_date (RFC 3339), secret_string, secret_binary (the bytes as a
 * string), version_id and version_stages.  Neither renews (no renew
 * deadline is given) and closing has nothing to release. */

#include <string.h>

#include "aws_schema_gen.h"
#include "base64.h"
#include "diagnostics.h"
#include "resources.h"
#include "sm_common.h"
#include "value_build.h"

static const char *opt_str(const tf_value *config, const char *attr)
{
    const tf_value *v = tf_get(config, attr);
    return tf_is_known(v) && !tf_is_null(v) ? v->u.str.ptr : NULL;
}

static void set_opt_bool(json_t *in, const tf_value *config, const char *attr, const char *member)
{
    const tf_value *v = tf_get(config, attr);
    if (tf_is_known(v) && !tf_is_null(v))
        json_object_set_new(in, member, json_boolean(v->u.b));
}

/* ---- aws_secretsmanager_random_password ---- */

static void random_password_open(tf_ctx *ctx, const tf_value *config, tf_ephemeral_out *out)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    json_t *in = json_object();
    const char *exclude = opt_str(config, "exclude_characters");
    if (exclude)
        json_object_set_new(in, "ExcludeCharacters", json_string(exclude));
    set_opt_bool(in, config, "exclude_lowercase", "ExcludeLowercase");
    set_opt_bool(in, config, "exclude_numbers", "ExcludeNumbers");
    set_opt_bool(in, config, "exclude_punctuation", "ExcludePunctuation");
    set_opt_bool(in, config, "exclude_uppercase", "ExcludeUppercase");
    set_opt_bool(in, config, "include_space", "IncludeSpace");
    set_opt_bool(in, config, "require_each_included_type", "RequireEachIncludedType");
    const tf_value *len = tf_get(config, "password_length");
    int64_t n;
    if (tf_is_known(len) && !tf_is_null(len) && tf_number_to_i64(len, &n))
        json_object_set_new(in, "PasswordLength", json_integer(n));
    json_t *res = NULL;
    aws_error err;
    int rc = sm_call(ctx, m, "GetRandomPassword", in, &res, &err);
    json_decref(in);
    if (rc != 0) {
        aws_diag(ctx, &err, "opening Secrets Manager Random Password Ephemeral Resource");
        return;
    }
    tf_objb b;
    tf_objb_init(&b, ctx->arena, config->type, config);
    tf_objb_str(&b, "random_password", aws_json_str(ctx->arena, res, "RandomPassword"));
    json_decref(res);
    out->result = tf_objb_done(&b);
}

const tf_ephemeral_def aws_secretsmanager_random_password_ephemeral_def = {
    .type_name = "aws_secretsmanager_random_password",
    .version = 0,
    .schema = &aws_schema_ephemeral_aws_secretsmanager_random_password,
    .open = random_password_open,
};

/* ---- aws_secretsmanager_secret_version ---- */

static void secret_version_open(tf_ctx *ctx, const tf_value *config, tf_ephemeral_out *out)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    tf_arena *a = ctx->arena;
    const char *secret_id = opt_str(config, "secret_id");
    json_t *in = json_pack("{s:s}", "SecretId", secret_id ? secret_id : "");
    const char *version_id = opt_str(config, "version_id");
    if (version_id)
        json_object_set_new(in, "VersionId", json_string(version_id));
    const char *stage = opt_str(config, "version_stage");
    if (stage)
        json_object_set_new(in, "VersionStage", json_string(stage));
    json_t *res = NULL;
    aws_error err;
    int rc = sm_call(ctx, m, "GetSecretValue", in, &res, &err);
    json_decref(in);
    if (rc != 0) {
        aws_diag(ctx, &err, "reading Secrets Manager Secret Versions (%s)",
                 secret_id ? secret_id : "");
        return;
    }
    tf_objb b;
    tf_objb_init(&b, a, config->type, config);
    tf_objb_str(&b, "arn", aws_json_str(a, res, "ARN"));
    tf_objb_str(&b, "created_date", sm_rfc3339(a, res, "CreatedDate"));
    tf_objb_str(&b, "secret_string", aws_json_str(a, res, "SecretString"));
    /* the bytes as they are (base64 on the json wire), "" read as null */
    const char *bin = aws_json_str(a, res, "SecretBinary");
    const tf_value *binv = tf_null(a, &tf_type_string);
    size_t len;
    unsigned char *raw = bin && *bin ? aws_base64_decode(a, bin, strlen(bin), &len) : NULL;
    if (raw && len)
        binv = tf_stringn(a, (const char *)raw, len);
    tf_objb_set(&b, "secret_binary", binv);
    const char *vid = aws_json_str(a, res, "VersionId");
    if (vid)
        tf_objb_str(&b, "version_id", vid);
    const json_t *stages = json_object_get(res, "VersionStages");
    size_t n = json_array_size(stages);
    const tf_value **items = tf_arena_calloc(a, n + 1, sizeof *items);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const char *s = json_string_value(json_array_get(stages, i));
        if (s)
            items[k++] = tf_string(a, s);
    }
    tf_objb_set(&b, "version_stages", stages ? tf_list(a, &tf_type_string, k, items)
                                             : tf_null(a, tf_get(config, "version_stages")->type));
    json_decref(res);
    out->result = tf_objb_done(&b);
}

const tf_ephemeral_def aws_secretsmanager_secret_version_ephemeral_def = {
    .type_name = "aws_secretsmanager_secret_version",
    .version = 0,
    .schema = &aws_schema_ephemeral_aws_secretsmanager_secret_version,
    .open = secret_version_open,
};

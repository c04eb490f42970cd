/* caller_identity_data_source.c - data "aws_caller_identity": who the
 * provider's credentials are (sts:GetCallerIdentity), with the account id
 * as the data source's id. */

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "provider_meta.h"
#include "resources.h"
#include "value_build.h"

static const tf_value *ci_read(tf_ctx *ctx, const tf_value *config)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "sts", "GetCallerIdentity",
                       aws_params_new(ctx->arena), &out, &err) != 0) {
        aws_diag(ctx, &err, "reading STS Caller Identity");
        return NULL;
    }
    const char *account = aws_xml_text(out, "Account");
    tf_objb b;
    tf_objb_init(&b, ctx->arena, config->type, config);
    tf_objb_str(&b, "account_id", account ? account : "");
    tf_objb_str(&b, "id", account ? account : "");
    tf_objb_str(&b, "arn", aws_xml_text(out, "Arn") ? aws_xml_text(out, "Arn") : "");
    tf_objb_str(&b, "user_id", aws_xml_text(out, "UserId") ? aws_xml_text(out, "UserId") : "");
    return tf_objb_done(&b);
}

const tf_data_source_def aws_meta_caller_identity_def = {
    .type_name = "aws_caller_identity",
    .version = 0,
    .schema = &aws_schema_data_aws_caller_identity,
    .read = ci_read,
};

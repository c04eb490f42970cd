/* elb_service_account_data_source.c - data "aws_elb_service_account": the
 * AWS account Elastic Load Balancing writes access logs from, in a region
 * (the provider's by default), for S3 bucket policies.
 *
 * As hashicorp/aws 5.100.0: no AWS call, a fixed table of the regions AWS
 * documents an ELB account for (regions opened since ap-southeast-3 use the
 * logdelivery.elasticloadbalancing.amazonaws.com service principal instead
 * and are refused: "unsupported AWS Region: NAME").  id is the account,
 * arn its root in the provider's partition. */

#include <string.h>

#include "aws_schema_gen.h"
#include "provider_meta.h"
#include "resources.h"
#include "value_build.h"

/* AWS's published ELB log-delivery accounts (enable-access-logs docs). */
static const char *const elb_accounts[][2] = {
    {"af-south-1", "098369216593"},     {"ap-east-1", "754344448648"},
    {"ap-northeast-1", "582318560864"}, {"ap-northeast-2", "600734575887"},
    {"ap-northeast-3", "383597477331"}, {"ap-south-1", "718504428378"},
    {"ap-southeast-1", "114774131450"}, {"ap-southeast-2", "783225319266"},
    {"ap-southeast-3", "589379963580"}, {"ca-central-1", "985666609251"},
    {"cn-north-1", "638102146993"},     {"cn-northwest-1", "037604701340"},
    {"eu-central-1", "054676820928"},   {"eu-north-1", "897822967062"},
    {"eu-south-1", "635631232127"},     {"eu-west-1", "156460612806"},
    {"eu-west-2", "652711504416"},      {"eu-west-3", "009996457667"},
    {"me-south-1", "076674570225"},     {"sa-east-1", "507241528517"},
    {"us-east-1", "127311923021"},      {"us-east-2", "033677994240"},
    {"us-gov-east-1", "190560391635"},  {"us-gov-west-1", "048591011584"},
    {"us-west-1", "027434742980"},      {"us-west-2", "797873946194"},
};

static const char *elb_account_of(const char *region)
{
    for (size_t i = 0; i < sizeof elb_accounts / sizeof elb_accounts[0]; i++)
        if (strcmp(elb_accounts[i][0], region) == 0)
            return elb_accounts[i][1];
    return NULL;
}

static const tf_value *elb_sa_read(tf_ctx *ctx, const tf_value *config)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    const char *region = tf_get_str(config, "region", "");
    if (!*region)
        region = m->region;
    const char *account = elb_account_of(region);
    if (!account) {
        /* hashicorp's diagnostic: the summary only, no attribute path */
        tf_diag_error(ctx->diags, NULL,
                      tf_arena_printf(ctx->arena, "unsupported AWS Region: %s", region), "%s",
                      "");
        return NULL;
    }
    tf_objb b;
    tf_objb_init(&b, ctx->arena, config->type, config);
    tf_objb_str(&b, "id", account);
    tf_objb_str(&b, "arn", tf_arena_printf(ctx->arena, "arn:%s:iam::%s:root", m->partition,
                                           account));
    return tf_objb_done(&b);
}

const tf_data_source_def aws_elb_service_account_def = {
    .type_name = "aws_elb_service_account",
    .version = 0,
    .schema = &aws_schema_data_aws_elb_service_account,
    .read = elb_sa_read,
};

/* ec2_retry.c - see ec2_retry.h: the EC2 case of aws_query_call_retry. */
#include "ec2_retry.h"
#include "query_retry.h"

int ec2_call_retry(aws_client *c, tf_arena *a, const volatile int *stop, const char *action,
                   const aws_params *params, aws_xml_node **out, double timeout_seconds,
                   const char *const *retry_codes, aws_error *err)
{
    aws_retry_on on = {.codes = retry_codes, .when = NULL};
    return aws_query_call_retry(c, a, stop, "ec2", action, params, out, timeout_seconds, on, err);
}

/* flow_log.c - aws_flow_log: VPC flow logs of a VPC, subnet, interface,
 * transit gateway or attachment, delivered to CloudWatch Logs (with a role),
 * S3 or Kinesis Data Firehose.
 *
 * Every argument but the tags replaces.  CreateFlowLogs carries one client
 * token for all its attempts and is repeated while IAM has not yet
 * propagated the role ("Unable to assume given IAM role"); a resource EC2
 * lists as Unsuccessful is an error.  traffic_type is not sent for transit
 * gateways.  Reading sets the target attribute from the resource id's
 * prefix.  Import by id. */

#include <stdio.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "ec2_find.h"
#include "ec2_object.h"
#include "ec2_tags.h"
#include "provider_meta.h"
#include "resources.h"
#include "schema_block.h"
#include "tags.h"
#include "value_build.h"

#define FL_IAM_PROPAGATION_S (2 * 60.0)
#define FL_PROPAGATION_S (2 * 60.0)
#define FL_WHAT "Flow Log"

/* Target attribute, its id prefix (longest first), CreateFlowLogs's type. */
static const struct {
    const char *attr, *prefix, *type;
} fl_targets[] = {
    {"transit_gateway_attachment_id", "tgw-attach-", "TransitGatewayAttachment"},
    {"transit_gateway_id", "tgw-", "TransitGateway"},
    {"vpc_id", "vpc-", "VPC"},
    {"subnet_id", "subnet-", "Subnet"},
    {"eni_id", "eni-", "NetworkInterface"},
};
#define N_FL_TARGETS (sizeof fl_targets / sizeof fl_targets[0])

static int fl_find(aws_client *c, tf_arena *a, const volatile int *stop, const char *id,
                   const aws_xml_node **item, aws_error *err)
{
    return ec2_find_by_id(c, a, stop, "DescribeFlowLogs", "FlowLogId.1",
                          "InvalidFlowLogId.NotFound", "flowLogSet/item", "flowLogId", id, item,
                          err);
}

static const tf_value *fl_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                  bool is_new)
{
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(base, "id", "");
    const aws_xml_node *f;
    const tf_value *miss;
    if (ec2_object_read(ctx, m, fl_find, FL_WHAT, base, aws_schema_resource_aws_flow_log.ctype,
                        is_new, FL_PROPAGATION_S, &f, &miss) != EC2_FOUND)
        return miss;
    tf_objb b;
    tf_objb_init(&b, a, aws_schema_resource_aws_flow_log.ctype, base);
    tf_objb_str(&b, "id", id);
    tf_objb_str(&b, "arn", tf_arena_printf(a, "arn:%s:ec2:%s:%s:vpc-flow-log/%s", m->partition,
                                           m->region, m->account_id, id));
    static const char *const fields[][2] = {
        {"deliver_cross_account_role", "deliverCrossAccountRole"},
        {"iam_role_arn", "deliverLogsPermissionArn"},
        {"log_destination", "logDestination"},
        {"log_destination_type", "logDestinationType"},
        {"log_format", "logFormat"},
        {"log_group_name", "logGroupName"},
        {"traffic_type", "trafficType"},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        const char *v = aws_xml_text(f, fields[i][1]);
        tf_objb_str(&b, fields[i][0], v ? v : "");
    }
    tf_objb_i64(&b, "max_aggregation_interval", aws_xml_int(f, "maxAggregationInterval", 0));
    const char *rid = aws_xml_text(f, "resourceId");
    for (size_t i = 0; rid && i < N_FL_TARGETS; i++)
        if (strncmp(rid, fl_targets[i].prefix, strlen(fl_targets[i].prefix)) == 0) {
            tf_objb_str(&b, fl_targets[i].attr, rid);
            break;
        }
    const tf_block *dob = aws_schema_block(&aws_schema_resource_aws_flow_log,
                                           "destination_options");
    const aws_xml_node *opts = aws_xml_child(f, "destinationOptions");
    if (opts) {
        tf_objb ob;
        tf_objb_init(&ob, a, dob->ctype, NULL);
        const char *fmt = aws_xml_text(opts, "fileFormat");
        tf_objb_str(&ob, "file_format", fmt ? fmt : "");
        tf_objb_bool(&ob, "hive_compatible_partitions",
                     aws_xml_bool(opts, "hiveCompatiblePartitions", 0));
        tf_objb_bool(&ob, "per_hour_partition", aws_xml_bool(opts, "perHourPartition", 0));
        const tf_value *one = tf_objb_done(&ob);
        tf_objb_set(&b, "destination_options", tf_list(a, dob->ctype, 1, &one));
    } else {
        tf_objb_set(&b, "destination_options", tf_list(a, dob->ctype, 0, NULL));
    }
    size_t n;
    aws_kv *remote = ec2_tags_from_xml(a, f, &n);
    aws_tags_set_state(&b, m, remote, n, tf_get(base, "tags"));
    return tf_objb_done(&b);
}

static void fl_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    aws_tags_plan(ctx, req);
}

/* The IAM role of a new flow log may not be usable yet. */
static int fl_retry_when(const void *ud, const aws_error *err)
{
    (void)ud;
    return aws_error_is(err, "InvalidParameter") &&
           strstr(err->message, "Unable to assume given IAM role") != NULL;
}

static const tf_value *fl_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    aws_params *p = aws_params_new(a);
    const char *rtype = NULL, *rid = NULL;
    for (size_t i = 0; i < N_FL_TARGETS; i++) {
        const char *v = tf_get_str(planned, fl_targets[i].attr, "");
        if (*v) {
            rtype = fl_targets[i].type;
            rid = v;
            break;
        }
    }
    if (!rid) {
        tf_diag_error(ctx->diags, NULL, "creating Flow Log",
                      "one of eni_id, subnet_id, transit_gateway_attachment_id, "
                      "transit_gateway_id or vpc_id must be set");
        return NULL;
    }
    aws_params_add(p, "LogDestinationType", tf_get_str(planned, "log_destination_type", ""));
    aws_params_add(p, "ResourceId.1", rid);
    aws_params_add(p, "ResourceType", rtype);
    const char *traffic = tf_get_str(planned, "traffic_type", "");
    if (*traffic && strncmp(rtype, "TransitGateway", 14) != 0)
        aws_params_add(p, "TrafficType", traffic);
    static const char *const args[][2] = {
        {"deliver_cross_account_role", "DeliverCrossAccountRole"},
        {"iam_role_arn", "DeliverLogsPermissionArn"},
        {"log_destination", "LogDestination"},
        {"log_format", "LogFormat"},
        {"log_group_name", "LogGroupName"},
    };
    for (size_t i = 0; i < sizeof args / sizeof args[0]; i++) {
        const char *v = tf_get_str(planned, args[i][0], "");
        if (*v)
            aws_params_add(p, args[i][1], v);
    }
    int64_t interval = tf_get_i64(planned, "max_aggregation_interval", 0);
    if (interval)
        aws_params_addf(p, "MaxAggregationInterval", "%lld", (long long)interval);
    const tf_value *dopts = tf_get(planned, "destination_options");
    if (tf_is_known(dopts) && dopts->u.coll.n == 1 && tf_is_known(dopts->u.coll.items[0])) {
        const tf_value *o = dopts->u.coll.items[0];
        const char *fmt = tf_get_str(o, "file_format", "");
        if (*fmt)
            aws_params_add(p, "DestinationOptions.FileFormat", fmt);
        aws_params_add(p, "DestinationOptions.HiveCompatiblePartitions",
                       tf_get_bool(o, "hive_compatible_partitions", false) ? "true" : "false");
        aws_params_add(p, "DestinationOptions.PerHourPartition",
                       tf_get_bool(o, "per_hour_partition", false) ? "true" : "false");
    }
    size_t n;
    aws_kv *tags = aws_tags_from_map(a, tf_get(planned, "tags_all"), &n);
    ec2_tag_specs(p, 1, "vpc-flow-log", tags, n);
    aws_create_once once = {.service = "ec2", .operation = "CreateFlowLogs",
                            .retry_when = fl_retry_when,
                            .retry_timeout_s = FL_IAM_PROPAGATION_S};
    aws_xml_node *out;
    const char *adopted;
    aws_error err;
    if (aws_create_once_query(m->client, a, ctx->stop, &once, p, &out, &adopted, &err) != 0) {
        aws_diag(ctx, &err, "creating Flow Log (%s)", rid);
        return NULL;
    }
    const aws_xml_node *bad = aws_xml_first(out, "unsuccessful/item");
    if (bad) {
        const char *code = aws_xml_text(bad, "error/code");
        const char *msg = aws_xml_text(bad, "error/message");
        aws_error_set(&err, AWS_ERR_API, code ? code : "Unsuccessful", "%s: %s",
                      aws_xml_text(bad, "resourceId") ? aws_xml_text(bad, "resourceId") : rid,
                      msg ? msg : "unsuccessful");
        aws_diag(ctx, &err, "creating Flow Log (%s)", rid);
        return NULL;
    }
    const char *id = ec2_created_id(ctx, out, NULL, "flowLogIdSet/item", "CreateFlowLogs",
                                    FL_WHAT);
    if (!id)
        return NULL;
    return fl_refresh(ctx, m, tf_object_with(a, planned, "id", tf_string(a, id)), true);
}

static const tf_value *fl_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    return m ? fl_refresh(ctx, m, state, false) : NULL;
}

static const tf_value *fl_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    if (ec2_object_update_tags(ctx, m, prior, planned, FL_WHAT) != 0)
        return fl_refresh(ctx, m, prior, false);
    return fl_refresh(ctx, m, planned, true);
}

static void fl_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    const char *id = tf_get_str(prior, "id", "");
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "FlowLogId.1", id);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", "DeleteFlowLogs", p, &out,
                       &err) != 0) {
        if (!aws_error_is(&err, "InvalidFlowLogId.NotFound"))
            aws_diag(ctx, &err, "deleting Flow Log (%s)", id);
        return;
    }
    const aws_xml_node *bad = aws_xml_first(out, "unsuccessful/item");
    const char *code = bad ? aws_xml_text(bad, "error/code") : NULL;
    if (bad && !(code && strcmp(code, "InvalidFlowLogId.NotFound") == 0)) {
        const char *msg = aws_xml_text(bad, "error/message");
        aws_error_set(&err, AWS_ERR_API, code ? code : "Unsuccessful", "%s",
                      msg ? msg : "unsuccessful");
        aws_diag(ctx, &err, "deleting Flow Log (%s)", id);
    }
}

const tf_resource_def aws_ec2_flow_log_def = {
    .type_name = "aws_flow_log",
    .version = 0,
    .schema = &aws_schema_resource_aws_flow_log,
    .modify_plan = fl_modify_plan,
    .create = fl_create,
    .read = fl_read,
    .update = fl_update,
    .delete = fl_delete,
};

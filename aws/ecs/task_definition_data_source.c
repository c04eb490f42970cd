/* task_definition_data_source.c - data aws_ecs_task_definition: one task
 * definition revision, named by family ("web", the latest active
 * revision), family:revision or ARN, read by DescribeTaskDefinition.
 *
 * The fields are filled as the resource fills them
 * (ecs_task_definition_fields); the id is the revision's ARN and the
 * status is reported, as hashicorp/aws does.  The schema is generated from
 * aws/schema/aws.schema. */

#include <jansson.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "ecs_common.h"
#include "resources.h"
#include "value_build.h"

#define TDDS_SCHEMA (&aws_schema_data_aws_ecs_task_definition)

static const tf_value *tdds_read(tf_ctx *ctx, const tf_value *config)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *name = tf_get_str(config, "task_definition", "");
    json_t *in = json_pack("{s:s}", "taskDefinition", name);
    json_t *out = NULL;
    aws_error err;
    int rc = ecs_call(ctx, m, "DescribeTaskDefinition", in, &out, &err);
    json_decref(in);
    if (rc != 0) {
        aws_diag(ctx, &err, "reading ECS Task Definition (%s)", name);
        return NULL;
    }
    const json_t *td = json_object_get(out, "taskDefinition");
    const char *arn = ecs_json_str(a, td, "taskDefinitionArn");
    if (!json_is_object(td) || !arn) {
        json_decref(out);
        tf_diag_error(ctx->diags, NULL, "Error reading ECS Task Definition",
                      "reading ECS Task Definition (%s): empty result", name);
        return NULL;
    }
    tf_objb b;
    tf_objb_init(&b, a, TDDS_SCHEMA->ctype, config);
    tf_objb_str(&b, "id", arn);
    tf_objb_str(&b, "arn", arn);
    const char *colon = strrchr(arn, ':');
    tf_objb_str(&b, "arn_without_revision",
                colon ? tf_arena_printf(a, "%.*s", (int)(colon - arn), arn) : arn);
    const char *family = ecs_json_str(a, td, "family");
    tf_objb_str(&b, "family", family ? family : "");
    tf_objb_i64(&b, "revision", ecs_json_int(td, "revision", 0));
    const char *status = ecs_json_str(a, td, "status");
    tf_objb_str(&b, "status", status ? status : "");
    ecs_task_definition_fields(&b, TDDS_SCHEMA->ctype, td);
    const tf_value *state = tf_objb_done(&b);
    json_decref(out);
    return state;
}

const tf_data_source_def aws_ecs_task_definition_data_source_def = {
    .type_name = "aws_ecs_task_definition",
    .schema = TDDS_SCHEMA,
    .read = tdds_read,
};

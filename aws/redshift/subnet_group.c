/* subnet_group.c - aws_redshift_subnet_group, as hashicorp/aws 5.100.0
 * manages it.
 *
 * The name (lower-case letters, digits, hyphens; not "default") is the id
 * and import id.  CreateClusterSubnetGroup with the tags; read by
 * DescribeClusterSubnetGroups (tags come with the group; the ARN is built:
 * arn:<partition>:redshift:<region>:<account>:subnetgroup:<name>);
 * ModifyClusterSubnetGroup sends the description and every subnet when
 * either changes, after the tags (DeleteTags, CreateTags by ARN);
 * DeleteClusterSubnetGroup, ClusterSubnetGroupNotFoundFault meaning done. */

#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "iam/policy_json.h"
#include "provider_meta.h"
#include "resources.h"
#include "tags.h"
#include "value_build.h"

#define RSG_WHAT "Redshift Subnet Group"
#define RSG_SCHEMA aws_schema_resource_aws_redshift_subnet_group

/* SubnetIds.SubnetIdentifier.N in the SDK's set order. */
static void rsg_subnets(tf_arena *a, aws_params *p, const tf_value *set)
{
    size_t n = tf_is_known(set) ? set->u.coll.n : 0;
    const char **ids = tf_arena_calloc(a, n + 1, sizeof *ids);
    for (size_t i = 0; i < n; i++)
        ids[i] = set->u.coll.items[i]->u.str.ptr;
    size_t *order = tf_arena_calloc(a, n + 1, sizeof *order);
    pj_sdk_set_order(a, ids, order, n);
    for (size_t i = 0; i < n; i++)
        aws_params_add(p, aws_params_key(p, "SubnetIds.SubnetIdentifier.%zu", i + 1),
                       ids[order[i]]);
}

static const char *rsg_arn(tf_arena *a, const aws_meta *m, const char *name)
{
    return tf_arena_printf(a, "arn:%s:redshift:%s:%s:subnetgroup:%s", m->partition, m->region,
                           m->account_id, name);
}

static int rsg_describe(aws_client *c, tf_arena *a, const volatile int *stop, const char *name,
                        const aws_xml_node **g, aws_error *err)
{
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "ClusterSubnetGroupName", name);
    aws_xml_node *out;
    *g = NULL;
    if (aws_query_call(c, a, stop, "redshift", "DescribeClusterSubnetGroups", p, &out, err) !=
        0)
        return aws_error_is(err, "ClusterSubnetGroupNotFoundFault") ? 1 : -1;
    *g = aws_xml_first(out, "ClusterSubnetGroups/ClusterSubnetGroup");
    return *g ? 0 : 1;
}

static const tf_value *rsg_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                   bool is_new)
{
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(base, "id", "");
    const aws_xml_node *g;
    aws_error err;
    int rc = rsg_describe(m->client, a, ctx->stop, id, &g, &err);
    if (rc == 1 && !is_new)
        return tf_null(a, RSG_SCHEMA.ctype);
    if (rc != 0) {
        if (rc == 1)
            aws_error_set(&err, AWS_ERR_RESPONSE, "NotFound", "%s %s not found", RSG_WHAT, id);
        aws_diag(ctx, &err, "reading %s (%s)", RSG_WHAT, id);
        return is_new ? base : NULL;
    }
    size_t n = 0;
    for (const aws_xml_node *s = aws_xml_first(g, "Subnets/Subnet"); s; s = aws_xml_next(s))
        n++;
    const char **ids = tf_arena_calloc(a, n + 1, sizeof *ids);
    size_t k = 0;
    for (const aws_xml_node *s = aws_xml_first(g, "Subnets/Subnet"); s; s = aws_xml_next(s)) {
        const char *sid = aws_xml_text(s, "SubnetIdentifier");
        if (sid)
            ids[k++] = sid;
    }
    size_t nt = 0;
    for (const aws_xml_node *t = aws_xml_first(g, "Tags/Tag"); t; t = aws_xml_next(t))
        nt++;
    aws_kv *tags = tf_arena_calloc(a, nt + 1, sizeof *tags);
    size_t kt = 0;
    for (const aws_xml_node *t = aws_xml_first(g, "Tags/Tag"); t; t = aws_xml_next(t)) {
        const char *key = aws_xml_text(t, "Key"), *val = aws_xml_text(t, "Value");
        if (!key)
            continue;
        tags[kt].key = key;
        tags[kt++].value = val ? val : "";
    }
    tf_objb b;
    tf_objb_init(&b, a, RSG_SCHEMA.ctype, base);
    tf_objb_str(&b, "id", id);
    tf_objb_str(&b, "arn", rsg_arn(a, m, id));
    tf_objb_str(&b, "name", id);
    const char *desc = aws_xml_text(g, "Description");
    tf_objb_str(&b, "description", desc ? desc : "");
    tf_objb_set(&b, "subnet_ids", tf_string_set(a, ids, k));
    aws_tags_set_state(&b, m, tags, kt, tf_get(base, "tags"));
    return tf_objb_done(&b);
}

/* validation.StringNotInSlice([]string{"default"}, false) on name. */
static void rsg_validate(tf_ctx *ctx, const tf_value *config)
{
    const tf_value *v = tf_get(config, "name");
    if (tf_is_known(v) && strcmp(v->u.str.ptr, "default") == 0)
        tf_diag_error(ctx->diags, tf_path_attr(ctx->arena, tf_path_root(ctx->arena), "name"),
                      "Invalid value", "expected name not to be one of [\"default\"], got %s",
                      v->u.str.ptr);
}

static void rsg_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (!tf_is_null(req->planned))
        aws_tags_plan(ctx, req);
}

typedef struct rsg_lookup {
    aws_client *c;
    const volatile int *stop;
    const char *name;
} rsg_lookup;

/* create_once's lookup: the group of this name, if there is one. */
static int rsg_lookup_ids(void *ud, tf_arena *a, const char ***ids, size_t *n, aws_error *err)
{
    rsg_lookup *l = ud;
    *n = 0;
    *ids = tf_arena_calloc(a, 2, sizeof **ids);
    const aws_xml_node *g;
    int rc = rsg_describe(l->c, a, l->stop, l->name, &g, err);
    if (rc < 0)
        return -1;
    if (rc == 0)
        (*ids)[(*n)++] = l->name;
    return 0;
}

static void rsg_tag_params(aws_params *p, const aws_kv *tags, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        aws_params_add(p, aws_params_key(p, "Tags.Tag.%zu.Key", i + 1), tags[i].key);
        aws_params_add(p, aws_params_key(p, "Tags.Tag.%zu.Value", i + 1), tags[i].value);
    }
}

static const tf_value *rsg_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *name = tf_get_str(planned, "name", "");
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "ClusterSubnetGroupName", name);
    aws_params_add(p, "Description", tf_get_str(planned, "description", ""));
    rsg_subnets(a, p, tf_get(planned, "subnet_ids"));
    size_t n;
    aws_kv *tags = aws_tags_from_map(a, tf_get(planned, "tags_all"), &n);
    rsg_tag_params(p, tags, n);
    rsg_lookup lk = {.c = m->client, .stop = ctx->stop, .name = name};
    aws_create_once once = {.service = "redshift", .operation = "CreateClusterSubnetGroup",
                            .lookup = rsg_lookup_ids, .ud = &lk};
    aws_xml_node *out;
    const char *adopted;
    aws_error err;
    if (aws_create_once_query(m->client, a, ctx->stop, &once, p, &out, &adopted, &err) != 0) {
        aws_diag(ctx, &err, "creating %s (%s)", RSG_WHAT, name);
        return NULL;
    }
    return rsg_refresh(ctx, m, tf_object_with(a, planned, "id", tf_string(a, name)), true);
}

static const tf_value *rsg_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    return m ? rsg_refresh(ctx, m, state, false) : NULL;
}

static const tf_value *rsg_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(prior, "id", "");
    aws_xml_node *out;
    aws_error err;
    const tf_value *old_all = tf_get(prior, "tags_all"), *new_all = tf_get(planned, "tags_all");
    if (!tf_value_equal(old_all, new_all)) {
        const char **remove;
        aws_kv *set;
        size_t n_remove, n_set;
        aws_tags_diff(a, old_all, new_all, &remove, &n_remove, &set, &n_set);
        const char *arn = rsg_arn(a, m, id);
        int rc = 0;
        if (n_remove) {
            aws_params *p = aws_params_new(a);
            aws_params_add(p, "ResourceName", arn);
            for (size_t i = 0; i < n_remove; i++)
                aws_params_add(p, aws_params_key(p, "TagKeys.TagKey.%zu", i + 1), remove[i]);
            rc = aws_query_call(m->client, a, ctx->stop, "redshift", "DeleteTags", p, &out,
                                &err);
        }
        if (rc == 0 && n_set) {
            aws_params *p = aws_params_new(a);
            aws_params_add(p, "ResourceName", arn);
            rsg_tag_params(p, set, n_set);
            rc = aws_query_call(m->client, a, ctx->stop, "redshift", "CreateTags", p, &out,
                                &err);
        }
        if (rc != 0) {
            aws_diag(ctx, &err, "updating %s (%s) tags", RSG_WHAT, arn);
            return rsg_refresh(ctx, m, prior, false);
        }
    }
    if (!tf_value_equal(tf_get(prior, "subnet_ids"), tf_get(planned, "subnet_ids")) ||
        !tf_value_equal(tf_get(prior, "description"), tf_get(planned, "description"))) {
        aws_params *p = aws_params_new(a);
        aws_params_add(p, "ClusterSubnetGroupName", id);
        aws_params_add(p, "Description", tf_get_str(planned, "description", ""));
        rsg_subnets(a, p, tf_get(planned, "subnet_ids"));
        if (aws_query_call(m->client, a, ctx->stop, "redshift", "ModifyClusterSubnetGroup", p,
                           &out, &err) != 0) {
            aws_diag(ctx, &err, "updating %s (%s)", RSG_WHAT, id);
            return rsg_refresh(ctx, m, prior, false);
        }
    }
    return rsg_refresh(ctx, m, planned, true);
}

static void rsg_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    const char *id = tf_get_str(prior, "id", "");
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "ClusterSubnetGroupName", id);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "redshift", "DeleteClusterSubnetGroup",
                       p, &out, &err) == 0 ||
        aws_error_is(&err, "ClusterSubnetGroupNotFoundFault"))
        return;
    aws_diag(ctx, &err, "deleting %s (%s)", RSG_WHAT, id);
}

const tf_resource_def aws_redshift_subnet_group_def = {
    .type_name = "aws_redshift_subnet_group",
    .version = 0,
    .schema = &aws_schema_resource_aws_redshift_subnet_group,
    .validate = rsg_validate,
    .modify_plan = rsg_modify_plan,
    .create = rsg_create,
    .read = rsg_read,
    .update = rsg_update,
    .delete = rsg_delete,
};

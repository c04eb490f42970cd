/* subnet_group.c - aws_elasticache_subnet_group, as hashicorp/aws 5.100.0
 * manages it.
 *
 * The name is folded to lower case (ElastiCache keeps it so; hashicorp's
 * StateFunc does the same, so the plan shows the folded name) and is the id
 * and import id.  CreateCacheSubnetGroup with the tags; read by
 * DescribeCacheSubnetGroups plus ListTagsForResource on the group's ARN;
 * ModifyCacheSubnetGroup sends the description and every subnet when
 * either changes; tags by ARN (RemoveTagsFromResource, AddTagsToResource);
 * DeleteCacheSubnetGroup retried while AWS answers DependencyViolation (up
 * to 5 minutes), CacheSubnetGroupNotFoundFault meaning done. */

#include <ctype.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "iam/policy_json.h"
#include "provider_meta.h"
#include "query_retry.h"
#include "resources.h"
#include "tags.h"
#include "value_build.h"

#define ECSG_WHAT "ElastiCache Subnet Group"
#define ECSG_SCHEMA aws_schema_resource_aws_elasticache_subnet_group

static char *ecsg_lower(tf_arena *a, const char *s)
{
    char *out = tf_arena_printf(a, "%s", s);
    for (char *p = out; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return out;
}

/* SubnetIds.SubnetIdentifier.N in the SDK's set order. */
static void ecsg_subnets(tf_arena *a, aws_params *p, const tf_value *set)
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

static const tf_value *ecsg_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                    bool is_new)
{
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(base, "id", "");
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "CacheSubnetGroupName", id);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, a, ctx->stop, "elasticache", "DescribeCacheSubnetGroups", p,
                       &out, &err) != 0) {
        if (!is_new && aws_error_is(&err, "CacheSubnetGroupNotFoundFault"))
            return tf_null(a, ECSG_SCHEMA.ctype);
        aws_diag(ctx, &err, "reading %s (%s)", ECSG_WHAT, id);
        return is_new ? base : NULL;
    }
    const aws_xml_node *g = aws_xml_first(out, "CacheSubnetGroups/CacheSubnetGroup");
    if (!g) {
        if (!is_new)
            return tf_null(a, ECSG_SCHEMA.ctype);
        aws_error_set(&err, AWS_ERR_RESPONSE, "NotFound", "%s %s not found", ECSG_WHAT, id);
        aws_diag(ctx, &err, "reading %s (%s)", ECSG_WHAT, id);
        return base;
    }
    const char *arn = aws_xml_text(g, "ARN");
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
    /* ListTags on the ARN */
    aws_params *tp = aws_params_new(a);
    aws_params_add(tp, "ResourceName", arn ? arn : "");
    aws_xml_node *tout;
    if (aws_query_call(m->client, a, ctx->stop, "elasticache", "ListTagsForResource", tp, &tout,
                       &err) != 0) {
        aws_diag(ctx, &err, "listing tags for %s (%s)", ECSG_WHAT, id);
        return is_new ? base : NULL;
    }
    size_t nt = 0;
    for (const aws_xml_node *t = aws_xml_first(tout, "TagList/Tag"); t; t = aws_xml_next(t))
        nt++;
    aws_kv *tags = tf_arena_calloc(a, nt + 1, sizeof *tags);
    size_t kt = 0;
    for (const aws_xml_node *t = aws_xml_first(tout, "TagList/Tag"); t; t = aws_xml_next(t)) {
        const char *key = aws_xml_text(t, "Key"), *val = aws_xml_text(t, "Value");
        if (!key)
            continue;
        tags[kt].key = key;
        tags[kt++].value = val ? val : "";
    }
    tf_objb b;
    tf_objb_init(&b, a, ECSG_SCHEMA.ctype, base);
    tf_objb_str(&b, "id", id);
    tf_objb_str(&b, "arn", arn ? arn : "");
    const char *name = aws_xml_text(g, "CacheSubnetGroupName");
    tf_objb_str(&b, "name", name ? name : id);
    const char *desc = aws_xml_text(g, "CacheSubnetGroupDescription");
    tf_objb_str(&b, "description", desc ? desc : "");
    tf_objb_set(&b, "subnet_ids", tf_string_set(a, ids, k));
    const char *vpc = aws_xml_text(g, "VpcId");
    tf_objb_str(&b, "vpc_id", vpc ? vpc : "");
    aws_tags_set_state(&b, m, tags, kt, tf_get(base, "tags"));
    return tf_objb_done(&b);
}

static void ecsg_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->planned))
        return;
    /* the name's StateFunc: strings.ToLower */
    const tf_value *name = tf_get(req->planned, "name");
    if (tf_is_known(name)) {
        req->planned = tf_object_with(ctx->arena, req->planned, "name",
                                      tf_string(ctx->arena, ecsg_lower(ctx->arena,
                                                                       name->u.str.ptr)));
        req->legacy_type_system = true;
    }
    /* no tags diff for the reserved group "default" when default tags are set */
    const aws_meta *m = aws_meta_of(ctx);
    if (m && tf_is_known(name) && strcmp(name->u.str.ptr, "default") == 0 &&
        m->n_default_tags > 0)
        return;
    aws_tags_plan(ctx, req);
}

typedef struct ecsg_lookup {
    aws_client *c;
    const volatile int *stop;
    const char *name;
} ecsg_lookup;

/* create_once's lookup: the group of this name, if there is one. */
static int ecsg_lookup_ids(void *ud, tf_arena *a, const char ***ids, size_t *n, aws_error *err)
{
    ecsg_lookup *l = ud;
    *n = 0;
    *ids = tf_arena_calloc(a, 2, sizeof **ids);
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "CacheSubnetGroupName", l->name);
    aws_xml_node *out;
    if (aws_query_call(l->c, a, l->stop, "elasticache", "DescribeCacheSubnetGroups", p, &out,
                       err) != 0)
        return aws_error_is(err, "CacheSubnetGroupNotFoundFault") ? 0 : -1;
    if (aws_xml_first(out, "CacheSubnetGroups/CacheSubnetGroup"))
        (*ids)[(*n)++] = l->name;
    return 0;
}

static const tf_value *ecsg_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *name = tf_get_str(planned, "name", "");
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "CacheSubnetGroupDescription", tf_get_str(planned, "description", ""));
    aws_params_add(p, "CacheSubnetGroupName", name);
    ecsg_subnets(a, p, tf_get(planned, "subnet_ids"));
    size_t n;
    aws_kv *tags = aws_tags_from_map(a, tf_get(planned, "tags_all"), &n);
    for (size_t i = 0; i < n; i++) {
        aws_params_add(p, aws_params_key(p, "Tags.Tag.%zu.Key", i + 1), tags[i].key);
        aws_params_add(p, aws_params_key(p, "Tags.Tag.%zu.Value", i + 1), tags[i].value);
    }
    ecsg_lookup lk = {.c = m->client, .stop = ctx->stop, .name = ecsg_lower(a, name)};
    aws_create_once once = {.service = "elasticache", .operation = "CreateCacheSubnetGroup",
                            .lookup = ecsg_lookup_ids, .ud = &lk};
    aws_xml_node *out;
    const char *adopted;
    aws_error err;
    if (aws_create_once_query(m->client, a, ctx->stop, &once, p, &out, &adopted, &err) != 0) {
        aws_diag(ctx, &err, "creating %s (%s)", ECSG_WHAT, name);
        return NULL;
    }
    const tf_value *state =
        tf_object_with(a, planned, "id", tf_string(a, ecsg_lower(a, name)));
    return ecsg_refresh(ctx, m, state, true);
}

static const tf_value *ecsg_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    return m ? ecsg_refresh(ctx, m, state, false) : NULL;
}

static const tf_value *ecsg_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(prior, "id", "");
    aws_xml_node *out;
    aws_error err;
    if (!tf_value_equal(tf_get(prior, "subnet_ids"), tf_get(planned, "subnet_ids")) ||
        !tf_value_equal(tf_get(prior, "description"), tf_get(planned, "description"))) {
        aws_params *p = aws_params_new(a);
        aws_params_add(p, "CacheSubnetGroupDescription",
                       tf_get_str(planned, "description", ""));
        aws_params_add(p, "CacheSubnetGroupName", tf_get_str(planned, "name", ""));
        ecsg_subnets(a, p, tf_get(planned, "subnet_ids"));
        if (aws_query_call(m->client, a, ctx->stop, "elasticache", "ModifyCacheSubnetGroup", p,
                           &out, &err) != 0) {
            aws_diag(ctx, &err, "updating %s (%s)", ECSG_WHAT, id);
            return ecsg_refresh(ctx, m, prior, false);
        }
    }
    const tf_value *old_all = tf_get(prior, "tags_all"), *new_all = tf_get(planned, "tags_all");
    if (!tf_value_equal(old_all, new_all)) {
        const char **remove;
        aws_kv *set;
        size_t n_remove, n_set;
        aws_tags_diff(a, old_all, new_all, &remove, &n_remove, &set, &n_set);
        const char *arn = tf_get_str(prior, "arn", "");
        int rc = 0;
        if (n_remove) {
            aws_params *p = aws_params_new(a);
            aws_params_add(p, "ResourceName", arn);
            for (size_t i = 0; i < n_remove; i++)
                aws_params_add(p, aws_params_key(p, "TagKeys.member.%zu", i + 1), remove[i]);
            rc = aws_query_call(m->client, a, ctx->stop, "elasticache",
                                "RemoveTagsFromResource", p, &out, &err);
        }
        if (rc == 0 && n_set) {
            aws_params *p = aws_params_new(a);
            aws_params_add(p, "ResourceName", arn);
            for (size_t i = 0; i < n_set; i++) {
                aws_params_add(p, aws_params_key(p, "Tags.Tag.%zu.Key", i + 1), set[i].key);
                aws_params_add(p, aws_params_key(p, "Tags.Tag.%zu.Value", i + 1), set[i].value);
            }
            rc = aws_query_call(m->client, a, ctx->stop, "elasticache", "AddTagsToResource", p,
                                &out, &err);
        }
        if (rc != 0) {
            aws_diag(ctx, &err, "updating %s (%s) tags", ECSG_WHAT, id);
            return ecsg_refresh(ctx, m, prior, false);
        }
    }
    return ecsg_refresh(ctx, m, planned, true);
}

static void ecsg_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    const char *id = tf_get_str(prior, "id", "");
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "CacheSubnetGroupName", id);
    aws_xml_node *out;
    aws_error err;
    static const char *const retry[] = {"DependencyViolation", NULL};
    if (aws_query_call_retry(m->client, ctx->arena, ctx->stop, "elasticache",
                             "DeleteCacheSubnetGroup", p, &out, 5 * 60.0,
                             (aws_retry_on){.codes = retry}, &err) == 0)
        return;
    if (aws_error_is(&err, "CacheSubnetGroupNotFoundFault"))
        return;
    aws_diag(ctx, &err, "deleting %s (%s)", ECSG_WHAT, id);
}

const tf_resource_def aws_elasticache_subnet_group_def = {
    .type_name = "aws_elasticache_subnet_group",
    .version = 0,
    .schema = &aws_schema_resource_aws_elasticache_subnet_group,
    .modify_plan = ecsg_modify_plan,
    .create = ecsg_create,
    .read = ecsg_read,
    .update = ecsg_update,
    .delete = ecsg_delete,
};

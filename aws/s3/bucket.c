/* bucket.c - aws_s3_bucket and data aws_canonical_user_id, as
 * hashicorp/aws 5.100.0 manages them.
 *
 * Create: the name is `bucket`, or `bucket_prefix` (default "terraform-")
 * plus a unique suffix; CreateBucket (LocationConstraint outside us-east-1,
 * x-amz-bucket-object-lock-enabled when object_lock_enabled), then the tags
 * with PutBucketTagging.  Read: HeadBucket (its x-amz-bucket-region header
 * gives `region`), then what hashicorp reads for the deprecated in-line
 * configuration, each "not configured" answer meaning empty: the policy,
 * ACL grants, CORS, website, versioning, accelerate, request payment,
 * logging, lifecycle, replication, encryption, object lock, and the tags.
 * Update: tags and force_destroy.  The deprecated in-line configuration
 * arguments (acl, grant, cors_rule, versioning, ...) are refused when set:
 * the s3-bucket module and hashicorp's own advice use the separate
 * aws_s3_bucket_* resources.  Delete: DeleteBucket; with force_destroy a
 * BucketNotEmpty is answered by deleting every object version and delete
 * marker (ListObjectVersions, DeleteObjects) and deleting again. */

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "iam/iam_common.h"
#include "names.h"
#include "provider_meta.h"
#include "resources.h"
#include "s3/s3_common.h"
#include "schema_block.h"
#include "tags.h"
#include "value_build.h"

#define B_SCHEMA aws_schema_resource_aws_s3_bucket
#define S3_NS "http://s3.amazonaws.com/doc/2006-03-01/"

/* Route 53 hosted zone of S3's website endpoints per region (hashicorp's
 * hostedZoneIDsMap). */
static const char *const hosted_zones[][2] = {
    {"af-south-1", "Z83WF9RJE8B12"},      {"ap-east-1", "ZNB98KWMFR0R6"},
    {"ap-northeast-1", "Z2M4EHUR26P7ZW"}, {"ap-northeast-2", "Z3W03O7B5YMIYP"},
    {"ap-northeast-3", "Z2YQB5RD63NC85"}, {"ap-south-1", "Z11RGJOFQNVJUP"},
    {"ap-southeast-1", "Z3O0J2DXBE1FTB"}, {"ap-southeast-2", "Z1WCIGYICN2BYD"},
    {"ca-central-1", "Z1QDHH18159H29"},   {"eu-central-1", "Z21DNDUVLTQW6Q"},
    {"eu-north-1", "Z3BAZG2TWCNX0D"},     {"eu-south-1", "Z30OZKI7KPW7MI"},
    {"eu-west-1", "Z1BKCTXD74EZPE"},      {"eu-west-2", "Z3GKZC51ZF0DB4"},
    {"eu-west-3", "Z3R1K369G5AVDG"},      {"me-south-1", "Z1MPMWCPA7YB62"},
    {"sa-east-1", "Z7KQH4QJS55SO"},       {"us-east-1", "Z3AQBSTGFYJSTF"},
    {"us-east-2", "Z2O1EMRO9K5GLX"},      {"us-gov-east-1", "Z2NIFVYYW2VKV1"},
    {"us-gov-west-1", "Z31GFT0UA1I2HV"},  {"us-west-1", "Z2F56UZL2M1ACD"},
    {"us-west-2", "Z3BJ6K6RIION7M"},
};

static const char *hosted_zone(const char *region)
{
    for (size_t i = 0; i < sizeof hosted_zones / sizeof hosted_zones[0]; i++)
        if (strcmp(hosted_zones[i][0], region) == 0)
            return hosted_zones[i][1];
    return NULL;
}

static const char *txt(const aws_xml_node *n, const char *path, const char *dflt)
{
    const char *t = n ? aws_xml_text(n, path) : NULL;
    return t ? t : dflt;
}

static const tf_value *empty_list(tf_arena *a, const char *block)
{
    return tf_list(a, aws_schema_block(&B_SCHEMA, block)->ctype, 0, NULL);
}

/* One GET of a bucket sub-resource; 1 when it answered, 0 when AWS says it is
 * not configured (one of the codes), -1 with err otherwise. */
static int b_get(tf_ctx *ctx, const aws_meta *m, const char *bucket, const char *sub,
                 const char *op, bool is_new, const char *const *absent,
                 aws_rest_response *r, aws_error *err)
{
    s3_req rq = {.method = "GET", .bucket = bucket, .subresource = sub};
    if (s3_call(m->client, ctx->arena, ctx->stop, op, &rq, is_new, r, err) == 0)
        return 1;
    for (size_t i = 0; absent && absent[i]; i++)
        if (aws_error_is(err, absent[i]))
            return 0;
    return -1;
}

/* hashicorp's flattenBucketGrants: one element per grantee, its permissions
 * gathered. */
static const tf_value *grants_value(tf_arena *a, const aws_xml_node *doc)
{
    const tf_block *gb = aws_schema_block(&B_SCHEMA, "grant");
    size_t n = 0;
    for (const aws_xml_node *g = aws_xml_first(doc, "AccessControlList/Grant"); g;
         g = aws_xml_next(g))
        n++;
    const char **type = tf_arena_calloc(a, n + 1, sizeof *type);
    const char **id = tf_arena_calloc(a, n + 1, sizeof *id);
    const char **uri = tf_arena_calloc(a, n + 1, sizeof *uri);
    const char ***perms = tf_arena_calloc(a, n + 1, sizeof *perms);
    size_t *np = tf_arena_calloc(a, n + 1, sizeof *np);
    size_t k = 0;
    for (const aws_xml_node *g = aws_xml_first(doc, "AccessControlList/Grant"); g;
         g = aws_xml_next(g)) {
        const char *t = s3_grantee_type(aws_xml_child(g, "Grantee"));
        const char *i = txt(g, "Grantee/ID", "");
        const char *u = txt(g, "Grantee/URI", ""), *p = txt(g, "Permission", "");
        size_t j = 0;
        for (; j < k; j++)
            if (strcmp(type[j], t) == 0 && strcmp(id[j], i) == 0 && strcmp(uri[j], u) == 0)
                break;
        if (j == k) {
            type[k] = t;
            id[k] = i;
            uri[k] = u;
            perms[k] = tf_arena_calloc(a, n + 1, sizeof **perms);
            k++;
        }
        perms[j][np[j]++] = p;
    }
    const tf_value **items = tf_arena_calloc(a, k + 1, sizeof *items);
    for (size_t j = 0; j < k; j++) {
        tf_objb b;
        tf_objb_init(&b, a, gb->ctype, NULL);
        tf_objb_str(&b, "id", id[j]);
        tf_objb_str(&b, "type", type[j]);
        tf_objb_str(&b, "uri", uri[j]);
        tf_objb_set(&b, "permissions", tf_string_set(a, perms[j], np[j]));
        items[j] = tf_objb_done(&b);
    }
    return tf_set(a, gb->ctype, k, items);
}

static const tf_value *versioning_value(tf_arena *a, const aws_xml_node *doc)
{
    const tf_block *vb = aws_schema_block(&B_SCHEMA, "versioning");
    tf_objb b;
    tf_objb_init(&b, a, vb->ctype, NULL);
    tf_objb_bool(&b, "enabled", strcmp(txt(doc, "Status", ""), "Enabled") == 0);
    tf_objb_bool(&b, "mfa_delete", strcmp(txt(doc, "MfaDelete", ""), "Enabled") == 0);
    const tf_value *v = tf_objb_done(&b);
    return tf_list(a, vb->ctype, 1, &v);
}

static const tf_value *encryption_value(tf_arena *a, const aws_xml_node *doc)
{
    const tf_block *sb = aws_schema_block(&B_SCHEMA, "server_side_encryption_configuration");
    const tf_block *rb = aws_schema_block(&B_SCHEMA, "server_side_encryption_configuration.rule");
    const tf_block *db = aws_schema_block(
        &B_SCHEMA, "server_side_encryption_configuration.rule.apply_server_side_encryption_by_default");
    size_t n = 0;
    for (const aws_xml_node *r = aws_xml_first(doc, "Rule"); r; r = aws_xml_next(r))
        n++;
    const tf_value **rules = tf_arena_calloc(a, n + 1, sizeof *rules);
    size_t k = 0;
    for (const aws_xml_node *r = aws_xml_first(doc, "Rule"); r; r = aws_xml_next(r)) {
        const aws_xml_node *d = aws_xml_child(r, "ApplyServerSideEncryptionByDefault");
        const tf_value *dv = NULL;
        size_t nd = 0;
        if (d) {
            tf_objb db_;
            tf_objb_init(&db_, a, db->ctype, NULL);
            tf_objb_str(&db_, "kms_master_key_id", txt(d, "KMSMasterKeyID", ""));
            tf_objb_str(&db_, "sse_algorithm", txt(d, "SSEAlgorithm", ""));
            dv = tf_objb_done(&db_);
            nd = 1;
        }
        tf_objb rb_;
        tf_objb_init(&rb_, a, rb->ctype, NULL);
        tf_objb_set(&rb_, "apply_server_side_encryption_by_default",
                    tf_list(a, db->ctype, nd, &dv));
        tf_objb_bool(&rb_, "bucket_key_enabled", aws_xml_bool(r, "BucketKeyEnabled", 0));
        rules[k++] = tf_objb_done(&rb_);
    }
    tf_objb b;
    tf_objb_init(&b, a, sb->ctype, NULL);
    tf_objb_set(&b, "rule", tf_list(a, rb->ctype, k, rules));
    const tf_value *v = tf_objb_done(&b);
    return tf_list(a, sb->ctype, 1, &v);
}

static const tf_value *object_lock_value(tf_arena *a, const aws_xml_node *doc)
{
    const tf_block *ob = aws_schema_block(&B_SCHEMA, "object_lock_configuration");
    const tf_block *rb = aws_schema_block(&B_SCHEMA, "object_lock_configuration.rule");
    const tf_block *db = aws_schema_block(&B_SCHEMA,
                                          "object_lock_configuration.rule.default_retention");
    const aws_xml_node *dr = aws_xml_child(doc, "Rule/DefaultRetention");
    const tf_value *rv = NULL;
    size_t nr = 0;
    if (dr) {
        tf_objb d;
        tf_objb_init(&d, a, db->ctype, NULL);
        tf_objb_i64(&d, "days", aws_xml_int(dr, "Days", 0));
        tf_objb_str(&d, "mode", txt(dr, "Mode", ""));
        tf_objb_i64(&d, "years", aws_xml_int(dr, "Years", 0));
        const tf_value *dv = tf_objb_done(&d);
        tf_objb r;
        tf_objb_init(&r, a, rb->ctype, NULL);
        tf_objb_set(&r, "default_retention", tf_list(a, db->ctype, 1, &dv));
        rv = tf_objb_done(&r);
        nr = 1;
    }
    tf_objb b;
    tf_objb_init(&b, a, ob->ctype, NULL);
    tf_objb_str(&b, "object_lock_enabled", txt(doc, "ObjectLockEnabled", ""));
    tf_objb_set(&b, "rule", tf_list(a, rb->ctype, nr, &rv));
    const tf_value *v = tf_objb_done(&b);
    return tf_list(a, ob->ctype, 1, &v);
}

static const tf_value *b_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                 bool is_new)
{
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(base, "id", "");
    aws_rest_response r;
    aws_error err;
#define B_FAIL(what)                                                                         \
    do {                                                                                     \
        if (!is_new && aws_error_is(&err, "NoSuchBucket"))                                   \
            return tf_null(a, B_SCHEMA.ctype);                                               \
        aws_diag(ctx, &err, "reading S3 Bucket (%s) %s", id, what);                          \
        return is_new ? base : NULL;                                                         \
    } while (0)

    s3_req head = {.method = "HEAD", .bucket = id};
    if (s3_call(m->client, a, ctx->stop, "HeadBucket", &head, is_new, &r, &err) != 0) {
        if (!is_new && (aws_error_is(&err, "NotFound") || aws_error_is(&err, "NoSuchBucket")))
            return tf_null(a, B_SCHEMA.ctype);
        aws_diag(ctx, &err, "reading S3 Bucket (%s)", id);
        return is_new ? base : NULL;
    }
    const char *region = aws_rest_header(&r, "x-amz-bucket-region");
    if (!region || !*region)
        region = aws_client_region(m->client);

    tf_objb b;
    tf_objb_init(&b, a, B_SCHEMA.ctype, base);
    const char *sfx = s3_dns_suffix(m->client);
    tf_objb_str(&b, "id", id);
    tf_objb_str(&b, "bucket", id);
    const char *prefix = aws_name_prefix_from_name(a, id);
    tf_objb_str(&b, "bucket_prefix", prefix ? prefix : "");
    tf_objb_str(&b, "arn", tf_arena_printf(a, "arn:%s:s3:::%s",
                                           aws_client_partition(m->client)->id, id));
    tf_objb_str(&b, "bucket_domain_name", tf_arena_printf(a, "%s.s3.%s", id, sfx));

    static const char *const no_policy[] = {"NoSuchBucketPolicy", "NotImplemented", NULL};
    int got = b_get(ctx, m, id, "policy", "GetBucketPolicy", is_new, no_policy, &r, &err);
    if (got < 0)
        B_FAIL("policy");
    if (got) {
        const char *p = iam_policy_to_set(a, tf_get_str(base, "policy", ""), r.body, false);
        tf_objb_str(&b, "policy", p ? p : r.body);
    } else {
        tf_objb_str(&b, "policy", "");
    }

    if (b_get(ctx, m, id, "acl", "GetBucketAcl", is_new, NULL, &r, &err) < 0)
        B_FAIL("ACL");
    tf_objb_set(&b, "grant", grants_value(a, r.doc));

    static const char *const no_cors[] = {"NoSuchCORSConfiguration", NULL};
    got = b_get(ctx, m, id, "cors", "GetBucketCors", is_new, no_cors, &r, &err);
    if (got < 0)
        B_FAIL("CORS configuration");
    if (got && aws_xml_first(r.doc, "CORSRule")) {
        aws_error_set(&err, AWS_ERR_RESPONSE, "NotSupported",
                      "the bucket has a CORS configuration, which this provider does not "
                      "read into aws_s3_bucket yet (use aws_s3_bucket_cors_configuration)");
        B_FAIL("CORS configuration");
    }
    tf_objb_set(&b, "cors_rule", empty_list(a, "cors_rule"));

    static const char *const no_web[] = {"NoSuchWebsiteConfiguration", "NotImplemented",
                                         "MethodNotAllowed", "XNotImplemented", NULL};
    got = b_get(ctx, m, id, "website", "GetBucketWebsite", is_new, no_web, &r, &err);
    if (got < 0)
        B_FAIL("website configuration");
    if (got) {
        aws_error_set(&err, AWS_ERR_RESPONSE, "NotSupported",
                      "the bucket has a website configuration, which this provider does not "
                      "read into aws_s3_bucket yet");
        B_FAIL("website configuration");
    }
    tf_objb_set(&b, "website", empty_list(a, "website"));

    if (b_get(ctx, m, id, "versioning", "GetBucketVersioning", is_new, NULL, &r, &err) < 0)
        B_FAIL("versioning");
    tf_objb_set(&b, "versioning", versioning_value(a, r.doc));

    static const char *const no_acc[] = {"MethodNotAllowed", "UnsupportedArgument",
                                         "NotImplemented", NULL};
    got = b_get(ctx, m, id, "accelerate", "GetBucketAccelerateConfiguration", is_new, no_acc,
                &r, &err);
    if (got < 0)
        B_FAIL("accelerate configuration");
    if (got)
        tf_objb_str(&b, "acceleration_status", txt(r.doc, "Status", ""));

    static const char *const no_pay[] = {"NotImplemented", NULL};
    got = b_get(ctx, m, id, "requestPayment", "GetBucketRequestPayment", is_new, no_pay, &r,
                &err);
    if (got < 0)
        B_FAIL("request payment configuration");
    if (got)
        tf_objb_str(&b, "request_payer", txt(r.doc, "Payer", ""));

    got = b_get(ctx, m, id, "logging", "GetBucketLogging", is_new, no_pay, &r, &err);
    if (got < 0)
        B_FAIL("logging");
    if (got && aws_xml_child(r.doc, "LoggingEnabled")) {
        const tf_block *lb = aws_schema_block(&B_SCHEMA, "logging");
        tf_objb l;
        tf_objb_init(&l, a, lb->ctype, NULL);
        tf_objb_str(&l, "target_bucket", txt(r.doc, "LoggingEnabled/TargetBucket", ""));
        tf_objb_str(&l, "target_prefix", txt(r.doc, "LoggingEnabled/TargetPrefix", ""));
        const tf_value *lv = tf_objb_done(&l);
        tf_objb_set(&b, "logging", tf_list(a, lb->ctype, 1, &lv));
    } else {
        tf_objb_set(&b, "logging", empty_list(a, "logging"));
    }

    static const char *const no_lc[] = {"NoSuchLifecycleConfiguration", "NotImplemented",
                                        NULL};
    got = b_get(ctx, m, id, "lifecycle", "GetBucketLifecycleConfiguration", is_new, no_lc, &r,
                &err);
    if (got < 0)
        B_FAIL("lifecycle configuration");
    if (got && aws_xml_first(r.doc, "Rule")) {
        aws_error_set(&err, AWS_ERR_RESPONSE, "NotSupported",
                      "the bucket has lifecycle rules, which this provider does not read "
                      "into aws_s3_bucket yet (use aws_s3_bucket_lifecycle_configuration)");
        B_FAIL("lifecycle configuration");
    }
    tf_objb_set(&b, "lifecycle_rule", empty_list(a, "lifecycle_rule"));

    static const char *const no_rep[] = {"ReplicationConfigurationNotFoundError",
                                         "NotImplemented", NULL};
    got = b_get(ctx, m, id, "replication", "GetBucketReplication", is_new, no_rep, &r, &err);
    if (got < 0)
        B_FAIL("replication configuration");
    if (got) {
        aws_error_set(&err, AWS_ERR_RESPONSE, "NotSupported",
                      "the bucket has a replication configuration, which this provider does "
                      "not read into aws_s3_bucket yet");
        B_FAIL("replication configuration");
    }
    tf_objb_set(&b, "replication_configuration", empty_list(a, "replication_configuration"));

    static const char *const no_enc[] = {"ServerSideEncryptionConfigurationNotFoundError",
                                         "NotImplemented", NULL};
    got = b_get(ctx, m, id, "encryption", "GetBucketEncryption", is_new, no_enc, &r, &err);
    if (got < 0)
        B_FAIL("server-side encryption configuration");
    tf_objb_set(&b, "server_side_encryption_configuration",
                got ? encryption_value(a, r.doc)
                    : empty_list(a, "server_side_encryption_configuration"));

    static const char *const no_lock[] = {"ObjectLockConfigurationNotFoundError",
                                          "NotImplemented", "MethodNotAllowed", NULL};
    got = b_get(ctx, m, id, "object-lock", "GetObjectLockConfiguration", is_new, no_lock, &r,
                &err);
    if (got < 0)
        B_FAIL("object lock configuration");
    if (got && r.doc) {
        tf_objb_bool(&b, "object_lock_enabled",
                     strcmp(txt(r.doc, "ObjectLockEnabled", ""), "Enabled") == 0);
        tf_objb_set(&b, "object_lock_configuration", object_lock_value(a, r.doc));
    } else {
        tf_objb_bool(&b, "object_lock_enabled", false);
        tf_objb_set(&b, "object_lock_configuration", empty_list(a, "object_lock_configuration"));
    }

    tf_objb_str(&b, "region", region);
    tf_objb_str(&b, "bucket_regional_domain_name",
                tf_arena_printf(a, "%s.s3.%s.%s", id, region, sfx));
    const char *zone = hosted_zone(region);
    if (zone)
        tf_objb_str(&b, "hosted_zone_id", zone);

    static const char *const no_tags[] = {"NoSuchTagSet", NULL};
    got = b_get(ctx, m, id, "tagging", "GetBucketTagging", is_new, no_tags, &r, &err);
    if (got < 0)
        B_FAIL("tags");
    size_t nt = 0;
    for (const aws_xml_node *t = got ? aws_xml_first(r.doc, "TagSet/Tag") : NULL; t;
         t = aws_xml_next(t))
        nt++;
    aws_kv *tags = tf_arena_calloc(a, nt + 1, sizeof *tags);
    size_t kt = 0;
    for (const aws_xml_node *t = got ? aws_xml_first(r.doc, "TagSet/Tag") : NULL; t;
         t = aws_xml_next(t)) {
        tags[kt].key = txt(t, "Key", "");
        tags[kt++].value = txt(t, "Value", "");
    }
    aws_tags_set_state(&b, m, tags, kt, tf_get(base, "tags"));
#undef B_FAIL
    return tf_objb_done(&b);
}

/* PutBucketTagging with every tag, or DeleteBucketTagging when none. */
static int b_put_tags(tf_ctx *ctx, const aws_meta *m, const char *bucket,
                      const tf_value *tags_all, aws_error *err)
{
    tf_arena *a = ctx->arena;
    size_t n;
    aws_kv *tags = aws_tags_from_map(a, tags_all, &n);
    aws_rest_response r;
    if (n == 0) {
        s3_req rq = {.method = "DELETE", .bucket = bucket, .subresource = "tagging"};
        return s3_call(m->client, a, ctx->stop, "DeleteBucketTagging", &rq, 1, &r, err);
    }
    const char *body = "<Tagging xmlns=\"" S3_NS "\"><TagSet>";
    for (size_t i = 0; i < n; i++)
        body = tf_arena_printf(a, "%s<Tag><Key>%s</Key><Value>%s</Value></Tag>", body,
                               aws_xml_escape(a, tags[i].key), aws_xml_escape(a, tags[i].value));
    body = tf_arena_printf(a, "%s</TagSet></Tagging>", body);
    s3_req rq = {.method = "PUT", .bucket = bucket, .subresource = "tagging", .body = body};
    return s3_call(m->client, a, ctx->stop, "PutBucketTagging", &rq, 1, &r, err);
}

/* The deprecated in-line configuration this provider does not manage. */
static const char *const unsupported[] = {
    "acceleration_status", "acl", "policy", "request_payer", "cors_rule", "grant",
    "lifecycle_rule", "logging", "replication_configuration",
    "server_side_encryption_configuration", "versioning", "website", NULL};

static void b_validate(tf_ctx *ctx, const tf_value *config)
{
    for (size_t i = 0; unsupported[i]; i++) {
        const tf_value *v = tf_get(config, unsupported[i]);
        if (tf_is_null(v))
            continue;
        if (tf_is_known(v) && v->type && tf_type_is_collection(v->type) && v->u.coll.n == 0)
            continue;
        tf_diag_error(ctx->diags, tf_path_attr(ctx->arena, tf_path_root(ctx->arena),
                                               unsupported[i]),
                      "Unsupported argument value",
                      "aws_s3_bucket's deprecated \"%s\" is not supported by this provider: "
                      "use the separate aws_s3_bucket_* resource for it, as hashicorp/aws "
                      "advises",
                      unsupported[i]);
    }
    const tf_value *olc = tf_get(config, "object_lock_configuration");
    if (tf_is_known(olc) && olc->u.coll.n > 0)
        tf_diag_error(ctx->diags,
                      tf_path_attr(ctx->arena, tf_path_root(ctx->arena),
                                   "object_lock_configuration"),
                      "Unsupported argument value",
                      "aws_s3_bucket's deprecated \"object_lock_configuration\" is not "
                      "supported by this provider: set object_lock_enabled and use "
                      "aws_s3_bucket_object_lock_configuration");
}

static void b_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->planned))
        return;
    aws_tags_plan(ctx, req);
}

/* hashicorp's validBucketName: us-east-1 keeps the legacy rules, every
 * other region the DNS-compatible ones.  NULL when valid. */
static const char *b_name_problem(tf_arena *a, const char *v, const char *region)
{
    size_t n = strlen(v);
    if (strcmp(region, "us-east-1") == 0) {
        if (n > 255)
            return tf_arena_printf(a, "\"%s\" must contain less than 256 characters", v);
        if (n == 0 || strspn(v, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                "_.-") != n)
            return tf_arena_printf(a,
                                   "only alphanumeric characters, hyphens, periods, and "
                                   "underscores allowed in \"%s\"",
                                   v);
        return NULL;
    }
    if (n < 3 || n > 63)
        return tf_arena_printf(a, "\"%s\" must contain from 3 to 63 characters", v);
    if (strspn(v, "0123456789abcdefghijklmnopqrstuvwxyz-.") != n)
        return tf_arena_printf(a, "only lowercase alphanumeric characters and hyphens allowed "
                                  "in \"%s\"",
                               v);
    unsigned o[4];
    char tail;
    if (sscanf(v, "%3u.%3u.%3u.%3u%c", &o[0], &o[1], &o[2], &o[3], &tail) == 4 &&
        strspn(v, "0123456789.") == n)
        return tf_arena_printf(a, "\"%s\" must not be formatted as an IP address", v);
    if (v[0] == '.')
        return tf_arena_printf(a, "\"%s\" cannot start with a period", v);
    if (v[n - 1] == '.')
        return tf_arena_printf(a, "\"%s\" cannot end with a period", v);
    if (strstr(v, ".."))
        return tf_arena_printf(a, "\"%s\" can be only one period between labels", v);
    return NULL;
}

typedef struct b_lookup {
    aws_client *c;
    const volatile int *stop;
    const char *name;
} b_lookup;

/* create_once's lookup: the bucket of this name, if this account has it
 * (HeadBucket; a bucket of another account answers 403). */
static int b_lookup_ids(void *ud, tf_arena *a, const char ***ids, size_t *n, aws_error *err)
{
    b_lookup *l = ud;
    *n = 0;
    *ids = tf_arena_calloc(a, 2, sizeof **ids);
    s3_req rq = {.method = "HEAD", .bucket = l->name};
    aws_rest_response r;
    if (s3_call(l->c, a, l->stop, "HeadBucket", &rq, 0, &r, err) != 0)
        return aws_error_is(err, "NotFound") || aws_error_is(err, "NoSuchBucket") ? 0 : -1;
    (*ids)[(*n)++] = l->name;
    return 0;
}

static const tf_value *b_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *name = tf_get_str(planned, "bucket", "");
    if (!*name) {
        const char *prefix = tf_get_str(planned, "bucket_prefix", "");
        name = aws_name_or_generated(a, NULL, *prefix ? prefix : NULL);
    }
    const char *region = aws_client_region(m->client);
    const char *problem = b_name_problem(a, name, region);
    if (problem) {
        tf_diag_error(ctx->diags, NULL,
                      tf_arena_printf(a, "validating S3 Bucket (%s) name: %s", name, problem),
                      "%s", "");
        return NULL;
    }
    s3_req rq = {.method = "PUT", .bucket = name};
    if (strcmp(region, "us-east-1") != 0)
        rq.body = tf_arena_printf(a,
                                  "<CreateBucketConfiguration xmlns=\"" S3_NS "\">"
                                  "<LocationConstraint>%s</LocationConstraint>"
                                  "</CreateBucketConfiguration>",
                                  aws_xml_escape(a, region));
    aws_kv lock = {"x-amz-bucket-object-lock-enabled", "true"};
    if (tf_get_bool(planned, "object_lock_enabled", false)) {
        rq.headers = &lock;
        rq.n_headers = 1;
    }
    aws_rest_request rest;
    s3_rest_request(a, &rq, &rest);
    rest.idempotent = 0; /* the attempts are create_once's */
    aws_rest_response r;
    aws_error err;
    b_lookup lk = {.c = m->client, .stop = ctx->stop, .name = name};
    aws_create_once once = {.service = "s3", .operation = "CreateBucket",
                            .lookup = b_lookup_ids, .ud = &lk};
    const char *adopted;
    if (aws_create_once_restxml(m->client, a, ctx->stop, &once, &rest, &r, &adopted, &err) != 0) {
        aws_diag(ctx, &err, "creating S3 Bucket (%s)", name);
        return NULL;
    }
    const tf_value *state = tf_object_with(a, planned, "id", tf_string(a, name));
    state = tf_object_with(a, state, "bucket", tf_string(a, name));
    size_t nt;
    aws_tags_from_map(a, tf_get(planned, "tags_all"), &nt);
    if (nt > 0 && b_put_tags(ctx, m, name, tf_get(planned, "tags_all"), &err) != 0) {
        aws_diag(ctx, &err, "setting S3 Bucket (%s) tags", name);
        return b_refresh(ctx, m, state, true);
    }
    return b_refresh(ctx, m, state, true);
}

static const tf_value *b_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    return m ? b_refresh(ctx, m, state, false) : NULL;
}

static const tf_value *b_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    const char *id = tf_get_str(prior, "id", "");
    if (!tf_value_equal(tf_get(prior, "tags_all"), tf_get(planned, "tags_all"))) {
        aws_error err;
        if (b_put_tags(ctx, m, id, tf_get(planned, "tags_all"), &err) != 0) {
            aws_diag(ctx, &err, "updating S3 Bucket (%s) tags", id);
            return b_refresh(ctx, m, prior, false);
        }
    }
    return b_refresh(ctx, m, planned, true);
}

/* Deletes every object version and delete marker; 0, or -1 with err. */
static int b_empty(tf_ctx *ctx, const aws_meta *m, const char *bucket, aws_error *err)
{
    tf_arena *a = ctx->arena;
    for (int round = 0; round < 10000; round++) {
        s3_req lq = {.method = "GET", .bucket = bucket, .subresource = "versions"};
        aws_rest_response r;
        if (s3_call(m->client, a, ctx->stop, "ListObjectVersions", &lq, 0, &r, err) != 0)
            return aws_error_is(err, "NoSuchBucket") ? 0 : -1;
        const char *body = "<Delete xmlns=\"" S3_NS "\">";
        size_t n = 0;
        static const char *const kinds[] = {"Version", "DeleteMarker"};
        for (size_t k = 0; k < 2; k++)
            for (const aws_xml_node *v = aws_xml_first(r.doc, kinds[k]); v && n < 1000;
                 v = aws_xml_next(v)) {
                const char *vid = txt(v, "VersionId", "");
                body = tf_arena_printf(a, "%s<Object><Key>%s</Key>", body,
                                       aws_xml_escape(a, txt(v, "Key", "")));
                if (*vid)
                    body = tf_arena_printf(a, "%s<VersionId>%s</VersionId>", body,
                                           aws_xml_escape(a, vid));
                body = tf_arena_printf(a, "%s</Object>", body);
                n++;
            }
        if (n == 0)
            return 0;
        body = tf_arena_printf(a, "%s<Quiet>true</Quiet></Delete>", body);
        aws_kv bypass = {"x-amz-bypass-governance-retention", "true"};
        s3_req dq = {.method = "POST", .bucket = bucket, .subresource = "delete",
                     .headers = &bypass, .n_headers = 1, .body = body};
        if (s3_call(m->client, a, ctx->stop, "DeleteObjects", &dq, 0, &r, err) != 0)
            return -1;
        const aws_xml_node *e = aws_xml_first(r.doc, "Error");
        if (e) {
            aws_error_set(err, AWS_ERR_API, txt(e, "Code", "InternalError"),
                          "deleting object %s: %s", txt(e, "Key", ""), txt(e, "Message", ""));
            return -1;
        }
    }
    return 0;
}

static void b_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    const char *id = tf_get_str(prior, "id", "");
    aws_rest_response r;
    aws_error err;
    for (int attempt = 0; attempt < 5; attempt++) {
        s3_req rq = {.method = "DELETE", .bucket = id};
        if (s3_call(m->client, ctx->arena, ctx->stop, "DeleteBucket", &rq, 0, &r, &err) == 0 ||
            aws_error_is(&err, "NoSuchBucket"))
            return;
        if (!aws_error_is(&err, "BucketNotEmpty") ||
            !tf_get_bool(prior, "force_destroy", false))
            break;
        if (b_empty(ctx, m, id, &err) != 0) {
            aws_diag(ctx, &err, "emptying S3 Bucket (%s)", id);
            return;
        }
    }
    aws_diag(ctx, &err, "deleting S3 Bucket (%s)", id);
}

const tf_resource_def aws_s3_bucket_def = {
    .type_name = "aws_s3_bucket",
    .version = 0,
    .schema = &aws_schema_resource_aws_s3_bucket,
    .validate = b_validate,
    .modify_plan = b_modify_plan,
    .create = b_create,
    .read = b_read,
    .update = b_update,
    .delete = b_delete,
};

/* ============================ data aws_canonical_user_id ===================== */

static const tf_value *cuid_read(tf_ctx *ctx, const tf_value *config)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    aws_rest_response r;
    aws_error err;
    aws_rest_request rq = {.method = "GET", .path = "/", .idempotent = 1};
    if (aws_restxml_call(m->client, a, ctx->stop, "s3", "ListBuckets", &rq, &r, &err) != 0) {
        aws_diag(ctx, &err, "listing S3 Buckets");
        return NULL;
    }
    const char *id = txt(r.doc, "Owner/ID", "");
    if (!*id) {
        aws_error_set(&err, AWS_ERR_RESPONSE, "NotFound", "S3 Canonical User ID not found");
        aws_diag(ctx, &err, "reading S3 Canonical User ID");
        return NULL;
    }
    tf_objb b;
    tf_objb_init(&b, a, aws_schema_data_aws_canonical_user_id.ctype, config);
    tf_objb_str(&b, "id", id);
    tf_objb_str(&b, "display_name", txt(r.doc, "Owner/DisplayName", ""));
    return tf_objb_done(&b);
}

const tf_data_source_def aws_canonical_user_id_def = {
    .type_name = "aws_canonical_user_id",
    .version = 0,
    .schema = &aws_schema_data_aws_canonical_user_id,
    .read = cuid_read,
};

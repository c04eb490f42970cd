/* bucket_config.c - the bucket configuration resources the s3-bucket module
 * puts beside its bucket, as hashicorp/aws 5.100.0 manages them:
 *
 *   aws_s3_bucket_public_access_block  PutPublicAccessBlock / Get / Delete
 *   aws_s3_bucket_policy               PutBucketPolicy / Get / Delete
 *   aws_s3_bucket_ownership_controls   PutBucketOwnershipControls / Get / Delete
 *   aws_s3_bucket_acl                  PutBucketAcl / GetBucketAcl (no delete
 *                                      call: S3 has none; destroy only forgets)
 *
 * The id (and import id) is the bucket name; for the ACL it is
 * "bucket[,expected_bucket_owner][,acl]".  Calls right after a create retry
 * NoSuchBucket (the bucket may not be visible yet); a read that finds the
 * configuration (or the bucket) gone removes the resource from state. */

#include <string.h>
#include <time.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "iam/iam_common.h"
#include "iam/policy_json.h"
#include "provider_meta.h"
#include "resources.h"
#include "s3/s3_common.h"
#include "schema_block.h"
#include "value_build.h"

static const char *xml_text_or(const aws_xml_node *n, const char *path, const char *dflt)
{
    const char *t = aws_xml_text(n, path);
    return t ? t : dflt;
}

static int gone(const aws_error *e, const char *code)
{
    return aws_error_is(e, "NoSuchBucket") || (code && aws_error_is(e, code));
}

static const aws_kv *owner_header(tf_arena *a, const tf_value *v, size_t *n)
{
    const char *o = tf_get_str(v, "expected_bucket_owner", "");
    *n = 0;
    if (!*o)
        return NULL;
    aws_kv *h = tf_arena_calloc(a, 1, sizeof *h);
    h[0] = (aws_kv){"x-amz-expected-bucket-owner", o};
    *n = 1;
    return h;
}

/* ======================= aws_s3_bucket_public_access_block ================= */

#define PAB_SCHEMA aws_schema_resource_aws_s3_bucket_public_access_block
static const char *const pab_fields[][2] = {
    {"block_public_acls", "BlockPublicAcls"},
    {"block_public_policy", "BlockPublicPolicy"},
    {"ignore_public_acls", "IgnorePublicAcls"},
    {"restrict_public_buckets", "RestrictPublicBuckets"},
};

static const tf_value *pab_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                   bool is_new)
{
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(base, "id", "");
    aws_rest_response r;
    aws_error err;
    s3_req rq = {.method = "GET", .bucket = id, .subresource = "publicAccessBlock"};
    rq.headers = owner_header(a, base, &rq.n_headers);
    if (s3_call(m->client, a, ctx->stop, "GetPublicAccessBlock", &rq, is_new, &r, &err) != 0) {
        if (!is_new && gone(&err, "NoSuchPublicAccessBlockConfiguration"))
            return tf_null(a, PAB_SCHEMA.ctype);
        aws_diag(ctx, &err, "reading S3 Bucket Public Access Block (%s)", id);
        return is_new ? base : NULL;
    }
    tf_objb b;
    tf_objb_init(&b, a, PAB_SCHEMA.ctype, base);
    tf_objb_str(&b, "id", id);
    tf_objb_str(&b, "bucket", id);
    for (size_t i = 0; i < 4; i++)
        tf_objb_bool(&b, pab_fields[i][0], aws_xml_bool(r.doc, pab_fields[i][1], 0));
    return tf_objb_done(&b);
}

static int pab_put(tf_ctx *ctx, const aws_meta *m, const tf_value *v, aws_error *err)
{
    tf_arena *a = ctx->arena;
    const char *body = "<PublicAccessBlockConfiguration "
                       "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">";
    for (size_t i = 0; i < 4; i++)
        body = tf_arena_printf(a, "%s<%s>%s</%s>", body, pab_fields[i][1],
                               tf_get_bool(v, pab_fields[i][0], false) ? "true" : "false",
                               pab_fields[i][1]);
    body = tf_arena_printf(a, "%s</PublicAccessBlockConfiguration>", body);
    s3_req rq = {.method = "PUT", .bucket = tf_get_str(v, "bucket", ""),
                 .subresource = "publicAccessBlock", .body = body};
    rq.headers = owner_header(a, v, &rq.n_headers);
    aws_rest_response r;
    return s3_call(m->client, a, ctx->stop, "PutPublicAccessBlock", &rq, 1, &r, err);
}

static const tf_value *pab_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    const char *bucket = tf_get_str(planned, "bucket", "");
    aws_error err;
    if (pab_put(ctx, m, planned, &err) != 0) {
        aws_diag(ctx, &err, "creating S3 Bucket (%s) Public Access Block", bucket);
        return NULL;
    }
    return pab_refresh(ctx, m, tf_object_with(ctx->arena, planned, "id",
                                              tf_string(ctx->arena, bucket)), true);
}

static const tf_value *pab_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    return m ? pab_refresh(ctx, m, state, false) : NULL;
}

static const tf_value *pab_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    aws_error err;
    if (pab_put(ctx, m, planned, &err) != 0) {
        aws_diag(ctx, &err, "updating S3 Bucket Public Access Block (%s)",
                 tf_get_str(prior, "id", ""));
        return pab_refresh(ctx, m, prior, false);
    }
    return pab_refresh(ctx, m, planned, true);
}

static void pab_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    const char *id = tf_get_str(prior, "id", "");
    s3_req rq = {.method = "DELETE", .bucket = id, .subresource = "publicAccessBlock"};
    rq.headers = owner_header(ctx->arena, prior, &rq.n_headers);
    aws_rest_response r;
    aws_error err;
    if (s3_call(m->client, ctx->arena, ctx->stop, "DeletePublicAccessBlock", &rq, 0, &r,
                &err) != 0 &&
        !gone(&err, "NoSuchPublicAccessBlockConfiguration"))
        aws_diag(ctx, &err, "deleting S3 Bucket Public Access Block (%s)", id);
}

const tf_resource_def aws_s3_bucket_public_access_block_def = {
    .type_name = "aws_s3_bucket_public_access_block",
    .version = 0,
    .schema = &aws_schema_resource_aws_s3_bucket_public_access_block,
    .create = pab_create,
    .read = pab_read,
    .update = pab_update,
    .delete = pab_delete,
};

/* ============================ aws_s3_bucket_policy ========================== */

#define POL_SCHEMA aws_schema_resource_aws_s3_bucket_policy

static const tf_value *pol_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                   bool is_new)
{
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(base, "id", "");
    aws_rest_response r;
    aws_error err;
    s3_req rq = {.method = "GET", .bucket = id, .subresource = "policy"};
    if (s3_call(m->client, a, ctx->stop, "GetBucketPolicy", &rq, is_new, &r, &err) != 0) {
        if (!is_new && gone(&err, "NoSuchBucketPolicy"))
            return tf_null(a, POL_SCHEMA.ctype);
        aws_diag(ctx, &err, "reading S3 Bucket Policy (%s)", id);
        return is_new ? base : NULL;
    }
    tf_objb b;
    tf_objb_init(&b, a, POL_SCHEMA.ctype, base);
    tf_objb_str(&b, "id", id);
    tf_objb_str(&b, "bucket", id);
    const char *remote = iam_policy_to_set(a, tf_get_str(base, "policy", ""), r.body, false);
    tf_objb_str(&b, "policy", remote ? remote : r.body);
    return tf_objb_done(&b);
}

static int pol_put(tf_ctx *ctx, const aws_meta *m, const tf_value *v, aws_error *err)
{
    tf_arena *a = ctx->arena;
    const char *text = tf_get_str(v, "policy", "");
    const char *norm = pj_normalize(a, text, strlen(text));
    s3_req rq = {.method = "PUT", .bucket = tf_get_str(v, "bucket", ""),
                 .subresource = "policy", .body = norm ? norm : text,
                 .content_type = "application/json"};
    aws_rest_response r;
    /* hashicorp retries MalformedPolicy "Invalid principal" (IAM propagation)
     * for two minutes; the bucket itself may also not be visible yet */
    double waited = 0;
    for (;;) {
        if (s3_call(m->client, a, ctx->stop, "PutBucketPolicy", &rq, 1, &r, err) == 0)
            return 0;
        if (!aws_error_is(err, "MalformedPolicy") || !strstr(err->message, "Invalid principal") ||
            waited >= 120.0 || (ctx->stop && *ctx->stop))
            return -1;
        struct timespec ts = {1, 0};
        nanosleep(&ts, NULL);
        waited += 1;
    }
}

static void pol_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->planned))
        return;
    iam_plan_policy(ctx, req, "policy", false);
}

static const tf_value *pol_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    const char *bucket = tf_get_str(planned, "bucket", "");
    aws_error err;
    if (pol_put(ctx, m, planned, &err) != 0) {
        aws_diag(ctx, &err, "putting S3 Bucket (%s) Policy", bucket);
        return NULL;
    }
    return pol_refresh(ctx, m, tf_object_with(ctx->arena, planned, "id",
                                              tf_string(ctx->arena, bucket)), true);
}

static const tf_value *pol_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    return m ? pol_refresh(ctx, m, state, false) : NULL;
}

static const tf_value *pol_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    aws_error err;
    if (pol_put(ctx, m, planned, &err) != 0) {
        aws_diag(ctx, &err, "putting S3 Bucket (%s) Policy", tf_get_str(prior, "id", ""));
        return pol_refresh(ctx, m, prior, false);
    }
    return pol_refresh(ctx, m, planned, true);
}

static void pol_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    const char *id = tf_get_str(prior, "id", "");
    s3_req rq = {.method = "DELETE", .bucket = id, .subresource = "policy"};
    aws_rest_response r;
    aws_error err;
    if (s3_call(m->client, ctx->arena, ctx->stop, "DeleteBucketPolicy", &rq, 0, &r, &err) != 0 &&
        !gone(&err, "NoSuchBucketPolicy"))
        aws_diag(ctx, &err, "deleting S3 Bucket Policy (%s)", id);
}

const tf_resource_def aws_s3_bucket_policy_def = {
    .type_name = "aws_s3_bucket_policy",
    .version = 0,
    .schema = &aws_schema_resource_aws_s3_bucket_policy,
    .modify_plan = pol_modify_plan,
    .create = pol_create,
    .read = pol_read,
    .update = pol_update,
    .delete = pol_delete,
};

/* ======================= aws_s3_bucket_ownership_controls =================== */

#define OWN_SCHEMA aws_schema_resource_aws_s3_bucket_ownership_controls

static const tf_value *own_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                   bool is_new)
{
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(base, "id", "");
    aws_rest_response r;
    aws_error err;
    s3_req rq = {.method = "GET", .bucket = id, .subresource = "ownershipControls"};
    if (s3_call(m->client, a, ctx->stop, "GetBucketOwnershipControls", &rq, is_new, &r,
                &err) != 0) {
        if (!is_new && gone(&err, "OwnershipControlsNotFoundError"))
            return tf_null(a, OWN_SCHEMA.ctype);
        aws_diag(ctx, &err, "reading S3 Bucket Ownership Controls (%s)", id);
        return is_new ? base : NULL;
    }
    const tf_block *rule = aws_schema_block(&OWN_SCHEMA, "rule");
    size_t n = 0;
    for (const aws_xml_node *x = aws_xml_first(r.doc, "Rule"); x; x = aws_xml_next(x))
        n++;
    const tf_value **items = tf_arena_calloc(a, n + 1, sizeof *items);
    size_t k = 0;
    for (const aws_xml_node *x = aws_xml_first(r.doc, "Rule"); x; x = aws_xml_next(x)) {
        tf_objb rb;
        tf_objb_init(&rb, a, rule->ctype, NULL);
        tf_objb_str(&rb, "object_ownership", xml_text_or(x, "ObjectOwnership", ""));
        items[k++] = tf_objb_done(&rb);
    }
    tf_objb b;
    tf_objb_init(&b, a, OWN_SCHEMA.ctype, base);
    tf_objb_str(&b, "id", id);
    tf_objb_str(&b, "bucket", id);
    tf_objb_set(&b, "rule", tf_list(a, rule->ctype, k, items));
    return tf_objb_done(&b);
}

static int own_put(tf_ctx *ctx, const aws_meta *m, const tf_value *v, aws_error *err)
{
    tf_arena *a = ctx->arena;
    const char *body = "<OwnershipControls xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">";
    const tf_value *rules = tf_get(v, "rule");
    for (size_t i = 0; tf_is_known(rules) && i < rules->u.coll.n; i++)
        body = tf_arena_printf(
            a, "%s<Rule><ObjectOwnership>%s</ObjectOwnership></Rule>", body,
            aws_xml_escape(a, tf_get_str(rules->u.coll.items[i], "object_ownership", "")));
    body = tf_arena_printf(a, "%s</OwnershipControls>", body);
    s3_req rq = {.method = "PUT", .bucket = tf_get_str(v, "bucket", ""),
                 .subresource = "ownershipControls", .body = body};
    aws_rest_response r;
    return s3_call(m->client, a, ctx->stop, "PutBucketOwnershipControls", &rq, 1, &r, err);
}

static const tf_value *own_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    const char *bucket = tf_get_str(planned, "bucket", "");
    aws_error err;
    if (own_put(ctx, m, planned, &err) != 0) {
        aws_diag(ctx, &err, "creating S3 Bucket (%s) Ownership Controls", bucket);
        return NULL;
    }
    return own_refresh(ctx, m, tf_object_with(ctx->arena, planned, "id",
                                              tf_string(ctx->arena, bucket)), true);
}

static const tf_value *own_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    return m ? own_refresh(ctx, m, state, false) : NULL;
}

static const tf_value *own_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    aws_error err;
    if (own_put(ctx, m, planned, &err) != 0) {
        aws_diag(ctx, &err, "updating S3 Bucket Ownership Controls (%s)",
                 tf_get_str(prior, "id", ""));
        return own_refresh(ctx, m, prior, false);
    }
    return own_refresh(ctx, m, planned, true);
}

static void own_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    const char *id = tf_get_str(prior, "id", "");
    s3_req rq = {.method = "DELETE", .bucket = id, .subresource = "ownershipControls"};
    aws_rest_response r;
    aws_error err;
    if (s3_call(m->client, ctx->arena, ctx->stop, "DeleteBucketOwnershipControls", &rq, 0, &r,
                &err) != 0 &&
        !gone(&err, "OwnershipControlsNotFoundError"))
        aws_diag(ctx, &err, "deleting S3 Bucket Ownership Controls (%s)", id);
}

const tf_resource_def aws_s3_bucket_ownership_controls_def = {
    .type_name = "aws_s3_bucket_ownership_controls",
    .version = 0,
    .schema = &aws_schema_resource_aws_s3_bucket_ownership_controls,
    .create = own_create,
    .read = own_read,
    .update = own_update,
    .delete = own_delete,
};

/* ============================== aws_s3_bucket_acl =========================== */

#define ACL_SCHEMA aws_schema_resource_aws_s3_bucket_acl

static const char *acl_id(tf_arena *a, const tf_value *v)
{
    const char *id = tf_get_str(v, "bucket", "");
    const char *owner = tf_get_str(v, "expected_bucket_owner", "");
    const char *acl = tf_get_str(v, "acl", "");
    if (*owner)
        id = tf_arena_printf(a, "%s,%s", id, owner);
    if (*acl)
        id = tf_arena_printf(a, "%s,%s", id, acl);
    return id;
}

static int is_canned(const char *s)
{
    static const char *const canned[] = {"private", "public-read", "public-read-write",
                                         "authenticated-read", "aws-exec-read",
                                         "bucket-owner-read", "bucket-owner-full-control",
                                         "log-delivery-write", NULL};
    for (size_t i = 0; canned[i]; i++)
        if (strcmp(canned[i], s) == 0)
            return 1;
    return 0;
}

/* The import id "bucket[,owner][,acl]" as hashicorp parses it. */
static const tf_value *acl_import(tf_ctx *ctx, const char *id)
{
    tf_arena *a = ctx->arena;
    char *copy = tf_arena_printf(a, "%s", id);
    const char *parts[3] = {0};
    size_t n = 0;
    for (char *p = copy, *tok; n < 3 && (tok = p);) {
        p = strchr(p, ',');
        if (p)
            *p++ = '\0';
        parts[n++] = tok;
        if (!p)
            break;
    }
    if (!*parts[0] || (strchr(id, ',') && n == 3 && strchr(parts[2], ','))) {
        tf_diag_error(ctx->diags, NULL, "Invalid import ID",
                      "unexpected format for ID (%s), expected BUCKET or "
                      "BUCKET,EXPECTED_BUCKET_OWNER or BUCKET,ACL or "
                      "BUCKET,EXPECTED_BUCKET_OWNER,ACL",
                      id);
        return NULL;
    }
    tf_objb b;
    tf_objb_init(&b, a, ACL_SCHEMA.ctype, NULL);
    tf_objb_str(&b, "id", id);
    tf_objb_str(&b, "bucket", parts[0]);
    if (n == 2) {
        if (is_canned(parts[1]))
            tf_objb_str(&b, "acl", parts[1]);
        else
            tf_objb_str(&b, "expected_bucket_owner", parts[1]);
    } else if (n == 3) {
        tf_objb_str(&b, "expected_bucket_owner", parts[1]);
        tf_objb_str(&b, "acl", parts[2]);
    }
    return tf_objb_done(&b);
}

static const tf_value *acl_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                   bool is_new)
{
    tf_arena *a = ctx->arena;
    const char *bucket = tf_get_str(base, "bucket", "");
    aws_rest_response r;
    aws_error err;
    s3_req rq = {.method = "GET", .bucket = bucket, .subresource = "acl"};
    rq.headers = owner_header(a, base, &rq.n_headers);
    if (s3_call(m->client, a, ctx->stop, "GetBucketAcl", &rq, is_new, &r, &err) != 0) {
        if (!is_new && gone(&err, NULL))
            return tf_null(a, ACL_SCHEMA.ctype);
        aws_diag(ctx, &err, "reading S3 Bucket ACL (%s)", tf_get_str(base, "id", ""));
        return is_new ? base : NULL;
    }
    const tf_block *acp = aws_schema_block(&ACL_SCHEMA, "access_control_policy");
    const tf_block *grant = aws_schema_block(&ACL_SCHEMA, "access_control_policy.grant");
    const tf_block *grantee =
        aws_schema_block(&ACL_SCHEMA, "access_control_policy.grant.grantee");
    const tf_block *owner = aws_schema_block(&ACL_SCHEMA, "access_control_policy.owner");
    size_t n = 0;
    for (const aws_xml_node *g = aws_xml_first(r.doc, "AccessControlList/Grant"); g;
         g = aws_xml_next(g))
        n++;
    const tf_value **grants = tf_arena_calloc(a, n + 1, sizeof *grants);
    size_t k = 0;
    for (const aws_xml_node *g = aws_xml_first(r.doc, "AccessControlList/Grant"); g;
         g = aws_xml_next(g)) {
        const aws_xml_node *ge = aws_xml_child(g, "Grantee");
        tf_objb eb;
        tf_objb_init(&eb, a, grantee->ctype, NULL);
        tf_objb_str(&eb, "display_name", xml_text_or(ge, "DisplayName", ""));
        tf_objb_str(&eb, "email_address", xml_text_or(ge, "EmailAddress", ""));
        tf_objb_str(&eb, "id", xml_text_or(ge, "ID", ""));
        tf_objb_str(&eb, "type", s3_grantee_type(ge));
        tf_objb_str(&eb, "uri", xml_text_or(ge, "URI", ""));
        const tf_value *gev = tf_objb_done(&eb);
        tf_objb gb;
        tf_objb_init(&gb, a, grant->ctype, NULL);
        tf_objb_set(&gb, "grantee", tf_list(a, grantee->ctype, 1, &gev));
        tf_objb_str(&gb, "permission", xml_text_or(g, "Permission", ""));
        grants[k++] = tf_objb_done(&gb);
    }
    tf_objb ob;
    tf_objb_init(&ob, a, owner->ctype, NULL);
    tf_objb_str(&ob, "display_name", xml_text_or(r.doc, "Owner/DisplayName", ""));
    tf_objb_str(&ob, "id", xml_text_or(r.doc, "Owner/ID", ""));
    const tf_value *ov = tf_objb_done(&ob);
    tf_objb pb;
    tf_objb_init(&pb, a, acp->ctype, NULL);
    tf_objb_set(&pb, "grant", tf_set(a, grant->ctype, k, grants));
    tf_objb_set(&pb, "owner", tf_list(a, owner->ctype, 1, &ov));
    const tf_value *pv = tf_objb_done(&pb);
    tf_objb b;
    tf_objb_init(&b, a, ACL_SCHEMA.ctype, base);
    tf_objb_str(&b, "bucket", bucket);
    tf_objb_str(&b, "expected_bucket_owner", tf_get_str(base, "expected_bucket_owner", ""));
    tf_objb_set(&b, "access_control_policy", tf_list(a, acp->ctype, 1, &pv));
    return tf_objb_done(&b);
}

static int acl_put(tf_ctx *ctx, const aws_meta *m, const tf_value *v, aws_error *err)
{
    tf_arena *a = ctx->arena;
    s3_req rq = {.method = "PUT", .bucket = tf_get_str(v, "bucket", ""), .subresource = "acl"};
    aws_kv *h = tf_arena_calloc(a, 2, sizeof *h);
    size_t nh = 0;
    const char *owner = tf_get_str(v, "expected_bucket_owner", "");
    if (*owner)
        h[nh++] = (aws_kv){"x-amz-expected-bucket-owner", owner};
    const char *acl = tf_get_str(v, "acl", "");
    const tf_value *acps = tf_get(v, "access_control_policy");
    if (*acl) {
        h[nh++] = (aws_kv){"x-amz-acl", acl};
    } else if (tf_is_known(acps) && acps->u.coll.n > 0) {
        const tf_value *acp = acps->u.coll.items[0];
        const char *body = "<AccessControlPolicy xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
                           "<AccessControlList>";
        const tf_value *grants = tf_get(acp, "grant");
        for (size_t i = 0; tf_is_known(grants) && i < grants->u.coll.n; i++) {
            const tf_value *g = grants->u.coll.items[i];
            const tf_value *ges = tf_get(g, "grantee");
            body = tf_arena_printf(a, "%s<Grant>", body);
            if (tf_is_known(ges) && ges->u.coll.n > 0) {
                const tf_value *ge = ges->u.coll.items[0];
                const char *type = tf_get_str(ge, "type", "");
                body = tf_arena_printf(a,
                                       "%s<Grantee xmlns:xsi=\"http://www.w3.org/2001/"
                                       "XMLSchema-instance\" xsi:type=\"%s\">",
                                       body, aws_xml_escape(a, type));
                const char *fields[][2] = {{"email_address", "EmailAddress"},
                                           {"id", "ID"},
                                           {"uri", "URI"}};
                for (size_t f = 0; f < 3; f++) {
                    const char *s = tf_get_str(ge, fields[f][0], "");
                    if (*s)
                        body = tf_arena_printf(a, "%s<%s>%s</%s>", body, fields[f][1],
                                               aws_xml_escape(a, s), fields[f][1]);
                }
                body = tf_arena_printf(a, "%s</Grantee>", body);
            }
            body = tf_arena_printf(a, "%s<Permission>%s</Permission></Grant>", body,
                                   aws_xml_escape(a, tf_get_str(g, "permission", "")));
        }
        body = tf_arena_printf(a, "%s</AccessControlList>", body);
        const tf_value *owners = tf_get(acp, "owner");
        if (tf_is_known(owners) && owners->u.coll.n > 0) {
            const tf_value *o = owners->u.coll.items[0];
            const char *dn = tf_get_str(o, "display_name", "");
            body = tf_arena_printf(a, "%s<Owner>", body);
            if (*dn)
                body = tf_arena_printf(a, "%s<DisplayName>%s</DisplayName>", body,
                                       aws_xml_escape(a, dn));
            body = tf_arena_printf(a, "%s<ID>%s</ID></Owner>", body,
                                   aws_xml_escape(a, tf_get_str(o, "id", "")));
        }
        rq.body = tf_arena_printf(a, "%s</AccessControlPolicy>", body);
    }
    rq.headers = h;
    rq.n_headers = nh;
    aws_rest_response r;
    return s3_call(m->client, a, ctx->stop, "PutBucketAcl", &rq, 1, &r, err);
}

/* hashicorp's CustomizeDiff: a changed acl makes access_control_policy
 * known only after apply (it is what S3 answers for the new ACL). */
static void acl_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->planned) || tf_is_null(req->prior))
        return;
    if (tf_value_equal(tf_get(req->prior, "acl"), tf_get(req->planned, "acl")))
        return;
    const tf_value *acp = tf_get(req->planned, "access_control_policy");
    req->planned = tf_object_with(ctx->arena, req->planned, "access_control_policy",
                                  tf_unknown(ctx->arena, acp->type));
}

static const tf_value *acl_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *bucket = tf_get_str(planned, "bucket", "");
    aws_error err;
    if (acl_put(ctx, m, planned, &err) != 0) {
        aws_diag(ctx, &err, "creating S3 Bucket (%s) ACL", bucket);
        return NULL;
    }
    return acl_refresh(ctx, m, tf_object_with(a, planned, "id", tf_string(a, acl_id(a, planned))),
                       true);
}

static const tf_value *acl_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    return m ? acl_refresh(ctx, m, state, false) : NULL;
}

static const tf_value *acl_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    aws_error err;
    if (acl_put(ctx, m, planned, &err) != 0) {
        aws_diag(ctx, &err, "updating S3 Bucket ACL (%s)", tf_get_str(prior, "id", ""));
        return acl_refresh(ctx, m, prior, false);
    }
    return acl_refresh(ctx, m, tf_object_with(a, planned, "id", tf_string(a, acl_id(a, planned))),
                       true);
}

static void acl_delete(tf_ctx *ctx, const tf_value *prior)
{
    /* S3 has no call to remove an ACL: hashicorp/aws only forgets it */
    (void)ctx;
    (void)prior;
}

const tf_resource_def aws_s3_bucket_acl_def = {
    .type_name = "aws_s3_bucket_acl",
    .version = 0,
    .schema = &aws_schema_resource_aws_s3_bucket_acl,
    .modify_plan = acl_modify_plan,
    .create = acl_create,
    .read = acl_read,
    .update = acl_update,
    .delete = acl_delete,
    .import = acl_import,
};

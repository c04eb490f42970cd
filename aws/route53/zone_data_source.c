/* zone_data_source.c - data "aws_route53_zone", as hashicorp/aws 5.100.0
 * finds a hosted zone.
 *
 * By zone_id: GetHostedZone.  Otherwise every page of ListHostedZones,
 * keeping the zones whose name equals `name` (both normalised: lower case,
 * no trailing dot), whose privacy equals private_zone (true when vpc_id is
 * set), that are associated with vpc_id (GetHostedZone of each candidate)
 * and whose tags hold every configured tag (ListTagsForResource of each
 * candidate); exactly one must remain ("no matching Route 53 Hosted Zone
 * found" / "multiple Route 53 Hosted Zones matched; use additional
 * constraints to reduce matches to a single Route 53 Hosted Zone").
 * zone_id with name, or vpc_id with private_zone = false, only warn and
 * set nothing, as hashicorp/aws does.  Then GetHostedZone for the name
 * servers (a private zone's come from its apex NS record) and
 * ListTagsForResource for tags. */

#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "resources.h"
#include "route53.h"
#include "tags.h"
#include "value_build.h"

#define ZDS_WHAT "Route 53 Hosted Zone"

static bool zds_tags_contain(const aws_kv *have, size_t n, const tf_value *want)
{
    for (size_t i = 0; i < want->u.coll.n; i++) {
        const char *k = want->u.coll.keys[i];
        const tf_value *v = want->u.coll.items[i];
        bool found = false;
        for (size_t j = 0; j < n && !found; j++)
            found = strcmp(have[j].key, k) == 0 && tf_is_known(v) && !tf_is_null(v) &&
                    strcmp(have[j].value, v->u.str.ptr) == 0;
        if (!found)
            return false;
    }
    return true;
}

static const tf_value *zds_read(tf_ctx *ctx, const tf_value *config)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *zone_id = tf_get_str(config, "zone_id", "");
    const char *name = tf_get_str(config, "name", "");
    const char *vpc_id = tf_get_str(config, "vpc_id", "");
    if (*zone_id && *name) {
        tf_diag_warn(ctx->diags, NULL, "only one of `zone_id` or `name` may be set", "%s", "");
        return config;
    }
    bool private_zone = *vpc_id != '\0';
    const tf_value *pz = tf_get(config, "private_zone");
    if (tf_is_known(pz) && !tf_is_null(pz) && pz->u.b)
        private_zone = true;
    if (*vpc_id && !private_zone) {
        tf_diag_warn(ctx->diags, NULL, "`vpc_id` can only be set for private zones", "%s", "");
        return config;
    }
    const tf_value *want_tags = tf_get(config, "tags");
    size_t n_want = tf_is_known(want_tags) && !tf_is_null(want_tags) ? want_tags->u.coll.n : 0;
    aws_error err;
    const aws_xml_node *doc = NULL;
    aws_kv *tags = NULL;
    size_t n_tags = 0;
    bool have_tags = false;
    if (*zone_id) {
        int rc = r53_get_zone(m->client, a, ctx->stop, zone_id, &doc, &err);
        if (rc != 0) {
            if (rc == 1)
                aws_error_set(&err, AWS_ERR_API, "NoSuchHostedZone",
                              "No hosted zone found with ID: %s", zone_id);
            aws_diag(ctx, &err, "reading %s (%s)", ZDS_WHAT, zone_id);
            return NULL;
        }
    } else {
        const char *want = r53_normalize(a, name);
        const char *found = NULL;
        int matches = 0;
        const char *marker = NULL;
        for (int page = 0; page < 10000; page++) {
            aws_kv q[] = {{"marker", marker}};
            aws_rest_request rq = {.method = "GET", .path = "/2013-04-01/hostedzone",
                                   .query = q, .n_query = 1};
            aws_rest_response out;
            if (aws_restxml_call(m->client, a, ctx->stop, "route53", "ListHostedZones", &rq, &out,
                                 &err) != 0) {
                aws_diag(ctx, &err, "reading Route 53 Hosted Zones");
                return NULL;
            }
            for (const aws_xml_node *z = aws_xml_first(out.doc, "HostedZones/HostedZone"); z;
                 z = aws_xml_next(z)) {
                if (*name && strcmp(r53_normalize(a, aws_xml_text(z, "Name")), want) != 0)
                    continue;
                if (aws_xml_bool(z, "Config/PrivateZone", 0) != private_zone)
                    continue;
                const char *zid = r53_clean_id(aws_xml_text(z, "Id"));
                if (*vpc_id) {
                    const aws_xml_node *d;
                    if (r53_get_zone(m->client, a, ctx->stop, zid, &d, &err) != 0) {
                        aws_diag(ctx, &err, "reading %s (%s)", ZDS_WHAT, zid);
                        return NULL;
                    }
                    bool match = false;
                    for (const aws_xml_node *v = aws_xml_first(d, "VPCs/VPC"); v && !match;
                         v = aws_xml_next(v))
                        match = strcmp(aws_xml_text(v, "VPCId") ? aws_xml_text(v, "VPCId") : "",
                                       vpc_id) == 0;
                    if (!match)
                        continue;
                }
                if (n_want) {
                    aws_kv *zt;
                    size_t nz;
                    if (r53_list_tags(m->client, a, ctx->stop, zid, &zt, &nz, &err) != 0) {
                        aws_diag(ctx, &err, "listing %s (%s) tags", ZDS_WHAT, zid);
                        return NULL;
                    }
                    if (!zds_tags_contain(zt, nz, want_tags))
                        continue;
                    tags = zt;
                    n_tags = nz;
                    have_tags = true;
                }
                matches++;
                found = zid;
            }
            if (!aws_xml_bool(out.doc, "IsTruncated", 0))
                break;
            marker = aws_xml_text(out.doc, "NextMarker");
            if (!marker)
                break;
        }
        if (matches == 0) {
            tf_diag_error(ctx->diags, NULL, "no matching Route 53 Hosted Zone found", "%s", "");
            return NULL;
        }
        if (matches > 1) {
            tf_diag_error(ctx->diags, NULL,
                          "multiple Route 53 Hosted Zones matched; use additional constraints "
                          "to reduce matches to a single Route 53 Hosted Zone",
                          "%s", "");
            return NULL;
        }
        if (r53_get_zone(m->client, a, ctx->stop, found, &doc, &err) != 0) {
            aws_diag(ctx, &err, "reading %s (%s)", ZDS_WHAT, found);
            return NULL;
        }
        if (matches > 1 || n_want == 0)
            have_tags = false;
    }
    const char *zid = r53_clean_id(aws_xml_text(doc, "HostedZone/Id"));
    const char **ns;
    size_t n_ns;
    if (r53_zone_name_servers(m->client, a, ctx->stop, doc, &ns, &n_ns, &err) != 0) {
        aws_diag(ctx, &err, "reading Route53 Hosted Zone (%s) name servers", zid);
        return NULL;
    }
    if (!have_tags && r53_list_tags(m->client, a, ctx->stop, zid, &tags, &n_tags, &err) != 0) {
        aws_diag(ctx, &err, "listing %s (%s) tags", ZDS_WHAT, zid);
        return NULL;
    }
    tf_objb b;
    tf_objb_init(&b, a, config->type, config);
    tf_objb_str(&b, "id", zid);
    tf_objb_str(&b, "zone_id", zid);
    tf_objb_str(&b, "arn", r53_zone_arn(a, m, zid));
    const char *ref = aws_xml_text(doc, "HostedZone/CallerReference");
    tf_objb_str(&b, "caller_reference", ref ? ref : "");
    const char *comment = aws_xml_text(doc, "HostedZone/Config/Comment");
    tf_objb_str(&b, "comment", comment ? comment : "");
    const char *lsd = aws_xml_text(doc, "HostedZone/LinkedService/Description");
    const char *lsp = aws_xml_text(doc, "HostedZone/LinkedService/ServicePrincipal");
    /* set only for a zone a service made (hashicorp leaves them null) */
    if (aws_xml_child(doc, "HostedZone/LinkedService")) {
        tf_objb_str(&b, "linked_service_description", lsd ? lsd : "");
        tf_objb_str(&b, "linked_service_principal", lsp ? lsp : "");
    }
    tf_objb_str(&b, "name", r53_normalize(a, aws_xml_text(doc, "HostedZone/Name")));
    tf_objb_bool(&b, "private_zone", aws_xml_bool(doc, "HostedZone/Config/PrivateZone", 0));
    tf_objb_i64(&b, "resource_record_set_count",
                aws_xml_int(doc, "HostedZone/ResourceRecordSetCount", 0));
    tf_objb_set(&b, "name_servers", tf_string_list(a, ns, n_ns));
    tf_objb_str(&b, "primary_name_server", n_ns ? ns[0] : "");
    /* tags: what AWS holds, less aws: keys and ignore_tags. */
    const char **keys = tf_arena_calloc(a, n_tags + 1, sizeof *keys);
    const char **vals = tf_arena_calloc(a, n_tags + 1, sizeof *vals);
    size_t k = 0;
    for (size_t i = 0; i < n_tags; i++) {
        if (strncmp(tags[i].key, "aws:", 4) == 0 || aws_tags_ignored(m, tags[i].key))
            continue;
        keys[k] = tags[i].key;
        vals[k++] = tags[i].value;
    }
    tf_objb_set(&b, "tags", tf_string_map(a, keys, vals, k));
    const tf_value *vpc = tf_get(config, "vpc_id");
    if (!tf_is_known(vpc) || tf_is_null(vpc))
        tf_objb_str(&b, "vpc_id", NULL);
    return tf_objb_done(&b);
}

const tf_data_source_def aws_route53_zone_data_source_def = {
    .type_name = "aws_route53_zone",
    .version = 0,
    .schema = &aws_schema_data_aws_route53_zone,
    .read = zds_read,
};

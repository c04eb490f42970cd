/* zone.c - aws_route53_zone, as hashicorp/aws 5.100.0 manages it.
 *
 * Create: CreateHostedZone (Name, a fresh CallerReference, HostedZoneConfig
 * Comment, the first VPC for a private zone, DelegationSetId) through
 * create_once (a repeated CallerReference is refused, so an attempt that
 * may have acted is found by its caller reference in ListHostedZones), the
 * change waited INSYNC, tags by ChangeTagsForResource, the other VPCs
 * associated one by one (each change waited).  Read: GetHostedZone (name
 * without the trailing dot, comment, delegation set id, name servers -
 * the delegation set's, sorted, the first unsorted one as primary; a private
 * zone's from its apex NS record -, VPCs), ListTagsForResource; the ARN is
 * arn:<partition>:route53:::hostedzone/<id>.  Update: comment
 * (UpdateHostedZoneComment), tags, VPCs (associate the new ones first).
 * Delete: with force_destroy every record set but the apex NS/SOA is
 * deleted first (batches of a listing page, each waited); then
 * DeleteHostedZone (NoSuchHostedZone: gone already) and its change waited.
 * The id is the zone id; import by it. */

#include <stdlib.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "resources.h"
#include "route53.h"
#include "schema_block.h"
#include "tags.h"
#include "value_build.h"

#define ZONE_WHAT "Route53 Hosted Zone"
#define ZONE_SCHEMA aws_schema_resource_aws_route53_zone

static int zone_cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static const tf_value *zone_vpc_set(tf_arena *a, const aws_xml_node *doc)
{
    const tf_block *vb = aws_schema_block(&ZONE_SCHEMA, "vpc");
    size_t n = 0;
    for (const aws_xml_node *v = aws_xml_first(doc, "VPCs/VPC"); v; v = aws_xml_next(v))
        n++;
    const tf_value **items = tf_arena_calloc(a, n + 1, sizeof *items);
    size_t k = 0;
    for (const aws_xml_node *v = aws_xml_first(doc, "VPCs/VPC"); v; v = aws_xml_next(v)) {
        tf_objb b;
        tf_objb_init(&b, a, vb->ctype, NULL);
        const char *id = aws_xml_text(v, "VPCId"), *region = aws_xml_text(v, "VPCRegion");
        tf_objb_str(&b, "vpc_id", id ? id : "");
        tf_objb_str(&b, "vpc_region", region ? region : "");
        items[k++] = tf_objb_done(&b);
    }
    return tf_set(a, vb->ctype, k, items);
}

static const tf_value *zone_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                    bool is_new)
{
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(base, "id", "");
    const aws_xml_node *doc;
    aws_error err;
    int rc = r53_get_zone(m->client, a, ctx->stop, id, &doc, &err);
    if (rc == 1 && !is_new)
        return tf_null(a, ZONE_SCHEMA.ctype);
    if (rc != 0) {
        aws_diag(ctx, &err, "reading %s (%s)", ZONE_WHAT, id);
        return is_new ? base : NULL;
    }
    const char **ns;
    size_t n_ns;
    if (r53_zone_name_servers(m->client, a, ctx->stop, doc, &ns, &n_ns, &err) != 0) {
        aws_diag(ctx, &err, "getting %s (%s) name servers", ZONE_WHAT, id);
        return is_new ? base : NULL;
    }
    aws_kv *tags;
    size_t nt;
    if (r53_list_tags(m->client, a, ctx->stop, id, &tags, &nt, &err) != 0) {
        aws_diag(ctx, &err, "listing tags for %s (%s)", ZONE_WHAT, id);
        return is_new ? base : NULL;
    }
    tf_objb b;
    tf_objb_init(&b, a, ZONE_SCHEMA.ctype, base);
    const char *zid = r53_clean_id(aws_xml_text(doc, "HostedZone/Id"));
    tf_objb_str(&b, "id", zid);
    tf_objb_str(&b, "zone_id", zid);
    tf_objb_str(&b, "arn", r53_zone_arn(a, m, zid));
    tf_objb_str(&b, "name", r53_normalize(a, aws_xml_text(doc, "HostedZone/Name")));
    const char *comment = aws_xml_text(doc, "HostedZone/Config/Comment");
    tf_objb_str(&b, "comment", comment ? comment : "");
    const char *ds = aws_xml_text(doc, "DelegationSet/Id");
    tf_objb_str(&b, "delegation_set_id", ds ? r53_clean_id(ds) : "");
    tf_objb_str(&b, "primary_name_server", n_ns ? ns[0] : NULL);
    const char **sorted = tf_arena_calloc(a, n_ns + 1, sizeof *sorted);
    memcpy(sorted, ns, n_ns * sizeof *sorted);
    qsort(sorted, n_ns, sizeof *sorted, zone_cmp_str);
    tf_objb_set(&b, "name_servers", tf_string_list(a, sorted, n_ns));
    tf_objb_set(&b, "vpc", zone_vpc_set(a, doc));
    /* force_destroy is never read: an imported zone has none (null), as
     * with hashicorp/aws */
    aws_tags_set_state(&b, m, tags, nt, tf_get(base, "tags"));
    return tf_objb_done(&b);
}

static void zone_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->planned))
        return;
    tf_arena *a = ctx->arena;
    /* name's StateFunc (TrimTrailingPeriod, as the zone reads back):
     * "example.com." plans as "example.com" and is no change of it. */
    const tf_value *name = tf_get(req->config, "name");
    if (tf_is_known(name) && !tf_is_null(name)) {
        const char *norm = r53_normalize(a, name->u.str.ptr);
        req->planned = tf_object_with(a, req->planned, "name", tf_string(a, norm));
        if (strcmp(norm, name->u.str.ptr) != 0)
            req->legacy_type_system = true;
        const tf_value *prior = tf_get(req->prior, "name");
        if (tf_is_known(prior) && !tf_is_null(prior) && strcmp(prior->u.str.ptr, norm) == 0)
            for (size_t i = 0; i < req->n_replace; i++)
                if (req->replace[i] &&
                    strcmp(tf_path_string(a, req->replace[i]), "name") == 0)
                    req->replace[i] = NULL;
    }
    /* vpc is a set hashed by vpc_id alone (hostedZoneVPCHash): an element
     * whose vpc_region is left to the provider is the prior element of that
     * VPC, region included. */
    const tf_value *pv = tf_get(req->prior, "vpc"), *nv = tf_get(req->planned, "vpc");
    if (tf_is_known(pv) && !tf_is_null(pv) && tf_is_known(nv) && !tf_is_null(nv) &&
        nv->u.coll.n > 0) {
        size_t n = nv->u.coll.n;
        const tf_value **items = tf_arena_calloc(a, n, sizeof *items);
        bool changed = false;
        for (size_t i = 0; i < n; i++) {
            const tf_value *e = nv->u.coll.items[i];
            items[i] = e;
            const tf_value *region = tf_get(e, "vpc_region");
            const tf_value *id = tf_get(e, "vpc_id");
            if (tf_is_known(region) || !tf_is_known(id) || tf_is_null(id))
                continue;
            for (size_t j = 0; j < pv->u.coll.n; j++) {
                const tf_value *old = pv->u.coll.items[j];
                if (strcmp(tf_get_str(old, "vpc_id", ""), id->u.str.ptr) == 0) {
                    items[i] = old;
                    changed = true;
                    break;
                }
            }
        }
        if (changed)
            req->planned = tf_object_with(a, req->planned, "vpc",
                                          tf_set(a, nv->type->elem, n, items));
    }
    aws_tags_plan(ctx, req);
}

/* vpc elements as (id, region); a region left out is the provider's. */
typedef struct {
    const char *id;
    const char *region;
} zone_vpc;

static zone_vpc *zone_vpcs(tf_arena *a, const aws_meta *m, const tf_value *set, size_t *n)
{
    *n = tf_is_known(set) && !tf_is_null(set) ? set->u.coll.n : 0;
    zone_vpc *v = tf_arena_calloc(a, *n + 1, sizeof *v);
    for (size_t i = 0; i < *n; i++) {
        const tf_value *e = set->u.coll.items[i];
        v[i].id = tf_get_str(e, "vpc_id", "");
        const char *r = tf_get_str(e, "vpc_region", "");
        v[i].region = *r ? r : m->region;
    }
    return v;
}

static int zone_vpc_call(tf_ctx *ctx, const aws_meta *m, const char *zone_id,
                         const zone_vpc *v, bool associate, double timeout_s)
{
    tf_arena *a = ctx->arena;
    const char *op = associate ? "AssociateVPCWithHostedZone" : "DisassociateVPCFromHostedZone";
    r53_xml x;
    r53_xml_init(&x, a);
    r53_xml_add(&x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<%sRequest xmlns=\"" R53_NS
                    "\"><VPC>", op);
    r53_xml_text(&x, "VPCRegion", v->region);
    r53_xml_text(&x, "VPCId", v->id);
    r53_xml_add(&x, "</VPC></%sRequest>", op);
    aws_rest_request rq = {
        .method = "POST",
        .path = tf_arena_printf(a, "/2013-04-01/hostedzone/%s/%s", aws_uri_escape(a, zone_id, 0),
                                associate ? "associatevpc" : "disassociatevpc"),
        .body = x.s,
        .idempotent = 1,
    };
    aws_rest_response out;
    aws_error err;
    if (aws_restxml_call(m->client, a, ctx->stop, "route53", op, &rq, &out, &err) != 0 ||
        r53_wait_change(m->client, a, ctx->stop, aws_xml_text(out.doc, "ChangeInfo/Id"),
                        timeout_s, &err) != 0) {
        aws_diag(ctx, &err, "%s VPC (%s) %s %s (%s)", associate ? "associating" : "disassociating",
                 v->id, associate ? "with" : "from", ZONE_WHAT, zone_id);
        return -1;
    }
    return 0;
}

typedef struct {
    aws_client *c;
    const volatile int *stop;
    const char *caller_ref;
} zone_lookup;

/* create_once's lookup: the zone made with this caller reference. */
static int zone_lookup_ids(void *ud, tf_arena *a, const char ***ids, size_t *n, aws_error *err)
{
    zone_lookup *l = ud;
    *n = 0;
    *ids = tf_arena_calloc(a, 2, sizeof **ids);
    const char *marker = NULL;
    for (int page = 0; page < 1000; page++) {
        aws_kv q[] = {{"marker", marker}};
        aws_rest_request rq = {.method = "GET", .path = "/2013-04-01/hostedzone", .query = q,
                               .n_query = 1};
        aws_rest_response out;
        if (aws_restxml_call(l->c, a, l->stop, "route53", "ListHostedZones", &rq, &out, err) !=
            0)
            return -1;
        for (const aws_xml_node *z = aws_xml_first(out.doc, "HostedZones/HostedZone"); z;
             z = aws_xml_next(z)) {
            const char *ref = aws_xml_text(z, "CallerReference");
            if (ref && strcmp(ref, l->caller_ref) == 0) {
                (*ids)[(*n)++] = r53_clean_id(aws_xml_text(z, "Id"));
                return 0;
            }
        }
        if (!aws_xml_bool(out.doc, "IsTruncated", 0))
            break;
        marker = aws_xml_text(out.doc, "NextMarker");
        if (!marker)
            break;
    }
    return 0;
}

static const tf_value *zone_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    double timeout = aws_timeout(planned, "create", 30 * 60);
    const char *name = tf_get_str(planned, "name", "");
    size_t n_vpc;
    zone_vpc *vpcs = zone_vpcs(a, m, tf_get(planned, "vpc"), &n_vpc);
    char token[37];
    aws_client_token(token);
    const char *caller_ref = tf_arena_printf(a, "terraform-%s", token);
    r53_xml x;
    r53_xml_init(&x, a);
    r53_xml_add(&x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<CreateHostedZoneRequest xmlns=\"" R53_NS "\">");
    r53_xml_text(&x, "Name", name);
    if (n_vpc) {
        r53_xml_add(&x, "<VPC>");
        r53_xml_text(&x, "VPCRegion", vpcs[0].region);
        r53_xml_text(&x, "VPCId", vpcs[0].id);
        r53_xml_add(&x, "</VPC>");
    }
    r53_xml_text(&x, "CallerReference", caller_ref);
    r53_xml_add(&x, "<HostedZoneConfig>");
    r53_xml_text(&x, "Comment", tf_get_str(planned, "comment", ""));
    r53_xml_add(&x, "</HostedZoneConfig>");
    const char *ds = tf_get_str(planned, "delegation_set_id", "");
    if (*ds)
        r53_xml_text(&x, "DelegationSetId", ds);
    r53_xml_add(&x, "</CreateHostedZoneRequest>");
    aws_rest_request rq = {.method = "POST", .path = "/2013-04-01/hostedzone", .body = x.s};
    zone_lookup lk = {m->client, ctx->stop, caller_ref};
    aws_create_once once = {.service = "route53", .operation = "CreateHostedZone",
                            .lookup = zone_lookup_ids, .ud = &lk};
    aws_rest_response out;
    const char *adopted = NULL;
    aws_error err;
    if (aws_create_once_restxml(m->client, a, ctx->stop, &once, &rq, &out, &adopted, &err) !=
        0) {
        aws_diag(ctx, &err, "creating %s (%s)", ZONE_WHAT, name);
        return NULL;
    }
    const char *zid = adopted ? adopted : r53_clean_id(aws_xml_text(out.doc, "HostedZone/Id"));
    const tf_value *state = tf_object_with(a, planned, "id", tf_string(a, zid));
    const char *change = adopted ? NULL : aws_xml_text(out.doc, "ChangeInfo/Id");
    if (change && r53_wait_change(m->client, a, ctx->stop, change, timeout, &err) != 0) {
        aws_diag(ctx, &err, "waiting for %s (%s) creation", ZONE_WHAT, zid);
        return state;
    }
    if (r53_update_tags(m->client, a, ctx->stop, zid, NULL, tf_get(planned, "tags_all"), &err) !=
        0) {
        aws_diag(ctx, &err, "setting %s (%s) tags", ZONE_WHAT, zid);
        return state;
    }
    for (size_t i = 1; i < n_vpc; i++)
        if (zone_vpc_call(ctx, m, zid, &vpcs[i], true, timeout) != 0)
            return state;
    return zone_refresh(ctx, m, state, true);
}

static const tf_value *zone_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    return m ? zone_refresh(ctx, m, state, false) : NULL;
}

static bool zone_vpc_in(const zone_vpc *list, size_t n, const zone_vpc *v)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i].id, v->id) == 0 && strcmp(list[i].region, v->region) == 0)
            return true;
    return false;
}

static const tf_value *zone_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(prior, "id", "");
    double timeout = aws_timeout(planned, "update", 30 * 60);
    aws_error err;
    if (!tf_value_equal(tf_get(prior, "comment"), tf_get(planned, "comment"))) {
        r53_xml x;
        r53_xml_init(&x, a);
        r53_xml_add(&x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<UpdateHostedZoneCommentRequest xmlns=\"" R53_NS "\">");
        r53_xml_text(&x, "Comment", tf_get_str(planned, "comment", ""));
        r53_xml_add(&x, "</UpdateHostedZoneCommentRequest>");
        aws_rest_request rq = {
            .method = "POST",
            .path = tf_arena_printf(a, "/2013-04-01/hostedzone/%s", aws_uri_escape(a, id, 0)),
            .body = x.s,
            .idempotent = 1,
        };
        aws_rest_response out;
        if (aws_restxml_call(m->client, a, ctx->stop, "route53", "UpdateHostedZoneComment", &rq,
                             &out, &err) != 0) {
            aws_diag(ctx, &err, "updating %s (%s) comment", ZONE_WHAT, id);
            return zone_refresh(ctx, m, prior, false);
        }
    }
    if (r53_update_tags(m->client, a, ctx->stop, id, tf_get(prior, "tags_all"),
                        tf_get(planned, "tags_all"), &err) != 0) {
        aws_diag(ctx, &err, "updating %s (%s) tags", ZONE_WHAT, id);
        return zone_refresh(ctx, m, prior, false);
    }
    size_t n_old, n_new;
    zone_vpc *old_v = zone_vpcs(a, m, tf_get(prior, "vpc"), &n_old);
    zone_vpc *new_v = zone_vpcs(a, m, tf_get(planned, "vpc"), &n_new);
    for (size_t i = 0; i < n_new; i++)
        if (!zone_vpc_in(old_v, n_old, &new_v[i]) &&
            zone_vpc_call(ctx, m, id, &new_v[i], true, timeout) != 0)
            return zone_refresh(ctx, m, prior, false);
    for (size_t i = 0; i < n_old; i++)
        if (!zone_vpc_in(new_v, n_new, &old_v[i]) &&
            zone_vpc_call(ctx, m, id, &old_v[i], false, timeout) != 0)
            return zone_refresh(ctx, m, prior, false);
    return zone_refresh(ctx, m, planned, true);
}

/* force_destroy: every record set but the zone's own NS and SOA. */
static int zone_empty(tf_ctx *ctx, const aws_meta *m, const char *id, const char *zone_name,
                      double timeout, aws_error *err)
{
    tf_arena *a = ctx->arena;
    const char *apex = r53_lower_trim(a, r53_unescape(a, zone_name));
    for (int round = 0; round < 1000; round++) {
        aws_rest_request rq = {
            .method = "GET",
            .path = tf_arena_printf(a, "/2013-04-01/hostedzone/%s/rrset", aws_uri_escape(a, id, 0)),
        };
        aws_rest_response out;
        if (aws_restxml_call(m->client, a, ctx->stop, "route53", "ListResourceRecordSets", &rq,
                             &out, err) != 0)
            return aws_error_is(err, "NoSuchHostedZone") ? 0 : -1;
        r53_xml x;
        r53_xml_init(&x, a);
        r53_xml_add(&x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                        "<ChangeResourceRecordSetsRequest xmlns=\"" R53_NS "\"><ChangeBatch>"
                        "<Comment>Deleted by Terraform</Comment><Changes>");
        int n = 0;
        for (const aws_xml_node *rr = aws_xml_first(out.doc, "ResourceRecordSets/ResourceRecordSet");
             rr; rr = aws_xml_next(rr)) {
            const char *type = aws_xml_text(rr, "Type");
            const char *rn = r53_lower_trim(a, r53_unescape(a, aws_xml_text(rr, "Name")));
            if (type && (strcmp(type, "NS") == 0 || strcmp(type, "SOA") == 0) &&
                strcmp(rn, apex) == 0)
                continue;
            /* The set as listed, element by element. */
            r53_xml_add(&x, "<Change><Action>DELETE</Action><ResourceRecordSet>");
            for (const aws_xml_node *f = rr->children; f; f = f->next) {
                if (!f->children) {
                    r53_xml_text(&x, f->name, f->text);
                    continue;
                }
                r53_xml_add(&x, "<%s>", f->name);
                for (const aws_xml_node *g = f->children; g; g = g->next) {
                    if (!g->children) {
                        r53_xml_text(&x, g->name, g->text);
                        continue;
                    }
                    r53_xml_add(&x, "<%s>", g->name);
                    for (const aws_xml_node *h = g->children; h; h = h->next)
                        r53_xml_text(&x, h->name, h->text);
                    r53_xml_add(&x, "</%s>", g->name);
                }
                r53_xml_add(&x, "</%s>", f->name);
            }
            r53_xml_add(&x, "</ResourceRecordSet></Change>");
            n++;
        }
        if (n == 0)
            return 0;
        r53_xml_add(&x, "</Changes></ChangeBatch></ChangeResourceRecordSetsRequest>");
        aws_rest_request ch = {
            .method = "POST",
            .path = tf_arena_printf(a, "/2013-04-01/hostedzone/%s/rrset/",
                                    aws_uri_escape(a, id, 0)),
            .body = x.s,
            .idempotent = 1,
        };
        aws_rest_response cout;
        if (aws_restxml_call(m->client, a, ctx->stop, "route53", "ChangeResourceRecordSets", &ch,
                             &cout, err) != 0)
            return -1;
        if (r53_wait_change(m->client, a, ctx->stop, aws_xml_text(cout.doc, "ChangeInfo/Id"),
                            timeout, err) != 0)
            return -1;
    }
    return 0;
}

static void zone_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(prior, "id", "");
    double timeout = aws_timeout(prior, "delete", 30 * 60);
    aws_error err;
    if (tf_get_bool(prior, "force_destroy", false) &&
        zone_empty(ctx, m, id, tf_get_str(prior, "name", ""), timeout, &err) != 0) {
        aws_diag(ctx, &err, "while force deleting %s (%s), deleting records", ZONE_WHAT, id);
        return;
    }
    aws_rest_request rq = {
        .method = "DELETE",
        .path = tf_arena_printf(a, "/2013-04-01/hostedzone/%s", aws_uri_escape(a, id, 0)),
    };
    aws_rest_response out;
    if (aws_restxml_call(m->client, a, ctx->stop, "route53", "DeleteHostedZone", &rq, &out,
                         &err) != 0) {
        if (!aws_error_is(&err, "NoSuchHostedZone"))
            aws_diag(ctx, &err, "deleting %s (%s)", ZONE_WHAT, id);
        return;
    }
    const char *change = aws_xml_text(out.doc, "ChangeInfo/Id");
    if (change && r53_wait_change(m->client, a, ctx->stop, change, timeout, &err) != 0)
        aws_diag(ctx, &err, "waiting for %s (%s) delete", ZONE_WHAT, id);
}

const tf_resource_def aws_route53_zone_def = {
    .type_name = "aws_route53_zone",
    .version = 0,
    .schema = &aws_schema_resource_aws_route53_zone,
    .modify_plan = zone_modify_plan,
    .create = zone_create,
    .read = zone_read,
    .update = zone_update,
    .delete = zone_delete,
};

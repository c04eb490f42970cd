/* record.c - aws_route53_record, as hashicorp/aws 5.100.0 manages it.
 *
 * The record set is named by zone, name, type and set identifier; the id is
 * ZONEID_NAME_TYPE[_SETID] with the name as configured (lower case, no
 * trailing dot: the name's StateFunc), the import id the same.
 *
 * Create: GetHostedZone for the zone's name (a name outside it gets the zone
 * appended: "www" in example.com is www.example.com), then
 * ChangeResourceRecordSets (comment "Managed by Terraform") with CREATE, or
 * UPSERT when allow_overwrite is true, retried while the zone is not
 * visible yet (NoSuchHostedZone, 1 minute); a CREATE goes through
 * create_once (an attempt that may have acted is found by listing the set
 * with the values sent).  The change is waited INSYNC (GetChange).
 * Read: GetHostedZone, then ListResourceRecordSets from the set's name and
 * type (one item, or 100 with a set identifier), the set whose name, type
 * and identifier match; fqdn is its name without the trailing dot (a
 * leading "\052." shown as "*."); TXT/SPF values lose the quotes Route 53
 * keeps (and get them back when sent).
 * Update: UPSERT of the new set when neither type nor set_identifier
 * changed, else one batch deleting the old set and creating the new one.
 * Delete: the set as listed, DELETE (an InvalidChangeBatch answer means it
 * is gone already), the change waited.
 * cidr_routing_policy and geoproximity_routing_policy are refused at plan
 * time (not supported by this provider yet). */

#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "resources.h"
#include "route53.h"
#include "schema_block.h"
#include "value_build.h"

#define REC_WHAT "Route 53 Record"
#define REC_SCHEMA aws_schema_resource_aws_route53_record

static const char *const rec_types[] = {"SOA", "A", "TXT", "NS", "CNAME", "MX", "NAPTR",
                                        "PTR", "SRV", "SPF", "AAAA", "CAA", "DS", "TLSA",
                                        "SSHFP", "SVCB", "HTTPS", NULL};

static bool rec_is_type(const char *s)
{
    for (const char *const *t = rec_types; *t; t++)
        if (strcmp(*t, s) == 0)
            return true;
    return false;
}

/* expandRecordName: name (normalised) within the zone. */
static const char *rec_expand_name(tf_arena *a, const char *name, const char *zone_name)
{
    const char *rn = r53_normalize(a, name);
    char *zone = tf_arena_strdup(a, zone_name ? zone_name : "");
    size_t zl = strlen(zone);
    if (zl && zone[zl - 1] == '.')
        zone[--zl] = '\0';
    size_t rl = strlen(rn);
    if (rl >= zl && strcmp(rn + rl - zl, zone) == 0)
        return rn;
    return *name ? tf_arena_printf(a, "%s.%s", rn, zone) : zone;
}

static bool rec_txt(const char *type)
{
    return strcmp(type, "TXT") == 0 || strcmp(type, "SPF") == 0;
}

/* createRecordImportID: the name as configured (d.Get during an apply
 * gives the configuration's value, not the StateFunc's), lower-cased: a
 * trailing dot stays in the id. */
static const char *rec_id(tf_ctx *ctx, const tf_value *v)
{
    tf_arena *a = ctx->arena;
    const char *name = tf_get_str(ctx->config ? ctx->config : v, "name", "");
    char *lower = tf_arena_strdup(a, name);
    for (char *p = lower; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    const char *set = tf_get_str(v, "set_identifier", "");
    const char *id = tf_arena_printf(a, "%s_%s_%s", tf_get_str(v, "zone_id", ""), lower,
                                     tf_get_str(v, "type", ""));
    return *set ? tf_arena_printf(a, "%s_%s", id, set) : id;
}

/* ---- finding the set ------------------------------------------------- */

typedef struct {
    const aws_xml_node *rr;       /* the ResourceRecordSet */
    const char *fqdn;             /* expanded name, no trailing dot */
    const char *zone_name;        /* as the API gives it */
} rec_found;

/* 0 found, 1 gone (zone or set), -1 err. */
static int rec_find(aws_client *c, tf_arena *a, const volatile int *stop, const char *zone_id,
                    const char *name, const char *type, const char *set_id, rec_found *f,
                    aws_error *err)
{
    memset(f, 0, sizeof *f);
    const aws_xml_node *zone;
    int rc = r53_get_zone(c, a, stop, zone_id, &zone, err);
    if (rc != 0)
        return rc;
    f->zone_name = aws_xml_text(zone, "HostedZone/Name");
    f->fqdn = rec_expand_name(a, name, f->zone_name);
    const char *want = r53_fqdn(a, f->fqdn);
    const char *start_name = want, *start_type = type, *start_id = NULL;
    for (int page = 0; page < 10000; page++) {
        aws_kv q[] = {{"name", start_name},
                      {"type", start_type},
                      {"identifier", start_id},
                      {"maxitems", *set_id ? "100" : "1"}};
        aws_rest_request rq = {
            .method = "GET",
            .path = tf_arena_printf(a, "/2013-04-01/hostedzone/%s/rrset",
                                    aws_uri_escape(a, r53_clean_id(zone_id), 0)),
            .query = q,
            .n_query = 4,
        };
        aws_rest_response out;
        if (aws_restxml_call(c, a, stop, "route53", "ListResourceRecordSets", &rq, &out, err) !=
            0)
            return aws_error_is(err, "NoSuchHostedZone") ? 1 : -1;
        for (const aws_xml_node *rr = aws_xml_first(out.doc, "ResourceRecordSets/ResourceRecordSet");
             rr; rr = aws_xml_next(rr)) {
            const char *rn = aws_xml_text(rr, "Name"), *rt = aws_xml_text(rr, "Type");
            const char *rs = aws_xml_text(rr, "SetIdentifier");
            if (!rn || !rt || strcmp(r53_lower_trim(a, rn), f->fqdn) != 0 ||
                strcmp(rt, type) != 0 || strcmp(rs ? rs : "", set_id) != 0)
                continue;
            f->rr = rr;
            return 0;
        }
        if (!aws_xml_bool(out.doc, "IsTruncated", 0))
            return 1;
        const char *nn = aws_xml_text(out.doc, "NextRecordName");
        const char *nt = aws_xml_text(out.doc, "NextRecordType");
        if (!nn || !nt || strcmp(r53_lower_trim(a, nn), f->fqdn) != 0 || strcmp(nt, type) != 0)
            return 1;
        start_name = nn;
        start_type = nt;
        start_id = aws_xml_text(out.doc, "NextRecordIdentifier");
    }
    return 1;
}

/* ---- state ------------------------------------------------------------ */

static const tf_value *rec_block1(tf_arena *a, const char *block, const char *const *names,
                                  const tf_value *const *vals)
{
    const tf_block *b = aws_schema_block(&REC_SCHEMA, block);
    tf_objb ob;
    tf_objb_init(&ob, a, b->ctype, NULL);
    for (size_t i = 0; names[i]; i++)
        tf_objb_set(&ob, names[i], vals[i]);
    const tf_value *item = tf_objb_done(&ob);
    return tf_list(a, b->ctype, 1, &item);
}

static const tf_value *rec_str_or_empty(tf_arena *a, const char *s)
{
    return tf_string(a, s ? s : "");
}

static const tf_value *rec_state(tf_ctx *ctx, const tf_value *base, const rec_found *f,
                                 bool is_new)
{
    tf_arena *a = ctx->arena;
    const aws_xml_node *rr = f->rr;
    const char *type = aws_xml_text(rr, "Type");
    tf_objb b;
    tf_objb_init(&b, a, REC_SCHEMA.ctype, base);
    if (!*tf_get_str(base, "id", ""))
        tf_objb_str(&b, "id", rec_id(ctx, base));
    const aws_xml_node *alias = aws_xml_child(rr, "AliasTarget");
    if (alias) {
        const char *const names[] = {"evaluate_target_health", "name", "zone_id", NULL};
        const tf_value *vals[] = {
            tf_bool(a, aws_xml_bool(alias, "EvaluateTargetHealth", 0)),
            tf_string(a, r53_normalize(a, aws_xml_text(alias, "DNSName"))),
            rec_str_or_empty(a, aws_xml_text(alias, "HostedZoneId"))};
        tf_objb_set(&b, "alias", rec_block1(a, "alias", names, vals));
    }
    const char *fqdn = f->fqdn;
    if (strncmp(fqdn, "\\052.", 5) == 0)
        fqdn = tf_arena_printf(a, "*.%s", fqdn + 5);
    tf_objb_str(&b, "fqdn", fqdn);
    const char *failover = aws_xml_text(rr, "Failover");
    if (failover) {
        const char *const names[] = {"type", NULL};
        const tf_value *vals[] = {tf_string(a, failover)};
        tf_objb_set(&b, "failover_routing_policy",
                    rec_block1(a, "failover_routing_policy", names, vals));
    }
    const aws_xml_node *geo = aws_xml_child(rr, "GeoLocation");
    if (geo) {
        const char *const names[] = {"continent", "country", "subdivision", NULL};
        const tf_value *vals[] = {rec_str_or_empty(a, aws_xml_text(geo, "ContinentCode")),
                                  rec_str_or_empty(a, aws_xml_text(geo, "CountryCode")),
                                  rec_str_or_empty(a, aws_xml_text(geo, "SubdivisionCode"))};
        tf_objb_set(&b, "geolocation_routing_policy",
                    rec_block1(a, "geolocation_routing_policy", names, vals));
    }
    tf_objb_str(&b, "health_check_id", aws_xml_text(rr, "HealthCheckId") ?
                                           aws_xml_text(rr, "HealthCheckId") : "");
    const char *region = aws_xml_text(rr, "Region");
    if (region) {
        const char *const names[] = {"region", NULL};
        const tf_value *vals[] = {tf_string(a, region)};
        tf_objb_set(&b, "latency_routing_policy",
                    rec_block1(a, "latency_routing_policy", names, vals));
    }
    tf_objb_bool(&b, "multivalue_answer_routing_policy",
                 aws_xml_bool(rr, "MultiValueAnswer", 0));
    size_t n = 0;
    for (const aws_xml_node *v = aws_xml_first(rr, "ResourceRecords/ResourceRecord"); v;
         v = aws_xml_next(v))
        n++;
    const char **vals = tf_arena_calloc(a, n + 1, sizeof *vals);
    size_t k = 0;
    for (const aws_xml_node *v = aws_xml_first(rr, "ResourceRecords/ResourceRecord"); v;
         v = aws_xml_next(v)) {
        const char *s = aws_xml_text(v, "Value");
        if (!s)
            continue;
        size_t l = strlen(s);
        if (type && rec_txt(type) && l >= 2 && s[0] == '"' && s[l - 1] == '"')
            s = tf_arena_strndup(a, s + 1, l - 2);
        vals[k++] = s;
    }
    /* No records (an alias): null after a create or update (the SDK keeps
     * the configuration's null), the empty set after a refresh. */
    tf_objb_set(&b, "records", k || !is_new ? tf_string_set(a, vals, k)
                                            : tf_null(a, tf_get(base, "records")->type));
    const char *set_id = aws_xml_text(rr, "SetIdentifier");
    tf_objb_str(&b, "set_identifier", set_id ? set_id : "");
    const char *ttl = aws_xml_text(rr, "TTL");
    /* d.Set("ttl", nil) stores 0 (an alias record) */
    tf_objb_i64(&b, "ttl", ttl ? aws_xml_int(rr, "TTL", 0) : 0);
    if (aws_xml_child(rr, "Weight")) {
        const char *const names[] = {"weight", NULL};
        const tf_value *w[] = {tf_number_i64(a, aws_xml_int(rr, "Weight", 0))};
        tf_objb_set(&b, "weighted_routing_policy",
                    rec_block1(a, "weighted_routing_policy", names, w));
    }
    /* allow_overwrite is never read: left out of config it stays null */
    const tf_value *ao = tf_get(base, "allow_overwrite");
    if (!tf_is_known(ao))
        tf_objb_set(&b, "allow_overwrite", tf_null(a, ao->type));
    return tf_objb_done(&b);
}

static const tf_value *rec_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                   bool is_new)
{
    tf_arena *a = ctx->arena;
    rec_found f;
    aws_error err;
    const char *id = tf_get_str(base, "id", "");
    int rc = rec_find(m->client, a, ctx->stop, tf_get_str(base, "zone_id", ""),
                      tf_get_str(base, "name", ""), tf_get_str(base, "type", ""),
                      tf_get_str(base, "set_identifier", ""), &f, &err);
    if (rc == 1 && !is_new)
        return tf_null(a, REC_SCHEMA.ctype);
    if (rc != 0) {
        if (rc == 1)
            aws_error_set(&err, AWS_ERR_API, "NotFound", "empty result");
        aws_diag(ctx, &err, "reading %s (%s)", REC_WHAT, id);
        return is_new ? base : NULL;
    }
    return rec_state(ctx, base, &f, is_new);
}

/* ---- the request ------------------------------------------------------ */

static const tf_value *rec_first(const tf_value *v, const char *block)
{
    const tf_value *l = tf_get(v, block);
    if (!tf_is_known(l) || tf_is_null(l) || l->u.coll.n == 0)
        return NULL;
    return l->u.coll.items[0];
}

/* The ResourceRecordSet XML of state/plan v (expandResourceRecordSet). */
static void rec_set_xml(r53_xml *x, tf_arena *a, const tf_value *v, const char *zone_name)
{
    const char *type = tf_get_str(v, "type", "");
    r53_xml_add(x, "<ResourceRecordSet>");
    r53_xml_text(x, "Name", rec_expand_name(a, tf_get_str(v, "name", ""), zone_name));
    r53_xml_text(x, "Type", type);
    const char *set_id = tf_get_str(v, "set_identifier", "");
    if (*set_id)
        r53_xml_text(x, "SetIdentifier", set_id);
    const tf_value *w = rec_first(v, "weighted_routing_policy");
    if (w)
        r53_xml_add(x, "<Weight>%lld</Weight>", (long long)tf_get_i64(w, "weight", 0));
    const tf_value *lat = rec_first(v, "latency_routing_policy");
    if (lat)
        r53_xml_text(x, "Region", tf_get_str(lat, "region", ""));
    const tf_value *geo = rec_first(v, "geolocation_routing_policy");
    if (geo) {
        r53_xml_add(x, "<GeoLocation>");
        const char *f[][2] = {{"continent", "ContinentCode"},
                              {"country", "CountryCode"},
                              {"subdivision", "SubdivisionCode"}};
        for (size_t i = 0; i < 3; i++) {
            const char *s = tf_get_str(geo, f[i][0], "");
            if (*s)
                r53_xml_text(x, f[i][1], s);
        }
        r53_xml_add(x, "</GeoLocation>");
    }
    const tf_value *fo = rec_first(v, "failover_routing_policy");
    if (fo)
        r53_xml_text(x, "Failover", tf_get_str(fo, "type", ""));
    if (tf_get_bool(v, "multivalue_answer_routing_policy", false))
        r53_xml_add(x, "<MultiValueAnswer>true</MultiValueAnswer>");
    const tf_value *recs = tf_get(v, "records");
    if (tf_is_known(recs) && !tf_is_null(recs) && recs->u.coll.n > 0) {
        const tf_value *ttl = tf_get(v, "ttl");
        int64_t t;
        if (tf_is_known(ttl) && !tf_is_null(ttl) && tf_number_to_i64(ttl, &t))
            r53_xml_add(x, "<TTL>%lld</TTL>", (long long)t);
        r53_xml_add(x, "<ResourceRecords>");
        for (size_t i = 0; i < recs->u.coll.n; i++) {
            const char *s = recs->u.coll.items[i]->u.str.ptr;
            r53_xml_add(x, "<ResourceRecord>");
            r53_xml_text(x, "Value", rec_txt(type) ? tf_arena_printf(a, "\"%s\"", s) : s);
            r53_xml_add(x, "</ResourceRecord>");
        }
        r53_xml_add(x, "</ResourceRecords>");
    }
    const tf_value *al = rec_first(v, "alias");
    if (al) {
        r53_xml_add(x, "<AliasTarget>");
        r53_xml_text(x, "HostedZoneId", tf_get_str(al, "zone_id", ""));
        r53_xml_text(x, "DNSName", tf_get_str(al, "name", ""));
        r53_xml_add(x, "<EvaluateTargetHealth>%s</EvaluateTargetHealth>",
                    tf_get_bool(al, "evaluate_target_health", false) ? "true" : "false");
        r53_xml_add(x, "</AliasTarget>");
    }
    const char *hc = tf_get_str(v, "health_check_id", "");
    if (*hc)
        r53_xml_text(x, "HealthCheckId", hc);
    r53_xml_add(x, "</ResourceRecordSet>");
}

/* The listed set as it was given (for DELETE), element by element. */
static void rec_listed_xml(r53_xml *x, const aws_xml_node *n)
{
    if (!n->children) {
        r53_xml_text(x, n->name, n->text);
        return;
    }
    r53_xml_add(x, "<%s>", n->name);
    for (const aws_xml_node *c = n->children; c; c = c->next)
        rec_listed_xml(x, c);
    r53_xml_add(x, "</%s>", n->name);
}

static const char *rec_batch_open(tf_arena *a, r53_xml *x, const char *comment)
{
    r53_xml_init(x, a);
    r53_xml_add(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                   "<ChangeResourceRecordSetsRequest xmlns=\"" R53_NS "\"><ChangeBatch>");
    r53_xml_text(x, "Comment", comment);
    r53_xml_add(x, "<Changes>");
    return x->s;
}

static void rec_batch_close(r53_xml *x)
{
    r53_xml_add(x, "</Changes></ChangeBatch></ChangeResourceRecordSetsRequest>");
}

typedef struct {
    aws_client *c;
    const volatile int *stop;
    const char *zone_id, *name, *type, *set_id;
    const tf_value *planned;
} rec_lookup;

/* create_once's lookup: the set, when it holds what the create sent. */
static int rec_lookup_ids(void *ud, tf_arena *a, const char ***ids, size_t *n, aws_error *err)
{
    rec_lookup *l = ud;
    *n = 0;
    *ids = tf_arena_calloc(a, 2, sizeof **ids);
    rec_found f;
    int rc = rec_find(l->c, a, l->stop, l->zone_id, l->name, l->type, l->set_id, &f, err);
    if (rc < 0)
        return -1;
    if (rc == 1)
        return 0;
    /* same values: the records (as a set) and the TTL, or the alias */
    const tf_value *recs = tf_get(l->planned, "records");
    size_t want = tf_is_known(recs) && !tf_is_null(recs) ? recs->u.coll.n : 0;
    size_t have = 0;
    for (const aws_xml_node *v = aws_xml_first(f.rr, "ResourceRecords/ResourceRecord"); v;
         v = aws_xml_next(v), have++) {
        const char *s = aws_xml_text(v, "Value");
        bool found = false;
        for (size_t i = 0; i < want && !found; i++) {
            const char *w = recs->u.coll.items[i]->u.str.ptr;
            found = strcmp(rec_txt(l->type) ? tf_arena_printf(a, "\"%s\"", w) : w,
                           s ? s : "") == 0;
        }
        if (!found)
            return 0;
    }
    if (have != want)
        return 0;
    (*ids)[(*n)++] = "";
    return 0;
}

static const char *const rec_zone_retry[] = {"NoSuchHostedZone", NULL};

/* Sends one batch; *change gets the change id ("" when an earlier attempt's
 * set was adopted). */
static int rec_send(tf_ctx *ctx, const aws_meta *m, const char *zone_id, const char *body,
                    bool create_once, rec_lookup *lk, const char **change, aws_error *err)
{
    tf_arena *a = ctx->arena;
    aws_rest_request rq = {
        .method = "POST",
        .path = tf_arena_printf(a, "/2013-04-01/hostedzone/%s/rrset/",
                                aws_uri_escape(a, r53_clean_id(zone_id), 0)),
        .body = body,
        .idempotent = create_once ? -1 : 1,
    };
    aws_rest_response out;
    *change = "";
    if (create_once) {
        aws_create_once once = {.service = "route53", .operation = "ChangeResourceRecordSets",
                                .lookup = rec_lookup_ids, .ud = lk,
                                .retry_codes = rec_zone_retry, .retry_timeout_s = 60};
        const char *adopted = NULL;
        if (aws_create_once_restxml(m->client, a, ctx->stop, &once, &rq, &out, &adopted, err) !=
            0)
            return -1;
        if (adopted)
            return 0;
    } else {
        for (int tries = 0;; tries++) {
            if (aws_restxml_call(m->client, a, ctx->stop, "route53", "ChangeResourceRecordSets",
                                 &rq, &out, err) == 0)
                break;
            if (!aws_error_is(err, "NoSuchHostedZone") || tries >= 60)
                return -1;
            /* the zone is not visible yet: again in a second */
            for (int i = 0; i < 10 && !(ctx->stop && *ctx->stop); i++)
                usleep(100000);
        }
    }
    const char *id = out.doc ? aws_xml_text(out.doc, "ChangeInfo/Id") : NULL;
    *change = id ? id : "";
    return 0;
}

static const tf_value *rec_apply(tf_ctx *ctx, const tf_value *prior, const tf_value *planned,
                                 bool create)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *zone_id = r53_clean_id(tf_get_str(planned, "zone_id", ""));
    double timeout = aws_timeout(planned, create ? "create" : "update", 30 * 60);
    const aws_xml_node *zone;
    aws_error err;
    int rc = r53_get_zone(m->client, a, ctx->stop, zone_id, &zone, &err);
    if (rc != 0) {
        if (rc == 1)
            aws_error_set(&err, AWS_ERR_API, "NoSuchHostedZone", "No hosted zone found with ID: %s",
                          zone_id);
        aws_diag(ctx, &err, "reading Route 53 Hosted Zone (%s)", zone_id);
        return create ? NULL : prior;
    }
    const char *zone_name = aws_xml_text(zone, "HostedZone/Name");
    bool overwrite = tf_get_bool(planned, "allow_overwrite", false);
    bool replace_set = !create && (!tf_value_equal(tf_get(prior, "type"), tf_get(planned, "type")) ||
                                   !tf_value_equal(tf_get(prior, "set_identifier"),
                                                   tf_get(planned, "set_identifier")));
    r53_xml x;
    rec_batch_open(a, &x, "Managed by Terraform");
    const char *action = overwrite || (!create && !replace_set) ? "UPSERT" : "CREATE";
    if (replace_set) {
        r53_xml_add(&x, "<Change><Action>DELETE</Action>");
        rec_set_xml(&x, a, prior, zone_name);
        r53_xml_add(&x, "</Change>");
        action = overwrite ? "UPSERT" : "CREATE";
    }
    r53_xml_add(&x, "<Change><Action>%s</Action>", action);
    rec_set_xml(&x, a, planned, zone_name);
    r53_xml_add(&x, "</Change>");
    rec_batch_close(&x);
    rec_lookup lk = {m->client, ctx->stop, zone_id, tf_get_str(planned, "name", ""),
                     tf_get_str(planned, "type", ""), tf_get_str(planned, "set_identifier", ""),
                     planned};
    const char *change;
    bool once = create && strcmp(action, "CREATE") == 0;
    if (rec_send(ctx, m, zone_id, x.s, once, &lk, &change, &err) != 0) {
        aws_diag(ctx, &err, "%s Route53 Record%s%s%s", create ? "creating" : "updating",
                 create ? "" : " (", create ? "" : tf_get_str(prior, "id", ""), create ? "" : ")");
        return create ? NULL : prior;
    }
    const tf_value *state = tf_object_with(a, planned, "id", tf_string(a, rec_id(ctx, planned)));
    if (*change && r53_wait_change(m->client, a, ctx->stop, change, timeout, &err) != 0) {
        aws_diag(ctx, &err, "waiting for %s (%s) synchronize", REC_WHAT,
                 tf_get_str(state, "id", ""));
        return state;
    }
    return rec_refresh(ctx, m, state, true);
}

static const tf_value *rec_create(tf_ctx *ctx, const tf_value *planned)
{
    return rec_apply(ctx, NULL, planned, true);
}

static const tf_value *rec_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    return rec_apply(ctx, prior, planned, false);
}

static const tf_value *rec_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    return m ? rec_refresh(ctx, m, state, false) : NULL;
}

static void rec_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    tf_arena *a = ctx->arena;
    const char *zone_id = r53_clean_id(tf_get_str(prior, "zone_id", ""));
    const char *id = tf_get_str(prior, "id", "");
    rec_found f;
    aws_error err;
    int rc = rec_find(m->client, a, ctx->stop, zone_id, tf_get_str(prior, "name", ""),
                      tf_get_str(prior, "type", ""), tf_get_str(prior, "set_identifier", ""),
                      &f, &err);
    if (rc == 1)
        return;
    if (rc != 0) {
        aws_diag(ctx, &err, "reading %s (%s)", REC_WHAT, id);
        return;
    }
    r53_xml x;
    rec_batch_open(a, &x, "Deleted by Terraform");
    r53_xml_add(&x, "<Change><Action>DELETE</Action>");
    rec_listed_xml(&x, f.rr);
    r53_xml_add(&x, "</Change>");
    rec_batch_close(&x);
    const char *change;
    if (rec_send(ctx, m, zone_id, x.s, false, NULL, &change, &err) != 0) {
        if (!aws_error_is(&err, "InvalidChangeBatch"))
            aws_diag(ctx, &err, "deleting Route53 Record (%s)", id);
        return;
    }
    if (*change && r53_wait_change(m->client, a, ctx->stop, change,
                                   aws_timeout(prior, "delete", 30 * 60), &err) != 0)
        aws_diag(ctx, &err, "waiting for %s (%s) synchronize", REC_WHAT, id);
}

/* ---- plan and import -------------------------------------------------- */

static void rec_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->planned))
        return;
    tf_arena *a = ctx->arena;
    static const char *const unsupported[] = {"cidr_routing_policy",
                                              "geoproximity_routing_policy", NULL};
    for (const char *const *u = unsupported; *u; u++) {
        const tf_value *v = tf_get(req->config, *u);
        if (tf_is_known(v) && !tf_is_null(v) && v->u.coll.n > 0)
            tf_diag_error(ctx->diags, tf_path_attr(a, tf_path_root(a), *u),
                          "Unsupported argument",
                          "%s is not supported by this provider yet (aws_route53_record).", *u);
    }
    /* name's StateFunc: strings.ToLower(strings.TrimSuffix(name, ".")). */
    const tf_value *name = tf_get(req->config, "name");
    if (tf_is_known(name) && !tf_is_null(name)) {
        const char *norm = r53_lower_trim(a, name->u.str.ptr);
        req->planned = tf_object_with(a, req->planned, "name", tf_string(a, norm));
        if (strcmp(norm, name->u.str.ptr) != 0)
            req->legacy_type_system = true;
        const tf_value *prior = tf_get(req->prior, "name");
        if (tf_is_known(prior) && !tf_is_null(prior) && strcmp(prior->u.str.ptr, norm) == 0)
            for (size_t i = 0; i < req->n_replace; i++)
                if (req->replace[i] && strcmp(tf_path_string(a, req->replace[i]), "name") == 0)
                    req->replace[i] = NULL;
    }
    /* alias.name: normalizeAliasDomainName, and no diff in case only. */
    const tf_value *cal = rec_first(req->config, "alias");
    const tf_value *pal = rec_first(req->planned, "alias");
    const tf_value *nm = cal ? tf_get(cal, "name") : NULL;
    if (pal && nm && tf_is_known(nm) && !tf_is_null(nm)) {
        const char *norm = r53_normalize(a, nm->u.str.ptr);
        const tf_value *old = rec_first(req->prior, "alias");
        const char *prev = old ? tf_get_str(old, "name", NULL) : NULL;
        if (prev && strcasecmp(prev, norm) == 0)
            norm = prev;
        if (strcmp(norm, nm->u.str.ptr) != 0) {
            const tf_block *ab = aws_schema_block(&REC_SCHEMA, "alias");
            const tf_value *item = tf_object_with(a, pal, "name", tf_string(a, norm));
            req->planned = tf_object_with(a, req->planned, "alias", tf_list(a, ab->ctype, 1, &item));
            req->legacy_type_system = true;
        }
    }
}

static const tf_value *rec_import(tf_ctx *ctx, const char *id)
{
    tf_arena *a = ctx->arena;
    /* recordParseResourceID: zone, name (parts up to the first RR type),
     * type, set identifier (the rest). */
    size_t n = 1;
    for (const char *p = id; *p; p++)
        n += *p == '_';
    char **parts = tf_arena_calloc(a, n + 1, sizeof *parts);
    char *copy = tf_arena_strdup(a, id);
    size_t k = 0;
    for (char *s = copy;; ) {
        char *u = strchr(s, '_');
        parts[k++] = s;
        if (!u)
            break;
        *u = '\0';
        s = u + 1;
    }
    const char *zone = k > 1 ? parts[0] : "", *name = "", *type = "", *set = "";
    if (k >= 3) {
        size_t ti = 0;
        for (size_t i = 1; i < k && !ti; i++)
            if (rec_is_type(parts[i]))
                ti = i;
        if (ti > 1) {
            char *nm = parts[1];
            for (size_t i = 2; i < ti; i++)
                nm = tf_arena_printf(a, "%s_%s", nm, parts[i]);
            size_t l = strlen(nm);
            if (l && nm[l - 1] == '.')
                nm[l - 1] = '\0';
            name = nm;
            type = parts[ti];
            if (ti + 1 < k) {
                char *st = parts[ti + 1];
                for (size_t i = ti + 2; i < k; i++)
                    st = tf_arena_printf(a, "%s_%s", st, parts[i]);
                set = st;
            }
        }
    }
    if (!*zone || !*type) {
        tf_diag_error(ctx->diags, NULL, "Invalid import ID",
                      "unexpected format of ID (\"%s\"), expected "
                      "ZONEID_RECORDNAME_TYPE_SET-IDENTIFIER (e.g. "
                      "Z4KAPRWWNC7JR_dev.example.com_NS_dev), where SET-IDENTIFIER is optional",
                      id);
        return NULL;
    }
    tf_objb b;
    tf_objb_init(&b, a, REC_SCHEMA.ctype, NULL);
    tf_objb_str(&b, "id", id);
    tf_objb_str(&b, "zone_id", zone);
    tf_objb_str(&b, "name", name);
    tf_objb_str(&b, "type", type);
    if (*set)
        tf_objb_str(&b, "set_identifier", set);
    return tf_objb_done(&b);
}

const tf_resource_def aws_route53_record_def = {
    .type_name = "aws_route53_record",
    .version = 2,
    .schema = &aws_schema_resource_aws_route53_record,
    .modify_plan = rec_modify_plan,
    .create = rec_create,
    .read = rec_read,
    .update = rec_update,
    .delete = rec_delete,
    .import = rec_import,
};

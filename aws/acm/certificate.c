/* certificate.c - aws_acm_certificate: a certificate requested from ACM.
 *
 * The one idea: the certificate is known by its ARN (id and import ID);
 * what it certifies (domain, alternative names, key, validation method) is
 * fixed at the request, only its options and tags change in place.  Its
 * validation records (a CNAME per domain, or contact addresses) exist only
 * after ACM has had a moment: the create waits for them, since the records
 * Terraform writes next need them, and the plan already knows which domains
 * there will be records for (domain_validation_options elements with their
 * domain_name known, the record unknown), so a configuration can for_each
 * over them before the certificate exists.
 *
 * hashicorp/aws 5.100.0: plan (CustomizeDiff): with DNS validation and a
 * new domain or SAN list, domain_validation_options is one element per
 * name (the domain and each SAN); subject_alternative_names always gains
 * domain_name, as ACM adds it.  Create: RequestCertificate (idempotency
 * token, tags, key algorithm, options, SANs, validation method and
 * options), then DescribeCertificate until a domain shows a record, e-mail
 * addresses or success (5 minutes).  Read: DescribeCertificate (a
 * VALIDATION_TIMED_OUT certificate reads as gone) and
 * ListTagsForCertificate.  Update: UpdateCertificateOptions, tags by
 * Remove/AddTagsToCertificate.  Delete: DeleteCertificate, repeated for 20
 * minutes while ACM says a service still uses it (ResourceInUseException).
 *
 * Imported certificates: ImportCertificate (certificate, key and chain as
 * blobs, tags; create-once looks for an earlier attempt's certificate
 * among the account's imported ones), no validations to wait for; a change
 * of certificate_body, private_key or certificate_chain re-imports in place
 * under the same ARN.
 *
 * Private certificates (certificate_authority_arn): requested from the CA,
 * waited for until no longer PENDING_VALIDATION.  Not implemented (refused
 * when planned, at the attribute): early_renewal_duration, the early
 * renewal of a private certificate (pending_renewal is always false). */

#include <stdio.h>
#include <string.h>

#include "acm_common.h"
#include "aws_schema_gen.h"
#include "base64.h"
#include "diagnostics.h"
#include "resources.h"
#include "schema_block.h"
#include "tags.h"
#include "value_build.h"

#define CERT_SCHEMA aws_schema_resource_aws_acm_certificate

/* hashicorp/aws's timeouts (not configurable for this type). */
#define CERT_DNS_ASSIGNMENT_S (5 * 60.0)
#define CERT_IN_USE_S (20 * 60.0)

static const char *const key_algorithms[] = {"RSA_1024", "RSA_2048", "RSA_3072", "RSA_4096",
                                             "EC_prime256v1", "EC_secp384r1", "EC_secp521r1",
                                             NULL};

static const tf_type *attr_type(const char *name)
{
    const tf_type *t = CERT_SCHEMA.ctype;
    int i = tf_type_attr_index(t, name);
    return i >= 0 ? t->types[i] : NULL;
}

static bool set_known(const tf_value *v)
{
    return tf_is_known(v) && !tf_contains_unknown(v);
}

/* ---- planning ---- */

static const char *const not_implemented[][2] = {
    {"early_renewal_duration", "early renewal of a private certificate "
                               "(early_renewal_duration)"},
};

/* The set of names: the configured SANs plus domain_name. */
static const tf_value *sans_with_domain(tf_arena *a, const tf_value *sans, const tf_value *domain)
{
    size_t n = tf_is_known(sans) ? sans->u.coll.n : 0;
    const tf_value **items = tf_arena_calloc(a, n + 2, sizeof *items);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        items[k++] = sans->u.coll.items[i];
    items[k++] = domain;
    return tf_set(a, &tf_type_string, k, items);
}

/* domain_validation_options as the plan knows it: one element per name,
 * the record of a name the prior state has kept (the SDK keeps a computed
 * field it is given no new value for), unknown otherwise. */
static const tf_value *planned_dvo(tf_arena *a, const tf_value *names, const tf_value *prior)
{
    const tf_type *set_t = attr_type("domain_validation_options");
    const tf_type *elem_t = set_t->elem;
    size_t n = names->u.coll.n;
    const tf_value **items = tf_arena_calloc(a, n + 1, sizeof *items);
    const tf_value *unknown = tf_unknown(a, &tf_type_string);
    for (size_t i = 0; i < n; i++) {
        const char *name = names->u.coll.items[i]->u.str.ptr;
        const tf_value *old = NULL;
        for (size_t j = 0; set_known(prior) && j < prior->u.coll.n && !old; j++)
            if (strcmp(tf_get_str(prior->u.coll.items[j], "domain_name", ""), name) == 0)
                old = prior->u.coll.items[j];
        tf_objb b;
        tf_objb_init(&b, a, elem_t, old);
        tf_objb_str(&b, "domain_name", name);
        if (!old) {
            tf_objb_set(&b, "resource_record_name", unknown);
            tf_objb_set(&b, "resource_record_type", unknown);
            tf_objb_set(&b, "resource_record_value", unknown);
        }
        items[i] = tf_objb_done(&b);
    }
    return tf_set(a, elem_t, n, items);
}

static void cert_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->planned))
        return;
    tf_arena *a = ctx->arena;
    aws_tags_plan(ctx, req);
    for (size_t i = 0; i < sizeof not_implemented / sizeof not_implemented[0]; i++) {
        const tf_value *v = tf_get(req->config, not_implemented[i][0]);
        if (tf_is_null(v))
            continue;
        tf_diag_error(ctx->diags, tf_path_attr(a, tf_path_root(a), not_implemented[i][0]),
                      "Not implemented by this provider",
                      "aws_acm_certificate: %s is not implemented by this provider yet; "
                      "the certificate itself (requested, private or imported) is.",
                      not_implemented[i][1]);
    }
    bool create = tf_is_null(req->prior);
    const tf_value *domain = tf_get(req->planned, "domain_name");
    const tf_value *cfg_sans = tf_get(req->config, "subject_alternative_names");
    /* diff.HasChange(domain_name) || diff.HasChange(subject_alternative_names) */
    bool changed = create ||
                   !tf_value_equal(domain, tf_get(req->prior, "domain_name")) ||
                   (!tf_is_null(cfg_sans) &&
                    !tf_value_equal(cfg_sans, tf_get(req->prior, "subject_alternative_names")));
    if (!changed)
        return;
    /* an unset (Optional+Computed) set keeps the prior names on update */
    const tf_value *base = !tf_is_null(cfg_sans) ? cfg_sans
                           : create              ? NULL
                                                 : tf_get(req->prior, "subject_alternative_names");
    if (!tf_is_known(domain) || tf_is_unknown(base) || tf_contains_unknown(base)) {
        req->planned = tf_object_with(a, req->planned, "subject_alternative_names",
                                      tf_unknown(a, attr_type("subject_alternative_names")));
        req->planned = tf_object_with(a, req->planned, "domain_validation_options",
                                      tf_unknown(a, attr_type("domain_validation_options")));
        return;
    }
    const tf_value *names = sans_with_domain(a, base, domain);
    req->planned = tf_object_with(a, req->planned, "subject_alternative_names", names);
    const tf_value *method = tf_get(req->planned, "validation_method");
    if (tf_is_known(method) && strcmp(method->u.str.ptr, "DNS") == 0)
        req->planned = tf_object_with(a, req->planned, "domain_validation_options",
                                      planned_dvo(a, names,
                                                  tf_get(req->prior, "domain_validation_options")));
}

/* ---- reading ---- */

static const char *json_str_or(tf_arena *a, const json_t *o, const char *key, const char *def)
{
    const char *s = aws_json_str(a, o, key);
    return s ? s : def;
}

/* flattenDomainValidations: the elements with a record, and every
 * validation e-mail address. */
static void flatten_validations(tf_arena *a, const json_t *list, const tf_value **dvo,
                                const tf_value **emails)
{
    const tf_type *elem_t = attr_type("domain_validation_options")->elem;
    size_t n = json_array_size(list), nd = 0, ne = 0;
    for (size_t i = 0; i < n; i++)
        ne += json_array_size(json_object_get(json_array_get(list, i), "ValidationEmails"));
    const tf_value **d = tf_arena_calloc(a, n + 1, sizeof *d);
    const tf_value **e = tf_arena_calloc(a, ne + 1, sizeof *e);
    ne = 0;
    for (size_t i = 0; i < n; i++) {
        const json_t *v = json_array_get(list, i);
        const json_t *rr = json_object_get(v, "ResourceRecord");
        if (json_is_object(rr)) {
            tf_objb b;
            tf_objb_init(&b, a, elem_t, NULL);
            tf_objb_str(&b, "domain_name", aws_json_str(a, v, "DomainName"));
            tf_objb_str(&b, "resource_record_name", aws_json_str(a, rr, "Name"));
            tf_objb_str(&b, "resource_record_type", json_str_or(a, rr, "Type", ""));
            tf_objb_str(&b, "resource_record_value", aws_json_str(a, rr, "Value"));
            d[nd++] = tf_objb_done(&b);
        }
        const json_t *em = json_object_get(v, "ValidationEmails");
        for (size_t j = 0; j < json_array_size(em); j++)
            if (json_is_string(json_array_get(em, j)))
                e[ne++] = tf_string(a, json_string_value(json_array_get(em, j)));
    }
    *dvo = tf_set(a, elem_t, nd, d);
    *emails = tf_list(a, &tf_type_string, ne, e);
}

/* DescribeCertificate's hyphenated key algorithm ("RSA-2048") as the
 * SDK's enum value ("RSA_2048"). */
static const char *key_algorithm(tf_arena *a, const char *v)
{
    if (!v)
        return "";
    char *u = tf_arena_strdup(a, v);
    for (char *p = u; *p; p++)
        if (*p == '-')
            *p = '_';
    for (size_t i = 0; key_algorithms[i]; i++)
        if (strcmp(key_algorithms[i], u) == 0)
            return key_algorithms[i];
    return v;
}

static const char *validation_method(tf_arena *a, const json_t *cert)
{
    const char *type = aws_json_str(a, cert, "Type");
    const json_t *dvo = json_object_get(cert, "DomainValidationOptions");
    if (type && strcmp(type, "AMAZON_ISSUED") == 0 && json_array_size(dvo) > 0)
        return json_str_or(a, json_array_get(dvo, 0), "ValidationMethod", "");
    return "NONE";
}

static int read_tags(tf_ctx *ctx, const aws_meta *m, const char *arn, aws_kv **kv, size_t *n,
                     aws_error *err)
{
    json_t *in = json_pack("{s:s}", "CertificateArn", arn);
    json_t *out = NULL;
    int rc = acm_call(ctx, m, "ListTagsForCertificate", in, &out, err);
    json_decref(in);
    if (rc != 0)
        return -1;
    const json_t *list = json_object_get(out, "Tags");
    *n = json_array_size(list);
    *kv = tf_arena_calloc(ctx->arena, *n + 1, sizeof **kv);
    for (size_t i = 0; i < *n; i++) {
        const json_t *t = json_array_get(list, i);
        (*kv)[i].key = json_str_or(ctx->arena, t, "Key", "");
        (*kv)[i].value = json_str_or(ctx->arena, t, "Value", "");
    }
    json_decref(out);
    return 0;
}

/* The state of the certificate, built on base: a null state when gone (an
 * error when is_new), NULL with a diagnostic. */
static const tf_value *cert_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                    bool is_new)
{
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(base, "id", "");
    json_t *c = NULL;
    aws_error err;
    int rc = acm_find_certificate(ctx, m, id, false, &c, &err);
    if (rc < 0 || (rc == 0 && is_new)) {
        aws_diag(ctx, &err, "reading ACM Certificate (%s)", id);
        return NULL;
    }
    if (rc == 0)
        return tf_null(a, CERT_SCHEMA.ctype);
    tf_objb b;
    tf_objb_init(&b, a, CERT_SCHEMA.ctype, base);
    const char *arn = json_str_or(a, c, "CertificateArn", id);
    tf_objb_str(&b, "id", arn);
    tf_objb_str(&b, "arn", arn);
    tf_objb_str(&b, "certificate_authority_arn", json_str_or(a, c, "CertificateAuthorityArn", ""));
    tf_objb_str(&b, "domain_name", json_str_or(a, c, "DomainName", ""));
    const tf_value *erd = tf_get(base, "early_renewal_duration");
    tf_objb_str(&b, "early_renewal_duration", tf_is_known(erd) ? erd->u.str.ptr : "");
    const tf_value *dvo, *emails;
    flatten_validations(a, json_object_get(c, "DomainValidationOptions"), &dvo, &emails);
    tf_objb_set(&b, "domain_validation_options", dvo);
    tf_objb_set(&b, "validation_emails", emails);
    tf_objb_str(&b, "key_algorithm", key_algorithm(a, aws_json_str(a, c, "KeyAlgorithm")));
    const char *na = acm_rfc3339(a, c, "NotAfter"), *nb = acm_rfc3339(a, c, "NotBefore");
    tf_objb_str(&b, "not_after", na ? na : "");
    tf_objb_str(&b, "not_before", nb ? nb : "");
    const tf_block *ob = aws_schema_block(&CERT_SCHEMA, "options");
    const json_t *opts = json_object_get(c, "Options");
    if (json_is_object(opts)) {
        tf_objb o;
        tf_objb_init(&o, a, ob->ctype, NULL);
        tf_objb_str(&o, "certificate_transparency_logging_preference",
                    json_str_or(a, opts, "CertificateTransparencyLoggingPreference", ""));
        const tf_value *one = tf_objb_done(&o);
        tf_objb_set(&b, "options", tf_list(a, ob->ctype, 1, &one));
    } else {
        tf_objb_set(&b, "options", tf_list(a, ob->ctype, 0, NULL));
    }
    /* certificateSetPendingRenewal: only with early_renewal_duration, which
     * this provider refuses */
    tf_objb_bool(&b, "pending_renewal", false);
    tf_objb_str(&b, "renewal_eligibility", json_str_or(a, c, "RenewalEligibility", ""));
    const tf_type *rs_t = attr_type("renewal_summary");
    const json_t *rs = json_object_get(c, "RenewalSummary");
    if (json_is_object(rs)) {
        tf_objb r;
        tf_objb_init(&r, a, rs_t->elem, NULL);
        tf_objb_str(&r, "renewal_status", json_str_or(a, rs, "RenewalStatus", ""));
        tf_objb_str(&r, "renewal_status_reason", json_str_or(a, rs, "RenewalStatusReason", ""));
        const char *at = acm_rfc3339(a, rs, "UpdatedAt");
        tf_objb_str(&r, "updated_at", at ? at : "");
        const tf_value *one = tf_objb_done(&r);
        tf_objb_set(&b, "renewal_summary", tf_list(a, rs_t->elem, 1, &one));
    } else {
        tf_objb_set(&b, "renewal_summary", tf_list(a, rs_t->elem, 0, NULL));
    }
    tf_objb_str(&b, "status", json_str_or(a, c, "Status", ""));
    const json_t *sl = json_object_get(c, "SubjectAlternativeNames");
    size_t ns = json_array_size(sl);
    const tf_value **sans = tf_arena_calloc(a, ns + 1, sizeof *sans);
    for (size_t i = 0; i < ns; i++)
        sans[i] = tf_string(a, json_is_string(json_array_get(sl, i))
                                   ? json_string_value(json_array_get(sl, i))
                                   : "");
    tf_objb_set(&b, "subject_alternative_names", tf_set(a, &tf_type_string, ns, sans));
    tf_objb_str(&b, "type", json_str_or(a, c, "Type", ""));
    tf_objb_str(&b, "validation_method", validation_method(a, c));
    json_decref(c);
    aws_kv *tags = NULL;
    size_t n_tags = 0;
    if (read_tags(ctx, m, id, &tags, &n_tags, &err) != 0) {
        aws_diag(ctx, &err, "listing tags for ACM Certificate (%s)", id);
        return NULL;
    }
    aws_tags_set_state(&b, m, tags, n_tags, tf_get(base, "tags"));
    return tf_objb_done(&b);
}

/* ---- writing ---- */

static json_t *tag_list(const aws_kv *kv, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(arr, json_pack("{s:s,s:s}", "Key", kv[i].key, "Value",
                                             kv[i].value));
    return arr;
}

/* statusCertificateDomainValidationsAvailable */
typedef struct dvo_wait {
    tf_ctx *ctx;
    const aws_meta *m;
    const char *arn;
} dvo_wait;

static aws_wait_status dvo_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    dvo_wait *w = ud;
    json_t *c = NULL;
    int rc = acm_find_certificate(w->ctx, w->m, w->arn, false, &c, err);
    if (rc < 0)
        return AWS_WAIT_FAIL;
    if (rc == 0) {
        snprintf(state, state_len, "not found");
        return AWS_WAIT_CONTINUE;
    }
    const char *type = json_string_value(json_object_get(c, "Type"));
    const char *status = json_string_value(json_object_get(c, "Status"));
    bool available = true;
    if (type && strcmp(type, "AMAZON_ISSUED") == 0) {
        available = false;
        const json_t *dvo = json_object_get(c, "DomainValidationOptions");
        for (size_t i = 0; i < json_array_size(dvo) && !available; i++) {
            const json_t *v = json_array_get(dvo, i);
            const char *vs = json_string_value(json_object_get(v, "ValidationStatus"));
            available = json_is_object(json_object_get(v, "ResourceRecord")) ||
                        json_array_size(json_object_get(v, "ValidationEmails")) > 0 ||
                        (vs && strcmp(vs, "SUCCESS") == 0);
        }
    } else if (type && strcmp(type, "PRIVATE") == 0) {
        available = !(status && strcmp(status, "PENDING_VALIDATION") == 0);
    }
    json_decref(c);
    if (available)
        return AWS_WAIT_DONE;
    snprintf(state, state_len, "false");
    return AWS_WAIT_CONTINUE;
}

/* A PEM attribute as ImportCertificate's blob member (base64 on the wire). */
static void add_blob(tf_arena *a, json_t *in, const char *member, const tf_value *planned,
                     const char *attr)
{
    const tf_value *v = tf_get(planned, attr);
    if (tf_is_known(v) && v->u.str.len)
        json_object_set_new(in, member,
                            json_string(aws_base64_encode(a, (const unsigned char *)v->u.str.ptr,
                                                          v->u.str.len)));
}

/* ImportCertificate's create-once lookup: the account's imported
 * certificates (a SNAPSHOT: only one the first look did not see is ours). */
typedef struct import_lookup {
    tf_ctx *ctx;
    const aws_meta *m;
    const char **ids;
    size_t n, cap;
} import_lookup;

static int import_page(void *ud, json_t *page, aws_error *err)
{
    (void)err;
    import_lookup *l = ud;
    const json_t *list = json_object_get(page, "CertificateSummaryList");
    for (size_t i = 0; i < json_array_size(list); i++) {
        const json_t *c = json_array_get(list, i);
        const char *type = json_string_value(json_object_get(c, "Type"));
        const char *arn = aws_json_str(l->ctx->arena, c, "CertificateArn");
        if (!arn || (type && strcmp(type, "IMPORTED") != 0))
            continue;
        if (l->n == l->cap) {
            size_t cap = l->cap ? l->cap * 2 : 16;
            const char **ids = tf_arena_calloc(l->ctx->arena, cap, sizeof *ids);
            if (l->n)
                memcpy(ids, l->ids, l->n * sizeof *ids);
            l->ids = ids;
            l->cap = cap;
        }
        l->ids[l->n++] = arn;
    }
    return 0;
}

static int import_lookup_fn(void *ud, tf_arena *a, const char ***ids, size_t *n, aws_error *err)
{
    (void)a;
    import_lookup *l = ud;
    l->n = 0;
    json_t *types = json_array();
    for (size_t i = 0; key_algorithms[i]; i++)
        json_array_append_new(types, json_string(key_algorithms[i]));
    json_t *in = json_pack("{s:{s:o}}", "Includes", "keyTypes", types);
    int rc = aws_json_pages(l->m->client, l->ctx->arena, l->ctx->stop, "acm",
                            "ListCertificates", in, "NextToken", import_page, l, err);
    json_decref(in);
    *ids = l->ids;
    *n = l->n;
    return rc;
}

static const tf_value *cert_import_create(tf_ctx *ctx, const aws_meta *m,
                                          const tf_value *planned)
{
    tf_arena *a = ctx->arena;
    json_t *in = json_object();
    add_blob(a, in, "Certificate", planned, "certificate_body");
    add_blob(a, in, "PrivateKey", planned, "private_key");
    add_blob(a, in, "CertificateChain", planned, "certificate_chain");
    size_t n_tags;
    aws_kv *tags = aws_tags_from_map(a, tf_get(planned, "tags_all"), &n_tags);
    if (n_tags)
        json_object_set_new(in, "Tags", tag_list(tags, n_tags));
    import_lookup l = {.ctx = ctx, .m = m};
    aws_create_once once = {.service = "acm", .operation = "ImportCertificate",
                            .lookup = import_lookup_fn, .ud = &l};
    json_t *out = NULL;
    const char *adopted = NULL;
    aws_error err;
    int rc = aws_create_once_json(m->client, a, ctx->stop, &once, in, &out, &adopted, &err);
    json_decref(in);
    if (rc != 0) {
        aws_diag(ctx, &err, "importing ACM Certificate");
        return NULL;
    }
    const char *arn = adopted ? adopted : aws_json_str(a, out, "CertificateArn");
    json_decref(out);
    if (!arn) {
        aws_error_set(&err, AWS_ERR_RESPONSE, "MissingARN",
                      "ImportCertificate answered no CertificateArn");
        aws_diag(ctx, &err, "importing ACM Certificate");
        return NULL;
    }
    return tf_object_with(a, planned, "id", tf_string(a, arn));
}

static const tf_value *cert_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    if (!tf_is_null(tf_get(planned, "private_key"))) {
        const tf_value *state = cert_import_create(ctx, m, planned);
        if (!state)
            return NULL;
        /* an imported certificate has no validations to wait for */
        const tf_value *r = cert_refresh(ctx, m, state, true);
        return r ? r : state;
    }
    const char *domain = tf_get_str(planned, "domain_name", "");
    const tf_value *method = tf_get(planned, "validation_method");
    const tf_value *ca = tf_get(planned, "certificate_authority_arn");
    bool has_method = tf_is_known(method) && method->u.str.len > 0;
    bool has_ca = tf_is_known(ca) && ca->u.str.len > 0;
    if (!has_method && !has_ca) {
        tf_diag_error(ctx->diags, NULL,
                      "`certificate_authority_arn` or `validation_method` must be set when "
                      "creating an ACM certificate", "%s", "");
        return NULL;
    }
    json_t *in = json_pack("{s:s}", "DomainName", domain);
    if (has_ca)
        json_object_set_new(in, "CertificateAuthorityArn", json_string(ca->u.str.ptr));
    if (has_method)
        json_object_set_new(in, "ValidationMethod", json_string(method->u.str.ptr));
    size_t n_tags;
    aws_kv *tags = aws_tags_from_map(a, tf_get(planned, "tags_all"), &n_tags);
    if (n_tags)
        json_object_set_new(in, "Tags", tag_list(tags, n_tags));
    const tf_value *ka = tf_get(planned, "key_algorithm");
    if (tf_is_known(ka) && ka->u.str.len)
        json_object_set_new(in, "KeyAlgorithm", json_string(ka->u.str.ptr));
    const tf_value *opts = tf_get(planned, "options");
    if (tf_is_known(opts) && opts->u.coll.n > 0 && tf_is_known(opts->u.coll.items[0])) {
        json_t *o = json_object();
        const char *ct = tf_get_str(opts->u.coll.items[0],
                                    "certificate_transparency_logging_preference", "");
        if (*ct)
            json_object_set_new(o, "CertificateTransparencyLoggingPreference", json_string(ct));
        json_object_set_new(in, "Options", o);
    }
    const tf_value *sans = tf_get(planned, "subject_alternative_names");
    if (tf_is_known(sans) && sans->u.coll.n > 0) {
        json_t *arr = json_array();
        for (size_t i = 0; i < sans->u.coll.n; i++)
            json_array_append_new(arr, json_string(sans->u.coll.items[i]->u.str.ptr));
        json_object_set_new(in, "SubjectAlternativeNames", arr);
    }
    const tf_value *vo = tf_get(planned, "validation_option");
    if (tf_is_known(vo) && vo->u.coll.n > 0) {
        json_t *arr = json_array();
        for (size_t i = 0; i < vo->u.coll.n; i++) {
            json_t *o = json_object();
            const char *dn = tf_get_str(vo->u.coll.items[i], "domain_name", "");
            const char *vd = tf_get_str(vo->u.coll.items[i], "validation_domain", "");
            if (*dn)
                json_object_set_new(o, "DomainName", json_string(dn));
            if (*vd)
                json_object_set_new(o, "ValidationDomain", json_string(vd));
            json_array_append_new(arr, o);
        }
        json_object_set_new(in, "DomainValidationOptions", arr);
    }
    /* the IdempotencyToken is create_once's (one per logical create) */
    aws_create_once once = {.service = "acm", .operation = "RequestCertificate"};
    json_t *out = NULL;
    const char *adopted = NULL;
    aws_error err;
    int rc = aws_create_once_json(m->client, a, ctx->stop, &once, in, &out, &adopted, &err);
    json_decref(in);
    if (rc != 0) {
        aws_diag(ctx, &err, "requesting ACM Certificate (%s)", domain);
        return NULL;
    }
    const char *arn = aws_json_str(a, out, "CertificateArn");
    json_decref(out);
    if (!arn) {
        aws_error_set(&err, AWS_ERR_RESPONSE, "MissingARN",
                      "RequestCertificate answered no CertificateArn");
        aws_diag(ctx, &err, "requesting ACM Certificate (%s)", domain);
        return NULL;
    }
    const tf_value *state = tf_object_with(a, planned, "id", tf_string(a, arn));
    dvo_wait w = {.ctx = ctx, .m = m, .arn = arn};
    if (aws_wait(ctx->stop, CERT_DNS_ASSIGNMENT_S, dvo_poll, &w, &err) != 0) {
        aws_diag(ctx, &err, "waiting for ACM Certificate (%s) to be issued", arn);
        return state;
    }
    const tf_value *r = cert_refresh(ctx, m, state, true);
    return r ? r : state;
}

static const tf_value *cert_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    return m ? cert_refresh(ctx, m, state, false) : NULL;
}

/* tags: RemoveTagsFromCertificate (the removed tags with their old
 * values), then AddTagsToCertificate (new and changed ones), as
 * hashicorp/aws's generated updateTags. */
static int cert_tags_update(tf_ctx *ctx, const aws_meta *m, const char *arn,
                            const tf_value *old_all, const tf_value *new_all)
{
    tf_arena *a = ctx->arena;
    const char **remove;
    aws_kv *set;
    size_t n_remove, n_set;
    aws_tags_diff(a, old_all, new_all, &remove, &n_remove, &set, &n_set);
    aws_error err;
    if (n_remove) {
        json_t *arr = json_array();
        for (size_t i = 0; i < n_remove; i++) {
            const tf_value *ov = tf_map_get(old_all, remove[i]);
            json_array_append_new(arr, json_pack("{s:s,s:s}", "Key", remove[i], "Value",
                                                 tf_is_known(ov) ? ov->u.str.ptr : ""));
        }
        json_t *in = json_pack("{s:s,s:o}", "CertificateArn", arn, "Tags", arr);
        int rc = acm_call(ctx, m, "RemoveTagsFromCertificate", in, NULL, &err);
        json_decref(in);
        if (rc != 0) {
            aws_diag(ctx, &err, "untagging resource (%s)", arn);
            return -1;
        }
    }
    if (n_set) {
        json_t *in = json_pack("{s:s,s:o}", "CertificateArn", arn, "Tags", tag_list(set, n_set));
        int rc = acm_call(ctx, m, "AddTagsToCertificate", in, NULL, &err);
        json_decref(in);
        if (rc != 0) {
            aws_diag(ctx, &err, "tagging resource (%s)", arn);
            return -1;
        }
    }
    return 0;
}

static const tf_value *cert_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    const char *id = tf_get_str(prior, "id", "");
    aws_error err;
    tf_arena *a = ctx->arena;
    bool pem_changed = false;
    static const char *const pem_attrs[] = {"certificate_body", "private_key",
                                            "certificate_chain"};
    for (size_t i = 0; i < 3; i++)
        pem_changed |= !tf_value_equal(tf_get(prior, pem_attrs[i]),
                                       tf_get(planned, pem_attrs[i]));
    if (pem_changed) {
        /* re-imported in place, keeping the ARN */
        json_t *in = json_pack("{s:s}", "CertificateArn", tf_get_str(planned, "arn", id));
        add_blob(a, in, "Certificate", planned, "certificate_body");
        add_blob(a, in, "PrivateKey", planned, "private_key");
        add_blob(a, in, "CertificateChain", planned, "certificate_chain");
        int rc = acm_call(ctx, m, "ImportCertificate", in, NULL, &err);
        json_decref(in);
        if (rc != 0) {
            aws_diag(ctx, &err, "importing ACM Certificate (%s)", id);
            return prior;
        }
    }
    const tf_value *opts = tf_get(planned, "options");
    if (!tf_value_equal(tf_get(prior, "options"), opts) && tf_is_known(opts) &&
        opts->u.coll.n > 0) {
        json_t *o = json_object();
        const char *ct = tf_get_str(opts->u.coll.items[0],
                                    "certificate_transparency_logging_preference", "");
        if (*ct)
            json_object_set_new(o, "CertificateTransparencyLoggingPreference", json_string(ct));
        json_t *in = json_pack("{s:s,s:o}", "CertificateArn", tf_get_str(planned, "arn", id),
                               "Options", o);
        int rc = acm_call(ctx, m, "UpdateCertificateOptions", in, NULL, &err);
        json_decref(in);
        if (rc != 0) {
            aws_diag(ctx, &err, "updating ACM Certificate options (%s)", id);
            return prior;
        }
    }
    if (!tf_value_equal(tf_get(prior, "tags_all"), tf_get(planned, "tags_all")) &&
        cert_tags_update(ctx, m, id, tf_get(prior, "tags_all"), tf_get(planned, "tags_all")) !=
            0)
        return prior;
    const tf_value *r = cert_refresh(ctx, m, planned, false);
    return r && !tf_is_null(r) ? r : planned;
}

typedef struct del_wait {
    tf_ctx *ctx;
    const aws_meta *m;
    const char *arn;
} del_wait;

static aws_wait_status delete_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    del_wait *w = ud;
    json_t *in = json_pack("{s:s}", "CertificateArn", w->arn);
    int rc = acm_call(w->ctx, w->m, "DeleteCertificate", in, NULL, err);
    json_decref(in);
    if (rc == 0 || aws_error_is(err, "ResourceNotFoundException"))
        return AWS_WAIT_DONE;
    if (aws_error_is(err, "ResourceInUseException")) {
        snprintf(state, state_len, "%s", err->message);
        return AWS_WAIT_CONTINUE;
    }
    return AWS_WAIT_FAIL;
}

static void cert_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    const char *id = tf_get_str(prior, "id", "");
    del_wait w = {.ctx = ctx, .m = m, .arn = id};
    aws_error err;
    if (aws_wait(ctx->stop, CERT_IN_USE_S, delete_poll, &w, &err) != 0)
        aws_diag(ctx, &err, "deleting ACM Certificate (%s)", id);
}

const tf_resource_def aws_acm_certificate_def = {
    .type_name = "aws_acm_certificate",
    .version = 0,
    .schema = &CERT_SCHEMA,
    .modify_plan = cert_modify_plan,
    .create = cert_create,
    .read = cert_read,
    .update = cert_update,
    .delete = cert_delete,
};

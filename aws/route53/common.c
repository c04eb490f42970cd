/* common.c - Route 53 helpers shared by the zone and record types. */

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "route53.h"
#include "tags.h"

const char *r53_clean_id(const char *id)
{
    static const char *const prefixes[] = {"/hostedzone/", "/change/", "/delegationset/", NULL};
    if (!id)
        return "";
    for (const char *const *p = prefixes; *p; p++)
        if (strncmp(id, *p, strlen(*p)) == 0)
            return id + strlen(*p);
    return id;
}

char *r53_lower_trim(tf_arena *a, const char *s)
{
    size_t n = strlen(s ? s : "");
    if (n && s[n - 1] == '.')
        n--;
    char *out = tf_arena_strndup(a, s ? s : "", n);
    for (char *p = out; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return out;
}

static int r53_octal3(const char *p)
{
    for (int i = 0; i < 3; i++)
        if (p[i] < '0' || p[i] > '7')
            return -1;
    return (p[0] - '0') * 64 + (p[1] - '0') * 8 + (p[2] - '0');
}

char *r53_unescape(tf_arena *a, const char *s)
{
    s = s ? s : "";
    char *out = tf_arena_alloc(a, strlen(s) + 1), *o = out;
    while (*s) {
        int v;
        if (*s == '\\' && (v = r53_octal3(s + 1)) > 0 && v < 256) {
            *o++ = (char)v;
            s += 4;
        } else {
            *o++ = *s++;
        }
    }
    *o = '\0';
    return out;
}

char *r53_normalize(tf_arena *a, const char *s)
{
    if (s && strcmp(s, ".") == 0)
        return tf_arena_strdup(a, ".");
    const char *in = r53_lower_trim(a, s);
    char *out = tf_arena_alloc(a, strlen(in) * 4 + 1), *o = out;
    for (const char *p = in; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch == '\\' && r53_octal3(p + 1) >= 0) {
            memcpy(o, p, 4);
            o += 4;
            p += 3;
        } else if (isdigit(ch) || (ch >= 'a' && ch <= 'z') || ch == '_' || ch == '-' ||
                   ch == '.' || ch == '\\' || ch >= 0x80) {
            *o++ = (char)ch;
        } else {
            o += sprintf(o, "\\%03o", ch);
        }
    }
    *o = '\0';
    return out;
}

char *r53_fqdn(tf_arena *a, const char *s)
{
    size_t n = strlen(s ? s : "");
    if (n && s[n - 1] == '.')
        return tf_arena_strdup(a, s);
    return tf_arena_printf(a, "%s.", s ? s : "");
}

const char *r53_zone_arn(tf_arena *a, const aws_meta *m, const char *zone_id)
{
    return tf_arena_printf(a, "arn:%s:route53:::hostedzone/%s", m->partition, zone_id);
}

void r53_xml_init(r53_xml *x, tf_arena *a)
{
    x->a = a;
    x->s = tf_arena_strdup(a, "");
}

void r53_xml_add(r53_xml *x, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char buf[512];
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char *piece;
    if (n >= 0 && (size_t)n < sizeof buf) {
        piece = buf;
    } else {
        piece = tf_arena_alloc(x->a, (size_t)(n < 0 ? 0 : n) + 1);
        vsnprintf(piece, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap2);
    }
    va_end(ap2);
    x->s = tf_arena_printf(x->a, "%s%s", x->s, piece);
}

void r53_xml_text(r53_xml *x, const char *tag, const char *text)
{
    r53_xml_add(x, "<%s>%s</%s>", tag, aws_xml_escape(x->a, text), tag);
}

int r53_get_zone(aws_client *c, tf_arena *a, const volatile int *stop, const char *zone_id,
                 const aws_xml_node **doc, aws_error *err)
{
    aws_rest_request rq = {
        .method = "GET",
        .path = tf_arena_printf(a, "/2013-04-01/hostedzone/%s",
                                aws_uri_escape(a, r53_clean_id(zone_id), 0)),
    };
    aws_rest_response out;
    *doc = NULL;
    if (aws_restxml_call(c, a, stop, "route53", "GetHostedZone", &rq, &out, err) != 0)
        return aws_error_is(err, "NoSuchHostedZone") ? 1 : -1;
    if (!out.doc || !aws_xml_child(out.doc, "HostedZone")) {
        aws_error_set(err, AWS_ERR_RESPONSE, "SerializationError",
                      "GetHostedZone answered without a HostedZone");
        return -1;
    }
    *doc = out.doc;
    return 0;
}

typedef struct {
    aws_client *c;
    tf_arena *a;
    const volatile int *stop;
    const char *id;
} r53_change_wait;

static aws_wait_status r53_change_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    r53_change_wait *w = ud;
    aws_rest_request rq = {
        .method = "GET",
        .path = tf_arena_printf(w->a, "/2013-04-01/change/%s", aws_uri_escape(w->a, w->id, 0)),
    };
    aws_rest_response out;
    if (aws_restxml_call(w->c, w->a, w->stop, "route53", "GetChange", &rq, &out, err) != 0)
        return AWS_WAIT_FAIL;
    const char *status = out.doc ? aws_xml_text(out.doc, "ChangeInfo/Status") : NULL;
    snprintf(state, state_len, "%s", status ? status : "");
    if (status && strcmp(status, "INSYNC") == 0)
        return AWS_WAIT_DONE;
    if (status && strcmp(status, "PENDING") == 0)
        return AWS_WAIT_CONTINUE;
    aws_error_set(err, AWS_ERR_RESPONSE, "UnexpectedState",
                  "Route 53 change %s: unexpected state '%s'", w->id, status ? status : "");
    return AWS_WAIT_FAIL;
}

int r53_wait_change(aws_client *c, tf_arena *a, const volatile int *stop, const char *change_id,
                    double timeout_s, aws_error *err)
{
    r53_change_wait w = {c, a, stop, r53_clean_id(change_id)};
    return aws_wait(stop, timeout_s, r53_change_poll, &w, err);
}

int r53_list_tags(aws_client *c, tf_arena *a, const volatile int *stop, const char *zone_id,
                  aws_kv **tags, size_t *n, aws_error *err)
{
    aws_rest_request rq = {
        .method = "GET",
        .path = tf_arena_printf(a, "/2013-04-01/tags/hostedzone/%s",
                                aws_uri_escape(a, r53_clean_id(zone_id), 0)),
    };
    aws_rest_response out;
    *tags = NULL;
    *n = 0;
    if (aws_restxml_call(c, a, stop, "route53", "ListTagsForResource", &rq, &out, err) != 0)
        return -1;
    size_t cap = 0;
    for (const aws_xml_node *t = aws_xml_first(out.doc, "ResourceTagSet/Tags/Tag"); t;
         t = aws_xml_next(t))
        cap++;
    *tags = tf_arena_calloc(a, cap + 1, sizeof **tags);
    for (const aws_xml_node *t = aws_xml_first(out.doc, "ResourceTagSet/Tags/Tag"); t;
         t = aws_xml_next(t)) {
        const char *k = aws_xml_text(t, "Key"), *v = aws_xml_text(t, "Value");
        if (!k)
            continue;
        (*tags)[*n].key = k;
        (*tags)[(*n)++].value = v ? v : "";
    }
    return 0;
}

int r53_update_tags(aws_client *c, tf_arena *a, const volatile int *stop, const char *zone_id,
                    const tf_value *old_map, const tf_value *new_map, aws_error *err)
{
    if (tf_value_equal(old_map, new_map))
        return 0;
    const char **remove;
    aws_kv *set;
    size_t n_remove, n_set;
    aws_tags_diff(a, old_map, new_map, &remove, &n_remove, &set, &n_set);
    if (!n_remove && !n_set)
        return 0;
    r53_xml x;
    r53_xml_init(&x, a);
    r53_xml_add(&x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                    "<ChangeTagsForResourceRequest xmlns=\"" R53_NS "\">");
    if (n_set) {
        r53_xml_add(&x, "<AddTags>");
        for (size_t i = 0; i < n_set; i++) {
            r53_xml_add(&x, "<Tag>");
            r53_xml_text(&x, "Key", set[i].key);
            r53_xml_text(&x, "Value", set[i].value);
            r53_xml_add(&x, "</Tag>");
        }
        r53_xml_add(&x, "</AddTags>");
    }
    if (n_remove) {
        r53_xml_add(&x, "<RemoveTagKeys>");
        for (size_t i = 0; i < n_remove; i++)
            r53_xml_text(&x, "Key", remove[i]);
        r53_xml_add(&x, "</RemoveTagKeys>");
    }
    r53_xml_add(&x, "</ChangeTagsForResourceRequest>");
    aws_rest_request rq = {
        .method = "POST",
        .path = tf_arena_printf(a, "/2013-04-01/tags/hostedzone/%s",
                                aws_uri_escape(a, r53_clean_id(zone_id), 0)),
        .body = x.s,
        .idempotent = 1,
    };
    aws_rest_response out;
    return aws_restxml_call(c, a, stop, "route53", "ChangeTagsForResource", &rq, &out, err);
}

int r53_zone_name_servers(aws_client *c, tf_arena *a, const volatile int *stop,
                          const aws_xml_node *zone_doc, const char ***ns, size_t *n,
                          aws_error *err)
{
    *n = 0;
    *ns = NULL;
    int private_zone = aws_xml_bool(zone_doc, "HostedZone/Config/PrivateZone", 0);
    const aws_xml_node *first = NULL;
    aws_rest_response out;
    if (private_zone) {
        const char *zid = r53_clean_id(aws_xml_text(zone_doc, "HostedZone/Id"));
        const char *zname = aws_xml_text(zone_doc, "HostedZone/Name");
        aws_kv q[] = {{"name", zname ? zname : ""}, {"type", "NS"}, {"maxitems", "1"}};
        aws_rest_request rq = {
            .method = "GET",
            .path = tf_arena_printf(a, "/2013-04-01/hostedzone/%s/rrset",
                                    aws_uri_escape(a, zid, 0)),
            .query = q,
            .n_query = 3,
        };
        if (aws_restxml_call(c, a, stop, "route53", "ListResourceRecordSets", &rq, &out, err) !=
            0)
            return -1;
        const aws_xml_node *rr = aws_xml_first(out.doc, "ResourceRecordSets/ResourceRecordSet");
        if (rr && strcmp(aws_xml_text(rr, "Type") ? aws_xml_text(rr, "Type") : "", "NS") == 0)
            first = aws_xml_first(rr, "ResourceRecords/ResourceRecord");
    } else {
        first = aws_xml_first(zone_doc, "DelegationSet/NameServers/NameServer");
    }
    size_t cap = 0;
    for (const aws_xml_node *v = first; v; v = aws_xml_next(v))
        cap++;
    *ns = tf_arena_calloc(a, cap + 1, sizeof **ns);
    for (const aws_xml_node *v = first; v; v = aws_xml_next(v)) {
        const char *s = private_zone ? aws_xml_text(v, "Value") : v->text;
        if (s)
            (*ns)[(*n)++] = s;
    }
    return 0;
}

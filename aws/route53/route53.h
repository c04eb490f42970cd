/* route53.h - what the Route 53 types share: zone lookups, change waits,
 * tags, and the name forms hashicorp/aws uses.
 *
 * Route 53 speaks REST-XML (aws_restxml_call): ids appear in the URI
 * without their "/hostedzone/" or "/change/" prefix; names come back fully
 * qualified, in lower case, with characters other than a-z 0-9 - _ . as
 * \ooo escapes (a wildcard label is "\052"). */
#ifndef AWS_ROUTE53_H
#define AWS_ROUTE53_H

#include "aws.h"
#include "provider_meta.h"
#include "schema.h"

#define R53_NS "https://route53.amazonaws.com/doc/2013-04-01/"

/* id without a leading "/hostedzone/" ("/change/", "/delegationset/"). */
const char *r53_clean_id(const char *id);
/* strings.ToLower(strings.TrimSuffix(s, ".")) in a. */
char *r53_lower_trim(tf_arena *a, const char *s);
/* \ooo escapes decoded, in a. */
char *r53_unescape(tf_arena *a, const char *s);
/* hashicorp's normalizeZoneName/normalizeDomainName: lower case, no trailing
 * dot, characters outside [0-9a-z_.-] as \ooo escapes ("." stays "."). */
char *r53_normalize(tf_arena *a, const char *s);
/* name with a trailing dot, in a. */
char *r53_fqdn(tf_arena *a, const char *s);

/* GetHostedZone: 0 with *doc (the GetHostedZoneResponse), 1 when the zone
 * does not exist (NoSuchHostedZone), -1 with err. */
int r53_get_zone(aws_client *c, tf_arena *a, const volatile int *stop, const char *zone_id,
                 const aws_xml_node **doc, aws_error *err);
/* Waits for the change (id with or without "/change/") to be INSYNC. */
int r53_wait_change(aws_client *c, tf_arena *a, const volatile int *stop, const char *change_id,
                    double timeout_s, aws_error *err);
/* ListTagsForResource of a hosted zone: the tags in a. */
int r53_list_tags(aws_client *c, tf_arena *a, const volatile int *stop, const char *zone_id,
                  aws_kv **tags, size_t *n, aws_error *err);
/* ChangeTagsForResource from old to new tag maps (tags_all values); nothing
 * sent when they are equal. */
int r53_update_tags(aws_client *c, tf_arena *a, const volatile int *stop, const char *zone_id,
                    const tf_value *old_map, const tf_value *new_map, aws_error *err);
/* The zone's name servers: the delegation set's, or for a private zone
 * the values of its apex NS record. */
int r53_zone_name_servers(aws_client *c, tf_arena *a, const volatile int *stop,
                          const aws_xml_node *zone_doc, const char ***ns, size_t *n,
                          aws_error *err);
/* arn:<partition>:route53:::hostedzone/<id> */
const char *r53_zone_arn(tf_arena *a, const aws_meta *m, const char *zone_id);

/* Appends to an arena string. */
typedef struct {
    tf_arena *a;
    char *s;
} r53_xml;
void r53_xml_init(r53_xml *x, tf_arena *a);
void r53_xml_add(r53_xml *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* <tag>escaped text</tag> */
void r53_xml_text(r53_xml *x, const char *tag, const char *text);

#endif

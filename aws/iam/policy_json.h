/* policy_json.h - IAM policy documents as hashicorp/aws writes and compares
 * them.
 *
 * hashicorp/aws is written in Go: the JSON it stores is encoding/json's
 * (HTML characters escaped as \u003c, map keys sorted, shortest float
 * text), a policy it renders follows its own struct order (Version, Id,
 * Statement; Sid, Effect, Action, ...), and two documents that say the same
 * thing (statement order, a one-element list or its string, "*" or
 * {"AWS":"*"}) are "equivalent" and cause no diff.  This module reproduces
 * the three: Go's encoder on a small ordered tree (pj_node), the policy
 * document model with its merge rules (the data source), and the
 * equivalence test (the resources' diff suppression). */
#ifndef AWS_IAM_POLICY_JSON_H
#define AWS_IAM_POLICY_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"

/* ---- an ordered JSON tree and Go's encoder ---- */

typedef enum { PJ_NULL, PJ_BOOL, PJ_NUM, PJ_STR, PJ_ARR, PJ_OBJ } pj_kind;

typedef struct pj_node pj_node;
struct pj_node {
    pj_kind kind;
    bool b;
    double num;
    const char *str;          /* PJ_STR */
    size_t len;
    size_t n, cap;            /* PJ_ARR / PJ_OBJ members */
    pj_node **items;
    const char **keys;        /* PJ_OBJ: in output order */
};

pj_node *pj_new(tf_arena *a, pj_kind kind);
pj_node *pj_str(tf_arena *a, const char *s);
void pj_push(tf_arena *a, pj_node *arr, pj_node *item);
void pj_set(tf_arena *a, pj_node *obj, const char *key, pj_node *v);  /* appends */
const pj_node *pj_get(const pj_node *obj, const char *key);

/* Parses text as encoding/json would into interface{}: objects with their
 * keys sorted (as Go's map marshals them), duplicate keys last-wins,
 * numbers as float64.  NULL with *err set when it is not JSON. */
pj_node *pj_parse(tf_arena *a, const char *text, size_t len, const char **err);

/* encoding/json output: compact (json.Marshal) or indented with two spaces
 * (json.MarshalIndent(v, "", "  ")). */
char *pj_encode(tf_arena *a, const pj_node *v, bool indent);

/* structure.NormalizeJsonString: compact, keys sorted.  NULL when text is
 * not JSON. */
char *pj_normalize(tf_arena *a, const char *text, size_t len);

/* crc32 (IEEE) of s, what hashicorp's create.StringHashcode and the SDK's
 * set hashes use. */
uint32_t pj_crc32(const char *s, size_t len);

/* ---- policy documents (data "aws_iam_policy_document") ---- */

typedef struct pj_principal {
    const char *type;
    const char **ids;    /* with is_list; else ids[0] is the single string */
    size_t n;
    bool is_list;
} pj_principal;

typedef struct pj_condition {
    const char *test, *variable;
    const char **values;
    size_t n;
    bool is_list;
} pj_condition;

typedef struct pj_statement {
    const char *sid, *effect;                 /* "" = omitted */
    const pj_node *action, *not_action, *resource, *not_resource; /* NULL = omitted */
    pj_principal *principals, *not_principals;
    size_t n_principals, n_not_principals;
    pj_condition *conditions;
    size_t n_conditions;
} pj_statement;

typedef struct pj_doc {
    const char *version, *id;                 /* "" = omitted */
    pj_statement **statements;
    size_t n, cap;
} pj_doc;

/* Reads a document the way Go unmarshals one into hashicorp's model; -1
 * with *err (in a) when it cannot. */
int pj_doc_parse(tf_arena *a, const char *text, pj_doc *out, const char **err);
/* hashicorp's Merge: adopt Id, upgrade Version, statements with a Sid
 * replace the existing one with that Sid, others are appended. */
void pj_doc_merge(tf_arena *a, pj_doc *dst, const pj_doc *src);
void pj_doc_add(tf_arena *a, pj_doc *doc, pj_statement *s);
/* The rendered document; NULL with *err for a principal or condition value
 * Go could not encode. */
char *pj_doc_render(tf_arena *a, const pj_doc *doc, bool indent, const char **err);

/* A string set element list as hashicorp turns it into JSON: one element as
 * a string, several sorted in reverse byte order. */
pj_node *pj_string_set(tf_arena *a, const char **items, size_t n);
/* Sorts n elements whose SDKv2 set-hash input is keys[i] into the order
 * schema.Set.List() returns them (by the decimal text of crc32(key)). */
void pj_sdk_set_order(tf_arena *a, const char **keys, size_t *order, size_t n);

/* ---- equivalence (awspolicyequivalence) ---- */

/* Whether two policy documents say the same thing; false when either is
 * not a JSON object. */
bool pj_policies_equivalent(tf_arena *a, const char *x, const char *y);

#endif

/* policy_document_data_source.c - data "aws_iam_policy_document": an IAM
 * policy rendered from HCL blocks, byte for byte as hashicorp/aws renders it.
 *
 * Source documents are merged first, in order (a Sid may not repeat among
 * them), then the statement blocks (a statement replaces a source statement
 * with its Sid), then the override documents (each replacing statements by
 * Sid).  Sets are read in the order hashicorp's SDK lists them (by the
 * crc32 of each element's hash text) because that order shows wherever two
 * principals or conditions share a type or key.  No AWS call is made. */

#include <stdio.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "policy_json.h"
#include "resources.h"
#include "value_build.h"

/* ---- validation ---- */

static void pd_validate(tf_ctx *ctx, const tf_value *config)
{
    static const char *const empty_only[] = {"override_json", "source_json"};
    for (size_t i = 0; i < 2; i++) {
        const tf_value *v = tf_get(config, empty_only[i]);
        if (tf_is_known(v) && v->u.str.len)
            tf_diag_error(ctx->diags,
                          tf_path_attr(ctx->arena, tf_path_root(ctx->arena), empty_only[i]),
                          "Invalid value",
                          "expected \"%s\" to be an empty string, got %s", empty_only[i],
                          v->u.str.ptr);
    }
    static const char *const docs[] = {"source_policy_documents", "override_policy_documents"};
    for (size_t i = 0; i < 2; i++) {
        const tf_value *l = tf_get(config, docs[i]);
        for (size_t k = 0; tf_is_known(l) && k < l->u.coll.n; k++) {
            const tf_value *e = l->u.coll.items[k];
            const char *err = NULL;
            if (tf_is_known(e) && !pj_parse(ctx->arena, e->u.str.ptr, e->u.str.len, &err))
                tf_diag_error(ctx->diags,
                              tf_path_index(ctx->arena,
                                            tf_path_attr(ctx->arena, tf_path_root(ctx->arena),
                                                         docs[i]),
                                            (int64_t)k),
                              "Invalid JSON", "\"%s.%zu\" contains an invalid JSON: %s", docs[i],
                              k, err ? err : "");
        }
    }
}

/* ---- reading the blocks ---- */

/* Known strings of a set(string)/list(string) value. */
static const char **pd_strings(tf_arena *a, const tf_value *v, size_t *n)
{
    *n = 0;
    if (!tf_is_known(v))
        return NULL;
    const char **s = tf_arena_calloc(a, v->u.coll.n + 1, sizeof *s);
    for (size_t i = 0; i < v->u.coll.n; i++)
        if (tf_is_known(v->u.coll.items[i]))
            s[(*n)++] = v->u.coll.items[i]->u.str.ptr;
    return s;
}

/* A set(string) in the order the SDK lists it: its default hash of a string
 * element (HashSchema) reads the element as "value;". */
static const char **pd_sdk_strings(tf_arena *a, const tf_value *v, size_t *n)
{
    const char **s = pd_strings(a, v, n);
    const char **keys = tf_arena_calloc(a, *n + 1, sizeof *keys);
    for (size_t i = 0; i < *n; i++)
        keys[i] = tf_arena_printf(a, "%s;", s[i]);
    size_t *order = tf_arena_calloc(a, *n + 1, sizeof *order);
    pj_sdk_set_order(a, keys, order, *n);
    const char **out = tf_arena_calloc(a, *n + 1, sizeof *out);
    for (size_t i = 0; i < *n; i++)
        out[i] = s[order[i]];
    return out;
}

/* "&{" becomes "${" (the escape that keeps HCL from interpolating IAM
 * policy variables), refused in 2008-10-17 documents. */
static const char *pd_replace_vars(tf_ctx *ctx, const char *s, const char *version,
                                   const char *what)
{
    if (!strstr(s, "&{"))
        return s;
    if (strcmp(version, "2008-10-17") == 0) {
        tf_diag_error(ctx->diags, NULL, "reading IAM policy document",
                      "reading %s: found &{ sequence in (%s), which is not supported in "
                      "document version 2008-10-17", what, s);
        return NULL;
    }
    char *out = tf_arena_strdup(ctx->arena, s);
    for (char *p = out; (p = strstr(p, "&{")) != NULL; p += 2)
        *p = '$';
    return out;
}

static int pd_replace_all(tf_ctx *ctx, const char **s, size_t n, const char *version,
                          const char *what)
{
    for (size_t i = 0; i < n; i++)
        if (!(s[i] = pd_replace_vars(ctx, s[i], version, what)))
            return -1;
    return 0;
}

/* Principal blocks in SDK set order: the hash text is
 * "identifiers:{id;id;};type:T;". */
static int pd_principals(tf_ctx *ctx, const tf_value *set, const char *version, const char *what,
                         pj_principal **out, size_t *n_out)
{
    tf_arena *a = ctx->arena;
    size_t n = tf_is_known(set) ? set->u.coll.n : 0;
    *n_out = 0;
    if (!n)
        return 0;
    const char **keys = tf_arena_calloc(a, n + 1, sizeof *keys);
    pj_principal *ps = tf_arena_calloc(a, n + 1, sizeof *ps);
    for (size_t i = 0; i < n; i++) {
        const tf_value *b = set->u.coll.items[i];
        size_t k;
        const char **ids = pd_sdk_strings(a, tf_get(b, "identifiers"), &k);
        const char *type = tf_get_str(b, "type", "");
        char *key = tf_arena_strdup(a, "identifiers:{");
        for (size_t j = 0; j < k; j++)
            key = tf_arena_printf(a, "%s%s;", key, ids[j]);
        keys[i] = tf_arena_printf(a, "%s};type:%s;", key, type);
        if (pd_replace_all(ctx, ids, k, version, what) != 0)
            return -1;
        ps[i] = (pj_principal){.type = type, .ids = ids, .n = k, .is_list = k != 1};
    }
    size_t *order = tf_arena_calloc(a, n + 1, sizeof *order);
    pj_sdk_set_order(a, keys, order, n);
    pj_principal *sorted = tf_arena_calloc(a, n + 1, sizeof *sorted);
    for (size_t i = 0; i < n; i++)
        sorted[i] = ps[order[i]];
    *out = sorted;
    *n_out = n;
    return 0;
}

/* Condition blocks in SDK set order: "test:T;values:(v;v;);variable:V;". */
static int pd_conditions(tf_ctx *ctx, const tf_value *set, const char *version,
                         pj_condition **out, size_t *n_out)
{
    tf_arena *a = ctx->arena;
    size_t n = tf_is_known(set) ? set->u.coll.n : 0;
    *n_out = 0;
    if (!n)
        return 0;
    const char **keys = tf_arena_calloc(a, n + 1, sizeof *keys);
    pj_condition *cs = tf_arena_calloc(a, n + 1, sizeof *cs);
    for (size_t i = 0; i < n; i++) {
        const tf_value *b = set->u.coll.items[i];
        size_t k;
        const char **vals = pd_strings(a, tf_get(b, "values"), &k);
        const char *test = tf_get_str(b, "test", ""), *var = tf_get_str(b, "variable", "");
        char *key = tf_arena_printf(a, "test:%s;values:(", test);
        for (size_t j = 0; j < k; j++)
            key = tf_arena_printf(a, "%s%s;", key, vals[j]);
        keys[i] = tf_arena_printf(a, "%s);variable:%s;", key, var);
        if (pd_replace_all(ctx, vals, k, version, "condition: reading values") != 0)
            return -1;
        cs[i] = (pj_condition){.test = test, .variable = var, .values = vals, .n = k,
                               .is_list = k != 1};
    }
    size_t *order = tf_arena_calloc(a, n + 1, sizeof *order);
    pj_sdk_set_order(a, keys, order, n);
    pj_condition *sorted = tf_arena_calloc(a, n + 1, sizeof *sorted);
    for (size_t i = 0; i < n; i++)
        sorted[i] = cs[order[i]];
    *out = sorted;
    *n_out = n;
    return 0;
}

/* A set(string) attribute as hashicorp renders it, or NULL when empty. */
static const pj_node *pd_string_set(tf_ctx *ctx, const tf_value *v, const char *version,
                                    const char *what, bool replace, int *fail)
{
    size_t n;
    const char **s = pd_strings(ctx->arena, v, &n);
    if (!n)
        return NULL;
    if (replace && pd_replace_all(ctx, s, n, version, what) != 0) {
        *fail = 1;
        return NULL;
    }
    return pj_string_set(ctx->arena, s, n);
}

static pj_statement *pd_statement_from(tf_ctx *ctx, const tf_value *b, const char *version)
{
    tf_arena *a = ctx->arena;
    pj_statement *s = tf_arena_calloc(a, 1, sizeof *s);
    s->effect = tf_get_str(b, "effect", "Allow");
    s->sid = tf_get_str(b, "sid", "");
    int fail = 0;
    s->action = pd_string_set(ctx, tf_get(b, "actions"), version, "actions", false, &fail);
    s->not_action = pd_string_set(ctx, tf_get(b, "not_actions"), version, "not_actions", false,
                                  &fail);
    s->resource = pd_string_set(ctx, tf_get(b, "resources"), version, "resources", true, &fail);
    s->not_resource = pd_string_set(ctx, tf_get(b, "not_resources"), version, "not_resources",
                                    true, &fail);
    if (fail ||
        pd_principals(ctx, tf_get(b, "principals"), version, "principals: reading identifiers",
                      &s->principals, &s->n_principals) != 0 ||
        pd_principals(ctx, tf_get(b, "not_principals"), version,
                      "not_principals: reading identifiers", &s->not_principals,
                      &s->n_not_principals) != 0 ||
        pd_conditions(ctx, tf_get(b, "condition"), version, &s->conditions, &s->n_conditions) != 0)
        return NULL;
    return s;
}

static int pd_merge_docs(tf_ctx *ctx, pj_doc *merged, const tf_value *list, bool source)
{
    tf_arena *a = ctx->arena;
    for (size_t i = 0; tf_is_known(list) && i < list->u.coll.n; i++) {
        const tf_value *e = list->u.coll.items[i];
        if (!tf_is_known(e))
            continue;
        pj_doc doc;
        const char *err = NULL;
        if (pj_doc_parse(a, e->u.str.ptr, &doc, &err) != 0) {
            tf_diag_error(ctx->diags, NULL, "writing IAM Policy Document",
                          "writing IAM Policy Document: merging %s document %zu: %s",
                          source ? "source" : "override", i, err);
            return -1;
        }
        if (source) {
            for (size_t k = 0; k < doc.n; k++) {
                const char *sid = doc.statements[k]->sid;
                if (!*sid)
                    continue;
                for (size_t j = 0; j < merged->n; j++)
                    if (strcmp(merged->statements[j]->sid, sid) == 0) {
                        tf_diag_error(ctx->diags, NULL, "writing IAM Policy Document",
                                      "writing IAM Policy Document: merging source document "
                                      "%zu: duplicate Sid (%s) in source_policy_documents "
                                      "(statement %zu). Remove the Sid or ensure Sids are "
                                      "unique.",
                                      i, sid, k);
                        return -1;
                    }
                for (size_t j = 0; j < k; j++)
                    if (strcmp(doc.statements[j]->sid, sid) == 0) {
                        tf_diag_error(ctx->diags, NULL, "writing IAM Policy Document",
                                      "writing IAM Policy Document: merging source document "
                                      "%zu: duplicate Sid (%s) in source_policy_documents "
                                      "(statement %zu). Remove the Sid or ensure Sids are "
                                      "unique.",
                                      i, sid, k);
                        return -1;
                    }
            }
        }
        pj_doc_merge(a, merged, &doc);
    }
    return 0;
}

/* The statement blocks as the SDK stores them: nested attributes get their
 * default or zero value (effect "Allow", sid "", empty sets). */
static const tf_value *pd_statement_state(tf_arena *a, const tf_value *stmts)
{
    const tf_value **items = tf_arena_calloc(a, stmts->u.coll.n + 1, sizeof *items);
    static const char *const sets[] = {"actions", "not_actions", "not_resources", "resources"};
    for (size_t i = 0; i < stmts->u.coll.n; i++) {
        const tf_value *st = stmts->u.coll.items[i];
        tf_objb b;
        tf_objb_init(&b, a, st->type, st);
        tf_objb_str(&b, "effect", tf_get_str(st, "effect", "Allow"));
        tf_objb_str(&b, "sid", tf_get_str(st, "sid", ""));
        for (size_t k = 0; k < 4; k++)
            if (tf_is_null(tf_get(st, sets[k])))
                tf_objb_set(&b, sets[k], tf_string_set(a, NULL, 0));
        items[i] = tf_objb_done(&b);
    }
    return tf_list(a, stmts->type->elem, stmts->u.coll.n, items);
}

static const tf_value *pd_read(tf_ctx *ctx, const tf_value *config)
{
    tf_arena *a = ctx->arena;
    pj_doc merged = {.version = "", .id = ""};
    if (pd_merge_docs(ctx, &merged, tf_get(config, "source_policy_documents"), true) != 0)
        return NULL;
    pj_doc doc = {.version = tf_get_str(config, "version", "2012-10-17"),
                  .id = tf_get_str(config, "policy_id", "")};
    const tf_value *stmts = tf_get(config, "statement");
    for (size_t i = 0; tf_is_known(stmts) && i < stmts->u.coll.n; i++) {
        const tf_value *b = stmts->u.coll.items[i];
        const char *sid = tf_get_str(b, "sid", "");
        for (size_t k = 0; *sid && k < doc.n; k++)
            if (strcmp(doc.statements[k]->sid, sid) == 0) {
                tf_diag_error(ctx->diags, NULL, "writing IAM Policy Document",
                              "writing IAM Policy Document: duplicate Sid (%s). Remove the Sid "
                              "or ensure the Sid is unique.",
                              sid);
                return NULL;
            }
        pj_statement *s = pd_statement_from(ctx, b, doc.version);
        if (!s)
            return NULL;
        pj_doc_add(a, &doc, s);
    }
    pj_doc_merge(a, &merged, &doc);
    if (pd_merge_docs(ctx, &merged, tf_get(config, "override_policy_documents"), false) != 0)
        return NULL;
    const char *err = NULL;
    char *json = pj_doc_render(a, &merged, true, &err);
    char *min = json ? pj_doc_render(a, &merged, false, &err) : NULL;
    if (!json || !min) {
        tf_diag_error(ctx->diags, NULL, "writing IAM Policy Document",
                      "writing IAM Policy Document: formatting JSON: %s", err ? err : "");
        return NULL;
    }
    tf_objb b;
    tf_objb_init(&b, a, config->type, config);
    tf_objb_str(&b, "version", doc.version);
    if (tf_is_known(stmts) && stmts->u.coll.n)
        tf_objb_set(&b, "statement", pd_statement_state(a, stmts));
    tf_objb_str(&b, "json", json);
    tf_objb_str(&b, "minified_json", min);
    tf_objb_str(&b, "id", tf_arena_printf(a, "%u", pj_crc32(json, strlen(json))));
    return tf_objb_done(&b);
}

/* ---- definition ---- */

const tf_data_source_def aws_iam_policy_document_def = {
    .type_name = "aws_iam_policy_document",
    .version = 0,
    .schema = &aws_schema_data_aws_iam_policy_document,
    .validate = pd_validate,
    .read = pd_read,
};

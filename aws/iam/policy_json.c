/* policy_json.c - IAM policy documents as hashicorp/aws writes and compares
 * them: Go's JSON encoder, the policy document model, equivalence.
 *
 * The one idea: produce the bytes Go's encoding/json would, from a tree that
 * keeps its members in the order Go would write them (struct field order for
 * hashicorp's policy structs, sorted keys for maps), so that rendering is a
 * plain walk. */

#include "policy_json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

/* ---- tree ---- */

pj_node *pj_new(tf_arena *a, pj_kind kind)
{
    pj_node *n = tf_arena_calloc(a, 1, sizeof *n);
    n->kind = kind;
    return n;
}

pj_node *pj_str(tf_arena *a, const char *s)
{
    pj_node *n = pj_new(a, PJ_STR);
    n->str = tf_arena_strdup(a, s);
    n->len = strlen(s);
    return n;
}

static void pj_grow(tf_arena *a, pj_node *n)
{
    if (n->n < n->cap)
        return;
    size_t cap = n->cap ? n->cap * 2 : 4;
    pj_node **items = tf_arena_calloc(a, cap, sizeof *items);
    const char **keys = tf_arena_calloc(a, cap, sizeof *keys);
    if (n->n) {
        memcpy(items, n->items, n->n * sizeof *items);
        if (n->keys)
            memcpy(keys, n->keys, n->n * sizeof *keys);
    }
    n->items = items;
    n->keys = keys;
    n->cap = cap;
}

void pj_push(tf_arena *a, pj_node *arr, pj_node *item)
{
    pj_grow(a, arr);
    arr->items[arr->n++] = item;
}

void pj_set(tf_arena *a, pj_node *obj, const char *key, pj_node *v)
{
    pj_grow(a, obj);
    obj->keys[obj->n] = tf_arena_strdup(a, key);
    obj->items[obj->n++] = v;
}

const pj_node *pj_get(const pj_node *obj, const char *key)
{
    if (!obj || obj->kind != PJ_OBJ)
        return NULL;
    for (size_t i = 0; i < obj->n; i++)
        if (strcmp(obj->keys[i], key) == 0)
            return obj->items[i];
    return NULL;
}

static int pj_cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static pj_node *pj_from_jansson(tf_arena *a, const json_t *j)
{
    switch (json_typeof(j)) {
    case JSON_OBJECT: {
        pj_node *o = pj_new(a, PJ_OBJ);
        size_t n = json_object_size(j), k = 0;
        const char **keys = tf_arena_calloc(a, n + 1, sizeof *keys);
        const char *key;
        json_t *v;
        json_object_foreach((json_t *)j, key, v) keys[k++] = key;
        qsort(keys, k, sizeof *keys, pj_cmp_str);
        for (size_t i = 0; i < k; i++)
            pj_set(a, o, keys[i], pj_from_jansson(a, json_object_get(j, keys[i])));
        return o;
    }
    case JSON_ARRAY: {
        pj_node *arr = pj_new(a, PJ_ARR);
        for (size_t i = 0; i < json_array_size(j); i++)
            pj_push(a, arr, pj_from_jansson(a, json_array_get(j, i)));
        return arr;
    }
    case JSON_STRING: {
        pj_node *s = pj_new(a, PJ_STR);
        s->len = json_string_length(j);
        s->str = tf_arena_memdup(a, json_string_value(j), s->len);
        return s;
    }
    case JSON_INTEGER: {
        pj_node *s = pj_new(a, PJ_NUM);
        s->num = (double)json_integer_value(j);
        return s;
    }
    case JSON_REAL: {
        pj_node *s = pj_new(a, PJ_NUM);
        s->num = json_real_value(j);
        return s;
    }
    case JSON_TRUE:
    case JSON_FALSE: {
        pj_node *s = pj_new(a, PJ_BOOL);
        s->b = json_is_true(j);
        return s;
    }
    default:
        return pj_new(a, PJ_NULL);
    }
}

pj_node *pj_parse(tf_arena *a, const char *text, size_t len, const char **err)
{
    json_error_t je;
    json_t *j = json_loadb(text, len, JSON_DECODE_ANY | JSON_DECODE_INT_AS_REAL | JSON_ALLOW_NUL,
                           &je);
    if (!j) {
        if (err)
            *err = tf_arena_printf(a, "%s", je.text);
        return NULL;
    }
    pj_node *n = pj_from_jansson(a, j);
    json_decref(j);
    return n;
}

/* ---- Go's encoder ---- */

typedef struct pj_buf {
    tf_arena *a;
    char *p;
    size_t n, cap;
} pj_buf;

static void buf_put(pj_buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = tf_arena_alloc(b->a, cap);
        if (b->n)
            memcpy(p, b->p, b->n);
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}

static void buf_puts(pj_buf *b, const char *s) { buf_put(b, s, strlen(s)); }

/* Length of the valid UTF-8 sequence at s (at most n bytes), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n, unsigned *cp)
{
    unsigned c = s[0];
    size_t len;
    unsigned min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if ((c & 0xE0) == 0xC0) {
        len = 2, *cp = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
        len = 3, *cp = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
        len = 4, *cp = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        *cp = (*cp << 6) | (s[i] & 0x3F);
    }
    if (*cp < min || *cp > 0x10FFFF || (*cp >= 0xD800 && *cp <= 0xDFFF))
        return 0;
    return len;
}

static void buf_string(pj_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    buf_put(b, "\"", 1);
    size_t i = 0;
    while (i < n) {
        unsigned c = u[i];
        if (c < 0x80) {
            char esc[7];
            switch (c) {
            case '"': buf_put(b, "\\\"", 2); break;
            case '\\': buf_put(b, "\\\\", 2); break;
            case '\n': buf_put(b, "\\n", 2); break;
            case '\r': buf_put(b, "\\r", 2); break;
            case '\t': buf_put(b, "\\t", 2); break;
            case '\b': buf_put(b, "\\b", 2); break;
            case '\f': buf_put(b, "\\f", 2); break;
            default:
                if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                    esc[0] = '\\', esc[1] = 'u', esc[2] = '0', esc[3] = '0';
                    esc[4] = hex[c >> 4], esc[5] = hex[c & 15];
                    buf_put(b, esc, 6);
                } else {
                    buf_put(b, (const char *)&u[i], 1);
                }
            }
            i++;
            continue;
        }
        unsigned cp;
        size_t len = utf8_len(u + i, n - i, &cp);
        if (len == 0) {
            buf_puts(b, "\\ufffd");
            i++;
            continue;
        }
        if (cp == 0x2028 || cp == 0x2029)
            buf_puts(b, cp == 0x2028 ? "\\u2028" : "\\u2029");
        else
            buf_put(b, (const char *)&u[i], len);
        i += len;
    }
    buf_put(b, "\"", 1);
}

/* strconv.FormatFloat(f, fmt, -1, 64) then encoding/json's exponent
 * clean-up: the shortest digits that read back as f. */
static void buf_number(pj_buf *b, double f)
{
    char digits[40], out[64];
    int prec;
    for (prec = 0; prec < 17; prec++) {
        snprintf(digits, sizeof digits, "%.*e", prec, f);
        if (strtod(digits, NULL) == f)
            break;
    }
    snprintf(digits, sizeof digits, "%.*e", prec, f);
    /* digits is [-]d[.ddd]e[+-]xx */
    char mant[32];
    size_t m = 0;
    const char *p = digits;
    bool neg = *p == '-';
    if (neg)
        p++;
    for (; *p && *p != 'e'; p++)
        if (*p != '.')
            mant[m++] = *p;
    mant[m] = 0;
    int exp = atoi(p + 1); /* value = 0.mant * 10^(exp+1) */
    double abs = fabs(f);
    size_t o = 0;
    if (neg)
        out[o++] = '-';
    if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
        out[o++] = mant[0];
        if (m > 1) {
            out[o++] = '.';
            for (size_t i = 1; i < m; i++)
                out[o++] = mant[i];
        }
        o += (size_t)snprintf(out + o, sizeof out - o, "e%c%d", exp < 0 ? '-' : '+',
                              exp < 0 ? -exp : exp);
        if (exp > -10 && exp < 10 && exp != 0) {
            /* Go writes e+21 / e-7: at least one digit, as %d gives */
        }
    } else if (f == 0) {
        o = 0;
        out[o++] = '0';
    } else if (exp >= 0) {
        for (int i = 0; i <= exp || (size_t)i < m; i++) {
            if (i == exp + 1)
                out[o++] = '.';
            out[o++] = (size_t)i < m ? mant[i] : '0';
        }
    } else {
        out[o++] = '0';
        out[o++] = '.';
        for (int i = -1; i > exp; i--)
            out[o++] = '0';
        for (size_t i = 0; i < m; i++)
            out[o++] = mant[i];
    }
    out[o] = 0;
    buf_puts(b, out);
}

static void buf_indent(pj_buf *b, int depth)
{
    buf_put(b, "\n", 1);
    for (int i = 0; i < depth; i++)
        buf_put(b, "  ", 2);
}

static void pj_write(pj_buf *b, const pj_node *v, bool indent, int depth)
{
    switch (v->kind) {
    case PJ_NULL: buf_puts(b, "null"); return;
    case PJ_BOOL: buf_puts(b, v->b ? "true" : "false"); return;
    case PJ_NUM: buf_number(b, v->num); return;
    case PJ_STR: buf_string(b, v->str, v->len); return;
    case PJ_ARR:
    case PJ_OBJ: {
        bool obj = v->kind == PJ_OBJ;
        buf_put(b, obj ? "{" : "[", 1);
        for (size_t i = 0; i < v->n; i++) {
            if (i)
                buf_put(b, ",", 1);
            if (indent)
                buf_indent(b, depth + 1);
            if (obj) {
                buf_string(b, v->keys[i], strlen(v->keys[i]));
                buf_puts(b, indent ? ": " : ":");
            }
            pj_write(b, v->items[i], indent, depth + 1);
        }
        if (indent && v->n)
            buf_indent(b, depth);
        buf_put(b, obj ? "}" : "]", 1);
        return;
    }
    }
}

char *pj_encode(tf_arena *a, const pj_node *v, bool indent)
{
    pj_buf b = {.a = a};
    pj_write(&b, v, indent, 0);
    return b.p ? b.p : tf_arena_strdup(a, "");
}

char *pj_normalize(tf_arena *a, const char *text, size_t len)
{
    pj_node *n = pj_parse(a, text, len, NULL);
    return n ? pj_encode(a, n, false) : NULL;
}

uint32_t pj_crc32(const char *s, size_t len)
{
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < len; i++) {
        crc ^= (unsigned char)s[i];
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

/* ---- SDKv2 set order ---- */

typedef struct sdk_key {
    char code[16];
    size_t index;
} sdk_key;

static int sdk_key_cmp(const void *x, const void *y)
{
    const sdk_key *p = x, *q = y;
    int c = strcmp(p->code, q->code);
    return c ? c : (p->index > q->index) - (p->index < q->index);
}

void pj_sdk_set_order(tf_arena *a, const char **keys, size_t *order, size_t n)
{
    sdk_key *k = tf_arena_calloc(a, n + 1, sizeof *k);
    for (size_t i = 0; i < n; i++) {
        snprintf(k[i].code, sizeof k[i].code, "%u", pj_crc32(keys[i], strlen(keys[i])));
        k[i].index = i;
    }
    qsort(k, n, sizeof *k, sdk_key_cmp);
    for (size_t i = 0; i < n; i++)
        order[i] = k[i].index;
}

static int pj_cmp_str_rev(const void *x, const void *y)
{
    return -strcmp(*(const char *const *)x, *(const char *const *)y);
}

pj_node *pj_string_set(tf_arena *a, const char **items, size_t n)
{
    if (n == 1)
        return pj_str(a, items[0]);
    const char **s = tf_arena_calloc(a, n + 1, sizeof *s);
    memcpy(s, items, n * sizeof *s);
    qsort(s, n, sizeof *s, pj_cmp_str_rev);
    pj_node *arr = pj_new(a, PJ_ARR);
    for (size_t i = 0; i < n; i++)
        pj_push(a, arr, pj_str(a, s[i]));
    return arr;
}

/* ---- the policy document model ---- */

/* Go's encoding/json matches struct fields case-insensitively, preferring an
 * exact match. */
static const pj_node *pj_field(const pj_node *obj, const char *name)
{
    const pj_node *exact = pj_get(obj, name);
    if (exact)
        return exact;
    for (size_t i = 0; obj && i < obj->n; i++)
        if (strcasecmp(obj->keys[i], name) == 0)
            return obj->items[i];
    return NULL;
}

static const char *go_type(const pj_node *v)
{
    switch (v->kind) {
    case PJ_NULL: return "<nil>";
    case PJ_BOOL: return "bool";
    case PJ_NUM: return "float64";
    case PJ_STR: return "string";
    case PJ_ARR: return "[]interface {}";
    default: return "map[string]interface {}";
    }
}

static int pj_string_field(tf_arena *a, const pj_node *obj, const char *name, const char *gofield,
                           const char **out, const char **err)
{
    const pj_node *v = pj_field(obj, name);
    *out = "";
    if (!v || v->kind == PJ_NULL)
        return 0;
    if (v->kind != PJ_STR) {
        *err = tf_arena_printf(a, "json: cannot unmarshal %s into Go struct field %s of type string",
                               v->kind == PJ_NUM ? "number" : v->kind == PJ_BOOL ? "bool"
                               : v->kind == PJ_ARR ? "array" : "object", gofield);
        return -1;
    }
    *out = v->str;
    return 0;
}

static int pj_parse_principals(tf_arena *a, const pj_node *v, pj_principal **out, size_t *n,
                               const char **err)
{
    *out = NULL;
    *n = 0;
    if (!v)
        return 0;
    if (v->kind == PJ_STR) {
        pj_principal *p = tf_arena_calloc(a, 1, sizeof *p);
        p->type = "*";
        p->ids = tf_arena_calloc(a, 1, sizeof *p->ids);
        p->ids[0] = "*";
        p->n = 1;
        p->is_list = true;
        *out = p;
        *n = 1;
        return 0;
    }
    if (v->kind != PJ_OBJ) {
        *err = tf_arena_printf(a, "Unsupported data type %s for IAMPolicyStatementPrincipalSet",
                               go_type(v));
        return -1;
    }
    pj_principal *ps = tf_arena_calloc(a, v->n + 1, sizeof *ps);
    for (size_t i = 0; i < v->n; i++) {
        const pj_node *val = v->items[i];
        pj_principal *p = &ps[i];
        p->type = v->keys[i];
        if (val->kind == PJ_STR) {
            p->ids = tf_arena_calloc(a, 1, sizeof *p->ids);
            p->ids[0] = val->str;
            p->n = 1;
        } else if (val->kind == PJ_ARR) {
            p->ids = tf_arena_calloc(a, val->n + 1, sizeof *p->ids);
            for (size_t k = 0; k < val->n; k++) {
                if (val->items[k]->kind != PJ_STR) {
                    *err = tf_arena_printf(a,
                                           "Unsupported element type %s for "
                                           "IAMPolicyStatementPrincipalSet.Identifiers[%zu] "
                                           "(principal type %s): must be string",
                                           go_type(val->items[k]), k, p->type);
                    return -1;
                }
                p->ids[k] = val->items[k]->str;
            }
            p->n = val->n;
            p->is_list = true;
            qsort(p->ids, p->n, sizeof *p->ids, pj_cmp_str);
        } else {
            *err = tf_arena_printf(a,
                                   "Unsupported data type %s for "
                                   "IAMPolicyStatementPrincipalSet.Identifiers",
                                   go_type(val));
            return -1;
        }
    }
    *out = ps;
    *n = v->n;
    return 0;
}

static int pj_parse_conditions(tf_arena *a, const pj_node *v, pj_condition **out, size_t *n,
                               const char **err)
{
    *out = NULL;
    *n = 0;
    if (!v || v->kind == PJ_NULL)
        return 0;
    if (v->kind != PJ_OBJ) {
        *err = tf_arena_printf(a, "json: cannot unmarshal %s into Go value of type "
                               "map[string]map[string]interface {}", go_type(v));
        return -1;
    }
    size_t total = 0;
    for (size_t i = 0; i < v->n; i++)
        total += v->items[i]->kind == PJ_OBJ ? v->items[i]->n : 0;
    pj_condition *cs = tf_arena_calloc(a, total + 1, sizeof *cs);
    size_t k = 0;
    for (size_t i = 0; i < v->n; i++) {
        const pj_node *t = v->items[i];
        if (t->kind == PJ_NULL)
            continue;
        if (t->kind != PJ_OBJ) {
            *err = tf_arena_printf(a, "json: cannot unmarshal %s into Go value of type "
                                   "map[string]interface {}", go_type(t));
            return -1;
        }
        for (size_t j = 0; j < t->n; j++) {
            const pj_node *vals = t->items[j];
            pj_condition *c = &cs[k];
            c->test = v->keys[i];
            c->variable = t->keys[j];
            if (vals->kind == PJ_STR) {
                c->values = tf_arena_calloc(a, 1, sizeof *c->values);
                c->values[0] = vals->str;
                c->n = 1;
                c->is_list = true;
            } else if (vals->kind == PJ_BOOL) {
                c->values = tf_arena_calloc(a, 1, sizeof *c->values);
                c->values[0] = vals->b ? "true" : "false";
                c->n = 1;
            } else if (vals->kind == PJ_ARR) {
                c->values = tf_arena_calloc(a, vals->n + 1, sizeof *c->values);
                for (size_t m = 0; m < vals->n; m++) {
                    if (vals->items[m]->kind != PJ_STR) {
                        *err = tf_arena_printf(a, "condition %s %s: value %zu is a %s, "
                                               "not a string", c->test, c->variable, m,
                                               go_type(vals->items[m]));
                        return -1;
                    }
                    c->values[m] = vals->items[m]->str;
                }
                c->n = vals->n;
                c->is_list = true;
            } else {
                continue; /* hashicorp drops numbers and nulls */
            }
            k++;
        }
    }
    *out = cs;
    *n = k;
    return 0;
}

static const char *pj_kind_word(const pj_node *v)
{
    return v->kind == PJ_NUM ? "number" : v->kind == PJ_BOOL ? "bool" : v->kind == PJ_ARR ? "array"
           : v->kind == PJ_STR ? "string" : "object";
}

int pj_doc_parse(tf_arena *a, const char *text, pj_doc *out, const char **err)
{
    memset(out, 0, sizeof *out);
    out->version = out->id = "";
    const pj_node *root = pj_parse(a, text, strlen(text), err);
    if (!root)
        return -1;
    if (root->kind == PJ_NULL)
        return 0;
    if (root->kind != PJ_OBJ) {
        *err = tf_arena_printf(a, "json: cannot unmarshal %s into Go value of type "
                               "iam.iamPolicyDoc", pj_kind_word(root));
        return -1;
    }
    if (pj_string_field(a, root, "Version", "iamPolicyDoc.Version", &out->version, err) ||
        pj_string_field(a, root, "Id", "iamPolicyDoc.Id", &out->id, err))
        return -1;
    const pj_node *st = pj_field(root, "Statement");
    if (!st || st->kind == PJ_NULL)
        return 0;
    if (st->kind != PJ_ARR) {
        *err = tf_arena_printf(a, "json: cannot unmarshal %s into Go struct field "
                               "iamPolicyDoc.Statement of type []*iam.iamPolicyStatement",
                               pj_kind_word(st));
        return -1;
    }
    for (size_t i = 0; i < st->n; i++) {
        const pj_node *sn = st->items[i];
        pj_statement *s = tf_arena_calloc(a, 1, sizeof *s);
        s->sid = s->effect = "";
        if (sn->kind == PJ_NULL) {
            pj_doc_add(a, out, s); /* a nil statement: Go would fail later; keep empty */
            continue;
        }
        if (sn->kind != PJ_OBJ) {
            *err = tf_arena_printf(a, "json: cannot unmarshal %s into Go struct field "
                                   "iamPolicyDoc.Statement of type iam.iamPolicyStatement",
                                   pj_kind_word(sn));
            return -1;
        }
        if (pj_string_field(a, sn, "Sid", "iamPolicyDoc.Statement.Sid", &s->sid, err) ||
            pj_string_field(a, sn, "Effect", "iamPolicyDoc.Statement.Effect", &s->effect, err))
            return -1;
        const pj_node *v;
        if ((v = pj_field(sn, "Action")) && v->kind != PJ_NULL)
            s->action = v;
        if ((v = pj_field(sn, "NotAction")) && v->kind != PJ_NULL)
            s->not_action = v;
        if ((v = pj_field(sn, "Resource")) && v->kind != PJ_NULL)
            s->resource = v;
        if ((v = pj_field(sn, "NotResource")) && v->kind != PJ_NULL)
            s->not_resource = v;
        if (pj_parse_principals(a, pj_field(sn, "Principal"), &s->principals, &s->n_principals,
                                err) ||
            pj_parse_principals(a, pj_field(sn, "NotPrincipal"), &s->not_principals,
                                &s->n_not_principals, err) ||
            pj_parse_conditions(a, pj_field(sn, "Condition"), &s->conditions, &s->n_conditions,
                                err))
            return -1;
        pj_doc_add(a, out, s);
    }
    return 0;
}

void pj_doc_add(tf_arena *a, pj_doc *doc, pj_statement *s)
{
    if (doc->n == doc->cap) {
        size_t cap = doc->cap ? doc->cap * 2 : 8;
        pj_statement **st = tf_arena_calloc(a, cap, sizeof *st);
        if (doc->n)
            memcpy(st, doc->statements, doc->n * sizeof *st);
        doc->statements = st;
        doc->cap = cap;
    }
    doc->statements[doc->n++] = s;
}

void pj_doc_merge(tf_arena *a, pj_doc *dst, const pj_doc *src)
{
    if (src->id && *src->id)
        dst->id = src->id;
    if (!dst->version || strcmp(src->version ? src->version : "", dst->version) > 0)
        dst->version = src->version ? src->version : "";
    for (size_t i = 0; i < src->n; i++) {
        pj_statement *s = src->statements[i];
        bool seen = false;
        if (s->sid && *s->sid) {
            for (size_t k = 0; k < dst->n; k++) {
                if (strcmp(dst->statements[k]->sid, s->sid) == 0) {
                    dst->statements[k] = s;
                    seen = true;
                    break;
                }
            }
        }
        if (!seen)
            pj_doc_add(a, dst, s);
    }
}

/* iamPolicyStatementPrincipalSet.MarshalJSON */
static pj_node *pj_principals_node(tf_arena *a, const pj_principal *ps, size_t n)
{
    if (n == 1 && strcmp(ps[0].type, "*") == 0 && ps[0].n == 1 && strcmp(ps[0].ids[0], "*") == 0)
        return pj_str(a, "*");
    /* type -> accumulated identifiers (string until a second one arrives) */
    const char **types = tf_arena_calloc(a, n + 1, sizeof *types);
    pj_node **vals = tf_arena_calloc(a, n + 1, sizeof *vals);
    size_t nt = 0;
    for (size_t i = 0; i < n; i++) {
        const pj_principal *p = &ps[i];
        size_t t;
        for (t = 0; t < nt && strcmp(types[t], p->type) != 0; t++)
            ;
        if (t == nt) {
            types[nt] = p->type;
            vals[nt++] = NULL;
        }
        pj_node *cur = vals[t];
        if (p->is_list) {
            if (!cur || cur->kind == PJ_STR) {
                pj_node *arr = pj_new(a, PJ_ARR);
                if (cur)
                    pj_push(a, arr, cur);
                cur = arr;
            }
            const char **ids = tf_arena_calloc(a, p->n + 1, sizeof *ids);
            memcpy(ids, p->ids, p->n * sizeof *ids);
            qsort(ids, p->n, sizeof *ids, pj_cmp_str_rev);
            for (size_t k = 0; k < p->n; k++)
                pj_push(a, cur, pj_str(a, ids[k]));
        } else if (!cur) {
            cur = pj_str(a, p->ids[0]);
        } else if (cur->kind == PJ_STR) {
            pj_node *arr = pj_new(a, PJ_ARR);
            pj_push(a, arr, cur);
            pj_push(a, arr, pj_str(a, p->ids[0]));
            cur = arr;
        } else {
            pj_push(a, cur, pj_str(a, p->ids[0]));
        }
        vals[t] = cur;
    }
    size_t *idx = tf_arena_calloc(a, nt + 1, sizeof *idx);
    for (size_t i = 0; i < nt; i++)
        idx[i] = i;
    /* map keys sorted */
    for (size_t i = 1; i < nt; i++)
        for (size_t k = i; k > 0 && strcmp(types[idx[k - 1]], types[idx[k]]) > 0; k--) {
            size_t tmp = idx[k];
            idx[k] = idx[k - 1];
            idx[k - 1] = tmp;
        }
    pj_node *obj = pj_new(a, PJ_OBJ);
    for (size_t i = 0; i < nt; i++)
        pj_set(a, obj, types[idx[i]], vals[idx[i]]);
    return obj;
}

/* iamPolicyStatementConditionSet.MarshalJSON */
static pj_node *pj_conditions_node(tf_arena *a, const pj_condition *cs, size_t n)
{
    const char **tests = tf_arena_calloc(a, n + 1, sizeof *tests);
    size_t nt = 0;
    for (size_t i = 0; i < n; i++) {
        size_t t;
        for (t = 0; t < nt && strcmp(tests[t], cs[i].test) != 0; t++)
            ;
        if (t == nt)
            tests[nt++] = cs[i].test;
    }
    qsort(tests, nt, sizeof *tests, pj_cmp_str);
    pj_node *obj = pj_new(a, PJ_OBJ);
    for (size_t t = 0; t < nt; t++) {
        const char **vars = tf_arena_calloc(a, n + 1, sizeof *vars);
        size_t nv = 0;
        for (size_t i = 0; i < n; i++) {
            if (strcmp(cs[i].test, tests[t]) != 0)
                continue;
            size_t v;
            for (v = 0; v < nv && strcmp(vars[v], cs[i].variable) != 0; v++)
                ;
            if (v == nv)
                vars[nv++] = cs[i].variable;
        }
        qsort(vars, nv, sizeof *vars, pj_cmp_str);
        pj_node *tobj = pj_new(a, PJ_OBJ);
        for (size_t v = 0; v < nv; v++) {
            pj_node *arr = pj_new(a, PJ_ARR);
            for (size_t i = 0; i < n; i++)
                if (strcmp(cs[i].test, tests[t]) == 0 && strcmp(cs[i].variable, vars[v]) == 0)
                    for (size_t k = 0; k < cs[i].n; k++)
                        pj_push(a, arr, pj_str(a, cs[i].values[k]));
            pj_set(a, tobj, vars[v], arr->n == 1 ? arr->items[0] : arr);
        }
        pj_set(a, obj, tests[t], tobj);
    }
    return obj;
}

char *pj_doc_render(tf_arena *a, const pj_doc *doc, bool indent, const char **err)
{
    (void)err;
    pj_node *root = pj_new(a, PJ_OBJ);
    if (doc->version && *doc->version)
        pj_set(a, root, "Version", pj_str(a, doc->version));
    if (doc->id && *doc->id)
        pj_set(a, root, "Id", pj_str(a, doc->id));
    if (doc->n) {
        pj_node *arr = pj_new(a, PJ_ARR);
        for (size_t i = 0; i < doc->n; i++) {
            const pj_statement *s = doc->statements[i];
            pj_node *o = pj_new(a, PJ_OBJ);
            if (s->sid && *s->sid)
                pj_set(a, o, "Sid", pj_str(a, s->sid));
            if (s->effect && *s->effect)
                pj_set(a, o, "Effect", pj_str(a, s->effect));
            if (s->action)
                pj_set(a, o, "Action", (pj_node *)s->action);
            if (s->not_action)
                pj_set(a, o, "NotAction", (pj_node *)s->not_action);
            if (s->resource)
                pj_set(a, o, "Resource", (pj_node *)s->resource);
            if (s->not_resource)
                pj_set(a, o, "NotResource", (pj_node *)s->not_resource);
            if (s->n_principals)
                pj_set(a, o, "Principal", pj_principals_node(a, s->principals, s->n_principals));
            if (s->n_not_principals)
                pj_set(a, o, "NotPrincipal",
                       pj_principals_node(a, s->not_principals, s->n_not_principals));
            if (s->n_conditions)
                pj_set(a, o, "Condition", pj_conditions_node(a, s->conditions, s->n_conditions));
            pj_push(a, arr, o);
        }
        pj_set(a, root, "Statement", arr);
    }
    return pj_encode(a, root, indent);
}

/* ---- equivalence ---- */

static void canon_strings(tf_arena *a, const pj_node *v, pj_node *set)
{
    if (!v)
        return;
    if (v->kind == PJ_ARR) {
        for (size_t i = 0; i < v->n; i++)
            canon_strings(a, v->items[i], set);
        return;
    }
    const char *s;
    if (v->kind == PJ_STR)
        s = v->str;
    else
        s = pj_encode(a, v, false);
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->items[i]->str, s) == 0)
            return;
    pj_push(a, set, pj_str(a, s));
}

static int node_str_cmp(const void *x, const void *y)
{
    return strcmp((*(pj_node *const *)x)->str, (*(pj_node *const *)y)->str);
}

static pj_node *canon_set(tf_arena *a, const pj_node *v)
{
    pj_node *set = pj_new(a, PJ_ARR);
    canon_strings(a, v, set);
    if (set->n > 1)
        qsort(set->items, set->n, sizeof *set->items, node_str_cmp);
    return set;
}

static pj_node *canon_principal(tf_arena *a, const pj_node *v)
{
    pj_node *o = pj_new(a, PJ_OBJ);
    if (v->kind == PJ_STR) {
        pj_set(a, o, "AWS", canon_set(a, v));
        return o;
    }
    if (v->kind != PJ_OBJ)
        return (pj_node *)v;
    for (size_t i = 0; i < v->n; i++)
        pj_set(a, o, v->keys[i], canon_set(a, v->items[i]));
    return o;
}

static pj_node *canon_condition(tf_arena *a, const pj_node *v)
{
    if (v->kind != PJ_OBJ)
        return (pj_node *)v;
    pj_node *o = pj_new(a, PJ_OBJ);
    for (size_t i = 0; i < v->n; i++) {
        const pj_node *t = v->items[i];
        if (t->kind != PJ_OBJ) {
            pj_set(a, o, v->keys[i], (pj_node *)t);
            continue;
        }
        pj_node *to = pj_new(a, PJ_OBJ);
        for (size_t k = 0; k < t->n; k++)
            pj_set(a, to, t->keys[k], canon_set(a, t->items[k]));
        pj_set(a, o, v->keys[i], to);
    }
    return o;
}

static const char *canon_statement(tf_arena *a, const pj_node *s)
{
    if (s->kind != PJ_OBJ)
        return pj_encode(a, s, false);
    pj_node *o = pj_new(a, PJ_OBJ);
    for (size_t i = 0; i < s->n; i++) {
        const char *k = s->keys[i];
        const pj_node *v = s->items[i];
        if (!strcmp(k, "Action") || !strcmp(k, "NotAction") || !strcmp(k, "Resource") ||
            !strcmp(k, "NotResource"))
            pj_set(a, o, k, canon_set(a, v));
        else if (!strcmp(k, "Principal") || !strcmp(k, "NotPrincipal"))
            pj_set(a, o, k, canon_principal(a, v));
        else if (!strcmp(k, "Condition"))
            pj_set(a, o, k, canon_condition(a, v));
        else
            pj_set(a, o, k, (pj_node *)v);
    }
    return pj_encode(a, o, false);
}

static int cstr_cmp(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The document as one canonical string: Version and Id, then its
 * statements' canonical forms sorted. */
static const char *canon_doc(tf_arena *a, const char *text)
{
    if (!text)
        return NULL;
    const pj_node *d = pj_parse(a, text, strlen(text), NULL);
    if (!d || d->kind != PJ_OBJ)
        return NULL;
    pj_node *o = pj_new(a, PJ_OBJ);
    const pj_node *st = NULL;
    for (size_t i = 0; i < d->n; i++) {
        if (strcmp(d->keys[i], "Statement") == 0)
            st = d->items[i];
        else
            pj_set(a, o, d->keys[i], d->items[i]);
    }
    size_t n = st ? (st->kind == PJ_ARR ? st->n : 1) : 0;
    const char **parts = tf_arena_calloc(a, n + 1, sizeof *parts);
    for (size_t i = 0; i < n; i++)
        parts[i] = canon_statement(a, st->kind == PJ_ARR ? st->items[i] : st);
    qsort(parts, n, sizeof *parts, cstr_cmp);
    pj_node *arr = pj_new(a, PJ_ARR);
    for (size_t i = 0; i < n; i++)
        pj_push(a, arr, pj_str(a, parts[i]));
    pj_set(a, o, "Statement", arr);
    return pj_encode(a, o, false);
}

bool pj_policies_equivalent(tf_arena *a, const char *x, const char *y)
{
    const char *cx = canon_doc(a, x), *cy = canon_doc(a, y);
    return cx && cy && strcmp(cx, cy) == 0;
}

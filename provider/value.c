/* value.c - Terraform's value model (cty): types, values, numbers,
 * equality and ordering, conversions, paths.
 *
 * The one idea: values are immutable trees in an arena, kept in canonical
 * form at construction time (numbers as canonical decimal text, map keys and
 * object attributes sorted, sets sorted and deduplicated), so that equality
 * is a plain structural walk and encoders never need to sort anything.
 *
 * Numbers are arbitrary-precision decimals stored as text.  The canonical
 * text is plain decimal ("1000", "-0.25") unless that would need more than
 * NUM_PLAIN_ZEROS padding zeros, in which case it is scientific with one
 * digit before the point ("1e+400", "1.5e-40").  Exponents beyond
 * +-NUM_EXP_LIMIT are rejected rather than expanded (cty stores 512-bit
 * binary floats, so such numbers cannot come from real configurations). */
#include "value.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NUM_PLAIN_ZEROS 30
#define NUM_EXP_LIMIT 10000
#define TYPE_PARSE_MAX_DEPTH 64

/* ------------------------------------------------------------------ */
/* string building in the arena                                        */

typedef struct {
    tf_arena *a;
    char *p;
    size_t n, cap;
} sbuf;

static void sb_putn(sbuf *b, const char *s, size_t n)
{
    tf_arena_grow(b->a, (void **)&b->p, &b->cap, b->n + n + 1, 1);
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void sb_puts(sbuf *b, const char *s)
{
    sb_putn(b, s, strlen(s));
}

static char *sb_done(sbuf *b)
{
    return b->p ? b->p : tf_arena_strdup(b->a, "");
}

/* Double-quoted string with HCL/Go style escapes. */
static void sb_put_quoted(sbuf *b, const char *s, size_t n)
{
    sb_puts(b, "\"");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            sb_putn(b, esc, 2);
        } else if (c == '\n') {
            sb_puts(b, "\\n");
        } else if (c == '\t') {
            sb_puts(b, "\\t");
        } else if (c == '\r') {
            sb_puts(b, "\\r");
        } else if (c < 0x20 || c == 0x7f) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            sb_puts(b, esc);
        } else {
            sb_putn(b, (const char *)&s[i], 1);
        }
    }
    sb_puts(b, "\"");
}

/* ------------------------------------------------------------------ */
/* types                                                               */

const tf_type tf_type_dynamic = {.kind = TF_DYNAMIC};
const tf_type tf_type_string = {.kind = TF_STRING};
const tf_type tf_type_number = {.kind = TF_NUMBER};
const tf_type tf_type_bool = {.kind = TF_BOOL};

static const tf_type *type_collection(tf_arena *a, tf_kind k,
                                      const tf_type *elem)
{
    assert(elem);
    tf_type *t = tf_arena_alloc(a, sizeof(*t));
    t->kind = k;
    t->elem = elem;
    return t;
}

const tf_type *tf_type_list(tf_arena *a, const tf_type *elem)
{
    return type_collection(a, TF_LIST, elem);
}

const tf_type *tf_type_set(tf_arena *a, const tf_type *elem)
{
    return type_collection(a, TF_SET, elem);
}

const tf_type *tf_type_map(tf_arena *a, const tf_type *elem)
{
    return type_collection(a, TF_MAP, elem);
}

typedef struct {
    const char *name;
    const tf_type *type;
} type_attr;

static int type_attr_cmp(const void *x, const void *y)
{
    return strcmp(((const type_attr *)x)->name, ((const type_attr *)y)->name);
}

/* Returns NULL when two attributes share a name. */
const tf_type *tf_type_object(tf_arena *a, size_t n, const char **names,
                              const tf_type **types)
{
    type_attr *at = tf_arena_calloc(a, n ? n : 1, sizeof(*at));
    for (size_t i = 0; i < n; i++) {
        at[i].name = names[i];
        at[i].type = types[i];
    }
    qsort(at, n, sizeof(*at), type_attr_cmp);
    tf_type *t = tf_arena_alloc(a, sizeof(*t));
    t->kind = TF_OBJECT;
    t->n = n;
    t->names = tf_arena_calloc(a, n ? n : 1, sizeof(*t->names));
    t->types = tf_arena_calloc(a, n ? n : 1, sizeof(*t->types));
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && strcmp(at[i - 1].name, at[i].name) == 0)
            return NULL;
        t->names[i] = tf_arena_strdup(a, at[i].name);
        t->types[i] = at[i].type;
    }
    return t;
}

const tf_type *tf_type_tuple(tf_arena *a, size_t n, const tf_type **types)
{
    tf_type *t = tf_arena_alloc(a, sizeof(*t));
    t->kind = TF_TUPLE;
    t->n = n;
    t->types = tf_arena_calloc(a, n ? n : 1, sizeof(*t->types));
    if (n)
        memcpy(t->types, types, n * sizeof(*types));
    return t;
}

bool tf_type_equal(const tf_type *x, const tf_type *y)
{
    if (x == y)
        return true;
    if (!x || !y || x->kind != y->kind)
        return false;
    switch (x->kind) {
    case TF_LIST:
    case TF_SET:
    case TF_MAP:
        return tf_type_equal(x->elem, y->elem);
    case TF_OBJECT:
    case TF_TUPLE:
        if (x->n != y->n)
            return false;
        for (size_t i = 0; i < x->n; i++) {
            if (x->kind == TF_OBJECT && strcmp(x->names[i], y->names[i]) != 0)
                return false;
            if (!tf_type_equal(x->types[i], y->types[i]))
                return false;
        }
        return true;
    default:
        return true; /* primitives and dynamic have no parameters */
    }
}

int tf_type_attr_index(const tf_type *obj, const char *name)
{
    if (!obj || obj->kind != TF_OBJECT || !name)
        return -1;
    size_t lo = 0, hi = obj->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(obj->names[mid], name);
        if (c == 0)
            return (int)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

bool tf_type_is_collection(const tf_type *t)
{
    return t && (t->kind == TF_LIST || t->kind == TF_SET || t->kind == TF_MAP);
}

static bool type_has_dynamic(const tf_type *t)
{
    switch (t->kind) {
    case TF_DYNAMIC:
        return true;
    case TF_LIST:
    case TF_SET:
    case TF_MAP:
        return type_has_dynamic(t->elem);
    case TF_OBJECT:
    case TF_TUPLE:
        for (size_t i = 0; i < t->n; i++)
            if (type_has_dynamic(t->types[i]))
                return true;
        return false;
    default:
        return false;
    }
}

/* ---- the short type spec syntax ---- */

typedef struct {
    tf_arena *a;
    const char *s;
    int depth;
} type_parser;

static void tp_space(type_parser *p)
{
    while (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r')
        p->s++;
}

static bool tp_eat(type_parser *p, char c)
{
    tp_space(p);
    if (*p->s != c)
        return false;
    p->s++;
    return true;
}

static bool tp_is_ident(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '-';
}

static size_t tp_ident(type_parser *p, const char **start)
{
    tp_space(p);
    *start = p->s;
    while (tp_is_ident(*p->s))
        p->s++;
    return (size_t)(p->s - *start);
}

static const tf_type *tp_type(type_parser *p);

static const tf_type *tp_object(type_parser *p)
{
    const char **names = NULL;
    const tf_type **types = NULL;
    size_t n = 0, cap_n = 0, cap_t = 0;
    if (!tp_eat(p, '{'))
        return NULL;
    while (!tp_eat(p, '}')) {
        if (n > 0 && !tp_eat(p, ','))
            return NULL;
        const char *id;
        size_t len = tp_ident(p, &id);
        if (len == 0 || !tp_eat(p, '='))
            return NULL;
        tf_arena_grow(p->a, (void **)&names, &cap_n, n + 1, sizeof(*names));
        tf_arena_grow(p->a, (void **)&types, &cap_t, n + 1, sizeof(*types));
        names[n] = tf_arena_strndup(p->a, id, len);
        if (!(types[n] = tp_type(p)))
            return NULL;
        n++;
    }
    if (!tp_eat(p, ')'))
        return NULL;
    return tf_type_object(p->a, n, names, types);
}

static const tf_type *tp_tuple(type_parser *p)
{
    const tf_type **types = NULL;
    size_t n = 0, cap = 0;
    if (!tp_eat(p, '['))
        return NULL;
    while (!tp_eat(p, ']')) {
        if (n > 0 && !tp_eat(p, ','))
            return NULL;
        tf_arena_grow(p->a, (void **)&types, &cap, n + 1, sizeof(*types));
        if (!(types[n++] = tp_type(p)))
            return NULL;
    }
    if (!tp_eat(p, ')'))
        return NULL;
    return tf_type_tuple(p->a, n, types);
}

static bool tp_word(const char *id, size_t len, const char *word)
{
    return strlen(word) == len && memcmp(id, word, len) == 0;
}

static const tf_type *tp_collection(type_parser *p, tf_kind k)
{
    const tf_type *elem = tp_type(p);
    if (!elem || !tp_eat(p, ')'))
        return NULL;
    return type_collection(p->a, k, elem);
}

static const tf_type *tp_type(type_parser *p)
{
    const char *id;
    size_t len = tp_ident(p, &id);
    if (++p->depth > TYPE_PARSE_MAX_DEPTH)
        return NULL;
    const tf_type *t = NULL;
    if (tp_word(id, len, "string"))
        t = &tf_type_string;
    else if (tp_word(id, len, "number"))
        t = &tf_type_number;
    else if (tp_word(id, len, "bool"))
        t = &tf_type_bool;
    else if (tp_word(id, len, "dynamic") || tp_word(id, len, "any"))
        t = &tf_type_dynamic;
    else if (!tp_eat(p, '('))
        t = NULL;
    else if (tp_word(id, len, "list"))
        t = tp_collection(p, TF_LIST);
    else if (tp_word(id, len, "set"))
        t = tp_collection(p, TF_SET);
    else if (tp_word(id, len, "map"))
        t = tp_collection(p, TF_MAP);
    else if (tp_word(id, len, "object"))
        t = tp_object(p);
    else if (tp_word(id, len, "tuple"))
        t = tp_tuple(p);
    p->depth--;
    return t;
}

const tf_type *tf_type_parse(tf_arena *a, const char *spec)
{
    if (!spec)
        return NULL;
    type_parser p = {.a = a, .s = spec};
    const tf_type *t = tp_type(&p);
    tp_space(&p);
    return t && *p.s == '\0' ? t : NULL;
}

char *tf_type_friendly(tf_arena *a, const tf_type *t)
{
    switch (t->kind) {
    case TF_DYNAMIC: return tf_arena_strdup(a, "dynamic");
    case TF_STRING: return tf_arena_strdup(a, "string");
    case TF_NUMBER: return tf_arena_strdup(a, "number");
    case TF_BOOL: return tf_arena_strdup(a, "bool");
    case TF_LIST: return tf_arena_printf(a, "list of %s", tf_type_friendly(a, t->elem));
    case TF_SET: return tf_arena_printf(a, "set of %s", tf_type_friendly(a, t->elem));
    case TF_MAP: return tf_arena_printf(a, "map of %s", tf_type_friendly(a, t->elem));
    case TF_OBJECT: return tf_arena_strdup(a, "object");
    case TF_TUPLE: return tf_arena_strdup(a, "tuple");
    }
    return tf_arena_strdup(a, "invalid type");
}

/* ------------------------------------------------------------------ */
/* numbers                                                             */

/* Parsed shape of a decimal literal: the digits are the characters in
 * [ms, me) minus an optional '.' at index dot (relative to ms). */
typedef struct {
    bool neg;
    const char *ms;
    size_t nint, nfrac; /* digits before / after the point */
    bool has_dot;
    int64_t exp;        /* explicit exponent */
} num_lit;

static char num_digit(const num_lit *l, size_t k)
{
    return l->ms[k + (l->has_dot && k >= l->nint ? 1 : 0)];
}

static bool num_scan_exp(const char **sp, const char *end, int64_t *exp)
{
    const char *s = *sp;
    bool neg = false;
    if (s < end && (*s == '+' || *s == '-'))
        neg = *s++ == '-';
    if (s >= end || *s < '0' || *s > '9')
        return false;
    int64_t e = 0;
    for (; s < end && *s >= '0' && *s <= '9'; s++)
        if (e < 1000000000)
            e = e * 10 + (*s - '0');
    *exp = neg ? -e : e;
    *sp = s;
    return true;
}

static bool num_scan(const char *s, size_t len, num_lit *l)
{
    const char *end = s + len;
    memset(l, 0, sizeof(*l));
    if (s < end && (*s == '+' || *s == '-'))
        l->neg = *s++ == '-';
    l->ms = s;
    for (; s < end; s++) {
        if (*s >= '0' && *s <= '9')
            *(l->has_dot ? &l->nfrac : &l->nint) += 1;
        else if (*s == '.' && !l->has_dot)
            l->has_dot = true;
        else
            break;
    }
    if (l->nint + l->nfrac == 0)
        return false;
    if (s < end && (*s == 'e' || *s == 'E')) {
        s++;
        if (!num_scan_exp(&s, end, &l->exp))
            return false;
    }
    return s == end;
}

/* Writes the canonical text for digits[first..last] * 10^dexp. */
static void num_render(const num_lit *l, size_t first, size_t last,
                       int64_t dexp, char *out)
{
    size_t nd = last - first + 1;
    int64_t p = (int64_t)nd + dexp; /* digits before the decimal point */
    char *o = out;
    if (l->neg)
        *o++ = '-';
    if (dexp >= 0 && dexp <= NUM_PLAIN_ZEROS) {
        for (size_t k = first; k <= last; k++)
            *o++ = num_digit(l, k);
        for (int64_t z = 0; z < dexp; z++)
            *o++ = '0';
    } else if (dexp < 0 && p > -NUM_PLAIN_ZEROS) {
        if (p <= 0) {
            *o++ = '0';
            *o++ = '.';
            for (int64_t z = 0; z < -p; z++)
                *o++ = '0';
        }
        for (size_t k = first; k <= last; k++) {
            if (p > 0 && (int64_t)(k - first) == p)
                *o++ = '.';
            *o++ = num_digit(l, k);
        }
    } else {
        *o++ = num_digit(l, first);
        if (nd > 1)
            *o++ = '.';
        for (size_t k = first + 1; k <= last; k++)
            *o++ = num_digit(l, k);
        o += sprintf(o, "e%+lld", (long long)(p - 1));
    }
    *o = '\0';
}

/* Room num_canon may need for an input of len bytes. */
#define NUM_CANON_ROOM(len) ((len) + 48)

/* Canonicalises decimal text into out (NUM_CANON_ROOM(len) bytes).
 * Returns false for malformed or out-of-range numbers. */
static bool num_canon(const char *s, size_t len, char *out)
{
    num_lit l;
    if (!num_scan(s, len, &l))
        return false;
    size_t total = l.nint + l.nfrac, first = 0, last = total;
    while (first < total && num_digit(&l, first) == '0')
        first++;
    if (first == total) {
        strcpy(out, "0");
        return true;
    }
    while (num_digit(&l, last - 1) == '0')
        last--;
    last--; /* index of the last significant digit */
    int64_t dexp = l.exp - (int64_t)l.nfrac + (int64_t)(total - 1 - last);
    int64_t p = (int64_t)(last - first + 1) + dexp;
    if (p > NUM_EXP_LIMIT || p < -NUM_EXP_LIMIT)
        return false;
    num_render(&l, first, last, dexp, out);
    return true;
}

static const tf_value *num_value(tf_arena *a, const char *canon)
{
    tf_value *v = tf_arena_alloc(a, sizeof(*v));
    v->type = &tf_type_number;
    v->u.num = canon;
    return v;
}

const tf_value *tf_number_text(tf_arena *a, const char *text)
{
    if (!text)
        return NULL;
    size_t len = strlen(text);
    char *out = tf_arena_alloc(a, NUM_CANON_ROOM(len));
    if (!num_canon(text, len, out))
        return NULL;
    return num_value(a, out);
}

const tf_value *tf_number_i64(tf_arena *a, int64_t v)
{
    /* Integer digits are already canonical: at most 18 trailing zeros. */
    return num_value(a, tf_arena_printf(a, "%lld", (long long)v));
}

/* Exact decimal expansion of a finite double: the number of fractional
 * digits equals the number of fractional bits, and glibc's printf is exact
 * at any precision. */
#define DOUBLE_TEXT_ROOM 1500

static void double_exact_text(double d, char *out)
{
    int e;
    double m = frexp(fabs(d), &e);
    uint64_t mant = (uint64_t)ldexp(m, 53);
    int bexp = e - 53;
    while (mant && !(mant & 1)) {
        mant >>= 1;
        bexp++;
    }
    snprintf(out, DOUBLE_TEXT_ROOM, "%.*f", bexp < 0 ? -bexp : 0, d);
}

/* Shortest decimal text that reads back as the same double. */
static void double_short_text(double d, char *out)
{
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(out, DOUBLE_TEXT_ROOM, "%.*e", prec - 1, d);
        if (strtod(out, NULL) == d)
            return;
    }
}

static const tf_value *num_from_double(tf_arena *a, double d, bool exact)
{
    char text[DOUBLE_TEXT_ROOM];
    if (!isfinite(d))
        return NULL;
    if (d == 0)
        return num_value(a, "0");
    if (exact)
        double_exact_text(d, text);
    else
        double_short_text(d, text);
    return tf_number_text(a, text);
}

const tf_value *tf_number_double(tf_arena *a, double v)
{
    return num_from_double(a, v, false);
}

const tf_value *tf_number_double_exact(tf_arena *a, double v)
{
    return num_from_double(a, v, true);
}

static bool num_is_plain_int(const char *s)
{
    if (*s == '-')
        s++;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

bool tf_number_to_i64(const tf_value *v, int64_t *out)
{
    if (!tf_is_known(v) || v->type->kind != TF_NUMBER)
        return false;
    if (!num_is_plain_int(v->u.num))
        return false;
    errno = 0;
    long long x = strtoll(v->u.num, NULL, 10);
    if (errno == ERANGE)
        return false;
    *out = x;
    return true;
}

/* Compares canonical text with the canonical form of a double's text. */
static bool num_matches_double_text(const char *canon, const char *text)
{
    size_t len = strlen(text);
    char buf[NUM_CANON_ROOM(DOUBLE_TEXT_ROOM)];
    return len < DOUBLE_TEXT_ROOM && num_canon(text, len, buf) &&
           strcmp(buf, canon) == 0;
}

static bool num_to_double_raw(const tf_value *v, double *d)
{
    if (!tf_is_known(v) || v->type->kind != TF_NUMBER)
        return false;
    *d = strtod(v->u.num, NULL);
    return isfinite(*d);
}

/* A decimal with a fractional part can only be a binary fraction when its
 * last significant digit is 5; this cheap test rejects 0.1 and friends. */
static bool num_may_be_binary(const char *canon)
{
    const char *e = strchr(canon, 'e');
    bool neg_exp = e && e[1] == '-';
    if (!strchr(canon, '.') && !neg_exp)
        return true;
    const char *last = e ? e - 1 : canon + strlen(canon) - 1;
    return *last == '5';
}

bool tf_number_exact_double(const tf_value *v, double *out)
{
    double d;
    char text[DOUBLE_TEXT_ROOM];
    if (!num_to_double_raw(v, &d) || !num_may_be_binary(v->u.num))
        return false;
    if (d == 0)
        return strcmp(v->u.num, "0") == 0 && (*out = 0, true);
    double_exact_text(d, text);
    if (!num_matches_double_text(v->u.num, text))
        return false;
    *out = d;
    return true;
}

/* Lossless both ways: the number is the double's shortest text or its
 * exact expansion. */
bool tf_number_to_double(const tf_value *v, double *out)
{
    double d;
    char text[DOUBLE_TEXT_ROOM];
    if (!num_to_double_raw(v, &d))
        return false;
    if (d == 0) {
        *out = 0;
        return strcmp(v->u.num, "0") == 0;
    }
    double_short_text(d, text);
    if (num_matches_double_text(v->u.num, text) ||
        tf_number_exact_double(v, &d)) {
        *out = d;
        return true;
    }
    return false;
}

/* A read-only view of canonical text for comparisons: the significant
 * digits start at s (a '.' may sit among them, and plain integers may end
 * in zeros) and run to end; p is the decimal point's position. */
typedef struct {
    bool neg, zero;
    const char *s, *end;
    int64_t p;
} num_view;

static void num_view_of(const char *t, num_view *nv)
{
    memset(nv, 0, sizeof(*nv));
    nv->neg = *t == '-';
    if (nv->neg)
        t++;
    nv->zero = strcmp(t, "0") == 0;
    const char *e = strchr(t, 'e');
    nv->end = e ? e : t + strlen(t);
    nv->s = t;
    if (e) {
        nv->p = strtoll(e + 1, NULL, 10) + 1;
    } else if (t[0] == '0' && t[1] == '.') {
        nv->s = t + 2;
        while (*nv->s == '0')
            nv->s++;
        nv->p = -(int64_t)(nv->s - (t + 2));
    } else {
        const char *dot = memchr(t, '.', (size_t)(nv->end - t));
        nv->p = (dot ? dot : nv->end) - t;
    }
}

static int num_next_digit(const char **s, const char *end)
{
    if (*s < end && **s == '.')
        (*s)++;
    if (*s >= end)
        return 0;
    return *(*s)++ - '0';
}

static int num_cmp_magnitude(num_view x, num_view y)
{
    if (x.p != y.p)
        return x.p < y.p ? -1 : 1;
    while (x.s < x.end || y.s < y.end) {
        int dx = num_next_digit(&x.s, x.end), dy = num_next_digit(&y.s, y.end);
        if (dx != dy)
            return dx < dy ? -1 : 1;
    }
    return 0;
}

static int num_compare(const char *a, const char *b)
{
    if (strcmp(a, b) == 0)
        return 0;
    num_view x, y;
    num_view_of(a, &x);
    num_view_of(b, &y);
    int sx = x.zero ? 0 : x.neg ? -1 : 1, sy = y.zero ? 0 : y.neg ? -1 : 1;
    if (sx != sy || sx == 0)
        return sx < sy ? -1 : sx > sy;
    int m = num_cmp_magnitude(x, y);
    return x.neg ? -m : m;
}

char *tf_number_plain(tf_arena *a, const tf_value *v)
{
    assert(tf_is_known(v) && v->type->kind == TF_NUMBER);
    const char *t = v->u.num;
    if (!strchr(t, 'e'))
        return tf_arena_strdup(a, t);
    num_view nv;
    num_view_of(t, &nv);
    sbuf b = {.a = a};
    if (nv.neg)
        sb_puts(&b, "-");
    if (nv.p <= 0) {
        sb_puts(&b, "0.");
        for (int64_t z = 0; z < -nv.p; z++)
            sb_puts(&b, "0");
    }
    const char *s = nv.s;
    for (int64_t k = 0; s < nv.end || k < nv.p; k++) {
        if (k == nv.p && k > 0)
            sb_puts(&b, ".");
        char c = (char)('0' + num_next_digit(&s, nv.end));
        sb_putn(&b, &c, 1);
    }
    return sb_done(&b);
}

/* ------------------------------------------------------------------ */
/* value construction                                                  */

static tf_value *value_new(tf_arena *a, const tf_type *t)
{
    tf_value *v = tf_arena_alloc(a, sizeof(*v));
    v->type = t;
    return v;
}

const tf_value *tf_null(tf_arena *a, const tf_type *t)
{
    tf_value *v = value_new(a, t);
    v->flags = TF_V_NULL;
    return v;
}

const tf_value *tf_unknown(tf_arena *a, const tf_type *t)
{
    tf_value *v = value_new(a, t);
    v->flags = TF_V_UNKNOWN;
    return v;
}

const tf_value *tf_stringn(tf_arena *a, const char *s, size_t len)
{
    tf_value *v = value_new(a, &tf_type_string);
    v->u.str.ptr = tf_arena_memdup(a, s, len);
    v->u.str.len = len;
    return v;
}

const tf_value *tf_string(tf_arena *a, const char *s)
{
    return tf_stringn(a, s, strlen(s));
}

const tf_value *tf_bool(tf_arena *a, bool b)
{
    tf_value *v = value_new(a, &tf_type_bool);
    v->u.b = b;
    return v;
}

static const tf_value **items_copy(tf_arena *a, size_t n,
                                   const tf_value **items)
{
    const tf_value **c = tf_arena_calloc(a, n ? n : 1, sizeof(*c));
    if (n)
        memcpy(c, items, n * sizeof(*c));
    return c;
}

static tf_value *value_coll(tf_arena *a, const tf_type *t, size_t n,
                            const tf_value **items)
{
    tf_value *v = value_new(a, t);
    v->u.coll.n = n;
    v->u.coll.items = items;
    return v;
}

const tf_value *tf_list(tf_arena *a, const tf_type *elem, size_t n,
                        const tf_value **items)
{
    return value_coll(a, tf_type_list(a, elem), n, items_copy(a, n, items));
}

static int set_item_cmp(const void *x, const void *y)
{
    return tf_value_compare(*(const tf_value *const *)x,
                            *(const tf_value *const *)y);
}

/* Elements containing unknowns are never merged: like cty, two unknowns
 * may turn out to be different values. */
const tf_value *tf_set(tf_arena *a, const tf_type *elem, size_t n,
                       const tf_value **items)
{
    const tf_value **c = items_copy(a, n, items);
    qsort(c, n, sizeof(*c), set_item_cmp);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m > 0 && !tf_contains_unknown(c[i]) &&
            tf_value_equal(c[m - 1], c[i]))
            continue;
        c[m++] = c[i];
    }
    return value_coll(a, tf_type_set(a, elem), m, c);
}

typedef struct {
    const char *key;
    size_t idx;
    const tf_value *item;
} map_entry;

static int map_entry_cmp(const void *x, const void *y)
{
    const map_entry *p = x, *q = y;
    int c = strcmp(p->key, q->key);
    if (c)
        return c;
    return p->idx < q->idx ? -1 : p->idx > q->idx;
}

const tf_value *tf_map(tf_arena *a, const tf_type *elem, size_t n,
                       const char **keys, const tf_value **items)
{
    map_entry *e = tf_arena_calloc(a, n ? n : 1, sizeof(*e));
    for (size_t i = 0; i < n; i++)
        e[i] = (map_entry){keys[i], i, items[i]};
    qsort(e, n, sizeof(*e), map_entry_cmp);
    const char **k = tf_arena_calloc(a, n ? n : 1, sizeof(*k));
    const tf_value **it = tf_arena_calloc(a, n ? n : 1, sizeof(*it));
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (i + 1 < n && strcmp(e[i].key, e[i + 1].key) == 0)
            continue; /* a later duplicate wins */
        k[m] = tf_arena_strdup(a, e[i].key);
        it[m++] = e[i].item;
    }
    tf_value *v = value_coll(a, tf_type_map(a, elem), m, it);
    v->u.coll.keys = k;
    return v;
}

const tf_value *tf_object(tf_arena *a, const tf_type *obj_type,
                          const tf_value **items)
{
    assert(obj_type->kind == TF_OBJECT);
    return value_coll(a, obj_type, obj_type->n,
                      items_copy(a, obj_type->n, items));
}

const tf_value *tf_tuple(tf_arena *a, const tf_type *tuple_type,
                         const tf_value **items)
{
    assert(tuple_type->kind == TF_TUPLE);
    return value_coll(a, tuple_type, tuple_type->n,
                      items_copy(a, tuple_type->n, items));
}

const tf_value *tf_object_with(tf_arena *a, const tf_value *obj,
                               const char *name, const tf_value *v)
{
    assert(tf_is_known(obj) && obj->type->kind == TF_OBJECT);
    int i = tf_type_attr_index(obj->type, name);
    assert(i >= 0);
    if (i < 0)
        return NULL;
    const tf_value **items = items_copy(a, obj->u.coll.n, obj->u.coll.items);
    items[i] = v;
    return value_coll(a, obj->type, obj->u.coll.n, items);
}

/* ------------------------------------------------------------------ */
/* inspection                                                          */

static bool value_has_items(const tf_value *v)
{
    return tf_is_known(v) && v->type->kind >= TF_LIST;
}

bool tf_contains_unknown(const tf_value *v)
{
    if (tf_is_unknown(v))
        return true;
    if (!value_has_items(v))
        return false;
    for (size_t i = 0; i < v->u.coll.n; i++)
        if (tf_contains_unknown(v->u.coll.items[i]))
            return true;
    return false;
}

bool tf_value_shape_ok(const tf_value *v, const tf_type *t)
{
    if (!tf_is_known(v) || v->type->kind != t->kind)
        return false;
    if (t->kind != TF_OBJECT && t->kind != TF_TUPLE)
        return true;
    if (v->u.coll.n != t->n || v->type->n != t->n)
        return false;
    for (size_t i = 0; t->kind == TF_OBJECT && i < t->n; i++)
        if (strcmp(v->type->names[i], t->names[i]) != 0)
            return false;
    return true;
}

const tf_value *tf_get(const tf_value *obj, const char *name)
{
    if (!tf_is_known(obj) || obj->type->kind != TF_OBJECT)
        return NULL;
    int i = tf_type_attr_index(obj->type, name);
    return i < 0 ? NULL : obj->u.coll.items[i];
}

const tf_value *tf_map_get(const tf_value *map, const char *key)
{
    if (!tf_is_known(map) || map->type->kind != TF_MAP || !key)
        return NULL;
    size_t lo = 0, hi = map->u.coll.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(map->u.coll.keys[mid], key);
        if (c == 0)
            return map->u.coll.items[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static const tf_value *get_known(const tf_value *obj, const char *name,
                                 tf_kind kind)
{
    const tf_value *v = tf_get(obj, name);
    return tf_is_known(v) && v->type->kind == kind ? v : NULL;
}

const char *tf_get_str(const tf_value *obj, const char *name, const char *def)
{
    const tf_value *v = get_known(obj, name, TF_STRING);
    return v ? v->u.str.ptr : def;
}

bool tf_get_bool(const tf_value *obj, const char *name, bool def)
{
    const tf_value *v = get_known(obj, name, TF_BOOL);
    return v ? v->u.b : def;
}

int64_t tf_get_i64(const tf_value *obj, const char *name, int64_t def)
{
    int64_t x;
    const tf_value *v = get_known(obj, name, TF_NUMBER);
    return v && tf_number_to_i64(v, &x) ? x : def;
}

/* ------------------------------------------------------------------ */
/* equality and ordering                                               */

bool tf_value_equal(const tf_value *x, const tf_value *y)
{
    if (x == y)
        return true;
    if (!x || !y || x->flags != y->flags || !tf_type_equal(x->type, y->type))
        return false;
    return tf_value_compare(x, y) == 0;
}

static int cmp_size(size_t x, size_t y)
{
    return x < y ? -1 : x > y;
}

static int type_compare(const tf_type *x, const tf_type *y)
{
    if (x == y)
        return 0;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    switch (x->kind) {
    case TF_LIST:
    case TF_SET:
    case TF_MAP:
        return type_compare(x->elem, y->elem);
    case TF_OBJECT:
    case TF_TUPLE:
        if (x->n != y->n)
            return cmp_size(x->n, y->n);
        for (size_t i = 0; i < x->n; i++) {
            int c = x->kind == TF_OBJECT ? strcmp(x->names[i], y->names[i]) : 0;
            if (c || (c = type_compare(x->types[i], y->types[i])))
                return c;
        }
        return 0;
    default:
        return 0;
    }
}

static int str_compare(const tf_value *x, const tf_value *y)
{
    size_t n = x->u.str.len < y->u.str.len ? x->u.str.len : y->u.str.len;
    int c = n ? memcmp(x->u.str.ptr, y->u.str.ptr, n) : 0;
    return c ? c : cmp_size(x->u.str.len, y->u.str.len);
}

static int items_compare(const tf_value *x, const tf_value *y)
{
    size_t n = x->u.coll.n < y->u.coll.n ? x->u.coll.n : y->u.coll.n;
    for (size_t i = 0; i < n; i++) {
        int c = 0;
        if (x->u.coll.keys)
            c = strcmp(x->u.coll.keys[i], y->u.coll.keys[i]);
        if (c || (c = tf_value_compare(x->u.coll.items[i], y->u.coll.items[i])))
            return c;
    }
    return cmp_size(x->u.coll.n, y->u.coll.n);
}

/* Known values sort before nulls, nulls before unknowns; values of
 * different types (possible only under dynamic types) sort by type. */
int tf_value_compare(const tf_value *x, const tf_value *y)
{
    if (x == y)
        return 0;
    int c = type_compare(x->type, y->type);
    if (c)
        return c;
    if (x->flags != y->flags)
        return x->flags < y->flags ? -1 : 1;
    if (x->flags)
        return 0;
    switch (x->type->kind) {
    case TF_STRING: return str_compare(x, y);
    case TF_NUMBER: return num_compare(x->u.num, y->u.num);
    case TF_BOOL: return (int)x->u.b - (int)y->u.b;
    case TF_DYNAMIC: return 0;
    default: return items_compare(x, y);
    }
}

/* ------------------------------------------------------------------ */
/* conversion                                                          */

typedef struct {
    tf_arena *a;
    char **err;
} conv_ctx;

static const tf_value *conv_value(conv_ctx *c, const tf_value *v,
                                  const tf_type *t, const tf_path_chain *at);

static const tf_value *conv_fail(conv_ctx *c, const tf_path_chain *at,
                                 const char *msg)
{
    if (c->err) {
        const tf_path *p = tf_path_from_chain(c->a, at);
        char *where = tf_path_string(c->a, p);
        *c->err = *where ? tf_arena_printf(c->a, "%s: %s", where, msg)
                         : tf_arena_strdup(c->a, msg);
    }
    return NULL;
}

static const tf_value *conv_required(conv_ctx *c, const tf_path_chain *at,
                                     const tf_type *t)
{
    char *f = tf_type_friendly(c->a, t);
    const char *art = strchr("aeiou", f[0]) ? "an" : "a";
    return conv_fail(c, at, tf_arena_printf(c->a, "%s %s is required", art, f));
}

static bool types_convertible(const tf_type *in, const tf_type *out);

static bool tuple_to_elem_ok(const tf_type *in, const tf_type *elem)
{
    for (size_t i = 0; i < in->n; i++)
        if (!types_convertible(in->types[i], elem))
            return false;
    return true;
}

static bool object_to_object_ok(const tf_type *in, const tf_type *out)
{
    for (size_t i = 0; i < out->n; i++) {
        int j = tf_type_attr_index(in, out->names[i]);
        if (j < 0 || !types_convertible(in->types[j], out->types[i]))
            return false;
    }
    return true;
}

static bool map_to_object_ok(const tf_type *in, const tf_type *out)
{
    for (size_t i = 0; i < out->n; i++)
        if (!types_convertible(in->elem, out->types[i]))
            return false;
    return true;
}

static bool tuple_to_tuple_ok(const tf_type *in, const tf_type *out)
{
    if (in->n != out->n)
        return false;
    for (size_t i = 0; i < in->n; i++)
        if (!types_convertible(in->types[i], out->types[i]))
            return false;
    return true;
}

/* Whether cty's Convert could ever turn a value of type in into out. */
static bool types_convertible(const tf_type *in, const tf_type *out)
{
    if (out->kind == TF_DYNAMIC || in->kind == TF_DYNAMIC ||
        tf_type_equal(in, out))
        return true;
    bool in_seq = in->kind == TF_LIST || in->kind == TF_SET;
    switch (out->kind) {
    case TF_STRING: return in->kind == TF_NUMBER || in->kind == TF_BOOL;
    case TF_NUMBER:
    case TF_BOOL: return in->kind == TF_STRING;
    case TF_LIST:
    case TF_SET:
        if (in_seq)
            return types_convertible(in->elem, out->elem);
        return in->kind == TF_TUPLE && tuple_to_elem_ok(in, out->elem);
    case TF_MAP:
        if (in->kind == TF_MAP)
            return types_convertible(in->elem, out->elem);
        return in->kind == TF_OBJECT && tuple_to_elem_ok(in, out->elem);
    case TF_OBJECT:
        if (in->kind == TF_OBJECT)
            return object_to_object_ok(in, out);
        return in->kind == TF_MAP && map_to_object_ok(in, out);
    case TF_TUPLE:
        return in->kind == TF_TUPLE && tuple_to_tuple_ok(in, out);
    default:
        return false;
    }
}

/* The type a null/unknown keeps: out, with dynamic parts filled from in
 * where the shapes line up (cty's dynamicReplace). */
static const tf_type *type_fill_dynamic(tf_arena *a, const tf_type *in,
                                        const tf_type *out)
{
    if (out->kind == TF_DYNAMIC)
        return in;
    if (!type_has_dynamic(out) || !tf_type_is_collection(out) ||
        in->kind != out->kind)
        return out;
    return type_collection(a, out->kind, type_fill_dynamic(a, in->elem, out->elem));
}

static const tf_type *unify(tf_arena *a, size_t n, const tf_type **ts);

/* Mixed primitives unify only to string: numbers and bools both convert
 * to it, but not to each other. */
static const tf_type *unify_primitives(size_t n, const tf_type **ts)
{
    bool has_string = false;
    for (size_t i = 0; i < n; i++) {
        if (ts[i]->kind > TF_BOOL)
            return NULL;
        has_string |= ts[i]->kind == TF_STRING;
    }
    return has_string ? &tf_type_string : NULL;
}

/* Unifies member i of every type in ts (all the same kind and shape). */
static const tf_type *unify_member(tf_arena *a, size_t n, const tf_type **ts,
                                   size_t i)
{
    const tf_type **m = tf_arena_calloc(a, n, sizeof(*m));
    for (size_t k = 0; k < n; k++) {
        if (ts[k]->kind == TF_OBJECT && strcmp(ts[k]->names[i], ts[0]->names[i]))
            return NULL;
        m[k] = tf_type_is_collection(ts[k]) ? ts[k]->elem : ts[k]->types[i];
    }
    return unify(a, n, m);
}

static const tf_type *unify_structural(tf_arena *a, size_t n,
                                       const tf_type **ts)
{
    const tf_type *t0 = ts[0];
    for (size_t i = 1; i < n; i++)
        if (ts[i]->kind != t0->kind || ts[i]->n != t0->n)
            return NULL;
    if (tf_type_is_collection(t0)) {
        const tf_type *e = unify_member(a, n, ts, 0);
        return e ? type_collection(a, t0->kind, e) : NULL;
    }
    const tf_type **m = tf_arena_calloc(a, t0->n ? t0->n : 1, sizeof(*m));
    for (size_t i = 0; i < t0->n; i++)
        if (!(m[i] = unify_member(a, n, ts, i)))
            return NULL;
    return t0->kind == TF_OBJECT ? tf_type_object(a, t0->n, t0->names, m)
                                 : tf_type_tuple(a, t0->n, m);
}

/* A type every one of ts converts to (dynamic members are ignored, as they
 * only occur on null or unknown values that convert to anything). */
static const tf_type *unify(tf_arena *a, size_t n, const tf_type **ts)
{
    const tf_type **k = tf_arena_calloc(a, n ? n : 1, sizeof(*k));
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (ts[i]->kind != TF_DYNAMIC)
            k[m++] = ts[i];
    if (m == 0)
        return &tf_type_dynamic;
    size_t same = 1;
    while (same < m && tf_type_equal(k[same], k[0]))
        same++;
    if (same == m)
        return k[0];
    if (k[0]->kind <= TF_BOOL)
        return unify_primitives(m, k);
    return unify_structural(a, m, k);
}

static const tf_value *conv_primitive(conv_ctx *c, const tf_value *v,
                                      const tf_type *t, const tf_path_chain *at)
{
    tf_kind from = v->type->kind;
    if (t->kind == TF_STRING && from == TF_NUMBER)
        return tf_string(c->a, tf_number_plain(c->a, v));
    if (t->kind == TF_STRING && from == TF_BOOL)
        return tf_string(c->a, v->u.b ? "true" : "false");
    if (t->kind == TF_NUMBER && from == TF_STRING) {
        const tf_value *n = NULL;
        if (!memchr(v->u.str.ptr, '\0', v->u.str.len))
            n = tf_number_text(c->a, v->u.str.ptr);
        return n ? n : conv_fail(c, at, "a number is required");
    }
    if (t->kind == TF_BOOL && from == TF_STRING) {
        const char *s = v->u.str.ptr;
        if (!strcmp(s, "true") || !strcmp(s, "1"))
            return tf_bool(c->a, true);
        if (!strcmp(s, "false") || !strcmp(s, "0"))
            return tf_bool(c->a, false);
        return conv_fail(c, at, "a bool is required");
    }
    return conv_required(c, at, t);
}

/* Converts every item to elem; when elem has dynamic parts the items are
 * first unified so that the collection stays homogeneous. */
static const tf_value **conv_items(conv_ctx *c, const tf_value *v,
                                   const tf_type **elem,
                                   const tf_path_chain *at)
{
    size_t n = v->u.coll.n;
    const tf_value **out = tf_arena_calloc(c->a, n ? n : 1, sizeof(*out));
    for (size_t i = 0; i < n; i++) {
        tf_path_chain step = {at, {TF_STEP_KEY_INT, NULL, (int64_t)i}};
        if (v->u.coll.keys)
            step.step = (tf_path_step){TF_STEP_KEY_STRING, v->u.coll.keys[i], 0};
        else if (v->type->kind == TF_OBJECT)
            step.step = (tf_path_step){TF_STEP_ATTR, v->type->names[i], 0};
        if (!(out[i] = conv_value(c, v->u.coll.items[i], *elem, &step)))
            return NULL;
    }
    if (!type_has_dynamic(*elem) || n == 0)
        return out;
    const tf_type **ts = tf_arena_calloc(c->a, n, sizeof(*ts));
    for (size_t i = 0; i < n; i++)
        ts[i] = out[i]->type;
    const tf_type *u = unify(c->a, n, ts);
    if (!u) {
        conv_fail(c, at, "collection elements cannot be unified");
        return NULL;
    }
    *elem = u;
    for (size_t i = 0; i < n; i++)
        if (!(out[i] = conv_value(c, out[i], u, at)))
            return NULL;
    return out;
}

static const tf_value *conv_to_collection(conv_ctx *c, const tf_value *v,
                                          const tf_type *t,
                                          const tf_path_chain *at)
{
    const tf_type *elem = t->elem;
    const tf_value **items = conv_items(c, v, &elem, at);
    if (!items)
        return NULL;
    size_t n = v->u.coll.n;
    if (t->kind == TF_LIST)
        return value_coll(c->a, tf_type_list(c->a, elem), n, items);
    if (t->kind == TF_SET)
        return tf_set(c->a, elem, n, items);
    const char **keys = v->u.coll.keys ? v->u.coll.keys : v->type->names;
    return tf_map(c->a, elem, n, keys, items);
}

static const tf_value *conv_attr_source(const tf_value *v, const char *name)
{
    return v->type->kind == TF_MAP ? tf_map_get(v, name) : tf_get(v, name);
}

static const tf_value *conv_to_object(conv_ctx *c, const tf_value *v,
                                      const tf_type *t, const tf_path_chain *at)
{
    const tf_value **items = tf_arena_calloc(c->a, t->n ? t->n : 1, sizeof(*items));
    const tf_type **types = tf_arena_calloc(c->a, t->n ? t->n : 1, sizeof(*types));
    for (size_t i = 0; i < t->n; i++) {
        tf_path_chain step = {at, {TF_STEP_ATTR, t->names[i], 0}};
        const tf_value *src = conv_attr_source(v, t->names[i]);
        if (!src)
            return conv_fail(c, at, tf_arena_printf(c->a,
                             "attribute \"%s\" is required", t->names[i]));
        if (!(items[i] = conv_value(c, src, t->types[i], &step)))
            return NULL;
        types[i] = items[i]->type;
    }
    const tf_type *ot = type_has_dynamic(t) ? tf_type_object(c->a, t->n, t->names, types) : t;
    return value_coll(c->a, ot, t->n, items);
}

static const tf_value *conv_to_tuple(conv_ctx *c, const tf_value *v,
                                     const tf_type *t, const tf_path_chain *at)
{
    const tf_value **items = tf_arena_calloc(c->a, t->n ? t->n : 1, sizeof(*items));
    const tf_type **types = tf_arena_calloc(c->a, t->n ? t->n : 1, sizeof(*types));
    for (size_t i = 0; i < t->n; i++) {
        tf_path_chain step = {at, {TF_STEP_KEY_INT, NULL, (int64_t)i}};
        if (!(items[i] = conv_value(c, v->u.coll.items[i], t->types[i], &step)))
            return NULL;
        types[i] = items[i]->type;
    }
    return value_coll(c->a, tf_type_tuple(c->a, t->n, types), t->n, items);
}

static const tf_value *conv_known(conv_ctx *c, const tf_value *v,
                                  const tf_type *t, const tf_path_chain *at)
{
    switch (t->kind) {
    case TF_STRING:
    case TF_NUMBER:
    case TF_BOOL:
        return conv_primitive(c, v, t, at);
    case TF_LIST:
    case TF_SET:
    case TF_MAP:
        return conv_to_collection(c, v, t, at);
    case TF_OBJECT:
        return conv_to_object(c, v, t, at);
    case TF_TUPLE:
        return conv_to_tuple(c, v, t, at);
    default:
        return v;
    }
}

static const tf_value *conv_value(conv_ctx *c, const tf_value *v,
                                  const tf_type *t, const tf_path_chain *at)
{
    if (t->kind == TF_DYNAMIC || tf_type_equal(v->type, t))
        return v;
    if (!types_convertible(v->type, t))
        return conv_required(c, at, t);
    if (tf_is_null(v))
        return tf_null(c->a, type_fill_dynamic(c->a, v->type, t));
    if (tf_is_unknown(v))
        return tf_unknown(c->a, type_fill_dynamic(c->a, v->type, t));
    return conv_known(c, v, t, at);
}

const tf_value *tf_convert(tf_arena *a, const tf_value *v, const tf_type *t,
                           char **err)
{
    conv_ctx c = {a, err};
    if (!v || !t)
        return conv_fail(&c, NULL, "no value or type to convert");
    return conv_value(&c, v, t, NULL);
}

/* ------------------------------------------------------------------ */
/* debug rendering                                                     */

static void debug_value(sbuf *b, const tf_value *v);

static void debug_items(sbuf *b, const tf_value *v, const char *open,
                        const char *close)
{
    bool named = v->u.coll.keys || v->type->kind == TF_OBJECT;
    sb_puts(b, open);
    for (size_t i = 0; i < v->u.coll.n; i++) {
        if (i)
            sb_puts(b, ", ");
        if (v->u.coll.keys) {
            const char *k = v->u.coll.keys[i];
            sb_put_quoted(b, k, strlen(k));
        } else if (named) {
            sb_puts(b, v->type->names[i]);
        }
        if (named)
            sb_puts(b, " = ");
        debug_value(b, v->u.coll.items[i]);
    }
    sb_puts(b, close);
}

static void debug_value(sbuf *b, const tf_value *v)
{
    if (!v) {
        sb_puts(b, "<no value>");
        return;
    }
    if (tf_is_null(v)) {
        sb_puts(b, "null");
        return;
    }
    if (tf_is_unknown(v)) {
        sb_puts(b, "(known after apply)");
        return;
    }
    switch (v->type->kind) {
    case TF_STRING: sb_put_quoted(b, v->u.str.ptr, v->u.str.len); break;
    case TF_NUMBER: sb_puts(b, v->u.num); break;
    case TF_BOOL: sb_puts(b, v->u.b ? "true" : "false"); break;
    case TF_LIST:
    case TF_TUPLE: debug_items(b, v, "[", "]"); break;
    case TF_SET: debug_items(b, v, "toset([", "])"); break;
    case TF_MAP:
    case TF_OBJECT: debug_items(b, v, "{", "}"); break;
    default: sb_puts(b, "<dynamic>"); break;
    }
}

char *tf_value_debug(tf_arena *a, const tf_value *v)
{
    sbuf b = {.a = a};
    debug_value(&b, v);
    return sb_done(&b);
}

/* ------------------------------------------------------------------ */
/* paths                                                               */

const tf_path *tf_path_root(tf_arena *a)
{
    return tf_arena_alloc(a, sizeof(tf_path));
}

static const tf_path *path_push(tf_arena *a, const tf_path *p,
                                tf_path_step step)
{
    size_t n = p ? p->n : 0;
    tf_path *np = tf_arena_alloc(a, sizeof(*np));
    tf_path_step *steps = tf_arena_calloc(a, n + 1, sizeof(*steps));
    if (n)
        memcpy(steps, p->steps, n * sizeof(*steps));
    if (step.name)
        step.name = tf_arena_strdup(a, step.name);
    steps[n] = step;
    np->n = n + 1;
    np->steps = steps;
    return np;
}

const tf_path *tf_path_attr(tf_arena *a, const tf_path *p, const char *name)
{
    return path_push(a, p, (tf_path_step){TF_STEP_ATTR, name, 0});
}

const tf_path *tf_path_key(tf_arena *a, const tf_path *p, const char *key)
{
    return path_push(a, p, (tf_path_step){TF_STEP_KEY_STRING, key, 0});
}

const tf_path *tf_path_index(tf_arena *a, const tf_path *p, int64_t i)
{
    return path_push(a, p, (tf_path_step){TF_STEP_KEY_INT, NULL, i});
}

char *tf_path_string(tf_arena *a, const tf_path *p)
{
    sbuf b = {.a = a};
    for (size_t i = 0; p && i < p->n; i++) {
        const tf_path_step *s = &p->steps[i];
        char num[32];
        switch (s->kind) {
        case TF_STEP_ATTR:
            if (i)
                sb_puts(&b, ".");
            sb_puts(&b, s->name);
            break;
        case TF_STEP_KEY_STRING:
            sb_puts(&b, "[");
            sb_put_quoted(&b, s->name, strlen(s->name));
            sb_puts(&b, "]");
            break;
        case TF_STEP_KEY_INT:
            snprintf(num, sizeof num, "[%lld]", (long long)s->index);
            sb_puts(&b, num);
            break;
        }
    }
    return sb_done(&b);
}

const tf_path *tf_path_from_chain(tf_arena *a, const tf_path_chain *c)
{
    size_t n = 0;
    for (const tf_path_chain *k = c; k; k = k->up)
        n++;
    tf_path *p = tf_arena_alloc(a, sizeof(*p));
    tf_path_step *steps = tf_arena_calloc(a, n ? n : 1, sizeof(*steps));
    size_t i = n;
    for (const tf_path_chain *k = c; k; k = k->up) {
        steps[--i] = k->step;
        if (k->step.name)
            steps[i].name = tf_arena_strdup(a, k->step.name);
    }
    p->n = n;
    p->steps = steps;
    return p;
}

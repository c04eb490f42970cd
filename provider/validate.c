/* validate.c - the reusable attribute validators named in schema tables.
 *
 * Each validator checks one known, non-null value and adds an error
 * diagnostic (path = ctx->path) when it does not fit.  The wording follows
 * the messages hashicorp/aws users already know ("expected instance_tenancy
 * to be one of [...], got foo") and always says what was given and what is
 * allowed.
 *
 * A validator attached to a list, set or map attribute applies to every
 * element, as SDKv2's ValidateFunc on Elem does; list elements get an index
 * step and map elements a key step in the diagnostic path.
 *
 * Parameters beyond schema.h's macros:
 *   one_of        lo != 0 compares case-insensitively (TF_V_ONE_OF_CI)
 *   int_one_of    p points at an int64_t array of lo entries
 *   regex         hi != 0 means the value must NOT match (TF_V_NOT_REGEX)
 *   ipv4_cidr     prefix length must be within lo..hi (hi 0 means 32)
 *   cidr/ipv6_cidr  prefix bounds lo..hi apply when hi != 0 */
#include "schema.h"

#include <arpa/inet.h>
#include <jansson.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "duration.h"

/* ---- helpers ---- */

static const char *vattr(const tf_vctx *ctx)
{
    return ctx->attr ? ctx->attr : "value";
}

static void verror(tf_vctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void verror(tf_vctx *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *detail = tf_arena_vprintf(ctx->arena, fmt, ap);
    va_end(ap);
    char *summary = tf_arena_printf(ctx->arena, "Invalid value for \"%s\"", vattr(ctx));
    tf_diag_error(ctx->diags, ctx->path, summary, "%s", detail);
}

/* Applies self to every known element of a collection.  Returns true when v
 * was a collection (and so has been handled). */
static bool validate_each(const tf_validator *self, tf_vctx *ctx, const tf_value *v)
{
    tf_kind k = v->type->kind;
    if (k != TF_LIST && k != TF_SET && k != TF_MAP && k != TF_TUPLE)
        return false;
    const tf_path *base = ctx->path ? ctx->path : tf_path_root(ctx->arena);
    for (size_t i = 0; i < v->u.coll.n; i++) {
        const tf_value *e = v->u.coll.items[i];
        if (!tf_is_known(e))
            continue;
        tf_vctx child = *ctx;
        if (k == TF_MAP)
            child.path = tf_path_key(ctx->arena, base, v->u.coll.keys[i]);
        else if (k != TF_SET)
            child.path = tf_path_index(ctx->arena, base, (int64_t)i);
        self->fn(self, &child, e);
    }
    return true;
}

/* The string inside v, or NULL (with a diagnostic) when v is not one. */
static const char *vstring(tf_vctx *ctx, const tf_value *v, size_t *len)
{
    if (v->type->kind != TF_STRING) {
        verror(ctx, "expected type of %s to be string", vattr(ctx));
        return NULL;
    }
    *len = v->u.str.len;
    return v->u.str.ptr;
}

/* The integer inside v; false (with a diagnostic) when v is not one. */
static bool vint(tf_vctx *ctx, const tf_value *v, int64_t *out)
{
    if (v->type->kind != TF_NUMBER) {
        verror(ctx, "expected type of %s to be integer", vattr(ctx));
        return false;
    }
    if (!tf_number_to_i64(v, out)) {
        verror(ctx, "expected %s to be a whole number, got %s", vattr(ctx), v->u.num);
        return false;
    }
    return true;
}

void tf_validate_run(tf_arena *a, tf_diags *diags, const tf_path *path,
                     const char *attr, const tf_validator *validators,
                     const tf_value *v)
{
    if (!validators || !tf_is_known(v))
        return;
    tf_vctx ctx = {.arena = a, .diags = diags, .path = path, .attr = attr};
    for (const tf_validator *x = validators; x->fn; x++)
        x->fn(x, &ctx, v);
}

/* ---- enumerations and numbers ---- */

void tf_validate_one_of(const tf_validator *self, tf_vctx *ctx, const tf_value *v)
{
    if (validate_each(self, ctx, v))
        return;
    size_t len;
    const char *s = vstring(ctx, v, &len);
    if (!s)
        return;
    const char *const *allowed = self->p;
    for (size_t i = 0; allowed[i]; i++) {
        if (strlen(allowed[i]) != len)
            continue;
        if (self->lo ? strncasecmp(allowed[i], s, len) == 0
                     : memcmp(allowed[i], s, len) == 0)
            return;
    }
    /* Go prints the list with %q: ["a" "b"]. */
    size_t cap = 3;
    for (size_t i = 0; allowed[i]; i++)
        cap += strlen(allowed[i]) + 3;
    char *list = tf_arena_alloc(ctx->arena, cap);
    char *w = list;
    *w++ = '[';
    for (size_t i = 0; allowed[i]; i++)
        w += sprintf(w, "%s\"%s\"", i ? " " : "", allowed[i]);
    *w++ = ']';
    *w = 0;
    verror(ctx, "expected %s to be one of %s, got %.*s", vattr(ctx), list, (int)len, s);
}

void tf_validate_int_between(const tf_validator *self, tf_vctx *ctx, const tf_value *v)
{
    if (validate_each(self, ctx, v))
        return;
    int64_t n;
    if (!vint(ctx, v, &n))
        return;
    if (n < self->lo || n > self->hi)
        verror(ctx, "expected %s to be in the range (%lld - %lld), got %lld", vattr(ctx),
               (long long)self->lo, (long long)self->hi, (long long)n);
}

void tf_validate_int_at_least(const tf_validator *self, tf_vctx *ctx, const tf_value *v)
{
    if (validate_each(self, ctx, v))
        return;
    int64_t n;
    if (!vint(ctx, v, &n))
        return;
    if (n < self->lo)
        verror(ctx, "expected %s to be at least (%lld), got %lld", vattr(ctx),
               (long long)self->lo, (long long)n);
}

void tf_validate_int_one_of(const tf_validator *self, tf_vctx *ctx, const tf_value *v)
{
    if (validate_each(self, ctx, v))
        return;
    int64_t n;
    if (!vint(ctx, v, &n))
        return;
    const int64_t *allowed = self->p;
    for (int64_t i = 0; i < self->lo; i++) {
        if (allowed[i] == n)
            return;
    }
    char *list = tf_arena_strdup(ctx->arena, "[");
    for (int64_t i = 0; i < self->lo; i++)
        list = tf_arena_printf(ctx->arena, "%s%s%lld", list, i ? " " : "", (long long)allowed[i]);
    verror(ctx, "expected %s to be one of %s], got %lld", vattr(ctx), list, (long long)n);
}

/* ---- strings ---- */

void tf_validate_strlen_between(const tf_validator *self, tf_vctx *ctx, const tf_value *v)
{
    if (validate_each(self, ctx, v))
        return;
    size_t len;
    const char *s = vstring(ctx, v, &len);
    if (!s)
        return;
    if ((int64_t)len < self->lo || (int64_t)len > self->hi)
        verror(ctx, "expected length of %s to be in the range (%lld - %lld), got %.*s (%zu characters)",
               vattr(ctx), (long long)self->lo, (long long)self->hi, (int)len, s, len);
}

/* Matches s[0..len) against an extended POSIX pattern; -1 on a bad pattern. */
static int regex_matches(const char *pattern, const char *s, size_t len)
{
    regex_t re;
    if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0)
        return -1;
    int rc;
#ifdef REG_STARTEND
    regmatch_t m[1] = {{.rm_so = 0, .rm_eo = (regoff_t)len}};
    rc = regexec(&re, s, 1, m, REG_STARTEND);
#else
    (void)len;
    rc = regexec(&re, s, 0, NULL, 0);
#endif
    regfree(&re);
    return rc == 0;
}

void tf_validate_regex(const tf_validator *self, tf_vctx *ctx, const tf_value *v)
{
    if (validate_each(self, ctx, v))
        return;
    size_t len;
    const char *s = vstring(ctx, v, &len);
    if (!s)
        return;
    const char *pattern = self->p;
    bool want_match = self->hi == 0;
    int m = regex_matches(pattern, s, len);
    if (m < 0) {
        fprintf(stderr, "validate: bad regular expression %s\n", pattern);
        verror(ctx, "internal error: the provider's pattern for %s does not compile", vattr(ctx));
        return;
    }
    if ((m == 1) == want_match)
        return;
    if (self->msg)
        verror(ctx, "invalid value for %s (%s), got %.*s", vattr(ctx), self->msg, (int)len, s);
    else
        verror(ctx, "expected value of %s to %smatch regular expression \"%s\", got %.*s",
               vattr(ctx), want_match ? "" : "not ", pattern, (int)len, s);
}

/* ---- CIDR blocks ---- */

typedef struct {
    int family;            /* AF_INET or AF_INET6 */
    unsigned char addr[16];
    int prefix;
} cidr_block;

/* Parses "addr/prefix" strictly (no spaces, decimal prefix). */
static bool cidr_parse(const char *s, size_t len, cidr_block *out)
{
    char buf[64];
    if (len == 0 || len >= sizeof buf || memchr(s, 0, len))
        return false;
    memcpy(buf, s, len);
    buf[len] = 0;
    char *slash = strchr(buf, '/');
    if (!slash)
        return false;
    *slash = 0;
    const char *pfx = slash + 1;
    size_t plen = strlen(pfx);
    if (plen == 0 || plen > 3)
        return false;
    int prefix = 0;
    for (size_t i = 0; i < plen; i++) {
        if (pfx[i] < '0' || pfx[i] > '9')
            return false;
        prefix = prefix * 10 + (pfx[i] - '0');
    }
    memset(out, 0, sizeof *out);
    if (inet_pton(AF_INET, buf, out->addr) == 1) {
        out->family = AF_INET;
        if (prefix > 32)
            return false;
    } else if (inet_pton(AF_INET6, buf, out->addr) == 1) {
        out->family = AF_INET6;
        if (prefix > 128)
            return false;
    } else {
        return false;
    }
    out->prefix = prefix;
    return true;
}

bool tf_cidr_same(const char *a, const char *b)
{
    cidr_block x, y;
    return cidr_parse(a, strlen(a), &x) && cidr_parse(b, strlen(b), &y) &&
           x.family == y.family && x.prefix == y.prefix &&
           memcmp(x.addr, y.addr, sizeof x.addr) == 0;
}

static int cidr_bits(const cidr_block *c) { return c->family == AF_INET ? 32 : 128; }

/* Clears the host bits; returns true when some were set. */
static bool cidr_mask(cidr_block *c)
{
    bool had = false;
    int bytes = cidr_bits(c) / 8;
    for (int i = 0; i < bytes; i++) {
        int keep = c->prefix - i * 8;
        unsigned char mask = keep >= 8 ? 0xff : keep <= 0 ? 0 : (unsigned char)(0xff << (8 - keep));
        if (c->addr[i] & ~mask)
            had = true;
        c->addr[i] &= mask;
    }
    return had;
}

static char *cidr_format(tf_arena *a, const cidr_block *c)
{
    char buf[INET6_ADDRSTRLEN];
    if (!inet_ntop(c->family, c->addr, buf, sizeof buf))
        return tf_arena_strdup(a, "?");
    return tf_arena_printf(a, "%s/%d", buf, c->prefix);
}

typedef enum { CIDR_ANY, CIDR_V4, CIDR_V6 } cidr_want;

/* Shared body of the three CIDR validators.  exact_text: the value must be
 * the canonical text itself (IsCIDRNetwork); otherwise only the host bits
 * matter (ValidIPv4CIDRNetworkAddress and friends). */
static void cidr_check(const tf_validator *self, tf_vctx *ctx, const tf_value *v,
                       cidr_want want, bool exact_text)
{
    size_t len;
    const char *s = vstring(ctx, v, &len);
    if (!s)
        return;
    const char *fam = want == CIDR_V4 ? "IPv4 " : want == CIDR_V6 ? "IPv6 " : "";
    cidr_block c;
    if (!cidr_parse(s, len, &c)) {
        verror(ctx, "\"%.*s\" is not a valid %sCIDR block (expected an address and a prefix "
               "length, like 10.0.0.0/16)", (int)len, s, fam);
        return;
    }
    if ((want == CIDR_V4 && c.family != AF_INET) || (want == CIDR_V6 && c.family != AF_INET6)) {
        verror(ctx, "\"%.*s\" is not a valid %sCIDR block", (int)len, s, fam);
        return;
    }
    bool host_bits = cidr_mask(&c);
    char *canon = cidr_format(ctx->arena, &c);
    if (host_bits || (exact_text && (strlen(canon) != len || memcmp(canon, s, len) != 0))) {
        verror(ctx, "\"%.*s\" is not a valid %sCIDR network address; did you mean \"%s\"?",
               (int)len, s, fam, canon);
        return;
    }
    int64_t lo = self->lo, hi = self->hi;
    if (hi == 0) {
        if (want != CIDR_V4)
            return;
        hi = 32;
    }
    if (c.prefix < lo || c.prefix > hi)
        verror(ctx, "expected %s to contain a network value with between %lld and %lld "
               "significant bits, got: %d", vattr(ctx), (long long)lo, (long long)hi, c.prefix);
}

void tf_validate_cidr(const tf_validator *self, tf_vctx *ctx, const tf_value *v)
{
    if (validate_each(self, ctx, v))
        return;
    cidr_check(self, ctx, v, CIDR_ANY, true);
}

void tf_validate_ipv4_cidr(const tf_validator *self, tf_vctx *ctx, const tf_value *v)
{
    if (validate_each(self, ctx, v))
        return;
    cidr_check(self, ctx, v, CIDR_V4, false);
}

void tf_validate_ipv6_cidr(const tf_validator *self, tf_vctx *ctx, const tf_value *v)
{
    if (validate_each(self, ctx, v))
        return;
    cidr_check(self, ctx, v, CIDR_V6, false);
}

/* ---- structured strings ---- */

void tf_validate_json(const tf_validator *self, tf_vctx *ctx, const tf_value *v)
{
    if (validate_each(self, ctx, v))
        return;
    size_t len;
    const char *s = vstring(ctx, v, &len);
    if (!s || len == 0)
        return; /* an empty string means "no document" */
    json_error_t err;
    json_t *j = json_loadb(s, len, JSON_DECODE_ANY, &err);
    if (j) {
        json_decref(j);
        return;
    }
    verror(ctx, "\"%s\" contains an invalid JSON: %s (line %d, column %d)", vattr(ctx),
           err.text, err.line, err.column);
}

void tf_validate_duration(const tf_validator *self, tf_vctx *ctx, const tf_value *v)
{
    if (validate_each(self, ctx, v))
        return;
    size_t len;
    const char *s = vstring(ctx, v, &len);
    if (!s)
        return;
    int64_t ns;
    char err[256];
    if (!tf_duration_parse(s, len, &ns, err, sizeof err)) {
        verror(ctx, "\"%s\" cannot be parsed as a duration: %s (use a number and a unit, "
               "like \"90s\", \"10m\" or \"1h30m\")", vattr(ctx), err);
        return;
    }
    if (ns < 0)
        verror(ctx, "\"%s\" must be greater than zero, got %.*s", vattr(ctx), (int)len, s);
}

/* ---- ARNs ---- */

void tf_validate_arn(const tf_validator *self, tf_vctx *ctx, const tf_value *v)
{
    if (validate_each(self, ctx, v))
        return;
    size_t len;
    const char *s = vstring(ctx, v, &len);
    if (!s || len == 0)
        return;
    const char *a = vattr(ctx);
    if (len < 4 || memcmp(s, "arn:", 4) != 0) {
        verror(ctx, "\"%s\" (%.*s) is an invalid ARN: arn: invalid prefix", a, (int)len, s);
        return;
    }
    /* arn:partition:service:region:account:resource; the resource part may
     * itself contain colons. */
    const char *sect[6];
    size_t slen[6];
    size_t n = 0;
    const char *p = s, *end = s + len;
    while (n < 5) {
        const char *c = memchr(p, ':', (size_t)(end - p));
        if (!c)
            break;
        sect[n] = p;
        slen[n] = (size_t)(c - p);
        n++;
        p = c + 1;
    }
    if (n < 5) {
        verror(ctx, "\"%s\" (%.*s) is an invalid ARN: arn: not enough sections", a, (int)len, s);
        return;
    }
    sect[5] = p;
    slen[5] = (size_t)(end - p);

    char *part = tf_arena_strndup(ctx->arena, sect[1], slen[1]);
    char *region = tf_arena_strndup(ctx->arena, sect[3], slen[3]);
    char *account = tf_arena_strndup(ctx->arena, sect[4], slen[4]);
    static const char part_re[] = "^aws(-[a-z]+)*$";
    static const char region_re[] = "^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$";
    static const char account_re[] =
        "^(aws|aws-managed|third-party|aws-marketplace|[0-9]{12}|cw.{10})$";
    if (!part[0])
        verror(ctx, "\"%s\" (%.*s) is an invalid ARN: missing partition value", a, (int)len, s);
    else if (regex_matches(part_re, part, strlen(part)) != 1)
        verror(ctx, "\"%s\" (%.*s) is an invalid ARN: invalid partition value (expecting to "
               "match regular expression: %s)", a, (int)len, s, part_re);
    if (region[0] && regex_matches(region_re, region, strlen(region)) != 1)
        verror(ctx, "\"%s\" (%.*s) is an invalid ARN: invalid region value (expecting to "
               "match regular expression: %s)", a, (int)len, s, region_re);
    if (account[0] && regex_matches(account_re, account, strlen(account)) != 1)
        verror(ctx, "\"%s\" (%.*s) is an invalid ARN: invalid account ID value (expecting to "
               "match regular expression: %s)", a, (int)len, s, account_re);
    if (slen[5] == 0)
        verror(ctx, "\"%s\" (%.*s) is an invalid ARN: missing resource value", a, (int)len, s);
}

/* ---- values SDKv2 carries as strings ---- */

void tf_validate_nullable_int(const tf_validator *self, tf_vctx *ctx, const tf_value *v)
{
    if (validate_each(self, ctx, v))
        return;
    size_t len;
    const char *s = vstring(ctx, v, &len);
    if (!s || len == 0)
        return;
    /* strconv.ParseInt syntax: optional sign, decimal digits. */
    size_t i = (s[0] == '+' || s[0] == '-') ? 1 : 0;
    bool ok = i < len && len - i <= 18;
    for (size_t j = i; ok && j < len; j++)
        ok = s[j] >= '0' && s[j] <= '9';
    if (!ok) {
        verror(ctx, "%s: cannot parse '%.*s' as int: expected a whole number or an empty string",
               vattr(ctx), (int)len, s);
        return;
    }
    int64_t n = 0;
    for (size_t j = i; j < len; j++)
        n = n * 10 + (s[j] - '0');
    if (s[0] == '-')
        n = -n;
    if (self->hi == INT64_MAX) {
        if (n < self->lo)
            verror(ctx, "expected %s to be at least (%lld), got %lld", vattr(ctx),
                   (long long)self->lo, (long long)n);
    } else if (n < self->lo || n > self->hi) {
        verror(ctx, "expected %s to be in the range (%lld - %lld), got %lld", vattr(ctx),
               (long long)self->lo, (long long)self->hi, (long long)n);
    }
}

void tf_validate_nullable_bool(const tf_validator *self, tf_vctx *ctx, const tf_value *v)
{
    if (validate_each(self, ctx, v))
        return;
    size_t len;
    const char *s = vstring(ctx, v, &len);
    if (!s || len == 0)
        return;
    /* The literals Go's strconv.ParseBool accepts. */
    static const char *const literals[] = {"1", "t", "T", "TRUE", "true", "True",
                                           "0", "f", "F", "FALSE", "false", "False", NULL};
    for (size_t i = 0; literals[i]; i++) {
        if (strlen(literals[i]) == len && memcmp(literals[i], s, len) == 0)
            return;
    }
    verror(ctx, "%s: cannot parse '%.*s' as boolean: expected \"true\", \"false\" or an empty string",
           vattr(ctx), (int)len, s);
}

/* ---- addresses and encodings ---- */

void tf_validate_ip_address(const tf_validator *self, tf_vctx *ctx, const tf_value *v)
{
    if (validate_each(self, ctx, v))
        return;
    size_t len;
    const char *s = vstring(ctx, v, &len);
    if (!s)
        return;
    char buf[INET6_ADDRSTRLEN + 1];
    unsigned char addr[16];
    bool v4 = false, v6 = false;
    if (len < sizeof buf && !memchr(s, 0, len)) {
        memcpy(buf, s, len);
        buf[len] = 0;
        v4 = inet_pton(AF_INET, buf, addr) == 1;
        v6 = !v4 && inet_pton(AF_INET6, buf, addr) == 1;
    }
    /* Like Go's IsIPv6Address (ip.To16() != nil), an IPv4 address is also
     * accepted where IPv6 is asked for. */
    bool ok = self->lo == 4 ? v4 : (v4 || v6);
    if (!ok)
        verror(ctx, "expected %s to contain a valid IPv%d address, got: %.*s", vattr(ctx),
               (int)self->lo, (int)len, s);
}

void tf_validate_float_above(const tf_validator *self, tf_vctx *ctx, const tf_value *v)
{
    if (validate_each(self, ctx, v))
        return;
    if (v->type->kind != TF_NUMBER) {
        verror(ctx, "expected type of %s to be float", vattr(ctx));
        return;
    }
    double d;
    if (!tf_number_to_double(v, &d)) {
        verror(ctx, "expected %s to be a number, got %s", vattr(ctx), v->u.num);
        return;
    }
    if (d <= (double)self->lo)
        verror(ctx, "expected %s to be greater than (%g), got %s", vattr(ctx),
               (double)self->lo, v->u.num);
}

static int base64_value(char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

void tf_validate_base64(const tf_validator *self, tf_vctx *ctx, const tf_value *v)
{
    if (validate_each(self, ctx, v))
        return;
    size_t len;
    const char *s = vstring(ctx, v, &len);
    if (!s)
        return;
    /* Go's StdEncoding: padded, standard alphabet; line breaks are skipped. */
    size_t n = 0, pad = 0;
    bool ok = true;
    for (size_t i = 0; i < len && ok; i++) {
        char c = s[i];
        if (c == '\r' || c == '\n')
            continue;
        if (c == '=') {
            pad++;
        } else {
            ok = pad == 0 && base64_value(c) >= 0;
        }
        n++;
    }
    ok = ok && n % 4 == 0 && pad <= 2;
    if (!ok)
        verror(ctx, "\"%s\" (%.*s) must be base64-encoded", vattr(ctx), (int)len, s);
}

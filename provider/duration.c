/* duration.c - parsing Go duration strings (see duration.h).
 *
 * Follows Go's time.ParseDuration closely, including its overflow rules and
 * its error messages, because users see those messages in diagnostics. */
#include "duration.h"

#include <stdio.h>
#include <string.h>

#define DURATION_MAX ((uint64_t)1 << 63)

typedef struct {
    const char *name;
    uint64_t ns;
} duration_unit;

static const duration_unit duration_units[] = {
    {"ns", 1},
    {"us", 1000},
    {"\xc2\xb5s", 1000}, /* U+00B5 micro sign */
    {"\xce\xbcs", 1000}, /* U+03BC Greek mu */
    {"ms", 1000000},
    {"s", 1000000000},
    {"m", 60ull * 1000000000},
    {"h", 3600ull * 1000000000},
};

static bool duration_fail(char *err, size_t errlen, const char *what,
                          const char *s, size_t len)
{
    if (err && errlen)
        snprintf(err, errlen, "time: %s duration \"%.*s\"", what, (int)len, s);
    return false;
}

static bool duration_is_digit(char c) { return c >= '0' && c <= '9'; }

/* Consumes leading digits into *v; false on overflow. */
static bool duration_leading_int(const char **p, const char *end, uint64_t *v)
{
    uint64_t x = 0;
    while (*p < end && duration_is_digit(**p)) {
        if (x > (DURATION_MAX - 1) / 10)
            return false;
        x = x * 10 + (uint64_t)(**p - '0');
        if (x > DURATION_MAX)
            return false;
        (*p)++;
    }
    *v = x;
    return true;
}

/* Consumes fraction digits; digits beyond what fits are dropped, like Go. */
static void duration_leading_fraction(const char **p, const char *end,
                                      uint64_t *f, double *scale)
{
    uint64_t x = 0;
    double sc = 1;
    bool overflow = false;
    while (*p < end && duration_is_digit(**p)) {
        if (!overflow) {
            if (x > (DURATION_MAX - 1) / 10) {
                overflow = true;
            } else {
                uint64_t y = x * 10 + (uint64_t)(**p - '0');
                if (y > DURATION_MAX) {
                    overflow = true;
                } else {
                    x = y;
                    sc *= 10;
                }
            }
        }
        (*p)++;
    }
    *f = x;
    *scale = sc;
}

bool tf_duration_parse(const char *s, size_t len, int64_t *out_ns,
                       char *err, size_t errlen)
{
    const char *p = s, *end = s + len;
    bool neg = false;
    uint64_t d = 0;

    if (p < end && (*p == '-' || *p == '+')) {
        neg = *p == '-';
        p++;
    }
    if (end - p == 1 && *p == '0') {
        *out_ns = 0;
        return true;
    }
    if (p == end)
        return duration_fail(err, errlen, "invalid", s, len);

    while (p < end) {
        uint64_t v = 0, f = 0;
        double scale = 1;
        if (!(*p == '.' || duration_is_digit(*p)))
            return duration_fail(err, errlen, "invalid", s, len);
        const char *start = p;
        if (!duration_leading_int(&p, end, &v))
            return duration_fail(err, errlen, "invalid", s, len);
        bool pre = p != start, post = false;
        if (p < end && *p == '.') {
            p++;
            const char *fs = p;
            duration_leading_fraction(&p, end, &f, &scale);
            post = p != fs;
        }
        if (!pre && !post)
            return duration_fail(err, errlen, "invalid", s, len);

        const char *us = p;
        while (p < end && *p != '.' && !duration_is_digit(*p))
            p++;
        size_t ulen = (size_t)(p - us);
        if (ulen == 0)
            return duration_fail(err, errlen, "missing unit in", s, len);
        const duration_unit *unit = NULL;
        for (size_t i = 0; i < sizeof duration_units / sizeof duration_units[0]; i++) {
            if (strlen(duration_units[i].name) == ulen &&
                memcmp(duration_units[i].name, us, ulen) == 0)
                unit = &duration_units[i];
        }
        if (!unit) {
            if (err && errlen)
                snprintf(err, errlen, "time: unknown unit \"%.*s\" in duration \"%.*s\"",
                         (int)ulen, us, (int)len, s);
            return false;
        }
        if (v > DURATION_MAX / unit->ns)
            return duration_fail(err, errlen, "invalid", s, len);
        v *= unit->ns;
        if (f > 0) {
            v += (uint64_t)((double)f * ((double)unit->ns / scale));
            if (v > DURATION_MAX)
                return duration_fail(err, errlen, "invalid", s, len);
        }
        if (v > DURATION_MAX - d)
            return duration_fail(err, errlen, "invalid", s, len);
        d += v;
    }
    if (neg) {
        *out_ns = d == DURATION_MAX ? INT64_MIN : -(int64_t)d;
        return true;
    }
    if (d > DURATION_MAX - 1)
        return duration_fail(err, errlen, "invalid", s, len);
    *out_ns = (int64_t)d;
    return true;
}

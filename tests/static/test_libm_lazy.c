/* test_libm_lazy.c - the static build's libm functions (cmake/libm_lazy.c).
 *
 * Built and run only with TFP_STATIC.  The arguments the executable answers
 * itself (log2 of a power of two, pow(2, integer)) must not load libm.so.6;
 * every result, those and the ones libm computes, must be bit for bit what
 * libm.so.6 itself returns. */
#include <dlfcn.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include "check.h"

static int libm_loaded(void)
{
    void *h = dlopen("libm.so.6", RTLD_NOW | RTLD_NOLOAD);
    if (h)
        dlclose(h);
    return h != NULL;
}

static int same(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

/* Through volatile pointers, so the compiler cannot fold the calls. */
static double (*volatile my_pow)(double, double) = pow;
static double (*volatile my_log2)(double) = log2;
static double (*volatile my_sqrt)(double) = sqrt;
static double (*volatile my_nan)(const char *) = nan;
static float (*volatile my_nanf)(const char *) = nanf;

int main(void)
{
    /* The exact cases, answered without libm. */
    CHECK(!libm_loaded());
    CHECK(my_log2(65536.0) == 16.0);
    CHECK(my_log2(1.0) == 0.0 && !signbit(my_log2(1.0)));
    CHECK(my_log2(0.5) == -1.0);
    CHECK(my_log2(DBL_MIN) == -1022.0);
    CHECK(my_log2(DBL_TRUE_MIN) == -1074.0);
    CHECK(my_log2(0x1p1023) == 1023.0);
    CHECK(my_pow(2.0, 10.0) == 1024.0);
    CHECK(my_pow(2.0, -3.0) == 0.125);
    CHECK(my_pow(2.0, 0.0) == 1.0);
    CHECK(!libm_loaded());

    /* Anything else goes to libm, loaded now. */
    CHECK(my_log2(3.0) > 1.58 && my_log2(3.0) < 1.59);
    CHECK(libm_loaded());

    void *m = dlopen("libm.so.6", RTLD_NOW | RTLD_LOCAL);
    CHECK(m != NULL);
    if (!m) {
        check_report();
        return 1;
    }
    double (*lpow)(double, double), (*llog2)(double), (*lsqrt)(double), (*lnan)(const char *);
    float (*lnanf)(const char *);
    *(void **)&lpow = dlsym(m, "pow");
    *(void **)&llog2 = dlsym(m, "log2");
    *(void **)&lsqrt = dlsym(m, "sqrt");
    *(void **)&lnan = dlsym(m, "nan");
    *(void **)&lnanf = dlsym(m, "nanf");
    CHECK(lpow && llog2 && lsqrt && lnan && lnanf);
    CHECK(lpow != my_pow && llog2 != my_log2); /* libm's own, not ours */

    const double xs[] = {0.0, -0.0, 1.0, 2.0, 3.0, 0.1, 65536.0, 65537.0, 1e-310, DBL_MIN,
                         DBL_MAX, 0x1p-1074, -1.0, -2.0, INFINITY, -INFINITY, NAN, 1.5,
                         123456.789, 0x1p52 + 1.0};
    const double ys[] = {0.0, 1.0, -1.0, 0.5, 2.0, 10.0, -3.0, 1023.0, 1024.0, -1022.0,
                         -1075.0, 0.3, 1e10, -1e10, INFINITY, -INFINITY, NAN, 2.5};
    size_t nx = sizeof xs / sizeof xs[0], ny = sizeof ys / sizeof ys[0];
    int mismatches = 0;
    for (size_t i = 0; i < nx; i++) {
        if (!same(my_log2(xs[i]), llog2(xs[i])) || !same(my_sqrt(xs[i]), lsqrt(xs[i]))) {
            printf("log2/sqrt(%a) differ from libm's\n", xs[i]);
            mismatches++;
        }
        for (size_t j = 0; j < ny; j++)
            if (!same(my_pow(xs[i], ys[j]), lpow(xs[i], ys[j]))) {
                printf("pow(%a, %a) = %a, libm's %a\n", xs[i], ys[j], my_pow(xs[i], ys[j]),
                       lpow(xs[i], ys[j]));
                mismatches++;
            }
    }
    for (int k = -1074; k <= 1023; k++) {
        double x = ldexp(1.0, k);
        if (!same(my_log2(x), llog2(x)) || !same(my_pow(2.0, k), lpow(2.0, k))) {
            printf("log2/pow at 2^%d differ from libm's\n", k);
            mismatches++;
        }
    }
    CHECK(mismatches == 0);
    CHECK(same(my_nan("0x1234"), lnan("0x1234")) && isnan(my_nan("")));
    float a = my_nanf("7"), b = lnanf("7");
    CHECK(memcmp(&a, &b, sizeof a) == 0);
    dlclose(m);

    return check_report();
}

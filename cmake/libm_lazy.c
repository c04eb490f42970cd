/* The release binary's only uses of the C library's libm, loaded when first
 * called instead of at every start.
 *
 * Five functions of libm are referenced by the static archives the release
 * binary links: pow and log2 (gRPC's HTTP/2 flow control, when it resizes
 * its window from bandwidth-delay probes; abseil's sampling), sqrt (gRPC's
 * outlier detection), nan and nanf (abseil's number parsing).  Linked as
 * usual, libm.so.6 is mapped, relocated and its IFUNC resolvers run in every
 * process before main, about 0.5 MiB resident (README, Benchmark), although
 * a provider process normally needs none of them.  Defined here, the
 * executable no longer needs libm (--as-needed drops it); the first call
 * that needs libm dlopens libm.so.6 and goes to libm's own function, so
 * results and errno are exactly libm's.
 *
 * One call happens in every process: each HTTP/2 connection's flow control
 * starts from log2 of its initial bandwidth-delay estimate, 65536.  log2 of
 * a power of two and pow(2, n) for an integer n are exact (the result is
 * representable, so libm returns exactly it); those are computed here
 * with frexp and ldexp (libc), and every other argument goes to libm.
 * (gRPC's later estimates, with pow and log2 of arbitrary values, are off:
 * the server disables bandwidth-delay probing, provider/server.c.)
 *
 * Linked only into the static release build (cmake/static.cmake). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dlfcn.h>
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef TFP_LIBM_SONAME
#define TFP_LIBM_SONAME "libm.so.6"
#endif


static struct {
    double (*pow)(double, double);
    double (*log2)(double);
    double (*sqrt)(double);
    double (*nan)(const char *);
    float (*nanf)(const char *);
} libm;

static pthread_once_t libm_once = PTHREAD_ONCE_INIT;

static void *need(void *handle, const char *name)
{
    void *fn = dlsym(handle, name);
    if (!fn) {
        fprintf(stderr, "terraform-provider-aws: %s has no %s: %s\n", TFP_LIBM_SONAME, name,
                dlerror());
        abort();
    }
    return fn;
}

static void load_libm(void)
{
    void *h = dlopen(TFP_LIBM_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        fprintf(stderr, "terraform-provider-aws: cannot load %s: %s\n", TFP_LIBM_SONAME,
                dlerror());
        abort();
    }
    /* Object pointers to function pointers: POSIX guarantees dlsym's
     * result converts. */
    *(void **)&libm.pow = need(h, "pow");
    *(void **)&libm.log2 = need(h, "log2");
    *(void **)&libm.sqrt = need(h, "sqrt");
    *(void **)&libm.nan = need(h, "nan");
    *(void **)&libm.nanf = need(h, "nanf");
}

static void libm_ready(void)
{
    pthread_once(&libm_once, load_libm);
}

double pow(double x, double y)
{
    /* 2^n for an integer n in the range of normal doubles: exact. */
    if (x == 2.0 && y >= -1022.0 && y <= 1023.0 && y == (double)(int)y)
        return ldexp(1.0, (int)y);
    libm_ready();
    return libm.pow(x, y);
}

double log2(double x)
{
    /* A positive power of two (normal or subnormal): its exponent, exact. */
    if (x > 0.0 && x <= DBL_MAX) {
        int e;
        if (frexp(x, &e) == 0.5)
            return (double)(e - 1);
    }
    libm_ready();
    return libm.log2(x);
}

double sqrt(double x)
{
    libm_ready();
    return libm.sqrt(x);
}

double nan(const char *tag)
{
    libm_ready();
    return libm.nan(tag);
}

float nanf(const char *tag)
{
    libm_ready();
    return libm.nanf(tag);
}

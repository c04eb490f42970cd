/* test_glibc_compat.c - the static build's own definitions of
 * arc4random, arc4random_buf and _dl_find_object (cmake/glibc_compat.c).
 *
 * Built and run only with TFP_STATIC.  _dl_find_object is what libgcc's
 * unwinder asks for the unwind table of a code address, so a backtrace
 * through several frames proves it answers correctly. */
#include <dlfcn.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unwind.h>
#include "check.h"

static _Unwind_Reason_Code count_frame(struct _Unwind_Context *ctx, void *ud)
{
    (void)ctx;
    ++*(int *)ud;
    return _URC_NO_REASON;
}

/* Frames from here down through main and libc's start-up code. */
__attribute__((noinline)) static int backtrace_depth(int extra)
{
    if (extra > 0) {
        int d = backtrace_depth(extra - 1);
        __asm__ volatile("" ::: "memory"); /* no tail call */
        return d;
    }
    int n = 0;
    _Unwind_Backtrace(count_frame, &n);
    return n;
}

static void test_unwind(void)
{
    int shallow = backtrace_depth(0);
    int deep = backtrace_depth(5);
    /* Without a working _dl_find_object the walk stops at the first frame. */
    CHECK(shallow >= 3);
    CHECK(deep == shallow + 5);
}

static void test_find_object(void)
{
    struct dl_find_object o;
    void *pc = (void *)(uintptr_t)&test_find_object;
    CHECK(_dl_find_object(pc, &o) == 0);
    CHECK((char *)o.dlfo_map_start <= (char *)pc && (char *)pc < (char *)o.dlfo_map_end);
    /* The table is .eh_frame_hdr, whose first byte is its version, 1. */
    CHECK(o.dlfo_eh_frame != NULL && *(const unsigned char *)o.dlfo_eh_frame == 1);
    CHECK(o.dlfo_link_map != NULL);

    /* An address in the C library is in another object. */
    struct dl_find_object l;
    void *in_libc = dlsym(RTLD_DEFAULT, "strlen");
    CHECK(in_libc != NULL);
    if (in_libc) {
        CHECK(_dl_find_object(in_libc, &l) == 0);
        CHECK(l.dlfo_map_start != o.dlfo_map_start);
        CHECK((char *)l.dlfo_map_start <= (char *)in_libc &&
              (char *)in_libc < (char *)l.dlfo_map_end);
    }
    /* Nothing is mapped at the first page. */
    CHECK(_dl_find_object((void *)16, &l) == -1);
}

static void test_random(void)
{
    unsigned char a[64], b[64], zero[64] = {0};
    memset(a, 0, sizeof a);
    memset(b, 0, sizeof b);
    arc4random_buf(a, sizeof a);
    arc4random_buf(b, sizeof b);
    CHECK(memcmp(a, zero, sizeof a) != 0);
    CHECK(memcmp(a, b, sizeof a) != 0);
    arc4random_buf(a, 0); /* nothing to do, nothing to fail */
    uint32_t x = arc4random(), y = arc4random(), z = arc4random();
    CHECK(!(x == y && y == z));
}

int main(void)
{
    test_unwind();
    test_find_object();
    test_random();
    return check_report();
}

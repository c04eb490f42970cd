/* test_fault_around.c - the static build's fault-around switch
 * (cmake/fault_around.c).
 *
 * Built and run only with TFP_STATIC, linked with fault_around.c as the
 * provider is.  This executable has 2 MiB of code of its own (single `ret`
 * instructions); calling 16 of them 128 KiB apart must map about 16 pages,
 * not 16 windows of 64 KiB, when the kernel supports asynchronous
 * write-protect userfaultfd (Linux 6.7); on a kernel without it the switch
 * must leave nothing behind (no userfaultfd descriptor).  After
 * tfp_fault_around_drop() (what the server calls once start-up is over) those
 * pages are no longer mapped, come back when called, and a pointer the loader
 * relocated is intact.  Run again with TFP_FAULT_AROUND=1 (argument
 * "child-off"), it must not register. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#ifndef UFFD_USER_MODE_ONLY
#define UFFD_USER_MODE_ONLY 1
#endif
#ifndef UFFD_FEATURE_WP_ASYNC
#define UFFD_FEATURE_WP_ASYNC (1 << 15)
#endif

#define CODE_SIZE (2 << 20)
#define STRIDE (128 << 10)

/* 2 MiB of return instructions. */
#if defined(__x86_64__)
#define TFP_BIG_CODE_FILL ".fill 2097152,1,0xc3\n" /* ret */
#elif defined(__aarch64__)
#define TFP_BIG_CODE_FILL ".fill 524288,4,0xd65f03c0\n" /* ret */
#endif
#ifdef TFP_BIG_CODE_FILL
__asm__(".section .text.tfp_big_code,\"ax\",%progbits\n"
        ".globl tfp_big_code\n"
        ".p2align 16\n"
        "tfp_big_code: " TFP_BIG_CODE_FILL
        ".previous\n");
#else
char tfp_big_code[1]; /* not called: the test skips on other machines */
#endif
extern char tfp_big_code[];

/* A pointer the loader writes at start (a relocation against libc's
 * strlen), in a page that becomes read-only (RELRO): dropping that page
 * would bring back the file's unrelocated bytes. */
static size_t (*const relocated_strlen)(const char *) = strlen;

void tfp_fault_around_drop(void);

/* Whether the page at addr is mapped (/proc/self/pagemap's present bit). */
static int mapped(const void *addr)
{
    int fd = open("/proc/self/pagemap", O_RDONLY);
    uint64_t entry = 0;
    ssize_t n = fd >= 0 ? pread(fd, &entry, sizeof entry, (off_t)((uintptr_t)addr / 4096 * 8)) : -1;
    if (fd >= 0)
        close(fd);
    return n == (ssize_t)sizeof entry && (entry >> 63 & 1);
}

static long rss_file_kib(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long v = -1;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "RssFile:", 8) == 0)
            v = atol(line + 8);
    if (f)
        fclose(f);
    return v;
}

/* Whether one of this process's descriptors is a userfaultfd. */
static int has_userfaultfd(void)
{
    DIR *d = opendir("/proc/self/fd");
    struct dirent *e;
    int found = 0;
    while (d && (e = readdir(d)) != NULL) {
        char path[300], target[256];
        snprintf(path, sizeof path, "/proc/self/fd/%s", e->d_name);
        ssize_t n = readlink(path, target, sizeof target - 1);
        if (n > 0) {
            target[n] = 0;
            if (strstr(target, "userfaultfd"))
                found = 1;
        }
    }
    if (d)
        closedir(d);
    return found;
}

/* What the kernel offers, asked the same way as fault_around.c asks. */
static int kernel_supports(void)
{
    int fd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | UFFD_USER_MODE_ONLY);
    if (fd < 0)
        return 0;
    struct uffdio_api api = { .api = UFFD_API, .features = UFFD_FEATURE_WP_ASYNC };
    int ok = ioctl(fd, UFFDIO_API, &api) == 0 && (api.features & UFFD_FEATURE_WP_ASYNC);
    close(fd);
    return ok;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "child-off") == 0)
        return has_userfaultfd() ? 3 : 0;

#ifndef TFP_BIG_CODE_FILL
    puts("fault_around: no test code for this machine; skipped");
    return 0;
#endif
    int supported = kernel_supports();
    CHECK(has_userfaultfd() == supported);

    /* Bring the code into the page cache first (it normally is: the file
     * was just written), so that fault-around would have pages to map. */
    FILE *self = fopen("/proc/self/exe", "rb");
    char buf[65536];
    while (self && fread(buf, 1, sizeof buf, self) > 0)
        ;
    if (self)
        fclose(self);

    long before = rss_file_kib();
    for (size_t off = 0; off < CODE_SIZE; off += STRIDE)
        ((void (*)(void))(tfp_big_code + off))();
    long grew = rss_file_kib() - before;
    size_t touched = CODE_SIZE / STRIDE;
    printf("fault_around: userfaultfd %s; %zu calls 128 KiB apart mapped %ld KiB\n",
           supported ? "supported" : "not supported (nothing to check)", touched, grew);
    if (supported)
        CHECK(grew <= (long)(touched * 4 * 2));

    /* After start-up the server unmaps the file pages read so far; they
     * come back when used again.  The relocated pointer is kept. */
    tfp_fault_around_drop();
    if (supported) {
        int still = 0;
        for (size_t off = 0; off < CODE_SIZE; off += STRIDE)
            still += mapped(tfp_big_code + off);
        CHECK(still == 0);
    }
    for (size_t off = 0; off < CODE_SIZE; off += STRIDE)
        ((void (*)(void))(tfp_big_code + off))();
    if (supported)
        CHECK(mapped(tfp_big_code + STRIDE));
    CHECK(relocated_strlen == strlen && relocated_strlen("four") == 4);

    /* TFP_FAULT_AROUND=1 leaves the kernel's behaviour alone (checked
     * where there is something to leave alone; not under an emulator such
     * as qemu-user, which has no userfaultfd and runs the arm64 build). */
    if (supported) {
        pid_t pid = fork();
        if (pid == 0) {
            setenv("TFP_FAULT_AROUND", "1", 1);
            execl("/proc/self/exe", argv[0], "child-off", (char *)NULL);
            _exit(127);
        }
        int status = 0;
        CHECK(pid > 0 && waitpid(pid, &status, 0) == pid);
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }

    return check_report();
}

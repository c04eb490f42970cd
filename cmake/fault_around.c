/* The release binary maps only the pages of its code it touches.
 *
 * When a process first reads a page of a file it has mapped (code, read-only
 * data), Linux maps not that page alone but every page of the file already
 * in the page cache within the aligned 64 KiB window around it ("fault
 * around", /sys/kernel/debug/fault_around_bytes); madvise(MADV_RANDOM) does
 * not change that.  A provider process touches a few pages here and there of
 * gRPC, OpenSSL, abseil and the C library, so most of its resident memory
 * was neighbours of those pages that it never used (README, Benchmark).
 *
 * The kernel skips fault-around on a mapping registered with userfaultfd for
 * write-protect tracking (uffd_disable_fault_around() in mm/memory.c).  With
 * UFFD_FEATURE_WP_ASYNC (Linux 6.7) write-protect faults are resolved by the
 * kernel itself, without a handler thread, and such a registration is
 * allowed on any mapping, file pages included; nothing is ever
 * write-protected here (no UFFDIO_WRITEPROTECT), so the registration changes
 * nothing but that: each page is mapped when it is read (and
 * MADV_NOHUGEPAGE keeps a 2 MiB folio of the page cache from being mapped
 * whole).  The mappings registered are the read-only and executable file
 * mappings present at start (the executable, libc.so.6, the loader), before
 * any other initialiser of the executable runs (.preinit_array), except the
 * start-up's dense windows of the executable (tfp_hot below); their pages
 * mapped unmodified from the file by then (the windows the loader's work
 * brought in) are unmapped.  The server does the same again, the dense
 * windows included, once start-up is over and once the first connection is
 * set up (tfp_fault_around_drop(), provider/server.c), so that pages only
 * those phases read stop counting;
 * what is read later comes back page by page.  These are page-cache pages
 * shared by every process mapping the file: what this saves is the
 * process's resident set.  The file descriptor stays open (closing it would
 * undo the registration) and is close-on-exec.  UFFD_USER_MODE_ONLY needs
 * no privilege (vm.unprivileged_userfaultfd = 0, the default, allows it).
 *
 * Best effort: on an older kernel, without CONFIG_USERFAULTFD, or where a
 * seccomp filter refuses the call, the process runs as before (with fault
 * around).  TFP_FAULT_AROUND=1 in the environment leaves fault-around on and
 * unmaps nothing (for measuring).  Linked only into the static release build
 * (cmake/static.cmake).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <linux/userfaultfd.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Debian 12's kernel headers (6.1) predate these. */
#ifndef UFFD_USER_MODE_ONLY
#define UFFD_USER_MODE_ONLY 1
#endif
#ifndef UFFD_FEATURE_WP_ASYNC
#define UFFD_FEATURE_WP_ASYNC (1 << 15)
#endif

/* A hexadecimal number at *p, advancing *p past it. */
static uint64_t hex(const char **p, const char *end)
{
    uint64_t v = 0;
    for (; *p < end; (*p)++) {
        char c = **p;
        if (c >= '0' && c <= '9')
            v = v * 16 + (uint64_t)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v = v * 16 + (uint64_t)(c - 'a' + 10);
        else
            break;
    }
    return v;
}

/* Calls visit(ctx, addr, entry) for each page of [start, stop) with its
 * /proc/self/pagemap entry (bit 63: present; bit 61: a file page mapped
 * unmodified), until visit returns nonzero. */
typedef int (*page_visit)(void *ctx, uint64_t addr, uint64_t entry);

static void scan_pages(int pagemap, uint64_t start, uint64_t stop, page_visit visit, void *ctx)
{
    const uint64_t page = 4096;
    uint64_t entries[512];
    for (uint64_t addr = start; addr < stop;) {
        size_t n = (size_t)((stop - addr) / page);
        if (n > sizeof entries / sizeof entries[0])
            n = sizeof entries / sizeof entries[0];
        ssize_t got = pread(pagemap, entries, n * sizeof entries[0], (off_t)(addr / page * 8));
        if (got <= 0)
            return;
        n = (size_t)got / sizeof entries[0];
        for (size_t i = 0; i < n; i++, addr += page)
            if (visit(ctx, addr, entries[i]))
                return;
    }
}

/* The start of the current run of unmodified file pages, or 0. */
static int drop_visit(void *ctx, uint64_t addr, uint64_t entry)
{
    uint64_t *run = ctx;
    int file_page = (entry >> 63 & 1) && (entry >> 61 & 1);
    if (file_page && !*run)
        *run = addr;
    else if (!file_page && *run) {
        madvise((void *)(uintptr_t)*run, (size_t)(addr - *run), MADV_DONTNEED);
        *run = 0;
    }
    return 0;
}

/* Unmaps the pages of [start, stop) that are mapped from the file
 * unmodified (/proc/self/pagemap: present, file page), so that only those
 * read from now on come back, one at a time.  Pages written since (a
 * relocated RELRO page is a private anonymous copy) are kept: dropping one
 * would bring back the file's unrelocated bytes. */
static void drop_file_pages(int pagemap, uint64_t start, uint64_t stop)
{
    uint64_t run = 0;
    scan_pages(pagemap, start, stop, drop_visit, &run);
    if (run)
        madvise((void *)(uintptr_t)run, (size_t)(stop - run), MADV_DONTNEED);
}

/* The start-up's dense windows (scripts/hot-windows.py writes them into
 * the linked executable): 64 KiB-aligned ranges of the executable where
 * start-up reads most pages anyway.  They are left out of the registration
 * made at start, so fault-around maps each of them in a few faults instead
 * of one fault per page (about a microsecond each: a thousand faults were a
 * quarter of the time to the handshake line), at the cost of the few pages
 * in them that start-up does not read; the first tfp_fault_around_drop()
 * registers them too.  Empty (n = 0) in a build the script did not run on
 * (a cross build): then every page is mapped on its own from the start. */
#define TFP_HOT_MAX 64
struct tfp_hot_table {
    char magic[16];
    uint64_t n;
    uint64_t range[TFP_HOT_MAX][2];
};
__attribute__((used)) static const volatile struct tfp_hot_table tfp_hot = {
    "TFP-HOT-WINDOWS", 0, {{0, 0}}};

/* Record mode (TFP_FAULT_AROUND=record:<file>, for scripts/hot-windows.py):
 * every page mapped on its own from the start, and at the first
 * tfp_fault_around_drop() the executable's pages read so far are written
 * to <file>, one hexadecimal address per line. */
static const char *tfp_record_path;
static char tfp_exe[4096];

static void register_range(int uffd, uint64_t start, uint64_t stop, int *failed)
{
    if (stop <= start || *failed)
        return;
    struct uffdio_register reg = {
        .range = { .start = start, .len = stop - start },
        .mode = UFFDIO_REGISTER_MODE_WP,
    };
    if (ioctl(uffd, UFFDIO_REGISTER, &reg) != 0)
        *failed = 1;
}

/* Writes the address of a present page to the file descriptor *ctx, one
 * hexadecimal number a line; stops at a failed write. */
static int record_visit(void *ctx, uint64_t addr, uint64_t entry)
{
    if (!(entry >> 63 & 1))
        return 0;
    char line[32];
    int len = 0;
    for (int shift = 60; shift >= 0; shift -= 4) {
        unsigned d = (unsigned)(addr >> shift & 0xf);
        if (d || len || shift == 0)
            line[len++] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
    }
    line[len++] = '\n';
    return write(*(int *)ctx, line, (size_t)len) != len;
}

/* One line of /proc/self/maps ("start-end perms offset dev inode path"):
 * registers it when it maps a file and is not writable (leaving the hot
 * windows out when with_hot), then unmaps its pages that are mapped
 * unmodified from the file (pagemap < 0: kept).  Returns 1 when it
 * registered the mapping, 0 when it left it alone, -1 when registration
 * was refused (then nothing more is tried). */
static int consider(int uffd, int pagemap, int record_fd, int with_hot, const char *p,
                    const char *end)
{
    uint64_t start = hex(&p, end);
    if (p >= end || *p != '-')
        return 0;
    p++;
    uint64_t stop = hex(&p, end);
    if (end - p < 5 || p[0] != ' ')
        return 0;
    int writable = p[2] == 'w';
    p += 5;
    /* offset, device, inode */
    for (int field = 0; field < 3; field++) {
        while (p < end && *p == ' ')
            p++;
        const char *f = p;
        while (p < end && *p != ' ')
            p++;
        if (field == 2 && p - f == 1 && *f == '0')
            return 0; /* anonymous, [stack], [vdso], ... */
    }
    if (writable || stop <= start)
        return 0;
    while (p < end && *p == ' ')
        p++;
    int is_exe = tfp_exe[0] && (size_t)(end - p) == strlen(tfp_exe) &&
                 memcmp(p, tfp_exe, (size_t)(end - p)) == 0;
    if (record_fd >= 0 && is_exe && pagemap >= 0)
        scan_pages(pagemap, start, stop, record_visit, &record_fd);
    /* A page-cache folio of 2 MiB would still be mapped whole, by one PMD
     * (do_set_pmd), at the first fault in it; not on a VM_NOHUGEPAGE
     * mapping.  (Large folios are what the page cache of a file written in
     * large chunks, such as an unzipped provider, may hold.) */
    madvise((void *)(uintptr_t)start, (size_t)(stop - start), MADV_NOHUGEPAGE);
    int failed = 0;
    uint64_t at = start;
    uint64_t n_hot = with_hot && is_exe ? tfp_hot.n : 0;
    if (n_hot > TFP_HOT_MAX)
        n_hot = 0;
    for (uint64_t i = 0; i < n_hot; i++) {
        uint64_t lo = tfp_hot.range[i][0], hi = tfp_hot.range[i][1];
        if (hi <= at || lo >= stop)
            continue; /* (the ranges are sorted) */
        register_range(uffd, at, lo > at ? lo : at, &failed);
        at = hi;
    }
    if (at < stop)
        register_range(uffd, at, stop, &failed);
    if (failed)
        return -1;
    if (pagemap >= 0)
        drop_file_pages(pagemap, start, stop);
    return 1;
}


/* The userfaultfd the mappings are registered with, or -1. */
static int tfp_uffd = -1;

/* Registers (again) every read-only file mapping of the process and unmaps
 * its unmodified file pages.  Returns whether any mapping is registered. */
static int walk_mappings(int uffd, int record_fd, int with_hot)
{
    int maps = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    if (maps < 0)
        return 0;
    int pagemap = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
    /* Whole lines are parsed; a line longer than the buffer (a path of
     * several KiB) is skipped. */
    char buf[8192];
    size_t have = 0;
    int registered = 0, failed = 0, skipping = 0;
    for (;;) {
        ssize_t n = read(maps, buf + have, sizeof buf - have);
        if (n <= 0)
            break;
        have += (size_t)n;
        char *line = buf, *nl;
        while ((nl = memchr(line, '\n', have - (size_t)(line - buf))) != NULL) {
            if (!skipping && !failed) {
                int r = consider(uffd, pagemap, record_fd, with_hot, line, nl);
                if (r < 0)
                    failed = 1;
                else if (r > 0)
                    registered = 1;
            }
            skipping = 0;
            line = nl + 1;
        }
        have -= (size_t)(line - buf);
        memmove(buf, line, have);
        if (have == sizeof buf) {
            have = 0;
            skipping = 1;
        }
    }
    close(maps);
    if (pagemap >= 0)
        close(pagemap);
    return registered;
}

/* glibc calls .preinit_array functions with main's arguments; the
 * environment is read from envp, as getenv() has none yet at this point. */
static void tfp_no_fault_around(int argc, char **argv, char **envp)
{
    (void)argc;
    (void)argv;
    for (char **e = envp; e && *e; e++) {
        if (strcmp(*e, "TFP_FAULT_AROUND=1") == 0)
            return;
        if (strncmp(*e, "TFP_FAULT_AROUND=record:", 24) == 0)
            tfp_record_path = *e + 24;
    }
    ssize_t n = readlink("/proc/self/exe", tfp_exe, sizeof tfp_exe - 1);
    tfp_exe[n > 0 ? n : 0] = '\0';
    int uffd = (int)syscall(SYS_userfaultfd, O_CLOEXEC | O_NONBLOCK | UFFD_USER_MODE_ONLY);
    if (uffd < 0)
        return;
    struct uffdio_api api = { .api = UFFD_API, .features = UFFD_FEATURE_WP_ASYNC };
    if (ioctl(uffd, UFFDIO_API, &api) != 0 || !(api.features & UFFD_FEATURE_WP_ASYNC) ||
        !walk_mappings(uffd, -1, tfp_record_path == NULL)) {
        /* Nothing registered: the descriptor is of no use. */
        close(uffd);
        return;
    }
    tfp_uffd = uffd;
}

/* Called by the server once start-up is over (provider/server.c, after the
 * handshake line) and once the first connection is set up: the pages of
 * code and read-only data that only start-up used (key and certificate
 * generation, gRPC's and OpenSSL's initialisation, the TLS handshake) are
 * unmapped and the hot windows registered, so that what serving the RPCs
 * reads comes back page by page.  Mappings made since the start (a library
 * loaded later) are registered too. */
void tfp_fault_around_drop(void)
{
    if (tfp_uffd < 0)
        return;
    /* Written to <file>.part, then renamed: whoever waits for <file> reads
     * it whole. */
    static char part[4200];
    int record_fd = -1;
    if (tfp_record_path && strlen(tfp_record_path) < sizeof part - 8) {
        strcpy(part, tfp_record_path);
        strcat(part, ".part");
        record_fd = open(part, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    }
    walk_mappings(tfp_uffd, record_fd, 0);
    if (record_fd >= 0) {
        close(record_fd);
        rename(part, tfp_record_path);
    }
    tfp_record_path = NULL;
}

/* Before the executable's constructors (gRPC's and abseil's static
 * initialisers among them). */
__attribute__((used, section(".preinit_array"))) static void (*const tfp_no_fault_around_init)(int, char **,
                                                                                          char **) =
    tfp_no_fault_around;

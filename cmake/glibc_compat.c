/* glibc_compat.c - keeps the static release binary within glibc 2.34.
 *
 * Linked only into TFP_STATIC executables (cmake/static.cmake).  Three
 * references in the static archives of Debian 12 (glibc 2.36) would raise
 * the binary's minimum glibc above 2.34: arc4random and arc4random_buf
 * (GLIBC_2.36; libstdc++'s std::random_device, expat's hash salt) and
 * _dl_find_object (GLIBC_2.35; libgcc's unwinder, used by C++ exceptions).
 * An executable that defines a symbol itself satisfies its own references
 * with it, so no versioned import is recorded.  Each definition here is a
 * complete implementation on interfaces glibc has had for long:
 * getrandom(2) (2.25) and dl_iterate_phdr/dladdr1 (2.3.3). */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

/* /dev/urandom, for kernels older than getrandom(2) (Linux 3.17). */
static void urandom_fill(unsigned char *p, size_t n)
{
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        abort();
    while (n > 0) {
        ssize_t r = read(fd, p, n);
        if (r <= 0) {
            if (r < 0 && errno == EINTR)
                continue;
            abort();
        }
        p += r;
        n -= (size_t)r;
    }
    close(fd);
}

/* Like glibc's: never fails, aborts when the system has no randomness. */
void arc4random_buf(void *buf, size_t n)
{
    unsigned char *p = buf;
    while (n > 0) {
        ssize_t r = getrandom(p, n, 0);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            if (errno == ENOSYS) {
                urandom_fill(p, n);
                return;
            }
            abort();
        }
        p += r;
        n -= (size_t)r;
    }
}

uint32_t arc4random(void)
{
    uint32_t v;
    arc4random_buf(&v, sizeof v);
    return v;
}

typedef struct {
    uintptr_t pc;
    struct dl_find_object *out;
    int found;
} find_object_ctx;

static int find_object_cb(struct dl_phdr_info *info, size_t size, void *ud)
{
    (void)size;
    find_object_ctx *f = ud;
    uintptr_t lo = UINTPTR_MAX, hi = 0;
    void *eh_frame = NULL;
    int hit = 0;
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        uintptr_t start = info->dlpi_addr + ph->p_vaddr;
        if (ph->p_type == PT_LOAD) {
            uintptr_t end = start + ph->p_memsz;
            lo = start < lo ? start : lo;
            hi = end > hi ? end : hi;
            hit |= f->pc >= start && f->pc < end;
        } else if (ph->p_type == DLFO_EH_SEGMENT_TYPE) {
            eh_frame = (void *)start;
        }
    }
    if (!hit)
        return 0;
    memset(f->out, 0, sizeof *f->out);
    f->out->dlfo_map_start = (void *)lo;
    f->out->dlfo_map_end = (void *)hi;
    f->out->dlfo_eh_frame = eh_frame;
    f->found = 1;
    return 1;
}

/* What glibc 2.35 added: the object containing pc, and its unwind table. */
int _dl_find_object(void *pc, struct dl_find_object *out)
{
    find_object_ctx f = {(uintptr_t)pc, out, 0};
    dl_iterate_phdr(find_object_cb, &f);
    if (!f.found)
        return -1;
    Dl_info info;
    struct link_map *map = NULL;
    if (dladdr1(pc, &info, (void **)&map, RTLD_DL_LINKMAP) != 0)
        out->dlfo_link_map = map;
    return 0;
}

/* create_journal.c - creates a killed provider process left unfinished.
 *
 * A provider killed (SIGKILL, OOM, a crash) after a create reached AWS but
 * before Terraform stored the answer leaves an object the state does not
 * know; the next apply creates it again.  So before a create's first attempt
 * goes out, create_once writes what a later process needs to find that
 * attempt's object into a small file, and removes the file once the create's
 * outcome is known:
 *
 *   <data dir>/aws-provider-creates/<key>.<n>
 *
 * where the data dir is Terraform's (TF_DATA_DIR, else .terraform in the
 * working directory Terraform starts the provider in; no journal when there
 * is none) and the key a digest of the region, endpoint, operation and
 * request (without its token): the same resource's create in the next apply
 * has the same key.  The file holds the create's token (TOKEN operations:
 * the next process sends the same one, and AWS answers with the first
 * object) or the snapshot the lookup took first (SNAPSHOT: the next process
 * looks for an object that was not in it); for LOOKUP operations its being
 * there is enough (the next process looks the object up before creating).
 *
 * The process that writes an entry holds an exclusive flock(2) on it until
 * the create ends; the kernel drops the lock of a dead process, which is how
 * a later process tells an abandoned entry (taken over, read) from one of a
 * create in flight (skipped: the next <n> is used, as for two creates of the
 * same settings at once).  An entry is emptied before it is removed, so a
 * process that opened it just then finds nothing to take over.
 *
 * A create that succeeded is not over for Terraform until the resource's
 * follow-up calls (tags, attributes, waiters) are done and the answer is on
 * its way: a process killed in between made an object no state holds.  So a
 * successful create's entry stays until the thread that runs the RPC ends
 * (the runtime runs each RPC in a thread of its own that ends once the
 * answer is handed to gRPC), and a later process finds such an object too.
 * What is left open: a process killed in the moment between handing the
 * answer over and its thread's end leaves an entry whose object the state
 * does hold; a later create of exactly the same settings (a second identical
 * resource) would then adopt that object. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "internal.h"
#include "log.h"

#define JOURNAL_SLOTS 16
#define JOURNAL_MAX 65536

static const char *journal_dir(tf_arena *a)
{
    const char *data = getenv("TF_DATA_DIR");
    if (!data || !*data)
        data = ".terraform";
    struct stat st;
    if (stat(data, &st) != 0 || !S_ISDIR(st.st_mode))
        return NULL;
    const char *dir = tf_arena_printf(a, "%s/aws-provider-creates", data);
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return NULL;
    return dir;
}

const char *co_journal_key(tf_arena *a, const char *const *parts, size_t n)
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;
    EVP_MD_CTX *h = EVP_MD_CTX_new();
    int ok = h && EVP_DigestInit_ex(h, EVP_sha256(), NULL) == 1;
    for (size_t i = 0; ok && i < n; i++) {
        const char *p = parts[i] ? parts[i] : "";
        ok = EVP_DigestUpdate(h, p, strlen(p) + 1) == 1;
    }
    ok = ok && EVP_DigestFinal_ex(h, md, &md_len) == 1 && md_len >= 20;
    EVP_MD_CTX_free(h);
    if (!ok)
        return NULL;
    char *hex = tf_arena_alloc(a, 2 * 20 + 1);
    for (int i = 0; i < 20; i++)
        snprintf(hex + 2 * i, 3, "%02x", md[i]);
    return hex;
}

/* The entry's text, or NULL when it is empty or unreadable. */
static char *journal_read(tf_arena *a, int fd)
{
    char *buf = tf_arena_alloc(a, JOURNAL_MAX + 1);
    size_t len = 0;
    ssize_t got;
    if (lseek(fd, 0, SEEK_SET) != 0)
        return NULL;
    while (len < JOURNAL_MAX && (got = read(fd, buf + len, JOURNAL_MAX - len)) > 0)
        len += (size_t)got;
    buf[len] = '\0';
    return len ? buf : NULL;
}

void co_journal_open(tf_arena *a, const char *key, co_journal *j)
{
    memset(j, 0, sizeof *j);
    j->fd = -1;
    const char *dir = key ? journal_dir(a) : NULL;
    if (!dir)
        return;
    for (int n = 0, again = 0; n < JOURNAL_SLOTS; n++) {
        const char *path = tf_arena_printf(a, "%s/%s.%d", dir, key, n);
        int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
        if (fd < 0)
            return;
        if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
            close(fd);          /* a create in flight holds it */
            continue;
        }
        struct stat a_st, p_st;
        if (fstat(fd, &a_st) != 0 || stat(path, &p_st) != 0 || a_st.st_ino != p_st.st_ino) {
            close(fd);          /* removed meanwhile: try the slot again */
            if (again++ < 8)
                n--;
            continue;
        }
        j->fd = fd;
        j->path = path;
        char *text = journal_read(a, fd);
        if (!text)
            return;
        /* A dead process's entry: what it recorded. */
        j->recovered = 1;
        for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
            if (strncmp(line, "token ", 6) == 0) {
                j->token = tf_arena_strdup(a, line + 6);
            } else if (strncmp(line, "before ", 7) == 0) {
                tf_arena_grow(a, (void **)&j->before, &j->cap_before, j->n_before + 1,
                              sizeof *j->before);
                j->before[j->n_before++] = tf_arena_strdup(a, line + 7);
            }
        }
        TF_INFO("aws: a create with these settings was left unfinished by an earlier provider "
                "process (%s); looking for what it made", path);
        return;
    }
}

void co_journal_write(co_journal *j, const char *what, const char *token,
                      const char *const *before, size_t n_before)
{
    if (j->fd < 0)
        return;
    FILE *f = fdopen(dup(j->fd), "w");
    if (!f)
        return;
    if (ftruncate(j->fd, 0) != 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return;
    }
    fprintf(f, "create %s\npid %ld\n", what, (long)getpid());
    if (token)
        fprintf(f, "token %s\n", token);
    for (size_t i = 0; i < n_before; i++)
        fprintf(f, "before %s\n", before[i]);
    fflush(f);
    fsync(fileno(f));
    fclose(f);
}

/* Entries of creates that succeeded, removed when their thread ends. */
typedef struct settled {
    int fd;
    char *path;
    struct settled *next;
} settled;

static pthread_key_t settled_key;
static pthread_once_t settled_once = PTHREAD_ONCE_INIT;

static void settled_flush(void *p)
{
    for (settled *s = p, *next; s; s = next) {
        next = s->next;
        if (ftruncate(s->fd, 0) != 0)
            TF_DEBUG("aws: cannot empty %s", s->path);
        unlink(s->path);
        close(s->fd);
        free(s->path);
        free(s);
    }
}

static void settled_init(void)
{
    if (pthread_key_create(&settled_key, settled_flush) != 0)
        settled_key = (pthread_key_t)-1;
}

void co_journal_settle(co_journal *j)
{
    if (j->fd < 0)
        return;
    pthread_once(&settled_once, settled_init);
    settled *s = malloc(sizeof *s);
    char *path = strdup(j->path);
    if (!s || !path || settled_key == (pthread_key_t)-1) {
        free(s);
        free(path);
        co_journal_close(j, 0);
        return;
    }
    s->fd = j->fd;
    s->path = path;
    s->next = pthread_getspecific(settled_key);
    pthread_setspecific(settled_key, s);
    j->fd = -1;
}

void co_journal_close(co_journal *j, int keep)
{
    if (j->fd < 0)
        return;
    if (!keep) {
        if (ftruncate(j->fd, 0) != 0)
            TF_DEBUG("aws: cannot empty %s", j->path);
        unlink(j->path);
    }
    close(j->fd);
    j->fd = -1;
}

/* log.c - hclog-compatible JSON log lines on stderr.
 *
 * go-plugin reads the plugin's stderr line by line; a line that parses as
 * JSON with "@level" and "@message" is re-logged by Terraform at that level,
 * anything else is treated as raw output.  Each line is built in memory and
 * written with a single write(2), so lines from concurrent RPC threads never
 * interleave.  The level is read from the environment once. */
#include "log.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

static tf_log_level log_level = TF_LOG_OFF;
static pthread_once_t log_once = PTHREAD_ONCE_INIT;

static const char *const log_names[] = {"trace", "debug", "info", "warn", "error"};

/* Terraform's own rule: unset or empty means off, a known name is that
 * level, and anything else (including "JSON") means trace. */
static tf_log_level log_parse_level(const char *s)
{
    static const char *const upper[] = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF"};
    if (!s || !*s)
        return TF_LOG_OFF;
    for (int i = 0; i <= TF_LOG_OFF; i++)
        if (strcasecmp(s, upper[i]) == 0)
            return (tf_log_level)i;
    return TF_LOG_TRACE;
}

static void log_read_env(void)
{
    const char *p = getenv("TF_LOG_PROVIDER");
    log_level = log_parse_level(p && *p ? p : getenv("TF_LOG"));
}

void tf_log_init(void)
{
    pthread_once(&log_once, log_read_env);
}

int tf_log_enabled(tf_log_level level)
{
    tf_log_init();
    return level < TF_LOG_OFF && level >= log_level;
}

/* Growable line buffer; on allocation failure the line is dropped. */
typedef struct {
    char *p;
    size_t n, cap;
    int failed;
} log_buf;

static void log_put(log_buf *b, const char *s, size_t n)
{
    if (b->failed)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = (b->n + n + 1) * 2;
        char *np = realloc(b->p, cap);
        if (!np) {
            b->failed = 1;
            return;
        }
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
}

static void log_puts(log_buf *b, const char *s)
{
    log_put(b, s, strlen(s));
}

/* JSON string body escaping; bytes >= 0x80 pass through (Go's decoder
 * replaces invalid UTF-8 instead of rejecting the line). */
static void log_put_escaped(log_buf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            log_put(b, esc, 2);
        } else if (c == '\n') {
            log_put(b, "\\n", 2);
        } else if (c == '\r') {
            log_put(b, "\\r", 2);
        } else if (c == '\t') {
            log_put(b, "\\t", 2);
        } else if (c < 0x20 || c == 0x7f) {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            log_put(b, esc, 6);
        } else {
            log_put(b, (const char *)s, 1);
        }
    }
}

static void log_put_timestamp(log_buf *b)
{
    struct timespec ts;
    struct tm tm;
    char out[64];
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    size_t n = strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out + n, sizeof out - n, ".%06ldZ", ts.tv_nsec / 1000);
    log_puts(b, out);
}

static void log_write_all(const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(STDERR_FILENO, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        p += w;
        n -= (size_t)w;
    }
}

static char *log_format(const char *fmt, va_list ap)
{
    char *msg = NULL;
    if (vasprintf(&msg, fmt, ap) < 0)
        return NULL;
    return msg;
}

void tf_log(tf_log_level level, const char *fmt, ...)
{
    if (!tf_log_enabled(level))
        return;
    va_list ap;
    va_start(ap, fmt);
    char *msg = log_format(fmt, ap);
    va_end(ap);
    if (!msg)
        return;
    log_buf b = {0};
    log_puts(&b, "{\"@level\":\"");
    log_puts(&b, log_names[level]);
    log_puts(&b, "\",\"@message\":\"");
    log_put_escaped(&b, msg);
    log_puts(&b, "\",\"@module\":\"provider\",\"@timestamp\":\"");
    log_put_timestamp(&b);
    log_puts(&b, "\"}\n");
    if (!b.failed)
        log_write_all(b.p, b.n);
    free(b.p);
    free(msg);
}

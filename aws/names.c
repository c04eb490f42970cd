/* names.c - see names.h. */
#include <ctype.h>
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "names.h"

/* The counter makes two names made within the same 100 microseconds
 * differ.  It is process-wide like the SDK's, and atomic because RPCs run
 * on several threads. */
static atomic_uint aws_name_counter;

static const char *aws_unique_suffix(tf_arena *a)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    unsigned n = atomic_fetch_add(&aws_name_counter, 1) + 1;
    return tf_arena_printf(a, "%04d%02d%02d%02d%02d%02d%04ld%08x", tm.tm_year + 1900,
                           tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                           ts.tv_nsec / 100000L, n);
}

const char *aws_name_or_generated(tf_arena *a, const char *name, const char *prefix)
{
    if (name && name[0])
        return name;
    if (!prefix || !prefix[0])
        prefix = "terraform-";
    return tf_arena_printf(a, "%s%s", prefix, aws_unique_suffix(a));
}

const char *aws_name_planned(tf_arena *a, const tf_value *planned, const char *default_prefix)
{
    const char *prefix = tf_get_str(planned, "name_prefix", "");
    return aws_name_or_generated(a, tf_get_str(planned, "name", ""),
                                 *prefix ? prefix : default_prefix);
}

const char *aws_name_prefix_from_name(tf_arena *a, const char *name)
{
    size_t len = name ? strlen(name) : 0;
    if (len <= AWS_UNIQUE_SUFFIX_LEN)
        return NULL;
    size_t cut = len - AWS_UNIQUE_SUFFIX_LEN;
    for (size_t i = cut; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        if (i < cut + 18 ? !isdigit(c) : !isxdigit(c))
            return NULL;
    }
    return tf_arena_strndup(a, name, cut);
}

void aws_name_state(tf_objb *b, const char *name)
{
    tf_objb_str(b, "name", name);
    const char *prefix = aws_name_prefix_from_name(b->arena, name);
    tf_objb_str(b, "name_prefix", prefix ? prefix : "");
}

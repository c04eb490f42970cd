/* check.h - the check macros and counters the C unit tests share.
 *
 *   CHECK(cond)               counts cond; when false prints
 *                             "file:line: CHECK failed: cond"
 *   CHECK_MSG(cond, fmt, ...) the same, printing the message instead of cond
 *   CHECK_STR(got, want)      two strings equal (NULL is never equal)
 *   check_report()            prints "N passed, M failed"; returns the exit
 *                             status (1 when anything failed, else 0)
 *
 * Failures go to stdout, as the summary does.  The counters are the
 * translation unit's own `passed` and `failed`, which a test may read (or
 * bump for a check it makes itself). */
#ifndef TFP_TESTS_CHECK_H
#define TFP_TESTS_CHECK_H

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int passed, failed;

__attribute__((format(printf, 3, 4))) static inline void check_fail(const char *file,
                                                                    int line,
                                                                    const char *fmt, ...)
{
    va_list ap;
    failed++;
    printf("%s:%d: CHECK failed: ", file, line);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
}

#define CHECK(cond)                                       \
    do {                                                  \
        if (cond)                                         \
            passed++;                                     \
        else                                              \
            check_fail(__FILE__, __LINE__, "%s", #cond);  \
    } while (0)

#define CHECK_MSG(cond, ...)                              \
    do {                                                  \
        if (cond)                                         \
            passed++;                                     \
        else                                              \
            check_fail(__FILE__, __LINE__, __VA_ARGS__);  \
    } while (0)

#define CHECK_STR(got, want)                                                        \
    do {                                                                            \
        const char *check_got_ = (got), *check_want_ = (want);                      \
        if (check_got_ && check_want_ && strcmp(check_got_, check_want_) == 0)      \
            passed++;                                                               \
        else                                                                        \
            check_fail(__FILE__, __LINE__, "%s = \"%s\", want \"%s\"", #got,        \
                       check_got_ ? check_got_ : "(null)",                          \
                       check_want_ ? check_want_ : "(null)");                       \
    } while (0)

static inline int check_report(void)
{
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}

#endif

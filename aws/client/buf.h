/* buf.h - growable byte string in an arena (private to the client).
 *
 * Requests, canonical strings and error messages are built piece by piece;
 * the buffer doubles inside the caller's arena and is always NUL-terminated,
 * so b->data can be used as a C string at any time. */
#ifndef AWS_BUF_H
#define AWS_BUF_H

#include <stdarg.h>
#include <stddef.h>

#include "arena.h"

typedef struct {
    tf_arena *arena;
    char *data;
    size_t len;
    size_t cap;
} aws_buf;

void aws_buf_init(aws_buf *b, tf_arena *a);
void aws_buf_putn(aws_buf *b, const char *s, size_t n);
void aws_buf_puts(aws_buf *b, const char *s);
void aws_buf_putc(aws_buf *b, char c);
void aws_buf_printf(aws_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif

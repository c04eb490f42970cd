/* buf.c - growable byte string in an arena.  See buf.h. */
#include "buf.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

void aws_buf_init(aws_buf *b, tf_arena *a)
{
    b->arena = a;
    b->cap = 64;
    b->data = tf_arena_alloc(a, b->cap);
    b->len = 0;
}

static void buf_reserve(aws_buf *b, size_t extra)
{
    assert(b->arena);
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return;
    size_t cap = b->cap;
    while (cap < need)
        cap *= 2;
    char *n = tf_arena_alloc(b->arena, cap);
    memcpy(n, b->data, b->len + 1);
    b->data = n;
    b->cap = cap;
}

void aws_buf_putn(aws_buf *b, const char *s, size_t n)
{
    buf_reserve(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void aws_buf_puts(aws_buf *b, const char *s)
{
    aws_buf_putn(b, s, strlen(s));
}

void aws_buf_putc(aws_buf *b, char c)
{
    aws_buf_putn(b, &c, 1);
}

void aws_buf_printf(aws_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = tf_arena_vprintf(b->arena, fmt, ap);
    va_end(ap);
    aws_buf_puts(b, s);
}

/* arena.c - the per-RPC bump allocator.
 *
 * Memory comes from malloc'd chunks whose size doubles (8 KiB up to 1 MiB),
 * so a small RPC touches one small chunk and a whole-state decode does not
 * call malloc thousands of times.  An allocation too large for a normal chunk
 * gets a chunk of its own, linked behind the current one so the current
 * chunk's free space is not wasted.  Chunks come from calloc, and since
 * nothing is ever handed back, every allocation is already zeroed. */
#include "arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_ALIGN alignof(max_align_t)
#define ARENA_FIRST_CHUNK (8u * 1024u)
#define ARENA_MAX_CHUNK (1024u * 1024u)

typedef struct arena_chunk {
    struct arena_chunk *next;
    size_t size; /* usable bytes in data */
    size_t used;
    alignas(max_align_t) unsigned char data[];
} arena_chunk;

struct tf_arena {
    arena_chunk *head;     /* chunk currently bumped from */
    size_t next_size;      /* size of the next normal chunk */
};

static void arena_oom(size_t size)
{
    fprintf(stderr, "tf_arena: out of memory allocating %zu bytes\n", size);
    abort();
}

static arena_chunk *arena_chunk_new(size_t size)
{
    if (size > SIZE_MAX - sizeof(arena_chunk))
        arena_oom(size);
    arena_chunk *c = calloc(1, sizeof(arena_chunk) + size);
    if (!c)
        arena_oom(size);
    c->size = size;
    return c;
}

tf_arena *tf_arena_new(void)
{
    tf_arena *a = calloc(1, sizeof(*a));
    if (!a)
        arena_oom(sizeof(*a));
    a->next_size = ARENA_FIRST_CHUNK;
    return a;
}

void tf_arena_free(tf_arena *a)
{
    if (!a)
        return;
    arena_chunk *c = a->head;
    while (c) {
        arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    free(a);
}

static size_t arena_round(size_t size)
{
    if (size > SIZE_MAX - ARENA_ALIGN)
        arena_oom(size);
    return (size + ARENA_ALIGN - 1) & ~(ARENA_ALIGN - 1);
}

/* A dedicated chunk for one large allocation, kept behind the head. */
static void *arena_alloc_large(tf_arena *a, size_t size)
{
    arena_chunk *c = arena_chunk_new(size);
    c->used = size;
    if (a->head) {
        c->next = a->head->next;
        a->head->next = c;
    } else {
        a->head = c;
    }
    return c->data;
}

static void *arena_bump(arena_chunk *h, size_t size)
{
    void *p = h->data + h->used;
    h->used += size;
    return p;
}

void *tf_arena_alloc(tf_arena *a, size_t size)
{
    size = arena_round(size ? size : 1);
    if (a->head && a->head->size - a->head->used >= size)
        return arena_bump(a->head, size);
    if (size > a->next_size / 2)
        return arena_alloc_large(a, size);
    arena_chunk *c = arena_chunk_new(a->next_size);
    if (a->next_size < ARENA_MAX_CHUNK)
        a->next_size *= 2;
    c->next = a->head;
    a->head = c;
    return arena_bump(c, size);
}

void *tf_arena_calloc(tf_arena *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size)
        arena_oom(SIZE_MAX);
    return tf_arena_alloc(a, n * size);
}

void *tf_arena_memdup(tf_arena *a, const void *p, size_t n)
{
    if (n == SIZE_MAX)
        arena_oom(n);
    char *d = tf_arena_alloc(a, n + 1);
    if (n)
        memcpy(d, p, n);
    d[n] = '\0';
    return d;
}

char *tf_arena_strdup(tf_arena *a, const char *s)
{
    return tf_arena_memdup(a, s, strlen(s));
}

char *tf_arena_strndup(tf_arena *a, const char *s, size_t n)
{
    return tf_arena_memdup(a, s, strnlen(s, n));
}

char *tf_arena_vprintf(tf_arena *a, const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        return tf_arena_strdup(a, "(format error)");
    char *s = tf_arena_alloc(a, (size_t)n + 1);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

char *tf_arena_printf(tf_arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = tf_arena_vprintf(a, fmt, ap);
    va_end(ap);
    return s;
}

void tf_arena_grow(tf_arena *a, void **items, size_t *cap, size_t need,
                   size_t elem_size)
{
    if (need <= *cap)
        return;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            arena_oom(SIZE_MAX);
        ncap *= 2;
    }
    void *n = tf_arena_calloc(a, ncap, elem_size);
    if (*items && *cap)
        memcpy(n, *items, *cap * elem_size);
    *items = n;
    *cap = ncap;
}

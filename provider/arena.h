/* arena.h - bump allocator that owns everything one RPC allocates.
 *
 * Every value, path and diagnostic built while answering one RPC lives in the
 * arena of that RPC and is released in one go when the answer has been sent.
 * Nothing allocated from an arena is ever freed individually. */
#ifndef TF_ARENA_H
#define TF_ARENA_H

#include <stdarg.h>
#include <stddef.h>

typedef struct tf_arena tf_arena;

tf_arena *tf_arena_new(void);
void tf_arena_free(tf_arena *a);

/* Zeroed memory, aligned for any type.  Aborts on out-of-memory: there is no
 * sensible recovery inside a plugin RPC. */
void *tf_arena_alloc(tf_arena *a, size_t size);
void *tf_arena_calloc(tf_arena *a, size_t n, size_t size);
char *tf_arena_strdup(tf_arena *a, const char *s);
char *tf_arena_strndup(tf_arena *a, const char *s, size_t n);
char *tf_arena_printf(tf_arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
char *tf_arena_vprintf(tf_arena *a, const char *fmt, va_list ap);
/* Copies n bytes; the result is also NUL-terminated for convenience. */
void *tf_arena_memdup(tf_arena *a, const void *p, size_t n);

/* Growable array helper: ensures *items has room for need elements. */
void tf_arena_grow(tf_arena *a, void **items, size_t *cap, size_t need,
                   size_t elem_size);

#endif

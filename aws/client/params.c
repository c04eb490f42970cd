/* params.c - the flat name=value list of the ec2 and query protocols.
 *
 * Both protocols send a form body where nested input is flattened into dotted
 * names; the only difference is how lists are spelled (ec2 "Name.N", query
 * "Name.member.N"), so the helpers take the style and the caller the names
 * (which come from the service model).  Order is kept as added, which makes
 * request bodies predictable in tests. */
#include <assert.h>
#include <stdarg.h>
#include <string.h>

#include "aws.h"
#include "buf.h"
#include "params.h"
#include "sigv4.h"

struct aws_params {
    tf_arena *arena;
    const char **names;
    const char **values;
    size_t n;
    size_t cap;
};

aws_params *aws_params_new(tf_arena *a)
{
    aws_params *p = tf_arena_calloc(a, 1, sizeof *p);
    p->arena = a;
    return p;
}

static long params_find(const aws_params *p, const char *name)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->names[i], name) == 0)
            return (long)i;
    return -1;
}

void aws_params_add(aws_params *p, const char *name, const char *value)
{
    assert(p && name);
    if (!value)
        return;
    long i = params_find(p, name);
    if (i >= 0) {
        p->values[i] = tf_arena_strdup(p->arena, value);
        return;
    }
    size_t cap = p->cap;
    tf_arena_grow(p->arena, (void **)&p->names, &p->cap, p->n + 1, sizeof *p->names);
    tf_arena_grow(p->arena, (void **)&p->values, &cap, p->n + 1, sizeof *p->values);
    p->names[p->n] = tf_arena_strdup(p->arena, name);
    p->values[p->n] = tf_arena_strdup(p->arena, value);
    p->n++;
}

void aws_params_addf(aws_params *p, const char *name, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *v = tf_arena_vprintf(p->arena, fmt, ap);
    va_end(ap);
    aws_params_add(p, name, v);
}

const char *aws_params_key(aws_params *p, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *k = tf_arena_vprintf(p->arena, fmt, ap);
    va_end(ap);
    return k;
}

const char *aws_params_get(const aws_params *p, const char *name)
{
    if (!p)
        return NULL;
    long i = params_find(p, name);
    return i >= 0 ? p->values[i] : NULL;
}

static const char *list_key(aws_params *p, aws_list_style style,
                            const char *prefix, size_t i)
{
    return style == AWS_LIST_EC2 ? aws_params_key(p, "%s.%zu", prefix, i + 1)
                                 : aws_params_key(p, "%s.member.%zu", prefix, i + 1);
}

void aws_params_list(aws_params *p, aws_list_style style, const char *prefix,
                     const char *const *values, size_t n)
{
    for (size_t i = 0; i < n; i++)
        aws_params_add(p, list_key(p, style, prefix, i), values[i]);
}

void aws_params_tags(aws_params *p, aws_list_style style, const char *prefix,
                     const aws_kv *tags, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        const char *k = list_key(p, style, prefix, i);
        aws_params_add(p, aws_params_key(p, "%s.Key", k), tags[i].key);
        aws_params_add(p, aws_params_key(p, "%s.Value", k),
                       tags[i].value ? tags[i].value : "");
    }
}

void aws_params_map(aws_params *p, const char *prefix, const aws_kv *kv,
                    size_t n)
{
    for (size_t i = 0; i < n; i++) {
        aws_params_add(p, aws_params_key(p, "%s.entry.%zu.key", prefix, i + 1), kv[i].key);
        aws_params_add(p, aws_params_key(p, "%s.entry.%zu.value", prefix, i + 1),
                       kv[i].value ? kv[i].value : "");
    }
}

char *params_encode(tf_arena *a, const char *action, const char *version,
                    const aws_params *p)
{
    aws_buf b;
    aws_buf_init(&b, a);
    aws_buf_printf(&b, "Action=%s&Version=%s",
                   sigv4_uri_encode(a, action, strlen(action), 0),
                   sigv4_uri_encode(a, version, strlen(version), 0));
    for (size_t i = 0; p && i < p->n; i++) {
        if (strcmp(p->names[i], "Action") == 0 || strcmp(p->names[i], "Version") == 0)
            continue;
        aws_buf_putc(&b, '&');
        aws_buf_puts(&b, sigv4_uri_encode(a, p->names[i], strlen(p->names[i]), 0));
        aws_buf_putc(&b, '=');
        aws_buf_puts(&b, sigv4_uri_encode(a, p->values[i], strlen(p->values[i]), 0));
    }
    return b.data;
}

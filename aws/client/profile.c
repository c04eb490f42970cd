/* profile.c - reading ~/.aws/config and ~/.aws/credentials.
 *
 * The INI dialect: "[section]" headers, "key = value" lines, full-line
 * comments with '#' or ';', and indented continuation lines that belong to a
 * nested block ("s3 =\n  max_concurrent_requests = 10"), which no credential
 * setting uses and which are skipped.  Keys are case-insensitive. */
#include "profile.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

typedef struct {
    const char *profile;
    const char *key;
    const char *value;
    int from_credentials;
} profile_entry;

struct aws_profiles {
    tf_arena *arena;
    profile_entry *e;
    size_t n, cap;
    aws_buf files;
};

aws_profiles *profiles_new(tf_arena *a)
{
    aws_profiles *p = tf_arena_calloc(a, 1, sizeof *p);
    p->arena = a;
    aws_buf_init(&p->files, a);
    return p;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

static void profiles_set(aws_profiles *p, const char *profile, const char *key,
                         const char *value, int from_credentials)
{
    for (size_t i = 0; i < p->n; i++) {
        profile_entry *e = &p->e[i];
        if (strcmp(e->profile, profile) == 0 && strcmp(e->key, key) == 0) {
            /* Config files never override what a credentials file said. */
            if (e->from_credentials && !from_credentials)
                return;
            e->value = tf_arena_strdup(p->arena, value);
            e->from_credentials = from_credentials;
            return;
        }
    }
    tf_arena_grow(p->arena, (void **)&p->e, &p->cap, p->n + 1, sizeof *p->e);
    p->e[p->n].profile = tf_arena_strdup(p->arena, profile);
    p->e[p->n].key = tf_arena_strdup(p->arena, key);
    p->e[p->n].value = tf_arena_strdup(p->arena, value);
    p->e[p->n].from_credentials = from_credentials;
    p->n++;
}

/* The profile a section header names, or NULL for sections that are not
 * profiles ("[sso-session x]", "[services x]", "[profile]"). */
static const char *section_profile(tf_arena *a, char *name, int is_config)
{
    name = trim(name);
    if (!is_config)
        return *name ? tf_arena_strdup(a, name) : NULL;
    if (strcmp(name, "default") == 0)
        return "default";
    if (strncmp(name, "profile", 7) == 0 && isspace((unsigned char)name[7])) {
        char *n = trim(name + 8);
        return *n ? tf_arena_strdup(a, n) : NULL;
    }
    return NULL;
}

void profiles_parse(aws_profiles *p, const char *text, int is_config)
{
    char *copy = tf_arena_strdup(p->arena, text);
    const char *profile = NULL;
    int in_nested = 0;
    char *save = NULL;
    for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        int indented = line[0] == ' ' || line[0] == '\t';
        char *l = trim(line);
        if (!*l || *l == '#' || *l == ';')
            continue;
        if (*l == '[') {
            char *end = strchr(l, ']');
            in_nested = 0;
            profile = end ? (*end = '\0', section_profile(p->arena, l + 1, is_config)) : NULL;
            if (profile) /* an empty section still names an existing profile */
                profiles_set(p, profile, "", "", !is_config);
            continue;
        }
        if (indented && in_nested)
            continue;
        char *eq = strchr(l, '=');
        if (!eq || !profile)
            continue;
        *eq = '\0';
        char *key = trim(l), *value = trim(eq + 1);
        for (char *c = key; *c; c++)
            *c = (char)tolower((unsigned char)*c);
        in_nested = *value == '\0';
        if (*key && !in_nested)
            profiles_set(p, profile, key, value, !is_config);
    }
}

static char *read_text(tf_arena *a, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    aws_buf b;
    aws_buf_init(&b, a);
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 && b.len < (16u << 20))
        aws_buf_putn(&b, chunk, n);
    fclose(f);
    return b.data;
}

static void profiles_read(aws_profiles *p, const char *path, int is_config)
{
    if (p->files.len)
        aws_buf_puts(&p->files, ", ");
    aws_buf_puts(&p->files, path);
    char *text = read_text(p->arena, path);
    if (text)
        profiles_parse(p, text, is_config);
    else
        aws_buf_puts(&p->files, " (missing)");
}

aws_profiles *profiles_load(tf_arena *a, const char *const *config_files,
                            size_t n_config, const char *const *cred_files,
                            size_t n_cred)
{
    aws_profiles *p = profiles_new(a);
    for (size_t i = 0; i < n_config; i++)
        profiles_read(p, config_files[i], 1);
    for (size_t i = 0; i < n_cred; i++)
        profiles_read(p, cred_files[i], 0);
    return p;
}

int profiles_has(const aws_profiles *p, const char *profile)
{
    for (size_t i = 0; p && profile && i < p->n; i++)
        if (strcmp(p->e[i].profile, profile) == 0)
            return 1;
    return 0;
}

const char *profiles_get(const aws_profiles *p, const char *profile,
                         const char *key)
{
    for (size_t i = 0; p && profile && i < p->n; i++)
        if (strcmp(p->e[i].profile, profile) == 0 && strcmp(p->e[i].key, key) == 0)
            return p->e[i].value;
    return NULL;
}

const char *profiles_files(const aws_profiles *p)
{
    return p->files.len ? p->files.data : "(none)";
}

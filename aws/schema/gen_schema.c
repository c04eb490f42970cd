/* gen_schema.c - turns aws/schema/aws.schema into C schema tables.
 *
 * A build-time host tool, in the manner of SQLite's mkkeywordhash.c: the
 * build runs it on the committed compact form (format described at the top
 * of aws.schema) and compiles what it writes.  The output is never edited
 * or committed.
 *
 *   gen_schema aws.schema out.c out.h
 *
 * For each type it writes one public symbol, aws_schema_<kind>_<name> (an
 * alias is a #define of its original's symbol, so both share one table),
 * plus a schema-only definition of every type (aws_schema_known_resources[]
 * etc.) that provider_schema.c serves when no file implements the type.
 *
 * The public tf_block holds only a build function: the tables themselves
 * are made by code, in the arena of tf_schema_prepare(), the first time the
 * type is prepared.  Static tables full of pointers would be relocated, so
 * written, by the loader in every process (about 450 KiB resident at the
 * handshake for 140 types); code and string literals stay clean pages of the
 * binary until a type is used.  Attribute annotations become the
 * tf_attribute fields of provider/schema.h: check=x(args) becomes
 * TF_V_X(args), string lists are built in the arena.  Any line it cannot
 * read stops the build with the file, line and reason. */
#ifndef _GNU_SOURCE
#define _POSIX_C_SOURCE 200809L /* strtok_r */
#endif
#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_TOKENS = 64, MAX_DEPTH = 16, MAX_LINE = 8192 };

static const char *in_path;
static int line_no;
static FILE *out_c;
static int next_id;

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

static void die(const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s:%d: ", in_path, line_no);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    exit(1);
}

static void *xmalloc(size_t n)
{
    void *p = calloc(1, n ? n : 1);
    if (!p) {
        fprintf(stderr, "gen_schema: out of memory\n");
        exit(1);
    }
    return p;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

/* ---- tokens: whitespace-separated; "..." (C escapes) stays whole ---- */

static int tokenize(char *line, char **tok)
{
    int n = 0;
    char *p = line;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
            p++;
        if (!*p)
            return n;
        if (n == MAX_TOKENS)
            die("too many words on one line");
        tok[n++] = p;
        bool quoted = false;
        for (; *p; p++) {
            if (quoted) {
                if (*p == '\\' && p[1])
                    p++;
                else if (*p == '"')
                    quoted = false;
            } else if (*p == '"') {
                quoted = true;
            } else if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
                break;
            }
        }
        if (quoted)
            die("unterminated string");
        if (*p)
            *p++ = '\0';
    }
}

static bool valid_name(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '_'))
            return false;
    return true;
}

static bool is_string_literal(const char *s)
{
    size_t n = strlen(s);
    return n >= 2 && s[0] == '"' && s[n - 1] == '"';
}

/* ---- annotations ---- */

static void buf_append(char **buf, size_t *len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void buf_append(char **buf, size_t *len, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    *buf = realloc(*buf, *len + (size_t)n + 1);
    if (!*buf) {
        fprintf(stderr, "gen_schema: out of memory\n");
        exit(1);
    }
    va_start(ap, fmt);
    vsnprintf(*buf + *len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    *len += (size_t)n;
}

/* The C expression of a NULL-terminated list built in the arena from a
 * comma-separated path list: strs(a, 2, "a", "b.0.c"). */
static char *path_list_expr(const char *list)
{
    if (!*list)
        die("empty path list");
    char *out = NULL;
    size_t len = 0;
    int n = 0;
    for (const char *c = list; *c; c++)
        n += *c == ',';
    buf_append(&out, &len, "strs(a, %d", n + 1);
    char *copy = xstrdup(list);
    for (char *save = NULL, *p = strtok_r(copy, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
        for (const char *c = p; *c; c++)
            if (!(islower((unsigned char)*c) || isdigit((unsigned char)*c) || *c == '_' ||
                  *c == '.'))
                die("bad attribute path \"%s\"", p);
        buf_append(&out, &len, ", \"%s\"", p);
    }
    buf_append(&out, &len, ")");
    free(copy);
    return out;
}

/* Splits the arguments of a check's "(...)" at top-level commas (outside
 * strings); returns their count. */
static int split_args(char *args, char **argv, int max)
{
    int n = 0;
    char *p = args;
    while (*p == ' ')
        p++;
    if (!*p)
        return 0;
    argv[n++] = p;
    bool quoted = false;
    for (; *p; p++) {
        if (quoted) {
            if (*p == '\\' && p[1])
                p++;
            else if (*p == '"')
                quoted = false;
        } else if (*p == '"') {
            quoted = true;
        } else if (*p == ',') {
            if (n == max)
                die("too many arguments");
            *p = '\0';
            argv[n++] = p + 1;
        }
    }
    return n;
}

typedef struct attr_notes {
    bool forcenew;
    const char *def, *desc, *deprecation;
    char *conflicts, *exactly_one_of, *at_least_one_of, *required_with; /* C expressions */
    char *checks[16];      /* C expressions of type tf_validator */
    int n_checks;
} attr_notes;

static char *check_initialiser(const char *spec)
{
    char *s = xstrdup(spec);
    char *open = strchr(s, '(');
    char *args = NULL;
    if (open) {
        size_t n = strlen(s);
        if (s[n - 1] != ')')
            die("check %s: missing \")\"", spec);
        s[n - 1] = '\0';
        *open = '\0';
        args = open + 1;
    }
    if (!valid_name(s))
        die("check %s: bad validator name", spec);
    char upper[64];
    size_t i = 0;
    for (; s[i] && i + 1 < sizeof upper; i++)
        upper[i] = (char)toupper((unsigned char)s[i]);
    upper[i] = '\0';
    char *out = xmalloc(strlen(spec) + 128);
    if (strcmp(s, "one_of") == 0 || strcmp(s, "one_of_ci") == 0) {
        char *argv[256];
        int n = args ? split_args(args, argv, 256) : 0;
        if (n == 0)
            die("check %s: needs a list of strings", spec);
        char *list = NULL;
        size_t len = 0;
        buf_append(&list, &len, "strs(a, %d", n);
        for (int k = 0; k < n; k++) {
            if (!is_string_literal(argv[k]))
                die("check %s: \"%s\" is not a string", spec, argv[k]);
            buf_append(&list, &len, ", %s", argv[k]);
        }
        out = realloc(out, len + 128);
        sprintf(out, "(tf_validator)TF_V_%s(%s))", upper, list);
        free(list);
    } else if (strcmp(s, "int_one_of") == 0) {
        char *argv[256];
        int n = args ? split_args(args, argv, 256) : 0;
        if (n == 0)
            die("check %s: needs a list of integers", spec);
        int id = next_id++;
        fprintf(out_c, "static const int64_t l_%d[] = {", id);
        for (int k = 0; k < n; k++) {
            char *end;
            strtoll(argv[k], &end, 10);
            if (end == argv[k] || *end)
                die("check %s: \"%s\" is not an integer", spec, argv[k]);
            fprintf(out_c, "%s, ", argv[k]);
        }
        fputs("};\n", out_c);
        sprintf(out, "(tf_validator)TF_V_INT_ONE_OF(l_%d, %d)", id, n);
    } else if (args) {
        sprintf(out, "(tf_validator)TF_V_%s(%s)", upper, args);
    } else {
        sprintf(out, "(tf_validator)TF_V_%s", upper);
    }
    free(s);
    return out;
}

/* Reads the annotations tok[0..n) into *a; flags already consumed. */
static void parse_notes(char **tok, int n, attr_notes *a)
{
    memset(a, 0, sizeof *a);
    for (int i = 0; i < n; i++) {
        char *t = tok[i];
        if (strcmp(t, "forcenew") == 0) {
            a->forcenew = true;
        } else if (strncmp(t, "default=", 8) == 0) {
            a->def = t + 8;
        } else if (strncmp(t, "desc=", 5) == 0) {
            if (!is_string_literal(t + 5))
                die("desc needs a string");
            a->desc = t + 5;
        } else if (strncmp(t, "deprecation=", 12) == 0) {
            if (!is_string_literal(t + 12))
                die("deprecation needs a string");
            a->deprecation = t + 12;
        } else if (strncmp(t, "check=", 6) == 0) {
            if (a->n_checks == 16)
                die("too many checks");
            a->checks[a->n_checks++] = check_initialiser(t + 6);
        } else if (strncmp(t, "conflicts=", 10) == 0) {
            a->conflicts = path_list_expr(t + 10);
        } else if (strncmp(t, "exactly_one_of=", 15) == 0) {
            a->exactly_one_of = path_list_expr(t + 15);
        } else if (strncmp(t, "at_least_one_of=", 16) == 0) {
            a->at_least_one_of = path_list_expr(t + 16);
        } else if (strncmp(t, "required_with=", 14) == 0) {
            a->required_with = path_list_expr(t + 14);
        } else {
            die("unknown word \"%s\"", t);
        }
    }
}

/* ---- blocks ---- */

/* The statements that fill one block, collected until its "}" is read (a
 * nested block's builder must be written before its parent's). */
typedef struct block_buf {
    char *attrs;    /* statements filling at[0..n_attrs) */
    size_t attrs_len;
    int n_attrs;
    char *blocks;   /* statements filling nb[0..n_blocks) */
    size_t blocks_len;
    int n_blocks;
    bool deprecated;
    /* for the nested_block entry in the parent, once closed */
    char *name, *mode;
    const char *flags; /* of the tf_nested_block; NULL: TF_OPTIONAL */
    long min, max;
    attr_notes notes;
} block_buf;

/* Conflict lists and force-new, as statements on entry e ("at[3]"). */
static void notes_statements(char **buf, size_t *len, const char *e, const attr_notes *a)
{
    if (a->forcenew)
        buf_append(buf, len, "    %s.flags |= TF_FORCE_NEW;\n", e);
    if (a->conflicts)
        buf_append(buf, len, "    %s.conflicts_with = %s;\n", e, a->conflicts);
    if (a->exactly_one_of)
        buf_append(buf, len, "    %s.exactly_one_of = %s;\n", e, a->exactly_one_of);
    if (a->at_least_one_of)
        buf_append(buf, len, "    %s.at_least_one_of = %s;\n", e, a->at_least_one_of);
    if (a->required_with)
        buf_append(buf, len, "    %s.required_with = %s;\n", e, a->required_with);
    free(a->conflicts);
    free(a->exactly_one_of);
    free(a->at_least_one_of);
    free(a->required_with);
}

static const char *flag_name(const char *w)
{
    static const char *const map[][2] = {
        {"required", "TF_REQUIRED"},   {"optional", "TF_OPTIONAL"},
        {"computed", "TF_COMPUTED"},   {"sensitive", "TF_SENSITIVE"},
        {"deprecated", "TF_DEPRECATED"}, {"write_only", "TF_WRITE_ONLY"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(w, map[i][0]) == 0)
            return map[i][1];
    return NULL;
}

static void attribute_line(block_buf *b, char **tok, int n)
{
    if (n < 3)
        die("an attribute needs a name, a type and flags");
    if (!valid_name(tok[0]))
        die("bad attribute name \"%s\"", tok[0]);
    for (const char *c = tok[1]; *c; c++)
        if (!(isalnum((unsigned char)*c) || strchr("_-(){}[]=,", *c)))
            die("bad type spec \"%s\"", tok[1]);
    char **buf = &b->attrs;
    size_t *len = &b->attrs_len;
    char e[32];
    snprintf(e, sizeof e, "at[%d]", b->n_attrs++);
    buf_append(buf, len, "    %s.name = \"%s\";\n    %s.type = \"%s\";\n    %s.flags = 0", e,
               tok[0], e, tok[1], e);
    int i = 2;
    bool deprecated = false;
    for (; i < n && flag_name(tok[i]); i++) {
        buf_append(buf, len, " | %s", flag_name(tok[i]));
        deprecated |= strcmp(tok[i], "deprecated") == 0;
    }
    buf_append(buf, len, ";\n");
    attr_notes a;
    parse_notes(tok + i, n - i, &a);
    notes_statements(buf, len, e, &a);
    if (a.def) {
        /* the default's JSON text as a C string */
        buf_append(buf, len, "    %s.def = \"", e);
        for (const char *c = a.def; *c; c++)
            buf_append(buf, len, (*c == '"' || *c == '\\') ? "\\%c" : "%c", *c);
        buf_append(buf, len, "\";\n");
    }
    if (a.desc)
        buf_append(buf, len, "    %s.description = %s;\n", e, a.desc);
    if (deprecated)
        buf_append(buf, len, "    %s.deprecation = %s;\n", e,
                   a.deprecation ? a.deprecation : "\"This argument is deprecated.\"");
    if (a.n_checks) {
        buf_append(buf, len, "    {\n        tf_validator *v = tf_arena_calloc(a, %d, sizeof *v);\n",
                   a.n_checks + 1);
        for (int k = 0; k < a.n_checks; k++) {
            buf_append(buf, len, "        v[%d] = %s;\n", k, a.checks[k]);
            free(a.checks[k]);
        }
        buf_append(buf, len, "        %s.validators = v;\n    }\n", e);
    }
}

static const char *nesting_name(const char *mode)
{
    static const char *const map[][2] = {
        {"single", "TF_NEST_SINGLE"}, {"list", "TF_NEST_LIST"}, {"set", "TF_NEST_SET"},
        {"map", "TF_NEST_MAP"},       {"group", "TF_NEST_GROUP"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strcmp(mode, map[i][0]) == 0)
            return map[i][1];
    return NULL;
}

/* Writes the function that fills a closed block; returns its id (the
 * function is fill_<id>(tf_block *, tf_arena *)). */
static int close_block(block_buf *b)
{
    int id = next_id++;
    fprintf(out_c, "\nstatic void fill_%d(tf_block *b, tf_arena *a)\n{\n", id);
    fprintf(out_c, "    tf_attribute *at = tf_arena_calloc(a, %d, sizeof *at);\n", b->n_attrs + 1);
    fputs(b->attrs ? b->attrs : "", out_c);
    fputs("    b->attrs = at;\n", out_c);
    if (b->n_blocks) {
        fprintf(out_c, "    tf_nested_block *nb = tf_arena_calloc(a, %d, sizeof *nb);\n",
                b->n_blocks + 1);
        fputs(b->blocks, out_c);
        fputs("    b->blocks = nb;\n", out_c);
    }
    if (b->deprecated)
        fputs("    b->deprecated = true;\n", out_c);
    fputs("}\n", out_c);
    free(b->attrs);
    free(b->blocks);
    return id;
}

/* ---- types ---- */

typedef struct known_type {
    char kind[16];
    char *name;
    char *alias_of; /* NULL unless an alias */
    int alias_line;
    long version;
} known_type;

static known_type *types;
static size_t n_types, cap_types;

static known_type *find_type(const char *kind, const char *name)
{
    for (size_t i = 0; i < n_types; i++)
        if (strcmp(types[i].kind, kind) == 0 && strcmp(types[i].name, name) == 0)
            return &types[i];
    return NULL;
}

static known_type *add_type(const char *kind, const char *name)
{
    if (!valid_name(name))
        die("bad type name \"%s\"", name);
    if (find_type(kind, name))
        die("%s %s declared twice", kind, name);
    if (n_types == cap_types) {
        cap_types = cap_types ? cap_types * 2 : 64;
        types = realloc(types, cap_types * sizeof *types);
        if (!types) {
            fprintf(stderr, "gen_schema: out of memory\n");
            exit(1);
        }
    }
    known_type *t = &types[n_types++];
    memset(t, 0, sizeof *t);
    snprintf(t->kind, sizeof t->kind, "%s", kind);
    t->name = xstrdup(name);
    return t;
}

static bool is_kind(const char *w)
{
    return strcmp(w, "resource") == 0 || strcmp(w, "data") == 0 || strcmp(w, "ephemeral") == 0;
}

static void parse(FILE *in)
{
    static char line[MAX_LINE];
    block_buf stack[MAX_DEPTH];
    int depth = 0; /* 0: between types */
    known_type *cur = NULL;
    while (fgets(line, sizeof line, in)) {
        line_no++;
        if (!strchr(line, '\n') && !feof(in))
            die("line too long");
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (*p == '#')
            continue;
        char *tok[MAX_TOKENS];
        int n = tokenize(line, tok);
        if (n == 0)
            continue;
        if (depth == 0) {
            if (!is_kind(tok[0]))
                die("expected resource, data or ephemeral, found \"%s\"", tok[0]);
            if (n == 4 && strcmp(tok[2], "=") == 0) {
                known_type *t = add_type(tok[0], tok[1]);
                t->alias_of = xstrdup(tok[3]); /* resolved at the end */
                t->alias_line = line_no;
                continue;
            }
            if (n < 4 || strcmp(tok[n - 1], "{") != 0 ||
                (n == 5 && strcmp(tok[3], "deprecated") != 0) || n > 5)
                die("expected \"%s NAME VERSION [deprecated] {\"", tok[0]);
            cur = add_type(tok[0], tok[1]);
            char *end;
            cur->version = strtol(tok[2], &end, 10);
            if (end == tok[2] || *end || cur->version < 0)
                die("bad schema version \"%s\"", tok[2]);
            memset(&stack[0], 0, sizeof stack[0]);
            stack[0].deprecated = n == 5;
            depth = 1;
            continue;
        }
        block_buf *b = &stack[depth - 1];
        if (n == 1 && strcmp(tok[0], "}") == 0) {
            if (depth == 1) {
                int id = close_block(b);
                fprintf(out_c, "tf_block aws_schema_%s_%s = {.build = fill_%d};\n", cur->kind,
                        cur->name, id);
                depth = 0;
                cur = NULL;
                continue;
            }
            int id = close_block(b);
            block_buf *parent = &stack[depth - 2];
            char e[32];
            snprintf(e, sizeof e, "nb[%d]", parent->n_blocks++);
            buf_append(&parent->blocks, &parent->blocks_len,
                       "    %s.name = \"%s\";\n    %s.nesting = %s;\n"
                       "    %s.block = tf_arena_calloc(a, 1, sizeof(tf_block));\n"
                       "    fill_%d(%s.block, a);\n"
                       "    %s.min_items = %ld;\n    %s.max_items = %ld;\n    %s.flags = %s;\n",
                       e, b->name, e, nesting_name(b->mode), e, id, e, e, b->min, e, b->max, e,
                       b->flags ? b->flags : "TF_OPTIONAL");
            notes_statements(&parent->blocks, &parent->blocks_len, e, &b->notes);
            free(b->name);
            free(b->mode);
            depth--;
            continue;
        }
        if (strcmp(tok[n - 1], "{") == 0) {
            if (depth == MAX_DEPTH)
                die("blocks nested too deeply");
            if (n < 3 || !valid_name(tok[0]) || !nesting_name(tok[1]))
                die("expected \"NAME MODE [min=N] [max=N] ... {\"");
            block_buf *nb = &stack[depth];
            memset(nb, 0, sizeof *nb);
            nb->name = xstrdup(tok[0]);
            nb->mode = xstrdup(tok[1]);
            int i = 2;
            for (; i < n - 1; i++) {
                if (strncmp(tok[i], "min=", 4) == 0)
                    nb->min = strtol(tok[i] + 4, NULL, 10);
                else if (strncmp(tok[i], "max=", 4) == 0)
                    nb->max = strtol(tok[i] + 4, NULL, 10);
                else if (strcmp(tok[i], "deprecated") == 0)
                    nb->deprecated = true;
                else if (strcmp(tok[i], "computed") == 0)
                    nb->flags = "TF_OPTIONAL | TF_COMPUTED";
                else if (strcmp(tok[i], "required") == 0)
                    nb->flags = "TF_REQUIRED";
                else
                    break;
            }
            parse_notes(tok + i, n - 1 - i, &nb->notes);
            if (nb->notes.def || nb->notes.n_checks || nb->notes.desc || nb->notes.deprecation)
                die("a block takes only forcenew and conflict annotations");
            depth++;
            continue;
        }
        attribute_line(b, tok, n);
    }
    if (ferror(in))
        die("read error");
    if (depth != 0)
        die("unexpected end of file inside a type");
    for (size_t i = 0; i < n_types; i++) {
        known_type *t = &types[i];
        if (!t->alias_of)
            continue;
        const known_type *orig = find_type(t->kind, t->alias_of);
        line_no = t->alias_line;
        if (!orig || orig->alias_of)
            die("%s %s is not a type declared with its own schema", t->kind, t->alias_of);
        t->version = orig->version;
    }
}

static void write_defs(FILE *h)
{
    static const char *const kinds[][3] = {
        {"resource", "tf_resource_def", "aws_schema_known_resources"},
        {"data", "tf_data_source_def", "aws_schema_known_data_sources"},
        {"ephemeral", "tf_ephemeral_def", "aws_schema_known_ephemerals"},
    };
    for (size_t k = 0; k < 3; k++) {
        size_t count = 0;
        fprintf(out_c, "\nconst %s %s[] = {\n", kinds[k][1], kinds[k][2]);
        for (size_t i = 0; i < n_types; i++) {
            const known_type *t = &types[i];
            if (strcmp(t->kind, kinds[k][0]) != 0)
                continue;
            fprintf(out_c,
                    "    {.type_name = \"%s\", .version = %ld, .schema = &aws_schema_%s_%s, "
                    ".schema_only = true},\n",
                    t->name, t->version, t->kind, t->alias_of ? t->alias_of : t->name);
            count++;
        }
        fputs("    {0},\n};\n", out_c);
        fprintf(h, "/* Every known %s type, schema only, sorted as in aws.schema. */\n", kinds[k][0]);
        fprintf(h, "extern const %s %s[%zu];\n", kinds[k][1], kinds[k][2], count + 1);
        fprintf(h, "#define %s_COUNT %zu\n", kinds[k][2], count);
    }
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: gen_schema aws.schema out.c out.h\n");
        return 2;
    }
    in_path = argv[1];
    FILE *in = fopen(argv[1], "r");
    if (!in) {
        perror(argv[1]);
        return 1;
    }
    out_c = fopen(argv[2], "w");
    FILE *h = fopen(argv[3], "w");
    if (!out_c || !h) {
        perror("gen_schema: output");
        return 1;
    }
    fprintf(out_c, "/* Generated by aws/schema/gen_schema.c from %s.  Do not edit. */\n",
            "aws/schema/aws.schema");
    fputs("#include \"aws_schema_gen.h\"\n\n#include <stdarg.h>\n\n"
          "/* A NULL-terminated list of n strings, in the arena. */\n"
          "static const char *const *strs(tf_arena *a, int n, ...)\n{\n"
          "    const char **l = tf_arena_calloc(a, (size_t)n + 1, sizeof *l);\n"
          "    va_list ap;\n    va_start(ap, n);\n"
          "    for (int i = 0; i < n; i++)\n        l[i] = va_arg(ap, const char *);\n"
          "    va_end(ap);\n    return l;\n}\n",
          out_c);
    parse(in);
    fclose(in);

    fputs("/* Generated by aws/schema/gen_schema.c from aws/schema/aws.schema.  Do not edit.\n"
          " * aws_schema_<kind>_<name> is the schema table of each known type. */\n"
          "#ifndef AWS_SCHEMA_GEN_H\n#define AWS_SCHEMA_GEN_H\n\n#include \"schema.h\"\n\n",
          h);
    for (size_t i = 0; i < n_types; i++) {
        const known_type *t = &types[i];
        if (t->alias_of)
            fprintf(h, "#define aws_schema_%s_%s aws_schema_%s_%s\n", t->kind, t->name, t->kind,
                    t->alias_of);
        else
            fprintf(h, "extern tf_block aws_schema_%s_%s;\n", t->kind, t->name);
    }
    fputc('\n', h);
    write_defs(h);
    fputs("\n#endif\n", h);
    if (fclose(out_c) != 0 || fclose(h) != 0) {
        perror("gen_schema: output");
        return 1;
    }
    return 0;
}

/* gen_schema.c - turns aws/schema/aws.schema into C schema tables.
 *
 * A build-time host tool, in the manner of SQLite's mkkeywordhash.c: the
 * build runs it on the committed compact form (format described at the top
 * of aws.schema) and compiles what it writes.  The output is never edited
 * or committed.
 *
 *   gen_schema aws.schema out.c out.h
 *
 * For each type it writes a static tf_block tree and one public symbol,
 * aws_schema_<kind>_<name> (an alias is a #define of its original's symbol,
 * so both share one table), plus a schema-only definition of every type
 * (aws_schema_known_resources[] etc.) that provider_schema.c serves when no
 * file implements the type.  Attribute annotations become the tf_attribute
 * fields of provider/schema.h: check=x(args) becomes TF_V_X(args),
 * one_of/one_of_ci/int_one_of lists become static arrays.  Any line it
 * cannot read stops the build with the file, line and reason. */
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

/* Writes s as a C string literal. */
static void put_cstring(const char *s)
{
    fputc('"', out_c);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fprintf(out_c, "\\%c", *s);
        else
            fputc(*s, out_c);
    }
    fputc('"', out_c);
}

/* ---- annotations ---- */

/* A NULL-terminated "a","b" list from a comma-separated path list. */
static int emit_path_list(const char *list)
{
    if (!*list)
        die("empty path list");
    int id = next_id++;
    fprintf(out_c, "static const char *const p_%d[] = {", id);
    char *copy = xstrdup(list);
    for (char *save = NULL, *p = strtok_r(copy, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
        for (const char *c = p; *c; c++)
            if (!(islower((unsigned char)*c) || isdigit((unsigned char)*c) || *c == '_' ||
                  *c == '.'))
                die("bad attribute path \"%s\"", p);
        put_cstring(p);
        fputs(", ", out_c);
    }
    fputs("NULL};\n", out_c);
    free(copy);
    return id;
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
    int conflicts, exactly_one_of, at_least_one_of, required_with; /* p_N ids, -1 none */
    char *checks[16];      /* C initialisers of tf_validator */
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
        int id = next_id++;
        fprintf(out_c, "static const char *const l_%d[] = {", id);
        for (int k = 0; k < n; k++) {
            if (!is_string_literal(argv[k]))
                die("check %s: \"%s\" is not a string", spec, argv[k]);
            fprintf(out_c, "%s, ", argv[k]);
        }
        fputs("NULL};\n", out_c);
        sprintf(out, "TF_V_%s(l_%d)", upper, id);
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
        sprintf(out, "TF_V_INT_ONE_OF(l_%d, %d)", id, n);
    } else if (args) {
        sprintf(out, "TF_V_%s(%s)", upper, args);
    } else {
        sprintf(out, "TF_V_%s", upper);
    }
    free(s);
    return out;
}

/* Reads the annotations tok[0..n) into *a; flags already consumed. */
static void parse_notes(char **tok, int n, attr_notes *a)
{
    memset(a, 0, sizeof *a);
    a->conflicts = a->exactly_one_of = a->at_least_one_of = a->required_with = -1;
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
            a->conflicts = emit_path_list(t + 10);
        } else if (strncmp(t, "exactly_one_of=", 15) == 0) {
            a->exactly_one_of = emit_path_list(t + 15);
        } else if (strncmp(t, "at_least_one_of=", 16) == 0) {
            a->at_least_one_of = emit_path_list(t + 16);
        } else if (strncmp(t, "required_with=", 14) == 0) {
            a->required_with = emit_path_list(t + 14);
        } else {
            die("unknown word \"%s\"", t);
        }
    }
}

/* ---- blocks ---- */

/* Collected C initialisers of one block, written when its "}" is read
 * (nested blocks must be defined before the table that points at them). */
typedef struct block_buf {
    char *attrs;    /* initialisers of tf_attribute entries */
    size_t attrs_len;
    char *blocks;   /* initialisers of tf_nested_block entries */
    size_t blocks_len;
    bool deprecated;
    /* for the nested_block entry in the parent, once closed */
    char *name, *mode;
    const char *flags; /* of the tf_nested_block; NULL: TF_OPTIONAL */
    long min, max;
    attr_notes notes;
} block_buf;

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

static void notes_fields(char **buf, size_t *len, const attr_notes *a)
{
    if (a->forcenew)
        buf_append(buf, len, " | TF_FORCE_NEW");
    buf_append(buf, len, ",");
    if (a->conflicts >= 0)
        buf_append(buf, len, " .conflicts_with = p_%d,", a->conflicts);
    if (a->exactly_one_of >= 0)
        buf_append(buf, len, " .exactly_one_of = p_%d,", a->exactly_one_of);
    if (a->at_least_one_of >= 0)
        buf_append(buf, len, " .at_least_one_of = p_%d,", a->at_least_one_of);
    if (a->required_with >= 0)
        buf_append(buf, len, " .required_with = p_%d,", a->required_with);
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
    buf_append(buf, len, "    {.name = \"%s\", .type = \"%s\", .flags = 0", tok[0], tok[1]);
    int i = 2;
    bool deprecated = false;
    for (; i < n && flag_name(tok[i]); i++) {
        buf_append(buf, len, " | %s", flag_name(tok[i]));
        deprecated |= strcmp(tok[i], "deprecated") == 0;
    }
    attr_notes a;
    parse_notes(tok + i, n - i, &a);
    notes_fields(buf, len, &a);
    if (a.def) {
        buf_append(buf, len, " .def = ");
        /* the default's JSON text as a C string */
        char *lit;
        size_t litlen = 0;
        lit = NULL;
        buf_append(&lit, &litlen, "\"");
        for (const char *c = a.def; *c; c++)
            buf_append(&lit, &litlen, (*c == '"' || *c == '\\') ? "\\%c" : "%c", *c);
        buf_append(&lit, &litlen, "\"");
        buf_append(buf, len, "%s,", lit);
        free(lit);
    }
    if (a.desc)
        buf_append(buf, len, " .description = %s,", a.desc);
    if (deprecated)
        buf_append(buf, len, " .deprecation = %s,",
                   a.deprecation ? a.deprecation : "\"This argument is deprecated.\"");
    if (a.n_checks) {
        int id = next_id++;
        fprintf(out_c, "static const tf_validator v_%d[] = {", id);
        for (int k = 0; k < a.n_checks; k++) {
            fprintf(out_c, "%s, ", a.checks[k]);
            free(a.checks[k]);
        }
        fputs("TF_V_END};\n", out_c);
        buf_append(buf, len, " .validators = v_%d,", id);
    }
    buf_append(buf, len, "},\n");
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

/* Writes a closed block's tables; returns the id of its tf_block. */
static int close_block(block_buf *b, const char *public_name)
{
    int id = next_id++;
    fprintf(out_c, "static tf_attribute a_%d[] = {\n%s    {0},\n};\n", id,
            b->attrs ? b->attrs : "");
    if (b->blocks)
        fprintf(out_c, "static tf_nested_block n_%d[] = {\n%s    {0},\n};\n", id, b->blocks);
    if (public_name)
        fprintf(out_c, "tf_block %s = {", public_name);
    else
        fprintf(out_c, "static tf_block b_%d = {", id);
    fprintf(out_c, ".attrs = a_%d", id);
    if (b->blocks)
        fprintf(out_c, ", .blocks = n_%d", id);
    if (b->deprecated)
        fputs(", .deprecated = true", out_c);
    fputs("};\n", out_c);
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
                char sym[512];
                snprintf(sym, sizeof sym, "aws_schema_%s_%s", cur->kind, cur->name);
                close_block(b, sym);
                depth = 0;
                cur = NULL;
                continue;
            }
            int id = close_block(b, NULL);
            block_buf *parent = &stack[depth - 2];
            buf_append(&parent->blocks, &parent->blocks_len,
                       "    {.name = \"%s\", .nesting = %s, .block = &b_%d, .min_items = %ld, "
                       ".max_items = %ld, .flags = %s",
                       b->name, nesting_name(b->mode), id, b->min, b->max,
                       b->flags ? b->flags : "TF_OPTIONAL");
            notes_fields(&parent->blocks, &parent->blocks_len, &b->notes);
            buf_append(&parent->blocks, &parent->blocks_len, "},\n");
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
    fputs("#include \"aws_schema_gen.h\"\n\n", out_c);
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

/* aws_fuzz_main.h - main() for the AWS fuzz targets without libFuzzer
 * (included by fuzz_aws_*.c when built with FUZZ_STANDALONE).
 *
 *   awsfuzz_ec2 [-runs=N] [-seconds=S] [-seed=K] FILE|DIR...
 *       runs every corpus input as it is, then N deterministic mutations of
 *       each (aws_fuzz.h's structural mutations, chained one to three deep,
 *       and byte flips), stopping early after S seconds; prints the number
 *       of executions.  Any crash, sanitizer report or fuzz_fail aborts.
 *
 *   FUZZ_RECORD=1 AWS_ENDPOINT_URL=... awsfuzz_ec2 -record OUTDIR SPECS
 *       records a corpus: SPECS has one "<type>\t<state JSON>" per line
 *       (data sources as data.<type>); each is read against the endpoint
 *       and written with the answers to OUTDIR/<protocol>/<type>.txt, the
 *       protocol being the one of the type's first request. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>


size_t LLVMFuzzerMutate(uint8_t *data, size_t size, size_t max)
{
    static fuzz_rng g = {0x9e3779b97f4a7c15ull};
    for (int k = 0, m = 1 + (int)fuzz_below(&g, 8); k < m && size > 0; k++)
        data[fuzz_below(&g, size)] = (uint8_t)fuzz_rand(&g);
    (void)max;
    return size;
}

static char *read_all(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    size_t got;
    while ((got = fread(buf + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap)
            buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    *n = len;
    return buf;
}

static const char *proto_dir(int p)
{
    return p == AWS_PROTO_EC2 ? "ec2" : p == AWS_PROTO_QUERY ? "query"
                                      : p == AWS_PROTO_JSON ? "json"
                                      : p == AWS_PROTO_REST_XML ? "restxml" : "none";
}

static int record(const char *outdir, const char *specs)
{
    size_t n;
    char *all = read_all(specs, &n);
    if (!all) {
        perror(specs);
        return 2;
    }
    fuzz_setup();
    aws_http_config hc = {.connect_timeout_ms = 5000, .request_timeout_ms = 30000};
    aws_error err;
    aws_http *real = http_new(&hc, &err);
    if (!real)
        return 2;
    int made = 0;
    for (char *line = strtok(all, "\n"); line; line = strtok(NULL, "\n")) {
        char *tab = strchr(line, '\t');
        if (!tab)
            continue;
        *tab = '\0';
        char *buf = NULL;
        size_t len = 0;
        FILE *m = open_memstream(&buf, &len);
        fprintf(m, "%s\n%s\n", line, tab + 1);
        fflush(m);
        size_t head = len;
        size_t in_len = strlen(line) + strlen(tab + 1) + 2;
        char *in = malloc(in_len + 1);
        snprintf(in, in_len + 1, "%s\n%s\n", line, tab + 1);
        fuzz_last_protocol = -1;
        fuzz_one((const uint8_t *)in, in_len, real, m);
        fclose(m);
        free(in);
        if (fuzz_last_protocol >= 0 && len > head) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s", outdir, proto_dir(fuzz_last_protocol));
            mkdir(path, 0755);
            snprintf(path, sizeof path, "%s/%s/%s.txt", outdir, proto_dir(fuzz_last_protocol),
                     line);
            FILE *f = fopen(path, "wb");
            if (f) {
                fwrite(buf, 1, len, f);
                fclose(f);
                made++;
            }
        } else {
            fprintf(stderr, "record: %s made no request\n", line);
        }
        free(buf);
    }
    http_free(real);
    free(all);
    printf("recorded %d inputs\n", made);
    return 0;
}

typedef struct {
    char **paths;
    size_t n, cap;
} path_list;

static void add_path(path_list *l, const char *p)
{
    struct stat st;
    if (stat(p, &st) != 0) {
        perror(p);
        exit(2);
    }
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(p);
        struct dirent *e;
        while (d && (e = readdir(d)))
            if (e->d_name[0] != '.') {
                char *sub = malloc(strlen(p) + strlen(e->d_name) + 2);
                sprintf(sub, "%s/%s", p, e->d_name);
                add_path(l, sub);
                free(sub);
            }
        if (d)
            closedir(d);
        return;
    }
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 64;
        l->paths = realloc(l->paths, l->cap * sizeof *l->paths);
    }
    l->paths[l->n++] = strdup(p);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
    long runs = 300, seconds = 0;
    uint64_t seed = 1;
    path_list l = {0};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-record") == 0 && i + 2 < argc)
            return record(argv[i + 1], argv[i + 2]);
        if (strncmp(argv[i], "-runs=", 6) == 0)
            runs = atol(argv[i] + 6);
        else if (strncmp(argv[i], "-seconds=", 9) == 0)
            seconds = atol(argv[i] + 9);
        else if (strncmp(argv[i], "-seed=", 6) == 0)
            seed = strtoull(argv[i] + 6, NULL, 10);
        else
            add_path(&l, argv[i]);
    }
    if (l.n == 0) {
        fprintf(stderr, "usage: %s [-runs=N] [-seconds=S] [-seed=K] FILE|DIR...\n", argv[0]);
        return 2;
    }
    qsort(l.paths, l.n, sizeof *l.paths, cmp_str);
    time_t t0 = time(NULL);
    long execs = 0;
    const size_t max = 1 << 20;
    uint8_t *a = malloc(max), *b = malloc(max);
    for (long r = -1; r < runs; r++) {
        for (size_t i = 0; i < l.n; i++) {
            size_t n;
            char *in = read_all(l.paths[i], &n);
            if (!in)
                continue;
            if (r < 0) {
                fuzz_one((const uint8_t *)in, n, NULL, NULL);
            } else {
                uint64_t k = seed * 1000003u + (uint64_t)r * 7919u + i;
                size_t m = n < max ? n : max;
                memcpy(a, in, m);
                for (int depth = 0, d = 1 + (int)(k % 3); depth < d; depth++) {
                    m = fuzz_mutate(k + (uint64_t)depth * 104729u, a, m, b, max);
                    uint8_t *t = a;
                    a = b;
                    b = t;
                }
                if (k % 5 == 0)
                    m = LLVMFuzzerMutate(a, m, max);
                fuzz_one(a, m, NULL, NULL);
            }
            execs++;
            free(in);
        }
        if (seconds > 0 && time(NULL) - t0 >= seconds)
            break;
    }
    free(a);
    free(b);
    for (size_t i = 0; i < l.n; i++)
        free(l.paths[i]);
    free(l.paths);
    printf("%ld executions over %zu corpus inputs in %ld s\n", execs, l.n,
           (long)(time(NULL) - t0));
    return 0;
}

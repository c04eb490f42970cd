/* test_schema_reference.c - our schemas against hashicorp/aws 5.100.0's.
 *
 * Loads `terraform providers schema -json` of the official provider (for
 * every type of aws/schema/known-types.txt, descriptions removed by
 * scripts/schema-reference.py), prepares every definition served by
 * aws_provider_definition() - implemented or schema-only, resources, data
 * sources and ephemeral resources - renders it the same way and compares the
 * two structurally.  Every difference is printed as a JSON path, so a wrong
 * flag or a missing attribute is easy to find.  The reference keeps the
 * attributes that are called "description" (aws_security_group's...); only
 * the prose was removed. */
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "provider.h"
#include "resources.h"
#include "schema_json.h"
#include "check.h"

static int differences;

/* ---- structural diff ---- */

static void diff(const char *path, json_t *ours, json_t *ref)
{
    if (json_equal(ours, ref))
        return;
    if (json_is_object(ours) && json_is_object(ref)) {
        const char *k;
        json_t *v;
        json_object_foreach(ref, k, v) {
            char sub[1024];
            snprintf(sub, sizeof sub, "%s.%s", path, k);
            json_t *o = json_object_get(ours, k);
            if (!o) {
                char *r = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
                printf("  missing  %s (reference: %.200s)\n", sub, r);
                free(r);
                differences++;
            } else {
                diff(sub, o, v);
            }
        }
        json_object_foreach(ours, k, v) {
            if (!json_object_get(ref, k)) {
                char *r = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
                printf("  extra    %s.%s (ours: %.200s)\n", path, k, r);
                free(r);
                differences++;
            }
        }
        return;
    }
    char *a = json_dumps(ours, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
    char *b = json_dumps(ref, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
    printf("  differs  %s: ours %.200s, reference %.200s\n", path, a, b);
    free(a);
    free(b);
    differences++;
}

/* Prepares, renders and compares one schema; returns its rendering. */
static void compare(tf_arena *a, const char *name, tf_block *schema, int64_t version,
                    json_t *ref)
{
    CHECK_MSG(tf_schema_prepare(a, schema) == 0, "%s: schema table does not prepare", name);
    char *text = tf_schema_to_json(a, schema, version);
    CHECK_MSG(text != NULL, "%s: cannot render schema", name);
    if (!text)
        return;
    json_error_t err;
    json_t *ours = json_loads(text, 0, &err);
    CHECK_MSG(ours != NULL, "%s: rendering is not JSON: %s", name, err.text);
    if (!ours)
        return;
    CHECK_MSG(ref != NULL, "%s: not in the reference", name);
    if (ref) {
        int before = differences;
        diff(name, ours, ref);
        CHECK_MSG(differences == before, "%s: %d differences", name, differences - before);
    }
    json_decref(ours);
}

/* ---- README's list of known-only types ----
 *
 * README's "Known types" section lists every type that is known only, one
 * line per kind; the implemented ones are named in the table at its top. */

/* The backticked names on the README line starting with prefix inside the
 * "## Known types" section, as " name1 name2 " (NULL when absent). */
static char *readme_names(const char *readme, const char *prefix)
{
    const char *sec = strstr(readme, "\n## Known types\n");
    if (!sec)
        return NULL;
    const char *end = strstr(sec + 1, "\n## ");
    const char *line = strstr(sec, prefix);
    if (!line || (end && line > end))
        return NULL;
    const char *eol = strchr(line, '\n');
    size_t n = eol ? (size_t)(eol - line) : strlen(line);
    char *out = calloc(1, n + 2);
    strcpy(out, " ");
    for (const char *q = line; q < line + n; q++) {
        if (*q != '`')
            continue;
        const char *close = memchr(q + 1, '`', (size_t)(line + n - q - 1));
        if (!close)
            break;
        strncat(out, q + 1, (size_t)(close - q - 1));
        strcat(out, " ");
        q = close;
    }
    return out;
}

/* Whether " name " is in list, removing it when found. */
static bool take_name(char *list, const char *name)
{
    char key[256];
    snprintf(key, sizeof key, " %s ", name);
    char *at = strstr(list, key);
    if (!at)
        return false;
    memset(at + 1, ' ', strlen(name));
    return true;
}

static void check_kind(const char *readme, const char *prefix, const char *kind,
                       const char *const *names, const bool *schema_only, size_t n)
{
    char *list = readme_names(readme, prefix);
    CHECK_MSG(list != NULL, "README has no \"%s\" line in its Known types section", prefix);
    if (!list)
        return;
    for (size_t i = 0; i < n; i++) {
        /* An implemented type must be named (in the table at the top); one
         * still on the known-only line as well is only stale, not wrong
         * enough to fail a build while types are being implemented. */
        bool listed = take_name(list, names[i]);
        if (schema_only[i])
            CHECK_MSG(listed, "%s %s is known only: list it on README's \"%s\" line", kind,
                      names[i], prefix);
        else
            CHECK_MSG(strstr(readme, names[i]) != NULL,
                      "README does not name the implemented %s %s (add it to the table at the top)",
                      kind, names[i]);
    }
    for (char *w = strtok(list, " "); w; w = strtok(NULL, " "))
        CHECK_MSG(0, "README lists %s %s as known only, but it is not a known %s", kind, w, kind);
    free(list);
}

static void check_readme(const tf_provider_def *p, const char *reference)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/../README.md", reference ? reference : "../../reference");
    FILE *f = fopen(path, "r");
    CHECK_MSG(f != NULL, "cannot read %s", path);
    if (!f)
        return;
    static char readme[1 << 20];
    size_t len = fread(readme, 1, sizeof readme - 1, f);
    readme[len] = '\0';
    fclose(f);
    const char *names[512];
    bool only[512];
    size_t n = 0;
    for (const tf_resource_def *const *r = p->resources; *r && n < 512; r++, n++) {
        names[n] = (*r)->type_name;
        only[n] = (*r)->schema_only;
    }
    check_kind(readme, "- resources:", "resource", names, only, n);
    n = 0;
    for (const tf_data_source_def *const *d = p->data_sources; *d && n < 512; d++, n++) {
        names[n] = (*d)->type_name;
        only[n] = (*d)->schema_only;
    }
    check_kind(readme, "- data sources:", "data source", names, only, n);
    n = 0;
    for (const tf_ephemeral_def *const *e = p->ephemeral_resources; *e && n < 512; e++, n++) {
        names[n] = (*e)->type_name;
        only[n] = (*e)->schema_only;
    }
    check_kind(readme, "- ephemeral resources:", "ephemeral resource", names, only, n);
}

int main(void)
{
    /* CTest sets TFP_REFERENCE; the fallback is the repository's copy seen
     * from tests/aws, where CTest runs this test. */
    const char *reference = getenv("TFP_REFERENCE");
    char path[4096];
    snprintf(path, sizeof path, "%s/hashicorp-aws-5.100.0-schema.json",
             reference ? reference : "../../reference");
    json_error_t err;
    json_t *ref = json_load_file(path, 0, &err);
    if (!ref) {
        printf("cannot load %s: %s\n0 passed, 1 failed\n", path, err.text);
        return 1;
    }
    json_t *ref_resources = json_object_get(ref, "resource_schemas");
    json_t *ref_data = json_object_get(ref, "data_source_schemas");

    tf_arena *a = tf_arena_new();
    const tf_provider_def *p = aws_provider_definition();
    CHECK_MSG(p && p->schema && p->resources && p->data_sources, "provider definition incomplete");

    compare(a, "provider", p->schema, 0, json_object_get(ref, "provider"));

    size_t nres = 0;
    for (const tf_resource_def *const *r = p->resources; *r; r++, nres++) {
        CHECK_MSG((*r)->type_name && (*r)->schema, "resource %zu has no name or schema", nres);
        compare(a, (*r)->type_name, (*r)->schema, (*r)->version,
                json_object_get(ref_resources, (*r)->type_name));
        for (const tf_resource_def *const *q = p->resources; q != r; q++)
            CHECK_MSG(strcmp((*q)->type_name, (*r)->type_name) != 0, "%s listed twice",
                      (*r)->type_name);
    }
    CHECK_MSG(nres == json_object_size(ref_resources), "serving %zu resource types, reference has %zu",
              nres, json_object_size(ref_resources));

    size_t nds = 0;
    for (const tf_data_source_def *const *d = p->data_sources; *d; d++, nds++)
        compare(a, (*d)->type_name, (*d)->schema, (*d)->version,
                json_object_get(ref_data, (*d)->type_name));
    CHECK_MSG(nds == json_object_size(ref_data), "serving %zu data sources, reference has %zu", nds,
              json_object_size(ref_data));

    /* Aliases share their table with the original type. */
    CHECK_MSG(aws_elbv2_alb_def.schema == aws_elbv2_lb_def.schema, "aws_alb has its own table");
    CHECK_MSG(aws_elbv2_alb_listener_def.schema == aws_elbv2_lb_listener_def.schema,
              "aws_alb_listener has its own table");
    CHECK_MSG(aws_elbv2_alb_target_group_def.schema == aws_elbv2_lb_target_group_def.schema,
              "aws_alb_target_group has its own table");

    json_t *ref_eph = json_object_get(ref, "ephemeral_resource_schemas");
    size_t neph = 0;
    for (const tf_ephemeral_def *const *e = p->ephemeral_resources; e && *e; e++, neph++) {
        compare(a, (*e)->type_name, (*e)->schema, (*e)->version,
                json_object_get(ref_eph, (*e)->type_name));
        CHECK_MSG((*e)->schema_only || (*e)->open, "%s: an implemented ephemeral resource "
                  "opens", (*e)->type_name);
    }
    CHECK_MSG(neph == json_object_size(ref_eph) && neph == 7,
              "serving %zu ephemeral resources, reference has %zu", neph, json_object_size(ref_eph));

    /* README's list of the known-only types is the registry's. */
    check_readme(p, reference);
    const tf_resource_def *waf = NULL;
    for (const tf_resource_def *const *r = p->resources; *r; r++)
        if (strcmp((*r)->type_name, "aws_wafv2_web_acl_association") == 0)
            waf = *r;
    CHECK_MSG(waf && waf->schema_only && !waf->create,
              "aws_wafv2_web_acl_association is served schema-only");

    printf("%d differences\n", differences);
    int rc = check_report();
    json_decref(ref);
    tf_arena_free(a);
    return rc;
}

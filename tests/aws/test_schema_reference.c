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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "provider.h"
#include "resources.h"
#include "schema_json.h"

static int passed, failed, differences;

#define CHECK(cond, ...)                                  \
    do {                                                  \
        if (cond) {                                       \
            passed++;                                     \
        } else {                                          \
            failed++;                                     \
            printf("FAIL %s:%d: ", __FILE__, __LINE__);   \
            printf(__VA_ARGS__);                          \
            printf("\n");                                 \
        }                                                 \
    } while (0)

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
    CHECK(tf_schema_prepare(a, schema) == 0, "%s: schema table does not prepare", name);
    char *text = tf_schema_to_json(a, schema, version);
    CHECK(text != NULL, "%s: cannot render schema", name);
    if (!text)
        return;
    json_error_t err;
    json_t *ours = json_loads(text, 0, &err);
    CHECK(ours != NULL, "%s: rendering is not JSON: %s", name, err.text);
    if (!ours)
        return;
    CHECK(ref != NULL, "%s: not in the reference", name);
    if (ref) {
        int before = differences;
        diff(name, ours, ref);
        CHECK(differences == before, "%s: %d differences", name, differences - before);
    }
    json_decref(ours);
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
    CHECK(p && p->schema && p->resources && p->data_sources, "provider definition incomplete");

    compare(a, "provider", p->schema, 0, json_object_get(ref, "provider"));

    size_t nres = 0;
    for (const tf_resource_def *const *r = p->resources; *r; r++, nres++) {
        CHECK((*r)->type_name && (*r)->schema, "resource %zu has no name or schema", nres);
        compare(a, (*r)->type_name, (*r)->schema, (*r)->version,
                json_object_get(ref_resources, (*r)->type_name));
        for (const tf_resource_def *const *q = p->resources; q != r; q++)
            CHECK(strcmp((*q)->type_name, (*r)->type_name) != 0, "%s listed twice",
                  (*r)->type_name);
    }
    CHECK(nres == json_object_size(ref_resources), "serving %zu resource types, reference has %zu",
          nres, json_object_size(ref_resources));

    size_t nds = 0;
    for (const tf_data_source_def *const *d = p->data_sources; *d; d++, nds++)
        compare(a, (*d)->type_name, (*d)->schema, (*d)->version,
                json_object_get(ref_data, (*d)->type_name));
    CHECK(nds == json_object_size(ref_data), "serving %zu data sources, reference has %zu", nds,
          json_object_size(ref_data));

    /* Aliases share their table with the original type. */
    CHECK(aws_elbv2_alb_def.schema == aws_elbv2_lb_def.schema, "aws_alb has its own table");
    CHECK(aws_elbv2_alb_listener_def.schema == aws_elbv2_lb_listener_def.schema,
          "aws_alb_listener has its own table");
    CHECK(aws_elbv2_alb_target_group_def.schema == aws_elbv2_lb_target_group_def.schema,
          "aws_alb_target_group has its own table");

    json_t *ref_eph = json_object_get(ref, "ephemeral_resource_schemas");
    size_t neph = 0;
    for (const tf_ephemeral_def *const *e = p->ephemeral_resources; e && *e; e++, neph++) {
        compare(a, (*e)->type_name, (*e)->schema, (*e)->version,
                json_object_get(ref_eph, (*e)->type_name));
        CHECK((*e)->schema_only, "%s: ephemeral resources are schema-only", (*e)->type_name);
    }
    CHECK(neph == json_object_size(ref_eph) && neph == 7,
          "serving %zu ephemeral resources, reference has %zu", neph, json_object_size(ref_eph));

    /* The types implemented by a file are served as such; the reference
     * holds more types than those (the known-only ones). */
    size_t implemented = 0;
    for (const tf_resource_def *const *r = p->resources; *r; r++)
        implemented += !(*r)->schema_only && (*r)->create && (*r)->read && (*r)->delete;
    CHECK(implemented == 26, "%zu implemented resource types, expected 26", implemented);
    const tf_resource_def *waf = NULL;
    for (const tf_resource_def *const *r = p->resources; *r; r++)
        if (strcmp((*r)->type_name, "aws_wafv2_web_acl_association") == 0)
            waf = *r;
    CHECK(waf && waf->schema_only && !waf->create,
          "aws_wafv2_web_acl_association is served schema-only");

    printf("%d differences\n", differences);
    printf("%d passed, %d failed\n", passed, failed);
    json_decref(ref);
    tf_arena_free(a);
    return failed ? 1 : 0;
}

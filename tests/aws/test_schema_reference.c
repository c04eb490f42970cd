/* test_schema_reference.c - our schemas against hashicorp/aws 5.100.0's.
 *
 * Loads `terraform providers schema -json` of the official provider (for our
 * types, descriptions removed), prepares every definition served by
 * aws_provider_definition(), renders it the same way and compares the two
 * structurally.  Every difference is printed as a JSON path, so a wrong flag
 * or a missing attribute is easy to find.
 *
 * The reference was made by deleting every key called "description" -
 * which also deleted the three real attributes of that name
 * (aws_security_group.description and the description field of its
 * ingress/egress rule objects).  We serve those attributes, as 5.100.0 does,
 * so they are stripped from our side the same way before comparing, and the
 * test checks that exactly those three were stripped. */
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

/* ---- stripping "description" keys like the reference did ---- */

static int stripped;
static char stripped_list[1024];

static void note_stripped(const char *where)
{
    stripped++;
    size_t n = strlen(stripped_list);
    snprintf(stripped_list + n, sizeof stripped_list - n, "%s%s", n ? " " : "", where);
}

/* Removes "description" keys from cty object types (["object",{...}]). */
static void strip_type(json_t *type, const char *where)
{
    if (!json_is_array(type))
        return;
    const char *kind = json_string_value(json_array_get(type, 0));
    json_t *inner = json_array_get(type, 1);
    if (kind && strcmp(kind, "object") == 0 && json_is_object(inner)) {
        if (json_object_get(inner, "description")) {
            json_object_del(inner, "description");
            char buf[256];
            snprintf(buf, sizeof buf, "%s{description}", where);
            note_stripped(buf);
        }
        const char *k;
        json_t *v;
        json_object_foreach(inner, k, v) strip_type(v, where);
    } else if (inner) {
        strip_type(inner, where);
    }
}

static void strip_block(json_t *block, const char *where)
{
    json_t *attrs = json_object_get(block, "attributes");
    if (attrs && json_object_get(attrs, "description")) {
        json_object_del(attrs, "description");
        char buf[256];
        snprintf(buf, sizeof buf, "%s.description", where);
        note_stripped(buf);
    }
    const char *k;
    json_t *v;
    json_object_foreach(attrs, k, v) {
        char buf[256];
        snprintf(buf, sizeof buf, "%s.%s", where, k);
        strip_type(json_object_get(v, "type"), buf);
    }
    json_t *types = json_object_get(block, "block_types");
    json_object_foreach(types, k, v) {
        char buf[256];
        snprintf(buf, sizeof buf, "%s.%s", where, k);
        strip_block(json_object_get(v, "block"), buf);
    }
}

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
    strip_block(json_object_get(ours, "block"), name);
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

    /* Only the three genuine "description" attributes were stripped. */
    CHECK(strcmp(stripped_list, "aws_security_group.description "
                                "aws_security_group.egress{description} "
                                "aws_security_group.ingress{description}") == 0,
          "unexpected attributes stripped: %s", stripped_list);

    printf("%d differences\n", differences);
    printf("%d passed, %d failed\n", passed, failed);
    json_decref(ref);
    tf_arena_free(a);
    return failed ? 1 : 0;
}

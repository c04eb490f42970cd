/* test_schema.c - schema preparation and its JSON rendering.
 *
 * tf_schema_prepare must resolve types, defaults and block object types, and
 * must refuse tables that make no sense; tf_schema_to_json must print the
 * shape `terraform providers schema -json` prints. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "schema_json.h"
#include "check.h"

static tf_arena *A;

/* A small resource: attributes of several kinds, a list block with bounds,
 * a single block and a set block. */
static tf_attribute rule_attrs[] = {
    {.name = "port", .type = "number", .flags = TF_REQUIRED, .description = "a port"},
    {.name = "cidrs", .type = "list(string)", .flags = TF_OPTIONAL, .description = "networks"},
    {0},
};
static tf_block rule_block = {.attrs = rule_attrs};

static tf_attribute timeouts_attrs[] = {
    {.name = "create", .type = "string", .flags = TF_OPTIONAL},
    {0},
};
static tf_block timeouts_block = {.attrs = timeouts_attrs};

static tf_attribute tag_attrs[] = {
    {.name = "key", .type = "string", .flags = TF_REQUIRED},
    {0},
};
static tf_block tag_block = {.attrs = tag_attrs};

static tf_attribute thing_attrs[] = {
    {.name = "id", .type = "string", .flags = TF_OPTIONAL | TF_COMPUTED},
    {.name = "name", .type = "string", .flags = TF_REQUIRED | TF_FORCE_NEW},
    {.name = "secret", .type = "string", .flags = TF_OPTIONAL | TF_SENSITIVE},
    {.name = "size", .type = "number", .flags = TF_OPTIONAL, .def = "3"},
    {.name = "mode", .type = "string", .flags = TF_OPTIONAL, .def = "\"fast\""},
    {.name = "rules", .type = "set(object({from=number,to=number}))",
     .flags = TF_OPTIONAL | TF_COMPUTED},
    {.name = "old", .type = "bool", .flags = TF_OPTIONAL | TF_DEPRECATED,
     .deprecation = "use new"},
    {0},
};
static tf_nested_block thing_blocks[] = {
    {.name = "rule", .nesting = TF_NEST_LIST, .block = &rule_block, .min_items = 1, .max_items = 2},
    {.name = "timeouts", .nesting = TF_NEST_SINGLE, .block = &timeouts_block},
    {.name = "tag", .nesting = TF_NEST_SET, .block = &tag_block},
    {0},
};
static tf_block thing = {.attrs = thing_attrs, .blocks = thing_blocks};

static void test_prepare(void)
{
    CHECK_MSG(tf_schema_prepare(A, &thing) == 0, "valid schema refused");
    CHECK_MSG(thing.n_attrs == 7 && thing.n_blocks == 3, "counted %zu attrs, %zu blocks",
              thing.n_attrs, thing.n_blocks);
    const tf_type *t = thing.ctype;
    CHECK_MSG(t && t->kind == TF_OBJECT && t->n == 10, "object type of the block is wrong");
    /* Attribute names are sorted in object types. */
    int ir = tf_type_attr_index(t, "rule"), it = tf_type_attr_index(t, "timeouts"),
        ig = tf_type_attr_index(t, "tag"), is = tf_type_attr_index(t, "size");
    CHECK_MSG(ir >= 0 && t->types[ir]->kind == TF_LIST && t->types[ir]->elem == rule_block.ctype,
              "list block is not list(object)");
    CHECK_MSG(it >= 0 && t->types[it] == timeouts_block.ctype, "single block is not an object");
    CHECK_MSG(ig >= 0 && t->types[ig]->kind == TF_SET, "set block is not set(object)");
    CHECK_MSG(is >= 0 && t->types[is]->kind == TF_NUMBER, "size is not a number");

    const tf_attribute *size = tf_block_attr(&thing, "size");
    int64_t n = 0;
    CHECK_MSG(size && size->cdef && tf_number_to_i64(size->cdef, &n) && n == 3, "number default");
    const tf_attribute *mode = tf_block_attr(&thing, "mode");
    CHECK_MSG(mode && mode->cdef && mode->cdef->type->kind == TF_STRING &&
              strcmp(mode->cdef->u.str.ptr, "fast") == 0,
              "string default");
    const tf_attribute *rules = tf_block_attr(&thing, "rules");
    CHECK_MSG(rules && rules->ctype->kind == TF_SET && rules->ctype->elem->kind == TF_OBJECT &&
              rules->ctype->elem->n == 2,
              "set(object) attribute type");
    CHECK_MSG(tf_block_attr(&thing, "rule") == NULL, "a block is not an attribute");
    CHECK_MSG(tf_block_nested(&thing, "rule") == &thing_blocks[0], "nested lookup");
    CHECK_MSG(tf_block_nested(&thing, "size") == NULL, "an attribute is not a block");
    CHECK_MSG(tf_block_attr(NULL, "x") == NULL && tf_block_nested(&rule_block, "x") == NULL,
              "lookups on missing things");
    /* Preparing again (aliases share tables) changes nothing. */
    const tf_type *before = thing.ctype;
    CHECK_MSG(tf_schema_prepare(A, &thing) == 0 && thing.ctype == before, "second prepare");
}

/* Each broken table must be refused. */
static int prepare_one(tf_attribute *attrs, tf_nested_block *blocks)
{
    tf_block b = {.attrs = attrs, .blocks = blocks};
    fprintf(stderr, "(expected) ");
    return tf_schema_prepare(A, &b);
}

static void test_refusals(void)
{
    tf_attribute bad_type[] = {{.name = "a", .type = "lisst(string)", .flags = TF_OPTIONAL}, {0}};
    CHECK_MSG(prepare_one(bad_type, NULL) == -1, "malformed type accepted");
    tf_attribute no_type[] = {{.name = "a", .flags = TF_OPTIONAL}, {0}};
    CHECK_MSG(prepare_one(no_type, NULL) == -1, "missing type accepted");
    tf_attribute bad_def[] = {{.name = "a", .type = "number", .flags = TF_OPTIONAL, .def = "\"x\""}, {0}};
    CHECK_MSG(prepare_one(bad_def, NULL) == -1, "default of the wrong type accepted");
    tf_attribute req_comp[] = {{.name = "a", .type = "string", .flags = TF_REQUIRED | TF_COMPUTED}, {0}};
    CHECK_MSG(prepare_one(req_comp, NULL) == -1, "required+computed accepted");
    tf_attribute no_mode[] = {{.name = "a", .type = "string", .flags = TF_SENSITIVE}, {0}};
    CHECK_MSG(prepare_one(no_mode, NULL) == -1, "attribute that is neither set nor computed accepted");
    tf_attribute def_comp[] = {{.name = "a", .type = "string", .flags = TF_OPTIONAL | TF_COMPUTED, .def = "\"x\""}, {0}};
    CHECK_MSG(prepare_one(def_comp, NULL) == -1, "default on computed accepted");
    tf_attribute dup[] = {{.name = "a", .type = "string", .flags = TF_OPTIONAL},
                          {.name = "a", .type = "number", .flags = TF_OPTIONAL}, {0}};
    CHECK_MSG(prepare_one(dup, NULL) == -1, "duplicate name accepted");
    tf_attribute bad_name[] = {{.name = "Bad-Name", .type = "string", .flags = TF_OPTIONAL}, {0}};
    CHECK_MSG(prepare_one(bad_name, NULL) == -1, "invalid name accepted");
    tf_attribute dep[] = {{.name = "a", .type = "string", .flags = TF_OPTIONAL | TF_DEPRECATED}, {0}};
    CHECK_MSG(prepare_one(dep, NULL) == -1, "deprecation without message accepted");
    const tf_validator v[] = {TF_V_STRLEN(1, 2), TF_V_END};
    tf_attribute val_comp[] = {{.name = "a", .type = "string", .flags = TF_COMPUTED, .validators = v}, {0}};
    CHECK_MSG(prepare_one(val_comp, NULL) == -1, "validator on computed-only accepted");

    tf_attribute x[] = {{.name = "x", .type = "string", .flags = TF_OPTIONAL}, {0}};
    static tf_attribute inner_attrs[] = {{.name = "y", .type = "string", .flags = TF_OPTIONAL}, {0}};
    static tf_block inner = {.attrs = inner_attrs};
    tf_nested_block clash[] = {{.name = "x", .nesting = TF_NEST_LIST, .block = &inner}, {0}};
    CHECK_MSG(prepare_one(x, clash) == -1, "block and attribute with the same name accepted");
    tf_nested_block single_many[] = {{.name = "b", .nesting = TF_NEST_SINGLE, .block = &inner, .max_items = 2}, {0}};
    CHECK_MSG(prepare_one(x, single_many) == -1, "single block with max_items 2 accepted");
    tf_nested_block bad_mode[] = {{.name = "b", .nesting = (tf_nesting)9, .block = &inner}, {0}};
    CHECK_MSG(prepare_one(x, bad_mode) == -1, "unknown nesting accepted");
    tf_nested_block no_block[] = {{.name = "b", .nesting = TF_NEST_LIST}, {0}};
    CHECK_MSG(prepare_one(x, no_block) == -1, "nested block without table accepted");
    tf_nested_block bounds[] = {{.name = "b", .nesting = TF_NEST_LIST, .block = &inner, .min_items = 3, .max_items = 2}, {0}};
    CHECK_MSG(prepare_one(x, bounds) == -1, "min_items > max_items accepted");
    tf_block nothing = {0};
    fprintf(stderr, "(expected) ");
    CHECK_MSG(tf_schema_prepare(A, &nothing) == -1, "block without attribute table accepted");
}

static void test_json(void)
{
    char *s = tf_schema_to_json(A, &thing, 2);
    CHECK_MSG(s != NULL, "no rendering");
    if (!s)
        return;
    json_error_t err;
    json_t *got = json_loads(s, 0, &err);
    json_t *want = json_loads(
        "{\"version\":2,\"block\":{"
        "\"attributes\":{"
        "\"id\":{\"type\":\"string\",\"optional\":true,\"computed\":true},"
        "\"name\":{\"type\":\"string\",\"required\":true},"
        "\"secret\":{\"type\":\"string\",\"optional\":true,\"sensitive\":true},"
        "\"size\":{\"type\":\"number\",\"optional\":true},"
        "\"mode\":{\"type\":\"string\",\"optional\":true},"
        "\"rules\":{\"type\":[\"set\",[\"object\",{\"from\":\"number\",\"to\":\"number\"}]],"
        "\"optional\":true,\"computed\":true},"
        "\"old\":{\"type\":\"bool\",\"optional\":true,\"deprecated\":true}},"
        "\"block_types\":{"
        "\"rule\":{\"nesting_mode\":\"list\",\"min_items\":1,\"max_items\":2,\"block\":{"
        "\"attributes\":{\"port\":{\"type\":\"number\",\"required\":true},"
        "\"cidrs\":{\"type\":[\"list\",\"string\"],\"optional\":true}}}},"
        "\"timeouts\":{\"nesting_mode\":\"single\",\"block\":{"
        "\"attributes\":{\"create\":{\"type\":\"string\",\"optional\":true}}}},"
        "\"tag\":{\"nesting_mode\":\"set\",\"block\":{"
        "\"attributes\":{\"key\":{\"type\":\"string\",\"required\":true}}}}}}}",
        0, &err);
    CHECK_MSG(want != NULL, "test bug: %s", err.text);
    CHECK_MSG(got && want && json_equal(got, want), "rendering differs: %s", s);
    json_decref(got);
    json_decref(want);

    tf_block unprepared = {.attrs = timeouts_attrs};
    CHECK_MSG(tf_schema_to_json(A, &unprepared, 0) == NULL, "unprepared block rendered");
}

int main(void)
{
    A = tf_arena_new();
    test_prepare();
    test_refusals();
    test_json();
    tf_arena_free(A);
    return check_report();
}

/* test_block_values.c - the helpers every resource uses around nested
 * blocks (aws/block_values.h) and around generated names (aws/names.h):
 * null and unknown blocks read as absent, a block list is built back from
 * one element or none, and name/name_prefix go in and out of a state the
 * way hashicorp/aws handles them. */
#include <string.h>

#include "aws/aws_test.h"
#include "block_values.h"
#include "names.h"
#include "value_build.h"

static tf_attribute item_attrs[] = {
    {.name = "size", .type = "number", .flags = TF_OPTIONAL},
    {0},
};
static tf_block item_block = {.attrs = item_attrs};

static tf_attribute root_attrs[] = {
    {.name = "name", .type = "string", .flags = TF_OPTIONAL | TF_COMPUTED},
    {.name = "name_prefix", .type = "string", .flags = TF_OPTIONAL | TF_COMPUTED},
    {0},
};
static tf_nested_block root_blocks[] = {
    {.name = "item", .nesting = TF_NEST_LIST, .block = &item_block, .max_items = 1,
     .flags = TF_OPTIONAL},
    {0},
};
static tf_block root_block = {.attrs = root_attrs, .blocks = root_blocks};

static const tf_value *root_with(tf_arena *a, const char *name, const char *prefix,
                                 const tf_value *items)
{
    tf_objb b;
    tf_objb_init(&b, a, root_block.ctype, NULL);
    tf_objb_str(&b, "name", name);
    tf_objb_str(&b, "name_prefix", prefix);
    if (items)
        tf_objb_set(&b, "item", items);
    return tf_objb_done(&b);
}

static void test_blocks(tf_arena *a)
{
    const tf_type *lt = tf_type_list(a, item_block.ctype);
    tf_objb ib;
    tf_objb_init(&ib, a, item_block.ctype, NULL);
    tf_objb_i64(&ib, "size", 8);
    const tf_value *item = tf_objb_done(&ib);

    const tf_value *one = aws_block_list(a, &item_block, item);
    CHECK(aws_block_len(one) == 1);
    CHECK(aws_block_first(one) == item);
    const tf_value *none = aws_block_list(a, &item_block, NULL);
    CHECK(tf_is_known(none) && aws_block_len(none) == 0);
    CHECK(aws_block_first(none) == NULL);

    /* Null and unknown lists, and unknown elements, read as absent. */
    CHECK(aws_block_len(tf_null(a, lt)) == 0 && aws_block_first(tf_null(a, lt)) == NULL);
    CHECK(aws_block_len(tf_unknown(a, lt)) == 0 && aws_block_first(tf_unknown(a, lt)) == NULL);
    const tf_value *unknown_item = tf_unknown(a, item_block.ctype);
    CHECK(aws_block_first(tf_list(a, item_block.ctype, 1, &unknown_item)) == NULL);
    CHECK(aws_block_len(NULL) == 0 && aws_block_first(NULL) == NULL);

    /* By name, from an object that may itself be null or unknown. */
    const tf_value *root = root_with(a, "n", "", one);
    CHECK(aws_block_get(root, "item") == item);
    CHECK(aws_block_get(root, "nothing") == NULL);
    CHECK(aws_block_get(root_with(a, "n", "", none), "item") == NULL);
    CHECK(aws_block_get(tf_null(a, root_block.ctype), "item") == NULL);
    CHECK(aws_block_get(tf_unknown(a, root_block.ctype), "item") == NULL);
    CHECK(aws_block_get(NULL, "item") == NULL);
}

static void test_names(tf_arena *a)
{
    /* name wins; else name_prefix; else the resource's default prefix;
     * else "terraform-". */
    CHECK_STR(aws_name_planned(a, root_with(a, "given", "pre-", NULL), "tf-"), "given");
    const char *n = aws_name_planned(a, root_with(a, "", "pre-", NULL), "tf-");
    CHECK(strncmp(n, "pre-", 4) == 0 && strlen(n) == 4 + AWS_UNIQUE_SUFFIX_LEN);
    n = aws_name_planned(a, root_with(a, NULL, NULL, NULL), "tf-lb-");
    CHECK(strncmp(n, "tf-lb-", 6) == 0 && strlen(n) == 6 + AWS_UNIQUE_SUFFIX_LEN);
    n = aws_name_planned(a, root_with(a, NULL, "", NULL), NULL);
    CHECK(strncmp(n, "terraform-", 10) == 0 && strlen(n) == 10 + AWS_UNIQUE_SUFFIX_LEN);
    /* Unknown (not yet computed) reads as unset. */
    tf_objb b;
    tf_objb_init(&b, a, root_block.ctype, NULL);
    tf_objb_set(&b, "name", tf_unknown(a, &tf_type_string));
    tf_objb_set(&b, "name_prefix", tf_unknown(a, &tf_type_string));
    n = aws_name_planned(a, tf_objb_done(&b), "x-");
    CHECK(strncmp(n, "x-", 2) == 0);

    /* Reading back: the prefix of a generated name, "" for a given one. */
    const char *generated = aws_name_planned(a, root_with(a, NULL, "web-", NULL), NULL);
    tf_objb_init(&b, a, root_block.ctype, NULL);
    aws_name_state(&b, generated);
    const tf_value *st = tf_objb_done(&b);
    CHECK_STR(tf_get_str(st, "name", NULL), generated);
    CHECK_STR(tf_get_str(st, "name_prefix", NULL), "web-");
    tf_objb_init(&b, a, root_block.ctype, NULL);
    aws_name_state(&b, "plain");
    st = tf_objb_done(&b);
    CHECK_STR(tf_get_str(st, "name_prefix", NULL), "");
    /* A missing name (AWS did not say) stays null, with no prefix. */
    tf_objb_init(&b, a, root_block.ctype, NULL);
    aws_name_state(&b, NULL);
    st = tf_objb_done(&b);
    CHECK(tf_is_null(tf_get(st, "name")));
    CHECK_STR(tf_get_str(st, "name_prefix", NULL), "");
}

int main(void)
{
    tf_arena *a = tf_arena_new();
    CHECK(tf_schema_prepare(a, &root_block) == 0);
    test_blocks(a);
    test_names(a);
    tf_arena_free(a);
    return test_finish();
}

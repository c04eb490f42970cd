/* names.h - generated resource names, as hashicorp/aws makes them.
 *
 * When a resource has `name` and `name_prefix` and neither is set,
 * hashicorp/aws names the object "terraform-" plus a unique suffix; with
 * name_prefix it is the prefix plus that suffix.  The suffix (terraform-
 * plugin-sdk's id.UniqueId) is 26 characters: the UTC time to a ten
 * thousandth of a second (18 digits) and an 8-digit hexadecimal counter.
 * Reading a name back, the prefix is recovered by cutting such a suffix. */
#ifndef AWS_NAMES_H
#define AWS_NAMES_H

#include "arena.h"
#include "schema.h"
#include "value_build.h"

enum { AWS_UNIQUE_SUFFIX_LEN = 26 };

/* The `name` and `name_prefix` attributes of such a resource, for its
 * schema's attribute table: both optional, computed and forcing a new
 * object, exclusive of each other, each checked by its validator list. */
#define AWS_NAME_ATTRIBUTES(name_description, name_validators, prefix_validators)              \
    {.name = "name", .type = "string", .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,       \
     .description = name_description, .validators = name_validators,                          \
     .conflicts_with = (const char *const[]){"name_prefix", NULL}},                            \
    {.name = "name_prefix", .type = "string", .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW, \
     .description = "Prefix of a generated unique name; conflicts with name.",                 \
     .validators = prefix_validators, .conflicts_with = (const char *const[]){"name", NULL}}

/* name when non-empty, else prefix (or "terraform-" when prefix is NULL or
 * empty) followed by a unique suffix. */
const char *aws_name_or_generated(tf_arena *a, const char *name, const char *prefix);

/* The name to create an object with, from the `name` and `name_prefix` of
 * a plan; default_prefix (NULL: "terraform-") when neither is set. */
const char *aws_name_planned(tf_arena *a, const tf_value *planned, const char *default_prefix);

/* The prefix of a generated name (possibly ""), or NULL when name does not
 * end in a unique suffix. */
const char *aws_name_prefix_from_name(tf_arena *a, const char *name);

/* Sets `name` of a state being built, and `name_prefix` to the prefix it
 * was generated with ("" for a name given in full). */
void aws_name_state(tf_objb *b, const char *name);

#endif

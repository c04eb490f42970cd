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

enum { AWS_UNIQUE_SUFFIX_LEN = 26 };

/* name when non-empty, else prefix (or "terraform-" when prefix is NULL or
 * empty) followed by a unique suffix. */
const char *aws_name_or_generated(tf_arena *a, const char *name, const char *prefix);

/* The prefix of a generated name (possibly ""), or NULL when name does not
 * end in a unique suffix. */
const char *aws_name_prefix_from_name(tf_arena *a, const char *name);

#endif

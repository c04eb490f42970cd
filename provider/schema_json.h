/* schema_json.h - a schema rendered as `terraform providers schema -json`.
 *
 * Used by tests (and debugging) to compare our declared schemas with the
 * official provider's, attribute by attribute. */
#ifndef TF_SCHEMA_JSON_H
#define TF_SCHEMA_JSON_H

#include <stdint.h>

#include "arena.h"
#include "schema.h"

/* {"version":N,"block":{"attributes":{...},"block_types":{...}}} for a
 * prepared block, in the shape Terraform prints (descriptions and false
 * flags left out).  Returns NULL if the block was not prepared. */
char *tf_schema_to_json(tf_arena *a, const tf_block *b, int64_t version);

#endif

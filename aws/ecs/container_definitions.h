/* container_definitions.h - the container_definitions JSON of
 * aws_ecs_task_definition, as hashicorp/aws stores and compares it.
 *
 * hashicorp/aws decodes the JSON into the AWS SDK's ContainerDefinition
 * structures (keys matched case-insensitively, unknown keys and nulls
 * dropped), sorts containers, environment variables and secrets by name,
 * removes empty entries from the lists of objects, and encodes the result
 * again with sorted keys.  That normal form is what the plan and the state
 * hold; a later configuration is then compared with it after both sides
 * are reduced further (defaults AWS fills in are assumed). */
#ifndef AWS_ECS_CONTAINER_DEFINITIONS_H
#define AWS_ECS_CONTAINER_DEFINITIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

/* The normal form of json (the StateFunc of container_definitions), or
 * "[]" when json does not decode into container definitions, as there. */
char *ecs_container_definitions_normalize(tf_arena *a, const char *json, size_t len);

/* containerDefinitionsAreEquivalent: whether x and y describe the same
 * containers once the values AWS defaults are filled in (essential, health
 * check timings, tcp, host ports; with awsvpc networking a missing host
 * port is the container port).  False when either does not decode. */
bool ecs_container_definitions_equivalent(const char *x, size_t xlen, const char *y,
                                          size_t ylen, bool awsvpc);

#endif

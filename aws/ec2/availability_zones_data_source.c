/* availability_zones_data_source.c - data "aws_availability_zones": the
 * availability zones of the provider's region.
 *
 * The schema table comes first; the read callback follows it. */

#include "resources.h"

/* ---- schema ---- */

static const char *const az_state_values[] = {
    "available", "information", "impaired", "unavailable", "constrained", NULL,
};

static tf_attribute azs_filter_attrs[] = {
    {
        .name = "name",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "Name of the DescribeAvailabilityZones filter, e.g. zone-type.",
    },
    {
        .name = "values",
        .type = "set(string)",
        .flags = TF_REQUIRED,
        .description = "Values the filter accepts.",
    },
    {0},
};

static tf_block azs_filter = {
    .attrs = azs_filter_attrs,
    .description = "A server-side filter on the zones.",
};

static tf_attribute azs_timeouts_attrs[] = {
    {
        .name = "read",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "How long listing the zones may take (e.g. \"20m\").",
        .validators = (const tf_validator[]){TF_V_DURATION, TF_V_END},
    },
    {0},
};

static tf_block azs_timeouts = {
    .attrs = azs_timeouts_attrs,
    .description = "How long operations may take before they fail.",
};

static tf_attribute azs_attrs[] = {
    {
        .name = "all_availability_zones",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Include Local Zones and Wavelength Zones regardless of opt-in.",
    },
    {
        .name = "exclude_names",
        .type = "set(string)",
        .flags = TF_OPTIONAL,
        .description = "Zone names to leave out.",
    },
    {
        .name = "exclude_zone_ids",
        .type = "set(string)",
        .flags = TF_OPTIONAL,
        .description = "Zone IDs to leave out.",
    },
    {
        .name = "group_names",
        .type = "set(string)",
        .flags = TF_COMPUTED,
        .description = "Zone group names of the zones.",
    },
    {
        .name = "id",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "The region the zones were listed for.",
    },
    {
        .name = "names",
        .type = "list(string)",
        .flags = TF_COMPUTED,
        .description = "Names of the zones, sorted.",
    },
    {
        .name = "state",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Only list zones in this state, e.g. available.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(az_state_values), TF_V_END},
    },
    {
        .name = "zone_ids",
        .type = "list(string)",
        .flags = TF_COMPUTED,
        .description = "Zone IDs, in the same order as names.",
    },
    {0},
};

static tf_nested_block azs_blocks[] = {
    {.name = "filter", .nesting = TF_NEST_SET, .block = &azs_filter, .flags = TF_OPTIONAL},
    {.name = "timeouts", .nesting = TF_NEST_SINGLE, .block = &azs_timeouts, .flags = TF_OPTIONAL},
    {0},
};

static tf_block azs_schema = {
    .attrs = azs_attrs,
    .blocks = azs_blocks,
    .description = "Lists the availability zones of the current region.",
};

/* ---- definition ---- */

const tf_data_source_def aws_ec2_availability_zones_def = {
    .type_name = "aws_availability_zones",
    .version = 0,
    .schema = &azs_schema,
};

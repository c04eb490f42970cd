/* lb.c - aws_lb (alias aws_alb): an application, network or gateway load
 * balancer.
 *
 * Both type names share one schema table and one set of callbacks; only the
 * name Terraform uses differs.  The schema table comes first; the resource
 * callbacks follow it. */

#include "resources.h"

/* ---- schema ---- */

static const char *const desync_mode_values[] = {"monitor", "defensive", "strictest", NULL};
static const char *const dns_routing_policy_values[] = {
    "availability_zone_affinity", "partial_availability_zone_affinity", "any_availability_zone",
    NULL,
};
static const char *const on_off_values[] = {"on", "off", NULL};
static const char *const lb_ip_address_type_values[] = {
    "ipv4", "dualstack", "dualstack-without-public-ipv4", NULL,
};
static const char *const lb_type_values[] = {"application", "network", "gateway", NULL};
static const char *const xff_mode_values[] = {"append", "preserve", "remove", NULL};

static tf_attribute lb_access_logs_attrs[] = {
    {
        .name = "bucket",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "S3 bucket that receives the access logs.",
    },
    {
        .name = "enabled",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Whether access logs are written.",
        .def = "false",
    },
    {
        .name = "prefix",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Key prefix for the access log objects.",
    },
    {0},
};

static tf_block lb_access_logs = {
    .attrs = lb_access_logs_attrs,
    .description = "Where and whether access logs are stored.",
};

static tf_attribute lb_connection_logs_attrs[] = {
    {
        .name = "bucket",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "S3 bucket that receives the connection logs.",
    },
    {
        .name = "enabled",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Whether connection logs are written.",
        .def = "false",
    },
    {
        .name = "prefix",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Key prefix for the connection log objects.",
    },
    {0},
};

static tf_block lb_connection_logs = {
    .attrs = lb_connection_logs_attrs,
    .description = "Where and whether connection logs are stored.",
};

static tf_attribute lb_ipam_pools_attrs[] = {
    {
        .name = "ipv4_ipam_pool_id",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "IPAM pool that supplies the load balancer's IPv4 addresses.",
    },
    {0},
};

static tf_block lb_ipam_pools = {
    .attrs = lb_ipam_pools_attrs,
    .description = "IPAM pools the load balancer takes addresses from.",
};

static tf_attribute lb_minimum_load_balancer_capacity_attrs[] = {
    {
        .name = "capacity_units",
        .type = "number",
        .flags = TF_REQUIRED,
        .description = "Load balancer capacity units to reserve.",
    },
    {0},
};

static tf_block lb_minimum_load_balancer_capacity = {
    .attrs = lb_minimum_load_balancer_capacity_attrs,
    .description = "Capacity reserved in advance for the load balancer.",
};

static tf_attribute lb_subnet_mapping_attrs[] = {
    {
        .name = "allocation_id",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Elastic IP to use in this subnet (network load balancers).",
    },
    {
        .name = "ipv6_address",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "IPv6 address to use in this subnet.",
        .validators = (const tf_validator[]){TF_V_IPV6_ADDRESS, TF_V_END},
    },
    {
        .name = "outpost_id",
        .type = "string",
        .flags = TF_COMPUTED,
        .description = "Outpost the subnet is on.",
    },
    {
        .name = "private_ipv4_address",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Private IPv4 address to use in this subnet.",
        .validators = (const tf_validator[]){TF_V_IPV4_ADDRESS, TF_V_END},
    },
    {
        .name = "subnet_id",
        .type = "string",
        .flags = TF_REQUIRED,
        .description = "Subnet to place the load balancer in.",
    },
    {0},
};

static tf_block lb_subnet_mapping = {
    .attrs = lb_subnet_mapping_attrs,
    .description = "A subnet to place the load balancer in, with optional fixed addresses.",
};

static tf_attribute lb_timeouts_attrs[] = {
    {
        .name = "create",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "How long creating the load balancer may take (e.g. \"10m\").",
        .validators = (const tf_validator[]){TF_V_DURATION, TF_V_END},
    },
    {
        .name = "delete",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "How long deleting the load balancer may take.",
        .validators = (const tf_validator[]){TF_V_DURATION, TF_V_END},
    },
    {
        .name = "update",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "How long updating the load balancer may take.",
        .validators = (const tf_validator[]){TF_V_DURATION, TF_V_END},
    },
    {0},
};

static tf_block lb_timeouts = {
    .attrs = lb_timeouts_attrs,
    .description = "How long operations may take before they fail.",
};

static tf_attribute lb_attrs[] = {
    {
        .name = "arn",
        .type = "string",
        .flags = TF_COMPUTED,
        .description = "ARN of the load balancer (same as id).",
    },
    {
        .name = "arn_suffix",
        .type = "string",
        .flags = TF_COMPUTED,
        .description = "Part of the ARN used in CloudWatch metrics.",
    },
    {
        .name = "client_keep_alive",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Seconds a client connection may stay open (application load balancers).",
        .def = "3600",
    },
    {
        .name = "customer_owned_ipv4_pool",
        .type = "string",
        .flags = TF_OPTIONAL | TF_FORCE_NEW,
        .description = "Customer-owned IPv4 pool for an application load balancer on an Outpost.",
    },
    {
        .name = "desync_mitigation_mode",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "How HTTP desync risks are handled: monitor, defensive or strictest.",
        .def = "\"defensive\"",
        .validators = (const tf_validator[]){TF_V_ONE_OF(desync_mode_values), TF_V_END},
    },
    {
        .name = "dns_name",
        .type = "string",
        .flags = TF_COMPUTED,
        .description = "DNS name clients use to reach the load balancer.",
    },
    {
        .name = "dns_record_client_routing_policy",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "How DNS answers spread clients over zones (network load balancers).",
        .def = "\"any_availability_zone\"",
        .validators = (const tf_validator[]){TF_V_ONE_OF(dns_routing_policy_values), TF_V_END},
    },
    {
        .name = "drop_invalid_header_fields",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Drop HTTP headers with invalid names.",
        .def = "false",
    },
    {
        .name = "enable_cross_zone_load_balancing",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Spread traffic over targets in all zones.",
        .def = "false",
    },
    {
        .name = "enable_deletion_protection",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Refuse deletion through the API.",
        .def = "false",
    },
    {
        .name = "enable_http2",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Accept HTTP/2 (application load balancers).",
        .def = "true",
    },
    {
        .name = "enable_tls_version_and_cipher_suite_headers",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Add TLS version and cipher headers to forwarded requests.",
        .def = "false",
    },
    {
        .name = "enable_waf_fail_open",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Keep forwarding when AWS WAF cannot be reached.",
        .def = "false",
    },
    {
        .name = "enable_xff_client_port",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Keep the client port in X-Forwarded-For.",
        .def = "false",
    },
    {
        .name = "enable_zonal_shift",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Allow zonal shifts through Route 53 ARC.",
        .def = "false",
    },
    {
        .name = "enforce_security_group_inbound_rules_on_private_link_traffic",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Apply inbound security group rules to PrivateLink traffic: on or off.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(on_off_values), TF_V_END},
    },
    {
        .name = "id",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "ARN of the load balancer.",
    },
    {
        .name = "idle_timeout",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Seconds a connection may stay idle.",
        .def = "60",
    },
    {
        .name = "internal",
        .type = "bool",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "Create an internal (not internet-facing) load balancer.",
    },
    {
        .name = "ip_address_type",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description =
            "IP address families the load balancer serves: ipv4, dualstack or "
            "dualstack-without-public-ipv4.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(lb_ip_address_type_values), TF_V_END},
    },
    {
        .name = "load_balancer_type",
        .type = "string",
        .flags = TF_OPTIONAL | TF_FORCE_NEW,
        .description = "Kind of load balancer: application, network or gateway.",
        .def = "\"application\"",
        .validators = (const tf_validator[]){TF_V_ONE_OF(lb_type_values), TF_V_END},
    },
    {
        .name = "name",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "Name of the load balancer (at most 32 characters); generated when omitted.",
        .validators = (const tf_validator[]){
            TF_V_STRLEN(0, 32),
            TF_V_REGEX("^[0-9A-Za-z-]*$", "only alphanumeric characters and hyphens allowed"),
            TF_V_NOT_REGEX("^-", "cannot begin with a hyphen"),
            TF_V_NOT_REGEX("-$", "cannot end with a hyphen"),
            TF_V_NOT_REGEX("^internal-", "cannot begin with \"internal-\""),
            TF_V_END,
        },
        .conflicts_with = (const char *const[]){"name_prefix", NULL},
    },
    {
        .name = "name_prefix",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "Prefix of a generated unique name; conflicts with name.",
        .validators = (const tf_validator[]){
            TF_V_STRLEN(0, 6),
            TF_V_REGEX("^[0-9A-Za-z-]+$", "only alphanumeric characters and hyphens allowed"),
            TF_V_NOT_REGEX("^-", "cannot begin with a hyphen"),
            TF_V_NOT_REGEX("^internal-", "cannot begin with \"internal-\""),
            TF_V_END,
        },
        .conflicts_with = (const char *const[]){"name", NULL},
    },
    {
        .name = "preserve_host_header",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Forward the Host header unchanged.",
        .def = "false",
    },
    {
        .name = "security_groups",
        .type = "set(string)",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Security groups of the load balancer.",
    },
    {
        .name = "subnets",
        .type = "set(string)",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Subnets the load balancer is placed in (one per zone).",
        .exactly_one_of = (const char *const[]){"subnet_mapping", "subnets", NULL},
    },
    {
        .name = "tags",
        .type = "map(string)",
        .flags = TF_OPTIONAL,
        .description = "Tags of the resource.",
    },
    {
        .name = "tags_all",
        .type = "map(string)",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "All tags of the resource, including the provider's default tags.",
    },
    {
        .name = "vpc_id",
        .type = "string",
        .flags = TF_COMPUTED,
        .description = "VPC the resource belongs to.",
    },
    {
        .name = "xff_header_processing_mode",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "How X-Forwarded-For is treated: append, preserve or remove.",
        .def = "\"append\"",
        .validators = (const tf_validator[]){TF_V_ONE_OF(xff_mode_values), TF_V_END},
    },
    {
        .name = "zone_id",
        .type = "string",
        .flags = TF_COMPUTED,
        .description = "Route 53 hosted zone ID for alias records.",
    },
    {0},
};

static tf_nested_block lb_blocks[] = {
    {
        .name = "access_logs",
        .nesting = TF_NEST_LIST,
        .block = &lb_access_logs,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "connection_logs",
        .nesting = TF_NEST_LIST,
        .block = &lb_connection_logs,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "ipam_pools",
        .nesting = TF_NEST_LIST,
        .block = &lb_ipam_pools,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "minimum_load_balancer_capacity",
        .nesting = TF_NEST_LIST,
        .block = &lb_minimum_load_balancer_capacity,
        .max_items = 1,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "subnet_mapping",
        .nesting = TF_NEST_SET,
        .block = &lb_subnet_mapping,
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .exactly_one_of = (const char *const[]){"subnet_mapping", "subnets", NULL},
    },
    {.name = "timeouts", .nesting = TF_NEST_SINGLE, .block = &lb_timeouts, .flags = TF_OPTIONAL},
    {0},
};

static tf_block lb_schema = {
    .attrs = lb_attrs,
    .blocks = lb_blocks,
    .description = "An Elastic Load Balancing v2 load balancer (application, network or gateway).",
};

/* ---- definitions ---- */

const tf_resource_def aws_elbv2_lb_def = {
    .type_name = "aws_lb",
    .version = 0,
    .schema = &lb_schema,
};

const tf_resource_def aws_elbv2_alb_def = {
    .type_name = "aws_alb",
    .version = 0,
    .schema = &lb_schema,
};

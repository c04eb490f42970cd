/* launch_configuration.c - aws_launch_configuration: the (immutable)
 * instance template of an Auto Scaling group.
 *
 * The schema table comes first; the resource callbacks follow it. */

#include <openssl/sha.h>
#include <string.h>

#include "resources.h"

/* ---- schema ---- */

static const char *const metadata_endpoint_values[] = {"enabled", "disabled", NULL};
static const char *const metadata_tokens_values[] = {"optional", "required", NULL};

static tf_attribute lc_ebs_block_device_attrs[] = {
    {
        .name = "delete_on_termination",
        .type = "bool",
        .flags = TF_OPTIONAL | TF_FORCE_NEW,
        .description = "Whether the volume is deleted with the instance.",
        .def = "true",
    },
    {
        .name = "device_name",
        .type = "string",
        .flags = TF_REQUIRED | TF_FORCE_NEW,
        .description = "Device name the volume is attached as.",
    },
    {
        .name = "encrypted",
        .type = "bool",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "Encrypt the volume.",
    },
    {
        .name = "iops",
        .type = "number",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "Provisioned IOPS.",
    },
    {
        .name = "no_device",
        .type = "bool",
        .flags = TF_OPTIONAL | TF_FORCE_NEW,
        .description = "Suppress this device from the AMI's mapping.",
    },
    {
        .name = "snapshot_id",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "Snapshot to create the volume from.",
    },
    {
        .name = "throughput",
        .type = "number",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "Throughput in MiB/s (gp3).",
    },
    {
        .name = "volume_size",
        .type = "number",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "Size of the volume in GiB.",
    },
    {
        .name = "volume_type",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "EBS volume type.",
    },
    {0},
};

static tf_block lc_ebs_block_device = {
    .attrs = lc_ebs_block_device_attrs,
    .description = "An extra EBS volume for the instances.",
};

static tf_attribute lc_ephemeral_block_device_attrs[] = {
    {
        .name = "device_name",
        .type = "string",
        .flags = TF_REQUIRED | TF_FORCE_NEW,
        .description = "Device name of the instance store volume.",
    },
    {
        .name = "no_device",
        .type = "bool",
        .flags = TF_OPTIONAL | TF_FORCE_NEW,
        .description = "Suppress this device from the AMI's mapping.",
    },
    {
        .name = "virtual_name",
        .type = "string",
        .flags = TF_OPTIONAL | TF_FORCE_NEW,
        .description = "Instance store name, e.g. ephemeral0.",
    },
    {0},
};

static tf_block lc_ephemeral_block_device = {
    .attrs = lc_ephemeral_block_device_attrs,
    .description = "An instance store volume for the instances.",
};

static tf_attribute lc_metadata_options_attrs[] = {
    {
        .name = "http_endpoint",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "Metadata service: enabled or disabled.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(metadata_endpoint_values), TF_V_END},
    },
    {
        .name = "http_put_response_hop_limit",
        .type = "number",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "Hop limit of metadata PUT responses, 1-64.",
        .validators = (const tf_validator[]){TF_V_INT_BETWEEN(1, 64), TF_V_END},
    },
    {
        .name = "http_tokens",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "Whether IMDSv2 session tokens are optional or required.",
        .validators = (const tf_validator[]){TF_V_ONE_OF(metadata_tokens_values), TF_V_END},
    },
    {0},
};

static tf_block lc_metadata_options = {
    .attrs = lc_metadata_options_attrs,
    .description = "Instance metadata service settings.",
};

static tf_attribute lc_root_block_device_attrs[] = {
    {
        .name = "delete_on_termination",
        .type = "bool",
        .flags = TF_OPTIONAL | TF_FORCE_NEW,
        .description = "Whether the root volume is deleted with the instance.",
        .def = "true",
    },
    {
        .name = "encrypted",
        .type = "bool",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "Encrypt the volume.",
    },
    {
        .name = "iops",
        .type = "number",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "Provisioned IOPS.",
    },
    {
        .name = "throughput",
        .type = "number",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "Throughput in MiB/s (gp3).",
    },
    {
        .name = "volume_size",
        .type = "number",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "Size of the volume in GiB.",
    },
    {
        .name = "volume_type",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "EBS volume type.",
    },
    {0},
};

static tf_block lc_root_block_device = {
    .attrs = lc_root_block_device_attrs,
    .description = "The root volume of the instances.",
};

static tf_attribute lc_attrs[] = {
    {
        .name = "arn",
        .type = "string",
        .flags = TF_COMPUTED,
        .description = "ARN of the launch configuration.",
    },
    {
        .name = "associate_public_ip_address",
        .type = "bool",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "Give instances in a VPC a public IP address.",
    },
    {
        .name = "ebs_optimized",
        .type = "bool",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "Launch EBS-optimized instances.",
    },
    {
        .name = "enable_monitoring",
        .type = "bool",
        .flags = TF_OPTIONAL | TF_FORCE_NEW,
        .description = "Enable detailed (one-minute) monitoring.",
        .def = "true",
    },
    {
        .name = "iam_instance_profile",
        .type = "string",
        .flags = TF_OPTIONAL | TF_FORCE_NEW,
        .description = "Instance profile (name or ARN) for the instances.",
    },
    {
        .name = "id",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED,
        .description = "Name of the launch configuration.",
    },
    {
        .name = "image_id",
        .type = "string",
        .flags = TF_REQUIRED | TF_FORCE_NEW,
        .description = "AMI to launch.",
    },
    {
        .name = "instance_type",
        .type = "string",
        .flags = TF_REQUIRED | TF_FORCE_NEW,
        .description = "EC2 instance type to launch.",
    },
    {
        .name = "key_name",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "Key pair for SSH access.",
    },
    {
        .name = "name",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "Name of the launch configuration; generated when omitted.",
        .validators = (const tf_validator[]){TF_V_STRLEN(1, 255), TF_V_END},
        .conflicts_with = (const char *const[]){"name_prefix", NULL},
    },
    {
        .name = "name_prefix",
        .type = "string",
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
        .description = "Prefix of a generated unique name; conflicts with name.",
        .validators = (const tf_validator[]){TF_V_STRLEN(1, 229), TF_V_END},
        .conflicts_with = (const char *const[]){"name", NULL},
    },
    {
        .name = "placement_tenancy",
        .type = "string",
        .flags = TF_OPTIONAL | TF_FORCE_NEW,
        .description = "Tenancy of the instances: default or dedicated.",
    },
    {
        .name = "security_groups",
        .type = "set(string)",
        .flags = TF_OPTIONAL | TF_FORCE_NEW,
        .description = "Security groups of the launched instances.",
    },
    {
        .name = "spot_price",
        .type = "string",
        .flags = TF_OPTIONAL | TF_FORCE_NEW,
        .description = "Maximum Spot price; On-Demand when empty.",
    },
    {
        .name = "user_data",
        .type = "string",
        .flags = TF_OPTIONAL | TF_FORCE_NEW,
        .description = "User data given to instances; stored as a hash.",
        .validators = (const tf_validator[]){TF_V_STRLEN(1, 16384), TF_V_END},
        .conflicts_with = (const char *const[]){"user_data_base64", NULL},
    },
    {
        .name = "user_data_base64",
        .type = "string",
        .flags = TF_OPTIONAL | TF_FORCE_NEW,
        .description = "User data, base64-encoded (for binary content).",
        .validators = (const tf_validator[]){TF_V_BASE64, TF_V_END},
        .conflicts_with = (const char *const[]){"user_data", NULL},
    },
    {0},
};

static tf_nested_block lc_blocks[] = {
    {
        .name = "ebs_block_device",
        .nesting = TF_NEST_SET,
        .block = &lc_ebs_block_device,
        .flags = TF_OPTIONAL | TF_COMPUTED,
    },
    {
        .name = "ephemeral_block_device",
        .nesting = TF_NEST_SET,
        .block = &lc_ephemeral_block_device,
        .flags = TF_OPTIONAL | TF_FORCE_NEW,
    },
    {
        .name = "metadata_options",
        .nesting = TF_NEST_LIST,
        .block = &lc_metadata_options,
        .max_items = 1,
        .flags = TF_OPTIONAL | TF_COMPUTED | TF_FORCE_NEW,
    },
    {
        .name = "root_block_device",
        .nesting = TF_NEST_LIST,
        .block = &lc_root_block_device,
        .max_items = 1,
        .flags = TF_OPTIONAL | TF_COMPUTED,
    },
    {0},
};

static tf_block lc_schema = {
    .attrs = lc_attrs,
    .blocks = lc_blocks,
    .description = "An immutable instance template for Auto Scaling groups.",
};

/* ---- planning ----
 *
 * hashicorp/aws stores user_data as a hash (its StateFunc userDataHashSum),
 * so the plan and the state hold the hash, never the script itself. */

static int lc_b64_digit(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

/* Decodes s as Go's base64.StdEncoding.DecodeString does (padding required,
 * line breaks ignored, trailing bits not checked) into out (at least
 * len * 3 / 4 + 3 bytes).  Returns the decoded length, or -1 when s is not
 * base64. */
static long lc_b64_decode(const char *s, size_t len, unsigned char *out)
{
    int quad[4];
    size_t nq = 0, n = 0;
    bool ended = false;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '\r' || c == '\n')
            continue;
        if (ended)
            return -1; /* nothing may follow the padding */
        int d = c == '=' ? -2 : lc_b64_digit(c);
        if (d == -1)
            return -1;
        quad[nq++] = d;
        if (nq < 4)
            continue;
        nq = 0;
        if (quad[0] < 0 || quad[1] < 0 || (quad[2] == -2 && quad[3] != -2))
            return -1;
        out[n++] = (unsigned char)(quad[0] << 2 | quad[1] >> 4);
        if (quad[2] == -2) {
            ended = true;
            continue;
        }
        out[n++] = (unsigned char)((quad[1] & 15) << 4 | quad[2] >> 2);
        if (quad[3] == -2) {
            ended = true;
            continue;
        }
        out[n++] = (unsigned char)((quad[2] & 3) << 6 | quad[3]);
    }
    return nq == 0 ? (long)n : -1;
}

/* userDataHashSum: SHA-1 in hex of the base64-decoded user data, or of the
 * text itself when it is not base64. */
static const tf_value *lc_user_data_hash(tf_arena *a, const tf_value *v)
{
    size_t len = v->u.str.len;
    unsigned char *buf = tf_arena_alloc(a, len * 3 / 4 + 4);
    long n = lc_b64_decode(v->u.str.ptr, len, buf);
    const unsigned char *data = n >= 0 ? buf : (const unsigned char *)v->u.str.ptr;
    unsigned char md[SHA_DIGEST_LENGTH];
    SHA1(data, n >= 0 ? (size_t)n : len, md);
    char hex[2 * SHA_DIGEST_LENGTH + 1];
    for (size_t i = 0; i < SHA_DIGEST_LENGTH; i++) {
        static const char digits[] = "0123456789abcdef";
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[2 * SHA_DIGEST_LENGTH] = '\0';
    return tf_string(a, hex);
}

static void lc_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->planned))
        return;
    const tf_value *ud = tf_get(req->config, "user_data");
    if (tf_is_known(ud))
        req->planned = tf_object_with(ctx->arena, req->planned, "user_data",
                                      lc_user_data_hash(ctx->arena, ud));
}

/* ---- definition ---- */

const tf_resource_def aws_autoscaling_launch_configuration_def = {
    .type_name = "aws_launch_configuration",
    .version = 0,
    .schema = &lc_schema,
    .modify_plan = lc_modify_plan,
};

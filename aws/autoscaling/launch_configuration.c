/* launch_configuration.c - aws_launch_configuration: the (immutable)
 * instance template of an Auto Scaling group.
 *
 * The schema is generated from aws/schema/aws.schema. */

#include <openssl/sha.h>
#include <string.h>

#include "autoscaling_common.h"
#include "aws_schema_gen.h"
#include "base64.h"
#include "diagnostics.h"
#include "names.h"
#include "provider_meta.h"
#include "resources.h"
#include "schema_block.h"
#include "value_build.h"

/* The generated schema table (aws/schema/aws.schema). */
#define LC_SCHEMA (&aws_schema_resource_aws_launch_configuration)

/* The nested block at path of the schema. */
static const tf_block *lc_block(const char *path)
{
    return aws_schema_block(LC_SCHEMA, path);
}

/* ---- planning ----
 *
 * hashicorp/aws stores user_data as a hash (its StateFunc userDataHashSum),
 * so the plan and the state hold the hash, never the script itself. */

/* userDataHashSum: SHA-1 in hex of the base64-decoded user data, or of the
 * text itself when it is not base64. */
static const tf_value *lc_user_data_hash(tf_arena *a, const tf_value *v)
{
    size_t len = v->u.str.len, n;
    const unsigned char *data = aws_base64_decode(a, v->u.str.ptr, len, &n);
    if (!data) {
        data = (const unsigned char *)v->u.str.ptr;
        n = len;
    }
    unsigned char md[SHA_DIGEST_LENGTH];
    SHA1(data, n, md);
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

/* ---- create / read / delete ----
 *
 * Every argument forces replacement, so there is no update.  The state
 * follows hashicorp/aws: unset strings read back as "", block devices are
 * split by the AMI's root device name into root/ebs/ephemeral. */

#define LC_RETRY_S (2 * 60.0) /* IAM propagation on create, ResourceInUse on delete */

/* The AMI's root device name, "" when the image is unknown (as hashicorp
 * tolerates on read), NULL on error. */
static const char *lc_root_device(tf_ctx *ctx, aws_client *c, const char *image)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "ImageId.1", image);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(c, ctx->arena, ctx->stop, "ec2", "DescribeImages", p, &out, &err) != 0) {
        if (aws_error_is_not_found(&err) || aws_error_is(&err, "InvalidAMIID.Malformed"))
            return "";
        aws_diag(ctx, &err, "reading EC2 AMI (%s)", image);
        return NULL;
    }
    const char *dev = aws_xml_text(out, "imagesSet/item/rootDeviceName");
    return dev ? dev : "";
}

static void lc_param_bool(aws_params *p, const char *name, const tf_value *obj, const char *attr)
{
    if (tf_get_bool(obj, attr, false))
        aws_params_add(p, name, "true");
}

static void lc_param_i64(aws_params *p, const char *name, const tf_value *obj, const char *attr)
{
    int64_t v = tf_get_i64(obj, attr, 0);
    if (v != 0)
        aws_params_addf(p, name, "%lld", (long long)v);
}

/* One EBS mapping (hashicorp's expandBlockDeviceMappingForEBSBlockDevice):
 * NoDevice alone, or the volume's settings that are set. */
static void lc_param_ebs(aws_params *p, const char *pre, const tf_value *bd, const char *device)
{
    aws_params_add(p, aws_params_key(p, "%s.DeviceName", pre), device);
    if (tf_get_bool(bd, "no_device", false)) {
        aws_params_add(p, aws_params_key(p, "%s.NoDevice", pre), "true");
        return;
    }
    aws_params_add(p, aws_params_key(p, "%s.Ebs.DeleteOnTermination", pre),
                   tf_get_bool(bd, "delete_on_termination", true) ? "true" : "false");
    lc_param_bool(p, aws_params_key(p, "%s.Ebs.Encrypted", pre), bd, "encrypted");
    lc_param_i64(p, aws_params_key(p, "%s.Ebs.Iops", pre), bd, "iops");
    autoscaling_param_str(p, aws_params_key(p, "%s.Ebs.SnapshotId", pre), bd, "snapshot_id");
    lc_param_i64(p, aws_params_key(p, "%s.Ebs.Throughput", pre), bd, "throughput");
    lc_param_i64(p, aws_params_key(p, "%s.Ebs.VolumeSize", pre), bd, "volume_size");
    autoscaling_param_str(p, aws_params_key(p, "%s.Ebs.VolumeType", pre), bd, "volume_type");
}

static int lc_param_devices(tf_ctx *ctx, aws_client *c, aws_params *p, const tf_value *planned)
{
    int n = 0;
    const tf_value *ebs = tf_get(planned, "ebs_block_device");
    for (size_t i = 0; tf_is_known(ebs) && i < ebs->u.coll.n; i++) {
        const tf_value *bd = ebs->u.coll.items[i];
        lc_param_ebs(p, aws_params_key(p, "BlockDeviceMappings.member.%d", ++n), bd,
                     tf_get_str(bd, "device_name", ""));
    }
    const tf_value *eph = tf_get(planned, "ephemeral_block_device");
    for (size_t i = 0; tf_is_known(eph) && i < eph->u.coll.n; i++) {
        const tf_value *bd = eph->u.coll.items[i];
        const char *pre = aws_params_key(p, "BlockDeviceMappings.member.%d", ++n);
        aws_params_add(p, aws_params_key(p, "%s.DeviceName", pre),
                       tf_get_str(bd, "device_name", ""));
        if (tf_get_bool(bd, "no_device", false))
            aws_params_add(p, aws_params_key(p, "%s.NoDevice", pre), "true");
        autoscaling_param_str(p, aws_params_key(p, "%s.VirtualName", pre), bd, "virtual_name");
    }
    const tf_value *roots = tf_get(planned, "root_block_device");
    if (tf_is_known(roots) && roots->u.coll.n > 0 && tf_is_known(roots->u.coll.items[0])) {
        const char *dev = lc_root_device(ctx, c, tf_get_str(planned, "image_id", ""));
        if (!dev)
            return -1;
        if (!dev[0]) {
            tf_diag_error(ctx->diags, NULL, "creating Auto Scaling Launch Configuration",
                          "root_block_device needs the root device name of image %s, which "
                          "EC2 does not know.", tf_get_str(planned, "image_id", ""));
            return -1;
        }
        lc_param_ebs(p, aws_params_key(p, "BlockDeviceMappings.member.%d", ++n),
                     roots->u.coll.items[0], dev);
    }
    return 0;
}

/* The user data AWS gets: base64 of the configured script (the plan only
 * holds its hash), or user_data_base64 as it is. */
static const char *lc_user_data_param(tf_ctx *ctx, const tf_value *planned)
{
    const char *b64 = tf_get_str(planned, "user_data_base64", "");
    if (b64[0])
        return b64;
    const tf_value *src = ctx->config ? ctx->config : planned;
    const tf_value *ud = tf_get(src, "user_data");
    if (!tf_is_known(ud) || ud->u.str.len == 0)
        return NULL;
    return aws_base64_encode(ctx->arena, (const unsigned char *)ud->u.str.ptr, ud->u.str.len);
}

static bool lc_create_retryable(const aws_error *err)
{
    return aws_error_is(err, "ValidationError") &&
           (strstr(err->message, "Invalid IamInstanceProfile") ||
            strstr(err->message, "You are not authorized to perform this operation"));
}

static bool lc_delete_retryable(const aws_error *err)
{
    return aws_error_is(err, "ResourceInUse");
}

/* The launch configuration, or NULL (*gone set when AWS does not know it,
 * else an error diagnostic). */
static const aws_xml_node *lc_find(tf_ctx *ctx, aws_client *c, const char *name, bool *gone)
{
    aws_error err;
    const aws_xml_node *lc = autoscaling_find(ctx, c, "LaunchConfiguration", name, gone, &err);
    if (!lc && !*gone)
        aws_diag(ctx, &err, "reading Auto Scaling Launch Configuration (%s)", name);
    return lc;
}

/* One block device mapping as a state element of block type t. */
static const tf_value *lc_device_state(tf_arena *a, const tf_block *blk, const aws_xml_node *m,
                                       bool named, bool ephemeral)
{
    const aws_xml_node *ebs = aws_xml_child(m, "Ebs");
    tf_objb b;
    tf_objb_init(&b, a, blk->ctype, NULL);
    if (named)
        tf_objb_str(&b, "device_name", autoscaling_text(m, "DeviceName"));
    if (tf_block_attr(blk, "no_device"))
        tf_objb_bool(&b, "no_device", aws_xml_bool(m, "NoDevice", 0));
    if (ephemeral) {
        tf_objb_str(&b, "virtual_name", autoscaling_text(m, "VirtualName"));
        return tf_objb_done(&b);
    }
    tf_objb_bool(&b, "delete_on_termination",
                 ebs ? aws_xml_bool(ebs, "DeleteOnTermination", 0) : false);
    tf_objb_bool(&b, "encrypted", ebs ? aws_xml_bool(ebs, "Encrypted", 0) : false);
    tf_objb_i64(&b, "iops", ebs ? aws_xml_int(ebs, "Iops", 0) : 0);
    if (named)
        tf_objb_str(&b, "snapshot_id", autoscaling_text(ebs, "SnapshotId"));
    tf_objb_i64(&b, "throughput", ebs ? aws_xml_int(ebs, "Throughput", 0) : 0);
    tf_objb_i64(&b, "volume_size", ebs ? aws_xml_int(ebs, "VolumeSize", 0) : 0);
    tf_objb_str(&b, "volume_type", autoscaling_text(ebs, "VolumeType"));
    return tf_objb_done(&b);
}

static void lc_state_devices(tf_ctx *ctx, tf_objb *b, const aws_xml_node *lc, const char *root)
{
    tf_arena *a = ctx->arena;
    size_t cap = 0;
    for (const aws_xml_node *m = aws_xml_first(lc, "BlockDeviceMappings/member"); m;
         m = aws_xml_next(m))
        cap++;
    const tf_value **ebs = tf_arena_calloc(a, cap + 1, sizeof *ebs);
    const tf_value **eph = tf_arena_calloc(a, cap + 1, sizeof *eph);
    const tf_value **rootv = tf_arena_calloc(a, cap + 1, sizeof *rootv);
    size_t ne = 0, nf = 0, nr = 0;
    for (const aws_xml_node *m = aws_xml_first(lc, "BlockDeviceMappings/member"); m;
         m = aws_xml_next(m)) {
        const char *dev = autoscaling_text(m, "DeviceName");
        if (root[0] && strcmp(dev, root) == 0)
            rootv[nr++] = lc_device_state(a, lc_block("root_block_device"), m, false, false);
        else if (aws_xml_text(m, "VirtualName"))
            eph[nf++] = lc_device_state(a, lc_block("ephemeral_block_device"), m, true, true);
        else
            ebs[ne++] = lc_device_state(a, lc_block("ebs_block_device"), m, true, false);
    }
    tf_objb_set(b, "ebs_block_device", tf_set(a, lc_block("ebs_block_device")->ctype, ne, ebs));
    tf_objb_set(b, "ephemeral_block_device",
                tf_set(a, lc_block("ephemeral_block_device")->ctype, nf, eph));
    tf_objb_set(b, "root_block_device",
                tf_list(a, lc_block("root_block_device")->ctype, nr, rootv));
}

static const tf_value *lc_state_metadata(tf_arena *a, const aws_xml_node *lc)
{
    const aws_xml_node *mo = aws_xml_child(lc, "MetadataOptions");
    if (!mo)
        return tf_list(a, lc_block("metadata_options")->ctype, 0, NULL);
    tf_objb b;
    tf_objb_init(&b, a, lc_block("metadata_options")->ctype, NULL);
    tf_objb_str(&b, "http_endpoint", autoscaling_text(mo, "HttpEndpoint"));
    tf_objb_i64(&b, "http_put_response_hop_limit", aws_xml_int(mo, "HttpPutResponseHopLimit", 0));
    tf_objb_str(&b, "http_tokens", autoscaling_text(mo, "HttpTokens"));
    const tf_value *item = tf_objb_done(&b);
    return tf_list(a, lc_block("metadata_options")->ctype, 1, &item);
}

/* Reads the launch configuration into a state based on base: a null value
 * when it is gone, NULL on error. */
static const tf_value *lc_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                  const char *name)
{
    tf_arena *a = ctx->arena;
    bool gone;
    const aws_xml_node *lc = lc_find(ctx, m->client, name, &gone);
    if (!lc)
        return gone ? tf_null(a, base->type) : NULL;
    const char *image = autoscaling_text(lc, "ImageId");
    const char *root = lc_root_device(ctx, m->client, image);
    if (!root)
        return NULL;
    tf_objb b;
    tf_objb_init(&b, a, base->type, base);
    tf_objb_str(&b, "id", name);
    aws_name_state(&b, name);
    tf_objb_str(&b, "arn", autoscaling_text(lc, "LaunchConfigurationARN"));
    tf_objb_bool(&b, "associate_public_ip_address",
                 aws_xml_bool(lc, "AssociatePublicIpAddress", 0));
    tf_objb_bool(&b, "ebs_optimized", aws_xml_bool(lc, "EbsOptimized", 0));
    tf_objb_bool(&b, "enable_monitoring", aws_xml_bool(lc, "InstanceMonitoring/Enabled", 0));
    tf_objb_str(&b, "iam_instance_profile", autoscaling_text(lc, "IamInstanceProfile"));
    tf_objb_str(&b, "image_id", image);
    tf_objb_str(&b, "instance_type", autoscaling_text(lc, "InstanceType"));
    tf_objb_str(&b, "key_name", autoscaling_text(lc, "KeyName"));
    tf_objb_set(&b, "metadata_options", lc_state_metadata(a, lc));
    tf_objb_str(&b, "placement_tenancy", autoscaling_text(lc, "PlacementTenancy"));
    size_t ns = 0;
    for (const aws_xml_node *s = aws_xml_first(lc, "SecurityGroups/member"); s; s = aws_xml_next(s))
        ns++;
    const char **sgs = tf_arena_calloc(a, ns + 1, sizeof *sgs);
    ns = 0;
    for (const aws_xml_node *s = aws_xml_first(lc, "SecurityGroups/member"); s; s = aws_xml_next(s))
        sgs[ns++] = s->text;
    /* An empty set reads back null, as hashicorp's state after apply shows. */
    tf_objb_set(&b, "security_groups",
                ns ? tf_string_set(a, sgs, ns) : tf_null(a, tf_type_set(a, &tf_type_string)));
    tf_objb_str(&b, "spot_price", autoscaling_text(lc, "SpotPrice"));
    const char *ud = autoscaling_text(lc, "UserData");
    if (ud[0]) {
        if (!tf_is_null(tf_get(base, "user_data_base64")))
            tf_objb_str(&b, "user_data_base64", ud);
        else
            tf_objb_set(&b, "user_data", lc_user_data_hash(a, tf_string(a, ud)));
    }
    lc_state_devices(ctx, &b, lc, root);
    return tf_objb_done(&b);
}

static const tf_value *lc_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *name = aws_name_planned(a, planned, NULL);
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "LaunchConfigurationName", name);
    aws_params_add(p, "ImageId", tf_get_str(planned, "image_id", ""));
    aws_params_add(p, "InstanceType", tf_get_str(planned, "instance_type", ""));
    aws_params_add(p, "EbsOptimized", tf_get_bool(planned, "ebs_optimized", false) ? "true"
                                                                                    : "false");
    aws_params_add(p, "InstanceMonitoring.Enabled",
                   tf_get_bool(planned, "enable_monitoring", true) ? "true" : "false");
    /* Tri-state: sent only when configured. */
    const tf_value *src = ctx->config ? ctx->config : planned;
    const tf_value *pub = tf_get(src, "associate_public_ip_address");
    if (tf_is_known(pub))
        aws_params_add(p, "AssociatePublicIpAddress", pub->u.b ? "true" : "false");
    autoscaling_param_str(p, "IamInstanceProfile", planned, "iam_instance_profile");
    autoscaling_param_str(p, "KeyName", planned, "key_name");
    autoscaling_param_str(p, "PlacementTenancy", planned, "placement_tenancy");
    autoscaling_param_str(p, "SpotPrice", planned, "spot_price");
    const tf_value *mo = tf_get(src, "metadata_options");
    if (tf_is_known(mo) && mo->u.coll.n > 0 && tf_is_known(mo->u.coll.items[0])) {
        const tf_value *o = mo->u.coll.items[0];
        autoscaling_param_str(p, "MetadataOptions.HttpEndpoint", o, "http_endpoint");
        lc_param_i64(p, "MetadataOptions.HttpPutResponseHopLimit", o,
                     "http_put_response_hop_limit");
        autoscaling_param_str(p, "MetadataOptions.HttpTokens", o, "http_tokens");
    }
    const tf_value *sgs = tf_get(planned, "security_groups");
    for (size_t i = 0; tf_is_known(sgs) && i < sgs->u.coll.n; i++)
        aws_params_add(p, aws_params_key(p, "SecurityGroups.member.%zu", i + 1),
                       sgs->u.coll.items[i]->u.str.ptr);
    aws_params_add(p, "UserData", lc_user_data_param(ctx, planned));
    if (lc_param_devices(ctx, m->client, p, planned) != 0)
        return NULL;
    aws_error err;
    if (autoscaling_create(ctx, m->client, "LaunchConfiguration", name, p, LC_RETRY_S,
                           lc_create_retryable, &err) != 0) {
        aws_diag(ctx, &err, "creating Auto Scaling Launch Configuration (%s)", name);
        return NULL;
    }
    const tf_value *st = lc_refresh(ctx, m, planned, name);
    if (st && tf_is_null(st)) {
        tf_diag_error(ctx->diags, NULL, "creating Auto Scaling Launch Configuration",
                      "Launch Configuration (%s) was created but cannot be read back.", name);
        st = NULL;
    }
    return st ? st : tf_object_with(a, planned, "id", tf_string(a, name));
}

static const tf_value *lc_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    return lc_refresh(ctx, m, state, tf_get_str(state, "id", ""));
}

static void lc_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    const char *name = tf_get_str(prior, "id", "");
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "LaunchConfigurationName", name);
    aws_xml_node *out;
    aws_error err;
    if (autoscaling_call_retry(m->client, ctx->arena, ctx->stop, "DeleteLaunchConfiguration", p,
                               &out, LC_RETRY_S, lc_delete_retryable, &err) != 0 &&
        !autoscaling_not_found(&err))
        aws_diag(ctx, &err, "deleting Auto Scaling Launch Configuration (%s)", name);
}

/* ---- definition ---- */

const tf_resource_def aws_autoscaling_launch_configuration_def = {
    .type_name = "aws_launch_configuration",
    .version = 0,
    .schema = LC_SCHEMA,
    .modify_plan = lc_modify_plan,
    .create = lc_create,
    .read = lc_read,
    .delete = lc_delete,
};

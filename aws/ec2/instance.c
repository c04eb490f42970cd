/* instance.c - aws_instance: one EC2 instance, as hashicorp/aws 5.100.0
 * manages it.
 *
 * Create is RunInstances with a client token (aws_create_once's TOKEN kind,
 * so a repeated attempt answers with the first attempt's instance), the
 * instance and volume tags as TagSpecifications, then a wait for "running".
 * Read is DescribeInstances plus what the description lacks:
 * DescribeInstanceAttribute (disableApiTermination, disableApiStop,
 * instanceInitiatedShutdownBehavior, userData), DescribeVolumes for the root
 * and EBS block devices, DescribeVpcs (a default VPC's instance lists its
 * groups by name too) and, for a burstable type (DescribeInstanceTypes),
 * DescribeInstanceCreditSpecifications.  Update changes in place what EC2
 * can: tags, volume tags, security groups, the API-termination/stop
 * protections, the shutdown behaviour, monitoring, source/dest check,
 * metadata options, CPU credits, the instance profile (associated, replaced
 * or disassociated), the root volume's size/type/IOPS/throughput
 * (ModifyVolume) and delete-on-termination, and - stopping and starting
 * the instance - its instance type and user data.  Delete lifts the protections, then
 * TerminateInstances and waits for "terminated".  Import by instance id.
 *
 * user_data is stored as its SHA-1 (hashicorp's StateFunc userDataHashSum).
 * Arguments this provider does not manage yet (network_interface, launch
 * templates, spot market options, placement, IPv6, CPU options, ...) are
 * refused at plan time at the attribute.  The schema is generated from
 * aws/schema/aws.schema. */

#include <stdio.h>
#include <string.h>

#include <openssl/sha.h>

#include "aws_schema_gen.h"
#include "base64.h"
#include "block_values.h"
#include "diagnostics.h"
#include "ec2_find.h"
#include "ec2_object.h"
#include "ec2_tags.h"
#include "plan.h"
#include "provider_meta.h"
#include "resources.h"
#include "schema_block.h"
#include "tags.h"
#include "value_build.h"

#define INST_SCHEMA aws_schema_resource_aws_instance
#define INST_CREATE_DEFAULT (10 * 60.0)
#define INST_UPDATE_DEFAULT (10 * 60.0)
#define INST_DELETE_DEFAULT (20 * 60.0)
#define INST_PROPAGATION (2 * 60.0)
#define INST_IAM_RETRY (2 * 60.0) /* a new instance profile takes time to be usable */

static const tf_block *inst_block(const char *path)
{
    return aws_schema_block(&INST_SCHEMA, path);
}

static const char *inst_what = "EC2 Instance";

/* DescribeInstances of one id; a terminated instance counts as gone. */
static int inst_find(aws_client *c, tf_arena *a, const volatile int *stop, const char *id,
                     const aws_xml_node **item, aws_error *err)
{
    int rc = ec2_find_by_id(c, a, stop, "DescribeInstances", "InstanceId.1",
                            "InvalidInstanceID.NotFound", "reservationSet/item/instancesSet/item",
                            "instanceId", id, item, err);
    if (rc == EC2_FOUND) {
        const char *st = aws_xml_text(*item, "instanceState/name");
        if (st && strcmp(st, "terminated") == 0) {
            aws_error_set(err, AWS_ERR_API, "InvalidInstanceID.NotFound",
                          "EC2 Instance %s is terminated", id);
            return EC2_NOT_FOUND;
        }
    }
    return rc;
}

/* ---- small helpers ---- */

static bool inst_known_str(const tf_value *obj, const char *name, const char **out)
{
    const tf_value *v = tf_get(obj, name);
    if (!tf_is_known(v) || v->u.str.len == 0)
        return false;
    *out = v->u.str.ptr;
    return true;
}

static bool inst_known_bool(const tf_value *obj, const char *name, bool *out)
{
    const tf_value *v = tf_get(obj, name);
    if (!tf_is_known(v))
        return false;
    *out = v->u.b;
    return true;
}

static bool inst_changed(const tf_value *a, const tf_value *b, const char *name)
{
    return !tf_value_equal(tf_get(a, name), tf_get(b, name));
}

/* userDataHashSum: SHA-1 in hex of the base64-decoded user data, or of the
 * text itself when it is not base64. */
static const char *inst_user_data_hash(tf_arena *a, const char *s, size_t len)
{
    size_t n;
    const unsigned char *data = aws_base64_decode(a, s, len, &n);
    if (!data) {
        data = (const unsigned char *)s;
        n = len;
    }
    unsigned char md[SHA_DIGEST_LENGTH];
    SHA1(data, n, md);
    char *hex = tf_arena_alloc(a, 2 * SHA_DIGEST_LENGTH + 1);
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < SHA_DIGEST_LENGTH; i++) {
        hex[2 * i] = digits[md[i] >> 4];
        hex[2 * i + 1] = digits[md[i] & 15];
    }
    hex[2 * SHA_DIGEST_LENGTH] = '\0';
    return hex;
}

/* The user data AWS gets (base64): user_data_base64 as it is, or the
 * configured script (the plan holds only its hash) encoded; NULL: none. */
static const char *inst_user_data_param(tf_ctx *ctx, const tf_value *planned)
{
    const char *b64;
    if (inst_known_str(planned, "user_data_base64", &b64))
        return b64;
    const tf_value *src = ctx->config ? ctx->config : planned;
    const tf_value *ud = tf_get(src, "user_data");
    if (!tf_is_known(ud) || ud->u.str.len == 0)
        return NULL;
    /* Already base64 (e.g. from base64encode()): sent as it is. */
    size_t n;
    if (aws_base64_decode(ctx->arena, ud->u.str.ptr, ud->u.str.len, &n))
        return ud->u.str.ptr;
    return aws_base64_encode(ctx->arena, (const unsigned char *)ud->u.str.ptr, ud->u.str.len);
}

/* ---- planning ---- */

/* Arguments not managed by this provider yet: refused at plan time. */
static const char *const inst_unsupported[] = {
    "capacity_reservation_specification", "cpu_options", "cpu_core_count",
    "cpu_threads_per_core", "ebs_block_device", "enable_primary_ipv6", "enclave_options",
    "ephemeral_block_device", "hibernation", "host_id", "host_resource_group_arn",
    "instance_market_options", "ipv6_address_count", "ipv6_addresses", "launch_template",
    "maintenance_options", "network_interface", "placement_group",
    "placement_partition_number", "private_dns_name_options", "secondary_private_ips",
    "security_groups", "tenancy", NULL};

static bool inst_set_in_config(const tf_value *v)
{
    if (tf_is_null(v))
        return false;
    if (tf_is_known(v) && (v->type->kind == TF_LIST || v->type->kind == TF_SET))
        return v->u.coll.n > 0;
    return true;
}

static void inst_refuse(tf_ctx *ctx, const tf_path *path, const char *what)
{
    tf_diag_error(ctx->diags, path, "Argument not supported",
                  "aws_instance: %s is not supported by this provider yet.", what);
}

static void inst_check_unsupported(tf_ctx *ctx, const tf_value *config)
{
    tf_arena *a = ctx->arena;
    const tf_path *root = tf_path_root(a);
    for (size_t i = 0; inst_unsupported[i]; i++)
        if (inst_set_in_config(tf_get(config, inst_unsupported[i])))
            inst_refuse(ctx, tf_path_attr(a, root, inst_unsupported[i]), inst_unsupported[i]);
    if (tf_get_bool(config, "get_password_data", false))
        inst_refuse(ctx, tf_path_attr(a, root, "get_password_data"), "get_password_data");
    const tf_value *rbd = aws_block_first(tf_get(config, "root_block_device"));
    if (rbd && inst_set_in_config(tf_get(rbd, "tags")))
        inst_refuse(ctx,
                    tf_path_attr(a, tf_path_index(a, tf_path_attr(a, root, "root_block_device"), 0),
                                 "tags"),
                    "root_block_device.tags");
}

static void inst_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    if (tf_is_null(req->planned))
        return;
    inst_check_unsupported(ctx, req->config);
    aws_tags_plan(ctx, req);
    tf_arena *a = ctx->arena;
    bool create = tf_is_null(req->prior);
    /* user_data: planned as its hash (StateFunc). */
    const tf_value *ud = tf_get(req->config, "user_data");
    if (tf_is_known(ud)) {
        req->planned = tf_object_with(a, req->planned, "user_data",
                                      tf_string(a, inst_user_data_hash(a, ud->u.str.ptr,
                                                                       ud->u.str.len)));
        req->legacy_type_system = true;
    }
    if (create)
        return;
    /* credit_specification left out of config keeps what was read (its
     * DiffSuppressFunc on the count, and on an unset cpu_credits). */
    const tf_value *cfg_cs = tf_get(req->config, "credit_specification");
    const tf_value *prior_cs = tf_get(req->prior, "credit_specification");
    if (tf_is_known(cfg_cs) && cfg_cs->u.coll.n == 0 && aws_block_len(prior_cs) > 0) {
        req->planned = tf_object_with(a, req->planned, "credit_specification", prior_cs);
        req->legacy_type_system = true;
    } else if (aws_block_len(cfg_cs) == 1 && aws_block_len(prior_cs) == 1) {
        const tf_value *cc = tf_get(aws_block_first(cfg_cs), "cpu_credits");
        if (tf_is_null(cc)) {
            req->planned = tf_object_with(a, req->planned, "credit_specification", prior_cs);
            req->legacy_type_system = true;
        }
    }
    /* user_data_replace_on_change: a user data change replaces. */
    if (tf_get_bool(req->planned, "user_data_replace_on_change", false)) {
        static const char *const uds[] = {"user_data", "user_data_base64"};
        for (size_t i = 0; i < 2; i++) {
            const tf_value *pv = tf_get(req->planned, uds[i]);
            if (tf_is_known(pv) && !tf_value_equal(pv, tf_get(req->prior, uds[i])) &&
                !tf_is_null(tf_get(req->config, uds[i])))
                tf_plan_add_replace(a, req, tf_path_attr(a, tf_path_root(a), uds[i]));
        }
    }
}

/* ---- read ---- */

typedef struct inst_attrs {
    bool disable_term, disable_stop;
    const char *shutdown, *user_data;
} inst_attrs;

static int inst_attribute(tf_ctx *ctx, const aws_meta *m, const char *id, const char *attr,
                          const char *elem, const char **value)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "InstanceId", id);
    aws_params_add(p, "Attribute", attr);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", "DescribeInstanceAttribute", p,
                       &out, &err) != 0) {
        aws_diag(ctx, &err, "reading EC2 Instance (%s) attribute %s", id, attr);
        return -1;
    }
    *value = aws_xml_text(out, tf_arena_printf(ctx->arena, "%s/value", elem));
    return 0;
}

static int inst_read_attrs(tf_ctx *ctx, const aws_meta *m, const char *id, inst_attrs *at)
{
    const char *v;
    if (inst_attribute(ctx, m, id, "disableApiTermination", "disableApiTermination", &v) != 0)
        return -1;
    at->disable_term = v && strcmp(v, "true") == 0;
    if (inst_attribute(ctx, m, id, "disableApiStop", "disableApiStop", &v) != 0)
        return -1;
    at->disable_stop = v && strcmp(v, "true") == 0;
    if (inst_attribute(ctx, m, id, "instanceInitiatedShutdownBehavior",
                       "instanceInitiatedShutdownBehavior", &v) != 0)
        return -1;
    at->shutdown = v ? v : "";
    if (inst_attribute(ctx, m, id, "userData", "userData", &v) != 0)
        return -1;
    at->user_data = v && *v ? v : NULL;
    return 0;
}

/* Whether DescribeInstanceTypes says type is burstable: 1, 0, -1 error. */
static int inst_burstable(tf_ctx *ctx, const aws_meta *m, const char *type)
{
    aws_params *q = aws_params_new(ctx->arena);
    aws_params_add(q, "InstanceType.1", type);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", "DescribeInstanceTypes", q, &out,
                       &err) != 0) {
        aws_diag(ctx, &err, "reading EC2 Instance Type (%s)", type);
        return -1;
    }
    const aws_xml_node *it = aws_xml_first(out, "instanceTypeSet/item");
    return it && aws_xml_bool(it, "burstablePerformanceSupported", 0) == 1;
}

/* The instance's CPU credit option, "" when it reports none; NULL on error. */
static const char *inst_credits(tf_ctx *ctx, const aws_meta *m, const char *id)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "InstanceId.1", id);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2",
                       "DescribeInstanceCreditSpecifications", p, &out, &err) != 0) {
        if (aws_error_is(&err, "UnsupportedOperation"))
            return "";
        aws_diag(ctx, &err, "reading EC2 Instance (%s) credit specification", id);
        return NULL;
    }
    const aws_xml_node *it = aws_xml_first(out, "instanceCreditSpecificationSet/item");
    const char *c = it ? aws_xml_text(it, "cpuCredits") : NULL;
    return c ? c : "";
}

static void inst_str(tf_objb *b, const aws_xml_node *e, const char *attr, const char *xml)
{
    const char *v = aws_xml_text(e, xml);
    tf_objb_str(b, attr, v ? v : "");
}

static const tf_value *inst_one(tf_arena *a, const tf_block *blk, const tf_value *item)
{
    return tf_list(a, blk->ctype, 1, &item);
}

static const tf_value *inst_empty(tf_arena *a, const tf_block *blk)
{
    return tf_list(a, blk->ctype, 0, NULL);
}

/* root_block_device from DescribeVolumes of the root device's volume. */
static int inst_root_device(tf_ctx *ctx, const aws_meta *m, const aws_xml_node *e,
                            const tf_value *base, const tf_value **out)
{
    tf_arena *a = ctx->arena;
    const tf_block *blk = inst_block("root_block_device");
    *out = inst_empty(a, blk);
    const char *root = aws_xml_text(e, "rootDeviceName");
    if (!root)
        return 0;
    for (const aws_xml_node *bd = aws_xml_first(e, "blockDeviceMapping/item"); bd;
         bd = aws_xml_next(bd)) {
        const char *dev = aws_xml_text(bd, "deviceName");
        const char *vid = aws_xml_text(bd, "ebs/volumeId");
        if (!dev || !vid || strcmp(dev, root) != 0)
            continue;
        aws_params *p = aws_params_new(a);
        aws_params_add(p, "VolumeId.1", vid);
        aws_xml_node *vo;
        aws_error err;
        if (aws_query_call(m->client, a, ctx->stop, "ec2", "DescribeVolumes", p, &vo, &err) !=
            0) {
            aws_diag(ctx, &err, "reading EC2 Instance (%s) volumes",
                     aws_xml_text(e, "instanceId"));
            return -1;
        }
        const aws_xml_node *v = aws_xml_first(vo, "volumeSet/item");
        if (!v)
            return 0;
        const tf_value *prior = aws_block_first(tf_get(base, "root_block_device"));
        tf_objb b;
        tf_objb_init(&b, a, blk->ctype, NULL);
        tf_objb_bool(&b, "delete_on_termination",
                     aws_xml_bool(bd, "ebs/deleteOnTermination", 0) == 1);
        tf_objb_str(&b, "device_name", dev);
        tf_objb_bool(&b, "encrypted", aws_xml_bool(v, "encrypted", 0) == 1);
        tf_objb_i64(&b, "iops", aws_xml_int(v, "iops", 0));
        inst_str(&b, v, "kms_key_id", "kmsKeyId");
        tf_objb_i64(&b, "throughput", aws_xml_int(v, "throughput", 0));
        tf_objb_str(&b, "volume_id", vid);
        tf_objb_i64(&b, "volume_size", aws_xml_int(v, "size", 0));
        inst_str(&b, v, "volume_type", "volumeType");
        /* The volume's tags: shown when root_block_device.tags or nothing
         * (not volume_tags) manages them. */
        size_t n;
        aws_kv *tags = ec2_tags_from_xml(a, v, &n);
        const tf_value *vt = tf_get(base, "volume_tags");
        if (tf_is_known(vt)) {
            /* volume_tags manages them: the block's own are read empty. */
            tf_objb_set(&b, "tags", tf_map(a, &tf_type_string, 0, NULL, NULL));
            tf_objb_set(&b, "tags_all", tf_map(a, &tf_type_string, 0, NULL, NULL));
        } else {
            aws_tags_set_state(&b, m, tags, n, prior ? tf_get(prior, "tags") : NULL);
            /* hashicorp reads an untagged volume as empty maps. */
            if (n == 0) {
                tf_objb_set(&b, "tags", tf_map(a, &tf_type_string, 0, NULL, NULL));
                tf_objb_set(&b, "tags_all", tf_map(a, &tf_type_string, 0, NULL, NULL));
            }
        }
        *out = inst_one(a, blk, tf_objb_done(&b));
        return 0;
    }
    return 0;
}

/* volume_tags as read: the root volume's tags, when volume_tags is set. */
static int inst_volume_tags(tf_ctx *ctx, const aws_meta *m, const char *id,
                            const tf_value **out)
{
    tf_arena *a = ctx->arena;
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "Filter.1.Name", "attachment.instance-id");
    aws_params_add(p, "Filter.1.Value.1", id);
    aws_xml_node *vo;
    aws_error err;
    if (aws_query_call(m->client, a, ctx->stop, "ec2", "DescribeVolumes", p, &vo, &err) != 0) {
        aws_diag(ctx, &err, "reading EC2 Instance (%s) volume tags", id);
        return -1;
    }
    const aws_xml_node *v = aws_xml_first(vo, "volumeSet/item");
    size_t n = 0;
    aws_kv *tags = v ? ec2_tags_from_xml(a, v, &n) : NULL;
    const char **keys = tf_arena_calloc(a, n ? n : 1, sizeof(*keys));
    const char **vals = tf_arena_calloc(a, n ? n : 1, sizeof(*vals));
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (aws_tags_ignored(m, tags[i].key))
            continue;
        keys[k] = tags[i].key;
        vals[k++] = tags[i].value;
    }
    *out = tf_string_map(a, keys, vals, k);
    return 0;
}

static const tf_value *inst_state(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                  const aws_xml_node *e)
{
    tf_arena *a = ctx->arena;
    const char *id = aws_xml_text(e, "instanceId");
    inst_attrs at;
    if (inst_read_attrs(ctx, m, id, &at) != 0)
        return NULL;
    tf_objb b;
    tf_objb_init(&b, a, INST_SCHEMA.ctype, base);
    tf_objb_str(&b, "id", id);
    tf_objb_str(&b, "arn", tf_arena_printf(a, "arn:%s:ec2:%s:%s:instance/%s", m->partition,
                                           m->region, m->account_id, id));
    inst_str(&b, e, "ami", "imageId");
    inst_str(&b, e, "instance_type", "instanceType");
    inst_str(&b, e, "instance_state", "instanceState/name");
    inst_str(&b, e, "availability_zone", "placement/availabilityZone");
    inst_str(&b, e, "tenancy", "placement/tenancy");
    inst_str(&b, e, "placement_group", "placement/groupName");
    tf_objb_i64(&b, "placement_partition_number", aws_xml_int(e, "placement/partitionNumber", 0));
    inst_str(&b, e, "host_id", "placement/hostId");
    const char *hrg = aws_xml_text(e, "placement/hostResourceGroupArn");
    if (hrg)
        tf_objb_str(&b, "host_resource_group_arn", hrg);
    inst_str(&b, e, "key_name", "keyName");
    inst_str(&b, e, "public_dns", "dnsName");
    inst_str(&b, e, "public_ip", "ipAddress");
    inst_str(&b, e, "private_dns", "privateDnsName");
    inst_str(&b, e, "private_ip", "privateIpAddress");
    inst_str(&b, e, "outpost_arn", "outpostArn");
    inst_str(&b, e, "instance_lifecycle", "instanceLifecycle");
    inst_str(&b, e, "spot_instance_request_id", "spotInstanceRequestId");
    inst_str(&b, e, "subnet_id", "subnetId");
    tf_objb_bool(&b, "ebs_optimized", aws_xml_bool(e, "ebsOptimized", 0) == 1);
    const char *mon = aws_xml_text(e, "monitoring/state");
    tf_objb_bool(&b, "monitoring", mon && (strcmp(mon, "enabled") == 0 ||
                                           strcmp(mon, "pending") == 0));
    tf_objb_bool(&b, "source_dest_check", aws_xml_bool(e, "sourceDestCheck", 1) == 1);
    tf_objb_bool(&b, "hibernation", aws_xml_bool(e, "hibernationOptions/configured", 0) == 1);
    const char *prof = aws_xml_text(e, "iamInstanceProfile/arn");
    const char *slash = prof ? strstr(prof, ":instance-profile/") : NULL;
    if (slash) {
        const char *name = strrchr(slash, '/');
        tf_objb_str(&b, "iam_instance_profile", name + 1);
    } else {
        tf_objb_str(&b, "iam_instance_profile", "");
    }
    tf_objb_bool(&b, "disable_api_termination", at.disable_term);
    tf_objb_bool(&b, "disable_api_stop", at.disable_stop);
    tf_objb_str(&b, "instance_initiated_shutdown_behavior", at.shutdown);
    tf_objb_str(&b, "password_data", "");
    if (at.user_data) {
        if (tf_is_known(tf_get(base, "user_data_base64")))
            tf_objb_str(&b, "user_data_base64", at.user_data);
        else
            tf_objb_str(&b, "user_data",
                        inst_user_data_hash(a, at.user_data, strlen(at.user_data)));
    }

    /* CPU options (and the deprecated top-level copies). */
    long long cores = aws_xml_int(e, "cpuOptions/coreCount", 0);
    long long threads = aws_xml_int(e, "cpuOptions/threadsPerCore", 0);
    tf_objb_i64(&b, "cpu_core_count", cores);
    tf_objb_i64(&b, "cpu_threads_per_core", threads);
    {
        const tf_block *blk = inst_block("cpu_options");
        tf_objb ob;
        tf_objb_init(&ob, a, blk->ctype, NULL);
        inst_str(&ob, e, "amd_sev_snp", "cpuOptions/amdSevSnp");
        tf_objb_i64(&ob, "core_count", cores);
        tf_objb_i64(&ob, "threads_per_core", threads);
        tf_objb_set(&b, "cpu_options", inst_one(a, blk, tf_objb_done(&ob)));
    }
    {
        const tf_block *blk = inst_block("capacity_reservation_specification");
        const aws_xml_node *crs = aws_xml_child(e, "capacityReservationSpecification");
        if (crs) {
            tf_objb ob;
            tf_objb_init(&ob, a, blk->ctype, NULL);
            inst_str(&ob, crs, "capacity_reservation_preference",
                     "capacityReservationPreference");
            const tf_block *tb = inst_block("capacity_reservation_specification."
                                            "capacity_reservation_target");
            const aws_xml_node *t = aws_xml_child(crs, "capacityReservationTarget");
            if (t) {
                tf_objb tbb;
                tf_objb_init(&tbb, a, tb->ctype, NULL);
                inst_str(&tbb, t, "capacity_reservation_id", "capacityReservationId");
                inst_str(&tbb, t, "capacity_reservation_resource_group_arn",
                         "capacityReservationResourceGroupArn");
                tf_objb_set(&ob, "capacity_reservation_target",
                            inst_one(a, tb, tf_objb_done(&tbb)));
            } else {
                tf_objb_set(&ob, "capacity_reservation_target", inst_empty(a, tb));
            }
            tf_objb_set(&b, "capacity_reservation_specification",
                        inst_one(a, blk, tf_objb_done(&ob)));
        } else {
            tf_objb_set(&b, "capacity_reservation_specification", inst_empty(a, blk));
        }
    }
    {
        const tf_block *blk = inst_block("enclave_options");
        tf_objb ob;
        tf_objb_init(&ob, a, blk->ctype, NULL);
        tf_objb_bool(&ob, "enabled", aws_xml_bool(e, "enclaveOptions/enabled", 0) == 1);
        tf_objb_set(&b, "enclave_options", inst_one(a, blk, tf_objb_done(&ob)));
    }
    {
        const tf_block *blk = inst_block("maintenance_options");
        const aws_xml_node *mo = aws_xml_child(e, "maintenanceOptions");
        if (mo) {
            tf_objb ob;
            tf_objb_init(&ob, a, blk->ctype, NULL);
            inst_str(&ob, mo, "auto_recovery", "autoRecovery");
            tf_objb_set(&b, "maintenance_options", inst_one(a, blk, tf_objb_done(&ob)));
        } else {
            tf_objb_set(&b, "maintenance_options", inst_empty(a, blk));
        }
    }
    {
        const tf_block *blk = inst_block("metadata_options");
        const aws_xml_node *md = aws_xml_child(e, "metadataOptions");
        if (md) {
            tf_objb ob;
            tf_objb_init(&ob, a, blk->ctype, NULL);
            inst_str(&ob, md, "http_endpoint", "httpEndpoint");
            inst_str(&ob, md, "http_protocol_ipv6", "httpProtocolIpv6");
            tf_objb_i64(&ob, "http_put_response_hop_limit",
                        aws_xml_int(md, "httpPutResponseHopLimit", 0));
            inst_str(&ob, md, "http_tokens", "httpTokens");
            inst_str(&ob, md, "instance_metadata_tags", "instanceMetadataTags");
            tf_objb_set(&b, "metadata_options", inst_one(a, blk, tf_objb_done(&ob)));
        } else {
            tf_objb_set(&b, "metadata_options", inst_empty(a, blk));
        }
    }
    {
        const tf_block *blk = inst_block("private_dns_name_options");
        const aws_xml_node *pd = aws_xml_child(e, "privateDnsNameOptions");
        if (pd) {
            tf_objb ob;
            tf_objb_init(&ob, a, blk->ctype, NULL);
            tf_objb_bool(&ob, "enable_resource_name_dns_a_record",
                         aws_xml_bool(pd, "enableResourceNameDnsARecord", 0) == 1);
            tf_objb_bool(&ob, "enable_resource_name_dns_aaaa_record",
                         aws_xml_bool(pd, "enableResourceNameDnsAAAARecord", 0) == 1);
            inst_str(&ob, pd, "hostname_type", "hostnameType");
            tf_objb_set(&b, "private_dns_name_options", inst_one(a, blk, tf_objb_done(&ob)));
        } else {
            tf_objb_set(&b, "private_dns_name_options", inst_empty(a, blk));
        }
    }
    /* Blocks this provider does not manage: empty, as hashicorp reads them
     * for an instance launched without them. */
    static const char *const empties[] = {"instance_market_options", "launch_template",
                                          "ebs_block_device", "ephemeral_block_device",
                                          "network_interface"};
    for (size_t i = 0; i < sizeof empties / sizeof empties[0]; i++) {
        const tf_block *blk = inst_block(empties[i]);
        const tf_nested_block *nb = tf_block_nested(&INST_SCHEMA, empties[i]);
        tf_objb_set(&b, empties[i], nb && nb->nesting == TF_NEST_SET
                                        ? tf_set(a, blk->ctype, 0, NULL)
                                        : inst_empty(a, blk));
    }

    /* The primary network interface. */
    const char *eni = "";
    bool public = false;
    for (const aws_xml_node *ni = aws_xml_first(e, "networkInterfaceSet/item"); ni;
         ni = aws_xml_next(ni)) {
        if (aws_xml_int(ni, "attachment/deviceIndex", -1) != 0)
            continue;
        const char *nid = aws_xml_text(ni, "networkInterfaceId");
        eni = nid ? nid : "";
        public = aws_xml_text(ni, "association/publicIp") != NULL;
    }
    tf_objb_str(&b, "primary_network_interface_id", eni);
    tf_objb_bool(&b, "associate_public_ip_address", public);
    tf_objb_i64(&b, "ipv6_address_count", 0);
    tf_objb_set(&b, "ipv6_addresses", tf_list(a, &tf_type_string, 0, NULL));
    tf_objb_set(&b, "secondary_private_ips", tf_set(a, &tf_type_string, 0, NULL));

    /* Security groups: ids in a VPC; names too in a default VPC. */
    size_t ng = 0;
    for (const aws_xml_node *g = aws_xml_first(e, "groupSet/item"); g; g = aws_xml_next(g))
        ng++;
    const char **gids = tf_arena_calloc(a, ng ? ng : 1, sizeof(*gids));
    const char **gnames = tf_arena_calloc(a, ng ? ng : 1, sizeof(*gnames));
    size_t k = 0;
    for (const aws_xml_node *g = aws_xml_first(e, "groupSet/item"); g; g = aws_xml_next(g)) {
        const char *gid = aws_xml_text(g, "groupId"), *gn = aws_xml_text(g, "groupName");
        gids[k] = gid ? gid : "";
        gnames[k++] = gn ? gn : "";
    }
    bool default_vpc = false;
    const char *vpc_id = aws_xml_text(e, "vpcId");
    if (vpc_id) {
        const aws_xml_node *vpc;
        aws_error err;
        int rc = ec2_find_vpc(m->client, a, ctx->stop, vpc_id, &vpc, &err);
        if (rc < 0) {
            aws_diag(ctx, &err, "reading EC2 Instance (%s) VPC (%s)", id, vpc_id);
            return NULL;
        }
        default_vpc = rc == EC2_FOUND && aws_xml_bool(vpc, "isDefault", 0) == 1;
    }
    tf_objb_set(&b, "vpc_security_group_ids", tf_string_set(a, gids, k));
    tf_objb_set(&b, "security_groups", default_vpc ? tf_string_set(a, gnames, k)
                                                   : tf_set(a, &tf_type_string, 0, NULL));

    const tf_value *root;
    if (inst_root_device(ctx, m, e, base, &root) != 0)
        return NULL;
    tf_objb_set(&b, "root_block_device", root);
    const tf_value *vt = tf_get(base, "volume_tags");
    if (tf_is_known(vt)) {
        const tf_value *read;
        if (inst_volume_tags(ctx, m, id, &read) != 0)
            return NULL;
        tf_objb_set(&b, "volume_tags", read);
    }

    /* CPU credits, for a burstable type. */
    const char *itype = aws_xml_text(e, "instanceType");
    bool credits_read = false;
    if (itype) {
        int burst = inst_burstable(ctx, m, itype);
        if (burst < 0)
            return NULL;
        if (burst) {
            const char *cr = inst_credits(ctx, m, id);
            if (!cr)
                return NULL;
            const tf_block *blk = inst_block("credit_specification");
            credits_read = true;
            if (*cr) {
                tf_objb ob;
                tf_objb_init(&ob, a, blk->ctype, NULL);
                tf_objb_str(&ob, "cpu_credits", cr);
                tf_objb_set(&b, "credit_specification", inst_one(a, blk, tf_objb_done(&ob)));
            } else {
                tf_objb_set(&b, "credit_specification", inst_empty(a, blk));
            }
        }
    }
    if (!credits_read && !tf_is_known(tf_get(base, "credit_specification")))
        tf_objb_set(&b, "credit_specification", inst_empty(a, inst_block("credit_specification")));

    size_t n;
    aws_kv *remote = ec2_tags_from_xml(a, e, &n);
    aws_tags_set_state(&b, m, remote, n, tf_get(base, "tags"));
    return tf_objb_done(&b);
}

static const tf_value *inst_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                    bool is_new)
{
    const aws_xml_node *e;
    const tf_value *miss;
    if (ec2_object_read(ctx, m, inst_find, inst_what, base, INST_SCHEMA.ctype, is_new,
                        INST_PROPAGATION, &e, &miss) != EC2_FOUND)
        return miss;
    return inst_state(ctx, m, base, e);
}

/* ---- waiting ---- */

typedef struct inst_waiter {
    tf_ctx *ctx;
    const aws_meta *m;
    const char *id;
    const char *want; /* "running", "stopped", "terminated" */
} inst_waiter;

static aws_wait_status inst_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    inst_waiter *w = ud;
    const aws_xml_node *e;
    int rc = ec2_find_by_id(w->m->client, w->ctx->arena, w->ctx->stop, "DescribeInstances",
                            "InstanceId.1", "InvalidInstanceID.NotFound",
                            "reservationSet/item/instancesSet/item", "instanceId", w->id, &e,
                            err);
    if (rc < 0)
        return AWS_WAIT_FAIL;
    if (rc == EC2_NOT_FOUND) {
        snprintf(state, state_len, "not found");
        return strcmp(w->want, "terminated") == 0 ? AWS_WAIT_DONE : AWS_WAIT_CONTINUE;
    }
    const char *st = aws_xml_text(e, "instanceState/name");
    snprintf(state, state_len, "%s", st ? st : "");
    if (st && strcmp(st, w->want) == 0)
        return AWS_WAIT_DONE;
    if (st && strcmp(st, "terminated") == 0) {
        const char *why = aws_xml_text(e, "stateReason/message");
        aws_error_set(err, AWS_ERR_RESPONSE, "UnexpectedState",
                      "EC2 Instance %s is terminated%s%s", w->id, why ? ": " : "",
                      why ? why : "");
        return AWS_WAIT_FAIL;
    }
    return AWS_WAIT_CONTINUE;
}

static int inst_wait(tf_ctx *ctx, const aws_meta *m, const char *id, const char *want,
                     double timeout)
{
    inst_waiter w = {.ctx = ctx, .m = m, .id = id, .want = want};
    aws_error err;
    if (aws_wait(ctx->stop, timeout, inst_poll, &w, &err) != 0) {
        aws_diag(ctx, &err, "waiting for EC2 Instance (%s) %s", id,
                 strcmp(want, "running") == 0 ? "start" : want);
        return -1;
    }
    return 0;
}

/* ---- create ---- */

static void inst_add_str(aws_params *p, const tf_value *obj, const char *attr, const char *param)
{
    const char *s;
    if (inst_known_str(obj, attr, &s))
        aws_params_add(p, param, s);
}

static void inst_add_bool(aws_params *p, const tf_value *obj, const char *attr,
                          const char *param)
{
    bool v;
    if (inst_known_bool(obj, attr, &v))
        aws_params_add(p, param, v ? "true" : "false");
}

static void inst_add_num(aws_params *p, const tf_value *obj, const char *attr, const char *param)
{
    const tf_value *v = tf_get(obj, attr);
    int64_t i;
    if (tf_is_known(v) && tf_number_to_i64(v, &i) && i > 0)
        aws_params_addf(p, param, "%lld", (long long)i);
}

static void inst_add_set(aws_params *p, const tf_value *set, const char *fmt)
{
    if (!tf_is_known(set))
        return;
    for (size_t i = 0; i < set->u.coll.n; i++)
        if (tf_is_known(set->u.coll.items[i]))
            aws_params_add(p, aws_params_key(p, fmt, i + 1), set->u.coll.items[i]->u.str.ptr);
}

static void inst_metadata_params(aws_params *p, const tf_value *md, const char *prefix)
{
    static const char *const f[][2] = {{"http_endpoint", "HttpEndpoint"},
                                       {"http_protocol_ipv6", "HttpProtocolIpv6"},
                                       {"http_tokens", "HttpTokens"},
                                       {"instance_metadata_tags", "InstanceMetadataTags"}};
    for (size_t i = 0; i < 4; i++)
        inst_add_str(p, md, f[i][0], aws_params_key(p, "%s%s", prefix, f[i][1]));
    inst_add_num(p, md, "http_put_response_hop_limit",
                 aws_params_key(p, "%sHttpPutResponseHopLimit", prefix));
}

/* The image's root device name (for a root_block_device mapping). */
static const char *inst_image_root(tf_ctx *ctx, const aws_meta *m, const char *image)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "ImageId.1", image);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", "DescribeImages", p, &out,
                       &err) != 0) {
        aws_diag(ctx, &err, "reading EC2 AMI (%s)", image);
        return NULL;
    }
    const aws_xml_node *i = aws_xml_first(out, "imagesSet/item");
    const char *root = i ? aws_xml_text(i, "rootDeviceName") : NULL;
    if (!root) {
        tf_diag_error(ctx->diags, NULL, "creating EC2 Instance",
                      "finding root device name for AMI (%s): not found", image);
        return NULL;
    }
    return root;
}

static int inst_create_retryable(const void *ud, const aws_error *err)
{
    (void)ud;
    return aws_error_is(err, "InvalidParameterValue") &&
           (strstr(err->message, "Invalid IAM Instance Profile") ||
            strstr(err->message, "iamInstanceProfile"));
}

static int inst_create_params(tf_ctx *ctx, const aws_meta *m, const tf_value *pl, aws_params *p)
{
    inst_add_str(p, pl, "ami", "ImageId");
    inst_add_str(p, pl, "instance_type", "InstanceType");
    aws_params_add(p, "MinCount", "1");
    aws_params_add(p, "MaxCount", "1");
    inst_add_str(p, pl, "key_name", "KeyName");
    inst_add_str(p, pl, "iam_instance_profile", "IamInstanceProfile.Name");
    inst_add_str(p, pl, "availability_zone", "Placement.AvailabilityZone");
    bool assoc;
    if (inst_known_bool(pl, "associate_public_ip_address", &assoc) &&
        !tf_is_null(tf_get(ctx->config ? ctx->config : pl, "associate_public_ip_address"))) {
        /* A public address is asked for on the primary interface. */
        aws_params_add(p, "NetworkInterface.1.DeviceIndex", "0");
        aws_params_add(p, "NetworkInterface.1.AssociatePublicIpAddress",
                       assoc ? "true" : "false");
        inst_add_str(p, pl, "subnet_id", "NetworkInterface.1.SubnetId");
        inst_add_str(p, pl, "private_ip", "NetworkInterface.1.PrivateIpAddress");
        inst_add_set(p, tf_get(pl, "vpc_security_group_ids"),
                     "NetworkInterface.1.SecurityGroupId.%zu");
    } else {
        inst_add_str(p, pl, "subnet_id", "SubnetId");
        inst_add_str(p, pl, "private_ip", "PrivateIpAddress");
        inst_add_set(p, tf_get(pl, "vpc_security_group_ids"), "SecurityGroupId.%zu");
    }
    const char *ud = inst_user_data_param(ctx, pl);
    if (ud)
        aws_params_add(p, "UserData", ud);
    inst_add_bool(p, pl, "disable_api_termination", "DisableApiTermination");
    inst_add_bool(p, pl, "disable_api_stop", "DisableApiStop");
    inst_add_str(p, pl, "instance_initiated_shutdown_behavior",
                 "InstanceInitiatedShutdownBehavior");
    inst_add_bool(p, pl, "ebs_optimized", "EbsOptimized");
    bool mon;
    aws_params_add(p, "Monitoring.Enabled",
                   inst_known_bool(pl, "monitoring", &mon) && mon ? "true" : "false");
    const tf_value *md = aws_block_first(tf_get(pl, "metadata_options"));
    if (md)
        inst_metadata_params(p, md, "MetadataOptions.");
    const tf_value *cs = aws_block_first(tf_get(pl, "credit_specification"));
    const char *itype, *credits;
    if (cs && inst_known_str(cs, "cpu_credits", &credits) &&
        inst_known_str(pl, "instance_type", &itype)) {
        int burst = inst_burstable(ctx, m, itype);
        if (burst < 0)
            return -1;
        if (burst)
            aws_params_add(p, "CreditSpecification.CpuCredits", credits);
    }
    const tf_value *rbd = aws_block_first(tf_get(pl, "root_block_device"));
    if (rbd) {
        const char *ami;
        if (!inst_known_str(pl, "ami", &ami))
            return 0;
        const char *root = inst_image_root(ctx, m, ami);
        if (!root)
            return -1;
        aws_params_add(p, "BlockDeviceMapping.1.DeviceName", root);
        const char *e = "BlockDeviceMapping.1.Ebs.";
        inst_add_bool(p, rbd, "delete_on_termination",
                      aws_params_key(p, "%sDeleteOnTermination", e));
        inst_add_bool(p, rbd, "encrypted", aws_params_key(p, "%sEncrypted", e));
        inst_add_str(p, rbd, "kms_key_id", aws_params_key(p, "%sKmsKeyId", e));
        inst_add_num(p, rbd, "volume_size", aws_params_key(p, "%sVolumeSize", e));
        inst_add_str(p, rbd, "volume_type", aws_params_key(p, "%sVolumeType", e));
        const char *vtype = tf_get_str(rbd, "volume_type", "");
        if (strcmp(vtype, "io1") == 0 || strcmp(vtype, "io2") == 0 || strcmp(vtype, "gp3") == 0)
            inst_add_num(p, rbd, "iops", aws_params_key(p, "%sIops", e));
        if (strcmp(vtype, "gp3") == 0)
            inst_add_num(p, rbd, "throughput", aws_params_key(p, "%sThroughput", e));
    }
    int spec = 1;
    size_t n;
    aws_kv *tags = aws_tags_from_map(ctx->arena, tf_get(pl, "tags_all"), &n);
    if (n)
        ec2_tag_specs(p, spec++, "instance", tags, n);
    const tf_value *vt = tf_get(pl, "volume_tags");
    if (tf_is_known(vt) && vt->u.coll.n) {
        aws_kv *vtags = aws_tags_from_map(ctx->arena, vt, &n);
        ec2_tag_specs(p, spec++, "volume", vtags, n);
    }
    return 0;
}

static const tf_value *inst_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    double timeout = aws_timeout(planned, "create", INST_CREATE_DEFAULT);
    aws_params *p = aws_params_new(ctx->arena);
    if (inst_create_params(ctx, m, planned, p) != 0)
        return NULL;
    aws_create_once once = {.service = "ec2", .operation = "RunInstances",
                            .retry_when = inst_create_retryable,
                            .retry_timeout_s = INST_IAM_RETRY};
    aws_xml_node *out;
    const char *id = ec2_object_create(ctx, m, &once, p, "instancesSet/item/instanceId",
                                       inst_what, &out);
    if (!id)
        return NULL;
    const tf_value *state = tf_object_with(ctx->arena, planned, "id", tf_string(ctx->arena, id));
    /* (a failed wait is reported and the instance read all the same) */
    (void)inst_wait(ctx, m, id, "running", timeout);
    /* running: a failed read (an attribute, the volumes, the type...) keeps
     * it in the state, tainted, instead of orphaning it */
    const tf_value *r = inst_refresh(ctx, m, state, true);
    return r ? r : state;
}

static const tf_value *inst_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    return inst_refresh(ctx, m, state, false);
}

/* ---- update ---- */

static int inst_modify(tf_ctx *ctx, const aws_meta *m, const char *id, const char *param,
                       const char *value, const char *what)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "InstanceId", id);
    aws_params_add(p, param, value);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", "ModifyInstanceAttribute", p,
                       &out, &err) != 0) {
        aws_diag(ctx, &err, "modifying EC2 Instance (%s) %s", id, what);
        return -1;
    }
    return 0;
}

static int inst_simple_call(tf_ctx *ctx, const aws_meta *m, const char *action, const char *id,
                            const char *what)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "InstanceId.1", id);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", action, p, &out, &err) != 0) {
        aws_diag(ctx, &err, "%s EC2 Instance (%s)", what, id);
        return -1;
    }
    return 0;
}

/* Changes made while the instance is stopped: instance type, user data. */
static int inst_stopped_changes(tf_ctx *ctx, const aws_meta *m, const char *id,
                                const tf_value *prior, const tf_value *planned, double timeout)
{
    bool type = inst_changed(prior, planned, "instance_type");
    bool ud = inst_changed(prior, planned, "user_data") ||
              inst_changed(prior, planned, "user_data_base64");
    if (!type && !ud)
        return 0;
    if (inst_simple_call(ctx, m, "StopInstances", id, "stopping") != 0 ||
        inst_wait(ctx, m, id, "stopped", timeout) != 0)
        return -1;
    if (type && inst_modify(ctx, m, id, "InstanceType.Value",
                            tf_get_str(planned, "instance_type", ""), "instance type") != 0)
        return -1;
    if (ud) {
        const char *v = inst_user_data_param(ctx, planned);
        if (inst_modify(ctx, m, id, "UserData.Value", v ? v : "", "user data") != 0)
            return -1;
    }
    if (inst_simple_call(ctx, m, "StartInstances", id, "starting") != 0 ||
        inst_wait(ctx, m, id, "running", timeout) != 0)
        return -1;
    return 0;
}

static int inst_update_root(tf_ctx *ctx, const aws_meta *m, const tf_value *prior,
                            const tf_value *planned)
{
    const tf_value *o = aws_block_first(tf_get(prior, "root_block_device"));
    const tf_value *n = aws_block_first(tf_get(planned, "root_block_device"));
    if (!o || !n)
        return 0;
    const char *vid = tf_get_str(o, "volume_id", "");
    bool dot;
    if (inst_changed(o, n, "delete_on_termination") &&
        inst_known_bool(n, "delete_on_termination", &dot)) {
        /* ModifyInstanceAttribute on the root device's mapping. */
        aws_params *q = aws_params_new(ctx->arena);
        aws_params_add(q, "InstanceId", tf_get_str(prior, "id", ""));
        aws_params_add(q, "BlockDeviceMapping.1.DeviceName", tf_get_str(o, "device_name", ""));
        aws_params_add(q, "BlockDeviceMapping.1.Ebs.DeleteOnTermination", dot ? "true" : "false");
        aws_xml_node *qo;
        aws_error qe;
        if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", "ModifyInstanceAttribute", q,
                           &qo, &qe) != 0) {
            aws_diag(ctx, &qe, "modifying EC2 Instance (%s) root block device",
                     tf_get_str(prior, "id", ""));
            return -1;
        }
    }
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "VolumeId", vid);
    bool any = false;
    if (inst_changed(o, n, "volume_size")) {
        inst_add_num(p, n, "volume_size", "Size");
        any = true;
    }
    if (inst_changed(o, n, "volume_type")) {
        inst_add_str(p, n, "volume_type", "VolumeType");
        any = true;
    }
    const char *vtype = tf_get_str(n, "volume_type", "");
    if (inst_changed(o, n, "iops") &&
        (!strcmp(vtype, "io1") || !strcmp(vtype, "io2") || !strcmp(vtype, "gp3"))) {
        inst_add_num(p, n, "iops", "Iops");
        any = true;
    }
    if (inst_changed(o, n, "throughput") && !strcmp(vtype, "gp3")) {
        inst_add_num(p, n, "throughput", "Throughput");
        any = true;
    }
    if (!any)
        return 0;
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", "ModifyVolume", p, &out, &err) !=
        0) {
        aws_diag(ctx, &err, "modifying EC2 Volume (%s)", vid);
        return -1;
    }
    return 0;
}

static int inst_update_volume_tags(tf_ctx *ctx, const aws_meta *m, const tf_value *prior,
                                   const tf_value *planned)
{
    const tf_value *o = tf_get(prior, "volume_tags"), *n = tf_get(planned, "volume_tags");
    if (tf_value_equal(o, n) || !tf_is_known(n))
        return 0;
    const tf_value *rbd = aws_block_first(tf_get(prior, "root_block_device"));
    const char *vid = rbd ? tf_get_str(rbd, "volume_id", "") : "";
    if (!*vid)
        return 0;
    aws_error err;
    if (ec2_update_tags(m->client, ctx->arena, ctx->stop, vid, o, n, &err) != 0) {
        aws_diag(ctx, &err, "updating EC2 Volume (%s) tags", vid);
        return -1;
    }
    return 0;
}

/* ---- instance profile ---- */

typedef struct inst_profile_waiter {
    tf_ctx *ctx;
    const aws_meta *m;
    const char *id, *want; /* want: the profile's name, "" for none */
} inst_profile_waiter;

static aws_wait_status inst_profile_poll(void *ud, char *state, size_t state_len,
                                         aws_error *err)
{
    inst_profile_waiter *w = ud;
    const aws_xml_node *e;
    int rc = inst_find(w->m->client, w->ctx->arena, w->ctx->stop, w->id, &e, err);
    if (rc < 0)
        return AWS_WAIT_FAIL;
    if (rc == EC2_NOT_FOUND)
        return AWS_WAIT_CONTINUE;
    const char *arn = aws_xml_text(e, "iamInstanceProfile/arn");
    const char *name = arn && strrchr(arn, '/') ? strrchr(arn, '/') + 1 : "";
    snprintf(state, state_len, "%s", *name ? name : "(none)");
    return strcmp(name, w->want) == 0 ? AWS_WAIT_DONE : AWS_WAIT_CONTINUE;
}

static int inst_profile_call(tf_ctx *ctx, const aws_meta *m, const char *action,
                             const char *id, const char *assoc, const char *name,
                             const char *what)
{
    aws_params *p = aws_params_new(ctx->arena);
    if (assoc)
        aws_params_add(p, "AssociationId", assoc);
    else
        aws_params_add(p, "InstanceId", id);
    if (name)
        aws_params_add(p, "IamInstanceProfile.Name", name);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", action, p, &out, &err) != 0) {
        aws_diag(ctx, &err, "%s EC2 Instance (%s) IAM Instance Profile", what, id);
        return -1;
    }
    return 0;
}

/* iam_instance_profile changed: associate, replace (disassociate and
 * associate while stopped) or disassociate, then wait until the instance
 * shows the new profile, as hashicorp does. */
static int inst_update_profile(tf_ctx *ctx, const aws_meta *m, const char *id,
                               const tf_value *prior, const tf_value *planned, double timeout)
{
    const tf_value *pv = tf_get(planned, "iam_instance_profile");
    if (!tf_is_known(pv) || !inst_changed(prior, planned, "iam_instance_profile"))
        return 0;
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "Filter.1.Name", "instance-id");
    aws_params_add(p, "Filter.1.Value.1", id);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2",
                       "DescribeIamInstanceProfileAssociations", p, &out, &err) != 0) {
        aws_diag(ctx, &err, "reading EC2 Instance (%s) IAM Instance Profile associations", id);
        return -1;
    }
    const aws_xml_node *it = aws_xml_first(out, "iamInstanceProfileAssociationSet/item");
    const char *assoc = it ? aws_xml_text(it, "associationId") : NULL;
    const char *name = pv->u.str.ptr;
    if (*name) {
        if (!assoc) {
            if (inst_profile_call(ctx, m, "AssociateIamInstanceProfile", id, NULL, name,
                                  "associating") != 0)
                return -1;
        } else {
            const char *st = tf_get_str(prior, "instance_state", "");
            if (!strcmp(st, "stopped") || !strcmp(st, "stopping") ||
                !strcmp(st, "shutting-down")) {
                if (inst_profile_call(ctx, m, "DisassociateIamInstanceProfile", id, assoc, NULL,
                                      "disassociating") != 0 ||
                    inst_profile_call(ctx, m, "AssociateIamInstanceProfile", id, NULL, name,
                                      "associating") != 0)
                    return -1;
            } else if (inst_profile_call(ctx, m, "ReplaceIamInstanceProfileAssociation", id,
                                         assoc, name, "replacing") != 0) {
                return -1;
            }
        }
    } else if (assoc && inst_profile_call(ctx, m, "DisassociateIamInstanceProfile", id, assoc,
                                          NULL, "disassociating") != 0) {
        return -1;
    }
    inst_profile_waiter w = {.ctx = ctx, .m = m, .id = id, .want = name};
    if (aws_wait(ctx->stop, timeout, inst_profile_poll, &w, &err) != 0) {
        aws_diag(ctx, &err, "waiting for EC2 Instance (%s) IAM Instance Profile update", id);
        return -1;
    }
    return 0;
}

static int inst_update_steps(tf_ctx *ctx, const aws_meta *m, const char *id,
                             const tf_value *prior, const tf_value *planned, double timeout)
{
    if (ec2_object_update_tags(ctx, m, prior, planned, inst_what) != 0)
        return -1;
    if (inst_update_volume_tags(ctx, m, prior, planned) != 0)
        return -1;
    const tf_value *sg = tf_get(planned, "vpc_security_group_ids");
    if (inst_changed(prior, planned, "vpc_security_group_ids") && tf_is_known(sg) &&
        sg->u.coll.n) {
        /* On the primary network interface, as hashicorp does. */
        aws_params *p = aws_params_new(ctx->arena);
        aws_params_add(p, "NetworkInterfaceId",
                       tf_get_str(prior, "primary_network_interface_id", ""));
        inst_add_set(p, sg, "SecurityGroupId.%zu");
        aws_xml_node *out;
        aws_error err;
        if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2",
                           "ModifyNetworkInterfaceAttribute", p, &out, &err) != 0) {
            aws_diag(ctx, &err, "updating EC2 Instance (%s) security groups", id);
            return -1;
        }
    }
    static const struct {
        const char *attr, *param;
    } flags[] = {{"disable_api_termination", "DisableApiTermination.Value"},
                 {"disable_api_stop", "DisableApiStop.Value"},
                 {"source_dest_check", "SourceDestCheck.Value"}};
    for (size_t i = 0; i < sizeof flags / sizeof flags[0]; i++) {
        bool v;
        if (inst_changed(prior, planned, flags[i].attr) &&
            inst_known_bool(planned, flags[i].attr, &v) &&
            inst_modify(ctx, m, id, flags[i].param, v ? "true" : "false", flags[i].attr) != 0)
            return -1;
    }
    const char *sd;
    if (inst_changed(prior, planned, "instance_initiated_shutdown_behavior") &&
        inst_known_str(planned, "instance_initiated_shutdown_behavior", &sd) &&
        inst_modify(ctx, m, id, "InstanceInitiatedShutdownBehavior.Value", sd,
                    "instance initiated shutdown behavior") != 0)
        return -1;
    bool mon;
    if (inst_changed(prior, planned, "monitoring") &&
        inst_known_bool(planned, "monitoring", &mon) &&
        inst_simple_call(ctx, m, mon ? "MonitorInstances" : "UnmonitorInstances", id,
                         "updating monitoring of") != 0)
        return -1;
    const tf_value *md = aws_block_first(tf_get(planned, "metadata_options"));
    if (md && inst_changed(prior, planned, "metadata_options")) {
        aws_params *p = aws_params_new(ctx->arena);
        aws_params_add(p, "InstanceId", id);
        inst_metadata_params(p, md, "");
        aws_xml_node *out;
        aws_error err;
        if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2",
                           "ModifyInstanceMetadataOptions", p, &out, &err) != 0) {
            aws_diag(ctx, &err, "updating EC2 Instance (%s) metadata options", id);
            return -1;
        }
    }
    const tf_value *cs = aws_block_first(tf_get(planned, "credit_specification"));
    const char *credits;
    if (cs && inst_changed(prior, planned, "credit_specification") &&
        inst_known_str(cs, "cpu_credits", &credits)) {
        aws_params *p = aws_params_new(ctx->arena);
        aws_params_add(p, "InstanceCreditSpecification.1.InstanceId", id);
        aws_params_add(p, "InstanceCreditSpecification.1.CpuCredits", credits);
        aws_xml_node *out;
        aws_error err;
        if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2",
                           "ModifyInstanceCreditSpecification", p, &out, &err) != 0) {
            aws_diag(ctx, &err, "updating EC2 Instance (%s) credit specification", id);
            return -1;
        }
        const aws_xml_node *bad =
            aws_xml_first(out, "unsuccessfulInstanceCreditSpecificationSet/item");
        if (bad) {
            tf_diag_error(ctx->diags, NULL, "updating EC2 Instance credit specification",
                          "updating EC2 Instance (%s) credit specification: %s: %s", id,
                          aws_xml_text(bad, "error/code") ? aws_xml_text(bad, "error/code") : "",
                          aws_xml_text(bad, "error/message") ? aws_xml_text(bad, "error/message")
                                                             : "");
            return -1;
        }
    }
    if (inst_update_profile(ctx, m, id, prior, planned, timeout) != 0)
        return -1;
    if (inst_update_root(ctx, m, prior, planned) != 0)
        return -1;
    return inst_stopped_changes(ctx, m, id, prior, planned, timeout);
}

static const tf_value *inst_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    double timeout = aws_timeout(planned, "update", INST_UPDATE_DEFAULT);
    const char *id = tf_get_str(prior, "id", "");
    if (inst_update_steps(ctx, m, id, prior, planned, timeout) != 0)
        return inst_refresh(ctx, m, prior, false);
    return inst_refresh(ctx, m, planned, true);
}

/* ---- delete ---- */

static void inst_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    double timeout = aws_timeout(prior, "delete", INST_DELETE_DEFAULT);
    const char *id = tf_get_str(prior, "id", "");
    /* Termination and stop protection are lifted first, as hashicorp does. */
    if (tf_get_bool(prior, "disable_api_termination", false) &&
        inst_modify(ctx, m, id, "DisableApiTermination.Value", "false",
                    "disable API termination") != 0)
        return;
    if (tf_get_bool(prior, "disable_api_stop", false) &&
        inst_modify(ctx, m, id, "DisableApiStop.Value", "false", "disable API stop") != 0)
        return;
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "InstanceId.1", id);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", "TerminateInstances", p, &out,
                       &err) != 0) {
        if (aws_error_is(&err, "InvalidInstanceID.NotFound"))
            return;
        aws_diag(ctx, &err, "terminating EC2 Instance (%s)", id);
        return;
    }
    (void)inst_wait(ctx, m, id, "terminated", timeout);
}

const tf_resource_def aws_ec2_instance_def = {
    .type_name = "aws_instance",
    .version = 1,
    .schema = &INST_SCHEMA,
    .modify_plan = inst_modify_plan,
    .create = inst_create,
    .read = inst_read,
    .update = inst_update,
    .delete = inst_delete,
};

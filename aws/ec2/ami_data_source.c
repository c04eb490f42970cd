/* ami_data_source.c - data "aws_ami": one machine image chosen by owners,
 * filters and a name pattern.
 *
 * The one idea: DescribeImages returns every match (all pages); name_regex
 * narrows them on our side; exactly one must remain unless most_recent
 * picks the newest by creation date.  The image is then flattened the way
 * hashicorp/aws does: EBS settings as a map of strings ("true", "30",
 * "0" for an absent IOPS), state_reason "UNSET" when AWS gives none, the
 * root snapshot from the mapping of the root device.
 *
 * uefi_data: hashicorp/aws asks GetInstanceUefiData with the image id as
 * an instance id and ignores the (always) failing answer, which leaves the
 * configured value; it is kept from the configuration here without that
 * call. */

#include <regex.h>
#include <stdio.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "block_values.h"
#include "diagnostics.h"
#include "provider_meta.h"
#include "resources.h"
#include "tags.h"
#include "value_build.h"

#define ami_schema aws_schema_data_aws_ami

/* ---- validation ---- */

static void ami_validate(tf_ctx *ctx, const tf_value *config)
{
    tf_arena *a = ctx->arena;
    const tf_value *re = tf_get(config, "name_regex");
    if (tf_is_known(re)) {
        regex_t r;
        int rc = regcomp(&r, re->u.str.ptr, REG_EXTENDED | REG_NOSUB);
        if (rc != 0) {
            char msg[256];
            regerror(rc, &r, msg, sizeof msg);
            tf_diag_error(ctx->diags, tf_path_attr(a, tf_path_root(a), "name_regex"),
                          "Invalid value for \"name_regex\"",
                          "\"name_regex\": error parsing regexp: %s", msg);
        } else {
            regfree(&r);
        }
    }
    const tf_value *owners = tf_get(config, "owners");
    if (tf_is_known(owners)) {
        if (owners->u.coll.n == 0)
            tf_diag_error(ctx->diags, tf_path_attr(a, tf_path_root(a), "owners"),
                          "Not enough list items",
                          "Attribute owners requires 1 item minimum, but config has only 0 "
                          "declared.");
        for (size_t i = 0; i < owners->u.coll.n; i++) {
            const tf_value *o = owners->u.coll.items[i];
            if (tf_is_known(o) && o->u.str.len == 0)
                tf_diag_error(ctx->diags,
                              tf_path_index(a, tf_path_attr(a, tf_path_root(a), "owners"),
                                            (int64_t)i),
                              "Invalid value for \"owners\"",
                              "owners.%zu must not be empty, got ", i);
        }
    }
}

/* ---- DescribeImages ---- */

static void put_string_list(aws_params *p, const char *prefix, const tf_value *list)
{
    for (size_t i = 0; tf_is_known(list) && i < list->u.coll.n; i++)
        if (tf_is_known(list->u.coll.items[i]))
            aws_params_add(p, aws_params_key(p, "%s.%zu", prefix, i + 1),
                           list->u.coll.items[i]->u.str.ptr);
}

typedef struct ami_pick {
    regex_t re;
    bool use_re;
    const aws_xml_node **matches;
    size_t n, cap;
    tf_arena *arena;
} ami_pick;

static int ami_page(void *ud, const aws_xml_node *page, aws_error *err)
{
    (void)err;
    ami_pick *pk = ud;
    for (const aws_xml_node *i = aws_xml_first(page, "imagesSet/item"); i; i = aws_xml_next(i)) {
        if (pk->use_re) {
            const char *name = aws_xml_text(i, "name");
            if (!name || !*name || regexec(&pk->re, name, 0, NULL, 0) != 0)
                continue;
        }
        if (pk->n == pk->cap) {
            size_t cap = pk->cap ? pk->cap * 2 : 16;
            const aws_xml_node **m = tf_arena_calloc(pk->arena, cap, sizeof *m);
            if (pk->n)
                memcpy(m, pk->matches, pk->n * sizeof *m);
            pk->matches = m;
            pk->cap = cap;
        }
        pk->matches[pk->n++] = i;
    }
    return 0;
}

/* ---- flattening ---- */

static const char *txt(const aws_xml_node *n, const char *path)
{
    const char *s = aws_xml_text(n, path);
    return s ? s : "";
}

static const char *bool_text(const aws_xml_node *n, const char *path)
{
    return aws_xml_bool(n, path, 0) ? "true" : "false";
}

static const char *int_text(tf_arena *a, const aws_xml_node *n, const char *path)
{
    return tf_arena_printf(a, "%lld", aws_xml_int(n, path, 0));
}

static const tf_value *ami_block_devices(tf_arena *a, const aws_xml_node *img,
                                         const tf_type *elem)
{
    size_t cnt = 0;
    for (const aws_xml_node *b = aws_xml_first(img, "blockDeviceMapping/item"); b;
         b = aws_xml_next(b))
        cnt++;
    const tf_value **items = tf_arena_calloc(a, cnt + 1, sizeof *items);
    size_t i = 0;
    for (const aws_xml_node *b = aws_xml_first(img, "blockDeviceMapping/item"); b;
         b = aws_xml_next(b)) {
        tf_objb ob;
        tf_objb_init(&ob, a, elem, NULL);
        tf_objb_str(&ob, "device_name", txt(b, "deviceName"));
        tf_objb_str(&ob, "virtual_name", txt(b, "virtualName"));
        tf_objb_str(&ob, "no_device", "");
        const aws_xml_node *ebs = aws_xml_child(b, "ebs");
        if (ebs) {
            static const char *const keys[] = {"delete_on_termination", "encrypted", "iops",
                                               "snapshot_id", "throughput",
                                               "volume_initialization_rate", "volume_size",
                                               "volume_type"};
            const char *vals[] = {bool_text(ebs, "deleteOnTermination"),
                                  bool_text(ebs, "encrypted"), int_text(a, ebs, "iops"),
                                  txt(ebs, "snapshotId"), int_text(a, ebs, "throughput"),
                                  int_text(a, ebs, "volumeInitializationRate"),
                                  int_text(a, ebs, "volumeSize"), txt(ebs, "volumeType")};
            tf_objb_set(&ob, "ebs", tf_string_map(a, keys, vals, 8));
        } else {
            tf_objb_set(&ob, "ebs", tf_string_map(a, NULL, NULL, 0));
        }
        items[i++] = tf_objb_done(&ob);
    }
    return tf_set(a, elem, cnt, items);
}

static const tf_value *ami_product_codes(tf_arena *a, const aws_xml_node *img,
                                         const tf_type *elem)
{
    size_t cnt = 0;
    for (const aws_xml_node *p = aws_xml_first(img, "productCodes/item"); p; p = aws_xml_next(p))
        cnt++;
    const tf_value **items = tf_arena_calloc(a, cnt + 1, sizeof *items);
    size_t i = 0;
    for (const aws_xml_node *p = aws_xml_first(img, "productCodes/item"); p;
         p = aws_xml_next(p)) {
        tf_objb ob;
        tf_objb_init(&ob, a, elem, NULL);
        tf_objb_str(&ob, "product_code_id", txt(p, "productCode"));
        tf_objb_str(&ob, "product_code_type", txt(p, "type"));
        items[i++] = tf_objb_done(&ob);
    }
    return tf_set(a, elem, cnt, items);
}

/* The element type of a set attribute of the schema. */
static const tf_type *attr_elem(const char *name)
{
    const tf_type *t = ami_schema.ctype;
    return t->types[tf_type_attr_index(t, name)]->elem;
}

/* amiRootSnapshotId: the snapshot of the mapping of the root device. */
static const char *ami_root_snapshot(const aws_xml_node *img)
{
    const char *root = aws_xml_text(img, "rootDeviceName");
    if (!root)
        return "";
    for (const aws_xml_node *b = aws_xml_first(img, "blockDeviceMapping/item"); b;
         b = aws_xml_next(b)) {
        const char *dev = aws_xml_text(b, "deviceName");
        const char *snap = aws_xml_text(b, "ebs/snapshotId");
        if (dev && strcmp(dev, root) == 0 && snap)
            return snap;
    }
    return "";
}

static const tf_value *ami_state(tf_ctx *ctx, const aws_meta *m, const tf_value *config,
                                 const aws_xml_node *img)
{
    tf_arena *a = ctx->arena;
    tf_objb b;
    tf_objb_init(&b, a, config->type, config);
    const char *id = txt(img, "imageId");
    tf_objb_str(&b, "id", id);
    tf_objb_str(&b, "arn", tf_arena_printf(a, "arn:%s:ec2:%s::image/%s", m->partition, m->region,
                                           id));
    tf_objb_str(&b, "architecture", txt(img, "architecture"));
    tf_objb_set(&b, "block_device_mappings",
                ami_block_devices(a, img, attr_elem("block_device_mappings")));
    tf_objb_str(&b, "boot_mode", txt(img, "bootMode"));
    tf_objb_str(&b, "creation_date", txt(img, "creationDate"));
    tf_objb_str(&b, "deprecation_time", txt(img, "deprecationTime"));
    tf_objb_str(&b, "description", txt(img, "description"));
    tf_objb_bool(&b, "ena_support", aws_xml_bool(img, "enaSupport", 0));
    tf_objb_str(&b, "hypervisor", txt(img, "hypervisor"));
    tf_objb_str(&b, "image_id", id);
    tf_objb_str(&b, "image_location", txt(img, "imageLocation"));
    tf_objb_str(&b, "image_owner_alias", txt(img, "imageOwnerAlias"));
    tf_objb_str(&b, "image_type", txt(img, "imageType"));
    tf_objb_str(&b, "imds_support", txt(img, "imdsSupport"));
    tf_objb_str(&b, "kernel_id", txt(img, "kernelId"));
    tf_objb_str(&b, "last_launched_time", txt(img, "lastLaunchedTime"));
    tf_objb_str(&b, "name", txt(img, "name"));
    tf_objb_str(&b, "owner_id", txt(img, "imageOwnerId"));
    tf_objb_str(&b, "platform", txt(img, "platform"));
    tf_objb_str(&b, "platform_details", txt(img, "platformDetails"));
    tf_objb_set(&b, "product_codes",
                ami_product_codes(a, img, attr_elem("product_codes")));
    tf_objb_bool(&b, "public", aws_xml_bool(img, "isPublic", 0));
    tf_objb_str(&b, "ramdisk_id", txt(img, "ramdiskId"));
    tf_objb_str(&b, "root_device_name", txt(img, "rootDeviceName"));
    tf_objb_str(&b, "root_device_type", txt(img, "rootDeviceType"));
    tf_objb_str(&b, "root_snapshot_id", ami_root_snapshot(img));
    tf_objb_str(&b, "sriov_net_support", txt(img, "sriovNetSupport"));
    tf_objb_str(&b, "state", txt(img, "imageState"));
    const aws_xml_node *sr = aws_xml_child(img, "stateReason");
    static const char *const sr_keys[] = {"code", "message"};
    const char *sr_vals[] = {sr ? txt(sr, "code") : "UNSET", sr ? txt(sr, "message") : "UNSET"};
    tf_objb_set(&b, "state_reason", tf_string_map(a, sr_keys, sr_vals, 2));
    tf_objb_str(&b, "tpm_support", txt(img, "tpmSupport"));
    tf_objb_str(&b, "usage_operation", txt(img, "usageOperation"));
    tf_objb_str(&b, "virtualization_type", txt(img, "virtualizationType"));
    size_t nt = 0;
    for (const aws_xml_node *t = aws_xml_first(img, "tagSet/item"); t; t = aws_xml_next(t))
        nt++;
    const char **tk = tf_arena_calloc(a, nt + 1, sizeof *tk);
    const char **tv = tf_arena_calloc(a, nt + 1, sizeof *tv);
    size_t k = 0;
    for (const aws_xml_node *t = aws_xml_first(img, "tagSet/item"); t; t = aws_xml_next(t)) {
        const char *key = txt(t, "key");
        if (aws_tags_ignored(m, key))
            continue;
        tk[k] = key;
        tv[k++] = txt(t, "value");
    }
    tf_objb_set(&b, "tags", tf_string_map(a, tk, tv, k));
    tf_objb_bool(&b, "most_recent", tf_get_bool(config, "most_recent", false));
    tf_objb_bool(&b, "include_deprecated", tf_get_bool(config, "include_deprecated", false));
    return tf_objb_done(&b);
}

/* checkMostRecentAndMissingFilters: most_recent without an owner or an
 * image-id/owner-id filter could pick a third party's newer image. */
static void ami_check_unfiltered(tf_ctx *ctx, const tf_value *config)
{
    if (!tf_get_bool(config, "most_recent", false) || aws_block_len(tf_get(config, "owners")))
        return;
    const tf_value *fs = tf_get(config, "filter");
    for (size_t i = 0; tf_is_known(fs) && i < fs->u.coll.n; i++) {
        const char *n = tf_get_str(fs->u.coll.items[i], "name", "");
        if (strcmp(n, "image-id") == 0 || strcmp(n, "owner-id") == 0)
            return;
    }
    tf_diag_warn(ctx->diags, NULL, "Most Recent Image Not Filtered",
                 "\"most_recent\" is set to \"true\" and results are not filtered by owner or "
                 "image ID. With this configuration, a third party may introduce a new image "
                 "which will be returned by this data source. Consider filtering by owner or "
                 "image ID to avoid this possibility.");
}

static const tf_value *ami_read(tf_ctx *ctx, const tf_value *config)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "IncludeDeprecated",
                   tf_get_bool(config, "include_deprecated", false) ? "true" : "false");
    put_string_list(p, "ExecutableBy", tf_get(config, "executable_users"));
    const tf_value *fs = tf_get(config, "filter");
    for (size_t i = 0; tf_is_known(fs) && i < fs->u.coll.n; i++) {
        const tf_value *f = fs->u.coll.items[i];
        aws_params_add(p, aws_params_key(p, "Filter.%zu.Name", i + 1), tf_get_str(f, "name", ""));
        put_string_list(p, aws_params_key(p, "Filter.%zu.Value", i + 1), tf_get(f, "values"));
    }
    put_string_list(p, "Owner", tf_get(config, "owners"));
    ami_check_unfiltered(ctx, config);

    ami_pick pk = {.arena = a};
    const char *pattern = tf_get_str(config, "name_regex", "");
    if (*pattern) {
        if (regcomp(&pk.re, pattern, REG_EXTENDED | REG_NOSUB) != 0) {
            tf_diag_error(ctx->diags, NULL, "Invalid name_regex", "cannot compile %s", pattern);
            return NULL;
        }
        pk.use_re = true;
    }
    aws_error err;
    int rc = aws_query_pages(m->client, a, ctx->stop, "ec2", "DescribeImages", p, "NextToken",
                             "nextToken", ami_page, &pk, &err);
    if (pk.use_re)
        regfree(&pk.re);
    if (rc != 0) {
        aws_diag(ctx, &err, "reading EC2 AMIs");
        return NULL;
    }
    if (pk.n < 1) {
        tf_diag_error(ctx->diags, NULL,
                      "Your query returned no results. Please change your search criteria and "
                      "try again.", "%s", "");
        return NULL;
    }
    if (pk.n > 1 && !tf_get_bool(config, "most_recent", false)) {
        tf_diag_error(ctx->diags, NULL,
                      "Your query returned more than one result. Please try a more specific "
                      "search criteria, or set `most_recent` attribute to true.", "%s", "");
        return NULL;
    }
    /* slices.MaxFunc over the creation dates: the first of the newest. */
    const aws_xml_node *best = pk.matches[0];
    for (size_t i = 1; i < pk.n; i++)
        if (strcmp(txt(pk.matches[i], "creationDate"), txt(best, "creationDate")) > 0)
            best = pk.matches[i];
    return ami_state(ctx, m, config, best);
}

/* ---- definition ---- */

const tf_data_source_def aws_ec2_ami_data_source_def = {
    .type_name = "aws_ami",
    .version = 0,
    .schema = &ami_schema,
    .validate = ami_validate,
    .read = ami_read,
};

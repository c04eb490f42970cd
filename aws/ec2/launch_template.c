/* launch_template.c - aws_launch_template: an EC2 launch template and its
 * versions.
 *
 * A template is a series of immutable versions.  Creating it makes version
 * 1; changing any of the instance arguments makes a new version
 * (CreateLaunchTemplateVersion) holding the whole configuration, and
 * `update_default_version` then makes it the default (ModifyLaunchTemplate),
 * as does a changed `default_version`.  The state always shows the latest
 * version, so a version added outside Terraform shows up as drift in
 * `latest_version` and in every argument it changed.  The schema is the
 * generated aws_schema_resource_aws_launch_template (aws/schema/aws.schema).
 *
 * The instance arguments are described by field tables: one row per
 * attribute with the EC2 parameter it is sent as, the XML element it reads
 * back from, and how hashicorp/aws 5.100.0 treats an unset value (strings
 * sent when non-empty, numbers when non-zero, booleans when true or always,
 * "nullable" booleans - strings "true"/"false"/"" - when non-empty).  Blocks
 * this provider does not implement yet are refused at plan time, at the
 * block, rather than ignored. */

#include <stdio.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "ec2_object.h"
#include "ec2_tags.h"
#include "names.h"
#include "provider_meta.h"
#include "resources.h"
#include "tags.h"
#include "value_build.h"

#define LT_SCHEMA aws_schema_resource_aws_launch_template

/* ---- field tables ---- */

typedef enum {
    LF_STR,        /* sent when non-empty; state "" when absent */
    LF_INT,        /* sent when non-zero; state 0 when absent */
    LF_BOOL,       /* sent when true; state false when absent */
    LF_BOOL_ALL,   /* always sent (the block is configured); state false when absent */
    LF_NBOOL,      /* string "true"/"false", sent when non-empty; state "" when absent */
    LF_STRSET,     /* set(string) sent as PARAM.N; state of the XML item list */
    LF_WRAPSET,    /* set(string) sent as PARAM.N.<sub>, read from XML item/<sub> */
} lt_ftype;

typedef struct lt_field {
    const char *attr;
    lt_ftype type;
    const char *param;     /* relative EC2 parameter name */
    const char *xml;       /* relative XML path (of each item for the sets) */
    const char *sub;       /* LF_WRAPSET: member of each element */
} lt_field;

#define LT_END {NULL, 0, NULL, NULL, NULL}

static const lt_field lt_ebs_fields[] = {
    {"delete_on_termination", LF_NBOOL, "DeleteOnTermination", "deleteOnTermination", NULL},
    {"encrypted", LF_NBOOL, "Encrypted", "encrypted", NULL},
    {"iops", LF_INT, "Iops", "iops", NULL},
    {"kms_key_id", LF_STR, "KmsKeyId", "kmsKeyId", NULL},
    {"snapshot_id", LF_STR, "SnapshotId", "snapshotId", NULL},
    {"throughput", LF_INT, "Throughput", "throughput", NULL},
    {"volume_initialization_rate", LF_INT, "VolumeInitializationRate",
     "volumeInitializationRate", NULL},
    {"volume_size", LF_INT, "VolumeSize", "volumeSize", NULL},
    {"volume_type", LF_STR, "VolumeType", "volumeType", NULL},
    LT_END,
};

static const lt_field lt_bdm_fields[] = {
    {"device_name", LF_STR, "DeviceName", "deviceName", NULL},
    {"no_device", LF_STR, "NoDevice", "noDevice", NULL},
    {"virtual_name", LF_STR, "VirtualName", "virtualName", NULL},
    LT_END,
};

static const lt_field lt_cpu_fields[] = {
    {"amd_sev_snp", LF_STR, "AmdSevSnp", "amdSevSnp", NULL},
    {"core_count", LF_INT, "CoreCount", "coreCount", NULL},
    {"threads_per_core", LF_INT, "ThreadsPerCore", "threadsPerCore", NULL},
    LT_END,
};

static const lt_field lt_enclave_fields[] = {
    {"enabled", LF_BOOL_ALL, "Enabled", "enabled", NULL},
    LT_END,
};

static const lt_field lt_hibernation_fields[] = {
    {"configured", LF_BOOL_ALL, "Configured", "configured", NULL},
    LT_END,
};

static const lt_field lt_iam_fields[] = {
    {"arn", LF_STR, "Arn", "arn", NULL},
    {"name", LF_STR, "Name", "name", NULL},
    LT_END,
};

static const lt_field lt_maintenance_fields[] = {
    {"auto_recovery", LF_STR, "AutoRecovery", "autoRecovery", NULL},
    LT_END,
};

static const lt_field lt_metadata_fields[] = {
    {"http_endpoint", LF_STR, "HttpEndpoint", "httpEndpoint", NULL},
    {"http_protocol_ipv6", LF_STR, "HttpProtocolIpv6", "httpProtocolIpv6", NULL},
    {"http_put_response_hop_limit", LF_INT, "HttpPutResponseHopLimit",
     "httpPutResponseHopLimit", NULL},
    {"http_tokens", LF_STR, "HttpTokens", "httpTokens", NULL},
    {"instance_metadata_tags", LF_STR, "InstanceMetadataTags", "instanceMetadataTags", NULL},
    LT_END,
};

static const lt_field lt_monitoring_fields[] = {
    {"enabled", LF_BOOL_ALL, "Enabled", "enabled", NULL},
    LT_END,
};

static const lt_field lt_placement_fields[] = {
    {"affinity", LF_STR, "Affinity", "affinity", NULL},
    {"availability_zone", LF_STR, "AvailabilityZone", "availabilityZone", NULL},
    {"group_name", LF_STR, "GroupName", "groupName", NULL},
    {"host_id", LF_STR, "HostId", "hostId", NULL},
    {"host_resource_group_arn", LF_STR, "HostResourceGroupArn", "hostResourceGroupArn", NULL},
    {"partition_number", LF_INT, "PartitionNumber", "partitionNumber", NULL},
    {"spread_domain", LF_STR, "SpreadDomain", "spreadDomain", NULL},
    {"tenancy", LF_STR, "Tenancy", "tenancy", NULL},
    LT_END,
};

static const lt_field lt_dns_fields[] = {
    {"enable_resource_name_dns_a_record", LF_BOOL_ALL, "EnableResourceNameDnsARecord",
     "enableResourceNameDnsARecord", NULL},
    {"enable_resource_name_dns_aaaa_record", LF_BOOL_ALL, "EnableResourceNameDnsAAAARecord",
     "enableResourceNameDnsAAAARecord", NULL},
    {"hostname_type", LF_STR, "HostnameType", "hostnameType", NULL},
    LT_END,
};

static const lt_field lt_license_fields[] = {
    {"license_configuration_arn", LF_STR, "LicenseConfigurationArn", "licenseConfigurationArn",
     NULL},
    LT_END,
};

static const lt_field lt_eni_fields[] = {
    {"associate_carrier_ip_address", LF_NBOOL, "AssociateCarrierIpAddress",
     "associateCarrierIpAddress", NULL},
    {"associate_public_ip_address", LF_NBOOL, "AssociatePublicIpAddress",
     "associatePublicIpAddress", NULL},
    {"delete_on_termination", LF_NBOOL, "DeleteOnTermination", "deleteOnTermination", NULL},
    {"description", LF_STR, "Description", "description", NULL},
    {"device_index", LF_INT, "DeviceIndex", "deviceIndex", NULL},
    {"interface_type", LF_STR, "InterfaceType", "interfaceType", NULL},
    {"ipv4_address_count", LF_INT, "SecondaryPrivateIpAddressCount",
     "secondaryPrivateIpAddressCount", NULL},
    {"ipv4_addresses", LF_WRAPSET, "PrivateIpAddresses", "privateIpAddressesSet/item",
     "PrivateIpAddress"},
    {"ipv4_prefix_count", LF_INT, "Ipv4PrefixCount", "ipv4PrefixCount", NULL},
    {"ipv4_prefixes", LF_WRAPSET, "Ipv4Prefix", "ipv4PrefixSet/item", "Ipv4Prefix"},
    {"ipv6_address_count", LF_INT, "Ipv6AddressCount", "ipv6AddressCount", NULL},
    {"ipv6_addresses", LF_WRAPSET, "Ipv6Addresses", "ipv6AddressesSet/item", "Ipv6Address"},
    {"ipv6_prefix_count", LF_INT, "Ipv6PrefixCount", "ipv6PrefixCount", NULL},
    {"ipv6_prefixes", LF_WRAPSET, "Ipv6Prefix", "ipv6PrefixSet/item", "Ipv6Prefix"},
    {"network_card_index", LF_INT, "NetworkCardIndex", "networkCardIndex", NULL},
    {"network_interface_id", LF_STR, "NetworkInterfaceId", "networkInterfaceId", NULL},
    {"primary_ipv6", LF_NBOOL, "PrimaryIpv6", "primaryIpv6", NULL},
    {"private_ip_address", LF_STR, "PrivateIpAddress", "privateIpAddress", NULL},
    {"security_groups", LF_STRSET, "SecurityGroupId", "groupSet/groupId", NULL},
    {"subnet_id", LF_STR, "SubnetId", "subnetId", NULL},
    LT_END,
};

/* A single (max 1) block sent as LaunchTemplateData.<param>. */
typedef struct lt_single {
    const char *attr;
    const char *param;
    const char *xml;
    const lt_field *fields;
} lt_single;

static const lt_single lt_singles[] = {
    {"cpu_options", "CpuOptions", "cpuOptions", lt_cpu_fields},
    {"enclave_options", "EnclaveOptions", "enclaveOptions", lt_enclave_fields},
    {"hibernation_options", "HibernationOptions", "hibernationOptions", lt_hibernation_fields},
    {"iam_instance_profile", "IamInstanceProfile", "iamInstanceProfile", lt_iam_fields},
    {"maintenance_options", "MaintenanceOptions", "maintenanceOptions", lt_maintenance_fields},
    {"metadata_options", "MetadataOptions", "metadataOptions", lt_metadata_fields},
    {"monitoring", "Monitoring", "monitoring", lt_monitoring_fields},
    {"placement", "Placement", "placement", lt_placement_fields},
    {"private_dns_name_options", "PrivateDnsNameOptions", "privateDnsNameOptions",
     lt_dns_fields},
    {NULL, NULL, NULL, NULL},
};

static const lt_field lt_top_fields[] = {
    {"disable_api_stop", LF_BOOL, "DisableApiStop", "disableApiStop", NULL},
    {"disable_api_termination", LF_BOOL, "DisableApiTermination", "disableApiTermination",
     NULL},
    {"ebs_optimized", LF_NBOOL, "EbsOptimized", "ebsOptimized", NULL},
    {"image_id", LF_STR, "ImageId", "imageId", NULL},
    {"instance_initiated_shutdown_behavior", LF_STR, "InstanceInitiatedShutdownBehavior",
     "instanceInitiatedShutdownBehavior", NULL},
    {"instance_type", LF_STR, "InstanceType", "instanceType", NULL},
    {"kernel_id", LF_STR, "KernelId", "kernelId", NULL},
    {"key_name", LF_STR, "KeyName", "keyName", NULL},
    {"ram_disk_id", LF_STR, "RamDiskId", "ramDiskId", NULL},
    {"security_group_names", LF_STRSET, "SecurityGroup", "securityGroupSet/item", NULL},
    {"vpc_security_group_ids", LF_STRSET, "SecurityGroupId", "securityGroupIdSet/item", NULL},
    LT_END,
};

/* Blocks not implemented yet: refused at plan time when configured. */
static const char *const lt_unsupported[] = {
    "capacity_reservation_specification",
    "credit_specification",
    "elastic_gpu_specifications",
    "elastic_inference_accelerator",
    "instance_market_options",
    "instance_requirements",
    NULL,
};
static const char *const lt_eni_unsupported[] = {
    "connection_tracking_specification",
    "ena_srd_specification",
    NULL,
};

/* Arguments whose change makes a new version (hashicorp's updateKeys). */
static const char *const lt_version_keys[] = {
    "block_device_mappings", "capacity_reservation_specification", "cpu_options",
    "credit_specification", "description", "disable_api_stop", "disable_api_termination",
    "ebs_optimized", "elastic_gpu_specifications", "elastic_inference_accelerator",
    "enclave_options", "hibernation_options", "iam_instance_profile", "image_id",
    "instance_initiated_shutdown_behavior", "instance_market_options", "instance_requirements",
    "instance_type", "kernel_id", "key_name", "license_specification", "metadata_options",
    "monitoring", "network_interfaces", "placement", "private_dns_name_options", "ram_disk_id",
    "security_group_names", "tag_specifications", "user_data", "vpc_security_group_ids", NULL,
};

static const tf_block *lt_nested(const tf_block *b, const char *name)
{
    const tf_nested_block *nb = tf_block_nested(b, name);
    return nb ? nb->block : NULL;
}

/* ---- expanding a configuration into LaunchTemplateData ---- */

static const char *lt_key(aws_params *p, const char *pre, const char *rel)
{
    return aws_params_key(p, "%s.%s", pre, rel);
}

static void lt_expand_fields(aws_params *p, const char *pre, const tf_value *obj,
                             const lt_field *f)
{
    for (; f->attr; f++) {
        const tf_value *v = tf_get(obj, f->attr);
        if (!tf_is_known(v))
            continue;
        switch (f->type) {
        case LF_STR:
        case LF_NBOOL:
            if (v->u.str.len > 0)
                aws_params_add(p, lt_key(p, pre, f->param), v->u.str.ptr);
            break;
        case LF_INT: {
            int64_t n = tf_get_i64(obj, f->attr, 0);
            if (n != 0)
                aws_params_addf(p, lt_key(p, pre, f->param), "%lld", (long long)n);
            break;
        }
        case LF_BOOL:
            if (v->u.b)
                aws_params_add(p, lt_key(p, pre, f->param), "true");
            break;
        case LF_BOOL_ALL:
            aws_params_add(p, lt_key(p, pre, f->param), v->u.b ? "true" : "false");
            break;
        case LF_STRSET:
            for (size_t i = 0; i < v->u.coll.n; i++)
                if (tf_is_known(v->u.coll.items[i]))
                    aws_params_add(p, aws_params_key(p, "%s.%s.%zu", pre, f->param, i + 1),
                                   v->u.coll.items[i]->u.str.ptr);
            break;
        case LF_WRAPSET:
            for (size_t i = 0; i < v->u.coll.n; i++)
                if (tf_is_known(v->u.coll.items[i]))
                    aws_params_add(p,
                                   aws_params_key(p, "%s.%s.%zu.%s", pre, f->param, i + 1,
                                                  f->sub),
                                   v->u.coll.items[i]->u.str.ptr);
            break;
        }
    }
}

/* The first element of a configured list block, or NULL. */
static const tf_value *lt_first(const tf_value *obj, const char *name)
{
    const tf_value *l = tf_get(obj, name);
    if (!tf_is_known(l) || l->u.coll.n == 0 || !tf_is_known(l->u.coll.items[0]))
        return NULL;
    return l->u.coll.items[0];
}

static void lt_expand_tags(aws_params *p, const char *pre, const tf_value *map)
{
    if (!tf_is_known(map))
        return;
    size_t n = 0;
    for (size_t i = 0; i < map->u.coll.n; i++) {
        const char *k = map->u.coll.keys[i];
        const tf_value *v = map->u.coll.items[i];
        if (!tf_is_known(v) || strncmp(k, "aws:", 4) == 0)
            continue;
        n++;
        aws_params_add(p, aws_params_key(p, "%s.Tag.%zu.Key", pre, n), k);
        aws_params_add(p, aws_params_key(p, "%s.Tag.%zu.Value", pre, n), v->u.str.ptr);
    }
}

/* LaunchTemplateData.* from a planned state, the way hashicorp's
 * expandRequestLaunchTemplateData builds it. */
static void lt_expand(aws_params *p, const tf_value *pl)
{
    const char *d = "LaunchTemplateData";
    /* Always at least one member. */
    aws_params_add(p, "LaunchTemplateData.UserData", tf_get_str(pl, "user_data", ""));
    lt_expand_fields(p, d, pl, lt_top_fields);
    for (const lt_single *s = lt_singles; s->attr; s++) {
        const tf_value *o = lt_first(pl, s->attr);
        if (o)
            lt_expand_fields(p, aws_params_key(p, "%s.%s", d, s->param), o, s->fields);
    }
    const tf_value *bdms = tf_get(pl, "block_device_mappings");
    for (size_t i = 0; tf_is_known(bdms) && i < bdms->u.coll.n; i++) {
        const tf_value *m = bdms->u.coll.items[i];
        if (!tf_is_known(m))
            continue;
        const char *pre = aws_params_key(p, "%s.BlockDeviceMapping.%zu", d, i + 1);
        lt_expand_fields(p, pre, m, lt_bdm_fields);
        const tf_value *ebs = lt_first(m, "ebs");
        if (ebs)
            lt_expand_fields(p, aws_params_key(p, "%s.Ebs", pre), ebs, lt_ebs_fields);
    }
    const tf_value *enis = tf_get(pl, "network_interfaces");
    for (size_t i = 0; tf_is_known(enis) && i < enis->u.coll.n; i++) {
        const tf_value *e = enis->u.coll.items[i];
        if (!tf_is_known(e))
            continue;
        const char *pre = aws_params_key(p, "%s.NetworkInterface.%zu", d, i + 1);
        lt_expand_fields(p, pre, e, lt_eni_fields);
        /* hashicorp always sends the device index of an interface */
        if (!aws_params_get(p, lt_key(p, pre, "DeviceIndex")))
            aws_params_add(p, lt_key(p, pre, "DeviceIndex"), "0");
    }
    const tf_value *lics = tf_get(pl, "license_specification");
    for (size_t i = 0; tf_is_known(lics) && i < lics->u.coll.n; i++)
        lt_expand_fields(p, aws_params_key(p, "%s.LicenseSpecification.%zu", d, i + 1),
                         lics->u.coll.items[i], lt_license_fields);
    const tf_value *specs = tf_get(pl, "tag_specifications");
    for (size_t i = 0; tf_is_known(specs) && i < specs->u.coll.n; i++) {
        const tf_value *s = specs->u.coll.items[i];
        if (!tf_is_known(s))
            continue;
        const char *pre = aws_params_key(p, "%s.TagSpecification.%zu", d, i + 1);
        const char *rt = tf_get_str(s, "resource_type", "");
        if (*rt)
            aws_params_add(p, lt_key(p, pre, "ResourceType"), rt);
        lt_expand_tags(p, pre, tf_get(s, "tags"));
    }
}

/* ---- flattening a version into state ---- */

static const tf_value *lt_xml_strset(tf_arena *a, const aws_xml_node *n, const char *path,
                                     const char *sub)
{
    size_t cap = 0;
    for (const aws_xml_node *i = aws_xml_first(n, path); i; i = aws_xml_next(i))
        cap++;
    const char **items = tf_arena_calloc(a, cap + 1, sizeof *items);
    size_t k = 0;
    for (const aws_xml_node *i = aws_xml_first(n, path); i; i = aws_xml_next(i)) {
        const char *t = sub ? aws_xml_text(i, sub) : i->text;
        if (t)
            items[k++] = t;
    }
    return tf_string_set(a, items, k);
}

static void lt_flatten_fields(tf_arena *a, tf_objb *b, const aws_xml_node *n, const lt_field *f)
{
    for (; f->attr; f++) {
        switch (f->type) {
        case LF_STR: {
            const char *t = n ? aws_xml_text(n, f->xml) : NULL;
            tf_objb_str(b, f->attr, t ? t : "");
            break;
        }
        case LF_NBOOL: {
            int v = n ? aws_xml_bool(n, f->xml, -1) : -1;
            tf_objb_str(b, f->attr, v < 0 ? "" : v ? "true" : "false");
            break;
        }
        case LF_INT:
            tf_objb_i64(b, f->attr, n ? aws_xml_int(n, f->xml, 0) : 0);
            break;
        case LF_BOOL:
        case LF_BOOL_ALL:
            tf_objb_bool(b, f->attr, n ? aws_xml_bool(n, f->xml, 0) == 1 : false);
            break;
        case LF_STRSET:
        case LF_WRAPSET: {
            char sub[64];
            const char *s = NULL;
            if (f->type == LF_WRAPSET) {
                /* the XML member is the parameter's name, first letter lower */
                snprintf(sub, sizeof sub, "%s", f->sub);
                sub[0] = (char)(sub[0] - 'A' + 'a');
                s = sub;
            }
            tf_objb_set(b, f->attr, lt_xml_strset(a, n, f->xml, s));
            break;
        }
        }
    }
}

/* A list block of at most one element from XML element xml (empty when
 * absent). */
static const tf_value *lt_flatten_single(tf_arena *a, const tf_block *blk,
                                         const aws_xml_node *data, const lt_single *s)
{
    const aws_xml_node *n = aws_xml_child(data, s->xml);
    if (!n)
        return tf_list(a, blk->ctype, 0, NULL);
    tf_objb b;
    tf_objb_init(&b, a, blk->ctype, NULL);
    lt_flatten_fields(a, &b, n, s->fields);
    const tf_value *item = tf_objb_done(&b);
    return tf_list(a, blk->ctype, 1, &item);
}

static size_t lt_count(const aws_xml_node *n, const char *path)
{
    size_t c = 0;
    for (const aws_xml_node *i = aws_xml_first(n, path); i; i = aws_xml_next(i))
        c++;
    return c;
}

static const tf_value *lt_flatten_bdms(tf_arena *a, const aws_xml_node *data)
{
    const tf_block *blk = lt_nested(&LT_SCHEMA, "block_device_mappings");
    const tf_block *eblk = lt_nested(blk, "ebs");
    size_t cap = lt_count(data, "blockDeviceMappingSet/item");
    const tf_value **items = tf_arena_calloc(a, cap + 1, sizeof *items);
    size_t k = 0;
    for (const aws_xml_node *m = aws_xml_first(data, "blockDeviceMappingSet/item"); m;
         m = aws_xml_next(m)) {
        tf_objb b;
        tf_objb_init(&b, a, blk->ctype, NULL);
        lt_flatten_fields(a, &b, m, lt_bdm_fields);
        const aws_xml_node *ebs = aws_xml_child(m, "ebs");
        if (ebs) {
            tf_objb e;
            tf_objb_init(&e, a, eblk->ctype, NULL);
            lt_flatten_fields(a, &e, ebs, lt_ebs_fields);
            const tf_value *ev = tf_objb_done(&e);
            tf_objb_set(&b, "ebs", tf_list(a, eblk->ctype, 1, &ev));
        } else {
            tf_objb_set(&b, "ebs", tf_list(a, eblk->ctype, 0, NULL));
        }
        items[k++] = tf_objb_done(&b);
    }
    return tf_list(a, blk->ctype, k, items);
}

static const tf_value *lt_flatten_enis(tf_arena *a, const aws_xml_node *data)
{
    const tf_block *blk = lt_nested(&LT_SCHEMA, "network_interfaces");
    size_t cap = lt_count(data, "networkInterfaceSet/item");
    const tf_value **items = tf_arena_calloc(a, cap + 1, sizeof *items);
    size_t k = 0;
    for (const aws_xml_node *e = aws_xml_first(data, "networkInterfaceSet/item"); e;
         e = aws_xml_next(e)) {
        tf_objb b;
        tf_objb_init(&b, a, blk->ctype, NULL);
        lt_flatten_fields(a, &b, e, lt_eni_fields);
        for (const char *const *u = lt_eni_unsupported; *u; u++)
            tf_objb_set(&b, *u, tf_list(a, lt_nested(blk, *u)->ctype, 0, NULL));
        items[k++] = tf_objb_done(&b);
    }
    return tf_list(a, blk->ctype, k, items);
}

static const tf_value *lt_flatten_licenses(tf_arena *a, const aws_xml_node *data)
{
    const tf_block *blk = lt_nested(&LT_SCHEMA, "license_specification");
    size_t cap = lt_count(data, "licenseSet/item");
    const tf_value **items = tf_arena_calloc(a, cap + 1, sizeof *items);
    size_t k = 0;
    for (const aws_xml_node *l = aws_xml_first(data, "licenseSet/item"); l; l = aws_xml_next(l)) {
        tf_objb b;
        tf_objb_init(&b, a, blk->ctype, NULL);
        lt_flatten_fields(a, &b, l, lt_license_fields);
        items[k++] = tf_objb_done(&b);
    }
    return tf_set(a, blk->ctype, k, items);
}

static const tf_value *lt_flatten_tag_specs(tf_arena *a, const aws_meta *m,
                                            const aws_xml_node *data)
{
    const tf_block *blk = lt_nested(&LT_SCHEMA, "tag_specifications");
    size_t cap = lt_count(data, "tagSpecificationSet/item");
    const tf_value **items = tf_arena_calloc(a, cap + 1, sizeof *items);
    size_t k = 0;
    for (const aws_xml_node *s = aws_xml_first(data, "tagSpecificationSet/item"); s;
         s = aws_xml_next(s)) {
        tf_objb b;
        tf_objb_init(&b, a, blk->ctype, NULL);
        const char *rt = aws_xml_text(s, "resourceType");
        tf_objb_str(&b, "resource_type", rt ? rt : "");
        size_t n;
        aws_kv *kv = ec2_tags_from_xml(a, s, &n);
        const char **keys = tf_arena_calloc(a, n + 1, sizeof *keys);
        const char **vals = tf_arena_calloc(a, n + 1, sizeof *vals);
        size_t j = 0;
        for (size_t i = 0; i < n; i++) {
            if (strncmp(kv[i].key, "aws:", 4) == 0 || aws_tags_ignored(m, kv[i].key))
                continue;
            keys[j] = kv[i].key;
            vals[j++] = kv[i].value;
        }
        tf_objb_set(&b, "tags", j ? tf_string_map(a, keys, vals, j)
                                  : tf_null(a, tf_type_map(a, &tf_type_string)));
        items[k++] = tf_objb_done(&b);
    }
    return tf_list(a, blk->ctype, k, items);
}

/* ---- reading ---- */

enum { LT_FOUND = 0, LT_GONE = 1 };

/* The template (*lt) and its latest version (*ver): LT_FOUND, LT_GONE, or
 * -1 with err. */
static int lt_find(tf_ctx *ctx, const aws_meta *m, const char *id, const aws_xml_node **lt,
                   const aws_xml_node **ver, aws_error *err)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "LaunchTemplateId.1", id);
    aws_xml_node *out;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", "DescribeLaunchTemplates", p,
                       &out, err) != 0)
        return aws_error_is(err, "InvalidLaunchTemplateId.NotFound") ||
                       aws_error_is(err, "InvalidLaunchTemplateId.Malformed")
                   ? LT_GONE
                   : -1;
    *lt = aws_xml_first(out, "launchTemplates/item");
    if (!*lt)
        return LT_GONE;
    const char *latest = aws_xml_text(*lt, "latestVersionNumber");
    p = aws_params_new(ctx->arena);
    aws_params_add(p, "LaunchTemplateId", id);
    aws_params_add(p, "LaunchTemplateVersion.1", latest ? latest : "$Latest");
    aws_xml_node *vout;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", "DescribeLaunchTemplateVersions",
                       p, &vout, err) != 0)
        return aws_error_is(err, "InvalidLaunchTemplateId.NotFound") ? LT_GONE : -1;
    *ver = aws_xml_first(vout, "launchTemplateVersionSet/item");
    if (!*ver) {
        aws_error_set(err, AWS_ERR_RESPONSE, "",
                      "EC2 Launch Template version not found in the answer to "
                      "DescribeLaunchTemplateVersions");
        return -1;
    }
    return LT_FOUND;
}

static const tf_value *lt_state(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                const aws_xml_node *lt, const aws_xml_node *ver)
{
    tf_arena *a = ctx->arena;
    const char *id = aws_xml_text(lt, "launchTemplateId");
    const char *name = aws_xml_text(lt, "launchTemplateName");
    tf_objb b;
    tf_objb_init(&b, a, LT_SCHEMA.ctype, base);
    tf_objb_str(&b, "id", id);
    tf_objb_str(&b, "arn", tf_arena_printf(a, "arn:%s:ec2:%s:%s:launch-template/%s",
                                           m->partition, m->region, m->account_id, id));
    tf_objb_i64(&b, "default_version", aws_xml_int(lt, "defaultVersionNumber", 0));
    tf_objb_i64(&b, "latest_version", aws_xml_int(lt, "latestVersionNumber", 0));
    const char *desc = aws_xml_text(ver, "versionDescription");
    tf_objb_str(&b, "description", desc ? desc : "");
    aws_name_state(&b, name ? name : "");
    const aws_xml_node *data = aws_xml_child(ver, "launchTemplateData");
    lt_flatten_fields(a, &b, data, lt_top_fields);
    const char *ud = data ? aws_xml_text(data, "userData") : NULL;
    tf_objb_str(&b, "user_data", ud ? ud : "");
    for (const lt_single *s = lt_singles; s->attr; s++)
        tf_objb_set(&b, s->attr, lt_flatten_single(a, lt_nested(&LT_SCHEMA, s->attr), data, s));
    tf_objb_set(&b, "block_device_mappings", lt_flatten_bdms(a, data));
    tf_objb_set(&b, "network_interfaces", lt_flatten_enis(a, data));
    tf_objb_set(&b, "license_specification", lt_flatten_licenses(a, data));
    tf_objb_set(&b, "tag_specifications", lt_flatten_tag_specs(a, m, data));
    for (const char *const *u = lt_unsupported; *u; u++)
        tf_objb_set(&b, *u, tf_list(a, lt_nested(&LT_SCHEMA, *u)->ctype, 0, NULL));
    size_t n;
    aws_kv *remote = ec2_tags_from_xml(a, lt, &n);
    aws_tags_set_state(&b, m, remote, n, tf_get(base, "tags"));
    return tf_objb_done(&b);
}

/* Reads the template into a state built on base: a null state when it is
 * gone (an error for one just created), NULL on error. */
static const tf_value *lt_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                  bool is_new)
{
    const char *id = tf_get_str(base, "id", "");
    const aws_xml_node *lt = NULL, *ver = NULL;
    aws_error err;
    int rc = lt_find(ctx, m, id, &lt, &ver, &err);
    if (rc < 0) {
        aws_diag(ctx, &err, "reading EC2 Launch Template (%s)", id);
        return NULL;
    }
    if (rc == LT_GONE) {
        if (is_new) {
            tf_diag_error(ctx->diags, NULL, "reading EC2 Launch Template",
                          "EC2 Launch Template (%s) was created but cannot be read back.", id);
            return NULL;
        }
        return tf_null(ctx->arena, LT_SCHEMA.ctype);
    }
    return lt_state(ctx, m, base, lt, ver);
}

/* ---- planning ---- */

static bool lt_key_in(const char *key, const char *const *list)
{
    for (; *list; list++)
        if (strcmp(key, *list) == 0)
            return true;
    return false;
}

/* Where a diagnostic about a configured block points: its first set
 * argument (Terraform shows a block's own path at the resource). */
static const tf_path *lt_block_path(tf_arena *a, const tf_path *p, const tf_value *obj)
{
    if (!tf_is_known(obj) || obj->type->kind != TF_OBJECT)
        return p;
    for (size_t i = 0; i < obj->type->n; i++) {
        const tf_value *v = obj->u.coll.items[i];
        if (tf_is_null(v))
            continue;
        if ((v->type->kind == TF_LIST || v->type->kind == TF_SET) && tf_is_known(v) &&
            v->u.coll.n == 0)
            continue;
        const tf_path *q = tf_path_attr(a, p, obj->type->names[i]);
        if (v->type->kind == TF_LIST && tf_is_known(v) && v->type->elem->kind == TF_OBJECT)
            return lt_block_path(a, tf_path_index(a, q, 0), v->u.coll.items[0]);
        return q;
    }
    return p;
}

static void lt_refuse(tf_ctx *ctx, const tf_path *at, const tf_value *block, const char *what)
{
    tf_diag_error(ctx->diags, lt_block_path(ctx->arena, tf_path_index(ctx->arena, at, 0),
                                            block->u.coll.items[0]),
                  "Argument not supported",
                  "aws_launch_template.%s is not supported by this provider yet.", what);
}

/* Arguments not implemented yet are refused where they are written,
 * when Terraform validates the configuration. */
static void lt_validate(tf_ctx *ctx, const tf_value *cfg)
{
    tf_arena *a = ctx->arena;
    const tf_path *root = tf_path_root(a);
    for (const char *const *u = lt_unsupported; *u; u++) {
        const tf_value *v = tf_get(cfg, *u);
        if (tf_is_known(v) && v->u.coll.n > 0)
            lt_refuse(ctx, tf_path_attr(a, root, *u), v, *u);
    }
    const tf_value *enis = tf_get(cfg, "network_interfaces");
    for (size_t i = 0; tf_is_known(enis) && i < enis->u.coll.n; i++)
        for (const char *const *u = lt_eni_unsupported; *u; u++) {
            const tf_value *v = tf_get(enis->u.coll.items[i], *u);
            if (tf_is_known(v) && v->u.coll.n > 0) {
                const tf_path *at = tf_path_attr(
                    a, tf_path_index(a, tf_path_attr(a, root, "network_interfaces"), (int64_t)i),
                    *u);
                lt_refuse(ctx, at, v,
                          tf_arena_printf(a, "network_interfaces.%s", *u));
            }
        }
}

static void lt_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    tf_arena *a = ctx->arena;
    if (tf_is_null(req->planned))
        return;
    const tf_value *cfg = req->config;
    aws_tags_plan(ctx, req);
    /* metadata_options is an Optional+Computed block in hashicorp's
     * schema: left out of the configuration it is unknown on create and
     * keeps what AWS has afterwards (planned under the legacy type system,
     * as a computed block cannot be planned otherwise). */
    const tf_value *mo_cfg = tf_get(cfg, "metadata_options");
    if (tf_is_known(mo_cfg) && mo_cfg->u.coll.n == 0) {
        const tf_value *mo_prior = tf_get(req->prior, "metadata_options");
        const tf_value *mo = tf_is_null(req->prior) ? tf_unknown(a, mo_cfg->type) : mo_prior;
        if (!tf_value_equal(mo, tf_get(req->planned, "metadata_options"))) {
            req->planned = tf_object_with(a, req->planned, "metadata_options", mo);
            req->legacy_type_system = true;
        }
    }
    if (tf_is_null(req->prior))
        return;
    /* hashicorp's CustomizeDiff: any change to an instance argument makes
     * a new version (latest_version unknown) and, with
     * update_default_version, a new default. */
    bool new_version = false, new_default = false;
    const tf_type *t = LT_SCHEMA.ctype;
    for (size_t i = 0; i < t->n; i++) {
        const char *k = t->names[i];
        if (lt_key_in(k, (const char *const[]){"id", "arn", "latest_version", "tags_all", NULL}))
            continue;
        const tf_value *pv = tf_get(req->prior, k), *nv = tf_get(req->planned, k);
        if (tf_value_equal(pv, nv))
            continue;
        /* SDKv2 does not tell "" from null for a string */
        if (tf_is_null(pv) != tf_is_null(nv) && t->types[i]->kind == TF_STRING &&
            strcmp(tf_get_str(req->prior, k, ""), tf_get_str(req->planned, k, "")) == 0 &&
            !tf_is_unknown(nv))
            continue;
        bool meta = lt_key_in(k, (const char *const[]){"name", "name_prefix", "description",
                                                       NULL});
        if (!meta)
            new_default = true;
        if (!meta && strcmp(k, "default_version") != 0 &&
            strcmp(k, "update_default_version") != 0)
            new_version = true;
    }
    tf_objb b;
    tf_objb_init(&b, a, t, req->planned);
    bool changed = false;
    if (new_version) {
        tf_objb_set(&b, "latest_version", tf_unknown(a, &tf_type_number));
        changed = true;
    }
    if (new_default && tf_get_bool(req->planned, "update_default_version", false)) {
        tf_objb_set(&b, "default_version", tf_unknown(a, &tf_type_number));
        changed = true;
    }
    if (changed)
        req->planned = tf_objb_done(&b);
}

/* ---- callbacks ---- */

static const tf_value *lt_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *name = aws_name_planned(a, planned, NULL);
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "LaunchTemplateName", name);
    const char *desc = tf_get_str(planned, "description", "");
    if (*desc)
        aws_params_add(p, "VersionDescription", desc);
    lt_expand(p, planned);
    size_t n;
    aws_kv *tags = aws_tags_from_map(a, tf_get(planned, "tags_all"), &n);
    ec2_tag_specs(p, 1, "launch-template", tags, n);
    aws_create_once once = {.service = "ec2", .operation = "CreateLaunchTemplate"};
    aws_xml_node *out;
    const char *id = ec2_object_create(ctx, m, &once, p, "launchTemplate/launchTemplateId",
                                       tf_arena_printf(a, "EC2 Launch Template (%s)", name), &out);
    if (!id)
        return NULL;
    const tf_value *state = tf_object_with(a, planned, "id", tf_string(a, id));
    const tf_value *st = lt_refresh(ctx, m, state, true);
    return st ? st : state;
}

static const tf_value *lt_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    return lt_refresh(ctx, m, state, false);
}

static const tf_value *lt_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(prior, "id", "");
    int64_t latest = tf_get_i64(prior, "latest_version", 0);
    aws_error err;
    bool versioned = false;
    for (const char *const *k = lt_version_keys; *k && !versioned; k++)
        if (!tf_value_equal(tf_get(prior, *k), tf_get(planned, *k)) &&
            strcmp(tf_get_str(prior, *k, "\x01"), tf_get_str(planned, *k, "\x01")) != 0)
            versioned = true;
    if (versioned) {
        aws_params *p = aws_params_new(a);
        aws_params_add(p, "LaunchTemplateId", id);
        const char *desc = tf_get_str(planned, "description", "");
        if (*desc)
            aws_params_add(p, "VersionDescription", desc);
        lt_expand(p, planned);
        aws_create_once once = {.service = "ec2", .operation = "CreateLaunchTemplateVersion"};
        aws_xml_node *out;
        const char *adopted;
        if (aws_create_once_query(m->client, a, ctx->stop, &once, p, &out, &adopted, &err) !=
            0) {
            aws_diag(ctx, &err, "creating EC2 Launch Template (%s) Version", id);
            return lt_refresh(ctx, m, prior, false);
        }
        if (out)
            latest = aws_xml_int(out, "launchTemplateVersion/versionNumber", latest);
    }
    bool set_default = tf_get_bool(planned, "update_default_version", false);
    const tf_value *pdv = tf_get(planned, "default_version");
    bool default_changed = tf_is_known(pdv) &&
                           !tf_value_equal(tf_get(prior, "default_version"), pdv);
    if (set_default || default_changed) {
        aws_params *p = aws_params_new(a);
        aws_params_add(p, "LaunchTemplateId", id);
        aws_params_addf(p, "SetDefaultVersion", "%lld",
                        (long long)(set_default ? latest
                                                : tf_get_i64(planned, "default_version", 0)));
        aws_xml_node *out;
        if (aws_query_call(m->client, a, ctx->stop, "ec2", "ModifyLaunchTemplate", p, &out,
                           &err) != 0) {
            aws_diag(ctx, &err, "updating EC2 Launch Template (%s)", id);
            return lt_refresh(ctx, m, prior, false);
        }
    }
    if (ec2_object_update_tags(ctx, m, prior, planned, "EC2 Launch Template") != 0)
        return lt_refresh(ctx, m, prior, false);
    return lt_refresh(ctx, m, planned, true);
}

static void lt_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    ec2_object_delete(ctx, m, "DeleteLaunchTemplate", "LaunchTemplateId",
                      tf_get_str(prior, "id", ""), "InvalidLaunchTemplateId.NotFound",
                      "EC2 Launch Template");
}

/* ---- definition ---- */

const tf_resource_def aws_ec2_launch_template_def = {
    .type_name = "aws_launch_template",
    .version = 0,
    .schema = &LT_SCHEMA,
    .validate = lt_validate,
    .modify_plan = lt_modify_plan,
    .create = lt_create,
    .read = lt_read,
    .update = lt_update,
    .delete = lt_delete,
};

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
 * "nullable" booleans - strings "true"/"false"/"" - when non-empty), nested
 * blocks and lists of blocks by their own tables, and min/max ranges as
 * hashicorp sends them (min always, max when not below min).
 * credit_specification is sent only for a burstable instance_type
 * (DescribeInstanceTypes); elastic_gpu_specifications and
 * elastic_inference_accelerator, for services AWS retired, are sent and read
 * back as hashicorp does, with its deprecation warning. */

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
    LF_TIME,       /* RFC 3339 string, sent when non-empty; state in RFC 3339 */
    LF_IMIN,       /* a range's integer minimum: always sent; state 0 when absent */
    LF_IMAX,       /* a range's integer maximum: sent when >= its min */
    LF_FMIN,       /* a range's number minimum: always sent; state 0 when absent */
    LF_FMAX,       /* a range's number maximum: sent when >= its min */
    LF_BLOCK,      /* nested block (max 1) sent as PARAM.*; state from XML element */
    LF_OBJLIST,    /* list of blocks sent as PARAM.N.*; state from XML item list */
} lt_ftype;

struct lt_field;
typedef struct lt_field {
    const char *attr;
    lt_ftype type;
    const char *param;     /* relative EC2 parameter name */
    const char *xml;       /* relative XML path (of each item for the sets) */
    const char *sub;       /* LF_WRAPSET: member of each element */
    const struct lt_field *fields; /* LF_BLOCK, LF_OBJLIST: the members */
} lt_field;

#define LT_END {NULL, 0, NULL, NULL, NULL, NULL}

static const lt_field lt_ebs_fields[] = {
    {"delete_on_termination", LF_NBOOL, "DeleteOnTermination", "deleteOnTermination", NULL, NULL},
    {"encrypted", LF_NBOOL, "Encrypted", "encrypted", NULL, NULL},
    {"iops", LF_INT, "Iops", "iops", NULL, NULL},
    {"kms_key_id", LF_STR, "KmsKeyId", "kmsKeyId", NULL, NULL},
    {"snapshot_id", LF_STR, "SnapshotId", "snapshotId", NULL, NULL},
    {"throughput", LF_INT, "Throughput", "throughput", NULL, NULL},
    {"volume_initialization_rate", LF_INT, "VolumeInitializationRate",
     "volumeInitializationRate", NULL, NULL},
    {"volume_size", LF_INT, "VolumeSize", "volumeSize", NULL, NULL},
    {"volume_type", LF_STR, "VolumeType", "volumeType", NULL, NULL},
    LT_END,
};

static const lt_field lt_bdm_fields[] = {
    {"device_name", LF_STR, "DeviceName", "deviceName", NULL, NULL},
    {"no_device", LF_STR, "NoDevice", "noDevice", NULL, NULL},
    {"virtual_name", LF_STR, "VirtualName", "virtualName", NULL, NULL},
    LT_END,
};

static const lt_field lt_cpu_fields[] = {
    {"amd_sev_snp", LF_STR, "AmdSevSnp", "amdSevSnp", NULL, NULL},
    {"core_count", LF_INT, "CoreCount", "coreCount", NULL, NULL},
    {"threads_per_core", LF_INT, "ThreadsPerCore", "threadsPerCore", NULL, NULL},
    LT_END,
};

static const lt_field lt_enclave_fields[] = {
    {"enabled", LF_BOOL_ALL, "Enabled", "enabled", NULL, NULL},
    LT_END,
};

static const lt_field lt_hibernation_fields[] = {
    {"configured", LF_BOOL_ALL, "Configured", "configured", NULL, NULL},
    LT_END,
};

static const lt_field lt_iam_fields[] = {
    {"arn", LF_STR, "Arn", "arn", NULL, NULL},
    {"name", LF_STR, "Name", "name", NULL, NULL},
    LT_END,
};

static const lt_field lt_maintenance_fields[] = {
    {"auto_recovery", LF_STR, "AutoRecovery", "autoRecovery", NULL, NULL},
    LT_END,
};

static const lt_field lt_metadata_fields[] = {
    {"http_endpoint", LF_STR, "HttpEndpoint", "httpEndpoint", NULL, NULL},
    {"http_protocol_ipv6", LF_STR, "HttpProtocolIpv6", "httpProtocolIpv6", NULL, NULL},
    {"http_put_response_hop_limit", LF_INT, "HttpPutResponseHopLimit",
     "httpPutResponseHopLimit", NULL, NULL},
    {"http_tokens", LF_STR, "HttpTokens", "httpTokens", NULL, NULL},
    {"instance_metadata_tags", LF_STR, "InstanceMetadataTags", "instanceMetadataTags", NULL, NULL},
    LT_END,
};

static const lt_field lt_monitoring_fields[] = {
    {"enabled", LF_BOOL_ALL, "Enabled", "enabled", NULL, NULL},
    LT_END,
};

static const lt_field lt_placement_fields[] = {
    {"affinity", LF_STR, "Affinity", "affinity", NULL, NULL},
    {"availability_zone", LF_STR, "AvailabilityZone", "availabilityZone", NULL, NULL},
    {"group_name", LF_STR, "GroupName", "groupName", NULL, NULL},
    {"host_id", LF_STR, "HostId", "hostId", NULL, NULL},
    {"host_resource_group_arn", LF_STR, "HostResourceGroupArn", "hostResourceGroupArn", NULL, NULL},
    {"partition_number", LF_INT, "PartitionNumber", "partitionNumber", NULL, NULL},
    {"spread_domain", LF_STR, "SpreadDomain", "spreadDomain", NULL, NULL},
    {"tenancy", LF_STR, "Tenancy", "tenancy", NULL, NULL},
    LT_END,
};

static const lt_field lt_dns_fields[] = {
    {"enable_resource_name_dns_a_record", LF_BOOL_ALL, "EnableResourceNameDnsARecord",
     "enableResourceNameDnsARecord", NULL, NULL},
    {"enable_resource_name_dns_aaaa_record", LF_BOOL_ALL, "EnableResourceNameDnsAAAARecord",
     "enableResourceNameDnsAAAARecord", NULL, NULL},
    {"hostname_type", LF_STR, "HostnameType", "hostnameType", NULL, NULL},
    LT_END,
};

static const lt_field lt_license_fields[] = {
    {"license_configuration_arn", LF_STR, "LicenseConfigurationArn", "licenseConfigurationArn",
     NULL, NULL},
    LT_END,
};

static const lt_field lt_range_i_fields[] = {
    {"max", LF_IMAX, "Max", "max", NULL, NULL},
    {"min", LF_IMIN, "Min", "min", NULL, NULL},
    LT_END,
};

static const lt_field lt_range_f_fields[] = {
    {"max", LF_FMAX, "Max", "max", NULL, NULL},
    {"min", LF_FMIN, "Min", "min", NULL, NULL},
    LT_END,
};

static const lt_field lt_cr_target_fields[] = {
    {"capacity_reservation_id", LF_STR, "CapacityReservationId", "capacityReservationId", NULL,
     NULL},
    {"capacity_reservation_resource_group_arn", LF_STR, "CapacityReservationResourceGroupArn",
     "capacityReservationResourceGroupArn", NULL, NULL},
    LT_END,
};

static const lt_field lt_cr_fields[] = {
    {"capacity_reservation_preference", LF_STR, "CapacityReservationPreference",
     "capacityReservationPreference", NULL, NULL},
    {"capacity_reservation_target", LF_BLOCK, "CapacityReservationTarget",
     "capacityReservationTarget", NULL, lt_cr_target_fields},
    LT_END,
};

static const lt_field lt_credit_fields[] = {
    {"cpu_credits", LF_STR, "CpuCredits", "cpuCredits", NULL, NULL},
    LT_END,
};

static const lt_field lt_type_fields[] = {
    {"type", LF_STR, "Type", "type", NULL, NULL},
    LT_END,
};

static const lt_field lt_spot_fields[] = {
    {"block_duration_minutes", LF_INT, "BlockDurationMinutes", "blockDurationMinutes", NULL,
     NULL},
    {"instance_interruption_behavior", LF_STR, "InstanceInterruptionBehavior",
     "instanceInterruptionBehavior", NULL, NULL},
    {"max_price", LF_STR, "MaxPrice", "maxPrice", NULL, NULL},
    {"spot_instance_type", LF_STR, "SpotInstanceType", "spotInstanceType", NULL, NULL},
    {"valid_until", LF_TIME, "ValidUntil", "validUntil", NULL, NULL},
    LT_END,
};

static const lt_field lt_market_fields[] = {
    {"market_type", LF_STR, "MarketType", "marketType", NULL, NULL},
    {"spot_options", LF_BLOCK, "SpotOptions", "spotOptions", NULL, lt_spot_fields},
    LT_END,
};

static const lt_field lt_requirements_fields[] = {
    {"accelerator_count", LF_BLOCK, "AcceleratorCount", "acceleratorCount", NULL,
     lt_range_i_fields},
    {"accelerator_manufacturers", LF_STRSET, "AcceleratorManufacturer",
     "acceleratorManufacturerSet/item", NULL, NULL},
    {"accelerator_names", LF_STRSET, "AcceleratorName", "acceleratorNameSet/item", NULL, NULL},
    {"accelerator_total_memory_mib", LF_BLOCK, "AcceleratorTotalMemoryMiB",
     "acceleratorTotalMemoryMiB", NULL, lt_range_i_fields},
    {"accelerator_types", LF_STRSET, "AcceleratorType", "acceleratorTypeSet/item", NULL, NULL},
    {"allowed_instance_types", LF_STRSET, "AllowedInstanceType", "allowedInstanceTypeSet/item",
     NULL, NULL},
    {"bare_metal", LF_STR, "BareMetal", "bareMetal", NULL, NULL},
    {"baseline_ebs_bandwidth_mbps", LF_BLOCK, "BaselineEbsBandwidthMbps",
     "baselineEbsBandwidthMbps", NULL, lt_range_i_fields},
    {"burstable_performance", LF_STR, "BurstablePerformance", "burstablePerformance", NULL,
     NULL},
    {"cpu_manufacturers", LF_STRSET, "CpuManufacturer", "cpuManufacturerSet/item", NULL, NULL},
    {"excluded_instance_types", LF_STRSET, "ExcludedInstanceType",
     "excludedInstanceTypeSet/item", NULL, NULL},
    {"instance_generations", LF_STRSET, "InstanceGeneration", "instanceGenerationSet/item",
     NULL, NULL},
    {"local_storage", LF_STR, "LocalStorage", "localStorage", NULL, NULL},
    {"local_storage_types", LF_STRSET, "LocalStorageType", "localStorageTypeSet/item", NULL,
     NULL},
    {"max_spot_price_as_percentage_of_optimal_on_demand_price", LF_INT,
     "MaxSpotPriceAsPercentageOfOptimalOnDemandPrice",
     "maxSpotPriceAsPercentageOfOptimalOnDemandPrice", NULL, NULL},
    {"memory_gib_per_vcpu", LF_BLOCK, "MemoryGiBPerVCpu", "memoryGiBPerVCpu", NULL,
     lt_range_f_fields},
    {"memory_mib", LF_BLOCK, "MemoryMiB", "memoryMiB", NULL, lt_range_i_fields},
    {"network_bandwidth_gbps", LF_BLOCK, "NetworkBandwidthGbps", "networkBandwidthGbps", NULL,
     lt_range_f_fields},
    {"network_interface_count", LF_BLOCK, "NetworkInterfaceCount", "networkInterfaceCount",
     NULL, lt_range_i_fields},
    {"on_demand_max_price_percentage_over_lowest_price", LF_INT,
     "OnDemandMaxPricePercentageOverLowestPrice", "onDemandMaxPricePercentageOverLowestPrice",
     NULL, NULL},
    {"require_hibernate_support", LF_BOOL, "RequireHibernateSupport", "requireHibernateSupport",
     NULL, NULL},
    {"spot_max_price_percentage_over_lowest_price", LF_INT,
     "SpotMaxPricePercentageOverLowestPrice", "spotMaxPricePercentageOverLowestPrice", NULL,
     NULL},
    {"total_local_storage_gb", LF_BLOCK, "TotalLocalStorageGB", "totalLocalStorageGB", NULL,
     lt_range_f_fields},
    {"vcpu_count", LF_BLOCK, "VCpuCount", "vCpuCount", NULL, lt_range_i_fields},
    LT_END,
};

static const lt_field lt_conntrack_fields[] = {
    {"tcp_established_timeout", LF_INT, "TcpEstablishedTimeout", "tcpEstablishedTimeout", NULL,
     NULL},
    {"udp_stream_timeout", LF_INT, "UdpStreamTimeout", "udpStreamTimeout", NULL, NULL},
    {"udp_timeout", LF_INT, "UdpTimeout", "udpTimeout", NULL, NULL},
    LT_END,
};

static const lt_field lt_ena_srd_udp_fields[] = {
    {"ena_srd_udp_enabled", LF_BOOL_ALL, "EnaSrdUdpEnabled", "enaSrdUdpEnabled", NULL, NULL},
    LT_END,
};

static const lt_field lt_ena_srd_fields[] = {
    {"ena_srd_enabled", LF_BOOL_ALL, "EnaSrdEnabled", "enaSrdEnabled", NULL, NULL},
    {"ena_srd_udp_specification", LF_BLOCK, "EnaSrdUdpSpecification", "enaSrdUdpSpecification",
     NULL, lt_ena_srd_udp_fields},
    LT_END,
};

static const lt_field lt_eni_fields[] = {
    {"associate_carrier_ip_address", LF_NBOOL, "AssociateCarrierIpAddress",
     "associateCarrierIpAddress", NULL, NULL},
    {"associate_public_ip_address", LF_NBOOL, "AssociatePublicIpAddress",
     "associatePublicIpAddress", NULL, NULL},
    {"connection_tracking_specification", LF_BLOCK, "ConnectionTrackingSpecification",
     "connectionTrackingSpecification", NULL, lt_conntrack_fields},
    {"delete_on_termination", LF_NBOOL, "DeleteOnTermination", "deleteOnTermination", NULL, NULL},
    {"description", LF_STR, "Description", "description", NULL, NULL},
    {"device_index", LF_INT, "DeviceIndex", "deviceIndex", NULL, NULL},
    {"ena_srd_specification", LF_BLOCK, "EnaSrdSpecification", "enaSrdSpecification", NULL,
     lt_ena_srd_fields},
    {"interface_type", LF_STR, "InterfaceType", "interfaceType", NULL, NULL},
    {"ipv4_address_count", LF_INT, "SecondaryPrivateIpAddressCount",
     "secondaryPrivateIpAddressCount", NULL, NULL},
    {"ipv4_addresses", LF_WRAPSET, "PrivateIpAddresses", "privateIpAddressesSet/item",
     "PrivateIpAddress", NULL},
    {"ipv4_prefix_count", LF_INT, "Ipv4PrefixCount", "ipv4PrefixCount", NULL, NULL},
    {"ipv4_prefixes", LF_WRAPSET, "Ipv4Prefix", "ipv4PrefixSet/item", "Ipv4Prefix", NULL},
    {"ipv6_address_count", LF_INT, "Ipv6AddressCount", "ipv6AddressCount", NULL, NULL},
    {"ipv6_addresses", LF_WRAPSET, "Ipv6Addresses", "ipv6AddressesSet/item", "Ipv6Address", NULL},
    {"ipv6_prefix_count", LF_INT, "Ipv6PrefixCount", "ipv6PrefixCount", NULL, NULL},
    {"ipv6_prefixes", LF_WRAPSET, "Ipv6Prefix", "ipv6PrefixSet/item", "Ipv6Prefix", NULL},
    {"network_card_index", LF_INT, "NetworkCardIndex", "networkCardIndex", NULL, NULL},
    {"network_interface_id", LF_STR, "NetworkInterfaceId", "networkInterfaceId", NULL, NULL},
    {"primary_ipv6", LF_NBOOL, "PrimaryIpv6", "primaryIpv6", NULL, NULL},
    {"private_ip_address", LF_STR, "PrivateIpAddress", "privateIpAddress", NULL, NULL},
    {"security_groups", LF_STRSET, "SecurityGroupId", "groupSet/groupId", NULL, NULL},
    {"subnet_id", LF_STR, "SubnetId", "subnetId", NULL, NULL},
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
    {"capacity_reservation_specification", "CapacityReservationSpecification",
     "capacityReservationSpecification", lt_cr_fields},
    {"cpu_options", "CpuOptions", "cpuOptions", lt_cpu_fields},
    {"enclave_options", "EnclaveOptions", "enclaveOptions", lt_enclave_fields},
    {"hibernation_options", "HibernationOptions", "hibernationOptions", lt_hibernation_fields},
    {"iam_instance_profile", "IamInstanceProfile", "iamInstanceProfile", lt_iam_fields},
    {"instance_market_options", "InstanceMarketOptions", "instanceMarketOptions",
     lt_market_fields},
    {"instance_requirements", "InstanceRequirements", "instanceRequirements",
     lt_requirements_fields},
    {"maintenance_options", "MaintenanceOptions", "maintenanceOptions", lt_maintenance_fields},
    {"metadata_options", "MetadataOptions", "metadataOptions", lt_metadata_fields},
    {"monitoring", "Monitoring", "monitoring", lt_monitoring_fields},
    {"placement", "Placement", "placement", lt_placement_fields},
    {"private_dns_name_options", "PrivateDnsNameOptions", "privateDnsNameOptions",
     lt_dns_fields},
    {NULL, NULL, NULL, NULL},
};

static const lt_field lt_top_fields[] = {
    {"disable_api_stop", LF_BOOL, "DisableApiStop", "disableApiStop", NULL, NULL},
    {"disable_api_termination", LF_BOOL, "DisableApiTermination", "disableApiTermination",
     NULL, NULL},
    {"ebs_optimized", LF_NBOOL, "EbsOptimized", "ebsOptimized", NULL, NULL},
    {"elastic_gpu_specifications", LF_OBJLIST, "ElasticGpuSpecification",
     "elasticGpuSpecificationSet/item", NULL, lt_type_fields},
    {"elastic_inference_accelerator", LF_OBJLIST, "ElasticInferenceAccelerator",
     "elasticInferenceAcceleratorSet/item", NULL, lt_type_fields},
    {"image_id", LF_STR, "ImageId", "imageId", NULL, NULL},
    {"instance_initiated_shutdown_behavior", LF_STR, "InstanceInitiatedShutdownBehavior",
     "instanceInitiatedShutdownBehavior", NULL, NULL},
    {"instance_type", LF_STR, "InstanceType", "instanceType", NULL, NULL},
    {"kernel_id", LF_STR, "KernelId", "kernelId", NULL, NULL},
    {"key_name", LF_STR, "KeyName", "keyName", NULL, NULL},
    {"ram_disk_id", LF_STR, "RamDiskId", "ramDiskId", NULL, NULL},
    {"security_group_names", LF_STRSET, "SecurityGroup", "securityGroupSet/item", NULL, NULL},
    {"vpc_security_group_ids", LF_STRSET, "SecurityGroupId", "securityGroupIdSet/item", NULL, NULL},
    LT_END,
};

/* credit_specification: sent only for a burstable instance type (see
 * lt_expand_credit), read back like the other single blocks. */
static const lt_single lt_credit = {"credit_specification", "CreditSpecification",
                                    "creditSpecification", lt_credit_fields};

/* Blocks for services AWS retired: accepted with hashicorp's deprecation
 * warning, sent and read back as hashicorp/aws 5.100.0 does. */
static const struct {
    const char *attr;
    const char *message;
} lt_deprecated[] = {
    {"elastic_gpu_specifications",
     "elastic_gpu_specifications is deprecated. AWS no longer supports the Elastic Graphics "
     "service."},
    {"elastic_inference_accelerator",
     "elastic_inference_accelerator is deprecated. AWS no longer supports the Elastic "
     "Inference service."},
    {NULL, NULL},
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

static const tf_value *lt_first(const tf_value *obj, const char *name);

static double lt_get_double(const tf_value *obj, const char *name)
{
    double d = 0;
    const tf_value *v = tf_get(obj, name);
    if (tf_is_known(v) && !tf_number_to_double(v, &d))
        d = 0;
    return d;
}

static void lt_expand_fields(aws_params *p, const char *pre, const tf_value *obj,
                             const lt_field *f)
{
    for (; f->attr; f++) {
        const tf_value *v = tf_get(obj, f->attr);
        /* a range's minimum is sent even when unset, as 0 (hashicorp) */
        if (f->type == LF_IMIN) {
            aws_params_addf(p, lt_key(p, pre, f->param), "%lld",
                            (long long)tf_get_i64(obj, f->attr, 0));
            continue;
        }
        if (f->type == LF_FMIN) {
            aws_params_addf(p, lt_key(p, pre, f->param), "%.17g", lt_get_double(obj, f->attr));
            continue;
        }
        if (!tf_is_known(v))
            continue;
        switch (f->type) {
        case LF_IMIN:
        case LF_FMIN:
            break;
        case LF_IMAX: {
            int64_t n = tf_get_i64(obj, f->attr, 0);
            if (n >= tf_get_i64(obj, "min", 0))
                aws_params_addf(p, lt_key(p, pre, f->param), "%lld", (long long)n);
            break;
        }
        case LF_FMAX: {
            double d = lt_get_double(obj, f->attr);
            if (d >= lt_get_double(obj, "min"))
                aws_params_addf(p, lt_key(p, pre, f->param), "%.17g", d);
            break;
        }
        case LF_BLOCK: {
            const tf_value *o = lt_first(obj, f->attr);
            if (o)
                lt_expand_fields(p, lt_key(p, pre, f->param), o, f->fields);
            break;
        }
        case LF_OBJLIST:
            for (size_t i = 0; i < v->u.coll.n; i++)
                if (tf_is_known(v->u.coll.items[i]))
                    lt_expand_fields(p, aws_params_key(p, "%s.%s.%zu", pre, f->param, i + 1),
                                     v->u.coll.items[i], f->fields);
            break;
        case LF_STR:
        case LF_TIME:
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

/* credit_specification is sent only when instance_type names a type that
 * DescribeInstanceTypes says is burstable (hashicorp's
 * expandRequestLaunchTemplateData); 0, or -1 with a diagnostic. */
static int lt_expand_credit(tf_ctx *ctx, const aws_meta *m, aws_params *p, const tf_value *pl)
{
    const tf_value *cs = lt_first(pl, lt_credit.attr);
    const char *itype = tf_get_str(pl, "instance_type", "");
    if (!cs || !*itype)
        return 0;
    aws_params *q = aws_params_new(ctx->arena);
    aws_params_add(q, "InstanceType.1", itype);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", "DescribeInstanceTypes", q, &out,
                       &err) != 0) {
        aws_diag(ctx, &err, "reading EC2 Instance Type (%s)", itype);
        return -1;
    }
    const aws_xml_node *it = aws_xml_first(out, "instanceTypeSet/item");
    if (!it) {
        tf_diag_error(ctx->diags, NULL, "reading EC2 Instance Type",
                      "reading EC2 Instance Type (%s): empty result", itype);
        return -1;
    }
    if (aws_xml_bool(it, "burstablePerformanceSupported", 0) == 1)
        lt_expand_fields(p, aws_params_key(p, "LaunchTemplateData.%s", lt_credit.param), cs,
                         lt_credit.fields);
    return 0;
}

/* LaunchTemplateData.* from a planned state, the way hashicorp's
 * expandRequestLaunchTemplateData builds it; 0, or -1 with a diagnostic. */
static int lt_expand(tf_ctx *ctx, const aws_meta *m, aws_params *p, const tf_value *pl)
{
    const char *d = "LaunchTemplateData";
    if (lt_expand_credit(ctx, m, p, pl) != 0)
        return -1;
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
        /* hashicorp always sends the device and network card indexes of an
         * interface */
        if (!aws_params_get(p, lt_key(p, pre, "DeviceIndex")))
            aws_params_add(p, lt_key(p, pre, "DeviceIndex"), "0");
        if (!aws_params_get(p, lt_key(p, pre, "NetworkCardIndex")))
            aws_params_add(p, lt_key(p, pre, "NetworkCardIndex"), "0");
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
    return 0;
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

/* The element type of list/set attribute name of the object being built. */
static const tf_type *lt_elem(const tf_objb *b, const char *name)
{
    for (size_t i = 0; i < b->type->n; i++)
        if (strcmp(b->type->names[i], name) == 0)
            return b->type->types[i]->elem;
    return NULL;
}

/* An XML timestamp in RFC 3339 as Go's time.RFC3339 formats it (no
 * fractional seconds). */
static const char *lt_rfc3339(tf_arena *a, const char *t)
{
    const char *dot = strchr(t, '.');
    if (!dot || strlen(t) < 20 || t[10] != 'T')
        return t;
    const char *end = dot + 1;
    while (*end >= '0' && *end <= '9')
        end++;
    return tf_arena_printf(a, "%.*s%s", (int)(dot - t), t, end);
}

static void lt_flatten_fields(tf_arena *a, tf_objb *b, const aws_xml_node *n, const lt_field *f)
{
    for (; f->attr; f++) {
        switch (f->type) {
        case LF_TIME: {
            const char *t = n ? aws_xml_text(n, f->xml) : NULL;
            tf_objb_str(b, f->attr, t ? lt_rfc3339(a, t) : "");
            break;
        }
        case LF_IMIN:
        case LF_IMAX:
            tf_objb_i64(b, f->attr, n ? aws_xml_int(n, f->xml, 0) : 0);
            break;
        case LF_FMIN:
        case LF_FMAX: {
            const char *t = n ? aws_xml_text(n, f->xml) : NULL;
            const tf_value *num = t ? tf_number_text(a, t) : NULL;
            tf_objb_set(b, f->attr, num ? num : tf_number_i64(a, 0));
            break;
        }
        case LF_BLOCK:
        case LF_OBJLIST: {
            const tf_type *et = lt_elem(b, f->attr);
            size_t cap = 0;
            for (const aws_xml_node *i = n ? aws_xml_first(n, f->xml) : NULL; i;
                 i = aws_xml_next(i))
                cap++;
            if (f->type == LF_BLOCK && cap > 1)
                cap = 1;
            const tf_value **items = tf_arena_calloc(a, cap + 1, sizeof *items);
            size_t k = 0;
            for (const aws_xml_node *i = n ? aws_xml_first(n, f->xml) : NULL; i && k < cap;
                 i = aws_xml_next(i)) {
                tf_objb e;
                tf_objb_init(&e, a, et, NULL);
                lt_flatten_fields(a, &e, i, f->fields);
                items[k++] = tf_objb_done(&e);
            }
            tf_objb_set(b, f->attr, tf_list(a, et, k, items));
            break;
        }
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
    tf_objb_set(&b, lt_credit.attr,
                lt_flatten_single(a, lt_nested(&LT_SCHEMA, lt_credit.attr), data, &lt_credit));
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

/* hashicorp's deprecation warnings for the retired services' blocks. */
static void lt_validate(tf_ctx *ctx, const tf_value *cfg)
{
    tf_arena *a = ctx->arena;
    for (size_t i = 0; lt_deprecated[i].attr; i++) {
        const tf_value *v = tf_get(cfg, lt_deprecated[i].attr);
        if (tf_is_known(v) && v->u.coll.n > 0)
            tf_diag_warn(ctx->diags, tf_path_attr(a, tf_path_root(a), lt_deprecated[i].attr),
                         "Argument is deprecated", "%s", lt_deprecated[i].message);
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
    if (lt_expand(ctx, m, p, planned) != 0)
        return NULL;
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
    for (const char *const *k = lt_version_keys; *k && !versioned; k++) {
        const tf_value *pv = tf_get(prior, *k), *nv = tf_get(planned, *k);
        if (tf_value_equal(pv, nv))
            continue;
        /* a string compared by text; a block or set changed is a change */
        if (nv && nv->type->kind == TF_STRING &&
            strcmp(tf_get_str(prior, *k, "\x01"), tf_get_str(planned, *k, "\x01")) == 0)
            continue;
        versioned = true;
    }
    if (versioned) {
        aws_params *p = aws_params_new(a);
        aws_params_add(p, "LaunchTemplateId", id);
        const char *desc = tf_get_str(planned, "description", "");
        if (*desc)
            aws_params_add(p, "VersionDescription", desc);
        if (lt_expand(ctx, m, p, planned) != 0)
            return lt_refresh(ctx, m, prior, false);
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

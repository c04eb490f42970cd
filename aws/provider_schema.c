/* provider_schema.c - the provider block (credentials, region, endpoints,
 * default tags...) and the list of everything this provider serves.
 *
 * The endpoints block has one optional URL per AWS service, exactly as
 * hashicorp/aws 5.100.0 declares it, so that existing configurations that
 * override an endpoint keep validating.  The resource types' schemas are
 * generated from aws/schema/aws.schema; the registry at the end serves
 * every known type, implemented or not. */

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "duration.h"
#include "provider.h"
#include "provider_meta.h"
#include "resources.h"

/* ---- schema ---- */

static tf_attribute provider_assume_role_attrs[] = {
    {
        .name = "duration",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Lifetime of the assumed role session (15m to 12h).",
        .validators = (const tf_validator[]){TF_V_DURATION, TF_V_END},
    },
    {
        .name = "external_id",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "External ID the role expects.",
        .validators = (const tf_validator[]){TF_V_STRLEN(2, 1224), TF_V_END},
    },
    {
        .name = "policy",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Inline IAM policy that further limits the session.",
        .validators = (const tf_validator[]){TF_V_JSON, TF_V_END},
    },
    {
        .name = "policy_arns",
        .type = "set(string)",
        .flags = TF_OPTIONAL,
        .description = "Managed policies that further limit the session.",
        .validators = (const tf_validator[]){TF_V_ARN, TF_V_END},
    },
    {
        .name = "role_arn",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Role to assume.",
        .validators = (const tf_validator[]){TF_V_ARN, TF_V_END},
    },
    {
        .name = "session_name",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Name of the role session, shown in CloudTrail.",
        .validators = (const tf_validator[]){TF_V_STRLEN(2, 64), TF_V_END},
    },
    {
        .name = "source_identity",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Source identity set on the session.",
        .validators = (const tf_validator[]){TF_V_STRLEN(2, 64), TF_V_END},
    },
    {
        .name = "tags",
        .type = "map(string)",
        .flags = TF_OPTIONAL,
        .description = "Session tags to pass.",
    },
    {
        .name = "transitive_tag_keys",
        .type = "set(string)",
        .flags = TF_OPTIONAL,
        .description = "Session tag keys passed on to chained roles.",
    },
    {0},
};

static tf_block provider_assume_role = {
    .attrs = provider_assume_role_attrs,
    .description = "Assume an IAM role for all API calls.",
};

static tf_attribute provider_assume_role_with_web_identity_attrs[] = {
    {
        .name = "duration",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Lifetime of the assumed role session (15m to 12h).",
        .validators = (const tf_validator[]){TF_V_DURATION, TF_V_END},
    },
    {
        .name = "policy",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Inline IAM policy that further limits the session.",
        .validators = (const tf_validator[]){TF_V_JSON, TF_V_END},
    },
    {
        .name = "policy_arns",
        .type = "set(string)",
        .flags = TF_OPTIONAL,
        .description = "Managed policies that further limit the session.",
        .validators = (const tf_validator[]){TF_V_ARN, TF_V_END},
    },
    {
        .name = "role_arn",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Role to assume with the web identity token.",
        .validators = (const tf_validator[]){TF_V_ARN, TF_V_END},
    },
    {
        .name = "session_name",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Name of the role session, shown in CloudTrail.",
        .validators = (const tf_validator[]){TF_V_STRLEN(2, 64), TF_V_END},
    },
    {
        .name = "web_identity_token",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "OIDC token issued by the identity provider.",
        .validators = (const tf_validator[]){TF_V_STRLEN(4, 20000), TF_V_END},
        .conflicts_with = (const char *const[]){
            "assume_role_with_web_identity.0.web_identity_token_file",
            NULL,
        },
    },
    {
        .name = "web_identity_token_file",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "File holding the OIDC token.",
        .conflicts_with = (const char *const[]){
            "assume_role_with_web_identity.0.web_identity_token",
            NULL,
        },
    },
    {0},
};

static tf_block provider_assume_role_with_web_identity = {
    .attrs = provider_assume_role_with_web_identity_attrs,
    .description = "Assume an IAM role with an OIDC web identity token.",
};

static tf_attribute provider_default_tags_attrs[] = {
    {
        .name = "tags",
        .type = "map(string)",
        .flags = TF_OPTIONAL,
        .description = "Tags added to every resource that supports tags.",
    },
    {0},
};

static tf_block provider_default_tags = {
    .attrs = provider_default_tags_attrs,
    .description = "Tags applied to every taggable resource.",
};

/* One optional URL per service key hashicorp/aws 5.100.0 knows. */
#define ENDPOINT(svc)                                                    \
    {                                                                    \
        .name = svc, .type = "string", .flags = TF_OPTIONAL,             \
        .description = "Custom endpoint URL for the " svc " service API." \
    }

static tf_attribute provider_endpoints_attrs[] = {
    ENDPOINT("accessanalyzer"),
    ENDPOINT("account"),
    ENDPOINT("acm"),
    ENDPOINT("acmpca"),
    ENDPOINT("amg"),
    ENDPOINT("amp"),
    ENDPOINT("amplify"),
    ENDPOINT("apigateway"),
    ENDPOINT("apigatewayv2"),
    ENDPOINT("appautoscaling"),
    ENDPOINT("appconfig"),
    ENDPOINT("appfabric"),
    ENDPOINT("appflow"),
    ENDPOINT("appintegrations"),
    ENDPOINT("appintegrationsservice"),
    ENDPOINT("applicationautoscaling"),
    ENDPOINT("applicationinsights"),
    ENDPOINT("applicationsignals"),
    ENDPOINT("appmesh"),
    ENDPOINT("appregistry"),
    ENDPOINT("apprunner"),
    ENDPOINT("appstream"),
    ENDPOINT("appsync"),
    ENDPOINT("athena"),
    ENDPOINT("auditmanager"),
    ENDPOINT("autoscaling"),
    ENDPOINT("autoscalingplans"),
    ENDPOINT("backup"),
    ENDPOINT("batch"),
    ENDPOINT("bcmdataexports"),
    ENDPOINT("beanstalk"),
    ENDPOINT("bedrock"),
    ENDPOINT("bedrockagent"),
    ENDPOINT("billing"),
    ENDPOINT("budgets"),
    ENDPOINT("ce"),
    ENDPOINT("chatbot"),
    ENDPOINT("chime"),
    ENDPOINT("chimesdkmediapipelines"),
    ENDPOINT("chimesdkvoice"),
    ENDPOINT("cleanrooms"),
    ENDPOINT("cloud9"),
    ENDPOINT("cloudcontrol"),
    ENDPOINT("cloudcontrolapi"),
    ENDPOINT("cloudformation"),
    ENDPOINT("cloudfront"),
    ENDPOINT("cloudfrontkeyvaluestore"),
    ENDPOINT("cloudhsm"),
    ENDPOINT("cloudhsmv2"),
    ENDPOINT("cloudsearch"),
    ENDPOINT("cloudtrail"),
    ENDPOINT("cloudwatch"),
    ENDPOINT("cloudwatchevents"),
    ENDPOINT("cloudwatchevidently"),
    ENDPOINT("cloudwatchlog"),
    ENDPOINT("cloudwatchlogs"),
    ENDPOINT("cloudwatchobservabilityaccessmanager"),
    ENDPOINT("cloudwatchrum"),
    ENDPOINT("codeartifact"),
    ENDPOINT("codebuild"),
    ENDPOINT("codecatalyst"),
    ENDPOINT("codecommit"),
    ENDPOINT("codeconnections"),
    ENDPOINT("codedeploy"),
    ENDPOINT("codeguruprofiler"),
    ENDPOINT("codegurureviewer"),
    ENDPOINT("codepipeline"),
    ENDPOINT("codestarconnections"),
    ENDPOINT("codestarnotifications"),
    ENDPOINT("cognitoidentity"),
    ENDPOINT("cognitoidentityprovider"),
    ENDPOINT("cognitoidp"),
    ENDPOINT("comprehend"),
    ENDPOINT("computeoptimizer"),
    ENDPOINT("config"),
    ENDPOINT("configservice"),
    ENDPOINT("connect"),
    ENDPOINT("connectcases"),
    ENDPOINT("controltower"),
    ENDPOINT("costandusagereportservice"),
    ENDPOINT("costexplorer"),
    ENDPOINT("costoptimizationhub"),
    ENDPOINT("cur"),
    ENDPOINT("customerprofiles"),
    ENDPOINT("databasemigration"),
    ENDPOINT("databasemigrationservice"),
    ENDPOINT("databrew"),
    ENDPOINT("dataexchange"),
    ENDPOINT("datapipeline"),
    ENDPOINT("datasync"),
    ENDPOINT("datazone"),
    ENDPOINT("dax"),
    ENDPOINT("deploy"),
    ENDPOINT("detective"),
    ENDPOINT("devicefarm"),
    ENDPOINT("devopsguru"),
    ENDPOINT("directconnect"),
    ENDPOINT("directoryservice"),
    ENDPOINT("dlm"),
    ENDPOINT("dms"),
    ENDPOINT("docdb"),
    ENDPOINT("docdbelastic"),
    ENDPOINT("drs"),
    ENDPOINT("ds"),
    ENDPOINT("dsql"),
    ENDPOINT("dynamodb"),
    ENDPOINT("ec2"),
    ENDPOINT("ecr"),
    ENDPOINT("ecrpublic"),
    ENDPOINT("ecs"),
    ENDPOINT("efs"),
    ENDPOINT("eks"),
    ENDPOINT("elasticache"),
    ENDPOINT("elasticbeanstalk"),
    ENDPOINT("elasticloadbalancing"),
    ENDPOINT("elasticloadbalancingv2"),
    ENDPOINT("elasticsearch"),
    ENDPOINT("elasticsearchservice"),
    ENDPOINT("elastictranscoder"),
    ENDPOINT("elb"),
    ENDPOINT("elbv2"),
    ENDPOINT("emr"),
    ENDPOINT("emrcontainers"),
    ENDPOINT("emrserverless"),
    ENDPOINT("es"),
    ENDPOINT("eventbridge"),
    ENDPOINT("events"),
    ENDPOINT("evidently"),
    ENDPOINT("evs"),
    ENDPOINT("finspace"),
    ENDPOINT("firehose"),
    ENDPOINT("fis"),
    ENDPOINT("fms"),
    ENDPOINT("fsx"),
    ENDPOINT("gamelift"),
    ENDPOINT("glacier"),
    ENDPOINT("globalaccelerator"),
    ENDPOINT("glue"),
    ENDPOINT("gluedatabrew"),
    ENDPOINT("grafana"),
    ENDPOINT("greengrass"),
    ENDPOINT("groundstation"),
    ENDPOINT("guardduty"),
    ENDPOINT("healthlake"),
    ENDPOINT("iam"),
    ENDPOINT("identitystore"),
    ENDPOINT("imagebuilder"),
    ENDPOINT("inspector"),
    ENDPOINT("inspector2"),
    ENDPOINT("inspectorv2"),
    ENDPOINT("internetmonitor"),
    ENDPOINT("invoicing"),
    ENDPOINT("iot"),
    ENDPOINT("iotanalytics"),
    ENDPOINT("iotevents"),
    ENDPOINT("ivs"),
    ENDPOINT("ivschat"),
    ENDPOINT("kafka"),
    ENDPOINT("kafkaconnect"),
    ENDPOINT("kendra"),
    ENDPOINT("keyspaces"),
    ENDPOINT("kinesis"),
    ENDPOINT("kinesisanalytics"),
    ENDPOINT("kinesisanalyticsv2"),
    ENDPOINT("kinesisvideo"),
    ENDPOINT("kms"),
    ENDPOINT("lakeformation"),
    ENDPOINT("lambda"),
    ENDPOINT("launchwizard"),
    ENDPOINT("lex"),
    ENDPOINT("lexmodelbuilding"),
    ENDPOINT("lexmodelbuildingservice"),
    ENDPOINT("lexmodels"),
    ENDPOINT("lexmodelsv2"),
    ENDPOINT("lexv2models"),
    ENDPOINT("licensemanager"),
    ENDPOINT("lightsail"),
    ENDPOINT("location"),
    ENDPOINT("locationservice"),
    ENDPOINT("logs"),
    ENDPOINT("lookoutmetrics"),
    ENDPOINT("m2"),
    ENDPOINT("macie2"),
    ENDPOINT("managedgrafana"),
    ENDPOINT("mediaconnect"),
    ENDPOINT("mediaconvert"),
    ENDPOINT("medialive"),
    ENDPOINT("mediapackage"),
    ENDPOINT("mediapackagev2"),
    ENDPOINT("mediapackagevod"),
    ENDPOINT("mediastore"),
    ENDPOINT("memorydb"),
    ENDPOINT("mgn"),
    ENDPOINT("mq"),
    ENDPOINT("msk"),
    ENDPOINT("mwaa"),
    ENDPOINT("neptune"),
    ENDPOINT("neptunegraph"),
    ENDPOINT("networkfirewall"),
    ENDPOINT("networkmanager"),
    ENDPOINT("networkmonitor"),
    ENDPOINT("notifications"),
    ENDPOINT("notificationscontacts"),
    ENDPOINT("oam"),
    ENDPOINT("opensearch"),
    ENDPOINT("opensearchingestion"),
    ENDPOINT("opensearchserverless"),
    ENDPOINT("opensearchservice"),
    ENDPOINT("opsworks"),
    ENDPOINT("organizations"),
    ENDPOINT("osis"),
    ENDPOINT("outposts"),
    ENDPOINT("paymentcryptography"),
    ENDPOINT("pcaconnectorad"),
    ENDPOINT("pcs"),
    ENDPOINT("pinpoint"),
    ENDPOINT("pinpointsmsvoicev2"),
    ENDPOINT("pipes"),
    ENDPOINT("polly"),
    ENDPOINT("pricing"),
    ENDPOINT("prometheus"),
    ENDPOINT("prometheusservice"),
    ENDPOINT("qbusiness"),
    ENDPOINT("qldb"),
    ENDPOINT("quicksight"),
    ENDPOINT("ram"),
    ENDPOINT("rbin"),
    ENDPOINT("rds"),
    ENDPOINT("recyclebin"),
    ENDPOINT("redshift"),
    ENDPOINT("redshiftdata"),
    ENDPOINT("redshiftdataapiservice"),
    ENDPOINT("redshiftserverless"),
    ENDPOINT("rekognition"),
    ENDPOINT("resiliencehub"),
    ENDPOINT("resourceexplorer2"),
    ENDPOINT("resourcegroups"),
    ENDPOINT("resourcegroupstagging"),
    ENDPOINT("resourcegroupstaggingapi"),
    ENDPOINT("rolesanywhere"),
    ENDPOINT("route53"),
    ENDPOINT("route53domains"),
    ENDPOINT("route53profiles"),
    ENDPOINT("route53recoverycontrolconfig"),
    ENDPOINT("route53recoveryreadiness"),
    ENDPOINT("route53resolver"),
    ENDPOINT("rum"),
    ENDPOINT("s3"),
    ENDPOINT("s3api"),
    ENDPOINT("s3control"),
    ENDPOINT("s3outposts"),
    ENDPOINT("s3tables"),
    ENDPOINT("sagemaker"),
    ENDPOINT("scheduler"),
    ENDPOINT("schemas"),
    ENDPOINT("sdb"),
    ENDPOINT("secretsmanager"),
    ENDPOINT("securityhub"),
    ENDPOINT("securitylake"),
    ENDPOINT("serverlessapplicationrepository"),
    ENDPOINT("serverlessapprepo"),
    ENDPOINT("serverlessrepo"),
    ENDPOINT("servicecatalog"),
    ENDPOINT("servicecatalogappregistry"),
    ENDPOINT("servicediscovery"),
    ENDPOINT("servicequotas"),
    ENDPOINT("ses"),
    ENDPOINT("sesv2"),
    ENDPOINT("sfn"),
    ENDPOINT("shield"),
    ENDPOINT("signer"),
    ENDPOINT("simpledb"),
    ENDPOINT("sns"),
    ENDPOINT("sqs"),
    ENDPOINT("ssm"),
    ENDPOINT("ssmcontacts"),
    ENDPOINT("ssmincidents"),
    ENDPOINT("ssmquicksetup"),
    ENDPOINT("ssmsap"),
    ENDPOINT("sso"),
    ENDPOINT("ssoadmin"),
    ENDPOINT("stepfunctions"),
    ENDPOINT("storagegateway"),
    ENDPOINT("sts"),
    ENDPOINT("swf"),
    ENDPOINT("synthetics"),
    ENDPOINT("taxsettings"),
    ENDPOINT("timestreaminfluxdb"),
    ENDPOINT("timestreamquery"),
    ENDPOINT("timestreamwrite"),
    ENDPOINT("transcribe"),
    ENDPOINT("transcribeservice"),
    ENDPOINT("transfer"),
    ENDPOINT("verifiedpermissions"),
    ENDPOINT("vpclattice"),
    ENDPOINT("waf"),
    ENDPOINT("wafregional"),
    ENDPOINT("wafv2"),
    ENDPOINT("wellarchitected"),
    ENDPOINT("worklink"),
    ENDPOINT("workspaces"),
    ENDPOINT("workspacesweb"),
    ENDPOINT("xray"),
    {0},
};
#undef ENDPOINT

static tf_block provider_endpoints = {
    .attrs = provider_endpoints_attrs,
    .description = "Custom API endpoints, one per AWS service.",
};

static tf_attribute provider_ignore_tags_attrs[] = {
    {
        .name = "key_prefixes",
        .type = "set(string)",
        .flags = TF_OPTIONAL,
        .description = "Tag key prefixes to ignore.",
    },
    {
        .name = "keys",
        .type = "set(string)",
        .flags = TF_OPTIONAL,
        .description = "Tag keys to ignore.",
    },
    {0},
};

static tf_block provider_ignore_tags = {
    .attrs = provider_ignore_tags_attrs,
    .description = "Tags the provider never manages.",
};

static tf_attribute provider_attrs[] = {
    {
        .name = "access_key",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Access key ID for static credentials.",
    },
    {
        .name = "allowed_account_ids",
        .type = "set(string)",
        .flags = TF_OPTIONAL,
        .description = "Only allow these AWS account IDs.",
        .conflicts_with = (const char *const[]){"forbidden_account_ids", NULL},
    },
    {
        .name = "custom_ca_bundle",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "File with extra CA certificates (PEM) to trust.",
    },
    {
        .name = "ec2_metadata_service_endpoint",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Address of the EC2 instance metadata service.",
    },
    {
        .name = "ec2_metadata_service_endpoint_mode",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Protocol of the metadata service: IPv4 or IPv6.",
    },
    {
        .name = "forbidden_account_ids",
        .type = "set(string)",
        .flags = TF_OPTIONAL,
        .description = "Refuse to work in these AWS account IDs.",
        .conflicts_with = (const char *const[]){"allowed_account_ids", NULL},
    },
    {
        .name = "http_proxy",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Proxy URL for HTTP requests.",
    },
    {
        .name = "https_proxy",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Proxy URL for HTTPS requests.",
    },
    {
        .name = "insecure",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Skip TLS certificate verification (unsafe).",
    },
    {
        .name = "max_retries",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "How many times a failed API call is retried.",
    },
    {
        .name = "no_proxy",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Hosts that bypass the proxy.",
    },
    {
        .name = "profile",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Profile of the shared configuration files to use.",
    },
    {
        .name = "region",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "AWS region to manage resources in.",
    },
    {
        .name = "retry_mode",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Retry strategy: standard or adaptive.",
    },
    {
        .name = "s3_us_east_1_regional_endpoint",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Use the regional or the legacy global endpoint for S3 in us-east-1.",
    },
    {
        .name = "s3_use_path_style",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Address S3 buckets in the path instead of the host name.",
    },
    {
        .name = "secret_key",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Secret access key for static credentials.",
    },
    {
        .name = "shared_config_files",
        .type = "list(string)",
        .flags = TF_OPTIONAL,
        .description = "Shared AWS configuration files to read.",
    },
    {
        .name = "shared_credentials_files",
        .type = "list(string)",
        .flags = TF_OPTIONAL,
        .description = "Shared AWS credentials files to read.",
    },
    {
        .name = "skip_credentials_validation",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Do not check credentials with STS.",
    },
    {
        .name = "skip_metadata_api_check",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Do not use the instance metadata service (\"true\", \"false\" or empty).",
        .validators = (const tf_validator[]){TF_V_NULLABLE_BOOL, TF_V_END},
    },
    {
        .name = "skip_region_validation",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Allow region names the provider does not know.",
    },
    {
        .name = "skip_requesting_account_id",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Do not look up the account ID (ARNs may be incomplete).",
    },
    {
        .name = "sts_region",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Region of the STS endpoint.",
    },
    {
        .name = "token",
        .type = "string",
        .flags = TF_OPTIONAL,
        .description = "Session token for temporary credentials.",
    },
    {
        .name = "token_bucket_rate_limiter_capacity",
        .type = "number",
        .flags = TF_OPTIONAL,
        .description = "Capacity of the retry token bucket.",
    },
    {
        .name = "use_dualstack_endpoint",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Use dual-stack (IPv4 and IPv6) endpoints.",
    },
    {
        .name = "use_fips_endpoint",
        .type = "bool",
        .flags = TF_OPTIONAL,
        .description = "Use FIPS endpoints.",
    },
    {0},
};

static tf_nested_block provider_blocks[] = {
    {
        .name = "assume_role",
        .nesting = TF_NEST_LIST,
        .block = &provider_assume_role,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "assume_role_with_web_identity",
        .nesting = TF_NEST_LIST,
        .block = &provider_assume_role_with_web_identity,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "default_tags",
        .nesting = TF_NEST_LIST,
        .block = &provider_default_tags,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "endpoints",
        .nesting = TF_NEST_SET,
        .block = &provider_endpoints,
        .flags = TF_OPTIONAL,
    },
    {
        .name = "ignore_tags",
        .nesting = TF_NEST_LIST,
        .block = &provider_ignore_tags,
        .flags = TF_OPTIONAL,
    },
    {0},
};

static tf_block provider_schema = {
    .attrs = provider_attrs,
    .blocks = provider_blocks,
    .description = "Settings for the AWS provider: credentials, region, endpoints and defaults.",
};

/* ---- validation ---- */

/* Session durations must lie between 15 minutes and 12 hours; the table
 * already rejects text that is not a duration at all. */
static void provider_check_durations(tf_ctx *ctx, const tf_value *config, const char *block)
{
    const tf_value *list = tf_get(config, block);
    if (!tf_is_known(list))
        return;
    const tf_path *base = tf_path_attr(ctx->arena, tf_path_root(ctx->arena), block);
    for (size_t i = 0; i < list->u.coll.n; i++) {
        const tf_value *d = tf_get(list->u.coll.items[i], "duration");
        int64_t ns;
        if (!tf_is_known(d) || !tf_duration_parse(d->u.str.ptr, d->u.str.len, &ns, NULL, 0) ||
            ns < 0)
            continue;
        const int64_t minute = 60LL * 1000000000LL;
        if (ns >= 15 * minute && ns <= 12 * 60 * minute)
            continue;
        const tf_path *p = tf_path_attr(ctx->arena, tf_path_index(ctx->arena, base, (int64_t)i),
                                        "duration");
        tf_diag_error(ctx->diags, p, "Invalid value for \"duration\"",
                      "duration \"%s\" must be between 15 minutes (15m) and 12 hours (12h), "
                      "inclusive", d->u.str.ptr);
    }
}

/* These blocks take one instance only.  The wire schema cannot say so (it
 * must match hashicorp/aws's exactly), so the limit is checked here. */
static void provider_check_single(tf_ctx *ctx, const tf_value *config, const char *block)
{
    const tf_value *list = tf_get(config, block);
    if (!tf_is_known(list) || list->u.coll.n <= 1)
        return;
    tf_diag_error(ctx->diags, tf_path_attr(ctx->arena, tf_path_root(ctx->arena), block),
                  tf_arena_printf(ctx->arena, "Too many %s blocks", block),
                  "No more than 1 \"%s\" blocks are allowed", block);
}

static void provider_validate(tf_ctx *ctx, const tf_value *config)
{
    provider_check_durations(ctx, config, "assume_role");
    provider_check_durations(ctx, config, "assume_role_with_web_identity");
    provider_check_single(ctx, config, "assume_role_with_web_identity");
    provider_check_single(ctx, config, "default_tags");
    provider_check_single(ctx, config, "ignore_tags");
}

/* ---- what the provider serves ---- */

/* The types implemented by a file of aws/: one line each.  Every other
 * type of aws/schema/known-types.txt is served from its generated
 * schema-only definition (refused when a plan needs it). */
static const tf_resource_def *const implemented_resources[] = {
    &aws_ec2_vpc_def,
    &aws_ec2_subnet_def,
    &aws_ec2_internet_gateway_def,
    &aws_ec2_route_table_def,
    &aws_ec2_route_def,
    &aws_ec2_eip_def,
    &aws_ec2_instance_def,
    &aws_ec2_nat_gateway_def,
    &aws_ec2_egress_only_internet_gateway_def,
    &aws_ec2_vpc_dhcp_options_def,
    &aws_ec2_vpc_dhcp_options_association_def,
    &aws_ec2_vpc_ipv4_cidr_block_association_def,
    &aws_ec2_flow_log_def,
    &aws_ec2_vpn_gateway_def,
    &aws_ec2_vpn_gateway_attachment_def,
    &aws_ec2_vpn_gateway_route_propagation_def,
    &aws_ec2_customer_gateway_def,
    &aws_ec2_vpc_endpoint_def,
    &aws_elasticache_subnet_group_def,
    &aws_redshift_subnet_group_def,
    &aws_s3_bucket_def,
    &aws_s3_bucket_acl_def,
    &aws_s3_bucket_ownership_controls_def,
    &aws_s3_bucket_policy_def,
    &aws_s3_bucket_public_access_block_def,
    &aws_ec2_managed_prefix_list_def,
    &aws_ec2_route_table_association_def,
    &aws_ec2_security_group_def,
    &aws_ec2_security_group_rule_def,
    &aws_ec2_vpc_security_group_ingress_rule_def,
    &aws_ec2_vpc_security_group_egress_rule_def,
    &aws_ec2_launch_template_def,
    &aws_ec2_network_acl_def,
    &aws_ec2_default_network_acl_def,
    &aws_ec2_network_acl_rule_def,
    &aws_ec2_default_security_group_def,
    &aws_ec2_default_route_table_def,
    &aws_ec2_default_vpc_def,
    &aws_elbv2_lb_def,
    &aws_elbv2_alb_def,
    &aws_elbv2_lb_listener_def,
    &aws_elbv2_alb_listener_def,
    &aws_elbv2_lb_target_group_def,
    &aws_elbv2_alb_target_group_def,
    &aws_elbv2_lb_listener_rule_def,
    &aws_elbv2_alb_listener_rule_def,
    &aws_elbv2_lb_listener_certificate_def,
    &aws_elbv2_alb_listener_certificate_def,
    &aws_elbv2_lb_target_group_attachment_def,
    &aws_elbv2_alb_target_group_attachment_def,
    &aws_ecs_cluster_def,
    &aws_ecs_task_definition_def,
    &aws_ecs_service_def,
    &aws_ecs_capacity_provider_def,
    &aws_ecs_cluster_capacity_providers_def,
    &aws_appautoscaling_target_def,
    &aws_appautoscaling_policy_def,
    &aws_autoscaling_launch_configuration_def,
    &aws_autoscaling_group_def,
    &aws_autoscaling_policy_def,
    &aws_iam_role_def,
    &aws_iam_role_policy_def,
    &aws_iam_role_policy_attachment_def,
    &aws_iam_policy_def,
    &aws_iam_instance_profile_def,
    &aws_logs_log_group_def,
    &aws_ssm_parameter_def,
    &aws_cloudwatch_metric_alarm_def,
    &aws_secretsmanager_secret_def,
    &aws_secretsmanager_secret_version_def,
    &aws_acm_certificate_def,
    &aws_acm_certificate_validation_def,
    &aws_route53_zone_def,
    &aws_route53_record_def,
    NULL,
};

static const tf_data_source_def *const implemented_data_sources[] = {
    &aws_ec2_availability_zones_def,
    &aws_ec2_subnets_data_source_def,
    &aws_ec2_security_group_data_source_def,
    &aws_ec2_subnet_data_source_def,
    &aws_ec2_vpc_data_source_def,
    &aws_ec2_prefix_list_data_source_def,
    &aws_ec2_vpc_endpoint_service_data_source_def,
    &aws_ecs_task_definition_data_source_def,
    &aws_canonical_user_id_def,
    &aws_iam_policy_document_def,
    &aws_meta_caller_identity_def,
    &aws_meta_partition_def,
    &aws_meta_default_tags_def,
    &aws_meta_region_def,
    &aws_elb_service_account_def,
    &aws_ssm_parameter_data_source_def,
    &aws_ec2_ami_data_source_def,
    &aws_route53_zone_data_source_def,
    NULL,
};

/* Ephemeral resources that can be opened (provider/schema.h,
 * tf_ephemeral_def); the other known ones are served schema-only. */
static const tf_ephemeral_def *const implemented_ephemerals[] = {
    &aws_secretsmanager_random_password_ephemeral_def,
    &aws_secretsmanager_secret_version_ephemeral_def,
    &aws_ssm_parameter_ephemeral_def,
    NULL,
};

static const tf_function_def *const provider_functions[] = {
    &aws_fn_arn_build_def,
    &aws_fn_arn_parse_def,
    &aws_fn_trim_iam_role_path_def,
    NULL,
};

/* Known types, each the implemented definition when there is one, else
 * the generated schema-only one; filled once, read-only afterwards. */
static const tf_resource_def *served_resources[aws_schema_known_resources_COUNT + 1];
static const tf_data_source_def *served_data_sources[aws_schema_known_data_sources_COUNT + 1];
static const tf_ephemeral_def *served_ephemerals[aws_schema_known_ephemerals_COUNT + 1];

static tf_provider_def provider_def = {
    .schema = &provider_schema,
    .validate = provider_validate,
    .configure = aws_provider_configure,
    .unconfigure = aws_provider_unconfigure,
    .resources = served_resources,
    .data_sources = served_data_sources,
    .ephemeral_resources = served_ephemerals,
    .functions = provider_functions,
};

/* An implemented type must be a known one and use its generated table: a
 * mismatch is a programming error that no configuration could work
 * around, so it stops the provider with the type's name. */
static void registry_mismatch(const char *kind, const char *name, const char *why)
{
    fprintf(stderr, "provider registry: %s %s %s\n", kind, name, why);
    abort();
}

#define REGISTRY_MERGE(served, known, n_known, implemented, kind)                          \
    do {                                                                                   \
        for (size_t i = 0; i < (n_known); i++)                                             \
            (served)[i] = &(known)[i];                                                     \
        for (size_t j = 0; (implemented)[j]; j++) {                                        \
            size_t i = 0;                                                                  \
            while (i < (n_known) && strcmp((known)[i].type_name, (implemented)[j]->type_name)) \
                i++;                                                                       \
            if (i == (n_known))                                                            \
                registry_mismatch(kind, (implemented)[j]->type_name,                       \
                                  "is not in aws/schema/known-types.txt");                 \
            if ((implemented)[j]->version != (known)[i].version)                           \
                registry_mismatch(kind, (implemented)[j]->type_name,                       \
                                  "has another schema version than aws.schema");           \
            if ((implemented)[j]->schema != (known)[i].schema)                             \
                registry_mismatch(kind, (implemented)[j]->type_name,                       \
                                  "does not use its generated schema table "               \
                                  "(aws_schema_<kind>_<name> of aws.schema)");             \
            (served)[i] = (implemented)[j];                                                \
        }                                                                                  \
    } while (0)

static void registry_build(void)
{
    REGISTRY_MERGE(served_resources, aws_schema_known_resources,
                   aws_schema_known_resources_COUNT, implemented_resources, "resource");
    REGISTRY_MERGE(served_data_sources, aws_schema_known_data_sources,
                   aws_schema_known_data_sources_COUNT, implemented_data_sources, "data source");
    REGISTRY_MERGE(served_ephemerals, aws_schema_known_ephemerals,
                   aws_schema_known_ephemerals_COUNT, implemented_ephemerals,
                   "ephemeral resource");
}

const tf_provider_def *aws_provider_definition(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, registry_build);
    return &provider_def;
}

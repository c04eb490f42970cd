/* create_once.c - creates that happen exactly once, however their attempts
 * end.
 *
 * The AWS SDKs retry a 5xx, a lost connection or a read timeout for every
 * operation; for a create that is only safe when the second attempt cannot
 * make a second object.  Every create of every resource goes through
 * aws_create_once, which makes it so in one of three ways, chosen per
 * operation by the table below:
 *
 *   TOKEN     the API takes an idempotency token: one token is made for the
 *             logical create and every retry carries it, so AWS answers a
 *             repeat with the first attempt's object;
 *   REPEAT    AWS itself answers a repeat of the same create with the object
 *             the first one made (an ECS cluster, a load balancer or target
 *             group of the same name and settings): retried as it is;
 *   LOOKUP    neither: before an attempt whose predecessor's outcome is
 *             unknown is repeated, the resource's lookup looks for the object
 *             by what the create made unique (a name, a subnet's association,
 *             a rule's tuple), and an object found is adopted.  A "duplicate"
 *             answer (InvalidPermission.Duplicate, Resource.AlreadyAssociated,
 *             AlreadyExists ...) after such an attempt is resolved the same
 *             way (waiting for the object to become visible), never shown;
 *   SNAPSHOT  like LOOKUP where nothing the create sends is unique (a VPC,
 *             an internet gateway, a task definition revision): the lookup
 *             runs once before the first attempt too, and only an object it
 *             did not return then can be the earlier attempt's.
 *
 * Creates that fail for a known passing reason (an object they refer to is
 * not visible yet) are repeated until a deadline, as aws_query_call_retry
 * does for other calls.
 *
 * A stop (Terraform's StopProvider, Ctrl-C) cuts an attempt in flight; when
 * it may have acted, one quick salvage (CO_SALVAGE_MS, the stop overlooked)
 * repeats a TOKEN or REPEAT create or runs the lookup of a LOOKUP or
 * SNAPSHOT one, so the resource gets the id and returns it with the error:
 * Terraform keeps the object, tainted.
 *
 * A killed process (SIGKILL mid-apply): every create except REPEAT ones
 * writes a journal entry (create_journal.c) under Terraform's data dir
 * before its first attempt, kept until the RPC that made it has answered.
 * The next process's create of the same settings takes a dead process's
 * entry over, and then, per kind:
 *   TOKEN     sends the dead process's token: AWS answers with its object
 *             (CreateRouteTable, CreateLaunchTemplate(Version),
 *             CreateNatGateway, CreateEgressOnlyInternetGateway,
 *             ecs CreateService);
 *   REPEAT    needs nothing: AWS answers a repeat with the same object
 *             (CreateLoadBalancer, CreateTargetGroup, CreateCluster, the
 *             upserts);
 *   LOOKUP    looks the object up before creating and adopts it (subnets,
 *             security groups and their rules, associations, attachments,
 *             routes, listeners, launch configurations, Auto Scaling groups,
 *             log groups, IAM roles/policies/instance profiles, capacity
 *             providers);
 *   SNAPSHOT  looks for an object matching the create that was not in the
 *             dead process's snapshot (CreateVpc, CreateInternetGateway,
 *             AllocateAddress, RegisterTaskDefinition, AssociateVpcCidrBlock);
 *             an identical object someone else made meanwhile would be
 *             adopted too.
 * So every type of the 17-resource deployment survives SIGKILL without a
 * duplicate (tests/e2e/test_cancel.py kills the provider in CreateVpc and in
 * CreateRouteTable), provided Terraform's data dir (.terraform, or
 * TF_DATA_DIR) exists, as it does after `terraform init`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/rand.h>

#include "internal.h"
#include "log.h"
#include "params.h"

typedef enum { CO_TOKEN, CO_REPEAT, CO_LOOKUP, CO_SNAPSHOT } co_kind;

typedef struct create_op {
    const char *service;
    const char *operation;
    co_kind kind;
    const char *token;                  /* CO_TOKEN: the token member */
    const char *key;                    /* what the lookup matches on (documentation) */
    const char *duplicate[3];           /* answers meaning "it exists already" */
} create_op;

/* Every create-like call the resources make, and how it is made safe to
 * repeat.  (README.md, "Retries", summarises this table.) */
static const create_op create_ops[] = {
    {"ec2", "CreateVpc", CO_SNAPSHOT, NULL, "CIDR block and tags", {NULL}},
    {"ec2", "AssociateVpcCidrBlock", CO_SNAPSHOT, NULL, "the VPC's IPv6 associations", {NULL}},
    {"ec2", "CreateSubnet", CO_LOOKUP, NULL, "VPC and CIDR block", {"InvalidSubnet.Conflict"}},
    {"ec2", "AssociateSubnetCidrBlock", CO_LOOKUP, NULL, "the subnet's association of the block",
     {NULL}},
    {"ec2", "CreateInternetGateway", CO_SNAPSHOT, NULL, "tags", {NULL}},
    {"ec2", "AttachInternetGateway", CO_LOOKUP, NULL, "the gateway's attachment to the VPC",
     {"Resource.AlreadyAssociated"}},
    {"ec2", "CreateRouteTable", CO_TOKEN, "ClientToken", NULL, {NULL}},
    {"ec2", "CreateLaunchTemplate", CO_TOKEN, "ClientToken", NULL, {NULL}},
    {"ec2", "CreateLaunchTemplateVersion", CO_TOKEN, "ClientToken", NULL, {NULL}},
    {"ec2", "AllocateAddress", CO_SNAPSHOT, NULL, "tags", {NULL}},
    {"ec2", "CreateEgressOnlyInternetGateway", CO_TOKEN, "ClientToken", NULL, {NULL}},
    {"ec2", "CreateNatGateway", CO_TOKEN, "ClientToken", NULL, {NULL}},
    {"ec2", "CreateVpcEndpoint", CO_TOKEN, "ClientToken", NULL, {NULL}},
    {"ec2", "RunInstances", CO_TOKEN, "ClientToken", NULL, {NULL}},
    {"elasticache", "CreateCacheSubnetGroup", CO_LOOKUP, NULL, "group name",
     {"CacheSubnetGroupAlreadyExists"}},
    {"redshift", "CreateClusterSubnetGroup", CO_LOOKUP, NULL, "group name",
     {"ClusterSubnetGroupAlreadyExists"}},
    {"ec2", "CreateDhcpOptions", CO_SNAPSHOT, NULL, "tags", {NULL}},
    {"ec2", "AssociateDhcpOptions", CO_REPEAT, NULL,
     "VPC (sets the VPC's one options set: a repeat changes nothing)", {NULL}},
    {"ec2", "CreateCustomerGateway", CO_SNAPSHOT, NULL, "address, ASN, type and tags", {NULL}},
    {"ec2", "CreateVpnGateway", CO_SNAPSHOT, NULL, "type, zone and tags", {NULL}},
    {"ec2", "AttachVpnGateway", CO_LOOKUP, NULL, "the gateway's attachment to the VPC",
     {"VpnGatewayAttachmentLimitExceeded"}},
    {"ec2", "EnableVgwRoutePropagation", CO_REPEAT, NULL,
     "route table and gateway (enabling again changes nothing)", {NULL}},
    {"ec2", "CreateFlowLogs", CO_TOKEN, "ClientToken", NULL, {NULL}},
    {"ec2", "CreateManagedPrefixList", CO_TOKEN, "ClientToken", NULL, {NULL}},
    {"ec2", "CreateNetworkAcl", CO_TOKEN, "ClientToken", NULL, {NULL}},
    {"ec2", "CreateNetworkAclEntry", CO_LOOKUP, NULL, "ACL, direction and rule number",
     {"NetworkAclEntryAlreadyExists"}},
    {"ec2", "CreateRoute", CO_LOOKUP, NULL, "route table and destination",
     {"RouteAlreadyExists"}},
    {"ec2", "AssociateRouteTable", CO_LOOKUP, NULL, "the subnet's (or gateway's) association",
     {"Resource.AlreadyAssociated"}},
    {"ec2", "CreateSecurityGroup", CO_LOOKUP, NULL, "VPC and group name",
     {"InvalidGroup.Duplicate"}},
    {"ec2", "AuthorizeSecurityGroupIngress", CO_LOOKUP, NULL, "every rule of the call",
     {"InvalidPermission.Duplicate"}},
    {"ec2", "AuthorizeSecurityGroupEgress", CO_LOOKUP, NULL, "every rule of the call",
     {"InvalidPermission.Duplicate"}},
    {"elbv2", "CreateLoadBalancer", CO_REPEAT, NULL, "name (same name and settings: same LB)",
     {NULL}},
    {"elbv2", "CreateTargetGroup", CO_REPEAT, NULL, "name (same name and settings: same group)",
     {NULL}},
    {"elbv2", "CreateListener", CO_LOOKUP, NULL, "load balancer and port", {"DuplicateListener"}},
    {"elbv2", "CreateRule", CO_LOOKUP, NULL, "listener and priority", {"PriorityInUse"}},
    {"elbv2", "AddListenerCertificates", CO_REPEAT, NULL,
     "listener and certificate (adding it again changes nothing)", {NULL}},
    {"elbv2", "RegisterTargets", CO_REPEAT, NULL,
     "target group, target and port (registering again changes nothing)", {NULL}},
    {"ecs", "CreateCluster", CO_REPEAT, NULL, "name (an active cluster of that name is returned)",
     {NULL}},
    {"ecs", "RegisterTaskDefinition", CO_SNAPSHOT, NULL, "family's active revisions", {NULL}},
    {"ecs", "CreateService", CO_TOKEN, "clientToken", NULL, {NULL}},
    {"ecs", "CreateCapacityProvider", CO_LOOKUP, NULL, "name", {"ClientException"}},
    {"ecs", "PutClusterCapacityProviders", CO_REPEAT, NULL,
     "cluster (sets both lists whole: a repeat changes nothing)", {NULL}},
    {"appautoscaling", "RegisterScalableTarget", CO_REPEAT, NULL,
     "namespace, resource and dimension (an upsert)", {NULL}},
    {"appautoscaling", "PutScalingPolicy", CO_REPEAT, NULL,
     "target and policy name (an upsert)", {NULL}},
    {"autoscaling", "CreateLaunchConfiguration", CO_LOOKUP, NULL, "name", {"AlreadyExists"}},
    {"autoscaling", "CreateAutoScalingGroup", CO_LOOKUP, NULL, "name", {"AlreadyExists"}},
    {"autoscaling", "PutScalingPolicy", CO_REPEAT, NULL,
     "group and policy name (a repeat replaces the policy with the same settings)", {NULL}},
    {"logs", "CreateLogGroup", CO_LOOKUP, NULL, "name", {"ResourceAlreadyExistsException"}},
    {"iam", "CreateRole", CO_LOOKUP, NULL, "role name", {"EntityAlreadyExists"}},
    {"iam", "CreatePolicy", CO_LOOKUP, NULL, "path and policy name", {"EntityAlreadyExists"}},
    {"iam", "CreateInstanceProfile", CO_LOOKUP, NULL, "instance profile name",
     {"EntityAlreadyExists"}},
    {"cloudwatch", "PutMetricAlarm", CO_REPEAT, NULL, "alarm name (an upsert: a repeat sets "
     "the same settings)", {NULL}},
    {"secretsmanager", "CreateSecret", CO_TOKEN, "ClientRequestToken", NULL, {NULL}},
    {"secretsmanager", "PutSecretValue", CO_TOKEN, "ClientRequestToken", NULL, {NULL}},
    {"acm", "RequestCertificate", CO_TOKEN, "IdempotencyToken", NULL, {NULL}},
    {"acm", "ImportCertificate", CO_SNAPSHOT, NULL, "the account's imported certificates",
     {NULL}},
    /* Route 53: a repeated CallerReference is refused (not answered with the
     * first zone), so the lookup finds the zone by the caller reference the
     * create sent; a record set CREATE (UPSERT needs none of this) is found
     * by name, type and set identifier with the values it sent. */
    {"route53", "CreateHostedZone", CO_LOOKUP, NULL, "caller reference",
     {"HostedZoneAlreadyExists"}},
    {"route53", "ChangeResourceRecordSets", CO_LOOKUP, NULL,
     "record set name, type and set identifier, with the values sent", {"InvalidChangeBatch"}},
    /* S3: the bucket name is unique (and made before the first attempt) */
    {"s3", "CreateBucket", CO_LOOKUP, NULL, "bucket name", {"BucketAlreadyOwnedByYou"}},
    {"ssm", "PutParameter", CO_LOOKUP, NULL, "name (only a create without Overwrite goes "
     "through here; an overwrite is an upsert)", {"ParameterAlreadyExists"}},
};

/* TOKEN operations whose token is the UUID without its hyphens (32 hex
 * digits): ACM's IdempotencyToken is \w{1,32}. */
static const char *const compact_token_ops[][2] = {
    {"acm", "RequestCertificate"},
};

static int co_compact_token(const create_op *op)
{
    for (size_t i = 0; i < sizeof compact_token_ops / sizeof compact_token_ops[0]; i++)
        if (strcmp(compact_token_ops[i][0], op->service) == 0 &&
            strcmp(compact_token_ops[i][1], op->operation) == 0)
            return 1;
    return 0;
}

/* How long an object AWS said exists (a duplicate answer) may stay
 * invisible to the lookup, and how long a SNAPSHOT lookup waits for an
 * earlier attempt's object before concluding there is none. */
#define CO_DUPLICATE_VISIBLE_MS 60000
#define CO_SNAPSHOT_SETTLE_MS 5000

static const create_op *create_op_find(const char *service, const char *operation)
{
    for (size_t i = 0; i < sizeof create_ops / sizeof create_ops[0]; i++)
        if (strcmp(create_ops[i].service, service) == 0 &&
            strcmp(create_ops[i].operation, operation) == 0)
            return &create_ops[i];
    return NULL;
}

const char *aws_create_once_token_member(const char *service, const char *operation)
{
    const create_op *op = create_op_find(service, operation);
    return op && op->kind == CO_TOKEN ? op->token : NULL;
}

void aws_client_token(char out[37])
{
    unsigned char b[16];
    if (RAND_bytes(b, sizeof b) != 1)
        for (size_t i = 0; i < sizeof b; i++)
            b[i] = (unsigned char)(retry_random() * 256);
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
             b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
             b[13], b[14], b[15]);
}

/* ---- one logical create ---------------------------------------------- */

typedef struct co_call {
    aws_client *c;
    tf_arena *a;
    const volatile int *stop;
    const aws_create_once *spec;
    const create_op *op;
    aws_params *params;       /* query/ec2 */
    aws_xml_node **xout;
    json_t *in;               /* json */
    json_t **jout;
    const aws_rest_request *rq;   /* rest-xml */
    aws_rest_response *rout;
    const char **before;      /* CO_SNAPSHOT: ids the lookup saw first */
    size_t n_before;
    int unknown;              /* an attempt so far may have acted */
    const char *token;        /* CO_TOKEN: the logical create's token */
    co_journal journal;       /* create_journal.c */
} co_call;

static int co_attempt(co_call *k, aws_error *err)
{
    if (k->rq)
        return aws_restxml_call(k->c, k->a, k->stop, k->spec->service, k->spec->operation,
                                k->rq, k->rout, err);
    if (k->in)
        return aws_json_call(k->c, k->a, k->stop, k->spec->service, k->spec->operation, k->in,
                             k->jout, err);
    return aws_query_call(k->c, k->a, k->stop, k->spec->service, k->spec->operation, k->params,
                          k->xout, err);
}

static int co_in(const char *const *ids, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(ids[i], id) == 0)
            return 1;
    return 0;
}

/* 1 with *found when the lookup shows an object the earlier attempts made,
 * 0 when it shows none, -1 with err. */
static int co_lookup_once(co_call *k, const char **found, aws_error *err)
{
    const char **ids = NULL;
    size_t n = 0;
    if (k->spec->lookup(k->spec->ud, k->a, &ids, &n, err) != 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (!co_in(k->before, k->n_before, ids[i])) {
            *found = ids[i];
            return 1;
        }
    return 0;
}

/* The lookup, repeated for up to wait_ms while it finds nothing (AWS's
 * lists lag behind its creates). */
static int co_lookup(co_call *k, long wait_ms, const char **found, aws_error *err)
{
    long long until = aws_mono_ms() + wait_ms;
    long pause = 200;
    for (;;) {
        int rc = co_lookup_once(k, found, err);
        if (rc != 0 || aws_mono_ms() + pause > until)
            return rc;
        if (retry_sleep(k->stop, pause) != 0) {
            aws_error_set(err, AWS_ERR_CANCELLED, "RequestCanceled",
                          "request cancelled: the provider is stopping");
            return -1;
        }
        pause = pause * 2 > 2000 ? 2000 : pause * 2;
    }
}

static int co_is_duplicate(const create_op *op, const aws_error *err)
{
    for (size_t i = 0; i < 3 && op->duplicate[i]; i++)
        if (aws_error_is(err, op->duplicate[i]))
            return 1;
    return 0;
}

static int co_retry_code(const aws_create_once *spec, const aws_error *err)
{
    for (size_t i = 0; spec->retry_codes && spec->retry_codes[i]; i++)
        if (aws_error_is(err, spec->retry_codes[i]))
            return 1;
    return spec->retry_when && err->kind == AWS_ERR_API && spec->retry_when(spec->retry_ud, err);
}

static void co_adopted(co_call *k, const char *id, const char **adopted)
{
    TF_DEBUG("aws: %s %s: an earlier attempt acted; adopting %s", k->spec->service,
             k->spec->operation, id[0] ? id : "its result");
    if (k->xout)
        *k->xout = NULL;
    if (k->jout)
        *k->jout = NULL;
    if (k->rout)
        k->rout->doc = NULL;
    *adopted = tf_arena_strdup(k->a, id);
}

static int co_attempts(co_call *k, const char **adopted, aws_error *err)
{
    const aws_create_once *spec = k->spec;
    const create_op *op = k->op;
    *adopted = NULL;
    long long deadline = aws_mono_ms() + (long long)(spec->retry_timeout_s * 1000);
    long pause = 200;
    int repeats = 0;          /* attempts repeated after an unknown outcome */
    int taken = 0;            /* retry quota spent on them, given back on success */
    for (;;) {
        aws_error_clear(err);
        if (co_attempt(k, err) == 0) {
            if (taken)
                retry_quota_refund(k->c, taken);
            return 0;
        }
        k->unknown |= err->earlier_attempt_unknown;
        if (err->kind == AWS_ERR_CANCELLED) {
            k->unknown |= err->outcome_unknown;
            return -1;
        }
        if (err->outcome_unknown)
            k->unknown = 1;
        if (err->outcome_unknown && op->kind != CO_TOKEN) {
            if (op->kind != CO_REPEAT) {
                aws_error lerr;
                const char *found = NULL;
                long settle = op->kind == CO_SNAPSHOT ? CO_SNAPSHOT_SETTLE_MS : 0;
                int rc = co_lookup(k, settle, &found, &lerr);
                if (rc < 0) {
                    *err = lerr;
                    return -1;
                }
                if (rc == 1) {
                    co_adopted(k, found, adopted);
                    if (taken)
                        retry_quota_refund(k->c, taken);
                    return 0;
                }
            }
            if (repeats >= k->c->max_retries) {
                TF_DEBUG("aws: %s %s: giving up after %d attempts", spec->service,
                         spec->operation, repeats + 1);
                return -1;
            }
            int cost = strcmp(err->code, "RequestTimeoutError") == 0 ? 10 : 5;
            if (!retry_quota_take(k->c, cost)) {
                TF_DEBUG("aws: %s %s: retry quota exhausted", spec->service, spec->operation);
                return -1;
            }
            taken += cost;
            repeats++;
            long delay = retry_delay_ms(repeats, k->c->retry_base_ms, k->c->retry_max_backoff_ms);
            TF_DEBUG("aws: %s %s: %s; retrying in %ld ms", spec->service, spec->operation,
                     op->kind == CO_REPEAT ? "AWS answers a repeat with the first object"
                                           : "nothing made by the earlier attempt",
                     delay);
            if (retry_sleep(k->stop, delay) != 0) {
                aws_error_set(err, AWS_ERR_CANCELLED, "RequestCanceled",
                              "request cancelled: the provider is stopping");
                return -1;
            }
            continue;
        }
        if (k->unknown && spec->lookup && co_is_duplicate(op, err)) {
            /* AWS says it exists: the earlier attempt made it.  Wait for the
             * lookup to see it; if it never does, the answer stands. */
            aws_error lerr;
            const char *found = NULL;
            int rc = co_lookup(k, CO_DUPLICATE_VISIBLE_MS, &found, &lerr);
            if (rc == 1) {
                co_adopted(k, found, adopted);
                if (taken)
                    retry_quota_refund(k->c, taken);
                return 0;
            }
            if (rc < 0 && lerr.kind == AWS_ERR_CANCELLED)
                *err = lerr;
            return -1;
        }
        if (co_retry_code(spec, err) && aws_mono_ms() + pause < deadline) {
            if (retry_sleep(k->stop, pause) != 0) {
                aws_error_set(err, AWS_ERR_CANCELLED, "RequestCanceled",
                              "request cancelled: the provider is stopping");
                return -1;
            }
            pause = pause * 2 > 5000 ? 5000 : pause * 2;
            continue;
        }
        return -1;
    }
}

/* After a stop cut the create short when an attempt may have acted: one
 * quick look (or, with a token or for a create AWS answers again with the
 * same object, one repeat) while the stop is overlooked for at most
 * CO_SALVAGE_MS, so the caller gets the object's id and the state keeps it
 * (tainted) rather than orphaning it. */
#define CO_SALVAGE_MS 2000

static int co_salvage(co_call *k, const char **adopted, aws_error *err)
{
    aws_error serr;
    aws_error_clear(&serr);
    int found = 0;
    http_salvage_begin(CO_SALVAGE_MS);
    if (k->op->kind == CO_TOKEN || k->op->kind == CO_REPEAT) {
        found = co_attempt(k, &serr) == 0;
    } else {
        const char *id = NULL;
        found = co_lookup_once(k, &id, &serr) == 1;
        if (found)
            co_adopted(k, id, adopted);
    }
    http_salvage_end();
    TF_INFO("aws: %s %s: stopped while an attempt may have acted; %s", k->spec->service,
            k->spec->operation, found ? "found what it made" : "found nothing it made");
    if (!found)
        return -1;
    aws_error_clear(err);
    return 0;
}

static const char *co_kind_name(co_kind kind)
{
    return kind == CO_TOKEN ? "token" : kind == CO_REPEAT ? "repeat"
                                      : kind == CO_LOOKUP ? "lookup" : "snapshot";
}

static int co_run(co_call *k, const char **adopted, aws_error *err)
{
    const aws_create_once *spec = k->spec;
    const create_op *op = k->op;
    co_journal *j = &k->journal;
    *adopted = NULL;
    /* An earlier process's unfinished create of the same settings: find its
     * object before making another. */
    if (j->recovered && (op->kind == CO_LOOKUP || op->kind == CO_SNAPSHOT)) {
        const char *id = NULL;
        k->before = j->before;
        k->n_before = j->n_before;
        int rc = co_lookup_once(k, &id, err);
        k->before = NULL;
        k->n_before = 0;
        if (rc < 0) {
            co_journal_close(j, 1);
            return -1;
        }
        if (rc == 1) {
            co_adopted(k, id, adopted);
            co_journal_settle(j);
            return 0;
        }
    }
    if (op->kind == CO_SNAPSHOT &&
        spec->lookup(spec->ud, k->a, &k->before, &k->n_before, err) != 0) {
        co_journal_close(j, 0);
        return -1;
    }
    co_journal_write(j, co_kind_name(op->kind), k->token, k->before, k->n_before);
    int rc = co_attempts(k, adopted, err);
    if (rc != 0 && err->kind == AWS_ERR_CANCELLED && (k->unknown || err->outcome_unknown) &&
        co_salvage(k, adopted, err) == 0)
        rc = 0;
    /* Kept when an attempt may have acted and nothing was found: the next
     * process looks again. */
    if (rc == 0)
        co_journal_settle(j);
    else
        co_journal_close(j, k->unknown || err->outcome_unknown);
    return rc;
}

static int co_prepare(co_call *k, aws_error *err)
{
    const aws_create_once *spec = k->spec;
    k->op = create_op_find(spec->service, spec->operation);
    if (!k->op) {
        aws_error_set(err, AWS_ERR_CONFIG, "UnknownCreate",
                      "%s %s is not in create_once.c's table of creates", spec->service,
                      spec->operation);
        return -1;
    }
    if ((k->op->kind == CO_LOOKUP || k->op->kind == CO_SNAPSHOT) && !spec->lookup) {
        aws_error_set(err, AWS_ERR_CONFIG, "MissingLookup",
                      "%s %s has no idempotency token and needs a lookup", spec->service,
                      spec->operation);
        return -1;
    }
    return 0;
}

int aws_create_once_query(aws_client *c, tf_arena *a, const volatile int *stop,
                          const aws_create_once *spec, aws_params *params, aws_xml_node **out,
                          const char **adopted, aws_error *err)
{
    co_call k = {.c = c, .a = a, .stop = stop, .spec = spec, .params = params, .xout = out};
    *out = NULL;
    if (co_prepare(&k, err) != 0)
        return -1;
    const aws_service *svc = endpoints_service(spec->service);
    const char *parts[] = {c->region, c->account_id, spec->service, spec->operation,
                           params_encode(a, spec->operation, svc ? svc->api_version : "",
                                         params)};
    co_journal_open(a, k.op->kind == CO_REPEAT ? NULL : co_journal_key(a, parts, 5),
                    &k.journal);
    if (k.op->kind == CO_TOKEN && !aws_params_get(params, k.op->token)) {
        char token[37];
        aws_client_token(token);
        aws_params_add(params, k.op->token,
                       k.journal.recovered && k.journal.token ? k.journal.token : token);
    }
    if (k.op->kind == CO_TOKEN)
        k.token = aws_params_get(params, k.op->token);
    return co_run(&k, adopted, err);
}

int aws_create_once_json(aws_client *c, tf_arena *a, const volatile int *stop,
                         const aws_create_once *spec, json_t *in, json_t **out,
                         const char **adopted, aws_error *err)
{
    co_call k = {.c = c, .a = a, .stop = stop, .spec = spec, .in = in, .jout = out};
    *out = NULL;
    if (co_prepare(&k, err) != 0)
        return -1;
    char *req = json_dumps(in, JSON_COMPACT | JSON_SORT_KEYS);
    const char *parts[] = {c->region, c->account_id, spec->service, spec->operation,
                           req ? req : ""};
    co_journal_open(a, k.op->kind == CO_REPEAT ? NULL : co_journal_key(a, parts, 5),
                    &k.journal);
    free(req);
    if (k.op->kind == CO_TOKEN && !json_object_get(in, k.op->token)) {
        char token[37];
        aws_client_token(token);
        if (co_compact_token(k.op)) {
            size_t w = 0;
            for (size_t r = 0; token[r]; r++)
                if (token[r] != '-')
                    token[w++] = token[r];
            token[w] = '\0';
        }
        json_object_set_new(in, k.op->token,
                            json_string(k.journal.recovered && k.journal.token ? k.journal.token
                                                                               : token));
    }
    if (k.op->kind == CO_TOKEN)
        k.token = json_string_value(json_object_get(in, k.op->token));
    return co_run(&k, adopted, err);
}

int aws_create_once_restxml(aws_client *c, tf_arena *a, const volatile int *stop,
                            const aws_create_once *spec, const aws_rest_request *rq,
                            aws_rest_response *out, const char **adopted, aws_error *err)
{
    /* Never repeated by the pipeline itself: the attempts are ours. */
    aws_rest_request once = *rq;
    if (once.idempotent == 0)
        once.idempotent = -1;
    co_call k = {.c = c, .a = a, .stop = stop, .spec = spec, .rq = &once, .rout = out};
    memset(out, 0, sizeof *out);
    out->body = "";
    if (co_prepare(&k, err) != 0)
        return -1;
    if (k.op->kind == CO_TOKEN) {
        aws_error_set(err, AWS_ERR_CONFIG, "UnknownCreate",
                      "%s %s: tokens in REST bodies are the caller's", spec->service,
                      spec->operation);
        return -1;
    }
    const char *parts[] = {c->region, c->account_id, spec->service, spec->operation,
                           tf_arena_printf(a, "%s %s\n%s", rq->method, rq->path,
                                           rq->body ? rq->body : "")};
    co_journal_open(a, k.op->kind == CO_REPEAT ? NULL : co_journal_key(a, parts, 5),
                    &k.journal);
    return co_run(&k, adopted, err);
}

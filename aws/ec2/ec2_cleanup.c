/* ec2_cleanup.c - see ec2_cleanup.h. */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "diagnostics.h"
#include "ec2_cleanup.h"
#include "ec2_retry.h"

/* ---- lingering network interfaces ---- */

#define LAMBDA_MIN_S (45 * 60.0)   /* Lambda's P99 release time is ~35 minutes */
#define OTHER_MIN_S (10 * 60.0)    /* Comprehend and DMS take ~5 minutes */
/* "available" must be seen this many polls in a row before acting on it:
 * a replica that has not caught up could show it early. */
#define ENI_AVAILABLE_SEEN 3

typedef enum {
    ENI_WAIT_RELEASE,   /* until the service lets go (status "available") */
    ENI_DETACH,         /* DetachNetworkInterface next */
    ENI_WAIT_DETACHED,  /* until the attachment is "detached" or gone */
    ENI_DELETE,         /* DeleteNetworkInterface next */
    ENI_DONE,
    ENI_FAILED,
} eni_step;

typedef struct lingering_eni {
    const char *id;
    const char *service;      /* "Lambda", "Comprehend", "DMS" */
    const char *attachment;   /* attachment to detach */
    const char *last;         /* last status seen, for timeout messages */
    eni_step step;
    int seen;
    double timeout;
    long long deadline_ms;
    const char *doing;        /* what failed, when FAILED */
    aws_error err;
} lingering_eni;

typedef struct eni_cleanup {
    aws_client *c;
    tf_arena *a;
    const volatile int *stop;
    double delete_timeout;
    lingering_eni *v;
    size_t n, cap;
} eni_cleanup;

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int has_prefix(const char *s, const char *prefix)
{
    return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = s ? strlen(s) : 0, m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The attachment of a described interface that still holds it: its id, or
 * NULL when there is none or it is already detached. */
static const char *live_attachment(const aws_xml_node *eni)
{
    const char *id = aws_xml_text(eni, "attachment/attachmentId");
    const char *st = aws_xml_text(eni, "attachment/status");
    if (!id || !id[0] || (st && strcmp(st, "detached") == 0))
        return NULL;
    return id;
}

/* Sorts one interface of the listing: a service's leftover gets a plan,
 * anything else is left for the delete to report. */
static void eni_classify(eni_cleanup *cl, const aws_xml_node *item)
{
    const char *id = aws_xml_text(item, "networkInterfaceId");
    const char *desc = aws_xml_text(item, "description");
    const char *requester = aws_xml_text(item, "requesterId");
    const char *service;
    double min;
    if (!id)
        return;
    if (has_prefix(desc, "AWS Lambda VPC ENI")) {
        service = "Lambda";
        min = LAMBDA_MIN_S;
    } else if (has_suffix(requester, ":Comprehend")) {
        service = "Comprehend";
        min = OTHER_MIN_S;
    } else if (desc && strcmp(desc, "DMSNetworkInterface") == 0) {
        service = "DMS";
        min = OTHER_MIN_S;
    } else {
        return;
    }
    tf_arena_grow(cl->a, (void **)&cl->v, &cl->cap, cl->n + 1, sizeof *cl->v);
    lingering_eni *e = &cl->v[cl->n++];
    memset(e, 0, sizeof *e);
    e->id = id;
    e->service = service;
    e->attachment = live_attachment(item);
    e->last = aws_xml_text(item, "status");
    e->timeout = cl->delete_timeout > min ? cl->delete_timeout : min;
    e->deadline_ms = now_ms() + (long long)(e->timeout * 1000.0);
    const char *owner = aws_xml_text(item, "attachment/instanceOwnerId");
    if (strcmp(service, "Lambda") == 0 && e->attachment && owner &&
        strcmp(owner, "amazon-aws") == 0)
        e->step = ENI_WAIT_RELEASE;   /* only Lambda can undo its attachment */
    else
        e->step = e->attachment ? ENI_DETACH : ENI_DELETE;
}

static int eni_list_page(void *ud, const aws_xml_node *page, aws_error *err)
{
    (void)err;
    for (const aws_xml_node *n = aws_xml_first(page, "networkInterfaceSet/item"); n;
         n = aws_xml_next(n))
        eni_classify(ud, n);
    return 0;
}

static void eni_fail(lingering_eni *e, const char *doing, const aws_error *err)
{
    e->step = ENI_FAILED;
    e->doing = doing;
    e->err = *err;
}

/* One DescribeNetworkInterfaces for every interface being waited on. */
static int eni_refresh(eni_cleanup *cl, aws_error *err)
{
    aws_params *p = aws_params_new(cl->a);
    int k = 0;
    for (size_t i = 0; i < cl->n; i++) {
        lingering_eni *e = &cl->v[i];
        if (e->step == ENI_WAIT_RELEASE || e->step == ENI_WAIT_DETACHED)
            aws_params_add(p, aws_params_key(p, "Filter.1.Value.%d", ++k), e->id);
    }
    if (k == 0)
        return 0;
    /* a filter, not NetworkInterfaceId.N: an id that is gone must not fail
     * the lookup of the others */
    aws_params_add(p, "Filter.1.Name", "network-interface-id");
    aws_xml_node *out;
    if (aws_query_call(cl->c, cl->a, cl->stop, "ec2", "DescribeNetworkInterfaces", p, &out,
                       err) != 0)
        return -1;
    for (size_t i = 0; i < cl->n; i++) {
        lingering_eni *e = &cl->v[i];
        if (e->step != ENI_WAIT_RELEASE && e->step != ENI_WAIT_DETACHED)
            continue;
        const aws_xml_node *item = NULL;
        for (const aws_xml_node *n = aws_xml_first(out, "networkInterfaceSet/item"); n;
             n = aws_xml_next(n)) {
            const char *nid = aws_xml_text(n, "networkInterfaceId");
            if (nid && strcmp(nid, e->id) == 0) {
                item = n;
                break;
            }
        }
        if (!item) {
            e->step = ENI_DONE;   /* deleted by its service meanwhile */
            continue;
        }
        const char *status = aws_xml_text(item, "status");
        e->last = status ? status : "";
        if (e->step == ENI_WAIT_RELEASE) {
            if (!status || strcmp(status, "available") != 0) {
                e->seen = 0;
                continue;
            }
            if (++e->seen < ENI_AVAILABLE_SEEN)
                continue;
            e->attachment = live_attachment(item);
            e->step = e->attachment ? ENI_DETACH : ENI_DELETE;
        } else {
            const char *att = aws_xml_text(item, "attachment/attachmentId");
            const char *ast = aws_xml_text(item, "attachment/status");
            if (att && strcmp(att, e->attachment) == 0 && ast)
                e->last = ast;
            if (!att || strcmp(att, e->attachment) != 0 || (ast && strcmp(ast, "detached") == 0))
                e->step = ENI_DELETE;
        }
    }
    return 0;
}

static void eni_act(eni_cleanup *cl)
{
    aws_xml_node *out;
    aws_error err;
    for (size_t i = 0; i < cl->n; i++) {
        lingering_eni *e = &cl->v[i];
        if (e->step != ENI_DETACH)
            continue;
        aws_params *p = aws_params_new(cl->a);
        aws_params_add(p, "AttachmentId", e->attachment);
        aws_params_add(p, "Force", "true");
        if (aws_query_call(cl->c, cl->a, cl->stop, "ec2", "DetachNetworkInterface", p, &out,
                           &err) == 0)
            e->step = ENI_WAIT_DETACHED;
        else if (aws_error_is(&err, "InvalidAttachmentID.NotFound"))
            e->step = ENI_DELETE;
        else
            eni_fail(e, "detaching", &err);
    }
    for (size_t i = 0; i < cl->n; i++) {
        lingering_eni *e = &cl->v[i];
        if (e->step != ENI_DELETE)
            continue;
        aws_params *p = aws_params_new(cl->a);
        aws_params_add(p, "NetworkInterfaceId", e->id);
        if (aws_query_call(cl->c, cl->a, cl->stop, "ec2", "DeleteNetworkInterface", p, &out,
                           &err) == 0 ||
            aws_error_is(&err, "InvalidNetworkInterfaceID.NotFound")) {
            e->step = ENI_DONE;
        } else if (aws_error_is(&err, "InvalidNetworkInterface.InUse")) {
            e->last = "in-use";   /* the detach has not reached every replica */
        } else {
            eni_fail(e, "deleting", &err);
        }
    }
}

static const char *eni_waiting_for(const lingering_eni *e)
{
    switch (e->step) {
    case ENI_WAIT_RELEASE: return "to become available for detachment";
    case ENI_WAIT_DETACHED: return "to be detached";
    default: return "to be deleted";
    }
}

static aws_wait_status eni_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    eni_cleanup *cl = ud;
    if (eni_refresh(cl, err) != 0)
        return AWS_WAIT_FAIL;
    eni_act(cl);
    long long now = now_ms();
    size_t left = 0;
    const lingering_eni *first = NULL;
    for (size_t i = 0; i < cl->n; i++) {
        lingering_eni *e = &cl->v[i];
        if (e->step == ENI_DONE || e->step == ENI_FAILED)
            continue;
        if (now >= e->deadline_ms) {
            aws_error t;
            aws_error_set(&t, AWS_ERR_TIMEOUT, "WaiterTimeout",
                          "timeout while waiting for %s ENI (%s) %s (last state: '%s', "
                          "timeout: %gs)", e->service, e->id, eni_waiting_for(e),
                          e->last ? e->last : "unknown", e->timeout);
            eni_fail(e, "waiting for", &t);
            continue;
        }
        if (!first)
            first = e;
        left++;
    }
    if (!left)
        return AWS_WAIT_DONE;
    snprintf(state, state_len, "%zu interface(s) left, %s: %s", left, first->id,
             first->last ? first->last : "");
    return AWS_WAIT_CONTINUE;
}

int ec2_delete_lingering_enis(tf_ctx *ctx, aws_client *c, const char *filter, const char *id,
                              double delete_timeout, const char *what)
{
    eni_cleanup cl = {.c = c, .a = ctx->arena, .stop = ctx->stop,
                      .delete_timeout = delete_timeout};
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "Filter.1.Name", filter);
    aws_params_add(p, "Filter.1.Value.1", id);
    aws_error err;
    if (aws_query_pages(c, ctx->arena, ctx->stop, "ec2", "DescribeNetworkInterfaces", p,
                        "NextToken", "nextToken", eni_list_page, &cl, &err) != 0) {
        if (aws_error_is_not_found(&err))
            return 0;
        aws_diag(ctx, &err, "%s: listing EC2 Network Interfaces", what);
        return -1;
    }
    if (cl.n == 0)
        return 0;
    double longest = 0;
    for (size_t i = 0; i < cl.n; i++)
        if (cl.v[i].timeout > longest)
            longest = cl.v[i].timeout;
    /* Each interface's own deadline ends its wait; the margin lets the
     * poll at that deadline report it rather than the overall wait. */
    if (aws_wait(ctx->stop, longest + 1.0, eni_poll, &cl, &err) != 0) {
        for (size_t i = 0; i < cl.n; i++)
            if (cl.v[i].step != ENI_DONE && cl.v[i].step != ENI_FAILED)
                eni_fail(&cl.v[i], "waiting for", &err);
    }
    int failed = 0;
    for (size_t i = 0; i < cl.n; i++) {
        const lingering_eni *e = &cl.v[i];
        if (e->step != ENI_FAILED)
            continue;
        failed = 1;
        aws_diag(ctx, &e->err, "%s: %s %s ENI (%s)", what, e->doing, e->service, e->id);
    }
    return failed ? -1 : 0;
}

/* ---- GuardDuty ---- */

#define GD_SERVICE_PATTERN "*guardduty-data*"
#define GD_TAG "GuardDutyManaged"
#define GD_GROUP_PREFIX "GuardDutyManagedSecurityGroup-"
/* Once the endpoints are gone their interfaces soon release the group; a
 * group still held after this is held by something else, which the VPC
 * delete then reports. */
#define GD_GROUP_RETRY_S 120.0

typedef struct gd_endpoint {
    const char *id;
    const aws_xml_node *item;
} gd_endpoint;

typedef struct gd_list {
    tf_arena *a;
    gd_endpoint *v;
    size_t n, cap;
} gd_list;

static int gd_page(void *ud, const aws_xml_node *page, aws_error *err)
{
    (void)err;
    gd_list *l = ud;
    for (const aws_xml_node *n = aws_xml_first(page, "vpcEndpointSet/item"); n;
         n = aws_xml_next(n)) {
        const char *id = aws_xml_text(n, "vpcEndpointId");
        const char *st = aws_xml_text(n, "state");
        if (!id || (st && strcasecmp(st, "deleted") == 0))
            continue;
        tf_arena_grow(l->a, (void **)&l->v, &l->cap, l->n + 1, sizeof *l->v);
        l->v[l->n++] = (gd_endpoint){.id = id, .item = n};
    }
    return 0;
}

/* GuardDuty's endpoints in vpc_id (any VPC when NULL or ""). */
static int gd_find_endpoints(aws_client *c, tf_arena *a, const volatile int *stop,
                             const char *vpc_id, gd_list *l, aws_error *err)
{
    aws_params *p = aws_params_new(a);
    int f = 0;
    aws_params_add(p, aws_params_key(p, "Filter.%d.Name", ++f), "service-name");
    aws_params_add(p, aws_params_key(p, "Filter.%d.Value.1", f), GD_SERVICE_PATTERN);
    aws_params_add(p, aws_params_key(p, "Filter.%d.Name", ++f), "tag:" GD_TAG);
    aws_params_add(p, aws_params_key(p, "Filter.%d.Value.1", f), "true");
    if (vpc_id && vpc_id[0]) {
        aws_params_add(p, aws_params_key(p, "Filter.%d.Name", ++f), "vpc-id");
        aws_params_add(p, aws_params_key(p, "Filter.%d.Value.1", f), vpc_id);
    }
    l->a = a;
    return aws_query_pages(c, a, stop, "ec2", "DescribeVpcEndpoints", p, "NextToken",
                           "nextToken", gd_page, l, err);
}

int ec2_guardduty_release_subnet(aws_client *c, tf_arena *a, const volatile int *stop,
                                 const char *vpc_id, const char *subnet_id, int *changed,
                                 aws_error *err)
{
    *changed = 0;
    gd_list l = {0};
    if (gd_find_endpoints(c, a, stop, vpc_id, &l, err) != 0)
        return -1;
    for (size_t i = 0; i < l.n; i++) {
        int holds = 0;
        for (const aws_xml_node *s = aws_xml_first(l.v[i].item, "subnetIdSet/item"); s;
             s = aws_xml_next(s))
            if (strcmp(s->text, subnet_id) == 0)
                holds = 1;
        if (!holds)
            continue;
        aws_params *p = aws_params_new(a);
        aws_params_add(p, "VpcEndpointId", l.v[i].id);
        aws_params_add(p, "RemoveSubnetId.1", subnet_id);
        aws_xml_node *out;
        if (aws_query_call(c, a, stop, "ec2", "ModifyVpcEndpoint", p, &out, err) != 0) {
            if (aws_error_is_not_found(err))
                continue;
            return -1;
        }
        (*changed)++;
    }
    return 0;
}

typedef struct gd_gone {
    aws_client *c;
    tf_arena *a;
    const volatile int *stop;
    const gd_list *l;
} gd_gone;

static aws_wait_status gd_gone_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    gd_gone *g = ud;
    aws_params *p = aws_params_new(g->a);
    aws_params_add(p, "Filter.1.Name", "vpc-endpoint-id");
    for (size_t i = 0; i < g->l->n; i++)
        aws_params_add(p, aws_params_key(p, "Filter.1.Value.%zu", i + 1), g->l->v[i].id);
    aws_xml_node *out;
    if (aws_query_call(g->c, g->a, g->stop, "ec2", "DescribeVpcEndpoints", p, &out, err) != 0)
        return aws_error_is_not_found(err) ? AWS_WAIT_DONE : AWS_WAIT_FAIL;
    for (const aws_xml_node *n = aws_xml_first(out, "vpcEndpointSet/item"); n;
         n = aws_xml_next(n)) {
        const char *st = aws_xml_text(n, "state");
        if (st && strcasecmp(st, "deleted") == 0)
            continue;
        const char *id = aws_xml_text(n, "vpcEndpointId");
        snprintf(state, state_len, "%s: %s", id ? id : "?", st ? st : "");
        if (st && strcasecmp(st, "failed") == 0) {
            aws_error_set(err, AWS_ERR_API, "VpcEndpointDeleteFailed",
                          "VPC Endpoint (%s) is in state failed", id ? id : "?");
            return AWS_WAIT_FAIL;
        }
        return AWS_WAIT_CONTINUE;
    }
    return AWS_WAIT_DONE;
}

/* DeleteVpcEndpoints reports per endpoint in unsuccessful/item. */
static int gd_delete_endpoints(aws_client *c, tf_arena *a, const volatile int *stop,
                               const gd_list *l, aws_error *err)
{
    aws_params *p = aws_params_new(a);
    for (size_t i = 0; i < l->n; i++)
        aws_params_add(p, aws_params_key(p, "VpcEndpointId.%zu", i + 1), l->v[i].id);
    aws_xml_node *out;
    if (aws_query_call(c, a, stop, "ec2", "DeleteVpcEndpoints", p, &out, err) != 0)
        return -1;
    for (const aws_xml_node *u = aws_xml_first(out, "unsuccessful/item"); u;
         u = aws_xml_next(u)) {
        const char *code = aws_xml_text(u, "error/code");
        if (code && strstr(code, "NotFound"))
            continue;
        const char *rid = aws_xml_text(u, "resourceId");
        const char *msg = aws_xml_text(u, "error/message");
        aws_error_set(err, AWS_ERR_API, code ? code : "Unsuccessful",
                      "deleting VPC Endpoint (%s): %s", rid ? rid : "?",
                      msg ? msg : "no reason given");
        return -1;
    }
    return 0;
}

typedef struct gd_groups {
    tf_arena *a;
    const char **v;
    size_t n, cap;
} gd_groups;

static int gd_group_page(void *ud, const aws_xml_node *page, aws_error *err)
{
    (void)err;
    gd_groups *g = ud;
    for (const aws_xml_node *n = aws_xml_first(page, "securityGroupInfo/item"); n;
         n = aws_xml_next(n)) {
        const char *id = aws_xml_text(n, "groupId");
        if (!id)
            continue;
        tf_arena_grow(g->a, (void **)&g->v, &g->cap, g->n + 1, sizeof *g->v);
        g->v[g->n++] = id;
    }
    return 0;
}

int ec2_guardduty_clear_vpc(aws_client *c, tf_arena *a, const volatile int *stop,
                            const char *vpc_id, double timeout_s, int *changed, aws_error *err)
{
    *changed = 0;
    gd_list l = {0};
    if (gd_find_endpoints(c, a, stop, vpc_id, &l, err) != 0)
        return -1;
    if (l.n > 0) {
        if (gd_delete_endpoints(c, a, stop, &l, err) != 0)
            return -1;
        *changed += (int)l.n;
        gd_gone g = {.c = c, .a = a, .stop = stop, .l = &l};
        if (aws_wait(stop, timeout_s, gd_gone_poll, &g, err) != 0)
            return -1;
    }
    /* The group GuardDuty made for its endpoint: found by its exact name and
     * GuardDuty's tag, so that a group of the user's is never touched. */
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "Filter.1.Name", "vpc-id");
    aws_params_add(p, "Filter.1.Value.1", vpc_id);
    aws_params_add(p, "Filter.2.Name", "group-name");
    aws_params_add(p, "Filter.2.Value.1", tf_arena_printf(a, GD_GROUP_PREFIX "%s", vpc_id));
    aws_params_add(p, "Filter.3.Name", "tag:" GD_TAG);
    aws_params_add(p, "Filter.3.Value.1", "true");
    gd_groups groups = {.a = a};
    if (aws_query_pages(c, a, stop, "ec2", "DescribeSecurityGroups", p, "NextToken",
                        "nextToken", gd_group_page, &groups, err) != 0)
        return -1;
    static const char *const busy[] = {"DependencyViolation", "InvalidGroup.InUse", NULL};
    for (size_t i = 0; i < groups.n; i++) {
        aws_params *d = aws_params_new(a);
        aws_params_add(d, "GroupId", groups.v[i]);
        aws_xml_node *out;
        if (ec2_call_retry(c, a, stop, "DeleteSecurityGroup", d, &out,
                           timeout_s < GD_GROUP_RETRY_S ? timeout_s : GD_GROUP_RETRY_S, busy,
                           err) != 0) {
            if (aws_error_is(err, "InvalidGroup.NotFound"))
                continue;
            return -1;
        }
        (*changed)++;
    }
    return 0;
}

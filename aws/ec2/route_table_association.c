/* route_table_association.c - aws_route_table_association: attaches a
 * route table to a subnet or to an internet/virtual private gateway.
 *
 * EC2 keeps associations inside route tables, so they are looked up with
 * DescribeRouteTables filtered by association id.  Moving an association
 * to another table (ReplaceRouteTableAssociation) gives it a new id, which
 * is why route_table_id is updatable although the id changes.  The schema
 * is generated from aws/schema/aws.schema. */

#include <stdio.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "ec2_find.h"
#include "ec2_retry.h"
#include "provider_meta.h"
#include "resources.h"
#include "value_build.h"

/* ---- finding and waiting ---- */

/* Default timeouts of hashicorp/aws for this type. */
#define RTA_CREATE_DEFAULT (5 * 60.0)
#define RTA_UPDATE_DEFAULT (2 * 60.0)
#define RTA_DELETE_DEFAULT (5 * 60.0)

typedef struct rta_waiter {
    tf_ctx *ctx;
    const aws_meta *m;
    const char *id;
    bool want;                    /* associated (true) or gone (false) */
    const aws_xml_node *assoc;
} rta_waiter;

static aws_wait_status rta_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    rta_waiter *w = ud;
    const aws_xml_node *table;
    int rc = ec2_find_route_table_association(w->m->client, w->ctx->arena, w->ctx->stop, w->id,
                                              &table, &w->assoc, err);
    if (rc < 0)
        return AWS_WAIT_FAIL;
    if (rc == EC2_NOT_FOUND) {
        snprintf(state, state_len, "not found");
        return w->want ? AWS_WAIT_CONTINUE : AWS_WAIT_DONE;
    }
    const char *st = aws_xml_text(w->assoc, "associationState/state");
    snprintf(state, state_len, "%s", st ? st : "associated");
    if (!w->want)
        return AWS_WAIT_CONTINUE;
    if (st && strcmp(st, "failed") == 0) {
        const char *msg = aws_xml_text(w->assoc, "associationState/statusMessage");
        aws_error_set(err, AWS_ERR_API, "AssociationFailed", "association failed: %s",
                      msg ? msg : "no reason given");
        return AWS_WAIT_FAIL;
    }
    return !st || strcmp(st, "associated") == 0 ? AWS_WAIT_DONE : AWS_WAIT_CONTINUE;
}

static int rta_wait(tf_ctx *ctx, const aws_meta *m, const char *id, bool want, double timeout,
                    aws_error *err)
{
    rta_waiter w = {.ctx = ctx, .m = m, .id = id, .want = want};
    return aws_wait(ctx->stop, timeout, rta_poll, &w, err);
}

/* ---- state ---- */

static const tf_value *rta_state(tf_ctx *ctx, const tf_value *base, const aws_xml_node *table,
                                 const aws_xml_node *assoc)
{
    const char *rtb = aws_xml_text(assoc, "routeTableId");
    tf_objb b;
    tf_objb_init(&b, ctx->arena, aws_schema_resource_aws_route_table_association.ctype, base);
    tf_objb_str(&b, "id", aws_xml_text(assoc, "routeTableAssociationId"));
    tf_objb_str(&b, "route_table_id", rtb ? rtb : aws_xml_text(table, "routeTableId"));
    /* The side that is not associated reads as "", as in hashicorp/aws. */
    const char *subnet = aws_xml_text(assoc, "subnetId");
    const char *gateway = aws_xml_text(assoc, "gatewayId");
    tf_objb_str(&b, "subnet_id", subnet ? subnet : "");
    tf_objb_str(&b, "gateway_id", gateway ? gateway : "");
    return tf_objb_done(&b);
}

/* Reads the association into a state built on base; a new one is waited
 * for, an existing one that is gone yields a null state. */
static const tf_value *rta_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                   bool is_new, double timeout)
{
    const char *id = tf_get_str(base, "id", "");
    aws_error err;
    const aws_xml_node *table, *assoc;
    if (is_new && rta_wait(ctx, m, id, true, timeout, &err) != 0) {
        aws_diag(ctx, &err, "waiting for Route Table Association (%s) create", id);
        return base;
    }
    int rc = ec2_find_route_table_association(m->client, ctx->arena, ctx->stop, id, &table,
                                              &assoc, &err);
    if (rc == EC2_NOT_FOUND && !is_new)
        return tf_null(ctx->arena, aws_schema_resource_aws_route_table_association.ctype);
    if (rc != EC2_FOUND) {
        if (rc == EC2_NOT_FOUND)
            aws_error_set(&err, AWS_ERR_API, "InvalidAssociationID.NotFound",
                          "association %s not found after creation", id);
        aws_diag(ctx, &err, "reading Route Table Association (%s)", id);
        return is_new ? base : NULL;
    }
    return rta_state(ctx, base, table, assoc);
}

/* What AssociateRouteTable makes unique: the subnet's (or gateway's) one
 * association, here with table rtb. */
typedef struct rta_key {
    aws_client *c;
    const volatile int *stop;
    const char *rtb, *subnet, *gateway;
} rta_key;

/* aws_create_lookup_fn: the id of the association of the subnet (gateway)
 * with the table, if there is one. */
static int rta_lookup(void *ud, tf_arena *a, const char ***ids, size_t *n, aws_error *err)
{
    const rta_key *k = ud;
    const char *field = *k->subnet ? "subnetId" : "gatewayId";
    const char *want = *k->subnet ? k->subnet : k->gateway;
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "Filter.1.Name", "route-table-id");
    aws_params_add(p, "Filter.1.Value.1", k->rtb);
    aws_params_add(p, "Filter.2.Name",
                   *k->subnet ? "association.subnet-id" : "association.gateway-id");
    aws_params_add(p, "Filter.2.Value.1", want);
    aws_xml_node *out;
    if (aws_query_call(k->c, a, k->stop, "ec2", "DescribeRouteTables", p, &out, err) != 0)
        return -1;
    *n = 0;
    for (const aws_xml_node *t = aws_xml_first(out, "routeTableSet/item"); t; t = aws_xml_next(t))
        for (const aws_xml_node *as = aws_xml_first(t, "associationSet/item"); as;
             as = aws_xml_next(as)) {
            const char *v = aws_xml_text(as, field), *state = aws_xml_text(as,
                                                                           "associationState/state");
            const char *id = aws_xml_text(as, "routeTableAssociationId");
            if (!v || strcmp(v, want) != 0 || !id || (state && strcmp(state, "disassociated") == 0))
                continue;
            const char **one = tf_arena_calloc(a, 1, sizeof *one);
            one[0] = id;
            *ids = one;
            *n = 1;
            return 0;
        }
    return 0;
}

static const char *rta_associate(tf_ctx *ctx, const aws_meta *m, const tf_value *planned,
                                 double timeout)
{
    const char *rtb = tf_get_str(planned, "route_table_id", "");
    const char *subnet = tf_get_str(planned, "subnet_id", "");
    const char *gateway = tf_get_str(planned, "gateway_id", "");
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "RouteTableId", rtb);
    if (*subnet)
        aws_params_add(p, "SubnetId", subnet);
    if (*gateway)
        aws_params_add(p, "GatewayId", gateway);
    aws_xml_node *out;
    const char *adopted;
    aws_error err;
    /* A table created a moment ago may not be visible yet. */
    static const char *const retry[] = {"InvalidRouteTableID.NotFound", NULL};
    rta_key key = {.c = m->client, .stop = ctx->stop, .rtb = rtb, .subnet = subnet,
                   .gateway = gateway};
    aws_create_once once = {.service = "ec2", .operation = "AssociateRouteTable",
                            .lookup = rta_lookup, .ud = &key, .retry_codes = retry,
                            .retry_timeout_s = timeout};
    if (aws_create_once_query(m->client, ctx->arena, ctx->stop, &once, p, &out, &adopted,
                              &err) != 0) {
        aws_diag(ctx, &err, "creating Route Table (%s) Association", rtb);
        return NULL;
    }
    const char *id = adopted ? adopted : aws_xml_text(out, "associationId");
    if (!id || !*id) {
        aws_error_set(&err, AWS_ERR_RESPONSE, "", "AssociateRouteTable returned no id");
        aws_diag(ctx, &err, "creating Route Table (%s) Association", rtb);
        return NULL;
    }
    return id;
}

/* ---- callbacks ---- */

static const tf_value *rta_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    double timeout = aws_timeout(planned, "create", RTA_CREATE_DEFAULT);
    const char *id = rta_associate(ctx, m, planned, timeout);
    if (!id)
        return NULL;
    const tf_value *state = tf_object_with(ctx->arena, planned, "id", tf_string(ctx->arena, id));
    return rta_refresh(ctx, m, state, true, timeout);
}

static const tf_value *rta_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    return rta_refresh(ctx, m, state, false, 0);
}

/* Only route_table_id changes in place: the association moves to the new
 * table and gets a new id. */
static const tf_value *rta_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    double timeout = aws_timeout(planned, "update", RTA_UPDATE_DEFAULT);
    const char *id = tf_get_str(prior, "id", "");
    const char *rtb = tf_get_str(planned, "route_table_id", "");
    if (strcmp(rtb, tf_get_str(prior, "route_table_id", "")) == 0)
        return rta_refresh(ctx, m, planned, false, 0);
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "AssociationId", id);
    aws_params_add(p, "RouteTableId", rtb);
    aws_xml_node *out;
    aws_error err;
    const char *new_id;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", "ReplaceRouteTableAssociation", p,
                       &out, &err) == 0) {
        new_id = aws_xml_text(out, "newAssociationId");
    } else if (aws_error_is(&err, "InvalidAssociationID.NotFound")) {
        /* The association went away behind our back: make a new one. */
        new_id = rta_associate(ctx, m, planned, timeout);
        if (!new_id)
            return NULL;
    } else {
        aws_diag(ctx, &err, "updating Route Table Association (%s)", id);
        return NULL;
    }
    if (!new_id || !*new_id) {
        aws_error_set(&err, AWS_ERR_RESPONSE, "", "ReplaceRouteTableAssociation returned no id");
        aws_diag(ctx, &err, "updating Route Table Association (%s)", id);
        return NULL;
    }
    const tf_value *state = tf_object_with(ctx->arena, planned, "id",
                                           tf_string(ctx->arena, new_id));
    return rta_refresh(ctx, m, state, true, timeout);
}

static void rta_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    double timeout = aws_timeout(prior, "delete", RTA_DELETE_DEFAULT);
    const char *id = tf_get_str(prior, "id", "");
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "AssociationId", id);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", "DisassociateRouteTable", p,
                       &out, &err) != 0) {
        if (!aws_error_is(&err, "InvalidAssociationID.NotFound"))
            aws_diag(ctx, &err, "deleting Route Table Association (%s)", id);
        return;
    }
    if (rta_wait(ctx, m, id, false, timeout, &err) != 0)
        aws_diag(ctx, &err, "waiting for Route Table Association (%s) delete", id);
}

/* "subnet-xxx/rtb-xxx" or "igw-xxx/rtb-xxx": the association between the
 * two, looked up on the route table. */
static const tf_value *rta_import(tf_ctx *ctx, const char *import_id)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    const char *slash = strchr(import_id, '/');
    if (!slash || slash == import_id || !slash[1] || strchr(slash + 1, '/')) {
        tf_diag_error(ctx->diags, NULL, "Unexpected format of ID",
                      "Unexpected format for import: %s. Use 'subnet ID/route table ID' or "
                      "'gateway ID/route table ID'", import_id);
        return NULL;
    }
    const char *target = tf_arena_strndup(ctx->arena, import_id, (size_t)(slash - import_id));
    const char *rtb = slash + 1;
    const aws_xml_node *table;
    aws_error err;
    int rc = ec2_find_route_table(m->client, ctx->arena, ctx->stop, rtb, &table, &err);
    if (rc < 0) {
        aws_diag(ctx, &err, "reading Route Table (%s)", rtb);
        return NULL;
    }
    if (rc == EC2_FOUND) {
        for (const aws_xml_node *s = aws_xml_first(table, "associationSet/item"); s;
             s = aws_xml_next(s)) {
            const char *subnet = aws_xml_text(s, "subnetId");
            const char *gateway = aws_xml_text(s, "gatewayId");
            bool by_subnet = subnet && strcmp(subnet, target) == 0;
            if (!by_subnet && !(gateway && strcmp(gateway, target) == 0))
                continue;
            tf_objb b;
            tf_objb_init(&b, ctx->arena, aws_schema_resource_aws_route_table_association.ctype, NULL);
            tf_objb_str(&b, "id", aws_xml_text(s, "routeTableAssociationId"));
            tf_objb_str(&b, "route_table_id", rtb);
            tf_objb_str(&b, by_subnet ? "subnet_id" : "gateway_id", target);
            return tf_objb_done(&b);
        }
    }
    tf_diag_error(ctx->diags, NULL, "Cannot import non-existent remote object",
                  "No association found between route table ID %s and target ID %s", rtb, target);
    return NULL;
}

/* ---- definition ---- */

const tf_resource_def aws_ec2_route_table_association_def = {
    .type_name = "aws_route_table_association",
    .version = 0,
    .schema = &aws_schema_resource_aws_route_table_association,
    .create = rta_create,
    .read = rta_read,
    .update = rta_update,
    .delete = rta_delete,
    .import = rta_import,
};

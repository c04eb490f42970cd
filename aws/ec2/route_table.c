/* route_table.c - aws_route_table: a VPC route table and its routes.
 *
 * `route` is an attribute of type set(object), not a block, so the checks on
 * the fields of each route are done by route_table_validate rather than by
 * the table.  It is Optional+Computed: left out of config it keeps what AWS
 * has, `route = []` removes every route.  Routes are identified by their
 * destination, as hashicorp/aws does: on update a destination with a new
 * target is replaced in place (ReplaceRoute), never deleted and re-added.
 * Unset route fields are "" in state.  The schema is generated from
 * aws/schema/aws.schema.
 *
 * aws_default_route_table is the same table type adopted: the VPC's main
 * table, whose routes (but the local one) and propagations are replaced by
 * the configured ones on create and which destroy leaves in place.  Its
 * route elements lack the carrier and local gateway targets, so the route
 * functions take the element type of the resource at hand. */

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "ec2_find.h"
#include "ec2_route.h"
#include "ec2_retry.h"
#include "ec2_tags.h"
#include "provider_meta.h"
#include "resources.h"
#include "tags.h"
#include "value_build.h"

/* ---- validation ---- */

static const tf_validator route_ipv4_cidr[] = {TF_V_IPV4_CIDR(0, 32), TF_V_END};
static const tf_validator route_ipv6_cidr[] = {TF_V_IPV6_CIDR, TF_V_END};
static const tf_validator route_arn[] = {TF_V_ARN, TF_V_END};

/* Runs validators on one field of a route.  Empty strings mean "not set"
 * (that is how unused route fields are stored), so only real values are
 * checked. */
static void route_check(tf_ctx *ctx, const tf_path *at, const tf_value *route, const char *field,
                        const tf_validator *validators)
{
    const tf_value *v = tf_get(route, field);
    if (tf_is_known(v) && v->u.str.len > 0)
        tf_validate_run(ctx->arena, ctx->diags, at, field, validators, v);
}

/* Checks the fields of each configured route.  Set elements have no path
 * step of their own, so diagnostics point at the route attribute. */
static void route_table_validate(tf_ctx *ctx, const tf_value *config)
{
    const tf_value *routes = tf_get(config, "route");
    if (!tf_is_known(routes))
        return;
    const tf_path *at = tf_path_attr(ctx->arena, tf_path_root(ctx->arena), "route");
    for (size_t i = 0; i < routes->u.coll.n; i++) {
        const tf_value *r = routes->u.coll.items[i];
        if (!tf_is_known(r))
            continue;
        route_check(ctx, at, r, "cidr_block", route_ipv4_cidr);
        route_check(ctx, at, r, "ipv6_cidr_block", route_ipv6_cidr);
        route_check(ctx, at, r, "core_network_arn", route_arn);
    }
}

/* ---- routes ---- */

/* Default timeouts of hashicorp/aws for this type. */
#define RTB_CREATE_DEFAULT (5 * 60.0)
#define RTB_UPDATE_DEFAULT (2 * 60.0)
#define RTB_DELETE_DEFAULT (5 * 60.0)

/* How each field of a `route` element maps to EC2: ec2_route.h, shared with
 * aws_route. */
typedef ec2_route_field route_field;
#define route_fields ec2_route_fields
#define N_ROUTE_FIELDS ec2_n_route_fields
#define route_dest_same ec2_route_dest_same
#define route_item ec2_route_item
#define route_item_has_target ec2_route_item_has_target

/* A route field's value; unset fields are stored as "" (or null in
 * config), both meaning "not set". */
static const char *route_str(const tf_value *route, const char *attr)
{
    const tf_value *v = tf_get(route, attr);
    return tf_is_known(v) ? v->u.str.ptr : "";
}

/* The destination (dest true) or target field set in route, or NULL. */
static const route_field *route_pick(const tf_value *route, bool dest)
{
    for (size_t i = 0; i < N_ROUTE_FIELDS; i++)
        if (route_fields[i].destination == dest && *route_str(route, route_fields[i].attr))
            return &route_fields[i];
    return NULL;
}

static const char *route_destination(const tf_value *route)
{
    const route_field *f = route_pick(route, true);
    return f ? route_str(route, f->attr) : "";
}

static const char *route_target(const tf_value *route)
{
    const route_field *f = route_pick(route, false);
    return f ? route_str(route, f->attr) : "";
}

/* Each route needs exactly one destination and one target; hashicorp/aws
 * checks this when it applies, so do we. */
static int route_check_shape(tf_ctx *ctx, const tf_value *route, const char *what)
{
    size_t n_dest = 0, n_target = 0;
    for (size_t i = 0; i < N_ROUTE_FIELDS; i++) {
        if (!*route_str(route, route_fields[i].attr))
            continue;
        if (route_fields[i].destination)
            n_dest++;
        else
            n_target++;
    }
    if (n_dest == 1 && n_target == 1)
        return 0;
    tf_diag_error(ctx->diags, tf_path_attr(ctx->arena, tf_path_root(ctx->arena), "route"),
                  tf_arena_printf(ctx->arena, "%s route: invalid route", what),
                  "%s", n_dest != 1
                            ? "exactly one of `cidr_block`, `ipv6_cidr_block`, "
                              "`destination_prefix_list_id` must be specified"
                            : "exactly one of `carrier_gateway_id`, `core_network_arn`, "
                              "`egress_only_gateway_id`, `gateway_id`, `local_gateway_id`, "
                              "`nat_gateway_id`, `network_interface_id`, "
                              "`transit_gateway_id`, `vpc_endpoint_id`, "
                              "`vpc_peering_connection_id` must be specified");
    return -1;
}

static const tf_value *route_from_xml(tf_arena *a, const tf_type *t, const aws_xml_node *r)
{
    const tf_value **items = tf_arena_calloc(a, t->n, sizeof *items);
    for (size_t i = 0; i < t->n; i++)
        items[i] = tf_string(a, "");
    for (size_t i = 0; i < N_ROUTE_FIELDS; i++) {
        const char *v = route_fields[i].xml ? aws_xml_text(r, route_fields[i].xml) : NULL;
        if (!v)
            continue;
        const char *attr = route_fields[i].attr;
        /* EC2 reports gateway endpoints as gateways. */
        if (strcmp(attr, "gateway_id") == 0 && strncmp(v, "vpce-", 5) == 0)
            attr = "vpc_endpoint_id";
        int at = tf_type_attr_index(t, attr);
        if (at >= 0)
            items[at] = tf_string(a, v);
    }
    return tf_object(a, t, items);
}

/* Whether the state's routes include the implicit local route to dest:
 * local routes are only shown when the configuration adopted them. */
static bool route_local_adopted(const tf_value *routes, const char *dest)
{
    for (size_t i = 0; tf_is_known(routes) && i < routes->u.coll.n; i++) {
        const tf_value *r = routes->u.coll.items[i];
        if (strcmp(route_str(r, "gateway_id"), "local") == 0 &&
            route_dest_same(route_destination(r), dest))
            return true;
    }
    return false;
}

static const tf_value *route_with_destination(const tf_value *routes, const char *dest)
{
    for (size_t i = 0; tf_is_known(routes) && i < routes->u.coll.n; i++)
        if (route_dest_same(route_destination(routes->u.coll.items[i]), dest))
            return routes->u.coll.items[i];
    return NULL;
}

/* Whether two routes are the same but perhaps for the spelling of their
 * destination; unset fields ("" or null) are alike. */
static bool route_same(const tf_value *x, const tf_value *y)
{
    for (size_t i = 0; i < N_ROUTE_FIELDS; i++) {
        const char *a = route_str(x, route_fields[i].attr), *b = route_str(y, route_fields[i].attr);
        if (route_fields[i].destination ? !route_dest_same(a, b) : strcmp(a, b) != 0)
            return false;
    }
    return true;
}

/* A route read from EC2 in the form the configuration wrote it: when the
 * planned routes hold the same destination spelled differently (an IPv6
 * block in upper case, say) and the same target, their text is kept, as
 * hashicorp/aws keeps it after create and update. */
static const tf_value *route_as_planned(tf_arena *a, const tf_value *route,
                                        const tf_value *planned)
{
    const route_field *d = route_pick(route, true);
    const tf_value *p = d ? route_with_destination(planned, route_str(route, d->attr)) : NULL;
    if (!p || !tf_is_known(tf_get(p, d->attr)) ||
        strcmp(route_str(p, d->attr), route_str(route, d->attr)) == 0 || !route_same(route, p))
        return route;
    return tf_object_with(a, route, d->attr, tf_string(a, route_str(p, d->attr)));
}

/* Routes through an AWS service's interface in another account (e.g. a
 * managed endpoint) are not the user's to manage. */
static bool route_foreign_eni(tf_ctx *ctx, const aws_meta *m, const char *eni)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "NetworkInterfaceId.1", eni);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", "DescribeNetworkInterfaces", p,
                       &out, &err) != 0)
        return false;
    const aws_xml_node *n = aws_xml_first(out, "networkInterfaceSet/item");
    const char *owner = n ? aws_xml_text(n, "ownerId") : NULL;
    const char *inst_owner = n ? aws_xml_text(n, "attachment/instanceOwnerId") : NULL;
    return owner && *owner && inst_owner && strcmp(owner, inst_owner) != 0;
}

/* Routes the table holds that no `route` element manages: the local route
 * (unless adopted, see route_local_adopted), propagated and VPC Lattice
 * routes, gateway endpoint prefix list routes. */
static bool route_item_unmanaged(const aws_xml_node *r)
{
    const char *gw = aws_xml_text(r, "gatewayId");
    const char *origin = aws_xml_text(r, "origin");
    return (gw && (strcmp(gw, "VpcLattice") == 0 || strcmp(gw, "local") == 0)) ||
           (origin && strcmp(origin, "EnableVgwRoutePropagation") == 0) ||
           (aws_xml_text(r, "destinationPrefixListId") && gw && strncmp(gw, "vpce-", 5) == 0);
}

/* The table's routes as the `route` set, leaving out what hashicorp/aws
 * leaves out: propagated and VPC Lattice routes, gateway endpoint prefix
 * list routes, other accounts' interfaces, unadopted local routes.  After
 * create and update (as_planned) destinations keep their planned text. */
static const tf_value *routes_from_xml(tf_ctx *ctx, const aws_meta *m, const aws_xml_node *table,
                                       const tf_value *prior_routes, bool as_planned)
{
    tf_arena *a = ctx->arena;
    const tf_type *rt = prior_routes->type->elem;
    size_t cap = 0, n = 0;
    for (const aws_xml_node *r = aws_xml_first(table, "routeSet/item"); r; r = aws_xml_next(r))
        cap++;
    const tf_value **items = tf_arena_calloc(a, cap + 1, sizeof *items);
    for (const aws_xml_node *r = aws_xml_first(table, "routeSet/item"); r; r = aws_xml_next(r)) {
        const char *gw = aws_xml_text(r, "gatewayId");
        const char *eni = aws_xml_text(r, "networkInterfaceId");
        const tf_value *route = route_from_xml(a, rt, r);
        bool local = gw && strcmp(gw, "local") == 0;
        if (local ? !route_local_adopted(prior_routes, route_destination(route))
                  : route_item_unmanaged(r))
            continue;
        if (eni && *eni && route_foreign_eni(ctx, m, eni))
            continue;
        items[n++] = as_planned ? route_as_planned(a, route, prior_routes) : route;
    }
    return tf_set(a, rt, n, items);
}

/* ---- finding and waiting ---- */

typedef struct rtb_waiter {
    tf_ctx *ctx;
    const aws_meta *m;
    const char *id;
    const char *dest;             /* route waiters: the destination */
    bool want;                    /* wait for presence (true) or absence */
    const char *target;           /* route waiters: the expected target, or NULL */
    const aws_xml_node *found;
} rtb_waiter;

static aws_wait_status rtb_table_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    rtb_waiter *w = ud;
    int rc = ec2_find_route_table(w->m->client, w->ctx->arena, w->ctx->stop, w->id, &w->found,
                                  err);
    if (rc < 0)
        return AWS_WAIT_FAIL;
    snprintf(state, state_len, "%s", rc == EC2_FOUND ? "found" : "not found");
    return (rc == EC2_FOUND) == w->want ? AWS_WAIT_DONE : AWS_WAIT_CONTINUE;
}

static aws_wait_status rtb_route_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    rtb_waiter *w = ud;
    const aws_xml_node *table;
    int rc = ec2_find_route_table(w->m->client, w->ctx->arena, w->ctx->stop, w->id, &table, err);
    if (rc < 0)
        return AWS_WAIT_FAIL;
    const aws_xml_node *r = rc == EC2_FOUND ? route_item(table, w->dest) : NULL;
    bool present = r && (!w->target || route_item_has_target(r, w->target));
    snprintf(state, state_len, "%s", present ? "present" : "absent");
    return present == w->want ? AWS_WAIT_DONE : AWS_WAIT_CONTINUE;
}

static int rtb_wait_route(tf_ctx *ctx, const aws_meta *m, const char *id, const tf_value *route,
                          bool want, double timeout, aws_error *err)
{
    const char *target = want ? route_target(route) : NULL;
    rtb_waiter w = {.ctx = ctx, .m = m, .id = id, .dest = route_destination(route),
                    .want = want, .target = target};
    return aws_wait(ctx->stop, timeout, rtb_route_poll, &w, err);
}

/* ---- route changes ---- */

static aws_params *route_params(tf_arena *a, const char *id, const tf_value *route,
                                bool with_target)
{
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "RouteTableId", id);
    const route_field *d = route_pick(route, true);
    if (d)
        aws_params_add(p, d->param, route_str(route, d->attr));
    const route_field *t = with_target ? route_pick(route, false) : NULL;
    if (t && strcmp(t->attr, "gateway_id") == 0 && strcmp(route_str(route, t->attr), "local") == 0)
        aws_params_add(p, "LocalTarget", "true");
    else if (t)
        aws_params_add(p, t->param, route_str(route, t->attr));
    return p;
}

/* aws_create_lookup_fn for CreateRoute: the route is there when the table
 * has one to the destination with the route's target. */
static int route_lookup(void *ud, tf_arena *a, const char ***ids, size_t *n, aws_error *err)
{
    rtb_waiter *w = ud;
    const aws_xml_node *table;
    int rc = ec2_find_route_table(w->m->client, a, w->ctx->stop, w->id, &table, err);
    if (rc < 0)
        return -1;
    const aws_xml_node *r = rc == EC2_FOUND ? route_item(table, w->dest) : NULL;
    *n = r && (!w->target || route_item_has_target(r, w->target)) ? 1 : 0;
    static const char *const present[] = {""};
    *ids = (const char **)present;
    return 0;
}

static int route_add(tf_ctx *ctx, const aws_meta *m, const char *id, const tf_value *route,
                     double timeout)
{
    if (route_check_shape(ctx, route, "creating") != 0)
        return -1;
    const char *dest = route_destination(route);
    aws_error err;
    /* The local route exists with the table: adopting it creates nothing. */
    if (strcmp(route_str(route, "gateway_id"), "local") == 0) {
        if (rtb_wait_route(ctx, m, id, route, true, timeout < 15 ? timeout : 15, &err) != 0) {
            aws_diag(ctx, &err, "adopting local route in Route Table (%s) with destination (%s)",
                     id, dest);
            return -1;
        }
        return 0;
    }
    aws_params *p = route_params(ctx->arena, id, route, true);
    aws_xml_node *out;
    static const char *const retry[] = {"InvalidParameterException",
                                        "InvalidTransitGatewayID.NotFound", NULL};
    rtb_waiter w = {.ctx = ctx, .m = m, .id = id, .dest = dest, .want = true,
                    .target = route_target(route)};
    aws_create_once once = {.service = "ec2", .operation = "CreateRoute", .lookup = route_lookup,
                            .ud = &w, .retry_codes = retry, .retry_timeout_s = timeout};
    const char *adopted;
    if (aws_create_once_query(m->client, ctx->arena, ctx->stop, &once, p, &out, &adopted,
                              &err) != 0) {
        aws_diag(ctx, &err, "creating Route in Route Table (%s) with destination (%s)", id, dest);
        return -1;
    }
    if (rtb_wait_route(ctx, m, id, route, true, timeout, &err) != 0) {
        aws_diag(ctx, &err, "waiting for Route in Route Table (%s) with destination (%s) create",
                 id, dest);
        return -1;
    }
    return 0;
}

static int route_replace(tf_ctx *ctx, const aws_meta *m, const char *id, const tf_value *route,
                         double timeout)
{
    if (route_check_shape(ctx, route, "updating") != 0)
        return -1;
    const char *dest = route_destination(route);
    aws_params *p = route_params(ctx->arena, id, route, true);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", "ReplaceRoute", p, &out,
                       &err) != 0) {
        aws_diag(ctx, &err, "updating Route in Route Table (%s) with destination (%s)", id, dest);
        return -1;
    }
    if (rtb_wait_route(ctx, m, id, route, true, timeout, &err) != 0) {
        aws_diag(ctx, &err, "waiting for Route in Route Table (%s) with destination (%s) update",
                 id, dest);
        return -1;
    }
    return 0;
}

static int route_delete(tf_ctx *ctx, const aws_meta *m, const char *id, const tf_value *route,
                        double timeout)
{
    const char *dest = route_destination(route);
    aws_params *p = route_params(ctx->arena, id, route, false);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", "DeleteRoute", p, &out,
                       &err) != 0) {
        if (aws_error_is(&err, "InvalidRoute.NotFound"))
            return 0;
        aws_diag(ctx, &err, "deleting Route in Route Table (%s) with destination (%s)", id, dest);
        return -1;
    }
    if (rtb_wait_route(ctx, m, id, route, false, timeout, &err) != 0) {
        aws_diag(ctx, &err, "waiting for Route in Route Table (%s) with destination (%s) delete",
                 id, dest);
        return -1;
    }
    return 0;
}

/* Routes are matched by destination, as hashicorp/aws does: a known
 * destination with another target is replaced in place, a new one created,
 * and one no longer configured deleted. */
static int routes_update(tf_ctx *ctx, const aws_meta *m, const char *id, const tf_value *old,
                         const tf_value *new, double timeout)
{
    for (size_t i = 0; tf_is_known(new) && i < new->u.coll.n; i++) {
        const tf_value *r = new->u.coll.items[i];
        const tf_value *o = route_with_destination(old, route_destination(r));
        int rc = 0;
        if (!o)
            rc = route_add(ctx, m, id, r, timeout);
        else if (strcmp(route_target(o), route_target(r)) != 0)
            rc = route_replace(ctx, m, id, r, timeout);
        if (rc != 0)
            return -1;
    }
    for (size_t i = 0; tf_is_known(old) && i < old->u.coll.n; i++) {
        const tf_value *o = old->u.coll.items[i];
        if (!route_with_destination(new, route_destination(o)) &&
            route_delete(ctx, m, id, o, timeout) != 0)
            return -1;
    }
    return 0;
}

/* ---- virtual private gateway propagation ---- */

static int vgw_propagation(tf_ctx *ctx, const aws_meta *m, const char *id, const char *vgw,
                           bool enable, double timeout)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "RouteTableId", id);
    aws_params_add(p, "GatewayId", vgw);
    aws_xml_node *out;
    aws_error err;
    static const char *const retry[] = {"Gateway.NotAttached", NULL};
    int rc = enable ? ec2_call_retry(m->client, ctx->arena, ctx->stop,
                                     "EnableVgwRoutePropagation", p, &out, timeout, retry, &err)
                    : aws_query_call(m->client, ctx->arena, ctx->stop, "ec2",
                                     "DisableVgwRoutePropagation", p, &out, &err);
    if (rc != 0)
        aws_diag(ctx, &err, "%s Route Table (%s) VPN Gateway (%s) route propagation",
                 enable ? "enabling" : "disabling", id, vgw);
    return rc;
}

static bool set_has(const tf_value *set, const tf_value *v)
{
    for (size_t i = 0; tf_is_known(set) && i < set->u.coll.n; i++)
        if (tf_value_equal(set->u.coll.items[i], v))
            return true;
    return false;
}

static int vgws_update(tf_ctx *ctx, const aws_meta *m, const char *id, const tf_value *old,
                       const tf_value *new, double timeout)
{
    for (size_t i = 0; tf_is_known(old) && i < old->u.coll.n; i++)
        if (!set_has(new, old->u.coll.items[i]) &&
            vgw_propagation(ctx, m, id, old->u.coll.items[i]->u.str.ptr, false, timeout) != 0)
            return -1;
    for (size_t i = 0; tf_is_known(new) && i < new->u.coll.n; i++)
        if (!set_has(old, new->u.coll.items[i]) &&
            vgw_propagation(ctx, m, id, new->u.coll.items[i]->u.str.ptr, true, timeout) != 0)
            return -1;
    return 0;
}

/* ---- state ---- */

static const tf_value *rtb_state(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                 const aws_xml_node *t, bool as_planned)
{
    tf_arena *a = ctx->arena;
    const char *id = aws_xml_text(t, "routeTableId");
    const char *owner = aws_xml_text(t, "ownerId");
    if (!owner)
        owner = "";
    tf_objb b;
    tf_objb_init(&b, a, base->type, base);
    tf_objb_str(&b, "id", id);
    if (tf_type_attr_index(base->type, "default_route_table_id") >= 0)
        tf_objb_str(&b, "default_route_table_id", id);
    tf_objb_str(&b, "owner_id", owner);
    tf_objb_str(&b, "arn", tf_arena_printf(a, "arn:%s:ec2:%s:%s:route-table/%s", m->partition,
                                           m->region, owner, id));
    tf_objb_str(&b, "vpc_id", aws_xml_text(t, "vpcId"));
    size_t nv = 0;
    for (const aws_xml_node *v = aws_xml_first(t, "propagatingVgwSet/item"); v; v = aws_xml_next(v))
        nv++;
    const char **vgws = tf_arena_calloc(a, nv + 1, sizeof *vgws);
    nv = 0;
    for (const aws_xml_node *v = aws_xml_first(t, "propagatingVgwSet/item"); v; v = aws_xml_next(v))
        vgws[nv++] = aws_xml_text(v, "gatewayId");
    tf_objb_set(&b, "propagating_vgws", tf_string_set(a, vgws, nv));
    tf_objb_set(&b, "route", routes_from_xml(ctx, m, t, tf_get(base, "route"), as_planned));
    size_t n;
    aws_kv *remote = ec2_tags_from_xml(a, t, &n);
    /* Amazon FSx tags the tables it routes through; that is not the
     * user's tag. */
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(remote[i].key, "AmazonFSx") != 0)
            remote[k++] = remote[i];
    aws_tags_set_state(&b, m, remote, k, tf_get(base, "tags"));
    return tf_objb_done(&b);
}

static const tf_value *rtb_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                   bool is_new, double timeout)
{
    const char *id = tf_get_str(base, "id", "");
    aws_error err;
    const aws_xml_node *t = NULL;
    if (is_new) {
        rtb_waiter w = {.ctx = ctx, .m = m, .id = id, .want = true};
        if (aws_wait(ctx->stop, timeout, rtb_table_poll, &w, &err) != 0) {
            aws_diag(ctx, &err, "reading Route Table (%s)", id);
            return base;
        }
        t = w.found;
    } else {
        int rc = ec2_find_route_table(m->client, ctx->arena, ctx->stop, id, &t, &err);
        if (rc == EC2_NOT_FOUND)
            return tf_null(ctx->arena, base->type);
        if (rc < 0) {
            aws_diag(ctx, &err, "reading Route Table (%s)", id);
            return NULL;
        }
    }
    return rtb_state(ctx, m, base, t, is_new);
}

/* ---- callbacks ---- */

/* Whether the planned routes are the prior ones but for the spelling of
 * some destinations (see route_dest_same). */
static bool routes_equivalent(const tf_value *planned, const tf_value *prior)
{
    if (!tf_is_known(planned) || !tf_is_known(prior) || tf_contains_unknown(planned) ||
        planned->u.coll.n != prior->u.coll.n)
        return false;
    for (size_t i = 0; i < planned->u.coll.n; i++) {
        const tf_value *c = planned->u.coll.items[i];
        const tf_value *p = route_with_destination(prior, route_destination(c));
        if (!p || !route_same(c, p))
            return false;
    }
    return true;
}

static void rtb_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    /* Routes that differ from the state only in how a destination is
     * written plan no change: the prior value stands, as with hashicorp's
     * set hash, which compares IPv6 blocks in canonical form. */
    const tf_value *prior_routes = tf_get(req->prior, "route");
    const tf_value *planned_routes = tf_get(req->planned, "route");
    if (tf_is_known(req->planned) && tf_is_known(planned_routes) &&
        !tf_value_equal(planned_routes, prior_routes) &&
        routes_equivalent(planned_routes, prior_routes))
        req->planned = tf_object_with(ctx->arena, req->planned, "route", prior_routes);
    aws_tags_plan(ctx, req);
}

/* A table's configured propagations and routes, made on create. */
static int rtb_add_configured(tf_ctx *ctx, const aws_meta *m, const char *id,
                              const tf_value *planned, double timeout)
{
    const tf_value *vgws = tf_get(planned, "propagating_vgws");
    for (size_t i = 0; tf_is_known(vgws) && i < vgws->u.coll.n; i++)
        if (vgw_propagation(ctx, m, id, vgws->u.coll.items[i]->u.str.ptr, true, timeout) != 0)
            return -1;
    const tf_value *routes = tf_get(planned, "route");
    for (size_t i = 0; tf_is_known(routes) && i < routes->u.coll.n; i++)
        if (route_add(ctx, m, id, routes->u.coll.items[i], timeout) != 0)
            return -1;
    return 0;
}

static const tf_value *rtb_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    double timeout = aws_timeout(planned, "create", RTB_CREATE_DEFAULT);
    size_t n;
    aws_kv *tags = aws_tags_from_map(ctx->arena, tf_get(planned, "tags_all"), &n);
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "VpcId", tf_get_str(planned, "vpc_id", ""));
    ec2_tag_specs(p, 1, "route-table", tags, n);
    /* One ClientToken for the whole create, carried by every retry. */
    aws_create_once once = {.service = "ec2", .operation = "CreateRouteTable"};
    aws_xml_node *out;
    const char *adopted;
    aws_error err;
    if (aws_create_once_query(m->client, ctx->arena, ctx->stop, &once, p, &out, &adopted,
                              &err) != 0) {
        aws_diag(ctx, &err, "creating Route Table");
        return NULL;
    }
    const char *id = aws_xml_text(out, "routeTable/routeTableId");
    if (!id || !*id) {
        aws_error_set(&err, AWS_ERR_RESPONSE, "", "CreateRouteTable returned no id");
        aws_diag(ctx, &err, "creating Route Table");
        return NULL;
    }
    /* From here on the table exists: every return carries its id. */
    const tf_value *state = tf_object_with(ctx->arena, planned, "id", tf_string(ctx->arena, id));
    rtb_waiter w = {.ctx = ctx, .m = m, .id = id, .want = true};
    if (aws_wait(ctx->stop, timeout, rtb_table_poll, &w, &err) != 0) {
        aws_diag(ctx, &err, "waiting for Route Table (%s) create", id);
        return state;
    }
    rtb_add_configured(ctx, m, id, planned, timeout);
    return rtb_refresh(ctx, m, state, true, timeout);
}

static const tf_value *rtb_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    return rtb_refresh(ctx, m, state, false, 0);
}

static const tf_value *rtb_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    double timeout = aws_timeout(planned, "update", RTB_UPDATE_DEFAULT);
    /* Propagation is enabled with the create timeout, as hashicorp/aws
     * does. */
    double create_timeout = aws_timeout(planned, "create", RTB_CREATE_DEFAULT);
    const char *id = tf_get_str(prior, "id", "");
    if (vgws_update(ctx, m, id, tf_get(prior, "propagating_vgws"),
                    tf_get(planned, "propagating_vgws"), create_timeout) != 0 ||
        routes_update(ctx, m, id, tf_get(prior, "route"), tf_get(planned, "route"),
                      timeout) != 0)
        return rtb_refresh(ctx, m, planned, true, timeout);
    const tf_value *old_all = tf_get(prior, "tags_all"), *new_all = tf_get(planned, "tags_all");
    if (!tf_value_equal(old_all, new_all)) {
        aws_error err;
        if (ec2_update_tags(m->client, ctx->arena, ctx->stop, id, old_all, new_all, &err) != 0)
            aws_diag(ctx, &err, "updating Route Table (%s) tags", id);
    }
    return rtb_refresh(ctx, m, planned, true, timeout);
}

static void rtb_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    double timeout = aws_timeout(prior, "delete", RTB_DELETE_DEFAULT);
    const char *id = tf_get_str(prior, "id", "");
    const aws_xml_node *t;
    aws_error err;
    int rc = ec2_find_route_table(m->client, ctx->arena, ctx->stop, id, &t, &err);
    if (rc == EC2_NOT_FOUND)
        return;
    if (rc < 0) {
        aws_diag(ctx, &err, "reading Route Table (%s)", id);
        return;
    }
    aws_xml_node *out;
    for (const aws_xml_node *s = aws_xml_first(t, "associationSet/item"); s; s = aws_xml_next(s)) {
        const char *assoc = aws_xml_text(s, "routeTableAssociationId");
        if (!assoc)
            continue;
        aws_params *p = aws_params_new(ctx->arena);
        aws_params_add(p, "AssociationId", assoc);
        if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", "DisassociateRouteTable", p,
                           &out, &err) != 0 &&
            !aws_error_is(&err, "InvalidAssociationID.NotFound")) {
            aws_diag(ctx, &err, "deleting Route Table (%s): disassociating (%s)", id, assoc);
            return;
        }
    }
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "RouteTableId", id);
    static const char *const retry[] = {"DependencyViolation", NULL};
    if (ec2_call_retry(m->client, ctx->arena, ctx->stop, "DeleteRouteTable", p, &out, timeout,
                       retry, &err) != 0) {
        if (!aws_error_is(&err, "InvalidRouteTableID.NotFound"))
            aws_diag(ctx, &err, "deleting Route Table (%s)", id);
        return;
    }
    rtb_waiter w = {.ctx = ctx, .m = m, .id = id, .want = false};
    if (aws_wait(ctx->stop, timeout, rtb_table_poll, &w, &err) != 0)
        aws_diag(ctx, &err, "waiting for Route Table (%s) delete", id);
}

/* ---- aws_default_route_table ---- */

/* The default table's own timeouts (it has no delete). */
#define DRTB_TIMEOUT (2 * 60.0)

/* resourceDefaultRouteTableCreate: the main table emptied of what it had
 * (but its local route, propagated and gateway endpoint routes) and given
 * the configured propagations, routes and tags. */
static const tf_value *drtb_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    double timeout = aws_timeout(planned, "create", DRTB_TIMEOUT);
    const char *id = tf_get_str(planned, "default_route_table_id", "");
    const aws_xml_node *t;
    aws_error err;
    int rc = ec2_find_route_table(m->client, a, ctx->stop, id, &t, &err);
    if (rc == EC2_NOT_FOUND)
        aws_error_set(&err, AWS_ERR_RESPONSE, "NotFound",
                      "couldn't find resource (EC2 Route Table %s)", id);
    if (rc != EC2_FOUND) {
        aws_diag(ctx, &err, "reading EC2 Default Route Table (%s)", id);
        return NULL;
    }
    const tf_value *state = tf_object_with(a, planned, "id", tf_string(a, id));
    for (const aws_xml_node *v = aws_xml_first(t, "propagatingVgwSet/item"); v; v = aws_xml_next(v))
        if (vgw_propagation(ctx, m, id, aws_xml_text(v, "gatewayId"), false, timeout) != 0)
            return rtb_refresh(ctx, m, state, true, timeout);
    const tf_type *rt = tf_get(planned, "route")->type->elem;
    for (const aws_xml_node *r = aws_xml_first(t, "routeSet/item"); r; r = aws_xml_next(r))
        if (!route_item_unmanaged(r) &&
            route_delete(ctx, m, id, route_from_xml(a, rt, r), timeout) != 0)
            return rtb_refresh(ctx, m, state, true, timeout);
    if (rtb_add_configured(ctx, m, id, planned, timeout) != 0)
        return rtb_refresh(ctx, m, state, true, timeout);
    const tf_value *all = tf_get(planned, "tags_all");
    if (tf_is_known(all) && all->u.coll.n > 0 &&
        ec2_update_tags(m->client, a, ctx->stop, id, NULL, all, &err) != 0)
        aws_diag(ctx, &err, "adding tags to EC2 Default Route Table (%s)", id);
    return rtb_refresh(ctx, m, state, true, timeout);
}

/* The table stays in the VPC. */
static void drtb_delete(tf_ctx *ctx, const tf_value *prior)
{
    (void)ctx;
    (void)prior;
}

/* Imported by VPC id: the VPC's main table. */
static const tf_value *drtb_import(tf_ctx *ctx, const char *vpc_id)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "Filter.1.Name", "association.main");
    aws_params_add(p, "Filter.1.Value.1", "true");
    aws_params_add(p, "Filter.2.Name", "vpc-id");
    aws_params_add(p, "Filter.2.Value.1", vpc_id);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", "DescribeRouteTables", p, &out,
                       &err) != 0) {
        aws_diag(ctx, &err, "importing EC2 Default Route Table (%s)", vpc_id);
        return NULL;
    }
    const aws_xml_node *t = aws_xml_first(out, "routeTableSet/item");
    const char *id = t ? aws_xml_text(t, "routeTableId") : NULL;
    if (!id) {
        aws_error_set(&err, AWS_ERR_RESPONSE, "NotFound", "empty result");
        aws_diag(ctx, &err, "importing EC2 Default Route Table (%s)", vpc_id);
        return NULL;
    }
    tf_objb b;
    tf_objb_init(&b, ctx->arena, aws_schema_resource_aws_default_route_table.ctype, NULL);
    tf_objb_str(&b, "id", id);
    return tf_objb_done(&b);
}

const tf_resource_def aws_ec2_default_route_table_def = {
    .type_name = "aws_default_route_table",
    .version = 0,
    .schema = &aws_schema_resource_aws_default_route_table,
    .validate = route_table_validate,
    .modify_plan = rtb_modify_plan,
    .create = drtb_create,
    .read = rtb_read,
    .update = rtb_update,
    .delete = drtb_delete,
    .import = drtb_import,
};

/* ---- definition ---- */

const tf_resource_def aws_ec2_route_table_def = {
    .type_name = "aws_route_table",
    .version = 0,
    .schema = &aws_schema_resource_aws_route_table,
    .validate = route_table_validate,
    .modify_plan = rtb_modify_plan,
    .create = rtb_create,
    .read = rtb_read,
    .update = rtb_update,
    .delete = rtb_delete,
};

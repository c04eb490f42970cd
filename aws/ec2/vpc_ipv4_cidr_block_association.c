/* vpc_ipv4_cidr_block_association.c - aws_vpc_ipv4_cidr_block_association:
 * a secondary IPv4 block of a VPC, given or allocated from an IPAM pool.
 *
 * Id = the association id.  Every argument replaces.  Create associates and
 * waits until the block is `associated` (a `failed` one is reported with
 * EC2's message); delete disassociates and waits until it is gone.  Reading
 * sets cidr_block and vpc_id; the IPAM arguments stay as configured, as
 * hashicorp/aws leaves them.  Import by association id. */

#include <stdio.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "ec2_find.h"
#include "ec2_object.h"
#include "provider_meta.h"
#include "resources.h"
#include "value_build.h"

#define V4A_CREATE_DEFAULT (10 * 60.0)
#define V4A_DELETE_DEFAULT (10 * 60.0)

/* The VPC holding association id and the association's item; one in state
 * `disassociated` is not found. */
static int v4a_find(aws_client *c, tf_arena *a, const volatile int *stop, const char *id,
                    const aws_xml_node **vpc, const aws_xml_node **assoc, aws_error *err)
{
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "Filter.1.Name", "cidr-block-association.association-id");
    aws_params_add(p, "Filter.1.Value.1", id);
    aws_xml_node *out;
    if (aws_query_call(c, a, stop, "ec2", "DescribeVpcs", p, &out, err) != 0)
        return aws_error_is_not_found(err) ? EC2_NOT_FOUND : -1;
    for (const aws_xml_node *v = aws_xml_first(out, "vpcSet/item"); v; v = aws_xml_next(v))
        for (const aws_xml_node *s = aws_xml_first(v, "cidrBlockAssociationSet/item"); s;
             s = aws_xml_next(s)) {
            const char *aid = aws_xml_text(s, "associationId");
            if (!aid || strcmp(aid, id) != 0)
                continue;
            const char *st = aws_xml_text(s, "cidrBlockState/state");
            if (st && strcmp(st, "disassociated") == 0)
                return EC2_NOT_FOUND;
            *vpc = v;
            *assoc = s;
            return EC2_FOUND;
        }
    return EC2_NOT_FOUND;
}

typedef struct v4a_wait {
    tf_ctx *ctx;
    const aws_meta *m;
    const char *id;
    bool deleting;
} v4a_wait;

static aws_wait_status v4a_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    v4a_wait *w = ud;
    const aws_xml_node *vpc, *assoc;
    int rc = v4a_find(w->m->client, w->ctx->arena, w->ctx->stop, w->id, &vpc, &assoc, err);
    if (rc < 0)
        return AWS_WAIT_FAIL;
    const char *st = rc == EC2_FOUND ? aws_xml_text(assoc, "cidrBlockState/state") : NULL;
    snprintf(state, state_len, "%s", st ? st : "disassociated");
    if (w->deleting)
        return st ? AWS_WAIT_CONTINUE : AWS_WAIT_DONE;
    if (st && strcmp(st, "associated") == 0)
        return AWS_WAIT_DONE;
    if (!st || strcmp(st, "associating") == 0)
        return AWS_WAIT_CONTINUE;
    const char *msg = aws_xml_text(assoc, "cidrBlockState/statusMessage");
    aws_error_set(err, AWS_ERR_API, "ResourceNotReady", "unexpected state '%s'%s%s", st,
                  msg ? ", wanted target 'associated'. last error: " : "", msg ? msg : "");
    return AWS_WAIT_FAIL;
}

static const tf_value *v4a_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base)
{
    const char *id = tf_get_str(base, "id", "");
    const aws_xml_node *vpc, *assoc;
    aws_error err;
    int rc = v4a_find(m->client, ctx->arena, ctx->stop, id, &vpc, &assoc, &err);
    if (rc == EC2_NOT_FOUND)
        return tf_null(ctx->arena, aws_schema_resource_aws_vpc_ipv4_cidr_block_association.ctype);
    if (rc < 0) {
        aws_diag(ctx, &err, "reading EC2 VPC IPv4 CIDR Block Association (%s)", id);
        return NULL;
    }
    tf_objb b;
    tf_objb_init(&b, ctx->arena, aws_schema_resource_aws_vpc_ipv4_cidr_block_association.ctype,
                 base);
    tf_objb_str(&b, "cidr_block", aws_xml_text(assoc, "cidrBlock"));
    tf_objb_str(&b, "vpc_id", aws_xml_text(vpc, "vpcId"));
    return tf_objb_done(&b);
}

/* aws_create_lookup_fn: the VPC's association of the block (a SNAPSHOT
 * lookup: only one the create's first look did not see counts). */
typedef struct v4a_lookup {
    aws_client *c;
    const volatile int *stop;
    const char *vpc, *cidr;
} v4a_lookup;

static int v4a_lookup_ids(void *ud, tf_arena *a, const char ***ids, size_t *n, aws_error *err)
{
    v4a_lookup *l = ud;
    const aws_xml_node *vpc;
    *n = 0;
    *ids = tf_arena_alloc(a, 8 * sizeof **ids);
    int rc = ec2_find_vpc(l->c, a, l->stop, l->vpc, &vpc, err);
    if (rc < 0)
        return -1;
    if (rc != EC2_FOUND || !l->cidr)
        return 0;
    for (const aws_xml_node *s = aws_xml_first(vpc, "cidrBlockAssociationSet/item"); s && *n < 8;
         s = aws_xml_next(s)) {
        const char *cidr = aws_xml_text(s, "cidrBlock");
        const char *st = aws_xml_text(s, "cidrBlockState/state");
        if (cidr && strcmp(cidr, l->cidr) == 0 && st &&
            (strcmp(st, "associating") == 0 || strcmp(st, "associated") == 0))
            (*ids)[(*n)++] = aws_xml_text(s, "associationId");
    }
    return 0;
}

static const tf_value *v4a_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *vpc = tf_get_str(planned, "vpc_id", "");
    const char *cidr = tf_get_str(planned, "cidr_block", "");
    const char *pool = tf_get_str(planned, "ipv4_ipam_pool_id", "");
    int64_t len = tf_get_i64(planned, "ipv4_netmask_length", 0);
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "VpcId", vpc);
    if (*cidr)
        aws_params_add(p, "CidrBlock", cidr);
    if (*pool)
        aws_params_add(p, "Ipv4IpamPoolId", pool);
    if (len > 0)
        aws_params_addf(p, "Ipv4NetmaskLength", "%lld", (long long)len);
    v4a_lookup lk = {.c = m->client, .stop = ctx->stop, .vpc = vpc, .cidr = *cidr ? cidr : NULL};
    aws_create_once once = {.service = "ec2", .operation = "AssociateVpcCidrBlock",
                            .lookup = v4a_lookup_ids, .ud = &lk};
    aws_xml_node *out;
    const char *adopted;
    aws_error err;
    if (aws_create_once_query(m->client, a, ctx->stop, &once, p, &out, &adopted, &err) != 0) {
        aws_diag(ctx, &err, "creating EC2 VPC (%s) IPv4 CIDR Block Association", vpc);
        return NULL;
    }
    const char *id = ec2_created_id(ctx, out, adopted, "cidrBlockAssociation/associationId",
                                    "AssociateVpcCidrBlock", "EC2 VPC IPv4 CIDR Block Association");
    if (!id)
        return NULL;
    const tf_value *state = tf_object_with(a, planned, "id", tf_string(a, id));
    v4a_wait w = {.ctx = ctx, .m = m, .id = id};
    if (aws_wait(ctx->stop, aws_timeout(planned, "create", V4A_CREATE_DEFAULT), v4a_poll, &w,
                 &err) != 0)
        aws_diag(ctx, &err, "waiting for EC2 VPC IPv4 CIDR Block Association (%s) create", id);
    const tf_value *got = v4a_refresh(ctx, m, state);
    return got && !tf_is_null(got) ? got : state;
}

static const tf_value *v4a_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    return m ? v4a_refresh(ctx, m, state) : NULL;
}

static void v4a_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    const char *id = tf_get_str(prior, "id", "");
    if (ec2_object_delete(ctx, m, "DisassociateVpcCidrBlock", "AssociationId", id,
                          "InvalidVpcCidrBlockAssociationID.NotFound",
                          "EC2 VPC IPv4 CIDR Block Association") != 0)
        return;
    aws_error err;
    v4a_wait w = {.ctx = ctx, .m = m, .id = id, .deleting = true};
    if (aws_wait(ctx->stop, aws_timeout(prior, "delete", V4A_DELETE_DEFAULT), v4a_poll, &w,
                 &err) != 0)
        aws_diag(ctx, &err, "waiting for EC2 VPC IPv4 CIDR Block Association (%s) delete", id);
}

const tf_resource_def aws_ec2_vpc_ipv4_cidr_block_association_def = {
    .type_name = "aws_vpc_ipv4_cidr_block_association",
    .version = 0,
    .schema = &aws_schema_resource_aws_vpc_ipv4_cidr_block_association,
    .create = v4a_create,
    .read = v4a_read,
    .delete = v4a_delete,
};

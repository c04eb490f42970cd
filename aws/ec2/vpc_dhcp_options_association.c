/* vpc_dhcp_options_association.c - aws_vpc_dhcp_options_association: which
 * DHCP options set a VPC uses.
 *
 * Id "<options id>-<vpc id>".  dhcp_options_id changes in place (another
 * AssociateDhcpOptions, and a new id); vpc_id replaces.  It reads as gone
 * when the VPC uses another set.  Delete puts the VPC back on "default"
 * (nothing to do when that is the set).  Import by VPC id: the set is the
 * one the VPC uses. */

#include <stdio.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "ec2_find.h"
#include "provider_meta.h"
#include "resources.h"
#include "value_build.h"

#define DOPTA_PROPAGATION_S (2 * 60.0)

typedef struct dopta_find {
    tf_ctx *ctx;
    const aws_meta *m;
    const char *vpc, *dopt;
    int rc;
} dopta_find;

/* One look: EC2_FOUND when the VPC uses the set. */
static int dopta_look(dopta_find *f, aws_error *err)
{
    const aws_xml_node *vpc;
    f->rc = ec2_find_vpc(f->m->client, f->ctx->arena, f->ctx->stop, f->vpc, &vpc, err);
    if (f->rc == EC2_FOUND) {
        const char *cur = aws_xml_text(vpc, "dhcpOptionsId");
        if (!cur || strcmp(cur, f->dopt) != 0)
            f->rc = EC2_NOT_FOUND;
    }
    return f->rc;
}

static aws_wait_status dopta_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    int rc = dopta_look(ud, err);
    snprintf(state, state_len, "%s", rc == EC2_FOUND ? "associated" : "not associated");
    return rc == EC2_FOUND ? AWS_WAIT_DONE : rc < 0 ? AWS_WAIT_FAIL : AWS_WAIT_CONTINUE;
}

static const tf_value *dopta_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                     bool is_new)
{
    tf_arena *a = ctx->arena;
    dopta_find f = {.ctx = ctx, .m = m, .vpc = tf_get_str(base, "vpc_id", ""),
                    .dopt = tf_get_str(base, "dhcp_options_id", ""), .rc = -1};
    aws_error err;
    int rc = is_new ? (aws_wait(ctx->stop, DOPTA_PROPAGATION_S, dopta_poll, &f, &err) == 0
                           ? EC2_FOUND
                           : f.rc)
                    : dopta_look(&f, &err);
    if (rc == EC2_NOT_FOUND && !is_new)
        return tf_null(a, aws_schema_resource_aws_vpc_dhcp_options_association.ctype);
    if (rc != EC2_FOUND) {
        if (rc == EC2_NOT_FOUND)
            aws_error_set(&err, AWS_ERR_RESPONSE, "NotFound",
                          "the VPC does not use the options set");
        aws_diag(ctx, &err, "reading EC2 VPC DHCP Options Set Association (%s)",
                 tf_get_str(base, "id", ""));
        return is_new ? base : NULL;
    }
    tf_objb b;
    tf_objb_init(&b, a, aws_schema_resource_aws_vpc_dhcp_options_association.ctype, base);
    tf_objb_str(&b, "id", tf_arena_printf(a, "%s-%s", f.dopt, f.vpc));
    return tf_objb_done(&b);
}

static int dopta_associate(tf_ctx *ctx, const aws_meta *m, const char *dopt, const char *vpc)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "DhcpOptionsId", dopt);
    aws_params_add(p, "VpcId", vpc);
    aws_create_once once = {.service = "ec2", .operation = "AssociateDhcpOptions"};
    aws_xml_node *out;
    const char *adopted;
    aws_error err;
    if (aws_create_once_query(m->client, ctx->arena, ctx->stop, &once, p, &out, &adopted,
                              &err) != 0) {
        aws_diag(ctx, &err, "associating EC2 DHCP Options Set (%s) with VPC (%s)", dopt, vpc);
        return -1;
    }
    return 0;
}

static const tf_value *dopta_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    const char *dopt = tf_get_str(planned, "dhcp_options_id", "");
    const char *vpc = tf_get_str(planned, "vpc_id", "");
    if (dopta_associate(ctx, m, dopt, vpc) != 0)
        return NULL;
    /* associated: a failed read back keeps it in the state (tainted) */
    const tf_value *state = tf_object_with(ctx->arena, planned, "id",
                                           tf_string(ctx->arena,
                                                     tf_arena_printf(ctx->arena, "%s-%s", dopt,
                                                                     vpc)));
    return dopta_refresh(ctx, m, state, true);
}

static const tf_value *dopta_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    return m ? dopta_refresh(ctx, m, state, false) : NULL;
}

static const tf_value *dopta_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    if (dopta_associate(ctx, m, tf_get_str(planned, "dhcp_options_id", ""),
                        tf_get_str(planned, "vpc_id", "")) != 0)
        return prior;
    return dopta_refresh(ctx, m, planned, true);
}

static void dopta_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    const char *dopt = tf_get_str(prior, "dhcp_options_id", "");
    const char *vpc = tf_get_str(prior, "vpc_id", "");
    if (strcmp(dopt, "default") == 0)
        return;
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "DhcpOptionsId", "default");
    aws_params_add(p, "VpcId", vpc);
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", "AssociateDhcpOptions", p, &out,
                       &err) != 0 &&
        !aws_error_is(&err, "InvalidVpcID.NotFound"))
        aws_diag(ctx, &err, "disassociating EC2 DHCP Options Set (%s) from VPC (%s)", dopt, vpc);
}

/* The import ID is the VPC's id. */
static const tf_value *dopta_import(tf_ctx *ctx, const char *vpc_id)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const aws_xml_node *vpc;
    aws_error err;
    int rc = ec2_find_vpc(m->client, a, ctx->stop, vpc_id, &vpc, &err);
    if (rc != EC2_FOUND) {
        if (rc == EC2_NOT_FOUND)
            aws_error_set(&err, AWS_ERR_API, "InvalidVpcID.NotFound",
                          "The vpc ID '%s' does not exist", vpc_id);
        aws_diag(ctx, &err, "reading EC2 VPC (%s)", vpc_id);
        return NULL;
    }
    const char *dopt = aws_xml_text(vpc, "dhcpOptionsId");
    tf_objb b;
    tf_objb_init(&b, a, aws_schema_resource_aws_vpc_dhcp_options_association.ctype, NULL);
    tf_objb_str(&b, "id", tf_arena_printf(a, "%s-%s", dopt ? dopt : "", vpc_id));
    tf_objb_str(&b, "dhcp_options_id", dopt ? dopt : "");
    tf_objb_str(&b, "vpc_id", vpc_id);
    return tf_objb_done(&b);
}

const tf_resource_def aws_ec2_vpc_dhcp_options_association_def = {
    .type_name = "aws_vpc_dhcp_options_association",
    .version = 0,
    .schema = &aws_schema_resource_aws_vpc_dhcp_options_association,
    .create = dopta_create,
    .read = dopta_read,
    .update = dopta_update,
    .delete = dopta_delete,
    .import = dopta_import,
};

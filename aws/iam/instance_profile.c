/* instance_profile.c - aws_iam_instance_profile: the container EC2 uses to
 * hand a role to an instance, id its name (also the import ID).
 *
 * The profile is created, waited for until IAM shows it, then given its
 * role (retried while the role, itself new, is not visible yet).  A profile
 * holds at most one role: changing `role` removes the old one first; delete
 * removes the role, then the profile. */

#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "iam_common.h"
#include "names.h"
#include "resources.h"
#include "tags.h"

#define IP_SCHEMA aws_schema_resource_aws_iam_instance_profile

static const tf_value *ip_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                  bool is_new)
{
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(base, "id", "");
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "InstanceProfileName", id);
    aws_xml_node *out;
    aws_error err;
    if (iam_call(ctx, m, "GetInstanceProfile", p, is_new, &out, &err) != 0) {
        if (!is_new && aws_error_is(&err, "NoSuchEntity"))
            return tf_null(a, IP_SCHEMA.ctype);
        aws_diag(ctx, &err, "reading IAM Instance Profile (%s)", id);
        return is_new ? base : NULL;
    }
    const aws_xml_node *ip = aws_xml_child(out, "InstanceProfile");
    tf_objb b;
    tf_objb_init(&b, a, IP_SCHEMA.ctype, base);
    tf_objb_str(&b, "id", aws_xml_text(ip, "InstanceProfileName"));
    tf_objb_str(&b, "arn", aws_xml_text(ip, "Arn"));
    tf_objb_str(&b, "create_date", iam_rfc3339(a, aws_xml_text(ip, "CreateDate")));
    aws_name_state(&b, aws_xml_text(ip, "InstanceProfileName"));
    tf_objb_str(&b, "path", aws_xml_text(ip, "Path"));
    tf_objb_str(&b, "unique_id", aws_xml_text(ip, "InstanceProfileId"));
    const char *role = aws_xml_text(ip, "Roles/member/RoleName");
    tf_objb_str(&b, "role", role);
    size_t nt;
    aws_kv *tags = iam_tags_from_xml(a, ip, &nt);
    aws_tags_set_state(&b, m, tags, nt, tf_get(base, "tags"));
    return tf_objb_done(&b);
}

static int ip_role_call(tf_ctx *ctx, const aws_meta *m, const char *action, const char *profile,
                        const char *role, aws_error *err)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "InstanceProfileName", profile);
    aws_params_add(p, "RoleName", role);
    aws_xml_node *out;
    bool add = strcmp(action, "AddRoleToInstanceProfile") == 0;
    if (iam_call(ctx, m, action, p, add, &out, err) == 0)
        return 0;
    return !add && aws_error_is(err, "NoSuchEntity") ? 0 : -1;
}

static void ip_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    aws_tags_plan(ctx, req);
}

static const tf_value *ip_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *name = aws_name_planned(a, planned, NULL);
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "InstanceProfileName", name);
    aws_params_add(p, "Path", tf_get_str(planned, "path", "/"));
    size_t nt;
    aws_kv *tags = aws_tags_from_map(a, tf_get(planned, "tags_all"), &nt);
    if (nt)
        aws_params_tags(p, AWS_LIST_MEMBER, "Tags", tags, nt);
    iam_lookup lk = {m->client, ctx->stop, "GetInstanceProfile", "InstanceProfileName", name,
                     "InstanceProfile/InstanceProfileName"};
    aws_create_once once = {.service = "iam", .operation = "CreateInstanceProfile",
                            .lookup = iam_lookup_ids, .ud = &lk};
    aws_xml_node *out;
    const char *adopted;
    aws_error err;
    if (aws_create_once_query(m->client, a, ctx->stop, &once, p, &out, &adopted, &err) != 0) {
        aws_diag(ctx, &err, "creating IAM Instance Profile (%s)", name);
        return NULL;
    }
    const tf_value *state = tf_object_with(a, planned, "id", tf_string(a, name));
    /* visible before it is given a role */
    aws_params *g = aws_params_new(a);
    aws_params_add(g, "InstanceProfileName", name);
    if (iam_call(ctx, m, "GetInstanceProfile", g, true, &out, &err) != 0) {
        aws_diag(ctx, &err, "waiting for IAM Instance Profile (%s) create", name);
        return state;
    }
    const char *role = tf_get_str(planned, "role", "");
    if (*role && ip_role_call(ctx, m, "AddRoleToInstanceProfile", name, role, &err) != 0) {
        aws_diag(ctx, &err, "adding IAM Role (%s) to IAM Instance Profile (%s)", role, name);
        return state;
    }
    return ip_refresh(ctx, m, state, true);
}

static const tf_value *ip_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    return m ? ip_refresh(ctx, m, state, false) : NULL;
}

static const tf_value *ip_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    const char *id = tf_get_str(prior, "id", "");
    const char *old_role = tf_get_str(prior, "role", ""), *new_role = tf_get_str(planned, "role", "");
    aws_error err;
    if (strcmp(old_role, new_role) != 0) {
        if (*old_role && ip_role_call(ctx, m, "RemoveRoleFromInstanceProfile", id, old_role,
                                      &err) != 0) {
            aws_diag(ctx, &err, "removing IAM Role (%s) from IAM Instance Profile (%s)", old_role,
                     id);
            return prior;
        }
        if (*new_role && ip_role_call(ctx, m, "AddRoleToInstanceProfile", id, new_role, &err) != 0) {
            aws_diag(ctx, &err, "adding IAM Role (%s) to IAM Instance Profile (%s)", new_role, id);
            return ip_refresh(ctx, m, prior, false);
        }
    }
    const tf_value *old_all = tf_get(prior, "tags_all"), *new_all = tf_get(planned, "tags_all");
    if (!tf_value_equal(old_all, new_all) &&
        iam_update_tags(ctx, m, "UntagInstanceProfile", "TagInstanceProfile",
                        "InstanceProfileName", id, old_all, new_all, &err) != 0) {
        aws_diag(ctx, &err, "updating tags for IAM Instance Profile (%s)", id);
        return ip_refresh(ctx, m, prior, false);
    }
    return ip_refresh(ctx, m, planned, false);
}

static void ip_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    const char *id = tf_get_str(prior, "id", "");
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "InstanceProfileName", id);
    aws_xml_node *out;
    aws_error err;
    if (iam_call(ctx, m, "GetInstanceProfile", p, false, &out, &err) != 0) {
        if (!aws_error_is(&err, "NoSuchEntity"))
            aws_diag(ctx, &err, "deleting IAM Instance Profile (%s)", id);
        return;
    }
    for (const aws_xml_node *r = aws_xml_first(out, "InstanceProfile/Roles/member"); r;
         r = aws_xml_next(r)) {
        const char *role = aws_xml_text(r, "RoleName");
        if (ip_role_call(ctx, m, "RemoveRoleFromInstanceProfile", id, role, &err) != 0) {
            aws_diag(ctx, &err, "removing IAM Role (%s) from IAM Instance Profile (%s)", role, id);
            return;
        }
    }
    if (iam_call(ctx, m, "DeleteInstanceProfile", p, false, &out, &err) != 0 &&
        !aws_error_is(&err, "NoSuchEntity"))
        aws_diag(ctx, &err, "deleting IAM Instance Profile (%s)", id);
}

const tf_resource_def aws_iam_instance_profile_def = {
    .type_name = "aws_iam_instance_profile",
    .version = 0,
    .schema = &IP_SCHEMA,
    .modify_plan = ip_modify_plan,
    .create = ip_create,
    .read = ip_read,
    .update = ip_update,
    .delete = ip_delete,
};

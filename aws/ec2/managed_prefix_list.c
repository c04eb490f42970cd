/* managed_prefix_list.c - aws_ec2_managed_prefix_list: a customer-managed
 * prefix list with its entries.
 *
 * Created with a client token and waited for `create-complete`.  name,
 * max_entries and the entries change in place through
 * ModifyManagedPrefixList against the current version: a larger max_entries
 * is set before the entries change, a smaller one after; an entry whose
 * description changed is added again (never removed and added in one call,
 * which EC2 refuses).  Each modification is waited for `modify-complete`
 * (`*-failed` reported with EC2's message).  version is unknown in the plan
 * whenever the entries change.  Import by id. */

#include <stdio.h>
#include <string.h>

#include "aws_schema_gen.h"
#include "diagnostics.h"
#include "ec2_find.h"
#include "ec2_object.h"
#include "ec2_tags.h"
#include "provider_meta.h"
#include "resources.h"
#include "schema_block.h"
#include "tags.h"
#include "value_build.h"

#define MPL_TIMEOUT_S (15 * 60.0)
#define MPL_PROPAGATION_S (2 * 60.0)
#define MPL_WHAT "EC2 Managed Prefix List"

static int mpl_find(aws_client *c, tf_arena *a, const volatile int *stop, const char *id,
                    const aws_xml_node **item, aws_error *err)
{
    int rc = ec2_find_by_id(c, a, stop, "DescribeManagedPrefixLists", "PrefixListId.1",
                            "InvalidPrefixListID.NotFound", "prefixListSet/item", "prefixListId",
                            id, item, err);
    if (rc == EC2_FOUND) {
        const char *st = aws_xml_text(*item, "state");
        if (st && strcmp(st, "delete-complete") == 0)
            return EC2_NOT_FOUND;
    }
    return rc;
}

typedef struct mpl_page {
    tf_arena *a;
    const tf_type *entry_type;
    const tf_value **items;
    size_t n, cap;
} mpl_page;

static int mpl_entries_page(void *ud, const aws_xml_node *page, aws_error *err)
{
    (void)err;
    mpl_page *pg = ud;
    for (const aws_xml_node *e = aws_xml_first(page, "entrySet/item"); e; e = aws_xml_next(e)) {
        tf_objb ob;
        tf_objb_init(&ob, pg->a, pg->entry_type, NULL);
        const char *cidr = aws_xml_text(e, "cidr"), *desc = aws_xml_text(e, "description");
        tf_objb_str(&ob, "cidr", cidr ? cidr : "");
        tf_objb_str(&ob, "description", desc ? desc : "");
        tf_arena_grow(pg->a, (void **)&pg->items, &pg->cap, pg->n + 1, sizeof *pg->items);
        pg->items[pg->n++] = tf_objb_done(&ob);
    }
    return 0;
}

static const tf_value *mpl_refresh(tf_ctx *ctx, const aws_meta *m, const tf_value *base,
                                   bool is_new)
{
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(base, "id", "");
    const aws_xml_node *pl;
    const tf_value *miss;
    if (ec2_object_read(ctx, m, mpl_find, MPL_WHAT, base,
                        aws_schema_resource_aws_ec2_managed_prefix_list.ctype, is_new,
                        MPL_PROPAGATION_S, &pl, &miss) != EC2_FOUND)
        return miss;
    aws_error err;
    const tf_block *eb = aws_schema_block(&aws_schema_resource_aws_ec2_managed_prefix_list,
                                          "entry");
    mpl_page pg = {.a = a, .entry_type = eb->ctype};
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "PrefixListId", id);
    if (aws_query_pages(m->client, a, ctx->stop, "ec2", "GetManagedPrefixListEntries", p,
                        "NextToken", "nextToken", mpl_entries_page, &pg, &err) != 0) {
        aws_diag(ctx, &err, "reading EC2 Managed Prefix List (%s) entries", id);
        return is_new ? base : NULL;
    }
    tf_objb b;
    tf_objb_init(&b, a, aws_schema_resource_aws_ec2_managed_prefix_list.ctype, base);
    tf_objb_str(&b, "id", id);
    tf_objb_str(&b, "address_family", aws_xml_text(pl, "addressFamily"));
    tf_objb_str(&b, "arn", aws_xml_text(pl, "prefixListArn"));
    tf_objb_i64(&b, "max_entries", aws_xml_int(pl, "maxEntries", 0));
    tf_objb_str(&b, "name", aws_xml_text(pl, "prefixListName"));
    tf_objb_str(&b, "owner_id", aws_xml_text(pl, "ownerId"));
    tf_objb_i64(&b, "version", aws_xml_int(pl, "version", 0));
    tf_objb_set(&b, "entry", tf_set(a, eb->ctype, pg.n, pg.items));
    size_t n;
    aws_kv *remote = ec2_tags_from_xml(a, pl, &n);
    aws_tags_set_state(&b, m, remote, n, tf_get(base, "tags"));
    return tf_objb_done(&b);
}

static void mpl_modify_plan(tf_ctx *ctx, tf_plan_req *req)
{
    aws_tags_plan(ctx, req);
    /* customdiff.ComputedIf("version", entry changed) */
    if (tf_is_null(req->prior) || tf_is_null(req->planned))
        return;
    if (!tf_value_equal(tf_get(req->prior, "entry"), tf_get(req->planned, "entry")))
        req->planned = tf_object_with(ctx->arena, req->planned, "version",
                                      tf_unknown(ctx->arena, &tf_type_number));
}

static int mpl_wait_for(tf_ctx *ctx, const aws_meta *m, const char *id, const char *want,
                        aws_error *err)
{
    return ec2_object_wait_state(ctx, m, mpl_find, id, want, MPL_TIMEOUT_S, err);
}

/* Entry.N.Cidr / .Description of the entries of set that other lacks (all
 * of set when other is NULL); returns how many were added. */
static int mpl_entries_param(aws_params *p, const char *prefix, const tf_value *set,
                             const tf_value *other, bool with_description, const tf_value *keep)
{
    int k = 0;
    for (size_t i = 0; tf_is_known(set) && i < set->u.coll.n; i++) {
        const tf_value *e = set->u.coll.items[i];
        bool in_other = false;
        for (size_t j = 0; other && tf_is_known(other) && j < other->u.coll.n; j++)
            in_other |= tf_value_equal(e, other->u.coll.items[j]);
        if (in_other)
            continue;
        const char *cidr = tf_get_str(e, "cidr", "");
        /* A CIDR also being added (a new description) is not removed. */
        bool re_added = false;
        for (size_t j = 0; keep && tf_is_known(keep) && j < keep->u.coll.n; j++)
            re_added |= strcmp(tf_get_str(keep->u.coll.items[j], "cidr", ""), cidr) == 0;
        if (re_added)
            continue;
        k++;
        aws_params_add(p, aws_params_key(p, "%s.%d.Cidr", prefix, k), cidr);
        const char *desc = tf_get_str(e, "description", "");
        if (with_description && *desc)
            aws_params_add(p, aws_params_key(p, "%s.%d.Description", prefix, k), desc);
    }
    return k;
}

static const tf_value *mpl_create(tf_ctx *ctx, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "AddressFamily", tf_get_str(planned, "address_family", ""));
    aws_params_addf(p, "MaxEntries", "%lld", (long long)tf_get_i64(planned, "max_entries", 0));
    aws_params_add(p, "PrefixListName", tf_get_str(planned, "name", ""));
    mpl_entries_param(p, "Entry", tf_get(planned, "entry"), NULL, true, NULL);
    size_t n;
    aws_kv *tags = aws_tags_from_map(a, tf_get(planned, "tags_all"), &n);
    ec2_tag_specs(p, 1, "prefix-list", tags, n);
    aws_create_once once = {.service = "ec2", .operation = "CreateManagedPrefixList"};
    aws_xml_node *out;
    const char *id = ec2_object_create(ctx, m, &once, p, "prefixList/prefixListId", MPL_WHAT,
                                       &out);
    if (!id)
        return NULL;
    aws_error err;
    const tf_value *state = tf_object_with(a, planned, "id", tf_string(a, id));
    if (mpl_wait_for(ctx, m, id, "create-complete", &err) != 0)
        aws_diag(ctx, &err, "waiting for EC2 Managed Prefix List (%s) create", id);
    return mpl_refresh(ctx, m, state, true);
}

static const tf_value *mpl_read(tf_ctx *ctx, const tf_value *state)
{
    const aws_meta *m = aws_meta_of(ctx);
    return m ? mpl_refresh(ctx, m, state, false) : NULL;
}

typedef struct mpl_settle {
    tf_ctx *ctx;
    const aws_meta *m;
    const char *id;
} mpl_settle;

/* Done once the list is in no "...-in-progress" state. */
static aws_wait_status mpl_settle_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    mpl_settle *w = ud;
    const aws_xml_node *pl;
    int rc = mpl_find(w->m->client, w->ctx->arena, w->ctx->stop, w->id, &pl, err);
    if (rc < 0)
        return AWS_WAIT_FAIL;
    const char *st = rc == EC2_FOUND ? aws_xml_text(pl, "state") : NULL;
    snprintf(state, state_len, "%s", st ? st : "not found");
    return st && strstr(st, "-in-progress") ? AWS_WAIT_CONTINUE : AWS_WAIT_DONE;
}

/* One ModifyManagedPrefixList, then the wait for modify-complete.  A list
 * still settling from a change made elsewhere (IncorrectState) is waited
 * for, and the call made once more. */
static int mpl_modify(tf_ctx *ctx, const aws_meta *m, aws_params *p, const char *id,
                      aws_error *err)
{
    aws_xml_node *out;
    int rc = aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", "ModifyManagedPrefixList",
                            p, &out, err);
    if (rc != 0 && aws_error_is(err, "IncorrectState")) {
        mpl_settle w = {.ctx = ctx, .m = m, .id = id};
        aws_error werr;
        if (aws_wait(ctx->stop, MPL_TIMEOUT_S, mpl_settle_poll, &w, &werr) != 0)
            return -1;
        rc = aws_query_call(m->client, ctx->arena, ctx->stop, "ec2", "ModifyManagedPrefixList",
                            p, &out, err);
    }
    if (rc != 0)
        return -1;
    return mpl_wait_for(ctx, m, id, "modify-complete", err);
}

static int mpl_set_max(tf_ctx *ctx, const aws_meta *m, const char *id, int64_t max,
                       aws_error *err)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "PrefixListId", id);
    aws_params_addf(p, "MaxEntries", "%lld", (long long)max);
    return mpl_modify(ctx, m, p, id, err);
}

static const tf_value *mpl_update(tf_ctx *ctx, const tf_value *prior, const tf_value *planned)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return NULL;
    tf_arena *a = ctx->arena;
    const char *id = tf_get_str(prior, "id", "");
    aws_error err;
    int64_t old_max = tf_get_i64(prior, "max_entries", 0);
    int64_t new_max = tf_get_i64(planned, "max_entries", 0);
    if (new_max > old_max && mpl_set_max(ctx, m, id, new_max, &err) != 0) {
        aws_diag(ctx, &err, "updating EC2 Managed Prefix List (%s) max entries", id);
        return mpl_refresh(ctx, m, prior, false);
    }
    const tf_value *old_e = tf_get(prior, "entry"), *new_e = tf_get(planned, "entry");
    const char *old_name = tf_get_str(prior, "name", ""), *name = tf_get_str(planned, "name", "");
    if (!tf_value_equal(old_e, new_e) || strcmp(old_name, name) != 0) {
        aws_params *p = aws_params_new(a);
        aws_params_add(p, "PrefixListId", id);
        aws_params_add(p, "PrefixListName", name);
        int added = mpl_entries_param(p, "AddEntry", new_e, old_e, true, NULL);
        int removed = mpl_entries_param(p, "RemoveEntry", old_e, new_e, false, new_e);
        if (added || removed) {
            /* The version the changes apply to: the list's current one. */
            const aws_xml_node *pl;
            if (mpl_find(m->client, a, ctx->stop, id, &pl, &err) != EC2_FOUND) {
                aws_diag(ctx, &err, "reading EC2 Managed Prefix List (%s)", id);
                return mpl_refresh(ctx, m, prior, false);
            }
            aws_params_addf(p, "CurrentVersion", "%lld", aws_xml_int(pl, "version", 0));
        }
        if (mpl_modify(ctx, m, p, id, &err) != 0) {
            aws_diag(ctx, &err, "updating EC2 Managed Prefix List (%s)", id);
            return mpl_refresh(ctx, m, prior, false);
        }
    }
    if (new_max < old_max && mpl_set_max(ctx, m, id, new_max, &err) != 0) {
        aws_diag(ctx, &err, "updating EC2 Managed Prefix List (%s) max entries", id);
        return mpl_refresh(ctx, m, prior, false);
    }
    if (ec2_object_update_tags(ctx, m, prior, planned, MPL_WHAT) != 0)
        return mpl_refresh(ctx, m, prior, false);
    return mpl_refresh(ctx, m, planned, true);
}

static void mpl_delete(tf_ctx *ctx, const tf_value *prior)
{
    const aws_meta *m = aws_meta_of(ctx);
    if (!m)
        return;
    const char *id = tf_get_str(prior, "id", "");
    if (ec2_object_delete(ctx, m, "DeleteManagedPrefixList", "PrefixListId", id,
                          "InvalidPrefixListID.NotFound", MPL_WHAT) != 0)
        return;
    aws_error err;
    if (mpl_wait_for(ctx, m, id, NULL, &err) != 0)
        aws_diag(ctx, &err, "waiting for EC2 Managed Prefix List (%s) delete", id);
}

const tf_resource_def aws_ec2_managed_prefix_list_def = {
    .type_name = "aws_ec2_managed_prefix_list",
    .version = 0,
    .schema = &aws_schema_resource_aws_ec2_managed_prefix_list,
    .modify_plan = mpl_modify_plan,
    .create = mpl_create,
    .read = mpl_read,
    .update = mpl_update,
    .delete = mpl_delete,
};

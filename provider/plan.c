/* plan.c - generic planning of resource changes, the way SDKv2 plans them.
 *
 * hashicorp/aws is built on terraform-plugin-sdk v2, whose planner works on
 * flattened "attribute diffs" rather than on values.  The observable rules,
 * established by planning with the real provider (see
 * tests/e2e/test_plan_parity.py and tests/provider/test_plan.c), are:
 *
 *   create   an attribute set in config takes the config value; else its
 *            Default; else, when Computed, unknown; else null.  Optional +
 *            Computed blocks absent from config are unknown as a whole.
 *   empty    an empty set or map in config with no prior value (create, a
 *            new element) is null, unknown when Computed (on create for a
 *            set, always for a map); an empty list stays empty.  In a set
 *            element a set stays empty too.
 *   update   config values replace prior ones; an Optional+Computed
 *            attribute or block left out of config keeps its prior value;
 *            a primitive or collection that is "zero" on both sides (null,
 *            "", 0, false, empty) keeps its prior value, because the SDK
 *            cannot tell null from zero.  In a list block element added on
 *            update, an unset Optional+Computed primitive is null (unknown
 *            only when the whole object is new); collections stay unknown.
 *   sets     elements are identified by all their configurable fields (the
 *            SDK's hash).  An unchanged set (every config element matches a
 *            prior one) is the prior set.  A changed set is diffed element
 *            by element: a new element has its unset strings "" and unset
 *            lists/sets empty (numbers, bools null) and its unset Computed
 *            fields unknown; a kept element has the unset primitives the
 *            state holds null, its unset Computed fields their prior value
 *            (unknown without one).  set(object) attributes likewise, their
 *            fields all counting as Optional.
 *   computed an Optional+Computed string set to "" counts as unset.
 *   unknown  a list, set or map of primitives holding an unknown value is
 *            planned unknown as a whole.
 *   replace  a change to a ForceNew attribute (or to the element count of a
 *            ForceNew block) requires replacement; the paths reported are
 *            the attribute paths (a set is reported as a whole); the object
 *            is then planned again as if it were created, so that every
 *            computed value not in config becomes unknown.
 *   destroy  planned is null.
 *
 * Where these come from in terraform-plugin-sdk v2: schemaMap.diffString,
 * diffList, diffSet, diffMap (helper/schema/schema.go; "all" is the diff of
 * every field of a set element), InstanceDiff.Apply (terraform/diff.go),
 * hcl2shim.HCL2ValueFromFlatmap, and normalizeNullValues and SetUnknowns
 * (helper/schema/grpc_provider.go, PlanResourceChange).
 *
 * The resource's modify_plan hook runs after the generic plan, like SDKv2's
 * CustomizeDiff, and again on the re-plan of a replacement. */
#include "plan.h"

#include <assert.h>
#include <stdarg.h>
#include <string.h>

#include "log.h"

typedef struct path_list {
    const tf_path **items;
    size_t n, cap;
} path_list;

typedef struct planner {
    tf_arena *a;
    path_list replace;
    /* The object is new (create, or the re-plan of a replacement): the
     * SDK's ResourceData has no id. */
    bool create;
} planner;

/* ------------------------------------------------------------------ */
/* value helpers                                                       */

static size_t coll_len(const tf_value *v)
{
    return tf_is_known(v) && v->type->kind >= TF_LIST ? v->u.coll.n : 0;
}

/* The SDK stores everything as strings in a flat map, where an absent
 * attribute and its zero value look alike. */
static bool val_zeroish(const tf_value *v)
{
    int64_t i;
    if (tf_is_null(v))
        return true;
    if (tf_is_unknown(v))
        return false;
    switch (v->type->kind) {
    case TF_STRING:
        return v->u.str.len == 0;
    case TF_NUMBER:
        return tf_number_to_i64(v, &i) && i == 0;
    case TF_BOOL:
        return !v->u.b;
    case TF_LIST:
    case TF_SET:
    case TF_MAP:
        return v->u.coll.n == 0;
    default:
        return false;
    }
}

/* Equality where NULL (no value at all) means null. */
static bool val_same(const tf_value *x, const tf_value *y)
{
    bool xn = tf_is_null(x), yn = tf_is_null(y);
    if (xn || yn)
        return xn && yn;
    return tf_value_equal(x, y);
}

static bool type_is_object_collection(const tf_type *t)
{
    return (t->kind == TF_LIST || t->kind == TF_SET) && t->elem->kind == TF_OBJECT;
}

/* What the SDK plans for an unset field of a set element: strings and
 * lists come out of its flat map as "" and empty, numbers and bools as
 * null (their zero value is dropped by the diff). */
static const tf_value *set_field_zero(tf_arena *a, const tf_type *t)
{
    switch (t->kind) {
    case TF_STRING:
        return tf_string(a, "");
    case TF_LIST:
        return tf_list(a, t->elem, 0, NULL);
    case TF_SET:
        return tf_set(a, t->elem, 0, NULL);
    default:
        return tf_null(a, t);
    }
}

/* Objects inside a set(object)/list(object) attribute get the set-element
 * treatment for their null fields. */
static const tf_value *fill_objects(tf_arena *a, const tf_value *v)
{
    if (!tf_is_known(v))
        return v;
    const tf_type *t = v->type;
    size_t n = v->u.coll.n;
    if (t->kind == TF_OBJECT) {
        const tf_value **items = tf_arena_calloc(a, n ? n : 1, sizeof(*items));
        for (size_t i = 0; i < n; i++) {
            const tf_value *it = v->u.coll.items[i];
            items[i] = tf_is_null(it) ? set_field_zero(a, t->types[i]) : fill_objects(a, it);
        }
        return tf_object(a, t, items);
    }
    if (!type_is_object_collection(t))
        return v;
    const tf_value **items = tf_arena_calloc(a, n ? n : 1, sizeof(*items));
    for (size_t i = 0; i < n; i++)
        items[i] = fill_objects(a, v->u.coll.items[i]);
    return t->kind == TF_LIST ? tf_list(a, t->elem, n, items)
                              : tf_set(a, t->elem, n, items);
}

/* Whether a prior element of a set(object) attribute is the config element
 * (the SDK's hash of the element: every field, zero and null alike). */
static bool object_elem_match(tf_arena *a, const tf_value *pe, const tf_value *ce)
{
    if (!tf_is_known(pe) || !tf_is_known(ce) || tf_contains_unknown(ce))
        return false;
    for (size_t i = 0; i < ce->type->n; i++) {
        const tf_value *pv = pe->u.coll.items[i], *cv = ce->u.coll.items[i];
        if (val_zeroish(pv) && val_zeroish(cv))
            continue;
        if (!val_same(pv, fill_objects(a, cv)))
            return false;
    }
    return true;
}

/* A set(object) attribute (aws_security_group.ingress) is diffed like a set
 * block whose fields are all Optional: unchanged (every element matches a
 * prior one), it is the prior set; changed, or inside an element being
 * diffed (all), the kept elements are diffed field by field, so a field the
 * config leaves out but the state holds is removed (null), and a new
 * element gets the set-element zero values.  Returns NULL to plan the
 * config with those zero values (fill_objects) as before. */
static const tf_value *config_unknowns(tf_arena *a, const tf_value *v);

static const tf_value *plan_object_set(tf_arena *a, const tf_value *prior,
                                       const tf_value *config, bool in_set)
{
    if (!tf_is_known(prior) || !tf_is_known(config))
        return NULL;
    size_t n = config->u.coll.n, np = prior->u.coll.n;
    const tf_value **matched = tf_arena_calloc(a, n ? n : 1, sizeof(*matched));
    bool *used = tf_arena_calloc(a, np ? np : 1, sizeof(*used));
    bool changed = in_set || n != np;
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < np && !matched[i]; j++) {
            if (!used[j] && object_elem_match(a, prior->u.coll.items[j], config->u.coll.items[i])) {
                used[j] = true;
                matched[i] = prior->u.coll.items[j];
            }
        }
        if (!matched[i])
            changed = true;
    }
    if (!changed)
        return prior;
    const tf_type *et = config->type->elem;
    const tf_value **items = tf_arena_calloc(a, n ? n : 1, sizeof(*items));
    for (size_t i = 0; i < n; i++) {
        const tf_value *ce = config->u.coll.items[i];
        const tf_value *fe = fill_objects(a, config_unknowns(a, ce));
        if (!matched[i] || !tf_is_known(fe)) {
            items[i] = fe;
            continue;
        }
        const tf_value **fields = tf_arena_calloc(a, et->n ? et->n : 1, sizeof(*fields));
        for (size_t k = 0; k < et->n; k++) {
            const tf_value *pv = matched[i]->u.coll.items[k];
            bool primitive = et->types[k]->kind == TF_STRING ||
                             et->types[k]->kind == TF_NUMBER || et->types[k]->kind == TF_BOOL;
            if (tf_is_null(ce->u.coll.items[k]) && primitive && !tf_is_null(pv))
                fields[k] = tf_null(a, et->types[k]);
            else
                fields[k] = fe->u.coll.items[k];
        }
        items[i] = tf_object(a, et, fields);
    }
    return tf_set(a, et, n, items);
}

/* The SDK reads a list, set or map of primitives that holds an unknown as
 * unknown as a whole (a set cannot even be hashed); collections of objects
 * keep their shape and only the unknown fields are unknown. */
static const tf_value *config_unknowns(tf_arena *a, const tf_value *v)
{
    if (!tf_is_known(v) || !tf_contains_unknown(v))
        return v;
    const tf_type *t = v->type;
    bool coll = tf_type_is_collection(t);
    if (coll && t->elem->kind != TF_OBJECT)
        return tf_unknown(a, t);
    if (!coll && t->kind != TF_OBJECT)
        return v;
    size_t n = v->u.coll.n;
    const tf_value **items = tf_arena_calloc(a, n ? n : 1, sizeof(*items));
    for (size_t i = 0; i < n; i++)
        items[i] = config_unknowns(a, v->u.coll.items[i]);
    switch (t->kind) {
    case TF_LIST:
        return tf_list(a, t->elem, n, items);
    case TF_SET:
        return tf_set(a, t->elem, n, items);
    case TF_MAP:
        return tf_map(a, t->elem, n, v->u.coll.keys, items);
    default:
        return tf_object(a, t, items);
    }
}

static const tf_type *block_member_type(const tf_block *b, const char *name)
{
    int i = tf_type_attr_index(b->ctype, name);
    assert(i >= 0);
    return b->ctype->types[i];
}

static bool block_has_force_new(const tf_block *b)
{
    for (const tf_attribute *at = b->attrs; at && at->name; at++)
        if (at->flags & TF_FORCE_NEW)
            return true;
    for (const tf_nested_block *nb = b->blocks; nb && nb->name; nb++)
        if ((nb->flags & TF_FORCE_NEW) || block_has_force_new(nb->block))
            return true;
    return false;
}

static void paths_add(tf_arena *a, path_list *l, const tf_path *p)
{
    for (size_t i = 0; i < l->n; i++) {
        const tf_path *q = l->items[i];
        if (q->n != p->n)
            continue;
        size_t k = 0;
        for (; k < p->n; k++) {
            const tf_path_step *x = &p->steps[k], *y = &q->steps[k];
            if (x->kind != y->kind || x->index != y->index ||
                (x->name && y->name ? strcmp(x->name, y->name) != 0 : x->name != y->name))
                break;
        }
        if (k == p->n)
            return;
    }
    tf_arena_grow(a, (void **)&l->items, &l->cap, l->n + 1, sizeof(*l->items));
    l->items[l->n++] = p;
}

/* ------------------------------------------------------------------ */
/* planning values                                                     */

static const tf_value *plan_block(planner *p, const tf_block *b,
                                  const tf_value *prior, const tf_value *config,
                                  bool in_set);

static bool type_is_primitive(const tf_type *t)
{
    return t->kind == TF_STRING || t->kind == TF_NUMBER || t->kind == TF_BOOL;
}

/* prior is NULL when the object or element is new ("fresh").  in_set is
 * the SDK's "all": inside an element of a set that is being diffed (a new
 * element, or a kept one of a set that changed), every field is diffed
 * whether it changed or not. */
static const tf_value *plan_attr(planner *p, const tf_attribute *at,
                                 const tf_value *prior, const tf_value *config,
                                 bool in_set)
{
    tf_arena *a = p->a;
    const tf_type *t = at->ctype;
    bool fresh = prior == NULL, computed = at->flags & TF_COMPUTED;
    const tf_value *v;

    /* Terraform sends a write-only value in config only; plan and state
     * hold null (the resource reads it from ctx->config at apply). */
    if (at->flags & TF_WRITE_ONLY)
        return tf_null(a, t);
    if (!config)
        config = tf_null(a, t);
    if (tf_is_unknown(config))
        return config;
    if (!tf_is_null(config)) {
        if (computed && t->kind == TF_STRING && config->u.str.len == 0) {
            /* schemaMap.diffString: "" against nothing is no change once the
             * resource has an id, except in a set element (all), where
             * finalizeDiff makes the Computed field unknown unless it had a
             * value. */
            if (fresh)
                return p->create || in_set ? tf_unknown(a, t) : config;
            if (in_set)
                return tf_is_known(prior) && !tf_is_null(prior) && prior->u.str.len
                           ? prior : tf_unknown(a, t);
            return prior;
        }
        /* An empty set or map with nothing before: the SDK's diff has no
         * entry for it (diffSet compares the empty hash lists, diffMap the
         * counts), InstanceDiff.Apply writes no count, so it comes out
         * null, and SetUnknowns makes a Computed one unknown on create.
         * diffMap even marks a Computed map with no state computed.  Lists
         * are not affected: normalizeNullValues puts the empty list from
         * config back, and in a set element a set's count is written
         * (all). */
        if (fresh && (t->kind == TF_MAP || (t->kind == TF_SET && !in_set)) &&
            tf_is_known(config) && config->u.coll.n == 0)
            return computed && (p->create || t->kind == TF_MAP) ? tf_unknown(a, t)
                                                                : tf_null(a, t);
        v = config_unknowns(a, config);
        if (type_is_object_collection(t))
            v = fill_objects(a, v);
        if (!fresh && t->kind == TF_SET && t->elem->kind == TF_OBJECT) {
            const tf_value *kept = plan_object_set(a, prior, config, in_set);
            if (kept)
                return kept;
        }
    } else if (at->cdef) {
        v = at->cdef;
    } else if (computed) {
        /* diffString on a new element of an existing resource: nothing
         * against nothing with an id is no change, so no value; collections
         * are still diffed as computed.  In a set being diffed a field
         * with no prior value gets a computed diff. */
        if (fresh)
            return p->create || in_set || !type_is_primitive(t) ? tf_unknown(a, t)
                                                                 : tf_null(a, t);
        if (in_set && tf_is_null(prior))
            return tf_unknown(a, t);
        return prior;
    } else if (in_set) {
        /* A kept element of a changed set: a primitive the config leaves
         * out but the state holds is diffed as removed (NewRemoved), so it
         * is planned null, not "". */
        if (!fresh && type_is_primitive(t) && !tf_is_null(prior))
            return tf_null(a, t);
        v = set_field_zero(a, t);
    } else {
        v = config;
    }
    /* With all, a diff is written for every primitive and list/set count,
     * so the zero-equals-null shortcut does not hold there. */
    if (!fresh && (!in_set || t->kind == TF_MAP) && val_zeroish(prior) && val_zeroish(v))
        return prior;
    return v;
}

/* Whether a prior set element is the element config describes: the SDK
 * hashes every configurable field, Optional+Computed ones included. */
static bool set_elem_match(tf_arena *a, const tf_block *b, const tf_value *pe,
                           const tf_value *ce);

static bool set_attr_match(tf_arena *a, const tf_attribute *at, const tf_value *pv,
                           const tf_value *cv)
{
    if (!(at->flags & (TF_REQUIRED | TF_OPTIONAL)))
        return true;
    if (tf_is_null(cv) && at->cdef)
        cv = at->cdef;
    if (tf_contains_unknown(cv))
        return false;
    if (type_is_object_collection(at->ctype))
        cv = fill_objects(a, cv);
    if (val_zeroish(pv) && val_zeroish(cv))
        return true;
    return val_same(pv, cv);
}

static bool set_nested_match(tf_arena *a, const tf_nested_block *nb,
                             const tf_value *pv, const tf_value *cv)
{
    if (tf_contains_unknown(cv))
        return false;
    bool pe = tf_is_null(pv) || coll_len(pv) == 0;
    bool ce = tf_is_null(cv) || coll_len(cv) == 0;
    if (nb->nesting == TF_NEST_SINGLE || nb->nesting == TF_NEST_GROUP) {
        if (tf_is_null(pv) || tf_is_null(cv))
            return tf_is_null(pv) && tf_is_null(cv);
        return set_elem_match(a, nb->block, pv, cv);
    }
    if (pe || ce)
        return pe && ce;
    size_t n = coll_len(pv);
    if (n != coll_len(cv))
        return false;
    if (nb->nesting == TF_NEST_MAP) {
        for (size_t i = 0; i < n; i++) {
            if (strcmp(pv->u.coll.keys[i], cv->u.coll.keys[i]) != 0 ||
                !set_elem_match(a, nb->block, pv->u.coll.items[i], cv->u.coll.items[i]))
                return false;
        }
        return true;
    }
    if (nb->nesting == TF_NEST_LIST) {
        for (size_t i = 0; i < n; i++)
            if (!set_elem_match(a, nb->block, pv->u.coll.items[i], cv->u.coll.items[i]))
                return false;
        return true;
    }
    /* Nested set: every config element must match some prior element. */
    for (size_t i = 0; i < n; i++) {
        bool found = false;
        for (size_t j = 0; j < n && !found; j++)
            found = set_elem_match(a, nb->block, pv->u.coll.items[j], cv->u.coll.items[i]);
        if (!found)
            return false;
    }
    return true;
}

static bool set_elem_match(tf_arena *a, const tf_block *b, const tf_value *pe,
                           const tf_value *ce)
{
    if (!tf_is_known(pe) || !tf_is_known(ce))
        return false;
    bool ok = true;
    for (const tf_attribute *at = b->attrs; ok && at->name; at++)
        ok = set_attr_match(a, at, tf_get(pe, at->name), tf_get(ce, at->name));
    for (const tf_nested_block *nb = b->blocks; ok && nb && nb->name; nb++)
        ok = set_nested_match(a, nb, tf_get(pe, nb->name), tf_get(ce, nb->name));
    return ok;
}

static const tf_value *plan_list(planner *p, const tf_nested_block *nb,
                                 const tf_type *t, const tf_value *prior,
                                 const tf_value *config, bool in_set)
{
    size_t n = coll_len(config);
    const tf_value **items = tf_arena_calloc(p->a, n ? n : 1, sizeof(*items));
    for (size_t i = 0; i < n; i++) {
        const tf_value *ce = config->u.coll.items[i];
        const tf_value *pe = i < coll_len(prior) ? prior->u.coll.items[i] : NULL;
        if (!tf_is_known(ce))
            items[i] = ce;
        else
            items[i] = plan_block(p, nb->block, tf_is_known(pe) ? pe : NULL, ce, in_set);
    }
    return tf_list(p->a, t->elem, n, items);
}

/* Config elements that match a prior element are that element.  When the
 * set changed at all (schemaMap.diffSet: the hash lists differ), or it is
 * inside an element being diffed, every element is diffed field by field
 * (all), the kept ones against their prior values. */
static const tf_value *plan_set(planner *p, const tf_nested_block *nb,
                                const tf_type *t, const tf_value *prior,
                                const tf_value *config, bool in_set)
{
    size_t n = coll_len(config), np = coll_len(prior);
    const tf_value **items = tf_arena_calloc(p->a, n ? n : 1, sizeof(*items));
    const tf_value **matched = tf_arena_calloc(p->a, n ? n : 1, sizeof(*matched));
    bool *used = tf_arena_calloc(p->a, np ? np : 1, sizeof(*used));
    bool changed = in_set || n != np;
    for (size_t i = 0; i < n; i++) {
        const tf_value *ce = config->u.coll.items[i];
        for (size_t j = 0; j < np && !matched[i] && tf_is_known(ce); j++) {
            if (!used[j] && set_elem_match(p->a, nb->block, prior->u.coll.items[j], ce)) {
                used[j] = true;
                matched[i] = prior->u.coll.items[j];
            }
        }
        if (!matched[i])
            changed = true;
    }
    for (size_t i = 0; i < n; i++) {
        const tf_value *ce = config->u.coll.items[i];
        if (matched[i])
            items[i] = changed ? plan_block(p, nb->block, matched[i], ce, true) : matched[i];
        else if (!tf_is_known(ce))
            items[i] = ce;
        else
            items[i] = plan_block(p, nb->block, NULL, ce, true);
    }
    return tf_set(p->a, t->elem, n, items);
}

static const tf_value *plan_map(planner *p, const tf_nested_block *nb,
                                const tf_type *t, const tf_value *prior,
                                const tf_value *config, bool in_set)
{
    size_t n = coll_len(config);
    const tf_value **items = tf_arena_calloc(p->a, n ? n : 1, sizeof(*items));
    const char **keys = tf_arena_calloc(p->a, n ? n : 1, sizeof(*keys));
    for (size_t i = 0; i < n; i++) {
        const tf_value *ce = config->u.coll.items[i];
        const tf_value *pe = tf_map_get(prior, config->u.coll.keys[i]);
        keys[i] = config->u.coll.keys[i];
        items[i] = tf_is_known(ce) ? plan_block(p, nb->block, tf_is_known(pe) ? pe : NULL, ce, in_set)
                                   : ce;
    }
    return tf_map(p->a, t->elem, n, keys, items);
}

/* prior is NULL when the enclosing object is new. */
static const tf_value *plan_nested(planner *p, const tf_nested_block *nb,
                                   const tf_type *t, const tf_value *prior,
                                   const tf_value *config, bool in_set)
{
    tf_arena *a = p->a;
    bool fresh = prior == NULL;
    if (!config)
        config = tf_null(a, t);
    if (tf_is_unknown(config))
        return config;
    bool absent = tf_is_null(config) ||
                  (nb->nesting != TF_NEST_SINGLE && nb->nesting != TF_NEST_GROUP &&
                   coll_len(config) == 0);
    /* Optional+Computed blocks: left out of config, they are the
     * provider's to decide. */
    if (absent && (nb->flags & TF_COMPUTED))
        return fresh ? tf_unknown(a, t) : prior;
    if (!fresh && !tf_is_known(prior))
        prior = NULL;
    switch (nb->nesting) {
    case TF_NEST_SINGLE:
    case TF_NEST_GROUP:
        if (tf_is_null(config))
            return config;
        return plan_block(p, nb->block, prior, config, in_set);
    case TF_NEST_LIST:
        return plan_list(p, nb, t, prior, config, in_set);
    case TF_NEST_SET:
        return plan_set(p, nb, t, prior, config, in_set);
    case TF_NEST_MAP:
        return plan_map(p, nb, t, prior, config, in_set);
    }
    assert(!"unknown nesting mode");
    return config;
}

/* prior is NULL when the object is new, else a known object. */
static const tf_value *plan_block(planner *p, const tf_block *b,
                                  const tf_value *prior, const tf_value *config,
                                  bool in_set)
{
    const tf_type *t = b->ctype;
    const tf_value **items = tf_arena_calloc(p->a, t->n ? t->n : 1, sizeof(*items));
    for (const tf_attribute *at = b->attrs; at->name; at++) {
        int i = tf_type_attr_index(t, at->name);
        const tf_value *pv = prior ? tf_get(prior, at->name) : NULL;
        if (prior && !pv)
            pv = tf_null(p->a, at->ctype);
        items[i] = plan_attr(p, at, pv, tf_get(config, at->name), in_set);
    }
    for (const tf_nested_block *nb = b->blocks; nb && nb->name; nb++) {
        int i = tf_type_attr_index(t, nb->name);
        const tf_type *nt = t->types[i];
        const tf_value *pv = prior ? tf_get(prior, nb->name) : NULL;
        if (prior && !pv)
            pv = tf_null(p->a, nt);
        items[i] = plan_nested(p, nb, nt, pv, tf_get(config, nb->name), in_set);
    }
    for (size_t i = 0; i < t->n; i++)
        assert(items[i]);
    return tf_object(p->a, t, items);
}

/* ------------------------------------------------------------------ */
/* requires_replace                                                    */

/* A ForceNew value changed.  Unknown counts as changed; zero and null are
 * the same to the SDK. */
static bool replace_changed(const tf_value *before, const tf_value *after)
{
    if (tf_contains_unknown(before) || tf_contains_unknown(after))
        return true;
    if (val_zeroish(before) && val_zeroish(after))
        return false;
    return !val_same(before, after);
}

static void scan_block(planner *p, const tf_block *b, const tf_value *prior,
                       const tf_value *planned, const tf_path *path);

static void scan_nested(planner *p, const tf_nested_block *nb,
                        const tf_value *pv, const tf_value *nv,
                        const tf_path *path)
{
    bool inner = block_has_force_new(nb->block);
    if (!(nb->flags & TF_FORCE_NEW) && !inner)
        return;
    const tf_path *bp = tf_path_attr(p->a, path, nb->name);
    if (tf_is_unknown(nv)) {
        paths_add(p->a, &p->replace, bp);
        return;
    }
    switch (nb->nesting) {
    case TF_NEST_SINGLE:
    case TF_NEST_GROUP:
        if ((nb->flags & TF_FORCE_NEW) && tf_is_null(pv) != tf_is_null(nv))
            paths_add(p->a, &p->replace, bp);
        scan_block(p, nb->block, pv, nv, bp);
        break;
    case TF_NEST_LIST: {
        size_t np = coll_len(pv), nn = coll_len(nv);
        if ((nb->flags & TF_FORCE_NEW) && np != nn)
            paths_add(p->a, &p->replace, bp);
        for (size_t i = 0; i < np || i < nn; i++) {
            const tf_value *pe = i < np ? pv->u.coll.items[i] : NULL;
            const tf_value *ne = i < nn ? nv->u.coll.items[i] : NULL;
            if (tf_is_unknown(ne))
                paths_add(p->a, &p->replace, bp);
            else
                scan_block(p, nb->block, pe, ne, tf_path_index(p->a, bp, (int64_t)i));
        }
        break;
    }
    case TF_NEST_SET:
        /* Set elements have no stable address: the SDK reports the set. */
        if ((inner && replace_changed(pv, nv)) ||
            ((nb->flags & TF_FORCE_NEW) && coll_len(pv) != coll_len(nv)))
            paths_add(p->a, &p->replace, bp);
        break;
    case TF_NEST_MAP:
        if ((nb->flags & TF_FORCE_NEW) && coll_len(pv) != coll_len(nv))
            paths_add(p->a, &p->replace, bp);
        for (size_t i = 0; i < coll_len(nv); i++) {
            const char *k = nv->u.coll.keys[i];
            scan_block(p, nb->block, tf_map_get(pv, k), nv->u.coll.items[i],
                       tf_path_key(p->a, bp, k));
        }
        for (size_t i = 0; i < coll_len(pv); i++) {
            const char *k = pv->u.coll.keys[i];
            if (!tf_map_get(nv, k))
                scan_block(p, nb->block, pv->u.coll.items[i], NULL,
                           tf_path_key(p->a, bp, k));
        }
        break;
    }
}

/* prior or planned may be NULL or null: an element that was added or
 * removed. */
static void scan_block(planner *p, const tf_block *b, const tf_value *prior,
                       const tf_value *planned, const tf_path *path)
{
    for (const tf_attribute *at = b->attrs; at->name; at++) {
        if (!(at->flags & TF_FORCE_NEW))
            continue;
        if (replace_changed(tf_get(prior, at->name), tf_get(planned, at->name)))
            paths_add(p->a, &p->replace, tf_path_attr(p->a, path, at->name));
    }
    for (const tf_nested_block *nb = b->blocks; nb && nb->name; nb++)
        scan_nested(p, nb, tf_get(prior, nb->name), tf_get(planned, nb->name), path);
}

/* ------------------------------------------------------------------ */
/* the strict plan check (objchange.AssertPlanValid)                   */

typedef struct strict {
    tf_arena *a;
    bool allow_defaults;
    int n;
    char *why;
} strict;

static void strict_fail(strict *s, const tf_path *path, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void strict_fail(strict *s, const tf_path *path, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = tf_arena_vprintf(s->a, fmt, ap);
    va_end(ap);
    char *where = tf_path_string(s->a, path);
    char *line = tf_arena_printf(s->a, "%s: %s", where[0] ? where : "(root)", msg);
    s->why = s->why ? tf_arena_printf(s->a, "%s; %s", s->why, line) : line;
    s->n++;
}

static const char *strict_show(strict *s, const tf_attribute *at, const tf_value *v)
{
    return (at->flags & TF_SENSITIVE) ? "(sensitive value)" : tf_value_debug(s->a, v);
}

static void strict_attr(strict *s, const tf_attribute *at, const tf_value *prior,
                        const tf_value *config, const tf_value *planned,
                        const tf_path *path)
{
    bool computed = at->flags & TF_COMPUTED, optional = at->flags & TF_OPTIONAL;
    if (!planned)
        planned = tf_null(s->a, at->ctype);
    if (at->flags & TF_WRITE_ONLY) {
        if (!tf_is_null(planned))
            strict_fail(s, path, "planned value for write-only attribute is not null");
        return;
    }
    if (!config)
        config = tf_null(s->a, at->ctype);
    if (!prior)
        prior = tf_null(s->a, at->ctype);
    if (tf_value_equal(planned, config))
        return;
    if (tf_value_equal(planned, prior) && !tf_is_null(prior) && !tf_is_null(config))
        return;
    if (computed && !optional)
        return;
    if (tf_is_null(config) && computed)
        return;
    if (tf_is_null(config) && !tf_is_null(planned)) {
        if (s->allow_defaults && at->cdef && tf_value_equal(planned, at->cdef))
            return;
        strict_fail(s, path, "planned value %s for a non-computed attribute",
                    strict_show(s, at, planned));
        return;
    }
    if (tf_is_null(prior))
        strict_fail(s, path, "planned value %s does not match config value %s",
                    strict_show(s, at, planned), strict_show(s, at, config));
    else
        strict_fail(s, path, "planned value %s does not match config value %s nor prior value %s",
                    strict_show(s, at, planned), strict_show(s, at, config),
                    strict_show(s, at, prior));
}

static void strict_block(strict *s, const tf_block *b, const tf_value *prior,
                         const tf_value *config, const tf_value *planned,
                         const tf_path *path);

static void strict_nested(strict *s, const tf_nested_block *nb, const tf_type *t,
                          const tf_value *prior, const tf_value *config,
                          const tf_value *planned, const tf_path *path)
{
    if (!planned)
        planned = tf_null(s->a, t);
    if (!config)
        config = tf_null(s->a, t);
    if (tf_value_equal(planned, config))
        return;
    if (tf_is_unknown(config)) {
        strict_fail(s, path, "planned value for unknown dynamic block");
        return;
    }
    if (tf_is_unknown(planned)) {
        strict_fail(s, path, "attribute representing nested block must not be unknown itself");
        return;
    }
    switch (nb->nesting) {
    case TF_NEST_SINGLE:
    case TF_NEST_GROUP:
        strict_block(s, nb->block, prior, config, planned, path);
        return;
    case TF_NEST_LIST: {
        if (tf_is_null(planned)) {
            strict_fail(s, path, "list of nested blocks must be empty to indicate no blocks, not null");
            return;
        }
        size_t np = coll_len(planned), nc = coll_len(config);
        if (np != nc) {
            strict_fail(s, path, "block count in plan (%zu) disagrees with count in config (%zu)",
                        np, nc);
            return;
        }
        for (size_t i = 0; i < np; i++) {
            const tf_path *ep = tf_path_index(s->a, path, (int64_t)i);
            const tf_value *pe = planned->u.coll.items[i];
            if (tf_is_unknown(pe)) {
                strict_fail(s, ep, "element representing nested block must not be unknown itself");
                continue;
            }
            const tf_value *pr = i < coll_len(prior) ? prior->u.coll.items[i] : NULL;
            strict_block(s, nb->block, pr, config->u.coll.items[i], pe, ep);
        }
        return;
    }
    case TF_NEST_SET:
        /* Terraform cannot correlate set elements and trusts the provider
         * with their contents. */
        if (tf_is_null(planned)) {
            strict_fail(s, path, "set of nested blocks must be empty to indicate no blocks, not null");
            return;
        }
        for (size_t i = 0; i < coll_len(planned); i++)
            if (tf_is_unknown(planned->u.coll.items[i]))
                strict_fail(s, tf_path_index(s->a, path, (int64_t)i),
                            "element representing nested block must not be unknown itself");
        return;
    case TF_NEST_MAP:
        if (tf_is_null(planned)) {
            strict_fail(s, path, "map of nested blocks must be empty to indicate no blocks, not null");
            return;
        }
        for (size_t i = 0; i < coll_len(planned); i++) {
            const char *k = planned->u.coll.keys[i];
            const tf_path *ep = tf_path_key(s->a, path, k);
            const tf_value *ce = tf_map_get(config, k);
            if (!ce) {
                strict_fail(s, ep, "block key \"%s\" has no corresponding config value", k);
                continue;
            }
            strict_block(s, nb->block, tf_map_get(prior, k), ce, planned->u.coll.items[i], ep);
        }
        for (size_t i = 0; i < coll_len(config); i++)
            if (!tf_map_get(planned, config->u.coll.keys[i]))
                strict_fail(s, tf_path_key(s->a, path, config->u.coll.keys[i]),
                            "block key from config is missing from the plan");
        return;
    }
}

static void strict_block(strict *s, const tf_block *b, const tf_value *prior,
                         const tf_value *config, const tf_value *planned,
                         const tf_path *path)
{
    if (tf_is_null(planned) && !tf_is_null(config)) {
        strict_fail(s, path, "planned for absence but config wants existence");
        return;
    }
    if (tf_is_null(config) && !tf_is_null(planned)) {
        strict_fail(s, path, "planned for existence but config wants absence");
        return;
    }
    if (tf_is_null(planned))
        return;
    if (tf_is_unknown(planned) || tf_is_unknown(config)) {
        if (!tf_value_equal(planned, config))
            strict_fail(s, path, "planned object is unknown");
        return;
    }
    for (const tf_attribute *at = b->attrs; at->name; at++)
        strict_attr(s, at, tf_get(prior, at->name), tf_get(config, at->name),
                    tf_get(planned, at->name), tf_path_attr(s->a, path, at->name));
    for (const tf_nested_block *nb = b->blocks; nb && nb->name; nb++)
        strict_nested(s, nb, block_member_type(b, nb->name), tf_get(prior, nb->name),
                      tf_get(config, nb->name), tf_get(planned, nb->name),
                      tf_path_attr(s->a, path, nb->name));
}

static int strict_run(tf_arena *a, bool allow_defaults, const tf_block *schema,
                      const tf_value *prior, const tf_value *config,
                      const tf_value *planned, char **why)
{
    strict s = {.a = a, .allow_defaults = allow_defaults};
    strict_block(&s, schema, prior, config, planned, tf_path_root(a));
    if (why)
        *why = s.why;
    return s.n;
}

int tf_plan_check_strict(tf_arena *a, const tf_block *schema,
                         const tf_value *prior, const tf_value *config,
                         const tf_value *planned, char **why)
{
    assert(a && schema && schema->ctype);
    return strict_run(a, true, schema, prior, config, planned, why);
}

/* ------------------------------------------------------------------ */
/* tf_plan_resource                                                    */

void tf_plan_add_replace(tf_arena *a, tf_plan_req *req, const tf_path *path)
{
    assert(a && req && path);
    path_list l = {0};
    for (size_t i = 0; i < req->n_replace; i++)
        paths_add(a, &l, req->replace[i]);
    paths_add(a, &l, path);
    req->replace = l.items;
    req->n_replace = l.n;
}

const tf_value *tf_plan_fill_field(tf_arena *a, const tf_value *coll, const char *field,
                                   const tf_value *def)
{
    assert(a && field && def);
    if (!tf_is_known(coll) || !type_is_object_collection(coll->type) ||
        tf_type_attr_index(coll->type->elem, field) < 0)
        return coll;
    size_t n = coll->u.coll.n;
    const tf_value **items = tf_arena_calloc(a, n ? n : 1, sizeof(*items));
    for (size_t i = 0; i < n; i++) {
        const tf_value *e = coll->u.coll.items[i];
        items[i] = tf_is_known(e) && tf_is_null(tf_get(e, field))
                       ? tf_object_with(a, e, field, def) : e;
    }
    const tf_type *t = coll->type;
    return t->kind == TF_LIST ? tf_list(a, t->elem, n, items) : tf_set(a, t->elem, n, items);
}

/* Runs the resource's own planning (SDKv2's CustomizeDiff and the
 * StateFunc-like normalisations).  Returns NULL when it broke the plan. */
static const tf_value *plan_hook(tf_ctx *ctx, planner *p, const tf_resource_def *def,
                                 const tf_value *prior, const tf_value *proposed,
                                 const tf_value *config, const tf_value *planned,
                                 const void *priv, size_t priv_len)
{
    if (!def->modify_plan)
        return planned;
    tf_plan_req req = {
        .prior = prior,
        .config = config,
        .proposed = proposed,
        .planned = planned,
        .replace = p->replace.items,
        .n_replace = p->replace.n,
        .private_in = priv,
        .private_in_len = priv_len,
    };
    def->modify_plan(ctx, &req);
    if (!req.planned || !tf_is_known(req.planned) ||
        !tf_type_equal(req.planned->type, def->schema->ctype)) {
        tf_diag_error(ctx->diags, NULL, "Provider produced an invalid plan",
                      "The plan adjustments of %s returned a value that does not fit "
                      "the resource schema.  This is a bug in the provider.",
                      def->type_name);
        return NULL;
    }
    /* The hook may have handed back a different array; keep its paths. */
    path_list l = {0};
    for (size_t i = 0; i < req.n_replace; i++)
        if (req.replace[i])
            paths_add(p->a, &l, req.replace[i]);
    p->replace = l;
    return req.planned;
}

/* After the resource's own planning, which may normalise set(object)
 * elements the way an SDK StateFunc or hash function does
 * (aws_security_group's protocol "ALL" as "-1"): a set(object) attribute
 * whose planned elements all match the prior ones is unchanged, and so is
 * the prior set, as the SDK's equal hash lists make it. */
static const tf_value *keep_unchanged_object_sets(tf_arena *a, const tf_block *b,
                                                  const tf_value *prior,
                                                  const tf_value *planned)
{
    for (const tf_attribute *at = b->attrs; at->name; at++) {
        const tf_type *t = at->ctype;
        if (t->kind != TF_SET || t->elem->kind != TF_OBJECT)
            continue;
        const tf_value *pv = tf_get(prior, at->name), *nv = tf_get(planned, at->name);
        if (!tf_is_known(pv) || !tf_is_known(nv) || tf_contains_unknown(nv) ||
            pv->u.coll.n != nv->u.coll.n || tf_value_equal(pv, nv))
            continue;
        size_t n = nv->u.coll.n;
        bool *used = tf_arena_calloc(a, n ? n : 1, sizeof(*used));
        bool same = true;
        for (size_t i = 0; i < n && same; i++) {
            bool found = false;
            for (size_t j = 0; j < n && !found; j++) {
                if (!used[j] && object_elem_match(a, pv->u.coll.items[j], nv->u.coll.items[i]))
                    used[j] = found = true;
            }
            same = found;
        }
        if (same)
            planned = tf_object_with(a, planned, at->name, pv);
    }
    return planned;
}

void tf_plan_resource(tf_ctx *ctx, const tf_resource_def *def,
                      const tf_value *prior, const tf_value *proposed,
                      const tf_value *config, const void *priv,
                      size_t priv_len, tf_plan_out *out)
{
    assert(ctx && def && def->schema && def->schema->ctype && out);
    tf_arena *a = ctx->arena;
    const tf_block *schema = def->schema;
    const tf_type *t = schema->ctype;
    memset(out, 0, sizeof(*out));

    if (tf_is_null(proposed)) {
        out->planned = tf_null(a, t);
        return;
    }
    if (!tf_is_known(config) || !tf_type_equal(config->type, t) ||
        !(tf_is_null(prior) || (tf_is_known(prior) && tf_type_equal(prior->type, t)))) {
        tf_diag_error(ctx->diags, NULL, "Invalid plan request",
                      "The configuration or prior state of %s does not fit its schema.",
                      def->type_name);
        return;
    }

    bool create = tf_is_null(prior);
    planner p = {.a = a, .create = create};
    const tf_value *null_prior = tf_null(a, t);
    const tf_value *planned = plan_block(&p, schema, create ? NULL : prior, config, false);
    planned = plan_hook(ctx, &p, def, create ? null_prior : prior, proposed, config,
                        planned, priv, priv_len);
    if (!planned)
        return;
    planned = tf_write_only_null(a, schema, planned);
    if (!create) {
        planned = keep_unchanged_object_sets(a, schema, prior, planned);
        scan_block(&p, schema, prior, planned, tf_path_root(a));
    }

    if (p.replace.n > 0 && !create) {
        /* The replacement is a new object: plan it as one, and let the hook
         * see it as a create (SDKv2 re-diffs without state), but keep the
         * paths found against the prior object. */
        path_list keep = p.replace;
        p.create = true;
        planned = plan_block(&p, schema, NULL, config, false);
        planned = plan_hook(ctx, &p, def, null_prior, proposed, config, planned, priv,
                            priv_len);
        if (!planned)
            return;
        planned = tf_write_only_null(a, schema, planned);
        p.replace = keep;
    } else if (create) {
        p.replace = (path_list){0};
    }

    out->planned = planned;
    out->replace = p.replace.items;
    out->n_replace = p.replace.n;

    /* legacy_type_system relaxes Terraform's plan check into warnings.  We
     * ask for it only when the plan really needs it, which for these SDKv2
     * behaviours it does:
     *   - a Default planned for a non-computed attribute that is null in
     *     config (aws_vpc.enable_dns_support = true);
     *   - "" / empty planned for unset fields of set(object) attributes
     *     (aws_security_group.ingress[*].description);
     *   - an Optional+Computed block absent from config planned unknown
     *     (aws_lb_target_group.stickiness);
     *   - prior zero values kept where config is null, and prior nulls kept
     *     where config holds a zero value;
     *   - "" in config for an Optional+Computed string planned unknown;
     *   - an empty set or map in config planned null, or unknown;
     *   - values normalised by modify_plan that differ from config, as
     *     SDKv2's StateFunc does (aws_launch_configuration.user_data). */
    char *why = NULL;
    int bad = strict_run(a, false, schema, prior, config, planned, &why);
    out->legacy_type_system = bad > 0;
    if (bad)
        TF_DEBUG("plan of %s needs the legacy type system: %s", def->type_name, why);
}

/* ------------------------------------------------------------------ */
/* tf_state_conform                                                    */

typedef struct conform {
    tf_ctx *ctx;
    bool failed;
} conform;

/* Terraform refuses unknown values in a new state; the SDK turns them into
 * nulls, and so do we. */
static const tf_value *unknown_as_null(tf_arena *a, const tf_value *v)
{
    if (tf_is_unknown(v))
        return tf_null(a, v->type);
    if (!tf_contains_unknown(v))
        return v;
    size_t n = v->u.coll.n;
    const tf_value **items = tf_arena_calloc(a, n ? n : 1, sizeof(*items));
    for (size_t i = 0; i < n; i++)
        items[i] = unknown_as_null(a, v->u.coll.items[i]);
    switch (v->type->kind) {
    case TF_LIST:
        return tf_list(a, v->type->elem, n, items);
    case TF_SET:
        return tf_set(a, v->type->elem, n, items);
    case TF_MAP:
        return tf_map(a, v->type->elem, n, v->u.coll.keys, items);
    case TF_OBJECT:
        return tf_object(a, v->type, items);
    case TF_TUPLE:
        return tf_tuple(a, v->type, items);
    default:
        return v;
    }
}

static bool wholly_known(const tf_value *v)
{
    return v && !tf_contains_unknown(v);
}

static const tf_value *conform_attr(conform *c, const tf_attribute *at,
                                    const tf_value *pv, const tf_value *sv,
                                    const tf_path *path)
{
    tf_arena *a = c->ctx->arena;
    const tf_type *t = at->ctype;
    const tf_value *v = tf_null(a, t);
    if (at->flags & TF_WRITE_ONLY) /* never stored */
        return v;
    if (sv) {
        char *err = NULL;
        v = tf_convert(a, sv, t, &err);
        if (!v) {
            tf_diag_error(c->ctx->diags, path, "Provider produced an invalid new state",
                          "The value returned for %s does not fit its type %s: %s.  "
                          "This is a bug in the provider.",
                          tf_path_string(a, path), tf_type_friendly(a, t),
                          err ? err : "conversion failed");
            c->failed = true;
            return tf_null(a, t);
        }
        v = unknown_as_null(a, v);
    }
    if (!wholly_known(pv))
        return v;
    /* What config decided stays as planned, so that the new state agrees
     * with the plan Terraform holds us to.  Except that SDKv2 writes the
     * zero value a read set for an argument left out of config ("" for
     * aws_subnet.outpost_arn): the apply answer carries
     * legacy_type_system, under which Terraform accepts that. */
    if (!(at->flags & TF_COMPUTED)) {
        bool primitive = t->kind == TF_STRING || t->kind == TF_NUMBER || t->kind == TF_BOOL;
        if (primitive && tf_is_null(pv) && !tf_is_null(v) && val_zeroish(v))
            return v;
        return pv;
    }
    /* As SDKv2's normalizeNullValues: a value the resource left null, an
     * empty-versus-null collection, and a wholly known set keep the plan. */
    if (tf_is_null(v) && !tf_is_null(pv))
        return pv;
    if (tf_is_null(pv) && tf_type_is_collection(t) && coll_len(v) == 0)
        return pv;
    if (t->kind == TF_SET && !tf_is_null(pv))
        return pv;
    if (!tf_value_equal(v, pv))
        TF_DEBUG("state_conform: %s differs from its planned value",
                 tf_path_string(a, path));
    return v;
}

static const tf_value *conform_block(conform *c, const tf_block *b,
                                     const tf_value *planned, const tf_value *state,
                                     const tf_path *path);

static const tf_value *conform_empty(tf_arena *a, const tf_nested_block *nb,
                                     const tf_type *t)
{
    switch (nb->nesting) {
    case TF_NEST_LIST:
        return tf_list(a, t->elem, 0, NULL);
    case TF_NEST_SET:
        return tf_set(a, t->elem, 0, NULL);
    case TF_NEST_MAP:
        return tf_map(a, t->elem, 0, NULL, NULL);
    default:
        return tf_null(a, t);
    }
}

static bool conform_is_collection(const tf_value *v)
{
    tf_kind k = v->type->kind;
    return k == TF_LIST || k == TF_SET || k == TF_TUPLE;
}

static const tf_value *conform_nested(conform *c, const tf_nested_block *nb,
                                      const tf_type *t, const tf_value *pv,
                                      const tf_value *sv, const tf_path *path)
{
    tf_arena *a = c->ctx->arena;
    if (!sv || !tf_is_known(sv)) {
        if (wholly_known(pv) && !tf_is_null(pv))
            return pv;
        return conform_empty(a, nb, t);
    }
    switch (nb->nesting) {
    case TF_NEST_SINGLE:
    case TF_NEST_GROUP:
        return conform_block(c, nb->block, pv, sv, path);
    case TF_NEST_LIST:
    case TF_NEST_SET: {
        if (!conform_is_collection(sv))
            break;
        if (nb->nesting == TF_NEST_SET && wholly_known(pv) && !tf_is_null(pv))
            return pv;
        size_t n = sv->u.coll.n;
        const tf_value **items = tf_arena_calloc(a, n ? n : 1, sizeof(*items));
        for (size_t i = 0; i < n; i++) {
            const tf_value *pe = nb->nesting == TF_NEST_LIST && i < coll_len(pv)
                                     ? pv->u.coll.items[i] : NULL;
            items[i] = conform_block(c, nb->block, pe, sv->u.coll.items[i],
                                     tf_path_index(a, path, (int64_t)i));
        }
        return nb->nesting == TF_NEST_LIST ? tf_list(a, t->elem, n, items)
                                           : tf_set(a, t->elem, n, items);
    }
    case TF_NEST_MAP: {
        if (sv->type->kind != TF_MAP && sv->type->kind != TF_OBJECT)
            break;
        size_t n = sv->u.coll.n;
        const char **keys = sv->u.coll.keys ? sv->u.coll.keys : sv->type->names;
        const tf_value **items = tf_arena_calloc(a, n ? n : 1, sizeof(*items));
        for (size_t i = 0; i < n; i++)
            items[i] = conform_block(c, nb->block, tf_map_get(pv, keys[i]),
                                     sv->u.coll.items[i], tf_path_key(a, path, keys[i]));
        return tf_map(a, t->elem, n, keys, items);
    }
    }
    tf_diag_error(c->ctx->diags, path, "Provider produced an invalid new state",
                  "The value returned for block %s has the wrong shape (%s).  "
                  "This is a bug in the provider.",
                  tf_path_string(a, path), tf_type_friendly(a, sv->type));
    c->failed = true;
    return conform_empty(a, nb, t);
}

static const tf_value *conform_block(conform *c, const tf_block *b,
                                     const tf_value *planned, const tf_value *state,
                                     const tf_path *path)
{
    tf_arena *a = c->ctx->arena;
    const tf_type *t = b->ctype;
    if (!tf_is_known(state) || state->type->kind != TF_OBJECT) {
        if (tf_is_null(state))
            return wholly_known(planned) ? planned : tf_null(a, t);
        tf_diag_error(c->ctx->diags, path, "Provider produced an invalid new state",
                      "Expected an object for %s, got %s.  This is a bug in the provider.",
                      path->n ? tf_path_string(a, path) : "the resource",
                      tf_is_unknown(state) ? "an unknown value"
                                           : tf_type_friendly(a, state->type));
        c->failed = true;
        return tf_null(a, t);
    }
    if (!tf_is_known(planned))
        planned = NULL;
    const tf_value **items = tf_arena_calloc(a, t->n ? t->n : 1, sizeof(*items));
    for (const tf_attribute *at = b->attrs; at->name; at++)
        items[tf_type_attr_index(t, at->name)] =
            conform_attr(c, at, tf_get(planned, at->name), tf_get(state, at->name),
                         tf_path_attr(a, path, at->name));
    for (const tf_nested_block *nb = b->blocks; nb && nb->name; nb++) {
        int i = tf_type_attr_index(t, nb->name);
        items[i] = conform_nested(c, nb, t->types[i], tf_get(planned, nb->name),
                                  tf_get(state, nb->name), tf_path_attr(a, path, nb->name));
    }
    return tf_object(a, t, items);
}

const tf_value *tf_state_conform(tf_ctx *ctx, const tf_block *schema,
                                 const tf_value *planned, const tf_value *state)
{
    assert(ctx && schema && schema->ctype);
    if (!state) {
        tf_diag_error(ctx->diags, NULL, "Provider produced an invalid new state",
                      "The resource returned no state.  This is a bug in the provider.");
        return NULL;
    }
    if (tf_is_null(state))
        return tf_null(ctx->arena, schema->ctype);
    conform c = {.ctx = ctx};
    const tf_value *v = conform_block(&c, schema, planned, state, tf_path_root(ctx->arena));
    return c.failed ? NULL : v;
}

const tf_value *tf_state_apply_reads(tf_ctx *ctx, const tf_resource_def *def,
                                     const tf_value *returned, const tf_value *state)
{
    if (!def->apply_reads || !tf_is_known(returned) || tf_is_null(returned) ||
        !tf_is_known(state) || tf_is_null(state))
        return state;
    tf_arena *a = ctx->arena;
    for (const char *const *name = def->apply_reads; *name; name++) {
        const tf_attribute *at = tf_block_attr(def->schema, *name);
        /* A name that is not a plain stored attribute is a mistake in the
         * resource's definition. */
        assert(at && !(at->flags & (TF_COMPUTED | TF_WRITE_ONLY)));
        const tf_value *v = tf_get(returned, *name);
        if (!v || tf_is_null(v) || tf_contains_unknown(v))
            continue;
        /* The SDK's rules for collections at apply: a collection planned
         * null and read back empty stays null; a set planned wholly known
         * stays as planned (the SDK takes it for what was applied). */
        const tf_value *want = tf_get(state, *name);
        tf_kind kind = at->ctype->kind;
        bool collection = kind == TF_LIST || kind == TF_SET || kind == TF_MAP;
        if (collection && want && tf_is_null(want) && v->u.coll.n == 0)
            continue;
        if (kind == TF_SET && want && !tf_is_null(want) && !tf_contains_unknown(want))
            continue;
        char *err = NULL;
        v = tf_convert(a, v, at->ctype, &err);
        if (!v) {
            tf_diag_error(ctx->diags, tf_path_attr(a, tf_path_root(a), *name),
                          "Provider produced an invalid new state",
                          "The value read back for %s does not fit its type %s: %s.  "
                          "This is a bug in the provider.",
                          *name, tf_type_friendly(a, at->ctype), err ? err : "conversion failed");
            continue;
        }
        state = tf_object_with(a, state, *name, v);
    }
    return state;
}

/* ---- apply consistency ---- */

/* Terraform's rule for an applied object (objchange.AssertObjectCompatible,
 * simplified to what matters here): wherever the plan was known, the new
 * state must be equal; under an unknown anything goes. */
bool tf_apply_consistent(const tf_value *planned, const tf_value *actual)
{
    if (tf_is_unknown(planned))
        return true;
    if (!tf_contains_unknown(planned))
        return tf_value_equal(planned, actual);
    if (tf_is_null(actual) || tf_is_unknown(actual))
        return false;
    switch (planned->type->kind) {
    case TF_OBJECT:
    case TF_TUPLE:
    case TF_LIST:
        if (planned->u.coll.n != actual->u.coll.n)
            return false;
        for (size_t i = 0; i < planned->u.coll.n; i++)
            if (!tf_apply_consistent(planned->u.coll.items[i], actual->u.coll.items[i]))
                return false;
        return true;
    case TF_MAP:
        if (planned->u.coll.n != actual->u.coll.n)
            return false;
        for (size_t i = 0; i < planned->u.coll.n; i++) {
            const tf_value *a = tf_map_get(actual, planned->u.coll.keys[i]);
            if (!a || !tf_apply_consistent(planned->u.coll.items[i], a))
                return false;
        }
        return true;
    case TF_SET: {
        /* As objchange.assertSetValuesCompatible: every planned element
         * must be compatible with some actual element and the other way
         * round, and the set must not grow. */
        size_t np = planned->u.coll.n, na = actual->u.coll.n;
        if (na > np)
            return false;
        for (size_t i = 0; i < np; i++) {
            bool found = false;
            for (size_t j = 0; j < na && !found; j++)
                found = tf_apply_consistent(planned->u.coll.items[i], actual->u.coll.items[j]);
            if (!found)
                return false;
        }
        for (size_t j = 0; j < na; j++) {
            bool found = false;
            for (size_t i = 0; i < np && !found; i++)
                found = tf_apply_consistent(planned->u.coll.items[i], actual->u.coll.items[j]);
            if (!found)
                return false;
        }
        return true;
    }
    default:
        return true;
    }
}

/* ---- write-only attributes ---- */

static const tf_value *wo_null_block(tf_arena *a, const tf_block *b, const tf_value *v);

static const tf_value *wo_null_nested(tf_arena *a, const tf_nested_block *nb,
                                      const tf_value *v)
{
    if (!tf_is_known(v))
        return v;
    if (nb->nesting == TF_NEST_SINGLE || nb->nesting == TF_NEST_GROUP)
        return wo_null_block(a, nb->block, v);
    size_t n = v->u.coll.n;
    const tf_value **items = tf_arena_calloc(a, n ? n : 1, sizeof(*items));
    for (size_t i = 0; i < n; i++)
        items[i] = wo_null_block(a, nb->block, v->u.coll.items[i]);
    switch (v->type->kind) {
    case TF_LIST:
        return tf_list(a, v->type->elem, n, items);
    case TF_SET:
        return tf_set(a, v->type->elem, n, items);
    case TF_MAP:
        return tf_map(a, v->type->elem, n, v->u.coll.keys, items);
    default:
        return v;
    }
}

static const tf_value *wo_null_block(tf_arena *a, const tf_block *b, const tf_value *v)
{
    if (!tf_is_known(v) || v->type->kind != TF_OBJECT)
        return v;
    for (const tf_attribute *at = b->attrs; at->name; at++)
        if ((at->flags & TF_WRITE_ONLY) && !tf_is_null(tf_get(v, at->name)))
            v = tf_object_with(a, v, at->name, tf_null(a, at->ctype));
    for (const tf_nested_block *nb = b->blocks; nb && nb->name; nb++) {
        const tf_value *nv = tf_get(v, nb->name), *fixed = wo_null_nested(a, nb, nv);
        if (fixed != nv)
            v = tf_object_with(a, v, nb->name, fixed);
    }
    return v;
}

const tf_value *tf_write_only_null(tf_arena *a, const tf_block *schema, const tf_value *v)
{
    return wo_null_block(a, schema, v);
}

static void wo_refuse_block(tf_ctx *ctx, const tf_block *b, const tf_value *v,
                            const tf_path *path)
{
    if (!tf_is_known(v) || v->type->kind != TF_OBJECT)
        return;
    for (const tf_attribute *at = b->attrs; at->name; at++)
        if ((at->flags & TF_WRITE_ONLY) && !tf_is_null(tf_get(v, at->name)))
            tf_diag_error(ctx->diags, tf_path_attr(ctx->arena, path, at->name),
                          "Write-only Attribute Not Allowed",
                          "The resource contains a non-null value for write-only attribute "
                          "\"%s\" Write-only attributes are only supported in Terraform 1.11 "
                          "and later.", at->name);
    for (const tf_nested_block *nb = b->blocks; nb && nb->name; nb++) {
        const tf_value *nv = tf_get(v, nb->name);
        const tf_path *np = tf_path_attr(ctx->arena, path, nb->name);
        if (!tf_is_known(nv))
            continue;
        if (nb->nesting == TF_NEST_SINGLE || nb->nesting == TF_NEST_GROUP) {
            wo_refuse_block(ctx, nb->block, nv, np);
            continue;
        }
        for (size_t i = 0; i < nv->u.coll.n; i++) {
            const tf_path *ep = nv->type->kind == TF_MAP
                                    ? tf_path_key(ctx->arena, np, nv->u.coll.keys[i])
                                    : tf_path_index(ctx->arena, np, (int64_t)i);
            wo_refuse_block(ctx, nb->block, nv->u.coll.items[i], ep);
        }
    }
}

void tf_write_only_refuse(tf_ctx *ctx, const tf_block *schema, const tf_value *config)
{
    wo_refuse_block(ctx, schema, config, tf_path_root(ctx->arena));
}

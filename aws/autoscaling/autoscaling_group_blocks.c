/* autoscaling_group_blocks.c - see autoscaling_group_blocks.h. */

#include "autoscaling_group_blocks.h"

#include <stdio.h>
#include <string.h>

#include "autoscaling_common.h"
#include "block_values.h"
#include "diagnostics.h"
#include "value_build.h"

/* ---- zero values ---- */

const tf_value *asg_zero_fill(tf_arena *a, const tf_value *v)
{
    if (!tf_is_known(v))
        return v;
    const tf_type *t = v->type;
    if ((t->kind == TF_LIST || t->kind == TF_SET) && t->elem->kind == TF_OBJECT) {
        const tf_value **items = tf_arena_calloc(a, v->u.coll.n + 1, sizeof *items);
        for (size_t i = 0; i < v->u.coll.n; i++)
            items[i] = asg_zero_fill(a, v->u.coll.items[i]);
        return t->kind == TF_LIST ? tf_list(a, t->elem, v->u.coll.n, items)
                                  : tf_set(a, t->elem, v->u.coll.n, items);
    }
    if (t->kind != TF_OBJECT)
        return v;
    tf_objb b;
    tf_objb_init(&b, a, t, v);
    for (size_t i = 0; i < t->n; i++) {
        const tf_value *x = v->u.coll.items[i];
        const tf_type *xt = t->types[i];
        if (!tf_is_null(x)) {
            tf_objb_set(&b, t->names[i], asg_zero_fill(a, x));
            continue;
        }
        switch (xt->kind) {
        case TF_STRING: tf_objb_str(&b, t->names[i], ""); break;
        case TF_BOOL: tf_objb_bool(&b, t->names[i], false); break;
        case TF_NUMBER: tf_objb_i64(&b, t->names[i], 0); break;
        case TF_LIST: tf_objb_set(&b, t->names[i], tf_list(a, xt->elem, 0, NULL)); break;
        case TF_SET: tf_objb_set(&b, t->names[i], tf_set(a, xt->elem, 0, NULL)); break;
        default: break;
        }
    }
    return tf_objb_done(&b);
}

/* ---- small helpers ---- */

static const tf_value *first(const tf_value *list)
{
    const tf_value *e = aws_block_first(list);
    return tf_is_known(e) ? e : NULL;
}

static const char *str_of(const tf_value *obj, const char *attr)
{
    const tf_value *v = obj ? tf_get(obj, attr) : NULL;
    return tf_is_known(v) ? v->u.str.ptr : "";
}

/* SDKv2's int read of a map: 0 when null or unknown. */
static int64_t int_of(const tf_value *obj, const char *attr)
{
    const tf_value *v = obj ? tf_get(obj, attr) : NULL;
    int64_t n = 0;
    if (tf_is_known(v))
        tf_number_to_i64(v, &n);
    return n;
}

static double num_of(const tf_value *obj, const char *attr)
{
    const tf_value *v = obj ? tf_get(obj, attr) : NULL;
    double d = 0;
    if (tf_is_known(v))
        tf_number_to_double(v, &d);
    return d;
}

static void add_i64(aws_params *p, const char *key, int64_t n)
{
    aws_params_addf(p, key, "%lld", (long long)n);
}

static void add_strings(aws_params *p, const char *prefix, const tf_value *coll)
{
    for (size_t i = 0; tf_is_known(coll) && i < coll->u.coll.n; i++)
        if (tf_is_known(coll->u.coll.items[i]))
            aws_params_add(p, aws_params_key(p, "%s.member.%zu", prefix, i + 1),
                           coll->u.coll.items[i]->u.str.ptr);
}

static const tf_value *xml_strings(tf_arena *a, const aws_xml_node *n, const char *path,
                                   bool set)
{
    size_t k = 0;
    for (const aws_xml_node *m = aws_xml_first(n, path); m; m = aws_xml_next(m))
        k++;
    const char **items = tf_arena_calloc(a, k + 1, sizeof *items);
    k = 0;
    for (const aws_xml_node *m = aws_xml_first(n, path); m; m = aws_xml_next(m))
        items[k++] = m->text ? m->text : "";
    return set ? tf_string_set(a, items, k) : tf_string_list(a, items, k);
}

static const tf_block *sub_block(const tf_block *blk, const char *name)
{
    for (size_t i = 0; i < blk->n_blocks; i++)
        if (strcmp(blk->blocks[i].name, name) == 0)
            return blk->blocks[i].block;
    return NULL;
}

/* ---- mixed instances policy ---- */

typedef enum { IR_STR, IR_INT, IR_BOOL, IR_SET, IR_RANGE_INT, IR_RANGE_FLOAT } ir_kind;

static const struct {
    const char *tf, *aws;
    ir_kind kind;
} ir_fields[] = {
    {"accelerator_count", "AcceleratorCount", IR_RANGE_INT},
    {"accelerator_manufacturers", "AcceleratorManufacturers", IR_SET},
    {"accelerator_names", "AcceleratorNames", IR_SET},
    {"accelerator_total_memory_mib", "AcceleratorTotalMemoryMiB", IR_RANGE_INT},
    {"accelerator_types", "AcceleratorTypes", IR_SET},
    {"allowed_instance_types", "AllowedInstanceTypes", IR_SET},
    {"bare_metal", "BareMetal", IR_STR},
    {"baseline_ebs_bandwidth_mbps", "BaselineEbsBandwidthMbps", IR_RANGE_INT},
    {"burstable_performance", "BurstablePerformance", IR_STR},
    {"cpu_manufacturers", "CpuManufacturers", IR_SET},
    {"excluded_instance_types", "ExcludedInstanceTypes", IR_SET},
    {"instance_generations", "InstanceGenerations", IR_SET},
    {"local_storage", "LocalStorage", IR_STR},
    {"local_storage_types", "LocalStorageTypes", IR_SET},
    {"max_spot_price_as_percentage_of_optimal_on_demand_price",
     "MaxSpotPriceAsPercentageOfOptimalOnDemandPrice", IR_INT},
    {"memory_gib_per_vcpu", "MemoryGiBPerVCpu", IR_RANGE_FLOAT},
    {"memory_mib", "MemoryMiB", IR_RANGE_INT},
    {"network_bandwidth_gbps", "NetworkBandwidthGbps", IR_RANGE_FLOAT},
    {"network_interface_count", "NetworkInterfaceCount", IR_RANGE_INT},
    {"on_demand_max_price_percentage_over_lowest_price",
     "OnDemandMaxPricePercentageOverLowestPrice", IR_INT},
    {"require_hibernate_support", "RequireHibernateSupport", IR_BOOL},
    {"spot_max_price_percentage_over_lowest_price", "SpotMaxPricePercentageOverLowestPrice",
     IR_INT},
    {"total_local_storage_gb", "TotalLocalStorageGB", IR_RANGE_FLOAT},
    {"vcpu_count", "VCpuCount", IR_RANGE_INT},
};
#define N_IR_FIELDS (sizeof ir_fields / sizeof ir_fields[0])

/* expandInstanceRequirements: strings and ints when set (non-zero), sets
 * when not empty, ranges with Min always and Max when it is >= Min. */
static void param_requirements(aws_params *p, const char *prefix, const tf_value *ir)
{
    for (size_t i = 0; i < N_IR_FIELDS; i++) {
        const char *key = aws_params_key(p, "%s.%s", prefix, ir_fields[i].aws);
        const tf_value *v = tf_get(ir, ir_fields[i].tf);
        switch (ir_fields[i].kind) {
        case IR_STR:
            if (*str_of(ir, ir_fields[i].tf))
                aws_params_add(p, key, str_of(ir, ir_fields[i].tf));
            break;
        case IR_INT:
            if (int_of(ir, ir_fields[i].tf) != 0)
                add_i64(p, key, int_of(ir, ir_fields[i].tf));
            break;
        case IR_BOOL:
            if (tf_is_known(v) && v->u.b)
                aws_params_add(p, key, "true");
            break;
        case IR_SET:
            add_strings(p, key, v);
            break;
        case IR_RANGE_INT: {
            const tf_value *r = first(v);
            if (!r)
                break;
            int64_t lo = int_of(r, "min"), hi = int_of(r, "max");
            add_i64(p, aws_params_key(p, "%s.Min", key), lo);
            if (hi >= lo)
                add_i64(p, aws_params_key(p, "%s.Max", key), hi);
            break;
        }
        case IR_RANGE_FLOAT: {
            const tf_value *r = first(v);
            if (!r)
                break;
            double lo = num_of(r, "min"), hi = num_of(r, "max");
            aws_params_addf(p, aws_params_key(p, "%s.Min", key), "%.17g", lo);
            if (hi >= lo)
                aws_params_addf(p, aws_params_key(p, "%s.Max", key), "%.17g", hi);
            break;
        }
        }
    }
}

/* expandLaunchTemplateSpecificationForMixedInstancesPolicy with
 * hasDefaultVersion: the id unless empty or "unknown" (then the name),
 * Version $Default unless one is set. */
static void param_spec(aws_params *p, const char *prefix, const tf_value *spec)
{
    const char *id = str_of(spec, "launch_template_id");
    if (*id && strcmp(id, "unknown") != 0)
        aws_params_add(p, aws_params_key(p, "%s.LaunchTemplateId", prefix), id);
    else if (*str_of(spec, "launch_template_name"))
        aws_params_add(p, aws_params_key(p, "%s.LaunchTemplateName", prefix),
                       str_of(spec, "launch_template_name"));
    const char *version = str_of(spec, "version");
    aws_params_add(p, aws_params_key(p, "%s.Version", prefix), *version ? version : "$Default");
}

void asg_param_mixed(tf_arena *a, aws_params *p, const tf_value *mip)
{
    (void)a;
    const tf_value *m = first(mip);
    if (!m)
        return;
    const tf_value *d = first(tf_get(m, "instances_distribution"));
    if (d) {
        const char *pre = "MixedInstancesPolicy.InstancesDistribution";
        if (*str_of(d, "on_demand_allocation_strategy"))
            aws_params_add(p, aws_params_key(p, "%s.OnDemandAllocationStrategy", pre),
                           str_of(d, "on_demand_allocation_strategy"));
        add_i64(p, aws_params_key(p, "%s.OnDemandBaseCapacity", pre),
                int_of(d, "on_demand_base_capacity"));
        add_i64(p, aws_params_key(p, "%s.OnDemandPercentageAboveBaseCapacity", pre),
                int_of(d, "on_demand_percentage_above_base_capacity"));
        if (*str_of(d, "spot_allocation_strategy"))
            aws_params_add(p, aws_params_key(p, "%s.SpotAllocationStrategy", pre),
                           str_of(d, "spot_allocation_strategy"));
        if (int_of(d, "spot_instance_pools") != 0)
            add_i64(p, aws_params_key(p, "%s.SpotInstancePools", pre),
                    int_of(d, "spot_instance_pools"));
        aws_params_add(p, aws_params_key(p, "%s.SpotMaxPrice", pre),
                       str_of(d, "spot_max_price"));
    }
    const tf_value *lt = first(tf_get(m, "launch_template"));
    if (!lt)
        return;
    const tf_value *spec = first(tf_get(lt, "launch_template_specification"));
    if (spec)
        param_spec(p, "MixedInstancesPolicy.LaunchTemplate.LaunchTemplateSpecification", spec);
    const tf_value *ov = tf_get(lt, "override");
    for (size_t i = 0; tf_is_known(ov) && i < ov->u.coll.n; i++) {
        const tf_value *o = ov->u.coll.items[i];
        if (!tf_is_known(o))
            continue;
        const char *pre = aws_params_key(p, "MixedInstancesPolicy.LaunchTemplate.Overrides."
                                         "member.%zu", i + 1);
        const tf_value *ir = first(tf_get(o, "instance_requirements"));
        if (ir)
            param_requirements(p, aws_params_key(p, "%s.InstanceRequirements", pre), ir);
        const tf_value *os = first(tf_get(o, "launch_template_specification"));
        if (os)
            param_spec(p, aws_params_key(p, "%s.LaunchTemplateSpecification", pre), os);
        if (*str_of(o, "instance_type"))
            aws_params_add(p, aws_params_key(p, "%s.InstanceType", pre),
                           str_of(o, "instance_type"));
        if (*str_of(o, "weighted_capacity"))
            aws_params_add(p, aws_params_key(p, "%s.WeightedCapacity", pre),
                           str_of(o, "weighted_capacity"));
    }
}

static const tf_value *state_spec(tf_arena *a, const aws_xml_node *s, const tf_block *blk)
{
    if (!s)
        return tf_list(a, blk->ctype, 0, NULL);
    tf_objb b;
    tf_objb_init(&b, a, blk->ctype, NULL);
    if (aws_xml_text(s, "LaunchTemplateId"))
        tf_objb_str(&b, "launch_template_id", aws_xml_text(s, "LaunchTemplateId"));
    if (aws_xml_text(s, "LaunchTemplateName"))
        tf_objb_str(&b, "launch_template_name", aws_xml_text(s, "LaunchTemplateName"));
    if (aws_xml_text(s, "Version"))
        tf_objb_str(&b, "version", aws_xml_text(s, "Version"));
    const tf_value *item = tf_objb_done(&b);
    return tf_list(a, blk->ctype, 1, &item);
}

static const tf_value *state_range(tf_arena *a, const aws_xml_node *r, const tf_block *blk,
                                   bool floats)
{
    tf_objb b;
    tf_objb_init(&b, a, blk->ctype, NULL);
    static const char *const ends[][2] = {{"Min", "min"}, {"Max", "max"}};
    for (size_t k = 0; k < 2; k++) {
        const char *t = aws_xml_text(r, ends[k][0]);
        if (!t)
            continue;
        tf_objb_set(&b, ends[k][1], floats ? tf_number_text(a, t)
                                           : tf_number_i64(a, aws_xml_int(r, ends[k][0], 0)));
    }
    const tf_value *item = tf_objb_done(&b);
    return tf_list(a, blk->ctype, 1, &item);
}

static const tf_value *state_requirements(tf_arena *a, const aws_xml_node *ir,
                                          const tf_block *blk)
{
    if (!ir)
        return tf_list(a, blk->ctype, 0, NULL);
    tf_objb b;
    tf_objb_init(&b, a, blk->ctype, NULL);
    for (size_t i = 0; i < N_IR_FIELDS; i++) {
        const char *name = ir_fields[i].tf, *aws = ir_fields[i].aws;
        switch (ir_fields[i].kind) {
        case IR_STR:
            tf_objb_str(&b, name, autoscaling_text(ir, aws));
            break;
        case IR_INT:
            if (aws_xml_text(ir, aws))
                tf_objb_i64(&b, name, aws_xml_int(ir, aws, 0));
            break;
        case IR_BOOL:
            if (aws_xml_text(ir, aws))
                tf_objb_bool(&b, name, aws_xml_bool(ir, aws, 0));
            break;
        case IR_SET:
            if (aws_xml_child(ir, aws))
                tf_objb_set(&b, name,
                            xml_strings(a, ir, tf_arena_printf(a, "%s/member", aws), true));
            break;
        case IR_RANGE_INT:
        case IR_RANGE_FLOAT:
            if (aws_xml_child(ir, aws))
                tf_objb_set(&b, name, state_range(a, aws_xml_child(ir, aws), sub_block(blk, name),
                                                  ir_fields[i].kind == IR_RANGE_FLOAT));
            break;
        }
    }
    const tf_value *item = tf_objb_done(&b);
    return tf_list(a, blk->ctype, 1, &item);
}

const tf_value *asg_state_mixed(tf_arena *a, const aws_xml_node *g, const tf_block *blk)
{
    const aws_xml_node *m = aws_xml_child(g, "MixedInstancesPolicy");
    if (!m)
        return tf_list(a, blk->ctype, 0, NULL);
    tf_objb b;
    tf_objb_init(&b, a, blk->ctype, NULL);
    const tf_block *db = sub_block(blk, "instances_distribution");
    const aws_xml_node *d = aws_xml_child(m, "InstancesDistribution");
    if (d) {
        tf_objb db_b;
        tf_objb_init(&db_b, a, db->ctype, NULL);
        static const char *const strs[][2] = {
            {"OnDemandAllocationStrategy", "on_demand_allocation_strategy"},
            {"SpotAllocationStrategy", "spot_allocation_strategy"},
            {"SpotMaxPrice", "spot_max_price"}};
        static const char *const ints[][2] = {
            {"OnDemandBaseCapacity", "on_demand_base_capacity"},
            {"OnDemandPercentageAboveBaseCapacity", "on_demand_percentage_above_base_capacity"},
            {"SpotInstancePools", "spot_instance_pools"}};
        for (size_t k = 0; k < 3; k++) {
            if (aws_xml_text(d, strs[k][0]))
                tf_objb_str(&db_b, strs[k][1], aws_xml_text(d, strs[k][0]));
            if (aws_xml_text(d, ints[k][0]))
                tf_objb_i64(&db_b, ints[k][1], aws_xml_int(d, ints[k][0], 0));
        }
        const tf_value *item = tf_objb_done(&db_b);
        tf_objb_set(&b, "instances_distribution", tf_list(a, db->ctype, 1, &item));
    } else {
        tf_objb_set(&b, "instances_distribution", tf_list(a, db->ctype, 0, NULL));
    }
    const tf_block *lb = sub_block(blk, "launch_template");
    const aws_xml_node *lt = aws_xml_child(m, "LaunchTemplate");
    if (lt) {
        tf_objb lb_b;
        tf_objb_init(&lb_b, a, lb->ctype, NULL);
        tf_objb_set(&lb_b, "launch_template_specification",
                    state_spec(a, aws_xml_child(lt, "LaunchTemplateSpecification"),
                               sub_block(lb, "launch_template_specification")));
        const tf_block *ob = sub_block(lb, "override");
        size_t n = 0;
        for (const aws_xml_node *o = aws_xml_first(lt, "Overrides/member"); o; o = aws_xml_next(o))
            n++;
        const tf_value **items = tf_arena_calloc(a, n + 1, sizeof *items);
        n = 0;
        for (const aws_xml_node *o = aws_xml_first(lt, "Overrides/member"); o;
             o = aws_xml_next(o)) {
            tf_objb ob_b;
            tf_objb_init(&ob_b, a, ob->ctype, NULL);
            tf_objb_set(&ob_b, "instance_requirements",
                        state_requirements(a, aws_xml_child(o, "InstanceRequirements"),
                                           sub_block(ob, "instance_requirements")));
            if (aws_xml_text(o, "InstanceType"))
                tf_objb_str(&ob_b, "instance_type", aws_xml_text(o, "InstanceType"));
            tf_objb_set(&ob_b, "launch_template_specification",
                        state_spec(a, aws_xml_child(o, "LaunchTemplateSpecification"),
                                   sub_block(ob, "launch_template_specification")));
            if (aws_xml_text(o, "WeightedCapacity"))
                tf_objb_str(&ob_b, "weighted_capacity", aws_xml_text(o, "WeightedCapacity"));
            items[n++] = tf_objb_done(&ob_b);
        }
        tf_objb_set(&lb_b, "override", tf_list(a, ob->ctype, n, items));
        const tf_value *item = tf_objb_done(&lb_b);
        tf_objb_set(&b, "launch_template", tf_list(a, lb->ctype, 1, &item));
    } else {
        tf_objb_set(&b, "launch_template", tf_list(a, lb->ctype, 0, NULL));
    }
    const tf_value *item = tf_objb_done(&b);
    return asg_zero_fill(a, tf_list(a, blk->ctype, 1, &item));
}

/* ---- other blocks sent with the group ---- */

void asg_param_maintenance(aws_params *p, const tf_value *imp)
{
    const tf_value *e = first(imp);
    add_i64(p, "InstanceMaintenancePolicy.MinHealthyPercentage",
            e ? int_of(e, "min_healthy_percentage") : -1);
    add_i64(p, "InstanceMaintenancePolicy.MaxHealthyPercentage",
            e ? int_of(e, "max_healthy_percentage") : -1);
}

void asg_param_azd(aws_params *p, const tf_value *azd)
{
    const tf_value *e = first(azd);
    if (e && *str_of(e, "capacity_distribution_strategy"))
        aws_params_add(p, "AvailabilityZoneDistribution.CapacityDistributionStrategy",
                       str_of(e, "capacity_distribution_strategy"));
}

void asg_param_crs(aws_params *p, const tf_value *crs)
{
    const tf_value *e = first(crs);
    if (!e)
        return;
    if (*str_of(e, "capacity_reservation_preference"))
        aws_params_add(p, "CapacityReservationSpecification.CapacityReservationPreference",
                       str_of(e, "capacity_reservation_preference"));
    const tf_value *t = first(tf_get(e, "capacity_reservation_target"));
    if (!t)
        return;
    add_strings(p, "CapacityReservationSpecification.CapacityReservationTarget."
                   "CapacityReservationIds", tf_get(t, "capacity_reservation_ids"));
    add_strings(p, "CapacityReservationSpecification.CapacityReservationTarget."
                   "CapacityReservationResourceGroupArns",
                tf_get(t, "capacity_reservation_resource_group_arns"));
}

void asg_param_traffic(aws_params *p, const char *prefix, const tf_value *set)
{
    for (size_t i = 0; tf_is_known(set) && i < set->u.coll.n; i++) {
        const tf_value *t = set->u.coll.items[i];
        if (*str_of(t, "identifier"))
            aws_params_add(p, aws_params_key(p, "%s.member.%zu.Identifier", prefix, i + 1),
                           str_of(t, "identifier"));
        if (*str_of(t, "type"))
            aws_params_add(p, aws_params_key(p, "%s.member.%zu.Type", prefix, i + 1),
                           str_of(t, "type"));
    }
}

const tf_value *asg_state_warm_pool(tf_arena *a, const aws_xml_node *g, const tf_block *blk)
{
    const aws_xml_node *w = aws_xml_child(g, "WarmPoolConfiguration");
    if (!w)
        return tf_list(a, blk->ctype, 0, NULL);
    tf_objb b;
    tf_objb_init(&b, a, blk->ctype, NULL);
    const tf_block *rb = sub_block(blk, "instance_reuse_policy");
    const aws_xml_node *r = aws_xml_child(w, "InstanceReusePolicy");
    if (r) {
        tf_objb rb_b;
        tf_objb_init(&rb_b, a, rb->ctype, NULL);
        if (aws_xml_text(r, "ReuseOnScaleIn"))
            tf_objb_bool(&rb_b, "reuse_on_scale_in", aws_xml_bool(r, "ReuseOnScaleIn", 0));
        const tf_value *item = tf_objb_done(&rb_b);
        tf_objb_set(&b, "instance_reuse_policy", tf_list(a, rb->ctype, 1, &item));
    }
    tf_objb_i64(&b, "max_group_prepared_capacity", aws_xml_int(w, "MaxGroupPreparedCapacity", -1));
    if (aws_xml_text(w, "MinSize"))
        tf_objb_i64(&b, "min_size", aws_xml_int(w, "MinSize", 0));
    tf_objb_str(&b, "pool_state", autoscaling_text(w, "PoolState"));
    const tf_value *item = tf_objb_done(&b);
    return asg_zero_fill(a, tf_list(a, blk->ctype, 1, &item));
}

const tf_value *asg_state_maintenance(tf_arena *a, const aws_xml_node *g, const tf_block *blk)
{
    const aws_xml_node *m = aws_xml_child(g, "InstanceMaintenancePolicy");
    if (!m)
        return tf_list(a, blk->ctype, 0, NULL);
    tf_objb b;
    tf_objb_init(&b, a, blk->ctype, NULL);
    if (aws_xml_text(m, "MinHealthyPercentage"))
        tf_objb_i64(&b, "min_healthy_percentage", aws_xml_int(m, "MinHealthyPercentage", 0));
    if (aws_xml_text(m, "MaxHealthyPercentage"))
        tf_objb_i64(&b, "max_healthy_percentage", aws_xml_int(m, "MaxHealthyPercentage", 0));
    const tf_value *item = tf_objb_done(&b);
    return tf_list(a, blk->ctype, 1, &item);
}

/* ---- lifecycle hooks ---- */

static bool hook_retryable(const aws_error *err)
{
    return aws_error_is(err, "ValidationError") &&
           strstr(err->message, "Unable to publish test message to notification target");
}

#define HOOK_RETRY_S (5 * 60.0)

int asg_put_hooks(tf_ctx *ctx, aws_client *c, const char *name, const tf_value *hooks)
{
    for (size_t i = 0; tf_is_known(hooks) && i < hooks->u.coll.n; i++) {
        const tf_value *h = hooks->u.coll.items[i];
        if (!tf_is_known(h))
            continue;
        aws_params *p = aws_params_new(ctx->arena);
        aws_params_add(p, "AutoScalingGroupName", name);
        autoscaling_param_str(p, "DefaultResult", h, "default_result");
        if (int_of(h, "heartbeat_timeout") != 0)
            add_i64(p, "HeartbeatTimeout", int_of(h, "heartbeat_timeout"));
        autoscaling_param_str(p, "LifecycleHookName", h, "name");
        autoscaling_param_str(p, "LifecycleTransition", h, "lifecycle_transition");
        autoscaling_param_str(p, "NotificationMetadata", h, "notification_metadata");
        autoscaling_param_str(p, "NotificationTargetARN", h, "notification_target_arn");
        autoscaling_param_str(p, "RoleARN", h, "role_arn");
        aws_xml_node *out;
        aws_error err;
        if (autoscaling_call_retry(c, ctx->arena, ctx->stop, "PutLifecycleHook", p, &out,
                                   HOOK_RETRY_S, hook_retryable, &err) != 0) {
            aws_diag(ctx, &err, "creating Auto Scaling Group (%s) Lifecycle Hook", name);
            return -1;
        }
    }
    return 0;
}

/* ---- warm pool ---- */

int asg_put_warm_pool(tf_ctx *ctx, aws_client *c, const char *name, const tf_value *wp)
{
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "AutoScalingGroupName", name);
    const tf_value *r = first(tf_get(wp, "instance_reuse_policy"));
    if (r) {
        const tf_value *v = tf_get(r, "reuse_on_scale_in");
        aws_params_add(p, "InstanceReusePolicy.ReuseOnScaleIn",
                       tf_is_known(v) && v->u.b ? "true" : "false");
    }
    add_i64(p, "MaxGroupPreparedCapacity", int_of(wp, "max_group_prepared_capacity"));
    if (int_of(wp, "min_size") != 0)
        add_i64(p, "MinSize", int_of(wp, "min_size"));
    autoscaling_param_str(p, "PoolState", wp, "pool_state");
    aws_xml_node *out;
    aws_error err;
    if (aws_query_call(c, ctx->arena, ctx->stop, "autoscaling", "PutWarmPool", p, &out,
                       &err) != 0) {
        aws_diag(ctx, &err, "putting Auto Scaling Warm Pool (%s)", name);
        return -1;
    }
    return 0;
}

typedef struct warm_wait {
    tf_ctx *ctx;
    aws_client *c;
    const char *name;
    bool until_gone;   /* else until no warm instances */
} warm_wait;

static aws_wait_status warm_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    warm_wait *w = ud;
    aws_params *p = aws_params_new(w->ctx->arena);
    aws_params_add(p, "AutoScalingGroupName", w->name);
    aws_xml_node *out;
    if (aws_query_call(w->c, w->ctx->arena, w->ctx->stop, "autoscaling", "DescribeWarmPool", p,
                       &out, err) != 0)
        return autoscaling_not_found(err) ? AWS_WAIT_DONE : AWS_WAIT_FAIL;
    const aws_xml_node *conf = aws_xml_child(out, "WarmPoolConfiguration");
    if (w->until_gone) {
        if (!conf)
            return AWS_WAIT_DONE;
        const char *st = autoscaling_text(conf, "Status");
        snprintf(state, state_len, "%s", *st ? st : "(no status)");
        if (strcmp(st, "PendingDelete") != 0) {
            aws_error_set(err, AWS_ERR_API, "UnexpectedState",
                          "unexpected state '%s', wanted target ''", st);
            return AWS_WAIT_FAIL;
        }
        return AWS_WAIT_CONTINUE;
    }
    if (!conf)
        return AWS_WAIT_DONE;
    size_t n = 0;
    for (const aws_xml_node *i = aws_xml_first(out, "Instances/member"); i; i = aws_xml_next(i))
        n++;
    snprintf(state, state_len, "%zu", n);
    return n == 0 ? AWS_WAIT_DONE : AWS_WAIT_CONTINUE;
}

static bool warm_delete_retryable(const aws_error *err)
{
    return aws_error_is(err, "ResourceInUse") || aws_error_is(err, "ScalingActivityInProgress");
}

int asg_delete_warm_pool(tf_ctx *ctx, aws_client *c, const char *name, bool force,
                         double timeout)
{
    aws_xml_node *out;
    aws_error err;
    warm_wait w = {.ctx = ctx, .c = c, .name = name};
    if (!force) {
        aws_params *p = aws_params_new(ctx->arena);
        aws_params_add(p, "AutoScalingGroupName", name);
        aws_params_add(p, "MaxGroupPreparedCapacity", "0");
        aws_params_add(p, "MinSize", "0");
        if (aws_query_call(c, ctx->arena, ctx->stop, "autoscaling", "PutWarmPool", p, &out,
                           &err) != 0) {
            aws_diag(ctx, &err, "setting Auto Scaling Warm Pool (%s) capacity to 0", name);
            return -1;
        }
        if (aws_wait(ctx->stop, timeout, warm_poll, &w, &err) != 0) {
            aws_diag(ctx, &err, "waiting for Auto Scaling Warm Pool (%s) drain", name);
            return -1;
        }
    }
    aws_params *p = aws_params_new(ctx->arena);
    aws_params_add(p, "AutoScalingGroupName", name);
    aws_params_add(p, "ForceDelete", force ? "true" : "false");
    if (autoscaling_call_retry(c, ctx->arena, ctx->stop, "DeleteWarmPool", p, &out, timeout,
                               warm_delete_retryable, &err) != 0) {
        if (aws_error_is(&err, "ValidationError") && strstr(err.message, "No warm pool found"))
            return 0;
        aws_diag(ctx, &err, "deleting Auto Scaling Warm Pool (%s)", name);
        return -1;
    }
    w.until_gone = true;
    if (aws_wait(ctx->stop, timeout, warm_poll, &w, &err) != 0) {
        aws_diag(ctx, &err, "waiting for Auto Scaling Warm Pool (%s) delete", name);
        return -1;
    }
    return 0;
}

/* ---- traffic sources ---- */

typedef struct traffic_wait {
    tf_ctx *ctx;
    aws_client *c;
    const char *name;
    const char *pending;   /* "Adding" or "Removing" */
} traffic_wait;

static aws_wait_status traffic_poll(void *ud, char *state, size_t state_len, aws_error *err)
{
    traffic_wait *w = ud;
    size_t n = 0;
    const char *token = NULL;
    do {
        aws_params *p = aws_params_new(w->ctx->arena);
        aws_params_add(p, "AutoScalingGroupName", w->name);
        if (token)
            aws_params_add(p, "NextToken", token);
        aws_xml_node *out;
        if (aws_query_call(w->c, w->ctx->arena, w->ctx->stop, "autoscaling",
                           "DescribeTrafficSources", p, &out, err) != 0)
            return autoscaling_not_found(err) ? AWS_WAIT_DONE : AWS_WAIT_FAIL;
        for (const aws_xml_node *s = aws_xml_first(out, "TrafficSources/member"); s;
             s = aws_xml_next(s))
            if (strcmp(autoscaling_text(s, "State"), w->pending) == 0)
                n++;
        token = aws_xml_text(out, "NextToken");
    } while (token && *token);
    snprintf(state, state_len, "%zu %s", n, w->pending);
    return n == 0 ? AWS_WAIT_DONE : AWS_WAIT_CONTINUE;
}

/* Elements of set a missing from set b. */
static const tf_value **traffic_minus(tf_arena *ar, const tf_value *a, const tf_value *b,
                                      size_t *count)
{
    size_t n = tf_is_known(a) ? a->u.coll.n : 0, k = 0;
    const tf_value **out = tf_arena_calloc(ar, n + 1, sizeof *out);
    for (size_t i = 0; i < n; i++) {
        bool found = false;
        for (size_t j = 0; tf_is_known(b) && j < b->u.coll.n && !found; j++)
            found = tf_value_equal(a->u.coll.items[i], b->u.coll.items[j]);
        if (!found)
            out[k++] = a->u.coll.items[i];
    }
    *count = k;
    return out;
}

static int traffic_batches(tf_ctx *ctx, aws_client *c, const char *name, const tf_value *elem_set,
                           const tf_value **items, size_t n, const char *action,
                           const char *pending, double timeout)
{
    for (size_t start = 0; start < n; start += 10) {
        size_t len = n - start < 10 ? n - start : 10;
        const tf_value *chunk = tf_set(ctx->arena, elem_set->type->elem, len, items + start);
        aws_params *p = aws_params_new(ctx->arena);
        aws_params_add(p, "AutoScalingGroupName", name);
        asg_param_traffic(p, "TrafficSources", chunk);
        aws_xml_node *out;
        aws_error err;
        bool detach = strcmp(action, "DetachTrafficSources") == 0;
        if (aws_query_call(c, ctx->arena, ctx->stop, "autoscaling", action, p, &out, &err) != 0) {
            aws_diag(ctx, &err, "%s Auto Scaling Group (%s) traffic sources",
                     detach ? "detaching" : "attaching", name);
            return -1;
        }
        traffic_wait w = {.ctx = ctx, .c = c, .name = name, .pending = pending};
        if (aws_wait(ctx->stop, timeout, traffic_poll, &w, &err) != 0) {
            aws_diag(ctx, &err, "waiting for Auto Scaling Group (%s) traffic sources %s", name,
                     detach ? "removed" : "added");
            return -1;
        }
    }
    return 0;
}

int asg_sync_traffic(tf_ctx *ctx, aws_client *c, const char *name, const tf_value *old,
                     const tf_value *new, double timeout)
{
    const tf_value *typed = tf_is_known(new) ? new : old;
    if (!tf_is_known(typed))
        return 0;
    size_t n_gone, n_added;
    const tf_value **gone = traffic_minus(ctx->arena, old, new, &n_gone);
    const tf_value **added = traffic_minus(ctx->arena, new, old, &n_added);
    if (traffic_batches(ctx, c, name, typed, gone, n_gone, "DetachTrafficSources", "Removing",
                        timeout) != 0)
        return -1;
    return traffic_batches(ctx, c, name, typed, added, n_added, "AttachTrafficSources", "Adding",
                           timeout);
}

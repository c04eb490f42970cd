/* schema.h - declarative schemas and the resource interface.
 *
 * A resource type is a schema plus a handful of callbacks, declared as static
 * tables in the resource's own file (see aws/ec2/vpc.c).  Everything generic
 * (wire schema, validation of types, required/conflicting arguments,
 * defaults, planning, requires_replace) is derived from these tables by the
 * runtime; callbacks only add what a table cannot say.
 *
 * Tables are written as C99 designated initialisers and terminated by an
 * all-zero entry.  tf_schema_prepare() resolves type specs once at start-up,
 * before any RPC is served; afterwards the tables are read-only. */
#ifndef TF_SCHEMA_H
#define TF_SCHEMA_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "value.h"

/* Attribute flags. */
enum {
    TF_REQUIRED = 1u << 0,
    TF_OPTIONAL = 1u << 1,
    TF_COMPUTED = 1u << 2,
    TF_SENSITIVE = 1u << 3,
    TF_DEPRECATED = 1u << 4,
    TF_FORCE_NEW = 1u << 5,  /* a change requires replacement */
    TF_WRITE_ONLY = 1u << 6, /* sent by Terraform, never stored in plan or state */
};

/* Nesting modes, numbered as tfplugin5 Schema.NestedBlock.NestingMode. */
typedef enum {
    TF_NEST_SINGLE = 1,
    TF_NEST_LIST = 2,
    TF_NEST_SET = 3,
    TF_NEST_MAP = 4,
    TF_NEST_GROUP = 5,
} tf_nesting;

/* Validation context handed to validators. */
typedef struct tf_vctx {
    tf_arena *arena;
    tf_diags *diags;
    const tf_path *path;  /* path of the value being validated */
    const char *attr;     /* attribute name, for messages */
} tf_vctx;

typedef struct tf_validator tf_validator;
/* Validators only see known, non-null values.  They add diagnostics to
 * ctx->diags; the return value is ignored. */
typedef void (*tf_validate_fn)(const tf_validator *self, tf_vctx *ctx,
                               const tf_value *v);
struct tf_validator {
    tf_validate_fn fn;
    const void *p;        /* e.g. NULL-terminated string list, regex */
    int64_t lo, hi;
    const char *msg;      /* optional extra wording */
};

typedef struct tf_attribute {
    const char *name;
    const char *type;           /* spec, see tf_type_parse */
    unsigned flags;
    const char *description;
    const char *deprecation;    /* message when TF_DEPRECATED */
    const char *def;            /* default as cty JSON, e.g. "true", "\"x\"" */
    const tf_validator *validators;        /* {0}-terminated, may be NULL */
    const char *const *conflicts_with;     /* NULL-terminated paths "a.0.b" */
    const char *const *required_with;
    const char *const *exactly_one_of;
    const char *const *at_least_one_of;
    /* resolved by tf_schema_prepare */
    const tf_type *ctype;
    const tf_value *cdef;
} tf_attribute;

typedef struct tf_block tf_block;

typedef struct tf_nested_block {
    const char *name;
    tf_nesting nesting;
    tf_block *block;
    int64_t min_items, max_items;
    unsigned flags;             /* TF_FORCE_NEW applies to the whole block */
    const char *const *conflicts_with;
    const char *const *exactly_one_of;
    const char *const *at_least_one_of;
    const char *const *required_with;
} tf_nested_block;

struct tf_block {
    tf_attribute *attrs;        /* {0}-terminated */
    tf_nested_block *blocks;    /* {0}-terminated, may be NULL */
    const char *description;
    bool deprecated;
    /* A generated table (aws/schema/gen_schema.c) is only this function
     * until tf_schema_prepare() first sees it: it fills attrs, blocks and
     * deprecated, allocating in the prepare arena. */
    void (*build)(tf_block *self, tf_arena *a);
    /* resolved by tf_schema_prepare */
    size_t n_attrs, n_blocks;
    const tf_type *ctype;       /* the object type of one instance */
};

/* Resolves type specs, defaults and implied object types.  Returns 0, or -1
 * with a message on stderr (a broken table is a programming error). */
int tf_schema_prepare(tf_arena *static_arena, tf_block *b);
const tf_attribute *tf_block_attr(const tf_block *b, const char *name);
const tf_nested_block *tf_block_nested(const tf_block *b, const char *name);

/* Per-call context handed to resource callbacks. */
typedef struct tf_ctx {
    tf_arena *arena;
    tf_diags *diags;
    void *meta;                 /* what the provider's configure returned */
    const volatile int *stop;   /* set when Terraform calls StopProvider */
    const char *type_name;
    /* The resource's configuration during ApplyResourceChange (NULL in every
     * other call): create/update need it where the plan holds a normalised
     * value instead of the configured one (an SDKv2 StateFunc, e.g.
     * aws_launch_configuration.user_data planned as its SHA-1). */
    const tf_value *config;
} tf_ctx;

/* Planning hook input/output: the generic planner has already produced
 * *planned and *requires_replace; the hook may replace either. */
typedef struct tf_plan_req {
    const tf_value *prior;      /* null object on create */
    const tf_value *config;
    const tf_value *proposed;   /* Terraform's proposed new state */
    const tf_value *planned;    /* in/out */
    const tf_path **replace;    /* in/out: requires_replace paths */
    size_t n_replace;
    const void *private_in;     /* prior private data */
    size_t private_in_len;
    /* Set by a hook that normalises a configured value the way an SDKv2
     * StateFunc does (e.g. user_data to its SHA-1): such a plan is only
     * acceptable to Terraform under legacy_type_system. */
    bool legacy_type_system;
} tf_plan_req;

typedef struct tf_resource_def {
    const char *type_name;
    int64_t version;
    tf_block *schema;
    /* Extra checks beyond the schema's; config may contain unknowns. */
    void (*validate)(tf_ctx *ctx, const tf_value *config);
    /* Provider-specific plan changes (tags_all, normalisations, ...). */
    void (*modify_plan)(tf_ctx *ctx, tf_plan_req *req);
    /* CRUD.  Each returns the new state (or NULL) and reports problems in
     * ctx->diags.  create/update may return a partial state together with an
     * error so that nothing created is forgotten.  read returns a null
     * value when the object is gone. */
    const tf_value *(*create)(tf_ctx *ctx, const tf_value *planned);
    const tf_value *(*read)(tf_ctx *ctx, const tf_value *state);
    const tf_value *(*update)(tf_ctx *ctx, const tf_value *prior,
                              const tf_value *planned);
    void (*delete)(tf_ctx *ctx, const tf_value *prior);
    /* Builds a state holding at least the id from an import ID; the runtime
     * then calls read.  NULL means "import by id attribute". */
    const tf_value *(*import)(tf_ctx *ctx, const char *id);
    /* Upgrades a JSON-decoded state object of an older schema version,
     * given as the generic object decoded from JSON (see
     * tf_json_decode_dynamic); returns the state in the current type. */
    const tf_value *(*upgrade)(tf_ctx *ctx, int64_t from_version,
                               const tf_value *old_state);
    /* Top-level attributes, not Computed, whose new state after create and
     * update is the value the resource read back rather than the planned
     * one (NULL-terminated; NULL: none).  SDKv2 stores what its Read sets
     * where the runtime otherwise keeps a non-computed attribute's planned
     * value (tf_state_conform): aws_lb reads enable_cross_zone_load_balancing
     * true for an application load balancer whose plan suppressed it to
     * null.  A value read back null keeps the plan, as SDKv2's. */
    const char *const *apply_reads;
    /* A type whose schema is served (so configurations declaring it
     * validate) but that this provider cannot manage yet: every call that
     * needs it to act is refused with "<type> is not implemented by this
     * provider yet" (provider/rpc.c).  Such definitions are generated. */
    bool schema_only;
} tf_resource_def;

typedef struct tf_data_source_def {
    const char *type_name;
    int64_t version;
    tf_block *schema;
    void (*validate)(tf_ctx *ctx, const tf_value *config);
    const tf_value *(*read)(tf_ctx *ctx, const tf_value *config);
    bool schema_only;           /* as in tf_resource_def */
} tf_data_source_def;

/* What an ephemeral resource's open or renew hands back to Terraform. */
typedef struct tf_ephemeral_out {
    /* open: the result object (configured arguments plus what was read);
     * the runtime fits it to the schema.  Ignored by renew. */
    const tf_value *result;
    /* Unix time (seconds) by which Terraform must call renew while it still
     * uses the result; 0: never (the type has no renew). */
    int64_t renew_at;
    /* Bytes Terraform keeps, never shows, and hands to renew and close
     * (allocate them in ctx->arena); NULL/0: none. */
    const void *priv;
    size_t priv_len;
} tf_ephemeral_out;

/* An ephemeral resource type (Terraform >= 1.10): opened for each plan and
 * apply that needs it, renewed while used when open asked for it, closed
 * when Terraform is done.  Nothing of it reaches the state or the plan.
 * open is only called with a wholly known configuration: with unknowns the
 * runtime answers an unknown result, as terraform-plugin-framework does.
 * A NULL close is a no-op; a NULL renew refuses renewal (then open must not
 * set renew_at). */
typedef struct tf_ephemeral_def {
    const char *type_name;
    int64_t version;
    tf_block *schema;
    void (*validate)(tf_ctx *ctx, const tf_value *config);
    void (*open)(tf_ctx *ctx, const tf_value *config, tf_ephemeral_out *out);
    void (*renew)(tf_ctx *ctx, const void *priv, size_t priv_len, tf_ephemeral_out *out);
    void (*close)(tf_ctx *ctx, const void *priv, size_t priv_len);
    /* Served for its schema only: validation works, open is refused with
     * "<type> is not implemented by this provider yet".  Generated. */
    bool schema_only;
} tf_ephemeral_def;

typedef struct tf_function_def tf_function_def; /* function.h */

typedef struct tf_provider_def {
    tf_block *schema;
    void (*validate)(tf_ctx *ctx, const tf_value *config);
    /* Returns the provider's meta object (read-only afterwards), or NULL
     * with diagnostics. */
    void *(*configure)(tf_ctx *ctx, const tf_value *config);
    void (*unconfigure)(void *meta);
    const tf_resource_def *const *resources;     /* NULL-terminated */
    const tf_data_source_def *const *data_sources;
    const tf_ephemeral_def *const *ephemeral_resources; /* NULL-terminated */
    const tf_function_def *const *functions;     /* NULL-terminated */
} tf_provider_def;

/* ---- validators (provider/validate.c) ---- */
/* Runs a {0}-terminated validator list on v (the attribute called attr, at
 * path); does nothing when v is null or unknown.  For the generic config
 * walk and for resource validate callbacks that check nested values. */
void tf_validate_run(tf_arena *a, tf_diags *diags, const tf_path *path,
                     const char *attr, const tf_validator *validators,
                     const tf_value *v);
void tf_validate_one_of(const tf_validator *, tf_vctx *, const tf_value *);
void tf_validate_int_between(const tf_validator *, tf_vctx *, const tf_value *);
void tf_validate_int_at_least(const tf_validator *, tf_vctx *, const tf_value *);
void tf_validate_int_one_of(const tf_validator *, tf_vctx *, const tf_value *);
void tf_validate_strlen_between(const tf_validator *, tf_vctx *, const tf_value *);
void tf_validate_regex(const tf_validator *, tf_vctx *, const tf_value *);
void tf_validate_cidr(const tf_validator *, tf_vctx *, const tf_value *);
void tf_validate_ipv4_cidr(const tf_validator *, tf_vctx *, const tf_value *);
void tf_validate_ipv6_cidr(const tf_validator *, tf_vctx *, const tf_value *);
/* Whether two CIDR blocks name the same network in the same notation
 * family, however their text is spelt ("2001:DB8:0::/32" and
 * "2001:db8::/32"); false when either does not parse. */
bool tf_cidr_same(const char *a, const char *b);
void tf_validate_json(const tf_validator *, tf_vctx *, const tf_value *);
void tf_validate_duration(const tf_validator *, tf_vctx *, const tf_value *);
void tf_validate_arn(const tf_validator *, tf_vctx *, const tf_value *);
/* "" or an integer within lo..hi, for numbers SDKv2 carries as strings. */
void tf_validate_nullable_int(const tf_validator *, tf_vctx *, const tf_value *);
/* "" or a boolean literal (true/false/1/0/t/f...), carried as a string. */
void tf_validate_nullable_bool(const tf_validator *, tf_vctx *, const tf_value *);
/* An IP address of family lo (4 or 6). */
void tf_validate_ip_address(const tf_validator *, tf_vctx *, const tf_value *);
/* A number strictly greater than lo. */
void tf_validate_float_above(const tf_validator *, tf_vctx *, const tf_value *);
/* Standard base64 text. */
void tf_validate_base64(const tf_validator *, tf_vctx *, const tf_value *);

#define TF_V_ONE_OF(list)        { tf_validate_one_of, (list), 0, 0, NULL }
#define TF_V_INT_BETWEEN(l, h)   { tf_validate_int_between, NULL, (l), (h), NULL }
#define TF_V_INT_AT_LEAST(l)     { tf_validate_int_at_least, NULL, (l), 0, NULL }
#define TF_V_INT_ONE_OF(arr, n)  { tf_validate_int_one_of, (arr), (n), 0, NULL }
#define TF_V_STRLEN(l, h)        { tf_validate_strlen_between, NULL, (l), (h), NULL }
#define TF_V_REGEX(re, msg)      { tf_validate_regex, (re), 0, 0, (msg) }
#define TF_V_CIDR                { tf_validate_cidr, NULL, 0, 0, NULL }
#define TF_V_IPV4_CIDR(l, h)     { tf_validate_ipv4_cidr, NULL, (l), (h), NULL }
#define TF_V_IPV6_CIDR           { tf_validate_ipv6_cidr, NULL, 0, 0, NULL }
#define TF_V_JSON                { tf_validate_json, NULL, 0, 0, NULL }
#define TF_V_DURATION            { tf_validate_duration, NULL, 0, 0, NULL }
#define TF_V_ARN                 { tf_validate_arn, NULL, 0, 0, NULL }
#define TF_V_END                 { NULL, NULL, 0, 0, NULL }
/* Variants (see provider/validate.c): case-insensitive enumeration, a
 * pattern the value must NOT match, CIDR prefix-length bounds. */
#define TF_V_ONE_OF_CI(list)     { tf_validate_one_of, (list), 1, 0, NULL }
#define TF_V_NOT_REGEX(re, msg)  { tf_validate_regex, (re), 0, 1, (msg) }
#define TF_V_CIDR_BETWEEN(l, h)  { tf_validate_cidr, NULL, (l), (h), NULL }
#define TF_V_IPV6_CIDR_BETWEEN(l, h) { tf_validate_ipv6_cidr, NULL, (l), (h), NULL }
#define TF_V_NULLABLE_INT(l, h) { tf_validate_nullable_int, NULL, (l), (h), NULL }
#define TF_V_NULLABLE_BOOL       { tf_validate_nullable_bool, NULL, 0, 0, NULL }
#define TF_V_IPV4_ADDRESS        { tf_validate_ip_address, NULL, 4, 0, NULL }
#define TF_V_IPV6_ADDRESS        { tf_validate_ip_address, NULL, 6, 0, NULL }
#define TF_V_FLOAT_ABOVE(l)      { tf_validate_float_above, NULL, (l), 0, NULL }
#define TF_V_BASE64              { tf_validate_base64, NULL, 0, 0, NULL }

#endif

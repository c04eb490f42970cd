/* functions.c - the provider's own functions, which Terraform >= 1.8 calls
 * as provider::aws::NAME(...): arn_parse, arn_build and trim_iam_role_path.
 *
 * They behave as hashicorp/aws 5.100.0's do, which rest on the AWS SDK's
 * ARN rules: an ARN is "arn:" followed by five ':'-separated sections,
 * partition:service:region:account-id:resource, where only the prefix and
 * the count are checked (any section may be empty, whatever the partition)
 * and the resource is everything after the fifth ':', so it keeps its own
 * ':' and '/'.  Error texts are the SDK's and hashicorp/aws's, word for
 * word, because a module's author reads them in Terraform's output. */
#include <string.h>

#include "function.h"
#include "resources.h"
#include "value_build.h"

enum { ARN_PARTITION, ARN_SERVICE, ARN_REGION, ARN_ACCOUNT, ARN_RESOURCE, ARN_NSECT };

typedef struct {
    const char *s[ARN_NSECT];
    size_t len[ARN_NSECT];
} arn_sections;

/* Splits text (len bytes, which may hold NULs) into its sections; returns
 * NULL, or the reason it is no ARN. */
static const char *arn_split(const char *text, size_t len, arn_sections *out)
{
    if (len < 4 || memcmp(text, "arn:", 4) != 0)
        return "arn: invalid prefix";
    const char *p = text + 4, *end = text + len;
    for (int i = 0; i < ARN_RESOURCE; i++) {
        const char *colon = memchr(p, ':', (size_t)(end - p));
        if (!colon)
            return "arn: not enough sections";
        out->s[i] = p;
        out->len[i] = (size_t)(colon - p);
        p = colon + 1;
    }
    out->s[ARN_RESOURCE] = p;
    out->len[ARN_RESOURCE] = (size_t)(end - p);
    return NULL;
}

/* "arn:" and the sections joined with ':', as a string value. */
static const tf_value *arn_join(tf_arena *a, const arn_sections *arn)
{
    size_t total = 4;
    for (int i = 0; i < ARN_NSECT; i++)
        total += arn->len[i] + (i ? 1 : 0);
    char *buf = tf_arena_alloc(a, total + 1), *p = buf;
    memcpy(p, "arn:", 4);
    p += 4;
    for (int i = 0; i < ARN_NSECT; i++) {
        if (i)
            *p++ = ':';
        memcpy(p, arn->s[i], arn->len[i]);
        p += arn->len[i];
    }
    *p = '\0';
    return tf_stringn(a, buf, total);
}

static const tf_value *arn_parse_call(tf_fcall *fc, const tf_value *const *args, size_t n)
{
    (void)n;
    arn_sections arn;
    const char *why = arn_split(args[0]->u.str.ptr, args[0]->u.str.len, &arn);
    if (why) {
        tf_function_fail(fc, -1, "%s", why);
        return NULL;
    }
    static const char *const names[ARN_NSECT] = {"partition", "service", "region",
                                                 "account_id", "resource"};
    tf_objb b;
    tf_objb_init(&b, fc->arena, tf_function_return_type(fc->arena, fc->def), NULL);
    for (int i = 0; i < ARN_NSECT; i++)
        tf_objb_set(&b, names[i], tf_stringn(fc->arena, arn.s[i], arn.len[i]));
    return tf_objb_done(&b);
}

static const tf_value *arn_build_call(tf_fcall *fc, const tf_value *const *args, size_t n)
{
    (void)n;
    arn_sections arn;
    for (int i = 0; i < ARN_NSECT; i++) {
        arn.s[i] = args[i]->u.str.ptr;
        arn.len[i] = args[i]->u.str.len;
    }
    return arn_join(fc->arena, &arn);
}

static bool section_is(const arn_sections *arn, int i, const char *want)
{
    return arn->len[i] == strlen(want) && memcmp(arn->s[i], want, arn->len[i]) == 0;
}

/* arn:PARTITION:iam::ACCOUNT:role/PATH/NAME -> arn:PARTITION:iam::ACCOUNT:role/NAME */
static const tf_value *trim_iam_role_path_call(tf_fcall *fc, const tf_value *const *args,
                                               size_t n)
{
    (void)n;
    arn_sections arn;
    const char *why = arn_split(args[0]->u.str.ptr, args[0]->u.str.len, &arn);
    if (why) {
        tf_function_fail(fc, -1, "%s", why);
        return NULL;
    }
    if (!section_is(&arn, ARN_SERVICE, "iam")) {
        tf_function_fail(fc, -1, "service must be \"iam\"");
        return NULL;
    }
    if (arn.len[ARN_REGION] != 0) {
        tf_function_fail(fc, -1, "region must be empty");
        return NULL;
    }
    const char *res = arn.s[ARN_RESOURCE];
    size_t rlen = arn.len[ARN_RESOURCE];
    if (rlen < 5 || memcmp(res, "role/", 5) != 0) {
        tf_function_fail(fc, -1, "resource must begin with \"role/\"");
        return NULL;
    }
    /* Keep "role/" and the last '/'-separated segment, the role's name. */
    const char *name = res + rlen;
    while (name[-1] != '/')
        name--;
    size_t nlen = (size_t)(res + rlen - name);
    char *trimmed = tf_arena_alloc(fc->arena, 5 + nlen + 1);
    memcpy(trimmed, "role/", 5);
    memcpy(trimmed + 5, name, nlen);
    trimmed[5 + nlen] = '\0';
    arn.s[ARN_RESOURCE] = trimmed;
    arn.len[ARN_RESOURCE] = 5 + nlen;
    return arn_join(fc->arena, &arn);
}

/* ---- the tables: texts as hashicorp/aws 5.100.0 declares them ---- */

static const tf_function_param arn_parse_params[] = {
    {.name = "arn", .type = "string", .description = "ARN (Amazon Resource Name) to parse"},
    {0},
};

const tf_function_def aws_fn_arn_parse_def = {
    .name = "arn_parse",
    .summary = "arn_parse Function",
    .description = "Parses an ARN into its constituent parts",
    .markdown = true,
    .params = arn_parse_params,
    .return_type = "object({partition=string,service=string,region=string,"
                   "account_id=string,resource=string})",
    .call = arn_parse_call,
};

static const tf_function_param arn_build_params[] = {
    {.name = "partition", .type = "string",
     .description = "Partition in which the resource is located"},
    {.name = "service", .type = "string", .description = "Service namespace"},
    {.name = "region", .type = "string", .description = "Region code"},
    {.name = "account_id", .type = "string", .description = "AWS account identifier"},
    {.name = "resource", .type = "string",
     .description = "Resource section, typically composed of a resource type and identifier"},
    {0},
};

const tf_function_def aws_fn_arn_build_def = {
    .name = "arn_build",
    .summary = "arn_build Function",
    .description = "Builds an ARN from its constituent parts",
    .markdown = true,
    .params = arn_build_params,
    .return_type = "string",
    .call = arn_build_call,
};

static const tf_function_param trim_iam_role_path_params[] = {
    {.name = "arn", .type = "string", .description = "IAM role Amazon Resource Name (ARN)"},
    {0},
};

const tf_function_def aws_fn_trim_iam_role_path_def = {
    .name = "trim_iam_role_path",
    .summary = "trim_iam_role_path Function",
    .description = "Trims the path prefix from an IAM role Amazon Resource Name (ARN). This "
                   "function can be used when services require role ARNs to be passed "
                   "without a path.",
    .markdown = true,
    .params = trim_iam_role_path_params,
    .return_type = "string",
    .call = trim_iam_role_path_call,
};

/* iam_common.c - calls, policy text, tags and timestamps shared by the IAM
 * resources (see iam_common.h). */

#include "iam_common.h"

#include <string.h>

#include "policy_json.h"
#include "query_retry.h"
#include "tags.h"

int iam_call(tf_ctx *ctx, const aws_meta *m, const char *action, const aws_params *p,
             bool retry_missing, aws_xml_node **out, aws_error *err)
{
    static const char *const missing[] = {"NoSuchEntity", NULL};
    aws_retry_on on = {.codes = retry_missing ? missing : NULL};
    return aws_query_call_retry(m->client, ctx->arena, ctx->stop, "iam", action, p, out,
                                retry_missing ? IAM_PROPAGATION_TIMEOUT : 0, on, err);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

const char *iam_url_decode(tf_arena *a, const char *s)
{
    if (!s)
        return "";
    size_t n = strlen(s);
    char *out = tf_arena_alloc(a, n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%' && i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0) {
            out[o++] = (char)(hexval(s[i + 1]) * 16 + hexval(s[i + 2]));
            i += 2;
        } else if (s[i] == '+') {
            out[o++] = ' ';
        } else {
            out[o++] = s[i];
        }
    }
    out[o] = 0;
    return out;
}

const char *iam_policy_legacy_normalize(tf_arena *a, const char *text)
{
    if (!text || !*text)
        return "";
    char *np = pj_normalize(a, text, strlen(text));
    if (!np)
        return NULL;
    static const char version[] = "\"Version\":\"2012-10-17\"";
    if (np[0] != '{')
        return np;
    char *v = strstr(np + 1, version);
    if (!v)
        return np;
    /* the lazy groups of hashicorp's regular expression: what precedes the
     * member (less a separating comma), then up to the first '}' after it */
    size_t start = 1, vpos = (size_t)(v - np), vend = vpos + sizeof version - 1;
    size_t pre_end = vpos;
    bool comma_before = vpos > start && np[vpos - 1] == ',';
    if (comma_before)
        pre_end--;
    bool comma_after = np[vend] == ',';
    size_t after = vend + (comma_after ? 1 : 0);
    char *close = strchr(np + after, '}');
    if (!close)
        return np;
    size_t close_pos = (size_t)(close - np);
    return tf_arena_printf(a, "{%s%s%.*s%s%.*s}%s", version, comma_before ? "," : "",
                           (int)(pre_end - start), np + start, comma_after ? "," : "",
                           (int)(close_pos - after), np + after, np + close_pos + 1);
}

const char *iam_policy_to_set(tf_arena *a, const char *existing, const char *remote, bool legacy)
{
    const char *keep = existing && *existing && pj_policies_equivalent(a, existing, remote)
                           ? existing
                           : remote;
    const char *n = legacy ? iam_policy_legacy_normalize(a, keep)
                           : pj_normalize(a, keep, strlen(keep));
    return n ? n : keep;
}

void iam_plan_policy(tf_ctx *ctx, tf_plan_req *req, const char *attr, bool legacy)
{
    const tf_value *c = tf_get(req->config, attr);
    if (!tf_is_known(c) || tf_is_null(req->planned))
        return;
    const char *n = legacy ? iam_policy_legacy_normalize(ctx->arena, c->u.str.ptr)
                           : pj_normalize(ctx->arena, c->u.str.ptr, c->u.str.len);
    if (!n)
        return; /* not JSON: the validator says so */
    const tf_value *v = tf_string(ctx->arena, n);
    const tf_value *old = tf_get(req->prior, attr);
    if (tf_is_known(old) && pj_policies_equivalent(ctx->arena, old->u.str.ptr, n))
        v = old;
    req->planned = tf_object_with(ctx->arena, req->planned, attr, v);
}

aws_kv *iam_tags_from_xml(tf_arena *a, const aws_xml_node *node, size_t *n)
{
    *n = 0;
    for (const aws_xml_node *t = aws_xml_first(node, "Tags/member"); t; t = aws_xml_next(t))
        (*n)++;
    aws_kv *kv = tf_arena_calloc(a, *n + 1, sizeof *kv);
    size_t i = 0;
    for (const aws_xml_node *t = aws_xml_first(node, "Tags/member"); t; t = aws_xml_next(t)) {
        const char *k = aws_xml_text(t, "Key"), *v = aws_xml_text(t, "Value");
        kv[i].key = k ? k : "";
        kv[i++].value = v ? v : "";
    }
    return kv;
}

int iam_update_tags(tf_ctx *ctx, const aws_meta *m, const char *untag_action,
                    const char *tag_action, const char *id_param, const char *id,
                    const tf_value *old_all, const tf_value *new_all, aws_error *err)
{
    const char **remove;
    aws_kv *set;
    size_t nr, ns;
    aws_tags_diff(ctx->arena, old_all, new_all, &remove, &nr, &set, &ns);
    aws_xml_node *out;
    if (nr) {
        aws_params *p = aws_params_new(ctx->arena);
        aws_params_add(p, id_param, id);
        aws_params_list(p, AWS_LIST_MEMBER, "TagKeys", remove, nr);
        if (iam_call(ctx, m, untag_action, p, false, &out, err) != 0)
            return -1;
    }
    if (ns) {
        aws_params *p = aws_params_new(ctx->arena);
        aws_params_add(p, id_param, id);
        aws_params_tags(p, AWS_LIST_MEMBER, "Tags", set, ns);
        if (iam_call(ctx, m, tag_action, p, false, &out, err) != 0)
            return -1;
    }
    return 0;
}

const char *iam_rfc3339(tf_arena *a, const char *t)
{
    if (!t)
        return "";
    const char *dot = strchr(t, '.');
    if (!dot)
        return t;
    const char *z = dot;
    while (*z && *z != 'Z' && *z != '+' && *z != '-')
        z++;
    return tf_arena_printf(a, "%.*s%s", (int)(dot - t), t, z);
}

int iam_lookup_ids(void *ud, tf_arena *a, const char ***ids, size_t *n, aws_error *err)
{
    iam_lookup *l = ud;
    aws_params *p = aws_params_new(a);
    aws_params_add(p, l->param, l->value);
    aws_xml_node *out;
    *n = 0;
    *ids = tf_arena_calloc(a, 2, sizeof **ids);
    if (aws_query_call(l->client, a, l->stop, "iam", l->action, p, &out, err) != 0)
        return aws_error_is(err, "NoSuchEntity") ? 0 : -1;
    const char *id = aws_xml_text(out, l->id_path);
    if (id) {
        (*ids)[0] = id;
        *n = 1;
    }
    return 0;
}

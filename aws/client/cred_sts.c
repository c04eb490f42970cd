/* cred_sts.c - temporary credentials from STS: AssumeRole (signed with the
 * base credentials) and AssumeRoleWithWebIdentity (unsigned: the OIDC token
 * is the proof).  The web identity token file is read on every refresh
 * because the platform (EKS, CI systems) rotates it. */
#include <errno.h>
#include <string.h>

#include "internal.h"

static int sts_read_credentials(const aws_xml_node *out, const char *what,
                                aws_creds *got, aws_error *err)
{
    const aws_xml_node *cr = aws_xml_child(out, "Credentials");
    const char *ak = aws_xml_text(cr, "AccessKeyId");
    const char *sk = aws_xml_text(cr, "SecretAccessKey");
    const char *tok = aws_xml_text(cr, "SessionToken");
    const char *exp = aws_xml_text(cr, "Expiration");
    if (!ak || !*ak || !sk || !*sk) {
        aws_error_set(err, AWS_ERR_RESPONSE, "InvalidCredentials",
                      "%s: the answer has no credentials", what);
        return -1;
    }
    got->access_key = ak;
    got->secret_key = sk;
    got->token = tok;
    got->expires = exp ? aws_parse_time(exp) : 0;
    if (got->expires < 0) {
        aws_error_set(err, AWS_ERR_RESPONSE, "InvalidCredentials",
                      "%s: unreadable Expiration", what);
        return -1;
    }
    return 0;
}

static void sts_policy_params(aws_params *p, const cred_role *r)
{
    if (r->duration_s > 0)
        aws_params_addf(p, "DurationSeconds", "%ld", r->duration_s);
    aws_params_add(p, "Policy", r->policy && *r->policy ? r->policy : NULL);
    for (size_t i = 0; i < r->n_policy_arns; i++)
        aws_params_add(p, aws_params_key(p, "PolicyArns.member.%zu.arn", i + 1),
                       r->policy_arns[i]);
}

/* Wraps an STS failure so the user sees which role could not be assumed. */
static void sts_wrap_error(tf_arena *a, aws_error *err, const char *what,
                           const char *role_arn)
{
    if (err->kind == AWS_ERR_CANCELLED)
        return;
    aws_error saved = *err;
    const char *s = aws_error_string(&saved, a);
    aws_error_set(err, AWS_ERR_CREDENTIALS, saved.code, "%s %s: %s", what, role_arn, s);
    err->http_status = saved.http_status;
    memcpy(err->request_id, saved.request_id, sizeof err->request_id);
}

int cred_assume_role(aws_client *c, tf_arena *a, const volatile int *stop,
                     const aws_creds *base, const cred_role *r, aws_creds *out,
                     aws_error *err)
{
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "RoleArn", r->role_arn);
    aws_params_add(p, "RoleSessionName", r->session_name);
    aws_params_add(p, "ExternalId", r->external_id);
    sts_policy_params(p, r);
    aws_params_tags(p, AWS_LIST_MEMBER, "Tags", r->tags, r->n_tags);
    aws_params_list(p, AWS_LIST_MEMBER, "TransitiveTagKeys", r->transitive_tag_keys,
                    r->n_transitive_tag_keys);
    aws_params_add(p, "SourceIdentity", r->source_identity);
    aws_xml_node *res;
    if (aws_query_call_as(c, a, stop, "sts", "AssumeRole", p, base, 0, &res, err) != 0 ||
        sts_read_credentials(res, "sts:AssumeRole", out, err) != 0) {
        sts_wrap_error(a, err, "assuming IAM role", r->role_arn);
        return -1;
    }
    out->source = "sts:AssumeRole";
    return 0;
}

int cred_web_identity(aws_client *c, tf_arena *a, const volatile int *stop,
                      const cred_role *r, aws_creds *out, aws_error *err)
{
    const char *token = r->web_identity_token;
    if (!token || !*token) {
        token = r->web_identity_token_file
                    ? aws_read_file(a, r->web_identity_token_file, 64 * 1024)
                    : NULL;
        if (!token || !*token) {
            aws_error_set(err, AWS_ERR_CREDENTIALS, "InvalidIdentityToken",
                          "reading web identity token file %s: %s",
                          r->web_identity_token_file ? r->web_identity_token_file : "(none)",
                          token ? "file is empty" : strerror(errno));
            return -1;
        }
    }
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "RoleArn", r->role_arn);
    aws_params_add(p, "RoleSessionName", r->session_name);
    aws_params_add(p, "WebIdentityToken", token);
    sts_policy_params(p, r);
    aws_xml_node *res;
    if (aws_query_call_as(c, a, stop, "sts", "AssumeRoleWithWebIdentity", p, NULL, 1,
                          &res, err) != 0 ||
        sts_read_credentials(res, "sts:AssumeRoleWithWebIdentity", out, err) != 0) {
        sts_wrap_error(a, err, "assuming IAM role with web identity", r->role_arn);
        return -1;
    }
    out->source = "sts:AssumeRoleWithWebIdentity";
    return 0;
}

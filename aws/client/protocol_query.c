/* protocol_query.c - the ec2 and query protocols.
 *
 * Both POST a form body (Action, Version, flattened parameters) and answer
 * in XML.  They differ in the shape of the answer: ec2 puts the output
 * directly under <ActionResponse>, query under <ActionResponse><ActionResult>;
 * callers always get the output shape, so paths read like the model. */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "params.h"

int aws_query_call_as(aws_client *c, tf_arena *a, const volatile int *stop,
                      const char *service, const char *action,
                      const aws_params *params, const aws_creds *creds,
                      int anonymous, aws_xml_node **out, aws_error *err)
{
    *out = NULL;
    const aws_service *svc = endpoints_service(service);
    if (!svc || (svc->protocol != AWS_PROTO_EC2 && svc->protocol != AWS_PROTO_QUERY)) {
        aws_error_set(err, AWS_ERR_CONFIG, "UnknownService",
                      "\"%s\" is not an ec2/query service", service ? service : "");
        return -1;
    }
    const char *body = params_encode(a, action, svc->api_version, params);
    aws_call call = {
        .service = svc->id,
        .operation = action,
        .body = body,
        .body_len = strlen(body),
        .content_type = "application/x-www-form-urlencoded; charset=utf-8",
        .idempotent = aws_op_idempotent(action) || aws_params_get(params, "ClientToken"),
        .anonymous = anonymous,
        .creds = creds,
    };
    http_response rs;
    if (aws_call_send(c, a, stop, &call, &rs, err) != 0)
        return -1;
    aws_xml_node *root;
    if (aws_xml_parse(a, rs.body, rs.body_len, &root, err) != 0) {
        snprintf(err->service, sizeof err->service, "%s", svc->id);
        snprintf(err->operation, sizeof err->operation, "%s", action);
        snprintf(err->request_id, sizeof err->request_id, "%s",
                 rs.request_id ? rs.request_id : "");
        err->http_status = (int)rs.status;
        return -1;
    }
    /* Every answer is <ActionResponse>.  Anything else with a 2xx status
     * (an error document, a proxy's page) is not an empty output: taken as
     * one, a Describe that found nothing would make Terraform forget the
     * object. */
    size_t rl = strlen(root->name);
    if (strcmp(root->name, "Response") == 0 || strcmp(root->name, "ErrorResponse") == 0 ||
        rl < 8 || strcmp(root->name + rl - 8, "Response") != 0) {
        if (strcmp(root->name, "Response") == 0 || strcmp(root->name, "ErrorResponse") == 0)
            aws_parse_error(a, svc->protocol, &rs, err);
        else
            aws_error_set(err, AWS_ERR_RESPONSE, "SerializationError",
                          "unexpected answer: <%s> instead of <%sResponse>", root->name,
                          action);
        snprintf(err->service, sizeof err->service, "%s", svc->id);
        snprintf(err->operation, sizeof err->operation, "%s", action);
        snprintf(err->request_id, sizeof err->request_id, "%s",
                 rs.request_id ? rs.request_id : "");
        err->http_status = (int)rs.status;
        return -1;
    }
    if (svc->protocol == AWS_PROTO_QUERY) {
        const char *result = tf_arena_printf(a, "%sResult", action);
        const aws_xml_node *r = aws_xml_child(root, result);
        if (r)
            root = (aws_xml_node *)r;
    }
    *out = root;
    return 0;
}

int aws_query_call(aws_client *c, tf_arena *a, const volatile int *stop,
                   const char *service, const char *action,
                   const aws_params *params, aws_xml_node **out,
                   aws_error *err)
{
    return aws_query_call_as(c, a, stop, service, action, params, NULL, 0, out, err);
}

#define PAGES_MAX 10000

int aws_query_pages(aws_client *c, tf_arena *a, const volatile int *stop,
                    const char *service, const char *action, aws_params *params,
                    const char *token_param, const char *token_path,
                    aws_xml_page_fn fn, void *ud, aws_error *err)
{
    const char *last = NULL;
    for (int page = 0; page < PAGES_MAX; page++) {
        aws_xml_node *out;
        if (aws_query_call(c, a, stop, service, action, params, &out, err) != 0)
            return -1;
        int rc = fn(ud, out, err);
        if (rc < 0)
            return -1;
        if (rc > 0)
            return 0;
        const char *token = aws_xml_text(out, token_path);
        /* A repeated token would loop forever: AWS ends with no token. */
        if (!token || !*token || (last && strcmp(last, token) == 0))
            return 0;
        aws_params_add(params, token_param, token);
        last = aws_params_get(params, token_param);
    }
    aws_error_set(err, AWS_ERR_RESPONSE, "TooManyPages",
                  "%s %s: more than %d pages", service, action, PAGES_MAX);
    return -1;
}

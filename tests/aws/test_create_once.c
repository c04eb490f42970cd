/* test_create_once.c - aws_create_once against the local stub: a create whose
 * attempt ends in a 5xx or a lost connection is looked up before it is
 * repeated and adopted when it acted; a duplicate answer after such an
 * attempt is resolved by the lookup; a token create carries one token for
 * all its attempts; a snapshot lookup adopts only a new object; client
 * errors surface untouched; and the retry budget holds. */
#include "aws/aws_test.h"
#include "internal.h"

typedef struct {
    const char *script[8];       /* per create attempt: "ok", "500", "500-acted",
                                    "drop-acted", "dup", "400", "throttle" */
    int n_creates;               /* create requests seen */
    int acted;                   /* objects the "server" holds */
    char tokens[8][64];          /* ClientToken of each create */
} co_state;

static co_state ST;
static stub_server *S;

static void co_handler(stub_server *s, const stub_request *rq, stub_response *rs, void *ud)
{
    (void)s;
    co_state *st = ud;
    char action[64] = "";
    stub_form_value(rq, "Action", action, sizeof action);
    if (strncmp(action, "Create", 6) != 0 && strncmp(action, "Authorize", 9) != 0) {
        rs->body = "<DescribeResponse><requestId>d</requestId></DescribeResponse>";
        return;
    }
    int i = st->n_creates++;
    if (i < 8)
        stub_form_value(rq, "ClientToken", st->tokens[i], sizeof st->tokens[i]);
    const char *what = i < 8 && st->script[i] ? st->script[i] : "ok";
    if (strcmp(what, "ok") == 0 || strcmp(what, "500-acted") == 0 ||
        strcmp(what, "drop-acted") == 0)
        st->acted++;
    if (strcmp(what, "ok") == 0) {
        rs->body = "<CreateVpcResponse><requestId>c</requestId><vpc><vpcId>vpc-made</vpcId>"
                   "</vpc></CreateVpcResponse>";
    } else if (strcmp(what, "500") == 0 || strcmp(what, "500-acted") == 0) {
        rs->status = 500;
        rs->body = "<Response><Errors><Error><Code>InternalError</Code><Message>boom</Message>"
                   "</Error></Errors></Response>";
    } else if (strcmp(what, "drop-acted") == 0) {
        rs->drop = 1;
    } else if (strcmp(what, "dup") == 0) {
        rs->status = 400;
        rs->body = "<Response><Errors><Error><Code>InvalidGroup.Duplicate</Code>"
                   "<Message>exists</Message></Error></Errors></Response>";
    } else if (strcmp(what, "throttle") == 0) {
        rs->status = 503;
        rs->body = "<Response><Errors><Error><Code>RequestLimitExceeded</Code>"
                   "<Message>slow down</Message></Error></Errors></Response>";
    } else {
        rs->status = 400;
        rs->body = "<Response><Errors><Error><Code>InvalidParameterValue</Code>"
                   "<Message>bad</Message></Error></Errors></Response>";
    }
}

static void reset(const char *const *script)
{
    pthread_mutex_lock(&S->mu);
    memset(&ST, 0, sizeof ST);
    for (int i = 0; script && script[i] && i < 8; i++)
        ST.script[i] = script[i];
    pthread_mutex_unlock(&S->mu);
}

/* The test's lookup: "vpc-old" always (a namesake that existed before), and
 * "vpc-acted" once an attempt acted; unique == 1 returns only the latter. */
typedef struct {
    int unique;
    int calls;
    int hide_first;              /* lookups that do not see it yet */
} lookup_ud;

static int test_lookup(void *ud, tf_arena *a, const char ***ids, size_t *n, aws_error *err)
{
    (void)err;
    lookup_ud *l = ud;
    l->calls++;
    const char **v = tf_arena_calloc(a, 2, sizeof *v);
    size_t k = 0;
    if (!l->unique)
        v[k++] = "vpc-old";
    pthread_mutex_lock(&S->mu);
    int acted = ST.acted;
    pthread_mutex_unlock(&S->mu);
    if (acted && l->calls > l->hide_first)
        v[k++] = "vpc-acted";
    *ids = v;
    *n = k;
    return 0;
}

static int create(aws_client *c, const char *op, lookup_ud *l, const char **id, aws_error *err)
{
    tf_arena *a = tf_arena_new();
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "GroupName", "web");
    aws_create_once once = {.service = "ec2", .operation = op,
                            .lookup = l ? test_lookup : NULL, .ud = l};
    aws_xml_node *out;
    const char *adopted;
    int rc = aws_create_once_query(c, a, NULL, &once, p, &out, &adopted, err);
    static char got[64];
    got[0] = '\0';
    if (rc == 0)
        snprintf(got, sizeof got, "%s", adopted ? adopted : aws_xml_text(out, "vpc/vpcId"));
    *id = got;
    tf_arena_free(a);
    return rc;
}

static void test_lookup_creates(void)
{
    aws_error err;
    aws_client *c = stub_client(S->port, 5, &err);
    CHECK(c != NULL);
    if (!c)
        return;
    const char *id;

    /* A 500 that acted: found by the lookup and adopted, never repeated. */
    reset((const char *[]){"500-acted", NULL});
    lookup_ud l = {.unique = 1};
    CHECK(create(c, "CreateSecurityGroup", &l, &id, &err) == 0);
    CHECK_STR(id, "vpc-acted");
    CHECK(ST.n_creates == 1);
    CHECK(ST.acted == 1);

    /* The same for a connection lost after the server acted. */
    reset((const char *[]){"drop-acted", NULL});
    l = (lookup_ud){.unique = 1};
    CHECK(create(c, "CreateSecurityGroup", &l, &id, &err) == 0);
    CHECK_STR(id, "vpc-acted");
    CHECK(ST.n_creates == 1);

    /* A 500 that did not act: nothing found, repeated, made once. */
    reset((const char *[]){"500", "500", "ok", NULL});
    l = (lookup_ud){.unique = 1};
    CHECK(create(c, "CreateSecurityGroup", &l, &id, &err) == 0);
    CHECK_STR(id, "vpc-made");
    CHECK(ST.n_creates == 3);
    CHECK(ST.acted == 1);
    CHECK(l.calls == 2);

    /* The object is invisible to the first lookup (eventual consistency):
     * the repeat meets a duplicate, which the lookup resolves unseen. */
    reset((const char *[]){"500-acted", "dup", NULL});
    l = (lookup_ud){.unique = 1, .hide_first = 1};
    CHECK(create(c, "CreateSecurityGroup", &l, &id, &err) == 0);
    CHECK_STR(id, "vpc-acted");
    CHECK(ST.n_creates == 2);
    CHECK(ST.acted == 1);
    CHECK(l.calls == 2);

    /* A duplicate with no unknown attempt before it is the user's error. */
    reset((const char *[]){"dup", NULL});
    l = (lookup_ud){.unique = 1};
    CHECK(create(c, "CreateSecurityGroup", &l, &id, &err) == -1);
    CHECK(aws_error_is(&err, "InvalidGroup.Duplicate"));
    CHECK(l.calls == 0);

    /* Client errors surface as they are, without a lookup. */
    reset((const char *[]){"400", NULL});
    l = (lookup_ud){.unique = 1};
    CHECK(create(c, "CreateSecurityGroup", &l, &id, &err) == -1);
    CHECK(aws_error_is(&err, "InvalidParameterValue"));
    CHECK(l.calls == 0 && ST.n_creates == 1);

    /* Throttling is refused work: retried by the transport, no lookup. */
    reset((const char *[]){"throttle", "ok", NULL});
    l = (lookup_ud){.unique = 1};
    CHECK(create(c, "CreateSecurityGroup", &l, &id, &err) == 0);
    CHECK(l.calls == 0 && ST.n_creates == 2);

    /* The budget: max_retries repeats, then the 500 with outcome_unknown. */
    reset((const char *[]){"500", "500", "500", "500", "500", "500", "500", NULL});
    l = (lookup_ud){.unique = 1};
    CHECK(create(c, "CreateSecurityGroup", &l, &id, &err) == -1);
    CHECK(ST.n_creates == 6);
    CHECK(err.http_status == 500 && err.outcome_unknown);

    /* Snapshot: "vpc-old" existed before the first attempt, so only the
     * new one can be the earlier attempt's. */
    reset((const char *[]){"500-acted", NULL});
    l = (lookup_ud){.unique = 0};
    CHECK(create(c, "CreateVpc", &l, &id, &err) == 0);
    CHECK_STR(id, "vpc-acted");
    CHECK(ST.n_creates == 1);
    CHECK(l.calls == 2);
    aws_client_free(c);
}

static void test_token_and_table(void)
{
    aws_error err;
    aws_client *c = stub_client(S->port, 5, &err);
    CHECK(c != NULL);
    if (!c)
        return;
    const char *id;

    /* A token create: one token, the same on every attempt, retried by the
     * transport after a 500 or a lost connection. */
    reset((const char *[]){"500-acted", "drop-acted", "ok", NULL});
    CHECK(create(c, "CreateRouteTable", NULL, &id, &err) == 0);
    CHECK(ST.n_creates == 3);
    CHECK(strlen(ST.tokens[0]) == 36);
    CHECK_STR(ST.tokens[1], ST.tokens[0]);
    CHECK_STR(ST.tokens[2], ST.tokens[0]);
    /* ... and a new one for the next logical create. */
    char first[64];
    snprintf(first, sizeof first, "%s", ST.tokens[0]);
    reset(NULL);
    CHECK(create(c, "CreateRouteTable", NULL, &id, &err) == 0);
    CHECK(strcmp(ST.tokens[0], first) != 0);
    CHECK_STR(aws_create_once_token_member("ecs", "CreateService"), "clientToken");
    CHECK(aws_create_once_token_member("ec2", "CreateVpc") == NULL);

    /* An operation missing from the table, or a lookup create without its
     * lookup, is a programming error reported as such, before any call. */
    reset(NULL);
    CHECK(create(c, "CreateVpnConnection", NULL, &id, &err) == -1);
    CHECK_STR(err.code, "UnknownCreate");
    CHECK(create(c, "CreateSecurityGroup", NULL, &id, &err) == -1);
    CHECK_STR(err.code, "MissingLookup");
    CHECK(ST.n_creates == 0);
    aws_client_free(c);
}

int main(void)
{
    const char *proxies[] = {"HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy",
                             "NO_PROXY", "no_proxy"};
    for (size_t i = 0; i < sizeof proxies / sizeof proxies[0]; i++)
        unsetenv(proxies[i]);
    S = stub_start(co_handler, &ST);
    test_lookup_creates();
    test_token_and_table();
    stub_stop(S);
    return test_finish();
}

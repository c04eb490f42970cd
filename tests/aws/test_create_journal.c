/* test_create_journal.c - a create cut short by a stop, and one a killed
 * process left behind (create_once.c's salvage and create_journal.c).
 *
 * Against the local stub, whose creates act at once and answer late when
 * asked to: a stop raised while such a create is in flight ends it within
 * about a second, and the salvage (a lookup through the client, allowed
 * although the stop is raised, or the repeat with the token) still hands
 * back the object; a child process killed with SIGKILL in such a create
 * leaves a journal entry that the next create of the same settings takes
 * over (its token sent again, its object looked up before creating). */
#include <dirent.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>

#include "aws/aws_test.h"
#include "internal.h"

extern char **environ;

typedef struct {
    int n_creates, acted;
    int hang_first;              /* the first create answers after 4 s */
    char tokens[8][64];
} jst;

static jst ST;
static stub_server *S;

static void handler(stub_server *s, const stub_request *rq, stub_response *rs, void *ud)
{
    (void)s;
    jst *st = ud;
    char action[64] = "";
    stub_form_value(rq, "Action", action, sizeof action);
    if (strncmp(action, "Create", 6) != 0) {
        rs->body = st->acted ? "<DescribeResponse><requestId>d</requestId><set><item>"
                               "<id>obj-acted</id></item></set></DescribeResponse>"
                             : "<DescribeResponse><requestId>d</requestId><set/>"
                               "</DescribeResponse>";
        return;
    }
    int i = st->n_creates++;
    if (i < 8)
        stub_form_value(rq, "ClientToken", st->tokens[i], sizeof st->tokens[i]);
    if (st->acted == 0)
        st->acted = 1;
    if (i == 0 && st->hang_first)
        rs->hang_ms = 4000;
    rs->body = "<CreateResponse><requestId>c</requestId><id>obj-acted</id></CreateResponse>";
}

static int creates(void)
{
    pthread_mutex_lock(&S->mu);
    int n = ST.n_creates;
    pthread_mutex_unlock(&S->mu);
    return n;
}

static void reset(int hang_first)
{
    pthread_mutex_lock(&S->mu);
    memset(&ST, 0, sizeof ST);
    ST.hang_first = hang_first;
    pthread_mutex_unlock(&S->mu);
}

/* The lookup: a Describe call through the client with the caller's stop. */
typedef struct {
    aws_client *c;
    const volatile int *stop;
    int calls;
} lk;

static int lookup(void *ud, tf_arena *a, const char ***ids, size_t *n, aws_error *err)
{
    lk *l = ud;
    l->calls++;
    aws_xml_node *out;
    if (aws_query_call(l->c, a, l->stop, "ec2", "DescribeThings", aws_params_new(a), &out, err))
        return -1;
    const char *id = aws_xml_text(out, "set/item/id");
    const char **v = tf_arena_calloc(a, 1, sizeof *v);
    *n = 0;
    if (id)
        v[(*n)++] = tf_arena_strdup(a, id);
    *ids = v;
    return 0;
}

typedef struct {
    aws_client *c;
    const char *op;
    volatile int *stop;
    int rc;
    aws_error err;
    char id[64];
    int lookups;
    double seconds;
} run;

static void *create_main(void *arg)
{
    run *r = arg;
    tf_arena *a = tf_arena_new();
    aws_params *p = aws_params_new(a);
    aws_params_add(p, "Name", "journal-test");
    lk l = {.c = r->c, .stop = r->stop};
    aws_create_once once = {.service = "ec2", .operation = r->op, .lookup = lookup, .ud = &l};
    aws_xml_node *out;
    const char *adopted;
    long long t0 = aws_mono_ms();
    r->rc = aws_create_once_query(r->c, a, r->stop, &once, p, &out, &adopted, &r->err);
    r->seconds = (double)(aws_mono_ms() - t0) / 1000.0;
    r->id[0] = '\0';
    if (r->rc == 0)
        snprintf(r->id, sizeof r->id, "%s", adopted ? adopted : aws_xml_text(out, "id"));
    r->lookups = l.calls;
    tf_arena_free(a);
    return NULL;
}

/* The create in a thread of its own (as the provider runs each RPC), so
 * that a successful create's journal entry goes when the thread ends. */
static void create_in_thread(run *r)
{
    pthread_t th;
    pthread_create(&th, NULL, create_main, r);
    pthread_join(th, NULL);
}

static void *raise_stop(void *arg)
{
    volatile int *stop = arg;
    for (int k = 0; k < 500 && creates() == 0; k++)
        usleep(10000);
    usleep(300000);
    *stop = 1;
    return NULL;
}

static void test_stop_salvages(aws_client *c)
{
    const char *ops[] = {"CreateVpc", "CreateSecurityGroup", "CreateRouteTable"};
    for (int i = 0; i < 3; i++) {
        reset(1);
        volatile int stop = 0;
        run r = {.c = c, .op = ops[i], .stop = &stop};
        pthread_t th;
        pthread_create(&th, NULL, raise_stop, (void *)&stop);
        create_in_thread(&r);
        pthread_join(th, NULL);
        /* Cut within about a second of the stop (raised 0.3 s in), not
         * after the 4 s answer; the object found all the same. */
        CHECK(r.seconds < 2.5);
        CHECK(r.rc == 0);
        CHECK_STR(r.id, "obj-acted");
        if (i < 2) {
            CHECK(r.lookups >= 1);
            CHECK(creates() == 1);
        } else {        /* the token's repeat */
            CHECK(creates() == 2);
            CHECK(strlen(ST.tokens[0]) == 36);
            CHECK_STR(ST.tokens[1], ST.tokens[0]);
        }
    }
    /* A stop before anything went out: cancelled, nothing salvaged. */
    reset(0);
    volatile int stop = 1;
    run r = {.c = c, .op = "CreateSecurityGroup", .stop = &stop};
    create_in_thread(&r);
    CHECK(r.rc == -1 && r.err.kind == AWS_ERR_CANCELLED);
    CHECK(creates() == 0 && r.lookups == 0);
}

static int count_entries(const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/aws-provider-creates", dir);
    DIR *d = opendir(path);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += e->d_name[0] != '.';
    if (d)
        closedir(d);
    return n;
}

/* A child process makes the create and is killed while it waits for the
 * (late) answer; the parent's create of the same settings must not make a
 * second object. */
static void test_killed_process(aws_client *c, const char *self, const char *dir)
{
    const char *ops[] = {"CreateRouteTable", "CreateSecurityGroup", "CreateVpc"};
    for (int i = 0; i < 3; i++) {
        reset(1);
        char port[16];
        snprintf(port, sizeof port, "%d", S->port);
        char *argv[] = {(char *)self, "child", port, (char *)ops[i], NULL};
        pid_t pid;
        CHECK(posix_spawn(&pid, self, NULL, NULL, argv, environ) == 0);
        for (int k = 0; k < 500 && creates() == 0; k++)
            usleep(10000);
        usleep(100000);
        kill(pid, SIGKILL);
        int status;
        waitpid(pid, &status, 0);
        CHECK(WIFSIGNALED(status));
        CHECK(creates() == 1);
        CHECK(count_entries(dir) == 1);
        volatile int stop = 0;
        run r = {.c = c, .op = ops[i], .stop = &stop};
        create_in_thread(&r);
        CHECK(r.rc == 0);
        CHECK_STR(r.id, "obj-acted");
        if (i == 0) {          /* the dead process's token, sent again */
            CHECK(creates() == 2);
            CHECK_STR(ST.tokens[1], ST.tokens[0]);
        } else {               /* found before creating */
            CHECK(creates() == 1);
        }
        CHECK(count_entries(dir) == 0);
    }
    /* Without a dead process's entry, a new token every time. */
    reset(0);
    volatile int stop = 0;
    run r = {.c = c, .op = "CreateRouteTable", .stop = &stop};
    create_in_thread(&r);
    create_in_thread(&r);
    CHECK(creates() == 2 && strcmp(ST.tokens[0], ST.tokens[1]) != 0);
    CHECK(count_entries(dir) == 0);
}

static int child(int port, const char *op)
{
    aws_error err;
    aws_client *c = stub_client(port, 0, &err);
    if (!c)
        return 2;
    volatile int stop = 0;
    run r = {.c = c, .op = op, .stop = &stop};
    create_main(&r);          /* killed while waiting */
    aws_client_free(c);
    return 0;
}

int main(int argc, char **argv)
{
    const char *proxies[] = {"HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy",
                             "NO_PROXY", "no_proxy"};
    for (size_t i = 0; i < sizeof proxies / sizeof proxies[0]; i++)
        unsetenv(proxies[i]);
    char dir[] = "/tmp/tfp-journal-XXXXXX";
    if (argc == 4 && strcmp(argv[1], "child") == 0)
        return child(atoi(argv[2]), argv[3]);
    if (!mkdtemp(dir))
        return 2;
    setenv("TF_DATA_DIR", dir, 1);
    S = stub_start(handler, &ST);
    aws_error err;
    aws_client *c = stub_client(S->port, 2, &err);
    CHECK(c != NULL);
    if (c) {
        test_stop_salvages(c);
        test_killed_process(c, "/proc/self/exe", dir);
        aws_client_free(c);
    }
    stub_stop(S);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    if (system(cmd) != 0)
        CHECK(0);
    return test_finish();
}

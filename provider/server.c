/* server.c - the gRPC server that Terraform talks to.
 *
 * Built on gRPC core's C API.  One thread drives the completion queue; it
 * never runs provider code.  Each unary RPC that arrives is handed to a
 * thread of its own, so that a slow AWS call (or a waiter that runs for
 * minutes) never delays the other RPCs Terraform sends in parallel.  The
 * worker decodes the request into its call's arena, runs the handler, and
 * starts the batch that sends the answer; the queue thread frees the call
 * when gRPC reports the batch done.
 *
 * Besides tfplugin5.Provider it serves what go-plugin's host expects: the
 * health check, GRPCController.Shutdown, and the GRPCStdio / GRPCBroker
 * streams, which are accepted and held open until shutdown.  Any other
 * method is answered UNIMPLEMENTED. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <grpc/byte_buffer.h>
#include <grpc/byte_buffer_reader.h>
#include <grpc/grpc.h>
#include <grpc/grpc_security.h>
#include <grpc/support/alloc.h>
#include <grpc/support/log.h>
#include <grpc/support/time.h>

#include "grpc_broker.pb-c.h"
#include "grpc_controller.pb-c.h"
#include "grpc_stdio.pb-c.h"
#include "health.pb-c.h"
#include "log.h"
#include "proto_conv.h"
#include "runtime.h"
#include "server.h"

/* ---- completion-queue tags ---- */

typedef struct tag tag;
struct tag {
    void (*done)(tag *t, bool ok);
};

typedef enum { KIND_UNARY, KIND_HOLD, KIND_UNKNOWN } method_kind;

typedef struct method_slot {
    const char *path;
    method_kind kind;
    const ProtobufCMessageDescriptor *req;
    tf_unary_fn fn;
    bool provider;              /* a tfplugin5 method: needs the schemas */
    void *registered;
} method_slot;

typedef struct server {
    grpc_server *srv;
    grpc_completion_queue *cq;
    tf_runtime *rt;
    method_slot *methods;
    size_t n_methods;
    pthread_mutex_t lock;
    pthread_cond_t idle;
    int active_workers;         /* unary handlers running */
    bool shutting_down;
    struct call_ctx *held;      /* open streams, cancelled at shutdown */
    tag shutdown_tag;
} server;

typedef struct call_ctx {
    tag on_new, on_sent;
    server *s;
    method_slot *m;
    grpc_call *call;
    gpr_timespec deadline;
    grpc_metadata_array md;
    grpc_call_details details; /* generic calls only */
    grpc_byte_buffer *payload;
    grpc_byte_buffer *reply;
    int cancelled;
    grpc_slice status_details;
    tf_call c;
    struct call_ctx *next_held, **prev_held;
} call_ctx;

static server *g_server; /* for the signal thread only */

/* ---- call life cycle ---- */

static void post_request(server *s, method_slot *m);

static void call_free(call_ctx *cc)
{
    if (cc->call)
        grpc_call_unref(cc->call);
    grpc_metadata_array_destroy(&cc->md);
    if (!cc->m)
        grpc_call_details_destroy(&cc->details);
    if (cc->payload)
        grpc_byte_buffer_destroy(cc->payload);
    if (cc->reply)
        grpc_byte_buffer_destroy(cc->reply);
    grpc_slice_unref(cc->status_details);
    if (cc->c.arena)
        tf_arena_free(cc->c.arena);
    free(cc);
}

static void begin_shutdown(server *s);

static void on_sent(tag *t, bool ok)
{
    (void)ok;
    call_ctx *cc = (call_ctx *)((char *)t - offsetof(call_ctx, on_sent));
    server *s = cc->s;
    bool stop = cc->c.shutdown_after;
    pthread_mutex_lock(&s->lock);
    if (cc->prev_held) {
        *cc->prev_held = cc->next_held;
        if (cc->next_held)
            cc->next_held->prev_held = cc->prev_held;
    }
    pthread_mutex_unlock(&s->lock);
    call_free(cc);
    if (stop)
        begin_shutdown(s);
}

static int read_payload(call_ctx *cc, uint8_t **buf, size_t *len)
{
    *buf = NULL;
    *len = 0;
    if (!cc->payload)
        return 0;
    grpc_byte_buffer_reader r;
    if (!grpc_byte_buffer_reader_init(&r, cc->payload))
        return -1;
    grpc_slice sl = grpc_byte_buffer_reader_readall(&r);
    grpc_byte_buffer_reader_destroy(&r);
    *len = GRPC_SLICE_LENGTH(sl);
    *buf = tf_arena_memdup(cc->c.arena, GRPC_SLICE_START_PTR(sl), *len);
    grpc_slice_unref(sl);
    return 0;
}

static void send_reply(call_ctx *cc, const ProtobufCMessage *resp)
{
    grpc_op ops[4];
    memset(ops, 0, sizeof ops);
    size_t n = 0;
    ops[n++].op = GRPC_OP_SEND_INITIAL_METADATA;
    if (resp && cc->c.status == GRPC_STATUS_OK) {
        size_t len = protobuf_c_message_get_packed_size(resp);
        uint8_t *buf = tf_arena_alloc(cc->c.arena, len ? len : 1);
        protobuf_c_message_pack(resp, buf);
        grpc_slice sl = grpc_slice_from_copied_buffer((const char *)buf, len);
        cc->reply = grpc_raw_byte_buffer_create(&sl, 1);
        grpc_slice_unref(sl);
        ops[n].op = GRPC_OP_SEND_MESSAGE;
        ops[n++].data.send_message.send_message = cc->reply;
    }
    ops[n].op = GRPC_OP_SEND_STATUS_FROM_SERVER;
    ops[n].data.send_status_from_server.status = (grpc_status_code)cc->c.status;
    if (cc->c.status_msg) {
        cc->status_details = grpc_slice_from_copied_string(cc->c.status_msg);
        ops[n].data.send_status_from_server.status_details = &cc->status_details;
    }
    n++;
    ops[n].op = GRPC_OP_RECV_CLOSE_ON_SERVER;
    ops[n++].data.recv_close_on_server.cancelled = &cc->cancelled;
    cc->on_sent.done = on_sent;
    grpc_call_error err = grpc_call_start_batch(cc->call, ops, n, &cc->on_sent, NULL);
    if (err != GRPC_CALL_OK) {
        TF_ERROR("gRPC: cannot answer %s (error %d)", cc->c.method, (int)err);
        on_sent(&cc->on_sent, false);
    }
}

static void *unary_worker(void *arg)
{
    call_ctx *cc = arg;
    server *s = cc->s;
    method_slot *m = cc->m;
    uint8_t *buf;
    size_t len;
    ProtobufCMessage *resp = NULL;
    ProtobufCAllocator alloc = tf_pb_allocator(cc->c.arena);
    ProtobufCMessage *req = NULL;
    if (read_payload(cc, &buf, &len) == 0)
        req = protobuf_c_message_unpack(m->req, &alloc, len, buf);
    if (!req) {
        cc->c.status = GRPC_STATUS_INVALID_ARGUMENT;
        cc->c.status_msg = "malformed request message";
        TF_WARN("gRPC %s: malformed request (%zu bytes)", m->path, len);
    } else if (m->provider && tf_runtime_ready(cc->c.rt) != 0) {
        cc->c.status = GRPC_STATUS_INTERNAL;
        cc->c.status_msg = "the provider's schema tables are broken (see the provider's log); "
                           "this is a bug in the provider";
    } else {
        TF_TRACE("gRPC %s: request", m->path);
        resp = m->fn(&cc->c, req);
        if (!resp && cc->c.status == GRPC_STATUS_OK) {
            cc->c.status = GRPC_STATUS_INTERNAL;
            cc->c.status_msg = "the provider produced no response";
        }
    }
    send_reply(cc, resp);
    pthread_mutex_lock(&s->lock);
    if (--s->active_workers == 0)
        pthread_cond_broadcast(&s->idle);
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

static void start_worker(call_ctx *cc)
{
    server *s = cc->s;
    pthread_attr_t attr;
    pthread_t th;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    /* AWS calls and value trees are modest; 1 MiB leaves ample room while
     * keeping 50 parallel RPCs cheap. */
    pthread_attr_setstacksize(&attr, 1u << 20);
    pthread_mutex_lock(&s->lock);
    s->active_workers++;
    pthread_mutex_unlock(&s->lock);
    if (pthread_create(&th, &attr, unary_worker, cc) != 0) {
        TF_WARN("cannot start a thread for %s; answering inline", cc->m->path);
        unary_worker(cc);
    }
    pthread_attr_destroy(&attr);
}

static void hold_stream(call_ctx *cc)
{
    server *s = cc->s;
    grpc_op ops[3];
    memset(ops, 0, sizeof ops);
    size_t n = 0;
    ops[n++].op = GRPC_OP_SEND_INITIAL_METADATA;
    if (strcmp(cc->m->path, "/grpc.health.v1.Health/Watch") == 0) {
        Grpc__Health__V1__HealthCheckResponse hr = GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__INIT;
        hr.status = GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVING;
        uint8_t buf[16];
        size_t len = grpc__health__v1__health_check_response__pack(&hr, buf);
        grpc_slice sl = grpc_slice_from_copied_buffer((const char *)buf, len);
        cc->reply = grpc_raw_byte_buffer_create(&sl, 1);
        grpc_slice_unref(sl);
        ops[n].op = GRPC_OP_SEND_MESSAGE;
        ops[n++].data.send_message.send_message = cc->reply;
    }
    ops[n].op = GRPC_OP_RECV_CLOSE_ON_SERVER;
    ops[n++].data.recv_close_on_server.cancelled = &cc->cancelled;
    cc->on_sent.done = on_sent;
    pthread_mutex_lock(&s->lock);
    cc->next_held = s->held;
    if (s->held)
        s->held->prev_held = &cc->next_held;
    cc->prev_held = &s->held;
    s->held = cc;
    pthread_mutex_unlock(&s->lock);
    if (grpc_call_start_batch(cc->call, ops, n, &cc->on_sent, NULL) != GRPC_CALL_OK)
        on_sent(&cc->on_sent, false);
}

static void answer_unimplemented(call_ctx *cc)
{
    char *method = grpc_slice_to_c_string(cc->details.method);
    TF_DEBUG("gRPC: unimplemented method %s", method);
    cc->c.status = GRPC_STATUS_UNIMPLEMENTED;
    cc->c.status_msg = tf_arena_printf(cc->c.arena, "method %s is not implemented", method);
    gpr_free(method);
    send_reply(cc, NULL);
}

/* The release binary's cmake/fault_around.c: unmaps the pages of code that
 * only start-up and the connection's set-up used (README, Benchmark).  Other builds do not have it. */
extern void tfp_fault_around_drop(void) __attribute__((weak));

static void on_new_call(tag *t, bool ok)
{
    call_ctx *cc = (call_ctx *)((char *)t - offsetof(call_ctx, on_new));
    server *s = cc->s;
    if (!ok) { /* the server is shutting down */
        call_free(cc);
        return;
    }
    /* The first call: the connection (TLS handshake, HTTP/2) is set up. */
    static bool connected;
    if (!connected) {
        connected = true;
        if (tfp_fault_around_drop)
            tfp_fault_around_drop();
    }
    /* Keep one request outstanding per method at all times. */
    post_request(s, cc->m);
    if (!cc->m) {
        answer_unimplemented(cc);
        return;
    }
    switch (cc->m->kind) {
    case KIND_UNARY:
        start_worker(cc);
        break;
    case KIND_HOLD:
        hold_stream(cc);
        break;
    case KIND_UNKNOWN:
        answer_unimplemented(cc);
        break;
    }
}

static void post_request(server *s, method_slot *m)
{
    pthread_mutex_lock(&s->lock);
    bool closing = s->shutting_down;
    pthread_mutex_unlock(&s->lock);
    if (closing)
        return;
    call_ctx *cc = calloc(1, sizeof *cc);
    if (!cc)
        abort();
    cc->s = s;
    cc->m = m;
    cc->on_new.done = on_new_call;
    cc->status_details = grpc_empty_slice();
    cc->c.rt = s->rt;
    cc->c.arena = tf_arena_new();
    cc->c.method = m ? m->path : "(unregistered)";
    cc->c.status = GRPC_STATUS_OK;
    grpc_metadata_array_init(&cc->md);
    grpc_call_error err;
    if (m) {
        err = grpc_server_request_registered_call(
            s->srv, m->registered, &cc->call, &cc->deadline, &cc->md,
            m->kind == KIND_UNARY ? &cc->payload : NULL, s->cq, s->cq, &cc->on_new);
    } else {
        grpc_call_details_init(&cc->details);
        err = grpc_server_request_call(s->srv, &cc->call, &cc->details, &cc->md,
                                       s->cq, s->cq, &cc->on_new);
    }
    if (err != GRPC_CALL_OK) {
        TF_ERROR("gRPC: cannot request calls (error %d)", (int)err);
        call_free(cc);
    }
}

/* ---- built-in go-plugin services ---- */

static ProtobufCMessage *health_check(tf_call *call, const ProtobufCMessage *req)
{
    (void)req;
    Grpc__Health__V1__HealthCheckResponse *r =
        tf_arena_alloc(call->arena, sizeof *r);
    grpc__health__v1__health_check_response__init(r);
    r->status = GRPC__HEALTH__V1__HEALTH_CHECK_RESPONSE__SERVING_STATUS__SERVING;
    return &r->base;
}

static ProtobufCMessage *controller_shutdown(tf_call *call, const ProtobufCMessage *req)
{
    (void)req;
    Plugin__Empty *r = tf_arena_alloc(call->arena, sizeof *r);
    plugin__empty__init(r);
    call->shutdown_after = true;
    TF_DEBUG("plugin host asked the provider to shut down");
    return &r->base;
}

static void shutdown_done(tag *t, bool ok)
{
    (void)ok;
    server *s = (server *)((char *)t - offsetof(server, shutdown_tag));
    grpc_completion_queue_shutdown(s->cq);
}

static void begin_shutdown(server *s)
{
    pthread_mutex_lock(&s->lock);
    if (s->shutting_down) {
        pthread_mutex_unlock(&s->lock);
        return;
    }
    s->shutting_down = true;
    for (call_ctx *h = s->held; h; h = h->next_held)
        grpc_call_cancel(h->call, NULL);
    pthread_mutex_unlock(&s->lock);
    s->shutdown_tag.done = shutdown_done;
    grpc_server_shutdown_and_notify(s->srv, s->cq, &s->shutdown_tag);
}

/* SIGTERM stops the server cleanly; SIGINT is ignored because Terraform
 * forwards Ctrl-C to the whole process group and then drives the provider's
 * shutdown itself (Stop, then GRPCController.Shutdown). */
static void *signal_thread(void *arg)
{
    sigset_t *set = arg;
    int sig;
    while (sigwait(set, &sig) == 0) {
        if (sig == SIGTERM && g_server) {
            TF_INFO("SIGTERM received; shutting down");
            g_server->rt->stop = 1;
            begin_shutdown(g_server);
            return NULL;
        }
    }
    return NULL;
}

/* ---- setup ---- */

static int add_methods(server *s)
{
    static const struct {
        const char *path;
        method_kind kind;
        const ProtobufCMessageDescriptor *req;
        tf_unary_fn fn;
    } builtin[] = {
        {"/grpc.health.v1.Health/Check", KIND_UNARY,
         &grpc__health__v1__health_check_request__descriptor, health_check},
        {"/grpc.health.v1.Health/Watch", KIND_HOLD, NULL, NULL},
        {"/plugin.GRPCController/Shutdown", KIND_UNARY, &plugin__empty__descriptor,
         controller_shutdown},
        {"/plugin.GRPCStdio/StreamStdio", KIND_HOLD, NULL, NULL},
        {"/plugin.GRPCBroker/StartStream", KIND_HOLD, NULL, NULL},
    };
    size_t nb = sizeof builtin / sizeof builtin[0], np = 0;
    while (tf_provider_methods[np].path)
        np++;
    s->methods = calloc(nb + np, sizeof *s->methods);
    if (!s->methods)
        return -1;
    for (size_t i = 0; i < nb; i++)
        s->methods[s->n_methods++] = (method_slot){builtin[i].path, builtin[i].kind,
                                                   builtin[i].req, builtin[i].fn, false, NULL};
    for (size_t i = 0; i < np; i++) {
        const tf_method *m = &tf_provider_methods[i];
        s->methods[s->n_methods++] =
            (method_slot){m->path, m->fn ? KIND_UNARY : KIND_UNKNOWN, m->req, m->fn, true, NULL};
    }
    for (size_t i = 0; i < s->n_methods; i++) {
        method_slot *m = &s->methods[i];
        m->registered = grpc_server_register_method(
            s->srv, m->path, NULL,
            m->kind == KIND_UNARY ? GRPC_SRM_PAYLOAD_READ_INITIAL_BYTE_BUFFER
                                  : GRPC_SRM_PAYLOAD_NONE,
            0);
        if (!m->registered)
            return -1;
    }
    return 0;
}

static grpc_server_credentials *make_creds(tf_tls_identity *id, bool *tls)
{
    const char *client_cert = getenv("PLUGIN_CLIENT_CERT");
    *tls = client_cert && *client_cert;
    if (!*tls)
        return grpc_insecure_server_credentials_create();
    if (tf_tls_identity_new(id) != 0)
        return NULL;
    grpc_ssl_pem_key_cert_pair pair = {id->key_pem, id->cert_pem};
    /* The host's certificate is the only root we trust: a peer without it
     * cannot complete the handshake, let alone call an RPC. */
    return grpc_ssl_server_credentials_create_ex(
        client_cert, &pair, 1, GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY,
        NULL);
}

/* Where Terraform is told to connect: with mutual TLS, a unix socket in
 * the abstract namespace (Linux; "@name" in the handshake, which Go's
 * net package dials as such), which costs no directory and no inode to
 * make and leaves nothing to clean up; anyone on the machine may connect
 * to it, as to go-plugin's TCP sockets, but only the holder of Terraform's
 * client certificate gets past the TLS handshake.  Without TLS, a socket
 * in a fresh private directory (0700), so that only this user can reach
 * it.  TCP on 127.0.0.1 when neither works. */
static int listen_somewhere(server *s, grpc_server_credentials *creds, bool tls, char **dir,
                            char **sock, char *addr, size_t addr_len, const char **network)
{
    char name[64], uri[96];
    if (tls && tf_socket_abstract_name(name, sizeof name) == 0) {
        snprintf(uri, sizeof uri, "unix-abstract:%s", name);
        if (grpc_server_add_http2_port(s->srv, uri, creds) > 0) {
            snprintf(addr, addr_len, "@%s", name);
            *network = "unix";
            return 0;
        }
    }
    if (tf_socket_dir_new(dir, sock) == 0) {
        char uri[4200];
        snprintf(uri, sizeof uri, "unix:%s", *sock);
        if (grpc_server_add_http2_port(s->srv, uri, creds) > 0) {
            snprintf(addr, addr_len, "%s", *sock);
            *network = "unix";
            return 0;
        }
        tf_socket_dir_remove(*dir, NULL);
        free(*dir);
        free(*sock);
        *dir = *sock = NULL;
        TF_WARN("unix socket unavailable; falling back to TCP on 127.0.0.1");
    }
    int lo, hi;
    if (tf_port_range(&lo, &hi) != 0)
        return -1;
    for (int port = lo; port <= hi; port++) {
        char uri[64];
        snprintf(uri, sizeof uri, "127.0.0.1:%d", port);
        int bound = grpc_server_add_http2_port(s->srv, uri, creds);
        if (bound > 0) {
            snprintf(addr, addr_len, "127.0.0.1:%d", bound);
            *network = "tcp";
            return 0;
        }
    }
    fprintf(stderr, "terraform-provider-aws: cannot listen on a unix socket "
                    "or on 127.0.0.1 ports %d-%d\n", lo, hi);
    return -1;
}

int tf_serve(const tf_provider_def *def)
{
    int rc = tf_handshake_check_env();
    if (rc != 0)
        return rc;
    tf_log_init();
    signal(SIGINT, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL); /* inherited by every thread */

    static tf_runtime rt;
    if (tf_runtime_init(&rt, def) != 0)
        return 1;

    tf_tls_init();
    if (!getenv("GRPC_VERBOSITY"))
        gpr_set_log_verbosity(GPR_LOG_SEVERITY_ERROR);
    grpc_init();
    server s = {0};
    s.rt = &rt;
    pthread_mutex_init(&s.lock, NULL);
    pthread_cond_init(&s.idle, NULL);
    /* Terraform sends whole states and schemas: allow large messages.
     * No bandwidth-delay probing: its window sizing is for long-haul links,
     * not one client on a unix socket, and each estimate costs a ping and
     * pow/log2 from libm, which the release binary loads only when first
     * called (cmake/libm_lazy.c; README, Benchmark). */
    grpc_arg args[3] = {
        {GRPC_ARG_INTEGER, GRPC_ARG_MAX_RECEIVE_MESSAGE_LENGTH, {.integer = 256 << 20}},
        {GRPC_ARG_INTEGER, GRPC_ARG_MAX_SEND_MESSAGE_LENGTH, {.integer = 256 << 20}},
        {GRPC_ARG_INTEGER, GRPC_ARG_HTTP2_BDP_PROBE, {.integer = 0}},
    };
    grpc_channel_args chargs = {3, args};
    s.srv = grpc_server_create(&chargs, NULL);
    s.cq = grpc_completion_queue_create_for_next(NULL);
    grpc_server_register_completion_queue(s.srv, s.cq, NULL);

    tf_tls_identity id = {0};
    bool tls = false;
    char *dir = NULL, *sock = NULL, addr[4200];
    const char *network = NULL;
    grpc_server_credentials *creds = make_creds(&id, &tls);
    rc = 1;
    if (!creds || add_methods(&s) != 0 ||
        listen_somewhere(&s, creds, tls, &dir, &sock, addr, sizeof addr, &network) != 0)
        goto out;
    grpc_server_start(s.srv);
    for (size_t i = 0; i < s.n_methods; i++)
        post_request(&s, &s.methods[i]);
    post_request(&s, NULL);

    g_server = &s;
    pthread_t sig_th;
    pthread_create(&sig_th, NULL, signal_thread, &set);
    pthread_detach(sig_th);

    printf("1|%d|%s|%s|grpc|%s\n", TF_PROTOCOL_VERSION, network, addr,
           tls ? id.cert_b64 : "");
    fflush(stdout);
    if (tfp_fault_around_drop)
        tfp_fault_around_drop();
    TF_DEBUG("plugin serving on %s %s (tls=%s)", network, addr, tls ? "mutual" : "off");

    for (;;) {
        grpc_event ev = grpc_completion_queue_next(
            s.cq, gpr_inf_future(GPR_CLOCK_REALTIME), NULL);
        if (ev.type == GRPC_QUEUE_SHUTDOWN)
            break;
        if (ev.type == GRPC_OP_COMPLETE)
            ((tag *)ev.tag)->done((tag *)ev.tag, ev.success != 0);
    }
    /* Handlers still running own their calls; let them finish briefly. */
    pthread_mutex_lock(&s.lock);
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 5;
    while (s.active_workers > 0 &&
           pthread_cond_timedwait(&s.idle, &s.lock, &until) != ETIMEDOUT)
        ;
    int left = s.active_workers;
    pthread_mutex_unlock(&s.lock);
    rc = 0;
    if (left) {
        TF_WARN("%d RPCs still running at shutdown", left);
        goto out_fast;
    }
out:
    g_server = NULL;
    if (s.srv)
        grpc_server_destroy(s.srv);
    if (s.cq)
        grpc_completion_queue_destroy(s.cq);
    if (creds)
        grpc_server_credentials_release(creds);
    grpc_shutdown_blocking();
    tf_runtime_cleanup(&rt);
out_fast:
    tf_socket_dir_remove(dir, sock);
    free(dir);
    free(sock);
    free(s.methods);
    tf_tls_identity_free(&id);
    return rc;
}

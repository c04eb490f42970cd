/* server.h - what the gRPC server (server.c), the go-plugin handshake
 * (handshake.c) and the tfplugin5 handlers (rpc.c) share.  Private to the
 * runtime. */
#ifndef TF_SERVER_H
#define TF_SERVER_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include <protobuf-c/protobuf-c.h>

#include "arena.h"
#include "schema.h"

/* The provider as a running process: its definition, prepared schemas and,
 * after Configure, the configured client.  `meta` is written once under
 * `lock` by Configure and read-only afterwards.  Nothing here is built
 * before the handshake: the provider's schema is prepared by
 * tf_runtime_ready() at the first tfplugin5 RPC, a type's schema when an
 * RPC first names the type, all of them and the packed answer at the first
 * GetSchema (rpc.c). */
typedef struct tf_runtime {
    const tf_provider_def *def;
    pthread_mutex_t lock;
    void *meta;
    bool configured;
    volatile int stop;          /* set by the Stop RPC */
    pthread_mutex_t schema_lock;
    int schemas_state;          /* 0 not yet prepared, 1 prepared, -1 broken */
    tf_arena *static_arena;     /* prepared schemas, packed schema */
    /* Packed GetSchema response, built once: schemas never change. */
    void *schema_bytes;
    size_t schema_len;
} tf_runtime;

/* One RPC in progress. */
typedef struct tf_call {
    tf_runtime *rt;
    tf_arena *arena;
    const char *method;
    int status;                 /* grpc_status_code to answer with */
    const char *status_msg;
    bool shutdown_after;        /* stop the server once answered */
} tf_call;

typedef ProtobufCMessage *(*tf_unary_fn)(tf_call *call,
                                         const ProtobufCMessage *req);

typedef struct tf_method {
    const char *path;           /* "/tfplugin5.Provider/GetSchema" */
    const ProtobufCMessageDescriptor *req;
    tf_unary_fn fn;
} tf_method;

/* The tfplugin5 Provider methods (rpc.c), NULL-path terminated. */
extern const tf_method tf_provider_methods[];

int tf_runtime_init(tf_runtime *rt, const tf_provider_def *def);
/* Prepares the provider's own schema the first time it is called
 * (thread-safe); 0, or -1 when its table is broken (reported on stderr). */
int tf_runtime_ready(tf_runtime *rt);
void tf_runtime_cleanup(tf_runtime *rt);

/* ---- handshake.c ---- */
#define TF_MAGIC_COOKIE_KEY "TF_PLUGIN_MAGIC_COOKIE"
#define TF_MAGIC_COOKIE_VALUE \
    "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2"
#define TF_PROTOCOL_VERSION 5

/* 0 when the process was started by a plugin host and we can serve; else
 * prints why on stderr and returns the exit status to use. */
int tf_handshake_check_env(void);

typedef struct tf_tls_identity {
    char *cert_pem;     /* malloc'd */
    char *key_pem;      /* malloc'd; never logged */
    char *cert_b64;     /* DER, base64 without padding, for the handshake */
} tf_tls_identity;

/* Ephemeral self-signed certificate for "localhost", as go-plugin's
 * automatic mTLS expects.  Returns 0 or -1 (message on stderr). */
int tf_tls_identity_new(tf_tls_identity *id);
void tf_tls_identity_free(tf_tls_identity *id);

/* Tells OpenSSL not to read the host's openssl.cnf; called first. */
void tf_tls_init(void);

/* A fresh random name ("tfplugin-" and 32 hexadecimal digits) for a socket
 * in the abstract namespace, in name[size]: 0, or -1. */
int tf_socket_abstract_name(char *name, size_t size);

/* A fresh private directory (0700) holding the unix socket path.  Returns
 * 0, or -1 when unix sockets cannot be used here. */
int tf_socket_dir_new(char **dir, char **sock_path);
void tf_socket_dir_remove(const char *dir, const char *sock_path);

/* Port range for the TCP fallback from PLUGIN_MIN_PORT/PLUGIN_MAX_PORT. */
int tf_port_range(int *lo, int *hi);

#endif

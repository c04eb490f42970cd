/* rpc_call.h - calling the provider's RPC methods in a unit test as the
 * server calls them, through the wire form: the request is the server's own
 * tfplugin5 handler's, and the answer is packed and unpacked again, so that
 * what a test checks is what Terraform would read.  The runtime called is
 * `rt`, which the test initialises with its provider (tf_runtime_init). */
#ifndef TFP_TEST_RPC_CALL_H
#define TFP_TEST_RPC_CALL_H

#include <stdio.h>
#include <string.h>

#include "proto_conv.h"
#include "server.h"

static tf_runtime rt;

/* Runs method name ("GetSchema", "CallFunction", ...) on req (NULL: an
 * empty request) and returns its answer unpacked from its packed bytes, in
 * arena a; NULL when there is no such method or the answer is not a
 * resp_desc. */
static inline ProtobufCMessage *rpc(tf_arena *a, const char *name, const ProtobufCMessage *req,
                                    const ProtobufCMessageDescriptor *resp_desc)
{
    char path[128];
    snprintf(path, sizeof path, "/tfplugin5.Provider/%s", name);
    const tf_method *m = tf_provider_methods;
    while (m->path && strcmp(m->path, path) != 0)
        m++;
    if (!m->path || !m->fn)
        return NULL;
    ProtobufCAllocator alloc = tf_pb_allocator(a);
    if (!req)
        req = protobuf_c_message_unpack(m->req, &alloc, 0, (const uint8_t *)"");
    tf_call call = {.rt = &rt, .arena = a, .method = m->path};
    ProtobufCMessage *resp = m->fn(&call, req);
    if (!resp || resp->descriptor != resp_desc)
        return NULL;
    size_t len = protobuf_c_message_get_packed_size(resp);
    uint8_t *buf = tf_arena_alloc(a, len + 1);
    protobuf_c_message_pack(resp, buf);
    return protobuf_c_message_unpack(resp_desc, &alloc, len, buf);
}

/* v as the DynamicValue (msgpack) Terraform sends. */
static inline Tfplugin5__DynamicValue *dv(tf_arena *a, const tf_value *v)
{
    char *err = NULL;
    return tf_pb_encode(a, v, v->type, &err);
}

#endif

/* function_rpc.h - provider-defined functions over tfplugin5: their
 * signatures in GetProviderSchema, GetMetadata and GetFunctions, and the
 * CallFunction handler.  Private to the runtime (rpc.c). */
#ifndef TF_FUNCTION_RPC_H
#define TF_FUNCTION_RPC_H

#include "tfplugin5.pb-c.h"

#include "function.h"
#include "server.h"

/* GetProviderSchema.functions for a NULL-terminated list of functions. */
void tf_pb_schema_functions(tf_arena *a, const tf_function_def *const *defs, size_t *n_out,
                            Tfplugin5__GetProviderSchema__Response__FunctionsEntry ***out);
/* GetMetadata.functions. */
void tf_pb_function_metadata(tf_arena *a, const tf_function_def *const *defs, size_t *n_out,
                             Tfplugin5__GetMetadata__FunctionMetadata ***out);

ProtobufCMessage *tf_rpc_get_functions(tf_call *call, const ProtobufCMessage *req);
ProtobufCMessage *tf_rpc_call_function(tf_call *call, const ProtobufCMessage *req);

#endif

/* proto_conv.h - between tfplugin5 messages and the runtime's own types.
 * Private to the runtime: nothing outside provider/ sees protobuf. */
#ifndef TF_PROTO_CONV_H
#define TF_PROTO_CONV_H

#include "tfplugin5.pb-c.h"

#include "diag.h"
#include "schema.h"
#include "value.h"

/* protobuf-c allocator that allocates from the arena and never frees. */
ProtobufCAllocator tf_pb_allocator(tf_arena *a);

Tfplugin5__Schema *tf_pb_schema(tf_arena *a, const tf_block *b, int64_t version);
void tf_pb_diags(tf_arena *a, const tf_diags *d, size_t *n_out,
                 Tfplugin5__Diagnostic ***out);
Tfplugin5__AttributePath *tf_pb_path(tf_arena *a, const tf_path *p);
/* Decodes whichever encoding Terraform used.  An absent DynamicValue is a
 * null of type t. */
const tf_value *tf_pb_decode(tf_arena *a, const Tfplugin5__DynamicValue *dv,
                             const tf_type *t, char **err);
Tfplugin5__DynamicValue *tf_pb_encode(tf_arena *a, const tf_value *v,
                                      const tf_type *t, char **err);

#endif

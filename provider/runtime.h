/* runtime.h - entry point of the plugin runtime.
 *
 * tf_serve() does everything go-plugin's Serve does for a Terraform provider:
 * checks the magic cookie, negotiates the protocol version, listens on a
 * private unix socket (or loopback TCP), sets up automatic mutual TLS, prints
 * the handshake line and serves tfplugin5 over gRPC until Terraform asks the
 * plugin to shut down.  Returns the process exit status. */
#ifndef TF_RUNTIME_H
#define TF_RUNTIME_H

#include "schema.h"

int tf_serve(const tf_provider_def *def);

#endif

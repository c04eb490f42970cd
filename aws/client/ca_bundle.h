/* ca_bundle.h - where the CA certificates for HTTPS are (private).
 *
 * The static release binary carries a libcurl with no compiled-in CA path,
 * and no one path fits every distribution, so the client looks for them
 * itself, the way Go's crypto/x509 does on Linux: SSL_CERT_FILE and
 * SSL_CERT_DIR when set (each replaces its default list), otherwise the
 * well-known bundle files, otherwise a hashed certificate directory.
 * (custom_ca_bundle, AWS_CA_BUNDLE and a profile's ca_bundle come first;
 * client.c handles those.) */
#ifndef AWS_CA_BUNDLE_H
#define AWS_CA_BUNDLE_H

#include "arena.h"
#include "aws.h"

typedef struct {
    const char *file;             /* for CURLOPT_CAINFO, or NULL */
    const char *dir;              /* for CURLOPT_CAPATH, or NULL */
} aws_ca_paths;

/* The well-known bundle files, in the order they are tried, NULL-terminated. */
extern const char *const ca_bundle_files[];

/* Finds the CA certificates.  root is prepended to the well-known paths
 * (not to SSL_CERT_FILE / SSL_CERT_DIR): "" for the real system, a fake
 * root in tests.  0 with *out set (strings in a); -1 with err
 * (AWS_ERR_CONFIG, "MissingCABundle") naming every path tried and how to
 * point the provider at a bundle. */
int ca_bundle_find(tf_arena *a, const char *root, aws_ca_paths *out, aws_error *err);

#endif

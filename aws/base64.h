/* base64.h - standard base64 (RFC 4648 alphabet, with padding) as Go's
 * encoding/base64.StdEncoding reads and writes it, for the attributes
 * hashicorp/aws encodes or decodes (user data, secret binaries). */
#ifndef AWS_BASE64_H
#define AWS_BASE64_H

#include <stddef.h>

#include "arena.h"

/* The base64 text of len bytes, in the arena. */
char *aws_base64_encode(tf_arena *a, const unsigned char *data, size_t len);

/* Decodes s as StdEncoding.DecodeString does (padding required, \r and \n
 * skipped, nothing after the padding, trailing bits not checked) into the
 * arena; NULL when s is not base64, else the bytes with *out_len. */
unsigned char *aws_base64_decode(tf_arena *a, const char *s, size_t len, size_t *out_len);

#endif

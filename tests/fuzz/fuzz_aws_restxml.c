/* fuzz_aws_restxml.c - the REST-XML (Route 53) fuzz target: recorded answers
 * of tests/fuzz/corpus/restxml/, mutated, through the client and each type's
 * read and flatten code (see aws_fuzz.h). */
#define FUZZ_PROTOCOL AWS_PROTO_REST_XML
#include "aws_fuzz.h"
#ifdef FUZZ_STANDALONE
#include "aws_fuzz_main.h"
#endif

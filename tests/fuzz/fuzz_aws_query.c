/* fuzz_aws_query.c - the Query XML (ELBv2, Auto Scaling, IAM, CloudWatch)
 * fuzz target: recorded answers of tests/fuzz/corpus/query/, mutated, through
 * the client and each type's read and flatten code (see aws_fuzz.h). */
#define FUZZ_PROTOCOL AWS_PROTO_QUERY
#include "aws_fuzz.h"
#ifdef FUZZ_STANDALONE
#include "aws_fuzz_main.h"
#endif

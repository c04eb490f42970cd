/* fuzz_aws_json.c - the JSON 1.1 (ECS, CloudWatch Logs, SSM, Application Auto Scaling)
 * fuzz target: recorded answers of tests/fuzz/corpus/json/, mutated, through
 * the client and each type's read and flatten code (see aws_fuzz.h). */
#define FUZZ_PROTOCOL AWS_PROTO_JSON
#include "aws_fuzz.h"
#ifdef FUZZ_STANDALONE
#include "aws_fuzz_main.h"
#endif

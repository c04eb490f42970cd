/* fuzz_aws_ec2.c - the EC2 XML (every ec2 resource type and data source)
 * fuzz target: recorded answers of tests/fuzz/corpus/ec2/, mutated, through
 * the client and each type's read and flatten code (see aws_fuzz.h). */
#define FUZZ_PROTOCOL AWS_PROTO_EC2
#include "aws_fuzz.h"
#ifdef FUZZ_STANDALONE
#include "aws_fuzz_main.h"
#endif

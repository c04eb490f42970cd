/* params.h - encoding of aws_params into a query/ec2 form body (private). */
#ifndef AWS_PARAMS_H
#define AWS_PARAMS_H

#include "aws.h"

/* "Action=..&Version=..&name=value..." with RFC 3986 encoding. */
char *params_encode(tf_arena *a, const char *action, const char *version,
                    const aws_params *p);

#endif

/* provider.h - the AWS provider as the plugin runtime sees it.
 *
 * aws/main.c hands this definition to the runtime, which serves its schema
 * and routes every RPC to the right resource. */
#ifndef AWS_PROVIDER_H
#define AWS_PROVIDER_H

#include "schema.h"

/* The provider block schema, every resource type and data source. */
const tf_provider_def *aws_provider_definition(void);

#endif

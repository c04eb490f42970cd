/* main.c - the terraform-provider-aws executable: hands the AWS provider's
 * definition to the plugin runtime, which does the rest. */
#include "provider.h"
#include "runtime.h"

int main(void)
{
    return tf_serve(aws_provider_definition());
}

/* schema_block.c - nested blocks of a generated schema table by path. */
#include "schema_block.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const tf_block *aws_schema_block(const tf_block *root, const char *path)
{
    const tf_block *b = root;
    const char *p = path;
    while (b && *p) {
        const char *dot = strchr(p, '.');
        size_t n = dot ? (size_t)(dot - p) : strlen(p);
        const tf_nested_block *found = NULL;
        for (const tf_nested_block *nb = b->blocks; nb && nb->name; nb++)
            if (strlen(nb->name) == n && memcmp(nb->name, p, n) == 0)
                found = nb;
        b = found ? found->block : NULL;
        p += n + (dot ? 1 : 0);
    }
    if (!b) {
        fprintf(stderr, "aws_schema_block: no block \"%s\" in this schema\n", path);
        abort();
    }
    return b;
}

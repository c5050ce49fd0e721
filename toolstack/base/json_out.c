/*
 * json_out.c - one place for the yajl set-up and printing of --json output.
 */
#include "base/json_out.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>

yajl_gen json_gen_new(void)
{
    yajl_gen g = yajl_gen_alloc(NULL);

    if (!g) {
        fprintf(stderr, "xyl: out of memory (JSON generator)\n");
        abort();
    }
    yajl_gen_config(g, yajl_gen_beautify, 1);
    return g;
}

void json_gen_print(yajl_gen g)
{
    const unsigned char *buf;
    size_t len;

    yajl_gen_get_buf(g, &buf, &len);
    fwrite(buf, 1, len, stdout);
    yajl_gen_free(g);
}

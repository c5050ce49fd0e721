/*
 * json_out.h - the --json output of every command: libxl's JSON library
 * (yajl), beautified like libxl's own JSON, printed to stdout.
 */
#ifndef XYL_JSON_OUT_H
#define XYL_JSON_OUT_H

#include <string.h>
#include <yajl/yajl_gen.h>

/* A generator set up as every command's output wants it. */
yajl_gen json_gen_new(void);

/* Write what g generated to stdout and free g. */
void json_gen_print(yajl_gen g);

static inline void json_str(yajl_gen g, const char *s)
{
    yajl_gen_string(g, (const unsigned char *)s, strlen(s));
}

#endif

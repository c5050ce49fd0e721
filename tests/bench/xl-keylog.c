/*
 * xl-keylog.c - LD_PRELOAD logger for record-xl-keys: appends
 * "GETTER KEY" to $KEYLOG for every xlu_cfg_get_* call xl makes, then calls
 * the real libxlutil function.  Test tooling only; not part of xyl.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#include <libxlutil.h>

static void note(const char *fn, const char *key)
{
    const char *path = getenv("KEYLOG");
    FILE *f = path ? fopen(path, "a") : NULL;

    if (f) {
        fprintf(f, "%s %s\n", fn, key);
        fclose(f);
    }
}

/* Define NAME(PROTO) that logs its key argument n and forwards ARGS. */
#define WRAP(name, proto, args)                                 \
    int name proto;                                             \
    int name proto                                              \
    {                                                           \
        static int (*real) proto;                               \
        if (!real)                                              \
            *(void **)&real = dlsym(RTLD_NEXT, #name);          \
        note(#name, n);                                         \
        return real args;                                       \
    }

WRAP(xlu_cfg_get_string, (const XLU_Config *c, const char *n, const char **v, int d), (c, n, v, d))
WRAP(xlu_cfg_replace_string, (const XLU_Config *c, const char *n, char **v, int d), (c, n, v, d))
WRAP(xlu_cfg_get_long, (const XLU_Config *c, const char *n, long *v, int d), (c, n, v, d))
WRAP(xlu_cfg_get_bounded_long, (const XLU_Config *c, const char *n, long lo, long hi, long *v, int d),
     (c, n, lo, hi, v, d))
WRAP(xlu_cfg_get_defbool, (const XLU_Config *c, const char *n, libxl_defbool *v, int d), (c, n, v, d))
WRAP(xlu_cfg_get_list, (const XLU_Config *c, const char *n, XLU_ConfigList **v, int *e, int d),
     (c, n, v, e, d))
WRAP(xlu_cfg_get_list_as_string_list, (const XLU_Config *c, const char *n, libxl_string_list *v, int d),
     (c, n, v, d))

/*
 * hp_main.h - the one main() of xyl's compiled hotplug scripts
 * (xyl-vif-bridge, xyl-block), as a command table: each program is a row
 * (its name, the actions libxl may ask of it, its parse and its handler)
 * that hp_main.c runs the same way: libxl's arguments and environment
 * parsed, xenstore opened, what else the program needs opened, the
 * handler run, everything closed.  Every failure is one line on stderr,
 * "NAME: REASON" before the work and "NAME: ACTION WHO: REASON" during
 * it, and exit 1 (libxl then reports the backend's hotplug-error); a
 * handler's note on success is printed the same way, with exit 0.
 */
#ifndef XYL_HP_MAIN_H
#define XYL_HP_MAIN_H

#include <stdbool.h>
#include <stddef.h>

#include "hp_util.h"

/* what hp_main needs to know of one parsed call */
struct hp_call {
    unsigned action;            /* an index into the row's actions */
    const char *who;            /* what a message names: the device or backend path */
    bool nothing;               /* no work for this call: exit 0 at once */
};

struct hp_prog {
    const char *name;                   /* "xyl-block": each message's prefix */
    const char *const *actions;         /* the commands, by hp_call.action */
    size_t xs_max;                      /* xenstore values are cut to this (hp_xs_value) */
    /* argv and the environment (getenv_fn) into the program's request, which
     * its file keeps, and *call: 0, or -1 with why */
    int (*parse)(int argc, char *const argv[], const char *(*getenv_fn)(const char *),
                 struct hp_call *call, char *why, size_t whylen);
    /* what the program opens besides xenstore, and closes (NULL: none):
     * 0, or -1 with why */
    int (*open)(char *why, size_t whylen);
    void (*close)(void);
    /* the work: 0 (why empty, or a note), or -1 with why */
    int (*handler)(const struct hp_xs *xs, char *why, size_t whylen);
};

/* the program's row: each program defines it (vif_main.c, block_main.c) */
extern const struct hp_prog hp_prog;

#endif

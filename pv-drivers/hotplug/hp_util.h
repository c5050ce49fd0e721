/*
 * hp_util.h - what xyl's compiled hotplug scripts (xyl-vif-bridge,
 * xyl-block) share: libxl's argument words, strict decimal numbers,
 * backend paths, xenstore values made C strings, and the xenstore they
 * use (libxenstore in the programs, a table in the tests).  Pure C: the
 * unit tests and fuzzers run it without Xen.
 */
#ifndef XYL_HP_UTIL_H
#define XYL_HP_UTIL_H

#include <stdbool.h>
#include <stddef.h>

/* xenstore, as the program's libxenstore (hp_xs.c) or a test's table */
struct hp_xs {
    /* the value at path (malloc'd C string), or NULL when there is none */
    char *(*read)(void *ctx, const char *path);
    /* 0, or -1 */
    int (*write)(void *ctx, const char *path, const char *value);
    /* the children of path: *n names in one malloc'd block (free() it, as
     * xs_directory's), or NULL when path has none or is missing */
    char **(*list)(void *ctx, const char *path, unsigned *n);
    void *ctx;
};

/* why <- the message; returns -1 */
int hp_say(char *why, size_t whylen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The len bytes at s as a decimal number without sign, leading zero or
 * junk, at most max (and 10 digits): 0 and *out, or -1. */
int hp_uint(const char *s, size_t len, unsigned long max, unsigned *out);

/* A domain id: decimal, below DOMID_FIRST_RESERVED (0x7ff0). */
#define HP_DOMID_MAX 0x7fefUL
int hp_domid(const char *s, unsigned *domid);

/* XENBUS_PATH (xbp, NULL when unset) as libxl sets it: "backend/KIND/D/N"
 * or "/local/domain/B/backend/KIND/D/N" (a backend domain's absolute
 * path), shorter than belen.  0 with it in be and the domain and device
 * ids, or -1 with a one-line reason. */
int hp_xenbus_path(const char *xbp, const char *kind, char *be, size_t belen, unsigned *domid,
                   unsigned *devid, char *why, size_t whylen);

/* libxl's words: the command is the first one without '='; name=value
 * words (the last one wins, as the scripts' eval). NULL when absent. */
const char *hp_command(int argc, char *const argv[]);
const char *hp_word(int argc, char *const argv[], const char *name);

/* A xenstore value of len bytes in v (which has room for len + 1) made a
 * C string: cut to max bytes, and each NUL byte (xenstore allows them)
 * made DEL, which no name, number or path check passes.  Returns the
 * string's length. */
size_t hp_xs_value(char *v, size_t len, size_t max);

/* The program's xenstore (libxenstore; values made C strings by
 * hp_xs_value with max): 0, or -1 with errno. */
int hp_xs_open(struct hp_xs *xs, size_t max);
void hp_xs_close(struct hp_xs *xs);

#endif

/*
 * block_main.c - xyl-block: the compiled equivalent of Xen's `block`
 * hotplug script, which libxl runs in its place when a kernel-blkback
 * disk's `script` is this program's absolute path (xyl sets it with
 * `hotplug: xyl` in /etc/xyl/xyl.yaml).  No shell, no losetup, stat or
 * xenstore-* processes: loop ioctls and libxenstore (block.h says what it
 * does).  Exit 0 on success, 1 on failure (libxl reports `hotplug-error`).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "block.h"
#include "block_req.h"
#include "hp_lock.h"
#include "hp_util.h"

#define PROG "xyl-block"

/* xenstore's largest value: a `params` path is never cut */
#define BLOCK_XS_VALUE_MAX 4096

static const char *env(const char *name)
{
    return getenv(name);
}

int main(int argc, char **argv)
{
    static const struct block_sys sys = { HP_LOCK_DIR, "/proc/mounts" };
    struct block_req r;
    struct hp_xs xs;
    char why[1024];
    int e;

    if (block_req_parse(argc, argv, env, &r, why, sizeof(why))) {
        fprintf(stderr, PROG ": %s\n", why);
        return 1;
    }
    if (hp_xs_open(&xs, BLOCK_XS_VALUE_MAX)) {
        perror(PROG ": cannot open xenstore");
        return 1;
    }
    e = block_run(&r, &xs, &sys, why, sizeof(why));
    if (why[0])
        fprintf(stderr, PROG ": %s %s: %s\n", r.cmd == BLOCK_ADD ? "add" : "remove", r.be, why);
    hp_xs_close(&xs);
    return e ? 1 : 0;
}

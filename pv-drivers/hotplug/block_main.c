/*
 * block_main.c - xyl-block: the compiled equivalent of Xen's `block`
 * hotplug script, which libxl runs in its place when a kernel-blkback
 * disk's `script` is this program's absolute path (xyl sets it with
 * `hotplug: xyl` in /etc/xyl/xyl.yaml).  No shell, no losetup, stat or
 * xenstore-* processes: loop ioctls and libxenstore (block.h says what it
 * does).  Its row of hp_main.h: hp_main.c's main() runs it.
 */
#include "block.h"
#include "block_req.h"
#include "hp_lock.h"
#include "hp_main.h"

/* xenstore's largest value: a `params` path is never cut */
#define BLOCK_XS_VALUE_MAX 4096

static struct block_req req;

static int parse(int argc, char *const argv[], const char *(*getenv_fn)(const char *),
                 struct hp_call *call, char *why, size_t whylen)
{
    int e = block_req_parse(argc, argv, getenv_fn, &req, why, whylen);

    *call = (struct hp_call){ req.cmd, req.be, false };
    return e;
}

/* the host's lock folder and mount table */
static int handler(const struct hp_xs *xs, char *why, size_t whylen)
{
    static const struct block_sys sys = { HP_LOCK_DIR, "/proc/mounts" };

    return block_run(&req, xs, &sys, why, whylen);
}

const struct hp_prog hp_prog = { .name = "xyl-block", .actions = block_cmd_names,
    .xs_max = BLOCK_XS_VALUE_MAX, .parse = parse, .handler = handler };

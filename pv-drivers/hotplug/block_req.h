/*
 * block_req.h - what libxl asks of a disk's hotplug script, and the
 * checks of the xenstore values the compiled `block` script (xyl-block)
 * reads (libxl_linux.c and libxl_disk.c, Xen 4.17):
 *
 *   SCRIPT add|remove    XENBUS_PATH=backend/vbd/D/N  XENBUS_TYPE=vbd
 *                        XENBUS_BASE_PATH=backend
 *
 * and in that backend directory `params` (the disk's target), `mode`,
 * `frontend-id`, `state`; `node` (the loop device xyl-block attached).
 * Pure C: the unit tests and fuzz_blockreq run it without Xen.
 */
#ifndef XYL_BLOCK_REQ_H
#define XYL_BLOCK_REQ_H

#include <stddef.h>

enum block_cmd { BLOCK_ADD, BLOCK_REMOVE };
#define BLOCK_NCMDS 2
/* the command words, by enum block_cmd */
extern const char *const block_cmd_names[BLOCK_NCMDS];

struct block_req {
    enum block_cmd cmd;
    char be[128];               /* the backend's xenstore path (XENBUS_PATH) */
    char base[128];             /* its backend/vbd folder: the sharing check
                                   reads every disk under it */
    unsigned domid, devid;      /* from that path */
};

/* Parse argv (the command, add or remove) and XENBUS_PATH from the
 * environment lookup getenv_fn.  0, or -1 with a one-line reason. */
int block_req_parse(int argc, char *const argv[], const char *(*getenv_fn)(const char *),
                    struct block_req *r, char *why, size_t whylen);

/* canonicalise_mode of block-common.sh: 'r' (no 'w' in mode), 'w', or
 * '!' (both 'w' and '!': no sharing check).  NULL is 'r'. */
char block_mode(const char *mode);

/* The device or file `params` names, as the script's expand_dev: an
 * absolute path as it is, a bare name ("sda", no '/') under /dev/.
 * Refused: empty, other relative paths (the script would take them from
 * libxl's working folder), PATH_MAX bytes or more, a byte below 0x20 or
 * DEL (a NUL in the node became DEL), a "." or ".." component.  0 and the
 * path in out (outlen >= PATH_MAX), or -1. */
int block_target(const char *params, char *out, size_t outlen);

/* `node` as xyl-block writes it: "/dev/loopN" (N decimal, canonical, at
 * most 2^20 - 1, the loop driver's minors).  0 and N, or -1. */
int block_loop_node(const char *s, unsigned *n);

#endif

/*
 * plan.h - the planner of `xyl plan` / `xyl apply`: desired guests (a
 * folder of YAML, each mapped to its libxl_domain_config) and observed
 * domains (libxl's stored configuration plus xyl's metadata) in, one
 * action per guest out, with the reason for every difference.  A pure
 * function: no Xen, no I/O, so the unit tests drive every case.
 *
 * Policy (what can change in a running guest):
 *   memory target   in place (mem-set) up to the running maxmem, else recreate
 *   vcpus online    in place up to the running maxvcpus, else recreate
 *   disks (by vdev) added/removed in place; a changed target/format/mode recreates
 *   nics (by MAC)   added/removed in place; a changed bridge/model recreates
 *   `backend: xyl` disks (by vdev) and NICs (by MAC): the same, hot-plugged
 *                   by xyl (devices/xyl_vbd.c, xyl_vif.c)
 *   xenstore: keys  rewritten/removed in place
 *   type, UUID, kernel, ramdisk, cmdline, bootloader, maxmem, maxvcpus,
 *   on_poweroff/on_reboot/on_crash, a guest that has shut down: recreate
 * A definition whose bytes changed (sha256) with nothing of the above
 * different is an update that only refreshes xyl's record.
 * A recreate or destroy of a guest that still runs is disruptive: apply
 * shuts it down first, and asks before (--yes, --no-disrupt).
 */
#ifndef XYL_PLAN_H
#define XYL_PLAN_H

#include <stdbool.h>
#include <stdint.h>

#include <libxl.h>

#include "model/guest.h"

struct plan_xdev {              /* a `backend: xyl` disk or NIC (libxl never sees them) */
    char *key;                  /* disk: its vdev ("xvdb"); NIC: its MAC ("00:16:3e:..") */
    char *target;               /* disk: the image (absolute); NIC: the bridge */
    int idx;                    /* desired: index into the guest's disks/networks;
                                 * observed: the device's devid */
    uint64_t size;              /* a plan_want/have's sizes: the disk's bytes */
};

struct plan_xdevs {
    struct plan_xdev *v;
    int n;
};

void plan_xdevs_add(struct plan_xdevs *l, const char *key, const char *target, int idx);
void plan_xdevs_free(struct plan_xdevs *l);

struct plan_want {              /* one desired guest */
    const char *name, *file;    /* file: absolute */
    const char *sha256;         /* of the file's bytes */
    const libxl_domain_config *dc;
    const struct xyl_kvlist *xs;    /* its `xenstore:` keys */
    const struct plan_xdevs *xdisks, *xnics;   /* its `backend: xyl` devices (NULL: none) */
    const struct plan_xdevs *sizes; /* disks with size: (key vdev, idx into the guest's
                                     * disks, size); NULL: none */
    bool skip;                  /* in the folder but not to be applied (--autostart) */
};

struct plan_have {              /* one domain running on the host */
    const char *name;
    uint32_t domid;
    const libxl_domain_config *dc;  /* libxl_retrieve_domain_configuration */
    bool stopped;               /* shut down or crashed, not yet destroyed */
    /* xyl's metadata, when it created this domain (managed) */
    bool managed;
    const char *file, *sha256, *data_keys;
    long stop_timeout;          /* the recorded stop_timeout, 0: none */
    /* current values of the guest's data/ keys: one per name in the
     * desired xenstore list and in data_keys; value NULL = absent */
    const struct xyl_kvlist *xs;
    /* its `backend: xyl` devices, from xyl's own xenstore nodes (NULL: none) */
    const struct plan_xdevs *xdisks, *xnics;
    /* its disks' image sizes (key vdev, target, size) where the host could
     * tell (a file or block device; NULL: none known, e.g. plan --state) */
    const struct plan_xdevs *sizes;
};

enum plan_kind {
    PLAN_UNCHANGED, PLAN_CREATE, PLAN_UPDATE, PLAN_RECREATE, PLAN_DESTROY,
    PLAN_CONFLICT,              /* same name, not created by xyl: left alone */
    PLAN_KEEP,                  /* managed, its file is gone, no --prune: left alone */
};

enum plan_op_kind {
    OP_MEMORY,                  /* value = target KiB */
    OP_VCPUS,                   /* value = vCPUs online */
    OP_DISK_ADD, OP_DISK_DEL,   /* idx into want's / have's dc->disks */
    OP_NIC_ADD, OP_NIC_DEL,     /* idx into want's / have's dc->nics */
    OP_XS_SET, OP_XS_DEL,       /* key (value from want's xs) */
    OP_XDISK_ADD, OP_XNIC_ADD,  /* idx into want's guest disks / networks */
    OP_XDISK_DEL, OP_XNIC_DEL,  /* key: the vdev / MAC; value: the devid */
    OP_DISK_GROW,               /* key: vdev; value: bytes; idx into want's guest disks */
    OP_RECORD,                  /* rewrite xyl's metadata only */
};

struct plan_op {
    enum plan_op_kind kind;
    uint64_t value;
    int idx;
    const char *key;
};

struct plan_action {
    enum plan_kind kind;
    int want, have;             /* indexes, -1 when none */
    const char *name;
    char **why;                 /* one line per difference: "memory 64→96 MiB" */
    int n_why, alloc_why;
    bool disruptive;            /* stops a running guest: a recreate, a prune's destroy */
    struct plan_op *ops;        /* PLAN_UPDATE only */
    int n_ops, alloc_ops;
};

struct plan {
    struct plan_action *v;
    int n, alloc;
    int changes;                /* create, update, recreate, destroy */
    int conflicts;
    int disruptive;             /* actions that stop a running guest */
};

/*
 * dir: the folder's absolute path; with prune, managed domains whose
 * definition file was under dir and is no longer desired get PLAN_DESTROY.
 * Actions come in the order of want, then the destroys.
 */
void plan_make(const struct plan_want *want, int n_want,
               const struct plan_have *have, int n_have,
               const char *dir, bool prune, struct plan *out);
void plan_free(struct plan *p);

const char *plan_kind_name(enum plan_kind k);   /* "create", "update", ... */

#endif

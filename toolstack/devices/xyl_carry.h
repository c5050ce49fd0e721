/*
 * xyl_carry.h - a domain's `backend: xyl` disks and NICs as they are now
 * (xyl's own backend nodes, not the definition: hot-plugged devices count,
 * detached ones do not), carried to the guest's next domain: across save
 * and restore and migration (as "@xyl-vbd/DEVID" and "@xyl-vif/DEVID"
 * pairs in the save file's xyl-data, savefile.h), and across the monitor's
 * restart.  libxl carries its own devices in the configuration; these it
 * never sees, and a guest resumed without them loses its disks.
 */
#ifndef XYL_XYL_CARRY_H
#define XYL_XYL_CARRY_H

#include <stdbool.h>
#include <stdint.h>

#include "model/guest.h"

struct xyl_carried_disk {
    uint32_t devid;
    char *vdev, *params;        /* params: the image, an absolute path */
    bool readonly;
};

struct xyl_carried_nic {
    uint32_t devid;
    uint8_t mac[6];
    char *bridge;
};

struct xyl_carried {
    struct xyl_carried_disk *disk;
    int n_disk;
    struct xyl_carried_nic *nic;
    int n_nic;
};

#define XYL_CARRY_VBD_PREFIX "@xyl-vbd/"
#define XYL_CARRY_VIF_PREFIX "@xyl-vif/"

/* domid's xyl devices from xenstore into c (zeroed first).  A device whose
 * nodes are half-written or going is left out.  0, or -1 after one line. */
int xyl_carry_read(uint32_t domid, struct xyl_carried *c);

/* c appended to kv as pairs ("@xyl-vbd/DEVID" = "r|w VDEV PARAMS",
 * "@xyl-vif/DEVID" = "MAC BRIDGE"). */
void xyl_carry_to_kv(const struct xyl_carried *c, struct xyl_kvlist *kv);

/* The pairs taken out of kv (they are not the guest's data/ keys) into c,
 * each checked as hostile input: a devid that is not the vdev's, a relative
 * or oversized image path, a bad MAC or bridge name.  0, or -1 after one
 * line naming the bad pair (the pairs are gone from kv either way). */
int xyl_carry_from_kv(struct xyl_kvlist *kv, struct xyl_carried *c);

/* fdatasync every read-write image of c: what the guest wrote through
 * xyl-blkback and was acknowledged is on disk before a save file or a
 * migration claims the guest's state (fsync of any descriptor of a file
 * writes the file's dirty pages, the daemon's included).  0, or -1 after
 * one line. */
int xyl_carry_flush(const struct xyl_carried *c);

/* Re-create c's devices for domid (created paused) and wait until each
 * backend waits for the guest (InitWait): the frontends of a restored
 * guest reconnect to them when it runs.  takeover: domid's disks continue
 * those of domain takeover_domid (the guest's previous domain on this
 * host, stopped): xyl-blkback hands the image and its lock over instead
 * of refusing it as in use.  On failure one line, nothing left, -1. */
int xyl_carry_attach(uint32_t domid, const struct xyl_carried *c, bool takeover,
                     uint32_t takeover_domid);

void xyl_carry_free(struct xyl_carried *c);

#endif

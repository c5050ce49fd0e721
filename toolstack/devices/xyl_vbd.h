/*
 * xyl_vbd.h - disks with `backend: xyl`: libxl never sees them; xyl writes
 * their frontend and backend xenstore entries itself (pv-drivers/xenbus)
 * and makes sure xyl-blkback serves them.
 */
#ifndef XYL_XYL_VBD_H
#define XYL_XYL_VBD_H

#include <stdbool.h>
#include <stdint.h>

#include "model/guest.h"

/* Before anything is created: every xyl disk can be served (a plain disk,
 * not a CD-ROM; a device name with a xenstore number; an existing image).
 * Returns 0, or -1 after printing FILE:LINE:COL: error lines. */
int xyl_vbd_check(const struct xyl_guest *g);

/* For a domain created paused: write all xyl disks' entries in one
 * transaction, start xyl-blkback if it is not running, and wait until
 * each backend is in InitWait (image open, features published).  The guest
 * can then be unpaused.  On failure prints one line, removes every entry
 * it wrote and returns -1 (the caller destroys the domain).
 * A guest without xyl disks: 0, nothing done. */
int xyl_vbd_attach(const struct xyl_guest *g, uint32_t domid);

/* The same for disks already as xenstore entries (v: n of them, for
 * domid; the carried disks of a restore, a migration, a restart). */
struct xb_vbd;
int xyl_vbd_attach_xb(uint32_t domid, const struct xb_vbd *v, int n);

/* block-attach of one xyl disk (file: where the item came from, for
 * messages) to a running guest: as xyl_vbd_attach. */
int xyl_vbd_hot_attach(uint32_t domid, const char *file, const struct xyl_disk *dk);

/* block-detach: 1 if vdev is not an xyl disk of the guest (libxl's then);
 * 0 once detached; -1 after one line.  Without force the guest must close
 * the disk first (backend offline + Closing, wait for Closed); force
 * removes the entries at once. */
int xyl_vbd_hot_detach(uint32_t domid, const char *vdev, bool force);

/* The devids of a guest's xyl disks (sorted, malloc'd; NULL when none). */
uint32_t *xyl_vbd_list(uint32_t domid, int *n);

/* xyl-blkback's counters of one disk ("key=value ...", dom0-written; ""
 * before the first), into buf. */
int xyl_vbd_stats(uint32_t domid, uint32_t devid, char *buf, size_t n);

/* Remove every xyl-vbd entry of a domain (after it was destroyed, or to
 * undo a failed create).  Prints one line and returns -1 on failure. */
int xyl_vbd_remove_all(uint32_t domid);

#endif

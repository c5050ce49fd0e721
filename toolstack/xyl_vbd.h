/*
 * xyl_vbd.h - disks with `backend: xyl`: libxl never sees them; xyl writes
 * their frontend and backend xenstore entries itself (pv-drivers/xenbus)
 * and makes sure xyl-blkback serves them.
 */
#ifndef XYL_XYL_VBD_H
#define XYL_XYL_VBD_H

#include <stdint.h>

#include "guest.h"

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

/* Remove every xyl-vbd entry of a domain (after it was destroyed, or to
 * undo a failed create).  Prints one line and returns -1 on failure. */
int xyl_vbd_remove_all(uint32_t domid);

#endif

/*
 * pv_gnt.h - moving data between a guest's granted pages and private memory
 * with Xen's grant copy (libxengnttab), for every userspace backend.
 *
 * No guest page is ever mapped into the daemon: Xen checks each grant
 * reference (owner, permission, offset + length within the page) and fails
 * only the segments that are wrong.
 */
#ifndef XYL_PV_GNT_H
#define XYL_PV_GNT_H

#include <stdbool.h>
#include <stdint.h>

#include <xen/grant_table.h>

#define PV_PAGE 4096u

/* A piece of one granted page. */
struct pv_gseg {
    grant_ref_t gref;           /* checked by Xen at copy time */
    uint16_t offset, len;       /* bytes in the guest page; offset + len <= 4096 */
};

/* xengnttab_handle without pulling libxengnttab into code that only needs
 * struct pv_gseg (the request parsers, their tests and fuzzers). */
struct xengntdev_handle;

/* Copy the segments, in order, between the pages of guest `domid` and buf
 * (the sum of their lengths).  to_guest: buf -> guest.  0 only if every
 * segment was copied. */
int pv_gnt_copy(struct xengntdev_handle *xgt, uint16_t domid, const struct pv_gseg *seg,
                unsigned n, uint8_t *buf, bool to_guest);

#endif

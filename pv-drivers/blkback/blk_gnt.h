/*
 * blk_gnt.h - moving request data with Xen's grant copy (libxengnttab):
 * no guest page is ever mapped into the daemon, Xen checks each grant
 * reference (owner, permission, offset + length within the page) and fails
 * only the segments that are wrong.
 */
#ifndef XYL_BLK_GNT_H
#define XYL_BLK_GNT_H

#include "blk_io.h"
#include "../common/pv_gnt.h"

#include <xengnttab.h>

struct blk_gnt {
    xengnttab_handle *xgt;
    uint16_t domid;             /* the guest whose grants these are */
};

/* struct blk_grant_ops.copy and .fetch; ctx is a struct blk_gnt. */
int blk_gnt_copy(void *ctx, const struct blk_plan *p, uint8_t *buf, bool to_guest);
int blk_gnt_fetch(void *ctx, const grant_ref_t *grefs, unsigned n, uint32_t bytes, uint8_t *buf);

#endif

/*
 * blk_gnt.h - moving request data between the guest's granted pages and
 * the daemon's buffer.  By default with Xen's grant copy (libxengnttab): no
 * guest page is mapped into the daemon, Xen checks each grant reference
 * (owner, permission, offset + length within the page) and fails only the
 * segments that are wrong.  When the frontend negotiated persistent grants
 * (blk_pgnt.h), the pages it reuses are mapped once: a request whose pages
 * are all mapped has its image I/O done on them directly (.iov), the others
 * are copied with memcpy, and only segments whose pages are not kept mapped
 * still go by grant copy.
 */
#ifndef XYL_BLK_GNT_H
#define XYL_BLK_GNT_H

#include "blk_io.h"
#include "blk_pgnt.h"
#include "../common/pv_gnt.h"

#include <xengnttab.h>

struct blk_gnt {
    xengnttab_handle *xgt;
    uint16_t domid;             /* the guest whose grants these are */
    bool persistent;            /* feature-persistent negotiated for this ring */
    struct blk_pgnt pg;         /* its pages kept mapped (persistent only) */
};

/* struct blk_grant_ops.copy, .fetch and .iov; ctx is a struct blk_gnt. */
int blk_gnt_copy(void *ctx, const struct blk_plan *p, uint8_t *buf, bool to_guest);
int blk_gnt_fetch(void *ctx, const grant_ref_t *grefs, unsigned n, uint32_t bytes, uint8_t *buf);
int blk_gnt_iov(void *ctx, const struct blk_plan *p, struct iovec *iov);

#endif

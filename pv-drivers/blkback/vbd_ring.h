/*
 * vbd_ring.h - the frontend's shared ring of an xyl-vbd device: which
 * pages it is (xen/io/blkif.h's frontend nodes), read strictly, and their
 * mapping.  One page (`ring-ref`), or, since xyl-blkback offers
 * `max-ring-page-order`, 2^order pages (`ring-page-order`, `ring-ref0` ..
 * `ring-ref<2^order - 1>`): a larger ring lets the guest keep more requests
 * in flight (32 on one page, 512 on 16).
 *
 * Trust: every node is the guest's.  The order is bounded by what we
 * offered, every reference must be there and be a number, and no other
 * ring-ref node may be (a ring-ref beside ring-refN, or one beyond the
 * count, says the frontend and we disagree on the ring: refused, not
 * guessed at).  The pages are mapped with one grant map call into one
 * contiguous range, so the ring code sees one buffer of 2^order pages.
 */
#ifndef XYL_VBD_RING_H
#define XYL_VBD_RING_H

#include <stdint.h>

#include "../common/pv_dev.h"

/* The order we offer: 16 pages, 512 requests, what Linux's blkback offers
 * and blkfront's largest (XENBUS_MAX_RING_GRANT_ORDER). */
#define VBD_RING_MAX_ORDER 4u
#define VBD_RING_MAX_PAGES (1u << VBD_RING_MAX_ORDER)
#define VBD_RING_PAGE 4096u

struct vbd_ring_refs {
    unsigned order;
    unsigned n;                 /* 1 << order */
    uint32_t ref[VBD_RING_MAX_PAGES];
};

/* Read the frontend's ring nodes into r: 0, or -1 after pv_dev_fail()
 * (the reason in the log and backend/error). */
int vbd_ring_read(struct pv_devs *s, struct pv_dev *d, struct vbd_ring_refs *r);

/* Map r's pages, in order, into one range (VBD_RING_PAGE * r->n bytes):
 * the range, or NULL after pv_dev_fail(). */
void *vbd_ring_map(struct pv_devs *s, struct pv_dev *d, struct vbd_ring_refs *r);

#endif

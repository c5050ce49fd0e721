/*
 * blk_front.h - the guest's side of a blkif ring in the tests of
 * xyl-blkback's device code (test_vbd.c, test_hand.c): requests written
 * as blkfront writes them, then its event through the fake Xen.
 */
#ifndef XYL_BLK_FRONT_H
#define XYL_BLK_FRONT_H

#include <string.h>

#include "pv-drivers/ring/blk_ring.h"
#include "fake_xen.h"

/* n flush requests (no data; ids 0x1000 + their index), published, and
 * the event on our local port; returns the next request index. */
static inline RING_IDX blk_front_flushes(blkif_front_ring_t *f, unsigned n, evtchn_port_t port)
{
    unsigned i;
    int notify;

    for (i = 0; i < n; i++) {
        blkif_request_t *r = RING_GET_REQUEST(f, f->req_prod_pvt);

        memset(r, 0, sizeof(*r));
        r->operation = BLKIF_OP_FLUSH_DISKCACHE;
        r->id = 0x1000 + f->req_prod_pvt;
        f->req_prod_pvt++;
    }
    RING_PUSH_REQUESTS_AND_CHECK_NOTIFY(f, notify);
    (void)notify;
    fake_xen_fire(port);
    return f->req_prod_pvt;
}

#endif

/*
 * fake_ring.h - a guest in memory for the ring tests and the fuzzer: a
 * shared ring page driven through the public FRONT_RING macros, granted
 * pages indexed by grant reference, and an image in a memfd.
 */
#ifndef XYL_FAKE_RING_H
#define XYL_FAKE_RING_H

#include <stdbool.h>
#include <stdint.h>

#include "pv-drivers/blkback/blk_io.h"

#define FAKE_PAGES 300          /* grant refs 0..299 are valid */

struct fake_guest {
    void *page;                 /* the shared ring page */
    blkif_front_ring_t front;
    uint8_t (*pages)[BLK_SEG_PAGE];
    int copies;                 /* grant copy calls */
    int fetches;                /* indirect page copies */
    int iovs;                   /* requests done on the guest's pages (fake_guest_iov) */
    void (*on_copy)(struct fake_guest *g);  /* runs during a copy (hostile guest) */
    struct blk_backend b;
};

/* sectors: image size; readonly/discard as the backend would offer them. */
void fake_guest_init(struct fake_guest *g, uint64_t sectors, bool readonly, bool discard);
void fake_guest_free(struct fake_guest *g);

/* Queue a request in the next free slot (not yet visible: push). */
blkif_request_t *fake_guest_req(struct fake_guest *g);
void fake_guest_push(struct fake_guest *g);
/* Take the next response; false when there is none. */
bool fake_guest_rsp(struct fake_guest *g, blkif_response_t *rsp);

/* The grant copy the backend uses in tests. */
int fake_guest_copy(void *ctx, const struct blk_plan *p, uint8_t *buf, bool to_guest);
int fake_guest_fetch(void *ctx, const grant_ref_t *grefs, unsigned n, uint32_t bytes, uint8_t *buf);
/* Persistent grants: every known page counts as mapped (set as gops.iov
 * by a test that wants the image I/O done on the guest's pages). */
int fake_guest_iov(void *ctx, const struct blk_plan *p, struct iovec *iov);

#endif

/*
 * blk_pgnt.h - persistent grants (blkif's `feature-persistent`): a frontend
 * that negotiated them grants the same pages for request after request, so
 * the daemon maps each one once, keeps it until the ring goes, and moves a
 * request's data with memcpy instead of a grant-copy hypercall per request
 * (under Xen each hypercall costs far more than the copy of a page).
 *
 * Bounded, because the references are the guest's: at most BLK_PGNT_MAX
 * pages per device, found in a table of twice as many slots within
 * BLK_PGNT_PROBE probes.  A reference that does not fit (table full, its
 * probe run taken by others, or a writable map refused by Xen: the guest
 * granted the page read-only or not at all) gets NULL, and its segment is
 * copied with Xen's grant copy as before, which checks it each time.  So a
 * guest can neither grow the daemon's memory past the bound nor make a
 * lookup longer than BLK_PGNT_PROBE compares.
 *
 * A guest that rewrites a grant entry while the daemon holds it mapped
 * reaches only its own data: the mapping stays on the page Xen mapped.  A
 * frontend releases its persistent grants only after the backend unmapped
 * them (Linux's blkfront ends access on disconnect), so the table is
 * emptied when the ring goes (blk_pgnt_release).
 */
#ifndef XYL_BLK_PGNT_H
#define XYL_BLK_PGNT_H

#include <stdint.h>

#include <xen/grant_table.h>

/* 8 MiB of the guest's memory mapped per device at most: a 1 MiB request
 * uses 257 grants (256 data pages and the indirect page), so 8 of them
 * under way (BLK_INFLIGHT_MAX) fit. */
#define BLK_PGNT_MAX   2048u
#define BLK_PGNT_SLOTS (2 * BLK_PGNT_MAX)
#define BLK_PGNT_PROBE 8u

struct xengntdev_handle;

struct blk_pgnt_slot {
    grant_ref_t gref;
    uint8_t *page;              /* NULL: free; BLK_PGNT_REFUSED: Xen would not map it */
};

/* A reference Xen refused to map writable: remembered (it takes a slot,
 * no page) so that a guest granting read-only pages costs one failed map
 * each, not one per request. */
#define BLK_PGNT_REFUSED ((uint8_t *)1)

struct blk_pgnt {
    struct blk_pgnt_slot *slot; /* BLK_PGNT_SLOTS, allocated at the first map */
    unsigned used;              /* slots taken (mapped or refused) */
    uint64_t hits, maps, refused, full;     /* lookups: found, newly mapped, ... */
};

/* The page of gref (domain domid), mapped read-write now or earlier; NULL
 * when it is not kept mapped (see above): copy that segment instead. */
uint8_t *blk_pgnt_get(struct blk_pgnt *t, struct xengntdev_handle *xgt, uint16_t domid,
                      grant_ref_t gref);

/* Unmap every page and empty the table (its counters stay). */
void blk_pgnt_release(struct blk_pgnt *t, struct xengntdev_handle *xgt);

/* The slot where gref's probe run starts (the tests aim references at
 * one run with it). */
unsigned blk_pgnt_home(grant_ref_t gref);

/* Pages mapped now. */
unsigned blk_pgnt_mapped(const struct blk_pgnt *t);

#endif

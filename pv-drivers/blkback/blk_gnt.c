/*
 * blk_gnt.c - see blk_gnt.h.  The copying itself is pv_gnt_copy's.
 */
#include "blk_gnt.h"

int blk_gnt_copy(void *ctx, const struct blk_plan *p, uint8_t *buf, bool to_guest)
{
    struct blk_gnt *g = ctx;

    return pv_gnt_copy(g->xgt, g->domid, p->seg, p->nseg, buf, to_guest);
}

int blk_gnt_fetch(void *ctx, const grant_ref_t *grefs, unsigned n, uint32_t bytes, uint8_t *buf)
{
    struct blk_gnt *g = ctx;
    struct pv_gseg seg[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST];
    unsigned i;

    if (n > BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST || bytes > n * BLK_SEG_PAGE)
        return -1;
    for (i = 0; i < n; i++) {
        uint32_t len = bytes - i * BLK_SEG_PAGE;

        seg[i].gref = grefs[i];
        seg[i].offset = 0;
        seg[i].len = (uint16_t)(len < BLK_SEG_PAGE ? len : BLK_SEG_PAGE);
    }
    return pv_gnt_copy(g->xgt, g->domid, seg, n, buf, false);
}

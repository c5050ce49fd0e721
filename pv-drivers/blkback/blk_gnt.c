/*
 * blk_gnt.c - see blk_gnt.h.  The grant copying itself is pv_gnt_copy's.
 */
#include "blk_gnt.h"

#include <string.h>

/* Move n segments between the guest and buf (the sum of their lengths):
 * those whose pages are kept mapped with memcpy, each run of the others
 * with one grant copy.  The segments were checked (offset + len <= 4096:
 * blk_req.h), so the memcpy stays inside its page. */
static int move(struct blk_gnt *g, const struct pv_gseg *seg, unsigned n, uint8_t *buf,
                bool to_guest)
{
    uint8_t *page[BLK_MAX_PLAN_SEGS];
    unsigned i, run;

    if (!g->persistent)
        return pv_gnt_copy(g->xgt, g->domid, seg, n, buf, to_guest);
    if (n > BLK_MAX_PLAN_SEGS)
        return -1;
    for (i = 0; i < n; i++)
        page[i] = blk_pgnt_get(&g->pg, g->xgt, g->domid, seg[i].gref);
    for (i = 0; i < n; i += run) {
        size_t bytes = 0;

        if (page[i]) {
            if (to_guest)
                memcpy(page[i] + seg[i].offset, buf, seg[i].len);
            else
                memcpy(buf, page[i] + seg[i].offset, seg[i].len);
            buf += seg[i].len;
            run = 1;
            continue;
        }
        for (run = 0; i + run < n && !page[i + run]; run++)
            bytes += seg[i + run].len;
        if (pv_gnt_copy(g->xgt, g->domid, seg + i, run, buf, to_guest))
            return -1;
        buf += bytes;
    }
    return 0;
}

int blk_gnt_copy(void *ctx, const struct blk_plan *p, uint8_t *buf, bool to_guest)
{
    return move(ctx, p->seg, p->nseg, buf, to_guest);
}

int blk_gnt_fetch(void *ctx, const grant_ref_t *grefs, unsigned n, uint32_t bytes, uint8_t *buf)
{
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
    return move(ctx, seg, n, buf, false);
}

int blk_gnt_iov(void *ctx, const struct blk_plan *p, struct iovec *iov)
{
    struct blk_gnt *g = ctx;
    unsigned i;

    if (!g->persistent || p->nseg > BLK_MAX_PLAN_SEGS)
        return -1;
    for (i = 0; i < p->nseg; i++) {
        uint8_t *page = blk_pgnt_get(&g->pg, g->xgt, g->domid, p->seg[i].gref);

        if (!page)
            return -1;          /* copied instead; the pages mapped stay for the next one */
        iov[i].iov_base = page + p->seg[i].offset;
        iov[i].iov_len = p->seg[i].len;
    }
    return 0;
}

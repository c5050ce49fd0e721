/*
 * blk_gnt.c - see blk_gnt.h.
 */
#include "blk_gnt.h"

#include <string.h>
#include <xen/grant_table.h>

int blk_gnt_copy(void *ctx, const struct blk_plan *p, uint8_t *buf, bool to_guest)
{
    struct blk_gnt *g = ctx;
    xengnttab_grant_copy_segment_t seg[BLK_MAX_PLAN_SEGS];
    uint32_t off = 0;
    unsigned i;

    memset(seg, 0, sizeof(seg));
    for (i = 0; i < p->nseg; i++) {
        xengnttab_grant_copy_segment_t *s = &seg[i];
        union xengnttab_copy_ptr *guest = to_guest ? &s->dest : &s->source;
        union xengnttab_copy_ptr *local = to_guest ? &s->source : &s->dest;

        guest->foreign.ref = p->seg[i].gref;
        guest->foreign.offset = p->seg[i].offset;   /* offset + len <= 4096: checked */
        guest->foreign.domid = g->domid;
        local->virt = buf + off;
        s->len = p->seg[i].len;
        s->flags = to_guest ? GNTCOPY_dest_gref : GNTCOPY_source_gref;
        off += p->seg[i].len;
    }
    if (xengnttab_grant_copy(g->xgt, p->nseg, seg))
        return -1;
    for (i = 0; i < p->nseg; i++)
        if (seg[i].status != GNTST_okay)
            return -1;
    return 0;
}

int blk_gnt_fetch(void *ctx, const grant_ref_t *grefs, unsigned n, uint32_t bytes, uint8_t *buf)
{
    struct blk_gnt *g = ctx;
    xengnttab_grant_copy_segment_t seg[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST];
    unsigned i;

    if (n > BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST || bytes > n * BLK_SEG_PAGE)
        return -1;
    memset(seg, 0, sizeof(seg));
    for (i = 0; i < n; i++) {
        uint32_t len = bytes - i * BLK_SEG_PAGE;

        seg[i].source.foreign.ref = grefs[i];
        seg[i].source.foreign.offset = 0;
        seg[i].source.foreign.domid = g->domid;
        seg[i].dest.virt = buf + i * BLK_SEG_PAGE;
        seg[i].len = (uint16_t)(len < BLK_SEG_PAGE ? len : BLK_SEG_PAGE);
        seg[i].flags = GNTCOPY_source_gref;
    }
    if (xengnttab_grant_copy(g->xgt, n, seg))
        return -1;
    for (i = 0; i < n; i++)
        if (seg[i].status != GNTST_okay)
            return -1;
    return 0;
}

/*
 * blk_req.c - request validation (see blk_req.h).
 */
#include "blk_req.h"

#include <string.h>

_Static_assert(sizeof(blkif_request_discard_t) <= sizeof(blkif_request_t),
               "the discard layout overlays a request");

static int16_t bad(const char **why, const char *msg)
{
    *why = msg;
    return BLKIF_RSP_ERROR;
}

/* first..first+n sectors inside an image of `size` sectors, without the
 * sum ever overflowing (sector_number is any 64-bit value). */
static bool in_range(uint64_t first, uint64_t n, uint64_t size)
{
    return first <= size && n <= size - first;
}

static int16_t check_segments(const blkif_request_t *req, const struct blk_limits *lim,
                              struct blk_plan *p, const char **why)
{
    unsigned i;
    uint64_t total = 0;

    if (req->nr_segments == 0)
        return bad(why, "no segments");
    if (req->nr_segments > BLK_MAX_SEGS)
        return bad(why, "more than 11 segments");
    for (i = 0; i < req->nr_segments; i++) {
        const struct blkif_request_segment *s = &req->seg[i];

        /* both u8: last_sect <= 7 keeps the segment inside its page */
        if (s->last_sect >= BLK_SECTS_PER_PAGE)
            return bad(why, "segment beyond its page (last_sect > 7)");
        if (s->first_sect > s->last_sect)
            return bad(why, "segment with first_sect > last_sect");
        p->seg[i].gref = s->gref;
        p->seg[i].offset = (uint16_t)(s->first_sect << BLK_SECTOR_SHIFT);
        p->seg[i].len = (uint16_t)((s->last_sect - s->first_sect + 1u) << BLK_SECTOR_SHIFT);
        total += s->last_sect - s->first_sect + 1u;
    }
    if (!in_range(req->sector_number, total, lim->sectors))
        return bad(why, "sectors beyond the end of the disk");
    p->nseg = req->nr_segments;
    p->sector = req->sector_number;
    p->nsect = total;
    p->bytes = (uint32_t)(total << BLK_SECTOR_SHIFT);   /* <= 11 * 4096 */
    return BLKIF_RSP_OKAY;
}

int16_t blk_req_check(const blkif_request_t *req, const struct blk_limits *lim,
                      struct blk_plan *p, const char **why)
{
    memset(p, 0, sizeof(*p));
    *why = NULL;
    switch (req->operation) {
    case BLKIF_OP_READ:
        p->kind = BLK_READ;
        return check_segments(req, lim, p, why);

    case BLKIF_OP_WRITE:
        if (lim->readonly)
            return bad(why, "write to a read-only disk");
        p->kind = BLK_WRITE;
        return check_segments(req, lim, p, why);

    case BLKIF_OP_FLUSH_DISKCACHE:
        /* Linux's blkfront sends its flushes this way, with data for a
         * write that must be durable (FUA/preflush), or without. */
        p->flush = true;
        if (req->nr_segments == 0) {
            p->kind = BLK_FLUSH;
            return BLKIF_RSP_OKAY;
        }
        if (lim->readonly)
            return bad(why, "write to a read-only disk");
        p->kind = BLK_WRITE;
        return check_segments(req, lim, p, why);

    case BLKIF_OP_DISCARD: {
        blkif_request_discard_t d;

        if (!lim->discard) {
            *why = "discard not offered";
            return BLKIF_RSP_EOPNOTSUPP;
        }
        if (lim->readonly)
            return bad(why, "discard on a read-only disk");
        /* the discard layout overlays the request; read it from our copy */
        memcpy(&d, req, sizeof(d));
        if (!in_range(d.sector_number, d.nr_sectors, lim->sectors))
            return bad(why, "discard beyond the end of the disk");
        p->kind = BLK_DISCARD;
        p->sector = d.sector_number;
        p->nsect = d.nr_sectors;
        return BLKIF_RSP_OKAY;
    }

    default:    /* WRITE_BARRIER, INDIRECT, RESERVED_1, unknown: not offered */
        *why = "operation not offered";
        return BLKIF_RSP_EOPNOTSUPP;
    }
}

/*
 * blk_req.c - request validation (see blk_req.h).
 */
#include "blk_req.h"

#include <stddef.h>
#include <string.h>

_Static_assert(sizeof(blkif_request_discard_t) <= sizeof(blkif_request_t),
               "the discard layout overlays a request");
_Static_assert(sizeof(blkif_request_indirect_t) <= sizeof(blkif_request_t),
               "the indirect layout overlays a request");
_Static_assert(offsetof(blkif_request_indirect_t, id) == offsetof(blkif_request_t, id),
               "responses echo the id from the same place");
_Static_assert(BLK_MAX_INDIRECT_SEGS <= BLK_SEGS_PER_IPAGE * BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST,
               "the segments we offer fit the indirect pages a request may name");

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

/* nseg segments (already bounded by the caller) from private memory. */
static int16_t check_segments(const struct blkif_request_segment *segs, unsigned nseg,
                              uint64_t sector, const struct blk_limits *lim,
                              struct blk_plan *p, const char **why)
{
    unsigned i;
    uint64_t total = 0;

    if (nseg == 0)
        return bad(why, "no segments");
    for (i = 0; i < nseg; i++) {
        const struct blkif_request_segment *s = &segs[i];

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
    if (!in_range(sector, total, lim->sectors))
        return bad(why, "sectors beyond the end of the disk");
    p->nseg = nseg;
    p->sector = sector;
    p->nsect = total;
    p->bytes = (uint32_t)(total << BLK_SECTOR_SHIFT);   /* <= 256 * 4096 */
    return BLKIF_RSP_OKAY;
}

static int16_t direct(const blkif_request_t *req, const struct blk_limits *lim,
                      struct blk_plan *p, const char **why)
{
    if (req->nr_segments > BLK_MAX_SEGS)
        return bad(why, "more than 11 segments");
    return check_segments(req->seg, req->nr_segments, req->sector_number, lim, p, why);
}

/* The indirect header, read from our copy of the request. */
static int16_t indirect_header(const blkif_request_t *req, const struct blk_limits *lim,
                               blkif_request_indirect_t *ind, const char **why)
{
    if (!lim->max_indirect) {
        *why = "indirect requests not offered";
        return BLKIF_RSP_EOPNOTSUPP;
    }
    memcpy(ind, req, sizeof(*ind));
    if (ind->indirect_op != BLKIF_OP_READ && ind->indirect_op != BLKIF_OP_WRITE)
        return bad(why, "indirect request that is neither read nor write");
    if (ind->nr_segments == 0 || ind->nr_segments > lim->max_indirect)
        return bad(why, "indirect request with 0 or too many segments");
    if (ind->indirect_op == BLKIF_OP_WRITE && lim->readonly)
        return bad(why, "write to a read-only disk");
    return BLKIF_RSP_OKAY;
}

int16_t blk_req_indirect(const blkif_request_t *req, const struct blk_limits *lim,
                         grant_ref_t grefs[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST],
                         unsigned *npages, uint32_t *bytes, const char **why)
{
    blkif_request_indirect_t ind;
    int16_t st = indirect_header(req, lim, &ind, why);
    unsigned i;

    *npages = 0;
    *bytes = 0;
    if (st != BLKIF_RSP_OKAY)
        return st;
    /* nr_segments <= max_indirect <= 8 pages' worth (static assert) */
    *npages = (unsigned)((ind.nr_segments + BLK_SEGS_PER_IPAGE - 1) / BLK_SEGS_PER_IPAGE);
    *bytes = (uint32_t)(ind.nr_segments * sizeof(struct blkif_request_segment));
    for (i = 0; i < *npages; i++)
        grefs[i] = ind.indirect_grefs[i];
    return BLKIF_RSP_OKAY;
}

uint8_t blk_req_rsp_op(const blkif_request_t *req)
{
    blkif_request_indirect_t ind;

    if (req->operation != BLKIF_OP_INDIRECT)
        return req->operation;
    memcpy(&ind, req, sizeof(ind));
    return ind.indirect_op;
}

int16_t blk_req_check(const blkif_request_t *req, const struct blk_limits *lim,
                      const struct blkif_request_segment *isegs, struct blk_plan *p,
                      const char **why)
{
    memset(p, 0, sizeof(*p));
    *why = NULL;
    switch (req->operation) {
    case BLKIF_OP_READ:
        p->kind = BLK_READ;
        return direct(req, lim, p, why);

    case BLKIF_OP_WRITE:
        if (lim->readonly)
            return bad(why, "write to a read-only disk");
        p->kind = BLK_WRITE;
        return direct(req, lim, p, why);

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
        return direct(req, lim, p, why);

    case BLKIF_OP_INDIRECT: {
        blkif_request_indirect_t ind;
        int16_t st = indirect_header(req, lim, &ind, why);

        if (st != BLKIF_RSP_OKAY)
            return st;
        if (!isegs)
            return bad(why, "indirect segments were not fetched");
        p->kind = ind.indirect_op == BLKIF_OP_WRITE ? BLK_WRITE : BLK_READ;
        return check_segments(isegs, ind.nr_segments, ind.sector_number, lim, p, why);
    }

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

    default:    /* WRITE_BARRIER, RESERVED_1, unknown: not offered */
        *why = "operation not offered";
        return BLKIF_RSP_EOPNOTSUPP;
    }
}

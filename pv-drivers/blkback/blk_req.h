/*
 * blk_req.h - checking one blkif request (already copied out of the ring)
 * and turning it into a plan the I/O code can run without further checks.
 *
 * Every field comes from the guest.  A request is accepted only if all of
 * it makes sense: a known operation, 1..11 segments for data transfers,
 * each segment inside its 4 KiB page (first_sect <= last_sect <= 7), the
 * whole sector range inside the image (overflow-safe), no writes to a
 * read-only disk.  Indirect requests (up to 256 segments) get the same
 * checks, on segments copied once out of their indirect page.  Anything else gets BLKIF_RSP_ERROR (or EOPNOTSUPP for
 * operations we do not offer), and the device keeps serving.
 * Grant references cannot be checked here: only Xen knows which are valid
 * for the guest, and it checks each one during the grant copy (a bad one
 * fails that request only).
 */
#ifndef XYL_BLK_REQ_H
#define XYL_BLK_REQ_H

#include <stdbool.h>
#include <stdint.h>

#include "../ring/blk_ring.h"
#include "../common/pv_gnt.h"

#define BLK_SECTOR_SHIFT     9                     /* blkif sectors: 512 bytes */
#define BLK_SECTOR_SIZE      (1u << BLK_SECTOR_SHIFT)
#define BLK_SEG_PAGE         4096u                  /* a segment's grant page */
#define BLK_SECTS_PER_PAGE   (BLK_SEG_PAGE >> BLK_SECTOR_SHIFT)
#define BLK_MAX_SEGS         BLKIF_MAX_SEGMENTS_PER_REQUEST  /* direct request: 11 */
/* Indirect requests (BLKIF_OP_INDIRECT): the segments are in pages the
 * request names; we offer up to 256 (1 MiB), which fit in one such page. */
#define BLK_MAX_INDIRECT_SEGS 256u
#define BLK_SEGS_PER_IPAGE   (BLK_SEG_PAGE / sizeof(struct blkif_request_segment))  /* 512 */
#define BLK_MAX_PLAN_SEGS    BLK_MAX_INDIRECT_SEGS
#define BLK_MAX_BYTES        (BLK_MAX_PLAN_SEGS * BLK_SEG_PAGE)   /* 1 MiB */

enum blk_kind { BLK_READ, BLK_WRITE, BLK_FLUSH, BLK_DISCARD };

struct blk_plan {
    enum blk_kind kind;
    bool flush;                 /* fdatasync after the write (FLUSH_DISKCACHE) */
    uint64_t sector;            /* first sector; sector + nsect <= image sectors */
    uint64_t nsect;
    unsigned nseg;              /* 0 for FLUSH and DISCARD */
    uint32_t bytes;             /* nsect * 512 for READ/WRITE, <= BLK_MAX_BYTES */
    struct pv_gseg seg[BLK_MAX_PLAN_SEGS];
};

struct blk_limits {
    uint64_t sectors;           /* image size in 512-byte sectors */
    bool readonly;
    bool discard;               /* feature-discard offered */
    unsigned max_indirect;      /* feature-max-indirect-segments offered (0: none) */
};

/* BLKIF_RSP_OKAY and a filled *plan, or BLKIF_RSP_ERROR/EOPNOTSUPP with
 * *why saying what was wrong (a static string, for rate-limited logs).
 * For BLKIF_OP_INDIRECT, isegs are the request's segments, already copied
 * out of its indirect pages into private memory (blk_req_indirect). */
int16_t blk_req_check(const blkif_request_t *req, const struct blk_limits *lim,
                      const struct blkif_request_segment *isegs, struct blk_plan *plan,
                      const char **why);

/* First half of an indirect request: check its header and say which guest
 * pages hold its segments (*npages grants in grefs[], *bytes to copy from
 * them, in order).  BLKIF_RSP_OKAY, or an error status with *why. */
int16_t blk_req_indirect(const blkif_request_t *req, const struct blk_limits *lim,
                         grant_ref_t grefs[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST],
                         unsigned *npages, uint32_t *bytes, const char **why);

/* The operation a response must carry: the request's, or for an indirect
 * request the inner one (Linux's blkfront rejects anything else). */
uint8_t blk_req_rsp_op(const blkif_request_t *req);

#endif

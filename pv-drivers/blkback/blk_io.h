/*
 * blk_io.h - running checked requests against a raw image, and the request
 * loop of one ring (take, check, run, respond).
 *
 * Data moves between the guest's granted pages and a private bounce buffer
 * through `struct blk_grant_ops` (the daemon uses Xen's grant copy; tests and
 * the fuzzer use pages in memory), and between the buffer and the image with
 * pread/pwrite.  Requests run one after another, in ring order, so a flush
 * covers every write acknowledged before it.
 */
#ifndef XYL_BLK_IO_H
#define XYL_BLK_IO_H

#include <stdbool.h>
#include <stdint.h>

#include "blk_req.h"

struct blk_grant_ops {
    /* Copy the plan's segments, in order, between the guest's pages and
     * buf (plan->bytes long).  to_guest: buf -> guest.  0 only if every
     * segment was copied. */
    int (*copy)(void *ctx, const struct blk_plan *p, uint8_t *buf, bool to_guest);
    /* Copy the first `bytes` of the guest pages grefs[0..n) (4096 each, in
     * order) into buf: an indirect request's segment array.  0 on success. */
    int (*fetch)(void *ctx, const grant_ref_t *grefs, unsigned n, uint32_t bytes, uint8_t *buf);
    void *ctx;
};

struct blk_disk {
    int fd;
    bool is_file;               /* regular file (hole punching) or block device */
    struct blk_limits lim;
};

struct blk_stats {
    uint64_t reads, writes, flushes, discards;
    uint64_t errors, unsupported;
    const char *last_why;       /* the last refused request's reason */
};

/* Run one checked plan; returns the blkif status. */
int16_t blk_execute(const struct blk_disk *d, const struct blk_grant_ops *g, uint8_t *buf,
                    const struct blk_plan *p);

struct blk_backend {
    struct blk_ring ring;
    struct blk_disk disk;
    struct blk_grant_ops gops;
    uint8_t *buf;               /* BLK_MAX_BYTES, page aligned */
    struct blkif_request_segment iseg[BLK_MAX_INDIRECT_SEGS];  /* private copy */
    struct blk_stats st;
};

enum { BLK_SERVE_IDLE = 0, BLK_SERVE_MORE = 1, BLK_SERVE_BROKEN = -1 };

/* Serve at most `budget` requests (fairness between devices).  Returns
 * BLK_SERVE_MORE when requests are left, IDLE when the ring is empty and
 * notifications are re-armed, BROKEN when the frontend broke the ring.
 * *notify: the frontend should get an event (responses were published). */
int blk_serve(struct blk_backend *b, unsigned budget, bool *notify);

#endif

/*
 * blk_io.h - running checked requests against a raw image, and the request
 * loop of one ring (take, check, run, respond).
 *
 * Data moves between the guest's granted pages and a private bounce buffer
 * through `struct blk_grant_ops` (the daemon uses Xen's grant copy; tests and
 * the fuzzer use pages in memory), and between the buffer and the image with
 * pread/pwrite (or io_uring's).  When every page of a request is kept
 * mapped (persistent grants: blk_pgnt.h), the image I/O reads into and
 * writes from the guest's pages themselves (preadv/pwritev), with no copy.  With asynchronous I/O several requests
 * of one ring are under way at once and complete in any order, but they
 * are answered in ring order, so response N always answers request N (what
 * a restarted daemon relies on: blk_ring.h); a flush, a write with a flush
 * and a discard start only when nothing else of the ring is under way and
 * nothing starts behind them until they are answered, so a flush covers
 * every write taken before it.
 */
#ifndef XYL_BLK_IO_H
#define XYL_BLK_IO_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>

#include "blk_req.h"

struct blk_grant_ops {
    /* Copy the plan's segments, in order, between the guest's pages and
     * buf (plan->bytes long).  to_guest: buf -> guest.  0 only if every
     * segment was copied. */
    int (*copy)(void *ctx, const struct blk_plan *p, uint8_t *buf, bool to_guest);
    /* Copy the first `bytes` of the guest pages grefs[0..n) (4096 each, in
     * order) into buf: an indirect request's segment array.  0 on success. */
    int (*fetch)(void *ctx, const grant_ref_t *grefs, unsigned n, uint32_t bytes, uint8_t *buf);
    /* Point iov[0..p->nseg) at the plan's segments in the guest's own
     * pages, when every one of them is mapped for as long as the ring is
     * (persistent grants); 0 then, and the image I/O uses them directly.
     * -1: not all are: copy through buf.  May be NULL. */
    int (*iov)(void *ctx, const struct blk_plan *p, struct iovec *iov);
    void *ctx;
};

struct blk_disk {
    int fd;
    bool is_file;               /* regular file (hole punching) or block device */
    struct blk_limits lim;
};

struct blk_stats {
    uint64_t reads, writes, flushes, discards;
    uint64_t read_sectors, write_sectors;       /* 512-byte sectors moved */
    uint64_t errors, unsupported;
    const char *last_why;       /* the last refused request's reason */
};

/* Run one checked plan; returns the blkif status. */
int16_t blk_execute(const struct blk_disk *d, const struct blk_grant_ops *g, uint8_t *buf,
                    const struct blk_plan *p);

/* A discard being carried out piece by piece (BLK_DISCARD_CHUNK a turn). */
struct blk_discard {
    bool active;
    uint64_t id;
    uint8_t op;
    uint64_t sector, end;
};

struct blk_inflight;

/* Image I/O that is started now and finishes later (io_uring:
 * blk_uring.h), so that a slow image holds up only its own ring.  With
 * submit NULL every request runs synchronously (tests, fuzzers, a kernel
 * or a filter without io_uring). */
struct blk_aio_ops {
    /* Queue the image I/O of f->plan on fd (a READ into f->buf, a WRITE
     * from it, with its fdatasync when plan.flush, or a FLUSH), setting
     * f->parts: 0, or -1 when it cannot be queued (then it runs
     * synchronously, or waits until the device has nothing under way). */
    int (*submit)(void *ctx, struct blk_inflight *f, int fd);
    /* Hand what was queued to the kernel, as one batch, and take the
     * completions already there (cached data completes inside the call).
     * May be NULL (submit started it). */
    void (*kick)(void *ctx);
    void *ctx;
};

/* One request taken from the ring and not yet answered: its image I/O
 * under way (parts > 0), or finished and waiting for the requests taken
 * before it (responses are published in ring order: see blk_serve).  The
 * submitter's completions fill res/sync_res and count parts down. */
struct blk_inflight {
    struct blk_backend *owner;
    bool io;                    /* plan's I/O was started (else: status is the answer) */
    unsigned parts;             /* completions still to come */
    uint64_t id;
    uint8_t op;
    int16_t status;             /* !io: the answer */
    const char *why;            /* !io: its reason when refused */
    int64_t res;                /* READ/WRITE: bytes moved, or -errno */
    int sync_res;               /* the fdatasync: 0 or -errno (-ECANCELED: not run) */
    uint8_t *buf;               /* this slot's part of the backend's buffer */
    unsigned niov;              /* >0: the I/O goes to and from the guest's pages in iov */
    struct iovec iov[BLK_MAX_PLAN_SEGS];
    struct blk_plan plan;
};

/* Requests one device may have under way at a time, and their bytes: the
 * guest's requests are started together (one io_uring submit a turn) and
 * finish in any order; a device at either limit waits for its own
 * completions, so a guest cannot take more of the kernel's I/O than this.
 * The backend's buffer holds `depth` (<= BLK_INFLIGHT_MAX) slots of
 * BLK_MAX_BYTES. */
#define BLK_INFLIGHT_MAX   8u
#define BLK_INFLIGHT_BYTES (4u << 20)

struct blk_backend {
    struct blk_ring ring;
    struct blk_disk disk;
    struct blk_grant_ops gops;
    uint8_t *buf;               /* depth * BLK_MAX_BYTES, page aligned */
    unsigned depth;             /* slots in the window (0 counts as 1) */
    struct blkif_request_segment iseg[BLK_MAX_INDIRECT_SEGS];  /* private copy */
    struct blk_stats st;
    struct blk_discard dpend;
    struct blk_aio_ops aio;
    /* the window: requests taken and not answered, in ring order */
    struct blk_inflight win[BLK_INFLIGHT_MAX];
    unsigned win_head, win_count;
    uint64_t win_bytes;         /* their data */
    uint64_t completed;         /* requests answered after their I/O came back */
};

/* Requests taken and not yet answered (their I/O under way, or waiting
 * for an earlier one's). */
static inline unsigned blk_busy(const struct blk_backend *b)
{
    return b->win_count;
}

/* What one device may take of the single thread per turn of the daemon's
 * loop: bytes moved and time.  A request costs its data (at least a page),
 * a flush (fdatasync) as much as 1 MiB more, a discard its length; a
 * discard is carried out BLK_DISCARD_CHUNK at a time, one piece a turn, and
 * answered when done (the requests behind it wait: ring order). */
#define BLK_TURN_BYTES    (2u << 20)
#define BLK_TURN_NS       (4 * 1000000L)
#define BLK_COST_MIN      BLK_SEG_PAGE
#define BLK_COST_FLUSH    (1u << 20)
#define BLK_DISCARD_CHUNK (64ull << 20)

enum { BLK_SERVE_IDLE = 0, BLK_SERVE_MORE = 1, BLK_SERVE_BROKEN = -1, BLK_SERVE_WAIT = 2 };

/* Serve requests until `budget` bytes' worth (see above) are spent or
 * budget_ns have passed (0: no time limit); at least one request (or
 * discard piece) is served.  Returns BLK_SERVE_MORE when requests are
 * left, IDLE when the ring is empty and notifications are re-armed (I/O
 * may still be under way: blk_busy; its completion makes the device
 * runnable again), BROKEN when the frontend broke the ring, WAIT when
 * requests' image I/O is under way and nothing more can start before one
 * completes (serve again once a completion came in).  *notify: the frontend
 * should get an event (responses were published). */
int blk_serve(struct blk_backend *b, uint64_t budget, long budget_ns, bool *notify);

/* Answer the requests at the head of the window whose completions all came
 * in (finishing what the kernel left short), in ring order, and publish.
 * true if the frontend wants an event.  Nothing to do: false. */
bool blk_finish(struct blk_backend *b);

#endif

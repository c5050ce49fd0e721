/*
 * blk_io.c - see blk_io.h.
 */
#define _GNU_SOURCE
#include "blk_io.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

/* preadv/pwritev of the whole of iov[0..n) at off, its first `skip`
 * bytes already done (what a short io_uring read or write left); iov is
 * changed.  0, or -1 (EOF inside the checked range: the image shrank). */
static int rw_iov_all(int fd, struct iovec *iov, unsigned n, off_t off, size_t skip, bool write)
{
    off += (off_t)skip;
    for (;;) {
        ssize_t got;

        while (n && skip >= iov->iov_len) {
            skip -= iov->iov_len;
            iov++;
            n--;
        }
        if (!n)
            return 0;
        iov->iov_base = (uint8_t *)iov->iov_base + skip;
        iov->iov_len -= skip;
        got = write ? pwritev(fd, iov, (int)n, off) : preadv(fd, iov, (int)n, off);
        if (got < 0 && errno == EINTR)
            got = 0;
        else if (got <= 0)
            return -1;
        skip = (size_t)got;
        off += got;
    }
}

/* The buffer's bytes [0, len) at off: one iovec of the loop above. */
static int pread_all(int fd, uint8_t *buf, size_t len, off_t off)
{
    struct iovec v = { buf, len };

    return rw_iov_all(fd, &v, 1, off, 0, false);
}

static int pwrite_all(int fd, const uint8_t *buf, size_t len, off_t off)
{
    struct iovec v = { (void *)buf, len };      /* only read from */

    return rw_iov_all(fd, &v, 1, off, 0, true);
}

/* The guest's own pages for p's data, when they are all kept mapped: the
 * number of iovecs, else 0 (copy through the buffer). */
static unsigned guest_iov(const struct blk_grant_ops *g, const struct blk_plan *p,
                          struct iovec *iov)
{
    if ((p->kind != BLK_READ && p->kind != BLK_WRITE) || !p->nseg || !g->iov ||
        g->iov(g->ctx, p, iov))
        return 0;
    return p->nseg;
}

static int16_t discard(const struct blk_disk *d, const struct blk_plan *p)
{
    uint64_t off = p->sector << BLK_SECTOR_SHIFT, len = p->nsect << BLK_SECTOR_SHIFT;
    int rc;

    if (len == 0)
        return BLKIF_RSP_OKAY;
    if (d->is_file) {
        /* a hole reads back as zeros; the file keeps its size */
        rc = fallocate(d->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, (off_t)off, (off_t)len);
    } else {
        uint64_t range[2] = { off, len };
        rc = ioctl(d->fd, BLKDISCARD, range);
    }
    if (rc && (errno == EOPNOTSUPP || errno == ENOTTY))
        return BLKIF_RSP_EOPNOTSUPP;
    return rc ? BLKIF_RSP_ERROR : BLKIF_RSP_OKAY;
}

int16_t blk_execute(const struct blk_disk *d, const struct blk_grant_ops *g, uint8_t *buf,
                    const struct blk_plan *p)
{
    off_t off = (off_t)(p->sector << BLK_SECTOR_SHIFT);
    struct iovec iov[BLK_MAX_PLAN_SEGS];
    unsigned niov = guest_iov(g, p, iov);

    if (niov) {                 /* straight to and from the guest's pages */
        if (rw_iov_all(d->fd, iov, niov, off, 0, p->kind == BLK_WRITE))
            return BLKIF_RSP_ERROR;
        if (p->kind == BLK_WRITE && p->flush && fdatasync(d->fd))
            return BLKIF_RSP_ERROR;
        return BLKIF_RSP_OKAY;
    }
    switch (p->kind) {
    case BLK_READ:
        if (pread_all(d->fd, buf, p->bytes, off) || g->copy(g->ctx, p, buf, true))
            return BLKIF_RSP_ERROR;
        return BLKIF_RSP_OKAY;
    case BLK_WRITE:
        /* all grants first: a bad one fails the request before any byte
         * reaches the image */
        if (g->copy(g->ctx, p, buf, false) || pwrite_all(d->fd, buf, p->bytes, off))
            return BLKIF_RSP_ERROR;
        if (p->flush && fdatasync(d->fd))
            return BLKIF_RSP_ERROR;
        return BLKIF_RSP_OKAY;
    case BLK_FLUSH:
        return fdatasync(d->fd) ? BLKIF_RSP_ERROR : BLKIF_RSP_OKAY;
    case BLK_DISCARD:
        return discard(d, p);
    }
    return BLKIF_RSP_ERROR;
}

/* Requests taken from the ring per round: a few at a time keeps the copy
 * small and the responses flowing. */
#define BATCH 8

/* Check one request; an indirect one's segments are first copied out of
 * the guest's indirect page into b->iseg, once, and only that copy is
 * checked and used (the guest may rewrite its page at any time). */
static int16_t check(struct blk_backend *b, const blkif_request_t *req, struct blk_plan *plan,
                     const char **why)
{
    grant_ref_t grefs[BLKIF_MAX_INDIRECT_PAGES_PER_REQUEST];
    unsigned npages;
    uint32_t bytes;
    int16_t st;

    if (req->operation != BLKIF_OP_INDIRECT)
        return blk_req_check(req, &b->disk.lim, NULL, plan, why);
    st = blk_req_indirect(req, &b->disk.lim, grefs, &npages, &bytes, why);
    if (st != BLKIF_RSP_OKAY)
        return st;
    if (bytes > sizeof(b->iseg) ||
        b->gops.fetch(b->gops.ctx, grefs, npages, bytes, (uint8_t *)b->iseg)) {
        *why = "cannot copy the indirect segment page";
        return BLKIF_RSP_ERROR;
    }
    return blk_req_check(req, &b->disk.lim, b->iseg, plan, why);
}

/* Count a refused or failed request, and answer. */
static void answer(struct blk_backend *b, uint64_t id, uint8_t op, int16_t status,
                   const char *why)
{
    if (status == BLKIF_RSP_EOPNOTSUPP)
        b->st.unsupported++;
    else if (status != BLKIF_RSP_OKAY)
        b->st.errors++;
    if (status != BLKIF_RSP_OKAY)
        b->st.last_why = why;
    blk_ring_put(&b->ring, id, op, status);
}

/* The next piece of the discard in progress (at most BLK_DISCARD_CHUNK);
 * answers it when it is done or failed.  Returns the piece's cost. */
static uint64_t discard_step(struct blk_backend *b)
{
    struct blk_discard *dp = &b->dpend;
    struct blk_plan piece = { .kind = BLK_DISCARD, .sector = dp->sector };
    int16_t status;

    piece.nsect = dp->end - dp->sector;
    if (piece.nsect > BLK_DISCARD_CHUNK >> BLK_SECTOR_SHIFT)
        piece.nsect = BLK_DISCARD_CHUNK >> BLK_SECTOR_SHIFT;
    status = blk_execute(&b->disk, &b->gops, b->buf, &piece);
    dp->sector += piece.nsect;
    if (status != BLKIF_RSP_OKAY || dp->sector == dp->end) {
        dp->active = false;
        answer(b, dp->id, dp->op, status, "I/O or grant copy failed");
    }
    return piece.nsect << BLK_SECTOR_SHIFT > BLK_COST_MIN ? piece.nsect << BLK_SECTOR_SHIFT
                                                        : BLK_COST_MIN;
}

static unsigned depth(const struct blk_backend *b)
{
    return b->depth ? b->depth : 1;
}

/* The window's next free slot (the caller checked there is one). */
static struct blk_inflight *next_slot(struct blk_backend *b)
{
    unsigned i = (b->win_head + b->win_count) % depth(b);
    struct blk_inflight *f = &b->win[i];

    f->owner = b;
    f->buf = b->buf + (size_t)i * BLK_MAX_BYTES;
    f->io = false;
    f->niov = 0;
    f->parts = 0;
    f->res = 0;
    f->sync_res = -ECANCELED;
    return f;
}

/* Answer now, or, behind requests still under way, in its turn. */
static void answer_inorder(struct blk_backend *b, uint64_t id, uint8_t op, int16_t status,
                           const char *why)
{
    struct blk_inflight *f;

    if (!b->win_count) {
        answer(b, id, op, status, why);
        return;
    }
    f = next_slot(b);
    f->id = id;
    f->op = op;
    f->status = status;
    f->why = why;
    b->win_count++;
}

/* Whether the head of the window holds a request nothing may start
 * behind (a flush, or a write with one). */
static bool barrier(const struct blk_backend *b)
{
    const struct blk_inflight *f = &b->win[b->win_head];

    return b->win_count && f->io && (f->plan.kind == BLK_FLUSH || f->plan.flush);
}

/* The answer of a slot whose completions all came in. */
static int16_t finish_io(struct blk_backend *b, struct blk_inflight *f)
{
    const struct blk_plan *p = &f->plan;
    off_t off = (off_t)(p->sector << BLK_SECTOR_SHIFT);
    uint32_t done = f->res < 0 ? 0 : f->res > p->bytes ? p->bytes : (uint32_t)f->res;

    b->completed++;
    switch (p->kind) {
    case BLK_READ:              /* a short read is finished here (EOF: the image shrank) */
        if (f->niov)
            return f->res < 0 || rw_iov_all(b->disk.fd, f->iov, f->niov, off, done, false)
                       ? BLKIF_RSP_ERROR : BLKIF_RSP_OKAY;
        if (f->res < 0 || pread_all(b->disk.fd, f->buf + done, p->bytes - done, off + done) ||
            b->gops.copy(b->gops.ctx, p, f->buf, true))
            return BLKIF_RSP_ERROR;
        return BLKIF_RSP_OKAY;
    case BLK_WRITE:             /* a short write broke the link: its sync did not run */
        if (f->res < 0 ||
            (f->niov ? rw_iov_all(b->disk.fd, f->iov, f->niov, off, done, true)
                     : pwrite_all(b->disk.fd, f->buf + done, p->bytes - done, off + done)) ||
            (p->flush && (f->sync_res == -ECANCELED ? fdatasync(b->disk.fd) : f->sync_res)))
            return BLKIF_RSP_ERROR;
        return BLKIF_RSP_OKAY;
    case BLK_FLUSH:
        return f->sync_res ? BLKIF_RSP_ERROR : BLKIF_RSP_OKAY;
    case BLK_DISCARD:
        break;
    }
    return BLKIF_RSP_ERROR;
}

bool blk_finish(struct blk_backend *b)
{
    bool any = false;

    while (b->win_count) {
        struct blk_inflight *f = &b->win[b->win_head];

        if (f->io && f->parts)
            break;              /* the ones behind it wait: ring order */
        if (f->io) {
            f->status = finish_io(b, f);
            b->win_bytes -= f->plan.bytes;
        }
        answer(b, f->id, f->op, f->status, f->io ? "I/O or grant copy failed" : f->why);
        b->win_head = (b->win_head + 1) % depth(b);
        b->win_count--;
        any = true;
    }
    return any && blk_ring_push(&b->ring);
}

/* Start a request's image I/O through b->aio in the window's next slot (a
 * write's data is copied from the guest first: a bad grant fails it
 * before any byte reaches the image).  0: under way; 1: answered (or
 * queued for its turn) with *status; -1: not started, and it may run
 * synchronously only when nothing is under way. */
static int start_async(struct blk_backend *b, const blkif_request_t *req,
                       const struct blk_plan *p, int16_t *status)
{
    struct blk_inflight *f = next_slot(b);

    f->id = req->id;            /* echoes of the guest's copy, as below */
    f->op = blk_req_rsp_op(req);
    f->plan = *p;
    f->niov = guest_iov(&b->gops, p, f->iov);
    if (p->kind == BLK_WRITE && !f->niov && b->gops.copy(b->gops.ctx, p, f->buf, false)) {
        *status = BLKIF_RSP_ERROR;
        return 1;
    }
    if (b->aio.submit(b->aio.ctx, f, b->disk.fd))
        return -1;
    f->io = true;
    b->win_count++;
    b->win_bytes += p->bytes;
    return 0;
}

/* What serve_one returns for a request that must wait until nothing of
 * its ring is under way (it is given back to the ring). */
#define BLOCKED UINT64_MAX

/* Check, run and answer one request (a discard may stay in progress:
 * b->dpend, an I/O under way: b->win); returns what it cost, or BLOCKED. */
static uint64_t serve_one(struct blk_backend *b, const blkif_request_t *req)
{
    struct blk_plan plan;
    const char *why;
    uint64_t cost = BLK_COST_MIN;
    int16_t status = check(b, req, &plan, &why);

    if (status == BLKIF_RSP_OKAY) {
        bool alone = plan.kind == BLK_DISCARD || plan.kind == BLK_FLUSH || plan.flush;
        int started = -1;

        /* a flush covers every write taken before it; a device keeps its
         * I/O under BLK_INFLIGHT_BYTES */
        if (b->win_count && (alone || !b->aio.submit ||
                             b->win_bytes + plan.bytes > BLK_INFLIGHT_BYTES))
            return BLOCKED;
        if (plan.kind != BLK_DISCARD && b->aio.submit) {
            started = start_async(b, req, &plan, &status);
            if (started < 0 && b->win_count)
                return BLOCKED; /* the submitter is full: our own completions free it */
        }
        switch (plan.kind) {
        case BLK_READ: b->st.reads++; b->st.read_sectors += plan.nsect; break;
        case BLK_WRITE: b->st.writes++; b->st.write_sectors += plan.nsect; b->st.flushes += plan.flush; break;
        case BLK_FLUSH: b->st.flushes++; break;
        case BLK_DISCARD: b->st.discards++; break;
        }
        if (plan.kind == BLK_DISCARD) {
            /* id and operation echo the guest's copy, as below */
            b->dpend = (struct blk_discard){ .active = plan.nsect > 0, .id = req->id,
                                             .op = blk_req_rsp_op(req), .sector = plan.sector,
                                             .end = plan.sector + plan.nsect };
            if (b->dpend.active)
                return discard_step(b);
        } else {
            if (plan.bytes > cost)
                cost = plan.bytes;
            if (plan.flush || plan.kind == BLK_FLUSH)
                cost += BLK_COST_FLUSH;
            if (started == 0)
                return cost;    /* answered by blk_finish */
            if (started < 0)
                status = blk_execute(&b->disk, &b->gops, b->buf, &plan);
        }
        if (status != BLKIF_RSP_OKAY)
            why = "I/O or grant copy failed";
    }
    /* id and operation echo the guest's copy; nothing else of the request
     * goes back */
    answer_inorder(b, req->id, blk_req_rsp_op(req), status, why);
    return cost;
}

static bool out_of_time(const struct timespec *t0, long budget_ns)
{
    struct timespec t;

    if (budget_ns <= 0)
        return false;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (t.tv_sec - t0->tv_sec) * 1000000000L + (t.tv_nsec - t0->tv_nsec) >= budget_ns;
}

/* Hand the turn's queued I/O to the kernel in one batch, then answer what
 * is done at the head of the window. */
static bool kick(struct blk_backend *b)
{
    if (b->aio.kick && b->win_count)
        b->aio.kick(b->aio.ctx);
    return blk_finish(b);
}

int blk_serve(struct blk_backend *b, uint64_t budget, long budget_ns, bool *notify)
{
    blkif_request_t reqs[BATCH];
    struct timespec t0;
    uint64_t spent = 0;

    *notify = false;
    if (budget_ns > 0)
        clock_gettime(CLOCK_MONOTONIC, &t0);
    *notify |= blk_finish(b);
    if (b->dpend.active) {      /* the requests behind it wait: ring order */
        spent = discard_step(b);
        *notify |= blk_ring_push(&b->ring);
        if (b->dpend.active || spent >= budget || out_of_time(&t0, budget_ns))
            return BLK_SERVE_MORE;
    }
    for (;;) {
        unsigned room = depth(b) - b->win_count;
        bool blocked = false;
        int i, n;

        if (!room || barrier(b))
            n = 0;              /* wait for our own completions */
        else
            n = blk_ring_take(&b->ring, reqs, room < BATCH ? (int)room : BATCH);
        if (n < 0) {
            *notify |= kick(b);
            *notify |= blk_ring_push(&b->ring);
            return BLK_SERVE_BROKEN;
        }
        for (i = 0; i < n; i++) {
            uint64_t cost = serve_one(b, &reqs[i]);

            if (cost == BLOCKED) {      /* given back, taken again when alone */
                blk_ring_untake(&b->ring, (unsigned)(n - i));
                blocked = true;
                break;
            }
            spent += cost;
            if (b->dpend.active || spent >= budget || out_of_time(&t0, budget_ns)) {
                /* the copies not served are dropped; they are taken (and
                 * copied) again next turn */
                blk_ring_untake(&b->ring, (unsigned)(n - i - 1));
                *notify |= kick(b);
                *notify |= blk_ring_push(&b->ring);
                return barrier(b) ? BLK_SERVE_WAIT : BLK_SERVE_MORE;
            }
            if (barrier(b)) {
                blk_ring_untake(&b->ring, (unsigned)(n - i - 1));
                break;
            }
        }
        *notify |= kick(b);
        *notify |= blk_ring_push(&b->ring);
        /* nothing more can start before one of our completions */
        if (b->win_count && (blocked || barrier(b) || b->win_count == depth(b)))
            return BLK_SERVE_WAIT;
        if (blocked)
            continue;           /* all answered meanwhile: it starts now */
        if (n == 0 && !blk_ring_more(&b->ring))
            return BLK_SERVE_IDLE;      /* a completion still under way makes it runnable */
        /* an empty round costs too: a frontend flipping req_prod back and
         * forth must not keep us spinning on its ring */
        if (n == 0) {
            spent += BLK_COST_MIN;
            if (spent >= budget || out_of_time(&t0, budget_ns))
                return BLK_SERVE_MORE;
        }
    }
}

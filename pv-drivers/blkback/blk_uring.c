/*
 * blk_uring.c - see blk_uring.h.
 */
#define _GNU_SOURCE
#include "blk_uring.h"
#include "../common/pv_log.h"

#include <errno.h>
#include <liburing.h>
#include <stdint.h>
#include <string.h>

static struct io_uring ring;
static bool on;
static void (*on_done)(struct blk_backend *b);
static bool warned;             /* a submit failed: said once */

/* A completion's user_data: the request's window slot, its low bit set
 * for the fdatasync (struct blk_inflight is at least 8-byte aligned). */
#define SYNC_TAG 1u

int blk_uring_open(void (*done)(struct blk_backend *b))
{
    static const uint8_t ops[] = {
        IORING_OP_READ, IORING_OP_WRITE, IORING_OP_READV, IORING_OP_WRITEV, IORING_OP_FSYNC,
    };
    struct io_uring_restriction res[sizeof(ops) + 1];
    unsigned i;
    int rc;

    memset(res, 0, sizeof(res));
    for (i = 0; i < sizeof(ops); i++) {
        res[i].opcode = IORING_RESTRICTION_SQE_OP;
        res[i].sqe_op = ops[i];
    }
    res[i].opcode = IORING_RESTRICTION_SQE_FLAGS_ALLOWED;
    res[i].sqe_flags = IOSQE_IO_LINK;
    rc = io_uring_queue_init(BLK_URING_ENTRIES, &ring, IORING_SETUP_R_DISABLED);
    if (rc < 0) {
        pv_log("io_uring is not available (%s): image I/O runs synchronously", strerror(-rc));
        return -1;
    }
    /* liburing 2.3 exports no wrappers for these two */
    rc = io_uring_register(ring.ring_fd, IORING_REGISTER_RESTRICTIONS, res,
                           sizeof(res) / sizeof(res[0]));
    if (rc >= 0)
        rc = io_uring_register(ring.ring_fd, IORING_REGISTER_ENABLE_RINGS, NULL, 0);
    if (rc < 0) {
        pv_log("cannot restrict io_uring to reads, writes and syncs (%s): image I/O runs "
               "synchronously", strerror(-rc));
        io_uring_queue_exit(&ring);
        return -1;
    }
    on_done = done;
    on = true;
    pv_log("image I/O is asynchronous (io_uring, %u entries)", BLK_URING_ENTRIES);
    return 0;
}

bool blk_uring_on(void)
{
    return on;
}

int blk_uring_fd(void)
{
    return on ? ring.ring_fd : -1;
}

void blk_uring_reap(void)
{
    struct io_uring_cqe *cqe;

    while (on && io_uring_peek_cqe(&ring, &cqe) == 0) {
        uintptr_t tag = (uintptr_t)io_uring_cqe_get_data(cqe);
        struct blk_inflight *f = (struct blk_inflight *)(tag & ~(uintptr_t)SYNC_TAG);

        if (tag & SYNC_TAG)
            f->sync_res = cqe->res;
        else
            f->res = cqe->res;
        io_uring_cqe_seen(&ring, cqe);
        if (f->parts && --f->parts == 0 && on_done)
            on_done(f->owner);
    }
}

/* Hand the queued entries to the kernel.  They are in the shared queue
 * already: a failed io_uring_enter (EINTR, EAGAIN, EBUSY while the
 * completion queue overflows) leaves them there for the next one, so it
 * is tried a few times, and the daemon's loop tries again each turn while
 * entries wait (blk_uring_pending). */
static void submit(void)
{
    int i, rc = 0;

    for (i = 0; i < 4 && io_uring_sq_ready(&ring); i++) {
        rc = io_uring_submit(&ring);
        if (rc >= 0)
            return;
    }
    if (rc < 0 && !warned) {
        warned = true;
        pv_log("io_uring: cannot submit (%s); retried each turn", strerror(-rc));
    }
}

bool blk_uring_pending(void)
{
    if (on && io_uring_sq_ready(&ring))
        submit();
    return on && io_uring_sq_ready(&ring);
}

int blk_uring_submit(void *ctx, struct blk_inflight *f, int fd)
{
    const struct blk_plan *p = &f->plan;
    off_t off = (off_t)(p->sector << BLK_SECTOR_SHIFT);
    struct io_uring_sqe *sqe, *sync = NULL;

    (void)ctx;
    if (!on || io_uring_sq_space_left(&ring) < 2)
        return -1;              /* run it synchronously, or later */
    sqe = io_uring_get_sqe(&ring);
    switch (p->kind) {
    case BLK_READ:
        if (f->niov)            /* into the guest's pages (persistent grants) */
            io_uring_prep_readv(sqe, fd, f->iov, f->niov, (uint64_t)off);
        else
            io_uring_prep_read(sqe, fd, f->buf, p->bytes, (uint64_t)off);
        break;
    case BLK_WRITE:
        if (f->niov)
            io_uring_prep_writev(sqe, fd, f->iov, f->niov, (uint64_t)off);
        else
            io_uring_prep_write(sqe, fd, f->buf, p->bytes, (uint64_t)off);
        if (p->flush) {         /* after the write, only if it moved every byte */
            io_uring_sqe_set_flags(sqe, IOSQE_IO_LINK);
            sync = io_uring_get_sqe(&ring);
        }
        break;
    case BLK_FLUSH:
        sync = sqe;
        sqe = NULL;
        break;
    case BLK_DISCARD:
        return -1;
    }
    f->parts = 0;
    if (sqe) {
        io_uring_sqe_set_data(sqe, f);
        f->parts++;
    }
    if (sync) {
        io_uring_prep_fsync(sync, fd, IORING_FSYNC_DATASYNC);
        io_uring_sqe_set_data(sync, (void *)((uintptr_t)f | SYNC_TAG));
        f->parts++;
    }
    return 0;
}

void blk_uring_kick(void *ctx)
{
    (void)ctx;
    if (!on)
        return;
    submit();
    blk_uring_reap();
}

/* Completions b still waits for. */
static unsigned parts(const struct blk_backend *b)
{
    unsigned i, n = 0;

    for (i = 0; i < BLK_INFLIGHT_MAX; i++)
        n += b->win[i].io ? b->win[i].parts : 0;
    return n;
}

void blk_uring_wait(struct blk_backend *b)
{
    while (on && parts(b)) {
        int rc = io_uring_submit_and_wait(&ring, 1);    /* what waits to be submitted, too */

        if (rc < 0 && rc != -EINTR && rc != -EAGAIN && rc != -EBUSY) {
            pv_log("io_uring: cannot wait for a completion: %s", strerror(-rc));
            return;             /* the buffer stays allocated: see vbd.c */
        }
        blk_uring_reap();
    }
}

void blk_uring_close(void)
{
    if (on)
        io_uring_queue_exit(&ring);
    on = false;
}

/*
 * blk_uring.h - asynchronous image I/O for xyl-blkback through io_uring
 * (liburing, Debian's): a request's pread/pwrite/fdatasync is started and
 * the daemon's loop goes on serving the other rings; its completion comes
 * through the ring's fd in poll() and the request is answered then.  So one
 * slow image (a busy disk, a stalled NFS file) holds up only its own guest's
 * ring, where a synchronous pread held up every guest.  Each device keeps
 * up to BLK_INFLIGHT_MAX requests under way (blk_io.h: answered in ring
 * order, flushes alone); a turn's requests of all its devices go to the
 * kernel in one io_uring_enter per device turn (blk_uring_kick); data
 * already in the page cache usually completes inside that call and is
 * answered at once.
 *
 * One ring per daemon, set up before the seccomp filter (pv_confine.h),
 * created disabled and restricted (IORING_REGISTER_RESTRICTIONS) to read,
 * write (and their vectored forms) and fsync before it is enabled: the kernel runs io_uring operations
 * outside the filter, so a ring that could open files or sockets would be
 * a way around it.  When io_uring cannot be set up (an old kernel, a
 * container's or systemd's filter, io_uring_disabled) the daemon logs it
 * once and every request runs synchronously, as before.
 */
#ifndef XYL_BLK_URING_H
#define XYL_BLK_URING_H

#include <stdbool.h>

#include "blk_io.h"

/* Submission queue entries: a device queues at most 2 * BLK_INFLIGHT_MAX
 * between two kicks; a device that finds the queue full waits for its own
 * completions, or runs its request synchronously when it has none. */
#define BLK_URING_ENTRIES 256u

/* Set up the ring; done(b) is called when one of b's requests under way
 * has all its completions (its slot's parts == 0).  0, or -1 after a log line:
 * serve synchronously. */
int blk_uring_open(void (*done)(struct blk_backend *b));
/* Whether the ring is up. */
bool blk_uring_on(void);
/* Its fd for poll() (readable: completions to reap), -1 when off. */
int blk_uring_fd(void);
/* struct blk_aio_ops.submit (ctx unused): queue f's image I/O on fd. */
int blk_uring_submit(void *ctx, struct blk_inflight *f, int fd);
/* struct blk_aio_ops.kick: hand the queued entries to the kernel, then take
 * any completions already there. */
void blk_uring_kick(void *ctx);
/* Entries that a failed submit left queued: tried again now; true if
 * some still wait (the daemon's loop then polls with a short timeout). */
bool blk_uring_pending(void);
/* Take the completions that are there (no waiting). */
void blk_uring_reap(void);
/* Wait until all of b's requests under way have their completions (a
 * device going away: the kernel writes into its buffer until then). */
void blk_uring_wait(struct blk_backend *b);
void blk_uring_close(void);

#endif

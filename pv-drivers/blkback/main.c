/*
 * xyl-blkback - userspace block backend for xyl-vbd devices.
 *
 *   xyl-blkback [-v] [--daemon] [--confine] [--log FILE]
 *
 * Serves every device under /local/domain/0/backend/xyl-vbd/ (written by
 * `xyl create` for disks with `backend: xyl`): raw images or block devices,
 * through Xen's grant copy (or, for frontends that negotiate persistent
 * grants, their pages mapped once: blk_pgnt.h) and event channels; image
 * I/O through io_uring when the kernel allows it (else synchronous).  One
 * process for all guests, two threads: the xenbus thread does the
 * handshakes, the main thread serves the rings and never waits on
 * xenstored (common/pv_hand.h);
 * a second start finds the lock taken and exits 0 ("already running").
 * --daemon detaches and returns once the daemon serves (exit 0) or failed
 * (exit 1, reason in the log).  SIGTERM/SIGINT: sync every image and exit,
 * leaving xenstore as it is, so a restarted daemon re-attaches to running
 * guests.  SIGUSR1: per-device counters to the log; they are also in each
 * backend's xyl-stats node (xyl stats, xyl-exporter).  --confine:
 * once the Xen handles are open, drop capabilities and load the seccomp
 * filter (common/pv_confine.h); the systemd unit passes it.
 */
#define _GNU_SOURCE
#include "blkd.h"
#include "blk_uring.h"
#include "../common/pv_daemon.h"
#include "../common/pv_hand.h"
#include "../common/pv_log.h"

/* The ring thread's loop (the handshakes are the xenbus thread's:
 * common/pv_hand.h); it never waits on xenstored. */
static int serve(struct pv_devs *d, int sfd)
{
    struct pollfd pfd[4];
    int rc;

    for (;;) {
        bool more = vbd_run(d);
        /* counters are published within a second of their last change */
        bool waiting = pv_devs_publish_stats(d, false);

        /* image I/O completions (-1 when synchronous: poll skips it) */
        pfd[3] = (struct pollfd){ .fd = blk_uring_fd(), .events = POLLIN };
        rc = pv_devs_poll(d, sfd, pfd, 4,
                          more ? 0 : blk_uring_pending() ? 10 : waiting ? 1000 : -1);
        if (rc != 1)
            break;
        if (pfd[3].revents & POLLIN)
            blk_uring_reap();
        if (pfd[0].revents & POLLIN)
            pv_hand_ring_take(d);       /* devices lent, asked back */
    }
    return rc < 0 ? -1 : 0;
}

int main(int argc, char **argv)
{
    static const struct pv_daemon dm = {
        "xyl-blkback", "serve xyl-vbd disks (backend: xyl)", &xb_kind_vbd, &vbd_ops,
        /* no capability: images and the Xen devices are root's, opened as their owner;
         * io_uring_enter for the ring set up before the filter (blk_uring.h) */
        { -1, false, true }, serve, vbd_setup, vbd_teardown,
    };

    return pv_daemon_main(&dm, argc, argv);
}

/*
 * xyl-blkback - userspace block backend for xyl-vbd devices.
 *
 *   xyl-blkback [-v] [--daemon] [--log FILE]
 *
 * Serves every device under /local/domain/0/backend/xyl-vbd/ (written by
 * `xyl create` for disks with `backend: xyl`): raw images or block devices,
 * through Xen's grant copy and event channels.  One process for all guests;
 * a second start finds the lock taken and exits 0 ("already running").
 * --daemon detaches and returns once the daemon serves (exit 0) or failed
 * (exit 1, reason in the log).  SIGTERM/SIGINT: sync every image and exit,
 * leaving xenstore as it is, so a restarted daemon re-attaches to running
 * guests.  SIGUSR1: per-device counters to the log.
 */
#define _GNU_SOURCE
#include "blkd.h"
#include "../common/pv_daemon.h"
#include "../common/pv_log.h"

#include <errno.h>
#include <poll.h>
#include <string.h>

static int serve(struct pv_devs *d, int sfd)
{
    for (;;) {
        struct pollfd pfd[3] = {
            { .fd = xs_fileno(d->xs), .events = POLLIN },
            { .fd = xenevtchn_fd(d->xce), .events = POLLIN },
            { .fd = sfd, .events = POLLIN },
        };
        bool more = vbd_run(d);

        if (poll(pfd, 3, more ? 0 : -1) < 0) {
            if (errno == EINTR)
                continue;
            pv_log("poll: %s", strerror(errno));
            return -1;
        }
        if (pfd[2].revents & POLLIN) {
            int sig = pv_signal_read(sfd);

            if (sig == 1)
                vbd_log_stats(d);
            else if (sig == 2)
                return 0;
        }
        if (pfd[1].revents & POLLIN)
            pv_devs_events(d);
        if (pfd[0].revents & POLLIN)
            pv_devs_xenstore(d);
    }
}

int main(int argc, char **argv)
{
    static const struct pv_daemon dm = {
        "xyl-blkback", "serve xyl-vbd disks (backend: xyl)", &xb_kind_vbd, &vbd_ops, serve,
    };

    return pv_daemon_main(&dm, argc, argv);
}

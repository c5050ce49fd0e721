/*
 * xyl-netback - userspace network backend for xyl-vif devices.
 *
 *   xyl-netback [-v] [--daemon] [--confine] [--log FILE]
 *
 * Serves every device under /local/domain/0/backend/xyl-vif/ (written by
 * `xyl create` for networks with `backend: xyl`): frames the guest sends
 * are grant-copied out of its tx ring and written to a TAP interface
 * (xylvif<domid>.<devid>) in the device's bridge; frames read from the TAP
 * are grant-copied into the buffers the guest posted on its rx ring.  One
 * process for all guests; a second start exits 0 ("already running").
 * --daemon detaches and returns once the daemon serves.  SIGTERM/SIGINT:
 * exit, leaving xenstore as it is (a restarted daemon re-attaches; after
 * a SIGKILL too: net_resume in net_be.h).
 * SIGUSR1: per-device counters to the log; they are also in each backend's
 * xyl-stats node (`xyl network-list` shows them).  --confine: once the Xen
 * handles are open, drop capabilities but CAP_NET_ADMIN and load the
 * seccomp filter (common/pv_confine.h); the systemd unit passes it.
 */
#define _GNU_SOURCE
#include "netd.h"
#include <linux/capability.h>
#include "../common/pv_daemon.h"
#include "../common/pv_hand.h"
#include "../common/pv_log.h"


#define MAX_TAPS 256            /* TAPs polled per round (more: the next round goes on from there) */

/* The ring thread's loop (the handshakes are the xenbus thread's:
 * common/pv_hand.h); it never waits on xenstored. */
static int serve(struct pv_devs *d, int sfd)
{
    static struct pollfd pfd[3 + MAX_TAPS];
    static struct vif *owner[MAX_TAPS];
    int i, ntap, rc;

    for (;;) {
        bool more = vif_run(d);

        /* counters are published within a second of their last change */
        pv_devs_publish_stats(d, false);
        ntap = vif_poll_taps(d, pfd + 3, owner, MAX_TAPS);
        rc = pv_devs_poll(d, sfd, pfd, 3 + (unsigned)ntap, more ? 0 : 1000);
        if (rc != 1)
            return rc < 0 ? -1 : 0;
        /* the TAPs before the handoff: a device handed back may be freed
         * by the xenbus thread at once */
        for (i = 0; i < ntap; i++)
            if (pfd[3 + i].revents & POLLIN)
                vif_tap_ready(d, owner[i]);
        if (pfd[0].revents & POLLIN)
            pv_hand_ring_take(d);       /* devices lent, asked back */
    }
}

int main(int argc, char **argv)
{
    static const struct pv_daemon dm = {
        "xyl-netback", "serve xyl-vif networks (backend: xyl)", &xb_kind_vif, &vif_ops,
        /* CAP_NET_ADMIN: a new guest's TAP is created, put in its bridge and brought up while serving */
        { CAP_NET_ADMIN, true, false }, serve, NULL, NULL,
    };

    return pv_daemon_main(&dm, argc, argv);
}

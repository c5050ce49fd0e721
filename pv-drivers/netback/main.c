/*
 * xyl-netback - userspace network backend for xyl-vif devices.
 *
 *   xyl-netback [-v] [--daemon] [--log FILE]
 *
 * Serves every device under /local/domain/0/backend/xyl-vif/ (written by
 * `xyl create` for networks with `backend: xyl`): frames the guest sends
 * are grant-copied out of its tx ring and written to a TAP interface
 * (xylvif<domid>.<devid>) in the device's bridge; frames read from the TAP
 * are grant-copied into the buffers the guest posted on its rx ring.  One
 * process for all guests; a second start exits 0 ("already running").
 * --daemon detaches and returns once the daemon serves.  SIGTERM/SIGINT:
 * exit, leaving xenstore as it is (a restarted daemon re-attaches).
 * SIGUSR1: per-device counters to the log; they are also in each backend's
 * xyl-stats node (`xyl network-list` shows them).
 */
#define _GNU_SOURCE
#include "netd.h"
#include "../common/pv_daemon.h"
#include "../common/pv_log.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#define PIDFILE "/run/xyl-netback.pid"
#define DEFAULT_LOG "/var/log/xen/xyl-netback.log"
#define MAX_TAPS 256            /* TAPs polled per round (more wait a round) */

static void usage(FILE *f)
{
    fprintf(f, "usage: xyl-netback [-v] [--daemon] [--log FILE]\n"
               "  serve xyl-vif networks (backend: xyl) of all guests; see README\n");
}

static int open_xen(struct netd *d)
{
    d->xs = xs_open(XS_UNWATCH_FILTER);
    if (!d->xs) {
        pv_log("cannot connect to xenstored: %s", strerror(errno));
        return -1;
    }
    d->xgt = xengnttab_open(NULL, 0);
    if (!d->xgt) {
        pv_log("cannot open the grant device (is xen-gntdev loaded?): %s", strerror(errno));
        return -1;
    }
    d->xce = xenevtchn_open(NULL, 0);
    if (!d->xce) {
        pv_log("cannot open the event channel device (is xen-evtchn loaded?): %s",
               strerror(errno));
        return -1;
    }
    d->xch = xc_interface_open(NULL, NULL, 0);
    if (!d->xch) {
        pv_log("cannot open libxenctrl: %s", strerror(errno));
        return -1;
    }
    if (!xs_watch(d->xs, xb_kind_vif.root, "be") || !xs_watch(d->xs, "@releaseDomain", "rel")) {
        pv_log("cannot watch xenstore: %s", strerror(errno));
        return -1;
    }
    return 0;
}

static void close_xen(struct netd *d)
{
    if (d->xch)
        xc_interface_close(d->xch);
    if (d->xce)
        xenevtchn_close(d->xce);
    if (d->xgt)
        xengnttab_close(d->xgt);
    if (d->xs)
        xs_close(d->xs);
}

static void xenstore_events(struct netd *d)
{
    char **ev;

    while ((ev = xs_check_watch(d->xs))) {
        const char *path = ev[XS_WATCH_PATH], *token = ev[XS_WATCH_TOKEN], *rest;
        uint32_t domid, devid;

        if (!strcmp(token, "be")) {
            int depth = xb_dev_split_backend_path(&xb_kind_vif, path, &domid, &devid, &rest);

            if (depth == 2)
                vif_event(d, domid, devid);
            else if (depth >= 0)
                vif_scan(d);
        } else if (!strcmp(token, "rel")) {
            vif_reap_dead(d);
        } else {
            vif_fe_event(d, token);
        }
        free(ev);
    }
}

static int serve(struct netd *d, int sfd)
{
    static struct pollfd pfd[3 + MAX_TAPS];
    static struct vif *owner[MAX_TAPS];

    for (;;) {
        bool more = vif_run(d);
        int i, ntap;

        vif_publish_stats(d);
        pfd[0] = (struct pollfd){ .fd = xs_fileno(d->xs), .events = POLLIN };
        pfd[1] = (struct pollfd){ .fd = xenevtchn_fd(d->xce), .events = POLLIN };
        pfd[2] = (struct pollfd){ .fd = sfd, .events = POLLIN };
        ntap = vif_poll_taps(d, pfd + 3, owner, MAX_TAPS);
        /* counters are published within a second while traffic flows */
        if (poll(pfd, 3 + (nfds_t)ntap, more ? 0 : 1000) < 0) {
            if (errno == EINTR)
                continue;
            pv_log("poll: %s", strerror(errno));
            return -1;
        }
        if (pfd[2].revents & POLLIN) {
            struct signalfd_siginfo si;

            if (read(sfd, &si, sizeof(si)) == sizeof(si)) {
                if (si.ssi_signo == SIGUSR1) {
                    vif_log_stats(d);
                } else {
                    pv_log("signal %u: shutting down", si.ssi_signo);
                    return 0;
                }
            }
        }
        if (pfd[1].revents & POLLIN) {
            xenevtchn_port_or_error_t port;

            /* several guests may have fired: take every pending port */
            while ((port = xenevtchn_pending(d->xce)) >= 0) {
                xenevtchn_unmask(d->xce, (evtchn_port_t)port);
                vif_kick(d, (evtchn_port_t)port);
                if (poll(&pfd[1], 1, 0) <= 0 || !(pfd[1].revents & POLLIN))
                    break;
            }
        }
        /* the TAPs before xenstore: a watch may free a device */
        for (i = 0; i < ntap; i++)
            if (pfd[3 + i].revents & POLLIN)
                vif_tap_ready(d, owner[i]);
        if (pfd[0].revents & POLLIN)
            xenstore_events(d);
    }
}

int main(int argc, char **argv)
{
    struct netd d = { 0 };
    const char *logpath = DEFAULT_LOG;
    bool daemonize = false;
    int i, lockfd, sfd, ready = -1, rc = 1;
    sigset_t mask;

    pv_log_name = "xyl-netback";
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-v")) {
            pv_verbose++;
        } else if (!strcmp(argv[i], "--daemon")) {
            daemonize = true;
        } else if (!strcmp(argv[i], "--log") && i + 1 < argc) {
            logpath = argv[++i];
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            usage(stdout);
            return 0;
        } else {
            usage(stderr);
            return 2;
        }
    }
    lockfd = pv_take_lock(PIDFILE, daemonize);
    if (lockfd == -2)
        return 0;
    if (lockfd < 0)
        return 1;
    if (daemonize && pv_detach(logpath, &ready))
        return 1;
    pv_write_pid(lockfd, PIDFILE);
    signal(SIGPIPE, SIG_IGN);
    sigemptyset(&mask);
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGINT);
    sigaddset(&mask, SIGHUP);
    sigaddset(&mask, SIGUSR1);
    sigprocmask(SIG_BLOCK, &mask, NULL);
    sfd = signalfd(-1, &mask, SFD_CLOEXEC);
    if (sfd < 0) {
        pv_log("signalfd: %s", strerror(errno));
        return 1;
    }
    if (open_xen(&d) == 0) {
        pv_log("serving %s (pid %d)", xb_kind_vif.root, (int)getpid());
        vif_scan(&d);
        pv_ready(&ready);
        rc = serve(&d, sfd) ? 1 : 0;
        vif_shutdown_all(&d);
        pv_log("stopped");
    }
    close_xen(&d);
    unlink(PIDFILE);
    close(lockfd);
    return rc;
}

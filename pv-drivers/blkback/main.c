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
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#define PIDFILE "/run/xyl-blkback.pid"
#define DEFAULT_LOG "/var/log/xen/xyl-blkback.log"

static void usage(FILE *f)
{
    fprintf(f, "usage: xyl-blkback [-v] [--daemon] [--log FILE]\n"
               "  serve xyl-vbd disks (backend: xyl) of all guests; see README\n");
}

static int open_xen(struct blkd *d)
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
    if (!xs_watch(d->xs, XB_BACKEND_ROOT, "be") || !xs_watch(d->xs, "@releaseDomain", "rel")) {
        pv_log("cannot watch xenstore: %s", strerror(errno));
        return -1;
    }
    return 0;
}

static void close_xen(struct blkd *d)
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

static void xenstore_events(struct blkd *d)
{
    char **ev;

    while ((ev = xs_check_watch(d->xs))) {
        const char *path = ev[XS_WATCH_PATH], *token = ev[XS_WATCH_TOKEN], *rest;
        uint32_t domid, devid;

        if (!strcmp(token, "be")) {
            int depth = xb_split_backend_path(path, &domid, &devid, &rest);

            if (depth == 2)
                vbd_event(d, domid, devid);
            else if (depth >= 0)        /* the tree or a guest's directory */
                vbd_scan(d);
        } else if (!strcmp(token, "rel")) {
            vbd_reap_dead(d);
        } else {
            vbd_fe_event(d, token);
        }
        free(ev);
    }
}

static int serve(struct blkd *d, int sfd)
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
            struct signalfd_siginfo si;

            if (read(sfd, &si, sizeof(si)) == sizeof(si)) {
                if (si.ssi_signo == SIGUSR1) {
                    vbd_log_stats(d);
                } else {
                    pv_log("signal %u: shutting down", si.ssi_signo);
                    return 0;
                }
            }
        }
        if (pfd[1].revents & POLLIN) {
            xenevtchn_port_or_error_t port = xenevtchn_pending(d->xce);

            if (port >= 0) {
                /* unmask first: an event during the batch is not lost, and
                 * the ring's final check covers the rest */
                xenevtchn_unmask(d->xce, (evtchn_port_t)port);
                vbd_kick(d, (evtchn_port_t)port);
            }
        }
        if (pfd[0].revents & POLLIN)
            xenstore_events(d);
    }
}

int main(int argc, char **argv)
{
    struct blkd d = { 0 };
    const char *logpath = DEFAULT_LOG;
    bool daemonize = false;
    int i, lockfd, sfd, ready = -1, rc = 1;
    sigset_t mask;

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
    pv_log_name = "xyl-blkback";
    lockfd = pv_take_lock(PIDFILE, daemonize);
    if (lockfd == -2)
        return 0;               /* one daemon serves everything */
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
        pv_log("serving %s (pid %d)", XB_BACKEND_ROOT, (int)getpid());
        vbd_scan(&d);
        pv_ready(&ready);
        rc = serve(&d, sfd) ? 1 : 0;
        vbd_shutdown_all(&d);
        pv_log("stopped");
    }
    close_xen(&d);
    unlink(PIDFILE);
    close(lockfd);
    return rc;
}

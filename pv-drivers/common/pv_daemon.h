/*
 * pv_daemon.h - what every userspace backend daemon does around its work:
 * one instance per host (the pid file is the lock), --daemon detaching only
 * once it serves, a log file.
 */
#ifndef XYL_PV_DAEMON_H
#define XYL_PV_DAEMON_H

#include <stdbool.h>

#include "pv_confine.h"
#include "pv_dev.h"

/* A backend daemon: xyl-blkback, xyl-netback. */
struct pv_daemon {
    const char *name;           /* "xyl-blkback": /run/NAME.pid, /var/log/xen/NAME.log */
    const char *what;           /* for --help: "serve xyl-vbd disks (backend: xyl)" */
    const struct xb_kind *kind;
    const struct pv_dev_ops *ops;
    /* what it keeps once its handles are open (pv_confine.h) */
    struct pv_confine confine;
    /* The event loop; 0 on a stop signal, -1 on a fatal error. */
    int (*serve)(struct pv_devs *s, int sfd);
    /* Optional: after the Xen handles, before the filter (what may not be
     * set up confined: xyl-blkback's io_uring); 0, or -1 to give up. */
    int (*setup)(struct pv_devs *s);
    /* Optional: after every device was released. */
    void (*teardown)(void);
};

/* The whole of main(): options (-v, --daemon, --confine, --log FILE), one
 * instance (a second start exits 0), signals, with --confine the
 * capabilities dropped, Xen handles, with --confine the seccomp filter
 * (everything after it runs confined, the first scan included), serve(),
 * and on the way out every device released (xenstore left as it is, so a
 * restarted daemon re-attaches).  Returns main's exit status. */
int pv_daemon_main(const struct pv_daemon *dm, int argc, char **argv);

/* Lock the pid file (held for the daemon's lifetime).  Returns the fd, -2
 * when another daemon holds it (said on stderr unless quiet), -1 on error. */
int pv_take_lock(const char *pidfile, bool quiet);
/* Our pid into the locked file. */
void pv_write_pid(int lockfd, const char *pidfile);
/* --daemon: fork; the parent exits 0 once the child writes 'R' to
 * *ready_fd (pv_ready), 1 if the child dies first.  The child's stderr goes
 * to logpath.  -1 (said on stderr) when that cannot be set up. */
int pv_detach(const char *logpath, int *ready_fd);
/* Tell a waiting parent that we serve (no-op when not detached). */
void pv_ready(int *ready_fd);

#endif

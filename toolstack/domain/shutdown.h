/*
 * shutdown.h - shutting down every guest xyl created (xyl shutdown --all).
 */
#ifndef XYL_SHUTDOWN_H
#define XYL_SHUTDOWN_H

#include <stdbool.h>

#include "xen/xen.h"

/* Ask each to shut down; with wait, wait for each and tear it down.  0, or
 * -1 when any could not be asked or did not go down (one line each). */
int domain_shutdown_all(struct xyl_xen *x, bool wait);

/* xendomains waits 300 s for a guest to shut down; so does apply by default */
#define STOP_TIMEOUT_DEFAULT 300

/* Stop domid cleanly for apply (a recreate, a prune): mark it in xyl's
 * record (its monitor then leaves it alone), ask it to shut down, wait up
 * to timeout_s seconds, then tear it down (TEARDOWN_WAIT: its name is free
 * after).  A guest that cannot be asked (no PV drivers) or does not stop
 * in time is destroyed, and that is said.  0, or -1 after one line. */
int domain_stop(struct xyl_xen *x, uint32_t domid, const char *name, int timeout_s);

#endif

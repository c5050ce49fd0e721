/*
 * shutdown.h - shutting down every guest xyl created (xyl shutdown --all).
 */
#ifndef XYL_SHUTDOWN_H
#define XYL_SHUTDOWN_H

#include <stdbool.h>

#include "xen/xen.h"

/* Ask each to shut down; with wait, wait for each (at most its recorded
 * stop_timeout, default STOP_TIMEOUT_DEFAULT, counted from the moment all
 * were asked), tear down those that stopped and destroy those that did not,
 * saying so.  0, or -1 when any could not be asked or did not go down by
 * itself (one line each). */
int domain_shutdown_all(struct xyl_xen *x, bool wait);

/* xendomains waits 300 s for a guest to shut down; so does apply by default */
#define STOP_TIMEOUT_DEFAULT 300

/* How long a guest gets to stop: the command line's value (option_s > 0)
 * first, then the definition's stop_timeout (defined_s, XYL_UNSET or <= 0
 * when none), then the one recorded when it was created (recorded_s, 0
 * when none), else STOP_TIMEOUT_DEFAULT. */
int stop_timeout_pick(int option_s, long defined_s, long recorded_s);

/* Stop domid cleanly for apply (a recreate, a prune): mark it in xyl's
 * record (its monitor then leaves it alone), ask it to shut down, wait up
 * to timeout_s seconds, then tear it down (TEARDOWN_WAIT: its name is free
 * after).  A guest that cannot be asked (no PV drivers) or does not stop
 * in time is destroyed, and that is said.  0, or -1 after one line. */
int domain_stop(struct xyl_xen *x, uint32_t domid, const char *name, int timeout_s);

#endif

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

#endif

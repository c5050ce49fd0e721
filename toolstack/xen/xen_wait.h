/*
 * xen_wait.h - waiting for a domain to shut down or die, with libxl's event
 * machinery (libxl_evenable_domain_death + libxl_event_wait), not polling.
 */
#ifndef XYL_XEN_WAIT_H
#define XYL_XEN_WAIT_H

#include "xen/xen.h"

/* Returns 0 once the domain has shut down or is gone; prints how. */
int xen_wait_shutdown(struct xyl_xen *x, uint32_t domid, const char *name);

#endif

/*
 * monitor.h - the process that stays with a guest after `xyl create` (or
 * restore, or an incoming migration) and carries out its on_poweroff,
 * on_reboot, on_crash and on_watchdog actions, as xl's per-domain daemon
 * does.  Without it a guest that powers off stays "shutdown" until someone
 * destroys it, and one that reboots never comes back.
 */
#ifndef XYL_MONITOR_H
#define XYL_MONITOR_H

#include <stdint.h>

#include "domain/guest_start.h"
#include "xen/xen.h"

/* Where a monitor logs: /var/log/xen/xyl-NAME.log (xl: xl-NAME.log). */
#define XYL_MONITOR_LOGDIR "/var/log/xen"

/* Fork a detached monitor for domid.  The extras (data keys, xyl disks)
 * are what a restart adds to libxl's stored configuration; both may be
 * NULL.  The caller's ctx stays usable.  Returns 0, or -1 after one line
 * (the guest then runs unmonitored, as with `create -e`). */
int monitor_start(struct xyl_xen *x, uint32_t domid, const char *name,
                  const struct guest_extras *e);

#endif

/*
 * teardown.h - the one way xyl takes a domain down, used by destroy,
 * create and apply (undoing a failed start, destroying for a recreate),
 * the monitor (on_poweroff/on_reboot/on_crash), save, migrate and the
 * undo of restore and migrate-receive:
 *
 *   1. libxl destroys the domain (its devices, backend and frontend nodes,
 *      its xenstore tree);
 *   2. xyl removes its `backend: xyl` disks and NICs (libxl never knew
 *      them: xyl_vbd.c, xyl_vif.c);
 *   3. xyl's record of the guest (meta.h) goes, unless TEARDOWN_KEEP_RECORD.
 *
 * Record order, everywhere: a guest is recorded while it is still paused,
 * right after libxl built it and before xyl's own steps and the unpause
 * (guest_start.c, GUEST_RECORD), so a guest that runs is always one xyl
 * knows; a failed start is torn down here, record and all.
 */
#ifndef XYL_TEARDOWN_H
#define XYL_TEARDOWN_H

#include <stdint.h>

#include "xen/xen.h"

#define TEARDOWN_KEEP_RECORD 0x1   /* the UUID lives on: a monitor restart, a saved or
                                    * migrated guest, a restore's own copy on this host */
#define TEARDOWN_WAIT        0x2   /* until Xen has released it (at most 10 s), so its
                                    * name is free for a new domain */
#define TEARDOWN_GONE_OK     0x4   /* a domain that is already gone is not an error */
#define TEARDOWN_QUIET       0x8   /* no line on failure (the caller says it its way) */

/* Tear domid down (name is for messages).  0, or -1 after one line when
 * libxl could not destroy it; then xyl's devices and record are left. */
int domain_teardown(struct xyl_xen *x, uint32_t domid, const char *name, unsigned flags);

#endif

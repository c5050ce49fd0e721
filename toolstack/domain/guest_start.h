/*
 * guest_start.h - building a domain the way xyl does: libxl creates it
 * paused, then come the parts libxl does not know about (the guest's
 * `xenstore:` data keys, its `backend: xyl` disks), then the unpause.
 * `xyl create` starts guests this way, and so does the monitor when a
 * guest's on_reboot says restart.
 */
#ifndef XYL_GUEST_START_H
#define XYL_GUEST_START_H

#include <stdint.h>

#include "model/guest.h"
#include "devices/xyl_carry.h"
#include "xen/xen.h"

struct guest_extras {
    const struct xyl_kvlist *xenstore;  /* data/ keys to write; may be NULL */
    const struct xyl_guest *g;          /* its backend: xyl disks; may be NULL */
    /* or, when set, the xyl disks and NICs a previous domain of the guest
     * had (a restart: hot-plugged ones too), instead of g's; takeover: that
     * domain's id, whose images blkback hands over (xyl_carry_attach) */
    const struct xyl_carried *carried;
    bool takeover;
    uint32_t takeover_domid;
};

#define GUEST_PAUSED 0x1        /* leave it paused */
#define GUEST_RECORD 0x2        /* record e->g in xyl's metadata (meta.h) first, while
                                 * the domain is paused (create, apply; not a restart) */

/* Create the domain described by dc: libxl builds it paused, then the
 * record (GUEST_RECORD), the extras, the unpause (unless GUEST_PAUSED).
 * On success *domid is set and 0 returned.  On failure one line is
 * printed, everything built is torn down (teardown.h) and -1 returned. */
int guest_start(struct xyl_xen *x, libxl_domain_config *dc,
                const struct guest_extras *e, unsigned flags, uint32_t *domid);

/* The part after libxl created domid paused (xyl apply creates with
 * libxl's asynchronous calls, several at once): record, extras, unpause,
 * as above.  On failure one line, the domain torn down, -1. */
int guest_start_extras(struct xyl_xen *x, const char *name, const struct guest_extras *e,
                       unsigned flags, uint32_t domid);

#endif

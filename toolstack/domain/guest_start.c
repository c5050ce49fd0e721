/*
 * guest_start.c - libxl builds the domain paused; xyl records it, adds its
 * own parts and unpauses.  If any xyl step fails the domain is torn down
 * (teardown.c), so a failed start leaves no domain, xenstore node, backend
 * or record behind.
 */
#include "domain/guest_start.h"
#include "hvm/firmware.h"
#include "domain/meta.h"
#include "domain/teardown.h"
#include "base/interrupt.h"
#include "base/progress.h"
#include "xen/xs_data.h"
#include "devices/xyl_vbd.h"
#include "devices/xyl_vif.h"

#include <stdio.h>

int guest_start(struct xyl_xen *x, libxl_domain_config *dc,
                const struct guest_extras *e, unsigned flags, uint32_t *domid)
{
    const char *name = dc->c_info.name ? dc->c_info.name : "the guest";

    *domid = INVALID_DOMID;
    if (hvm_firmware_ready("/", dc))    /* libxl's own message would not name it */
        return -1;
    if (libxl_domain_create_new(x->ctx, dc, domid, NULL, NULL)) {
        /* libxl has already destroyed whatever it had built */
        fprintf(stderr, "xyl: libxl could not create '%s' (see the messages above)\n", name);
        *domid = INVALID_DOMID;
        return -1;
    }
    xyl_trace("libxl_domain_create_new done (domid %u)", *domid);
    if (guest_start_extras(x, name, e, flags, *domid)) {
        *domid = INVALID_DOMID;
        return -1;
    }
    return 0;
}

int guest_start_extras(struct xyl_xen *x, const char *name, const struct guest_extras *e,
                       unsigned flags, uint32_t domid)
{
    /* the record first: a guest that runs is always one xyl knows
     * (file, sha256, git commit: for xyl plan) */
    if ((flags & GUEST_RECORD) && e->g && meta_record(domid, e->g))
        goto undo;
    xyl_trace("recorded");
    if (e->xenstore && xs_write_guest_data(domid, e->xenstore))
        goto undo;
    if (e->carried) {
        if (xyl_carry_attach(domid, e->carried, e->takeover, e->takeover_domid))
            goto undo;
    } else if (e->g && (xyl_vbd_attach(e->g, domid) ||  /* xyl-blkback; InitWait before unpause */
                        xyl_vif_attach(e->g, domid))) { /* xyl-netback; likewise */
        goto undo;
    }
    xyl_trace("xenstore data and xyl's backends done");
    if (interrupt_check("the half-built domain is not unpaused"))
        goto undo;
    if (!(flags & GUEST_PAUSED) && libxl_domain_unpause(x->ctx, domid, NULL)) {
        fprintf(stderr, "xyl: cannot unpause '%s'\n", name);
        goto undo;
    }
    return 0;
undo:
    fprintf(stderr, "xyl: destroying the half-created domain %u\n", domid);
    domain_teardown(x, domid, name, 0);
    return -1;
}

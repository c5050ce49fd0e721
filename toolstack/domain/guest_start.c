/*
 * guest_start.c - libxl builds the domain paused; xyl adds its own parts
 * and unpauses.  If any xyl step fails the domain is destroyed, so a failed
 * start leaves no domain, xenstore node or backend behind.
 */
#include "domain/guest_start.h"
#include "xen/xs_data.h"
#include "devices/xyl_vbd.h"
#include "devices/xyl_vif.h"

#include <stdio.h>

int guest_start(struct xyl_xen *x, libxl_domain_config *dc,
                const struct guest_extras *e, bool paused, uint32_t *domid)
{
    const char *name = dc->c_info.name ? dc->c_info.name : "the guest";

    *domid = INVALID_DOMID;
    if (libxl_domain_create_new(x->ctx, dc, domid, NULL, NULL)) {
        /* libxl has already destroyed whatever it had built */
        fprintf(stderr, "xyl: libxl could not create '%s' (see the messages above)\n", name);
        *domid = INVALID_DOMID;
        return -1;
    }
    if (guest_start_extras(x, name, e, paused, *domid)) {
        *domid = INVALID_DOMID;
        return -1;
    }
    return 0;
}

int guest_start_extras(struct xyl_xen *x, const char *name, const struct guest_extras *e,
                       bool paused, uint32_t domid)
{
    if (e->xenstore && xs_write_guest_data(domid, e->xenstore))
        goto undo;
    if (e->g && xyl_vbd_attach(e->g, domid))   /* xyl-blkback; InitWait before unpause */
        goto undo;
    if (e->g && xyl_vif_attach(e->g, domid))   /* xyl-netback; likewise */
        goto undo;
    if (!paused && libxl_domain_unpause(x->ctx, domid, NULL)) {
        fprintf(stderr, "xyl: cannot unpause '%s'\n", name);
        goto undo;
    }
    return 0;
undo:
    fprintf(stderr, "xyl: destroying the half-created domain %u\n", domid);
    libxl_domain_destroy(x->ctx, domid, NULL);
    xyl_vbd_remove_all(domid);
    xyl_vif_remove_all(domid);
    return -1;
}

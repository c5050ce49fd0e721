/*
 * xen_wait.c - block on libxl events until the domain shuts down or dies.
 */
#include "xen/xen_wait.h"

#include <stdio.h>

int xen_wait_shutdown(struct xyl_xen *x, uint32_t domid, const char *name)
{
    libxl_evgen_domain_death *deathw = NULL;
    libxl_event *ev = NULL;
    int rc = -1;

    if (libxl_evenable_domain_death(x->ctx, domid, 0, &deathw)) {
        fprintf(stderr, "xyl: cannot watch domain %u for its shutdown\n", domid);
        return -1;
    }
    for (;;) {
        if (libxl_event_wait(x->ctx, &ev, LIBXL_EVENTMASK_ALL, NULL, NULL)) {
            fprintf(stderr, "xyl: waiting for %s failed\n", name);
            break;
        }
        if (ev->type == LIBXL_EVENT_TYPE_DOMAIN_SHUTDOWN) {
            fprintf(stderr, "%s has shut down (reason %s)\n", name,
                    libxl_shutdown_reason_to_string(ev->u.domain_shutdown.shutdown_reason)
                        ? libxl_shutdown_reason_to_string(ev->u.domain_shutdown.shutdown_reason) : "?");
            rc = 0;
        } else if (ev->type == LIBXL_EVENT_TYPE_DOMAIN_DEATH) {
            fprintf(stderr, "%s is gone\n", name);
            rc = 0;
        }
        libxl_event_free(x->ctx, ev);
        ev = NULL;
        if (rc == 0)
            break;
    }
    libxl_evdisable_domain_death(x->ctx, deathw);
    return rc;
}

/*
 * xyl pause NAME|ID, xyl unpause NAME|ID.
 */
#include "cli/command.h"
#include "xen/xen.h"

#include <stdio.h>

static int pause_or_unpause(const struct cmd_args *a, const struct xyl_opts *o, bool pause)
{
    const char *cmd = pause ? "pause" : "unpause";
    struct xyl_xen x;
    uint32_t domid;
    int rc = XYL_EXIT_FAIL;

    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    if (xen_find_domain(&x, a->pos[0], &domid) == 0) {
        if ((pause ? libxl_domain_pause(x.ctx, domid, NULL)
                   : libxl_domain_unpause(x.ctx, domid, NULL)) == 0)
            rc = XYL_EXIT_OK;
        else
            fprintf(stderr, "xyl: could not %s %s\n", cmd, a->pos[0]);
    }
    xen_close(&x);
    return rc;
}

int cmd_pause(const struct cmd_args *a, const struct xyl_opts *o)
{
    return pause_or_unpause(a, o, true);
}

int cmd_unpause(const struct cmd_args *a, const struct xyl_opts *o)
{
    return pause_or_unpause(a, o, false);
}

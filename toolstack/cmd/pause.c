/*
 * xyl pause NAME|ID, xyl unpause NAME|ID.
 */
#include "cli/command.h"
#include "xen/xen.h"

#include <stdio.h>

static int pause_or_unpause(int argc, char **argv, const struct xyl_opts *o, bool pause)
{
    const char *cmd = pause ? "pause" : "unpause";
    struct xyl_xen x;
    uint32_t domid;
    int rc = XYL_EXIT_FAIL;

    if (argc != 2) {
        print_usage(find_command(cmd));
        return XYL_EXIT_USAGE;
    }
    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    if (xen_find_domain(&x, argv[1], &domid) == 0) {
        if ((pause ? libxl_domain_pause(x.ctx, domid, NULL)
                   : libxl_domain_unpause(x.ctx, domid, NULL)) == 0)
            rc = XYL_EXIT_OK;
        else
            fprintf(stderr, "xyl: could not %s %s\n", cmd, argv[1]);
    }
    xen_close(&x);
    return rc;
}

int cmd_pause(int argc, char **argv, const struct xyl_opts *o)
{
    return pause_or_unpause(argc, argv, o, true);
}

int cmd_unpause(int argc, char **argv, const struct xyl_opts *o)
{
    return pause_or_unpause(argc, argv, o, false);
}

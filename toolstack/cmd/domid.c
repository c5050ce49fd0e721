/*
 * xyl domid NAME, xyl domname ID - translate between names and IDs.
 */
#include "cli/command.h"
#include "xen/xen.h"

#include <stdio.h>
#include <stdlib.h>

#include <libxl_utils.h>

int cmd_domid(int argc, char **argv, const struct xyl_opts *o)
{
    struct xyl_xen x;
    uint32_t domid;
    int rc = XYL_EXIT_FAIL;

    if (argc != 2) {
        print_usage(find_command("domid"));
        return XYL_EXIT_USAGE;
    }
    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    if (libxl_name_to_domid(x.ctx, argv[1], &domid) == 0) {
        printf("%u\n", domid);
        rc = XYL_EXIT_OK;
    } else {
        fprintf(stderr, "xyl: no domain named '%s'\n", argv[1]);
    }
    xen_close(&x);
    return rc;
}

int cmd_domname(int argc, char **argv, const struct xyl_opts *o)
{
    struct xyl_xen x;
    uint32_t domid;
    char *name;
    int rc = XYL_EXIT_FAIL;

    if (argc != 2) {
        print_usage(find_command("domname"));
        return XYL_EXIT_USAGE;
    }
    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    if (xen_find_domain(&x, argv[1], &domid) == 0 &&
        (name = libxl_domid_to_name(x.ctx, domid)) != NULL) {
        printf("%s\n", name);
        free(name);
        rc = XYL_EXIT_OK;
    }
    xen_close(&x);
    return rc;
}

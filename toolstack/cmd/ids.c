/*
 * xyl domid NAME, xyl domname ID - translate between names and IDs.
 */
#include "cli/command.h"
#include "xen/xen.h"

#include <stdio.h>
#include <stdlib.h>

#include <libxl_utils.h>

int cmd_domid(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct xyl_xen x;
    uint32_t domid;
    int rc = XYL_EXIT_FAIL;

    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    if (libxl_name_to_domid(x.ctx, a->pos[0], &domid) == 0) {
        printf("%u\n", domid);
        rc = XYL_EXIT_OK;
    } else {
        fprintf(stderr, "xyl: no domain named '%s'\n", a->pos[0]);
    }
    xen_close(&x);
    return rc;
}

int cmd_domname(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct xyl_xen x;
    uint32_t domid;
    char *name;
    int rc = XYL_EXIT_FAIL;

    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    if (xen_find_domain(&x, a->pos[0], &domid) == 0 &&
        (name = libxl_domid_to_name(x.ctx, domid)) != NULL) {
        printf("%s\n", name);
        free(name);
        rc = XYL_EXIT_OK;
    }
    xen_close(&x);
    return rc;
}

/*
 * xyl rename NAME|ID NEW-NAME.
 */
#include "cli/command.h"
#include "model/schema_check.h"
#include "xen/xen.h"

#include <stdio.h>
#include <stdlib.h>

#include <libxl_utils.h>

int cmd_rename(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct xyl_xen x;
    uint32_t domid;
    const char *why;
    char *old;
    int rc = XYL_EXIT_FAIL;

    if ((why = guest_name_problem(a->pos[1])) != NULL) {
        return usage_error(a->cmd, "new name '%s' %s", a->pos[1], why);
    }
    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    if (xen_find_domain(&x, a->pos[0], &domid) == 0) {
        old = libxl_domid_to_name(x.ctx, domid);
        if (domid == 0)
            fprintf(stderr, "xyl: refusing to rename Domain-0\n");
        else if (libxl_domain_rename(x.ctx, domid, old, a->pos[1]))
            fprintf(stderr, "xyl: could not rename %s to %s (is the name taken?)\n", a->pos[0], a->pos[1]);
        else
            rc = XYL_EXIT_OK;
        free(old);
    }
    xen_close(&x);
    return rc;
}

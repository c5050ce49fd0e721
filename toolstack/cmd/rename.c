/*
 * xyl rename NAME|ID NEW-NAME.
 */
#include "cli/command.h"
#include "model/schema_check.h"
#include "xen/xen.h"

#include <stdio.h>
#include <stdlib.h>

#include <libxl_utils.h>

int cmd_rename(int argc, char **argv, const struct xyl_opts *o)
{
    struct xyl_xen x;
    uint32_t domid;
    const char *why;
    char *old;
    int rc = XYL_EXIT_FAIL;

    if (argc != 3) {
        print_usage(find_command("rename"));
        return XYL_EXIT_USAGE;
    }
    if ((why = guest_name_problem(argv[2])) != NULL) {
        fprintf(stderr, "xyl: new name '%s' %s\n", argv[2], why);
        return XYL_EXIT_USAGE;
    }
    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    if (xen_find_domain(&x, argv[1], &domid) == 0) {
        old = libxl_domid_to_name(x.ctx, domid);
        if (domid == 0)
            fprintf(stderr, "xyl: refusing to rename Domain-0\n");
        else if (libxl_domain_rename(x.ctx, domid, old, argv[2]))
            fprintf(stderr, "xyl: could not rename %s to %s (is the name taken?)\n", argv[1], argv[2]);
        else
            rc = XYL_EXIT_OK;
        free(old);
    }
    xen_close(&x);
    return rc;
}

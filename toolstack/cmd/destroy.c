/*
 * xyl destroy NAME|ID - terminate a guest now; libxl removes its devices,
 * backend and frontend xenstore nodes and the domain's xenstore tree;
 * xyl removes those of its `backend: xyl` disks.
 */
#include "../command.h"
#include "../xen.h"
#include "../xyl_vbd.h"

#include <stdio.h>

int cmd_destroy(int argc, char **argv, const struct xyl_opts *o)
{
    struct xyl_xen x;
    uint32_t domid;
    int rc = XYL_EXIT_FAIL;

    if (argc != 2) {
        print_usage(find_command("destroy"));
        return XYL_EXIT_USAGE;
    }
    if (o->dryrun) {
        printf("would destroy %s\n", argv[1]);
        return XYL_EXIT_OK;
    }
    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    if (xen_find_domain(&x, argv[1], &domid) == 0) {
        if (domid == 0)
            fprintf(stderr, "xyl: refusing to destroy Domain-0\n");
        else if (libxl_domain_destroy(x.ctx, domid, NULL))
            fprintf(stderr, "xyl: libxl could not destroy domain %u\n", domid);
        else
            rc = XYL_EXIT_OK;
        if (rc == XYL_EXIT_OK)
            xyl_vbd_remove_all(domid);      /* backend: xyl disks (libxl never knew them) */
    }
    xen_close(&x);
    return rc;
}

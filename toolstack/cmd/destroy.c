/*
 * xyl destroy NAME|ID - terminate a guest now (domain_teardown: libxl
 * removes its devices, backend and frontend xenstore nodes and the
 * domain's xenstore tree; xyl those of its `backend: xyl` disks and
 * networks, and its record).  With --delete-disks the
 * guest's read-write image files are deleted once it is gone (disk_delete.c).
 */
#include "cli/command.h"
#include "images/disk_delete.h"
#include "domain/teardown.h"
#include "xen/xen.h"

#include <stdio.h>
#include <string.h>

int cmd_destroy(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct xyl_xen x;
    uint32_t domid;
    struct image_list del = { 0 };
    bool delete_disks = arg_flag(a, "delete-disks");
    const char *name = a->pos[0];
    int rc = XYL_EXIT_FAIL;

    if (o->dryrun) {
        printf("would destroy %s%s\n", name, delete_disks ? " and delete its image files" : "");
        return XYL_EXIT_OK;
    }
    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    if (xen_find_domain(&x, name, &domid) == 0) {
        if (domid == 0)
            fprintf(stderr, "xyl: refusing to destroy Domain-0\n");
        else if (delete_disks && disk_delete_plan_domain(x.ctx, domid, &del, stdout))
            ;   /* said why; the guest still runs */
        else if (domain_teardown(&x, domid, name, 0) == 0)     /* devices, record too */
            rc = disk_delete_run(&del, stdout) ? XYL_EXIT_FAIL : XYL_EXIT_OK;
    }
    image_list_free(&del);
    xen_close(&x);
    return rc;
}

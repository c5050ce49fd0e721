/*
 * xyl destroy NAME|ID - terminate a guest now; libxl removes its devices,
 * backend and frontend xenstore nodes and the domain's xenstore tree;
 * xyl removes those of its `backend: xyl` disks and networks.  With --delete-disks the
 * guest's read-write image files are deleted once it is gone (disk_delete.c).
 */
#include "cli/command.h"
#include "images/disk_delete.h"
#include "domain/meta.h"
#include "xen/xen.h"
#include "devices/xyl_vbd.h"
#include "devices/xyl_vif.h"

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
        libxl_dominfo info;

        libxl_dominfo_init(&info);
        libxl_domain_info(x.ctx, &info, domid);     /* its UUID, for xyl's record */
        if (domid == 0)
            fprintf(stderr, "xyl: refusing to destroy Domain-0\n");
        else if (delete_disks && disk_delete_plan_domain(x.ctx, domid, &del, stdout))
            ;   /* said why; the guest still runs */
        else if (libxl_domain_destroy(x.ctx, domid, NULL))
            fprintf(stderr, "xyl: libxl could not destroy domain %u\n", domid);
        else
            rc = XYL_EXIT_OK;
        if (rc == XYL_EXIT_OK) {
            xyl_vbd_remove_all(domid);      /* backend: xyl disks (libxl never knew them) */
            xyl_vif_remove_all(domid);      /* and networks */
            meta_remove(&info.uuid);        /* what xyl plan knew of it */
        }
        libxl_dominfo_dispose(&info);
        if (rc == XYL_EXIT_OK && disk_delete_run(&del, stdout))
            rc = XYL_EXIT_FAIL;
    }
    image_list_free(&del);
    xen_close(&x);
    return rc;
}
